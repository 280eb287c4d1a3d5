// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Exit reason tables and the evidence → category lookup. Numbers and names follow the
 * kernel's uapi headers (asm/vmx.h VMX_EXIT_REASONS, asm/svm.h SVM_EXIT_REASONS, linux/kvm.h
 * KVM_EXIT_*), plus the SDM reasons the kernel does not name. Every decision is a row of a
 * table; the functions only search the tables.
 */
#include "kvm_decode.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "util.h"

#define BUS IOA_KVM_CAT_BUS
#define STO IOA_KVM_CAT_STORAGE
#define GPU IOA_KVM_CAT_GPU
#define RAM IOA_KVM_CAT_RAM
#define CCH IOA_KVM_CAT_CACHE
#define IDL IOA_KVM_CAT_IDLE
#define OVH IOA_KVM_CAT_OVERHEAD
#define UNK ""

/* one exit reason: number, kernel name, alternative name (kvm plugin for SVM), category */
struct reason {
	uint32_t code;
	const char *name;
	const char *alias;
	const char *cat;
};

/* sorted by code */
static const struct reason vmx_reasons[] = {
	{ 0, "EXCEPTION_NMI", NULL, UNK },
	{ 1, "EXTERNAL_INTERRUPT", NULL, BUS },
	{ 2, "TRIPLE_FAULT", NULL, UNK },
	{ 3, "INIT_SIGNAL", NULL, BUS },
	{ 4, "SIPI_SIGNAL", NULL, BUS },
	{ 5, "IO_SMI", NULL, UNK },
	{ 6, "OTHER_SMI", NULL, UNK },
	{ 7, "INTERRUPT_WINDOW", NULL, BUS },
	{ 8, "NMI_WINDOW", NULL, BUS },
	{ 9, "TASK_SWITCH", NULL, OVH },
	{ 10, "CPUID", NULL, OVH },
	{ 11, "GETSEC", NULL, OVH },
	{ 12, "HLT", NULL, IDL },
	{ 13, "INVD", NULL, CCH },
	{ 14, "INVLPG", NULL, CCH },
	{ 15, "RDPMC", NULL, OVH },
	{ 16, "RDTSC", NULL, OVH },
	{ 17, "RSM", NULL, OVH },
	{ 18, "VMCALL", NULL, OVH },
	{ 19, "VMCLEAR", NULL, OVH },
	{ 20, "VMLAUNCH", NULL, OVH },
	{ 21, "VMPTRLD", NULL, OVH },
	{ 22, "VMPTRST", NULL, OVH },
	{ 23, "VMREAD", NULL, OVH },
	{ 24, "VMRESUME", NULL, OVH },
	{ 25, "VMWRITE", NULL, OVH },
	{ 26, "VMOFF", NULL, OVH },
	{ 27, "VMON", NULL, OVH },
	{ 28, "CR_ACCESS", NULL, OVH },
	{ 29, "DR_ACCESS", NULL, OVH },
	{ 30, "IO_INSTRUCTION", NULL, UNK },
	{ 31, "MSR_READ", NULL, OVH },
	{ 32, "MSR_WRITE", NULL, OVH },
	{ 33, "INVALID_STATE", NULL, UNK },
	{ 34, "MSR_LOAD_FAIL", NULL, UNK },
	{ 36, "MWAIT_INSTRUCTION", NULL, IDL },
	{ 37, "MONITOR_TRAP_FLAG", NULL, OVH },
	{ 39, "MONITOR_INSTRUCTION", NULL, IDL },
	{ 40, "PAUSE_INSTRUCTION", NULL, IDL },
	{ 41, "MCE_DURING_VMENTRY", NULL, UNK },
	{ 43, "TPR_BELOW_THRESHOLD", NULL, BUS },
	{ 44, "APIC_ACCESS", NULL, BUS },
	{ 45, "EOI_INDUCED", NULL, BUS },
	{ 46, "GDTR_IDTR", NULL, OVH },
	{ 47, "LDTR_TR", NULL, OVH },
	{ 48, "EPT_VIOLATION", NULL, RAM },
	{ 49, "EPT_MISCONFIG", NULL, UNK },
	{ 50, "INVEPT", NULL, CCH },
	{ 51, "RDTSCP", NULL, OVH },
	{ 52, "PREEMPTION_TIMER", NULL, BUS },
	{ 53, "INVVPID", NULL, CCH },
	{ 54, "WBINVD", NULL, CCH },
	{ 55, "XSETBV", NULL, OVH },
	{ 56, "APIC_WRITE", NULL, BUS },
	{ 57, "RDRAND", NULL, OVH },
	{ 58, "INVPCID", NULL, CCH },
	{ 59, "VMFUNC", NULL, OVH },
	{ 60, "ENCLS", NULL, OVH },
	{ 61, "RDSEED", NULL, OVH },
	{ 62, "PML_FULL", NULL, RAM },
	{ 63, "XSAVES", NULL, OVH },
	{ 64, "XRSTORS", NULL, OVH },
	{ 65, "SPP", NULL, UNK },
	{ 66, "ENCLV", NULL, OVH },
	{ 67, "UMWAIT", NULL, IDL },
	{ 68, "TPAUSE", NULL, IDL },
	{ 69, "LOADIWKEY", NULL, OVH },
	{ 74, "BUS_LOCK", NULL, UNK },
	{ 75, "NOTIFY", NULL, UNK },
	{ 76, "SEAMCALL", NULL, OVH },
	{ 77, "TDCALL", NULL, OVH },
	{ 84, "MSR_READ_IMM", NULL, OVH },
	{ 85, "MSR_WRITE_IMM", NULL, OVH },
};

