// SPDX-License-Identifier: GPL-2.0
/*
 * axidma - character devices for dmaengine slave channels
 *
 * A platform driver and dmaengine client. Every entry of the "dma-names"
 * property of a client device becomes one character device,
 * /dev/axidma/<client>/<dma-name>, through which one process (the owner)
 * allocates coherent DMA buffers, maps them, submits transfers between a
 * buffer and the device behind the channel (e.g. an AXI4-Stream behind a
 * Xilinx AXI DMA) and waits for their completion. The uapi is
 * <linux/axidma.h>, documented in docs/uapi.md. Usage:
 *
 *	fd = open("/dev/axidma/axidma0/rx", O_RDWR);
 *	ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &(struct axidma_buffers){
 *		.count = 4, .size = 1 << 20 });
 *	p = mmap(NULL, 1 << 20, PROT_READ, MAP_SHARED, fd, 0);
 *	ioctl(fd, AXIDMA_IOC_SUBMIT, &submit);	   (one or more transfers)
 *	ioctl(fd, AXIDMA_IOC_WAIT, &wait);	   (their completion records)
 *
 * The driver knows nothing about the provider beyond the dmaengine API:
 * the direction, limits and residue granularity come from
 * dma_get_slave_caps() and the DMA device.
 *
 * Lifetimes:
 *  - struct axidma_chan is refcounted by its struct device: the probe, each
 *    open file (and the cdev while a file is open) and each buffer set hold
 *    a reference; the memory is freed in axidma_chan_release().
 *  - The dmaengine channel is held by the bound device and by each buffer
 *    set (ch->dchan_ref): buffers were allocated on the provider's device,
 *    and freeing them is only valid while the provider is still bound and
 *    its module loaded, which holding the channel guarantees. So the
 *    channel is released at remove, or at the last munmap after it.
 *  - A buffer set is refcounted (kref) by the channel (while it is the
 *    channel's current set) and by each VMA mapping it, so munmap after
 *    close, close after munmap, fork and unbind all work.
 *  - Per-transfer state lives in a ring owned by the channel; the dmaengine
 *    callback only ever touches a slot that is in flight, and every stop
 *    calls dmaengine_terminate_sync() (process context) before the state is
 *    given back, so no callback can run late into freed memory.
 */

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/fs.h>
#include <linux/idr.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/overflow.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/property.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <linux/axidma.h>
#include "compat.h"

#define AXIDMA_MAX_MINORS	256
#define AXIDMA_MAX_BUFFERS	1024
#define AXIDMA_MAX_DEPTH	255
#define AXIDMA_QUEUE_MIN	4
#define AXIDMA_QUEUE_MAX	4096
/* 4 GiB, but at most half the address space on 32-bit kernels. */
#define AXIDMA_BUF_SIZE_MAX	min_t(u64, SIZE_MAX >> 1, 4ULL << 30)
/* The work re-checks deadlines at least this often (long timeouts). */
#define AXIDMA_TIMER_MAX_DELAY	(3600UL * HZ)

static_assert(sizeof(struct axidma_info) % 8 == 0);
static_assert(sizeof(struct axidma_buffers) % 8 == 0);
static_assert(sizeof(struct axidma_buffer) % 8 == 0);
static_assert(sizeof(struct axidma_config) % 8 == 0);
static_assert(sizeof(struct axidma_xfer) % 8 == 0);
static_assert(sizeof(struct axidma_submit) % 8 == 0);
static_assert(sizeof(struct axidma_wait) % 8 == 0);
static_assert(sizeof(struct axidma_completion) % 8 == 0);
static_assert(sizeof(struct axidma_status) % 8 == 0);

/* Bounded module parameters: out-of-range values are refused at write. */
struct axidma_param {
	unsigned int val;
	unsigned int min;
	unsigned int max;
};

static int axidma_param_set(const char *s, const struct kernel_param *kp)
{
	struct axidma_param *p = kp->arg;
	unsigned int v;
	int ret;

	ret = kstrtouint(s, 0, &v);
	if (ret)
		return ret;
	if (v < p->min || v > p->max)
		return -ERANGE;
	WRITE_ONCE(p->val, v);
	return 0;
}

static int axidma_param_get(char *buf, const struct kernel_param *kp)
{
	struct axidma_param *p = kp->arg;

	return sysfs_emit(buf, "%u\n", READ_ONCE(p->val));
}

static const struct kernel_param_ops axidma_param_ops = {
	.set = axidma_param_set,
	.get = axidma_param_get,
};

static struct axidma_param buf_count = { 4, 0, AXIDMA_MAX_BUFFERS };
module_param_cb(buf_count, &axidma_param_ops, &buf_count, 0644);
MODULE_PARM_DESC(buf_count, "default number of buffers per channel (0-1024, default 4)");

static struct axidma_param buf_size = { SZ_1M, PAGE_SIZE, SZ_1G };
module_param_cb(buf_size, &axidma_param_ops, &buf_size, 0644);
MODULE_PARM_DESC(buf_size, "default buffer size in bytes (page size-1 GiB, default 1 MiB)");

static struct axidma_param timeout_ms = { 10000, 0, 3600000 };
module_param_cb(timeout_ms, &axidma_param_ops, &timeout_ms, 0644);
MODULE_PARM_DESC(timeout_ms, "default transfer timeout in ms (0: none, max 1 h, default 10000)");

static struct axidma_param mm2s_depth = { 1, 1, AXIDMA_MAX_DEPTH };
module_param_cb(mm2s_depth, &axidma_param_ops, &mm2s_depth, 0644);
MODULE_PARM_DESC(mm2s_depth, "memory-to-device transfers handed to the provider at once (1-255, default 1)");

static struct axidma_param s2mm_depth = { 1, 1, AXIDMA_MAX_DEPTH };
module_param_cb(s2mm_depth, &axidma_param_ops, &s2mm_depth, 0644);
MODULE_PARM_DESC(s2mm_depth, "device-to-memory transfers handed to the provider at once (1-255, default 1)");

static struct axidma_param queue_size = { 64, AXIDMA_QUEUE_MIN, AXIDMA_QUEUE_MAX };
module_param_cb(queue_size, &axidma_param_ops, &queue_size, 0444);
MODULE_PARM_DESC(queue_size, "transfers outstanding per channel, records included (4-4096, default 64)");

static dev_t axidma_devt;
static DEFINE_IDA(axidma_minors);

/**
 * struct axidma_xfer_state - driver-owned state of one transfer
 * @ch: the channel
 * @id: the transfer's id
 * @tag: user tag
 * @offset: offset in the buffer
 * @len: length in bytes
 * @addr: bus address of the first byte
 * @dir: direction
 * @buf: buffer index
 * @timeout_ns: timeout counted from the issue, 0: none
 * @deadline: CLOCK_MONOTONIC ns after which it has timed out, 0: none
 * @ts_submit: time of the submit
 * @ts_issue: time handed to the provider, 0 if never
 * @ts_complete: time the fate was known
 * @bytes: bytes moved
 * @status: AXIDMA_STATUS_*
 * @result: AXIDMA_RESULT_*
 * @error: 0 or negative errno
 *
 * Slots live in the channel's ring, indexed by id modulo the ring size. A
 * slot with done_id <= id < next_id is written only under the channel's
 * qlock; a slot with reap_id <= id < done_id (a completion record) is
 * stable and is read by the waiter holding the channel's wait_lock.
 */
struct axidma_xfer_state {
	struct axidma_chan *ch;
	u64 id;
	u64 tag;
	u64 offset;
	u64 len;
	dma_addr_t addr;
	enum dma_transfer_direction dir;
	u32 buf;
	u64 timeout_ns;
	u64 deadline;
	u64 ts_submit;
	u64 ts_issue;
	u64 ts_complete;
	u64 bytes;
	u32 status;
	u32 result;
	int error;
};

struct axidma_mem {
	void *cpu;
	dma_addr_t dma;
};

/**
 * struct axidma_bufset - one set of coherent buffers of a channel
 * @ref: references: the channel while it is its current set, each VMA
 * @mapcount: VMAs mapping the set
 * @ch: the channel (a device reference and a dchan_ref are held)
 * @dma_dev: the device the memory was allocated on
 * @count: number of buffers
 * @size: size of each buffer, page aligned
 * @mem: the buffers
 */
