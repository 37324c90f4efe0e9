package dev.llmux.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * llmux-bom has no parent (so that importing it brings no third-party versions): its version is
 * written in it, and its module list by hand. This keeps both equal to the reactor's.
 */
class BomTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void theBomManagesEveryPublishedModuleAtTheReactorsVersionAndNothingElse() throws Exception {
    Document parent = parse(ROOT.resolve("pom.xml"));
    Document bom = parse(ROOT.resolve("llmux-bom/pom.xml"));
    String version = text(parent.getDocumentElement(), "version");
    assertThat(text(bom.getDocumentElement(), "version")).isEqualTo(version);
    assertThat(bom.getDocumentElement().getElementsByTagName("parent").getLength()).isZero();

    List<String> published = new ArrayList<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String m = modules.item(i).getTextContent().trim();
      if (!List.of("examples", "benchmarks", "llmux-bom").contains(m)) {
        published.add(m);
      }
    }
    List<String> managed = new ArrayList<>();
    NodeList deps = bom.getElementsByTagName("dependency");
    for (int i = 0; i < deps.getLength(); i++) {
      Element d = (Element) deps.item(i);
      assertThat(text(d, "groupId")).isEqualTo("dev.llmux");
      assertThat(text(d, "version")).isEqualTo("${project.version}");
      managed.add(text(d, "artifactId"));
    }
    assertThat(managed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(published);
  }

  private static Document parse(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  /** The text of {@code e}'s first direct child named {@code name}. */
  private static String text(Element e, String name) {
    NodeList children = e.getChildNodes();
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element c && c.getTagName().equals(name)) {
        return c.getTextContent().trim();
      }
    }
    throw new AssertionError("no <" + name + "> in <" + e.getTagName() + ">");
  }
}
