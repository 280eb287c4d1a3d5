// SPDX-License-Identifier: GPL-3.0-or-later
/* ioaware ingest: traces into the database, one transaction per file. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"
#include "stage.h"

static const char ingest_help[] =
	"Usage: ioaware ingest [OPTIONS] FILE...\n"
	"       ioaware-ingest [OPTIONS] FILE...\n\n"
	"Read kernel traces into the database: threads, vCPUs, VMs, run segments, KVM exits,\n"
	"block/network/IRQ I/O and per-event-type counts. Each file is one transaction: it lands\n"
	"whole or not at all; a file already ingested (same sha256) is skipped.\n\n"
	"Formats, detected from the content: trace.dat v6/v7 (zstd or zlib sections),\n"
	"raw tracefs text, trace-cmd report text (default, -N, -R, -t), perf script text\n"
	"(usec or --ns), android/systrace text, perf.data (through `perf script`).\n\n"
	"Options:\n"
	"  --format F      override detection: trace.dat, tracefs, report, perf-script,\n"
	"                  android, perf.data\n"
	"  --raw           also store every event in table `event`\n"
	"  --vm NAME=TID,TID...\n"
	"                  these threads are the vCPUs 0,1,... of VM NAME (repeatable)\n"
	"  --no-isolate    read in-process (debugging; a crash in a trace library then\n"
	"                  takes ioaware down)\n"
	"  --read-threads N  threads that decode a trace.dat's per-CPU buffers, each its\n"
	"                  share (default: the online CPUs less 2, 1 to 4; 1: none); the\n"
	"                  database is the same whatever N\n"
	"  --guest GUEST   GUEST is the guest's own trace of the one host FILE, recorded\n"
	"                  without time sync: it is put on the host clock by the pairs of\n"
	"                  \"ioaware-sync N\" markers both traces hold, and guest CPU n is the\n"
	"                  host's vCPU n (ingested after FILE, in a transaction of its own)\n"
	"  --guest-offset NS  host time = guest time + NS, instead of the markers\n"
	"  --guest-vm ID   the host VM that ran the guest (default: the host's only VM)\n" IOA_COMMON_HELP
	"\n"
	"Examples:\n"
	"  ioaware ingest host.dat\n"
	"  ioaware ingest --db lab.db --raw trace.txt perf.data\n"
	"  ioaware ingest --vm plc=4101,4102 --vm hmi=4200 host.dat\n"
	"  ioaware ingest host.dat --guest guest.txt\n\n" IOA_EXIT_HELP;

enum {
	OPT_FORMAT = IOA_OPT__FIRST_CMD,
	OPT_RAW,
	OPT_VM,
	OPT_NO_ISOLATE,
	OPT_GUEST,
	OPT_GUEST_OFFSET,
	OPT_GUEST_VM,
	OPT_READ_THREADS,
};

static const struct option ingest_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "raw", no_argument, NULL, OPT_RAW },
	{ "vm", required_argument, NULL, OPT_VM },
	{ "no-isolate", no_argument, NULL, OPT_NO_ISOLATE },
	{ "read-threads", required_argument, NULL, OPT_READ_THREADS },
	{ "guest", required_argument, NULL, OPT_GUEST },
	{ "guest-offset", required_argument, NULL, OPT_GUEST_OFFSET },
	{ "guest-vm", required_argument, NULL, OPT_GUEST_VM },
	{ NULL, 0, NULL, 0 },
};

struct ingest_args {
	struct ioa_ingest_opts opts;
	struct ioa_vm_override *vms;
	int nr_vms, alloc_vms;
	const char *guest;
	struct ioa_guest_link link;
};

/* a whole number (signed when @neg), else -1 through *ok = 0 */
static long long int_arg(const char *s, int neg, int *ok)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	*ok = !errno && end != s && !*end && (neg || v > 0);
	return v;
}

/* "NAME=TID,TID,..." */
static int parse_vm(struct ioa_vm_override *vm, const char *arg)
{
	const char *eq = strchr(arg, '=');
	const char *p;
	char *end;
	long v;
	int alloc = 0;

	memset(vm, 0, sizeof(*vm));
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(vm->name) || !eq[1])
		return -1;
	memcpy(vm->name, arg, (size_t)(eq - arg));
	for (p = eq + 1; *p; p = *end ? end + 1 : end) {
		v = strtol(p, &end, 10);
		if (end == p || v <= 0 || v > INT_MAX || (*end && *end != ','))
			goto bad;
		IOA_GROW(vm->tids, vm->nr_tids, alloc);
		vm->tids[vm->nr_tids++] = (int)v;
	}
	return 0;
