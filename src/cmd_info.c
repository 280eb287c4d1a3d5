// SPDX-License-Identifier: GPL-3.0-or-later
/* ioaware info: what the database holds, per trace, as text or JSON. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "db.h"

static const char info_help[] =
	"Usage: ioaware info [OPTIONS]\n\n"
	"Per trace in the database: file, sha256, format, version, compression, clock, CPUs,\n"
	"first/last timestamp, events in all and by type, lost events, VMs and vCPUs found,\n"
	"and the warnings ingest raised.\n\n"
	"Options:\n"
	"  --json          one JSON object: {\"traces\": [{\"file\": ..., \"events_by_type\":\n"
	"                  {\"sched_switch\": N, ...}, ...}]}\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware info\n"
	"  ioaware info --db lab.db --json | jq '.traces[0].events_by_type'\n\n" IOA_EXIT_HELP;

enum {
	OPT_JSON = IOA_OPT__FIRST_CMD,
};

static const struct option info_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

struct info {
	struct ioa_db *db;
	struct ioa_err err;
	int json;
	int n; /* items printed in the current JSON list/object */
	int traces;
};

static void ts_text(char *buf, size_t size, uint64_t ts)
{
	if (ts == IOA_TS_NONE)
		snprintf(buf, size, "-");
	else
		ioa_fmt_ts(buf, size, ts);
}

static int text_count(void *priv, const char *name, uint64_t count)
{
	(void)priv;
	printf("    %-28s %" PRIu64 "\n", name, count);
	return 0;
}

static int text_warning(void *priv, const char *msg)
{
	(void)priv;
	printf("    %s\n", msg);
	return 0;
}

static int text_vm(void *priv, const struct ioa_vm_row *vm, int n_vcpus)
{
	(void)priv;
	printf("    vm %d %-20s pid %-8d %d vCPUs (grouped by %s)\n", vm->vm_id, vm->name,
	       vm->host_pid, n_vcpus, vm->source);
	return 0;
}

static int text_trace(void *priv, const struct ioa_trace_rec *t)
{
	struct info *in = priv;
	char a[32], b[32];

	ts_text(a, sizeof(a), t->first_ns);
	ts_text(b, sizeof(b), t->last_ns);
	printf("trace %lld: %s\n", (long long)t->trace_id, t->file);
	printf("  sha256       %s\n  size         %lld bytes\n", t->sha256,
	       (long long)t->size_bytes);
	printf("  format       %s%s%s, compression %s\n", t->format, t->version[0] ? " v" : "",
	       t->version, t->compression[0] ? t->compression : "none");
	printf("  clock        %s%s\n", t->clock[0] ? t->clock : "unknown",
	       t->clock_is_ns ? "" : " (raw cycles: no ns conversion in the file)");
	printf("  host         %s\n  cpus         %d\n", t->host[0] ? t->host : "-", t->cpus);
	printf("  span         %s .. %s\n", a, b);
	printf("  events       %" PRIu64 " (lost %" PRIu64 "), %d buffer(s)\n", t->events,
	       t->lost_events, t->buffers);
	printf("  threads      %lld, segments %lld, VMs %d, vCPUs %d%s\n", (long long)t->n_threads,
	       (long long)t->n_segments, t->n_vms, t->n_vcpus,
	       t->has_kvm_exit ? "" : " (no kvm_exit/kvm_entry)");
	printf("  ingested     %s in %.2f s%s\n", t->ingest_time, t->ingest_seconds,
	       t->raw ? ", raw events stored" : "");
	printf("  vms:\n");
	ioa_db_vms_foreach(in->db, t->trace_id, text_vm, in, &in->err);
	printf("  events_by_type:\n");
	ioa_db_event_counts_foreach(in->db, t->trace_id, text_count, in, &in->err);
	printf("  warnings:\n");
	ioa_db_warnings_foreach(in->db, t->trace_id, text_warning, in, &in->err);
	in->traces++;
	return in->err.code;
}

static void json_sep(struct info *in)
{
	if (in->n++)
		fputs(", ", stdout);
}

static int json_count(void *priv, const char *name, uint64_t count)
{
	struct info *in = priv;

	json_sep(in);
	ioa_json_str(stdout, name);
	printf(": %" PRIu64, count);
	return 0;
}

static int json_warning(void *priv, const char *msg)
{
	struct info *in = priv;

	json_sep(in);
	ioa_json_str(stdout, msg);
	return 0;
}

