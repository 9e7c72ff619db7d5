package org.dvbcss.tools.load;

import picocli.CommandLine.Option;

/** The options every fan-out load tool takes. Not thread safe: picocli fills it once. */
public final class LoadOptions {
  @Option(
      names = "--clients",
      paramLabel = "N",
      defaultValue = "1000",
      description = "Connections to hold (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(
      names = "--changes",
      paramLabel = "K",
      defaultValue = "5",
      description = "Changes to measure before exiting (default: ${DEFAULT-VALUE}).")
  int changes;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description = "Event loop threads for all the clients (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description = "Give up after this long (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds;
}
