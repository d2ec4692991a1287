package ru.moku.simulators.dadata;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.random.RandomGenerator;
import org.springframework.util.unit.DataSize;
import ru.moku.simulators.dadata.Party.Address;
import ru.moku.simulators.dadata.Party.AddressData;
import ru.moku.simulators.dadata.Party.Fio;
import ru.moku.simulators.dadata.Party.Founder;
import ru.moku.simulators.dadata.Party.License;
import ru.moku.simulators.dadata.Party.Management;
import ru.moku.simulators.dadata.Party.Manager;
import ru.moku.simulators.dadata.Party.Name;
import ru.moku.simulators.dadata.Party.Opf;
import ru.moku.simulators.dadata.Party.Share;
import ru.moku.simulators.dadata.Party.State;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * Makes a plausible party for an ИНН and ОГРН: name, КПП, head, founders, address in the region of the
 * ИНН with the ОКТМО of a municipality there, placed as the {@link Outcome} asks. A large organisation gets
 * founders, managers and licences until its JSON reaches the configured size (measured, not estimated).
 *
 * <p>Everything comes from the random generator passed in, drawn in a fixed order: the same generator
 * state gives the same party. Thread-safe (no state of its own besides the JSON sizer, which must be).
 */
final class PartyGenerator {

    /**
     * What to make.
     *
     * @param inn     the party's ИНН (10 digits: a legal entity, 12: an individual entrepreneur)
     * @param ogrn    its ОГРН or ОГРНИП
     * @param outcome where the ОКТМО goes ({@link Outcome#NOT_FOUND} is not a party and not allowed)
     * @param large   a large organisation (a JSON of about the configured size)
     * @param oktmo   the ОКТМО to use; {@code null} = one of the region's
     * @param name    the name without form (a person's "surname name patronymic" for an entrepreneur); {@code null} = a made-up one
     */
    record Spec(String inn, String ogrn, Outcome outcome, boolean large, String oktmo, String name) {

        Spec {
            Objects.requireNonNull(inn, "inn");
            Objects.requireNonNull(ogrn, "ogrn");
            if (!Objects.requireNonNull(outcome, "outcome").found()) {
                throw new IllegalArgumentException("a party that is not found has no data");
            }
        }
    }

    /** Dates in the data are "as of" this day, not today: the same party on any day of any run. */
    private static final LocalDate AS_OF = LocalDate.of(2025, 3, 1);
    /** Share of founders' bytes in a large organisation's answer; managers and licences take the rest. */
    private static final double FOUNDERS_SHARE_OF_LARGE = 0.65;
    /** Share of managers' bytes in a large organisation's answer. */
    private static final double MANAGERS_SHARE_OF_LARGE = 0.05;
    /** Elements made before the first measurement of a large organisation's lists. */
    private static final int FIRST_BATCH = 16;

