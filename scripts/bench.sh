#!/usr/bin/env bash
# Builds and runs the steady-state benchmarks (bench/steady_bench.cpp), one process per
# benchmark so that each peak memory figure is its own. Prints a table of medians and writes
# the raw Google Benchmark JSON to out/bench/. Not part of the test command.
# Usage: scripts/bench.sh [FILTER_REGEX]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh >&2
out=out/bench
mkdir -p "$out"
filter="${1:-.}"
names=$(build/bench/linepack_bench --benchmark_list_tests | grep -E "$filter" | sed 's|/repeats:.*||' | sort -u)
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
printf '%-28s %12s %8s %10s\n' benchmark "median ms" newton "peak MB"  # newton: per solve, or per step
for name in $names; do
  file="$out/$(echo "$name" | tr '/' '_').json"
  build/bench/linepack_bench --benchmark_filter="^${name}(/repeats:[0-9]+)?\$" \
    --benchmark_out="$file" --benchmark_out_format=json >/dev/null 2>&1 || true
  awk -v n="$name" '
    /"name":/ { agg = "" }
    /"aggregate_name": "median"/ { agg = "median" }
    /"aggregate_name": "mean"/ { agg = "mean" }
    /"real_time":/ && agg == "median" { gsub(/[,]/, "", $2); med = $2 }
    /"newton_iterations":/ && agg == "median" { gsub(/[,]/, "", $2); it = $2 }
    /"newton_per_step":/ && agg == "median" { gsub(/[,]/, "", $2); it = $2 }
    /"peak_rss_mb":/ { gsub(/[,]/, "", $2); if ($2 > rss) rss = $2 }
    /"median_ms":/ && agg == "median" { gsub(/[,]/, "", $2); per = $2 }  # validation: per nomination
    /"decided_share":/ && agg == "median" { gsub(/[,]/, "", $2); share = $2 }
    /"error_message":/ { err = $0 }
    END {
      if (med == "") { printf "%-28s %s\n", n, (err != "" ? err : "no result"); exit }
      printf "%-28s %12.3f %8.2f %10.1f", n, med, it, rss
      if (per != "") printf "   per nomination: median %.3f ms, decided %.1f %%", per, 100 * share
      printf "\n" }' "$file"
done