struct axidma_bufset {
	struct kref ref;
	atomic_t mapcount;
	struct axidma_chan *ch;
	struct device *dma_dev;
	u32 count;
	size_t size;
	struct axidma_mem mem[];
};

struct axidma_file;

/**
 * struct axidma_chan - one DMA channel and its character device
 * @dev: the class device; its refcount is the lifetime of this structure
 * @cdev: the character device
 * @minor: the minor number, -1 if none
 * @name: dma-name
 * @client: client name
 * @dchan: the dmaengine channel; valid while @dchan_ref is not zero
 * @dchan_ref: holders of @dchan: the bound device and each buffer set
 * @dma_dev: the device that does the DMA (dmaengine_get_dma_device())
 * @directions: AXIDMA_DIR_* bits
 * @direction: default AXIDMA_DIR_* bit, 0 none (@lock)
 * @residue: AXIDMA_RESIDUE_*
 * @caps: AXIDMA_CAP_* bits that depend only on the provider
 * @max_len: longest transfer
 * @align: required offset alignment in bytes
 * @addr_width: bits of DMA address, 0 unknown
 * @queue_size: ring size
 * @lock: mutex serialising configuration, ownership, submit, mmap, stop
 *	and removal. Taken by mmap() under the mm's mmap_lock, so no user
 *	memory is touched while holding it.
 * @wait_lock: serialises the reading of completion records by WAIT (which
 *	copies them to user memory, so it cannot be @lock)
 * @owner: the owning file (@lock)
 * @bufs: the current buffer set or NULL (@lock)
 * @buf_count: configured number of buffers (@lock)
 * @buf_size: configured buffer size (@lock)
 * @timeout_work: enforces the transfer deadlines (process context)
 * @wq: waiters for completion records, poll
 * @qlock: spinlock (taken from the dmaengine callback, any context) for
 *	the fields below and the in-flight slots of @ring. Lock order:
 *	@lock, then @qlock, then the provider's own locks (prep, submit and
 *	issue_pending are called with @qlock held, as the dmaengine API
 *	allows from atomic context).
 * @ring: per-transfer state, @queue_size slots
 * @next_id: id of the next submitted transfer (@qlock)
 * @issue_id: transfers below it were handed to the provider (@qlock)
 * @done_id: transfers below it have a fate (@qlock)
 * @reap_id: records below it were read by the owner (@qlock)
 *	reap_id <= done_id <= issue_id <= next_id.
 * @gone: the device was removed (written under @lock and @qlock)
 * @stopping: a stop is in progress, do not issue (@qlock)
 * @depth: transfers handed to the provider at once (@qlock)
 * @timeout_ns: default transfer timeout (@qlock)
 * @armed: deadline the timeout work is armed for, 0 none (@qlock)
 * @error_state: the last transfer ended badly (@qlock)
 * @last_error: errno of the last bad end since stop/owner change (@qlock)
 * @cnt_submitted: counters, saturating at U64_MAX (@qlock)
 * @cnt_done: see @cnt_submitted
 * @cnt_errors: see @cnt_submitted
 * @cnt_timeouts: see @cnt_submitted
 * @cnt_aborted: see @cnt_submitted
 * @cnt_bytes: see @cnt_submitted
 */
struct axidma_chan {
	struct device dev;
	struct cdev cdev;
	int minor;
	char name[AXIDMA_NAME_SIZE];
	char client[AXIDMA_NAME_SIZE];

	struct dma_chan *dchan;
	struct kref dchan_ref;
	struct device *dma_dev;
	u32 directions;
	u32 direction;
	u32 residue;
	u64 caps;
	u64 max_len;
	u32 align;
	u32 addr_width;
	u32 queue_size;

	struct mutex lock; /* configuration, ownership */
	struct mutex wait_lock; /* reading of records */
	struct axidma_file *owner;
	struct axidma_bufset *bufs;
	u32 buf_count;
	u64 buf_size;
	struct delayed_work timeout_work;
	wait_queue_head_t wq;

	spinlock_t qlock; /* the queue, also from the callback */
	struct axidma_xfer_state *ring;
	u64 next_id;
	u64 issue_id;
	u64 done_id;
	u64 reap_id;
	bool gone;
	bool stopping;
	u32 depth;
	u64 timeout_ns;
	u64 armed;
	bool error_state;
	int last_error;
	u64 cnt_submitted;
	u64 cnt_done;
	u64 cnt_errors;
	u64 cnt_timeouts;
	u64 cnt_aborted;
	u64 cnt_bytes;
};

/**
 * struct axidma_file - one open file of a channel
 * @ch: the channel (a device reference is held)
 * @owner: this file owns the channel (opened for writing)
 */
struct axidma_file {
	struct axidma_chan *ch;
	bool owner;
};

/**
 * struct axidma_client - one bound client device
 * @nchans: number of channels
 * @chans: the channels
 */
struct axidma_client {
	unsigned int nchans;
	struct axidma_chan *chans[];
};

static void axidma_add_sat(u64 *c, u64 v)
{
	*c = *c > U64_MAX - v ? U64_MAX : *c + v;
}

static struct axidma_xfer_state *axidma_slot(struct axidma_chan *ch, u64 id)
{
	return &ch->ring[do_div(id, ch->queue_size)];
}

/* ---- buffers ---------------------------------------------------------- */

static void axidma_dchan_release(struct kref *ref)
{
	struct axidma_chan *ch = container_of(ref, struct axidma_chan,
					      dchan_ref);

	dma_release_channel(ch->dchan);
	ch->dchan = NULL;
}

static void axidma_bufset_release(struct kref *ref)
{
	struct axidma_bufset *b = container_of(ref, struct axidma_bufset, ref);
	struct axidma_chan *ch = b->ch;
	u32 i;

	for (i = 0; i < b->count; i++)
		if (b->mem[i].cpu)
			dma_free_coherent(b->dma_dev, b->size, b->mem[i].cpu,
					  b->mem[i].dma);
	kfree(b);
	kref_put(&ch->dchan_ref, axidma_dchan_release);
	put_device(&ch->dev);
}

static void axidma_bufset_put(struct axidma_bufset *b)
{
	if (b)
		kref_put(&b->ref, axidma_bufset_release);
}

/* Allocates the configured buffer set if there is none. @lock held. */
static int axidma_bufs_get(struct axidma_chan *ch)
{
	struct axidma_bufset *b;
	u32 i;

	if (ch->bufs)
		return 0;
	if (!ch->buf_count)
		return -ENOBUFS;

	b = kzalloc(struct_size(b, mem, ch->buf_count), GFP_KERNEL);
	if (!b)
		return -ENOMEM;
	kref_init(&b->ref);
	atomic_set(&b->mapcount, 0);
	b->ch = ch;
	b->dma_dev = ch->dma_dev;
	b->count = ch->buf_count;
	b->size = ch->buf_size;
	get_device(&ch->dev);
	kref_get(&ch->dchan_ref);

	/* dma_alloc_coherent() returns zeroed memory. */
	for (i = 0; i < b->count; i++) {
		b->mem[i].cpu = dma_alloc_coherent(b->dma_dev, b->size,
						   &b->mem[i].dma,
						   GFP_KERNEL | __GFP_NOWARN);
		if (!b->mem[i].cpu) {
			dev_warn_ratelimited(&ch->dev,
					     "cannot allocate %u buffers of %zu bytes\n",
					     b->count, b->size);
			axidma_bufset_put(b);
			return -ENOMEM;
		}
	}
	ch->bufs = b;
	return 0;
}

static void axidma_bufs_drop(struct axidma_chan *ch)
{
	axidma_bufset_put(ch->bufs);
	ch->bufs = NULL;
}

static void axidma_vm_open(struct vm_area_struct *vma)
{
	struct axidma_bufset *b = vma->vm_private_data;

	kref_get(&b->ref);
	atomic_inc(&b->mapcount);
}

static void axidma_vm_close(struct vm_area_struct *vma)
{
	struct axidma_bufset *b = vma->vm_private_data;

	atomic_dec(&b->mapcount);
	axidma_bufset_put(b);
}

static const struct vm_operations_struct axidma_vm_ops = {
	.open = axidma_vm_open,
	.close = axidma_vm_close,
};

/* ---- transfers -------------------------------------------------------- */

