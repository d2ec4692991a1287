package ru.moku.simulators.smev;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/**
 * {@code GET /admin/smev/stats}: the queue's counters ({@link SmevStats}, at the top level as before) and what was
 * queued beyond plain service data.
 *
 * @param queue                    the queue's counters
 * @param tampered                 SMEV MessageIds of messages changed after signing
 * @param withAttachments          MessageIds of messages with an attachment carried in the message
 * @param withFsAttachments        MessageIds of messages with a file on the file storage
 * @param corruptAttachments       MessageIds of messages whose attachment or file no longer matches its signature and hash
 * @param answers                  MessageIds of answers without service data (generated, injected, async statuses)
 * @param asyncStatuses            the AsyncProcessingStatus answers queued after accepted SendRequests
 * @param callerSignaturesRejected requests refused with SignatureVerificationFault
 * @param fsFiles                  files on the file storage
 * @param fsFilesFetched           of those, files downloaded at least once
 * @param fsDownloads              completed downloads, repeats included
 */
public record SmevStatsReport(@JsonUnwrapped SmevStats queue, List<String> tampered, List<String> withAttachments,
                              List<String> withFsAttachments, List<String> corruptAttachments, List<String> answers,
                              List<AsyncStatusQueued> asyncStatuses, long callerSignaturesRejected,
                              int fsFiles, int fsFilesFetched, long fsDownloads) {
}
