#!/usr/bin/env bash
# Runs the whole platform on this machine and drives a demo batch through it (see README.md).
# One JVM by default; --processes runs every service as its own OS process (two replicas each), as it is deployed.
# Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"

jar=local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar
processes=false
for arg in "$@"; do
  [[ "$arg" == "--processes" || "$arg" == "--processes=true" ]] && processes=true
done

# Built by the reactor into the modules' target/ (nothing goes into ~/.m2), and only when the jar is missing or a
# pom or a source file changed since it was built; otherwise the last build is reused and the platform starts at once.
# --processes also needs every module's runnable jar (<module>/target/<module>-…-exec.jar, the same build makes them).
needs_build=false
if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit)" ]]; then
  needs_build=true
elif [[ "$processes" == true ]]; then
  for module in kafka-local simulators survey-service org-registry enrichment card-processor gateway; do
    [[ -f "$module/target/$module-0.1.0-SNAPSHOT-exec.jar" ]] || needs_build=true
  done
fi
if [[ "$needs_build" == true ]]; then
  echo "▶ Building the platform: ./mvnw -q -DskipTests -pl local-platform -am package"
  ./mvnw -q -DskipTests -pl local-platform -am package
fi
if [[ "$processes" == true ]]; then
  # The driver only starts processes and reads the database; each service has a JVM of its own.
  exec java -XX:+UseParallelGC -Xmx512m -jar "$jar" "$@"
fi
exec java -XX:+UseParallelGC -Xmx2g -jar "$jar" "$@"
