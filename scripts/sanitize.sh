#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of the library, CLI and C++ test suite
# (build-asan/, RelWithDebInfo, ccache when present), then ctest on it (docs/fuzzing.md).
# The first report stops the process (halt_on_error, -fno-sanitize-recover=all), so any
# sanitizer report fails its test. Arguments go to ctest. Env CXX picks the compiler (default
# the system's c++, GCC on Debian; clang++-14 works too). The Python package is not built here.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
san="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "${launcher[@]}" \
  -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
  -DLINEPACK_BUILD_BENCH=OFF -DLINEPACK_BUILD_PYTHON=OFF >/dev/null
cmake --build build-asan -j2
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
ctest --test-dir build-asan --output-on-failure -j2 "$@"
