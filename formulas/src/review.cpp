// The weekly review: PIPELINE_FLOW and DEAL_CHANGE. Both judge each deal with
// the same review_deal, so that a deal's text and the flow it is counted in
// always agree.

#include "judging.hpp"
#include "table_rows.hpp"

#include <truepipe/formulas.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>

namespace truepipe {

using namespace detail;

namespace {

// In the order of their precedence: a deal is in the first that applies.
enum class category : unsigned char {
    won,
    lost,
    closed,
    added,
    removed,
    pushed_out,
    pulled_in,
    became_real,
    no_longer_real,
    increased,
    decreased,
    unchanged,
};

constexpr std::array<std::string_view, 12> category_names = {
    "won",         "lost",           "closed",    "new",       "removed",  "pushed out",
    "pulled in",   "became real",    "no longer real", "increased", "decreased", "unchanged"};

std::string_view name_of(category value) { return category_names[std::size_t(value)]; }

// ---- The arguments ------------------------------------------------------------

struct review_setup {
    std::shared_ptr<const rules> model;
    day_number snapshot_date = 0;
    day_number as_of = 0;
    std::optional<day_number> period_end;
    std::string owner;  // folded; empty: every owner
    shared_rows deals;
    shared_rows snapshot;
};

constexpr column_role review_roles[] = {column_role::id, column_role::amount, column_role::stage,
                                        column_role::close};
constexpr column_role review_dates[] = {column_role::advance, column_role::entered, column_role::owner};
constexpr column_role owner_roles[] = {column_role::id, column_role::amount, column_role::stage, column_role::close,
                                       column_role::owner};
constexpr column_role owner_dates[] = {column_role::advance, column_role::entered};

// A date argument that may be omitted (an empty cell, or not given).
checked<std::optional<day_number>> optional_date(std::string_view name, const date_system& dates,
                                                 const range_view& given) {
    const auto value = one_value(name, given);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    const cell& day = std::get<cell>(value);
    const date_cell date = read_date(dates, day);
    if (date.what == date_cell::state::empty) return std::optional<day_number>();
    if (date.what == date_cell::state::date) return std::optional<day_number>(date.day);
    return argument_error("{} {}", name, date_problem(dates, day));
}

// The owner argument: a name (or a number, by its digits), folded; empty when omitted.
checked<std::string> owner_of(const range_view& given) {
    const auto value = one_text_value("owner", given);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    const cell& owner = std::get<cell>(value);
    if (owner.is_number()) return fold_name(number_text(owner.number));
    return owner.is_text() ? fold_name(trim(owner.text)) : std::string();
}

checked<review_setup> set_up(const call_context& context, const table_argument& deals,
                             const table_argument& snapshot, const range_view& snapshot_date,
                             const range_view& as_of, const range_view& period_end, const rules_argument& rules,
                             const range_view& owner) {
    const auto loaded = load_rules(rules);
    if (!loaded->ok()) return rules_failure(*loaded, rules);
    review_setup setup;
    setup.model = loaded->value;

    const auto day = resolve_as_of(context, as_of);
    if (const auto* error = std::get_if<diagnostic>(&day)) return *error;
    setup.as_of = std::get<day_number>(day);
    const auto taken = optional_date("snapshot_date", context.dates, snapshot_date);
    if (const auto* error = std::get_if<diagnostic>(&taken)) return *error;
    if (!std::get<std::optional<day_number>>(taken))
        return argument_error("snapshot_date is empty: give the day the snapshot was taken");
    setup.snapshot_date = *std::get<std::optional<day_number>>(taken);
    if (setup.snapshot_date > setup.as_of)
        return argument_error("snapshot_date {} is after as_of {}", iso_date(setup.snapshot_date),
                              iso_date(setup.as_of));
    const auto end = optional_date("period_end", context.dates, period_end);
    if (const auto* error = std::get_if<diagnostic>(&end)) return *error;
    setup.period_end = std::get<std::optional<day_number>>(end);
    auto rep = owner_of(owner);
    if (auto* error = std::get_if<diagnostic>(&rep)) return std::move(*error);
    setup.owner = std::get<std::string>(std::move(rep));

    const bool by_owner = !setup.owner.empty();
    for (const bool today : {true, false}) {
        const rows_request request{today ? "deals" : "snapshot",
                                   by_owner ? std::span<const column_role>(owner_roles) : review_roles,
                                   by_owner ? std::span<const column_role>(owner_dates) : review_dates, true};
        auto rows = table_rows(today ? deals : snapshot, request, setup.model, context.dates);
        if (auto* error = std::get_if<diagnostic>(&rows)) return std::move(*error);
        (today ? setup.deals : setup.snapshot) = std::get<shared_rows>(std::move(rows));
    }
    return setup;
}

// ---- One deal ---------------------------------------------------------------

// A deal as one table has it on that table's day.
struct side {
    const deal_record* row = nullptr;  // null: not in the table (or another owner's)
    bool in_scope = false;
    bool real = false;
    double value = 0.0;  // amount x stage weight when real
    deal_verdict verdict;
};

bool in_scope(const deal_record& row, const std::optional<day_number>& period_end) {
    if (!period_end) return true;
    return row.close && *row.close <= *period_end;
}

side judge_side(judging& day, const review_setup& setup, const deal_table_rows& rows, const deal_record* row) {
    if (row == nullptr) return {};
    if (!setup.owner.empty() && fold_name(row->owner) != setup.owner) return {};
    side judged;
    judged.row = row;
    judged.in_scope = in_scope(*row, setup.period_end);
    if (decided_by_stage(row->stage)) {
        judged.verdict = judge_deal(day, row->stage, std::nullopt, 0);
    } else {
        // Reading the table made sure that an open, counted deal has a close date and an amount.
        std::optional<day_number> latest;
        for (const day_number advanced : rows.advances_of(*row))
            if (advanced <= day.as_of && (!latest || advanced > *latest)) latest = advanced;
        judged.verdict = judge_deal(day, row->stage, latest, row->close.value_or(day.as_of));
    }
    judged.real = judged.in_scope && judged.verdict.state == deal_state::real;
    if (judged.real) judged.value = row->amount.value_or(0.0) * weight_of(day.model, row->stage);
    return judged;
}

// Amounts compare as numbers rounded to 15 significant digits, so that
// 30000 and 30000.000000000004 are equal.
bool same_amount(double a, double b) {
    if (a == b) return true;
    const auto rounded = [](double value) { return std::strtod(fmt::format("{:.15g}", value).c_str(), nullptr); };
    return rounded(a) == rounded(b);
}

// The first category that applies, or none when the deal takes no part.
std::optional<category> classify(const side& then, const side& now, const std::optional<day_number>& period_end) {
    if (!then.in_scope && !now.in_scope) return std::nullopt;
    if (then.row && now.row && then.row->stage.closed() && now.row->stage.closed()) return std::nullopt;
    if (now.row && now.row->stage.closed()) {
        switch (now.row->stage.rule->decision) {
            case stage_decision::won:
                return category::won;
            case stage_decision::lost:
                return category::lost;
            case stage_decision::none:
                return category::closed;
        }
    }
    if (!then.row) return category::added;
    if (!now.row) return category::removed;
    if (period_end) {
        if (then.in_scope && now.row->close && *now.row->close > *period_end) return category::pushed_out;
        if (then.row->close && *then.row->close > *period_end && now.in_scope) return category::pulled_in;
    }
    if (!then.real && now.real) return category::became_real;
    if (then.real && !now.real) return category::no_longer_real;
    if (then.real && !same_amount(now.value, then.value))
        return now.value > then.value ? category::increased : category::decreased;
    return category::unchanged;
}

// The two days a review judges deals on.
struct review_days {
    explicit review_days(const review_setup& setup, const date_system& dates)
        : then(*setup.model, dates, setup.snapshot_date), now(*setup.model, dates, setup.as_of) {}
    judging then;
    judging now;
};

// ---- PIPELINE_FLOW ------------------------------------------------------------

struct review_totals {
    std::array<double, category_names.size()> amount{};
    std::array<double, category_names.size()> deals{};
    double start = 0.0, end = 0.0;
    double start_deals = 0.0, end_deals = 0.0;
};

checked<review_totals> total(const review_setup& setup, const date_system& dates) {
    review_days days(setup, dates);
    review_totals totals;
    const auto add = [&](const side& then, const side& now) {
        const auto in = classify(then, now, setup.period_end);
        if (!in) return;
        totals.amount[std::size_t(*in)] += now.value - then.value;
        totals.deals[std::size_t(*in)] += 1;
        totals.start += then.value;
        totals.end += now.value;
        totals.start_deals += then.real ? 1 : 0;
        totals.end_deals += now.real ? 1 : 0;
    };
    for (const deal_record& before : setup.snapshot->deals)
        add(judge_side(days.then, setup, *setup.snapshot, &before),
            judge_side(days.now, setup, *setup.deals, setup.deals->find(before.id)));
    for (const deal_record& today : setup.deals->deals)
        if (setup.snapshot->find(today.id) == nullptr)
            add(side{}, judge_side(days.now, setup, *setup.deals, &today));
    if (!std::isfinite(totals.start) || !std::isfinite(totals.end))
        return argument_error("the real pipeline adds up to too large a number");
    return totals;
}

// What `category` names: a category's index, or start or end.
struct flow_line {
    enum class kind : unsigned char { start, category, end };
    kind what = kind::start;
    category which = category::unchanged;
};

std::string known_lines() {
    std::string text = "start";
    for (const std::string_view name : category_names) text += fmt::format(", {}", name);
    return text + ", end";
}

checked<flow_line> line_of(const range_view& given) {
    const auto value = one_text_value("category", given);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    const cell& named = std::get<cell>(value);
    if (named.is_number()) return argument_error("category {} is a number, not a category", cell_text(named));
    if (named.is_empty() || trim(named.text).empty()) return argument_error("category is empty (known: {})", known_lines());
    const std::string key = fold_name(named.text);
    if (key == "start") return flow_line{flow_line::kind::start};
    if (key == "end") return flow_line{flow_line::kind::end};
    for (std::size_t i = 0; i < category_names.size(); ++i)
        if (key == category_names[i]) return flow_line{flow_line::kind::category, category(i)};
    return argument_error("unknown category {} (known: {})", detail::quoted(named.text), known_lines());
}

checked<bool> by_deals(const range_view& given) {
    const auto value = one_text_value("measure", given);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    const cell& named = std::get<cell>(value);
    if (named.is_empty()) return false;
    if (named.is_text()) {
        const std::string key = fold_name(named.text);
        if (key.empty() || key == "amount") return false;
        if (key == "deals") return true;
    }
    return argument_error("unknown measure {} (known: amount, deals)", cell_text(named));
}

checked<double> flow_of(const call_context& context, const range_view& category_name, const table_argument& deals,
                        const table_argument& snapshot, const range_view& snapshot_date, const range_view& as_of,
                        const range_view& period_end, const rules_argument& rules, const range_view& owner,
                        const range_view& measure) {
    const auto line = line_of(category_name);
    if (const auto* error = std::get_if<diagnostic>(&line)) return *error;
    const auto count = by_deals(measure);
    if (const auto* error = std::get_if<diagnostic>(&count)) return *error;
    const auto setup = set_up(context, deals, snapshot, snapshot_date, as_of, period_end, rules, owner);
    if (const auto* error = std::get_if<diagnostic>(&setup)) return *error;
    const review_setup& review = std::get<review_setup>(setup);

    // Every PIPELINE_FLOW cell of a review sheet asks the same review for another line.
    const std::string key = fmt::format(
        "review|{}|{}|{}|{}|{}|{}", snapshot.memo != nullptr ? snapshot.memo->serial() : 0,
        context.dates.null_date(), review.snapshot_date, review.as_of,
        review.period_end ? fmt::format("{}", *review.period_end) : std::string("-"), review.owner);
    // Kept with today's table only when the snapshot's memo tells snapshots apart.
    table_argument keeper = deals;
    if (snapshot.memo == nullptr) keeper.memo = nullptr;
    const auto totals =
        kept_result<review_totals>(keeper, key, review.model, [&] { return total(review, context.dates); });
    if (const auto* error = std::get_if<diagnostic>(&totals)) return *error;
    const review_totals& sums = *std::get<std::shared_ptr<const review_totals>>(totals);
    const flow_line& asked = std::get<flow_line>(line);
    const bool deals_count = std::get<bool>(count);
    switch (asked.what) {
        case flow_line::kind::start:
            return deals_count ? sums.start_deals : sums.start;
        case flow_line::kind::end:
            return deals_count ? sums.end_deals : sums.end;
        case flow_line::kind::category:
            break;
    }
    const std::size_t index = std::size_t(asked.which);
    return deals_count ? sums.deals[index] : sums.amount[index];
}

// ---- DEAL_CHANGE ----------------------------------------------------------------

std::string date_text(const std::optional<day_number>& day) { return day ? iso_date(*day) : "none"; }

std::string amount_text(const std::optional<double>& amount) {
    return amount ? fmt::format("{:.15g}", *amount) : "none";
}

std::string owner_text(std::string_view owner) { return owner.empty() ? "none" : std::string(owner); }

// What changed between the two records, in the reference's order.
std::vector<std::string> changes_of(const deal_record& before, const deal_record& today) {
    std::vector<std::string> changes;
    const bool same_stage = before.stage.rule != nullptr ? before.stage.rule == today.stage.rule
                                                         : fold_name(before.stage.name) == fold_name(today.stage.name);
    if (!same_stage) changes.push_back(fmt::format("{} → {}", before.stage.name, today.stage.name));
    if (before.close != today.close)
        changes.push_back(fmt::format("close {} → {}", date_text(before.close), date_text(today.close)));
    if (before.amount.has_value() != today.amount.has_value() ||
        (before.amount && !same_amount(*before.amount, *today.amount)))
        changes.push_back(fmt::format("amount {} → {}", amount_text(before.amount), amount_text(today.amount)));
    if (fold_name(before.owner) != fold_name(today.owner))
        changes.push_back(fmt::format("owner {} → {}", owner_text(before.owner), owner_text(today.owner)));
    return changes;
}

checked<std::string> change_of(const call_context& context, const range_view& id, const table_argument& deals,
                               const table_argument& snapshot, const range_view& snapshot_date,
                               const range_view& as_of, const range_view& period_end, const rules_argument& rules,
                               const range_view& owner) {
    const auto value = one_text_value("id", id);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    if (std::get<cell>(value).is_error()) return argument_error("id shows {}", std::get<cell>(value).text);
    const std::string key = deal_id(std::get<cell>(value));
    if (key.empty()) return std::string();
    const auto setup = set_up(context, deals, snapshot, snapshot_date, as_of, period_end, rules, owner);
    if (const auto* error = std::get_if<diagnostic>(&setup)) return *error;
    const review_setup& review = std::get<review_setup>(setup);

    const deal_record* before = review.snapshot->find(key);
    const deal_record* today = review.deals->find(key);
    if (before == nullptr && today == nullptr)
        return argument_error("id {} is in neither deals nor snapshot", detail::quoted(key));
    review_days days(review, context.dates);
    const side then = judge_side(days.then, review, *review.snapshot, before);
    const side now = judge_side(days.now, review, *review.deals, today);
    const auto in = classify(then, now, review.period_end);
    if (!in) return std::string("out of scope");

    std::vector<std::string> changes;
    if (then.row && now.row) changes = changes_of(*then.row, *now.row);
    if (*in == category::no_longer_real) changes.push_back(describe(now.verdict, review.as_of));
    std::string text(name_of(*in));
    for (std::size_t i = 0; i < changes.size(); ++i) text += (i == 0 ? ": " : "; ") + changes[i];
    return text;
}

}  // namespace

formula_result pipeline_flow(const call_context& context, const range_view& category, const table_argument& deals,
                             const table_argument& snapshot, const range_view& snapshot_date,
                             const range_view& as_of, const range_view& period_end, const rules_argument& rules,
                             const range_view& owner, const range_view& measure) {
    return result_of(
        flow_of(context, category, deals, snapshot, snapshot_date, as_of, period_end, rules, owner, measure));
}

std::string deal_change(const call_context& context, const range_view& id, const table_argument& deals,
                        const table_argument& snapshot, const range_view& snapshot_date, const range_view& as_of,
                        const range_view& period_end, const rules_argument& rules, const range_view& owner) {
    auto text = change_of(context, id, deals, snapshot, snapshot_date, as_of, period_end, rules, owner);
    if (const auto* error = std::get_if<diagnostic>(&text)) return text_of(*error);
    return std::get<std::string>(std::move(text));
}

}  // namespace truepipe
