#!/usr/bin/env bash
# Imports N Cove devices (default 5000) across T tenants (default 5) from the Cove emulator through
# the dev stack (API, Temporal, workers, PostgreSQL in one JVM), three polling cycles: all new,
# nothing changed (must write 0 rows), 10% of devices with a new session. Prints the figures.
# Usage: bench/cove-import.sh [devices] [tenants]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests package -pl bench -am
exec java -Xmx1g -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.CoveImportBenchmark "${1:-5000}" "${2:-5}"
