// SPDX-License-Identifier: LGPL-2.1-or-later
/* An open channel: ownership, buffers, settings, submit, wait, stop. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

static void chan_unmap(struct axidma_chan *chan)
{
	unsigned int i;

	for (i = 0; i < chan->nbufs; i++)
		if (chan->maps[i])
			munmap(chan->maps[i], chan->buf_size);
	free(chan->maps);
	chan->maps = NULL;
	chan->nbufs = 0;
	chan->buf_size = 0;
}

/* Maps every buffer of the current set. 0 or -1 with errno. */
static int chan_map(struct axidma_chan *chan)
{
	struct axidma_info info;
	struct axidma_buffer b;
	unsigned int i;
	void *p;
	int err;

	if (chan->nbufs)
		return 0;
	if (!chan->owner) {
		errno = EACCES;
		return -1;
	}
	memset(&info, 0, sizeof(info));
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_INFO, &info))
		return -1;
	if (!info.buf_count) {
		errno = ENOBUFS;
		return -1;
	}
	chan->maps = calloc(info.buf_count, sizeof(*chan->maps));
	if (!chan->maps)
		return -1;
	chan->nbufs = info.buf_count;
	chan->buf_size = info.buf_size;
	for (i = 0; i < info.buf_count; i++) {
		memset(&b, 0, sizeof(b));
		b.index = i;
		if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_BUFFER, &b))
			goto err;
		p = mmap(NULL, b.size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 chan->fd, (off_t)b.offset);
		if (p == MAP_FAILED)
			goto err;
		chan->maps[i] = p;
	}
	return 0;
err:
	err = errno;
	chan_unmap(chan);
	errno = err;
	return -1;
}

AXIDMA_API struct axidma_chan *axidma_chan_open(const char *name,
						unsigned int flags)
{
	struct axidma_chan *chan;
	struct axidma_info info;
	int err;

	if (flags & ~AXIDMA_OPEN_READ_ONLY) {
		errno = EINVAL;
		return NULL;
	}
	chan = calloc(1, sizeof(*chan));
	if (!chan)
		return NULL;
	chan->fd = -1;
	chan->path = axidma_chan_resolve(name);
	if (!chan->path)
		goto err;
	chan->owner = !(flags & AXIDMA_OPEN_READ_ONLY);
	chan->fd = open(chan->path, (chan->owner ? O_RDWR : O_RDONLY) |
			O_CLOEXEC);
	if (chan->fd < 0)
		goto err;
	memset(&info, 0, sizeof(info));
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_INFO, &info))
		goto err;
	if (info.abi_version != AXIDMA_ABI_VERSION) {
		errno = EPROTO;
		goto err;
	}
	memcpy(chan->name, info.name, sizeof(chan->name));
	chan->name[sizeof(chan->name) - 1] = '\0';
	memcpy(chan->client, info.client, sizeof(chan->client));
	chan->client[sizeof(chan->client) - 1] = '\0';
	chan->directions = info.directions & AXIDMA_DIRECTION_BOTH;
	chan->dir = (enum axidma_direction)(info.direction & AXIDMA_DIRECTION_BOTH);
	if (chan->dir == AXIDMA_DIRECTION_NONE) {
		chan->dir = axidma_dir_from_name(chan->name);
		if (!(chan->dir & chan->directions))
			chan->dir = AXIDMA_DIRECTION_NONE;
	}
	chan->align = info.align ? info.align : 1;
	chan->max_xfer = info.max_xfer_len;
	chan->queue_size = info.queue_size;
	return chan;

err:
	err = errno;
	axidma_chan_close(chan);
	errno = err;
	return NULL;
}

AXIDMA_API void axidma_chan_close(struct axidma_chan *chan)
{
	if (!chan)
		return;
	chan_unmap(chan);
	if (chan->fd >= 0)
		close(chan->fd);
	free(chan->path);
	free(chan);
}

AXIDMA_API int axidma_chan_get_fd(const struct axidma_chan *chan)
{
	return chan->fd;
}

AXIDMA_API const char *axidma_chan_get_path(const struct axidma_chan *chan)
{
	return chan->path;
}

AXIDMA_API const char *axidma_chan_get_name(const struct axidma_chan *chan)
{
	return chan->name;
}

AXIDMA_API const char *axidma_chan_get_client(const struct axidma_chan *chan)
{
	return chan->client;
}

