// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * axidma - list, inspect and use the axidma DMA channels from the shell
 */
#include <axidma.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "tool.h"

enum {
	OPT_TIMEOUT = 1 << 0,
	OPT_SIZE = 1 << 1,
	OPT_COUNT = 1 << 2,
	OPT_BYTES = 1 << 3,
	OPT_BUFFERS = 1 << 4,
	OPT_BUFFER_SIZE = 1 << 5,
	OPT_DEPTH = 1 << 6,
	OPT_SIZES = 1 << 7,
	OPT_DURATION = 1 << 8,
	OPT_FORMAT = 1 << 9,
	OPT_SEED = 1 << 10,
	OPT_QUIET = 1 << 11,
	OPT_VERBOSE = 1 << 12,
	OPT_NO_PROGRESS = 1 << 13,
	OPT_ENGINE_DEPTH = 1 << 14,
};

struct command {
	const char *name;
	int (*run)(const struct config *cfg);
	unsigned int min_args, max_args;
	unsigned int opts;
	const char *args;
	const char *summary;
};

static int cmd_list(const struct config *cfg);
static int cmd_info(const struct config *cfg);
static int cmd_send(const struct config *cfg);
static int cmd_recv(const struct config *cfg);
static int cmd_loopback(const struct config *cfg);

#define BUF_OPTS (OPT_BUFFERS | OPT_BUFFER_SIZE)

