#pragma once
// One piece of code written against the NotesService interface, with no idea whether the
// service is in this process or across a socket.

#include <notes/notes_service.hpp>

#include <ostream>

namespace notes {

/// Adds, lists, looks up, touches, counts and removes notes, printing what it sees.
void tour(NotesService& notes, std::ostream& out);

}  // namespace notes
