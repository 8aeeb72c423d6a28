// A plain route that serves the files under a folder.

#include <rpcforge/http.hpp>

#include "transport/http/http_rules.hpp"
#include "transport/http/read_only_route.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

namespace rpcforge {
namespace {

std::string media_type_of(const std::filesystem::path& file) {
    static const std::map<std::string, std::string> known{
        {".html", "text/html; charset=utf-8"}, {".htm", "text/html; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".json", "application/json"},         {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".jpg", "image/jpeg"},                {".ico", "image/x-icon"},
        {".wasm", "application/wasm"}};
    auto it = known.find(file.extension().string());
    return it == known.end() ? "application/octet-stream" : it->second;
}

HttpResponse not_found() { return {404, "text/plain; charset=utf-8", {}, "not found\n"}; }

/// The file a request path names under `root`, if it stays inside it. `relative` is the path
/// after the route's prefix, still percent-encoded.
std::optional<std::filesystem::path> file_under(const std::filesystem::path& root, std::string_view relative) {
    auto decoded = detail::url_decode(relative);
    if (!decoded || decoded->find('\0') != std::string::npos) return std::nullopt;
    std::filesystem::path wanted = std::filesystem::path(*decoded).relative_path().lexically_normal();
    if (wanted.empty() || wanted == ".") wanted = "index.html";
    if (*wanted.begin() == "..") return std::nullopt;  // climbs out of the root
    return root / wanted;
}

/// Whether `file`, with every symbolic link on its way followed, still lies under `root`: a link
/// inside the folder may not lend out what lies outside it (a link to /etc, say).
bool resolves_inside(const std::filesystem::path& root, const std::filesystem::path& file) {
    std::error_code ec;
    auto real_root = std::filesystem::canonical(root, ec);
    if (ec) return false;
    auto real_file = std::filesystem::canonical(file, ec);
    if (ec) return false;
    return std::mismatch(real_root.begin(), real_root.end(), real_file.begin(), real_file.end()).first == real_root.end();
}

}  // namespace

HttpHandler static_files(std::filesystem::path root) {
    return [root = std::move(root)](const HttpRequest& request) -> HttpResponse {
        if (auto refused = detail::refuse_unless_get_or_head(request)) return *refused;
        auto file = file_under(root, std::string_view(request.path).substr(request.route.size()));
        std::error_code ec;
        if (!file || !std::filesystem::is_regular_file(*file, ec) || !resolves_inside(root, *file)) return not_found();
        std::ifstream in(*file, std::ios::binary);
        if (!in) return not_found();
        std::ostringstream content;
        content << in.rdbuf();
        return {200, media_type_of(*file), {}, content.str()};
    };
}

}  // namespace rpcforge
