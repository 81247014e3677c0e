package io.chatrelay.edge.page.internal;

import io.chatrelay.edge.api.Problem;
import io.chatrelay.edge.auth.Identity;
import java.util.Map;
import java.util.Objects;

/** The pages a person sees when something cannot be done, worded the GOV.UK way ("Page not found", ...). */
public final class ErrorPages {

  private final Layout layout;
  private final Template template = Template.load("error-page");

  public ErrorPages(Layout layout) {
    this.layout = Objects.requireNonNull(layout, "layout");
  }

  public PageResult.Page notFound(String nonce) {
    return page(nonce, 404, "Page not found",
        "If you typed the web address, check it is correct. If you pasted it, check you copied the entire address."
            + " Conversations you deleted or that belong to someone else cannot be shown.");
  }

  public PageResult.Page crossSite(String nonce) {
    return page(nonce, 403, "You cannot do that from another website",
        "Changes to your conversations can only be made from this service's own pages.");
  }

  public PageResult.Page badForm(String nonce) {
    return page(nonce, 400, "Sorry, there is a problem with what was sent",
        "The form could not be read. Go back and try again.");
  }

  public PageResult.Page unavailable(String nonce) {
    return page(nonce, 503, "Sorry, the service is unavailable",
        "Nothing was lost: what you already said is kept. Try again in a few seconds.");
  }

  public PageResult.Page internal(String nonce) {
    return page(nonce, 500, "Sorry, there is a problem with the service", "Try again later.");
  }

  /** The page for a refusal raised by the shared services (views, chat log). */
  public PageResult.Page forProblem(String nonce, Problem problem) {
    return switch (problem.status()) {
      case 404 -> notFound(nonce);
      case 403 -> crossSite(nonce);
      case 400, 413 -> badForm(nonce);
      case 503 -> unavailable(nonce);
      case 429 -> tooMany(nonce, problem);
      case 409 -> page(nonce, 409, "You have too many conversations", problem.detail());
      default -> internal(nonce);
    };
  }

  /** A limit of this service was reached: say so plainly, and when to try again (the header says it to machines). */
  private PageResult.Page tooMany(String nonce, Problem problem) {
    PageResult.Page page = page(nonce, 429, "Sorry, there have been too many attempts", problem.detail());
    return new PageResult.Page(page.status(), page.body(), problem.headers());
  }

  private PageResult.Page page(String nonce, int status, String heading, String detail) {
    Html content = template.render(Map.of("heading", heading, "detail", detail));
    // Error pages never show account details: the failure may be about who the caller is.
    Layout.Context context = new Layout.Context(Identity.Caller.ANONYMOUS, nonce, false, false);
    return PageResult.status(status, layout.render(context, heading, Html.EMPTY, content, "page.js"));
  }
}
