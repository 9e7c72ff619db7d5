package org.dvbcss.companion.player;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.dvbcss.clock.CorrelatedClock;
import org.dvbcss.net.testing.NodePeers;
import org.dvbcss.protocol.ts.AptEptLpt;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The browser companion's controller ({@code player-sync.js}, served by the TV) follows the same
 * rules as {@link PlayerSynchroniser}: seeded scenarios drive the Java synchroniser on virtual time
 * against a {@link SimulatedPlayer}, every tick's inputs (the time, the timeline's position, speed,
 * availability and dispersion, the player's reading, latency and calibration) and the Java
 * controller's outputs (rates, seeks, state, alerts, the report, the timing report) are recorded,
 * the inputs are replayed through the JavaScript in {@code node} ({@code
 * src/test/js/player-sync-replay.js}), and the two are compared on every tick: rates, seek targets
 * and the report's figures within 1e-9, states, counts, alerts and timing reports the same.
 *
 * <p>And the comparison can fail: each of a set of one-line changes to the JavaScript's rules (the
 * release threshold, the noise floor, the rate step, the rate limit, the seek lead's adaptation,
 * the cooldown, the dead-time prediction, the filter, the alert delay, the paused TV's seek, the
 * calibration, the quantum's half) is caught.
 *
 * <p>Skipped when node is missing on a developer's machine; fails instead when {@code CI} is set.
 */
class PlayerSyncJsEquivalenceTest {
  private static final String JS_RESOURCE = "org/dvbcss/tv/web/player-sync.js";
  private static final Path DRIVER = Path.of("src", "test", "js", "player-sync-replay.js");
  private static final double TICK_RATE = SyncSimulation.TICK_RATE;
  private static final long STEP = 10_000_000L;
  private static final double TOLERANCE = 1e-9;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static String node;
  private static String javaScript;
  private static List<Recorded> recorded;

