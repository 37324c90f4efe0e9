package dev.llmux.redis;

import static dev.llmux.redis.RedisGateway.asLong;
import static dev.llmux.redis.RedisGateway.b;

import dev.llmux.core.spi.InMemoryRoutingStateStore;
import dev.llmux.core.spi.RoutingStateStore;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@link RoutingStateStore} in Redis, so every router routes on the same latency and in-flight
 * numbers. Per deployment (hash tag = the deployment id): one list of latency samples per kind
 * ({@code "<millis>:<seconds>"}, newest first, trimmed to the window) and one in-flight counter,
 * each expiring when untouched ({@code stateTtl}); per model group, one round-robin counter. One
 * round trip per call. As the SPI asks, a failing Redis never throws here: the call is served from
 * in-process state instead (and counted and logged as an outage).
 */
final class RedisRoutingStateStore implements RoutingStateStore {

  // KEYS[1] = list. ARGV: sample, window, ttl (ms).
  private static final RedisGateway.Script RECORD =
      new RedisGateway.Script(
          """
      redis.call('LPUSH', KEYS[1], ARGV[1])
      redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
      redis.call('PEXPIRE', KEYS[1], ARGV[3])
      return 1
      """);

  // KEYS[1] = counter. ARGV: delta, ttl (ms). Never below zero.
  private static final RedisGateway.Script ADD =
      new RedisGateway.Script(
          """
      local v = redis.call('INCRBY', KEYS[1], ARGV[1])
      if v < 0 then redis.call('SET', KEYS[1], 0); v = 0 end
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      return v
      """);

  // KEYS[1] = round-robin counter. ARGV: ttl (ms). Returns the value before the increment.
  private static final RedisGateway.Script TURN =
      new RedisGateway.Script(
          """
      local v = redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[1])
      return v - 1
      """);

  private final RedisGateway redis;
  private final String prefix;
  private final long ttlMillis;
  private final InMemoryRoutingStateStore local = new InMemoryRoutingStateStore();

  RedisRoutingStateStore(RedisGateway redis, String prefix, long ttlMillis) {
    this.redis = redis;
    this.prefix = prefix;
    this.ttlMillis = ttlMillis;
  }

  private String base(String deploymentId) {
    return prefix + "rs:{" + deploymentId.replace("}", "_") + "}:" + deploymentId;
  }

  private String latencyKey(String deploymentId, LatencyKind kind) {
    return base(deploymentId) + (kind == LatencyKind.PER_OUTPUT_TOKEN ? ":lat:tok" : ":lat:ttft");
  }

  @Override
  public void recordLatency(
      String deploymentId, LatencyKind kind, double seconds, int window, long nowMillis) {
    local.recordLatency(deploymentId, kind, seconds, window, nowMillis);
    int w = Math.max(1, Math.min(window, 1000));
    try {
      redis.eval(
          "latency-record",
          RECORD,
          ScriptOutputType.INTEGER,
          new String[] {latencyKey(deploymentId, kind)},
          b(nowMillis + ":" + seconds),
          b(w),
          b(ttlMillis));
    } catch (RedisStoreException e) {
      // served from local state meanwhile
    }
  }

  @Override
  public LatencyStats latency(
      String deploymentId, LatencyKind kind, long nowMillis, long maxAgeMillis) {
    List<byte[]> samples;
    try {
      samples = redis.call("latency", c -> c.lrange(latencyKey(deploymentId, kind), 0, -1));
    } catch (RedisStoreException e) {
      return local.latency(deploymentId, kind, nowMillis, maxAgeMillis);
    }
    int count = 0;
    double[] values = new double[samples.size()];
    for (byte[] raw : samples) {
      String s = new String(raw, StandardCharsets.UTF_8);
      int colon = s.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      long at = Long.parseLong(s.substring(0, colon));
      if (nowMillis - at > maxAgeMillis) {
        continue;
      }
      values[count++] = Double.parseDouble(s.substring(colon + 1));
    }
    return LatencyStats.of(values, count);
  }

  @Override
  public long addInFlight(String deploymentId, int delta) {
    long localCount = local.addInFlight(deploymentId, delta);
    try {
      Long v =
          redis.eval(
              "inflight-add",
              ADD,
              ScriptOutputType.INTEGER,
              new String[] {base(deploymentId) + ":inflight"},
              b(delta),
              b(ttlMillis));
      return v == null ? 0 : v;
    } catch (RedisStoreException e) {
      return localCount;
    }
  }

  @Override
  public long inFlight(String deploymentId) {
    try {
      return asLong(redis.call("inflight", c -> c.get(base(deploymentId) + ":inflight")));
    } catch (RedisStoreException e) {
      return local.inFlight(deploymentId);
    }
  }

  @Override
  public long nextTurn(String modelGroup) {
    long localTurn = local.nextTurn(modelGroup);
    try {
      Long v =
          redis.eval(
              "round-robin",
              TURN,
              ScriptOutputType.INTEGER,
              new String[] {prefix + "rr:{" + modelGroup.replace("}", "_") + "}:" + modelGroup},
              b(ttlMillis));
      return v == null ? 0 : v;
    } catch (RedisStoreException e) {
      return localTurn;
    }
  }

  @Override
  public void remove(String deploymentId) {
    local.remove(deploymentId);
    String base = base(deploymentId);
    try {
      redis.call("remove", c -> c.del(base + ":lat:tok", base + ":lat:ttft", base + ":inflight"));
    } catch (RedisStoreException e) {
      // the keys expire on their own
    }
  }
}
