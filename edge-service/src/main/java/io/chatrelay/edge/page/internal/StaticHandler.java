package io.chatrelay.edge.page.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.PathTemplateMatch;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code GET /static/{version}/*}. A request naming the current version may be cached for a year; an older
 * version (a page rendered before an upgrade) still gets the file, but must revalidate, so a stale copy is never
 * stored as if it were immutable.
 */
public final class StaticHandler implements HttpHandler {

  private static final String FOREVER = "public, max-age=31536000, immutable";

  private final StaticAssets assets;

  public StaticHandler(StaticAssets assets) {
    this.assets = Objects.requireNonNull(assets, "assets");
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    PathTemplateMatch match = exchange.getAttachment(PathTemplateMatch.ATTACHMENT_KEY);
    Map<String, String> params = match == null ? Map.of() : match.getParameters();
    String path = params.getOrDefault("*", "");
    Optional<StaticAssets.Asset> found = path.contains("..") ? Optional.empty() : assets.get(path);
    SecurityHeaders.common(exchange.getResponseHeaders());
    if (found.isEmpty()) {
      exchange.setStatusCode(404);
      exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
      exchange.getResponseSender().send("Not found");
      return;
    }
    StaticAssets.Asset asset = found.get();
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL,
        assets.version().equals(params.get("version")) ? FOREVER : "no-cache");
    exchange.getResponseHeaders().put(Headers.ETAG, asset.etag());
    if (asset.etag().equals(exchange.getRequestHeaders().getFirst(Headers.IF_NONE_MATCH))) {
      exchange.setStatusCode(304);
      exchange.endExchange();
      return;
    }
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, asset.contentType());
    exchange.getResponseSender().send(ByteBuffer.wrap(asset.bytes()));
  }
}
