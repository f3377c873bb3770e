#include <truepipe/deal_table.hpp>

#include "suggest.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace truepipe {

namespace {

constexpr std::string_view id_headers[] = {"ID", "Deal ID", "Opportunity ID", "Record ID"};
constexpr std::string_view amount_headers[] = {"Amount (converted)", "Amount in company currency", "Amount",
                                               "Deal Value", "Value"};
constexpr std::string_view stage_headers[] = {"Stage", "Deal Stage"};
constexpr std::string_view close_headers[] = {"Close Date", "Expected Close Date"};
constexpr std::string_view advance_headers[] = {"Advance Date", "Last Advance", "Last Stage Change Date"};
constexpr std::string_view owner_headers[] = {"Owner", "Deal Owner", "Opportunity Owner"};
constexpr std::string_view created_headers[] = {"Created", "Create Date", "Created Date"};
constexpr std::string_view entered_headers[] = {"Entered {stage}", "Date entered {stage}"};

// A message lists at most this many of a table's headers.
constexpr std::size_t listed_headers = 12;
// How far below the first row a header row is looked for, to say where it is.
constexpr std::size_t header_search_rows = 10;
constexpr std::string_view stage_placeholder = "{stage}";

// One row of a table read as headers: a text as written, a number by its digits.
struct header_row {
    std::vector<std::string> texts;
    std::vector<std::string> keys;  // header_key of each; empty for an empty cell
};

header_row read_header_row(range_view table, std::size_t row) {
    header_row headers;
    for (std::size_t column = 0; column < table.columns; ++column) {
        std::string text = header_text(table.at(row, column));
        headers.keys.push_back(header_key(text));
        headers.texts.push_back(std::move(text));
    }
    return headers;
}

// The columns whose header `pattern` names.
std::vector<std::size_t> matching_columns(std::string_view pattern, const header_row& headers) {
    const std::string key = header_key(pattern);
    const bool prefix = key.ends_with('*');
    const std::string_view wanted = prefix ? std::string_view(key).substr(0, key.size() - 1) : key;
    std::vector<std::size_t> columns;
    for (std::size_t column = 0; column < headers.keys.size(); ++column) {
        const std::string& header = headers.keys[column];
        if (!header.empty() && (prefix ? header.starts_with(wanted) : header == wanted)) columns.push_back(column);
    }
    return columns;
}

// Where {stage} stands in `pattern` from `from` on, in any case; npos if nowhere.
std::size_t find_placeholder(std::string_view pattern, std::size_t from) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; };
    for (std::size_t at = from; at + stage_placeholder.size() <= pattern.size(); ++at) {
        if (std::equal(stage_placeholder.begin(), stage_placeholder.end(), pattern.begin() + at,
                       [&](char wanted, char written) { return wanted == lower(written); }))
            return at;
    }
    return std::string_view::npos;
}

// `pattern` with each {stage} replaced by `stage`.
std::string with_stage(std::string_view pattern, std::string_view stage) {
    std::string result;
    std::size_t from = 0;
    for (std::size_t at; (at = find_placeholder(pattern, from)) != std::string_view::npos;
         from = at + stage_placeholder.size()) {
        result.append(pattern.substr(from, at - from));
        result.append(stage);
    }
    result.append(pattern.substr(from));
    return result;
}

std::string quoted(std::string_view text) { return fmt::format("\"{}\"", shortened(text)); }

std::string quoted_list(std::span<const std::string> texts) {
    std::vector<std::string> quotes;
    for (const auto& text : texts) quotes.push_back(quoted(text));
    std::vector<std::string_view> views(quotes.begin(), quotes.end());
    return detail::english_list(views);
}

class column_finder {
public:
    column_finder(range_view table, std::string_view name, const rules& rules)
        : table_(table), name_(name), rules_(rules), headers_(read_header_row(table, 0)) {}

    // The patterns a role is found by, and whether a `column` line gave them.
    std::vector<std::string> patterns(column_role role) const {
        if (const column_rule* line = rules_.find_column(role)) return line->headers;
        const auto defaults = default_headers(role);
        return {defaults.begin(), defaults.end()};
    }
    bool named_by_line(column_role role) const { return rules_.find_column(role) != nullptr; }

    // The first of `patterns` that names a column decides; two columns are an error.
    std::variant<std::optional<std::size_t>, diagnostic> single(column_role role,
                                                                std::span<const std::string> tried) const {
        for (const std::string& pattern : tried) {
            const auto columns = matching_columns(pattern, headers_);
            if (columns.size() == 1) return std::optional<std::size_t>(columns.front());
            if (columns.size() > 1) return ambiguous(role, pattern, columns);
        }
        return std::optional<std::size_t>();
    }

    std::vector<std::size_t> every(std::span<const std::string> tried) const {
        std::vector<std::size_t> columns;
        for (const std::string& pattern : tried) {
            const auto found = matching_columns(pattern, headers_);
            columns.insert(columns.end(), found.begin(), found.end());
        }
        std::sort(columns.begin(), columns.end());
        columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
        return columns;
    }

    diagnostic ambiguous(column_role role, std::string_view pattern, std::span<const std::size_t> columns) const {
        std::vector<std::string> named;
        for (const std::size_t column : columns)
            named.push_back(fmt::format("{} (column {})", quoted(headers_.texts[column]), column + 1));
        const std::vector<std::string_view> views(named.begin(), named.end());
        return diagnostic::of_argument(fmt::format(
            "{} has {} columns for {}: {} matches {}; name one in a column {} line of the rules", name_,
            columns.size(), role_name(role), quoted(pattern), detail::english_list(views, "and"),
            role_name(role)));
    }

