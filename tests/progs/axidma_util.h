/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axidma_util.h - helpers shared by the driver's functional test programs
 * (axidma_api, axidma_mt): channels of one loopback client, buffers,
 * transfers, records, patterns and the simulator's debugfs knobs.
 *
 * Environment (set by tests/vm/suites/21-driver-api):
 *   AXIDMA_CLIENT  client name (default loop0): /dev/axidma/$AXIDMA_CLIENT/
 *                  holds "tx" (MM2S) and "rx" (S2MM) of one engine whose
 *                  MM2S loops back into its S2MM
 *   AXIDMA_ENGINE  the engine's simulator debugfs directory
 *                  (/sys/kernel/debug/axidma-sim/<dev>); tests that need
 *                  knobs skip without it
 *   AXIDMA_SG      1 (default): scatter-gather mode; 0: direct register
 *                  mode (no residue: S2MM records report the full length)
 * Needs tap.h first.
 */
#ifndef AXIDMA_UTIL_H
#define AXIDMA_UTIL_H

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <linux/axidma.h>

#define MS	1000000ULL
#define SEC	1000000000ULL

static char dev_tx[PATH_MAX], dev_rx[PATH_MAX];
static const char *client = "loop0";
static const char *engine;	/* debugfs directory or NULL */
static int sg_mode = 1;

static inline void util_init(void)
{
	const char *s = getenv("AXIDMA_CLIENT");

	if (s && *s)
		client = s;
	s = getenv("AXIDMA_ENGINE");
	engine = s && *s ? s : NULL;
	s = getenv("AXIDMA_SG");
	sg_mode = !(s && !strcmp(s, "0"));
	snprintf(dev_tx, sizeof(dev_tx), "/dev/axidma/%s/tx", client);
	snprintf(dev_rx, sizeof(dev_rx), "/dev/axidma/%s/rx", client);
}

static inline uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * SEC + t.tv_nsec;
}

static inline void msleep(unsigned int ms)
{
	usleep(ms * 1000);
}

/*
 * Opens a channel. A write open that finds no default direction (providers
 * that report directions per engine) sets it: tx is MM2S, rx is S2MM.
 */
static inline int open_path(const char *path, int flags)
{
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DIRECTION };
	struct axidma_info info;
	int fd = open(path, flags | O_CLOEXEC);

	if (fd < 0)
		TAP_FAIL(1, "open %s: %s", path, strerror(errno));
	if ((flags & O_ACCMODE) == O_RDONLY)
		return fd;
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, AXIDMA_IOC_GET_INFO, &info))
		TAP_FAIL(1, "GET_INFO %s: %s", path, strerror(errno));
	if (!info.direction) {
		c.direction = strstr(path, "/tx") ? AXIDMA_DIR_MEM_TO_DEV :
			      AXIDMA_DIR_DEV_TO_MEM;
		if (ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c))
			TAP_FAIL(1, "set direction of %s: %s", path,
				 strerror(errno));
	}
	return fd;
}

static inline int open_tx(void) { return open_path(dev_tx, O_RDWR); }
static inline int open_rx(void) { return open_path(dev_rx, O_RDWR); }

static inline void set_bufs(int fd, unsigned int count, unsigned long long size)
{
	struct axidma_buffers b = { .count = count, .size = size };

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &b));
}

static inline int try_set_bufs(int fd, unsigned int count,
			       unsigned long long size)
{
	struct axidma_buffers b = { .count = count, .size = size };

	return ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &b);
}

static inline void get_info(int fd, struct axidma_info *info)
{
	memset(info, 0, sizeof(*info));
	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_INFO, info));
}

static inline void get_status(int fd, struct axidma_status *st)
{
	memset(st, 0, sizeof(*st));
	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_STATUS, st));
}

static inline int set_config(int fd, uint32_t flags, uint32_t depth,
			     uint64_t timeout, uint32_t dir)
{
	struct axidma_config c = { .flags = flags, .depth = depth,
				   .timeout_ns = timeout, .direction = dir };

	return ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c);
}

static inline unsigned char *map_buf(int fd, unsigned int idx)
{
	struct axidma_buffer b = { .index = idx };
	void *p;

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_BUFFER, &b));
	p = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 b.offset);
	if (p == MAP_FAILED)
		TAP_FAIL(1, "mmap buffer %u: %s", idx, strerror(errno));
	return p;
}

static inline struct axidma_xfer xfer(unsigned int buf, uint64_t off,
				      uint64_t len, uint64_t tag)
{
	return (struct axidma_xfer){ .buf = buf, .offset = off,
				     .length = len, .tag = tag };
}

/* Submits @n transfers, all must be accepted; returns the first id. */
static inline uint64_t submit_n(int fd, struct axidma_xfer *x, unsigned int n)
{
	struct axidma_submit s = { .xfers = (uintptr_t)x, .count = n };

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_EQ(s.submitted, n);
	ASSERT_EQ(s.error_index, n);
	return s.first_id;
}

