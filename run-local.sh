#!/usr/bin/env bash
# Runs the whole platform on this machine and drives a demo batch through it (see README.md).
# Options: ./run-local.sh --help
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -q -DskipTests install
exec java -XX:+UseParallelGC -Xmx2g -jar local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar "$@"
