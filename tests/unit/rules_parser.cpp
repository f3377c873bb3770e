// The rules language: the model it builds, the built-in defaults and every error.
#include <truepipe/rules_parser.hpp>

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <pthread.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <random>
#include <string>
#include <vector>

using namespace truepipe;

namespace {

rules parse_ok(std::string_view text) {
    auto result = parse_rules(text);
    if (const auto* error = std::get_if<rules_error>(&result))
        FAIL("unexpected error: " << error->detailed());
    return std::get<rules>(std::move(result));
}

rules_error parse_error(std::string_view text) {
    auto result = parse_rules(text);
    if (std::holds_alternative<rules>(result)) FAIL("expected an error for: " << text);
    return std::get<rules_error>(std::move(result));
}

std::string brief(std::string_view text) { return parse_error(text).brief(); }

day_number day(int year, unsigned month, unsigned day_of_month) {
    return *make_day(year, month, day_of_month);
}

const std::string keywords =
    "stage, advance, continuation, calendar, holiday, stall-limit, unknown-outcome or column";

constexpr std::string_view worked_example = R"(calendar business-days
holiday 2026-11-26
stall-limit 30 days
stage "Prospecting" not-counted
stage "Discovery"   stall-limit 10 days
stage "Proposal"    stall-limit 5 days weight 0.5
stage "Closed Won"  closed
advance      "Second meeting", "Pilot agreed"
continuation "Call back later", "Send information"
)";

constexpr std::string_view language_sample =
    R"(calendar business-days            # or calendar-days (the default)
holiday 2026-12-25                # ISO date, one per line, business-days mode
stall-limit 30 days               # default for stages without their own
unknown-outcome error             # or: continuation

stage "Prospecting"  not-counted               # open, too early to count
stage "Discovery"    stall-limit 21 days
stage "Proposal"     stall-limit 14 days  weight 0.6
stage "Negotiation"  stall-limit 10 days
stage "Closed Won"   closed
stage "Closed Lost"  closed

advance      "Second meeting", "Stakeholder meeting", "Proposal review", "Pilot agreed", "Order"
continuation "Call back later", "Send information", "No decision"
)";

}  // namespace

TEST_CASE("trim and fold_name ignore case and surrounding blanks") {
    CHECK(trim("  \tProposal \t") == "Proposal");
    CHECK(trim("") == "");
    CHECK(trim(" \t ") == "");
    CHECK(fold_name("  Closed WON\t") == "closed won");
    CHECK(fold_name("Négociation") == "négociation");
    CHECK(fold_name("NÉGO") == "nÉgo");  // only ASCII letters fold
}

TEST_CASE("the built-in defaults are the contract's") {
    const rules& value = builtin_rules();
    CHECK(value.days.kind() == calendar_kind::calendar_days);
    CHECK(value.days.holidays().empty());
    CHECK(value.default_stall_limit == 30);
    CHECK(value.unknown_outcome == unknown_outcome_policy::error);
    REQUIRE(value.stages.size() == 7);
    const char* names[] = {"Prospecting", "Qualification", "Discovery",  "Proposal",
                           "Negotiation", "Closed Won",    "Closed Lost"};
    const int limits[] = {14, 21, 21, 14, 10, 0, 0};
    for (std::size_t i = 0; i < 7; ++i) {
        CAPTURE(i);
        const stage_rule& stage = value.stages[i];
        CHECK(stage.name == names[i]);
        CHECK(stage.closed == (i >= 5));
        CHECK(stage.decision == (i == 5   ? stage_decision::won
                                 : i == 6 ? stage_decision::lost
                                          : stage_decision::none));
        CHECK(stage.counted == (i != 0));
        CHECK_FALSE(stage.weight);
        if (i < 5)
            CHECK(stage.stall_limit == limits[i]);
        else
            CHECK_FALSE(stage.stall_limit);
    }
    CHECK(value.advances == std::vector<std::string>{"Second meeting", "Stakeholder meeting",
                                                     "Proposal review", "Pilot agreed", "Order"});
    CHECK(value.continuations ==
          std::vector<std::string>{"Call back later", "Send information", "No decision"});
    CHECK(value.find_stage(" negotiation ") == &value.stages[4]);
    CHECK(value.classify_outcome("ORDER") == outcome_kind::advance);
    CHECK(value.classify_outcome("no decision") == outcome_kind::continuation);
    CHECK(value.summary() ==
          "7 stages (5 open, 2 closed: 1 won, 1 lost), 5 advance and 3 continuation outcomes, calendar-days, "
          "default stall "
          "limit 30 "
          "days");
    CHECK(value.known_stages() ==
          "Prospecting, Qualification, Discovery, Proposal, Negotiation, Closed Won, Closed Lost");
}

TEST_CASE("the worked example parses to the expected model") {
    const rules value = parse_ok(worked_example);
    CHECK(value.days.kind() == calendar_kind::business_days);
    CHECK(value.days.holidays() == std::vector<day_number>{day(2026, 11, 26)});
    CHECK(value.default_stall_limit == 30);
    CHECK(value.unknown_outcome == unknown_outcome_policy::error);
    REQUIRE(value.stages.size() == 4);
    CHECK(value.stages[0].name == "Prospecting");
    CHECK_FALSE(value.stages[0].counted);
    CHECK_FALSE(value.stages[0].closed);
    CHECK(value.stall_limit_of(value.stages[0]) == 30);
    CHECK(value.stages[1].stall_limit == 10);
    CHECK(value.weight_of(value.stages[1]) == 1.0);
    CHECK(value.stages[2].stall_limit == 5);
    CHECK(value.stages[2].weight == 0.5);
    CHECK(value.weight_of(value.stages[2]) == 0.5);
    CHECK(value.stages[3].closed);
    CHECK(value.advances == std::vector<std::string>{"Second meeting", "Pilot agreed"});
    CHECK(value.continuations == std::vector<std::string>{"Call back later", "Send information"});
    CHECK(value.classify_outcome("call back later") == outcome_kind::continuation);
    CHECK(value.classify_outcome("  Pilot agreed ") == outcome_kind::advance);
    CHECK(value.classify_outcome("Order") == outcome_kind::unknown);
    CHECK(value.find_stage("Propsal") == nullptr);
    CHECK(value.find_stage("proposal")->name == "Proposal");
    CHECK(value.known_stages() == "Prospecting, Discovery, Proposal, Closed Won");
    CHECK(value.summary() ==
          "4 stages (3 open, 1 closed), 2 advance and 2 continuation outcomes, business-days with "
          "1 holiday, default stall limit 30 days");
    // The example's stall days follow from the parsed calendar.
    CHECK(value.days.days_after(day(2026, 11, 20), day(2026, 11, 30)) == 5);
}

