// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * axidma bench TX RX: throughput and latency of a loopback, every byte
 * verified.
 *
 * For each size S the data moves as transfers of t = min(S, the longest
 * transfer, 4 MiB) bytes (one packet each), with up to --depth transfers
 * outstanding on each channel, one buffer per outstanding transfer. Every
 * transfer k carries the pattern of seed (--seed + k), written into the TX
 * buffer before it is submitted and checked in the RX buffer after its
 * record arrives, together with its received length; a buffer is reused
 * only once both of its records are read. Latency is the RX record's
 * completion time minus its submit time (kernel timestamps), so it
 * includes the time queued behind the other outstanding transfers.
 * Ioctls per transfer count every submit and wait call on both channels.
 * The driver's depth (transfers handed to the engine at once) is left as
 * configured unless --engine-depth is given: a depth above 1 is only right
 * for a scatter-gather engine (docs/uapi.md, "S2MM policy"). The settings
 * changed here (buffers, depth) are put back at the end.
 */
#include <axidma.h>
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "stats.h"
#include "tool.h"

#define CHUNK_MAX	(4ULL << 20)	/* largest transfer the bench uses */
#define MEM_BUDGET	(64ULL << 20)	/* buffer bytes per channel */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

struct row {
	uint64_t size;
	uint64_t xfer;
	unsigned int depth;
	unsigned int engine_depth;
	double secs;
	uint64_t xfers;
	uint64_t bytes;
	uint64_t ioctls;
	uint64_t p50_ns;
	uint64_t p99_ns;
	const char *skip;	/* why the size was skipped, else NULL */
};

struct bench {
	const struct config *cfg;
	struct axidma_chan *tx, *rx;
	uint64_t max_xfer;
	unsigned int queue_size;
	unsigned int depth_max;
	unsigned int engine_depth;
	struct stats lat;
	bool progress;
	size_t rows_printed;
};

static uint64_t xfer_len(uint64_t size, uint64_t t, uint64_t k)
{
	uint64_t nblk = (size + t - 1) / t, pos = k % nblk;

	return pos == nblk - 1 ? size - pos * t : t;
}

/* Sets Q buffers of t bytes on both channels, halving Q on ENOMEM. */
static unsigned int bench_alloc(struct bench *bn, unsigned int q, uint64_t t)
{
	for (; q; q /= 2) {
		if (!axidma_chan_set_buffers(bn->tx, q, t) &&
		    !axidma_chan_set_buffers(bn->rx, q, t))
			return q;
		if (errno != ENOMEM)
			die_perror("cannot set %u buffers of %" PRIu64 " bytes", q, t);
	}
	return 0;
}

static void submit_pairs(struct bench *bn, struct axidma_batch *rxb,
			 struct axidma_batch *txb, uint64_t size, uint64_t t,
			 unsigned int q, uint64_t *k_sub, unsigned int n,
			 uint64_t *ioctls)
{
	const struct config *cfg = bn->cfg;
	unsigned int j, buf;
	uint64_t k, len;
	int got;

	axidma_batch_clear(rxb);
	axidma_batch_clear(txb);
	for (j = 0; j < n; j++) {
		k = *k_sub + j;
		buf = (unsigned int)(k % q);
		len = xfer_len(size, t, k);
		axidma_pattern_fill(axidma_chan_get_buffer(bn->tx, buf), len,
				    cfg->seed + k, 0);
		axidma_batch_add(rxb, buf, 0, len, k);
		axidma_batch_add(txb, buf, 0, len, k);
		if (cfg->has_timeout) {
			axidma_batch_set_timeout(rxb, j, cfg->timeout_ns);
			axidma_batch_set_timeout(txb, j, cfg->timeout_ns);
		}
	}
	got = axidma_chan_submit_batch(bn->rx, rxb, 0, NULL);
	if (got >= 0 && (unsigned int)got != n)
		die("%s accepted %d of %u transfers", axidma_chan_get_path(bn->rx),
		    got, n);
	if (got < 0)
		die_perror("cannot submit on %s", axidma_chan_get_path(bn->rx));
	got = axidma_chan_submit_batch(bn->tx, txb, 0, NULL);
	if (got >= 0 && (unsigned int)got != n)
		die("%s accepted %d of %u transfers", axidma_chan_get_path(bn->tx),
		    got, n);
	if (got < 0)
		die_perror("cannot submit on %s", axidma_chan_get_path(bn->tx));
	*ioctls += 2;
	*k_sub += n;
}

