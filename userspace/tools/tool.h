/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The axidma tool: its one configuration and its commands. */
#ifndef __AXIDMA_TOOL_H__
#define __AXIDMA_TOOL_H__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MAX_SIZES	64

enum format { FORMAT_TABLE, FORMAT_CSV, FORMAT_JSON };

struct config {
	const char *args[2];	/* CHAN, TX RX, FILE ... */
	size_t nargs;
	bool has_timeout;
	uint64_t timeout_ns;
	bool has_size;
	uint64_t size;
	bool has_count;
	uint64_t count;
	bool has_bytes;
	uint64_t bytes;
	bool has_buffers;
	uint64_t buffers;
	bool has_buffer_size;
	uint64_t buffer_size;
	bool has_depth;
	uint64_t depth;
	bool has_engine_depth;
	uint64_t engine_depth;
	uint64_t sizes[MAX_SIZES];
	size_t nsizes;
	uint64_t duration_ns;
	enum format format;
	uint64_t seed;
	bool quiet;
	bool verbose;
	bool no_progress;
};

/* Transfer timeout for the library: -1 (channel default) unless given. */
static inline int64_t cfg_timeout(const struct config *cfg)
{
	return cfg->has_timeout ? (int64_t)cfg->timeout_ns : -1;
}

struct axidma_chan;
struct axidma_record;

/* Opens @name as its owner for transfers in direction @want, or dies. */
struct axidma_chan *open_owner(const char *name, unsigned int want);
/* Dies with the record's description. */
__attribute__((noreturn))
void die_record(struct axidma_chan *chan, const struct axidma_record *rec);

int cmd_bench(const struct config *cfg);
int cmd_selftest(const struct config *cfg);

#endif
