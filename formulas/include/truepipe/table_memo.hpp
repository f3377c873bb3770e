#pragma once
// What the functions that read whole deal tables (PIPELINE_FLOW, DEAL_CHANGE)
// made of one table, kept by a host beside its copy of the table's cells.
//
// A review sheet names the same two tables in every one of its cells: read for
// each call, 10,000 deals would cost 10,000 readings of 20,000 rows. A host that
// keeps a table's cells across calls keeps a table_memo with them, and throws
// both away together the moment the cells may have changed: the memo holds
// views into those cells. A host that cannot tell when its copy changes must not
// keep one, and passes no memo.

#include <truepipe/cells.hpp>

#include <cstdint>
#include <memory>

namespace truepipe {

class table_memo {
public:
    table_memo();
    ~table_memo();
    table_memo(const table_memo&) = delete;
    table_memo& operator=(const table_memo&) = delete;

    // Tells memos apart for as long as the process runs: never reused, unlike an
    // address.
    std::uint64_t serial() const { return serial_; }

    // What is kept, in formulas/ only. Thread-safe.
    struct contents;
    contents& kept() const { return *contents_; }

private:
    std::uint64_t serial_;
    std::unique_ptr<contents> contents_;
};

// A deal table as a function takes it: the range's cells, its header row first,
// and the host's memo of them, or none.
struct table_argument {
    range_view cells;
    table_memo* memo = nullptr;
};

}  // namespace truepipe
