// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_badinput - the malformed-call table: every row makes one bad call
 * (wrong ioctl sizes and directions, reserved fields, unknown flags, out of
 * range indexes, offsets and lengths, overflows, bad timeouts, the wrong
 * direction, bad mmaps, calls after stop, after close and on a removed
 * device), asserts the errno docs/uapi.md gives for it, then checks that
 * the channel pair still moves data correctly (a verified loopback after
 * every row). One TAP line per row.
 *
 * Environment: AXIDMA_CLIENT (default loop0), AXIDMA_SG, AXIDMA_ENGINE
 * (optional: the FIFO is flushed when a row may leave data in it),
 * AXIDMA_UNBIND=1 adds the rows on a removed device (unbinds and rebinds
 * the client).
 */
#define _GNU_SOURCE
#include <sys/epoll.h>
#include <sys/resource.h>

#include "tap.h"
#include "axidma_rel.h"

#define M AXIDMA_IOC_MAGIC
#define BUFSZ 65536ULL

struct ctx {
	struct rel_pair p;
	int ro;			/* information open of tx */
	const char *client;
	const char *engine;
	long pg;
};

static struct ctx C;

/* A row that wants a specific outcome sets errno and returns -1. */
static long proto(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static long proto(const char *fmt, ...)
{
	va_list ap;
	char buf[256];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	tap_diag("%s", buf);
	errno = EPROTO;
	return -1;
}

static long xsubmit(int fd, struct axidma_xfer *x, unsigned int n,
		    struct axidma_submit *out)
{
	struct axidma_submit s = { .xfers = (uintptr_t)x, .count = n };
	long r = ioctl(fd, AXIDMA_IOC_SUBMIT, &s);

	if (out)
		*out = s;
	return r;
}

static long xfer1(int fd, struct axidma_xfer x)
{
	return xsubmit(fd, &x, 1, NULL);
}

static struct axidma_xfer X(uint32_t buf, uint64_t off, uint64_t len)
{
	return (struct axidma_xfer){ .buf = buf, .offset = off, .length = len };
}

/* --- ioctl numbers with the wrong size or direction: ENOTTY -------------- */

static char big[4096];

#define IOC_ROW(fname, dir, nr, size)					\
	static long fname(void)						\
	{								\
		memset(big, 0, sizeof(big));				\
		return ioctl(C.p.tx, _IOC(dir, M, nr, size), big);	\
	}

IOC_ROW(r_info_small, _IOC_READ, 0x00, sizeof(struct axidma_info) - 8)
IOC_ROW(r_info_big, _IOC_READ, 0x00, sizeof(struct axidma_info) + 8)
IOC_ROW(r_info_dir_w, _IOC_WRITE, 0x00, sizeof(struct axidma_info))
IOC_ROW(r_info_dir_rw, _IOC_READ | _IOC_WRITE, 0x00, sizeof(struct axidma_info))
IOC_ROW(r_status_none, _IOC_NONE, 0x01, 0)
IOC_ROW(r_status_small, _IOC_READ, 0x01, sizeof(struct axidma_status) - 8)
IOC_ROW(r_getbuf_small, _IOC_READ | _IOC_WRITE, 0x02, sizeof(struct axidma_buffer) - 8)
IOC_ROW(r_getbuf_dir_r, _IOC_READ, 0x02, sizeof(struct axidma_buffer))
IOC_ROW(r_setbufs_big, _IOC_WRITE, 0x03, sizeof(struct axidma_buffers) + 8)
IOC_ROW(r_setcfg_small, _IOC_WRITE, 0x04, sizeof(struct axidma_config) - 8)
IOC_ROW(r_submit_big, _IOC_READ | _IOC_WRITE, 0x05, sizeof(struct axidma_submit) + 8)
IOC_ROW(r_submit_dir_w, _IOC_WRITE, 0x05, sizeof(struct axidma_submit))
IOC_ROW(r_wait_small, _IOC_READ | _IOC_WRITE, 0x06, sizeof(struct axidma_wait) - 8)
IOC_ROW(r_stop_sized, _IOC_WRITE, 0x07, 8)
IOC_ROW(r_nr_08, _IOC_NONE, 0x08, 0)
IOC_ROW(r_nr_3f, _IOC_READ | _IOC_WRITE, 0x3f, 64)
IOC_ROW(r_nr_ff, _IOC_READ, 0xff, sizeof(struct axidma_info))

static long r_magic(void)
{
	return ioctl(C.p.tx, _IOC(_IOC_READ, M - 1, 0x00,
				  sizeof(struct axidma_info)), big);
}

/* --- SET_BUFFERS ------------------------------------------------------- */

static long setbufs(struct axidma_buffers b)
{
	return ioctl(C.p.tx, AXIDMA_IOC_SET_BUFFERS, &b);
}

static long r_bufs_flags(void) { return setbufs((struct axidma_buffers){ .count = 2, .size = BUFSZ, .flags = 1 }); }
static long r_bufs_flag31(void) { return setbufs((struct axidma_buffers){ .count = 2, .size = BUFSZ, .flags = 1u << 31 }); }
static long r_bufs_res0(void) { return setbufs((struct axidma_buffers){ .count = 2, .size = BUFSZ, .reserved = { 1 } }); }
static long r_bufs_res1(void) { return setbufs((struct axidma_buffers){ .count = 2, .size = BUFSZ, .reserved = { 0, ~0ULL } }); }
static long r_bufs_count(void) { return setbufs((struct axidma_buffers){ .count = 1025, .size = 4096 }); }
static long r_bufs_count_max(void) { return setbufs((struct axidma_buffers){ .count = ~0u, .size = 4096 }); }
static long r_bufs_size0(void) { return setbufs((struct axidma_buffers){ .count = 1, .size = 0 }); }
static long r_bufs_size_big(void)
{
	return setbufs((struct axidma_buffers){ .count = 1,
		.size = C.p.ti.buf_size_max + 1 });
}
static long r_bufs_size_max(void) { return setbufs((struct axidma_buffers){ .count = 1, .size = ~0ULL }); }

/* While mapped (buffer 0 is): EBUSY, and nothing changes. */
static long r_bufs_mapped(void)
{
	return setbufs((struct axidma_buffers){ .count = 3, .size = 8192 });
}

/* While a transfer is outstanding: EBUSY (the row stops it after). */
static long r_bufs_busy(void)
{
	long r;

	munmap(C.p.rp, C.p.rsize);
	C.p.rp = NULL;
	if (rel_submit1(C.p.rx, 1, 0, 64, 0, NULL))
		return proto("submit: %s", strerror(errno));
	r = ioctl(C.p.rx, AXIDMA_IOC_SET_BUFFERS,
		  &(struct axidma_buffers){ .count = 2, .size = BUFSZ });
	return r;
}

/* More memory than there is: ENOMEM, the channel left without buffers. */
static long r_bufs_enomem(void)
{
	struct axidma_info i;
	long r;

	munmap(C.p.tp, C.p.tsize);
	C.p.tp = NULL;
	r = setbufs((struct axidma_buffers){ .count = 4,
		.size = C.p.ti.buf_size_max });
	if (r == 0)
		return proto("4 x %llu bytes allocated?",
			     (unsigned long long)C.p.ti.buf_size_max);
	if (errno != ENOMEM)
		return r;
	if (ioctl(C.p.tx, AXIDMA_IOC_GET_INFO, &i))
		return proto("GET_INFO: %s", strerror(errno));
	if (i.buf_count != 4 || i.buf_size != C.p.ti.buf_size_max)
		return proto("geometry not kept: %u x %llu", i.buf_count,
			     (unsigned long long)i.buf_size);
	errno = ENOMEM;
	return -1;
}

/*
 * 16 x 16 MiB: more than CMA holds and above the page allocator's largest
 * order, so the allocation fails part way (after some buffers came from
 * CMA, where there is one): ENOMEM, and what was allocated is freed
 * (kmemleak and DMA-API debugging check that on the debug kernel).
 */
static long r_bufs_partial(void)
{
	long r;

	munmap(C.p.tp, C.p.tsize);
	C.p.tp = NULL;
	r = setbufs((struct axidma_buffers){ .count = 16, .size = 16 << 20 });
	if (r == 0)
		return proto("256 MiB of 16 MiB buffers allocated?");
	return r;
}

/* --- GET_BUFFER -------------------------------------------------------- */

static long getbuf(struct axidma_buffer b)
{
	return ioctl(C.p.tx, AXIDMA_IOC_GET_BUFFER, &b);
}

static long r_gb_index(void) { return getbuf((struct axidma_buffer){ .index = 2 }); }
static long r_gb_index_max(void) { return getbuf((struct axidma_buffer){ .index = ~0u }); }
static long r_gb_flags(void) { return getbuf((struct axidma_buffer){ .flags = 1 }); }
static long r_gb_offset(void) { return getbuf((struct axidma_buffer){ .offset = 4096 }); }
static long r_gb_size(void) { return getbuf((struct axidma_buffer){ .size = 1 }); }
static long r_gb_dma(void) { return getbuf((struct axidma_buffer){ .dma_addr = 1 }); }
static long r_gb_res(void) { return getbuf((struct axidma_buffer){ .reserved = { 0, 1 } }); }

/* --- SET_CONFIG -------------------------------------------------------- */

static long setcfg(struct axidma_config c)
{
	return ioctl(C.p.tx, AXIDMA_IOC_SET_CONFIG, &c);
}

static long r_cfg_flag3(void) { return setcfg((struct axidma_config){ .flags = 1u << 3 }); }
static long r_cfg_flag31(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH | 1u << 31, .depth = 1 }); }
static long r_cfg_depth_noflag(void) { return setcfg((struct axidma_config){ .depth = 2 }); }
static long r_cfg_timeout_noflag(void) { return setcfg((struct axidma_config){ .timeout_ns = 1 }); }
static long r_cfg_dir_noflag(void) { return setcfg((struct axidma_config){ .direction = AXIDMA_DIR_MEM_TO_DEV }); }
static long r_cfg_res0(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 1, .reserved0 = 1 }); }
static long r_cfg_res(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 1, .reserved = { 1 } }); }
static long r_cfg_depth0(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 0 }); }
static long r_cfg_depth256(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 256 }); }
static long r_cfg_depth_max(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = ~0u }); }
static long r_cfg_dir_both(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DIRECTION, .direction = 3 }); }
static long r_cfg_dir_unknown(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DIRECTION, .direction = 4 }); }
static long r_cfg_dir_zero(void) { return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DIRECTION, .direction = 0 }); }