static const struct command commands[] = {
	{ "list", cmd_list, 0, 0, 0, "",
	  "list the channels: direction, limits, buffers, state" },
	{ "info", cmd_info, 1, 1, 0, "CHAN",
	  "show everything about one channel" },
	{ "send", cmd_send, 1, 2, OPT_TIMEOUT | OPT_SIZE | BUF_OPTS | OPT_VERBOSE,
	  "CHAN [FILE|-]",
	  "send FILE (default: standard input) as packets of --size bytes" },
	{ "recv", cmd_recv, 1, 2,
	  OPT_TIMEOUT | OPT_SIZE | OPT_COUNT | OPT_BYTES | BUF_OPTS | OPT_VERBOSE,
	  "CHAN [FILE|-]",
	  "receive --count packets or --bytes bytes into FILE (default: standard output)" },
	{ "loopback", cmd_loopback, 2, 2,
	  OPT_TIMEOUT | OPT_SIZE | OPT_COUNT | BUF_OPTS | OPT_SEED | OPT_QUIET,
	  "TX RX",
	  "send patterned data on TX, receive it on RX and verify it" },
	{ "bench", cmd_bench, 2, 2,
	  OPT_TIMEOUT | OPT_SIZES | OPT_DEPTH | OPT_ENGINE_DEPTH |
	  OPT_DURATION | OPT_FORMAT |
	  OPT_SEED | OPT_NO_PROGRESS,
	  "TX RX",
	  "measure throughput and latency of TX looped back to RX, verifying every byte" },
	{ "selftest", cmd_selftest, 0, 2, OPT_TIMEOUT | OPT_VERBOSE,
	  "[TX RX]",
	  "check every client/tx + client/rx loopback pair (or TX RX)" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct option longopts[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "timeout", required_argument, NULL, 't' },
	{ "size", required_argument, NULL, 's' },
	{ "count", required_argument, NULL, 'n' },
	{ "bytes", required_argument, NULL, 'b' },
	{ "buffers", required_argument, NULL, 'B' },
	{ "buffer-size", required_argument, NULL, 'S' },
	{ "depth", required_argument, NULL, 'd' },
	{ "engine-depth", required_argument, NULL, 'E' },
	{ "sizes", required_argument, NULL, 'z' },
	{ "duration", required_argument, NULL, 'D' },
	{ "format", required_argument, NULL, 'f' },
	{ "seed", required_argument, NULL, 'r' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "no-progress", no_argument, NULL, 'P' },
	{ NULL, 0, NULL, 0 },
};
static const char shortopts[] = "+hVt:s:n:b:d:D:f:qv";

/* option letter -> OPT_* bit and its long name */
static unsigned int opt_bit(int c)
{
	switch (c) {
	case 't': return OPT_TIMEOUT;
	case 's': return OPT_SIZE;
	case 'n': return OPT_COUNT;
	case 'b': return OPT_BYTES;
	case 'B': return OPT_BUFFERS;
	case 'S': return OPT_BUFFER_SIZE;
	case 'd': return OPT_DEPTH;
	case 'z': return OPT_SIZES;
	case 'D': return OPT_DURATION;
	case 'f': return OPT_FORMAT;
	case 'r': return OPT_SEED;
	case 'q': return OPT_QUIET;
	case 'v': return OPT_VERBOSE;
	case 'P': return OPT_NO_PROGRESS;
	case 'E': return OPT_ENGINE_DEPTH;
	default: return 0;
	}
}

static const char *opt_name(int c)
{
	const struct option *o;

	for (o = longopts; o->name; o++)
		if (o->val == c)
			return o->name;
	return "?";
}

static void print_help(void)
{
	size_t i;

	printf("Usage: %s COMMAND [OPTIONS] [ARGS]\n", progname);
	printf("List, inspect and use the DMA channels of the axidma driver "
	       "(/dev/axidma/CLIENT/NAME).\n\n");
	printf("Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		printf("  %-9s %-14s %s\n", commands[i].name, commands[i].args,
		       commands[i].summary);
	printf("\nCHAN is /dev/axidma/CLIENT/NAME, CLIENT/NAME or CLIENT:NAME. TX is a\n"
	       "memory-to-device channel, RX a device-to-memory one; loopback, bench and\n"
	       "selftest need a design that feeds TX's stream back into RX (as the\n"
	       "simulator axidma_sim does).\n");
	printf("\nOptions:\n"
	       "  -t, --timeout=DURATION  transfer timeout, enforced by the driver\n"
	       "                          (0: none; default: the channel's own)\n"
	       "  -s, --size=SIZE         send: packet size (default: the buffer size);\n"
	       "                          recv: most bytes per packet; loopback: bytes\n"
	       "                          per transfer (default 4096)\n"
	       "  -n, --count=N           recv: packets to receive (default 1);\n"
	       "                          loopback: transfers (default 1)\n"
	       "  -b, --bytes=SIZE        recv: receive exactly this many bytes\n"
	       "      --buffers=N         configure N buffers first (send, recv, loopback)\n"
	       "      --buffer-size=SIZE  configure buffers of SIZE bytes first\n"
	       "  -d, --depth=N           bench: transfers outstanding per channel (default 8)\n"
	       "      --engine-depth=N    bench: transfers the driver hands to the engine at\n"
	       "                          once (default: as configured; above 1 only for\n"
	       "                          scatter-gather engines; restored afterwards)\n"
	       "      --sizes=LIST        bench: sizes, e.g. 4K,64K,1M or 64..64M (x4\n"
	       "                          steps; default 64..64M)\n"
	       "  -D, --duration=DURATION bench: time per size (default 1s)\n"
	       "  -f, --format=FORMAT     bench: table (default), csv or json\n"
	       "      --seed=N            loopback, bench: first pattern seed (default 1)\n"
	       "      --no-progress       bench: no progress line on a terminal\n"
	       "  -q, --quiet             loopback: print nothing on success\n"
	       "  -v, --verbose           send, recv: print a summary on standard error;\n"
	       "                          selftest: print every check\n"
	       "  -h, --help              this text (COMMAND --help: that command's)\n"
	       "  -V, --version           the version\n");
	printf("\nSIZE takes binary suffixes: K, M, G (4K = 4096). DURATION takes ns, us,\n"
	       "ms, s or m; a bare number is seconds.\n");
	printf("\nExit status:\n"
	       "  0  success\n"
	       "  1  failure: the channel could not be used or a transfer failed\n"
	       "     (timed out, engine error, aborted); the message says which\n"
	       "  2  bad command line\n"
	       "  3  data verification failed (loopback, bench, selftest)\n");
	printf("\nExamples:\n"
	       "  %s list\n"
	       "  %s send loop0/tx firmware.bin --size 64K\n"
	       "  %s recv loop0/rx out.bin --count 10 --timeout 500ms\n"
	       "  %s loopback loop0/tx loop0/rx --size 1M --count 100\n"
	       "  %s bench loop0/tx loop0/rx --sizes 4K,1M --depth 16 --format json\n",
	       progname, progname, progname, progname, progname);
}

static void print_command_help(const struct command *c)
{
	printf("Usage: %s %s [OPTIONS] %s\n%s.\n", progname, c->name, c->args,
	       c->summary);
	printf("Options it takes are described in '%s --help'.\n", progname);
}

static void parse_config(int argc, char **argv, const struct command *c,
			 struct config *cfg)
{
	int opt, ret = 0;
	unsigned int bit;

	memset(cfg, 0, sizeof(*cfg));
	cfg->duration_ns = 1000000000ULL;
	cfg->seed = 1;
	optind = 1;
	/* permute so that options may follow the arguments */
	while ((opt = getopt_long(argc, argv, shortopts + 1, longopts,
				  NULL)) != -1) {
		if (opt == 'h') {
			print_command_help(c);
			exit(EXIT_SUCCESS);
		}
		if (opt == '?')
			die_usage("bad option for '%s'", c->name);
		bit = opt_bit(opt);
		if (!bit || !(c->opts & bit))
			die_usage("option --%s does not apply to '%s'",
				  opt_name(opt), c->name);
		switch (opt) {
		case 't':
			cfg->has_timeout = true;
			ret = parse_duration(optarg, &cfg->timeout_ns);
			break;
		case 's':
			cfg->has_size = true;
			ret = parse_size(optarg, &cfg->size);
			if (!ret && !cfg->size)
				ret = -EINVAL;
			break;
		case 'n':
			cfg->has_count = true;
			ret = parse_uint(optarg, 1, UINT32_MAX, &cfg->count);
			break;
		case 'b':
			cfg->has_bytes = true;
			ret = parse_size(optarg, &cfg->bytes);
			if (!ret && !cfg->bytes)
				ret = -EINVAL;
			break;
		case 'B':
			cfg->has_buffers = true;
			ret = parse_uint(optarg, 1, 65536, &cfg->buffers);
			break;
		case 'S':
			cfg->has_buffer_size = true;
			ret = parse_size(optarg, &cfg->buffer_size);
			if (!ret && !cfg->buffer_size)
				ret = -EINVAL;
			break;
		case 'd':
			cfg->has_depth = true;
			ret = parse_uint(optarg, 1, 4096, &cfg->depth);
			break;
		case 'E':
			cfg->has_engine_depth = true;
			ret = parse_uint(optarg, 1, 255, &cfg->engine_depth);
			break;
		case 'z':
			ret = parse_size_list(optarg, cfg->sizes, MAX_SIZES);
			if (ret > 0) {
				cfg->nsizes = (size_t)ret;
				ret = 0;
			}
			break;
		case 'D':
			ret = parse_duration(optarg, &cfg->duration_ns);
			break;
		case 'f':
			if (!strcmp(optarg, "table"))
				cfg->format = FORMAT_TABLE;
			else if (!strcmp(optarg, "csv"))
				cfg->format = FORMAT_CSV;
			else if (!strcmp(optarg, "json"))
				cfg->format = FORMAT_JSON;
			else
				ret = -EINVAL;
			break;
		case 'r':
			ret = parse_uint(optarg, 0, UINT64_MAX, &cfg->seed);
			break;
		case 'q':
			cfg->quiet = true;
			break;
		case 'v':
			cfg->verbose = true;
			break;
		case 'P':
			cfg->no_progress = true;
			break;
		}
		if (ret)
			die_usage("invalid value for --%s: '%s'", opt_name(opt),
				  optarg);
	}
	if ((unsigned int)(argc - optind) < c->min_args)
		die_usage("'%s' needs %s", c->name, c->args);
	if ((unsigned int)(argc - optind) > c->max_args)
		die_usage("too many arguments for '%s'", c->name);
	for (; optind < argc; optind++)
		cfg->args[cfg->nargs++] = argv[optind];
}

int main(int argc, char **argv)
{
	struct config cfg;
	size_t i;

	if (argc < 2)
		die_usage("no command given");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		print_help();
		return EXIT_SUCCESS;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("%s (libaxidma) %s\n", progname, axidma_api_version());
		return EXIT_SUCCESS;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name))
			continue;
		parse_config(argc - 1, argv + 1, &commands[i], &cfg);
		return commands[i].run(&cfg);
	}
	if (argv[1][0] == '-')
		die_usage("options go after the command");
	die_usage("unknown command '%s'", argv[1]);
}

