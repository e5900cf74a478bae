/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated AXI DMA provider: declarations shared by the files of the
 * module (core, configfs, debugfs). Not an interface for other modules;
 * test code uses axidma_sim.h.
 *
 * Locking, for the whole module:
 *
 * - eng->lock (spinlock, taken with interrupts disabled) protects every
 *   mutable field of the engine and of its channels that is not marked
 *   otherwise: descriptor lists, BD pool, channel state, knobs, counters,
 *   the FIFO list and its levels, cookies. It is taken in process context
 *   (prep, submit, the data mover, debugfs), softirq (the completion
 *   tasklet) and hardirq (the simulated interrupt and the delay timer).
 *   Client callbacks are never called with it held.
 * - eng->mover_lock (mutex) is held by the data mover for each step that
 *   touches memory outside eng->lock (client buffers, FIFO chunk data).
 *   Taking and dropping it waits until no step is in flight; synchronize,
 *   free_chan_resources and a FIFO flush rely on that. Order: mover_lock
 *   before eng->lock.
 * - The configfs side has a mutex per instance (see axidma_sim_configfs.c).
 */
#ifndef _AXIDMA_SIM_PRIV_H
#define _AXIDMA_SIM_PRIV_H

#include <linux/dmaengine.h>
#include <linux/hrtimer.h>
#include <linux/interrupt.h>
#include <linux/irq_work.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "axidma_sim.h"

#define AXIDMA_SIM_DRV_NAME	"axidma-sim"

/* Buffer descriptors per channel, as XILINX_DMA_NUM_DESCS in Linux 6.1. */
#define AXIDMA_SIM_NUM_BDS	255
/* Largest interrupt coalescing threshold the hardware register holds. */
#define AXIDMA_SIM_COALESCE_MAX	255
/* One unit of xlnx,irq-delay, in nanoseconds (1 ms). */
#define AXIDMA_SIM_DELAY_TICK_NS	(1000 * NSEC_PER_USEC)
/* Upper bound of the delay_us knob (10 s). */
#define AXIDMA_SIM_MAX_DELAY_US	(10 * USEC_PER_SEC)
/* Length of client names in the dma_slave_map (with the NUL). */
#define AXIDMA_SIM_NAME_LEN	64

enum axidma_sim_chan_idx {
	AXIDMA_SIM_MM2S,
	AXIDMA_SIM_S2MM,
	AXIDMA_SIM_NR_CHANS,
};

/**
 * struct axidma_sim_config - shape of one simulated engine
 * @has_chan: which channels exist (index enum axidma_sim_chan_idx)
 * @datawidth: memory-mapped data width of each channel, in bits
 * @dre: whether each channel has the data realignment engine
 * @addrwidth: address width in bits (32..64)
 * @sg_length_width: width of the BD length field (8..26)
 * @include_sg: scatter-gather mode at start (else direct register mode)
 * @irq_delay: interrupt delay timer at start, in delay ticks (0..255)
 * @per_chan_caps: report each channel's own direction through
 *	device_caps, as many providers do; off by default, like the real
 *	xilinx_dma driver, which reports the union of both channels'
 *	directions on every channel
 */
struct axidma_sim_config {
	bool has_chan[AXIDMA_SIM_NR_CHANS];
	u32 datawidth[AXIDMA_SIM_NR_CHANS];
	bool dre[AXIDMA_SIM_NR_CHANS];
	u32 addrwidth;
	u32 sg_length_width;
	bool include_sg;
	u32 irq_delay;
	bool per_chan_caps;
};

/**
 * struct axidma_sim_pdata - platform data of a configfs instance
 * @cfg: the engine's shape
 * @client: device name of the client in the dma_slave_map ("" for none)
 * @tx_name: slave name of the MM2S channel in the map
 * @rx_name: slave name of the S2MM channel in the map
 * @probe_err: written by probe() when it fails, read by the configfs code
 *	that registered the device (probe runs synchronously in between)
 */
