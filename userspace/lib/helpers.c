// SPDX-License-Identifier: LGPL-2.1-or-later
/* One-shot transfers through buffer 0: send, receive, loopback. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

/* Buffer 0 of an idle channel with room for @len bytes, else NULL. */
static void *oneshot_buffer(struct axidma_chan *chan, size_t len)
{
	void *p;

	if (chan->outstanding) {
		errno = EBUSY;
		return NULL;
	}
	p = axidma_chan_get_buffer(chan, 0);
	if (!p)
		return NULL;
	if (len > chan->buf_size || len > chan->max_xfer) {
		errno = EMSGSIZE;
		return NULL;
	}
	if (!len) {
		errno = EINVAL;
		return NULL;
	}
	return p;
}

static int oneshot_submit(struct axidma_chan *chan, size_t len,
			  int64_t timeout_ns, uint64_t *id)
{
	struct axidma_batch *b;
	int ret, err;

	chan->has_last = false;
	/* a batch of one on the stack would do; this keeps one code path */
	b = axidma_batch_new(1);
	if (!b)
		return -1;
	axidma_batch_add(b, 0, 0, len, 0);
	if (timeout_ns >= 0)
		axidma_batch_set_timeout(b, 0, (uint64_t)timeout_ns);
	ret = axidma_chan_submit_batch(chan, b, 0, id);
	err = errno;
	axidma_batch_free(b);
	errno = err;
	return ret < 0 ? -1 : 0;
}

/* Waits for the record of @id (the only one outstanding) and keeps it. */
static int oneshot_wait(struct axidma_chan *chan, uint64_t id)
{
	struct axidma_completion c;
	struct axidma_wait w;

	memset(&w, 0, sizeof(w));
	w.records = (uintptr_t)&c;
	w.max_records = 1;
	w.flags = AXIDMA_WAIT_ID;
	w.id = id;
	if (ioctl(chan->fd, AXIDMA_IOC_WAIT, &w))
		return -1;
	if (!w.count) {
		errno = EPROTO;
		return -1;
	}
	chan->outstanding = 0;
	chan->last.c = c;
	chan->has_last = true;
	if (c.status != AXIDMA_STATUS_DONE) {
		errno = c.error ? -c.error : EIO;
		return -1;
	}
	return 0;
}

AXIDMA_API ssize_t axidma_chan_send(struct axidma_chan *chan, const void *data,
				    size_t len, int64_t timeout_ns)
{
	uint64_t id;
	void *p;

	p = oneshot_buffer(chan, len);
	if (!p)
		return -1;
	memcpy(p, data, len);
	if (oneshot_submit(chan, len, timeout_ns, &id) ||
	    oneshot_wait(chan, id))
		return -1;
	return (ssize_t)len;
}

AXIDMA_API ssize_t axidma_chan_recv(struct axidma_chan *chan, void *data,
				    size_t size, int64_t timeout_ns)
{
	uint64_t id, n;
	void *p;

	p = oneshot_buffer(chan, size);
	if (!p)
		return -1;
	if (oneshot_submit(chan, size, timeout_ns, &id) ||
	    oneshot_wait(chan, id))
		return -1;
	n = chan->last.c.bytes;
	if (n > size)
		n = size;
	memcpy(data, p, n);
	return (ssize_t)n;
}

AXIDMA_API ssize_t axidma_loopback(struct axidma_chan *tx,
				   struct axidma_chan *rx, const void *out,
				   void *in, size_t len, int64_t timeout_ns)
{
	uint64_t tx_id, rx_id, n;
	void *tp, *rp;
	int err;

	if (tx == rx) {
		errno = EINVAL;
		return -1;
	}
	tp = oneshot_buffer(tx, len);
	if (!tp)
		return -1;
	rp = oneshot_buffer(rx, len);
	if (!rp)
		return -1;
	memcpy(tp, out, len);
	tx->has_last = false;
	if (oneshot_submit(rx, len, timeout_ns, &rx_id))
		return -1;
	if (oneshot_submit(tx, len, timeout_ns, &tx_id)) {
		err = errno;
		/* nothing will arrive: take the receive back */
		if (!axidma_chan_stop(rx))
			oneshot_wait(rx, rx_id);
		errno = err;
		return -1;
	}
	if (oneshot_wait(tx, tx_id)) {
		err = errno;
		if (tx->outstanding) {
			/* the wait itself failed (EINTR, ENODEV) */
			errno = err;
			return -1;
		}
		if (!axidma_chan_stop(rx))
			oneshot_wait(rx, rx_id);
		errno = err;
		return -1;
	}
	if (oneshot_wait(rx, rx_id))
		return -1;
	n = rx->last.c.bytes;
	if (n > len)
		n = len;
	memcpy(in, rp, n);
	return (ssize_t)n;
}

AXIDMA_API const struct axidma_record *
axidma_chan_get_last_record(const struct axidma_chan *chan)
{
	if (!chan->has_last) {
		errno = ENOENT;
		return NULL;
	}
	return &chan->last;
}
