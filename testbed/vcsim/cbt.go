package main

// Changed block tracking (CBT) for the simulator: test infrastructure, not a model of ESXi.
//
// vcsim has no QueryChangedDiskAreas, and its snapshots are metadata only: a disk stays one flat
// file that the test harness writes directly. So changes are found by content, not by intercepting
// writes: when a snapshot is created on a VM with changeTrackingEnabled, every disk's flat file is
// fingerprinted in fixed blocks (a 64-bit seeded hash per 64 KiB; fingerprints never leave the
// process, so a fast non-cryptographic hash is enough) and the snapshot's disk backing gets a new
// changeId naming that fingerprint list. QueryChangedDiskAreas(changeId) compares the flat file as
// it is now against the list recorded for changeId and answers the changed blocks, merged into
// extents. changeId "*" answers the blocks that are not all zero.
//
// The simulator dispatches SOAP calls to the object registered under the call's moref, and its own
// code asserts that a VM's registered object is *simulator.VirtualMachine, so a wrapper cannot
// replace it in the registry (snapshot create/remove would panic). Instead a small HTTP front on
// /sdk decodes the few calls it extends and hands them to changeTrackingVM, which embeds the
// simulator's VirtualMachine; every other request goes straight to the simulator.

import (
	"bytes"
	"crypto/rand"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/vmware/govmomi/object"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
	"github.com/vmware/govmomi/vim25/xml"
)

const (
	// blockSize is the tracking granularity: a one-byte write reports its whole 64 KiB block.
	blockSize = 64 * 1024
	// keptChangeIds bounds memory per disk; an older changeId is answered like a reset one.
	keptChangeIds = 32
	// maxSOAPRequest bounds how much of a request body the front reads.
	maxSOAPRequest = 16 << 20
)

type fingerprint uint64

var (
	fingerprintSeed = maphash.MakeSeed()
	zeroBlock       = make([]byte, blockSize)
	zeroFingerprint = fingerprintOf(zeroBlock)
)

func fingerprintOf(block []byte) fingerprint {
	return fingerprint(maphash.Bytes(fingerprintSeed, block))
}

// zeroFingerprintOf returns the fingerprint of an all-zero block of the given length.
func zeroFingerprintOf(length int64) fingerprint {
	if length == blockSize {
		return zeroFingerprint
	}
	return fingerprintOf(zeroBlock[:length])
}

// diskID names one virtual disk of one VM.
type diskID struct {
	vm        string
	deviceKey int32
}

// diskHistory is the tracking state of one disk since change tracking was last turned on.
type diskHistory struct {
	epoch     string // the changeId part before "/", new after every reset
	sequence  int
	baselines map[string][]fingerprint // changeId -> block fingerprints when it was handed out
	order     []string                 // changeIds, oldest first
}

// changeTracker holds every disk's history. Histories live in memory: a restart resets them all.
type changeTracker struct {
	mu    sync.Mutex
	disks map[diskID]*diskHistory
}

func newChangeTracker() *changeTracker {
	return &changeTracker{disks: make(map[diskID]*diskHistory)}
}

// record stores a disk's fingerprints and returns the new changeId that names them.
func (t *changeTracker) record(id diskID, blocks []fingerprint) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.disks[id]
	if h == nil {
		h = &diskHistory{epoch: newEpoch(), baselines: make(map[string][]fingerprint)}
		t.disks[id] = h
	}
	h.sequence++
	changeID := h.epoch + "/" + strconv.Itoa(h.sequence)
	h.baselines[changeID] = blocks
	h.order = append(h.order, changeID)
	if len(h.order) > keptChangeIds {
		delete(h.baselines, h.order[0])
		h.order = h.order[1:]
	}
	return changeID
}

// baseline returns the fingerprints recorded for changeID, or false if it is unknown or reset.
func (t *changeTracker) baseline(id diskID, changeID string) ([]fingerprint, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	h := t.disks[id]
	if h == nil {
		return nil, false
	}
	blocks, ok := h.baselines[changeID]
	return blocks, ok
}

// reset forgets every changeId of a VM's disks, as vSphere does when tracking is turned off or on.
func (t *changeTracker) reset(vm string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for id := range t.disks {
		if id.vm == vm {
			delete(t.disks, id)
		}
	}
}

// newEpoch returns a random id in vSphere's changeId style, e.g. "52 3d 8a 2a 0d 5a 3b 67-d0 fe ...".
func newEpoch() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err)
	}
	b[0] = 0x52
	hex := make([]string, len(b))
	for i, v := range b {
		hex[i] = fmt.Sprintf("%02x", v)
	}
	return strings.Join(hex[:8], " ") + "-" + strings.Join(hex[8:], " ")
}

