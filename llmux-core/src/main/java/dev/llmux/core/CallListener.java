package dev.llmux.core;

/**
 * Told once about every call the router finished: served (also from the response cache), failed,
 * or, for a stream, completed, failed after its first chunk, or closed early. The hook for spend
 * logs, audit trails and usage exports; register with {@link LlmRouter.Builder#callListener}.
 *
 * <p><b>Threading.</b> {@link #onCall} runs on the thread that ends the call: the caller's thread
 * for non-streamed calls (before the call returns), the thread that consumes or closes a stream for
 * streams. It must be quick and must not block (hand the record to a queue, as {@code
 * dev.llmux.jdbc.spend.SpendLogWriter} does). Exceptions it throws are logged and ignored: a
 * listener can never fail a call. Several listeners are called in registration order.
 *
 * <p>Calls refused by admission (a budget or rate limit, HTTP 429) are reported too, with no
 * deployment and cost 0. <b>Not reported:</b> calls rejected by request validation before routing,
 * answered by an interceptor without proceeding, or made after the router was closed.
 */
@FunctionalInterface
public interface CallListener {
  /** One finished call; never {@code null}. */
  void onCall(CallRecord call);
}
