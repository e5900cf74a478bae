// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Host unit tests of libaxidma's pure logic and the tool's parsers: name
 * parsing, error words, record descriptions, batches, record buffers, the
 * pattern generator and checker, enumeration of a fake sysfs tree, size
 * and duration parsing, percentiles. TAP output; no device needed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#if TOOLS
#include "common.h"
#include "stats.h"
#endif

static int n_tests, n_failed;

__attribute__((format(printf, 2, 3)))
static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	n_tests++;
	if (!cond)
		n_failed++;
	printf("%sok %d - ", cond ? "" : "not ", n_tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* an error return with exactly @err in errno */
#define OK_ERRNO(expr, err, name) do {					\
	errno = 0;							\
	int _failed = (expr);						\
	int _e = errno;							\
	ok(_failed && _e == (err), "%s: %s (errno %d)", name, #err, _e); \
} while (0)

static void test_names(void)
{
	char path[128], *p;

	ok(!axidma_parse_chan_name("loop0/rx", path, sizeof(path)) &&
	   !strcmp(path, "/dev/axidma/loop0/rx"), "client/name -> %s", path);
	ok(!axidma_parse_chan_name("loop0:tx", path, sizeof(path)) &&
	   !strcmp(path, "/dev/axidma/loop0/tx"), "client:name -> %s", path);
	ok(!axidma_parse_chan_name("/dev/axidma/a/b", path, sizeof(path)) &&
	   !strcmp(path, "/dev/axidma/a/b"), "absolute path taken as is");
	ok(!axidma_parse_chan_name("a.b:c:rx", path, sizeof(path)) &&
	   !strcmp(path, "/dev/axidma/a.b:c/rx"), "sysfs name split at the last ':'");
	ok(axidma_parse_chan_name("", path, sizeof(path)) == -EINVAL, "empty: EINVAL");
	ok(axidma_parse_chan_name("loop0", path, sizeof(path)) == -EINVAL,
	   "bare word: EINVAL");
	ok(axidma_parse_chan_name("a/b/c", path, sizeof(path)) == -EINVAL,
	   "two slashes: EINVAL");
	ok(axidma_parse_chan_name("/rx", path, sizeof(path)) == 0,
	   "absolute \"/rx\" accepted as a path");
	ok(axidma_parse_chan_name("loop0/", path, sizeof(path)) == -EINVAL,
	   "empty name: EINVAL");
	ok(axidma_parse_chan_name(":rx", path, sizeof(path)) == -EINVAL,
	   "empty client: EINVAL");
	ok(axidma_parse_chan_name("../rx", path, sizeof(path)) == -EINVAL,
	   "\"..\" client: EINVAL");
	ok(axidma_parse_chan_name("loop0/.", path, sizeof(path)) == -EINVAL,
	   "\".\" name: EINVAL");
	ok(axidma_parse_chan_name("0123456789012345678901234567890123/rx", path,
				  sizeof(path)) == -EINVAL,
	   "client of 32+ characters: EINVAL");
	ok(axidma_parse_chan_name("loop0/rx", path, 10) == -EINVAL,
	   "too small a buffer: EINVAL");

	p = axidma_chan_resolve("c/n");
	ok(p && !strcmp(p, "/dev/axidma/c/n"), "resolve c/n");
	free(p);
	OK_ERRNO(axidma_chan_resolve("nope") == NULL, EINVAL, "resolve bare word");
	OK_ERRNO(axidma_chan_resolve(NULL) == NULL, EINVAL, "resolve NULL");
	OK_ERRNO(axidma_chan_open("nope", 0) == NULL, EINVAL, "open a bad name");
	OK_ERRNO(axidma_chan_open("c/n", 0x80) == NULL, EINVAL, "open unknown flags");
	OK_ERRNO(axidma_chan_open("no-such-client/rx", 0) == NULL, ENOENT,
		 "open a missing channel");
	OK_ERRNO(axidma_chan_open("/dev/null", AXIDMA_OPEN_READ_ONLY) == NULL,
		 ENOTTY, "open a device that is not axidma");

	ok(axidma_dir_from_name("tx") == AXIDMA_DIRECTION_MEM_TO_DEV &&
	   axidma_dir_from_name("tx1") == AXIDMA_DIRECTION_MEM_TO_DEV &&
	   axidma_dir_from_name("rx0") == AXIDMA_DIRECTION_DEV_TO_MEM &&
	   axidma_dir_from_name("data") == AXIDMA_DIRECTION_NONE,
	   "direction from the dma-name");
	ok(!strcmp(axidma_direction_name(AXIDMA_DIRECTION_BOTH), "both") &&
	   !strcmp(axidma_direction_name(AXIDMA_DIRECTION_DEV_TO_MEM), "dev-to-mem") &&
	   !strcmp(axidma_direction_name(9), "unknown"), "direction names");
}

static void test_strings(void)
{
	ok(strstr(axidma_strerror(ETIMEDOUT), "timed out") != NULL,
	   "strerror ETIMEDOUT: %s", axidma_strerror(ETIMEDOUT));
	ok(strstr(axidma_strerror(EIO), "engine reported an error") != NULL,
	   "strerror EIO: %s", axidma_strerror(EIO));
	ok(strstr(axidma_strerror(ECANCELED), "aborted") != NULL,
	   "strerror ECANCELED: %s", axidma_strerror(ECANCELED));
	ok(!strcmp(axidma_strerror(EINVAL), "bad argument"), "strerror EINVAL");
	ok(!strcmp(axidma_strerror(EPIPE), strerror(EPIPE)),
	   "strerror falls back to strerror()");
	ok(!strcmp(axidma_chan_state_name(AXIDMA_CHAN_ERROR), "error") &&
	   !strcmp(axidma_record_status_name(AXIDMA_RECORD_TIMEDOUT), "timed out") &&
	   !strcmp(axidma_engine_result_name(AXIDMA_ENGINE_READ_FAILED), "read failed") &&
	   !strcmp(axidma_engine_result_name(AXIDMA_ENGINE_NONE), "nothing reported"),
	   "state, status and result names");
	ok(!strcmp(axidma_api_version(), AXIDMA_VERSION_STR), "version %s",
	   axidma_api_version());
}

static void test_records(void)
{
	struct axidma_record_buffer *rb;
	struct axidma_record r, *copy;
	char msg[200];
	int n;

	memset(&r, 0, sizeof(r));
	r.c.id = 7;
	r.c.length = 4096;
	r.c.bytes = 4096;
	r.c.status = AXIDMA_STATUS_DONE;
	r.c.result = AXIDMA_RESULT_NOERROR;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(!strcmp(msg, "transfer 7 done: 4096 of 4096 bytes"), "done: %s", msg);
	ok(axidma_record_is_ok(&r) && axidma_record_get_error(&r) == 0 &&
	   axidma_record_get_engine_result(&r) == AXIDMA_ENGINE_NOERROR,
	   "done record getters");

	r.c.status = AXIDMA_STATUS_ERROR;
	r.c.result = AXIDMA_RESULT_READ_FAILED;
	r.c.error = -EIO;
	r.c.bytes = 0;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(!strcmp(msg, "transfer 7 failed: the DMA engine reported an error (read failed), 0 of 4096 bytes moved"),
	   "engine error: %s", msg);
	ok(!axidma_record_is_ok(&r) && axidma_record_get_error(&r) == EIO &&
	   axidma_record_get_engine_result(&r) == AXIDMA_ENGINE_READ_FAILED,
	   "error record getters");

	r.c.result = AXIDMA_RESULT_NONE;
	r.c.error = -ENOMEM;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(strstr(msg, "refused to prepare it") != NULL, "refused: %s", msg);

	r.c.status = AXIDMA_STATUS_TIMEDOUT;
	r.c.error = -ETIMEDOUT;
	r.c.ts_issue = 1000000;
	r.c.ts_complete = 51000000;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(!strcmp(msg, "transfer 7 timed out after 50.000 ms: the DMA engine did not finish it"),
	   "timeout: %s", msg);
	ok(axidma_record_get_engine_result(&r) == AXIDMA_ENGINE_NONE,
	   "no result from the provider is AXIDMA_ENGINE_NONE");

	r.c.status = AXIDMA_STATUS_ABORTED;
	r.c.error = -ECANCELED;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(!strcmp(msg, "transfer 7 aborted: the channel was stopped or closed"),
	   "aborted: %s", msg);
	r.c.ts_issue = 0;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(strstr(msg, "before it started") != NULL, "aborted early: %s", msg);
	r.c.error = -ENODEV;
	axidma_record_describe(&r, msg, sizeof(msg));
	ok(strstr(msg, "device went away") != NULL, "aborted by removal: %s", msg);
	n = axidma_record_describe(&r, msg, 8);
	ok(n > 8 && strlen(msg) == 7, "describe truncates and returns the full length");

	copy = axidma_record_copy(&r);
	ok(copy && axidma_record_get_id(copy) == 7, "record copy");
	axidma_record_free(copy);

	OK_ERRNO(axidma_record_buffer_new(0) == NULL, EINVAL, "record buffer of 0");
	rb = axidma_record_buffer_new(3);
	ok(rb && axidma_record_buffer_get_capacity(rb) == 3 &&
	   axidma_record_buffer_get_count(rb) == 0, "record buffer of 3, empty");
	OK_ERRNO(axidma_record_buffer_get_record(rb, 0) == NULL, EINVAL,
		 "record past the count");
	rb->count = 2;
	rb->recs[1].c.id = 9;
	ok(axidma_record_get_id(axidma_record_buffer_get_record(rb, 1)) == 9,
	   "record by index");
	axidma_record_buffer_free(rb);
}

static void test_batch(void)
{
	struct axidma_batch *b;

	OK_ERRNO(axidma_batch_new(0) == NULL, EINVAL, "batch of 0");
	b = axidma_batch_new(2);
	ok(b && axidma_batch_get_capacity(b) == 2 && !axidma_batch_get_count(b),
	   "batch of 2");
	ok(axidma_batch_add(b, 0, 0, 100, 1) == 0, "add entry 0");
	OK_ERRNO(axidma_batch_add(b, 0, 0, 0, 1) < 0, EINVAL, "add length 0");
	ok(axidma_batch_add(b, 1, 64, 100, 2) == 1, "add entry 1");
	OK_ERRNO(axidma_batch_add(b, 0, 0, 1, 1) < 0, ENOSPC, "add to a full batch");
	ok(!axidma_batch_set_timeout(b, 1, 5000) &&
	   b->xfers[1].flags == AXIDMA_XFER_TIMEOUT && b->xfers[1].timeout_ns == 5000,
	   "per-entry timeout sets the uapi flag");
	OK_ERRNO(axidma_batch_set_timeout(b, 2, 1) < 0, EINVAL, "timeout past the count");
	ok(!axidma_batch_set_direction(b, 0, AXIDMA_DIRECTION_DEV_TO_MEM) &&
	   b->xfers[0].flags == AXIDMA_XFER_DEV_TO_MEM && b->explicit_dir[0],
	   "per-entry direction");
	OK_ERRNO(axidma_batch_set_direction(b, 0, AXIDMA_DIRECTION_BOTH) < 0,
		 EINVAL, "direction both is refused");
	ok(!axidma_batch_set_direction(b, 0, AXIDMA_DIRECTION_NONE) &&
	   !b->xfers[0].flags && !b->explicit_dir[0], "direction none clears it");
	ok(axidma_batch_get_error_index(b) == 2, "error index is the count");
	axidma_batch_clear(b);
	ok(!axidma_batch_get_count(b), "clear");
	axidma_batch_free(b);
}

static void test_pattern(void)
{
	static unsigned char a[8192], c[8192];
	size_t bad = 12345, off;
	int good = 1;

	axidma_pattern_fill(a, sizeof(a), 1, 0);
	ok(axidma_pattern_check(a, sizeof(a), 1, 0, &bad) && bad == 12345,
	   "a pattern checks against itself");
	ok(!axidma_pattern_check(a, sizeof(a), 2, 0, &bad) && bad < 8,
	   "another seed differs at once (byte %zu)", bad);
	ok(!axidma_pattern_check(a + 8, 64, 1, 0, NULL),
	   "a shifted slice does not match");
	/* any slice, at any alignment, is the same stream */
	for (off = 0; off < 24 && good; off++) {
		axidma_pattern_fill(c, 100, 1, off);
		good = !memcmp(c, a + off, 100) &&
		       axidma_pattern_check(a + off, 1000, 1, off, NULL);
	}
	ok(good, "slices at offsets 0..23 match the whole");
	a[4097] ^= 0x10;
	ok(!axidma_pattern_check(a, sizeof(a), 1, 0, &bad) && bad == 4097,
	   "a flipped bit is found at its byte (%zu)", bad);
	a[4097] ^= 0x10;
	a[8191] ^= 1;
	ok(!axidma_pattern_check(a, sizeof(a), 1, 0, &bad) && bad == 8191,
	   "a flipped last byte is found");
	ok(!axidma_pattern_check(a + 3, 8189, 1, 3, &bad) && bad == 8188,
	   "found from an unaligned start too (%zu)", bad);
	memset(c, 0, sizeof(c));
	ok(!axidma_pattern_check(c, sizeof(c), 1, 0, NULL),
	   "zeroes are not a pattern");
	ok(axidma_pattern_check(c, 0, 1, 0, NULL), "an empty slice matches");
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void make_chan(const char *root, const char *client, const char *name)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s:%s", root, client, name);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/%s:%s/client", root, client, name);
	write_file(p, client);
	strcat(p, "");
	snprintf(p, sizeof(p), "%s/%s:%s/name", root, client, name);
	write_file(p, name);
}

