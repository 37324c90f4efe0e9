package dev.llmux.jdbc.internal;

import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.llmux.core.Ticker;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.KeyPrincipal;
import dev.llmux.jdbc.Organization;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.User;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * The request-path key lookup: SHA-256 of the presented key, an index lookup by hash (current
 * secret, else a previous secret within its grace period), the stored digest compared with {@link
 * java.security.MessageDigest#isEqual}, the result cached by hash (refreshed after the TTL, the
 * cached entry served while the database is unreachable). Not public API.
 */
public final class KeyLookup {
  /**
   * What a hash resolved to: a principal (valid until {@code validUntil} when it is a previous
   * secret).
   */
  private record Entry(KeyPrincipal principal, Instant validUntil) {
    static final Entry NONE = new Entry(null, null);
  }

  private final Sql sql;
  private final Clock clock;
  private final LoadingCache<String, Entry> cache;

  public KeyLookup(Sql sql, Clock clock, Duration ttl, long maxSize, Ticker ticker) {
    this.sql = sql;
    this.clock = clock;
    this.cache = Caches.build("key", ttl, maxSize, ticker, this::load);
  }

  /** Forgets every cached lookup (after any change). */
  public void invalidateAll() {
    cache.invalidateAll();
  }

  public Optional<KeyPrincipal> authenticate(String presentedKey) {
    if (presentedKey == null || presentedKey.isEmpty() || presentedKey.length() > 256) {
      return Optional.empty();
    }
    String hash = Codec.sha256Hex(presentedKey);
    Entry e = cache.get(hash);
    if (e.principal() == null) {
      return Optional.empty();
    }
    if (e.validUntil() != null && !clock.instant().isBefore(e.validUntil())) {
      return Optional.empty(); // a previous secret past its grace period
    }
    return Optional.of(e.principal());
  }

  private Entry load(String hash) {
    return sql.tx(
        tx -> {
          Optional<HashedKey> current =
              tx.queryOne(
                  "SELECT * FROM llmux_api_keys WHERE key_hash = ?",
                  rs -> new HashedKey(StoreBase.key(rs), rs.getString("key_hash")),
                  hash);
          if (current.isPresent() && Codec.digestEquals(current.get().storedHash(), hash)) {
            return new Entry(principal(tx, current.get().key()), null);
          }
          Optional<HashedKey> previous =
              tx.queryOne(
                  "SELECT * FROM llmux_api_keys WHERE previous_key_hash = ?",
                  rs -> new HashedKey(StoreBase.key(rs), rs.getString("previous_key_hash")),
                  hash);
          if (previous.isPresent()
              && Codec.digestEquals(previous.get().storedHash(), hash)
              && previous.get().key().previousKeyValidUntil() != null) {
            return new Entry(
                principal(tx, previous.get().key()), previous.get().key().previousKeyValidUntil());
          }
          return Entry.NONE;
        });
  }

  private record HashedKey(ApiKey key, String storedHash) {}

  static KeyPrincipal principal(Sql.Tx tx, ApiKey k) throws SQLException {
    User user =
        k.userId() == null
            ? null
            : tx.queryOne("SELECT * FROM llmux_users WHERE id = ?", StoreBase::user, k.userId())
                .orElse(null);
    Team team = KeysImpl.teamOf(tx, k);
    String orgId = team != null ? team.organizationId() : k.organizationId();
    Organization org =
        orgId == null
            ? null
            : tx.queryOne("SELECT * FROM llmux_organizations WHERE id = ?", StoreBase::org, orgId)
                .orElse(null);
    List<List<String>> lists = new ArrayList<>();
    for (List<String> l :
        List.of(
            k.models(),
            user == null ? List.<String>of() : user.models(),
            team == null ? List.<String>of() : team.models(),
            org == null ? List.<String>of() : org.models())) {
      if (!l.isEmpty()) {
        lists.add(l);
      }
    }
    return new KeyPrincipal(k, user, team, org, intersection(lists));
  }

  /** The entries of each list that every other list allows (empty input = no restriction). */
  static List<String> intersection(List<List<String>> lists) {
    if (lists.isEmpty()) {
      return List.of();
    }
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (List<String> l : lists) {
      for (String entry : l) {
        boolean all = true;
        for (List<String> other : lists) {
          if (other != l && !allowsEntry(other, entry)) {
            all = false;
            break;
          }
        }
        if (all) {
          out.add(entry);
        }
      }
    }
    if (out.isEmpty()) {
      // disjoint lists: nothing is allowed; a marker no model group matches keeps "empty = all"
      // unambiguous
      return List.of("");
    }
    return List.copyOf(out);
  }

  /**
   * Whether {@code list} allows every model {@code entry} (a name or a {@code prefix*}) may stand
   * for.
   */
  private static boolean allowsEntry(List<String> list, String entry) {
    if (!entry.endsWith("*")) {
      return KeyPrincipal.listAllows(list, entry);
    }
    String prefix = entry.substring(0, entry.length() - 1);
    for (String m : list) {
      if (m.equals(entry)
          || (m.endsWith("*") && prefix.startsWith(m.substring(0, m.length() - 1)))) {
        return true;
      }
    }
    return false;
  }
}
