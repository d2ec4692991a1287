package ru.moku.gateway.attachments;

import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;
import ru.moku.runtime.failure.Failures;
import ru.moku.runtime.incident.Incident;
import ru.moku.runtime.incident.IncidentRedriver;

/**
 * Retry of an {@code FS_ATTACHMENT_UNAVAILABLE} incident ({@code POST /api/v1/incidents/{id}/retry}): the file (the
 * incident's subject is the attachment id) is PENDING again with its attempts counted afresh, in the retry's
 * transaction; the {@link FsAttachmentFetcher} takes it on its next look. A file that is no longer UNAVAILABLE is
 * left as it is.
 */
public final class FsAttachmentRedriver implements IncidentRedriver {

    private final AttachmentStore store;

    public FsAttachmentRedriver(AttachmentStore store) {
        this.store = store;
    }

    @Override
    public Set<IncidentKind> kinds() {
        return Set.of(IncidentKind.FS_ATTACHMENT_UNAVAILABLE);
    }

    @Override
    public Mono<Void> redrive(Incident incident) {
        return Mono.fromCallable(() -> attachmentId(incident))
                .flatMap(store::backToPending)
                .then();
    }

    private static UUID attachmentId(Incident incident) {
        try {
            return UUID.fromString(String.valueOf(incident.subject()));
        } catch (IllegalArgumentException e) {
            throw new Failures.PermanentFailure("incident " + incident.id() + " names no attachment: "
                    + incident.subject());
        }
    }
}
