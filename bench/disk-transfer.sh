#!/usr/bin/env bash
# Full disk transfer (vcsim -> engine -> S3Proxy) against curl/openssl, curl -T and rclone in the
# same run, for a disk of N GiB (default 4) of random data with zero runs. Prints the figures.
# Needs about 3x the disk size free under $TMPDIR. rclone is optional (apt-get install -y rclone).
# Usage: bench/disk-transfer.sh [GiB]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -B -q -o -DskipTests package -pl bench -am
# A 256 KiB read buffer (JDK default 16 KiB) read the disk ~1.4x faster over TLS here.
exec java -Xmx512m -Djdk.httpclient.bufsize=262144 -cp "api/target/safehold.jar:bench/target/safehold-bench-0.1.0-SNAPSHOT.jar" \
  io.safehold.bench.DiskTransferBenchmark "${1:-4}"
