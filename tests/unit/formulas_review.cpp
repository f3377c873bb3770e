// The weekly review: PIPELINE_FLOW and DEAL_CHANGE over two deal tables.
#include "formulas_support.hpp"
#include "tables.hpp"

#include <fmt/format.h>

#include <array>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

constexpr std::string_view review_rules = R"(calendar business-days
holiday 2026-11-26
stall-limit 30 days
stage "Prospecting" not-counted
stage "Discovery"   stall-limit 10 days
stage "Proposal"    stall-limit 5 days weight 0.5
stage "Negotiation" stall-limit 10 days
stage "Closed Won"  won
stage "Closed Lost" lost
stage "Disqualified" closed
)";

// A date cell of a test table.
std::string d(std::string_view iso) { return fmt::format("#n:{}", serial(iso)); }
std::string n(double value) { return fmt::format("#n:{}", value); }

const std::array categories = {"won",         "lost",           "closed",    "new",       "removed",  "pushed out",
                               "pulled in",   "became real",    "no longer real", "increased", "decreased", "unchanged"};

// The review's arguments besides the tables.
struct review_call {
    std::string snapshot_date = "2026-11-23";
    std::string as_of = "2026-11-30";
    std::string period_end = "2026-12-31";  // "" for none
    std::string owner;                      // "" for none
    std::string rules{review_rules};
    table_memo* deals_memo = nullptr;
    table_memo* snapshot_memo = nullptr;

    cell date_cell(const std::string& iso) const { return iso.empty() ? blank() : date(iso); }

    formula_result flow(const test_table& deals, const test_table& snapshot, std::string_view category,
                        std::string_view measure = "") const {
        const cell name = text(category), taken = date_cell(snapshot_date), day = date_cell(as_of),
                   end = date_cell(period_end), rep = owner.empty() ? blank() : text(owner),
                   how = measure.empty() ? blank() : text(measure);
        return pipeline_flow(context_on("2026-12-04"), range_view::single(name), {deals.view(), deals_memo},
                             {snapshot.view(), snapshot_memo}, range_view::single(taken), range_view::single(day),
                             range_view::single(end), rules_argument::of_text(rules), range_view::single(rep),
                             range_view::single(how));
    }

    std::string change(const test_table& deals, const test_table& snapshot, const cell& id) const {
        const cell taken = date_cell(snapshot_date), day = date_cell(as_of), end = date_cell(period_end),
                   rep = owner.empty() ? blank() : text(owner);
        return deal_change(context_on("2026-12-04"), range_view::single(id), {deals.view(), deals_memo},
                           {snapshot.view(), snapshot_memo}, range_view::single(taken), range_view::single(day),
                           range_view::single(end), rules_argument::of_text(rules), range_view::single(rep));
    }
    std::string change(const test_table& deals, const test_table& snapshot, std::string_view id) const {
        return change(deals, snapshot, text(id));
    }
};

// ---- The reference's worked example -----------------------------------------------

const test_table& example_today() {
    static const test_table table{
        {"ID", "Amount", "Stage", "Advance Date", "Close Date"},
        {"D1", n(40000), "Discovery", d("2026-11-20"), d("2026-12-31")},
        {"D2", n(50000), "Proposal", d("2026-11-20"), d("2027-01-31")},
        {"D3", n(30000), "Closed Won", d("2026-11-25"), d("2026-11-25")},
        {"D4", n(20000), "Discovery", d("2026-11-09"), d("2026-12-15")},
        {"D5", n(7000), "Discovery", d("2026-11-27"), d("2026-12-18")},
        {"D6", n(12000), "Discovery", d("2026-11-25"), d("2026-12-22")},
        {"D8", n(30000), "Proposal", d("2026-11-27"), d("2026-12-28")},
        {"D9", n(25000), "Discovery", d("2026-11-24"), d("2026-12-30")},
        {"D10", n(8000), "Closed Lost", d("2026-11-24"), d("2026-11-24")},
        {"D11", n(60000), "Negotiation", d("2026-11-24"), d("2026-12-15")},
    };
    return table;
}

