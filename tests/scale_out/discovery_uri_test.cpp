// Discovery URIs and instances as text and JSON.

#include <rpcforge/discovery.hpp>

#include <gtest/gtest.h>

namespace rpcforge {
namespace {

TEST(DiscoveryUri, ReadsTheStoresAndTheService) {
    auto uri = DiscoveryUri::parse("etcd://127.0.0.1:2379,10.0.0.2:22379,[::1]:2379/calculator");
    EXPECT_EQ(uri.kind, DiscoveryUri::Kind::etcd);
    EXPECT_EQ(uri.stores, (std::vector<std::string>{"127.0.0.1:2379", "10.0.0.2:22379", "[::1]:2379"}));
    EXPECT_EQ(uri.service, "calculator");
    EXPECT_EQ(uri.store_uri(), "etcd://127.0.0.1:2379,10.0.0.2:22379,[::1]:2379");

    auto registry = DiscoveryUri::parse("registry://localhost:18811");
    EXPECT_EQ(registry.kind, DiscoveryUri::Kind::registry);
    EXPECT_EQ(registry.service, "");
}

TEST(DiscoveryUri, TellsDiscoveryFromEndpoints) {
    EXPECT_TRUE(DiscoveryUri::is_discovery("etcd://h:1/s"));
    EXPECT_TRUE(DiscoveryUri::is_discovery("registry://h:1/s"));
    EXPECT_FALSE(DiscoveryUri::is_discovery("tcp://h:1"));
    EXPECT_FALSE(DiscoveryUri::is_discovery("http://h:1/etcd://"));
}

TEST(DiscoveryUri, RefusesWhatIsNotOne) {
    for (const char* bad : {"tcp://127.0.0.1:1/s", "etcd://", "etcd:///calculator", "etcd://host/s", "etcd://host:0/s",
                            "etcd://host:65536/s", "etcd://host:12x/s", "etcd://host:1,/s", "etcd://:1/s",
                            "etcd://host:1/a/b", "registry://[::1/s"}) {
        EXPECT_THROW(DiscoveryUri::parse(bad), std::invalid_argument) << bad;
    }
}

TEST(ServiceInstance, RoundTripsThroughJsonAndTakesTheEndpointForAMissingId) {
    ServiceInstance instance{"a", "tcp://127.0.0.1:7001", "1.2.0", {{"zone", "eu"}}};
    EXPECT_EQ(ServiceInstance::from_json(instance.to_json()), instance);
    auto bare = ServiceInstance::from_json({{"endpoint", "tcp://127.0.0.1:7001"}});
    EXPECT_EQ(bare.id, "tcp://127.0.0.1:7001");
    EXPECT_THROW(ServiceInstance::from_json({{"id", "x"}}), std::invalid_argument);
    EXPECT_THROW(ServiceInstance::from_json(json::array()), std::invalid_argument);
}

}  // namespace
}  // namespace rpcforge
