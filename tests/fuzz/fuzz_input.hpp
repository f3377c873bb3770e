#pragma once
// Turns a fuzzer's bytes into the arguments a spreadsheet could hand truepipe:
// cells, ranges of any shape, a date system, an as-of date and a rules argument.
//
// The byte format is simple on purpose, so that tests/fuzz/write_seeds.py can
// write meaningful seeds in it; see that script for the encoder. Reading past the
// end yields zero bytes, so every input decodes to something.

#include <truepipe/formulas.hpp>
#include <truepipe/rules_source.hpp>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe::fuzz {

// A broken invariant is a finding: say which one, then abort so that libFuzzer
// (or the corpus replay) reports the input.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    const std::string message = "fuzz invariant broken: " + std::string(what) + "\n  " + std::string(detail);
    std::fprintf(stderr, "%s\n", message.c_str());
    std::abort();
}

inline void require(bool condition, std::string_view what, std::string_view detail = {}) {
    if (!condition) fail(what, detail);
}

// Keeps tests and fuzzing away from the developer's own default rules file.
inline void isolate_from_user_rules() { setenv("XDG_CONFIG_HOME", "/nonexistent/truepipe-fuzz", 1); }

// Rules texts worth starting from: the reference's example and worked example, the
// built-in defaults written out, edge values, and texts that must be rejected.
inline constexpr std::array<std::string_view, 13> rules_dictionary = {
    "calendar business-days\nholiday 2026-12-25\nstall-limit 30 days\nunknown-outcome error\n"
    "stage \"Prospecting\"  not-counted\nstage \"Discovery\"    stall-limit 21 days\n"
    "stage \"Proposal\"     stall-limit 14 days  weight 0.6\nstage \"Negotiation\"  stall-limit 10 days\n"
    "stage \"Closed Won\"   closed\nstage \"Closed Lost\"  closed\n"
    "advance      \"Second meeting\", \"Stakeholder meeting\", \"Proposal review\", \"Pilot agreed\", "
    "\"Order\"\ncontinuation \"Call back later\", \"Send information\", \"No decision\"\n",
    "calendar business-days\nholiday 2026-11-26\nstall-limit 30 days\nstage \"Prospecting\" not-counted\n"
    "stage \"Discovery\"   stall-limit 10 days\nstage \"Proposal\"    stall-limit 5 days weight 0.5\n"
    "stage \"Closed Won\"  closed\nadvance      \"Second meeting\", \"Pilot agreed\"\n"
    "continuation \"Call back later\", \"Send information\"\n",
    "calendar calendar-days\nstall-limit 30 days\nstage \"Prospecting\" not-counted stall-limit 14 days\n"
    "stage \"Qualification\" stall-limit 21 days\nstage \"Discovery\" stall-limit 21 days\n"
    "stage \"Proposal\" stall-limit 14 days\nstage \"Negotiation\" stall-limit 10 days\n"
    "stage \"Closed Won\" closed\nstage \"Closed Lost\" closed\n"
    "advance \"Second meeting\", \"Stakeholder meeting\", \"Proposal review\", \"Pilot agreed\", \"Order\"\n"
    "continuation \"Call back later\", \"Send information\", \"No decision\"\nunknown-outcome error\n",
    "calendar business-days",
    "CALENDAR BUSINESS-DAYS\nHOLIDAY 2027-01-01\nholiday 2026-12-26\nstall-limit 1 day\n"
    "unknown-outcome continuation",
    "stall-limit 3650 d\nstage \"A\" weight 0\nstage \"b\" weight 1 stall-limit 1 d\nstage \"C\" closed\n"
    "advance \"x\"\ncontinuation \"y\"",
    "stage \"Quote \\\" and \\\\ slash\" weight 0.25 # comment \"not a name\"\nstage \"  Spaced  \"\n",
    "stage \"Proposal\" stall-limit 0 days",
    "stage \"Proposal\"\nstage \"proposal\"",
    "advance \"Order\"\ncontinuation \"order\"",
    "holiday 2026-02-29",
    "/nonexistent/truepipe.rules",
    // The slicing example's rules: won, lost and a stage that is only closed.
    "calendar business-days\nholiday 2026-11-26\nstall-limit 30 days\nstage \"Prospecting\" not-counted\n"
    "stage \"Discovery\"   stall-limit 10 days\nstage \"Proposal\"    stall-limit 5 days weight 0.5\n"
    "stage \"Closed Won\"  won\nstage \"Closed Lost\" lost\nstage \"Disqualified\" closed\n"
    "advance      \"Second meeting\", \"Pilot agreed\"\n"
    "continuation \"Call back later\", \"Send information\"\n",
};

