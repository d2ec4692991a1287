package ru.moku.model.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import ru.moku.model.messaging.Destinations.WorkQueue;

class DestinationsUnitTests {

    @Test
    void everyExchangeOfAWorkQueueIsListedForCleanupWithTheDeadLetterExchange() {
        assertThat(Destinations.EXCHANGES)
                .containsAll(Destinations.WORK_QUEUES.stream().map(WorkQueue::exchange).toList())
                .contains(Destinations.DEAD_LETTER_EXCHANGE)
                .doesNotHaveDuplicates();
    }

    @Test
    void workQueueNamesAreUnique() {
        assertThat(Destinations.WORK_QUEUES).extracting(WorkQueue::queue).doesNotHaveDuplicates();
    }
}
