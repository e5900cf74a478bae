// SPDX-License-Identifier: MIT
/*
 * stream - an event loop: keep every buffer of an RX channel queued,
 * feed a TX channel from poll(), and consume completion records as the
 * channels' descriptors become readable.
 *
 *	stream TX RX [PACKETS [SIZE]]	e.g. stream loop0/tx loop0/rx 100 4096
 *
 * Each packet k carries the test pattern of seed k; the RX side checks it.
 * This is the shape of a real streaming application: the descriptors of
 * the channels can sit in any poll()/epoll loop next to sockets and timers.
 */
#include <axidma.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

static void die(const char *what)
{
	fprintf(stderr, "stream: %s: %s\n", what, axidma_strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	unsigned long packets = argc > 3 ? strtoul(argv[3], NULL, 0) : 100;
	size_t size = argc > 4 ? strtoul(argv[4], NULL, 0) : 4096;
	unsigned long sent = 0, queued_rx = 0, received = 0, bad = 0;
	struct axidma_record_buffer *records;
	const struct axidma_record *rec;
	unsigned int nbuf, i, tx_free;
	struct axidma_chan *tx, *rx;
	struct pollfd pfd[2];
	char msg[200];
	int n;

	if (argc < 3 || !packets || !size) {
		fprintf(stderr, "usage: stream TX RX [PACKETS [SIZE]]\n");
		return 2;
	}
	tx = axidma_chan_open(argv[1], 0);
	rx = axidma_chan_open(argv[2], 0);
	if (!tx || !rx)
		die("open");
	/* four buffers of SIZE bytes on each side */
	if (axidma_chan_set_buffers(tx, 4, size) ||
	    axidma_chan_set_buffers(rx, 4, size))
		die("buffers");
	nbuf = 4;
	tx_free = nbuf;
	records = axidma_record_buffer_new(nbuf);
	if (!records)
		die("records");

	/* queue a receive in every RX buffer */
	for (i = 0; i < nbuf && queued_rx < packets; i++, queued_rx++)
		if (axidma_chan_submit(rx, i, 0, size, queued_rx, NULL))
			die("submit rx");

	pfd[0].fd = axidma_chan_get_fd(tx);
	pfd[1].fd = axidma_chan_get_fd(rx);
	while (received < packets) {
		/* TX: fill and submit while buffers are free */
		while (tx_free && sent < packets) {
			i = (unsigned int)(sent % nbuf);
			axidma_pattern_fill(axidma_chan_get_buffer(tx, i), size,
					    sent, 0);
			if (axidma_chan_submit(tx, i, 0, size, sent, NULL))
				die("submit tx");
			sent++;
			tx_free--;
		}
		pfd[0].events = axidma_chan_get_outstanding(tx) ? POLLIN : 0;
		pfd[1].events = POLLIN;
		if (poll(pfd, 2, 5000) <= 0)
			die("poll (nothing for 5 s)");
		if (pfd[0].revents & POLLIN) {
			n = axidma_chan_read_records(tx, records, 0, 0);
			if (n < 0)
				die("tx records");
			for (i = 0; i < (unsigned int)n; i++) {
				rec = axidma_record_buffer_get_record(records, i);
				if (!axidma_record_is_ok(rec)) {
					axidma_record_describe(rec, msg, sizeof(msg));
					fprintf(stderr, "stream: tx: %s\n", msg);
					return 1;
				}
			}
			tx_free += (unsigned int)n;
		}
		if (pfd[1].revents & POLLIN) {
			n = axidma_chan_read_records(rx, records, 0, 0);
			if (n < 0)
				die("rx records");
			for (i = 0; i < (unsigned int)n; i++) {
				unsigned int b;

				rec = axidma_record_buffer_get_record(records, i);
				if (!axidma_record_is_ok(rec)) {
					axidma_record_describe(rec, msg, sizeof(msg));
					fprintf(stderr, "stream: rx: %s\n", msg);
					return 1;
				}
				b = axidma_record_get_buffer(rec);
				if (axidma_record_get_bytes(rec) != size ||
				    !axidma_pattern_check(axidma_chan_get_buffer(rx, b),
							  size, axidma_record_get_tag(rec),
							  0, NULL))
					bad++;
				received++;
				/* the buffer is free again: queue the next receive */
				if (queued_rx < packets &&
				    axidma_chan_submit(rx, b, 0, size, queued_rx++, NULL))
					die("submit rx");
			}
		}
	}
	printf("streamed %lu packets of %zu bytes from %s to %s, %lu bad\n",
	       received, size, axidma_chan_get_path(tx), axidma_chan_get_path(rx),
	       bad);
	axidma_record_buffer_free(records);
	axidma_chan_close(tx);
	axidma_chan_close(rx);
	return bad ? 3 : 0;
}
