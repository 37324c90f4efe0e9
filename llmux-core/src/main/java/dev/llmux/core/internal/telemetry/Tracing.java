package dev.llmux.core.internal.telemetry;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Optional tracing. The OpenTelemetry implementation is used only when the OpenTelemetry API is on
 * the class path; otherwise (or when turned off) every call is a no-op and no OpenTelemetry class
 * is ever loaded. Spans are opaque objects to the rest of core.
 */
public interface Tracing {
  /** Starts a span; {@code parent} is another span from this tracing or {@code null}. */
  @Nullable Object start(
      String name, boolean client, @Nullable Object parent, Map<String, Object> attributes);

  /** Adds attributes to a span. */
  void set(@Nullable Object span, Map<String, Object> attributes);

  /** Ends a span, recording {@code error} when not null. */
  void end(@Nullable Object span, @Nullable Throwable error);

  Tracing NOOP =
      new Tracing() {
        @Override
        public @Nullable Object start(
            String name, boolean client, @Nullable Object parent, Map<String, Object> attributes) {
          return null;
        }

        @Override
        public void set(@Nullable Object span, Map<String, Object> attributes) {}

        @Override
        public void end(@Nullable Object span, @Nullable Throwable error) {}
      };

  String OTEL_PROBE = "io.opentelemetry.api.GlobalOpenTelemetry";

  /** Whether the OpenTelemetry API can be loaded by {@code loader}. */
  static boolean otelAvailable(ClassLoader loader) {
    try {
      Class.forName(OTEL_PROBE, false, loader);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Whether {@code o} is an {@code io.opentelemetry.api.OpenTelemetry} (false when the API is
   * absent).
   */
  static boolean isOpenTelemetry(Object o, ClassLoader loader) {
    try {
      return Class.forName("io.opentelemetry.api.OpenTelemetry", false, loader).isInstance(o);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * OpenTelemetry tracing through {@code openTelemetry} (an {@code
   * io.opentelemetry.api.OpenTelemetry}, or {@code null} for {@code GlobalOpenTelemetry}), or
   * {@link #NOOP} when the API is absent.
   */
  static Tracing create(@Nullable Object openTelemetry, ClassLoader loader) {
    if (!otelAvailable(loader)) {
      return NOOP;
    }
    try {
      return OtelTracing.create(openTelemetry);
    } catch (LinkageError e) {
      Logger log = LoggerFactory.getLogger(Tracing.class);
      log.warn("OpenTelemetry API found but unusable; tracing is off: {}", e.toString());
      return NOOP;
    }
  }
}
