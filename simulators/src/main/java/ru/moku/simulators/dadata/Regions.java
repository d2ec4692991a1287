package ru.moku.simulators.dadata;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The regions generated addresses are in: the region's tax code (the first two digits of an ИНН registered
 * there), its ОКАТО/ОКТМО code (the first two digits of an ОКТМО there — a different numbering) and a few
 * municipalities with their ОКТМО. Plausible, not authoritative: enough for addresses whose ОКТМО belongs
 * to the region the address names.
 */
final class Regions {

    /**
     * A municipality: a city or a district of a federal city.
     *
     * @param city  the city's name
     * @param oktmo its 8-digit ОКТМО
     */
    record Municipality(String city, String oktmo) {
    }

    /**
     * @param taxCode         region code of the tax service (first digits of ИНН, КПП)
     * @param okatoCode       region code of ОКАТО and ОКТМО
     * @param region          name
     * @param type            type, short ({@code г}, {@code обл}, {@code Респ}, {@code край})
     * @param typeFull        type, full
     * @param withType        name with type, as Dadata writes it
     * @param isoCode         ISO 3166-2 code
     * @param federalDistrict federal district
     * @param postcodePrefix  first three digits of the region's postcodes
     * @param timezone        time zone as Dadata writes it
     * @param latitude        approximate latitude of the main city
     * @param longitude       approximate longitude of the main city
     * @param municipalities  municipalities of the region
     */
    record Region(String taxCode, String okatoCode, String region, String type, String typeFull, String withType,
                  String isoCode, String federalDistrict, String postcodePrefix, String timezone, double latitude,
                  double longitude, List<Municipality> municipalities) {

        boolean federalCity() {
            return "г".equals(type);
        }
    }