/* The tx channel of the simulator has one direction: S2MM is refused. */
static long r_cfg_dir_wrong(void)
{
	return setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DIRECTION,
		.direction = AXIDMA_DIR_DEV_TO_MEM });
}

/* A rejected config changes nothing: depth and timeout are as before. */
static long r_cfg_atomic(void)
{
	struct axidma_info i;

	if (setcfg((struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH |
		   AXIDMA_CONFIG_TIMEOUT | AXIDMA_CONFIG_DIRECTION,
		   .depth = 7, .timeout_ns = 5, .direction = 3 }) == 0)
		return proto("accepted");
	if (errno != EINVAL)
		return -1;
	if (ioctl(C.p.tx, AXIDMA_IOC_GET_INFO, &i))
		return proto("GET_INFO: %s", strerror(errno));
	if (i.depth != C.p.ti.depth || i.timeout_ns != C.p.ti.timeout_ns)
		return proto("changed: depth %u timeout %llu", i.depth,
			     (unsigned long long)i.timeout_ns);
	errno = EINVAL;
	return -1;
}

/* --- SUBMIT: the call -------------------------------------------------- */

static long submit_raw(struct axidma_submit s)
{
	return ioctl(C.p.tx, AXIDMA_IOC_SUBMIT, &s);
}

static struct axidma_xfer ok_x = { .length = 64 };

static long r_sub_count0(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 0 }); }
static long r_sub_count_big(void)
{
	return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x,
		.count = C.p.ti.queue_size + 1 });
}
static long r_sub_count_max(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = ~0u }); }
static long r_sub_flags(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 1, .flags = 1 }); }
static long r_sub_submitted(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 1, .submitted = 1 }); }
static long r_sub_erridx(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 1, .error_index = 1 }); }
static long r_sub_firstid(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 1, .first_id = 1 }); }
static long r_sub_res(void) { return submit_raw((struct axidma_submit){ .xfers = (uintptr_t)&ok_x, .count = 1, .reserved = { 0, 1 } }); }
static long r_sub_null(void) { return submit_raw((struct axidma_submit){ .xfers = 0, .count = 1 }); }
static long r_sub_badptr(void) { return submit_raw((struct axidma_submit){ .xfers = 0xdead0000, .count = 1 }); }
static long r_sub_kernptr(void) { return submit_raw((struct axidma_submit){ .xfers = ~0ULL << 40, .count = 1 }); }
static long r_sub_argnull(void) { return ioctl(C.p.tx, AXIDMA_IOC_SUBMIT, NULL); }

/* The array ends on an unmapped page: EFAULT, nothing submitted. */
static long r_sub_straddle(void)
{
	long pg = C.pg, r;
	char *m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct axidma_xfer *x;

	if (m == MAP_FAILED)
		return proto("mmap: %s", strerror(errno));
	munmap(m + pg, pg);
	x = (struct axidma_xfer *)(m + pg) - 1;
	*x = ok_x;
	r = submit_raw((struct axidma_submit){ .xfers = (uintptr_t)x,
					       .count = 2 });
	munmap(m, pg);
	return r;
}

