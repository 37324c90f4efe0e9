package dev.llmux.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.OpenAIClientAsyncImpl;
import com.openai.client.OpenAIClientImpl;
import com.openai.client.okhttp.OkHttpClient;
import com.openai.core.ClientOptions;
import com.openai.core.http.HttpClient;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One-line factories for an openai-java {@link OpenAIClient} served by an {@link LlmRouter}:
 *
 * <pre>{@code
 * OpenAIClient client = LlmuxOpenAi.client(router);            // instead of OpenAIOkHttpClient.fromEnv()
 * OpenAIClient client = LlmuxOpenAi.wrap(existingClient, router); // keep an existing client's settings
 * }</pre>
 *
 * <p>The clients use {@link LlmuxHttpClient} as their transport and have the SDK's retries off
 * ({@code maxRetries(0)}): the router retries and falls back. Closing the client does not close the
 * router.
 */
public final class LlmuxOpenAi {
  /**
   * The API key the SDK is given when no real one is needed (routed calls never send it anywhere).
   */
  public static final String PLACEHOLDER_API_KEY = "llmux-in-process";

  private LlmuxOpenAi() {}

  /**
   * A client whose routed calls go to {@code router}; calls the router does not serve fail with a
   * 400.
   */
  public static OpenAIClient client(LlmRouter router) {
    return builder(router).build();
  }

  /**
   * {@code existing} with its transport replaced by {@code router}: same base URL, key, headers and
   * options, SDK retries off. Calls the router does not serve go to {@code existing}'s base URL
   * with its key, through a new OkHttp-based client.
   */
  public static OpenAIClient wrap(OpenAIClient existing, LlmRouter router) {
    Objects.requireNonNull(existing, "existing");
    LlmuxHttpClient http =
        LlmuxHttpClient.builder(router)
            .passThrough(OkHttpClient.builder().timeout(Duration.ofMinutes(10)).build())
            .build();
    return existing.withOptions(o -> o.httpClient(http).maxRetries(0));
  }

  public static Builder builder(LlmRouter router) {
    return new Builder(router);
  }

  /** Builder of router-backed openai-java clients. */
  public static final class Builder {
    private final LlmuxHttpClient.Builder http;
    private String baseUrl;
    private String apiKey;
    private HttpClient passThrough;
    private Consumer<ClientOptions.Builder> customizer = o -> {};

    private Builder(LlmRouter router) {
      this.http = LlmuxHttpClient.builder(router);
    }

    /**
     * The base context of every call; {@code x-llmux-*} request headers overlay it (see {@link
     * LlmuxHttpClient}).
     */
    public Builder context(Supplier<RequestContext> context) {
      http.context(context);
      return this;
    }

    /**
     * Sends calls the router does not serve (audio, images, files, batches, responses...) to a real
     * OpenAI-compatible endpoint, e.g. {@code passThrough("https://api.openai.com/v1", key)}.
     */
    public Builder passThrough(String baseUrl, String apiKey) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Sends calls the router does not serve to this client, unchanged. */
    public Builder passThrough(HttpClient client) {
      this.passThrough = Objects.requireNonNull(client, "client");
      return this;
    }

    /** Runs async calls (for {@link #buildAsync()} and {@code client.async()}). */
    public Builder executor(Executor executor) {
      http.executor(executor);
      return this;
    }

    /**
     * Any further SDK option (headers, timeouts, JSON mapper...); applied last, before retries are
     * forced to 0.
     */
    public Builder options(Consumer<ClientOptions.Builder> customizer) {
      this.customizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** The transport alone, for callers who assemble {@link ClientOptions} themselves. */
    public LlmuxHttpClient httpClient() {
      HttpClient pass = passThrough;
      if (pass == null && baseUrl != null) {
        pass = OkHttpClient.builder().timeout(Duration.ofMinutes(10)).build();
      }
      return http.passThrough(pass).build();
    }

    private ClientOptions options() {
      ClientOptions.Builder o =
          ClientOptions.builder()
              .httpClient(httpClient())
              .apiKey(apiKey != null ? apiKey : PLACEHOLDER_API_KEY);
      if (baseUrl != null) {
        o.baseUrl(baseUrl);
      }
      customizer.accept(o);
      return o.maxRetries(0).build();
    }

    public OpenAIClient build() {
      return new OpenAIClientImpl(options());
    }

    public OpenAIClientAsync buildAsync() {
      return new OpenAIClientAsyncImpl(options());
    }
  }
}
