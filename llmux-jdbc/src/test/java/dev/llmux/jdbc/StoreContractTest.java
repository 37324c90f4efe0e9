package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmux.core.FakeTime;
import dev.llmux.core.RequestContext;
import dev.llmux.core.governance.Budget;
import dev.llmux.core.governance.BudgetDuration;
import dev.llmux.core.governance.GovernanceRule;
import dev.llmux.core.governance.RateLimits;
import dev.llmux.core.governance.Scope;
import dev.llmux.jdbc.internal.Codec;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract: the same tests run against every supported database ({@link H2StoreTest},
 * {@link PostgresStoreTest}). Each test gets a fresh, migrated database and a {@link FakeTime}
 * clock.
 */
abstract class StoreContractTest {
  static final Actor ADMIN = new Actor("master", null);

  final FakeTime time = new FakeTime();
  LlmuxDatabase db;

  /** A JDBC url of a new, empty database (or schema). */
  abstract String freshUrl();

  @BeforeEach
  void open() {
    db = LlmuxDatabase.builder().url(freshUrl()).clock(time).maxPoolSize(4).build();
  }

  @AfterEach
  void close() {
    db.close();
  }

  static Limits rpm(long rpm) {
    return new Limits(null, null, null, null, rpm, null);
  }

  static Limits budget(String max, String duration) {
    return new Limits(new BigDecimal(max), null, duration, null, null, null);
  }

  static KeySpec key(String alias, String userId, String teamId) {
    return new KeySpec(alias, userId, teamId, null, null, null, null, null, null, null);
  }

  static KeySpec models(String... models) {
    return new KeySpec(null, null, null, List.of(models), null, null, null, null, null, null);
  }

  Team team(String id, String orgId, String... models) {
    return db.teams()
        .create(
            id, new TeamSpec(null, orgId, List.of(models), null, null, null, null), null, ADMIN);
  }

  List<AuditEntry> auditOf(String type, String id) {
    return db.audit().list(new AuditFilter(null, type, id, null, null, null, 1, 500)).items();
  }

  // --- column sizes

