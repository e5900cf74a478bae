/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libaxidma - a C library for the axidma character devices
 *
 * The axidma driver gives every DMA channel of a dmaengine provider (a
 * Xilinx AXI DMA: MM2S "tx", S2MM "rx") one character device,
 * /dev/axidma/<client>/<name>. This library wraps its ioctl ABI
 * (<linux/axidma.h>, see docs/uapi.md) without adding policy: the kernel
 * owns the buffers and the queue, the library maps the buffers, builds the
 * ioctl arguments and turns completion records into readable objects.
 *
 * Conventions (as in libgpiod):
 *  - Objects are opaque and created by *_new(), *_open() or *_get_*(); every
 *    object the caller receives that way is owned by the caller and freed
 *    with the matching *_free() or *_close(). Pointers returned by getters
 *    of an object (strings, buffers, records) belong to that object and
 *    stay valid until it is freed or the call documented as invalidating
 *    them.
 *  - Functions returning int return 0 (or a count) on success and -1 with
 *    errno set on failure; functions returning pointers return NULL with
 *    errno set. The library never prints and never aborts.
 *  - Timeouts are int64_t nanoseconds: negative waits forever, 0 does not
 *    block, positive is a limit.
 *  - Thread safety: separate objects may be used from separate threads
 *    freely. One object must not be used from two threads at once without
 *    the caller's own locking; functions taking a const object may be
 *    called concurrently with each other on it. The buffer memory returned
 *    by axidma_chan_get_buffer() may be accessed from any thread.
 *  - A channel is owned by the one process that opened it for writing;
 *    only the owner configures buffers, submits, waits and stops. Closing
 *    the owner's handle stops the channel (the kernel aborts whatever is
 *    still queued) and frees its buffers.
 */
#ifndef __LIBAXIDMA_AXIDMA_H__
#define __LIBAXIDMA_AXIDMA_H__

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- library ------------------------------------------------------------ */

/**
 * axidma_api_version() - the version of the library
 *
 * Return: a static string, e.g. "1.0.0".
 */
const char *axidma_api_version(void);

/**
 * axidma_strerror() - what an error number means for an axidma call
 * @errnum: an errno value set by a libaxidma function (positive)
 *
 * Words for the errors this library and the driver report, in their
 * meaning here: ETIMEDOUT "transfer timed out", EIO "the DMA engine
 * reported an error", ECANCELED "transfer aborted", EINVAL "bad argument",
 * and so on; any other value gives strerror()'s text.
 *
 * Return: a static string; never NULL. Thread-safe.
 */
const char *axidma_strerror(int errnum);

/* ---- directions and names -------------------------------------------------- */

/**
 * enum axidma_direction - the direction of a channel or transfer
 * @AXIDMA_DIRECTION_NONE: none set (a channel that supports both)
 * @AXIDMA_DIRECTION_MEM_TO_DEV: memory to device (MM2S, "tx")
 * @AXIDMA_DIRECTION_DEV_TO_MEM: device to memory (S2MM, "rx")
 * @AXIDMA_DIRECTION_BOTH: both bits; only in a set of directions
 */
enum axidma_direction {
	AXIDMA_DIRECTION_NONE = 0,
	AXIDMA_DIRECTION_MEM_TO_DEV = 1,
	AXIDMA_DIRECTION_DEV_TO_MEM = 2,
	AXIDMA_DIRECTION_BOTH = 3,
};

/**
 * axidma_direction_name() - "none", "mem-to-dev", "dev-to-mem" or "both"
 * @dir: the direction or set of directions
 *
 * The same words as the driver's sysfs attributes.
 * Return: a static string ("unknown" for other values). Thread-safe.
 */
const char *axidma_direction_name(unsigned int dir);

/**
 * axidma_chan_resolve() - the device path of a channel name
 * @chan: "/dev/axidma/<client>/<name>" (or any absolute path, taken as
 *	is), "<client>/<name>", or "<client>:<name>" (the sysfs name)
 *
 * Pure string work: nothing is opened.
 * Return: a new string the caller frees with free(), or NULL with errno
 * EINVAL when @chan is none of these forms (empty parts, "." or "..",
 * parts of 32 characters or more) or ENOMEM. Thread-safe.
 */
char *axidma_chan_resolve(const char *chan);

/* ---- enumeration ------------------------------------------------------------ */

struct axidma_chan_list;

