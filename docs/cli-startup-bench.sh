#!/bin/bash
# CLI start-up: `scephub --version` against `scephub validate --config examples/scephub.yaml`, run alternately
# N times each (default 20) with `java -jar hub/target/scephub.jar` (build it first: mvn -B -q -DskipTests package).
# Prints the median, min and max of wall time and of CPU time (user+sys, from /usr/bin/time), in ms.
# CPU time is the steadier number on a shared machine; the issue's target is validate <= 2x --version.
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$ROOT/hub/target/scephub.jar}
N=${1:-20}
OUT=$(mktemp)
T=$(mktemp)
run() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$T" -f "%U %S" java ${JAVA_OPTS:-} -jar "$JAR" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -1 "$T" | awk '{printf "%d", ($1 + $2) * 1000}')"
}
cd "$ROOT"
for i in $(seq "$N"); do
  echo "version $(run --version)" >> "$OUT"
  echo "validate $(run validate --config examples/scephub.yaml)" >> "$OUT"
done
for k in version validate; do
  for col in 2 3; do
    grep "^$k " "$OUT" | awk -v c=$col '{print $c}' | sort -n | awk -v k=$k -v what=$([ $col = 2 ] && echo wall || echo cpu) \
      '{a[NR]=$1} END {printf "%-8s %-4s median %5d ms  min %5d  max %5d  (n=%d)\n", k, what, a[int((NR+1)/2)], a[1], a[NR], NR}'
  done
done
rm -f "$OUT" "$T"
