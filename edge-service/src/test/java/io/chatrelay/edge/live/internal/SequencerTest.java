package io.chatrelay.edge.live.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequencerTest {

  private final List<String> sent = new ArrayList<>();

  private Sequencer sequencer(long lastSeq) {
    return new Sequencer(lastSeq, frame -> sent.add(frame), 1000);
  }

  private static Frame event(long seq) {
    return new Frame(seq, "e" + seq, null, null);
  }

  private static Frame reply(long seq, String inReplyTo) {
    return new Frame(seq, "r" + seq, inReplyTo, null);
  }

  private static Frame own(long seq, String clientId) {
    return new Frame(seq, "m" + seq, null, clientId);
  }

  @Test
  void shouldHoldLiveEventsUntilTheReplayIsOverAndSendEachSeqOnce() {
    Sequencer sequencer = sequencer(10);
    // The live feed starts at 14 while the replay still reads 11..15 (the seam overlaps).
    sequencer.live(event(14));
    sequencer.live(event(15));
    sequencer.replayed(event(11));
    sequencer.live(event(16));
    sequencer.replayed(event(13));
    sequencer.replayed(event(14));
    sequencer.replayed(event(15));

    assertThat(sent).containsExactly("e11", "e13", "e14", "e15");
    sequencer.goLive();
    sequencer.live(event(17));

    assertThat(sent).containsExactly("e11", "e13", "e14", "e15", "e16", "e17");
  }

  @Test
  void shouldSendDeltasUntilTheAnswerComesAndNoneAfterIt() {
    Sequencer sequencer = sequencer(10);
    sequencer.goLive();
    sequencer.live(new Frame(11, "d11", "q-1", null, true));
    sequencer.live(new Frame(12, "d12", "q-1", null, true));
    sequencer.live(reply(13, "q-1"));
    sequencer.live(new Frame(14, "d14", "q-1", null, true));
    sequencer.live(reply(15, "q-1"));

    assertThat(sent).as("a delta does not answer; a late one is not shown").containsExactly("d11", "d12", "r13");
  }

  @Test
  void shouldDropEverythingTheClientAlreadyHas() {
    Sequencer sequencer = sequencer(20);
    sequencer.replayed(event(19));
    sequencer.replayed(event(20));
    sequencer.goLive();
    sequencer.live(event(20));
    sequencer.live(event(21));

    assertThat(sent).containsExactly("e21");
  }

  @Test
  void shouldShowOnlyTheFirstAnswerToAMessage() {
    Sequencer sequencer = sequencer(-1);
    sequencer.goLive();
    sequencer.live(reply(5, "q1"));
    sequencer.live(reply(6, "q1"));
    sequencer.live(reply(7, "q2"));

    assertThat(sent).containsExactly("r5", "r7");
  }

  @Test
  void shouldSendTheAckBeforeTheOwnMessageWhicheverArrivesFirst() {
    Sequencer sequencer = sequencer(-1);
    sequencer.goLive();
    sequencer.expectAck("c-1");
    sequencer.expectAck("c-2");

    sequencer.live(own(8, "c-1"));
    sequencer.acknowledge("c-1", 8);
    sequencer.acknowledge("c-2", 9);
    sequencer.live(own(9, "c-2"));

    assertThat(sent).containsExactly(LiveFrames.ack("c-1", 8), "m8", LiveFrames.ack("c-2", 9), "m9");
  }

  @Test
  void shouldAckAResendEveryTimeItIsAsked() {
    Sequencer sequencer = sequencer(-1);
    sequencer.acknowledge("c-1", 3);
    sequencer.acknowledge("c-1", 3);

    assertThat(sent).containsExactly(LiveFrames.ack("c-1", 3), LiveFrames.ack("c-1", 3));
  }

  @Test
  void shouldReportABacklogPastItsLimit() {
    Sequencer sequencer = new Sequencer(-1, sent::add, 10);

    assertThat(sequencer.live(new Frame(1, "12345", null, null))).isTrue();
    assertThat(sequencer.live(new Frame(2, "123456", null, null))).isFalse();
  }

  @Test
  void shouldReportASocketThatDoesNotTakeFrames() {
    Sequencer sequencer = new Sequencer(-1, frame -> false, 1000);
    sequencer.live(event(1));

    assertThat(sequencer.goLive()).isFalse();
    assertThat(sequencer.direct("oops")).isFalse();
  }
}