const test_table& example_snapshot() {
    static const test_table table{
        {"Stage", "Close Date", "ID", "Notes", "Advance Date", "Amount"},
        {"Discovery", d("2026-12-31"), "D1", "", d("2026-11-20"), n(40000)},
        {"Proposal", d("2026-12-20"), "D2", "call back", d("2026-11-20"), n(50000)},
        {"Negotiation", d("2026-12-10"), "D3", "", d("2026-11-18"), n(30000)},
        {"Discovery", d("2026-12-15"), "D4", "", d("2026-11-09"), n(20000)},
        {"Discovery", d("2026-12-18"), "D5", "", d("2026-11-19"), n(10000)},
        {"Discovery", d("2026-12-05"), "D7", "", d("2026-11-16"), n(15000)},
        {"Proposal", d("2027-01-15"), "D8", "", d("2026-11-20"), n(30000)},
        {"Prospecting", d("2026-12-30"), "D9", "", d("2026-11-20"), n(25000)},
        {"Proposal", d("2026-12-01"), "D10", "", d("2026-11-02"), n(8000)},
        {"Negotiation", d("2026-12-15"), "D11", "", d("2026-11-17"), n(50000)},
    };
    return table;
}

TEST_CASE("the worked example: each deal's change") {
    const review_call call;
    const std::map<std::string, std::string> expected = {
        {"D1", "unchanged"},
        {"D2", "pushed out: close 2026-12-20 → 2027-01-31"},
        {"D3", "won: Negotiation → Closed Won; close 2026-12-10 → 2026-11-25"},
        {"D4", "no longer real: stalled: 14 days in Discovery (limit 10)"},
        {"D5", "decreased: amount 10000 → 7000"},
        {"D6", "new"},
        {"D7", "removed"},
        {"D8", "pulled in: close 2027-01-15 → 2026-12-28"},
        {"D9", "became real: Prospecting → Discovery"},
        {"D10", "lost: Proposal → Closed Lost; close 2026-12-01 → 2026-11-24"},
        {"D11", "increased: amount 50000 → 60000"},
    };
    for (const auto& deal : expected) {
        const std::string& id = deal.first;
        CAPTURE(id);
        CHECK(call.change(example_today(), example_snapshot(), id) == deal.second);
    }
}

TEST_CASE("the worked example: the flow of each category, by amount and by deals") {
    const review_call call;
    const std::map<std::string, std::pair<double, double>> expected = {
        {"start", {190000, 7}},     {"new", {12000, 1}},         {"pulled in", {15000, 1}},
        {"became real", {25000, 1}}, {"increased", {10000, 1}},  {"unchanged", {0, 1}},
        {"decreased", {-3000, 1}},  {"no longer real", {-20000, 1}}, {"pushed out", {-25000, 1}},
        {"won", {-30000, 1}},       {"lost", {0, 1}},            {"closed", {0, 0}},
        {"removed", {-15000, 1}},   {"end", {159000, 6}},
    };
    for (const auto& line : expected) {
        const std::string& category = line.first;
        const auto& figures = line.second;
        CAPTURE(category);
        CHECK(number_of(call.flow(example_today(), example_snapshot(), category)) == figures.first);
        CHECK(number_of(call.flow(example_today(), example_snapshot(), category, "deals")) == figures.second);
    }
    // Names compare as every name does: case-insensitively, spaces around ignored.
    CHECK(number_of(call.flow(example_today(), example_snapshot(), "  Pushed Out ")) == -25000);
    CHECK(number_of(call.flow(example_today(), example_snapshot(), "END", " Deals ")) == 6);
}

TEST_CASE("a memo gives the same answers, and answers for the table it was made for") {
    table_memo deals_memo, snapshot_memo;
    review_call call;
    call.deals_memo = &deals_memo;
    call.snapshot_memo = &snapshot_memo;
    for (int round = 0; round < 2; ++round) {
        CHECK(number_of(call.flow(example_today(), example_snapshot(), "start")) == 190000);
        CHECK(number_of(call.flow(example_today(), example_snapshot(), "won")) == -30000);
        CHECK(call.change(example_today(), example_snapshot(), "D5") == "decreased: amount 10000 → 7000");
    }
    // Other arguments are other reviews of the same tables.
    call.as_of = "2026-11-23";
    CHECK(number_of(call.flow(example_today(), example_snapshot(), "start")) == 190000);
    CHECK(deals_memo.serial() != snapshot_memo.serial());
    // Another snapshot with no memo is never answered from the first one's review.
    const test_table other{{"ID", "Amount", "Stage", "Advance Date", "Close Date"},
                           {"D1", n(40000), "Discovery", d("2026-11-20"), d("2026-12-31")}};
    call.as_of = "2026-11-30";
    call.snapshot_memo = nullptr;
    CHECK(number_of(call.flow(example_today(), other, "start")) == 40000);
}

