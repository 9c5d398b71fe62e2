#!/usr/bin/env bash
# A VM backup through the real path (dev stack in one JVM: API, Temporal, workers, PostgreSQL,
# S3Proxy, vcsim): FULL backup of a disk of N GiB (default 4), then 1% changed and INCREMENTAL,
# against curl|openssl, curl -T and rclone on the same file and store. Prints the figures.
# Needs about 3x the disk size free under $TMPDIR; rclone is optional (apt-get install -y rclone);
# vcsim must be built (testbed/vcsim/build.sh).
# Usage: bench/vm-backup.sh [GiB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests package -pl bench -am
# -Xmx512m leaves room above the 256 MiB heap target; the buffer size is what the safehold main sets.
exec java -Xmx512m -Djdk.httpclient.bufsize=262144 -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.VmBackupBenchmark "${1:-4}"
