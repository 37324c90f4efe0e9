package dev.llmux.facade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.config.RetryConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * One model group {@code g} of {@code openai} deployments over {@link LatencyUpstream}s, served
 * either by an {@link LlmRouter} built in Java ({@link Via#ROUTER}) or by the facade started from a
 * YAML file ({@link Via#FACADE}: {@link Main#launch} as the jar does, or, when the test injects a
 * clock or a random source, the same steps with the router's builder given them). Each call returns
 * the id of the deployment that served it, so tests count distributions.
 */
final class StrategyBench implements AutoCloseable {

  /** How calls reach the router. */
  enum Via {
    ROUTER,
    FACADE
  }

  /** A deployment of group {@code g}: its upstream and the fields both paths set. */
  record Dep(
      LatencyUpstream upstream,
      String model,
      Double weight,
      Integer rpm,
      Integer tpm,
      List<String> tags,
      Double inputCost,
      Double outputCost) {

    static Dep of(LatencyUpstream upstream) {
      return new Dep(upstream, "gpt-4o-mini", null, null, null, List.of(), null, null);
    }

    String id() {
      return upstream.name();
    }

    Dep model(String m) {
      return new Dep(upstream, m, weight, rpm, tpm, tags, inputCost, outputCost);
    }

    Dep weight(double w) {
      return new Dep(upstream, model, w, rpm, tpm, tags, inputCost, outputCost);
    }

    Dep rpm(int r) {
      return new Dep(upstream, model, weight, r, tpm, tags, inputCost, outputCost);
    }

    Dep tpm(int t) {
      return new Dep(upstream, model, weight, rpm, t, tags, inputCost, outputCost);
    }

    Dep tags(String... t) {
      return new Dep(upstream, model, weight, rpm, tpm, List.of(t), inputCost, outputCost);
    }

    Dep prices(double input, double output) {
      return new Dep(upstream, model, weight, rpm, tpm, tags, input, output);
    }

    Deployment deployment() {
      Deployment.Builder b = Deployment.builder("g", id()).model(model).id(id()).tags(tags);
      if (weight != null) {
        b.weight(weight);
      }
      if (rpm != null) {
        b.rpm(rpm);
      }
      if (tpm != null) {
        b.tpm(tpm);
      }
      if (inputCost != null) {
        b.inputCostPerToken(inputCost).outputCostPerToken(outputCost);
      }
      return b.build();
    }

    String yaml() {
      StringBuilder m = new StringBuilder("{name: g, model: " + model + ", id: " + id());
      if (weight != null) {
        m.append(", weight: ").append(weight);
      }
      if (rpm != null) {
        m.append(", rpm: ").append(rpm);
      }
      if (tpm != null) {
        m.append(", tpm: ").append(tpm);
      }
      if (!tags.isEmpty()) {
        m.append(", tags: [").append(String.join(", ", tags)).append("]");
      }
      if (inputCost != null) {
        m.append(", input_cost_per_token: ")
            .append(inputCost)
            .append(", output_cost_per_token: ")
            .append(outputCost);
      }
      return "  - name: "
          + id()
          + "\n    type: openai\n    api_key: sk-test\n    base_url: "
          + upstream.baseUrl()
          + "\n    models:\n      - "
          + m
          + "}\n";
    }
  }

  /** What a call asks for. */
  record Ask(boolean stream, List<String> tags) {
    static final Ask PLAIN = new Ask(false, List.of());
    static final Ask STREAM = new Ask(true, List.of());
  }

  /** A call refused with this HTTP status (facade) or exception status (router). */
  static final String REFUSED = "refused:";

  private final Via via;
  private final LlmRouter router;
  private final Main.Launched launched;
  private final FacadeServer server;
  private final HttpClient http;

  private StrategyBench(Via via, LlmRouter router, Main.Launched launched, FacadeServer server) {
    this.via = via;
    this.router = router;
    this.launched = launched;
    this.server = server;
    this.http =
        via == Via.ROUTER
            ? null
            : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
  }

  /**
   * Starts {@code g} with {@code strategy} over {@code deps}, no retries. {@code routingYaml} holds
   * extra lines of the {@code routing:} section (facade) and {@code builder} the same settings in
   * Java (router); {@code clock} and {@code random} (may be {@code null}) are given to the router's
   * builder on both paths.
   */
  static StrategyBench start(
      Via via,
      Path dir,
      String strategy,
      List<Dep> deps,
      String routingYaml,
      Consumer<LlmRouter.Builder> builder,
      Clock clock,
      RandomGenerator random)
      throws Exception {
    if (via == Via.ROUTER) {
      LlmRouter.Builder b =
          LlmRouter.builder().strategy(strategy).retry(RetryConfig.custom().numRetries(0).build());
      for (Dep d : deps) {
        b.provider(ProviderConfig.of(d.id(), "openai", "sk-test", d.upstream().baseUrl()));
        b.deployment(d.deployment());
      }
      builder.accept(b);
      inject(b, clock, random);
      return new StrategyBench(via, b.build(), null, null);
    }
    StringBuilder y = new StringBuilder("providers:\n");
    for (Dep d : deps) {
      y.append(d.yaml());
    }
    y.append("routing:\n  strategy: ").append(strategy).append("\n  retry_count: 0\n");
    if (!routingYaml.isEmpty()) {
      y.append(routingYaml.indent(2));
    }
    return facade(dir, y.toString(), clock, random);
  }

  /** The facade started from {@code yaml} (the file as a user writes it). */
  static StrategyBench facade(Path dir, String yaml, Clock clock, RandomGenerator random)
      throws Exception {
    Path file = Files.createTempFile(dir, "llmux", ".yaml");
    Files.writeString(file, yaml);
    if (clock == null && random == null) {
      Main.Launched l = Main.launch(file, 0);
      return new StrategyBench(Via.FACADE, l.router(), l, l.server());
    }
    // Main.launch's steps, with the test's clock or random source given to the router
    FacadeConfig fc = FacadeConfig.load(file);
    LlmRouter.Builder b = LlmRouter.builder().config(fc.router());
    inject(b, clock, random);
    LlmRouter router = b.build();
    try {
      FacadeServer s =
          new FacadeServer(fc.server().toBuilder().port(0).build(), new FacadeMetrics())
              .router(router)
              .start();
      return new StrategyBench(Via.FACADE, router, null, s);
    } catch (Exception e) {
      router.close();
      throw e;
    }
  }

  private static void inject(LlmRouter.Builder b, Clock clock, RandomGenerator random) {
    if (clock != null) {
      b.clock(clock);
    }
    if (random != null) {
      b.random(random);
    }
  }

  LlmRouter router() {
    return router;
  }

  /** One call; the id of the deployment that served it, or {@link #REFUSED} + status. */
  String call(Ask ask) throws Exception {
    return via == Via.ROUTER ? viaRouter(ask) : viaFacade(ask);
  }

  String call() throws Exception {
    return call(Ask.PLAIN);
  }

  /** {@code n} sequential calls: who served each, in order. */
  List<String> calls(int n, Ask ask) throws Exception {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(call(ask));
    }
    return out;
  }

  /** {@code callers} threads making {@code each} sequential calls at once: who served each. */
  List<String> concurrently(int callers, int each, Ask ask) throws Exception {
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        fs.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    out.add(call(ask));
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(out);
  }

  static Map<String, Integer> counts(List<String> served) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (String s : served) {
      m.merge(s, 1, Integer::sum);
    }
    return m;
  }

  private static ChatCompletionRequest request() {
    return ChatCompletionRequest.of("g", ChatMessage.user("Hi"));
  }

  private String viaRouter(Ask ask) {
    RequestContext ctx = RequestContext.builder().tags(ask.tags()).build();
    try {
      if (!ask.stream()) {
        return router.chat(request(), ctx).deploymentId();
      }
      try (ChatStream s = router.stream(request(), ctx)) {
        s.forEachRemaining(c -> {});
        return s.result().deploymentId();
      }
    } catch (LlmException e) {
      return REFUSED + e.httpStatus();
    }
  }

  private String viaFacade(Ask ask) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("model", "g");
    body.put("messages", List.of(Map.of("role", "user", "content", "Hi")));
    if (ask.stream()) {
      body.put("stream", true);
    }
    if (!ask.tags().isEmpty()) {
      body.put("tags", ask.tags());
    }
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(server.baseUri().resolve("/v1/chat/completions"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      JsonNode error = Json.read(r.body(), JsonNode.class).path("error");
      if (error.isMissingNode()) {
        throw new AssertionError("not an OpenAI error: " + r.statusCode() + " " + r.body());
      }
      return REFUSED + r.statusCode();
    }
    if (ask.stream() && !r.body().endsWith("data: [DONE]\n\n")) {
      throw new AssertionError("stream not complete: " + r.body());
    }
    return r.headers()
        .firstValue(RouteHeaders.H_DEPLOYMENT)
        .orElseThrow(() -> new AssertionError("no " + RouteHeaders.H_DEPLOYMENT + " header"));
  }

  @Override
  public void close() throws Exception {
    if (launched != null) {
      launched.stop();
    } else if (server != null) {
      try {
        server.stop();
      } finally {
        router.close();
      }
    } else {
      router.close();
    }
  }
}
