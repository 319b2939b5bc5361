#!/usr/bin/env bash
# Builds Puente and runs the benchmark suite on loopback (about 5 minutes on 2 cores).
# Needs socat (Debian: apt-get install socat). Options go to the suite: bench/run.sh --help.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v socat >/dev/null || { echo "socat is missing: apt-get install socat" >&2; exit 2; }
./mvnw -q -DskipTests package
exec java -Xmx3g -jar bench/target/puente-bench.jar "$@"
