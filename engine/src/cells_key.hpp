#pragma once
// The cache key of rules given as a range of cells: the range's width and every
// cell as given, so that two ranges share a parse only when every error would
// name the same cell. 100,000 formulas pass the same range, so a lookup hashes
// and compares the cells themselves, without building their text; the cells are
// copied only when a parse is stored. Cells that merely read the same (the number
// 7 and the text "7", a break written \r\n or \n) are parsed apart: rare, and
// each parse is right.

#include <truepipe/cells.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace truepipe::detail {

// A range about to be looked up, hashed once.
struct cells_probe {
    explicit cells_probe(const range_view& range);

    std::span<const cell> cells;  // the cells the range really has
    std::size_t columns = 1;
    std::size_t hash = 0;
};

// Whether a range holds no rules at all: no cell but empty ones and blank texts.
bool blank_cells(const cells_probe& probe);

// A stored key: the cells copied, their texts kept in one string.
class cells_key {
public:
    explicit cells_key(const cells_probe& probe);

    std::size_t hash() const { return hash_; }
    bool matches(const cells_probe& probe) const;
    bool operator==(const cells_key& other) const;

private:
    struct stored_cell {
        cell::kind type = cell::kind::empty;
        double number = 0.0;
        std::size_t offset = 0;  // of the text in texts_
        std::size_t size = 0;
    };

    cell at(std::size_t index) const;
    // The same width and cells as this key; cell_at(i) gives the other's cells.
    template <typename Cells>
    bool equals(std::size_t hash, std::size_t columns, std::size_t count, const Cells& cell_at) const;

    std::size_t hash_ = 0;
    std::size_t columns_ = 1;
    std::vector<stored_cell> cells_;
    std::string texts_;
};

// For an unordered_map keyed by cells_key and searched with a cells_probe.
struct cells_key_hash {
    using is_transparent = void;
    std::size_t operator()(const cells_key& key) const { return key.hash(); }
    std::size_t operator()(const cells_probe& probe) const { return probe.hash; }
};

struct cells_key_equal {
    using is_transparent = void;
    bool operator()(const cells_key& a, const cells_key& b) const { return a == b; }
    bool operator()(const cells_key& key, const cells_probe& probe) const { return key.matches(probe); }
    bool operator()(const cells_probe& probe, const cells_key& key) const { return key.matches(probe); }
};

}  // namespace truepipe::detail