/* --- SUBMIT: the entries ----------------------------------------------- */

static long r_x_buf(void) { return xfer1(C.p.tx, X(2, 0, 64)); }
static long r_x_buf_max(void) { return xfer1(C.p.tx, X(~0u, 0, 64)); }
static long r_x_len0(void) { return xfer1(C.p.tx, X(0, 0, 0)); }
static long r_x_len_buf(void) { return xfer1(C.p.tx, X(0, 0, BUFSZ + 1)); }
static long r_x_len_max(void) { return xfer1(C.p.tx, X(0, 0, ~0ULL)); }
static long r_x_len_maxxfer(void) { return xfer1(C.p.tx, X(0, 0, C.p.ti.max_xfer_len + 1)); }
static long r_x_off_end(void) { return xfer1(C.p.tx, X(0, BUFSZ, 8)); }
static long r_x_off_past(void) { return xfer1(C.p.tx, X(0, BUFSZ - 64, 128)); }
static long r_x_off_huge(void) { return xfer1(C.p.tx, X(0, 1ULL << 40, 64)); }
/* offset + length wraps around to a small number */
static long r_x_wrap(void) { return xfer1(C.p.tx, X(0, ~0ULL - 7, 16)); }
static long r_x_wrap2(void) { return xfer1(C.p.tx, X(0, 1ULL << 63, 1ULL << 63)); }
static long r_x_wrap3(void) { return xfer1(C.p.tx, X(0, 64, ~0ULL - 63)); }
static long r_x_unaligned(void) { return xfer1(C.p.tx, X(0, C.p.ti.align / 2 ? C.p.ti.align / 2 : 1, 64)); }
static long r_x_unaligned_rx(void) { return xfer1(C.p.rx, X(0, C.p.ri.align - 1, 64)); }
static long r_x_flag3(void) { struct axidma_xfer x = X(0, 0, 64); x.flags = 1u << 3; return xfer1(C.p.tx, x); }
static long r_x_flag31(void) { struct axidma_xfer x = X(0, 0, 64); x.flags = 1u << 31; return xfer1(C.p.tx, x); }
static long r_x_bothdirs(void)
{
	struct axidma_xfer x = X(0, 0, 64);

	x.flags = AXIDMA_XFER_MEM_TO_DEV | AXIDMA_XFER_DEV_TO_MEM;
	return xfer1(C.p.tx, x);
}
static long r_x_wrongdir_tx(void) { struct axidma_xfer x = X(0, 0, 64); x.flags = AXIDMA_XFER_DEV_TO_MEM; return xfer1(C.p.tx, x); }
static long r_x_wrongdir_rx(void) { struct axidma_xfer x = X(0, 0, 64); x.flags = AXIDMA_XFER_MEM_TO_DEV; return xfer1(C.p.rx, x); }
static long r_x_timeout_noflag(void) { struct axidma_xfer x = X(0, 0, 64); x.timeout_ns = 1000; return xfer1(C.p.tx, x); }
static long r_x_res0(void) { struct axidma_xfer x = X(0, 0, 64); x.reserved[0] = 1; return xfer1(C.p.tx, x); }
static long r_x_res2(void) { struct axidma_xfer x = X(0, 0, 64); x.reserved[2] = 1ULL << 63; return xfer1(C.p.tx, x); }

/* Entry 3 of 5 is bad: EINVAL, error_index 3, nothing submitted. */
static long r_x_index(void)
{
	struct axidma_xfer x[5] = { X(0, 0, 64), X(0, 64, 64), X(0, 128, 64),
				    X(0, 0, 0), X(0, 256, 64) };
	struct axidma_submit s;
	struct axidma_status st;
	long r = xsubmit(C.p.tx, x, 5, &s);

	if (r == 0)
		return proto("accepted");
	if (errno != EINVAL)
		return r;
	if (s.error_index != 3 || s.submitted != 0)
		return proto("error_index %u submitted %u", s.error_index,
			     s.submitted);
	if (ioctl(C.p.tx, AXIDMA_IOC_GET_STATUS, &st) ||
	    st.queued + st.in_flight + st.completed)
		return proto("something was queued");
	errno = EINVAL;
	return -1;
}

/*
 * The queue has room for one entry; the second (bad) entry is still
 * checked: EINVAL with error_index 1, not a partial submit.
 */
static long r_x_index_past_room(void)
{
	unsigned int q = C.p.ri.queue_size, i;
	struct axidma_xfer *x = calloc(q, sizeof(*x));
	struct axidma_submit s;
	long r;

	if (!x)
		return proto("calloc");
	for (i = 0; i < q; i++)
		x[i] = X(1, 0, 64);
	/* q - 1 S2MM transfers that wait for data: one slot left */
	r = xsubmit(C.p.rx, x, q - 1, &s);
	if (r || s.submitted != q - 1) {
		free(x);
		return proto("fill: %s, %u", strerror(errno), s.submitted);
	}
	x[1] = X(1, 0, 0);
	r = xsubmit(C.p.rx, x, 2, &s);
	free(x);
	if (r == 0)
		return proto("accepted %u", s.submitted);
	if (errno == EINVAL && s.error_index != 1)
		return proto("error_index %u", s.error_index);
	return r;
}

/* With the queue full a submit fails with EAGAIN. */
static long r_x_full(void)
{
	unsigned int q = C.p.ri.queue_size, i;
	struct axidma_xfer *x = calloc(q + 1, sizeof(*x));
	struct axidma_submit s;
	long r;

	if (!x)
		return proto("calloc");
	for (i = 0; i <= q; i++)
		x[i] = X(1, 0, 64);
	r = xsubmit(C.p.rx, x, q, &s);
	if (r || s.submitted != q) {
		free(x);
		return proto("fill: %s, %u", strerror(errno), s.submitted);
	}
	r = xsubmit(C.p.rx, x, 1, &s);
	free(x);
	return r;
}

/* No buffers (count 0): ENOBUFS. */
static long r_x_nobufs(void)
{
	long r;

	munmap(C.p.tp, C.p.tsize);
	C.p.tp = NULL;
	if (rel_set_bufs(C.p.tx, 0, 0))
		return proto("SET_BUFFERS 0: %s", strerror(errno));
	r = xfer1(C.p.tx, X(0, 0, 64));
	return r;
}

/* The buffers shrank: an offset valid before is refused now. */
static long r_x_shrunk(void)
{
	munmap(C.p.tp, C.p.tsize);
	C.p.tp = NULL;
	if (rel_set_bufs(C.p.tx, 1, 4096))
		return proto("SET_BUFFERS: %s", strerror(errno));
	return xfer1(C.p.tx, X(0, 4096, 64));
}

/* --- bad timeouts ------------------------------------------------------ */

