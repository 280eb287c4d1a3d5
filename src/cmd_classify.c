// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware classify: label every vCPU segment of the database's traces with an I/O category
 * (analyzer/classify.c), store the labels (replacing the trace's earlier ones, in one
 * transaction per trace) and print a per-VM summary.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "classify_guest.h"
#include "cli.h"
#include "db.h"
#include "db_classify.h"
#include "devices.h"
#include "devlearn.h"
#include "devmap.h"
#include "stage.h"

static const char classify_help[] =
	"Usage: ioaware classify [OPTIONS]\n\n"
	"Gives every vCPU run segment an I/O category (RAM, ETHERNET, BUS, GPU, STORAGE, CACHE,\n"
	"OVERHEAD or COMPUTE), a utilisation % of that component, a confidence and its evidence,\n"
	"and prints time per category for each VM. OVERHEAD (local APIC, timers, interrupt\n"
	"windows, CPUID/CR/MSR exits) is shown but is no component: it never constrains a\n"
	"schedule. Each segment keeps two labels: its own (from the\n"
	"exits and the VM's host I/O inside it, the guest's own I/O on that vCPU when a guest\n"
	"trace was ingested with the host's, or the wake-up that started it) and the label in\n"
	"context, which is vcpu_segments.category: the label of the phase of its vCPU's timeline\n"
	"it falls in (a Viterbi pass over the segments' evidence with a cost per phase change).\n"
	"Re-running replaces a trace's labels.\n\n"
	"Options:\n"
	"  --trace ID          only this trace (default: every trace)\n"
	"  --device-map FILE   device map: IRQ / block / net names, ports, MMIO windows ->\n"
	"                      category, and capacities (format in README.md)\n"
	"  --context phase|own  label in context: the phase's, or the own label (default phase)\n"
	"  --phase-rate N      an I/O phase needs >= N evidence events per second (default 25)\n"
	"  --phase-cost N      cost of a phase change, in evidence events (default 6)\n"
	"  --phase-switch N    a change of I/O category costs N x the phase cost (>= 2,\n"
	"                      default 2)\n"
	"  --phase-min-ms N    a phase lasts at least N ms unless it begins or ends the\n"
	"                      timeline (default 100)\n"
	"  --kick-weight N     evidence events of a segment whose wake-up chain issued I/O\n"
	"                      (default 4; its own label counts 1)\n"
	"  --min-share PCT     own label when the top evidence is >= PCT % of the busy time\n"
	"                      (default 5)\n"
	"  --min-ns N          ... or >= N ns (default 10000)\n"
	"  --exit-ns N         evidence of an exit without a duration, ns (default 5000)\n"
	"  --io-ns N           evidence of one packet, ns (default 10000)\n"
	"  --guest-ns N        evidence of one guest event (a guest trace ingested with the\n"
	"                      host's: block issue, packet, device IRQ on that vCPU), ns\n"
	"                      (default 10000; 0 ignores guest traces)\n"
	"  --wake-us N         a waker's I/O this recent explains a wake-up, µs (default 1000)\n"

	"  --helper-wakes N    helper thread: >= N wake-ups each way with the VM's vCPUs\n"
	"                      (default 3)\n"
	"  --helper-frac PCT   ... and each way >= PCT % of the VM's vCPU segments (default 1)\n"
	"  --helper-share PCT  ... and >= PCT % of all its wake-ups came from the VM (default 33)\n"
	"  --helper-depth N    levels: 1 threads linked to vCPUs, 2 also to those, ... (1-8,\n"
	"                      default 3)\n"
	"  --no-guest-tasks    ignore the guest's tasks: no profiles, host labels only\n"
	"  --task-share PCT    a guest task has an I/O category when its I/O time is >= PCT %\n"
	"                      of its run time (default 1), else COMPUTE\n"
	"  --rq-weight W       weight of a guest task's run-queue wait in the next segment's\n"
	"                      label, against its running time (default 0.1; 0 = off)\n"
	"  --learn-devmap FILE  write what was learnt about the VMs' unknown port / MMIO\n"
	"                      devices as a device map for review (every run also stores\n"
	"                      the accesses: `ioaware show devices`)\n"
	"  --learn-us N        an access is followed by I/O within N µs (default 1000)\n"
	"  --json              the summary as JSON\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware classify --db lab.db\n"
	"  ioaware classify --db lab.db --trace 2 --phase-cost 8 --device-map site.map\n"
	"  ioaware classify --db vm.db --guest-ns 20000   # host+guest ingested together\n"
	"  ioaware classify --json | jq '.traces[0].vms[0].categories'\n\n" IOA_EXIT_HELP;

