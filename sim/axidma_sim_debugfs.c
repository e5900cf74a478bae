// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs view of the simulated AXI DMA engines:
 *
 *   /sys/kernel/debug/axidma-sim/<engine>/
 *	sg_mode irq_delay fifo_depth	engine knobs (read/write)
 *	sink sink_len
 *	fifo				"bytes N" and "packets N"; write 0: flush
 *	mm2s/ s2mm/			one file per channel knob, counters, and
 *					state (internals, for debugging)
 *
 * Files are removed before the engine goes away; debugfs waits for
 * readers and writers in flight.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "axidma_sim_priv.h"

static struct dentry *axidma_sim_dbg_root;

static const char * const sim_knob_names[AXIDMA_SIM_NR_KNOBS] = {
	[AXIDMA_SIM_ERROR_NOW] = "error_now",
	[AXIDMA_SIM_ERROR_ON_BD] = "error_on_bd",
	[AXIDMA_SIM_ERROR_COMPLETES] = "error_completes",
	[AXIDMA_SIM_STALL] = "stall",
	[AXIDMA_SIM_DELAY_US] = "delay_us",
	[AXIDMA_SIM_BANDWIDTH] = "bandwidth",
	[AXIDMA_SIM_SHORT_BY] = "short_by",
	[AXIDMA_SIM_DROP_TLAST] = "drop_tlast",
};

static const char * const sim_eng_knob_names[AXIDMA_SIM_NR_ENGINE_KNOBS] = {
	[AXIDMA_SIM_SG_MODE] = "sg_mode",
	[AXIDMA_SIM_IRQ_DELAY] = "irq_delay",
	[AXIDMA_SIM_FIFO_DEPTH] = "fifo_depth",
	[AXIDMA_SIM_SINK] = "sink",
	[AXIDMA_SIM_SINK_LEN] = "sink_len",
};

static int sim_knob_get(void *data, u64 *val)
{
	struct axidma_sim_knob_ref *ref = data;

	if (ref->chan)
		return axidma_sim_chan_knob_get(ref->chan, ref->knob, val);
	return axidma_sim_eng_knob_get(ref->eng, ref->knob, val);
}

static int sim_knob_set(void *data, u64 val)
{
	struct axidma_sim_knob_ref *ref = data;

	if (ref->chan)
		return axidma_sim_chan_knob_set(ref->chan, ref->knob, val);
	return axidma_sim_eng_knob_set(ref->eng, ref->knob, val);
}

DEFINE_DEBUGFS_ATTRIBUTE(sim_knob_fops, sim_knob_get, sim_knob_set, "%llu\n");

/* Write "0" to a file: the only value the counters and fifo files take. */
static int sim_parse_zero(const char __user *ubuf, size_t len)
{
	u64 val;
	int ret;

	ret = kstrtou64_from_user(ubuf, len, 0, &val);
	if (ret)
		return ret;
	return val ? -EINVAL : 0;
}

static int sim_counters_show(struct seq_file *s, void *unused)
{
	struct axidma_sim_chan *chan = s->private;
	struct axidma_sim_counters c;

	axidma_sim_chan_counters(chan, &c);
	seq_printf(s, "descriptors %llu\n", c.descriptors);
	seq_printf(s, "bds %llu\n", c.bds);
	seq_printf(s, "bytes %llu\n", c.bytes);
	seq_printf(s, "packets %llu\n", c.packets);
	seq_printf(s, "errors %llu\n", c.errors);
	seq_printf(s, "batches %llu\n", c.batches);
	seq_printf(s, "interrupts %llu\n", c.interrupts);
	seq_printf(s, "dropped %llu\n", c.dropped);
	return 0;
}

static int sim_counters_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_counters_show, inode->i_private);
}

static ssize_t sim_counters_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	struct seq_file *s = file->private_data;
	int ret;

	ret = sim_parse_zero(ubuf, len);
	if (ret)
		return ret;
	axidma_sim_chan_counters_reset(s->private);
	return len;
}

