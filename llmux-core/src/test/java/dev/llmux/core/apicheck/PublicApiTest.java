package dev.llmux.core.apicheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.api.Json;
import dev.llmux.core.LlmRouter;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The public API of llmux-api and llmux-core (every public or protected type, constructor, method
 * and field outside {@code internal} packages, with generic signatures) must equal the committed
 * baseline {@code src/test/resources/public-api.txt}, so that it cannot change by accident
 * (docs/decisions.md, "The public API check"). After a deliberate change, rewrite the baseline and
 * commit it with the change:
 *
 * <pre>
 * ./mvnw -o -pl llmux-core -am verify -Dtest=PublicApiTest -Dsurefire.failIfNoSpecifiedTests=false -Dllmux.api.update=true
 * </pre>
 */
class PublicApiTest {
  private static final Path BASELINE = Path.of("src/test/resources/public-api.txt");

  @Test
  void publicApiEqualsTheCommittedBaseline() throws Exception {
    List<String> now = new ArrayList<>();
    now.add(
        "# The public API of llmux-api and llmux-core; see PublicApiTest. Do not edit by hand.");
    now.addAll(signatures(classesDir(Json.class)));
    now.addAll(signatures(classesDir(LlmRouter.class)));
    if (Boolean.getBoolean("llmux.api.update")) {
      Files.write(BASELINE, now, StandardCharsets.UTF_8);
    }
    List<String> baseline = Files.readAllLines(BASELINE, StandardCharsets.UTF_8);
    List<String> added = new ArrayList<>(now);
    added.removeAll(baseline);
    List<String> removed = new ArrayList<>(baseline);
    removed.removeAll(now);
    assertThat(added)
        .as(
            "public API added (a deliberate change? rewrite the baseline: see PublicApiTest);"
                + " removed: %s",
            removed)
        .isEmpty();
    assertThat(removed)
        .as("public API removed or changed (a deliberate change? rewrite the baseline)")
        .isEmpty();
  }

  private static Path classesDir(Class<?> c) throws URISyntaxException {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** One line per public declaration of the classes under {@code root}, sorted. */
  private static List<String> signatures(Path location) throws IOException, ClassNotFoundException {
    TreeSet<String> out = new TreeSet<>();
    List<String> names = new ArrayList<>();
    // target/classes, or the module's jar when the reactor has packaged it
    try (FileSystem jar =
        Files.isDirectory(location)
            ? null
            : FileSystems.newFileSystem(location, (ClassLoader) null)) {
      Path root = jar == null ? location : jar.getPath("/");
      try (Stream<Path> files = Files.walk(root)) {
        files
            .filter(f -> f.toString().endsWith(".class"))
            .map(f -> root.relativize(f).toString().replace('/', '.').replace(".class", ""))
            .filter(n -> n.startsWith("dev.llmux.") && !n.contains(".internal."))
            .filter(n -> !n.endsWith("package-info"))
            .forEach(names::add);
      }
    }
    for (String name : names) {
      Class<?> c = Class.forName(name, false, PublicApiTest.class.getClassLoader());
      if (!exported(c)) {
        continue;
      }
      String type = c.getName();
      out.add(type + " " + declaration(c));
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k)) {
          out.add(type + " " + k.toGenericString());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
          out.add(type + " " + m.toGenericString());
        }
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f) && !f.isSynthetic()) {
          out.add(type + " " + f.toGenericString());
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** A public type whose enclosing types are public too. */
  private static boolean exported(Class<?> c) {
    for (Class<?> t = c; t != null; t = t.getEnclosingClass()) {
      if (!Modifier.isPublic(t.getModifiers()) || t.isAnonymousClass() || t.isLocalClass()) {
        return false;
      }
    }
    return true;
  }

  private static boolean visible(Member m) {
    int mod = m.getModifiers();
    return Modifier.isPublic(mod)
        || Modifier.isProtected(mod) && !Modifier.isFinal(m.getDeclaringClass().getModifiers());
  }

  private static String declaration(Class<?> c) {
    StringBuilder s = new StringBuilder(c.toGenericString());
    if (c.getGenericSuperclass() != null && c.getSuperclass() != Object.class) {
      s.append(" extends ").append(c.getGenericSuperclass().getTypeName());
    }
    if (c.getGenericInterfaces().length > 0) {
      s.append(" implements");
      for (var i : c.getGenericInterfaces()) {
        s.append(' ').append(i.getTypeName());
      }
    }
    return s.toString();
  }
}
