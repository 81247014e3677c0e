package io.chatrelay.demoagent;

import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Runs the demo agent until the process is stopped; configured by the {@code DEMO_AGENT_*} environment variables. */
public final class DemoAgentMain {

  private DemoAgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    DemoAgentConfig config;
    try {
      config = DemoAgentConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    DemoAgent agent = DemoAgent.start(config, Clock.systemUTC());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close();
      stopped.countDown();
    }, "demo-agent-shutdown"));
    stopped.await();
  }
}
