/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */
/*
 * <linux/axidma.h> - userspace ABI of the axidma character devices
 *
 * One character device per DMA channel (/dev/axidma/<client>/<dma-name>).
 * The owner of a channel (the one process that opened it for writing)
 * configures a set of DMA buffers, maps them with mmap(), submits transfers
 * that name a buffer, an offset and a length, and waits for their
 * completion records. Read-only opens may query information and status.
 * See docs/uapi.md for the full contract (errors, lifetimes, mmap offsets,
 * the S2MM policy).
 *
 * Rules of this ABI: only fixed-width types; every structure is a multiple
 * of 8 bytes with naturally aligned members, so 32-bit and 64-bit callers
 * share the layout; user addresses travel in __u64 fields; reserved fields
 * and unknown flag bits must be zero (else -EINVAL), so that they can be
 * given a meaning later without breaking callers.
 */
#ifndef _UAPI_LINUX_AXIDMA_H
#define _UAPI_LINUX_AXIDMA_H

#include <linux/const.h>
#include <linux/ioctl.h>
#include <linux/types.h>

/* The version of this ABI reported in struct axidma_info::abi_version. */
#define AXIDMA_ABI_VERSION		1

/* Length of the name fields, including the terminating NUL. */
#define AXIDMA_NAME_SIZE		32

/**
 * DOC: channel directions
 *
 * %AXIDMA_DIR_MEM_TO_DEV: memory to device (AXI DMA MM2S, "tx").
 * %AXIDMA_DIR_DEV_TO_MEM: device to memory (AXI DMA S2MM, "rx").
 */
#define AXIDMA_DIR_MEM_TO_DEV		_BITULL(0)
#define AXIDMA_DIR_DEV_TO_MEM		_BITULL(1)

/**
 * DOC: capability bits (struct axidma_info::caps)
 *
 * %AXIDMA_CAP_BYTES_EXACT: the provider reports a residue per segment or
 *	finer, so struct axidma_completion::bytes is the number of bytes
 *	actually moved (for S2MM: received). Without it @bytes is the
 *	requested length when the transfer completed.
 * %AXIDMA_CAP_PROVIDER_CYCLIC: the provider supports cyclic transfers
 *	(reserved for a later ioctl; informational).
 * %AXIDMA_CAP_PROVIDER_PAUSE: the provider can pause and resume a channel
 *	(informational).
 * %AXIDMA_CAP_DMA_ADDR: the caller holds CAP_SYS_ADMIN and is shown bus
 *	addresses in struct axidma_buffer::dma_addr.
 * %AXIDMA_CAP_OWNER: this file descriptor owns the channel.
 */
#define AXIDMA_CAP_BYTES_EXACT		_BITULL(0)
#define AXIDMA_CAP_PROVIDER_CYCLIC	_BITULL(1)
#define AXIDMA_CAP_PROVIDER_PAUSE	_BITULL(2)
#define AXIDMA_CAP_DMA_ADDR		_BITULL(3)
#define AXIDMA_CAP_OWNER		_BITULL(4)

/**
 * DOC: residue granularity (struct axidma_info::residue_granularity)
 *
 * %AXIDMA_RESIDUE_DESCRIPTOR: the provider reports no residue.
 * %AXIDMA_RESIDUE_SEGMENT: residue updated when a segment (BD) completes.
 * %AXIDMA_RESIDUE_BURST: residue updated after each burst.
 */
#define AXIDMA_RESIDUE_DESCRIPTOR	0
#define AXIDMA_RESIDUE_SEGMENT		1
#define AXIDMA_RESIDUE_BURST		2

