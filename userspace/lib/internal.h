/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private declarations of libaxidma: not installed. */
#ifndef __LIBAXIDMA_INTERNAL_H__
#define __LIBAXIDMA_INTERNAL_H__

#include <linux/axidma.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "axidma.h"

#define AXIDMA_API __attribute__((visibility("default")))

#define AXIDMA_DEV_DIR		"/dev/axidma"
#define AXIDMA_SYSFS_DIR	"/sys/class/axidma"

/* Device path of a channel name: 0 or -errno. Pure. */
int axidma_parse_chan_name(const char *chan, char *path, size_t size);

/* The channel list of @sysfs_dir with device paths under @dev_dir. */
struct axidma_chan_list *axidma_chan_list_new_at(const char *sysfs_dir,
						 const char *dev_dir);

/* A completion record: the uapi one, so the kernel writes them in place. */
struct axidma_record {
	struct axidma_completion c;
};

struct axidma_record_buffer {
	size_t capacity;
	size_t count;
	struct axidma_record recs[];
};

struct axidma_batch {
	size_t capacity;
	size_t count;
	size_t error_index;
	unsigned char *explicit_dir;	/* entry i has its own direction */
	struct axidma_xfer xfers[];
};

struct axidma_chan_info {
	struct axidma_info info;
};

struct axidma_chan_status {
	struct axidma_status status;
};

struct axidma_chan {
	int fd;
	bool owner;
	char *path;
	char name[AXIDMA_NAME_SIZE];
	char client[AXIDMA_NAME_SIZE];
	uint32_t directions;
	enum axidma_direction dir;
	uint32_t align;
	uint64_t max_xfer;
	uint32_t queue_size;
	/* the mapped buffer set; nbufs 0: not mapped */
	unsigned int nbufs;
	size_t buf_size;
	void **maps;
	/* transfers submitted through this handle whose records were not read */
	uint64_t outstanding;
	struct axidma_record last;
	bool has_last;
};

/* Transfer flags for a direction (0 for none). */
uint64_t axidma_dir_xfer_flags(enum axidma_direction dir);

/* Direction implied by a dma-name ("tx*", "rx*"), else NONE. */
enum axidma_direction axidma_dir_from_name(const char *name);

/* Fill an axidma_wait timeout: flags and value for a timeout convention. */
void axidma_wait_set_timeout(struct axidma_wait *w, int64_t timeout_ns);

/* ioctl that retries on EINTR only where it is safe (never for WAIT). */
int axidma_ioctl(int fd, unsigned long req, void *arg);

#endif /* __LIBAXIDMA_INTERNAL_H__ */