/* Records the fate of the oldest transfer without one. @qlock held. */
static void axidma_complete_locked(struct axidma_chan *ch, u32 status,
				   u32 result, int error, u64 bytes)
{
	struct axidma_xfer_state *x = axidma_slot(ch, ch->done_id);

	x->status = status;
	x->result = result;
	x->error = error;
	x->bytes = bytes;
	x->ts_complete = ktime_get_ns();
	ch->done_id++;
	if (ch->issue_id < ch->done_id)
		ch->issue_id = ch->done_id;

	switch (status) {
	case AXIDMA_STATUS_DONE:
		axidma_add_sat(&ch->cnt_done, 1);
		axidma_add_sat(&ch->cnt_bytes, bytes);
		ch->error_state = false;
		return;
	case AXIDMA_STATUS_ERROR:
		axidma_add_sat(&ch->cnt_errors, 1);
		break;
	case AXIDMA_STATUS_TIMEDOUT:
		axidma_add_sat(&ch->cnt_timeouts, 1);
		break;
	default:
		axidma_add_sat(&ch->cnt_aborted, 1);
		return;
	}
	ch->error_state = true;
	ch->last_error = error;
}

static void axidma_arm_locked(struct axidma_chan *ch, u64 deadline, u64 now)
{
	u64 delay;

	if (!deadline || (ch->armed && ch->armed <= deadline))
		return;
	ch->armed = deadline;
	delay = nsecs_to_jiffies(deadline > now ? deadline - now : 0) + 1;
	mod_delayed_work(system_wq, &ch->timeout_work,
			 min_t(u64, delay, AXIDMA_TIMER_MAX_DELAY));
}

static void axidma_dma_callback(void *param,
				const struct dmaengine_result *res);

/*
 * Hands queued transfers to the provider, up to the depth. Called with
 * @qlock held, from process context or from the dmaengine callback.
 */
static void axidma_issue_locked(struct axidma_chan *ch)
{
	struct dma_async_tx_descriptor *desc;
	struct axidma_xfer_state *x;
	bool issued = false;
	dma_cookie_t cookie;
	u64 now;

	while (!ch->stopping && !ch->gone && ch->issue_id < ch->next_id &&
	       ch->issue_id - ch->done_id < ch->depth) {
		x = axidma_slot(ch, ch->issue_id);
		desc = dmaengine_prep_slave_single(ch->dchan, x->addr, x->len,
						   x->dir,
						   DMA_PREP_INTERRUPT |
						   DMA_CTRL_ACK);
		if (desc) {
			desc->callback_result = axidma_dma_callback;
			desc->callback_param = x;
			cookie = dmaengine_submit(desc);
			if (dma_submit_error(cookie))
				desc = NULL;
		}
		if (!desc) {
			/*
			 * The provider is out of descriptors: retry when one
			 * of ours in flight ends; with none, fail this one.
			 */
			if (ch->issue_id != ch->done_id)
				break;
			dev_dbg_ratelimited(&ch->dev,
					    "provider refused transfer %llu\n",
					    x->id);
			axidma_complete_locked(ch, AXIDMA_STATUS_ERROR,
					       AXIDMA_RESULT_NONE, -ENOMEM, 0);
			continue;
		}
		now = ktime_get_ns();
		x->ts_issue = now;
		x->deadline = 0;
		if (x->timeout_ns && x->timeout_ns <= U64_MAX - now)
			x->deadline = now + x->timeout_ns;
		axidma_arm_locked(ch, x->deadline, now);
		ch->issue_id++;
		issued = true;
	}
	if (issued)
		dma_async_issue_pending(ch->dchan);
}

static void axidma_dma_callback(void *param,
				const struct dmaengine_result *res)
{
	struct axidma_xfer_state *x = param;
	struct axidma_chan *ch = x->ch;
	u32 status, result;
	unsigned long flags;
	u64 bytes = 0;
	int error;

	spin_lock_irqsave(&ch->qlock, flags);
	if (x->id != ch->done_id || ch->done_id >= ch->issue_id) {
		spin_unlock_irqrestore(&ch->qlock, flags);
		dev_warn_ratelimited(&ch->dev,
				     "unexpected completion of transfer %llu\n",
				     x->id);
		return;
	}

	result = res ? res->result : DMA_TRANS_NOERROR;
	if (res && res->residue < x->len)
		bytes = x->len - res->residue;
	switch (result) {
	case DMA_TRANS_NOERROR:
		status = AXIDMA_STATUS_DONE;
		result = AXIDMA_RESULT_NOERROR;
		error = 0;
		break;
	case DMA_TRANS_ABORTED:
		status = AXIDMA_STATUS_ABORTED;
		result = AXIDMA_RESULT_ABORTED;
		error = -ECANCELED;
		bytes = 0;
		break;
	case DMA_TRANS_READ_FAILED:
		status = AXIDMA_STATUS_ERROR;
		result = AXIDMA_RESULT_READ_FAILED;
		error = -EIO;
		break;
	case DMA_TRANS_WRITE_FAILED:
		status = AXIDMA_STATUS_ERROR;
		result = AXIDMA_RESULT_WRITE_FAILED;
		error = -EIO;
		break;
	default:
		status = AXIDMA_STATUS_ERROR;
		result = AXIDMA_RESULT_NONE;
		error = -EIO;
		break;
	}
	axidma_complete_locked(ch, status, result, error, bytes);
	axidma_issue_locked(ch);
	spin_unlock_irqrestore(&ch->qlock, flags);
	wake_up_interruptible_all(&ch->wq);
}

/*
 * Stops the channel: the provider drops everything (terminate_sync, so no
 * callback runs afterwards), every transfer that was in flight gets its
 * fate (timed out if its deadline passed, else aborted with @why), and,
 * with @all, so does every queued one; otherwise the queued ones are
 * issued again. Process context, @lock held, the dmaengine channel held.
 */
static void axidma_stop(struct axidma_chan *ch, bool all, int why)
{
	struct axidma_xfer_state *x;
	u64 now;

	spin_lock_irq(&ch->qlock);
	ch->stopping = true;
	spin_unlock_irq(&ch->qlock);

	dmaengine_terminate_sync(ch->dchan);

	spin_lock_irq(&ch->qlock);
	now = ktime_get_ns();
	while (ch->done_id < ch->issue_id) {
		x = axidma_slot(ch, ch->done_id);
		if (x->deadline && x->deadline <= now)
			axidma_complete_locked(ch, AXIDMA_STATUS_TIMEDOUT,
					       AXIDMA_RESULT_NONE, -ETIMEDOUT,
					       0);
		else
			axidma_complete_locked(ch, AXIDMA_STATUS_ABORTED,
					       AXIDMA_RESULT_NONE, why, 0);
	}
	while (all && ch->done_id < ch->next_id)
		axidma_complete_locked(ch, AXIDMA_STATUS_ABORTED,
				       AXIDMA_RESULT_NONE, why, 0);
	if (all) {
		ch->error_state = false;
		ch->last_error = 0;
	}
	ch->stopping = false;
	axidma_issue_locked(ch);
	spin_unlock_irq(&ch->qlock);
	wake_up_interruptible_all(&ch->wq);
}

static void axidma_timeout_work(struct work_struct *work)
{
	struct axidma_chan *ch = container_of(to_delayed_work(work),
					      struct axidma_chan,
					      timeout_work);
	struct axidma_xfer_state *x;
	bool expired = false;
	u64 id, now, next = 0;

	mutex_lock(&ch->lock);
	if (ch->gone)
		goto out;

	spin_lock_irq(&ch->qlock);
	now = ktime_get_ns();
	ch->armed = 0;
	for (id = ch->done_id; id < ch->issue_id; id++) {
		x = axidma_slot(ch, id);
		if (!x->deadline)
			continue;
		if (x->deadline <= now)
			expired = true;
		else if (!next || x->deadline < next)
			next = x->deadline;
	}
	if (!expired)
		axidma_arm_locked(ch, next, now);
	spin_unlock_irq(&ch->qlock);

	if (expired) {
		dev_dbg(&ch->dev, "transfer timed out, stopping the channel\n");
		/* Re-issues what is queued, which re-arms the work. */
		axidma_stop(ch, false, -ECANCELED);
		spin_lock_irq(&ch->qlock);
		now = ktime_get_ns();
		for (id = ch->done_id; id < ch->issue_id; id++)
			axidma_arm_locked(ch, axidma_slot(ch, id)->deadline,
					  now);
		spin_unlock_irq(&ch->qlock);
	}
out:
	mutex_unlock(&ch->lock);
}

/* ---- ioctls ----------------------------------------------------------- */

