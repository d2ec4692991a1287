package ru.moku.enrichment.dadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Reading Dadata's {@code findById/party} JSON and writing its request. */
class FindPartyResponseUnitTests {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void theOktmoIsTakenFromThePartyFirst() {
        FindPartyResponse response = read("""
                {"suggestions":[{"value":"ООО Ромашка","data":{"oktmo":"45382000","inn":"7707083893",
                 "state":{"status":"ACTIVE","brand_new_field":1},
                 "address":{"value":"г Москва","data":{"oktmo":"45000000"}}}}]}""");

        assertThat(response.hasParty()).isTrue();
        assertThat(response.oktmo()).isEqualTo("45382000");
    }

    @Test
    void theAddressOktmoIsUsedWhenThePartyHasNone() {
        FindPartyResponse response = read("""
                {"suggestions":[{"data":{"oktmo":null,"address":{"data":{"oktmo":"45000000000"}}}}]}""");

        assertThat(response.oktmo()).isEqualTo("45000000000");
    }

    @Test
    void aPartyWithoutAddressDataHasNoOktmo() {
        FindPartyResponse response = read("""
                {"suggestions":[{"data":{"oktmo":null,"address":{"value":"где-то","data":null}}}]}""");

        assertThat(response.hasParty()).isTrue();
        assertThat(response.oktmo()).isNull();
    }

    @Test
    void emptySuggestionsMeanNoParty() {
        FindPartyResponse response = read("{\"suggestions\":[]}");

        assertThat(response.hasParty()).isFalse();
        assertThat(response.oktmo()).isNull();
    }

    @Test
    void aPersonsInnIsAskedForAsAnIndividual() {
        assertThat(json.writeValueAsString(FindPartyRequest.forIdentifier("500100732259")))
                .isEqualTo("{\"query\":\"500100732259\",\"branch_type\":\"MAIN\",\"count\":1,\"type\":\"INDIVIDUAL\"}");
        assertThat(json.writeValueAsString(FindPartyRequest.forIdentifier("7707083893")))
                .isEqualTo("{\"query\":\"7707083893\",\"branch_type\":\"MAIN\",\"count\":1}");
    }

    private FindPartyResponse read(String body) {
        return json.readValue(body, FindPartyResponse.class);
    }
}
