#pragma once
// Where rules come from (the `rules` argument of every function) and the cache
// that makes 100,000 cells naming the same rules parse them once.

#include <truepipe/cells.hpp>
#include <truepipe/rules_parser.hpp>

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe {

// Where a host found the cells of some rules in each of its documents, kept with
// the parsed rules in the one rules cache, so that it is keyed exactly as they
// are and a host need not search a workbook again for every cell that shows the
// same error. What is kept is the host's own text; the engine never reads it.
class host_places {
public:
    host_places() = default;
    host_places(const host_places&) = delete;
    host_places& operator=(const host_places&) = delete;

    // `document` only tells documents apart; the host checks a place before use.
    std::optional<std::string> find(const void* document) const;
    void remember(const void* document, std::string place) const;

private:
    static constexpr std::size_t max_documents = 8;
    struct entry {
        const void* document;
        std::string place;
    };
    mutable std::mutex mutex_;
    mutable std::vector<entry> entries_;  // the newest last
};

// Names a cell of the rules argument the way the user sees it ("Rules!A7"), when
// the host knows where the cells are in the workbook. Errors are then placed in
// the cell rather than in "rules range, row 7".
class cell_namer {
public:
    virtual ~cell_namer() = default;
    // row and column are 0-based within the argument's cells.
    virtual std::optional<std::string> name_of(std::size_t row, std::size_t column) const = 0;
    // The same, where `places` is where the host may remember where it found these
    // rules; what the engine calls. A host that remembers nothing need not override it.
    virtual std::optional<std::string> name_remembered(std::size_t row, std::size_t column,
                                                       const host_places& places) const {
        (void)places;
        return name_of(row, column);
    }
};

struct rules_argument {
    enum class kind { omitted, text, cells };

    kind from = kind::omitted;
    std::string_view text;  // kind::text: inline rules or a *.rules path
    range_view cells;       // kind::cells: one line per cell, row by row
    // Where the cells (or a text that came from one cell) are; may be null. Used
    // only to word an error, never to parse.
    const cell_namer* namer = nullptr;

    static rules_argument omitted() { return {}; }
    static rules_argument of_text(std::string_view value, const cell_namer* namer = nullptr) {
        return {kind::text, value, {}, namer};
    }
    static rules_argument of_cells(range_view value, const cell_namer* namer = nullptr) {
        return {kind::cells, {}, value, namer};
    }
};

// Parsed rules or the reason there are none. Shared by every cell that names the
// same rules, wherever those cells are.
struct loaded_rules {
    struct cell_position {
        std::size_t row = 0;
        std::size_t column = 0;
    };

    std::shared_ptr<const rules> value;  // null on error
    // Why there are none: a rules error (a line and column, or a limit), or a
    // rules_source diagnostic (no such file, not *.rules, ...).
    std::optional<diagnostic> error;
    // For rules from cells: the cell of the error's line, and of the earlier line
    // a duplicate names.
    std::optional<cell_position> error_cell;
    std::optional<cell_position> earlier_cell;
    // Where hosts found these rules' cells (see cell_namer).
    host_places places;

    bool ok() const { return value != nullptr; }
    // The error as the argument's user sees it: when its namer knows the cell, the
    // origin is that cell ("Rules!A7") and a duplicate's earlier place is the cell
    // of its first definition ("in Rules!A3"). Requires `error`.
    diagnostic located_error(const rules_argument& from) const;
    // For a cell, one line: "#truepipe: rules line 3, column 7 (Rules!A3): ..." (the
    // origin is the cell, inline, the file, or "rules range, row R"), or the
    // problem; empty when the rules loaded.
    std::string error_text(const rules_argument& from = {}) const;
};

// The user's default rules file: $XDG_CONFIG_HOME/truepipe/default.rules, or
// ~/.config/truepipe/default.rules when XDG_CONFIG_HOME is unset.
std::filesystem::path default_rules_path();

// Resolves a rules argument in the contract's order: omitted or empty -> user file
// or built-in; cells -> their text; text with a line break or not ending in
// ".rules" -> inline (but one line starting with / or ~/ is a path that is not
// *.rules: refused, never read); else a file path. Thread-safe; never throws.
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
