/* SPDX-License-Identifier: GPL-2.0 */
/*
 * axidma_rel.h - helpers of the reliability test programs (axidma_badinput,
 * axidma_faults, axidma_remove, axidma_stress, axidma_fuzz): a loopback
 * pair of channels (tx = MM2S feeding rx = S2MM of one simulator engine),
 * verified loopback, sysfs/debugfs writes, bind/unbind of a client.
 *
 * Environment (set by tests/vm/suites/4x-*):
 *   AXIDMA_CLIENT   client name (default loop0): /dev/axidma/<client>/{tx,rx}
 *   AXIDMA_ENGINE   the engine's simulator debugfs directory (optional)
 *   AXIDMA_SG       0 for an engine in direct register mode (default 1)
 * Needs tap.h first (TAP_FAIL, tap_diag).
 */
#ifndef AXIDMA_REL_H
#define AXIDMA_REL_H

#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>

#include <linux/axidma.h>

#define REL_MS	1000000ULL
#define REL_SEC	1000000000ULL

static inline uint64_t rel_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * REL_SEC + t.tv_nsec;
}

static inline const char *rel_env(const char *name, const char *dflt)
{
	const char *s = getenv(name);

	return s && *s ? s : dflt;
}

static inline long long rel_env_num(const char *name, long long dflt)
{
	const char *s = getenv(name);

	return s && *s ? strtoll(s, NULL, 0) : dflt;
}

/* --- files ------------------------------------------------------------- */

/* Writes @val to @path in one write(); 0, or -1 with errno. */
static inline int rel_write(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0, e;

	if (fd < 0)
		return -1;
	if (write(fd, val, strlen(val)) != (ssize_t)strlen(val))
		ret = -1;
	e = errno;
	close(fd);
	errno = e;
	return ret;
}

/* Reads @path into @buf (NUL-terminated, newline stripped); -1 on error. */
static inline int rel_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = 0;
	return 0;
}

/* --- patterns ---------------------------------------------------------- */

static inline uint32_t rel_rand(uint64_t *s)
{
	/* xorshift64* */
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (uint32_t)((*s * 0x2545F4914F6CDD1DULL) >> 32);
}

static inline unsigned char rel_pat(size_t i, uint32_t seed)
{
	return (unsigned char)(i * 131 + seed * 7 + (i >> 8) * 3 + (seed >> 8));
}

static inline void rel_fill(unsigned char *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = rel_pat(i, seed);
}

/* Index of the first byte that is not pattern @seed, or @len. */
static inline size_t rel_check(const unsigned char *p, size_t len,
			       uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != rel_pat(i, seed))
			return i;
	return len;
}

/* --- channels ---------------------------------------------------------- */

/*
 * Opens a channel; a write open sets the default direction when the
 * provider left it to the user (tx: MM2S, rx: S2MM). -1 with errno.
 */
static inline int rel_open(const char *path, int flags, int tx)
{
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DIRECTION };
	struct axidma_info info;
	int fd = open(path, flags | O_CLOEXEC), e;

	if (fd < 0 || (flags & O_ACCMODE) == O_RDONLY)
		return fd;
	memset(&info, 0, sizeof(info));
	if (ioctl(fd, AXIDMA_IOC_GET_INFO, &info))
		goto err;
	if (!info.direction) {
		c.direction = tx ? AXIDMA_DIR_MEM_TO_DEV : AXIDMA_DIR_DEV_TO_MEM;
		if (ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c))
			goto err;
	}
	return fd;
err:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

static inline int rel_set_bufs(int fd, unsigned int count, uint64_t size)
{
	struct axidma_buffers b = { .count = count, .size = size };

	return ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &b);
}

/* Maps buffer @idx whole; NULL with errno on failure. */
static inline unsigned char *rel_map(int fd, unsigned int idx, size_t *size)
{
	struct axidma_buffer b = { .index = idx };
	void *p;

	if (ioctl(fd, AXIDMA_IOC_GET_BUFFER, &b))
		return NULL;
	p = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		 b.offset);
	if (p == MAP_FAILED)
		return NULL;
	if (size)
		*size = b.size;
	return p;
}

