/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In-kernel test interface of the simulated AXI DMA provider (axidma_sim).
 *
 * Clients use the simulator through the plain dmaengine API only. This
 * header is for test code (tests/kmod/axidma_sim_test.c) that needs to
 * steer the simulated hardware (fault injection, mode switches) and read
 * what the engine saw. The same knobs are exposed to userspace in debugfs
 * under /sys/kernel/debug/axidma-sim/<engine>/ (see docs/sim.md).
 *
 * Symbols are exported GPL in the AXIDMA_SIM namespace.
 */
#ifndef _AXIDMA_SIM_H
#define _AXIDMA_SIM_H

#include <linux/types.h>

struct dma_chan;

/**
 * enum axidma_sim_knob - run-time knobs of one simulated channel
 * @AXIDMA_SIM_ERROR_NOW: write 1: the channel halts with its error flag now
 *	(the running batch stops; see @AXIDMA_SIM_ERROR_COMPLETES).
 * @AXIDMA_SIM_ERROR_ON_BD: N > 0: the Nth buffer descriptor processed from
 *	now on raises the error (one shot; 0 disarms).
 * @AXIDMA_SIM_ERROR_COMPLETES: 0 (default, like the real driver on a halt):
 *	after an error nothing completes and no callback is made; 1: the
 *	running batch completes with DMA_TRANS_READ_FAILED (S2MM) or
 *	DMA_TRANS_WRITE_FAILED (MM2S).
 * @AXIDMA_SIM_STALL: 1: accept work but never move data or complete.
 *	Writing 0 resumes.
 * @AXIDMA_SIM_DELAY_US: a descriptor completes no sooner than this many
 *	microseconds after it started (0: no delay).
 * @AXIDMA_SIM_BANDWIDTH: bytes per second the channel moves (0: unlimited).
 * @AXIDMA_SIM_SHORT_BY: MM2S only: each following packet loses this many
 *	bytes at its end on the way into the FIFO (0: off); S2MM then sees a
 *	short packet.
 * @AXIDMA_SIM_DROP_TLAST: MM2S only: N > 0: the TLAST of the next N packets
 *	is dropped, so each merges with the packet that follows it.
 */
enum axidma_sim_knob {
	AXIDMA_SIM_ERROR_NOW,
	AXIDMA_SIM_ERROR_ON_BD,
	AXIDMA_SIM_ERROR_COMPLETES,
	AXIDMA_SIM_STALL,
	AXIDMA_SIM_DELAY_US,
	AXIDMA_SIM_BANDWIDTH,
	AXIDMA_SIM_SHORT_BY,
	AXIDMA_SIM_DROP_TLAST,
};

/**
 * enum axidma_sim_engine_knob - run-time knobs of a simulated engine
 * @AXIDMA_SIM_SG_MODE: 1: scatter-gather mode, 0: direct register mode.
 *	-EBUSY while any descriptor of the engine is pending or active.
 * @AXIDMA_SIM_IRQ_DELAY: the interrupt delay timer (0..255, in units of
 *	the simulator's delay tick, see docs/sim.md); 0 disables it.
 * @AXIDMA_SIM_FIFO_DEPTH: bytes the loopback FIFO holds before MM2S is
 *	back-pressured (0: unbounded).
 * @AXIDMA_SIM_FIFO_FLUSH: any value: discard what the loopback FIFO holds
 *	(stale data of an earlier test). In sink mode it also restarts the
 *	generator at packet 0. May sleep.
 * @AXIDMA_SIM_SINK: 1: sink mode: MM2S data is consumed and counted, and
 *	S2MM is fed by a generator of packets of @AXIDMA_SIM_SINK_LEN bytes
 *	with the pattern of axidma_sim_sink_byte(); 0: loopback (default).
 *	-EBUSY while any descriptor of the engine is pending or active.
 *	Switching empties the FIFO and restarts the generator at packet 0.
 *	May sleep.
 * @AXIDMA_SIM_SINK_LEN: bytes per generated packet, 1 to
 *	%AXIDMA_SIM_MAX_SINK_LEN (default 4096); from the next packet on.
 */
enum axidma_sim_engine_knob {
	AXIDMA_SIM_SG_MODE,
	AXIDMA_SIM_IRQ_DELAY,
	AXIDMA_SIM_FIFO_DEPTH,
	AXIDMA_SIM_FIFO_FLUSH,
	AXIDMA_SIM_SINK,
	AXIDMA_SIM_SINK_LEN,
};

#define AXIDMA_SIM_MAX_SINK_LEN	(64U << 20)

/**
 * axidma_sim_sink_byte() - a byte of the sink mode generator's stream
 * @packet: the packet's number, from 0 since sink mode was switched on or
 *	the FIFO flushed
 * @offset: the byte's offset in the packet
 *
 * Return: the byte S2MM receives there.
 */
static inline u8 axidma_sim_sink_byte(u64 packet, u64 offset)
{
	u32 x = (u32)packet * 0x9e3779b1U + (u32)offset;

	x ^= x >> 16;
	x *= 0x7feb352dU;
	x ^= x >> 15;
	return x;
}

/**
 * struct axidma_sim_counters - what one simulated channel has seen
 * @descriptors: descriptors completed (cyclic: periods completed)
 * @bds: buffer descriptors processed
 * @bytes: bytes moved by the channel (to the FIFO or into memory)
 * @packets: packets (TLAST) sent (MM2S) or received (S2MM)
 * @errors: errors raised (injected or detected)
 * @batches: batches started by issue_pending
 * @interrupts: interrupts raised (completion events, coalesced)
 * @dropped: S2MM: bytes of over-long packets dropped at a descriptor's end
 */
struct axidma_sim_counters {
	u64 descriptors;
	u64 bds;
	u64 bytes;
	u64 packets;
	u64 errors;
	u64 batches;
	u64 interrupts;
	u64 dropped;
};

bool axidma_sim_is_sim_chan(struct dma_chan *chan);
int axidma_sim_set_knob(struct dma_chan *chan, enum axidma_sim_knob knob,
			u64 val);
int axidma_sim_set_engine_knob(struct dma_chan *chan,
			       enum axidma_sim_engine_knob knob, u64 val);
int axidma_sim_get_counters(struct dma_chan *chan,
			    struct axidma_sim_counters *c);
void axidma_sim_reset_counters(struct dma_chan *chan);
int axidma_sim_fifo_level(struct dma_chan *chan, u64 *bytes, u64 *packets);

#endif /* _AXIDMA_SIM_H */
