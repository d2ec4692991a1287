package ru.moku.orgregistry.lko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.test.StepVerifier;
import ru.moku.model.messaging.Envelope;
import ru.moku.model.messaging.MessageTypes;
import ru.moku.model.organisation.OrganisationSubmission;
import ru.moku.orgregistry.testing.OrgRegistryUnderTest;
import ru.moku.orgregistry.testing.Organisations;
import ru.moku.runtime.testing.RunningService;

/**
 * Issue 13, against the real ЛКО (survey-service in the same JVM): a create that ЛКО answered while ПОС.ОС's revision
 * had grown past the one it sent — two hand-offs raced and ЛКО kept the older data — is followed by one more hand-off,
 * which sends ЛКО the update.
 */
class LkoUpdateIntegrationTests {

    private static final Duration WAIT = OrgRegistryUnderTest.WAIT;

    @AutoClose
    private static RunningService lko;
    @AutoClose
    private static OrgRegistryUnderTest registry;

    @BeforeAll
    static void start() {
        lko = OrgRegistryUnderTest.startRealLko();
        registry = OrgRegistryUnderTest.startAgainstRealLko(lko);
    }

    @Test
    void aCreateOvertakenByANewerRevisionIsFollowedByAnUpdate() {
        OrganisationSubmission submission = Organisations.valid();
        UUID id = submission.mokuOrganisationId();
        registry.put(submission);
        registry.awaitStatus(id, "CREATED_IN_LKO");
        UUID lkoId = UUID.fromString(registry.string("SELECT lko_organisation_id::text FROM pos_os.organisation"
                + " WHERE moku_organisation_id = '" + id + "'"));
        // ПОС.ОС took a change while the create (which sent revision 1) was on its way.
        registry.database().update("UPDATE pos_os.organisation SET revision = 2, oktmo = '92701000'"
                + " WHERE moku_organisation_id = '" + id + "'");
        Envelope<LkoHandoff> handoff = Envelope.create(MessageTypes.LKO_HANDOFF_REQUESTED, "moku/test",
                submission.cardId(), null, id.toString(), new LkoHandoff(id, submission.cardId()));

        StepVerifier.create(registry.bean(TransactionalOperator.class).transactional(registry.bean(
                        LkoHandoffHandler.class).handle(handoff, new HandoffOutcome.Registered(lkoId, 1, 1))))
                .verifyComplete();

        await("ЛКО updated").atMost(WAIT).until(() -> "92701000".equals(lkoOktmo(id)));
        assertThat(lko.database().queryForObject("SELECT source_revision FROM lko.organisation"
                + " WHERE moku_organisation_id = '" + id + "'", Long.class)).isEqualTo(2L);
        registry.awaitStatus(id, "CREATED_IN_LKO");
    }

    @Test
    void aCreateOfTheCurrentRevisionIsNotFollowedByAnything() {
        OrganisationSubmission submission = Organisations.valid();
        registry.put(submission);
        registry.awaitStatus(submission.mokuOrganisationId(), "CREATED_IN_LKO");

        assertThat(registry.count("outbox WHERE message_type = '" + MessageTypes.LKO_HANDOFF_REQUESTED
                + "' AND payload LIKE '%" + submission.mokuOrganisationId() + "%'")).isEqualTo(1);
        assertThat(lko.database().queryForObject("SELECT source_revision FROM lko.organisation"
                + " WHERE moku_organisation_id = '" + submission.mokuOrganisationId() + "'", Long.class)).isZero();
    }

    private static String lkoOktmo(UUID id) {
        return lko.database().queryForObject("SELECT oktmo FROM lko.organisation WHERE moku_organisation_id = '" + id
                + "'", String.class);
    }
}
