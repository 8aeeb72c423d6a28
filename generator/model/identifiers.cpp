#include "model/identifiers.hpp"

#include <algorithm>
#include <array>

namespace rpcforge::model {

namespace {

// Sorted, for binary search.
constexpr std::array<std::string_view, 96> keywords = {"alignas",
                                                       "alignof",
                                                       "and",
                                                       "and_eq",
                                                       "asm",
                                                       "auto",
                                                       "bitand",
                                                       "bitor",
                                                       "bool",
                                                       "break",
                                                       "case",
                                                       "catch",
                                                       "char",
                                                       "char16_t",
                                                       "char32_t",
                                                       "char8_t",
                                                       "class",
                                                       "co_await",
                                                       "co_return",
                                                       "co_yield",
                                                       "compl",
                                                       "concept",
                                                       "const",
                                                       "const_cast",
                                                       "consteval",
                                                       "constexpr",
                                                       "constinit",
                                                       "continue",
                                                       "decltype",
                                                       "default",
                                                       "delete",
                                                       "do",
                                                       "double",
                                                       "dynamic_cast",
                                                       "else",
                                                       "enum",
                                                       "explicit",
                                                       "export",
                                                       "extern",
                                                       "false",
                                                       "final",
                                                       "float",
                                                       "for",
                                                       "friend",
                                                       "goto",
                                                       "if",
                                                       "import",
                                                       "inline",
                                                       "int",
                                                       "long",
                                                       "module",
                                                       "mutable",
                                                       "namespace",
                                                       "new",
                                                       "noexcept",
                                                       "not",
                                                       "not_eq",
                                                       "nullptr",
                                                       "operator",
                                                       "or",
                                                       "or_eq",
                                                       "override",
                                                       "private",
                                                       "protected",
                                                       "public",
                                                       "register",
                                                       "reinterpret_cast",
                                                       "requires",
                                                       "return",
                                                       "short",
                                                       "signed",
                                                       "sizeof",
                                                       "static",
                                                       "static_assert",
                                                       "static_cast",
                                                       "struct",
                                                       "switch",
                                                       "template",
                                                       "this",
                                                       "thread_local",
                                                       "throw",
                                                       "true",
                                                       "try",
                                                       "typedef",
                                                       "typeid",
                                                       "typename",
                                                       "union",
                                                       "unsigned",
                                                       "using",
                                                       "virtual",
                                                       "void",
                                                       "volatile",
                                                       "wchar_t",
                                                       "while",
                                                       "xor",
                                                       "xor_eq"};

// Sorted. Lower-case ones can meet method and field names; upper-case ones enumerators.
constexpr std::array<std::string_view, 24> macros = {
    "BUFSIZ",   "CHAR_BIT", "EOF",    "EXIT_FAILURE", "EXIT_SUCCESS", "INT_MAX", "INT_MIN", "NULL",
    "RAND_MAX", "SIZE_MAX", "assert", "errno",        "linux",        "major",   "minor",   "offsetof",
    "setjmp",   "stderr",   "stdin",  "stdout",       "unix",         "va_arg",  "va_end",  "va_start"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& sorted, std::string_view word) {
    return std::binary_search(sorted.begin(), sorted.end(), word);
}

bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

bool is_cpp_keyword(std::string_view word) { return contains(keywords, word); }

bool is_reserved_name(std::string_view word) {
    if (word.find("__") != std::string_view::npos) return true;
    if (word.size() > 1 && word[0] == '_' && word[1] >= 'A' && word[1] <= 'Z') return true;
    return is_cpp_keyword(word) || contains(macros, word);
}

bool is_usable_identifier(std::string_view word) {
    if (word.empty() || is_digit(word[0])) return false;
    bool valid = std::all_of(word.begin(), word.end(), [](char c) { return is_letter(c) || is_digit(c) || c == '_'; });
    return valid && !is_reserved_name(word);
}

std::string asynchronous_name(std::string_view cpp_name) {
    while (cpp_name.ends_with('_')) cpp_name.remove_suffix(1);
    return std::string(cpp_name) + "_async";
}

}  // namespace rpcforge::model
