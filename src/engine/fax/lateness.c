/* The paced loops' lateness histogram (see lateness.h). */
#include "lateness.h"

#include <string.h>

void lateness_reset(struct lateness *lateness)
{
    memset(lateness, 0, sizeof *lateness);
}

void lateness_record(struct lateness *lateness, int64_t late_microseconds)
{
    if (late_microseconds < 0)
        late_microseconds = 0;
    int64_t bucket = late_microseconds / LATENESS_BUCKET_MICROSECONDS;
    lateness->buckets[bucket < LATENESS_BUCKETS ? bucket : LATENESS_BUCKETS]++;
    lateness->count++;
    if (late_microseconds > LATENESS_MISSED_MICROSECONDS)
        lateness->missed++;
    if (late_microseconds > lateness->max_microseconds)
        lateness->max_microseconds = late_microseconds;
}

int64_t lateness_percentile(const struct lateness *lateness, double fraction)
{
    if (lateness->count == 0)
        return 0;
    if (fraction < 0)
        fraction = 0;
    /* the rank of the block at that fraction, counted from 1: p99 of 100 blocks is the 99th */
    uint64_t rank = (uint64_t) (fraction * (double) lateness->count + 0.999999);
    if (rank == 0)
        rank = 1;
    if (rank > lateness->count)
        rank = lateness->count;
    uint64_t seen = 0;
    for (int i = 0; i < LATENESS_BUCKETS; i++) {
        seen += lateness->buckets[i];
        if (seen >= rank) {
            int64_t edge = (int64_t) (i + 1) * LATENESS_BUCKET_MICROSECONDS;
            return edge < lateness->max_microseconds ? edge : lateness->max_microseconds;
        }
    }
    return lateness->max_microseconds;
}
