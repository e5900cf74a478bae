// SPDX-License-Identifier: LGPL-2.1-or-later
/* Lists of transfers submitted with one ioctl. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

AXIDMA_API struct axidma_batch *axidma_batch_new(size_t capacity)
{
	struct axidma_batch *b;

	if (!capacity || capacity > UINT32_MAX) {
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b) + capacity * (sizeof(b->xfers[0]) + 1));
	if (!b)
		return NULL;
	b->capacity = capacity;
	b->explicit_dir = (unsigned char *)&b->xfers[capacity];
	return b;
}

AXIDMA_API void axidma_batch_free(struct axidma_batch *batch)
{
	free(batch);
}

AXIDMA_API void axidma_batch_clear(struct axidma_batch *batch)
{
	batch->count = 0;
	batch->error_index = 0;
}

AXIDMA_API size_t axidma_batch_get_count(const struct axidma_batch *batch)
{
	return batch->count;
}

AXIDMA_API size_t axidma_batch_get_capacity(const struct axidma_batch *batch)
{
	return batch->capacity;
}

AXIDMA_API int axidma_batch_add(struct axidma_batch *batch, unsigned int buf,
				uint64_t offset, uint64_t length, uint64_t tag)
{
	struct axidma_xfer *x;

	if (!length) {
		errno = EINVAL;
		return -1;
	}
	if (batch->count == batch->capacity) {
		errno = ENOSPC;
		return -1;
	}
	x = &batch->xfers[batch->count];
	memset(x, 0, sizeof(*x));
	x->buf = buf;
	x->offset = offset;
	x->length = length;
	x->tag = tag;
	batch->explicit_dir[batch->count] = 0;
	batch->error_index = ++batch->count;
	return (int)(batch->count - 1);
}

AXIDMA_API int axidma_batch_set_timeout(struct axidma_batch *batch, size_t idx,
					uint64_t timeout_ns)
{
	if (idx >= batch->count) {
		errno = EINVAL;
		return -1;
	}
	batch->xfers[idx].flags |= AXIDMA_XFER_TIMEOUT;
	batch->xfers[idx].timeout_ns = timeout_ns;
	return 0;
}

AXIDMA_API int axidma_batch_set_direction(struct axidma_batch *batch,
					  size_t idx, enum axidma_direction dir)
{
	struct axidma_xfer *x;

	if (idx >= batch->count ||
	    (dir != AXIDMA_DIRECTION_NONE && !axidma_dir_xfer_flags(dir))) {
		errno = EINVAL;
		return -1;
	}
	x = &batch->xfers[idx];
	x->flags &= ~(uint64_t)(AXIDMA_XFER_MEM_TO_DEV | AXIDMA_XFER_DEV_TO_MEM);
	x->flags |= axidma_dir_xfer_flags(dir);
	batch->explicit_dir[idx] = dir != AXIDMA_DIRECTION_NONE;
	return 0;
}

AXIDMA_API size_t axidma_batch_get_error_index(const struct axidma_batch *batch)
{
	return batch->error_index;
}
