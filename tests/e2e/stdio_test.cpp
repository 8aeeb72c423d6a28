// stdio: a server serving its own stdin and stdout, and a client talking to it as a child
// process over pipes, as an editor talks to a language server.

#include "support/child_server.hpp"

#include <rpcforge/client.hpp>
#include <rpcforge/endpoint.hpp>

#include <gtest/gtest.h>

#include <cerrno>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

namespace rpcforge::test {
namespace {

ChildCommand stdio_server(Framing framing = Framing::newline) {
    std::string uri = framing == Framing::content_length ? "stdio:?framing=content-length" : "stdio:";
    return {{mode_server_path(), "--mode", "stdio", "--listen", uri}, framing};
}

bool is_gone(int pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

TEST(Stdio, ClientCallsAChildServingItsStdio) {
    Client client(stdio_server());
    EXPECT_GT(client.child_pid(), 0);
    EXPECT_EQ(client.call("echo", {"hello"}), "hello");
    EXPECT_EQ(client.call("pid").get<int>(), client.child_pid());
}

TEST(Stdio, ContentLengthFramingAsLanguageServersUse) {
    Client client(stdio_server(Framing::content_length));
    EXPECT_EQ(client.call("echo", {"framed\nwith a newline"}), "framed\nwith a newline");
}

TEST(Stdio, WhatHandlersPrintDoesNotReachTheClient) {
    Client client(stdio_server());
    EXPECT_EQ(client.call("print", {"{\"not\": \"a message\"}"}), true);
    EXPECT_EQ(client.call("echo", {"still in step"}), "still in step");
}

TEST(Stdio, ClosingTheClientEndsAndReapsTheChild) {
    int pid = 0;
    {
        Client client(stdio_server());
        pid = client.child_pid();
        EXPECT_EQ(client.call("echo", {"x"}), "x");
    }
    // Reaped, not a zombie: the pid is gone at once.
    EXPECT_TRUE(is_gone(pid));
}

TEST(Stdio, ServerEndsWithExitZeroWhenStdinCloses) {
    detail::ChildProcess child({mode_server_path(), "--mode", "stdio"});
    ::close(child.take_stdin());
    int status = child.wait_for(std::chrono::seconds(20));
    ASSERT_NE(status, -1) << "the server did not end when its stdin closed";
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(Stdio, AProgramThatCannotStartIsAClearError) {
    try {
        Client client(ChildCommand{{"/nonexistent/rpcforge-server"}});
        FAIL() << "no error";
    } catch (const std::system_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot start '/nonexistent/rpcforge-server'"), std::string::npos) << e.what();
    }
    EXPECT_THROW(Client(ChildCommand{}), std::invalid_argument);
}

TEST(Stdio, AChildThatDiesFailsCallsInsteadOfHanging) {
    Client client(ChildCommand{{"/bin/sh", "-c", "exit 3"}});
    EXPECT_THROW(client.call("echo", {"x"}, CallOptions{.timeout = std::chrono::seconds(20)}), std::exception);
}

}  // namespace
}  // namespace rpcforge::test
