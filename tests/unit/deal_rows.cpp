// The deals of a deal table: each row's values read as the range functions read
// cells, and every error naming the table, the row, the header and the value.
#include "deal_rows.hpp"

#include <truepipe/rules_parser.hpp>

#include "tables.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

using namespace truepipe;
using namespace truepipe::detail;

namespace {

const rules& review_rules() {
    static const rules value = [] {
        const auto parsed = parse_rules(R"(stage "Prospecting" not-counted
stage "Discovery"   stall-limit 10 days
stage "Proposal"    stall-limit 5 days weight 0.5
stage "Closed Won"  won
stage "Closed Lost" lost
)");
        return std::get<rules>(parsed);
    }();
    return value;
}

constexpr column_role review_roles[] = {column_role::id, column_role::amount, column_role::stage, column_role::close,
                                        column_role::advance};
constexpr column_role optional_roles[] = {column_role::owner, column_role::created};

const date_system dates;  // 1899-12-30, as Calc's documents have it

checked<deal_table_rows> read(const test_table& table, std::string_view name = "deals") {
    auto columns = find_columns(table.view(), name, review_rules(), {review_roles, optional_roles});
    if (const auto* problem = std::get_if<diagnostic>(&columns)) FAIL("columns: " << problem->cell_text());
    return read_deal_rows(table.view(), name, std::get<table_columns>(columns), review_rules(), dates);
}

deal_table_rows rows_of(const test_table& table) {
    auto rows = read(table);
    if (const auto* problem = std::get_if<diagnostic>(&rows)) FAIL("rows: " << problem->cell_text());
    return std::get<deal_table_rows>(std::move(rows));
}

std::string problem(const test_table& table, std::string_view name = "deals") {
    auto rows = read(table, name);
    if (std::holds_alternative<deal_table_rows>(rows)) FAIL("expected an error");
    return std::get<diagnostic>(rows).cell_text();
}

day_number day(std::string_view iso) { return *parse_iso_date(iso); }

const std::vector<std::string> header = {"ID", "Amount", "Stage", "Close Date", "Advance Date", "Owner"};

}  // namespace

TEST_CASE("deal_rows: every row's values, empty rows skipped, closed deals need no amount or close date") {
    const test_table table = {header,
                              {"D1", "#n:40000", "Discovery", "#n:46387", "#n:46346", " Ana "},
                              {"", "", "", "", "", ""},
                              {"#n:1042", "#n:25000.5", "proposal", "2027-01-15", "", "Ben"},
                              {"D3", "", "Closed Won", "", "#n:46351.75", ""},
                              {"D4", "", "Prospecting", "", "", ""}};
    const deal_table_rows rows = rows_of(table);
    REQUIRE(rows.deals.size() == 4);
    const deal_record& first = rows.deals[0];
    CHECK(first.row == 2);
    CHECK(first.id == "D1");
    CHECK(first.amount == 40000.0);
    CHECK(first.stage.name == "Discovery");
    CHECK(first.close == day("2026-12-31"));
    CHECK(rows.advances_of(first).size() == 1);
    CHECK(rows.advances_of(first)[0] == day("2026-11-20"));
    CHECK(first.owner == "Ana");
    const deal_record& second = rows.deals[1];
    CHECK(second.row == 4);  // the empty row 3 is skipped
    CHECK(second.id == "1042");
    CHECK(second.stage.name == "Proposal");  // as the rules write it
    CHECK(second.close == day("2027-01-15"));  // an ISO text
    CHECK(rows.advances_of(second).empty());
    CHECK(rows.deals[2].close == std::nullopt);  // a won deal needs none
    CHECK(rows.advances_of(rows.deals[2])[0] == day("2026-11-25"));  // a time of day counts as its day
    CHECK_FALSE(rows.deals[3].amount);  // not counted: no amount needed
    REQUIRE(rows.find("1042") != nullptr);
    CHECK(rows.find("1042")->row == 4);
    CHECK(rows.find("d1") == nullptr);  // ids compare case-sensitively
}

