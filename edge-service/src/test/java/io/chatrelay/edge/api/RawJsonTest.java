package io.chatrelay.edge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldJoinElementsIntoOneObjectInOrder() throws Exception {
    RawJson raw = RawJson.objectWithArray("messages",
        List.of(utf8("{\"seq\":1,\"content\":\"caf\u00e9 \\\"x\\\"\"}"), utf8("{\"seq\":2}"), utf8("[]")));

    JsonNode parsed = JSON.readTree(raw.bytes());

    assertThat(parsed.fieldNames()).toIterable().containsExactly("messages");
    assertThat(parsed.get("messages")).hasSize(3);
    assertThat(parsed.get("messages").get(0).get("content").asText()).isEqualTo("caf\u00e9 \"x\"");
    assertThat(parsed.get("messages").get(1).get("seq").asInt()).isEqualTo(2);
    assertThat(raw.toString()).isEqualTo("{\"messages\":[{\"seq\":1,\"content\":\"caf\u00e9 \\\"x\\\"\"},{\"seq\":2},[]]}");
  }

  @Test
  void shouldWriteAnEmptyArray() {
    assertThat(RawJson.objectWithArray("messages", List.of()).toString()).isEqualTo("{\"messages\":[]}");
  }

  @Test
  void shouldRefuseAFieldNameThatWouldNeedEscaping() {
    assertThatThrownBy(() -> RawJson.objectWithArray("a\"b", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