// Cell texts a sheet really holds: stages, outcomes, dates as CSV imports write them.
inline constexpr std::array<std::string_view, 32> text_dictionary = {
    "Prospecting",
    "Qualification",
    "Discovery",
    "Proposal",
    "Negotiation",
    "Closed Won",
    "Closed Lost",
    " proposal ",
    "PROPOSAL",
    "Propsal",
    "Second meeting",
    "Stakeholder meeting",
    "Proposal review",
    "Pilot agreed",
    "Order",
    "Call back later",
    "Send information",
    "No decision",
    "  order\t",
    "2026-11-30",
    "2026-11-20",
    "2027-01-15",
    " 2026-11-27 ",
    "2026-02-29",
    "0000-01-01",
    "9999-12-31",
    "2026-13-01",
    "45000",
    "",
    " ",
    "\xff\xfe\xc3",
    "A",
};

inline constexpr std::array<double, 28> number_dictionary = {
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.5,
    46356.0,  // 2026-11-30 with the default NullDate
    46346.75,
    46402.0,
    2958465.0,  // 9999-12-31
    2958466.0,
    -693593.0,  // 0001-01-01
    -693594.0,
    1e15,
    -1e15,
    2147483647.0,
    -2147483648.0,
    4294967296.0,
    1e308,
    -1e308,
    std::numeric_limits<double>::max(),
    std::numeric_limits<double>::min(),
    std::numeric_limits<double>::denorm_min(),
    std::numeric_limits<double>::epsilon(),
    std::numeric_limits<double>::quiet_NaN(),
    std::numeric_limits<double>::infinity(),
    -std::numeric_limits<double>::infinity(),
    25000.0,
    100000.0,
};

