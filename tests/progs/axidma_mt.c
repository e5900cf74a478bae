// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_mt - the axidma driver with several threads, processes and
 * engines at once: threads submitting and waiting on one channel (data of
 * every transfer verified, ids unique, no record lost or doubled), a STOP
 * waking a waiter, the two channels of a loop owned by two processes, and
 * every client's loopback running concurrently.
 *
 * Environment: AXIDMA_CLIENT etc. as in axidma_util.h; AXIDMA_CLIENTS,
 * the clients to run at once ("loop0 loop1 direct0"), and for each
 * AXIDMA_SG_<client> (0 for direct register mode). Arguments: test names.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>

#include "tap.h"
#include "axidma_util.h"

/* ===== threads on one channel ============================================== */

enum { T = 4, K = 12, SLOT = 4096 };

static int mt_tx, mt_rx;
static uint64_t mt_base;		/* first tx id */
static _Atomic unsigned int mt_seen[T * K];	/* records per tx id */
static uint64_t mt_slot_of[T * K];	/* tx id - base -> slot */
static _Atomic unsigned int mt_records, mt_zero_counts, mt_bad;
static pthread_barrier_t mt_bar;

static uint64_t slot_len(unsigned int slot)
{
	return 256 + (slot * 331) % (SLOT - 256);
}

static void *mt_thread(void *arg)
{
	unsigned int t = (uintptr_t)arg, k, i, n;
	struct axidma_completion rec[4];
	struct axidma_xfer x[3];
	struct axidma_submit s;
	uint64_t id;
	int ret;

	pthread_barrier_wait(&mt_bar);
	/* submit in groups of three, interleaved with the other threads */
	for (k = 0; k < K; k += 3) {
		for (i = 0; i < 3; i++) {
			unsigned int slot = t * K + k + i;

			x[i] = xfer(0, (uint64_t)slot * SLOT, slot_len(slot),
				    (uint64_t)t << 32 | (k + i));
		}
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 3 };
		if (ioctl(mt_tx, AXIDMA_IOC_SUBMIT, &s) || s.submitted != 3) {
			mt_bad++;
			return NULL;
		}
		for (i = 0; i < 3; i++) {
			id = s.first_id + i - mt_base;
			if (id >= T * K) {
				mt_bad++;
				return NULL;
			}
			mt_slot_of[id] = t * K + k + i;
		}
	}
	/* then all threads read records until every one was seen */
	while (mt_records < T * K) {
		ret = wait_recs(mt_tx, AXIDMA_WAIT_TIMEOUT, 0, 100 * MS, rec, 4,
				&n);
		if (ret && errno != ETIMEDOUT && errno != ENODATA) {
			mt_bad++;
			return NULL;
		}
		if (ret)
			continue;
		if (!n)
			mt_zero_counts++;
		for (i = 0; i < n; i++) {
			id = rec[i].id - mt_base;
			if (id >= T * K || rec[i].status != AXIDMA_STATUS_DONE) {
				mt_bad++;
				continue;
			}
			mt_seen[id]++;
			mt_records++;
		}
	}
	return NULL;
}

