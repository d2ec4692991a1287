package ru.moku.simulators.lko;

/**
 * Counters of the proxy ({@code GET /admin/lko/stats}).
 *
 * @param forwarded        requests forwarded to ЛКО and answered with ЛКО's answer, whatever its status
 * @param refused          {@code POST /api/v1/organisations} answered 422 by a rule, never forwarded
 * @param upstreamFailures requests ЛКО did not answer (refused connection, timeout): answered 502
 */
public record LkoProxyStats(long forwarded, long refused, long upstreamFailures) {
}
