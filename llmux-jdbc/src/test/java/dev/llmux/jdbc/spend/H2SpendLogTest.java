package dev.llmux.jdbc.spend;

class H2SpendLogTest extends SpendLogContractTest {
  @Override
  protected String freshUrl() {
    return SpendTestDatabases.freshH2();
  }
}
