package dev.llmux.facade;

import dev.llmux.core.config.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.net.URI;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The facade's trace export ({@code tracing.enabled: true}): an OpenTelemetry SDK whose spans go to
 * an OTLP collector ({@code grpc} or {@code http/protobuf}), sampled at {@code sample_ratio}
 * (parent-based: a caller's sampling decision is kept), with {@code service.name}. Each request
 * gets a SERVER span that continues the caller's W3C {@code traceparent}; the router's spans (GenAI
 * semantic conventions) are its children; the upstream calls carry the request's {@code
 * traceparent} as an extra header ({@link #headers()}), so providers need no OpenTelemetry.
 */
final class FacadeTracing implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FacadeTracing.class);
  private static final String INSTRUMENTATION = "dev.llmux.facade";
  private static final TextMapPropagator PROPAGATOR = W3CTraceContextPropagator.getInstance();

  private static final TextMapGetter<HttpFields> HEADERS =
      new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(HttpFields carrier) {
          return carrier.getFieldNamesCollection();
        }

        @Override
        public String get(HttpFields carrier, String key) {
          return carrier == null ? null : carrier.get(key);
        }
      };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;

  private FacadeTracing(OpenTelemetrySdk sdk) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer(INSTRUMENTATION);
  }

  /** The export of {@code c} (which must be enabled). */
  static FacadeTracing create(TracingConfig c) {
    SpanExporter exporter = exporter(c);
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault().toBuilder()
                    .put(AttributeKey.stringKey("service.name"), c.serviceName())
                    .build())
            .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(c.sampleRatio())))
            .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
            .build();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(provider)
            .setPropagators(ContextPropagators.create(PROPAGATOR))
            .build();
    log.info(
        "tracing: exporting spans over OTLP {} to {} (sample ratio {}, service {})",
        c.protocol(),
        endpoint(c),
        c.sampleRatio(),
        c.serviceName());
    return new FacadeTracing(sdk);
  }

  private static SpanExporter exporter(TracingConfig c) {
    String url = endpoint(c);
    if ("http/protobuf".equals(c.protocol())) {
      return OtlpHttpSpanExporter.builder().setEndpoint(url).build();
    }
    return OtlpGrpcSpanExporter.builder().setEndpoint(url).build();
  }

  /**
   * The exporter's URL: {@code host:port} becomes {@code http://} ({@code insecure}, the default)
   * or {@code https://}; for {@code http/protobuf} a URL without a path gets {@code /v1/traces}.
   */
  static String endpoint(TracingConfig c) {
    String e = c.endpoint().trim();
    if (!e.contains("://")) {
      e = (c.insecure() ? "http://" : "https://") + e;
    }
    if ("http/protobuf".equals(c.protocol())) {
      String path = URI.create(e).getPath();
      if (path == null || path.isEmpty() || "/".equals(path)) {
        e = e.replaceAll("/$", "") + "/v1/traces";
      }
    }
    return e;
  }

  /** The SDK the router traces through ({@code LlmRouter.Builder.openTelemetry}). */
  OpenTelemetry openTelemetry() {
    return sdk;
  }

  /**
   * Starts the SERVER span of {@code request} (continuing its {@code traceparent}); each step of
   * serving the request makes it current ({@link RequestSpan#enter}).
   */
  RequestSpan begin(Request request, String method, String path) {
    Context parent = PROPAGATOR.extract(Context.root(), request.getHeaders(), HEADERS);
    Span span =
        tracer
            .spanBuilder(method + " " + path)
            .setParent(parent)
            .setSpanKind(SpanKind.SERVER)
            .setAttribute("http.request.method", method)
            .setAttribute("url.path", path)
            .startSpan();
    return new RequestSpan(span, parent.with(span));
  }

  /**
   * A request's SERVER span. A request may be served in steps on different threads (its body
   * arrives without a thread waiting): each step makes it current with {@link #enter}.
   */
  static final class RequestSpan {
    private final Span span;
    private final Context context;

    RequestSpan(Span span, Context context) {
      this.span = span;
      this.context = context;
    }

    /** Makes the span current on this thread (and its trace id the log lines'), until closed. */
    @SuppressWarnings("MustBeClosedChecker") // the caller closes it (FacadeHandler.run, finally)
    Scope enter() {
      if (span.getSpanContext().isValid()) {
        MDC.put(FacadeLogging.MDC_TRACE_ID, span.getSpanContext().getTraceId());
      }
      return context.makeCurrent();
    }

    /** Ends the span with the answer's status and the route's name. */
    void end(String method, String route, int status) {
      span.updateName(method + " " + route);
      span.setAttribute("http.route", route);
      span.setAttribute("http.response.status_code", status);
      if (status >= 500) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }

  /**
   * The {@code traceparent} (and {@code tracestate}) of the current span, for the upstream call's
   * headers; empty when there is no sampled-or-not valid span.
   */
  static Map<String, String> headers() {
    if (!Span.current().getSpanContext().isValid()) {
      return Collections.emptyMap();
    }
    Map<String, String> h = new HashMap<>();
    PROPAGATOR.inject(Context.current(), h, (m, k, v) -> m.put(k, v));
    return h;
  }

  /** Exports what is buffered (up to 10 s) and stops the exporter. */
  @Override
  public void close() {
    sdk.getSdkTracerProvider().shutdown().join(10, TimeUnit.SECONDS);
  }
}
