/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - a tiny test harness in the style of the kernel's
 * kselftest_harness.h, header-only, TAP 13 output.
 *
 *	TEST(name) { ASSERT_EQ(1, 1); EXPECT_ERRNO(EBUSY, open(...)); }
 *	int main(int argc, char **argv) { return tap_main(argc, argv); }
 *
 * Each test runs in a forked child with a time limit (TAP_TIMEOUT seconds,
 * default 30, or tap_timeout set before tap_main), so a crash or a hang
 * fails that test only. ASSERT_* end the test, EXPECT_* record a failure and
 * go on; SKIP(reason) ends it as skipped. Arguments to tap_main select tests
 * by name (all if none). Tests run in the order they are defined. A
 * program may set tap_each to a function run in the child before each test.
 */
#ifndef TAP_H
#define TAP_H

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct tap_test {
	const char *name;
	void (*fn)(void);
};

#define TAP_MAX_TESTS 128
static struct tap_test tap_tests[TAP_MAX_TESTS];
static int tap_ntests;
static int tap_failed_here;	/* in the child */
static int tap_timeout = 30;
/* Called in the test's child before every test (e.g. to reset a device). */
static void (*tap_each)(void);

static inline void tap_register(const char *name, void (*fn)(void))
{
	if (tap_ntests < TAP_MAX_TESTS)
		tap_tests[tap_ntests++] = (struct tap_test){ name, fn };
}

#define TEST(name)							\
	static void tap_fn_##name(void);				\
	static void __attribute__((constructor)) tap_reg_##name(void)	\
	{								\
		tap_register(#name, tap_fn_##name);			\
	}								\
	static void tap_fn_##name(void)

static inline void tap_diag(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	fflush(stdout);
}

#define TAP_EXIT_SKIP 77

#define SKIP(...) do {							\
		tap_diag(__VA_ARGS__);					\
		exit(TAP_EXIT_SKIP);					\
	} while (0)

#define TAP_FAIL(fatal, ...) do {					\
		tap_diag("%s:%d: ", __FILE__, __LINE__);		\
		tap_diag(__VA_ARGS__);					\
		tap_failed_here = 1;					\
		if (fatal)						\
			exit(1);					\
	} while (0)

#define TAP_CMP(fatal, a, op, b) do {					\
		long long _a = (long long)(a), _b = (long long)(b);	\
		if (!(_a op _b))					\
			TAP_FAIL(fatal, "%s %s %s: %lld vs %lld (errno %s)", \
				 #a, #op, #b, _a, _b, strerror(errno));	\
	} while (0)

#define ASSERT_EQ(a, b)	TAP_CMP(1, a, ==, b)
#define ASSERT_NE(a, b)	TAP_CMP(1, a, !=, b)
#define ASSERT_GE(a, b)	TAP_CMP(1, a, >=, b)
#define ASSERT_LE(a, b)	TAP_CMP(1, a, <=, b)
#define ASSERT_GT(a, b)	TAP_CMP(1, a, >, b)
#define ASSERT_LT(a, b)	TAP_CMP(1, a, <, b)
#define EXPECT_GT(a, b)	TAP_CMP(0, a, >, b)
#define EXPECT_LT(a, b)	TAP_CMP(0, a, <, b)
#define EXPECT_EQ(a, b)	TAP_CMP(0, a, ==, b)
#define EXPECT_NE(a, b)	TAP_CMP(0, a, !=, b)
#define EXPECT_GE(a, b)	TAP_CMP(0, a, >=, b)
#define EXPECT_LE(a, b)	TAP_CMP(0, a, <=, b)
#define ASSERT_TRUE(c)	TAP_CMP(1, !!(c), ==, 1)
#define EXPECT_TRUE(c)	TAP_CMP(0, !!(c), ==, 1)

/* The call must fail (return -1) with errno @e. */
#define TAP_ERRNO(fatal, e, call) do {					\
		errno = 0;						\
		long long _r = (long long)(call);			\
		int _e = errno;						\
		if (_r != -1 || _e != (e))				\
			TAP_FAIL(fatal, "%s: want -1/%s, got %lld/%s",	\
				 #call, strerror(e), _r, strerror(_e));	\
	} while (0)
#define ASSERT_ERRNO(e, call)	TAP_ERRNO(1, e, call)
#define EXPECT_ERRNO(e, call)	TAP_ERRNO(0, e, call)

/* The call must succeed (return >= 0). */
#define ASSERT_OK(call) do {						\
		errno = 0;						\
		long long _r = (long long)(call);			\
		if (_r < 0)						\
			TAP_FAIL(1, "%s failed: %s", #call,		\
				 strerror(errno));			\
	} while (0)

static inline int tap_selected(int argc, char **argv, const char *name)
{
	int i;

	if (argc < 2)
		return 1;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return 1;
	return 0;
}

static inline int tap_main(int argc, char **argv)
{
	int i, n = 0, failed = 0;
	const char *t = getenv("TAP_TIMEOUT");

	if (t)
		tap_timeout = atoi(t);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < tap_ntests; i++)
		n += tap_selected(argc, argv, tap_tests[i].name);
	printf("TAP version 13\n1..%d\n", n);
	n = 0;
	for (i = 0; i < tap_ntests; i++) {
		const char *name = tap_tests[i].name;
		int status;
		pid_t pid;

		if (!tap_selected(argc, argv, name))
			continue;
		n++;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			alarm(tap_timeout);
			if (tap_each)
				tap_each();
			tap_tests[i].fn();
			exit(tap_failed_here ? 1 : 0);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid) {
			printf("not ok %d - %s # fork/wait failed\n", n, name);
			failed++;
			continue;
		}
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("ok %d - %s\n", n, name);
		} else if (WIFEXITED(status) &&
			   WEXITSTATUS(status) == TAP_EXIT_SKIP) {
			printf("ok %d - %s # SKIP\n", n, name);
		} else {
			if (WIFSIGNALED(status))
				tap_diag("%s: killed by signal %d%s", name,
					 WTERMSIG(status),
					 WTERMSIG(status) == SIGALRM ?
					 " (timeout)" : "");
			printf("not ok %d - %s\n", n, name);
			failed++;
		}
	}
	return failed ? 1 : 0;
}

#endif /* TAP_H */
