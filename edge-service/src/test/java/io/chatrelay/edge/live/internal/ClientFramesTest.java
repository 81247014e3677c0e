package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.chatrelay.edge.live.internal.ClientFrames.Refusal;
import org.junit.jupiter.api.Test;

class ClientFramesTest {

  private static Refusal refusal(String frame) {
    return catchThrowableOfType(Refusal.class, () -> ClientFrames.parse(frame));
  }

  @Test
  void shouldReadAMessageWithTrimmedContentAndMetadata() {
    ClientRequest.Message message = (ClientRequest.Message) ClientFrames.parse(
        "{\"id\":\"c-1\",\"type\":\"message\",\"content\":\"  hello  \",\"metadata\":{\"tab\":2,\"drop\":null}}");

    assertThat(message.id()).isEqualTo("c-1");
    assertThat(message.content()).isEqualTo("hello");
    assertThat(message.metadata()).containsEntry("tab", 2).doesNotContainKey("drop");
  }

  @Test
  void shouldCountContentAndIdInCodePoints() {
    String emojiId = "😀".repeat(64);
    ClientRequest.Message message = (ClientRequest.Message) ClientFrames.parse("{\"id\":\"" + emojiId
        + "\",\"type\":\"message\",\"content\":\"" + "😀".repeat(1000) + "\"}");

    assertThat(message.id()).isEqualTo(emojiId);
    assertThat(refusal("{\"id\":\"x\",\"type\":\"message\",\"content\":\"" + "😀".repeat(1001) + "\"}").code())
        .isEqualTo("invalid_content");
  }

  @Test
  void shouldRefuseFramesThatAreNotJsonObjects() {
    assertThat(refusal("{\"id\":").code()).isEqualTo("invalid_json");
    assertThat(refusal("").code()).isEqualTo("invalid_json");
    assertThat(refusal("   ").code()).isEqualTo("invalid_json");
    assertThat(refusal("[1,2]").code()).isEqualTo("invalid_frame");
    assertThat(refusal("\"message\"").code()).isEqualTo("invalid_frame");
  }

  @Test
  void shouldRefuseUnknownTypesNamingTheIdWhenItIsGood() {
    Refusal unknown = refusal("{\"id\":\"c-2\",\"type\":\"typing\"}");
    Refusal missing = refusal("{\"id\":\"c-3\",\"content\":\"hi\"}");

    assertThat(unknown.code()).isEqualTo("unknown_type");
    assertThat(unknown.clientId()).isEqualTo("c-2");
    assertThat(missing.code()).isEqualTo("unknown_type");
  }

  @Test
  void shouldRefuseMissingEmptyOrTooLongIds() {
    assertThat(refusal("{\"type\":\"message\",\"content\":\"hi\"}").code()).isEqualTo("invalid_id");
    assertThat(refusal("{\"id\":\"\",\"type\":\"message\",\"content\":\"hi\"}").code()).isEqualTo("invalid_id");
    assertThat(refusal("{\"id\":7,\"type\":\"message\",\"content\":\"hi\"}").code()).isEqualTo("invalid_id");
    Refusal tooLong = refusal("{\"id\":\"" + "a".repeat(65) + "\",\"type\":\"message\",\"content\":\"hi\"}");
    assertThat(tooLong.code()).isEqualTo("invalid_id");
    assertThat(tooLong.clientId()).isNull();
  }

  @Test
  void shouldRefuseEmptyTooLongOrMistypedContent() {
    assertThat(refusal("{\"id\":\"a\",\"type\":\"message\",\"content\":\" \\n \"}").code())
        .isEqualTo("invalid_content");
    assertThat(refusal("{\"id\":\"a\",\"type\":\"message\"}").code()).isEqualTo("invalid_content");
    assertThat(refusal("{\"id\":\"a\",\"type\":\"message\",\"content\":5}").code()).isEqualTo("invalid_content");
    Refusal tooLong = refusal("{\"id\":\"a\",\"type\":\"message\",\"content\":\"" + "x".repeat(1001) + "\"}");
    assertThat(tooLong.code()).isEqualTo("invalid_content");
    assertThat(tooLong.clientId()).isEqualTo("a");
    assertThat(tooLong.frame()).contains("\"type\":\"error\"", "\"code\":\"invalid_content\"", "\"id\":\"a\"");
  }

  @Test
  void shouldRefuseMetadataThatIsNotAnObject() {
    assertThat(refusal("{\"id\":\"a\",\"type\":\"message\",\"content\":\"hi\",\"metadata\":[1]}").code())
        .isEqualTo("invalid_metadata");
  }

  @Test
  void shouldNotEchoTheInputInTheRefusal() {
    Refusal refusal = refusal("{\"id\":\"<script>alert(1)</script>\"");

    assertThat(refusal.getMessage()).doesNotContain("script");
  }

  private static final String QUESTION = "0194a8f2-0000-7000-8000-000000000001";

  @Test
  void shouldReadACancelOfTheAnswerToOneMessage() {
    ClientRequest request = ClientFrames.parse("{\"id\":\"c-9\",\"type\":\"cancel\",\"inReplyTo\":\"" + QUESTION
        + "\"}");

    assertThat(request).isEqualTo(new ClientRequest.Cancel("c-9", java.util.UUID.fromString(QUESTION)));
  }

  @Test
  void shouldReadARatingWithATrimmedCommentOrNone() {
    assertThat(ClientFrames.parse("{\"id\":\"f\",\"type\":\"feedback\",\"inReplyTo\":\"" + QUESTION
        + "\",\"rating\":\"down\",\"comment\":\"  too vague \"}"))
        .isEqualTo(new ClientRequest.Feedback("f", java.util.UUID.fromString(QUESTION), "down", "too vague"));
    assertThat(ClientFrames.parse("{\"id\":\"f\",\"type\":\"feedback\",\"inReplyTo\":\"" + QUESTION
        + "\",\"rating\":\"up\",\"comment\":\"  \"}"))
        .isEqualTo(new ClientRequest.Feedback("f", java.util.UUID.fromString(QUESTION), "up", null));
  }

  @Test
  void shouldRefuseACancelOrRatingThatNamesNoMessageOrNoRating() {
    assertThat(refusal("{\"id\":\"c\",\"type\":\"cancel\"}").code()).isEqualTo("invalid_in_reply_to");
    assertThat(refusal("{\"id\":\"c\",\"type\":\"cancel\",\"inReplyTo\":\"msg-1\"}").code())
        .isEqualTo("invalid_in_reply_to");
    Refusal noRating = refusal("{\"id\":\"f\",\"type\":\"feedback\",\"inReplyTo\":\"" + QUESTION + "\"}");
    assertThat(noRating.code()).isEqualTo("invalid_feedback");
    assertThat(noRating.clientId()).isEqualTo("f");
    assertThat(refusal("{\"id\":\"f\",\"type\":\"feedback\",\"inReplyTo\":\"" + QUESTION
        + "\",\"rating\":\"meh\"}").getMessage()).contains("\"up\" or \"down\"");
    assertThat(refusal("{\"id\":\"f\",\"type\":\"feedback\",\"inReplyTo\":\"" + QUESTION
        + "\",\"rating\":\"up\",\"comment\":\"" + "x".repeat(1001) + "\"}").code()).isEqualTo("invalid_feedback");
  }
}