// ---- Each category and its precedence ------------------------------------------------

const std::vector<std::string> header = {"ID", "Amount", "Stage", "Advance Date", "Close Date", "Owner"};

TEST_CASE("a deal opened and won within the week is won, not new") {
    const test_table before{header};
    const test_table today{header, {"W", n(5000), "Closed Won", d("2026-11-27"), d("2026-11-27"), "Ana"}};
    const review_call call;
    CHECK(call.change(today, before, "W") == "won");
    CHECK(number_of(call.flow(today, before, "won", "deals")) == 1);
    CHECK(number_of(call.flow(today, before, "new", "deals")) == 0);
}

TEST_CASE("a stage that is only closed is closed; closed in both tables takes no part") {
    const test_table before{header,
                            {"Q", n(9000), "Discovery", d("2026-11-20"), d("2026-12-20"), "Ana"},
                            {"C", n(4000), "Closed Won", d("2026-11-02"), d("2026-11-02"), "Ana"}};
    const test_table today{header,
                           {"Q", n(9000), "Disqualified", d("2026-11-27"), d("2026-12-20"), "Ana"},
                           {"C", n(4000), "Closed Won", d("2026-11-02"), d("2026-11-02"), "Ana"}};
    const review_call call;
    CHECK(call.change(today, before, "Q") == "closed: Discovery → Disqualified");
    CHECK(number_of(call.flow(today, before, "closed")) == -9000);
    CHECK(call.change(today, before, "C") == "out of scope");
    CHECK(number_of(call.flow(today, before, "unchanged", "deals")) == 0);
}

TEST_CASE("pushed out comes before no longer real, pulled in before became real") {
    const test_table before{header,
                            {"P", n(10000), "Discovery", d("2026-11-20"), d("2026-12-20"), "Ana"},
                            {"I", n(10000), "Prospecting", d("2026-11-20"), d("2027-02-01"), "Ana"}};
    const test_table today{header,
                           {"P", n(10000), "Discovery", d("2026-11-02"), d("2027-01-10"), "Ana"},
                           {"I", n(10000), "Discovery", d("2026-11-27"), d("2026-12-10"), "Ana"}};
    const review_call call;
    CHECK(call.change(today, before, "P") == "pushed out: close 2026-12-20 → 2027-01-10");
    CHECK(call.change(today, before, "I") == "pulled in: Prospecting → Discovery; close 2027-02-01 → 2026-12-10");
    CHECK(number_of(call.flow(today, before, "pushed out")) == -10000);
    CHECK(number_of(call.flow(today, before, "pulled in")) == 10000);
    // Without a period end nothing is pushed or pulled: the changes are about being real.
    review_call open_ended;
    open_ended.period_end = "";
    CHECK(open_ended.change(today, before, "P") ==
          "no longer real: close 2026-12-20 → 2027-01-10; stalled: 19 days in Discovery (limit 10)");
    CHECK(open_ended.change(today, before, "I") == "became real: Prospecting → Discovery; close 2027-02-01 → 2026-12-10");
}

TEST_CASE("a deal out of the period in both tables takes no part") {
    const test_table before{header, {"L", n(10000), "Discovery", d("2026-11-20"), d("2027-03-01"), "Ana"}};
    const test_table today{header, {"L", n(12000), "Discovery", d("2026-11-27"), d("2027-03-01"), "Ana"}};
    const review_call call;
    CHECK(call.change(today, before, "L") == "out of scope");
    for (const char* category : categories) CHECK(number_of(call.flow(today, before, category, "deals")) == 0);
}

TEST_CASE("amounts equal to 15 significant digits are unchanged; weights count") {
    const test_table before{header, {"A", n(30000), "Proposal", d("2026-11-20"), d("2026-12-20"), "Ana"},
                            {"B", n(30000), "Discovery", d("2026-11-20"), d("2026-12-20"), "Ana"}};
    const test_table today{header, {"A", "#n:30000.000000000004", "Proposal", d("2026-11-27"), d("2026-12-20"), "Ana"},
                           {"B", n(30000), "Proposal", d("2026-11-27"), d("2026-12-20"), "Ana"}};
    const review_call call;
    CHECK(call.change(today, before, "A") == "unchanged");
    // Discovery (weight 1) to Proposal (weight 0.5): the real pipeline lost half of it.
    CHECK(call.change(today, before, "B") == "decreased: Discovery → Proposal");
    CHECK(number_of(call.flow(today, before, "decreased")) == -15000);
}

