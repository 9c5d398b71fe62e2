#!/usr/bin/env bash
# Builds the vCenter simulator test binary into target/vcsim, offline, from Debian's Go packages.
# Installs golang-go and golang-github-vmware-govmomi-dev with apt if they are missing.
# Idempotent: does nothing when target/vcsim is newer than every Go source file here.
# "build.sh test" also runs go vet and the package's unit tests.
set -euo pipefail

mode="${1:-build}"
case "$mode" in
  build | test) ;;
  *) echo "usage: build.sh [test]" >&2; exit 2 ;;
esac

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
target="$here/target"
binary="$target/vcsim"
gocode=/usr/share/gocode
govmomi="$gocode/src/github.com/vmware/govmomi/simulator"

missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -d "$govmomi" ] || missing+=(golang-github-vmware-govmomi-dev)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "build.sh: missing ${missing[*]}; run as root or install them with apt-get" >&2
    exit 1
  fi
  echo "build.sh: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

up_to_date=true
[ -x "$binary" ] && [ "$mode" = build ] || up_to_date=false
if $up_to_date; then
  for src in "$here"/*.go; do
    if [ "$src" -nt "$binary" ]; then up_to_date=false; fi
  done
fi
if $up_to_date; then
  exit 0
fi

# A private GOPATH entry holds this package; Debian's /usr/share/gocode holds govmomi and its
# dependencies. GOPATH mode (GO111MODULE=off) with GOPROXY=off keeps the build offline.
gopath="$target/gopath"
pkg="$gopath/src/safehold.io/testbed/vcsim"
mkdir -p "$pkg" "$target/gocache"
rm -f "$pkg"/*.go
cp "$here"/*.go "$pkg/"

cd "$pkg"
export GOPATH="$gopath:$gocode" GO111MODULE=off GOPROXY=off GOFLAGS= GOCACHE="$target/gocache"
if [ "$mode" = test ]; then
  go vet .
  go test -count=1 .
fi
go build -o "$binary.tmp" .
mv "$binary.tmp" "$binary"
echo "build.sh: built $binary" >&2
