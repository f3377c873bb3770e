#include "bench_catalog.hpp"

#include <algorithm>
#include <array>

namespace truepipe::bench {

namespace {

constexpr std::string_view category = "Add-In";

constexpr std::array coverage_floor_arguments{
    argument_info{"amounts", "As REAL_COVERAGE.", false},
    argument_info{"stages", "As REAL_COVERAGE.", false},
    argument_info{"advance_dates", "As REAL_COVERAGE.", false},
    argument_info{"close_dates", "As REAL_COVERAGE.", false},
    argument_info{"target", "As REAL_COVERAGE.", false},
    argument_info{"as_of", "As REAL_COVERAGE.", true},
    argument_info{"rules", "As REAL_COVERAGE.", true},
    argument_info{"include", "As REAL_COVERAGE.", true},
};
constexpr std::array stall_floor_arguments{
    argument_info{"advance_dates", "As STALL_DAYS.", false},
    argument_info{"as_of", "As STALL_DAYS.", true},
    argument_info{"rules", "As STALL_DAYS.", true},
};
constexpr std::array advance_floor_arguments{
    argument_info{"outcomes", "As ADVANCE_RATE.", false},
    argument_info{"rules", "As ADVANCE_RATE.", true},
    argument_info{"include", "As ADVANCE_RATE.", true},
};
constexpr std::array win_rate_floor_arguments{
    argument_info{"stages", "As WIN_RATE.", false},
    argument_info{"amounts", "As WIN_RATE.", true},
    argument_info{"rules", "As WIN_RATE.", true},
    argument_info{"include", "As WIN_RATE.", true},
};
// The weekly review's tables are handed over as ranges (argument_form::table):
// Calc passes a reference and converts nothing; reading them is the add-in's.
constexpr argument_info review_deals{"deals", "As PIPELINE_FLOW.", false, argument_form::table};
constexpr argument_info review_snapshot{"snapshot", "As PIPELINE_FLOW.", false, argument_form::table};
constexpr std::array tables_floor_arguments{review_deals, review_snapshot};
constexpr std::array flow_floor_arguments{
    argument_info{"category", "As PIPELINE_FLOW.", false},
    review_deals,
    review_snapshot,
    argument_info{"snapshot_date", "As PIPELINE_FLOW.", false},
    argument_info{"as_of", "As PIPELINE_FLOW.", true},
    argument_info{"period_end", "As PIPELINE_FLOW.", true},
    argument_info{"rules", "As PIPELINE_FLOW.", true},
    argument_info{"owner", "As PIPELINE_FLOW.", true},
    argument_info{"measure", "As PIPELINE_FLOW.", true},
};
constexpr std::array change_floor_arguments{
    argument_info{"id", "As DEAL_CHANGE.", false},
    review_deals,
    review_snapshot,
    argument_info{"snapshot_date", "As DEAL_CHANGE.", false},
    argument_info{"as_of", "As DEAL_CHANGE.", true},
    argument_info{"period_end", "As DEAL_CHANGE.", true},
    argument_info{"rules", "As DEAL_CHANGE.", true},
    argument_info{"owner", "As DEAL_CHANGE.", true},
};
constexpr std::array tick_argument{
    argument_info{"tick", "Anything; a new value recalculates.", true},
};

// The floors take exactly the parameters of the function they stand for and do
// nothing with them, so timing one measures what Calc spends handing the cells
// to any add-in. The counters tell how often rules texts were parsed or found in
// the cache since the office started.
constexpr std::array catalog{
    function_info{"benchCoverageFloor", "TRUEPIPE_FLOOR_COVERAGE",
                  "Benchmark: takes REAL_COVERAGE's arguments, returns the row count.", category,
                  result_type::number_or_error, coverage_floor_arguments},
    function_info{"benchStallFloor", "TRUEPIPE_FLOOR_STALL",
                  "Benchmark: takes STALL_DAYS's arguments, returns 0.", category,
                  result_type::number_or_error, stall_floor_arguments},
    function_info{"benchAdvanceFloor", "TRUEPIPE_FLOOR_ADVANCE",
                  "Benchmark: takes ADVANCE_RATE's arguments, returns the row count.", category,
                  result_type::number_or_error, advance_floor_arguments},
    function_info{"benchWinRateFloor", "TRUEPIPE_FLOOR_WIN_RATE",
                  "Benchmark: takes WIN_RATE's arguments, returns the row count.", category,
                  result_type::number_or_error, win_rate_floor_arguments},
    function_info{"benchTablesFloor", "TRUEPIPE_FLOOR_TABLES",
                  "Benchmark: reads both deal tables once (getDataArray), returns their rows together.", category,
                  result_type::number_or_error, tables_floor_arguments},
    function_info{"benchFlowFloor", "TRUEPIPE_FLOOR_FLOW",
                  "Benchmark: takes PIPELINE_FLOW's arguments, returns 0.", category, result_type::number_or_error,
                  flow_floor_arguments},
    function_info{"benchChangeFloor", "TRUEPIPE_FLOOR_CHANGE",
                  "Benchmark: takes DEAL_CHANGE's arguments, returns an empty text.", category, result_type::text,
                  change_floor_arguments},
    function_info{"benchTableReads", "TRUEPIPE_TABLE_READS",
                  "Benchmark: deal tables read from Calc since the office started.", category, result_type::number,
                  tick_argument},
    function_info{"benchTableHits", "TRUEPIPE_TABLE_HITS",
                  "Benchmark: deal tables found kept since the office started.", category, result_type::number,
                  tick_argument},
    function_info{"benchRulesParses", "TRUEPIPE_RULES_PARSES",
                  "Benchmark: rules texts parsed since the office started.", category, result_type::number,
                  tick_argument},
    function_info{"benchRulesHits", "TRUEPIPE_RULES_HITS",
                  "Benchmark: rules found in the cache since the office started.", category,
                  result_type::number, tick_argument},
};

constexpr method_index by_method(catalog);

}  // namespace

std::span<const function_info> bench_catalog() { return catalog; }

const function_info* find_bench_function(std::string_view method) { return by_method.find(method); }

}  // namespace truepipe::bench
