#!/usr/bin/env bash
# Smoke check of the vcsim testbed: builds it, starts it on a free port, talks to it with curl only
# (SOAP by hand, /folder with Range), checks changed block tracking, and stops it with SIGTERM.
# Every wait is bounded. Exits non-zero with a message on the first failed check.
set -euo pipefail
[ -n "${SMOKE_TRACE:-}" ] && set -x

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$here/build.sh"

work="$(mktemp -d)"
pid=""
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  [ -f "$work/stderr" ] && sed 's/^/  vcsim: /' "$work/stderr" >&2
  exit 1
}
ok() { echo "ok: $*"; }

user=smoke
pass='s3cret-smoke'
"$here/target/vcsim" -port 0 -username "$user" -password "$pass" -disk-mib 16 \
  >"$work/stdout" 2>"$work/stderr" &
pid=$!
for _ in $(seq 1 100); do
  grep -q '^VCSIM_READY=1$' "$work/stdout" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || fail "vcsim exited before it was ready"
  sleep 0.1
done
grep -q '^VCSIM_READY=1$' "$work/stdout" || fail "vcsim not ready within 10 s"
cat "$work/stdout"
value() { sed -n "s/^$1=//p" "$work/stdout"; }
url="$(value VCSIM_URL)"
dsdir="$(value VCSIM_DATASTORE_DIR)"
dsname="$(value VCSIM_DATASTORE)"
base="${url%/sdk}"
[ -n "$url" ] && [ -d "$dsdir" ] || fail "VCSIM_URL or VCSIM_DATASTORE_DIR missing"

jar="$work/cookies"
# soap BODY [extra curl args...]: posts one SOAP call, leaves the answer in $work/resp.xml and
# prints the HTTP status.
soap() {
  local body="$1"
  shift
  printf '%s' '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body>'"$body"'</soapenv:Body></soapenv:Envelope>' |
    curl -sk --max-time 30 -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: "urn:vim25/7.0"' \
      -o "$work/resp.xml" -w '%{http_code}' --data-binary @- "$@" "$url"
}
resp() { cat "$work/resp.xml"; }
# first TAG: text of the first <TAG ...>text</TAG> in the last answer
first() { grep -o "<$1[^>]*>[^<]*</$1>" "$work/resp.xml" | head -n 1 | sed 's/<[^>]*>//g'; }
extentsOf() { grep -o '<changedArea><start>[0-9]*</start><length>[0-9]*</length></changedArea>' "$work/resp.xml" |
  sed 's/<changedArea><start>\([0-9]*\)<\/start><length>\([0-9]*\)<\/length><\/changedArea>/\1+\2/' | paste -sd' ' -; }

# 1. The SDK answers.
versions="$(curl -sk --max-time 10 "$base/sdk/vimServiceVersions.xml")"
grep -q 'urn:vim25' <<<"$versions" || fail "vimServiceVersions.xml: $versions"
ok "GET /sdk/vimServiceVersions.xml lists urn:vim25"
code="$(soap '<RetrieveServiceContent xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></RetrieveServiceContent>')"
[ "$code" = 200 ] && grep -q '<sessionManager' "$work/resp.xml" || fail "RetrieveServiceContent: $code $(resp)"
ok "RetrieveServiceContent: $(first apiType) $(first apiVersion)"

login() {
  soap "<Login xmlns=\"urn:vim25\"><_this type=\"SessionManager\">SessionManager</_this><userName>$1</userName><password>$2</password></Login>" -c "$jar"
}
code="$(login "$user" wrong-password)"
[ "$code" = 500 ] && grep -q 'InvalidLogin' "$work/resp.xml" || fail "a wrong password was not refused: $code $(resp)"
ok "Login with a wrong password: InvalidLogin"
code="$(login "$user" "$pass")"
[ "$code" = 200 ] || fail "Login: $code $(resp)"
ok "Login as $user"
auth=(-b "$jar")

