#!/usr/bin/env bash
# Installs dependencies, builds, and runs every test: the C++ suite (unit, verification,
# regression, CLI) with ctest, then the Python package's pytest suite (python/tests) with
# Debian's /usr/bin/python3 against the package built in build/python.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j2 "$@"
if [ ! -f build/python/linepack/__init__.py ]; then
  echo "test.sh: build/python/linepack is missing (LINEPACK_BUILD_PYTHON off?)" >&2
  exit 1
fi
PYTHONPATH="$PWD/build/python${PYTHONPATH:+:$PYTHONPATH}" LINEPACK_CLI="$PWD/build/bin/linepack" \
  /usr/bin/python3 -m pytest python/tests -q
