// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware synth: a synthetic scenario (optimizer/synth.h) or the paper preset written into the
 * scenario/task tables, the same tables a trace's scenario uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "db_schedule.h"
#include "synth.h"

static const char synth_help[] =
	"Usage: ioaware synth [OPTIONS]\n\n"
	"Writes a synthetic scenario (source synth) with its tasks into the database.\n"
	"Reproducible byte for byte: the same options and seed give the same tasks everywhere.\n"
	"Each vCPU is a chain with a period (base x1, x2 or x4) and a dominant category; its\n"
	"tasks take that category with probability 75 %, else one drawn from the mix.\n\n"
	"Options:\n"
	"  --preset paper   the paper's experiment: 24 pre-classified tasks of the six categories\n"
	"                   in six waves on 4 pCPUs (see README); other generator options ignored\n"
	"  --vms N          VMs (default 4)\n"
	"  --vcpus N        vCPUs per VM (default 2)\n"
	"  --tasks N        tasks in all (default 200)\n"
	"  --pcpus P        physical CPUs of the scenario (default 4)\n"
	"  --mix LIST       category weights, e.g. GPU=3,CACHE=1,COMPUTE=0 (default 1 each)\n"
	"  --util-dist D    uniform:A:B (default uniform:5:60), normal:MEAN:SD or const:X, in %\n"
	"  --arrival A      periodic (jitter +-10 % of the period, default) or poisson\n"
	"  --period MS      base period / mean inter-arrival in ms (default 10)\n"
	"  --load A:B       task duration in % of its period (default 10:40)\n"
	"  --no-deadlines   no deadlines (default: the end of each task's period)\n"
	"  --mode M         strict (default), overlap or edf: the mode optimize uses\n"
	"  --seed S         random seed (default 1)\n" IOA_COMMON_HELP "\nExamples:\n"
	"  ioaware synth --preset paper\n"
	"  ioaware synth --vms 8 --tasks 1000 --mix GPU=4,COMPUTE=2 --arrival poisson --seed "
	"7\n\n" IOA_EXIT_HELP;

enum {
	OPT_PRESET = IOA_OPT__FIRST_CMD,
	OPT_VMS,
	OPT_VCPUS,
	OPT_TASKS,
	OPT_PCPUS,
	OPT_MIX,
	OPT_DIST,
	OPT_ARRIVAL,
	OPT_PERIOD,
	OPT_LOAD,
	OPT_NODL,
	OPT_MODE,
	OPT_SEED,
};

static const struct option synth_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "preset", required_argument, NULL, OPT_PRESET },
	{ "vms", required_argument, NULL, OPT_VMS },
	{ "vcpus", required_argument, NULL, OPT_VCPUS },
	{ "tasks", required_argument, NULL, OPT_TASKS },
	{ "pcpus", required_argument, NULL, OPT_PCPUS },
	{ "mix", required_argument, NULL, OPT_MIX },
	{ "util-dist", required_argument, NULL, OPT_DIST },
	{ "arrival", required_argument, NULL, OPT_ARRIVAL },
	{ "period", required_argument, NULL, OPT_PERIOD },
	{ "load", required_argument, NULL, OPT_LOAD },
	{ "no-deadlines", no_argument, NULL, OPT_NODL },
	{ "mode", required_argument, NULL, OPT_MODE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ NULL, 0, NULL, 0 },
};

struct synth {
	struct ioa_cli cli;
	struct ioa_err err;
	struct ioa_synth_params p;
	int paper;
	char mode[16];
};

static int int_arg(const char *s, long lo, long hi, long *out)
{
	char *end;

	*out = strtol(s, &end, 10);
	return end != s && !*end && *out >= lo && *out <= hi;
}

static int gen_opt(struct synth *s, int opt, const char *arg)
{
	long v = 0, w = 0;
	int ok = 1;

	if (opt == OPT_MIX)
		return ioa_synth_parse_mix(&s->p, arg, &s->err) ? 0 : 1;
	if (opt == OPT_DIST)
		return ioa_synth_parse_dist(&s->p, arg, &s->err) ? 0 : 1;
	if (opt == OPT_LOAD) {
		ok = sscanf(arg, "%ld:%ld", &v, &w) == 2;
		s->p.load_a = (int)v;
		s->p.load_b = (int)w;
	} else if (opt == OPT_ARRIVAL) {
		ok = !strcmp(arg, "periodic") || !strcmp(arg, "poisson");
		s->p.arrival = !strcmp(arg, "poisson") ? IOA_ARRIVAL_POISSON : IOA_ARRIVAL_PERIODIC;
	} else if (opt == OPT_SEED) {
		char *end;

		s->p.seed = strtoull(arg, &end, 10);
		ok = end != arg && !*end;
	} else {
		ok = int_arg(arg, 1, 10000000, &v);
		if (opt == OPT_VMS)
			s->p.vms = (int)v;
		else if (opt == OPT_VCPUS)
			s->p.vcpus = (int)v;
		else if (opt == OPT_TASKS)
			s->p.tasks = (int)v;
		else if (opt == OPT_PCPUS)
			s->p.pcpus = (int)v;
		else if (opt == OPT_PERIOD)
			s->p.period_ns = v * 1000000;
	}
	if (!ok)
		ioa_error(&s->err, IOA_EUSAGE, "bad value '%s'", arg);
	return ok;
}

static int parse(struct synth *s, int argc, char **argv)
{
	int opt, stop;

	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, synth_longopts, NULL)) != -1) {
		if (ioa_cli_common(&s->cli, opt, synth_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		if (opt == OPT_PRESET) {
			if (strcmp(optarg, "paper"))
				return ioa_cli_usage(&s->cli, "--preset: '%s': only 'paper'",
						     optarg);
			s->paper = 1;
		} else if (opt == OPT_NODL) {
			s->p.with_deadlines = 0;
		} else if (opt == OPT_MODE) {
			if (strcmp(optarg, "strict") && strcmp(optarg, "overlap") &&
			    strcmp(optarg, "edf"))
				return ioa_cli_usage(&s->cli, "--mode: '%s'", optarg);
			ioa_strlcpy(s->mode, optarg, sizeof(s->mode));
		} else if (!gen_opt(s, opt, optarg)) {
			return ioa_cli_usage(&s->cli, "%s", s->err.msg);
		}
	}
	if (optind < argc)
		return ioa_cli_usage(&s->cli, "unexpected argument '%s'", argv[optind]);
	return -1;
}

static void to_rec(const struct ioa_synth_task *x, int i, struct ioa_task_rec *t)
{
	memset(t, 0, sizeof(*t));
	t->task_id = i;
	t->vm_id = x->vm + 1; /* synthetic VM numbers, 1-based like trace VMs */
	t->vcpu = x->vcpu;
	t->chain = x->chain;
	t->release_ns = x->release_ns;
	t->dur_ns = x->dur_ns;
	ioa_strlcpy(t->category, ioa_cat_name(x->cat), sizeof(t->category));
	t->util_pct = x->util_tenths / 10.0;
	t->deadline_ns = x->deadline_ns;
	t->pinned_pcpu = -1;
}

static int generate(struct synth *s, struct ioa_scenario_rec *sc, struct ioa_task_rec **out, int *n)
{
	struct ioa_synth_task *x;
	int i, ret = 0;

	if (s->paper) {
		ioa_synth_paper(&x, n, &sc->pcpus);
		ioa_strlcpy(sc->name, "paper preset", sizeof(sc->name));
		snprintf(sc->params, sizeof(sc->params), "{\"preset\": \"paper\"}");
	} else {
		ret = ioa_synth_generate(&s->p, &x, n, &s->err);
		if (ret)
			return ret;
		sc->pcpus = s->p.pcpus;
		sc->seed = (int64_t)s->p.seed;
		snprintf(sc->name, sizeof(sc->name), "synth seed %llu",
			 (unsigned long long)s->p.seed);
		ioa_synth_params_json(&s->p, sc->params, sizeof(sc->params));
	}
	*out = ioa_xcalloc((size_t)*n, sizeof(**out));
	for (i = 0; i < *n; i++)
		to_rec(&x[i], i, &(*out)[i]);
	free(x);
	return 0;
}

int ioa_cmd_synth(int argc, char **argv)
{
	struct ioa_scenario_rec sc = { .window_start_ns = -1, .window_end_ns = -1, .seed = -1 };
	struct ioa_task_rec *t = NULL;
	struct ioa_db *db = NULL;
	struct synth s;
	int n = 0, ret;

	memset(&s, 0, sizeof(s));
	ioa_cli_init(&s.cli, "ioaware synth");
	ioa_synth_defaults(&s.p);
	ioa_strlcpy(s.mode, "strict", sizeof(s.mode));
	ret = parse(&s, argc, argv);
	if (ret >= 0)
		return ret;
	ret = generate(&s, &sc, &t, &n);
	if (ret == IOA_EUSAGE)
		return ioa_cli_usage(&s.cli, "%s", s.err.msg);
	ioa_strlcpy(sc.source, "synth", sizeof(sc.source));
	ioa_strlcpy(sc.mode, s.mode, sizeof(sc.mode));
	sc.cap_pct = 100;
	if (!ret)
		ret = ioa_db_open(&db, s.cli.db, IOA_DB_WRITE, NULL, &s.err);
	if (!ret)
		ret = ioa_db_scenario_create(db, &sc, t, n, &s.err);
	if (!ret)
		printf("scenario %lld: \"%s\", %d tasks, %d pCPUs, mode %s\n",
		       (long long)sc.scenario_id, sc.name, n, sc.pcpus, sc.mode);
	ioa_db_close(db);
	free(t);
	if (ret)
		return ioa_cli_fail(&s.cli, &s.err, ret);
	return IOA_EXIT_OK;
}
