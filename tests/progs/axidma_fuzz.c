// SPDX-License-Identifier: GPL-2.0
/*
 * axidma_fuzz - random call sequences against the axidma devices for a
 * bounded time: several worker processes open and close channels, make
 * every ioctl with random (mostly nearly valid) fields and pointers, map,
 * touch and unmap buffers, dup, fork (children inherit files and mappings
 * and run their own random calls), poll, and get signals (an interval
 * timer without SA_RESTART, SIGUSR1 with SA_RESTART) while blocked; the
 * parent unbinds and rebinds random clients and makes the engines stall,
 * fail and slow down meanwhile.
 *
 * The oracle: no kernel report (the VM scans the console and kmemleak), no
 * hang (every worker ends soon after the deadline), and every failing call
 * fails with an errno the ABI documents for it. Prints its seed: rerun with
 * AXIDMA_FUZZ_SEED=<seed> to repeat the same calls (timing aside).
 *
 * Usage: axidma_fuzz [CLIENT...]   (default loop0 loop1 direct0)
 * Environment: AXIDMA_FUZZ_SEED, AXIDMA_FUZZ_SECS (default 60),
 * AXIDMA_FUZZ_WORKERS (default 4), AXIDMA_FUZZ_UNBIND (default 1),
 * AXIDMA_FUZZ_ENGINES (the engines' simulator debugfs directories,
 * space-separated: their stall, error and delay knobs change at random).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <sys/time.h>

#include "tap.h"
#include "axidma_rel.h"

#define MAX_FDS		8
#define MAX_MAPS	8
#define MAX_NODES	32
#define MAX_CLIENTS	8

static char nodes[MAX_NODES][PATH_MAX];
static int nnodes;
static char devs[MAX_CLIENTS][256];
static int nclients;
static uint64_t rng;
static uint64_t deadline;
static long pg;
static volatile unsigned long *shared;	/* per worker: ops, violations */
static int worker_id;
static unsigned char *ro_page;	/* PROT_READ */
static unsigned char *hole;	/* PROT_NONE */

struct fdent { int fd; int node; };
struct mapent { unsigned char *p; size_t len; };
static struct fdent fds[MAX_FDS];
static struct mapent maps[MAX_MAPS];

static unsigned int rnd(unsigned int n)
{
	return n ? rel_rand(&rng) % n : 0;
}

static uint64_t rnd64(void)
{
	return (uint64_t)rel_rand(&rng) << 32 | rel_rand(&rng);
}

static int chance(unsigned int pct)
{
	return rnd(100) < pct;
}

/* --- the oracle -------------------------------------------------------- */

static void violation(const char *what, int e)
{
	if (__atomic_add_fetch(&shared[2 * worker_id + 1], 1,
			       __ATOMIC_RELAXED) <= 5)
		tap_diag("worker %d: %s failed with %d (%s), not a documented errno",
			 worker_id, what, e, strerror(e));
}

static int in_set(int e, const int *set)
{
	for (; *set; set++)
		if (*set == e)
			return 1;
	return 0;
}

static const int ioctl_errs[] = {
	EINVAL, ENOTTY, EBADF, EBUSY, EAGAIN, ETIMEDOUT, ENODATA, ENOENT,
	ENOBUFS, ENOMEM, ENODEV, EINTR, EFAULT, 0
};
/* mmap: ENOBUFS when the channel has no buffers configured */
static const int mmap_errs[] = {
	EINVAL, EACCES, EPERM, ENODEV, ENOMEM, EBADF, ENOBUFS, 0
};
static const int open_errs[] = { EBUSY, ENOENT, ENODEV, ENXIO, EINTR, 0 };

static void check(long r, const char *what, const int *set)
{
	if (r == -1 && !in_set(errno, set))
		violation(what, errno);
}

/* --- arguments ------------------------------------------------------------ */

static unsigned char argbuf[4096] __attribute__((aligned(64)));
static unsigned char xbuf[8192] __attribute__((aligned(64)));

