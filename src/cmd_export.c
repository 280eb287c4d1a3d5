// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware export: a scenario's schedules for trace viewers. --chrome-json writes the Chrome
 * trace-event format (JSON object form) that Perfetto UI and chrome://tracing open: one process
 * per schedule kind, one thread per pCPU, a complete event ("ph": "X", µs) per placement and a
 * counter ("ph": "C") per component with its simulated utilisation.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "db.h"
#include "db_export.h"

static const char export_help[] =
	"Usage: ioaware export --chrome-json FILE.json [--scenario ID | --trace ID] [OPTIONS]\n\n"
	"Writes the schedules of one scenario (as-traced, baseline, online, heuristic, optimized)\n"
	"as Chrome trace-event JSON, which Perfetto UI (ui.perfetto.dev) and chrome://tracing\n"
	"open: one process per schedule, one thread per pCPU, one slice per placement named\n"
	"\"VM/vCPU N CATEGORY\" (args: util_pct, wait_us, segment_id, task_id), and one counter\n"
	"per component with its simulated utilisation %. Times are µs from the scenario's first\n"
	"placement. Without a selector: the newest scenario that has schedules (it says which).\n\n"
	"Options:\n"
	"  --chrome-json FILE  the JSON file to write (replaced whole, or not at all)\n"
	"  --scenario ID       this scenario\n"
	"  --trace ID          the newest scenario built from this trace\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware run traces/qemu-tcg-a.dat -o report.pdf\n"
	"  ioaware export --db report.db --chrome-json schedules.json\n\n" IOA_EXIT_HELP;

enum {
	OPT_CHROME = IOA_OPT__FIRST_CMD,
	OPT_SCENARIO,
	OPT_TRACE,
};

static const struct option export_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "chrome-json", required_argument, NULL, OPT_CHROME },
	{ "scenario", required_argument, NULL, OPT_SCENARIO },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ NULL, 0, NULL, 0 },
};

#define MAX_SCHEDULES 32

struct exp {
	FILE *out;
	int64_t t0;		      /* first placement start: time 0 of the file */
	int64_t sched[MAX_SCHEDULES]; /* schedule id of process i + 1 */
	int nsched;
	int64_t last_sched;
	int last_pcpu;
	long events;
};

static int min_start(void *priv, const struct ioa_export_slice *s)
{
	struct exp *e = priv;

	if (e->t0 < 0 || s->start_ns < e->t0)
		e->t0 = s->start_ns;
	return 0;
}

static double us(const struct exp *e, int64_t ns)
{
	return (double)(ns - e->t0) / 1e3;
}

static void sep(struct exp *e)
{
	fputs(e->events++ ? ",\n" : "\n", e->out);
}

/* the process of a schedule, announced (name, order) the first time it is seen */
static int pid_of(struct exp *e, int64_t schedule_id, const char *kind)
{
	int i;

	for (i = 0; i < e->nsched; i++)
		if (e->sched[i] == schedule_id)
			return i + 1;
	if (e->nsched == MAX_SCHEDULES)
		return -1;
	e->sched[e->nsched++] = schedule_id;
	sep(e);
	fprintf(e->out,
		"{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": %d, \"args\": "
		"{\"name\": ",
		e->nsched);
	ioa_json_str(e->out, kind);
	fputs("}}", e->out);
	sep(e);
	fprintf(e->out,
		"{\"name\": \"process_sort_index\", \"ph\": \"M\", \"pid\": %d, "
		"\"args\": {\"sort_index\": %d}}",
		e->nsched, e->nsched);
	return e->nsched;
}

static void slice_name(char *buf, size_t size, const struct ioa_export_slice *s)
{
	char vm[80];

	if (s->vm_name[0])
		snprintf(vm, sizeof(vm), "%s", s->vm_name);
	else if (s->vm_id >= 0)
		snprintf(vm, sizeof(vm), "vm %lld", (long long)s->vm_id);
	else
		snprintf(vm, sizeof(vm), "task %d", s->task_id);
	if (s->vcpu >= 0)
		snprintf(buf, size, "%s/vCPU %d %s", vm, s->vcpu, s->category);
	else
		snprintf(buf, size, "%s %s", vm, s->category);
}

static int put_slice(void *priv, const struct ioa_export_slice *s)
{
	struct exp *e = priv;
	int pid = pid_of(e, s->schedule_id, s->kind);
	char name[128];

	if (pid < 0)
		return 0;
	if (s->schedule_id != e->last_sched || s->pcpu != e->last_pcpu) {
		sep(e);
		fprintf(e->out,
			"{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": %d, \"tid\": %d, "
			"\"args\": {\"name\": \"pCPU %d\"}}",
			pid, s->pcpu, s->pcpu);
		e->last_sched = s->schedule_id;
		e->last_pcpu = s->pcpu;
	}
	slice_name(name, sizeof(name), s);
	sep(e);
	fputs("{\"name\": ", e->out);
	ioa_json_str(e->out, name);
	fputs(", \"cat\": ", e->out);
	ioa_json_str(e->out, s->category);
	fprintf(e->out,
		", \"ph\": \"X\", \"ts\": %.3f, \"dur\": %.3f, \"pid\": %d, \"tid\": %d, "
		"\"args\": {\"util_pct\": %.3f, \"wait_us\": %.3f, \"task_id\": %d, "
		"\"segment_id\": ",
		us(e, s->start_ns), (double)(s->end_ns - s->start_ns) / 1e3, pid, s->pcpu,
		s->util_pct, (double)(s->start_ns - s->release_ns) / 1e3, s->task_id);
	if (s->segment_id >= 0)
		fprintf(e->out, "%" PRId64 "}}", s->segment_id);
	else
		fputs("null}}", e->out);
	return 0;
}

