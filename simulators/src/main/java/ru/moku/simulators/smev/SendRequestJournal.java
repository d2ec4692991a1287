package ru.moku.simulators.smev;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.stereotype.Component;

/** The {@code SendRequestRequest}s received, in arrival order, at most one per sender MessageID. Thread-safe. */
@Component
class SendRequestJournal {

    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<ReceivedSendRequest> requests = new ConcurrentLinkedQueue<>();

    /** Records {@code request}; false if a request with its MessageID was recorded before (SMEV's {@code MessageIsAlreadySent}). */
    boolean record(ReceivedSendRequest request) {
        if (!messageIds.add(request.messageId())) {
            return false;
        }
        requests.add(request);
        return true;
    }

    List<ReceivedSendRequest> all() {
        return List.copyOf(requests);
    }

    /** The {@code limit} most recent requests, newest first. */
    List<ReceivedSendRequest> latest(int limit) {
        List<ReceivedSendRequest> newestFirst = new ArrayList<>(requests);
        Collections.reverse(newestFirst);
        return List.copyOf(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
    }

    long count() {
        return requests.size();
    }

    void clear() {
        requests.clear();
        messageIds.clear();
    }
}
