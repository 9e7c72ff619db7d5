package org.dvbcss.protocol.cii;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dvbcss.protocol.Decoded;
import org.dvbcss.protocol.Deviation;
import org.dvbcss.protocol.Presence;
import org.dvbcss.protocol.PrivateData;
import org.dvbcss.protocol.ProtocolException;
import org.dvbcss.protocol.ReadMode;
import org.jspecify.annotations.Nullable;

/**
 * A CSS-CII message (ETSI TS 103 286-2), or the state a client builds from a sequence of them: ten
 * properties, each {@linkplain Presence absent, null or a value}.
 *
 * <p>On the wire a CII message is one JSON object in a WebSocket text frame, from TV to companion.
 * The first message carries every property; later ones carry at least the changed ones. An omitted
 * (absent) property keeps its previous value; {@code null} is a value of its own. So a client keeps
 * its state with {@link #update(Cii, Cii)}, and a server finds what to send with {@link #diff(Cii,
 * Cii)}.
 *
 * <p>Values follow DVB's schema (css-cii.cii-1.1.1): {@code protocolVersion} is only {@code "1.1"};
 * {@code protocolVersion}, {@code presentationStatus} and {@code private} are never null (see
 * {@link CiiProperty#isNullable()}); {@code presentationStatus} is a non-empty list of non-empty
 * tokens without spaces (on the wire they are joined by single spaces). URL and id strings are not
 * checked beyond being strings, as in the reference implementation.
 *
 * <p>Build one with {@link #builder()} or {@link #toBuilder()}; decode with {@link #decode(String)}
 * (strict) or {@link #decode(String, ReadMode)} (strict or tolerant, reporting deviations); encode
 * with {@link #encode()} (always strict).
 *
 * <p>Immutable and thread safe.
 *
 * @param protocolVersion {@code protocolVersion}: absent or {@code "1.1"}
 * @param mrsUrl {@code mrsUrl}: the material resolution server URL
 * @param contentId {@code contentId}: the content identifier
 * @param contentIdStatus {@code contentIdStatus}
 * @param presentationStatus {@code presentationStatus}: absent or its tokens, e.g. {@code [okay]}
 *     or {@code [transitioning, sub]}
 * @param wcUrl {@code wcUrl}: the CSS-WC endpoint, {@code udp://host:port}
 * @param tsUrl {@code tsUrl}: the CSS-TS endpoint
 * @param teUrl {@code teUrl}: the CSS-TE endpoint
 * @param timelines {@code timelines}: the timelines the TV can offer
 * @param privateData {@code private}: absent or private data items
 */
