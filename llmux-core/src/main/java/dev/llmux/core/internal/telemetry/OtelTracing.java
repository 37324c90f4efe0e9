package dev.llmux.core.internal.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** {@link Tracing} on the OpenTelemetry API. Loaded only when that API is on the class path. */
final class OtelTracing implements Tracing {
  static final String INSTRUMENTATION = "dev.llmux.core";

  private volatile @Nullable Tracer tracer;

  private OtelTracing(@Nullable Tracer tracer) {
    this.tracer = tracer;
  }

  /**
   * Tracing through {@code openTelemetry}, or through {@code GlobalOpenTelemetry} read at the first
   * traced request (not at build time: reading the global early would fix it to a no-op before the
   * application installs its SDK).
   */
  static Tracing create(@Nullable Object openTelemetry) {
    return new OtelTracing(
        openTelemetry == null ? null : ((OpenTelemetry) openTelemetry).getTracer(INSTRUMENTATION));
  }

  private Tracer tracer() {
    Tracer t = tracer;
    if (t == null) {
      t = GlobalOpenTelemetry.getTracer(INSTRUMENTATION);
      tracer = t;
    }
    return t;
  }

  @Override
  public Object start(
      String name, boolean client, @Nullable Object parent, Map<String, Object> attributes) {
    SpanBuilder b =
        tracer().spanBuilder(name).setSpanKind(client ? SpanKind.CLIENT : SpanKind.INTERNAL);
    if (parent instanceof Span p) {
      b.setParent(Context.current().with(p));
    }
    b.setAllAttributes(attributes(attributes));
    return b.startSpan();
  }

  @Override
  public void set(@Nullable Object span, Map<String, Object> attributes) {
    if (span instanceof Span s) {
      s.setAllAttributes(attributes(attributes));
    }
  }

  @Override
  public void end(@Nullable Object span, @Nullable Throwable error) {
    if (span instanceof Span s) {
      if (error != null) {
        s.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        s.recordException(error);
      }
      s.end();
    }
  }

  private static Attributes attributes(Map<String, Object> map) {
    AttributesBuilder b = Attributes.builder();
    map.forEach(
        (k, v) -> {
          if (v instanceof String s) {
            b.put(AttributeKey.stringKey(k), s);
          } else if (v instanceof Integer || v instanceof Long) {
            b.put(AttributeKey.longKey(k), ((Number) v).longValue());
          } else if (v instanceof Number n) {
            b.put(AttributeKey.doubleKey(k), n.doubleValue());
          } else if (v instanceof Boolean bool) {
            b.put(AttributeKey.booleanKey(k), bool);
          } else if (v != null) {
            b.put(AttributeKey.stringKey(k), v.toString());
          }
        });
    return b.build();
  }
}
