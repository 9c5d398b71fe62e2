package io.safehold.testbed.vcsim;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Writes real content into vcsim's disk files, whose flat files start empty: pseudo-random bytes
 * with runs of zeros, as a used thin disk looks. Deterministic for a seed, streamed in 1 MiB
 * blocks, so a multi-GiB disk never sits in memory.
 */
public final class DiskContent {

  /** Size of the unit that is either random or zero; a multiple of vcsim's 64 KiB CBT block. */
  public static final int BLOCK = 1024 * 1024;

  private DiskContent() {}

  /** Longest run of zero or data blocks, in 1 MiB blocks. */
  static final int MAX_RUN_BLOCKS = 16;

  /**
   * Fills {@code file} with {@code size} bytes in runs of 1 to 16 MiB that are all zero (with
   * probability {@code zeroFraction}) or random, as a used thin disk looks: long stretches never
   * written between stretches of data. Replaces what was there.
   */
  public static void writeRandomWithZeroRuns(Path file, long size, double zeroFraction, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[BLOCK];
    try (FileChannel channel =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      boolean zero = false;
      int runLeft = 0;
      for (long offset = 0; offset < size; offset += BLOCK) {
        int length = (int) Math.min(BLOCK, size - offset);
        if (runLeft == 0) {
          zero = random.nextDouble() < zeroFraction;
          runLeft = 1 + random.nextInt(MAX_RUN_BLOCKS);
        }
        runLeft--;
        if (zero) {
          java.util.Arrays.fill(block, 0, length, (byte) 0);
        } else {
          fillRandom(random, block, length);
        }
        write(channel, block, length, offset);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not write disk content to " + file, e);
    }
  }

  /** Overwrites {@code length} bytes at {@code offset} with random bytes (extending the file). */
  public static void overwrite(Path file, long offset, int length, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] block = new byte[Math.min(length, BLOCK)];
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      for (long done = 0; done < length; done += block.length) {
        int n = (int) Math.min(block.length, length - done);
        fillRandom(random, block, n);
        write(channel, block, n, offset + done);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not overwrite " + file + " at " + offset, e);
    }
  }

  /**
   * SHA-256 of the disk's content over {@code capacity} bytes, reading zeros past the end of a
   * shorter file (as vcsim serves it), as lower-case hex.
   */
  public static String sha256(Path file, long capacity) {
    MessageDigest digest = sha256();
    byte[] block = new byte[BLOCK];
    long done = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while (done < capacity && (n = in.read(block, 0, (int) Math.min(BLOCK, capacity - done))) > 0) {
        digest.update(block, 0, n);
        done += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + file, e);
    }
    java.util.Arrays.fill(block, (byte) 0);
    while (done < capacity) {
      int n = (int) Math.min(BLOCK, capacity - done);
      digest.update(block, 0, n);
      done += n;
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void fillRandom(SplittableRandom random, byte[] block, int length) {
    for (int i = 0; i < length; i += 8) {
      long value = random.nextLong();
      for (int j = 0; j < 8 && i + j < length; j++) {
        block[i + j] = (byte) (value >>> (8 * j));
      }
    }
  }

  private static void write(FileChannel channel, byte[] block, int length, long offset)
      throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(block, 0, length);
    while (buffer.hasRemaining()) {
      offset += channel.write(buffer, offset);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JDK has no SHA-256", e);
    }
  }
}