static bool axidma_zero(const u64 *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

static void axidma_fill_info(struct axidma_file *f, struct axidma_info *i)
{
	struct axidma_chan *ch = f->ch;

	memset(i, 0, sizeof(*i));
	i->abi_version = AXIDMA_ABI_VERSION;
	i->directions = ch->directions;
	i->caps = ch->caps;
	if (capable(CAP_SYS_ADMIN))
		i->caps |= AXIDMA_CAP_DMA_ADDR;
	if (f->owner)
		i->caps |= AXIDMA_CAP_OWNER;
	i->max_xfer_len = ch->max_len;
	i->align = ch->align;
	i->addr_width = ch->addr_width;
	i->residue_granularity = ch->residue;
	i->buf_count = ch->buf_count;
	i->buf_size = ch->buf_size;
	i->buf_stride = ch->buf_size;
	i->buf_count_max = AXIDMA_MAX_BUFFERS;
	i->queue_size = ch->queue_size;
	i->buf_size_max = AXIDMA_BUF_SIZE_MAX;
	i->depth_max = AXIDMA_MAX_DEPTH;
	spin_lock_irq(&ch->qlock);
	i->depth = ch->depth;
	i->timeout_ns = ch->timeout_ns;
	spin_unlock_irq(&ch->qlock);
	strscpy(i->name, ch->name, sizeof(i->name));
	strscpy(i->client, ch->client, sizeof(i->client));
	i->direction = ch->direction;
}

static void axidma_fill_status(struct axidma_chan *ch, struct axidma_status *s)
{
	memset(s, 0, sizeof(*s));
	if (ch->owner)
		s->flags |= AXIDMA_STATUS_OWNED;
	if (ch->bufs && atomic_read(&ch->bufs->mapcount))
		s->flags |= AXIDMA_STATUS_MAPPED;
	spin_lock_irq(&ch->qlock);
	if (ch->error_state)
		s->state = AXIDMA_STATE_ERROR;
	else if (ch->done_id != ch->next_id)
		s->state = AXIDMA_STATE_RUNNING;
	else
		s->state = AXIDMA_STATE_IDLE;
	s->queued = ch->next_id - ch->issue_id;
	s->in_flight = ch->issue_id - ch->done_id;
	s->completed = ch->done_id - ch->reap_id;
	s->last_error = ch->last_error;
	s->next_id = ch->next_id;
	s->submitted = ch->cnt_submitted;
	s->done = ch->cnt_done;
	s->errors = ch->cnt_errors;
	s->timeouts = ch->cnt_timeouts;
	s->aborted = ch->cnt_aborted;
	s->bytes = ch->cnt_bytes;
	spin_unlock_irq(&ch->qlock);
}

static int axidma_get_buffer(struct axidma_chan *ch, struct axidma_buffer *b)
{
	if (b->flags || b->offset || b->size || b->dma_addr ||
	    !axidma_zero(b->reserved, ARRAY_SIZE(b->reserved)))
		return -EINVAL;
	if (b->index >= ch->buf_count)
		return -EINVAL;
	b->offset = (u64)b->index * ch->buf_size;
	b->size = ch->buf_size;
	if (ch->bufs && capable(CAP_SYS_ADMIN))
		b->dma_addr = ch->bufs->mem[b->index].dma;
	return 0;
}

static bool axidma_busy(struct axidma_chan *ch)
{
	bool busy;

	spin_lock_irq(&ch->qlock);
	busy = ch->done_id != ch->next_id;
	spin_unlock_irq(&ch->qlock);
	return busy;
}

static int axidma_set_buffers(struct axidma_chan *ch,
			      const struct axidma_buffers *ub)
{
	struct axidma_buffers b = *ub;
	u64 size;

	if (b.flags & ~AXIDMA_BUFFERS_VALID_FLAGS ||
	    !axidma_zero(b.reserved, ARRAY_SIZE(b.reserved)))
		return -EINVAL;
	if (b.count > AXIDMA_MAX_BUFFERS)
		return -EINVAL;
	size = b.size;
	if (b.count) {
		if (!size || size > AXIDMA_BUF_SIZE_MAX)
			return -EINVAL;
		size = PAGE_ALIGN(size);
	}

	if (axidma_busy(ch))
		return -EBUSY;
	if (ch->bufs && atomic_read(&ch->bufs->mapcount))
		return -EBUSY;

	axidma_bufs_drop(ch);
	ch->buf_count = b.count;
	if (b.count)
		ch->buf_size = size;
	if (!b.count)
		return 0;
	return axidma_bufs_get(ch);
}

static int axidma_set_config(struct axidma_chan *ch,
			     const struct axidma_config *uc)
{
	struct axidma_config c = *uc;

	if (c.flags & ~AXIDMA_CONFIG_VALID_FLAGS ||
	    !axidma_zero(c.reserved, ARRAY_SIZE(c.reserved)))
		return -EINVAL;
	if (c.flags & AXIDMA_CONFIG_DEPTH) {
		if (c.depth < 1 || c.depth > AXIDMA_MAX_DEPTH)
			return -EINVAL;
	} else if (c.depth) {
		return -EINVAL;
	}
	if (!(c.flags & AXIDMA_CONFIG_TIMEOUT) && c.timeout_ns)
		return -EINVAL;
	if (c.reserved0 || (!(c.flags & AXIDMA_CONFIG_DIRECTION) && c.direction))
		return -EINVAL;
	if (c.flags & AXIDMA_CONFIG_DIRECTION &&
	    (hweight32(c.direction) != 1 || c.direction & ~ch->directions))
		return -EINVAL;

	if (c.flags & AXIDMA_CONFIG_DIRECTION)
		ch->direction = c.direction;

	spin_lock_irq(&ch->qlock);
	if (c.flags & AXIDMA_CONFIG_DEPTH)
		ch->depth = c.depth;
	if (c.flags & AXIDMA_CONFIG_TIMEOUT)
		ch->timeout_ns = c.timeout_ns;
	axidma_issue_locked(ch);
	spin_unlock_irq(&ch->qlock);
	wake_up_interruptible_all(&ch->wq);
	return 0;
}

static int axidma_check_xfer(struct axidma_chan *ch, const struct axidma_xfer *u,
			     enum dma_transfer_direction *dir)
{
	const struct axidma_bufset *b = ch->bufs;
	u64 dirflags = u->flags & (AXIDMA_XFER_MEM_TO_DEV |
				   AXIDMA_XFER_DEV_TO_MEM);

	if (u->flags & ~AXIDMA_XFER_VALID_FLAGS ||
	    !axidma_zero(u->reserved, ARRAY_SIZE(u->reserved)))
		return -EINVAL;
	if (!(u->flags & AXIDMA_XFER_TIMEOUT) && u->timeout_ns)
		return -EINVAL;
	if (u->buf >= b->count || !u->length || u->length > ch->max_len ||
	    u->offset > b->size || u->length > b->size - u->offset ||
	    !IS_ALIGNED(u->offset, ch->align))
		return -EINVAL;

	if (!dirflags) {
		if (ch->direction == AXIDMA_DIR_MEM_TO_DEV)
			dirflags = AXIDMA_XFER_MEM_TO_DEV;
		else if (ch->direction == AXIDMA_DIR_DEV_TO_MEM)
			dirflags = AXIDMA_XFER_DEV_TO_MEM;
	}
	if (dirflags == AXIDMA_XFER_MEM_TO_DEV &&
	    (ch->directions & AXIDMA_DIR_MEM_TO_DEV))
		*dir = DMA_MEM_TO_DEV;
	else if (dirflags == AXIDMA_XFER_DEV_TO_MEM &&
		 (ch->directions & AXIDMA_DIR_DEV_TO_MEM))
		*dir = DMA_DEV_TO_MEM;
	else
		return -EINVAL;
	return 0;
}

/*
 * Queues the transfers @u[0..s->count) (copied in by the caller, with no
 * lock held). @lock held.
 */
static int axidma_submit(struct axidma_chan *ch, struct axidma_submit *s,
			 const struct axidma_xfer *u,
			 enum dma_transfer_direction *dirs)
{
	struct axidma_xfer_state *x;
	u32 i, n, room;
	u64 now, dflt;
	int ret;

	ret = axidma_bufs_get(ch);
	if (ret)
		return ret;

	/* Every entry is checked, also those the queue has no room for. */
	s->error_index = s->count;
	for (i = 0; i < s->count; i++) {
		if (axidma_check_xfer(ch, &u[i], &dirs[i])) {
			s->error_index = i;
			return -EINVAL;
		}
	}

	spin_lock_irq(&ch->qlock);
	room = ch->queue_size - (u32)(ch->next_id - ch->reap_id);
	spin_unlock_irq(&ch->qlock);
	/* Only this function, under @lock, makes the room smaller. */
	if (!room)
		return -EAGAIN;
	n = min(s->count, room);

	spin_lock_irq(&ch->qlock);
	now = ktime_get_ns();
	dflt = ch->timeout_ns;
	s->first_id = ch->next_id;
	for (i = 0; i < n; i++) {
		x = axidma_slot(ch, ch->next_id);
		memset(x, 0, sizeof(*x));
		x->ch = ch;
		x->id = ch->next_id;
		x->tag = u[i].tag;
		x->offset = u[i].offset;
		x->len = u[i].length;
		x->buf = u[i].buf;
		x->addr = ch->bufs->mem[x->buf].dma + x->offset;
		x->dir = dirs[i];
		x->timeout_ns = u[i].flags & AXIDMA_XFER_TIMEOUT ?
				u[i].timeout_ns : dflt;
		x->ts_submit = now;
		ch->next_id++;
		axidma_add_sat(&ch->cnt_submitted, 1);
	}
	axidma_issue_locked(ch);
	spin_unlock_irq(&ch->qlock);
	wake_up_interruptible_all(&ch->wq);
	s->submitted = n;
	return 0;
}

/* SUBMIT: user memory is only touched without @lock (mmap takes it). */
static int axidma_ioctl_submit(struct axidma_chan *ch, void __user *argp)
{
	enum dma_transfer_direction *dirs = NULL;
	struct axidma_xfer *u = NULL;
	struct axidma_submit s;
	int ret;

	if (copy_from_user(&s, argp, sizeof(s)))
		return -EFAULT;
	if (s.flags & ~AXIDMA_SUBMIT_VALID_FLAGS || s.submitted ||
	    s.error_index || s.first_id ||
	    !axidma_zero(s.reserved, ARRAY_SIZE(s.reserved)))
		return -EINVAL;
	if (!s.count || s.count > ch->queue_size)
		return -EINVAL;

	u = kvmalloc_array(s.count, sizeof(*u), GFP_KERNEL);
	dirs = kvmalloc_array(s.count, sizeof(*dirs), GFP_KERNEL);
	if (!u || !dirs) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(u, u64_to_user_ptr(s.xfers),
			   array_size(s.count, sizeof(*u)))) {
		ret = -EFAULT;
		goto out;
	}

	mutex_lock(&ch->lock);
	ret = ch->gone ? -ENODEV : axidma_submit(ch, &s, u, dirs);
	mutex_unlock(&ch->lock);
	if ((!ret || ret == -EINVAL) && copy_to_user(argp, &s, sizeof(s)))
		ret = -EFAULT;
out:
	kvfree(dirs);
	kvfree(u);
	return ret;
}

