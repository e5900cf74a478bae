/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Helpers shared by the axidma tool's commands. */
#ifndef __AXIDMA_TOOLS_COMMON_H__
#define __AXIDMA_TOOLS_COMMON_H__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses of the tool. */
#define EXIT_USAGE	2	/* bad command line */
#define EXIT_MISMATCH	3	/* data verification failed */

extern const char *progname;

__attribute__((noreturn, format(printf, 1, 2)))
void die(const char *fmt, ...);
/* die() with ": <axidma_strerror(errno)>" appended */
__attribute__((noreturn, format(printf, 1, 2)))
void die_perror(const char *fmt, ...);
/* die() with exit status EXIT_USAGE and a hint to --help */
__attribute__((noreturn, format(printf, 1, 2)))
void die_usage(const char *fmt, ...);

/*
 * "4096", "4K", "4KiB", "1M", "64MiB", "1G" (binary multiples, case does
 * not matter). 0 and -EINVAL/-ERANGE. Pure.
 */
int parse_size(const char *s, uint64_t *out);
/*
 * "1.5", "250ms", "2s", "100us", "10ns", "1m": nanoseconds; a bare number
 * is seconds. 0 or -EINVAL/-ERANGE. Pure.
 */
int parse_duration(const char *s, uint64_t *out_ns);
/* unsigned decimal within [min, max]: 0 or -EINVAL/-ERANGE. Pure. */
int parse_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out);
/*
 * A list of sizes: "4K,64K,1M" or a range "64..64M" (each step x4) or a
 * mix. Writes at most @max sizes; returns the count or -EINVAL/-ERANGE.
 */
int parse_size_list(const char *s, uint64_t *out, size_t max);
/* "4 KiB", "1.5 MiB", "64 B": binary units, into @buf */
const char *format_size(uint64_t n, char *buf, size_t size);
/* now, CLOCK_MONOTONIC, nanoseconds */
uint64_t now_ns(void);

#endif
