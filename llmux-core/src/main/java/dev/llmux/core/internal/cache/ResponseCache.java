package dev.llmux.core.internal.cache;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmux.api.Json;
import dev.llmux.api.chat.ChatCompletionRequest;
import dev.llmux.api.embedding.EmbeddingRequest;
import dev.llmux.api.error.BadRequestException;
import dev.llmux.core.RequestContext;
import dev.llmux.core.cache.CacheControl;
import dev.llmux.core.cache.CacheEntry;
import dev.llmux.core.cache.CacheStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's response cache: keys, directives and (de)serialization over a {@link CacheStore}.
 *
 * <p>A chat key is the SHA-256 of the canonical request (model group, messages, tools, tool_choice,
 * response_format, sampling parameters, stop, seed, n and every other field that can change the
 * answer) without {@code model} (the group stands for it), {@code user}, {@code metadata}, {@code
 * stream}, {@code stream_options}, {@code tags} and {@code cache}, prefixed with the namespace.
 * Streamed and plain requests share entries. Store failures never fail a request: they are logged
 * (at most once a minute) and the request is served without the cache.
 */
public final class ResponseCache {
  private static final Logger log = LoggerFactory.getLogger(ResponseCache.class);
  private static final List<String> NOT_IN_KEY =
      List.of("model", "user", "metadata", "stream", "stream_options", "tags", "cache");

  private final CacheStore store;
  private final Duration ttl;
  private final String namespace;
  private final boolean optIn;
  private final Clock clock;
  private final AtomicLong lastErrorLog = new AtomicLong(Long.MIN_VALUE);

  public ResponseCache(
      CacheStore store, Duration ttl, @Nullable String namespace, boolean optIn, Clock clock) {
    this.store = store;
    this.ttl = ttl;
    this.namespace = namespace == null || namespace.isBlank() ? "default" : namespace;
    this.optIn = optIn;
    this.clock = clock;
  }

  /** The request's directives: the context's, then the body's {@code cache} object on top. */
  public static CacheControl control(@Nullable Object bodyCache, RequestContext ctx) {
    try {
      return ctx.cacheControl().merge(CacheControl.fromBody(bodyCache));
    } catch (IllegalArgumentException e) {
      // CacheControl's every IllegalArgumentException names the bad directive
      throw new BadRequestException(Objects.requireNonNull(e.getMessage()), "cache");
    }
  }

  /** Whether this request uses the cache at all. */
  public boolean applies(CacheControl cc) {
    return optIn ? Boolean.TRUE.equals(cc.use()) : !Boolean.FALSE.equals(cc.use());
  }

  String chatKey(String modelGroup, ChatCompletionRequest request, CacheControl cc) {
    return key("chat", modelGroup, request, cc);
  }

  /**
   * The key of a whole response of kind {@code kind} ({@code chat}, {@code responses}, {@code
   * completions}) to {@code request} in {@code modelGroup}.
   */
  public String key(String kind, String modelGroup, Object request, CacheControl cc) {
    ObjectNode tree = Json.mapper().valueToTree(request);
    tree.remove(NOT_IN_KEY);
    return prefix(cc) + ":" + kind + ":" + CanonicalJson.sha256(tree, modelGroup);
  }

  public String embeddingKey(
      String modelGroup, EmbeddingRequest request, Object inputItem, CacheControl cc) {
    ObjectNode tree = Json.mapper().valueToTree(request);
    tree.remove(NOT_IN_KEY);
    tree.set("input", Json.mapper().valueToTree(inputItem));
    return prefix(cc) + ":emb:" + CanonicalJson.sha256(tree, modelGroup);
  }

  private String prefix(CacheControl cc) {
    return "llmux:" + (cc.namespace() != null ? cc.namespace() : namespace);
  }

  /** The cached value under {@code key}, honouring no-cache and s-maxage, or {@code null}. */
  public <T> @Nullable T get(String key, CacheControl cc, Class<T> type) {
    if (cc.noCache()) {
      return null;
    }
    CacheEntry e;
    try {
      e = store.get(key);
    } catch (RuntimeException ex) {
      logFailure("read", ex);
      return null;
    }
    if (e == null) {
      return null;
    }
    if (cc.maxAge() != null && e.storedAt().plus(cc.maxAge()).isBefore(clock.instant())) {
      return null;
    }
    try {
      return Json.read(e.value(), type);
    } catch (RuntimeException ex) {
      logFailure("decode", ex);
      return null;
    }
  }

  /**
   * Stores {@code value} under {@code key} unless no-store; the request's ttl wins over the
   * router's.
   */
  public void put(String key, Object value, CacheControl cc) {
    if (cc.noStore()) {
      return;
    }
    Duration t = cc.ttl() != null ? cc.ttl() : ttl;
    try {
      store.put(key, new CacheEntry(Json.writeBytes(value), clock.instant()), t);
    } catch (RuntimeException ex) {
      logFailure("write", ex);
    }
  }

  public void close() {
    store.close();
  }

  private void logFailure(String what, RuntimeException ex) {
    long now = clock.millis();
    long last = lastErrorLog.get();
    if (now - last >= 60_000 && lastErrorLog.compareAndSet(last, now)) {
      log.warn("response cache {} failed; serving without the cache: {}", what, ex.toString());
    }
  }
}
