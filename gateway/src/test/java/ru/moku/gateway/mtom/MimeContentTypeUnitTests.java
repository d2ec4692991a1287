package ru.moku.gateway.mtom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeContentTypeUnitTests {

    @Test
    void typeSubtypeAndParametersAreReadWithQuotedValuesUnquotedAndNamesCaseInsensitive() {
        MimeContentType type = MimeContentType.parse(
                "Multipart/Related; TYPE=\"application/xop+xml\"; boundary=\"uuid:a;b=c\"; start-info=text/xml");

        assertThat(type.is("multipart", "related")).isTrue();
        assertThat(type.parameter("type")).contains("application/xop+xml");
        assertThat(type.parameter("Boundary")).contains("uuid:a;b=c");
        assertThat(type.parameter("start-info")).contains("text/xml");
    }

    @Test
    void rfc2231ContinuationsAreJoinedInSectionOrder() {
        MimeContentType type = MimeContentType.parse("multipart/related; boundary=b;"
                + " start*1=\"@cxf.apache.org>\"; start*0=\"<root.message\"");

        assertThat(type.parameter("start")).contains("<root.message@cxf.apache.org>");
    }

    @Test
    void charsetEncodedContinuationsAreDecodedInTheCharsetOfSectionZero() {
        MimeContentType type = MimeContentType.parse("application/octet-stream;"
                + " name*0*=utf-8'ru'%D0%92%D1%8B%D0%BF; name*1*=%D0%B8%D1%81%D0%BA%D0%B0; name*2=\".pdf\"");

        assertThat(type.parameter("name")).contains("Выписка.pdf");
    }

    @Test
    void aSingleExtendedValueIsDecoded() {
        MimeContentType type = MimeContentType.parse(
                "text/plain; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A");

        assertThat(type.parameter("title")).contains("This is ***fun***");
    }

    @Test
    void theRfc2231FormWinsOverAPlainValueOfTheSameName() {
        MimeContentType type = MimeContentType.parse("multipart/related; boundary=b; start=\"<old>\";"
                + " start*0=\"<ne\"; start*1=\"w>\"");

        assertThat(type.parameter("start")).contains("<new>");
    }

    @Test
    void sectionsAfterAGapAreIgnored() {
        MimeContentType type = MimeContentType.parse("multipart/related; boundary=b; start*0=\"<a\"; start*2=\"z>\"");

        assertThat(type.parameter("start")).contains("<a");
    }

    @Test
    void aCharsetParameterIsOfferedAsACharset() {
        assertThat(MimeContentType.parse("application/xop+xml; charset=windows-1251; type=\"text/xml\"").charset())
                .hasValueSatisfying(charset -> assertThat(charset.name()).isEqualTo("windows-1251"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "multipart", "multipart/", "multipart/related; boundary=\"unterminated",
            "multipart/related; boundary", "text/plain; title*=utf-8''%D0%9", "text/plain; title*=%41",
            "multipart/related; boundary=a; boundary=b", "multipart/related; start*01=x"})
    void somethingThatIsNotAContentTypeIsRefusedWithAReason(String header) {
        assertThatThrownBy(() -> MimeContentType.parse(header)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Exception");
    }
}
