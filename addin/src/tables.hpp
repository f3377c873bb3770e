#pragma once
// Deal tables as Calc hands them over: the range itself (XCellRange), read once
// and kept for every later call that names the same range of the same
// document, until Calc says one of its cells changed.
//
// A review sheet names the same two whole tables in every one of its rows, so
// reading them for each call would cost hours at 10,000 deals. A kept copy is
// never stale: a listener on the range (XModifyBroadcaster) hears every edit
// inside it, a changed result of a formula inside it and undo, before Calc
// calls the functions that depend on it; the copy is then dropped and read again
// by the next call. Copies are told apart by document and by the range's place,
// checked again on the range object that was read (it moves with its cells).

#include <truepipe/cells.hpp>
#include <truepipe/table_memo.hpp>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/table/XCellRange.hpp>
#include <com/sun/star/uno/Reference.hxx>

#include <memory>
#include <string>
#include <vector>

namespace truepipe::addin {

namespace uno = com::sun::star::uno;

// The cells of one deal table, in the plain views the functions take, and the
// memo of what the functions made of them.
class read_table {
public:
    // Where a text cell's UTF-8 is in `texts`; error cells show their error as text.
    struct text_place {
        std::size_t index, offset, size;
        bool error;
    };

    // The cells' views are made here, into the table's own copy of `texts`: a
    // short string moved elsewhere takes its bytes along.
    read_table(std::vector<cell> cells, std::string texts, const std::vector<text_place>& places, std::size_t rows,
               std::size_t columns);
    read_table(const read_table&) = delete;
    read_table& operator=(const read_table&) = delete;

    table_argument argument() const { return {{cells_, rows_, columns_}, &memo_}; }

private:
    std::vector<cell> cells_;  // view texts_
    std::string texts_;
    std::size_t rows_;
    std::size_t columns_;
    mutable table_memo memo_;
};

// Reads the table `range` of `document`: from the copy kept from an earlier call
// when nothing in it changed since, else from Calc. Error cells become
// cell::kind::error, showing what Calc shows (#DIV/0!, #N/A). Rows below the
// sheet's last used row are not read, so a whole-column range costs what its
// filled rows do. Throws on a failure of the office's API.
std::shared_ptr<const read_table> deal_table(const uno::Reference<com::sun::star::beans::XPropertySet>& document,
                                            const uno::Reference<com::sun::star::table::XCellRange>& range);

// How often tables were read from Calc and found kept, for the benchmark.
struct table_statistics {
    std::size_t reads = 0;
    std::size_t hits = 0;
};
table_statistics deal_table_statistics();

}  // namespace truepipe::addin