/* A 1 ns transfer timeout: the transfer ends TIMEDOUT, nothing worse. */
static long r_to_1ns(void)
{
	struct axidma_xfer x = X(1, 0, 64);
	struct axidma_completion rec;
	struct axidma_submit s;

	x.flags = AXIDMA_XFER_TIMEOUT;
	x.timeout_ns = 1;
	if (xsubmit(C.p.rx, &x, 1, &s))
		return -1;
	if (rel_wait_id(C.p.rx, s.first_id, 5 * REL_SEC, &rec))
		return proto("wait: %s", strerror(errno));
	if (rec.status != AXIDMA_STATUS_TIMEDOUT || rec.error != -ETIMEDOUT)
		return proto("status %u error %d", rec.status, rec.error);
	return 0;
}

/* U64_MAX ns does not wrap into "already expired". */
static long r_to_max(void)
{
	struct axidma_xfer x = X(1, 0, 64);
	struct axidma_completion rec;
	struct axidma_status st;
	struct axidma_submit s;

	x.flags = AXIDMA_XFER_TIMEOUT;
	x.timeout_ns = ~0ULL;
	if (xsubmit(C.p.rx, &x, 1, &s))
		return -1;
	usleep(50000);
	if (ioctl(C.p.rx, AXIDMA_IOC_GET_STATUS, &st) || st.in_flight != 1)
		return proto("not in flight: %u", st.in_flight);
	if (ioctl(C.p.rx, AXIDMA_IOC_STOP))
		return proto("STOP: %s", strerror(errno));
	if (rel_wait_id(C.p.rx, s.first_id, 0, &rec) ||
	    rec.status != AXIDMA_STATUS_ABORTED)
		return proto("status %u", rec.status);
	return 0;
}

/* Channel default timeout U64_MAX, then back to the old value. */
static long r_to_cfg_max(void)
{
	struct axidma_config c = { .flags = AXIDMA_CONFIG_TIMEOUT,
				   .timeout_ns = ~0ULL };
	struct axidma_status st;
	long r;

	if (ioctl(C.p.rx, AXIDMA_IOC_SET_CONFIG, &c))
		return -1;
	r = rel_submit1(C.p.rx, 1, 0, 64, 0, NULL);
	usleep(50000);
	if (!r && (ioctl(C.p.rx, AXIDMA_IOC_GET_STATUS, &st) ||
		   st.in_flight != 1))
		r = proto("not in flight");
	c.timeout_ns = C.p.ri.timeout_ns;
	if (ioctl(C.p.rx, AXIDMA_IOC_SET_CONFIG, &c))
		return proto("restore: %s", strerror(errno));
	return r;
}

/* WAIT with timeout 0 does not block: ETIMEDOUT at once. */
static long r_to_wait0(void)
{
	struct axidma_completion rec;
	uint64_t id, t0;
	long r;

	if (rel_submit1(C.p.rx, 1, 0, 64, 0, &id))
		return proto("submit: %s", strerror(errno));
	t0 = rel_now();
	r = rel_wait_id(C.p.rx, id, 0, &rec);
	if (r == 0)
		return proto("a record without data");
	if (rel_now() - t0 > 500 * REL_MS)
		return proto("blocked %llu ns",
			     (unsigned long long)(rel_now() - t0));
	return r;
}

/* WAIT with a huge timeout and a record ready returns at once. */
static long r_to_wait_max(void)
{
	struct axidma_completion rec;
	struct axidma_wait w = { .records = (uintptr_t)&rec, .max_records = 1,
				 .flags = AXIDMA_WAIT_TIMEOUT,
				 .timeout_ns = ~0ULL };
	uint64_t id;

	if (rel_submit1(C.p.rx, 1, 0, 64, 0, &id) ||
	    ioctl(C.p.rx, AXIDMA_IOC_STOP))
		return proto("submit/stop: %s", strerror(errno));
	if (ioctl(C.p.rx, AXIDMA_IOC_WAIT, &w))
		return -1;
	if (w.count != 1 || rec.id != id || rec.status != AXIDMA_STATUS_ABORTED)
		return proto("count %u id %llu status %u", w.count,
			     (unsigned long long)rec.id, rec.status);
	return 0;
}

/* --- WAIT -------------------------------------------------------------- */

static struct axidma_completion wrec[4];

static long waitc(int fd, struct axidma_wait w)
{
	return ioctl(fd, AXIDMA_IOC_WAIT, &w);
}

#define WREC .records = (uintptr_t)wrec
static long r_w_max0(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 0 }); }
static long r_w_flag2(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .flags = 1u << 2 }); }
static long r_w_flag31(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .flags = 1u << 31 }); }
static long r_w_count(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .count = 1 }); }
static long r_w_res0(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .reserved0 = 1 }); }
static long r_w_res(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .reserved = { 0, 1 } }); }
static long r_w_id_noflag(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .id = 1 }); }
static long r_w_to_noflag(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .timeout_ns = 1 }); }
static long r_w_nodata(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1 }); }
static long r_w_id_future(void)
{
	struct axidma_status st;

	if (ioctl(C.p.tx, AXIDMA_IOC_GET_STATUS, &st))
		return proto("status");
	return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1,
		.flags = AXIDMA_WAIT_ID, .id = st.next_id });
}
static long r_w_id_max(void) { return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1, .flags = AXIDMA_WAIT_ID, .id = ~0ULL }); }
/* An id whose record was read (the loopbacks before read them). */
static long r_w_id_read(void)
{
	struct axidma_status st;

	if (ioctl(C.p.tx, AXIDMA_IOC_GET_STATUS, &st) || st.next_id < 2)
		return proto("status");
	return waitc(C.p.tx, (struct axidma_wait){ WREC, .max_records = 1,
		.flags = AXIDMA_WAIT_ID, .id = st.next_id - 1 });
}
static long r_w_nonblock(void)
{
	int fl = fcntl(C.p.rx, F_GETFL);
	long r;

	if (rel_submit1(C.p.rx, 1, 0, 64, 0, NULL))
		return proto("submit: %s", strerror(errno));
	fcntl(C.p.rx, F_SETFL, fl | O_NONBLOCK);
	r = waitc(C.p.rx, (struct axidma_wait){ WREC, .max_records = 1 });
	fcntl(C.p.rx, F_SETFL, fl);
	return r;
}

/* Records to an unwritable address: EFAULT and the record is not lost. */
static long faulty_wait(uint64_t where)
{
	struct axidma_completion rec;
	uint64_t id;
	long r;

	if (rel_submit1(C.p.rx, 1, 0, 64, 77, &id) ||
	    ioctl(C.p.rx, AXIDMA_IOC_STOP))
		return proto("submit/stop: %s", strerror(errno));
	r = waitc(C.p.rx, (struct axidma_wait){ .records = where,
						.max_records = 1 });
	if (r == 0)
		return proto("no fault");
	if (errno != EFAULT)
		return r;
	if (rel_wait_id(C.p.rx, id, 0, &rec) || rec.id != id || rec.tag != 77)
		return proto("record lost: %s", strerror(errno));
	errno = EFAULT;
	return -1;
}

