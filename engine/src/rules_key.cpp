#include "rules_key.hpp"

#include <truepipe/rules.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <string_view>

namespace truepipe::detail {

namespace {

std::size_t mix(std::size_t seed, std::size_t value) {
    return seed ^ (value + 0x9e3779b97f4a7c15 + (seed << 12) + (seed >> 4));
}

// Numbers compare by their bits, so that a NaN finds itself.
std::uint64_t bits_of(double number) { return std::bit_cast<std::uint64_t>(number); }

// Only what the rules text is made of counts: a number's value, a text's bytes.
std::size_t hash_of(const cell& value) {
    switch (value.type) {
        case cell::kind::number:
            return mix(1, std::size_t(bits_of(value.number)));
        case cell::kind::text:
            return mix(2, std::hash<std::string_view>{}(value.text));
        case cell::kind::error:
            return mix(3, std::hash<std::string_view>{}(value.text));
        case cell::kind::empty:
            break;
    }
    return 0;
}

bool same_cell(const cell& a, const cell& b) {
    if (a.type != b.type) return false;
    if (a.is_number()) return bits_of(a.number) == bits_of(b.number);
    return a.is_empty() || a.text == b.text;
}

}  // namespace

rules_probe::rules_probe(rules_origin origin, const range_view& range)
    : origin(origin),
      cells(range.cells.first(std::min(range.cells.size(), range.rows * range.columns))),
      columns(std::max<std::size_t>(range.columns, 1)) {
    hash = mix(mix(std::size_t(origin), columns), cells.size());
    for (const cell& value : cells) hash = mix(hash, hash_of(value));
}

bool blank_cells(const rules_probe& probe) {
    return std::all_of(probe.cells.begin(), probe.cells.end(), [](const cell& value) {
        if (value.is_number()) return false;
        return !value.is_text() || trim(value.text, " \t\r\n").empty();
    });
}

rules_key::rules_key(const rules_probe& probe)
    : origin_(probe.origin), hash_(probe.hash), columns_(probe.columns) {
    std::size_t text_size = 0;
    for (const cell& value : probe.cells)
        if (!value.is_empty() && !value.is_number()) text_size += value.text.size();
    texts_.reserve(text_size);
    cells_.reserve(probe.cells.size());
    for (const cell& value : probe.cells) {
        stored_cell& stored = cells_.emplace_back(stored_cell{value.type, value.number, texts_.size(), 0});
        if (value.is_empty() || value.is_number()) continue;
        stored.size = value.text.size();
        texts_ += value.text;
    }
}

cell rules_key::at(std::size_t index) const {
    const stored_cell& stored = cells_[index];
    return {stored.type, stored.number, std::string_view(texts_).substr(stored.offset, stored.size)};
}

template <typename Cells>
bool rules_key::equals(rules_origin origin, std::size_t hash, std::size_t columns, std::size_t count,
                       const Cells& cell_at) const {
    if (origin != origin_ || hash != hash_ || columns != columns_ || count != cells_.size()) return false;
    for (std::size_t i = 0; i < count; ++i)
        if (!same_cell(at(i), cell_at(i))) return false;
    return true;
}

bool rules_key::matches(const rules_probe& probe) const {
    return equals(probe.origin, probe.hash, probe.columns, probe.cells.size(),
                  [&](std::size_t i) { return probe.cells[i]; });
}

bool rules_key::operator==(const rules_key& other) const {
    return equals(other.origin_, other.hash_, other.columns_, other.cells_.size(),
                  [&](std::size_t i) { return other.at(i); });
}

}  // namespace truepipe::detail
