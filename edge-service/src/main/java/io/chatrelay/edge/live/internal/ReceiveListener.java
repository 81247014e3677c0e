package io.chatrelay.edge.live.internal;

import io.chatrelay.edge.live.LiveSettings;
import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedBinaryMessage;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.StreamSourceFrameChannel;
import io.undertow.websockets.core.WebSocketChannel;
import java.io.IOException;

/**
 * Reads a socket's frames on its I/O thread. Any frame, pongs included, counts as a sign of life. Data frames are
 * buffered up to {@link LiveSettings#MAX_CLIENT_FRAME_BYTES}; Undertow closes the socket with 1009 beyond that.
 */
final class ReceiveListener extends AbstractReceiveListener {

  private final LiveConnection socket;

  ReceiveListener(LiveConnection socket) {
    this.socket = socket;
  }

  @Override
  protected long getMaxTextBufferSize() {
    return LiveSettings.MAX_CLIENT_FRAME_BYTES;
  }

  @Override
  protected long getMaxBinaryBufferSize() {
    return LiveSettings.MAX_CLIENT_FRAME_BYTES;
  }

  @Override
  protected void onText(WebSocketChannel channel, StreamSourceFrameChannel frame) throws IOException {
    socket.heard();
    super.onText(channel, frame);
  }

  @Override
  protected void onBinary(WebSocketChannel channel, StreamSourceFrameChannel frame) throws IOException {
    socket.heard();
    super.onBinary(channel, frame);
  }

  @Override
  protected void onPing(WebSocketChannel channel, StreamSourceFrameChannel frame) throws IOException {
    socket.heard();
    super.onPing(channel, frame);
  }

  @Override
  protected void onPong(WebSocketChannel channel, StreamSourceFrameChannel frame) throws IOException {
    socket.heard();
    super.onPong(channel, frame);
  }

  @Override
  protected void onFullTextMessage(WebSocketChannel channel, BufferedTextMessage message) {
    socket.onText(message.getData());
  }

  @Override
  protected void onFullBinaryMessage(WebSocketChannel channel, BufferedBinaryMessage message) {
    message.getData().free();
    socket.onBinary();
  }

  @Override
  protected void onError(WebSocketChannel channel, Throwable error) {
    socket.failed(error);
  }
}