static long r_w_efault_null(void) { return faulty_wait(0); }
static long r_w_efault_ro(void) { return faulty_wait((uintptr_t)"read-only string, not a record"); }
static long r_w_argnull(void) { return ioctl(C.p.tx, AXIDMA_IOC_WAIT, NULL); }
static long r_info_argnull(void) { return ioctl(C.p.tx, AXIDMA_IOC_GET_INFO, NULL); }
static long r_status_ro(void) { return ioctl(C.p.tx, AXIDMA_IOC_GET_STATUS, (void *)"read-only"); }
static long r_gb_argbad(void) { return ioctl(C.p.tx, AXIDMA_IOC_GET_BUFFER, (void *)8); }

/* --- ownership --------------------------------------------------------- */

static long r_ro_submit(void) { return xfer1(C.ro, X(0, 0, 64)); }
static long r_ro_bufs(void) { return ioctl(C.ro, AXIDMA_IOC_SET_BUFFERS, &(struct axidma_buffers){ .count = 1, .size = 4096 }); }
static long r_ro_cfg(void) { return ioctl(C.ro, AXIDMA_IOC_SET_CONFIG, &(struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 1 }); }
static long r_ro_wait(void) { return waitc(C.ro, (struct axidma_wait){ WREC, .max_records = 1 }); }
static long r_ro_stop(void) { return ioctl(C.ro, AXIDMA_IOC_STOP); }
static long r_ro_mmap(void) { return (long)mmap(NULL, C.pg, PROT_READ, MAP_SHARED, C.ro, 0); }
static long r_second_owner(void) { return open(C.p.tx_path, O_RDWR | O_CLOEXEC); }
static long r_second_wronly(void) { return open(C.p.rx_path, O_WRONLY | O_CLOEXEC); }

/* The owner through O_WRONLY cannot map (mmap needs a readable file). */
static long r_wronly_mmap(void)
{
	/* dup() does not change the access mode: use the ro fd's node */
	return (long)mmap(NULL, C.pg, PROT_WRITE, MAP_SHARED, C.ro, 0);
}

/* --- mmap -------------------------------------------------------------- */

static long mapr(size_t len, int prot, int flags, off_t off)
{
	void *m = mmap(NULL, len, prot, flags, C.p.tx, off);

	if (m == MAP_FAILED)
		return -1;
	munmap(m, len);
	return 0;
}

static long r_m_private(void) { return mapr(C.pg, PROT_READ, MAP_PRIVATE, 0); }
static long r_m_off_past(void) { return mapr(C.pg, PROT_READ, MAP_SHARED, 2 * BUFSZ); }
static long r_m_off_huge(void) { return mapr(C.pg, PROT_READ, MAP_SHARED, (off_t)1 << 45); }
static long r_m_len_past(void) { return mapr(BUFSZ + C.pg, PROT_READ, MAP_SHARED, 0); }
static long r_m_cross(void) { return mapr(2 * C.pg, PROT_READ, MAP_SHARED, BUFSZ - C.pg); }
static long r_m_unaligned(void) { return mapr(C.pg, PROT_READ, MAP_SHARED, 1); }
static long r_m_len0(void) { return mapr(0, PROT_READ, MAP_SHARED, 0); }
static long r_m_exec(void) { return mapr(C.pg, PROT_READ | PROT_EXEC, MAP_SHARED, 0); }

static long r_m_mprotect_exec(void)
{
	void *m = mmap(NULL, C.pg, PROT_READ, MAP_SHARED, C.p.tx, 0);
	long r;

	if (m == MAP_FAILED)
		return proto("mmap: %s", strerror(errno));
	r = mprotect(m, C.pg, PROT_READ | PROT_EXEC);
	munmap(m, C.pg);
	return r;
}

/* mremap cannot grow the mapping (VM_DONTEXPAND): EFAULT. */
static long r_m_mremap(void)
{
	void *m = mmap(NULL, C.pg, PROT_READ, MAP_SHARED, C.p.tx, 0), *n;

	if (m == MAP_FAILED)
		return proto("mmap: %s", strerror(errno));
	n = mremap(m, C.pg, 2 * C.pg, MREMAP_MAYMOVE);
	if (n != MAP_FAILED) {
		munmap(n, 2 * C.pg);
		return proto("grew");
	}
	munmap(m, C.pg);
	return -1;
}

/* --- after stop and after close ---------------------------------------- */

/* Stopped with a transfer in flight: the channel is usable at once. */
static long r_stop_then_submit(void)
{
	struct axidma_completion rec;
	uint64_t id;

	if (rel_submit1(C.p.rx, 1, 0, 64, 5, &id) ||
	    ioctl(C.p.rx, AXIDMA_IOC_STOP))
		return proto("submit/stop: %s", strerror(errno));
	if (ioctl(C.p.rx, AXIDMA_IOC_STOP))	/* twice is fine */
		return proto("second stop: %s", strerror(errno));
	if (rel_wait_id(C.p.rx, id, 0, &rec) ||
	    rec.status != AXIDMA_STATUS_ABORTED || rec.error != -ECANCELED ||
	    rec.bytes)
		return proto("record: status %u error %d", rec.status,
			     rec.error);
	return 0;	/* the loopback after the row submits */
}

static long r_closed_ioctl(void)
{
	int fd = dup(C.p.tx);

	close(fd);
	return ioctl(fd, AXIDMA_IOC_GET_INFO, big);
}

static long r_closed_mmap(void)
{
	int fd = dup(C.p.tx);

	close(fd);
	return (long)mmap(NULL, C.pg, PROT_READ, MAP_SHARED, fd, 0);
}

/* A closed owner frees the channel; a new owner works at once. */
static long r_reopen(void)
{
	rel_pair_close(&C.p);
	if (rel_pair_open(&C.p, C.client, 2, BUFSZ))
		return -1;
	return 0;
}

/* An odd length is fine (only offsets are aligned). */
static long r_odd_length(void)
{
	return rel_loop(&C.p, 3, 99) ? proto("3-byte loopback failed") : 0;
}

/* --- the table --------------------------------------------------------- */

#define F_NEED_ALIGN	1	/* needs an alignment above 1 on tx */
#define F_ONE_DIR	2	/* needs channels with one direction */
#define F_NEED_ALIGN_RX	4

struct row {
	const char *name;
	int err;		/* expected errno, 0: must succeed */
	long (*fn)(void);
	unsigned int flags;
};