    diagnostic missing(column_role role, std::span<const std::string> tried, std::string_view what) const {
        std::vector<std::string> present;
        for (std::size_t column = 0; column < headers_.texts.size(); ++column)
            if (!headers_.keys[column].empty()) present.push_back(headers_.texts[column]);
        std::string table_headers;
        if (present.empty()) {
            table_headers = "its first row holds no headers";
        } else {
            const std::size_t shown = std::min(present.size(), listed_headers);
            std::vector<std::string> quotes;
            for (std::size_t i = 0; i < shown; ++i) quotes.push_back(quoted(present[i]));
            table_headers = "its headers are " + fmt::format("{}", fmt::join(quotes, ", "));
            if (present.size() > shown) table_headers += fmt::format(" and {} more", present.size() - shown);
        }
        return diagnostic::of_argument(fmt::format("{} has no {}: none of its headers is {}{}; {}{}", name_, what,
                                                   quoted_list(tried),
                                                   named_by_line(role) ? " (the rules' column line)" : "",
                                                   table_headers, suggestion(tried)));
    }

    // "; did you mean "Amout"?" when a table header is a likely typo of a tried one.
    std::string suggestion(std::span<const std::string> tried) const {
        std::vector<std::string_view> keys;
        for (const auto& key : headers_.keys)
            if (!key.empty()) keys.push_back(key);
        for (const std::string& pattern : tried) {
            if (const auto near = detail::nearest_known(header_key(pattern), keys)) {
                const auto at = std::find(headers_.keys.begin(), headers_.keys.end(), *near);
                return fmt::format("; did you mean {}?", quoted(headers_.texts[at - headers_.keys.begin()]));
            }
        }
        return {};
    }

    // The row of the range, 2 to 10, that holds a header of `roles`, if the first does not.
    std::optional<std::size_t> header_row_below(std::span<const column_role> roles) const {
        const auto names_a_role = [&](const header_row& row) {
            return std::any_of(roles.begin(), roles.end(), [&](column_role role) {
                if (role == column_role::entered) return false;  // its headers depend on the stages
                const auto tried = patterns(role);
                return std::any_of(tried.begin(), tried.end(), [&](const std::string& pattern) {
                    return !matching_columns(pattern, row).empty();
                });
            });
        };
        if (names_a_role(headers_)) return std::nullopt;
        for (std::size_t row = 1; row < std::min(table_.rows, header_search_rows); ++row)
            if (names_a_role(read_header_row(table_, row))) return row;
        return std::nullopt;
    }

    columns_result find(table_needs needs) const;

private:
    range_view table_;
    std::string_view name_;
    const rules& rules_;
    header_row headers_;

    std::optional<diagnostic> find_role(column_role role, bool required, table_columns& found) const;
};

std::optional<diagnostic> column_finder::find_role(column_role role, bool required, table_columns& found) const {
    const std::vector<std::string> tried = patterns(role);
    const std::string what = fmt::format("{} column", role_name(role));
    if (role == column_role::advance) {
        found.advance = every(tried);
        if (found.advance.empty() && (required || named_by_line(role))) return missing(role, tried, what);
        return std::nullopt;
    }
    if (role == column_role::entered) {
        bool any = false;
        for (const stage_rule& stage : rules_.stages) {
            std::vector<std::string> named;
            for (const std::string& pattern : tried) named.push_back(with_stage(pattern, stage.name));
            auto column = single(role, named);
            if (auto* problem = std::get_if<diagnostic>(&column)) return std::move(*problem);
            found.entered.push_back(std::get<std::optional<std::size_t>>(column));
            any = any || found.entered.back().has_value();
        }
        if (!any && (required || named_by_line(role)))
            return missing(role, tried, "entered column for any stage of the rules");
        return std::nullopt;
    }
    auto column = single(role, tried);
    if (auto* problem = std::get_if<diagnostic>(&column)) return std::move(*problem);
    found.single[std::size_t(role)] = std::get<std::optional<std::size_t>>(column);
    if (!found.single[std::size_t(role)] && (required || named_by_line(role))) return missing(role, tried, what);
    return std::nullopt;
}

columns_result column_finder::find(table_needs needs) const {
    if (table_.empty()) return diagnostic::of_argument(fmt::format("{} is empty: it needs a header row", name_));
    if (const auto row = header_row_below(needs.required)) {
        return diagnostic::of_argument(fmt::format(
            "{} has none of the headers it needs in its first row, but row {} has: start the range at that row "
            "(a title or merged row above the headers)",
            name_, *row + 1));
    }
    table_columns found;
    for (const column_role role : needs.required)
        if (auto problem = find_role(role, true, found)) return *std::move(problem);
    for (const column_role role : needs.optional)
        if (auto problem = find_role(role, false, found)) return *std::move(problem);
    return found;
}

}  // namespace

std::span<const std::string_view> default_headers(column_role role) {
    // In column_role's order, as column_role_names.
    static constexpr std::array<std::span<const std::string_view>, column_role_names.size()> defaults = {
        id_headers, amount_headers, stage_headers, close_headers, advance_headers, owner_headers,
        created_headers, entered_headers};
    return defaults[std::size_t(role)];
}

std::string header_text(const cell& header) {
    if (header.is_text()) return std::string(header.text);
    return header.is_number() ? number_text(header.number) : std::string();
}

bool header_matches(std::string_view pattern, std::string_view header) {
    header_row row;
    row.texts.emplace_back(header);
    row.keys.push_back(header_key(header));
    return !matching_columns(pattern, row).empty();
}

columns_result find_columns(range_view table, std::string_view name, const rules& rules, table_needs needs) {
    return column_finder(table, name, rules).find(needs);
}

}  // namespace truepipe
