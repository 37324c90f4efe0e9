package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.Actor;
import dev.llmux.jdbc.ConflictException;
import dev.llmux.jdbc.EndUser;
import dev.llmux.jdbc.EndUserSpec;
import dev.llmux.jdbc.EndUsers;
import dev.llmux.jdbc.NotFoundException;
import dev.llmux.jdbc.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** {@link EndUsers} over JDBC. Not public API. */
public final class EndUsersImpl extends StoreBase implements EndUsers {

  public EndUsersImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public EndUser upsert(String id, EndUserSpec spec, Actor actor) {
    EndUserSpec s = spec == null ? new EndUserSpec(null, null, null) : spec;
    require(id, "user_id");
    if (id.length() > 256) {
      throw new IllegalArgumentException("end user id is longer than 256 characters");
    }
    try {
      return upsertOnce(id, s, actor);
    } catch (ConflictException e) {
      // a concurrent upsert inserted the same new id first: now it is an update
      return upsertOnce(id, s, actor);
    }
  }

  private EndUser upsertOnce(String id, EndUserSpec s, Actor actor) {
    return mutate(
        tx -> {
          requireRef(tx, "llmux_budgets", s.budgetId(), "budget_id");
          Optional<EndUser> before =
              tx.queryOne("SELECT * FROM llmux_end_users WHERE id = ?", StoreBase::endUser, id);
          Instant now = now();
          EndUser after;
          if (before.isEmpty()) {
            after = new EndUser(id, s.alias(), s.budgetId(), Boolean.TRUE.equals(s.blocked()), now);
            tx.update(
                "INSERT INTO llmux_end_users (id, alias, budget_id, blocked, created_at, updated_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)",
                id,
                after.alias(),
                after.budgetId(),
                after.blocked(),
                now,
                now);
            audit(tx, actor, "end_user.create", "end_user", id, null, after);
          } else {
            EndUser b = before.get();
            after =
                new EndUser(
                    id,
                    KeysImpl.or(s.alias(), b.alias()),
                    KeysImpl.or(s.budgetId(), b.budgetId()),
                    s.blocked() == null ? b.blocked() : s.blocked(),
                    b.createdAt());
            tx.update(
                "UPDATE llmux_end_users SET alias = ?, budget_id = ?, blocked = ?, updated_at = ? WHERE id = ?",
                after.alias(),
                after.budgetId(),
                after.blocked(),
                now,
                id);
            audit(tx, actor, "end_user.update", "end_user", id, b, after);
          }
          return after;
        });
  }

  @Override
  public Optional<EndUser> info(String id) {
    return id == null
        ? Optional.empty()
        : sql.queryOne("SELECT * FROM llmux_end_users WHERE id = ?", StoreBase::endUser, id);
  }

  @Override
  public List<String> delete(List<String> ids, Actor actor) {
    if (ids == null || ids.isEmpty()) {
      throw new IllegalArgumentException("end user ids are required");
    }
    return mutate(
        tx -> {
          List<EndUser> found = new ArrayList<>();
          for (String id : new LinkedHashSet<>(ids)) {
            found.add(
                tx.queryOne("SELECT * FROM llmux_end_users WHERE id = ?", StoreBase::endUser, id)
                    .orElseThrow(() -> new NotFoundException("end user '" + id + "' not found")));
          }
          List<String> out = new ArrayList<>();
          for (EndUser e : found) {
            tx.update("DELETE FROM llmux_end_users WHERE id = ?", e.id());
            audit(tx, actor, "end_user.delete", "end_user", e.id(), e, null);
            out.add(e.id());
          }
          return out;
        });
  }

  @Override
  public Page<EndUser> list(int page, int size) {
    return pageOf(
        "llmux_end_users", new Where(), "created_at, id", page(page, size), StoreBase::endUser);
  }
}
