#pragma once
// The object type under rpcforge::json. JSON objects are unordered, but people read them: an
// echo should answer members in the order they came, and a generated struct should write its
// fields in the order it declares them. nlohmann's own ordered_map keeps the order but finds a
// member by walking all of them, which makes reading an object of n members cost n*n/2 string
// compares: a message of a few megabytes would take minutes. OrderedObject keeps the members
// in a vector in the order they were added, and past a few members finds them through an index
// of their positions, hashed with a key drawn once per process, so that nobody can choose names
// that collide. Equality stays JSON's: two objects with the same members are equal in any order.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace rpcforge::detail {

/// SipHash with `compression_rounds` and `finalization_rounds` (SipHash-1-3 for member names;
/// 2-4 is the reference that the tests check against the published vectors).
std::uint64_t siphash(std::string_view bytes, std::uint64_t key0, std::uint64_t key1, int compression_rounds,
                      int finalization_rounds) noexcept;

/// SipHash-1-3 of a member name under this process's random key.
std::uint64_t member_name_hash(std::string_view name) noexcept;

/// Where each member of a large object is: open addressing over positions (plus one; zero is an
/// empty slot), at most half full. It holds no names, only positions, so the members may move
/// in memory (the vector grows) without it noticing.
class MemberIndex {
public:
    /// Objects up to this size are searched member by member, which is faster than hashing.
    static constexpr std::size_t linear_limit = 16;

    /// The position of `name` among the first `count` members, or `count` when absent.
    /// `name_at(position)` gives a member's name.
    template <class NameAt>
    std::size_t find(std::string_view name, std::size_t count, const NameAt& name_at) const {
        if (count <= linear_limit) {
            for (std::size_t position = 0; position < count; ++position)
                if (name_at(position) == name) return position;
            return count;
        }
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = member_name_hash(name) & mask; slots_[slot] != 0; slot = (slot + 1) & mask)
            if (name_at(slots_[slot] - 1) == name) return slots_[slot] - 1;
        return count;
    }

    /// The member at `count - 1` was just appended (its name is not among the others).
    template <class NameAt>
    void appended(std::size_t count, const NameAt& name_at) {
        if (count <= linear_limit) return;
        if (count * 2 > slots_.size()) return rebuild(count, name_at);
        place(count - 1, name_at(count - 1));
    }

    /// Forgets everything and indexes the first `count` members again (after a removal, or for
    /// members that arrived all at once). Of two members with one name, the first is found.
    template <class NameAt>
    void rebuild(std::size_t count, const NameAt& name_at) {
        slots_.clear();
        if (count <= linear_limit) return;
        std::size_t size = 64;
        while (size < count * 4) size *= 2;  // room to grow to twice the members before the next rebuild
        slots_.assign(size, 0);
        for (std::size_t position = 0; position < count; ++position)
            if (find(name_at(position), position, name_at) == position) place(position, name_at(position));
    }

private:
    void place(std::size_t position, std::string_view name) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t slot = member_name_hash(name) & mask;
        while (slots_[slot] != 0) slot = (slot + 1) & mask;
        slots_[slot] = position + 1;
    }

    std::vector<std::size_t> slots_;
};

/// A map from names to values that keeps its members in the order they were added: the
/// interface nlohmann's basic_json asks of its object type (the one nlohmann::ordered_map has).
template <class Key, class T, class IgnoredLess = std::less<Key>,
          class Allocator = std::allocator<std::pair<const Key, T>>>
class OrderedObject : public std::vector<std::pair<const Key, T>, Allocator> {
public:
    using Container = std::vector<std::pair<const Key, T>, Allocator>;
    using key_type = Key;
    using mapped_type = T;
    using value_type = typename Container::value_type;
    using size_type = typename Container::size_type;
    using iterator = typename Container::iterator;
    using const_iterator = typename Container::const_iterator;
    using key_compare = std::equal_to<>;  // transparent: names may be looked up as string_views

    OrderedObject() noexcept(noexcept(Container())) = default;
    explicit OrderedObject(const Allocator& allocator) : Container(allocator) {}
    template <class InputIterator>
    OrderedObject(InputIterator first, InputIterator last, const Allocator& allocator = Allocator())
        : Container(first, last, allocator) {
        reindex();
    }
    OrderedObject(std::initializer_list<value_type> members, const Allocator& allocator = Allocator())
        : Container(members, allocator) {
        reindex();
    }