static inline uint64_t submit(int fd, unsigned int buf, uint64_t off,
			      uint64_t len, uint64_t tag, uint32_t flags,
			      uint64_t timeout)
{
	struct axidma_xfer x = xfer(buf, off, len, tag);

	x.flags = flags;
	x.timeout_ns = timeout;
	return submit_n(fd, &x, 1);
}

/*
 * WAIT: @flags and @id as in struct axidma_wait, @timeout used with
 * AXIDMA_WAIT_TIMEOUT. Returns the ioctl's result; *@count the records.
 */
static inline int wait_recs(int fd, uint32_t flags, uint64_t id,
			    uint64_t timeout, struct axidma_completion *rec,
			    unsigned int max, unsigned int *count)
{
	struct axidma_wait w = {
		.records = (uintptr_t)rec, .max_records = max,
		.flags = flags, .id = id,
		.timeout_ns = flags & AXIDMA_WAIT_TIMEOUT ? timeout : 0,
	};
	int ret;

	memset(rec, 0, sizeof(*rec) * max);
	ret = ioctl(fd, AXIDMA_IOC_WAIT, &w);
	if (count)
		*count = ret ? 0 : w.count;
	return ret;
}

/* Waits up to @timeout ns for @id; reads exactly one record. */
static inline int wait_id(int fd, uint64_t id, uint64_t timeout,
			  struct axidma_completion *rec)
{
	unsigned int n;
	int ret = wait_recs(fd, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, id,
			    timeout, rec, 1, &n);

	if (!ret && n != 1) {
		errno = EPROTO;
		return -1;
	}
	return ret;
}

/* Waits for @id and asserts that its record is the one read, DONE. */
static inline void wait_done(int fd, uint64_t id, struct axidma_completion *rec)
{
	ASSERT_OK(wait_id(fd, id, 5 * SEC, rec));
	ASSERT_EQ(rec->id, id);
	EXPECT_EQ(rec->status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec->error, 0);
}

static inline unsigned char pat(size_t i, unsigned int seed)
{
	return (unsigned char)(i * 131 + seed * 7 + (i >> 8) * 3 + (seed >> 8));
}

static inline void pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = pat(i, seed);
}

/* Index of the first byte that is not pattern @seed, or @len. */
static inline size_t check_pattern(const unsigned char *p, size_t len,
				   unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != pat(i, seed))
			return i;
	return len;
}

/* Index of the first byte that is not @c, or @len. */
static inline size_t check_fill(const unsigned char *p, size_t len,
				unsigned char c)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != c)
			return i;
	return len;
}

/* Bytes an S2MM record reports for a packet of @got bytes (docs/uapi.md). */
static inline uint64_t rx_bytes(const struct axidma_completion *rec,
				uint64_t got)
{
	return sg_mode ? got : rec->length;
}

/* --- the simulator's debugfs ------------------------------------------- */

static inline int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -1;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -1;
	if (close(fd))
		ret = -1;
	return ret;
}

static inline long read_long(const char *path)
{
	char buf[64] = "";
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 0) : -1;
}

/* Writes @val to knob @knob of channel @chan ("mm2s", "s2mm", NULL: engine). */
static inline int sim_knob(const char *chan, const char *knob, const char *val)
{
	char path[PATH_MAX];

	if (!engine)
		return -1;
	if (chan)
		snprintf(path, sizeof(path), "%s/%s/%s", engine, chan, knob);
	else
		snprintf(path, sizeof(path), "%s/%s", engine, knob);
	return write_file(path, val);
}

#define NEED_ENGINE() do {						\
		if (!engine)						\
			SKIP("no simulator knobs (AXIDMA_ENGINE unset)"); \
	} while (0)

#define KNOB(chan, knob, val) do {					\
		if (sim_knob(chan, knob, val))				\
			TAP_FAIL(1, "knob %s/%s=%s: %s", chan ? chan : "", \
				 knob, val, strerror(errno));		\
	} while (0)

/* Every test starts with quiet knobs and an empty loopback FIFO. */
static inline void sim_reset(void)
{
	static const char * const knobs[] = {
		"stall", "error_on_bd", "error_completes", "delay_us",
		"bandwidth",
	};
	unsigned int i;

	if (!engine)
		return;
	for (i = 0; i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		sim_knob("mm2s", knobs[i], "0");
		sim_knob("s2mm", knobs[i], "0");
	}
	sim_knob("mm2s", "short_by", "0");
	sim_knob("mm2s", "drop_tlast", "0");
	sim_knob(NULL, "fifo", "0");
}

/* sysfs attribute @attr of channel @name ("tx"/"rx") as a number. */
static inline long long sysfs_num(const char *name, const char *attr)
{
	char path[PATH_MAX], buf[64] = "";
	int fd;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/class/axidma/%s:%s/%s", client,
		 name, attr);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtoll(buf, NULL, 0) : -1;
}

#endif /* AXIDMA_UTIL_H */
