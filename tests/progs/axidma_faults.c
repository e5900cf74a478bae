// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_faults - the driver under engine faults and allocation failures:
 * engine errors (the provider reporting them or not), stalls, short and
 * merged packets, a slow engine (delay, bandwidth), and, on a kernel with
 * fault injection (the debug kernel), allocation failures injected with
 * /proc/thread-self/fail-nth into open, mmap, SET_BUFFERS, SUBMIT and the
 * probe (bind through sysfs). Every test ends with a verified loopback:
 * errors are clean and the channel recovers; kmemleak (scanned by the VM's
 * init) shows that nothing leaked.
 *
 * Environment: AXIDMA_CLIENT, AXIDMA_ENGINE (required by the knob tests),
 * AXIDMA_SG; AXIDMA_FAULT_INJECT=1 enables the fail-nth tests (the suite
 * sets it and prepares /sys/kernel/debug/{failslab,fail_page_alloc});
 * AXIDMA_FI_MAX (default 400) bounds the fail-nth iterations per test.
 */
#define _GNU_SOURCE
#include "tap.h"
#include "axidma_rel.h"

static const char *client, *engine;
static struct rel_pair P;

static void knob(const char *chan, const char *name, const char *val)
{
	char path[PATH_MAX];

	if (chan)
		snprintf(path, sizeof(path), "%s/%s/%s", engine, chan, name);
	else
		snprintf(path, sizeof(path), "%s/%s", engine, name);
	if (rel_write(path, val))
		TAP_FAIL(1, "knob %s=%s: %s", path, val, strerror(errno));
}

static void quiet(void)
{
	static const char * const k[] = {
		"stall", "error_on_bd", "error_completes", "delay_us",
		"bandwidth",
	};
	unsigned int i;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		knob("mm2s", k[i], "0");
		knob("s2mm", k[i], "0");
	}
	knob("mm2s", "short_by", "0");
	knob("mm2s", "drop_tlast", "0");
	knob(NULL, "fifo", "0");
}

static void need_engine(void)
{
	if (!engine)
		SKIP("AXIDMA_ENGINE not set");
	quiet();
}

static void pair(void)
{
	if (rel_pair_open(&P, client, 2, 65536))
		TAP_FAIL(1, "cannot open the pair");
}

/* The channel works again: stop both, drain, flush, verified loopback. */
static void recovers(void)
{
	struct axidma_status st;

	if (engine)
		quiet();
	ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_STOP));
	ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_STOP));
	ASSERT_OK(rel_drain(P.tx, 0));
	ASSERT_OK(rel_drain(P.rx, 0));
	if (engine)
		knob(NULL, "fifo", "0");
	ASSERT_OK(rel_loop(&P, 4096, 1234));
	ASSERT_OK(rel_loop(&P, 777, 4321));
	ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_IDLE);
	EXPECT_EQ(st.last_error, 0);
}

static uint64_t submit_to(int fd, unsigned int buf, uint64_t len,
			  uint64_t timeout)
{
	struct axidma_xfer x = { .buf = buf, .length = len,
				 .flags = timeout ? AXIDMA_XFER_TIMEOUT : 0,
				 .timeout_ns = timeout };
	struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

	ASSERT_OK(ioctl(fd, AXIDMA_IOC_SUBMIT, &s));
	ASSERT_EQ(s.submitted, 1);
	return s.first_id;
}

/* --- engine errors ------------------------------------------------------- */

/*
 * An error the provider does not report (the real AXI DMA driver's halt):
 * the transfer's own deadline ends it TIMEDOUT and the channel recovers.
 */