// trackedDisk is what the tracker needs of one virtual disk, copied out under the VM's lock.
type trackedDisk struct {
	key      int32
	capacity int64
	name     string // datastore path of the descriptor, e.g. "[LocalDS_0] VM0/disk1.vmdk"
	flatFile string // local path of the flat extent, the file that holds the bytes
}

// changeTrackingVM extends the simulator's VirtualMachine with QueryChangedDiskAreas and with
// changeIds on snapshot disks. Callers hold no simulator lock; methods take it only to copy state.
type changeTrackingVM struct {
	*simulator.VirtualMachine
	tracker *changeTracker
}

func (vm *changeTrackingVM) trackingEnabled() bool {
	enabled := false
	simulator.Map.WithLock(vm.VirtualMachine, func() {
		enabled = vm.Config.ChangeTrackingEnabled != nil && *vm.Config.ChangeTrackingEnabled
	})
	return enabled
}

// disks lists the VM's disks as devices lists them (a snapshot's config, or the VM's own).
func (vm *changeTrackingVM) disks(devices []types.BaseVirtualDevice) ([]trackedDisk, error) {
	var disks []trackedDisk
	for _, device := range devices {
		disk, ok := device.(*types.VirtualDisk)
		if !ok {
			continue
		}
		backing, ok := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
		if !ok {
			continue
		}
		flat, err := flatFile(backing.FileName)
		if err != nil {
			return nil, err
		}
		disks = append(disks, trackedDisk{
			key:      disk.Key,
			capacity: diskCapacity(disk),
			name:     backing.FileName,
			flatFile: flat,
		})
	}
	return disks, nil
}

func diskCapacity(disk *types.VirtualDisk) int64 {
	if disk.CapacityInBytes > 0 {
		return disk.CapacityInBytes
	}
	return disk.CapacityInKB * 1024
}

// flatFile maps "[ds] dir/disk1.vmdk" to the local path of dir/disk1-flat.vmdk in that datastore.
func flatFile(datastorePath string) (string, error) {
	var p object.DatastorePath
	if !p.FromString(datastorePath) {
		return "", fmt.Errorf("not a datastore path: %q", datastorePath)
	}
	var dir string
	for _, entity := range simulator.Map.All("Datastore") {
		if ds := entity.(*simulator.Datastore); ds.Name == p.Datastore {
			dir = ds.Info.GetDatastoreInfo().Url
		}
	}
	if dir == "" {
		return "", fmt.Errorf("no datastore named %q", p.Datastore)
	}
	flat := strings.TrimSuffix(p.Path, ".vmdk") + "-flat.vmdk"
	return path.Join(dir, flat), nil
}

// fingerprints hashes a disk's flat file block by block up to its capacity. Bytes past the end of
// the file read as zeros, like an unallocated extent.
func fingerprints(disk trackedDisk) ([]fingerprint, error) {
	f, err := os.Open(disk.flatFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	blocks := make([]fingerprint, (disk.capacity+blockSize-1)/blockSize)
	buf := make([]byte, blockSize)
	eof := false
	for i := range blocks {
		length := blockLength(disk.capacity, i)
		if eof {
			blocks[i] = zeroFingerprintOf(length)
			continue
		}
		n, err := io.ReadFull(f, buf[:length])
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			eof = true
		} else if err != nil {
			return nil, err
		}
		copy(buf[n:length], zeroBlock)
		blocks[i] = fingerprintOf(buf[:length])
	}
	return blocks, nil
}

func blockLength(capacity int64, block int) int64 {
	start := int64(block) * blockSize
	if capacity-start < blockSize {
		return capacity - start
	}
	return blockSize
}

// extents merges the marked blocks into extents that start at or after startOffset.
func extents(marked []bool, capacity, startOffset int64) []types.DiskChangeExtent {
	var out []types.DiskChangeExtent
	for i := 0; i < len(marked); i++ {
		if !marked[i] {
			continue
		}
		j := i
		for j+1 < len(marked) && marked[j+1] {
			j++
		}
		start := int64(i) * blockSize
		end := int64(j)*blockSize + blockLength(capacity, j)
		if end > startOffset {
			if start < startOffset {
				start = startOffset
			}
			out = append(out, types.DiskChangeExtent{Start: start, Length: end - start})
		}
		i = j
	}
	return out
}

