# add_rpc_service(<target> OPENRPC <file> | HEADER <file> TARGET <owner>
#                 [NAMESPACE <ns>] [OUTPUT_DIR <dir>] [STEM <stem>] [TEMPLATES <dir>])
#
# Generates the typed server skeleton and client stub of a service with `rpcforge generate`,
# as a build step, and makes <target> an INTERFACE library that carries them: link it and
# include "<stem>_server.hpp" / "<stem>_client.hpp" / "<stem>_types.hpp".
#
# The service is an OpenRPC document, or an annotated C++ header (rpcforge/annotations.hpp)
# owned by the target <owner>: the header is read with <owner>'s include directories, compile
# definitions and C++ standard, and <target> links <owner>, since generated code uses the
# user's own interface and types. The files are made again when the input changes (for a
# header: anything it includes, through a depfile), or the templates, or the generator.
#
# <stem> defaults to the input's file name up to its first dot (calculator.openrpc.json ->
# calculator); OUTPUT_DIR to ${CMAKE_CURRENT_BINARY_DIR}/<target>. TEMPLATES names a directory
# of .mustache files replacing the built-in ones (`rpcforge generate --templates`).

function(add_rpc_service target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OPENRPC;HEADER;TARGET;NAMESPACE;OUTPUT_DIR;STEM;TEMPLATES" "")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "add_rpc_service(${target}): unexpected arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if((arg_OPENRPC AND arg_HEADER) OR (NOT arg_OPENRPC AND NOT arg_HEADER))
    message(FATAL_ERROR "add_rpc_service(${target}): give one of OPENRPC <file> or HEADER <file>")
  endif()
  if(arg_HEADER AND NOT TARGET "${arg_TARGET}")
    message(FATAL_ERROR "add_rpc_service(${target}): HEADER needs TARGET <owner>, the target whose compile settings read the header")
  endif()
  if(NOT TARGET rpcforge::rpcforge)
    message(FATAL_ERROR "add_rpc_service(${target}): the rpcforge generator is not available")
  endif()

  set(source "${arg_OPENRPC}${arg_HEADER}")
  get_filename_component(input "${source}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT EXISTS "${input}")
    message(FATAL_ERROR "add_rpc_service(${target}): ${source} does not exist")
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
  set(header_options "")
  set(depfile_option "")
  if(arg_HEADER)
    # The owner's settings, as its own compilation sees them (generator expressions, evaluated
    # at build time, so settings added after this call count too).
    set(owner "${arg_TARGET}")
    # An INTERFACE library keeps its settings in the INTERFACE_ properties only.
    get_target_property(owner_type "${owner}" TYPE)
    set(prefix "")
    if(owner_type STREQUAL "INTERFACE_LIBRARY")
      set(prefix "INTERFACE_")
    endif()
    set(includes "$<TARGET_PROPERTY:${owner},${prefix}INCLUDE_DIRECTORIES>")
    set(definitions "$<TARGET_PROPERTY:${owner},${prefix}COMPILE_DEFINITIONS>")
    set(standard "$<TARGET_PROPERTY:${owner},CXX_STANDARD>")
    set(header_options --depfile "${stamp}.d" --
      "$<$<BOOL:${includes}>:-I$<JOIN:${includes},$<SEMICOLON>-I>>"
      "$<$<BOOL:${definitions}>:-D$<JOIN:${definitions},$<SEMICOLON>-D>>"
      "$<$<BOOL:${standard}>:-std=c++${standard}>")
    set(depfile_option DEPFILE "${stamp}.d")
  endif()
  add_custom_command(
    OUTPUT "${stamp}"
    BYPRODUCTS ${outputs}
    COMMAND rpcforge::rpcforge generate "${input}" -o "${output_dir}" --stem "${stem}" ${options} ${header_options}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS "${input}" ${template_files} rpcforge::rpcforge
    ${depfile_option}
    COMMENT "rpcforge: generating ${stem} from ${source}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  add_custom_target(${target}_generate DEPENDS "${stamp}")

  add_library(${target} INTERFACE)
  add_dependencies(${target} ${target}_generate)
  target_include_directories(${target} INTERFACE "${output_dir}")
  target_link_libraries(${target} INTERFACE rpcforge::runtime)
  if(arg_HEADER)
    # Generated code includes the header as it lies in one of the owner's include directories,
    # or else by its name beside it.
    get_filename_component(header_dir "${input}" DIRECTORY)
    target_include_directories(${target} INTERFACE "${header_dir}")
    target_link_libraries(${target} INTERFACE "${arg_TARGET}")
  endif()
endfunction()

# add_rpc_service_module(<target> <source>...)
#
# Builds a service module: a shared library that rpcforge::ReloadableService loads, and loads
# again when it changes (rpcforge/hot_reload.hpp, docs/hot-reload.md). Its sources export the
# service with RPCFORGE_EXPORT_SERVICE (rpcforge/service_module.hpp); link the generated service
# (add_rpc_service) and whatever else the implementation needs to <target> as usual.
#
# The module carries its own copy of the runtime (a static library), kept private to it:
# only the entry point is exported, so nothing of the module's copy takes the place of the
# host's or the other way round, and a module can be unloaded (nothing of it is "unique" in
# the process: GCC's STB_GNU_UNIQUE symbols would pin a library in memory for good).
function(add_rpc_service_module target)
  if(NOT ARGN)
    message(FATAL_ERROR "add_rpc_service_module(${target}): give its source files")
  endif()
  add_library(${target} MODULE ${ARGN})
  set_target_properties(${target} PROPERTIES
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${target} PRIVATE rpcforge::runtime)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fno-gnu-unique)
  endif()
  target_link_options(${target} PRIVATE "LINKER:--exclude-libs,ALL")
endfunction()
