// SPDX-License-Identifier: GPL-2.0
/*
 * A client on an engine that reports its directions as the real Xilinx
 * AXI DMA driver does: the union of MM2S and S2MM on every channel
 * (client "hw0", engine sim7: no axidma-sim,per-channel-caps). The driver
 * cannot tell which channel is which, so a transfer needs a direction,
 * given per transfer or once with SET_CONFIG (docs/uapi.md, Directions).
 *
 *   AXIDMA_CLIENT=hw0 axidma_hwdir
 */
#include "tap.h"
#include "axidma_util.h"

#define LEN 4096
#define BUFSZ 65536

/* a plain owner open: open_tx()/open_rx() would set a direction */
static int own(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	if (fd < 0)
		TAP_FAIL(1, "open %s: %s", path, strerror(errno));
	return fd;
}

/* one verified loopback; flags_tx/flags_rx are the transfers' flags */
static void loop(int tx, int rx, unsigned char *tp, unsigned char *rp,
		 uint32_t flags_tx, uint32_t flags_rx, unsigned int seed)
{
	struct axidma_completion rec;
	uint64_t rid, tid;

	memset(rp, 0, LEN);
	pattern(tp, LEN, seed);
	rid = submit(rx, 0, 0, LEN, 1, flags_rx, 0);
	tid = submit(tx, 0, 0, LEN, 2, flags_tx, 0);
	wait_done(tx, tid, &rec);
	wait_done(rx, rid, &rec);
	EXPECT_EQ(rec.bytes, LEN);
	EXPECT_EQ(check_pattern(rp, LEN, seed), LEN);
}

TEST(both_directions_reported)
{
	int tx = own(dev_tx), rx = own(dev_rx);
	struct axidma_info info;

	get_info(tx, &info);
	EXPECT_EQ(info.directions, AXIDMA_DIR_MEM_TO_DEV |
				   AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(info.direction, 0);
	get_info(rx, &info);
	EXPECT_EQ(info.directions, AXIDMA_DIR_MEM_TO_DEV |
				   AXIDMA_DIR_DEV_TO_MEM);
	EXPECT_EQ(info.direction, 0);
	close(tx);
	close(rx);
}

TEST(no_direction_refused)
{
	int rx = own(dev_rx);
	struct axidma_xfer x = xfer(0, 0, LEN, 1);
	struct axidma_submit s = { .xfers = (uintptr_t)&x, .count = 1 };
	struct axidma_status st;

	set_bufs(rx, 1, BUFSZ);
	EXPECT_ERRNO(EINVAL, ioctl(rx, AXIDMA_IOC_SUBMIT, &s));
	EXPECT_EQ(s.error_index, 0);
	get_status(rx, &st);
	EXPECT_EQ(st.queued + st.in_flight, 0);
	close(rx);
}

TEST(direction_per_transfer)
{
	int tx = own(dev_tx), rx = own(dev_rx);
	unsigned char *tp, *rp;

	set_bufs(tx, 1, BUFSZ);
	set_bufs(rx, 1, BUFSZ);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	loop(tx, rx, tp, rp, AXIDMA_XFER_MEM_TO_DEV, AXIDMA_XFER_DEV_TO_MEM, 7);
	close(tx);
	close(rx);
}

TEST(direction_set_once)
{
	int tx = own(dev_tx), rx = own(dev_rx);
	struct axidma_info info;
	unsigned char *tp, *rp;

	ASSERT_OK(set_config(tx, AXIDMA_CONFIG_DIRECTION, 0, 0,
			     AXIDMA_DIR_MEM_TO_DEV));
	ASSERT_OK(set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0,
			     AXIDMA_DIR_DEV_TO_MEM));
	EXPECT_ERRNO(EINVAL, set_config(rx, AXIDMA_CONFIG_DIRECTION, 0, 0,
					AXIDMA_DIR_MEM_TO_DEV |
					AXIDMA_DIR_DEV_TO_MEM));
	get_info(rx, &info);
	EXPECT_EQ(info.direction, AXIDMA_DIR_DEV_TO_MEM);
	set_bufs(tx, 1, BUFSZ);
	set_bufs(rx, 1, BUFSZ);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	loop(tx, rx, tp, rp, 0, 0, 8);
	/* a mapping keeps the file, and so the ownership, alive */
	munmap(tp, BUFSZ);
	munmap(rp, BUFSZ);
	close(tx);
	close(rx);

	/* the setting stays with the channel for the next owner */
	tx = own(dev_tx);
	rx = own(dev_rx);
	get_info(tx, &info);
	EXPECT_EQ(info.direction, AXIDMA_DIR_MEM_TO_DEV);
	set_bufs(tx, 1, BUFSZ);
	set_bufs(rx, 1, BUFSZ);
	tp = map_buf(tx, 0);
	rp = map_buf(rx, 0);
	loop(tx, rx, tp, rp, 0, 0, 9);
	close(tx);
	close(rx);
}

int main(int argc, char **argv)
{
	util_init();
	return tap_main(argc, argv);
}
