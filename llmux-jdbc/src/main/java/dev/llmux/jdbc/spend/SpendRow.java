package dev.llmux.jdbc.spend;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One spend log row: one call, as reported by {@link dev.llmux.core.CallRecord} (see it for the
 * meaning of each field). Durations are whole milliseconds.
 */
public record SpendRow(
    String callId,
    String callerRequestId,
    String keyId,
    String userId,
    String teamId,
    String orgId,
    String endUserId,
    String operation,
    boolean stream,
    String requestedModel,
    String modelGroup,
    String deploymentId,
    String provider,
    String providerType,
    long promptTokens,
    long completionTokens,
    long cachedTokens,
    long reasoningTokens,
    BigDecimal cost,
    Instant startedAt,
    long latencyMs,
    Long ttftMs,
    boolean cacheHit,
    String status,
    int httpStatus,
    String errorType,
    List<String> tags,
    Map<String, String> metadata) {

  public SpendRow {
    tags = tags == null ? List.of() : List.copyOf(tags);
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  public long totalTokens() {
    return promptTokens + completionTokens;
  }
}
