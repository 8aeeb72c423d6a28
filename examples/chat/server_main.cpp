// The chat server: a room whose members are pushed what happens in it. `--help` lists its flags:
// the endpoints to listen on and TLS files, as every example server has them (examples/common).
// Members need a connection both ways: ws://, wss://, tcp://, unix:// or tls://.

#include "chat_room.hpp"
#include "example_server.hpp"

int main(int argc, char** argv) {
    CLI::App app{"rpcforge chat server"};
    rpcforge::examples::ServerCommandLine line;
    line.listen = {"ws://127.0.0.1:7003/chat"};
    rpcforge::examples::add_server_options(app, line);
    CLI11_PARSE(app, argc, argv);
    rpcforge::examples::finish_server_options(line);

    rpcforge::StopSignals stop_signals;
    chat::ChatRoom room;
    rpcforge::Dispatcher dispatcher;
    chat::bind(room).add_to(dispatcher);
    return rpcforge::examples::serve_until_stopped(dispatcher, line, stop_signals, "chat_server", [&room](rpcforge::Server& server) {
        server.on_disconnect([&room](const std::shared_ptr<rpcforge::Peer>& peer) { room.leave(*peer); });
    });
}
