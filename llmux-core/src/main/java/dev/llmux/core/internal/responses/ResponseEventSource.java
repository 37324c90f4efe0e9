package dev.llmux.core.internal.responses;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.ResponseEventStream;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * Where a routed Responses stream's events come from: a native upstream event stream ({@link
 * #of(ResponseEventStream)}), or a chat chunk stream mapped to events as it is read ({@link
 * #mapped(ChunkStream, ChatToResponseEvents)}). Remembers the usage the events carried. One
 * consumer.
 */
public abstract class ResponseEventSource {
  private final ArrayDeque<ResponseStreamEvent> queue = new ArrayDeque<>();
  private @Nullable Usage usage;

  ResponseEventSource() {}

  /** Events of a native Responses stream. */
  public static ResponseEventSource of(ResponseEventStream upstream) {
    return new Native(upstream);
  }

  /** Events mapped from a chat stream by {@code translator}. */
  public static ResponseEventSource mapped(ChunkStream upstream, ChatToResponseEvents translator) {
    return new Mapped(upstream, translator);
  }

  /** Pulls until at least one event is queued; false at the end. */
  public abstract boolean fill();

  /** Closes (cancels) the upstream. */
  public abstract void close();

  /** Whether an event is queued. */
  public boolean hasQueued() {
    return !queue.isEmpty();
  }

  /** The next queued event, or {@code null}. */
  public @Nullable ResponseStreamEvent poll() {
    return queue.poll();
  }

  /** The usage the events reported, or {@code null}. */
  public @Nullable Usage usage() {
    return usage;
  }

  void add(ResponseStreamEvent e) {
    if (e.response() != null && e.response().usage() != null) {
      usage = e.response().usage().toUsage();
    }
    queue.add(e);
  }

  void usageIfNone(@Nullable Usage u) {
    if (usage == null && u != null) {
      usage = u;
    }
  }

  private static final class Native extends ResponseEventSource {
    private final ResponseEventStream upstream;

    Native(ResponseEventStream upstream) {
      this.upstream = upstream;
    }

    @Override
    public boolean fill() {
      if (hasQueued()) {
        return true;
      }
      if (!upstream.hasNext()) {
        return false;
      }
      add(upstream.next());
      return true;
    }

    @Override
    public void close() {
      upstream.close();
    }
  }

  private static final class Mapped extends ResponseEventSource {
    private final ChunkStream upstream;
    private final ChatToResponseEvents translator;
    private boolean ended;

    Mapped(ChunkStream upstream, ChatToResponseEvents translator) {
      this.upstream = upstream;
      this.translator = translator;
    }

    @Override
    public boolean fill() {
      while (!hasQueued()) {
        if (ended) {
          return false;
        }
        if (upstream.hasNext()) {
          ChatCompletionChunk c = upstream.next();
          translator.onChunk(c, this::add);
        } else {
          ended = true;
          translator.onEnd(this::add);
          usageIfNone(translator.usage());
        }
      }
      return true;
    }

    @Override
    public void close() {
      upstream.close();
    }
  }
}
