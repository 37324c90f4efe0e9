package dev.llmux.jdbc;

/**
 * The store contract on PostgreSQL: {@code LLMUX_TEST_POSTGRES_URL} when set, else an embedded
 * server (one per JVM); a new schema per test.
 */
class PostgresStoreTest extends StoreContractTest {
  @Override
  String freshUrl() {
    return PostgresTestServer.freshSchemaUrl();
  }
}
