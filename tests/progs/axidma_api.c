// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_api - the functional tests of the axidma uapi (docs/uapi.md),
 * one TAP case per behaviour: every ioctl and field, data end to end
 * through the simulator's loopback, short packets, timeouts, injected
 * errors, stop, close, signals, poll, mmap bounds and lifetimes,
 * reconfiguration, ownership, the queue and the S2MM depth policy. Every
 * negative path asserts the errno docs/uapi.md gives.
 *
 * Environment: see axidma_util.h (AXIDMA_CLIENT, AXIDMA_ENGINE, AXIDMA_SG)
 * and AXIDMA_EXPECT, the provider facts of the client's engine as
 * "key=value ..." with keys align, addr_width, max_xfer_len (what
 * GET_INFO must report). Arguments: names of tests to run (default all).
 * Must run as root (CAP_SYS_ADMIN; one test drops it in a child).
 */
#define _GNU_SOURCE
#include <linux/capability.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>

#include "tap.h"
#include "axidma_util.h"

/* Value of @key in AXIDMA_EXPECT, or -1. */
static long long expect_fact(const char *key)
{
	const char *e = getenv("AXIDMA_EXPECT"), *p;
	size_t n = strlen(key);

	for (p = e; p && *p; p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == '=')
			return strtoll(p + n + 1, NULL, 0);
	return -1;
}

static void drain(int fd)
{
	struct axidma_completion rec[8];
	unsigned int n;

	do {
		if (wait_recs(fd, AXIDMA_WAIT_TIMEOUT, 0, 0, rec, 8, &n))
			n = 0;
	} while (n);
}

/* ===== GET_INFO ============================================================ */

TEST(info_fields)
{
	struct axidma_info ti, ri, ro;
	long pg = getpagesize();
	long long v;
	int tx = open_tx(), rx = open_rx(), rofd;

	get_info(tx, &ti);
	get_info(rx, &ri);
	EXPECT_EQ(ti.abi_version, AXIDMA_ABI_VERSION);
	/* direction comes from the provider, one bit of directions */
	EXPECT_TRUE(ti.directions & AXIDMA_DIR_MEM_TO_DEV);
	EXPECT_TRUE(ri.directions & AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(ti.direction, AXIDMA_DIR_MEM_TO_DEV);
	EXPECT_EQ(ri.direction, AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(strcmp(ti.name, "tx"), 0);
	EXPECT_EQ(strcmp(ri.name, "rx"), 0);
	EXPECT_EQ(strcmp(ti.client, client), 0);
	EXPECT_EQ(strcmp(ri.client, client), 0);
	/* the simulator: segment residue, cyclic, no pause; we are root */
	EXPECT_EQ(ti.residue_granularity, AXIDMA_RESIDUE_SEGMENT);
	EXPECT_EQ(ti.caps, AXIDMA_CAP_BYTES_EXACT | AXIDMA_CAP_PROVIDER_CYCLIC |
		  AXIDMA_CAP_DMA_ADDR | AXIDMA_CAP_OWNER);
	EXPECT_EQ(ri.caps, ti.caps);
	v = expect_fact("align");
	if (v > 0)
		EXPECT_EQ(ti.align, v);
	v = expect_fact("addr_width");
	if (v > 0)
		EXPECT_EQ(ti.addr_width, v);
	v = expect_fact("max_xfer_len");
	if (v > 0)
		EXPECT_EQ(ti.max_xfer_len, v);
	EXPECT_EQ(ti.max_xfer_len % ti.align, 0);
	EXPECT_EQ(ri.align, ti.align);
	/* limits and geometry */
	EXPECT_EQ(ti.buf_count_max, 1024);
	EXPECT_EQ(ti.buf_size_max, sizeof(long) == 8 ? 4ULL << 30 : 1ULL << 31);
	EXPECT_EQ(ti.depth_max, 255);
	EXPECT_EQ(ti.queue_size, 64);
	EXPECT_EQ(ti.buf_stride, ti.buf_size);
	EXPECT_EQ(ti.buf_size % pg, 0);
	EXPECT_GE(ti.depth, 1);
	EXPECT_EQ(ti.reserved0, 0);
	for (v = 0; v < 7; v++)
		EXPECT_EQ(ti.reserved[v], 0);
	/* the same facts in sysfs */
	EXPECT_EQ(sysfs_num("tx", "align"), ti.align);
	EXPECT_EQ(sysfs_num("tx", "addr_width"), ti.addr_width);
	EXPECT_EQ(sysfs_num("tx", "max_transfer"), ti.max_xfer_len);
	EXPECT_EQ(sysfs_num("tx", "queue_size"), ti.queue_size);
	EXPECT_EQ(sysfs_num("tx", "depth"), ti.depth);
	EXPECT_EQ(sysfs_num("tx", "timeout_ns"), ti.timeout_ns);
	EXPECT_EQ(sysfs_num("rx", "buffer_count"), ri.buf_count);
	EXPECT_EQ(sysfs_num("rx", "buffer_size"), ri.buf_size);
	EXPECT_EQ(sysfs_num("rx", "owned"), 1);

	/* an information open: no OWNER bit, the rest the same */
	rofd = open_path(dev_tx, O_RDONLY);
	get_info(rofd, &ro);
	EXPECT_EQ(ro.caps, ti.caps & ~AXIDMA_CAP_OWNER);
	EXPECT_EQ(ro.max_xfer_len, ti.max_xfer_len);
	EXPECT_EQ(ro.direction, ti.direction);
	close(rofd);
	close(tx);
	close(rx);
	EXPECT_EQ(sysfs_num("rx", "owned"), 0);
}

TEST(unknown_ioctl)
{
	int tx = open_tx(), ro = open_path(dev_tx, O_RDONLY);
	struct axidma_info info;

	EXPECT_ERRNO(ENOTTY, ioctl(tx, _IO(AXIDMA_IOC_MAGIC, 0x08)));
	EXPECT_ERRNO(ENOTTY, ioctl(tx, _IO(AXIDMA_IOC_MAGIC, 0x3f)));
	EXPECT_ERRNO(ENOTTY, ioctl(ro, _IO(AXIDMA_IOC_MAGIC, 0x08)));
	/* the size is part of the number */
	EXPECT_ERRNO(ENOTTY, ioctl(tx, _IOR(AXIDMA_IOC_MAGIC, 0x00, int), &info));
	EXPECT_ERRNO(ENOTTY, ioctl(tx, _IOWR(AXIDMA_IOC_MAGIC, 0x05,
					      struct axidma_wait), &info));
	close(ro);
	close(tx);
}

/* ===== GET_STATUS ========================================================== */

TEST(status_counters)
{
	int tx = open_tx(), rx = open_rx(), ro = open_path(dev_rx, O_RDONLY);
	struct axidma_status s0, s, r;
	struct axidma_completion rec[3];
	struct axidma_xfer x[3];
	unsigned char *tp, *rp;
	uint64_t rid, tid;
	unsigned int n, i;

	set_bufs(tx, 1, 65536);
	set_bufs(rx, 3, 65536);
	get_status(rx, &s0);
	EXPECT_EQ(s0.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s0.flags, AXIDMA_STATUS_OWNED);
	EXPECT_EQ(s0.queued + s0.in_flight + s0.completed, 0);
	EXPECT_EQ(s0.last_error, 0);
	EXPECT_GE(s0.next_id, 1);

	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	get_status(rx, &s);
	EXPECT_EQ(s.flags, AXIDMA_STATUS_OWNED | AXIDMA_STATUS_MAPPED);

	/* depth 1: one in flight, two queued, nothing moves yet */
	for (i = 0; i < 3; i++)
		x[i] = xfer(i, 0, 4096, i);
	rid = submit_n(rx, x, 3);
	EXPECT_EQ(rid, s0.next_id);
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_RUNNING);
	EXPECT_EQ(s.in_flight, 1);
	EXPECT_EQ(s.queued, 2);
	EXPECT_EQ(s.completed, 0);
	EXPECT_EQ(s.next_id, s0.next_id + 3);
	EXPECT_EQ(s.submitted, s0.submitted + 3);
	/* what an information open sees */
	get_status(ro, &r);
	EXPECT_EQ(r.in_flight, 1);
	EXPECT_EQ(r.queued, 2);
	EXPECT_EQ(r.next_id, s.next_id);
	EXPECT_EQ(sysfs_num("rx", "in_flight"), 1);
	EXPECT_EQ(sysfs_num("rx", "queued"), 2);
	EXPECT_EQ(sysfs_num("rx", "submitted"), (long long)s.submitted);

	/* one packet: one record ready, the next transfer in flight */
	pattern(tp, 1000, 1);
	tid = submit(tx, 0, 0, 1000, 0, 0, 0);
	wait_done(tx, tid, rec);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid,
			    5 * SEC, rec, 1, &n));
	/* read it: the record was consumed */
	EXPECT_EQ(n, 1);
	get_status(rx, &s);
	EXPECT_EQ(s.in_flight, 1);
	EXPECT_EQ(s.queued, 1);
	EXPECT_EQ(s.completed, 0);
	EXPECT_EQ(s.done, s0.done + 1);
	EXPECT_EQ(s.bytes, s0.bytes + rx_bytes(rec, 1000));
	EXPECT_EQ(rec[0].bytes, rx_bytes(rec, 1000));
	EXPECT_EQ(s.state, AXIDMA_STATE_RUNNING);
	EXPECT_EQ(check_pattern(rp, 1000, 1), 1000);

	/* the second packet completes but stays unread */
	tid = submit(tx, 0, 0, 2000, 0, 0, 0);
	wait_done(tx, tid, rec);
	for (i = 0; i < 500; i++) {
		get_status(rx, &s);
		if (s.completed)
			break;
		msleep(2);
	}
	EXPECT_EQ(s.completed, 1);
	EXPECT_EQ(s.in_flight, 1);
	EXPECT_EQ(s.queued, 0);
	EXPECT_EQ(s.bytes, s0.bytes + (sg_mode ? 3000 : 2 * 4096));
	EXPECT_EQ(sysfs_num("rx", "completed"), 1);

	/* stop: the last one is aborted, two records unread */
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.completed, 2);
	EXPECT_EQ(s.in_flight + s.queued, 0);
	EXPECT_EQ(s.aborted, s0.aborted + 1);
	EXPECT_EQ(s.done, s0.done + 2);
	EXPECT_EQ(s.errors, s0.errors);
	EXPECT_EQ(s.timeouts, s0.timeouts);
	drain(rx);
	get_status(rx, &s);
	EXPECT_EQ(s.completed, 0);
	EXPECT_EQ(s.next_id, s0.next_id + 3);
	for (i = 0; i < 4; i++)
		EXPECT_EQ(s.reserved[i], 0);
	/* the sysfs counters are the same counters */
	EXPECT_EQ(sysfs_num("rx", "done"), (long long)s.done);
	EXPECT_EQ(sysfs_num("rx", "aborted"), (long long)s.aborted);
	EXPECT_EQ(sysfs_num("rx", "bytes"), (long long)s.bytes);

	munmap(rp, 65536);
	get_status(rx, &s);
	EXPECT_EQ(s.flags, AXIDMA_STATUS_OWNED);
	munmap(tp, 65536);
	close(tx);
	close(rx);
	get_status(ro, &s);
	EXPECT_EQ(s.flags, 0);
	close(ro);
}