static int put_util(void *priv, const struct ioa_export_util *u)
{
	struct exp *e = priv;
	int pid = pid_of(e, u->schedule_id, u->kind);

	if (pid < 0)
		return 0;
	sep(e);
	fputs("{\"name\": ", e->out);
	ioa_json_str(e->out, u->component);
	fprintf(e->out,
		", \"ph\": \"C\", \"ts\": %.3f, \"pid\": %d, \"args\": {\"util_pct\": %.3f}}",
		us(e, u->t_ns), pid, u->util_pct);
	return 0;
}

static int write_json(struct ioa_db *db, int64_t sc, struct exp *e, struct ioa_err *err)
{
	int ret = ioa_db_export_slices(db, sc, min_start, e, err);

	if (e->t0 < 0)
		e->t0 = 0;
	fputs("{\"displayTimeUnit\": \"ms\", \"traceEvents\": [", e->out);
	if (!ret)
		ret = ioa_db_export_slices(db, sc, put_slice, e, err);
	if (!ret)
		ret = ioa_db_export_util(db, sc, put_util, e, err);
	fputs("\n]}\n", e->out);
	return ret;
}

/* write to FILE.tmp-PID, then rename: the file is replaced whole or not at all */
static int export_file(struct ioa_db *db, int64_t sc, const char *path, struct ioa_err *err)
{
	struct exp e = { .t0 = -1, .last_sched = -1, .last_pcpu = -1 };
	char tmp[4200];
	int ret;

	snprintf(tmp, sizeof(tmp), "%s.tmp-%d", path, (int)getpid());
	e.out = fopen(tmp, "w");
	if (!e.out)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	ret = write_json(db, sc, &e, err);
	if (fclose(e.out) && !ret)
		ret = ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	if (!ret && rename(tmp, path))
		ret = ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	if (ret)
		unlink(tmp);
	return ret;
}

static int parse_id(const struct ioa_cli *cli, const char *opt, const char *arg, int64_t *v)
{
	char *end;
	long long x = strtoll(arg, &end, 10);

	if (*end || x < 1)
		return ioa_cli_usage(cli, "%s: '%s' is not an id", opt, arg);
	*v = x;
	return 0;
}

int ioa_cmd_export(int argc, char **argv)
{
	struct ioa_cli cli;
	struct ioa_err err = { 0 };
	struct ioa_db *db = NULL;
	const char *path = NULL;
	int64_t scenario = 0, trace = 0, sc;
	char name[128] = "";
	int opt, exit_now, ret;

	ioa_cli_init(&cli, "ioaware export");
	optind = 1;
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, export_longopts, NULL)) != -1) {
		if (ioa_cli_common(&cli, opt, export_help, &exit_now)) {
			if (exit_now >= 0)
				return exit_now;
			continue;
		}
		if (opt == OPT_CHROME)
			path = optarg;
		else if (opt == OPT_SCENARIO && parse_id(&cli, "--scenario", optarg, &scenario))
			return IOA_EXIT_USAGE;
		else if (opt == OPT_TRACE && parse_id(&cli, "--trace", optarg, &trace))
			return IOA_EXIT_USAGE;
	}
	if (optind < argc)
		return ioa_cli_usage(&cli, "unexpected argument '%s'", argv[optind]);
	if (!path)
		return ioa_cli_usage(&cli, "--chrome-json FILE is required");
	if (scenario && trace)
		return ioa_cli_usage(&cli, "--scenario and --trace: give one of them");
	ret = ioa_db_open(&db, cli.db, IOA_DB_READ, NULL, &err);
	if (!ret)
		ret = ioa_db_export_scenario(db, scenario, trace, &sc, name, sizeof(name), &err);
	if (!ret && !scenario && !trace)
		ioa_log(&cli.log, IOA_LOG_WARN, "using scenario %lld (%s, newest with schedules)\n",
			(long long)sc, name);
	else if (!ret && !scenario)
		ioa_log(&cli.log, IOA_LOG_WARN, "using scenario %lld (%s, newest of trace %lld)\n",
			(long long)sc, name, (long long)trace);
	if (!ret)
		ret = export_file(db, sc, path, &err);
	ioa_db_close(db);
	if (ret)
		return ioa_cli_fail(&cli, &err, ret);
	ioa_log(&cli.log, IOA_LOG_INFO, "wrote %s\n", path);
	return IOA_EXIT_OK;
}
