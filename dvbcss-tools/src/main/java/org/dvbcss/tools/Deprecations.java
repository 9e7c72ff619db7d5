package org.dvbcss.tools;

import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The deprecation notes of a command: when an old spelling of an option or argument is used, one
 * line on stderr, {@code dvbcss COMMAND: OLD is deprecated, use NEW}, once per old spelling however
 * often it is given. The old spelling keeps working; docs/cli.md lists the vocabulary.
 *
 * <p>Add it with {@code @Mixin Deprecations deprecations;} and call {@link #used} from the hidden
 * option's setter, which sets the canonical option's field. That field takes its default from its
 * initial value, not from {@code defaultValue}: picocli applies a {@code defaultValue} after
 * parsing, over what the old spelling set. ({@code @Command} only makes it a mixin picocli
 * accepts.) Not thread safe: used on the parsing thread only.
 */
@Command
public final class Deprecations {
  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  private final Set<String> noted = new HashSet<>();

  /** For picocli. */
  public Deprecations() {}

  /**
   * The note for an old spelling.
   *
   * @param command the command's qualified name, e.g. {@code dvbcss ts-load}
   * @param old the old spelling, e.g. {@code --selector}
   * @param canonical what to use instead, e.g. {@code --timeline}
   * @return {@code COMMAND: OLD is deprecated, use CANONICAL}
   */
  public static String note(String command, String old, String canonical) {
    return command + ": " + old + " is deprecated, use " + canonical;
  }

  /**
   * Says, the first time only, that {@code old} is deprecated in favour of {@code canonical}.
   *
   * @param old the old spelling that was given
   * @param canonical what to use instead
   */
  public void used(String old, String canonical) {
    if (noted.add(old)) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(note(spec.qualifiedName(), old, canonical));
      err.flush();
    }
  }
}
