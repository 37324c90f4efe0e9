package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChunkChoice;
import dev.llmux.api.chat.ToolCall;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.ConnectionException;
import dev.llmux.api.error.LlmException;
import dev.llmux.api.spi.ChunkStream;
import java.time.Duration;

/**
 * The stream handed to the caller once the first chunk arrived. Passes chunks through, tracks usage
 * (the provider's usage chunk, or an estimate from the streamed text), strips the usage chunk when
 * the caller did not ask for it (LLMux always asks upstream so it can account), and synthesizes one
 * when the caller asked but the upstream sent none. Failures are rethrown, never swallowed.
 */
final class RoutedChatStream implements ChatStream {
  private final ChunkStream upstream;
  private final boolean callerWantsUsage;
  private final int promptEstimate;
  private final Ticker ticker;
  private final long startNanos;
  private final Duration timeToFirstToken;
  private final RouteResultFactory results;
  private final Observer observer;

  private ChatCompletionChunk unprocessedFirst;
  private ChatCompletionChunk pending;
  private Usage usage;
  private int completionChars;
  private String lastId;
  private String lastModel;
  private long lastCreated;
  private boolean usageEmitted;
  private boolean done;
  private RouteResult<Void> finalResult;

  /** Sees every upstream chunk and the end of the stream ({@code completed} is false on failure or close). */
  interface Observer {
    Observer NONE = new Observer() {};

    default void onChunk(ChatCompletionChunk chunk) {}

    default void onEnd(RouteResult<Void> result, boolean completed) {}
  }

  /** Builds the {@link RouteResult} for the stream from its final usage and latency. */
  @FunctionalInterface
  interface RouteResultFactory {
    RouteResult<Void> make(Usage usage, Duration latency, Duration timeToFirstToken);
  }

  RoutedChatStream(ChunkStream upstream, ChatCompletionChunk first, boolean callerWantsUsage,
      int promptEstimate, Ticker ticker, long startNanos, Duration timeToFirstToken,
      RouteResultFactory results, Observer observer) {
    this.upstream = upstream;
    this.unprocessedFirst = first;
    this.callerWantsUsage = callerWantsUsage;
    this.promptEstimate = promptEstimate;
    this.ticker = ticker;
    this.startNanos = startNanos;
    this.timeToFirstToken = timeToFirstToken;
    this.results = results;
    this.observer = observer;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      while (true) {
        ChatCompletionChunk c;
        if (unprocessedFirst != null) {
          c = unprocessedFirst;
          unprocessedFirst = null;
        } else if (upstream.hasNext()) {
          c = upstream.next();
        } else {
          break;
        }
        ChatCompletionChunk out = observe(c);
        if (out != null) {
          pending = out;
          return true;
        }
      }
    } catch (LlmException e) {
      fail();
      throw e;
    } catch (RuntimeException e) {
      fail();
      throw new ConnectionException("stream failed: " + e, e);
    }
    if (callerWantsUsage && !usageEmitted) {
      usageEmitted = true;
      pending = ChatCompletionChunk.usageChunk(lastId, lastCreated, lastModel, finalUsage());
      return true;
    }
    finish(true);
    return false;
  }

  @Override
  public ChatCompletionChunk next() {
    if (!hasNext()) {
      throw ChatStream.ended();
    }
    ChatCompletionChunk c = pending;
    pending = null;
    return c;
  }

  /** Accounts for {@code c}; returns what the caller should see, or {@code null} to skip it. */
  private ChatCompletionChunk observe(ChatCompletionChunk c) {
    observer.onChunk(c);
    lastId = c.id();
    lastModel = c.model();
    lastCreated = c.created();
    for (ChunkChoice choice : c.choices()) {
      if (choice.delta() != null) {
        completionChars += len(choice.delta().content()) + len(choice.delta().reasoningContent());
        if (choice.delta().toolCalls() != null) {
          for (ToolCall tc : choice.delta().toolCalls()) {
            if (tc.function() != null) {
              completionChars += len(tc.function().name()) + len(tc.function().arguments());
            }
          }
        }
      }
    }
    if (c.usage() != null) {
      usage = c.usage();
      if (callerWantsUsage) {
        usageEmitted = true;
        return c;
      }
      return c.choices().isEmpty() ? null : c.withUsage(null);
    }
    return c;
  }

  private static int len(String s) {
    return s == null ? 0 : s.length();
  }

  private Usage finalUsage() {
    if (usage != null) {
      return usage;
    }
    return Usage.of(promptEstimate, (completionChars + 3) / 4);
  }

  private void finish(boolean completed) {
    if (done) {
      return;
    }
    done = true;
    upstream.close();
    finalResult = results.make(finalUsage(), Duration.ofNanos(ticker.read() - startNanos), timeToFirstToken);
    observer.onEnd(finalResult, completed);
  }

  private void fail() {
    pending = null;
    finish(false);
  }

  @Override
  public RouteResult<Void> result() {
    RouteResult<Void> r = finalResult;
    if (r != null) {
      return r;
    }
    return results.make(usage, Duration.ofNanos(ticker.read() - startNanos), timeToFirstToken);
  }

  @Override
  public boolean isDone() {
    return done;
  }

  @Override
  public void close() {
    pending = null;
    unprocessedFirst = null;
    if (!done) {
      upstream.close();
      finish(false);
    }
  }
}
