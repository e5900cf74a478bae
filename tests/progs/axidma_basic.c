// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_basic - first tests of the axidma character devices against a
 * loopback engine (the simulator: MM2S feeds S2MM).
 *
 * Environment:
 *   AXIDMA_CLIENT  client name (default loop0): /dev/axidma/$AXIDMA_CLIENT/
 *                  must hold "tx" (MM2S) and "rx" (S2MM) of one engine
 *   AXIDMA_ENGINE  optional: the engine's simulator debugfs directory
 *                  (/sys/kernel/debug/axidma-sim/<dev>) for the stall test
 *   AXIDMA_SG      1 (default) if the engine runs in scatter-gather mode,
 *                  0 for direct register mode (skips the batching test)
 *   AXIDMA_UNBIND  1 to run the unbind test (unbinds and rebinds the
 *                  client device)
 * Arguments: names of tests to run (default all).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>

#include <linux/axidma.h>

#include "tap.h"

#define MS	1000000ULL

static char dev_tx[PATH_MAX], dev_rx[PATH_MAX];
static const char *client;

static int open_ch(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DIRECTION };

	if (fd < 0)
		TAP_FAIL(1, "open %s: %s", path, strerror(errno));
	/*
	 * Providers that report directions per device (AXI DMA) leave the
	 * channel's direction to the user: tx is MM2S, rx is S2MM.
	 */
	if ((flags & O_ACCMODE) != O_RDONLY) {
		c.direction = path == dev_tx ? AXIDMA_DIR_MEM_TO_DEV :
			      AXIDMA_DIR_DEV_TO_MEM;
		if (ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c))
			TAP_FAIL(1, "set direction of %s: %s", path,
				 strerror(errno));
	}
	return fd;
}

static void set_bufs(int fd, unsigned int count, unsigned long long size)
{
	struct axidma_buffers b = { .count = count, .size = size };

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &b));
}

static void get_info(int fd, struct axidma_info *info)
{
	memset(info, 0, sizeof(*info));
	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_INFO, info));
}

static unsigned char *map_buf(int fd, unsigned int idx)
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

static uint64_t submit(int fd, unsigned int buf, uint64_t off, uint64_t len,
		       uint64_t tag, uint32_t flags, uint64_t timeout)
{
	struct axidma_xfer x = {
		.buf = buf, .offset = off, .length = len, .tag = tag,
		.flags = flags, .timeout_ns = timeout,
	};
	struct axidma_submit s = {
		.xfers = (uintptr_t)&x, .count = 1,
	};

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_EQ(s.submitted, 1);
	return s.first_id;
}

/* Waits (up to @timeout ns) for @id, reads one record into @rec. */
static int wait_id(int fd, uint64_t id, uint64_t timeout,
		   struct axidma_completion *rec)
{
	struct axidma_wait w = {
		.records = (uintptr_t)rec, .max_records = 1,
		.flags = AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT,
		.id = id, .timeout_ns = timeout,
	};
	int ret;

	memset(rec, 0, sizeof(*rec));
	ret = ioctl(fd, AXIDMA_IOC_WAIT, &w);
	if (!ret && w.count != 1) {
		errno = EPROTO;
		return -1;
	}
	return ret;
}

static void pattern(unsigned char *p, size_t len, unsigned int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 7 + seed + (i >> 8));
}

static size_t first_mismatch(const unsigned char *a, const unsigned char *b,
			     size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (a[i] != b[i])
			return i;
	return len;
}

/*
 * Bytes an S2MM record reports for a packet of @want bytes: in direct
 * register mode the AXI DMA provider reports no residue, so the record
 * says the full length (docs/uapi.md, "Received length").
 */
static uint64_t rx_bytes(const struct axidma_completion *rec, uint64_t want)
{
	const char *sg = getenv("AXIDMA_SG");

	return sg && !strcmp(sg, "0") ? rec->length : want;
}

static int sim_knob(const char *chan, const char *knob, const char *val)
{
	const char *eng = getenv("AXIDMA_ENGINE");
	char path[PATH_MAX];
	FILE *f;
	int ret;

	if (!eng || !*eng)
		return -1;
	snprintf(path, sizeof(path), "%s/%s/%s", eng, chan, knob);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ret = fputs(val, f) < 0;
	ret |= fclose(f) != 0;
	return ret ? -1 : 0;
}

