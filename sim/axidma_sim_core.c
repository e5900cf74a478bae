// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated Xilinx AXI DMA: a dmaengine provider that behaves like the
 * mainline xilinx_dma driver on an AXI DMA IP whose MM2S stream loops back
 * into S2MM through a FIFO. See docs/sim.md for what it does and
 * ../shared/docs/sim-spec.md for why.
 *
 * Pieces:
 * - dmaengine callbacks (prep, submit, issue_pending, tx_status, terminate,
 *   synchronize), as the real driver does them;
 * - the "hardware": a data mover (a work item per engine) that runs the
 *   active buffer descriptors of both channels, moves bytes between memory
 *   and the loopback FIFO and raises IOC events;
 * - the simulated interrupt (irq_work, hardirq context) that applies the
 *   coalescing threshold and moves finished descriptors to the done list;
 * - the completion tasklet that calls the client callbacks.
 */

#include <linux/bitops.h>
#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/highmem.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/of_dma.h>
#include <linux/platform_device.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "axidma_sim_priv.h"

/**
 * struct axidma_sim_chunk - a piece of stream data in the loopback FIFO
 * @node: in eng->fifo
 * @len: bytes of data
 * @off: bytes already taken by S2MM
 * @last: TLAST follows the last byte
 * @data: the bytes
 *
 * Metadata is protected by eng->lock; @data is written before the chunk
 * is queued and read by the data mover only.
 */
struct axidma_sim_chunk {
	struct list_head node;
	u32 len;
	u32 off;
	bool last;
	u8 data[];
};

#define AXIDMA_SIM_CHUNK_ALLOC	4096
#define AXIDMA_SIM_CHUNK_DATA \
	(AXIDMA_SIM_CHUNK_ALLOC - offsetof(struct axidma_sim_chunk, data))
/* Steps the mover makes before it lets other work run. */
#define AXIDMA_SIM_MOVER_BUDGET	256

static struct workqueue_struct *axidma_sim_wq;

static inline struct axidma_sim_chan *to_sim_chan(struct dma_chan *c)
{
	return container_of(c, struct axidma_sim_chan, common);
}

static inline struct axidma_sim_desc *
to_sim_desc(struct dma_async_tx_descriptor *tx)
{
	return container_of(tx, struct axidma_sim_desc, tx);
}

static const char *sim_chan_name(struct axidma_sim_chan *chan)
{
	return chan->idx == AXIDMA_SIM_MM2S ? "mm2s" : "s2mm";
}

#ifdef AXIDMA_SIM_HAVE_KMAP_LOCAL
static inline void *sim_kmap(struct page *page)
{
	return kmap_local_page(page);
}

static inline void sim_kunmap(void *va)
{
	kunmap_local(va);
}
#else
/*
 * Before Linux 5.11: lowmem only (all 64-bit kernels). On a 32-bit kernel
 * with highmem a highmem buffer then gives a decode error.
 */
static inline void *sim_kmap(struct page *page)
{
	return PageHighMem(page) ? NULL : page_address(page);
}

static inline void sim_kunmap(void *va)
{
}
#endif

/*
 * Cookie helpers. The kernel's are in the private drivers/dma/dmaengine.h,
 * which out-of-tree providers cannot include. Callers hold eng->lock.
 */
static void sim_cookie_init(struct dma_chan *c)
{
	c->cookie = DMA_MIN_COOKIE;
	c->completed_cookie = DMA_MIN_COOKIE;
}

static dma_cookie_t sim_cookie_assign(struct dma_async_tx_descriptor *tx)
{
	struct dma_chan *c = tx->chan;
	dma_cookie_t cookie = c->cookie + 1;

	if (cookie < DMA_MIN_COOKIE)
		cookie = DMA_MIN_COOKIE;
	tx->cookie = cookie;
	c->cookie = cookie;
	return cookie;
}

static void sim_cookie_complete(struct dma_async_tx_descriptor *tx)
{
	tx->chan->completed_cookie = tx->cookie;
	tx->cookie = 0;
}

/* A client callback, copied out of a descriptor so it can be freed first. */
struct sim_callback {
	dma_async_tx_callback fn;
	dma_async_tx_callback_result fn_result;
	void *param;
};

static void sim_callback_get(struct axidma_sim_desc *desc,
			     struct sim_callback *cb)
{
	cb->fn = desc->tx.callback;
	cb->fn_result = desc->tx.callback_result;
	cb->param = desc->tx.callback_param;
}

static void sim_callback_invoke(struct sim_callback *cb,
				const struct dmaengine_result *result)
{
	static const struct dmaengine_result noerror = {
		.result = DMA_TRANS_NOERROR,
	};

	if (cb->fn_result)
		cb->fn_result(cb->param, result ? result : &noerror);
	else if (cb->fn)
		cb->fn(cb->param);
}

/* ---- memory access of the simulated bus master ---- */

/* Whether [addr, addr + len) is RAM the engine can address. */
static bool sim_range_ok(struct axidma_sim_engine *eng, dma_addr_t addr,
			 u32 len)
{
	u64 last = (u64)addr + len - 1;
	u64 a;

	if (last < addr || last > eng->addr_mask)
		return false;
	for (a = addr; a <= last; a = (a & PAGE_MASK) + PAGE_SIZE) {
		phys_addr_t phys = dma_to_phys(eng->dev, a);

		if (!pfn_valid(PHYS_PFN(phys)))
			return false;
		if ((a & PAGE_MASK) + PAGE_SIZE < a)
			break;
	}
	return true;
}

/*
 * Copy between a buffer of the mover and memory at a DMA address, page by
 * page through the kernel mapping (the engine is cache coherent).
 */
static int sim_mem_copy(struct axidma_sim_engine *eng, dma_addr_t addr,
			void *buf, size_t len, bool to_mem)
{
	while (len) {
		phys_addr_t phys = dma_to_phys(eng->dev, addr);
		size_t off = offset_in_page(phys);
		size_t n = min_t(size_t, len, PAGE_SIZE - off);
		void *va;

		if (!pfn_valid(PHYS_PFN(phys)))
			return -EFAULT;
		va = sim_kmap(pfn_to_page(PHYS_PFN(phys)));
		if (!va)
			return -EFAULT;
		if (to_mem)
			memcpy(va + off, buf, n);
		else
			memcpy(buf, va + off, n);
		sim_kunmap(va);
		addr += n;
		buf += n;
		len -= n;
	}
	return 0;
}

/* ---- descriptors ---- */

static void sim_desc_free(struct axidma_sim_chan *chan,
			  struct axidma_sim_desc *desc)
{
	list_splice_tail_init(&desc->bds, &chan->free_bds);
	kfree(desc);
}

static void sim_desc_free_list(struct axidma_sim_chan *chan,
			       struct list_head *list)
{
	struct axidma_sim_desc *desc, *next;

	list_for_each_entry_safe(desc, next, list, node) {
		list_del(&desc->node);
		sim_desc_free(chan, desc);
	}
}

static u32 sim_desc_residue(struct axidma_sim_desc *desc)
{
	struct axidma_sim_bd *bd;
	u32 residue = 0;

	list_for_each_entry(bd, &desc->bds, node)
		residue += bd->len - bd->done;
	return residue;
}

/*
 * Append BDs for [addr, addr + len) to desc, each at most max_len bytes,
 * all but the last rounded down to the copy alignment. Called with
 * eng->lock held.
 */
static int sim_desc_add_buf(struct axidma_sim_chan *chan,
			    struct axidma_sim_desc *desc, dma_addr_t addr,
			    size_t len)
{
	struct axidma_sim_engine *eng = chan->eng;
	size_t align = 1UL << eng->dd.copy_align;
	size_t used = 0;

	while (used < len) {
		struct axidma_sim_bd *bd;
		size_t n = min_t(size_t, len - used, eng->max_len);

		if (used + n < len)
			n = rounddown(n, align);
		bd = list_first_entry_or_null(&chan->free_bds,
					      struct axidma_sim_bd, node);
		if (!bd)
			return -ENOMEM;
		list_move_tail(&bd->node, &desc->bds);
		bd->addr = addr + used;
		bd->len = n;
		bd->done = 0;
		bd->eop = false;
		used += n;
	}
	return 0;
}

static dma_cookie_t sim_tx_submit(struct dma_async_tx_descriptor *tx);

static struct axidma_sim_desc *sim_desc_new(struct axidma_sim_chan *chan,
					    unsigned long flags)
{
	struct axidma_sim_desc *desc;

	desc = kzalloc(sizeof(*desc), GFP_NOWAIT);
	if (!desc)
		return NULL;
	INIT_LIST_HEAD(&desc->bds);
	dma_async_tx_descriptor_init(&desc->tx, &chan->common);
	desc->tx.tx_submit = sim_tx_submit;
	desc->tx.flags = flags;
	desc->tx.cookie = -EBUSY;
	return desc;
}

