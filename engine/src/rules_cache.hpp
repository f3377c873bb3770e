#pragma once
// The one cache of parsed rules in the process.
//
// What is keyed: a rules_key, that is where the rules came from (inline text,
// a range of cells, a file) and the cells as given; for a file, its path as
// written and what stat() says of the file it leads to (device, inode, size,
// mode, modification and status change times). What invalidates: nothing is
// ever stale by construction, since any edit of a text, a cell or a file (or a
// link now leading elsewhere) makes another key; old entries are only dropped,
// all at once, when the cache reaches its bound, so what-if editing that makes
// a new text on every keystroke cannot grow it for the life of the office.
// Problems that are not parse errors (no such file, a folder, ...) are never
// stored, so they are looked at again on the next call. Thread-safe: Calc may
// call from several threads.

#include "rules_key.hpp"

#include <truepipe/rules_source.hpp>

#include <cstddef>
#include <memory>

namespace truepipe::detail {

using loaded_ptr = std::shared_ptr<const loaded_rules>;

// The bound: adding to a cache this full first drops every entry.
inline constexpr std::size_t max_cache_entries = 256;

// The cached rules of `probe`, or null (counted as a hit when found).
loaded_ptr find_cached(const rules_probe& probe);
// Stores `value` under the probe's key and returns what the cache then holds for
// it: when another thread stored the same key meanwhile, the first one wins so
// every cell shares one parsed model (counted as a parse either way).
loaded_ptr add_cached(const rules_probe& probe, loaded_ptr value);

}  // namespace truepipe::detail
