#pragma once
// Deal tables for the tests: rows of texts, where "#n:42" is the number 42,
// "#e:#DIV/0!" a cell showing that error and "" an empty cell.
#include <truepipe/cells.hpp>

#include <initializer_list>
#include <string>
#include <vector>

struct test_table {
    std::vector<std::string> texts;
    std::vector<truepipe::cell> cells;
    std::size_t rows = 0;
    std::size_t columns = 0;

    test_table(std::initializer_list<std::vector<std::string>> lines)
        : rows(lines.size()), columns(lines.begin()->size()) {
        for (const auto& line : lines) texts.insert(texts.end(), line.begin(), line.end());
        make_cells();
    }

    // More rows below, each as wide as the header.
    void add_rows(const std::vector<std::vector<std::string>>& lines) {
        for (const auto& line : lines) texts.insert(texts.end(), line.begin(), line.end());
        rows += lines.size();
        make_cells();
    }

    // The cells view the texts, which are all in place before the first view is taken.
    void make_cells() {
        cells.clear();
        for (const auto& text : texts) {
            if (text.empty()) cells.push_back(truepipe::cell::empty_cell());
            else if (text.starts_with("#n:")) cells.push_back(truepipe::cell::of_number(std::stod(text.substr(3))));
            else if (text.starts_with("#e:")) cells.push_back(truepipe::cell::of_error(std::string_view(text).substr(3)));
            else cells.push_back(truepipe::cell::of_text(text));
        }
    }
    test_table(const test_table&) = delete;
    test_table& operator=(const test_table&) = delete;

    truepipe::range_view view() const { return {cells, rows, columns}; }
};
