package io.safehold.activities.cove;

/**
 * What paging through a partner's devices page by page found ({@link CoveClient#eachPage}).
 *
 * @param partnerId the partner the devices belong to
 * @param devices devices handed on, each once
 * @param pages pages read
 * @param skippedPages pages Cove answered with something unreadable, skipped
 * @param malformedRows rows skipped within pages that could be read
 * @param lastSkipReason the failure of the last skipped page (it names the request id); null when
 *     none was skipped
 */
public record CovePaging(
    long partnerId,
    int devices,
    int pages,
    int skippedPages,
    int malformedRows,
    String lastSkipReason) {}
