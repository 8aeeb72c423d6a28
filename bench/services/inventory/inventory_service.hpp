#pragma once
// A struct-heavy service for the runtime benchmarks: its one interesting method takes and
// returns nested structs, vectors of structs, optionals, strings and enums, so that the
// generated codecs, and not the JSON-RPC envelope, dominate the call.

#include <rpcforge/annotations.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace inventory {

/// Where an item is kept.
enum class Zone { ambient, chilled, frozen, hazardous };

/// How far an order has got.
enum class Status { received, picking, packed, shipped };

struct Dimensions {
    double length_cm;
    double width_cm;
    double height_cm;
    double weight_kg;
};

struct Location {
    std::string warehouse;
    std::string aisle;
    std::int32_t shelf;
    Zone zone;
};

struct Item {
    std::string sku;
    std::string name;
    std::int32_t quantity;
    Dimensions dimensions;
    Location location;
    std::vector<std::string> tags;
    std::optional<std::string> lot;
};

struct Address {
    std::string street;
    std::string city;
    std::string postal_code;
    std::string country;
};

/// An order to pick: several items, shipped to one address.
struct Order {
    std::string id;
    std::string customer;
    Address ship_to;
    std::vector<Item> items;
    std::optional<std::string> note;
};

/// The items of an order, each assigned to the picker who fetches it.
struct PickList {
    std::string order_id;
    Status status;
    std::vector<Item> items;
    std::vector<std::string> pickers;
    std::optional<std::int64_t> ready_at;
};

/// Plans how the orders of a warehouse are picked.
class RPCFORGE_SERVICE InventoryService {
public:
    virtual ~InventoryService() = default;

    /// Plans the picking of an order.
    RPCFORGE_METHOD virtual PickList plan(const Order& order, std::optional<std::string> picker) = 0;
};

}  // namespace inventory
