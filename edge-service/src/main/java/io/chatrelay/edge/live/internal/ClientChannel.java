package io.chatrelay.edge.live.internal;

import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;

/**
 * One browser's WebSocket as the live machinery uses it: frames out, timers on its I/O thread, blocking work on the
 * server's workers. {@link #of} is Undertow's channel; the unit tests use one that records the frames and keeps its
 * timers on a manual clock.
 */
interface ClientChannel {

  /** Hands a text frame to the socket; {@code written} runs once it was written, or could not be. */
  void sendText(ByteBuffer frame, Runnable written);

  void sendPing();

  /** Sends a close frame; the connection itself stays until {@link #drop()}. */
  void sendClose(int code, String reason);

  /** Whether a close frame went out already (Undertow sends one itself for a frame too big or malformed). */
  boolean closeFrameSent();

  /** Closes the connection at once. */
  void drop();

  /** Where the socket's blocking work runs: the server's worker threads. */
  Executor worker();

  /** Runs {@code task} on the socket's I/O thread after {@code delay}. */
  XnioExecutor.Key schedule(Duration delay, Runnable task);

  static ClientChannel of(WebSocketChannel channel) {
    Objects.requireNonNull(channel, "channel");
    return new ClientChannel() {
      @Override
      public void sendText(ByteBuffer frame, Runnable written) {
        WebSockets.sendText(frame, channel, new WebSocketCallback<Void>() {
          @Override
          public void complete(WebSocketChannel ch, Void context) {
            written.run();
          }

          @Override
          public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
            written.run();
          }
        });
      }

      @Override
      public void sendPing() {
        WebSockets.sendPing(ByteBuffer.allocate(0), channel, null);
      }

      @Override
      public void sendClose(int code, String reason) {
        WebSockets.sendClose(code, reason, channel, null);
      }

      @Override
      public boolean closeFrameSent() {
        return channel.isCloseFrameSent();
      }

      @Override
      public void drop() {
        IoUtils.safeClose(channel);
      }

      @Override
      public Executor worker() {
        return channel.getWorker();
      }

      @Override
      public XnioExecutor.Key schedule(Duration delay, Runnable task) {
        return channel.getIoThread().executeAfter(task, delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    };
  }
}
