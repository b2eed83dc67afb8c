#!/usr/bin/env bash
# Benchmarks: print figures and write docs/BENCHMARKS.md (a partial run: bench/target/BENCHMARKS-partial.md).
# Not part of `mvn verify`.
#   bench/run.sh                    # every benchmark, 3 runs each
#   bench/run.sh --runs 5 read      # one benchmark, 5 runs
# Needs redis-server, redis-benchmark (package redis-tools) and wrk on PATH; compares Java 17 with a
# Temurin 25 from /usr/lib/jvm (or JAVA25_HOME) when there is one; the operator benchmark runs the test
# kit's control plane (testkit/kube/build.sh builds it once, about 9 minutes, if it is not built yet).
#
# Time: a full run took 11 minutes on 2 busy cores (build ~1, operator ~5, app benchmarks ~6), before the
# pool benchmark (`pool`: 500 calendars in one pool vs dedicated apps, about 2 more minutes).
# It ends by itself: the JVM exits when the report is written, and the whole run is stopped after
# BENCH_TIMEOUT (default 45m) whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in redis-server redis-benchmark wrk; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y redis-server redis-tools wrk" >&2; exit 1; }
done
limit="${BENCH_TIMEOUT:-45m}"
started=$(date +%s)
mvn -q -B -Pbench -DskipTests -pl instance-app,bench -am package
status=0
timeout --kill-after=30s "$limit" \
  java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar bench/target/calendar-bench.jar "$@" || status=$?
[ "$status" -eq 124 ] && echo "bench/run.sh: stopped after $limit (BENCH_TIMEOUT)" >&2
echo "bench/run.sh: done in $(( $(date +%s) - started )) s"
exit "$status"
