#!/usr/bin/env bash
# Benchmarks (see benchmarks/README.md); options: benchmarks/run.sh [intake|enrichment] --help
#   benchmarks/run.sh [intake] [options]  intake: push and pull on this machine compared with RabbitMQ PerfTest;
#                                         writes benchmarks/results/intake-<yyyyMMdd-HHmmss>.md and latest.md
#   benchmarks/run.sh chain [options]     the whole chain to LINK_SENT, every service its own process; writes
#                                         benchmarks/results/chain-<yyyyMMdd-HHmmss>.md and chain-latest.md
#   benchmarks/run.sh backlog [options]   P4: a backlog queued in the SMEV simulator drained at -Xmx256m; writes
#                                         benchmarks/results/backlog-<yyyyMMdd-HHmmss>.md and backlog-latest.md
#   benchmarks/run.sh intake-processes [options]  gateway + card-processor as processes: pull, push at the peak and at
#                                         half of it; writes benchmarks/results/intake-processes-<…>.md and -latest.md
#   benchmarks/run.sh enrichment [options] Dadata lookups: reactive, throttled at 30/s, blocking; writes
#                                         benchmarks/results/enrichment-<yyyyMMdd-HHmmss>.md and enrichment-latest.md
#   benchmarks/run.sh export [options]    1,000,000 organisations exported as NDJSON and CSV (rows/s, server heap);
#                                         PostgreSQL port MOKU_BENCH_PG_PORT (default 5432); writes
#                                         benchmarks/results/export-<yyyyMMdd-HHmmss>.md and export-latest.md
#   benchmarks/run.sh floor [options]     the stack's floor: CPU per HTTP exchange, SQL statement, transaction and AMQP
#                                         message with our libraries and none of our code; writes benchmarks/results/floor-*.md
#   benchmarks/run.sh directory [--rows N] ОКТМО classifier of 200,000 rows loaded at -Xmx256m (PostgreSQL:
#                                         MOKU_BENCH_PG_PORT, default 5432); writes benchmarks/results/directory-*.md
set -euo pipefail
cd "$(dirname "$0")/.."

main_class=ru.moku.benchmarks.IntakeBenchmark
jvm_options=()
case "${1:-}" in
  intake) shift ;;
  chain|backlog|intake-processes)
    # The whole chain as OS processes (ProcessCluster): the mode stays the first argument.
    main_class=ru.moku.benchmarks.chain.ChainBenchmark
    ;;
  enrichment)
    shift
    main_class=ru.moku.benchmarks.EnrichmentBenchmark
    # Thread stacks as Native Memory Tracking sees them: the enrichment results compare them (blocking vs reactive).
    jvm_options=(-XX:NativeMemoryTracking=summary)
    ;;
  export)
    shift
    main_class=ru.moku.benchmarks.export.ExportBenchmark
    ;;
  floor)
    shift
    main_class=ru.moku.benchmarks.floor.FloorBenchmark
    # --jit=quick: this JVM on C1 alone, as the local run starts the services (compare like with like).
    rest=()
    for arg in "$@"; do
      if [[ "$arg" == "--jit=quick" ]]; then jvm_options=(-XX:TieredStopAtLevel=1); elif [[ "$arg" != "--jit=full" ]]; then rest+=("$arg"); fi
    done
    set -- "${rest[@]}"
    ;;
  directory)
    shift
    main_class=ru.moku.benchmarks.directory.DirectoryBenchmark
    # A small heap: the load must stream (constant memory), whatever the file's size.
    jvm_options=(-Xmx256m)
    ;;
esac

classpath_file=benchmarks/target/classpath.txt
# Built by the reactor into the modules' target/ (nothing goes into ~/.m2): the classpath names the other modules'
# jars there. Rebuilt only when a pom or a source file changed since the last build.
if [[ ! -f "$classpath_file" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$classpath_file" -print -quit)" ]]; then
  echo "▶ Building the benchmarks: ./mvnw -q -DskipTests -pl benchmarks -am package dependency:build-classpath"
  rm -f "$classpath_file"
  # Each module of the reactor writes its own target/classpath.txt; the benchmarks' one is used.
  ./mvnw -q -DskipTests -pl benchmarks -am package dependency:build-classpath \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
fi

exec java -XX:+UseParallelGC -Xmx2g "${jvm_options[@]}" \
  -cp "benchmarks/target/classes:$(cat "$classpath_file")" \
  "$main_class" "$@"
