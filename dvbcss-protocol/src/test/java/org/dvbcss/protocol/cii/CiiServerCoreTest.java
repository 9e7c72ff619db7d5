package org.dvbcss.protocol.cii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.cii.CiiServerCore.Session;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The CII server's per-companion logic, driven by hand: no socket, no thread, no sleep. */
class CiiServerCoreTest {

  static Cii tvState() {
    return Cii.builder()
        .protocolVersion(Cii.PROTOCOL_VERSION)
        .mrsUrl(Presence.nullValue())
        .contentId("dvb://233a.1004.1044")
        .contentIdStatus(ContentIdStatus.FINAL)
        .presentationStatus(List.of("okay"))
        .wcUrl("udp://{{host}}:6677")
        .tsUrl("ws://{{host}}:{{port}}/ts")
        .teUrl(Presence.nullValue())
        .timelines(List.of(new TimelineOption("urn:dvb:css:timeline:pts", 1, 90000)))
        .privateData(List.of())
        .build();
  }

  /** What a transport with a writable connection does: take what is owed and acknowledge it. */
  private static String take(CiiServerCore core, Session session) {
    String text = core.owed(session);
    assertThat(text).as("owed").isNotNull();
    core.sent(session);
    return text;
  }

  @Test
  void theFirstMessageIsTheWholeStateWithValuesAndNulls() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    String first = take(core, s);
    assertThat(Cii.decode(first)).isEqualTo(tvState());
    assertThat(first).contains("\"mrsUrl\":null").contains("\"teUrl\":null");
    assertThat(core.owed(s)).as("up to date").isNull();
    assertThat(core.messagesSent()).isEqualTo(1);
  }

  @Test
  void aPropertyTheStateDoesNotDefineIsNotSent() {
    CiiServerCore core =
        new CiiServerCore(Cii.builder().protocolVersion().contentId("c").build(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    assertThat(take(core, s)).isEqualTo("{\"protocolVersion\":\"1.1\",\"contentId\":\"c\"}");
  }

  @Test
  void laterMessagesCarryOnlyWhatChangedAndNothingWhenNothingDid() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);

    core.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(take(core, s)).isEqualTo("{\"presentationStatus\":\"transitioning\"}");

    core.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(core.owed(s)).as("the same value again").isNull();
    core.update(Cii.empty());
    assertThat(core.owed(s)).as("no property").isNull();
    core.update(Cii.builder().mrsUrl(Presence.nullValue()).build());
    assertThat(core.owed(s)).as("null again").isNull();

    core.update(Cii.builder().mrsUrl("http://mrs.example/").teUrl("ws://te").build());
    assertThat(take(core, s))
        .isEqualTo("{\"mrsUrl\":\"http://mrs.example/\",\"teUrl\":\"ws://te\"}");
    core.update(Cii.builder().teUrl(Presence.nullValue()).build());
    assertThat(take(core, s)).isEqualTo("{\"teUrl\":null}");
    assertThat(core.messagesSent()).isEqualTo(4);
  }

  /** As {@code Cii.diff} decides: the spec asks for the status with every change of content id. */
  @Test
  void contentIdStatusIsSentWithEveryContentIdChange() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);

    core.update(Cii.builder().contentId("dvb://233a.1168.122a").build());
    assertThat(take(core, s))
        .isEqualTo("{\"contentId\":\"dvb://233a.1168.122a\",\"contentIdStatus\":\"final\"}");

    core.update(Cii.builder().contentIdStatus(ContentIdStatus.PARTIAL).build());
    assertThat(take(core, s)).isEqualTo("{\"contentIdStatus\":\"partial\"}");

    core.update(
        Cii.builder()
            .contentId(Presence.nullValue())
            .contentIdStatus(Presence.nullValue())
            .build());
    assertThat(take(core, s)).isEqualTo("{\"contentId\":null,\"contentIdStatus\":null}");
  }

  @Test
  void aSessionThatCannotTakeASendGetsOneMessageToTheLatestStateWhenItDrains() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session fast = core.open("127.0.0.1", 7681);
    Session slow = core.open("127.0.0.1", 7681);
    Cii fastMirror = Cii.update(Cii.empty(), Cii.decode(take(core, fast)));
    Cii slowMirror = Cii.update(Cii.empty(), Cii.decode(take(core, slow)));

    int changes = 100;
    for (int n = 1; n <= changes; n++) {
      core.update(
          Cii.builder()
              .contentId("dvb://content/" + n)
              .presentationStatus(List.of(n % 2 == 0 ? "okay" : "transitioning"))
              .build());
      fastMirror = Cii.update(fastMirror, Cii.decode(take(core, fast))); // slow is not asked
    }
    String drained = take(core, slow);
    slowMirror = Cii.update(slowMirror, Cii.decode(drained));

    assertThat(core.owed(slow)).isNull();
    assertThat(slowMirror).isEqualTo(core.state()).isEqualTo(fastMirror);
    assertThat(Cii.decode(drained).definedProperties())
        .containsExactly(CiiProperty.CONTENT_ID, CiiProperty.CONTENT_ID_STATUS);
    assertThat(core.messagesSent()).isEqualTo(2 + changes + 1);
  }

  @Test
  void aStateChangedAndChangedBackWhileASessionCouldNotTakeItOwesNothing() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);
    core.update(Cii.builder().presentationStatus(List.of("fault")).build());
    core.update(Cii.builder().presentationStatus(List.of("okay")).build());
    assertThat(core.owed(s)).isNull();
    assertThat(core.owed(s)).isNull();
    assertThat(core.messagesSent()).isEqualTo(1);
  }

  @Test
  void aTextNotAcknowledgedIsOwedAgainAndThenToTheLatestState() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);
    core.update(Cii.builder().presentationStatus(List.of("fault")).build());
    String unsent = core.owed(s); // the transport could not send it
    assertThat(unsent).isEqualTo("{\"presentationStatus\":\"fault\"}");
    assertThat(core.owed(s)).isEqualTo(unsent);
    core.update(Cii.builder().mrsUrl("http://mrs/").build());
    assertThat(take(core, s))
        .isEqualTo("{\"mrsUrl\":\"http://mrs/\",\"presentationStatus\":\"fault\"}");
  }

  @Test
  void anAcknowledgementCommitsWhatTheTextCarriedEvenIfTheStateMovedOnMeanwhile() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);
    core.update(Cii.builder().presentationStatus(List.of("fault")).build());
    String text = core.owed(s);
    core.update(Cii.builder().mrsUrl("http://mrs/").build()); // arrives while the text is sent
    core.sent(s);
    assertThat(text).isEqualTo("{\"presentationStatus\":\"fault\"}");
    assertThat(take(core, s)).isEqualTo("{\"mrsUrl\":\"http://mrs/\"}");
  }

  @Test
  void companionsSentTheSameStateAndOwedTheSameGetOneEncodedText() {
    CiiServerCore core =
        new CiiServerCore(tvState(), EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL));
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sessions.add(core.open("192.168.1.20", 7681));
    }
    String first = core.owed(sessions.get(0));
    for (Session s : sessions) {
      assertThat(core.owed(s)).isSameAs(first);
      core.sent(s);
    }
    core.update(Cii.builder().contentId("dvb://next").build());
    String next = core.owed(sessions.get(0));
    for (Session s : sessions) {
      assertThat(core.owed(s)).isSameAs(next);
      core.sent(s);
    }
    assertThat(core.messagesSent()).isEqualTo(20);
  }

  @ParameterizedTest
  @CsvSource({
    "127.0.0.1, 7681, udp://127.0.0.1:6677, ws://127.0.0.1:7681/ts",
    "192.168.1.20, 80, udp://192.168.1.20:6677, ws://192.168.1.20:80/ts",
    "::1, 7681, udp://[::1]:6677, ws://[::1]:7681/ts",
    "[::1], 7681, udp://[::1]:6677, ws://[::1]:7681/ts",
    "fe80::1, 1, udp://[fe80::1]:6677, ws://[fe80::1]:1/ts",
    "tv.local, 65535, udp://tv.local:6677, ws://tv.local:65535/ts",
  })
  void hostAndPortAreTheOnesEachCompanionDialled(
      String host, int port, String wcUrl, String tsUrl) {
    CiiServerCore core =
        new CiiServerCore(tvState(), EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL));
    Session s = core.open(host, port);
    Cii first = Cii.decode(take(core, s));
    assertThat(first.wcUrl().value()).isEqualTo(wcUrl);
    assertThat(first.tsUrl().value()).isEqualTo(tsUrl);
    assertThat(s.port()).isEqualTo(port);
    assertThat(s.host()).startsWith(host.contains(":") ? "[" : host);
  }

  @Test
  void eachAddressGetsItsOwnRewritingAndOnlyTheChosenPropertiesAreRewritten() {
    Cii state =
        tvState().toBuilder()
            .contentId("dvb://{{host}}")
            .teUrl("ws://{{host}}:{{port}}/te")
            .build();
    CiiServerCore core =
        new CiiServerCore(
            state, EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL, CiiProperty.TIMELINES));
    Session v4 = core.open("10.0.0.2", 7681);
    Session v6 = core.open("2001:db8::2", 7682);
    Cii a = Cii.decode(take(core, v4));
    Cii b = Cii.decode(take(core, v6));
    assertThat(a.wcUrl().value()).isEqualTo("udp://10.0.0.2:6677");
    assertThat(b.wcUrl().value()).isEqualTo("udp://[2001:db8::2]:6677");
    assertThat(a.tsUrl().value()).isEqualTo("ws://10.0.0.2:7681/ts");
    assertThat(b.tsUrl().value()).isEqualTo("ws://[2001:db8::2]:7682/ts");
    assertThat(a.contentId().value()).as("not chosen").isEqualTo("dvb://{{host}}");
    assertThat(b.teUrl().value()).as("not chosen").isEqualTo("ws://{{host}}:{{port}}/te");
    assertThat(core.state()).as("the state itself is never rewritten").isEqualTo(state);

    core.update(Cii.builder().tsUrl("wss://{{host}}:{{port}}/ts").build());
    assertThat(take(core, v4)).isEqualTo("{\"tsUrl\":\"wss://10.0.0.2:7681/ts\"}");
    assertThat(take(core, v6)).isEqualTo("{\"tsUrl\":\"wss://[2001:db8::2]:7682/ts\"}");

    core.update(Cii.builder().tsUrl(Presence.nullValue()).build());
    assertThat(take(core, v4)).as("a null is left alone").isEqualTo("{\"tsUrl\":null}");
    core.update(Cii.builder().wcUrl("udp://{{host}}:6677").build());
    assertThat(core.owed(v4)).as("rewritten the same as before: nothing changed").isNull();
  }

  @Test
  void aClosedSessionIsOwedNothing() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    core.close(s);
    core.close(s);
    assertThat(core.owed(s)).isNull();
    assertThatThrownBy(() -> core.sent(s)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void sentWithoutAnOwedTextIsAMistake() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);
    assertThatThrownBy(() -> core.sent(s))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nothing was owed");
    assertThat(core.owed(s)).isNull();
    assertThatThrownBy(() -> core.sent(s)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void companionMessagesAreCountedAndChangeNothing() {
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    Session s = core.open("127.0.0.1", 7681);
    take(core, s);
    core.received(s, "{\"contentId\":\"from a companion\"}");
    core.received(s, "not json at all");
    assertThat(core.ignoredMessages()).isEqualTo(2);
    assertThat(core.owed(s)).isNull();
    assertThat(core.state()).isEqualTo(tvState());
  }

  @Test
  void refusesWhatCannotBeUsed() {
    assertThatThrownBy(() -> new CiiServerCore(tvState(), Set.of(CiiProperty.PROTOCOL_VERSION)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("protocolVersion");
    CiiServerCore core = new CiiServerCore(tvState(), Set.of());
    assertThatThrownBy(() -> core.open("", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> core.open("tv", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port out of range:-1");
    assertThatThrownBy(() -> core.open("tv", 65536)).isInstanceOf(IllegalArgumentException.class);
  }

  // ---- seeded property ----

  static LongStream seeds() {
    return LongStream.range(0, 300);
  }

  private static final String[] HOSTS = {
    "127.0.0.1", "192.168.1.20", "::1", "[::1]", "fe80::1", "2001:db8::7", "tv.local"
  };

  private static final CiiProperty[] REWRITABLE = {
    CiiProperty.MRS_URL,
    CiiProperty.CONTENT_ID,
    CiiProperty.WC_URL,
    CiiProperty.TS_URL,
    CiiProperty.TE_URL
  };

  /** One companion as a transport would drive it, with the state it has built from its messages. */
  private static final class Companion {
    final Session session;
    final String host;
    final int port;
    boolean writable;
    Cii mirror = Cii.empty();
    int messages;

    Companion(Session session, String host, int port) {
      this.session = session;
      this.host = host;
      this.port = port;
    }
  }

  /**
   * Random updates, random companions (several sharing an address), random writability: whatever a
   * companion is sent, applied to an empty state, is the latest state rewritten for its address
   * whenever it is writable and has been given what it is owed; no message is ever empty; and once
   * a companion has what it is owed, it is owed nothing more.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void whatACompanionIsSentAlwaysBuildsTheLatestStateRewrittenForIt(long seed) {
    Random r = new Random(seed);
    CiiGen g = new CiiGen(r, r.nextBoolean());
    EnumSet<CiiProperty> rewrite = EnumSet.noneOf(CiiProperty.class);
    for (CiiProperty p : REWRITABLE) {
      if (r.nextBoolean()) {
        rewrite.add(p);
      }
    }
    Cii initial = templated(r, r.nextBoolean() ? g.fullState() : g.cii());
    CiiServerCore core = new CiiServerCore(initial, rewrite);
    List<Companion> companions = new ArrayList<>();
    int steps = 1 + r.nextInt(60);
    for (int step = 0; step < steps; step++) {
      switch (r.nextInt(6)) {
        case 0 -> {
          String host = HOSTS[r.nextInt(HOSTS.length)];
          int port = r.nextBoolean() ? 7681 : r.nextInt(65536);
          Companion c = new Companion(core.open(host, port), host, port);
          c.writable = r.nextInt(4) != 0;
          companions.add(c);
          pump(core, c);
        }
        case 1 -> {
          if (!companions.isEmpty()) {
            Companion c = companions.get(r.nextInt(companions.size()));
            c.writable = !c.writable;
            pump(core, c); // the transport's onWritable, or nothing when it became unwritable
          }
        }
        default -> {
          core.update(templated(r, r.nextInt(3) == 0 ? g.cii() : g.mutate(Cii.empty())));
          for (Companion c : companions) {
            pump(core, c);
          }
        }
      }
      for (Companion c : companions) {
        if (c.writable) {
          assertThat(c.mirror).isEqualTo(rewritten(core.state(), rewrite, c.host, c.port));
        }
      }
    }
    for (Companion c : companions) {
      c.writable = true;
      pump(core, c);
      assertThat(c.mirror).isEqualTo(rewritten(core.state(), rewrite, c.host, c.port));
      assertThat(c.messages).isLessThanOrEqualTo(steps + 1);
    }
  }

  private static void pump(CiiServerCore core, Companion c) {
    if (!c.writable) {
      return;
    }
    String text = core.owed(c.session);
    if (text != null) {
      Cii message = Cii.decode(text);
      assertThat(message.definedProperties()).as("an empty message").isNotEmpty();
      assertThat(Cii.changedProperties(c.mirror, message))
          .as("a message that changes nothing")
          .isNotEmpty();
      c.mirror = Cii.update(c.mirror, message);
      c.messages++;
      core.sent(c.session);
    }
    assertThat(core.owed(c.session)).as("owed after being sent what it was owed").isNull();
  }

  /** Some string properties of a message made into templates with {@code {{host}}} and port. */
  private static Cii templated(Random r, Cii message) {
    Cii.Builder b = message.toBuilder();
    for (CiiProperty p : REWRITABLE) {
      if (message.get(p).hasValue() && r.nextInt(3) == 0) {
        String t =
            switch (r.nextInt(4)) {
              case 0 -> "udp://{{host}}:6677";
              case 1 -> "ws://{{host}}:{{port}}/ts";
              case 2 -> "{{host}}{{host}}{{port}}";
              default -> "http://{{HOST}}:{{port}/" + r.nextInt(3);
            };
        CiiGen.set(b, p, Presence.of(t));
      }
    }
    return b.build();
  }

  @Test
  void fullStateUpdatesResendTheWholeRewrittenStateOnEveryChangeAndNothingWhenNothingChanged() {
    Set<CiiProperty> rewrite = EnumSet.of(CiiProperty.WC_URL, CiiProperty.TS_URL);
    CiiServerCore core = new CiiServerCore(tvState(), rewrite, CiiServerCore.Updates.FULL_STATE);
    assertThat(core.updates()).isEqualTo(CiiServerCore.Updates.FULL_STATE);
    Session s = core.open("10.0.0.5", 7681);
    Cii seen = rewritten(tvState(), rewrite, "10.0.0.5", 7681);
    assertThat(Cii.decode(take(core, s))).isEqualTo(seen);

    core.update(Cii.builder().presentationStatus(List.of("transitioning")).build());
    String second = take(core, s);
    seen = Cii.update(seen, Cii.builder().presentationStatus(List.of("transitioning")).build());
    assertThat(Cii.decode(second)).isEqualTo(seen);
    assertThat(Cii.decode(second).definedProperties())
        .as("every property, not just presentationStatus")
        .isEqualTo(tvState().definedProperties());
    assertThat(second).contains("\"wcUrl\":\"udp://10.0.0.5:6677\"").contains("\"mrsUrl\":null");

    Session other = core.open("10.0.0.5", 7681);
    take(core, other);
    core.update(Cii.builder().contentId("dvb://next").build());
    assertThat(take(core, other)).as("encoded once for both").isSameAs(take(core, s));

    core.update(Cii.builder().contentId("dvb://next").build());
    assertThat(core.owed(s)).as("the same value again: nothing").isNull();
    assertThat(core.messagesSent()).isEqualTo(5);
  }

  @Test
  void changesAreTheDefault() {
    assertThat(new CiiServerCore(tvState(), Set.of()).updates())
        .isEqualTo(CiiServerCore.Updates.CHANGES);
  }

  /** The state as a companion that dialled {@code host:port} should see it (written anew here). */
  private static Cii rewritten(Cii state, Set<CiiProperty> rewrite, String host, int port) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    Cii.Builder b = state.toBuilder();
    for (CiiProperty p : rewrite) {
      if (state.get(p).hasValue()) {
        String text = (String) state.get(p).value();
        CiiGen.set(
            b,
            p,
            Presence.of(text.replace("{{host}}", h).replace("{{port}}", String.valueOf(port))));
      }
    }
    return b.build();
  }
}
