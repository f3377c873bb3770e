#pragma once
// The spreadsheet functions as plain C++ over cell views.
//
// Each returns a number or a text. A text starting with '#' is an error that
// says what is wrong and where (1-based row within the range, or rules line and
// column), e.g. `#truepipe: row 7: unknown stage "Propsal" (known: ...)`.

#include <truepipe/cells.hpp>
#include <truepipe/dates.hpp>
#include <truepipe/rules_source.hpp>
#include <truepipe/table_memo.hpp>

#include <string>
#include <variant>

namespace truepipe {

using formula_result = std::variant<double, std::string>;

// What every call knows besides its arguments.
struct call_context {
    date_system dates;     // the document's NullDate
    day_number today = 0;  // the local date, used when as_of is omitted
};

// `as_of` is cell::empty_cell() when omitted. `include` (one cell per row of the
// first range: TRUE or a non-zero number for a row in scope) is an empty view
// when omitted: every row is in scope.
formula_result stall_days(const call_context& context, const range_view& advance_dates, const cell& as_of,
                          const rules_argument& rules);

formula_result stall_limit(const cell& stage, const rules_argument& rules);

formula_result advance_rate(const range_view& outcomes, const rules_argument& rules,
                            const range_view& include = {});

formula_result real_coverage(const call_context& context, const range_view& amounts, const range_view& stages,
                             const range_view& advance_dates, const range_view& close_dates,
                             const cell& target, const cell& as_of, const rules_argument& rules,
                             const range_view& include = {});

// `amounts` is an empty view when omitted: the share of deals, not of amounts.
formula_result win_rate(const range_view& stages, const range_view& amounts, const rules_argument& rules,
                        const range_view& include = {});

std::string deal_status(const call_context& context, const cell& stage, const range_view& advance_dates,
                        const cell& close_date, const cell& as_of, const rules_argument& rules);

std::string rules_check(const rules_argument& rules);

// The same functions with each argument that takes one value (as_of, target, a
// deal's stage and close date) as the range Calc handed over, omitted as an empty
// view: a range of several cells there is an error, never its first cell.
formula_result stall_days(const call_context& context, const range_view& advance_dates,
                          const range_view& as_of, const rules_argument& rules);

formula_result stall_limit(const range_view& stage, const rules_argument& rules);

formula_result real_coverage(const call_context& context, const range_view& amounts, const range_view& stages,
                             const range_view& advance_dates, const range_view& close_dates,
                             const range_view& target, const range_view& as_of, const rules_argument& rules,
                             const range_view& include = {});

std::string deal_status(const call_context& context, const range_view& stage, const range_view& advance_dates,
                        const range_view& close_date, const range_view& as_of, const rules_argument& rules);

// The weekly review: how the real pipeline moved between `snapshot` (an earlier
// copy of the deal table, taken on `snapshot_date`) and today's `deals`.
// `category` names one of the twelve categories, or "start" or "end"; `measure`
// is "amount" (omitted) or "deals". `period_end` and `owner` are empty views (or
// empty cells) when omitted.
formula_result pipeline_flow(const call_context& context, const range_view& category, const table_argument& deals,
                             const table_argument& snapshot, const range_view& snapshot_date,
                             const range_view& as_of, const range_view& period_end, const rules_argument& rules,
                             const range_view& owner, const range_view& measure);

// What happened to the deal `id`: its category and what changed in its record,
// e.g. "pushed out: close 2026-12-20 → 2027-01-31". An empty id gives "".
std::string deal_change(const call_context& context, const range_view& id, const table_argument& deals,
                        const table_argument& snapshot, const range_view& snapshot_date, const range_view& as_of,
                        const range_view& period_end, const rules_argument& rules, const range_view& owner);

}  // namespace truepipe