/**
 * axidma_chan_list_new() - the channels the driver has registered
 *
 * Reads /sys/class/axidma: one entry per channel, sorted by client then
 * name. Nothing is opened, so no permission on the device nodes is needed.
 * Return: a new list (possibly empty: errno is not set then) that the
 * caller frees with axidma_chan_list_free(), or NULL with errno: ENOENT
 * when /sys/class/axidma does not exist (axidma.ko is not loaded),
 * ENOMEM, or the error of reading the directory.
 */
struct axidma_chan_list *axidma_chan_list_new(void);

/** axidma_chan_list_free() - free a list (NULL is allowed). */
void axidma_chan_list_free(struct axidma_chan_list *list);

/** axidma_chan_list_get_count() - number of channels in @list */
size_t axidma_chan_list_get_count(const struct axidma_chan_list *list);

/**
 * axidma_chan_list_get_name() - "<client>/<name>" of entry @idx
 *
 * Return: a string owned by @list, or NULL with errno EINVAL when @idx is
 * out of range. Same for the getters below.
 */
const char *axidma_chan_list_get_name(const struct axidma_chan_list *list,
				      size_t idx);
/** axidma_chan_list_get_client() - the client name of entry @idx */
const char *axidma_chan_list_get_client(const struct axidma_chan_list *list,
					size_t idx);
/** axidma_chan_list_get_dma_name() - the dma-name of entry @idx */
const char *axidma_chan_list_get_dma_name(const struct axidma_chan_list *list,
					  size_t idx);
/** axidma_chan_list_get_path() - "/dev/axidma/<client>/<name>" of @idx */
const char *axidma_chan_list_get_path(const struct axidma_chan_list *list,
				      size_t idx);

/* ---- channels ----------------------------------------------------------------- */

struct axidma_chan;
struct axidma_chan_info;
struct axidma_chan_status;
struct axidma_record;
struct axidma_record_buffer;
struct axidma_batch;

/* Flags of axidma_chan_open(). */
/* Open for queries only (info, status): does not take ownership. */
#define AXIDMA_OPEN_READ_ONLY	(1U << 0)

/**
 * axidma_chan_open() - open a channel
 * @chan: a channel name in any form axidma_chan_resolve() accepts
 * @flags: 0 (take ownership) or %AXIDMA_OPEN_READ_ONLY
 *
 * Without flags the caller becomes the channel's owner. The transfer
 * direction used by the library is the driver's default direction; when
 * the provider reports both (a Xilinx AXI DMA does, per engine) and none is
 * set, it is taken from the dma-name: one starting with "tx" is
 * memory-to-device, "rx" device-to-memory (the convention of the Xilinx
 * bindings); otherwise call axidma_chan_set_direction() before submitting.
 * The driver's default is not changed by this.
 *
 * Return: a new handle the caller closes with axidma_chan_close(), or NULL
 * with errno: EINVAL (bad name), ENOENT (no such channel), EBUSY (another
 * file owns it), EACCES (permission), ENODEV (device being removed),
 * EPROTO (the driver speaks another ABI version), ENOMEM.
 */
struct axidma_chan *axidma_chan_open(const char *chan, unsigned int flags);

/**
 * axidma_chan_close() - unmap the buffers and close the channel
 *
 * When @chan owns the channel, the kernel aborts transfers still queued or
 * in flight and frees the buffers. NULL is allowed.
 */
void axidma_chan_close(struct axidma_chan *chan);

/**
 * axidma_chan_get_fd() - the file descriptor, for poll()/epoll
 *
 * The descriptor is readable (POLLIN) while completion records are waiting
 * to be read, writable (POLLOUT, owner only) while the queue has room, and
 * reports POLLHUP|POLLERR when the device went away. It belongs to @chan:
 * do not close it; do not read records with raw ioctls behind the
 * library's back (its count of outstanding transfers would be wrong).
 */
int axidma_chan_get_fd(const struct axidma_chan *chan);

/** axidma_chan_get_path() - the device path @chan was opened with */
const char *axidma_chan_get_path(const struct axidma_chan *chan);
/** axidma_chan_get_name() - the channel's dma-name, e.g. "rx" */
const char *axidma_chan_get_name(const struct axidma_chan *chan);
/** axidma_chan_get_client() - the client's name, e.g. "loop0" */
const char *axidma_chan_get_client(const struct axidma_chan *chan);
/** axidma_chan_is_owner() - whether @chan owns the channel */
bool axidma_chan_is_owner(const struct axidma_chan *chan);

