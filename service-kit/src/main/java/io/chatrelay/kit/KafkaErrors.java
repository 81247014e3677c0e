package io.chatrelay.kit;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/** How a service tells a Kafka error it must stop on from one that passes. */
public final class KafkaErrors {

  private KafkaErrors() {}

  /**
   * The errors after which a client can do nothing more, whatever it retries (KafkaProducer's own list of fatal
   * errors, which holds for consumers too): credentials refused, no right to the topic or group, a fenced or
   * out-of-sequence producer, a broker too old. A service that meets one should stop and say so on its liveness,
   * so it is restarted or someone is paged, rather than stay up and ready doing nothing.
   */
  public static boolean isFatal(Throwable error) {
    return error instanceof AuthenticationException || error instanceof AuthorizationException
        || error instanceof ProducerFencedException || error instanceof OutOfOrderSequenceException
        || error instanceof UnsupportedVersionException;
  }
}