static void bench_interrupted(struct bench *bn)
{
	axidma_chan_stop(bn->rx);
	axidma_chan_stop(bn->tx);
	if (bn->progress)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: bench interrupted\n", progname);
}

/* Runs one size; returns false when interrupted. */
static bool bench_size(struct bench *bn, uint64_t size, struct row *row)
{
	const struct config *cfg = bn->cfg;
	struct axidma_record_buffer *rrb, *trb;
	struct axidma_batch *rxb, *txb;
	const struct axidma_record *rec;
	uint64_t t, k_sub = 0, k_done = 0, tx_reaped = 0, nblk, len, start;
	uint64_t last_progress = 0, now;
	unsigned int q, depth;
	bool stopping = false;
	char sz[32];
	size_t bad;
	int n, i;

	memset(row, 0, sizeof(*row));
	row->size = size;
	t = size < bn->max_xfer ? size : bn->max_xfer;
	if (t > CHUNK_MAX)
		t = CHUNK_MAX;
	row->xfer = t;
	nblk = (size + t - 1) / t;
	depth = cfg->has_depth ? (unsigned int)cfg->depth : 8;
	if (depth > bn->queue_size)
		depth = bn->queue_size;
	if (depth > MEM_BUDGET / t)
		depth = (unsigned int)(MEM_BUDGET / t);
	if (!depth)
		depth = 1;
	q = bench_alloc(bn, depth, t);
	if (!q) {
		row->skip = "cannot allocate the buffers";
		return true;
	}
	row->depth = q;
	row->engine_depth = bn->engine_depth;

	rrb = axidma_record_buffer_new(q);
	trb = axidma_record_buffer_new(q);
	rxb = axidma_batch_new(q);
	txb = axidma_batch_new(q);
	if (!rrb || !trb || !rxb || !txb)
		die("out of memory");
	stats_reset(&bn->lat);

	start = now_ns();
	submit_pairs(bn, rxb, txb, size, t, q, &k_sub, q, &row->ioctls);
	while (k_done < k_sub) {
		n = axidma_chan_read_records(bn->rx, rrb, 0, -1);
		row->ioctls++;
		if (n < 0 && errno == EINTR && interrupted)
			goto interrupted;
		if (n < 0)
			die_perror("waiting on %s", axidma_chan_get_path(bn->rx));
		for (i = 0; i < n; i++, k_done++) {
			rec = axidma_record_buffer_get_record(rrb, (size_t)i);
			if (!axidma_record_is_ok(rec))
				die_record(bn->rx, rec);
			len = xfer_len(size, t, k_done);
			if (axidma_record_get_tag(rec) != k_done ||
			    axidma_record_get_bytes(rec) != len) {
				fprintf(stderr, "%s: data mismatch: transfer %" PRIu64 " received %" PRIu64 " of %" PRIu64 " bytes\n",
					progname, k_done,
					axidma_record_get_bytes(rec), len);
				exit(EXIT_MISMATCH);
			}
			if (!axidma_pattern_check(
				    axidma_chan_get_buffer(bn->rx,
					    axidma_record_get_buffer(rec)),
				    len, cfg->seed + k_done, 0, &bad)) {
				fprintf(stderr, "%s: data mismatch: transfer %" PRIu64 " (%s), first bad byte at offset %zu\n",
					progname, k_done,
					format_size(len, sz, sizeof(sz)), bad);
				exit(EXIT_MISMATCH);
			}
			stats_add(&bn->lat, axidma_record_get_ts_complete(rec) -
					    axidma_record_get_ts_submit(rec));
			row->bytes += len;
		}
		/* a TX buffer is reused only once its record is read */
		while (tx_reaped < k_done) {
			n = axidma_chan_read_records(bn->tx, trb, 0, -1);
			row->ioctls++;
			if (n < 0 && errno == EINTR && interrupted)
				goto interrupted;
			if (n < 0)
				die_perror("waiting on %s",
					   axidma_chan_get_path(bn->tx));
			for (i = 0; i < n; i++) {
				rec = axidma_record_buffer_get_record(trb, (size_t)i);
				if (!axidma_record_is_ok(rec))
					die_record(bn->tx, rec);
			}
			tx_reaped += (uint64_t)n;
		}
		now = now_ns();
		if (interrupted)
			goto interrupted;
		if (!stopping && now - start >= cfg->duration_ns &&
		    k_done >= nblk)
			stopping = true;
		if (!stopping && k_sub - k_done < q)
			submit_pairs(bn, rxb, txb, size, t, q, &k_sub,
				     (unsigned int)(k_done + q - k_sub),
				     &row->ioctls);
		if (bn->progress && now - last_progress > 200000000ULL) {
			last_progress = now;
			fprintf(stderr, "\r\033[K  %s: %.1f s, %" PRIu64 " transfers",
				format_size(size, sz, sizeof(sz)),
				(double)(now - start) / 1e9, k_done);
		}
	}
	row->secs = (double)(now_ns() - start) / 1e9;
	row->xfers = k_done;
	row->p50_ns = stats_percentile(&bn->lat, 50);
	row->p99_ns = stats_percentile(&bn->lat, 99);
	if (bn->progress)
		fputs("\r\033[K", stderr);
	axidma_batch_free(rxb);
	axidma_batch_free(txb);
	axidma_record_buffer_free(rrb);
	axidma_record_buffer_free(trb);
	return true;

interrupted:
	bench_interrupted(bn);
	axidma_batch_free(rxb);
	axidma_batch_free(txb);
	axidma_record_buffer_free(rrb);
	axidma_record_buffer_free(trb);
	return false;
}

