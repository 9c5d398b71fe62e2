package main

import (
	"context"
	"crypto/rand"
	"crypto/tls"
	"errors"
	"os"
	"reflect"
	"testing"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// TestGovmomiClientGetsTheBlocksWrittenBetweenTwoSnapshots drives the extension with govmomi's own
// client, whose QueryChangedDiskAreas reads the base snapshot's changeId as a backup tool does.
func TestGovmomiClientGetsTheBlocksWrittenBetweenTwoSnapshots(t *testing.T) {
	ctx := context.Background()
	model := simulator.VPX()
	model.Cluster = 0
	model.ClusterHost = 0
	model.Machine = 1
	defer model.Remove()
	if err := model.Create(); err != nil {
		t.Fatal(err)
	}
	setDiskCapacity(4 << 20)
	enableChangeTracking()
	model.Service.TLS = new(tls.Config)
	server := model.Service.NewServer()
	defer server.Close()
	server.Config.Handler = newChangeTrackingFront(server.Config.Handler, newChangeTracker())

	client, err := govmomi.NewClient(ctx, server.URL, true)
	if err != nil {
		t.Fatal(err)
	}
	vm := object.NewVirtualMachine(client.Client, simulator.Map.Any("VirtualMachine").Reference())
	devices, err := vm.Device(ctx)
	if err != nil {
		t.Fatal(err)
	}
	disk := devices.SelectByType((*types.VirtualDisk)(nil))[0].(*types.VirtualDisk)
	flat, err := flatFile(disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).FileName)
	if err != nil {
		t.Fatal(err)
	}

	writeRandom(t, flat, 0, 4*blockSize)
	base := snapshot(ctx, t, vm, "base")
	writeRandom(t, flat, 3*blockSize+5, 10)           // inside block 3
	writeRandom(t, flat, 32*blockSize, 2*blockSize)   // blocks 32 and 33
	writeRandom(t, flat, 63*blockSize+blockSize-1, 1) // the last byte of the disk
	current := snapshot(ctx, t, vm, "current")

	info, err := vm.QueryChangedDiskAreas(ctx, base, current, disk, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []types.DiskChangeExtent{
		{Start: 3 * blockSize, Length: blockSize},
		{Start: 32 * blockSize, Length: 2 * blockSize},
		{Start: 63 * blockSize, Length: blockSize},
	}
	if !reflect.DeepEqual(info.ChangedArea, want) || info.Length != 4<<20 {
		t.Fatalf("changed areas = %+v (length %d), want %+v (length %d)", info.ChangedArea, info.Length, want, 4<<20)
	}

	task, err := vm.Reconfigure(ctx, types.VirtualMachineConfigSpec{ChangeTrackingEnabled: types.NewBool(false)})
	if err != nil {
		t.Fatal(err)
	}
	if err := task.Wait(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = vm.QueryChangedDiskAreas(ctx, base, current, disk, 0)
	if !soap.IsSoapFault(err) {
		t.Fatalf("after turning tracking off, want a SOAP fault, got %v", err)
	}
	switch fault := soap.ToSoapFault(err).VimFault().(type) {
	case types.FileFault:
		if fault.File != disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo).FileName {
			t.Fatalf("FileFault names %q", fault.File)
		}
	default:
		t.Fatalf("after turning tracking off, want FileFault, got %T: %v", fault, err)
	}
}

func snapshot(ctx context.Context, t *testing.T, vm *object.VirtualMachine, name string) *types.ManagedObjectReference {
	t.Helper()
	task, err := vm.CreateSnapshot(ctx, name, "", false, false)
	if err != nil {
		t.Fatal(err)
	}
	result, err := task.WaitForResult(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	ref, ok := result.Result.(types.ManagedObjectReference)
	if !ok {
		t.Fatal(errors.New("snapshot task has no snapshot"))
	}
	return &ref
}

func writeRandom(t *testing.T, file string, offset, length int64) {
	t.Helper()
	data := make([]byte, length)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(file, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(data, offset); err != nil {
		t.Fatal(err)
	}
}