static struct dma_async_tx_descriptor *
sim_prep_slave_sg(struct dma_chan *dchan, struct scatterlist *sgl,
		  unsigned int sg_len, enum dma_transfer_direction direction,
		  unsigned long flags, void *context)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_desc *desc;
	struct scatterlist *sg;
	unsigned long irqflags;
	unsigned int i;

	/* Like the real driver: the channel's own direction is used. */
	if (!sg_len)
		return NULL;
	for_each_sg(sgl, sg, sg_len, i)
		if (!sg_dma_len(sg))
			return NULL;

	desc = sim_desc_new(chan, flags);
	if (!desc)
		return NULL;

	spin_lock_irqsave(&eng->lock, irqflags);
	for_each_sg(sgl, sg, sg_len, i) {
		if (sim_desc_add_buf(chan, desc, sg_dma_address(sg),
				     sg_dma_len(sg)))
			goto fail;
	}
	/* One descriptor is one packet: TLAST after its last BD. */
	list_last_entry(&desc->bds, struct axidma_sim_bd, node)->eop = true;
	spin_unlock_irqrestore(&eng->lock, irqflags);
	return &desc->tx;

fail:
	sim_desc_free(chan, desc);
	spin_unlock_irqrestore(&eng->lock, irqflags);
	return NULL;
}

static struct dma_async_tx_descriptor *
sim_prep_dma_cyclic(struct dma_chan *dchan, dma_addr_t buf_addr,
		    size_t buf_len, size_t period_len,
		    enum dma_transfer_direction direction, unsigned long flags)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_desc *desc;
	unsigned long irqflags;
	size_t periods, i;

	if (!period_len || buf_len < period_len)
		return NULL;
	periods = buf_len / period_len;

	desc = sim_desc_new(chan, flags);
	if (!desc)
		return NULL;
	desc->cyclic = true;

	spin_lock_irqsave(&eng->lock, irqflags);
	/* The cyclic BD ring is a scatter-gather feature. */
	if (!eng->sg_mode)
		goto fail;
	for (i = 0; i < periods; i++) {
		if (sim_desc_add_buf(chan, desc, buf_addr + i * period_len,
				     period_len))
			goto fail;
		/* Each period is a packet and raises an IOC event. */
		list_last_entry(&desc->bds, struct axidma_sim_bd,
				node)->eop = true;
	}
	spin_unlock_irqrestore(&eng->lock, irqflags);
	return &desc->tx;

fail:
	sim_desc_free(chan, desc);
	spin_unlock_irqrestore(&eng->lock, irqflags);
	return NULL;
}

/*
 * The device's capabilities are the union of both channels; narrow them to
 * the channel (only with per_chan_caps: the real driver does not).
 */
static void sim_device_caps(struct dma_chan *dchan,
			    struct dma_slave_caps *caps)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	u32 width = chan->eng->cfg.datawidth[chan->idx] / 8;

	caps->directions = BIT(chan->dir);
	caps->src_addr_widths = 0;
	caps->dst_addr_widths = 0;
	if (width <= DMA_SLAVE_BUSWIDTH_16_BYTES) {
		caps->src_addr_widths = BIT(width);
		caps->dst_addr_widths = BIT(width);
	}
}

static int sim_device_config(struct dma_chan *dchan,
			     struct dma_slave_config *config)
{
	/* The stream side has nothing to configure; accepted and ignored. */
	return 0;
}

/* ---- channel state ---- */

/* Forget what the engine was doing on the channel. eng->lock held. */
static void sim_chan_abandon(struct axidma_sim_chan *chan)
{
	chan->epoch++;
	chan->cur = NULL;
	chan->cur_bd = NULL;
	chan->bd_started = false;
	chan->ioc_wait = false;
	chan->ioc_count = 0;
	chan->dropping = false;
	hrtimer_try_to_cancel(&chan->delay_timer);
}

static void sim_kick(struct axidma_sim_engine *eng)
{
	if (!eng->dying)
		queue_work(axidma_sim_wq, &eng->work);
}

/*
 * Raise the simulated interrupt. An IOC interrupt (ioc) lets the handler
 * complete finished descriptors; an error interrupt alone does not.
 */
static void sim_raise_irq(struct axidma_sim_chan *chan, bool ioc)
{
	if (ioc)
		chan->irq_ioc = true;
	chan->ioc_count = 0;
	hrtimer_try_to_cancel(&chan->delay_timer);
	chan->cnt.interrupts++;
	irq_work_queue(&chan->irq_work);
}

/* Start the pending descriptors as one batch if the channel is idle. */
static void sim_start_batch(struct axidma_sim_chan *chan)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_desc *desc;
	unsigned int n = 0;

	if (chan->halted || !chan->idle || eng->dying ||
	    list_empty(&chan->pending))
		return;

	list_for_each_entry(desc, &chan->pending, node) {
		desc->sg = eng->sg_mode;
		n++;
	}
	/* The coalescing register is only written when the count fits. */
	if (n <= AXIDMA_SIM_COALESCE_MAX)
		chan->threshold = n;
	list_splice_tail_init(&chan->pending, &chan->active);
	chan->idle = false;
	chan->ioc_count = 0;
	chan->direct_started = false;
	chan->cnt.batches++;
	sim_kick(eng);
}

/*
 * The channel halts with its error flag. Called with eng->lock held from
 * the mover or a knob. With error_completes the running batch completes
 * with a failure at the error interrupt; otherwise nothing completes.
 */
static void sim_chan_error(struct axidma_sim_chan *chan, const char *what)
{
	struct axidma_sim_desc *desc;

	sim_chan_abandon(chan);
	chan->halted = true;
	chan->cnt.errors++;
	dev_warn_ratelimited(chan->eng->dev, "%s: %s, channel halted\n",
			     sim_chan_name(chan), what);
	if (chan->error_completes) {
		list_for_each_entry(desc, &chan->active, node) {
			if (desc->cyclic)
				continue;
			desc->err = true;
			desc->data_done = true;
			desc->ioc_done = true;
		}
	}
	/* The error interrupt: completes the batch only if error_completes. */
	sim_raise_irq(chan, chan->error_completes);
}

/*
 * Reset of a halted channel (from tx_submit, as the real driver does).
 * Descriptors of the halted batch stay on the active list as the hardware
 * left them; they complete, with their residue, at the next interrupt.
 */
static void sim_chan_reset(struct axidma_sim_chan *chan)
{
	struct axidma_sim_desc *desc;

	sim_chan_abandon(chan);
	chan->halted = false;
	chan->idle = true;
	list_for_each_entry(desc, &chan->active, node) {
		desc->data_done = true;
		desc->ioc_done = true;
	}
}

static dma_cookie_t sim_tx_submit(struct dma_async_tx_descriptor *tx)
{
	struct axidma_sim_desc *desc = to_sim_desc(tx);
	struct axidma_sim_chan *chan = to_sim_chan(tx->chan);
	struct axidma_sim_engine *eng = chan->eng;
	unsigned long flags;
	dma_cookie_t cookie;

	spin_lock_irqsave(&eng->lock, flags);
	if (chan->cyclic) {
		/* As the real driver: the descriptor is freed. */
		sim_desc_free(chan, desc);
		spin_unlock_irqrestore(&eng->lock, flags);
		return -EBUSY;
	}
	if (chan->halted)
		sim_chan_reset(chan);
	cookie = sim_cookie_assign(tx);
	list_add_tail(&desc->node, &chan->pending);
	if (desc->cyclic)
		chan->cyclic = true;
	spin_unlock_irqrestore(&eng->lock, flags);
	return cookie;
}

static void sim_issue_pending(struct dma_chan *dchan)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	sim_start_batch(chan);
	spin_unlock_irqrestore(&chan->eng->lock, flags);
}

static enum dma_status sim_tx_status(struct dma_chan *dchan,
				     dma_cookie_t cookie,
				     struct dma_tx_state *state)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_desc *desc;
	enum dma_status status;
	dma_cookie_t used, complete;
	unsigned long flags;
	u32 residue = 0;

	spin_lock_irqsave(&chan->eng->lock, flags);
	used = dchan->cookie;
	complete = dchan->completed_cookie;
	status = dma_async_is_complete(cookie, complete, used);
	/* As the real driver: only the last active descriptor, SG mode. */
	if (status != DMA_COMPLETE && !list_empty(&chan->active)) {
		desc = list_last_entry(&chan->active, struct axidma_sim_desc,
				       node);
		if (desc->sg)
			residue = sim_desc_residue(desc);
	}
	spin_unlock_irqrestore(&chan->eng->lock, flags);

	dma_set_tx_state(state, complete, used,
			 status == DMA_COMPLETE ? 0 : residue);
	return status;
}