static void test_list(void)
{
	char root[] = "/tmp/axidma-unit-XXXXXX", p[512];
	struct axidma_chan_list *l;

	OK_ERRNO(axidma_chan_list_new_at("/nonexistent/axidma", "/dev/axidma") == NULL,
		 ENOENT, "list without the class directory");
	if (!mkdtemp(root)) {
		ok(0, "mkdtemp");
		return;
	}
	l = axidma_chan_list_new_at(root, "/dev/axidma");
	ok(l && axidma_chan_list_get_count(l) == 0, "empty class: empty list");
	axidma_chan_list_free(l);

	make_chan(root, "loop1", "tx");
	make_chan(root, "loop0", "rx");
	make_chan(root, "loop0", "tx");
	l = axidma_chan_list_new_at(root, "/dev/axidma");
	ok(l && axidma_chan_list_get_count(l) == 3, "three channels");
	if (l && axidma_chan_list_get_count(l) == 3) {
		ok(!strcmp(axidma_chan_list_get_name(l, 0), "loop0/rx") &&
		   !strcmp(axidma_chan_list_get_name(l, 1), "loop0/tx") &&
		   !strcmp(axidma_chan_list_get_name(l, 2), "loop1/tx"),
		   "sorted by client, then name");
		ok(!strcmp(axidma_chan_list_get_path(l, 2), "/dev/axidma/loop1/tx") &&
		   !strcmp(axidma_chan_list_get_client(l, 2), "loop1") &&
		   !strcmp(axidma_chan_list_get_dma_name(l, 2), "tx"),
		   "path, client and dma-name");
		OK_ERRNO(axidma_chan_list_get_name(l, 3) == NULL, EINVAL,
			 "entry past the end");
	}
	axidma_chan_list_free(l);

	snprintf(p, sizeof(p), "rm -rf '%s'", root);
	if (system(p))
		ok(0, "cleanup");
}