/**
 * axidma_chan_get_direction() - the direction transfers are submitted in
 *
 * Return: %AXIDMA_DIRECTION_MEM_TO_DEV, %AXIDMA_DIRECTION_DEV_TO_MEM or
 * %AXIDMA_DIRECTION_NONE (see axidma_chan_open()).
 */
enum axidma_direction axidma_chan_get_direction(const struct axidma_chan *chan);

/**
 * axidma_chan_set_direction() - set the direction of later transfers
 * @dir: %AXIDMA_DIRECTION_MEM_TO_DEV or %AXIDMA_DIRECTION_DEV_TO_MEM, one
 *	the channel supports, or %AXIDMA_DIRECTION_NONE (the driver decides)
 *
 * Only this handle is affected (every transfer carries its direction); the
 * driver's default stays as it is.
 * Return: 0, or -1 with errno EINVAL.
 */
int axidma_chan_set_direction(struct axidma_chan *chan,
			      enum axidma_direction dir);

/**
 * axidma_chan_get_info() - what the channel is and how it is set up
 *
 * One ioctl; works on read-only handles.
 * Return: a new snapshot the caller frees with axidma_chan_info_free(), or
 * NULL with errno (ENODEV, ENOMEM).
 */
struct axidma_chan_info *axidma_chan_get_info(struct axidma_chan *chan);

/**
 * axidma_chan_get_status() - state and counters
 *
 * One ioctl; works on read-only handles.
 * Return: a new snapshot the caller frees with axidma_chan_status_free(),
 * or NULL with errno (ENODEV, ENOMEM).
 */
struct axidma_chan_status *axidma_chan_get_status(struct axidma_chan *chan);

/**
 * axidma_chan_set_buffers() - allocate and map a new set of buffers
 * @count: number of buffers (1..axidma_chan_info_get_buf_count_max()), or
 *	0 to free them
 * @size: bytes per buffer, rounded up to the page size by the kernel
 *
 * Unmaps the current set (pointers from axidma_chan_get_buffer() become
 * invalid), asks the kernel for the new one and maps every buffer
 * read-write. The buffers are DMA-coherent and zeroed.
 * Return: 0, or -1 with errno: EBUSY (transfers outstanding: wait for
 * their records or stop first), EINVAL (count or size out of range),
 * ENOMEM (the kernel could not allocate them), EBADF (not the owner).
 * On failure no buffer is mapped; the kernel may keep the new geometry.
 */
int axidma_chan_set_buffers(struct axidma_chan *chan, unsigned int count,
			    size_t size);

/**
 * axidma_chan_get_buffer() - the memory of buffer @idx
 *
 * The first call maps every buffer of the current set (the driver's
 * default geometry if axidma_chan_set_buffers() was never called).
 * The memory is shared with the engine: do not touch a buffer while a
 * transfer using it is outstanding.
 * Return: the address (valid until axidma_chan_set_buffers() or
 * axidma_chan_close()), or NULL with errno: EINVAL (@idx out of range),
 * ENOBUFS (zero buffers configured), EACCES (read-only handle), ENOMEM.
 */
void *axidma_chan_get_buffer(struct axidma_chan *chan, unsigned int idx);

/**
 * axidma_chan_get_num_buffers() - number of buffers of the current set
 *
 * Return: the count (0 when none), or 0 with errno set on failure.
 */
unsigned int axidma_chan_get_num_buffers(struct axidma_chan *chan);

/** axidma_chan_get_buffer_size() - size of each buffer (0 on failure) */
size_t axidma_chan_get_buffer_size(struct axidma_chan *chan);

/**
 * axidma_chan_set_depth() - transfers handed to the engine at once
 * @depth: 1..axidma_chan_info_get_depth_max()
 *
 * A driver setting that stays with the channel (also for later owners).
 * Depth 1 issues each transfer alone (a device-to-memory transfer then
 * ends at each packet); more lets the engine chain them.
 * Return: 0, or -1 with errno EINVAL or EBADF.
 */
int axidma_chan_set_depth(struct axidma_chan *chan, unsigned int depth);