static int sim_terminate_all(struct dma_chan *dchan)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	sim_chan_abandon(chan);
	chan->irq_ioc = false;
	sim_desc_free_list(chan, &chan->pending);
	sim_desc_free_list(chan, &chan->active);
	sim_desc_free_list(chan, &chan->done);
	chan->halted = false;
	chan->idle = true;
	chan->cyclic = false;
	chan->cyc_ioc = 0;
	chan->cyc_cb = 0;
	spin_unlock_irqrestore(&eng->lock, flags);
	return 0;
}

static void sim_synchronize(struct dma_chan *dchan)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;

	/*
	 * A mover step that began before terminate_all may still be copying
	 * into or out of the client's buffers: wait for it. Steps that begin
	 * later do not see the terminated descriptors.
	 */
	mutex_lock(&eng->mover_lock);
	mutex_unlock(&eng->mover_lock);
	/* A callback that is running now finishes before we return. */
	tasklet_unlock_wait(&chan->tasklet);
}

static int sim_alloc_chan_resources(struct dma_chan *dchan)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_bd *pool;
	unsigned long flags;
	int i;

	pool = kcalloc(AXIDMA_SIM_NUM_BDS, sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return -ENOMEM;

	spin_lock_irqsave(&eng->lock, flags);
	if (chan->bd_pool) {
		spin_unlock_irqrestore(&eng->lock, flags);
		kfree(pool);
		return 0;
	}
	chan->bd_pool = pool;
	for (i = 0; i < AXIDMA_SIM_NUM_BDS; i++)
		list_add_tail(&pool[i].node, &chan->free_bds);
	sim_cookie_init(dchan);
	chan->idle = true;
	chan->halted = false;
	chan->cyclic = false;
	spin_unlock_irqrestore(&eng->lock, flags);
	return AXIDMA_SIM_NUM_BDS;
}

static void sim_free_chan_resources(struct dma_chan *dchan)
{
	struct axidma_sim_chan *chan = to_sim_chan(dchan);
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_bd *pool;
	unsigned long flags;

	sim_terminate_all(dchan);
	mutex_lock(&eng->mover_lock);
	mutex_unlock(&eng->mover_lock);
	hrtimer_cancel(&chan->delay_timer);
	irq_work_sync(&chan->irq_work);
	tasklet_kill(&chan->tasklet);

	spin_lock_irqsave(&eng->lock, flags);
	/* No descriptor is left, so every BD is on the free list. */
	INIT_LIST_HEAD(&chan->free_bds);
	pool = chan->bd_pool;
	chan->bd_pool = NULL;
	spin_unlock_irqrestore(&eng->lock, flags);
	kfree(pool);
}

/* ---- completion: interrupt and tasklet ---- */

static void sim_irq_handler(struct irq_work *work)
{
	struct axidma_sim_chan *chan =
		container_of(work, struct axidma_sim_chan, irq_work);
	struct axidma_sim_desc *desc, *next;
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	if (!chan->irq_ioc)
		goto out;
	chan->irq_ioc = false;
	list_for_each_entry_safe(desc, next, &chan->active, node) {
		if (desc->cyclic) {
			chan->cyc_cb += chan->cyc_ioc;
			chan->cyc_ioc = 0;
			break;
		}
		if (!desc->ioc_done)
			break;
		desc->residue = desc->sg ? sim_desc_residue(desc) : 0;
		sim_cookie_complete(&desc->tx);
		list_move_tail(&desc->node, &chan->done);
	}
	if (list_empty(&chan->active)) {
		chan->idle = true;
		sim_start_batch(chan);
	}
out:
	spin_unlock_irqrestore(&chan->eng->lock, flags);

	tasklet_schedule(&chan->tasklet);
}

static enum hrtimer_restart sim_delay_timer_fn(struct hrtimer *t)
{
	struct axidma_sim_chan *chan =
		container_of(t, struct axidma_sim_chan, delay_timer);
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	if (chan->ioc_count)
		sim_raise_irq(chan, true);
	spin_unlock_irqrestore(&chan->eng->lock, flags);
	return HRTIMER_NORESTART;
}

static void sim_tasklet_fn(struct tasklet_struct *t)
{
	struct axidma_sim_chan *chan = from_tasklet(chan, t, tasklet);
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_desc *desc;
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	for (;;) {
		struct dmaengine_result result;
		struct sim_callback cb;

		desc = list_first_entry_or_null(&chan->done,
						struct axidma_sim_desc, node);
		if (desc) {
			list_del(&desc->node);
			sim_callback_get(desc, &cb);
			if (desc->err)
				result.result = chan->dir == DMA_DEV_TO_MEM ?
						DMA_TRANS_READ_FAILED :
						DMA_TRANS_WRITE_FAILED;
			else
				result.result = DMA_TRANS_NOERROR;
			result.residue = desc->residue;
			/* Freed first: the callback may prep again. */
			sim_desc_free(chan, desc);
			spin_unlock_irqrestore(&eng->lock, flags);
			sim_callback_invoke(&cb, &result);
			spin_lock_irqsave(&eng->lock, flags);
			continue;
		}
		if (!chan->cyc_cb)
			break;
		chan->cyc_cb--;
		desc = list_first_entry_or_null(&chan->active,
						struct axidma_sim_desc, node);
		if (!desc || !desc->cyclic)
			continue;
		sim_callback_get(desc, &cb);
		spin_unlock_irqrestore(&eng->lock, flags);
		sim_callback_invoke(&cb, NULL);
		spin_lock_irqsave(&eng->lock, flags);
	}
	spin_unlock_irqrestore(&eng->lock, flags);
}

/* ---- the data mover ---- */

static bool sim_bd_is_unit_end(struct axidma_sim_chan *chan,
			       struct axidma_sim_bd *bd)
{
	return bd->eop || (!chan->cur->sg && !chan->cur->cyclic);
}

/* Bytes of the packet unit that starts at bd. */
static u64 sim_unit_len(struct axidma_sim_chan *chan, struct axidma_sim_bd *bd)
{
	u64 len = 0;

	for (;;) {
		len += bd->len;
		if (sim_bd_is_unit_end(chan, bd))
			return len;
		bd = list_next_entry(bd, node);
	}
}

static void sim_unit_begin(struct axidma_sim_chan *chan)
{
	u64 len;

	chan->unit_start = ktime_get();
	chan->pkt_pos = 0;
	if (chan->idx == AXIDMA_SIM_MM2S) {
		len = sim_unit_len(chan, chan->cur_bd);
		chan->pkt_keep = len - min_t(u64, chan->short_by, len - 1);
	}
}

/* An IOC event of the current unit; advance to the next unit. */
static void sim_unit_ioc(struct axidma_sim_chan *chan)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_desc *desc = chan->cur;
	struct axidma_sim_bd *bd = chan->cur_bd;

	chan->cnt.descriptors++;
	chan->bd_started = false;

	if (desc->cyclic) {
		/* Next period: the BD after this period's last one. */
		while (!bd->eop)
			bd = list_next_entry(bd, node);
		if (list_is_last(&bd->node, &desc->bds)) {
			list_for_each_entry(bd, &desc->bds, node)
				bd->done = 0;
			bd = list_first_entry(&desc->bds, struct axidma_sim_bd,
					      node);
		} else {
			bd = list_next_entry(bd, node);
		}
		chan->cur_bd = bd;
		sim_unit_begin(chan);
		chan->cyc_ioc++;
	} else {
		desc->data_done = true;
		desc->ioc_done = true;
		chan->cur = NULL;
		chan->cur_bd = NULL;
		if (!desc->sg) {
			/*
			 * Direct register mode: one transfer per start, and
			 * its interrupt completes every active descriptor
			 * (residue 0), as the real driver does.
			 */
			list_for_each_entry(desc, &chan->active, node) {
				desc->data_done = true;
				desc->ioc_done = true;
			}
			sim_raise_irq(chan, true);
			return;
		}
	}

	chan->ioc_count++;
	if (chan->ioc_count >= chan->threshold)
		sim_raise_irq(chan, true);
	else if (eng->irq_delay)
		hrtimer_start(&chan->delay_timer,
			      ns_to_ktime((u64)eng->irq_delay *
					  AXIDMA_SIM_DELAY_TICK_NS),
			      HRTIMER_MODE_REL);
}

