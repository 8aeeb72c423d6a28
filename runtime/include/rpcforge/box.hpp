#pragma once
/// Box<T>: an optional value on the heap, for generated types that contain themselves.

#include <rpcforge/convert.hpp>
#include <rpcforge/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace rpcforge {

/// A std::optional<T> that keeps its value on the heap, so that T may still be incomplete where
/// Box<T> is declared: generated types hold a Box where they contain themselves by value (a
/// tree's optional parent, an expression variant's operator node). Copies are deep.
template <class T>
class Box {
public:
    Box() = default;
    Box(std::nullopt_t) noexcept {}
    Box(T value) : value_(std::make_unique<T>(std::move(value))) {}
    Box(const Box& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
    Box(Box&&) noexcept = default;
    Box& operator=(const Box& other) {
        if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
        return *this;
    }
    Box& operator=(Box&&) noexcept = default;
    ~Box() = default;

    bool has_value() const noexcept { return value_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }
    T& operator*() { return *value_; }
    const T& operator*() const { return *value_; }
    T* operator->() { return value_.get(); }
    const T* operator->() const { return value_.get(); }
    /// Throws std::bad_optional_access when empty.
    T& value() { return has_value() ? *value_ : throw std::bad_optional_access(); }
    const T& value() const { return has_value() ? *value_ : throw std::bad_optional_access(); }
    void reset() noexcept { value_.reset(); }

    friend bool operator==(const Box& a, const Box& b) { return a && b ? *a == *b : a.has_value() == b.has_value(); }

private:
    std::unique_ptr<T> value_;
};

template <class T>
struct Encoder<Box<T>> {
    static json to(const Box<T>& value) { return value ? to_json_value(*value) : json(nullptr); }
};

namespace detail {
template <class T>
inline constexpr bool places_as_suffix<Box<T>> = places_as_suffix<T>;
}  // namespace detail

template <class T>
struct Converter<Box<T>> {
    static Box<T> from(const json& value, const std::string& where) {
        if (value.is_null()) return Box<T>();
        return Box<T>(convert<T>(value, where));
    }
};

}  // namespace rpcforge