#if TOOLS
static void test_parsers(void)
{
	uint64_t v = 0, list[16];
	int n;

	ok(!parse_size("4096", &v) && v == 4096, "size 4096");
	ok(!parse_size("4K", &v) && v == 4096, "size 4K");
	ok(!parse_size("64MiB", &v) && v == 64ULL << 20, "size 64MiB");
	ok(!parse_size("1g", &v) && v == 1ULL << 30, "size 1g");
	ok(parse_size("4X", &v) == -EINVAL, "size 4X: EINVAL");
	ok(parse_size("-1", &v) == -EINVAL, "size -1: EINVAL");
	ok(parse_size("", &v) == -EINVAL, "size empty: EINVAL");
	ok(parse_size("99999999999999999999", &v) == -ERANGE, "size overflow: ERANGE");
	ok(parse_size("17179869184G", &v) == -ERANGE, "size G overflow: ERANGE");
	ok(!parse_duration("250ms", &v) && v == 250000000ULL, "duration 250ms");
	ok(!parse_duration("1.5", &v) && v == 1500000000ULL, "duration 1.5 (s)");
	ok(!parse_duration("100us", &v) && v == 100000ULL, "duration 100us");
	ok(!parse_duration("0", &v) && v == 0, "duration 0");
	ok(!parse_duration("2m", &v) && v == 120000000000ULL, "duration 2m");
	ok(parse_duration("5 s", &v) == -EINVAL, "duration '5 s': EINVAL");
	ok(parse_duration("ms", &v) == -EINVAL, "duration 'ms': EINVAL");
	ok(!parse_uint("12", 1, 20, &v) && v == 12, "uint 12");
	ok(parse_uint("0", 1, 20, &v) == -ERANGE, "uint below min: ERANGE");
	ok(parse_uint("21", 1, 20, &v) == -ERANGE, "uint above max: ERANGE");
	ok(parse_uint("1x", 1, 20, &v) == -EINVAL, "uint 1x: EINVAL");
	n = parse_size_list("64..64M", list, 16);
	ok(n == 11 && list[0] == 64 && list[1] == 256 && list[10] == 64ULL << 20,
	   "range 64..64M is 11 sizes x4 (%d)", n);
	n = parse_size_list("4K,1M", list, 16);
	ok(n == 2 && list[0] == 4096 && list[1] == 1 << 20, "list 4K,1M");
	n = parse_size_list("1K,8..32", list, 16);
	ok(n == 3 && list[1] == 8 && list[2] == 32, "list and range mixed");
	ok(parse_size_list("1K,,", list, 16) == 1, "empty items are skipped");
	ok(parse_size_list("0", list, 16) == -EINVAL, "size 0 in a list: EINVAL");
	ok(parse_size_list("1M..1K", list, 16) == -EINVAL, "backwards range: EINVAL");
	ok(parse_size_list("1..1G", list, 4) == -ERANGE, "too many sizes: ERANGE");
	ok(parse_size_list(",", list, 4) == -EINVAL, "no size: EINVAL");
}