/* The data of the current unit is done: IOC now or after delay_us. */
static void sim_unit_data_done(struct axidma_sim_chan *chan, ktime_t now)
{
	ktime_t until = ktime_add_us(chan->unit_start, chan->delay_us);

	if (chan->delay_us && ktime_before(now, until)) {
		chan->ioc_wait = true;
		chan->ioc_until = until;
		return;
	}
	sim_unit_ioc(chan);
}

/* Find the next descriptor to work on. */
static bool sim_pick(struct axidma_sim_chan *chan)
{
	struct axidma_sim_desc *desc;

	list_for_each_entry(desc, &chan->active, node) {
		if (desc->data_done)
			continue;
		if (!desc->sg && !desc->cyclic) {
			if (chan->direct_started)
				return false;
			chan->direct_started = true;
		}
		chan->cur = desc;
		chan->cur_bd = list_first_entry(&desc->bds,
						struct axidma_sim_bd, node);
		chan->bd_started = false;
		sim_unit_begin(chan);
		return true;
	}
	return false;
}

/* Largest step the bandwidth knob allows (about 10 ms worth). */
static u32 sim_bw_limit(struct axidma_sim_chan *chan, u32 n)
{
	u64 step;

	if (!chan->bandwidth)
		return n;
	step = max_t(u64, div_u64(chan->bandwidth, 100), 1);
	return min_t(u64, n, step);
}

static void sim_bw_account(struct axidma_sim_chan *chan, u32 n, ktime_t now)
{
	if (!chan->bandwidth)
		return;
	if (ktime_before(chan->bw_next, now))
		chan->bw_next = now;
	chan->bw_next = ktime_add_ns(chan->bw_next,
				     div64_u64((u64)n * NSEC_PER_SEC,
					       chan->bandwidth));
}

/* A BD was filled or emptied; go to the next one or end the unit. */
static void sim_bd_done(struct axidma_sim_chan *chan, ktime_t now)
{
	struct axidma_sim_bd *bd = chan->cur_bd;

	chan->cnt.bds++;
	if (sim_bd_is_unit_end(chan, bd)) {
		sim_unit_data_done(chan, now);
		return;
	}
	chan->cur_bd = list_next_entry(bd, node);
	chan->bd_started = false;
}

static bool sim_mm2s_move(struct axidma_sim_chan *chan, ktime_t now)
	__must_hold(&chan->eng->lock)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_bd *bd = chan->cur_bd;
	struct axidma_sim_chunk *chunk = NULL;
	u64 epoch = chan->epoch;
	u32 n = bd->len - bd->done;
	u32 keep = 0;
	dma_addr_t addr;
	int err = 0;

	if (eng->fifo_depth && !eng->sink) {
		if (eng->fifo_bytes >= eng->fifo_depth)
			return false;	/* back-pressure */
		n = min_t(u64, n, eng->fifo_depth - eng->fifo_bytes);
	}
	n = min_t(u32, n, AXIDMA_SIM_CHUNK_DATA);
	n = sim_bw_limit(chan, n);
	if (chan->pkt_pos < chan->pkt_keep)
		keep = min_t(u64, n, chan->pkt_keep - chan->pkt_pos);
	addr = bd->addr + bd->done;

	spin_unlock_irq(&eng->lock);
	if (keep) {
		chunk = kmalloc(AXIDMA_SIM_CHUNK_ALLOC, GFP_KERNEL);
		if (chunk)
			err = sim_mem_copy(eng, addr, chunk->data, keep, false);
	}
	spin_lock_irq(&eng->lock);

	if (epoch != chan->epoch) {
		kfree(chunk);
		return true;
	}
	if (keep && !chunk) {
		/* Out of memory: the stream stalls; try again later. */
		return false;
	}
	if (err) {
		kfree(chunk);
		sim_chan_error(chan, "DMA decode error");
		return true;
	}
	if (chunk) {
		chunk->len = keep;
		chunk->off = 0;
		chunk->last = chan->pkt_pos + keep == chan->pkt_keep;
		if (chunk->last && chan->drop_tlast) {
			chan->drop_tlast--;
			chunk->last = false;
		}
		chan->cnt.bytes += keep;
		if (chunk->last)
			chan->cnt.packets++;
		if (eng->sink) {
			/* sink mode: read, counted, gone */
			kfree(chunk);
		} else {
			if (chunk->last)
				eng->fifo_packets++;
			list_add_tail(&chunk->node, &eng->fifo);
			eng->fifo_bytes += keep;
		}
	}
	bd->done += n;
	chan->pkt_pos += n;
	sim_bw_account(chan, n, now);
	if (bd->done == bd->len)
		sim_bd_done(chan, now);
	return true;
}

/*
 * Sink mode: the generator puts the next piece of its stream into the empty
 * FIFO, on demand of S2MM. Called with mover_lock held, which keeps the
 * generator and the FIFO as they are while eng->lock is dropped.
 */
static bool sim_sink_generate(struct axidma_sim_engine *eng)
	__must_hold(&eng->lock)
{
	struct axidma_sim_chunk *chunk;
	u64 seq;
	u32 pos, n, i;

	if (!eng->gen_pos)
		eng->gen_len = eng->sink_len;
	seq = eng->gen_seq;
	pos = eng->gen_pos;
	n = min_t(u32, eng->gen_len - pos, AXIDMA_SIM_CHUNK_DATA);

	spin_unlock_irq(&eng->lock);
	chunk = kmalloc(AXIDMA_SIM_CHUNK_ALLOC, GFP_KERNEL);
	for (i = 0; chunk && i < n; i++)
		chunk->data[i] = axidma_sim_sink_byte(seq, pos + i);
	spin_lock_irq(&eng->lock);

	if (!chunk)
		return false;	/* out of memory: try again later */
	chunk->len = n;
	chunk->off = 0;
	chunk->last = pos + n == eng->gen_len;
	list_add_tail(&chunk->node, &eng->fifo);
	eng->fifo_bytes += n;
	if (chunk->last) {
		eng->fifo_packets++;
		eng->gen_seq++;
		eng->gen_pos = 0;
	} else {
		eng->gen_pos += n;
	}
	return true;
}

/* Discard stream data up to and including the next TLAST. */
static bool sim_s2mm_drop(struct axidma_sim_chan *chan)
	__must_hold(&chan->eng->lock)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_chunk *chunk, *next;
	bool progress = false;

	if (eng->sink && list_empty(&eng->fifo))
		return sim_sink_generate(eng);

	list_for_each_entry_safe(chunk, next, &eng->fifo, node) {
		u32 n = chunk->len - chunk->off;
		bool last = chunk->last;

		chan->cnt.dropped += n;
		eng->fifo_bytes -= n;
		list_del(&chunk->node);
		kfree(chunk);
		progress = true;
		if (last) {
			eng->fifo_packets--;
			chan->cnt.packets++;
			chan->dropping = false;
			break;
		}
	}
	return progress;
}

static bool sim_s2mm_move(struct axidma_sim_chan *chan, ktime_t now)
	__must_hold(&chan->eng->lock)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_bd *bd = chan->cur_bd;
	struct axidma_sim_chunk *chunk;
	u64 epoch = chan->epoch;
	bool tlast = false;
	dma_addr_t addr;
	u32 n;
	int err;

	chunk = list_first_entry_or_null(&eng->fifo, struct axidma_sim_chunk,
					 node);
	if (!chunk && eng->sink)
		return sim_sink_generate(eng);
	if (!chunk)
		return false;	/* S2MM waits for data, for ever */
	n = min(bd->len - bd->done, chunk->len - chunk->off);
	n = sim_bw_limit(chan, n);
	addr = bd->addr + bd->done;

	/*
	 * The chunk stays valid without eng->lock: only the mover frees
	 * chunks, or a flush, which takes mover_lock.
	 */
	spin_unlock_irq(&eng->lock);
	err = sim_mem_copy(eng, addr, chunk->data + chunk->off, n, true);
	spin_lock_irq(&eng->lock);

	if (epoch != chan->epoch)
		return true;	/* the data stays in the FIFO */
	if (err) {
		sim_chan_error(chan, "DMA decode error");
		return true;
	}
	bd->done += n;
	chunk->off += n;
	eng->fifo_bytes -= n;
	chan->cnt.bytes += n;
	if (chunk->off == chunk->len) {
		tlast = chunk->last;
		if (tlast)
			eng->fifo_packets--;
		list_del(&chunk->node);
		kfree(chunk);
	}
	sim_bw_account(chan, n, now);

	if (tlast) {
		/* End of packet: the unit completes, short or not. */
		chan->cnt.packets++;
		chan->cnt.bds++;
		sim_unit_data_done(chan, now);
	} else if (bd->done == bd->len) {
		/* Unit full before TLAST: the rest of the packet is dropped. */
		if (sim_bd_is_unit_end(chan, bd))
			chan->dropping = true;
		sim_bd_done(chan, now);
	}
	return true;
}

