package dev.llmux.jdbc.spend;

class H2SpendLogTest extends SpendLogContractTest {
  @Override
  String freshUrl() {
    return SpendTestDatabases.freshH2();
  }
}
