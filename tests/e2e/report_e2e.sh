#!/usr/bin/env bash
# End-to-end test of `linepack report` (ctest: e2e.report_chromium; docs/report.md).
#   report_e2e.sh LINEPACK_BINARY STUDY.json OUTDIR
# Writes OUTDIR/report.html from the study, opens it from file:// in headless Chromium with every
# host name unresolvable (so the page must load nothing from the network), and requires:
#   - no console message at all from the page (Chromium's --enable-logging=stderr prints every
#     console call and uncaught error as a CONSOLE line; the page itself logs nothing when fine),
#     and no script error collected by the page (<body data-report-errors>);
#   - <body data-charts-ready> equal to data-charts-expected (what the program says the study
#     needs) and to the number of <canvas> elements, so every chart was built;
#   - on every canvas data-points > 0 (points laid out by Chart.js) and every entry of
#     data-ink-series > 0 (pixels of each data series' colour inside the plot area);
# then saves a full-page screenshot to OUTDIR/report.png. Exit 77 (ctest: skipped) when no
# chromium is installed (scripts/install-deps.sh installs Debian's).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 LINEPACK_BINARY STUDY.json OUTDIR" >&2
  exit 2
fi
linepack_bin=$1
study=$2
out=$3

browser=""
for candidate in chromium chromium-browser; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$(command -v "$candidate")
    break
  fi
done
if [ -z "$browser" ]; then
  echo "SKIP: chromium not found (scripts/install-deps.sh installs Debian's chromium)"
  exit 77
fi

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/report.html" "$out/report.png" "$out/dom.html" "$out/chromium-dom.log" \
  "$out/chromium-shot.log"

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

"$linepack_bin" report "$study" -o "$out/report.html"
[ -s "$out/report.html" ] || { echo "FAIL: no report written"; exit 1; }

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
  --disable-background-networking --disable-component-update --disable-sync
  "--user-data-dir=$profile" --hide-scrollbars
  "--host-resolver-rules=MAP * ~NOTFOUND"
  --enable-logging=stderr --v=0)
url="file://$out/report.html"

# 1. The DOM after the page's scripts ran, and the browser's log.
timeout 120 "$browser" "${flags[@]}" --window-size=1400,1000 --dump-dom "$url" \
  >"$out/dom.html" 2>"$out/chromium-dom.log" || fail "chromium --dump-dom exited with $?"

console=$(grep -a 'CONSOLE' "$out/chromium-dom.log" || true)
[ -z "$console" ] || fail "console messages from the page:"$'\n'"$console"

body=$(grep -ao '<body[^>]*>' "$out/dom.html" | head -n 1 || true)
attr() { # attr NAME TEXT: the value of attribute NAME in TEXT, or empty
  printf '%s' "$2" | grep -ao "$1=\"[^\"]*\"" | head -n 1 | sed 's/^[^"]*"//; s/"$//' || true
}
[ -n "$body" ] || fail "no <body> in the dumped DOM"
errors=$(attr data-report-errors "$body")
[ -z "$errors" ] || fail "script errors in the page: $errors"
expected=$(attr data-charts-expected "$body")
ready=$(attr data-charts-ready "$body")
height=$(attr data-page-height "$body")
canvases=$(grep -ao '<canvas[^>]*>' "$out/dom.html" || true)
n_canvas=$(printf '%s' "$canvases" | grep -c '<canvas' || true)
echo "charts: expected ${expected:-?}, ready ${ready:-none}, canvases $n_canvas"
if [ -z "$ready" ]; then
  fail "the page never set data-charts-ready (its script stopped before all charts were drawn)"
elif [ "$ready" != "$expected" ] || [ "$ready" != "$n_canvas" ] || [ "$ready" -le 0 ]; then
  fail "charts ready $ready, expected $expected, canvases $n_canvas"
fi

while IFS= read -r tag; do
  [ -n "$tag" ] || continue
  id=$(attr id "$tag")
  points=$(attr data-points "$tag")
  ink=$(attr data-ink-series "$tag")
  echo "  $id: points ${points:-none}, ink per series ${ink:-none}"
  if [ -z "$points" ] || [ "$points" -le 0 ]; then fail "$id: no data points laid out"; fi
  if [ -z "$ink" ]; then
    fail "$id: no ink measured"
  else
    IFS=',' read -ra series <<<"$ink"
    for k in "${!series[@]}"; do
      [ "${series[$k]}" -gt 0 ] || fail "$id: data series $k drew no pixels in the plot area"
    done
  fi
done <<<"$canvases"

# 2. A full-page screenshot (the page reports its own height).
[[ "$height" =~ ^[0-9]+$ ]] || height=4000
[ "$height" -le 16000 ] || height=16000
timeout 120 "$browser" "${flags[@]}" --window-size="1400,$height" --screenshot="$out/report.png" \
  "$url" >/dev/null 2>"$out/chromium-shot.log" || fail "chromium --screenshot exited with $?"
console=$(grep -a 'CONSOLE' "$out/chromium-shot.log" || true)
[ -z "$console" ] || fail "console messages during the screenshot:"$'\n'"$console"
size=$(stat -c %s "$out/report.png" 2>/dev/null || echo 0)
[ "$size" -gt 20000 ] || fail "screenshot missing or nearly empty ($size bytes)"
echo "screenshot: $out/report.png ($size bytes, 1400x$height)"

if [ "$failures" -gt 0 ]; then
  echo "$failures check(s) failed; browser logs in $out/chromium-*.log"
  exit 1
fi
echo "report end-to-end: all checks passed"
