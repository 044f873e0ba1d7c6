#!/usr/bin/env bash
# The Spark data source's benchmark, end to end (docs/benchmarks.md, "Spark data source: captures/s against a
# plain Playback loop"); not a test. Prints a Markdown block ready to paste: machine, load, command, table.
#
#   spark/src/test/bench.sh [RECORDING.mkv]
#
# From a built tree (`make install`, or `mvn install -DskipTests -pl platform -am`): compiles the spark module's
# tests, writes the recording if RECORDING.mkv does not exist (re-muxed from
# ../shared/testdata/playback/pyk4a_recording.mkv by Benchmark's generate mode: MJPG 1280x720 colour, NFOV
# depth, IR, 5 fps, about 1.7 MB a capture; kept when a path is given, else written to a temporary directory
# and deleted at the end), then runs in separate JVMs, each making PASSES passes over the whole recording:
#   plain loop      x JVMS   taskset -c 0     Playback, MJPG->BGRA32, each image copied once to a byte[]
#   local[1]        x JVMS   taskset -c 0     format("k4a").option("colorFormat","bgra"), count + sum of lengths
#   local[2]        x JVMS   taskset -c 0,1   the same query on two cores
# Pass 1 of each JVM is the cold one (class loading, JIT, Spark's planning and code generation) and passes 2
# and 3 still warm up (the heap's sizing; the JIT compiling Spark's per-query and per-task code, which a
# pass of 33 tasks calls only so often: 0.5-0.6 CPU s of compiling in pass 3 of a local[2] JVM, 0.25-0.3 from
# pass 4 on, against nothing in the plain loop's); the table's figures are the medians of passes
# WARMUP+1..PASSES over the JVMs, the steady state a long job runs in. "CPU s" is the CPU time of the whole
# JVM during a pass (every thread: Spark's, the decode pool's, the GC's): captures per CPU s is the rate per
# core, the load-independent figure; captures/s (wall) needs a quiet machine.
#
# The recording is large enough that Spark's fixed cost per query (planning, code generation, the JIT's work
# on new code: 0.2-0.35 CPU s) weighs as it does on the corpora the data source is for (hundreds of GB), not
# as on a toy file: 2560 captures, 4.3 GB, 33 partitions at the default split, 34 on two cores (a pass takes
# ~10 s of CPU).
# Both sides get the same treatment: the same passes, the same warm-up (passes 1-WARMUP are left out), the same
# collector. Each side decodes colour with its own defaults: the plain loop's playback with the library's (one
# decode worker per online core, 2 here, whatever taskset says; K4A4J_PLAYBACK_DECODE_THREADS, passed through
# unchanged, changes it), the data source's playbacks with the data source's (option decodeThreads, default 1
# worker per playback, whatever K4A4J_PLAYBACK_DECODE_THREADS says; DECODE_THREADS=n sets the option).
#
# Environment: CAPTURES (captures in a generated recording, default 2560: 4.3 GB), JVMS (default 3),
# PASSES (default 6), WARMUP (passes left out, default 3), DECODE_THREADS (the data source's option
# decodeThreads; default: unset, the option's default), JAVA_OPTS (default -XX:+UseParallelGC: the same
# collector on one core and on two; the JVM would pick the serial one on one core and G1 on two), MVN
# (default "mvn -B -ntp -o -q -Djavacpp.platform.host"; set MAVEN_OPTS for another local repository). About
# 10 minutes on 2 idle cores with the defaults; disk: the recording, in a temporary directory ($TMPDIR) unless
# a path is given.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
SOURCE=$ROOT/../shared/testdata/playback/pyk4a_recording.mkv
CAPTURES=${CAPTURES:-2560}
JVMS=${JVMS:-3}
PASSES=${PASSES:-6}
WARMUP=${WARMUP:-3}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseParallelGC}
MVN=${MVN:-mvn -B -ntp -o -q -Djavacpp.platform.host}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
RECORDING=${1:-$WORK/k4a-bench-$CAPTURES.mkv}
mkdir -p "$(dirname "$RECORDING")"
RECORDING=$(cd "$(dirname "$RECORDING")" && pwd)/$(basename "$RECORDING")

cd "$ROOT/spark"
$MVN test-compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test >&2
CP=target/test-classes:target/classes:$(cat "$WORK/cp.txt")
OPENS=$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' pom.xml)
bench() { # CPUS ARGS...: one JVM, its RESULT lines
    local cpus=$1
    shift
    # shellcheck disable=SC2086
    if ! taskset -c "$cpus" java $JAVA_OPTS $OPENS -Dk4a4j.bench.runs="$PASSES" \
            ${DECODE_THREADS:+-Dk4a4j.bench.decodeThreads=$DECODE_THREADS} -cp "$CP" org.k4a4j.spark.Benchmark "$@" \
            > "$WORK/jvm.log" 2>&1; then
        tail -30 "$WORK/jvm.log" >&2
        echo "bench.sh: failed: Benchmark $*" >&2
        exit 1
    fi
    grep '^RESULT' "$WORK/jvm.log" | tee -a "$WORK/results.txt" >&2
}