/* ------------------------------------------------------------------------ */

TEST(info)
{
	struct axidma_info ti, ri;
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);

	get_info(tx, &ti);
	get_info(rx, &ri);
	EXPECT_EQ(ti.abi_version, AXIDMA_ABI_VERSION);
	EXPECT_TRUE(ti.directions & AXIDMA_DIR_MEM_TO_DEV);
	EXPECT_TRUE(ri.directions & AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(ti.direction, AXIDMA_DIR_MEM_TO_DEV);
	EXPECT_EQ(ri.direction, AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(strcmp(ti.name, "tx"), 0);
	EXPECT_EQ(strcmp(ri.name, "rx"), 0);
	EXPECT_EQ(strcmp(ti.client, client), 0);
	EXPECT_TRUE(ti.caps & AXIDMA_CAP_OWNER);
	EXPECT_TRUE(ri.caps & AXIDMA_CAP_BYTES_EXACT);
	EXPECT_GE(ti.max_xfer_len, 4096);
	EXPECT_GE(ti.align, 1);
	EXPECT_EQ(ti.align & (ti.align - 1), 0);
	EXPECT_GE(ti.queue_size, 4);
	EXPECT_GE(ti.depth, 1);
	EXPECT_EQ(ti.buf_stride, ti.buf_size);
	EXPECT_EQ(ti.buf_size % getpagesize(), 0);
	tap_diag("tx: max %llu align %u width %u depth %u queue %u bufs %u x %llu",
		 (unsigned long long)ti.max_xfer_len, ti.align, ti.addr_width,
		 ti.depth, ti.queue_size, ti.buf_count,
		 (unsigned long long)ti.buf_size);
	/* unknown ioctl, reserved fields, unknown flags */
	EXPECT_ERRNO(ENOTTY, ioctl(tx, _IO(AXIDMA_IOC_MAGIC, 0x3f)));
	{
		struct axidma_buffers b = { .count = 1, .size = 4096 };

		b.reserved[1] = 1;
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SET_BUFFERS, &b));
		b.reserved[1] = 0;
		b.flags = 0x80;
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SET_BUFFERS, &b));
	}
	{
		struct axidma_config c = { .flags = 1u << 31 };

		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SET_CONFIG, &c));
		c.flags = AXIDMA_CONFIG_DIRECTION;
		c.direction = AXIDMA_DIR_MEM_TO_DEV | AXIDMA_DIR_DEV_TO_MEM;
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SET_CONFIG, &c));
		c.flags = AXIDMA_CONFIG_DEPTH;
		c.direction = 0;
		c.depth = 0;
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SET_CONFIG, &c));
	}
	close(tx);
	close(rx);
}

TEST(ownership)
{
	int tx = open_ch(dev_tx, O_RDWR), ro, tx2;
	struct axidma_info info;
	struct axidma_status st;
	struct axidma_xfer x = { .length = 64 };
	struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_WRONLY));
	ro = open_ch(dev_tx, O_RDONLY);
	get_info(ro, &info);
	EXPECT_EQ(info.caps & AXIDMA_CAP_OWNER, 0);
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_TRUE(st.flags & AXIDMA_STATUS_OWNED);
	EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_STOP));
	EXPECT_ERRNO(EACCES, (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED,
					ro, 0));
	close(tx);
	/* the channel is free again */
	tx2 = open_ch(dev_tx, O_RDWR);
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_TRUE(st.flags & AXIDMA_STATUS_OWNED);
	close(tx2);
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.flags & AXIDMA_STATUS_OWNED, 0);
	close(ro);
}