static void print_row(struct bench *bn, const struct row *r)
{
	double mbps = r->secs > 0 ? (double)r->bytes / r->secs / 1e6 : 0;
	double pps = r->secs > 0 ? (double)r->xfers / r->secs : 0;
	double ipx = r->xfers ? (double)r->ioctls / (double)r->xfers : 0;
	char a[32], b[32], c[32];

	switch (bn->cfg->format) {
	case FORMAT_TABLE:
		if (!bn->rows_printed)
			printf("%-10s %-9s %5s %3s %10s %10s %9s %9s %9s %10s\n",
			       "SIZE", "XFER", "DEPTH", "ENG", "MB/s", "PKT/s",
			       "P50-us", "P99-us", "IOCTL/PKT", "VERIFIED");
		if (r->skip) {
			printf("%-10s skipped: %s\n",
			       format_size(r->size, a, sizeof(a)), r->skip);
			break;
		}
		printf("%-10s %-9s %5u %3u %10.2f %10.0f %9.1f %9.1f %9.2f %10s\n",
		       format_size(r->size, a, sizeof(a)),
		       format_size(r->xfer, b, sizeof(b)), r->depth,
		       r->engine_depth, mbps, pps,
		       (double)r->p50_ns / 1e3, (double)r->p99_ns / 1e3, ipx,
		       format_size(r->bytes, c, sizeof(c)));
		break;
	case FORMAT_CSV:
		if (!bn->rows_printed)
			printf("size_bytes,xfer_bytes,depth,engine_depth,seconds,transfers,bytes_verified,mb_per_s,packets_per_s,latency_p50_us,latency_p99_us,ioctls_per_transfer,skipped\n");
		printf("%" PRIu64 ",%" PRIu64 ",%u,%u,%.6f,%" PRIu64 ",%" PRIu64 ",%.3f,%.1f,%.3f,%.3f,%.3f,%s\n",
		       r->size, r->xfer, r->depth, r->engine_depth, r->secs, r->xfers, r->bytes,
		       mbps, pps, (double)r->p50_ns / 1e3,
		       (double)r->p99_ns / 1e3, ipx, r->skip ? r->skip : "");
		break;
	case FORMAT_JSON:
		printf("%s  {\"size_bytes\": %" PRIu64 ", \"xfer_bytes\": %" PRIu64
		       ", \"depth\": %u, \"engine_depth\": %u, \"seconds\": %.6f, \"transfers\": %" PRIu64
		       ", \"bytes_verified\": %" PRIu64 ", \"mb_per_s\": %.3f"
		       ", \"packets_per_s\": %.1f, \"latency_p50_us\": %.3f"
		       ", \"latency_p99_us\": %.3f, \"ioctls_per_transfer\": %.3f",
		       bn->rows_printed ? ",\n" : "", r->size, r->xfer, r->depth,
		       r->engine_depth, r->secs, r->xfers, r->bytes, mbps, pps,
		       (double)r->p50_ns / 1e3, (double)r->p99_ns / 1e3, ipx);
		if (r->skip)
			printf(", \"skipped\": \"%s\"", r->skip);
		printf("}");
		break;
	}
	bn->rows_printed++;
	fflush(stdout);
}