  @Test
  void valuesLongerThanTheirColumnAreRefusedBeforeTheDatabaseNamingFieldAndLimit() {
    String alias = "a".repeat(257);
    assertThatThrownBy(() -> db.keys().generate(key(alias, null, null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key_alias must be at most 256 characters, got 257");
    assertThatThrownBy(
            () ->
                db.teams()
                    .create(
                        "t1", new TeamSpec(alias, null, null, null, null, null, null), null, ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("team_alias must be at most 256");
    assertThatThrownBy(
            () ->
                db.organizations()
                    .create("o1", new OrgSpec(alias, null, null, null, null, null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization_alias must be at most 256");
    assertThatThrownBy(
            () -> db.users().create("u1", new UserSpec(null, alias, null, null, null, null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user_alias must be at most 256");
    GeneratedKey k = db.keys().generate(key("b".repeat(256), null, null), ADMIN);
    assertThatThrownBy(() -> db.keys().update(k.info().id(), key(alias, null, null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key_alias");
    // a JSON column over its size: the database refuses it, answered as bad input without SQL
    Map<String, Object> huge = Map.of("x", "y".repeat(1_000_001));
    assertThatThrownBy(
            () ->
                db.keys()
                    .generate(
                        new KeySpec(null, null, null, null, null, null, huge, null, null, null),
                        ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("INSERT")
        .hasMessageNotContaining("llmux_");
  }

  // --- keys
  // ----------------------------------------------------------------------------------------

  @Test
  void generatedKeyIsShownOnceStoredAsHashAndAuthenticates() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    team("t1", "o1");
    db.users().create("u1", new UserSpec("u1@example.com", null, null, null, null, null), ADMIN);
    GeneratedKey g =
        db.keys()
            .generate(
                new KeySpec(
                    "my key",
                    "u1",
                    "t1",
                    null,
                    Map.of("fast", "gpt-4o-mini"),
                    rpm(10),
                    Map.of("env", "dev"),
                    List.of("tag1"),
                    null,
                    null),
                ADMIN);

    assertThat(g.key()).matches("sk-llmux-[0-9A-Za-z]{32}");
    assertThat(g.toString()).doesNotContain(g.key());
    ApiKey k = g.info();
    assertThat(k.id()).startsWith("key-");
    assertThat(k.keyName()).isEqualTo("sk-llmux..." + g.key().substring(g.key().length() - 4));
    assertThat(k.organizationId()).isEqualTo("o1");
    assertThat(k.aliases()).containsEntry("fast", "gpt-4o-mini");
    assertThat(k.limits().rpm()).isEqualTo(10L);
    assertThat(k.createdAt()).isEqualTo(time.instant());
    assertThat(k.createdBy()).isEqualTo("master");

    assertThat(db.keys().info(k.id())).contains(k);
    assertThat(db.keys().info(g.key())).contains(k);
    KeyPrincipal p = db.authenticate(g.key()).orElseThrow();
    assertThat(p.key()).isEqualTo(k);
    assertThat(p.user().email()).isEqualTo("u1@example.com");
    assertThat(p.team().id()).isEqualTo("t1");
    assertThat(p.org().id()).isEqualTo("o1");
    assertThat(p.blocked()).isFalse();
    assertThat(p.expired(time.instant())).isFalse();

    // neither the plaintext nor its hash is stored anywhere readable, nor in the audit log
    AuditEntry generated = auditOf("key", k.id()).get(0);
    assertThat(generated.action()).isEqualTo("key.generate");
    assertThat(generated.before()).isNull();
    assertThat(generated.after())
        .contains(k.id())
        .contains("my key")
        .doesNotContain(g.key())
        .doesNotContain(Codec.sha256Hex(g.key()))
        .doesNotContain("\"empty\"");
  }

  @Test
  void unknownOrAlteredKeysDoNotAuthenticate() {
    GeneratedKey g = db.keys().generate(KeySpec.EMPTY, ADMIN);
    String last = g.key().substring(g.key().length() - 1);
    String altered = g.key().substring(0, g.key().length() - 1) + (last.equals("a") ? "b" : "a");
    assertThat(db.authenticate(altered)).isEmpty();
    assertThat(db.authenticate(g.key() + "x")).isEmpty();
    assertThat(db.authenticate("")).isEmpty();
    assertThat(db.authenticate(null)).isEmpty();
    assertThat(db.authenticate(g.key())).isPresent();
    assertThat(db.keys().info("sk-llmux-unknown")).isEmpty();
    assertThat(db.keys().info("key-unknown")).isEmpty();
  }

  @Test
  void keyExpiresAtItsDurationByTheInjectedClock() {
    GeneratedKey g =
        db.keys()
            .generate(
                new KeySpec(
                    null, null, null, null, null, null, null, null, Duration.ofHours(1), null),
                ADMIN);
    assertThat(g.info().expiresAt()).isEqualTo(time.instant().plus(Duration.ofHours(1)));
    KeyPrincipal p = db.authenticate(g.key()).orElseThrow();
    assertThat(p.expired(time.instant())).isFalse();
    time.advance(Duration.ofMinutes(59));
    assertThat(db.authenticate(g.key()).orElseThrow().expired(time.instant())).isFalse();
    time.advance(Duration.ofMinutes(1));
    assertThat(db.authenticate(g.key()).orElseThrow().expired(time.instant())).isTrue();
    // a never-expiring key
    GeneratedKey forever = db.keys().generate(KeySpec.EMPTY, ADMIN);
    assertThat(forever.info().expiresAt()).isNull();
    time.advance(Duration.ofDays(3650));
    assertThat(db.authenticate(forever.key()).orElseThrow().expired(time.instant())).isFalse();
  }

  @Test
  void blockAndUnblockAreSeenByAuthenticateAtOnce() {
    GeneratedKey g = db.keys().generate(KeySpec.EMPTY, ADMIN);
    assertThat(db.authenticate(g.key()).orElseThrow().blocked()).isFalse(); // now cached
    ApiKey blocked = db.keys().block(g.info().id(), ADMIN);
    assertThat(blocked.blocked()).isTrue();
    assertThat(db.authenticate(g.key()).orElseThrow().blocked()).isTrue();
    db.keys().unblock(g.key(), ADMIN);
    assertThat(db.authenticate(g.key()).orElseThrow().blocked()).isFalse();
    assertThat(auditOf("key", g.info().id()))
        .extracting(AuditEntry::action)
        .containsExactly("key.unblock", "key.block", "key.generate");
    AuditEntry block = auditOf("key", g.info().id()).get(1);
    assertThat(block.before()).contains("\"blocked\":false");
    assertThat(block.after()).contains("\"blocked\":true");
  }

  @Test
  void blockingATeamOrOrganizationBlocksItsKeys() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    team("t1", "o1");
    team("t2", null);
    GeneratedKey k1 = db.keys().generate(key(null, null, "t1"), ADMIN);
    GeneratedKey k2 = db.keys().generate(key(null, null, "t2"), ADMIN);
    assertThat(db.authenticate(k1.key()).orElseThrow().blocked()).isFalse();

    db.teams().block("t1", ADMIN);
    assertThat(db.authenticate(k1.key()).orElseThrow().blocked()).isTrue();
    assertThat(db.authenticate(k1.key()).orElseThrow().key().blocked()).isFalse();
    assertThat(db.authenticate(k2.key()).orElseThrow().blocked()).isFalse();
    db.teams().unblock("t1", ADMIN);
    assertThat(db.authenticate(k1.key()).orElseThrow().blocked()).isFalse();

    db.organizations().update("o1", new OrgSpec(null, null, null, null, null, true), ADMIN);
    assertThat(db.authenticate(k1.key()).orElseThrow().blocked()).isTrue();
    assertThat(db.authenticate(k2.key()).orElseThrow().blocked()).isFalse();
    assertThat(auditOf("team", "t1"))
        .extracting(AuditEntry::action)
        .containsExactly("team.unblock", "team.block", "team.create");
  }

  @Test
  void regenerateWithoutGraceInvalidatesTheOldSecretAtOnce() {
    GeneratedKey g = db.keys().generate(key("k", null, null), ADMIN);
    assertThat(db.authenticate(g.key())).isPresent(); // cached
    GeneratedKey r =
        db.keys()
            .regenerate(
                g.info().id(),
                null,
                new KeySpec(null, null, null, null, null, rpm(5), null, null, null, null),
                ADMIN);
    assertThat(r.info().id()).isEqualTo(g.info().id());
    assertThat(r.key()).isNotEqualTo(g.key());
    assertThat(r.info().keyName())
        .isNotEqualTo(g.info().keyName())
        .endsWith(r.key().substring(r.key().length() - 4));
    assertThat(r.info().limits().rpm()).isEqualTo(5L);
    assertThat(r.info().previousKeyValidUntil()).isNull();
    assertThat(db.authenticate(g.key())).isEmpty();
    assertThat(db.authenticate(r.key()).orElseThrow().key().id()).isEqualTo(g.info().id());
    AuditEntry a = auditOf("key", g.info().id()).get(0);
    assertThat(a.action()).isEqualTo("key.regenerate");
    assertThat(a.before() + a.after())
        .doesNotContain(g.key())
        .doesNotContain(r.key())
        .doesNotContain(Codec.sha256Hex(g.key()))
        .doesNotContain(Codec.sha256Hex(r.key()));
  }

  @Test
  void regenerateWithGraceKeepsTheOldSecretUntilTheGraceEnds() {
    GeneratedKey g = db.keys().generate(KeySpec.EMPTY, ADMIN);
    GeneratedKey r = db.keys().regenerate(g.key(), Duration.ofMinutes(10), null, ADMIN);
    assertThat(r.info().previousKeyValidUntil())
        .isEqualTo(time.instant().plus(Duration.ofMinutes(10)));
    assertThat(db.authenticate(g.key()).orElseThrow().key().id()).isEqualTo(g.info().id());
    assertThat(db.authenticate(r.key())).isPresent();
    time.advance(Duration.ofMinutes(9));
    assertThat(db.authenticate(g.key())).isPresent();
    time.advance(Duration.ofMinutes(1));
    assertThat(db.authenticate(g.key())).isEmpty(); // the cached entry carries its end
    assertThat(db.authenticate(r.key())).isPresent();
    // a second regenerate without grace drops the previous secret too
    GeneratedKey r2 = db.keys().regenerate(r.key(), Duration.ZERO, null, ADMIN);
    assertThat(db.authenticate(r.key())).isEmpty();
    assertThat(db.authenticate(r2.key())).isPresent();
  }

  @Test
  void modelAccessIsTheIntersectionOfKeyUserTeamAndOrganizationLists() {
    db.organizations()
        .create(
            "o1", new OrgSpec(null, List.of("gpt-*", "claude-3"), null, null, null, null), ADMIN);
    team("t1", "o1", "gpt-4o", "gpt-4o-mini", "claude-3", "llama");
    GeneratedKey g =
        db.keys()
            .generate(
                new KeySpec(
                    null,
                    null,
                    "t1",
                    List.of("gpt-4o", "claude-3", "llama", "mistral"),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                ADMIN);
    KeyPrincipal p = db.authenticate(g.key()).orElseThrow();
    assertThat(p.allows("gpt-4o")).isTrue();
    assertThat(p.allows("claude-3")).isTrue();
    assertThat(p.allows("gpt-4o-mini")).isFalse(); // not on the key's list
    assertThat(p.allows("llama")).isFalse(); // not on the organization's list
    assertThat(p.allows("mistral")).isFalse(); // only on the key's
    assertThat(p.allowedModels()).containsExactlyInAnyOrder("gpt-4o", "claude-3");

    // a key without a list inherits the team's and the organization's
    KeyPrincipal open =
        db.authenticate(db.keys().generate(key(null, null, "t1"), ADMIN).key()).orElseThrow();
    assertThat(open.allows("gpt-4o-mini")).isTrue();
    assertThat(open.allows("llama")).isFalse();
    // no lists at all: everything
    KeyPrincipal any =
        db.authenticate(db.keys().generate(KeySpec.EMPTY, ADMIN).key()).orElseThrow();
    assertThat(any.allowedModels()).isEmpty();
    assertThat(any.allows("whatever")).isTrue();

    // a change of the team's list is seen at once
    db.teams()
        .update("t1", new TeamSpec(null, null, List.of("claude-3"), null, null, null, null), ADMIN);
    assertThat(db.authenticate(g.key()).orElseThrow().allows("gpt-4o")).isFalse();

    // the key's user's list counts too
    db.users().create("ua", new UserSpec(null, null, null, List.of("gpt-4o"), null, null), ADMIN);
    KeyPrincipal users =
        db.authenticate(
                db.keys()
                    .generate(
                        new KeySpec(null, "ua", null, null, null, null, null, null, null, null),
                        ADMIN)
                    .key())
            .orElseThrow();
    assertThat(users.allows("gpt-4o")).isTrue();
    assertThat(users.allows("claude-3")).isFalse();
    assertThat(users.allowedModels()).containsExactly("gpt-4o");
  }

  @Test
  void updateMergesLimitsReplacesMetadataAndIsAudited() {
    GeneratedKey g =
        db.keys()
            .generate(
                new KeySpec(
                    "a",
                    null,
                    null,
                    List.of("m1"),
                    null,
                    new Limits(new BigDecimal("10"), null, "30d", null, null, null),
                    Map.of("x", 1),
                    null,
                    null,
                    null),
                ADMIN);
    time.advance(Duration.ofSeconds(5));
    ApiKey u =
        db.keys()
            .update(
                g.info().id(),
                new KeySpec(
                    "b",
                    null,
                    null,
                    List.of(),
                    null,
                    rpm(7),
                    Map.of("y", "z"),
                    List.of("t"),
                    Duration.ofDays(1),
                    null),
                ADMIN);
    assertThat(u.alias()).isEqualTo("b");
    assertThat(u.models()).isEmpty();
    assertThat(u.limits()).isEqualTo(new Limits(new BigDecimal("10"), null, "30d", null, 7L, null));
    assertThat(u.metadata()).isEqualTo(Map.of("y", "z"));
    assertThat(u.tags()).containsExactly("t");
    assertThat(u.expiresAt()).isEqualTo(time.instant().plus(Duration.ofDays(1)));
    assertThat(u.updatedAt()).isEqualTo(time.instant());
    assertThat(u.createdAt()).isEqualTo(g.info().createdAt());
    assertThat(db.keys().info(g.info().id())).contains(u);
    AuditEntry a = auditOf("key", u.id()).get(0);
    assertThat(a.action()).isEqualTo("key.update");
    assertThat(a.actor()).isEqualTo("master");
    assertThat(a.before()).contains("\"alias\":\"a\"");
    assertThat(a.after()).contains("\"alias\":\"b\"");
    assertThatThrownBy(() -> db.keys().update("key-nope", KeySpec.EMPTY, ADMIN))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void duplicateKeyAliasIsAConflictCaseInsensitively() {
    db.keys().generate(key("Prod", null, null), ADMIN);
    assertThatThrownBy(() -> db.keys().generate(key("prod", null, null), ADMIN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("prod");
    GeneratedKey other = db.keys().generate(key("other", null, null), ADMIN);
    assertThatThrownBy(() -> db.keys().update(other.info().id(), key("PROD", null, null), ADMIN))
        .isInstanceOf(ConflictException.class);
    // the same key may keep its own alias
    assertThat(db.keys().update(other.info().id(), key("other", null, null), ADMIN).alias())
        .isEqualTo("other");
  }

  @Test
  void badInputIsAnIllegalArgumentWithAPreciseMessage() {
    assertThatThrownBy(() -> db.keys().generate(key(null, "no-such-user", null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("user_id 'no-such-user'");
    assertThatThrownBy(() -> db.keys().generate(key(null, null, "no-such-team"), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("team_id 'no-such-team'");
    assertThatThrownBy(
            () ->
                db.keys()
                    .generate(
                        new KeySpec(
                            null,
                            null,
                            null,
                            null,
                            null,
                            budget("-1", null),
                            null,
                            null,
                            null,
                            null),
                        ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max_budget must be >= 0");
    assertThatThrownBy(
            () ->
                db.keys()
                    .generate(
                        new KeySpec(
                            null,
                            null,
                            null,
                            null,
                            null,
                            budget("1", "3x"),
                            null,
                            null,
                            null,
                            null),
                        ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3x");
    assertThatThrownBy(
            () ->
                db.keys()
                    .generate(
                        new KeySpec(
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            Duration.ofSeconds(-1),
                            null),
                        ADMIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                db.teams()
                    .create(
                        "t",
                        new TeamSpec(null, "no-org", null, null, null, null, null),
                        null,
                        ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("organization_id 'no-org'");
    assertThatThrownBy(
            () ->
                db.users()
                    .create("u", new UserSpec("not-an-email", null, null, null, null, null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not-an-email");
    // nothing was written
    assertThat(db.audit().list(AuditFilter.all()).total()).isZero();
    assertThat(db.keys().list(KeyFilter.all()).total()).isZero();
  }

  @Test
  void deleteRemovesKeysAtomicallyAndTheyStopAuthenticating() {
    GeneratedKey a = db.keys().generate(KeySpec.EMPTY, ADMIN);
    GeneratedKey b = db.keys().generate(KeySpec.EMPTY, ADMIN);
    GeneratedKey c = db.keys().generate(KeySpec.EMPTY, ADMIN);
    assertThat(db.authenticate(a.key())).isPresent();
    assertThatThrownBy(() -> db.keys().delete(List.of(a.info().id(), "key-missing"), ADMIN))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("key-missing");
    assertThat(db.keys().info(a.info().id())).isPresent(); // nothing deleted
    assertThat(db.keys().delete(List.of(a.info().id(), b.key()), ADMIN))
        .containsExactly(a.info().id(), b.info().id());
    assertThat(db.authenticate(a.key())).isEmpty();
    assertThat(db.authenticate(b.key())).isEmpty();
    assertThat(db.authenticate(c.key())).isPresent();
    AuditEntry del = auditOf("key", a.info().id()).get(0);
    assertThat(del.action()).isEqualTo("key.delete");
    assertThat(del.before()).contains(a.info().id());
    assertThat(del.after()).isNull();
  }

  @Test
  void keyListPagesFiltersAndSearches() {
    team("t1", null);
    for (int i = 1; i <= 7; i++) {
      time.advance(Duration.ofSeconds(1));
      db.keys()
          .generate(key((i % 2 == 0 ? "Alpha-" : "beta-") + i, null, i <= 3 ? "t1" : null), ADMIN);
    }
    Page<ApiKey> p1 = db.keys().list(new KeyFilter(null, null, null, null, 1, 3));
    assertThat(p1.total()).isEqualTo(7);
    assertThat(p1.totalPages()).isEqualTo(3);
    assertThat(p1.items()).extracting(ApiKey::alias).containsExactly("beta-1", "Alpha-2", "beta-3");
    Page<ApiKey> p3 = db.keys().list(new KeyFilter(null, null, null, null, 3, 3));
    assertThat(p3.items()).extracting(ApiKey::alias).containsExactly("beta-7");
    assertThat(db.keys().list(new KeyFilter(null, null, null, "ALPHA", 0, 0)).items())
        .extracting(ApiKey::alias)
        .containsExactly("Alpha-2", "Alpha-4", "Alpha-6");
    assertThat(db.keys().list(new KeyFilter(null, null, null, "%", 0, 0)).total())
        .isZero(); // wildcards escaped
    assertThat(db.keys().list(new KeyFilter(null, "t1", null, null, 0, 0)).total()).isEqualTo(3);
    assertThat(db.keys().list(new KeyFilter(null, "t1", null, "alpha", 0, 0)).total()).isEqualTo(1);
    assertThat(db.keys().list(new KeyFilter(null, null, null, null, 0, 0)).size()).isEqualTo(50);
    assertThatThrownBy(() -> db.keys().list(new KeyFilter(null, null, null, null, 1, 501)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("500");
    assertThatThrownBy(() -> db.keys().list(new KeyFilter(null, null, null, null, -1, 10)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // --- users, teams, organizations
  // -----------------------------------------------------------------

  @Test
  void usersCrudWithUniqueIdsAndEmails() {
    User u =
        db.users()
            .create(
                "u1",
                new UserSpec(
                    "Ann@Example.com",
                    "Ann",
                    UserRole.PROXY_ADMIN_VIEWER,
                    List.of("gpt-4o"),
                    rpm(3),
                    Map.of("k", "v")),
                ADMIN);
    assertThat(u.role()).isEqualTo(UserRole.PROXY_ADMIN_VIEWER);
    User generated = db.users().create(null, UserSpec.EMPTY, ADMIN);
    assertThat(generated.id()).startsWith("user-");
    assertThat(generated.role()).isEqualTo(UserRole.INTERNAL_USER);
    assertThatThrownBy(() -> db.users().create("u1", UserSpec.EMPTY, ADMIN))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () ->
                db.users()
                    .create(
                        "u2", new UserSpec("ann@example.COM", null, null, null, null, null), ADMIN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("email");
    assertThat(db.users().byEmail("ANN@example.com")).contains(u);
    assertThat(db.users().info("u1")).contains(u);
    assertThat(db.users().info("nope")).isEmpty();

    User up =
        db.users()
            .update(
                "u1", new UserSpec(null, "Annie", UserRole.INTERNAL_USER, null, null, null), ADMIN);
    assertThat(up.alias()).isEqualTo("Annie");
    assertThat(up.email()).isEqualTo("Ann@Example.com");
    assertThat(up.limits().rpm()).isEqualTo(3L);
    assertThatThrownBy(() -> db.users().update("nope", UserSpec.EMPTY, ADMIN))
        .isInstanceOf(NotFoundException.class);

    db.users()
        .create("admin1", new UserSpec(null, null, UserRole.PROXY_ADMIN, null, null, null), ADMIN);
    assertThat(db.users().list(new UserFilter(UserRole.PROXY_ADMIN, null, 1, 10)).items())
        .extracting(User::id)
        .containsExactly("admin1");
    assertThat(db.users().list(new UserFilter(null, "EXAMPLE", 1, 10)).items())
        .extracting(User::id)
        .containsExactly("u1");
    assertThat(db.users().list(new UserFilter(null, "annie", 1, 10)).total()).isEqualTo(1);
    assertThat(db.users().list(UserFilter.all()).total()).isEqualTo(3);
    assertThat(auditOf("user", "u1"))
        .extracting(AuditEntry::action)
        .containsExactly("user.update", "user.create");
  }

  @Test
  void deletingAUserRemovesItsMembershipsAndKeys() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    team("t1", "o1");
    db.users().create("u1", UserSpec.EMPTY, ADMIN);
    db.teams().addMember("t1", "u1", TeamRole.ADMIN, null, ADMIN);
    db.organizations().addMember("o1", "u1", OrgRole.ORG_ADMIN, ADMIN);
    GeneratedKey k = db.keys().generate(key(null, "u1", null), ADMIN);
    assertThat(db.users().teamsOf("u1"))
        .containsExactly(new TeamMember("t1", "u1", TeamRole.ADMIN, null));
    assertThat(db.users().orgsOf("u1"))
        .containsExactly(new OrgMember("o1", "u1", OrgRole.ORG_ADMIN));

    assertThatThrownBy(() -> db.users().delete(List.of("u1", "ghost"), ADMIN))
        .isInstanceOf(NotFoundException.class);
    assertThat(db.users().delete(List.of("u1"), ADMIN)).containsExactly("u1");
    assertThat(db.users().info("u1")).isEmpty();
    assertThat(db.teams().members("t1")).isEmpty();
    assertThat(db.organizations().members("o1")).isEmpty();
    assertThat(db.authenticate(k.key())).isEmpty();
    assertThat(auditOf("key", k.info().id()).get(0).action()).isEqualTo("key.delete");
    assertThat(auditOf("user", "u1").get(0).action()).isEqualTo("user.delete");
  }

  @Test
  void teamsWithMembers() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    db.organizations().create("o2", OrgSpec.EMPTY, ADMIN);
    db.users().create("u1", UserSpec.EMPTY, ADMIN);
    db.users().create("u2", UserSpec.EMPTY, ADMIN);
    Team t =
        db.teams()
            .create(
                "t1",
                new TeamSpec(
                    "Team One",
                    "o1",
                    List.of("gpt-4o"),
                    budget("100", "1mo"),
                    Map.of("a", true),
                    List.of("x"),
                    null),
                List.of(new TeamMember("t1", "u1", TeamRole.ADMIN, null)),
                ADMIN);
    assertThat(t.limits().maxBudget()).isEqualByComparingTo("100");
    assertThat(db.teams().info("t1")).contains(t);
    assertThat(db.teams().members("t1")).extracting(TeamMember::userId).containsExactly("u1");
    assertThatThrownBy(() -> db.teams().create("t1", TeamSpec.EMPTY, null, ADMIN))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(
            () ->
                db.teams()
                    .create(
                        "t9",
                        new TeamSpec("TEAM ONE", null, null, null, null, null, null),
                        null,
                        ADMIN))
        .isInstanceOf(ConflictException.class);

    TeamMember m = db.teams().addMember("t1", "u2", null, new BigDecimal("5"), ADMIN);
    assertThat(m.role()).isEqualTo(TeamRole.USER);
    assertThatThrownBy(() -> db.teams().addMember("t1", "u2", null, null, ADMIN))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> db.teams().addMember("t1", "ghost", null, null, ADMIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.teams().addMember("no-team", "u2", null, null, ADMIN))
        .isInstanceOf(NotFoundException.class);
    TeamMember changed = db.teams().updateMember("t1", "u2", TeamRole.ADMIN, null, ADMIN);
    assertThat(changed).isEqualTo(new TeamMember("t1", "u2", TeamRole.ADMIN, new BigDecimal("5")));
    db.teams().removeMember("t1", "u1", ADMIN);
    assertThatThrownBy(() -> db.teams().removeMember("t1", "u1", ADMIN))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> db.teams().updateMember("t1", "u1", TeamRole.USER, null, ADMIN))
        .isInstanceOf(NotFoundException.class);
    assertThat(db.teams().members("t1")).containsExactly(changed);
    assertThat(db.users().teamsOf("u2")).containsExactly(changed);

    team("t2", "o2");
    assertThat(db.teams().list(new TeamFilter("o1", null, null, 1, 10)).items())
        .extracting(Team::id)
        .containsExactly("t1");
    assertThat(db.teams().list(new TeamFilter(null, "u2", null, 1, 10)).items())
        .extracting(Team::id)
        .containsExactly("t1");
    assertThat(db.teams().list(new TeamFilter(null, null, "one", 1, 10)).items())
        .extracting(Team::id)
        .containsExactly("t1");
    assertThat(db.teams().list(TeamFilter.all()).total()).isEqualTo(2);

    // moving a team moves its keys' organization
    GeneratedKey k = db.keys().generate(key(null, null, "t1"), ADMIN);
    assertThat(k.info().organizationId()).isEqualTo("o1");
    db.teams().update("t1", new TeamSpec(null, "o2", null, null, null, null, null), ADMIN);
    assertThat(db.keys().info(k.key()).orElseThrow().organizationId()).isEqualTo("o2");
    assertThat(db.authenticate(k.key()).orElseThrow().org().id()).isEqualTo("o2");

    assertThatThrownBy(() -> db.teams().delete(List.of("t1"), ADMIN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("key");
    db.keys().delete(List.of(k.info().id()), ADMIN);
    assertThat(db.teams().delete(List.of("t1"), ADMIN)).containsExactly("t1");
    assertThat(db.teams().info("t1")).isEmpty();
    assertThat(db.users().teamsOf("u2")).isEmpty();
    assertThat(auditOf("team", "t1"))
        .extracting(AuditEntry::action)
        .containsExactly(
            "team.delete",
            "team.update",
            "team.member_delete",
            "team.member_update",
            "team.member_add",
            "team.member_add",
            "team.create");
  }

  @Test
  void organizationsWithMembers() {
    db.users().create("u1", UserSpec.EMPTY, ADMIN);
    Organization o =
        db.organizations()
            .create(
                "o1",
                new OrgSpec("Acme", List.of("gpt-*"), rpm(100), null, Map.of("tier", "gold"), null),
                ADMIN);
    assertThat(db.organizations().info("o1")).contains(o);
    assertThatThrownBy(
            () ->
                db.organizations()
                    .create("o2", new OrgSpec("acme", null, null, null, null, null), ADMIN))
        .isInstanceOf(ConflictException.class);
    Organization generated = db.organizations().create(null, OrgSpec.EMPTY, ADMIN);
    assertThat(generated.id()).startsWith("org-");
    assertThat(db.organizations().list(new OrgFilter("acm", 1, 10)).items())
        .extracting(Organization::id)
        .containsExactly("o1");
    assertThat(db.organizations().list(OrgFilter.all()).total()).isEqualTo(2);

    assertThat(db.organizations().addMember("o1", "u1", null, ADMIN).role())
        .isEqualTo(OrgRole.INTERNAL_USER);
    assertThatThrownBy(() -> db.organizations().addMember("o1", "u1", null, ADMIN))
        .isInstanceOf(ConflictException.class);
    assertThat(db.organizations().updateMember("o1", "u1", OrgRole.ORG_ADMIN, ADMIN).role())
        .isEqualTo(OrgRole.ORG_ADMIN);
    assertThat(db.organizations().members("o1"))
        .containsExactly(new OrgMember("o1", "u1", OrgRole.ORG_ADMIN));
    db.organizations().removeMember("o1", "u1", ADMIN);
    assertThat(db.organizations().members("o1")).isEmpty();
    assertThatThrownBy(() -> db.organizations().members("ghost"))
        .isInstanceOf(NotFoundException.class);

    team("t1", "o1");
    assertThatThrownBy(() -> db.organizations().delete(List.of("o1"), ADMIN))
        .isInstanceOf(ConflictException.class);
    db.teams().delete(List.of("t1"), ADMIN);
    assertThat(db.organizations().delete(List.of("o1"), ADMIN)).containsExactly("o1");
    assertThat(auditOf("organization", "o1"))
        .extracting(AuditEntry::action)
        .containsExactly(
            "organization.delete",
            "organization.member_delete",
            "organization.member_update",
            "organization.member_add",
            "organization.create");
  }

  @Test
  void budgetsAndEndUsers() {
    BudgetDef b =
        db.budgets()
            .create(
                "b1",
                new BudgetSpec(budget("50", "1mo"), Map.of("gpt-4o", new BigDecimal("10"))),
                ADMIN);
    assertThat(b.modelMaxBudget()).containsEntry("gpt-4o", new BigDecimal("10"));
    assertThat(db.budgets().info("b1")).contains(b);
    assertThatThrownBy(() -> db.budgets().create("b1", null, ADMIN))
        .isInstanceOf(ConflictException.class);
    BudgetDef up = db.budgets().update("b1", new BudgetSpec(rpm(9), null), ADMIN);
    assertThat(up.limits())
        .isEqualTo(new Limits(new BigDecimal("50"), null, "1mo", null, 9L, null));
    assertThat(up.modelMaxBudget()).isEqualTo(b.modelMaxBudget());
    db.budgets().create("b0", null, ADMIN);
    assertThat(db.budgets().list()).extracting(BudgetDef::id).containsExactly("b0", "b1");
    assertThatThrownBy(() -> db.budgets().update("ghost", null, ADMIN))
        .isInstanceOf(NotFoundException.class);

    EndUser e = db.endUsers().upsert("cust-1", new EndUserSpec("Customer", "b1", null), ADMIN);
    assertThat(e).isEqualTo(new EndUser("cust-1", "Customer", "b1", false, time.instant()));
    EndUser e2 = db.endUsers().upsert("cust-1", new EndUserSpec(null, null, true), ADMIN);
    assertThat(e2).isEqualTo(new EndUser("cust-1", "Customer", "b1", true, time.instant()));
    assertThat(db.endUsers().info("cust-1")).contains(e2);
    assertThatThrownBy(
            () -> db.endUsers().upsert("cust-2", new EndUserSpec(null, "ghost", null), ADMIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(db.endUsers().list(1, 10).items()).containsExactly(e2);

    assertThatThrownBy(() -> db.budgets().delete("b1", ADMIN))
        .isInstanceOf(ConflictException.class);
    db.endUsers().delete(List.of("cust-1"), ADMIN);
    assertThatThrownBy(() -> db.endUsers().delete(List.of("cust-1"), ADMIN))
        .isInstanceOf(NotFoundException.class);
    db.budgets().delete("b1", ADMIN);
    assertThat(db.budgets().info("b1")).isEmpty();
    assertThat(auditOf("end_user", "cust-1"))
        .extracting(AuditEntry::action)
        .containsExactly("end_user.delete", "end_user.update", "end_user.create");
    assertThat(auditOf("budget", "b1"))
        .extracting(AuditEntry::action)
        .containsExactly("budget.delete", "budget.update", "budget.create");
  }

  // --- invitations
  // ---------------------------------------------------------------------------------

  @Test
  void singleUseInvitationJoinsANewUserToTheTeam() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    team("t1", "o1");
    CreatedInvitation inv =
        db.invitations().create("t1", "o1", "admin", 1, Duration.ofDays(7), ADMIN);
    assertThat(inv.token()).startsWith("llmux-inv-");
    assertThat(inv.info().uses()).isZero();
    assertThat(inv.info().expiresAt()).isEqualTo(time.instant().plus(Duration.ofDays(7)));
    assertThat(db.invitations().info(inv.info().id())).contains(inv.info());

    Invitation used = db.invitations().accept(inv.token(), null, "new@example.com", ADMIN);
    assertThat(used.uses()).isEqualTo(1);
    User u = db.users().byEmail("new@example.com").orElseThrow();
    assertThat(u.role()).isEqualTo(UserRole.INTERNAL_USER);
    assertThat(db.teams().members("t1"))
        .containsExactly(new TeamMember("t1", u.id(), TeamRole.ADMIN, null));
    assertThat(db.organizations().members("o1"))
        .containsExactly(new OrgMember("o1", u.id(), OrgRole.INTERNAL_USER));

    db.users().create("u2", UserSpec.EMPTY, ADMIN);
    assertThatThrownBy(() -> db.invitations().accept(inv.token(), "u2", null, ADMIN))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("used up");
    assertThat(db.teams().members("t1")).hasSize(1);
    assertThat(db.invitations().info(inv.info().id()).orElseThrow().uses()).isEqualTo(1);
    assertThat(auditOf("invitation", inv.info().id()))
        .extracting(AuditEntry::action)
        .containsExactly("invitation.accept", "invitation.create");
    assertThat(auditOf("invitation", inv.info().id()).get(1).after()).doesNotContain(inv.token());
  }

  @Test
  void multiUseExpiredAndUnknownInvitations() {
    db.organizations().create("o1", OrgSpec.EMPTY, ADMIN);
    CreatedInvitation inv =
        db.invitations().create(null, "o1", "org_admin", 2, Duration.ofHours(1), ADMIN);
    db.users().create("u1", UserSpec.EMPTY, ADMIN);
    db.invitations().accept(inv.token(), "u1", null, ADMIN);
    db.invitations().accept(inv.token(), "u2", null, ADMIN); // unknown id: created
    assertThat(db.users().info("u2")).isPresent();
    assertThat(db.organizations().members("o1"))
        .extracting(OrgMember::role)
        .containsOnly(OrgRole.ORG_ADMIN)
        .hasSize(2);
    assertThatThrownBy(() -> db.invitations().accept(inv.token(), "u3", null, ADMIN))
        .isInstanceOf(ConflictException.class);

    CreatedInvitation shortLived =
        db.invitations().create(null, "o1", null, 5, Duration.ofMinutes(5), ADMIN);
    time.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> db.invitations().accept(shortLived.token(), "u3", null, ADMIN))
        .isInstanceOf(GoneException.class);
    assertThat(db.users().info("u3")).isEmpty();
    assertThatThrownBy(() -> db.invitations().accept("llmux-inv-nope", "u3", null, ADMIN))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> db.invitations().create(null, null, null, 1, null, ADMIN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> db.invitations().create(null, "o1", "admin", 1, null, ADMIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("admin"); // a team role for an org
    assertThatThrownBy(() -> db.invitations().create(null, "o1", null, 0, null, ADMIN))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(db.invitations().list(1, 10).total()).isEqualTo(2);
    db.invitations().delete(inv.info().id(), ADMIN);
    assertThat(db.invitations().info(inv.info().id())).isEmpty();
    assertThatThrownBy(() -> db.invitations().delete(inv.info().id(), ADMIN))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void concurrentAcceptsNeverExceedMaxUses() throws Exception {
    team("t1", null);
    CreatedInvitation inv = db.invitations().create("t1", null, null, 5, null, ADMIN);
    int threads = 12;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        String user = "c" + i;
        Callable<String> accept =
            () -> {
              start.await();
              try {
                db.invitations().accept(inv.token(), user, null, ADMIN);
                return "ok";
              } catch (ConflictException e) {
                return "conflict";
              }
            };
        results.add(pool.submit(accept));
      }
      start.countDown();
      int ok = 0;
      int conflict = 0;
      for (Future<String> f : results) {
        if (f.get(60, TimeUnit.SECONDS).equals("ok")) {
          ok++;
        } else {
          conflict++;
        }
      }
      assertThat(ok).isEqualTo(5);
      assertThat(conflict).isEqualTo(threads - 5);
    } finally {
      pool.shutdownNow();
    }
    assertThat(db.invitations().info(inv.info().id()).orElseThrow().uses()).isEqualTo(5);
    assertThat(db.teams().members("t1")).hasSize(5);
  }

  // --- audit
  // ---------------------------------------------------------------------------------------

  @Test
  void auditLogFiltersByActorActionObjectAndTime() {
    Actor alice = new Actor("alice", "key-abc");
    db.users().create("u1", UserSpec.EMPTY, alice);
    time.advance(Duration.ofMinutes(1));
    Instant mid = time.instant();
    db.users().update("u1", new UserSpec(null, "x", null, null, null, null), ADMIN);
    team("t1", null);

    Page<AuditEntry> all = db.audit().list(AuditFilter.all());
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.items())
        .extracting(AuditEntry::action)
        .containsExactly("team.create", "user.update", "user.create");
    assertThat(all.items().get(0).id()).isGreaterThan(all.items().get(1).id());
    assertThat(
            db.audit().list(new AuditFilter("alice", null, null, null, null, null, 1, 10)).items())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.action()).isEqualTo("user.create");
              assertThat(a.at()).isEqualTo(mid.minus(Duration.ofMinutes(1)));
            });
    assertThat(
            db.audit()
                .list(new AuditFilter(null, null, null, "user.update", null, null, 1, 10))
                .total())
        .isEqualTo(1);
    assertThat(db.audit().list(new AuditFilter(null, "user", "u1", null, mid, null, 1, 10)).items())
        .extracting(AuditEntry::action)
        .containsExactly("user.update");
    assertThat(db.audit().list(new AuditFilter(null, null, null, null, null, mid, 1, 10)).items())
        .extracting(AuditEntry::action)
        .containsExactly("user.create");
    assertThat(db.audit().list(new AuditFilter(null, null, null, null, null, null, 2, 2)).items())
        .hasSize(1);
  }

  // --- governance policy
  // ---------------------------------------------------------------------------

  @Test
  void governancePolicyHasTheRulesOfEveryStoredScope() {
    db.budgets()
        .create(
            "org-budget",
            new BudgetSpec(
                new Limits(new BigDecimal("1000"), null, "1mo", 50_000L, null, null),
                Map.of("gpt-4o", new BigDecimal("100"))),
            ADMIN);
    db.budgets().create("cust-budget", new BudgetSpec(budget("2", "1d"), null), ADMIN);
    db.organizations()
        .create("o1", new OrgSpec(null, null, rpm(1000), "org-budget", null, null), ADMIN);
    db.teams()
        .create(
            "t1",
            new TeamSpec(
                null,
                "o1",
                null,
                new Limits(new BigDecimal("300"), new BigDecimal("200"), "30d", null, 100L, null),
                null,
                null,
                null),
            null,
            ADMIN);
    db.users()
        .create(
            "u1",
            new UserSpec(null, null, null, null, new Limits(null, null, null, null, null, 2), null),
            ADMIN);
    db.endUsers().upsert("cust", new EndUserSpec(null, "cust-budget", null), ADMIN);
    GeneratedKey k =
        db.keys()
            .generate(
                new KeySpec(
                    null, "u1", "t1", null, null, budget("10", null), null, null, null, null),
                ADMIN);
    RequestContext ctx =
        RequestContext.builder()
            .keyId(k.info().id())
            .userId("u1")
            .teamId("t1")
            .orgId("o1")
            .endUserId("cust")
            .build();

    List<GovernanceRule> rules = db.governancePolicy().rulesFor(ctx, "gpt-4o");
    assertThat(rules)
        .containsExactlyInAnyOrder(
            new GovernanceRule(Scope.KEY, k.info().id(), null, Budget.of("10"), null),
            new GovernanceRule(Scope.USER, "u1", null, null, new RateLimits(null, null, 2)),
            new GovernanceRule(
                Scope.TEAM,
                "t1",
                null,
                new Budget(
                    new BigDecimal("300"), new BigDecimal("200"), BudgetDuration.parse("30d")),
                new RateLimits(100L, null, null)),
            new GovernanceRule(
                Scope.ORGANIZATION,
                "o1",
                null,
                Budget.of("1000", "1mo"),
                new RateLimits(1000L, 50_000L, null)),
            new GovernanceRule(Scope.ORGANIZATION, "o1", "gpt-4o", Budget.of("100", "1mo"), null),
            new GovernanceRule(Scope.END_USER, "cust", null, Budget.of("2", "1d"), null));
    // the per-model budget applies to its model group only
    assertThat(db.governancePolicy().rulesFor(ctx, "claude")).hasSize(5);
    // unknown ids and a context without ids have no rules
    assertThat(db.governancePolicy().rulesFor(RequestContext.builder().keyId("key-x").build(), "m"))
        .isEmpty();
    assertThat(db.governancePolicy().rulesFor(RequestContext.EMPTY, "m")).isEmpty();

    // a change is seen at once (cache invalidated)
    db.keys()
        .update(
            k.info().id(),
            new KeySpec(null, null, null, null, null, rpm(3), null, null, null, null),
            ADMIN);
    assertThat(db.governancePolicy().rulesFor(ctx, "m"))
        .contains(
            new GovernanceRule(
                Scope.KEY, k.info().id(), null, Budget.of("10"), new RateLimits(3L, null, null)));
  }

  @Test
  void dialectUpsertAndInsertIgnore() throws Exception {
    String url = freshUrl();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(url)) {
      c.createStatement()
          .execute("CREATE TABLE llmux_dialect_t (k VARCHAR(10) NOT NULL PRIMARY KEY, v INTEGER)");
      javax.sql.DataSource ds = new SingleConnection(c);
      dev.llmux.jdbc.internal.Dialect d = dev.llmux.jdbc.internal.Dialect.of(ds);
      assertThat(d)
          .isEqualTo(
              this instanceof PostgresStoreTest
                  ? dev.llmux.jdbc.internal.Dialect.POSTGRESQL
                  : dev.llmux.jdbc.internal.Dialect.H2);
      String upsert = d.upsert("llmux_dialect_t", List.of("k"), List.of("k", "v"));
      String ignore = d.insertIgnore("llmux_dialect_t", List.of("k"), List.of("k", "v"));
      for (Object[] row :
          new Object[][] {{upsert, "a", 1}, {upsert, "a", 2}, {ignore, "b", 1}, {ignore, "b", 2}}) {
        try (java.sql.PreparedStatement ps = c.prepareStatement((String) row[0])) {
          ps.setString(1, (String) row[1]);
          ps.setInt(2, (Integer) row[2]);
          ps.executeUpdate();
        }
      }
      try (java.sql.ResultSet rs =
          c.createStatement().executeQuery("SELECT k, v FROM llmux_dialect_t ORDER BY k")) {
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
          rows.add(rs.getString(1) + "=" + rs.getInt(2));
        }
        assertThat(rows).containsExactly("a=2", "b=1");
      }
    }
  }

  /** A DataSource handing out one open connection (closing it is left to the test). */
  private static final class SingleConnection implements javax.sql.DataSource {
    private final java.sql.Connection c;

    SingleConnection(java.sql.Connection c) {
      this.c = c;
    }

    @Override
    public java.sql.Connection getConnection() {
      return (java.sql.Connection)
          java.lang.reflect.Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {java.sql.Connection.class},
              (proxy, m, args) -> m.getName().equals("close") ? null : m.invoke(c, args));
    }

    @Override
    public java.sql.Connection getConnection(String u, String p) {
      return getConnection();
    }

    @Override
    public java.io.PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(java.io.PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public java.util.logging.Logger getParentLogger() {
      return java.util.logging.Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Test
  void healthyAndMigrationsAreIdempotent() {
    assertThat(db.healthy()).isTrue();
    db.close();
    String url = freshUrl();
    try (LlmuxDatabase first = LlmuxDatabase.builder().url(url).build()) {
      first.keys().generate(KeySpec.EMPTY, ADMIN);
    }
    // a second instance on the same database finds the schema up to date and the data there
    try (LlmuxDatabase second = LlmuxDatabase.builder().url(url).build()) {
      assertThat(second.keys().list(KeyFilter.all()).total()).isEqualTo(1);
    }
    db = LlmuxDatabase.builder().url(freshUrl()).build(); // for close()
  }
}
