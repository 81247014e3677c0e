package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.auth.Identity;
import java.util.Map;
import java.util.Objects;

/** The frame around every page: head, generic header with the account bar, footer, and the page's script. */
public final class Layout {

  private final String assetBase;
  private final Template frame = Template.load("layout");
  private final Template navigation = Template.load("navigation");
  private final Html signOutForm = Template.load("sign-out").render(Map.of());

  /** @param assetBase where static files are served, such as {@code /static/3fa9c0d1e2b4} */
  public Layout(String assetBase) {
    this.assetBase = Objects.requireNonNull(assetBase, "assetBase");
  }

  /**
   * @param caller who is signed in (the account bar is only shown when someone is)
   * @param nonce this response's script nonce
   * @param canSignOut whether to offer "Sign out" (not when an auth proxy decides who the caller is)
   * @param home the page is the start page, which the navigation marks as the current one
   */
  public record Context(Identity.Caller caller, String nonce, boolean canSignOut, boolean home) {

    public static Context of(PageRequest request) {
      return new Context(request.caller(), request.nonce(),
          request.caller().source() == Identity.Source.COOKIE, false);
    }

    public Context atHome() {
      return new Context(caller, nonce, canSignOut, true);
    }
  }

  /** @param script the page's ES module under {@code app/} */
  public Html render(Context context, String title, Html beforeContent, Html content, String script) {
    return frame.render(Map.of(
        "title", title,
        "assets", assetBase,
        "nonce", context.nonce(),
        "navigation", navigation(context),
        "beforeContent", beforeContent,
        "content", content,
        "script", script));
  }

  public String assetBase() {
    return assetBase;
  }

  private Html navigation(Context context) {
    if (context.caller().anonymous()) {
      return Html.EMPTY;
    }
    Html items = context.home()
        ? new Html("<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
            + "<a class=\"govuk-service-navigation__link\" href=\"/\" aria-current=\"page\">"
            + "<strong class=\"govuk-service-navigation__active-fallback\">Your conversations</strong></a></li>")
        : new Html("<li class=\"govuk-service-navigation__item\">"
            + "<a class=\"govuk-service-navigation__link\" href=\"/\">Your conversations</a></li>");
    return navigation.render(Map.of(
        "items", items,
        "userId", context.caller().userId(),
        "signOut", context.canSignOut() ? signOutForm : Html.EMPTY));
  }
}