  @BeforeAll
  static void recordTheJavaController() throws IOException {
    node = NodePeers.node();
    try (InputStream in =
        PlayerSyncJsEquivalenceTest.class.getClassLoader().getResourceAsStream(JS_RESOURCE)) {
      assertThat(in).as(JS_RESOURCE + " on the test class path (dvbcss-tv)").isNotNull();
      javaScript = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    recorded = new ArrayList<>();
    for (Scenario s : scenarios()) {
      recorded.add(s.record());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The scenarios

  private record Scenario(
      String name,
      long seed,
      SimulatedPlayer.Config player,
      SyncConfig config,
      double wallErrorSeconds,
      double boundSeconds,
      Consumer<Run> script) {
    Recorded record() {
      Run run = new Run(this);
      script.accept(run);
      return new Recorded(this, run.inputs, run.outputs);
    }
  }

  private static List<Scenario> scenarios() {
    SimulatedPlayer.Config typical = SimulatedPlayer.Config.defaults();
    SyncConfig defaults = SyncConfig.defaults();
    List<Scenario> list = new ArrayList<>();
    list.add(
        new Scenario(
            "converges from a 5 s offset",
            11,
            typical.withSeed(11),
            defaults,
            0.001,
            0.002,
            r -> {
              r.tvSeek(5);
              r.run(20);
            }));
    list.add(
        new Scenario(
            "a TV pause and play",
            21,
            typical.withSeed(21),
            defaults,
            0.001,
            0.002,
            r -> {
              r.run(6);
              r.tvSpeed(0);
              r.run(5);
              r.tvSpeed(1);
              r.run(6);
            }));
    list.add(
        new Scenario(
            "TV seeks, large and small",
            31,
            typical.withSeed(31),
            defaults,
            0.001,
            0.002,
            r -> {
              r.run(6);
              r.tvSeek(-40);
              r.run(5);
              r.tvSeek(0.08);
              r.run(5);
              r.tvSeek(0.4);
              r.run(0.5); // and back again within the seek's cooldown
              r.tvSeek(-0.4);
              r.run(5);
            }));
    list.add(
        new Scenario(
            "speed changes",
            41,
            typical.withSeed(41),
            defaults,
            0.001,
            0.002,
            r -> {
              r.run(6);
              r.tvSpeed(2);
              r.run(5);
              r.tvSpeed(0.5);
              r.run(5);
              r.tvSpeed(1);
              r.run(5);
            }));
    list.add(
        new Scenario(
            "coarse quantisation, jitter and a bound above the target",
            51,
            new SimulatedPlayer.Config(
                0.040, 0.002, 0.05, 0.15, 0.005, 0.03, 0.03, 120, 0, 0.2, 51),
            defaults,
            0.006,
            0.012,
            r -> r.run(25)));
    list.add(
        new Scenario(
            "stalls, on demand and at random",
            61,
            typical.withSeed(61).withStalls(4, 0.1),
            defaults,
            0.001,
            0.002,
            r -> {
              r.run(6);
              r.stall(0.5);
              r.run(4);
              r.stall(0.12);
              r.run(8);
            }));
    list.add(
        new Scenario(
            "the timeline lost and found",
            71,
            typical.withSeed(71),
            defaults,
            0.001,
            0.002,
            r -> {
              r.run(5);
              r.tvAvailable(false);
              r.run(2);
              r.tvSeek(3);
              r.tvAvailable(true);
              r.run(6);
            }));
    list.add(
        new Scenario(
            "other settings, a calibration and a latency the player does not declare",
            81,
            typical.withSeed(81).withActualLatency(0.07),
            SyncConfig.builder()
                .calibrationSeconds(0.01)
                .mediaOffsetSeconds(1.5)
                .deadTimeSeconds(0.08)
                .seekLeadSeconds(0.3)
                .actSeconds(0.004)
                .releaseSeconds(0.001)
                .rateLimit(0.08)
                .rateStep(0.001)
                .correctionHorizonSeconds(0.8)
                .cooldownSeconds(0.6)
                .filterTimeConstantSeconds(0.3)
                .alertErrorSeconds(0.015)
                .alertDelaySeconds(0.3)
                .alertClearSeconds(0.7)
                .reportIntervalSeconds(0.5)
                .reportHorizonSeconds(2)
                .build(),
            0.0015,
            0.003,
            r -> {
              r.tvSeek(2);
              r.run(6);
              r.calibrate(0.05);
              r.run(5);
              r.tvSpeed(-1);
              r.run(3);
              r.tvSpeed(1);
              r.run(4);
            }));
    list.add(
        new Scenario(
            "a fixed seek lead and a perfect player",
            91,
            new SimulatedPlayer.Config(0, 0, 0.05, 0.2, 0, 0.02, 0.02, 0, 0, 0, 91),
            SyncConfig.builder().adaptSeekLead(false).reportIntervalSeconds(0).build(),
            0,
            0.001,
            r -> {
              r.tvSeek(10);
              r.run(5);
              r.tvSeek(-1);
              r.run(5);
            }));
    return list;
  }

  /** One scenario on virtual time, a {@link SyncSimulation} whose every tick is recorded. */
  private static final class Run {
    private final SyncSimulation sim;
    private final ArrayNode inputs = JSON.createArrayNode();
    private final ArrayNode outputs = JSON.createArrayNode();
    private @Nullable ObjectNode input;
    private @Nullable ObjectNode output;

    Run(Scenario s) {
      sim =
          new SyncSimulation(
              s.player(),
              s.config(),
              s.wallErrorSeconds(),
              s.boundSeconds(),
              5,
              s.seed(),
              Recording::new,
              b ->
                  b.listener(a -> out().withArray("alerts").add(alert(a)))
                      .reportSink(
                          t -> {
                            out().put("sent", contentSeconds(t));
                            return true;
                          }),
              this::tick);
    }

    private ObjectNode in() {
      ObjectNode n = input;
      if (n == null) {
        throw new IllegalStateException("not in a tick");
      }
      return n;
    }

    private ObjectNode out() {
      ObjectNode n = output;
      if (n == null) {
        throw new IllegalStateException("not in a tick");
      }
      return n;
    }

    /** The player, recording what the synchroniser reads from it and tells it. */
    private final class Recording implements Player {
      private final Player simulated;

      Recording(Player simulated) {
        this.simulated = simulated;
      }

      @Override
      public Player.@Nullable Reading position() {
        Player.Reading r = simulated.position();
        ObjectNode n = in().putObject("reading");
        n.put("positionSeconds", r.positionSeconds());
        n.put("localNanos", r.localNanos());
        n.put("settled", r.settled());
        return r;
      }

      @Override
      public void setRate(double rate) {
        out().withArray("commands").addArray().add("rate").add(rate);
        simulated.setRate(rate);
      }

      @Override
      public void seek(double positionSeconds) {
        out().withArray("commands").addArray().add("seek").add(positionSeconds);
        simulated.seek(positionSeconds);
      }

      @Override
      public double outputLatencySeconds() {
        double l = simulated.outputLatencySeconds();
        in().put("latency", l);
        return l;
      }

      @Override
      public double positionQuantumSeconds() {
        return simulated.positionQuantumSeconds();
      }
    }

    void run(double seconds) {
      for (long i = 0; i < Math.round(seconds * 1e9 / STEP); i++) {
        sim.step(STEP);
      }
    }

    /** Records one tick's inputs, runs it, and records its outputs. */
    private void tick(Runnable tick) {
      PlayerSynchroniser sync = sim.synchroniser();
      CorrelatedClock companion = sim.companionTimeline();
      long now = sim.time().nanoTime();
      ObjectNode i = JSON.createObjectNode();
      i.put("nowNanos", now);
      i.put("calibration", sync.calibration());
      i.putNull("reading");
      ObjectNode t = i.putObject("timeline");
      boolean available = companion.isAvailable();
      t.put("available", available);
      if (available) {
        double rootTicks = now * (companion.root().tickRate() / 1e9);
        t.put("positionSeconds", companion.fromRootTicks(rootTicks) / companion.tickRate());
        t.put("speed", companion.effectiveSpeed());
        t.put("dispersionSeconds", companion.dispersion());
      }
      ObjectNode o = JSON.createObjectNode();
      o.putArray("commands");
      o.putArray("alerts");
      o.putNull("sent");
      input = i;
      output = o;
      tick.run();
      input = null;
      output = null;
      o.set("report", report(sync.report()));
      AptEptLpt timing = sync.timingReport();
      if (timing == null) {
        o.putNull("timing");
      } else {
        ObjectNode n = o.putObject("timing");
        n.put("contentSeconds", contentSeconds(timing));
        n.put(
            "slackSeconds",
            (timing.latest().wallClockTime() - timing.actual().value().wallClockTime()) / 1e9);
      }
      inputs.add(i);
      outputs.add(o);
    }

    void tvSpeed(double speed) {
      sim.tvSpeed(speed);
    }

    void tvSeek(double seconds) {
      sim.tvSeek(seconds);
    }

    void tvAvailable(boolean available) {
      sim.tvAvailable(available);
    }

    void stall(double seconds) {
      sim.player().stall(seconds);
    }

    void calibrate(double seconds) {
      sim.synchroniser().setCalibration(seconds);
    }
  }

  private static double contentSeconds(AptEptLpt t) {
    return t.actual().value().contentTime() / TICK_RATE;
  }

  private static ObjectNode alert(AccuracyAlert a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", a.kind().name());
    n.put("raised", a.raised());
    number(n, "valueSeconds", a.valueSeconds());
    number(n, "thresholdSeconds", a.thresholdSeconds());
    n.put("localNanos", a.localNanos());
    return n;
  }

  private static ObjectNode report(SyncReport r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("state", r.state().name());
    number(n, "rate", r.rate());
    number(n, "tvSpeed", r.tvSpeed());
    number(n, "errorSeconds", r.errorSeconds());
    number(n, "boundSeconds", r.boundSeconds());
    number(n, "noiseSeconds", r.noiseSeconds());
    number(n, "seekLeadSeconds", r.seekLeadSeconds());
    number(n, "secondsCounted", r.secondsCounted());
    number(n, "secondsWithinTarget", r.secondsWithinTarget());
    number(n, "worstErrorSeconds", r.worstErrorSeconds());
    number(n, "worstHeldErrorSeconds", r.worstHeldErrorSeconds());
    n.put("seeks", r.seeks());
    n.put("rateChanges", r.rateChanges());
    n.put("rateReversals", r.rateReversals());
    n.put("errorAlerts", r.errorAlerts());
    n.put("boundAlerts", r.boundAlerts());
    n.put("errorAlertActive", r.errorAlertActive());
    n.put("boundAlertActive", r.boundAlertActive());
    n.put("reportsSent", r.reportsSent());
    number(n, "shareWithinTarget", r.shareWithinTarget());
    return n;
  }

  /** Puts a number; one that is not finite as a string (JSON has none). */
  private static void number(ObjectNode n, String name, double v) {
    if (Double.isFinite(v)) {
      n.put(name, v);
    } else {
      n.put(name, Double.toString(v));
    }
  }

  private static double number(JsonNode n) {
    if (n.isString()) {
      return Double.parseDouble(n.asString());
    }
    if (!n.isNumber()) {
      throw new AssertionError("not a number: " + n);
    }
    return n.asDouble();
  }

  private static ObjectNode configJson(SyncConfig c) {
    ObjectNode n = JSON.createObjectNode();
    for (var component : SyncConfig.class.getRecordComponents()) {
      try {
        Object v = component.getAccessor().invoke(c);
        if (v instanceof Boolean b) {
          n.put(component.getName(), b);
        } else {
          n.put(component.getName(), (Double) v);
        }
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    }
    return n;
  }

  private record Recorded(Scenario scenario, ArrayNode inputs, ArrayNode outputs) {
    int ticks() {
      return inputs.size();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Running the JavaScript and comparing

  /**
   * Replays every scenario's inputs through {@code js} in node; returns its outputs by scenario.
   */
  private static List<JsonNode> replay(String js, Path dir) throws Exception {
    Path script = dir.resolve("player-sync.js");
    Files.writeString(script, js, StandardCharsets.UTF_8);
    ObjectNode in = JSON.createObjectNode();
    ArrayNode list = in.putArray("scenarios");
    for (Recorded r : recorded) {
      ObjectNode s = list.addObject();
      s.put("name", r.scenario().name());
      s.set("config", configJson(r.scenario().config()));
      s.put("quantum", r.scenario().player().quantumSeconds());
      s.set("ticks", r.inputs());
    }
    Path inFile = dir.resolve("inputs.json");
    Path outFile = dir.resolve("outputs.json");
    JSON.writeValue(inFile.toFile(), in);
    Process p =
        new ProcessBuilder(
                node,
                DRIVER.toAbsolutePath().toString(),
                script.toString(),
                inFile.toString(),
                outFile.toString())
            .redirectErrorStream(true)
            .start();
    byte[] text = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(text, StandardCharsets.UTF_8)).isZero();
    JsonNode out = JSON.readTree(outFile.toFile());
    List<JsonNode> scenarios = new ArrayList<>();
    out.get("scenarios").forEach(scenarios::add);
    assertThat(scenarios).hasSameSizeAs(recorded);
    return scenarios;
  }

  /** Every difference between the Java and the JavaScript outputs, up to a few per scenario. */
  private static List<String> differences(List<JsonNode> js) {
    List<String> found = new ArrayList<>();
    for (int s = 0; s < recorded.size(); s++) {
      Recorded r = recorded.get(s);
      JsonNode ticks = js.get(s).get("ticks");
      List<String> here = new ArrayList<>();
      if (ticks.size() != r.ticks()) {
        here.add("ticks: " + ticks.size() + " != " + r.ticks());
      }
      for (int i = 0; i < Math.min(ticks.size(), r.ticks()) && here.size() < 5; i++) {
        compareTick(r.outputs().get(i), ticks.get(i), "tick " + i, here);
      }
      for (String d : here) {
        found.add(r.scenario().name() + ", " + d);
      }
    }
    return found;
  }

  private static void compareTick(JsonNode java, JsonNode js, String where, List<String> out) {
    JsonNode jc = java.get("commands");
    JsonNode sc = js.get("commands");
    if (jc.size() != sc.size()) {
      out.add(where + ": commands " + jc + " != " + sc);
    } else {
      for (int k = 0; k < jc.size(); k++) {
        if (!jc.get(k).get(0).asString().equals(sc.get(k).get(0).asString())) {
          out.add(where + ": command " + jc.get(k) + " != " + sc.get(k));
        } else {
          close(where + " " + jc.get(k).get(0).asString(), jc.get(k).get(1), sc.get(k).get(1), out);
        }
      }
    }
    JsonNode ja = java.get("alerts");
    JsonNode sa = js.get("alerts");
    if (ja.size() != sa.size()) {
      out.add(where + ": alerts " + ja + " != " + sa);
    } else {
      for (int k = 0; k < ja.size(); k++) {
        JsonNode a = ja.get(k);
        JsonNode b = sa.get(k);
        if (!a.get("kind").equals(b.get("kind"))
            || !a.get("raised").equals(b.get("raised"))
            || a.get("localNanos").asLong() != b.get("localNanos").asLong()) {
          out.add(where + ": alert " + a + " != " + b);
        }
        close(where + " alert value", a.get("valueSeconds"), b.get("valueSeconds"), out);
        close(
            where + " alert threshold", a.get("thresholdSeconds"), b.get("thresholdSeconds"), out);
      }
    }
    JsonNode jr = java.get("report");
    JsonNode sr = js.get("report");
    for (var it = jr.properties().iterator(); it.hasNext(); ) {
      var e = it.next();
      JsonNode a = e.getValue();
      JsonNode b = sr.get(e.getKey());
      if (b == null) {
        out.add(where + ": report." + e.getKey() + " missing");
      } else if (a.isNumber() && a.isIntegralNumber()) {
        if (!b.isNumber() || a.asLong() != b.asLong()) {
          out.add(where + ": report." + e.getKey() + " " + a + " != " + b);
        }
      } else if (a.isNumber() || a.isString() && !e.getKey().equals("state")) {
        close(where + " report." + e.getKey(), a, b, out);
      } else if (!a.equals(b)) {
        out.add(where + ": report." + e.getKey() + " " + a + " != " + b);
      }
    }
    JsonNode jt = java.get("timing");
    JsonNode st = js.get("timing");
    if (jt.isNull() != st.isNull()) {
      out.add(where + ": timing " + jt + " != " + st);
    } else if (!jt.isNull()) {
      // the Java report is in whole ticks of the timeline
      ticksClose(where + " timing", jt.get("contentSeconds"), st.get("contentSeconds"), out);
      close(where + " timing slack", jt.get("slackSeconds"), st.get("slackSeconds"), out);
    }
    JsonNode js1 = java.get("sent");
    JsonNode js2 = js.get("sent");
    if (js1.isNull() != js2.isNull()) {
      out.add(where + ": report sent " + js1 + " != " + js2);
    } else if (!js1.isNull()) {
      ticksClose(where + " report sent", js1, js2, out);
    }
  }

  private static void close(String what, JsonNode a, JsonNode b, List<String> out) {
    double x = number(a);
    double y = number(b);
    boolean same =
        Double.isNaN(x)
            ? Double.isNaN(y)
            : Double.isInfinite(x) ? x == y : Math.abs(x - y) <= TOLERANCE;
    if (!same) {
      out.add(String.format(Locale.ROOT, "%s: %s != %s", what, a, b));
    }
  }

  /** Java's content time is rounded to whole ticks; the JavaScript's is not. */
  private static void ticksClose(String what, JsonNode java, JsonNode js, List<String> out) {
    double ticks = number(java) * TICK_RATE;
    double exact = number(js) * TICK_RATE;
    if (Math.abs(ticks - exact) > 0.5 + 1e-6) {
      out.add(String.format(Locale.ROOT, "%s: %.3f ticks != %.3f ticks", what, ticks, exact));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The tests

  @Test
  void theScenariosExerciseEveryRule() {
    int ticks = 0;
    long seeks = 0;
    long reversalsOrChanges = 0;
    boolean waiting = false;
    boolean paused = false;
    boolean correcting = false;
    boolean errorAlertCleared = false;
    boolean boundAlert = false;
    boolean leadAdapted = false;
    for (Recorded r : recorded) {
      ticks += r.ticks();
      for (JsonNode o : r.outputs()) {
        JsonNode rep = o.get("report");
        String state = rep.get("state").asString();
        waiting |= state.equals("WAITING");
        paused |= state.equals("PAUSED");
        correcting |= state.equals("CORRECTING");
        for (JsonNode a : o.get("alerts")) {
          errorAlertCleared |=
              a.get("kind").asString().equals("ERROR") && !a.get("raised").asBoolean();
          boundAlert |= a.get("kind").asString().equals("BOUND") && a.get("raised").asBoolean();
        }
        leadAdapted |=
            Math.abs(number(rep.get("seekLeadSeconds")) - r.scenario().config().seekLeadSeconds())
                > 1e-6;
      }
      JsonNode last = r.outputs().get(r.ticks() - 1).get("report");
      seeks += last.get("seeks").asLong();
      reversalsOrChanges += last.get("rateChanges").asLong();
    }
    assertThat(ticks).isGreaterThan(15_000);
    assertThat(seeks).isGreaterThan(10);
    assertThat(reversalsOrChanges).isGreaterThan(100);
    assertThat(waiting).as("WAITING").isTrue();
    assertThat(paused).as("PAUSED").isTrue();
    assertThat(correcting).as("CORRECTING").isTrue();
    assertThat(errorAlertCleared).as("an error alert raised and cleared").isTrue();
    assertThat(boundAlert).as("a bound alert").isTrue();
    assertThat(leadAdapted).as("the seek lead learnt").isTrue();
  }

  @Test
  void theJavaScriptDefaultsAreSyncConfigsDefaults(@TempDir Path dir) throws Exception {
    // the replays pass every setting, so a default that differs would go unseen there
    Path script = dir.resolve("player-sync.js");
    Files.writeString(script, javaScript, StandardCharsets.UTF_8);
    Process p =
        new ProcessBuilder(
                node,
                "-e",
                "process.stdout.write(JSON.stringify(require(process.argv[1]).DEFAULTS))",
                script.toString())
            .redirectErrorStream(true)
            .start();
    byte[] text = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(text, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    JsonNode js = JSON.readTree(out);
    JsonNode java = configJson(SyncConfig.defaults());
    assertThat(iterable(js.propertyNames()))
        .containsExactlyInAnyOrderElementsOf(iterable(java.propertyNames()));
    for (String name : iterable(java.propertyNames())) {
      JsonNode j = java.get(name);
      JsonNode v = js.get(name);
      if (j.isBoolean()) {
        assertThat(v.asBoolean()).as(name).isEqualTo(j.asBoolean());
      } else {
        assertThat(number(v)).as(name).isEqualTo(j.asDouble());
      }
    }
  }

  private static List<String> iterable(java.util.Collection<String> names) {
    return new ArrayList<>(names);
  }

  @Test
  void theJavaScriptControllerDoesWhatTheJavaOneDoesOnEveryTick(@TempDir Path dir)
      throws Exception {
    List<String> d = differences(replay(javaScript, dir));
    assertThat(d).as("differences between the Java and the JavaScript controllers").isEmpty();
  }

  static Stream<Arguments> mutations() {
    return Stream.of(
        Arguments.of(
            "release at the act threshold",
            "Math.abs(predicted) < release",
            "Math.abs(predicted) < act"),
        Arguments.of(
            "one filter noise in the floor, not two",
            "bound + 2 * (q / Math.sqrt(12))",
            "bound + 1 * (q / Math.sqrt(12))"),
        Arguments.of(
            "rate steps rounded down",
            "c = Math.round(c / step) * step;",
            "c = Math.trunc(c / step) * step;"),
        Arguments.of(
            "twice the rate limit",
            "const limit = cfg.rateLimit;",
            "const limit = 2 * cfg.rateLimit;"),
        Arguments.of(
            "the seek lead learnt at a quarter", "(0.5 * error) / speed", "(0.25 * error) / speed"),
        Arguments.of(
            "half the cooldown",
            "secondsToNanos(cfg.cooldownSeconds)",
            "secondsToNanos(cfg.cooldownSeconds / 2)"),
        Arguments.of("no dead-time prediction", "- speed * cfg.deadTimeSeconds;", "- speed * 0;"),
        Arguments.of(
            "a slower filter",
            "1 - Math.exp(-dt / this.config.filterTimeConstantSeconds)",
            "1 - Math.exp(-dt / (2 * this.config.filterTimeConstantSeconds))"),
        Arguments.of(
            "alerts raised after the clear time",
            "secondsToNanos(cfg.alertDelaySeconds)",
            "secondsToNanos(cfg.alertClearSeconds)"),
        Arguments.of(
            "a paused TV's player sought only beyond the seek threshold",
            "if (Math.abs(predicted) > act && canSeek) {",
            "if (Math.abs(predicted) > cfg.seekThresholdSeconds && canSeek) {"),
        Arguments.of(
            "no calibration",
            "Math.max(0, this._outputLatency()) + this._calibration",
            "Math.max(0, this._outputLatency())"),
        Arguments.of(
            "no half quantum",
            "const m = r.positionSeconds + q / 2;",
            "const m = r.positionSeconds;"),
        Arguments.of(
            "the timeline's speed ignored in the seek target",
            "latency * tl.speed + this.config.mediaOffsetSeconds",
            "latency + this.config.mediaOffsetSeconds"),
        Arguments.of(
            "a player not paused while the timeline is unavailable",
            "this._correcting = false;\n        this._command(now, 0, 0);\n      } else if",
            "this._correcting = false;\n      } else if"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mutations")
  void aChangedRuleIsCaught(String what, String from, String to, @TempDir Path dir)
      throws Exception {
    int at = javaScript.indexOf(from);
    assertThat(at).as("the rule to change is in the script: " + from).isNotNegative();
    assertThat(javaScript.indexOf(from, at + 1)).as("and only once").isNegative();
    String mutated = javaScript.replace(from, to);
    List<String> d = differences(replay(mutated, dir));
    assertThat(d).as("the comparison notices: " + what).isNotEmpty();
  }

  // ---------------------------------------------------------------------------------------------
}
