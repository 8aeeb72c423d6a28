#pragma once
// Lets a connection take an answer in place when the answer is given while the connection itself
// is handing over a message it read: a method run on the I/O thread answers before on_message
// returns. Such an answer needs no post to the connection's own thread (a trip through the event
// loop and an extra epoll_wait per message), and the answers to everything one read held leave
// together in one write after it. Answers from other threads are posted as before.

namespace rpcforge::detail {

class ReadingScope {
public:
    explicit ReadingScope(const void* connection) : previous_(current_) { current_ = connection; }
    ~ReadingScope() { current_ = previous_; }
    ReadingScope(const ReadingScope&) = delete;
    ReadingScope& operator=(const ReadingScope&) = delete;

    /// True on the thread that is inside `connection`'s handling of what it read, right now.
    static bool inside(const void* connection) { return current_ == connection; }

private:
    static inline thread_local const void* current_ = nullptr;
    const void* previous_;
};

}  // namespace rpcforge::detail
