# Writes a C++ source defining `std::string_view NAME()` that returns the bytes of INPUT.
# Bytes rather than a string literal: -Wpedantic refuses literals longer than C++ promises.
# Usage: cmake -DINPUT=file -DOUTPUT=file.cpp -DNAME=function -DNAMESPACE=ns -P embed_file.cmake
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n    " bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by embed_file.cmake. DO NOT EDIT.
#include <string_view>

namespace ${NAMESPACE} {

namespace {
constexpr unsigned char bytes[] = {
    ${bytes}};
}  // namespace

std::string_view ${NAME}() { return {reinterpret_cast<const char*>(bytes), sizeof bytes}; }

}  // namespace ${NAMESPACE}
")
# Only a changed file triggers recompilation.
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
