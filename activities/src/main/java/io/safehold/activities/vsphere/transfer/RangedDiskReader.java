package io.safehold.activities.vsphere.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a span of a disk's flat file with one streamed HTTP GET ({@code Range: bytes=a-b}), in the
 * order the bytes come, reopening at the exact offset when the connection breaks.
 *
 * <p>Answers it accepts: 206 whose {@code Content-Range} starts at the offset asked; 200 only for a
 * read from offset 0 (a server that ignores {@code Range} sends the whole file); 416 with {@code
 * Content-Range: bytes *}{@code /size} when the offset is at or past the end of the file. A thin
 * disk's flat file may be shorter than the disk (vcsim serves it so): every byte past the file's
 * end reads as zero, up to the capacity.
 *
 * <p>Not thread-safe: one reading thread; {@link #close()} may come from another thread.
 */
final class RangedDiskReader implements AutoCloseable {

  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
  private static final Pattern UNSATISFIED_RANGE = Pattern.compile("bytes \\*/(\\d+)");

  private final HttpClient http;
  private final Consumer<HttpRequest.Builder> session;
  private final DiskSource source;
  private final DiskTransferOptions options;

  private long position;
  private long spanEnd;

  /** Size of the flat file once an answer told it; -1 while unknown. */
  private long fileSize = -1;

  private InputStream body;

  /** One past the last byte the open body carries. */
  private long bodyEnd;

  private volatile boolean closed;
  private volatile long lastProgressNanos = System.nanoTime();

  RangedDiskReader(
      HttpClient http,
      Consumer<HttpRequest.Builder> session,
      DiskSource source,
      DiskTransferOptions options) {
    this.http = http;
    this.session = session;
    this.source = source;
    this.options = options;
  }

  /** Starts reading {@code [start, end)}; the GET is sent on the first read. */
  void startSpan(long start, long end) {
    closeBody();
    position = start;
    spanEnd = end;
  }

  /** The disk offset of the next byte {@link #read} returns. */
  long position() {
    return position;
  }

  /** When a byte last arrived (or a request was last answered), for a stall watchdog. */
  long lastProgressNanos() {
    return lastProgressNanos;
  }

  /** Restarts the stall clock: the caller is about to wait for bytes again. */
  void markProgress() {
    lastProgressNanos = System.nanoTime();
  }

  /**
   * Reads between 1 and {@code length} bytes of the span into {@code buffer}, zeros past the end of
   * the file.
   *
   * @throws DiskTransferException when the host stays unreachable or answers nonsense; it names the
   *     disk, the offset and the host
   */
  int read(byte[] buffer, int offset, int length) {
    if (length <= 0 || position + length > spanEnd) {
      throw new IllegalStateException(
          "Read of " + length + " bytes at " + position + " outside the span ending " + spanEnd);
    }
    int failures = 0;
    while (true) {
      if (closed) {
        throw new DiskTransferException(
            "Reading disk " + source.name() + " was stopped at offset " + position + ".",
            true,
            null);
      }
      if (fileSize >= 0 && position >= fileSize) {
        // Past the end of a thin disk's flat file: the disk holds zeros there.
        Arrays.fill(buffer, offset, offset + length, (byte) 0);
        position += length;
        return length;
      }
      try {
        if (body == null) {
          open();
          continue;
        }
        if (position >= bodyEnd) {
          closeBody();
          continue;
        }
        int n = body.read(buffer, offset, (int) Math.min(length, bodyEnd - position));
        if (n < 0) {
          throw new IOException(
              "the answer ended at offset " + position + ", before its announced end " + bodyEnd);
        }
        position += n;
        lastProgressNanos = System.nanoTime();
        return n;
      } catch (IOException e) {
        closeBody();
        failures++;
        if (closed) {
          continue;
        }
        if (failures >= options.readAttempts()) {
          throw new DiskTransferException(
              "Could not read disk "
                  + source.name()
                  + " at offset "
                  + position
                  + " from "
                  + source.host()
                  + " ("
                  + describe(e)
                  + "); the host may be down or restarting, and the next attempt resumes after the"
                  + " last stored chunk.",
              true,
              e);
        }
        pause(options.readBackoff().toMillis() << (failures - 1));
      }
    }
  }

  /** Sends the ranged GET for {@code [position, spanEnd)} and checks the answer's framing. */
  private void open() throws IOException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(source.flatFileUrl())
            .GET()
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(options.requestTimeout())
            .header("Range", "bytes=" + position + "-" + (spanEnd - 1));
    session.accept(request);
    HttpResponse<InputStream> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    lastProgressNanos = System.nanoTime();
    int status = response.statusCode();
    String contentRange = response.headers().firstValue("Content-Range").orElse("");
    if (status == 206) {
      Matcher range = CONTENT_RANGE.matcher(contentRange);
      if (!range.matches() || Long.parseLong(range.group(1)) != position) {
        response.body().close();
        throw refused(status, "Content-Range '" + contentRange + "' does not start at " + position);
      }
      if (!range.group(3).equals("*")) {
        fileSize = Long.parseLong(range.group(3));
      }
      body = response.body();
      bodyEnd = Math.min(Long.parseLong(range.group(2)) + 1, spanEnd);
      return;
    }
    if (status == 200 && position == 0) {
      OptionalLong length = response.headers().firstValueAsLong("Content-Length");
      body = response.body();
      if (length.isPresent()) {
        fileSize = length.getAsLong();
        bodyEnd = Math.min(fileSize, spanEnd);
      } else {
        bodyEnd = spanEnd;
      }
      return;
    }
    response.body().close();
    if (status == 416) {
      Matcher unsatisfied = UNSATISFIED_RANGE.matcher(contentRange);
      if (unsatisfied.matches() && Long.parseLong(unsatisfied.group(1)) <= position) {
        fileSize = Long.parseLong(unsatisfied.group(1));
        return;
      }
      throw refused(status, "no Content-Range 'bytes */size' with size <= " + position);
    }
    if (status >= 500 || status == 401) {
      // The host is busy or restarting, or the session expired: a new attempt can succeed.
      throw new IOException("HTTP " + status);
    }
    throw refused(status, status == 404 ? "the flat file does not exist" : "unexpected status");
  }

  private DiskTransferException refused(int status, String why) {
    return new DiskTransferException(
        "Host "
            + source.host()
            + " answered HTTP "
            + status
            + " to a read of disk "
            + source.name()
            + " at offset "
            + position
            + " ("
            + why
            + "); check that the snapshot and its disk still exist.",
        false,
        null);
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  private void closeBody() {
    InputStream open = body;
    body = null;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // The connection is being dropped anyway.
      }
    }
  }

  /** Stops reading; a read blocked in another thread fails (its thread should be interrupted). */
  @Override
  public void close() {
    closed = true;
  }

  /** Releases the connection; call from the reading thread once it is done. */
  void release() {
    closeBody();
  }
}