static void error_silent(const char *chan)
{
	struct axidma_completion rec;
	struct axidma_status st;
	int fd;
	uint64_t id, tid = 0;

	need_engine();
	pair();
	knob(chan, "error_completes", "0");
	knob(chan, "error_on_bd", "1");
	rel_fill(P.tp, 4096, 5);
	if (!strcmp(chan, "s2mm")) {
		fd = P.rx;
		id = submit_to(P.rx, 0, 4096, 200 * REL_MS);
		tid = submit_to(P.tx, 0, 4096, 0);
		ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
		EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	} else {
		fd = P.tx;
		id = submit_to(P.tx, 0, 4096, 200 * REL_MS);
	}
	ASSERT_OK(rel_wait_id(fd, id, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.id, id);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	EXPECT_EQ(rec.error, -ETIMEDOUT);
	EXPECT_EQ(rec.result, AXIDMA_RESULT_NONE);
	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(st.last_error, -ETIMEDOUT);
	EXPECT_GE(st.timeouts, 1);
	recovers();
	rel_pair_close(&P);
}

TEST(error_silent_mm2s) { error_silent("mm2s"); }
TEST(error_silent_s2mm) { error_silent("s2mm"); }

/* An error the provider reports: ERROR, -EIO, its result code. */
static void error_reported(const char *chan)
{
	struct axidma_completion rec;
	struct axidma_status st;
	uint64_t id, tid;
	int fd;

	need_engine();
	pair();
	knob(chan, "error_completes", "1");
	knob(chan, "error_on_bd", "1");
	rel_fill(P.tp, 4096, 6);
	if (!strcmp(chan, "s2mm")) {
		fd = P.rx;
		id = submit_to(P.rx, 0, 4096, 5 * REL_SEC);
		tid = submit_to(P.tx, 0, 4096, 0);
		ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
	} else {
		fd = P.tx;
		id = submit_to(P.tx, 0, 4096, 5 * REL_SEC);
	}
	ASSERT_OK(rel_wait_id(fd, id, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.id, id);
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ERROR);
	EXPECT_EQ(rec.error, -EIO);
	EXPECT_TRUE(rec.result == AXIDMA_RESULT_READ_FAILED ||
		    rec.result == AXIDMA_RESULT_WRITE_FAILED);
	EXPECT_LE(rec.bytes, 4096);
	ASSERT_OK(ioctl(fd, AXIDMA_IOC_GET_STATUS, &st));
	EXPECT_EQ(st.state, AXIDMA_STATE_ERROR);
	EXPECT_EQ(st.last_error, -EIO);
	EXPECT_GE(st.errors, 1);
	recovers();
	rel_pair_close(&P);
}

TEST(error_reported_mm2s) { error_reported("mm2s"); }
TEST(error_reported_s2mm) { error_reported("s2mm"); }

/* error_now on a channel with a transfer in flight (S2MM waiting). */
TEST(error_now_in_flight)
{
	struct axidma_completion rec;
	uint64_t id;

	need_engine();
	pair();
	knob("s2mm", "error_completes", "1");
	id = submit_to(P.rx, 0, 4096, 2 * REL_SEC);
	usleep(20000);
	knob("s2mm", "error_now", "1");
	ASSERT_OK(rel_wait_id(P.rx, id, 5 * REL_SEC, &rec));
	EXPECT_TRUE(rec.status == AXIDMA_STATUS_ERROR ||
		    rec.status == AXIDMA_STATUS_TIMEDOUT);
	recovers();
	rel_pair_close(&P);
}

/*
 * An error in the middle of a batch (depth 4): every record comes, in
 * order, each DONE or failed; none lost, none twice.
 */
TEST(error_mid_batch)
{
	struct axidma_config c = { .flags = AXIDMA_CONFIG_DEPTH, .depth = 4 };
	struct axidma_completion rec[8];
	struct axidma_xfer x[8];
	struct axidma_submit s;
	struct axidma_wait w;
	unsigned int i, got = 0;
	int mode;

	need_engine();
	pair();
	if (!P.sg)
		SKIP("direct register mode: depth 1 only");
	for (mode = 0; mode < 2; mode++) {
		knob("mm2s", "error_completes", mode ? "1" : "0");
		knob("mm2s", "error_on_bd", "3");
		ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_SET_CONFIG, &c));
		memset(x, 0, sizeof(x));
		for (i = 0; i < 8; i++) {
			x[i].offset = i * 1024;
			x[i].length = 1000;
			x[i].tag = i;
			x[i].flags = AXIDMA_XFER_TIMEOUT;
			x[i].timeout_ns = 300 * REL_MS;
		}
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 8 };
		ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_SUBMIT, &s));
		ASSERT_EQ(s.submitted, 8);
		for (got = 0; got < 8;) {
			w = (struct axidma_wait){ .records = (uintptr_t)&rec[got],
				.max_records = 8 - got,
				.flags = AXIDMA_WAIT_TIMEOUT,
				.timeout_ns = 10 * REL_SEC };
			ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_WAIT, &w));
			got += w.count;
		}
		for (i = 0; i < 8; i++) {
			EXPECT_EQ(rec[i].id, s.first_id + i);
			EXPECT_EQ(rec[i].tag, i);
			EXPECT_TRUE(rec[i].status >= AXIDMA_STATUS_DONE &&
				    rec[i].status <= AXIDMA_STATUS_ABORTED);
		}
		c.depth = 1;
		ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_SET_CONFIG, &c));
		c.depth = 4;
		recovers();
	}
	rel_pair_close(&P);
}

