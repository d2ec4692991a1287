package ru.moku.gateway.attachments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;

class FtpFileStorageClientUnitTests {

    private final FtpFileStorageClient client = new FtpFileStorageClient("127.0.0.1", 2121, "/{uuid}/{fileName}",
            Duration.ofSeconds(1), Duration.ofSeconds(1), Schedulers.immediate());

    @Test
    void aFileIsInTheDirectoryNamedByItsUuid() {
        assertThat(client.pathOf(new FileLocation("0c3f2a1e-0000-4000-8000-000000000001", "report 1.zip", "u", "p")))
                .isEqualTo("/0c3f2a1e-0000-4000-8000-000000000001/report 1.zip");
    }

    @Test
    void aFileNameThatWouldLeaveItsDirectoryIsRefused() {
        for (String name : new String[] {"../etc/passwd", "a/b", "..", "a\\b"}) {
            assertThatThrownBy(() -> client.pathOf(new FileLocation("uuid", name, "u", "p")))
                    .as(name)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a plain file name");
        }
    }
}
