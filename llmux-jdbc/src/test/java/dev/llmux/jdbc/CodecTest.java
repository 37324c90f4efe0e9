package dev.llmux.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmux.jdbc.internal.Codec;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecTest {
  @Test
  void sha256HexIsTheStandardDigest() {
    assertThat(Codec.sha256Hex("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void randomBase62HasTheLengthAndAlphabetAndDoesNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String s = Codec.randomBase62(32);
      assertThat(s).matches("[0-9A-Za-z]{32}");
      assertThat(seen.add(s)).isTrue();
    }
  }
}