#define EXCP(v, n) { 0x40 + (v), n " excp", "EXIT_EXCP_" n, UNK }
#define TRAP(n) { 0x90 + (n), "write_cr" #n "_trap", "EXIT_CR" #n "_WRITE_TRAP", OVH }

/* sorted by code; the CR/DR rows are interleaved so that the order holds */
static const struct reason svm_reasons[] = {
	{ 0x000, "read_cr0", "EXIT_READ_CR0", OVH },
	{ 0x002, "read_cr2", "EXIT_READ_CR2", OVH },
	{ 0x003, "read_cr3", "EXIT_READ_CR3", OVH },
	{ 0x004, "read_cr4", "EXIT_READ_CR4", OVH },
	{ 0x008, "read_cr8", "EXIT_READ_CR8", OVH },
	{ 0x010, "write_cr0", "EXIT_WRITE_CR0", OVH },
	{ 0x012, "write_cr2", "EXIT_WRITE_CR2", OVH },
	{ 0x013, "write_cr3", "EXIT_WRITE_CR3", OVH },
	{ 0x014, "write_cr4", "EXIT_WRITE_CR4", OVH },
	{ 0x018, "write_cr8", "EXIT_WRITE_CR8", OVH },
	{ 0x020, "read_dr0", "EXIT_READ_DR0", OVH },
	{ 0x021, "read_dr1", "EXIT_READ_DR1", OVH },
	{ 0x022, "read_dr2", "EXIT_READ_DR2", OVH },
	{ 0x023, "read_dr3", "EXIT_READ_DR3", OVH },
	{ 0x024, "read_dr4", "EXIT_READ_DR4", OVH },
	{ 0x025, "read_dr5", "EXIT_READ_DR5", OVH },
	{ 0x026, "read_dr6", "EXIT_READ_DR6", OVH },
	{ 0x027, "read_dr7", "EXIT_READ_DR7", OVH },
	{ 0x030, "write_dr0", "EXIT_WRITE_DR0", OVH },
	{ 0x031, "write_dr1", "EXIT_WRITE_DR1", OVH },
	{ 0x032, "write_dr2", "EXIT_WRITE_DR2", OVH },
	{ 0x033, "write_dr3", "EXIT_WRITE_DR3", OVH },
	{ 0x034, "write_dr4", "EXIT_WRITE_DR4", OVH },
	{ 0x035, "write_dr5", "EXIT_WRITE_DR5", OVH },
	{ 0x036, "write_dr6", "EXIT_WRITE_DR6", OVH },
	{ 0x037, "write_dr7", "EXIT_WRITE_DR7", OVH },
	EXCP(0, "DE"), EXCP(1, "DB"), EXCP(3, "BP"), EXCP(4, "OF"), EXCP(5, "BR"),
	EXCP(6, "UD"), EXCP(7, "NM"), EXCP(8, "DF"), EXCP(10, "TS"), EXCP(11, "NP"),
	EXCP(12, "SS"), EXCP(13, "GP"), EXCP(14, "PF"), EXCP(16, "MF"), EXCP(17, "AC"),
	EXCP(18, "MC"), EXCP(19, "XF"),
	{ 0x060, "interrupt", "EXIT_INTR", BUS },
	{ 0x061, "nmi", "EXIT_NMI", BUS },
	{ 0x062, "smi", "EXIT_SMI", UNK },
	{ 0x063, "init", "EXIT_INIT", BUS },
	{ 0x064, "vintr", "EXIT_VINTR", BUS },
	{ 0x065, "cr0_sel_write", "EXIT_CR0_SEL_WRITE", OVH },
	{ 0x066, "read_idtr", "EXIT_IDTR_READ", OVH },
	{ 0x067, "read_gdtr", "EXIT_GDTR_READ", OVH },
	{ 0x068, "read_ldtr", "EXIT_LDTR_READ", OVH },
	{ 0x069, "read_rt", "EXIT_TR_READ", OVH },
	{ 0x06a, "write_idtr", "EXIT_IDTR_WRITE", OVH },
	{ 0x06b, "write_gdtr", "EXIT_GDTR_WRITE", OVH },
	{ 0x06c, "write_ldtr", "EXIT_LDTR_WRITE", OVH },
	{ 0x06d, "write_rt", "EXIT_TR_WRITE", OVH },
	{ 0x06e, "rdtsc", "EXIT_RDTSC", OVH },
	{ 0x06f, "rdpmc", "EXIT_RDPMC", OVH },
	{ 0x070, "pushf", "EXIT_PUSHF", OVH },
	{ 0x071, "popf", "EXIT_POPF", OVH },
	{ 0x072, "cpuid", "EXIT_CPUID", OVH },
	{ 0x073, "rsm", "EXIT_RSM", OVH },
	{ 0x074, "iret", "EXIT_IRET", OVH },
	{ 0x075, "swint", "EXIT_SWINT", OVH },
	{ 0x076, "invd", "EXIT_INVD", CCH },
	{ 0x077, "pause", "EXIT_PAUSE", IDL },
	{ 0x078, "hlt", "EXIT_HLT", IDL },
	{ 0x079, "invlpg", "EXIT_INVLPG", CCH },
	{ 0x07a, "invlpga", "EXIT_INVLPGA", CCH },
	{ 0x07b, "io", "EXIT_IOIO", UNK },
	{ 0x07c, "msr", "EXIT_MSR", OVH },
	{ 0x07d, "task_switch", "EXIT_TASK_SWITCH", OVH },
	{ 0x07e, "ferr_freeze", "EXIT_FERR_FREEZE", UNK },
	{ 0x07f, "shutdown", "EXIT_SHUTDOWN", UNK },
	{ 0x080, "vmrun", "EXIT_VMRUN", OVH },
	{ 0x081, "hypercall", "EXIT_VMMCALL", OVH },
	{ 0x082, "vmload", "EXIT_VMLOAD", OVH },
	{ 0x083, "vmsave", "EXIT_VMSAVE", OVH },
	{ 0x084, "stgi", "EXIT_STGI", OVH },
	{ 0x085, "clgi", "EXIT_CLGI", OVH },
	{ 0x086, "skinit", "EXIT_SKINIT", OVH },
	{ 0x087, "rdtscp", "EXIT_RDTSCP", OVH },
	{ 0x088, "icebp", "EXIT_ICEBP", UNK },
	{ 0x089, "wbinvd", "EXIT_WBINVD", CCH },
	{ 0x08a, "monitor", "EXIT_MONITOR", IDL },
	{ 0x08b, "mwait", "EXIT_MWAIT", IDL },
	{ 0x08c, "mwait_cond", "EXIT_MWAIT_COND", IDL },
	{ 0x08d, "xsetbv", "EXIT_XSETBV", OVH },
	{ 0x08e, "rdpru", "EXIT_RDPRU", OVH },
	{ 0x08f, "write_efer_trap", "EXIT_EFER_WRITE_TRAP", OVH },
	TRAP(0), TRAP(1), TRAP(2), TRAP(3), TRAP(4), TRAP(5), TRAP(6), TRAP(7), TRAP(8),
	TRAP(9), TRAP(10), TRAP(11), TRAP(12), TRAP(13), TRAP(14), TRAP(15),
	{ 0x0a2, "invpcid", "EXIT_INVPCID", CCH },
	{ 0x0a5, "buslock", "EXIT_BUS_LOCK", UNK },
	{ 0x0a6, "idle-halt", "EXIT_IDLE_HLT", IDL },
	{ 0x400, "npf", "EXIT_NPF", RAM },
	{ 0x401, "avic_incomplete_ipi", "EXIT_AVIC_INCOMPLETE_IPI", BUS },
	{ 0x402, "avic_unaccelerated_access", "EXIT_AVIC_UNACCELERATED_ACCESS", BUS },
	{ 0x403, "vmgexit", "EXIT_VMGEXIT", OVH },
	{ 0x80000001, "vmgexit_mmio_read", NULL, UNK },
	{ 0x80000002, "vmgexit_mmio_write", NULL, UNK },
	{ 0x80000003, "vmgexit_nmi_complete", NULL, BUS },
	{ 0x80000004, "vmgexit_ap_hlt_loop", NULL, IDL },
	{ 0x80000005, "vmgexit_ap_jump_table", NULL, OVH },
	{ 0x80000010, "vmgexit_page_state_change", NULL, RAM },
	{ 0x80000011, "vmgexit_guest_request", NULL, OVH },
	{ 0x80000012, "vmgexit_ext_guest_request", NULL, OVH },
	{ 0x80000013, "vmgexit_ap_creation", NULL, OVH },
	{ 0x8000fffd, "vmgexit_hypervisor_feature", NULL, OVH },
	{ 0xffffffff, "invalid_guest_state", "EXIT_ERR", UNK },
};

