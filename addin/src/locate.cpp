#include "locate.hpp"

#include "convert.hpp"

#include <com/sun/star/container/XIndexAccess.hpp>
#include <com/sun/star/container/XNameAccess.hpp>
#include <com/sun/star/container/XNamed.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XSpreadsheetDocument.hpp>
#include <com/sun/star/util/XSearchDescriptor.hpp>
#include <com/sun/star/util/XSearchable.hpp>

#include <fmt/format.h>

#include <charconv>
#include <string_view>
#include <system_error>

namespace truepipe::addin {

namespace {

namespace container = com::sun::star::container;
namespace sheet = com::sun::star::sheet;
namespace util = com::sun::star::util;
using com::sun::star::beans::XPropertySet;
using rtl::OUString;

// Searching a workbook costs milliseconds; a rules range bigger than this is not
// a rules text anyone types (the parser stops at 10,000 lines anyway).
constexpr std::size_t max_cells_searched = 20'000;

bool same_value(const cell& ours, const uno::Any& theirs) {
    double number = 0.0;
    OUString text;
    if (ours.is_number()) return (theirs >>= number) && number == ours.number;
    if (ours.is_text()) {
        if (!(theirs >>= text)) return false;
        std::string utf8;
        append_utf8(utf8, text);
        return utf8 == ours.text;
    }
    return !theirs.hasValue() || ((theirs >>= text) && text.isEmpty());
}

// Whether the block at `row`, `column` of `table` holds exactly `cells`. Calc has
// already computed these cells for the call, so reading them computes nothing.
bool holds(const uno::Reference<sheet::XSpreadsheet>& table, long row, long column, const range_view& cells) {
    if (row < 0 || column < 0) return false;
    const auto last_row = row + long(cells.rows) - 1;
    const auto last_column = column + long(cells.columns) - 1;
    uno::Reference<sheet::XCellRangeData> data(
        table->getCellRangeByPosition(sal_Int32(column), sal_Int32(row), sal_Int32(last_column),
                                      sal_Int32(last_row)),
        uno::UNO_QUERY);
    if (!data.is()) return false;
    const auto rows = data->getDataArray();
    if (std::size_t(rows.getLength()) != cells.rows) return false;
    for (std::size_t r = 0; r < cells.rows; ++r) {
        const auto& values = rows[sal_Int32(r)];
        if (std::size_t(values.getLength()) != cells.columns) return false;
        for (std::size_t c = 0; c < cells.columns; ++c) {
            if (!same_value(cells.at(r, c), values[sal_Int32(c)])) return false;
        }
    }
    return true;
}

std::string sheet_name(const uno::Reference<sheet::XSpreadsheet>& table) {
    uno::Reference<container::XNamed> named(table, uno::UNO_QUERY);
    std::string name;
    if (named.is()) append_utf8(name, named->getName());
    return name;
}

// A place as host_places keeps it: "row column sheet".
std::string place_text(const block_place& place) {
    return fmt::format("{} {} {}", place.row, place.column, place.sheet);
}

std::optional<block_place> place_of(std::string_view text) {
    block_place place;
    const std::size_t first = text.find(' ');
    const std::size_t second = first == std::string_view::npos ? first : text.find(' ', first + 1);
    if (second == std::string_view::npos) return std::nullopt;
    const auto number = [](std::string_view digits, long& value) {
        const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        return error == std::errc() && end == digits.data() + digits.size();
    };
    if (!number(text.substr(0, first), place.row) ||
        !number(text.substr(first + 1, second - first - 1), place.column))
        return std::nullopt;
    place.sheet = text.substr(second + 1);
    return place;
}

// The text Calc's search looks for: the anchor cell's first line, whole-cell
// when the cell has only one line.
uno::Reference<util::XSearchDescriptor> describe_search(const uno::Reference<util::XSearchable>& searchable,
                                                        std::string_view anchor) {
    const auto line_end = anchor.find_first_of("\r\n");
    auto descriptor = searchable->createSearchDescriptor();
    descriptor->setSearchString(from_utf8(anchor.substr(0, line_end)));
    uno::Reference<XPropertySet> options(descriptor, uno::UNO_QUERY);
    if (options.is()) {
        const auto set = [&](const char* name, const uno::Any& value) {
            try {
                options->setPropertyValue(OUString::createFromAscii(name), value);
            } catch (const uno::Exception&) {
                // An option this office does not know: the check of every candidate
                // below keeps the result exact anyway.
            }
        };
        set("SearchCaseSensitive", uno::Any(true));
        set("SearchWords", uno::Any(line_end == std::string_view::npos));  // Calc: entire cells
        set("SearchRegularExpression", uno::Any(false));
        set("SearchWildcard", uno::Any(false));
        set("SearchSimilarity", uno::Any(false));
        set("SearchType", uno::Any(sal_Int16(0)));  // formulas as typed: nothing is computed
    }
    return descriptor;
}

std::optional<block_place> search_sheet(const uno::Reference<sheet::XSpreadsheet>& table,
                                        const range_view& cells, std::size_t anchor) {
    uno::Reference<util::XSearchable> searchable(table, uno::UNO_QUERY);
    if (!searchable.is()) return std::nullopt;
    const auto found = searchable->findAll(describe_search(searchable, cells.cells[anchor].text));
    if (!found.is()) return std::nullopt;
    const long anchor_row = long(anchor / cells.columns);
    const long anchor_column = long(anchor % cells.columns);
    for (sal_Int32 i = 0; i < found->getCount(); ++i) {
        uno::Reference<sheet::XCellRangeAddressable> match(found->getByIndex(i), uno::UNO_QUERY);
        if (!match.is()) continue;
        const auto area = match->getRangeAddress();
        for (long row = area.StartRow; row <= area.EndRow; ++row) {
            for (long column = area.StartColumn; column <= area.EndColumn; ++column) {
                if (holds(table, row - anchor_row, column - anchor_column, cells)) {
                    return block_place{sheet_name(table), row - anchor_row, column - anchor_column};
                }
            }
        }
    }
    return std::nullopt;
}

std::optional<block_place> search_workbook(const uno::Reference<sheet::XSpreadsheetDocument>& workbook,
                                           const range_view& cells) {
    std::size_t anchor = 0;
    while (anchor < cells.cells.size() && !cells.cells[anchor].is_text()) ++anchor;
    if (anchor == cells.cells.size()) return std::nullopt;  // nothing a search can find

    uno::Reference<container::XIndexAccess> tables(workbook->getSheets(), uno::UNO_QUERY);
    if (!tables.is()) return std::nullopt;
    for (sal_Int32 i = 0; i < tables->getCount(); ++i) {
        uno::Reference<sheet::XSpreadsheet> table(tables->getByIndex(i), uno::UNO_QUERY);
        if (!table.is()) continue;
        if (auto place = search_sheet(table, cells, anchor)) return place;
    }
    return std::nullopt;
}

bool still_there(const uno::Reference<sheet::XSpreadsheetDocument>& workbook, const block_place& place,
                 const range_view& cells) {
    const auto tables = workbook->getSheets();
    const OUString name = from_utf8(place.sheet);
    if (!tables.is() || !tables->hasByName(name)) return false;
    uno::Reference<sheet::XSpreadsheet> table(tables->getByName(name), uno::UNO_QUERY);
    return table.is() && holds(table, place.row, place.column, cells);
}

std::optional<block_place> locate(const uno::Reference<XPropertySet>& document, const range_view& cells,
                                  const host_places* places) {
    const std::size_t count = cells.rows * cells.columns;
    if (count == 0 || count > max_cells_searched || cells.cells.size() < count) return std::nullopt;
    uno::Reference<sheet::XSpreadsheetDocument> workbook(document, uno::UNO_QUERY);
    if (!workbook.is()) return std::nullopt;

    // A workbook is told apart by its model's address only; the place is checked
    // again before use, so a workbook that reuses a closed one's address cannot
    // be misled.
    const void* identity = workbook.get();
    if (places != nullptr) {
        if (const auto text = places->find(identity)) {
            if (auto known = place_of(*text); known && still_there(workbook, *known, cells)) return known;
        }
    }
    auto place = search_workbook(workbook, cells);
    if (place && places != nullptr) places->remember(identity, place_text(*place));
    return place;
}

void append_column_letters(std::string& out, std::size_t column) {
    std::string letters;
    for (std::size_t n = column + 1; n > 0; n = (n - 1) / 26)
        letters.insert(letters.begin(), char('A' + (n - 1) % 26));
    out += letters;
}

bool needs_quotes(std::string_view sheet) {
    if (sheet.empty() || (sheet.front() >= '0' && sheet.front() <= '9')) return true;
    for (const char c : sheet) {
        const auto byte = static_cast<unsigned char>(c);
        const bool plain = byte >= 0x80 || c == '_' || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
                           (c >= 'a' && c <= 'z');
        if (!plain) return true;
    }
    return false;
}

}  // namespace

std::string cell_name(const block_place& place, std::size_t row, std::size_t column) {
    std::string name;
    if (needs_quotes(place.sheet)) {
        name += '\'';
        for (const char c : place.sheet) {
            if (c == '\'') name += '\'';
            name += c;
        }
        name += '\'';
    } else {
        name += place.sheet;
    }
    name += '!';
    append_column_letters(name, std::size_t(place.column) + column);
    name += fmt::format("{}", std::size_t(place.row) + row + 1);
    return name;
}

std::optional<std::string> located_cells::name_of(std::size_t row, std::size_t column) const {
    return name_with(row, column, nullptr);
}

std::optional<std::string> located_cells::name_remembered(std::size_t row, std::size_t column,
                                                          const host_places& places) const {
    return name_with(row, column, &places);
}

std::optional<std::string> located_cells::name_with(std::size_t row, std::size_t column,
                                                    const host_places* places) const {
    try {
        if (!searched_) {
            searched_ = true;
            place_ = locate(document_, cells_, places);
        }
        if (!place_) return std::nullopt;
        return cell_name(*place_, row, column);
    } catch (...) {
        // The workbook could not be read: the error keeps the range's own wording.
        return std::nullopt;
    }
}

}  // namespace truepipe::addin
