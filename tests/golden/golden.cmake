# Generates INPUT into ACTUAL and compares every file with EXPECTED; with UPDATE=ON, copies
# the generated files over the expected ones instead.
file(REMOVE_RECURSE "${ACTUAL}")
execute_process(COMMAND "${RPCFORGE}" generate "${INPUT}" -o "${ACTUAL}" --namespace "${NAMESPACE}"
                RESULT_VARIABLE result ERROR_VARIABLE errors)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "rpcforge generate failed (${result}):\n${errors}")
endif()

file(GLOB generated RELATIVE "${ACTUAL}" "${ACTUAL}/*")
if(UPDATE)
  file(GLOB old "${EXPECTED}/*")
  if(old)
    file(REMOVE ${old})
  endif()
  foreach(name ${generated})
    file(COPY "${ACTUAL}/${name}" DESTINATION "${EXPECTED}")
  endforeach()
  message(STATUS "golden files refreshed in ${EXPECTED}")
  return()
endif()

file(GLOB expected RELATIVE "${EXPECTED}" "${EXPECTED}/*")
if(NOT "${generated}" STREQUAL "${expected}")
  message(FATAL_ERROR "generated files [${generated}] differ from golden files [${expected}]")
endif()
set(differences "")
foreach(name ${generated})
  execute_process(COMMAND diff -u "${EXPECTED}/${name}" "${ACTUAL}/${name}" OUTPUT_VARIABLE diff RESULT_VARIABLE differs)
  if(differs)
    string(APPEND differences "${diff}")
  endif()
endforeach()
if(differences)
  message(FATAL_ERROR "${differences}\nThe generated code differs from tests/golden. If the change is "
                      "intended, refresh the files with `cmake --build <build dir> --target update-golden` "
                      "and review the diff like code.")
endif()
