#!/usr/bin/env bash
# The main job: installs dependencies, builds linepack, and runs the Pakistan Stream feasibility
# study (examples/pakistan-stream/: README.md, SOURCES.md for the facts and assumptions):
#   steady cases A (750 mmcfd free flow), B (1,200 mmcfd, CS-1 55 -> 80 bara),
#   C (2,000 mmcfd, three stations at 98 bara), D (42-inch, 1,200 mmcfd);
#   capacity of the 56" and 42" lines (free flow, all offtake at Kasur, sensitivities; with
#   stations, capped by the terminals' 1,440 mmcfd unless stated);
#   mechanical design, cost model, least-cost 42" vs 56" designs and the 12.4 -> 16 bcm/yr phasing;
#   least-power operation of the 56" design; security of supply (FSRU trip survival times,
#   curtailment after the loss of a terminal or station); seasonal design days;
#   and writes one self-contained HTML report.
# Results: out/pakistan-stream/ (report.html, study.json, case-*.json/.csv); a summary on stdout.
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
echo "(supply in kg/s; 1 mmcfd = 0.2422 kg/s for this gas)"
echo
build/bin/linepack study examples/pakistan-stream/study.json -o "$out" 2> "$out/study.log" || {
  cat "$out/study.log" >&2
  exit 1
}
grep -E "capacity|least|survival|security|day" "$out/study.log" | sed 's/^study: /  /'
build/bin/linepack report "$out/study.json" -o "$out/report.html"
echo
echo "report: $(pwd)/$out/report.html"
