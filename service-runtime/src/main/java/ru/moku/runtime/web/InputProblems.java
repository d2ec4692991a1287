package ru.moku.runtime.web;

import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ServerWebInputException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Says, for a caller, what is wrong with a request Spring could not read ({@link ServerWebInputException}: a body
 * that is not JSON, a value of the wrong type, an unknown enum name, a path or query parameter that does not convert),
 * naming the field ({@code founder.kind}, {@code answers[0].values}, {@code mokuOrganisationId}) — never a class name
 * or a parser's internals. Each service's problem advice turns it into its 400 problem document.
 */
public final class InputProblems {

    private InputProblems() {
    }

    /**
     * One unreadable field.
     *
     * @param field   the field's path in the body ({@code founder.kind}) or the parameter's name; {@code null} when the
     *                body as a whole is unreadable
     * @param message what is wrong with it
     */
    public record InputProblem(String field, String message) {

        /** {@code field: message}, or the message alone. */
        public String detail() {
            return field == null ? message : field + ": " + message;
        }

        /** As an entry of a problem document's {@code errors}. */
        public Map<String, String> asError() {
            return field == null ? Map.of("message", message) : Map.of("field", field, "message", message);
        }
    }

    /** What is wrong with the request {@code error} refused. */
    public static InputProblem of(ServerWebInputException error) {
        JacksonException json = cause(error, JacksonException.class);
        if (json != null) {
            return new InputProblem(path(json), jsonMessage(json));
        }
        String parameter = parameterName(error.getMethodParameter());
        TypeMismatchException mismatch = cause(error, TypeMismatchException.class);
        if (mismatch != null) {
            return new InputProblem(parameter != null ? parameter : mismatch.getPropertyName(),
                    "'" + mismatch.getValue() + "' is not " + expected(mismatch.getRequiredType()));
        }
        String reason = error.getReason() == null ? "the request cannot be read" : error.getReason();
        if (reason.startsWith("No request body")) {
            return new InputProblem(null, "the request has no body");
        }
        return new InputProblem(isBodyParameter(error.getMethodParameter()) ? null : parameter, reason);
    }

    private static String jsonMessage(JacksonException json) {
        if (json instanceof InvalidFormatException invalid) {
            return "'" + invalid.getValue() + "' is not " + expected(invalid.getTargetType());
        }
        if (json instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + expected(mismatched.getTargetType());
        }
        TokenStreamLocation location = json.getLocation();
        return location == null || location.getLineNr() < 0 ? "is not readable JSON"
                : "is not readable JSON (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The JSON path of the value that failed, {@code founder.kind} or {@code founders[2].inn}; {@code null} at the top. */
    private static String path(JacksonException json) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : json.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? null : path.toString();
    }

    /** What a value of {@code type} looks like, in the caller's words. */
    private static String expected(Class<?> type) {
        if (type == null) {
            return "of the expected type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString)
                    .collect(Collectors.joining(", "));
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class || type == double.class
                || type == float.class || type == short.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type.getPackageName().startsWith("java.time")) {
            return "a " + type.getSimpleName() + " (ISO-8601)";
        }
        return "an object";
    }

    private static String parameterName(MethodParameter parameter) {
        if (parameter == null) {
            return null;
        }
        PathVariable pathVariable = parameter.getParameterAnnotation(PathVariable.class);
        if (pathVariable != null && !pathVariable.name().isEmpty()) {
            return pathVariable.name();
        }
        RequestParam requestParam = parameter.getParameterAnnotation(RequestParam.class);
        if (requestParam != null && !requestParam.name().isEmpty()) {
            return requestParam.name();
        }
        return parameter.getParameterName();
    }

    private static boolean isBodyParameter(MethodParameter parameter) {
        return parameter != null && parameter.getParameterAnnotation(PathVariable.class) == null
                && parameter.getParameterAnnotation(RequestParam.class) == null;
    }

    private static <T extends Throwable> T cause(Throwable error, Class<T> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }
}