/**
 * struct axidma_info - what a channel is and how it is set up
 * @abi_version: %AXIDMA_ABI_VERSION of the running driver
 * @directions: %AXIDMA_DIR_* bits the channel supports, as the provider
 *	reports them (dma_get_slave_caps()). Providers that report their
 *	capabilities per device rather than per channel (Xilinx AXI DMA) show
 *	both directions on every channel: see @direction.
 * @caps: %AXIDMA_CAP_* bits
 * @max_xfer_len: longest transfer accepted, in bytes: the provider's
 *	maximum segment size when it declares one, else 4 GiB - 1 rounded down
 *	to @align
 * @align: alignment in bytes (a power of two) that buffer offsets of
 *	transfers must have, from the provider's copy alignment
 * @addr_width: width in bits of the bus addresses the engine can use
 *	(from its DMA mask), 0 when unknown
 * @residue_granularity: %AXIDMA_RESIDUE_* of the provider
 * @buf_count: number of buffers configured
 * @buf_size: size of each buffer in bytes (a multiple of the page size)
 * @buf_stride: distance in bytes between the mmap offsets of two
 *	consecutive buffers (buffer i is at offset i * @buf_stride)
 * @buf_count_max: largest @buf_count accepted
 * @queue_size: transfers that can be outstanding at once, counting
 *	completion records not yet read
 * @buf_size_max: largest @buf_size accepted
 * @depth: at most this many transfers are handed to the provider at once
 *	(see "S2MM policy" in docs/uapi.md)
 * @depth_max: largest @depth accepted
 * @timeout_ns: default timeout of a transfer in nanoseconds, counted from
 *	the moment it is handed to the provider; 0: none
 * @name: the channel's dma-name, NUL-terminated
 * @client: the client's name, NUL-terminated
 * @direction: the %AXIDMA_DIR_* bit transfers use when they name none:
 *	the only bit of @directions, or the one set with AXIDMA_IOC_SET_CONFIG;
 *	0 while the channel supports both and none was set
 * @reserved0: zero
 * @reserved: zero
 */
struct axidma_info {
	__u32 abi_version;
	__u32 directions;
	__u64 caps;
	__u64 max_xfer_len;
	__u32 align;
	__u32 addr_width;
	__u32 residue_granularity;
	__u32 buf_count;
	__u64 buf_size;
	__u64 buf_stride;
	__u32 buf_count_max;
	__u32 queue_size;
	__u64 buf_size_max;
	__u32 depth;
	__u32 depth_max;
	__u64 timeout_ns;
	char name[AXIDMA_NAME_SIZE];
	char client[AXIDMA_NAME_SIZE];
	__u32 direction;
	__u32 reserved0;
	__u64 reserved[7];
};

/*
 * Flags of struct axidma_buffers::flags. None defined yet; reserved for
 * cacheable buffers with explicit sync, user memory and dma-buf buffers.
 */
#define AXIDMA_BUFFERS_VALID_FLAGS	0ULL

/**
 * struct axidma_buffers - the buffer set of a channel (AXIDMA_IOC_SET_BUFFERS)
 * @count: number of buffers, 0 frees them
 * @flags: must be zero (see %AXIDMA_BUFFERS_VALID_FLAGS)
 * @size: size of each buffer in bytes, rounded up to the page size
 * @reserved: must be zero
 */
struct axidma_buffers {
	__u32 count;
	__u32 flags;
	__u64 size;
	__u64 reserved[2];
};

/**
 * struct axidma_buffer - where one buffer is (AXIDMA_IOC_GET_BUFFER)
 * @index: in: the buffer index
 * @flags: out: zero for now
 * @offset: out: mmap offset of the buffer
 * @size: out: size of the buffer in bytes
 * @dma_addr: out: bus address of the buffer as the engine sees it, for
 *	callers with CAP_SYS_ADMIN while the memory is allocated; else 0
 * @reserved: must be zero
 */
struct axidma_buffer {
	__u32 index;
	__u32 flags;
	__u64 offset;
	__u64 size;
	__u64 dma_addr;
	__u64 reserved[2];
};

/*
 * Flags of struct axidma_config::flags: which fields to change.
 * %AXIDMA_CONFIG_DEPTH: set @depth. %AXIDMA_CONFIG_TIMEOUT: set @timeout_ns.
 * %AXIDMA_CONFIG_DIRECTION: set @direction.
 */
