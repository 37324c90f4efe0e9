package dev.llmux.core.internal.telemetry;

import dev.llmux.api.chat.Usage;
import dev.llmux.api.error.LlmException;
import dev.llmux.core.CallListener;
import dev.llmux.core.CallRecord;
import dev.llmux.core.Deployment;
import dev.llmux.core.RequestContext;
import dev.llmux.core.internal.routing.ErrorClass;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The router's {@link CallListener}s: call id generation, record building, safe dispatch. */
public final class CallListeners {
  private static final Logger log = LoggerFactory.getLogger(CallListeners.class);
  static final CallListeners NONE = new CallListeners(List.of());

  private final List<CallListener> listeners;

  public CallListeners(List<CallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  boolean isEmpty() {
    return listeners.isEmpty();
  }

  /**
   * A new call id: a UUID in the version 7 layout (48 bits of Unix milliseconds, then random bits),
   * so ids sort roughly by time, which keeps a database primary key index compact.
   */
  static String newId(long epochMillis) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (epochMillis << 16) | 0x7000L | (r.nextLong() & 0x0FFFL);
    long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  /** The {@link CallRecord#operation()} name of a router operation name. */
  static String operation(String routerOperation) {
    return RouterTelemetry.TEXT_COMPLETION.equals(routerOperation)
        ? "completions"
        : routerOperation;
  }

  /** Tells every listener; a listener's exception is logged and ignored. */
  void emit(CallRecord call) {
    for (CallListener l : listeners) {
      try {
        l.onCall(call);
      } catch (RuntimeException | LinkageError e) {
        log.warn(
            "call listener {} failed on call {}: {}",
            l.getClass().getName(),
            call.id(),
            e.toString());
      }
    }
  }

  /**
   * A record of call {@code id} made with context {@code c}; {@code d} is the serving deployment or
   * null.
   */
  static CallRecord record(
      String id,
      RequestContext c,
      String operation,
      boolean stream,
      @Nullable String requestedModel,
      @Nullable String group,
      @Nullable Deployment d,
      @Nullable String providerType,
      @Nullable Usage usage,
      @Nullable Double cost,
      long startedAtMillis,
      Duration latency,
      @Nullable Duration ttft,
      boolean cacheHit,
      String status,
      int httpStatus,
      @Nullable String errorType) {
    return new CallRecord(
        id,
        c.requestId(),
        operation(operation),
        stream,
        c.keyId(),
        c.userId(),
        c.teamId(),
        c.orgId(),
        c.endUserId(),
        c.tags(),
        c.metadata(),
        requestedModel,
        group,
        d == null ? null : d.id(),
        d == null ? null : d.provider(),
        d == null ? null : providerType,
        usage == null ? 0 : usage.promptTokens(),
        usage == null ? 0 : usage.completionTokens(),
        usage == null ? 0 : usage.cachedTokens(),
        usage == null ? 0 : usage.reasoningTokens(),
        cost,
        java.time.Instant.ofEpochMilli(startedAtMillis),
        latency,
        ttft,
        cacheHit,
        status,
        httpStatus,
        errorType);
  }

  /** The record's status, http status and error type for a failure {@code e}. */
  record Failure(String status, int httpStatus, @Nullable String errorType) {
    static Failure of(Throwable e) {
      if (e instanceof LlmException le) {
        String code = le.code() != null ? le.code() : ErrorClass.of(le).key;
        return new Failure(code, le.httpStatus(), le.type());
      }
      return new Failure("internal", 500, e == null ? null : e.getClass().getSimpleName());
    }
  }

  static Duration nanos(long n) {
    return Duration.ofNanos(Math.max(0, n));
  }
}
