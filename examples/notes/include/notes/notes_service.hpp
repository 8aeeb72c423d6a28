#pragma once
// The notes service, described as an ordinary C++ interface: `add_rpc_service(... HEADER ...)`
// reads it through Clang and generates a server binding for it and a client that implements
// it. Code written against NotesService runs locally or remotely unchanged.

#include <rpcforge/annotations.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace notes {

/// How urgent a note is.
enum class Priority { low, normal, high };

/// What a new note says.
struct Draft {
    std::string title;
    std::string body;
    Priority priority;
    std::vector<std::string> tags;
    /// An ISO 8601 date, if the note is due.
    std::optional<std::string> due;
};

/// A note as the service keeps it.
struct Note {
    std::int64_t id;
    Draft content;
    /// How often it was looked at (see NotesService::touch).
    std::int32_t views;
};

/// How many notes there are, in all and by tag.
struct Summary {
    std::int64_t total;
    std::map<std::string, std::int64_t> by_tag;
};

/// Keeps notes.
class RPCFORGE_SERVICE NotesService {
public:
    virtual ~NotesService() = default;

    /// Adds a note.
    ///
    /// Returns the note as kept, with its id.
    RPCFORGE_METHOD virtual Note add(const Draft& draft) = 0;

    /// The notes, newest first.
    RPCFORGE_METHOD virtual std::vector<Note> list(RPCFORGE_DOC("only the notes with this tag") std::optional<std::string> tag,
                                                   RPCFORGE_DOC("at most this many") std::int32_t limit = 20) = 0;

    /// The note with this id, if there is one.
    RPCFORGE_METHOD RPCFORGE_NAME("note.get") virtual std::optional<Note> get(std::int64_t id) = 0;

    /// Removes a note; false if there was none with this id.
    RPCFORGE_METHOD RPCFORGE_ALIAS("delete") virtual bool remove(std::int64_t id) = 0;

    /// Counts the notes.
    RPCFORGE_METHOD virtual Summary summary() = 0;

    /// Records that a note was looked at; sent without waiting for an answer.
    RPCFORGE_NOTIFICATION virtual void touch(std::int64_t id) = 0;
};

}  // namespace notes
