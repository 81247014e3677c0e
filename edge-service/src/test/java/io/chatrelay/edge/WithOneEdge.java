package io.chatrelay.edge;

import io.chatrelay.infra.junit.RelayInfra;
import io.chatrelay.infra.junit.RelayInfraExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test class run against one edge with default settings, on the shared broker and Redis, for all its tests. */
@ExtendWith(RelayInfraExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WithOneEdge {

  RelayInfra infra;
  EdgeHarness harness;

  @BeforeAll
  void startEdge(RelayInfra infra) {
    this.infra = infra;
    this.harness = EdgeHarness.start(infra);
  }

  @AfterAll
  void stopEdge() throws Exception {
    harness.close();
  }
}
