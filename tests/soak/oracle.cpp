// The soak test's oracle: the same deals and rules as one workbook of
// tests/integration/test_soak.py, computed by the formula functions the add-in
// calls, with the cells built as Calc hands them to the add-in.
//
//     truepipe_soak_oracle INPUT OUTPUT [INPUT OUTPUT ...]
//
// INPUT is text, one record a line, fields separated by tabs:
//
//     as_of   CELL                      the as-of cell (a reference to one cell)
//     target  CELL                      the target cell
//     rules   cells SHEET COLUMN ROW    the rules are a one-column range whose top cell
//                                       is SHEET!<COLUMN><ROW> (e.g. Rules A 1); its
//                                       cells follow as `rule CELL` lines, top to bottom
//     rules   text NAME CELL            the rules are the text of one cell, NAME (e.g.
//                                       Setup!B3): inline rules text or a *.rules path
//     rule    CELL                      one cell of a rules range
//     deal    AMOUNT STAGE ADVANCE1 ADVANCE2 CLOSE INCLUDE OUTCOME
//                                       one row of the Deals sheet, each field a CELL
//     per-row COUNT                     the per-row functions are computed for the
//                                       first COUNT deals
//
// A CELL is empty for an empty cell, `n` and a number (as Python's repr writes
// it, read back exactly), or `t` and a text in which `\\`, `\t`, `\n` and `\r`
// stand for a backslash, a tab, a line feed and a carriage return.
//
// OUTPUT holds one line per aggregate formula, `NAME<TAB>RESULT`, in this order:
// coverage, coverage_include, advance_rate, advance_rate_include, win_rate,
// win_rate_amounts, win_rate_include, win_rate_amounts_include, rules_check;
// then one line per deal of the per-row sample, `row<TAB>INDEX<TAB>STALL_DAYS<TAB>
// STALL_LIMIT<TAB>DEAL_STATUS` (INDEX 0-based). A RESULT is `n` and a number
// (shortest round-trip form) or `t` and an escaped text, as a CELL.
//
// Every cell is given as the sheet holds it, and a text of no characters is an
// empty cell, as the add-in makes it. Where Calc hands the add-in something else
// for a cell (a reference to one empty cell arrives as the number 0, even as a
// range argument), the add-in must make it mean what the cell holds: here an
// empty cell stays empty.

#include <truepipe/formulas.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

using namespace truepipe;

constexpr std::size_t deal_fields = 7;
constexpr std::size_t advance_columns = 2;

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    for (;;) {
        const auto tab = line.find('\t');
        fields.push_back(line.substr(0, tab));
        if (tab == std::string_view::npos) return fields;
        line.remove_prefix(tab + 1);
    }
}

std::string unescape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\\' || i + 1 == text.size()) {
            out += text[i];
            continue;
        }
        switch (text[++i]) {
            case 't':
                out += '\t';
                break;
            case 'n':
                out += '\n';
                break;
            case 'r':
                out += '\r';
                break;
            default:
                out += text[i];
        }
    }
    return out;
}

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// The Rules cells of a workbook, named as Calc's sheet shows them.
class rules_cells_namer : public cell_namer {
public:
    rules_cells_namer(std::string sheet, std::string column, std::size_t top_row)
        : sheet_(std::move(sheet)), column_(std::move(column)), top_row_(top_row) {}

    std::optional<std::string> name_of(std::size_t row, std::size_t column) const override {
        if (column != 0) return std::nullopt;
        return fmt::format("{}!{}{}", sheet_, column_, top_row_ + row);
    }

private:
    std::string sheet_;
    std::string column_;
    std::size_t top_row_;
};

// The one cell that holds a rules text.
class one_cell_namer : public cell_namer {
public:
    explicit one_cell_namer(std::string name) : name_(std::move(name)) {}
    std::optional<std::string> name_of(std::size_t, std::size_t) const override { return name_; }

private:
    std::string name_;
};

class workbook {
public:
    explicit workbook(std::istream& in) {
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            if (line.empty() || line.front() == '#') continue;
            try {
                read(split_tabs(line));
            } catch (const std::exception& e) {
                throw std::runtime_error(fmt::format("line {}: {}", number, e.what()));
            }
        }
        if (per_row_ > deals_) throw std::runtime_error("per-row counts more deals than there are");
    }

    void write(std::ostream& out) const {
        const call_context context{date_system(), local_today()};
        const range_view amounts = column(0);
        const range_view stages = column(1);
        const range_view advances = advance_dates();
        const range_view closes = column(4);
        const range_view include = column(5);
        const range_view outcomes = column(6);
        const rules_argument rules = rules_of();
        const cell& as_of = as_of_;

        const auto line = [&out](std::string_view name, const formula_result& result) {
            out << name << '\t' << result_text(result) << '\n';
        };
        line("coverage", real_coverage(context, amounts, stages, advances, closes, target_, as_of, rules));
        line("coverage_include",
             real_coverage(context, amounts, stages, advances, closes, target_, as_of, rules, include));
        line("advance_rate", advance_rate(outcomes, rules));
        line("advance_rate_include", advance_rate(outcomes, rules, include));
        line("win_rate", win_rate(stages, {}, rules));
        line("win_rate_amounts", win_rate(stages, amounts, rules));
        line("win_rate_include", win_rate(stages, {}, rules, include));
        line("win_rate_amounts_include", win_rate(stages, amounts, rules, include));
        line("rules_check", rules_check(rules));

        for (std::size_t row = 0; row < per_row_; ++row) {
            const cell* deal = &deals_cells_[row * deal_fields];
            const range_view dates{std::span<const cell>(deal + 2, advance_columns), 1, advance_columns};
            out << "row\t" << row << '\t' << result_text(stall_days(context, dates, as_of, rules)) << '\t'
                << result_text(stall_limit(deal[1], rules)) << '\t'
                << result_text(deal_status(context, deal[1], dates, deal[4], as_of, rules)) << '\n';
        }
    }