/* ERROR state and last_error: set by a timeout, kept by a later done,
 * cleared by STOP and by an owner change. */
TEST(status_error_state)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	struct axidma_status s, s0;
	uint64_t id;

	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	get_status(rx, &s0);
	id = submit(rx, 0, 0, 4096, 0, AXIDMA_XFER_TIMEOUT, 30 * MS);
	ASSERT_OK(wait_id(rx, id, 5 * SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(s.last_error, -ETIMEDOUT);
	EXPECT_EQ(s.timeouts, s0.timeouts + 1);
	EXPECT_EQ(sysfs_num("rx", "last_error"), -ETIMEDOUT);

	/* a transfer that ends done clears the state, not last_error */
	id = submit(rx, 0, 0, 4096, 0, 0, 0);
	wait_done(tx, submit(tx, 0, 0, 64, 0, 0, 0), &rec);
	wait_done(rx, id, &rec);
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.last_error, -ETIMEDOUT);

	/* STOP clears it */
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	get_status(rx, &s);
	EXPECT_EQ(s.last_error, 0);

	/* an owner change clears the ERROR state and last_error */
	id = submit(rx, 0, 0, 4096, 0, AXIDMA_XFER_TIMEOUT, 30 * MS);
	ASSERT_OK(wait_id(rx, id, 5 * SEC, &rec));
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_ERROR);
	close(rx);
	rx = open_rx();
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.last_error, 0);
	close(rx);
	close(tx);
}

/* Ids are never reused and counters live across owners. */
TEST(ids_and_counters_persist)
{
	int rx = open_rx();
	struct axidma_status s0, s;
	uint64_t id;

	set_bufs(rx, 1, 4096);
	get_status(rx, &s0);
	id = submit(rx, 0, 0, 64, 0, 0, 0);
	EXPECT_EQ(id, s0.next_id);
	close(rx);
	rx = open_rx();
	get_status(rx, &s);
	EXPECT_EQ(s.next_id, id + 1);
	EXPECT_EQ(s.submitted, s0.submitted + 1);
	EXPECT_EQ(s.aborted, s0.aborted + 1);
	set_bufs(rx, 1, 4096);
	EXPECT_EQ(submit(rx, 0, 0, 64, 0, 0, 0), id + 1);
	close(rx);
}

/* ===== GET_BUFFER ========================================================== */

TEST(get_buffer_fields)
{
	int tx = open_tx(), ro = open_path(dev_tx, O_RDONLY);
	long pg = getpagesize();
	struct axidma_info info;
	struct axidma_buffer b[3];
	unsigned int i;

	ASSERT_OK(try_set_bufs(tx, 0, 0));
	set_bufs(tx, 3, 2 * pg);
	get_info(tx, &info);
	for (i = 0; i < 3; i++) {
		memset(&b[i], 0, sizeof(b[i]));
		b[i].index = i;
		ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b[i]));
		EXPECT_EQ(b[i].offset, i * info.buf_stride);
		EXPECT_EQ(b[i].size, 2 * pg);
		EXPECT_EQ(b[i].flags, 0);
		/* root: the bus address, page aligned, within the width */
		EXPECT_NE(b[i].dma_addr, 0);
		EXPECT_EQ(b[i].dma_addr % pg, 0);
		if (info.addr_width && info.addr_width < 64)
			EXPECT_LT(b[i].dma_addr + b[i].size - 1,
				  1ULL << info.addr_width);
	}
	EXPECT_NE(b[0].dma_addr, b[1].dma_addr);
	EXPECT_NE(b[1].dma_addr, b[2].dma_addr);
	/* an information open sees the same */
	memset(&b[0], 0, sizeof(b[0]));
	b[0].index = 2;
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_BUFFER, &b[0]));
	EXPECT_EQ(b[0].offset, 2 * info.buf_stride);
	EXPECT_EQ(b[0].dma_addr, b[2].dma_addr);
	/* index out of range; out fields must be zero */
	memset(&b[0], 0, sizeof(b[0]));
	b[0].index = 3;
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b[0]));
	b[0].index = 0;
	b[0].size = 1;
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b[0]));
	b[0].size = 0;
	b[0].reserved[1] = 1;
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b[0]));

	/* no memory allocated (new owner, nothing mapped or submitted): 0 */
	close(tx);
	tx = open_tx();
	memset(&b[0], 0, sizeof(b[0]));
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b[0]));
	EXPECT_EQ(b[0].size, 2 * pg);
	EXPECT_EQ(b[0].dma_addr, 0);
	close(tx);
	close(ro);
}

static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].inheritable &= ~(1u << (CAP_SYS_ADMIN % 32));
	return syscall(SYS_capset, &h, d);
}

/* dma_addr only for CAP_SYS_ADMIN: the capability dropped in a child. */
TEST(get_buffer_no_sys_admin)
{
	int tx = open_tx();
	struct axidma_buffer b = { .index = 0 };
	struct axidma_info info;
	int status, ro;
	pid_t pid;

	set_bufs(tx, 1, 4096);
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));
	ASSERT_NE(b.dma_addr, 0);
	get_info(tx, &info);
	ASSERT_TRUE(info.caps & AXIDMA_CAP_DMA_ADDR);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (drop_sys_admin())
			TAP_FAIL(1, "capset: %s", strerror(errno));
		/* the owner's file, shared with the child */
		memset(&b, 0, sizeof(b));
		ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));
		EXPECT_EQ(b.size, 4096);
		EXPECT_EQ(b.dma_addr, 0);
		get_info(tx, &info);
		EXPECT_EQ(info.caps & AXIDMA_CAP_DMA_ADDR, 0);
		EXPECT_TRUE(info.caps & AXIDMA_CAP_OWNER);
		/* and an information open of its own */
		ro = open_path(dev_tx, O_RDONLY);
		memset(&b, 0, sizeof(b));
		ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_BUFFER, &b));
		EXPECT_EQ(b.dma_addr, 0);
		exit(tap_failed_here);
	}
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(tx);
}

/* ===== SET_BUFFERS ========================================================= */

TEST(set_buffers_geometry)
{
	int tx = open_tx();
	long pg = getpagesize();
	struct axidma_info info;
	struct axidma_buffer b = { .index = 0 };
	struct axidma_xfer x = xfer(0, 0, 64, 0);
	struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };
	unsigned char *p;

	/* rounded up to the page size */
	set_bufs(tx, 2, pg + 1);
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, 2);
	EXPECT_EQ(info.buf_size, 2 * pg);
	EXPECT_EQ(info.buf_stride, 2 * pg);
	EXPECT_EQ(sysfs_num("tx", "buffers_allocated"), 1);
	set_bufs(tx, 1, 1);
	get_info(tx, &info);
	EXPECT_EQ(info.buf_size, pg);

	/* limits: count, size 0, sizes beyond buf_size_max (64-bit) */
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, info.buf_count_max + 1, pg));
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, 1, 0));
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, 1, info.buf_size_max + 1));
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, 1, 1ULL << 32 << 8));
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, 1, ~0ULL));
	EXPECT_ERRNO(EINVAL, try_set_bufs(tx, 1, (1ULL << 63) + pg));
	/* a failed call changes nothing */
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, 1);
	EXPECT_EQ(info.buf_size, pg);
	/* the most buffers */
	set_bufs(tx, info.buf_count_max, pg);
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, info.buf_count_max);
	b.index = info.buf_count_max - 1;
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));
	EXPECT_EQ(b.offset, (uint64_t)(info.buf_count_max - 1) * pg);
	/* a size above 4 GiB in all: the allocation fails, the geometry stays */
	EXPECT_ERRNO(ENOMEM, try_set_bufs(tx, 4, info.buf_size_max));
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, 4);
	EXPECT_EQ(info.buf_size, info.buf_size_max);
	EXPECT_EQ(sysfs_num("tx", "buffers_allocated"), 0);
	EXPECT_ERRNO(ENOMEM, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));

	/* count 0 frees: GET_BUFFER, SUBMIT and mmap have nothing */
	ASSERT_OK(try_set_bufs(tx, 0, 0));
	get_info(tx, &info);
	EXPECT_EQ(info.buf_count, 0);
	EXPECT_EQ(sysfs_num("tx", "buffers_allocated"), 0);
	b.index = 0;
	b.offset = 0;
	b.size = 0;
	b.dma_addr = 0;
	EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_GET_BUFFER, &b));
	s.submitted = s.error_index = 0;
	s.first_id = 0;
	EXPECT_ERRNO(ENOBUFS, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_ERRNO(ENOBUFS, (long)mmap(NULL, pg, PROT_READ, MAP_SHARED, tx, 0));

	/* new buffers are zeroed, also with the same geometry */
	set_bufs(tx, 1, 2 * pg);
	p = map_buf(tx, 0);
	memset(p, 0x5a, 2 * pg);
	munmap(p, 2 * pg);
	set_bufs(tx, 1, 2 * pg);
	p = map_buf(tx, 0);
	EXPECT_EQ(check_fill(p, 2 * pg, 0), 2 * pg);
	/* and a new owner gets fresh memory */
	memset(p, 0xa5, 2 * pg);
	munmap(p, 2 * pg);
	close(tx);
	tx = open_tx();
	p = map_buf(tx, 0);
	EXPECT_EQ(check_fill(p, 2 * pg, 0), 2 * pg);
	munmap(p, 2 * pg);
	close(tx);
}