code="$(soap '<FindByInventoryPath xmlns="urn:vim25"><_this type="SearchIndex">SearchIndex</_this><inventoryPath>DC0/vm/DC0_H0_VM0</inventoryPath></FindByInventoryPath>' "${auth[@]}")"
vm="$(first returnval)"
[ "$code" = 200 ] && [ -n "$vm" ] || fail "FindByInventoryPath: $code $(resp)"
devices() {
  soap "<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet><type>$1</type><pathSet>config.hardware.device</pathSet></propSet><objectSet><obj type=\"$1\">$2</obj></objectSet></specSet></RetrieveProperties>" "${auth[@]}"
}
code="$(devices VirtualMachine "$vm")"
disk_xml="$(grep -o '<VirtualDevice [^>]*type="VirtualDisk">.*' "$work/resp.xml" | head -c 4000)"
key="$(grep -o '<key>[0-9]*</key>' <<<"$disk_xml" | head -n 1 | sed 's/<[^>]*>//g')"
capacity="$(grep -o '<capacityInBytes>[0-9]*</capacityInBytes>' <<<"$disk_xml" | head -n 1 | sed 's/<[^>]*>//g')"
[ "$code" = 200 ] && [ -n "$key" ] || fail "devices of $vm: $code $(resp)"
ok "VM DC0_H0_VM0 is $vm, disk key $key, capacity $capacity bytes"

# 2. Real disk content written on local disk is served over /folder with Range.
flat="$dsdir/DC0_H0_VM0/disk1-flat.vmdk"
[ -f "$flat" ] || fail "no flat disk file at $flat"
head -c 1048576 /dev/urandom >"$work/random"
dd if="$work/random" of="$flat" conv=notrunc status=none
folder="$base/folder/DC0_H0_VM0/disk1-flat.vmdk?dcPath=DC0&dsName=$dsname"
code="$(curl -sk --max-time 10 -b "$jar" -H 'Range: bytes=0-1023' -o "$work/range" -w '%{http_code}' "$folder")"
[ "$code" = 206 ] || fail "ranged GET answered $code"
head -c 1024 "$work/random" | cmp -s - "$work/range" || fail "ranged GET returned other bytes"
ok "wrote 1 MiB of random data; GET /folder Range bytes=0-1023 -> 206, 1024 bytes identical"

# 3. Changed block tracking.
snapshot() {
  code="$(soap "<CreateSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$vm</_this><name>$1</name><memory>false</memory><quiesce>false</quiesce></CreateSnapshot_Task>" "${auth[@]}")"
  [ "$code" = 200 ] || fail "CreateSnapshot_Task $1: $code $(resp)"
  local task
  task="$(first returnval)"
  code="$(soap "<RetrieveProperties xmlns=\"urn:vim25\"><_this type=\"PropertyCollector\">propertyCollector</_this><specSet><propSet><type>Task</type><pathSet>info</pathSet></propSet><objectSet><obj type=\"Task\">$task</obj></objectSet></specSet></RetrieveProperties>" "${auth[@]}")"
  grep -q '<state>success</state>' "$work/resp.xml" || fail "snapshot task $task: $(resp)"
  first result
}
changeIdOf() {
  code="$(devices VirtualMachineSnapshot "$1")"
  first changeId
}
query() { # snapshot changeId [startOffset]
  soap "<QueryChangedDiskAreas xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$vm</_this><snapshot type=\"VirtualMachineSnapshot\">$1</snapshot><deviceKey>$key</deviceKey><startOffset>${3:-0}</startOffset><changeId>$2</changeId></QueryChangedDiskAreas>" "${auth[@]}"
}

s1="$(snapshot backup-1)"
c1="$(changeIdOf "$s1")"
[ -n "$c1" ] || fail "snapshot $s1 has no changeId on its disk: $(resp)"
ok "CreateSnapshot backup-1 -> $s1, disk changeId '$c1'"

code="$(query "$s1" '*')"
[ "$code" = 200 ] || fail "QueryChangedDiskAreas '*': $code $(resp)"
[ "$(extentsOf)" = "0+1048576" ] || fail "'*' should be the 1 MiB written, got: $(extentsOf) $(resp)"
ok "QueryChangedDiskAreas(changeId='*') -> allocated extents [start+length]: $(extentsOf)"

code="$(query "$s1" "$c1")"
[ "$code" = 200 ] && [ -z "$(extentsOf)" ] || fail "nothing was written since $c1, got: $code $(extentsOf)"
ok "QueryChangedDiskAreas(changeId=c1) right after the snapshot -> no extents"

