package ru.moku.smev.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules of SMEV's transform, one per test; the expected outputs are worked out by hand from the rules. */
class SmevTransformUnitTests {

    @Test
    void aFragmentComesOutWithGeneratedPrefixesSortedAttributesAndNoEmptyTags() {
        String in = """
                <?xml version="1.0" encoding="UTF-8"?>
                <?xml-stylesheet type="text/xsl" href="style.xsl"?>
                <root xmlns="urn:a" xmlns:b="urn:b" xmlns:c="urn:c" xmlns:unused="urn:unused">
                  <b:first>
                    <c:second xmlns:z="urn:0" xmlns:y="urn:y" y:zeta="z" beta="b" alpha="a" z:gamma="g"
                        c:delta="d" c:epsilon="e" b:phi="f"/>
                  </b:first>
                  <b:third>0</b:third>
                  <b:fourth/>
                  <b:fifth>   </b:fifth>
                </root>
                """;

        assertThat(SmevTransform.apply(in)).isEqualTo(""
                + "<ns1:root xmlns:ns1=\"urn:a\">"
                + "<ns2:first xmlns:ns2=\"urn:b\">"
                + "<ns3:second xmlns:ns3=\"urn:c\" xmlns:ns4=\"urn:0\" xmlns:ns5=\"urn:y\" ns4:gamma=\"g\" ns2:phi=\"f\""
                + " ns3:delta=\"d\" ns3:epsilon=\"e\" ns5:zeta=\"z\" alpha=\"a\" beta=\"b\"></ns3:second>"
                + "</ns2:first>"
                + "<ns6:third xmlns:ns6=\"urn:b\">0</ns6:third>"
                + "<ns7:fourth xmlns:ns7=\"urn:b\"></ns7:fourth>"
                + "<ns8:fifth xmlns:ns8=\"urn:b\"></ns8:fifth>"
                + "</ns1:root>");
    }

    @Test
    void aPrefixDeclaredOnAnAncestorIsReusedBelowIt() {
        assertThat(SmevTransform.apply("<x:a xmlns:x='urn:x'><y:b xmlns:y='urn:x'><c xmlns='urn:x'/></y:b></x:a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:x\"><ns1:b><ns1:c></ns1:c></ns1:b></ns1:a>");
    }

    @Test
    void theSameDocumentWrittenDifferentlyTransformsToTheSameBytes() {
        String indented = """
                <t:Data xmlns:t="urn:types" xmlns:x="urn:extra" Id="d1" x:kind="card">
                    <t:Inn>7707083893</t:Inn>
                    <t:Note/>
                </t:Data>
                """;
        String compact = "<Data xmlns='urn:types' xmlns:q='urn:extra' xmlns:unused='urn:u' q:kind='card' Id='d1'>"
                + "<Inn>7707083893</Inn><Note></Note></Data>";

        assertThat(SmevTransform.apply(compact)).isEqualTo(SmevTransform.apply(indented)).isEqualTo(
                "<ns1:Data xmlns:ns1=\"urn:types\" xmlns:ns2=\"urn:extra\" ns2:kind=\"card\" Id=\"d1\">"
                        + "<ns1:Inn>7707083893</ns1:Inn><ns1:Note></ns1:Note></ns1:Data>");
    }

    @Test
    void commentsAndProcessingInstructionsAreDroppedAndCdataIsText() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'><!-- note --><?pi x?>x<![CDATA[<y>]]></a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">x&lt;y></ns1:a>");
    }

    @Test
    void textThatIsNotOnlyWhitespaceKeepsItsWhitespace() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>  two  words \n</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">  two  words \n</ns1:a>");
    }

    @Test
    void anElementWithoutNamespaceGetsAPrefixBoundToTheEmptyNamespaceAsSmevsImplementationDoes() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'><b xmlns=''><c/></b></a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\"><ns2:b xmlns:ns2=\"\"><ns2:c></ns2:c></ns2:b></ns1:a>");
    }

    @Test
    void inShortTextGreaterThanIsEscapedOnlyFirstOrAfterABracket() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>&gt;1 &amp;&gt;2</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">&gt;1 &amp;>2</ns1:a>");
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>x]]&gt;</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">x]]&gt;</ns1:a>");
    }

    @Test
    void inLongTextGreaterThanIsAlsoEscapedRightAfterAnotherEscape() {
        // 12 characters or more: an escaped character starts a new segment, and '>' at a segment's start is escaped.
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>if a &amp;&gt; b &lt; c &gt; d</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">if a &amp;&gt; b &lt; c > d</ns1:a>");
    }

    @Test
    void carriageReturnsInTextAreWrittenAsCharacterReferences() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>x&#13;y</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">x&#xd;y</ns1:a>");
    }

    @Test
    void attributeValuesEscapeQuotesAmpersandsLessThanAndWhitespaceCharacters() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a' v='&quot;&amp;&lt;&gt;&#9;&#10;&#13;'/>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\" v=\"&quot;&amp;&lt;>&#x9;&#xa;&#xd;\"></ns1:a>");
    }

    @Test
    void theOutputIsUtf8() {
        assertThat(SmevTransform.apply("<a xmlns='urn:a'>Общество «Ромашка»</a>"))
                .isEqualTo("<ns1:a xmlns:ns1=\"urn:a\">Общество «Ромашка»</ns1:a>");
    }
}