/* KVM_EXIT_* (linux/kvm.h), indexed by number */
static const struct reason uexit_reasons[] = {
	{ 0, "KVM_EXIT_UNKNOWN", NULL, UNK },
	{ 1, "KVM_EXIT_EXCEPTION", NULL, UNK },
	{ 2, "KVM_EXIT_IO", NULL, UNK },
	{ 3, "KVM_EXIT_HYPERCALL", NULL, OVH },
	{ 4, "KVM_EXIT_DEBUG", NULL, UNK },
	{ 5, "KVM_EXIT_HLT", NULL, IDL },
	{ 6, "KVM_EXIT_MMIO", NULL, UNK },
	{ 7, "KVM_EXIT_IRQ_WINDOW_OPEN", NULL, BUS },
	{ 8, "KVM_EXIT_SHUTDOWN", NULL, UNK },
	{ 9, "KVM_EXIT_FAIL_ENTRY", NULL, UNK },
	{ 10, "KVM_EXIT_INTR", NULL, UNK },
	{ 11, "KVM_EXIT_SET_TPR", NULL, BUS },
	{ 12, "KVM_EXIT_TPR_ACCESS", NULL, BUS },
	{ 13, "KVM_EXIT_S390_SIEIC", NULL, UNK },
	{ 14, "KVM_EXIT_S390_RESET", NULL, UNK },
	{ 15, "KVM_EXIT_DCR", NULL, UNK },
	{ 16, "KVM_EXIT_NMI", NULL, BUS },
	{ 17, "KVM_EXIT_INTERNAL_ERROR", NULL, UNK },
	{ 18, "KVM_EXIT_OSI", NULL, OVH },
	{ 19, "KVM_EXIT_PAPR_HCALL", NULL, OVH },
	{ 20, "KVM_EXIT_S390_UCONTROL", NULL, UNK },
	{ 21, "KVM_EXIT_WATCHDOG", NULL, UNK },
	{ 22, "KVM_EXIT_S390_TSCH", NULL, UNK },
	{ 23, "KVM_EXIT_EPR", NULL, BUS },
	{ 24, "KVM_EXIT_SYSTEM_EVENT", NULL, UNK },
	{ 25, "KVM_EXIT_S390_STSI", NULL, OVH },
	{ 26, "KVM_EXIT_IOAPIC_EOI", NULL, BUS },
	{ 27, "KVM_EXIT_HYPERV", NULL, OVH },
	{ 28, "KVM_EXIT_ARM_NISV", NULL, UNK },
	{ 29, "KVM_EXIT_X86_RDMSR", NULL, OVH },
	{ 30, "KVM_EXIT_X86_WRMSR", NULL, OVH },
	{ 31, "KVM_EXIT_DIRTY_RING_FULL", NULL, RAM },
	{ 32, "KVM_EXIT_AP_RESET_HOLD", NULL, UNK },
	{ 33, "KVM_EXIT_X86_BUS_LOCK", NULL, UNK },
	{ 34, "KVM_EXIT_XEN", NULL, OVH },
	{ 35, "KVM_EXIT_RISCV_SBI", NULL, OVH },
	{ 36, "KVM_EXIT_RISCV_CSR", NULL, OVH },
	{ 37, "KVM_EXIT_NOTIFY", NULL, UNK },
	{ 38, "KVM_EXIT_LOONGARCH_IOCSR", NULL, UNK },
	{ 39, "KVM_EXIT_MEMORY_FAULT", NULL, RAM },
	{ 40, "KVM_EXIT_TDX", NULL, OVH },
};

