#!/usr/bin/env bash
# Benchmarks: print figures and write docs/BENCHMARKS.md (bench/target/BENCHMARKS-partial.md when only some run). Not part of `mvn verify`.
#   bench/run.sh                    # every benchmark, 3 runs each
#   bench/run.sh --runs 5 read      # one benchmark, 5 runs
# Needs redis-server, redis-benchmark (package redis-tools) and wrk on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in redis-server redis-benchmark wrk; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install -y redis-server redis-tools wrk" >&2; exit 1; }
done
mvn -q -B -Pbench -DskipTests -pl instance-app,bench -am package
java -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar bench/target/calendar-bench.jar "$@"
