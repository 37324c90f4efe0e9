package dev.llmux.core.internal.responses;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.CompletionChunkStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chat chunk stream read as legacy completion chunks, for deployments that map completions onto
 * chat: each choice's {@code delta.content} becomes its {@code text}, its {@code finish_reason} is
 * kept, the usage chunk stays the usage chunk. Chunks that carry nothing a completion has (the
 * role-only first chunk, tool-call or reasoning deltas) are skipped. Same contract as the upstream:
 * failures are thrown; {@link #close()} cancels it.
 */
public final class ChatToCompletionChunks implements CompletionChunkStream {
  private final ChunkStream upstream;
  private @Nullable CompletionResponse pending;

  public ChatToCompletionChunks(ChunkStream upstream) {
    this.upstream = upstream;
  }

  @Override
  public boolean hasNext() {
    while (pending == null && upstream.hasNext()) {
      pending = map(upstream.next());
    }
    return pending != null;
  }

  @Override
  public CompletionResponse next() {
    if (!hasNext()) {
      throw new NoSuchElementException("stream has ended");
    }
    CompletionResponse c = Objects.requireNonNull(pending); // hasNext() set it
    pending = null;
    return c;
  }

  /** The completion chunk of {@code c}, or {@code null} when it carries nothing for one. */
  static @Nullable CompletionResponse map(ChatCompletionChunk c) {
    List<CompletionResponse.Choice> choices = new ArrayList<>(c.choices().size());
    for (ChunkChoice ch : c.choices()) {
      String text = ch.delta() == null ? null : ch.delta().content();
      if ((text == null || text.isEmpty()) && ch.finishReason() == null) {
        continue;
      }
      choices.add(
          new CompletionResponse.Choice(
              text == null ? "" : text, ch.index(), null, ch.finishReason(), Map.of()));
    }
    if (choices.isEmpty() && c.usage() == null) {
      return null;
    }
    return new CompletionResponse(
        c.id(),
        CompletionResponse.OBJECT,
        c.created(),
        c.model(),
        choices,
        c.usage(),
        c.systemFingerprint(),
        Map.of());
  }

  @Override
  public void close() {
    upstream.close();
  }
}
