package ru.moku.simulators.dadata;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A party (организация or ИП) as Dadata's {@code suggestions[].data} of {@code findById/party}: snake_case
 * names, dates as epoch milliseconds, absent values as {@code null} (Dadata writes them out). A subset of
 * Dadata's fields: those a client reads plus enough of the rest to look real; clients must ignore fields
 * they do not know anyway (Dadata adds them).
 *
 * <p>Where the ОКТМО is: {@code oktmo} (the party's own, from the tax register) and
 * {@code address.data.oktmo} (from the address); either or both may be {@code null}, and {@code address.data}
 * itself may be {@code null} for an address Dadata could not parse.
 *
 * @param kpp           КПП of a legal entity; {@code null} for an individual entrepreneur
 * @param management    the head of a legal entity
 * @param founders      founders of a legal entity (hundreds for a large one)
 * @param managers      people who may act for the party
 * @param branchType    {@code MAIN} (the simulator knows no branches)
 * @param branchCount   number of branches
 * @param hid           Dadata's internal id of the party
 * @param type          {@code LEGAL} or {@code INDIVIDUAL}
 * @param state         registration state
 * @param opf           organisational and legal form (ОПФ)
 * @param name          names with and without the form
 * @param fio           the person of an individual entrepreneur
 * @param inn           ИНН
 * @param ogrn          ОГРН, or ОГРНИП of an individual entrepreneur
 * @param ogrnDate      date of the ОГРН
 * @param okpo          ОКПО
 * @param okato         ОКАТО
 * @param oktmo         ОКТМО from the tax register; may be {@code null} even when the address has one
 * @param okogu         ОКОГУ
 * @param okfs          ОКФС
 * @param okved         main activity code (ОКВЭД)
 * @param okvedType     ОКВЭД edition
 * @param licenses      licences (dozens for a large one)
 * @param address       registered address
 * @param employeeCount average number of employees
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Party(
        String kpp,
        Management management,
        List<Founder> founders,
        List<Manager> managers,
        String branchType,
        int branchCount,
        String hid,
        Type type,
        State state,
        Opf opf,
        Name name,
        Fio fio,
        String inn,
        String ogrn,
        Long ogrnDate,
        String okpo,
        String okato,
        String oktmo,
        String okogu,
        String okfs,
        String okved,
        String okvedType,
        List<License> licenses,
        Address address,
        Integer employeeCount) {

    /** Dadata's party types: a legal entity or an individual entrepreneur (ИП). */
    public enum Type { LEGAL, INDIVIDUAL }

    /** The ОКТМО a client should take: {@code data.oktmo}, else {@code data.address.data.oktmo}; {@code null} if neither. */
    public String effectiveOktmo() {
        if (oktmo != null) {
            return oktmo;
        }
        return address == null || address.data() == null ? null : address.data().oktmo();
    }

    /**
     * @param fullWithOpf  full name with the full form: {@code ОБЩЕСТВО С ОГРАНИЧЕННОЙ ОТВЕТСТВЕННОСТЬЮ "ВЕКТОР"}
     * @param shortWithOpf short name with the short form: {@code ООО "ВЕКТОР"}; the suggestion's {@code value}
     * @param latin        name in Latin letters, if registered
     * @param full         full name without the form
     * @param shortName    short name without the form ({@code short} in JSON)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Name(String fullWithOpf, String shortWithOpf, String latin, String full,
                       @JsonProperty("short") String shortName) {
    }

    /**
     * @param type      ОКОПФ edition ({@code 2014})
     * @param code      ОКОПФ code
     * @param full      full form
     * @param shortName short form ({@code short} in JSON)
     */
    public record Opf(String type, String code, String full, @JsonProperty("short") String shortName) {
    }

    /**
     * @param status           {@code ACTIVE}, {@code LIQUIDATING}, {@code LIQUIDATED}, {@code BANKRUPT}, {@code REORGANIZING}
     * @param code             detailed status code, if any
     * @param actualityDate    when Dadata last updated the party
     * @param registrationDate when the party was registered
     * @param liquidationDate  when the party was liquidated, if it was
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record State(String status, String code, Long actualityDate, Long registrationDate, Long liquidationDate) {
    }

    /**
     * @param name         the head's full name
     * @param post         the head's post
     * @param disqualified whether the head is disqualified, if known
     */
    public record Management(String name, String post, Boolean disqualified) {
    }

    /**
     * A person's name as Dadata splits it.
     *
     * @param surname    surname
     * @param name       first name
     * @param patronymic patronymic, if any
     * @param gender     {@code MALE}, {@code FEMALE} or {@code null}
     */
    public record Fio(String surname, String name, String patronymic, String gender) {
    }

    /**
     * @param ogrn      ОГРН of a founder that is a legal entity
     * @param inn       ИНН of the founder
     * @param name      name of a founder that is a legal entity
     * @param fio       name of a founder that is a person
     * @param hid       Dadata's internal id of the founder
     * @param type      {@code LEGAL} or {@code PHYSICAL}
     * @param share     the founder's share of the capital
     * @param startDate since when the founder is one
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Founder(String ogrn, String inn, String name, Fio fio, String hid, String type, Share share,
                          Long startDate) {
    }

    /**
     * @param type  {@code PERCENT}
     * @param value the share in percent
     */
    public record Share(String type, double value) {
    }

    /**
     * @param inn       ИНН of the manager
     * @param fio       the manager's name
     * @param post      post
     * @param hid       Dadata's internal id
     * @param type      {@code EMPLOYEE}
     * @param startDate since when
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Manager(String inn, Fio fio, String post, String hid, String type, Long startDate) {
    }

    /**
     * @param series         series of the licence, if any
     * @param number         number
     * @param issueDate      date of issue
     * @param issueAuthority who issued it
     * @param validFrom      valid since
     * @param validTo        valid until, {@code null} = indefinitely
     * @param activities     licensed activities
     * @param addresses      places where the activities are licensed
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record License(String series, String number, Long issueDate, String issueAuthority, Long validFrom,
                          Long validTo, List<String> activities, List<String> addresses) {
    }

    /**
     * @param value             the address as one line
     * @param unrestrictedValue the address with postcode and region
     * @param data              the address split into parts; {@code null} if Dadata could not parse it
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Address(String value, String unrestrictedValue, AddressData data) {
    }

    /**
     * An address split into parts, as Dadata's address suggestions (a subset of their fields).
     *
     * @param postalCode      postcode
     * @param country         country
     * @param countryIsoCode  ISO 3166 country code
     * @param federalDistrict federal district
     * @param regionKladrId   КЛАДР code of the region
     * @param regionIsoCode   ISO 3166-2 code of the region
     * @param regionWithType  region with its type
     * @param regionType      type of the region, short
     * @param regionTypeFull  type of the region, full
     * @param region          region
     * @param cityWithType    city with its type
     * @param cityType        type of the city, short
     * @param city            city
     * @param streetWithType  street with its type
     * @param streetType      type of the street, short
     * @param street          street
     * @param houseType       type of the house, short
     * @param house           house number
     * @param kladrId         КЛАДР code of the address
     * @param fiasId          ФИАС id of the address
     * @param okato           ОКАТО of the address
     * @param oktmo           ОКТМО of the address; may be {@code null}
     * @param taxOffice       tax office of the address
     * @param timezone        time zone, e.g. {@code UTC+3}
     * @param geoLat          latitude
     * @param geoLon          longitude
     * @param qcGeo           accuracy of the coordinates (0 = exact)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record AddressData(String postalCode, String country, String countryIsoCode, String federalDistrict,
                              String regionKladrId, String regionIsoCode, String regionWithType, String regionType,
                              String regionTypeFull, String region, String cityWithType, String cityType,
                              String city, String streetWithType, String streetType, String street,
                              String houseType, String house, String kladrId, String fiasId, String okato,
                              String oktmo, String taxOffice, String timezone, String geoLat, String geoLon,
                              String qcGeo) {
    }
}
