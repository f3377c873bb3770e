#pragma once
// Deal tables: a CRM export pasted as it is. The range's first row holds column
// headers (in any order, other columns beside them), each other row is one
// deal. A role's column is found by its header: the headers of the rules'
// `column` line for the role, else the role's default headers.
#include <truepipe/cells.hpp>
#include <truepipe/diagnostic.hpp>
#include <truepipe/rules.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace truepipe {

// The headers a role is found by when no `column` line names it, in the order
// they are tried. Those of `entered` hold {stage}, each stage's name.
std::span<const std::string_view> default_headers(column_role role);

// A header cell as text: a text as written, a number by its digits, else empty.
std::string header_text(const cell& header);

// Whether `pattern` (a header as the rules or the defaults write it, {stage}
// filled in) names the table header `header`: equal as header_key compares, or,
// for a pattern ending in `*`, a header that begins as the pattern does.
bool header_matches(std::string_view pattern, std::string_view header);

// Where a table's roles are: 0-based columns of the range.
struct table_columns {
    // The one column of each role but advance and entered; empty when absent.
    std::array<std::optional<std::size_t>, column_role_names.size()> single{};
    // Every advance column, in the table's order.
    std::vector<std::size_t> advance;
    // Each stage's entered column, in the rules' stage order; empty when absent.
    std::vector<std::optional<std::size_t>> entered;

    std::optional<std::size_t> of(column_role role) const { return single[std::size_t(role)]; }
};

using columns_result = std::variant<table_columns, diagnostic>;

// What a function reads of a table: roles it cannot do without, and roles it
// uses when the table has them.
struct table_needs {
    std::span<const column_role> required;
    std::span<const column_role> optional;
};

// Finds the columns of the roles `needs` names in the header row of `table`,
// called `name` in messages ("deals", "snapshot"). An error when a required role
// has no column; when the headers of a role's `column` line match no column;
// when one header matches two or more columns for a role that has one. When the
// first row holds none of the required headers but one of rows 2 to 10 does,
// the error says to start the range at that row.
columns_result find_columns(range_view table, std::string_view name, const rules& rules, table_needs needs);

}  // namespace truepipe
