package dev.llmux.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scenario 5: the same chat call against the no-delay {@link MockUpstream} (in this JVM, on
 * loopback) through LLMux's {@link LlmRouter} (openai provider), a bare OkHttp call (the floor: one
 * POST, body read as bytes, no parsing), the official openai-java SDK and LangChain4j's
 * OpenAiChatModel. The mock's own cost is in every figure alike. Run with {@code -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClientComparisonBenchmark {
  private static final String PROMPT = "Say hello in one short sentence.";
  private static final MediaType JSON = MediaType.get("application/json");

  private MockUpstream mock;
  private LlmRouter router;
  private LlmRouter routerJetty;
  private LlmRouter routerJdk;
  private ChatCompletionRequest llmuxRequest;
  private OkHttpClient okHttp;
  private Request okRequest;
  private OpenAIClient openAi;
  private ChatCompletionCreateParams openAiParams;
  private OpenAiChatModel langchain4j;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    mock = new MockUpstream(MockUpstream.Options.noDelay()).start();
    String base = mock.baseUrl();
    router =
        LlmRouter.builder()
            .provider(ProviderConfig.of("upstream", "openai", "sk-bench", base))
            .deployment(Deployment.builder("mock-gpt", "upstream").model("mock-gpt").build())
            .build();
    routerJetty = router(base, "jetty");
    routerJdk = router(base, "jdk");
    llmuxRequest = ChatCompletionRequest.of("mock-gpt", ChatMessage.user(PROMPT));
    okHttp = new OkHttpClient();
    okRequest =
        new Request.Builder()
            .url(base + "/chat/completions")
            .header("authorization", "Bearer sk-bench")
            .post(RequestBody.create(String.format(LoadDriver.CHAT_BODY, "mock-gpt", ""), JSON))
            .build();
    openAi = OpenAIOkHttpClient.builder().apiKey("sk-bench").baseUrl(base).maxRetries(0).build();
    openAiParams =
        ChatCompletionCreateParams.builder().model("mock-gpt").addUserMessage(PROMPT).build();
    langchain4j =
        OpenAiChatModel.builder()
            .baseUrl(base)
            .apiKey("sk-bench")
            .modelName("mock-gpt")
            .maxRetries(0)
            .build();
  }

  /** The same router with the provider's {@code transport} setting. */
  private static LlmRouter router(String base, String transport) {
    return LlmRouter.builder()
        .provider(
            new ProviderConfig(
                "upstream", "openai", "sk-bench", base, Map.of("transport", transport)))
        .deployment(Deployment.builder("mock-gpt", "upstream").model("mock-gpt").build())
        .build();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    router.close();
    routerJetty.close();
    routerJdk.close();
    openAi.close();
    okHttp.dispatcher().executorService().shutdown();
    okHttp.connectionPool().evictAll();
    mock.close();
  }

  @Benchmark
  public RouteResult<ChatCompletionResponse> llmuxRouter() {
    return router.chat(llmuxRequest);
  }

  /** The router over Jetty's {@code HttpClient} (the facade's default transport). */
  @Benchmark
  public RouteResult<ChatCompletionResponse> llmuxRouterJetty() {
    return routerJetty.chat(llmuxRequest);
  }

  /** The router over {@code java.net.http.HttpClient}. */
  @Benchmark
  public RouteResult<ChatCompletionResponse> llmuxRouterJdk() {
    return routerJdk.chat(llmuxRequest);
  }

  @Benchmark
  public byte[] bareOkHttp() throws IOException {
    try (Response r = okHttp.newCall(okRequest).execute()) {
      return r.body().bytes();
    }
  }

  @Benchmark
  public ChatCompletion openAiJavaSdk() {
    return openAi.chat().completions().create(openAiParams);
  }

  @Benchmark
  public String langchain4jOpenAi() {
    return langchain4j.chat(PROMPT);
  }
}
