// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_stress - data-verified packets through several loopback clients
 * at once, each with a sender thread (tx, MM2S) and a receiver thread
 * (rx, S2MM): random packet sizes, batches, provider depths, transfer and
 * WAIT timeouts, and STOPs (with receive buffers posted and no data
 * coming: they end ABORTED). Every packet carries a sequence number in its
 * length and contents; the receiver checks each one, so a packet lost,
 * duplicated, reordered or corrupted fails the run.
 *
 * Usage: axidma_stress CLIENT...          (default: loop0 loop1)
 * Environment:
 *   AXIDMA_STRESS_PACKETS  packets in total (default 1000000), split
 *                          evenly across the clients
 *   AXIDMA_SOAK=1          ten times as many (a long soak)
 *   AXIDMA_STRESS_SEED     seed (default: time); printed
 *   AXIDMA_STRESS_MIN, AXIDMA_STRESS_MAX  packet sizes (64, 2048)
 * Prints TAP: one result per client and one for the whole run.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>

#include "tap.h"
#include "axidma_rel.h"

#define SLOT		2048U		/* bytes per packet slot */
#define NSLOTS		128U		/* slots per buffer: > queue_size */
#define WINDOW		256		/* packets tx may be ahead of rx */
#define STALL_NS	(60 * REL_SEC)	/* no progress for this long: hang */

static unsigned int pmin = 64, pmax = 2048, rx_depth = 1;
static uint64_t seed0;

struct lane {
	const char *client;
	struct rel_pair p;
	uint64_t target;		/* packets to move */
	uint64_t key;			/* per-lane seed */
	unsigned int align;
	atomic_ullong sent;		/* packets submitted by tx */
	atomic_ullong received;		/* packets verified by rx */
	atomic_ullong stop_at;		/* tx paused after this many */
	atomic_ullong stop_done;	/* rx stopped at stop_at */
	atomic_int failed;
	uint64_t aborted, stops, tx_batches, rx_waits, wait_timeouts;
	uint64_t depth_changes;
	char why[256];
};

static atomic_int any_failed;

