#!/usr/bin/env bash
# Runs every built libFuzzer target over its committed seed corpus, so that a regression on any seed
# (a crash, leak, sanitizer report, time-out or failed check) fails the build. Builds nothing.
#
#   smoke.sh [BUILD_DIR] [SECONDS]
#
# BUILD_DIR: the CMake build configured with -DK4A4J_FUZZ=ON (default k4a/cppbuild/fuzz, as `make fuzz`
# builds it); the targets are in its fuzz/ directory. SECONDS (default 0): after the seeds, fuzz each
# target that long from them (new inputs go to a temporary directory, never to the committed corpus).
# The seeds are committed (written by fuzz_seeds.py); the script needs nothing but bash.
#
# Copyright 2026 the k4a4j authors. Licensed under the Apache License, Version 2.0.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$here" # the checkout: the directory above k4a/
while [ ! -f "$root/k4a/pom.xml" ] && [ "$root" != / ]; do root="$(dirname "$root")"; done
build="${1:-$root/k4a/cppbuild/fuzz}"
seconds="${2:-0}"
targets=(playback_fuzz calibration_fuzz image_fuzz playback_color_fuzz record_fuzz)

work="$(mktemp -d "${TMPDIR:-/tmp}/k4a4j-fuzz-smoke.XXXXXX")"
trap 'rm -rf "$work"' EXIT
export TMPDIR="$work" K4A_ENABLE_LOG_TO_STDOUT=0

status=0
for t in "${targets[@]}"; do
  exe="$build/fuzz/$t"
  if [ ! -x "$exe" ]; then
    echo "fuzz smoke: $exe is not built" >&2
    status=1
    continue
  fi
  seeds="$here/corpus/$t"
  mkdir -p "$work/new_$t"
  if [ "$seconds" -gt 0 ]; then
    args=(-max_total_time="$seconds" "$work/new_$t" "$seeds")
  else
    args=(-runs=0 "$seeds")
  fi
  if "$exe" -rss_limit_mb=2048 -timeout=30 -artifact_prefix="$work/$t-" "${args[@]}" > "$work/$t.log" 2>&1; then
    echo "fuzz smoke: $t: $(grep -E "DONE" "$work/$t.log" | tail -1)"
  else
    echo "fuzz smoke: $t FAILED; its log:" >&2
    tail -60 "$work/$t.log" >&2
    for a in "$work/$t-"*; do
      [ -e "$a" ] && echo "fuzz smoke: failing input $(basename "$a"): $(base64 -w0 "$a" | head -c 4000)" >&2
    done
    status=1
  fi
done
exit $status
