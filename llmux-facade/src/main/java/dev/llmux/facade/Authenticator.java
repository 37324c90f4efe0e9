package dev.llmux.facade;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks the API key a caller presents against the master key and the configured keys. Keys are kept
 * only as SHA-256 digests and compared with {@link MessageDigest#isEqual} against every configured
 * key (no early exit), so the comparison time does not depend on how much of a key matched.
 */
final class Authenticator {
  /**
   * Who a valid key belongs to. {@code models} empty means every model; {@code access}, when not
   * {@code null}, decides instead (a database key: key, team and organization allow lists).
   */
  record Principal(String keyId, String user, String team, String org, List<String> models,
      java.util.function.Predicate<String> access, java.util.Map<String, String> aliases, List<String> tags) {
    static final Principal ANONYMOUS = new Principal(null, null, null, null, List.of());

    Principal {
      aliases = aliases == null ? java.util.Map.of() : java.util.Map.copyOf(aliases);
      tags = tags == null ? List.of() : List.copyOf(tags);
    }

    Principal(String keyId, String user, String team, String org, List<String> models) {
      this(keyId, user, team, org, models, null, null, null);
    }

    /**
     * The model this key's {@code aliases} map {@code requested} to (a database key's
     * {@code {"gpt-4o": "my-gpt-4o"}}), or {@code requested} itself. Access is checked on the result.
     */
    String resolve(String requested) {
      return requested == null ? null : aliases.getOrDefault(requested, requested);
    }

    /** Whether this key may use {@code model}. */
    boolean allows(String model) {
      if (access != null) {
        return access.test(model);
      }
      return dev.llmux.jdbc.KeyPrincipal.listAllows(models, model);
    }
  }

  private record Entry(byte[] digest, Principal principal) {}

  /** The key id given to the master key. */
  static final String MASTER_KEY_ID = "master";

  private final List<Entry> entries;

  Authenticator(ServerConfig config) {
    List<Entry> list = new ArrayList<>();
    if (config.masterKey() != null) {
      list.add(new Entry(sha256(config.masterKey()), new Principal(MASTER_KEY_ID, null, null, null, List.of())));
    }
    for (ServerConfig.Key k : config.keys()) {
      list.add(new Entry(sha256(k.key()), new Principal(k.name(), k.user(), k.team(), k.org(), k.models())));
    }
    this.entries = List.copyOf(list);
  }

  /** Whether callers must present a key. */
  boolean enabled() {
    return !entries.isEmpty();
  }

  /** The principal of {@code presented}, or {@code null} when it matches no key. */
  Principal authenticate(String presented) {
    if (presented == null || presented.isEmpty()) {
      return null;
    }
    byte[] digest = sha256(presented);
    Principal found = null;
    for (Entry e : entries) {
      if (MessageDigest.isEqual(e.digest(), digest) && found == null) {
        found = e.principal();
      }
    }
    return found;
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
