package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.GeneratedKey;
import dev.llmux.jdbc.KeyFilter;
import dev.llmux.jdbc.KeySpec;
import dev.llmux.jdbc.Keys;
import dev.llmux.jdbc.Limits;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link Keys} over JDBC. Not public API. */
public final class KeysImpl extends StoreBase implements Keys {
  /** Every generated key starts with this. */
  public static final String PREFIX = "sk-llmux-";

  public KeysImpl(StoreContext ctx) {
    super(ctx);
  }

  /** A new plaintext key: the prefix and 32 random base62 characters. */
  static String newSecret() {
    return PREFIX + Codec.randomBase62(32);
  }

  /** The display form: the first 8 characters, {@code ...}, the last 4. */
  static String keyName(String secret) {
    return secret.substring(0, 8) + "..." + secret.substring(secret.length() - 4);
  }

  /** Whether {@code idOrKey} is a plaintext key rather than a key id. */
  static boolean isSecret(String idOrKey) {
    return idOrKey.startsWith("sk-");
  }

  @Override
  public GeneratedKey generate(KeySpec spec, Actor actor) {
    KeySpec s = spec == null ? KeySpec.EMPTY : spec;
    checkLimits(s.limits());
    checkDuration(s.duration());
    checkLength(s.alias(), MAX_ALIAS, "key_alias");
    String secret = newSecret();
    String id = "key-" + Codec.randomBase62(20);
    return mutate(
        tx -> {
          requireRef(tx, "llmux_users", s.userId(), "user_id");
          String orgId = null;
          if (s.teamId() != null) {
            orgId =
                tx.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::team, s.teamId())
                    .orElseThrow(
                        () -> new IllegalArgumentException("unknown team_id '" + s.teamId() + "'"))
                    .organizationId();
          }
          checkAlias(tx, s.alias(), null);
          Instant now = now();
          ApiKey k =
              new ApiKey(
                  id,
                  keyName(secret),
                  s.alias(),
                  s.userId(),
                  s.teamId(),
                  orgId,
                  s.models(),
                  s.aliases(),
                  s.limits(),
                  s.metadata(),
                  s.tags(),
                  s.duration() == null ? null : now.plus(s.duration()),
                  Boolean.TRUE.equals(s.blocked()),
                  now,
                  now,
                  actor.id(),
                  null);
          tx.update(
              "INSERT INTO llmux_api_keys (id, key_hash, key_name, alias, alias_key, user_id, team_id, "
                  + "organization_id, models, aliases, "
                  + LIMIT_COLS
                  + ", metadata, tags, expires_at, blocked, created_at, "
                  + "updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              args(
                  k.id(),
                  Codec.sha256Hex(secret),
                  k.keyName(),
                  k.alias(),
                  lower(k.alias()),
                  k.userId(),
                  k.teamId(),
                  k.organizationId(),
                  Codec.json(k.models()),
                  Codec.json(k.aliases()),
                  limitArgs(k.limits()),
                  Codec.json(k.metadata()),
                  Codec.json(k.tags()),
                  k.expiresAt(),
                  k.blocked(),
                  now,
                  now,
                  actor.id()));
          audit(tx, actor, "key.generate", "key", id, null, k);
          return new GeneratedKey(secret, k);
        });
  }

  private static void checkDuration(Duration d) {
    if (d != null && (d.isNegative() || d.isZero())) {
      throw new IllegalArgumentException("duration must be positive, got " + d);
    }
  }

  private void checkAlias(Sql.Tx tx, String alias, String selfId) throws SQLException {
    if (alias == null) {
      return;
    }
    Optional<String> other =
        tx.queryOne(
            "SELECT id FROM llmux_api_keys WHERE alias_key = ?",
            rs -> rs.getString(1),
            lower(alias));
    if (other.isPresent() && !other.get().equals(selfId)) {
      throw new ConflictException("a key with alias '" + alias + "' already exists");
    }
  }

  /** The key row for an id or a plaintext key; 404 when none. */
  static ApiKey resolve(Sql.Tx tx, String idOrKey) throws SQLException {
    require(idOrKey, "key");
    Optional<ApiKey> k =
        isSecret(idOrKey)
            ? tx.queryOne(
                "SELECT * FROM llmux_api_keys WHERE key_hash = ?",
                StoreBase::key,
                Codec.sha256Hex(idOrKey))
            : tx.queryOne("SELECT * FROM llmux_api_keys WHERE id = ?", StoreBase::key, idOrKey);
    return k.orElseThrow(() -> new NotFoundException("key '" + display(idOrKey) + "' not found"));
  }

  /** Never echo a plaintext key in a message. */
  private static String display(String idOrKey) {
    return isSecret(idOrKey) && idOrKey.length() > 12 ? keyName(idOrKey) : idOrKey;
  }

  /** {@code before} with {@code s} applied (null fields unchanged). */
  private ApiKey apply(Sql.Tx tx, ApiKey before, KeySpec s, Instant now) throws SQLException {
    checkLimits(s.limits());
    checkDuration(s.duration());
    checkLength(s.alias(), MAX_ALIAS, "key_alias");
    requireRef(tx, "llmux_users", s.userId(), "user_id");
    String orgId = before.organizationId();
    if (s.teamId() != null) {
      orgId =
          tx.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::team, s.teamId())
              .orElseThrow(
                  () -> new IllegalArgumentException("unknown team_id '" + s.teamId() + "'"))
              .organizationId();
    }
    checkAlias(tx, s.alias(), before.id());
    Limits limits = before.limits().merge(s.limits());
    return new ApiKey(
        before.id(),
        before.keyName(),
        or(s.alias(), before.alias()),
        or(s.userId(), before.userId()),
        or(s.teamId(), before.teamId()),
        orgId,
        or(s.models(), before.models()),
        or(s.aliases(), before.aliases()),
        limits,
        or(s.metadata(), before.metadata()),
        or(s.tags(), before.tags()),
        s.duration() == null ? before.expiresAt() : now.plus(s.duration()),
        s.blocked() == null ? before.blocked() : s.blocked(),
        before.createdAt(),
        now,
        before.createdBy(),
        before.previousKeyValidUntil());
  }

  static <T> T or(T value, T fallback) {
    return value != null ? value : fallback;
  }

  private void write(Sql.Tx tx, ApiKey k) throws SQLException {
    tx.update(
        "UPDATE llmux_api_keys SET alias = ?, alias_key = ?, user_id = ?, team_id = ?, organization_id = ?, "
            + "models = ?, aliases = ?, "
            + LIMIT_SET
            + ", metadata = ?, tags = ?, expires_at = ?, blocked = ?, "
            + "updated_at = ? WHERE id = ?",
        args(
            k.alias(),
            lower(k.alias()),
            k.userId(),
            k.teamId(),
            k.organizationId(),
            Codec.json(k.models()),
            Codec.json(k.aliases()),
            limitArgs(k.limits()),
            Codec.json(k.metadata()),
            Codec.json(k.tags()),
            k.expiresAt(),
            k.blocked(),
            k.updatedAt(),
            k.id()));
  }

  @Override
  public ApiKey update(String idOrKey, KeySpec spec, Actor actor) {
    KeySpec s = spec == null ? KeySpec.EMPTY : spec;
    return mutate(
        tx -> {
          ApiKey before = resolve(tx, idOrKey);
          ApiKey after = apply(tx, before, s, now());
          write(tx, after);
          audit(tx, actor, "key.update", "key", after.id(), before, after);
          return after;
        });
  }

  @Override
  public List<String> delete(List<String> idsOrKeys, Actor actor) {
    if (idsOrKeys == null || idsOrKeys.isEmpty()) {
      throw new IllegalArgumentException("keys to delete are required");
    }
    return mutate(
        tx -> {
          List<ApiKey> found = new ArrayList<>();
          for (String k : new LinkedHashSet<>(idsOrKeys)) {
            found.add(resolve(tx, k));
          }
          List<String> ids = new ArrayList<>();
          for (ApiKey k : found) {
            deleteRow(tx, this, k, actor);
            ids.add(k.id());
          }
          return ids;
        });
  }

  /** Deletes one key with its audit row (also used when a user is deleted). */
  static void deleteRow(Sql.Tx tx, StoreBase store, ApiKey k, Actor actor) throws SQLException {
    tx.update("DELETE FROM llmux_api_keys WHERE id = ?", k.id());
    store.audit(tx, actor, "key.delete", "key", k.id(), k, null);
  }

  @Override
  public Optional<ApiKey> info(String idOrKey) {
    if (idOrKey == null || idOrKey.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(sql.tx(tx -> resolve(tx, idOrKey)));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public Page<ApiKey> list(KeyFilter f) {
    KeyFilter filter = f == null ? KeyFilter.all() : f;
    PageReq p = page(filter.page(), filter.size());
    Where w =
        new Where()
            .andIf(filter.userId(), "user_id = ?")
            .andIf(filter.teamId(), "team_id = ?")
            .andIf(filter.organizationId(), "organization_id = ?")
            .search(filter.search(), "id", "alias", "key_name");
    return pageOf("llmux_api_keys", w, "created_at, id", p, StoreBase::key);
  }

  @Override
  public ApiKey block(String idOrKey, Actor actor) {
    return setBlocked(idOrKey, true, actor);
  }

  @Override
  public ApiKey unblock(String idOrKey, Actor actor) {
    return setBlocked(idOrKey, false, actor);
  }

  private ApiKey setBlocked(String idOrKey, boolean blocked, Actor actor) {
    return mutate(
        tx -> {
          ApiKey before = resolve(tx, idOrKey);
          Instant now = now();
          tx.update(
              "UPDATE llmux_api_keys SET blocked = ?, updated_at = ? WHERE id = ?",
              blocked,
              now,
              before.id());
          ApiKey after =
              tx.queryOne("SELECT * FROM llmux_api_keys WHERE id = ?", StoreBase::key, before.id())
                  .orElseThrow();
          audit(
              tx, actor, blocked ? "key.block" : "key.unblock", "key", before.id(), before, after);
          return after;
        });
  }

  @Override
  public GeneratedKey regenerate(
      String idOrKey, Duration gracePeriod, KeySpec changes, Actor actor) {
    if (gracePeriod != null && gracePeriod.isNegative()) {
      throw new IllegalArgumentException("grace period must be >= 0, got " + gracePeriod);
    }
    String secret = newSecret();
    return mutate(
        tx -> {
          ApiKey before = resolve(tx, idOrKey);
          Instant now = now();
          ApiKey changed = apply(tx, before, changes == null ? KeySpec.EMPTY : changes, now);
          write(tx, changed);
          String oldHash =
              tx.queryOne(
                      "SELECT key_hash FROM llmux_api_keys WHERE id = ?",
                      rs -> rs.getString(1),
                      before.id())
                  .orElseThrow();
          boolean grace = gracePeriod != null && !gracePeriod.isZero();
          Instant validUntil = grace ? now.plus(gracePeriod) : null;
          tx.update(
              "UPDATE llmux_api_keys SET key_hash = ?, key_name = ?, previous_key_hash = ?, "
                  + "previous_key_valid_until = ?, updated_at = ? WHERE id = ?",
              Codec.sha256Hex(secret),
              keyName(secret),
              grace ? oldHash : null,
              validUntil,
              now,
              before.id());
          ApiKey after =
              tx.queryOne("SELECT * FROM llmux_api_keys WHERE id = ?", StoreBase::key, before.id())
                  .orElseThrow();
          audit(tx, actor, "key.regenerate", "key", before.id(), before, after);
          return new GeneratedKey(secret, after);
        });
  }

  /** Loads the principal's parts for a key row found by hash. */
  static Team teamOf(Sql.Tx tx, ApiKey k) throws SQLException {
    return k.teamId() == null
        ? null
        : tx.queryOne("SELECT * FROM llmux_teams WHERE id = ?", StoreBase::team, k.teamId())
            .orElse(null);
  }
}
