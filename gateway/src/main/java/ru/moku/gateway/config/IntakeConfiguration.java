package ru.moku.gateway.config;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import ru.moku.gateway.answers.AnswerEffects;
import ru.moku.gateway.attachments.AttachmentIntake;
import ru.moku.gateway.intake.IntakeRepository;
import ru.moku.gateway.intake.IntakeService;
import ru.moku.gateway.intake.ServiceDataMapper;
import ru.moku.gateway.intake.SignatureCheck;
import ru.moku.gateway.intake.SmevResponseReader;
import ru.moku.gateway.intake.TransactionalIntakeService;
import ru.moku.gateway.xml.XmlWorkers;
import ru.moku.model.xml.SmevSchemas;
import ru.moku.runtime.incident.Incidents;
import ru.moku.runtime.json.EnvelopeCodec;
import ru.moku.runtime.outbox.Outbox;

/** The intake's beans. The schemas are compiled here, at start-up, never on a request thread. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmevVerificationProperties.class)
public class IntakeConfiguration {

    @Bean
    public SmevResponseReader smevResponseReader() {
        SmevResponseReader reader = new SmevResponseReader(SmevSchemas.smevWithServiceData());
        // Warm-up: the first parse looks up JAXP implementations and their settings on the file system.
        reader.read(WARM_UP);
        return reader;
    }

    @Bean
    public ServiceDataMapper serviceDataMapper() {
        return new ServiceDataMapper();
    }

    @Bean
    public IntakeRepository intakeRepository(DatabaseClient databaseClient, Outbox outbox, EnvelopeCodec codec) {
        return new IntakeRepository(databaseClient, outbox, codec.mapper());
    }

    /**
     * The attachment intake (ATTACHMENTS' {@code AttachmentConfiguration}), the answer effects (OUTBOUND's) and the
     * signature check ({@code SignatureConfiguration}, when verification is enabled) are optional beans: without one
     * the intake refuses declared attachments, records answers only, and verifies nothing.
     */
    @Bean
    public IntakeService intakeService(SmevResponseReader reader, ServiceDataMapper mapper, IntakeRepository store,
                                       Incidents incidents, TransactionalOperator transactionalOperator,
                                       XmlWorkers xmlWorkers, MeterRegistry meterRegistry,
                                       ObjectProvider<AttachmentIntake> attachmentIntake,
                                       ObjectProvider<AnswerEffects> answerEffects,
                                       ObjectProvider<SignatureCheck> signatureCheck,
                                       SmevVerificationProperties verification, GatewayProperties properties) {
        GatewayProperties.Intake intake = properties.intake();
        return new TransactionalIntakeService(reader, mapper, store, incidents, transactionalOperator,
                xmlWorkers.scheduler(), meterRegistry, attachmentIntake.getIfAvailable(() -> AttachmentIntake.NONE),
                answerEffects.getIfAvailable(() -> AnswerEffects.NONE),
                signatureCheck.getIfAvailable(() -> SignatureCheck.NONE), verification.invalidSignaturePolicy(),
                new TransactionalIntakeService.Grouping(intake.groupMaxSize(), intake.groupTransactions(),
                        intake.groupWindow()));
    }

    private static final String WARM_UP = """
            <ns2:ResponseMessage xmlns:ns2="urn://x-artefacts-smev-gov-ru/services/message-exchange/types/1.3">
              <ns2:Response><ns2:MessageMetadata><ns2:MessageType>RESPONSE</ns2:MessageType>
              <ns2:SendingTimestamp>2024-01-01T00:00:00Z</ns2:SendingTimestamp></ns2:MessageMetadata></ns2:Response>
            </ns2:ResponseMessage>""";
}