/* One step of one channel. Returns whether anything happened. */
static bool sim_chan_step(struct axidma_sim_chan *chan, ktime_t *wake)
	__must_hold(&chan->eng->lock)
{
	struct axidma_sim_engine *eng = chan->eng;
	struct axidma_sim_bd *bd;
	ktime_t now;

	if (chan->stall)
		return false;
	if (chan->dropping)
		return sim_s2mm_drop(chan);
	if (chan->halted)
		return false;

	now = ktime_get();
	if (chan->ioc_wait) {
		if (ktime_before(now, chan->ioc_until)) {
			if (ktime_before(chan->ioc_until, *wake))
				*wake = chan->ioc_until;
			return false;
		}
		chan->ioc_wait = false;
		sim_unit_ioc(chan);
		return true;
	}
	if (!chan->cur && !sim_pick(chan))
		return false;

	bd = chan->cur_bd;
	if (!chan->bd_started) {
		chan->bd_started = true;
		if (chan->error_on_bd && !--chan->error_on_bd) {
			sim_chan_error(chan, "injected error on BD");
			return true;
		}
		if (!sim_range_ok(eng, bd->addr, bd->len)) {
			sim_chan_error(chan, "DMA decode error");
			return true;
		}
		if (bd->addr & (chan->addr_align - 1)) {
			sim_chan_error(chan, "unaligned buffer without DRE");
			return true;
		}
	}
	if (chan->bandwidth && ktime_before(now, chan->bw_next)) {
		if (ktime_before(chan->bw_next, *wake))
			*wake = chan->bw_next;
		return false;
	}
	if (chan->idx == AXIDMA_SIM_MM2S)
		return sim_mm2s_move(chan, now);
	return sim_s2mm_move(chan, now);
}

static void sim_mover(struct work_struct *work)
{
	struct axidma_sim_engine *eng =
		container_of(work, struct axidma_sim_engine, work);
	ktime_t wake = KTIME_MAX;
	bool progress = true;
	int i, steps;

	for (steps = 0; progress && steps < AXIDMA_SIM_MOVER_BUDGET; steps++) {
		progress = false;
		wake = KTIME_MAX;
		mutex_lock(&eng->mover_lock);
		spin_lock_irq(&eng->lock);
		if (eng->dying) {
			spin_unlock_irq(&eng->lock);
			mutex_unlock(&eng->mover_lock);
			return;
		}
		for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++) {
			if (axidma_sim_has_chan(eng, i) &&
			    sim_chan_step(&eng->chan[i], &wake))
				progress = true;
		}
		spin_unlock_irq(&eng->lock);
		mutex_unlock(&eng->mover_lock);
		cond_resched();
	}

	if (progress)
		queue_work(axidma_sim_wq, &eng->work);
	else if (wake != KTIME_MAX)
		hrtimer_start(&eng->wake_timer, wake, HRTIMER_MODE_ABS);
}

static enum hrtimer_restart sim_wake_timer_fn(struct hrtimer *t)
{
	struct axidma_sim_engine *eng =
		container_of(t, struct axidma_sim_engine, wake_timer);

	queue_work(axidma_sim_wq, &eng->work);
	return HRTIMER_NORESTART;
}

/* ---- knobs, counters, FIFO ---- */

static bool sim_engine_busy(struct axidma_sim_engine *eng)
{
	int i;

	for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++)
		if (!list_empty(&eng->chan[i].pending) ||
		    !list_empty(&eng->chan[i].active))
			return true;
	return false;
}

/**
 * axidma_sim_chan_knob_set() - set a run-time knob of a channel
 * @chan: the channel
 * @knob: which knob
 * @val: the value (see enum axidma_sim_knob)
 *
 * Context: any context but hardirq.
 * Return: 0, or -EINVAL for a value out of range or a knob the channel
 * does not have.
 */
int axidma_sim_chan_knob_set(struct axidma_sim_chan *chan,
			     enum axidma_sim_knob knob, u64 val)
{
	struct axidma_sim_engine *eng = chan->eng;
	bool mm2s = chan->idx == AXIDMA_SIM_MM2S;
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&eng->lock, flags);
	switch (knob) {
	case AXIDMA_SIM_ERROR_NOW:
		if (val > 1)
			ret = -EINVAL;
		else if (val)
			sim_chan_error(chan, "injected error");
		break;
	case AXIDMA_SIM_ERROR_ON_BD:
		if (val > U32_MAX)
			ret = -EINVAL;
		else
			chan->error_on_bd = val;
		break;
	case AXIDMA_SIM_ERROR_COMPLETES:
		if (val > 1)
			ret = -EINVAL;
		else
			chan->error_completes = val;
		break;
	case AXIDMA_SIM_STALL:
		if (val > 1)
			ret = -EINVAL;
		else
			chan->stall = val;
		break;
	case AXIDMA_SIM_DELAY_US:
		if (val > AXIDMA_SIM_MAX_DELAY_US)
			ret = -EINVAL;
		else
			chan->delay_us = val;
		break;
	case AXIDMA_SIM_BANDWIDTH:
		chan->bandwidth = val;
		chan->bw_next = 0;
		break;
	case AXIDMA_SIM_SHORT_BY:
		if (!mm2s || val > U32_MAX)
			ret = -EINVAL;
		else
			chan->short_by = val;
		break;
	case AXIDMA_SIM_DROP_TLAST:
		if (!mm2s || val > U32_MAX)
			ret = -EINVAL;
		else
			chan->drop_tlast = val;
		break;
	default:
		ret = -EINVAL;
	}
	if (!ret)
		sim_kick(eng);
	spin_unlock_irqrestore(&eng->lock, flags);
	return ret;
}

/**
 * axidma_sim_chan_knob_get() - read a run-time knob of a channel
 * @chan: the channel
 * @knob: which knob
 * @val: where to store the value; for AXIDMA_SIM_ERROR_NOW whether the
 *	channel is halted by an error
 *
 * Return: 0 or -EINVAL for an unknown knob.
 */
int axidma_sim_chan_knob_get(struct axidma_sim_chan *chan,
			     enum axidma_sim_knob knob, u64 *val)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&chan->eng->lock, flags);
	switch (knob) {
	case AXIDMA_SIM_ERROR_NOW:
		*val = chan->halted;
		break;
	case AXIDMA_SIM_ERROR_ON_BD:
		*val = chan->error_on_bd;
		break;
	case AXIDMA_SIM_ERROR_COMPLETES:
		*val = chan->error_completes;
		break;
	case AXIDMA_SIM_STALL:
		*val = chan->stall;
		break;
	case AXIDMA_SIM_DELAY_US:
		*val = chan->delay_us;
		break;
	case AXIDMA_SIM_BANDWIDTH:
		*val = chan->bandwidth;
		break;
	case AXIDMA_SIM_SHORT_BY:
		*val = chan->short_by;
		break;
	case AXIDMA_SIM_DROP_TLAST:
		*val = chan->drop_tlast;
		break;
	default:
		ret = -EINVAL;
	}
	spin_unlock_irqrestore(&chan->eng->lock, flags);
	return ret;
}

/*
 * Empty the FIFO and restart the generator; with @sink 0 or 1 also switch
 * to that mode, which is refused (-EBUSY) while a descriptor of the engine
 * is pending or active. One critical section: no mover step sees half of it.
 */
static int sim_fifo_reset(struct axidma_sim_engine *eng, int sink)
{
	struct axidma_sim_chunk *chunk, *next;
	LIST_HEAD(list);
	int ret = 0;

	mutex_lock(&eng->mover_lock);
	spin_lock_irq(&eng->lock);
	if (sink >= 0 && sink != eng->sink && sim_engine_busy(eng)) {
		ret = -EBUSY;
	} else {
		if (sink >= 0)
			eng->sink = sink;
		list_splice_init(&eng->fifo, &list);
		eng->fifo_bytes = 0;
		eng->fifo_packets = 0;
		eng->gen_pos = 0;
		eng->gen_seq = 0;
		sim_kick(eng);
	}
	spin_unlock_irq(&eng->lock);
	mutex_unlock(&eng->mover_lock);

	list_for_each_entry_safe(chunk, next, &list, node)
		kfree(chunk);
	return ret;
}

/**
 * axidma_sim_fifo_flush() - discard the contents of the loopback FIFO
 * @eng: the engine
 *
 * A packet MM2S is in the middle of continues into the emptied FIFO. In
 * sink mode the generator starts again at packet 0.
 * Context: process context; sleeps until no mover step is in flight.
 */
void axidma_sim_fifo_flush(struct axidma_sim_engine *eng)
{
	sim_fifo_reset(eng, -1);
}

