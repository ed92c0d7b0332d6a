/*
 * The paced loops' lateness histogram (lateness.h): buckets, the missed-deadline count, the maximum, and
 * percentiles as bucket edges never above the maximum; early blocks count as on time and a huge stall
 * lands in the overflow bucket.
 */
#include <stdint.h>
#include <stdio.h>

#include "check.h"

#include "lateness.h"

static void test_empty(void)
{
    struct lateness lateness = { 0 };
    check(lateness_percentile(&lateness, 0.99) == 0, "no blocks: p99 0");
    check(lateness.count == 0 && lateness.missed == 0 && lateness.max_microseconds == 0, "zeroed is empty");
}

static void test_percentiles(void)
{
    struct lateness lateness;
    lateness_reset(&lateness);
    /* 99 blocks 50 us late (first bucket), one 7.25 ms late */
    for (int i = 0; i < 99; i++)
        lateness_record(&lateness, 50);
    lateness_record(&lateness, 7250);
    check(lateness.count == 100 && lateness.missed == 0, "100 blocks, none missed");
    check(lateness_percentile(&lateness, 0.99) == 100, "p99 is the first bucket's edge: %lld",
          (long long) lateness_percentile(&lateness, 0.99));
    check(lateness_percentile(&lateness, 1.0) == 7250, "p100 is the maximum itself, not its bucket's edge: %lld",
          (long long) lateness_percentile(&lateness, 1.0));
    check(lateness_percentile(&lateness, 0.995) == 7250, "p99.5 reaches the late block");
    check(lateness_percentile(&lateness, 0.5) == 100, "the median");
    check(lateness_percentile(&lateness, 0) == 100, "p0 is the first block's bucket");
    check(lateness.max_microseconds == 7250, "the maximum");

    /* a bucket edge above the maximum is cut to it */
    lateness_reset(&lateness);
    lateness_record(&lateness, 1234);
    check(lateness_percentile(&lateness, 0.99) == 1234, "one block: its own lateness");
}

static void test_missed_and_overflow(void)
{
    struct lateness lateness = { 0 };
    lateness_record(&lateness, -500);   /* woke early: on time */
    lateness_record(&lateness, LATENESS_MISSED_MICROSECONDS);       /* exactly one block: still on time */
    lateness_record(&lateness, LATENESS_MISSED_MICROSECONDS + 1);
    lateness_record(&lateness, 2 * 1000 * 1000);                     /* a 2 s stall */
    check(lateness.buckets[0] == 1, "early counts in the first bucket");
    check(lateness.missed == 2, "two blocks more than 20 ms late: %llu", (unsigned long long) lateness.missed);
    check(lateness.buckets[LATENESS_BUCKETS] == 1, "the stall in the overflow bucket");
    check(lateness.max_microseconds == 2 * 1000 * 1000, "the stall is the maximum");
    check(lateness_percentile(&lateness, 1.0) == 2 * 1000 * 1000, "p100 from the overflow bucket is the maximum");
    check(lateness_percentile(&lateness, 0.5) == 20100, "p50 is the 20 ms block's bucket edge: %lld",
          (long long) lateness_percentile(&lateness, 0.5));
}

int main(void)
{
    test_empty();
    test_percentiles();
    test_missed_and_overflow();
    printf("lateness: %d passed, %d failed\n", passed, failed);
    return failed != 0;
}
