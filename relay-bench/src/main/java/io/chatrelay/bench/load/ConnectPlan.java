package io.chatrelay.bench.load;

import java.util.List;

/**
 * What one load generator process of the {@code connect} task does; the connections scenario runs several, each
 * under its own open files limit and from its own local addresses. After creating its sessions it waits for
 * commands on stdin: {@code connect}, {@code push}, {@code quit}.
 *
 * @param sockets idle WebSockets this process opens
 * @param socketsPerSession browser tabs per session (1: every socket its own session and user)
 * @param concurrency handshakes in flight at once
 * @param pushStride every how many sessions get a REST message afterwards (1: all of them)
 * @param pushTimeoutSeconds how long every socket of those sessions has to receive it
 */
public record ConnectPlan(String baseUrl, String runId, int process, int sockets, int socketsPerSession,
    List<String> bindAddresses, int concurrency, int pushStride, int pushTimeoutSeconds) {

  public ConnectPlan {
    bindAddresses = List.copyOf(bindAddresses);
  }
}
