// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Format names and detection from content: magic numbers, each text header, headerless text
 * by the shape of its first event line, preambles before the header, binary and empty input,
 * and real files: traces/, tests/data/ and their renderings (tests/fixtures.sh); with --corpus
 * the shared corpus beside the checkout.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "reader.h"
#include "util.h"

/* detect on an exactly-sized copy so that the sanitizers see any read past the end */
static enum ioa_format detect_n(const char *text, size_t len)
{
	char *copy = malloc(len ? len : 1);
	enum ioa_format f;

	memcpy(copy, text, len);
	f = ioa_format_detect(copy, len);
	free(copy);
	return f;
}

static enum ioa_format detect(const char *text)
{
	return detect_n(text, strlen(text));
}

static void test_names(void **state)
{
	static const enum ioa_format all[] = {
		IOA_FMT_TRACEDAT,    IOA_FMT_TRACEFS, IOA_FMT_REPORT,
		IOA_FMT_PERF_SCRIPT, IOA_FMT_ANDROID, IOA_FMT_PERF_DATA,
	};
	size_t i;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(all); i++)
		assert_int_equal(ioa_format_parse(ioa_format_name(all[i])), all[i]);
	assert_string_equal(ioa_format_name(IOA_FMT_TRACEFS), "tracefs");
	assert_string_equal(ioa_format_name(IOA_FMT_PERF_SCRIPT), "perf-script");
	assert_string_equal(ioa_format_name(IOA_FMT_UNKNOWN), "unknown");
	assert_string_equal(ioa_format_name((enum ioa_format)99), "unknown");
	assert_int_equal(ioa_format_parse("systrace"), IOA_FMT_ANDROID);
	assert_int_equal(ioa_format_parse("bogus"), IOA_FMT_UNKNOWN);
	assert_int_equal(ioa_format_parse(""), IOA_FMT_UNKNOWN);
	assert_int_equal(ioa_format_parse(NULL), IOA_FMT_UNKNOWN);
}

static void test_magic(void **state)
{
	static const char dat[] = "\x17\x08\x44tracing6\0\0\0";
	static const char perf[] = "PERFILE2\x68\0\0\0";

	(void)state;
	assert_int_equal(detect_n(dat, sizeof(dat) - 1), IOA_FMT_TRACEDAT);
	assert_int_equal(detect_n(perf, sizeof(perf) - 1), IOA_FMT_PERF_DATA);
	assert_int_equal(detect_n(dat, 9), IOA_FMT_UNKNOWN); /* truncated magic */
	assert_int_equal(detect_n(perf, 7), IOA_FMT_UNKNOWN);
	assert_int_equal(detect_n("\x7f"
				  "ELF\2\1\1\0",
				  8),
			 IOA_FMT_UNKNOWN);
	assert_int_equal(detect_n("", 0), IOA_FMT_UNKNOWN);
	assert_int_equal(ioa_format_detect(NULL, 0), IOA_FMT_UNKNOWN);
}

static void test_headers(void **state)
{
	(void)state;
	assert_int_equal(
		detect("# tracer: nop\n#\n# entries-in-buffer/entries-written: 1/1   #P:2\n"
		       "  bash-6888 [000] d..2.   298.545955: sched_switch: prev_comm=bash\n"),
		IOA_FMT_TRACEFS);
	assert_int_equal(detect("# tracer: nop\n#\n"), IOA_FMT_TRACEFS);
	assert_int_equal(detect("cpus=2\n          cap.sh-5639  [001]  2559.747281: x: y\n"),
			 IOA_FMT_REPORT);
	assert_int_equal(detect("version = 6\ncpus=6\n  <...>-1701  [001]    76.211513: x: y\n"),
			 IOA_FMT_REPORT);
	assert_int_equal(detect("# tracer: nop\n#           TASK-PID    TGID   CPU#  ||||    "
				"TIMESTAMP  FUNCTION\n"),
			 IOA_FMT_ANDROID);
}

static void test_headerless(void **state)
{
	(void)state;
	assert_int_equal(detect("   <...>-4083  [004] ....   395.705673: sys_rt_sigprocmask -> "
				"0x0\n"),
			 IOA_FMT_TRACEFS);
	assert_int_equal(detect("       CPU 0/KVM-3046  [001]  2559.747281: kvm_fpu: load\n"),
			 IOA_FMT_TRACEFS);
	assert_int_equal(detect("            perf  5971 [000]  2577.024350:      "
				"sched:sched_wakeup: comm=migration/0 pid=18 prio=0 "
				"target_cpu=000\n"),
			 IOA_FMT_PERF_SCRIPT);
	assert_int_equal(detect("CPU 0/KVM  3040/3046 [001] 2577.024350260: kvm:kvm_fpu: load\n"),
			 IOA_FMT_PERF_SCRIPT);
	assert_int_equal(detect("perf  7496/7496  [003] 264874.155353:    1001001   cpu-clock: \n"),
			 IOA_FMT_PERF_SCRIPT);
	assert_int_equal(detect(" ndroid.launcher-1601  ( 1601) [000] ...1 16930.281007: x: y\n"),
			 IOA_FMT_ANDROID);
	assert_int_equal(detect("          <idle>-0     (-----) [000] dNh2 16930.293338: x: y\n"),
			 IOA_FMT_ANDROID);
}

static void test_preamble_and_garbage(void **state)
{
	(void)state;
	assert_int_equal(detect("capturing trace... done\nTRACE:\n# tracer: nop\n#\n"
				"  a-12950 (12950) [000] ...1 16930.261886: x: y\n"),
			 IOA_FMT_ANDROID);
	assert_int_equal(detect("hello world\nthis is not a trace\n"), IOA_FMT_UNKNOWN);
	assert_int_equal(detect("000] 1.0: x: y\n"), IOA_FMT_UNKNOWN);
	assert_int_equal(detect_n("a-1 [000] 1.0: x: y\0", 20), IOA_FMT_UNKNOWN);
	assert_int_equal(detect("cpus=\n"), IOA_FMT_UNKNOWN);
}