/* an inclusive address range and its category; first match wins */
struct range {
	uint64_t lo;
	uint64_t hi;
	const char *cat;
};

/* PC platform ports (QEMU pc/q35 layout for the ACPI blocks) */
static const struct range port_ranges[] = {
	{ 0x0000, 0x001f, BUS },	/* DMA 1 */
	{ 0x0020, 0x0021, BUS },	/* PIC master */
	{ 0x0040, 0x0043, BUS },	/* PIT */
	{ 0x0060, 0x0064, BUS },	/* i8042 keyboard controller, port 61 */
	{ 0x0070, 0x0071, BUS },	/* RTC / CMOS */
	{ 0x0080, 0x008f, BUS },	/* POST diagnostic, DMA page registers */
	{ 0x0092, 0x0092, BUS },	/* fast A20 / reset */
	{ 0x00a0, 0x00a1, BUS },	/* PIC slave */
	{ 0x00c0, 0x00df, BUS },	/* DMA 2 */
	{ 0x0170, 0x0177, STO },	/* ATA secondary */
	{ 0x01ce, 0x01cf, GPU },	/* Bochs VBE */
	{ 0x01f0, 0x01f7, STO },	/* ATA primary */
	{ 0x02e8, 0x02ef, BUS },	/* COM4 */
	{ 0x02f8, 0x02ff, BUS },	/* COM2 */
	{ 0x0376, 0x0376, STO },	/* ATA secondary control */
	{ 0x0378, 0x037f, BUS },	/* parallel port */
	{ 0x03b0, 0x03df, GPU },	/* VGA */
	{ 0x03e8, 0x03ef, BUS },	/* COM3 */
	{ 0x03f0, 0x03f5, STO },	/* floppy controller */
	{ 0x03f6, 0x03f6, STO },	/* ATA primary control */
	{ 0x03f7, 0x03f7, STO },	/* floppy DIR */
	{ 0x03f8, 0x03ff, BUS },	/* COM1 */
	{ 0x0402, 0x0402, BUS },	/* QEMU debugcon */
	{ 0x0510, 0x051b, BUS },	/* fw_cfg */
	{ 0x0600, 0x067f, BUS },	/* ACPI PM / GPE (q35) */
	{ 0x0cf8, 0x0cff, BUS },	/* PCI configuration */
	{ 0xafe0, 0xafe3, BUS },	/* ACPI GPE (pc) */
	{ 0xb000, 0xb03f, BUS },	/* ACPI PM (pc) */
};

