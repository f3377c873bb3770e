// The one table behind the add-in's UNO interface, Calc's Function Wizard and
// the README's function reference. Method names are stored in every workbook that uses a function
// (ORG.TRUEPIPE.FUNCTIONS.REALCOVERAGE), so they never change.

#include <truepipe/catalog.hpp>

#include <algorithm>
#include <array>

namespace truepipe {

namespace {

constexpr std::string_view category = "Add-In";

constexpr argument_info as_of{
    "as_of",
    "The date the question is asked (dates after it are ignored); omitted: today.",
    true,
};

constexpr argument_info rules{
    "rules",
    "Where the thresholds come from: a Rules range, a rules text, or the path of a .rules file; omitted: "
    "your default rules file, or the built-in rules.",
    true,
};

// The same words for every function that slices: the figure for this quarter,
// one rep or one region.
constexpr argument_info include{
    "include",
    "Which rows count: one cell per row, TRUE or 1 to count the row, FALSE, 0 or empty to leave it out, e.g. "
    "a helper column =C2=\"Maria\"; omitted: every row.",
    true,
};

constexpr argument_info advance_dates{
    "advance_dates",
    "The dates the deal moved forward (stage-entry dates, buyer commitments): one date or a range; empty "
    "cells are ignored and the latest date counts.",
    false,
};

constexpr std::array stall_days_arguments{advance_dates, as_of, rules};

constexpr std::array stall_limit_arguments{
    argument_info{"stage", "The deal's stage, as named in the rules, e.g. Proposal.", false},
    rules,
};

constexpr std::array advance_rate_arguments{
    argument_info{"outcomes",
                  "One cell per sales conversation: an outcome text from the rules, or 1/0 or TRUE/FALSE "
                  "for advanced or not; empty cells are skipped.",
                  false},
    rules,
    include,
};

constexpr std::array win_rate_arguments{
    argument_info{"stages",
                  "Each deal's stage, as named in the rules; stages marked won or lost are decided.", false},
    argument_info{
        "amounts",
        "The deal amounts, to weigh each decided deal by its amount; omitted: each deal counts once.", true},
    rules,
    include,
};

constexpr std::array real_coverage_arguments{
    argument_info{"amounts", "The deal amounts, one deal per row (a missing or negative amount is an error).",
                  false},
    argument_info{"stages", "Each deal's stage, as named in the rules.", false},
    argument_info{"advance_dates",
                  "Each deal's advance dates: one column, or several (stage-entry and commitment dates); "
                  "the latest date on or before as_of counts.",
                  false},
    argument_info{"close_dates", "Each deal's expected close date.", false},
    argument_info{"target", "The quota still to win, in the same currency as the amounts (more than 0).",
                  false},
    as_of,
    rules,
    include,
};

constexpr std::array deal_status_arguments{
    argument_info{"stage", "The deal's stage, as named in the rules.", false},
    argument_info{"advance_dates",
                  "The dates the deal moved forward: one date or a range; the latest date on or before "
                  "as_of counts.",
                  false},
    argument_info{"close_date", "The deal's expected close date.", false},
    as_of,
    rules,
};

constexpr std::array rules_check_arguments{rules};

// ---- The weekly review ---------------------------------------------------------------

constexpr argument_info deals{
    "deals",
    "Today's deal table: the CRM export as pasted, its header row first. Columns are found by their headers "
    "(ID, Amount, Stage, Close Date, Advance Date, Owner, or the rules' column lines).",
    false,
    argument_form::table,
};

constexpr argument_info snapshot{
    "snapshot",
    "An earlier copy of the deal table, e.g. last Monday's export, its header row first.",
    false,
    argument_form::table,
};

constexpr argument_info snapshot_date{
    "snapshot_date",
    "The day the snapshot was taken (on or before as_of).",
    false,
};

constexpr argument_info period_end{
    "period_end",
    "The last close date in scope, e.g. the quarter's last day; omitted: no date limit.",
    true,
};

constexpr argument_info owner{
    "owner",
    "One rep's review: only deals whose owner is this name (case-insensitive); omitted: every owner.",
    true,
};

constexpr std::array pipeline_flow_arguments{
    argument_info{"category",
                  "One of start, new, pulled in, became real, increased, unchanged, decreased, no longer real, pushed "
                  "out, won, lost, closed, removed or end.",
                  false},
    deals,
    snapshot,
    snapshot_date,
    as_of,
    period_end,
    rules,
    owner,
    argument_info{"measure",
                  "Amount: how far the category's deals moved the real pipeline (for start and end, the real "
                  "pipeline then and now); deals: how many deals are in it; omitted: amount.",
                  true},
};

constexpr std::array deal_change_arguments{
    argument_info{"id", "The deal's id, as in the ID column of either table; an empty cell gives an empty text.",
                  false},
    deals, snapshot, snapshot_date, as_of, period_end, rules, owner,
};

constexpr std::array catalog{
    function_info{"stallDays", "STALL_DAYS",
                  "Days since the deal last moved forward (a later stage or a buyer commitment), counted in "
                  "calendar days or business days as the rules say.",
                  category, result_type::number_or_error, stall_days_arguments},
    function_info{
        "stallLimit", "STALL_LIMIT",
        "The number of days a deal may stay in this stage without moving forward, as the rules say.",
        category, result_type::number_or_error, stall_limit_arguments},
    function_info{"advanceRate", "ADVANCE_RATE",
                  "The share (0 to 1) of sales conversations that ended with the buyer committing to a next "
                  "step.",
                  category, result_type::number_or_error, advance_rate_arguments},
    function_info{"realCoverage", "REAL_COVERAGE",
                  "The amount of real pipeline (open, counted, moving and not past its close date, times the "
                  "stage weight) divided by the target, e.g. 0.8 for 80%.",
                  category, result_type::number_or_error, real_coverage_arguments},
    function_info{
        "winRate", "WIN_RATE",
        "The share (0 to 1) of decided deals that were won: won / (won + lost), by count or by amount. "
        "The coverage a team needs is 1 / its win rate.",
        category, result_type::number_or_error, win_rate_arguments},
    function_info{"dealStatus", "DEAL_STATUS",
                  "In plain words, why a deal counts as real pipeline or not: real, closed, not counted, "
                  "stalled or past its close date.",
                  category, result_type::text, deal_status_arguments},
    function_info{"pipelineFlow", "PIPELINE_FLOW",
                  "How far one category of deals (new, pushed out, no longer real, won...) moved the real "
                  "pipeline since the snapshot; start and end give the real pipeline then and now.",
                  category, result_type::number_or_error, pipeline_flow_arguments},
    function_info{"dealChange", "DEAL_CHANGE",
                  "What happened to one deal since the snapshot: its category in the review (new, pushed out, "
                  "no longer real...) and what changed in its record.",
                  category, result_type::text, deal_change_arguments},
    function_info{"rulesCheck", "RULES_CHECK",
                  "OK and a one-line summary when the rules are right, otherwise the line and column of the "
                  "first problem.",
                  category, result_type::text, rules_check_arguments},
};

constexpr method_index by_method(catalog);

}  // namespace

std::span<const function_info> function_catalog() { return catalog; }

const function_info* find_function(std::string_view method) { return by_method.find(method); }

}  // namespace truepipe