enum {
	OPT_TRACE = IOA_OPT__FIRST_CMD,
	OPT_MAP,
	OPT_PHASE_RATE,
	OPT_MIN_SHARE,
	OPT_MIN_NS,
	OPT_EXIT_NS,
	OPT_IO_NS,
	OPT_WAKE_US,
	OPT_PHASE_COST,
	OPT_HELPER_WAKES,
	OPT_HELPER_SHARE,
	OPT_HELPER_FRAC,
	OPT_HELPER_DEPTH,
	OPT_JSON,
	OPT_CONTEXT,
	OPT_GUEST_NS,
	OPT_TASK_SHARE,
	OPT_RQ_WEIGHT,
	OPT_NO_GUEST_TASKS,
	OPT_LEARN_MAP,
	OPT_LEARN_US,
	OPT_KICK_WEIGHT,
	OPT_PHASE_MIN,
	OPT_PHASE_SWITCH,
};

static const struct option classify_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "device-map", required_argument, NULL, OPT_MAP },
	{ "phase-rate", required_argument, NULL, OPT_PHASE_RATE },
	{ "min-share", required_argument, NULL, OPT_MIN_SHARE },
	{ "min-ns", required_argument, NULL, OPT_MIN_NS },
	{ "exit-ns", required_argument, NULL, OPT_EXIT_NS },
	{ "io-ns", required_argument, NULL, OPT_IO_NS },
	{ "wake-us", required_argument, NULL, OPT_WAKE_US },
	{ "phase-cost", required_argument, NULL, OPT_PHASE_COST },
	{ "helper-wakes", required_argument, NULL, OPT_HELPER_WAKES },
	{ "helper-share", required_argument, NULL, OPT_HELPER_SHARE },
	{ "helper-frac", required_argument, NULL, OPT_HELPER_FRAC },
	{ "helper-depth", required_argument, NULL, OPT_HELPER_DEPTH },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "context", required_argument, NULL, OPT_CONTEXT },
	{ "guest-ns", required_argument, NULL, OPT_GUEST_NS },
	{ "task-share", required_argument, NULL, OPT_TASK_SHARE },
	{ "rq-weight", required_argument, NULL, OPT_RQ_WEIGHT },
	{ "no-guest-tasks", no_argument, NULL, OPT_NO_GUEST_TASKS },
	{ "learn-devmap", required_argument, NULL, OPT_LEARN_MAP },
	{ "learn-us", required_argument, NULL, OPT_LEARN_US },
	{ "kick-weight", required_argument, NULL, OPT_KICK_WEIGHT },
	{ "phase-min-ms", required_argument, NULL, OPT_PHASE_MIN },
	{ "phase-switch", required_argument, NULL, OPT_PHASE_SWITCH },
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct ioa_cli cli;
	FILE *out; /* the summary, NULL: none */
	struct ioa_db *db;
	struct ioa_err err;
	struct ioa_cls_params p;
	struct ioa_devmap map;
	const char *map_file;
	const char *learn_file; /* --learn-devmap, NULL none */
	FILE *learn_out;
	struct ioa_learn_params lp;
	struct ioa_learn *learn; /* the trace being classified */
	int64_t trace_id;
	int json;
	int ntraces;
	int64_t (*ids)[2]; /* trace id, host trace id (0) of the traces to classify */
	size_t nids, aids;
	struct ioa_cls *c; /* the trace being classified */
	struct ioa_gt_params gp;
	int no_guest_tasks;
	struct ioa_gview *gv; /* its guests' tasks, NULL none */
	struct {
		int64_t vm;
		uint64_t ns[IOA_CAT_NR];
		double util_ns[IOA_CAT_NR];
	} relabel[16]; /* busy time per category after the guest's view, per VM */
	int nrelabel;
};

/* a non-negative number (fractions allowed); -1 when malformed */
static double num_arg(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	return errno || end == s || *end || v < 0 ? -1 : v;
}