if [ ! -e "$RECORDING" ]; then
    echo "writing $RECORDING ($CAPTURES captures)" >&2
    bench 0,1 generate "$RECORDING" "$SOURCE" "$CAPTURES"
fi
UPTIME_BEFORE=$(uptime)
: > "$WORK/results.txt"
for _ in $(seq "$JVMS"); do bench 0 plain "$RECORDING"; done
for _ in $(seq "$JVMS"); do bench 0 spark "$RECORDING" 'local[1]'; done
for _ in $(seq "$JVMS"); do bench 0,1 spark "$RECORDING" 'local[2]'; done
UPTIME_AFTER=$(uptime)

# RESULT <mode...> run <k>: <n> captures in <s> s: <rate> captures/s; <cpu> CPU s: <rate> captures per CPU s (...)
median() { # MODE FIELD (wall|cpu|cold): the median over the JVMs' steady passes (or their first passes)
    awk -v mode="$1" -v field="$2" -v warmup="$WARMUP" '
        { sub(/^RESULT /, ""); split($0, h, " run "); if (h[1] != mode) next
          split(h[2], r, ":"); pass = r[1]
          match($0, /captures in [0-9.]+ s/); s = substr($0, RSTART + 12, RLENGTH - 14)
          match($0, /; [0-9.]+ CPU s/); c = substr($0, RSTART + 2, RLENGTH - 8)
          match($0, /: [0-9]+ captures in/); n = substr($0, RSTART + 2, RLENGTH - 14)
          if (field == "cold") { if (pass == 1) print s }
          else if (pass > warmup) print (field == "wall" ? n / s : n / c) }' "$WORK/results.txt" |
        sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else printf "%.1f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
row() { # LABEL MODE
    local wall cpu cold
    wall=$(median "$2" wall)
    cpu=$(median "$2" cpu)
    cold=$(median "$2" cold)
    printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$wall" \
        "$(awk -v a="$wall" -v b="$PLAIN_WALL" 'BEGIN { printf "%.2f", a / b }')" "$cpu" \
        "$(awk -v a="$cpu" -v b="$PLAIN_CPU" 'BEGIN { printf "%.2f", a / b }')" "$cold"
}
COUNTED=$(sed -n 's/^RESULT plain run 1: \([0-9]*\) captures.*/\1/p' "$WORK/results.txt" | head -1)
PLAIN_WALL=$(median plain wall)
PLAIN_CPU=$(median plain cpu)

SPARK_JAR=$(tr ':' '\n' < "$WORK/cp.txt" | grep -o 'spark-sql_[^/]*\.jar' | head -1)
cat <<EOF
Machine: $(uname -srm), $(nproc) CPUs "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)", $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $(java -version 2>&1 | head -1); ${SPARK_JAR%.jar} (local mode); JAVA_OPTS=$JAVA_OPTS.
Recording: $(stat -c %s "$RECORDING") bytes, $COUNTED captures (MJPG 1280x720 colour decoded to BGRA32, NFOV unbinned depth, IR); decode workers: plain loop K4A4J_PLAYBACK_DECODE_THREADS=${K4A4J_PLAYBACK_DECODE_THREADS:-unset (one per online core)}, data source decodeThreads=${DECODE_THREADS:-unset (its default, 1 per playback)}.
Load: before \`$UPTIME_BEFORE\`; after \`$UPTIME_AFTER\`.
Command (\`$(date -u +%Y-%m-%d)\`): \`${K4A4J_PLAYBACK_DECODE_THREADS:+K4A4J_PLAYBACK_DECODE_THREADS=$K4A4J_PLAYBACK_DECODE_THREADS }${DECODE_THREADS:+DECODE_THREADS=$DECODE_THREADS }CAPTURES=$CAPTURES JVMS=$JVMS PASSES=$PASSES WARMUP=$WARMUP spark/src/test/bench.sh\`; medians of passes $((WARMUP + 1))-$PASSES of $JVMS JVMs each.

| run | captures/s (wall) | vs plain (wall) | captures per CPU s | vs plain (per CPU s) | pass 1 (cold JVM), s |
|---|---|---|---|---|---|
EOF
row 'plain Playback loop, 1 core (`taskset -c 0`)' plain
row 'data source, `local[1]`, 1 core (`taskset -c 0`)' 'spark local[1]'
row 'data source, `local[2]`, 2 cores (`taskset -c 0,1`)' 'spark local[2]'
