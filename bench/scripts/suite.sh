#!/usr/bin/env bash
# Runs the JMH suite behind docs/performance.md with one benchmarks jar, in about 8 minutes on 2 cores.
#   bench/scripts/suite.sh [JAR] [OUT_DIR] [codec]
# JAR defaults to bench/target-bench/benchmarks.jar; pass the jar of another commit's build for a
# before/after comparison. With "codec" it also runs the per-message-kind codec and CBOR library benchmarks
# (about 6 minutes more).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
JAR=${1:-$ROOT/bench/target-bench/benchmarks.jar}
OUT=${2:-$ROOT/.bench/jmh-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
run() { # name, jmh args...
	local name=$1; shift
	echo "[suite $(date +%H:%M:%S)] $name (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
	java -jar "$JAR" "$@" -rf json -rff "$OUT/$name.json" >"$OUT/$name.txt" 2>&1 || echo "[suite] $name FAILED, see $OUT/$name.txt" >&2
}
run roundtrip RoundTripBench -f 1 -wi 3 -w 1 -i 5 -r 2 -prof gc
run pki PkiDecodeBench -f 1 -wi 3 -w 1 -i 5 -r 1 -prof gc
run connect ConnectBench -f 1 -wi 3 -w 1 -i 5 -r 1
java -Xmx512m -cp "$JAR" org.katzenpost.bench.InFlightMemory 10000 6 >"$OUT/inflight.txt" 2>&1 || true
if [[ ${3:-} == codec ]]; then
	run request-codec RequestCodecBench -f 1 -wi 2 -w 500ms -i 3 -r 500ms
	run response-codec ResponseCodecBench -f 1 -wi 2 -w 500ms -i 3 -r 500ms
	run cbor-libraries CborLibraryBench -f 1 -wi 3 -w 1 -i 5 -r 1
fi
echo "$OUT"
