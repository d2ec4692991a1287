package ru.moku.runtime.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.server.ServerWebInputException;

class KeysetUnitTests {

    @Test
    void anAbsentLimitIsTheDefaultAndAGivenOneIsKeptWithinTheMaximum() {
        assertThat(Keyset.pageSize(null, 100, 1000)).isEqualTo(100);
        assertThat(Keyset.pageSize("1", 100, 1000)).isEqualTo(1);
        assertThat(Keyset.pageSize("1000", 100, 1000)).isEqualTo(1000);
    }

    @Test
    void aLimitThatIsNotANumberOrOutOfRangeIsA400() {
        for (String bad : List.of("0", "-5", "1001", "100000000", "99999999999", "ten", "")) {
            assertThatThrownBy(() -> Keyset.pageSize(bad, 100, 1000))
                    .as(bad).isInstanceOf(ServerWebInputException.class).hasMessageContaining("limit");
        }
    }

    @Test
    void aCursorGivesBackThePositionItWasMadeOf() {
        Keyset.Position position = new Keyset.Position(Instant.parse("2026-12-04T10:15:30.123456Z"), UUID.randomUUID());

        assertThat(Keyset.after(Keyset.cursor(position))).contains(position);
        assertThat(Keyset.after(null)).isEmpty();
        assertThat(Keyset.after(" ")).isEmpty();
    }

    @Test
    void aCursorNotMadeHereIsA400() {
        for (String bad : List.of("garbage!", "a2V5", Keyset.cursor(new Keyset.Position(Instant.EPOCH, UUID.randomUUID()))
                .substring(3))) {
            assertThatThrownBy(() -> Keyset.after(bad))
                    .as(bad).isInstanceOf(ServerWebInputException.class).hasMessageContaining("cursor");
        }
    }

    @Test
    void onlyARowBeyondThePageGivesANextCursorAfterThePagesLastItem() {
        Keyset.Position first = new Keyset.Position(Instant.parse("2026-12-04T10:00:02Z"), UUID.randomUUID());
        Keyset.Position second = new Keyset.Position(Instant.parse("2026-12-04T10:00:01Z"), UUID.randomUUID());
        Keyset.Position third = new Keyset.Position(Instant.parse("2026-12-04T10:00:00Z"), UUID.randomUUID());

        Keyset.Page<Keyset.Position> full = Keyset.page(List.of(first, second, third), 2, row -> row);
        Keyset.Page<Keyset.Position> last = Keyset.page(List.of(first, second), 2, row -> row);

        assertThat(full.items()).containsExactly(first, second);
        assertThat(Keyset.after(full.next())).contains(second);
        assertThat(last.items()).containsExactly(first, second);
        assertThat(last.next()).isNull();
    }
}
