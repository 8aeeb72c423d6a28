#pragma once
// NotesService kept in memory; safe to call from several threads (the server's pool).

#include <notes/notes_service.hpp>

#include <mutex>

namespace notes {

class NotesStore final : public NotesService {
public:
    Note add(const Draft& draft) override;
    std::vector<Note> list(std::optional<std::string> tag, std::int32_t limit) override;
    std::optional<Note> get(std::int64_t id) override;
    bool remove(std::int64_t id) override;
    Summary summary() override;
    void touch(std::int64_t id) override;

private:
    std::mutex mutex_;
    std::map<std::int64_t, Note> notes_;
    std::int64_t next_id_ = 1;
};

}  // namespace notes
