package dev.llmux.facade.admin;

import dev.llmux.jdbc.AuditFilter;

/** {@code /audit/logs}: every management change, newest first; proxy admins and viewers. */
final class AuditEndpoints {
  private final ManagementApi api;

  AuditEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.get("/audit/logs", this::logs);
  }

  private Object logs(Req r) {
    r.allow(
        "page",
        "size",
        "page_size",
        "changed_by",
        "actor",
        "table_name",
        "object_type",
        "object_id",
        "action",
        "start_date",
        "end_date");
    api.auth.proxyRead(r.caller, "audit logs");
    String actor = r.has("changed_by") ? r.str("changed_by") : r.str("actor");
    String type = r.has("table_name") ? r.str("table_name") : r.str("object_type");
    return Views.page(
        "audit_logs",
        api.db
            .audit()
            .list(
                new AuditFilter(
                    actor,
                    type,
                    r.str("object_id"),
                    r.str("action"),
                    r.instant("start_date", false),
                    r.instant("end_date", true),
                    r.page(),
                    r.size())),
        Views::audit);
  }
}
