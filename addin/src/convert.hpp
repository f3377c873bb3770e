#pragma once
// Calc's arguments converted once into the plain views the formulas take.

#include <truepipe/cells.hpp>
#include <truepipe/dates.hpp>
#include <truepipe/rules_source.hpp>

#include "locate.hpp"

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Reference.hxx>
#include <com/sun/star/uno/Sequence.hxx>
#include <rtl/ustring.hxx>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace truepipe::addin {

namespace uno = com::sun::star::uno;

// Where a text cell's UTF-8 lies in a block's storage while the block is filled.
struct pending_text {
    std::size_t offset;
    std::size_t size;
};

// Owns the cells of one argument and the UTF-8 text they point into.
class cell_block {
public:
    explicit cell_block(const uno::Sequence<uno::Sequence<uno::Any>>& rows);
    explicit cell_block(const uno::Any& value);  // a scalar, a range, or VOID
    ~cell_block();

    cell_block(const cell_block&) = delete;
    cell_block& operator=(const cell_block&) = delete;

    range_view view() const { return {cells_, rows_, columns_}; }
    // The single cell of a scalar argument; empty for a VOID one. Ranges of more
    // than one cell have no single value: is_single() tells.
    bool is_single() const { return rows_ * columns_ <= 1; }
    cell single() const { return cells_.empty() ? cell::empty_cell() : cells_.front(); }
    // The single cell of an argument where a text belongs (a stage). Calc hands a
    // reference to one empty cell over as the number 0, even as a range argument:
    // there a 0 is that empty cell, so it reads as empty, not as a number.
    cell single_text() const;

private:
    struct recent_text;

    void append_rows(const uno::Sequence<uno::Sequence<uno::Any>>& rows);
    void append(const uno::Any& value);
    void append_text(rtl_uString* text);
    void resolve_texts();

    std::vector<cell> cells_;
    std::vector<pending_text> texts_;  // parallel to cells_, for kind::text
    std::string storage_;
    std::size_t rows_ = 0;
    std::size_t columns_ = 0;
    // Calc hands a text that many cells hold over as one shared string: in a
    // large block, each is converted once (only allocated for large blocks).
    std::unique_ptr<recent_text[]> recent_;
};

// The rules argument: omitted, a text, or a range of cells. An error in rules
// from cells names the cell ("Rules!A7"), found in `document`, the calling
// workbook. 100,000 cells naming the same rules range each hand over the same
// texts: the converted cells are shared rather than converted again.
class rules_block {
public:
    rules_block(const uno::Any& value, const uno::Reference<com::sun::star::beans::XPropertySet>& document);
    rules_argument argument() const;

private:
    std::shared_ptr<const cell_block> cells_;
    bool is_range_ = false;
    located_cells place_;
};

// The document's date system, from Calc's hidden settings argument.
date_system document_dates(const uno::Reference<com::sun::star::beans::XPropertySet>& document);

void append_utf8(std::string& out, const rtl::OUString& text);
rtl::OUString from_utf8(std::string_view text);

}  // namespace truepipe::addin
