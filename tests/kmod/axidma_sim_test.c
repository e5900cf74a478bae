// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_sim_test: an in-kernel dmaengine client that checks the simulated
 * AXI DMA provider (axidma_sim) against its specification
 * (shared docs/sim-spec.md) through the plain dmaengine API, and steers and
 * observes the simulated hardware through sim/axidma_sim.h.
 *
 * The module drives a platform device "axidma-sim-test": from the device
 * tree (compatible "axidma,sim-test", arm64 tests) or, with nodt=1,
 * registered by the module itself so that the simulators' dma_slave_map
 * entries (client=axidma-sim-test) match it. The channels are
 * tx0/rx0 .. tx2/rx2 and rx3 (docs/HACKING.md describes the four engines).
 *
 * Cases run one at a time, synchronously, from debugfs:
 *
 *	cat /sys/kernel/debug/axidma-sim-test/cases
 *	echo coalesce > /sys/kernel/debug/axidma-sim-test/run
 *
 * The write returns its length when the case passed, a negative errno when
 * it failed; the reason is in the kernel log, prefixed
 * "axidma-sim-test: <case>:".
 *
 * Every case requests its channels afresh and releases them at its end, so
 * cases are independent. All per-transfer state (buffers, descriptors'
 * callback data) belongs to the case and is freed only after
 * dmaengine_terminate_sync() of every channel the case held.
 */

#define pr_fmt(fmt) "axidma-sim-test: " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/dmaengine.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/platform_device.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "../../sim/axidma_sim.h"

/* Linux 5.10 (see tests/kmod/Kbuild) */
#ifndef AST_HAVE_GET_DMA_DEVICE
#define dmaengine_get_dma_device(chan) ((chan)->device->dev)
#endif
#ifndef in_hardirq
#define in_hardirq() in_irq()
#endif

#define AST_NAME	"axidma-sim-test"
#define AST_TIMEOUT_MS	5000	/* a transfer that must complete */
#define AST_QUIET_MS	200	/* silence that shows "no callback" */
#define AST_POISON	0xa5	/* rx buffers before the transfer */
#define AST_GUARD	64	/* poisoned bytes after each rx buffer */
#define AST_POOL	255	/* BDs per channel (Linux 6.1) */
#define AST_ANY		U64_MAX	/* a counter not checked */

static bool nodt;
module_param(nodt, bool, 0444);
MODULE_PARM_DESC(nodt,
		 "register the platform device " AST_NAME " (no device tree)");

/*
 * The engines of docs/HACKING.md, as tests/dts/axidma-test.dtsi and the VM
 * suite's configfs instances make them.
 */
struct ast_engine {
	const char *tx;		/* slave names; NULL: no such channel */
	const char *rx;
	unsigned int width;	/* stream data width, bytes */
	bool dre;		/* data realignment engine */
	unsigned int len_width;	/* xlnx,sg-length-width */
	unsigned int irq_delay;	/* xlnx,irq-delay */
};

static const struct ast_engine ast_engines[] = {
	{ "tx0", "rx0", 8, true, 23, 0 },
	{ "tx1", "rx1", 4, false, 8, 0 },
	{ "tx2", "rx2", 8, false, 23, 10 },
	{ NULL, "rx3", 4, true, 23, 0 },
};

/* one run of one case */
struct ast_run {
	const char *name;		/* the case */
	struct device *dev;		/* the client device */
	struct task_struct *task;	/* the thread running the case */
	spinlock_t lock;		/* adds to the lists (threaded cases) */
	struct list_head chans;		/* struct ast_chan */
	struct list_head bufs;		/* struct ast_buf */
	struct list_head xfers;		/* struct ast_xfer */
	wait_queue_head_t wq;		/* woken by every callback */
	atomic_t cb_seq;		/* callbacks so far: orders them */
	atomic_t bad_ctx;		/* callbacks made in a wrong context */
	unsigned int bad_pc;		/* preempt_count() of the first one */
	atomic_t seed;
	u32 seed0;
	struct rnd_state rnd;		/* random sizes (main thread only) */
};

struct ast_chan {
	struct list_head node;
	struct dma_chan *chan;
	struct device *dma_dev;		/* dmaengine_get_dma_device() */
	const struct ast_engine *eng;
	const char *name;
	enum dma_transfer_direction dir;
};

struct ast_buf {
	struct list_head node;
	struct device *dma_dev;
	void *cpu;
	void *mem;		/* kmalloc memory of a streaming mapping */
	dma_addr_t dma;
	size_t len;
	enum dma_data_direction dir;
};

/* one submitted descriptor and what its callback reported */
struct ast_xfer {
	struct list_head node;
	struct ast_run *r;
	struct ast_chan *c;
	atomic_t calls;			/* callbacks so far */
	dma_cookie_t cookie;
	enum dmaengine_tx_result result;
	u32 residue;
	int seq;			/* r->cb_seq at the last callback */
	ktime_t t_done;
	void (*chain)(struct ast_xfer *x);	/* called by the callback */
	void *chain_data;
};

/* ---------------------------------------------------------------------- */
/* messages and expectations */

static __printf(2, 3) void ast_err(struct ast_run *r, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("%s: %pV\n", r->name, &vaf);
	va_end(args);
}

static int ast_eq(struct ast_run *r, const char *what, u64 got, u64 exp)
{
	if (got == exp)
		return 0;
	ast_err(r, "%s is %llu, expected %llu", what, got, exp);
	return -EINVAL;
}

static int ast_ge(struct ast_run *r, const char *what, u64 got, u64 min)
{
	if (got >= min)
		return 0;
	ast_err(r, "%s is %llu, expected at least %llu", what, got, min);
	return -EINVAL;
}

/* ---------------------------------------------------------------------- */
/* data patterns: position- and seed-dependent bytes */

static u32 ast_seed(struct ast_run *r)
{
	u32 x = atomic_add_return(0x9e3779b9, &r->seed);

	x ^= x >> 16;
	x *= 0x7feb352d;
	x ^= x >> 15;
	return x;
}

static u32 ast_rand(struct ast_run *r, u32 below)
{
	return prandom_u32_state(&r->rnd) % below;
}

static inline u8 ast_pattern(u32 seed, size_t i)
{
	u32 x = seed + (u32)i * 0x9e3779b1;

	x ^= x >> 16;
	x *= 0x85ebca6b;
	x ^= x >> 13;
	return x ^ (x >> 24);
}

static void ast_fill(void *p, size_t len, u32 seed)
{
	u8 *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		b[i] = ast_pattern(seed, i);
}

/* @len bytes at @p must be the pattern @seed from its byte @from on */
static int ast_check(struct ast_run *r, const char *what, const void *p,
		     size_t len, u32 seed, size_t from)
{
	const u8 *b = p;
	size_t i, bad = 0, first = 0;

	for (i = 0; i < len; i++) {
		if (b[i] == ast_pattern(seed, from + i))
			continue;
		if (!bad++)
			first = i;
	}
	if (!bad)
		return 0;
	ast_err(r, "%s: byte %zu of %zu is %#04x, expected %#04x (%zu bytes differ)",
		what, first, len, b[first], ast_pattern(seed, from + first),
		bad);
	return -EIO;
}