/* Four threads submit on one tx channel and read its records. */
TEST(threads_submit_and_wait)
{
	pthread_t th[T];
	struct axidma_status st;
	struct axidma_completion rec[T * K];
	struct axidma_xfer rx_x[T * K];
	unsigned char *tp, *rp;
	unsigned int i, n, got = 0;
	uint64_t rid, slot;

	mt_tx = open_tx();
	mt_rx = open_rx();
	set_bufs(mt_tx, 1, T * K * SLOT);
	set_bufs(mt_rx, 1, T * K * SLOT);
	tp = map_buf(mt_tx, 0);
	rp = map_buf(mt_rx, 0);
	for (i = 0; i < T * K; i++) {
		pattern(tp + i * SLOT, SLOT, 1000 + i);
		rx_x[i] = xfer(0, (uint64_t)i * SLOT, SLOT, i);
	}
	memset(rp, 0, T * K * SLOT);
	rid = submit_n(mt_rx, rx_x, T * K);
	get_status(mt_tx, &st);
	mt_base = st.next_id;
	ASSERT_OK(pthread_barrier_init(&mt_bar, NULL, T));
	for (i = 0; i < T; i++)
		ASSERT_OK(-pthread_create(&th[i], NULL, mt_thread,
					  (void *)(uintptr_t)i));
	for (i = 0; i < T; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(mt_bad, 0);
	EXPECT_EQ(mt_records, T * K);
	/* a WAIT that succeeds returns at least one record */
	EXPECT_EQ(mt_zero_counts, 0);
	for (i = 0; i < T * K; i++)
		if (mt_seen[i] != 1)
			TAP_FAIL(0, "tx id %llu seen %u times",
				 (unsigned long long)(mt_base + i), mt_seen[i]);
	get_status(mt_tx, &st);
	EXPECT_EQ(st.next_id, mt_base + T * K);
	EXPECT_EQ(st.completed + st.queued + st.in_flight, 0);

	/* the receive side: packet i (tx id order) in rx slot i */
	while (got < T * K) {
		ASSERT_OK(wait_recs(mt_rx, AXIDMA_WAIT_TIMEOUT, 0, 5 * SEC,
				    rec + got, T * K - got, &n));
		got += n;
	}
	for (i = 0; i < T * K; i++) {
		slot = mt_slot_of[i];
		EXPECT_EQ(rec[i].id, rid + i);
		EXPECT_EQ(rec[i].bytes, rx_bytes(&rec[i], slot_len(slot)));
		if (check_pattern(rp + i * SLOT, slot_len(slot), 1000 + slot) !=
		    slot_len(slot))
			TAP_FAIL(0, "rx slot %u (tx slot %llu): data differ", i,
				 (unsigned long long)slot);
	}
	close(mt_tx);
	close(mt_rx);
}

/* ===== several waiters, one record at a time =============================== */

enum { W = 4, NREC = 24 };

static _Atomic unsigned int wr_got, wr_zero, wr_err, wr_ids[NREC];
static int wr_rx;
static uint64_t wr_first;

static void *waiter(void *arg)
{
	struct axidma_completion rec;
	unsigned int n;

	(void)arg;
	while (wr_got < NREC) {
		if (wait_recs(wr_rx, AXIDMA_WAIT_TIMEOUT, 0, 300 * MS, &rec, 1,
			      &n)) {
			if (errno != ETIMEDOUT && errno != ENODATA)
				wr_err++;
			continue;
		}
		if (!n) {
			wr_zero++;
			continue;
		}
		if (rec.id < wr_first || rec.id >= wr_first + NREC) {
			wr_err++;
			continue;
		}
		wr_ids[rec.id - wr_first]++;
		wr_got++;
	}
	return NULL;
}

/*
 * Four threads block in WAIT for any record while records arrive one by
 * one: each record goes to exactly one of them, and no WAIT succeeds
 * with no record.
 */
TEST(threads_compete_for_records)
{
	int tx = open_tx();
	struct axidma_xfer x[NREC];
	pthread_t th[W];
	unsigned int i;

	wr_rx = open_rx();
	set_bufs(wr_rx, 1, 4096);
	set_bufs(tx, 1, 4096);
	for (i = 0; i < NREC; i++)
		x[i] = xfer(0, 0, 4096, i);
	wr_first = submit_n(wr_rx, x, NREC);
	for (i = 0; i < W; i++)
		ASSERT_OK(-pthread_create(&th[i], NULL, waiter, NULL));
	for (i = 0; i < NREC; i++) {
		msleep(3);
		submit(tx, 0, 0, 64, 0, 0, 0);
	}
	for (i = 0; i < W; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(wr_err, 0);
	EXPECT_EQ(wr_got, NREC);
	EXPECT_EQ(wr_zero, 0);
	for (i = 0; i < NREC; i++)
		EXPECT_EQ(wr_ids[i], 1);
	close(wr_rx);
	close(tx);
}

/* ===== STOP from another thread wakes a waiter ============================= */

static void *stop_later(void *arg)
{
	msleep(100);
	if (ioctl((int)(intptr_t)arg, AXIDMA_IOC_STOP))
		mt_bad++;
	return NULL;
}

TEST(thread_stop_wakes_waiter)
{
	int rx = open_rx();
	struct axidma_completion rec;
	pthread_t th;
	uint64_t id;

	set_bufs(rx, 1, 4096);
	id = submit(rx, 0, 0, 4096, 3, 0, 0);
	ASSERT_OK(-pthread_create(&th, NULL, stop_later, (void *)(intptr_t)rx));
	ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_ID, id, 0, &rec, 1, NULL));
	pthread_join(th, NULL);
	EXPECT_EQ(mt_bad, 0);
	EXPECT_EQ(rec.id, id);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ABORTED);
	close(rx);
}