private:
    cell parse_cell(std::string_view field) {
        if (field.empty()) return cell::empty_cell();
        const std::string_view value = field.substr(1);
        if (field.front() == 'n') {
            const std::string digits(value);
            char* end = nullptr;
            const double number = std::strtod(digits.c_str(), &end);
            if (digits.empty() || *end != '\0') throw std::runtime_error(fmt::format("bad number {}", value));
            return cell::of_number(number);
        }
        if (field.front() == 't') {
            // The add-in turns a text of no characters into an empty cell.
            if (value.empty()) return cell::empty_cell();
            return cell::of_text(texts_.emplace_back(unescape(value)));
        }
        throw std::runtime_error(fmt::format("a cell starts with n, t or nothing, not {}", field));
    }

    void read(const std::vector<std::string_view>& fields) {
        const std::string_view record = fields.front();
        const auto need = [&](std::size_t count) {
            if (fields.size() != count + 1)
                throw std::runtime_error(fmt::format("{} takes {} fields", record, count));
        };
        if (record == "as_of") {
            need(1);
            as_of_ = parse_cell(fields[1]);
        } else if (record == "target") {
            need(1);
            target_ = parse_cell(fields[1]);
        } else if (record == "rules" && fields.size() > 1 && fields[1] == "cells") {
            need(4);
            namer_ = std::make_unique<rules_cells_namer>(std::string(fields[2]), std::string(fields[3]),
                                                         std::stoul(std::string(fields[4])));
            rules_from_cells_ = true;
        } else if (record == "rules" && fields.size() > 1 && fields[1] == "text") {
            need(3);
            namer_ = std::make_unique<one_cell_namer>(std::string(fields[2]));
            rules_cells_.push_back(parse_cell(fields[3]));
            rules_from_cells_ = false;
        } else if (record == "rule") {
            need(1);
            rules_cells_.push_back(parse_cell(fields[1]));
        } else if (record == "deal") {
            need(deal_fields);
            for (std::size_t i = 1; i <= deal_fields; ++i) deals_cells_.push_back(parse_cell(fields[i]));
            ++deals_;
        } else if (record == "per-row") {
            need(1);
            per_row_ = std::stoul(std::string(fields[1]));
        } else {
            throw std::runtime_error(fmt::format("unknown record {}", record));
        }
    }

    // A column of the deals, as a range of one cell per deal.
    range_view column(std::size_t field) const {
        columns_.emplace_back();
        auto& cells = columns_.back();
        cells.reserve(deals_);
        for (std::size_t row = 0; row < deals_; ++row)
            cells.push_back(deals_cells_[row * deal_fields + field]);
        return {cells, deals_, 1};
    }

    range_view advance_dates() const {
        columns_.emplace_back();
        auto& cells = columns_.back();
        cells.reserve(deals_ * advance_columns);
        for (std::size_t row = 0; row < deals_; ++row)
            for (std::size_t i = 0; i < advance_columns; ++i)
                cells.push_back(deals_cells_[row * deal_fields + 2 + i]);
        return {cells, deals_, advance_columns};
    }

    // A rules range is its cells; one cell is its text, or no rules when it is
    // empty (README: a rules argument that is a single empty cell is omitted).
    rules_argument rules_of() const {
        if (rules_from_cells_) {
            return rules_argument::of_cells({rules_cells_, rules_cells_.size(), 1}, namer_.get());
        }
        if (rules_cells_.size() != 1) throw std::runtime_error("rules text takes one cell");
        const cell& value = rules_cells_.front();
        if (value.is_text()) return rules_argument::of_text(value.text, namer_.get());
        if (value.is_empty()) return rules_argument::omitted();
        return rules_argument::of_cells({rules_cells_, 1, 1}, namer_.get());
    }

    static std::string result_text(const formula_result& result) {
        if (const double* number = std::get_if<double>(&result)) return fmt::format("n{}", *number);
        return "t" + escape(std::get<std::string>(result));
    }

    std::deque<std::string> texts_;  // what text cells point into: never moves
    cell as_of_;
    cell target_;
    bool rules_from_cells_ = false;
    std::unique_ptr<cell_namer> namer_;
    std::vector<cell> rules_cells_;
    std::vector<cell> deals_cells_;  // deal_fields per deal
    std::size_t deals_ = 0;
    std::size_t per_row_ = 0;
    mutable std::deque<std::vector<cell>> columns_;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3 || argc % 2 == 0) {
        std::cerr << "usage: truepipe_soak_oracle INPUT OUTPUT [INPUT OUTPUT ...]\n";
        return 2;
    }
    for (int i = 1; i < argc; i += 2) {
        try {
            std::ifstream in(argv[i]);
            if (!in) throw std::runtime_error("cannot open it");
            const workbook book(in);
            std::ofstream out(argv[i + 1]);
            book.write(out);
            if (!out.flush()) throw std::runtime_error(fmt::format("cannot write {}", argv[i + 1]));
        } catch (const std::exception& e) {
            std::cerr << "truepipe_soak_oracle: " << argv[i] << ": " << e.what() << '\n';
            return 1;
        }
    }
    return 0;
}
