package dev.llmux.jdbc.internal;

import dev.llmux.jdbc.AuditEntry;
import dev.llmux.jdbc.AuditFilter;
import dev.llmux.jdbc.AuditLog;
import dev.llmux.jdbc.Page;

/** {@link AuditLog} over JDBC: read only (rows are written by the stores). Not public API. */
public final class AuditLogImpl extends StoreBase implements AuditLog {

  public AuditLogImpl(StoreContext ctx) {
    super(ctx);
  }

  @Override
  public Page<AuditEntry> list(AuditFilter f) {
    AuditFilter filter = f == null ? AuditFilter.all() : f;
    PageReq p = page(filter.page(), filter.size());
    Where w =
        new Where()
            .andIf(filter.actor(), "actor = ?")
            .andIf(filter.objectType(), "object_type = ?")
            .andIf(filter.objectId(), "object_id = ?")
            .andIf(filter.action(), "action = ?")
            .andIf(filter.from(), "occurred_at >= ?")
            .andIf(filter.to(), "occurred_at < ?");
    return pageOf(
        "llmux_audit_log",
        w,
        "id DESC",
        p,
        rs ->
            new AuditEntry(
                rs.getLong("id"),
                Sql.instant(rs, "occurred_at"),
                rs.getString("actor"),
                rs.getString("action"),
                rs.getString("object_type"),
                rs.getString("object_id"),
                rs.getString("before_json"),
                rs.getString("after_json")));
  }
}