#define AXIDMA_CONFIG_DEPTH		_BITULL(0)
#define AXIDMA_CONFIG_TIMEOUT		_BITULL(1)
#define AXIDMA_CONFIG_DIRECTION		_BITULL(2)
#define AXIDMA_CONFIG_VALID_FLAGS	(AXIDMA_CONFIG_DEPTH | \
					 AXIDMA_CONFIG_TIMEOUT | \
					 AXIDMA_CONFIG_DIRECTION)

/**
 * struct axidma_config - channel settings (AXIDMA_IOC_SET_CONFIG)
 * @flags: %AXIDMA_CONFIG_* bits naming the fields to change
 * @depth: transfers handed to the provider at once, 1..depth_max
 * @timeout_ns: default transfer timeout in nanoseconds, 0: none
 * @direction: default direction of transfers, one %AXIDMA_DIR_* bit of
 *	struct axidma_info::directions
 * @reserved0: must be zero
 * @reserved: must be zero
 *
 * Fields whose flag is clear must be zero. The settings stay with the
 * channel until changed (also across owners).
 */
struct axidma_config {
	__u32 flags;
	__u32 depth;
	__u64 timeout_ns;
	__u32 direction;
	__u32 reserved0;
	__u64 reserved[1];
};

/*
 * Flags of struct axidma_xfer::flags.
 * %AXIDMA_XFER_TIMEOUT: @timeout_ns holds this transfer's timeout (0: none)
 *	instead of the channel default.
 * %AXIDMA_XFER_MEM_TO_DEV, %AXIDMA_XFER_DEV_TO_MEM: the direction, one of
 *	struct axidma_info::directions; without either the channel's default
 *	direction (struct axidma_info::direction) is used, and a channel
 *	without one refuses the transfer.
 * Bits reserved for later: scatter-gather lists, cyclic, app-word metadata.
 */
#define AXIDMA_XFER_TIMEOUT		_BITULL(0)
#define AXIDMA_XFER_MEM_TO_DEV		_BITULL(1)
#define AXIDMA_XFER_DEV_TO_MEM		_BITULL(2)
#define AXIDMA_XFER_VALID_FLAGS		(AXIDMA_XFER_TIMEOUT | \
					 AXIDMA_XFER_MEM_TO_DEV | \
					 AXIDMA_XFER_DEV_TO_MEM)

/**
 * struct axidma_xfer - one transfer to submit
 * @buf: index of the buffer
 * @flags: %AXIDMA_XFER_* bits
 * @offset: offset in the buffer, a multiple of struct axidma_info::align
 * @length: bytes to move, 1..struct axidma_info::max_xfer_len, and
 *	@offset + @length must not pass the end of the buffer. For
 *	device-to-memory this is the most that is received: a shorter packet
 *	completes the transfer early.
 * @tag: any value; returned in the completion record
 * @timeout_ns: with %AXIDMA_XFER_TIMEOUT, the timeout in nanoseconds
 *	counted from the moment the transfer is handed to the provider
 *	(0: none); else must be zero
 * @reserved: must be zero
 */
struct axidma_xfer {
	__u32 buf;
	__u32 flags;
	__u64 offset;
	__u64 length;
	__u64 tag;
	__u64 timeout_ns;
	__u64 reserved[3];
};

/* Flags of struct axidma_submit::flags. None defined yet. */
#define AXIDMA_SUBMIT_VALID_FLAGS	0ULL

/**
 * struct axidma_submit - submit transfers (AXIDMA_IOC_SUBMIT)
 * @xfers: in: user address of an array of @count struct axidma_xfer
 * @count: in: number of entries, 1..struct axidma_info::queue_size
 * @flags: in: must be zero
 * @submitted: out: number of entries accepted, from the first one; fewer
 *	than @count when the queue filled up or the provider refused one
 * @error_index: out: when an entry was rejected as invalid, its index
 *	(the call fails with -EINVAL and nothing is submitted); else @count
 * @first_id: out: id of the first accepted transfer; the others have
 *	consecutive ids. Ids of a channel start at 1 and increase by one.
 * @reserved: must be zero
 */
