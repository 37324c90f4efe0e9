package dev.llmux.core.internal.config;

import dev.llmux.core.config.GovernanceSettings;
import dev.llmux.core.governance.BudgetDuration;
import dev.llmux.core.governance.Scope;
import dev.llmux.core.internal.config.Reader.Section;
import dev.llmux.core.internal.config.YamlTree.Node;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Binds the {@code budgets}, {@code limits} and {@code governance} sections. */
final class GovernanceBinder {
  static final List<String> SETTINGS_KEYS =
      List.of(
          "time_zone",
          "max_wait_for_limit",
          "max_waiters",
          "default_max_output_tokens",
          "fail_open");
  private static final List<String> BUDGET_KEYS =
      List.of("scope", "id", "model", "max_budget", "soft_budget", "budget_duration");
  private static final List<String> LIMIT_KEYS =
      List.of("scope", "id", "model", "rpm", "tpm", "max_parallel_requests");

  private GovernanceBinder() {}

  static GovernanceSettings bind(
      Reader r, @Nullable Node budgets, @Nullable Node limits, @Nullable Section settings) {
    List<GovernanceSettings.BudgetRule> b = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    if (budgets != null) {
      List<Node> items = r.list(budgets, ConfigBinder.BUDGETS);
      for (int i = 0; i < items.size(); i++) {
        Section s = r.section(items.get(i), ConfigBinder.BUDGETS + "[" + i + "]", BUDGET_KEYS);
        String scope = scope(r, s);
        BigDecimal max = money(s, "max_budget");
        BigDecimal soft = money(s, "soft_budget");
        if (max == null && soft == null) {
          throw r.error(s.map.line(), s.path + " needs max_budget, soft_budget or both");
        }
        String duration = s.string("budget_duration");
        if (duration != null) {
          try {
            BudgetDuration.parse(duration);
          } catch (IllegalArgumentException e) {
            throw r.error(
                s.line("budget_duration"), e.getMessage() + " in " + s.what("budget_duration"));
          }
        }
        String id = s.string("id");
        String model = s.string("model");
        unique(r, s, seen, "budget", scope, id, model);
        b.add(new GovernanceSettings.BudgetRule(scope, id, model, max, soft, duration));
      }
    }
    List<GovernanceSettings.LimitRule> l = new ArrayList<>();
    if (limits != null) {
      List<Node> items = r.list(limits, ConfigBinder.LIMITS);
      for (int i = 0; i < items.size(); i++) {
        Section s = r.section(items.get(i), ConfigBinder.LIMITS + "[" + i + "]", LIMIT_KEYS);
        String scope = scope(r, s);
        Long rpm = s.int64("rpm", 0);
        Long tpm = s.int64("tpm", 0);
        Integer parallel = s.int32("max_parallel_requests", 0);
        if (rpm == null && tpm == null && parallel == null) {
          throw r.error(s.map.line(), s.path + " needs rpm, tpm or max_parallel_requests");
        }
        String id = s.string("id");
        String model = s.string("model");
        unique(r, s, seen, "limits", scope, id, model);
        l.add(new GovernanceSettings.LimitRule(scope, id, model, rpm, tpm, parallel));
      }
    }
    if (settings == null) {
      return new GovernanceSettings(b, l, null, null, null, null, null);
    }
    String zone = settings.string("time_zone");
    if (zone != null) {
      try {
        ZoneId.of(zone);
      } catch (DateTimeException e) {
        throw r.error(
            settings.line("time_zone"),
            "unknown time zone '"
                + zone
                + "' in governance.time_zone"
                + " (e.g. UTC, Europe/Paris, America/New_York)");
      }
    }
    Integer maxOut = settings.int32("default_max_output_tokens", 0);
    return new GovernanceSettings(
        b,
        l,
        zone,
        settings.duration("max_wait_for_limit"),
        settings.int32("max_waiters", 0),
        maxOut,
        settings.bool("fail_open"));
  }

  private static String scope(Reader r, Section s) {
    String scope = s.requiredString("scope");
    try {
      return Scope.fromKey(scope).key();
    } catch (IllegalArgumentException e) {
      throw r.error(s.line("scope"), e.getMessage() + " in " + s.what("scope"));
    }
  }

  private static @Nullable BigDecimal money(Section s, String key) {
    Double d = s.number(key, 0, Double.MAX_VALUE);
    return d == null ? null : BigDecimal.valueOf(d);
  }

  private static void unique(
      Reader r,
      Section s,
      Map<String, Integer> seen,
      String what,
      String scope,
      @Nullable String id,
      @Nullable String model) {
    String k = what + "|" + scope + "|" + id + "|" + model;
    Integer before = seen.putIfAbsent(k, s.map.line());
    if (before != null) {
      throw r.error(
          s.map.line(),
          "a "
              + what
              + " for "
              + scope
              + " "
              + (id == null ? "(default)" : id)
              + (model == null ? "" : " on model " + model)
              + " is already configured at line "
              + before);
    }
  }
}
