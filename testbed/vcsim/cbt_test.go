package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vmware/govmomi/vim25/types"
)

func TestExtentsMergeAdjacentBlocksAndStartAtStartOffset(t *testing.T) {
	capacity := int64(5*blockSize + 100) // the last block is 100 bytes long
	marked := []bool{true, true, false, true, false, true}

	got := extents(marked, capacity, 0)
	want := []types.DiskChangeExtent{
		{Start: 0, Length: 2 * blockSize},
		{Start: 3 * blockSize, Length: blockSize},
		{Start: 5 * blockSize, Length: 100},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("extents from 0 = %+v, want %+v", got, want)
	}

	got = extents(marked, capacity, blockSize+10)
	want = []types.DiskChangeExtent{
		{Start: blockSize + 10, Length: blockSize - 10},
		{Start: 3 * blockSize, Length: blockSize},
		{Start: 5 * blockSize, Length: 100},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("extents from blockSize+10 = %+v, want %+v", got, want)
	}
}

func TestFingerprintsReadBytesPastEndOfFileAsZeros(t *testing.T) {
	dir := t.TempDir()
	short := filepath.Join(dir, "short-flat.vmdk")
	padded := filepath.Join(dir, "padded-flat.vmdk")
	capacity := int64(4 * blockSize)
	data := make([]byte, blockSize+7)
	for i := range data {
		data[i] = byte(i%251 + 1)
	}
	if err := os.WriteFile(short, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(padded, append(data, make([]byte, capacity-int64(len(data)))...), 0o600); err != nil {
		t.Fatal(err)
	}

	fromShort, err := fingerprints(trackedDisk{capacity: capacity, flatFile: short})
	if err != nil {
		t.Fatal(err)
	}
	fromPadded, err := fingerprints(trackedDisk{capacity: capacity, flatFile: padded})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(fromShort, fromPadded) {
		t.Fatal("a file shorter than the disk must fingerprint like the same file padded with zeros")
	}
	if len(fromShort) != 4 || fromShort[2] != zeroFingerprint || fromShort[1] == zeroFingerprint {
		t.Fatalf("unexpected fingerprints: %d blocks, block 1 zero=%v, block 2 zero=%v",
			len(fromShort), fromShort[1] == zeroFingerprint, fromShort[2] == zeroFingerprint)
	}
}

func TestChangeTrackerKeepsRecentChangeIdsAndForgetsAllOnReset(t *testing.T) {
	tracker := newChangeTracker()
	disk := diskID{vm: "vm-1", deviceKey: 2000}
	var ids []string
	for i := 0; i < keptChangeIds+1; i++ {
		ids = append(ids, tracker.record(disk, []fingerprint{fingerprint(i)}))
	}
	if _, ok := tracker.baseline(disk, ids[0]); ok {
		t.Fatalf("the oldest of %d changeIds should be forgotten", len(ids))
	}
	if blocks, ok := tracker.baseline(disk, ids[len(ids)-1]); !ok || blocks[0] != fingerprint(keptChangeIds) {
		t.Fatal("the newest changeId should name the fingerprints recorded with it")
	}

	tracker.reset("vm-1")
	if _, ok := tracker.baseline(disk, ids[len(ids)-1]); ok {
		t.Fatal("reset should forget every changeId of the VM")
	}
	epoch := func(changeID string) string { return strings.SplitN(changeID, "/", 2)[0] }
	if next := tracker.record(disk, nil); epoch(next) == epoch(ids[0]) {
		t.Fatalf("after a reset changeIds need a new epoch, got %q after %q", next, ids[0])
	}
}