static const struct row rows[] = {
	{ "GET_INFO size - 8", ENOTTY, r_info_small },
	{ "GET_INFO size + 8", ENOTTY, r_info_big },
	{ "GET_INFO as _IOW", ENOTTY, r_info_dir_w },
	{ "GET_INFO as _IOWR", ENOTTY, r_info_dir_rw },
	{ "GET_STATUS as _IO", ENOTTY, r_status_none },
	{ "GET_STATUS size - 8", ENOTTY, r_status_small },
	{ "GET_BUFFER size - 8", ENOTTY, r_getbuf_small },
	{ "GET_BUFFER as _IOR", ENOTTY, r_getbuf_dir_r },
	{ "SET_BUFFERS size + 8", ENOTTY, r_setbufs_big },
	{ "SET_CONFIG size - 8", ENOTTY, r_setcfg_small },
	{ "SUBMIT size + 8", ENOTTY, r_submit_big },
	{ "SUBMIT as _IOW", ENOTTY, r_submit_dir_w },
	{ "WAIT size - 8", ENOTTY, r_wait_small },
	{ "STOP with a size", ENOTTY, r_stop_sized },
	{ "ioctl nr 0x08", ENOTTY, r_nr_08 },
	{ "ioctl nr 0x3f", ENOTTY, r_nr_3f },
	{ "ioctl nr 0xff", ENOTTY, r_nr_ff },
	{ "ioctl magic 0xD6", ENOTTY, r_magic },

	{ "SET_BUFFERS flags bit 0", EINVAL, r_bufs_flags },
	{ "SET_BUFFERS flags bit 31", EINVAL, r_bufs_flag31 },
	{ "SET_BUFFERS reserved[0]", EINVAL, r_bufs_res0 },
	{ "SET_BUFFERS reserved[1]", EINVAL, r_bufs_res1 },
	{ "SET_BUFFERS count 1025", EINVAL, r_bufs_count },
	{ "SET_BUFFERS count U32_MAX", EINVAL, r_bufs_count_max },
	{ "SET_BUFFERS size 0", EINVAL, r_bufs_size0 },
	{ "SET_BUFFERS size buf_size_max + 1", EINVAL, r_bufs_size_big },
	{ "SET_BUFFERS size U64_MAX", EINVAL, r_bufs_size_max },
	{ "SET_BUFFERS while mapped", EBUSY, r_bufs_mapped },
	{ "SET_BUFFERS with a transfer outstanding", EBUSY, r_bufs_busy },
	{ "SET_BUFFERS 4 x buf_size_max: ENOMEM, geometry kept", ENOMEM, r_bufs_enomem },
	{ "SET_BUFFERS 16 x 16 MiB: ENOMEM part way, the rest freed", ENOMEM, r_bufs_partial },

	{ "GET_BUFFER index = count", EINVAL, r_gb_index },
	{ "GET_BUFFER index U32_MAX", EINVAL, r_gb_index_max },
	{ "GET_BUFFER flags (out) set", EINVAL, r_gb_flags },
	{ "GET_BUFFER offset (out) set", EINVAL, r_gb_offset },
	{ "GET_BUFFER size (out) set", EINVAL, r_gb_size },
	{ "GET_BUFFER dma_addr (out) set", EINVAL, r_gb_dma },
	{ "GET_BUFFER reserved[1]", EINVAL, r_gb_res },

	{ "SET_CONFIG unknown flag bit 3", EINVAL, r_cfg_flag3 },
	{ "SET_CONFIG flag bit 31", EINVAL, r_cfg_flag31 },
	{ "SET_CONFIG depth without its flag", EINVAL, r_cfg_depth_noflag },
	{ "SET_CONFIG timeout without its flag", EINVAL, r_cfg_timeout_noflag },
	{ "SET_CONFIG direction without its flag", EINVAL, r_cfg_dir_noflag },
	{ "SET_CONFIG reserved0", EINVAL, r_cfg_res0 },
	{ "SET_CONFIG reserved[0]", EINVAL, r_cfg_res },
	{ "SET_CONFIG depth 0", EINVAL, r_cfg_depth0 },
	{ "SET_CONFIG depth 256", EINVAL, r_cfg_depth256 },
	{ "SET_CONFIG depth U32_MAX", EINVAL, r_cfg_depth_max },
	{ "SET_CONFIG direction both bits", EINVAL, r_cfg_dir_both },
	{ "SET_CONFIG direction unknown bit", EINVAL, r_cfg_dir_unknown },
	{ "SET_CONFIG direction 0", EINVAL, r_cfg_dir_zero },
	{ "SET_CONFIG direction the channel lacks", EINVAL, r_cfg_dir_wrong, F_ONE_DIR },
	{ "SET_CONFIG rejected as a whole (nothing applied)", EINVAL, r_cfg_atomic },

	{ "SUBMIT count 0", EINVAL, r_sub_count0 },
	{ "SUBMIT count queue_size + 1", EINVAL, r_sub_count_big },
	{ "SUBMIT count U32_MAX", EINVAL, r_sub_count_max },
	{ "SUBMIT flags", EINVAL, r_sub_flags },
	{ "SUBMIT submitted (out) set", EINVAL, r_sub_submitted },
	{ "SUBMIT error_index (out) set", EINVAL, r_sub_erridx },
	{ "SUBMIT first_id (out) set", EINVAL, r_sub_firstid },
	{ "SUBMIT reserved[1]", EINVAL, r_sub_res },
	{ "SUBMIT xfers NULL", EFAULT, r_sub_null },
	{ "SUBMIT xfers unmapped", EFAULT, r_sub_badptr },
	{ "SUBMIT xfers kernel address", EFAULT, r_sub_kernptr },
	{ "SUBMIT xfers run into an unmapped page", EFAULT, r_sub_straddle },
	{ "SUBMIT argument NULL", EFAULT, r_sub_argnull },

	{ "xfer buf = count", EINVAL, r_x_buf },
	{ "xfer buf U32_MAX", EINVAL, r_x_buf_max },
	{ "xfer length 0", EINVAL, r_x_len0 },
	{ "xfer length buffer + 1", EINVAL, r_x_len_buf },
	{ "xfer length U64_MAX", EINVAL, r_x_len_max },
	{ "xfer length max_xfer_len + 1", EINVAL, r_x_len_maxxfer },
	{ "xfer offset = buffer size", EINVAL, r_x_off_end },
	{ "xfer offset + length past the end", EINVAL, r_x_off_past },
	{ "xfer offset 2^40", EINVAL, r_x_off_huge },
	{ "xfer offset + length wraps (U64_MAX - 7 + 16)", EINVAL, r_x_wrap },
	{ "xfer offset + length wraps (2^63 + 2^63)", EINVAL, r_x_wrap2 },
	{ "xfer offset + length wraps (64 + U64_MAX - 63)", EINVAL, r_x_wrap3 },
	{ "xfer offset the engine cannot align (tx)", EINVAL, r_x_unaligned, F_NEED_ALIGN },
	{ "xfer offset the engine cannot align (rx)", EINVAL, r_x_unaligned_rx, F_NEED_ALIGN_RX },
	{ "xfer unknown flag bit 3", EINVAL, r_x_flag3 },
	{ "xfer flag bit 31", EINVAL, r_x_flag31 },
	{ "xfer both directions", EINVAL, r_x_bothdirs },
	{ "xfer DEV_TO_MEM on an MM2S channel", EINVAL, r_x_wrongdir_tx, F_ONE_DIR },
	{ "xfer MEM_TO_DEV on an S2MM channel", EINVAL, r_x_wrongdir_rx, F_ONE_DIR },
	{ "xfer timeout_ns without its flag", EINVAL, r_x_timeout_noflag },
	{ "xfer reserved[0]", EINVAL, r_x_res0 },
	{ "xfer reserved[2]", EINVAL, r_x_res2 },
	{ "xfer entry 3 of 5 bad: error_index 3, nothing queued", EINVAL, r_x_index },
	{ "xfer bad entry past the queue's room is still checked", EINVAL, r_x_index_past_room },
	{ "SUBMIT with the queue full", EAGAIN, r_x_full },
	{ "SUBMIT without buffers", ENOBUFS, r_x_nobufs },
	{ "xfer offset of a buffer that shrank", EINVAL, r_x_shrunk },

	{ "xfer timeout 1 ns ends TIMEDOUT", 0, r_to_1ns },
	{ "xfer timeout U64_MAX does not wrap", 0, r_to_max },
	{ "SET_CONFIG timeout U64_MAX does not wrap", 0, r_to_cfg_max },
	{ "WAIT timeout 0 does not block", ETIMEDOUT, r_to_wait0 },
	{ "WAIT timeout U64_MAX with a record ready", 0, r_to_wait_max },

	{ "WAIT max_records 0", EINVAL, r_w_max0 },
	{ "WAIT unknown flag bit 2", EINVAL, r_w_flag2 },
	{ "WAIT flag bit 31", EINVAL, r_w_flag31 },
	{ "WAIT count (out) set", EINVAL, r_w_count },
	{ "WAIT reserved0", EINVAL, r_w_res0 },
	{ "WAIT reserved[1]", EINVAL, r_w_res },
	{ "WAIT id without its flag", EINVAL, r_w_id_noflag },
	{ "WAIT timeout without its flag", EINVAL, r_w_to_noflag },
	{ "WAIT with nothing outstanding", ENODATA, r_w_nodata },
	{ "WAIT id not yet given", EINVAL, r_w_id_future },
	{ "WAIT id U64_MAX", EINVAL, r_w_id_max },
	{ "WAIT id already read", ENOENT, r_w_id_read },
	{ "WAIT O_NONBLOCK with nothing ready", EAGAIN, r_w_nonblock },
	{ "WAIT records NULL: EFAULT, record kept", EFAULT, r_w_efault_null },
	{ "WAIT records read-only: EFAULT, record kept", EFAULT, r_w_efault_ro },
	{ "WAIT argument NULL", EFAULT, r_w_argnull },
	{ "GET_INFO argument NULL", EFAULT, r_info_argnull },
	{ "GET_STATUS into read-only memory", EFAULT, r_status_ro },
	{ "GET_BUFFER argument 0x8", EFAULT, r_gb_argbad },

	{ "info open: SUBMIT", EBADF, r_ro_submit },
	{ "info open: SET_BUFFERS", EBADF, r_ro_bufs },
	{ "info open: SET_CONFIG", EBADF, r_ro_cfg },
	{ "info open: WAIT", EBADF, r_ro_wait },
	{ "info open: STOP", EBADF, r_ro_stop },
	{ "info open: mmap", EACCES, r_ro_mmap },
	{ "info open: mmap PROT_WRITE", EACCES, r_wronly_mmap },
	{ "second owner open (O_RDWR)", EBUSY, r_second_owner },
	{ "second owner open (O_WRONLY)", EBUSY, r_second_wronly },

	{ "mmap MAP_PRIVATE", EINVAL, r_m_private },
	{ "mmap offset past the last buffer", EINVAL, r_m_off_past },
	{ "mmap offset 2^45", EINVAL, r_m_off_huge },
	{ "mmap length past the buffer", EINVAL, r_m_len_past },
	{ "mmap across two buffers", EINVAL, r_m_cross },
	{ "mmap offset not page aligned", EINVAL, r_m_unaligned },
	{ "mmap length 0", EINVAL, r_m_len0 },
	{ "mmap PROT_EXEC", EPERM, r_m_exec },
	{ "mprotect PROT_EXEC", EACCES, r_m_mprotect_exec },
	{ "mremap to grow", EFAULT, r_m_mremap },

	{ "STOP with a transfer in flight, twice, then use", 0, r_stop_then_submit },
	{ "ioctl after close", EBADF, r_closed_ioctl },
	{ "mmap after close", EBADF, r_closed_mmap },
	{ "close and reopen both channels", 0, r_reopen },
	{ "3-byte transfer (odd length)", 0, r_odd_length },
};