/* @len bytes at @p must be untouched */
static int ast_check_poison(struct ast_run *r, const char *what,
			    const void *p, size_t len)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < len; i++) {
		if (b[i] != AST_POISON) {
			ast_err(r, "%s: byte %zu of %zu was written (%#04x)",
				what, i, len, b[i]);
			return -EIO;
		}
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* channels */

static void ast_track(struct ast_run *r, struct list_head *node,
		      struct list_head *list)
{
	spin_lock(&r->lock);
	list_add_tail(node, list);
	spin_unlock(&r->lock);
}

static unsigned int ast_align(const struct ast_engine *e)
{
	return e->dre && e->width <= 8 ? 1 : e->width;
}

/* the number of BDs the engine makes of one scatterlist entry */
static unsigned int ast_bds(const struct ast_engine *e, size_t len)
{
	size_t max = (1UL << e->len_width) - 1;
	unsigned int n = 0;
	size_t copy;

	while (len) {
		copy = min(len, max);
		if (copy < len)
			copy = rounddown(copy, ast_align(e));
		len -= copy;
		n++;
	}
	return n;
}

static const struct ast_engine *ast_engine_of(const char *name,
					      enum dma_transfer_direction *dir)
{
	const struct ast_engine *e;

	for (e = ast_engines; e < ast_engines + ARRAY_SIZE(ast_engines); e++) {
		if (e->tx && !strcmp(e->tx, name)) {
			*dir = DMA_MEM_TO_DEV;
			return e;
		}
		if (e->rx && !strcmp(e->rx, name)) {
			*dir = DMA_DEV_TO_MEM;
			return e;
		}
	}
	return NULL;
}

static int ast_set(struct ast_run *r, struct ast_chan *c,
		   enum axidma_sim_knob knob, u64 val)
{
	int ret = axidma_sim_set_knob(c->chan, knob, val);

	if (ret)
		ast_err(r, "%s: knob %d = %llu: %pe", c->name, knob, val,
			ERR_PTR(ret));
	return ret;
}

static int ast_set_engine(struct ast_run *r, struct ast_chan *c,
			  enum axidma_sim_engine_knob knob, u64 val)
{
	int ret = axidma_sim_set_engine_knob(c->chan, knob, val);

	if (ret)
		ast_err(r, "%s: engine knob %d = %llu: %pe", c->name, knob,
			val, ERR_PTR(ret));
	return ret;
}

/* every knob back to its default, FIFO empty, counters zero */
static int ast_reset_chan(struct ast_run *r, struct ast_chan *c)
{
	static const enum axidma_sim_knob knobs[] = {
		AXIDMA_SIM_ERROR_ON_BD, AXIDMA_SIM_ERROR_COMPLETES,
		AXIDMA_SIM_STALL, AXIDMA_SIM_DELAY_US, AXIDMA_SIM_BANDWIDTH,
	};
	static const enum axidma_sim_knob tx_knobs[] = {
		AXIDMA_SIM_SHORT_BY, AXIDMA_SIM_DROP_TLAST,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(knobs); i++) {
		ret = ast_set(r, c, knobs[i], 0);
		if (ret)
			return ret;
	}
	for (i = 0; c->dir == DMA_MEM_TO_DEV && i < ARRAY_SIZE(tx_knobs); i++) {
		ret = ast_set(r, c, tx_knobs[i], 0);
		if (ret)
			return ret;
	}
	ret = ast_set_engine(r, c, AXIDMA_SIM_SG_MODE, 1) ?:
	      ast_set_engine(r, c, AXIDMA_SIM_SINK, 0) ?:
	      ast_set_engine(r, c, AXIDMA_SIM_SINK_LEN, 4096) ?:
	      ast_set_engine(r, c, AXIDMA_SIM_FIFO_DEPTH, 0) ?:
	      ast_set_engine(r, c, AXIDMA_SIM_IRQ_DELAY, c->eng->irq_delay) ?:
	      ast_set_engine(r, c, AXIDMA_SIM_FIFO_FLUSH, 0);
	axidma_sim_reset_counters(c->chan);
	return ret;
}

static struct ast_chan *ast_get(struct ast_run *r, const char *name)
{
	const struct ast_engine *eng;
	enum dma_transfer_direction dir;
	struct dma_chan *chan;
	struct ast_chan *c;
	int ret;

	eng = ast_engine_of(name, &dir);
	if (!eng)
		return ERR_PTR(-EINVAL);
	chan = dma_request_chan(r->dev, name);
	if (IS_ERR(chan)) {
		ast_err(r, "cannot request %s: %pe", name, chan);
		return ERR_CAST(chan);
	}
	if (!axidma_sim_is_sim_chan(chan)) {
		ast_err(r, "%s is %s, not a simulated channel", name,
			dma_chan_name(chan));
		dma_release_channel(chan);
		return ERR_PTR(-ENODEV);
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		dma_release_channel(chan);
		return ERR_PTR(-ENOMEM);
	}
	c->chan = chan;
	c->dma_dev = dmaengine_get_dma_device(chan);
	c->eng = eng;
	c->name = name;
	c->dir = dir;
	ast_track(r, &c->node, &r->chans);
	ret = ast_reset_chan(r, c);
	return ret ? ERR_PTR(ret) : c;
}

/* get a tx/rx pair (or only one of them: NULL name) */
static int ast_get2(struct ast_run *r, const char *txn, const char *rxn,
		    struct ast_chan **tx, struct ast_chan **rx)
{
	*tx = ast_get(r, txn);
	if (IS_ERR(*tx))
		return PTR_ERR(*tx);
	*rx = ast_get(r, rxn);
	return PTR_ERR_OR_ZERO(*rx);
}

/* release early (the case's other resources must not use it any more) */
static void ast_put(struct ast_run *r, struct ast_chan *c)
{
	dmaengine_terminate_sync(c->chan);
	spin_lock(&r->lock);
	list_del(&c->node);
	spin_unlock(&r->lock);
	dma_release_channel(c->chan);
	kfree(c);
}

/* ---------------------------------------------------------------------- */
/* buffers */

static struct ast_buf *ast_buf_new(struct ast_run *r, struct ast_chan *c,
				   size_t len)
{
	struct ast_buf *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->dma_dev = c->dma_dev;
	b->len = len;
	b->cpu = dma_alloc_coherent(b->dma_dev, len, &b->dma, GFP_KERNEL);
	if (!b->cpu) {
		ast_err(r, "cannot allocate %zu coherent bytes", len);
		kfree(b);
		return NULL;
	}
	ast_track(r, &b->node, &r->bufs);
	return b;
}

/*
 * The usual buffers of a loopback case: a tx buffer of @tlen bytes filled
 * with the pattern of @seed and an rx buffer of @rlen bytes poisoned, so
 * that stale or misplaced bytes show.
 */
static int ast_loop_bufs(struct ast_run *r, struct ast_chan *tx, size_t tlen,
			 struct ast_chan *rx, size_t rlen, u32 seed,
			 struct ast_buf **tb, struct ast_buf **rb)
{
	*tb = ast_buf_new(r, tx, tlen);
	*rb = ast_buf_new(r, rx, rlen);
	if (!*tb || !*rb)
		return -ENOMEM;
	ast_fill((*tb)->cpu, (*tb)->len, seed);
	memset((*rb)->cpu, AST_POISON, (*rb)->len);
	return 0;
}

/* kmalloc memory at @off into the allocation, dma_map_single()d */
static struct ast_buf *ast_buf_map(struct ast_run *r, struct ast_chan *c,
				   size_t len, size_t off)
{
	struct ast_buf *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return NULL;
	b->mem = kmalloc(off + len, GFP_KERNEL);
	if (!b->mem) {
		kfree(b);
		return NULL;
	}
	b->dma_dev = c->dma_dev;
	b->len = len;
	b->cpu = b->mem + off;
	b->dir = c->dir == DMA_MEM_TO_DEV ? DMA_TO_DEVICE : DMA_FROM_DEVICE;
	b->dma = dma_map_single(b->dma_dev, b->cpu, len, b->dir);
	if (dma_mapping_error(b->dma_dev, b->dma)) {
		ast_err(r, "cannot map %zu bytes", len);
		kfree(b->mem);
		kfree(b);
		return NULL;
	}
	ast_track(r, &b->node, &r->bufs);
	return b;
}

static void ast_buf_release(struct ast_buf *b)
{
	if (b->mem) {
		dma_unmap_single(b->dma_dev, b->dma, b->len, b->dir);
		kfree(b->mem);
	} else {
		dma_free_coherent(b->dma_dev, b->len, b->cpu, b->dma);
	}
	kfree(b);
}

/* free early: only when no descriptor uses @b any more */
static void ast_buf_free(struct ast_run *r, struct ast_buf *b)
{
	spin_lock(&r->lock);
	list_del(&b->node);
	spin_unlock(&r->lock);
	ast_buf_release(b);
}

/* ---------------------------------------------------------------------- */
/* transfers */

static void ast_callback(void *param, const struct dmaengine_result *res)
{
	struct ast_xfer *x = param;
	struct ast_run *r = x->r;

	/*
	 * The completion path is a tasklet that drops the channel lock
	 * around the callback: interrupts on, not in hardirq context, never
	 * inside the client's own prep/submit/issue call, and in task
	 * context (a provider using a work item) no spinlock held (visible
	 * with CONFIG_PREEMPT_COUNT; softirqs may run with preemption off).
	 */
	if (irqs_disabled() || in_hardirq() || in_nmi() ||
	    (in_task() && current == r->task) ||
	    (in_task() && IS_ENABLED(CONFIG_PREEMPT_COUNT) &&
	     (preempt_count() & PREEMPT_MASK))) {
		if (atomic_inc_return(&r->bad_ctx) == 1)
			r->bad_pc = preempt_count() |
				    (irqs_disabled() ? 0x80000000 : 0);
	}
	x->result = res ? res->result : DMA_TRANS_NOERROR;
	x->residue = res ? res->residue : 0;
	x->seq = atomic_inc_return(&r->cb_seq);
	x->t_done = ktime_get();
	if (x->chain)
		x->chain(x);
	atomic_inc(&x->calls);
	/* r lives until every channel is terminated and synchronized */
	wake_up_all(&r->wq);
}

static struct ast_xfer *ast_xfer_new(struct ast_run *r, struct ast_chan *c)
{
	struct ast_xfer *x = kzalloc(sizeof(*x), GFP_KERNEL);

	if (!x)
		return NULL;
	x->r = r;
	x->c = c;
	ast_track(r, &x->node, &r->xfers);
	return x;
}

/* submit @tx with @x as its callback data; atomic context is fine */
static int ast_submit(struct ast_run *r, struct ast_xfer *x,
		      struct dma_async_tx_descriptor *tx)
{
	if (!tx) {
		ast_err(r, "%s: prep returned NULL", x->c->name);
		return -ENOMEM;
	}
	tx->callback_result = ast_callback;
	tx->callback_param = x;
	x->cookie = dmaengine_submit(tx);
	if (dma_submit_error(x->cookie)) {
		ast_err(r, "%s: submit failed: %pe", x->c->name,
			ERR_PTR(x->cookie));
		return x->cookie;
	}
	return 0;
}

static struct dma_async_tx_descriptor *
ast_prep(struct ast_chan *c, dma_addr_t dma, size_t len)
{
	return dmaengine_prep_slave_single(c->chan, dma, len, c->dir,
					   DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
}

/* prep @len bytes at @off of @b and submit them, without issuing */
static struct ast_xfer *ast_queue(struct ast_run *r, struct ast_chan *c,
				  struct ast_buf *b, size_t off, size_t len)
{
	struct dma_async_tx_descriptor *tx;
	struct ast_xfer *x;
	int ret;

	x = ast_xfer_new(r, c);
	if (!x)
		return ERR_PTR(-ENOMEM);
	tx = ast_prep(c, b->dma + off, len);
	if (!tx) {
		ast_err(r, "%s: prep of %zu bytes returned NULL", c->name, len);
		return ERR_PTR(-ENOMEM);
	}
	ret = ast_submit(r, x, tx);
	return ret ? ERR_PTR(ret) : x;
}

static void ast_issue(struct ast_chan *c)
{
	dma_async_issue_pending(c->chan);
}

/* wait until @x has had @n callbacks (cyclic: periods) */
static int ast_wait_calls(struct ast_run *r, struct ast_xfer *x, int n,
			  unsigned int ms)
{
	if (wait_event_timeout(r->wq, atomic_read(&x->calls) >= n,
			       msecs_to_jiffies(ms)))
		return 0;
	ast_err(r, "%s: cookie %d: %d callbacks within %u ms, expected %d",
		x->c->name, x->cookie, atomic_read(&x->calls), ms, n);
	return -ETIMEDOUT;
}

static int ast_wait_ms(struct ast_run *r, struct ast_xfer *x, unsigned int ms)
{
	return ast_wait_calls(r, x, 1, ms);
}

/* wait for the one callback of @x and check what it reported */
static int ast_done(struct ast_run *r, struct ast_xfer *x,
		    enum dmaengine_tx_result result, u32 residue)
{
	int ret = ast_wait_ms(r, x, AST_TIMEOUT_MS);

	if (ret)
		return ret;
	if (x->result != result || x->residue != residue) {
		ast_err(r, "%s: cookie %d: result %d residue %u, expected %d and %u",
			x->c->name, x->cookie, x->result, x->residue, result,
			residue);
		return -EINVAL;
	}
	if (atomic_read(&x->calls) != 1) {
		ast_err(r, "%s: cookie %d: %d callbacks", x->c->name,
			x->cookie, atomic_read(&x->calls));
		return -EINVAL;
	}
	return 0;
}

/* @x has had no callback */
static int ast_quiet(struct ast_run *r, struct ast_xfer *x)
{
	if (!atomic_read(&x->calls))
		return 0;
	ast_err(r, "%s: cookie %d: unexpected callback (result %d, residue %u)",
		x->c->name, x->cookie, x->result, x->residue);
	return -EINVAL;
}

static int ast_status(struct ast_run *r, struct ast_xfer *x,
		      enum dma_status status, u32 residue)
{
	struct dma_tx_state state = { };
	enum dma_status got;

	got = dmaengine_tx_status(x->c->chan, x->cookie, &state);
	if (got == status && state.residue == residue)
		return 0;
	ast_err(r, "%s: cookie %d: tx_status %d residue %u, expected %d and %u",
		x->c->name, x->cookie, got, state.residue, status, residue);
	return -EINVAL;
}

static int ast_fifo(struct ast_run *r, struct ast_chan *c, u64 bytes,
		    u64 packets)
{
	u64 b, p;
	int ret;

	ret = axidma_sim_fifo_level(c->chan, &b, &p);
	if (ret) {
		ast_err(r, "%s: fifo level: %pe", c->name, ERR_PTR(ret));
		return ret;
	}
	if (b == bytes && p == packets)
		return 0;
	ast_err(r, "%s: FIFO holds %llu bytes in %llu packets, expected %llu in %llu",
		c->name, b, p, bytes, packets);
	return -EINVAL;
}

/*
 * The data mover runs beside the completion path: what it does right after
 * an IOC (dropping the tail of a packet, S2MM taking data) may lag behind a
 * callback. Poll for a level that must come.
 */
static int ast_fifo_wait(struct ast_run *r, struct ast_chan *c, u64 bytes,
			 u64 packets)
{
	unsigned int i;
	u64 b, p;

	for (i = 0; i < AST_TIMEOUT_MS / 20; i++) {
		if (axidma_sim_fifo_level(c->chan, &b, &p))
			break;
		if (b == bytes && p == packets)
			return 0;
		msleep(20);
	}
	return ast_fifo(r, c, bytes, packets);
}

static int ast_status_wait(struct ast_run *r, struct ast_xfer *x,
			   enum dma_status status, u32 residue)
{
	struct dma_tx_state state = { };
	unsigned int i;

	for (i = 0; i < AST_TIMEOUT_MS / 20; i++) {
		if (dmaengine_tx_status(x->c->chan, x->cookie, &state) ==
		    status && state.residue == residue)
			return 0;
		msleep(20);
	}
	return ast_status(r, x, status, residue);
}

static void ast_counters_any(struct axidma_sim_counters *c)
{
	c->descriptors = AST_ANY;
	c->bds = AST_ANY;
	c->bytes = AST_ANY;
	c->packets = AST_ANY;
	c->errors = AST_ANY;
	c->batches = AST_ANY;
	c->interrupts = AST_ANY;
	c->dropped = AST_ANY;
}

/* the channel's counters are @exp (AST_ANY: not checked) */
static int ast_counters(struct ast_run *r, struct ast_chan *c,
			const struct axidma_sim_counters *exp)
{
#define AST_FIELD(f) { #f, offsetof(struct axidma_sim_counters, f) }
	static const struct {
		const char *name;
		size_t off;
	} fields[] = {
		AST_FIELD(descriptors), AST_FIELD(bds), AST_FIELD(bytes),
		AST_FIELD(packets), AST_FIELD(errors), AST_FIELD(batches),
		AST_FIELD(interrupts), AST_FIELD(dropped),
	};
#undef AST_FIELD
	struct axidma_sim_counters got;
	unsigned int i;
	int ret;

	ret = axidma_sim_get_counters(c->chan, &got);
	if (ret) {
		ast_err(r, "%s: counters: %pe", c->name, ERR_PTR(ret));
		return ret;
	}
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		u64 e = *(const u64 *)((const u8 *)exp + fields[i].off);
		u64 g = *(const u64 *)((const u8 *)&got + fields[i].off);

		if (e == AST_ANY || e == g)
			continue;
		ast_err(r, "%s: counter %s is %llu, expected %llu", c->name,
			fields[i].name, g, e);
		ret = -EINVAL;
	}
	return ret;
}

/* counters after @n whole packets of @bytes bytes in @bds BDs, one batch */
static int ast_counters_simple(struct ast_run *r, struct ast_chan *c, u64 n,
			       u64 bds, u64 bytes, u64 batches, u64 irqs)
{
	struct axidma_sim_counters exp = {
		.descriptors = n, .bds = bds, .bytes = bytes, .packets = n,
		.errors = 0, .batches = batches, .interrupts = irqs,
		.dropped = 0,
	};

	return ast_counters(r, c, &exp);
}

/*
 * Send one patterned packet of @len bytes from @txoff of a tx buffer into
 * @rxoff of an rx buffer through the loopback and check every byte, and
 * that no byte around the rx window was written.
 */
static int ast_loop(struct ast_run *r, struct ast_chan *tx,
		    struct ast_chan *rx, size_t len, size_t txoff,
		    size_t rxoff)
{
	u32 seed = ast_seed(r);
	struct ast_xfer *xt, *xr;
	struct ast_buf *tb, *rb;
	int ret;

	tb = ast_buf_new(r, tx, txoff + len);
	rb = ast_buf_new(r, rx, rxoff + len + AST_GUARD);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu + txoff, len, seed);
	memset(rb->cpu, AST_POISON, rb->len);

	xr = ast_queue(r, rx, rb, rxoff, len);
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	xt = ast_queue(r, tx, tb, txoff, len);
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);

	ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr, DMA_TRANS_NOERROR, 0) ?:
	      ast_check(r, "rx data", rb->cpu + rxoff, len, seed, 0) ?:
	      ast_check_poison(r, "before rx window", rb->cpu, rxoff) ?:
	      ast_check_poison(r, "after rx window", rb->cpu + rxoff + len,
			       AST_GUARD);
	if (ret) {
		ast_err(r, "%s -> %s: %zu bytes (offsets %zu -> %zu) failed",
			tx->name, rx->name, len, txoff, rxoff);
		return ret;
	}
	ast_buf_free(r, tb);
	ast_buf_free(r, rb);
	return 0;
}

static struct ast_chan *ast_held(struct ast_run *r, const char *name)
{
	struct ast_chan *c;

	list_for_each_entry(c, &r->chans, node)
		if (name && !strcmp(c->name, name))
			return c;
	return NULL;
}

/*
 * The FIFOs of the engines the case used must be empty at its end: stale
 * data would be a bug of the case or of the simulator (the reset of the
 * channels flushes them for the next case).
 */
static int ast_fifos_empty(struct ast_run *r)
{
	const struct ast_engine *e;
	struct ast_chan *c;
	u64 bytes, pkts;
	int ret = 0;

	for (e = ast_engines; e < ast_engines + ARRAY_SIZE(ast_engines); e++) {
		c = ast_held(r, e->tx) ?: ast_held(r, e->rx);
		if (!c || axidma_sim_fifo_level(c->chan, &bytes, &pkts) ||
		    (!bytes && !pkts))
			continue;
		ast_err(r, "%llu bytes (%llu packets) left in the FIFO of %s",
			bytes, pkts, c->name);
		ret = -EINVAL;
	}
	return ret;
}

/* ---------------------------------------------------------------------- */
/* cases: capabilities and plain transfers */

