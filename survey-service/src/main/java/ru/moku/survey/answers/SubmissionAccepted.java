package ru.moku.survey.answers;

import java.util.UUID;

/**
 * Answer of {@code POST /api/v1/surveys/{token}/answers} (202): the answers are taken and will be stored shortly.
 *
 * @param submissionId the submission's id, also carried by the "survey completed" message
 */
public record SubmissionAccepted(UUID submissionId) {
}
