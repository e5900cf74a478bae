// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_remove - removal of the client while it is in use: unbind through
 * sysfs and rmmod with files open, buffers mapped (also in a forked child),
 * transfers queued and in flight, threads blocked in WAIT, poll and
 * epoll_wait; unbind under traffic; removing the provider while channels
 * are held. Waiters must wake with ENODEV / EPOLLHUP, mappings stay valid
 * until unmapped, the modules stay pinned while they must, and everything
 * works again after rebinding (the debug kernel checks for leaks and use
 * after free).
 *
 * Environment: AXIDMA_CLIENT, AXIDMA_ENGINE (stalls the MM2S channel to
 * keep a transfer in flight), AXIDMA_SG, AXIDMA_CFS (the engine's configfs
 * directory when it came from configfs: live=0 must fail with EBUSY),
 * AXIDMA_KO (directory of axidma.ko for the rmmod test, default
 * /axidma/ko), AXIDMA_REMOVE_ROUNDS (unbinds under traffic, default 6).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/syscall.h>

#include "tap.h"
#include "axidma_rel.h"

static const char *client, *engine;
static char dev[256];

static void knob(const char *chan, const char *name, const char *val)
{
	char path[PATH_MAX];

	if (!engine)
		return;
	snprintf(path, sizeof(path), "%s/%s/%s", engine, chan, name);
	if (rel_write(path, val))
		TAP_FAIL(1, "knob %s=%s: %s", path, val, strerror(errno));
}

static void find_dev(void)
{
	if (rel_client_dev(client, dev, sizeof(dev)))
		TAP_FAIL(1, "no class device for %s", client);
}

static long rmmod(const char *name)
{
	return syscall(__NR_delete_module, name, O_NONBLOCK);
}

/* Rebinds the client and checks that it moves data again. */
static void rebind_and_check(void)
{
	struct rel_pair p;

	if (!rel_bound(dev))
		ASSERT_OK(rel_bind(dev));
	rel_paths(&p, client);
	ASSERT_OK(rel_wait_node(p.tx_path, 5000));
	ASSERT_OK(rel_wait_node(p.rx_path, 5000));
	if (engine) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/fifo", engine);
		rel_write(path, "0");
	}
	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	ASSERT_OK(rel_loop(&p, 4096, 77));
	ASSERT_OK(rel_loop(&p, 65536, 78));
	rel_pair_close(&p);
}

/* --- blocked waiters --------------------------------------------------- */

struct waiter {
	pthread_t t;
	int fd;
	int kind;		/* 0 WAIT, 1 WAIT_ID, 2 WAIT+timeout, 3 poll, 4 epoll */
	uint64_t id;
	volatile int done;
	int ret, err;
	unsigned int revents;
};

static void *waiter_fn(void *arg)
{
	struct waiter *w = arg;
	struct axidma_completion rec;
	struct axidma_wait wt = { .records = (uintptr_t)&rec, .max_records = 1 };

	switch (w->kind) {
	case 0:
		break;
	case 1:
		wt.flags = AXIDMA_WAIT_ID;
		wt.id = w->id;
		break;
	case 2:
		wt.flags = AXIDMA_WAIT_TIMEOUT;
		wt.timeout_ns = 60 * REL_SEC;
		break;
	}
	if (w->kind <= 2) {
		w->ret = ioctl(w->fd, AXIDMA_IOC_WAIT, &wt);
		w->err = errno;
	} else if (w->kind == 3) {
		struct pollfd p = { .fd = w->fd, .events = POLLIN };

		w->ret = poll(&p, 1, -1);
		w->err = errno;
		w->revents = p.revents;
	} else {
		struct epoll_event ev = { .events = EPOLLIN };
		int ep = epoll_create1(EPOLL_CLOEXEC);

		epoll_ctl(ep, EPOLL_CTL_ADD, w->fd, &ev);
		w->ret = epoll_wait(ep, &ev, 1, -1);
		w->err = errno;
		w->revents = ev.events;
		close(ep);
	}
	w->done = 1;
	return NULL;
}

