package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chatrelay.events.AgentType;
import io.chatrelay.events.ChatEvent;
import io.chatrelay.events.Topics;
import io.chatrelay.events.UserMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Exactly one copy in the log per client message id, however often it is sent, on a manual clock. */
class MessageIntakeTest {

  private static final String SESSION = "s-1";

  private final IntakeRig rig = new IntakeRig();
  private final Browser browser = new Browser();

  /** A sender that records what it hears; its rechecks wait on the rig's timers. */
  private final class Browser implements MessageIntake.Sender {

    final List<String> heard = new ArrayList<>();
    long logPosition;
    boolean closing;

    @Override
    public String sessionId() {
      return SESSION;
    }

    @Override
    public int partition() {
      return 0;
    }

    @Override
    public long logPosition() {
      return logPosition;
    }

    @Override
    public Executor worker() {
      return Runnable::run;
    }

    @Override
    public boolean closing() {
      return closing;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
      rig.timers.schedule(delay, task);
    }

    @Override
    public ChatEvent newEvent(Instant at, ClientRequest request) {
      return request.toEvent(SESSION, "u-1", AgentType.BankRep, at);
    }

    @Override
    public void storing(String clientId, ChatEvent event) {
      heard.add("storing " + clientId);
    }

    @Override
    public void acknowledge(String clientId, long seq) {
      heard.add("ack " + clientId + "@" + seq);
    }

    @Override
    public void unavailable(String clientId) {
      heard.add("unavailable " + clientId);
    }
  }

  private void send(String clientId, String content) {
    rig.intake.store(browser, new ClientRequest.Message(clientId, content, Map.of()));
  }

  @Test
  void shouldWriteANewMessageOnceAndAcknowledgeItWithItsSeqOnlyOnceTheLogHasIt() {
    send("c-1", "hello");

    assertThat(rig.producer.history()).singleElement().satisfies(record -> {
      assertThat(record.topic()).isEqualTo(Topics.CHAT_MESSAGES.name());
      assertThat(record.key()).isEqualTo(SESSION);
      assertThat(record.value()).isInstanceOfSatisfying(UserMessage.class, m -> {
        assertThat(m.clientMessageId()).isEqualTo("c-1");
        assertThat(m.content()).isEqualTo("hello");
        assertThat(m.occurredAt()).isEqualTo(IntakeRig.START);
      });
    });
    assertThat(browser.heard).containsExactly("storing c-1");
    rig.producer.completeNext();

    assertThat(browser.heard).containsExactly("storing c-1", "ack c-1@0");
    assertThat(rig.ledger).containsEntry(IntakeRig.key(SESSION, "c-1"), "0");
  }

  @Test
  void shouldAcknowledgeAResendOfAStoredMessageWithoutWritingItAgain() {
    send("c-1", "hello");
    rig.producer.completeNext();

    send("c-1", "hello");

    assertThat(rig.written()).hasSize(1);
    assertThat(browser.heard).containsExactly("storing c-1", "ack c-1@0", "ack c-1@0");
  }

  @Test
  void shouldTellTheSenderToSendAgainWhenTheLogDidNotTakeTheMessage() {
    send("c-1", "hello");

    rig.producer.errorNext(new TimeoutException("no answer from the leader"));

    assertThat(browser.heard).containsExactly("storing c-1", "unavailable c-1");
  }

  @Test
  void shouldAcknowledgeTheCopyAnUnansweredWriteLeftInTheLogInsteadOfWritingItTwice() {
    send("c-1", "hello");
    rig.producer.errorNext(new TimeoutException("the broker stored it and died before answering"));
    rig.log.add(rig.written().get(0));

    send("c-1", "hello");

    assertThat(rig.written()).hasSize(1);
    assertThat(browser.heard).containsExactly("storing c-1", "unavailable c-1", "ack c-1@0");
  }

  @Test
  void shouldWriteAResendAgainWhenTheUnansweredWriteIsNotInTheLog() {
    send("c-1", "hello");
    rig.producer.errorNext(new TimeoutException("the write was lost"));

    send("c-1", "hello");
    rig.producer.completeNext();

    assertThat(rig.written()).hasSize(2).extracting(m -> ((UserMessage) m).clientMessageId()).containsOnly("c-1");
    assertThat(browser.heard).endsWith("ack c-1@1");
  }

