// SPDX-License-Identifier: GPL-3.0-or-later
/* Unit tests of analyzer/kvm_decode.c: reason tables both ways, I/O decoding, categories. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "event.h"
#include "kvm_decode.h"

static void test_vmx_names(void **state)
{
	(void)state;
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 0), "EXCEPTION_NMI");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 1), "EXTERNAL_INTERRUPT");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 12), "HLT");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 30), "IO_INSTRUCTION");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 31), "MSR_READ");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 32), "MSR_WRITE");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 48), "EPT_VIOLATION");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 49), "EPT_MISCONFIG");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 62), "PML_FULL");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 75), "NOTIFY");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 65), "PCONFIG");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 66), "SPP");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 70), "ENCLV");
	/* only the basic reason counts; bit 31 (failed entry) is ignored for the name */
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_VMX, 0x80000021), "INVALID_STATE");
	assert_null(ioa_kvm_exit_name(IOA_ISA_VMX, 35));
	assert_null(ioa_kvm_exit_name(IOA_ISA_VMX, 1000));
	assert_null(ioa_kvm_exit_name(IOA_ISA_UNKNOWN, 30));
}

static void test_svm_names(void **state)
{
	(void)state;
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x000), "read_cr0");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x04e), "PF excp");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x060), "interrupt");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x078), "hlt");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x07b), "io");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x07c), "msr");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x081), "hypercall");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x094), "write_cr4_trap");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x400), "npf");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0x401), "avic_incomplete_ipi");
	assert_string_equal(ioa_kvm_exit_name(IOA_ISA_SVM, 0xffffffff), "invalid_guest_state");
	assert_null(ioa_kvm_exit_name(IOA_ISA_SVM, 0x0a0));
}