/* ===== two processes, one loop ============================================= */

TEST(processes_tx_and_rx)
{
	enum { N = 16 };
	int go[2], st;
	pid_t pid;
	char c;

	ASSERT_OK(pipe(go));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* the receiver */
		int rx = open_rx();
		struct axidma_xfer x[N];
		struct axidma_completion rec[N];
		unsigned char *rp;
		unsigned int i, n, got = 0;
		uint64_t rid;

		set_bufs(rx, N, 8192);
		for (i = 0; i < N; i++)
			x[i] = xfer(i, 0, 8192, i);
		rid = submit_n(rx, x, N);
		if (write(go[1], "r", 1) != 1)
			exit(2);
		while (got < N) {
			ASSERT_OK(wait_recs(rx, AXIDMA_WAIT_TIMEOUT, 0, 5 * SEC,
					    rec + got, N - got, &n));
			got += n;
		}
		for (i = 0; i < N; i++) {
			EXPECT_EQ(rec[i].id, rid + i);
			EXPECT_EQ(rec[i].bytes, rx_bytes(&rec[i], 100 + i * 500));
			rp = map_buf(rx, i);
			EXPECT_EQ(check_pattern(rp, 100 + i * 500, 300 + i),
				  100 + i * 500);
			munmap(rp, 8192);
		}
		exit(tap_failed_here);
	}
	/* the sender: waits until the receiver is ready */
	{
		int tx;
		struct axidma_completion rec;
		unsigned char *tp;
		unsigned int i;
		uint64_t id = 0;

		ASSERT_EQ(read(go[0], &c, 1), 1);
		/* the receiver's process owns rx */
		EXPECT_ERRNO(EBUSY, open(dev_rx, O_RDWR));
		tx = open_tx();
		set_bufs(tx, 1, N * 8192);
		tp = map_buf(tx, 0);
		for (i = 0; i < N; i++) {
			pattern(tp + i * 8192, 100 + i * 500, 300 + i);
			id = submit(tx, 0, i * 8192, 100 + i * 500, i, 0, 0);
		}
		ASSERT_OK(wait_recs(tx, AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT, id,
				    5 * SEC, &rec, 1, NULL));
		close(tx);
	}
	ASSERT_EQ(waitpid(pid, &st, 0), pid);
	EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 0);
}

/* ===== every engine at once ================================================ */

struct eng_run {
	char tx[PATH_MAX], rx[PATH_MAX];
	int sg;
	unsigned int seed;
	unsigned int failed;
	char why[200];
};

#define ENG_FAIL(r, ...) do {						\
		snprintf((r)->why, sizeof((r)->why), __VA_ARGS__);	\
		(r)->failed++;						\
		goto out;						\
	} while (0)

/* Open without TAP_FAIL (threads): direction as open_path() sets it. */
static int eng_open(const char *path)
{
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DIRECTION };
	struct axidma_info info = { 0 };
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ioctl(fd, AXIDMA_IOC_GET_INFO, &info))
		return -1;
	if (!info.direction) {
		c.direction = strstr(path, "/tx") ? AXIDMA_DIR_MEM_TO_DEV :
			      AXIDMA_DIR_DEV_TO_MEM;
		if (ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c))
			return -1;
	}
	return fd;
}

