#pragma once
// Reading spreadsheet arguments the same way in every function: date cells,
// the as-of date, positions inside a range and error texts.

#include <truepipe/cells.hpp>
#include <truepipe/dates.hpp>
#include <truepipe/diagnostic.hpp>
#include <truepipe/formulas.hpp>

#include <fmt/format.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace truepipe::detail {

// A value, or why there is none: a diagnostic, which only its renderer turns
// into the text a cell shows.
template <typename T>
using checked = std::variant<T, diagnostic>;

// What is wrong with an argument; the caller says where (`.at(...)`) when it is
// one cell of a range.
template <typename... Args>
diagnostic argument_error(fmt::format_string<Args...> format, Args&&... args) {
    return diagnostic::of_argument(fmt::format(format, std::forward<Args>(args)...));
}

// The same, about cell `index` of `range` ("row 3", or "row 2, column 3" in a block).
diagnostic at_cell(diagnostic failure, const range_view& range, std::size_t index);

// Why the rules could not be loaded, as the argument's user sees it.
diagnostic rules_failure(const loaded_rules& loaded, const rules_argument& from);

// What a cell shows for an answer or for why there is none.
formula_result result_of(checked<double> answer);
inline std::string text_of(const diagnostic& failure) { return failure.cell_text(); }

// A text as a message quotes it: trimmed, shortened, in double quotes.
std::string quoted(std::string_view text);

// A cell's content for a message: a quoted text or a number.
std::string cell_text(const cell& value);

// The one value of an argument that takes one (as_of, target, a deal's stage or
// close date): an omitted argument is an empty cell, and a range of more than
// one cell is an error naming `name`, never its first cell.
checked<cell> one_value(std::string_view name, const range_view& given);
// The same for an argument that takes a text (a stage): Calc hands a reference to
// one empty cell over as the number 0, which is then an empty cell again.
checked<cell> one_text_value(std::string_view name, const range_view& given);

bool is_vector(const range_view& range);
bool is_row_vector(const range_view& range);
std::size_t cell_count(const range_view& range);

// `name` must be a single column or row with as many cells as `first`, the
// function's first range (named `first_name`), in either direction.
std::optional<diagnostic> check_same_length(std::string_view name, const range_view& range,
                                            std::string_view first_name, const range_view& first);
diagnostic not_a_vector(std::string_view name, const range_view& range);

// The rows in scope, from the `include` argument: one cell per row of the
// function's first range, TRUE or a non-zero number for a row in scope, FALSE, 0
// or an empty cell for one left out. Omitted: every row.
class row_scope {
public:
    enum class verdict : unsigned char { in, out, not_a_flag };

    // `include` as given (empty when omitted), checked against the first range.
    static checked<row_scope> of(const range_view& include, const range_view& first,
                                 std::string_view first_name);

    bool everything() const { return include_.empty(); }
    verdict row(std::size_t index) const {
        if (include_.empty()) return verdict::in;
        const cell& flag = include_.cells[index];
        if (flag.is_number()) return flag.number != 0.0 ? verdict::in : verdict::out;
        return flag.is_empty() ? verdict::out : verdict::not_a_flag;
    }
    // Why row `index` is neither in nor out.
    diagnostic not_a_flag(std::size_t index) const;

private:
    range_view include_;
};

// Some cells of a range read in order: a whole range, or one deal's slice of a
// block (a row, or a column in a row-oriented layout).
struct cell_run {
    const cell* first = nullptr;
    std::size_t count = 0;
    std::size_t stride = 1;

    static cell_run all_of(const range_view& range) { return {range.cells.data(), cell_count(range), 1}; }
    const cell& operator[](std::size_t index) const { return first[index * stride]; }
};

struct date_cell {
    enum class state : unsigned char { empty, date, not_a_date, too_early };
    state what = state::empty;
    day_number day = 0;
};

// A number is a serial of the document's date system; a text is accepted when it
// is exactly an ISO date (CSV imports). Serial 0 is how Calc hands over a
// reference to one empty cell, so it counts as no date. Dates before 1900-01-01
// are not dates of a pipeline: they are TRUE (serial 1), a negative serial or a
// mistyped year, so they are not a date either.
date_cell read_date(const date_system& dates, const cell& value);

// Why a cell that read_date() does not take is no date, after the words that say
// which cell: "\"soon\" is not a date", "-1 is 1899-12-29, before 1900-01-01".
std::string date_problem(const date_system& dates, const cell& value);

// The latest date on or before as_of among the run's cells; `bad` is the index of
// the first cell that is not a date (then nothing else is meaningful).
struct latest_date {
    std::optional<day_number> latest;
    std::optional<std::size_t> bad;
};
latest_date latest_on_or_before(const date_system& dates, const cell_run& run, day_number as_of);

// A deal's amount: a number, 0 or more.
checked<double> read_amount(const cell& amount);

// The as-of date: omitted (or an empty cell) means today; one cell only.
checked<day_number> resolve_as_of(const call_context& context, const range_view& as_of);

// Remembers how a few texts were looked up, so that a million rows naming the
// same handful of stages or outcomes neither fold nor hash each cell. The views
// point into the call's cells, which outlive the lookups.
template <typename Value, std::size_t Size = 16>
class recent_texts {
public:
    const Value* find(std::string_view text) const {
        // The add-in stores a text that many cells hold once, so the same text
        // usually comes back at the same address: no bytes need comparing.
        for (std::size_t i = 0; i < size_; ++i)
            if (texts_[i].data() == text.data() && texts_[i].size() == text.size()) return &values_[i];
        const std::uint64_t tag = tag_of(text);
        for (std::size_t i = 0; i < size_; ++i)
            if (tags_[i] == tag && texts_[i] == text) return &values_[i];
        return nullptr;
    }

    void remember(std::string_view text, Value value) {
        tags_[next_] = tag_of(text);
        texts_[next_] = text;
        values_[next_] = value;
        next_ = (next_ + 1) % Size;
        if (size_ < Size) ++size_;
    }

private:
    // The length and the first and last bytes: the names of a rules text nearly
    // always differ there, so most entries are passed over without reading them.
    static std::uint64_t tag_of(std::string_view text) {
        if (text.empty()) return 0;
        return std::uint64_t(text.size()) << 16 |
               std::uint64_t(static_cast<unsigned char>(text.front())) << 8 |
               static_cast<unsigned char>(text.back());
    }

    std::array<std::uint64_t, Size> tags_{};
    std::array<std::string_view, Size> texts_{};
    std::array<Value, Size> values_{};
    std::size_t size_ = 0;
    std::size_t next_ = 0;
};

}  // namespace truepipe::detail
