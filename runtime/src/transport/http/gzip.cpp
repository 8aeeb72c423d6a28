#include "transport/http/gzip.hpp"

#include <zlib.h>

#include <array>
#include <stdexcept>

namespace rpcforge::detail {
namespace {

constexpr int gzip_window = 15 + 16;       // 15-bit window, gzip header
constexpr int any_header_window = 15 + 32; // gzip or zlib header, found by inflate

/// Feeds `data` through a z_stream, appending what comes out to `out`. Stops early once
/// `out` passes `limit`. Returns zlib's last status.
template <class Step>
int pump(z_stream& stream, std::string& out, std::size_t limit, Step step) {
    std::array<unsigned char, 16 * 1024> chunk;
    int status = Z_OK;
    do {
        stream.next_out = chunk.data();
        stream.avail_out = chunk.size();
        status = step(stream);
        out.append(reinterpret_cast<const char*>(chunk.data()), chunk.size() - stream.avail_out);
        if (out.size() > limit) return Z_BUF_ERROR;
    } while (status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0));
    return status;
}

}  // namespace

std::string gzip(std::string_view data) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, gzip_window, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::bad_alloc();
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    pump(stream, out, std::string::npos - 1, [](z_stream& s) { return deflate(&s, Z_FINISH); });
    deflateEnd(&stream);
    return out;
}

std::optional<std::string> gunzip(std::string_view data, std::size_t limit) {
    z_stream stream{};
    if (inflateInit2(&stream, any_header_window) != Z_OK) throw std::bad_alloc();
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    int status = Z_OK;
    // A gzip file is a series of members (RFC 1952, 2.2), as `cat a.gz b.gz` or pigz make it:
    // each one ended, the next begins, under the same limit. Bytes after the last that do not
    // start another member are refused, as a truncated member is.
    do {
        status = pump(stream, out, limit, [](z_stream& s) { return inflate(&s, Z_NO_FLUSH); });
    } while (status == Z_STREAM_END && stream.avail_in > 0 && inflateReset(&stream) == Z_OK);
    bool whole = status == Z_STREAM_END && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!whole) return std::nullopt;
    return out;
}

}  // namespace rpcforge::detail