class input {
public:
    input(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::uint8_t byte() { return offset_ < size_ ? data_[offset_++] : 0; }
    std::size_t below(std::size_t bound) { return bound == 0 ? 0 : byte() % bound; }
    bool flag() { return (byte() & 1) != 0; }

    // Little-endian. Every read is its own statement: the order in which a
    // compiler evaluates operands or arguments must not change what a file means.
    std::uint16_t u16() {
        const std::uint16_t low = byte();
        return std::uint16_t(low | (byte() << 8));
    }
    std::uint32_t u32() {
        const std::uint32_t low = u16();
        return low | (std::uint32_t(u16()) << 16);
    }

    double raw_double() {
        const std::uint64_t low = u32();
        const std::uint64_t bits = low | (std::uint64_t(u32()) << 32);
        double value;
        std::memcpy(&value, &bits, sizeof value);
        return value;
    }

    // A length byte, then that many bytes as they come (any UTF-8, or none).
    std::string bytes() {
        const std::size_t length = byte();
        const std::size_t available = std::min(length, size_ - std::min(offset_, size_));
        std::string text(reinterpret_cast<const char*>(data_ + std::min(offset_, size_)), available);
        offset_ += available;
        return text;
    }

    // Everything not yet read.
    std::string rest() {
        const std::size_t start = std::min(offset_, size_);
        offset_ = size_;
        return std::string(reinterpret_cast<const char*>(data_ + start), size_ - start);
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t offset_ = 0;
};

// Owns the texts and cells the views point into, for one call.
class arena {
public:
    std::string_view keep(std::string text) { return texts_.emplace_back(std::move(text)); }
    std::vector<cell>& block(std::size_t size) { return blocks_.emplace_back(size); }

private:
    std::deque<std::string> texts_;
    std::deque<std::vector<cell>> blocks_;
};

// A date serial near today's dates, whole or with a time of day.
// 2026-11-30 with the default NullDate, plus eighths of a day either way, and
// sometimes a time of day.
inline double near_serial(input& in) {
    const double offset = double(std::int16_t(in.u16())) / 8.0;
    const double time_of_day = in.flag() ? double(in.byte()) / 256.0 : 0.0;
    return 46356.0 + offset + time_of_day;
}

// "2026-11-30", or an impossible or padded variant of it.
inline std::string iso_like(input& in) {
    const bool leading_space = in.flag();
    const int year = in.u16() % 10050;
    const int month = int(in.below(14));
    const int day = int(in.below(33));
    const bool trailing_tab = in.flag();
    char text[64];
    std::snprintf(text, sizeof text, "%s%04d-%02d-%02d%s", leading_space ? " " : "", year, month, day,
                  trailing_tab ? "\t" : "");
    return text;
}

// Cell kinds by the low three bits: 0-1 empty, 2 known number, 3 any double,
// 4 recent date serial, 5 known text, 6 raw bytes, 7 ISO-like text.
inline cell read_cell(input& in, arena& store) {
    switch (in.byte() % 8) {
        case 0:
        case 1:
            return cell::empty_cell();
        case 2:
            return cell::of_number(number_dictionary[in.below(number_dictionary.size())]);
        case 3:
            return cell::of_number(in.raw_double());
        case 4:
            return cell::of_number(near_serial(in));
        case 5:
            return cell::of_text(text_dictionary[in.below(text_dictionary.size())]);
        case 6:
            return cell::of_text(store.keep(in.bytes()));
        default:
            return cell::of_text(store.keep(iso_like(in)));
    }
}

// A range of rows x columns (0..9 rows, mostly one column, sometimes 0, 2 or 3).
inline range_view read_range(input& in, arena& store) {
    const std::size_t rows = in.below(10);
    constexpr std::array<std::size_t, 8> columns_of_shape = {1, 1, 1, 1, 1, 0, 2, 3};
    const std::size_t columns = columns_of_shape[in.byte() % 8];
    auto& cells = store.block(rows * columns);
    for (auto& value : cells) value = read_cell(in, store);
    return {cells, rows, columns};
}

// A one-column range of exactly `rows` rows.
inline range_view read_column(input& in, arena& store, std::size_t rows) {
    auto& cells = store.block(rows);
    for (auto& value : cells) value = read_cell(in, store);
    return {cells, rows, 1};
}

// An include argument: omitted, a column of flags as a helper column holds them
// (TRUE/FALSE as 1/0, empty, now and then any cell) shaped like `first`, or any
// range at all.
inline range_view read_include(input& in, arena& store, const range_view& first) {
    if (!in.flag()) return {};
    if (in.flag()) return read_range(in, store);
    auto& flags = store.block(first.rows * first.columns);
    for (auto& flag : flags) {
        switch (in.byte() % 4) {
            case 0:
                flag = cell::empty_cell();
                break;
            case 1:
                flag = cell::of_number(0.0);
                break;
            case 2:
                flag = cell::of_number(1.0);
                break;
            default:
                flag = read_cell(in, store);
        }
    }
    return {flags, first.rows, first.columns};
}

// Whether `include` is a mask the functions take for `first`: its shape, and only
// numbers and empty cells.
inline bool is_flag_mask(const range_view& include, const range_view& first) {
    if (include.rows != first.rows || include.columns != first.columns) return false;
    for (const cell& flag : include.cells)
        if (flag.is_text()) return false;
    return true;
}

inline bool in_scope(const range_view& include, std::size_t index) {
    return include.empty() || (include.cells[index].is_number() && include.cells[index].number != 0.0);
}

// `range` with the cells of the rows out of scope emptied: what a function must
// answer for the rows in scope alone.
inline range_view masked(const range_view& range, const range_view& include, arena& store) {
    auto& cells = store.block(range.cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i)
        cells[i] = in_scope(include, i) ? range.cells[i] : cell::empty_cell();
    return {cells, range.rows, range.columns};
}

// The document's NullDate and the machine's today, as the add-in would set them.
inline call_context read_context(input& in) {
    call_context context;
    switch (in.below(4)) {
        case 0:
            break;
        case 1:
            context.dates = date_system::from_null_date(1904, 1, 1);
            break;
        case 2:
            context.dates = date_system(0);
            break;
        default: {
            // Calc's NullDate is a util::Date: a 16-bit year, any month and day.
            const int year = std::int16_t(in.u16());
            const unsigned month = in.byte();
            context.dates = date_system::from_null_date(year, month, in.byte());
        }
    }
    context.today = in.flag() ? *parse_iso_date("2026-11-30")
                              : *parse_iso_date("0001-01-01") + day_number(in.u32() % 3652059);
    return context;
}

// Omitted, a known rules text, raw bytes, or a range of cells (one line each).
inline rules_argument read_rules(input& in, arena& store) {
    switch (in.below(5)) {
        case 0:
            return rules_argument::omitted();
        case 1:
            return rules_argument::of_text(rules_dictionary[in.below(rules_dictionary.size())]);
        case 2:
            return rules_argument::of_text(store.keep(in.bytes()));
        case 3: {
            // A known text laid out over a Rules sheet column, one line per cell.
            const std::string_view text = rules_dictionary[in.below(rules_dictionary.size())];
            std::vector<cell> lines;
            for (std::size_t start = 0; start <= text.size();) {
                const std::size_t end = std::min(text.find('\n', start), text.size());
                lines.push_back(cell::of_text(text.substr(start, end - start)));
                start = end + 1;
            }
            auto& cells = store.block(lines.size());
            std::copy(lines.begin(), lines.end(), cells.begin());
            return rules_argument::of_cells({cells, cells.size(), 1});
        }
        default:
            return rules_argument::of_cells(read_range(in, store));
    }
}

// ---- Invariants shared by the formula targets ----------------------------------

inline std::string describe(const formula_result& result) {
    if (const auto* text = std::get_if<std::string>(&result)) return "text: " + *text;
    char number[64];
    std::snprintf(number, sizeof number, "number: %.17g", std::get<double>(result));
    return number;
}

// A numeric function answers a finite number or an error text.
inline void require_number_or_error(const formula_result& result, std::string_view function) {
    if (const auto* text = std::get_if<std::string>(&result)) {
        require(!text->empty() && text->front() == '#', function, "a text result must be an error: " + *text);
        return;
    }
    require(std::isfinite(std::get<double>(result)), function, describe(result));
}

// A result with include against the result over the masked ranges: the same
// number, or the same error (said "in scope" when include leaves no row).
inline void require_same_as_masked(const formula_result& with_include, const formula_result& over_masked,
                                   std::string_view function) {
    if (const auto* number = std::get_if<double>(&over_masked)) {
        require(std::holds_alternative<double>(with_include) && std::get<double>(with_include) == *number,
                std::string(function) + " with include is its value over the rows in scope",
                describe(with_include) + " / " + describe(over_masked));
        return;
    }
    require(std::holds_alternative<std::string>(with_include),
            std::string(function) + " with include fails where the rows in scope fail",
            describe(with_include) + " / " + describe(over_masked));
    std::string text = std::get<std::string>(with_include);
    if (text.ends_with(" in scope")) text.resize(text.size() - std::string_view(" in scope").size());
    require(text == std::get<std::string>(over_masked),
            std::string(function) + " with include gives the masked ranges' error",
            describe(with_include) + " / " + describe(over_masked));
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

// One input of a target over the functions (formula_target.cpp holds the entry
// points): reads a call's arguments from `in`, keeps their cells in `store`,
// calls the function and checks its answer.
void one_call(input& in, arena& store);

}  // namespace truepipe::fuzz
