package dev.llmux.facade;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.error.NoHealthyDeploymentException;
import dev.llmux.api.error.RouterClosedException;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.Interceptor;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.CooldownConfig;
import dev.llmux.core.config.RetryConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running facade on 127.0.0.1 with an ephemeral port, serving a router over a {@link
 * FakeProvider}. Model groups: {@code gpt-4o-mini} and {@code embed} ({@code ok}), {@code
 * ratelimited}, {@code budget}, {@code upstream-500}, {@code upstream-503}, {@code timeout}, {@code
 * upstream-auth}, {@code mid-fail}, {@code slow}, {@code slow-finite}; and {@code no-healthy} and
 * {@code router-closed}, answered by an interceptor with {@link NoHealthyDeploymentException} and
 * {@link RouterClosedException}. Records every request context.
 */
final class Harness implements AutoCloseable {
  final FakeProvider provider = new FakeProvider("fake");
  final List<RequestContext> contexts = new CopyOnWriteArrayList<>();
  final LlmRouter router;
  final FacadeServer server;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  Harness() throws Exception {
    this(ServerConfig.builder().port(0).build());
  }

  Harness(ServerConfig config) throws Exception {
    this.router = router(provider, contexts);
    this.server = new FacadeServer(config, new FacadeMetrics()).router(router).start();
  }

  static LlmRouter router(FakeProvider provider, List<RequestContext> contexts) {
    return router(provider, contexts, b -> {});
  }

  /** The same router, with {@code extra} applied to its builder before it is built. */
  static LlmRouter router(
      FakeProvider provider,
      List<RequestContext> contexts,
      java.util.function.Consumer<LlmRouter.Builder> extra) {
    Interceptor noHealthy =
        new Interceptor() {
          @Override
          public RouteResult<ChatCompletionResponse> interceptChat(
              Chain<ChatCompletionRequest, RouteResult<ChatCompletionResponse>> chain) {
            contexts.add(chain.context());
            check(chain.request().model());
            return chain.proceed(chain.request(), chain.context());
          }

          @Override
          public ChatStream interceptStream(Chain<ChatCompletionRequest, ChatStream> chain) {
            contexts.add(chain.context());
            check(chain.request().model());
            return chain.proceed(chain.request(), chain.context());
          }

          private void check(String model) {
            if (model.equals("router-closed")) {
              throw new RouterClosedException("the router is closed");
            }
            if (model.equals("no-healthy")) {
              throw new NoHealthyDeploymentException(
                  "no-healthy",
                  "every deployment is cooling down",
                  Instant.now().plusMillis(2500),
                  Duration.ofMillis(2500));
            }
          }
        };
    LlmRouter.Builder b =
        LlmRouter.builder()
            .provider(provider)
            .deployment(dep("gpt-4o-mini", "ok"))
            .deployment(dep("embed", "ok"))
            .deployment(dep("huge", "huge"))
            .deployment(dep("ratelimited", "err-ratelimit"))
            .deployment(dep("budget", "err-budget"))
            .deployment(dep("upstream-500", "err-500"))
            .deployment(dep("upstream-503", "err-503"))
            .deployment(dep("timeout", "err-timeout"))
            .deployment(dep("upstream-auth", "err-auth"))
            .deployment(dep("mid-fail", "mid-fail"))
            .deployment(dep("slow", "slow"))
            .deployment(dep("slow-finite", "slow-finite"))
            .interceptor(noHealthy)
            .retry(RetryConfig.custom().numRetries(0).build())
            .cooldown(
                CooldownConfig.custom()
                    .allowedFails(1_000_000)
                    .failureThreshold(1.0)
                    .failureMinCalls(1_000_000)
                    .failureWindow(Duration.ofSeconds(60))
                    .build());
    extra.accept(b);
    return b.build();
  }

  private static Deployment dep(String group, String upstream) {
    return Deployment.builder(group, "fake").model(upstream).id("fake-" + group).build();
  }

  URI uri(String path) {
    return server.baseUri().resolve(path);
  }

  HttpResponse<String> post(String path, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String chatBody(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  static String streamBody(String model) {
    return "{\"model\":\""
        + model
        + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
  }

  @Override
  public void close() throws Exception {
    try {
      server.stop();
    } finally {
      router.close();
    }
  }
}
