#include <rpcforge/convert.hpp>

#include <gtest/gtest.h>

namespace rpcforge {
namespace {

std::string failure(const std::function<void()>& convert_something) {
    try {
        convert_something();
    } catch (const ConversionError& e) {
        return e.what();
    }
    return "no error";
}

TEST(Convert, IntegersAreRangeChecked) {
    EXPECT_EQ(convert<std::int32_t>(json(-2147483648LL), "n"), -2147483648);
    EXPECT_EQ(failure([] { convert<std::int32_t>(json(2147483648LL), "n"); }),
              "'n' is out of range: 2147483648 is not in [-2147483648, 2147483647]");
    EXPECT_EQ(convert<std::uint64_t>(json(18446744073709551615ULL), "n"), 18446744073709551615ULL);
    EXPECT_EQ(failure([] { convert<std::uint32_t>(json(-1), "n"); }),
              "'n' is out of range: -1 is not in [0, 4294967295]");
    EXPECT_EQ(failure([] { convert<std::int64_t>(json(18446744073709551615ULL), "n"); }),
              "'n' is out of range: 18446744073709551615 is not in [-9223372036854775808, 9223372036854775807]");
}

TEST(Convert, FloatsAreNotTruncatedToIntegers) {
    EXPECT_EQ(failure([] { convert<int>(json(3.5), "n"); }), "'n' must be an integer, got a number");
}

TEST(Convert, NamesWhatWasExpectedAndWhatCame) {
    EXPECT_EQ(failure([] { convert<std::string>(json(1), "name"); }), "'name' must be a string, got an integer");
    EXPECT_EQ(failure([] { convert<bool>(json("yes"), "flag"); }), "'flag' must be a boolean, got a string");
    EXPECT_EQ(failure([] { convert<double>(json(nullptr), "x"); }), "'x' must be a number, got null");
}

TEST(Convert, ContainersNameTheElement) {
    EXPECT_EQ(convert<std::vector<int>>(json::array({1, 2}), "v"), (std::vector<int>{1, 2}));
    EXPECT_EQ(failure([] { convert<std::vector<int>>(json::parse(R"([1, 2, "x"])"), "values"); }),
              "'values[2]' must be an integer, got a string");
    EXPECT_EQ(failure([] { convert<std::map<std::string, double>>(json::parse(R"({"a": 1, "b": []})"), "m"); }),
              "'m.b' must be a number, got an array");
}

// Places inside containers are spelled out only for an error (detail::convert_at); they must
// read as if made all along, at any depth and with an empty outer place.
TEST(Convert, NestedContainersNameTheWholePlace) {
    using Nested = std::map<std::string, std::vector<std::optional<std::vector<int>>>>;
    const auto bad = json::parse(R"({"a": [[1], null], "b": [null, [2, 3, "x"]]})");
    EXPECT_EQ(failure([&] { convert<Nested>(bad, "m"); }), "'m.b[1][2]' must be an integer, got a string");
    EXPECT_EQ(failure([&] { convert<Nested>(bad, ""); }), "'.b[1][2]' must be an integer, got a string");
    EXPECT_EQ(failure([] { convert<std::vector<std::vector<int>>>(json::parse("[[], 4]"), "v"); }),
              "'v[1]' must be an array, got an integer");
    try {
        convert<std::vector<std::string>>(json::parse(R"(["a", 1])"), "names");
        ADD_FAILURE() << "converted";
    } catch (const ConversionError& e) {
        EXPECT_EQ(e.where(), "names[1]");
        EXPECT_EQ(e.problem(), "must be a string, got an integer");
    }
}

TEST(Convert, OptionalAcceptsNull) {
    EXPECT_EQ(convert<std::optional<int>>(json(nullptr), "o"), std::nullopt);
    EXPECT_EQ(convert<std::optional<int>>(json(4), "o"), 4);
}

TEST(Convert, NumbersAcceptIntegers) { EXPECT_EQ(convert<double>(json(3), "x"), 3.0); }

}  // namespace
}  // namespace rpcforge