/* ---- shared by the transfer commands ----------------------------------- */

struct axidma_chan *open_owner(const char *name, unsigned int want)
{
	struct axidma_chan *chan = axidma_chan_open(name, 0);

	if (!chan)
		die_perror("cannot open %s", name);
	if (axidma_chan_get_direction(chan) == AXIDMA_DIRECTION_NONE &&
	    axidma_chan_set_direction(chan, (enum axidma_direction)want))
		die("%s cannot do %s transfers", name,
		    axidma_direction_name(want));
	if (axidma_chan_get_direction(chan) != want)
		die("%s is a %s channel, this needs %s", name,
		    axidma_direction_name(axidma_chan_get_direction(chan)),
		    axidma_direction_name(want));
	return chan;
}

static void setup_buffers(struct axidma_chan *chan, const struct config *cfg)
{
	unsigned int count;
	size_t size;

	if (!cfg->has_buffers && !cfg->has_buffer_size)
		return;
	count = cfg->has_buffers ? (unsigned int)cfg->buffers :
		axidma_chan_get_num_buffers(chan);
	size = cfg->has_buffer_size ? cfg->buffer_size :
	       axidma_chan_get_buffer_size(chan);
	if (axidma_chan_set_buffers(chan, count, size))
		die_perror("cannot set %u buffers of %zu bytes on %s", count,
			   size, axidma_chan_get_path(chan));
}