TEST_CASE("the language sample of the contract parses") {
    const rules value = parse_ok(language_sample);
    CHECK(value.stages.size() == 6);
    CHECK(value.stages[2].weight == 0.6);
    CHECK(value.advances.size() == 5);
    CHECK(value.continuations.size() == 3);
    CHECK(value.days.holidays() == std::vector<day_number>{day(2026, 12, 25)});
}

TEST_CASE("no stage lines means any stage") {
    const rules value = parse_ok("stall-limit 12 days\n");
    CHECK_FALSE(value.lists_stages());
    CHECK(value.default_stall_limit == 12);
    CHECK(value.summary() ==
          "stages: any, 0 advance and 0 continuation outcomes, calendar-days, default stall limit 12 days");
    CHECK(parse_ok("").summary() ==
          "stages: any, 0 advance and 0 continuation outcomes, calendar-days, default stall limit 30 days");
}

TEST_CASE("summary mentions the unknown-outcome policy and singular counts") {
    const rules value =
        parse_ok("unknown-outcome continuation\nstall-limit 1 day\nstage \"A\"\ncalendar business-days");
    CHECK(value.unknown_outcome == unknown_outcome_policy::continuation);
    CHECK(value.summary() ==
          "1 stage (1 open, 0 closed), 0 advance and 0 continuation outcomes, business-days with 0 "
          "holidays, default stall limit 1 day, unknown outcomes count as continuations");
}

TEST_CASE("known_stages lists at most ten names") {
    std::string text;
    for (int i = 1; i <= 12; ++i) text += "stage \"S" + std::to_string(i) + "\"\n";
    CHECK(parse_ok(text).known_stages() == "S1, S2, S3, S4, S5, S6, S7, S8, S9, S10, ...");
    std::string ten;
    for (int i = 1; i <= 10; ++i) ten += "stage \"S" + std::to_string(i) + "\"\n";
    CHECK(parse_ok(ten).known_stages() == "S1, S2, S3, S4, S5, S6, S7, S8, S9, S10");
}

TEST_CASE("keywords and options are case-insensitive") {
    const rules value = parse_ok(
        "CALENDAR Business-Days\nStage \"A\" STALL-LIMIT 5 DAYS Weight 0.25 NOT-COUNTED\n"
        "ADVANCE \"x\"\nContinuation \"y\"\nUnknown-Outcome CONTINUATION\nSTAGE \"B\" Closed");
    CHECK(value.days.kind() == calendar_kind::business_days);
    CHECK(value.stages[0].stall_limit == 5);
    CHECK(value.stages[0].weight == 0.25);
    CHECK_FALSE(value.stages[0].counted);
    CHECK(value.stages[1].closed);
    CHECK(value.unknown_outcome == unknown_outcome_policy::continuation);
}

TEST_CASE("days take days, day or d") {
    CHECK(parse_ok("stall-limit 21 days").default_stall_limit == 21);
    CHECK(parse_ok("stall-limit 1 day").default_stall_limit == 1);
    CHECK(parse_ok("stall-limit 7 d").default_stall_limit == 7);
    CHECK(parse_ok("stall-limit 7d").default_stall_limit == 7);
    CHECK(parse_ok("stall-limit 3650 days").default_stall_limit == 3650);
    CHECK(parse_ok("stall-limit 0021 days").default_stall_limit == 21);
}

TEST_CASE("weights run from 0 to 1") {
    CHECK(parse_ok("stage \"A\" weight 0").stages[0].weight == 0.0);
    CHECK(parse_ok("stage \"A\" weight 1").stages[0].weight == 1.0);
    CHECK(parse_ok("stage \"A\" weight 1.0").stages[0].weight == 1.0);
    CHECK(parse_ok("stage \"A\" weight .75").stages[0].weight == 0.75);
    CHECK(parse_ok("stage \"A\" weight 0.6").stages[0].weight == 0.6);
}

TEST_CASE("stage options come in any order") {
    const rules value =
        parse_ok("stage \"A\" weight 0.5 not-counted stall-limit 3 days\nstage \"B\" not-counted");
    CHECK(value.stages[0].weight == 0.5);
    CHECK(value.stages[0].stall_limit == 3);
    CHECK_FALSE(value.stages[0].counted);
    CHECK_FALSE(value.stages[0].closed);
    CHECK_FALSE(value.stages[1].counted);
    CHECK(value.stall_limit_of(value.stages[1]) == 30);
}

TEST_CASE("outcome lists accumulate over several lines") {
    const rules value =
        parse_ok("advance \"A\", \"B\"\ncontinuation \"C\"\nadvance \"D\"\ncontinuation \"E\",\"F\"");
    CHECK(value.advances == std::vector<std::string>{"A", "B", "D"});
    CHECK(value.continuations == std::vector<std::string>{"C", "E", "F"});
}

TEST_CASE("holidays: one per line, repeats are harmless") {
    const rules value =
        parse_ok("holiday 2026-12-25\nholiday 2026-01-01\nholiday 2026-12-25\ncalendar business-days");
    CHECK(value.days.holidays() == std::vector<day_number>{day(2026, 1, 1), day(2026, 12, 25)});
}