/* A user pointer: mostly @good, sometimes a bad or odd one. */
static void *ptr(void *good)
{
	int i;

	switch (rnd(40)) {
	case 0: return NULL;
	case 1: return hole;
	case 2: return ro_page;
	case 3: return (void *)(uintptr_t)(~0ULL << 44);	/* kernel */
	case 4:
		/*
		 * Inside one of our buffer mappings, with room for the
		 * largest answer (8 records): a copy running past the end
		 * would land in whatever is mapped next.
		 */
		for (i = 0; i < MAX_MAPS; i++)
			if (maps[i].p && maps[i].len >= 1024)
				return maps[i].p +
				       rnd((maps[i].len - 1024) / 64 + 1) * 64;
		return good;
	case 5: return ro_page + pg - 8;	/* runs off the page */
	default: return good;
	}
}

static uint64_t pick_u64(const uint64_t *v, unsigned int n)
{
	return chance(8) ? rnd64() : v[rnd(n)];
}

#define PICK(arr) pick_u64(arr, sizeof(arr) / sizeof(arr[0]))

static const uint64_t sizes[] = { 0, 1, 64, 4096, 4097, 8192, 65536,
				  262144, 4ULL << 30, ~0ULL };
static const uint64_t counts[] = { 0, 1, 2, 3, 4, 8, 16, 1024, 1025 };
static const uint64_t offsets[] = { 0, 1, 4, 8, 64, 4096, 8192, 65536 - 64,
				    65536, 1ULL << 40, ~0ULL - 7 };
static const uint64_t lengths[] = { 0, 1, 3, 64, 100, 1000, 4096, 65536,
				    65537, 1ULL << 32, ~0ULL };
static const uint64_t timeouts[] = { 0, 1, 1000, 1000000, 10000000,
				     100000000, ~0ULL };
static const uint64_t ids[] = { 0, 1, 2, 5, 10, 100, 1000, ~0ULL };

/* A field that must be zero: mostly zero. */
static uint64_t rsv(void)
{
	return chance(3) ? rnd64() | 1 : 0;
}

static uint32_t flags(uint32_t valid)
{
	uint32_t f = rnd64() & valid;

	if (chance(3))
		f |= 1u << rnd(32);
	return f;
}

static void fill_xfers(struct axidma_xfer *x, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		x[i] = (struct axidma_xfer){
			.buf = chance(90) ? rnd(4) : rel_rand(&rng),
			.offset = chance(60) ? rnd(16) * 1024 : PICK(offsets),
			.length = chance(60) ? 1 + rnd(8192) : PICK(lengths),
			.flags = flags(AXIDMA_XFER_VALID_FLAGS),
			.tag = rnd64(),
		};
		if (x[i].flags & AXIDMA_XFER_TIMEOUT || chance(3))
			x[i].timeout_ns = PICK(timeouts);
		x[i].reserved[rnd(3)] = rsv();
	}
}

