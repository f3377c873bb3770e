// Deal tables: each role's column found by its header, from the rules' column
// lines or the default headers, and what is said when one cannot be.
#include <truepipe/deal_table.hpp>
#include <truepipe/rules_parser.hpp>

#include "tables.hpp"

#include <doctest/doctest.h>

#include <string>
#include <variant>
#include <vector>

using namespace truepipe;

namespace {

using table = test_table;

rules parsed(std::string_view text) {
    const auto result = parse_rules(text);
    if (const auto* error = std::get_if<rules_error>(&result)) FAIL("unexpected rules error: " << error->brief());
    return std::get<rules>(result);
}

constexpr column_role review_roles[] = {column_role::id, column_role::amount, column_role::stage, column_role::close,
                                        column_role::advance};
constexpr column_role owner_role[] = {column_role::owner};
constexpr table_needs review{review_roles, owner_role};

table_columns found(const table& deals, const rules& with, table_needs needs = review) {
    auto result = find_columns(deals.view(), "deals", with, needs);
    if (const auto* problem = std::get_if<diagnostic>(&result)) FAIL("unexpected error: " << problem->cell_text());
    return std::get<table_columns>(std::move(result));
}

std::string problem(const table& deals, const rules& with, table_needs needs = review) {
    auto result = find_columns(deals.view(), "deals", with, needs);
    if (std::holds_alternative<table_columns>(result)) FAIL("expected an error");
    return std::get<diagnostic>(result).cell_text();
}

}  // namespace

TEST_CASE("deal_table: the default headers find a CRM export's columns in any order") {
    const table deals = {{"Notes", "Close Date", "Stage", "Amount", "ID", "Advance Date", "Owner"},
                         {"", "#n:46357", "Discovery", "#n:40000", "D-1", "#n:46346", "Maria"}};
    const table_columns columns = found(deals, builtin_rules());
    CHECK(columns.of(column_role::id) == 4u);
    CHECK(columns.of(column_role::amount) == 3u);
    CHECK(columns.of(column_role::stage) == 2u);
    CHECK(columns.of(column_role::close) == 1u);
    CHECK(columns.advance == std::vector<std::size_t>{5});
    CHECK(columns.of(column_role::owner) == 6u);
    CHECK_FALSE(columns.of(column_role::created));  // not asked for
}

TEST_CASE("deal_table: a role's default headers are tried in order, the first that names a column decides") {
    const table deals = {{"Amount", "ID", "Stage", "Close Date", "Last Advance", "Amount (converted)"}};
    CHECK(found(deals, builtin_rules()).of(column_role::amount) == 5u);
    const table hubspot = {{"Record ID", "Deal Stage", "Amount in company currency", "Deal Value",
                            "Expected Close Date", "Last Stage Change Date", "Deal Owner"}};
    const table_columns columns = found(hubspot, builtin_rules());
    CHECK(columns.of(column_role::id) == 0u);
    CHECK(columns.of(column_role::stage) == 1u);
    CHECK(columns.of(column_role::amount) == 2u);
    CHECK(columns.of(column_role::close) == 4u);
    CHECK(columns.advance == std::vector<std::size_t>{5});
    CHECK(columns.of(column_role::owner) == 6u);
}

TEST_CASE("deal_table: headers compare without case and with white space folded") {
    const table deals = {{" deal\xC2\xA0" "id ", "AMOUNT", "stage\n", "Close\t\tDate", "  advance   date"}};
    const table_columns columns = found(deals, builtin_rules());
    CHECK(columns.of(column_role::id) == 0u);
    CHECK(columns.of(column_role::close) == 3u);
    CHECK(columns.advance == std::vector<std::size_t>{4});
    CHECK(header_matches("Close Date", " close  DATE"));
    CHECK_FALSE(header_matches("Close Date", "Close Dates"));
    CHECK(header_matches("Amount*", "Amount (EUR)"));
    CHECK(header_matches("Amount *", "amount  (EUR)"));
    CHECK_FALSE(header_matches("Amount *", "Amount"));
    CHECK_FALSE(header_matches("Amount*", ""));
}

TEST_CASE("deal_table: column lines name other headers, * a prefix, and advance takes every match") {
    const rules with = parsed(R"rules(column id      "Opportunity ID"
column amount  "Amount (EUR)*"
column advance "Last Stage Change Date", "Next Step Agreed", "Meeting*"
)rules");
    const table deals = {{"Opportunity ID", "Amount (EUR) converted", "Stage", "Close Date", "Meeting 2",
                          "Next Step Agreed", "Meeting 1", "Last Stage Change Date", "ID"}};
    const table_columns columns = found(deals, with);
    CHECK(columns.of(column_role::id) == 0u);  // the column line's header, not the default "ID"
    CHECK(columns.of(column_role::amount) == 1u);
    CHECK(columns.advance == std::vector<std::size_t>{4, 5, 6, 7});
}