TEST_CASE("names keep escapes, spaces, # and non-ASCII letters") {
    const rules value = parse_ok(
        "stage \"Say \\\"yes\\\"\"\nstage \"back\\\\slash\"\nstage \"No #1\" # comment\n"
        "stage \"Négociation\"\nadvance \"Angebot abgegeben\", \"商談\"");
    CHECK(value.stages[0].name == "Say \"yes\"");
    CHECK(value.stages[1].name == "back\\slash");
    CHECK(value.stages[2].name == "No #1");
    CHECK(value.stages[3].name == "Négociation");
    CHECK(value.find_stage(" négociation ") == &value.stages[3]);
    CHECK(value.advances == std::vector<std::string>{"Angebot abgegeben", "商談"});
    CHECK(value.classify_outcome("angebot ABGEGEBEN") == outcome_kind::advance);
}

TEST_CASE("comments, blank lines and blanks are ignored") {
    const rules value =
        parse_ok("# team rules\n\n   \n\t\nstage\t\"A\"\tclosed#done\n  stall-limit   9   days   # x\n");
    CHECK(value.stages.size() == 1);
    CHECK(value.stages[0].closed);
    CHECK(value.default_stall_limit == 9);
}

TEST_CASE("every line ending counts lines alike, and a BOM is skipped") {
    for (const char* text :
         {"stage \"A\"\nstage \"B\"\nbad", "stage \"A\"\r\nstage \"B\"\r\nbad",
          "stage \"A\"\rstage \"B\"\rbad", "\xEF\xBB\xBFstage \"A\"\r\nstage \"B\"\rbad"}) {
        CAPTURE(text);
        const rules_error error = parse_error(text);
        CHECK(error.line == 3);
        CHECK(error.line_text == "bad");
    }
    CHECK(parse_ok("\xEF\xBB\xBF"
                   "stage \"A\"")
              .stages[0]
              .name == "A");
    CHECK(parse_ok("stage \"A\"\r\n\r\nstage \"B\"\r\n").stages.size() == 2);
}