AXIDMA_API bool axidma_chan_is_owner(const struct axidma_chan *chan)
{
	return chan->owner;
}

AXIDMA_API enum axidma_direction
axidma_chan_get_direction(const struct axidma_chan *chan)
{
	return chan->dir;
}

AXIDMA_API int axidma_chan_set_direction(struct axidma_chan *chan,
					 enum axidma_direction dir)
{
	if (dir != AXIDMA_DIRECTION_NONE &&
	    (!axidma_dir_xfer_flags(dir) || !(dir & chan->directions))) {
		errno = EINVAL;
		return -1;
	}
	chan->dir = dir;
	return 0;
}

AXIDMA_API struct axidma_chan_info *axidma_chan_get_info(struct axidma_chan *chan)
{
	struct axidma_chan_info *info = calloc(1, sizeof(*info));
	int err;

	if (!info)
		return NULL;
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_INFO, &info->info)) {
		err = errno;
		free(info);
		errno = err;
		return NULL;
	}
	return info;
}

AXIDMA_API struct axidma_chan_status *
axidma_chan_get_status(struct axidma_chan *chan)
{
	struct axidma_chan_status *st = calloc(1, sizeof(*st));
	int err;

	if (!st)
		return NULL;
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_STATUS, &st->status)) {
		err = errno;
		free(st);
		errno = err;
		return NULL;
	}
	return st;
}

AXIDMA_API int axidma_chan_set_buffers(struct axidma_chan *chan,
				       unsigned int count, size_t size)
{
	struct axidma_buffers b;

	memset(&b, 0, sizeof(b));
	b.count = count;
	b.size = size;
	chan_unmap(chan);
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_SET_BUFFERS, &b))
		return -1;
	return count ? chan_map(chan) : 0;
}

AXIDMA_API void *axidma_chan_get_buffer(struct axidma_chan *chan,
					unsigned int idx)
{
	if (chan_map(chan))
		return NULL;
	if (idx >= chan->nbufs) {
		errno = EINVAL;
		return NULL;
	}
	return chan->maps[idx];
}

AXIDMA_API unsigned int axidma_chan_get_num_buffers(struct axidma_chan *chan)
{
	struct axidma_info info;

	if (chan->nbufs)
		return chan->nbufs;
	memset(&info, 0, sizeof(info));
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_INFO, &info))
		return 0;
	return info.buf_count;
}

AXIDMA_API size_t axidma_chan_get_buffer_size(struct axidma_chan *chan)
{
	struct axidma_info info;

	if (chan->nbufs)
		return chan->buf_size;
	memset(&info, 0, sizeof(info));
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_GET_INFO, &info))
		return 0;
	return info.buf_size;
}

static int chan_config(struct axidma_chan *chan, struct axidma_config *c)
{
	return axidma_ioctl(chan->fd, AXIDMA_IOC_SET_CONFIG, c) ? -1 : 0;
}

AXIDMA_API int axidma_chan_set_depth(struct axidma_chan *chan,
				     unsigned int depth)
{
	struct axidma_config c;

	memset(&c, 0, sizeof(c));
	c.flags = AXIDMA_CONFIG_DEPTH;
	c.depth = depth;
	return chan_config(chan, &c);
}

AXIDMA_API int axidma_chan_set_timeout(struct axidma_chan *chan,
				       uint64_t timeout_ns)
{
	struct axidma_config c;

	memset(&c, 0, sizeof(c));
	c.flags = AXIDMA_CONFIG_TIMEOUT;
	c.timeout_ns = timeout_ns;
	return chan_config(chan, &c);
}

/* Submits @n uapi transfers. Returns the number accepted or -1. */
static int chan_submit(struct axidma_chan *chan, struct axidma_xfer *x,
		       uint32_t n, uint64_t *first_id, uint32_t *error_index)
{
	struct axidma_submit s;

	memset(&s, 0, sizeof(s));
	s.xfers = (uintptr_t)x;
	s.count = n;
	*error_index = n;
	if (axidma_ioctl(chan->fd, AXIDMA_IOC_SUBMIT, &s)) {
		if (errno == EINVAL)
			*error_index = s.error_index;
		return -1;
	}
	chan->outstanding += s.submitted;
	if (first_id)
		*first_id = s.first_id;
	return (int)s.submitted;
}