    private static final List<String> NAME_STEMS = List.of("ТЕХНО", "СТРОЙ", "АГРО", "ПРОМ", "ЭНЕРГО", "ТРАНС",
            "ИНВЕСТ", "МЕД", "ЛЕС", "НЕФТЕ", "ИНФО", "ЭКО", "СЕВЕР", "ВОЛГА", "УРАЛ", "СИБ");
    private static final List<String> NAME_ENDINGS = List.of("СЕРВИС", "ГРУПП", "КОМПЛЕКТ", "ТОРГ", "СНАБ",
            "ПРОЕКТ", "ЛАЙН", "СИСТЕМ", "РЕСУРС", "МАШ", "ХОЛДИНГ", "ЛОГИСТИК");
    private static final Opf LLC = new Opf("2014", "12300", "Общество с ограниченной ответственностью", "ООО");
    private static final Opf JOINT_STOCK = new Opf("2014", "12267", "Непубличное акционерное общество", "АО");
    private static final Opf PUBLIC_JOINT_STOCK = new Opf("2014", "12247", "Публичное акционерное общество", "ПАО");
    private static final Opf ENTREPRENEUR = new Opf("2014", "50102", "Индивидуальный предприниматель", "ИП");
    /** Surnames that take "-а" in the feminine (-ов, -ев, -ин). */
    private static final List<String> SURNAMES = List.of("Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов",
            "Лебедев", "Козлов", "Новиков", "Морозов", "Волков", "Алексеев", "Васильев", "Зайцев", "Павлов",
            "Семенов", "Голубев", "Фомин", "Калинин");
    private static final List<String> MALE_NAMES = List.of("Александр", "Дмитрий", "Максим", "Сергей", "Андрей",
            "Алексей", "Артём", "Илья", "Кирилл", "Михаил");
    private static final List<String> FEMALE_NAMES = List.of("Анна", "Мария", "Елена", "Ольга", "Наталья",
            "Екатерина", "Татьяна", "Ирина", "Светлана", "Юлия");
    /** Patronymics as {masculine, feminine} of one father's name. */
    private static final List<String[]> PATRONYMICS = List.of(new String[] {"Александрович", "Александровна"},
            new String[] {"Сергеевич", "Сергеевна"}, new String[] {"Иванович", "Ивановна"},
            new String[] {"Петрович", "Петровна"}, new String[] {"Николаевич", "Николаевна"},
            new String[] {"Владимирович", "Владимировна"}, new String[] {"Михайлович", "Михайловна"});
    private static final List<String> OKVEDS = List.of("62.01", "46.90", "41.20", "49.41", "47.11", "68.20",
            "70.22", "43.21", "10.71", "86.10");
    private static final List<String[]> STREETS = List.of(new String[] {"ул", "Ленина"},
            new String[] {"ул", "Советская"}, new String[] {"пр-кт", "Мира"}, new String[] {"ул", "Баумана"},
            new String[] {"ул", "Гагарина"}, new String[] {"ул", "Садовая"}, new String[] {"наб", "Комсомольская"},
            new String[] {"ул", "Пушкина"}, new String[] {"ш", "Энтузиастов"}, new String[] {"пер", "Кривоколенный"});
    private static final List<String> LICENSED_ACTIVITIES = List.of(
            "Деятельность по сбору, транспортированию, обработке, утилизации, обезвреживанию, размещению отходов I - IV классов опасности",
            "Медицинская деятельность (за исключением указанной деятельности, осуществляемой медицинскими организациями и другими организациями, входящими в частную систему здравоохранения)",
            "Образовательная деятельность (за исключением указанной деятельности, осуществляемой частными образовательными организациями на территории инновационного центра)",
            "Деятельность по монтажу, техническому обслуживанию и ремонту средств обеспечения пожарной безопасности зданий и сооружений",
            "Эксплуатация взрывопожароопасных и химически опасных производственных объектов I, II и III классов опасности",
            "Деятельность по перевозкам внутренним водным транспортом, морским транспортом пассажиров",
            "Пользование недрами",
            "Деятельность, связанная с обращением взрывчатых материалов промышленного назначения");
    private static final List<String> LICENSING_AUTHORITIES = List.of(
            "Федеральная служба по надзору в сфере природопользования",
            "Федеральная служба по экологическому, технологическому и атомному надзору",
            "Министерство Российской Федерации по делам гражданской обороны, чрезвычайным ситуациям и ликвидации последствий стихийных бедствий",
            "Федеральная служба по надзору в сфере здравоохранения",
            "Федеральная служба по надзору в сфере образования и науки");

    private final ToIntFunction<Object> jsonSize;
    private final long largeResponseBytes;

    /**
     * @param jsonSize          the size in bytes of a value written as JSON (the endpoint's own mapper)
     * @param largeResponseSize about this size of a large organisation's answer
     */
    PartyGenerator(ToIntFunction<Object> jsonSize, DataSize largeResponseSize) {
        this.jsonSize = Objects.requireNonNull(jsonSize, "jsonSize");
        this.largeResponseBytes = largeResponseSize.toBytes();
    }

