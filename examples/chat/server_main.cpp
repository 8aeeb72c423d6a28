// The chat server: a room whose members are pushed what happens in it. `--help` is its manual:
// the standard server's flags (rpcforge/standard_server.hpp). Members need a connection both
// ways: ws://, wss://, tcp://, unix:// or tls://.

#include "chat_room.hpp"

#include <rpcforge/standard_server.hpp>

int main(int argc, char** argv) {
    rpcforge::StandardServer standard("chat_server", {"ws://127.0.0.1:7003/chat"});
    if (auto status = standard.parse(argc, argv)) return *status;

    chat::ChatRoom room;
    rpcforge::Dispatcher dispatcher;
    chat::bind(room).add_to(dispatcher);
    return standard.serve(dispatcher, [&room](rpcforge::Server& server) {
        server.on_disconnect([&room](const std::shared_ptr<rpcforge::Peer>& peer) { room.leave(*peer); });
    });
}
