# add_rpc_service(<target> OPENRPC <file> [NAMESPACE <ns>] [OUTPUT_DIR <dir>] [STEM <stem>]
#                 [TEMPLATES <dir>])
#
# Generates the typed server skeleton and client stub of a service with `rpcforge generate`,
# as a build step, and makes <target> an INTERFACE library that carries them: link it and
# include "<stem>_server.hpp" / "<stem>_client.hpp" / "<stem>_types.hpp". The files are made
# again when the input or the generator (whose binary holds the templates) changes.
#
# <stem> defaults to the input's file name up to its first dot (calculator.openrpc.json ->
# calculator); OUTPUT_DIR to ${CMAKE_CURRENT_BINARY_DIR}/<target>. TEMPLATES names a directory
# of .mustache files replacing the built-in ones (`rpcforge generate --templates`); an edit of
# any of them regenerates.

function(add_rpc_service target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OPENRPC;NAMESPACE;OUTPUT_DIR;STEM;TEMPLATES" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_rpc_service(${target}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT arg_OPENRPC)
    message(FATAL_ERROR "add_rpc_service(${target}): OPENRPC <file> is required")
  endif()
  if(NOT TARGET rpcforge::rpcforge)
    message(FATAL_ERROR "add_rpc_service(${target}): the rpcforge generator is not available")
  endif()

  get_filename_component(input "${arg_OPENRPC}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${input}")
    message(FATAL_ERROR "add_rpc_service(${target}): ${arg_OPENRPC} does not exist")
  endif()
  set(stem "${arg_STEM}")
  if(NOT stem)
    get_filename_component(stem "${input}" NAME)
    string(REGEX REPLACE "\\..*$" "" stem "${stem}")
  endif()
  set(output_dir "${arg_OUTPUT_DIR}")
  if(NOT output_dir)
    set(output_dir "${CMAKE_CURRENT_BINARY_DIR}/${target}")
  endif()

  set(outputs
    "${output_dir}/${stem}_types.hpp"
    "${output_dir}/${stem}_server.hpp"
    "${output_dir}/${stem}_client.hpp"
    "${output_dir}/${stem}.openrpc.json")
  set(options "")
  if(arg_NAMESPACE)
    list(APPEND options --namespace "${arg_NAMESPACE}")
  endif()
  set(template_files "")
  if(arg_TEMPLATES)
    get_filename_component(templates "${arg_TEMPLATES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    if(NOT IS_DIRECTORY "${templates}")
      message(FATAL_ERROR "add_rpc_service(${target}): TEMPLATES ${arg_TEMPLATES} is not a directory")
    endif()
    list(APPEND options --templates "${templates}")
    # CONFIGURE_DEPENDS: a template added to the directory is seen at the next build.
    file(GLOB template_files CONFIGURE_DEPENDS "${templates}/*.mustache")
  endif()

  # The generator rewrites only the files whose content changed, so that code including an
  # unchanged header is not recompiled; the stamp records that the step ran.
  set(stamp "${output_dir}/${stem}.stamp")
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS ${outputs}
    COMMAND rpcforge::rpcforge generate "${input}" -o "${output_dir}" --stem "${stem}" ${options}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS "${input}" ${template_files} rpcforge::rpcforge
    COMMENT "rpcforge: generating ${stem} from ${arg_OPENRPC}"
    VERBATIM)
  add_custom_target(${target}_generate DEPENDS "${stamp}")

  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} INTERFACE "${output_dir}")
  target_link_libraries(${target} INTERFACE rpcforge::runtime)
endfunction()