/* Longest transfer of one buffer of @chan. */
static uint64_t chan_max_packet(struct axidma_chan *chan)
{
	struct axidma_chan_info *info = axidma_chan_get_info(chan);
	uint64_t n;

	if (!info)
		die_perror("%s", axidma_chan_get_path(chan));
	n = axidma_chan_info_get_buf_size(info);
	if (n > axidma_chan_info_get_max_transfer(info))
		n = axidma_chan_info_get_max_transfer(info);
	axidma_chan_info_free(info);
	return n;
}

void die_record(struct axidma_chan *chan, const struct axidma_record *rec)
{
	char msg[256];

	axidma_record_describe(rec, msg, sizeof(msg));
	die("%s: %s", axidma_chan_get_path(chan), msg);
}

/* Reads records (blocking); calls @done for each good one. */
static int reap(struct axidma_chan *chan, struct axidma_record_buffer *rb,
		void (*done)(const struct axidma_record *, void *), void *arg)
{
	const struct axidma_record *rec;
	int n, i;

	n = axidma_chan_read_records(chan, rb, 0, -1);
	if (n < 0)
		die_perror("waiting on %s", axidma_chan_get_path(chan));
	for (i = 0; i < n; i++) {
		rec = axidma_record_buffer_get_record(rb, (size_t)i);
		if (!axidma_record_is_ok(rec))
			die_record(chan, rec);
		done(rec, arg);
	}
	return n;
}

static int submit_one(struct axidma_chan *chan, struct axidma_batch *b,
		      unsigned int buf, uint64_t len, uint64_t tag,
		      const struct config *cfg)
{
	axidma_batch_clear(b);
	axidma_batch_add(b, buf, 0, len, tag);
	if (cfg->has_timeout)
		axidma_batch_set_timeout(b, 0, cfg->timeout_ns);
	if (axidma_chan_submit_batch(chan, b, 0, NULL) < 0)
		die_perror("cannot submit %" PRIu64 " bytes on %s", len,
			   axidma_chan_get_path(chan));
	return 0;
}

/* ---- list and info ------------------------------------------------------ */

