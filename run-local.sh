#!/usr/bin/env bash
# Runs the whole platform on this machine and drives a demo batch through it (see README.md).
# Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"

jar=local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar
# Built by the reactor into the modules' target/ (nothing goes into ~/.m2), and only when the jar is missing or a
# pom or a source file changed since it was built; otherwise the last build is reused and the platform starts at once.
if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit)" ]]; then
  echo "▶ Building the platform: ./mvnw -q -DskipTests -pl local-platform -am package"
  ./mvnw -q -DskipTests -pl local-platform -am package
fi
exec java -XX:+UseParallelGC -Xmx2g -jar "$jar" "$@"