struct axidma_sim_pdata {
	struct axidma_sim_config cfg;
	char client[AXIDMA_SIM_NAME_LEN];
	char tx_name[AXIDMA_SIM_NAME_LEN];
	char rx_name[AXIDMA_SIM_NAME_LEN];
	int probe_err;
};

/**
 * struct axidma_sim_bd - one simulated buffer descriptor
 * @node: in the descriptor's @bds list or in the channel's free list
 * @addr: DMA address of the buffer
 * @len: bytes to transfer (control field)
 * @done: bytes transferred so far (status field)
 * @eop: last BD of a packet unit: a descriptor, or a period of a cyclic one
 */
struct axidma_sim_bd {
	struct list_head node;
	dma_addr_t addr;
	u32 len;
	u32 done;
	bool eop;
};

/**
 * struct axidma_sim_desc - a transaction descriptor
 * @tx: the dmaengine descriptor handed to the client
 * @node: in one of the channel's pending, active or done lists
 * @bds: the buffer descriptors, in order
 * @cyclic: a ring of periods (prep_dma_cyclic)
 * @sg: the batch that started it ran in scatter-gather mode
 * @data_done: the engine has finished moving its data
 * @ioc_done: its completion (IOC) event happened; it completes at the
 *	next interrupt
 * @err: it completes with a failure result
 * @residue: computed when it completes
 *
 * All fields but @tx are protected by eng->lock.
 */
struct axidma_sim_desc {
	struct dma_async_tx_descriptor tx;
	struct list_head node;
	struct list_head bds;
	bool cyclic;
	bool sg;
	bool data_done;
	bool ioc_done;
	bool err;
	u32 residue;
};

struct axidma_sim_engine;
struct seq_file;

/**
 * struct axidma_sim_knob_ref - what a knob file in debugfs refers to
 * @chan: the channel (NULL for an engine knob)
 * @eng: the engine
 * @knob: enum axidma_sim_knob or enum axidma_sim_engine_knob value
 */
struct axidma_sim_knob_ref {
	struct axidma_sim_chan *chan;
	struct axidma_sim_engine *eng;
	unsigned int knob;
};

#define AXIDMA_SIM_NR_KNOBS	(AXIDMA_SIM_DROP_TLAST + 1)
#define AXIDMA_SIM_NR_ENGINE_KNOBS	(AXIDMA_SIM_SINK_LEN + 1)