    static final List<Region> ALL = List.of(
            new Region("77", "45", "Москва", "г", "город", "г Москва", "RU-MOW", "Центральный", "123", "UTC+3",
                    55.7558, 37.6173, List.of(new Municipality("Москва", "45382000"),
                    new Municipality("Москва", "45375000"), new Municipality("Москва", "45310000"),
                    new Municipality("Москва", "45358000"))),
            new Region("78", "40", "Санкт-Петербург", "г", "город", "г Санкт-Петербург", "RU-SPE", "Северо-Западный",
                    "190", "UTC+3", 59.9391, 30.3159, List.of(new Municipality("Санкт-Петербург", "40303000"),
                    new Municipality("Санкт-Петербург", "40325000"))),
            new Region("50", "46", "Московская", "обл", "область", "Московская обл", "RU-MOS", "Центральный", "141",
                    "UTC+3", 55.8890, 37.4450, List.of(new Municipality("Химки", "46783000"),
                    new Municipality("Подольск", "46760000"), new Municipality("Балашиха", "46704000"))),
            new Region("16", "92", "Татарстан", "Респ", "республика", "Респ Татарстан", "RU-TA", "Приволжский", "420",
                    "UTC+3", 55.7963, 49.1088, List.of(new Municipality("Казань", "92701000"),
                    new Municipality("Набережные Челны", "92730000"))),
            new Region("54", "50", "Новосибирская", "обл", "область", "Новосибирская обл", "RU-NVS", "Сибирский",
                    "630", "UTC+7", 55.0302, 82.9204, List.of(new Municipality("Новосибирск", "50701000"))),
            new Region("66", "65", "Свердловская", "обл", "область", "Свердловская обл", "RU-SVE", "Уральский",
                    "620", "UTC+5", 56.8380, 60.5973, List.of(new Municipality("Екатеринбург", "65701000"))),
            new Region("23", "03", "Краснодарский", "край", "край", "Краснодарский край", "RU-KDA", "Южный", "350",
                    "UTC+3", 45.0355, 38.9753, List.of(new Municipality("Краснодар", "03701000"),
                    new Municipality("Сочи", "03726000"))),
            new Region("52", "22", "Нижегородская", "обл", "область", "Нижегородская обл", "RU-NIZ", "Приволжский",
                    "603", "UTC+3", 56.3269, 44.0059, List.of(new Municipality("Нижний Новгород", "22701000"))),
            new Region("63", "36", "Самарская", "обл", "область", "Самарская обл", "RU-SAM", "Приволжский", "443",
                    "UTC+4", 53.1959, 50.1002, List.of(new Municipality("Самара", "36701000"),
                    new Municipality("Тольятти", "36740000"))),
            new Region("61", "60", "Ростовская", "обл", "область", "Ростовская обл", "RU-ROS", "Южный", "344",
                    "UTC+3", 47.2225, 39.7187, List.of(new Municipality("Ростов-на-Дону", "60701000"))),
            new Region("02", "80", "Башкортостан", "Респ", "республика", "Респ Башкортостан", "RU-BA", "Приволжский",
                    "450", "UTC+5", 54.7351, 55.9587, List.of(new Municipality("Уфа", "80701000"))),
            new Region("74", "75", "Челябинская", "обл", "область", "Челябинская обл", "RU-CHE", "Уральский", "454",
                    "UTC+5", 55.1598, 61.4025, List.of(new Municipality("Челябинск", "75701000"))),
            new Region("59", "57", "Пермский", "край", "край", "Пермский край", "RU-PER", "Приволжский", "614",
                    "UTC+5", 58.0105, 56.2502, List.of(new Municipality("Пермь", "57701000"))),
            new Region("36", "20", "Воронежская", "обл", "область", "Воронежская обл", "RU-VOR", "Центральный", "394",
                    "UTC+3", 51.6608, 39.2003, List.of(new Municipality("Воронеж", "20701000"))),
            new Region("24", "04", "Красноярский", "край", "край", "Красноярский край", "RU-KYA", "Сибирский", "660",
                    "UTC+7", 56.0153, 92.8932, List.of(new Municipality("Красноярск", "04701000"))),
            new Region("55", "52", "Омская", "обл", "область", "Омская обл", "RU-OMS", "Сибирский", "644", "UTC+6",
                    54.9885, 73.3242, List.of(new Municipality("Омск", "52701000"))),
            new Region("39", "27", "Калининградская", "обл", "область", "Калининградская обл", "RU-KGD",
                    "Северо-Западный", "236", "UTC+2", 54.7104, 20.4522,
                    List.of(new Municipality("Калининград", "27701000"))),
            new Region("38", "25", "Иркутская", "обл", "область", "Иркутская обл", "RU-IRK", "Сибирский", "664",
                    "UTC+8", 52.2870, 104.3050, List.of(new Municipality("Иркутск", "25701000"))),
            new Region("27", "08", "Хабаровский", "край", "край", "Хабаровский край", "RU-KHA", "Дальневосточный",
                    "680", "UTC+10", 48.4802, 135.0719, List.of(new Municipality("Хабаровск", "08701000"))),
            new Region("70", "69", "Томская", "обл", "область", "Томская обл", "RU-TOM", "Сибирский", "634", "UTC+7",
                    56.4847, 84.9482, List.of(new Municipality("Томск", "69701000"))),
            new Region("76", "78", "Ярославская", "обл", "область", "Ярославская обл", "RU-YAR", "Центральный", "150",
                    "UTC+3", 57.6261, 39.8845, List.of(new Municipality("Ярославль", "78701000"))));

    private static final Map<String, Region> BY_TAX_CODE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Region::taxCode, Function.identity()));
    private static final Map<String, Region> BY_OKATO_CODE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Region::okatoCode, Function.identity()));

    private Regions() {
    }

    /** The region an ОКТМО belongs to (by its first two digits), if it is one of ours. */
    static Optional<Region> forOktmo(String oktmo) {
        return Optional.ofNullable(BY_OKATO_CODE.get(oktmo.substring(0, 2)));
    }

    /** The region of the tax code {@code taxCode} if it is one of ours, else one drawn from {@code random}. */
    static Region forTaxCode(String taxCode, RandomGenerator random) {
        Region known = BY_TAX_CODE.get(taxCode);
        return known != null ? known : ALL.get(random.nextInt(ALL.size()));
    }
}
