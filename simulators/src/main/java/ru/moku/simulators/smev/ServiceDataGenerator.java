package ru.moku.simulators.smev;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import ru.moku.model.intake.ServiceCard;
import ru.moku.simulators.identifiers.IdentifierGenerator;

/**
 * Makes plausible service cards: valid identifiers (from {@link IdentifierGenerator}), Russian
 * organisation and person names, addresses, service codes and application numbers from small
 * built-in lists. Founders are legal entities and persons about half and half.
 *
 * <p>The same seed gives the same cards. Not thread-safe: one generator per request.
 */
final class ServiceDataGenerator {

    /** Target codes of services on the state portal (ЕПГУ), as the service data carries them. */
    private static final List<String> SERVICE_CODES = List.of(
            "10000000367", "10000001044", "10000025167", "10000102618", "10001991239", "60010153");
    private static final List<String> LEGAL_FORMS = List.of("ООО", "АО", "ПАО", "АНО", "ООО");
    private static final List<String> ORGANISATION_NAMES = List.of(
            "Северная звезда", "Ромашка", "Вектор", "Техностиль", "Уральские самоцветы", "Волжский хлеб",
            "Сибирская лесная компания", "Альфа-Строй", "Горизонт", "Зелёная долина", "Камский мост",
            "Медцентр Здоровье", "Агрохолдинг Кубань", "Байкал-Сервис", "Транспортная линия");
    private static final List<String> CITIES = List.of(
            "г. Москва", "г. Санкт-Петербург", "г. Казань", "г. Новосибирск", "г. Екатеринбург",
            "г. Нижний Новгород", "г. Самара", "г. Краснодар", "г. Пермь", "г. Томск", "г. Ярославль");
    private static final List<String> STREETS = List.of(
            "ул. Ленина", "ул. Советская", "пр-т Мира", "ул. Баумана", "ул. Гагарина", "ул. Садовая",
            "наб. Комсомольская", "ул. Пушкина", "ш. Энтузиастов", "пер. Кривоколенный");
    /** Surnames that take "-а" in the feminine (-ов, -ев, -ин). */
    private static final List<String> LAST_NAMES = List.of(
            "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов",
            "Волков", "Алексеев", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семенов", "Голубев", "Фомин");
    private static final List<String> MALE_FIRST_NAMES = List.of(
            "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил");
    private static final List<String> FEMALE_FIRST_NAMES = List.of(
            "Анна", "Мария", "Елена", "Ольга", "Наталья", "Екатерина", "Татьяна", "Ирина", "Светлана", "Юлия");
    /** Patronymics as (masculine, feminine) pairs of one father's name. */
    private static final List<List<String>> PATRONYMICS = List.of(
            List.of("Александрович", "Александровна"), List.of("Сергеевич", "Сергеевна"),
            List.of("Иванович", "Ивановна"), List.of("Петрович", "Петровна"), List.of("Николаевич", "Николаевна"),
            List.of("Владимирович", "Владимировна"), List.of("Андреевич", "Андреевна"),
            List.of("Михайлович", "Михайловна"), List.of("Юрьевич", "Юрьевна"));

    private final RandomGenerator random;
    private final IdentifierGenerator identifiers;
    private final LocalDate today;

    ServiceDataGenerator(RandomGenerator random, LocalDate today) {
        this.random = Objects.requireNonNull(random, "random");
        this.identifiers = new IdentifierGenerator(random);
        this.today = Objects.requireNonNull(today, "today");
    }

    /** {@code count} cards; each carries, with probability {@code invalidInnShare}, an organisation ИНН with a wrong check digit. */
    List<ServiceDataXml.Card> cards(int count, double invalidInnShare) {
        List<ServiceDataXml.Card> cards = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            cards.add(card(random.nextDouble() < invalidInnShare));
        }
        return cards;
    }

    ServiceDataXml.Card card(boolean invalidOrganisationInn) {
        String inn = identifiers.legalEntityInn();
        ServiceCard.Organisation organisation = new ServiceCard.Organisation(
                organisationName(),
                invalidOrganisationInn ? withWrongCheckDigit(inn) : inn,
                identifiers.ogrn(),
                random.nextInt(10) < 8 ? identifiers.kpp() : null,
                random.nextInt(10) < 9 ? address() : null);
        ServiceCard.Founder founder = random.nextBoolean() ? legalEntityFounder() : personFounder();
        return new ServiceDataXml.Card(pick(SERVICE_CODES), applicationNumber(),
                today.minusDays(random.nextInt(60)), organisation, founder);
    }

    /** The same digits with the last (check) digit replaced by any other: still 10 digits, never valid. */
    static String withWrongCheckDigit(String inn) {
        int last = inn.length() - 1;
        int checkDigit = inn.charAt(last) - '0';
        return inn.substring(0, last) + (char) ('0' + (checkDigit + 1) % 10);
    }

    private ServiceCard.Founder legalEntityFounder() {
        return ServiceCard.Founder.legalEntity(organisationName(), identifiers.legalEntityInn(), identifiers.ogrn());
    }

    private ServiceCard.Founder personFounder() {
        boolean female = random.nextBoolean();
        String lastName = pick(LAST_NAMES) + (female ? "а" : "");
        String firstName = pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
        // Some people have no patronymic; the schema makes it optional.
        String middleName = random.nextInt(10) == 0 ? null : pick(PATRONYMICS).get(female ? 1 : 0);
        String ogrnip = random.nextInt(10) < 3 ? identifiers.ogrnip() : null;
        return ServiceCard.Founder.person(lastName, firstName, middleName, identifiers.personInn(), ogrnip);
    }

    private String organisationName() {
        return pick(LEGAL_FORMS) + " «" + pick(ORGANISATION_NAMES) + "»";
    }

    private String address() {
        int postcode = 100_000 + random.nextInt(800_000);
        return postcode + ", " + pick(CITIES) + ", " + pick(STREETS) + ", д. " + (1 + random.nextInt(150));
    }

    private String applicationNumber() {
        // ЕПГУ application numbers are 10-digit numbers not starting with 0.
        return Long.toString(1_000_000_000L + random.nextLong(9_000_000_000L));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