TEST_CASE("error messages say where, what was found and what was expected") {
    struct example {
        const char* text;
        std::string message;
    };
    const example examples[] = {
        {"stage \"Discovery\"\nstage \"Proposal\"\n\n\nstage \"proposal \" closed",
         "line 5, column 7 (inline): stage \"proposal \" is already defined on line 2"},
        {"advance \"Order\"\nadvance \"order\"",
         "line 2, column 9 (inline): outcome \"order\" is already listed as an advance on line 1"},
        {"advance \"Order\"\ncontinuation \"Call\", \"ORDER\"",
         "line 2, column 22 (inline): outcome \"ORDER\" is already listed as an advance on line 1; it cannot "
         "also be "
         "a "
         "continuation"},
        {"continuation \"Later\"\nadvance \"Later\"",
         "line 2, column 9 (inline): outcome \"Later\" is already listed as a continuation on line 1; it "
         "cannot also "
         "be an "
         "advance"},
        {"holiday 2026-02-30", "line 1, column 9 (inline): 2026-02-30 is not a real calendar date"},
        {"holiday 25.12.2026",
         "line 1, column 9 (inline): expected a date like 2026-12-25 after holiday, found 25.12.2026"},
        {"holiday",
         "line 1, column 8 (inline): expected a date like 2026-12-25 after holiday, found the end of the "
         "line"},
        {"stge \"Proposal\"", "line 1, column 1 (inline): unknown keyword \"stge\", did you mean \"stage\"?"},
        {"phase \"Proposal\"", "line 1, column 1 (inline): unknown keyword \"phase\"; expected " + keywords},
        {"  42 days", "line 1, column 3 (inline): expected a keyword (" + keywords + "), found 42"},
        {"\"Proposal\" stall-limit 5 days",
         "line 1, column 1 (inline): expected a keyword (" + keywords + "), found \"Proposal\""},
        {"stall-limit 3651 days", "line 1, column 13 (inline): 3651 days is more than the 3650-day maximum"},
        {"stall-limit 0 days", "line 1, column 13 (inline): 0 days is less than the 1-day minimum"},
        {"stall-limit 99999999999999999999 days",
         "line 1, column 13 (inline): 99999999999999999999 days is more than the 3650-day maximum"},
        {"stage \"Proposal\" weight 1.5", "line 1, column 25 (inline): weight 1.5 is more than 1"},
        {"stage \"Proposal\" weight -0.2", "line 1, column 25 (inline): weight -0.2 is less than 0"},
        {"stage \"Proposal\" weight high",
         "line 1, column 25 (inline): expected a weight between 0 and 1, like \"weight 0.6\", found high"},
        {"stage \"Propos",
         "line 1, column 7 (inline): the name starting here has no closing double quote; put one right after "
         "the name"},
        {"stage \"Pro\\\"",
         "line 1, column 7 (inline): the name starting here has no closing double quote; put one right after "
         "the name"},
        {"stage \"Pro\\n\"",
         "line 1, column 11 (inline): unknown escape \\n in a name; only \\\" (a quote) and \\\\ (a "
         "backslash) are allowed"},
        {"stage \"Proposal\" stall-limit",
         "line 1, column 29 (inline): expected a number of days, like \"21 days\", found the end of the "
         "line"},
        {"stall-limit two weeks",
         "line 1, column 13 (inline): expected a number of days, like \"21 days\", found two"},
        {"stall-limit 14",
         "line 1, column 15 (inline): expected \"days\" after 14, found the end of the line"},
        {"stall-limit 2 weeks", "line 1, column 15 (inline): expected \"days\" after 2, found weeks"},
        {"stall-limit 10.5 days",
         "line 1, column 13 (inline): expected a whole number of days, like \"21 days\", found 10.5"},
        {"calendar business-days extra",
         "line 1, column 24 (inline): expected the end of the line, found extra"},
        {"calendar working-days",
         "line 1, column 10 (inline): expected business-days or calendar-days after calendar, found "
         "working-days"},
        {"calendar calendar-days\ncalendar business-days",
         "line 2, column 10 (inline): calendar is already set on line 1"},
        {"stall-limit 5 days\nstall-limit 6 days",
         "line 2, column 13 (inline): the default stall-limit is already set on line 1"},
        {"unknown-outcome ignore",
         "line 1, column 17 (inline): expected error or continuation after unknown-outcome, found ignore"},
        {"unknown-outcome error\nunknown-outcome error",
         "line 2, column 17 (inline): unknown-outcome is already set on line 1"},
        {"stage Proposal",
         "line 1, column 7 (inline): expected a stage name in double quotes, like \"Discovery\", found "
         "Proposal"},
        {"stage",
         "line 1, column 6 (inline): expected a stage name in double quotes, like \"Discovery\", found the "
         "end of the "
         "line"},
        {"stage \"  \"", "line 1, column 7 (inline): a stage name cannot be empty"},
        {"advance \"A\", \"\"", "line 1, column 14 (inline): an outcome name cannot be empty"},
        {"stage \"Won\" closed stall-limit 5 days",
         "line 1, column 20 (inline): a closed stage cannot have a stall-limit"},
        {"stage \"Won\" weight 0.5 closed",
         "line 1, column 24 (inline): a closed stage cannot have a weight"},
        {"stage \"Won\" closed not-counted",
         "line 1, column 20 (inline): a stage cannot be both closed and not-counted"},
        {"stage \"Won\" closed closed", "line 1, column 20 (inline): closed is given twice for this stage"},
        {"stage \"A\" weight 0.5 weight 0.6",
         "line 1, column 22 (inline): weight is given twice for this stage"},
        {"stage \"A\" not-counted Not-Counted",
         "line 1, column 23 (inline): not-counted is given twice for this stage"},
        {"stage \"Won\" won closed",
         "line 1, column 17 (inline): a stage cannot be both won and closed: won is already a closed stage"},
        {"stage \"Won\" closed won",
         "line 1, column 20 (inline): a stage cannot be both closed and won: won is already a closed stage"},
        {"stage \"Lost\" closed lost",
         "line 1, column 21 (inline): a stage cannot be both closed and lost: lost is already a closed "
         "stage"},
        {"stage \"Lost\" lost closed",
         "line 1, column 19 (inline): a stage cannot be both lost and closed: lost is already a closed "
         "stage"},
        {"stage \"Won\" won lost", "line 1, column 17 (inline): a stage cannot be both won and lost"},
        {"stage \"Won\" lost won", "line 1, column 18 (inline): a stage cannot be both won and lost"},
        {"stage \"Won\" won Won", "line 1, column 17 (inline): won is given twice for this stage"},
        {"stage \"Lost\" lost lost", "line 1, column 19 (inline): lost is given twice for this stage"},
        {"stage \"Won\" won not-counted",
         "line 1, column 17 (inline): a stage cannot be both won and not-counted"},
        {"stage \"Won\" not-counted won",
         "line 1, column 25 (inline): a stage cannot be both not-counted and won"},
        {"stage \"Won\" won weight 0.5", "line 1, column 17 (inline): a won stage cannot have a weight"},
        {"stage \"Won\" weight 0.5 won", "line 1, column 24 (inline): a won stage cannot have a weight"},
        {"stage \"Lost\" lost stall-limit 5 days",
         "line 1, column 19 (inline): a lost stage cannot have a stall-limit"},
        {"stage \"Lost\" stall-limit 5 days lost",
         "line 1, column 33 (inline): a lost stage cannot have a stall-limit"},
        {"stage \"A\" wn", "line 1, column 11 (inline): unknown stage option \"wn\", did you mean \"won\"?"},
        {"stage \"A\" limit 5 days",
         "line 1, column 11 (inline): unknown stage option \"limit\"; expected stall-limit, weight, closed, "
         "won, lost or not-counted"},
        {"stage \"A\", \"B\"",
         "line 1, column 10 (inline): expected a stage option (stall-limit, weight, closed, won, lost or "
         "not-counted) "
         "or the end "
         "of the "
         "line, found \",\""},
        {"advance \"Second meeting\" \"Pilot agreed\"",
         "line 1, column 26 (inline): expected a comma or the end of the line after \"Second meeting\", "
         "found \"Pilot "
         "agreed\""},
        {"advance \"A\",",
         "line 1, column 13 (inline): expected an outcome name in double quotes, like \"Second meeting\", "
         "found "
         "the end of the line"},
        {"advance Order # x",
         "line 1, column 9 (inline): expected an outcome name in double quotes, like \"Second meeting\", "
         "found Order"},
        {"advance # x",
         "line 1, column 9 (inline): expected an outcome name in double quotes, like \"Second meeting\", "
         "found a # comment"},
    };
    // Not a structured binding: CAPTURE captures in a lambda, which clang 14 cannot do for one.
    for (const auto& example : examples) {
        const auto& text = example.text;
        CAPTURE(text);
        CHECK(brief(text) == example.message);
    }
}