static int cmd_list(const struct config *cfg)
{
	struct axidma_chan_list *list;
	struct axidma_chan_status *st;
	struct axidma_chan_info *info;
	struct axidma_chan *chan;
	char a[32], b[32], bufs[64], dir[16];
	bool guessed = false;
	size_t i, n;

	(void)cfg;
	list = axidma_chan_list_new();
	if (!list && errno == ENOENT)
		die("no /sys/class/axidma: the axidma driver is not loaded");
	if (!list)
		die_perror("cannot list the channels");
	n = axidma_chan_list_get_count(list);
	if (n)
		printf("%-20s %-11s %-9s %-5s %-16s %-5s %-7s %s\n", "CHANNEL",
		       "DIRECTION", "MAX-XFER", "ALIGN", "BUFFERS", "DEPTH",
		       "STATE", "OWNED");
	for (i = 0; i < n; i++) {
		chan = axidma_chan_open(axidma_chan_list_get_path(list, i),
					AXIDMA_OPEN_READ_ONLY);
		info = chan ? axidma_chan_get_info(chan) : NULL;
		st = info ? axidma_chan_get_status(chan) : NULL;
		if (!st) {
			printf("%-20s (%s)\n", axidma_chan_list_get_name(list, i),
			       axidma_strerror(errno));
			axidma_chan_info_free(info);
			axidma_chan_close(chan);
			continue;
		}
		/*
		 * A provider that reports both directions on each channel
		 * (the Xilinx AXI DMA driver) leaves the direction to the
		 * user; the library's guess from the dma-name is marked.
		 */
		snprintf(dir, sizeof(dir), "%s%s",
			 axidma_direction_name(axidma_chan_get_direction(chan)),
			 axidma_chan_info_get_direction(info) ? "" : "*");
		if (!axidma_chan_info_get_direction(info))
			guessed = true;
		snprintf(bufs, sizeof(bufs), "%u x %s",
			 axidma_chan_info_get_buf_count(info),
			 format_size(axidma_chan_info_get_buf_size(info), b,
				     sizeof(b)));
		printf("%-20s %-11s %-9s %-5u %-16s %-5u %-7s %s\n",
		       axidma_chan_list_get_name(list, i),
		       dir,
		       format_size(axidma_chan_info_get_max_transfer(info), a,
				   sizeof(a)),
		       axidma_chan_info_get_align(info), bufs,
		       axidma_chan_info_get_depth(info),
		       axidma_chan_state_name(axidma_chan_status_get_state(st)),
		       axidma_chan_status_is_owned(st) ? "yes" : "no");
		axidma_chan_status_free(st);
		axidma_chan_info_free(info);
		axidma_chan_close(chan);
	}
	axidma_chan_list_free(list);
	if (guessed)
		printf("* the provider reports both directions: taken from the dma-name\n"
		       "  until set (axidma info CHAN shows where a direction comes from)\n");
	return EXIT_SUCCESS;
}

