package org.dvbcss.tools.cii;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads this process's resident memory (Linux), for the servers' {@code --stats}. Thread safe. */
public final class Memory {
  private Memory() {}

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
