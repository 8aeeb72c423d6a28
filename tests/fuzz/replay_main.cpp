// The main of a fuzz target in the test build: runs every file of the folders (or the files)
// named on the command line through LLVMFuzzerTestOneInput, once each, as libFuzzer does
// when given files instead of a folder to explore. A target reports a wrong answer by
// aborting, and the sanitizers report the rest, so reaching the end means every input passed.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::filesystem::path> inputs_in(const std::filesystem::path& place) {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(place)) {
        for (const auto& entry : std::filesystem::recursive_directory_iterator(place))
            if (entry.is_regular_file()) files.push_back(entry.path());
    } else {
        files.push_back(place);
    }
    std::sort(files.begin(), files.end());  // the same order on every machine
    return files;
}

std::vector<std::uint8_t> read_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        if (!std::filesystem::exists(argv[i])) {
            std::fprintf(stderr, "replay: %s does not exist\n", argv[i]);
            return 1;
        }
        for (const auto& file : inputs_in(argv[i])) {
            // Named first: a finding aborts, and the last name printed is then its input.
            std::fprintf(stderr, "replay: %s\n", file.c_str());
            // Exactly the file's size on the heap, so that ASan sees a read past its end.
            const auto input = read_bytes(file);
            LLVMFuzzerTestOneInput(input.data(), input.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::fprintf(stderr, "replay: no input (give corpus folders or files)\n");
        return 1;
    }
    std::printf("replay: %zu inputs, every one passed\n", replayed);
    return 0;
}