TEST_CASE("a near miss suggests the known word it most likely meant") {
    const std::pair<std::string_view, std::string_view> examples[] = {
        {"stall-limt 9 days", "unknown keyword \"stall-limt\", did you mean \"stall-limit\"?"},
        {"Stgae \"A\"", "unknown keyword \"Stgae\", did you mean \"stage\"?"},
        {"holliday 2026-12-25", "unknown keyword \"holliday\", did you mean \"holiday\"?"},
        {"advances \"Order\"", "unknown keyword \"advances\", did you mean \"advance\"?"},
        {"contination \"Later\"", "unknown keyword \"contination\", did you mean \"continuation\"?"},
        {"stage \"A\" stall-limt 9 days",
         "unknown stage option \"stall-limt\", did you mean \"stall-limit\"?"},
        {"stage \"A\" wieght 0.5", "unknown stage option \"wieght\", did you mean \"weight\"?"},
        {"stage \"A\" not-counter", "unknown stage option \"not-counter\", did you mean \"not-counted\"?"},
        {"calendar business-day",
         "expected business-days or calendar-days after calendar, found business-day; did you mean "
         "\"business-days\"?"},
        {"unknown-outcome contination",
         "expected error or continuation after unknown-outcome, found contination; did you mean "
         "\"continuation\"?"},
        {"stall-limit 9 dyas", "expected \"days\" after 9, found dyas; did you mean \"days\"?"},
    };
    for (const auto& example : examples) {
        const auto& text = example.first;
        CAPTURE(text);
        CHECK(parse_error(text).message == example.second);
    }
    // Too far from every known word: the full list instead of a guess.
    CHECK(parse_error("limit 9 days").message == "unknown keyword \"limit\"; expected " + keywords);
    CHECK(parse_error("x \"A\"").message == "unknown keyword \"x\"; expected " + keywords);
    CHECK(parse_error("stage \"A\" closd").message ==
          "unknown stage option \"closd\", did you mean \"closed\"?");
    CHECK(parse_error("stage \"A\" limit 9 days").message ==
          "unknown stage option \"limit\"; expected stall-limit, weight, closed, won, lost or not-counted");
}

TEST_CASE("won and lost are closed stages that decide a deal, in any order with the other options") {
    const auto parsed = parse_rules(
        "stage \"Open\" stall-limit 5 days\n"
        "stage \"Closed Won\"  Won  # a win\n"
        "stage \"Closed Lost\" LOST\n"
        "stage \"Disqualified\" closed\n");
    const auto* value = std::get_if<rules>(&parsed);
    REQUIRE(value != nullptr);
    CHECK(value->marks_decisions());
    const stage_rule* won = value->find_stage("closed won");
    const stage_rule* lost = value->find_stage("Closed Lost");
    const stage_rule* closed = value->find_stage("Disqualified");
    REQUIRE((won != nullptr && lost != nullptr && closed != nullptr));
    CHECK((won->closed && won->counted && won->decision == stage_decision::won));
    CHECK((lost->closed && lost->counted && lost->decision == stage_decision::lost));
    CHECK((closed->closed && closed->decision == stage_decision::none));
    CHECK(value->find_stage("Open")->decision == stage_decision::none);
    CHECK(value->summary() ==
          "4 stages (1 open, 3 closed: 1 won, 1 lost), 0 advance and 0 continuation outcomes, calendar-days, "
          "default stall limit 30 days");

    const auto only_closed = parse_rules("stage \"A\"\nstage \"Won\" closed");
    REQUIRE(std::holds_alternative<rules>(only_closed));
    CHECK_FALSE(std::get<rules>(only_closed).marks_decisions());
    CHECK(std::get<rules>(only_closed).summary().starts_with("2 stages (1 open, 1 closed), "));
}

TEST_CASE("column lines name the headers of a deal table's roles, as written and in order") {
    const rules value = parse_ok(R"rules(column id      "Opportunity ID"
COLUMN Amount  "Amount (converted)"   # keywords and roles in any case
column advance "Last Stage Change Date", "Next Step Agreed", "Activity*"
column entered "Date entered \"{stage} (Sales Pipeline)\""
)rules");
    REQUIRE(value.columns.size() == 4);
    CHECK(value.columns[0].role == column_role::id);
    CHECK(value.columns[0].headers == std::vector<std::string>{"Opportunity ID"});
    CHECK(value.columns[1].role == column_role::amount);
    CHECK(value.columns[2].headers ==
          std::vector<std::string>{"Last Stage Change Date", "Next Step Agreed", "Activity*"});
    REQUIRE(value.find_column(column_role::entered) != nullptr);
    CHECK(value.find_column(column_role::entered)->headers ==
          std::vector<std::string>{"Date entered \"{stage} (Sales Pipeline)\""});
    CHECK(value.find_column(column_role::owner) == nullptr);
    CHECK(value.summary().ends_with(", columns named for id, amount, advance and entered"));
    CHECK(parse_ok("column owner \"Owner\"").summary().ends_with(", columns named for owner"));
    CHECK(parse_ok("").columns.empty());
    CHECK(builtin_rules().columns.empty());
    for (std::size_t i = 0; i < column_role_names.size(); ++i) {
        const std::string header = column_role(i) == column_role::entered ? "When {stage}" : "Header";
        const rules one = parse_ok(fmt::format("column {} \"{}\"", column_role_names[i], header));
        REQUIRE(one.columns.size() == 1);
        CHECK(one.columns[0].role == column_role(i));
        CHECK(role_name(column_role(i)) == column_role_names[i]);
    }
}

TEST_CASE("column lines: each role once, each header once, no empty header") {
    CHECK(brief("column amount \"Amount\"\ncolumn amount \"Deal Value\"") ==
          "line 2, column 8 (inline): column amount is already given on line 1");
    CHECK(brief("column close \"Close Date\"\ncolumn created \" close\tDATE \"") ==
          "line 2, column 16 (inline): header \" close\tDATE \" is already given for column close on line 1");
    CHECK(brief("column advance \"A\", \"a\"") == "line 1, column 21 (inline): header \"a\" is given twice");
    CHECK(brief("column owner \"\"") == "line 1, column 14 (inline): a column header cannot be empty");
    CHECK(brief("column owner \" \t \"") == "line 1, column 14 (inline): a column header cannot be empty");
    CHECK(brief("column amout \"Amount\"") ==
          "line 1, column 8 (inline): unknown column role \"amout\", did you mean \"amount\"?");
    CHECK(brief("column entered \"Entered Discovery\"").ends_with("an entered header needs {stage} where each "
                                                               "stage's name goes, like \"Entered {stage}\""));
    CHECK(parse_ok("column entered \"ENTERED {Stage}\"").columns.size() == 1);
    CHECK(brief("column advance \" * \"").ends_with("a column header needs text before its *: \"*\" alone "
                                                   "would match every column"));
}

