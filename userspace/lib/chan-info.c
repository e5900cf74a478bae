// SPDX-License-Identifier: LGPL-2.1-or-later
/* Snapshots of a channel's information and status. */
#include <errno.h>
#include <stdlib.h>

#include "internal.h"

AXIDMA_API void axidma_chan_info_free(struct axidma_chan_info *info)
{
	free(info);
}

#define INFO_GETTER(type, field, expr)					\
AXIDMA_API type axidma_chan_info_get_##field(				\
		const struct axidma_chan_info *info)			\
{									\
	return (expr);							\
}

INFO_GETTER(const char *, name, info->info.name)
INFO_GETTER(const char *, client, info->info.client)
INFO_GETTER(unsigned int, abi_version, info->info.abi_version)
INFO_GETTER(unsigned int, directions, info->info.directions & AXIDMA_DIRECTION_BOTH)
INFO_GETTER(enum axidma_direction, direction,
	    (enum axidma_direction)(info->info.direction & AXIDMA_DIRECTION_BOTH))
INFO_GETTER(uint64_t, max_transfer, info->info.max_xfer_len)
INFO_GETTER(unsigned int, align, info->info.align)
INFO_GETTER(unsigned int, addr_width, info->info.addr_width)
INFO_GETTER(unsigned int, buf_count, info->info.buf_count)
INFO_GETTER(uint64_t, buf_size, info->info.buf_size)
INFO_GETTER(unsigned int, buf_count_max, info->info.buf_count_max)
INFO_GETTER(uint64_t, buf_size_max, info->info.buf_size_max)
INFO_GETTER(unsigned int, queue_size, info->info.queue_size)
INFO_GETTER(unsigned int, depth, info->info.depth)
INFO_GETTER(unsigned int, depth_max, info->info.depth_max)
INFO_GETTER(uint64_t, timeout, info->info.timeout_ns)

AXIDMA_API bool axidma_chan_info_has_exact_bytes(const struct axidma_chan_info *info)
{
	return info->info.caps & AXIDMA_CAP_BYTES_EXACT;
}

AXIDMA_API bool axidma_chan_info_is_owner(const struct axidma_chan_info *info)
{
	return info->info.caps & AXIDMA_CAP_OWNER;
}

AXIDMA_API void axidma_chan_status_free(struct axidma_chan_status *status)
{
	free(status);
}

#define STATUS_GETTER(type, field, expr)				\
AXIDMA_API type axidma_chan_status_get_##field(				\
		const struct axidma_chan_status *status)		\
{									\
	return (expr);							\
}

STATUS_GETTER(enum axidma_chan_state, state,
	      (enum axidma_chan_state)status->status.state)
STATUS_GETTER(unsigned int, queued, status->status.queued)
STATUS_GETTER(unsigned int, in_flight, status->status.in_flight)
STATUS_GETTER(unsigned int, completed, status->status.completed)
STATUS_GETTER(int, last_error, -status->status.last_error)
STATUS_GETTER(uint64_t, next_id, status->status.next_id)
STATUS_GETTER(uint64_t, submitted, status->status.submitted)
STATUS_GETTER(uint64_t, done, status->status.done)
STATUS_GETTER(uint64_t, errors, status->status.errors)
STATUS_GETTER(uint64_t, timeouts, status->status.timeouts)
STATUS_GETTER(uint64_t, aborted, status->status.aborted)
STATUS_GETTER(uint64_t, bytes, status->status.bytes)

AXIDMA_API bool axidma_chan_status_is_owned(const struct axidma_chan_status *status)
{
	return status->status.flags & AXIDMA_STATUS_OWNED;
}

AXIDMA_API bool axidma_chan_status_is_mapped(const struct axidma_chan_status *status)
{
	return status->status.flags & AXIDMA_STATUS_MAPPED;
}