/**
 * struct axidma_sim_chan - one simulated channel (MM2S or S2MM)
 * @common: the dmaengine channel
 * @eng: the engine it belongs to
 * @idx: AXIDMA_SIM_MM2S or AXIDMA_SIM_S2MM
 * @dir: DMA_MEM_TO_DEV (MM2S) or DMA_DEV_TO_MEM (S2MM)
 * @addr_align: buffer address alignment the channel needs (no DRE)
 * @tasklet: completion tasklet: runs the client callbacks
 * @irq_work: the simulated interrupt (runs in hardirq context)
 * @delay_timer: the interrupt delay timer
 * @knob_refs: debugfs file data of the knobs
 *
 * The fields below are protected by eng->lock.
 * @bd_pool: the BD array made by alloc_chan_resources (NULL when freed)
 * @free_bds: BDs not in a descriptor
 * @pending: submitted, not issued
 * @active: issued to the engine (the running batch, in order)
 * @done: completed, callbacks not yet run
 * @idle: no batch running; issue_pending may start one
 * @halted: stopped by an error; the next submit resets the channel
 * @cyclic: a cyclic descriptor was submitted (until terminate)
 * @threshold: interrupt coalescing threshold of the running batch
 * @ioc_count: IOC events since the last interrupt
 * @irq_ioc: the raised interrupt is an IOC interrupt (not only an error)
 * @cyc_ioc: cyclic periods completed, not yet seen by the interrupt
 * @cyc_cb: cyclic periods whose callback the tasklet still owes
 * @epoch: bumped whenever in-flight engine work is abandoned (terminate,
 *	error, reset); a mover step that finds it changed drops its result
 * @direct_started: direct mode: the batch's single transfer was started
 * @cur: descriptor the engine is working on (in @active), or NULL
 * @cur_bd: BD of @cur the engine is working on
 * @bd_started: @cur_bd was checked (error injection, address decode)
 * @unit_start: when the current packet unit started (delay_us)
 * @ioc_wait: the unit's data is done, its IOC waits for @ioc_until
 * @ioc_until: see @ioc_wait
 * @pkt_pos: MM2S: bytes of the current packet read from memory
 * @pkt_keep: MM2S: bytes of the current packet that go into the FIFO
 * @dropping: S2MM: discarding the rest of an over-long packet
 * @bw_next: bandwidth knob: earliest time of the next transfer step
 * @error_on_bd: knob: BDs to go until the injected error (0: off)
 * @error_completes: knob: an error completes the batch with a failure
 * @stall: knob: accept work but do nothing
 * @delay_us: knob: least time from the start of a descriptor to its IOC
 * @bandwidth: knob: bytes per second (0: unlimited)
 * @short_by: knob: MM2S packets lose this many bytes at their end
 * @drop_tlast: knob: MM2S: drop the TLAST of this many further packets
 * @cnt: counters
 */
struct axidma_sim_chan {
	struct dma_chan common;
	struct axidma_sim_engine *eng;
	enum axidma_sim_chan_idx idx;
	enum dma_transfer_direction dir;
	u32 addr_align;
	struct tasklet_struct tasklet;
	struct irq_work irq_work;
	struct hrtimer delay_timer;
	struct axidma_sim_knob_ref knob_refs[AXIDMA_SIM_NR_KNOBS];

	struct axidma_sim_bd *bd_pool;
	struct list_head free_bds;
	struct list_head pending;
	struct list_head active;
	struct list_head done;
	bool idle;
	bool halted;
	bool cyclic;
	unsigned int threshold;
	unsigned int ioc_count;
	bool irq_ioc;
	unsigned int cyc_ioc;
	unsigned int cyc_cb;
	u64 epoch;
	bool direct_started;
	struct axidma_sim_desc *cur;
	struct axidma_sim_bd *cur_bd;
	bool bd_started;
	ktime_t unit_start;
	bool ioc_wait;
	ktime_t ioc_until;
	u64 pkt_pos;
	u64 pkt_keep;
	bool dropping;
	ktime_t bw_next;

	u32 error_on_bd;
	bool error_completes;
	bool stall;
	u32 delay_us;
	u64 bandwidth;
	u32 short_by;
	u32 drop_tlast;

	struct axidma_sim_counters cnt;
};

/**
 * struct axidma_sim_engine - one simulated AXI DMA engine
 * @dd: the dmaengine device; the engine is freed by its device_release
 * @dev: the platform device
 * @cfg: shape, from the device tree or the configfs instance
 * @max_len: longest BD in bytes
 * @addr_mask: highest address the engine can reach
 * @map: dma_slave_map of a configfs instance
 * @client: device name in @map
 * @tx_name: slave name of MM2S in @map
 * @rx_name: slave name of S2MM in @map
 * @chan: the channels (only those in @cfg.has_chan are registered)
 * @lock: see the top of this file
 * @mover_lock: see the top of this file
 * @work: the data mover
 * @wake_timer: wakes the data mover for time-based knobs
 * @dbg: debugfs directory
 * @knob_refs: debugfs file data of the engine knobs
 *
 * The fields below are protected by @lock.
 * @sg_mode: scatter-gather (true) or direct register mode
 * @irq_delay: interrupt delay timer in ticks (0: off)
 * @fifo_depth: FIFO capacity in bytes before MM2S waits (0: unbounded)
 * @fifo: chunks of stream data (struct axidma_sim_chunk), oldest first
 * @fifo_bytes: bytes in @fifo
 * @fifo_packets: complete packets (TLAST) in @fifo
 * @sink: sink mode: MM2S data is dropped, a generator feeds S2MM
 * @sink_len: knob: bytes per generated packet
 * @gen_len: length of the packet being generated
 * @gen_pos: bytes of that packet put into @fifo
 * @gen_seq: its number (axidma_sim_sink_byte())
 * @dying: the device is going away: the mover stops
 *
 * @sink, @fifo and the generator (@gen_len, @gen_pos, @gen_seq) change
 * only with both @mover_lock and @lock held, so a mover step may read them
 * while it drops @lock to allocate or copy.
 */
