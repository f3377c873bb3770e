// WIN_RATE and the won and lost stages.

#include "formulas_support.hpp"

using namespace truepipe;
using namespace truepipe::testing;

namespace {

constexpr std::string_view decided_rules =
    "stage \"Discovery\"\n"
    "stage \"Proposal\" weight 0.5\n"
    "stage \"Closed Won\" won\n"
    "stage \"Closed Lost\" lost\n"
    "stage \"Disqualified\" closed\n";

rules_argument rules_of(std::string_view text) { return rules_argument::of_text(text); }

double rate(const std::vector<cell>& stages, const std::vector<cell>& amounts = {},
            std::string_view rules = decided_rules) {
    return number_of(
        win_rate(column(stages), amounts.empty() ? range_view{} : column(amounts), rules_of(rules)));
}

std::string rate_error(const std::vector<cell>& stages, const std::vector<cell>& amounts = {},
                       std::string_view rules = decided_rules) {
    return text_of(
        win_rate(column(stages), amounts.empty() ? range_view{} : column(amounts), rules_of(rules)));
}

const std::string no_decisions =
    "#truepipe: the rules mark no stage won or lost: add won or lost to the stage lines that end a deal, "
    "like "
    "stage \"Closed Won\" won and stage \"Closed Lost\" lost";

}  // namespace

TEST_CASE("formulas_win_rate: won over won and lost, open and only-closed stages ignored") {
    const std::vector<cell> stages = {text("Closed Won"),   text("Discovery"),  text("Closed Lost"),
                                      text("Disqualified"), text("Closed Won"), text("Proposal"),
                                      text("Closed Lost"),  text("Closed Won")};
    CHECK(rate(stages) == 3.0 / 5.0);
    CHECK(number_of(win_rate(row_of(stages), {}, rules_of(decided_rules))) == 3.0 / 5.0);
}

TEST_CASE("formulas_win_rate: by amount, each decided deal weighs its amount and no stage weight") {
    const std::vector<cell> stages = {text("Closed Won"), text("Closed Lost"), text("Proposal"),
                                      text("Closed Won")};
    const std::vector<cell> amounts = {number(30000), number(50000), number(99000), number(20000)};
    CHECK(rate(stages, amounts) == 50000.0 / 100000.0);
    // An open deal's amount is not looked at.
    const std::vector<cell> open_blank = {number(30000), number(50000), blank(), number(20000)};
    CHECK(rate(stages, open_blank) == 0.5);
    const std::vector<cell> open_text = {number(30000), number(50000), text("tbd"), number(20000)};
    CHECK(rate(stages, open_text) == 0.5);
}

TEST_CASE("formulas_win_rate: a decided deal's amount must be a number, 0 or more") {
    const std::vector<cell> stages = {text("Closed Won"), text("Closed Lost")};
    CHECK(rate_error(stages, {number(1), blank()}) == "#truepipe: row 2: amount is empty");
    CHECK(rate_error(stages, {number(1), number(-5)}) == "#truepipe: row 2: amount -5 is negative");
    CHECK(rate_error(stages, {text("lots"), number(5)}) ==
          "#truepipe: row 1: amount \"lots\" is not a number");
    CHECK(rate_error(stages, {number(0), number(0)}) == "#truepipe: the decided deals' amounts add up to 0");
    CHECK(rate_error(stages, {number(1.7e308), number(1.7e308)}) ==
          "#truepipe: the decided amounts add up to too large a number");
    CHECK(rate(stages, {number(0), number(10)}) == 0.0);
}

TEST_CASE("formulas_win_rate: amounts must be as long as the stages") {
    const std::vector<cell> stages = {text("Closed Won"), text("Closed Lost"), text("Closed Won")};
    CHECK(rate_error(stages, {number(1), number(2)}) == "#truepipe: amounts has 2 rows but stages has 3");
    CHECK(text_of(
              win_rate(block(std::vector<cell>(4, text("Closed Won")), 2, 2), {}, rules_of(decided_rules))) ==
          "#truepipe: stages must be a single column or row, not 2 rows by 2 columns");
}

TEST_CASE("formulas_win_rate: stage names as in the rules, case and spaces ignored; a typo is an error") {
    CHECK(rate({text(" closed won "), text("CLOSED LOST"), text("closed lost")}) == 1.0 / 3.0);
    CHECK(rate_error({text("Closed Won"), text("Closed Wonn")}) ==
          "#truepipe: row 2: unknown stage \"Closed Wonn\" (known: Discovery, Proposal, Closed Won, Closed "
          "Lost, "
          "Disqualified)");
    CHECK(rate_error({text("Closed Won"), number(3)}) ==
          "#truepipe: row 2: stage 3 is a number, not a stage name");
}

TEST_CASE("formulas_win_rate: empty rows are skipped; an amount without a stage is an error") {
    CHECK(rate({blank(), text("Closed Won"), blank(), text("Closed Lost")},
               {blank(), number(5), blank(), number(15)}) == 0.25);
    CHECK(rate_error({text("Closed Won"), blank()}, {number(5), number(15)}) ==
          "#truepipe: row 2: stage is empty");
}

TEST_CASE("formulas_win_rate: rules that decide nothing say how to mark won and lost") {
    CHECK(rate_error({text("Closed Won")}, {}, "stage \"Closed Won\" closed") == no_decisions);
    CHECK(rate_error({text("Closed Won")}, {}, "stall-limit 10 days") == no_decisions);
    CHECK(text_of(win_rate(column({text("Closed Won")}), {}, worked_rules())) == no_decisions);
}

TEST_CASE("formulas_win_rate: no decided deal is an error") {
    CHECK(rate_error({text("Discovery"), text("Disqualified")}) ==
          "#truepipe: no decided deals (won or lost)");
    CHECK(rate_error({blank(), blank()}) == "#truepipe: no decided deals (won or lost)");
}

TEST_CASE("formulas_win_rate: won only, or lost only, is still a rate") {
    CHECK(rate({text("Won")}, {}, "stage \"Won\" won") == 1.0);
    CHECK(rate({text("Lost")}, {}, "stage \"Lost\" lost") == 0.0);
}

TEST_CASE("formulas_win_rate: the built-in rules decide Closed Won and Closed Lost") {
    without_user_rules();
    const std::vector<cell> stages = {text("Closed Won"), text("Negotiation"), text("Closed Lost"),
                                      text("Closed Lost")};
    CHECK(number_of(win_rate(column(stages), {}, rules_argument::omitted())) == 1.0 / 3.0);
}

TEST_CASE("formulas_win_rate: every other function sees won and lost as closed") {
    const auto rules = rules_of(decided_rules);
    CHECK(text_of(stall_limit(text("Closed Won"), rules)) ==
          "#truepipe: \"Closed Won\" is a closed stage and has no stall limit");
    const std::vector<cell> dates = {date("2026-11-02")};
    CHECK(deal_status(context_on("2026-11-30"), text("Closed Lost"), column(dates), blank(), blank(),
                      rules) == "closed");
    const std::vector<cell> amounts = {number(100), number(100)};
    const std::vector<cell> stages = {text("Closed Won"), text("Discovery")};
    const std::vector<cell> advances = {blank(), date("2026-11-25")};
    const std::vector<cell> closes = {blank(), date("2026-12-31")};
    CHECK(number_of(real_coverage(context_on("2026-11-30"), column(amounts), column(stages), column(advances),
                                  column(closes), number(100), blank(), rules)) == 1.0);
}