/* --- stalls -------------------------------------------------------------- */

TEST(stall_timeout_then_resume)
{
	struct axidma_completion rec;
	uint64_t id;

	need_engine();
	pair();
	knob("mm2s", "stall", "1");
	id = submit_to(P.tx, 0, 4096, 100 * REL_MS);
	ASSERT_OK(rel_wait_id(P.tx, id, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	/* a stalled transfer without a timeout: STOP ends it */
	id = submit_to(P.tx, 0, 4096, 0);
	EXPECT_ERRNO(ETIMEDOUT, rel_wait_id(P.tx, id, 50 * REL_MS, &rec));
	ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_STOP));
	ASSERT_OK(rel_wait_id(P.tx, id, 0, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_ABORTED);
	knob("mm2s", "stall", "0");
	recovers();
	rel_pair_close(&P);
}

TEST(stall_s2mm_while_data_waits)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	need_engine();
	pair();
	knob("s2mm", "stall", "1");
	rel_fill(P.tp, 2048, 9);
	rid = submit_to(P.rx, 0, 4096, 0);
	tid = submit_to(P.tx, 0, 2048, 0);
	ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
	EXPECT_ERRNO(ETIMEDOUT, rel_wait_id(P.rx, rid, 100 * REL_MS, &rec));
	knob("s2mm", "stall", "0");
	ASSERT_OK(rel_wait_id(P.rx, rid, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, P.sg ? 2048 : 4096);
	EXPECT_EQ(rel_check(P.rp, 2048, 9), 2048);
	recovers();
	rel_pair_close(&P);
}

/* --- short and merged packets -------------------------------------------- */

TEST(short_packets)
{
	struct axidma_completion rec;
	uint64_t rid, tid;
	int i;

	need_engine();
	pair();
	knob("mm2s", "short_by", "100");
	for (i = 0; i < 3; i++) {
		rel_fill(P.tp, 1000, 20 + i);
		memset(P.rp, 0xee, 4096);
		rid = submit_to(P.rx, 0, 4096, 0);
		tid = submit_to(P.tx, 0, 1000, 0);
		ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
		EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
		ASSERT_OK(rel_wait_id(P.rx, rid, 5 * REL_SEC, &rec));
		EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
		EXPECT_EQ(rec.bytes, P.sg ? 900 : 4096);
		EXPECT_EQ(rel_check(P.rp, 900, 20 + i), 900);
		EXPECT_EQ(P.rp[900], 0xee);
	}
	recovers();
	rel_pair_close(&P);
}

TEST(merged_packets)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	need_engine();
	pair();
	if (!P.sg)
		SKIP("direct register mode reports no residue");
	knob("mm2s", "drop_tlast", "1");
	rel_fill(P.tp, 4096, 30);
	rid = submit_to(P.rx, 0, 8192, 0);
	{
		struct axidma_xfer x[2] = {
			{ .offset = 0, .length = 1000 },
			{ .offset = 2048, .length = 1000 },
		};
		struct axidma_submit s = { .xfers = (uintptr_t)x, .count = 2 };

		ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_SUBMIT, &s));
		tid = s.first_id + 1;
	}
	ASSERT_OK(rel_wait_id(P.tx, tid - 1, 5 * REL_SEC, &rec));
	ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
	ASSERT_OK(rel_wait_id(P.rx, rid, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, 2000);
	EXPECT_EQ(memcmp(P.rp, P.tp, 1000), 0);
	EXPECT_EQ(memcmp(P.rp + 1000, P.tp + 2048, 1000), 0);
	recovers();
	rel_pair_close(&P);
}