static int ast_case_caps(struct ast_run *r)
{
	static const char * const names[] = {
		"tx0", "rx0", "tx1", "rx1", "tx2", "rx2", "rx3",
	};
	struct dma_slave_config cfg = {
		.src_addr_width = DMA_SLAVE_BUSWIDTH_8_BYTES,
		.dst_addr_width = DMA_SLAVE_BUSWIDTH_8_BYTES,
		.src_maxburst = 16,
		.dst_maxburst = 16,
	};
	struct dma_slave_caps caps;
	struct dma_device *dev;
	struct ast_chan *c;
	unsigned int i;
	u32 want;
	int ret;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		c = ast_get(r, names[i]);
		if (IS_ERR(c))
			return PTR_ERR(c);
		dev = c->chan->device;
		ret = dma_get_slave_caps(c->chan, &caps);
		if (ret) {
			ast_err(r, "%s: dma_get_slave_caps: %pe", c->name,
				ERR_PTR(ret));
			return ret;
		}
		cfg.direction = c->dir;
		/*
		 * Engine 1 reports per channel (axidma-sim,per-channel-caps);
		 * the others, as the real driver, report the union of their
		 * channels' directions on every channel.
		 */
		if (!strcmp(names[i], "tx1") || !strcmp(names[i], "rx1") ||
		    !strcmp(names[i], "rx3"))
			want = BIT(c->dir);
		else
			want = BIT(DMA_MEM_TO_DEV) | BIT(DMA_DEV_TO_MEM);
		ret = ast_eq(r, "directions", caps.directions, want) ?:
		      ast_eq(r, "residue granularity",
			     caps.residue_granularity,
			     DMA_RESIDUE_GRANULARITY_SEGMENT) ?:
		      ast_eq(r, "cmd_terminate", caps.cmd_terminate, 1) ?:
		      ast_eq(r, "cmd_pause", caps.cmd_pause, 0) ?:
		      ast_eq(r, "cmd_resume", caps.cmd_resume, 0) ?:
		      ast_eq(r, "DMA_SLAVE", dma_has_cap(DMA_SLAVE,
							 dev->cap_mask), 1) ?:
		      ast_eq(r, "DMA_PRIVATE", dma_has_cap(DMA_PRIVATE,
							   dev->cap_mask), 1) ?:
		      ast_eq(r, "DMA_CYCLIC", dma_has_cap(DMA_CYCLIC,
							  dev->cap_mask), 1) ?:
		      ast_eq(r, "DMA_MEMCPY", dma_has_cap(DMA_MEMCPY,
							  dev->cap_mask), 0) ?:
		      ast_eq(r, "copy_align", dev->copy_align,
			     ilog2(ast_align(c->eng))) ?:
		      ast_eq(r, "max segment size",
			     dma_get_max_seg_size(c->dma_dev),
			     rounddown((1U << c->eng->len_width) - 1,
				       1U << dev->copy_align)) ?:
		      ast_eq(r, "max_sg_burst", caps.max_sg_burst, AST_POOL) ?:
		      ast_eq(r, "src_addr_widths", caps.src_addr_widths,
			     BIT(c->eng->width)) ?:
		      ast_eq(r, "dst_addr_widths", caps.dst_addr_widths,
			     BIT(c->eng->width)) ?:
		      ast_eq(r, "device_config",
			     -dmaengine_slave_config(c->chan, &cfg), 0);
		if (ret) {
			ast_err(r, "%s: capabilities differ", c->name);
			return ret;
		}
	}
	return 0;
}

static int ast_loop_sizes(struct ast_run *r, const char *txn,
			  const char *rxn, const size_t *sizes,
			  unsigned int n)
{
	struct ast_chan *tx, *rx;
	unsigned int i;
	int ret;

	ret = ast_get2(r, txn, rxn, &tx, &rx);
	for (i = 0; !ret && i < n; i++)
		ret = ast_loop(r, tx, rx, sizes[i], 0, 0);
	return ret;
}

static int ast_case_loop_e0(struct ast_run *r)
{
	size_t sizes[] = { 1, 8, 4096, SZ_1M, 1 + ast_rand(r, SZ_64K), 3 };

	return ast_loop_sizes(r, "tx0", "rx0", sizes, ARRAY_SIZE(sizes));
}

static int ast_case_loop_e1(struct ast_run *r)
{
	/* 4-byte aligned; 60000 bytes are 239 BDs of at most 252 */
	size_t sizes[] = {
		4, 8, 252, 256, 4096, 60000, 4 + 4 * ast_rand(r, 15000),
	};

	return ast_loop_sizes(r, "tx1", "rx1", sizes, ARRAY_SIZE(sizes));
}

static int ast_case_loop_e2(struct ast_run *r)
{
	size_t sizes[] = { 8, 4096, SZ_1M, 8 + 8 * ast_rand(r, SZ_16K) };

	return ast_loop_sizes(r, "tx2", "rx2", sizes, ARRAY_SIZE(sizes));
}

/* engine 0 has DRE: any byte address and length */
static int ast_case_unaligned_dre(struct ast_run *r)
{
	static const size_t v[][3] = {	/* len, tx offset, rx offset */
		{ 3, 1, 5 }, { 4093, 3, 7 }, { 65535, 5, 1 }, { 17, 7, 2 },
		{ 1, 6, 3 },
	};
	struct ast_chan *tx, *rx;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	for (i = 0; !ret && i < ARRAY_SIZE(v); i++)
		ret = ast_loop(r, tx, rx, v[i][0], v[i][1], v[i][2]);
	return ret;
}

/* streaming mappings of kmalloc memory, with the sync calls */
static int ast_case_map_single(struct ast_run *r)
{
	static const size_t v[][3] = {	/* len, tx offset, rx offset */
		{ 8192, 0, 0 }, { 1500, 3, 1 }, { 100000, 0, 0 },
	};
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt, *xr;
	struct ast_buf *tb, *rb;
	unsigned int i;
	size_t len;
	u32 seed;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	for (i = 0; !ret && i < ARRAY_SIZE(v); i++) {
		len = v[i][0];
		seed = ast_seed(r);
		tb = ast_buf_map(r, tx, len, v[i][1]);
		rb = ast_buf_map(r, rx, len, v[i][2]);
		if (!tb || !rb)
			return -ENOMEM;
		dma_sync_single_for_cpu(tb->dma_dev, tb->dma, len, tb->dir);
		ast_fill(tb->cpu, len, seed);
		dma_sync_single_for_device(tb->dma_dev, tb->dma, len, tb->dir);
		dma_sync_single_for_cpu(rb->dma_dev, rb->dma, len, rb->dir);
		memset(rb->cpu, AST_POISON, len);
		dma_sync_single_for_device(rb->dma_dev, rb->dma, len, rb->dir);

		xr = ast_queue(r, rx, rb, 0, len);
		if (IS_ERR(xr))
			return PTR_ERR(xr);
		ast_issue(rx);
		xt = ast_queue(r, tx, tb, 0, len);
		if (IS_ERR(xt))
			return PTR_ERR(xt);
		ast_issue(tx);
		ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, xr, DMA_TRANS_NOERROR, 0);
		if (ret)
			return ret;
		dma_sync_single_for_cpu(rb->dma_dev, rb->dma, len, rb->dir);
		ret = ast_check(r, "rx data", rb->cpu, len, seed, 0);
	}
	return ret;
}

/* @n packets of distinct sizes in one batch each way */
static int ast_batch(struct ast_run *r, struct ast_chan *tx,
		     struct ast_chan *rx, unsigned int n, bool rx_first,
		     bool check_counters)
{
	struct ast_xfer **xt, **xr;
	size_t *len, *off, total = 0;
	unsigned int i, bds = 0;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret = -ENOMEM;

	xt = kcalloc(n, sizeof(*xt), GFP_KERNEL);
	xr = kcalloc(n, sizeof(*xr), GFP_KERNEL);
	len = kcalloc(n, sizeof(*len), GFP_KERNEL);
	off = kcalloc(n, sizeof(*off), GFP_KERNEL);
	if (!xt || !xr || !len || !off)
		goto out;
	for (i = 0; i < n; i++) {
		len[i] = round_up(64 + 37 * i, ast_align(tx->eng));
		off[i] = total;
		total += len[i] + AST_GUARD;
		bds += ast_bds(tx->eng, len[i]);
	}
	tb = ast_buf_new(r, tx, total);
	rb = ast_buf_new(r, rx, total);
	if (!tb || !rb)
		goto out;
	ast_fill(tb->cpu, total, seed);
	memset(rb->cpu, AST_POISON, total);

	ret = 0;
	for (i = 0; !ret && rx_first && i < n; i++) {
		xr[i] = ast_queue(r, rx, rb, off[i], len[i]);
		ret = PTR_ERR_OR_ZERO(xr[i]);
	}
	if (rx_first)
		ast_issue(rx);
	for (i = 0; !ret && i < n; i++) {
		xt[i] = ast_queue(r, tx, tb, off[i], len[i]);
		ret = PTR_ERR_OR_ZERO(xt[i]);
	}
	if (ret)
		goto out;
	ast_issue(tx);
	if (!rx_first) {
		/* the FIFO holds them all until rx runs */
		for (i = 0; !ret && i < n; i++)
			ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
		ret = ret ?: ast_fifo(r, tx, total - n * AST_GUARD, n);
		for (i = 0; !ret && i < n; i++) {
			xr[i] = ast_queue(r, rx, rb, off[i], len[i]);
			ret = PTR_ERR_OR_ZERO(xr[i]);
		}
		if (ret)
			goto out;
		ast_issue(rx);
	}
	for (i = 0; !ret && i < n; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, xr[i], DMA_TRANS_NOERROR, 0);
	/* in cookie order */
	for (i = 1; !ret && i < n; i++) {
		if (xr[i]->seq < xr[i - 1]->seq || xt[i]->seq < xt[i - 1]->seq) {
			ast_err(r, "callback of descriptor %u came before the one of %u",
				i, i - 1);
			ret = -EINVAL;
		}
	}
	for (i = 0; !ret && i < n; i++)
		ret = ast_check(r, "rx data", rb->cpu + off[i], len[i], seed,
				off[i]) ?:
		      ast_check_poison(r, "between rx windows",
				       rb->cpu + off[i] + len[i], AST_GUARD);
	if (!ret && check_counters)
		ret = ast_counters_simple(r, tx, n, bds, total - n * AST_GUARD,
					  1, 1) ?:
		      ast_counters_simple(r, rx, n, bds, total - n * AST_GUARD,
					  1, 1);
	ret = ret ?: ast_fifo(r, tx, 0, 0);
out:
	kfree(off);
	kfree(len);
	kfree(xr);
	kfree(xt);
	return ret;
}

static int ast_case_batch_many(struct ast_run *r)
{
	struct ast_chan *tx, *rx;

	return ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	       ast_batch(r, tx, rx, 64, true, true);
}

static int ast_case_order_rx_first(struct ast_run *r)
{
	struct ast_chan *tx, *rx;

	return ast_get2(r, "tx2", "rx2", &tx, &rx) ?:
	       ast_batch(r, tx, rx, 5, true, false);
}

static int ast_case_order_tx_first(struct ast_run *r)
{
	struct ast_chan *tx, *rx;

	return ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	       ast_batch(r, tx, rx, 5, false, false);
}

/* counters: three packets split into BDs on engine 1 */
static int ast_case_counters(struct ast_run *r)
{
	static const size_t len[] = { 1000, 252, 600 };	/* 4 + 1 + 3 BDs */
	struct ast_xfer *xt[3], *xr[3];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx1", "rx1", &tx, &rx);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, SZ_4K);
	rb = ast_buf_new(r, rx, SZ_4K);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu, SZ_4K, seed);
	memset(rb->cpu, AST_POISON, SZ_4K);
	for (i = 0; i < 3; i++) {
		xr[i] = ast_queue(r, rx, rb, i * 1024, len[i]);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	for (i = 0; i < 3; i++) {
		xt[i] = ast_queue(r, tx, tb, i * 1024, len[i]);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	for (i = 0; !ret && i < 3; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, xr[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_check(r, "rx data", rb->cpu + i * 1024, len[i], seed,
				i * 1024);
	return ret ?:
	       ast_counters_simple(r, tx, 3, 8, 1852, 1, 1) ?:
	       ast_counters_simple(r, rx, 3, 8, 1852, 1, 1);
}

/* several engines at once, each driven by its own thread */
struct ast_thread {
	struct ast_run *r;
	struct ast_chan *tx, *rx;
	int ret;
};

static int ast_thread_fn(void *arg)
{
	struct ast_thread *t = arg;
	unsigned int i;

	for (i = 0; !t->ret && i < 40; i++)
		t->ret = ast_loop(t->r, t->tx, t->rx,
				  (i * 1528 + 64) & ~7UL, 0, 0);
	while (!kthread_should_stop())
		schedule_timeout_interruptible(1);
	return 0;
}

static int ast_case_concurrent(struct ast_run *r)
{
	static const char * const names[][2] = {
		{ "tx0", "rx0" }, { "tx1", "rx1" }, { "tx2", "rx2" },
	};
	struct ast_thread t[ARRAY_SIZE(names)] = { };
	struct task_struct *task[ARRAY_SIZE(names)] = { };
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < ARRAY_SIZE(names); i++) {
		t[i].r = r;
		ret = ast_get2(r, names[i][0], names[i][1], &t[i].tx,
			       &t[i].rx);
	}
	if (ret)
		return ret;
	/* widen the windows: each engine takes a while per descriptor */
	for (i = 0; !ret && i < ARRAY_SIZE(names); i++)
		ret = ast_set(r, t[i].tx, AXIDMA_SIM_DELAY_US, 200 * (i + 1));
	for (i = 0; !ret && i < ARRAY_SIZE(names); i++) {
		task[i] = kthread_run(ast_thread_fn, &t[i], "ast-%s",
				      names[i][0]);
		if (IS_ERR(task[i])) {
			ret = PTR_ERR(task[i]);
			task[i] = NULL;
		} else {
			get_task_struct(task[i]);
		}
	}
	/* each thread's waits are bounded, so is this */
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!task[i])
			continue;
		kthread_stop(task[i]);
		put_task_struct(task[i]);
		if (t[i].ret && !ret) {
			ast_err(r, "engine of %s failed", names[i][0]);
			ret = t[i].ret;
		}
	}
	return ret;
}

