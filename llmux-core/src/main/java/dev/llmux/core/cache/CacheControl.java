package dev.llmux.core.cache;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request's cache directives, from {@link dev.llmux.core.RequestContext} or from a {@code cache}
 * object in the request body (LiteLLM's shape, which LLMux removes before the request goes
 * upstream):
 *
 * <pre>
 * {@code "cache": {"no-cache": true, "no-store": false, "ttl": 600, "s-maxage": 60, "namespace": "team-a", "use-cache": true}}
 * </pre>
 *
 * @param noCache skip the cache read (the response is still stored unless {@code noStore})
 * @param noStore do not store the response
 * @param ttl how long to keep this response, overriding the router's TTL
 * @param maxAge accept only entries younger than this ({@code s-maxage})
 * @param namespace a key namespace, so groups of callers do not share entries
 * @param use {@code true} opts in when the cache is in opt-in mode; {@code false} opts out
 */
public record CacheControl(
    boolean noCache,
    boolean noStore,
    @Nullable Duration ttl,
    @Nullable Duration maxAge,
    @Nullable String namespace,
    @Nullable Boolean use) {

  /** No directives: the cache's defaults apply. */
  public static final CacheControl NONE = new CacheControl(false, false, null, null, null, null);

  /**
   * Reads a body {@code cache} object. Numbers are seconds. Unknown directives are an {@link
   * IllegalArgumentException} naming the directive.
   */
  public static CacheControl fromBody(@Nullable Object cache) {
    if (cache == null) {
      return NONE;
    }
    if (!(cache instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("'cache' must be an object, e.g. {\"no-cache\": true}");
    }
    boolean noCache = false;
    boolean noStore = false;
    Duration ttl = null;
    Duration maxAge = null;
    String namespace = null;
    Boolean use = null;
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String k = String.valueOf(e.getKey());
      Object v = e.getValue();
      switch (k) {
        case "no-cache":
          noCache = bool(k, v);
          break;
        case "no-store":
          noStore = bool(k, v);
          break;
        case "ttl":
          ttl = seconds(k, v);
          break;
        case "s-maxage":
          maxAge = seconds(k, v);
          break;
        case "namespace":
          namespace = v == null ? null : v.toString();
          break;
        case "use-cache":
          use = bool(k, v);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown cache directive '"
                  + k
                  + "' (known: no-cache, no-store, ttl, s-maxage, namespace, use-cache)");
      }
    }
    return new CacheControl(noCache, noStore, ttl, maxAge, namespace, use);
  }

  /** Directives of {@code this}, with {@code other}'s set ones winning. */
  public CacheControl merge(@Nullable CacheControl other) {
    if (other == null || other == NONE) {
      return this;
    }
    return new CacheControl(
        noCache || other.noCache,
        noStore || other.noStore,
        other.ttl != null ? other.ttl : ttl,
        other.maxAge != null ? other.maxAge : maxAge,
        other.namespace != null ? other.namespace : namespace,
        other.use != null ? other.use : use);
  }

  private static boolean bool(String k, @Nullable Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("cache directive '" + k + "' must be true or false");
  }

  private static Duration seconds(String k, @Nullable Object v) {
    if (v instanceof Number n && n.doubleValue() >= 0) {
      return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
    }
    throw new IllegalArgumentException(
        "cache directive '" + k + "' must be a number of seconds >= 0");
  }
}