AXIDMA_API int axidma_chan_submit(struct axidma_chan *chan, unsigned int buf,
				  uint64_t offset, uint64_t length,
				  uint64_t tag, uint64_t *id)
{
	struct axidma_xfer x;
	uint32_t ei;

	memset(&x, 0, sizeof(x));
	x.buf = buf;
	x.offset = offset;
	x.length = length;
	x.tag = tag;
	x.flags = axidma_dir_xfer_flags(chan->dir);
	return chan_submit(chan, &x, 1, id, &ei) < 0 ? -1 : 0;
}

AXIDMA_API int axidma_chan_submit_batch(struct axidma_chan *chan,
					struct axidma_batch *batch,
					size_t start, uint64_t *first_id)
{
	const uint64_t dirmask = AXIDMA_XFER_MEM_TO_DEV | AXIDMA_XFER_DEV_TO_MEM;
	uint64_t dflags = axidma_dir_xfer_flags(chan->dir);
	struct axidma_xfer *x;
	uint32_t n, i, ei;
	int ret, err;

	if (start >= batch->count) {
		errno = EINVAL;
		return -1;
	}
	n = (uint32_t)(batch->count - start);
	if (chan->queue_size && n > chan->queue_size)
		n = chan->queue_size;
	x = &batch->xfers[start];
	for (i = 0; i < n; i++)
		if (!batch->explicit_dir[start + i])
			x[i].flags = (x[i].flags & ~dirmask) | dflags;
	ret = chan_submit(chan, x, n, first_id, &ei);
	err = errno;
	batch->error_index = ret < 0 && err == EINVAL && ei < n ?
			     start + ei : batch->count;
	errno = err;
	return ret;
}

AXIDMA_API uint64_t axidma_chan_get_outstanding(const struct axidma_chan *chan)
{
	return chan->outstanding;
}

AXIDMA_API int axidma_chan_wait(struct axidma_chan *chan, int64_t timeout_ns)
{
	struct pollfd pfd = { .fd = chan->fd, .events = POLLIN };
	struct timespec ts, *tsp = NULL;
	int ret;

	if (timeout_ns >= 0) {
		ts.tv_sec = timeout_ns / 1000000000;
		ts.tv_nsec = timeout_ns % 1000000000;
		tsp = &ts;
	}
	ret = ppoll(&pfd, 1, tsp, NULL);
	if (ret < 0)
		return -1;
	if (!ret)
		return 0;
	if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
		errno = ENODEV;
		return -1;
	}
	return 1;
}

static int chan_wait(struct axidma_chan *chan, struct axidma_wait *w,
		     struct axidma_record_buffer *buffer, size_t max_records,
		     int64_t timeout_ns)
{
	if (!max_records || max_records > buffer->capacity)
		max_records = buffer->capacity;
	buffer->count = 0;
	w->records = (uintptr_t)buffer->recs;
	w->max_records = (uint32_t)max_records;
	axidma_wait_set_timeout(w, timeout_ns);
	if (ioctl(chan->fd, AXIDMA_IOC_WAIT, w)) {
		if (errno == ETIMEDOUT && timeout_ns >= 0)
			return 0;
		return -1;
	}
	buffer->count = w->count;
	chan->outstanding = chan->outstanding > w->count ?
			    chan->outstanding - w->count : 0;
	return (int)w->count;
}

AXIDMA_API int axidma_chan_read_records(struct axidma_chan *chan,
					struct axidma_record_buffer *buffer,
					size_t max_records, int64_t timeout_ns)
{
	struct axidma_wait w;

	memset(&w, 0, sizeof(w));
	return chan_wait(chan, &w, buffer, max_records, timeout_ns);
}

AXIDMA_API int axidma_chan_wait_xfer(struct axidma_chan *chan, uint64_t id,
				     struct axidma_record_buffer *buffer,
				     size_t max_records, int64_t timeout_ns)
{
	struct axidma_wait w;

	memset(&w, 0, sizeof(w));
	w.flags = AXIDMA_WAIT_ID;
	w.id = id;
	return chan_wait(chan, &w, buffer, max_records, timeout_ns);
}

AXIDMA_API int axidma_chan_stop(struct axidma_chan *chan)
{
	return axidma_ioctl(chan->fd, AXIDMA_IOC_STOP, NULL) ? -1 : 0;
}
