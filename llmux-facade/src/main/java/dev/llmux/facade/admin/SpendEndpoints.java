package dev.llmux.facade.admin;

import dev.llmux.jdbc.ApiKey;
import dev.llmux.jdbc.Page;
import dev.llmux.jdbc.Team;
import dev.llmux.jdbc.spend.DailyActivity;
import dev.llmux.jdbc.spend.SpendFilter;
import dev.llmux.jdbc.spend.SpendGroupBy;
import dev.llmux.jdbc.spend.SpendLogFilter;
import dev.llmux.jdbc.spend.SpendRow;
import dev.llmux.jdbc.spend.SpendTotal;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /spend/logs|keys|teams|users|models} (per-request rows and totals from the daily
 * aggregates) and {@code /global/activity|spend/models|spend/provider} (proxy-wide, proxy admins
 * and viewers).
 */
final class SpendEndpoints {
  private static final String[] SCOPE = {
    "api_key", "user_id", "team_id", "organization_id", "start_date", "end_date"
  };

  private final ManagementApi api;

  SpendEndpoints(ManagementApi api) {
    this.api = api;
  }

  void register(ManagementApi.Routes r) {
    r.get("/spend/logs", this::logs);
    r.get("/spend/keys", q -> totals(q, SpendGroupBy.KEY, "key"));
    r.get("/spend/teams", q -> totals(q, SpendGroupBy.TEAM, "team_id"));
    r.get("/spend/users", q -> totals(q, SpendGroupBy.USER, "user_id"));
    r.get("/spend/models", q -> totals(q, SpendGroupBy.MODEL, "model"));
    r.get("/global/activity", this::activity);
    r.get("/global/spend/models", q -> global(q, SpendGroupBy.MODEL, "model", "total_spend"));
    r.get(
        "/global/spend/provider",
        q -> global(q, SpendGroupBy.PROVIDER, "provider", "provider_spend"));
  }

  /**
   * The ids the caller narrowed to, checked by the Authorizer; a caller who cannot read all gets
   * their own.
   */
  record Scope(
      String keyId, String userId, String teamId, String orgId, LocalDate from, LocalDate to) {}

  Scope scope(Req r) {
    Caller c = r.caller;
    String keyArg = r.str("api_key");
    ApiKey key =
        keyArg == null
            ? null
            : api.db
                .keys()
                .info(keyArg)
                .orElseThrow(
                    () -> Failure.notFound("Key '" + KeyEndpoints.shown(keyArg) + "' not found"));
    String userId = r.str("user_id");
    String teamId = r.str("team_id");
    Team team =
        teamId == null
            ? null
            : api.db
                .teams()
                .info(teamId)
                .orElseThrow(() -> Failure.notFound("Team '" + teamId + "' not found"));
    String orgId = r.str("organization_id");
    if (!c.readsAll() && key == null && team == null && orgId == null && userId == null) {
      userId = c.userId();
    }
    api.auth.spendRead(c, userId, team, orgId, key);
    LocalDate from = r.date("start_date");
    LocalDate to = r.date("end_date");
    if (from != null && to != null && from.isAfter(to)) {
      throw Failure.badRequest("'start_date' is after 'end_date'", "start_date");
    }
    return new Scope(key == null ? null : key.id(), userId, teamId, orgId, from, to);
  }

  private Object logs(Req r) {
    r.allow(
        KeyEndpoints.with(
            SCOPE, "end_user", "model", "request_id", "status", "page", "size", "page_size"));
    Scope s = scope(r);
    Page<SpendRow> p =
        api.db
            .spend()
            .logs(
                new SpendLogFilter(
                    s.from(),
                    s.to(),
                    s.keyId(),
                    s.userId(),
                    s.teamId(),
                    s.orgId(),
                    r.str("end_user"),
                    r.str("model"),
                    r.str("request_id"),
                    r.page(),
                    r.size(),
                    status(r)));
    return Views.page("data", p, SpendEndpoints::row);
  }

  /** {@code status}: {@code success}, {@code failure}, or an exact status such as an error code. */
  private static String status(Req r) {
    String s = r.str("status");
    if (s != null && (s.length() > 64 || !s.matches("[a-z0-9_.-]+"))) {
      throw Failure.badRequest(
          "'status' must be success, failure, cancelled or an error code such as"
              + " rate_limit_exceeded",
          "status");
    }
    return s;
  }

  private Object totals(Req r, SpendGroupBy by, String name) {
    r.allow(SCOPE);
    Scope s = scope(r);
    SpendFilter f =
        new SpendFilter(
            s.from(), s.to(), s.keyId(), s.userId(), s.teamId(), s.orgId(), null, null, null);
    List<Object> out = new ArrayList<>();
    for (SpendTotal t : api.db.spend().totals(by, f)) {
      out.add(total(name, t));
    }
    return out;
  }

