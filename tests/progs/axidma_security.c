// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_security - what a caller may see and touch: nodes closed to
 * non-root users, no bus addresses without CAP_SYS_ADMIN (ioctl, records,
 * sysfs), no DMA outside the bytes a transfer names, buffers zeroed before
 * first use (new set, reconfigured set, new owner), counters that add up.
 *
 * Environment: AXIDMA_CLIENT (default loop0), AXIDMA_SG. Runs as root.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <linux/capability.h>
#include <sys/syscall.h>

#include "tap.h"
#include "axidma_rel.h"

static const char *client;

static void drop_cap_sys_admin(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	ASSERT_OK(syscall(SYS_capget, &h, d));
	d[CAP_SYS_ADMIN / 32].effective &= ~(1u << (CAP_SYS_ADMIN % 32));
	d[CAP_SYS_ADMIN / 32].permitted &= ~(1u << (CAP_SYS_ADMIN % 32));
	ASSERT_OK(syscall(SYS_capset, &h, d));
}

TEST(nodes_closed_to_other_users)
{
	struct rel_pair p;
	struct stat st;

	rel_paths(&p, client);
	ASSERT_OK(stat(p.tx_path, &st));
	EXPECT_EQ(st.st_mode & 0777, 0600);
	EXPECT_EQ(st.st_uid, 0);
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	ASSERT_OK(setgid(65534));
	ASSERT_OK(setuid(65534));
	EXPECT_ERRNO(EACCES, open(p.tx_path, O_RDWR));
	EXPECT_ERRNO(EACCES, open(p.rx_path, O_RDONLY));
}

/* Looks for @addr in every attribute of the channel's class device. */
static int sysfs_has(const char *name, uint64_t addr)
{
	char dir[PATH_MAX], path[PATH_MAX * 2], buf[4096], hex[32], dec[32];
	struct dirent *e;
	DIR *d;
	int found = 0;

	snprintf(dir, sizeof(dir), "/sys/class/axidma/%s:%s", client, name);
	snprintf(hex, sizeof(hex), "%llx", (unsigned long long)addr);
	snprintf(dec, sizeof(dec), "%llu", (unsigned long long)addr);
	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_type != DT_REG)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (rel_read(path, buf, sizeof(buf)))
			continue;
		if (strstr(buf, hex) || strstr(buf, dec)) {
			tap_diag("%s shows %s", path, buf);
			found = 1;
		}
	}
	closedir(d);
	return found;
}

TEST(no_bus_address_without_cap_sys_admin)
{
	struct rel_pair p;
	struct axidma_buffer b = { .index = 1 };
	struct axidma_info info;
	struct axidma_completion rec;
	uint64_t addr, id, rid;
	int ro;

	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	ro = open(p.tx_path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(ro, 0);
	/* root sees the bus address (what CAP_DMA_ADDR announces) */
	ASSERT_OK(ioctl(p.tx, AXIDMA_IOC_GET_BUFFER, &b));
	addr = b.dma_addr;
	EXPECT_NE(addr, 0);
	ASSERT_OK(ioctl(p.tx, AXIDMA_IOC_GET_INFO, &info));
	EXPECT_TRUE(info.caps & AXIDMA_CAP_DMA_ADDR);
	EXPECT_EQ(sysfs_has("tx", addr), 0);

	drop_cap_sys_admin();
	memset(&b, 0, sizeof(b));
	b.index = 1;
	ASSERT_OK(ioctl(p.tx, AXIDMA_IOC_GET_BUFFER, &b));
	EXPECT_EQ(b.dma_addr, 0);
	memset(&b, 0, sizeof(b));
	b.index = 1;
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_BUFFER, &b));
	EXPECT_EQ(b.dma_addr, 0);
	ASSERT_OK(ioctl(p.tx, AXIDMA_IOC_GET_INFO, &info));
	EXPECT_EQ(info.caps & AXIDMA_CAP_DMA_ADDR, 0);
	/* nothing else carries it: records, status */
	ASSERT_OK(rel_loop(&p, 4096, 3));
	ASSERT_OK(rel_submit1(p.rx, 1, 0, 64, 0, &rid));
	ASSERT_OK(rel_submit1(p.tx, 1, 0, 64, 0, &id));
	ASSERT_OK(rel_wait_id(p.tx, id, 5 * REL_SEC, &rec));
	EXPECT_TRUE(rec.offset == 0 && rec.buf == 1);
	EXPECT_TRUE(memmem(&rec, sizeof(rec), &addr, sizeof(addr)) == NULL);
	ASSERT_OK(rel_wait_id(p.rx, rid, 5 * REL_SEC, &rec));
	EXPECT_TRUE(memmem(&rec, sizeof(rec), &addr, sizeof(addr)) == NULL);
	close(ro);
	rel_pair_close(&p);
}