/**
 * axidma_chan_set_timeout() - default transfer timeout
 * @timeout_ns: nanoseconds counted from the moment a transfer is handed to
 *	the engine, 0 for none
 *
 * A driver setting that stays with the channel. A transfer that times out
 * is stopped by the driver and ends with %AXIDMA_RECORD_TIMEDOUT.
 * Return: 0, or -1 with errno EINVAL or EBADF.
 */
int axidma_chan_set_timeout(struct axidma_chan *chan, uint64_t timeout_ns);

/**
 * axidma_chan_submit() - queue one transfer
 * @buf: buffer index
 * @offset: offset in the buffer, a multiple of axidma_chan_info_get_align()
 * @length: bytes to move; for device-to-memory the most to receive (a
 *	shorter packet ends the transfer early)
 * @tag: any value, returned in the record
 * @id: if not NULL, set to the transfer's id (ids increase by one)
 *
 * One ioctl. The transfer uses the channel's default timeout and the
 * direction of axidma_chan_get_direction().
 * Return: 0, or -1 with errno: EAGAIN (queue full: read records first),
 * EINVAL (bad argument), ENOBUFS (no buffers), EBADF (not the owner),
 * ENODEV.
 */
int axidma_chan_submit(struct axidma_chan *chan, unsigned int buf,
		       uint64_t offset, uint64_t length, uint64_t tag,
		       uint64_t *id);

/**
 * axidma_chan_submit_batch() - queue the transfers of a batch
 * @start: index of the first entry to submit
 * @first_id: if not NULL, set to the id of the first accepted transfer
 *
 * One ioctl for up to axidma_chan_info_get_queue_size() entries. Entries
 * are accepted in order until the queue is full.
 * Return: the number accepted (at least 1), or -1 with errno: EAGAIN
 * (queue full, nothing accepted), EINVAL (an entry is invalid: nothing is
 * accepted and axidma_batch_get_error_index() names it; or @start is not
 * below the batch's count), ENOBUFS, EBADF, ENODEV.
 */
int axidma_chan_submit_batch(struct axidma_chan *chan,
			     struct axidma_batch *batch, size_t start,
			     uint64_t *first_id);

/**
 * axidma_chan_get_outstanding() - transfers submitted through @chan whose
 * records were not read yet
 */
uint64_t axidma_chan_get_outstanding(const struct axidma_chan *chan);

/**
 * axidma_chan_wait() - wait until a completion record can be read
 * @timeout_ns: time limit (negative: none)
 *
 * poll() on the descriptor; reads nothing.
 * Return: 1 when records are ready, 0 on timeout, -1 with errno: ENODEV
 * (the device went away), EINTR.
 */
int axidma_chan_wait(struct axidma_chan *chan, int64_t timeout_ns);

/**
 * axidma_chan_read_records() - wait for completion records and read them
 * @buffer: where the records go; its previous contents are replaced
 * @max_records: at most this many (0: the buffer's capacity)
 * @timeout_ns: time limit for the first record (negative: none, 0: only
 *	what is ready)
 *
 * One ioctl. Records come oldest first, in submission order.
 * Return: the number of records read (at least 1), 0 when the time limit
 * passed first, or -1 with errno: ENODATA (nothing outstanding: no record
 * can ever come), ENODEV, EINTR, EBADF, EINVAL.
 */
int axidma_chan_read_records(struct axidma_chan *chan,
			     struct axidma_record_buffer *buffer,
			     size_t max_records, int64_t timeout_ns);

/**
 * axidma_chan_wait_xfer() - wait until transfer @id has ended, then read
 * @id: an id returned at submit whose record was not read yet
 *
 * Like axidma_chan_read_records() but the time limit applies to transfer
 * @id (and so every transfer before it). The records read start with the
 * oldest unread one; with enough room the last is @id's.
 * Return: the number of records read, 0 on timeout, -1 with errno: ENOENT
 * (the record of @id was already read), EINVAL (@id was never
 * submitted), ENODEV, EINTR.
 */
int axidma_chan_wait_xfer(struct axidma_chan *chan, uint64_t id,
			  struct axidma_record_buffer *buffer,
			  size_t max_records, int64_t timeout_ns);

/**
 * axidma_chan_stop() - abort everything queued or in flight
 *
 * Every outstanding transfer gets a record (%AXIDMA_RECORD_ABORTED, or
 * %AXIDMA_RECORD_TIMEDOUT if its deadline had passed); read them as usual.
 * Clears the channel's error state. One ioctl.
 * Return: 0, or -1 with errno EBADF or ENODEV.
 */