static int cmd_info(const struct config *cfg)
{
	struct axidma_chan_status *st;
	struct axidma_chan_info *info;
	struct axidma_chan *chan;
	enum axidma_direction dir;
	char a[32];
	int err;

	chan = axidma_chan_open(cfg->args[0], AXIDMA_OPEN_READ_ONLY);
	if (!chan)
		die_perror("cannot open %s", cfg->args[0]);
	info = axidma_chan_get_info(chan);
	st = info ? axidma_chan_get_status(chan) : NULL;
	if (!st)
		die_perror("cannot query %s", cfg->args[0]);
	dir = axidma_chan_get_direction(chan);
	printf("channel:       %s/%s\n", axidma_chan_info_get_client(info),
	       axidma_chan_info_get_name(info));
	printf("device:        %s\n", axidma_chan_get_path(chan));
	printf("abi version:   %u\n", axidma_chan_info_get_abi_version(info));
	printf("directions:    %s\n",
	       axidma_direction_name(axidma_chan_info_get_directions(info)));
	printf("direction:     %s (%s)\n", axidma_direction_name(dir),
	       axidma_chan_info_get_direction(info) ? "driver default" :
	       dir ? "from the dma-name" : "none set");
	printf("max transfer:  %" PRIu64 " bytes (%s)\n",
	       axidma_chan_info_get_max_transfer(info),
	       format_size(axidma_chan_info_get_max_transfer(info), a, sizeof(a)));
	printf("align:         %u bytes\n", axidma_chan_info_get_align(info));
	printf("address width: %u bits\n", axidma_chan_info_get_addr_width(info));
	printf("exact bytes:   %s\n",
	       axidma_chan_info_has_exact_bytes(info) ? "yes" : "no");
	printf("buffers:       %u x %" PRIu64 " bytes (at most %u x %" PRIu64 ")\n",
	       axidma_chan_info_get_buf_count(info),
	       axidma_chan_info_get_buf_size(info),
	       axidma_chan_info_get_buf_count_max(info),
	       axidma_chan_info_get_buf_size_max(info));
	printf("queue size:    %u\n", axidma_chan_info_get_queue_size(info));
	printf("depth:         %u (at most %u)\n", axidma_chan_info_get_depth(info),
	       axidma_chan_info_get_depth_max(info));
	if (axidma_chan_info_get_timeout(info))
		printf("timeout:       %.3f ms\n",
		       (double)axidma_chan_info_get_timeout(info) / 1e6);
	else
		printf("timeout:       none\n");
	printf("state:         %s\n",
	       axidma_chan_state_name(axidma_chan_status_get_state(st)));
	printf("owned:         %s\n", axidma_chan_status_is_owned(st) ? "yes" : "no");
	printf("mapped:        %s\n", axidma_chan_status_is_mapped(st) ? "yes" : "no");
	printf("queued:        %u\n", axidma_chan_status_get_queued(st));
	printf("in flight:     %u\n", axidma_chan_status_get_in_flight(st));
	printf("completed:     %u\n", axidma_chan_status_get_completed(st));
	err = axidma_chan_status_get_last_error(st);
	printf("last error:    %s\n", err ? axidma_strerror(err) : "none");
	printf("next id:       %" PRIu64 "\n", axidma_chan_status_get_next_id(st));
	printf("submitted:     %" PRIu64 "\n", axidma_chan_status_get_submitted(st));
	printf("done:          %" PRIu64 "\n", axidma_chan_status_get_done(st));
	printf("errors:        %" PRIu64 "\n", axidma_chan_status_get_errors(st));
	printf("timeouts:      %" PRIu64 "\n", axidma_chan_status_get_timeouts(st));
	printf("aborted:       %" PRIu64 "\n", axidma_chan_status_get_aborted(st));
	printf("bytes:         %" PRIu64 "\n", axidma_chan_status_get_bytes(st));
	axidma_chan_status_free(st);
	axidma_chan_info_free(info);
	axidma_chan_close(chan);
	return EXIT_SUCCESS;
}

/* ---- send ---------------------------------------------------------------- */

struct pipe_state {
	struct axidma_chan *chan;
	bool *busy;
	unsigned int nbusy;
	int out_fd;
	const char *out_name;
	uint64_t bytes;
	uint64_t packets;
	uint64_t limit;		/* recv --bytes, else 0 */
	uint64_t dropped;	/* recv: bytes of the last packet past the limit */
};

static void send_done(const struct axidma_record *rec, void *arg)
{
	struct pipe_state *ps = arg;

	ps->busy[axidma_record_get_buffer(rec)] = false;
	ps->nbusy--;
	ps->bytes += axidma_record_get_length(rec);
	ps->packets++;
}

/* Reads up to @len bytes (less only at end of input). */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