/* --- the runner -------------------------------------------------------- */

static int tap_n;
static int tap_bad;

static void result(int ok, const char *name, const char *skip)
{
	tap_n++;
	if (skip)
		printf("ok %d - %s # SKIP %s\n", tap_n, name, skip);
	else
		printf("%sok %d - %s\n", ok ? "" : "not ", tap_n, name);
	if (!ok)
		tap_bad++;
	fflush(stdout);
}

/* Brings the pair back to a known state: nothing outstanding, mapped. */
static int restore(void)
{
	struct axidma_info i;

	ioctl(C.p.tx, AXIDMA_IOC_STOP);
	ioctl(C.p.rx, AXIDMA_IOC_STOP);
	if (rel_drain(C.p.tx, 0) || rel_drain(C.p.rx, 0)) {
		tap_diag("drain: %s", strerror(errno));
		return -1;
	}
	if (ioctl(C.p.tx, AXIDMA_IOC_GET_INFO, &i))
		return -1;
	if (!C.p.tp) {
		if (rel_set_bufs(C.p.tx, 2, BUFSZ))
			return -1;
		C.p.tp = rel_map(C.p.tx, 0, &C.p.tsize);
	}
	if (!C.p.rp) {
		if (rel_set_bufs(C.p.rx, 2, BUFSZ))
			return -1;
		C.p.rp = rel_map(C.p.rx, 0, &C.p.rsize);
	}
	if (!C.p.tp || !C.p.rp)
		return -1;
	if (C.engine) {
		char path[PATH_MAX];

		snprintf(path, sizeof(path), "%s/fifo", C.engine);
		rel_write(path, "0");
	}
	return 0;
}