    Party party(Spec spec, RandomGenerator random) {
        IdentifierGenerator identifiers = new IdentifierGenerator(random);
        boolean legal = spec.inn().length() == 10;
        // A given ОКТМО decides the region and the city, so that the address agrees with it.
        Regions.Region region = Optional.ofNullable(spec.oktmo()).flatMap(Regions::forOktmo)
                .orElseGet(() -> Regions.forTaxCode(spec.inn().substring(0, 2), random));
        Regions.Municipality municipality = region.municipalities().stream()
                .filter(candidate -> spec.oktmo() != null && spec.oktmo().startsWith(candidate.oktmo()))
                .findFirst()
                .orElseGet(() -> pick(random, region.municipalities()));
        // A quarter of the codes are 11-digit ones (the settlement within the municipality): clients must take both.
        String oktmo = spec.oktmo() != null ? spec.oktmo()
                : random.nextInt(4) == 0 ? municipality.oktmo() + "001" : municipality.oktmo();
        String okato = region.okatoCode() + "401000000";
        Address address = address(spec.outcome(), region, municipality, oktmo, okato, spec.inn(), random);
        long registered = registrationDate(spec.ogrn(), random);
        State state = state(registered, random);
        String hid = hid(random);
        String okved = pick(random, OKVEDS);
        String okpo = digits(random, legal ? 8 : 10);
        String topLevelOktmo = spec.outcome() == Outcome.FOUND ? oktmo : null;
        String topLevelOkato = spec.outcome() == Outcome.NO_OKTMO ? null : okato;

        if (!legal) {
            Fio fio = spec.name() != null ? fio(spec.name()) : person(random);
            String fullName = fullName(fio);
            Name name = new Name(ENTREPRENEUR.full() + " " + fullName, ENTREPRENEUR.shortName() + " " + fullName,
                    null, fullName, null);
            List<License> licenses = random.nextInt(10) == 0 ? List.of(license(random, region)) : null;
            Party party = new Party(null, null, null, null, "MAIN", 0, hid, Party.Type.INDIVIDUAL, state,
                    ENTREPRENEUR, name, fio, spec.inn(), spec.ogrn(), registered, okpo, topLevelOkato,
                    topLevelOktmo, "4210015", "16", okved, "2014", licenses, address, null);
            return spec.large() ? enlarge(party, random, identifiers, region) : party;
        }

        Opf opf = spec.large() ? (random.nextBoolean() ? PUBLIC_JOINT_STOCK : JOINT_STOCK)
                : random.nextInt(100) < 85 ? LLC : JOINT_STOCK;
        String plainName = spec.name() != null ? spec.name() : organisationName(random);
        Name name = new Name(opf.full().toUpperCase(Locale.ROOT) + " \"" + plainName + "\"",
                opf.shortName() + " \"" + plainName + "\"", null, plainName, plainName);
        Fio head = person(random);
        String post = random.nextBoolean() ? "ГЕНЕРАЛЬНЫЙ ДИРЕКТОР" : "ДИРЕКТОР";
        Management management = new Management(fullName(head), post, null);
        List<Manager> managers = new ArrayList<>(List.of(
                new Manager(identifiers.personInn(), head, post, hid(random), "EMPLOYEE", registered)));
        List<Founder> founders = founders(random, identifiers, registered);
        List<License> licenses = random.nextInt(5) == 0 ? List.of(license(random, region)) : null;
        // КПП: the tax office of the ИНН, reason 01 (a Russian organisation at its location), serial 001.
        String kpp = spec.inn().substring(0, 4) + "01001";
        int employees = spec.large() ? 1_000 + random.nextInt(60_000) : 1 + random.nextInt(250);
        Party party = new Party(kpp, management, founders, managers, "MAIN",
                spec.large() ? 20 + random.nextInt(300) : 0, hid, Party.Type.LEGAL, state, opf, name, null,
                spec.inn(), spec.ogrn(), registered, okpo, topLevelOkato, topLevelOktmo, "4210014", "16", okved,
                "2014", licenses, address, employees);
        return spec.large() ? enlarge(party, random, identifiers, region) : party;
    }

    /**
     * Adds founders and managers (legal entities only) up to {@value #FOUNDERS_SHARE_OF_LARGE} and
     * {@value #MANAGERS_SHARE_OF_LARGE} of the bytes still missing, then licences up to the target size.
     */
    private Party enlarge(Party party, RandomGenerator random, IdentifierGenerator identifiers, Regions.Region region) {
        long missing = largeResponseBytes - jsonSize.applyAsInt(Suggestions.of(party));
        List<Founder> founders = party.founders() == null ? null : new ArrayList<>(party.founders());
        List<Manager> managers = party.managers() == null ? null : new ArrayList<>(party.managers());
        List<License> licenses = new ArrayList<>(party.licenses() == null ? List.of() : party.licenses());
        long added = 0;
        if (founders != null) {
            // The placeholder share has as many digits as the final ones: the measured size stays right.
            added += fill(founders, (long) (missing * FOUNDERS_SHARE_OF_LARGE), () -> {
                long since = epochMillis(AS_OF.minusDays(random.nextInt(7_000)));
                return random.nextInt(3) != 0 ? personFounder(random, identifiers, 0.1111, since)
                        : legalFounder(random, identifiers, 0.1111, since);
            });
            founders = withEqualShares(founders);
            added += fill(managers, (long) (missing * MANAGERS_SHARE_OF_LARGE), () -> new Manager(
                    identifiers.personInn(), person(random), "ЗАМЕСТИТЕЛЬ ГЕНЕРАЛЬНОГО ДИРЕКТОРА", hid(random),
                    "EMPLOYEE", epochMillis(AS_OF.minusDays(random.nextInt(3_000)))));
        }
        fill(licenses, missing - added, () -> license(random, region));
        return new Party(party.kpp(), party.management(), founders, managers, party.branchType(),
                party.branchCount(), party.hid(), party.type(), party.state(), party.opf(), party.name(),
                party.fio(), party.inn(), party.ogrn(), party.ogrnDate(), party.okpo(), party.okato(), party.oktmo(),
                party.okogu(), party.okfs(), party.okved(), party.okvedType(), licenses, party.address(),
                party.employeeCount());
    }