static int ast_case_chan_busy(struct ast_run *r)
{
	struct dma_chan *again;
	struct ast_chan *c;
	int i;

	for (i = 0; i < 2; i++) {
		c = ast_get(r, i ? "rx3" : "tx0");
		if (IS_ERR(c))
			return PTR_ERR(c);
		again = dma_request_chan(r->dev, c->name);
		if (!IS_ERR(again)) {
			ast_err(r, "%s: requested twice", c->name);
			dma_release_channel(again);
			return -EINVAL;
		}
		ast_put(r, c);
		c = ast_get(r, i ? "rx3" : "tx0");
		if (IS_ERR(c)) {
			ast_err(r, "cannot request a released channel again");
			return PTR_ERR(c);
		}
	}
	return 0;
}

/* request, transfer, release: many times (resources freed each time) */
static int ast_case_chan_reuse(struct ast_run *r)
{
	struct ast_chan *tx, *rx;
	unsigned int i;
	int ret = 0;

	for (i = 0; !ret && i < 20; i++) {
		ret = ast_get2(r, "tx1", "rx1", &tx, &rx) ?:
		      ast_loop(r, tx, rx, 16 + 4 * i, 0, 0) ?:
		      ast_counters_simple(r, rx, 1, 1, 16 + 4 * i, 1, 1);
		if (ret)
			return ret;
		ast_put(r, rx);
		ast_put(r, tx);
	}
	return 0;
}

/* ---------------------------------------------------------------------- */
/* cases: packets, residue, limits */

/* one packet of @txlen into one rx descriptor of @rxlen */
static int ast_short(struct ast_run *r, struct ast_chan *tx,
		     struct ast_chan *rx, size_t txlen, size_t rxlen,
		     size_t lost)
{
	size_t got = txlen - lost;
	struct ast_xfer *xt, *xr;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret;

	tb = ast_buf_new(r, tx, txlen);
	rb = ast_buf_new(r, rx, rxlen + AST_GUARD);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu, txlen, seed);
	memset(rb->cpu, AST_POISON, rb->len);
	xr = ast_queue(r, rx, rb, 0, rxlen);
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	xt = ast_queue(r, tx, tb, 0, txlen);
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);
	ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr, DMA_TRANS_NOERROR, rxlen - got) ?:
	      ast_check(r, "rx data", rb->cpu, got, seed, 0) ?:
	      ast_check_poison(r, "rx after the packet", rb->cpu + got,
			       rb->len - got) ?:
	      ast_status(r, xr, DMA_COMPLETE, 0);
	if (ret)
		ast_err(r, "%zu bytes (%zu lost) into %zu failed", txlen, lost,
			rxlen);
	return ret;
}

static int ast_case_short_tx(struct ast_run *r)
{
	struct ast_chan *tx, *rx;

	return ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	       ast_short(r, tx, rx, 1000, 4096, 0) ?:
	       ast_short(r, tx, rx, 1, 64, 0) ?:
	       ast_counters_simple(r, rx, 2, 2, 1001, 2, 2);
}

static int ast_case_short_by(struct ast_run *r)
{
	struct ast_chan *tx, *rx;

	return ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	       ast_set(r, tx, AXIDMA_SIM_SHORT_BY, 5) ?:
	       ast_short(r, tx, rx, 4096, 4096, 5) ?:
	       ast_short(r, tx, rx, 100, 200, 5) ?:
	       ast_set(r, tx, AXIDMA_SIM_SHORT_BY, 0) ?:
	       ast_short(r, tx, rx, 100, 200, 0);
}

/* build a scatterlist of @n entries of @len[] bytes over @b */
static struct scatterlist *ast_sgl(struct ast_buf *b, const size_t *len,
				   unsigned int n)
{
	struct scatterlist *sgl, *sg;
	dma_addr_t dma = b->dma;
	unsigned int i;

	sgl = kcalloc(n, sizeof(*sgl), GFP_KERNEL);
	if (!sgl)
		return NULL;
	sg_init_table(sgl, n);
	for_each_sg(sgl, sg, n, i) {
		sg_dma_address(sg) = dma;
		sg_dma_len(sg) = len[i];
		dma += len[i];
	}
	return sgl;
}

static struct ast_xfer *ast_queue_sg(struct ast_run *r, struct ast_chan *c,
				     struct ast_buf *b, const size_t *len,
				     unsigned int n)
{
	struct dma_async_tx_descriptor *tx;
	struct scatterlist *sgl;
	struct ast_xfer *x;
	int ret;

	x = ast_xfer_new(r, c);
	sgl = ast_sgl(b, len, n);
	if (!x || !sgl) {
		kfree(sgl);
		return ERR_PTR(-ENOMEM);
	}
	tx = dmaengine_prep_slave_sg(c->chan, sgl, n, c->dir,
				     DMA_PREP_INTERRUPT | DMA_CTRL_ACK);
	kfree(sgl);
	ret = ast_submit(r, x, tx);
	return ret ? ERR_PTR(ret) : x;
}

/* engine 1 splits at 255 bytes, rounded down to 252 (4-byte aligned) */
static int ast_case_split(struct ast_run *r)
{
	static const size_t sizes[] = { 252, 256, 504, 508, 1000, 10000 };
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	unsigned int i, bds;
	int ret;

	ret = ast_get2(r, "tx1", "rx1", &tx, &rx);
	for (i = 0; !ret && i < ARRAY_SIZE(sizes); i++) {
		bds = ast_bds(tx->eng, sizes[i]);
		ast_counters_any(&exp);
		exp.bds = bds;
		exp.bytes = sizes[i];
		axidma_sim_reset_counters(tx->chan);
		axidma_sim_reset_counters(rx->chan);
		ret = ast_loop(r, tx, rx, sizes[i], 0, 0) ?:
		      ast_counters(r, tx, &exp) ?:
		      ast_counters(r, rx, &exp);
		if (ret)
			ast_err(r, "%zu bytes: expected %u BDs", sizes[i], bds);
	}
	return ret;
}

/* a scatterlist of several entries is one packet; each entry is split */
static int ast_case_split_sg(struct ast_run *r)
{
	static const size_t txl[] = { 300, 8, 700, 4 };	/* 2 + 1 + 3 + 1 */
	static const size_t rxl[] = { 12, 1000 };	/* 1 + 4 */
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt, *xr;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret;

	ret = ast_get2(r, "tx1", "rx1", &tx, &rx);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 1012);
	rb = ast_buf_new(r, rx, 1012 + AST_GUARD);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu, 1012, seed);
	memset(rb->cpu, AST_POISON, rb->len);
	xr = ast_queue_sg(r, rx, rb, rxl, ARRAY_SIZE(rxl));
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	xt = ast_queue_sg(r, tx, tb, txl, ARRAY_SIZE(txl));
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);
	ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr, DMA_TRANS_NOERROR, 0) ?:
	      ast_check(r, "rx data", rb->cpu, 1012, seed, 0) ?:
	      ast_check_poison(r, "after rx", rb->cpu + 1012, AST_GUARD);
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.descriptors = 1;
	exp.packets = 1;
	exp.bytes = 1012;
	exp.bds = 7;
	ret = ast_counters(r, tx, &exp);
	exp.bds = 5;
	return ret ?: ast_counters(r, rx, &exp);
}

/* zero-length entries: prep returns NULL, and the channel still works */
static int ast_case_zero_len(struct ast_run *r)
{
	static const size_t len[] = { 64, 0, 64 };
	struct dma_async_tx_descriptor *d;
	struct ast_chan *tx, *rx, *c;
	struct scatterlist *sgl;
	struct ast_buf *b;
	int ret, i;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		c = i ? rx : tx;
		b = ast_buf_new(r, c, 128);
		if (!b)
			return -ENOMEM;
		d = ast_prep(c, b->dma, 0);
		if (d) {
			ast_err(r, "%s: prep of 0 bytes did not fail", c->name);
			return -EINVAL;
		}
		sgl = ast_sgl(b, len, ARRAY_SIZE(len));
		if (!sgl)
			return -ENOMEM;
		d = dmaengine_prep_slave_sg(c->chan, sgl, ARRAY_SIZE(len),
					    c->dir, DMA_PREP_INTERRUPT);
		kfree(sgl);
		if (d) {
			ast_err(r, "%s: prep of a 0-byte sg entry did not fail",
				c->name);
			return -EINVAL;
		}
	}
	return ast_loop(r, tx, rx, 128, 0, 0) ?:
	       ast_counters_simple(r, tx, 1, 1, 128, 1, 1);
}

/*
 * Prep+submit descriptors on rx1 until the BD pool is empty: 255 one-BD
 * descriptors. A two-BD descriptor does not fit when one BD is left.
 */
static int ast_fill_pool(struct ast_run *r, struct ast_chan *rx,
			 struct ast_buf *b, struct ast_xfer **x)
{
	struct dma_async_tx_descriptor *d;
	unsigned int i;

	for (i = 0; i < AST_POOL; i++) {
		if (i == AST_POOL - 1) {
			d = ast_prep(rx, b->dma, 256);	/* 252 + 4: 2 BDs */
			if (d) {
				ast_err(r, "a 2-BD prep succeeded with 1 BD left");
				return -EINVAL;
			}
		}
		x[i] = ast_queue(r, rx, b, 8 * i, 4);
		if (IS_ERR(x[i])) {
			ast_err(r, "prep %u of %u failed", i + 1, AST_POOL);
			return PTR_ERR(x[i]);
		}
	}
	if (ast_prep(rx, b->dma, 4)) {
		ast_err(r, "prep %u succeeded: the pool is larger than %u BDs",
			AST_POOL + 1, AST_POOL);
		return -EINVAL;
	}
	return 0;
}

static int ast_case_pool(struct ast_run *r)
{
	struct ast_xfer **x, **xt;
	struct ast_chan *tx, *rx;
	struct ast_buf *b, *tb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	x = kcalloc(AST_POOL, sizeof(*x), GFP_KERNEL);
	xt = kcalloc(AST_POOL, sizeof(*xt), GFP_KERNEL);
	ret = x && xt ? ast_get2(r, "tx1", "rx1", &tx, &rx) : -ENOMEM;
	if (ret)
		goto out;
	ret = -ENOMEM;
	b = ast_buf_new(r, rx, 8 * AST_POOL);
	tb = ast_buf_new(r, tx, 8 * AST_POOL);
	if (!b || !tb)
		goto out;
	memset(b->cpu, AST_POISON, b->len);
	ast_fill(tb->cpu, tb->len, seed);

	/* exhaust, then give every BD back by terminating */
	ret = ast_fill_pool(r, rx, b, x);
	if (ret)
		goto out;
	dmaengine_terminate_sync(rx->chan);
	for (i = 0; !ret && i < AST_POOL; i++)
		ret = ast_quiet(r, x[i]);
	/* exhaust again, then give them back by completing them */
	ret = ret ?: ast_fill_pool(r, rx, b, x);
	if (ret)
		goto out;
	ast_issue(rx);
	for (i = 0; !ret && i < AST_POOL; i++) {
		xt[i] = ast_queue(r, tx, tb, 8 * i, 4);
		ret = PTR_ERR_OR_ZERO(xt[i]);
	}
	if (ret)
		goto out;
	ast_issue(tx);
	for (i = 0; !ret && i < AST_POOL; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, x[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_check(r, "rx data", b->cpu + 8 * i, 4, seed, 8 * i) ?:
		      ast_check_poison(r, "rx gap", b->cpu + 8 * i + 4, 4);
	ret = ret ?: ast_fill_pool(r, rx, b, x);
out:
	kfree(xt);
	kfree(x);
	return ret;
}

static int ast_case_drop_tlast(struct ast_run *r)
{
	struct ast_xfer *xt[3], *xr[2];
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_DROP_TLAST, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 350);
	rb = ast_buf_new(r, rx, 8192);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu, 350, seed);
	memset(rb->cpu, AST_POISON, rb->len);
	for (i = 0; i < 2; i++) {
		xr[i] = ast_queue(r, rx, rb, 4096 * i, 4096);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	/* 100 bytes without TLAST, then 200: one packet of 300; then 50 */
	xt[0] = ast_queue(r, tx, tb, 0, 100);
	xt[1] = ast_queue(r, tx, tb, 100, 200);
	xt[2] = ast_queue(r, tx, tb, 300, 50);
	for (i = 0; i < 3; i++)
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	ast_issue(tx);
	for (i = 0; !ret && i < 3; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
	ret = ret ?:
	      ast_done(r, xr[0], DMA_TRANS_NOERROR, 4096 - 300) ?:
	      ast_done(r, xr[1], DMA_TRANS_NOERROR, 4096 - 50) ?:
	      ast_check(r, "merged packet", rb->cpu, 300, seed, 0) ?:
	      ast_check_poison(r, "after merged", rb->cpu + 300, 4096 - 300) ?:
	      ast_check(r, "next packet", rb->cpu + 4096, 50, seed, 300) ?:
	      ast_check_poison(r, "after next", rb->cpu + 4096 + 50,
			       4096 - 50);
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.descriptors = 2;
	exp.packets = 2;
	exp.bytes = 350;
	return ast_counters(r, rx, &exp);
}

/*
 * A packet longer than the rx descriptor continues into its next BD and
 * the rest is dropped and counted at the descriptor's end; the next
 * packet arrives intact.
 */
static int ast_case_overlong(struct ast_run *r)
{
	static const size_t rxl[] = { 300, 300 };
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[3], *xr[3];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 4096);
	rb = ast_buf_new(r, rx, 4096);
	if (!tb || !rb)
		return -ENOMEM;
	ast_fill(tb->cpu, 4096, seed);
	memset(rb->cpu, AST_POISON, rb->len);
	/*
	 * 1000 into 600 (one BD) alone in its batch; then, as the next
	 * batch, 1000 into 300 + 300 (two BDs, at 0 again) and 100 into 1024
	 */
	xr[0] = ast_queue(r, rx, rb, 0, 600);
	if (IS_ERR(xr[0]))
		return PTR_ERR(xr[0]);
	ast_issue(rx);
	xr[1] = ast_queue_sg(r, rx, rb, rxl, 2);
	xr[2] = ast_queue(r, rx, rb, 2048, 1024);
	xt[0] = ast_queue(r, tx, tb, 0, 1000);
	for (i = 1; i < 3; i++)
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	if (IS_ERR(xt[0]))
		return PTR_ERR(xt[0]);
	ast_issue(rx);
	ast_issue(tx);
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[0], DMA_TRANS_NOERROR, 0) ?:
	      ast_check(r, "first 600", rb->cpu, 600, seed, 0) ?:
	      ast_check_poison(r, "after 600", rb->cpu + 600, 2048 - 600) ?:
	      ast_fifo_wait(r, rx, 0, 0);
	if (ret)
		return ret;
	memset(rb->cpu, AST_POISON, 2048);
	xt[1] = ast_queue(r, tx, tb, 1000, 1000);
	xt[2] = ast_queue(r, tx, tb, 2000, 100);
	if (IS_ERR(xt[1]) || IS_ERR(xt[2]))
		return -EINVAL;
	ast_issue(tx);
	ret = ast_done(r, xt[1], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xt[2], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[1], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[2], DMA_TRANS_NOERROR, 1024 - 100) ?:
	      ast_check(r, "second 600", rb->cpu, 600, seed, 1000) ?:
	      ast_check_poison(r, "after second 600", rb->cpu + 600,
			       2048 - 600) ?:
	      ast_check(r, "next packet", rb->cpu + 2048, 100, seed, 2000) ?:
	      ast_check_poison(r, "after next packet", rb->cpu + 2148,
			       1024 - 100);
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.descriptors = 3;
	exp.packets = 3;
	exp.bytes = 600 + 600 + 100;
	exp.dropped = 400 + 400;
	return ast_counters(r, rx, &exp);
}