public record Cii(
    Presence<String> protocolVersion,
    Presence<String> mrsUrl,
    Presence<String> contentId,
    Presence<ContentIdStatus> contentIdStatus,
    Presence<List<String>> presentationStatus,
    Presence<String> wcUrl,
    Presence<String> tsUrl,
    Presence<String> teUrl,
    Presence<List<TimelineOption>> timelines,
    Presence<List<PrivateData>> privateData) {

  /** The only protocol version: {@code "1.1"}. */
  public static final String PROTOCOL_VERSION = "1.1";

  private static final Cii EMPTY = builder().build();

  /**
   * Validates the properties and copies the lists.
   *
   * @throws IllegalArgumentException naming the property and value if one is not allowed
   * @throws NullPointerException if a component is Java null (use {@link Presence#absent()})
   */
  public Cii {
    Objects.requireNonNull(protocolVersion, "protocolVersion");
    Objects.requireNonNull(mrsUrl, "mrsUrl");
    Objects.requireNonNull(contentId, "contentId");
    Objects.requireNonNull(contentIdStatus, "contentIdStatus");
    Objects.requireNonNull(presentationStatus, "presentationStatus");
    Objects.requireNonNull(wcUrl, "wcUrl");
    Objects.requireNonNull(tsUrl, "tsUrl");
    Objects.requireNonNull(teUrl, "teUrl");
    Objects.requireNonNull(timelines, "timelines");
    Objects.requireNonNull(privateData, "privateData");
    if (protocolVersion.isNull()
        || protocolVersion.hasValue() && !PROTOCOL_VERSION.equals(protocolVersion.value())) {
      throw new IllegalArgumentException(
          "Cii: protocolVersion must be \"1.1\", was " + protocolVersion);
    }
    if (presentationStatus.isNull()) {
      throw new IllegalArgumentException("Cii: presentationStatus must not be null");
    }
    presentationStatus = presentationStatus.map(List::copyOf);
    if (presentationStatus.hasValue() && !isValidTokens(presentationStatus.value())) {
      throw new IllegalArgumentException(
          "Cii: presentationStatus must be one or more non-empty tokens without spaces, was "
              + presentationStatus.value());
    }
    timelines = timelines.map(List::copyOf);
    if (privateData.isNull()) {
      throw new IllegalArgumentException("Cii: privateData must not be null");
    }
    privateData = privateData.map(List::copyOf);
  }

  private static boolean isValidTokens(List<String> tokens) {
    if (tokens.isEmpty()) {
      return false;
    }
    for (String t : tokens) {
      if (t.isEmpty() || t.indexOf(' ') >= 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * The message with every property absent; encodes as {@code {}}.
   *
   * @return the empty message
   */
  public static Cii empty() {
    return EMPTY;
  }

  /**
   * A builder with every property absent.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding this message's properties.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    for (CiiProperty p : CiiProperty.values()) {
      b.values[p.ordinal()] = get(p);
    }
    return b;
  }

  /**
   * Decodes a CII message from its JSON text. Unknown keys are ignored (in the message and in its
   * timelines); everything else is checked strictly.
   *
   * @param json the text of one WebSocket frame
   * @return the message
   * @throws ProtocolException if the text is not valid JSON, not a JSON object, or a property has a
   *     wrong type or value; the message names the property and the value, e.g. {@code CII message:
   *     contentIdStatus must be "partial" or "final", was "done"}
   */
  public static Cii decode(String json) {
    return CiiCodec.decode(json, ReadMode.STRICT).value();
  }

  /**
   * Decodes a CII message from its JSON text in a {@link ReadMode}, reporting the deviations from
   * the spec that were accepted. {@link ReadMode#STRICT} gives the same message as {@link
   * #decode(String)}; {@link ReadMode#TOLERANT} also accepts each CII {@link Deviation} (see the
   * project's {@code docs/tolerance.md}). Unknown properties are ignored in both modes and reported
   * as {@link Deviation#CII_UNKNOWN_PROPERTY}.
   *
   * @param json the text of one WebSocket frame
   * @param mode how to read it
   * @return the message and the deviations accepted to read it
   * @throws ProtocolException if the text is not a CII message that {@code mode} accepts; the
   *     message names the property and the value
   */
  public static Decoded<Cii> decode(String json, ReadMode mode) {
    return CiiCodec.decode(json, mode);
  }

  /**
   * Encodes this message as compact JSON: present properties only, absent ones omitted, null as
   * JSON {@code null}, in the order of {@link CiiProperty}. {@code decode(encode())} equals this
   * message.
   *
   * @return the JSON text
   */
  public String encode() {
    return CiiCodec.encode(this);
  }

  /**
   * One property, typed loosely; use the accessors for typed values.
   *
   * @param property the property
   * @return its state and value
   */
  public Presence<?> get(CiiProperty property) {
    switch (property) {
      case PROTOCOL_VERSION:
        return protocolVersion;
      case MRS_URL:
        return mrsUrl;
      case CONTENT_ID:
        return contentId;
      case CONTENT_ID_STATUS:
        return contentIdStatus;
      case PRESENTATION_STATUS:
        return presentationStatus;
      case WC_URL:
        return wcUrl;
      case TS_URL:
        return tsUrl;
      case TE_URL:
        return teUrl;
      case TIMELINES:
        return timelines;
      case PRIVATE:
        return privateData;
      default:
        throw new AssertionError(property);
    }
  }

  /**
   * The properties that are present (null or a value).
   *
   * @return an unmodifiable set, in {@link CiiProperty} order
   */
  public Set<CiiProperty> definedProperties() {
    EnumSet<CiiProperty> s = EnumSet.noneOf(CiiProperty.class);
    for (CiiProperty p : CiiProperty.values()) {
      if (get(p).isPresent()) {
        s.add(p);
      }
    }
    return Collections.unmodifiableSet(s);
  }

  /**
   * Whether every property is present (null or a value): a complete CII state, such as the first
   * message a server sends, or a client's state once it has received one.
   *
   * @return true if no property is absent
   */
  public boolean isFullState() {
    return definedProperties().size() == CiiProperty.values().length;
  }

  /**
   * The message that brings a client from {@code from} to {@code to}: every property that is
   * present in {@code to} and differs from {@code from}. When {@code contentId} differs, {@code
   * contentIdStatus} is included too (if present in {@code to}), even when unchanged, since the
   * spec requires it to accompany every change of content id. A property that is absent in {@code
   * to} is never included: a message cannot express "became absent".
   *
   * <p>For any {@code from} and any {@linkplain #isFullState() full} {@code to}: {@code
   * update(from, diff(from, to)).equals(to)}.
   *
   * @param from the state the client has
   * @param to the new state
   * @return the changes; {@link #empty()} when nothing changed
   */
  public static Cii diff(Cii from, Cii to) {
    Set<CiiProperty> changed = changedProperties(from, to);
    if (changed.isEmpty()) {
      return EMPTY;
    }
    Builder b = new Builder();
    for (CiiProperty p : changed) {
      b.values[p.ordinal()] = to.get(p);
    }
    if (changed.contains(CiiProperty.CONTENT_ID)) {
      b.values[CiiProperty.CONTENT_ID_STATUS.ordinal()] = to.contentIdStatus;
    }
    return b.build();
  }

  /**
   * The properties whose values a message {@code to} changes in a state {@code from}: present in
   * {@code to} and not equal to the value in {@code from}. A property re-sent with the same value
   * is not a change. This is what a client reports as per-property change events.
   *
   * @param from the state before
   * @param to the message (or state) received
   * @return an unmodifiable set, in {@link CiiProperty} order
   */
  public static Set<CiiProperty> changedProperties(Cii from, Cii to) {
    EnumSet<CiiProperty> s = EnumSet.noneOf(CiiProperty.class);
    for (CiiProperty p : CiiProperty.values()) {
      Presence<?> t = to.get(p);
      if (t.isPresent() && !t.equals(from.get(p))) {
        s.add(p);
      }
    }
    return Collections.unmodifiableSet(s);
  }

  /**
   * A state with a message applied: every property present in {@code changes} (null or a value)
   * replaces the one in {@code base}; every property absent from {@code changes} keeps its value in
   * {@code base}. This is how a client follows a server (a message that omits {@code timelines}
   * keeps the known timelines).
   *
   * @param base the state before
   * @param changes the message received
   * @return the new state
   */
  public static Cii update(Cii base, Cii changes) {
    Builder b = base.toBuilder();
    for (CiiProperty p : CiiProperty.values()) {
      Presence<?> c = changes.get(p);
      if (c.isPresent()) {
        b.values[p.ordinal()] = c;
      }
    }
    return b.build();
  }

  /**
   * This state with {@code changes} applied: the same as {@link #update(Cii, Cii) update(this,
   * changes)}. (In the reference implementation {@code combine} is the copying form of its in-place
   * {@code update}; a {@code Cii} is immutable, so the two coincide.)
   *
   * @param changes the message to apply
   * @return the new state
   */
  public Cii combine(Cii changes) {
    return update(this, changes);
  }

  /**
   * A readable form.
   *
   * @return {@code "Cii"} followed by the encoded JSON
   */
  @Override
  public String toString() {
    return "Cii" + encode();
  }

  /**
   * Builds a {@link Cii}; every property starts absent. Each setter has a form taking a value and a
   * form taking a {@link Presence} (to set absent or null explicitly).
   *
   * <p>Not thread safe; confine to one thread.
   */
  public static final class Builder {
    private final Presence<?>[] values = new Presence<?>[CiiProperty.values().length];

    private Builder() {
      java.util.Arrays.fill(values, Presence.absent());
    }

    /**
     * Sets {@code protocolVersion}.
     *
     * @param value must be {@code "1.1"}
     * @return this builder
     */
    public Builder protocolVersion(String value) {
      return set(CiiProperty.PROTOCOL_VERSION, Presence.of(value));
    }

    /**
     * Sets {@code protocolVersion} to {@code "1.1"}.
     *
     * @return this builder
     */
    public Builder protocolVersion() {
      return protocolVersion(PROTOCOL_VERSION);
    }

    /**
     * Sets {@code mrsUrl}.
     *
     * @param value the URL
     * @return this builder
     */
    public Builder mrsUrl(String value) {
      return set(CiiProperty.MRS_URL, Presence.of(value));
    }

    /**
     * Sets {@code contentId}.
     *
     * @param value the content id
     * @return this builder
     */
    public Builder contentId(String value) {
      return set(CiiProperty.CONTENT_ID, Presence.of(value));
    }

    /**
     * Sets {@code contentIdStatus}.
     *
     * @param value the status
     * @return this builder
     */
    public Builder contentIdStatus(ContentIdStatus value) {
      return set(CiiProperty.CONTENT_ID_STATUS, Presence.of(value));
    }

    /**
     * Sets {@code presentationStatus}.
     *
     * @param tokens one or more tokens, none empty or containing a space; the first is usually
     *     {@code okay}, {@code transitioning} or {@code fault}
     * @return this builder
     */
    public Builder presentationStatus(List<String> tokens) {
      return set(CiiProperty.PRESENTATION_STATUS, Presence.of(tokens));
    }

    /**
     * Sets {@code wcUrl}.
     *
     * @param value the URL, {@code udp://host:port}
     * @return this builder
     */
    public Builder wcUrl(String value) {
      return set(CiiProperty.WC_URL, Presence.of(value));
    }

    /**
     * Sets {@code tsUrl}.
     *
     * @param value the URL
     * @return this builder
     */
    public Builder tsUrl(String value) {
      return set(CiiProperty.TS_URL, Presence.of(value));
    }

    /**
     * Sets {@code teUrl}.
     *
     * @param value the URL
     * @return this builder
     */
    public Builder teUrl(String value) {
      return set(CiiProperty.TE_URL, Presence.of(value));
    }

    /**
     * Sets {@code timelines}.
     *
     * @param value the timeline options (may be empty)
     * @return this builder
     */
    public Builder timelines(List<TimelineOption> value) {
      return set(CiiProperty.TIMELINES, Presence.of(value));
    }

    /**
     * Sets {@code private}.
     *
     * @param value the private data items (may be empty)
     * @return this builder
     */
    public Builder privateData(List<PrivateData> value) {
      return set(CiiProperty.PRIVATE, Presence.of(value));
    }

    /**
     * Sets {@code protocolVersion} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder protocolVersion(Presence<String> value) {
      return set(CiiProperty.PROTOCOL_VERSION, value);
    }

    /**
     * Sets {@code mrsUrl} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder mrsUrl(Presence<String> value) {
      return set(CiiProperty.MRS_URL, value);
    }

    /**
     * Sets {@code contentId} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder contentId(Presence<String> value) {
      return set(CiiProperty.CONTENT_ID, value);
    }

    /**
     * Sets {@code contentIdStatus} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder contentIdStatus(Presence<ContentIdStatus> value) {
      return set(CiiProperty.CONTENT_ID_STATUS, value);
    }

    /**
     * Sets {@code presentationStatus} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder presentationStatus(Presence<List<String>> value) {
      return set(CiiProperty.PRESENTATION_STATUS, value);
    }

    /**
     * Sets {@code wcUrl} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder wcUrl(Presence<String> value) {
      return set(CiiProperty.WC_URL, value);
    }

    /**
     * Sets {@code tsUrl} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder tsUrl(Presence<String> value) {
      return set(CiiProperty.TS_URL, value);
    }

    /**
     * Sets {@code teUrl} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder teUrl(Presence<String> value) {
      return set(CiiProperty.TE_URL, value);
    }

    /**
     * Sets {@code timelines} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder timelines(Presence<List<TimelineOption>> value) {
      return set(CiiProperty.TIMELINES, value);
    }

    /**
     * Sets {@code private} to any state.
     *
     * @param value the state
     * @return this builder
     */
    public Builder privateData(Presence<List<PrivateData>> value) {
      return set(CiiProperty.PRIVATE, value);
    }

    /**
     * Sets a property to JSON {@code null}.
     *
     * @param property a {@linkplain CiiProperty#isNullable() nullable} property
     * @return this builder (the check happens in {@link #build()})
     */
    public Builder setNull(CiiProperty property) {
      return set(property, Presence.nullValue());
    }

    /**
     * Makes a property absent (omitted from the message).
     *
     * @param property the property
     * @return this builder
     */
    public Builder omit(CiiProperty property) {
      return set(property, Presence.absent());
    }

    private Builder set(CiiProperty p, @Nullable Presence<?> value) {
      values[p.ordinal()] = Objects.requireNonNull(value, p.wireName());
      return this;
    }

    /**
     * Builds the message.
     *
     * @return the message
     * @throws IllegalArgumentException if a property has a value it may not have
     */
    @SuppressWarnings("unchecked")
    public Cii build() {
      return new Cii(
          (Presence<String>) values[0],
          (Presence<String>) values[1],
          (Presence<String>) values[2],
          (Presence<ContentIdStatus>) values[3],
          (Presence<List<String>>) values[4],
          (Presence<String>) values[5],
          (Presence<String>) values[6],
          (Presence<String>) values[7],
          (Presence<List<TimelineOption>>) values[8],
          (Presence<List<PrivateData>>) values[9]);
    }
  }
}