TEST_CASE("headers compare without case, surrounding white space and runs of it inside") {
    CHECK(header_key("Close Date") == "close date");
    CHECK(header_key("  CLOSE\t\tDate \r\n") == "close date");
    CHECK(header_key("Close\nDate") == "close date");
    CHECK(header_key("\xC2\xA0" "Close\xC2\xA0\xC2\xA0" "Date\xC2\xA0") == "close date");
    CHECK(header_key("Montant (EUR) \xC3\x89t\xC3\xA9") == "montant (eur) \xC3\x89t\xC3\xA9");  // other bytes as they are
    CHECK(header_key(" \t\xC2\xA0 ").empty());
    CHECK(header_key("\xC2") == "\xC2");  // a lone lead byte is not white space
}

TEST_CASE("a weight of hundreds of digits is out of range, not 0") {
    const std::string huge = "1" + std::string(400, '0');
    CHECK(parse_error("stage \"A\" weight " + huge).message == "weight " + huge + " is more than 1");
    CHECK(parse_error("stage \"A\" weight " + huge + "%").message == "weight " + huge + " is more than 1");
    CHECK(parse_error("stage \"A\" weight -" + huge).message == "weight -" + huge + " is less than 0");
    CHECK(parse_error("stage \"A\" weight " + huge + ".5").message == "weight " + huge + ".5 is more than 1");
    // Too small for a double: the nearest a double gets is 0, and 0 is a weight.
    const auto tiny = parse_rules("stage \"A\" weight 0." + std::string(400, '0') + "1");
    REQUIRE(std::holds_alternative<rules>(tiny));
    CHECK(std::get<rules>(tiny).stages.front().weight == 0.0);
}

TEST_CASE("columns count characters, not bytes") {
    CHECK(brief("stage \"Négociation\" stall-limit 3651 days") ==
          "line 1, column 33 (inline): 3651 days is more than the 3650-day maximum");
    CHECK(brief("stage \"Négociation\" Schluss") ==
          "line 1, column 21 (inline): unknown stage option \"Schluss\"; expected stall-limit, weight, "
          "closed, won, lost or "
          "not-counted");
    CHECK(brief("advance \"Angebot abgegeben\" \"Auftrag\"") ==
          "line 1, column 29 (inline): expected a comma or the end of the line after \"Angebot abgegeben\", "
          "found "
          "\"Auftrag\"");
    CHECK(brief("stage Négociation") ==
          "line 1, column 7 (inline): expected a stage name in double quotes, like \"Discovery\", found "
          "Négociation");
}

TEST_CASE("a long found token is shortened") {
    const std::string word(60, 'x');
    CHECK(brief("stage \"A\" weight " + word) ==
          "line 1, column 18 (inline): expected a weight between 0 and 1, like \"weight 0.6\", found " +
              std::string(40, 'x') + "...");
}

TEST_CASE("detailed shows the line and a caret under the column") {
    const rules_error error = parse_error("stage \"A\"\nstage \"Proposal\" stall-limit 3651 days");
    CHECK(error.line == 2);
    CHECK(error.column == 30);
    CHECK(error.origin == "inline");
    CHECK(error.detailed() ==
          "line 2, column 30 (inline): 3651 days is more than the 3650-day maximum\n"
          "stage \"Proposal\" stall-limit 3651 days\n"
          "                             ^");
    CHECK(parse_error("\tstage \"é\" bad").detailed() ==
          "line 1, column 12 (inline): unknown stage option \"bad\"; expected stall-limit, weight, closed, "
          "won, lost or "
          "not-counted\n"
          "\tstage \"é\" bad\n"
          "\t          ^");
}

TEST_CASE("the origin is kept for messages") {
    const auto result = parse_rules("nonsense", "/tmp/team.rules");
    CHECK(std::get<rules_error>(result).origin == "/tmp/team.rules");
}

TEST_CASE("the first error wins") {
    CHECK(brief("stage \"A\" closed\nholiday 2026-02-30\nstge") ==
          "line 2, column 9 (inline): 2026-02-30 is not a real calendar date");
}

TEST_CASE("limits: text size, line count, line length and encoding") {
    std::string big(1024 * 1024 + 1, '\n');
    CHECK(brief(big) ==
          "inline rules: the text is 1048577 bytes long; at most 1048576 bytes (1 MiB) are allowed");
    std::string just_fits;
    for (int i = 0; i < 8192; ++i) just_fits += "#" + std::string(126, 'x') + "\n";
    REQUIRE(just_fits.size() == 1024 * 1024);
    CHECK(parse_ok(just_fits).stages.empty());

    std::string many;
    for (int i = 0; i < 10'000; ++i) many += "# line\n";
    CHECK(parse_ok(many).stages.empty());
    many += "# one more";
    CHECK(brief(many) == "inline rules: the text has more than 10000 lines; at most 10000 lines are allowed");

    const std::string long_line = "# " + std::string(4095, 'x');
    CHECK(brief("stage \"A\"\n" + long_line) ==
          "line 2 (inline): this line is 4097 bytes long; at most 4096 bytes are allowed");
    CHECK(parse_ok("# " + std::string(4094, 'x')).stages.empty());

    CHECK(brief("stage \"A\xff\"") ==
          "line 1, column 9 (inline): this is not UTF-8 text (was it saved as Latin-1 or Windows-1252?); "
          "save the rules as UTF-8");
    CHECK(brief("stage \"\xc3\"") ==
          "line 1, column 8 (inline): this is not UTF-8 text (was it saved as Latin-1 or Windows-1252?); "
          "save the rules as UTF-8");
}

TEST_CASE("random bytes never crash the parser") {
    std::mt19937 random(7);
    const std::string alphabet = "stage\"advance, #\\\n\r\t 0123456789-.dayswightclosed\xc3\xa9\xff";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<int> length(0, 120);
    int errors = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        for (int i = length(random); i > 0; --i) text += alphabet[pick(random)];
        const auto result = parse_rules(text);
        if (const auto* error = std::get_if<rules_error>(&result)) {
            ++errors;
            CHECK(error->line >= 1);
            CHECK(error->column >= 1);
            CHECK_FALSE(error->message.empty());
        }
    }
    CHECK(errors > 0);
}