/* Reconfiguring: EBUSY while mapped or busy, works after munmap/stop. */
TEST(set_buffers_busy)
{
	int rx = open_rx();
	long pg = getpagesize();
	struct axidma_completion rec;
	struct axidma_info info;
	unsigned char *p, *q;

	set_bufs(rx, 2, 4 * pg);
	p = map_buf(rx, 0);
	q = mmap(NULL, pg, PROT_READ, MAP_SHARED, rx, 4 * pg + pg);
	ASSERT_NE((long)q, (long)MAP_FAILED);
	EXPECT_ERRNO(EBUSY, try_set_bufs(rx, 2, pg));
	EXPECT_ERRNO(EBUSY, try_set_bufs(rx, 0, 0));
	munmap(p, 4 * pg);
	/* any mapping of the set counts */
	EXPECT_ERRNO(EBUSY, try_set_bufs(rx, 2, pg));
	munmap(q, pg);
	ASSERT_OK(try_set_bufs(rx, 2, 2 * pg));

	/* a transfer in flight or queued */
	submit(rx, 0, 0, 64, 0, 0, 0);
	submit(rx, 1, 0, 64, 0, 0, 0);
	EXPECT_ERRNO(EBUSY, try_set_bufs(rx, 1, pg));
	EXPECT_ERRNO(EBUSY, try_set_bufs(rx, 0, 0));
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	/* unread records do not hold the buffers */
	ASSERT_OK(try_set_bufs(rx, 1, pg));
	get_info(rx, &info);
	EXPECT_EQ(info.buf_count, 1);
	EXPECT_EQ(info.buf_size, pg);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, 0, &rec, 1, NULL));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ABORTED);
	close(rx);
}

/* ===== SET_CONFIG ========================================================== */

TEST(set_config_flags)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_info info, i0;
	struct axidma_config c;
	struct axidma_completion rec;
	struct axidma_status st;
	uint64_t id, t0;

	get_info(rx, &i0);
	/* each flag sets its field only */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 5, 0, 0));
	get_info(rx, &info);
	EXPECT_EQ(info.depth, 5);
	EXPECT_EQ(info.timeout_ns, i0.timeout_ns);
	EXPECT_EQ(sysfs_num("rx", "depth"), 5);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 255, 0, 0));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DEPTH, 256, 0, 0));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DEPTH, 0, 0, 0));
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 40 * MS, 0));
	get_info(rx, &info);
	EXPECT_EQ(info.timeout_ns, 40 * MS);
	EXPECT_EQ(info.depth, 255);
	EXPECT_EQ(sysfs_num("rx", "timeout_ns"), 40 * MS);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0,
			     AXIDMA_DIR_DEV_TO_MEM));
	get_info(rx, &info);
	EXPECT_EQ(info.direction, AXIDMA_DIR_DEV_TO_MEM);
	/* all three at once; flags 0 is a no-op */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_VALID_FLAGS, 1, 50 * MS,
			     AXIDMA_DIR_DEV_TO_MEM));
	ASSERT_OK(set_config(rx, 0, 0, 0, 0));
	get_info(rx, &info);
	EXPECT_EQ(info.depth, 1);
	EXPECT_EQ(info.timeout_ns, 50 * MS);

	/* fields without their flag, reserved fields, unknown flags */
	EXPECT_ERRNO(EINVAL, set_config(rx, 0, 1, 0, 0));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DEPTH, 1, 1, 0));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 1,
					AXIDMA_DIR_DEV_TO_MEM));
	EXPECT_ERRNO(EINVAL, set_config(rx, 1u << 3, 0, 0, 0));
	memset(&c, 0, sizeof(c));
	c.reserved0 = 1;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SET_CONFIG, &c));
	c.reserved0 = 0;
	c.reserved[0] = 1;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SET_CONFIG, &c));
	/* the direction must be one bit of directions */
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0, 0));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0,
					AXIDMA_DIR_DEV_TO_MEM |
					AXIDMA_DIR_MEM_TO_DEV));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0, 4));
	if (!(info.directions & AXIDMA_DIR_MEM_TO_DEV))
		EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DIRECTION,
						0, 0, AXIDMA_DIR_MEM_TO_DEV));
	/* ... and a transfer naming a direction the channel lacks */
	set_bufs(rx, 1, 65536);
	if (!(info.directions & AXIDMA_DIR_MEM_TO_DEV)) {
		struct axidma_xfer x = xfer(0, 0, 64, 0);
		struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

		x.flags = AXIDMA_XFER_MEM_TO_DEV;
		EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	}

	/* the default timeout applies to later submits without the flag */
	t0 = now_ns();
	id = submit(rx, 0, 0, 4096, 0, 0, 0);
	ASSERT_OK(wait_id(rx, id, 5 * SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_GE(rec.ts_complete - rec.ts_issue, 50 * MS);
	EXPECT_LT(now_ns() - t0, 3 * SEC);

	/* depth applies at once to what is queued */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 0, 0));
	set_bufs(rx, 4, 4096);
	{
		struct axidma_xfer x[4] = { xfer(0, 0, 64, 0), xfer(1, 0, 64, 0),
					    xfer(2, 0, 64, 0), xfer(3, 0, 64, 0) };

		submit_n(rx, x, 4);
	}
	get_status(rx, &st);
	EXPECT_EQ(st.in_flight, 1);
	EXPECT_EQ(st.queued, 3);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 3, 0, 0));
	get_status(rx, &st);
	EXPECT_EQ(st.in_flight, 3);
	EXPECT_EQ(st.queued, 1);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 1, 0, 0));
	get_status(rx, &st);
	EXPECT_EQ(st.in_flight, 3);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));

	/* settings stay with the channel across owners */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH | AXIDMA_CONFIG_TIMEOUT,
			     7, 123 * MS, 0));
	close(rx);
	rx = open_rx();
	get_info(rx, &info);
	EXPECT_EQ(info.depth, 7);
	EXPECT_EQ(info.timeout_ns, 123 * MS);
	EXPECT_EQ(info.buf_count, 4);
	EXPECT_EQ(info.buf_size, 4096);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH | AXIDMA_CONFIG_TIMEOUT,
			     i0.depth, i0.timeout_ns, 0));
	set_bufs(rx, i0.buf_count, i0.buf_size);
	close(rx);
	close(tx);
}

/* ===== SUBMIT ============================================================== */

TEST(submit_fields)
{
	int rx = open_rx();
	struct axidma_info info;
	struct axidma_status st;
	struct axidma_xfer *x;
	struct axidma_submit s;
	unsigned int i, q;
	uint64_t first;

	set_bufs(rx, 2, 8192);
	get_info(rx, &info);
	q = info.queue_size;
	x = calloc(q + 1, sizeof(*x));
	ASSERT_TRUE(x);
	for (i = 0; i <= q; i++)
		x[i] = xfer(i & 1, 0, 64, i);

	/* out fields must be zero, count 1..queue_size, flags 0 */
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1,
				    .submitted = 1 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1,
				    .error_index = 1 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1,
				    .first_id = 1 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1,
				    .flags = 1 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = q + 1 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	get_status(rx, &st);
	EXPECT_EQ(st.queued + st.in_flight, 0);

	/* an invalid entry: EINVAL, error_index, nothing submitted */
	x[3].offset = 8192 - 32;	/* passes the end */
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 5 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.error_index, 3);
	EXPECT_EQ(s.submitted, 0);
	get_status(rx, &st);
	EXPECT_EQ(st.queued + st.in_flight, 0);
	x[3].offset = 0;

	/* accepted: first_id is next_id, ids consecutive, error_index count */
	first = st.next_id;
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = q - 2 };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.submitted, q - 2);
	EXPECT_EQ(s.error_index, q - 2);
	EXPECT_EQ(s.first_id, first);
	get_status(rx, &st);
	EXPECT_EQ(st.next_id, first + q - 2);

	/* every entry is validated first, also past the room left */
	x[4].buf = 2;
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 5 };
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.error_index, 4);
	EXPECT_EQ(s.submitted, 0);
	get_status(rx, &st);
	EXPECT_EQ(st.next_id, first + q - 2);
	x[4].buf = 0;

	/* a partial submit when the queue fills */
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 5 };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.submitted, 2);
	EXPECT_EQ(s.first_id, first + q - 2);
	EXPECT_EQ(s.error_index, 5);
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1 };
	EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	/* validation comes before the queue check */
	x[0].length = 0;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.error_index, 0);
	x[0].length = 64;
	get_status(rx, &st);
	EXPECT_EQ(st.next_id, first + q);
	EXPECT_EQ(st.queued + st.in_flight, q);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	close(rx);
	free(x);
}

