#!/usr/bin/env bash
# The Pakistan Stream transient day (README.md, "The transient day"): 24 h of design case B with
# the data sheet's demand profiles, a CS-2 trip at 07:00 and an FSRU trip at 18:00; then the same
# outage continued for four days, until Kasur falls below its 40 bara minimum.
# Needs a built linepack (scripts/build.sh, or LINEPACK=path/to/linepack). Outputs:
# out/pakistan-stream/day/ and out/pakistan-stream/outage/ (nodes.csv, elements.csv,
# linepack.csv, compressors.csv, controls.csv, summary.json, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
linepack=${LINEPACK:-build/bin/linepack}
dir=examples/pakistan-stream
out=out/pakistan-stream
mkdir -p "$out"

"$linepack" transient "$dir/model.json" --schedule "$dir/day-schedule.json" \
  --duration 86400 --dt 60 --dx 1000 --output-interval 3600 -q -o "$out/day"
"$linepack" transient "$dir/model.json" --schedule "$dir/outage-schedule.json" \
  --duration 345600 --dt 60 --dx 1000 --output-interval 3600 -q -o "$out/outage"

# Line pack in MSm3 at 60 degF: rho_std of the model gas (M = 17.51 g/mol) is 0.7391 kg/Sm3.
echo "hour   N0 bara  Kasur bara   line pack MSm3   CS-1 kg/s"
paste -d, "$out/day/nodes.csv" "$out/day/linepack.csv" "$out/day/elements.csv" | awk -F, '
  NR == 1 { for (i = 1; i <= NF; i++) col[$i] = (col[$i] ? col[$i] : i); next }
  (NR - 2) % 3 == 0 {
    printf "%4d %9.2f %11.2f %16.2f %11.1f\n", $1 / 3600, $col["N0"] / 1e5, $col["N7"] / 1e5,
           $col["linepack_kg"] / 0.7391 / 1e6, $col["CS-1"] }'
for run in day outage; do
  awk -v run="$run" '
    /"node": "N7"/ { kasur = 1 }
    kasur && /"survival_time_s"/ { gsub(/[,]/, "", $2); s = $2 }
    kasur && /"lowest_pressure_pa"/ { gsub(/[,]/, "", $2); low = $2 }
    kasur && /"lowest_pressure_time_s"/ { gsub(/[,]/, "", $2); at = $2; kasur = 0 }
    END {
      if (s == "null") printf "%s: Kasur stays above 40 bara (lowest %.2f bara at %.2f h)\n", run, low / 1e5, at / 3600
      else printf "%s: Kasur below 40 bara at %.2f h (survival time)\n", run, s / 3600 }' \
    "$out/$run/summary.json"
done
# CS-1's control mode and binding limit whenever they change (controls.csv, docs/transient.md §3.1).
awk -F, 'NR > 1 && $2 $3 != prev { printf "outage: CS-1 %s (%s) from %.0f h\n", $2, $3, $1 / 3600; prev = $2 $3 }' \
  "$out/outage/controls.csv"
echo "(outputs: $out/day and $out/outage)"
