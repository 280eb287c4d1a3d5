// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of analyzer/devmap.c: built-in rules, the file format, precedence, capacities. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "devmap.h"

static void test_cat_names(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < IOA_CAT_NR; k++)
		assert_int_equal(ioa_cat_parse(ioa_cat_name(k)), k);
	assert_int_equal(ioa_cat_parse("storage"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_cat_parse("NONE"), IOA_CAT_NONE);
	assert_int_equal(ioa_cat_parse("DISK"), -2);
	assert_int_equal(ioa_cat_parse("overhead"), IOA_CAT_OVERHEAD);
	assert_true(IOA_CAT_OVERHEAD >= IOA_CAT_IO_NR); /* never a component */
	assert_string_equal(ioa_cat_name(IOA_CAT_NONE), "NONE");
}

static void test_defaults(void **state)
{
	struct ioa_devmap m;

	(void)state;
	ioa_devmap_init(&m);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio1-req.0"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio2-input.0"), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio3-rx"), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "nvme0q1"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "enp3s0-rx-0"), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "i915"), IOA_CAT_GPU);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio0-stats"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "timer"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_SOFTIRQ, "BLOCK"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_SOFTIRQ, "TIMER"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_BLOCK, "254,0"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_NET, "tap0"), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_NET, "lo"), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_NET, "can0"), IOA_CAT_BUS);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_NET, ""), IOA_CAT_NONE);
	/* ports and MMIO have no built-in rule here: kvm_decode's tables stand (-2) */
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_PORT, 0x3f8), -2);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_MMIO, 0xfee00000), -2);
	assert_true(m.bytes_per_s[IOA_CAT_STORAGE] == 500e6);
	assert_true(m.bytes_per_s[IOA_CAT_ETHERNET] == 125e6);
	assert_true(m.events_per_s[IOA_CAT_BUS] == 100e3);
	ioa_devmap_release(&m);
}

static const char map_text[] = "# site map\n"
			       "irq      virtio1-req.0      NONE      # the host's own disk\n"
			       "irq      vfio-msi*(0000:01:00.0) GPU\n"
			       "block    8,16               NONE\n"
			       "net      enp5s0             BUS       # an EtherCAT NIC\n"
			       "port     0x3f8-0x3ff        STORAGE\n"
			       "mmio     0xfebf0000-0xfebf0fff ETHERNET\n"
			       "exit     APIC_WRITE         BUS       # a test of the override\n"
			       "exit     ept_*              NONE\n"
			       "capacity STORAGE 2G bytes/s\n"
			       "capacity ETHERNET 10G bit/s\n"
			       "capacity GPU 5k events/s\n";

static void test_parse(void **state)
{
	struct ioa_devmap m;
	struct ioa_err err = { 0 };

	(void)state;
	ioa_devmap_init(&m);
	assert_int_equal(ioa_devmap_parse(&m, map_text, "site.map", &err), 0);
	/* file rules win over built-in ones */
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio1-req.0"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio2-req.0"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "vfio-msix[0](0000:01:00.0)"),
			 IOA_CAT_GPU);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "vfio-msix[0](0000:02:00.0)"),
			 IOA_CAT_NONE); /* another passed-through device */
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_BLOCK, "8,16"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_BLOCK, "8,0"), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_NET, "enp5s0"), IOA_CAT_BUS);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_PORT, 0x3f7), -2);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_PORT, 0x3f8), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_PORT, 0x3ff), IOA_CAT_STORAGE);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_MMIO, 0xfebf0800), IOA_CAT_ETHERNET);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_MMIO, 0xfebf1000), -2);
	/* exit rules: case-insensitive globs; no rule is -2 (the decoder's row stands) */
	assert_int_equal(ioa_devmap_exit(&m, "APIC_WRITE"), IOA_CAT_BUS);
	assert_int_equal(ioa_devmap_exit(&m, "apic_write"), IOA_CAT_BUS);
	assert_int_equal(ioa_devmap_exit(&m, "EPT_MISCONFIG"), IOA_CAT_NONE);
	assert_int_equal(ioa_devmap_exit(&m, "HLT"), -2);
	assert_int_equal(ioa_devmap_exit(&m, ""), -2);
	assert_true(m.bytes_per_s[IOA_CAT_STORAGE] == 2e9);
	assert_true(m.bytes_per_s[IOA_CAT_ETHERNET] == 10e9 / 8);
	assert_true(m.events_per_s[IOA_CAT_GPU] == 5e3);
	/* a second file goes in front of the built-ins too, after the first one's rules */
	assert_int_equal(ioa_devmap_parse(&m, "irq virtio1-req.0 STORAGE\n", "b.map", &err), 0);
	assert_int_equal(ioa_devmap_name(&m, IOA_DM_IRQ, "virtio1-req.0"), IOA_CAT_NONE);
	ioa_devmap_release(&m);
}

static void expect_bad(const char *text, const char *where)
{
	struct ioa_devmap m;
	struct ioa_err err = { 0 };

	ioa_devmap_init(&m);
	assert_int_equal(ioa_devmap_parse(&m, text, "bad.map", &err), IOA_EINPUT);
	if (!strstr(err.msg, where))
		fail_msg("'%s': expected '%s' in '%s'", text, where, err.msg);
	ioa_devmap_release(&m);
}

static void test_errors(void **state)
{
	(void)state;
	expect_bad("irq foo DISK\n", "bad.map:1:");
	expect_bad("# ok\n\nirq foo\n", "bad.map:3:");
	expect_bad("port 0x400-0x3ff BUS\n", "bad.map:1:");
	expect_bad("port zz BUS\n", "bad.map:1:");
	expect_bad("mmio 0x1000 COMPUTE\n", "bad.map:1:");
	expect_bad("capacity STORAGE 1G bytes\n", "bad.map:1:");
	expect_bad("capacity COMPUTE 1 events/s\n", "bad.map:1:");
	expect_bad("capacity OVERHEAD 1 events/s\n", "bad.map:1:"); /* no component */
	expect_bad("exit HLT IDLE\n", "bad.map:1:");
	expect_bad("capacity BUS 1X events/s\n", "bad.map:1:");
	expect_bad("disk sda STORAGE\n", "bad.map:1:");
	expect_bad("irq a b c d e f\n", "bad.map:1:");
}

static void test_load(void **state)
{
	char path[] = "/tmp/ioa_test_devmap_XXXXXX";
	struct ioa_devmap m;
	struct ioa_err err = { 0 };
	int fd = mkstemp(path);
	FILE *f;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(map_text, f);
	fclose(f);
	ioa_devmap_init(&m);
	assert_int_equal(ioa_devmap_load(&m, path, &err), 0);
	assert_int_equal(ioa_devmap_addr(&m, IOA_DM_PORT, 0x3f8), IOA_CAT_STORAGE);
	unlink(path);
	assert_int_equal(ioa_devmap_load(&m, path, &err), IOA_EIO);
	assert_non_null(strstr(err.msg, path));
	ioa_devmap_release(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cat_names), cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_parse),	  cmocka_unit_test(test_errors),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