  private Object activity(Req r) {
    r.allow("start_date", "end_date");
    api.auth.proxyRead(r.caller, "global activity");
    LocalDate from = r.date("start_date");
    LocalDate to = r.date("end_date");
    long requests = 0;
    long tokens = 0;
    BigDecimal spend = BigDecimal.ZERO;
    List<Object> days = new ArrayList<>();
    for (DailyActivity d : api.db.spend().activity(SpendFilter.between(from, to))) {
      Map<String, Object> m = Views.obj();
      m.put("date", d.day().toString());
      m.put("api_requests", d.requests());
      m.put("successes", d.successes());
      m.put("failures", d.failures());
      m.put("cache_hits", d.cacheHits());
      m.put("prompt_tokens", d.promptTokens());
      m.put("completion_tokens", d.completionTokens());
      m.put("total_tokens", d.totalTokens());
      m.put("spend", d.cost());
      days.add(m);
      requests += d.requests();
      tokens += d.totalTokens();
      spend = d.cost() == null ? spend : spend.add(d.cost());
    }
    Map<String, Object> m = Views.obj();
    m.put("daily_data", days);
    m.put("sum_api_requests", requests);
    m.put("sum_total_tokens", tokens);
    m.put("sum_spend", spend);
    return m;
  }

  private Object global(Req r, SpendGroupBy by, String name, String spendName) {
    r.allow("start_date", "end_date", "limit");
    api.auth.proxyRead(r.caller, "global spend");
    Integer limit = r.integer("limit");
    List<SpendTotal> totals =
        new ArrayList<>(
            api.db
                .spend()
                .totals(by, SpendFilter.between(r.date("start_date"), r.date("end_date"))));
    totals.sort((a, b) -> cost(b).compareTo(cost(a)));
    List<Object> out = new ArrayList<>();
    for (SpendTotal t : totals) {
      if (limit != null && out.size() >= limit) {
        break;
      }
      Map<String, Object> m = Views.obj();
      m.put(name, t.group());
      m.put(spendName, t.cost());
      m.put("api_requests", t.requests());
      m.put("total_tokens", t.totalTokens());
      out.add(m);
    }
    return out;
  }

  private static BigDecimal cost(SpendTotal t) {
    return t.cost() == null ? BigDecimal.ZERO : t.cost();
  }

  static Map<String, Object> total(String name, SpendTotal t) {
    Map<String, Object> m = Views.obj();
    m.put(name, t.group());
    m.put("spend", t.cost());
    m.put("api_requests", t.requests());
    m.put("successes", t.successes());
    m.put("failures", t.failures());
    m.put("cache_hits", t.cacheHits());
    m.put("prompt_tokens", t.promptTokens());
    m.put("completion_tokens", t.completionTokens());
    m.put("total_tokens", t.totalTokens());
    return m;
  }

  /** A spend log row with LiteLLM's SpendLogs names ({@code request_id} is the LLMux call id). */
  static Map<String, Object> row(SpendRow s) {
    Map<String, Object> m = Views.obj();
    m.put("request_id", s.callId());
    m.put("caller_request_id", s.callerRequestId());
    m.put("call_type", s.operation());
    m.put("stream", s.stream());
    m.put("api_key", s.keyId());
    m.put("user", s.userId());
    m.put("team_id", s.teamId());
    m.put("organization_id", s.orgId());
    m.put("end_user", s.endUserId());
    m.put("model", s.requestedModel());
    m.put("model_group", s.modelGroup());
    m.put("model_id", s.deploymentId());
    m.put("custom_llm_provider", s.provider());
    m.put("provider_type", s.providerType());
    m.put("prompt_tokens", s.promptTokens());
    m.put("completion_tokens", s.completionTokens());
    m.put("total_tokens", s.totalTokens());
    m.put("cached_tokens", s.cachedTokens());
    m.put("reasoning_tokens", s.reasoningTokens());
    m.put("spend", s.cost());
    m.put("startTime", Views.time(s.startedAt()));
    m.put(
        "endTime",
        s.startedAt() == null ? null : Views.time(s.startedAt().plusMillis(s.latencyMs())));
    m.put("latency_ms", s.latencyMs());
    m.put("ttft_ms", s.ttftMs());
    m.put("cache_hit", s.cacheHit());
    m.put("status", s.status());
    m.put("http_status", s.httpStatus());
    m.put("error_type", s.errorType());
    m.put("request_tags", s.tags());
    m.put("metadata", s.metadata());
    return m;
  }
}