/**
 * axidma_sim_eng_knob_set() - set a run-time knob of an engine
 * @eng: the engine
 * @knob: which knob
 * @val: the value (see enum axidma_sim_engine_knob)
 *
 * Context: process context (AXIDMA_SIM_FIFO_FLUSH and AXIDMA_SIM_SINK
 * sleep).
 * Return: 0, -EINVAL for a bad value, -EBUSY when switching the mode of an
 * engine with descriptors pending or active.
 */
int axidma_sim_eng_knob_set(struct axidma_sim_engine *eng,
			    enum axidma_sim_engine_knob knob, u64 val)
{
	unsigned long flags;
	int ret = 0;

	if (knob == AXIDMA_SIM_FIFO_FLUSH) {
		axidma_sim_fifo_flush(eng);
		return 0;
	}
	if (knob == AXIDMA_SIM_SINK)
		return val > 1 ? -EINVAL : sim_fifo_reset(eng, val);

	spin_lock_irqsave(&eng->lock, flags);
	switch (knob) {
	case AXIDMA_SIM_SG_MODE:
		if (val > 1)
			ret = -EINVAL;
		else if (val != eng->sg_mode && sim_engine_busy(eng))
			ret = -EBUSY;
		else
			eng->sg_mode = val;
		break;
	case AXIDMA_SIM_IRQ_DELAY:
		if (val > U8_MAX)
			ret = -EINVAL;
		else
			eng->irq_delay = val;
		break;
	case AXIDMA_SIM_FIFO_DEPTH:
		eng->fifo_depth = val;
		break;
	case AXIDMA_SIM_SINK_LEN:
		if (!val || val > AXIDMA_SIM_MAX_SINK_LEN)
			ret = -EINVAL;
		else
			eng->sink_len = val;
		break;
	default:
		ret = -EINVAL;
	}
	if (!ret)
		sim_kick(eng);
	spin_unlock_irqrestore(&eng->lock, flags);
	return ret;
}

/**
 * axidma_sim_eng_knob_get() - read a run-time knob of an engine
 * @eng: the engine
 * @knob: which knob
 * @val: where to store the value
 *
 * Return: 0 or -EINVAL for a knob that cannot be read.
 */
int axidma_sim_eng_knob_get(struct axidma_sim_engine *eng,
			    enum axidma_sim_engine_knob knob, u64 *val)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&eng->lock, flags);
	switch (knob) {
	case AXIDMA_SIM_SG_MODE:
		*val = eng->sg_mode;
		break;
	case AXIDMA_SIM_IRQ_DELAY:
		*val = eng->irq_delay;
		break;
	case AXIDMA_SIM_FIFO_DEPTH:
		*val = eng->fifo_depth;
		break;
	case AXIDMA_SIM_SINK:
		*val = eng->sink;
		break;
	case AXIDMA_SIM_SINK_LEN:
		*val = eng->sink_len;
		break;
	default:
		ret = -EINVAL;
	}
	spin_unlock_irqrestore(&eng->lock, flags);
	return ret;
}

/**
 * axidma_sim_chan_counters() - snapshot of a channel's counters
 * @chan: the channel
 * @c: where to store them
 */
void axidma_sim_chan_counters(struct axidma_sim_chan *chan,
			      struct axidma_sim_counters *c)
{
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	*c = chan->cnt;
	spin_unlock_irqrestore(&chan->eng->lock, flags);
}

/**
 * axidma_sim_chan_counters_reset() - zero a channel's counters
 * @chan: the channel
 */
void axidma_sim_chan_counters_reset(struct axidma_sim_chan *chan)
{
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	memset(&chan->cnt, 0, sizeof(chan->cnt));
	spin_unlock_irqrestore(&chan->eng->lock, flags);
}

/**
 * axidma_sim_chan_show_state() - print a channel's internal state
 * @chan: the channel
 * @s: where to print it (debugfs "state", for debugging the simulator)
 */
void axidma_sim_chan_show_state(struct axidma_sim_chan *chan,
				struct seq_file *s)
{
	struct axidma_sim_desc *desc;
	unsigned int pending = 0, active = 0, done = 0;
	unsigned long flags;

	spin_lock_irqsave(&chan->eng->lock, flags);
	list_for_each_entry(desc, &chan->pending, node)
		pending++;
	list_for_each_entry(desc, &chan->active, node)
		active++;
	list_for_each_entry(desc, &chan->done, node)
		done++;
	seq_printf(s, "pending %u\nactive %u\ndone %u\n", pending, active,
		   done);
	seq_printf(s, "idle %d\nhalted %d\ncyclic %d\nthreshold %u\nioc_count %u\n",
		   chan->idle, chan->halted, chan->cyclic, chan->threshold,
		   chan->ioc_count);
	seq_printf(s, "working %d\nioc_wait %d\ndropping %d\ncyclic_callbacks %u\n",
		   !!chan->cur, chan->ioc_wait, chan->dropping, chan->cyc_cb);
	spin_unlock_irqrestore(&chan->eng->lock, flags);
}

/**
 * axidma_sim_fifo_get() - level of the loopback FIFO
 * @eng: the engine
 * @bytes: bytes it holds
 * @packets: complete packets (with TLAST) it holds
 */
void axidma_sim_fifo_get(struct axidma_sim_engine *eng, u64 *bytes,
			 u64 *packets)
{
	unsigned long flags;

	spin_lock_irqsave(&eng->lock, flags);
	*bytes = eng->fifo_bytes;
	*packets = eng->fifo_packets;
	spin_unlock_irqrestore(&eng->lock, flags);
}

/* ---- exported test API (axidma_sim.h) ---- */

/**
 * axidma_sim_is_sim_chan() - whether a channel belongs to the simulator
 * @chan: a dmaengine channel
 *
 * Return: true when the other functions of this API accept @chan.
 */
bool axidma_sim_is_sim_chan(struct dma_chan *chan)
{
	return chan && chan->device &&
	       chan->device->device_issue_pending == sim_issue_pending;
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_is_sim_chan, AXIDMA_SIM);

/**
 * axidma_sim_set_knob() - set a fault-injection or timing knob of a channel
 * @chan: a channel of the simulator, held by the caller
 * @knob: which knob
 * @val: its new value
 *
 * Context: any context but hardirq.
 * Return: 0, or -EINVAL (not a simulator channel, bad value, knob the
 * channel does not have).
 */
int axidma_sim_set_knob(struct dma_chan *chan, enum axidma_sim_knob knob,
			u64 val)
{
	if (!axidma_sim_is_sim_chan(chan))
		return -EINVAL;
	return axidma_sim_chan_knob_set(to_sim_chan(chan), knob, val);
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_set_knob, AXIDMA_SIM);

/**
 * axidma_sim_set_engine_knob() - set a knob of the engine of a channel
 * @chan: a channel of the simulator, held by the caller
 * @knob: which knob
 * @val: its new value
 *
 * Context: process context.
 * Return: 0, -EINVAL or -EBUSY (see enum axidma_sim_engine_knob).
 */
int axidma_sim_set_engine_knob(struct dma_chan *chan,
			       enum axidma_sim_engine_knob knob, u64 val)
{
	if (!axidma_sim_is_sim_chan(chan))
		return -EINVAL;
	return axidma_sim_eng_knob_set(to_sim_chan(chan)->eng, knob, val);
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_set_engine_knob, AXIDMA_SIM);

/**
 * axidma_sim_get_counters() - read what a channel has seen
 * @chan: a channel of the simulator, held by the caller
 * @c: where to store the counters
 *
 * Return: 0 or -EINVAL when @chan is not a simulator channel.
 */
int axidma_sim_get_counters(struct dma_chan *chan,
			    struct axidma_sim_counters *c)
{
	if (!axidma_sim_is_sim_chan(chan))
		return -EINVAL;
	axidma_sim_chan_counters(to_sim_chan(chan), c);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_get_counters, AXIDMA_SIM);

/**
 * axidma_sim_reset_counters() - zero a channel's counters
 * @chan: a channel of the simulator, held by the caller
 */
void axidma_sim_reset_counters(struct dma_chan *chan)
{
	if (axidma_sim_is_sim_chan(chan))
		axidma_sim_chan_counters_reset(to_sim_chan(chan));
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_reset_counters, AXIDMA_SIM);

/**
 * axidma_sim_fifo_level() - level of the loopback FIFO of a channel's engine
 * @chan: a channel of the simulator, held by the caller
 * @bytes: bytes in the FIFO
 * @packets: complete packets (TLAST) in the FIFO
 *
 * Return: 0 or -EINVAL when @chan is not a simulator channel.
 */
