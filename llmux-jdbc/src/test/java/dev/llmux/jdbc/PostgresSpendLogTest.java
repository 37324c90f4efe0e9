package dev.llmux.jdbc;

import dev.llmux.jdbc.spend.SpendLogContractTest;

/** The spend log suite on PostgreSQL (a fresh schema of the shared test server per test). */
class PostgresSpendLogTest extends SpendLogContractTest {
  @Override
  protected String freshUrl() {
    return PostgresTestServer.freshSchemaUrl();
  }
}