/* The checks of one entry (docs: all EINVAL with error_index). */
TEST(submit_entry_checks)
{
	int tx = open_tx();
	struct axidma_info info;
	struct axidma_xfer x[2];
	struct axidma_submit s;
	unsigned int i;
	struct {
		const char *what;
		struct axidma_xfer x;
	} bad[] = {
		{ "buffer index", { .buf = 2, .length = 64 } },
		{ "length 0", { .length = 0 } },
		{ "past the end", { .offset = 8192 - 63, .length = 64 } },
		{ "offset past the end", { .offset = 8192 + 8, .length = 8 } },
		{ "huge length", { .length = ~0ULL } },
		{ "huge offset", { .offset = ~0ULL - 7, .length = 16 } },
		{ "both directions", { .length = 64,
				       .flags = AXIDMA_XFER_DEV_TO_MEM |
						AXIDMA_XFER_MEM_TO_DEV } },
		{ "unknown flag", { .length = 64, .flags = 1u << 7 } },
		{ "timeout without flag", { .length = 64, .timeout_ns = 5 } },
		{ "reserved", { .length = 64, .reserved = { 0, 0, 1 } } },
	};

	set_bufs(tx, 2, 8192);
	get_info(tx, &info);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		x[0] = xfer(0, 0, 64, 0);
		x[1] = bad[i].x;
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
		errno = 0;
		if (ioctl(tx, AXIDMA_IOC_SUBMIT, &s) != -1 || errno != EINVAL ||
		    s.error_index != 1 || s.submitted)
			TAP_FAIL(0, "%s: %s, error_index %u", bad[i].what,
				 strerror(errno), s.error_index);
	}
	if (info.align > 1) {
		x[1] = xfer(1, info.align / 2, 64, 0);
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
		EXPECT_ERRNO(EINVAL, ioctl(tx, AXIDMA_IOC_SUBMIT, &s));
		EXPECT_EQ(s.error_index, 1);
	}
	/* the edges that are valid: last byte, max length */
	x[0] = xfer(1, 8192 - info.align, info.align, 0);
	x[1] = xfer(0, 0, 8192, 0);
	submit_n(tx, x, 2);
	ASSERT_OK(ioctl(tx, AXIDMA_IOC_STOP));
	close(tx);
}

/* ===== WAIT and the records ================================================ */

TEST(wait_modes)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec[4];
	struct axidma_wait w;
	struct axidma_xfer x[4];
	unsigned int n, i;
	uint64_t rid, t0;
	int fl;

	set_bufs(rx, 4, 4096);
	set_bufs(tx, 1, 4096);
	/* nothing outstanding */
	EXPECT_ERRNO(ENODATA, wait_recs(rx, 0, 0, 0, rec, 1, NULL));
	EXPECT_ERRNO(ENODATA, wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, SEC, rec,
					1, NULL));
	for (i = 0; i < 4; i++)
		x[i] = xfer(i, 0, 4096, 10 + i);
	rid = submit_n(rx, x, 4);
	/* an id not given yet */
	EXPECT_ERRNO(EINVAL, wait_recs(rx, AXIDMA_WAIT_ID, rid + 4, 0, rec, 1,
				       NULL));
	EXPECT_ERRNO(EINVAL, wait_recs(rx, AXIDMA_WAIT_ID, ~0ULL, 0, rec, 1,
				       NULL));
	/* timeout 0 does not block: ETIMEDOUT */
	t0 = now_ns();
	EXPECT_ERRNO(ETIMEDOUT, wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, 0, rec,
					  1, NULL));
	EXPECT_ERRNO(ETIMEDOUT, wait_recs(rx, AXIDMA_WAIT_TIMEOUT |
					  AXIDMA_WAIT_ID, rid, 0, rec, 1,
					  NULL));
	EXPECT_LT(now_ns() - t0, 2 * SEC);
	/* a time limit */
	t0 = now_ns();
	EXPECT_ERRNO(ETIMEDOUT, wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, 60 * MS,
					  rec, 1, NULL));
	EXPECT_GE(now_ns() - t0, 60 * MS);
	/* O_NONBLOCK */
	fl = fcntl(rx, F_GETFL);
	ASSERT_OK(fcntl(rx, F_SETFL, fl | O_NONBLOCK));
	EXPECT_ERRNO(EAGAIN, wait_recs(rx, 0, 0, 0, rec, 1, NULL));
	EXPECT_ERRNO(EAGAIN, wait_recs(rx, AXIDMA_WAIT_ID, rid, 0, rec, 1,
				       NULL));
	ASSERT_OK(fcntl(rx, F_SETFL, fl));

	/* three packets: three records, one call with max_records 4 */
	for (i = 0; i < 3; i++)
		submit(tx, 0, 0, 100 + i, 0, 0, 0);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid + 2,
			    5 * SEC, rec, 4, &n));
	EXPECT_EQ(n, 3);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(rec[i].id, rid + i);
		EXPECT_EQ(rec[i].tag, 10 + i);
		EXPECT_EQ(rec[i].bytes, rx_bytes(&rec[i], 100 + i));
	}
	/* their ids were read: ENOENT */
	EXPECT_ERRNO(ENOENT, wait_recs(rx, AXIDMA_WAIT_ID, rid, 0, rec, 1,
				       NULL));
	EXPECT_ERRNO(ENOENT, wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT,
				       rid + 2, 0, rec, 1, NULL));
	/* the last one */
	submit(tx, 0, 0, 50, 0, 0, 0);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid + 3,
			    5 * SEC, rec, 1, &n));
	EXPECT_EQ(rec[0].id, rid + 3);
	drain(tx);

	/* WAIT_ID returns the oldest unread first */
	rid = submit_n(rx, x, 2);
	submit(tx, 0, 0, 10, 0, 0, 0);
	submit(tx, 0, 0, 20, 0, 0, 0);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid + 1,
			    5 * SEC, rec, 1, &n));
	EXPECT_EQ(n, 1);
	EXPECT_EQ(rec[0].id, rid);
	/* id already ended: ready at once, also with timeout 0 */
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid + 1,
			    0, rec, 1, &n));
	EXPECT_EQ(rec[0].id, rid + 1);
	drain(tx);

	/* malformed: max_records 0, out field, id/timeout without flag */
	memset(&w, 0, sizeof(w));
	w.records = (uintptr_t)rec;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	w.max_records = 1;
	w.count = 1;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	w.count = 0;
	w.id = 1;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	w.id = 0;
	w.timeout_ns = 1;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	w.timeout_ns = 0;
	w.flags = 1u << 5;
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_WAIT, &w));
	close(rx);
	close(tx);
}

TEST(record_fields)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_info info;
	struct axidma_completion rec;
	uint64_t t0, t1, rid, tid, off;

	set_bufs(rx, 3, 65536);
	set_bufs(tx, 2, 65536);
	get_info(rx, &info);
	off = info.align > 8 ? info.align : 8;
	t0 = now_ns();
	{
		struct axidma_xfer x = xfer(2, 2 * off, 4096,
					    0xfedcba9876543210ULL);

		rid = submit_n(rx, &x, 1);
		x = xfer(1, off, 3000, 0x8000000000000001ULL);
		x.flags = AXIDMA_XFER_TIMEOUT;
		x.timeout_ns = 5 * SEC;
		tid = submit_n(tx, &x, 1);
	}
	wait_done(tx, tid, &rec);
	EXPECT_EQ(rec.tag, 0x8000000000000001ULL);
	EXPECT_EQ(rec.buf, 1);
	EXPECT_EQ(rec.offset, off);
	EXPECT_EQ(rec.length, 3000);
	EXPECT_EQ(rec.bytes, 3000);
	wait_done(rx, rid, &rec);
	t1 = now_ns();
	EXPECT_EQ(rec.id, rid);
	EXPECT_EQ(rec.tag, 0xfedcba9876543210ULL);
	EXPECT_EQ(rec.buf, 2);
	EXPECT_EQ(rec.offset, 2 * off);
	EXPECT_EQ(rec.length, 4096);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 3000));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.result, AXIDMA_RESULT_NOERROR);
	EXPECT_EQ(rec.error, 0);
	EXPECT_EQ(rec.reserved[0] | rec.reserved[1], 0);
	/* CLOCK_MONOTONIC, in order, within the calls */
	EXPECT_LE(t0, rec.ts_submit);
	EXPECT_LE(rec.ts_submit, rec.ts_issue);
	EXPECT_LE(rec.ts_issue, rec.ts_complete);
	EXPECT_LE(rec.ts_complete, t1);
	close(rx);
	close(tx);
}

/* ===== data end to end ===================================================== */

TEST(data_sizes_offsets_buffers)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_info info;
	struct axidma_completion rec;
	enum { NB = 3, BS = 1 << 20 };
	unsigned char *tp[NB], *rp[NB];
	static const uint64_t sizes[] = {
		1, 3, 8, 63, 4095, 4096, 4097, 12289, 65536 + 8, 262144 - 4,
		BS,
	};
	unsigned int i, k, tb, rb, seed;
	uint64_t len, toff, roff, rid, tid, a;

	set_bufs(rx, NB, BS);
	set_bufs(tx, NB, BS);
	get_info(rx, &info);
	a = info.align;
	for (i = 0; i < NB; i++) {
		tp[i] = map_buf(tx, i);
		rp[i] = map_buf(rx, i);
	}
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		len = sizes[k];
		tb = k % NB;
		rb = (k + 1) % NB;
		/* offsets: 0, a few alignment units, a page and more */
		toff = len == BS ? 0 : ((k * 5 * a) % (BS - len)) / a * a;
		roff = len == BS ? 0 : ((k * 4096 + k * a) % (BS - len)) / a * a;
		seed = 100 + k;
		pattern(tp[tb] + toff, len, seed);
		/* guard bytes around the receive window */
		memset(rp[rb], 0xc3, BS);
		rid = submit(rx, rb, roff, len, k, 0, 0);
		tid = submit(tx, tb, toff, len, k, 0, 0);
		wait_done(tx, tid, &rec);
		EXPECT_EQ(rec.bytes, len);
		wait_done(rx, rid, &rec);
		EXPECT_EQ(rec.bytes, len);
		if (check_pattern(rp[rb] + roff, len, seed) != len)
			TAP_FAIL(0, "len %llu tx %u+%llu rx %u+%llu: mismatch at %zu",
				 (unsigned long long)len, tb,
				 (unsigned long long)toff, rb,
				 (unsigned long long)roff,
				 check_pattern(rp[rb] + roff, len, seed));
		EXPECT_EQ(check_fill(rp[rb], roff, 0xc3), roff);
		EXPECT_EQ(check_fill(rp[rb] + roff + len, BS - roff - len, 0xc3),
			  BS - roff - len);
	}
	/* several transfers in one submit, each into its own buffer */
	{
		struct axidma_xfer rx_x[NB], tx_x[NB];
		struct axidma_completion recs[NB];
		unsigned int n;

		for (i = 0; i < NB; i++) {
			pattern(tp[i], 5000 + i * 100, 200 + i);
			memset(rp[i], 0, 8192);
			rx_x[i] = xfer(i, 0, 8192, i);
			tx_x[i] = xfer(i, 0, 5000 + i * 100, i);
		}
		rid = submit_n(rx, rx_x, NB);
		tid = submit_n(tx, tx_x, NB);
		ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT,
				    rid + NB - 1, 5 * SEC, recs, NB, &n));
		ASSERT_EQ(n, NB);
		for (i = 0; i < NB; i++) {
			EXPECT_EQ(recs[i].bytes, rx_bytes(&recs[i], 5000 + i * 100));
			EXPECT_EQ(check_pattern(rp[i], 5000 + i * 100, 200 + i),
				  5000 + i * 100);
			EXPECT_EQ(rp[i][5000 + i * 100], 0);
		}
		drain(tx);
	}
	close(rx);
	close(tx);
}

