// SPDX-License-Identifier: LGPL-2.1-or-later
/* Version, error words, names and channel name parsing. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include "internal.h"

AXIDMA_API const char *axidma_api_version(void)
{
	return AXIDMA_VERSION_STR;
}

AXIDMA_API const char *axidma_strerror(int errnum)
{
	switch (errnum) {
	case 0:
		return "success";
	case ETIMEDOUT:
		return "transfer timed out: the DMA engine did not finish it in time";
	case EIO:
		return "the DMA engine reported an error";
	case ECANCELED:
		return "transfer aborted: the channel was stopped or closed";
	case EINVAL:
		return "bad argument";
	case EBUSY:
		return "channel busy: another process owns it, or transfers are outstanding";
	case EBADF:
		return "not the channel's owner (opened read-only)";
	case EACCES:
		return "permission denied (is the user in the device's group?)";
	case ENOENT:
		return "no such channel";
	case ENODEV:
		return "the DMA device went away";
	case ENOBUFS:
		return "no buffers configured on the channel";
	case EAGAIN:
		return "transfer queue full: read completion records first";
	case ENODATA:
		return "nothing outstanding to wait for";
	case EMSGSIZE:
		return "data larger than the buffer or the longest transfer";
	case ENOMEM:
		return "out of memory (or the DMA provider refused the transfer)";
	case EPROTO:
		return "the driver speaks another ABI version";
	case ENOTTY:
		return "not an axidma device";
	default:
		return strerror(errnum);
	}
}

AXIDMA_API const char *axidma_direction_name(unsigned int dir)
{
	switch (dir) {
	case AXIDMA_DIRECTION_NONE:
		return "none";
	case AXIDMA_DIRECTION_MEM_TO_DEV:
		return "mem-to-dev";
	case AXIDMA_DIRECTION_DEV_TO_MEM:
		return "dev-to-mem";
	case AXIDMA_DIRECTION_BOTH:
		return "both";
	default:
		return "unknown";
	}
}

AXIDMA_API const char *axidma_chan_state_name(enum axidma_chan_state state)
{
	switch (state) {
	case AXIDMA_CHAN_IDLE:
		return "idle";
	case AXIDMA_CHAN_RUNNING:
		return "running";
	case AXIDMA_CHAN_ERROR:
		return "error";
	default:
		return "unknown";
	}
}

AXIDMA_API const char *axidma_record_status_name(enum axidma_record_status status)
{
	switch (status) {
	case AXIDMA_RECORD_DONE:
		return "done";
	case AXIDMA_RECORD_ERROR:
		return "error";
	case AXIDMA_RECORD_TIMEDOUT:
		return "timed out";
	case AXIDMA_RECORD_ABORTED:
		return "aborted";
	default:
		return "unknown";
	}
}

AXIDMA_API const char *axidma_engine_result_name(enum axidma_engine_result result)
{
	switch (result) {
	case AXIDMA_ENGINE_NOERROR:
		return "no error";
	case AXIDMA_ENGINE_READ_FAILED:
		return "read failed";
	case AXIDMA_ENGINE_WRITE_FAILED:
		return "write failed";
	case AXIDMA_ENGINE_ABORTED:
		return "aborted by the provider";
	case AXIDMA_ENGINE_NONE:
		return "nothing reported";
	default:
		return "unknown result";
	}
}

uint64_t axidma_dir_xfer_flags(enum axidma_direction dir)
{
	switch (dir) {
	case AXIDMA_DIRECTION_MEM_TO_DEV:
		return AXIDMA_XFER_MEM_TO_DEV;
	case AXIDMA_DIRECTION_DEV_TO_MEM:
		return AXIDMA_XFER_DEV_TO_MEM;
	default:
		return 0;
	}
}

enum axidma_direction axidma_dir_from_name(const char *name)
{
	if (!strncmp(name, "tx", 2))
		return AXIDMA_DIRECTION_MEM_TO_DEV;
	if (!strncmp(name, "rx", 2))
		return AXIDMA_DIRECTION_DEV_TO_MEM;
	return AXIDMA_DIRECTION_NONE;
}

void axidma_wait_set_timeout(struct axidma_wait *w, int64_t timeout_ns)
{
	if (timeout_ns >= 0) {
		w->flags |= AXIDMA_WAIT_TIMEOUT;
		w->timeout_ns = (uint64_t)timeout_ns;
	}
}

int axidma_ioctl(int fd, unsigned long req, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, req, arg);
	while (ret < 0 && errno == EINTR && req != AXIDMA_IOC_WAIT);
	return ret;
}

static bool name_part_ok(const char *s, size_t len)
{
	if (!len || len >= AXIDMA_NAME_SIZE)
		return false;
	if ((len == 1 && s[0] == '.') || (len == 2 && s[0] == '.' && s[1] == '.'))
		return false;
	return true;
}

int axidma_parse_chan_name(const char *chan, char *path, size_t size)
{
	const char *sep;
	size_t clen, nlen;
	int n;

	if (!chan || !*chan)
		return -EINVAL;
	if (chan[0] == '/') {
		n = snprintf(path, size, "%s", chan);
		return n < 0 || (size_t)n >= size ? -EINVAL : 0;
	}
	sep = strchr(chan, '/');
	if (sep) {
		if (strchr(sep + 1, '/'))
			return -EINVAL;
	} else {
		/* "client:name", the sysfs name; dma-names hold no ':' */
		sep = strrchr(chan, ':');
		if (!sep)
			return -EINVAL;
	}
	clen = (size_t)(sep - chan);
	nlen = strlen(sep + 1);
	if (!name_part_ok(chan, clen) || !name_part_ok(sep + 1, nlen))
		return -EINVAL;
	n = snprintf(path, size, "%s/%.*s/%s", AXIDMA_DEV_DIR, (int)clen,
		     chan, sep + 1);
	return n < 0 || (size_t)n >= size ? -EINVAL : 0;
}

AXIDMA_API char *axidma_chan_resolve(const char *chan)
{
	size_t size;
	char *path;
	int ret;

	if (!chan) {
		errno = EINVAL;
		return NULL;
	}
	size = strlen(chan) + sizeof(AXIDMA_DEV_DIR) + 2;
	path = malloc(size);
	if (!path)
		return NULL;
	ret = axidma_parse_chan_name(chan, path, size);
	if (ret) {
		free(path);
		errno = -ret;
		return NULL;
	}
	return path;
}
