package io.chatrelay.edge.page.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.events.json.Json;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PageViewsTest {

  private static final String FORM_ID = "3b4c0f0e-8a61-4c8e-9d0b-2f7f7e1d9a55";
  private static final String SESSION = "0b5f9a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b";
  private final Layout layout = new Layout("/static/v1");
  private final Layout.Context alice = new Layout.Context(new Identity.Caller("alice", Identity.Source.COOKIE),
      "n0nce", true, false);
  private final SessionView session = new SessionView(SESSION, "alice", "2025-03-01T12:00:00Z",
      "2025-03-01T12:00:00Z", "active", new SessionView.Metadata("TradeBodyRep", 2, "2025-03-01T12:01:00Z"));

  @Test
  void shouldShowHistoryAsTextEvenWhenItLooksLikeMarkup() {
    String page = conversation(List.of(message(1, "user", "<script>alert(1)</script>"),
        message(2, "assistant", "<img src=x onerror=alert(1)>")), Optional.empty()).markup();

    assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<script>alert(1)", "<img src=x");
    assertThat(page).contains("data-seq=\"1\"", "data-seq=\"2\"", ">You<", ">Trade body representative<");
  }

  @Test
  void shouldCarryTheNonceOnEveryScriptAndNoInlineHandlers() {
    String page = conversation(List.of(), Optional.empty()).markup();

    assertThat(page.split("<script", -1)).hasSize(3);
    assertThat(page).contains("<script nonce=\"n0nce\">",
        "<script type=\"module\" src=\"/static/v1/app/conversation.js\" nonce=\"n0nce\">");
    assertThat(page).doesNotContainPattern(" on[a-z]+=");
  }

  @Test
  void shouldShowTheErrorSummaryAndInlineErrorTheGovukWay() {
    String page = conversation(List.of(), Optional.of(new FieldError("message", "Enter a message"))).markup();

    assertThat(page).contains("<title>Error: Conversation with a trade body representative – Chat relay</title>",
        "govuk-error-summary", "<a href=\"#message\">Enter a message</a>", "govuk-form-group--error",
        "<span class=\"govuk-visually-hidden\">Error:</span> Enter a message", "govuk-textarea--error",
        "aria-describedby=\"message-info message-hint message-error\"");
    assertThat(page).as("the form re-shown after an error keeps its id: sent again, the text is one message")
        .contains("<input type=\"hidden\" name=\"formId\" value=\"" + FORM_ID + "\">");
  }

  @Test
  void shouldShowTheWaitingIndicatorOnlyWhileTheLastWordIsThePersons() {
    String waiting = conversation(List.of(message(1, "user", "hello")), Optional.empty()).markup();
    String answered = conversation(List.of(message(1, "user", "hello"), message(2, "assistant", "hi")),
        Optional.empty()).markup();

    assertThat(waiting).contains("id=\"waiting\" role=\"status\" data-agent-state=\"thinking\"><span");
    assertThat(answered).contains("id=\"waiting\" role=\"status\" data-agent-state=\"idle\" hidden>");
  }

  @Test
  void shouldMarkAnAnswerStillBeingWrittenAndOneStoppedPartWayWithoutJavaScript() {
    ObjectNode stopped = (ObjectNode) message(2, "assistant", "Fees <are>");
    stopped.put("status", "cancelled");
    ObjectNode streaming = (ObjectNode) message(4, "assistant", "Rates are");
    streaming.put("status", "streaming");
    streaming.putObject("metadata").put("inReplyTo", "q-3");

    String page = conversation(List.of(message(1, "user", "fees?"), stopped, message(3, "user", "rates?"),
        streaming), Optional.empty()).markup();

    assertThat(page).contains("Fees &lt;are&gt;", "You stopped this answer.", "This answer is still being written.",
        "data-status=\"streaming\" data-in-reply-to=\"q-3\" aria-busy=\"true\"",
        "data-agent-state=\"streaming\"", "is writing an answer");
  }

  @Test
  void shouldOfferTheAgentsAsUnselectedRadiosAndListConversations() {
    StartPageView view = new StartPageView(layout);
    String page = view.render(alice.atHome(), new StartPageView.Model(false, true, true, List.of(session),
        Optional.empty(), Optional.empty(), Optional.empty(), "")).markup();

    assertThat(page).contains("value=\"BankRep\"", "value=\"TradeBodyRep\"", "value=\"PaymentsEcosystemRep\"",
        "Bank representative", "Payments ecosystem representative", "Start a new conversation",
        "href=\"/conversations/" + SESSION + "\"", "2 messages", "Signed in as <strong>alice</strong>",
        "action=\"/sign-out\"", "aria-current=\"page\"");
    assertThat(page).doesNotContain("checked", "action=\"/sign-in\"");
  }

  @Test
  void shouldEscapeTheSignedInUserIdAndTheTypedUserId() {
    StartPageView view = new StartPageView(layout);
    Layout.Context odd = new Layout.Context(new Identity.Caller("a<b>", Identity.Source.COOKIE), "n", true, true);
    String page = view.render(odd, new StartPageView.Model(true, false, false, List.of(),
        Optional.of(new FieldError("user-id", "Enter your user ID")), Optional.of(new FieldError("user-id",
            "Enter your user ID")), Optional.empty(), "\"><script>")).markup();

    assertThat(page).contains("a&lt;b&gt;", "value=\"&quot;&gt;&lt;script&gt;\"").doesNotContain("a<b>");
  }

  private Html conversation(List<JsonNode> messages, Optional<FieldError> error) {
    return new ConversationView(layout).render(alice,
        new ConversationView.Model(session, messages, false, false, error, "", FORM_ID));
  }

  private static JsonNode message(long seq, String role, String content) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put("id", "id-" + seq);
    node.put("sessionId", SESSION);
    node.put("content", content);
    node.put("role", role);
    node.put("timestamp", "2025-03-01T12:00:0" + seq + "Z");
    node.put("status", "sent");
    node.put("seq", seq);
    return node;
  }
}
