package ru.moku.runtime.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.web.server.ServerWebInputException;

/**
 * Keyset paging for list endpoints ({@code GET …?limit=&cursor=}), one way for every service: a bounded page size, an
 * opaque cursor, and the page as {@code {"items":[…],"next":"<cursor>"|null}}.
 *
 * <p>A list is ordered by a stable key, a time and an id ({@code ORDER BY at DESC, id DESC} for newest first); the
 * cursor is the key of the last item of the previous page ({@link Position}), so the next page is
 * {@code WHERE (at, id) < (:at, :id)} — no offset that gets slower with every page and skips or repeats rows when new
 * ones arrive. How an endpoint uses it:
 * <pre>{@code
 * int size = Keyset.pageSize(limit, defaultSize, maxSize);          // 400 when not a number, < 1 or > maxSize
 * Optional<Keyset.Position> after = Keyset.after(cursor);           // 400 when not a cursor of ours
 * return repository.list(filters, after, size + 1)                  // one more row than the page: is there a next?
 *         .collectList().map(rows -> Keyset.page(rows, size, row -> new Keyset.Position(row.at(), row.id())));
 * }</pre>
 * Bad input is a {@link ServerWebInputException}: the caller's 400 problem, naming the parameter.
 */
public final class Keyset {

    /** The query parameter holding the page size. */
    public static final String LIMIT = "limit";
    /** The query parameter holding the cursor. */
    public static final String CURSOR = "cursor";

    private static final String VERSION = "k1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Keyset() {
    }

    /**
     * One page of a list.
     *
     * @param items the page's items, in the list's order
     * @param next  the cursor of the next page, {@code null} on the last page
     */
    public record Page<T>(List<T> items, String next) {

        public Page {
            items = List.copyOf(items);
        }
    }

    /**
     * The key of an item in a list ordered by time, then id: where the next page starts (after this item).
     *
     * @param at the item's time (e.g. when it was received)
     * @param id the item's id, which orders items of the same time
     */
    public record Position(Instant at, UUID id) {

        public Position {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * The page size asked for: {@code defaultSize} when {@code requested} is absent, else a whole number from 1 to
     * {@code maxSize}.
     *
     * @throws ServerWebInputException (400) for anything else
     */
    public static int pageSize(String requested, int defaultSize, int maxSize) {
        if (defaultSize < 1 || defaultSize > maxSize) {
            throw new IllegalArgumentException("default page size " + defaultSize + " not within 1.." + maxSize);
        }
        if (requested == null) {
            return defaultSize;
        }
        int size;
        try {
            size = Integer.parseInt(requested.strip());
        } catch (NumberFormatException e) {
            throw new ServerWebInputException(LIMIT + " must be a whole number from 1 to " + maxSize + ", not '"
                    + shorten(requested) + "'");
        }
        if (size < 1 || size > maxSize) {
            throw new ServerWebInputException(LIMIT + " must be from 1 to " + maxSize + ", not " + size);
        }
        return size;
    }

    /**
     * Where the page asked for starts: empty for the first page ({@code cursor} absent or blank).
     *
     * @throws ServerWebInputException (400) when {@code cursor} is not one this class made
     */
    public static Optional<Position> after(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Optional.empty();
        }
        try {
            String[] parts = new String(DECODER.decode(cursor.strip()), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("not a cursor");
            }
            return Optional.of(new Position(Instant.parse(parts[1]), UUID.fromString(parts[2])));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ServerWebInputException(CURSOR + " is not a cursor this list gave out: '" + shorten(cursor)
                    + "'; use the 'next' of the previous page, or none for the first page");
        }
    }

    /** The opaque cursor of {@code position}, for the {@code next} of a page. */
    public static String cursor(Position position) {
        String key = VERSION + "|" + position.at() + "|" + position.id();
        return ENCODER.encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The page from {@code fetched}, the rows a query returned with a limit of {@code pageSize + 1}: at most
     * {@code pageSize} items, and a {@code next} cursor (after the page's last item) only if there was one row more.
     */
    public static <T> Page<T> page(List<T> fetched, int pageSize, Function<? super T, Position> positionOf) {
        if (fetched.size() <= pageSize) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, pageSize);
        return new Page<>(items, cursor(positionOf.apply(items.get(pageSize - 1))));
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
