#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/, docs/fuzzing.md) with clang-14 and
# -fsanitize=fuzzer,address,undefined into build-fuzz/, then runs each for SECONDS (default 60).
#   scripts/fuzz.sh [SECONDS] [HARNESS...]     (default: every harness)
# Env: LINEPACK_FUZZ_JOBS harnesses at once (default 1), LINEPACK_FUZZ_RSS_MB (2048),
#      LINEPACK_FUZZ_TIMEOUT_S per input (10), LINEPACK_DATA_DIR (extra seeds, if present),
#      LINEPACK_FUZZ_NO_BUILD=1 to run the harnesses as built.
# Prints the executions per harness; exits 1 on any finding (crash, sanitizer report, uncaught
# exception, timeout, out of memory), with the input saved under build-fuzz/findings/HARNESS/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
all=(gaslib_net gaslib_scn gaslib_cs gaslib_cdf native_model controls lanl_case gastransim_case
     schedule_json schedule_csv composition study_config)
harnesses=("$@")
[ ${#harnesses[@]} -eq 0 ] && harnesses=("${all[@]}")
jobs=${LINEPACK_FUZZ_JOBS:-1}
rss_mb=${LINEPACK_FUZZ_RSS_MB:-2048}
timeout_s=${LINEPACK_FUZZ_TIMEOUT_S:-10}
data=${LINEPACK_DATA_DIR:-../shared/data}
out=build-fuzz

if [ -z "${LINEPACK_FUZZ_NO_BUILD:-}" ]; then
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B "$out" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS="-g $san -fsanitize=fuzzer-no-link" \
  -DLINEPACK_BUILD_FUZZ=ON -DLINEPACK_BUILD_TESTS=OFF -DLINEPACK_BUILD_BENCH=OFF \
  -DLINEPACK_BUILD_PYTHON=OFF >/dev/null
cmake --build "$out" -j2 --target $(printf '%s_fuzzer ' "${harnesses[@]}")
fi

# Joins files into one input of a folder harness (fuzz/fuzz_support.hpp: file_separator).
join() { local first=1 f; for f in "$@"; do
  [ $first -eq 1 ] || printf '\n--8<--\n'; first=0; cat "$f"; done; }

# Seeds: fuzz/corpus/HARNESS (small hand-written files), the shipped examples, and small files
# of the reference data when it is present (copied into build-fuzz only, never into git).
seed() {
  local h=$1 dir=$out/corpus/$1 ex=examples/pakistan-stream
  mkdir -p "$dir"
  [ -d fuzz/corpus/$h ] && cp fuzz/corpus/$h/* "$dir"/
  case $h in
    native_model) cp $ex/model.json $ex/model-42in.json "$dir"/ ;;
    controls) cp $ex/case-A.json $ex/case-C.json "$dir"/ ;;
    schedule_json) cp $ex/day-schedule.json $ex/outage-schedule.json "$dir"/ ;;
    study_config) cp $ex/study.json "$dir"/example-study.json ;;
  esac
  [ -d "$data" ] || return 0
  local g=$data/gaslib/official/GasLib-11 l=$data/gassteadysim/examples/data/8-node
  local t=$data/gastransim/examples/data
  case $h in
    gaslib_net) cp $g/GasLib-11.net "$dir"/ 2>/dev/null || true ;;
    gaslib_scn) [ -f $g/GasLib-11.net ] && join $g/GasLib-11.net $g/GasLib-11.scn >"$dir"/gaslib-11 ;;
    gaslib_cs) [ -f $g/GasLib-11.cs ] && join $g/GasLib-11.net $g/GasLib-11.cs >"$dir"/gaslib-11 ;;
    lanl_case) [ -f $l/network.json ] && join $l/network.json $l/bc.json $l/params.json >"$dir"/8-node ;;
    gastransim_case)
      for c in "$t"/*/; do
        [ -f "$c/network.json" ] && [ $(du -k "$c" | tail -1 | cut -f1) -le 64 ] || continue
        join "$c"network.json "$c"params.json "$c"bc.json "$c"ic.json "$c"disruptions.json \
          >"$dir/$(basename "$c")" 2>/dev/null || true
      done ;;
  esac
  return 0
}

run() {
  local h=$1 log=$out/logs/$1.log
  rm -rf "$out/findings/$h"; mkdir -p "$out/findings/$h" "$out/logs"
  seed "$h"
  local rc=0
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    nice -n 10 "$out/fuzz/${h}_fuzzer" "$out/corpus/$h" -max_total_time="$seconds" \
    -rss_limit_mb="$rss_mb" -malloc_limit_mb="$rss_mb" -timeout="$timeout_s" -max_len=65536 \
    -artifact_prefix="$out/findings/$h/" -print_final_stats=1 >"$log" 2>&1 || rc=$?
  local execs
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo '?')
  if [ $rc -eq 0 ]; then
    printf '%-16s %10s executions in %ss: ok\n' "$h" "$execs" "$seconds"
  else
    printf '%-16s %10s executions: FINDING (exit %s), see %s and %s\n' "$h" "$execs" "$rc" "$log" \
      "$out/findings/$h/"
  fi
  return $rc
}

failed=0
pids=()
for h in "${harnesses[@]}"; do
  run "$h" & pids+=($!)
  if [ ${#pids[@]} -ge "$jobs" ]; then wait "${pids[0]}" || failed=1; pids=("${pids[@]:1}"); fi
done
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ $failed -eq 0 ] && echo "fuzz: no finding" || echo "fuzz: FINDINGS (see above)"
exit $failed
