package ru.moku.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import ru.moku.model.messaging.Ids;

class IdsUnitTests {

    @Test
    void idsAreVersion7WithTheRfcVariant() {
        UUID id = Ids.next();

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
    }

    @Test
    void idsCarryTheCurrentTimeInTheirFirst48Bits() {
        long before = System.currentTimeMillis();
        UUID id = Ids.next();
        long after = System.currentTimeMillis();

        assertThat(id.getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void aHundredThousandIdsAreAllDifferent() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            seen.add(Ids.next());
        }

        assertThat(seen).hasSize(100_000);
    }
}