    /**
     * Appends elements made by {@code next} to {@code list} until they add about {@code bytes} to the JSON, and
     * returns the bytes added. Elements are made and measured in batches, the first of a fixed size and the
     * next ones sized by the average so far: a few serialisations instead of one per element.
     */
    private <T> long fill(List<T> list, long bytes, Supplier<T> next) {
        long added = 0;
        int elements = 0;
        while (added < bytes) {
            int count = elements == 0 ? FIRST_BATCH
                    : (int) Math.max(1, Math.ceil((bytes - added) / ((double) added / elements)));
            List<T> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(next.get());
            }
            // A JSON array of n elements: the elements, n - 1 commas, two brackets. In the list each takes a comma.
            added += jsonSize.applyAsInt(batch) - 2 - (count - 1) + count;
            elements += count;
            list.addAll(batch);
        }
        return added;
    }

    /** The same founders with shares adding up to 100 %, written with as many digits as the placeholder. */
    private static List<Founder> withEqualShares(List<Founder> founders) {
        double share = Math.round(10_000.0 * 100 / founders.size()) / 10_000.0;
        return founders.stream()
                .map(f -> new Founder(f.ogrn(), f.inn(), f.name(), f.fio(), f.hid(), f.type(),
                        new Share("PERCENT", share), f.startDate()))
                .toList();
    }

    private static List<Founder> founders(RandomGenerator random, IdentifierGenerator identifiers, long registered) {
        int count = 1 + random.nextInt(3);
        List<Double> shares = switch (count) {
            case 1 -> List.of(100.0);
            case 2 -> random.nextBoolean() ? List.of(50.0, 50.0) : List.of(60.0, 40.0);
            default -> List.of(40.0, 30.0, 30.0);
        };
        List<Founder> founders = new ArrayList<>(count);
        for (double share : shares) {
            founders.add(random.nextInt(3) == 0 ? legalFounder(random, identifiers, share, registered)
                    : personFounder(random, identifiers, share, registered));
        }
        return founders;
    }

    private static Founder personFounder(RandomGenerator random, IdentifierGenerator identifiers, double share,
                                         long since) {
        return new Founder(null, identifiers.personInn(), null, person(random), hid(random), "PHYSICAL",
                new Share("PERCENT", share), since);
    }

    private static Founder legalFounder(RandomGenerator random, IdentifierGenerator identifiers, double share,
                                        long since) {
        return new Founder(identifiers.ogrn(), identifiers.legalEntityInn(),
                LLC.shortName() + " \"" + organisationName(random) + "\"", null, hid(random), "LEGAL",
                new Share("PERCENT", share), since);
    }

    private static License license(RandomGenerator random, Regions.Region region) {
        int activityCount = 1 + random.nextInt(4);
        List<String> activities = new ArrayList<>(activityCount);
        for (int i = 0; i < activityCount; i++) {
            activities.add(pick(random, LICENSED_ACTIVITIES));
        }
        int addressCount = 1 + random.nextInt(3);
        List<String> addresses = new ArrayList<>(addressCount);
        for (int i = 0; i < addressCount; i++) {
            Regions.Municipality municipality = pick(random, region.municipalities());
            addresses.add(postcode(region, random) + ", " + addressLine(region, municipality, random));
        }
        LocalDate issued = AS_OF.minusDays(random.nextInt(5_000));
        return new License(random.nextBoolean() ? null : "ЛО-" + region.taxCode(),
                "Л0" + (10 + random.nextInt(90)) + "-" + digits(random, 5) + "-" + region.taxCode() + "/"
                        + digits(random, 8),
                epochMillis(issued), pick(random, LICENSING_AUTHORITIES), epochMillis(issued),
                random.nextBoolean() ? null : epochMillis(issued.plusYears(5)), activities, addresses);
    }

    private static Address address(Outcome outcome, Regions.Region region, Regions.Municipality municipality,
                                   String oktmo, String okato, String inn, RandomGenerator random) {
        String[] street = pick(random, STREETS);
        String house = String.valueOf(1 + random.nextInt(150));
        String postcode = postcode(region, random);
        String line = cityWithType(municipality) + ", " + street[0] + " " + street[1] + ", д " + house;
        String unrestricted = postcode + ", " + (region.federalCity() ? "" : region.withType() + ", ") + line;
        boolean unparsed = outcome == Outcome.NO_OKTMO && random.nextBoolean();
        if (unparsed) {
            // Dadata could not split the address into parts: only the line, no data, hence no ОКТМО.
            return new Address(line, unrestricted, null);
        }
        String addressOktmo = outcome == Outcome.NO_OKTMO ? null : oktmo;
        String addressOkato = outcome == Outcome.NO_OKTMO ? null : okato;
        String regionKladrId = region.taxCode() + "00000000000";
        AddressData data = new AddressData(postcode, "Россия", "RU", region.federalDistrict(), regionKladrId,
                region.isoCode(), region.withType(), region.type(), region.typeFull(), region.region(),
                cityWithType(municipality), "г", municipality.city(), street[0] + " " + street[1], street[0],
                street[1], "д", house, region.taxCode() + "000001000" + digits(random, 4) + "00",
                new UUID(random.nextLong(), random.nextLong()).toString(), addressOkato, addressOktmo,
                inn.substring(0, 4), region.timezone(), coordinate(region.latitude(), random),
                coordinate(region.longitude(), random), "0");
        return new Address(line, unrestricted, data);
    }

    private static String addressLine(Regions.Region region, Regions.Municipality municipality,
                                      RandomGenerator random) {
        String[] street = pick(random, STREETS);
        String line = cityWithType(municipality) + ", " + street[0] + " " + street[1] + ", д " + (1 + random.nextInt(150));
        return region.federalCity() ? line : region.withType() + ", " + line;
    }

    private static String cityWithType(Regions.Municipality municipality) {
        return "г " + municipality.city();
    }

    private static String postcode(Regions.Region region, RandomGenerator random) {
        return region.postcodePrefix() + "%03d".formatted(random.nextInt(1000));
    }

    private static String coordinate(double center, RandomGenerator random) {
        return String.format(Locale.ROOT, "%.7f", center + (random.nextDouble() - 0.5) / 10);
    }

    /** The ОГРН's year (digits 2–3) and a day in it; the record number says nothing about the day. */
    private static long registrationDate(String ogrn, RandomGenerator random) {
        int twoDigits = Integer.parseInt(ogrn.substring(1, 3));
        int year = twoDigits <= AS_OF.getYear() % 100 ? 2000 + twoDigits : 1900 + twoDigits;
        LocalDate date = LocalDate.of(year, 1, 1).plusDays(random.nextInt(365));
        return epochMillis(date.isAfter(AS_OF) ? AS_OF : date);
    }

    private static State state(long registered, RandomGenerator random) {
        long actuality = epochMillis(AS_OF.minusDays(random.nextInt(60)));
        // One in twenty is liquidated: the register keeps it, with its ОКТМО, and Dadata finds it.
        if (random.nextInt(20) == 0) {
            return new State("LIQUIDATED", null, actuality, registered, actuality);
        }
        return new State("ACTIVE", null, actuality, registered, null);
    }

    private static String organisationName(RandomGenerator random) {
        return pick(random, NAME_STEMS) + pick(random, NAME_ENDINGS);
    }

    private static Fio person(RandomGenerator random) {
        boolean female = random.nextBoolean();
        String surname = pick(random, SURNAMES) + (female ? "а" : "");
        String name = pick(random, female ? FEMALE_NAMES : MALE_NAMES);
        // Some people have no patronymic.
        String patronymic = random.nextInt(20) == 0 ? null : pick(random, PATRONYMICS)[female ? 1 : 0];
        return new Fio(surname, name, patronymic, female ? "FEMALE" : "MALE");
    }

    /** "Surname Name Patronymic" split as Dadata does; the patronymic may be missing. */
    private static Fio fio(String fullName) {
        String[] parts = fullName.trim().split("\\s+", 3);
        return new Fio(parts[0], parts.length > 1 ? parts[1] : null, parts.length > 2 ? parts[2] : null, null);
    }

    private static String fullName(Fio fio) {
        StringBuilder name = new StringBuilder(fio.surname());
        if (fio.name() != null) {
            name.append(' ').append(fio.name());
        }
        if (fio.patronymic() != null) {
            name.append(' ').append(fio.patronymic());
        }
        return name.toString();
    }

    private static String hid(RandomGenerator random) {
        StringBuilder hid = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            String hex = Long.toHexString(random.nextLong());
            hid.append("0".repeat(16 - hex.length())).append(hex);
        }
        return hid.toString();
    }

    private static String digits(RandomGenerator random, int count) {
        StringBuilder digits = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private static long epochMillis(LocalDate date) {
        return date.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    private static <T> T pick(RandomGenerator random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
