#!/usr/bin/env bash
# Backs up N emulated switches (default 200) at once through the dev stack and prints the figures.
# Usage: bench/run.sh [devices]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests package
exec java -Xmx2g -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.DeviceBackupBenchmark "${1:-200}"
