// Roles through the generator: vault.openrpc.json marks "write" with x-rpcforge-roles, and the
// generated binding registers them; the generated client, unchanged, is used over HTTP with
// credentials from ClientOptions. A caller without the role never reaches the implementation.

#include "vault_client.hpp"
#include "vault_server.hpp"

#include <rpcforge/auth.hpp>
#include <rpcforge/client.hpp>
#include <rpcforge/server.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

class Store final : public vault::Vault {
public:
    std::string read(const std::string& key) override {
        std::lock_guard lock(mutex_);
        return values_[key];
    }
    bool write(const std::string& key, const std::string& value) override {
        ++writes;
        std::lock_guard lock(mutex_);
        values_[key] = value;
        return true;
    }
    std::atomic<int> writes{0};

private:
    std::mutex mutex_;
    std::map<std::string, std::string> values_;
};

struct GuardedVault : ::testing::Test {
    fs::path tokens = fs::temp_directory_path() / ("rpcforge-vault-" + std::to_string(getpid()) + ".txt");
    Store store;
    rpcforge::Dispatcher dispatcher;
    std::unique_ptr<rpcforge::Server> server;
    std::string uri;

    void SetUp() override {
        std::ofstream(tokens) << "key-of-ann ann writer\nkey-of-ben ben\n";
        auto authentication = std::make_shared<rpcforge::Authentication>();
        authentication->add(rpcforge::bearer_tokens(tokens));
        vault::bind(store).add_to(dispatcher);
        rpcforge::ServerOptions options;
        options.authentication = authentication;
        server = std::make_unique<rpcforge::Server>(dispatcher, options);
        uri = server->listen("http://127.0.0.1:0/vault");
        server->start();
    }
    void TearDown() override {
        server->stop();
        fs::remove(tokens);
    }
    std::unique_ptr<rpcforge::Client> connect(const std::string& token) {
        rpcforge::ClientOptions options;
        options.credentials.bearer_token = token;
        return std::make_unique<rpcforge::Client>(uri, options);
    }
};

TEST_F(GuardedVault, TheBindingCarriesTheDocumentsRoles) {
    EXPECT_EQ(dispatcher.required_roles("write"), (std::vector<std::string>{"admin", "writer"}));
    EXPECT_EQ(dispatcher.required_roles("put"), (std::vector<std::string>{"admin", "writer"}));
    EXPECT_TRUE(dispatcher.required_roles("read").empty());
}

TEST_F(GuardedVault, AWriterWritesAndAReaderIsRefusedBeforeTheImplementation) {
    auto ann_connection = connect("key-of-ann");
    auto ben_connection = connect("key-of-ben");
    vault::VaultClient ann(*ann_connection);
    vault::VaultClient ben(*ben_connection);

    EXPECT_TRUE(ann.write("door", "open sesame"));
    EXPECT_EQ(ben.read("door"), "open sesame");
    try {
        ben.write("door", "mine now");
        FAIL() << "ben has no role that write requires";
    } catch (const rpcforge::Error& e) {
        EXPECT_EQ(e.code(), rpcforge::error_code::forbidden);
    }
    EXPECT_THROW(ben_connection->call("put", {"door", "mine now"}), rpcforge::Error);  // the alias too
    EXPECT_EQ(store.writes, 1);
    EXPECT_EQ(ann.read("door"), "open sesame");
}

}  // namespace