int axidma_chan_stop(struct axidma_chan *chan);

/* ---- one-shot helpers ------------------------------------------------------------
 *
 * Each moves one packet through buffer 0 (or @rx's and @tx's buffer 0):
 * copy in, submit, wait for the record, copy out. They need a channel with
 * nothing outstanding (else EBUSY) and buffers already configured or the
 * driver's defaults. The record of the transfer is kept and can be
 * described after a failure: see axidma_chan_get_last_record().
 * @timeout_ns is the transfer's own timeout, enforced by the driver
 * (negative: the channel's default; 0: none).
 * Errors of the transfer: ETIMEDOUT (timed out), EIO (the engine reported
 * an error), ECANCELED (aborted), ENOMEM (the provider refused it),
 * ENODEV; before it: EMSGSIZE (@len is more than buffer 0 or the longest
 * transfer), EBUSY, and the errors of axidma_chan_submit().
 */

/**
 * axidma_chan_send() - send @len bytes of @data as one packet
 * Return: the number of bytes sent (@len), or -1 with errno.
 */
ssize_t axidma_chan_send(struct axidma_chan *chan, const void *data,
			 size_t len, int64_t timeout_ns);

/**
 * axidma_chan_recv() - receive one packet of at most @size bytes
 * Return: the number of bytes received (a shorter packet gives fewer; 0
 * is possible), or -1 with errno.
 */
ssize_t axidma_chan_recv(struct axidma_chan *chan, void *data, size_t size,
			 int64_t timeout_ns);

/**
 * axidma_loopback() - send @len bytes on @tx and receive them on @rx
 * @out: the data to send
 * @in: where the received packet goes, room for @len bytes
 *
 * For a design whose stream loops @tx back into @rx: submits the receive
 * first, then the send, and waits for both. Does not compare the data.
 * Return: the number of bytes received, or -1 with errno (the failed
 * channel's last record tells which side failed).
 */
ssize_t axidma_loopback(struct axidma_chan *tx, struct axidma_chan *rx,
			const void *out, void *in, size_t len,
			int64_t timeout_ns);

/**
 * axidma_chan_get_last_record() - the record of the last one-shot transfer
 *
 * Return: the record owned by @chan (valid until the next one-shot call or
 * axidma_chan_close()), or NULL with errno ENOENT if there is none.
 */
const struct axidma_record *
axidma_chan_get_last_record(const struct axidma_chan *chan);

/* ---- channel information ------------------------------------------------------------ */

/** axidma_chan_info_free() - free a snapshot (NULL is allowed) */
void axidma_chan_info_free(struct axidma_chan_info *info);
/** axidma_chan_info_get_name() - the dma-name (owned by @info) */
const char *axidma_chan_info_get_name(const struct axidma_chan_info *info);
/** axidma_chan_info_get_client() - the client name (owned by @info) */
const char *axidma_chan_info_get_client(const struct axidma_chan_info *info);
/** axidma_chan_info_get_abi_version() - the driver's ABI version */
unsigned int axidma_chan_info_get_abi_version(const struct axidma_chan_info *info);
/**
 * axidma_chan_info_get_directions() - %AXIDMA_DIRECTION_* bits supported,
 * as the provider reports them (both on a Xilinx AXI DMA)
 */