static void test_lookup(void **state)
{
	uint32_t r = 0;
	int isa = 0;

	(void)state;
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_VMX, "io_instruction", &r), 0);
	assert_int_equal(r, 30);
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_VMX, "EXIT_REASON_EPT_VIOLATION", &r), 0);
	assert_int_equal(r, 48);
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_SVM, "EXIT_IOIO", &r), 0);
	assert_int_equal(r, 0x7b);
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_SVM, "vmmcall", &r), 0);
	assert_int_equal(r, 0x81);
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_SVM, "IO_INSTRUCTION", &r), -1);
	assert_int_equal(ioa_kvm_exit_lookup(IOA_ISA_UNKNOWN, "HLT", &r), -1);

	/* exact case decides between the ISAs */
	assert_int_equal(ioa_kvm_exit_lookup_any("HLT", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_VMX);
	assert_int_equal(r, 12);
	assert_int_equal(ioa_kvm_exit_lookup_any("hlt", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_SVM);
	assert_int_equal(r, 0x78);
	assert_int_equal(ioa_kvm_exit_lookup_any("Hlt", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_VMX);
	assert_int_equal(ioa_kvm_exit_lookup_any("EXIT_IOIO", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_SVM);
	assert_int_equal(r, 0x7b);
	assert_int_equal(ioa_kvm_exit_lookup_any("npf", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_SVM);
	assert_int_equal(r, 0x400);
	assert_int_equal(ioa_kvm_exit_lookup_any("ept_misconfig", &isa, &r), 0);
	assert_int_equal(isa, IOA_ISA_VMX);
	assert_int_equal(r, 49);
	assert_int_equal(ioa_kvm_exit_lookup_any("no_such_exit", &isa, &r), -1);
}

/* every name maps back to its number */
static void test_roundtrip(void **state)
{
	static const int isas[] = { IOA_ISA_VMX, IOA_ISA_SVM };
	uint32_t code, r;
	int i, n = 0;

	(void)state;
	for (i = 0; i < 2; i++) {
		for (code = 0; code < 0x500; code++) {
			const char *name = ioa_kvm_exit_name(isas[i], code);

			if (!name)
				continue;
			assert_int_equal(ioa_kvm_exit_lookup(isas[i], name, &r), 0);
			assert_int_equal(r, code);
			n++;
		}
	}
	assert_true(n > 150);
}

static void test_uexit(void **state)
{
	uint32_t r = 99, i;

	(void)state;
	assert_string_equal(ioa_kvm_uexit_name(0), "KVM_EXIT_UNKNOWN");
	assert_string_equal(ioa_kvm_uexit_name(2), "KVM_EXIT_IO");
	assert_string_equal(ioa_kvm_uexit_name(5), "KVM_EXIT_HLT");
	assert_string_equal(ioa_kvm_uexit_name(6), "KVM_EXIT_MMIO");
	assert_string_equal(ioa_kvm_uexit_name(12), "KVM_EXIT_TPR_ACCESS");
	assert_string_equal(ioa_kvm_uexit_name(24), "KVM_EXIT_SYSTEM_EVENT");
	assert_null(ioa_kvm_uexit_name(1000));
	assert_int_equal(ioa_kvm_uexit_lookup("KVM_EXIT_MMIO", &r), 0);
	assert_int_equal(r, 6);
	assert_int_equal(ioa_kvm_uexit_lookup("io", &r), 0);
	assert_int_equal(r, 2);
	assert_int_equal(ioa_kvm_uexit_lookup("kvm_exit_system_event", &r), 0);
	assert_int_equal(r, 24);
	assert_int_equal(ioa_kvm_uexit_lookup("KVM_EXIT_BOGUS", &r), -1);
	for (i = 0; ioa_kvm_uexit_name(i); i++) {
		assert_int_equal(ioa_kvm_uexit_lookup(ioa_kvm_uexit_name(i), &r), 0);
		assert_int_equal(r, i);
	}
}

static void test_ioio(void **state)
{
	int port = 0, rw = 0, size = 0;

	(void)state;
	/* VMX: OUT dx, al to 0x3f8: size-1 = 0, bit 3 clear (out), port in 31:16 */
	ioa_kvm_ioio_decode(IOA_ISA_VMX, (0x3f8ull << 16) | 0x0, &port, &rw, &size);
	assert_int_equal(port, 0x3f8);
	assert_int_equal(rw, 1);
	assert_int_equal(size, 1);
	/* VMX: IN eax, dx from 0xcfc */
	ioa_kvm_ioio_decode(IOA_ISA_VMX, (0xcfcull << 16) | 0x8 | 0x3, &port, &rw, &size);
	assert_int_equal(port, 0xcfc);
	assert_int_equal(rw, 0);
	assert_int_equal(size, 4);
	/* SVM: IN (bit 0) 16 bit (bit 5) from 0x1f0 */
	ioa_kvm_ioio_decode(IOA_ISA_SVM, (0x1f0ull << 16) | 0x20 | 0x1, &port, &rw, &size);
	assert_int_equal(port, 0x1f0);
	assert_int_equal(rw, 0);
	assert_int_equal(size, 2);
	ioa_kvm_ioio_decode(IOA_ISA_SVM, (0x70ull << 16) | 0x10, NULL, &rw, NULL);
	assert_int_equal(rw, 1);
	assert_true(ioa_kvm_exit_is_io(IOA_ISA_VMX, 30));
	assert_true(ioa_kvm_exit_is_io(IOA_ISA_SVM, 0x7b));
	assert_false(ioa_kvm_exit_is_io(IOA_ISA_SVM, 30));
}

static void test_ranges(void **state)
{
	(void)state;
	assert_string_equal(ioa_kvm_port_category(0xcf8), "BUS");
	assert_string_equal(ioa_kvm_port_category(0xcff), "BUS");
	assert_string_equal(ioa_kvm_port_category(0xd00), "");
	/* timers and interrupt controllers are per-VM emulation, not a component */
	assert_string_equal(ioa_kvm_port_category(0x20), "OVERHEAD");
	assert_string_equal(ioa_kvm_port_category(0x43), "OVERHEAD");
	assert_string_equal(ioa_kvm_port_category(0x71), "OVERHEAD");
	assert_string_equal(ioa_kvm_port_category(0x608), "OVERHEAD");	/* ACPI PM timer q35 */
	assert_string_equal(ioa_kvm_port_category(0xb008), "OVERHEAD"); /* ACPI PM timer pc */
	assert_string_equal(ioa_kvm_port_category(0x3f8), "BUS");
	assert_string_equal(ioa_kvm_port_category(0x2f8), "BUS");
	assert_string_equal(ioa_kvm_port_category(0x1f0), "STORAGE");
	assert_string_equal(ioa_kvm_port_category(0x1f7), "STORAGE");
	assert_string_equal(ioa_kvm_port_category(0x170), "STORAGE");
	assert_string_equal(ioa_kvm_port_category(0x3f6), "STORAGE");
	assert_string_equal(ioa_kvm_port_category(0x376), "STORAGE");
	assert_string_equal(ioa_kvm_port_category(0x3c0), "GPU");
	assert_string_equal(ioa_kvm_port_category(0xc000), "");
	assert_string_equal(ioa_kvm_port_category(-1), "");
	assert_string_equal(ioa_kvm_gpa_category(0xa0000), "GPU");
	assert_string_equal(ioa_kvm_gpa_category(0xbffff), "GPU");
	assert_string_equal(ioa_kvm_gpa_category(0xc0000), "");
	assert_string_equal(ioa_kvm_gpa_category(0xfee00300), "OVERHEAD");
	assert_string_equal(ioa_kvm_gpa_category(0xfec00000), "OVERHEAD");
	assert_string_equal(ioa_kvm_gpa_category(0xfed00000), "OVERHEAD");
	assert_string_equal(ioa_kvm_gpa_category(0xb0000000), "BUS"); /* PCIe ECAM */
	assert_string_equal(ioa_kvm_port_dev(0x3f9)->name, "COM1 serial");
	assert_null(ioa_kvm_port_dev(0xc000));
	assert_string_equal(ioa_kvm_gpa_dev(0xfee000b0)->name, "local APIC");
	assert_string_equal(ioa_kvm_gpa_category(0xfebf0000), "");
	assert_string_equal(ioa_kvm_gpa_category(-1), "");
}

static void test_exit_category(void **state)
{
	(void)state;
	/* port decides IO_INSTRUCTION; unknown port stays unknown */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 30, 0xcfc, -1), "BUS");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 30, 0x1f0, -1), "STORAGE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 30, 0xc040, -1), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 30, -1, -1), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x7b, 0x70, -1), "OVERHEAD");
	/* EPT violation: RAM without MMIO, MMIO window with, unknown device is not RAM */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 48, -1, -1), "RAM");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 48, -1, 0xa0000), "GPU");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 48, -1, 0xfe000000), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 49, -1, 0xfee000b0), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 49, -1, 0xfebf0000), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 49, -1, -1), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x400, -1, 0xfebf1000), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x400, -1, -1), "RAM");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 62, -1, -1), "RAM");
	/* per-vCPU interrupt and timer machinery is overhead, not a bus */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 1, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 44, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 52, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x401, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x060, -1, -1), "OVERHEAD");
	/* shared cache maintenance; TLB invalidation is the vCPU's own */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 54, -1, -1), "CACHE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 13, -1, -1), "CACHE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 14, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 58, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x089, -1, -1), "CACHE");
	/* a split lock stalls the memory bus of every core */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 74, -1, -1), "RAM");
	/* idle */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 12, -1, -1), "IDLE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 36, -1, -1), "IDLE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 40, -1, -1), "IDLE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x078, -1, -1), "IDLE");
	/* overhead */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 10, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 28, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 31, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 16, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 18, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x072, -1, -1), "OVERHEAD");
	/* unknown or failed */
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 35, -1, -1), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_VMX, 0x80000030, -1, -1), "");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_UNKNOWN, 12, -1, -1), "");
}