  @Test
  void shouldWaitForAnotherWriterOfTheSameMessageAndAcknowledgeItsSeq() {
    rig.ledger.put(IntakeRig.key(SESSION, "c-1"), "pending:another-edge@0");

    send("c-1", "hello");
    assertThat(browser.heard).isEmpty();
    rig.ledger.put(IntakeRig.key(SESSION, "c-1"), "7");
    rig.timers.advance(MessageIntake.RECHECK);

    assertThat(browser.heard).containsExactly("ack c-1@7");
    assertThat(rig.written()).isEmpty();
  }

  @Test
  void shouldTakeOverFromAWriterThatDiedMidWriteOnceNoLiveWriteCouldStillBeGoingOn() {
    rig.ledger.put(IntakeRig.key(SESSION, "c-1"), "pending:a-killed-edge@0");

    send("c-1", "hello");
    rig.timers.advance(MessageIntake.IN_FLIGHT_WAIT.minus(MessageIntake.RECHECK));
    assertThat(rig.written()).isEmpty();
    rig.timers.advance(MessageIntake.RECHECK);
    rig.producer.completeNext();

    assertThat(rig.written()).hasSize(1);
    assertThat(browser.heard).containsExactly("storing c-1", "ack c-1@0");
  }

  @Test
  void shouldTellTheSenderToSendAgainWhenTheIdsCannotBeChecked() {
    rig.redisDown = true;

    send("c-1", "hello");

    assertThat(browser.heard).containsExactly("unavailable c-1");
    assertThat(rig.written()).isEmpty();
  }

  @Test
  void shouldWriteNothingForASenderThatIsGone() {
    browser.closing = true;

    send("c-1", "hello");

    assertThat(rig.written()).isEmpty();
    assertThat(browser.heard).isEmpty();
  }

  @Test
  void shouldTellTheSenderToRetryWhileAnUndecidedWriteGoesOnAndAcknowledgeTheRetryWithItsSeq() {
    send("c-1", "hello");
    rig.timers.advance(ClaimedWrite.ANSWER_WAIT);

    assertThat(browser.heard).containsExactly("storing c-1", "unavailable c-1");
    assertThat(rig.ledger.get(IntakeRig.key(SESSION, "c-1"))).as("still claimed by the write").startsWith("pending:");

    send("c-1", "hello");
    rig.producer.completeNext();
    rig.timers.advance(MessageIntake.RECHECK);

    assertThat(browser.heard).containsExactly("storing c-1", "unavailable c-1", "ack c-1@0");
    assertThat(rig.written()).as("one copy, however long the brokers took").hasSize(1);
  }

  @Test
  void shouldKeepRenewingTheClaimOfAWriteStillWaitingSoThatNoRetryStoresASecondCopy() {
    send("c-1", "hello");
    rig.timers.advance(MessageIntake.IN_FLIGHT_WAIT.multipliedBy(3));

    send("c-1", "hello");
    rig.timers.advance(MessageIntake.IN_FLIGHT_WAIT);

    assertThat(rig.written()).hasSize(1);
    assertThat(browser.heard).containsExactly("storing c-1", "unavailable c-1", "unavailable c-1");
    String claim = rig.ledger.get(IntakeRig.key(SESSION, "c-1"));
    long renewedAt = Long.parseLong(claim.substring(claim.lastIndexOf('@') + 1));
    assertThat(rig.clock.millis() - renewedAt).isLessThanOrEqualTo(ClaimedWrite.RENEW_EVERY.toMillis());
  }

  @Test
  void shouldTakeOverFromAWriterWhoseClaimIsNoLongerRenewed() {
    // Its time says nothing to another edge, whose clock may differ: only whether it changes while we wait.
    rig.ledger.put(IntakeRig.key(SESSION, "c-1"), "pending:a-killed-edge@0@" + rig.clock.millis() + 60_000);

    send("c-1", "hello");
    rig.timers.advance(MessageIntake.IN_FLIGHT_WAIT.minus(MessageIntake.RECHECK));
    assertThat(rig.written()).isEmpty();
    rig.timers.advance(MessageIntake.RECHECK);
    rig.producer.completeNext();

    assertThat(rig.written()).hasSize(1);
    assertThat(browser.heard).containsExactly("storing c-1", "ack c-1@0");
  }
}
