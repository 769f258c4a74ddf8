#!/usr/bin/env bash
# The main job: installs dependencies, builds linepack, and solves the Pakistan Stream
# steady cases of the data sheet (../shared/pakistan-stream/DATASHEET.md, section 7.4):
#   A  free flow, 750 mmcfd, no compression
#   B  design 1,200 mmcfd (12.4 bcm/yr), CS-1 55 -> 80 bara
#   C  ultimate 2,000 mmcfd, CS-1, CS-2, CS-3 at 98 bara discharge
# Results: out/pakistan-stream/case-*.json and .csv; a summary table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >&2
out=out/pakistan-stream
mkdir -p "$out"
model=examples/pakistan-stream/model.json
printf '%-5s %-10s %8s %10s %10s %10s %12s\n' case status "supply" "N0 bara" "Kasur bara" "min bara" "power MW"
for case in A B C; do
  controls=()
  [ "$case" = B ] || controls=(--controls "examples/pakistan-stream/case-$case.json")
  set +e
  build/bin/linepack solve "$model" "${controls[@]}" -o "$out/case-$case.json" \
    --csv "$out/case-$case" -q
  rc=$?
  set -e
  [ $rc -le 1 ] || { echo "case $case: linepack failed (exit $rc)" >&2; exit $rc; }
  awk -F, -v c="$case" -v rc="$rc" '
    NR > 1 { p[$1] = $3; if (min == "" || $3 < min) min = $3; if ($4 < 0) supply -= $4 }
    END { printf "%-5s %-10s %7.1f %10.2f %10.2f %10.2f", c, (rc == 0 ? "converged" : "FAILED"),
          supply, p["N0"], p["N7"], min }' "$out/case-$case.nodes.csv"
  awk -F, 'NR > 1 && $2 == "compressor" { w += $9 } END { printf " %12.2f\n", w / 1e6 }' \
    "$out/case-$case.elements.csv"
done
echo "(supply in kg/s; 1 mmcfd = 0.2422 kg/s for this gas. Reports: $out/)"
