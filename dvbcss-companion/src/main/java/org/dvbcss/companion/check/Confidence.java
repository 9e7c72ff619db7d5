package org.dvbcss.companion.check;

/**
 * How sure the project is of a rule's source text. A rule whose text was not read in a source that
 * could be checked ({@link #RECALLED}) never FAILs: it WARNs at most ({@link Rule}).
 *
 * <p>Immutable constants; thread safe.
 */
public enum Confidence {
  /** The words or number were read in the named source. */
  QUOTED,
  /** The meaning was read in the named source; the wording is the project's. */
  PARAPHRASED,
  /** A conclusion from the named evidence (for example a workaround in shipping code). */
  INFERRED,
  /** From memory of the specification, not found in a source that could be read. */
  RECALLED
}
