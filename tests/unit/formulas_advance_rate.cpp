// ADVANCE_RATE.

#include "formulas_support.hpp"

#include <fmt/format.h>

using namespace truepipe;
using namespace truepipe::testing;

namespace {

constexpr std::string_view worked_outcome_lists =
    "(advance: Second meeting, Pilot agreed; continuation: "
    "Call back later, Send information)";

double rate(const range_view& outcomes, const rules_argument& rules = worked_rules()) {
    return number_of(advance_rate(outcomes, rules));
}

std::string rate_error(const range_view& outcomes, const rules_argument& rules = worked_rules()) {
    return text_of(advance_rate(outcomes, rules));
}

}  // namespace

TEST_CASE("formulas_advance_rate: the worked example is 3 of 6") {
    const std::vector<cell> outcomes = {
        text("Second meeting"),  text("call back later"), text("Pilot agreed"), number(1), number(0), blank(),
        text("Send information")};
    CHECK(rate(column(outcomes)) == 3.0 / 6.0);
    CHECK(rate(row_of(outcomes)) == 3.0 / 6.0);
}

TEST_CASE("formulas_advance_rate: numbers and booleans count as advance when non-zero") {
    // TRUE and FALSE arrive as 1 and 0.
    const std::vector<cell> flags = {number(1), number(1), number(0), number(1)};
    CHECK(rate(column(flags)) == 3.0 / 4.0);
    const std::vector<cell> others = {number(2), number(-1), number(0.5), number(0), number(0)};
    CHECK(rate(column(others)) == 3.0 / 5.0);
}

TEST_CASE("formulas_advance_rate: case and surrounding spaces are ignored") {
    const std::vector<cell> outcomes = {text("  SECOND MEETING "), text("send Information"),
                                        text("pilot agreed")};
    CHECK(rate(column(outcomes)) == 2.0 / 3.0);
}

TEST_CASE("formulas_advance_rate: an unknown outcome is an error naming it and its position") {
    const std::vector<cell> outcomes = {text("Second meeting"), blank(), number(0), text(" Maybe "),
                                        text("Also unknown")};
    CHECK(rate_error(column(outcomes)) ==
          fmt::format("#truepipe: row 4: unknown outcome \"Maybe\" {}", worked_outcome_lists));
    CHECK(rate_error(row_of(outcomes)) ==
          fmt::format("#truepipe: row 4: unknown outcome \"Maybe\" {}", worked_outcome_lists));
    const std::vector<cell> in_block = {text("Second meeting"), blank(), blank(), blank(), blank(),
                                        text("Maybe")};
    CHECK(rate_error(block(in_block, 2, 3)) ==
          fmt::format("#truepipe: row 2, column 3: unknown outcome \"Maybe\" {}", worked_outcome_lists));
}

TEST_CASE("formulas_advance_rate: an empty outcome list shows as none") {
    const std::vector<cell> outcomes = {text("Maybe")};
    CHECK(rate_error(column(outcomes), rules_argument::of_text("advance \"Order\"")) ==
          "#truepipe: row 1: unknown outcome \"Maybe\" (advance: Order; continuation: none)");
}

TEST_CASE("formulas_advance_rate: unknown-outcome continuation counts unknown texts as continuations") {
    const auto lenient = rules_argument::of_text(
        "unknown-outcome continuation\nadvance \"Second meeting\"\ncontinuation \"Call back later\"\n");
    const std::vector<cell> outcomes = {text("Second meeting"), text("Maybe"), text("Call back later"),
                                        text("Second meeting")};
    CHECK(rate(column(outcomes), lenient) == 2.0 / 4.0);
}

TEST_CASE("formulas_advance_rate: no conversation at all is an error") {
    const std::vector<cell> empty_cells = {blank(), blank(), blank()};
    CHECK(rate_error(column(empty_cells)) == "#truepipe: no conversations");
    const std::vector<cell> none;
    CHECK(rate_error(column(none)) == "#truepipe: no conversations");
}

TEST_CASE("formulas_advance_rate: many distinct texts over many rows") {
    // More distinct texts than any small lookup memory holds, repeated in a
    // changing order, so that every text is looked up both fresh and again.
    std::string rules_text = "advance ";
    std::vector<std::string> names;
    for (int i = 0; i < 25; ++i) names.push_back(fmt::format("Advance {}", i));
    for (int i = 0; i < 25; ++i) names.push_back(fmt::format("Continuation with a long name {}", i));
    for (int i = 0; i < 25; ++i) rules_text += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", names[i]);
    rules_text += "\ncontinuation ";
    for (int i = 0; i < 25; ++i) rules_text += fmt::format("{}\"{}\"", i == 0 ? "" : ", ", names[25 + i]);

    std::vector<cell> outcomes;
    std::size_t advances = 0;
    for (std::size_t k = 0; k < 5000; ++k) {
        const std::size_t pick = (k * 7 + k / 50) % names.size();
        outcomes.push_back(text(names[pick]));
        if (pick < 25) ++advances;
    }
    REQUIRE(advances > 0);
    REQUIRE(advances < outcomes.size());
    CHECK(rate(column(outcomes), rules_argument::of_text(rules_text)) ==
          static_cast<double>(advances) / static_cast<double>(outcomes.size()));
}

TEST_CASE("formulas_advance_rate: omitted rules use the built-in outcome lists") {
    without_user_rules();
    const std::vector<cell> outcomes = {text("Order"), text("No decision"), text("Stakeholder meeting"),
                                        text("Send information")};
    CHECK(rate(column(outcomes), rules_argument::omitted()) == 2.0 / 4.0);
}
