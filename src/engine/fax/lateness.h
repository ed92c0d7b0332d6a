/*
 * How late a paced loop ran its 20 ms blocks: a fixed histogram, kept in the loop's own state and filled
 * by the one thread that runs it, so recording a block costs a clock read and an increment (no
 * allocation, no lock). faxd logs a summary per call; the bench reads it from the log.
 */
#ifndef OPENFAXCOM_LATENESS_H
#define OPENFAXCOM_LATENESS_H

#include <stdint.h>

enum {
    LATENESS_BUCKET_MICROSECONDS = 100,   /* a tenth of a millisecond: the p99 of an idle machine shows */
    LATENESS_BUCKETS = 1000,              /* to 100 ms, then one overflow bucket */
    LATENESS_MISSED_MICROSECONDS = 20000, /* a whole block late: the far end's next packet was due */
};

struct lateness {
    uint32_t buckets[LATENESS_BUCKETS + 1];
    uint64_t count, missed;
    int64_t max_microseconds;
};

/* Empties it. A zeroed struct is empty too. */
void lateness_reset(struct lateness *lateness);
/* One block that ran this long after its due time; negative (early) counts as on time. */
void lateness_record(struct lateness *lateness, int64_t late_microseconds);
/* The lateness no more than `fraction` (0..1) of the blocks exceed, as the upper edge of its bucket, in
 * microseconds; a block in the overflow bucket answers the maximum. 0 when nothing was recorded. */
int64_t lateness_percentile(const struct lateness *lateness, double fraction);

#endif
