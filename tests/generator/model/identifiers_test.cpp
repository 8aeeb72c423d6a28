#include "model/identifiers.hpp"

#include <gtest/gtest.h>

namespace rpcforge::model {
namespace {

TEST(Identifiers, Keywords) {
    for (const char* word : {"class", "co_await", "char8_t", "requires", "xor_eq", "alignas", "while", "wchar_t"}) {
        EXPECT_TRUE(is_cpp_keyword(word)) << word;
    }
    for (const char* word : {"Class", "override_", "klass", "std", "string"})
        EXPECT_FALSE(is_cpp_keyword(word)) << word;
}

TEST(Identifiers, ReservedNames) {
    for (const char* word : {"__x", "a__b", "_X", "errno", "assert", "NULL", "EOF", "unix", "final", "import"}) {
        EXPECT_TRUE(is_reserved_name(word)) << word;
    }
    for (const char* word : {"_x", "x_", "_1", "Errno", "null"}) EXPECT_FALSE(is_reserved_name(word)) << word;
}

TEST(Identifiers, UsableIdentifiers) {
    for (const char* word : {"add", "_", "_1", "getUser", "x9", "class_"})
        EXPECT_TRUE(is_usable_identifier(word)) << word;
    for (const char* word : {"", "1a", "a.b", "a-b", "héllo", "class", "__init", "a b"}) {
        EXPECT_FALSE(is_usable_identifier(word)) << word;
    }
}

}  // namespace
}  // namespace rpcforge::model
