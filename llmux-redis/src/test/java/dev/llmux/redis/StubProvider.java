package dev.llmux.redis;

import dev.llmux.api.chat.ChatChoice;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.ChatMessage;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.embedding.EmbeddingResponse;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.model.ModelList;
import dev.llmux.api.spi.CallOptions;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ProviderConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers every chat with 10 prompt and 5 completion tokens; models in {@code failing} answer 500.
 */
final class StubProvider implements Provider {
  private final ProviderConfig config;
  final AtomicInteger calls = new AtomicInteger();
  final Set<String> failing = ConcurrentHashMap.newKeySet();

  StubProvider(String name) {
    this.config = ProviderConfig.of(name, "stub", null, null);
  }

  @Override
  public ProviderConfig config() {
    return config;
  }

  @Override
  public ChatCompletionResponse chat(ChatCompletionRequest request, CallOptions options) {
    int n = calls.incrementAndGet();
    if (failing.contains(request.model())) {
      throw new UpstreamServerException("scripted failure", 500, null);
    }
    return ChatCompletionResponse.of(
        "chatcmpl-" + config.name() + n,
        1,
        request.model(),
        List.of(ChatChoice.of(0, ChatMessage.assistant("from " + config.name()), "stop")),
        Usage.of(10, 5));
  }

  @Override
  public ChunkStream streamChat(ChatCompletionRequest request, CallOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, CallOptions options) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ModelList listModels(CallOptions options) {
    return ModelList.of(List.of());
  }

  @Override
  public void close() {}
}
