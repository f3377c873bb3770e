// doctest's runner, compiled once and linked into every unit test executable
// (compiling it into each of them cost about nine seconds apiece).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
