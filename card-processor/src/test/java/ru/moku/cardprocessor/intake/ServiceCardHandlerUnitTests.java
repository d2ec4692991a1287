package ru.moku.cardprocessor.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import ru.moku.runtime.failure.Failures;

class ServiceCardHandlerUnitTests {

    @Test
    void aPermanentRefusalIsExplainedInItsOwnWords() {
        assertThat(ServiceCardHandler.rejectionReason(new Failures.PermanentFailure("the card has no organisation")))
                .isEqualTo("card-processor refused the card: the card has no organisation");
    }

    @Test
    void spentRetriesPointToTheIncidentWithoutAJavaClassName() {
        assertThat(ServiceCardHandler.rejectionReason(new TimeoutException("Did not observe any item")))
                .contains("retries were spent")
                .doesNotContain("Exception", "java.", "ru.moku");
    }

    @Test
    void anyOtherFailureNamesNoJavaClass() {
        assertThat(ServiceCardHandler.rejectionReason(new IllegalStateException("boom")))
                .doesNotContain("Exception", "java.", "ru.moku", "boom");
    }
}