/* An over-long packet: the transfer gets its length, no byte more. */
TEST(long_packet_stays_inside)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	need_engine();
	pair();
	rel_fill(P.tp, 3000, 40);
	memset(P.rp, 0xee, 65536);
	{
		struct axidma_xfer x = { .offset = 4096, .length = 1000 };
		struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };

		ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_SUBMIT, &s));
		rid = s.first_id;
	}
	tid = submit_to(P.tx, 0, 3000, 0);
	ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
	ASSERT_OK(rel_wait_id(P.rx, rid, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_EQ(rec.bytes, 1000);
	EXPECT_EQ(rel_check(P.rp + 4096, 1000, 40), 1000);
	/* nothing before or after the transfer's bytes was written */
	{
		size_t i, bad = 0;

		for (i = 0; i < 65536; i++)
			if ((i < 4096 || i >= 5096) && P.rp[i] != 0xee)
				bad++;
		EXPECT_EQ(bad, 0);
	}
	recovers();
	rel_pair_close(&P);
}

/* --- a slow engine --------------------------------------------------------- */

TEST(slow_delay)
{
	struct axidma_completion rec;
	int i;

	need_engine();
	pair();
	knob("mm2s", "delay_us", "30000");
	for (i = 0; i < 3; i++) {
		uint64_t rid, tid;

		rel_fill(P.tp, 2048, 50 + i);
		rid = submit_to(P.rx, 0, 2048, 0);
		tid = submit_to(P.tx, 0, 2048, 0);
		ASSERT_OK(rel_wait_id(P.tx, tid, 5 * REL_SEC, &rec));
		EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
		EXPECT_GE(rec.ts_complete - rec.ts_issue, 30 * REL_MS);
		ASSERT_OK(rel_wait_id(P.rx, rid, 5 * REL_SEC, &rec));
		EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
		EXPECT_EQ(rel_check(P.rp, 2048, 50 + i), 2048);
	}
	recovers();
	rel_pair_close(&P);
}

TEST(slow_bandwidth)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	need_engine();
	pair();
	knob("mm2s", "bandwidth", "1000000");
	rel_fill(P.tp, 65536, 60);
	rid = submit_to(P.rx, 0, 65536, 0);
	tid = submit_to(P.tx, 0, 65536, 0);
	ASSERT_OK(rel_wait_id(P.tx, tid, 10 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_DONE);
	EXPECT_GE(rec.ts_complete - rec.ts_issue, 50 * REL_MS);
	ASSERT_OK(rel_wait_id(P.rx, rid, 10 * REL_SEC, &rec));
	EXPECT_EQ(rel_check(P.rp, 65536, 60), 65536);
	recovers();
	rel_pair_close(&P);
}

/* Slower than the timeout: TIMEDOUT, then the queued one runs. */
TEST(slow_timeout_then_queue_continues)
{
	struct axidma_completion rec;
	uint64_t a, b;

	need_engine();
	pair();
	knob("mm2s", "delay_us", "500000");
	a = submit_to(P.tx, 0, 1024, 50 * REL_MS);
	b = submit_to(P.tx, 1, 1024, 0);
	ASSERT_OK(rel_wait_id(P.tx, a, 5 * REL_SEC, &rec));
	EXPECT_EQ(rec.status, AXIDMA_STATUS_TIMEDOUT);
	knob("mm2s", "delay_us", "0");
	ASSERT_OK(rel_wait_id(P.tx, b, 5 * REL_SEC, &rec));
	EXPECT_TRUE(rec.status == AXIDMA_STATUS_DONE);
	recovers();
	rel_pair_close(&P);
}

/* --- allocation failures (fail-nth) ---------------------------------------- */

static int fi_max;
/*
 * /proc/thread-self/fail-nth, kept open: reading and writing it allocate
 * nothing, so the failure lands in the call under test.
 */
static int fi_fd = -1;

static void need_fi(void)
{
	if (strcmp(rel_env("AXIDMA_FAULT_INJECT", "0"), "1"))
		SKIP("no fault injection here (debug kernel only)");
	fi_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (fi_fd < 0)
		SKIP("no /proc/thread-self/fail-nth");
	fi_max = rel_env_num("AXIDMA_FI_MAX", 400);
}

static void fail_nth(int n)
{
	char s[16];

	snprintf(s, sizeof(s), "%d", n);
	if (pwrite(fi_fd, s, strlen(s), 0) != (ssize_t)strlen(s))
		TAP_FAIL(1, "fail-nth %d: %s", n, strerror(errno));
}

/* 1 when the injected failure was not reached (reset it then). */
static int fail_nth_unused(void)
{
	char s[16] = "";
	int e = errno;

	if (pread(fi_fd, s, sizeof(s) - 1, 0) <= 0)
		TAP_FAIL(1, "read fail-nth: %s", strerror(errno));
	fail_nth(0);
	errno = e;
	return atoi(s) != 0;
}

struct fi_stats {
	int iters, ok, fails[8];
	int errs[8];
};

static void fi_note(struct fi_stats *st, int ret, int e)
{
	int i;

	st->iters++;
	if (ret >= 0) {
		st->ok++;
		return;
	}
	for (i = 0; i < 8; i++) {
		if (!st->errs[i] || st->errs[i] == e) {
			st->errs[i] = e;
			st->fails[i]++;
			return;
		}
	}
}

static void fi_report(const char *what, struct fi_stats *st)
{
	char buf[256];
	int i, n;

	n = snprintf(buf, sizeof(buf), "%s: %d injection points, %d ok", what,
		     st->iters, st->ok);
	for (i = 0; i < 8 && st->errs[i]; i++)
		n += snprintf(buf + n, sizeof(buf) - n, ", %s x%d",
			      strerror(st->errs[i]), st->fails[i]);
	tap_diag("%s", buf);
}

/* Only ENOMEM (or for a probe, its deferral) is a clean allocation error. */
static int clean_errno(int e)
{
	return e == ENOMEM || e == 517 /* EPROBE_DEFER */;
}

TEST(fi_open)
{
	struct fi_stats st = { 0 };
	int n, fd, e;

	need_fi();
	rel_paths(&P, client);
	for (n = 1; n <= fi_max; n++) {
		fail_nth(n);
		fd = open(P.tx_path, O_RDWR | O_CLOEXEC);
		e = errno;
		if (fail_nth_unused() && fd >= 0) {
			close(fd);
			break;
		}
		fi_note(&st, fd, e);
		if (fd >= 0)
			close(fd);
		else
			EXPECT_TRUE(clean_errno(e));
	}
	fi_report("open", &st);
	pair();
	recovers();
	rel_pair_close(&P);
}

TEST(fi_set_buffers_and_mmap)
{
	struct fi_stats st = { 0 }, sm = { 0 };
	int n, r, e, done = 0;
	void *m;

	need_fi();
	pair();
	rel_pair_close(&P);
	for (n = 1; n <= fi_max && !done; n++) {
		int tx = rel_open(P.tx_path, O_RDWR, 1);

		ASSERT_GE(tx, 0);
		fail_nth(n);
		r = rel_set_bufs(tx, 4, 65536);
		e = errno;
		done = fail_nth_unused() && !r;
		fi_note(&st, r, e);
		if (r)
			EXPECT_TRUE(clean_errno(e));
		/* the channel is usable after the failure */
		ASSERT_OK(rel_set_bufs(tx, 2, 65536));
		close(tx);
	}
	fi_report("SET_BUFFERS", &st);
	/* mmap allocates the default set of a new owner */
	for (done = 0, n = 1; n <= fi_max && !done; n++) {
		int tx = rel_open(P.tx_path, O_RDWR, 1);

		ASSERT_GE(tx, 0);
		fail_nth(n);
		m = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, tx, 0);
		e = errno;
		done = fail_nth_unused() && m != MAP_FAILED;
		fi_note(&sm, m == MAP_FAILED ? -1 : 0, e);
		if (m == MAP_FAILED)
			EXPECT_TRUE(clean_errno(e));
		else
			munmap(m, 65536);
		close(tx);
	}
	fi_report("mmap", &sm);
	pair();
	recovers();
	rel_pair_close(&P);
}

