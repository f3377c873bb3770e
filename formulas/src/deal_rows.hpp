#pragma once
// The deals of a deal table, read once from the columns find_columns found:
// each row's id, amount, stage, close date, advance dates, owner and created
// date, checked as the range functions check their cells. Every error names the
// table, the row, the column's header and the value.
#include "arguments.hpp"
#include "stages.hpp"

#include <truepipe/deal_table.hpp>

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace truepipe::detail {

struct deal_record {
    std::size_t row = 0;  // 1-based in the table; the header row is 1
    std::string id;       // as ids compare: a text trimmed, a whole number by its digits
    std::optional<double> amount;
    stage_info stage;
    std::optional<day_number> close;
    std::string_view owner;  // trimmed; empty without an owner column
    std::optional<day_number> created;
    // This deal's advance dates in deal_table_rows::advance_days: its advance
    // columns' and its entered dates (a closed stage's only on a deal in it).
    std::size_t first_advance = 0;
    std::size_t advance_count = 0;
};

struct deal_table_rows {
    std::vector<deal_record> deals;  // in the table's order, empty rows left out
    std::vector<day_number> advance_days;
    std::unordered_map<std::string, std::size_t> by_id;  // id -> index in deals

    const deal_record* find(std::string_view id) const {
        const auto found = by_id.find(std::string(id));
        return found == by_id.end() ? nullptr : &deals[found->second];
    }
    std::span<const day_number> advances_of(const deal_record& deal) const {
        return std::span<const day_number>(advance_days).subspan(deal.first_advance, deal.advance_count);
    }
};

// How a deal table's id cell compares: a text trimmed; a whole number by its
// digits, so 1042 and "1042" are one deal. Empty for an empty cell.
std::string deal_id(const cell& value);

// A date of a deal table: a serial (its day; a time of day is dropped), or a
// text that is an ISO 8601 date or date-time (2026-11-20T14:32:00Z: its day).
date_cell read_table_date(const date_system& dates, const cell& value);

// Reads every row of `table` below its header row. A row whose used cells are
// all empty is skipped. An open, counted deal needs an amount of 0 or more and a
// close date; a stage must be one the rules list, when they list stages.
checked<deal_table_rows> read_deal_rows(range_view table, std::string_view name, const table_columns& columns,
                                        const rules& rules, const date_system& dates);

}  // namespace truepipe::detail
