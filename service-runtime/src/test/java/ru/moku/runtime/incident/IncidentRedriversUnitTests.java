package ru.moku.runtime.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import ru.moku.model.incident.IncidentKind;

class IncidentRedriversUnitTests {

    @Test
    void indexesEachRedriverByTheKindsItClaims() {
        IncidentRedriver lko = redriver(IncidentKind.LKO_REJECTED, IncidentKind.LKO_UNAVAILABLE);
        IncidentRedriver smev = redriver(IncidentKind.SURVEY_LINK_NOT_SENT);

        assertThat(IncidentRedrivers.index(List.of(lko, smev)))
                .containsEntry(IncidentKind.LKO_REJECTED, lko)
                .containsEntry(IncidentKind.LKO_UNAVAILABLE, lko)
                .containsEntry(IncidentKind.SURVEY_LINK_NOT_SENT, smev)
                .hasSize(3);
    }

    @Test
    void refusesARedriverOfAKindTheCatalogueMarksAsNotRedrivable() {
        assertThatThrownBy(() -> IncidentRedrivers.index(List.of(redriver(IncidentKind.POISON_MESSAGE))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POISON_MESSAGE")
                .hasMessageContaining("not re-drivable");
    }

    @Test
    void refusesTwoRedriversOfOneKind() {
        assertThatThrownBy(() -> IncidentRedrivers.index(List.of(redriver(IncidentKind.LKO_REJECTED),
                redriver(IncidentKind.LKO_REJECTED))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("two redrivers claim incidents of kind LKO_REJECTED");
    }

    @Test
    void everyRedrivableKindBelongsToOneServiceButTheRuntimesOwn() {
        // OUTBOX_UNPUBLISHABLE is re-driven by the runtime itself (OutboxRedriver), in every service.
        assertThat(IncidentKind.values())
                .filteredOn(IncidentKind::redrivable)
                .filteredOn(kind -> kind != IncidentKind.OUTBOX_UNPUBLISHABLE)
                .allSatisfy(kind -> assertThat(kind.owner()).isNotEqualTo(IncidentKind.Owner.ANY));
    }

    private static IncidentRedriver redriver(IncidentKind... kinds) {
        return new IncidentRedriver() {
            @Override
            public Set<IncidentKind> kinds() {
                return Set.of(kinds);
            }

            @Override
            public Mono<Void> redrive(Incident incident) {
                return Mono.empty();
            }
        };
    }
}