unsigned int axidma_chan_info_get_directions(const struct axidma_chan_info *info);
/** axidma_chan_info_get_direction() - the driver's default direction */
enum axidma_direction
axidma_chan_info_get_direction(const struct axidma_chan_info *info);
/** axidma_chan_info_get_max_transfer() - longest transfer in bytes */
uint64_t axidma_chan_info_get_max_transfer(const struct axidma_chan_info *info);
/** axidma_chan_info_get_align() - alignment of transfer offsets in bytes */
unsigned int axidma_chan_info_get_align(const struct axidma_chan_info *info);
/** axidma_chan_info_get_addr_width() - engine address bits, 0 unknown */
unsigned int axidma_chan_info_get_addr_width(const struct axidma_chan_info *info);
/** axidma_chan_info_get_buf_count() - number of buffers configured */
unsigned int axidma_chan_info_get_buf_count(const struct axidma_chan_info *info);
/** axidma_chan_info_get_buf_size() - bytes per buffer */
uint64_t axidma_chan_info_get_buf_size(const struct axidma_chan_info *info);
/** axidma_chan_info_get_buf_count_max() - largest buffer count accepted */
unsigned int axidma_chan_info_get_buf_count_max(const struct axidma_chan_info *info);
/** axidma_chan_info_get_buf_size_max() - largest buffer size accepted */
uint64_t axidma_chan_info_get_buf_size_max(const struct axidma_chan_info *info);
/** axidma_chan_info_get_queue_size() - transfers outstanding at once */
unsigned int axidma_chan_info_get_queue_size(const struct axidma_chan_info *info);
/** axidma_chan_info_get_depth() - transfers handed to the engine at once */
unsigned int axidma_chan_info_get_depth(const struct axidma_chan_info *info);
/** axidma_chan_info_get_depth_max() - largest depth accepted */
unsigned int axidma_chan_info_get_depth_max(const struct axidma_chan_info *info);
/** axidma_chan_info_get_timeout() - default transfer timeout (ns), 0 none */
uint64_t axidma_chan_info_get_timeout(const struct axidma_chan_info *info);
/**
 * axidma_chan_info_has_exact_bytes() - whether records give the bytes
 * actually moved (the provider reports residues); else the requested length
 */
bool axidma_chan_info_has_exact_bytes(const struct axidma_chan_info *info);
/** axidma_chan_info_is_owner() - whether the handle owns the channel */
bool axidma_chan_info_is_owner(const struct axidma_chan_info *info);

/* ---- channel status ----------------------------------------------------------------- */

/**
 * enum axidma_chan_state - what the channel is doing
 * @AXIDMA_CHAN_IDLE: nothing queued or in flight
 * @AXIDMA_CHAN_RUNNING: transfers queued or in flight
 * @AXIDMA_CHAN_ERROR: the last transfer that ended did not end done
 */
enum axidma_chan_state {
	AXIDMA_CHAN_IDLE = 0,
	AXIDMA_CHAN_RUNNING = 1,
	AXIDMA_CHAN_ERROR = 2,
};

/** axidma_chan_state_name() - "idle", "running", "error" (static) */
const char *axidma_chan_state_name(enum axidma_chan_state state);

/** axidma_chan_status_free() - free a snapshot (NULL is allowed) */
void axidma_chan_status_free(struct axidma_chan_status *status);
/** axidma_chan_status_get_state() - the state */
enum axidma_chan_state
axidma_chan_status_get_state(const struct axidma_chan_status *status);
/** axidma_chan_status_is_owned() - some file owns the channel */
bool axidma_chan_status_is_owned(const struct axidma_chan_status *status);
/** axidma_chan_status_is_mapped() - buffers are mapped */
bool axidma_chan_status_is_mapped(const struct axidma_chan_status *status);
/** axidma_chan_status_get_queued() - accepted, not yet given to the engine */
unsigned int axidma_chan_status_get_queued(const struct axidma_chan_status *status);
/** axidma_chan_status_get_in_flight() - given to the engine, not ended */
unsigned int axidma_chan_status_get_in_flight(const struct axidma_chan_status *status);
/** axidma_chan_status_get_completed() - records waiting to be read */
unsigned int axidma_chan_status_get_completed(const struct axidma_chan_status *status);
/**
 * axidma_chan_status_get_last_error() - errno (positive) of the last
 * transfer that did not end done since the last stop, 0 if none
 */
int axidma_chan_status_get_last_error(const struct axidma_chan_status *status);
/** axidma_chan_status_get_next_id() - id of the next transfer */
uint64_t axidma_chan_status_get_next_id(const struct axidma_chan_status *status);
/*
 * Counters since the driver was loaded (saturating): transfers submitted,
 * ended done, ended with an engine error, timed out, aborted, and the
 * bytes moved by those that ended done.
 */
uint64_t axidma_chan_status_get_submitted(const struct axidma_chan_status *status);
uint64_t axidma_chan_status_get_done(const struct axidma_chan_status *status);
uint64_t axidma_chan_status_get_errors(const struct axidma_chan_status *status);
uint64_t axidma_chan_status_get_timeouts(const struct axidma_chan_status *status);
uint64_t axidma_chan_status_get_aborted(const struct axidma_chan_status *status);
uint64_t axidma_chan_status_get_bytes(const struct axidma_chan_status *status);

/* ---- batches ------------------------------------------------------------------------ */