// ---------------------------------------------------------------------------
// Hostile input. Whatever a cell or a file holds, parse_rules answers: no throw,
// no assertion (a Boost assertion in the parser throws in every build and would
// surface as "internal check failed"), no recursion that grows with the input.

namespace {

bool is_utf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = c < 0x80                 ? 1
                             : c >= 0xC2 && c <= 0xDF ? 2
                             : c >= 0xE0 && c <= 0xEF ? 3
                             : c >= 0xF0 && c <= 0xF4 ? 4
                                                      : 0;
        if (length == 0 || i + length > text.size()) return false;
        for (std::size_t k = 1; k < length; ++k)
            if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
        i += length;
    }
    return true;
}

// Parses and checks what every answer must satisfy; returns the error, if any.
std::optional<rules_error> survives(std::string_view text) {
    std::optional<parse_result> result;
    CHECK_NOTHROW(result = parse_rules(text));
    if (!result) return std::nullopt;
    const auto* error = std::get_if<rules_error>(&*result);
    if (error == nullptr) return std::nullopt;
    CAPTURE(error->message);
    CHECK(error->message.find("internal check failed") == std::string::npos);
    CHECK_FALSE(error->message.starts_with("could not read the rules"));
    CHECK(error->line >= 1);
    CHECK(error->column >= 1);
    const std::string brief = error->brief();
    CHECK(brief.find('\n') == std::string::npos);
    // What RULES_CHECK shows in a cell must be text Calc can display.
    CHECK(is_utf8(error->detailed()));
    return *error;
}

const std::string_view utf8_message =
    "this is not UTF-8 text (was it saved as Latin-1 or Windows-1252?); save the rules as UTF-8";

std::string byte_text(int value) { return std::string(1, static_cast<char>(value)); }

}  // namespace

TEST_CASE("hostile: every byte in a stage name") {
    for (int value = 0; value < 256; ++value) {
        CAPTURE(value);
        const std::string text = "stage \"A" + byte_text(value) + "B\"";
        const auto error = survives(text);
        if (value >= 0x80) {
            REQUIRE(error);
            CHECK(error->message == utf8_message);
            CHECK(error->column == 9);
        } else if (value == '"' || value == '\\' || value == '\n' || value == '\r') {
            CHECK(error);
        } else {
            REQUIRE_FALSE(error);
            CHECK(parse_ok(text).stages.at(0).name == "A" + byte_text(value) + "B");
        }
    }
}

TEST_CASE("hostile: every byte where a keyword belongs") {
    for (int value = 0; value < 256; ++value) {
        CAPTURE(value);
        const auto error = survives(byte_text(value) + "stage \"A\"");
        if (value == ' ' || value == '\t' || value == '\n' || value == '\r' || value == '#') {
            CHECK_FALSE(error);
        } else {
            REQUIRE(error);
            CHECK(error->line == 1);
            CHECK(error->column == 1);
            if (value >= 0x80) CHECK(error->message == utf8_message);
        }
        survives("sta" + byte_text(value) + "ge \"A\"");
        survives("stage \"A\" " + byte_text(value));
        survives("stage \"A\" weight " + byte_text(value));
        survives("stall-limit " + byte_text(value) + " days");
        survives("holiday 2026-12-2" + byte_text(value));
        survives("advance \"A\"" + byte_text(value) + "\"B\"");
    }
}

TEST_CASE("hostile: every byte in a comment") {
    for (int value = 0; value < 256; ++value) {
        CAPTURE(value);
        const auto error = survives("stage \"A\" # x" + byte_text(value) + "y");
        if (value >= 0x80) {
            REQUIRE(error);
            CHECK(error->message == utf8_message);
            CHECK(error->column == 14);
        } else if (value == '\n' || value == '\r') {
            REQUIRE(error);
            CHECK(error->line == 2);
        } else {
            CHECK_FALSE(error);
        }
    }
}

TEST_CASE("hostile: every well-formed code point class in a name, and malformed ones refused") {
    auto encode = [](char32_t point) {
        std::string out;
        if (point < 0x800) {
            out += char(0xC0 | (point >> 6));
        } else if (point < 0x10000) {
            out += char(0xE0 | (point >> 12));
            out += char(0x80 | ((point >> 6) & 0x3F));
        } else {
            out += char(0xF0 | (point >> 18));
            out += char(0x80 | ((point >> 12) & 0x3F));
            out += char(0x80 | ((point >> 6) & 0x3F));
        }
        out += char(0x80 | (point & 0x3F));
        return out;
    };
    std::vector<char32_t> points;
    for (char32_t point = 0x80; point < 0x800; ++point) points.push_back(point);
    for (char32_t point = 0x800; point < 0x10000; point += 7)
        if (point < 0xD800 || point > 0xDFFF) points.push_back(point);
    for (char32_t point = 0x10000; point <= 0x10FFFF; point += 997) points.push_back(point);
    for (const char32_t point : points) {
        CAPTURE(std::uint32_t(point));
        const std::string name = "x" + encode(point) + "y";
        REQUIRE_FALSE(survives("stage \"" + name + "\" stall-limit 5 days"));
        // The column after the name counts the character as one.
        const auto error = survives("stage \"" + name + "\" bad");
        REQUIRE(error);
        CHECK(error->column == 13);
    }
    for (const std::string_view malformed :
         {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82", "\x80", "\xFE", "\xF0\x9F\x98"}) {
        const auto error = survives("stage \"x" + std::string(malformed) + "\"");
        REQUIRE(error);
        CHECK(error->message == utf8_message);
        CHECK(error->column == 9);
    }
}

TEST_CASE("hostile: random bytes") {
    std::mt19937 random(20261123);
    std::uniform_int_distribution<int> byte(0, 255);
    std::uniform_int_distribution<int> length(0, 400);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        for (int i = length(random); i > 0; --i) text += char(byte(random));
        CAPTURE(round);
        survives(text);
    }
    // Mostly the language's own bytes, so the statement readers get deep.
    const std::string alphabet =
        "stage\"advance continuation calendar holiday stall-limit unknown-outcome weight closed not-counted "
        ", #\\\n\r\t0123456789-.days\xc3\xa9\xe2\x82\xac\xff\x80";
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        for (int i = length(random); i > 0; --i) text += alphabet[pick(random)];
        CAPTURE(round);
        survives(text);
    }
}