int axidma_sim_fifo_level(struct dma_chan *chan, u64 *bytes, u64 *packets)
{
	if (!axidma_sim_is_sim_chan(chan))
		return -EINVAL;
	axidma_sim_fifo_get(to_sim_chan(chan)->eng, bytes, packets);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(axidma_sim_fifo_level, AXIDMA_SIM);

/* ---- platform device ---- */

static bool sim_filter_fn(struct dma_chan *chan, void *param)
{
	return chan == param;
}

static struct dma_chan *sim_of_xlate(struct of_phandle_args *spec,
				     struct of_dma *ofdma)
{
	struct axidma_sim_engine *eng = ofdma->of_dma_data;
	dma_cap_mask_t mask;
	u32 idx;

	if (spec->args_count != 1)
		return NULL;
	idx = spec->args[0];
	if (idx >= AXIDMA_SIM_NR_CHANS || !axidma_sim_has_chan(eng, idx))
		return NULL;
	/*
	 * That very channel, exclusively: NULL when it is already held (the
	 * public equivalent of the core's private dma_get_slave_channel()).
	 */
	dma_cap_zero(mask);
	dma_cap_set(DMA_SLAVE, mask);
	return __dma_request_channel(&mask, sim_filter_fn,
				     &eng->chan[idx].common,
				     eng->dev->of_node);
}

/* Checks common to device tree and configfs instances. */
static int sim_check_config(struct device *dev, struct axidma_sim_config *cfg)
{
	int i;

	if (!cfg->has_chan[AXIDMA_SIM_MM2S] &&
	    !cfg->has_chan[AXIDMA_SIM_S2MM]) {
		dev_err(dev, "no channel: neither MM2S nor S2MM\n");
		return -EINVAL;
	}
	for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++) {
		u32 w = cfg->datawidth[i];

		if (cfg->has_chan[i] &&
		    (w < 8 || w > 1024 || !is_power_of_2(w))) {
			dev_err(dev, "invalid data width %u\n", w);
			return -EINVAL;
		}
	}
	if (cfg->addrwidth < 32 || cfg->addrwidth > 64) {
		dev_err(dev, "invalid address width %u\n", cfg->addrwidth);
		return -EINVAL;
	}
	if (cfg->sg_length_width < 8 || cfg->sg_length_width > 26) {
		dev_err(dev, "invalid sg length width %u\n",
			cfg->sg_length_width);
		return -EINVAL;
	}
	if (cfg->irq_delay > U8_MAX) {
		dev_err(dev, "invalid irq delay %u\n", cfg->irq_delay);
		return -EINVAL;
	}
	return 0;
}

static int sim_parse_dt(struct device *dev, struct axidma_sim_config *cfg)
{
	struct device_node *np = dev->of_node, *child;
	bool chan_delay = false;
	u8 delay = 0;
	u32 val;

	cfg->addrwidth = 32;
	of_property_read_u32(np, "xlnx,addrwidth", &cfg->addrwidth);
	/* As the real driver: a bad length width falls back to 23. */
	cfg->sg_length_width = 23;
	if (!of_property_read_u32(np, "xlnx,sg-length-width", &val)) {
		if (val < 8 || val > 26)
			dev_warn(dev, "invalid xlnx,sg-length-width %u, using 23\n",
				 val);
		else
			cfg->sg_length_width = val;
	}
	cfg->include_sg = of_property_read_bool(np, "xlnx,include-sg");
	cfg->per_chan_caps =
		of_property_read_bool(np, "axidma-sim,per-channel-caps");
	if (of_property_read_u8(np, "xlnx,irq-delay", &delay))
		chan_delay = true;

	for_each_child_of_node(np, child) {
		enum axidma_sim_chan_idx idx;

		if (of_device_is_compatible(child, "xlnx,axi-dma-mm2s-channel"))
			idx = AXIDMA_SIM_MM2S;
		else if (of_device_is_compatible(child,
						 "xlnx,axi-dma-s2mm-channel"))
			idx = AXIDMA_SIM_S2MM;
		else
			continue;
		if (cfg->has_chan[idx]) {
			dev_err(dev, "%pOF: second channel of the same kind\n",
				child);
			goto fail;
		}
		if (of_property_read_u32(child, "xlnx,datawidth", &val)) {
			dev_err(dev, "%pOF: missing xlnx,datawidth\n", child);
			goto fail;
		}
		cfg->has_chan[idx] = true;
		cfg->datawidth[idx] = val;
		cfg->dre[idx] = of_property_read_bool(child, "xlnx,include-dre");
		/* The real binding has the delay on the channel nodes. */
		if (chan_delay)
			of_property_read_u8(child, "xlnx,irq-delay", &delay);
	}
	cfg->irq_delay = delay;
	return 0;

fail:
	of_node_put(child);
	return -EINVAL;
}

/*
 * A configfs instance has no firmware node to say that the device is cache
 * coherent, and arm64 defaults to non-coherent, where the client's unmap
 * would invalidate what the mover wrote through the cache. The simulated
 * bus master snoops the CPU caches by construction, so say so.
 */
static void sim_set_coherent(struct device *dev)
{
#if defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_DEVICE) || \
	defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_CPU) || \
	defined(CONFIG_ARCH_HAS_SYNC_DMA_FOR_CPU_ALL)
	dev->dma_coherent = true;
#endif
}

static void sim_release(struct dma_device *dd)
{
	struct axidma_sim_engine *eng =
		container_of(dd, struct axidma_sim_engine, dd);

	mutex_destroy(&eng->mover_lock);
	kfree(eng);
}

static void sim_chan_init(struct axidma_sim_engine *eng,
			  enum axidma_sim_chan_idx idx)
{
	struct axidma_sim_chan *chan = &eng->chan[idx];
	u32 width = eng->cfg.datawidth[idx] / 8;

	chan->eng = eng;
	chan->idx = idx;
	chan->dir = idx == AXIDMA_SIM_MM2S ? DMA_MEM_TO_DEV : DMA_DEV_TO_MEM;
	INIT_LIST_HEAD(&chan->free_bds);
	INIT_LIST_HEAD(&chan->pending);
	INIT_LIST_HEAD(&chan->active);
	INIT_LIST_HEAD(&chan->done);
	chan->idle = true;
	tasklet_setup(&chan->tasklet, sim_tasklet_fn);
	init_irq_work(&chan->irq_work, sim_irq_handler);
	hrtimer_init(&chan->delay_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL);
	chan->delay_timer.function = sim_delay_timer_fn;

	if (!axidma_sim_has_chan(eng, idx))
		return;

	/* Without DRE (which exists up to 64 bits) buffers are aligned. */
	chan->addr_align = 1;
	if (!eng->cfg.dre[idx] || width > 8) {
		chan->addr_align = width;
		eng->dd.copy_align = max_t(u32, eng->dd.copy_align,
					   ilog2(width));
	}
	eng->dd.directions |= BIT(chan->dir);
	if (width <= DMA_SLAVE_BUSWIDTH_16_BYTES) {
		eng->dd.src_addr_widths |= BIT(width);
		eng->dd.dst_addr_widths |= BIT(width);
	}
	chan->common.device = &eng->dd;
	list_add_tail(&chan->common.device_node, &eng->dd.channels);
}

/* Stop the engine's machinery. No client may use it any more. */
static void sim_engine_stop(struct axidma_sim_engine *eng)
{
	struct axidma_sim_chunk *chunk, *next;
	int i;

	spin_lock_irq(&eng->lock);
	eng->dying = true;
	spin_unlock_irq(&eng->lock);
	cancel_work_sync(&eng->work);
	hrtimer_cancel(&eng->wake_timer);
	cancel_work_sync(&eng->work);
	for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++) {
		hrtimer_cancel(&eng->chan[i].delay_timer);
		irq_work_sync(&eng->chan[i].irq_work);
		tasklet_kill(&eng->chan[i].tasklet);
	}
	list_for_each_entry_safe(chunk, next, &eng->fifo, node)
		kfree(chunk);
	INIT_LIST_HEAD(&eng->fifo);
	eng->fifo_bytes = 0;
	eng->fifo_packets = 0;
}

static void sim_probe_failed(struct device *dev, int err)
{
	struct axidma_sim_pdata *pd = dev_get_platdata(dev);

	if (!dev->of_node && pd)
		pd->probe_err = err;
}