static bool axidma_wait_ready(struct axidma_chan *ch, u32 flags, u64 id)
{
	unsigned long irqflags;
	bool ready;

	spin_lock_irqsave(&ch->qlock, irqflags);
	if (ch->gone)
		ready = true;
	else if (flags & AXIDMA_WAIT_ID)
		ready = ch->done_id > id;
	else
		ready = ch->reap_id < ch->done_id;
	spin_unlock_irqrestore(&ch->qlock, irqflags);
	return ready;
}

static void axidma_fill_record(const struct axidma_xfer_state *x,
			       struct axidma_completion *c)
{
	memset(c, 0, sizeof(*c));
	c->id = x->id;
	c->tag = x->tag;
	c->offset = x->offset;
	c->length = x->len;
	c->bytes = x->bytes;
	c->ts_submit = x->ts_submit;
	c->ts_issue = x->ts_issue;
	c->ts_complete = x->ts_complete;
	c->buf = x->buf;
	c->status = x->status;
	c->result = x->result;
	c->error = x->error;
}

/*
 * Sleeps until axidma_wait_ready(), with a time limit until @end
 * (CLOCK_MONOTONIC) if AXIDMA_WAIT_TIMEOUT. -EINTR on a signal when there
 * is a time limit (a restart would start it again), else -ERESTARTSYS.
 */
static int axidma_wait_block(struct axidma_chan *ch, const struct axidma_wait *w,
			     ktime_t end)
{
	ktime_t limit;
	int ret;

	if (!(w->flags & AXIDMA_WAIT_TIMEOUT))
		return wait_event_interruptible(ch->wq,
						axidma_wait_ready(ch, w->flags,
								  w->id));

	limit = ktime_sub(end, ktime_get());
	if (limit < 0)
		limit = 0;
	ret = wait_event_interruptible_hrtimeout(ch->wq,
						 axidma_wait_ready(ch, w->flags,
								   w->id),
						 limit);
	if (ret == -ETIME)
		return -ETIMEDOUT;
	return ret ? -EINTR : 0;
}

/* Called without @lock: it sleeps and copies to user memory. */
static int axidma_wait(struct file *file, struct axidma_chan *ch,
		       void __user *argp)
{
	struct axidma_completion __user *urec;
	struct axidma_completion rec;
	struct axidma_wait w;
	ktime_t end = 0;
	u32 i, n;
	int ret;

	if (copy_from_user(&w, argp, sizeof(w)))
		return -EFAULT;
	if (w.flags & ~AXIDMA_WAIT_VALID_FLAGS || w.count || w.reserved0 ||
	    !axidma_zero(w.reserved, ARRAY_SIZE(w.reserved)) ||
	    !w.max_records)
		return -EINVAL;
	if ((!(w.flags & AXIDMA_WAIT_ID) && w.id) ||
	    (!(w.flags & AXIDMA_WAIT_TIMEOUT) && w.timeout_ns))
		return -EINVAL;
	if (w.flags & AXIDMA_WAIT_TIMEOUT)
		end = ktime_add_safe(ktime_get(),
				     ns_to_ktime(min_t(u64, w.timeout_ns,
						       KTIME_MAX)));

again:
	spin_lock_irq(&ch->qlock);
	if (ch->gone)
		ret = -ENODEV;
	else if (w.flags & AXIDMA_WAIT_ID && w.id >= ch->next_id)
		ret = -EINVAL;
	else if (w.flags & AXIDMA_WAIT_ID && w.id < ch->reap_id)
		ret = -ENOENT;
	else if (!(w.flags & AXIDMA_WAIT_ID) && ch->reap_id == ch->next_id)
		ret = -ENODATA;	/* nothing will ever arrive */
	else
		ret = 0;
	spin_unlock_irq(&ch->qlock);
	if (ret)
		return ret;

	if (!axidma_wait_ready(ch, w.flags, w.id)) {
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = axidma_wait_block(ch, &w, end);
		if (ret)
			return ret;
	}

	mutex_lock(&ch->wait_lock);
	spin_lock_irq(&ch->qlock);
	if (ch->gone) {
		spin_unlock_irq(&ch->qlock);
		ret = -ENODEV;
		goto out;
	}
	n = min_t(u64, ch->done_id - ch->reap_id, w.max_records);
	if (!n || (w.flags & AXIDMA_WAIT_ID && w.id < ch->reap_id)) {
		/*
		 * Another waiter (a thread sharing the file) read the
		 * records that made this one ready: check and wait again.
		 */
		spin_unlock_irq(&ch->qlock);
		mutex_unlock(&ch->wait_lock);
		goto again;
	}
	spin_unlock_irq(&ch->qlock);

	/*
	 * Records below done_id are stable while @wait_lock is held: only
	 * this function consumes them, and a slot is reused only once
	 * consumed. They are consumed only once copied out.
	 */
	urec = u64_to_user_ptr(w.records);
	for (i = 0; i < n; i++) {
		axidma_fill_record(axidma_slot(ch, ch->reap_id + i), &rec);
		if (copy_to_user(&urec[i], &rec, sizeof(rec))) {
			ret = -EFAULT;
			goto out;
		}
	}
	w.count = n;
	if (copy_to_user(argp, &w, sizeof(w))) {
		ret = -EFAULT;
		goto out;
	}
	spin_lock_irq(&ch->qlock);
	ch->reap_id += n;
	spin_unlock_irq(&ch->qlock);
	wake_up_interruptible_all(&ch->wq);
	ret = 0;
out:
	mutex_unlock(&ch->wait_lock);
	return ret;
}