static int json_vm(void *priv, const struct ioa_vm_row *vm, int n_vcpus)
{
	struct info *in = priv;

	json_sep(in);
	printf("{\"vm_id\": %d, \"name\": ", vm->vm_id);
	ioa_json_str(stdout, vm->name);
	printf(", \"host_pid\": %d, \"vcpus\": %d, \"source\": ", vm->host_pid, n_vcpus);
	ioa_json_str(stdout, vm->source);
	fputc('}', stdout);
	return 0;
}

static void json_field(const char *key, const char *val)
{
	printf(", \"%s\": ", key);
	if (val && *val)
		ioa_json_str(stdout, val);
	else
		fputs("null", stdout);
}

static void json_ts(const char *key, uint64_t ts)
{
	if (ts == IOA_TS_NONE)
		printf(", \"%s\": null", key);
	else
		printf(", \"%s\": %" PRIu64, key, ts);
}

static void json_scalars(const struct ioa_trace_rec *t)
{
	printf("{\"trace_id\": %lld, \"file\": ", (long long)t->trace_id);
	ioa_json_str(stdout, t->file);
	json_field("sha256", t->sha256);
	printf(", \"size_bytes\": %lld", (long long)t->size_bytes);
	json_field("format", t->format);
	json_field("version", t->version);
	json_field("compression", t->compression[0] ? t->compression : "none");
	json_field("clock", t->clock);
	printf(", \"clock_is_ns\": %s, \"cpus\": %d", t->clock_is_ns ? "true" : "false", t->cpus);
	json_field("host", t->host);
	json_ts("first_ns", t->first_ns);
	json_ts("last_ns", t->last_ns);
	printf(", \"events\": %" PRIu64 ", \"lost_events\": %" PRIu64 ", \"buffers\": %d",
	       t->events, t->lost_events, t->buffers);
	printf(", \"threads\": %lld, \"segments\": %lld, \"vm_count\": %d, \"vcpu_count\": %d",
	       (long long)t->n_threads, (long long)t->n_segments, t->n_vms, t->n_vcpus);
	printf(", \"has_kvm_exit\": %s, \"raw\": %s", t->has_kvm_exit ? "true" : "false",
	       t->raw ? "true" : "false");
	json_field("ingest_time", t->ingest_time);
	printf(", \"ingest_seconds\": %.3f", t->ingest_seconds);
}

static int json_trace(void *priv, const struct ioa_trace_rec *t)
{
	struct info *in = priv;

	if (in->traces++)
		fputs(",\n", stdout);
	json_scalars(t);
	fputs(", \"events_by_type\": {", stdout);
	in->n = 0;
	ioa_db_event_counts_foreach(in->db, t->trace_id, json_count, in, &in->err);
	fputs("}, \"vms\": [", stdout);
	in->n = 0;
	ioa_db_vms_foreach(in->db, t->trace_id, json_vm, in, &in->err);
	fputs("], \"warnings\": [", stdout);
	in->n = 0;
	ioa_db_warnings_foreach(in->db, t->trace_id, json_warning, in, &in->err);
	fputs("]}", stdout);
	return in->err.code;
}

int ioa_cmd_info(int argc, char **argv)
{
	struct info in;
	struct ioa_cli cli;
	int opt, stop, ret;

	memset(&in, 0, sizeof(in));
	ioa_cli_init(&cli, "ioaware info");
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, info_longopts, NULL)) != -1) {
		if (ioa_cli_common(&cli, opt, info_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		in.json = opt == OPT_JSON;
	}
	if (optind < argc)
		return ioa_cli_usage(&cli, "unexpected argument '%s'", argv[optind]);
	ret = ioa_db_open(&in.db, cli.db, IOA_DB_READ, NULL, &in.err);
	if (ret)
		return ioa_cli_fail(&cli, &in.err, ret);
	if (in.json)
		fputs("{\"traces\": [", stdout);
	ret = ioa_db_traces_foreach(in.db, in.json ? json_trace : text_trace, &in, &in.err);
	if (in.json)
		fputs("]}\n", stdout);
	else if (!in.traces && !ret)
		printf("no traces in %s\n", cli.db);
	ioa_db_close(in.db);
	if (ret)
		return ioa_cli_fail(&cli, &in.err, ret);
	return IOA_EXIT_OK;
}
