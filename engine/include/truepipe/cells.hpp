#pragma once
// Plain views of spreadsheet cells, as handed over by the add-in layer.
// The views never own their text: the caller keeps the storage alive for the call.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace truepipe {

struct cell {
    // kind::error is a cell that shows one of the spreadsheet's errors (#DIV/0!,
    // #N/A): only in a deal table, which a host reads cell by cell. Calc hands
    // any other range with an error cell over as an error of the whole call.
    enum class kind : unsigned char { empty, number, text, error };

    kind type = kind::empty;
    double number = 0.0;    // kind::number (booleans arrive as 1 / 0)
    std::string_view text;  // kind::text, UTF-8; kind::error: the error as the spreadsheet shows it

    static constexpr cell empty_cell() { return {}; }
    static constexpr cell of_number(double value) { return {kind::number, value, {}}; }
    static constexpr cell of_text(std::string_view value) { return {kind::text, 0.0, value}; }
    static constexpr cell of_error(std::string_view shown) { return {kind::error, 0.0, shown}; }

    bool is_empty() const { return type == kind::empty; }
    bool is_number() const { return type == kind::number; }
    bool is_text() const { return type == kind::text; }
    bool is_error() const { return type == kind::error; }
};

// A rectangular block of cells in row-major order.
struct range_view {
    std::span<const cell> cells;
    std::size_t rows = 0;
    std::size_t columns = 0;

    static range_view single(const cell& value) { return {std::span<const cell>(&value, 1), 1, 1}; }

    const cell& at(std::size_t row, std::size_t column) const { return cells[row * columns + column]; }
    bool empty() const { return rows == 0 || columns == 0; }
};

// A number the way a user typed it: 21 (not 21.0), 0.5, -3, 1e+300.
std::string number_text(double value);

}  // namespace truepipe
