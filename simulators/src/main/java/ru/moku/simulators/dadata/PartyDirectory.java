package ru.moku.simulators.dadata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import ru.moku.model.identifiers.Inn;
import ru.moku.model.identifiers.Ogrn;
import ru.moku.model.identifiers.Oktmo;
import ru.moku.simulators.dadata.DadataSimulatorProperties.Directory;
import ru.moku.simulators.dadata.PartyIdentifiers.Kind;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * The parties Dadata knows. Registered ones ({@code POST /admin/dadata/parties}) come first; every other
 * valid ИНН or ОГРН gets a party generated from the identifier and the directory's seed, so the same
 * identifier gives the same answer on every call and every run with the same seed, and a party found by
 * ИНН is the one found by the ОГРН it carries ({@link PartyIdentifiers}). Invalid identifiers are unknown.
 *
 * <p>Thread-safe. Generated parties are kept (up to {@code cache-size}) only to save the work of making
 * them again; the answer does not depend on it.
 */
final class PartyDirectory {

    private final Directory settings;
    private final PartyGenerator generator;
    /** Every identifier of a registration (its ИНН and ОГРН) maps to the same registration. */
    private final Map<String, Registration> registered = new ConcurrentHashMap<>();
    private final Map<String, PartyProfile> generated = new ConcurrentHashMap<>();

    /** A registered party or unknown identifiers, under all its identifiers. */
    private record Registration(List<String> identifiers, Outcome outcome, boolean large, Party party) {

        PartyProfile profile(String identifier) {
            return outcome.found()
                    ? PartyProfile.found(identifier, outcome, large, true, party)
                    : PartyProfile.notFound(identifier, true, "registered as unknown");
        }
    }

    PartyDirectory(Directory settings, PartyGenerator generator) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** What Dadata knows about {@code identifier} (an ИНН or ОГРН, as asked). */
    PartyProfile find(String identifier) {
        Registration registration = registered.get(identifier);
        if (registration != null) {
            return registration.profile(identifier);
        }
        PartyProfile cached = generated.get(identifier);
        if (cached != null) {
            return cached;
        }
        PartyProfile profile = generate(identifier);
        if (generated.size() < settings.cacheSize()) {
            generated.putIfAbsent(identifier, profile);
        }
        return profile;
    }

    /**
     * Registers a party (or unknown identifiers) under its ИНН and ОГРН, replacing what was there.
     *
     * @return the profile under the ИНН (or the ОГРН when only that is given)
     * @throws IllegalArgumentException if an identifier or the ОКТМО is invalid or they do not fit together
     */
    PartyProfile register(PartyRegistration registration) {
        Outcome outcome = registration.outcome() == null ? Outcome.FOUND : registration.outcome();
        String inn = registration.inn();
        String ogrn = registration.ogrn();
        require(inn != null || (ogrn != null && !outcome.found()),
                "inn is required (only unknown identifiers may be registered by ogrn alone)");
        Kind innKind = inn == null ? null : PartyIdentifiers.kind(inn);
        require(inn == null || innKind.inn(), () -> "inn: " + Inn.problem(inn).orElse("not an ИНН"));
        Kind ogrnKind = ogrn == null ? null : PartyIdentifiers.kind(ogrn);
        require(ogrn == null || ogrnKind == Kind.OGRN || ogrnKind == Kind.OGRNIP,
                () -> "ogrn: " + Ogrn.problem(ogrn).orElse("not an ОГРН"));
        require(inn == null || ogrn == null || innKind.legalEntity() == ogrnKind.legalEntity(),
                "a 10-digit inn goes with a 13-digit ogrn, a 12-digit inn with a 15-digit ogrnip");
        require(registration.oktmo() == null || outcome == Outcome.FOUND || outcome == Outcome.ADDRESS_ONLY_OKTMO,
                "oktmo is only for the outcomes FOUND and ADDRESS_ONLY_OKTMO");
        require(registration.oktmo() == null || Oktmo.problem(registration.oktmo()).isEmpty(),
                () -> "oktmo: " + Oktmo.problem(registration.oktmo()).orElse(""));

        Set<String> identifiers = new LinkedHashSet<>();
        if (inn != null) {
            identifiers.add(inn);
        }
        if (!outcome.found()) {
            if (ogrn != null) {
                identifiers.add(ogrn);
            }
            return put(new Registration(List.copyOf(identifiers), outcome, false, null), identifiers);
        }
        SplittableRandom random = randomFor(inn);
        String partyOgrn = ogrn != null ? ogrn : PartyIdentifiers.ogrnOf(inn, random);
        identifiers.add(partyOgrn);
        boolean large = Boolean.TRUE.equals(registration.large());
        Party party = generator.party(new PartyGenerator.Spec(inn, partyOgrn, outcome, large,
                registration.oktmo(), registration.name()), random);
        return put(new Registration(List.copyOf(identifiers), outcome, large, party), identifiers);
    }

