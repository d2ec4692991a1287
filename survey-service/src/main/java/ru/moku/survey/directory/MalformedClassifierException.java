package ru.moku.survey.directory;

/**
 * A classifier file that cannot be loaded: {@link #line()} names the line (0 when the fault is the file as a whole).
 * {@link #notAClassifier()} when the file is not the classifier at all (refused before a version is registered).
 */
public class MalformedClassifierException extends RuntimeException {

    private final int line;
    private final boolean notAClassifier;

    MalformedClassifierException(int line, String message, boolean notAClassifier) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
        this.notAClassifier = notAClassifier;
    }

    static MalformedClassifierException row(int line, String message) {
        return new MalformedClassifierException(line, message, false);
    }

    static MalformedClassifierException notAClassifier(int line, String message) {
        return new MalformedClassifierException(line, "not the ОКТМО classifier: " + message, true);
    }

    public int line() {
        return line;
    }

    public boolean notAClassifier() {
        return notAClassifier;
    }
}