static void do_ioctl(int fd)
{
	unsigned long cmd;
	void *arg = argbuf;
	unsigned int n;

	memset(argbuf, 0, sizeof(argbuf));
	switch (rnd(12)) {
	case 0:
		cmd = AXIDMA_IOC_GET_INFO;
		break;
	case 1:
		cmd = AXIDMA_IOC_GET_STATUS;
		break;
	case 2: {
		struct axidma_buffer *b = (void *)argbuf;

		cmd = AXIDMA_IOC_GET_BUFFER;
		b->index = chance(90) ? rnd(6) : rel_rand(&rng);
		b->offset = rsv();
		b->reserved[1] = rsv();
		break;
	}
	case 3: {
		struct axidma_buffers *b = (void *)argbuf;

		cmd = AXIDMA_IOC_SET_BUFFERS;
		b->count = chance(80) ? rnd(5) : PICK(counts);
		b->size = chance(80) ? (1 + rnd(16)) * 4096 : PICK(sizes);
		/* nothing that could take the VM's memory */
		if (b->count > 16 && b->size < (1ULL << 32) && b->size > 65536)
			b->size = 4096;
		b->flags = flags(0);
		b->reserved[rnd(2)] = rsv();
		break;
	}
	case 4: {
		struct axidma_config *c = (void *)argbuf;

		cmd = AXIDMA_IOC_SET_CONFIG;
		c->flags = flags(AXIDMA_CONFIG_VALID_FLAGS);
		if (c->flags & AXIDMA_CONFIG_DEPTH || chance(5))
			c->depth = chance(90) ? 1 + rnd(8) : rel_rand(&rng);
		if (c->flags & AXIDMA_CONFIG_TIMEOUT || chance(5))
			c->timeout_ns = PICK(timeouts);
		if (c->flags & AXIDMA_CONFIG_DIRECTION || chance(5))
			c->direction = rnd(5);
		c->reserved0 = rsv();
		break;
	}
	case 5:
	case 6: {
		struct axidma_submit *s = (void *)argbuf;

		cmd = AXIDMA_IOC_SUBMIT;
		n = chance(95) ? 1 + rnd(8) : (chance(50) ? 0 : 70000);
		fill_xfers((void *)xbuf, n < 8 ? n : 8);
		s->xfers = (uintptr_t)ptr(xbuf);
		s->count = n;
		s->flags = flags(0);
		s->submitted = rsv();
		s->reserved[1] = rsv();
		break;
	}
	case 7:
	case 8: {
		struct axidma_wait *w = (void *)argbuf;

		cmd = AXIDMA_IOC_WAIT;
		w->records = (uintptr_t)ptr(xbuf);
		w->max_records = chance(95) ? 1 + rnd(8) : rel_rand(&rng) % 64;
		w->flags = flags(AXIDMA_WAIT_VALID_FLAGS);
		if (w->flags & AXIDMA_WAIT_ID || chance(3))
			w->id = PICK(ids);
		if (w->flags & AXIDMA_WAIT_TIMEOUT)
			w->timeout_ns = rnd(50) * 1000000ULL;
		else if (chance(3))
			w->timeout_ns = 1;
		w->reserved0 = rsv();
		/*
		 * At most 8 records (768 bytes) into writable memory (xbuf
		 * or a mapping): more would write past it.
		 */
		if (w->max_records > 8 && w->records &&
		    w->records != (uintptr_t)hole &&
		    w->records != (uintptr_t)ro_page &&
		    w->records < (1ULL << 44))
			w->max_records = 8;
		break;
	}
	case 9:
		cmd = AXIDMA_IOC_STOP;
		break;
	case 10:	/* a known command with the wrong size or direction */
		cmd = _IOC(rnd(4), AXIDMA_IOC_MAGIC, rnd(8), rnd(256));
		break;
	default:	/* anything in the magic's range */
		cmd = _IOC(rnd(4), chance(80) ? AXIDMA_IOC_MAGIC : rnd(256),
			   rnd(64), rnd(512));
		break;
	}
	check(ioctl(fd, cmd, ptr(arg)), "ioctl", ioctl_errs);
}

/* --- the other calls --------------------------------------------------- */

static int free_fd_slot(void)
{
	int i;

	for (i = 0; i < MAX_FDS; i++)
		if (fds[i].fd <= 0)
			return i;
	return -1;
}

static int some_fd(void)
{
	int i, start = rnd(MAX_FDS);

	for (i = 0; i < MAX_FDS; i++)
		if (fds[(start + i) % MAX_FDS].fd > 0)
			return (start + i) % MAX_FDS;
	return -1;
}

static void do_open(void)
{
	static const int modes[] = { O_RDWR, O_RDWR, O_RDONLY, O_WRONLY };
	int slot = free_fd_slot(), node = rnd(nnodes), fd;
	int fl = modes[rnd(4)] | O_CLOEXEC | (chance(20) ? O_NONBLOCK : 0);

	if (slot < 0)
		return;
	fd = open(nodes[node], fl);
	check(fd, "open", open_errs);
	if (fd < 0)
		return;
	fds[slot] = (struct fdent){ fd, node };
	/* owners usually get a direction and small buffers */
	if ((fl & O_ACCMODE) != O_RDONLY && chance(70)) {
		struct axidma_config c = { .flags = AXIDMA_CONFIG_DIRECTION,
			.direction = strstr(nodes[node], "/tx") ?
				AXIDMA_DIR_MEM_TO_DEV : AXIDMA_DIR_DEV_TO_MEM };
		struct axidma_buffers b = { .count = 1 + rnd(4),
					    .size = (1 + rnd(16)) * 4096 };

		check(ioctl(fd, AXIDMA_IOC_SET_CONFIG, &c), "ioctl(config)",
		      ioctl_errs);
		check(ioctl(fd, AXIDMA_IOC_SET_BUFFERS, &b), "ioctl(buffers)",
		      ioctl_errs);
	}
}

static void do_close(void)
{
	int i = some_fd();

	if (i < 0)
		return;
	close(fds[i].fd);
	fds[i].fd = 0;
}