static int open_input(const char *name)
{
	int fd;

	if (!name || !strcmp(name, "-"))
		return STDIN_FILENO;
	fd = open(name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die("cannot open %s: %s", name, strerror(errno));
	return fd;
}

static int cmd_send(const struct config *cfg)
{
	struct axidma_record_buffer *rb;
	struct pipe_state ps = { 0 };
	struct axidma_batch *b;
	unsigned int nbufs, i;
	uint64_t packet;
	int in_fd;
	ssize_t n;
	void *p;

	in_fd = open_input(cfg->nargs > 1 ? cfg->args[1] : NULL);
	ps.chan = open_owner(cfg->args[0], AXIDMA_DIRECTION_MEM_TO_DEV);
	setup_buffers(ps.chan, cfg);
	packet = chan_max_packet(ps.chan);
	if (cfg->has_size) {
		if (cfg->size > packet)
			die("--size %" PRIu64 " is more than a buffer or the longest transfer (%" PRIu64 " bytes)",
			    cfg->size, packet);
		packet = cfg->size;
	}
	nbufs = axidma_chan_get_num_buffers(ps.chan);
	if (!nbufs || !axidma_chan_get_buffer(ps.chan, 0))
		die_perror("cannot map the buffers of %s", cfg->args[0]);
	ps.busy = calloc(nbufs, sizeof(*ps.busy));
	rb = axidma_record_buffer_new(nbufs);
	b = axidma_batch_new(1);
	if (!ps.busy || !rb || !b)
		die("out of memory");

	for (;;) {
		while (ps.nbusy == nbufs)
			reap(ps.chan, rb, send_done, &ps);
		for (i = 0; ps.busy[i]; i++)
			;
		p = axidma_chan_get_buffer(ps.chan, i);
		n = read_full(in_fd, p, packet);
		if (n < 0)
			die("cannot read the input: %s", strerror(errno));
		if (!n)
			break;
		submit_one(ps.chan, b, i, (uint64_t)n, 0, cfg);
		ps.busy[i] = true;
		ps.nbusy++;
		if ((uint64_t)n < packet)
			break;
	}
	while (ps.nbusy)
		reap(ps.chan, rb, send_done, &ps);
	if (cfg->verbose)
		fprintf(stderr, "%s: sent %" PRIu64 " bytes in %" PRIu64 " packets on %s\n",
			progname, ps.bytes, ps.packets,
			axidma_chan_get_path(ps.chan));
	axidma_batch_free(b);
	axidma_record_buffer_free(rb);
	free(ps.busy);
	axidma_chan_close(ps.chan);
	if (in_fd != STDIN_FILENO)
		close(in_fd);
	return EXIT_SUCCESS;
}

/* ---- recv ---------------------------------------------------------------- */

static void write_full(int fd, const char *name, const void *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("cannot write %s: %s", name, strerror(errno));
		buf = (const char *)buf + n;
		len -= (size_t)n;
	}
}

static void recv_done(const struct axidma_record *rec, void *arg)
{
	struct pipe_state *ps = arg;
	unsigned int i = axidma_record_get_buffer(rec);
	uint64_t n = axidma_record_get_bytes(rec);

	if (ps->limit && n > ps->limit - ps->bytes) {
		ps->dropped += n - (ps->limit - ps->bytes);
		n = ps->limit - ps->bytes;
	}

	write_full(ps->out_fd, ps->out_name, axidma_chan_get_buffer(ps->chan, i),
		   (size_t)n);
	ps->busy[i] = false;
	ps->nbusy--;
	ps->bytes += n;
	ps->packets++;
}

static int cmd_recv(const struct config *cfg)
{
	struct axidma_record_buffer *rb;
	struct pipe_state ps = { 0 };
	uint64_t packet, submitted = 0, len, want;

	struct axidma_batch *b;
	unsigned int nbufs, i;
	const char *out;

	if (cfg->has_count && cfg->has_bytes)
		die_usage("--count and --bytes exclude each other");
	out = cfg->nargs > 1 ? cfg->args[1] : "-";
	ps.chan = open_owner(cfg->args[0], AXIDMA_DIRECTION_DEV_TO_MEM);
	setup_buffers(ps.chan, cfg);
	packet = chan_max_packet(ps.chan);
	if (cfg->has_size) {
		if (cfg->size > packet)
			die("--size %" PRIu64 " is more than a buffer or the longest transfer (%" PRIu64 " bytes)",
			    cfg->size, packet);
		packet = cfg->size;
	}
	nbufs = axidma_chan_get_num_buffers(ps.chan);
	if (!nbufs || !axidma_chan_get_buffer(ps.chan, 0))
		die_perror("cannot map the buffers of %s", cfg->args[0]);
	if (!strcmp(out, "-")) {
		ps.out_fd = STDOUT_FILENO;
		ps.out_name = "standard output";
	} else {
		ps.out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
				 0644);
		if (ps.out_fd < 0)
			die("cannot open %s: %s", out, strerror(errno));
		ps.out_name = out;
	}
	ps.busy = calloc(nbufs, sizeof(*ps.busy));
	rb = axidma_record_buffer_new(nbufs);
	b = axidma_batch_new(1);
	if (!ps.busy || !rb || !b)
		die("out of memory");
	ps.limit = cfg->has_bytes ? cfg->bytes : 0;

	/*
	 * --count N: N transfers, up to one per buffer outstanding. --bytes:
	 * one transfer of a whole packet's room at a time, until enough has
	 * arrived; the output is cut at the count. Never more transfers than
	 * packets wanted: each would take a packet from the stream.
	 */
	want = cfg->has_count ? cfg->count : 1;
	if (cfg->has_bytes)
		nbufs = 1;
	for (;;) {
		len = cfg->has_bytes ? (ps.bytes < cfg->bytes ? packet : 0) :
		      (submitted < want ? packet : 0);
		if (len && ps.nbusy < nbufs) {
			for (i = 0; ps.busy[i]; i++)
				;
			submit_one(ps.chan, b, i, len, submitted, cfg);
			ps.busy[i] = true;
			ps.nbusy++;
			submitted++;
			continue;
		}
		if (!ps.nbusy)
			break;
		reap(ps.chan, rb, recv_done, &ps);
	}
	if (cfg->verbose)
		fprintf(stderr, "%s: received %" PRIu64 " bytes in %" PRIu64 " packets on %s\n",
			progname, ps.bytes, ps.packets,
			axidma_chan_get_path(ps.chan));
	if (cfg->verbose && ps.dropped)
		fprintf(stderr, "%s: %" PRIu64 " bytes of the last packet were past --bytes and dropped\n",
			progname, ps.dropped);
	if (ps.out_fd != STDOUT_FILENO && close(ps.out_fd))
		die("cannot write %s: %s", out, strerror(errno));
	axidma_batch_free(b);
	axidma_record_buffer_free(rb);
	free(ps.busy);
	axidma_chan_close(ps.chan);
	return EXIT_SUCCESS;
}

