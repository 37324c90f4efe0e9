package dev.llmux.jdbc.spend;

/** What {@link SpendLog#totals} groups the daily aggregates by. */
public enum SpendGroupBy {
  KEY("key_id"),
  USER("user_id"),
  TEAM("team_id"),
  ORGANIZATION("org_id"),
  END_USER("end_user_id"),
  /** The model group that served. */
  MODEL("model_group"),
  /** The provider instance name of the deployment that served ({@code cache} rows have none). */
  PROVIDER("provider");

  final String column;

  SpendGroupBy(String column) {
    this.column = column;
  }
}