TEST(buffers_mmap)
{
	int tx = open_ch(dev_tx, O_RDWR);
	long pg = getpagesize();
	struct axidma_info info;
	struct axidma_buffer b = { .index = 2 };
	unsigned char *p, *q;
	size_t i;

	set_bufs(tx, 3, 3 * pg + 1);
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, 3);
	EXPECT_EQ(info.buf_size, 4 * pg);
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));
	EXPECT_EQ(b.offset, 2 * info.buf_stride);
	EXPECT_EQ(b.size, 4 * pg);
	if (geteuid())
		EXPECT_EQ(b.dma_addr, 0);
	b.index = 3;
	b.offset = 0;
	b.size = 0;
	b.dma_addr = 0;
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));

	/* private mappings, out of range offsets and lengths are refused */
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE, tx, 0));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_SHARED, tx,
					3 * info.buf_stride));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, 5 * pg, PROT_READ, MAP_SHARED,
					tx, 0));

	/* zeroed, and the same memory through two mappings */
	p = map_buf(tx, 1);
	for (i = 0; i < info.buf_size; i++)
		if (p[i])
			break;
	EXPECT_EQ(i, info.buf_size);
	q = mmap(NULL, pg, PROT_READ, MAP_SHARED, tx, info.buf_stride + pg);
	ASSERT_NE((long)q, (long)MAP_FAILED);
	p[pg + 5] = 0xa5;
	EXPECT_EQ(q[5], 0xa5);

	/* no new geometry while mapped */
	{
		struct axidma_buffers nb = { .count = 2, .size = pg };

		EXPECT_ERRNO(EBUSY, ioctl(tx, AXIDMA_IOC_SET_BUFFERS, &nb));
	}
	munmap(q, pg);
	/* munmap after close: the memory stays valid */
	close(tx);
	p[0] = 1;
	EXPECT_EQ(p[pg + 5], 0xa5);
	/* the mapping holds the file: the channel is still owned */
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	munmap(p, info.buf_size);
	tx = open_ch(dev_tx, O_RDWR);
	set_bufs(tx, 4, 65536);
	close(tx);
}

/* Sends @len bytes from tx buffer 0 into rx buffer 0, checks the data. */
static void loopback_once(int tx, int rx, unsigned char *tp, unsigned char *rp,
			  size_t len, unsigned int seed)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	pattern(tp, len, seed);
	memset(rp, 0, len);
	rid = submit(rx, 0, 0, len, 0x1234, 0, 0);
	tid = submit(tx, 0, 0, len, 0x5678, 0, 0);
	ASSERT_OK(wait_id(tx, tid, 2000 * MS, &rec));
	EXPECT_EQ(rec.id, tid);
	EXPECT_EQ(rec.tag, 0x5678);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, len);
	ASSERT_OK(wait_id(rx, rid, 2000 * MS, &rec));
	EXPECT_EQ(rec.id, rid);
	EXPECT_EQ(rec.tag, 0x1234);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.error, 0);
	EXPECT_EQ(rec.result, AXIDMA_RESULT_NOERROR);
	EXPECT_EQ(rec.bytes, len);
	EXPECT_TRUE(rec.ts_submit && rec.ts_submit <= rec.ts_issue &&
		    rec.ts_issue <= rec.ts_complete);
	EXPECT_EQ(first_mismatch(tp, rp, len), len);
}

TEST(loopback)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	unsigned char *tp, *rp;
	struct axidma_status st;

	set_bufs(tx, 2, 1 << 20);
	set_bufs(rx, 2, 1 << 20);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	loopback_once(tx, rx, tp, rp, 4096, 1);
	loopback_once(tx, rx, tp, rp, 1 << 20, 2);
	loopback_once(tx, rx, tp, rp, 4096 + 8, 3);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_IDLE);
	EXPECT_GE(st.done, 3);
	EXPECT_EQ(st.in_flight, 0);
	EXPECT_EQ(st.completed, 0);
	close(tx);
	close(rx);
}

