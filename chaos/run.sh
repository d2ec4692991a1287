#!/usr/bin/env bash
# The fault-injection suite (see chaos/README.md): drives batches of cards through the platform running as separate
# processes (two replicas of each service) while killing replicas, restarting RabbitMQ, PostgreSQL and Kafka, slowing
# the partners and poisoning every queue; checks that nothing was lost or doubled and writes chaos/results/<date>.md.
# It restarts the machine's RabbitMQ and PostgreSQL: never run it while anything else uses them.
# Options: chaos/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

jar=local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar
# Built by the reactor into the modules' target/ (every service's runnable jar, kafka-local's broker), and only when
# the jar is missing or a pom or a source file changed since it was built.
if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit)" ]]; then
  echo "▶ Building the platform: ./mvnw -q -DskipTests -pl local-platform -am package"
  ./mvnw -q -DskipTests -pl local-platform -am package
fi
# The suite is not the jar's main class (./run-local.sh is): Spring Boot's PropertiesLauncher starts it from the jar.
exec java -Xmx512m -Dloader.main=ru.moku.local.chaos.ChaosSuite \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "$@"