static inline int rel_submit1(int fd, unsigned int buf, uint64_t off,
			      uint64_t len, uint64_t tag, uint64_t *id)
{
	struct axidma_xfer x = { .buf = buf, .offset = off, .length = len,
				 .tag = tag };
	struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

	if (ioctl(fd, AXIDMA_IOC_SUBMIT, &s))
		return -1;
	if (s.submitted != 1) {
		errno = EPROTO;
		return -1;
	}
	if (id)
		*id = s.first_id;
	return 0;
}

/* Waits up to @timeout ns for transfer @id and reads one record. */
static inline int rel_wait_id(int fd, uint64_t id, uint64_t timeout,
			      struct axidma_completion *rec)
{
	struct axidma_wait w = {
		.records = (uintptr_t)rec, .max_records = 1,
		.flags = AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT,
		.id = id, .timeout_ns = timeout,
	};

	memset(rec, 0, sizeof(*rec));
	if (ioctl(fd, AXIDMA_IOC_WAIT, &w))
		return -1;
	if (w.count != 1) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/* Reads every record until none is unread or outstanding (drains). */
static inline int rel_drain(int fd, uint64_t timeout)
{
	struct axidma_completion rec[16];
	struct axidma_wait w;

	for (;;) {
		w = (struct axidma_wait){ .records = (uintptr_t)rec,
					  .max_records = 16,
					  .flags = AXIDMA_WAIT_TIMEOUT,
					  .timeout_ns = timeout };
		if (ioctl(fd, AXIDMA_IOC_WAIT, &w))
			return errno == ENODATA ? 0 : -1;
	}
}

/*
 * A loopback pair: tx and rx owner fds of one client, each with @nbufs
 * buffers of @bufsize bytes, buffer 0 mapped.
 */
struct rel_pair {
	char tx_path[PATH_MAX], rx_path[PATH_MAX];
	int tx, rx;
	unsigned char *tp, *rp;
	size_t tsize, rsize;
	struct axidma_info ti, ri;
	int sg;
};

static inline void rel_paths(struct rel_pair *p, const char *client)
{
	snprintf(p->tx_path, sizeof(p->tx_path), "/dev/axidma/%s/tx", client);
	snprintf(p->rx_path, sizeof(p->rx_path), "/dev/axidma/%s/rx", client);
	p->sg = strcmp(rel_env("AXIDMA_SG", "1"), "0") != 0;
}

static const struct axidma_config rel_defaults = {
	.flags = AXIDMA_CONFIG_DEPTH | AXIDMA_CONFIG_TIMEOUT,
	.depth = 1, .timeout_ns = 10 * REL_SEC,
};

/* 0, or -1 with errno and a diagnostic. */
static inline int rel_pair_open(struct rel_pair *p, const char *client,
				unsigned int nbufs, uint64_t bufsize)
{
	memset(p, 0, sizeof(*p));
	p->tx = p->rx = -1;
	rel_paths(p, client);
	p->tx = rel_open(p->tx_path, O_RDWR, 1);
	if (p->tx < 0)
		goto err;
	p->rx = rel_open(p->rx_path, O_RDWR, 0);
	if (p->rx < 0)
		goto err;
	/*
	 * Depth and default timeout stay with a channel across owners:
	 * start from the driver's defaults, whatever ran before.
	 */
	if (ioctl(p->tx, AXIDMA_IOC_SET_CONFIG, &rel_defaults) ||
	    ioctl(p->rx, AXIDMA_IOC_SET_CONFIG, &rel_defaults))
		goto err;
	if (rel_set_bufs(p->tx, nbufs, bufsize) ||
	    rel_set_bufs(p->rx, nbufs, bufsize))
		goto err;
	p->tp = rel_map(p->tx, 0, &p->tsize);
	p->rp = rel_map(p->rx, 0, &p->rsize);
	if (!p->tp || !p->rp)
		goto err;
	if (ioctl(p->tx, AXIDMA_IOC_GET_INFO, &p->ti) ||
	    ioctl(p->rx, AXIDMA_IOC_GET_INFO, &p->ri))
		goto err;
	return 0;
err:
	tap_diag("rel_pair_open %s: %s", client, strerror(errno));
	return -1;
}

static inline void rel_pair_close(struct rel_pair *p)
{
	if (p->tp)
		munmap(p->tp, p->tsize);
	if (p->rp)
		munmap(p->rp, p->rsize);
	if (p->tx >= 0)
		close(p->tx);
	if (p->rx >= 0)
		close(p->rx);
	p->tp = p->rp = NULL;
	p->tx = p->rx = -1;
}

/*
 * Sends @len bytes of pattern @seed from tx buffer 0 into rx buffer 0 and
 * checks the records and the data. 0 when all is right, else -1 with a
 * diagnostic.
 */
static inline int rel_loop(struct rel_pair *p, size_t len, uint32_t seed)
{
	struct axidma_completion rec;
	uint64_t rid, tid;
	size_t bad;

	rel_fill(p->tp, len, seed);
	memset(p->rp, 0, len + 1 <= p->rsize ? len + 1 : len);
	if (rel_submit1(p->rx, 0, 0, len, seed, &rid) ||
	    rel_submit1(p->tx, 0, 0, len, seed, &tid)) {
		tap_diag("loopback %zu: submit: %s", len, strerror(errno));
		return -1;
	}
	if (rel_wait_id(p->tx, tid, 5 * REL_SEC, &rec) || rec.id != tid ||
	    rec.status != AXIDMA_STATUS_DONE) {
		tap_diag("loopback %zu: tx %llu: %s, id %llu status %u error %d",
			 len, (unsigned long long)tid, strerror(errno),
			 (unsigned long long)rec.id, rec.status, rec.error);
		return -1;
	}
	if (rel_wait_id(p->rx, rid, 5 * REL_SEC, &rec) || rec.id != rid ||
	    rec.status != AXIDMA_STATUS_DONE ||
	    rec.bytes != (p->sg ? len : rec.length) || rec.tag != seed) {
		tap_diag("loopback %zu: rx %llu: %s, id %llu status %u error %d bytes %llu",
			 len, (unsigned long long)rid, strerror(errno),
			 (unsigned long long)rec.id, rec.status, rec.error,
			 (unsigned long long)rec.bytes);
		return -1;
	}
	bad = rel_check(p->rp, len, seed);
	if (bad != len) {
		tap_diag("loopback %zu: data differs at byte %zu", len, bad);
		return -1;
	}
	return 0;
}

/* --- client devices ---------------------------------------------------- */

/* The platform device name of @client (from its class device). */
static inline int rel_client_dev(const char *client, char *dev, size_t size)
{
	char link[PATH_MAX], target[PATH_MAX], *s;
	ssize_t n;

	snprintf(link, sizeof(link), "/sys/class/axidma/%s:tx/device", client);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0) {
		snprintf(link, sizeof(link), "/sys/class/axidma/%s:rx/device",
			 client);
		n = readlink(link, target, sizeof(target) - 1);
	}
	if (n <= 0)
		return -1;
	target[n] = 0;
	s = strrchr(target, '/');
	s = s ? s + 1 : target;
	if (strlen(s) >= size)
		return -1;
	memcpy(dev, s, strlen(s) + 1);
	return 0;
}

#define REL_DRV "/sys/bus/platform/drivers/axidma"

static inline int rel_unbind(const char *dev)
{
	return rel_write(REL_DRV "/unbind", dev);
}

static inline int rel_bind(const char *dev)
{
	return rel_write(REL_DRV "/bind", dev);
}

static inline int rel_bound(const char *dev)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), REL_DRV "/%s", dev);
	return access(path, F_OK) == 0;
}

/* Waits up to @ms for the device node @path to appear (bind, devtmpfs). */
static inline int rel_wait_node(const char *path, int ms)
{
	while (access(path, F_OK)) {
		if (ms-- <= 0)
			return -1;
		usleep(1000);
	}
	return 0;
}

#endif /* AXIDMA_REL_H */