/**
 * axidma_batch_new() - an empty list of transfers to submit together
 * @capacity: most entries it can hold (at least 1)
 *
 * Return: a new batch the caller frees with axidma_batch_free(), or NULL
 * with errno EINVAL or ENOMEM.
 */
struct axidma_batch *axidma_batch_new(size_t capacity);
/** axidma_batch_free() - free a batch (NULL is allowed) */
void axidma_batch_free(struct axidma_batch *batch);
/** axidma_batch_clear() - remove every entry */
void axidma_batch_clear(struct axidma_batch *batch);
/** axidma_batch_get_count() - number of entries */
size_t axidma_batch_get_count(const struct axidma_batch *batch);
/** axidma_batch_get_capacity() - most entries */
size_t axidma_batch_get_capacity(const struct axidma_batch *batch);

/**
 * axidma_batch_add() - append a transfer (see axidma_chan_submit())
 * Return: its index, or -1 with errno ENOSPC (full) or EINVAL (@length 0).
 */
int axidma_batch_add(struct axidma_batch *batch, unsigned int buf,
		     uint64_t offset, uint64_t length, uint64_t tag);

/**
 * axidma_batch_set_timeout() - give entry @idx its own timeout
 * @timeout_ns: nanoseconds from the moment it is handed to the engine,
 *	0 for none; instead of the channel's default
 * Return: 0, or -1 with errno EINVAL (@idx out of range).
 */
int axidma_batch_set_timeout(struct axidma_batch *batch, size_t idx,
			     uint64_t timeout_ns);

/**
 * axidma_batch_set_direction() - give entry @idx its own direction
 * @dir: %AXIDMA_DIRECTION_MEM_TO_DEV, %AXIDMA_DIRECTION_DEV_TO_MEM, or
 *	%AXIDMA_DIRECTION_NONE (the handle's direction at submit)
 * Return: 0, or -1 with errno EINVAL.
 */
int axidma_batch_set_direction(struct axidma_batch *batch, size_t idx,
			       enum axidma_direction dir);

/**
 * axidma_batch_get_error_index() - the entry the kernel refused in the last
 * axidma_chan_submit_batch() that failed with EINVAL, else the count
 */
size_t axidma_batch_get_error_index(const struct axidma_batch *batch);

/* ---- completion records ---------------------------------------------------------------- */

/**
 * enum axidma_record_status - how a transfer ended
 * @AXIDMA_RECORD_DONE: done
 * @AXIDMA_RECORD_ERROR: the engine reported an error, or the provider
 *	refused the transfer
 * @AXIDMA_RECORD_TIMEDOUT: it did not end in time and was stopped
 * @AXIDMA_RECORD_ABORTED: stopped or closed before it ended
 */
enum axidma_record_status {
	AXIDMA_RECORD_DONE = 1,
	AXIDMA_RECORD_ERROR = 2,
	AXIDMA_RECORD_TIMEDOUT = 3,
	AXIDMA_RECORD_ABORTED = 4,
};

/**
 * enum axidma_engine_result - what the DMA provider reported
 * (the kernel's enum dmaengine_tx_result)
 * @AXIDMA_ENGINE_NOERROR: no error
 * @AXIDMA_ENGINE_READ_FAILED: the engine failed to read (source)
 * @AXIDMA_ENGINE_WRITE_FAILED: the engine failed to write (destination)
 * @AXIDMA_ENGINE_ABORTED: the provider aborted it
 * @AXIDMA_ENGINE_NONE: the provider reported nothing (timed out, aborted
 *	by the driver, never issued)
 */
enum axidma_engine_result {
	AXIDMA_ENGINE_NOERROR = 0,
	AXIDMA_ENGINE_READ_FAILED = 1,
	AXIDMA_ENGINE_WRITE_FAILED = 2,
	AXIDMA_ENGINE_ABORTED = 3,
	AXIDMA_ENGINE_NONE = -1,
};

/** axidma_record_status_name() - "done", "error", "timed out", "aborted" */
const char *axidma_record_status_name(enum axidma_record_status status);
/** axidma_engine_result_name() - e.g. "read failed"; static */
const char *axidma_engine_result_name(enum axidma_engine_result result);

