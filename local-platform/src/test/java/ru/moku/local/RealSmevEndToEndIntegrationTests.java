package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import ru.moku.smev.crypto.DetachedSignatures;
import ru.moku.smev.crypto.GostDigest;
import ru.moku.smev.crypto.KeyMaterial;
import ru.moku.smev.crypto.KeyStoreSettings;
import ru.moku.smev.crypto.TrustedCertificates;
import ru.moku.smev.crypto.Verification;

/**
 * Issue 10 end to end, all real: the SMEV simulator answers as MTOM ({@code start} split RFC 2231-style), signs what it
 * delivers (sender's signature, SMEV's, a PKCS#7 per attachment), serves files from its FTP file storage, checks the
 * gateway's caller signatures and tells the fate of each survey link by an {@code AsyncProcessingStatus}; the gateway
 * signs its requests, verifies every message and attachment against the trust store of the run's SMEV and sender
 * certificates, stores attachments, fetches files and records answers without service data. On the shared platform
 * ({@link SharedEndToEndPlatform}, {@link SmevProfile#REAL}), checked for the test's own batch.
 */
@ExtendWith(SharedEndToEndPlatform.class)
@Order(1)
class RealSmevEndToEndIntegrationTests {

    private static final int MESSAGES = 200;
    private static final int WITH_ATTACHMENTS = 20;
    private static final int WITH_FILES = 10;
    private static final int TAMPERED = 2;
    private static final int ANSWERS_PER_KIND = 2;
    /** The simulator's defaults ({@code simulators.smev.attachments.size}, {@code fs-file-size}). */
    private static final long ATTACHMENT_SIZE = 16 * 1024;
    private static final long FILE_SIZE = 256 * 1024;
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    @Test
    void exactlyTheTamperedMessagesAreRefusedEveryAttachmentIsStoredAndServedWholeAndEveryLinkDeliveryRecorded(
            EndToEndPlatform endToEnd) {
        Platform platform = endToEnd.platform();
        PlatformState state = endToEnd.state();
        SmevSimulatorClient smev = new SmevSimulatorClient(platform.simulatorUrl());
        long filesFetchedBefore = smev.fileStorage("filesFetched");
        long callersRefusedBefore = smev.stat("callerSignaturesRejected");

        SmevSimulatorClient.Batch batch = smev.generate(MESSAGES, 0.02, 1010L, new SmevSimulatorClient.Extras(
                WITH_ATTACHMENTS / (double) MESSAGES, WITH_FILES / (double) MESSAGES, TAMPERED / (double) MESSAGES));
        List<Injected> answers = injectAnswers(smev);
        int cards = MESSAGES - TAMPERED;
        int flagged = batch.invalidInnCards();

        assertThat(batch.messageIds()).hasSize(MESSAGES);
        assertThat(batch.tampered()).hasSize(TAMPERED);
        assertThat(batch.withAttachments()).hasSize(WITH_ATTACHMENTS).doesNotContainAnyElementsOf(batch.tampered());
        assertThat(batch.withFsAttachments()).hasSize(WITH_FILES).doesNotContainAnyElementsOf(batch.tampered());
        assertThat(flagged).as("the batch has cards with a wrong ИНН").isPositive();
        SmevChecks checks = new SmevChecks(platform.jdbcUrl(), "postgres");
        await("every card's link sent and delivered, the tampered refused, every attachment stored or fetched")
                .atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                .until(() -> Demo.linksSent(state.readBatch(batch.messageIds()), cards, flagged, 0)
                        && complete(checks.read(batch, true)));

        String batchRaw = "(SELECT id FROM smev.raw_message WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(batch.messageIds()) + ")";
        // Exactly the tampered ones refused: -1, signature-invalid, the digest mismatch named, an incident each.
        assertThat(endToEnd.strings("SELECT smev_message_id FROM smev.raw_message WHERE status = -1 AND problem_type"
                + " = 'signature-invalid' AND error LIKE '%digest mismatch%' AND id IN " + batchRaw))
                .containsExactlyInAnyOrderElementsOf(batch.tampered());
        assertThat(endToEnd.count("SELECT count(*) FROM smev.raw_message WHERE status = 3 AND id IN " + batchRaw))
                .isEqualTo(cards);
        assertThat(endToEnd.strings("SELECT subject FROM smev.incident WHERE kind = 'SIGNATURE_INVALID' AND status ="
                + " 'OPEN' AND subject IN (SELECT CAST(id AS TEXT) FROM smev.raw_message WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(batch.tampered()) + ")")).as("one incident per tampered message")
                .hasSize(TAMPERED).doesNotHaveDuplicates();
        assertThat(endToEnd.count("SELECT count(*) FROM qal.service_card WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(batch.tampered()))).as("cards of tampered messages").isZero();
        assertThat(endToEnd.count("SELECT count(*) FROM smev.integration_instance i JOIN smev.raw_message r"
                + " ON r.id = i.raw_message_id WHERE r.smev_message_id IN " + EndToEndPlatform.sqlList(batch.tampered())))
                .as("instances of tampered messages").isZero();
        assertThat(smev.acknowledged(batch.tampered())).as("refused and acknowledged (policy ACK)")
                .isEqualTo(TAMPERED);
        assertThat(smev.statList("tampered")).containsAll(batch.tampered());

        // Answers without service data: raw message 4, what they say in smev_answer, acknowledged, never a card.
        List<String> answerIds = answers.stream().map(Injected::messageId).toList();
        assertThat(endToEnd.count("SELECT count(*) FROM smev.raw_message WHERE status = 4 AND smev_message_id IN "
                + EndToEndPlatform.sqlList(answerIds))).isEqualTo(answers.size());
        assertThat(endToEnd.strings("SELECT a.kind || ' ' || a.code || ' ' || a.original_message_id FROM"
                + " smev.smev_answer a JOIN smev.raw_message r ON r.id = a.raw_message_id WHERE r.smev_message_id IN "
                + EndToEndPlatform.sqlList(answerIds)))
                .containsExactlyInAnyOrderElementsOf(answers.stream().map(Injected::row).toList());
        assertThat(smev.acknowledged(answerIds)).isEqualTo(answers.size());
        assertThat(endToEnd.count("SELECT count(*) FROM qal.service_card WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(answerIds))).isZero();

        // Every attachment where it belongs, stored or fetched, signed by the sender, of the simulator's size.
        String sender = senderSubject(platform);
        assertThat(endToEnd.strings("SELECT r.smev_message_id || ' ' || a.status || ' ' || a.size || ' ' || a.signer"
                + " FROM smev.attachment a JOIN smev.raw_message r ON r.id = a.raw_message_id"
                + " WHERE a.kind IN ('MTOM', 'INLINE') AND r.id IN " + batchRaw))
                .containsExactlyInAnyOrderElementsOf(batch.withAttachments().stream()
                        .map(id -> id + " STORED " + ATTACHMENT_SIZE + " " + sender).toList());
        assertThat(endToEnd.strings("SELECT r.smev_message_id || ' ' || a.status || ' ' || a.size || ' ' || a.signer"
                + " || ' ' || (a.digest = a.declared_hash) FROM smev.attachment a JOIN smev.raw_message r"
                + " ON r.id = a.raw_message_id WHERE a.kind = 'FS' AND r.id IN " + batchRaw))
                .containsExactlyInAnyOrderElementsOf(batch.withFsAttachments().stream()
                        .map(id -> id + " FETCHED " + FILE_SIZE + " " + sender + " true").toList());
        assertThat(endToEnd.strings("SELECT kind FROM smev.attachment WHERE raw_message_id IN " + batchRaw))
                .as("both transfers of attachments in the message").contains("MTOM", "INLINE");
        assertThat(smev.fileStorage("filesFetched") - filesFetchedBefore).as("files downloaded from SMEV's storage")
                .isEqualTo(WITH_FILES);
        assertThat(smev.stat("callerSignaturesRejected") - callersRefusedBefore)
                .as("the gateway's GetResponse/Ack/SendRequest signatures refused by SMEV").isZero();

        assertEveryAttachmentIsServedWholeByTheOperatorApi(endToEnd, batch, trusted(platform));
        assertEveryLinkIsRecordedDelivered(endToEnd, smev, batch, cards - flagged);
    }

    /**
     * Every attachment of the batch read back through {@code GET /api/v1/raw-messages/{id}/attachments[…/content]}: the
     * simulator does not hand out what it generated, so each is compared with what ties it to the simulator — its
     * first line names the SMEV message it was generated for, its size is the simulator's, and the sender's PKCS#7
     * signature, made by the simulator over the generated bytes, verifies over the bytes served (so they are the
     * same bytes); the GOST digest is the one recorded (and for a file the Hash the sender declared).
     */
    private static void assertEveryAttachmentIsServedWholeByTheOperatorApi(EndToEndPlatform endToEnd,
                                                                          SmevSimulatorClient.Batch batch,
                                                                          TrustedCertificates trusted) {
        AttachmentApiClient api = new AttachmentApiClient(endToEnd.platform().gatewayUrl(),
                endToEnd.platform().viewerToken());
        // A message may carry an attachment and a file at once.
        Set<String> carrying = new HashSet<>(batch.withAttachments());
        carrying.addAll(batch.withFsAttachments());
        Map<String, String> rawIds = new HashMap<>();
        endToEnd.query("SELECT smev_message_id, CAST(id AS TEXT) FROM smev.raw_message WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(carrying), rows -> rawIds.put(rows.getString(1), rows.getString(2)));
        int served = 0;
        for (String smevMessageId : carrying) {
            UUID rawMessageId = UUID.fromString(rawIds.get(smevMessageId));
            List<AttachmentApiClient.Attachment> listed = api.list(rawMessageId);
            assertThat(listed).as("attachments of " + smevMessageId)
                    .hasSize((batch.withAttachments().contains(smevMessageId) ? 1 : 0)
                            + (batch.withFsAttachments().contains(smevMessageId) ? 1 : 0));
            for (AttachmentApiClient.Attachment attachment : listed) {
                byte[] pkcs7 = endToEnd.query("SELECT signature_pkcs7 FROM smev.attachment WHERE id = '"
                        + attachment.id() + "'", rows -> rows.getBytes(1)).get(0);
                AttachmentApiClient.Content content = api.content(rawMessageId, attachment.id());

                assertThat(content.status()).isEqualTo(200);
                assertThat(content.contentType()).startsWith(attachment.mimeType()).startsWith("application/pdf");
                assertThat((long) content.bytes().length).isEqualTo(attachment.size());
                assertThat(new String(Arrays.copyOf(content.bytes(), 120), StandardCharsets.ISO_8859_1))
                        .as("the simulator's header naming the message").startsWith("%PDF-1.4\n")
                        .contains(smevMessageId);
                byte[] digest = GostDigest.of(content.bytes());
                assertThat(Base64.getEncoder().encodeToString(digest)).isEqualTo(attachment.digest());
                assertThat(DetachedSignatures.verify(pkcs7, digest, trusted))
                        .as("the sender's PKCS#7 over the bytes served").isInstanceOf(Verification.Valid.class);
                served++;
            }
        }
        assertThat(served).isEqualTo(WITH_ATTACHMENTS + WITH_FILES);
    }

    /**
     * Each valid card's survey link went out in a signed SendRequest; SMEV's AsyncProcessingStatus about it
     * (messageIsDelivered) came back through the gateway to card-processor: DELIVERED on the link, one timeline row.
     */
    private static void assertEveryLinkIsRecordedDelivered(EndToEndPlatform endToEnd, SmevSimulatorClient smev,
                                                           SmevSimulatorClient.Batch batch, int links) {
        String batchCards = "(SELECT id FROM qal.service_card WHERE smev_message_id IN "
                + EndToEndPlatform.sqlList(batch.messageIds()) + ")";
        List<String> sentAs = endToEnd.strings("SELECT smev_message_id FROM qal.survey_link WHERE sent_at IS NOT NULL"
                + " AND card_id IN " + batchCards);
        assertThat(sentAs).hasSize(links).doesNotHaveDuplicates();
        Map<String, String> statuses = smev.asyncStatuses();
        assertThat(sentAs).allSatisfy(id -> assertThat(statuses).containsEntry(id, "messageIsDelivered"));
        assertThat(endToEnd.strings("SELECT delivery_outcome || ' ' || delivery_status FROM qal.survey_link"
                + " WHERE sent_at IS NOT NULL AND card_id IN " + batchCards))
                .hasSize(links).containsOnly("DELIVERED messageIsDelivered");
        assertThat(endToEnd.count("SELECT count(*) FROM qal.survey_link WHERE delivered_at IS NOT NULL AND card_id IN "
                + batchCards)).isEqualTo(links);
        assertThat(endToEnd.count("SELECT count(*) FROM qal.survey_link_delivery WHERE card_id IN " + batchCards))
                .as("one status per link on the cards' timelines").isEqualTo(links);
    }

    private static boolean complete(SmevChecks.Reading reading) {
        return reading.tamperedExactlyRefused() && reading.attachmentsComplete() && reading.deliveriesRecorded();
    }

    /** An answer queued in the simulator and the {@code smev_answer} row it should become. */
    private record Injected(String messageId, String row) {
    }

    /** Two answers of each kind, about requests that are none of ours (they change no card). */
    private static List<Injected> injectAnswers(SmevSimulatorClient smev) {
        Map<SmevSimulatorClient.AnswerKind, List<String>> codes = Map.of(
                SmevSimulatorClient.AnswerKind.REQUEST_REJECTED, List.of("NO_DATA", "ACCESS_DENIED"),
                SmevSimulatorClient.AnswerKind.REQUEST_STATUS, List.of("4", "101"),
                SmevSimulatorClient.AnswerKind.ASYNC_PROCESSING_STATUS, List.of("requestIsQueued",
                        "requestIsAcceptedBySmev"));
        List<Injected> injected = new ArrayList<>();
        Set<String> originals = new HashSet<>();
        codes.forEach((kind, kindCodes) -> {
            for (int i = 0; i < ANSWERS_PER_KIND; i++) {
                String original = UUID.randomUUID().toString();
                originals.add(original);
                String code = kindCodes.get(i);
                injected.add(new Injected(smev.answer(kind, original, code), kind + " " + code + " " + original));
            }
        });
        assertThat(originals).hasSize(3 * ANSWERS_PER_KIND);
        return injected;
    }

    private static String senderSubject(Platform platform) {
        SmevKeys keys = platform.smevKeys().orElseThrow();
        return KeyMaterial.signingKey(new KeyStoreSettings(keys.senderKeyStore(), SmevKeys.PASSWORD,
                SmevKeys.SENDER_ALIAS)).certificate().getSubjectX500Principal().getName();
    }

    private static TrustedCertificates trusted(Platform platform) {
        return KeyMaterial.trusted(platform.smevKeys().orElseThrow().trustSmev(), SmevKeys.PASSWORD);
    }
}