    /** Forgets the registration {@code identifier} belongs to (all its identifiers); whether there was one. */
    boolean forget(String identifier) {
        Registration registration = registered.get(identifier);
        if (registration == null) {
            return false;
        }
        registration.identifiers().forEach(id -> registered.remove(id, registration));
        return true;
    }

    void forgetAll() {
        registered.clear();
    }

    /** Registered parties and unknown identifiers, one entry per registration. */
    List<PartySummary> registered() {
        return registered.values().stream()
                .distinct()
                .map(registration -> registration.profile(registration.identifiers().get(0)).summary())
                .sorted(Comparator.comparing(PartySummary::identifier))
                .toList();
    }

    /**
     * {@code count} valid ИНН drawn from {@code seed} ({@code individualShare} of them 12-digit ones of
     * entrepreneurs) with what the simulator answers for each.
     */
    PartySample sample(int count, long seed, double individualShare) {
        SplittableRandom random = new SplittableRandom(seed);
        IdentifierGenerator identifiers = new IdentifierGenerator(random);
        List<PartySummary> parties = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String inn = random.nextDouble() < individualShare ? identifiers.personInn() : identifiers.legalEntityInn();
            parties.add(find(inn).summary());
        }
        return new PartySample(seed, parties);
    }

    private PartyProfile put(Registration registration, Set<String> identifiers) {
        identifiers.forEach(this::forget);
        identifiers.forEach(identifier -> registered.put(identifier, registration));
        return registration.profile(identifiers.iterator().next());
    }

    /**
     * The party of a valid identifier not registered: the outcome is drawn first (one draw, the three exclusive
     * shares in a row), then whether it is large, then the ОГРН, then the party itself.
     */
    private PartyProfile generate(String identifier) {
        Kind kind = PartyIdentifiers.kind(identifier);
        if (kind == Kind.INVALID) {
            return PartyProfile.notFound(identifier, false, "not a valid ИНН or ОГРН");
        }
        Optional<String> inn = kind.inn() ? Optional.of(identifier) : PartyIdentifiers.innOf(identifier);
        if (inn.isEmpty()) {
            return PartyProfile.notFound(identifier, false, "no registered party has this ОГРН");
        }
        SplittableRandom random = randomFor(inn.get());
        Outcome outcome = drawOutcome(random.nextDouble());
        boolean large = random.nextDouble() < settings.largeResponseShare();
        String ogrn = PartyIdentifiers.ogrnOf(inn.get(), random);
        if (!outcome.found()) {
            return PartyProfile.notFound(identifier, false, "unknown to Dadata (simulators.dadata.directory.not-found-share)");
        }
        // Asked by ОГРН: that ОГРН, whatever the year and sign the ИНН alone would have given.
        String partyOgrn = kind.inn() ? ogrn : identifier;
        Party party = generator.party(new PartyGenerator.Spec(inn.get(), partyOgrn, outcome, large, null, null), random);
        return PartyProfile.found(identifier, outcome, large, false, party);
    }

    private Outcome drawOutcome(double draw) {
        double notFound = settings.notFoundShare();
        double noOktmo = notFound + settings.noOktmoShare();
        double addressOnly = noOktmo + settings.addressOnlyOktmoShare();
        if (draw < notFound) {
            return Outcome.NOT_FOUND;
        }
        if (draw < noOktmo) {
            return Outcome.NO_OKTMO;
        }
        return draw < addressOnly ? Outcome.ADDRESS_ONLY_OKTMO : Outcome.FOUND;
    }

    /** The party's own generator: the directory's seed mixed with the ИНН, so parties do not depend on each other. */
    private SplittableRandom randomFor(String inn) {
        return new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + Long.parseLong(inn));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static void require(boolean condition, Supplier<String> problem) {
        if (!condition) {
            throw new IllegalArgumentException(problem.get());
        }
    }
}
