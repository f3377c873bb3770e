#pragma once
// Where rules come from (the `rules` argument of every function) and the cache
// that makes 100,000 cells naming the same rules parse them once.

#include <truepipe/cells.hpp>
#include <truepipe/rules_parser.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace truepipe {

struct rules_argument {
    enum class kind { omitted, text, cells };

    kind from = kind::omitted;
    std::string_view text;  // kind::text: inline rules or a *.rules path
    range_view cells;       // kind::cells: one line per cell, row by row

    static rules_argument omitted() { return {}; }
    static rules_argument of_text(std::string_view value) { return {kind::text, value, {}}; }
    static rules_argument of_cells(range_view value) { return {kind::cells, {}, value}; }
};

// Parsed rules or the reason there are none. Shared by every cell that names the
// same rules.
struct loaded_rules {
    std::shared_ptr<const rules> value;  // null on error
    std::optional<rules_error> error;    // parse error, with line and column
    std::string problem;                 // any other failure (unreadable file, ...)

    bool ok() const { return value != nullptr; }
    // For a cell, one line: "#truepipe: rules line 3, column 7 (inline): ..." (the
    // origin is inline, the file, or "rules range, row R"), or the problem.
    std::string error_text() const;
};

// The user's default rules file: $XDG_CONFIG_HOME/truepipe/default.rules, or
// ~/.config/truepipe/default.rules when XDG_CONFIG_HOME is unset.
std::filesystem::path default_rules_path();

// Resolves a rules argument in the contract's order: omitted or empty -> user file
// or built-in; cells -> their text; text with a line break or not ending in
// ".rules" -> inline; else a file path. Thread-safe; never throws.
std::shared_ptr<const loaded_rules> load_rules(const rules_argument& argument);

// Statistics of the process-wide cache, for tests and benchmarks.
struct rules_cache_stats {
    std::size_t parses = 0;  // texts actually parsed
    std::size_t hits = 0;    // lookups answered from the cache
};
rules_cache_stats rules_cache_statistics();
// Forgets every cached parse and resets the statistics to zero.
void clear_rules_cache();

}  // namespace truepipe
