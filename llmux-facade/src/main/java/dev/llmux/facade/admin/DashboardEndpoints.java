package dev.llmux.facade.admin;

import dev.llmux.jdbc.spend.DailyActivity;
import dev.llmux.jdbc.spend.SpendFilter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dashboard ({@code /ui/}) needs that LiteLLM's API shapes lack: {@code GET /spend/daily},
 * a time series of the caller's spend per UTC day, narrowed and authorized exactly like {@code
 * /spend/keys} and the other spend totals (a caller who does not read everything gets their own;
 * asking for someone else's is 403). {@code /global/activity} is the proxy-wide series for admins
 * only; this one serves every role.
 */
final class DashboardEndpoints {
  /** Longest range whose empty days are filled in (a longer one lists only days with calls). */
  static final int MAX_FILLED_DAYS = 1000;

  /** The range when neither date is given: the last 30 UTC days, today included. */
  static final int DEFAULT_DAYS = 30;

  private final ManagementApi api;
  private final SpendEndpoints spend;

  DashboardEndpoints(ManagementApi api) {
    this.api = api;
    this.spend = new SpendEndpoints(api);
  }

  void register(ManagementApi.Routes r) {
    r.get("/spend/daily", this::daily);
  }

  /**
   * {@code api_key}, {@code user_id}, {@code team_id}, {@code organization_id}, {@code model},
   * {@code start_date}, {@code end_date} → {@code {"start_date", "end_date", "daily_data": [{date,
   * api_requests, successes, failures, cache_hits, prompt_tokens, completion_tokens, total_tokens,
   * spend}], "sum_api_requests", "sum_failures", "sum_total_tokens", "sum_spend"}}, oldest day
   * first, every day of the range present (zeros for days without calls).
   */
  private Object daily(Req r) {
    r.allow("api_key", "user_id", "team_id", "organization_id", "model", "start_date", "end_date");
    SpendEndpoints.Scope s = spend.scope(r);
    LocalDate to = s.to();
    LocalDate from = s.from();
    if (to == null) {
      to = LocalDate.ofInstant(api.clock.instant(), ZoneOffset.UTC);
      if (from != null && from.isAfter(to)) {
        to = from;
      }
    }
    if (from == null) {
      from = to.minusDays(DEFAULT_DAYS - 1L);
    }
    SpendFilter f =
        new SpendFilter(
            from, to, s.keyId(), s.userId(), s.teamId(), s.orgId(), null, r.str("model"), null);
    Map<LocalDate, DailyActivity> found = new HashMap<>();
    for (DailyActivity d : api.db.spend().activity(f)) {
      found.put(d.day(), d);
    }
    List<Object> days = new ArrayList<>();
    long requests = 0;
    long failures = 0;
    long tokens = 0;
    BigDecimal cost = BigDecimal.ZERO;
    long span = ChronoUnit.DAYS.between(from, to) + 1;
    List<LocalDate> order = new ArrayList<>();
    if (span <= MAX_FILLED_DAYS) {
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        order.add(d);
      }
    } else {
      found.keySet().stream().sorted().forEach(order::add);
    }
    for (LocalDate day : order) {
      DailyActivity d = found.get(day);
      Map<String, Object> m = Views.obj();
      m.put("date", day.toString());
      m.put("api_requests", d == null ? 0 : d.requests());
      m.put("successes", d == null ? 0 : d.successes());
      m.put("failures", d == null ? 0 : d.failures());
      m.put("cache_hits", d == null ? 0 : d.cacheHits());
      m.put("prompt_tokens", d == null ? 0 : d.promptTokens());
      m.put("completion_tokens", d == null ? 0 : d.completionTokens());
      m.put("total_tokens", d == null ? 0 : d.totalTokens());
      BigDecimal c = d == null || d.cost() == null ? BigDecimal.ZERO : d.cost();
      m.put("spend", c);
      days.add(m);
      if (d != null) {
        requests += d.requests();
        failures += d.failures();
        tokens += d.totalTokens();
        cost = cost.add(c);
      }
    }
    Map<String, Object> m = Views.obj();
    m.put("start_date", from.toString());
    m.put("end_date", to.toString());
    m.put("daily_data", days);
    m.put("sum_api_requests", requests);
    m.put("sum_failures", failures);
    m.put("sum_total_tokens", tokens);
    m.put("sum_spend", cost);
    return m;
  }
}