TEST(loopback_many)
{
	enum { N = 8, LEN = 16384 };
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_xfer tx_x[N], rx_x[N];
	struct axidma_submit s;
	struct axidma_completion recs[N];
	struct axidma_wait w;
	unsigned char *tp, *rp;
	uint64_t rfirst, tfirst;
	unsigned int i, got = 0;

	set_bufs(tx, 1, N * LEN);
	set_bufs(rx, 1, N * LEN);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	memset(tx_x, 0, sizeof(tx_x));
	memset(rx_x, 0, sizeof(rx_x));
	for (i = 0; i < N; i++) {
		pattern(tp + i * LEN, LEN, 10 + i);
		rx_x[i] = (struct axidma_xfer){ .offset = i * LEN,
						.length = LEN, .tag = 100 + i };
		/* different packet lengths, all aligned */
		tx_x[i] = (struct axidma_xfer){ .offset = i * LEN,
						.length = LEN - 64 * i,
						.tag = 200 + i };
	}
	s = (struct axidma_submit){ .xfers = (uintptr_t)rx_x, .count = N };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_EQ(s.submitted, N);
	rfirst = s.first_id;
	s = (struct axidma_submit){ .xfers = (uintptr_t)tx_x, .count = N };
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_EQ(s.submitted, N);
	tfirst = s.first_id;

	/* records of the rx channel arrive in order, several per call */
	while (got < N) {
		w = (struct axidma_wait){
			.records = (uintptr_t)&recs[got],
			.max_records = N - got,
			.flags = AXIDMA_WAIT_TIMEOUT, .timeout_ns = 3000 * MS,
		};
		ASSERT_OK(ioctl(rx, AXIDMA_IOC_WAIT, &w));
		ASSERT_GE(w.count, 1);
		got += w.count;
	}
	for (i = 0; i < N; i++) {
		EXPECT_EQ(recs[i].id, rfirst + i);
		EXPECT_EQ(recs[i].tag, 100 + i);
		EXPECT_EQ(recs[i].status, AXIDMA_STATUS_DONE);
		EXPECT_EQ(recs[i].bytes, rx_bytes(&recs[i], LEN - 64 * i));
		EXPECT_EQ(first_mismatch(tp + i * LEN, rp + i * LEN,
					 LEN - 64 * i), LEN - 64 * i);
	}
	{
		struct axidma_completion rec;

		ASSERT_OK(wait_id(tx, tfirst + N - 1, 2000 * MS, &rec));
		EXPECT_EQ(rec.id, tfirst);
	}
	close(tx);
	close(rx);
}

TEST(validation)
{
	int tx = open_ch(dev_tx, O_RDWR);
	struct axidma_info info;
	struct axidma_xfer x[2];
	struct axidma_submit s;

	set_bufs(tx, 2, 8192);
	get_info(tx, &info);
	memset(x, 0, sizeof(x));
	x[0] = (struct axidma_xfer){ .buf = 0, .length = 64 };
	x[1] = (struct axidma_xfer){ .buf = 1, .offset = 8192 - 63,
				     .length = 64 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.submitted, 0);
	EXPECT_EQ(s.error_index, 1);

	x[1] = (struct axidma_xfer){ .buf = 2, .length = 64 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	x[1] = (struct axidma_xfer){ .buf = 1, .length = 0 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	x[1] = (struct axidma_xfer){ .buf = 1, .length = 64,
				     .flags = AXIDMA_XFER_DEV_TO_MEM |
					      AXIDMA_XFER_MEM_TO_DEV };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	x[1] = (struct axidma_xfer){ .buf = 1, .length = 64,
				     .timeout_ns = 5 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	if (info.align > 1) {
		x[1] = (struct axidma_xfer){ .buf = 1, .offset = 1,
					     .length = 64 };
		s = (struct axidma_submit){ .xfers = (uintptr_t)x,
					    .count = 2 };
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	}
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 0 };
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	/* nothing submitted: nothing to wait for */
	{
		struct axidma_completion rec;
		struct axidma_wait w = { .records = (uintptr_t)&rec,
					 .max_records = 1 };

		EXPECT_ERRNO(ENODATA, ioctl(tx, AXIDMA_IOC_WAIT, &w));
		w.flags = AXIDMA_WAIT_ID;
		w.id = 1000000;
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_WAIT, &w));
	}
	close(tx);
}