/* tx shorter than rx: the record says how much arrived. */
TEST(short_packets)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	static const uint64_t lens[] = { 1, 100, 4095, 4097, 30000 };
	unsigned char *tp, *rp;
	unsigned int k;
	uint64_t rid, tid;

	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		pattern(tp, lens[k], k);
		memset(rp, 0xee, 65536);
		rid = submit(rx, 0, 0, 65536, 0, 0, 0);
		tid = submit(tx, 0, 0, lens[k], 0, 0, 0);
		wait_done(tx, tid, &rec);
		wait_done(rx, rid, &rec);
		EXPECT_EQ(rec.length, 65536);
		EXPECT_EQ(rec.bytes, rx_bytes(&rec, lens[k]));
		EXPECT_EQ(check_pattern(rp, lens[k], k), lens[k]);
		EXPECT_EQ(rp[lens[k]], 0xee);
	}
	close(rx);
	close(tx);
}

/* The stream loses bytes (short_by): S2MM reports what arrived. */
TEST(short_by_knob)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	struct axidma_status s0, s;
	unsigned char *tp, *rp;
	uint64_t rid, tid;

	NEED_ENGINE();
	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	get_status(rx, &s0);
	KNOB("mm2s", "short_by", "24");
	pattern(tp, 8192, 9);
	memset(rp, 0xee, 65536);
	rid = submit(rx, 0, 0, 8192, 0, 0, 0);
	tid = submit(tx, 0, 0, 8192, 0, 0, 0);
	wait_done(tx, tid, &rec);
	EXPECT_EQ(rec.bytes, 8192);	/* MM2S read it all */
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 8192 - 24));
	EXPECT_EQ(check_pattern(rp, 8192 - 24, 9), 8192 - 24);
	EXPECT_EQ(rp[8192 - 24], 0xee);
	get_status(rx, &s);
	EXPECT_EQ(s.bytes, s0.bytes + rec.bytes);
	KNOB("mm2s", "short_by", "0");
	close(rx);
	close(tx);
}

/* A lost TLAST merges two packets into one receive. */
TEST(drop_tlast_knob)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	unsigned char *tp, *rp;
	uint64_t rid;

	NEED_ENGINE();
	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	KNOB("mm2s", "drop_tlast", "1");
	pattern(tp, 2048, 4);
	rid = submit(rx, 0, 0, 65536, 0, 0, 0);
	submit(tx, 0, 0, 1024, 0, 0, 0);
	submit(tx, 0, 1024, 1024, 0, 0, 0);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 2048));
	EXPECT_EQ(check_pattern(rp, 2048, 4), 2048);
	close(rx);
	close(tx);
}

/* ===== timeouts ============================================================ */

/* A stalled engine: the transfer times out, the queue goes on. */
TEST(timeout_stalled_engine)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec, r2;
	struct axidma_status s0, s;
	unsigned char *tp, *rp;
	uint64_t a, b, rid, t0;

	NEED_ENGINE();
	set_bufs(rx, 1, 65536);
	set_bufs(tx, 2, 65536);
	tp = map_buf(tx, 1);
	rp = map_buf(rx, 0);
	get_status(tx, &s0);
	KNOB("mm2s", "stall", "1");
	pattern(tp, 5000, 3);
	rid = submit(rx, 0, 0, 65536, 0, 0, 0);
	t0 = now_ns();
	a = submit(tx, 0, 0, 4096, 1, AXIDMA_XFER_TIMEOUT, 80 * MS);
	b = submit(tx, 1, 0, 5000, 2, AXIDMA_XFER_TIMEOUT, 5 * SEC);
	ASSERT_OK(wait_id(tx, a, 5 * SEC, &rec));
	EXPECT_EQ(rec.id, a);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_EQ(rec.error, -ETIMEDOUT);
	EXPECT_EQ(rec.result, AXIDMA_RESULT_NONE);
	EXPECT_EQ(rec.bytes, 0);
	/* not before its deadline */
	EXPECT_GE(rec.ts_complete - rec.ts_issue, 80 * MS);
	EXPECT_GE(now_ns() - t0, 80 * MS);
	get_status(tx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(s.last_error, -ETIMEDOUT);
	EXPECT_EQ(s.timeouts, s0.timeouts + 1);
	/* b was handed over after the restart and still runs */
	EXPECT_EQ(s.in_flight, 1);
	KNOB("mm2s", "stall", "0");
	wait_done(tx, b, &r2);
	EXPECT_GE(r2.ts_issue, rec.ts_complete - 1);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 5000));
	EXPECT_EQ(check_pattern(rp, 5000, 3), 5000);
	get_status(tx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	close(rx);
	close(tx);
}

/* The per-transfer timeout against the channel default; counted from issue. */
TEST(timeout_default_vs_flag)
{
	int rx = open_rx();
	struct axidma_info i0;
	struct axidma_completion rec[3];
	struct axidma_status s0, s;
	uint64_t a, b, c, t0;

	get_info(rx, &i0);
	get_status(rx, &s0);
	set_bufs(rx, 1, 4096);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 100 * MS, 0));
	/* flag with 0: no timeout, whatever the default */
	a = submit(rx, 0, 0, 64, 0, AXIDMA_XFER_TIMEOUT, 0);
	EXPECT_ERRNO(ETIMEDOUT, wait_id(rx, a, 300 * MS, rec));
	get_status(rx, &s);
	EXPECT_EQ(s.in_flight, 1);
	EXPECT_EQ(s.timeouts, s0.timeouts);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	ASSERT_OK(wait_id(rx, a, 0, rec));
	EXPECT_EQ(rec[0].status, AXIDMA_STATUS_ABORTED);

	/* b: the default (100 ms); c: its own 30 ms, queued behind b */
	b = submit(rx, 0, 0, 64, 1, 0, 0);
	c = submit(rx, 0, 0, 64, 2, AXIDMA_XFER_TIMEOUT, 30 * MS);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, c,
			    5 * SEC, rec, 2, NULL));
	EXPECT_EQ(rec[0].id, b);
	EXPECT_EQ(rec[0].status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_GE(rec[0].ts_complete - rec[0].ts_issue, 100 * MS);
	EXPECT_EQ(rec[1].id, c);
	EXPECT_EQ(rec[1].status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_GE(rec[1].ts_complete - rec[1].ts_issue, 30 * MS);
	/* queueing time did not count: issued after b ended */
	EXPECT_GE(rec[1].ts_issue, rec[0].ts_complete - 1);
	EXPECT_GE(rec[1].ts_issue - rec[1].ts_submit, 90 * MS);

	/* a shorter own timeout beats a long default */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 60 * SEC, 0));
	t0 = now_ns();
	a = submit(rx, 0, 0, 64, 0, AXIDMA_XFER_TIMEOUT, 40 * MS);
	ASSERT_OK(wait_id(rx, a, 5 * SEC, rec));
	EXPECT_EQ(rec[0].status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_LT(now_ns() - t0, 3 * SEC);
	/* the default as it was at submit time: 0 means none */
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 0, 0));
	a = submit(rx, 0, 0, 64, 0, 0, 0);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, 10 * MS, 0));
	EXPECT_ERRNO(ETIMEDOUT, wait_id(rx, a, 200 * MS, rec));
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_TIMEOUT, 0, i0.timeout_ns, 0));
	close(rx);
}

/* ===== injected errors ===================================================== */

