#include "tables.hpp"

#include "convert.hpp"

#include <com/sun/star/sheet/FormulaResult.hpp>
#include <com/sun/star/sheet/XCellRangeAddressable.hpp>
#include <com/sun/star/sheet/XCellRangeData.hpp>
#include <com/sun/star/sheet/XCellRangesQuery.hpp>
#include <com/sun/star/sheet/XSheetCellCursor.hpp>
#include <com/sun/star/sheet/XSheetCellRange.hpp>
#include <com/sun/star/sheet/XSheetCellRanges.hpp>
#include <com/sun/star/sheet/XSpreadsheet.hpp>
#include <com/sun/star/sheet/XUsedAreaCursor.hpp>
#include <com/sun/star/table/CellRangeAddress.hpp>
#include <com/sun/star/table/XCell.hpp>
#include <com/sun/star/util/XModifyBroadcaster.hpp>
#include <com/sun/star/util/XModifyListener.hpp>
#include <cppuhelper/implbase1.hxx>

#include <algorithm>
#include <atomic>
#include <mutex>

namespace truepipe::addin {

namespace {

namespace lang = com::sun::star::lang;
namespace sheet = com::sun::star::sheet;
namespace table = com::sun::star::table;
namespace util = com::sun::star::util;

// Hears that a kept table's range changed (or went away with its document).
class change_listener : public cppu::WeakImplHelper1<util::XModifyListener> {
public:
    explicit change_listener(std::shared_ptr<std::atomic<bool>> stale) : stale_(std::move(stale)) {}

    void SAL_CALL modified(const lang::EventObject&) override { stale_->store(true); }
    void SAL_CALL disposing(const lang::EventObject&) override { stale_->store(true); }

private:
    std::shared_ptr<std::atomic<bool>> stale_;
};

// One table kept across calls.
struct kept_table {
    uno::Reference<uno::XInterface> document;
    uno::Reference<table::XCellRange> range;  // the object read: it moves with its cells
    table::CellRangeAddress address;
    std::shared_ptr<std::atomic<bool>> stale = std::make_shared<std::atomic<bool>>(false);
    uno::Reference<util::XModifyListener> listener;
    std::shared_ptr<const read_table> table;

    kept_table() = default;
    kept_table(const kept_table&) = delete;
    kept_table& operator=(const kept_table&) = delete;
    ~kept_table() {
        try {
            const uno::Reference<util::XModifyBroadcaster> broadcaster(range, uno::UNO_QUERY);
            if (broadcaster.is() && listener.is()) broadcaster->removeModifyListener(listener);
        } catch (...) {
            // The document may be gone; its range then needs no listener removed.
        }
    }
};

bool same_place(const table::CellRangeAddress& a, const table::CellRangeAddress& b) {
    return a.Sheet == b.Sheet && a.StartColumn == b.StartColumn && a.StartRow == b.StartRow &&
           a.EndColumn == b.EndColumn && a.EndRow == b.EndRow;
}

table::CellRangeAddress address_of(const uno::Reference<table::XCellRange>& range) {
    const uno::Reference<sheet::XCellRangeAddressable> addressable(range, uno::UNO_QUERY_THROW);
    return addressable->getRangeAddress();
}

// The kept tables, the newest last. Two tables per review; the bound keeps a few
// reviews of a few documents.
constexpr std::size_t most_kept = 8;

struct kept_state {
    std::mutex mutex;
    std::vector<std::unique_ptr<kept_table>> tables;
    std::atomic<std::size_t> reads{0};
    std::atomic<std::size_t> hits{0};
};

// Never destroyed: at exit the office that the kept ranges belong to may be gone
// already, and nothing may call into it then.
kept_state& kept_tables_state() {
    static kept_state* const state = new kept_state;
    return *state;
}

// ---- Reading a table from Calc --------------------------------------------------

// The cells of a table as they are filled: texts are appended to one string and
// viewed once it stops growing.
class table_builder {
public:
    table_builder(std::size_t rows, std::size_t columns) : rows_(rows), columns_(columns), cells_(rows * columns) {}

