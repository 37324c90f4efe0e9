package dev.llmux.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class HttpClientsTest {

  @Test
  void sharedClientIsTunedForARouter() {
    OkHttpClient shared = HttpClients.shared();
    assertThat(shared).isSameAs(HttpClients.shared());
    assertThat(shared.retryOnConnectionFailure()).isFalse();
    assertThat(shared.followRedirects()).isFalse();
    assertThat(shared.dispatcher().getMaxRequests()).isEqualTo(1024);
    assertThat(shared.dispatcher().getMaxRequestsPerHost()).isEqualTo(1024);
    assertThat(shared.callTimeoutMillis()).isZero();
    assertThat(shared.readTimeoutMillis()).isZero();
  }

  @Test
  void derivedClientsShareThePoolAndAreCachedPerTimeoutPair() {
    OkHttpClient a = HttpClients.withTimeouts(Duration.ofMillis(1234), Duration.ofMillis(5678));
    OkHttpClient b = HttpClients.withTimeouts(Duration.ofMillis(1234), Duration.ofMillis(5678));
    OkHttpClient c = HttpClients.withTimeouts(Duration.ofMillis(1234), Duration.ofMillis(5679));
    assertThat(a).isSameAs(b).isNotSameAs(c);
    assertThat(a.connectTimeoutMillis()).isEqualTo(1234);
    assertThat(a.readTimeoutMillis()).isEqualTo(5678);
    assertThat(a.connectionPool()).isSameAs(HttpClients.shared().connectionPool());
    assertThat(a.dispatcher()).isSameAs(HttpClients.shared().dispatcher());
  }

  @Test
  void cacheIsBounded() {
    for (int i = 0; i < HttpClients.MAX_CACHED * 2; i++) {
      HttpClients.withTimeouts(Duration.ofMillis(10_000 + i), Duration.ofMillis(1));
    }
    assertThat(HttpClients.cachedCount()).isLessThanOrEqualTo(HttpClients.MAX_CACHED);
  }
}
