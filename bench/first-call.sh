#!/usr/bin/env bash
# The first call from a cold JVM (docs/performance.md, "Footprint"). Runs org.katzenpost.bench.FirstCall in a
# fresh JVM per run, alternating between the class paths given, and prints per run the client times (from
# main(), JVM start-up excluded), the whole-process wall time measured here (JVM start-up included) and the
# process's CPU time (user + system, all threads), then the medians per label.
#
#   bench/first-call.sh <thinclient.toml> <runs> <label>=<library class path> [<label>=<class path> ...]
#
# Give each label the library's runtime class path only (its jar and what a user's build would resolve), so
# that class loading is what an application pays. FirstCall.java is compiled here against the first one.
# JVM options for one label go in OPTS_<label>, e.g. OPTS_cds="-XX:SharedArchiveFile=/tmp/fc.jsa", and another
# java for it in JAVA_<label> (default: $JAVA, else the java on PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
toml=$1
runs=$2
shift 2
# a jar at a fixed path, so that a class-data-sharing archive made with it (OPTS_x) stays valid
out=bench/target/first-call
src=bench/src/main/java/org/katzenpost/bench/FirstCall.java
if [[ ! -f "$out/firstcall.jar" || "$src" -nt "$out/firstcall.jar" ]]; then
  rm -rf "$out/classes"
  mkdir -p "$out/classes"
  javac -d "$out/classes" -cp "${1#*=}" "$src"
  jar cf "$out/firstcall.jar" -C "$out/classes" .
fi
main_jar=$PWD/$out/firstcall.jar
JAVA=${JAVA:-java}
for ((i = 1; i <= runs; i++)); do
  for spec in "$@"; do
    label=${spec%%=*}
    cp=${spec#*=}
    start=$(date +%s%N)
    opts_var="OPTS_$label"
    java_var="JAVA_$label"
    # shellcheck disable=SC2086 # options are words
    line=$(/usr/bin/time -o "$out/time" -f '%U %S' \
      "${!java_var:-$JAVA}" ${!opts_var:-} -cp "$main_jar:$cp" org.katzenpost.bench.FirstCall "$toml" 2>/dev/null)
    end=$(date +%s%N)
    cpu=$(awk '{printf "%d", ($1 + $2) * 1000}' "$out/time")
    echo "$label run=$i $line wall_ms=$(( (end - start) / 1000000 )) cpu_ms=$cpu"
  done
done | tee /dev/stderr | awk '
  { for (f = 3; f <= NF; f++) { split($f, kv, "="); v[$1, kv[1], ++n[$1, kv[1]]] = kv[2]; keys[kv[1]] = 1 }
    labels[$1] = 1 }
  function median(l, k,   m, i, j, t, a) {
    m = n[l, k]; for (i = 1; i <= m; i++) a[i] = v[l, k, i] + 0
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2 }
  END {
    split("config_ms connect_ms destination_ms local_call_ms client_ms jvm_to_main_ms wall_ms cpu_ms", order, " ")
    printf "%-10s", "median"; for (o = 1; o <= 8; o++) printf " %14s", order[o]; printf "\n"
    for (l in labels) { printf "%-10s", l; for (o = 1; o <= 8; o++) printf " %14.1f", median(l, order[o]); printf "\n" }
  }'
