// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * ioaware show semantics: the category of every exit reason (VMX, SVM, KVM_EXIT_*) and of
 * every built-in port and MMIO device, with the reason why, printed from analyzer/kvm_decode.c's
 * own tables. The README's semantics table is this command's --markdown output, and a CLI
 * test keeps the two equal.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kvm_decode.h"

static const char semantics_help[] =
	"Usage: ioaware show semantics [--markdown]\n\n"
	"Prints the category of every VM exit reason (Intel VMX basic exit reasons, AMD SVM\n"
	"exit codes, KVM_EXIT_* userspace exits) and of every built-in port and MMIO device,\n"
	"with a one-line reason. 'device' means the device at the accessed port or address\n"
	"decides (device map, then the built-in devices); an address nothing names is an\n"
	"unknown device (`ioaware show devices`). A device map overrides any row\n"
	"(`exit APIC_WRITE OVERHEAD`, `port 0x3f8-0x3ff BUS`).\n\n"
	"Options:\n"
	"  --markdown      Markdown tables (the README's)\n"
	"  -h, --help      this help\n\n" IOA_EXIT_HELP;

enum { OPT_MARKDOWN = IOA_OPT__FIRST_CMD };

static const struct option semantics_longopts[] = {
	IOA_COMMON_LONGOPTS,
	{ "markdown", no_argument, NULL, OPT_MARKDOWN },
	{ NULL, 0, NULL, 0 },
};

static const char *const tab_titles[IOA_KVM_TAB_NR] = {
	"VMX basic exit reasons (Intel SDM Vol. 3, Appendix C; kvm_exit isa 1)",
	"SVM exit codes (AMD APM Vol. 2, Appendix C; kvm_exit isa 2)",
	"KVM_EXIT_* userspace exits (kvm_userspace_exit, hosts without kvm_exit)",
};

static void reason_table(int tab, int md)
{
	const struct ioa_kvm_reason *t;
	size_t n, i;

	t = ioa_kvm_table(tab, &n);
	if (md)
		printf("#### %s\n\n| code | reason | category | why |\n|---:|---|---|---|\n",
		       tab_titles[tab]);
	else
		printf("%s\n", tab_titles[tab]);
	for (i = 0; i < n; i++) {
		char code[16];

		snprintf(code, sizeof(code), tab == IOA_KVM_TAB_SVM ? "0x%03" PRIx32 : "%" PRIu32,
			 t[i].code);
		if (md)
			printf("| %s | %s | %s | %s |\n", code, t[i].name,
			       t[i].cat ? t[i].cat : "device", t[i].why);
		else
			printf("  %10s  %-28s %-9s %s\n", code, t[i].name,
			       t[i].cat ? t[i].cat : "device", t[i].why);
	}
}

static void dev_table(int mmio, int md)
{
	const struct ioa_kvm_dev *d;
	size_t n, i;

	d = ioa_kvm_devs(mmio, &n);
	if (md)
		printf("#### Built-in %s\n\n| %s | device | category |\n|---|---|---|\n",
		       mmio ? "MMIO windows (guest-physical)" : "I/O ports (PC platform)",
		       mmio ? "addresses" : "ports");
	else
		printf("Built-in %s\n", mmio ? "MMIO windows" : "I/O ports");
	for (i = 0; i < n; i++) {
		char range[48];
		int w = mmio ? 8 : 4;

		if (d[i].lo == d[i].hi)
			snprintf(range, sizeof(range), "0x%0*" PRIx64, w, d[i].lo);
		else
			snprintf(range, sizeof(range), "0x%0*" PRIx64 "-0x%0*" PRIx64, w, d[i].lo,
				 w, d[i].hi);
		if (md)
			printf("| %s | %s | %s |\n", range, d[i].name, d[i].cat);
		else
			printf("  %-24s %-9s %s\n", range, d[i].cat, d[i].name);
	}
}

int ioa_cmd_show_semantics(int argc, char **argv)
{
	struct ioa_cli cli;
	int opt, stop = -1, md = 0, t;

	ioa_cli_init(&cli, "ioaware show semantics");
	while ((opt = getopt_long(argc, argv, IOA_COMMON_SHORTOPTS, semantics_longopts, NULL)) !=
	       -1) {
		if (ioa_cli_common(&cli, opt, semantics_help, &stop)) {
			if (stop >= 0)
				return stop;
			continue;
		}
		md = 1;
	}
	for (; optind < argc; optind++)
		if (strcmp(argv[optind], "semantics"))
			return ioa_cli_usage(&cli, "unexpected argument '%s'", argv[optind]);
	for (t = 0; t < IOA_KVM_TAB_NR; t++) {
		reason_table(t, md);
		putchar('\n');
	}
	dev_table(0, md);
	putchar('\n');
	dev_table(1, md);
	return IOA_EXIT_OK;
}
