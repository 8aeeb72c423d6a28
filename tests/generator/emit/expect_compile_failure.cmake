# Compiles SOURCE twice with COMPILER: as it is (must succeed), then with WRONG_CALL_${CASE}
# defined (must fail, with an error on the line marked WRONG CALL).
# INCLUDES: include directories separated by '|'.

string(REPLACE "|" ";" include_dirs "${INCLUDES}")
set(flags -std=c++20 -fsyntax-only -Wall -Wextra -Wpedantic -Werror)
foreach(dir IN LISTS include_dirs)
  list(APPEND flags "-I${dir}")
endforeach()

execute_process(COMMAND "${COMPILER}" ${flags} "${SOURCE}" RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "the correct calls do not compile, so the test proves nothing:\n${errors}")
endif()

execute_process(COMMAND "${COMPILER}" ${flags} "-DWRONG_CALL_${CASE}" "${SOURCE}"
                RESULT_VARIABLE result ERROR_VARIABLE errors)
if(result EQUAL 0)
  message(FATAL_ERROR "the wrong call (${CASE}) compiled")
endif()

file(STRINGS "${SOURCE}" lines)
set(line_number 0)
set(wrong_lines "")
foreach(line IN LISTS lines)
  math(EXPR line_number "${line_number} + 1")
  if(line MATCHES "// WRONG CALL")
    list(APPEND wrong_lines ${line_number})
  endif()
endforeach()
set(found FALSE)
foreach(number IN LISTS wrong_lines)
  if(errors MATCHES "wrong_call\\.cpp:${number}:[0-9]+: error")
    set(found TRUE)
  endif()
endforeach()
if(NOT found)
  message(FATAL_ERROR "the wrong call (${CASE}) failed, but not on its own line:\n${errors}")
endif()
message(STATUS "the wrong call (${CASE}) does not compile, as it should")
