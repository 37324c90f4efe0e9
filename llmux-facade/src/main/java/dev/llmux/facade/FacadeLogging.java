package dev.llmux.facade;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.IOException;
import java.io.OutputStream;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * The facade jar's logging (Logback, set up in code): text lines or one JSON object per line
 * ({@code @timestamp}, {@code level}, {@code logger_name}, {@code message}, the MDC's {@code
 * call_id} and {@code trace_id}, key-value pairs as fields), on standard error. Jetty logs at warn.
 * The library modules only use SLF4J; this backend is the jar's.
 */
public final class FacadeLogging {
  /** The MDC key of the facade's call id (the {@code x-request-id}) on a request's thread. */
  public static final String MDC_CALL_ID = "call_id";

  /** The MDC key of the current trace id, when tracing is on. */
  public static final String MDC_TRACE_ID = "trace_id";

  /** The logger of the access lines: one per request. */
  public static final String ACCESS_LOGGER = "dev.llmux.facade.access";

  private static volatile OutputStream target;

  private FacadeLogging() {}

  /**
   * Applies {@code c} to the whole process: replaces every appender with one writing {@code c}'s
   * format to standard error (or where a test {@linkplain #target redirected} it).
   */
  public static synchronized void apply(LoggingConfig c) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      configure(ctx, c);
    } // else another SLF4J backend (the facade embedded in an application): leave it alone
  }

  /** Sets {@code ctx} up for {@code c} (also the start-up configuration, {@link Startup}). */
  static void configure(LoggerContext ctx, LoggingConfig c) {
    ctx.reset();
    Encoder<ILoggingEvent> encoder;
    if (c.json()) {
      LogstashEncoder e = new LogstashEncoder();
      e.setContext(ctx);
      e.setIncludeContext(false);
      e.setIncludeCallerData(false);
      e.setFieldNames(fieldNames());
      e.start();
      encoder = e;
    } else {
      PatternLayoutEncoder e = new PatternLayoutEncoder();
      e.setContext(ctx);
      e.setPattern(
          "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{0}"
              + "%replace( call=%X{call_id}){' call=$', ''}"
              + "%replace( trace=%X{trace_id}){' trace=$', ''} - %msg%replace( %kvp){'^ $', ''}%n");
      e.start();
      encoder = e;
    }
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(ctx);
    appender.setName(c.json() ? "json" : "text");
    appender.setEncoder(encoder);
    appender.setImmediateFlush(true);
    OutputStream t = target;
    OutputStream dest = t != null ? t : System.err;
    appender.setOutputStream(
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            dest.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            dest.write(b, off, len);
          }

          @Override
          public void flush() throws IOException {
            dest.flush();
          }

          @Override
          public void close() {
            // standard error stays open
          }
        });
    appender.start();
    Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(c.level(), Level.INFO));
    root.addAppender(appender);
    for (String quiet :
        new String[] {"org.eclipse.jetty", "com.zaxxer.hikari", "io.lettuce", "io.netty"}) {
      ctx.getLogger(quiet).setLevel(Level.WARN);
    }
  }

  /**
   * Logback's start-up configuration of the jar (registered as a {@code
   * ch.qos.logback.classic.spi.Configurator} service): {@code LLMUX_LOG_FORMAT} / {@code
   * LLMUX_LOG_LEVEL}, else text at info, until the file's {@code logging} section applies.
   */
  public static final class Startup extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext ctx) {
      LoggingConfig c;
      try {
        c = LoggingConfig.defaults(System.getenv());
      } catch (IllegalArgumentException e) {
        c = new LoggingConfig("text", "info", false);
      }
      FacadeLogging.configure(ctx, c);
      return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
  }

  private static net.logstash.logback.fieldnames.LogstashFieldNames fieldNames() {
    net.logstash.logback.fieldnames.LogstashFieldNames n =
        new net.logstash.logback.fieldnames.LogstashFieldNames();
    n.setTimestamp("time");
    n.setLogger("logger");
    n.setThread("thread");
    n.setLevelValue("[ignore]");
    n.setVersion("[ignore]");
    return n;
  }

  /** Tests: where the next {@link #apply} writes ({@code null}: standard error). */
  static void target(OutputStream out) {
    target = out;
  }
}
