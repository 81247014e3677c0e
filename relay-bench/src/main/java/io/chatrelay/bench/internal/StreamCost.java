package io.chatrelay.bench.internal;

import java.util.Map;

/**
 * The product's CPU over one phase's steady state, per answer and per delta delivered. The demo agent runs in the
 * product's JVM (as under {@code relay dev}); its threads are counted apart, because what an agent spends on
 * streaming is the agent's cost, not the relay's. So are the JIT's compiler threads: in a short run they still
 * compile whatever path the phase exercises first, which says nothing about what an answer costs once warm.
 *
 * @param cpuSeconds all threads of the product JVM
 * @param agentCpuSeconds the demo agent's threads among them
 * @param jitCpuSeconds the JIT compiler threads among them
 * @param answers answers completed in the window
 * @param deltas delta frames delivered to browsers in the window
 */
record StreamCost(double cpuSeconds, double agentCpuSeconds, double jitCpuSeconds, double wallSeconds, long answers,
    long deltas) {

  /** The demo agent's scheduler (delays and stream ticks) and its Undertow I/O threads, the JVM's first XNIO worker. */
  static boolean agentThread(String group) {
    return group.startsWith("demo-agent") || group.startsWith("XNIO-1 ");
  }

  static boolean jitThread(String group) {
    return group.startsWith("C1 CompilerThread") || group.startsWith("C2 CompilerThread");
  }

  static StreamCost of(Map<String, Double> cpu, long answers, long deltas) {
    double agent = cpu.entrySet().stream().filter(e -> agentThread(e.getKey())).mapToDouble(Map.Entry::getValue)
        .sum();
    double jit = cpu.entrySet().stream().filter(e -> jitThread(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    return new StreamCost(cpu.getOrDefault("total", 0.0), agent, jit, cpu.getOrDefault("wall", 0.0), answers,
        deltas);
  }

  double cores() {
    return cpuSeconds / Math.max(1e-3, wallSeconds);
  }

  double millisPerAnswer() {
    return per(cpuSeconds * 1000, answers);
  }

  /** Without the demo agent's threads and the JIT: the relay's own cost. */
  double relayMillisPerAnswer() {
    return per(relaySeconds() * 1000, answers);
  }

  double relaySeconds() {
    return cpuSeconds - agentCpuSeconds - jitCpuSeconds;
  }

  /** Everything the relay spent in the window, divided among the deltas it delivered. */
  double relayMicrosPerDelta() {
    return per(relaySeconds() * 1e6, deltas);
  }

  /**
   * What a delta adds: the relay's CPU per streamed answer minus its CPU per the same answer whole, divided by the
   * deltas a streamed answer had. The answers, questions and pace are the same; only the deltas differ.
   */
  static double extraMicrosPerDelta(StreamCost streamed, StreamCost whole) {
    double deltasPerAnswer = per(streamed.deltas, streamed.answers);
    return per((streamed.relayMillisPerAnswer() - whole.relayMillisPerAnswer()) * 1000, deltasPerAnswer);
  }

  static double ratio(double a, double b) {
    return b == 0 ? 0 : a / b;
  }

  private static double per(double amount, double count) {
    return count == 0 ? 0 : amount / count;
  }
}
