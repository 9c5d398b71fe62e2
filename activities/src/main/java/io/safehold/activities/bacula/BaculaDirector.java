package io.safehold.activities.bacula;

import io.safehold.activities.bacula.BaculaException.Kind;
import io.safehold.workflows.bacula.BaculaJobStatus;
import io.safehold.workflows.run.RunStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Safehold does with one Bacula director, each operation mapped to the bconsole commands that
 * really do it (docs/bacula.md lists them). Every name is checked against {@link #NAME} and, before
 * a command that would otherwise prompt for it, against the director's own lists, because bconsole
 * answers an unknown name with an interactive menu that would swallow the next command.
 *
 * <p>Catalog reads use {@code .sql} with portable SQL (SQLite, PostgreSQL and MySQL catalogs alike)
 * and select no free text, since Bacula 9.6 separates {@code .sql} fields and rows by tabs only.
 */
public final class BaculaDirector {

  /** Names Safehold accepts: Bacula's own alphabet ({@code A-Z a-z 0-9 - _ . :}), no spaces. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,126}");

  /** How many runs {@link #jobDetail} and {@link #clientDetail} return. */
  static final int HISTORY = 50;

  private static final Pattern QUEUED = Pattern.compile("Job queued\\. JobId=(\\d+)");
  private static final Pattern SHOW_JOB = Pattern.compile("^Job: name=(\\S+) JobType=(\\d+).*");
  private static final Pattern ENABLED = Pattern.compile("Enabled=(\\d)");
  private static final Pattern SHOW_REF =
      Pattern.compile("^\\s*--> (Client|FileSet|Pool|Storage|Schedule): [Nn]ame=(\\S+).*");
  private static final DateTimeFormatter CATALOG_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private static final String JOB_COLUMNS =
      "SELECT Job.JobId, Job.Job, Job.Name, Job.Type, Job.Level, Client.Name, Job.JobStatus,"
          + " Job.JobErrors, Job.JobFiles, Job.JobBytes, Job.StartTime, Job.EndTime, Pool.Name";
  private static final int JOB_COLUMN_COUNT = 13;
  private static final String JOB_FROM =
      " FROM Job LEFT JOIN Client ON Client.ClientId = Job.ClientId"
          + " LEFT JOIN Pool ON Pool.PoolId = Job.PoolId";

  private final BconsoleTransport console;
  private final ZoneId directorZone;
  private final Clock clock;

  /**
   * @param directorZone the time zone the director prints catalog times in (its host's zone)
   */
  public BaculaDirector(BconsoleTransport console, ZoneId directorZone, Clock clock) {
    this.console = Objects.requireNonNull(console);
    this.directorZone = Objects.requireNonNull(directorZone);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Runs commands in one session and returns each one's output. */
  List<String> session(List<String> commands) throws BaculaException {
    return ConsoleTranscript.split(console.run(commands), commands, console.describe());
  }

  private String one(String command) throws BaculaException {
    return session(List.of(command)).get(0);
  }

  // ---- reading -------------------------------------------------------------------------------

  /** The job resources, by {@code .jobs}. */
  public List<String> jobNames() throws BaculaException {
    return lines(one(".jobs"));
  }

  /**
   * Every job resource with its last run and next scheduled run, optionally filtered.
   *
   * @param status a Safehold status the last run must have (null: any)
   * @param client a client name the job must use (null: any)
   * @param nameContains a substring of the job name, case-insensitive (null: any)
   */
  public List<BaculaJobSummary> jobs(RunStatus status, String client, String nameContains)
      throws BaculaException {
    List<String> outputs =
        session(
            List.of(
                "show jobs",
                ".api 2",
                ".status dir scheduled",
                ".api 0",
                sql(
                    JOB_COLUMNS
                        + JOB_FROM
                        + " WHERE Job.JobId IN (SELECT MAX(JobId) FROM Job GROUP BY Name)")));
    Map<String, BaculaJobRun> lastRuns = new HashMap<>();
    for (BaculaJobRun run : jobRuns(outputs.get(4))) {
      lastRuns.put(run.name(), run);
    }
    Map<String, Instant> nextRuns = nextRuns(outputs.get(2));
    List<BaculaJobSummary> jobs = new ArrayList<>();
    for (BaculaJobSummary job : parseShowJobs(outputs.get(0), lastRuns, nextRuns)) {
      if (client != null && !client.equals(job.client())) {
        continue;
      }
      if (nameContains != null
          && !job.name().toLowerCase(Locale.ROOT).contains(nameContains.toLowerCase(Locale.ROOT))) {
        continue;
      }
      if (status != null && (job.lastRun() == null || job.lastRun().runStatus() != status)) {
        continue;
      }
      jobs.add(job);
    }
    return jobs;
  }

  /** A job's configuration, history (newest first, at most 50) and statistics over it. */
  public BaculaJobDetail jobDetail(String name) throws BaculaException {
    requireJob(name);
    List<String> outputs =
        session(
            List.of(
                "show job=" + name,
                ".api 2",
                ".status dir scheduled",
                ".api 0",
                sql(
                    JOB_COLUMNS
                        + JOB_FROM
                        + " WHERE Job.Name = '"
                        + name
                        + "' ORDER BY Job.JobId DESC LIMIT "
                        + HISTORY)));
    List<BaculaJobRun> history = jobRuns(outputs.get(4));
    Map<String, BaculaJobRun> last = new HashMap<>();
    if (!history.isEmpty()) {
      last.put(name, history.get(0));
    }
    List<BaculaJobSummary> parsed = parseShowJobs(outputs.get(0), last, nextRuns(outputs.get(2)));
    if (parsed.isEmpty()) {
      throw new BaculaException(Kind.NOT_FOUND, "Bacula has no job named " + name + ".");
    }
    return new BaculaJobDetail(parsed.get(0), outputs.get(0).strip(), history, statistics(history));
  }

  /** One run, by {@code llist jobid=N}; empty when the catalog has no such JobId. */
  public Optional<BaculaJobRun> jobRun(long jobId) throws BaculaException {
    List<Map<String, String>> records = BconsoleOutput.llist(one("llist jobid=" + jobId));
    return records.isEmpty() ? Optional.empty() : Optional.of(fromLlist(records.get(0)));
  }

  /**
   * Runs after {@code afterJobId} in JobId order, at most {@code limit}, finished or not; the
   * import loop pages through the catalog with it.
   */
  public List<BaculaJobRun> jobRunsAfter(long afterJobId, int limit) throws BaculaException {
    return jobRuns(
        one(
            sql(
                JOB_COLUMNS
                    + JOB_FROM
                    + " WHERE Job.JobId > "
                    + afterJobId
                    + " ORDER BY Job.JobId LIMIT "
                    + limit)));
  }

  public List<BaculaClient> clients() throws BaculaException {
    List<BaculaClient> clients = new ArrayList<>();
    for (Map<String, String> row : BconsoleOutput.table(one("list clients"))) {
      clients.add(
          new BaculaClient(
              number(row.get("ClientId")),
              row.get("Name"),
              number(row.get("FileRetention")),
              number(row.get("JobRetention"))));
    }
    return clients;
  }

  /** A client with its configuration and its last runs, newest first. */
  public BaculaClientDetail clientDetail(String name) throws BaculaException {
    requireName("client", name);
    List<String> outputs =
        session(
            List.of(
                "list clients",
                ".clients",
                "show client=" + name,
                sql(
                    JOB_COLUMNS
                        + JOB_FROM
                        + " WHERE Client.Name = '"
                        + name
                        + "' ORDER BY Job.JobId DESC LIMIT "
                        + HISTORY)));
    if (!lines(outputs.get(1)).contains(name)) {
      throw new BaculaException(Kind.NOT_FOUND, "Bacula has no client named " + name + ".");
    }
    BaculaClient client =
        BconsoleOutput.table(outputs.get(0)).stream()
            .filter(row -> name.equals(row.get("Name")))
            .findFirst()
            .map(
                row ->
                    new BaculaClient(
                        number(row.get("ClientId")),
                        name,
                        number(row.get("FileRetention")),
                        number(row.get("JobRetention"))))
            // Defined in the config but never used: the catalog has no row for it yet.
            .orElse(new BaculaClient(0, name, 0, 0));
    return new BaculaClientDetail(client, outputs.get(2).strip(), jobRuns(outputs.get(3)));
  }

  public List<BaculaPool> pools() throws BaculaException {
    List<BaculaPool> pools = new ArrayList<>();
    for (Map<String, String> row : BconsoleOutput.table(one("list pools"))) {
      pools.add(
          new BaculaPool(
              number(row.get("PoolId")),
              row.get("Name"),
              row.get("PoolType"),
              number(row.get("NumVols")),
              number(row.get("MaxVols")),
              number(row.get("MaxVolBytes")),
              number(row.get("VolRetention")),
              "1".equals(row.get("Enabled")),
              row.get("LabelFormat")));
    }
    return pools;
  }

  public List<BaculaVolume> volumes() throws BaculaException {
    return volumes(one("list volumes"));
  }

  private static List<BaculaVolume> volumes(String output) {
    List<BaculaVolume> volumes = new ArrayList<>();
    for (Map<String, String> row : BconsoleOutput.table(output)) {
      volumes.add(
          new BaculaVolume(
              number(row.get("MediaId")),
              row.get("VolumeName"),
              row.get("Pool"),
              row.get("VolStatus"),
              "1".equals(row.get("Enabled")),
              number(row.get("VolBytes")),
              number(row.get("VolRetention")),
              "1".equals(row.get("Recycle")),
              row.get("MediaType"),
              row.get("LastWritten"),
              Math.max(0, number(row.get("ExpiresIn")))));
    }
    return volumes;
  }

  /**
   * Every field the catalog keeps per volume ({@code llist volumes}: slot, changer, label date,
   * jobs, errors, ...), one map per volume with its {@code Pool}.
   */
  public List<Map<String, String>> media() throws BaculaException {
    return BconsoleOutput.llist(one("llist volumes"));
  }

  /** Totals over the finished jobs of the last {@code days} days, and what runs now. */
  public BaculaDashboard dashboard(int days) throws BaculaException {
    if (days < 1 || days > 3650) {
      throw new BaculaException(Kind.BAD_INPUT, "days must be between 1 and 3650.");
    }
    Instant since = clock.instant().minusSeconds(days * 86_400L);
    String sinceText = CATALOG_TIME.format(LocalDateTime.ofInstant(since, directorZone));
    List<String> outputs =
        session(
            List.of(
                ".jobs",
                ".api 2",
                ".status dir running",
                ".api 0",
                "list pools",
                "list clients",
                sql(
                    "SELECT Job.JobStatus, Job.JobErrors, Job.Type, Job.JobBytes FROM Job"
                        + " WHERE Job.EndTime >= '"
                        + sinceText
                        + "'"),
                sql("SELECT COUNT(*) FROM Media")));
    long completed = 0;
    long warnings = 0;
    long failed = 0;
    long cancelled = 0;
    long bytes = 0;
    for (List<String> row : BconsoleOutput.sqlRows(withoutNotices(outputs.get(6)), 4)) {
      if (!BaculaJobStatus.isTerminal(row.get(0))) {
        continue;
      }
      switch (BaculaJobStatus.toRunStatus(row.get(0), number(row.get(1)))) {
        case COMPLETED -> completed++;
        case COMPLETED_WITH_WARNINGS -> warnings++;
        case CANCELLED -> cancelled++;
        default -> failed++;
      }
      if ("B".equals(row.get(2))) {
        bytes += number(row.get(3));
      }
    }
    long finished = completed + warnings + failed + cancelled;
    int running =
        (int)
            BconsoleOutput.apiBlocks(outputs.get(2)).stream()
                .filter(b -> b.containsKey("jobid"))
                .count();
    List<List<String>> media = BconsoleOutput.sqlRows(withoutNotices(outputs.get(7)), 1);
    return new BaculaDashboard(
        days,
        lines(outputs.get(0)).size(),
        finished,
        completed,
        warnings,
        failed,
        cancelled,
        running,
        finished == 0 ? null : (double) (completed + warnings) / finished,
        bytes,
        media.isEmpty() ? 0 : number(media.get(0).get(0)),
        BconsoleOutput.table(outputs.get(4)).size(),
        BconsoleOutput.table(outputs.get(5)).size());
  }

  // ---- acting --------------------------------------------------------------------------------

  /** Starts a job ({@code run job=NAME yes}) and returns its JobId. */
  public long runJob(String name) throws BaculaException {
    requireJob(name);
    String output = one("run job=" + name + " yes");
    Matcher queued = QUEUED.matcher(output);
    if (!queued.find()) {
      throw new BaculaException(
          Kind.FAILED, "Bacula did not queue job " + name + ": " + firstLine(output));
    }
    return Long.parseLong(queued.group(1));
  }

  /**
   * Cancels a job ({@code cancel jobid=N yes}). Cancelling a job that already ended does nothing;
   * the job ends {@code A} shortly after.
   */
  public void cancel(long jobId) throws BaculaException {
    one("cancel jobid=" + jobId + " yes");
  }

  /**
   * Labels a new volume into a pool ({@code label storage=S volume=V pool=P}); the storage daemon
   * writes the label, the director creates the catalog record.
   *
   * @param storage null picks the director's only storage, and is refused when it has several
   */
  public BaculaVolume labelVolume(String pool, String volume, String storage)
      throws BaculaException {
    requireName("pool", pool);
    requireName("volume", volume);
    List<String> lists = session(List.of(".pools", ".storage", "list volumes"));
    if (!lines(lists.get(0)).contains(pool)) {
      throw new BaculaException(Kind.NOT_FOUND, "Bacula has no pool named " + pool + ".");
    }
    List<String> storages = lines(lists.get(1));
    if (storage == null) {
      if (storages.size() != 1) {
        throw new BaculaException(
            Kind.BAD_INPUT,
            "The director has " + storages.size() + " storages " + storages + "; name one.");
      }
      storage = storages.get(0);
    } else {
      requireName("storage", storage);
      if (!storages.contains(storage)) {
        throw new BaculaException(Kind.NOT_FOUND, "Bacula has no storage named " + storage + ".");
      }
    }
    if (volumes(lists.get(2)).stream().anyMatch(v -> volume.equals(v.name()))) {
      throw new BaculaException(Kind.REFUSED, "A volume named " + volume + " already exists.");
    }
    String output = one("label storage=" + storage + " volume=" + volume + " pool=" + pool);
    if (!output.contains("successfully created")) {
      throw new BaculaException(
          Kind.FAILED,
          "Bacula could not label volume " + volume + " in pool " + pool + ": " + lastLine(output));
    }
    return volume(volume)
        .orElseThrow(
            () ->
                new BaculaException(
                    Kind.FAILED, "Volume " + volume + " was labelled but is not in the catalog."));
  }

  /** A volume by name ({@code list volume=NAME} is not in 9.6, so from {@code list volumes}). */
  public Optional<BaculaVolume> volume(String name) throws BaculaException {
    requireName("volume", name);
    return volumes().stream().filter(v -> name.equals(v.name())).findFirst();
  }

  /**
   * Changes volume properties, one {@code update volume=V <keyword>=<value>} per property; see
   * {@link VolumeProperty} for the keywords and the values each accepts. Returns the volume after.
   */
  public BaculaVolume updateVolume(String name, Map<VolumeProperty, String> properties)
      throws BaculaException {
    requireName("volume", name);
    if (properties.isEmpty()) {
      throw new BaculaException(Kind.BAD_INPUT, "Name at least one volume property to change.");
    }
    requireVolume(name);
    List<String> commands = new ArrayList<>();
    for (Map.Entry<VolumeProperty, String> property : properties.entrySet()) {
      String value = property.getKey().validate(property.getValue());
      if (property.getKey() == VolumeProperty.POOL && !lines(one(".pools")).contains(value)) {
        throw new BaculaException(Kind.NOT_FOUND, "Bacula has no pool named " + value + ".");
      }
      commands.add("update volume=" + name + " " + property.getKey().keyword() + "=" + value);
    }
    List<String> outputs = session(commands);
    for (int i = 0; i < outputs.size(); i++) {
      if (!outputs.get(i).contains("New ")) {
        throw new BaculaException(
            Kind.FAILED, "Bacula refused '" + commands.get(i) + "': " + lastLine(outputs.get(i)));
      }
    }
    return requireVolume(name);
  }

  /**
   * Deletes a volume's catalog record ({@code delete volume=V yes}), together with the catalog
   * records of the jobs on it; the volume file or tape itself is left alone. Refused while the
   * volume holds jobs and its retention has not expired.
   */
  public void deleteVolume(String name) throws BaculaException {
    BaculaVolume volume = requireVolume(name);
    List<List<String>> jobs =
        BconsoleOutput.sqlRows(
            withoutNotices(
                one(
                    sql(
                        "SELECT COUNT(DISTINCT JobMedia.JobId) FROM JobMedia, Media"
                            + " WHERE JobMedia.MediaId = Media.MediaId AND Media.VolumeName = '"
                            + name
                            + "'"))),
            1);
    long jobCount = jobs.isEmpty() ? 0 : number(jobs.get(0).get(0));
    if (jobCount > 0 && volume.expiresInSeconds() > 0) {
      throw new BaculaException(
          Kind.REFUSED,
          "Volume "
              + name
              + " holds "
              + jobCount
              + " job(s) its retention keeps for another "
              + volume.expiresInSeconds()
              + " s; purge or prune it first if you really mean to lose them.");
    }
    String output = one("delete volume=" + name + " yes");
    if (volume(name).isPresent()) {
      throw new BaculaException(
          Kind.FAILED, "Bacula did not delete volume " + name + ": " + lastLine(output));
    }
  }

  /**
   * Deletes a pool's catalog record ({@code delete pool=P}, confirmed with {@code yes}). Pools are
   * defined in bacula-dir.conf: while the resource stays there, the director re-creates the record
   * at its next start or reload. Refused while the pool has volumes, while a defined job names it,
   * or while catalog jobs refer to it.
   */
  public void deletePool(String name) throws BaculaException {
    requireName("pool", name);
    List<String> outputs =
        session(
            List.of(
                ".pools",
                "list pools",
                "show jobs",
                sql(
                    "SELECT COUNT(*) FROM Job, Pool WHERE Job.PoolId = Pool.PoolId AND Pool.Name ="
                        + " '"
                        + name
                        + "'")));
    Optional<Map<String, String>> row =
        BconsoleOutput.table(outputs.get(1)).stream()
            .filter(r -> name.equals(r.get("Name")))
            .findFirst();
    if (row.isEmpty()) {
      throw new BaculaException(
          Kind.NOT_FOUND, "The Bacula catalog has no pool named " + name + ".");
    }
    long volumes = number(row.get().get("NumVols"));
    if (volumes > 0) {
      throw new BaculaException(
          Kind.REFUSED,
          "Pool " + name + " still has " + volumes + " volume(s); move or delete them first.");
    }
    List<String> users =
        parseShowJobs(outputs.get(2), Map.of(), Map.of()).stream()
            .filter(j -> name.equals(j.pool()))
            .map(BaculaJobSummary::name)
            .toList();
    if (!users.isEmpty()) {
      throw new BaculaException(
          Kind.REFUSED,
          "Pool "
              + name
              + " is the pool of job(s) "
              + users
              + " in bacula-dir.conf; change them"
              + " first.");
    }
    List<List<String>> jobs = BconsoleOutput.sqlRows(withoutNotices(outputs.get(3)), 1);
    long jobCount = jobs.isEmpty() ? 0 : number(jobs.get(0).get(0));
    if (jobCount > 0) {
      throw new BaculaException(
          Kind.REFUSED,
          "Pool " + name + " is referenced by " + jobCount + " job(s) in the catalog.");
    }
    String output = session(List.of("delete pool=" + name, "yes")).get(0);
    boolean gone =
        BconsoleOutput.table(one("list pools")).stream().noneMatch(r -> name.equals(r.get("Name")));
    if (!gone) {
      throw new BaculaException(
          Kind.FAILED, "Bacula did not delete pool " + name + ": " + lastLine(output));
    }
  }

  /** Runs one console command the caller has already vetted and returns what it printed. */
  public String console(String command) throws BaculaException {
    return one(command);
  }

  // ---- helpers -------------------------------------------------------------------------------

  private void requireJob(String name) throws BaculaException {
    requireName("job", name);
    if (!jobNames().contains(name)) {
      throw new BaculaException(Kind.NOT_FOUND, "Bacula has no job named " + name + ".");
    }
  }

  private BaculaVolume requireVolume(String name) throws BaculaException {
    return volume(name)
        .orElseThrow(
            () -> new BaculaException(Kind.NOT_FOUND, "Bacula has no volume named " + name + "."));
  }

  /** Refuses names outside {@link #NAME} before they reach a command line. */
  public static void requireName(String field, String value) throws BaculaException {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new BaculaException(
          Kind.BAD_INPUT,
          field
              + " must be a Bacula name: letters, digits and - _ . : only, 1 to 127 characters"
              + " (got "
              + (value == null ? "nothing" : "'" + value + "'")
              + ").");
    }
  }

  private static String sql(String query) {
    return ".sql query=\"" + query + "\"";
  }

  private List<BaculaJobRun> jobRuns(String output) throws BaculaException {
    List<BaculaJobRun> runs = new ArrayList<>();
    for (List<String> row : BconsoleOutput.sqlRows(withoutNotices(output), JOB_COLUMN_COUNT)) {
      runs.add(
          new BaculaJobRun(
              number(row.get(0)),
              row.get(1),
              row.get(2),
              row.get(3),
              row.get(4).strip(),
              nullIfEmpty(row.get(5)),
              row.get(6),
              number(row.get(7)),
              number(row.get(8)),
              number(row.get(9)),
              time(row.get(10)),
              time(row.get(11)),
              nullIfEmpty(row.get(12))));
    }
    return runs;
  }

  private BaculaJobRun fromLlist(Map<String, String> record) {
    return new BaculaJobRun(
        number(record.get("JobId")),
        record.get("Job"),
        record.get("Name"),
        record.get("Type"),
        Objects.requireNonNullElse(record.get("Level"), "").strip(),
        nullIfEmpty(record.get("ClientName")),
        record.get("JobStatus"),
        number(record.get("JobErrors")),
        number(record.get("JobFiles")),
        number(record.get("JobBytes")),
        time(record.get("StartTime")),
        time(record.get("EndTime")),
        nullIfEmpty(record.get("PoolName")));
  }

  private static Map<String, Instant> nextRuns(String apiOutput) {
    Map<String, Instant> next = new LinkedHashMap<>();
    for (Map<String, String> block : BconsoleOutput.apiBlocks(apiOutput)) {
      String name = block.get("name");
      String epoch = block.get("schedtime_epoch");
      if (name == null || epoch == null || epoch.isBlank()) {
        continue;
      }
      Instant at = Instant.ofEpochSecond(number(epoch));
      next.merge(name, at, (a, b) -> a.isBefore(b) ? a : b);
    }
    return next;
  }

  /** Parses {@code show jobs} / {@code show job=X}: a "Job:" line, then "-->" resource lines. */
  static List<BaculaJobSummary> parseShowJobs(
      String output, Map<String, BaculaJobRun> lastRuns, Map<String, Instant> nextRuns) {
    List<BaculaJobSummary> jobs = new ArrayList<>();
    String name = null;
    String type = null;
    boolean enabled = true;
    Map<String, String> refs = new HashMap<>();
    for (String line : output.split("\n")) {
      Matcher job = SHOW_JOB.matcher(line);
      if (job.matches()) {
        if (name != null) {
          jobs.add(summary(name, type, enabled, refs, lastRuns, nextRuns));
        }
        name = job.group(1);
        type = jobType((int) number(job.group(2)));
        Matcher on = ENABLED.matcher(line);
        enabled = !on.find() || "1".equals(on.group(1));
        refs = new HashMap<>();
        continue;
      }
      Matcher ref = SHOW_REF.matcher(line);
      if (ref.matches()) {
        // The first Pool line is the job's pool; later ones (Full/Inc/Diff pools) do not replace
        // it.
        refs.putIfAbsent(ref.group(1), ref.group(2));
      }
    }
    if (name != null) {
      jobs.add(summary(name, type, enabled, refs, lastRuns, nextRuns));
    }
    return jobs;
  }

  private static BaculaJobSummary summary(
      String name,
      String type,
      boolean enabled,
      Map<String, String> refs,
      Map<String, BaculaJobRun> lastRuns,
      Map<String, Instant> nextRuns) {
    return new BaculaJobSummary(
        name,
        type,
        refs.get("Client"),
        refs.get("FileSet"),
        refs.get("Pool"),
        refs.get("Storage"),
        refs.get("Schedule"),
        enabled,
        lastRuns.get(name),
        nextRuns.get(name));
  }

  private static String jobType(int code) {
    return switch ((char) code) {
      case 'B' -> "Backup";
      case 'R' -> "Restore";
      case 'V' -> "Verify";
      case 'D' -> "Admin";
      case 'c' -> "Copy";
      case 'g' -> "Migrate";
      case 'A' -> "Archive";
      default -> String.valueOf((char) code);
    };
  }

  static BaculaJobDetail.Statistics statistics(List<BaculaJobRun> runs) {
    int finished = 0;
    int completed = 0;
    int warnings = 0;
    int failed = 0;
    int cancelled = 0;
    long bytes = 0;
    long durationTotal = 0;
    int timed = 0;
    for (BaculaJobRun run : runs) {
      if (!run.finished()) {
        continue;
      }
      finished++;
      switch (run.runStatus()) {
        case COMPLETED -> completed++;
        case COMPLETED_WITH_WARNINGS -> warnings++;
        case CANCELLED -> cancelled++;
        default -> failed++;
      }
      bytes += run.bytes();
      if (run.started() != null && run.ended() != null) {
        durationTotal += run.ended().getEpochSecond() - run.started().getEpochSecond();
        timed++;
      }
    }
    return new BaculaJobDetail.Statistics(
        finished,
        completed,
        warnings,
        failed,
        cancelled,
        bytes,
        timed == 0 ? 0 : durationTotal / timed);
  }

  /** A catalog time in the director's zone; null for "0", empty or NULL. */
  Instant time(String text) {
    if (text == null || text.isBlank() || text.equals("0") || text.equalsIgnoreCase("NULL")) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.strip(), CATALOG_TIME).atZone(directorZone).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long number(String text) {
    if (text == null) {
      return 0;
    }
    String digits = text.strip().replace(",", "");
    if (digits.isEmpty() || digits.equalsIgnoreCase("NULL")) {
      return 0;
    }
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static String nullIfEmpty(String text) {
    return text == null || text.isBlank() || text.equals("NULL") ? null : text.strip();
  }

  /** Drops the "Using Catalog" notices a catalog command prints before its rows. */
  private static String withoutNotices(String output) {
    StringBuilder kept = new StringBuilder();
    for (String line : output.split("\n", -1)) {
      if (line.startsWith("Using Catalog ") || line.startsWith("Automatically selected Catalog")) {
        continue;
      }
      kept.append(line).append('\n');
    }
    return kept.toString();
  }

  private static List<String> lines(String output) {
    return output
        .lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty())
        .filter(l -> !l.startsWith("Using Catalog") && !l.startsWith("Automatically selected"))
        .toList();
  }

  private static String firstLine(String output) {
    return lines(output).stream().findFirst().orElse("(no output)");
  }

  private static String lastLine(String output) {
    List<String> lines = lines(output);
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }
}