static long axidma_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct axidma_file *f = file->private_data;
	struct axidma_chan *ch = f->ch;
	void __user *argp = (void __user *)arg;
	union {
		struct axidma_info info;
		struct axidma_status status;
		struct axidma_buffer buffer;
		struct axidma_buffers buffers;
		struct axidma_config config;
	} u;
	size_t out = 0;
	long ret;

	/* User memory is copied only without @lock: mmap() takes it. */
	switch (cmd) {
	case AXIDMA_IOC_GET_INFO:
	case AXIDMA_IOC_GET_STATUS:
		break;
	case AXIDMA_IOC_GET_BUFFER:
		if (copy_from_user(&u.buffer, argp, sizeof(u.buffer)))
			return -EFAULT;
		break;
	case AXIDMA_IOC_SET_BUFFERS:
		if (!f->owner)
			return -EBADF;
		if (copy_from_user(&u.buffers, argp, sizeof(u.buffers)))
			return -EFAULT;
		break;
	case AXIDMA_IOC_SET_CONFIG:
		if (!f->owner)
			return -EBADF;
		if (copy_from_user(&u.config, argp, sizeof(u.config)))
			return -EFAULT;
		break;
	case AXIDMA_IOC_STOP:
		if (!f->owner)
			return -EBADF;
		break;
	case AXIDMA_IOC_SUBMIT:
		if (!f->owner)
			return -EBADF;
		return axidma_ioctl_submit(ch, argp);
	case AXIDMA_IOC_WAIT:
		if (!f->owner)
			return -EBADF;
		return axidma_wait(file, ch, argp);
	default:
		return -ENOTTY;
	}

	mutex_lock(&ch->lock);
	if (ch->gone) {
		ret = -ENODEV;
		goto out;
	}
	switch (cmd) {
	case AXIDMA_IOC_GET_INFO:
		axidma_fill_info(f, &u.info);
		out = sizeof(u.info);
		ret = 0;
		break;
	case AXIDMA_IOC_GET_STATUS:
		axidma_fill_status(ch, &u.status);
		out = sizeof(u.status);
		ret = 0;
		break;
	case AXIDMA_IOC_GET_BUFFER:
		ret = axidma_get_buffer(ch, &u.buffer);
		out = sizeof(u.buffer);
		break;
	case AXIDMA_IOC_SET_BUFFERS:
		ret = axidma_set_buffers(ch, &u.buffers);
		break;
	case AXIDMA_IOC_SET_CONFIG:
		ret = axidma_set_config(ch, &u.config);
		break;
	default: /* AXIDMA_IOC_STOP */
		axidma_stop(ch, true, -ECANCELED);
		ret = 0;
		break;
	}
out:
	mutex_unlock(&ch->lock);
	if (!ret && out && copy_to_user(argp, &u, out))
		ret = -EFAULT;
	return ret;
}

/* ---- file operations -------------------------------------------------- */

static int axidma_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct axidma_file *f = file->private_data;
	struct axidma_chan *ch = f->ch;
	unsigned long pgoff = vma->vm_pgoff, stride, idx;
	struct axidma_bufset *b;
	int ret;

	if (!f->owner)
		return -EACCES;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	/* DMA buffers hold data, never code: no PROT_EXEC, now or later. */
	if (vma->vm_flags & VM_EXEC)
		return -EPERM;

	mutex_lock(&ch->lock);
	if (ch->gone) {
		ret = -ENODEV;
		goto out;
	}
	ret = axidma_bufs_get(ch);
	if (ret)
		goto out;
	b = ch->bufs;
	stride = b->size >> PAGE_SHIFT;
	idx = pgoff / stride;
	if (idx >= b->count || vma_pages(vma) > stride - (pgoff - idx * stride)) {
		ret = -EINVAL;
		goto out;
	}

	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vm_flags_clear(vma, VM_MAYEXEC);
	vma->vm_pgoff = pgoff - idx * stride;	/* offset in the buffer */
	ret = dma_mmap_coherent(b->dma_dev, vma, b->mem[idx].cpu,
				b->mem[idx].dma, b->size);
	vma->vm_pgoff = pgoff;
	if (ret)
		goto out;
	vma->vm_private_data = b;
	vma->vm_ops = &axidma_vm_ops;
	axidma_vm_open(vma);
out:
	mutex_unlock(&ch->lock);
	return ret;
}

static __poll_t axidma_poll(struct file *file, poll_table *wait)
{
	struct axidma_file *f = file->private_data;
	struct axidma_chan *ch = f->ch;
	unsigned long flags;
	__poll_t mask = 0;

	poll_wait(file, &ch->wq, wait);

	spin_lock_irqsave(&ch->qlock, flags);
	if (ch->gone) {
		mask = EPOLLHUP | EPOLLERR;
	} else {
		if (ch->reap_id < ch->done_id)
			mask |= EPOLLIN | EPOLLRDNORM;
		if (f->owner && ch->next_id - ch->reap_id < ch->queue_size)
			mask |= EPOLLOUT | EPOLLWRNORM;
	}
	spin_unlock_irqrestore(&ch->qlock, flags);
	return mask;
}

static int axidma_open(struct inode *inode, struct file *file)
{
	struct axidma_chan *ch = container_of(inode->i_cdev,
					      struct axidma_chan, cdev);
	struct axidma_file *f;
	int ret = 0;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;

	mutex_lock(&ch->lock);
	if (ch->gone) {
		ret = -ENODEV;
	} else if (file->f_mode & FMODE_WRITE) {
		if (ch->owner)
			ret = -EBUSY;
		else
			ch->owner = f;
	}
	mutex_unlock(&ch->lock);
	if (ret) {
		kfree(f);
		return ret;
	}

	f->ch = ch;
	f->owner = ch->owner == f;
	get_device(&ch->dev);
	file->private_data = f;
	return nonseekable_open(inode, file);
}

static int axidma_release(struct inode *inode, struct file *file)
{
	struct axidma_file *f = file->private_data;
	struct axidma_chan *ch = f->ch;

	if (f->owner) {
		mutex_lock(&ch->lock);
		if (!ch->gone) {
			axidma_stop(ch, true, -ECANCELED);
			spin_lock_irq(&ch->qlock);
			ch->reap_id = ch->done_id;
			spin_unlock_irq(&ch->qlock);
			axidma_bufs_drop(ch);
		}
		ch->owner = NULL;
		mutex_unlock(&ch->lock);
	}
	put_device(&ch->dev);
	kfree(f);
	return 0;
}

static const struct file_operations axidma_fops = {
	.owner = THIS_MODULE,
	.open = axidma_open,
	.release = axidma_release,
	.unlocked_ioctl = axidma_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = axidma_mmap,
	.poll = axidma_poll,
};

/* ---- sysfs ------------------------------------------------------------ */

static struct axidma_chan *to_axidma_chan(struct device *dev)
{
	return container_of(dev, struct axidma_chan, dev);
}

static ssize_t name_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", to_axidma_chan(dev)->name);
}
static DEVICE_ATTR_RO(name);

static ssize_t client_show(struct device *dev, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "%s\n", to_axidma_chan(dev)->client);
}
static DEVICE_ATTR_RO(client);

static ssize_t directions_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	static const char * const names[] = {
		"none", "mem-to-dev", "dev-to-mem", "both",
	};

	return sysfs_emit(buf, "%s\n", names[to_axidma_chan(dev)->directions & 3]);
}
static DEVICE_ATTR_RO(directions);

static ssize_t direction_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	static const char * const names[] = {
		"none", "mem-to-dev", "dev-to-mem", "both",
	};
	struct axidma_chan *ch = to_axidma_chan(dev);
	u32 d;

	mutex_lock(&ch->lock);
	d = ch->direction;
	mutex_unlock(&ch->lock);
	return sysfs_emit(buf, "%s\n", names[d & 3]);
}
static DEVICE_ATTR_RO(direction);

/* Read-only values fixed at probe or changed under @lock. */
#define AXIDMA_ATTR(_name, _fmt, _expr)					\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct axidma_chan *ch = to_axidma_chan(dev);			\
	ssize_t ret;							\
									\
	mutex_lock(&ch->lock);						\
	ret = sysfs_emit(buf, _fmt "\n", _expr);			\
	mutex_unlock(&ch->lock);					\
	return ret;							\
}									\
static DEVICE_ATTR_RO(_name)

