#!/usr/bin/env bash
# The fault-injection suite (see chaos/README.md): drives batches of cards through the platform running as separate
# processes (two replicas of each service) while killing replicas, restarting RabbitMQ, PostgreSQL and Kafka, slowing
# the partners and poisoning every queue; checks that nothing was lost or doubled and writes chaos/results/<date>.md.
#
# --servers=private (the default): the suite starts a PostgreSQL cluster (Debian's pg_createcluster, "moku-chaos",
# port 5433) and a RabbitMQ node ("moku-chaos@localhost" on 127.0.0.2:5672) of its own, runs against those and
# restarts only those, so the machine's servers (5432, 127.0.0.1:5672) and whatever else uses them are never
# disturbed; both are stopped when the suite ends (the cluster's data stays until the next run for a post-mortem).
# --servers=machine: the machine's servers, restarted mid-run: never run it so while anything else uses them.
# Options: chaos/run.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

servers=private
args=()
for argument in "$@"; do
  case "$argument" in
    --servers=*) servers="${argument#--servers=}" ;;
    *) args+=("$argument") ;;
  esac
done
if [[ "$servers" != private && "$servers" != machine ]]; then
  echo "--servers must be private or machine, not '$servers'" >&2
  exit 2
fi

jar=local-platform/target/local-platform-0.1.0-SNAPSHOT-exec.jar
# Built by the reactor into the modules' target/ (every service's runnable jar, kafka-local's broker), and only when
# the jar is missing or a pom or a source file changed since it was built.
if [[ ! -f "$jar" ]] || [[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$jar" -print -quit)" ]]; then
  echo "▶ Building the platform: ./mvnw -q -DskipTests -pl local-platform -am package"
  ./mvnw -q -DskipTests -pl local-platform -am package
fi

pg_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
pg_cluster=moku-chaos
pg_port=5433
rabbit_node=moku-chaos@localhost
rabbit_host=127.0.0.2
rabbit_dir=/var/lib/rabbitmq/moku-chaos
rabbit_env=(RABBITMQ_NODENAME="$rabbit_node" RABBITMQ_DIST_PORT=25673 RABBITMQ_CONFIG_FILE="$rabbit_dir/rabbitmq.conf"
  RABBITMQ_MNESIA_BASE="$rabbit_dir/mnesia" RABBITMQ_LOG_BASE="$rabbit_dir/log"
  RABBITMQ_ENABLED_PLUGINS_FILE="$rabbit_dir/enabled_plugins" RABBITMQ_PID_FILE="$rabbit_dir/pid")

private_servers_up() {
  echo "▶ Private servers: PostgreSQL cluster $pg_version/$pg_cluster on port $pg_port, RabbitMQ node $rabbit_node on $rabbit_host:5672"
  if pg_lsclusters -h | awk '{print $1 "/" $2}' | grep -qx "$pg_version/$pg_cluster"; then
    pg_dropcluster --stop "$pg_version" "$pg_cluster"
  fi
  pg_createcluster "$pg_version" "$pg_cluster" -p "$pg_port" -- --auth=trust >/dev/null
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" start

  rabbitmqctl -n "$rabbit_node" stop >/dev/null 2>&1 || true
  rm -rf "$rabbit_dir"
  mkdir -p "$rabbit_dir"
  echo "listeners.tcp.local = $rabbit_host:5672" > "$rabbit_dir/rabbitmq.conf"
  echo "[]." > "$rabbit_dir/enabled_plugins"
  chown -R rabbitmq:rabbitmq "$rabbit_dir"
  env "${rabbit_env[@]}" rabbitmq-server -detached
  # The node registers with epmd a few seconds after -detached returns; await_startup needs it registered.
  for _ in $(seq 1 60); do
    rabbitmq-diagnostics -q -n "$rabbit_node" ping >/dev/null 2>&1 && break
    sleep 1
  done
  rabbitmqctl -q -n "$rabbit_node" await_startup
}

private_servers_down() {
  echo "▶ Stopping the private servers (the cluster's data stays: pg_ctlcluster $pg_version $pg_cluster start)"
  rabbitmqctl -q -n "$rabbit_node" stop >/dev/null 2>&1 || true
  pg_ctlcluster --skip-systemctl-redirect "$pg_version" "$pg_cluster" stop >/dev/null 2>&1 || true
}

help=false
for argument in "${args[@]}"; do
  [[ "$argument" == --help || "$argument" == -h ]] && help=true
done
if [[ "$servers" == private && "$help" == false ]]; then
  trap private_servers_down EXIT
  private_servers_up
  args+=(--postgres-port="$pg_port" --postgres-cluster="$pg_cluster" --rabbitmq-host="$rabbit_host"
    --rabbitmq-node="$rabbit_node")
fi

# The suite is not the jar's main class (./run-local.sh is): Spring Boot's PropertiesLauncher starts it from the jar.
# In the background, so that a SIGTERM to this script reaches the suite (which stops its processes) before the
# private servers are stopped.
set +e
java -Xmx512m -Dloader.main=ru.moku.local.chaos.ChaosSuite \
  -cp "$jar" org.springframework.boot.loader.launch.PropertiesLauncher "${args[@]}" &
suite=$!
trap 'kill -TERM "$suite" 2>/dev/null' TERM INT
status=0
while kill -0 "$suite" 2>/dev/null; do
  wait "$suite"
  status=$?
done
exit "$status"