TEST_CASE("deal_table: entered columns are found per stage, {stage} being its name") {
    const rules with = parsed(R"rules(stage "Discovery"
stage "Proposal"
stage "Closed Won" won
column entered "Date entered \"{stage} (Sales Pipeline)\""
)rules");
    const table deals = {{"Date entered \"Proposal (Sales Pipeline)\"", "Stage",
                          "date entered \"discovery (sales pipeline)\""}};
    constexpr column_role entered[] = {column_role::stage, column_role::entered};
    const table_columns columns = found(deals, with, {entered, {}});
    REQUIRE(columns.entered.size() == 3);
    CHECK(columns.entered[0] == 2u);
    CHECK(columns.entered[1] == 0u);
    CHECK_FALSE(columns.entered[2]);

    const rules defaults = parsed("stage \"Discovery\"\nstage \"Proposal\"");
    const table spreadsheet = {{"Stage", "Entered Discovery", "Date Entered Proposal"}};
    CHECK(found(spreadsheet, defaults, {entered, {}}).entered == std::vector<std::optional<std::size_t>>{1, 2});
}

TEST_CASE("deal_table: a missing column names the headers tried and the table's own") {
    const table deals = {{"ID", "Amout", "Stage", "Close Date", "Advance Date"}};
    CHECK(problem(deals, builtin_rules()) ==
          "#truepipe: deals has no amount column: none of its headers is \"Amount (converted)\", \"Amount in "
          "company currency\", \"Amount\", \"Deal Value\" or \"Value\"; its headers are \"ID\", \"Amout\", "
          "\"Stage\", \"Close Date\", \"Advance Date\"; did you mean \"Amout\"?");
    const rules with = parsed("column close \"Closing Date\"");
    const table no_close = {{"ID", "Amount", "Stage", "Close Date", "Advance Date"}};
    CHECK(problem(no_close, with) ==
          "#truepipe: deals has no close column: none of its headers is \"Closing Date\" (the rules' column "
          "line); its headers are \"ID\", \"Amount\", \"Stage\", \"Close Date\", \"Advance Date\"; did you mean "
          "\"Close Date\"?");
}

TEST_CASE("deal_table: a column line's role is looked for even when the function could do without it") {
    const table deals = {{"ID", "Amount", "Stage", "Close Date", "Advance Date"}};
    CHECK(found(deals, builtin_rules()).of(column_role::owner) == std::nullopt);
    CHECK(problem(deals, parsed("column owner \"Account Executive\"")) ==
          "#truepipe: deals has no owner column: none of its headers is \"Account Executive\" (the rules' "
          "column line); its headers are \"ID\", \"Amount\", \"Stage\", \"Close Date\", \"Advance Date\"");
}

TEST_CASE("deal_table: one header naming two columns of a one-column role is an error") {
    const table twice = {{"ID", "Stage", "Amount", "Close Date", "Stage", "Advance Date"}};
    CHECK(problem(twice, builtin_rules()) ==
          "#truepipe: deals has 2 columns for stage: \"Stage\" matches \"Stage\" (column 2) and \"Stage\" "
          "(column 5); name one in a column stage line of the rules");
    const table currencies = {{"ID", "Stage", "Amount (EUR)", "Close Date", "Amount (USD)", "Advance Date"}};
    CHECK(problem(currencies, parsed("column amount \"Amount*\"")) ==
          "#truepipe: deals has 2 columns for amount: \"Amount*\" matches \"Amount (EUR)\" (column 3) and "
          "\"Amount (USD)\" (column 5); name one in a column amount line of the rules");
}

TEST_CASE("deal_table: a title row above the headers says where to start the range") {
    const table deals = {{"Pipeline export, 30 Nov 2026", "", "", "", ""},
                         {"", "", "", "", ""},
                         {"ID", "Amount", "Stage", "Close Date", "Advance Date"},
                         {"D-1", "#n:100", "Discovery", "#n:46357", "#n:46346"}};
    CHECK(problem(deals, builtin_rules()) ==
          "#truepipe: deals has none of the headers it needs in its first row, but row 3 has: start the range at "
          "that row (a title or merged row above the headers)");
}

TEST_CASE("deal_table: empty header cells and number headers, a table of headers only, an empty range") {
    const table deals = {{"", "ID", "#n:2026", "Amount", "", "Stage", "Close Date", "Advance Date"}};
    const table_columns columns = found(deals, builtin_rules());
    CHECK(columns.of(column_role::id) == 1u);
    CHECK(columns.of(column_role::stage) == 5u);
    CHECK(found(deals, parsed("column created \"2026\"")).of(column_role::created) == std::nullopt);  // not read
    constexpr column_role created[] = {column_role::created};
    CHECK(found(deals, parsed("column created \"2026\""), {created, {}}).of(column_role::created) == 2u);
    const table nothing = {{"", ""}};
    CHECK(problem(nothing, builtin_rules()).starts_with(
        "#truepipe: deals has no id column: none of its headers is \"ID\", \"Deal ID\", \"Opportunity ID\" or "
        "\"Record ID\"; its first row holds no headers"));
    const range_view empty{};
    CHECK(std::get<diagnostic>(find_columns(empty, "snapshot", builtin_rules(), review)).cell_text() ==
          "#truepipe: snapshot is empty: it needs a header row");
}