int cmd_bench(const struct config *cfg)
{
	struct axidma_chan_info *ti, *ri;
	unsigned int tx_count, rx_count, tx_depth, rx_depth;
	uint64_t tx_size, rx_size, sizes[MAX_SIZES];
	struct sigaction sa;
	struct bench bn;
	size_t nsizes, i;
	struct row row;
	bool ok = true;
	int ret;

	memset(&bn, 0, sizeof(bn));
	bn.cfg = cfg;
	stats_init(&bn.lat);
	nsizes = cfg->nsizes;
	if (nsizes) {
		memcpy(sizes, cfg->sizes, nsizes * sizeof(sizes[0]));
	} else {
		ret = parse_size_list("64..64M", sizes, MAX_SIZES);
		nsizes = ret > 0 ? (size_t)ret : 0;
	}
	bn.tx = open_owner(cfg->args[0], AXIDMA_DIRECTION_MEM_TO_DEV);
	bn.rx = open_owner(cfg->args[1], AXIDMA_DIRECTION_DEV_TO_MEM);
	ti = axidma_chan_get_info(bn.tx);
	ri = axidma_chan_get_info(bn.rx);
	if (!ti || !ri)
		die_perror("cannot query the channels");
	bn.max_xfer = axidma_chan_info_get_max_transfer(ti);
	if (axidma_chan_info_get_max_transfer(ri) < bn.max_xfer)
		bn.max_xfer = axidma_chan_info_get_max_transfer(ri);
	bn.queue_size = axidma_chan_info_get_queue_size(ti);
	if (axidma_chan_info_get_queue_size(ri) < bn.queue_size)
		bn.queue_size = axidma_chan_info_get_queue_size(ri);
	bn.depth_max = axidma_chan_info_get_depth_max(ti);
	if (axidma_chan_info_get_depth_max(ri) < bn.depth_max)
		bn.depth_max = axidma_chan_info_get_depth_max(ri);
	/* the settings stay with the channels: put them back afterwards */
	tx_count = axidma_chan_info_get_buf_count(ti);
	tx_size = axidma_chan_info_get_buf_size(ti);
	tx_depth = axidma_chan_info_get_depth(ti);
	rx_count = axidma_chan_info_get_buf_count(ri);
	rx_size = axidma_chan_info_get_buf_size(ri);
	rx_depth = axidma_chan_info_get_depth(ri);
	axidma_chan_info_free(ti);
	axidma_chan_info_free(ri);
	if (cfg->has_engine_depth) {
		if (axidma_chan_set_depth(bn.tx, (unsigned int)cfg->engine_depth) ||
		    axidma_chan_set_depth(bn.rx, (unsigned int)cfg->engine_depth))
			die_perror("cannot set the engine depth to %" PRIu64,
				   cfg->engine_depth);
		bn.engine_depth = (unsigned int)cfg->engine_depth;
	} else {
		bn.engine_depth = rx_depth < tx_depth ? rx_depth : tx_depth;
	}
	bn.progress = !cfg->no_progress && isatty(STDOUT_FILENO) &&
		      isatty(STDERR_FILENO);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigint;	/* no SA_RESTART: waits return EINTR */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	if (cfg->format == FORMAT_JSON)
		printf("[\n");
	for (i = 0; i < nsizes && ok; i++) {
		ok = bench_size(&bn, sizes[i], &row);
		if (ok)
			print_row(&bn, &row);
	}
	if (cfg->format == FORMAT_JSON)
		printf("%s]\n", bn.rows_printed ? "\n" : "");

	if (axidma_chan_set_buffers(bn.tx, tx_count, tx_size) ||
	    axidma_chan_set_depth(bn.tx, tx_depth))
		fprintf(stderr, "%s: cannot restore the settings of %s: %s\n",
			progname, axidma_chan_get_path(bn.tx),
			axidma_strerror(errno));
	if (axidma_chan_set_buffers(bn.rx, rx_count, rx_size) ||
	    axidma_chan_set_depth(bn.rx, rx_depth))
		fprintf(stderr, "%s: cannot restore the settings of %s: %s\n",
			progname, axidma_chan_get_path(bn.rx),
			axidma_strerror(errno));
	stats_free(&bn.lat);
	axidma_chan_close(bn.tx);
	axidma_chan_close(bn.rx);
	return ok ? EXIT_SUCCESS : 128 + SIGINT;
}
