package io.chatrelay.edge.page.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chatrelay.edge.api.RequestRules;
import io.chatrelay.edge.views.SessionView;
import io.chatrelay.views.AnswerInProgress;
import io.chatrelay.views.MessageView;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Renders the conversation page from its model; no I/O. */
final class ConversationView {

  /**
   * @param messages the shown history, oldest first
   * @param hasEarlier older messages exist than the first one shown
   * @param olderPage the page shows an earlier stretch of history, not the latest (so nothing live is appended)
   * @param typed what the person typed, put back in the box after a refusal
   * @param formId names this rendering of the form: its sends of one text are one message
   */
  record Model(SessionView session, List<JsonNode> messages, boolean hasEarlier, boolean olderPage,
      Optional<FieldError> error, String typed, String formId) {}

  private final Layout layout;
  private final Template page = Template.load("conversation");

  ConversationView(Layout layout) {
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  Html render(Layout.Context context, Model model) {
    String agent = Agents.name(model.session().metadata().agentType());
    String id = model.session().id();
    Map<String, Object> values = new HashMap<>(
        FieldError.fieldState(model.error(), "message", "message-hint", "govuk-textarea--error"));
    values.put("errorSummary", FieldError.summary(model.error()));
    values.put("agent", agent);
    values.put("agentLower", agent.toLowerCase(Locale.UK));
    values.put("sessionId", id);
    values.put("live", Boolean.toString(!model.olderPage()));
    values.put("messages", MessageItems.render(model.messages(), agent));
    values.put("emptyHidden", model.messages().isEmpty() ? Html.EMPTY : new Html(" hidden"));
    boolean streaming = streaming(model);
    values.put("waitingHidden", awaitingReply(model) || streaming ? Html.EMPTY : new Html(" hidden"));
    values.put("agentState", streaming ? "streaming" : awaitingReply(model) ? "thinking" : "idle");
    values.put("waitingText", streaming ? "The " + agent.toLowerCase(Locale.UK) + " is writing an answer"
        : "Waiting for a reply from the " + agent.toLowerCase(Locale.UK));
    values.put("earlier", model.hasEarlier() ? link("/conversations/" + id + "?before="
        + model.messages().get(0).path("seq").asLong(), "Show earlier messages") : Html.EMPTY);
    values.put("later", model.olderPage() ? link("/conversations/" + id + "#latest", "Show the latest messages")
        : Html.EMPTY);
    values.put("maxLength", Integer.toString(RequestRules.MAX_CONTENT_CODE_POINTS));
    values.put("value", model.typed());
    values.put("formId", model.formId());
    String title = (model.error().isPresent() ? "Error: " : "") + "Conversation with a " + agent.toLowerCase(
        Locale.UK);
    Html back = new Html("<a href=\"/\" class=\"govuk-back-link\">Your conversations</a>");
    return layout.render(context, title, back, page.render(values), "conversation.js");
  }

  /** The last word is the person's: the agent has not answered it yet. */
  private static boolean awaitingReply(Model model) {
    if (model.olderPage() || model.messages().isEmpty()) {
      return false;
    }
    JsonNode last = model.messages().get(model.messages().size() - 1);
    return MessageView.ROLE_USER.equals(last.path("role").asText());
  }

  /** An answer is still being written. */
  private static boolean streaming(Model model) {
    return !model.olderPage() && model.messages().stream()
        .anyMatch(m -> AnswerInProgress.STATUS_STREAMING.equals(m.path("status").asText()));
  }

  private static Html link(String href, String text) {
    return new Html("<p class=\"govuk-body app-history-link\"><a class=\"govuk-link\" href=\"" + Html.escape(href)
        + "\">" + Html.escape(text) + "</a></p>");
  }
}
