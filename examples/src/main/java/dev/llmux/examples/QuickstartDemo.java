package dev.llmux.examples;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.spi.ProviderConfig;
import dev.llmux.core.Attempt;
import dev.llmux.core.ChatStream;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RouteResult;
import dev.llmux.core.config.RetryConfig;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The quickstart: a router with two deployments of one model group and a fallback group, one plain
 * call, one streaming call, and a fallback. Runs on the built-in mock provider with no API keys;
 * when {@code OPENAI_API_KEY} is set, the fallback group is served by OpenAI's gpt-4o-mini instead.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am -DskipTests package exec:java}.
 */
public final class QuickstartDemo {
  private QuickstartDemo() {}

  public static void main(String[] args) {
    run(System.out, System.getenv("OPENAI_API_KEY"));
  }

  static void run(PrintStream out, String openAiKey) {
    boolean realOpenAi = openAiKey != null && !openAiKey.isBlank();
    LlmRouter.Builder builder =
        LlmRouter.builder()
            // a flaky upstream: fails half its calls with 503, so the router retries on the other
            // one
            .provider(
                new ProviderConfig(
                    "flaky",
                    "mock",
                    null,
                    null,
                    Map.of("mode", "echo", "failure_rate", 0.5, "failure_status", 503, "seed", 7)))
            .provider(
                new ProviderConfig(
                    "steady", "mock", null, null, Map.of("mode", "echo", "chunk_delay", "40ms")))
            .deployment(Deployment.builder("chat", "flaky").model("mock-large").build())
            .deployment(Deployment.builder("chat", "steady").model("mock-small").build())
            // an upstream that is down: every call fails with 503, so its group falls back to
            // 'backup'
            .provider(
                new ProviderConfig(
                    "down", "mock", null, null, Map.of("failure_rate", 1.0, "failure_status", 503)))
            .deployment(Deployment.builder("primary", "down").model("mock-down").build())
            .fallbacks("primary", List.of("backup"))
            .retry(RetryConfig.custom().numRetries(1).build());
    if (realOpenAi) {
      builder
          .provider(ProviderConfig.of("openai", "openai", openAiKey, null))
          .deployment(Deployment.builder("backup", "openai").model("gpt-4o-mini").build());
    } else {
      builder
          .provider(
              new ProviderConfig(
                  "standby",
                  "mock",
                  null,
                  null,
                  Map.of("mode", "fixed", "text", "Hello from the standby deployment.")))
          .deployment(Deployment.builder("backup", "standby").model("mock-standby").build());
    }

    try (LlmRouter router = builder.build()) {
      out.println("== plain call to model group 'chat'");
      for (int i = 1; i <= 3; i++) {
        RouteResult<ChatCompletionResponse> r =
            router.chat(ChatCompletionRequest.of("chat", ChatMessage.user("Call number " + i)));
        out.printf(
            "  %s  <- %s after %d attempt(s)%n",
            r.response().text(), r.deploymentId(), r.attempts().size());
        for (Attempt a : r.attempts()) {
          if (!a.succeeded()) {
            out.printf(
                "     attempt %d on %s failed: %s%n",
                a.number(), a.deploymentId(), a.error().getMessage());
          }
        }
      }

      out.println("== streaming call");
      ChatCompletionRequest streaming =
          ChatCompletionRequest.of(
              "chat",
              ChatMessage.system("You are terse."),
              ChatMessage.user("Tell me how LLMux routes a stream"));
      try (ChatStream stream = router.stream(streaming)) {
        out.print("  ");
        for (ChatCompletionChunk chunk : stream) {
          if (!chunk.choices().isEmpty() && chunk.choices().get(0).delta().content() != null) {
            out.print(chunk.choices().get(0).delta().content());
            out.flush();
          }
        }
        RouteResult<Void> r = stream.result();
        out.printf(
            "%n  served by %s, first token after %d ms, %d prompt + %d completion tokens%n",
            r.deploymentId(),
            r.timeToFirstToken().toMillis(),
            r.usage().promptTokens(),
            r.usage().completionTokens());
      }

      out.println("== fallback: model group 'primary' is down, 'backup' answers");
      RouteResult<ChatCompletionResponse> fb =
          router.chat(ChatCompletionRequest.of("primary", ChatMessage.user("Are you there?")));
      out.printf(
          "  %s  <- %s in group '%s' after %d attempts (%s)%n",
          fb.response().text(),
          fb.deploymentId(),
          fb.modelGroup(),
          fb.attempts().size(),
          realOpenAi ? "real OpenAI" : "mock provider, no API key needed");
    }
  }
}