static int set_param(struct run *r, int opt, double v)
{
	struct ioa_cls_params *p = &r->p;

	switch (opt) {
	case OPT_TRACE:
		r->trace_id = (int64_t)v;
		break;
	case OPT_PHASE_RATE:
		if (v <= 0)
			return -1;
		p->phase_rate = v;
		break;
	case OPT_KICK_WEIGHT:
		p->kick_weight = v;
		break;
	case OPT_MIN_SHARE:
		p->min_share = v / 100;
		break;
	case OPT_MIN_NS:
		p->min_ns = (uint64_t)v;
		break;
	case OPT_EXIT_NS:
		p->exit_ns = (uint64_t)v;
		break;
	case OPT_IO_NS:
		p->io_ns = (uint64_t)v ? (uint64_t)v : 1;
		break;
	case OPT_GUEST_NS:
		p->guest_ns = (uint64_t)v;
		break;
	case OPT_LEARN_US:
		r->lp.window_ns = (uint64_t)(v * 1e3);
		break;
	case OPT_WAKE_US:
		p->wake_ns = (uint64_t)(v * 1e3);
		break;
	case OPT_PHASE_COST:
		p->phase_cost = v;
		break;
	case OPT_PHASE_SWITCH:
		if (v < 2) /* no cheaper than a pause between the two */
			return -1;
		p->phase_switch = v;
		break;
	case OPT_PHASE_MIN:
		p->phase_min_ns = (uint64_t)(v * 1e6);
		break;
	case OPT_HELPER_WAKES:
		p->helper_wakes = (int)v;
		break;
	case OPT_HELPER_FRAC:
		p->helper_frac = v / 100;
		break;
	case OPT_HELPER_SHARE:
		p->helper_share = v / 100;
		break;
	case OPT_TASK_SHARE:
		r->gp.min_share = v / 100;
		break;
	case OPT_RQ_WEIGHT:
		r->gp.rq_weight = v;
		break;
	case OPT_HELPER_DEPTH:
		if (v < 1 || v > 8)
			return -1;
		p->helper_depth = (int)v;
		break;
	default:
		return -1;
	}
	return 0;
}

static int parse_args(struct run *r, int argc, char **argv, int *exit_now)
{
	int opt;
	double v;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, classify_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&r->cli, opt, classify_help, exit_now)) {
			if (*exit_now >= 0)
				return 1;
			continue;
		}
		if (opt == OPT_JSON) {
			r->json = 1;
		} else if (opt == OPT_NO_GUEST_TASKS) {
			r->no_guest_tasks = 1;
		} else if (opt == OPT_MAP) {
			r->map_file = optarg;
		} else if (opt == OPT_LEARN_MAP) {
			r->learn_file = optarg;
		} else if (opt == OPT_CONTEXT) {
			if (strcmp(optarg, "phase") && strcmp(optarg, "own")) {
				*exit_now = ioa_cli_usage(&r->cli, "--context: phase or own");
				return 1;
			}
			r->p.context = !strcmp(optarg, "phase");
		} else if ((v = num_arg(optarg)) < 0 || set_param(r, opt, v)) {
			/* the long options after the 4 common ones are in enum order */
			*exit_now = ioa_cli_usage(&r->cli, "bad value '%s' for --%s", optarg,
						  classify_longopts[opt - OPT_TRACE + 4].name);
			return 1;
		}
	}
	if (optind < argc) {
		*exit_now = ioa_cli_usage(&r->cli, "unexpected argument '%s'", argv[optind]);
		return 1;
	}
	return 0;
}

static int on_thread(void *priv, const struct ioa_cls_thread *t)
{
	ioa_cls_add_thread(priv, t);
	return 0;
}

static int on_seg(void *priv, const struct ioa_cls_seg *s)
{
	ioa_cls_add_segment(priv, s);
	return 0;
}

static int on_kexit(void *priv, const struct ioa_cls_exit *e)
{
	ioa_cls_add_exit(priv, e);
	return 0;
}

static int on_io(void *priv, const struct ioa_cls_io *io)
{
	ioa_cls_add_io(priv, io);
	return 0;
}