/* ---------------------------------------------------------------------- */
/* cases: batches, coalescing, direct mode */

/*
 * Four S2MM descriptors issued together are one batch with a threshold of
 * four: with irq-delay 0 three packets make no callback; the fourth
 * completes all of them with one interrupt.
 */
static int ast_coalesce(struct ast_run *r, const char *txn, const char *rxn,
			bool timer)
{
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[4], *xr[4];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i, sent = timer ? 1 : 3;
	int ret;

	ret = ast_get2(r, txn, rxn, &tx, &rx);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 4 * 512, rx, 4 * 512, seed, &tb, &rb);
	if (ret)
		return ret;
	for (i = 0; i < 4; i++) {
		xr[i] = ast_queue(r, rx, rb, 512 * i, 512);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	for (i = 0; i < sent; i++) {
		xt[i] = ast_queue(r, tx, tb, 512 * i, 512);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	for (i = 0; !ret && i < sent; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
	if (ret)
		return ret;
	if (timer) {
		/* the delay timer completes the lone packet */
		ret = ast_done(r, xr[0], DMA_TRANS_NOERROR, 0);
		msleep(AST_QUIET_MS);
		for (i = 1; !ret && i < 4; i++)
			ret = ast_quiet(r, xr[i]);
	} else {
		msleep(AST_QUIET_MS);
		for (i = 0; !ret && i < 4; i++)
			ret = ast_quiet(r, xr[i]);
		/* the data is there already, only the interrupt waits */
		ret = ret ?: ast_fifo_wait(r, tx, 0, 0) ?:
		      ast_check(r, "rx data before the interrupt", rb->cpu,
				512 * sent, seed, 0);
	}
	ast_counters_any(&exp);
	exp.interrupts = timer ? 1 : 0;
	exp.packets = sent;
	exp.batches = 1;
	ret = ret ?: ast_counters(r, rx, &exp);
	if (ret)
		return ret;
	for (i = sent; i < 4; i++) {
		xt[i] = ast_queue(r, tx, tb, 512 * i, 512);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	for (i = sent; !ret && i < 4; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
	for (i = 0; !ret && i < 4; i++)
		ret = ast_done(r, xr[i], DMA_TRANS_NOERROR, 0);
	ret = ret ?: ast_check(r, "rx data", rb->cpu, rb->len, seed, 0);
	if (ret)
		return ret;
	exp.descriptors = 4;
	exp.packets = 4;
	exp.interrupts = timer ? AST_ANY : 1;
	return ast_counters(r, rx, &exp);
}

static int ast_case_coalesce(struct ast_run *r)
{
	return ast_coalesce(r, "tx0", "rx0", false);
}

static int ast_case_irq_delay(struct ast_run *r)
{
	return ast_coalesce(r, "tx2", "rx2", true);
}

/* descriptors issued while a batch runs wait for the next batch */
static int ast_case_batch_next(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[3], *xr[3];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 3 * 256, rx, 3 * 256, seed, &tb, &rb);
	if (ret)
		return ret;
	/* A alone, then B and C while A's batch runs */
	for (i = 0; i < 3; i++) {
		xr[i] = ast_queue(r, rx, rb, 256 * i, 256);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
		if (i != 1)
			ast_issue(rx);
	}
	ast_counters_any(&exp);
	exp.batches = 1;
	ret = ast_counters(r, rx, &exp);
	if (ret)
		return ret;
	/* one packet completes A (threshold 1); B+C then are one batch */
	xt[0] = ast_queue(r, tx, tb, 0, 256);
	if (IS_ERR(xt[0]))
		return PTR_ERR(xt[0]);
	ast_issue(tx);
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[0], DMA_TRANS_NOERROR, 0);
	if (ret)
		return ret;
	xt[1] = ast_queue(r, tx, tb, 256, 256);
	if (IS_ERR(xt[1]))
		return PTR_ERR(xt[1]);
	ast_issue(tx);
	ret = ast_done(r, xt[1], DMA_TRANS_NOERROR, 0);
	msleep(AST_QUIET_MS);
	ret = ret ?: ast_quiet(r, xr[1]) ?: ast_quiet(r, xr[2]);
	if (ret) {
		ast_err(r, "B and C are not one batch");
		return ret;
	}
	xt[2] = ast_queue(r, tx, tb, 512, 256);
	if (IS_ERR(xt[2]))
		return PTR_ERR(xt[2]);
	ast_issue(tx);
	ret = ast_done(r, xt[2], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[1], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[2], DMA_TRANS_NOERROR, 0) ?:
	      ast_check(r, "rx data", rb->cpu, rb->len, seed, 0);
	if (ret)
		return ret;
	exp.batches = 2;
	exp.interrupts = 2;
	exp.descriptors = 3;
	ret = ast_counters(r, rx, &exp);
	exp.batches = 3;
	exp.interrupts = 3;
	return ret ?: ast_counters(r, tx, &exp);
}

/* direct register mode, one descriptor at a time */
static int ast_case_direct(struct ast_run *r)
{
	struct ast_chan *tx, *rx;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set_engine(r, tx, AXIDMA_SIM_SG_MODE, 0);
	return ret ?: ast_loop(r, tx, rx, 4096, 0, 0) ?:
	       ast_loop(r, tx, rx, 13, 3, 5) ?:
	       ast_loop(r, tx, rx, SZ_1M, 0, 0) ?:
	       ast_counters_simple(r, tx, 3, 3, 4096 + 13 + SZ_1M, 3, 3) ?:
	       ast_counters_simple(r, rx, 3, 3, 4096 + 13 + SZ_1M, 3, 3);
}

/*
 * Direct register mode with several descriptors issued together: as the
 * real 6.1 xilinx_dma driver, a start runs only the first BD of the first
 * descriptor, and its interrupt completes every descriptor of the batch
 * with residue 0. Only the first packet moves; the other rx buffers stay
 * untouched. This is the hazard that makes a client issue one descriptor
 * at a time in direct mode (docs/sim.md).
 */
static int ast_case_direct_queue(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[4], *xr[4];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set_engine(r, tx, AXIDMA_SIM_SG_MODE, 0);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 4 * 1024, rx, 4 * 1024, seed, &tb, &rb);
	if (ret)
		return ret;
	for (i = 0; i < 4; i++) {
		xr[i] = ast_queue(r, rx, rb, 1024 * i, 1024);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	for (i = 0; i < 4; i++) {
		xt[i] = ast_queue(r, tx, tb, 1024 * i, 1000 - 100 * i);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	for (i = 0; !ret && i < 4; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, xr[i], DMA_TRANS_NOERROR, 0);
	if (ret)
		return ret;
	ret = ast_check(r, "rx data", rb->cpu, 1000, seed, 0) ?:
	      ast_check_poison(r, "after the first packet", rb->cpu + 1000,
			       rb->len - 1000);
	for (i = 1; !ret && i < 4; i++) {
		if (xr[i]->seq < xr[i - 1]->seq) {
			ast_err(r, "rx completions out of order");
			ret = -EINVAL;
		}
	}
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.packets = 1;
	exp.errors = 0;
	return ast_counters(r, rx, &exp) ?: ast_counters(r, tx, &exp);
}

/*
 * tx_status of an in-flight descriptor: residue only in SG mode; a mode
 * change is refused while descriptors are queued.
 */
static int ast_case_direct_status(struct ast_run *r)
{
	struct ast_chan *tx, *rx;
	struct ast_xfer *xr;
	struct ast_buf *rb;
	int ret, mode;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	rb = ast_buf_new(r, rx, 2048);
	if (!rb)
		return -ENOMEM;
	for (mode = 1; mode >= 0; mode--) {
		ret = ast_set_engine(r, rx, AXIDMA_SIM_SG_MODE, mode);
		if (ret)
			return ret;
		xr = ast_queue(r, rx, rb, 0, 2048);
		if (IS_ERR(xr))
			return PTR_ERR(xr);
		ast_issue(rx);
		ret = axidma_sim_set_engine_knob(rx->chan, AXIDMA_SIM_SG_MODE,
						 !mode);
		if (ret != -EBUSY) {
			ast_err(r, "mode change with a descriptor active: %d",
				ret);
			return -EINVAL;
		}
		ret = ast_status(r, xr, DMA_IN_PROGRESS, mode ? 2048 : 0);
		dmaengine_terminate_sync(rx->chan);
		if (ret)
			return ret;
	}
	return ast_loop(r, tx, rx, 1024, 0, 0);
}

/* ---------------------------------------------------------------------- */
/* cases: status, termination, errors */

static int ast_case_status(struct ast_run *r)
{
	struct ast_xfer *xt[2], *xr;
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret;

	/* engine 1: a 504-byte rx descriptor is two BDs of 252 */
	ret = ast_get2(r, "tx1", "rx1", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_DROP_TLAST, 1);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 352, rx, 504 + AST_GUARD, seed, &tb, &rb);
	if (ret)
		return ret;
	xr = ast_queue(r, rx, rb, 0, 504);
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	ret = ast_status(r, xr, DMA_IN_PROGRESS, 504);
	if (ret)
		return ret;
	/* 252 bytes without TLAST fill the first BD only */
	xt[0] = ast_queue(r, tx, tb, 0, 252);
	if (IS_ERR(xt[0]))
		return PTR_ERR(xt[0]);
	ast_issue(tx);
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0) ?:
	      ast_status(r, xt[0], DMA_COMPLETE, 0);
	ret = ret ?: ast_status_wait(r, xr, DMA_IN_PROGRESS, 252) ?:
	      ast_quiet(r, xr);
	if (ret)
		return ret;
	xt[1] = ast_queue(r, tx, tb, 252, 100);
	if (IS_ERR(xt[1]))
		return PTR_ERR(xt[1]);
	ast_issue(tx);
	return ast_done(r, xt[1], DMA_TRANS_NOERROR, 0) ?:
	       ast_done(r, xr, DMA_TRANS_NOERROR, 152) ?:
	       ast_status(r, xr, DMA_COMPLETE, 0) ?:
	       ast_check(r, "merged packet", rb->cpu, 352, seed, 0) ?:
	       ast_check_poison(r, "after rx", rb->cpu + 352, rb->len - 352);
}

/* terminate with active and pending descriptors: no callback, ever */
static int ast_case_terminate(struct ast_run *r)
{
	struct ast_xfer *xt[3], *xr[3];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_STALL, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 3 * 256);
	rb = ast_buf_new(r, rx, 3 * 256);
	if (!tb || !rb)
		return -ENOMEM;
	memset(rb->cpu, AST_POISON, rb->len);
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	/* tx: one active (stalled), two pending; rx: two active, one pending */
	for (i = 0; i < 3; i++) {
		xt[i] = ast_queue(r, tx, tb, 256 * i, 256);
		xr[i] = ast_queue(r, rx, rb, 256 * i, 256);
		if (IS_ERR(xt[i]) || IS_ERR(xr[i]))
			return -EINVAL;
		if (i != 1)
			ast_issue(tx);
		if (i != 0)
			ast_issue(rx);
	}
	msleep(50);
	ret = dmaengine_terminate_all(tx->chan) ?:
	      dmaengine_terminate_all(rx->chan);
	if (ret) {
		ast_err(r, "terminate_all: %pe", ERR_PTR(ret));
		return ret;
	}
	dmaengine_synchronize(tx->chan);
	dmaengine_synchronize(rx->chan);
	ret = ast_set(r, tx, AXIDMA_SIM_STALL, 0);
	msleep(AST_QUIET_MS);
	for (i = 0; !ret && i < 3; i++)
		ret = ast_quiet(r, xt[i]) ?: ast_quiet(r, xr[i]);
	ret = ret ?: ast_check_poison(r, "terminated rx", rb->cpu, rb->len) ?:
	      ast_fifo(r, tx, 0, 0);
	if (ret)
		return ret;
	/* and the channels work afterwards; the old ones stay silent */
	ret = ast_loop(r, tx, rx, 777, 0, 0);
	for (i = 0; !ret && i < 3; i++)
		ret = ast_quiet(r, xt[i]) ?: ast_quiet(r, xr[i]);
	return ret ?: ast_eq(r, "callbacks in the case",
			     atomic_read(&r->cb_seq), 2);
}

static int ast_case_stall(struct ast_run *r)
{
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt;
	struct ast_buf *tb;
	int ret;

	ret = ast_get2(r, "tx2", "rx2", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_STALL, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 4096);
	if (!tb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	xt = ast_queue(r, tx, tb, 0, 4096);
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);
	msleep(AST_QUIET_MS);
	ret = ast_quiet(r, xt) ?: ast_status(r, xt, DMA_IN_PROGRESS, 4096) ?:
	      ast_fifo(r, tx, 0, 0);
	dmaengine_terminate_sync(tx->chan);
	ret = ret ?: ast_set(r, tx, AXIDMA_SIM_STALL, 0);
	msleep(50);
	return ret ?: ast_quiet(r, xt) ?: ast_fifo(r, tx, 0, 0) ?:
	       ast_loop(r, tx, rx, 4096, 0, 0);
}