namespace {

// Runs `work` on a thread with a 128 KiB stack: a parser recursing per byte or
// per line of these inputs would overflow it and crash the test.
template <typename Work>
void on_small_stack(Work work) {
    pthread_attr_t attributes;
    REQUIRE(pthread_attr_init(&attributes) == 0);
    REQUIRE(pthread_attr_setstacksize(&attributes, 128 * 1024) == 0);
    pthread_t thread;
    auto run = [](void* argument) -> void* {
        (*static_cast<Work*>(argument))();
        return nullptr;
    };
    REQUIRE(pthread_create(&thread, &attributes, run, &work) == 0);
    REQUIRE(pthread_join(thread, nullptr) == 0);
    pthread_attr_destroy(&attributes);
}

}  // namespace

TEST_CASE("hostile: huge quotes, escapes and line counts need no deep stack") {
    std::string escaped_quotes = "stage \"";
    for (int i = 0; i < 2040; ++i) escaped_quotes += "\\\"";
    std::string many_names = "advance ";
    for (int i = 0; i < 500; ++i) many_names += fmt::format("{}\"o{}\"", i ? ", " : "", i);
    std::string many_lines;
    for (int i = 0; i < 10'000; ++i) many_lines += fmt::format("advance \"outcome {}\"\n", i);
    const std::vector<std::string> inputs = {
        escaped_quotes + "\"",                              // 0: a name of 2040 quotes
        escaped_quotes,                                     // 1: never closed
        "stage \"" + std::string(4080, '\\') + "\"",        // 2: 2040 escaped backslashes
        "stage " + std::string(4090, '"'),                  // 3: quotes only
        std::string(4096, '"'),                             // 4: quotes where a keyword belongs
        many_names,                                         // 5: 500 outcomes on one line
        many_lines,                                         // 6: 10,000 lines
        std::string(1024 * 1024, '\n'),                     // 7: a million empty lines
        std::string(1024 * 1024, '\\'),                     // 8: one line of a million backslashes
        "stage \"A\" " + std::string(4086, '#'),            // 9: a comment to the limit
        "stall-limit " + std::string(4000, '9') + " days",  // 10: a 4000-digit number
        "stage \"A\" weight 0." + std::string(4000, '5'),   // 11: a 4000-digit weight
    };
    std::vector<parse_result> results;
    on_small_stack([&] {
        for (const auto& input : inputs) results.push_back(parse_rules(input));
    });
    REQUIRE(results.size() == inputs.size());
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        CAPTURE(i);
        if (const auto* error = std::get_if<rules_error>(&results[i])) {
            CAPTURE(error->brief());
            CHECK(error->message.find("internal check failed") == std::string::npos);
            CHECK(is_utf8(error->detailed()));
        }
    }
    CHECK(std::get<rules>(results[0]).stages.at(0).name == std::string(2040, '"'));
    CHECK(std::get<rules_error>(results[1]).message ==
          "the name starting here has no closing double quote; put one right after the name");
    CHECK(std::get<rules>(results[2]).stages.at(0).name == std::string(2040, '\\'));
    CHECK(std::get<rules_error>(results[3]).message == "a stage name cannot be empty");
    CHECK(std::get<rules_error>(results[4]).column == 1);
    CHECK(std::get<rules>(results[5]).advances.size() == 500);
    CHECK(std::get<rules>(results[6]).advances.size() == 10'000);
    CHECK(std::get<rules_error>(results[7]).brief() ==
          "inline rules: the text has more than 10000 lines; at most 10000 lines are allowed");
    CHECK(std::get<rules_error>(results[8]).brief() ==
          "line 1 (inline): this line is 1048576 bytes long; at most 4096 bytes are allowed");
    CHECK(std::get<rules>(results[9]).stages.size() == 1);
    CHECK(std::get<rules_error>(results[10]).message ==
          std::string(4000, '9') + " days is more than the 3650-day maximum");
    CHECK(std::get<rules>(results[11]).stages.at(0).weight.value() == doctest::Approx(5.0 / 9.0));
}

TEST_CASE("hostile: the parser uses no Spirit character class that asserts on bytes >= 0x80") {
    // Boost's standard encoding asserts on such bytes in isalpha, isspace, ...; the
    // byte-wise tests above would trip the always-on assertion handler at run time,
    // and this keeps the classes out of the source in the first place.
    std::ifstream in(std::string(TRUEPIPE_TEST_DIR) + "/../engine/src/rules_parser.cpp");
    REQUIRE(in);
    const std::string source{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    for (const std::string_view name :
         {"x3::char_",  "x3::alpha",    "x3::alnum",        "x3::space",     "x3::blank",   "x3::digit",
          "x3::xdigit", "x3::lower",    "x3::upper",        "x3::punct",     "x3::graph",   "x3::print",
          "x3::cntrl",  "x3::standard", "x3::ascii",        "x3::iso8859_1", "x3::no_case", "x3::int_",
          "x3::uint_",  "x3::double_",  "x3::phrase_parse", "x3::lexeme",    "x3::string("}) {
        CAPTURE(name);
        CHECK(source.find(name) == std::string::npos);
    }
    CHECK(source.find("#define BOOST_ENABLE_ASSERT_HANDLER") < source.find("#include <boost/"));
}
