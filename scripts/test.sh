#!/usr/bin/env bash
# Builds everything, then runs all tests: unit tests and the integration tests
# in real headless LibreOffice.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure
