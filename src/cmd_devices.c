// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware show devices: the ports and MMIO pages the VMs accessed (device_access, written by
 * classify), who names them, and for the unknown ones what was learnt from the I/O that
 * followed their accesses.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db.h"
#include "db_devices.h"

static const char devices_help[] =
	"Usage: ioaware show devices [--db DB] [--trace ID] [--csv|--json]\n\n"
	"Lists the I/O ports and MMIO pages (4 KiB) the VMs' exits accessed, as `ioaware\n"
	"classify` stored them: exits, exit time, the VMs, who names the address (a built-in\n"
	"device or the device map) and the category its exits counted for. An address nothing\n"
	"names is an \"unknown device\": its exits count for no category. For those, the\n"
	"learnt column gives the category of the I/O that followed its accesses (host I/O of\n"
	"the VM's threads, or guest IRQs of a named device), with the device behind it, the\n"
	"hits and the confidence; `classify --learn-devmap FILE` writes it as a device map.\n\n"
	"Options:\n"
	"  --trace ID      only this trace\n"
	"  --csv           CSV with a header line\n"
	"  --json          one JSON object: {\"devices\": [{...}, ...]}\n" IOA_COMMON_HELP "\n"
	"Examples:\n"
	"  ioaware classify && ioaware show devices\n"
	"  ioaware show devices --trace 2 --json | jq '.devices[] | select(.name == null)'\n\n" IOA_EXIT_HELP;

enum { OPT_TRACE = IOA_OPT__FIRST_CMD, OPT_CSV, OPT_JSON };

static const struct option devices_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "csv", no_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ NULL, 0, NULL, 0 },
};

struct out {
	int fmt; /* 0 text, OPT_CSV, OPT_JSON */
	int64_t rows;
};

static void addr_text(char *buf, size_t size, const struct ioa_dev_show *r)
{
	if (!strcmp(r->kind, "port"))
		snprintf(buf, size, "0x%04" PRIx64, r->lo);
	else
		snprintf(buf, size, "0x%08" PRIx64 "-0x%08" PRIx64, r->lo, r->hi);
}

/* "COM1 serial", or "unknown device at port 0xc050" / "... at GPA 0xfebf0000" */
static void name_text(char *buf, size_t size, const struct ioa_dev_show *r)
{
	if (r->name[0])
		snprintf(buf, size, "%s", r->name);
	else
		snprintf(buf, size, "unknown device at %s 0x%" PRIx64,
			 strcmp(r->kind, "port") ? "GPA" : "port", r->lo);
}

static void text_row(const struct ioa_dev_show *r)
{
	char a[48], n[96], l[96] = "-";

	addr_text(a, sizeof(a), r);
	name_text(n, sizeof(n), r);
	if (r->learnt_category[0])
		snprintf(l, sizeof(l), "%s via %s (%" PRId64 " hits, conf %.2f)",
			 r->learnt_category, r->learnt_device, r->hits, r->confidence);
	printf("%5" PRId64 " %-4s %-23s %-9s %9" PRId64 " %10.3f %-8s %-40s %s\n", r->trace_id,
	       r->kind, a, r->category[0] ? r->category : "unknown", r->exits,
	       (double)r->exit_ns / 1e6, r->vms, n, l);
}

static void csv_row(const struct ioa_dev_show *r)
{
	char n[96];

	name_text(n, sizeof(n), r);
	printf("%" PRId64 ",%s,%" PRId64 ",%" PRId64 ",%s,\"%s\",%" PRId64 ",%" PRId64
	       ",\"%s\",%s,%s,%" PRId64 ",%.3f\n",
	       r->trace_id, r->kind, r->lo, r->hi, r->category, n, r->exits, r->exit_ns, r->vms,
	       r->learnt_category, r->learnt_device, r->hits, r->confidence);
}

static void json_opt_str(const char *s)
{
	if (s[0])
		ioa_json_str(stdout, s);
	else
		printf("null");
}

static void json_row(const struct ioa_dev_show *r, int first)
{
	char n[96];

	name_text(n, sizeof(n), r);
	printf("%s{\"trace_id\": %" PRId64 ", \"kind\": \"%s\", \"lo\": %" PRId64
	       ", \"hi\": %" PRId64 ", \"name\": ",
	       first ? "" : ",\n", r->trace_id, r->kind, r->lo, r->hi);
	json_opt_str(r->name);
	printf(", \"label\": ");
	ioa_json_str(stdout, n);
	printf(", \"category\": ");
	json_opt_str(r->category);
	printf(", \"exits\": %" PRId64 ", \"exit_ns\": %" PRId64 ", \"vms\": [%s], \"learnt\": ",
	       r->exits, r->exit_ns, r->vms);
	json_opt_str(r->learnt_category);
	printf(", \"learnt_device\": ");
	json_opt_str(r->learnt_device);
	printf(", \"hits\": %" PRId64 ", \"confidence\": %.3f}", r->hits, r->confidence);
}

static int on_row(void *priv, const struct ioa_dev_show *r)
{
	struct out *o = priv;

	o->rows++;
	if (o->fmt == OPT_CSV)
		csv_row(r);
	else if (o->fmt == OPT_JSON)
		json_row(r, o->rows == 1);
	else
		text_row(r);
	return 0;
}

static void header(int fmt)
{
	if (fmt == OPT_CSV)
		printf("trace_id,kind,lo,hi,category,device,exits,exit_ns,vms,learnt_category,"
		       "learnt_device,hits,confidence\n");
	else if (fmt == OPT_JSON)
		printf("{\"devices\": [");
	else
		printf("%5s %-4s %-23s %-9s %9s %10s %-8s %-40s %s\n", "trace", "kind", "address",
		       "category", "exits", "time_ms", "vms", "device", "learnt");
}

static int parse(struct ioa_cli *cli, struct out *o, int64_t *trace, int argc, char **argv,
		 int *stop)
{
	char *end;
	int opt;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, devices_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(cli, opt, devices_help, stop)) {
			if (*stop >= 0)
				return 1;
			continue;
		}
		if (opt != OPT_TRACE) {
			o->fmt = opt;
			continue;
		}
		*trace = strtoll(optarg, &end, 10);
		if (end == optarg || *end || *trace <= 0) {
			*stop = ioa_cli_usage(cli, "bad value '%s' for --trace", optarg);
			return 1;
		}
	}
	for (; optind < argc; optind++)
		if (strcmp(argv[optind], "devices")) {
			*stop = ioa_cli_usage(cli, "unexpected argument '%s'", argv[optind]);
			return 1;
		}
	return 0;
}

int ioa_cmd_show_devices(int argc, char **argv)
{
	struct ioa_err err = { 0 };
	struct out o = { 0 };
	struct ioa_cli cli;
	struct ioa_db *db;
	int64_t trace = 0;
	int stop = -1, ret;

	ioa_cli_init(&cli, "ioaware show devices");
	if (parse(&cli, &o, &trace, argc, argv, &stop))
		return stop;
	ret = ioa_db_open(&db, cli.db, IOA_DB_READ, NULL, &err);
	if (ret)
		return ioa_cli_fail(&cli, &err, ret);
	header(o.fmt);
	ret = ioa_db_dev_show_foreach(db, trace, on_row, &o, &err);
	if (o.fmt == OPT_JSON)
		printf("]}\n");
	ioa_db_close(db);
	return ret ? ioa_cli_fail(&cli, &err, ret) : IOA_EXIT_OK;
}