struct axidma_sim_engine {
	struct dma_device dd;
	struct device *dev;
	struct axidma_sim_config cfg;
	u32 max_len;
	u64 addr_mask;
	struct dma_slave_map map[AXIDMA_SIM_NR_CHANS];
	char client[AXIDMA_SIM_NAME_LEN];
	char tx_name[AXIDMA_SIM_NAME_LEN];
	char rx_name[AXIDMA_SIM_NAME_LEN];
	struct axidma_sim_chan chan[AXIDMA_SIM_NR_CHANS];
	spinlock_t lock;		/* see the top of this file */
	struct mutex mover_lock;	/* see the top of this file */
	struct work_struct work;
	struct hrtimer wake_timer;
	struct dentry *dbg;
	struct axidma_sim_knob_ref knob_refs[AXIDMA_SIM_NR_ENGINE_KNOBS];

	bool sg_mode;
	u8 irq_delay;
	u64 fifo_depth;
	struct list_head fifo;
	u64 fifo_bytes;
	u64 fifo_packets;
	bool sink;
	u32 sink_len;
	u32 gen_len;
	u32 gen_pos;
	u64 gen_seq;
	bool dying;
};

static inline bool axidma_sim_has_chan(struct axidma_sim_engine *eng,
				       enum axidma_sim_chan_idx idx)
{
	return eng->cfg.has_chan[idx];
}

/* axidma_sim_core.c */
int axidma_sim_chan_knob_set(struct axidma_sim_chan *chan,
			     enum axidma_sim_knob knob, u64 val);
int axidma_sim_chan_knob_get(struct axidma_sim_chan *chan,
			     enum axidma_sim_knob knob, u64 *val);
int axidma_sim_eng_knob_set(struct axidma_sim_engine *eng,
			    enum axidma_sim_engine_knob knob, u64 val);
int axidma_sim_eng_knob_get(struct axidma_sim_engine *eng,
			    enum axidma_sim_engine_knob knob, u64 *val);
void axidma_sim_chan_counters(struct axidma_sim_chan *chan,
			      struct axidma_sim_counters *c);
void axidma_sim_chan_counters_reset(struct axidma_sim_chan *chan);
void axidma_sim_chan_show_state(struct axidma_sim_chan *chan,
				struct seq_file *s);
void axidma_sim_fifo_get(struct axidma_sim_engine *eng, u64 *bytes,
			 u64 *packets);
void axidma_sim_fifo_flush(struct axidma_sim_engine *eng);
bool axidma_sim_engine_in_use(struct device *dev);
extern struct platform_driver axidma_sim_driver;

/* axidma_sim_debugfs.c */
void axidma_sim_debugfs_init(void);
void axidma_sim_debugfs_exit(void);
void axidma_sim_debugfs_add(struct axidma_sim_engine *eng);
void axidma_sim_debugfs_remove(struct axidma_sim_engine *eng);

/* axidma_sim_configfs.c */
int axidma_sim_configfs_init(void);
void axidma_sim_configfs_exit(void);

#endif /* _AXIDMA_SIM_PRIV_H */