/* ---- loopback -------------------------------------------------------------- */

static void die_loopback(struct axidma_chan *tx, struct axidma_chan *rx)
{
	const struct axidma_record *rec;
	int err = errno;
	char msg[256];

	rec = axidma_chan_get_last_record(tx);
	if (rec && !axidma_record_is_ok(rec)) {
		axidma_record_describe(rec, msg, sizeof(msg));
		die("loopback failed: %s: %s", axidma_chan_get_path(tx), msg);
	}
	rec = axidma_chan_get_last_record(rx);
	if (rec && !axidma_record_is_ok(rec)) {
		axidma_record_describe(rec, msg, sizeof(msg));
		die("loopback failed: %s: %s", axidma_chan_get_path(rx), msg);
	}
	errno = err;
	die_perror("loopback failed");
}

static int cmd_loopback(const struct config *cfg)
{
	struct axidma_chan *tx, *rx;
	uint64_t size = cfg->has_size ? cfg->size : 4096;
	uint64_t count = cfg->has_count ? cfg->count : 1, i;
	unsigned char *out, *in;
	ssize_t n;
	size_t bad;

	tx = open_owner(cfg->args[0], AXIDMA_DIRECTION_MEM_TO_DEV);
	rx = open_owner(cfg->args[1], AXIDMA_DIRECTION_DEV_TO_MEM);
	setup_buffers(tx, cfg);
	setup_buffers(rx, cfg);
	out = malloc(size);
	in = malloc(size);
	if (!out || !in)
		die("out of memory");
	for (i = 0; i < count; i++) {
		axidma_pattern_fill(out, size, cfg->seed + i, 0);
		memset(in, 0, size);
		n = axidma_loopback(tx, rx, out, in, size, cfg_timeout(cfg));
		if (n < 0)
			die_loopback(tx, rx);
		if ((uint64_t)n != size) {
			fprintf(stderr, "%s: data mismatch in transfer %" PRIu64 ": received %zd of %" PRIu64 " bytes\n",
				progname, i + 1, n, size);
			return EXIT_MISMATCH;
		}
		if (!axidma_pattern_check(in, size, cfg->seed + i, 0, &bad)) {
			fprintf(stderr, "%s: data mismatch in transfer %" PRIu64 " at byte %zu: sent 0x%02x, received 0x%02x\n",
				progname, i + 1, bad, out[bad], in[bad]);
			return EXIT_MISMATCH;
		}
	}
	if (!cfg->quiet)
		printf("loopback %s -> %s: %" PRIu64 " transfer%s of %" PRIu64 " bytes, data verified\n",
		       axidma_chan_get_path(tx), axidma_chan_get_path(rx), count,
		       count == 1 ? "" : "s", size);
	free(out);
	free(in);
	axidma_chan_close(tx);
	axidma_chan_close(rx);
	return EXIT_SUCCESS;
}
