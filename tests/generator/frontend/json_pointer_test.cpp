#include "frontend/openrpc/json_pointer.hpp"

#include <gtest/gtest.h>

namespace rpcforge::frontend::openrpc {
namespace {

TEST(JsonPointer, AppendsEscapedTokensAndIndices) {
    EXPECT_EQ(pointer_append("", "methods"), "/methods");
    EXPECT_EQ(pointer_append("/methods", 2), "/methods/2");
    EXPECT_EQ(pointer_append("/paths", "a/b~c"), "/paths/a~1b~0c");
    EXPECT_EQ(pointer_append("/x", ""), "/x/");
}

TEST(JsonPointer, SplitsIntoUnescapedTokens) {
    EXPECT_EQ(pointer_tokens(""), std::vector<std::string>{});
    EXPECT_EQ(pointer_tokens("/a~1b/~0c/"), (std::vector<std::string>{"a/b", "~c", ""}));
    EXPECT_EQ(pointer_tokens("a"), std::nullopt);
    EXPECT_EQ(pointer_tokens("/a~2"), std::nullopt);
    EXPECT_EQ(pointer_tokens("/a~"), std::nullopt);
}

TEST(JsonPointer, LocalReferencesArePercentDecodedFragments) {
    EXPECT_EQ(local_ref_pointer("#/components/schemas/User"), "/components/schemas/User");
    EXPECT_EQ(local_ref_pointer("#/components/schemas/Big%20Deal"), "/components/schemas/Big Deal");
    EXPECT_EQ(local_ref_pointer("#"), "");
    EXPECT_EQ(local_ref_pointer("other.json#/a"), std::nullopt);
    EXPECT_EQ(local_ref_pointer("#/a%2"), std::nullopt);
    EXPECT_EQ(local_ref_pointer("#/a%zz"), std::nullopt);
    EXPECT_EQ(local_ref_pointer("#a"), std::nullopt);
}

}  // namespace
}  // namespace rpcforge::frontend::openrpc
