#pragma once
// The one key of the rules cache: where the rules came from (an inline text, a
// range of cells, a file) and a block of cells. An inline text is one text
// cell; a range is its width and every cell as given, so that two ranges share
// a parse only when every error would name the same cell; a file is its path as
// the user wrote it and what one stat() says of the file it leads to. 100,000
// formulas pass the same rules, so a lookup hashes and compares the cells
// themselves, without building a key; the cells are copied only when a parse is
// stored. Cells that merely read the same (the number 7 and the text "7", a
// break written \r\n or \n) are parsed apart: rare, and each parse is right.

#include <truepipe/cells.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace truepipe::detail {

// Where rules come from: the same text inline and in a range is parsed apart,
// since a range's errors name its cells.
enum class rules_origin : unsigned char { text, cells, file };

// Rules about to be looked up, hashed once.
struct rules_probe {
    rules_probe(rules_origin origin, const range_view& range);

    rules_origin origin;
    std::span<const cell> cells;  // the cells the range really has
    std::size_t columns = 1;
    std::size_t hash = 0;
};

// Whether a range holds no rules at all: no cell but empty ones and blank texts.
bool blank_cells(const rules_probe& probe);

// A stored key: the cells copied, their texts kept in one string.
class rules_key {
public:
    explicit rules_key(const rules_probe& probe);

    std::size_t hash() const { return hash_; }
    bool matches(const rules_probe& probe) const;
    bool operator==(const rules_key& other) const;

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
    bool equals(rules_origin origin, std::size_t hash, std::size_t columns, std::size_t count,
                const Cells& cell_at) const;

    rules_origin origin_;
    std::size_t hash_ = 0;
    std::size_t columns_ = 1;
    std::vector<stored_cell> cells_;
    std::string texts_;
};

// For an unordered_map keyed by rules_key and searched with a rules_probe.
struct rules_key_hash {
    using is_transparent = void;
    std::size_t operator()(const rules_key& key) const { return key.hash(); }
    std::size_t operator()(const rules_probe& probe) const { return probe.hash; }
};

struct rules_key_equal {
    using is_transparent = void;
    bool operator()(const rules_key& a, const rules_key& b) const { return a == b; }
    bool operator()(const rules_key& key, const rules_probe& probe) const { return key.matches(probe); }
    bool operator()(const rules_probe& probe, const rules_key& key) const { return key.matches(probe); }
};

}  // namespace truepipe::detail
