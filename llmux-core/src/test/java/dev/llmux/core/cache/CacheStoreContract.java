package dev.llmux.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmux.core.FakeTime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link CacheStore}: every implementation extends this and passes it unchanged
 * (llmux-core's test jar ships it). {@link #create} gets a store bounded to {@link #MAX_ENTRIES}
 * entries and {@link #MAX_BYTES} bytes.
 */
public abstract class CacheStoreContract {
  protected static final long MAX_ENTRIES = 100;
  protected static final long MAX_BYTES = 64 * 1024;

  protected FakeTime time;
  protected CacheStore store;
  private final String prefix = "t" + System.nanoTime() + ":";

  /**
   * A store bounded by {@code maxEntries}/{@code maxBytes}, measuring expiry by {@code time} if it
   * can.
   */
  protected abstract CacheStore create(FakeTime time, long maxEntries, long maxBytes);

  /** {@code false} when expiry follows the store's own clock: ttl tests are then skipped. */
  protected boolean honoursFakeTime() {
    return true;
  }

  /**
   * {@code false} for a store whose bound is enforced elsewhere (a shared server's eviction
   * policy).
   */
  protected boolean enforcesBounds() {
    return true;
  }

  @BeforeEach
  public void setUp() {
    time = new FakeTime();
    store = create(time, MAX_ENTRIES, MAX_BYTES);
  }

  @AfterEach
  public void tearDown() {
    store.close();
  }

  private String key(String k) {
    return prefix + k;
  }

  private CacheEntry entry(String text) {
    return new CacheEntry(text.getBytes(StandardCharsets.UTF_8), time.instant());
  }

  private static String text(CacheEntry e) {
    return new String(e.value(), StandardCharsets.UTF_8);
  }

  @Test
  public void missingKeyIsNull() {
    assertThat(store.get(key("nothing"))).isNull();
  }

  @Test
  public void putThenGetReturnsTheBytesAndTime() {
    store.put(key("a"), entry("hello"), Duration.ofMinutes(1));
    CacheEntry e = store.get(key("a"));
    assertThat(text(e)).isEqualTo("hello");
    assertThat(e.storedAt()).isEqualTo(time.instant());
  }

  @Test
  public void overwriteReplacesTheValueAndTtl() {
    assumeTrue(honoursFakeTime());
    store.put(key("o"), entry("one"), Duration.ofSeconds(10));
    store.put(key("o"), entry("two"), Duration.ofMinutes(10));
    assertThat(text(store.get(key("o")))).isEqualTo("two");
    time.advance(Duration.ofSeconds(11));
    assertThat(text(store.get(key("o")))).isEqualTo("two");
  }

  @Test
  public void entriesExpireAfterTheirTtl() {
    assumeTrue(honoursFakeTime());
    store.put(key("t"), entry("v"), Duration.ofSeconds(10));
    time.advance(Duration.ofSeconds(9));
    assertThat(store.get(key("t"))).isNotNull();
    time.advance(Duration.ofSeconds(1));
    assertThat(store.get(key("t"))).isNull();
  }

  @Test
  public void zeroTtlStoresNothing() {
    store.put(key("z"), entry("v"), Duration.ZERO);
    assertThat(store.get(key("z"))).isNull();
  }

  @Test
  public void keysAreIndependent() {
    store.put(key("k1"), entry("1"), Duration.ofMinutes(1));
    store.put(key("k2"), entry("2"), Duration.ofMinutes(1));
    assertThat(text(store.get(key("k1")))).isEqualTo("1");
    assertThat(text(store.get(key("k2")))).isEqualTo("2");
  }

  @Test
  public void staysWithinItsEntryBound() {
    assumeTrue(enforcesBounds());
    for (int i = 0; i < MAX_ENTRIES * 3; i++) {
      store.put(key("e" + i), entry("x"), Duration.ofMinutes(1));
    }
    assertThat(present("e", (int) (MAX_ENTRIES * 3))).isLessThanOrEqualTo((int) MAX_ENTRIES);
  }

  @Test
  public void staysWithinItsByteBound() {
    assumeTrue(enforcesBounds());
    String big = "x".repeat(4096);
    for (int i = 0; i < 64; i++) {
      store.put(key("b" + i), entry(big), Duration.ofMinutes(1));
    }
    assertThat(present("b", 64) * 4096L).isLessThanOrEqualTo(MAX_BYTES);
  }

  private int present(String p, int n) {
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (store.get(key(p + i)) != null) {
        count++;
      }
    }
    return count;
  }
}
