#include "suggest.hpp"

#include <truepipe/rules.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <vector>

namespace truepipe::detail {

namespace {

// Edit distance counting a swap of two neighbours as one edit ("stgae"), since
// that is the typo people make most.
std::size_t typo_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                current[j] = std::min(current[j], before[j - 2] + 1);
        }
        before.swap(previous);
        previous.swap(current);
    }
    return previous[b.size()];
}

}  // namespace

std::string english_list(std::span<const std::string_view> words, std::string_view last) {
    std::string list;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) list += i + 1 == words.size() ? fmt::format(" {} ", last) : ", ";
        list += words[i];
    }
    return list;
}

// Within a quarter of the known word's length in edits (at least one, at most
// three), so "stge" finds "stage" but "limit" does not become "stall-limit". On
// a tie the word listed first wins.
std::optional<std::string_view> nearest_known(std::string_view word,
                                              std::span<const std::string_view> known) {
    const std::string folded = fold_name(word);
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (const std::string_view candidate : known) {
        const std::size_t allowed = std::clamp<std::size_t>((candidate.size() + 2) / 4, 1, 3);
        const std::size_t gap = folded.size() > candidate.size() ? folded.size() - candidate.size()
                                                                 : candidate.size() - folded.size();
        if (gap > allowed) continue;
        const std::size_t distance = typo_distance(folded, candidate);
        if (distance <= allowed && (!best || distance < best_distance)) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> known) {
    const auto suggestion = nearest_known(word, known);
    return suggestion ? fmt::format("; did you mean \"{}\"?", *suggestion) : std::string();
}

std::string unknown_word(std::string_view what, std::string_view word,
                         std::span<const std::string_view> known) {
    if (const auto suggestion = nearest_known(word, known))
        return fmt::format("unknown {} \"{}\", did you mean \"{}\"?", what, word, *suggestion);
    return fmt::format("unknown {} \"{}\"; expected {}", what, word, english_list(known));
}

}  // namespace truepipe::detail
