#!/usr/bin/env bash
# Intake benchmark: push and pull intake on this machine compared with RabbitMQ PerfTest; writes
# benchmarks/results/intake-<yyyyMMdd-HHmmss>.md and benchmarks/results/latest.md (see benchmarks/README.md).
# Options: benchmarks/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

classpath_file="$PWD/benchmarks/target/classpath.txt"
./mvnw -q -DskipTests install
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime

exec java -XX:+UseParallelGC -Xmx2g \
  -cp "benchmarks/target/classes:$(cat "$classpath_file")" \
  ru.moku.benchmarks.IntakeBenchmark "$@"