static int on_guest(void *priv, const struct ioa_cls_guest_io *g)
{
	ioa_cls_add_guest(priv, g);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* read the trace through the classifier: bounded by its vCPU segments, exits and I/O stream */
static int compute(struct run *r, int64_t id, int64_t host)
{
	struct ioa_cls *c = r->c;
	double t0 = now_s();
	int ret;

	ret = ioa_db_cls_threads_foreach(r->db, id, on_thread, c, &r->err);
	if (!ret)
		ret = ioa_db_cls_segments_foreach(r->db, id, on_seg, c, &r->err);
	if (ret)
		return ret;
	ioa_log(&r->cli.log, IOA_LOG_DEBUG, "threads and segments read in %.2f s\n", now_s() - t0);
	ioa_cls_prepare(c);
	ret = ioa_db_cls_exits_foreach(r->db, id, on_kexit, c, &r->err);
	if (!ret)
		ret = ioa_db_cls_io_foreach(r->db, id, on_io, c, &r->err);
	if (!ret && r->p.guest_ns)
		ret = ioa_db_cls_guest_io_foreach(r->db, id, on_guest, c, &r->err);
	if (!ret)
		ioa_cls_finish(c);
	r->gp.io_ns = r->p.io_ns;
	if (!ret && !r->no_guest_tasks)
		ret = ioa_gview_load(&r->gv, r->db, id, host != 0, &r->gp, &r->map, &r->err);
	return ret;
}

static void relabel_add(struct run *r, const struct ioa_cls_result *res)
{
	int i;

	for (i = 0; i < r->nrelabel && r->relabel[i].vm != res->vm_id; i++)
		;
	if (i == (int)IOA_ARRAY_SIZE(r->relabel))
		return;
	if (i == r->nrelabel) {
		memset(&r->relabel[i], 0, sizeof(r->relabel[i]));
		r->relabel[r->nrelabel++].vm = res->vm_id;
	}
	if (res->cat >= 0 && res->cat < IOA_CAT_NR) {
		r->relabel[i].ns[res->cat] += res->busy_ns;
		r->relabel[i].util_ns[res->cat] += res->util_pct * (double)res->busy_ns;
	}
}

/* the per-VM summary after the guest's view relabelled segments */
static void relabel_summary(const struct run *r, struct ioa_cls_vm_sum *s, size_t n)
{
	size_t i;
	int j;

	for (i = 0; i < n && r->gv; i++)
		for (j = 0; j < r->nrelabel; j++)
			if (r->relabel[j].vm == s[i].vm_id) {
				memcpy(s[i].ctx_ns, r->relabel[j].ns, sizeof(s[i].ctx_ns));
				memcpy(s[i].util_ns, r->relabel[j].util_ns, sizeof(s[i].util_ns));
			}
}

/* {"a": 1} -> {"a": 1, "device_map": "FILE"}, the name JSON-escaped */
static void add_map_name(char *params, size_t size, const char *file)
{
	size_t len = strlen(params) - 1; /* drop the closing brace */

	len += (size_t)snprintf(params + len, size - len, ", \"device_map\": \"");
	for (; *file && len + 4 < size; file++) {
		if (*file == '"' || *file == '\\')
			params[len++] = '\\';
		params[len++] = (unsigned char)*file < 0x20 ? '?' : *file;
	}
	snprintf(params + len, size - len, "\"}");
}

/* the guest view's parameters at the end of the classify_run JSON */
static void add_guest_params(char *params, size_t size, const struct run *r)
{
	size_t len = strlen(params) - 1; /* drop the closing brace */

	snprintf(params + len, size - len,
		 ", \"guest_tasks\": %s, \"task_share_pct\": %.2f, \"rq_weight\": %.3f}",
		 r->no_guest_tasks ? "false" : "true", r->gp.min_share * 100, r->gp.rq_weight);
}

/* the labels stored by one statement run, and the evidence text they point to */
struct cls_batch {
	struct ioa_cls_out o[IOA_DB_BULK_ROWS];
	char ev[IOA_DB_BULK_ROWS][1024];
	char own_ev[IOA_DB_BULK_ROWS][512];
};

/* segment @i's labels into row @j of @b */
static void batch_row(struct run *r, size_t i, struct cls_batch *b, int j)
{
	struct ioa_cls_result res;

	ioa_cls_result(r->c, i, &res);
	ioa_cls_evidence(b->ev[j], sizeof(b->ev[j]), r->c, i, 0);
	ioa_cls_evidence(b->own_ev[j], sizeof(b->own_ev[j]), r->c, i, 1);
	if (r->gv) {
		ioa_gview_label(r->gv, &res, b->ev[j], sizeof(b->ev[j]));
		relabel_add(r, &res);
	}
	b->o[j] = (struct ioa_cls_out){
		.segment_id = res.segment_id,
		.category = ioa_cat_name(res.cat),
		.util_pct = res.util_pct,
		.confidence = res.confidence,
		.evidence = b->ev[j],
		.own_category = ioa_cat_name(res.own),
		.own_util_pct = res.own_util_pct,
		.own_confidence = res.own_confidence,
		.own_evidence = b->own_ev[j],
	};
}

static int store_labels(struct run *r, size_t n)
{
	struct cls_batch *b = ioa_xmalloc(sizeof(*b));
	size_t i = 0;
	int j, ret = 0;

	while (i < n && !ret) {
		for (j = 0; j < IOA_DB_BULK_ROWS && i < n; j++, i++)
			batch_row(r, i, b, j);
		ret = ioa_db_cls_insert(r->db, b->o, (size_t)j, &r->err);
	}
	free(b);
	return ret;
}

static int store(struct run *r, int64_t id, double secs)
{
	char params[1024];
	size_t n = ioa_cls_count(r->c);
	int ret = ioa_db_cls_clear(r->db, id, &r->err);

	if (!ret)
		ret = store_labels(r, n);
	if (!ret)
		ret = ioa_devices_store(r->db, id, r->learn, &r->err);
	if (ret)
		return ret;
	ioa_cls_params_json(params, sizeof(params) - 300, &r->p);
	if (r->map_file)
		add_map_name(params, sizeof(params), r->map_file);
	add_guest_params(params, sizeof(params), r);
	return ioa_db_cls_run_insert(r->db, id, params, secs, (int64_t)n, &r->err);
}

/* -v: which threads were taken as the VM's helpers (the wake-up graph's verdict) */
static void log_helpers(struct run *r, int64_t vm)
{
	int tids[16], n = ioa_cls_helpers(r->c, vm, tids, 16), i;
	char buf[256] = "";
	size_t len = 0;

	for (i = 0; i < n && i < 16 && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, " %d", tids[i]);
	if (n)
		ioa_log(&r->cli.log, IOA_LOG_DEBUG, "vm %" PRId64 " helper tids:%s%s\n", vm, buf,
			n > 16 ? " ..." : "");
}

static void print_text(struct run *r, int64_t id, double secs)
{
	struct ioa_cls_vm_sum *s;
	size_t n, i;
	int k;

	ioa_cls_summary(r->c, &s, &n);
	relabel_summary(r, s, n);
	fprintf(r->out, "trace %" PRId64 ": %zu vCPU segments classified in %.2f s (context %s)\n",
		id, ioa_cls_count(r->c), secs, r->p.context ? "phase" : "own");
	if (r->gv)
		fprintf(r->out,
			"  guest tasks: %zu profiled (ioaware show tasks); segments labelled by "
			"the tasks that ran\n",
			ioa_gview_tasks(r->gv));
	for (i = 0; i < n; i++) {
		double busy = s[i].busy_ns ? (double)s[i].busy_ns : 1;

		fprintf(r->out,
			"  vm %" PRId64 ": %d vCPUs, %d helper threads, %" PRId64
			" segments, busy %.3f ms, in OVERHEAD exits %.3f ms\n",
			s[i].vm_id, s[i].vcpus, s[i].helpers, s[i].segments,
			(double)s[i].busy_ns / 1e6, (double)s[i].overhead_ns / 1e6);
		log_helpers(r, s[i].vm_id);
		fprintf(r->out, "    %-10s %12s %7s %8s %12s %7s\n", "category", "ms", "share",
			"util %", "own ms", "own %");
		for (k = 0; k < IOA_CAT_NR; k++) {
			if (!s[i].ctx_ns[k] && !s[i].own_ns[k])
				continue;
			fprintf(r->out, "    %-10s %12.3f %6.1f%% %8.2f %12.3f %6.1f%%\n",
				ioa_cat_name(k), (double)s[i].ctx_ns[k] / 1e6,
				100 * (double)s[i].ctx_ns[k] / busy,
				s[i].ctx_ns[k] ? s[i].util_ns[k] / (double)s[i].ctx_ns[k] : 0,
				(double)s[i].own_ns[k] / 1e6, 100 * (double)s[i].own_ns[k] / busy);
		}
	}
	free(s);
}

static void print_json_vm(FILE *out, const struct ioa_cls_vm_sum *s)
{
	double busy = s->busy_ns ? (double)s->busy_ns : 1;
	int k, first = 1;

	fprintf(out,
		"{\"vm_id\": %" PRId64 ", \"vcpus\": %d, \"helpers\": %d, \"segments\": %" PRId64
		", \"busy_ns\": %" PRIu64 ", \"overhead_exit_ns\": %" PRIu64 ", \"categories\": {",
		s->vm_id, s->vcpus, s->helpers, s->segments, s->busy_ns, s->overhead_ns);
	for (k = 0; k < IOA_CAT_NR; k++) {
		if (!s->ctx_ns[k] && !s->own_ns[k])
			continue;
		fprintf(out,
			"%s\"%s\": {\"ns\": %" PRIu64 ", \"share_pct\": %.2f, \"util_pct\": %.3f, "
			"\"own_ns\": %" PRIu64 ", \"own_share_pct\": %.2f}",
			first ? "" : ", ", ioa_cat_name(k), s->ctx_ns[k],
			100 * (double)s->ctx_ns[k] / busy,
			s->ctx_ns[k] ? s->util_ns[k] / (double)s->ctx_ns[k] : 0, s->own_ns[k],
			100 * (double)s->own_ns[k] / busy);
		first = 0;
	}
	fprintf(out, "}}");
}

static void print_json(struct run *r, int64_t id, int64_t host, double secs)
{
	struct ioa_cls_vm_sum *s;
	size_t n, i;

	ioa_cls_summary(r->c, &s, &n);
	relabel_summary(r, s, n);
	fprintf(r->out, "%s{\"trace_id\": %" PRId64 ", \"guest_of\": ", r->ntraces ? ",\n" : "",
		id);
	if (host)
		fprintf(r->out, "%" PRId64, host);
	else
		fprintf(r->out, "null");
	fprintf(r->out, ", \"segments\": %zu, \"seconds\": %.3f, \"context\": \"%s\", \"vms\": [",
		ioa_cls_count(r->c), secs, r->p.context ? "phase" : "own");
	for (i = 0; i < n; i++) {
		if (i)
			fprintf(r->out, ", ");
		print_json_vm(r->out, &s[i]);
	}
	fprintf(r->out, "]}");
	free(s);
}

/* one trace: read and classify inside the write transaction, replace its rows, commit */
static int classify_trace(struct run *r, int64_t id, int64_t host)
{
	double t0 = now_s(), secs;
	int ret;

	r->c = ioa_cls_new(&r->p, &r->map);
	r->learn = ioa_learn_new(&r->lp);
	ioa_cls_set_learn(r->c, r->learn);
	ret = ioa_db_begin(r->db, &r->err);
	if (!ret)
		ret = compute(r, id, host);
	if (!ret)
		ioa_learn_finish(r->learn);
	secs = now_s() - t0;
	ioa_log(&r->cli.log, IOA_LOG_DEBUG, "trace %" PRId64 ": read and classified in %.2f s\n",
		id, secs);
	if (!ret)
		ret = store(r, id, secs);
	if (!ret)
		ret = ioa_db_commit(r->db, &r->err);
	ioa_log(&r->cli.log, IOA_LOG_DEBUG, "trace %" PRId64 ": stored in %.2f s\n", id,
		now_s() - t0 - secs);
	if (ret) {
		ioa_db_rollback(r->db);
	} else {
		secs = now_s() - t0;
		if (r->json && r->out)
			print_json(r, id, host, secs);
		else if (r->out)
			print_text(r, id, secs);
		if (r->learn_out)
			ioa_devices_map_write(r->learn_out, id, r->learn, &r->lp);
		r->ntraces++;
	}
	ioa_cls_free(r->c);
	r->c = NULL;
	ioa_gview_free(r->gv);
	r->gv = NULL;
	r->nrelabel = 0;
	ioa_learn_free(r->learn);
	r->learn = NULL;
	return ret;
}

static int on_trace(void *priv, int64_t id, int64_t host)
{
	struct run *r = priv;

	IOA_GROW(r->ids, r->nids, r->aids);
	r->ids[r->nids][0] = id;
	r->ids[r->nids++][1] = host;
	return 0;
}

/* the trace list is read first: no statement stays open across the write transactions */
static int classify_all(struct run *r)
{
	size_t i;
	int ret = ioa_db_cls_traces(r->db, r->trace_id, on_trace, r, &r->err);

	if (!ret && r->json && r->out)
		fprintf(r->out, "{\"traces\": [");
	for (i = 0; i < r->nids && !ret; i++)
		ret = classify_trace(r, r->ids[i][0], r->ids[i][1]);
	if (r->json && r->out)
		fprintf(r->out, "]}\n");
	free(r->ids);
	return ret;
}

static int classify_run(struct run *r)
{
	int ret;

	ioa_devmap_init(&r->map);
	ret = r->map_file ? ioa_devmap_load(&r->map, r->map_file, &r->err) : 0;
	if (!ret)
		ret = ioa_db_open(&r->db, r->cli.db, IOA_DB_UPDATE, NULL, &r->err);
	if (!ret && r->learn_file && !(r->learn_out = fopen(r->learn_file, "w")))
		ret = ioa_error(&r->err, IOA_EIO, "%s: %s", r->learn_file, strerror(errno));
	if (r->learn_out)
		ioa_devices_map_header(r->learn_out, r->cli.db, &r->lp);
	if (!ret)
		ret = ioa_db_cls_tune(r->db, &r->err);
	if (!ret)
		ret = classify_all(r);
	if (!ret && !r->ntraces && r->trace_id)
		ret = ioa_error(&r->err, IOA_EINPUT, "%s: no trace %" PRId64, r->cli.db,
				r->trace_id);
	else if (!ret && !r->ntraces && !r->json && r->out)
		fprintf(r->out, "no traces in %s\n", r->cli.db);
	ioa_db_close(r->db);
	ioa_devmap_release(&r->map);
	if (r->learn_out && fclose(r->learn_out) && !ret)
		ret = ioa_error(&r->err, IOA_EIO, "%s: %s", r->learn_file, strerror(errno));
	return ret;
}

int ioa_stage_classify(const struct ioa_classify_stage_opts *o, struct ioa_err *err)
{
	struct run *r = ioa_xcalloc(1, sizeof(*r));
	int ret;

	ioa_cli_init(&r->cli, "ioaware classify");
	r->cli.db = o->c.db;
	if (o->c.log)
		r->cli.log = *o->c.log;
	r->out = o->c.out;
	r->json = o->c.json;
	r->trace_id = o->trace_id;
	r->map_file = o->device_map;
	r->learn_file = o->learn_devmap;
	if (o->learn)
		r->lp = *o->learn;
	else
		ioa_learn_params_default(&r->lp);
	if (o->params)
		r->p = *o->params;
	else
		ioa_cls_params_default(&r->p);
	if (o->guest)
		r->gp = *o->guest;
	else
		ioa_gt_params_default(&r->gp);
	r->no_guest_tasks = o->no_guest_tasks;
	ret = classify_run(r);
	if (ret)
		*err = r->err;
	free(r);
	return ret;
}

int ioa_cmd_classify(int argc, char **argv)
{
	struct ioa_classify_stage_opts o;
	struct ioa_err err = { 0 };
	struct run r;
	int stop, ret;

	memset(&r, 0, sizeof(r));
	ioa_cli_init(&r.cli, "ioaware classify");
	ioa_cls_params_default(&r.p);
	ioa_gt_params_default(&r.gp);
	ioa_learn_params_default(&r.lp);
	if (parse_args(&r, argc, argv, &stop))
		return stop;
	o = (struct ioa_classify_stage_opts){
		.c = { r.cli.db, &r.cli.log, stdout, r.json },
		.trace_id = r.trace_id,
		.params = &r.p,
		.device_map = r.map_file,
		.guest = &r.gp,
		.no_guest_tasks = r.no_guest_tasks,
		.learn_devmap = r.learn_file,
		.learn = &r.lp,
	};
	ret = ioa_stage_classify(&o, &err);
	return ret ? ioa_cli_fail(&r.cli, &err, ret) : IOA_EXIT_OK;
}
