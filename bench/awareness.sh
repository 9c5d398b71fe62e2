#!/usr/bin/env bash
# One awareness check over N assets (default 10000) in a seeded catalog on embedded PostgreSQL;
# prints the time of each check and the alert counts against the seed.
# Usage: bench/awareness.sh [assets]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -DskipTests package
exec java -Xmx1g -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.AwarenessBenchmark "${1:-10000}"