static void test_uexit_category(void **state)
{
	(void)state;
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_HLT, -1, -1), "IDLE");
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_IO, 0x3f8, -1), "BUS");
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_IO, 0x1f7, -1), "STORAGE");
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_IO, -1, -1), "");
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_MMIO, -1, 0xb8000), "GPU");
	assert_string_equal(ioa_kvm_uexit_category(IOA_KVM_EXIT_MMIO, -1, 0xd0000000), "");
	assert_string_equal(ioa_kvm_uexit_category(3, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_uexit_category(7, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_uexit_category(26, -1, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_uexit_category(9999, -1, -1), "");
}

static int has(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (!strcmp(*list, name))
			return 1;
	return 0;
}

/*
 * Every SDM basic exit reason 0..79 has a reviewed row (the reserved 35, 38, 42, 71 none), each
 * row a category and a why; local APIC, timer and window reasons are OVERHEAD.
 */
static void test_vmx_table(void **state)
{
	static const char *const overhead[] = {
		"EXTERNAL_INTERRUPT",
		"INTERRUPT_WINDOW",
		"NMI_WINDOW",
		"TPR_BELOW_THRESHOLD",
		"APIC_ACCESS",
		"EOI_INDUCED",
		"APIC_WRITE",
		"PREEMPTION_TIMER",
		"MSR_READ",
		"MSR_WRITE",
		"CPUID",
		"CR_ACCESS",
		"DR_ACCESS",
		"XSETBV",
		"INIT_SIGNAL",
		"SIPI_SIGNAL",
		NULL,
	};
	const struct ioa_kvm_reason *t;
	size_t n, i;
	uint32_t code;

	(void)state;
	t = ioa_kvm_table(IOA_KVM_TAB_VMX, &n);
	for (code = 0; code <= 79; code++) {
		int reserved = code == 35 || code == 38 || code == 42 || code == 71;

		if (reserved)
			assert_null(ioa_kvm_exit_name(IOA_ISA_VMX, code));
		else
			assert_non_null(ioa_kvm_exit_name(IOA_ISA_VMX, code));
	}
	for (i = 0; i < n; i++) {
		assert_true(t[i].why && strlen(t[i].why) > 10);
		assert_true(!i || t[i].code > t[i - 1].code);
		if (has(overhead, t[i].name))
			assert_string_equal(t[i].cat, "OVERHEAD");
		/* nothing per-vCPU is a bus: BUS only comes from a device at an address */
		assert_true(!t[i].cat || strcmp(t[i].cat, "BUS"));
	}
	assert_null(t[30].cat);	 /* IO_INSTRUCTION: the port decides */
	assert_int_equal(n, 78); /* 0..79 without the 4 reserved, and 84, 85 */
}

static void test_svm_table(void **state)
{
	static const char *const overhead[] = {
		"interrupt",
		"vintr",
		"nmi",
		"init",
		"msr",
		"cpuid",
		"avic_incomplete_ipi",
		"avic_unaccelerated_access",
		"hypercall",
		"read_cr8",
		"write_cr8",
		"xsetbv",
		NULL,
	};
	const struct ioa_kvm_reason *t;
	size_t n, i, seen = 0;

	(void)state;
	t = ioa_kvm_table(IOA_KVM_TAB_SVM, &n);
	for (i = 0; i < n; i++) {
		assert_true(t[i].why && strlen(t[i].why) > 10);
		assert_true(!i || t[i].code > t[i - 1].code);
		assert_true(!t[i].cat || strcmp(t[i].cat, "BUS"));
		if (has(overhead, t[i].name)) {
			assert_string_equal(t[i].cat, "OVERHEAD");
			seen++;
		}
	}
	assert_int_equal(seen, 12);
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x400, -1, -1), "RAM");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x07b, 0x1f0, -1), "STORAGE");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x07b, 0x40, -1), "OVERHEAD");
	assert_string_equal(ioa_kvm_exit_category(IOA_ISA_SVM, 0x07b, 0xc050, -1), "");
	t = ioa_kvm_table(IOA_KVM_TAB_UEXIT, &n);
	for (i = 0; i < n; i++) {
		assert_int_equal(t[i].code, i);
		assert_true(t[i].why && strlen(t[i].why) > 10);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmx_names),      cmocka_unit_test(test_svm_names),
		cmocka_unit_test(test_lookup),	       cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_uexit),	       cmocka_unit_test(test_ioio),
		cmocka_unit_test(test_ranges),	       cmocka_unit_test(test_exit_category),
		cmocka_unit_test(test_uexit_category), cmocka_unit_test(test_vmx_table),
		cmocka_unit_test(test_svm_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
