#!/bin/sh
# The transformation figures of docs/benchmarks.md in one run: transformation_bench of two builds of
# the C tests (e.g. a base commit and the change), then the pipeline of the second, first on the
# machine as it is, then beside a busy process (one core spinning), then on one core with one thread
# (K4A4J_TRANSFORMATION_THREADS=1 under `taskset -c 0`: the cost of a call when the caller has a
# single core to itself; a build older than that variable runs its pool's threads on the one core).
#
#   k4a/src/test/native/bench/side_by_side.sh BASE_BUILD NEW_BUILD [runs]
#
# BUILD: a build directory of k4a/src/test/native (cmake -S k4a/src/test/native -B DIR
# -DCMAKE_BUILD_TYPE=Release && cmake --build DIR -j2). Run from the checkout root (the benchmarks
# read ../shared/testdata). Wall-clock figures: the "fastest" column is the least sensitive to other
# work on the machine; instruction counts (valgrind --tool=callgrind) do not depend on it at all.
set -e
base=$(cd "$1" && pwd)
new=$(cd "$2" && pwd)
runs=${3:-300}
export K4A_ENABLE_LOG_TO_STDOUT=0
say() { echo "=== $1, load average $(cut -d' ' -f1-3 /proc/loadavg), $(date +%T)"; }
all() {
    say "$1: base"
    LD_LIBRARY_PATH="$base/core" "$base/bench/transformation_bench" "$runs"
    say "$1: new"
    LD_LIBRARY_PATH="$new/core" "$new/bench/transformation_bench" "$runs"
    say "$1: pipeline"
    LD_LIBRARY_PATH="$new/core" PLAYBACK_BENCH_ONLY=pipeline "$new/bench/playback_bench"
}
one_core() {
    for build in base new; do
        dir=$base
        [ "$build" = new ] && dir=$new
        say "one core, one thread: $build"
        LD_LIBRARY_PATH="$dir/core" K4A4J_TRANSFORMATION_THREADS=1 taskset -c 0 "$dir/bench/transformation_bench" "$runs"
    done
}
all idle
one_core
nice -n 0 sh -c 'while :; do :; done' &
busy=$!
trap 'kill $busy' EXIT
all busy
