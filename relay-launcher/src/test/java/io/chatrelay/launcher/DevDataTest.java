package io.chatrelay.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevDataTest {

  @Test
  void shouldWipeTheDataButKeepTheJvmTempDirThatLiesInsideIt(@TempDir Path dir) throws Exception {
    Path data = dir.resolve(".relay-data");
    Path broker = Files.createDirectories(data.resolve("kafka/chat-messages-0"));
    Files.writeString(broker.resolve("00000000000000000000.log"), "old log");
    Files.writeString(Files.createDirectories(data.resolve("redis")).resolve("dump.rdb"), "old views");
    Path tmp = Files.createDirectories(data.resolve("tmp"));
    Path unpacked = Files.writeString(tmp.resolve("librocksdbjni.so"), "native code in use");

    assertThat(DevData.wipe(data, tmp)).isTrue();

    assertThat(data.resolve("kafka")).doesNotExist();
    assertThat(data.resolve("redis")).doesNotExist();
    assertThat(tmp).isDirectory();
    assertThat(unpacked).hasContent("native code in use");
  }

  @Test
  void shouldWipeEverythingWhenTheJvmTempDirIsElsewhere(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Files.writeString(Files.createDirectories(data.resolve("kafka")).resolve("meta.properties"), "x");
    Path elsewhere = Files.createDirectories(dir.resolve("tmp"));

    assertThat(DevData.wipe(data, elsewhere)).isTrue();

    assertThat(data).doesNotExist();
    assertThat(elsewhere).isDirectory();
  }

  @Test
  void shouldSayNothingWasWipedWhenThereIsNoData(@TempDir Path dir) {
    assertThat(DevData.wipe(dir.resolve("none"), dir.resolve("none/tmp"))).isFalse();
  }
}
