#include "notes_store.hpp"

#include <algorithm>

namespace notes {

Note NotesStore::add(const Draft& draft) {
    std::lock_guard lock(mutex_);
    Note note{next_id_++, draft, 0};
    notes_[note.id] = note;
    return note;
}

std::vector<Note> NotesStore::list(std::optional<std::string> tag, std::int32_t limit) {
    std::lock_guard lock(mutex_);
    std::vector<Note> out;
    for (auto it = notes_.rbegin(); it != notes_.rend() && std::ssize(out) < limit; ++it) {
        const auto& tags = it->second.content.tags;
        if (!tag || std::find(tags.begin(), tags.end(), *tag) != tags.end()) out.push_back(it->second);
    }
    return out;
}

std::optional<Note> NotesStore::get(std::int64_t id) {
    std::lock_guard lock(mutex_);
    auto it = notes_.find(id);
    if (it == notes_.end()) return std::nullopt;
    return it->second;
}

bool NotesStore::remove(std::int64_t id) {
    std::lock_guard lock(mutex_);
    return notes_.erase(id) > 0;
}

Summary NotesStore::summary() {
    std::lock_guard lock(mutex_);
    Summary out{static_cast<std::int64_t>(notes_.size()), {}};
    for (const auto& [id, note] : notes_) {
        for (const auto& tag : note.content.tags) ++out.by_tag[tag];
    }
    return out;
}

void NotesStore::touch(std::int64_t id) {
    std::lock_guard lock(mutex_);
    if (auto it = notes_.find(id); it != notes_.end()) ++it->second.views;
}

}  // namespace notes
