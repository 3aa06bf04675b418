#!/bin/bash
# CLI start-up, paired runs: a bare `java -version`, `./scephub --version` and
# `./scephub validate --config examples/scephub.yaml`, run in turn N times (default 20), each through the
# launcher as a user runs it (staleness check, CDS archive, start-up JVM flags). Build first: mvn -B -q -DskipTests package.
# Prints per command the median, min and max of wall and CPU time (user+sys, from /usr/bin/time) in ms, and the
# median of the per-pair ratios to `java -version` (pairing keeps the ratio meaningful on a shared machine).
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-20}
OUT=$(mktemp)
T=$(mktemp)
run() {
  local start end
  start=$(date +%s%N)
  /usr/bin/time -o "$T" -f "%U %S" "$@" >/dev/null 2>&1 || true
  end=$(date +%s%N)
  echo "$(( (end - start) / 1000000 )) $(tail -1 "$T" | awk '{printf "%d", ($1 + $2) * 1000}')"
}
cd "$ROOT"
./scephub --version >/dev/null  # builds when stale, outside the measurement
for i in $(seq "$N"); do
  echo "$i java $(run java -version)" >> "$OUT"
  echo "$i version $(run ./scephub --version)" >> "$OUT"
  echo "$i validate $(run ./scephub validate --config examples/scephub.yaml)" >> "$OUT"
done
median() { sort -n | awk '{a[NR]=$1} END {printf "%s %s %s\n", a[int((NR+1)/2)], a[1], a[NR]}'; }
for k in java version validate; do
  for col in 3 4; do
    what=$([ $col = 3 ] && echo wall || echo cpu)
    read -r med min max < <(awk -v k=$k -v c=$col '$2 == k {print $c}' "$OUT" | median)
    ratio=$(awk -v k=$k -v c=$col '$2 == "java" {b[$1] = $c} $2 == k {a[$1] = $c} END {for (i in a) if (b[i] > 0) print a[i] / b[i]}' "$OUT" \
      | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
    printf "%-8s %-4s median %5d ms  min %5d  max %5d  (n=%d)  paired ratio to java -version: %sx\n" \
      "$k" "$what" "$med" "$min" "$max" "$N" "$ratio"
  done
done
rm -f "$OUT" "$T"
