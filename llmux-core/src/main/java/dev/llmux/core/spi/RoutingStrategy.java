package dev.llmux.core.spi;

import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.core.Deployment;
import dev.llmux.core.LlmRouter;
import dev.llmux.core.RequestContext;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Picks one deployment among the healthy candidates of a model group. Implement it to route your
 * own way and register it with {@link LlmRouter.Builder#strategy(RoutingStrategy)}.
 *
 * <p>The router calls {@link #pick} with candidates that already passed cooldowns, tag filters,
 * context-window and rpm/tpm checks and priority tiers; the list is never empty. Built-in
 * strategies are chosen by name with {@link LlmRouter.Builder#strategy(String)}: {@code
 * simple-shuffle}, {@code round-robin}, {@code lowest-latency}, {@code least-busy}, {@code
 * lowest-tpm-rpm}, {@code lowest-cost}; custom ones can be registered under a name with {@link
 * LlmRouter.Builder#registerStrategy(String, RoutingStrategy)}. Implementations must be thread-safe
 * and fast (no I/O). The optional callbacks let a strategy keep statistics; they are called for
 * every attempt.
 */
public interface RoutingStrategy {

  /** The strategy's name, as written in configuration. */
  String name();

  /** Picks one of {@code candidates} (non-empty). */
  Deployment pick(List<Deployment> candidates, Selection selection);

  /** Called when an attempt on {@code deployment} starts. */
  default void onAttemptStart(Deployment deployment) {}

  /**
   * Called when an attempt on {@code deployment} ends.
   *
   * @param latencyNanos time the attempt took (for streams: time to first chunk)
   * @param success whether it succeeded
   */
  default void onAttemptEnd(Deployment deployment, long latencyNanos, boolean success) {}

  /**
   * What a strategy may consider when picking.
   *
   * @param modelGroup the group being served
   * @param request the chat request, or {@code null} for other operations
   * @param context the caller's context
   * @param random the router's random source (seeded in tests); use it instead of your own
   * @param stream whether the request is streamed
   * @param promptTokens the prompt's token count as a deployment's model counts it (counted once
   *     per tokenizer and request)
   */
  record Selection(
      String modelGroup,
      @Nullable ChatCompletionRequest request,
      RequestContext context,
      RandomGenerator random,
      boolean stream,
      ToIntFunction<Deployment> promptTokens) {

    /** Fills defaults for absent components. */
    public Selection {
      if (promptTokens == null) {
        promptTokens = d -> 0;
      }
    }

    /** A selection for a non-streamed request whose prompt size is not known. */
    public Selection(
        String modelGroup,
        @Nullable ChatCompletionRequest request,
        RequestContext context,
        RandomGenerator random) {
      this(modelGroup, request, context, random, false, d -> 0);
    }
  }
}
