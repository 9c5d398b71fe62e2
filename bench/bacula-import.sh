#!/usr/bin/env bash
# Seeds N finished jobs (default 2000) into a real Bacula director's SQLite catalog (testbed) and
# times two import cycles into an embedded PostgreSQL catalog; prints the figures. Needs the Bacula
# packages (testbed/bacula/README.md).
# Usage: bench/bacula-import.sh [jobs]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests package -pl bench -am
exec java -Xmx512m -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.BaculaImportBenchmark "${1:-2000}"
