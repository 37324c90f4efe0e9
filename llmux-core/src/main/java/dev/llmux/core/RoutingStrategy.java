package dev.llmux.core;

import dev.llmux.api.chat.ChatCompletionRequest;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Picks one deployment among the healthy candidates of a model group. Implement it to route your
 * own way and register it with {@link LlmRouter.Builder#strategy(RoutingStrategy)}.
 *
 * <p>The router calls {@link #pick} with candidates that already passed cooldowns, tag filters and
 * priority tiers; the list is never empty. Implementations must be thread-safe and fast (no I/O).
 * The optional callbacks let a strategy keep statistics; they are called for every attempt.
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
   */
  record Selection(String modelGroup, ChatCompletionRequest request, RequestContext context, RandomGenerator random) {}
}
