#include "arguments.hpp"

#include <truepipe/rules.hpp>

#include <algorithm>

namespace truepipe::detail {

diagnostic rules_failure(const loaded_rules& loaded, const rules_argument& from) {
    return loaded.error ? loaded.located_error(from) : diagnostic::of_internal("could not load the rules");
}

diagnostic at_cell(diagnostic failure, const range_view& range, std::size_t index) {
    return std::move(failure).at(index, range.rows, range.columns);
}

formula_result result_of(checked<double> answer) {
    if (auto* failure = std::get_if<diagnostic>(&answer)) return failure->cell_text();
    return std::get<double>(answer);
}

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", shortened(trim(text))); }

std::string cell_text(const cell& value) {
    if (value.is_text()) return quoted(value.text);
    if (value.is_number()) return number_text(value.number);
    return "an empty cell";
}

bool is_vector(const range_view& range) { return range.rows <= 1 || range.columns <= 1; }

bool is_row_vector(const range_view& range) { return range.rows == 1 && range.columns > 1; }

namespace {

// "6 rows" for a column, "6 columns" for a row: how the user sees the range.
std::string length_text(const range_view& range) {
    const std::size_t count = cell_count(range);
    if (is_row_vector(range)) return fmt::format("{} {}", count, count == 1 ? "column" : "columns");
    return fmt::format("{} {}", count, count == 1 ? "row" : "rows");
}

std::string block_text(const range_view& range) {
    return fmt::format("{} rows by {} columns", range.rows, range.columns);
}

// A vector by its length, a block by its rows and columns.
std::string size_text(const range_view& range) {
    return is_vector(range) ? length_text(range) : block_text(range);
}

}  // namespace

checked<cell> one_value(std::string_view name, const range_view& given) {
    if (given.empty()) return cell::empty_cell();
    if (cell_count(given) == 1) return given.cells.front();
    return argument_error("{} must be a single cell, not {}", name, size_text(given));
}

checked<cell> one_text_value(std::string_view name, const range_view& given) {
    auto value = one_value(name, given);
    if (const auto* found = std::get_if<cell>(&value); found && found->is_number() && found->number == 0.0)
        return cell::empty_cell();
    return value;
}

diagnostic not_a_vector(std::string_view name, const range_view& range) {
    return argument_error("{} must be a single column or row, not {}", name, block_text(range));
}

std::optional<diagnostic> check_same_length(std::string_view name, const range_view& range,
                                            std::string_view first_name, const range_view& first) {
    if (!is_vector(range)) return not_a_vector(name, range);
    if (cell_count(range) == cell_count(first)) return std::nullopt;
    const std::string theirs = length_text(range);
    const std::string ours = length_text(first);
    // "amounts has 6" reads fine when both count the same thing.
    const bool same_unit = is_row_vector(range) == is_row_vector(first);
    return argument_error("{} has {} but {} has {}", name, theirs, first_name,
                          same_unit ? ours.substr(0, ours.find(' ')) : ours);
}

checked<row_scope> row_scope::of(const range_view& include, const range_view& first,
                                 std::string_view first_name) {
    row_scope scope;
    if (include.empty()) return scope;
    // An expression over ranges in a normal formula reaches the add-in as the
    // value of the formula's own row alone: taking it for every row, or for none,
    // would be a silently wrong figure.
    if (cell_count(include) == 1 && cell_count(first) > 1) {
        return argument_error(
            "include is a single value but {} has {}: in a normal formula Calc turns an expression over "
            "a range, such as (Reps=\"Maria\"), into the value of the formula's own row alone (implicit "
            "intersection); give include a helper column of TRUE/FALSE, or enter the formula as an array "
            "formula with Ctrl+Shift+Enter",
            first_name, size_text(first));
    }
    if (is_vector(first)) {
        if (auto wrong = check_same_length("include", include, first_name, first)) return *std::move(wrong);
    } else if (include.rows != first.rows || include.columns != first.columns) {
        return argument_error("include has {} but {} has {}", block_text(include), first_name,
                              block_text(first));
    }
    scope.include_ = include;
    return scope;
}

diagnostic row_scope::not_a_flag(std::size_t index) const {
    return at_cell(
        argument_error("include {} is a text: use TRUE/FALSE or 1/0", cell_text(include_.cells[index])),
        include_, index);
}

std::size_t cell_count(const range_view& range) {
    return std::min(range.cells.size(), range.rows * range.columns);
}

namespace {

constexpr day_number first_pipeline_day = -25567;  // 1900-01-01

date_cell pipeline_date(std::optional<day_number> day) {
    if (!day) return {date_cell::state::not_a_date, 0};
    if (*day < first_pipeline_day) return {date_cell::state::too_early, *day};
    return {date_cell::state::date, *day};
}

}  // namespace

date_cell read_date(const date_system& dates, const cell& value) {
    if (value.is_empty() || (value.is_number() && value.number == 0.0)) return {date_cell::state::empty, 0};
    if (value.is_number()) return pipeline_date(dates.from_serial(value.number));
    return pipeline_date(parse_iso_date(trim(value.text)));
}

std::string date_problem(const date_system& dates, const cell& value) {
    const date_cell date = read_date(dates, value);
    if (date.what != date_cell::state::too_early) return fmt::format("{} is not a date", cell_text(value));
    const std::string first = iso_date(first_pipeline_day);
    // A serial says which day it is; a text already shows it.
    if (value.is_number())
        return fmt::format("{} is {}, before {}", cell_text(value), iso_date(date.day), first);
    return fmt::format("{} is before {}", cell_text(value), first);
}

latest_date latest_on_or_before(const date_system& dates, const cell_run& run, day_number as_of) {
    latest_date found;
    for (std::size_t i = 0; i < run.count; ++i) {
        const date_cell date = read_date(dates, run[i]);
        if (date.what == date_cell::state::not_a_date || date.what == date_cell::state::too_early)
            return {std::nullopt, i};
        if (date.what == date_cell::state::date && date.day <= as_of)
            found.latest = found.latest ? std::max(*found.latest, date.day) : date.day;
    }
    return found;
}

checked<double> read_amount(const cell& amount) {
    if (amount.is_empty()) return argument_error("amount is empty");
    if (amount.is_text()) return argument_error("amount {} is not a number", cell_text(amount));
    if (!(amount.number >= 0.0)) return argument_error("amount {} is negative", cell_text(amount));
    return amount.number;
}

checked<day_number> resolve_as_of(const call_context& context, const range_view& given) {
    const auto value = one_value("as_of", given);
    if (const auto* error = std::get_if<diagnostic>(&value)) return *error;
    const cell& as_of = std::get<cell>(value);
    const date_cell date = read_date(context.dates, as_of);
    switch (date.what) {
        case date_cell::state::empty:
            return context.today;
        case date_cell::state::date:
            return date.day;
        case date_cell::state::not_a_date:
        case date_cell::state::too_early:
            break;
    }
    return argument_error("as_of {}", date_problem(context.dates, as_of));
}

}  // namespace truepipe::detail
