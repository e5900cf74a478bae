// SPDX-License-Identifier: MIT
/*
 * loopback - a loopback test with buffers and batches, zero-copy: the
 * pattern is written straight into the mapped TX buffers, one batch of
 * transfers is submitted on each side, and the RX buffers are checked in
 * place.
 *
 *	loopback TX RX [SIZE]		e.g. loopback loop0/tx loop0/rx 65536
 *
 * Exit status 0 when every byte arrived, 3 on a data mismatch, 1 on an
 * error (said in words).
 */
#include <axidma.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#define NBUF 4

static int report(const struct axidma_record *rec)
{
	char msg[200];

	axidma_record_describe(rec, msg, sizeof(msg));
	fprintf(stderr, "loopback: %s\n", msg);
	return 1;
}

int main(int argc, char **argv)
{
	size_t size = argc > 3 ? strtoul(argv[3], NULL, 0) : 65536;
	struct axidma_batch *txb = NULL, *rxb = NULL;
	struct axidma_record_buffer *recs = NULL;
	const struct axidma_record *rec;
	struct axidma_chan *tx = NULL, *rx = NULL;
	unsigned int i, done = 0, good = 0;
	size_t bad;
	int n, ret = 1;

	if (argc < 3 || !size) {
		fprintf(stderr, "usage: loopback TX RX [SIZE]\n");
		return 2;
	}
	tx = axidma_chan_open(argv[1], 0);
	rx = axidma_chan_open(argv[2], 0);
	if (!tx || !rx) {
		fprintf(stderr, "loopback: open: %s\n", axidma_strerror(errno));
		goto out;
	}
	if (axidma_chan_set_buffers(tx, NBUF, size) ||
	    axidma_chan_set_buffers(rx, NBUF, size)) {
		fprintf(stderr, "loopback: buffers: %s\n", axidma_strerror(errno));
		goto out;
	}
	txb = axidma_batch_new(NBUF);
	rxb = axidma_batch_new(NBUF);
	recs = axidma_record_buffer_new(NBUF);
	if (!txb || !rxb || !recs)
		goto out;
	for (i = 0; i < NBUF; i++) {
		axidma_pattern_fill(axidma_chan_get_buffer(tx, i), size, i, 0);
		axidma_batch_add(txb, i, 0, size, i);
		axidma_batch_add(rxb, i, 0, size, i);
		/* each transfer gets 2 s, enforced by the driver */
		axidma_batch_set_timeout(txb, i, 2000000000);
		axidma_batch_set_timeout(rxb, i, 2000000000);
	}
	/* receives first, so that no packet finds the S2MM side idle */
	if (axidma_chan_submit_batch(rx, rxb, 0, NULL) != NBUF ||
	    axidma_chan_submit_batch(tx, txb, 0, NULL) != NBUF) {
		fprintf(stderr, "loopback: submit: %s\n", axidma_strerror(errno));
		goto out;
	}
	while (axidma_chan_get_outstanding(tx)) {
		n = axidma_chan_read_records(tx, recs, 0, -1);
		if (n < 0) {
			fprintf(stderr, "loopback: tx: %s\n", axidma_strerror(errno));
			goto out;
		}
		for (i = 0; i < (unsigned int)n; i++)
			if (!axidma_record_is_ok(axidma_record_buffer_get_record(recs, i))) {
				ret = report(axidma_record_buffer_get_record(recs, i));
				goto out;
			}
	}
	while (done < NBUF) {
		n = axidma_chan_read_records(rx, recs, 0, -1);
		if (n < 0) {
			fprintf(stderr, "loopback: rx: %s\n", axidma_strerror(errno));
			goto out;
		}
		for (i = 0; i < (unsigned int)n; i++, done++) {
			rec = axidma_record_buffer_get_record(recs, i);
			if (!axidma_record_is_ok(rec)) {
				ret = report(rec);
				goto out;
			}
			if (axidma_record_get_bytes(rec) != size) {
				fprintf(stderr, "loopback: buffer %u: %llu of %zu bytes\n",
					axidma_record_get_buffer(rec),
					(unsigned long long)axidma_record_get_bytes(rec), size);
				continue;
			}
			if (!axidma_pattern_check(axidma_chan_get_buffer(rx,
						axidma_record_get_buffer(rec)),
						size, axidma_record_get_tag(rec), 0, &bad)) {
				fprintf(stderr, "loopback: buffer %u: bad byte at %zu\n",
					axidma_record_get_buffer(rec), bad);
				continue;
			}
			good++;
		}
	}
	printf("loopback: %u of %u transfers of %zu bytes verified\n", good,
	       NBUF, size);
	ret = good == NBUF ? 0 : 3;
out:
	axidma_batch_free(txb);
	axidma_batch_free(rxb);
	axidma_record_buffer_free(recs);
	axidma_chan_close(tx);
	axidma_chan_close(rx);
	return ret;
}
