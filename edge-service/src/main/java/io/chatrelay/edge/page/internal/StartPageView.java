package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.views.SessionView;
import io.chatrelay.events.AgentType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Renders the start page from its model; no I/O. */
final class StartPageView {

  /**
   * @param offerSignIn show the dev sign-in form
   * @param offerNewConversation show the "Start a new conversation" form
   * @param showConversations show the person's conversations
   * @param firstError the error the summary links to
   */
  record Model(boolean offerSignIn, boolean offerNewConversation, boolean showConversations,
      List<SessionView> conversations, Optional<FieldError> firstError, Optional<FieldError> signInError,
      Optional<FieldError> agentError, String typedUserId) {}

  private final Layout layout;
  private final Template page = Template.load("start");
  private final Template signIn = Template.load("sign-in");
  private final Template newConversation = Template.load("new-conversation");
  private final Template agentOption = Template.load("agent-option");
  private final Template conversations = Template.load("conversations");
  private final Template conversationItem = Template.load("conversation-item");

  StartPageView(Layout layout) {
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  Html render(Layout.Context context, Model model) {
    Html content = page.render(Map.of(
        "errorSummary", FieldError.summary(model.firstError()),
        "signIn", model.offerSignIn() ? signInForm(model) : Html.EMPTY,
        "newConversation", model.offerNewConversation() ? newConversationForm(model) : Html.EMPTY,
        "conversations", model.showConversations() ? conversationList(model.conversations()) : Html.EMPTY));
    String title = (model.firstError().isPresent() ? "Error: " : "") + "Chat with a representative";
    return layout.render(context, title, Html.EMPTY, content, "page.js");
  }

  private Html signInForm(Model model) {
    Map<String, Object> values = new HashMap<>(
        FieldError.fieldState(model.signInError(), "user-id", "user-id-hint", "govuk-input--error"));
    values.put("value", model.typedUserId());
    return signIn.render(values);
  }

  private Html newConversationForm(Model model) {
    Html options = Html.join(Arrays.stream(AgentType.values()).map(type -> agentOption.render(Map.of(
        "id", Agents.radioId(type),
        "value", type.name(),
        "checked", Html.EMPTY,
        "label", type.displayName(),
        "hint", Agents.hint(type)))));
    Map<String, Object> values = new HashMap<>(
        FieldError.fieldState(model.agentError(), "agent-type", "agent-type-hint", ""));
    values.put("options", options);
    return newConversation.render(values);
  }

  private Html conversationList(List<SessionView> sessions) {
    Html list;
    if (sessions.isEmpty()) {
      list = new Html("<p class=\"govuk-body\">You have not started any conversations yet.</p>");
    } else {
      Html items = Html.join(sessions.stream().map(this::item));
      list = new Html("<ul class=\"govuk-list app-conversations\">" + items.markup() + "</ul>");
    }
    return conversations.render(Map.of("list", list));
  }

  private Html item(SessionView session) {
    String lastActive = Optional.ofNullable(session.metadata().lastActivity()).orElse(session.updatedAt());
    long count = session.metadata().messageCount();
    return conversationItem.render(Map.of(
        "id", session.id(),
        "agent", Agents.name(session.metadata().agentType()),
        "lastActive", Times.display(lastActive),
        "lastActiveIso", lastActive == null ? "" : lastActive,
        "count", count == 1 ? "1 message" : count + " messages"));
  }
}
