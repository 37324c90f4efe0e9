package dev.llmux.core.config;

import org.jspecify.annotations.Nullable;

/**
 * A configuration file that cannot be loaded: a syntax error, an unknown key, a value of the wrong
 * type or out of range, an unset environment variable, a duplicate name. The message starts with
 * {@code <source>:<line>: } so that it points at the offending line, for example {@code
 * router.yaml:12: unknown key 'retry_cont' in routing (known: strategy, ...)}.
 */
public class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Serialized with the exception. */
  private final String source;

  /** Serialized with the exception. */
  private final int line;

  /** Serialized with the exception. */
  private final String detail;

  /**
   * @param source the name of the configuration source (usually the file name); never null
   * @param line the 1-based line the problem is on, or 0 when unknown
   * @param detail what is wrong, without the location prefix
   */
  public ConfigException(String source, int line, String detail) {
    this(source, line, detail, null);
  }

  /** Same as {@link #ConfigException(String, int, String)} with the underlying cause. */
  public ConfigException(String source, int line, String detail, @Nullable Throwable cause) {
    super(format(source, line, detail), cause);
    this.source = source == null ? "<config>" : source;
    this.line = Math.max(0, line);
    this.detail = detail;
  }

  private static String format(String source, int line, String detail) {
    String src = source == null ? "<config>" : source;
    return line > 0 ? src + ":" + line + ": " + detail : src + ": " + detail;
  }

  /** The name of the configuration source, as given to the loader. */
  public String source() {
    return source;
  }

  /** The 1-based line of the problem, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** The description of the problem without the {@code source:line:} prefix. */
  public String detail() {
    return detail;
  }
}
