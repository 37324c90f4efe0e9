package dev.llmux.bench;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} and {@code --flag} arguments. */
final class Args {
  private final Map<String, String> values = new HashMap<>();

  Args(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + args[i]);
      }
      String name = args[i].substring(2);
      if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        values.put(name, args[++i]);
      } else {
        values.put(name, "true");
      }
    }
  }

  String get(String name, String def) {
    return values.getOrDefault(name, def);
  }

  String required(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return v;
  }

  int integer(String name, int def) {
    return values.containsKey(name) ? Integer.parseInt(values.get(name)) : def;
  }

  double decimal(String name, double def) {
    return values.containsKey(name) ? Double.parseDouble(values.get(name)) : def;
  }

  boolean flag(String name) {
    return Boolean.parseBoolean(values.getOrDefault(name, "false"));
  }
}