// QueryChangedDiskAreas answers from the recorded fingerprints; see the comment at the top.
// Faults: ManagedObjectNotFound (unknown snapshot), InvalidArgument (snapshot of another VM,
// unknown deviceKey, startOffset out of range, malformed changeId), FileFault naming the disk
// (tracking off, or a changeId that was reset, evicted or never handed out), SystemError (a disk
// backing outside every datastore, which the simulator does not create).
func (vm *changeTrackingVM) QueryChangedDiskAreas(req *types.QueryChangedDiskAreas) soap.HasFault {
	body := &methods.QueryChangedDiskAreasBody{}
	info, fault := vm.changedDiskAreas(req)
	if fault != nil {
		body.Fault_ = fault
	} else {
		body.Res = &types.QueryChangedDiskAreasResponse{Returnval: *info}
	}
	return body
}

func (vm *changeTrackingVM) changedDiskAreas(req *types.QueryChangedDiskAreas) (*types.DiskChangeInfo, *soap.Fault) {
	var devices []types.BaseVirtualDevice
	if req.Snapshot == nil {
		simulator.Map.WithLock(vm.VirtualMachine, func() { devices = vm.Config.Hardware.Device })
	} else {
		snapshot, ok := simulator.Map.Get(*req.Snapshot).(*simulator.VirtualMachineSnapshot)
		if !ok {
			return nil, simulator.Fault("", &types.ManagedObjectNotFound{Obj: *req.Snapshot})
		}
		if snapshot.Vm != vm.Self {
			return nil, simulator.Fault("snapshot belongs to another VM", &types.InvalidArgument{InvalidProperty: "snapshot"})
		}
		simulator.Map.WithLock(snapshot, func() { devices = snapshot.Config.Hardware.Device })
	}
	disks, err := vm.disks(devices)
	if err != nil {
		return nil, simulator.Fault(err.Error(), &types.SystemError{Reason: err.Error()})
	}
	var disk *trackedDisk
	for i := range disks {
		if disks[i].key == req.DeviceKey {
			disk = &disks[i]
		}
	}
	if disk == nil {
		msg := fmt.Sprintf("no virtual disk with key %d", req.DeviceKey)
		return nil, simulator.Fault(msg, &types.InvalidArgument{InvalidProperty: "deviceKey"})
	}
	if req.StartOffset < 0 || req.StartOffset > disk.capacity {
		msg := fmt.Sprintf("startOffset %d is outside the disk (capacity %d)", req.StartOffset, disk.capacity)
		return nil, simulator.Fault(msg, &types.InvalidArgument{InvalidProperty: "startOffset"})
	}
	if req.ChangeId != "*" && !strings.Contains(req.ChangeId, "/") {
		msg := fmt.Sprintf("malformed changeId '%s'", req.ChangeId)
		return nil, simulator.Fault(msg, &types.InvalidArgument{InvalidProperty: "changeId"})
	}
	fileFault := func(reason string) *soap.Fault {
		return simulator.Fault(fmt.Sprintf("Error caused by file %s: %s", disk.name, reason), &types.FileFault{File: disk.name})
	}
	if !vm.trackingEnabled() {
		return nil, fileFault("change tracking is not enabled on the VM")
	}

	current, err := fingerprints(*disk)
	if err != nil {
		return nil, fileFault(err.Error())
	}
	marked := make([]bool, len(current))
	if req.ChangeId == "*" {
		for i := range current {
			marked[i] = current[i] != zeroFingerprintOf(blockLength(disk.capacity, i))
		}
	} else {
		base, ok := vm.tracker.baseline(diskID{vm.Self.Value, disk.key}, req.ChangeId)
		if !ok {
			return nil, fileFault(fmt.Sprintf("changeId '%s' is unknown or was reset", req.ChangeId))
		}
		for i := range current {
			marked[i] = i >= len(base) || current[i] != base[i]
		}
	}
	return &types.DiskChangeInfo{
		StartOffset: req.StartOffset,
		Length:      disk.capacity - req.StartOffset,
		ChangedArea: extents(marked, disk.capacity, req.StartOffset),
	}, nil
}

