package io.safehold.activities.vsphere;

import io.safehold.activities.vsphere.SoapTransport.Answer;
import io.safehold.activities.vsphere.VSphereException.Kind;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * A logged-in session with one vCenter (or ESXi host) over the vSphere Web Services API (SOAP,
 * {@code urn:vim25}): the dozen calls Safehold's VM backups need, on a per-endpoint pinned {@link
 * HttpClient} (see {@link VSphereTls}).
 *
 * <p>The session cookie stays inside this object: it is sent in request headers and never returned,
 * logged or put in a message. {@link #close()} logs out and never throws. Every HTTP request has
 * the endpoint's request timeout; every task wait has a deadline the caller gives. Failures are
 * {@link VSphereException}s whose {@link VSphereException.Kind} says whether to retry.
 *
 * <p>Instances are thread-safe: calls share only the cookie and the pinned client.
 */
public final class VSphereSession implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(VSphereSession.class);

  /** Objects per PropertyCollector page; vCenter may answer fewer. */
  private static final int PAGE_SIZE = 100;

  /** Paging stops with an error beyond this, so a server that never ends cannot loop us. */
  private static final int MAX_PAGES = 10_000;

  /** Parent hops from a VM up to the root folder before we give up (real trees are shallow). */
  private static final int MAX_DEPTH = 64;

  /** QueryChangedDiskAreas calls for one disk before we give up. */
  private static final int MAX_CBT_CALLS = 1_000_000;

  private static final Duration FIRST_POLL = Duration.ofMillis(100);
  private static final Duration LONGEST_POLL = Duration.ofSeconds(2);

  private static final String[] VM_PROPERTIES = {
    "name",
    "config.instanceUuid",
    "runtime.powerState",
    "config.changeTrackingEnabled",
    "config.files.vmPathName",
    "config.hardware.device",
    "layoutEx.file",
  };

  private final SoapTransport soap;
  private final ServiceContent content;
  private final String url;

  private VSphereSession(SoapTransport soap, ServiceContent content) {
    this.soap = soap;
    this.content = content;
    this.url = soap.endpoint().sdkUrl().toString();
  }

  /**
   * Connects to {@code endpoint}, reads its service content and logs in.
   *
   * @throws VSphereException {@code INVALID_LOGIN} for a refused credential, {@code
   *     CERTIFICATE_MISMATCH} / {@code CERTIFICATE_UNTRUSTED} for a refused certificate, {@code
   *     UNAVAILABLE} when vCenter cannot be reached
   */
  public static VSphereSession open(VSphereEndpoint endpoint, String username, String password) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    SoapTransport soap = new SoapTransport(endpoint, VSphereTls.httpClient(endpoint));
    Element answer =
        soap.call(
            SoapRequest.call("RetrieveServiceContent", "ServiceInstance", "ServiceInstance"),
            "reading its service content");
    ServiceContent content = ServiceContent.of(Dom.child(answer, "returnval"));
    soap.useApiVersion(content.apiVersion());
    SoapRequest login =
        SoapRequest.call("Login", "SessionManager", content.sessionManager())
            .text("userName", username)
            .text("password", password);
    Answer loggedIn = soap.exchange(login, "logging in as user '" + username + "'", password);
    if (loggedIn.fault() != null) {
      throw soap.faultException(
          loggedIn.fault(), "logging in as user '" + username + "'", password);
    }
    soap.keepSessionCookie(loggedIn.response());
    log.info(
        "Logged in to {} ({}, API {}) as {}",
        endpoint.sdkUrl(),
        content.fullName(),
        content.apiVersion(),
        username);
    return new VSphereSession(soap, content);
  }

  /** The endpoint this session talks to. */
  public VSphereEndpoint endpoint() {
    return soap.endpoint();
  }

  /** The pinned client of this endpoint, for {@code /folder} downloads. */
  public HttpClient httpClient() {
    return soap.http();
  }

  /**
   * Adds this session's cookie to {@code request} (a {@code /folder} download needs it on vSphere).
   *
   * @throws IllegalStateException once the session is closed
   */
  public void authorize(HttpRequest.Builder request) {
    soap.authorize(request);
  }

  /**
   * The {@code /folder} URL of a datastore file: {@code
   * https://host:port/folder/<path>?dcPath=<datacenter>&dsName=<datastore>}.
   *
   * @param datacenter the datacenter's inventory path ({@link VmInventory#datacenterPath()})
   * @param datastore the datastore's name
   * @param path the path inside the datastore, e.g. {@code DC0_H0_VM0/disk1-flat.vmdk}
   */
  public URI datastoreFileUrl(String datacenter, String datastore, String path) {
    StringBuilder encodedPath = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (encodedPath.length() > 0) {
        encodedPath.append('/');
      }
      encodedPath.append(percentEncode(segment));
    }
    String base = soap.endpoint().base().toString();
    return URI.create(
        base
            + "/folder/"
            + encodedPath
            + "?dcPath="
            + percentEncode(datacenter)
            + "&dsName="
            + percentEncode(datastore));
  }

  /** Every VM of every datacenter, with its disks and config files. */
  public List<VmInventory> listVms() {
    List<VmInventory> vms = new ArrayList<>();
    Map<String, ObjectContent> folders = new HashMap<>();
    List<ObjectContent> datacenters =
        inContainer(content.rootFolder(), "Folder", "Datacenter", List.of("name", "parent"));
    for (ObjectContent datacenter : datacenters) {
      String name = datacenter.text("name");
      String path = datacenterPath(datacenter, folders);
      List<ObjectContent> found =
          inContainer(datacenter.moref(), "Datacenter", "VirtualMachine", List.of(VM_PROPERTIES));
      for (ObjectContent vm : found) {
        VmInventory inventory = toInventory(vm, name, path);
        if (inventory != null) {
          vms.add(inventory);
        }
      }
    }
    return vms;
  }

  /**
   * One VM by its moref.
   *
   * @throws VSphereException {@code NOT_FOUND} when vCenter has no such VM
   */
  public VmInventory findVm(String vmMoref) {
    String doing = "reading VM " + vmMoref;
    List<String> properties = new ArrayList<>(List.of(VM_PROPERTIES));
    properties.add("parent");
    properties.add("parentVApp");
    ObjectContent vm = one("VirtualMachine", vmMoref, properties, doing);
    String parentType = vm.referenceType("parent");
    String parent = vm.text("parent");
    if (parent == null) {
      parentType = vm.referenceType("parentVApp");
      parent = vm.text("parentVApp");
    }
    List<String> above = new ArrayList<>();
    String datacenter = null;
    for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
      ObjectContent entity = one(parentType, parent, List.of("name", "parent"), doing);
      if ("Datacenter".equals(parentType)) {
        datacenter = entity.text("name");
      }
      if (datacenter != null && entity.text("parent") != null) {
        above.add(0, entity.text("name"));
      }
      parentType = entity.referenceType("parent");
      parent = entity.text("parent");
    }
    if (datacenter == null) {
      throw new VSphereException(
          Kind.FAULT,
          "vCenter " + url + " places VM " + vmMoref + " in no datacenter; is it registered?",
          null);
    }
    VmInventory inventory = toInventory(vm, datacenter, String.join("/", above));
    if (inventory == null) {
      throw new VSphereException(
          Kind.FAULT,
          "VM "
              + vmMoref
              + " on vCenter "
              + url
              + " has no configuration (it is inaccessible or orphaned); fix it in vSphere first.",
          null);
    }
    return inventory;
  }

  /**
   * Takes a snapshot without memory and waits for it.
   *
   * @param quiesce ask VMware Tools to quiesce the guest's file systems first
   * @param deadline how long to wait for vCenter's task
   * @return the snapshot and its disks with their changeIds
   * @throws VSphereException {@code NOT_FOUND} for an unknown VM; {@code UNAVAILABLE} when the task
   *     outlives {@code deadline} (the snapshot may still appear: cleanup must look for it)
   */
  public SnapshotInfo createSnapshot(
      String vmMoref, String name, String description, boolean quiesce, Duration deadline) {
    String doing = "creating snapshot '" + name + "' of VM " + vmMoref;
    Element answer =
        soap.call(
            SoapRequest.call("CreateSnapshot_Task", "VirtualMachine", vmMoref)
                .text("name", name)
                .text("description", description == null ? "" : description)
                .text("memory", false)
                .text("quiesce", quiesce),
            doing);
    Element info = waitForTask(Dom.childText(answer, "returnval"), deadline, doing);
    String snapshot = Dom.childText(info, "result");
    if (snapshot == null) {
      throw new VSphereException(
          Kind.FAULT,
          "vCenter " + url + " finished " + doing + " without naming the snapshot it made.",
          null);
    }
    return new SnapshotInfo(snapshot, vmMoref, snapshotDisks(snapshot));
  }

  /** The disks of a snapshot's configuration, with the changeIds they had when it was taken. */
  public List<VmDisk> snapshotDisks(String snapshotMoref) {
    ObjectContent snapshot =
        one(
            "VirtualMachineSnapshot",
            snapshotMoref,
            List.of("config.hardware.device"),
            "reading the disks of snapshot " + snapshotMoref);
    return VirtualDevices.disks(
        snapshot.value("config.hardware.device"), "snapshot " + snapshotMoref);
  }

  /** Every snapshot of a VM, parents before children; empty when it has none. */
  public List<SnapshotRef> snapshots(String vmMoref) {
    ObjectContent vm =
        one("VirtualMachine", vmMoref, List.of("snapshot"), "listing snapshots of VM " + vmMoref);
    List<SnapshotRef> found = new ArrayList<>();
    Element info = vm.value("snapshot");
    if (info != null) {
      for (Element root : Dom.children(info, "rootSnapshotList")) {
        flatten(root, null, found, 0);
      }
    }
    return found;
  }

  /**
   * Removes one snapshot (not its children), consolidating disks, and waits for it.
   *
   * @return false when the snapshot does not exist (already removed): cleanup is idempotent
   * @throws VSphereException {@code UNAVAILABLE} when the task outlives {@code deadline}
   */
  public boolean removeSnapshot(String snapshotMoref, Duration deadline) {
    String doing = "removing snapshot " + snapshotMoref;
    try {
      Element answer =
          soap.call(
              SoapRequest.call("RemoveSnapshot_Task", "VirtualMachineSnapshot", snapshotMoref)
                  .text("removeChildren", false)
                  .text("consolidate", true),
              doing);
      waitForTask(Dom.childText(answer, "returnval"), deadline, doing);
      return true;
    } catch (VSphereException e) {
      if (e.kind() == Kind.NOT_FOUND) {
        log.info("Snapshot {} on {} was already gone", snapshotMoref, url);
        return false;
      }
      throw e;
    }
  }

  /**
   * The areas of a disk that changed since {@code changeId}, as of {@code snapshotMoref}, from
   * {@code startOffset} to the end of the disk. vSphere answers in pieces; this asks until the
   * whole rest of the disk is covered and merges touching extents.
   *
   * @param changeId a changeId from an earlier snapshot's disk, or {@code "*"} for the allocated
   *     areas (what a full backup of a thin disk must read)
   * @throws VSphereException {@code CHANGE_ID_INVALID} when tracking cannot answer from {@code
   *     changeId} (reset, unknown, tracking off): back up the whole disk instead
   */
  public DiskChanges queryChangedDiskAreas(
      String vmMoref, String snapshotMoref, int deviceKey, long startOffset, String changeId) {
    Objects.requireNonNull(changeId, "changeId");
    String doing =
        "querying changed areas of disk " + deviceKey + " of VM " + vmMoref + " since " + changeId;
    VmDisk disk =
        snapshotDisks(snapshotMoref).stream()
            .filter(d -> d.key() == deviceKey)
            .findFirst()
            .orElseThrow(
                () ->
                    new VSphereException(
                        Kind.NOT_FOUND,
                        "Snapshot "
                            + snapshotMoref
                            + " on vCenter "
                            + url
                            + " has no disk with key "
                            + deviceKey
                            + "; rediscover the VM's disks.",
                        null));
    long capacity = disk.capacityBytes();
    if (startOffset < 0 || startOffset > capacity) {
      throw new IllegalArgumentException(
          "startOffset "
              + startOffset
              + " is outside disk "
              + deviceKey
              + " of "
              + capacity
              + " bytes");
    }
    List<DiskChanges.Extent> extents = new ArrayList<>();
    long offset = startOffset;
    for (int calls = 0; offset < capacity; calls++) {
      if (calls >= MAX_CBT_CALLS) {
        throw new VSphereException(
            Kind.FAULT,
            "vCenter " + url + " kept answering in pieces while " + doing + "; giving up.",
            null);
      }
      SoapRequest request =
          SoapRequest.call("QueryChangedDiskAreas", "VirtualMachine", vmMoref)
              .moref("snapshot", "VirtualMachineSnapshot", snapshotMoref)
              .text("deviceKey", deviceKey)
              .text("startOffset", offset)
              .text("changeId", changeId);
      Answer answer = soap.exchange(request, doing, null);
      if (answer.fault() != null) {
        throw cbtFault(answer.fault(), disk, changeId, doing);
      }
      Element info = Dom.child(answer.body(), "returnval");
      long answeredStart = Long.parseLong(Dom.childText(info, "startOffset"));
      long answeredLength = Long.parseLong(Dom.childText(info, "length"));
      for (Element area : Dom.children(info, "changedArea")) {
        long start = Long.parseLong(Dom.childText(area, "start"));
        long length = Long.parseLong(Dom.childText(area, "length"));
        add(extents, start, length);
      }
      long next = answeredStart + answeredLength;
      if (answeredLength <= 0 || next <= offset) {
        throw new VSphereException(
            Kind.FAULT,
            "vCenter "
                + url
                + " answered an empty piece at offset "
                + offset
                + " while "
                + doing
                + "; back up the whole disk instead.",
            null);
      }
      offset = next;
    }
    return new DiskChanges(deviceKey, startOffset, capacity - startOffset, extents);
  }

  /** Turns changed block tracking on (it takes effect at the VM's next snapshot or power-on). */
  public void enableChangeTracking(String vmMoref, Duration deadline) {
    setChangeTracking(vmMoref, true, deadline);
  }

  /**
   * Turns changed block tracking on or off; turning it off and on again resets it, so every
   * changeId handed out before becomes invalid.
   */
  public void setChangeTracking(String vmMoref, boolean enabled, Duration deadline) {
    String doing =
        (enabled ? "enabling" : "disabling") + " changed block tracking of VM " + vmMoref;
    Element answer =
        soap.call(
            SoapRequest.call("ReconfigVM_Task", "VirtualMachine", vmMoref)
                .open("spec")
                .text("changeTrackingEnabled", enabled)
                .close("spec"),
            doing);
    waitForTask(Dom.childText(answer, "returnval"), deadline, doing);
  }

  /** Logs out; never throws. Later calls fail; calling it again does nothing. */
  @Override
  public void close() {
    if (!soap.hasSession()) {
      return;
    }
    try {
      soap.call(
          SoapRequest.call("Logout", "SessionManager", content.sessionManager()), "logging out");
      log.debug("Logged out of {}", url);
    } catch (RuntimeException e) {
      log.info(
          "Logging out of {} failed, the session will expire on its own: {}", url, e.getMessage());
    } finally {
      soap.forgetSession();
    }
  }

  @Override
  public String toString() {
    return "VSphereSession[" + url + "]";
  }

  private VSphereException cbtFault(SoapFault fault, VmDisk disk, String changeId, String doing) {
    boolean invalidChangeId =
        "FileFault".equals(fault.name())
            || ("InvalidArgument".equals(fault.name())
                && "changeId".equals(fault.field("invalidProperty")));
    if (!invalidChangeId) {
      return soap.faultException(fault, doing, null);
    }
    return new VSphereException(
        Kind.CHANGE_ID_INVALID,
        "vCenter "
            + url
            + " cannot tell what changed on disk "
            + disk.file()
            + " since changeId '"
            + changeId
            + "' ("
            + fault.name()
            + ": "
            + soap.scrub(fault.message(), null)
            + "); tracking was reset or the changeId is unknown, so a full backup is needed.",
        fault.name(),
        null);
  }

  private static void add(List<DiskChanges.Extent> extents, long start, long length) {
    if (length <= 0) {
      return;
    }
    if (!extents.isEmpty()) {
      DiskChanges.Extent last = extents.get(extents.size() - 1);
      if (last.start() + last.length() == start) {
        extents.set(
            extents.size() - 1, new DiskChanges.Extent(last.start(), last.length() + length));
        return;
      }
    }
    extents.add(new DiskChanges.Extent(start, length));
  }

  private void flatten(Element tree, String parent, List<SnapshotRef> out, int depth) {
    if (depth > MAX_DEPTH) {
      return;
    }
    String moref = Dom.childText(tree, "snapshot");
    String description = Dom.childText(tree, "description");
    out.add(
        new SnapshotRef(
            moref,
            Dom.childText(tree, "name"),
            description == null ? "" : description,
            Dom.childText(tree, "createTime"),
            parent));
    for (Element child : Dom.children(tree, "childSnapshotList")) {
      flatten(child, moref, out, depth + 1);
    }
  }

  /**
   * Polls the task's {@code info} until it succeeds (returns the info), fails (throws its fault) or
   * {@code deadline} passes (throws {@code UNAVAILABLE}).
   */
  private Element waitForTask(String task, Duration deadline, String doing) {
    long end = System.nanoTime() + deadline.toNanos();
    Duration pause = FIRST_POLL;
    while (true) {
      ObjectContent content = one("Task", task, List.of("info"), doing);
      Element info = content.value("info");
      String state = info == null ? null : Dom.childText(info, "state");
      if ("success".equals(state)) {
        return info;
      }
      if ("error".equals(state)) {
        Element error = Dom.child(info, "error");
        SoapFault fault =
            error == null
                ? new SoapFault("UnknownFault", "the task failed without saying why", null)
                : SoapFault.ofLocalizedMethodFault(error);
        throw soap.faultException(fault, doing, null);
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new VSphereException(
            Kind.UNAVAILABLE,
            "vCenter "
                + url
                + " did not finish "
                + doing
                + " within "
                + deadline.toSeconds()
                + " s (task "
                + task
                + " is "
                + state
                + "); it may still finish, check the task in vCenter.",
            null);
      }
      try {
        Thread.sleep(Math.min(pause.toMillis(), Math.max(1, left / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new VSphereException(
            Kind.UNAVAILABLE, "Interrupted while " + doing + " on vCenter " + url + ".", e);
      }
      pause =
          pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
    }
  }

  private VmInventory toInventory(ObjectContent vm, String datacenter, String datacenterPath) {
    String vmxText = vm.text("config.files.vmPathName");
    if (vmxText == null || !vmxText.startsWith("[")) {
      log.warn(
          "VM {} ({}) on {} has no configuration file (inaccessible or orphaned); it is left out",
          vm.moref(),
          vm.text("name"),
          url);
      return null;
    }
    DatastorePath vmx = DatastorePath.parse(vmxText);
    List<DatastorePath> configFiles = new ArrayList<>();
    configFiles.add(vmx);
    DatastorePath nvram = nvram(vm.value("layoutEx.file"), vmx);
    if (nvram != null) {
      configFiles.add(nvram);
    }
    return new VmInventory(
        vm.moref(),
        vm.text("name"),
        vm.text("config.instanceUuid"),
        vm.text("runtime.powerState"),
        vm.bool("config.changeTrackingEnabled"),
        datacenter,
        datacenterPath.isEmpty() ? datacenter : datacenterPath,
        vmx,
        configFiles,
        VirtualDevices.disks(vm.value("config.hardware.device"), "VM " + vm.moref()));
  }

  /**
   * The .nvram file from {@code layoutEx.file} (type {@code nvram}); null when vSphere lists none
   * (a VM that never powered on has no .nvram yet). The .vmx always comes from {@code
   * config.files.vmPathName}, which is authoritative.
   *
   * <p>vcsim 0.24 fills {@code layoutEx.file} but drops the VM's directory from the names ({@code
   * [LocalDS_0] DC0_H0_VM0.nvram} while the file is {@code [LocalDS_0]
   * DC0_H0_VM0/DC0_H0_VM0.nvram}); a name without a directory while the .vmx has one is therefore
   * resolved next to the .vmx. vSphere gives full paths, which are used as they are.
   */
  private static DatastorePath nvram(Element layoutFiles, DatastorePath vmx) {
    if (layoutFiles == null) {
      return null;
    }
    for (Element file : Dom.children(layoutFiles)) {
      if (!"nvram".equals(Dom.childText(file, "type"))) {
        continue;
      }
      String name = Dom.childText(file, "name");
      if (name == null || !name.startsWith("[")) {
        continue;
      }
      DatastorePath listed = DatastorePath.parse(name);
      if (listed.directory().isEmpty() && !vmx.directory().isEmpty()) {
        return vmx.sibling(listed.fileName());
      }
      return listed;
    }
    return null;
  }

  private String datacenterPath(ObjectContent datacenter, Map<String, ObjectContent> folders) {
    List<String> names = new ArrayList<>();
    names.add(datacenter.text("name"));
    String parent = datacenter.text("parent");
    for (int depth = 0; parent != null && depth < MAX_DEPTH; depth++) {
      if (parent.equals(content.rootFolder())) {
        break;
      }
      String folderMoref = parent;
      ObjectContent folder =
          folders.computeIfAbsent(
              folderMoref,
              moref -> one("Folder", moref, List.of("name", "parent"), "reading folder " + moref));
      names.add(0, folder.text("name"));
      parent = folder.text("parent");
    }
    return String.join("/", names);
  }

  /** Objects of {@code type} anywhere below {@code container}, through a ContainerView. */
  private List<ObjectContent> inContainer(
      String container, String containerType, String type, List<String> properties) {
    String doing = "listing " + type + " objects";
    Element created =
        soap.call(
            SoapRequest.call("CreateContainerView", "ViewManager", content.viewManager())
                .moref("container", containerType, container)
                .text("type", type)
                .text("recursive", true),
            doing);
    // The view's moref can embed the session key (vcsim's does): it never goes into a message.
    String view = Dom.childText(created, "returnval");
    try {
      return retrieve(
          spec ->
              propSet(spec, type, properties)
                  .open("objectSet")
                  .moref("obj", "ContainerView", view)
                  .text("skip", true)
                  .open("selectSet", "TraversalSpec")
                  .text("type", "ContainerView")
                  .text("path", "view")
                  .text("skip", false)
                  .close("selectSet")
                  .close("objectSet"),
          doing);
    } finally {
      try {
        soap.call(SoapRequest.call("DestroyView", "ContainerView", view), "destroying a view");
      } catch (VSphereException e) {
        log.debug("Destroying a container view on {} failed: {}", url, e.getMessage());
      }
    }
  }

  /** Properties of one object; {@code NOT_FOUND} when vCenter has no such object. */
  private ObjectContent one(String type, String moref, List<String> properties, String doing) {
    List<ObjectContent> found =
        retrieve(
            spec ->
                propSet(spec, type, properties)
                    .open("objectSet")
                    .moref("obj", type, moref)
                    .close("objectSet"),
            doing);
    for (ObjectContent object : found) {
      if (moref.equals(object.moref())) {
        return object;
      }
    }
    throw new VSphereException(
        Kind.NOT_FOUND,
        "vCenter " + url + " has no " + type + " " + moref + " (while " + doing + ").",
        "ManagedObjectNotFound",
        null);
  }

  private static SoapRequest propSet(SoapRequest spec, String type, List<String> properties) {
    spec.open("propSet").text("type", type);
    for (String property : properties) {
      spec.text("pathSet", property);
    }
    return spec.close("propSet");
  }

  /** RetrievePropertiesEx with paging through ContinueRetrievePropertiesEx. */
  private List<ObjectContent> retrieve(Consumer<SoapRequest> specSet, String doing) {
    SoapRequest request =
        SoapRequest.call("RetrievePropertiesEx", "PropertyCollector", content.propertyCollector())
            .open("specSet");
    specSet.accept(request);
    request.close("specSet").open("options").text("maxObjects", PAGE_SIZE).close("options");
    List<ObjectContent> objects = new ArrayList<>();
    Element result = Dom.child(soap.call(request, doing), "returnval");
    for (int pages = 1; result != null; pages++) {
      for (Element object : Dom.children(result, "objects")) {
        objects.add(objectContent(object));
      }
      String token = Dom.childText(result, "token");
      if (token == null || token.isEmpty()) {
        break;
      }
      if (pages >= MAX_PAGES) {
        throw new VSphereException(
            Kind.FAULT,
            "vCenter " + url + " answered more than " + MAX_PAGES + " pages while " + doing + ".",
            null);
      }
      result =
          Dom.child(
              soap.call(
                  SoapRequest.call(
                          "ContinueRetrievePropertiesEx",
                          "PropertyCollector",
                          content.propertyCollector())
                      .text("token", token),
                  doing),
              "returnval");
    }
    return objects;
  }

  private static ObjectContent objectContent(Element object) {
    Element obj = Dom.child(object, "obj");
    Map<String, Element> properties = new LinkedHashMap<>();
    for (Element property : Dom.children(object, "propSet")) {
      Element value = Dom.child(property, "val");
      if (value != null) {
        properties.put(Dom.childText(property, "name"), value);
      }
    }
    return new ObjectContent(obj.getAttribute("type"), obj.getTextContent().trim(), properties);
  }

  /** RFC 3986 percent-encoding of everything but the unreserved characters. */
  private static String percentEncode(String value) {
    StringBuilder out = new StringBuilder();
    for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)));
        out.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return out.toString();
  }

  /** The references from {@code RetrieveServiceContent} this client uses. */
  private record ServiceContent(
      String rootFolder,
      String propertyCollector,
      String viewManager,
      String sessionManager,
      String apiVersion,
      String fullName) {

    static ServiceContent of(Element content) {
      return new ServiceContent(
          Dom.childText(content, "rootFolder"),
          Dom.childText(content, "propertyCollector"),
          Dom.childText(content, "viewManager"),
          Dom.childText(content, "sessionManager"),
          Dom.childText(Dom.child(content, "about"), "apiVersion"),
          Dom.childText(Dom.child(content, "about"), "fullName"));
    }
  }
}
