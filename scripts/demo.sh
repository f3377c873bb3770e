#!/usr/bin/env bash
# The main job: builds truepipe.oxt, installs it into a private LibreOffice
# profile, recalculates the example workbook headless, prints the headline
# figures and writes the dashboard as build/dashboard.pdf.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
"$root/scripts/build.sh"
/usr/bin/python3 "$root/scripts/demo.py" --oxt "$root/build/truepipe.oxt" \
    --workbook "${1:-$root/examples/pipeline-template.ods}" --pdf "$root/build/dashboard.pdf"
