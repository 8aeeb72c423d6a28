#pragma once
/// How messages are written as bytes. JSON everywhere; CBOR (RFC 8949) and MessagePack over
/// HTTP and WebSocket, where the transport can say which one a message is in (Content-Type,
/// subprotocol). Raw streams carry JSON only: their framings are made for text.

namespace rpcforge {

enum class Serialization { json, cbor, msgpack };

}  // namespace rpcforge
