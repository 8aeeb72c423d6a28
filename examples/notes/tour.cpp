#include "tour.hpp"

namespace notes {
namespace {

std::string describe(const Note& note) {
    std::string tags;
    for (const auto& tag : note.content.tags) tags += (tags.empty() ? "" : ", ") + tag;
    return "#" + std::to_string(note.id) + " \"" + note.content.title + "\" [" + tags + "]" +
           (note.content.due ? " due " + *note.content.due : "") + ", " + std::to_string(note.views) + " views";
}

}  // namespace

void tour(NotesService& notes, std::ostream& out) {
    const auto milk = notes.add({"Milk", "Two litres", Priority::normal, {"shopping"}, std::nullopt});
    const auto taxes = notes.add({"Taxes", "File them", Priority::high, {"admin", "money"}, "2027-04-30"});
    notes.add({"Bread", "Rye", Priority::low, {"shopping"}, std::nullopt});
    out << "   added " << describe(milk) << " and " << describe(taxes) << ", and bread\n";

    out << "   shopping, newest first:";
    for (const auto& note : notes.list("shopping")) out << " " << note.content.title;
    out << "\n   the newest one: " << notes.list(std::nullopt, 1).at(0).content.title << "\n";

    notes.touch(taxes.id);  // a notification: no answer, but seen before the next call
    notes.touch(taxes.id);
    out << "   after two touches: " << describe(notes.get(taxes.id).value()) << "\n";
    out << "   note 99: " << (notes.get(99) ? "found" : "none") << "\n";

    const auto summary = notes.summary();
    out << "   " << summary.total << " notes; shopping " << summary.by_tag.at("shopping") << ", admin "
        << summary.by_tag.at("admin") << "\n";
    out << "   remove milk: " << std::boolalpha << notes.remove(milk.id) << ", again: " << notes.remove(milk.id) << "\n";
}

}  // namespace notes
