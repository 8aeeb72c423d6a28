#pragma once
// A service that uses every kind of type the C++ frontend maps, for the round-trip and
// meta-schema tests: header -> generate must equal header -> OpenRPC -> generate.

#include <rpcforge/annotations.hpp>
#include <rpcforge/reply.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace everything {

/// A colour.
enum class Colour { red, green, blue };

/// A point on a plane.
struct Point {
    double x;
    double y;
};

/// A tree of labels.
struct Tree {
    std::string label;
    std::vector<Tree> children;
};

/// Every field kind.
struct Sample {
    bool flag;
    std::int8_t tiny;
    std::int16_t small;
    int normal;
    long long big;
    std::uint16_t unsigned_small;
    std::uint64_t unsigned_big;
    float single;
    double precise;
    std::string text;
    Colour colour;
    std::vector<Point> points;
    std::map<std::string, Colour> palette;
    /// May be absent.
    std::optional<std::string> note;
    nlohmann::json anything;
    struct Inner {
        std::int32_t depth;
    };
    Inner inner;
    Tree tree;
};

using Shape = std::variant<Point, std::string>;
using Id = std::int64_t;

/// Everything at once.
class RPCFORGE_SERVICE RPCFORGE_VERSION("3.2.1") Everything {
public:
    virtual ~Everything() = default;

    /// Echoes a sample.
    RPCFORGE_METHOD virtual Sample echo(const Sample& sample) = 0;
    RPCFORGE_METHOD RPCFORGE_NAME("shape.area") RPCFORGE_IDEMPOTENT virtual double area(Shape shape) = 0;
    RPCFORGE_METHOD RPCFORGE_ALIAS("find") RPCFORGE_ROLE("reader") virtual std::optional<Point> lookup(Id id, std::optional<Colour> colour,
                                                                            RPCFORGE_DOC("at most") std::int32_t limit = 5,
                                                                            std::string label = "none") = 0;
    RPCFORGE_METHOD virtual std::variant<std::int64_t, std::string> either(bool number) = 0;
    RPCFORGE_NOTIFICATION virtual void ping(Colour colour = Colour::green) = 0;
    /// Answers later, through the reply.
    RPCFORGE_METHOD virtual void later(Id id, rpcforge::Reply<std::optional<Point>> reply) = 0;
};

/// What the server pushes to its clients.
class RPCFORGE_CALLBACKS Events {
public:
    virtual ~Events() = default;

    /// A point was found.
    RPCFORGE_NOTIFICATION virtual void found(const Point& point, std::optional<Colour> colour) = 0;
    RPCFORGE_NOTIFICATION RPCFORGE_NAME("tree.grown") virtual void grown(Tree tree) = 0;
};

}  // namespace everything
