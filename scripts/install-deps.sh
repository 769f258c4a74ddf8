#!/usr/bin/env bash
# Installs every Debian package linepack needs to build, test and benchmark, including the
# Python package (Debian's /usr/bin/python3 with its python3-* packages; no PyPI).
# Idempotent: skips apt entirely when all packages are already present.
set -euo pipefail
packages=(
  cmake ninja-build g++ ccache pkg-config
  libsuitesparse-dev libopenblas-dev
  libeigen3-dev libpugixml-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev
  python3-dev pybind11-dev python3-numpy python3-pandas python3-distributed python3-pytest
  # linepack.plot, simulate()'s progress, the tutorial notebook, `pip install .` (docs/python.md)
  python3-matplotlib python3-tqdm python3-nbclient python3-ipykernel python3-venv python3-pip
)
# Fuzzing (scripts/fuzz.sh, docs/fuzzing.md): clang 14 with libFuzzer and its sanitizer runtimes.
packages+=(clang-14 libclang-rt-14-dev)
# The MILP relaxation of nomination validation (docs/validation-of-nominations.md): CBC.
packages+=(coinor-libcbc-dev)
# Its setpoint program (validation/setpoint_program.cpp): Ipopt, with MUMPS.
packages+=(coinor-libipopt-dev)
# --- report (docs/report.md) ------------------------------------------------------------------
# Chromium runs the report's end-to-end test; the pinned chart.js (npm, MIT) is inlined into every
# `linepack report` page and lives in the git-ignored third_party/npm/. It sits before the apt
# check below because that check exits early when every Debian package is present.
packages+=(chromium)
report_npm_prefix="$(cd "$(dirname "$0")/.." && pwd)/third_party/npm"
report_chart_pkg="chart.js@4.6.1"
if ! grep -qs "Chart.js v4.6.1" "$report_npm_prefix/node_modules/chart.js/dist/chart.umd.js"; then
  if ! command -v npm >/dev/null; then
    report_sudo=""
    [ "$(id -u)" -eq 0 ] || report_sudo="sudo"
    $report_sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $report_sudo apt-get install -y -q --no-install-recommends npm
  fi
  echo "install-deps: installing $report_chart_pkg into third_party/npm" >&2
  npm install --prefix "$report_npm_prefix" --no-audit --no-fund "$report_chart_pkg" >&2
fi
# --- end report ---------------------------------------------------------------------------------
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present" >&2
  exit 0
fi
sudo_cmd=""
[ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -q
$sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