/*
 * Everything at once: owners, an information open, mappings (one in a
 * forked child), S2MM transfers in flight and queued, an MM2S transfer
 * stalled in flight, threads in WAIT (three kinds), poll and epoll_wait.
 */
TEST(unbind_while_busy)
{
	struct rel_pair p;
	struct waiter w[6];
	unsigned char *extra;
	size_t extra_size;
	struct axidma_xfer x[4];
	struct axidma_submit s;
	struct axidma_status st;
	int ro, i, pipefd[2], status;
	const char *cfs = getenv("AXIDMA_CFS");
	pid_t child;
	char c;

	find_dev();
	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	ro = open(p.rx_path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(ro, 0);
	extra = rel_map(p.rx, 1, &extra_size);
	ASSERT_TRUE(extra);
	rel_fill(extra, extra_size, 555);
	rel_fill(p.tp, p.tsize, 556);

	/* four S2MM transfers: one in flight, three queued, no data comes */
	memset(x, 0, sizeof(x));
	for (i = 0; i < 4; i++)
		x[i] = (struct axidma_xfer){ .buf = 0, .offset = i * 4096,
					     .length = 4096, .tag = i };
	s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 4 };
	ASSERT_OK(ioctl(p.rx, AXIDMA_IOC_SUBMIT, &s));
	/* an MM2S transfer stuck in flight */
	knob("mm2s", "stall", "1");
	if (engine)
		ASSERT_OK(rel_submit1(p.tx, 0, 0, 4096, 9, NULL));

	memset(w, 0, sizeof(w));
	w[0] = (struct waiter){ .fd = p.rx, .kind = 0 };
	w[1] = (struct waiter){ .fd = p.rx, .kind = 1, .id = s.first_id + 3 };
	w[2] = (struct waiter){ .fd = engine ? p.tx : p.rx, .kind = 2 };
	w[3] = (struct waiter){ .fd = p.rx, .kind = 3 };
	w[4] = (struct waiter){ .fd = ro, .kind = 4 };
	w[5] = (struct waiter){ .fd = ro, .kind = 3 };
	for (i = 0; i < 6; i++)
		ASSERT_EQ(pthread_create(&w[i].t, NULL, waiter_fn, &w[i]), 0);

	/* a child that shares the mapping and the files */
	ASSERT_OK(pipe(pipefd));
	child = fork();
	ASSERT_GE(child, 0);
	if (child == 0) {
		close(pipefd[1]);
		if (read(pipefd[0], &c, 1) != 1)
			_exit(2);
		if (rel_check(extra, extra_size, 555) != extra_size)
			_exit(3);
		extra[7] = 0x42;
		_exit(extra[7] == 0x42 ? 0 : 4);
	}
	close(pipefd[0]);
	usleep(200000);
	for (i = 0; i < 6; i++)
		EXPECT_EQ(w[i].done, 0);
	ASSERT_OK(ioctl(ro, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.in_flight + st.queued, 4);
	EXPECT_TRUE(st.flags & AXIDMA_STATUS_MAPPED);

	/* the modules are pinned while files are open */
	EXPECT_ERRNO(EAGAIN, rmmod("axidma"));
	EXPECT_ERRNO(EAGAIN, rmmod("axidma_sim"));
	if (cfs && *cfs) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/live", cfs);
		EXPECT_ERRNO(EBUSY, rel_write(path, "0"));
	}

	ASSERT_OK(rel_unbind(dev));
	usleep(100000);
	for (i = 0; i < 6; i++) {
		int n;

		for (n = 0; n < 2000 && !w[i].done; n++)
			usleep(1000);
		EXPECT_EQ(w[i].done, 1);
		if (!w[i].done) {
			tap_diag("waiter %d (kind %d) still blocked", i, w[i].kind);
			continue;
		}
		pthread_join(w[i].t, NULL);
		if (w[i].kind <= 2) {
			EXPECT_EQ(w[i].ret, -1);
			EXPECT_EQ(w[i].err, ENODEV);
		} else {
			EXPECT_EQ(w[i].ret, 1);
			EXPECT_TRUE(w[i].revents & POLLHUP);
		}
	}

	/* open files: ENODEV; mappings: valid */
	EXPECT_ERRNO(ENODEV, ioctl(ro, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_ERRNO(ENODEV, ioctl(p.tx, AXIDMA_IOC_STOP));
	EXPECT_ERRNO(ENODEV, rel_submit1(p.tx, 0, 0, 64, 0, NULL));
	EXPECT_EQ(rel_check(extra, extra_size, 555), extra_size);
	EXPECT_EQ(rel_check(p.tp, p.tsize, 556), p.tsize);
	p.rp[0] = 1;
	p.tp[1] = 2;
	EXPECT_EQ(p.rp[0] + p.tp[1], 3);
	ASSERT_EQ(write(pipefd[1], "x", 1), 1);
	ASSERT_EQ(waitpid(child, &status, 0), child);
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(extra[7], 0x42);
	close(pipefd[1]);

	/* still pinned: files and mappings */
	EXPECT_ERRNO(EAGAIN, rmmod("axidma"));
	close(ro);
	close(p.tx);
	close(p.rx);
	p.tx = p.rx = -1;
	/* the mappings alone hold the files, the memory and the provider */
	EXPECT_ERRNO(EAGAIN, rmmod("axidma"));
	EXPECT_ERRNO(EAGAIN, rmmod("axidma_sim"));
	if (cfs && *cfs) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/live", cfs);
		EXPECT_ERRNO(EBUSY, rel_write(path, "0"));
	}
	EXPECT_EQ(rel_check(extra, 4096, 555), 7);
	munmap(extra, extra_size);
	rel_pair_close(&p);
	knob("mm2s", "stall", "0");
	rebind_and_check();
}

/* A mapping outlives close and unbind; munmap is the last reference. */
TEST(unbind_mapping_only)
{
	struct rel_pair p;
	unsigned char *m;
	size_t size;

	find_dev();
	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	m = rel_map(p.rx, 1, &size);
	ASSERT_TRUE(m);
	rel_fill(m, size, 66);
	rel_pair_close(&p);
	ASSERT_OK(rel_unbind(dev));
	EXPECT_EQ(rel_check(m, size, 66), size);
	memset(m, 0x5a, size);
	EXPECT_EQ(m[size - 1], 0x5a);
	/* a partial munmap first: the rest stays valid */
	munmap(m, 4096);
	EXPECT_EQ(m[4096], 0x5a);
	munmap(m + 4096, size - 4096);
	rebind_and_check();
}

/* --- unbind under traffic ---------------------------------------------- */

struct traffic {
	struct rel_pair *p;
	volatile int stop;
	int tx_err, rx_err;
	unsigned long packets;
};

static void *tx_fn(void *arg)
{
	struct traffic *t = arg;
	struct axidma_completion rec[8];
	struct axidma_xfer x[8];
	struct axidma_submit s;
	struct axidma_wait w;
	unsigned int i;

	memset(x, 0, sizeof(x));
	for (i = 0; i < 8; i++)
		x[i] = (struct axidma_xfer){ .offset = i * 2048,
					     .length = 512 + 64 * i };
	while (!t->stop) {
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 8 };
		if (ioctl(t->p->tx, AXIDMA_IOC_SUBMIT, &s) && errno != EAGAIN)
			break;
		w = (struct axidma_wait){ .records = (uintptr_t)rec,
					  .max_records = 8,
					  .flags = AXIDMA_WAIT_TIMEOUT,
					  .timeout_ns = 100 * REL_MS };
		if (ioctl(t->p->tx, AXIDMA_IOC_WAIT, &w) && errno != ETIMEDOUT)
			break;
	}
	t->tx_err = errno;
	return NULL;
}