static void do_dup(void)
{
	int i = some_fd(), slot = free_fd_slot(), fd;

	if (i < 0 || slot < 0)
		return;
	fd = fcntl(fds[i].fd, F_DUPFD_CLOEXEC, 3);
	if (fd >= 0)
		fds[slot] = (struct fdent){ fd, fds[i].node };
}

static void do_mmap(void)
{
	static const int prots[] = { PROT_READ, PROT_READ | PROT_WRITE,
				     PROT_READ | PROT_WRITE, PROT_WRITE,
				     PROT_READ | PROT_EXEC };
	int i = some_fd(), m;
	size_t len = (chance(80) ? 1 + rnd(4) : 1 + rnd(64)) * pg;
	off_t off = chance(70) ? (off_t)rnd(8) * pg :
		    chance(50) ? (off_t)rnd(4) * 65536 : (off_t)rnd64() & ~(pg - 1);
	int flags = chance(90) ? MAP_SHARED : MAP_PRIVATE;
	void *p;

	if (i < 0)
		return;
	for (m = 0; m < MAX_MAPS && maps[m].p; m++)
		;
	if (m == MAX_MAPS)
		return;
	if (chance(2))
		off |= 1 + rnd(pg - 1);
	p = mmap(NULL, len, prots[rnd(5)], flags, fds[i].fd, off);
	if (p == MAP_FAILED) {
		check(-1, "mmap", mmap_errs);
		return;
	}
	maps[m] = (struct mapent){ p, len };
}

static void do_munmap(void)
{
	int m = rnd(MAX_MAPS);

	if (!maps[m].p)
		return;
	if (maps[m].len > (size_t)pg && chance(30)) {
		/* the first page only: the rest stays */
		munmap(maps[m].p, pg);
		maps[m].p += pg;
		maps[m].len -= pg;
		return;
	}
	munmap(maps[m].p, maps[m].len);
	maps[m].p = NULL;
}

static sigjmp_buf touch_jmp;
static volatile int touching;

static void on_segv(int sig)
{
	(void)sig;
	if (touching)
		siglongjmp(touch_jmp, 1);
	_exit(99);
}

/* Touches a mapping (write only when it was mapped writable). */
static void do_touch(void)
{
	int m = rnd(MAX_MAPS);
	volatile unsigned char *p;
	volatile size_t off;

	if (!maps[m].p)
		return;
	p = maps[m].p;
	off = rnd(maps[m].len);
	if (sigsetjmp(touch_jmp, 1) == 0) {
		touching = 1;
		(void)p[off];
		if (chance(50))
			p[off] = (unsigned char)rnd(256);
	}
	touching = 0;
}

