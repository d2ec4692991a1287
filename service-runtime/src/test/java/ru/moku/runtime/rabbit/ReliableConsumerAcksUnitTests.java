package ru.moku.runtime.rabbit;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import com.rabbitmq.client.Envelope;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import reactor.rabbitmq.AcknowledgableDelivery;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Frames;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Outcome;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Received;
import ru.moku.runtime.rabbit.ReliableConsumerAcks.Settlement;

/** Which ack and nack frames the consumer's tag tracking writes, on a channel that records them. */
class ReliableConsumerAcksUnitTests {

    private final ReliableConsumerAcks acks = new ReliableConsumerAcks();

    @Test
    void aBatchWithNothingOutstandingBelowItIsAckedWithOneMultipleFrame() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 5);

        Frames frames = acks.settle(acked(received));

        assertThat(channel.frames).containsExactly("a:ack 5 multiple");
        assertThat(frames).isEqualTo(new Frames(1, 0, 0));
        assertThat(acks.outstanding()).isZero();
    }

    @Test
    void aBatchSettledBeforeAnEarlierOneIsAckedOneByOneAndTheEarlierOneThenCoversItself() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 4);

        acks.settle(acked(received.subList(2, 4)));
        assertThat(channel.frames).containsExactly("a:ack 3", "a:ack 4");

        acks.settle(acked(received.subList(0, 2)));
        assertThat(channel.frames).containsExactly("a:ack 3", "a:ack 4", "a:ack 2 multiple");
    }

    @Test
    void acksBelowTheLowestOutstandingTagShareOneFrameAndTheOthersGoOneByOne() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 6);

        // Tag 3 is still being handled (another batch); 1, 2 and 4 are settled together.
        acks.settle(acked(List.of(received.get(0), received.get(1), received.get(3))));

        assertThat(channel.frames).containsExactlyInAnyOrder("a:ack 2 multiple", "a:ack 4");
        assertThat(acks.outstanding()).isEqualTo(3);
    }

    @Test
    void aTagLeftUnsettledIsNeverCoveredByAMultipleAck() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 3);

        // Tag 1 was left to the broker (a drain): whatever comes after it is acked one by one.
        acks.settle(acked(received.subList(1, 3)));

        assertThat(channel.frames).containsExactly("a:ack 2", "a:ack 3");
        assertThat(acks.outstanding()).isEqualTo(1);
    }

    @Test
    void aDeadLetterIsNackedBeforeTheMultipleAckThatWouldOtherwiseCoverIt() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 3);

        Frames frames = acks.settle(List.of(new Settlement(received.get(2), Outcome.ACKED),
                new Settlement(received.get(0), Outcome.DEAD_LETTERED),
                new Settlement(received.get(1), Outcome.ACKED)));

        assertThat(channel.frames).containsExactly("a:nack 1 requeue=false", "a:ack 3 multiple");
        assertThat(frames).isEqualTo(new Frames(1, 0, 1));
    }

    @Test
    void aRequeueIsANackWithRequeue() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 1);

        acks.settle(List.of(new Settlement(received.get(0), Outcome.REQUEUED)));

        assertThat(channel.frames).containsExactly("a:nack 1 requeue=true");
        assertThat(acks.outstanding()).isZero();
    }

    @Test
    void aSingleAckIsNotSentAsMultiple() {
        RecordingChannel channel = new RecordingChannel("a");
        List<Received> received = receive(channel, 1, 1);

        acks.settle(acked(received));

        assertThat(channel.frames).containsExactly("a:ack 1");
    }

    @Test
    void aNewChannelForgetsTheOldTagsAndAnOldDeliveryIsAckedAloneOnItsOwnChannel() {
        RecordingChannel before = new RecordingChannel("before");
        List<Received> old = receive(before, 1, 3);
        acks.newChannel();
        RecordingChannel after = new RecordingChannel("after");
        List<Received> fresh = receive(after, 1, 2);

        // The old, unsettled tags 1..3 do not hold the new channel's batch back.
        acks.settle(acked(fresh));
        assertThat(after.frames).containsExactly("after:ack 2 multiple");

        // An old delivery finishing late touches neither the new channel nor its tracking.
        acks.settle(acked(old.subList(0, 2)));
        assertThat(before.frames).containsExactly("before:ack 1", "before:ack 2");
        assertThat(after.frames).containsExactly("after:ack 2 multiple");
        assertThat(acks.outstanding()).isZero();
    }

    private List<Received> receive(RecordingChannel channel, long firstTag, long lastTag) {
        return LongStream.rangeClosed(firstTag, lastTag)
                .mapToObj(tag -> acks.received(new AcknowledgableDelivery(
                        new Delivery(new Envelope(tag, false, "moku.intake", "service-card"),
                                new AMQP.BasicProperties(), new byte[0]),
                        channel.proxy, (context, error) -> {
                            throw new IllegalStateException(error);
                        })))
                .toList();
    }

    private static List<Settlement> acked(List<Received> received) {
        return received.stream().map(delivery -> new Settlement(delivery, Outcome.ACKED)).toList();
    }

    /** A channel that writes down the ack and nack frames sent on it. */
    private static final class RecordingChannel {

        final List<String> frames = Collections.synchronizedList(new ArrayList<>());
        final Channel proxy;

        RecordingChannel(String name) {
            proxy = (Channel) Proxy.newProxyInstance(Channel.class.getClassLoader(), new Class<?>[] {Channel.class},
                    (self, method, arguments) -> switch (method.getName()) {
                        case "basicAck" -> {
                            frames.add(name + ":ack " + arguments[0] + ((boolean) arguments[1] ? " multiple" : ""));
                            yield null;
                        }
                        case "basicNack" -> {
                            frames.add(name + ":nack " + arguments[0] + ((boolean) arguments[1] ? " multiple" : "")
                                    + " requeue=" + arguments[2]);
                            yield null;
                        }
                        case "toString" -> name;
                        case "hashCode" -> System.identityHashCode(self);
                        case "equals" -> self == arguments[0];
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