static void test_format(void)
{
	char b[32];

	ok(!strcmp(format_size(64, b, sizeof(b)), "64 B"), "format 64 B");
	ok(!strcmp(format_size(4096, b, sizeof(b)), "4 KiB"), "format 4 KiB");
	ok(!strcmp(format_size(1536 * 1024, b, sizeof(b)), "1.5 MiB"),
	   "format 1.5 MiB");
	ok(!strcmp(format_size(8388600, b, sizeof(b)), "8.0 MiB"), "format 8.0 MiB");
}

static void test_stats(void)
{
	struct stats s;
	uint64_t i;

	stats_init(&s);
	ok(stats_percentile(&s, 50) == 0 && stats_mean(&s) == 0,
	   "no samples: 0");
	stats_add(&s, 42);
	ok(stats_percentile(&s, 50) == 42 && stats_percentile(&s, 99) == 42,
	   "one sample is every percentile");
	stats_reset(&s);
	for (i = 100; i >= 1; i--)	/* out of order on purpose */
		stats_add(&s, i);
	ok(stats_percentile(&s, 50) == 50, "p50 of 1..100 is 50");
	ok(stats_percentile(&s, 99) == 99, "p99 of 1..100 is 99");
	ok(stats_percentile(&s, 99.5) == 100, "p99.5 of 1..100 is 100");
	ok(stats_min(&s) == 1 && stats_max(&s) == 100, "min and max");
	ok(stats_mean(&s) == 50.5, "mean 50.5");
	stats_reset(&s);
	for (i = 1; i <= 10; i++)
		stats_add(&s, i * 10);
	ok(stats_percentile(&s, 50) == 50 && stats_percentile(&s, 90) == 90 &&
	   stats_percentile(&s, 91) == 100, "nearest rank on 10 samples");
	for (i = 0; i < 5000; i++)
		stats_add(&s, 7);
	ok(s.n == 5010 && stats_percentile(&s, 50) == 7, "grows past its first block");
	stats_free(&s);
}
#endif

int main(void)
{
	test_names();
	test_strings();
	test_records();
	test_batch();
	test_pattern();
	test_list();
#if TOOLS
	test_parsers();
	test_format();
	test_stats();
#endif
	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