/* every prefix of a few headers: the detector must not read past the length it is given */
static void test_truncations(void **state)
{
	static const char *const texts[] = {
		"# tracer: nop\n  bash-6888 [000] d..2.   298.545955: sched_switch: x\n",
		"cpus=2\n          cap.sh-5639  [001]  2559.747281: x: y\n",
		"  a-12950 (12950) [000] ...1 16930.261886: x: y\n",
		"CPU 0/KVM  3040/3046 [001] 2577.024350260: kvm:kvm_fpu: load\n",
		"\x17\x08\x44tracing6",
	};
	size_t i, k;
	enum ioa_format f;

	(void)state;
	for (i = 0; i < IOA_ARRAY_SIZE(texts); i++) {
		for (k = 0; k <= strlen(texts[i]); k++) {
			f = detect_n(texts[i], k);
			assert_true(f >= IOA_FMT_UNKNOWN && f <= IOA_FMT_PERF_DATA);
		}
	}
}

static enum ioa_format detect_file(const char *path)
{
	char buf[4096];
	size_t n;
	FILE *f;

	f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: cannot open", path);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	return detect_n(buf, n);
}

struct file_format {
	const char *path;
	enum ioa_format fmt;
};

static void check_files(const struct file_format *files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (detect_file(files[i].path) != files[i].fmt)
			fprintf(stderr, "%s: %s, want %s\n", files[i].path,
				ioa_format_name(detect_file(files[i].path)),
				ioa_format_name(files[i].fmt));
		assert_int_equal(detect_file(files[i].path), files[i].fmt);
	}
}

#define FIX IOA_FIXTURE_DIR "/"
#define DATA IOA_SOURCE_DIR "/tests/data/"

static void test_files(void **state)
{
	static const struct file_format files[] = {
		{ IOA_SOURCE_DIR "/traces/kvm-tiny.dat", IOA_FMT_TRACEDAT },
		{ IOA_SOURCE_DIR "/traces/qemu-tcg-a.dat", IOA_FMT_TRACEDAT },
		{ FIX "kvm-tiny.v6.dat", IOA_FMT_TRACEDAT },
		{ FIX "kvm-tiny.v7-zlib.dat", IOA_FMT_TRACEDAT },
		{ FIX "kvm-tiny.report.txt", IOA_FMT_REPORT },
		{ DATA "small.txt", IOA_FMT_TRACEFS },
		{ DATA "small.dat", IOA_FMT_TRACEDAT },
		{ FIX "small.report.txt", IOA_FMT_REPORT },
		{ DATA "perf.data", IOA_FMT_PERF_DATA },
		{ FIX "perf.script.txt", IOA_FMT_PERF_SCRIPT },
		{ FIX "perf.script-ns.txt", IOA_FMT_PERF_SCRIPT },
	};

	(void)state;
	check_files(files, IOA_ARRAY_SIZE(files));
}

#define CORPUS IOA_CORPUS_DIR "/"

static void test_corpus(void **state)
{
	static const struct file_format files[] = {
		{ CORPUS "own/kvm-small.v6.dat", IOA_FMT_TRACEDAT },
		{ CORPUS "own/kvm-small.v7-zstd.dat", IOA_FMT_TRACEDAT },
		{ CORPUS "own/kvm-small.txt", IOA_FMT_TRACEFS },
		{ CORPUS "own/kvm-small.report.txt", IOA_FMT_REPORT },
		{ CORPUS "own/perf-small.data", IOA_FMT_PERF_DATA },
		{ CORPUS "own/perf-small.script.txt", IOA_FMT_PERF_SCRIPT },
		{ CORPUS "own/perf-small.script-ns.txt", IOA_FMT_PERF_SCRIPT },
		{ CORPUS "public/corakwue-ftrace/trace2.txt", IOA_FMT_ANDROID },
		{ CORPUS "public/lisa/trace_txt_trace.txt", IOA_FMT_REPORT },
		{ CORPUS "public/lisa/sched_load_trace.dat", IOA_FMT_TRACEDAT },
		{ CORPUS "public/microsoft-perf-tools/perf.data.txt", IOA_FMT_PERF_SCRIPT },
		{ CORPUS "public/tracecompass-incubator/ftrace_syscalls.txt", IOA_FMT_TRACEFS },
		{ CORPUS "public/tracecompass-incubator/trace-android-sched-irq", IOA_FMT_TRACEFS },
		{ CORPUS "public/tracecompass-incubator/trace-critical-path", IOA_FMT_TRACEFS },
		{ CORPUS "public/trappy/trace.dat", IOA_FMT_TRACEDAT },
		{ CORPUS "public/trappy/trace_sched.txt", IOA_FMT_REPORT },
		{ CORPUS "public/trappy/trace_empty.txt", IOA_FMT_REPORT },
		{ CORPUS "public/trappy/trace_idle_unsorted.txt", IOA_FMT_REPORT },
	};

	(void)state;
	check_files(files, IOA_ARRAY_SIZE(files));
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_magic),
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_headerless),
		cmocka_unit_test(test_preamble_and_garbage),
		cmocka_unit_test(test_truncations),
		cmocka_unit_test(test_files),
	};
	/* the shared corpus beside the checkout: registered by ctest only where it exists */
	const struct CMUnitTest corpus[] = {
		cmocka_unit_test(test_corpus),
	};

	if (argc > 1 && !strcmp(argv[1], "--corpus"))
		return cmocka_run_group_tests(corpus, NULL, NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
