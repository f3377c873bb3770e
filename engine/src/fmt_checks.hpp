#pragma once
// Included before every source that builds with the engine (see
// engine/CMakeLists.txt), ahead of any fmt header. In a build without NDEBUG a
// failed check inside fmt goes through the standard assert, as every other
// failed check does: fmt's own way prints with fprintf, and the library Calc
// loads imports no call that writes (tests/package/test_security.py). With
// NDEBUG fmt's checks stay off, as fmt has them.

#include <cassert>

#ifndef NDEBUG
#define FMT_ASSERT(condition, message) assert((condition) && (message))
#endif
