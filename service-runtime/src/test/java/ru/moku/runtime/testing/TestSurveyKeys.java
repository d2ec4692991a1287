package ru.moku.runtime.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The TEST-ONLY survey token key pair ({@code survey-token/} in the test resources; never for a real deployment). */
public final class TestSurveyKeys {

    private TestSurveyKeys() {
    }

    public static String privateKey() {
        return read("/survey-token/TEST-ONLY-private.pem");
    }

    public static String publicKey() {
        return read("/survey-token/TEST-ONLY-public.pem");
    }

    private static String read(String resource) {
        try (InputStream in = TestSurveyKeys.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no " + resource + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