    /// Adds a member at the end, unless one has that name already (then that one is returned).
    template <class Name, class Value, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    std::pair<iterator, bool> emplace(Name&& name, Value&& value) {
        const std::size_t position = position_of(name);
        if (position != this->size()) return {this->begin() + static_cast<std::ptrdiff_t>(position), false};
        // Room for four at once: most objects of a message are that small (an envelope, params),
        // and growing through 1, 2 and 4 costs three allocations and two moves of every member.
        if (this->capacity() == 0) Container::reserve(4);
        Container::emplace_back(std::forward<Name>(name), std::forward<Value>(value));
        index_.appended(this->size(), name_at());
        return {std::prev(this->end()), true};
    }

    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    T& operator[](Name&& name) {
        return emplace(std::forward<Name>(name), T{}).first->second;
    }
    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    const T& operator[](const Name& name) const {
        return at(name);
    }

    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    T& at(const Name& name) {
        const auto member = find(name);
        if (member == this->end()) throw std::out_of_range("key not found");
        return member->second;
    }
    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    const T& at(const Name& name) const {
        const auto member = find(name);
        if (member == this->end()) throw std::out_of_range("key not found");
        return member->second;
    }

    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    iterator find(const Name& name) {
        return this->begin() + static_cast<std::ptrdiff_t>(position_of(name));
    }
    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    const_iterator find(const Name& name) const {
        return this->begin() + static_cast<std::ptrdiff_t>(position_of(name));
    }

    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    size_type count(const Name& name) const {
        return position_of(name) != this->size() ? 1 : 0;
    }

    template <class Name, std::enable_if_t<std::is_convertible_v<const Name&, std::string_view>, int> = 0>
    size_type erase(const Name& name) {
        const auto member = find(name);
        if (member == this->end()) return 0;
        erase(member);
        return 1;
    }
    iterator erase(iterator position) { return erase(position, std::next(position)); }
    iterator erase(iterator first, iterator last) {
        if (first == last) return first;
        const auto offset = std::distance(this->begin(), first);
        const auto removed = std::distance(first, last);
        // Names are const, so the members after the gap are rebuilt in place, not assigned.
        for (auto at = first; std::next(at, removed) != this->end(); ++at) {
            at->~value_type();
            new (&*at) value_type{std::move(*std::next(at, removed))};
        }
        Container::resize(this->size() - static_cast<size_type>(removed));
        reindex();
        return this->begin() + offset;
    }

    std::pair<iterator, bool> insert(value_type&& member) { return emplace(member.first, std::move(member.second)); }
    std::pair<iterator, bool> insert(const value_type& member) { return emplace(member.first, member.second); }
    template <class InputIterator,
              class = std::enable_if_t<std::is_convertible_v<
                  typename std::iterator_traits<InputIterator>::iterator_category, std::input_iterator_tag>>>
    void insert(InputIterator first, InputIterator last) {
        for (; first != last; ++first) insert(*first);
    }

    void clear() noexcept {
        Container::clear();
        index_ = MemberIndex();
    }

    /// JSON's equality: the same names with equal values, in any order.
    friend bool operator==(const OrderedObject& left, const OrderedObject& right) noexcept {
        if (left.size() != right.size()) return false;
        for (const auto& [name, value] : left) {
            const auto other = right.find(name);
            if (other == right.end() || !(other->second == value)) return false;
        }
        return true;
    }

    /// An order consistent with that equality: both objects' members compared in name order.
    friend std::partial_ordering operator<=>(const OrderedObject& left, const OrderedObject& right) noexcept {
        const auto left_members = by_name(left), right_members = by_name(right);
        for (std::size_t i = 0; i < left_members.size() && i < right_members.size(); ++i) {
            if (const auto names = left_members[i]->first <=> right_members[i]->first; names != 0) return names;
            if (const auto values = left_members[i]->second <=> right_members[i]->second; values != 0) return values;
        }
        return left_members.size() <=> right_members.size();
    }

private:
    static std::vector<const value_type*> by_name(const OrderedObject& object) {
        std::vector<const value_type*> members;
        members.reserve(object.size());
        for (const auto& member : object) members.push_back(&member);
        std::sort(members.begin(), members.end(), [](auto* a, auto* b) { return a->first < b->first; });
        return members;
    }

    auto name_at() const {
        return [this](std::size_t position) { return std::string_view(Container::operator[](position).first); };
    }
    template <class Name>
    std::size_t position_of(const Name& name) const {
        return index_.find(std::string_view(name), this->size(), name_at());
    }
    void reindex() { index_.rebuild(this->size(), name_at()); }

    MemberIndex index_;
};

}  // namespace rpcforge::detail
