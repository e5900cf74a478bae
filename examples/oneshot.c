// SPDX-License-Identifier: MIT
/*
 * oneshot - send one packet on a TX channel and receive one on an RX
 * channel with libaxidma's one-shot helpers.
 *
 *	oneshot TX RX [SIZE]		e.g. oneshot loop0/tx loop0/rx 4096
 *
 * For a design whose stream loops TX back into RX the received packet is
 * the one sent; the program says so. Errors are reported in words, with
 * the transfer's own record when there is one.
 */
#include <axidma.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(struct axidma_chan *chan, const char *what)
{
	const struct axidma_record *rec = axidma_chan_get_last_record(chan);
	int err = errno;
	char msg[200];

	if (rec && !axidma_record_is_ok(rec)) {
		axidma_record_describe(rec, msg, sizeof(msg));
		fprintf(stderr, "oneshot: %s: %s\n", what, msg);
	} else {
		fprintf(stderr, "oneshot: %s: %s\n", what, axidma_strerror(err));
	}
	return 1;
}

int main(int argc, char **argv)
{
	struct axidma_chan *tx, *rx;
	size_t size = argc > 3 ? strtoul(argv[3], NULL, 0) : 4096;
	unsigned char *out, *in;
	ssize_t n;
	int ret = 1;

	if (argc < 3 || !size) {
		fprintf(stderr, "usage: oneshot TX RX [SIZE]\n");
		return 2;
	}
	tx = axidma_chan_open(argv[1], 0);
	if (!tx) {
		fprintf(stderr, "oneshot: %s: %s\n", argv[1], axidma_strerror(errno));
		return 1;
	}
	rx = axidma_chan_open(argv[2], 0);
	if (!rx) {
		fprintf(stderr, "oneshot: %s: %s\n", argv[2], axidma_strerror(errno));
		axidma_chan_close(tx);
		return 1;
	}
	out = malloc(size);
	in = calloc(1, size);
	if (!out || !in)
		goto out;
	axidma_pattern_fill(out, size, 42, 0);

	/*
	 * axidma_chan_recv() blocks until a packet arrives, so in a
	 * single-threaded loopback the receive must be queued before the
	 * send: axidma_loopback() does exactly that. With two processes (or
	 * a device that produces data on its own) axidma_chan_send() and
	 * axidma_chan_recv() are used on their own.
	 */
	n = axidma_loopback(tx, rx, out, in, size, 1000000000 /* 1 s */);
	if (n < 0) {
		ret = fail(axidma_chan_get_last_record(tx) &&
			   !axidma_record_is_ok(axidma_chan_get_last_record(tx)) ?
			   tx : rx, "loopback");
		goto out;
	}
	printf("sent %zu bytes on %s, received %zd on %s: %s\n", size,
	       axidma_chan_get_path(tx), n, axidma_chan_get_path(rx),
	       (size_t)n == size && !memcmp(in, out, size) ? "same data" :
	       "different data");

	/* now the other way round: the send alone (the data waits in the
	 * loopback FIFO), then the receive alone */
	if (axidma_chan_send(tx, out, 64, -1) < 0) {
		ret = fail(tx, "send");
		goto out;
	}
	n = axidma_chan_recv(rx, in, size, 1000000000);
	if (n < 0) {
		ret = fail(rx, "recv");
		goto out;
	}
	printf("send then recv: %zd bytes, %s\n", n,
	       n == 64 && !memcmp(in, out, 64) ? "same data" : "different data");
	ret = 0;
out:
	free(out);
	free(in);
	axidma_chan_close(rx);
	axidma_chan_close(tx);
	return ret;
}
