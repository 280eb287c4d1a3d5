// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Unit tests of the tasks side file (analyzer/tasks.c): parsing both layouts (record's and
 * traces/capture.sh's), warnings, write → parse round trip, the side-file names, the VMM and vCPU
 * name predicates, the /proc scan on a fake tree, and ioa_model_set_tgid() grouping vCPUs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "error.h"
#include "event.h"
#include "model.h"
#include "tasks.h"

static int parse(struct ioa_tasks *t, const char *text, struct ioa_err *err)
{
	return ioa_tasks_parse(t, text, strlen(text), "t.tsv", err);
}

static void test_parse_record_layout(void **state)
{
	struct ioa_tasks t;
	struct ioa_err err = { 0 };

	(void)state;
	ioa_tasks_init(&t);
	assert_int_equal(parse(&t,
			       "# warning: record: not on this kernel, not recorded: kvm:*\n"
			       "tid\ttgid\tcomm\tcmdline\n"
			       "100\t100\tqemu-system-x86\tqemu-system-x86_64 -smp 2\n"
			       "101\t100\tCPU 0/KVM\tqemu-system-x86_64 -smp 2\n"
			       "102\t100\tCPU 1/KVM\t\n",
			       &err),
			 0);
	assert_int_equal(t.n, 3);
	assert_int_equal(t.v[1].tid, 101);
	assert_int_equal(t.v[1].tgid, 100);
	assert_string_equal(t.v[1].comm, "CPU 0/KVM");
	assert_string_equal(t.v[0].cmdline, "qemu-system-x86_64 -smp 2");
	assert_string_equal(t.v[2].cmdline, "");
	assert_int_equal(t.nr_warnings, 1);
	assert_string_equal(t.warnings[0], "record: not on this kernel, not recorded: kvm:*");
	ioa_tasks_release(&t);
}

/* traces/capture.sh: a leading phase column, CRLF tolerated, duplicate tids merged */
static void test_parse_capture_layout(void **state)
{
	struct ioa_tasks t;
	struct ioa_err err = { 0 };

	(void)state;
	ioa_tasks_init(&t);
	assert_int_equal(parse(&t,
			       "phase\ttid\ttgid\tcomm\tcmdline\r\n"
			       "vm-bus\t12976\t12976\ttinyvm\t/tmp/tinyvm --threads 2\r\n"
			       "vm-bus\t12984\t12976\ttinyvm\t/tmp/tinyvm --threads 2\r\n"
			       "vm-bus\t12984\t12976\tCPU 0/KVM\t/tmp/tinyvm --threads 2\r\n",
			       &err),
			 0);
	assert_int_equal(t.n, 2);
	assert_int_equal(t.v[1].tid, 12984);
	assert_string_equal(t.v[1].comm, "CPU 0/KVM");
	ioa_tasks_release(&t);
}

static void test_parse_errors(void **state)
{
	struct ioa_tasks t;
	struct ioa_err err = { 0 };

	(void)state;
	ioa_tasks_init(&t);
	assert_int_equal(parse(&t, "tid\tcomm\tcmdline\n1\ta\tb\n", &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "'tgid'"));
	ioa_err_clear(&err);
	assert_int_equal(parse(&t, "tid\ttgid\tcomm\tcmdline\n12\tx\tc\td\n", &err), IOA_EINPUT);
	assert_non_null(strstr(err.msg, "t.tsv:2"));
	ioa_err_clear(&err);
	assert_int_equal(parse(&t, "tid\ttgid\tcomm\tcmdline\n12\t12\n", &err), IOA_EINPUT);
	ioa_err_clear(&err);
	assert_int_equal(parse(&t, "# only a comment\n", &err), IOA_EINPUT);
	assert_int_equal(t.n, 0);
	ioa_tasks_release(&t);
}