/* An engine error the provider never reports: the timeout path. */
TEST(error_silent_timeout_path)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	struct axidma_status s0, s;
	unsigned char *tp, *rp;
	uint64_t id, rid;

	NEED_ENGINE();
	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	get_status(tx, &s0);
	KNOB("mm2s", "error_completes", "0");
	KNOB("mm2s", "error_on_bd", "1");
	id = submit(tx, 0, 0, 4096, 0, AXIDMA_XFER_TIMEOUT, 80 * MS);
	ASSERT_OK(wait_id(tx, id, 5 * SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_EQ(rec.error, -ETIMEDOUT);
	get_status(tx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(s.timeouts, s0.timeouts + 1);
	EXPECT_EQ(s.errors, s0.errors);
	/* the channel works afterwards */
	pattern(tp, 3000, 8);
	rid = submit(rx, 0, 0, 65536, 0, 0, 0);
	wait_done(tx, submit(tx, 0, 0, 3000, 0, 0, 0), &rec);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 3000));
	EXPECT_EQ(check_pattern(rp, 3000, 8), 3000);
	get_status(tx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	close(rx);
	close(tx);
}

/* A reported error: status ERROR, the provider's result, -EIO. */
static void error_reported(const char *chan, uint32_t want_result)
{
	int rx = open_rx(), tx = open_tx();
	int fd = !strcmp(chan, "mm2s") ? tx : rx;
	struct axidma_completion rec;
	struct axidma_status s0, s;
	unsigned char *tp, *rp;
	uint64_t id, rid, t0;

	set_bufs(rx, 1, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	get_status(fd, &s0);
	KNOB(chan, "error_completes", "1");
	KNOB(chan, "error_on_bd", "1");
	t0 = now_ns();
	if (fd == tx) {
		id = submit(tx, 0, 0, 4096, 77, 0, 0);
	} else {
		id = submit(rx, 0, 0, 4096, 77, 0, 0);
		wait_done(tx, submit(tx, 0, 0, 100, 0, 0, 0), &rec);
	}
	ASSERT_OK(wait_id(fd, id, 5 * SEC, &rec));
	EXPECT_LT(now_ns() - t0, 3 * SEC);
	EXPECT_EQ(rec.id, id);
	EXPECT_EQ(rec.tag, 77);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ERROR);
	EXPECT_EQ(rec.result, want_result);
	EXPECT_EQ(rec.error, -EIO);
	get_status(fd, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(s.last_error, -EIO);
	EXPECT_EQ(s.errors, s0.errors + 1);
	EXPECT_EQ(s.done, s0.done);
	KNOB(chan, "error_completes", "0");
	drain(tx);
	drain(rx);
	ASSERT_OK(sim_knob(NULL, "fifo", "0"));
	/* the channel works afterwards */
	pattern(tp, 2000, 6);
	rid = submit(rx, 0, 0, 65536, 0, 0, 0);
	wait_done(tx, submit(tx, 0, 0, 2000, 0, 0, 0), &rec);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 2000));
	EXPECT_EQ(check_pattern(rp, 2000, 6), 2000);
	get_status(fd, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.last_error, -EIO);
	close(rx);
	close(tx);
}

TEST(error_reported_mm2s)
{
	NEED_ENGINE();
	error_reported("mm2s", AXIDMA_RESULT_WRITE_FAILED);
}

TEST(error_reported_s2mm)
{
	NEED_ENGINE();
	error_reported("s2mm", AXIDMA_RESULT_READ_FAILED);
}

/* error_now on a transfer in flight (stalled) with error_completes 1. */
TEST(error_now_in_flight)
{
	int tx = open_tx();
	struct axidma_completion rec;
	uint64_t id;

	NEED_ENGINE();
	set_bufs(tx, 1, 65536);
	KNOB("mm2s", "stall", "1");
	KNOB("mm2s", "error_completes", "1");
	id = submit(tx, 0, 0, 4096, 0, 0, 0);
	EXPECT_ERRNO(ETIMEDOUT, wait_id(tx, id, 30 * MS, &rec));
	KNOB("mm2s", "error_now", "1");
	ASSERT_OK(wait_id(tx, id, 5 * SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ERROR);
	EXPECT_EQ(rec.result, AXIDMA_RESULT_WRITE_FAILED);
	EXPECT_EQ(rec.error, -EIO);
	KNOB("mm2s", "stall", "0");
	KNOB("mm2s", "error_completes", "0");
	ASSERT_OK(sim_knob(NULL, "fifo", "0"));
	wait_done(tx, submit(tx, 0, 0, 4096, 0, 0, 0), &rec);
	close(tx);
}

/* ===== STOP and close ====================================================== */

TEST(stop_records)
{
	int rx = open_rx();
	struct axidma_completion rec[4];
	struct axidma_status s0, s;
	struct axidma_xfer x[3];
	unsigned int n, i;
	uint64_t rid, t0, t1;

	set_bufs(rx, 3, 4096);
	/* stopping an idle channel is fine */
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	get_status(rx, &s0);
	for (i = 0; i < 3; i++)
		x[i] = xfer(i, 0, 4096, 50 + i);
	t0 = now_ns();
	rid = submit_n(rx, x, 3);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	t1 = now_ns();
	get_status(rx, &s);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.in_flight + s.queued, 0);
	EXPECT_EQ(s.completed, 3);
	EXPECT_EQ(s.aborted, s0.aborted + 3);
	EXPECT_EQ(s.last_error, 0);
	ASSERT_OK(wait_recs(rx, 0, 0, 0, rec, 4, &n));
	ASSERT_EQ(n, 3);
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(rec[i].id, rid + i);
		EXPECT_EQ(rec[i].tag, 50 + i);
		EXPECT_EQ(rec[i].status, AXIDMA_STATUS_ABORTED);
		EXPECT_EQ(rec[i].error, -ECANCELED);
		EXPECT_EQ(rec[i].result, AXIDMA_RESULT_NONE);
		EXPECT_EQ(rec[i].bytes, 0);
		EXPECT_GE(rec[i].ts_submit, t0);
		EXPECT_LE(rec[i].ts_complete, t1);
		EXPECT_LE(rec[i].ts_submit, rec[i].ts_complete);
	}
	/* the first was handed to the provider, the queued ones never */
	EXPECT_NE(rec[0].ts_issue, 0);
	EXPECT_EQ(rec[1].ts_issue, 0);
	EXPECT_EQ(rec[2].ts_issue, 0);
	/* usable at once */
	rid = submit(rx, 0, 0, 64, 0, 0, 0);
	get_status(rx, &s);
	EXPECT_EQ(s.in_flight, 1);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	close(rx);
}

/* Close with transfers in flight, queued and unread: free for the next. */
TEST(close_during_transfer)
{
	int rx = open_rx(), tx, ro = open_path(dev_rx, O_RDONLY);
	struct axidma_completion rec;
	struct axidma_status s0, s;
	struct axidma_xfer x[3] = { xfer(0, 0, 4096, 0), xfer(1, 0, 4096, 0),
				    xfer(2, 0, 4096, 0) };
	unsigned char *tp, *rp;
	uint64_t rid;

	get_status(ro, &s0);
	set_bufs(rx, 3, 65536);
	rp = map_buf(rx, 0);
	memset(rp, 0x11, 65536);
	munmap(rp, 65536);
	submit_n(rx, x, 3);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));	/* three unread records */
	submit_n(rx, x, 3);
	close(rx);
	get_status(ro, &s);
	EXPECT_EQ(s.flags, 0);
	EXPECT_EQ(s.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(s.queued + s.in_flight + s.completed, 0);
	EXPECT_EQ(s.aborted, s0.aborted + 6);
	EXPECT_EQ(sysfs_num("rx", "buffers_allocated"), 0);

	/* the next opener: nothing left over, fresh memory, it works */
	rx = open_rx();
	tx = open_tx();
	set_bufs(tx, 1, 65536);
	EXPECT_ERRNO(ENODATA, wait_recs(rx, 0, 0, 0, &rec, 1, NULL));
	rp = map_buf(rx, 0);
	EXPECT_EQ(check_fill(rp, 65536, 0), 65536);
	tp = map_buf(tx, 0);
	pattern(tp, 4096, 12);
	rid = submit(rx, 0, 0, 4096, 0, 0, 0);
	wait_done(tx, submit(tx, 0, 0, 4096, 0, 0, 0), &rec);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(check_pattern(rp, 4096, 12), 4096);
	close(rx);
	close(tx);
	close(ro);
}

/* Close while the engine holds the transfer (stalled), then resume it. */
TEST(close_stalled_transfer)
{
	int tx = open_tx(), rx;
	struct axidma_completion rec;
	unsigned char *rp, *tp;
	uint64_t rid;

	NEED_ENGINE();
	set_bufs(tx, 2, 65536);
	KNOB("mm2s", "stall", "1");
	submit(tx, 0, 0, 65536, 0, 0, 0);
	submit(tx, 1, 0, 65536, 0, 0, 0);
	close(tx);
	KNOB("mm2s", "stall", "0");
	msleep(20);
	/* nothing of the closed owner's transfers reaches the stream */
	rx = open_rx();
	tx = open_tx();
	set_bufs(tx, 1, 65536);
	set_bufs(rx, 1, 65536);
	rp = map_buf(rx, 0);
	tp = map_buf(tx, 0);
	pattern(tp, 700, 13);
	rid = submit(rx, 0, 0, 65536, 0, 0, 0);
	wait_done(tx, submit(tx, 0, 0, 700, 0, 0, 0), &rec);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 700));
	EXPECT_EQ(check_pattern(rp, 700, 13), 700);
	close(rx);
	close(tx);
}

/* ===== signals ============================================================= */

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	(void)sig;
	got_sig++;
}

static void set_handler(int restart)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sig;
	sa.sa_flags = restart ? SA_RESTART : 0;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

/*
 * A child that sends SIGUSR1 to the parent every 50 ms (so that one lands
 * while the parent sleeps in WAIT, however slow the machine), and with
 * @pkt after 8 of them a packet on the inherited tx file, then goes on
 * signalling until killed.
 */
static pid_t helper(int tx, int pkt)
{
	pid_t parent = getpid(), pid = fork();
	unsigned int i;

	if (pid)
		return pid;
	for (i = 0;; i++) {
		msleep(50);
		kill(parent, SIGUSR1);
		if (pkt && i == 8)
			submit(tx, 0, 0, 128, 0, 0, 0);
	}
}

static void reap(pid_t pid)
{
	int st;

	ASSERT_EQ(waitpid(pid, &st, 0), pid);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

static void stop_helper(pid_t pid)
{
	int st;

	kill(pid, SIGKILL);
	ASSERT_EQ(waitpid(pid, &st, 0), pid);
}

/* With a time limit a signal gives EINTR (also with SA_RESTART). */
TEST(signal_wait_timeout_eintr)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	uint64_t rid, t0;
	pid_t pid;

	set_bufs(rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	set_handler(1);
	rid = submit(rx, 0, 0, 4096, 5, 0, 0);
	pid = helper(tx, 0);
	t0 = now_ns();
	EXPECT_ERRNO(EINTR, wait_id(rx, rid, 20 * SEC, &rec));
	EXPECT_LT(now_ns() - t0, 10 * SEC);
	EXPECT_GE(got_sig, 1);
	stop_helper(pid);
	/* the record is not lost: the next wait returns it */
	submit(tx, 0, 0, 128, 0, 0, 0);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.tag, 5);
	close(rx);
	close(tx);
}

