#include "emit/view_data.hpp"

#include <boost/describe/members.hpp>
#include <boost/mp11/algorithm.hpp>

#include <type_traits>

namespace rpcforge::emit {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;
using view::DefinitionView;
using view::UserTypeView;

// Declared first, so that each can hold any of the others.
data value_data(const std::string& text);
data value_data(bool flag);
template <class Item>
data value_data(const std::vector<Item>& items);
template <class... Alternatives>
data value_data(const std::variant<Alternatives...>& value);
data value_data(const DefinitionView& definition);
data value_data(const UserTypeView& user_type);
template <class View>
    requires boost::describe::has_describe_members<View>::value
data value_data(const View& view);

data value_data(const std::string& text) { return data(text); }

data value_data(bool flag) { return data(flag ? data::type::bool_true : data::type::bool_false); }

template <class Item>
data value_data(const std::vector<Item>& items) {
    list out;
    for (const auto& item : items) out.push_back(value_data(item));
    return out;
}

/// A variant is its alternative: the alternatives carry the flags that tell them apart.
template <class... Alternatives>
data value_data(const std::variant<Alternatives...>& value) {
    return std::visit([](const auto& alternative) { return value_data(alternative); }, value);
}
data value_data(const DefinitionView& definition) { return value_data(definition.type); }
data value_data(const UserTypeView& user_type) { return value_data(user_type.type); }

/// A described view struct: each data member under its name, and each described flag (a const
/// member function) under its name.
template <class View>
    requires boost::describe::has_describe_members<View>::value
data value_data(const View& view) {
    namespace describe = boost::describe;
    data out;
    boost::mp11::mp_for_each<describe::describe_members<View, describe::mod_public>>(
        [&](auto member) { out.set(member.name, value_data(view.*member.pointer)); });
    boost::mp11::mp_for_each<describe::describe_members<View, describe::mod_public | describe::mod_function>>(
        [&](auto flag) { out.set(flag.name, value_data((view.*flag.pointer)())); });
    return out;
}

}  // namespace

data to_data(const view::ServiceView& service) { return value_data(service); }

}  // namespace rpcforge::emit
