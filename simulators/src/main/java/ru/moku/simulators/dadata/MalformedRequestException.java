package ru.moku.simulators.dadata;

/** A request body Dadata refuses with 400. Carries no stack trace (it is an answer, not a bug). */
final class MalformedRequestException extends RuntimeException {

    MalformedRequestException(String message) {
        super(message, null, false, false);
    }
}