TEST_CASE("the owner argument: a deal reassigned to the rep is new for the rep, removed for the other") {
    const test_table before{header, {"R", n(10000), "Discovery", d("2026-11-20"), d("2026-12-20"), "Ana"},
                            {"S", n(5000), "Discovery", d("2026-11-20"), d("2026-12-20"), "Ben"}};
    const test_table today{header, {"R", n(10000), "Discovery", d("2026-11-27"), d("2026-12-20"), "Ben"},
                           {"S", n(5000), "Discovery", d("2026-11-27"), d("2026-12-20"), "ben "}};
    review_call call;
    CHECK(call.change(today, before, "R") == "unchanged: owner Ana → Ben");
    call.owner = " BEN";
    CHECK(call.change(today, before, "R") == "new");
    CHECK(call.change(today, before, "S") == "unchanged");
    CHECK(number_of(call.flow(today, before, "start")) == 5000);
    CHECK(number_of(call.flow(today, before, "end")) == 15000);
    call.owner = "Ana";
    CHECK(call.change(today, before, "R") == "removed");
    CHECK(call.change(today, before, "S") == "out of scope");
    CHECK(number_of(call.flow(today, before, "removed")) == -10000);
}

TEST_CASE("ids are compared as text: 1042 and \"1042\" are one deal") {
    const test_table before{header, {"#n:1042", n(10000), "Discovery", d("2026-11-20"), d("2026-12-20"), ""}};
    const test_table today{header, {" 1042 ", n(12000), "Discovery", d("2026-11-27"), d("2026-12-20"), ""}};
    const review_call call;
    CHECK(call.change(today, before, number(1042)) == "increased: amount 10000 → 12000");
    CHECK(call.change(today, before, "1042") == "increased: amount 10000 → 12000");
    CHECK(number_of(call.flow(today, before, "new", "deals")) == 0);
}

TEST_CASE("no longer real says why, in DEAL_STATUS's words") {
    const test_table before{header, {"N", n(10000), "Discovery", d("2026-11-20"), d("2026-12-20"), ""},
                            {"M", n(10000), "Discovery", d("2026-11-20"), d("2026-11-27"), ""}};
    const test_table today{header, {"N", n(10000), "Prospecting", d("2026-11-27"), d("2026-12-20"), ""},
                           {"M", n(10000), "Discovery", d("2026-11-20"), d("2026-11-27"), ""}};
    const review_call call;
    CHECK(call.change(today, before, "N") == "no longer real: Discovery → Prospecting; not counted: Prospecting");
    CHECK(call.change(today, before, "M") == "no longer real: past close date 2026-11-27");
}

// ---- Arguments and errors ---------------------------------------------------------------

TEST_CASE("review arguments: category, measure, dates, ids") {
    review_call call;
    const auto& today = example_today();
    const auto& before = example_snapshot();
    CHECK(text_of(call.flow(today, before, "pushed")) ==
          "#truepipe: unknown category \"pushed\" (known: start, won, lost, closed, new, removed, pushed out, "
          "pulled in, became real, no longer real, increased, decreased, unchanged, end)");
    CHECK(text_of(call.flow(today, before, "won", "euros")) ==
          "#truepipe: unknown measure \"euros\" (known: amount, deals)");
    CHECK(call.change(today, before, "D99") == "#truepipe: id \"D99\" is in neither deals nor snapshot");
    CHECK(call.change(today, before, blank()).empty());
    call.snapshot_date = "2026-12-01";
    CHECK(text_of(call.flow(today, before, "won")) ==
          "#truepipe: snapshot_date 2026-12-01 is after as_of 2026-11-30");
    CHECK(call.change(today, before, "D1") == "#truepipe: snapshot_date 2026-12-01 is after as_of 2026-11-30");
    call.snapshot_date = "";
    CHECK(text_of(call.flow(today, before, "won")) ==
          "#truepipe: snapshot_date is empty: give the day the snapshot was taken");
}