struct axidma_submit {
	__u64 xfers;
	__u32 count;
	__u32 flags;
	__u32 submitted;
	__u32 error_index;
	__u64 first_id;
	__u64 reserved[2];
};

/*
 * Flags of struct axidma_wait::flags.
 * %AXIDMA_WAIT_ID: block until the transfer @id has completed (and so every
 *	transfer before it), instead of until any record is ready.
 * %AXIDMA_WAIT_TIMEOUT: give up after @timeout_ns nanoseconds (0: do not
 *	block); without it the call blocks until woken.
 */
#define AXIDMA_WAIT_ID			_BITULL(0)
#define AXIDMA_WAIT_TIMEOUT		_BITULL(1)
#define AXIDMA_WAIT_VALID_FLAGS		(AXIDMA_WAIT_ID | AXIDMA_WAIT_TIMEOUT)

/*
 * struct axidma_completion::status. A record is always one of these.
 */
#define AXIDMA_STATUS_DONE		1
#define AXIDMA_STATUS_ERROR		2
#define AXIDMA_STATUS_TIMEDOUT		3
#define AXIDMA_STATUS_ABORTED		4

/*
 * struct axidma_completion::result: what the provider reported, as the
 * kernel's enum dmaengine_tx_result (values fixed here).
 */
#define AXIDMA_RESULT_NOERROR		0
#define AXIDMA_RESULT_READ_FAILED	1
#define AXIDMA_RESULT_WRITE_FAILED	2
#define AXIDMA_RESULT_ABORTED		3
#define AXIDMA_RESULT_NONE		0xffffffffU

/**
 * struct axidma_wait - wait for completion records (AXIDMA_IOC_WAIT)
 * @records: in: user address of an array of @max_records
 *	struct axidma_completion
 * @max_records: in: capacity of @records, at least 1
 * @count: out: number of records written, oldest first
 * @flags: in: %AXIDMA_WAIT_* bits
 * @reserved0: must be zero
 * @id: in: with %AXIDMA_WAIT_ID, the id to wait for; else must be zero
 * @timeout_ns: in: with %AXIDMA_WAIT_TIMEOUT, the time limit in
 *	nanoseconds; else must be zero
 * @reserved: must be zero
 */
struct axidma_wait {
	__u64 records;
	__u32 max_records;
	__u32 count;
	__u32 flags;
	__u32 reserved0;
	__u64 id;
	__u64 timeout_ns;
	__u64 reserved[2];
};

/**
 * struct axidma_completion - the fate of one transfer
 * @id: id given at submit
 * @tag: tag given at submit
 * @offset: offset given at submit
 * @length: length given at submit
 * @bytes: bytes moved: the length minus the provider's residue (for
 *	device-to-memory: the bytes received); 0 unless @status is
 *	%AXIDMA_STATUS_DONE or %AXIDMA_STATUS_ERROR
 * @ts_submit: CLOCK_MONOTONIC time of the submit, in nanoseconds
 * @ts_issue: CLOCK_MONOTONIC time the transfer was handed to the
 *	provider, 0 if it never was
 * @ts_complete: CLOCK_MONOTONIC time the driver learnt the fate
 * @buf: buffer index given at submit
 * @status: %AXIDMA_STATUS_*
 * @result: %AXIDMA_RESULT_* from the provider, %AXIDMA_RESULT_NONE when
 *	the provider reported nothing (timed out, aborted, never issued)
 * @error: 0 when done, else a negative errno: -EIO (the provider reported
 *	an error), -ETIMEDOUT, -ECANCELED (stopped or closed), -ENOMEM (the
 *	provider could not prepare it), -ENODEV (the device went away)
 * @reserved: zero
 */
struct axidma_completion {
	__u64 id;
	__u64 tag;
	__u64 offset;
	__u64 length;
	__u64 bytes;
	__u64 ts_submit;
	__u64 ts_issue;
	__u64 ts_complete;
	__u32 buf;
	__u32 status;
	__u32 result;
	__s32 error;
	__u64 reserved[2];
};