bad:
	free(vm->tids);
	vm->tids = NULL;
	return -1;
}

static void free_args(struct ingest_args *a)
{
	int i;

	for (i = 0; i < a->nr_vms; i++)
		free(a->vms[i].tids);
	free(a->vms);
}

static int cmd_option(struct ioa_cli *cli, struct ingest_args *a, int opt)
{
	int ok;

	switch (opt) {
	case OPT_FORMAT:
		a->opts.format = ioa_format_parse(optarg);
		if (a->opts.format == IOA_FMT_UNKNOWN)
			return ioa_cli_usage(cli, "unknown format '%s'", optarg);
		return 0;
	case OPT_RAW:
		a->opts.raw = 1;
		return 0;
	case OPT_VM:
		IOA_GROW(a->vms, a->nr_vms, a->alloc_vms);
		if (parse_vm(&a->vms[a->nr_vms], optarg))
			return ioa_cli_usage(cli, "--vm wants NAME=TID,TID..., not '%s'", optarg);
		a->nr_vms++;
		return 0;
	case OPT_NO_ISOLATE:
		a->opts.isolate = 0;
		return 0;
	case OPT_GUEST:
		a->guest = optarg;
		return 0;
	case OPT_GUEST_OFFSET:
		a->link.offset_ns = int_arg(optarg, 1, &ok);
		a->link.has_offset = 1;
		return ok ? 0
			  : ioa_cli_usage(cli, "--guest-offset wants nanoseconds, not '%s'",
					  optarg);
	case OPT_GUEST_VM:
		a->link.vm_id = int_arg(optarg, 0, &ok);
		return ok ? 0 : ioa_cli_usage(cli, "--guest-vm wants a VM id, not '%s'", optarg);
	case OPT_READ_THREADS:
		a->opts.read_threads = (int)int_arg(optarg, 0, &ok);
		return ok && a->opts.read_threads <= 64
			       ? 0
			       : ioa_cli_usage(cli, "--read-threads wants 1 to 64, not '%s'",
					       optarg);
	}
	return ioa_cli_usage(cli, "unexpected option");
}

static void report(const struct ioa_log *log, const char *path, const struct ioa_ingest_result *r)
{
	if (r->duplicate) {
		ioa_log(log, IOA_LOG_WARN,
			"%s: already ingested as trace %lld (same sha256); nothing changed\n", path,
			(long long)r->trace_id);
		return;
	}
	ioa_log(log, IOA_LOG_WARN,
		"%s: trace %lld (%s): %llu events, %llu segments, %d threads, %d VMs, %d vCPUs, "
		"%llu exits, %llu I/O, %llu lost, %d warnings, %.2f s\n",
		path, (long long)r->trace_id, r->format, (unsigned long long)r->events,
		(unsigned long long)r->segments, r->threads, r->vms, r->vcpus,
		(unsigned long long)r->exits, (unsigned long long)r->ios,
		(unsigned long long)r->lost, r->warnings, r->seconds);
	ioa_log(log, IOA_LOG_INFO, "%s: decoded by %d thread%s\n", path, r->read_threads,
		r->read_threads == 1 ? "" : "s");
}

int ioa_stage_ingest(const struct ioa_ingest_stage_opts *o, int64_t *trace_ids,
		     struct ioa_err *errs, struct ioa_err *err)
{
	int n = o->npaths, i, first = 0;
	struct ioa_ingest_result *res = ioa_xcalloc((size_t)n + 1, sizeof(*res));
	struct ioa_err *e = ioa_xcalloc((size_t)n + 1, sizeof(*e));
	int *rets = ioa_xcalloc((size_t)n + 1, sizeof(*rets));
	struct ioa_ingest_opts io = { .isolate = 1 };

