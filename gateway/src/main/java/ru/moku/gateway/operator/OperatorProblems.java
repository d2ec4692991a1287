package ru.moku.gateway.operator;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import ru.moku.gateway.intake.RawMessageStatus;
import ru.moku.gateway.web.Problems;

/** The operator API's problem documents. */
final class OperatorProblems {

    private OperatorProblems() {
    }

    static ErrorResponseException notFound(UUID rawMessageId) {
        return exception(Problems.of(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found",
                "no raw message " + rawMessageId));
    }

    static ErrorResponseException nothingToReprocess(UUID rawMessageId, RawMessageStatus status) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.NOTHING_TO_REPROCESS, "Nothing to reprocess",
                "raw message " + rawMessageId + " is " + status + " (" + status.code()
                        + ") and has no failed integration instance");
        problem.setProperty("rawMessageId", rawMessageId);
        return exception(problem);
    }

    static ErrorResponseException splitFailedAgain(UUID rawMessageId, String reason) {
        ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, Problems.SPLIT_FAILED,
                "Split failed again", "raw message " + rawMessageId + " still cannot be split: " + reason);
        problem.setProperty("rawMessageId", rawMessageId);
        return exception(problem);
    }

    private static ErrorResponseException exception(ProblemDetail problem) {
        return new ErrorResponseException(HttpStatus.valueOf(problem.getStatus()), problem, null);
    }
}
