// SPDX-License-Identifier: GPL-2.0-or-later
#include <errno.h>
#include <stdlib.h>

#include "stats.h"

void stats_init(struct stats *s)
{
	s->v = NULL;
	s->n = s->cap = 0;
	s->sorted = 1;
}

void stats_free(struct stats *s)
{
	free(s->v);
	stats_init(s);
}

void stats_reset(struct stats *s)
{
	s->n = 0;
	s->sorted = 1;
}

int stats_add(struct stats *s, uint64_t v)
{
	uint64_t *nv;
	size_t cap;

	if (s->n == s->cap) {
		cap = s->cap ? s->cap * 2 : 1024;
		nv = realloc(s->v, cap * sizeof(*nv));
		if (!nv)
			return -ENOMEM;
		s->v = nv;
		s->cap = cap;
	}
	if (s->n && v < s->v[s->n - 1])
		s->sorted = 0;
	s->v[s->n++] = v;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void stats_sort(struct stats *s)
{
	if (!s->sorted) {
		qsort(s->v, s->n, sizeof(*s->v), cmp_u64);
		s->sorted = 1;
	}
}

uint64_t stats_percentile(struct stats *s, double p)
{
	double r;
	size_t rank;

	if (!s->n)
		return 0;
	stats_sort(s);
	if (p <= 0)
		return s->v[0];
	if (p >= 100)
		return s->v[s->n - 1];
	/* nearest rank: ceil(p/100 * n), 1-based */
	r = p / 100.0 * (double)s->n;
	rank = (size_t)r;
	if ((double)rank < r - 1e-9)
		rank++;
	if (rank < 1)
		rank = 1;
	if (rank > s->n)
		rank = s->n;
	return s->v[rank - 1];
}

uint64_t stats_min(struct stats *s)
{
	return stats_percentile(s, 0);
}

uint64_t stats_max(struct stats *s)
{
	return stats_percentile(s, 100);
}

double stats_mean(const struct stats *s)
{
	double sum = 0;
	size_t i;

	if (!s->n)
		return 0;
	for (i = 0; i < s->n; i++)
		sum += (double)s->v[i];
	return sum / (double)s->n;
}
