package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.OrgMember;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.TeamMember;
import dev.llmux.jdbc.User;
import dev.llmux.jdbc.UserFilter;
import dev.llmux.jdbc.UserRole;
import dev.llmux.jdbc.UserSpec;
import dev.llmux.jdbc.Users;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link Users} over JDBC. Not public API. */
public final class UsersImpl extends StoreBase implements Users {

  public UsersImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public User create(String id, UserSpec spec, Actor actor) {
    UserSpec s = spec == null ? UserSpec.EMPTY : spec;
    String userId = id == null ? "user-" + Codec.randomBase62(16) : checkId(id, "user_id");
    checkLimits(s.limits());
    checkEmail(s.email());
    checkLength(s.alias(), MAX_ALIAS, "user_alias");
    return mutate(tx -> insert(tx, this, userId, s, actor));
  }

  /** Inserts a user with its audit row (also used by invitation accept). */
  static User insert(Sql.Tx tx, StoreBase store, String userId, UserSpec s, Actor actor)
      throws SQLException {
    if (exists(tx, "llmux_users", "id", userId)) {
      throw new ConflictException("user '" + userId + "' already exists");
    }
    checkEmailFree(tx, s.email(), null);
    Instant now = store.now();
    User u =
        new User(
            userId,
            s.email(),
            s.alias(),
            s.role() == null ? UserRole.INTERNAL_USER : s.role(),
            s.models(),
            s.limits(),
            s.metadata(),
            now,
            now,
            actor.id());
    tx.update(
        "INSERT INTO llmux_users (id, email, email_key, alias, role, models, "
            + LIMIT_COLS
            + ", metadata, created_at, updated_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        args(
            u.id(),
            u.email(),
            lower(u.email()),
            u.alias(),
            u.role().key(),
            Codec.json(u.models()),
            limitArgs(u.limits()),
            Codec.json(u.metadata()),
            now,
            now,
            actor.id()));
    store.audit(tx, actor, "user.create", "user", u.id(), null, u);
    return u;
  }

  private static void checkEmail(String email) {
    if (email != null && (email.isBlank() || !email.contains("@") || email.length() > 320)) {
      throw new IllegalArgumentException("invalid user_email '" + email + "'");
    }
  }

  private static void checkEmailFree(Sql.Tx tx, String email, String selfId) throws SQLException {
    if (email == null) {
      return;
    }
    Optional<String> other =
        tx.queryOne(
            "SELECT id FROM llmux_users WHERE email_key = ?", rs -> rs.getString(1), lower(email));
    if (other.isPresent() && !other.get().equals(selfId)) {
      throw new ConflictException("a user with email '" + email + "' already exists");
    }
  }

  @Override
  public User update(String id, UserSpec spec, Actor actor) {
    UserSpec s = spec == null ? UserSpec.EMPTY : spec;
    checkLimits(s.limits());
    checkEmail(s.email());
    checkLength(s.alias(), MAX_ALIAS, "user_alias");
    return mutate(
        tx -> {
          User before = loadUser(tx, require(id, "user_id"));
          checkEmailFree(tx, s.email(), id);
          User after =
              new User(
                  id,
                  KeysImpl.or(s.email(), before.email()),
                  KeysImpl.or(s.alias(), before.alias()),
                  KeysImpl.or(s.role(), before.role()),
                  KeysImpl.or(s.models(), before.models()),
                  before.limits().merge(s.limits()),
                  KeysImpl.or(s.metadata(), before.metadata()),
                  before.createdAt(),
                  now(),
                  before.createdBy());
          tx.update(
              "UPDATE llmux_users SET email = ?, email_key = ?, alias = ?, role = ?, models = ?, "
                  + LIMIT_SET
                  + ", metadata = ?, updated_at = ? WHERE id = ?",
              args(
                  after.email(),
                  lower(after.email()),
                  after.alias(),
                  after.role().key(),
                  Codec.json(after.models()),
                  limitArgs(after.limits()),
                  Codec.json(after.metadata()),
                  after.updatedAt(),
                  id));
          audit(tx, actor, "user.update", "user", id, before, after);
          return after;
        });
  }

  /** Deletes the users, their memberships and their keys (a key must not outlive its owner). */
  @Override
  public List<String> delete(List<String> ids, Actor actor) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("user_ids are required");
    }
    return mutate(
        tx -> {
          List<User> found = new ArrayList<>();
          for (String id : new LinkedHashSet<>(ids)) {
            found.add(loadUser(tx, id));
          }
          List<String> out = new ArrayList<>();
          for (User u : found) {
            for (ApiKey k :
                tx.query(
                    "SELECT * FROM llmux_api_keys WHERE user_id = ?", StoreBase::key, u.id())) {
              KeysImpl.deleteRow(tx, this, k, actor);
            }
            tx.update("DELETE FROM llmux_team_members WHERE user_id = ?", u.id());
            tx.update("DELETE FROM llmux_org_members WHERE user_id = ?", u.id());
            tx.update("DELETE FROM llmux_users WHERE id = ?", u.id());
            audit(tx, actor, "user.delete", "user", u.id(), u, null);
            out.add(u.id());
          }
          return out;
        });
  }

  @Override
  public Optional<User> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_users WHERE id = ?", StoreBase::user, id);
  }

  @Override
  public Optional<User> byEmail(String email) {
    return email == null
        ? Optional.empty()
        : sql.queryOne(
            "SELECT * FROM llmux_users WHERE email_key = ?", StoreBase::user, lower(email));
  }

  @Override
  public Page<User> list(UserFilter f) {
    UserFilter filter = f == null ? UserFilter.all() : f;
    PageReq p = page(filter.page(), filter.size());
    Where w =
        new Where()
            .andIf(filter.role() == null ? null : filter.role().key(), "role = ?")
            .search(filter.search(), "id", "email", "alias");
    return pageOf("llmux_users", w, "created_at, id", p, StoreBase::user);
  }

  @Override
  public List<TeamMember> teamsOf(String userId) {
    return sql.query(
        "SELECT * FROM llmux_team_members WHERE user_id = ? ORDER BY team_id",
        StoreBase::teamMember,
        userId);
  }

  @Override
  public List<OrgMember> orgsOf(String userId) {
    return sql.query(
        "SELECT * FROM llmux_org_members WHERE user_id = ? ORDER BY organization_id",
        StoreBase::orgMember,
        userId);
  }
}