static void *rx_fn(void *arg)
{
	struct traffic *t = arg;
	struct axidma_completion rec[8];
	struct axidma_xfer x[8];
	struct axidma_submit s;
	struct axidma_wait w;
	unsigned int i;

	memset(x, 0, sizeof(x));
	for (i = 0; i < 8; i++)
		x[i] = (struct axidma_xfer){ .offset = i * 2048,
					     .length = 2048 };
	while (!t->stop) {
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 8 };
		if (ioctl(t->p->rx, AXIDMA_IOC_SUBMIT, &s) && errno != EAGAIN)
			break;
		w = (struct axidma_wait){ .records = (uintptr_t)rec,
					  .max_records = 8,
					  .flags = AXIDMA_WAIT_TIMEOUT,
					  .timeout_ns = 100 * REL_MS };
		if (ioctl(t->p->rx, AXIDMA_IOC_WAIT, &w)) {
			if (errno != ETIMEDOUT)
				break;
		} else {
			t->packets += w.count;
		}
	}
	t->rx_err = errno;
	return NULL;
}

TEST(unbind_under_traffic)
{
	int rounds = rel_env_num("AXIDMA_REMOVE_ROUNDS", 6), r;
	uint64_t seed = 0x1234567;

	find_dev();
	for (r = 0; r < rounds; r++) {
		struct rel_pair p;
		struct traffic t = { .p = &p };
		pthread_t a, b;
		int n, ja, jb;

		ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
		ASSERT_EQ(pthread_create(&a, NULL, tx_fn, &t), 0);
		ASSERT_EQ(pthread_create(&b, NULL, rx_fn, &t), 0);
		usleep(20000 + rel_rand(&seed) % 200000);
		ASSERT_OK(rel_unbind(dev));
		/*
		 * Both threads end by themselves: their next call after the
		 * unbind fails with ENODEV. The stop flag is only a safety net
		 * for a thread still running after 5 s; setting it as soon as
		 * one thread ended would let the other leave without making a
		 * call after the unbind.
		 */
		ja = jb = 0;
		for (n = 0; n < 50 && !(ja && jb); n++) {
			ja = ja || pthread_tryjoin_np(a, NULL) == 0;
			jb = jb || pthread_tryjoin_np(b, NULL) == 0;
			if (!(ja && jb))
				usleep(100000);
		}
		EXPECT_TRUE(ja && jb);
		t.stop = 1;
		if (!ja)
			pthread_join(a, NULL);
		if (!jb)
			pthread_join(b, NULL);
		EXPECT_EQ(t.tx_err, ENODEV);
		EXPECT_EQ(t.rx_err, ENODEV);
		tap_diag("round %d: %lu packets before the unbind", r,
			 t.packets);
		rel_pair_close(&p);
		rebind_and_check();
	}
}

