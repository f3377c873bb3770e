#!/usr/bin/env bash
# Builds everything and runs every test, stage by stage, and ends with a table
# of the stages: seconds and tests run. docs/TESTING.md says what each stage
# catches that no other does, and how long each takes.
#  deps       the Debian packages (scripts/deps.sh), and ccache;
#  roots      in the background from the start: the clean-machine tests'
#             Debian roots, made once and kept (made anew when stale);
#  release    g++ Release as a packager builds it (warnings made errors, which
#             changes no code): unit tests, fuzz corpus replays, package checks, the
#             kept roots' check and the integration tests in real headless
#             LibreOffice, two at a time; the release package in dist/;
#  sanitize   g++ with AddressSanitizer, UBSan and LeakSanitizer: unit tests,
#             replays and a planted overflow, undefined operation and leak;
#  thread     clang with ThreadSanitizer: unit tests (concurrency among them)
#             and a planted race;
#  clang      clang Debug with the add-in (scripts/build-types.sh): clang's
#             warnings over all the code and the package checks of a library
#             built with assertions;
#  bench      a smoke run of the benchmark (2,000 deals, build-bench/);
#  clean-machine  the release package installed by a normal user on minimal
#             Debian 12 (LibreOffice 7.4 and 25.2) and Debian 13 roots, and a
#             build from source with the unit tests on Debian 13 (GCC 14).
# Every build compiles through ccache (scripts/ccache-env.sh), its cache outside
# the checkout (/var/cache/truepipe/ccache, or TRUEPIPE_CCACHE_DIR), so a second
# run compiles only what changed. The clean-machine tests need root (debootstrap,
# chroot): they run with sudo when the script is not run as root.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
logs="$root/build-logs"
rm -rf "$logs"
mkdir -p "$logs"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
roots="${TRUEPIPE_ROOTS:-/var/cache/truepipe/roots}"

run_start=$(date +%s)
stage_names=()
stage_seconds=()
stage_tests=()

# The tests a stage's log reports run: ctest's summaries, the clean-machine
# scenarios that passed and the benchmark's smoke run.
tests_in() {
    awk '/tests passed, [0-9]+ tests? failed out of [0-9]+/ { n += $NF }
         /^clean-machine: .*: passed$/ { n += 1 }
         /^Benchmark smoke run passed/ { n += 1 }
         END { print n + 0 }' "$1"
}

record() {
    stage_names+=("$1")
    stage_seconds+=("$2")
    stage_tests+=("$3")
}

table() {
    local i total_tests=0
    echo
    printf '%-28s %8s %7s\n' stage seconds tests
    for i in "${!stage_names[@]}"; do
        printf '%-28s %8s %7s\n' "${stage_names[$i]}" "${stage_seconds[$i]}" "${stage_tests[$i]}"
        [ "${stage_tests[$i]}" = - ] || total_tests=$((total_tests + stage_tests[$i]))
    done
    printf '%-28s %8s %7s\n' "all (wall clock)" "$(( $(date +%s) - run_start ))" "$total_tests"
    if [ -n "${CCACHE_DIR:-}" ]; then
        echo "ccache: $(ccache --print-stats 2>/dev/null | awk -F'\t' '
            $1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { hits += $2 }
            $1 == "cache_miss" { misses += $2 }
            END { printf "%d hits, %d misses", hits, misses }') in $CCACHE_DIR"
    fi
    passed=$total_tests
}

# stage NAME COMMAND...: runs one stage, its output shown and kept in build-logs/.
stage() {
    local name="$1" start status=0
    shift
    start=$(date +%s)
    echo "=== test.sh: $name"
    "$@" 2>&1 | tee "$logs/$name.log" || status=$?
    record "$name" "$(( $(date +%s) - start ))" "$(tests_in "$logs/$name.log")"
    if [ $status -ne 0 ]; then
        table
        echo "test.sh: the $name stage failed (exit status $status); its output is in build-logs/$name.log"
        echo "test.sh: $passed passed, 1 failed"
        exit "$status"
    fi
}

stage deps bash -ec "'$root/scripts/deps.sh'; '$root/scripts/deps.sh' bench"
# shellcheck source=ccache-env.sh
source "$root/scripts/ccache-env.sh"
ccache --zero-stats > /dev/null

# The Debian roots download and unpack while the builds compile.
roots_start=$(date +%s)
(
    status=0
    for name in bookworm bookworm-backports trixie trixie-build; do
        $sudo "$root/tests/clean-machine/make_root.sh" "$name" "$roots/$name" || { status=$?; break; }
    done
    date +%s > "$logs/roots.end"
    exit $status
) > "$logs/roots.log" 2>&1 &
roots_pid=$!

# Warnings as errors but one: GCC 12's -Wrestrict at -O3 on `"text" + string`
# is a known false positive (GCC bug 105651); it is still printed.
stage release "$root/scripts/release.sh" -DTRUEPIPE_WERROR=ON "-DCMAKE_CXX_FLAGS=-g -Wno-error=restrict"
version="$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$root/build-release/CMakeCache.txt")"
package="$root/dist/truepipe-$version-linux_x86_64.oxt"

stage sanitize bash -ec 'cmake --preset sanitize > /dev/null
                         cmake --build --preset sanitize -j "$(nproc)"
                         ctest --preset sanitize'
stage thread bash -ec 'cmake --preset thread > /dev/null
                       cmake --build --preset thread -j "$(nproc)"
                       ctest --preset thread'
stage clang "$root/scripts/build-types.sh" clang++-Debug
stage bench "$root/scripts/bench.sh" --smoke

roots_status=0
wait "$roots_pid" || roots_status=$?
cat "$logs/roots.log"
record "roots (in the background)" "$(( $(cat "$logs/roots.end" 2>/dev/null || date +%s) - roots_start ))" -
if [ $roots_status -ne 0 ]; then
    table
    echo "test.sh: making the Debian roots failed; the output is in build-logs/roots.log"
    echo "test.sh: $passed passed, 1 failed"
    exit $roots_status
fi
stage clean-machine bash -ec "$sudo '$root/tests/clean-machine/run.sh' '$package'
                              $sudo '$root/tests/clean-machine/build_from_source.sh' '$roots'"

table
echo "test.sh: $passed passed, 0 failed"