/*
 * error_now with error_completes=0 on a waiting S2MM channel: it halts,
 * nothing completes, nothing is written; after terminate_sync the next
 * submit resets it and the packet waiting in the FIFO arrives.
 */
static int ast_case_error_hang(struct ast_run *r)
{
	struct ast_xfer *xt, *xr, *xr2;
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 1000, rx, 4096, seed, &tb, &rb);
	if (ret)
		return ret;
	xr = ast_queue(r, rx, rb, 0, 2048);
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	ret = ast_set(r, rx, AXIDMA_SIM_ERROR_NOW, 1);
	xt = ast_queue(r, tx, tb, 0, 1000);
	if (ret || IS_ERR(xt))
		return ret ?: PTR_ERR(xt);
	ast_issue(tx);
	ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0);
	msleep(AST_QUIET_MS);
	ret = ret ?: ast_quiet(r, xr) ?:
	      ast_status(r, xr, DMA_IN_PROGRESS, 2048) ?:
	      ast_check_poison(r, "halted rx", rb->cpu, rb->len) ?:
	      ast_fifo(r, tx, 1000, 1);
	ast_counters_any(&exp);
	exp.errors = 1;
	exp.descriptors = 0;
	ret = ret ?: ast_counters(r, rx, &exp);
	dmaengine_terminate_sync(rx->chan);
	if (ret)
		return ret;
	xr2 = ast_queue(r, rx, rb, 2048, 2048);
	if (IS_ERR(xr2))
		return PTR_ERR(xr2);
	ast_issue(rx);
	return ast_done(r, xr2, DMA_TRANS_NOERROR, 2048 - 1000) ?:
	       ast_check(r, "rx after reset", rb->cpu + 2048, 1000, seed, 0) ?:
	       ast_check_poison(r, "first rx", rb->cpu, 2048) ?:
	       ast_quiet(r, xr) ?:
	       ast_loop(r, tx, rx, 4096, 0, 0);
}

/*
 * error_on_bd with error_completes=0 on MM2S: no callback; terminate;
 * the next submit resets the channel and it works.
 */
static int ast_case_error_bd_hang(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt;
	struct ast_buf *tb;
	int ret;

	ret = ast_get2(r, "tx1", "rx1", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_ERROR_ON_BD, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 1024);
	if (!tb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	xt = ast_queue(r, tx, tb, 0, 1024);
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);
	msleep(AST_QUIET_MS);
	ret = ast_quiet(r, xt) ?: ast_fifo(r, tx, 0, 0);
	ast_counters_any(&exp);
	exp.errors = 1;
	exp.descriptors = 0;
	ret = ret ?: ast_counters(r, tx, &exp);
	dmaengine_terminate_sync(tx->chan);
	return ret ?: ast_quiet(r, xt) ?: ast_loop(r, tx, rx, 1024, 0, 0) ?:
	       ast_loop(r, tx, rx, 4, 0, 0);
}

/*
 * error_on_bd with error_completes=1 on S2MM: the running batch completes
 * with DMA_TRANS_READ_FAILED, each descriptor with its residue; data stays
 * in the FIFO; the next submit resets the channel.
 */
static int ast_case_error_rx_fail(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[2], *xr[4];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set(r, rx, AXIDMA_SIM_ERROR_COMPLETES, 1) ?:
	      ast_set(r, rx, AXIDMA_SIM_ERROR_ON_BD, 2);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 2 * 512, rx, 4 * 512, seed, &tb, &rb);
	if (ret)
		return ret;
	for (i = 0; i < 3; i++) {
		xr[i] = ast_queue(r, rx, rb, 512 * i, 512);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	xt[0] = ast_queue(r, tx, tb, 0, 512);
	xt[1] = ast_queue(r, tx, tb, 512, 400);
	if (IS_ERR(xt[0]) || IS_ERR(xt[1]))
		return -EINVAL;
	ast_issue(tx);
	/* the first descriptor takes packet 0; the second BD fails */
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xt[1], DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr[0], DMA_TRANS_READ_FAILED, 0) ?:
	      ast_done(r, xr[1], DMA_TRANS_READ_FAILED, 512) ?:
	      ast_done(r, xr[2], DMA_TRANS_READ_FAILED, 512) ?:
	      ast_check(r, "rx before the error", rb->cpu, 512, seed, 0) ?:
	      ast_check_poison(r, "rx after the error", rb->cpu + 512, 3 * 512);
	ast_counters_any(&exp);
	exp.errors = 1;
	exp.bytes = 512;
	ret = ret ?: ast_counters(r, rx, &exp) ?: ast_fifo(r, tx, 400, 1);
	if (ret)
		return ret;
	/* the next submit resets the channel; packet 1 waited in the FIFO */
	xr[3] = ast_queue(r, rx, rb, 3 * 512, 512);
	if (IS_ERR(xr[3]))
		return PTR_ERR(xr[3]);
	ast_issue(rx);
	return ast_done(r, xr[3], DMA_TRANS_NOERROR, 512 - 400) ?:
	       ast_check(r, "rx after the reset", rb->cpu + 3 * 512, 400, seed,
			 512) ?:
	       ast_loop(r, tx, rx, 2000, 0, 0) ?:
	       ast_loop(r, tx, rx, 8, 0, 0);
}

/*
 * error_now with error_completes=1 on a running MM2S batch: it completes
 * with DMA_TRANS_WRITE_FAILED; the next submit resets the channel.
 */
static int ast_case_error_tx_fail(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt[2];
	struct ast_buf *tb;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_ERROR_COMPLETES, 1) ?:
	      ast_set(r, tx, AXIDMA_SIM_STALL, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 8192);
	if (!tb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	for (i = 0; i < 2; i++) {
		xt[i] = ast_queue(r, tx, tb, 4096 * i, 4096);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	msleep(50);
	ret = ast_quiet(r, xt[0]) ?: ast_set(r, tx, AXIDMA_SIM_ERROR_NOW, 1);
	for (i = 0; !ret && i < 2; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_WRITE_FAILED, 4096);
	ast_counters_any(&exp);
	exp.errors = 1;
	exp.bytes = 0;
	exp.descriptors = 0;
	ret = ret ?: ast_counters(r, tx, &exp) ?: ast_fifo(r, tx, 0, 0) ?:
	      ast_set(r, tx, AXIDMA_SIM_STALL, 0);
	return ret ?: ast_loop(r, tx, rx, 4096, 0, 0) ?: ast_fifo(r, tx, 0, 0);
}

/*
 * A halted channel that is not terminated: the next submit resets it, and
 * the halted descriptor completes at the next interrupt with what it got.
 */
static int ast_case_error_reset(struct ast_run *r)
{
	struct ast_xfer *xt, *xr[2];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 300, rx, 2048, seed, &tb, &rb);
	if (ret)
		return ret;
	xr[0] = ast_queue(r, rx, rb, 0, 1024);
	if (IS_ERR(xr[0]))
		return PTR_ERR(xr[0]);
	ast_issue(rx);
	ret = ast_set(r, rx, AXIDMA_SIM_ERROR_NOW, 1);
	msleep(50);
	ret = ret ?: ast_quiet(r, xr[0]);
	if (ret)
		return ret;
	/* halted: issue_pending starts nothing; the submit resets */
	ast_issue(rx);
	xr[1] = ast_queue(r, rx, rb, 1024, 1024);
	if (IS_ERR(xr[1]))
		return PTR_ERR(xr[1]);
	ast_issue(rx);
	xt = ast_queue(r, tx, tb, 0, 300);
	if (IS_ERR(xt))
		return PTR_ERR(xt);
	ast_issue(tx);
	return ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
	       ast_done(r, xr[0], DMA_TRANS_NOERROR, 1024) ?:
	       ast_done(r, xr[1], DMA_TRANS_NOERROR, 1024 - 300) ?:
	       ast_check_poison(r, "halted rx", rb->cpu, 1024) ?:
	       ast_check(r, "rx after the reset", rb->cpu + 1024, 300, seed,
			 0);
}

/*
 * Engine 1 has no DRE: any length works, but a buffer address that is not
 * 4-byte aligned halts the channel before it moves data (the hardware
 * would transfer from the wrong address).
 */
static int ast_case_unaligned_nodre(struct ast_run *r)
{
	static const size_t lens[] = { 1, 2, 3, 5, 10, 255, 257, 1001 };
	struct axidma_sim_counters exp;
	struct ast_chan *tx, *rx, *c;
	struct ast_xfer *x, *xt;
	struct ast_buf *b, *tb;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx1", "rx1", &tx, &rx);
	for (i = 0; !ret && i < ARRAY_SIZE(lens); i++)
		ret = ast_loop(r, tx, rx, lens[i], 0, 0);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 64);
	if (!tb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	for (i = 0; i < 2; i++) {
		c = i ? rx : tx;
		axidma_sim_reset_counters(c->chan);
		b = ast_buf_new(r, c, 512);
		if (!b)
			return -ENOMEM;
		memset(b->cpu, AST_POISON, b->len);
		x = ast_queue(r, c, b, 2, 64);
		if (IS_ERR(x))
			return PTR_ERR(x);
		ast_issue(c);
		if (c == rx) {
			/* a packet it could take, if it were running */
			xt = ast_queue(r, tx, tb, 0, 64);
			if (IS_ERR(xt))
				return PTR_ERR(xt);
			ast_issue(tx);
			ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0);
		}
		msleep(AST_QUIET_MS);
		ast_counters_any(&exp);
		exp.errors = 1;
		exp.bytes = 0;
		exp.descriptors = 0;
		ret = ret ?: ast_quiet(r, x) ?: ast_counters(r, c, &exp) ?:
		      ast_check_poison(r, "unaligned buffer", b->cpu, b->len) ?:
		      ast_fifo(r, tx, c == rx ? 64 : 0, c == rx ? 1 : 0);
		dmaengine_terminate_sync(c->chan);
		if (ret) {
			ast_err(r, "%s: unaligned buffer", c->name);
			return ret;
		}
	}
	/* the channels work again */
	return ast_set_engine(r, tx, AXIDMA_SIM_FIFO_FLUSH, 0) ?:
	       ast_loop(r, tx, rx, 64, 0, 0);
}

/*
 * An address that is not RAM, or beyond the engine's address width, is a
 * decode error: nothing is touched, the batch fails (error_completes=1).
 */
static int ast_case_bad_addr(struct ast_run *r)
{
	static const u64 bad[] = { 1ULL << 39, (1ULL << 40) + SZ_4K };
	struct ast_chan *tx, *rx;
	struct ast_xfer *xt, *xr;
	struct ast_buf *tb;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set(r, tx, AXIDMA_SIM_ERROR_COMPLETES, 1) ?:
	      ast_set(r, rx, AXIDMA_SIM_ERROR_COMPLETES, 1);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 256);
	if (!tb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, ast_seed(r));
	for (i = 0; !ret && i < ARRAY_SIZE(bad); i++) {
		/* MM2S reads from it */
		xt = ast_xfer_new(r, tx);
		if (!xt)
			return -ENOMEM;
		ret = ast_submit(r, xt, ast_prep(tx, bad[i], 256));
		if (ret)
			return ret;
		ast_issue(tx);
		ret = ast_done(r, xt, DMA_TRANS_WRITE_FAILED, 256) ?:
		      ast_fifo(r, tx, 0, 0);
		if (ret)
			break;
		/* S2MM writes to it: a good packet waits in the FIFO */
		xr = ast_xfer_new(r, rx);
		xt = ast_xfer_new(r, tx);
		if (!xr || !xt)
			return -ENOMEM;
		ret = ast_submit(r, xr, ast_prep(rx, bad[i], 256)) ?:
		      ast_submit(r, xt, ast_prep(tx, tb->dma, 256));
		if (ret)
			return ret;
		ast_issue(rx);
		ast_issue(tx);
		ret = ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, xr, DMA_TRANS_READ_FAILED, 256) ?:
		      ast_fifo(r, tx, 256, 1) ?:
		      ast_set_engine(r, tx, AXIDMA_SIM_FIFO_FLUSH, 0);
		if (ret)
			ast_err(r, "address %#llx", bad[i]);
	}
	return ret ?: ast_loop(r, tx, rx, 256, 0, 0);
}

/* ---------------------------------------------------------------------- */
/* cases: timing and FIFO */

static int ast_timed(struct ast_run *r, const char *txn, const char *rxn,
		     enum axidma_sim_knob knob, u64 val, size_t len,
		     u64 min_us)
{
	struct ast_chan *tx, *rx;
	ktime_t t0;
	s64 us;
	int ret;

	ret = ast_get2(r, txn, rxn, &tx, &rx) ?:
	      ast_set(r, tx, knob, val) ?: ast_set(r, rx, knob, val);
	if (ret)
		return ret;
	t0 = ktime_get();
	ret = ast_loop(r, tx, rx, len, 0, 0);
	us = ktime_us_delta(ktime_get(), t0);
	return ret ?: ast_ge(r, "elapsed us", us, min_us);
}

static int ast_case_delay(struct ast_run *r)
{
	return ast_timed(r, "tx0", "rx0", AXIDMA_SIM_DELAY_US, 100000, 256,
			 100000);
}

static int ast_case_bandwidth(struct ast_run *r)
{
	/* 256 KiB at 2 MB/s: 131 ms at least */
	return ast_timed(r, "tx2", "rx2", AXIDMA_SIM_BANDWIDTH, 2000000,
			 SZ_256K, 125000);
}

/* a bounded FIFO back-pressures MM2S until S2MM takes the data */
static int ast_case_fifo_depth(struct ast_run *r)
{
	struct ast_xfer *xt[2], *xr[2];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set_engine(r, tx, AXIDMA_SIM_FIFO_DEPTH, 4096);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 8192, rx, 8192, seed, &tb, &rb);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		xt[i] = ast_queue(r, tx, tb, 4096 * i, 4096);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
		ast_issue(tx);
	}
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0);
	msleep(AST_QUIET_MS);
	ret = ret ?: ast_quiet(r, xt[1]) ?: ast_fifo(r, tx, 4096, 1);
	if (ret)
		return ret;
	for (i = 0; i < 2; i++) {
		xr[i] = ast_queue(r, rx, rb, 4096 * i, 4096);
		if (IS_ERR(xr[i]))
			return PTR_ERR(xr[i]);
	}
	ast_issue(rx);
	return ast_done(r, xt[1], DMA_TRANS_NOERROR, 0) ?:
	       ast_done(r, xr[0], DMA_TRANS_NOERROR, 0) ?:
	       ast_done(r, xr[1], DMA_TRANS_NOERROR, 0) ?:
	       ast_check(r, "rx data", rb->cpu, 8192, seed, 0);
}