TEST(short_packet)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_completion rec;
	unsigned char *tp, *rp;
	uint64_t rid, tid;

	set_bufs(tx, 1, 65536);
	set_bufs(rx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	pattern(tp, 1000, 42);
	memset(rp, 0xee, 65536);
	rid = submit(rx, 0, 0, 65536, 1, 0, 0);
	tid = submit(tx, 0, 0, 1000, 2, 0, 0);
	ASSERT_OK(wait_id(tx, tid, 2000 * MS, &rec));
	ASSERT_OK(wait_id(rx, rid, 2000 * MS, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.length, 65536);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 1000));
	EXPECT_EQ(first_mismatch(tp, rp, 1000), 1000);
	EXPECT_EQ(rp[1000], 0xee);
	close(tx);
	close(rx);
}

TEST(wait_timeout_and_stop)
{
	int rx = open_ch(dev_rx, O_RDWR);
	struct axidma_completion rec[2];
	struct axidma_status st;
	struct axidma_wait w;
	struct timespec a, b;
	uint64_t id, ns;

	set_bufs(rx, 2, 65536);
	/* no data arrives: the S2MM transfer stays in flight */
	id = submit(rx, 0, 0, 4096, 7, AXIDMA_XFER_TIMEOUT, 0);
	submit(rx, 1, 0, 4096, 8, AXIDMA_XFER_TIMEOUT, 0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	EXPECT_ERRNO(ETIMEDOUT, wait_id(rx, id, 100 * MS, rec));
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1000000000ULL + b.tv_nsec - a.tv_nsec;
	EXPECT_GE(ns, 100 * MS);
	EXPECT_LE(ns, 1000 * MS);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_RUNNING);
	EXPECT_EQ(st.in_flight + st.queued, 2);

	/* O_NONBLOCK */
	{
		int fl = fcntl(rx, F_GETFL);

		fcntl(rx, F_SETFL, fl | O_NONBLOCK);
		w = (struct axidma_wait){ .records = (uintptr_t)rec,
					  .max_records = 1 };
		EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_WAIT, &w));
		fcntl(rx, F_SETFL, fl);
	}

	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	w = (struct axidma_wait){ .records = (uintptr_t)rec, .max_records = 2,
				  .flags = AXIDMA_WAIT_TIMEOUT };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_WAIT, &w));
	ASSERT_EQ(w.count, 2);
	EXPECT_EQ(rec[0].id, id);
	EXPECT_EQ(rec[0].status, AXIDMA_STATUS_ABORTED);
	EXPECT_EQ(rec[0].error, -ECANCELED);
	EXPECT_EQ(rec[0].result, AXIDMA_RESULT_NONE);
	EXPECT_EQ(rec[1].status, AXIDMA_STATUS_ABORTED);
	EXPECT_EQ(rec[1].tag, 8);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(st.in_flight + st.queued + st.completed, 0);
	close(rx);
}