/* Values under @qlock. */
#define AXIDMA_QATTR(_name, _fmt, _expr)				\
static ssize_t _name##_show(struct device *dev,				\
			    struct device_attribute *attr, char *buf)	\
{									\
	struct axidma_chan *ch = to_axidma_chan(dev);			\
	u64 v;								\
									\
	spin_lock_irq(&ch->qlock);					\
	v = (_expr);							\
	spin_unlock_irq(&ch->qlock);					\
	return sysfs_emit(buf, _fmt "\n", v);				\
}									\
static DEVICE_ATTR_RO(_name)

AXIDMA_ATTR(buffer_count, "%u", ch->buf_count);
AXIDMA_ATTR(buffer_size, "%llu", ch->buf_size);
AXIDMA_ATTR(buffers_allocated, "%d", ch->bufs ? 1 : 0);
AXIDMA_ATTR(owned, "%d", ch->owner ? 1 : 0);
AXIDMA_ATTR(max_transfer, "%llu", ch->max_len);
AXIDMA_ATTR(align, "%u", ch->align);
AXIDMA_ATTR(addr_width, "%u", ch->addr_width);
AXIDMA_ATTR(queue_size, "%u", ch->queue_size);
AXIDMA_QATTR(depth, "%llu", ch->depth);
AXIDMA_QATTR(timeout_ns, "%llu", ch->timeout_ns);
AXIDMA_QATTR(queued, "%llu", ch->next_id - ch->issue_id);
AXIDMA_QATTR(in_flight, "%llu", ch->issue_id - ch->done_id);
AXIDMA_QATTR(completed, "%llu", ch->done_id - ch->reap_id);
AXIDMA_QATTR(submitted, "%llu", ch->cnt_submitted);
AXIDMA_QATTR(done, "%llu", ch->cnt_done);
AXIDMA_QATTR(errors, "%llu", ch->cnt_errors);
AXIDMA_QATTR(timeouts, "%llu", ch->cnt_timeouts);
AXIDMA_QATTR(aborted, "%llu", ch->cnt_aborted);
AXIDMA_QATTR(bytes, "%llu", ch->cnt_bytes);

static ssize_t last_error_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	struct axidma_chan *ch = to_axidma_chan(dev);
	int err;

	spin_lock_irq(&ch->qlock);
	err = ch->last_error;
	spin_unlock_irq(&ch->qlock);
	return sysfs_emit(buf, "%d\n", err);
}
static DEVICE_ATTR_RO(last_error);

static ssize_t state_show(struct device *dev, struct device_attribute *attr,
			  char *buf)
{
	struct axidma_chan *ch = to_axidma_chan(dev);
	const char *s;

	spin_lock_irq(&ch->qlock);
	if (ch->error_state)
		s = "error";
	else if (ch->done_id != ch->next_id)
		s = "running";
	else
		s = "idle";
	spin_unlock_irq(&ch->qlock);
	return sysfs_emit(buf, "%s\n", s);
}
static DEVICE_ATTR_RO(state);

static struct attribute *axidma_attrs[] = {
	&dev_attr_name.attr,
	&dev_attr_client.attr,
	&dev_attr_directions.attr,
	&dev_attr_direction.attr,
	&dev_attr_buffer_count.attr,
	&dev_attr_buffer_size.attr,
	&dev_attr_buffers_allocated.attr,
	&dev_attr_owned.attr,
	&dev_attr_max_transfer.attr,
	&dev_attr_align.attr,
	&dev_attr_addr_width.attr,
	&dev_attr_queue_size.attr,
	&dev_attr_depth.attr,
	&dev_attr_timeout_ns.attr,
	&dev_attr_state.attr,
	&dev_attr_queued.attr,
	&dev_attr_in_flight.attr,
	&dev_attr_completed.attr,
	&dev_attr_submitted.attr,
	&dev_attr_done.attr,
	&dev_attr_errors.attr,
	&dev_attr_timeouts.attr,
	&dev_attr_aborted.attr,
	&dev_attr_bytes.attr,
	&dev_attr_last_error.attr,
	NULL
};
ATTRIBUTE_GROUPS(axidma);

static char *axidma_devnode(AXIDMA_DEVNODE_CONST struct device *dev,
			    umode_t *mode)
{
	const struct axidma_chan *ch = dev_get_drvdata(dev);

	return kasprintf(GFP_KERNEL, "axidma/%s/%s", ch->client, ch->name);
}

static struct class axidma_class = {
	.name = "axidma",
	.dev_groups = axidma_groups,
	.devnode = axidma_devnode,
};

/* ---- probe and remove ------------------------------------------------- */

static void axidma_chan_release(struct device *dev)
{
	struct axidma_chan *ch = to_axidma_chan(dev);

	if (ch->minor >= 0)
		ida_free(&axidma_minors, ch->minor);
	kfree(ch->ring);
	kfree(ch);
}

/* A name usable as a path component of the device node. */
static bool axidma_name_ok(const char *s)
{
	size_t len = strnlen(s, AXIDMA_NAME_SIZE);

	return len && len < AXIDMA_NAME_SIZE && !strchr(s, '/') &&
	       strcmp(s, ".") && strcmp(s, "..");
}

static void axidma_read_caps(struct axidma_chan *ch)
{
	struct dma_device *dd = ch->dchan->device;
	struct dma_slave_caps caps;
	u64 max = U32_MAX;

	ch->dma_dev = dmaengine_get_dma_device(ch->dchan);
	if (!dma_get_slave_caps(ch->dchan, &caps)) {
		if (caps.directions & BIT(DMA_MEM_TO_DEV))
			ch->directions |= AXIDMA_DIR_MEM_TO_DEV;
		if (caps.directions & BIT(DMA_DEV_TO_MEM))
			ch->directions |= AXIDMA_DIR_DEV_TO_MEM;
		if (caps.cmd_pause && caps.cmd_resume)
			ch->caps |= AXIDMA_CAP_PROVIDER_PAUSE;
		switch (caps.residue_granularity) {
		case DMA_RESIDUE_GRANULARITY_SEGMENT:
			ch->residue = AXIDMA_RESIDUE_SEGMENT;
			break;
		case DMA_RESIDUE_GRANULARITY_BURST:
			ch->residue = AXIDMA_RESIDUE_BURST;
			break;
		default:
			ch->residue = AXIDMA_RESIDUE_DESCRIPTOR;
			break;
		}
		if (ch->residue != AXIDMA_RESIDUE_DESCRIPTOR)
			ch->caps |= AXIDMA_CAP_BYTES_EXACT;
	}
	if (dma_has_cap(DMA_CYCLIC, dd->cap_mask))
		ch->caps |= AXIDMA_CAP_PROVIDER_CYCLIC;

	ch->align = 1U << min_t(u32, dd->copy_align, PAGE_SHIFT);
	/* Only a segment size the provider declared is a limit. */
	if (ch->dma_dev->dma_parms && ch->dma_dev->dma_parms->max_segment_size)
		max = min_t(u64, max, ch->dma_dev->dma_parms->max_segment_size);
	ch->max_len = round_down(max, ch->align);
	if (ch->dma_dev->dma_mask && *ch->dma_dev->dma_mask)
		ch->addr_width = fls64(dma_get_mask(ch->dma_dev));
}

struct axidma_defaults {
	u32 buf_count;
	u32 buf_size;
	u32 timeout_ms;
	u32 mm2s_depth;
	u32 s2mm_depth;
};

