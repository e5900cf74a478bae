// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * axidma selftest [TX RX]: checks a loopback pair (TX's stream fed back
 * into RX), or every CLIENT/tx + CLIENT/rx pair the driver has: verified
 * loopbacks of several sizes, a batch, the timeout and stop paths, and the
 * ownership rules. Prints failures (every check with --verbose) and a
 * summary; exit 0 when all pass.
 */
#include <axidma.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "tool.h"

struct selftest {
	const struct config *cfg;
	const char *pair;
	unsigned int passed, failed, mismatches;
};

__attribute__((format(printf, 3, 4)))
static bool check(struct selftest *st, bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok)
		st->passed++;
	else
		st->failed++;
	if (ok && !st->cfg->verbose)
		return ok;
	printf("%s %s: ", ok ? "PASS" : "FAIL", st->pair);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return ok;
}

static void loopback_size(struct selftest *st, struct axidma_chan *tx,
			  struct axidma_chan *rx, size_t len, uint64_t seed)
{
	unsigned char *out = malloc(len), *in = calloc(1, len);
	size_t bad = 0;
	ssize_t n;
	int err;

	if (!out || !in) {
		check(st, false, "loopback of %zu bytes: out of memory", len);
		goto out;
	}
	axidma_pattern_fill(out, len, seed, 0);
	n = axidma_loopback(tx, rx, out, in, len, cfg_timeout(st->cfg));
	err = errno;
	if (n < 0) {
		check(st, false, "loopback of %zu bytes: %s", len,
		      axidma_strerror(err));
	} else if ((size_t)n != len) {
		st->mismatches++;
		check(st, false, "loopback of %zu bytes: received %zd", len, n);
	} else if (!axidma_pattern_check(in, len, seed, 0, &bad)) {
		st->mismatches++;
		check(st, false, "loopback of %zu bytes: data differ at byte %zu",
		      len, bad);
	} else {
		check(st, true, "loopback of %zu bytes, verified", len);
	}
out:
	free(out);
	free(in);
}

/* Four transfers in one batch on each side, each one verified. */
static void batch_loopback(struct selftest *st, struct axidma_chan *tx,
			   struct axidma_chan *rx)
{
	struct axidma_record_buffer *rb = axidma_record_buffer_new(4);
	struct axidma_batch *tb = axidma_batch_new(4), *rbt = axidma_batch_new(4);
	const size_t len = 1024;
	unsigned int nb, i, got = 0, ok = 0;
	int n;

	nb = axidma_chan_get_num_buffers(tx);
	if (axidma_chan_get_num_buffers(rx) < nb)
		nb = axidma_chan_get_num_buffers(rx);
	if (nb > 4)
		nb = 4;
	if (!rb || !tb || !rbt || !nb || !axidma_chan_get_buffer(tx, 0) ||
	    !axidma_chan_get_buffer(rx, 0)) {
		check(st, false, "batch loopback: setup: %s", axidma_strerror(errno));
		goto out;
	}
	for (i = 0; i < nb; i++) {
		axidma_pattern_fill(axidma_chan_get_buffer(tx, i), len, 100 + i, 0);
		memset(axidma_chan_get_buffer(rx, i), 0, len);
		axidma_batch_add(tb, i, 0, len, i);
		axidma_batch_add(rbt, i, 0, len, i);
	}
	if (axidma_chan_submit_batch(rx, rbt, 0, NULL) != (int)nb ||
	    axidma_chan_submit_batch(tx, tb, 0, NULL) != (int)nb) {
		check(st, false, "batch loopback: submit: %s", axidma_strerror(errno));
		axidma_chan_stop(rx);
		axidma_chan_stop(tx);
	}
	while (axidma_chan_get_outstanding(tx)) {
		if (axidma_chan_read_records(tx, rb, 0, -1) < 0)
			break;
	}
	while (got < nb) {
		n = axidma_chan_read_records(rx, rb, 0, -1);
		if (n <= 0)
			break;
		for (i = 0; i < (unsigned int)n; i++, got++) {
			const struct axidma_record *r =
				axidma_record_buffer_get_record(rb, i);
			unsigned int b = axidma_record_get_buffer(r);

			if (axidma_record_is_ok(r) &&
			    axidma_record_get_bytes(r) == len &&
			    axidma_pattern_check(axidma_chan_get_buffer(rx, b),
						 len, 100 + b, 0, NULL))
				ok++;
		}
	}
	if (got == nb && ok < nb)
		st->mismatches++;
	check(st, got == nb && ok == nb,
	      "batch of %u loopback transfers, %u verified", nb, ok);
out:
	axidma_batch_free(tb);
	axidma_batch_free(rbt);
	axidma_record_buffer_free(rb);
}

