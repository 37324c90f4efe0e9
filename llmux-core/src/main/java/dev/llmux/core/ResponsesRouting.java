package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionChunk;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.chat.ChatCompletionResponse;
import dev.llmux.api.chat.StreamOptions;
import dev.llmux.api.chat.Usage;
import dev.llmux.api.completion.CompletionRequest;
import dev.llmux.api.completion.CompletionResponse;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.api.error.UpstreamServerException;
import dev.llmux.api.responses.ResponseObject;
import dev.llmux.api.responses.ResponseStreamEvent;
import dev.llmux.api.responses.ResponsesRequest;
import dev.llmux.api.spi.ChunkStream;
import dev.llmux.api.spi.Provider;
import dev.llmux.api.spi.ResponseEventStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.NoSuchElementException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Serves Responses API and legacy completion requests through the router's pipeline (model
 * groups, strategies, retries, fallbacks, cooldowns): natively on deployments whose provider
 * {@link Provider#supportsResponses() supports} it, mapped onto chat with
 * {@link ResponsesTranslator} / {@link ChatToResponseEvents} elsewhere. The choice is made per
 * attempt, so a fallback may move between native and mapped deployments.
 *
 * <p>Not (yet) applied to these calls: interceptors and the response cache.
 */
final class ResponsesRouting {
  private final Pipeline pipeline;
  private final Ticker ticker;
  private final Clock clock;

  ResponsesRouting(Pipeline pipeline, Ticker ticker, Clock clock) {
    this.pipeline = pipeline;
    this.ticker = ticker;
    this.clock = clock;
  }

  RouteResult<ResponseObject> responses(ResponsesRequest request, RequestContext ctx) {
    ResponsesTranslator.checkSupported(request);
    long start = ticker.read();
    String requestId = requestId(ctx);
    ChatCompletionRequest estimate = estimateRequest(request);
    Pipeline.Outcome<ResponseObject> o = pipeline.run(request.model(), estimate, ctx, requestId,
        (provider, d, options) -> {
          if (provider.supportsResponses()) {
            return provider.responses(nativeRequest(request, d.model(), null), options);
          }
          ChatCompletionRequest chat = ResponsesTranslator.toChat(request).withModel(d.model());
          return ResponsesTranslator.toResponse(provider.chat(chat, options), request);
        });
    ResponseObject response = o.value();
    Usage usage = response.usage() != null ? response.usage().toUsage()
        : Usage.of(estimate == null ? 0 : TokenEstimator.prompt(estimate), TokenEstimator.ofText(response.outputText()));
    return new RouteResult<>(response, requestId, request.model(), o.modelGroup(), o.deployment().id(),
        o.deployment().provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage,
        cost(o.deployment(), usage), false);
  }

  RouteResult<CompletionResponse> completions(CompletionRequest request, RequestContext ctx) {
    if (request.model() == null || request.model().isBlank()) {
      throw new BadRequestException("model is required", "model");
    }
    if (Boolean.TRUE.equals(request.stream())) {
      throw new BadRequestException("streamed legacy completions are not supported; use chat streaming", "stream");
    }
    // Native upstreams take every completions field; only mapped attempts need the chat shape.
    ChatCompletionRequest chatShape;
    BadRequestException notMappable = null;
    try {
      chatShape = ResponsesTranslator.toChat(request);
    } catch (BadRequestException e) {
      chatShape = null;
      notMappable = e;
    }
    long start = ticker.read();
    String requestId = requestId(ctx);
    final ChatCompletionRequest mapped = chatShape;
    final BadRequestException mapError = notMappable;
    Pipeline.Outcome<CompletionResponse> o = pipeline.run(request.model(), chatShape, ctx, requestId,
        (provider, d, options) -> {
          if (provider.supportsCompletions()) {
            return provider.completions(request.withModel(d.model()), options);
          }
          if (mapError != null) {
            throw mapError;
          }
          return ResponsesTranslator.toCompletion(provider.chat(mapped.withModel(d.model()), options));
        });
    CompletionResponse response = o.value();
    Usage usage = response.usage() != null ? response.usage()
        : Usage.of(mapped == null ? 0 : TokenEstimator.prompt(mapped),
            TokenEstimator.ofText(response.text() == null ? "" : response.text()));
    return new RouteResult<>(response, requestId, request.model(), o.modelGroup(), o.deployment().id(),
        o.deployment().provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), null, usage,
        cost(o.deployment(), usage), false);
  }

  ResponseStream stream(ResponsesRequest request, RequestContext ctx) {
    ResponsesTranslator.checkSupported(request);
    long start = ticker.read();
    String requestId = requestId(ctx);
    ChatCompletionRequest estimate = estimateRequest(request);
    Pipeline.Outcome<Source> o = pipeline.run(request.model(), estimate, ctx, requestId,
        (provider, d, options) -> {
          Source s;
          if (provider.supportsResponses()) {
            s = new NativeSource(provider.streamResponses(nativeRequest(request, d.model(), true), options));
          } else {
            ChatCompletionRequest chat = ResponsesTranslator.toChat(request).toBuilder()
                .model(d.model()).stream(true).streamOptions(StreamOptions.withUsage()).build();
            s = new MappedSource(provider.streamChat(chat, options),
                new ChatToResponseEvents(request, clock.millis() / 1000));
          }
          try {
            if (!s.fill()) {
              throw new UpstreamServerException("stream from " + d.id() + " ended before its first event", null, null);
            }
            return s;
          } catch (RuntimeException e) {
            s.close();
            throw e;
          }
        });
    Deployment d = o.deployment();
    Duration ttft = Duration.ofNanos(ticker.read() - start);
    int promptEstimate = estimate == null ? 0 : TokenEstimator.prompt(estimate);
    return new Routed(o.value(), ttft, start, usage -> new RouteResult<>(null, requestId, request.model(),
        o.modelGroup(), d.id(), d.provider(), o.attempts(), Duration.ofNanos(ticker.read() - start), ttft,
        usage, usage == null ? null : cost(d, usage), false), promptEstimate);
  }

  private static ResponsesRequest nativeRequest(ResponsesRequest r, String model, Boolean stream) {
    // LLMux does not store responses: ask the upstream not to either (OpenAI's default is to store).
    return r.withModel(model).withStream(stream).withStore(r.store() == null ? Boolean.FALSE : r.store());
  }

  private static ChatCompletionRequest estimateRequest(ResponsesRequest r) {
    try {
      return ResponsesTranslator.toChat(r);
    } catch (BadRequestException | IllegalArgumentException notMappable) {
      return null; // only native deployments can serve it; nothing to estimate from
    }
  }

  // Same formula as LlmRouter's (kept private there).
  private static Double cost(Deployment d, Usage usage) {
    if (usage == null || (d.inputCostPerToken() == null && d.outputCostPerToken() == null)) {
      return null;
    }
    double in = d.inputCostPerToken() == null ? 0 : d.inputCostPerToken();
    double out = d.outputCostPerToken() == null ? 0 : d.outputCostPerToken();
    return usage.promptTokens() * in + usage.completionTokens() * out;
  }

  private static String requestId(RequestContext ctx) {
    if (ctx.requestId() != null) {
      return ctx.requestId();
    }
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "llmux-" + Long.toHexString(r.nextLong() | Long.MIN_VALUE) + Long.toHexString(r.nextLong() | Long.MIN_VALUE);
  }

  /** Where events come from: a native event stream, or a chat stream being mapped. */
  private abstract static class Source {
    final ArrayDeque<ResponseStreamEvent> queue = new ArrayDeque<>();
    Usage usage;

    /** Pulls until at least one event is queued; false at the end. */
    abstract boolean fill();

    abstract void close();

    void seen(ResponseStreamEvent e) {
      if (e.response() != null && e.response().usage() != null) {
        usage = e.response().usage().toUsage();
      }
    }
  }

  private static final class NativeSource extends Source {
    private final ResponseEventStream upstream;

    NativeSource(ResponseEventStream upstream) {
      this.upstream = upstream;
    }

    @Override
    boolean fill() {
      if (!queue.isEmpty()) {
        return true;
      }
      if (!upstream.hasNext()) {
        return false;
      }
      ResponseStreamEvent e = upstream.next();
      seen(e);
      queue.add(e);
      return true;
    }

    @Override
    void close() {
      upstream.close();
    }
  }

  private static final class MappedSource extends Source {
    private final ChunkStream upstream;
    private final ChatToResponseEvents translator;
    private boolean ended;

    MappedSource(ChunkStream upstream, ChatToResponseEvents translator) {
      this.upstream = upstream;
      this.translator = translator;
    }

    @Override
    boolean fill() {
      while (queue.isEmpty()) {
        if (ended) {
          return false;
        }
        if (upstream.hasNext()) {
          ChatCompletionChunk c = upstream.next();
          translator.onChunk(c, e -> { seen(e); queue.add(e); });
        } else {
          ended = true;
          translator.onEnd(e -> { seen(e); queue.add(e); });
          if (usage == null && translator.usage() != null) {
            usage = translator.usage();
          }
        }
      }
      return true;
    }

    @Override
    void close() {
      upstream.close();
    }
  }

  private static final class Routed implements ResponseStream {
    private final Source source;
    private final java.util.function.Function<Usage, RouteResult<Void>> results;
    private final int promptEstimate;
    private final StringBuilder seenText = new StringBuilder();
    private boolean done;
    private RouteResult<Void> result;

    Routed(Source source, Duration ttft, long start, java.util.function.Function<Usage, RouteResult<Void>> results,
        int promptEstimate) {
      this.source = source;
      this.results = results;
      this.promptEstimate = promptEstimate;
    }

    @Override
    public boolean hasNext() {
      if (!source.queue.isEmpty()) {
        return true;
      }
      if (done) {
        return false;
      }
      try {
        if (source.fill()) {
          return true;
        }
      } catch (RuntimeException e) {
        end();
        throw e;
      }
      end();
      return false;
    }

    @Override
    public ResponseStreamEvent next() {
      if (!hasNext()) {
        throw new NoSuchElementException("stream has ended");
      }
      ResponseStreamEvent e = source.queue.poll();
      if (e.delta() != null && e.type() != null && e.type().endsWith("output_text.delta")) {
        seenText.append(e.delta());
      }
      return e;
    }

    private void end() {
      if (done) {
        return;
      }
      done = true;
      source.close();
      Usage usage = source.usage != null ? source.usage
          : Usage.of(promptEstimate, TokenEstimator.ofText(seenText));
      result = results.apply(usage);
    }

    @Override
    public RouteResult<Void> result() {
      return result != null ? result : results.apply(null);
    }

    @Override
    public boolean isDone() {
      return done;
    }

    @Override
    public void close() {
      source.queue.clear();
      end();
    }
  }
}