/*
 * struct axidma_status::state.
 * %AXIDMA_STATE_IDLE: nothing queued or in flight.
 * %AXIDMA_STATE_RUNNING: transfers queued or in flight.
 * %AXIDMA_STATE_ERROR: the last transfer that ended did not end done;
 *	cleared by the next transfer that ends done, by AXIDMA_IOC_STOP and
 *	when the owner closes the channel.
 */
#define AXIDMA_STATE_IDLE		0
#define AXIDMA_STATE_RUNNING		1
#define AXIDMA_STATE_ERROR		2

/*
 * struct axidma_status::flags.
 * %AXIDMA_STATUS_OWNED: some file owns the channel.
 * %AXIDMA_STATUS_MAPPED: buffers of the current set are mapped.
 */
#define AXIDMA_STATUS_OWNED		_BITULL(0)
#define AXIDMA_STATUS_MAPPED		_BITULL(1)

/**
 * struct axidma_status - state and counters (AXIDMA_IOC_GET_STATUS)
 * @state: %AXIDMA_STATE_*
 * @flags: %AXIDMA_STATUS_* bits
 * @queued: transfers accepted but not yet handed to the provider
 * @in_flight: transfers handed to the provider, not yet ended
 * @completed: completion records waiting to be read
 * @last_error: negative errno of the last transfer that did not end done,
 *	0 if none since the last stop or owner change
 * @next_id: the id the next submitted transfer gets
 * @submitted: transfers submitted since the driver was loaded
 * @done: transfers ended %AXIDMA_STATUS_DONE
 * @errors: transfers ended %AXIDMA_STATUS_ERROR
 * @timeouts: transfers ended %AXIDMA_STATUS_TIMEDOUT
 * @aborted: transfers ended %AXIDMA_STATUS_ABORTED
 * @bytes: bytes moved by transfers ended done
 * @reserved: zero
 *
 * Counters are 64-bit and saturate at U64_MAX instead of wrapping.
 */
struct axidma_status {
	__u32 state;
	__u32 flags;
	__u32 queued;
	__u32 in_flight;
	__u32 completed;
	__s32 last_error;
	__u64 next_id;
	__u64 submitted;
	__u64 done;
	__u64 errors;
	__u64 timeouts;
	__u64 aborted;
	__u64 bytes;
	__u64 reserved[4];
};

/*
 * ioctl magic 0xD7, numbers 0x00-0x3F (free in
 * Documentation/userspace-api/ioctl/ioctl-number.rst). The direction is
 * seen from userspace: _IOR reads from the driver, _IOW writes to it.
 * Numbers 0x09-0x3F are reserved for scatter-gather lists, cyclic mode,
 * user-memory and dma-buf buffers, cache sync and app-word metadata.
 */
#define AXIDMA_IOC_MAGIC		0xD7

#define AXIDMA_IOC_GET_INFO	_IOR(AXIDMA_IOC_MAGIC, 0x00, struct axidma_info)
#define AXIDMA_IOC_GET_STATUS	_IOR(AXIDMA_IOC_MAGIC, 0x01, struct axidma_status)
#define AXIDMA_IOC_GET_BUFFER	_IOWR(AXIDMA_IOC_MAGIC, 0x02, struct axidma_buffer)
#define AXIDMA_IOC_SET_BUFFERS	_IOW(AXIDMA_IOC_MAGIC, 0x03, struct axidma_buffers)
#define AXIDMA_IOC_SET_CONFIG	_IOW(AXIDMA_IOC_MAGIC, 0x04, struct axidma_config)
#define AXIDMA_IOC_SUBMIT	_IOWR(AXIDMA_IOC_MAGIC, 0x05, struct axidma_submit)
#define AXIDMA_IOC_WAIT		_IOWR(AXIDMA_IOC_MAGIC, 0x06, struct axidma_wait)
#define AXIDMA_IOC_STOP		_IO(AXIDMA_IOC_MAGIC, 0x07)

#endif /* _UAPI_LINUX_AXIDMA_H */