static void test_pair(struct selftest *st, const char *txn, const char *rxn)
{
	struct axidma_chan *tx, *rx, *other;
	struct axidma_record_buffer *rb;
	const struct axidma_record *rec;
	struct axidma_chan_status *s;
	unsigned char buf[64];
	size_t bufsize;
	uint64_t id;
	ssize_t n;
	int err;

	tx = axidma_chan_open(txn, 0);
	if (!tx) {
		check(st, false, "open %s: %s", txn, axidma_strerror(errno));
		return;
	}
	rx = axidma_chan_open(rxn, 0);
	if (!rx) {
		check(st, false, "open %s: %s", rxn, axidma_strerror(errno));
		axidma_chan_close(tx);
		return;
	}
	if (!check(st, axidma_chan_get_direction(tx) == AXIDMA_DIRECTION_MEM_TO_DEV &&
		   axidma_chan_get_direction(rx) == AXIDMA_DIRECTION_DEV_TO_MEM,
		   "directions: %s is mem-to-dev, %s dev-to-mem", txn, rxn))
		goto out;

	bufsize = axidma_chan_get_buffer_size(tx);
	if (axidma_chan_get_buffer_size(rx) < bufsize)
		bufsize = axidma_chan_get_buffer_size(rx);
	loopback_size(st, tx, rx, 1, 1);
	loopback_size(st, tx, rx, 64, 2);
	loopback_size(st, tx, rx, 4096 < bufsize ? 4096 : bufsize, 3);
	loopback_size(st, tx, rx, bufsize, 4);
	batch_loopback(st, tx, rx);

	/* ownership */
	other = axidma_chan_open(rxn, 0);
	err = errno;
	check(st, !other && err == EBUSY, "a second owner is refused (EBUSY)");
	axidma_chan_close(other);
	other = axidma_chan_open(rxn, AXIDMA_OPEN_READ_ONLY);
	if (other) {
		err = axidma_chan_submit(other, 0, 0, 64, 0, NULL) ? errno : 0;
		check(st, err == EBADF, "a read-only handle cannot submit (EBADF)");
		axidma_chan_close(other);
	} else {
		check(st, false, "read-only open: %s", axidma_strerror(errno));
	}

	/* nothing sent: the receive times out, and says so */
	n = axidma_chan_recv(rx, buf, sizeof(buf), 50000000);
	err = errno;
	rec = axidma_chan_get_last_record(rx);
	check(st, n < 0 && err == ETIMEDOUT && rec &&
	      axidma_record_get_status(rec) == AXIDMA_RECORD_TIMEDOUT,
	      "a receive with nothing sent times out (ETIMEDOUT)");

	/* stop aborts what is pending */
	rb = axidma_record_buffer_new(1);
	if (rb && !axidma_chan_submit(rx, 0, 0, 64, 7, &id) &&
	    !axidma_chan_stop(rx) &&
	    axidma_chan_read_records(rx, rb, 0, 1000000000) == 1) {
		rec = axidma_record_buffer_get_record(rb, 0);
		check(st, axidma_record_get_status(rec) == AXIDMA_RECORD_ABORTED &&
		      axidma_record_get_error(rec) == ECANCELED &&
		      axidma_record_get_id(rec) == id,
		      "stop aborts a pending receive (ECANCELED)");
	} else {
		check(st, false, "stop aborts a pending receive: %s",
		      axidma_strerror(errno));
	}
	axidma_record_buffer_free(rb);

	s = axidma_chan_get_status(rx);
	check(st, s && axidma_chan_status_get_state(s) == AXIDMA_CHAN_IDLE &&
	      axidma_chan_status_is_owned(s) && axidma_chan_status_get_done(s) > 0,
	      "status: idle, owned, transfers counted");
	axidma_chan_status_free(s);
out:
	axidma_chan_close(tx);
	axidma_chan_close(rx);
}

int cmd_selftest(const struct config *cfg)
{
	struct selftest st = { .cfg = cfg };
	struct axidma_chan_list *list;
	const char *client, *name;
	char pair[80], txn[80], rxn[80];
	unsigned int pairs = 0;
	size_t i, j, n;

	/* the library's own pattern code first */
	{
		unsigned char p[100];
		size_t bad = 0;

		st.pair = "library";
		axidma_pattern_fill(p, sizeof(p), 5, 3);
		p[42] ^= 1;
		check(&st, !axidma_pattern_check(p, sizeof(p), 5, 3, &bad) &&
		      bad == 42, "pattern checker finds a flipped bit");
	}
	if (cfg->nargs == 2) {
		snprintf(pair, sizeof(pair), "%s -> %s", cfg->args[0], cfg->args[1]);
		st.pair = pair;
		test_pair(&st, cfg->args[0], cfg->args[1]);
		pairs++;
	} else if (cfg->nargs == 1) {
		die_usage("selftest takes no channel or both TX and RX");
	} else {
		list = axidma_chan_list_new();
		if (!list && errno == ENOENT)
			die("no /sys/class/axidma: the axidma driver is not loaded");
		if (!list)
			die_perror("cannot list the channels");
		n = axidma_chan_list_get_count(list);
		for (i = 0; i < n; i++) {
			client = axidma_chan_list_get_client(list, i);
			if (strcmp(axidma_chan_list_get_dma_name(list, i), "tx"))
				continue;
			for (j = 0; j < n; j++) {
				name = axidma_chan_list_get_dma_name(list, j);
				if (strcmp(axidma_chan_list_get_client(list, j),
					   client) || strcmp(name, "rx"))
					continue;
				snprintf(txn, sizeof(txn), "%s/tx", client);
				snprintf(rxn, sizeof(rxn), "%s/rx", client);
				st.pair = client;
				test_pair(&st, txn, rxn);
				pairs++;
			}
		}
		axidma_chan_list_free(list);
		if (!pairs)
			die("no loopback pair found (CLIENT/tx with CLIENT/rx)");
	}
	printf("selftest: %u passed, %u failed on %u pair%s\n", st.passed,
	       st.failed, pairs, pairs == 1 ? "" : "s");
	if (st.mismatches)
		return EXIT_MISMATCH;
	return st.failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
