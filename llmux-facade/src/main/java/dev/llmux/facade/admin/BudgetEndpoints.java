package dev.llmux.facade.admin;

import dev.llmux.jdbc.BudgetDef;
import dev.llmux.jdbc.BudgetSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code /budget/new|update|info|list|delete}: proxy admins (viewers read). */
final class BudgetEndpoints {
  static final String[] SPEC_FIELDS = {
    "budget_id",
    "max_budget",
    "soft_budget",
    "budget_duration",
    "tpm_limit",
    "rpm_limit",
    "max_parallel_requests",
    "model_max_budget"
  };

  private final ManagementApi api;

  BudgetEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.post("/budget/new", this::create);
    r.post("/budget/update", this::update);
    r.get("/budget/info", this::info);
    r.get("/budget/list", this::list);
    r.post("/budget/delete", this::delete);
  }

  private static BudgetSpec spec(Req r) {
    return new BudgetSpec(KeyEndpoints.limits(r), r.decimalMap("model_max_budget"));
  }

  private BudgetDef find(String id) {
    return api.db
        .budgets()
        .info(id)
        .orElseThrow(() -> Failure.notFound("Budget '" + id + "' not found"));
  }

  private Object create(Req r) {
    r.allow(SPEC_FIELDS);
    api.auth.proxyWrite(r.caller, "create budgets");
    return Views.budget(api.db.budgets().create(r.str("budget_id"), spec(r), r.caller.actor()));
  }

  private Object update(Req r) {
    r.allow(SPEC_FIELDS);
    api.auth.proxyWrite(r.caller, "update budgets");
    BudgetDef b = find(r.requiredStr("budget_id"));
    return Views.budget(api.db.budgets().update(b.id(), spec(r), r.caller.actor()));
  }

  /** {@code ?budget_id=a} or {@code ?budgets=a,b}: a list of budgets, as LiteLLM answers. */
  private Object info(Req r) {
    r.allow("budget_id", "budgets");
    api.auth.proxyRead(r.caller, "budgets");
    List<String> ids =
        r.has("budgets") ? r.strList("budgets") : List.of(r.requiredStr("budget_id"));
    List<Object> out = new ArrayList<>();
    for (String id : ManagementApi.requireIds(ids, "budgets")) {
      out.add(Views.budget(find(id)));
    }
    return out;
  }

  private Object list(Req r) {
    r.allow();
    api.auth.proxyRead(r.caller, "budgets");
    return Views.map(api.db.budgets().list(), Views::budget);
  }

  private Object delete(Req r) {
    r.allow("id", "budget_id");
    api.auth.proxyWrite(r.caller, "delete budgets");
    String id = r.has("id") ? r.requiredStr("id") : r.requiredStr("budget_id");
    find(id);
    api.db.budgets().delete(id, r.caller.actor());
    Map<String, Object> m = Views.obj();
    m.put("deleted_budget_id", id);
    return m;
  }
}
