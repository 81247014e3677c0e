package io.chatrelay.edge.page;

import io.chatrelay.edge.api.Routes;
import io.chatrelay.edge.auth.Identity;
import io.chatrelay.edge.auth.MessageRateLimit;
import io.chatrelay.edge.auth.OriginCheck;
import io.chatrelay.edge.auth.SessionAdmission;
import io.chatrelay.edge.auth.SessionCookies;
import io.chatrelay.edge.log.ChatLog;
import io.chatrelay.edge.log.KeyedMessages;
import io.chatrelay.edge.page.internal.ConversationPage;
import io.chatrelay.edge.page.internal.ErrorPages;
import io.chatrelay.edge.page.internal.Layout;
import io.chatrelay.edge.page.internal.PageAction;
import io.chatrelay.edge.page.internal.PageHandler;
import io.chatrelay.edge.page.internal.StartPage;
import io.chatrelay.edge.page.internal.StaticAssets;
import io.chatrelay.edge.page.internal.StaticHandler;
import io.chatrelay.edge.views.ReadYourWrites;
import io.chatrelay.edge.views.ViewReader;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The people-facing side of the edge: server-rendered pages in the style of the GOV.UK Design System that work
 * without JavaScript, upgraded by the page's script to live updates over the browser WebSocket.
 *
 * <pre>
 * GET  /                               start page: sign in (dev mode), conversations, start one
 * POST /sign-in                        dev mode only: sign in as the typed user id, 303 to /
 * POST /sign-out                       forget the cookie, close the user's live connections, 303 to /
 * POST /conversations                  start a conversation with the chosen agent, 303 to it
 * GET  /conversations/{id}             the conversation (?before=seq for earlier messages)
 * POST /conversations/{id}/messages    send a message, 303 back to the conversation
 * GET  /static/{version}/*             stylesheets, scripts (cached for a year; the version changes with them)
 * </pre>
 */
public final class ChatPages {

  private static final Logger LOG = LoggerFactory.getLogger(ChatPages.class);

  /**
   * What the pages run on: the same identity, origin rules and services as the REST API, so a page and the API
   * always agree on who is signed in and what is stored.
   *
   * @param rateLimit the message limits (per user, per address) the API and the WebSocket use, so the form is no
   *     way around them
   * @param admission the limits on new sessions and sign-ins the API uses
   * @param devMode offer the sign-in-by-user-id form
   * @param onSignOut called with the caller when someone signs out, to end that sign-in on every instance
   */
  public record Services(Identity identity, SessionCookies cookies, OriginCheck origins, ChatLog chatLog,
      KeyedMessages keyedMessages, ViewReader views, ReadYourWrites readYourWrites, MessageRateLimit rateLimit,
      SessionAdmission admission, boolean devMode, Clock clock, Consumer<Identity.Caller> onSignOut) {

    public Services {
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(cookies, "cookies");
      Objects.requireNonNull(origins, "origins");
      Objects.requireNonNull(chatLog, "chatLog");
      Objects.requireNonNull(keyedMessages, "keyedMessages");
      Objects.requireNonNull(views, "views");
      Objects.requireNonNull(readYourWrites, "readYourWrites");
      Objects.requireNonNull(rateLimit, "rateLimit");
      Objects.requireNonNull(admission, "admission");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(onSignOut, "onSignOut");
    }
  }

  private ChatPages() {}

  /** Adds the page routes to {@code routes}. */
  public static Routes addTo(Routes routes, Services s) {
    StaticAssets assets = StaticAssets.load();
    LOG.info("pages serve {} static files as version {}", assets.size(), assets.version());
    Layout layout = new Layout("/static/" + assets.version());
    ErrorPages errors = new ErrorPages(layout);
    StartPage start = new StartPage(new StartPage.Deps(s.identity(), s.cookies(), s.chatLog(), s.views(),
        s.readYourWrites(), s.admission(), s.devMode(), s.clock(), s.onSignOut(), layout));
    ConversationPage conversation = new ConversationPage(
        new ConversationPage.Deps(s.keyedMessages(), s.views(), s.readYourWrites(), s.rateLimit(), s.clock(),
            layout));
    Pages pages = new Pages(s, errors);

    routes.add("GET", "/", pages.get(start::show))
        .add("POST", "/sign-out", pages.post(start::signOut))
        .add("POST", "/conversations", pages.post(start::start))
        .add("GET", "/conversations/{id}", pages.get(conversation::show))
        .add("POST", "/conversations/{id}/messages", pages.post(conversation::send))
        .add("GET", "/static/{version}/*", new StaticHandler(assets));
    if (s.devMode()) {
      // Choosing who you are is only for development; production identities come from a cookie or a proxy.
      routes.add("POST", "/sign-in", pages.post(start::signIn));
    }
    return routes;
  }

  private record Pages(Services s, ErrorPages errors) {

    PageHandler get(PageAction action) {
      return new PageHandler(false, action, s.identity(), s.origins(), errors, s.readYourWrites());
    }

    PageHandler post(PageAction action) {
      return new PageHandler(true, action, s.identity(), s.origins(), errors, s.readYourWrites());
    }
  }
}
