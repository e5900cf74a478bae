// SPDX-License-Identifier: LGPL-2.1-or-later
/* Completion records and the buffers that receive them. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define REC_GETTER(type, field, expr)					\
AXIDMA_API type axidma_record_get_##field(const struct axidma_record *rec) \
{									\
	return (expr);							\
}

REC_GETTER(uint64_t, id, rec->c.id)
REC_GETTER(uint64_t, tag, rec->c.tag)
REC_GETTER(unsigned int, buffer, rec->c.buf)
REC_GETTER(uint64_t, offset, rec->c.offset)
REC_GETTER(uint64_t, length, rec->c.length)
REC_GETTER(uint64_t, bytes, rec->c.bytes)
REC_GETTER(enum axidma_record_status, status,
	   (enum axidma_record_status)rec->c.status)
REC_GETTER(int, error, -rec->c.error)
REC_GETTER(uint64_t, ts_submit, rec->c.ts_submit)
REC_GETTER(uint64_t, ts_issue, rec->c.ts_issue)
REC_GETTER(uint64_t, ts_complete, rec->c.ts_complete)

AXIDMA_API enum axidma_engine_result
axidma_record_get_engine_result(const struct axidma_record *rec)
{
	if (rec->c.result == AXIDMA_RESULT_NONE)
		return AXIDMA_ENGINE_NONE;
	return (enum axidma_engine_result)rec->c.result;
}

AXIDMA_API bool axidma_record_is_ok(const struct axidma_record *rec)
{
	return rec->c.status == AXIDMA_STATUS_DONE;
}

AXIDMA_API int axidma_record_describe(const struct axidma_record *rec,
				      char *buf, size_t size)
{
	const struct axidma_completion *c = &rec->c;
	unsigned long long id = c->id, len = c->length, bytes = c->bytes;
	double ms;

	switch (c->status) {
	case AXIDMA_STATUS_DONE:
		return snprintf(buf, size, "transfer %llu done: %llu of %llu bytes",
				id, bytes, len);
	case AXIDMA_STATUS_ERROR:
		if (c->result == AXIDMA_RESULT_NONE)
			return snprintf(buf, size,
					"transfer %llu failed: %s (%s)", id,
					c->error == -ENOMEM ?
					"the DMA provider refused to prepare it" :
					"error without a result from the provider",
					axidma_strerror(-c->error));
		return snprintf(buf, size,
				"transfer %llu failed: the DMA engine reported an error (%s), %llu of %llu bytes moved",
				id, axidma_engine_result_name(
					axidma_record_get_engine_result(rec)),
				bytes, len);
	case AXIDMA_STATUS_TIMEDOUT:
		ms = c->ts_issue && c->ts_complete > c->ts_issue ?
		     (double)(c->ts_complete - c->ts_issue) / 1e6 : 0;
		return snprintf(buf, size,
				"transfer %llu timed out after %.3f ms: the DMA engine did not finish it",
				id, ms);
	case AXIDMA_STATUS_ABORTED:
		if (c->result == AXIDMA_RESULT_ABORTED)
			return snprintf(buf, size,
					"transfer %llu aborted by the DMA provider",
					id);
		if (c->error == -ENODEV)
			return snprintf(buf, size,
					"transfer %llu aborted: the DMA device went away",
					id);
		return snprintf(buf, size,
				"transfer %llu aborted: the channel was stopped or closed%s",
				id, c->ts_issue ? "" : " before it started");
	default:
		return snprintf(buf, size, "transfer %llu: unknown status %u",
				id, c->status);
	}
}

AXIDMA_API struct axidma_record *axidma_record_copy(const struct axidma_record *rec)
{
	struct axidma_record *r = malloc(sizeof(*r));

	if (r)
		*r = *rec;
	return r;
}

AXIDMA_API void axidma_record_free(struct axidma_record *rec)
{
	free(rec);
}

AXIDMA_API struct axidma_record_buffer *axidma_record_buffer_new(size_t capacity)
{
	struct axidma_record_buffer *b;

	if (!capacity || capacity > UINT32_MAX) {
		errno = EINVAL;
		return NULL;
	}
	b = calloc(1, sizeof(*b) + capacity * sizeof(b->recs[0]));
	if (!b)
		return NULL;
	b->capacity = capacity;
	return b;
}

AXIDMA_API void axidma_record_buffer_free(struct axidma_record_buffer *buffer)
{
	free(buffer);
}

AXIDMA_API size_t
axidma_record_buffer_get_capacity(const struct axidma_record_buffer *buffer)
{
	return buffer->capacity;
}

AXIDMA_API size_t
axidma_record_buffer_get_count(const struct axidma_record_buffer *buffer)
{
	return buffer->count;
}

AXIDMA_API const struct axidma_record *
axidma_record_buffer_get_record(const struct axidma_record_buffer *buffer,
				size_t idx)
{
	if (idx >= buffer->count) {
		errno = EINVAL;
		return NULL;
	}
	return &buffer->recs[idx];
}