static size_t first_nonzero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return i;
	return n;
}

TEST(buffers_zeroed_before_first_use)
{
	struct rel_pair p;
	unsigned char *m;
	size_t size;
	int fd, i;

	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	for (i = 0; i < 2; i++) {
		m = rel_map(p.rx, i, &size);
		ASSERT_TRUE(m);
		EXPECT_EQ(first_nonzero(m, size), size);
		memset(m, 0xa5, size);
		munmap(m, size);
	}
	/* data received by DMA, too */
	ASSERT_OK(rel_loop(&p, 8192, 4));
	munmap(p.rp, p.rsize);
	p.rp = NULL;
	/* the same geometry again: fresh memory */
	ASSERT_OK(rel_set_bufs(p.rx, 2, 65536));
	for (i = 0; i < 2; i++) {
		m = rel_map(p.rx, i, &size);
		ASSERT_TRUE(m);
		EXPECT_EQ(first_nonzero(m, size), size);
		memset(m, 0x5a, size);
		munmap(m, size);
	}
	/* freed (count 0), then allocated again */
	ASSERT_OK(rel_set_bufs(p.rx, 0, 0));
	ASSERT_OK(rel_set_bufs(p.rx, 3, 65536));
	m = rel_map(p.rx, 2, &size);
	ASSERT_TRUE(m);
	EXPECT_EQ(first_nonzero(m, size), size);
	memset(m, 0x33, size);
	munmap(m, size);
	/* a new owner gets fresh memory, allocated by mmap itself */
	rel_pair_close(&p);
	fd = rel_open(p.rx_path, O_RDWR, 0);
	ASSERT_GE(fd, 0);
	for (i = 0; i < 3; i++) {
		m = rel_map(fd, i, &size);
		ASSERT_TRUE(m);
		EXPECT_EQ(first_nonzero(m, size), size);
		munmap(m, size);
	}
	close(fd);
}

