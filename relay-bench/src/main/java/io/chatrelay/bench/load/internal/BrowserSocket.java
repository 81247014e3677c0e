package io.chatrelay.bench.load.internal;

import io.undertow.websockets.core.AbstractReceiveListener;
import io.undertow.websockets.core.BufferedTextMessage;
import io.undertow.websockets.core.CloseMessage;
import io.undertow.websockets.core.WebSocketCallback;
import io.undertow.websockets.core.WebSocketChannel;
import io.undertow.websockets.core.WebSockets;
import java.util.concurrent.atomic.LongAdder;
import org.xnio.IoUtils;

/**
 * One open browser WebSocket: hands every text frame to its listener (on an I/O thread) and answers pings (Undertow's
 * receive listener does that by default, as a browser does).
 */
public final class BrowserSocket {

  /** What the load generator does with the frames of one socket. */
  public interface Listener {
    void onText(BrowserSocket socket, String text);

    default void onClosed(BrowserSocket socket) {}
  }

  private final int index;
  private final WebSocketChannel channel;
  private final LongAdder sendFailures;
  private volatile boolean closed;

  public BrowserSocket(int index, WebSocketChannel channel, Listener listener, LongAdder sendFailures) {
    this.index = index;
    this.channel = channel;
    this.sendFailures = sendFailures;
    channel.getReceiveSetter().set(new AbstractReceiveListener() {
      @Override
      protected void onFullTextMessage(WebSocketChannel ch, BufferedTextMessage message) {
        listener.onText(BrowserSocket.this, message.getData());
      }

      @Override
      protected void onCloseMessage(CloseMessage message, WebSocketChannel ch) {
        closed = true;
      }

      @Override
      protected void onError(WebSocketChannel ch, Throwable error) {
        closed = true;
        IoUtils.safeClose(ch);
      }
    });
    channel.addCloseTask(ch -> {
      closed = true;
      listener.onClosed(this);
    });
    channel.resumeReceives();
  }

  public int index() {
    return index;
  }

  public boolean closed() {
    return closed || !channel.isOpen();
  }

  public void send(String frame) {
    WebSockets.sendText(frame, channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        // written
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        sendFailures.increment();
      }
    });
  }

  /** Closes as a browser leaving the page does: a close frame, then the connection. */
  public void close() {
    WebSockets.sendClose(1000, "done", channel, new WebSocketCallback<Void>() {
      @Override
      public void complete(WebSocketChannel ch, Void context) {
        IoUtils.safeClose(ch);
      }

      @Override
      public void onError(WebSocketChannel ch, Void context, Throwable throwable) {
        IoUtils.safeClose(ch);
      }
    });
  }
}