static int sim_probe(struct platform_device *pdev)
{
	struct axidma_sim_pdata *pd = dev_get_platdata(&pdev->dev);
	struct device *dev = &pdev->dev;
	struct axidma_sim_engine *eng;
	struct dma_device *dd;
	int i, n, ret;

	eng = kzalloc(sizeof(*eng), GFP_KERNEL);
	if (!eng) {
		ret = -ENOMEM;
		goto fail;
	}
	eng->dev = dev;
	if (dev->of_node) {
		ret = sim_parse_dt(dev, &eng->cfg);
		if (ret)
			goto free;
	} else if (pd) {
		eng->cfg = pd->cfg;
		strscpy(eng->client, pd->client, sizeof(eng->client));
		strscpy(eng->tx_name, pd->tx_name, sizeof(eng->tx_name));
		strscpy(eng->rx_name, pd->rx_name, sizeof(eng->rx_name));
		sim_set_coherent(dev);
	} else {
		dev_err(dev, "no device tree node and no platform data\n");
		ret = -EINVAL;
		goto free;
	}
	ret = sim_check_config(dev, &eng->cfg);
	if (ret)
		goto free;

	if (!dev_is_dma_coherent(dev)) {
		dev_err(dev, "needs dma-coherent: the simulated engine moves data through cacheable CPU mappings\n");
		ret = -EINVAL;
		goto free;
	}
	ret = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(eng->cfg.addrwidth));
	if (ret) {
		dev_err(dev, "cannot set a %u-bit DMA mask\n",
			eng->cfg.addrwidth);
		goto free;
	}

	eng->max_len = (1U << eng->cfg.sg_length_width) - 1;
	eng->addr_mask = DMA_BIT_MASK(eng->cfg.addrwidth);
	eng->sg_mode = eng->cfg.include_sg;
	eng->irq_delay = eng->cfg.irq_delay;
	eng->sink_len = 4096;
	spin_lock_init(&eng->lock);
	mutex_init(&eng->mover_lock);
	INIT_WORK(&eng->work, sim_mover);
	hrtimer_init(&eng->wake_timer, CLOCK_MONOTONIC, HRTIMER_MODE_ABS);
	eng->wake_timer.function = sim_wake_timer_fn;
	INIT_LIST_HEAD(&eng->fifo);

	dd = &eng->dd;
	dd->dev = dev;
	INIT_LIST_HEAD(&dd->channels);
	for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++)
		sim_chan_init(eng, i);
	dma_cap_set(DMA_SLAVE, dd->cap_mask);
	dma_cap_set(DMA_PRIVATE, dd->cap_mask);
	dma_cap_set(DMA_CYCLIC, dd->cap_mask);
	dd->residue_granularity = DMA_RESIDUE_GRANULARITY_SEGMENT;
	dd->max_sg_burst = AXIDMA_SIM_NUM_BDS;
	dd->device_alloc_chan_resources = sim_alloc_chan_resources;
	dd->device_free_chan_resources = sim_free_chan_resources;
	dd->device_prep_slave_sg = sim_prep_slave_sg;
	dd->device_prep_dma_cyclic = sim_prep_dma_cyclic;
	dd->device_config = sim_device_config;
	if (eng->cfg.per_chan_caps)
		dd->device_caps = sim_device_caps;
	dd->device_terminate_all = sim_terminate_all;
	dd->device_synchronize = sim_synchronize;
	dd->device_tx_status = sim_tx_status;
	dd->device_issue_pending = sim_issue_pending;
	dd->device_release = sim_release;

	if (eng->client[0]) {
		n = 0;
		if (axidma_sim_has_chan(eng, AXIDMA_SIM_MM2S)) {
			eng->map[n].devname = eng->client;
			eng->map[n].slave = eng->tx_name;
			eng->map[n++].param = &eng->chan[AXIDMA_SIM_MM2S].common;
		}
		if (axidma_sim_has_chan(eng, AXIDMA_SIM_S2MM)) {
			eng->map[n].devname = eng->client;
			eng->map[n].slave = eng->rx_name;
			eng->map[n++].param = &eng->chan[AXIDMA_SIM_S2MM].common;
		}
		dd->filter.map = eng->map;
		dd->filter.mapcnt = n;
		dd->filter.fn = sim_filter_fn;
	}

	/* Longest segment a client should map: one BD, aligned. */
	dma_set_max_seg_size(dev, rounddown(eng->max_len,
					    1U << dd->copy_align));

	platform_set_drvdata(pdev, eng);
	axidma_sim_debugfs_add(eng);

	ret = dma_async_device_register(dd);
	if (ret) {
		dev_err(dev, "cannot register the DMA device: %d\n", ret);
		axidma_sim_debugfs_remove(eng);
		goto free;
	}
	if (dev->of_node) {
		ret = of_dma_controller_register(dev->of_node, sim_of_xlate,
						 eng);
		if (ret) {
			dev_err(dev, "cannot register the DMA controller: %d\n",
				ret);
			axidma_sim_debugfs_remove(eng);
			sim_engine_stop(eng);
			/* Frees eng through sim_release(). */
			dma_async_device_unregister(dd);
			goto fail;
		}
	}

	dev_info(dev, "simulated AXI DMA:%s%s, %s mode, %u-bit addresses, BDs up to %u bytes, irq-delay %u\n",
		 axidma_sim_has_chan(eng, AXIDMA_SIM_MM2S) ? " mm2s" : "",
		 axidma_sim_has_chan(eng, AXIDMA_SIM_S2MM) ? " s2mm" : "",
		 eng->sg_mode ? "SG" : "direct", eng->cfg.addrwidth,
		 eng->max_len, eng->irq_delay);
	return 0;

free:
	if (eng)
		mutex_destroy(&eng->mover_lock);
	kfree(eng);
fail:
	sim_probe_failed(dev, ret);
	return ret;
}

static void sim_remove_common(struct platform_device *pdev)
{
	struct axidma_sim_engine *eng = platform_get_drvdata(pdev);

	if (pdev->dev.of_node)
		of_dma_controller_free(pdev->dev.of_node);
	axidma_sim_debugfs_remove(eng);
	sim_engine_stop(eng);
	/* Frees eng once no client holds a channel (sim_release()). */
	dma_async_device_unregister(&eng->dd);
}

#ifdef AXIDMA_SIM_VOID_REMOVE
static void sim_remove(struct platform_device *pdev)
{
	sim_remove_common(pdev);
}
#else
static int sim_remove(struct platform_device *pdev)
{
	sim_remove_common(pdev);
	return 0;
}
#endif

/**
 * axidma_sim_engine_in_use() - whether a client holds a channel of an engine
 * @dev: the engine's platform device, bound to this driver
 *
 * Return: true when a channel is held.
 */
bool axidma_sim_engine_in_use(struct device *dev)
{
	struct axidma_sim_engine *eng;
	bool busy = false;
	int i;

	device_lock(dev);
	eng = dev_get_drvdata(dev);
	for (i = 0; eng && i < AXIDMA_SIM_NR_CHANS; i++)
		if (axidma_sim_has_chan(eng, i) &&
		    READ_ONCE(eng->chan[i].common.client_count))
			busy = true;
	device_unlock(dev);
	return busy;
}

static const struct of_device_id sim_of_match[] = {
	{ .compatible = "axidma,axi-dma-sim" },
	{ }
};
MODULE_DEVICE_TABLE(of, sim_of_match);

struct platform_driver axidma_sim_driver = {
	.probe = sim_probe,
	.remove = sim_remove,
	.driver = {
		.name = AXIDMA_SIM_DRV_NAME,
		.of_match_table = sim_of_match,
		/* The provider must not be unbound under a client. */
		.suppress_bind_attrs = true,
		/* configfs "live" reports the probe result. */
		.probe_type = PROBE_FORCE_SYNCHRONOUS,
	},
};

static int __init axidma_sim_init(void)
{
	int ret;

	axidma_sim_wq = alloc_workqueue("axidma-sim", WQ_UNBOUND, 0);
	if (!axidma_sim_wq)
		return -ENOMEM;
	axidma_sim_debugfs_init();
	ret = platform_driver_register(&axidma_sim_driver);
	if (ret)
		goto err_debugfs;
	ret = axidma_sim_configfs_init();
	if (ret)
		goto err_driver;
	return 0;

err_driver:
	platform_driver_unregister(&axidma_sim_driver);
err_debugfs:
	axidma_sim_debugfs_exit();
	destroy_workqueue(axidma_sim_wq);
	return ret;
}
module_init(axidma_sim_init);

static void __exit axidma_sim_exit(void)
{
	axidma_sim_configfs_exit();
	platform_driver_unregister(&axidma_sim_driver);
	axidma_sim_debugfs_exit();
	destroy_workqueue(axidma_sim_wq);
}
module_exit(axidma_sim_exit);

MODULE_DESCRIPTION("Simulated Xilinx AXI DMA dmaengine provider");
MODULE_LICENSE("GPL");
MODULE_ALIAS("platform:" AXIDMA_SIM_DRV_NAME);