/* An S2MM transfer writes only its own bytes, even for a longer packet. */
TEST(dma_only_into_the_named_bytes)
{
	struct rel_pair p;
	struct axidma_completion rec;
	unsigned char *b1;
	size_t size, i, bad = 0;
	uint64_t rid, tid;

	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	b1 = rel_map(p.rx, 1, &size);
	ASSERT_TRUE(b1);
	memset(p.rp, 0xee, p.rsize);
	memset(b1, 0xee, size);
	rel_fill(p.tp, 1000, 8);
	/* the last 100 bytes of buffer 0, a packet of 1000 */
	ASSERT_OK(rel_submit1(p.rx, 0, p.rsize - 128, 100, 0, &rid));
	ASSERT_OK(rel_submit1(p.tx, 0, 0, 1000, 0, &tid));
	ASSERT_OK(rel_wait_id(p.tx, tid, 5 * REL_SEC, &rec));
	ASSERT_OK(rel_wait_id(p.rx, rid, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, 100);
	EXPECT_EQ(rel_check(p.rp + p.rsize - 128, 100, 8), 100);
	for (i = 0; i < p.rsize; i++)
		if ((i < p.rsize - 128 || i >= p.rsize - 28) && p.rp[i] != 0xee)
			bad++;
	for (i = 0; i < size; i++)
		if (b1[i] != 0xee)
			bad++;
	EXPECT_EQ(bad, 0);
	munmap(b1, size);
	rel_pair_close(&p);
}

static long long sysfs_num(const char *name, const char *attr)
{
	char path[PATH_MAX], buf[64];

	snprintf(path, sizeof(path), "/sys/class/axidma/%s:%s/%s", client,
		 name, attr);
	if (rel_read(path, buf, sizeof(buf)))
		return -1;
	return strtoll(buf, NULL, 0);
}

/* Counters add up: every transfer ends in exactly one of them. */
TEST(counters_add_up)
{
	struct rel_pair p;
	struct axidma_status a, b;
	struct axidma_completion rec;
	uint64_t bytes = 0, id;
	int i;

	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	ASSERT_OK(ioctl(p.rx, AXIDMA_IOC_GET_STATUS, &a));
	for (i = 0; i < 5; i++) {
		ASSERT_OK(rel_loop(&p, 100 + i * 1000, 10 + i));
		bytes += 100 + i * 1000;
	}
	/* two aborted */
	ASSERT_OK(rel_submit1(p.rx, 0, 0, 64, 0, NULL));
	ASSERT_OK(rel_submit1(p.rx, 1, 0, 64, 0, NULL));
	ASSERT_OK(ioctl(p.rx, AXIDMA_IOC_STOP));
	/* one timed out */
	{
		struct axidma_xfer x = { .length = 64,
					 .flags = AXIDMA_XFER_TIMEOUT,
					 .timeout_ns = 1 };
		struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

		ASSERT_OK(ioctl(p.rx, AXIDMA_IOC_SUBMIT, &s));
		id = s.first_id;
	}
	ASSERT_OK(rel_wait_id(p.rx, id - 2, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ABORTED);
	ASSERT_OK(rel_wait_id(p.rx, id - 1, 5 * REL_SEC, &rec));
	ASSERT_OK(rel_wait_id(p.rx, id, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	ASSERT_OK(ioctl(p.rx, AXIDMA_IOC_GET_STATUS, &b));
	EXPECT_EQ(b.submitted - a.submitted, 8);
	EXPECT_EQ(b.done - a.done, 5);
	EXPECT_EQ(b.aborted - a.aborted, 2);
	EXPECT_EQ(b.timeouts - a.timeouts, 1);
	EXPECT_EQ(b.errors - a.errors, 0);
	EXPECT_EQ(b.bytes - a.bytes, bytes);
	EXPECT_EQ(b.submitted, b.done + b.errors + b.timeouts + b.aborted +
		  b.queued + b.in_flight);
	EXPECT_EQ(b.next_id, id + 1);
	EXPECT_EQ(b.queued + b.in_flight + b.completed, 0);
	EXPECT_EQ(b.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(b.last_error, -ETIMEDOUT);
	/* sysfs says the same */
	EXPECT_EQ(sysfs_num("rx", "submitted"), (long long)b.submitted);
	EXPECT_EQ(sysfs_num("rx", "done"), (long long)b.done);
	EXPECT_EQ(sysfs_num("rx", "aborted"), (long long)b.aborted);
	EXPECT_EQ(sysfs_num("rx", "timeouts"), (long long)b.timeouts);
	EXPECT_EQ(sysfs_num("rx", "bytes"), (long long)b.bytes);
	EXPECT_EQ(sysfs_num("rx", "last_error"), -ETIMEDOUT);
	rel_pair_close(&p);
}

int main(int argc, char **argv)
{
	client = rel_env("AXIDMA_CLIENT", "loop0");
	return tap_main(argc, argv);
}
