package ru.moku.runtime.testing;

import java.util.Map;

/**
 * Turns properties into {@code --key=value} arguments. Tests start services with
 * {@code XApplication.builder().run(CommandLine.args(properties))}: command-line arguments outrank the
 * service's own config file, whereas {@code builder.properties(..)} are only defaults beneath it.
 */
public final class CommandLine {

    private CommandLine() {
    }

    public static String[] args(Map<String, ?> properties) {
        return properties.entrySet().stream()
                .map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
    }
}
