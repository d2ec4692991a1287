package ru.moku.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's command line ({@code ./run-local.sh --help}): what each option sets, and the message of a bad one. */
class LocalPlatformOptionsUnitTests {

    @TempDir
    Path directory;

    @Test
    void withoutOptionsTheDemoRunsAThousandCardsAgainstTheDadataSimulatorAndLogsToTheTemporaryDirectory() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[0]);

        assertThat(options.cards).isEqualTo(1000);
        assertThat(options.timeout).isEqualTo(Duration.ofSeconds(600));
        assertThat(options.keepRunning).isFalse();
        assertThat(options.dadataUrl).as("no Dadata given: the simulator is started").isNull();
        assertThat(options.logFile)
                .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "moku-local-platform.log"));
        assertThat(options.ports()).isEqualTo(Platform.Part.localPorts());
        assertThat(options.database).isEqualTo("moku_local");
    }

    @Test
    void processesRunsTwoReplicasOfEachServiceUnlessToldOtherwise() {
        LocalPlatform.Options oneJvm = LocalPlatform.Options.parse(new String[0]);
        assertThat(oneJvm.processes).as("one JVM is the default").isFalse();

        LocalPlatform.Options processes = LocalPlatform.Options.parse(new String[] {"--processes"});
        assertThat(processes.processes).isTrue();
        assertThat(processes.replicas).isEqualTo(2);
        assertThat(processes.freePorts).isFalse();
        assertThat(processes.runDirectory).as("a new temporary directory").isNull();

        LocalPlatform.Options three = LocalPlatform.Options.parse(new String[] {"--processes", "--replicas=3",
                "--free-ports", "--run-dir=" + directory.resolve("run")});
        assertThat(three.replicas).isEqualTo(3);
        assertThat(three.freePorts).isTrue();
        assertThat(three.runDirectory).isEqualTo(directory.resolve("run").toAbsolutePath());
    }

    @Test
    void processesRefuseNoReplicasAndAnotherDadata() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--processes", "--replicas=0"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--replicas must be at least 1");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--processes",
                "--dadata-url=https://suggestions.dadata.ru/suggestions/api/4_1/rs"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--processes always starts the Dadata simulator");
    }

    @Test
    void dadataUrlNamesTheDadataToCallInsteadOfTheSimulatorWithoutItsTrailingSlash() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(
                new String[] {"--dadata-url=https://suggestions.dadata.ru/suggestions/api/4_1/rs/"});

        assertThat(options.dadataUrl).isEqualTo("https://suggestions.dadata.ru/suggestions/api/4_1/rs");
    }

    @Test
    void aDadataUrlThatIsNotAnHttpUrlIsRefusedWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--dadata-url=ftp://dadata.example"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dadata-url must be an http(s) URL");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--dadata-url"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--dadata-url must be an http(s) URL");
    }

    @Test
    void logFileNamesTheFullLogAsAnAbsolutePath() {
        Path file = directory.resolve("run.log");

        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[] {"--log-file=" + file});

        assertThat(options.logFile).isEqualTo(file.toAbsolutePath());
    }

    @Test
    void aLogFileInADirectoryThatDoesNotExistOrADirectoryItselfIsRefused() throws IOException {
        Path missing = directory.resolve("missing").resolve("run.log");
        Path existing = Files.createDirectory(directory.resolve("logs"));

        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--log-file=" + missing}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--log-file").hasMessageContaining("does not exist");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--log-file=" + existing}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--log-file names a directory");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--log-file"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--log-file needs a path");
    }

    @Test
    void theDemoOptionsAreReadWithTheirUnits() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[] {
                "--cards=5_000", "--answer-share=0.25", "--invalid-share=0", "--duplicate-share=1", "--timeout=5m",
                "--keep-running"});

        assertThat(options.cards).isEqualTo(5000);
        assertThat(options.answerShare).isEqualTo(0.25);
        assertThat(options.invalidShare).isZero();
        assertThat(options.duplicateShare).isEqualTo(1.0);
        assertThat(options.timeout).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.keepRunning).isTrue();
    }

    @Test
    void withoutOptionsSmevIsRealWithSignaturesTenPercentAttachmentsFivePercentFilesAndOnePercentTampered() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[0]);

        assertThat(options.signing).isTrue();
        assertThat(options.attachmentShare).isEqualTo(0.10);
        assertThat(options.fsAttachmentShare).isEqualTo(0.05);
        assertThat(options.tamperedShare()).isEqualTo(0.01);
    }

    @Test
    void theRealSmevOptionsSetTheSharesAndSigning() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[] {
                "--attachment-share=0.2", "--fs-attachment-share=0", "--tampered-share=0.05", "--signing=on"});

        assertThat(options.attachmentShare).isEqualTo(0.2);
        assertThat(options.fsAttachmentShare).isZero();
        assertThat(options.tamperedShare()).isEqualTo(0.05);
        assertThat(options.signing).isTrue();
    }

    @Test
    void signingOffMeansNoTamperedMessagesByDefaultAndRefusesAnExplicitShareOfThem() {
        assertThat(LocalPlatform.Options.parse(new String[] {"--signing=off"}).tamperedShare()).isZero();
        assertThat(LocalPlatform.Options.parse(new String[] {"--signing=off", "--tampered-share=0"}).signing)
                .isFalse();
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--signing=off", "--tampered-share=0.01"}))
                .hasMessage("--tampered-share needs --signing=on: a change to an unsigned message cannot be detected");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--signing=maybe"}))
                .hasMessage("--signing must be on or off, not 'maybe'");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--fs-attachment-share=2"}))
                .hasMessage("--fs-attachment-share must be between 0 and 1");
    }

    @Test
    void thePushRecipeOfARunNamesItsKeyIdSecretAndTheFourHeaders() {
        String howTo = LocalPlatform.pushHowTo("http://127.0.0.1:8080",
                new PushCredentials("local-adapter", "s".repeat(43)));

        assertThat(howTo).contains("key id local-adapter", "s".repeat(43), "http://127.0.0.1:8080/smev/inbound",
                "X-Moku-Key-Id: local-adapter", "X-Moku-Timestamp", "X-Moku-Content-SHA256", "X-Moku-Signature",
                "printf 'POST\\n/smev/inbound\\n%s\\n%s'");
    }

    @Test
    void eachPartsPortIsAnOptionNamedAfterThePart() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(
                new String[] {"--card-processor-port=9081", "--dadata-simulator-port=0", "--simulator-port=9090",
                        "--lko-proxy-port=9092"});

        assertThat(options.ports()).containsEntry(Platform.Part.CARD_PROCESSOR, 9081)
                .containsEntry(Platform.Part.LKO_PROXY, 9092)
                .containsEntry(Platform.Part.DADATA_SIMULATOR, 0)
                .containsEntry(Platform.Part.SMEV_SIMULATOR, 9090)
                .containsEntry(Platform.Part.GATEWAY, 8080);
    }

    @Test
    void aValueOutOfItsRangeIsRefusedWithAMessageNamingTheOption() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--answer-share=1.5"}))
                .hasMessage("--answer-share must be between 0 and 1");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--cards=-1"}))
                .hasMessage("--cards must be at least 0");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--gateway-port=70000"}))
                .hasMessageStartingWith("--gateway-port must be a port");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--cards=many"}))
                .hasMessage("--cards must be a whole number, not 'many'");
    }

    @Test
    void aTimeoutThatIsNotADurationIsRefusedWithAMessageNotAStackTrace() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--timeout=soon"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--timeout must be a duration");
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--timeout=0s"}))
                .hasMessage("--timeout must be longer than 0");
    }

    @Test
    void aDatabaseNameThatIsNotAPlainIdentifierIsRefused() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--database=moku; DROP DATABASE x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--database must be a lower-case name");
    }

    @Test
    void anUnknownOptionOrAPlainArgumentIsRefusedWithTheUsage() {
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"--card=5"}))
                .hasMessageStartingWith("unknown option --card\n")
                .hasMessageContaining(LocalPlatform.Options.USAGE);
        assertThatThrownBy(() -> LocalPlatform.Options.parse(new String[] {"5000"}))
                .hasMessageStartingWith("unexpected argument '5000'")
                .hasMessageContaining(LocalPlatform.Options.USAGE);
    }

    @Test
    void helpListsEveryOptionIncludingTheDadataAddressAndTheLogFile() {
        LocalPlatform.Options options = LocalPlatform.Options.parse(new String[] {"--help"});

        assertThat(options.help).isTrue();
        assertThat(LocalPlatform.Options.USAGE).contains("--cards=", "--invalid-share=", "--duplicate-share=",
                "--answer-share=", "--timeout=", "--keep-running", "--database=", "--prefix=", "--postgres-host=",
                "--rabbitmq-host=", "--dadata-url=", "--log-file=", "--attachment-share=", "--fs-attachment-share=",
                "--tampered-share=", "--signing=on|off", "--help");
        for (Platform.Part part : Platform.Part.values()) {
            assertThat(LocalPlatform.Options.USAGE)
                    .contains("--" + part.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "-port=");
        }
    }
}
