// SPDX-License-Identifier: GPL-3.0-or-later
/* ioaware record: live capture through libtracefs into a trace.dat, optionally ingested. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "cli.h"
#include "ingest.h"
#include "record.h"

static const char record_help[] =
	"Usage: ioaware record [OPTIONS] [-- CMD ARGS...]\n\n"
	"Record a KVM host's kernel events (the tracepoints classify uses: sched switch/wake-up/\n"
	"migrate/rename, kvm:*, block issue/complete, net xmit/receive, irq and softirq entry/exit)\n"
	"through libtracefs into a trace.dat that `trace-cmd report` reads. Events this kernel lacks\n"
	"are reported and skipped. Recording runs in a private tracefs instance (ioaware-<pid>):\n"
	"the system's tracing state is never changed, and the instance is removed at the end, also\n"
	"on errors and Ctrl-C. Stops after --duration, on Ctrl-C/SIGTERM, or when CMD exits (CMD\n"
	"still running at the end gets SIGTERM).\n\n"
	"Beside the trace goes FILE.tasks.tsv: tid, tgid, comm and command line of every thread of\n"
	"the VMM processes (qemu*, firecracker, cloud-hypervisor, crosvm, any process with a\n"
	"'CPU n/KVM' or 'CPU n/TCG' thread) and of CMD, read from /proc at start, every 0.5 s and\n"
	"at the end; ingest uses it to group vCPU threads into VMs by process.\n"
	"Needs root and tracefs at /sys/kernel/tracing.\n\n"
	"Options:\n"
	"  -o, --output FILE  trace file to write (default trace.dat)\n"
	"  --duration S       stop after S seconds (default: Ctrl-C or CMD's exit)\n"
	"  --buffer-kb N      per-CPU ring buffer in KiB (default 8192); the buffers are\n"
	"                     drained every 50 ms, so long recordings do not need more\n"
	"  --events LIST      comma-separated SYSTEM:EVENT or SYSTEM:* instead of the defaults\n"
	"  --ingest           then ingest the trace into the database (--db)\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware record -o host.dat --duration 10\n"
	"  ioaware record -o vm.dat --ingest -- qemu-system-x86_64 -accel kvm -smp 2 ...\n"
	"  ioaware record --events sched:sched_switch,kvm:* -o k.dat   # then Ctrl-C\n\n"
	"Exit codes: 0 ok, 1 output or ingest error, 2 usage error, 4 no tracefs / not root\n"
	"            or a tracefs error.\n";

enum {
	OPT_DURATION = IOA_OPT__FIRST_CMD,
	OPT_BUFFER_KB,
	OPT_EVENTS,
	OPT_INGEST,
};

static const struct option record_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "output", required_argument, NULL, 'o' },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "buffer-kb", required_argument, NULL, OPT_BUFFER_KB },
	{ "events", required_argument, NULL, OPT_EVENTS },
	{ "ingest", no_argument, NULL, OPT_INGEST },
	{ NULL, 0, NULL, 0 },
};

/* The one file-scope variable: a signal handler can reach nothing else. */
static volatile sig_atomic_t record_stop;

static void on_stop_signal(int sig)
{
	(void)sig;
	record_stop = 1;
}

/* no SA_RESTART: the recording loop's sleep returns at once */
static void catch_stop_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

struct record_args {
	struct ioa_record_opts opts;
	int ingest;
};

static int parse_opt(struct ioa_cli *cli, struct record_args *a, int opt, const char *arg)
{
	char *end;
	double d;
	long v;

	switch (opt) {
	case 'o':
		a->opts.output = arg;
		return 0;
	case OPT_DURATION:
		d = strtod(arg, &end);
		if (end == arg || *end || !(d > 0) || d > 1e7)
			return ioa_cli_usage(
				cli, "--duration '%s': not a positive number of seconds", arg);
		a->opts.duration = d;
		return 0;
	case OPT_BUFFER_KB:
		v = strtol(arg, &end, 10);
		if (end == arg || *end || v < 4 || v > 16 * 1024 * 1024)
			return ioa_cli_usage(
				cli, "--buffer-kb '%s': not a size in KiB (4..16777216)", arg);
		a->opts.buffer_kb = (int)v;
		return 0;
	case OPT_EVENTS:
		a->opts.events = arg;
		return 0;
	case OPT_INGEST:
		a->ingest = 1;
		return 0;
	}
	return IOA_EXIT_USAGE;
}

static void report(const struct ioa_cli *cli, const struct ioa_record_result *res,
		   const char *output)
{
	if (res->missing[0])
		fprintf(stderr, "%s: not on this kernel, not recorded: %s\n", cli->prog,
			res->missing);
	if (res->lost)
		fprintf(stderr, "%s: warning: %llu events lost; raise --buffer-kb\n", cli->prog,
			(unsigned long long)res->lost);
	if (res->cmd_status >= 0 && WIFEXITED(res->cmd_status) && WEXITSTATUS(res->cmd_status))
		fprintf(stderr, "%s: the command exited with status %d\n", cli->prog,
			WEXITSTATUS(res->cmd_status));
	else if (res->cmd_status >= 0 && WIFSIGNALED(res->cmd_status))
		fprintf(stderr, "%s: the command was killed by signal %d\n", cli->prog,
			WTERMSIG(res->cmd_status));
	if (cli->log.level >= IOA_LOG_WARN)
		fprintf(stderr,
			"%s: %s: %.2f s, %d CPUs, %d event groups, %llu bytes of ring-buffer data, "
			"%llu lost%s; %s: %d threads\n",
			cli->prog, output, res->seconds, res->cpus, res->enabled,
			(unsigned long long)res->bytes, (unsigned long long)res->lost,
			res->stopped ? " (stopped by signal)" : "", res->tasks_path, res->tasks);
}

static int ingest(struct ioa_cli *cli, const char *path)
{
	struct ioa_ingest_opts o = { .db_path = cli->db, .isolate = 1, .log = &cli->log };
	struct ioa_ingest_result res;
	struct ioa_err err = { 0 };
	int ret = ioa_ingest_file(&res, &o, path, &err);

	if (ret)
		return ioa_cli_fail(cli, &err, ret);
	printf("%s: trace %lld%s, %llu events, %d threads, %d VMs, %d vCPUs, %d warnings\n", path,
	       (long long)res.trace_id, res.duplicate ? " (already ingested)" : "",
	       (unsigned long long)res.events, res.threads, res.vms, res.vcpus, res.warnings);
	return IOA_EXIT_OK;
}

int ioa_cmd_record(int argc, char **argv)
{
	struct record_args a = { .opts = { .output = "trace.dat", .buffer_kb = 8192 } };
	struct ioa_record_result res;
	struct ioa_err err = { 0 };
	struct ioa_cli cli;
	int opt, stop, ret;

	ioa_cli_init(&cli, "ioaware record");
	while ((opt = getopt_long(argc, argv, "+o:" IOA_COMMON_SHORTOPTS, record_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&cli, opt, record_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		ret = parse_opt(&cli, &a, opt, optarg);
		if (ret)
			return ret;
	}
	a.opts.argv = optind < argc ? argv + optind : NULL;
	a.opts.stop = &record_stop;
	a.opts.log = &cli.log;
	catch_stop_signals();
	ret = ioa_record(&res, &a.opts, &err);
	if (ret)
		return ioa_cli_fail(&cli, &err, ret);
	report(&cli, &res, a.opts.output);
	return a.ingest ? ingest(&cli, a.opts.output) : IOA_EXIT_OK;
}