/* --- rmmod ---------------------------------------------------------------- */

static void insmod_axidma(void)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/axidma.ko",
		 rel_env("AXIDMA_KO", "/axidma/ko"));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(fd, 0);
	ASSERT_OK(syscall(__NR_finit_module, fd, "", 0));
	close(fd);
}

TEST(rmmod_with_mapping_then_reload)
{
	struct rel_pair p;
	unsigned char *m;
	size_t size;
	int ro;

	if (strcmp(rel_env("AXIDMA_RMMOD", "0"), "1"))
		SKIP("AXIDMA_RMMOD not set");
	find_dev();
	ASSERT_OK(rel_pair_open(&p, client, 2, 65536));
	ro = open(p.tx_path, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(ro, 0);
	m = rel_map(p.rx, 1, &size);
	ASSERT_TRUE(m);
	rel_fill(m, size, 88);
	EXPECT_ERRNO(EAGAIN, rmmod("axidma"));
	close(ro);
	rel_pair_close(&p);
	/* the mapping holds the file, so the module */
	EXPECT_ERRNO(EAGAIN, rmmod("axidma"));
	EXPECT_EQ(rel_check(m, size, 88), size);
	munmap(m, size);
	ASSERT_OK(rmmod("axidma"));
	EXPECT_ERRNO(ENOENT, access(p.tx_path, F_OK));
	insmod_axidma();
	rebind_and_check();
}

int main(int argc, char **argv)
{
	client = rel_env("AXIDMA_CLIENT", "loop0");
	engine = getenv("AXIDMA_ENGINE");
	if (engine && !*engine)
		engine = NULL;
	return tap_main(argc, argv);
}