TEST(fi_submit)
{
	struct fi_stats st = { 0 };
	struct axidma_completion rec[8];
	struct axidma_xfer x[8];
	struct axidma_submit s;
	struct axidma_wait w;
	int n, r, e, done = 0;
	unsigned int i, got;

	need_fi();
	pair();
	for (n = 1; n <= fi_max && !done; n++) {
		memset(x, 0, sizeof(x));
		for (i = 0; i < 8; i++) {
			x[i].offset = i * 4096;
			x[i].length = 1000 + i;
		}
		rel_fill(P.tp, 32768, n);
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 8 };
		ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_SUBMIT, &s));
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = 8 };
		fail_nth(n);
		r = ioctl(P.tx, AXIDMA_IOC_SUBMIT, &s);
		e = errno;
		done = fail_nth_unused() && !r;
		fi_note(&st, r, e);
		if (r) {
			EXPECT_TRUE(clean_errno(e));
			ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_STOP));
			ASSERT_OK(rel_drain(P.rx, 0));
			continue;
		}
		/* accepted: every record comes; the data is right if DONE */
		for (got = 0; got < 8; got += w.count) {
			w = (struct axidma_wait){ .records = (uintptr_t)&rec[got],
				.max_records = 8 - got,
				.flags = AXIDMA_WAIT_TIMEOUT,
				.timeout_ns = 10 * REL_SEC };
			ASSERT_OK(ioctl(P.tx, AXIDMA_IOC_WAIT, &w));
		}
		for (i = 0; i < 8; i++)
			EXPECT_TRUE(rec[i].status == AXIDMA_STATUS_DONE ||
				    (rec[i].status == AXIDMA_STATUS_ERROR &&
				     rec[i].error == -ENOMEM));
		ASSERT_OK(ioctl(P.rx, AXIDMA_IOC_STOP));
		ASSERT_OK(rel_drain(P.rx, 0));
		if (engine)
			knob(NULL, "fifo", "0");
	}
	fi_report("SUBMIT", &st);
	recovers();
	rel_pair_close(&P);
}

