package org.dvbcss.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident memory (Linux), for the servers' {@code --status}. Thread safe. */
public final class Memory {
  private Memory() {}

  /**
   * Heap in use after a full garbage collection: what live objects take. The collection pauses the
   * process, so do not call this where latency is being measured.
   *
   * @return bytes
   */
  public static long heapAfterGc() {
    System.gc();
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /**
   * Resident set size from /proc/self/status.
   *
   * @return bytes, or -1 where that is not available
   */
  public static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
