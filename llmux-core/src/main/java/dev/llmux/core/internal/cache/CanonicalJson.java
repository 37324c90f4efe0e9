package dev.llmux.core.internal.cache;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Hashes a JSON tree canonically: object members in name order, no whitespace, numbers by value
 * ({@code 1} and {@code 1.0} are equal), so field order and formatting never change the hash.
 */
final class CanonicalJson {
  private CanonicalJson() {}

  static String sha256(JsonNode node, String prefix) {
    MessageDigest md = sha256();
    md.update(prefix.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    feed(node, md);
    return HexFormat.of().formatHex(md.digest());
  }

  private static void feed(JsonNode n, MessageDigest md) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      md.update((byte) 'n');
    } else if (n.isObject()) {
      md.update((byte) '{');
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      names.sort(null);
      for (String name : names) {
        JsonNode v = n.get(name);
        if (v.isNull()) {
          continue; // absent and null mean the same to every API LLMux talks to
        }
        text(name, md);
        md.update((byte) ':');
        feed(v, md);
        md.update((byte) ',');
      }
      md.update((byte) '}');
    } else if (n.isArray()) {
      md.update((byte) '[');
      for (JsonNode v : n) {
        feed(v, md);
        md.update((byte) ',');
      }
      md.update((byte) ']');
    } else if (n.isNumber()) {
      md.update((byte) '#');
      md.update(
          n.decimalValue().stripTrailingZeros().toPlainString().getBytes(StandardCharsets.UTF_8));
    } else if (n.isBoolean()) {
      md.update((byte) (n.booleanValue() ? 't' : 'f'));
    } else {
      md.update((byte) 's');
      text(n.asText(), md);
    }
  }

  private static void text(String s, MessageDigest md) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) (b.length >>> 24));
    md.update((byte) (b.length >>> 16));
    md.update((byte) (b.length >>> 8));
    md.update((byte) b.length);
    md.update(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