TEST_CASE("deal_rows: ISO 8601 date-times are read as their day, other date texts are errors with the hint") {
    for (const std::string_view text : {"2026-11-20T14:32:00Z", "2026-11-20T14:32", "2026-11-20 14:32:00",
                                        "2026-11-20T14:32:00.125+01:00", "2026-11-20T23:59:59-0500", "2026-11-20"}) {
        CAPTURE(text);
        CHECK(read_table_date(dates, cell::of_text(text)).day == day("2026-11-20"));
        CHECK(read_table_date(dates, cell::of_text(text)).what == date_cell::state::date);
    }
    for (const std::string_view text : {"2026-11-20T", "2026-11-20T14", "2026-11-20X14:32", "2026-11-20T14:32+1"}) {
        CAPTURE(text);
        CHECK(read_table_date(dates, cell::of_text(text)).what == date_cell::state::not_a_date);
    }
    const test_table us_dates = {header, {"D1", "#n:100", "Discovery", "11/20/2026", "", ""}};
    CHECK(problem(us_dates) == "#truepipe: deals row 2, \"Close Date\": \"11/20/2026\" is not a date: "
                               "Data > Text to Columns turns such a column into dates");
    const test_table early = {header, {"D1", "#n:100", "Discovery", "#n:46387", "#n:-1", ""}};
    CHECK(problem(early) == "#truepipe: deals row 2, \"Advance Date\": -1 is 1899-12-29, before 1900-01-01");
}

TEST_CASE("deal_rows: amounts are numbers; an open, counted deal needs one of 0 or more and a close date") {
    const test_table dollars = {header, {"D1", "$40,000", "Discovery", "#n:46387", "", ""}};
    CHECK(problem(dollars, "snapshot") == "#truepipe: snapshot row 2, \"Amount\": \"$40,000\" is not a number: "
                                          "Data > Text to Columns turns such a column into numbers");
    const test_table negative = {header, {"D1", "#n:-5", "Discovery", "#n:46387", "", ""}};
    CHECK(problem(negative) == "#truepipe: deals row 2, \"Amount\": amount -5 is negative");
    const test_table no_amount = {header, {"D1", "", "Discovery", "#n:46387", "", ""}};
    CHECK(problem(no_amount) == "#truepipe: deals row 2, \"Amount\": amount is empty");
    const test_table no_close = {header, {"D1", "#n:5", "Proposal", "", "", ""}};
    CHECK(problem(no_close) == "#truepipe: deals row 2, \"Close Date\": close date is empty");
}

TEST_CASE("deal_rows: error cells name the row, the header and the error the cell shows") {
    const test_table division = {header,
                                 {"D1", "#n:5", "Discovery", "#n:46387", "", ""},
                                 {"D2", "#e:#DIV/0!", "Closed Won", "", "", ""}};
    CHECK(problem(division) == "#truepipe: deals row 3, \"Amount\": the cell shows #DIV/0!");
    const test_table lookup = {header, {"D1", "#n:5", "#e:#N/A", "#n:46387", "", ""}};
    CHECK(problem(lookup) == "#truepipe: deals row 2, \"Stage\": the cell shows #N/A");
    const test_table unused = {{"ID", "Amount", "Stage", "Close Date", "Advance Date", "Notes"},
                               {"D1", "#n:5", "Discovery", "#n:46387", "", "#e:#REF!"}};
    CHECK(rows_of(unused).deals.size() == 1);  // a column the function does not use
}

TEST_CASE("deal_rows: stages as the rules list them, ids once and never empty") {
    const test_table typo = {header, {"D1", "#n:5", "Discovry", "#n:46387", "", ""}};
    CHECK(problem(typo) == "#truepipe: deals row 2, \"Stage\": unknown stage \"Discovry\" (known: Prospecting, "
                           "Discovery, Proposal, Closed Won, Closed Lost)");
    const test_table twice = {header,
                              {"D1", "#n:5", "Discovery", "#n:46387", "", ""},
                              {"#n:7", "#n:5", "Discovery", "#n:46387", "", ""},
                              {"7 ", "#n:5", "Discovery", "#n:46387", "", ""}};
    CHECK(problem(twice) == "#truepipe: deals row 4, \"ID\": id \"7\" is also on row 3");
    const test_table no_id = {header, {"", "#n:5", "Discovery", "#n:46387", "", ""}};
    CHECK(problem(no_id) == "#truepipe: deals row 2, \"ID\": the deal has no id");
    CHECK(deal_id(cell::of_number(1042)) == "1042");
    CHECK(deal_id(cell::of_number(10.5)) == "10.5");
    CHECK(deal_id(cell::of_text("  D-7\t")) == "D-7");
    CHECK(deal_id(cell::empty_cell()).empty());
}

TEST_CASE("deal_rows: a table of headers only has no deals") {
    const test_table headers_only = {header};
    CHECK(rows_of(headers_only).deals.empty());
}