static void test_write_round_trip(void **state)
{
	struct ioa_tasks a, b;
	struct ioa_err err = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	ioa_tasks_init(&a);
	ioa_tasks_init(&b);
	ioa_tasks_put(&a, 7, 5, "CPU 3/TCG", "qemu\t-name vm1");
	ioa_tasks_put(&a, 5, 5, "qemu-system-x86", "qemu -name vm1");
	ioa_tasks_warn(&a, "missing: net:*");
	assert_int_equal(ioa_tasks_write(&a, f), 0);
	fclose(f);
	assert_int_equal(ioa_tasks_parse(&b, text, len, "mem", &err), 0);
	assert_int_equal(b.n, 2);
	assert_int_equal(b.v[0].tid, 7);
	assert_string_equal(b.v[0].comm, "CPU 3/TCG");
	assert_string_equal(b.v[0].cmdline, "qemu -name vm1"); /* the tab became a space */
	assert_int_equal(b.nr_warnings, 1);
	free(text);
	ioa_tasks_release(&a);
	ioa_tasks_release(&b);
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs("tid\ttgid\tcomm\tcmdline\n", f);
	fclose(f);
}

static void test_side_path(void **state)
{
	char dir[] = "/tmp/ioa-tasks-XXXXXX", trace[256], side[512], want[512];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(trace, sizeof(trace), "%s/h.dat", dir);
	assert_int_equal(ioa_tasks_side_path(side, sizeof(side), trace), 0);
	snprintf(want, sizeof(want), "%s/h.tasks.tsv", dir); /* capture.sh's name */
	touch(want);
	assert_int_equal(ioa_tasks_side_path(side, sizeof(side), trace), 1);
	assert_string_equal(side, want);
	snprintf(want, sizeof(want), "%s/h.dat.tasks.tsv", dir); /* record's name wins */
	touch(want);
	assert_int_equal(ioa_tasks_side_path(side, sizeof(side), trace), 1);
	assert_string_equal(side, want);
	unlink(want);
	snprintf(want, sizeof(want), "%s/h.tasks.tsv", dir);
	unlink(want);
	rmdir(dir);
}

static void test_names(void **state)
{
	(void)state;
	assert_true(ioa_tasks_is_vmm_comm("qemu-system-x86"));
	assert_true(ioa_tasks_is_vmm_comm("qemu-kvm"));
	assert_true(ioa_tasks_is_vmm_comm("firecracker"));
	assert_true(ioa_tasks_is_vmm_comm("cloud-hyperviso"));
	assert_true(ioa_tasks_is_vmm_comm("crosvm"));
	assert_false(ioa_tasks_is_vmm_comm("bash"));
	assert_false(ioa_tasks_is_vmm_comm("crosvm2"));
	assert_true(ioa_tasks_is_vcpu_comm("CPU 0/KVM"));
	assert_true(ioa_tasks_is_vcpu_comm("CPU 12/TCG"));
	assert_false(ioa_tasks_is_vcpu_comm("CPU /KVM"));
	assert_false(ioa_tasks_is_vcpu_comm("CPU 1/KVMX"));
	assert_false(ioa_tasks_is_vcpu_comm("fc_vcpu 0"));
}

/* ---- a fake /proc ---- */

static void put_file(const char *root, const char *rel, const char *text, size_t len)
{
	char path[512], *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	f = fopen(path, "w");
	assert_non_null(f);
	fwrite(text, 1, len, f);
	fclose(f);
}

static void fake_thread(const char *root, int pid, int tid, const char *comm, int ppid)
{
	char rel[128], text[128];

	snprintf(rel, sizeof(rel), "%d/task/%d/comm", pid, tid);
	snprintf(text, sizeof(text), "%s\n", comm);
	put_file(root, rel, text, strlen(text));
	if (pid != tid)
		return;
	snprintf(rel, sizeof(rel), "%d/stat", pid);
	snprintf(text, sizeof(text), "%d (%s) S %d 1 1", pid, comm, ppid);
	put_file(root, rel, text, strlen(text));
	snprintf(rel, sizeof(rel), "%d/cmdline", pid);
	snprintf(text, sizeof(text), "%s%c-x%c", comm, '\0', '\0');
	put_file(root, rel, text, strlen(comm) + 4);
}

