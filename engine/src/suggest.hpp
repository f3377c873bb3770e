#pragma once
// The words the rules language knows: each list is one table of {word, value},
// from which come what a word means, how a message names the list, and which
// known word a typo most likely meant.

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace truepipe::detail {

template <typename Value>
struct word_entry {
    std::string_view word;  // lower case: what a written word is folded to
    Value value;
};

template <typename Value, std::size_t N>
using word_table = std::array<word_entry<Value>, N>;

// The words of a table, in its order (which is the order messages list them in).
template <typename Value, std::size_t N>
constexpr std::array<std::string_view, N> words_of(const word_table<Value, N>& table) {
    std::array<std::string_view, N> words{};
    for (std::size_t i = 0; i < N; ++i) words[i] = table[i].word;
    return words;
}

// The entry for an already folded word, or nullptr.
template <typename Value, std::size_t N>
constexpr const word_entry<Value>* find_word(const word_table<Value, N>& table, std::string_view folded) {
    for (const auto& entry : table)
        if (entry.word == folded) return &entry;
    return nullptr;
}

// "a, b or c", as messages list the choices; "a, b and c" with `last` "and".
std::string english_list(std::span<const std::string_view> words, std::string_view last = "or");

// The known word a typo most likely meant, if any.
std::optional<std::string_view> nearest_known(std::string_view word, std::span<const std::string_view> known);

// "; did you mean "days"?" or nothing.
std::string did_you_mean(std::string_view word, std::span<const std::string_view> known);

// For a word that is none of `known`: "unknown <what> "stge", did you mean "stage"?"
// when a typo is the likely story, else "unknown <what> "phase"; expected a, b or c".
std::string unknown_word(std::string_view what, std::string_view word,
                         std::span<const std::string_view> known);

}  // namespace truepipe::detail
