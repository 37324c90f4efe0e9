package dev.llmux.jdbc.spend;

class PostgresSpendLogTest extends SpendLogContractTest {
  @Override
  String freshUrl() {
    return SpendTestDatabases.freshPostgres();
  }
}
