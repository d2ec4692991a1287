package ru.moku.runtime.testapp;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;
import ru.moku.model.intake.ServiceCard;
import ru.moku.model.messaging.Envelope;
import ru.moku.runtime.rabbit.DeadLetterHook;

/** Remembers every message the consumer gave up on ({@code null} for an undecodable one). */
public class RecordingDeadLetterHook implements DeadLetterHook<ServiceCard> {

    /**
     * One call of the hook.
     *
     * @param message the message, {@code null} when the body could not be decoded
     * @param error   why it was given up
     */
    public record Call(Envelope<ServiceCard> message, Throwable error) {
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public Mono<Void> onDeadLetter(Envelope<ServiceCard> message, Throwable error) {
        return Mono.fromRunnable(() -> calls.add(new Call(message, error)));
    }

    /** Calls for the card {@code cardId}. */
    public List<Call> callsFor(UUID cardId) {
        return calls.stream()
                .filter(call -> call.message() != null && Objects.equals(call.message().data().cardId(), cardId))
                .toList();
    }

    /** Calls for messages that could not be decoded. */
    public long undecodableCalls() {
        return calls.stream().filter(call -> call.message() == null).count();
    }
}
