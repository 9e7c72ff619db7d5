/**
 * The {@code dvbcss} command: {@link org.dvbcss.tools.Main} and what its subcommands share.
 *
 * <p>A subcommand is one class annotated with picocli's {@code @Command} (with {@code
 * mixinStandardHelpOptions = true} and a {@link org.dvbcss.tools.LoggingOptions} mixin), registered
 * by adding it to the {@code subcommands} list of {@link org.dvbcss.tools.Main}.
 */
@NullMarked
package org.dvbcss.tools;

import org.jspecify.annotations.NullMarked;