TEST(fi_probe)
{
	struct fi_stats st = { 0 };
	char dev[256];
	int n, r, e, done = 0;

	need_fi();
	ASSERT_OK(rel_client_dev(client, dev, sizeof(dev)));
	ASSERT_OK(rel_unbind(dev));
	for (n = 1; n <= fi_max && !done; n++) {
		fail_nth(n);
		r = rel_bind(dev);
		e = errno;
		done = fail_nth_unused() && !r;
		fi_note(&st, r, e);
		if (r)
			EXPECT_TRUE(clean_errno(e) || e == ENODEV ||
				    e == EINVAL);
		/* a deferred probe may bind it later: start unbound */
		if (!done) {
			usleep(r ? 1000 : 0);
			if (rel_bound(dev))
				ASSERT_OK(rel_unbind(dev));
		}
	}
	fi_report("probe (bind)", &st);
	if (!rel_bound(dev))
		ASSERT_OK(rel_bind(dev));
	rel_paths(&P, client);
	ASSERT_OK(rel_wait_node(P.tx_path, 5000));
	ASSERT_OK(rel_wait_node(P.rx_path, 5000));
	pair();
	recovers();
	rel_pair_close(&P);
}

int main(int argc, char **argv)
{
	client = rel_env("AXIDMA_CLIENT", "loop0");
	engine = getenv("AXIDMA_ENGINE");
	if (engine && !*engine)
		engine = NULL;
	return tap_main(argc, argv);
}