TEST_CASE("table errors name the table, the row, the header and the value") {
    const test_table before{header, {"X", "$40,000", "Discovery", d("2026-11-20"), d("2026-12-20"), ""}};
    const test_table today{header, {"X", n(1), "Discovery", "#e:#N/A", d("2026-12-20"), ""}};
    const test_table fine{header, {"X", n(1), "Discovery", d("2026-11-20"), d("2026-12-20"), ""}};
    const review_call call;
    CHECK(text_of(call.flow(fine, before, "won")) ==
          "#truepipe: snapshot row 2, \"Amount\": \"$40,000\" is not a number: Data > Text to Columns turns such "
          "a column into numbers");
    CHECK(call.change(today, fine, "X") == "#truepipe: deals row 2, \"Advance Date\": the cell shows #N/A");
    const test_table no_dates{{"ID", "Amount", "Stage", "Close Date"}, {"X", n(1), "Discovery", d("2026-12-20")}};
    CHECK(text_of(call.flow(no_dates, fine, "won")).starts_with("#truepipe: deals has no advance column"));
    review_call by_rep;
    by_rep.owner = "Ana";
    CHECK(text_of(by_rep.flow(no_dates, fine, "won")).starts_with("#truepipe: deals has no owner column"));
}

TEST_CASE("entered dates count as advance dates; a closed stage's only on deals in it") {
    const test_table before{{"ID", "Amount", "Stage", "Close Date", "Entered Discovery", "Entered Closed Won"},
                            {"E", n(10000), "Discovery", d("2026-12-20"), d("2026-11-20"), d("2026-11-21")}};
    const test_table today{{"ID", "Amount", "Stage", "Close Date", "Entered Discovery", "Entered Closed Won"},
                           {"E", n(10000), "Discovery", d("2026-12-20"), d("2026-11-06"), d("2026-11-27")}};
    const review_call call;
    // The Closed Won date counts on no Discovery deal: as of 2026-11-30 the deal last moved on 11-06,
    // 15 business days before (2026-11-26 is a holiday).
    CHECK(call.change(today, before, "E") == "no longer real: stalled: 15 days in Discovery (limit 10)");
}

// ---- The identity: start + every category = end --------------------------------------------

TEST_CASE("property: start plus every category is end, and the deals' changes add up to the flow") {
    std::mt19937 random(20261204);
    const std::array<std::string, 8> stages = {"Prospecting", "Discovery",  "Proposal",    "Negotiation",
                                               "Closed Won",  "Closed Lost", "Disqualified", "Discovery"};
    const std::array<std::string, 3> owners = {"Ana", "Ben", ""};
    const auto random_row = [&](int id) {
        std::uniform_int_distribution<int> pick(0, 7), days(-40, 80), amount(0, 90000), owner(0, 2);
        const std::string advance = d(iso_date(day("2026-11-20") + days(random) / 4));
        return std::vector<std::string>{fmt::format("#n:{}", id), n(amount(random) + (amount(random) % 7) * 0.1),
                                        stages[std::size_t(pick(random))], advance,
                                        d(iso_date(day("2026-11-20") + days(random))), owners[std::size_t(owner(random))]};
    };
    for (int trial = 0; trial < 60; ++trial) {
        CAPTURE(trial);
        std::vector<std::vector<std::string>> before_rows, today_rows;
        // Ids from 1: Calc hands a reference to one empty cell over as 0, so an id of 0 is no id.
        for (int id = 1; id <= 40; ++id) {
            std::uniform_int_distribution<int> presence(0, 9);
            const int where = presence(random);
            if (where != 0) before_rows.push_back(random_row(id));
            if (where != 1) today_rows.push_back(random_row(id));
        }
        test_table before{header}, today{header};
        before.add_rows(before_rows);
        today.add_rows(today_rows);
        review_call call;
        if (trial % 3 == 0) call.period_end = "";
        if (trial % 4 == 1) call.owner = "ana";
        double sum = number_of(call.flow(today, before, "start"));
        std::map<std::string, double> counted;
        for (const char* category : categories) {
            sum += number_of(call.flow(today, before, category));
            counted[category] = number_of(call.flow(today, before, category, "deals"));
        }
        const double end = number_of(call.flow(today, before, "end"));
        CHECK(std::abs(sum - end) <= 1e-9 * std::max(1.0, std::abs(end)));
        std::map<std::string, double> seen;
        for (int id = 1; id <= 40; ++id) {
            const std::string change = call.change(today, before, number(id));
            REQUIRE(!change.starts_with("#"));
            if (change.empty() || change == "out of scope") continue;
            seen[change.substr(0, change.find(':'))] += 1;
        }
        for (const char* category : categories) CHECK(seen[category] == counted[category]);
    }
}

}  // namespace
