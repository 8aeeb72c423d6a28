# Installs the pinned npm packages (package-lock.json) into PREFIX/node_modules, for the
# interop tests' set-up. Skips npm when that exact lock file is installed already, so that
# re-running the tests needs no network.
#
# Usage: cmake -DNODE=... -DNPM=... -DPREFIX=... -P npm_ci.cmake
# PREFIX holds copies of package.json and package-lock.json (CMake puts them there).

foreach(tool NODE NPM)
  if(NOT ${tool})
    message(FATAL_ERROR "interop: ${tool} was not found when CMake configured the build; "
                        "install Node.js and npm (scripts/install-deps.sh does), then re-run cmake")
  endif()
endforeach()

set(lock "${PREFIX}/package-lock.json")
set(stamp "${PREFIX}/node_modules/.rpcforge-installed-lock.json")
if(EXISTS "${stamp}")
  file(SHA256 "${lock}" wanted)
  file(SHA256 "${stamp}" installed)
  if(wanted STREQUAL installed)
    return()
  endif()
endif()

execute_process(
  COMMAND "${NPM}" ci --no-audit --no-fund --prefix "${PREFIX}"
  RESULT_VARIABLE result
  TIMEOUT 100)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "interop: npm ci in ${PREFIX} failed (${result})")
endif()
file(COPY_FILE "${lock}" "${stamp}")