static void lane_fail(struct lane *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void lane_fail(struct lane *l, const char *fmt, ...)
{
	va_list ap;

	if (atomic_exchange(&l->failed, 1))
		return;
	atomic_store(&any_failed, 1);
	va_start(ap, fmt);
	vsnprintf(l->why, sizeof(l->why), fmt, ap);
	va_end(ap);
}

static int stopped(struct lane *l)
{
	return atomic_load(&any_failed) || atomic_load(&l->failed);
}

/* The length of packet @seq: deterministic, so rx knows it. */
static unsigned int pkt_len(struct lane *l, uint64_t seq)
{
	uint64_t s = (seq + 1) * 0x9E3779B97F4A7C15ULL ^ l->key;

	return pmin + rel_rand(&s) % (pmax - pmin + 1);
}

static uint64_t pkt_word(struct lane *l, uint64_t seq, size_t i)
{
	return (seq * 0x100000001B3ULL + l->key) ^ (i * 0x9E3779B97F4A7C15ULL);
}

static void pkt_fill(struct lane *l, unsigned char *p, uint64_t seq,
		     unsigned int len)
{
	size_t i;
	uint64_t w;

	for (i = 0; i + 8 <= len; i += 8) {
		w = pkt_word(l, seq, i);
		memcpy(p + i, &w, 8);
	}
	w = pkt_word(l, seq, i);
	memcpy(p + i, &w, len - i);
}

static long pkt_check(struct lane *l, const unsigned char *p, uint64_t seq,
		      unsigned int len)
{
	size_t i;
	uint64_t w;

	for (i = 0; i + 8 <= len; i += 8) {
		w = pkt_word(l, seq, i);
		if (memcmp(p + i, &w, 8))
			return i;
	}
	w = pkt_word(l, seq, i);
	if (memcmp(p + i, &w, len - i))
		return i;
	return -1;
}

/* --- the sender ------------------------------------------------------------ */

static void tx_reap(struct lane *l, uint64_t *reaped, int block,
		    uint64_t *rng)
{
	struct axidma_completion rec[64];
	struct axidma_wait w = { .records = (uintptr_t)rec,
				 .max_records = 1 + rel_rand(rng) % 64,
				 .flags = AXIDMA_WAIT_TIMEOUT,
				 .timeout_ns = block ?
					(1 + rel_rand(rng) % 50) * REL_MS : 0 };
	unsigned int i;

	if (ioctl(l->p.tx, AXIDMA_IOC_WAIT, &w)) {
		if (errno == ETIMEDOUT || errno == ENODATA)
			return;
		lane_fail(l, "tx WAIT: %s", strerror(errno));
		return;
	}
	for (i = 0; i < w.count; i++) {
		const struct axidma_completion *c = &rec[i];
		uint64_t seq = *reaped + i;

		if (c->status != AXIDMA_STATUS_DONE || c->tag != seq ||
		    c->bytes != pkt_len(l, seq)) {
			lane_fail(l, "tx record %llu: status %u error %d tag %llu bytes %llu (want %u)",
				  (unsigned long long)seq, c->status, c->error,
				  (unsigned long long)c->tag,
				  (unsigned long long)c->bytes, pkt_len(l, seq));
			return;
		}
	}
	*reaped += w.count;
}

static void *tx_thread(void *arg)
{
	struct lane *l = arg;
	struct axidma_xfer x[32];
	uint64_t rng = l->key ^ 0x7ee7, seq = 0, reaped = 0, last = rel_now();
	uint64_t next_stop = 2000 + rel_rand(&rng) % 8000, progress = 0;

	while (seq < l->target && !stopped(l)) {
		unsigned int n = 1 + rel_rand(&rng) % 32, i;
		struct axidma_submit s;

		/* no more than WINDOW packets ahead of the receiver */
		if (seq - atomic_load(&l->received) + n > WINDOW) {
			tx_reap(l, &reaped, 1, &rng);
			if (rel_now() - last > STALL_NS)
				lane_fail(l, "no progress: sent %llu received %llu",
					  (unsigned long long)seq,
					  (unsigned long long)atomic_load(&l->received));
			continue;
		}
		if (n > l->target - seq)
			n = l->target - seq;
		if (seq + n > next_stop && seq < next_stop)
			n = next_stop - seq;
		for (i = 0; i < n; i++) {
			unsigned int len = pkt_len(l, seq + i);
			unsigned int slot = (seq + i) % NSLOTS;

			pkt_fill(l, l->p.tp + slot * SLOT, seq + i, len);
			memset(&x[i], 0, sizeof(x[i]));
			x[i].offset = slot * SLOT;
			x[i].length = len;
			x[i].tag = seq + i;
			if (rel_rand(&rng) % 2) {
				x[i].flags = AXIDMA_XFER_TIMEOUT;
				x[i].timeout_ns = (20 + rel_rand(&rng) % 40) *
						  REL_SEC;
			}
		}
		s = (struct axidma_submit){ .xfers = (uintptr_t)x, .count = n };
		if (ioctl(l->p.tx, AXIDMA_IOC_SUBMIT, &s)) {
			if (errno != EAGAIN) {
				lane_fail(l, "tx SUBMIT: %s", strerror(errno));
				break;
			}
			tx_reap(l, &reaped, 1, &rng);
			continue;
		}
		seq += s.submitted;
		atomic_store(&l->sent, seq);
		l->tx_batches++;
		if (seq != progress) {
			progress = seq;
			last = rel_now();
		}
		tx_reap(l, &reaped, 0, &rng);

		/* now and then: a new depth */
		if (rel_rand(&rng) % 512 == 0) {
			struct axidma_config c = {
				.flags = AXIDMA_CONFIG_DEPTH,
				.depth = 1 + rel_rand(&rng) % 8,
			};

			if (ioctl(l->p.tx, AXIDMA_IOC_SET_CONFIG, &c))
				lane_fail(l, "SET_CONFIG depth %u: %s", c.depth,
					  strerror(errno));
			l->depth_changes++;
		}
		/* a stop point: everything delivered, rx stops its channel */
		if (seq == next_stop && seq < l->target) {
			uint64_t t0 = rel_now();

			while (reaped < seq && !stopped(l))
				tx_reap(l, &reaped, 1, &rng);
			if (ioctl(l->p.tx, AXIDMA_IOC_STOP))
				lane_fail(l, "tx STOP: %s", strerror(errno));
			atomic_store(&l->stop_at, seq);
			while (atomic_load(&l->stop_done) != seq && !stopped(l)) {
				usleep(200);
				if (rel_now() - t0 > STALL_NS)
					lane_fail(l, "rx did not stop at %llu",
						  (unsigned long long)seq);
			}
			next_stop = seq + 2000 + rel_rand(&rng) % 8000;
		}
	}
	while (reaped < seq && !stopped(l))
		tx_reap(l, &reaped, 1, &rng);
	return NULL;
}

/* --- the receiver ---------------------------------------------------------- */

static void *rx_thread(void *arg)
{
	struct lane *l = arg;
	struct axidma_completion rec[64];
	struct axidma_xfer x[32];
	uint64_t rng = l->key ^ 0x4e4e, posted = 0, got = 0, seq = 0;
	uint64_t last = rel_now();
	unsigned int q = l->p.ri.queue_size;

	while (seq < l->target && !stopped(l)) {
		struct axidma_submit s;
		struct axidma_wait w;
		unsigned int n, i;

		/* keep receive buffers posted (at most the queue) */
		n = 1 + rel_rand(&rng) % 32;
		if (posted - got + n > q)
			n = q - (posted - got);
		if (n) {
			for (i = 0; i < n; i++) {
				memset(&x[i], 0, sizeof(x[i]));
				x[i].offset = ((posted + i) % NSLOTS) * SLOT;
				x[i].length = SLOT;
				x[i].tag = posted + i;
			}
			s = (struct axidma_submit){ .xfers = (uintptr_t)x,
						    .count = n };
			if (ioctl(l->p.rx, AXIDMA_IOC_SUBMIT, &s)) {
				if (errno != EAGAIN) {
					lane_fail(l, "rx SUBMIT: %s",
						  strerror(errno));
					break;
				}
			} else {
				posted += s.submitted;
			}
		}

		/* a stop point: all sent packets are here, STOP the rest */
		if (atomic_load(&l->stop_at) == seq && seq &&
		    atomic_load(&l->stop_done) != seq) {
			if (ioctl(l->p.rx, AXIDMA_IOC_STOP)) {
				lane_fail(l, "rx STOP: %s", strerror(errno));
				break;
			}
			while (got < posted) {
				w = (struct axidma_wait){ .records = (uintptr_t)rec,
					.max_records = 64,
					.flags = AXIDMA_WAIT_TIMEOUT };
				if (ioctl(l->p.rx, AXIDMA_IOC_WAIT, &w)) {
					lane_fail(l, "rx WAIT after STOP: %s",
						  strerror(errno));
					return NULL;
				}
				for (i = 0; i < w.count; i++) {
					if (rec[i].status != AXIDMA_STATUS_ABORTED ||
					    rec[i].bytes || rec[i].tag != got + i) {
						lane_fail(l, "rx record after STOP: status %u bytes %llu tag %llu",
							  rec[i].status,
							  (unsigned long long)rec[i].bytes,
							  (unsigned long long)rec[i].tag);
						return NULL;
					}
				}
				got += w.count;
				l->aborted += w.count;
			}
			l->stops++;
			atomic_store(&l->stop_done, seq);
			continue;
		}

		w = (struct axidma_wait){ .records = (uintptr_t)rec,
					  .max_records = 1 + rel_rand(&rng) % 64,
					  .flags = AXIDMA_WAIT_TIMEOUT,
					  .timeout_ns = (1 + rel_rand(&rng) % 20) *
							REL_MS };
		if (rel_rand(&rng) % 4 == 0 && got < posted) {
			w.flags |= AXIDMA_WAIT_ID;
			w.id = 0;	/* set below from the status */
		}
		if (w.flags & AXIDMA_WAIT_ID) {
			struct axidma_status st;

			if (ioctl(l->p.rx, AXIDMA_IOC_GET_STATUS, &st)) {
				lane_fail(l, "GET_STATUS: %s", strerror(errno));
				break;
			}
			/* the oldest outstanding transfer */
			w.id = st.next_id - (posted - got);
		}
		l->rx_waits++;
		if (ioctl(l->p.rx, AXIDMA_IOC_WAIT, &w)) {
			if (errno == ETIMEDOUT) {
				l->wait_timeouts++;
				if (rel_now() - last > STALL_NS)
					lane_fail(l, "rx: no packet for %llu s at %llu (sent %llu)",
						  STALL_NS / REL_SEC,
						  (unsigned long long)seq,
						  (unsigned long long)atomic_load(&l->sent));
				continue;
			}
			lane_fail(l, "rx WAIT: %s", strerror(errno));
			break;
		}
		for (i = 0; i < w.count; i++) {
			const struct axidma_completion *c = &rec[i];
			unsigned int len = pkt_len(l, seq);
			long bad;

			if (c->tag != got || c->status != AXIDMA_STATUS_DONE ||
			    c->bytes != len) {
				lane_fail(l, "rx packet %llu (record %llu): status %u error %d tag %llu bytes %llu, want %u",
					  (unsigned long long)seq,
					  (unsigned long long)got, c->status,
					  c->error, (unsigned long long)c->tag,
					  (unsigned long long)c->bytes, len);
				return NULL;
			}
			bad = pkt_check(l, l->p.rp + c->offset, seq, len);
			if (bad >= 0) {
				lane_fail(l, "rx packet %llu: data differs at byte %ld",
					  (unsigned long long)seq, bad);
				return NULL;
			}
			got++;
			seq++;
		}
		if (w.count) {
			atomic_store(&l->received, seq);
			last = rel_now();
		}
	}
	/* the end: abort the buffers still posted */
	if (!stopped(l)) {
		if (ioctl(l->p.rx, AXIDMA_IOC_STOP) || rel_drain(l->p.rx, 0))
			lane_fail(l, "final STOP: %s", strerror(errno));
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *dflt[] = { "loop0", "loop1" };
	const char **clients = argc > 1 ? (const char **)argv + 1 : dflt;
	int nl = argc > 1 ? argc - 1 : 2, i, failed = 0;
	uint64_t total = rel_env_num("AXIDMA_STRESS_PACKETS", 1000000);
	uint64_t t0, t1, moved = 0, bytes = 0;
	struct lane *lanes;
	pthread_t *th;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(rel_env("AXIDMA_SOAK", "0"), "1"))
		total *= 10;
	seed0 = rel_env_num("AXIDMA_STRESS_SEED", (long long)time(NULL));
	pmin = rel_env_num("AXIDMA_STRESS_MIN", 64);
	pmax = rel_env_num("AXIDMA_STRESS_MAX", 2048);
	rx_depth = rel_env_num("AXIDMA_STRESS_RX_DEPTH", 1);
	if (pmin < 1 || pmax > SLOT || pmin > pmax) {
		printf("Bail out! bad packet sizes %u..%u\n", pmin, pmax);
		return 1;
	}
	printf("TAP version 13\n1..%d\n", nl + 1);
	tap_diag("seed %llu (AXIDMA_STRESS_SEED), %llu packets of %u..%u bytes over %d clients",
		 (unsigned long long)seed0, (unsigned long long)total, pmin,
		 pmax, nl);
	lanes = calloc(nl, sizeof(*lanes));
	th = calloc(2 * nl, sizeof(*th));
	if (!lanes || !th)
		return 1;
	for (i = 0; i < nl; i++) {
		struct lane *l = &lanes[i];
		struct axidma_config c = { .flags = AXIDMA_CONFIG_DEPTH,
					   .depth = rx_depth };

		l->client = clients[i];
		l->target = total / nl + (i < (int)(total % nl));
		l->key = seed0 * 0x9E3779B97F4A7C15ULL + i * 0x1234567ULL + 1;
		if (rel_pair_open(&l->p, l->client, 1, NSLOTS * SLOT) ||
		    ioctl(l->p.rx, AXIDMA_IOC_SET_CONFIG, &c)) {
			printf("Bail out! cannot open %s\n", l->client);
			return 1;
		}
		if (!l->p.sg) {
			printf("Bail out! %s: direct register mode reports no residue\n",
			       l->client);
			return 1;
		}
		/* each packet slot offset must suit the engine */
		if (SLOT % l->p.ti.align) {
			printf("Bail out! %s: alignment %u\n", l->client,
			       l->p.ti.align);
			return 1;
		}
	}
	t0 = rel_now();
	for (i = 0; i < nl; i++) {
		pthread_create(&th[2 * i], NULL, rx_thread, &lanes[i]);
		pthread_create(&th[2 * i + 1], NULL, tx_thread, &lanes[i]);
	}
	for (i = 0; i < 2 * nl; i++)
		pthread_join(th[i], NULL);
	t1 = rel_now();
	for (i = 0; i < nl; i++) {
		struct lane *l = &lanes[i];
		struct axidma_status st;
		uint64_t got = atomic_load(&l->received);
		int ok = !l->failed && got == l->target;

		if (ok && (ioctl(l->p.rx, AXIDMA_IOC_GET_STATUS, &st) ||
			   st.queued + st.in_flight + st.completed)) {
			snprintf(l->why, sizeof(l->why), "rx not idle at the end");
			ok = 0;
		}
		tap_diag("%s: %llu/%llu packets verified, %llu stops (%llu buffers aborted), %llu depth changes, %llu tx batches, %llu rx waits (%llu timed out)",
			 l->client, (unsigned long long)got,
			 (unsigned long long)l->target,
			 (unsigned long long)l->stops,
			 (unsigned long long)l->aborted,
			 (unsigned long long)l->depth_changes,
			 (unsigned long long)l->tx_batches,
			 (unsigned long long)l->rx_waits,
			 (unsigned long long)l->wait_timeouts);
		if (!ok)
			tap_diag("%s: FAILED: %s", l->client,
				 l->why[0] ? l->why : "packets missing");
		printf("%sok %d - %s: %llu packets\n", ok ? "" : "not ", i + 1,
		       l->client, (unsigned long long)got);
		failed |= !ok;
		moved += got;
		(void)bytes;
		rel_pair_close(&l->p);
	}
	tap_diag("stress: %llu packets verified in %.1f s (%.0f packets/s), seed %llu",
		 (unsigned long long)moved, (t1 - t0) / 1e9,
		 moved / ((t1 - t0) / 1e9), (unsigned long long)seed0);
	printf("%sok %d - %llu packets, none lost, duplicated or corrupted\n",
	       failed ? "not " : "", nl + 1, (unsigned long long)moved);
	return failed;
}