/** axidma_record_get_id() - the transfer's id */
uint64_t axidma_record_get_id(const struct axidma_record *rec);
/** axidma_record_get_tag() - the tag given at submit */
uint64_t axidma_record_get_tag(const struct axidma_record *rec);
/** axidma_record_get_buffer() - the buffer index */
unsigned int axidma_record_get_buffer(const struct axidma_record *rec);
/** axidma_record_get_offset() - the offset in the buffer */
uint64_t axidma_record_get_offset(const struct axidma_record *rec);
/** axidma_record_get_length() - the length submitted */
uint64_t axidma_record_get_length(const struct axidma_record *rec);
/**
 * axidma_record_get_bytes() - bytes moved (device-to-memory: received);
 * 0 unless the record's status is done or error
 */
uint64_t axidma_record_get_bytes(const struct axidma_record *rec);
/** axidma_record_get_status() - how it ended */
enum axidma_record_status axidma_record_get_status(const struct axidma_record *rec);
/** axidma_record_get_engine_result() - what the provider reported */
enum axidma_engine_result
axidma_record_get_engine_result(const struct axidma_record *rec);
/** axidma_record_get_error() - 0 when done, else a positive errno */
int axidma_record_get_error(const struct axidma_record *rec);
/** axidma_record_is_ok() - ended done */
bool axidma_record_is_ok(const struct axidma_record *rec);
/*
 * CLOCK_MONOTONIC nanoseconds: submitted, handed to the engine (0 if it
 * never was), fate known.
 */
uint64_t axidma_record_get_ts_submit(const struct axidma_record *rec);
uint64_t axidma_record_get_ts_issue(const struct axidma_record *rec);
uint64_t axidma_record_get_ts_complete(const struct axidma_record *rec);

/**
 * axidma_record_describe() - one line saying what happened, in words
 * @buf: where the text goes, NUL-terminated and truncated to @size
 *
 * E.g. "transfer 7 done: 4096 of 4096 bytes", "transfer 7 failed: the DMA
 * engine reported an error (read failed), 0 of 4096 bytes moved",
 * "transfer 7 timed out after 1000.000 ms".
 * Return: the length the full text has (as snprintf()).
 */
int axidma_record_describe(const struct axidma_record *rec, char *buf,
			   size_t size);

/**
 * axidma_record_copy() - a copy of @rec the caller owns
 * Return: a new record freed with axidma_record_free(), or NULL (ENOMEM).
 */
struct axidma_record *axidma_record_copy(const struct axidma_record *rec);
/** axidma_record_free() - free a copied record (NULL is allowed) */
void axidma_record_free(struct axidma_record *rec);

/**
 * axidma_record_buffer_new() - room for @capacity records
 * Return: a new buffer freed with axidma_record_buffer_free(), or NULL
 * with errno EINVAL (@capacity 0) or ENOMEM.
 */
struct axidma_record_buffer *axidma_record_buffer_new(size_t capacity);
/** axidma_record_buffer_free() - free (NULL is allowed) */
void axidma_record_buffer_free(struct axidma_record_buffer *buffer);
/** axidma_record_buffer_get_capacity() - its capacity */
size_t axidma_record_buffer_get_capacity(const struct axidma_record_buffer *buffer);
/** axidma_record_buffer_get_count() - records read by the last call */
size_t axidma_record_buffer_get_count(const struct axidma_record_buffer *buffer);
/**
 * axidma_record_buffer_get_record() - record @idx, owned by @buffer and
 * valid until it is filled again or freed; NULL with errno EINVAL when
 * @idx is not below the count
 */
const struct axidma_record *
axidma_record_buffer_get_record(const struct axidma_record_buffer *buffer,
				size_t idx);

/* ---- test patterns ------------------------------------------------------------------- */

/**
 * axidma_pattern_fill() - fill @buf with the test pattern of @seed
 * @offset: the position of @buf[0] in the stream the pattern describes
 *
 * The pattern is a pseudo-random function of (@seed, position): any slice
 * can be made or checked alone, and a slice of one seed (or one position)
 * does not match another. Thread-safe.
 */
void axidma_pattern_fill(void *buf, size_t len, uint64_t seed,
			 uint64_t offset);

/**
 * axidma_pattern_check() - compare @buf with the pattern of @seed
 * @bad: if not NULL and a byte differs, set to the index of the first one
 *
 * Return: true when all @len bytes match. Thread-safe.
 */
bool axidma_pattern_check(const void *buf, size_t len, uint64_t seed,
			  uint64_t offset, size_t *bad);

#ifdef __cplusplus
}
#endif

#endif /* __LIBAXIDMA_AXIDMA_H__ */