// snapshotTaken records every disk's fingerprints for a new snapshot and sets the new changeIds on
// the disk backings of the snapshot's config and of the VM. Without tracking it resets the VM.
func (vm *changeTrackingVM) snapshotTaken(ref types.ManagedObjectReference) error {
	snapshot, ok := simulator.Map.Get(ref).(*simulator.VirtualMachineSnapshot)
	if !ok {
		return fmt.Errorf("snapshot %s not found", ref.Value)
	}
	if !vm.trackingEnabled() {
		vm.tracker.reset(vm.Self.Value)
		return nil
	}
	var devices []types.BaseVirtualDevice
	simulator.Map.WithLock(snapshot, func() { devices = snapshot.Config.Hardware.Device })
	disks, err := vm.disks(devices)
	if err != nil {
		return err
	}
	changeIDs := make(map[int32]string)
	for _, disk := range disks {
		blocks, err := fingerprints(disk)
		if err != nil {
			return fmt.Errorf("cannot fingerprint %s: %w", disk.flatFile, err)
		}
		changeIDs[disk.key] = vm.tracker.record(diskID{vm.Self.Value, disk.key}, blocks)
	}
	// The simulator copies the VM's config into the snapshot without copying the device list, so
	// both get fresh lists here; an older snapshot keeps the changeIds it handed out.
	simulator.Map.WithLock(snapshot, func() {
		snapshot.Config.Hardware.Device = withChangeIDs(snapshot.Config.Hardware.Device, changeIDs)
	})
	simulator.Map.WithLock(vm.VirtualMachine, func() {
		vm.Config.Hardware.Device = withChangeIDs(vm.Config.Hardware.Device, changeIDs)
	})
	return nil
}

// withChangeIDs returns a copy of devices where each tracked disk's backing carries its changeId.
func withChangeIDs(devices []types.BaseVirtualDevice, changeIDs map[int32]string) []types.BaseVirtualDevice {
	out := make([]types.BaseVirtualDevice, len(devices))
	for i, device := range devices {
		out[i] = device
		disk, ok := device.(*types.VirtualDisk)
		if !ok {
			continue
		}
		backing, ok := disk.Backing.(*types.VirtualDiskFlatVer2BackingInfo)
		changeID, tracked := changeIDs[disk.Key]
		if !ok || !tracked {
			continue
		}
		diskCopy := *disk
		backingCopy := *backing
		backingCopy.ChangeId = changeID
		diskCopy.Backing = &backingCopy
		out[i] = &diskCopy
	}
	return out
}

// changeTrackingFront sits in front of the simulator's HTTP handler and routes the SOAP calls that
// CBT extends; everything else passes through untouched.
type changeTrackingFront struct {
	simulator http.Handler
	tracker   *changeTracker
}

func newChangeTrackingFront(next http.Handler, tracker *changeTracker) http.Handler {
	return &changeTrackingFront{simulator: next, tracker: tracker}
}

var extendedMethods = [][]byte{
	[]byte("QueryChangedDiskAreas"), []byte("CreateSnapshot_Task"), []byte("ReconfigVM_Task"),
}

func (f *changeTrackingFront) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost || (r.URL.Path != "/sdk" && r.URL.Path != "/sdk/vimService") {
		f.simulator.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxSOAPRequest))
	_ = r.Body.Close()
	if err != nil {
		http.Error(w, "cannot read the request body", http.StatusBadRequest)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))

	var method *simulator.Method
	for _, name := range extendedMethods {
		if bytes.Contains(body, name) {
			method, _ = simulator.UnmarshalBody(types.TypeFunc(), body)
			break
		}
	}
	if method == nil {
		f.simulator.ServeHTTP(w, r)
		return
	}
	vm, isVM := simulator.Map.Get(method.This).(*simulator.VirtualMachine)
	if !isVM {
		// Let the simulator answer: ManagedObjectNotFound, NotAuthenticated and so on.
		f.simulator.ServeHTTP(w, r)
		return
	}
	tracked := &changeTrackingVM{VirtualMachine: vm, tracker: f.tracker}

	switch req := method.Body.(type) {
	case *types.QueryChangedDiskAreas:
		if !f.authenticated(r) {
			f.simulator.ServeHTTP(w, r) // answers NotAuthenticated
			return
		}
		answer := tracked.QueryChangedDiskAreas(req).(*methods.QueryChangedDiskAreasBody)
		writeSOAP(w, answer.Res, answer.Fault_, "QueryChangedDiskAreasResponse")
	case *types.CreateSnapshot_Task:
		f.afterSimulator(w, r, func(recorded *httptest.ResponseRecorder) {
			if snapshot, ok := snapshotCreated(recorded); ok {
				if err := tracked.snapshotTaken(snapshot); err != nil {
					log.Printf("change tracking for snapshot %s of %s failed: %v", snapshot.Value, vm.Self.Value, err)
				}
			}
		})
	case *types.ReconfigVM_Task:
		before := tracked.trackingEnabled()
		f.afterSimulator(w, r, func(*httptest.ResponseRecorder) {
			if tracked.trackingEnabled() != before {
				f.tracker.reset(vm.Self.Value)
			}
		})
	default:
		f.simulator.ServeHTTP(w, r)
	}
}

