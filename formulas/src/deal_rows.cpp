#include "deal_rows.hpp"

#include <algorithm>

namespace truepipe::detail {

namespace {

constexpr std::string_view dates_hint = "Data > Text to Columns turns such a column into dates";
constexpr std::string_view numbers_hint = "Data > Text to Columns turns such a column into numbers";

bool all_digits(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "14:32", "14:32:00", "14:32:00.123", each with "Z" or "+01:00" after it, or not.
bool is_iso_time(std::string_view time) {
    if (time.size() < 5 || !all_digits(time.substr(0, 2)) || time[2] != ':' || !all_digits(time.substr(3, 2)))
        return false;
    time.remove_prefix(5);
    if (time.size() >= 3 && time[0] == ':' && all_digits(time.substr(1, 2))) {
        time.remove_prefix(3);
        if (!time.empty() && (time[0] == '.' || time[0] == ',')) {
            std::size_t digits = 1;
            while (digits < time.size() && time[digits] >= '0' && time[digits] <= '9') ++digits;
            if (digits == 1) return false;
            time.remove_prefix(digits);
        }
    }
    if (time.empty() || time == "Z") return true;
    if (time[0] != '+' && time[0] != '-') return false;
    time.remove_prefix(1);
    return (time.size() == 2 && all_digits(time)) || (time.size() == 4 && all_digits(time)) ||
           (time.size() == 5 && all_digits(time.substr(0, 2)) && time[2] == ':' && all_digits(time.substr(3)));
}

// The header of `column`, as a message names it.
std::string header_of(range_view table, std::size_t column) {
    return std::string(trim(header_text(table.at(0, column))));
}

class row_reader {
public:
    row_reader(range_view table, std::string_view name, const table_columns& columns, const rules& rules,
               const date_system& dates)
        : table_(table), name_(name), columns_(columns), rules_(rules), dates_(dates), stages_(rules) {
        for (const auto& column : columns.single)
            if (column) used_.push_back(*column);
        used_.insert(used_.end(), columns.advance.begin(), columns.advance.end());
        for (const auto& column : columns.entered)
            if (column) used_.push_back(*column);
    }

    checked<deal_table_rows> read() {
        for (std::size_t row = 1; row < table_.rows; ++row) {
            if (empty_row(row)) continue;
            if (auto problem = read_row(row)) return *std::move(problem);
        }
        return std::move(rows_);
    }

private:
    range_view table_;
    std::string_view name_;
    const table_columns& columns_;
    const rules& rules_;
    const date_system& dates_;
    stage_finder stages_;
    std::vector<std::size_t> used_;
    deal_table_rows rows_;

    bool empty_row(std::size_t row) const {
        return std::all_of(used_.begin(), used_.end(),
                           [&](std::size_t column) { return table_.at(row, column).is_empty(); });
    }

    diagnostic at(diagnostic problem, std::size_t row, std::size_t column) const {
        return std::move(problem).in_table({std::string(name_), row + 1, header_of(table_, column)});
    }

    std::optional<diagnostic> error_cell(std::size_t row, std::size_t column) const {
        const cell& value = table_.at(row, column);
        if (!value.is_error()) return std::nullopt;
        return at(argument_error("the cell shows {}", value.text), row, column);
    }

    // Error cells were refused before (read_row).
    checked<std::optional<day_number>> date(std::size_t row, std::size_t column) const {
        const cell& value = table_.at(row, column);
        const date_cell read = read_table_date(dates_, value);
        if (read.what == date_cell::state::empty) return std::optional<day_number>();
        if (read.what == date_cell::state::date) return std::optional<day_number>(read.day);
        std::string problem = date_problem(dates_, value);
        if (value.is_text() && read.what == date_cell::state::not_a_date) problem += fmt::format(": {}", dates_hint);
        return at(diagnostic::of_argument(std::move(problem)), row, column);
    }

    std::optional<diagnostic> read_row(std::size_t row);
    std::optional<diagnostic> read_dates(std::size_t row, deal_record& deal);
};

std::optional<diagnostic> row_reader::read_row(std::size_t row) {
    for (const std::size_t column : used_)
        if (auto problem = error_cell(row, column)) return problem;
    deal_record deal;
    deal.row = row + 1;

    if (const auto column = columns_.of(column_role::id)) {
        deal.id = deal_id(table_.at(row, *column));
        if (deal.id.empty()) return at(argument_error("the deal has no id"), row, *column);
        const auto [seen, added] = rows_.by_id.emplace(deal.id, rows_.deals.size());
        if (!added) {
            return at(argument_error("id {} is also on row {}", detail::quoted(deal.id), rows_.deals[seen->second].row), row,
                      *column);
        }
    }
    if (const auto column = columns_.of(column_role::stage)) {
        auto stage = stages_.find(table_.at(row, *column));
        if (auto* problem = std::get_if<diagnostic>(&stage)) return at(std::move(*problem), row, *column);
        deal.stage = std::get<stage_info>(stage);
    }
    const bool open_and_counted = !deal.stage.closed() && deal.stage.counted();
    if (const auto column = columns_.of(column_role::amount)) {
        const cell& amount = table_.at(row, *column);
        if (amount.is_text())
            return at(argument_error("{} is not a number: {}", cell_text(amount), numbers_hint), row, *column);
        if (amount.is_number()) deal.amount = amount.number;
        if (open_and_counted) {
            auto checked_amount = read_amount(amount);
            if (auto* problem = std::get_if<diagnostic>(&checked_amount)) return at(std::move(*problem), row, *column);
        }
    }
    if (auto problem = read_dates(row, deal)) return problem;
    if (const auto column = columns_.of(column_role::close); column && open_and_counted && !deal.close)
        return at(argument_error("close date is empty"), row, *column);
    if (const auto column = columns_.of(column_role::owner)) {
        const cell& owner = table_.at(row, *column);
        if (owner.is_text()) deal.owner = trim(owner.text);
    }
    rows_.deals.push_back(std::move(deal));
    return std::nullopt;
}

std::optional<diagnostic> row_reader::read_dates(std::size_t row, deal_record& deal) {
    for (const column_role role : {column_role::close, column_role::created}) {
        const auto column = columns_.of(role);
        if (!column) continue;
        auto read = date(row, *column);
        if (auto* problem = std::get_if<diagnostic>(&read)) return std::move(*problem);
        (role == column_role::close ? deal.close : deal.created) = std::get<std::optional<day_number>>(read);
    }
    deal.first_advance = rows_.advance_days.size();
    for (const std::size_t column : columns_.advance) {
        auto read = date(row, column);
        if (auto* problem = std::get_if<diagnostic>(&read)) return std::move(*problem);
        if (const auto day = std::get<std::optional<day_number>>(read)) rows_.advance_days.push_back(*day);
    }
    // A closed stage's entered column counts only on the deals in that stage
    // today, so that one "close date" column can serve both Won and Lost.
    for (std::size_t stage = 0; stage < columns_.entered.size(); ++stage) {
        const auto column = columns_.entered[stage];
        if (!column) continue;
        const stage_rule& entered = rules_.stages[stage];
        if (entered.closed && deal.stage.rule != &entered) continue;
        auto read = date(row, *column);
        if (auto* problem = std::get_if<diagnostic>(&read)) return std::move(*problem);
        if (const auto day = std::get<std::optional<day_number>>(read)) rows_.advance_days.push_back(*day);
    }
    deal.advance_count = rows_.advance_days.size() - deal.first_advance;
    return std::nullopt;
}

}  // namespace

std::string deal_id(const cell& value) {
    if (value.is_text()) return std::string(trim(value.text, " \t\r\n"));
    if (!value.is_number()) return {};
    return number_text(value.number);
}

date_cell read_table_date(const date_system& dates, const cell& value) {
    if (value.is_text()) {
        const std::string_view text = trim(value.text);
        if (text.size() > 10 && (text[10] == 'T' || text[10] == ' ') && is_iso_time(text.substr(11)))
            return read_date(dates, cell::of_text(text.substr(0, 10)));
    }
    return read_date(dates, value);
}

checked<deal_table_rows> read_deal_rows(range_view table, std::string_view name, const table_columns& columns,
                                        const rules& rules, const date_system& dates) {
    return row_reader(table, name, columns, rules, dates).read();
}

}  // namespace truepipe::detail