/* ---------------------------------------------------------------------- */
/* cases: cyclic, atomic context, callbacks that submit */

static int ast_case_cyclic(struct ast_run *r)
{
	const unsigned int periods = 4, plen = 256, sent = 6;
	struct dma_async_tx_descriptor *d;
	struct ast_xfer *xc, *xt[6], *xb;
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned int i, p, calls;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, sent * plen);
	rb = ast_buf_new(r, rx, periods * plen);
	xc = ast_xfer_new(r, rx);
	xb = ast_xfer_new(r, rx);
	if (!tb || !rb || !xc || !xb)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, seed);
	memset(rb->cpu, AST_POISON, rb->len);
	d = dmaengine_prep_dma_cyclic(rx->chan, rb->dma, periods * plen, plen,
				      DMA_DEV_TO_MEM, DMA_PREP_INTERRUPT);
	ret = ast_submit(r, xc, d);
	if (ret)
		return ret;
	ast_issue(rx);
	/* six packets: the ring goes round once and a half */
	for (i = 0; i < sent; i++) {
		xt[i] = ast_queue(r, tx, tb, plen * i, plen);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
	}
	ast_issue(tx);
	for (i = 0; !ret && i < sent; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
	for (i = 0; !ret && i < sent; i++)
		ret = ast_wait_calls(r, xc, i + 1, AST_TIMEOUT_MS);
	if (ret)
		return ret;
	for (p = 0; !ret && p < periods; p++) {
		i = p + (p < sent - periods ? periods : 0);
		ret = ast_check(r, "period", rb->cpu + plen * p, plen, seed,
				plen * i);
	}
	ret = ret ?: ast_eq(r, "period callbacks", atomic_read(&xc->calls),
			    sent) ?:
	      ast_eq(r, "period result", xc->result, DMA_TRANS_NOERROR);
	if (ret)
		return ret;

	/* no submit while a cyclic descriptor is active */
	d = ast_prep(rx, rb->dma, plen);
	if (d) {
		d->callback_result = ast_callback;
		d->callback_param = xb;
		xb->cookie = dmaengine_submit(d);
		if (xb->cookie != -EBUSY) {
			ast_err(r, "submit beside a cyclic descriptor: %d",
				xb->cookie);
			return -EINVAL;
		}
	}
	dmaengine_terminate_sync(rx->chan);
	calls = atomic_read(&xc->calls);
	/* one more packet: the terminated ring must not take it */
	xt[0] = ast_xfer_new(r, tx);
	if (!xt[0])
		return -ENOMEM;
	ret = ast_submit(r, xt[0], ast_prep(tx, tb->dma, plen));
	if (ret)
		return ret;
	ast_issue(tx);
	ret = ast_done(r, xt[0], DMA_TRANS_NOERROR, 0);
	msleep(50);
	ret = ret ?: ast_eq(r, "callbacks after terminate",
			    atomic_read(&xc->calls), calls) ?:
	      ast_quiet(r, xb) ?: ast_fifo(r, tx, plen, 1);
	if (ret)
		return ret;
	/* a plain descriptor works again and gets that packet */
	memset(rb->cpu, AST_POISON, rb->len);
	xb = ast_queue(r, rx, rb, 0, plen);
	if (IS_ERR(xb))
		return PTR_ERR(xb);
	ast_issue(rx);
	return ast_done(r, xb, DMA_TRANS_NOERROR, 0) ?:
	       ast_check(r, "after cyclic", rb->cpu, plen, seed, 0);
}

static DEFINE_SPINLOCK(ast_atomic_lock);

/* prep, submit, issue and terminate in atomic context */
static int ast_case_atomic(struct ast_run *r)
{
	struct dma_async_tx_descriptor *dt, *dr;
	struct ast_xfer *xt, *xr, *xw;
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	u32 seed = ast_seed(r);
	unsigned long flags;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	tb = ast_buf_new(r, tx, 2048);
	rb = ast_buf_new(r, rx, 2048);
	xt = ast_xfer_new(r, tx);
	xr = ast_xfer_new(r, rx);
	xw = ast_xfer_new(r, rx);
	if (!tb || !rb || !xt || !xr || !xw)
		return -ENOMEM;
	ast_fill(tb->cpu, tb->len, seed);
	memset(rb->cpu, AST_POISON, rb->len);

	spin_lock_irqsave(&ast_atomic_lock, flags);
	dr = ast_prep(rx, rb->dma, 1024);
	dt = ast_prep(tx, tb->dma, 1024);
	ret = ast_submit(r, xr, dr);
	if (!ret)
		dma_async_issue_pending(rx->chan);
	ret = ret ?: ast_submit(r, xt, dt);
	if (!ret)
		dma_async_issue_pending(tx->chan);
	spin_unlock_irqrestore(&ast_atomic_lock, flags);
	ret = ret ?: ast_done(r, xt, DMA_TRANS_NOERROR, 0) ?:
	      ast_done(r, xr, DMA_TRANS_NOERROR, 0) ?:
	      ast_check(r, "rx data", rb->cpu, 1024, seed, 0);
	if (ret)
		return ret;

	/* an rx waiting for data, terminated under a spinlock */
	spin_lock_irqsave(&ast_atomic_lock, flags);
	dr = ast_prep(rx, rb->dma + 1024, 1024);
	ret = ast_submit(r, xw, dr);
	if (!ret)
		dma_async_issue_pending(rx->chan);
	if (!ret)
		ret = dmaengine_terminate_async(rx->chan);
	spin_unlock_irqrestore(&ast_atomic_lock, flags);
	dmaengine_synchronize(rx->chan);
	msleep(50);
	return ret ?: ast_quiet(r, xw) ?: ast_loop(r, tx, rx, 1024, 0, 0);
}

#define AST_CHAIN 8

struct ast_chain {
	struct ast_chan *rx;
	struct ast_buf *buf;
	struct ast_xfer *x[AST_CHAIN];
	unsigned int next;
	atomic_t failed;
};

/* in the callback: queue the next rx descriptor (GFP_NOWAIT inside) */
static void ast_chain_next(struct ast_xfer *done)
{
	struct ast_chain *ch = done->chain_data;
	struct dma_async_tx_descriptor *d;
	struct ast_xfer *x;

	if (ch->next >= AST_CHAIN)
		return;
	if (atomic_read(&done->r->bad_ctx)) {
		/* submitting now could deadlock on the channel lock */
		atomic_inc(&ch->failed);
		return;
	}
	x = ch->x[ch->next];
	d = ast_prep(ch->rx, ch->buf->dma + 512 * ch->next, 512);
	if (!d) {
		atomic_inc(&ch->failed);
		return;
	}
	d->callback_result = ast_callback;
	d->callback_param = x;
	x->cookie = dmaengine_submit(d);
	if (dma_submit_error(x->cookie)) {
		atomic_inc(&ch->failed);
		return;
	}
	ch->next++;
	dma_async_issue_pending(ch->rx->chan);
}

/* each rx callback queues the next rx descriptor */
static int ast_case_chain(struct ast_run *r)
{
	struct ast_xfer *xt[AST_CHAIN];
	struct ast_chain *ch;
	struct ast_chan *tx;
	struct ast_buf *tb;
	u32 seed = ast_seed(r);
	unsigned int i;
	int ret;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ret = ast_get2(r, "tx0", "rx0", &tx, &ch->rx);
	if (ret)
		goto out;
	ret = -ENOMEM;
	tb = ast_buf_new(r, tx, 512 * AST_CHAIN);
	ch->buf = ast_buf_new(r, ch->rx, 512 * AST_CHAIN);
	if (!tb || !ch->buf)
		goto out;
	for (i = 0; i < AST_CHAIN; i++) {
		ch->x[i] = ast_xfer_new(r, ch->rx);
		if (!ch->x[i])
			goto out;
		ch->x[i]->chain = ast_chain_next;
		ch->x[i]->chain_data = ch;
	}
	ast_fill(tb->cpu, tb->len, seed);
	memset(ch->buf->cpu, AST_POISON, ch->buf->len);
	ret = ast_submit(r, ch->x[0], ast_prep(ch->rx, ch->buf->dma, 512));
	if (ret)
		goto out;
	ch->next = 1;
	ast_issue(ch->rx);
	for (i = 0; i < AST_CHAIN; i++) {
		xt[i] = ast_queue(r, tx, tb, 512 * i, 512 - 8 * i);
		if (IS_ERR(xt[i])) {
			ret = PTR_ERR(xt[i]);
			goto out;
		}
	}
	ast_issue(tx);
	for (i = 0; !ret && i < AST_CHAIN; i++)
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0) ?:
		      ast_done(r, ch->x[i], DMA_TRANS_NOERROR, 8 * i) ?:
		      ast_check(r, "rx data", ch->buf->cpu + 512 * i,
				512 - 8 * i, seed, 512 * i);
	ret = ret ?: ast_eq(r, "failed chain steps", atomic_read(&ch->failed),
			    0);
	/* the callbacks use ch: stop them before it goes */
	dmaengine_terminate_sync(ch->rx->chan);
out:
	kfree(ch);
	return ret;
}

/* engine 3 has only an S2MM channel (cell 1); it waits for data */
static int ast_case_rx_only(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct dma_slave_caps caps;
	struct dma_chan *none;
	struct ast_chan *rx;
	struct ast_xfer *xr;
	struct ast_buf *rb;
	int ret;

	rx = ast_get(r, "rx3");
	if (IS_ERR(rx))
		return PTR_ERR(rx);
	none = dma_request_chan(r->dev, "tx3");
	if (!IS_ERR(none)) {
		ast_err(r, "tx3 exists");
		dma_release_channel(none);
		return -EINVAL;
	}
	ret = dma_get_slave_caps(rx->chan, &caps) ?:
	      ast_eq(r, "rx3 directions", caps.directions,
		     BIT(DMA_DEV_TO_MEM));
	if (ret)
		return ret;
	rb = ast_buf_new(r, rx, 4096);
	if (!rb)
		return -ENOMEM;
	memset(rb->cpu, AST_POISON, rb->len);
	/* byte-aligned (DRE) and split nowhere */
	xr = ast_queue(r, rx, rb, 3, 4093);
	if (IS_ERR(xr))
		return PTR_ERR(xr);
	ast_issue(rx);
	msleep(AST_QUIET_MS);
	ret = ast_quiet(r, xr) ?: ast_status(r, xr, DMA_IN_PROGRESS, 4093) ?:
	      ast_check_poison(r, "rx3", rb->cpu, rb->len);
	ast_counters_any(&exp);
	exp.batches = 1;
	exp.descriptors = 0;
	exp.bytes = 0;
	ret = ret ?: ast_counters(r, rx, &exp);
	dmaengine_terminate_sync(rx->chan);
	return ret ?: ast_quiet(r, xr);
}

/* ---------------------------------------------------------------------- */
/* cases: sink mode (MM2S consumed, S2MM fed by the generator) */

/* @len bytes at @p must be bytes @from.. of generated packet @seq */
static int ast_check_sink(struct ast_run *r, const char *what, const u8 *p,
			  size_t len, u64 seq, size_t from)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] == axidma_sim_sink_byte(seq, from + i))
			continue;
		ast_err(r, "%s: byte %zu of %zu is %#04x, expected %#04x (packet %llu)",
			what, i, len, p[i], axidma_sim_sink_byte(seq, from + i),
			seq);
		return -EIO;
	}
	return 0;
}

/*
 * One S2MM descriptor of @len bytes at @off of @b, alone in its batch,
 * takes generated packet @seq of @plen bytes: short (residue), exact, or
 * over-long (the rest of the packet dropped).
 */
static int ast_sink_rx(struct ast_run *r, struct ast_chan *rx,
		       struct ast_buf *b, size_t off, size_t len, u64 seq,
		       size_t plen)
{
	size_t got = min(len, plen);
	struct ast_xfer *x;
	int ret;

	memset(b->cpu, AST_POISON, b->len);
	x = ast_queue(r, rx, b, off, len);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ast_issue(rx);
	ret = ast_done(r, x, DMA_TRANS_NOERROR, len - got) ?:
	      ast_check_poison(r, "before the packet", b->cpu, off) ?:
	      ast_check_sink(r, "rx data", b->cpu + off, got, seq, 0) ?:
	      ast_check_poison(r, "after the packet", b->cpu + off + got,
			       b->len - off - got);
	if (ret)
		ast_err(r, "packet %llu of %zu bytes into %zu at %zu failed",
			seq, plen, len, off);
	return ret;
}

/* an S2MM-only engine fed by the generator: short, exact, over-long */
static int ast_case_sink_rx(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_chan *rx;
	struct ast_buf *b;
	int ret;

	rx = ast_get(r, "rx3");
	if (IS_ERR(rx))
		return PTR_ERR(rx);
	b = ast_buf_new(r, rx, 16384 + AST_GUARD);
	if (!b)
		return -ENOMEM;
	ret = ast_set_engine(r, rx, AXIDMA_SIM_SINK, 1) ?:
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK_LEN, 1000) ?:
	      ast_sink_rx(r, rx, b, 0, 4096, 0, 1000) ?:
	      ast_sink_rx(r, rx, b, 5, 600, 1, 1000) ?:
	      ast_sink_rx(r, rx, b, 0, 1000, 2, 1000) ?:
	      /* longer than a FIFO chunk; the new length from the next packet */
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK_LEN, 9001) ?:
	      ast_sink_rx(r, rx, b, 7, 16384, 3, 9001) ?:
	      ast_sink_rx(r, rx, b, 0, 4096, 4, 9001) ?:
	      ast_fifo_wait(r, rx, 0, 0);
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.descriptors = 5;
	exp.packets = 5;
	exp.bytes = 1000 + 600 + 1000 + 9001 + 4096;
	exp.dropped = 400 + 9001 - 4096;
	exp.errors = 0;
	return ast_counters(r, rx, &exp);
}

