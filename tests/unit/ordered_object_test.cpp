// rpcforge::json objects keep their members in the order they were added, compare equal in any
// order, find members by hash once large (so a huge object reads in linear time), and still
// convert types whose conversions are written for nlohmann::json.

#include <rpcforge/codec.hpp>
#include <rpcforge/json.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace user_types {

/// Conversions written for nlohmann::json, as most code that uses nlohmann has them.
struct Point {
    int x = 0;
    int y = 0;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Point, x, y)

/// Conversions written for rpcforge::json, which keep the order they write.
struct Pair {
    std::string second;
    std::string first;
};
void to_json(rpcforge::json& out, const Pair& pair) { out = {{"second", pair.second}, {"first", pair.first}}; }
void from_json(const rpcforge::json& in, Pair& pair) {
    pair.second = in.at("second").get<std::string>();
    pair.first = in.at("first").get<std::string>();
}

/// No default constructor: converted by an adl_serializer specialisation written for nlohmann::json.
struct Meters {
    explicit Meters(double value) : value(value) {}
    double value;
};

}  // namespace user_types

namespace nlohmann {
template <>
struct adl_serializer<user_types::Meters> {
    static user_types::Meters from_json(const json& in) { return user_types::Meters(in.at("m").get<double>()); }
    static void to_json(json& out, const user_types::Meters& meters) { out = {{"m", meters.value}}; }
};
}  // namespace nlohmann

