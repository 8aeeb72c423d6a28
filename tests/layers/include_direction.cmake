# Checks that the runtime's layers (docs/architecture.md, "The runtime: layers, bottom up")
# include one another downwards only: a file in a folder of runtime/src may include a header of
# its own folder or of a lower level, never one of its level or above. Run with -DSOURCE_DIR=the
# repository. A private header's level is its folder's; a public one's (rpcforge/X.hpp) is that
# of the folder holding X.cpp, so that transport/ cannot include <rpcforge/server.hpp> either;
# public headers without an X.cpp (connection.hpp, http.hpp, ...) are types every layer may use.

# Bottom up; folders on one level (separated by spaces) are siblings and do not include one another.
set(levels
  "codec"
  "protocol"
  "dispatch"
  "peer"
  "subscription"                          # typed subscriptions: sinks, streams, their routes
  "auth"                                  # connection gates, used by the transports
  "transport"                             # what every transport shares: endpoint URIs
  "transport/stream transport/memory"
  "transport/tls transport/stdio"
  "transport/http"
  "transport/websocket"
  "transport/socket"                      # listening, adopting, connecting; picks by endpoint kind
  "server"
  "client"                                # a Client may be made on a Server's in-memory connection
  "observe process reload"
  "standard")

# Headers included below their folder's level, each with its reason; keep this list short.
# The counters behind Metrics are counted in where things happen (peer/, server/); the header
# includes only the public metrics.hpp, so it drags nothing of observe/ down with it.
set(lowered_headers "observe/metric_counters.hpp=dispatch")

set(src "${SOURCE_DIR}/runtime/src")
set(index 0)
foreach(level IN LISTS levels)
  string(REPLACE " " ";" level "${level}")
  foreach(folder IN LISTS level)
    set(level_of_${folder} ${index})
  endforeach()
  math(EXPR index "${index} + 1")
endforeach()

file(GLOB_RECURSE files RELATIVE "${src}" "${src}/*.cpp" "${src}/*.hpp")
set(problems "")

# Each file's folder, and the folder each public header belongs to (the one holding its .cpp).
foreach(file IN LISTS files)
  get_filename_component(folder "${file}" DIRECTORY)
  get_filename_component(name "${file}" NAME)
  if(folder STREQUAL "")
    string(APPEND problems "  ${file}: at the top of runtime/src; it belongs in its layer's folder\n")
    continue()
  elseif(NOT DEFINED level_of_${folder})
    string(APPEND problems "  ${file}: folder ${folder} has no level here (nor, surely, in docs/architecture.md)\n")
    continue()
  endif()
  set(folder_of_${file} "${folder}")
  if(name MATCHES "^(.*)\\.cpp$")
    set(owner_of_rpcforge/${CMAKE_MATCH_1}.hpp "${folder}")
  endif()
endforeach()

foreach(file IN LISTS files)
  if(NOT DEFINED folder_of_${file})
    continue()
  endif()
  set(folder "${folder_of_${file}}")
  set(level ${level_of_${folder}})
  file(STRINGS "${src}/${file}" includes REGEX "^#include [<\"]")
  foreach(line IN LISTS includes)
    if(line MATCHES "^#include <(rpcforge/[^>]+)>")
      set(header "${CMAKE_MATCH_1}")
      if(NOT DEFINED owner_of_${header})
        continue()
      endif()
      set(target_folder "${owner_of_${header}}")
    elseif(line MATCHES "^#include \"([^\"]+)\"")
      set(header "${CMAKE_MATCH_1}")
      get_filename_component(target_folder "${header}" DIRECTORY)
      if(target_folder STREQUAL "")
        continue()  # beside the file itself
      endif()
    else()
      continue()
    endif()
    if(target_folder STREQUAL folder)
      continue()
    endif()
    set(target_level ${level_of_${target_folder}})
    foreach(entry IN LISTS lowered_headers)
      string(REPLACE "=" ";" entry "${entry}")
      list(GET entry 0 lowered)
      if(lowered STREQUAL header)
        list(GET entry 1 lowered_to)
        set(target_level ${level_of_${lowered_to}})
      endif()
    endforeach()
    if(target_level STREQUAL "")
      string(APPEND problems "  ${file}: includes ${header}, from a folder with no level\n")
    elseif(NOT target_level LESS level)
      string(APPEND problems "  ${file} (${folder}): includes ${header} (${target_folder}), not a lower layer\n")
    endif()
  endforeach()
endforeach()

if(problems)
  message(FATAL_ERROR "runtime/src includes that do not point down the layers:\n${problems}")
endif()
list(LENGTH files count)
message(STATUS "${count} files of runtime/src include downwards only")
