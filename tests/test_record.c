// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the pure parts of `ioaware record` (analyzer/record.c): event-list items and the
 * tasks file name. Live recording needs root and tracefs: tests/cli/record.sh does it, or skips.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "error.h"
#include "record.h"

static void split_ok(const char *item, const char *want_sys, const char *want_ev)
{
	char sys[64], ev[64];
	struct ioa_err err = { 0 };

	assert_int_equal(ioa_record_split_event(sys, sizeof(sys), ev, sizeof(ev), item, &err), 0);
	assert_string_equal(sys, want_sys);
	assert_string_equal(ev, want_ev);
}

static void split_bad(const char *item)
{
	char sys[16], ev[16];
	struct ioa_err err = { 0 };

	assert_int_equal(ioa_record_split_event(sys, sizeof(sys), ev, sizeof(ev), item, &err),
			 IOA_EUSAGE);
	assert_non_null(strstr(err.msg, item));
}

static void test_split_event(void **state)
{
	(void)state;
	split_ok("sched:sched_switch", "sched", "sched_switch");
	split_ok("kvm:*", "kvm", "");
	split_ok("irq", "irq", "");
	split_ok("irq:", "irq", "");
	split_bad("");
	split_bad(":sched_switch");
	split_bad("sched:sched switch");
	split_bad("sched:sched_*");
	split_bad("../..:x");
	split_bad("a_very_long_system_name:x"); /* longer than the buffer */
}

static void test_default_events(void **state)
{
	(void)state;
	/* the list TRACEPOINTS.md asks for, all well-formed */
	static const char *const want[] = { "sched:sched_switch",   "sched:sched_waking",
					    "task:task_rename",	    "kvm:*",
					    "block:block_rq_issue", "net:netif_receive_skb",
					    "irq:softirq_exit" };
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_non_null(strstr(IOA_RECORD_DEFAULT_EVENTS, want[i]));
}

static void test_tasks_path(void **state)
{
	char buf[64];

	(void)state;
	ioa_record_tasks_path(buf, sizeof(buf), "out/host.dat");
	assert_string_equal(buf, "out/host.dat.tasks.tsv");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split_event),
		cmocka_unit_test(test_default_events),
		cmocka_unit_test(test_tasks_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