// afterSimulator lets the simulator answer, runs then, and only then sends the answer, so a client
// never sees a completed task before the tracking state matches it (simulator tasks run inline).
func (f *changeTrackingFront) afterSimulator(w http.ResponseWriter, r *http.Request, then func(*httptest.ResponseRecorder)) {
	recorded := httptest.NewRecorder()
	f.simulator.ServeHTTP(recorded, r)
	then(recorded)
	for name, values := range recorded.Header() {
		w.Header()[name] = values
	}
	w.WriteHeader(recorded.Code)
	_, _ = w.Write(recorded.Body.Bytes())
}

// authenticated asks the simulator whether the request's session cookie is logged in, by sending
// it CurrentTime, which the simulator refuses without a session.
func (f *changeTrackingFront) authenticated(r *http.Request) bool {
	const probe = xml.Header + `<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body>` +
		`<CurrentTime xmlns="urn:vim25"><_this type="ServiceInstance">ServiceInstance</_this></CurrentTime>` +
		`</Body></Envelope>`
	req := httptest.NewRequest(http.MethodPost, "/sdk", strings.NewReader(probe))
	for _, cookie := range r.Cookies() {
		req.AddCookie(cookie)
	}
	recorded := httptest.NewRecorder()
	f.simulator.ServeHTTP(recorded, req)
	return recorded.Code == http.StatusOK
}

// snapshotCreated reads the task moref from a CreateSnapshot_Task answer and returns the snapshot
// the finished task produced.
func snapshotCreated(recorded *httptest.ResponseRecorder) (types.ManagedObjectReference, bool) {
	var envelope struct {
		Task types.ManagedObjectReference `xml:"Body>CreateSnapshot_TaskResponse>returnval"`
	}
	if recorded.Code != http.StatusOK || xml.Unmarshal(recorded.Body.Bytes(), &envelope) != nil {
		return types.ManagedObjectReference{}, false
	}
	task, ok := simulator.Map.Get(envelope.Task).(*simulator.Task)
	if !ok {
		return types.ManagedObjectReference{}, false
	}
	var snapshot types.ManagedObjectReference
	simulator.Map.WithLock(task, func() {
		if task.Info.State == types.TaskInfoStateSuccess {
			snapshot, ok = task.Info.Result.(types.ManagedObjectReference)
		} else {
			ok = false
		}
	})
	return snapshot, ok
}

// writeSOAP encodes a method's answer the way the simulator does: a response element in the
// urn:vim25 namespace, or a soapenv:Fault whose detail is "<Type>Fault" with xsi:type.
func writeSOAP(w http.ResponseWriter, res interface{}, fault *soap.Fault, responseElement string) {
	var out bytes.Buffer
	out.WriteString(xml.Header)
	out.WriteString(`<soapenv:Envelope xmlns:soapenc="http://schemas.xmlsoap.org/soap/encoding/"` +
		` xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"` +
		` xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
		`<soapenv:Body>`)
	e := xml.NewEncoder(&out)
	status := http.StatusOK
	var err error
	if fault != nil {
		status = http.StatusInternalServerError
		out.WriteString(`<soapenv:Fault><faultcode>`)
		_ = xml.EscapeText(&out, []byte(fault.Code))
		out.WriteString(`</faultcode><faultstring>`)
		_ = xml.EscapeText(&out, []byte(fault.String))
		out.WriteString(`</faultstring><detail>`)
		kind := fmt.Sprintf("%T", fault.Detail.Fault)
		kind = kind[strings.LastIndex(kind, ".")+1:]
		err = e.EncodeElement(fault.Detail.Fault, xml.StartElement{
			Name: xml.Name{Local: kind + "Fault"},
			Attr: []xml.Attr{
				{Name: xml.Name{Local: "xmlns"}, Value: "urn:vim25"},
				{Name: xml.Name{Local: "xsi:type"}, Value: kind},
			},
		})
		if err == nil {
			err = e.Flush()
		}
		out.WriteString(`</detail></soapenv:Fault>`)
	} else {
		err = e.EncodeElement(res, xml.StartElement{Name: xml.Name{Space: "urn:vim25", Local: responseElement}})
		if err == nil {
			err = e.Flush()
		}
	}
	if err != nil {
		log.Printf("cannot encode %s: %v", responseElement, err)
		http.Error(w, "cannot encode the response", http.StatusInternalServerError)
		return
	}
	out.WriteString(`</soapenv:Body></soapenv:Envelope>`)
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(out.Bytes())
}