/* well-known MMIO windows of the PC platform */
static const struct range gpa_ranges[] = {
	{ 0x000a0000, 0x000bffff, GPU },	/* legacy VGA frame buffer */
	{ 0xb0000000, 0xbfffffff, BUS },	/* PCIe ECAM (QEMU q35 MMCONFIG) */
	{ 0xfec00000, 0xfec0ffff, BUS },	/* IOAPIC */
	{ 0xfed00000, 0xfed003ff, BUS },	/* HPET */
	{ 0xfed40000, 0xfed44fff, BUS },	/* TPM TIS */
	{ 0xfee00000, 0xfeefffff, BUS },	/* local APIC */
};

static int reason_cmp(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t c = ((const struct reason *)elem)->code;

	return k < c ? -1 : k > c;
}

static const struct reason *isa_table(int isa, size_t *n)
{
	if (isa == IOA_ISA_VMX) {
		*n = IOA_ARRAY_SIZE(vmx_reasons);
		return vmx_reasons;
	}
	if (isa == IOA_ISA_SVM) {
		*n = IOA_ARRAY_SIZE(svm_reasons);
		return svm_reasons;
	}
	*n = 0;
	return NULL;
}

static const struct reason *exit_find(int isa, uint32_t reason)
{
	const struct reason *t;
	size_t n;

	t = isa_table(isa, &n);
	if (!t)
		return NULL;
	if (isa == IOA_ISA_VMX)
		reason = IOA_KVM_VMX_BASIC(reason);
	return bsearch(&reason, t, n, sizeof(*t), reason_cmp);
}