TEST(transfer_timeout_recovers)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_completion rec;
	struct axidma_status st;
	unsigned char *tp, *rp;
	uint64_t id;

	set_bufs(tx, 1, 65536);
	set_bufs(rx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	/* the driver's own deadline ends an S2MM transfer nobody feeds */
	id = submit(rx, 0, 0, 4096, 9, AXIDMA_XFER_TIMEOUT, 50 * MS);
	ASSERT_OK(wait_id(rx, id, 3000 * MS, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_EQ(rec.error, -ETIMEDOUT);
	EXPECT_EQ(rec.bytes, 0);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(st.last_error, -ETIMEDOUT);
	EXPECT_GE(st.timeouts, 1);
	/* and the channel works again */
	loopback_once(tx, rx, tp, rp, 8192, 5);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_IDLE);
	close(tx);
	close(rx);
}

TEST(stalled_engine)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_completion rec;
	unsigned char *tp, *rp;
	uint64_t id;

	if (sim_knob("mm2s", "stall", "1"))
		SKIP("no simulator knobs (AXIDMA_ENGINE unset)");
	set_bufs(tx, 1, 65536);
	set_bufs(rx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	/* a deadline far enough out that a slow VM cannot pass it early */
	id = submit(tx, 0, 0, 4096, 1, AXIDMA_XFER_TIMEOUT, 1000 * MS);
	EXPECT_ERRNO(ETIMEDOUT, wait_id(tx, id, 20 * MS, &rec));
	ASSERT_OK(wait_id(tx, id, 5000 * MS, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	ASSERT_OK(sim_knob("mm2s", "stall", "0"));
	loopback_once(tx, rx, tp, rp, 4096, 6);
	close(tx);
	close(rx);
}

/* One packet into several queued S2MM buffers is reported at once. */
TEST(s2mm_prompt)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_completion rec;
	struct axidma_xfer x[3];
	struct axidma_submit s;
	unsigned char *tp, *rp;
	uint64_t tid;
	int i;

	set_bufs(tx, 1, 65536);
	set_bufs(rx, 3, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	memset(x, 0, sizeof(x));
	for (i = 0; i < 3; i++)
		x[i] = (struct axidma_xfer){ .buf = i, .length = 65536 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 3 };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	pattern(tp, 512, 77);
	tid = submit(tx, 0, 0, 512, 0, 0, 0);
	ASSERT_OK(wait_id(tx, tid, 2000 * MS, &rec));
	ASSERT_OK(wait_id(rx, s.first_id, 1000 * MS, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 512));
	EXPECT_EQ(first_mismatch(tp, rp, 512), 512);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	close(tx);
	close(rx);
}

/*
 * With a depth of 3 the S2MM buffers go to the provider as one batch: on an
 * AXI DMA in SG mode none completes before all are full (what the default
 * depth of 1 avoids).
 */
TEST(s2mm_batch_depth)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DEPTH, .depth = 3 };
	struct axidma_completion rec;
	struct axidma_xfer x[3];
	struct axidma_submit s;
	const char *sg = getenv("AXIDMA_SG");
	uint64_t tid;
	int i;

	if (sg && !strcmp(sg, "0"))
		SKIP("direct register mode: depth must stay 1");
	set_bufs(tx, 1, 65536);
	set_bufs(rx, 3, 65536);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SET_CONFIG, &c));
	memset(x, 0, sizeof(x));
	for (i = 0; i < 3; i++)
		x[i] = (struct axidma_xfer){ .buf = i, .length = 4096 };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 3 };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	tid = submit(tx, 0, 0, 100, 0, 0, 0);
	ASSERT_OK(wait_id(tx, tid, 2000 * MS, &rec));
	EXPECT_ERRNO(ETIMEDOUT, wait_id(rx, s.first_id, 200 * MS, &rec));
	submit(tx, 0, 0, 100, 0, 0, 0);
	tid = submit(tx, 0, 0, 100, 0, 0, 0);
	ASSERT_OK(wait_id(rx, s.first_id, 2000 * MS, &rec));
	EXPECT_EQ(rec.bytes, 100);
	c.depth = 1;
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SET_CONFIG, &c));
	close(tx);
	close(rx);
}

TEST(poll)
{
	int tx = open_ch(dev_tx, O_RDWR), rx = open_ch(dev_rx, O_RDWR);
	struct pollfd p = { .fd = rx, .events = POLLIN | POLLOUT };
	struct axidma_completion rec;
	uint64_t rid, tid;

	set_bufs(tx, 1, 65536);
	set_bufs(rx, 1, 65536);
	ASSERT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents, POLLOUT);
	rid = submit(rx, 0, 0, 4096, 0, 0, 0);
	p.events = POLLIN;
	EXPECT_EQ(poll(&p, 1, 50), 0);
	tid = submit(tx, 0, 0, 4096, 0, 0, 0);
	ASSERT_EQ(poll(&p, 1, 2000), 1);
	EXPECT_EQ(p.revents, POLLIN);
	ASSERT_OK(wait_id(rx, rid, 0, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(poll(&p, 1, 0), 0);
	ASSERT_OK(wait_id(tx, tid, 2000 * MS, &rec));
	close(tx);
	close(rx);
}

TEST(queue_full)
{
	int rx = open_ch(dev_rx, O_RDWR);
	struct axidma_info info;
	struct axidma_xfer *x;
	struct axidma_submit s;
	struct pollfd p = { .fd = rx, .events = POLLOUT };
	unsigned int i;

	set_bufs(rx, 1, 4096);
	get_info(rx, &info);
	x = calloc(info.queue_size + 1, sizeof(*x));
	ASSERT_TRUE(x);
	for (i = 0; i <= info.queue_size; i++)
		x[i].length = 64;
	s = (struct axidma_submit){ .xfers = (uintptr_t)x,
				    .count = info.queue_size };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.submitted, info.queue_size);
	EXPECT_EQ(poll(&p, 1, 0), 0);
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1 };
	EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	/* close with everything in flight: stopped and freed */
	close(rx);
	rx = open_ch(dev_rx, O_RDWR);
	{
		struct axidma_status st;

		ASSERT_OK(ioctl(rx, AXIDMA_IOC_GET_STATUS, &st));
		EXPECT_EQ(st.in_flight + st.queued + st.completed, 0);
		EXPECT_EQ(st.state, AXIDMA_STATE_IDLE);
	}
	close(rx);
	free(x);
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ret;

	if (fd < 0)
		return -1;
	ret = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return ret;
}

