// SPDX-License-Identifier: LGPL-2.1-or-later
/* Enumeration of the channels from the sysfs class. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

struct chan_entry {
	char client[AXIDMA_NAME_SIZE];
	char dma_name[AXIDMA_NAME_SIZE];
	char *name;	/* client/dma_name */
	char *path;
};

struct axidma_chan_list {
	size_t count;
	struct chan_entry *entries;
};

/* Reads one line of a sysfs attribute into @buf without the newline. */
static int read_attr(int dirfd, const char *attr, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = openat(dirfd, attr, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return buf[0] ? 0 : -EINVAL;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct chan_entry *x = a, *y = b;
	int r = strcmp(x->client, y->client);

	return r ? r : strcmp(x->dma_name, y->dma_name);
}

AXIDMA_API void axidma_chan_list_free(struct axidma_chan_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++) {
		free(list->entries[i].name);
		free(list->entries[i].path);
	}
	free(list->entries);
	free(list);
}

static int list_add(struct axidma_chan_list *list, int dirfd, const char *dev,
		    const char *dev_dir)
{
	struct chan_entry e = { 0 }, *n;
	int fd, ret;

	fd = openat(dirfd, dev, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = read_attr(fd, "client", e.client, sizeof(e.client));
	if (!ret)
		ret = read_attr(fd, "name", e.dma_name, sizeof(e.dma_name));
	close(fd);
	if (ret)
		return ret;
	if (asprintf(&e.name, "%s/%s", e.client, e.dma_name) < 0)
		return -ENOMEM;
	if (asprintf(&e.path, "%s/%s/%s", dev_dir, e.client, e.dma_name) < 0) {
		free(e.name);
		return -ENOMEM;
	}
	n = realloc(list->entries, (list->count + 1) * sizeof(*n));
	if (!n) {
		free(e.name);
		free(e.path);
		return -ENOMEM;
	}
	list->entries = n;
	list->entries[list->count++] = e;
	return 0;
}

struct axidma_chan_list *axidma_chan_list_new_at(const char *sysfs_dir,
						 const char *dev_dir)
{
	struct axidma_chan_list *list;
	struct dirent *de;
	DIR *dir;
	int ret = 0;

	dir = opendir(sysfs_dir);
	if (!dir)
		return NULL;
	list = calloc(1, sizeof(*list));
	if (!list) {
		closedir(dir);
		return NULL;
	}
	for (;;) {
		errno = 0;
		de = readdir(dir);
		if (!de) {
			ret = -errno;
			break;
		}
		if (de->d_name[0] == '.')
			continue;
		ret = list_add(list, dirfd(dir), de->d_name, dev_dir);
		/* A channel removed while we look is not an error. */
		if (ret == -ENOENT || ret == -ENODEV)
			ret = 0;
		if (ret)
			break;
	}
	closedir(dir);
	if (ret) {
		axidma_chan_list_free(list);
		errno = -ret;
		return NULL;
	}
	if (list->count > 1)
		qsort(list->entries, list->count, sizeof(*list->entries),
		      entry_cmp);
	return list;
}

AXIDMA_API struct axidma_chan_list *axidma_chan_list_new(void)
{
	return axidma_chan_list_new_at(AXIDMA_SYSFS_DIR, AXIDMA_DEV_DIR);
}

AXIDMA_API size_t axidma_chan_list_get_count(const struct axidma_chan_list *list)
{
	return list->count;
}

static const struct chan_entry *entry(const struct axidma_chan_list *list,
				      size_t idx)
{
	if (idx >= list->count) {
		errno = EINVAL;
		return NULL;
	}
	return &list->entries[idx];
}

AXIDMA_API const char *
axidma_chan_list_get_name(const struct axidma_chan_list *list, size_t idx)
{
	const struct chan_entry *e = entry(list, idx);

	return e ? e->name : NULL;
}

AXIDMA_API const char *
axidma_chan_list_get_client(const struct axidma_chan_list *list, size_t idx)
{
	const struct chan_entry *e = entry(list, idx);

	return e ? e->client : NULL;
}

AXIDMA_API const char *
axidma_chan_list_get_dma_name(const struct axidma_chan_list *list, size_t idx)
{
	const struct chan_entry *e = entry(list, idx);

	return e ? e->dma_name : NULL;
}

AXIDMA_API const char *
axidma_chan_list_get_path(const struct axidma_chan_list *list, size_t idx)
{
	const struct chan_entry *e = entry(list, idx);

	return e ? e->path : NULL;
}