static int run_row(const struct row *r, unsigned int i)
{
	int one_dir = C.p.ti.directions != (AXIDMA_DIR_MEM_TO_DEV |
					    AXIDMA_DIR_DEV_TO_MEM);
	int ok;
	long ret;
	int e;

	if (r->flags & F_NEED_ALIGN && C.p.ti.align < 2) {
		result(1, r->name, "alignment 1 (DRE)");
		return 0;
	}
	if (r->flags & F_NEED_ALIGN_RX && C.p.ri.align < 2) {
		result(1, r->name, "alignment 1 (DRE)");
		return 0;
	}
	if (r->flags & F_ONE_DIR && !one_dir) {
		result(1, r->name, "the provider reports both directions");
		return 0;
	}
	errno = 0;
	ret = r->fn();
	e = errno;
	if (r->err)
		ok = ret == -1 && e == r->err;
	else
		ok = ret >= 0;
	if (!ok)
		tap_diag("%s: want %s, got %ld (%s)", r->name,
			 r->err ? strerror(r->err) : "success", ret,
			 ret < 0 ? strerror(e) : "no error");
	/* then the channel must still move data */
	if (restore() || rel_loop(&C.p, 64 + (i * 40) % 4000, 1000 + i)) {
		tap_diag("%s: the channel no longer works", r->name);
		ok = 0;
	}
	result(ok, r->name, NULL);
	return ok;
}

/* Rows on a removed device: every call ENODEV, poll HUP, mapping valid. */
static void removed_rows(void)
{
	char dev[256];
	struct axidma_info info;
	struct axidma_status st;
	struct pollfd pfd = { .fd = C.p.rx, .events = POLLIN | POLLOUT };
	unsigned char *keep;
	size_t keep_size;
	int ep, ok;
	struct epoll_event ev = { .events = EPOLLIN };

	if (rel_client_dev(C.client, dev, sizeof(dev))) {
		result(0, "removed: find the client device", NULL);
		return;
	}
	keep = rel_map(C.p.rx, 1, &keep_size);
	if (!keep) {
		result(0, "removed: map buffer 1", NULL);
		return;
	}
	rel_fill(keep, keep_size, 4242);
	ep = epoll_create1(EPOLL_CLOEXEC);
	epoll_ctl(ep, EPOLL_CTL_ADD, C.p.rx, &ev);
	if (rel_submit1(C.p.rx, 1, 0, 64, 0, NULL) || rel_unbind(dev)) {
		result(0, "removed: unbind the client", NULL);
		return;
	}
#define RM(name, err, call) do {					\
		errno = 0;						\
		long _r = (long)(call);					\
		ok = _r == -1 && errno == (err);			\
		if (!ok)						\
			tap_diag("%s: got %ld (%s)", name, _r, strerror(errno)); \
		result(ok, "removed: " name, NULL);			\
	} while (0)
	RM("GET_INFO", ENODEV, ioctl(C.p.tx, AXIDMA_IOC_GET_INFO, &info));
	RM("GET_STATUS (info open)", ENODEV, ioctl(C.ro, AXIDMA_IOC_GET_STATUS, &st));
	RM("GET_BUFFER", ENODEV, ioctl(C.p.tx, AXIDMA_IOC_GET_BUFFER, &(struct axidma_buffer){ 0 }));
	RM("SET_BUFFERS", ENODEV, ioctl(C.p.tx, AXIDMA_IOC_SET_BUFFERS, &(struct axidma_buffers){ .count = 1, .size = 4096 }));
	RM("SET_CONFIG", ENODEV, ioctl(C.p.tx, AXIDMA_IOC_SET_CONFIG, &(struct axidma_config){ .flags = AXIDMA_CONFIG_DEPTH, .depth = 1 }));
	RM("SUBMIT", ENODEV, xfer1(C.p.tx, X(0, 0, 64)));
	RM("WAIT", ENODEV, waitc(C.p.rx, (struct axidma_wait){ WREC, .max_records = 1 }));
	RM("STOP", ENODEV, ioctl(C.p.tx, AXIDMA_IOC_STOP));
	RM("mmap", ENODEV, mmap(NULL, C.pg, PROT_READ, MAP_SHARED, C.p.tx, 0));
	RM("bad ioctl still ENOTTY-or-ENODEV", ENOTTY, ioctl(C.p.tx, _IO(M, 0x30)));
	RM("open of the removed node", ENOENT, open(C.p.tx_path, O_RDWR));
	ok = poll(&pfd, 1, 0) == 1 &&
	     (pfd.revents & (POLLHUP | POLLERR)) == (POLLHUP | POLLERR);
	result(ok, "removed: poll reports POLLHUP | POLLERR", NULL);
	ok = epoll_wait(ep, &ev, 1, 0) == 1 && ev.events & EPOLLHUP;
	result(ok, "removed: epoll reports EPOLLHUP", NULL);
	ok = rel_check(keep, keep_size, 4242) == keep_size;
	keep[0] ^= 0xff;
	ok = ok && keep[0] == (unsigned char)(rel_pat(0, 4242) ^ 0xff);
	result(ok, "removed: the mapping stays readable and writable", NULL);
	munmap(keep, keep_size);
	close(ep);
	rel_pair_close(&C.p);
	close(C.ro);
	C.ro = -1;
	ok = rel_bind(dev) == 0;
	ok = ok && rel_wait_node(C.p.tx_path, 5000) == 0 &&
	     rel_wait_node(C.p.rx_path, 5000) == 0;
	ok = ok && rel_pair_open(&C.p, C.client, 2, BUFSZ) == 0 &&
	     rel_loop(&C.p, 4096, 31337) == 0;
	result(ok, "removed: rebind, the channels move data again", NULL);
}

int main(void)
{
	unsigned int i, n = sizeof(rows) / sizeof(rows[0]);
	const char *unbind = rel_env("AXIDMA_UNBIND", "0");

	setvbuf(stdout, NULL, _IOLBF, 0);
	C.client = rel_env("AXIDMA_CLIENT", "loop0");
	C.engine = getenv("AXIDMA_ENGINE");
	if (C.engine && !*C.engine)
		C.engine = NULL;
	C.pg = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n");
	alarm(600);
	if (rel_pair_open(&C.p, C.client, 2, BUFSZ)) {
		printf("1..0 # SKIP cannot open the channels of %s\n", C.client);
		return 1;
	}
	C.ro = open(C.p.tx_path, O_RDONLY | O_CLOEXEC);
	if (C.ro < 0 || restore() || rel_loop(&C.p, 4096, 1)) {
		printf("Bail out! the pair %s does not work\n", C.client);
		return 1;
	}
	tap_diag("%s: tx align %u, rx align %u, directions %u/%u, max %llu, queue %u",
		 C.client, C.p.ti.align, C.p.ri.align, C.p.ti.directions,
		 C.p.ri.directions, (unsigned long long)C.p.ti.max_xfer_len,
		 C.p.ti.queue_size);
	for (i = 0; i < n; i++)
		run_row(&rows[i], i);
	if (!strcmp(unbind, "1"))
		removed_rows();
	printf("1..%d\n", tap_n);
	tap_diag("%d rows, %d failed", tap_n, tap_bad);
	return tap_bad ? 1 : 0;
}