    void put(std::size_t row, std::size_t column, const uno::Any& value) {
        double number = 0.0;
        rtl::OUString text;
        if (value >>= number)
            cells_[row * columns_ + column] = cell::of_number(number);
        else if ((value >>= text) && !text.isEmpty())
            put_text(row, column, text, false);
    }

    void put_error(std::size_t row, std::size_t column, const rtl::OUString& shown) {
        put_text(row, column, shown, true);
    }

    std::shared_ptr<const read_table> finish() {
        return std::make_shared<const read_table>(std::move(cells_), std::move(texts_), pending_, rows_, columns_);
    }

private:

    void put_text(std::size_t row, std::size_t column, const rtl::OUString& text, bool error) {
        const std::size_t offset = texts_.size();
        append_utf8(texts_, text);
        pending_.push_back({row * columns_ + column, offset, texts_.size() - offset, error});
    }

    std::size_t rows_, columns_;
    std::vector<cell> cells_;
    std::string texts_;
    std::vector<read_table::text_place> pending_;
};

// What Calc shows for an error code, as its cells do in every language.
rtl::OUString error_text(sal_Int32 code) {
    switch (code) {
        case 503:
            return "#NUM!";
        case 519:
            return "#VALUE!";
        case 521:
            return "#NULL!";
        case 524:
            return "#REF!";
        case 525:
            return "#NAME?";
        case 532:
            return "#DIV/0!";
        case 32767:
            return "#N/A";
        default:
            return "Err:" + rtl::OUString::number(code);
    }
}

// The last used row and column of the range's sheet.
std::pair<sal_Int32, sal_Int32> used_end(const uno::Reference<table::XCellRange>& range) {
    const uno::Reference<sheet::XSheetCellRange> on_sheet(range, uno::UNO_QUERY_THROW);
    const uno::Reference<sheet::XSheetCellCursor> cursor = on_sheet->getSpreadsheet()->createCursor();
    const uno::Reference<sheet::XUsedAreaCursor> used(cursor, uno::UNO_QUERY_THROW);
    used->gotoEndOfUsedArea(false);
    const table::CellRangeAddress end = address_of(uno::Reference<table::XCellRange>(cursor, uno::UNO_QUERY_THROW));
    return {end.EndRow, end.EndColumn};
}

void put_block(table_builder& cells, const uno::Reference<table::XCellRange>& block, std::size_t first_row,
               std::size_t column) {
    const uno::Reference<sheet::XCellRangeData> data(block, uno::UNO_QUERY_THROW);
    const uno::Sequence<uno::Sequence<uno::Any>> rows = data->getDataArray();
    for (sal_Int32 r = 0; r < rows.getLength(); ++r)
        for (sal_Int32 c = 0; c < rows[r].getLength(); ++c)
            cells.put(first_row + std::size_t(r), column + std::size_t(c), rows[r][c]);
}

std::shared_ptr<const read_table> read_from_calc(const uno::Reference<table::XCellRange>& range,
                                                 const table::CellRangeAddress& address) {
    const auto [last_row, last_column] = used_end(range);
    const sal_Int32 end_row = std::min(address.EndRow, last_row);
    const sal_Int32 end_column = std::min(address.EndColumn, last_column);
    if (end_row < address.StartRow || end_column < address.StartColumn) return table_builder(0, 0).finish();
    const auto rows = std::size_t(end_row - address.StartRow + 1);
    const auto columns = std::size_t(end_column - address.StartColumn + 1);
    const uno::Reference<table::XCellRange> used =
        range->getCellRangeByPosition(0, 0, sal_Int32(columns - 1), sal_Int32(rows - 1));

    // getDataArray refuses a range with an error cell, and hands #N/A over as an
    // empty cell: the error cells are found first and read one by one.
    const uno::Reference<sheet::XCellRangesQuery> query(used, uno::UNO_QUERY_THROW);
    const uno::Sequence<table::CellRangeAddress> errors =
        query->queryFormulaCells(sheet::FormulaResult::ERROR)->getRangeAddresses();
    table_builder cells(rows, columns);
    if (!errors.hasElements()) {
        put_block(cells, used, 0, 0);
        return cells.finish();
    }
    std::vector<std::vector<std::size_t>> error_rows(columns);  // per column, the rows of its error cells
    for (const auto& block : errors)
        for (sal_Int32 c = block.StartColumn; c <= block.EndColumn; ++c)
            for (sal_Int32 r = block.StartRow; r <= block.EndRow; ++r)
                error_rows[std::size_t(c - address.StartColumn)].push_back(std::size_t(r - address.StartRow));
    for (std::size_t column = 0; column < columns; ++column) {
        auto& bad = error_rows[column];
        std::sort(bad.begin(), bad.end());
        std::size_t from = 0;
        for (std::size_t next = 0; next <= bad.size(); ++next) {
            const std::size_t to = next < bad.size() ? bad[next] : rows;  // the rows [from, to) hold no error
            if (to > from) {
                put_block(cells,
                          used->getCellRangeByPosition(sal_Int32(column), sal_Int32(from), sal_Int32(column),
                                                       sal_Int32(to - 1)),
                          from, column);
            }
            if (next < bad.size()) {
                cells.put_error(to, column, error_text(used->getCellByPosition(sal_Int32(column), sal_Int32(to))->getError()));
            }
            from = to + 1;
        }
    }
    return cells.finish();
}

}  // namespace

read_table::read_table(std::vector<cell> cells, std::string texts, const std::vector<text_place>& places,
                       std::size_t rows, std::size_t columns)
    : cells_(std::move(cells)), texts_(std::move(texts)), rows_(rows), columns_(columns) {
    for (const auto& text : places) {
        const std::string_view view(texts_.data() + text.offset, text.size);
        cells_[text.index] = text.error ? cell::of_error(view) : cell::of_text(view);
    }
}

std::shared_ptr<const read_table> deal_table(const uno::Reference<com::sun::star::beans::XPropertySet>& document,
                                            const uno::Reference<table::XCellRange>& range) {
    const uno::Reference<uno::XInterface> owner(document, uno::UNO_QUERY);
    const table::CellRangeAddress address = address_of(range);
    kept_state& state = kept_tables_state();
    auto& kept = state.tables;
    std::vector<std::unique_ptr<kept_table>> dropped;  // released after the lock: they call into Calc
    std::unique_ptr<kept_table> candidate;
    {
        const std::lock_guard lock(state.mutex);
        for (auto entry = kept.begin(); entry != kept.end();) {
            if ((*entry)->stale->load()) {
                dropped.push_back(std::move(*entry));
                entry = kept.erase(entry);
            } else if (!candidate && (*entry)->document == owner && same_place((*entry)->address, address)) {
                candidate = std::move(*entry);
                entry = kept.erase(entry);
            } else {
                ++entry;
            }
        }
    }
    // The range read before is at this place still (a sheet moved before it would
    // have taken it elsewhere), and nothing in it changed.
    if (candidate && !candidate->stale->load() && same_place(address_of(candidate->range), address)) {
        ++state.hits;
        auto table = candidate->table;
        const std::lock_guard lock(state.mutex);
        kept.push_back(std::move(candidate));
        return table;
    }
    if (candidate) dropped.push_back(std::move(candidate));

    auto fresh = std::make_unique<kept_table>();
    fresh->document = owner;
    fresh->range = range;
    fresh->address = address;
    // Listening before reading: a change while the table is read makes the copy stale.
    fresh->listener = new change_listener(fresh->stale);
    const uno::Reference<com::sun::star::util::XModifyBroadcaster> broadcaster(range, uno::UNO_QUERY_THROW);
    broadcaster->addModifyListener(fresh->listener);
    fresh->table = read_from_calc(range, address);
    ++state.reads;
    auto table = fresh->table;
    {
        const std::lock_guard lock(state.mutex);
        kept.push_back(std::move(fresh));
        while (kept.size() > most_kept) {
            dropped.push_back(std::move(kept.front()));
            kept.erase(kept.begin());
        }
    }
    return table;
}

table_statistics deal_table_statistics() {
    const kept_state& state = kept_tables_state();
    return {state.reads.load(), state.hits.load()};
}

}  // namespace truepipe::addin