static struct axidma_chan *axidma_chan_create(struct device *parent,
					      const char *client,
					      const char *name,
					      const struct axidma_defaults *d)
{
	struct axidma_chan *ch;
	struct dma_chan *dchan;
	int ret;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->minor = -1;
	ch->queue_size = READ_ONCE(queue_size.val);
	ch->ring = kcalloc(ch->queue_size, sizeof(*ch->ring), GFP_KERNEL);
	if (!ch->ring) {
		kfree(ch);
		return ERR_PTR(-ENOMEM);
	}
	strscpy(ch->name, name, sizeof(ch->name));
	strscpy(ch->client, client, sizeof(ch->client));
	mutex_init(&ch->lock);
	mutex_init(&ch->wait_lock);
	spin_lock_init(&ch->qlock);
	init_waitqueue_head(&ch->wq);
	INIT_DELAYED_WORK(&ch->timeout_work, axidma_timeout_work);
	ch->next_id = 1;
	ch->issue_id = 1;
	ch->done_id = 1;
	ch->reap_id = 1;
	ch->buf_count = d->buf_count;
	ch->buf_size = PAGE_ALIGN(d->buf_size);
	ch->timeout_ns = (u64)d->timeout_ms * NSEC_PER_MSEC;

	device_initialize(&ch->dev);
	ch->dev.class = &axidma_class;
	ch->dev.parent = parent;
	ch->dev.release = axidma_chan_release;
	dev_set_drvdata(&ch->dev, ch);
	ret = dev_set_name(&ch->dev, "%s:%s", client, name);
	if (ret)
		goto err_put;

	dchan = dma_request_chan(parent, name);
	if (IS_ERR(dchan)) {
		ret = dev_err_probe(parent, PTR_ERR(dchan),
				    "cannot get DMA channel %s\n", name);
		goto err_put;
	}
	ch->dchan = dchan;
	kref_init(&ch->dchan_ref);

	axidma_read_caps(ch);
	if (!ch->directions) {
		dev_err(parent, "channel %s supports no slave direction\n",
			name);
		ret = -EINVAL;
		goto err_chan;
	}
	if (hweight32(ch->directions) == 1)
		ch->direction = ch->directions;
	ch->depth = ch->directions & AXIDMA_DIR_DEV_TO_MEM ?
		    d->s2mm_depth : d->mm2s_depth;

	ret = ida_alloc_max(&axidma_minors, AXIDMA_MAX_MINORS - 1, GFP_KERNEL);
	if (ret < 0)
		goto err_chan;
	ch->minor = ret;
	ch->dev.devt = MKDEV(MAJOR(axidma_devt), ch->minor);

	cdev_init(&ch->cdev, &axidma_fops);
	ch->cdev.owner = THIS_MODULE;
	ret = cdev_device_add(&ch->cdev, &ch->dev);
	if (ret) {
		dev_err(parent, "cannot add device for %s: %d\n", name, ret);
		goto err_chan;
	}
	dev_dbg(&ch->dev, "%s, max %llu bytes, align %u, depth %u\n",
		ch->directions == AXIDMA_DIR_DEV_TO_MEM ? "dev-to-mem" :
		ch->directions == AXIDMA_DIR_MEM_TO_DEV ? "mem-to-dev" : "both",
		ch->max_len, ch->align, ch->depth);
	return ch;

err_chan:
	kref_put(&ch->dchan_ref, axidma_dchan_release);
err_put:
	put_device(&ch->dev);
	return ERR_PTR(ret);
}

static void axidma_chan_destroy(struct axidma_chan *ch)
{
	cdev_device_del(&ch->cdev, &ch->dev);

	mutex_lock(&ch->lock);
	spin_lock_irq(&ch->qlock);
	ch->gone = true;
	spin_unlock_irq(&ch->qlock);
	axidma_stop(ch, true, -ENODEV);
	axidma_bufs_drop(ch);
	mutex_unlock(&ch->lock);
	wake_up_interruptible_all(&ch->wq);

	/* Not under @lock: the work takes it. Nothing re-arms once gone. */
	cancel_delayed_work_sync(&ch->timeout_work);
	kref_put(&ch->dchan_ref, axidma_dchan_release);
	put_device(&ch->dev);
}

static void axidma_read_defaults(struct device *dev, struct axidma_defaults *d)
{
	d->buf_count = READ_ONCE(buf_count.val);
	d->buf_size = READ_ONCE(buf_size.val);
	d->timeout_ms = READ_ONCE(timeout_ms.val);
	d->mm2s_depth = READ_ONCE(mm2s_depth.val);
	d->s2mm_depth = READ_ONCE(s2mm_depth.val);

	/* Properties override the parameters; out-of-range ones are ignored. */
	device_property_read_u32(dev, "axidma,buffer-count", &d->buf_count);
	device_property_read_u32(dev, "axidma,buffer-size", &d->buf_size);
	device_property_read_u32(dev, "axidma,timeout-ms", &d->timeout_ms);
	device_property_read_u32(dev, "axidma,mm2s-depth", &d->mm2s_depth);
	device_property_read_u32(dev, "axidma,s2mm-depth", &d->s2mm_depth);
	if (d->buf_count > AXIDMA_MAX_BUFFERS)
		d->buf_count = buf_count.val;
	if (d->buf_size < buf_size.min || d->buf_size > buf_size.max)
		d->buf_size = buf_size.val;
	if (d->timeout_ms > timeout_ms.max)
		d->timeout_ms = timeout_ms.val;
	if (!d->mm2s_depth || d->mm2s_depth > AXIDMA_MAX_DEPTH)
		d->mm2s_depth = mm2s_depth.val;
	if (!d->s2mm_depth || d->s2mm_depth > AXIDMA_MAX_DEPTH)
		d->s2mm_depth = s2mm_depth.val;
}

static void axidma_client_destroy(struct axidma_client *c)
{
	while (c->nchans)
		axidma_chan_destroy(c->chans[--c->nchans]);
}

static int axidma_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct axidma_defaults d;
	struct axidma_client *c;
	const char **names;
	const char *client;
	struct axidma_chan *ch;
	int n, i, ret;

	if (device_property_read_string(dev, "label", &client))
		client = dev_name(dev);
	if (!axidma_name_ok(client))
		return dev_err_probe(dev, -EINVAL, "bad client name \"%s\"\n",
				     client);

	n = device_property_string_array_count(dev, "dma-names");
	if (n <= 0)
		return dev_err_probe(dev, n ? n : -ENODEV, "no dma-names\n");

	names = kcalloc(n, sizeof(*names), GFP_KERNEL);
	c = devm_kzalloc(dev, struct_size(c, chans, n), GFP_KERNEL);
	if (!names || !c) {
		ret = -ENOMEM;
		goto out;
	}
	ret = device_property_read_string_array(dev, "dma-names", names, n);
	if (ret < 0)
		goto out;

	axidma_read_defaults(dev, &d);
	for (i = 0; i < n; i++) {
		if (!axidma_name_ok(names[i])) {
			ret = dev_err_probe(dev, -EINVAL,
					    "bad dma-name \"%s\"\n", names[i]);
			goto err;
		}
		ch = axidma_chan_create(dev, client, names[i], &d);
		if (IS_ERR(ch)) {
			ret = PTR_ERR(ch);
			goto err;
		}
		c->chans[c->nchans++] = ch;
	}
	platform_set_drvdata(pdev, c);
	ret = 0;
	goto out;

err:
	axidma_client_destroy(c);
out:
	kfree(names);
	return ret;
}

static AXIDMA_REMOVE_TYPE axidma_remove(struct platform_device *pdev)
{
	axidma_client_destroy(platform_get_drvdata(pdev));
	return AXIDMA_REMOVE_RET;
}

static const struct of_device_id axidma_of_match[] = {
	{ .compatible = "axidma,dma-client" },
	{ }
};
MODULE_DEVICE_TABLE(of, axidma_of_match);

static const struct platform_device_id axidma_id_table[] = {
	{ .name = "axidma" },
	{ }
};
MODULE_DEVICE_TABLE(platform, axidma_id_table);

static struct platform_driver axidma_driver = {
	.probe = axidma_probe,
	.remove = axidma_remove,
	.id_table = axidma_id_table,
	.driver = {
		.name = "axidma",
		.of_match_table = axidma_of_match,
	},
};

static int __init axidma_init(void)
{
	int ret;

	ret = alloc_chrdev_region(&axidma_devt, 0, AXIDMA_MAX_MINORS, "axidma");
	if (ret)
		return ret;
	ret = class_register(&axidma_class);
	if (ret)
		goto err_region;
	ret = platform_driver_register(&axidma_driver);
	if (ret)
		goto err_class;
	return 0;

err_class:
	class_unregister(&axidma_class);
err_region:
	unregister_chrdev_region(axidma_devt, AXIDMA_MAX_MINORS);
	return ret;
}
module_init(axidma_init);

static void __exit axidma_exit(void)
{
	platform_driver_unregister(&axidma_driver);
	class_unregister(&axidma_class);
	unregister_chrdev_region(axidma_devt, AXIDMA_MAX_MINORS);
	ida_destroy(&axidma_minors);
}
module_exit(axidma_exit);

MODULE_DESCRIPTION("Character devices for dmaengine slave channels (Xilinx AXI DMA)");
MODULE_LICENSE("GPL");
