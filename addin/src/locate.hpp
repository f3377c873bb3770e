#pragma once
// Where a rules argument's cells are in the workbook, so an error can say
// "Rules!A7". Calc hands an add-in a range's values, never its address, so the
// workbook is searched for the block — only when an error is being worded, and
// the place found is remembered with the parsed rules (host_places, in the
// engine's rules cache) for the next cell that names the same rules.

#include <truepipe/cells.hpp>
#include <truepipe/rules_source.hpp>

#include <com/sun/star/beans/XPropertySet.hpp>
#include <com/sun/star/uno/Reference.hxx>

#include <optional>
#include <string>

namespace truepipe::addin {

// The sheet and top-left cell of a block of cells, 0-based as in Calc's API.
struct block_place {
    std::string sheet;
    long row = 0;
    long column = 0;
};

// "Rules!A7": the sheet (quoted when Calc would quote it) and the cell `row`,
// `column` (0-based) below and right of the block's top-left cell.
std::string cell_name(const block_place& place, std::size_t row, std::size_t column);

class located_cells : public cell_namer {
public:
    // `document` is Calc's hidden argument (the calling workbook's model); it may
    // be null, then nothing is named. Both must outlive this object, which lives
    // for one call: holding a reference spares every call an acquire and release.
    located_cells(const com::sun::star::uno::Reference<com::sun::star::beans::XPropertySet>& document,
                  range_view cells)
        : document_(document), cells_(cells) {}

    std::optional<std::string> name_of(std::size_t row, std::size_t column) const override;
    std::optional<std::string> name_remembered(std::size_t row, std::size_t column,
                                               const host_places& places) const override;

private:
    std::optional<std::string> name_with(std::size_t row, std::size_t column,
                                         const host_places* places) const;

    const com::sun::star::uno::Reference<com::sun::star::beans::XPropertySet>& document_;
    range_view cells_;
    mutable bool searched_ = false;
    mutable std::optional<block_place> place_;
};

}  // namespace truepipe::addin