namespace rpcforge {
namespace {

std::vector<std::string> names_of(const json& object) {
    std::vector<std::string> names;
    for (const auto& [name, value] : object.items()) names.push_back(name);
    return names;
}

TEST(OrderedObject, MembersKeepTheOrderTheyCameIn) {
    const auto text = R"({"k":1,"o":{"z":1,"a":[{"y":2,"b":3}]},"e":null})";
    EXPECT_EQ(to_wire(decode(text, Limits{})), text);
    EXPECT_EQ(to_wire(json::parse(text)), text);
    json built = json::object();
    built["zeta"] = 1;
    built["alpha"] = 2;
    built.emplace("mid", 3);
    EXPECT_EQ(names_of(built), (std::vector<std::string>{"zeta", "alpha", "mid"}));
    EXPECT_EQ(to_wire(json{{"b", 1}, {"a", 2}}), R"({"b":1,"a":2})");
}

TEST(OrderedObject, ARepeatedNameKeepsItsFirstPlaceAndLastValue) {
    EXPECT_EQ(to_wire(decode(R"({"a":1,"b":2,"a":3})", Limits{})), R"({"a":3,"b":2})");
}

TEST(OrderedObject, EqualityIgnoresOrderAsJsonDoes) {
    const json one = json::parse(R"({"a":1,"b":{"x":[1,2],"y":null}})");
    const json other = json::parse(R"({"b":{"y":null,"x":[1,2]},"a":1})");
    EXPECT_EQ(one, other);
    EXPECT_FALSE(one != other);
    EXPECT_FALSE(one < other);
    EXPECT_FALSE(other < one);
    EXPECT_NE(one, json::parse(R"({"a":1,"b":{"x":[2,1],"y":null}})"));
    EXPECT_NE(one, json::parse(R"({"a":1})"));
    EXPECT_NE(json::parse(R"({"a":1,"c":2})"), json::parse(R"({"a":1,"b":2})"));
    EXPECT_LT(json::parse(R"({"a":1})"), json::parse(R"({"a":2})"));
    EXPECT_LT(json::parse(R"({"b":9,"a":1})"), json::parse(R"({"a":2,"b":0})"));  // compared in name order
}

/// Past MemberIndex::linear_limit members the index answers; across growth, erasure and copies
/// it must find exactly the members there are.
TEST(OrderedObject, LargeObjectsFindEveryMemberThroughTheirIndex) {
    json object = json::object();
    const int count = 5000;
    for (int i = 0; i < count; ++i) object["member" + std::to_string(count - i)] = i;
    ASSERT_EQ(object.size(), static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) ASSERT_EQ(object.at("member" + std::to_string(count - i)), i);
    EXPECT_FALSE(object.contains("member0"));
    EXPECT_EQ(object.count("member1"), 1u);

    EXPECT_EQ(object.erase("member4000"), 1u);
    EXPECT_EQ(object.erase("member4000"), 0u);
    EXPECT_FALSE(object.contains("member4000"));
    EXPECT_EQ(object.at("member3999"), count - 3999);
    EXPECT_EQ(object.at("member4001"), count - 4001);
    object.erase(object.begin(), std::next(object.begin(), static_cast<std::ptrdiff_t>(count - 20)));
    EXPECT_EQ(object.size(), 19u);
    EXPECT_EQ(object.at("member19"), count - 19);
    EXPECT_FALSE(object.contains("member50"));

    const json copy = object;
    json moved = std::move(object);
    for (int i = 1; i < 20; ++i) {
        EXPECT_EQ(copy.at("member" + std::to_string(i)), count - i);
        EXPECT_EQ(moved.at("member" + std::to_string(i)), count - i);
    }
    moved.clear();
    EXPECT_FALSE(moved.contains("member1"));
    moved["again"] = 1;
    EXPECT_EQ(moved.at("again"), 1);
}

TEST(OrderedObject, LargeObjectsCompareByNameToo) {
    json forwards = json::object(), backwards = json::object();
    for (int i = 0; i < 100; ++i) forwards["n" + std::to_string(i)] = i;
    for (int i = 99; i >= 0; --i) backwards["n" + std::to_string(i)] = i;
    EXPECT_EQ(forwards, backwards);
    backwards["n50"] = -1;
    EXPECT_NE(forwards, backwards);
}

/// With nlohmann's ordered_map (a search through every member for each one added) this object
/// takes minutes to read; through the index, well under a second. The test's time limit fails it
/// if reading ever becomes quadratic again.
TEST(OrderedObject, AnObjectOfManyMembersReadsInLinearTime) {
    std::string text = "{";
    const int count = 400000;
    for (int i = 0; i < count; ++i) text += (i == 0 ? "\"" : ",\"") + std::to_string(i) + "\":" + std::to_string(i);
    text += "}";
    const json value = decode(text, Limits{});
    ASSERT_EQ(value.size(), static_cast<std::size_t>(count));
    EXPECT_EQ(value.at("123456"), 123456);
    EXPECT_EQ(value.items().begin().key(), "0");
}

TEST(OrderedObject, TypesWrittenForNlohmannJsonStillConvert) {
    const json point = user_types::Point{3, 4};
    EXPECT_EQ(point, json::parse(R"({"x":3,"y":4})"));
    EXPECT_EQ(point.get<user_types::Point>().y, 4);
    const json points = std::vector<user_types::Point>{{1, 2}, {3, 4}};
    EXPECT_EQ(points.get<std::vector<user_types::Point>>().at(1).x, 3);
    const json pair = user_types::Pair{"b", "a"};
    EXPECT_EQ(to_wire(pair), R"({"second":"b","first":"a"})");
    EXPECT_EQ(pair.get<user_types::Pair>().first, "a");
    const json map = std::map<std::string, int>{{"z", 1}, {"a", 2}};
    EXPECT_EQ(to_wire(map), R"({"a":2,"z":1})");
    const json meters = user_types::Meters(2.5);
    EXPECT_EQ(to_wire(meters), R"({"m":2.5})");
    EXPECT_EQ(meters.get<user_types::Meters>().value, 2.5);
    const nlohmann::json plain = json::parse(R"({"z":1,"a":2})");
    EXPECT_EQ(plain.dump(), R"({"a":2,"z":1})");
    EXPECT_EQ(json(plain), json::parse(R"({"a":2,"z":1})"));
}

TEST(OrderedObject, MemberNamesHashWithSipHash) {
    // The reference vector of SipHash-2-4 (Aumasson and Bernstein): key 00..0f, message 00..0e.
    std::string message;
    for (char byte = 0; byte < 15; ++byte) message.push_back(byte);
    EXPECT_EQ(detail::siphash(message, 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, 2, 4), 0xa129ca6149be45e5ULL);
    EXPECT_EQ(detail::siphash("", 0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, 2, 4), 0x726fdb47dd0e0e31ULL);
    EXPECT_EQ(detail::member_name_hash("name"), detail::member_name_hash("name"));
    EXPECT_NE(detail::member_name_hash("name"), detail::member_name_hash("namf"));
}

}  // namespace
}  // namespace rpcforge