offset=$((5 * 1048576 + 100)) # inside the 64 KiB block that starts at 5 MiB
head -c 4096 /dev/urandom | dd of="$flat" bs=4096 seek="$offset" oflag=seek_bytes conv=notrunc status=none
s2="$(snapshot backup-2)"
c2="$(changeIdOf "$s2")"
[ -n "$c2" ] && [ "$c2" != "$c1" ] || fail "snapshot $s2 should have a new changeId, got '$c2'"
[ "$(changeIdOf "$s1")" = "$c1" ] || fail "snapshot backup-1 should keep changeId $c1"
code="$(devices VirtualMachine "$vm")"
[ "$(first changeId)" = "$c2" ] || fail "the VM's disk should carry the newest changeId $c2: $(resp)"
code="$(query "$s2" "$c1")"
[ "$code" = 200 ] || fail "QueryChangedDiskAreas c1: $code $(resp)"
[ "$(extentsOf)" = "5242880+65536" ] || fail "expected only the block at 5 MiB, got: $(extentsOf)"
ok "wrote 4 KiB at offset $offset; CreateSnapshot backup-2 (changeId '$c2'); QueryChangedDiskAreas(c1) -> $(extentsOf)"
code="$(query "$s2" "$c1" 6291456)"
[ "$code" = 200 ] && [ -z "$(extentsOf)" ] && [ "$(first startOffset)" = 6291456 ] || fail "startOffset 6 MiB: $code $(resp)"
ok "QueryChangedDiskAreas(c1, startOffset=6 MiB) -> no extents, startOffset 6291456 length $(first length)"

code="$(soap "<QueryChangedDiskAreas xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$vm</_this><snapshot type=\"VirtualMachineSnapshot\">$s2</snapshot><deviceKey>$key</deviceKey><startOffset>0</startOffset><changeId>$c1</changeId></QueryChangedDiskAreas>")"
[ "$code" = 500 ] && grep -q 'NotAuthenticated' "$work/resp.xml" || fail "QueryChangedDiskAreas without a session: $code $(resp)"
ok "QueryChangedDiskAreas without a session -> NotAuthenticated"

reconfigure() {
  code="$(soap "<ReconfigVM_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachine\">$vm</_this><spec><changeTrackingEnabled>$1</changeTrackingEnabled></spec></ReconfigVM_Task>" "${auth[@]}")"
  [ "$code" = 200 ] || fail "ReconfigVM_Task changeTrackingEnabled=$1: $code $(resp)"
}
reconfigure false
reconfigure true
code="$(query "$s2" "$c2")"
[ "$code" = 500 ] && grep -q 'FileFaultFault' "$work/resp.xml" || fail "a reset changeId should give FileFault: $code $(resp)"
ok "ReconfigVM changeTrackingEnabled false then true; QueryChangedDiskAreas(c2) -> FileFault: $(first faultstring)"
code="$(query "$s2" not-a-change-id)"
[ "$code" = 500 ] && grep -q 'InvalidArgumentFault' "$work/resp.xml" || fail "a malformed changeId should give InvalidArgument: $code $(resp)"
ok "QueryChangedDiskAreas(malformed changeId) -> InvalidArgument ($(first invalidProperty))"

code="$(soap "<RemoveSnapshot_Task xmlns=\"urn:vim25\"><_this type=\"VirtualMachineSnapshot\">$s2</_this><removeChildren>false</removeChildren></RemoveSnapshot_Task>" "${auth[@]}")"
[ "$code" = 200 ] || fail "RemoveSnapshot_Task: $code $(resp)"
ok "RemoveSnapshot backup-2"

# 4. SIGTERM stops it cleanly and removes the datastore directory.
kill -TERM "$pid"
for _ in $(seq 1 50); do
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$pid" 2>/dev/null && fail "vcsim still running 5 s after SIGTERM"
status=0
wait "$pid" || status=$?
pid=""
[ "$status" = 0 ] || fail "vcsim exited with $status after SIGTERM"
[ -d "$dsdir" ] && fail "datastore directory $dsdir left behind"
ok "SIGTERM -> exit 0, datastore directory removed"
echo "smoke: PASS"