/* Without a time limit and without SA_RESTART: EINTR. */
TEST(signal_wait_eintr)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	uint64_t rid;
	pid_t pid;

	set_bufs(rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	set_handler(0);
	rid = submit(rx, 0, 0, 4096, 6, 0, 0);
	pid = helper(tx, 0);
	EXPECT_ERRNO(EINTR, wait_recs(rx, AXIDMA_WAIT_ID, rid, 0, &rec, 1,
				      NULL));
	EXPECT_GE(got_sig, 1);
	stop_helper(pid);
	submit(tx, 0, 0, 128, 0, 0, 0);
	ASSERT_OK(wait_recs(rx, 0, 0, 0, &rec, 1, NULL));
	EXPECT_EQ(rec.id, rid);
	EXPECT_EQ(rec.tag, 6);
	close(rx);
	close(tx);
}

/* Without a time limit and with SA_RESTART: restarted, the record comes. */
TEST(signal_wait_restart)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	unsigned int n;
	uint64_t rid;
	pid_t pid;

	set_bufs(rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	set_handler(1);
	rid = submit(rx, 0, 0, 4096, 7, 0, 0);
	pid = helper(tx, 1);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID, rid, 0, &rec, 1, &n));
	stop_helper(pid);
	EXPECT_GE(got_sig, 8);
	EXPECT_EQ(n, 1);
	EXPECT_EQ(rec.id, rid);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 128));
	drain(tx);
	close(rx);
	close(tx);
}

/* ===== poll ================================================================ */

TEST(poll_in_out)
{
	int rx = open_rx(), tx = open_tx(), ro = open_path(dev_rx, O_RDONLY);
	struct axidma_info info;
	struct axidma_completion rec;
	struct pollfd p[2];
	struct axidma_xfer *x;
	unsigned int i, q;
	uint64_t rid, t0;

	set_bufs(rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	get_info(rx, &info);
	q = info.queue_size;
	p[0] = (struct pollfd){ .fd = rx, .events = POLLIN | POLLOUT };
	p[1] = (struct pollfd){ .fd = ro, .events = POLLIN | POLLOUT };
	/* idle owner: only POLLOUT; the information open: nothing */
	ASSERT_EQ(poll(p, 2, 0), 1);
	EXPECT_EQ(p[0].revents, POLLOUT);
	EXPECT_EQ(p[1].revents, 0);
	/* in flight: no POLLIN before the record */
	rid = submit(rx, 0, 0, 4096, 0, 0, 0);
	p[0].events = POLLIN;
	p[1].events = POLLIN;
	EXPECT_EQ(poll(p, 2, 50), 0);
	/* a blocked poll wakes when the record arrives */
	t0 = now_ns();
	{
		pid_t pid = fork();

		if (pid == 0) {
			msleep(100);
			submit(tx, 0, 0, 64, 0, 0, 0);
			exit(0);
		}
		ASSERT_EQ(poll(p, 1, 5000), 1);
		EXPECT_GE(now_ns() - t0, 80 * MS);
		reap(pid);
	}
	EXPECT_EQ(p[0].revents, POLLIN);
	ASSERT_EQ(poll(&p[1], 1, 0), 1);
	EXPECT_EQ(p[1].revents, POLLIN);	/* readers see records too */
	ASSERT_OK(wait_id(rx, rid, 0, &rec));
	EXPECT_EQ(poll(p, 2, 0), 0);

	/* the queue full (records unread count): no POLLOUT */
	x = calloc(q, sizeof(*x));
	ASSERT_TRUE(x);
	for (i = 0; i < q; i++)
		x[i] = xfer(0, 0, 64, i);
	submit_n(rx, x, q - 1);
	p[0].events = POLLOUT;
	ASSERT_EQ(poll(p, 1, 0), 1);
	submit_n(rx, x, 1);
	EXPECT_EQ(poll(p, 1, 0), 0);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	p[0].events = POLLIN | POLLOUT;
	ASSERT_EQ(poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLIN);	/* q unread records */
	ASSERT_OK(wait_recs(rx, 0, 0, 0, &rec, 1, NULL));
	ASSERT_EQ(poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLIN | POLLOUT);
	drain(rx);
	ASSERT_EQ(poll(p, 1, 0), 1);
	EXPECT_EQ(p[0].revents, POLLOUT);
	free(x);
	close(ro);
	close(rx);
	close(tx);
}

/* ===== the queue =========================================================== */

TEST(queue_full_eagain)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_info info;
	struct axidma_completion rec;
	struct axidma_submit s;
	struct axidma_xfer *x;
	unsigned int i, q;

	set_bufs(rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	get_info(rx, &info);
	q = info.queue_size;
	x = calloc(q, sizeof(*x));
	ASSERT_TRUE(x);
	for (i = 0; i < q; i++)
		x[i] = xfer(0, 0, 64, i);
	submit_n(rx, x, q);
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1 };
	EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	/* one packet: one record, still unread, still full */
	wait_done(tx, submit(tx, 0, 0, 32, 0, 0, 0), &rec);
	for (i = 0; i < 500 && sysfs_num("rx", "completed") != 1; i++)
		msleep(2);
	EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	/* reading it makes room for exactly one */
	ASSERT_OK(wait_recs(rx, 0, 0, 0, &rec, 1, NULL));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 2 };
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.submitted, 1);
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 1 };
	EXPECT_ERRNO(EAGAIN, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	free(x);
	close(rx);
	close(tx);
}

/* ===== mmap ================================================================ */

TEST(mmap_bounds)
{
	int tx = open_tx(), wo;
	long pg = getpagesize();
	struct axidma_info info;
	unsigned char *p, *q;
	void *r;

	set_bufs(tx, 2, 2 * pg);
	get_info(tx, &info);
	/* offset beyond the buffers */
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_SHARED, tx,
					2 * info.buf_stride));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_SHARED, tx,
					1000 * info.buf_stride));
	/* longer than the buffer, or across two buffers */
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, 3 * pg, PROT_READ, MAP_SHARED,
					tx, 0));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, 2 * pg, PROT_READ, MAP_SHARED,
					tx, pg));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, 4 * pg, PROT_READ, MAP_SHARED,
					tx, 0));
	/* private mappings; offsets not page aligned (the kernel's check) */
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_PRIVATE, tx, 0));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ | PROT_WRITE,
					MAP_PRIVATE, tx, 0));
	EXPECT_ERRNO(EINVAL, (long)mmap(NULL, pg, PROT_READ, MAP_SHARED, tx, 8));
	/* the second page of buffer 1 alone */
	p = map_buf(tx, 1);
	q = mmap(NULL, pg, PROT_READ, MAP_SHARED, tx, info.buf_stride + pg);
	ASSERT_NE((long)q, (long)MAP_FAILED);
	p[pg + 3] = 0x42;
	EXPECT_EQ(q[3], 0x42);
	/* a mapping cannot grow */
	r = mremap(q, pg, 2 * pg, MREMAP_MAYMOVE);
	EXPECT_TRUE(r == MAP_FAILED);
	EXPECT_EQ(errno, EFAULT);
	/* never executable: PROT_EXEC refused, also through mprotect() */
	EXPECT_ERRNO(EPERM, (long)mmap(NULL, pg, PROT_READ | PROT_EXEC,
				       MAP_SHARED, tx, 0));
	EXPECT_ERRNO(EACCES, mprotect(q, pg, PROT_READ | PROT_EXEC));
	munmap(q, pg);
	munmap(p, 2 * pg);
	close(tx);
	/*
	 * The driver's own check, where the mount allows exec (/dev is
	 * usually noexec, which refuses it before the driver): a node in
	 * /tmp (tmpfs).
	 */
	{
		const char *node = "/tmp/axidma_api_node";
		struct stat sb;
		int fd;

		ASSERT_OK(stat(dev_tx, &sb));
		unlink(node);
		ASSERT_OK(mknod(node, S_IFCHR | 0600, sb.st_rdev));
		fd = open_path(node, O_RDWR);
		unlink(node);
		set_bufs(fd, 1, pg);
		EXPECT_ERRNO(EPERM, (long)mmap(NULL, pg, PROT_READ | PROT_EXEC,
					       MAP_SHARED, fd, 0));
		p = mmap(NULL, pg, PROT_READ, MAP_SHARED, fd, 0);
		ASSERT_NE((long)p, (long)MAP_FAILED);
		EXPECT_ERRNO(EACCES, mprotect(p, pg, PROT_READ | PROT_EXEC));
		munmap(p, pg);
		close(fd);
	}
	/* an owner opened write-only cannot map (the kernel needs read) */
	wo = open_path(dev_tx, O_WRONLY);
	EXPECT_ERRNO(EACCES, (long)mmap(NULL, pg, PROT_WRITE, MAP_SHARED, wo, 0));
	close(wo);
}

/* Mappings hold the file: ownership ends with the last of them. */
TEST(mmap_lifetime)
{
	int tx = open_tx(), ro = open_path(dev_tx, O_RDONLY);
	long pg = getpagesize();
	struct axidma_status s;
	unsigned char *p;

	set_bufs(tx, 1, 4 * pg);
	/* close after munmap */
	p = map_buf(tx, 0);
	munmap(p, 4 * pg);
	close(tx);
	get_status(ro, &s);
	EXPECT_EQ(s.flags, 0);

	/* munmap after close, in pieces */
	tx = open_tx();
	p = map_buf(tx, 0);
	pattern(p, 4 * pg, 21);
	close(tx);
	get_status(ro, &s);
	EXPECT_EQ(s.flags, AXIDMA_STATUS_OWNED | AXIDMA_STATUS_MAPPED);
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	munmap(p + pg, pg);		/* splits the mapping in two */
	EXPECT_EQ(check_pattern(p, pg, 21), pg);
	EXPECT_EQ(p[3 * pg], pat(3 * pg, 21));
	munmap(p, pg);
	get_status(ro, &s);
	EXPECT_EQ(s.flags & AXIDMA_STATUS_OWNED, AXIDMA_STATUS_OWNED);
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	munmap(p + 2 * pg, 2 * pg);
	get_status(ro, &s);
	EXPECT_EQ(s.flags, 0);
	EXPECT_EQ(sysfs_num("tx", "buffers_allocated"), 0);
	tx = open_tx();
	close(tx);
	close(ro);
}

