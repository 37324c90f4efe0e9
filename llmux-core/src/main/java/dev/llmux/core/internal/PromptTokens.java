package dev.llmux.core.internal;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.core.Deployment;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The prompt's token count for one request, counted at most once per tokenizer kind however many
 * deployments, retries and fallbacks look at it. Used by one request at a time.
 */
public final class PromptTokens {
  static final PromptTokens NONE = new PromptTokens(null, null);

  private final @Nullable ChatCompletionRequest chat;
  private final @Nullable EmbeddingRequest embedding;
  private final int[] counts = {-1, -1, -1};

  public PromptTokens(@Nullable ChatCompletionRequest chat, @Nullable EmbeddingRequest embedding) {
    this.chat = chat;
    this.embedding = embedding;
  }

  /** The prompt's tokens as {@code model}'s tokenizer counts them (0 when there is no prompt). */
  public int forModel(@Nullable String model) {
    return forKind(TokenCounter.kindFor(model));
  }

  int forKind(TokenCounter.Kind kind) {
    if (chat == null && embedding == null) {
      return 0;
    }
    int i = kind.ordinal();
    int c = counts[i];
    if (c < 0) {
      c =
          chat != null
              ? TokenCounter.prompt(kind, chat)
              : TokenCounter.embedding(kind, Objects.requireNonNull(embedding));
      counts[i] = c;
    }
    return c;
  }

  /** The prompt's tokens for a deployment (its upstream model decides the tokenizer). */
  public int forDeployment(Deployment d) {
    return forModel(d.model());
  }
}