static void do_poll(void)
{
	struct pollfd p[MAX_FDS];
	int i, n = 0;

	for (i = 0; i < MAX_FDS; i++)
		if (fds[i].fd > 0 && chance(50))
			p[n++] = (struct pollfd){ fds[i].fd,
						  POLLIN | POLLOUT, 0 };
	if (n)
		poll(p, n, rnd(10));
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void timers(void)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { { 0, 20000 + rnd(30000) },
				{ 0, 20000 + rnd(30000) } };

	/* SIGALRM interrupts (EINTR), SIGUSR1 restarts (SA_RESTART) */
	sigaction(SIGALRM, &sa, NULL);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void one_op(int depth);

static void do_fork(int depth)
{
	pid_t pid;
	int i, n;

	if (depth > 1)
		return;
	pid = fork();
	if (pid != 0)
		return;
	rng ^= getpid();
	timers();
	n = 1 + rnd(30);
	for (i = 0; i < n && rel_now() < deadline; i++)
		one_op(depth + 1);
	_exit(0);
}

static void one_op(int depth)
{
	int i;

	__atomic_add_fetch(&shared[2 * worker_id], 1, __ATOMIC_RELAXED);
	switch (rnd(20)) {
	case 0: case 1:
		do_open();
		break;
	case 2:
		do_close();
		break;
	case 3:
		do_dup();
		break;
	case 4: case 5:
		do_mmap();
		break;
	case 6:
		do_munmap();
		break;
	case 7:
		do_touch();
		break;
	case 8:
		do_poll();
		break;
	case 9:
		if (chance(20))
			do_fork(depth);
		break;
	case 10:
		if (chance(5))
			kill(getpid(), SIGUSR1);
		break;
	default:
		i = some_fd();
		if (i >= 0)
			do_ioctl(fds[i].fd);
		else
			do_open();
		break;
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

/*
 * Victim memory: anonymous pages filled with a pattern, checked and given
 * back every few hundred calls, so freed pages keep cycling through this
 * process. A DMA into memory the driver no longer owns (or any other
 * stray write) shows up as a changed byte here.
 */
#define VICTIM_SIZE	(256 * 1024)
static uint64_t *victim;
static uint64_t victim_gen;

static void victim_check(void)
{
	size_t i, n = VICTIM_SIZE / 8;

	if (!victim)
		return;
	for (i = 0; i < n; i++) {
		if (victim[i] != (victim_gen ^ (i * 0x9E3779B97F4A7C15ULL))) {
			violation("victim memory (a stray write)", EIO);
			tap_diag("worker %d: victim word %zu of generation %llu is 0x%llx",
				 worker_id, i, (unsigned long long)victim_gen,
				 (unsigned long long)victim[i]);
			break;
		}
	}
	munmap(victim, VICTIM_SIZE);
	victim = NULL;
}

static void victim_new(void)
{
	size_t i, n = VICTIM_SIZE / 8;

	victim = mmap(NULL, VICTIM_SIZE, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (victim == MAP_FAILED) {
		victim = NULL;
		return;
	}
	victim_gen = rnd64();
	for (i = 0; i < n; i++)
		victim[i] = victim_gen ^ (i * 0x9E3779B97F4A7C15ULL);
}

static void worker(int id, uint64_t seed)
{
	unsigned long n = 0;
	int i;

	worker_id = id;
	rng = seed * 0x9E3779B97F4A7C15ULL + id + 1;
	timers();
	victim_new();
	while (rel_now() < deadline) {
		one_op(0);
		if (++n % 256 == 0) {
			victim_check();
			victim_new();
		}
	}
	victim_check();
	for (i = 0; i < MAX_MAPS; i++)
		if (maps[i].p)
			munmap(maps[i].p, maps[i].len);
	for (i = 0; i < MAX_FDS; i++)
		if (fds[i].fd > 0)
			close(fds[i].fd);
	while (wait(NULL) > 0)
		;
	_exit(0);
}

int main(int argc, char **argv)
{
	const char *dflt[] = { "loop0", "loop1", "direct0" };
	const char **clients = argc > 1 ? (const char **)argv + 1 : dflt;
	uint64_t seed = rel_env_num("AXIDMA_FUZZ_SEED", 0);
	int secs = rel_env_num("AXIDMA_FUZZ_SECS", 60);
	int nw = rel_env_num("AXIDMA_FUZZ_WORKERS", 4);
	int unbind = rel_env_num("AXIDMA_FUZZ_UNBIND", 1);
	unsigned long ops = 0, bad = 0, unbinds = 0, knob_changes = 0;
	const char *engines[MAX_CLIENTS], *engines_env;
	int nengines = 0;
	uint64_t t0, prng;
	pid_t pids[64];
	int i, hung = 0, crashed = 0, bound_ok = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	engines_env = getenv("AXIDMA_FUZZ_ENGINES");
	if (engines_env && *engines_env) {
		char *e = strdup(engines_env), *tok;

		while ((tok = strsep(&e, " ")) && nengines < MAX_CLIENTS)
			if (*tok)
				engines[nengines++] = tok;
	}
	nclients = argc > 1 ? argc - 1 : 3;
	if (nclients > MAX_CLIENTS)
		nclients = MAX_CLIENTS;
	if (nw > 64)
		nw = 64;
	if (!seed) {
		struct timespec t;

		clock_gettime(CLOCK_REALTIME, &t);
		seed = (uint64_t)t.tv_sec * 1000003 ^ t.tv_nsec;
	}
	pg = sysconf(_SC_PAGESIZE);
	printf("TAP version 13\n1..3\n");
	tap_diag("seed %llu (AXIDMA_FUZZ_SEED=%llu to repeat), %d s, %d workers, unbind %d",
		 (unsigned long long)seed, (unsigned long long)seed, secs, nw,
		 unbind);
	for (i = 0; i < nclients; i++) {
		snprintf(nodes[nnodes++], PATH_MAX, "/dev/axidma/%s/tx", clients[i]);
		snprintf(nodes[nnodes++], PATH_MAX, "/dev/axidma/%s/rx", clients[i]);
		if (rel_client_dev(clients[i], devs[i], sizeof(devs[i]))) {
			printf("Bail out! no client %s\n", clients[i]);
			return 1;
		}
	}
	ro_page = mmap(NULL, pg, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* stays mapped, inaccessible: nothing else can land there */
	hole = mmap(NULL, pg, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	shared = mmap(NULL, 2 * 64 * sizeof(long), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ro_page == MAP_FAILED || shared == MAP_FAILED)
		return 1;

	t0 = rel_now();
	deadline = t0 + (uint64_t)secs * REL_SEC;
	for (i = 0; i < nw; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			worker(i, seed);
	}
	/* the parent: unbind and rebind clients, signal workers */
	prng = seed ^ 0xabcdef;
	while (rel_now() < deadline) {
		usleep(200000 + rel_rand(&prng) % 800000);
		if (rel_rand(&prng) % 2)
			kill(pids[rel_rand(&prng) % nw], SIGUSR1);
		if (unbind && rel_rand(&prng) % 3 == 0) {
			int c = rel_rand(&prng) % nclients;

			if (rel_unbind(devs[c]) == 0) {
				unbinds++;
				usleep(rel_rand(&prng) % 300000);
			}
		}
		/* now and then, an engine misbehaves for a while */
		if (nengines && rel_rand(&prng) % 2) {
			static const char * const knobs[] = {
				"stall", "error_on_bd", "error_completes",
				"delay_us",
			};
			static const char * const vals[][3] = {
				{ "0", "0", "1" }, { "0", "1", "3" },
				{ "0", "1", "1" }, { "0", "0", "2000" },
			};
			char path[PATH_MAX + 64];
			unsigned int k = rel_rand(&prng) % 4;

			snprintf(path, sizeof(path), "%s/%s/%s",
				 engines[rel_rand(&prng) % nengines],
				 rel_rand(&prng) % 2 ? "mm2s" : "s2mm", knobs[k]);
			rel_write(path, vals[k][rel_rand(&prng) % 3]);
			knob_changes++;
		}
		/*
		 * Rebind what is unbound. While a worker still maps a buffer
		 * of the removed device, its DMA channel is held and the
		 * probe fails (ENODEV): try again later.
		 */
		for (i = 0; i < nclients; i++)
			if (!rel_bound(devs[i]) && rel_bind(devs[i]) &&
			    errno != ENODEV)
				tap_diag("bind %s: %s", devs[i], strerror(errno));
	}
	/* every worker must end promptly */
	for (i = 0; i < nw; i++) {
		int st, n;

		for (n = 0; n < 300; n++) {
			if (waitpid(pids[i], &st, WNOHANG) == pids[i])
				break;
			usleep(100000);
		}
		if (n == 300) {
			char path[64], wchan[128] = "?";

			snprintf(path, sizeof(path), "/proc/%d/wchan", pids[i]);
			rel_read(path, wchan, sizeof(wchan));
			tap_diag("worker %d (pid %d) hangs in %s", i, pids[i],
				 wchan);
			hung++;
			kill(pids[i], SIGKILL);
			waitpid(pids[i], &st, 0);
		} else if (!WIFEXITED(st) || WEXITSTATUS(st)) {
			tap_diag("worker %d: status 0x%x", i, st);
			crashed++;
		}
	}
	for (i = 0; i < nclients; i++) {
		if (!rel_bound(devs[i]) && rel_bind(devs[i])) {
			tap_diag("bind %s at the end: %s", devs[i],
				 strerror(errno));
			bound_ok = 0;
		}
	}
	for (i = 0; i < nw; i++) {
		ops += shared[2 * i];
		bad += shared[2 * i + 1];
	}
	tap_diag("fuzz: %lu calls in %.1f s by %d workers (and their children), %lu unbinds, %lu engine knob changes, seed %llu",
		 ops, (rel_now() - t0) / 1e9, nw, unbinds, knob_changes,
		 (unsigned long long)seed);
	printf("%sok 1 - no worker hung or crashed\n",
	       hung || crashed ? "not " : "");
	printf("%sok 2 - every failing call gave a documented errno (%lu did not)\n",
	       bad ? "not " : "", bad);
	printf("%sok 3 - every client bound again\n", bound_ok ? "" : "not ");
	return hung || crashed || bad || !bound_ok;
}