/* fork: the child shares the mapping and the ownership. */
TEST(mmap_fork)
{
	int tx = open_tx(), rx = open_rx(), pfd[2], cfd[2], st;
	long pg = getpagesize();
	struct axidma_completion rec;
	unsigned char *p, *rp, c;
	uint64_t rid;
	pid_t pid;

	set_bufs(tx, 1, 2 * pg);
	set_bufs(rx, 1, 2 * pg);
	p = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	memset(p, 0, 2 * pg);
	p[0] = 0x77;
	ASSERT_OK(pipe(pfd));
	ASSERT_OK(pipe(cfd));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* sees the parent's data, writes a pattern, then waits */
		EXPECT_EQ(p[0], 0x77);
		pattern(p + 16, 1000, 31);
		if (write(cfd[1], "w", 1) != 1)
			exit(2);
		if (read(pfd[0], &c, 1) != 1)
			exit(2);
		/* the parent closed and unmapped: still usable here */
		EXPECT_EQ(p[0], 0x78);
		wait_done(tx, submit(tx, 0, 0, 1016, 0, 0, 0), &rec);
		exit(tap_failed_here);
	}
	ASSERT_EQ(read(cfd[0], &c, 1), 1);
	/* data written by the child is visible here */
	EXPECT_EQ(check_pattern(p + 16, 1000, 31), 1000);
	p[0] = 0x78;
	rid = submit(rx, 0, 0, 2 * pg, 0, 0, 0);
	munmap(p, 2 * pg);
	close(tx);
	/* the child still holds the file: the channel is owned */
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	ASSERT_EQ(write(pfd[1], "g", 1), 1);
	ASSERT_EQ(waitpid(pid, &st, 0), pid);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	/* the child's transfer of the shared buffer went through */
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 1016));
	EXPECT_EQ(rp[0], 0x78);
	EXPECT_EQ(check_pattern(rp + 16, 1000, 31), 1000);
	/* last reference gone: free */
	tx = open_tx();
	close(tx);
	close(rx);
}

/* ===== ownership =========================================================== */

TEST(owner_and_readers)
{
	int tx = open_tx(), d, st, wo;
	pid_t pid;

	/* another process: EBUSY for write opens; reads work, owner ioctls
	 * EBADF, mmap EACCES */
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct axidma_info info;
		struct axidma_status s;
		struct axidma_buffer b = { .index = 0 };
		struct axidma_buffers bs = { .count = 1, .size = 4096 };
		struct axidma_config c = { .flags = AXIDMA_CONFIG_DEPTH,
					   .depth = 1 };
		struct axidma_xfer x = xfer(0, 0, 64, 0);
		struct axidma_submit sub = { .xfers = (uintptr_t)&x, .count = 1 };
		struct axidma_completion rec;
		struct axidma_wait w = { .records = (uintptr_t)&rec,
					 .max_records = 1 };
		struct pollfd p;
		int ro;

		EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
		EXPECT_ERRNO(EBUSY, open(dev_tx, O_WRONLY));
		ro = open_path(dev_tx, O_RDONLY);
		get_info(ro, &info);
		EXPECT_EQ(info.caps & AXIDMA_CAP_OWNER, 0);
		get_status(ro, &s);
		EXPECT_EQ(s.flags & AXIDMA_STATUS_OWNED, AXIDMA_STATUS_OWNED);
		ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_BUFFER, &b));
		EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_SET_BUFFERS, &bs));
		EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_SET_CONFIG, &c));
		EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_SUBMIT, &sub));
		EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_WAIT, &w));
		EXPECT_ERRNO(EBADF, ioctl(ro, AXIDMA_IOC_STOP));
		EXPECT_ERRNO(EACCES, (long)mmap(NULL, 4096, PROT_READ,
						MAP_SHARED, ro, 0));
		p = (struct pollfd){ .fd = ro, .events = POLLIN | POLLOUT };
		EXPECT_EQ(poll(&p, 1, 0), 0);
		close(ro);
		exit(tap_failed_here);
	}
	ASSERT_EQ(waitpid(pid, &st, 0), pid);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);

	/* dup shares the ownership; it ends with the last descriptor */
	d = dup(tx);
	close(tx);
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	set_bufs(d, 1, 4096);
	ASSERT_OK(ioctl(d, AXIDMA_IOC_STOP));
	close(d);
	/* a write-only open owns the channel too */
	wo = open_path(dev_tx, O_WRONLY);
	EXPECT_ERRNO(EBUSY, open(dev_tx, O_RDWR));
	set_bufs(wo, 1, 4096);
	close(wo);
	tx = open_tx();
	close(tx);
}

/* ===== the S2MM depth policy =============================================== */

/* Depth 1: a lone packet is reported at once, with buffers queued. */
TEST(s2mm_depth1_prompt)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec;
	struct axidma_info info;
	struct axidma_status s;
	struct axidma_xfer x[4];
	unsigned char *tp, *rp;
	unsigned int i;
	uint64_t rid, t0;

	get_info(rx, &info);
	ASSERT_EQ(info.depth, 1);
	set_bufs(rx, 4, 65536);
	set_bufs(tx, 1, 65536);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	for (i = 0; i < 4; i++)
		x[i] = xfer(i, 0, 65536, i);
	rid = submit_n(rx, x, 4);
	pattern(tp, 300, 41);
	t0 = now_ns();
	submit(tx, 0, 0, 300, 0, 0, 0);
	ASSERT_OK(wait_id(rx, rid, 5 * SEC, &rec));
	EXPECT_LT(now_ns() - t0, 2 * SEC);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, rx_bytes(&rec, 300));
	EXPECT_EQ(check_pattern(rp, 300, 41), 300);
	/* the others wait for their own packets */
	get_status(rx, &s);
	EXPECT_EQ(s.in_flight, 1);
	EXPECT_EQ(s.queued, 2);
	ASSERT_OK(ioctl(rx, AXIDMA_IOC_STOP));
	close(rx);
	close(tx);
}

/* Depth N in SG mode: a batch of N completes when all N are filled. */
TEST(s2mm_depth_batch)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec[3];
	struct axidma_xfer x[3];
	unsigned int i, n;
	uint64_t rid;

	if (!sg_mode)
		SKIP("direct register mode: depth must stay 1");
	set_bufs(rx, 3, 4096);
	set_bufs(tx, 1, 4096);
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 3, 0, 0));
	for (i = 0; i < 3; i++)
		x[i] = xfer(i, 0, 4096, i);
	rid = submit_n(rx, x, 3);
	for (i = 0; i < 2; i++)
		wait_done(tx, submit(tx, 0, 0, 100 + i, 0, 0, 0), rec);
	/* two packets in, the batch of three is not reported */
	EXPECT_ERRNO(ETIMEDOUT, wait_id(rx, rid, 150 * MS, rec));
	wait_done(tx, submit(tx, 0, 0, 102, 0, 0, 0), rec);
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, rid + 2,
			    5 * SEC, rec, 3, &n));
	EXPECT_EQ(n, 3);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(rec[i].status, AXIDMA_STATUS_DONE);
		EXPECT_EQ(rec[i].bytes, 100 + i);
	}
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DEPTH, 1, 0, 0));
	close(rx);
	close(tx);
}

/* MM2S with a depth above 1 (SG): everything completes, data in order. */
TEST(mm2s_depth_n)
{
	int rx = open_rx(), tx = open_tx();
	struct axidma_completion rec[8];
	struct axidma_status s;
	struct axidma_xfer tx_x[8], rx_x[8];
	unsigned char *tp, *rp;
	unsigned int i, n, got = 0;
	uint64_t tid;

	if (!sg_mode)
		SKIP("direct register mode: depth must stay 1");
	set_bufs(rx, 8, 4096);
	set_bufs(tx, 1, 8 * 4096);
	tp = map_buf(tx, 0);
	ASSERT_OK(set_config(tx, AXIDMA_CONFIG_DEPTH, 8, 0, 0));
	for (i = 0; i < 8; i++) {
		pattern(tp + i * 4096, 4096, 60 + i);
		tx_x[i] = xfer(0, i * 4096, 1000 + i * 300, i);
		rx_x[i] = xfer(i, 0, 4096, i);
	}
	/* stalled: all eight go to the provider at once */
	if (engine)
		KNOB("mm2s", "stall", "1");
	tid = submit_n(tx, tx_x, 8);
	if (engine) {
		get_status(tx, &s);
		EXPECT_EQ(s.in_flight, 8);
		KNOB("mm2s", "stall", "0");
	}
	while (got < 8) {
		ASSERT_OK(wait_recs(tx, AXIDMA_WAIT_TIMEOUT, 0, 5 * SEC,
				    rec + got, 8 - got, &n));
		got += n;
	}
	for (i = 0; i < 8; i++) {
		EXPECT_EQ(rec[i].id, tid + i);
		EXPECT_EQ(rec[i].status, AXIDMA_STATUS_DONE);
		EXPECT_EQ(rec[i].bytes, 1000 + i * 300);
	}
	/* the stream kept the order */
	submit_n(rx, rx_x, 8);
	for (i = 0; i < 8; i++) {
		ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, 5 * SEC, rec, 1,
				    NULL));
		EXPECT_EQ(rec[0].bytes, rx_bytes(&rec[0], 1000 + i * 300));
		rp = map_buf(rx, i);
		EXPECT_EQ(check_pattern(rp, 1000 + i * 300, 60 + i),
			  1000 + i * 300);
		munmap(rp, 4096);
	}
	ASSERT_OK(set_config(tx, AXIDMA_CONFIG_DEPTH, 1, 0, 0));
	close(rx);
	close(tx);
}

int main(int argc, char **argv)
{
	util_init();
	tap_each = sim_reset;
	return tap_main(argc, argv);
}