TEST(unbind)
{
	const char *want = getenv("AXIDMA_UNBIND");
	char link[PATH_MAX], target[PATH_MAX], *dev;
	int rx, ro;
	struct pollfd p;
	struct axidma_completion rec;
	struct axidma_wait w = { .records = (uintptr_t)&rec, .max_records = 1 };
	unsigned char *rp;
	ssize_t n;
	uint64_t id;
	pid_t pid;
	int status;

	if (!want || strcmp(want, "1"))
		SKIP("AXIDMA_UNBIND not set");
	snprintf(link, sizeof(link), "/sys/class/axidma/%s:rx/device", client);
	n = readlink(link, target, sizeof(target) - 1);
	ASSERT_GT(n, 0);
	target[n] = 0;
	dev = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;

	rx = open_ch(dev_rx, O_RDWR);
	ro = open_ch(dev_rx, O_RDONLY);
	set_bufs(rx, 1, 65536);
	rp = map_buf(rx, 0);
	rp[10] = 0x5a;
	id = submit(rx, 0, 0, 4096, 0, 0, 0);

	/* a waiter blocked in WAIT is woken with ENODEV */
	pid = fork();
	if (pid == 0) {
		w.flags = AXIDMA_WAIT_ID;
		w.id = id;
		exit(ioctl(rx, AXIDMA_IOC_WAIT, &w) == -1 && errno == ENODEV ?
		     0 : 1);
	}
	usleep(100000);
	ASSERT_OK(write_str("/sys/bus/platform/drivers/axidma/unbind", dev));
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	EXPECT_ERRNO(ENODEV, ioctl(rx, AXIDMA_IOC_GET_INFO, &(struct axidma_info){ 0 }));
	EXPECT_ERRNO(ENODEV, ioctl(ro, AXIDMA_IOC_GET_STATUS, &(struct axidma_status){ 0 }));
	EXPECT_ERRNO(ENODEV, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	p = (struct pollfd){ .fd = rx, .events = POLLIN | POLLOUT };
	ASSERT_EQ(poll(&p, 1, 0), 1);
	EXPECT_EQ(p.revents & (POLLHUP | POLLERR), POLLHUP | POLLERR);
	EXPECT_ERRNO(ENODEV, (long)mmap(NULL, 4096, PROT_READ, MAP_SHARED, rx, 0));
	/* the mapped memory outlives the device */
	EXPECT_EQ(rp[10], 0x5a);
	rp[11] = 1;
	munmap(rp, 65536);
	close(ro);
	close(rx);
	ASSERT_OK(write_str("/sys/bus/platform/drivers/axidma/bind", dev));
	usleep(100000);
	rx = open_ch(dev_rx, O_RDWR);
	close(rx);
}

int main(int argc, char **argv)
{
	client = getenv("AXIDMA_CLIENT");
	if (!client || !*client)
		client = "loop0";
	snprintf(dev_tx, sizeof(dev_tx), "/dev/axidma/%s/tx", client);
	snprintf(dev_rx, sizeof(dev_rx), "/dev/axidma/%s/rx", client);
	return tap_main(argc, argv);
}
