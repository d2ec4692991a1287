package ru.moku.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;
import ru.moku.runtime.failure.Failures;

/** Which Kafka refusals of one record park its outbox row at once, and which are tried again. */
class KafkaOutboxTransportUnitTests {

    @Test
    void whatKafkaCallsRetriableIsTransient() {
        assertThat(KafkaOutboxTransport.classify(new NotEnoughReplicasException("2 of 3")))
                .isInstanceOf(Failures.TransientFailure.class);
        assertThat(KafkaOutboxTransport.classify(new TimeoutException("expired")))
                .isInstanceOf(Failures.TransientFailure.class);
        assertThat(KafkaOutboxTransport.classify(new IllegalStateException("producer closed")))
                .isInstanceOf(Failures.TransientFailure.class);
    }

    @Test
    void aRecordKafkaRefusesForGoodIsPermanent() {
        assertThat(KafkaOutboxTransport.classify(new RecordTooLargeException("2 MB")))
                .isInstanceOf(Failures.PermanentFailure.class);
        assertThat(KafkaOutboxTransport.classify(new InvalidTopicException("bad name")))
                .isInstanceOf(Failures.PermanentFailure.class);
        assertThat(KafkaOutboxTransport.classify(new TopicAuthorizationException("denied")))
                .isInstanceOf(Failures.PermanentFailure.class)
                .hasMessageContaining("denied");
    }
}
