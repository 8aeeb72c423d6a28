# Header -> generate must give the same files, byte for byte, as header -> OpenRPC -> generate:
# the OpenRPC document carries everything the C++ declarations said.
#
# Usage: cmake -DRPCFORGE=... -DHEADER=... -DINCLUDES="dir;dir" -DWORK=... [-DEXPECT_IN_CLIENT=text] -P round_trip.cmake
# EXPECT_IN_CLIENT: text the client must hold, so that a mark both ways lose cannot pass unseen.

set(flags "")
foreach(dir ${INCLUDES})
  list(APPEND flags "-I${dir}")
endforeach()
file(REMOVE_RECURSE "${WORK}")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE result ERROR_VARIABLE errors)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "failed: ${ARGN}\n${errors}")
  endif()
endfunction()

run("${RPCFORGE}" generate "${HEADER}" -o "${WORK}/from-header" --stem rt --namespace rt -- ${flags})
run("${RPCFORGE}" openrpc "${HEADER}" -o "${WORK}/rt.openrpc.json" -- ${flags})
run("${RPCFORGE}" generate "${WORK}/rt.openrpc.json" -o "${WORK}/from-openrpc" --stem rt --namespace rt)

foreach(file rt_types.hpp rt_server.hpp rt_client.hpp rt.openrpc.json)
  execute_process(COMMAND diff -u "${WORK}/from-header/${file}" "${WORK}/from-openrpc/${file}"
                  RESULT_VARIABLE different OUTPUT_VARIABLE diff)
  if(different)
    message(FATAL_ERROR "${file} differs between header -> generate and header -> OpenRPC -> generate:\n${diff}")
  endif()
endforeach()
if(EXPECT_IN_CLIENT)
  file(READ "${WORK}/from-openrpc/rt_client.hpp" client)
  string(FIND "${client}" "${EXPECT_IN_CLIENT}" found)
  if(found EQUAL -1)
    message(FATAL_ERROR "rt_client.hpp has no '${EXPECT_IN_CLIENT}'")
  endif()
endif()
message(STATUS "round trip: the same four files both ways")