static const struct file_operations sim_counters_fops = {
	.owner = THIS_MODULE,
	.open = sim_counters_open,
	.read = seq_read,
	.write = sim_counters_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int sim_fifo_show(struct seq_file *s, void *unused)
{
	u64 bytes, packets;

	axidma_sim_fifo_get(s->private, &bytes, &packets);
	seq_printf(s, "bytes %llu\npackets %llu\n", bytes, packets);
	return 0;
}

static int sim_fifo_open(struct inode *inode, struct file *file)
{
	return single_open(file, sim_fifo_show, inode->i_private);
}

static ssize_t sim_fifo_write(struct file *file, const char __user *ubuf,
			      size_t len, loff_t *ppos)
{
	struct seq_file *s = file->private_data;
	int ret;

	ret = sim_parse_zero(ubuf, len);
	if (ret)
		return ret;
	axidma_sim_fifo_flush(s->private);
	return len;
}

static const struct file_operations sim_fifo_fops = {
	.owner = THIS_MODULE,
	.open = sim_fifo_open,
	.read = seq_read,
	.write = sim_fifo_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int sim_state_show(struct seq_file *s, void *unused)
{
	axidma_sim_chan_show_state(s->private, s);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(sim_state);

static void sim_debugfs_add_chan(struct axidma_sim_chan *chan,
				 struct dentry *parent)
{
	bool mm2s = chan->idx == AXIDMA_SIM_MM2S;
	struct dentry *dir;
	unsigned int k;

	dir = debugfs_create_dir(mm2s ? "mm2s" : "s2mm", parent);
	for (k = 0; k < AXIDMA_SIM_NR_KNOBS; k++) {
		/* short_by and drop_tlast refuse writes on S2MM (-EINVAL). */
		chan->knob_refs[k].chan = chan;
		chan->knob_refs[k].eng = chan->eng;
		chan->knob_refs[k].knob = k;
		debugfs_create_file_unsafe(sim_knob_names[k], 0600, dir,
					   &chan->knob_refs[k],
					   &sim_knob_fops);
	}
	debugfs_create_file("counters", 0600, dir, chan, &sim_counters_fops);
	debugfs_create_file("state", 0400, dir, chan, &sim_state_fops);
}

/**
 * axidma_sim_debugfs_add() - make the debugfs directory of an engine
 * @eng: the engine, set up but not yet registered
 */
void axidma_sim_debugfs_add(struct axidma_sim_engine *eng)
{
	unsigned int k;
	int i;

	eng->dbg = debugfs_create_dir(dev_name(eng->dev), axidma_sim_dbg_root);
	for (k = 0; k < AXIDMA_SIM_NR_ENGINE_KNOBS; k++) {
		if (!sim_eng_knob_names[k])
			continue;	/* AXIDMA_SIM_FIFO_FLUSH: the fifo file */
		eng->knob_refs[k].eng = eng;
		eng->knob_refs[k].knob = k;
		debugfs_create_file_unsafe(sim_eng_knob_names[k], 0600,
					   eng->dbg, &eng->knob_refs[k],
					   &sim_knob_fops);
	}
	debugfs_create_file("fifo", 0600, eng->dbg, eng, &sim_fifo_fops);
	for (i = 0; i < AXIDMA_SIM_NR_CHANS; i++)
		if (axidma_sim_has_chan(eng, i))
			sim_debugfs_add_chan(&eng->chan[i], eng->dbg);
}

/**
 * axidma_sim_debugfs_remove() - remove the debugfs directory of an engine
 * @eng: the engine
 *
 * Waits for file operations in flight.
 */
void axidma_sim_debugfs_remove(struct axidma_sim_engine *eng)
{
	debugfs_remove_recursive(eng->dbg);
	eng->dbg = NULL;
}

/**
 * axidma_sim_debugfs_init() - make /sys/kernel/debug/axidma-sim
 */
void axidma_sim_debugfs_init(void)
{
	axidma_sim_dbg_root = debugfs_create_dir(AXIDMA_SIM_DRV_NAME, NULL);
}

/**
 * axidma_sim_debugfs_exit() - remove /sys/kernel/debug/axidma-sim
 */
void axidma_sim_debugfs_exit(void)
{
	debugfs_remove_recursive(axidma_sim_dbg_root);
}