const char *ioa_kvm_exit_name(int isa, uint32_t reason)
{
	const struct reason *r = exit_find(isa, reason);

	return r ? r->name : NULL;
}

static int name_eq(const char *a, const char *b, int icase)
{
	if (!a)
		return 0;
	return icase ? !strcasecmp(a, b) : !strcmp(a, b);
}

/* @name against one row: kernel name, alias, alias without "EXIT_" */
static int reason_matches(const struct reason *r, const char *name, int icase)
{
	if (name_eq(r->name, name, icase) || name_eq(r->alias, name, icase))
		return 1;
	return icase && r->alias && !strncmp(r->alias, "EXIT_", 5) &&
	       name_eq(r->alias + 5, name, 1);
}

static const struct reason *table_lookup(const struct reason *t, size_t n, const char *name,
					 int icase)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (reason_matches(&t[i], name, icase))
			return &t[i];
	return NULL;
}

static const char *strip_vmx_prefix(const char *name)
{
	return strncasecmp(name, "EXIT_REASON_", 12) ? name : name + 12;
}

int ioa_kvm_exit_lookup(int isa, const char *name, uint32_t *reason)
{
	const struct reason *t, *r;
	size_t n;

	t = isa_table(isa, &n);
	if (!t || !name)
		return -1;
	if (isa == IOA_ISA_VMX)
		name = strip_vmx_prefix(name);
	r = table_lookup(t, n, name, 1);
	if (!r)
		return -1;
	*reason = r->code;
	return 0;
}

int ioa_kvm_exit_lookup_any(const char *name, int *isa, uint32_t *reason)
{
	static const int order[] = { IOA_ISA_VMX, IOA_ISA_SVM };
	const struct reason *t, *r;
	int icase;
	size_t i, n;

	if (!name)
		return -1;
	for (icase = 0; icase <= 1; icase++) {
		for (i = 0; i < IOA_ARRAY_SIZE(order); i++) {
			t = isa_table(order[i], &n);
			r = table_lookup(t, n, order[i] == IOA_ISA_VMX ? strip_vmx_prefix(name) :
					 name, icase);
			if (r) {
				*isa = order[i];
				*reason = r->code;
				return 0;
			}
		}
	}
	return -1;
}

