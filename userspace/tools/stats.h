/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Latency samples and their percentiles. */
#ifndef __AXIDMA_TOOLS_STATS_H__
#define __AXIDMA_TOOLS_STATS_H__

#include <stddef.h>
#include <stdint.h>

struct stats {
	uint64_t *v;
	size_t n;
	size_t cap;
	int sorted;
};

void stats_init(struct stats *s);
void stats_free(struct stats *s);
void stats_reset(struct stats *s);
/* 0, or -ENOMEM (the sample is dropped) */
int stats_add(struct stats *s, uint64_t v);
/*
 * Nearest-rank percentile (@p in 0..100) of the samples: the smallest
 * value with at least p% of the samples at or below it; 0 without samples.
 */
uint64_t stats_percentile(struct stats *s, double p);
uint64_t stats_min(struct stats *s);
uint64_t stats_max(struct stats *s);
double stats_mean(const struct stats *s);

#endif