static const struct ioa_task_info *task_of(const struct ioa_tasks *t, int tid)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

static int tgid_of(const struct ioa_tasks *t, int tid)
{
	const struct ioa_task_info *k = task_of(t, tid);

	return k ? k->tgid : -1;
}

static void test_scan_fake_proc(void **state)
{
	char root[] = "/tmp/ioa-proc-XXXXXX", cmd[600];
	struct ioa_tasks t;

	(void)state;
	assert_non_null(mkdtemp(root));
	fake_thread(root, 10, 10, "bash", 1);		 /* not a VMM */
	fake_thread(root, 20, 20, "qemu-system-x86", 1); /* VMM by name */
	fake_thread(root, 20, 21, "CPU 0/TCG", 1);
	fake_thread(root, 30, 30, "tinyvm", 10); /* VMM by a vCPU thread name */
	fake_thread(root, 30, 31, "CPU 0/KVM", 10);
	fake_thread(root, 40, 40, "workload", 1); /* the recorded command */
	fake_thread(root, 50, 50, "dd", 40);	  /* its child */
	ioa_tasks_init(&t);
	assert_int_equal(ioa_tasks_scan_proc(&t, root, 40), 4);
	assert_int_equal(t.n, 6);
	assert_int_equal(tgid_of(&t, 20), 20);
	assert_int_equal(tgid_of(&t, 21), 20);
	assert_int_equal(tgid_of(&t, 31), 30);
	assert_int_equal(tgid_of(&t, 40), 40);
	assert_int_equal(tgid_of(&t, 50), 50);
	assert_int_equal(tgid_of(&t, 10), -1);
	assert_string_equal(task_of(&t, 21)->cmdline, "qemu-system-x86 -x");
	assert_string_equal(task_of(&t, 21)->comm, "CPU 0/TCG");
	ioa_tasks_release(&t);
	ioa_tasks_init(&t);
	assert_int_equal(ioa_tasks_scan_proc(&t, root, 0), 2);
	ioa_tasks_release(&t);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
}

/* ---- ioa_model_set_tgid: two vCPU threads of one process become one VM grouped by tgid ---- */

static void uexit(struct ioa_model *m, uint64_t ts, int cpu, int pid, const char *comm)
{
	struct ioa_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.kind = IOA_EV_KVM_UEXIT;
	ev.name = "kvm_userspace_exit";
	ev.ts = ts;
	ev.cpu = cpu;
	ev.pid = pid;
	ev.tgid = -1;
	ev.comm = comm;
	ev.u.uexit.reason = 2;
	assert_int_equal(ioa_model_feed(m, &ev), 0);
}

static void model_vms(int with_tgid, const char *want_source, size_t want_vms)
{
	struct ioa_row_sink sink = { 0 };
	struct ioa_model *m = ioa_model_new(&sink, NULL);
	const struct ioa_vm_row *vms;
	const struct ioa_thread_row *th;

	uexit(m, 1000, 0, 501, "vcpu-a"); /* names that say nothing */
	uexit(m, 2000, 1, 502, "vcpu-b");
	if (with_tgid) {
		ioa_model_set_tgid(m, 501, 500, "x");
		ioa_model_set_tgid(m, 502, 500, "y");
		ioa_model_set_tgid(m, 999, 500, "not in the trace");
	}
	assert_int_equal(ioa_model_finish(m), 0);
	assert_int_equal(ioa_model_vms(m, &vms), want_vms);
	assert_int_equal(ioa_model_threads(m, &th), 2); /* tid 999 made no thread row */
	assert_string_equal(vms[0].source, want_source);
	if (with_tgid)
		assert_int_equal(vms[0].host_pid, 500);
	ioa_model_free(m);
}

static void test_model_set_tgid(void **state)
{
	(void)state;
	model_vms(0, "single", 2);
	model_vms(1, "tgid", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_record_layout),
		cmocka_unit_test(test_parse_capture_layout),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_write_round_trip),
		cmocka_unit_test(test_side_path),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_scan_fake_proc),
		cmocka_unit_test(test_model_set_tgid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