/* MM2S data is read and counted but goes nowhere; S2MM gets the generator */
static int ast_case_sink_tx(struct ast_run *r)
{
	struct axidma_sim_counters exp;
	struct ast_xfer *xt[3];
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	unsigned int i;
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx) ?:
	      ast_set_engine(r, tx, AXIDMA_SIM_SINK, 1) ?:
	      /* no back-pressure from a FIFO that is not in the way */
	      ast_set_engine(r, tx, AXIDMA_SIM_FIFO_DEPTH, 1024) ?:
	      ast_set_engine(r, tx, AXIDMA_SIM_SINK_LEN, 256);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 3 * 3000, rx, 4096 + AST_GUARD,
			    ast_seed(r), &tb, &rb);
	if (ret)
		return ret;
	for (i = 0; i < 3; i++) {
		xt[i] = ast_queue(r, tx, tb, 3000 * i, 3000);
		if (IS_ERR(xt[i]))
			return PTR_ERR(xt[i]);
		ast_issue(tx);
	}
	for (i = 0; i < 3; i++) {
		ret = ast_done(r, xt[i], DMA_TRANS_NOERROR, 0);
		if (ret)
			return ret;
	}
	ret = ast_fifo(r, tx, 0, 0) ?:
	      ast_counters_simple(r, tx, 3, 3, 9000, AST_ANY, AST_ANY) ?:
	      ast_sink_rx(r, rx, rb, 0, 4096, 0, 256);
	if (ret)
		return ret;
	ast_counters_any(&exp);
	exp.packets = 1;
	exp.bytes = 256;
	exp.dropped = 0;
	return ast_counters(r, rx, &exp);
}

/* setting engine knob @knob of @c's engine to @val fails with @err */
static int ast_knob_err(struct ast_run *r, struct ast_chan *c,
			enum axidma_sim_engine_knob knob, u64 val, int err)
{
	int ret = axidma_sim_set_engine_knob(c->chan, knob, val);

	if (ret == err)
		return 0;
	ast_err(r, "%s: engine knob %d = %llu gave %d, expected %d", c->name,
		knob, val, ret, err);
	return -EINVAL;
}

/* the knobs: values, EBUSY while busy, switching and flushing restart */
static int ast_case_sink_mode(struct ast_run *r)
{
	struct ast_chan *tx, *rx;
	struct ast_buf *tb, *rb;
	struct ast_xfer *x;
	u32 seed = ast_seed(r);
	int ret;

	ret = ast_get2(r, "tx0", "rx0", &tx, &rx);
	if (ret)
		return ret;
	ret = ast_knob_err(r, tx, AXIDMA_SIM_SINK, 2, -EINVAL) ?:
	      ast_knob_err(r, tx, AXIDMA_SIM_SINK_LEN, 0, -EINVAL) ?:
	      ast_knob_err(r, tx, AXIDMA_SIM_SINK_LEN,
			   AXIDMA_SIM_MAX_SINK_LEN + 1ULL, -EINVAL) ?:
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK_LEN,
			     AXIDMA_SIM_MAX_SINK_LEN);
	if (ret)
		return ret;
	ret = ast_loop_bufs(r, tx, 8192, rx, 4096 + AST_GUARD, seed, &tb,
			    &rb);
	if (ret)
		return ret;
	/* loopback: two packets wait in the FIFO, an S2MM transfer too */
	x = ast_queue(r, tx, tb, 0, 4096);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ast_issue(tx);
	ret = ast_done(r, x, DMA_TRANS_NOERROR, 0);
	x = ast_queue(r, tx, tb, 4096, 4096);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ast_issue(tx);
	ret = ret ?: ast_done(r, x, DMA_TRANS_NOERROR, 0) ?:
	      ast_fifo(r, tx, 8192, 2);
	if (ret)
		return ret;
	x = ast_queue(r, rx, rb, 0, 4096);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ret = ast_knob_err(r, rx, AXIDMA_SIM_SINK, 1, -EBUSY) ?:
	      /* setting the mode it is already in is fine */
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK, 0);
	dmaengine_terminate_sync(rx->chan);
	if (ret)
		return ret;
	/* switching empties the FIFO; the generator starts at packet 0 */
	ret = ast_set_engine(r, rx, AXIDMA_SIM_SINK, 1) ?:
	      ast_fifo(r, rx, 0, 0) ?:
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK_LEN, 100) ?:
	      ast_sink_rx(r, rx, rb, 0, 4096, 0, 100) ?:
	      ast_sink_rx(r, rx, rb, 0, 4096, 1, 100) ?:
	      ast_set_engine(r, rx, AXIDMA_SIM_FIFO_FLUSH, 0) ?:
	      ast_sink_rx(r, rx, rb, 0, 4096, 0, 100) ?:
	      /* back to loopback: the stream is the MM2S data again */
	      ast_set_engine(r, rx, AXIDMA_SIM_SINK, 0);
	if (ret)
		return ret;
	x = ast_queue(r, tx, tb, 0, 1234);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ast_issue(tx);
	memset(rb->cpu, AST_POISON, rb->len);
	ret = ast_done(r, x, DMA_TRANS_NOERROR, 0);
	x = ast_queue(r, rx, rb, 0, 4096);
	if (IS_ERR(x))
		return PTR_ERR(x);
	ast_issue(rx);
	return ret ?: ast_done(r, x, DMA_TRANS_NOERROR, 4096 - 1234) ?:
	       ast_check(r, "loopback again", rb->cpu, 1234, seed, 0);
}

/* ---------------------------------------------------------------------- */
/* the case table and the debugfs interface */

struct ast_case {
	const char *name;
	int (*fn)(struct ast_run *r);
};

static const struct ast_case ast_cases[] = {
	{ "caps", ast_case_caps },
	{ "loop_e0", ast_case_loop_e0 },
	{ "loop_e1", ast_case_loop_e1 },
	{ "loop_e2", ast_case_loop_e2 },
	{ "unaligned_dre", ast_case_unaligned_dre },
	{ "map_single", ast_case_map_single },
	{ "batch_many", ast_case_batch_many },
	{ "order_rx_first", ast_case_order_rx_first },
	{ "order_tx_first", ast_case_order_tx_first },
	{ "counters", ast_case_counters },
	{ "concurrent", ast_case_concurrent },
	{ "chan_busy", ast_case_chan_busy },
	{ "chan_reuse", ast_case_chan_reuse },
	{ "short_tx", ast_case_short_tx },
	{ "short_by", ast_case_short_by },
	{ "split", ast_case_split },
	{ "split_sg", ast_case_split_sg },
	{ "zero_len", ast_case_zero_len },
	{ "pool", ast_case_pool },
	{ "drop_tlast", ast_case_drop_tlast },
	{ "overlong", ast_case_overlong },
	{ "coalesce", ast_case_coalesce },
	{ "irq_delay", ast_case_irq_delay },
	{ "batch_next", ast_case_batch_next },
	{ "direct", ast_case_direct },
	{ "direct_queue", ast_case_direct_queue },
	{ "direct_status", ast_case_direct_status },
	{ "status", ast_case_status },
	{ "terminate", ast_case_terminate },
	{ "stall", ast_case_stall },
	{ "error_hang", ast_case_error_hang },
	{ "error_bd_hang", ast_case_error_bd_hang },
	{ "error_rx_fail", ast_case_error_rx_fail },
	{ "error_tx_fail", ast_case_error_tx_fail },
	{ "error_reset", ast_case_error_reset },
	{ "unaligned_nodre", ast_case_unaligned_nodre },
	{ "bad_addr", ast_case_bad_addr },
	{ "delay", ast_case_delay },
	{ "bandwidth", ast_case_bandwidth },
	{ "fifo_depth", ast_case_fifo_depth },
	{ "cyclic", ast_case_cyclic },
	{ "atomic", ast_case_atomic },
	{ "chain", ast_case_chain },
	{ "rx_only", ast_case_rx_only },
	{ "sink_rx", ast_case_sink_rx },
	{ "sink_tx", ast_case_sink_tx },
	{ "sink_mode", ast_case_sink_mode },
};

struct ast_dev {
	struct device *dev;
	struct dentry *dir;
	struct mutex lock;	/* one case at a time */
};

/* end of a case: stop every channel, then free, then release */
static int ast_run_end(struct ast_run *r)
{
	struct ast_xfer *x, *xn;
	struct ast_buf *b, *bn;
	struct ast_chan *c, *cn;
	int ret;

	list_for_each_entry(c, &r->chans, node)
		dmaengine_terminate_sync(c->chan);
	ret = ast_fifos_empty(r);
	list_for_each_entry(c, &r->chans, node) {
		dmaengine_terminate_sync(c->chan);
		ast_reset_chan(r, c);
	}
	list_for_each_entry_safe(x, xn, &r->xfers, node) {
		list_del(&x->node);
		kfree(x);
	}
	list_for_each_entry_safe(b, bn, &r->bufs, node) {
		list_del(&b->node);
		ast_buf_release(b);
	}
	list_for_each_entry_safe(c, cn, &r->chans, node) {
		list_del(&c->node);
		dma_release_channel(c->chan);
		kfree(c);
	}
	return ret;
}

static int ast_run_case(struct ast_dev *ad, const struct ast_case *tc)
{
	struct ast_run *r;
	ktime_t t0 = ktime_get();
	int ret, end;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	r->name = tc->name;
	r->dev = ad->dev;
	r->task = current;
	spin_lock_init(&r->lock);
	init_waitqueue_head(&r->wq);
	INIT_LIST_HEAD(&r->chans);
	INIT_LIST_HEAD(&r->bufs);
	INIT_LIST_HEAD(&r->xfers);
	r->seed0 = get_random_u32();
	atomic_set(&r->seed, r->seed0);
	prandom_seed_state(&r->rnd, r->seed0);

	ret = tc->fn(r);
	if (ret > 0)
		ret = -EINVAL;
	end = ast_run_end(r);
	ret = ret ?: end;
	if (atomic_read(&r->bad_ctx)) {
		ast_err(r, "%d callbacks in a wrong context (first: preempt_count %#x%s)",
			atomic_read(&r->bad_ctx), r->bad_pc & 0x7fffffff,
			r->bad_pc & 0x80000000 ? ", irqs off" : "");
		ret = ret ?: -EDEADLK;
	}
	if (ret)
		ast_err(r, "FAILED: %pe (seed %#x)", ERR_PTR(ret), r->seed0);
	else
		pr_info("%s: ok (%lld ms)\n", r->name,
			ktime_ms_delta(ktime_get(), t0));
	kfree(r);
	return ret;
}

static ssize_t ast_run_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	struct ast_dev *ad = file->private_data;
	char name[32];
	unsigned int i;
	int ret;

	if (len >= sizeof(name))
		return -EINVAL;
	if (copy_from_user(name, ubuf, len))
		return -EFAULT;
	name[len] = '\0';
	strim(name);
	for (i = 0; i < ARRAY_SIZE(ast_cases); i++)
		if (!strcmp(name, ast_cases[i].name))
			break;
	if (i == ARRAY_SIZE(ast_cases))
		return -ENOENT;
	ret = mutex_lock_interruptible(&ad->lock);
	if (ret)
		return ret;
	ret = ast_run_case(ad, &ast_cases[i]);
	mutex_unlock(&ad->lock);
	return ret ?: len;
}

static const struct file_operations ast_run_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ast_run_write,
	.llseek = noop_llseek,
};

static int ast_cases_show(struct seq_file *s, void *unused)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ast_cases); i++)
		seq_printf(s, "%s\n", ast_cases[i].name);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ast_cases);

static int ast_probe(struct platform_device *pdev)
{
	struct ast_dev *ad;

	ad = devm_kzalloc(&pdev->dev, sizeof(*ad), GFP_KERNEL);
	if (!ad)
		return -ENOMEM;
	ad->dev = &pdev->dev;
	mutex_init(&ad->lock);
	ad->dir = debugfs_create_dir(AST_NAME, NULL);
	if (IS_ERR(ad->dir))
		return dev_err_probe(&pdev->dev, PTR_ERR(ad->dir),
				     "debugfs directory\n");
	debugfs_create_file("cases", 0444, ad->dir, ad, &ast_cases_fops);
	debugfs_create_file("run", 0200, ad->dir, ad, &ast_run_fops);
	platform_set_drvdata(pdev, ad);
	return 0;
}

#ifdef AST_VOID_REMOVE
static void ast_remove(struct platform_device *pdev)
#else
static int ast_remove(struct platform_device *pdev)
#endif
{
	struct ast_dev *ad = platform_get_drvdata(pdev);

	/* waits for a running case: debugfs removal drains the writers */
	debugfs_remove(ad->dir);
	mutex_destroy(&ad->lock);
#ifndef AST_VOID_REMOVE
	return 0;
#endif
}

static const struct of_device_id ast_of_match[] = {
	{ .compatible = "axidma,sim-test" },
	{ }
};
MODULE_DEVICE_TABLE(of, ast_of_match);

static struct platform_driver ast_driver = {
	.probe = ast_probe,
	.remove = ast_remove,
	.driver = {
		.name = AST_NAME,
		.of_match_table = ast_of_match,
	},
};

static struct platform_device *ast_pdev;

static int __init ast_init(void)
{
	int ret;

	ret = platform_driver_register(&ast_driver);
	if (ret || !nodt)
		return ret;
	ast_pdev = platform_device_register_simple(AST_NAME,
						   PLATFORM_DEVID_NONE,
						   NULL, 0);
	if (IS_ERR(ast_pdev)) {
		platform_driver_unregister(&ast_driver);
		return PTR_ERR(ast_pdev);
	}
	return 0;
}
module_init(ast_init);

static void __exit ast_exit(void)
{
	if (ast_pdev)
		platform_device_unregister(ast_pdev);
	platform_driver_unregister(&ast_driver);
}
module_exit(ast_exit);

MODULE_DESCRIPTION("In-kernel dmaengine client that tests the simulated AXI DMA");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(AXIDMA_SIM);