	if (o->ingest)
		io = *o->ingest;
	io.db_path = o->c.db;
	io.log = o->c.log;
	ioa_ingest_files(res, e, rets, &io, o->paths, n);
	for (i = 0; i < n; i++) {
		trace_ids[i] = rets[i] ? 0 : res[i].trace_id;
		if (errs)
			errs[i] = e[i];
		if (!rets[i])
			report(o->c.log, o->paths[i], &res[i]);
		else if (!first++)
			*err = e[i];
	}
	for (i = 0; i < n && !rets[i]; i++)
		;
	i = i < n ? rets[i] : 0;
	free(res);
	free(e);
	free(rets);
	return i;
}

/* every file is reported, the exit code is the first failure's */
static int ingest_all(const struct ioa_cli *cli, const struct ioa_ingest_opts *opts,
		      const char *const *paths, int n)
{
	struct ioa_ingest_stage_opts o = {
		.c = { cli->db, &cli->log, stdout, 0 },
		.ingest = opts,
		.paths = paths,
		.npaths = n,
	};
	struct ioa_err *errs = ioa_xcalloc((size_t)n, sizeof(*errs));
	int64_t *ids = ioa_xcalloc((size_t)n, sizeof(*ids));
	struct ioa_err err = { 0 };
	int i, status = IOA_EXIT_OK, code;

	ioa_stage_ingest(&o, ids, errs, &err);
	for (i = 0; i < n; i++) {
		if (ids[i])
			continue;
		code = ioa_cli_fail(cli, &errs[i], errs[i].code ? errs[i].code : IOA_EINTERNAL);
		status = status ? status : code;
	}
	free(errs);
	free(ids);
	return status;
}

/* the guest file, after its host file went in */
static int ingest_guest(const struct ioa_cli *cli, struct ingest_args *a, const char *host)
{
	struct ioa_ingest_result hres, res;
	struct ioa_err err = { 0 };
	int ret;

	memset(&hres, 0, sizeof(hres));
	ret = ioa_ingest_file(&hres, &a->opts, host, &err);
	if (ret)
		return ioa_cli_fail(cli, &err, ret);
	report(&cli->log, host, &hres);
	a->link.host_trace_id = hres.trace_id;
	a->link.host_path = host;
	a->opts.guest = &a->link;
	memset(&res, 0, sizeof(res));
	ret = ioa_ingest_guest(&res, &a->opts, a->guest, &err);
	if (ret)
		return ioa_cli_fail(cli, &err, ret);
	report(&cli->log, a->guest, &res);
	if (!res.duplicate && res.sync_pairs)
		ioa_log(&cli->log, IOA_LOG_WARN,
			"%s: guest of trace %lld, offset %lld ns from %d marker pairs (spread %lld "
			"ns)%s\n",
			a->guest, (long long)hres.trace_id, (long long)res.offset_ns,
			res.sync_pairs, (long long)res.spread_ns, res.refined ? "," : "");
	if (!res.duplicate && res.refined)
		ioa_log(&cli->log, IOA_LOG_WARN,
			"  refined by %lld ns: %.1f %% of the guest's events inside its vCPUs' host "
			"runs (%.1f %% at the markers' offset)\n",
			(long long)res.refine_ns, res.inside_pct, res.marker_inside_pct);
	return IOA_EXIT_OK;
}

int ioa_cmd_ingest(int argc, char **argv)
{
	struct ingest_args a;
	struct ioa_cli cli;
	int opt, stop, status;

	memset(&a, 0, sizeof(a));
	a.opts.isolate = 1;
	ioa_cli_init(&cli, "ioaware ingest");
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, ingest_longopts, NULL)) != -1) {
		if (ioa_cli_common(&cli, opt, ingest_help, &stop)) {
			if (stop >= 0)
				goto out_status;
			continue;
		}
		stop = cmd_option(&cli, &a, opt);
		if (stop)
			goto out_status;
	}
	if (optind >= argc) {
		stop = ioa_cli_usage(&cli, "no trace file given");
		goto out_status;
	}
	a.opts.db_path = cli.db;
	a.opts.vms = a.vms;
	a.opts.nr_vms = a.nr_vms;
	a.opts.log = &cli.log;
	if (a.guest && argc - optind != 1) {
		stop = ioa_cli_usage(&cli, "--guest wants exactly one host FILE");
		goto out_status;
	}
	if (a.guest)
		status = ingest_guest(&cli, &a, argv[optind]);
	else
		status = ingest_all(&cli, &a.opts, (const char *const *)argv + optind,
				    argc - optind);
	free_args(&a);
	return status;
out_status:
	free_args(&a);
	return stop;
}