static void *eng_thread(void *arg)
{
	struct eng_run *r = arg;
	struct axidma_buffers b = { .count = 2, .size = 262144 };
	struct axidma_completion rec;
	unsigned int round, len;
	unsigned char *tp = MAP_FAILED, *rp = MAP_FAILED;
	int tx = eng_open(r->tx), rx = eng_open(r->rx);
	struct axidma_xfer x;
	struct axidma_submit s;
	struct axidma_wait w;
	uint64_t id[2];

	if (tx < 0 || rx < 0)
		ENG_FAIL(r, "open: %s", strerror(errno));
	if (ioctl(tx, AXIDMA_IOC_SET_BUFFERS, &b) ||
	    ioctl(rx, AXIDMA_IOC_SET_BUFFERS, &b))
		ENG_FAIL(r, "SET_BUFFERS: %s", strerror(errno));
	tp = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, tx, 0);
	rp = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED, rx, 0);
	if (tp == MAP_FAILED || rp == MAP_FAILED)
		ENG_FAIL(r, "mmap: %s", strerror(errno));
	for (round = 0; round < 12; round++) {
		len = 1 + (round * 21841 + r->seed * 977) % (unsigned int)b.size;
		len = (len + 7) & ~7u;
		if (len > b.size)
			len = b.size;
		pattern(tp, len, r->seed + round);
		memset(rp, 0, len + (len < b.size));
		for (int i = 0; i < 2; i++) {
			x = xfer(0, 0, len, round);
			s = (struct axidma_submit){ .xfers = (uintptr_t)&x,
						    .count = 1 };
			if (ioctl(i ? tx : rx, AXIDMA_IOC_SUBMIT, &s))
				ENG_FAIL(r, "SUBMIT: %s", strerror(errno));
			id[i] = s.first_id;
		}
		for (int i = 1; i >= 0; i--) {
			w = (struct axidma_wait){
				.records = (uintptr_t)&rec, .max_records = 1,
				.flags = AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT,
				.id = id[i], .timeout_ns = 5 * SEC,
			};
			if (ioctl(i ? tx : rx, AXIDMA_IOC_WAIT, &w) ||
			    w.count != 1 || rec.id != id[i] ||
			    rec.status != AXIDMA_STATUS_DONE)
				ENG_FAIL(r, "round %u %s: %s status %u", round,
					 i ? "tx" : "rx", strerror(errno),
					 rec.status);
		}
		if (rec.bytes != len)
			ENG_FAIL(r, "round %u: %llu bytes, want %u", round,
				 (unsigned long long)rec.bytes, len);
		if (check_pattern(rp, len, r->seed + round) != len)
			ENG_FAIL(r, "round %u: data differ at %zu", round,
				 check_pattern(rp, len, r->seed + round));
		if (len < b.size && rp[len])
			ENG_FAIL(r, "round %u: byte after the packet written",
				 round);
	}
out:
	if (tp != MAP_FAILED)
		munmap(tp, b.size);
	if (rp != MAP_FAILED)
		munmap(rp, b.size);
	close(tx);
	close(rx);
	return NULL;
}

TEST(engines_concurrent)
{
	const char *list = getenv("AXIDMA_CLIENTS");
	struct eng_run runs[8];
	pthread_t th[8];
	char buf[256], *save, *c;
	unsigned int n = 0, i;

	snprintf(buf, sizeof(buf), "%s", list && *list ? list : client);
	for (c = strtok_r(buf, " ", &save); c && n < 8;
	     c = strtok_r(NULL, " ", &save), n++) {
		char env[64];
		const char *sg;

		memset(&runs[n], 0, sizeof(runs[n]));
		snprintf(runs[n].tx, PATH_MAX, "/dev/axidma/%s/tx", c);
		snprintf(runs[n].rx, PATH_MAX, "/dev/axidma/%s/rx", c);
		snprintf(env, sizeof(env), "AXIDMA_SG_%s", c);
		sg = getenv(env);
		runs[n].sg = !(sg && !strcmp(sg, "0"));
		runs[n].seed = 500 + 37 * n;
	}
	if (n < 2)
		SKIP("AXIDMA_CLIENTS names fewer than two clients");
	for (i = 0; i < n; i++)
		ASSERT_OK(-pthread_create(&th[i], NULL, eng_thread, &runs[i]));
	for (i = 0; i < n; i++) {
		pthread_join(th[i], NULL);
		if (runs[i].failed)
			TAP_FAIL(0, "%s: %s", runs[i].tx, runs[i].why);
	}
}

int main(int argc, char **argv)
{
	util_init();
	tap_each = sim_reset;
	return tap_main(argc, argv);
}