int ioa_kvm_exit_is_io(int isa, uint32_t reason)
{
	if (isa == IOA_ISA_VMX)
		return IOA_KVM_VMX_BASIC(reason) == IOA_KVM_VMX_IO_INSTRUCTION;
	return isa == IOA_ISA_SVM && reason == IOA_KVM_SVM_IOIO;
}

void ioa_kvm_ioio_decode(int isa, uint64_t info1, int *port, int *rw, int *size)
{
	int p = (int)((info1 >> 16) & 0xffff), w, sz;

	if (isa == IOA_ISA_SVM) {
		/* EXITINFO1: bit 0 IN, bits 4-6 one-hot SZ8/SZ16/SZ32 */
		w = !(info1 & 1);
		sz = (info1 & 0x40) ? 4 : (info1 & 0x20) ? 2 : 1;
	} else {
		/* exit qualification: bits 0-2 size - 1, bit 3 IN */
		w = !(info1 & 8);
		sz = (int)(info1 & 7) + 1;
	}
	if (port)
		*port = p;
	if (rw)
		*rw = w;
	if (size)
		*size = sz;
}

const char *ioa_kvm_uexit_name(uint32_t reason)
{
	if (reason >= IOA_ARRAY_SIZE(uexit_reasons))
		return NULL;
	return uexit_reasons[reason].name;
}

int ioa_kvm_uexit_lookup(const char *name, uint32_t *reason)
{
	size_t i;

	if (!name)
		return -1;
	for (i = 0; i < IOA_ARRAY_SIZE(uexit_reasons); i++) {
		const char *n = uexit_reasons[i].name;

		if (!strcasecmp(n, name) || !strcasecmp(n + strlen("KVM_EXIT_"), name)) {
			*reason = uexit_reasons[i].code;
			return 0;
		}
	}
	return -1;
}

static const char *range_find(const struct range *t, size_t n, int64_t addr)
{
	size_t i;

	if (addr < 0)
		return UNK;
	for (i = 0; i < n; i++)
		if ((uint64_t)addr >= t[i].lo && (uint64_t)addr <= t[i].hi)
			return t[i].cat;
	return UNK;
}

const char *ioa_kvm_port_category(int64_t port)
{
	return range_find(port_ranges, IOA_ARRAY_SIZE(port_ranges), port);
}

const char *ioa_kvm_gpa_category(int64_t gpa)
{
	return range_find(gpa_ranges, IOA_ARRAY_SIZE(gpa_ranges), gpa);
}

/*
 * Device evidence first; with evidence of an unknown device the answer is "" rather than the
 * reason's own category, so that an MMIO EPT violation is never taken for RAM.
 */
static const char *evidence_category(const char *reason_cat, int64_t port, int64_t gpa)
{
	const char *c;

	c = ioa_kvm_port_category(port);
	if (*c)
		return c;
	c = ioa_kvm_gpa_category(gpa);
	if (*c)
		return c;
	if (port >= 0 || gpa >= 0)
		return UNK;
	return reason_cat;
}

const char *ioa_kvm_exit_category(int isa, uint32_t reason, int64_t port, int64_t gpa)
{
	const struct reason *r = exit_find(isa, reason);

	if (isa == IOA_ISA_VMX && (reason & IOA_KVM_VMX_FAILED_ENTRY))
		return UNK;
	return evidence_category(r ? r->cat : UNK, port, gpa);
}

const char *ioa_kvm_uexit_category(uint32_t reason, int64_t port, int64_t gpa)
{
	const char *cat = UNK;

	if (reason < IOA_ARRAY_SIZE(uexit_reasons))
		cat = uexit_reasons[reason].cat;
	return evidence_category(cat, port, gpa);
}
