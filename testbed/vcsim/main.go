// Command vcsim runs VMware's vCenter simulator (govmomi's simulator package) on a loopback port for
// Safehold's tests and dev stack. It is test infrastructure, not a product component.
//
// Once listening it prints KEY=VALUE lines on stdout, ending with VCSIM_READY=1, so that a harness
// can find the SDK URL, the TLS thumbprints to pin, and the datastore directory on local disk where
// it writes real disk content. It exits cleanly on SIGTERM or SIGINT.
//
// It adds QueryChangedDiskAreas (changed block tracking), which the simulator lacks; see cbt.go.
package main

import (
	"crypto/sha256"
	"crypto/tls"
	"flag"
	"fmt"
	"log"
	"net"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	log.SetFlags(log.LstdFlags | log.LUTC)
	log.SetPrefix("vcsim: ")
	// Registered first, so a signal that arrives while the inventory is built still gets a clean stop.
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)

	if err := run(signals); err != nil {
		log.Fatal(err)
	}
}

func run(signals <-chan os.Signal) error {
	port := flag.Int("port", 0, "TCP port on 127.0.0.1 (0 picks a free port, printed in VCSIM_URL)")
	username := flag.String("username", "user", "user name that SessionManager.Login accepts")
	password := flag.String("password", envOr("VCSIM_PASSWORD", "pass"),
		"password that SessionManager.Login accepts (default $VCSIM_PASSWORD, which keeps it out of the process list)")
	kind := flag.String("model", "vpx", "inventory model: vpx (vCenter) or esx (a standalone host)")
	datacenters := flag.Int("dc", 1, "datacenters (vpx only)")
	hosts := flag.Int("host", 1, "standalone hosts per datacenter (vpx only)")
	clusters := flag.Int("cluster", 0, "clusters per datacenter (vpx only)")
	clusterHosts := flag.Int("cluster-host", 0, "hosts per cluster (vpx only)")
	machines := flag.Int("vm", 2, "VMs per resource pool (each host and cluster has one)")
	datastores := flag.Int("ds", 1, "local datastores, each a temporary directory on this machine")
	diskMiB := flag.Int64("disk-mib", 64, "capacity of every VM disk in MiB (the flat file starts empty)")
	cbt := flag.Bool("cbt", true, "start every VM with changeTrackingEnabled=true")
	flag.Parse()

	if *port < 0 || *port > 65535 {
		return fmt.Errorf("-port must be between 0 and 65535, got %d", *port)
	}
	if *diskMiB < 1 || *diskMiB > 1<<20 {
		return fmt.Errorf("-disk-mib must be between 1 and %d, got %d", 1<<20, *diskMiB)
	}
	if *username == "" || *password == "" {
		return fmt.Errorf("-username and -password must not be empty")
	}
	address := net.JoinHostPort("127.0.0.1", strconv.Itoa(*port))
	// The simulator panics when it cannot listen; a taken port deserves a one-line error instead.
	if probe, err := net.Listen("tcp", address); err != nil {
		return fmt.Errorf("cannot listen on %s: %w", address, err)
	} else if err := probe.Close(); err != nil {
		return err
	}

	model, err := newModel(*kind, *datacenters, *hosts, *clusters, *clusterHosts, *machines, *datastores)
	if err != nil {
		return err
	}
	defer model.Remove()
	if err := model.Create(); err != nil {
		return fmt.Errorf("cannot create the inventory: %w", err)
	}

	setDiskCapacity(*diskMiB << 20)
	if *cbt {
		enableChangeTracking()
	}

	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: address, User: url.UserPassword(*username, *password)}
	server := model.Service.NewServer()
	defer server.Close()

	// The simulator starts serving inside NewServer. Its address is published only below, so no
	// client can have sent a request before the CBT front is in place.
	server.Config.Handler = newChangeTrackingFront(server.Config.Handler, newChangeTracker())

	if err := printEndpoint(server); err != nil {
		return err
	}

	sig := <-signals
	log.Printf("received %s, stopping", sig)
	return nil
}

func newModel(kind string, datacenters, hosts, clusters, clusterHosts, machines, datastores int) (*simulator.Model, error) {
	for name, n := range map[string]int{
		"-dc": datacenters, "-host": hosts, "-cluster": clusters, "-cluster-host": clusterHosts,
		"-vm": machines, "-ds": datastores,
	} {
		if n < 0 || n > 1000 {
			return nil, fmt.Errorf("%s must be between 0 and 1000, got %d", name, n)
		}
	}
	if datastores < 1 {
		return nil, fmt.Errorf("-ds must be at least 1, got %d", datastores)
	}

	var model *simulator.Model
	switch kind {
	case "vpx":
		model = simulator.VPX()
		model.Datacenter = datacenters
		model.Host = hosts
		model.Cluster = clusters
		model.ClusterHost = clusterHosts
	case "esx":
		model = simulator.ESX()
	default:
		return nil, fmt.Errorf("-model must be vpx or esx, got %q", kind)
	}
	model.Machine = machines
	model.Datastore = datastores
	return model, nil
}

// setDiskCapacity sizes every VM disk; the simulator creates them with 1 MiB.
func setDiskCapacity(bytes int64) {
	for _, entity := range simulator.Map.All("VirtualMachine") {
		vm := entity.(*simulator.VirtualMachine)
		simulator.Map.WithLock(vm, func() {
			for _, device := range vm.Config.Hardware.Device {
				if disk, ok := device.(*types.VirtualDisk); ok {
					disk.CapacityInBytes = bytes
					disk.CapacityInKB = bytes / 1024
				}
			}
		})
	}
}

// enableChangeTracking turns on changeTrackingEnabled for every VM, as a backup administrator would.
func enableChangeTracking() {
	for _, entity := range simulator.Map.All("VirtualMachine") {
		vm := entity.(*simulator.VirtualMachine)
		simulator.Map.WithLock(vm, func() {
			vm.Config.ChangeTrackingEnabled = types.NewBool(true)
		})
	}
}

// printEndpoint writes the lines a harness parses. Values never contain a newline.
func printEndpoint(server *simulator.Server) error {
	cert := server.Certificate()
	sum := sha256.Sum256(cert.Raw)
	hexBytes := make([]string, len(sum))
	for i, b := range sum {
		hexBytes[i] = fmt.Sprintf("%02X", b)
	}

	datastores := simulator.Map.All("Datastore")
	if len(datastores) == 0 {
		return fmt.Errorf("the inventory has no datastore")
	}
	sort.Slice(datastores, func(i, j int) bool { return datastores[i].Entity().Name < datastores[j].Entity().Name })
	first := datastores[0].(*simulator.Datastore)

	sdk := url.URL{Scheme: "https", Host: server.URL.Host, Path: server.URL.Path}
	lines := []string{
		"VCSIM_URL=" + sdk.String(),
		"VCSIM_THUMBPRINT=" + soap.ThumbprintSHA1(cert),
		"VCSIM_THUMBPRINT_SHA256=" + strings.Join(hexBytes, ":"),
		"VCSIM_DATASTORE=" + first.Name,
		"VCSIM_DATASTORE_DIR=" + first.Info.GetDatastoreInfo().Url,
		"VCSIM_READY=1",
	}
	_, err := fmt.Println(strings.Join(lines, "\n"))
	return err
}

// envOr returns the environment variable name, or fallback when it is unset or empty.
func envOr(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}
