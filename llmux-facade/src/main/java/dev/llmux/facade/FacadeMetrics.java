package dev.llmux.facade;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The facade's meters, in a Prometheus registry served at {@code /metrics}:
 *
 * <ul>
 *   <li>{@code llmux_facade_requests_seconds} (timer: count, sum, max) by {@code route} (a fixed
 *       route name, never the raw path) and {@code status};
 *   <li>{@code llmux_facade_stream_disconnects_total}: streams cut short because the client went
 *       away.
 * </ul>
 *
 * Other components (the router's own meters) may bind to {@link #registry()}.
 */
public final class FacadeMetrics {
  /** Prometheus text exposition format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();
  private final Counter disconnects;

  public FacadeMetrics() {
    this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  public FacadeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.disconnects =
        Counter.builder("llmux.facade.stream.disconnects")
            .description("Streams cut short because the client went away")
            .register(registry);
  }

  /** The registry; bind more meters to it to have them served at {@code /metrics}. */
  public MeterRegistry registry() {
    return registry;
  }

  void record(String route, int status, long nanos) {
    String key = route + ' ' + status;
    Timer t = timers.get(key);
    if (t == null) {
      t =
          timers.computeIfAbsent(
              key,
              k ->
                  Timer.builder("llmux.facade.requests")
                      .description(
                          "HTTP requests served by the facade (streams: until the stream ended)")
                      .tag("route", route)
                      .tag("status", Integer.toString(status))
                      .register(registry));
    }
    t.record(nanos, TimeUnit.NANOSECONDS);
  }

  void streamDisconnected() {
    disconnects.increment();
  }

  void scrape(OutputStream out) throws IOException {
    registry.scrape(out);
  }
}
