package ru.moku.orgregistry.organisation;

/**
 * One invalid field of a submission, as listed in the {@code errors} of a 422 problem document.
 *
 * @param field   the field's path, e.g. {@code founder.inn}
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
