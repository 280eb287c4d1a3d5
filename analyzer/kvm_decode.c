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
#define DEV NULL /* the device at the port or address decides */
#define UNK ""

/* the reasons of one row's kind share their explanation */
#define W_NESTED "nested virtualisation: a guest hypervisor's instruction, emulated by KVM"
#define W_CR "control register access: per-vCPU paging and mode state"
#define W_DR "debug register access: per-vCPU state"
#define W_EXCP "guest exception intercepted (#PF without nested paging, #UD, #MC, ...): per vCPU"
#define W_DESC "descriptor table register access (UMIP emulation): per-vCPU state"
#define W_TLB "TLB invalidation: the vCPU's own TLB, not a shared component"
#define W_IDLE "the guest waits (halt, monitor/mwait, pause loop): idle, never scored"
#define W_INTR                                                                                     \
	"host interrupt during guest mode: the device whose irq_handler_entry runs "               \
	"in the exit span (device map), else overhead"
#define W_MSR "MSR access (x2APIC, TSC-deadline timer, ...): per-vCPU APIC and timer state"
#define W_PIO "port I/O: the device at the port decides; an unnamed port is an unknown device"
#define W_MMIO "MMIO: the device at the guest-physical address decides; unnamed = unknown device"
#define W_NPF                                                                                      \
	"nested page fault resolved as memory (page population); with MMIO evidence "              \
	"the device at the address decides"
#define W_BUSLOCK "split lock or locked uncached access: locks the memory bus for every core"
#define W_WBINVD "writes back and invalidates the caches: evicts the shared last-level cache"
#define W_TSC "time-stamp or performance counter read, emulated: per-vCPU time keeping"
#define W_INSN "instruction intercepted and emulated by KVM: no device"
#define W_FAIL "VM entry failed: no guest work, no device"
#define W_HCALL "hypercall (PV clock, PV IPI, PV TLB flush): per-vCPU mechanics"
#define W_INVD "invalidates the caches without write-back: shared cache"

/* sorted by code: Intel SDM Vol. 3 Appendix C basic exit reasons (the kernel's names) */
static const struct ioa_kvm_reason vmx_reasons[] = {
	{ 0, "EXCEPTION_NMI", NULL, OVH, W_EXCP },
	{ 1, "EXTERNAL_INTERRUPT", NULL, OVH, W_INTR },
	{ 2, "TRIPLE_FAULT", NULL, OVH, "the guest reset itself: a per-VM event" },
	{ 3, "INIT_SIGNAL", NULL, OVH, "INIT IPI (vCPU bring-up, reset): local APIC" },
	{ 4, "SIPI_SIGNAL", NULL, OVH, "start-up IPI: local APIC" },
	{ 5, "IO_SMI", NULL, OVH, "SMI after an I/O instruction (dual-monitor SMM): firmware" },
	{ 6, "OTHER_SMI", NULL, OVH, "system-management interrupt: firmware" },
	{ 7, "INTERRUPT_WINDOW", NULL, OVH, "guest can take an interrupt again: injection" },
	{ 8, "NMI_WINDOW", NULL, OVH, "guest can take an NMI again: injection" },
	{ 9, "TASK_SWITCH", NULL, OVH, "hardware task switch, emulated" },
	{ 10, "CPUID", NULL, OVH, W_INSN },
	{ 11, "GETSEC", NULL, OVH, W_INSN },
	{ 12, "HLT", NULL, IDL, W_IDLE },
	{ 13, "INVD", NULL, CCH, W_INVD },
	{ 14, "INVLPG", NULL, OVH, W_TLB },
	{ 15, "RDPMC", NULL, OVH, W_TSC },
	{ 16, "RDTSC", NULL, OVH, W_TSC },
	{ 17, "RSM", NULL, OVH, "return from SMM, emulated" },
	{ 18, "VMCALL", NULL, OVH, W_HCALL },
	{ 19, "VMCLEAR", NULL, OVH, W_NESTED },
	{ 20, "VMLAUNCH", NULL, OVH, W_NESTED },
	{ 21, "VMPTRLD", NULL, OVH, W_NESTED },
	{ 22, "VMPTRST", NULL, OVH, W_NESTED },
	{ 23, "VMREAD", NULL, OVH, W_NESTED },
	{ 24, "VMRESUME", NULL, OVH, W_NESTED },
	{ 25, "VMWRITE", NULL, OVH, W_NESTED },
	{ 26, "VMOFF", NULL, OVH, W_NESTED },
	{ 27, "VMON", NULL, OVH, W_NESTED },
	{ 28, "CR_ACCESS", NULL, OVH, W_CR },
	{ 29, "DR_ACCESS", NULL, OVH, W_DR },
	{ 30, "IO_INSTRUCTION", NULL, DEV, W_PIO },
	{ 31, "MSR_READ", NULL, OVH, W_MSR },
	{ 32, "MSR_WRITE", NULL, OVH, W_MSR },
	{ 33, "INVALID_STATE", NULL, OVH, W_FAIL },
	{ 34, "MSR_LOAD_FAIL", NULL, OVH, W_FAIL },
	{ 36, "MWAIT_INSTRUCTION", NULL, IDL, W_IDLE },
	{ 37, "MONITOR_TRAP_FLAG", NULL, OVH, "single-step trap of a debugger or the emulator" },
	{ 39, "MONITOR_INSTRUCTION", NULL, IDL, W_IDLE },
	{ 40, "PAUSE_INSTRUCTION", NULL, IDL, W_IDLE },
	{ 41, "MCE_DURING_VMENTRY", NULL, OVH, W_FAIL },
	{ 43, "TPR_BELOW_THRESHOLD", NULL, OVH,
	  "task priority lowered below a pending "
	  "interrupt: local APIC" },
	{ 44, "APIC_ACCESS", NULL, OVH,
	  "access to the virtual local APIC page: per-vCPU "
	  "interrupt controller" },
	{ 45, "EOI_INDUCED", NULL, OVH,
	  "end of interrupt of a level-triggered vector: "
	  "local APIC and IOAPIC bookkeeping" },
	{ 46, "GDTR_IDTR", NULL, OVH, W_DESC },
	{ 47, "LDTR_TR", NULL, OVH, W_DESC },
	{ 48, "EPT_VIOLATION", NULL, RAM, W_NPF },
	{ 49, "EPT_MISCONFIG", NULL, DEV, W_MMIO },
	{ 50, "INVEPT", NULL, OVH, W_NESTED },
	{ 51, "RDTSCP", NULL, OVH, W_TSC },
	{ 52, "PREEMPTION_TIMER", NULL, OVH,
	  "VMX preemption timer: KVM's per-vCPU emulation "
	  "of the guest's APIC timer" },
	{ 53, "INVVPID", NULL, OVH, W_NESTED },
	{ 54, "WBINVD", NULL, CCH, W_WBINVD },
	{ 55, "XSETBV", NULL, OVH, "extended state control (XCR0): per-vCPU state" },
	{ 56, "APIC_WRITE", NULL, OVH,
	  "write to a virtual APIC register (timer, ICR, EOI, "
	  "TPR): per-vCPU interrupt controller and timer" },
	{ 57, "RDRAND", NULL, OVH, W_INSN },
	{ 58, "INVPCID", NULL, OVH, W_TLB },
	{ 59, "VMFUNC", NULL, OVH, "VM function (EPTP switching) of the guest" },
	{ 60, "ENCLS", NULL, OVH, "SGX enclave instruction, emulated" },
	{ 61, "RDSEED", NULL, OVH, W_INSN },
	{ 62, "PML_FULL", NULL, RAM,
	  "page-modification log full: dirty tracking of memory "
	  "writes (live migration)" },
	{ 63, "XSAVES", NULL, OVH, "extended state save, intercepted" },
	{ 64, "XRSTORS", NULL, OVH, "extended state restore, intercepted" },
	{ 65, "PCONFIG", NULL, OVH, "platform configuration (memory encryption keys)" },
	{ 66, "SPP", NULL, OVH, "sub-page write protection: per-VM memory protection" },
	{ 67, "UMWAIT", NULL, IDL, W_IDLE },
	{ 68, "TPAUSE", NULL, IDL, W_IDLE },
	{ 69, "LOADIWKEY", NULL, OVH, "key locker instruction, emulated" },
	{ 70, "ENCLV", NULL, OVH, "SGX enclave virtualisation instruction, emulated" },
	{ 72, "ENQCMD_PASID_FAIL", NULL, OVH, "ENQCMD PASID translation failed: emulated" },
	{ 73, "ENQCMDS_PASID_FAIL", NULL, OVH, "ENQCMDS PASID translation failed: emulated" },
	{ 74, "BUS_LOCK", NULL, RAM, W_BUSLOCK },
	{ 75, "NOTIFY", NULL, OVH, "no interrupt window for too long: a guard of KVM" },
	{ 76, "SEAMCALL", NULL, OVH, "TDX: call into the SEAM module" },
	{ 77, "TDCALL", NULL, OVH, "TDX guest call" },
	{ 78, "RDMSRLIST", NULL, OVH, W_MSR },
	{ 79, "WRMSRLIST", NULL, OVH, W_MSR },
	{ 84, "MSR_READ_IMM", NULL, OVH, W_MSR },
	{ 85, "MSR_WRITE_IMM", NULL, OVH, W_MSR },
};

#define CR(op, n, code, al)                                                                        \
	{                                                                                          \
		code, op "_cr" #n, al, OVH, W_CR                                                   \
	}
#define DR(op, n, code, al)                                                                        \
	{                                                                                          \
		code, op "_dr" #n, al, OVH, W_DR                                                   \
	}
#define EXCP(v, n)                                                                                 \
	{                                                                                          \
		0x40 + (v), n " excp", "EXIT_EXCP_" n, OVH, W_EXCP                                 \
	}
#define TRAP(n)                                                                                    \
	{                                                                                          \
		0x90 + (n), "write_cr" #n "_trap", "EXIT_CR" #n "_WRITE_TRAP", OVH, W_CR           \
	}

/* sorted by code: AMD APM Vol. 2 Appendix C exit codes (the kernel's names) */
static const struct ioa_kvm_reason svm_reasons[] = {
	CR("read", 0, 0x000, "EXIT_READ_CR0"),
	CR("read", 2, 0x002, "EXIT_READ_CR2"),
	CR("read", 3, 0x003, "EXIT_READ_CR3"),
	CR("read", 4, 0x004, "EXIT_READ_CR4"),
	CR("read", 8, 0x008, "EXIT_READ_CR8"),
	CR("write", 0, 0x010, "EXIT_WRITE_CR0"),
	CR("write", 2, 0x012, "EXIT_WRITE_CR2"),
	CR("write", 3, 0x013, "EXIT_WRITE_CR3"),
	CR("write", 4, 0x014, "EXIT_WRITE_CR4"),
	CR("write", 8, 0x018, "EXIT_WRITE_CR8"),
	DR("read", 0, 0x020, "EXIT_READ_DR0"),
	DR("read", 1, 0x021, "EXIT_READ_DR1"),
	DR("read", 2, 0x022, "EXIT_READ_DR2"),
	DR("read", 3, 0x023, "EXIT_READ_DR3"),
	DR("read", 4, 0x024, "EXIT_READ_DR4"),
	DR("read", 5, 0x025, "EXIT_READ_DR5"),
	DR("read", 6, 0x026, "EXIT_READ_DR6"),
	DR("read", 7, 0x027, "EXIT_READ_DR7"),
	DR("write", 0, 0x030, "EXIT_WRITE_DR0"),
	DR("write", 1, 0x031, "EXIT_WRITE_DR1"),
	DR("write", 2, 0x032, "EXIT_WRITE_DR2"),
	DR("write", 3, 0x033, "EXIT_WRITE_DR3"),
	DR("write", 4, 0x034, "EXIT_WRITE_DR4"),
	DR("write", 5, 0x035, "EXIT_WRITE_DR5"),
	DR("write", 6, 0x036, "EXIT_WRITE_DR6"),
	DR("write", 7, 0x037, "EXIT_WRITE_DR7"),
	EXCP(0, "DE"),
	EXCP(1, "DB"),
	EXCP(3, "BP"),
	EXCP(4, "OF"),
	EXCP(5, "BR"),
	EXCP(6, "UD"),
	EXCP(7, "NM"),
	EXCP(8, "DF"),
	EXCP(10, "TS"),
	EXCP(11, "NP"),
	EXCP(12, "SS"),
	EXCP(13, "GP"),
	EXCP(14, "PF"),
	EXCP(16, "MF"),
	EXCP(17, "AC"),
	EXCP(18, "MC"),
	EXCP(19, "XF"),
	{ 0x060, "interrupt", "EXIT_INTR", OVH, W_INTR },
	{ 0x061, "nmi", "EXIT_NMI", OVH, "host NMI (perf, watchdog) during guest mode" },
	{ 0x062, "smi", "EXIT_SMI", OVH, "system-management interrupt: firmware" },
	{ 0x063, "init", "EXIT_INIT", OVH, "INIT signal (vCPU bring-up, reset): local APIC" },
	{ 0x064, "vintr", "EXIT_VINTR", OVH, "virtual interrupt window: injection" },
	{ 0x065, "cr0_sel_write", "EXIT_CR0_SEL_WRITE", OVH, W_CR },
	{ 0x066, "read_idtr", "EXIT_IDTR_READ", OVH, W_DESC },
	{ 0x067, "read_gdtr", "EXIT_GDTR_READ", OVH, W_DESC },
	{ 0x068, "read_ldtr", "EXIT_LDTR_READ", OVH, W_DESC },
	{ 0x069, "read_rt", "EXIT_TR_READ", OVH, W_DESC },
	{ 0x06a, "write_idtr", "EXIT_IDTR_WRITE", OVH, W_DESC },
	{ 0x06b, "write_gdtr", "EXIT_GDTR_WRITE", OVH, W_DESC },
	{ 0x06c, "write_ldtr", "EXIT_LDTR_WRITE", OVH, W_DESC },
	{ 0x06d, "write_rt", "EXIT_TR_WRITE", OVH, W_DESC },
	{ 0x06e, "rdtsc", "EXIT_RDTSC", OVH, W_TSC },
	{ 0x06f, "rdpmc", "EXIT_RDPMC", OVH, W_TSC },
	{ 0x070, "pushf", "EXIT_PUSHF", OVH, W_INSN },
	{ 0x071, "popf", "EXIT_POPF", OVH, W_INSN },
	{ 0x072, "cpuid", "EXIT_CPUID", OVH, W_INSN },
	{ 0x073, "rsm", "EXIT_RSM", OVH, "return from SMM, emulated" },
	{ 0x074, "iret", "EXIT_IRET", OVH, "IRET intercepted to open the NMI window: injection" },
	{ 0x075, "swint", "EXIT_SWINT", OVH, W_INSN },
	{ 0x076, "invd", "EXIT_INVD", CCH, W_INVD },
	{ 0x077, "pause", "EXIT_PAUSE", IDL, W_IDLE },
	{ 0x078, "hlt", "EXIT_HLT", IDL, W_IDLE },
	{ 0x079, "invlpg", "EXIT_INVLPG", OVH, W_TLB },
	{ 0x07a, "invlpga", "EXIT_INVLPGA", OVH, W_TLB },
	{ 0x07b, "io", "EXIT_IOIO", DEV, W_PIO },
	{ 0x07c, "msr", "EXIT_MSR", OVH, W_MSR },
	{ 0x07d, "task_switch", "EXIT_TASK_SWITCH", OVH, "hardware task switch, emulated" },
	{ 0x07e, "ferr_freeze", "EXIT_FERR_FREEZE", OVH, "legacy x87 error freeze: per vCPU" },
	{ 0x07f, "shutdown", "EXIT_SHUTDOWN", OVH, "the guest reset itself: a per-VM event" },
	{ 0x080, "vmrun", "EXIT_VMRUN", OVH, W_NESTED },
	{ 0x081, "hypercall", "EXIT_VMMCALL", OVH, W_HCALL },
	{ 0x082, "vmload", "EXIT_VMLOAD", OVH, W_NESTED },
	{ 0x083, "vmsave", "EXIT_VMSAVE", OVH, W_NESTED },
	{ 0x084, "stgi", "EXIT_STGI", OVH, W_NESTED },
	{ 0x085, "clgi", "EXIT_CLGI", OVH, W_NESTED },
	{ 0x086, "skinit", "EXIT_SKINIT", OVH, W_INSN },
	{ 0x087, "rdtscp", "EXIT_RDTSCP", OVH, W_TSC },
	{ 0x088, "icebp", "EXIT_ICEBP", OVH, "debug breakpoint instruction: per vCPU" },
	{ 0x089, "wbinvd", "EXIT_WBINVD", CCH, W_WBINVD },
	{ 0x08a, "monitor", "EXIT_MONITOR", IDL, W_IDLE },
	{ 0x08b, "mwait", "EXIT_MWAIT", IDL, W_IDLE },
	{ 0x08c, "mwait_cond", "EXIT_MWAIT_COND", IDL, W_IDLE },
	{ 0x08d, "xsetbv", "EXIT_XSETBV", OVH, "extended state control (XCR0): per-vCPU state" },
	{ 0x08e, "rdpru", "EXIT_RDPRU", OVH, W_TSC },
	{ 0x08f, "write_efer_trap", "EXIT_EFER_WRITE_TRAP", OVH, W_CR },
	TRAP(0),
	TRAP(1),
	TRAP(2),
	TRAP(3),
	TRAP(4),
	TRAP(5),
	TRAP(6),
	TRAP(7),
	TRAP(8),
	TRAP(9),
	TRAP(10),
	TRAP(11),
	TRAP(12),
	TRAP(13),
	TRAP(14),
	TRAP(15),
	{ 0x0a2, "invpcid", "EXIT_INVPCID", OVH, W_TLB },
	{ 0x0a5, "buslock", "EXIT_BUS_LOCK", RAM, W_BUSLOCK },
	{ 0x0a6, "idle-halt", "EXIT_IDLE_HLT", IDL, W_IDLE },
	{ 0x400, "npf", "EXIT_NPF", RAM, W_NPF },
	{ 0x401, "avic_incomplete_ipi", "EXIT_AVIC_INCOMPLETE_IPI", OVH,
	  "IPI the AVIC could not deliver: local APIC" },
	{ 0x402, "avic_unaccelerated_access", "EXIT_AVIC_UNACCELERATED_ACCESS", OVH,
	  "APIC register access AVIC does not accelerate: local APIC" },
	{ 0x403, "vmgexit", "EXIT_VMGEXIT", OVH, "SEV-ES guest request through the GHCB" },
	{ 0x80000001, "vmgexit_mmio_read", NULL, DEV, W_MMIO },
	{ 0x80000002, "vmgexit_mmio_write", NULL, DEV, W_MMIO },
	{ 0x80000003, "vmgexit_nmi_complete", NULL, OVH, "SEV-ES NMI completion: injection" },
	{ 0x80000004, "vmgexit_ap_hlt_loop", NULL, IDL, W_IDLE },
	{ 0x80000005, "vmgexit_ap_jump_table", NULL, OVH, "SEV-ES vCPU bring-up" },
	{ 0x80000010, "vmgexit_page_state_change", NULL, RAM,
	  "SEV-SNP page state change: "
	  "memory (RMP) updates" },
	{ 0x80000011, "vmgexit_guest_request", NULL, OVH, "SEV-SNP firmware request" },
	{ 0x80000012, "vmgexit_ext_guest_request", NULL, OVH, "SEV-SNP firmware request" },
	{ 0x80000013, "vmgexit_ap_creation", NULL, OVH, "SEV-SNP vCPU creation" },
	{ 0x8000fffd, "vmgexit_hypervisor_feature", NULL, OVH, "SEV-ES feature query" },
	{ 0xffffffff, "invalid_guest_state", "EXIT_ERR", OVH, W_FAIL },
};

#define W_VMM "handled by the VMM in user space, no device behind it"

/* KVM_EXIT_* (linux/kvm.h), indexed by number */
static const struct ioa_kvm_reason uexit_reasons[] = {
	{ 0, "KVM_EXIT_UNKNOWN", NULL, OVH, W_VMM },
	{ 1, "KVM_EXIT_EXCEPTION", NULL, OVH, W_VMM },
	{ 2, "KVM_EXIT_IO", NULL, DEV, W_PIO },
	{ 3, "KVM_EXIT_HYPERCALL", NULL, OVH, W_VMM },
	{ 4, "KVM_EXIT_DEBUG", NULL, OVH, W_VMM },
	{ 5, "KVM_EXIT_HLT", NULL, IDL, W_IDLE },
	{ 6, "KVM_EXIT_MMIO", NULL, DEV, W_MMIO },
	{ 7, "KVM_EXIT_IRQ_WINDOW_OPEN", NULL, OVH,
	  "interrupt window of a user-space "
	  "interrupt controller: injection" },
	{ 8, "KVM_EXIT_SHUTDOWN", NULL, OVH, "the guest reset itself: a per-VM event" },
	{ 9, "KVM_EXIT_FAIL_ENTRY", NULL, OVH, W_FAIL },
	{ 10, "KVM_EXIT_INTR", NULL, OVH, "a signal interrupted KVM_RUN" },
	{ 11, "KVM_EXIT_SET_TPR", NULL, OVH, "task priority of a user-space APIC: local APIC" },
	{ 12, "KVM_EXIT_TPR_ACCESS", NULL, OVH, "task priority of a user-space APIC: local APIC" },
	{ 13, "KVM_EXIT_S390_SIEIC", NULL, OVH, W_VMM },
	{ 14, "KVM_EXIT_S390_RESET", NULL, OVH, W_VMM },
	{ 15, "KVM_EXIT_DCR", NULL, OVH, W_VMM },
	{ 16, "KVM_EXIT_NMI", NULL, OVH, "NMI for the VMM: injection" },
	{ 17, "KVM_EXIT_INTERNAL_ERROR", NULL, OVH, W_VMM },
	{ 18, "KVM_EXIT_OSI", NULL, OVH, W_VMM },
	{ 19, "KVM_EXIT_PAPR_HCALL", NULL, OVH, W_VMM },
	{ 20, "KVM_EXIT_S390_UCONTROL", NULL, OVH, W_VMM },
	{ 21, "KVM_EXIT_WATCHDOG", NULL, OVH, W_VMM },
	{ 22, "KVM_EXIT_S390_TSCH", NULL, OVH, W_VMM },
	{ 23, "KVM_EXIT_EPR", NULL, OVH, "external proxy interrupt: injection" },
	{ 24, "KVM_EXIT_SYSTEM_EVENT", NULL, OVH, "power off, reset, crash: a per-VM event" },
	{ 25, "KVM_EXIT_S390_STSI", NULL, OVH, W_VMM },
	{ 26, "KVM_EXIT_IOAPIC_EOI", NULL, OVH,
	  "EOI for a user-space IOAPIC: interrupt "
	  "controller" },
	{ 27, "KVM_EXIT_HYPERV", NULL, OVH, "Hyper-V enlightenment (SynIC, hypercall)" },
	{ 28, "KVM_EXIT_ARM_NISV", NULL, OVH, W_VMM },
	{ 29, "KVM_EXIT_X86_RDMSR", NULL, OVH, W_MSR },
	{ 30, "KVM_EXIT_X86_WRMSR", NULL, OVH, W_MSR },
	{ 31, "KVM_EXIT_DIRTY_RING_FULL", NULL, RAM,
	  "dirty ring full: dirty tracking of "
	  "memory writes (live migration)" },
	{ 32, "KVM_EXIT_AP_RESET_HOLD", NULL, OVH, "SEV-ES vCPU reset hold" },
	{ 33, "KVM_EXIT_X86_BUS_LOCK", NULL, RAM, W_BUSLOCK },
	{ 34, "KVM_EXIT_XEN", NULL, OVH, "Xen hypercall emulation" },
	{ 35, "KVM_EXIT_RISCV_SBI", NULL, OVH, W_VMM },
	{ 36, "KVM_EXIT_RISCV_CSR", NULL, OVH, W_VMM },
	{ 37, "KVM_EXIT_NOTIFY", NULL, OVH, "no interrupt window for too long: a guard of KVM" },
	{ 38, "KVM_EXIT_LOONGARCH_IOCSR", NULL, OVH, W_VMM },
	{ 39, "KVM_EXIT_MEMORY_FAULT", NULL, RAM,
	  "guest memory fault for the VMM "
	  "(private/shared conversion)" },
	{ 40, "KVM_EXIT_TDX", NULL, OVH, "TDX guest call for the VMM" },
};

/*
 * PC platform ports (QEMU pc/q35 layout for the ACPI and hotplug blocks); first match wins.
 * Timers, interrupt controllers and chipset registers are emulated per VM: OVERHEAD.
 */
static const struct ioa_kvm_dev port_devs[] = {
	{ 0x0000, 0x001f, "DMA controller 1", OVH },
	{ 0x0020, 0x0021, "PIC master (interrupt controller)", OVH },
	{ 0x0040, 0x0043, "PIT (timer)", OVH },
	{ 0x0060, 0x0064, "i8042 keyboard controller, port 0x61 (PIT gate)", OVH },
	{ 0x0070, 0x0071, "RTC / CMOS (timer)", OVH },
	{ 0x0080, 0x008f, "POST / I/O delay port, DMA page registers", OVH },
	{ 0x0092, 0x0092, "fast A20 and reset", OVH },
	{ 0x00a0, 0x00a1, "PIC slave (interrupt controller)", OVH },
	{ 0x00c0, 0x00df, "DMA controller 2", OVH },
	{ 0x0170, 0x0177, "ATA secondary", STO },
	{ 0x01ce, 0x01cf, "Bochs VBE display", GPU },
	{ 0x01f0, 0x01f7, "ATA primary", STO },
	{ 0x02e8, 0x02ef, "COM4 serial", BUS },
	{ 0x02f8, 0x02ff, "COM2 serial", BUS },
	{ 0x0376, 0x0376, "ATA secondary control", STO },
	{ 0x0378, 0x037f, "parallel port", BUS },
	{ 0x03b0, 0x03df, "VGA", GPU },
	{ 0x03e8, 0x03ef, "COM3 serial", BUS },
	{ 0x03f0, 0x03f5, "floppy controller", STO },
	{ 0x03f6, 0x03f6, "ATA primary control", STO },
	{ 0x03f7, 0x03f7, "floppy DIR", STO },
	{ 0x03f8, 0x03ff, "COM1 serial", BUS },
	{ 0x0402, 0x0402, "QEMU debug console", BUS },
	{ 0x04d0, 0x04d1, "PIC edge/level control", OVH },
	{ 0x0510, 0x051b, "QEMU fw_cfg (firmware configuration)", OVH },
	{ 0x0600, 0x067f, "ACPI PM timer, PM and GPE blocks (q35)", OVH },
	{ 0x0cf8, 0x0cff, "PCI configuration space", BUS },
	{ 0xae00, 0xae13, "ACPI PCI hotplug (pc)", BUS },
	{ 0xaf00, 0xaf1f, "ACPI CPU hotplug (pc)", OVH },
	{ 0xafe0, 0xafe3, "ACPI GPE (pc)", OVH },
	{ 0xb000, 0xb03f, "ACPI PM timer and PM block (pc)", OVH },
};

/* well-known MMIO windows of the PC platform */
static const struct ioa_kvm_dev gpa_devs[] = {
	{ 0x000a0000, 0x000bffff, "legacy VGA frame buffer", GPU },
	{ 0xb0000000, 0xbfffffff, "PCIe ECAM (QEMU q35 MMCONFIG)", BUS },
	{ 0xfec00000, 0xfec0ffff, "IOAPIC (interrupt controller)", OVH },
	{ 0xfed00000, 0xfed003ff, "HPET (timer)", OVH },
	{ 0xfed40000, 0xfed44fff, "TPM TIS", BUS },
	{ 0xfee00000, 0xfeefffff, "local APIC", OVH },
};

static int reason_cmp(const void *key, const void *elem)
{
	uint32_t k = *(const uint32_t *)key;
	uint32_t c = ((const struct ioa_kvm_reason *)elem)->code;

	return k < c ? -1 : k > c;
}

static const struct ioa_kvm_reason *isa_table(int isa, size_t *n)
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

static const struct ioa_kvm_reason *exit_find(int isa, uint32_t reason)
{
	const struct ioa_kvm_reason *t;
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
	const struct ioa_kvm_reason *r = exit_find(isa, reason);

	return r ? r->name : NULL;
}

static int name_eq(const char *a, const char *b, int icase)
{
	if (!a)
		return 0;
	return icase ? !strcasecmp(a, b) : !strcmp(a, b);
}

/* @name against one row: kernel name, alias, alias without "EXIT_" */
static int reason_matches(const struct ioa_kvm_reason *r, const char *name, int icase)
{
	if (name_eq(r->name, name, icase) || name_eq(r->alias, name, icase))
		return 1;
	return icase && r->alias && !strncmp(r->alias, "EXIT_", 5) &&
	       name_eq(r->alias + 5, name, 1);
}

static const struct ioa_kvm_reason *table_lookup(const struct ioa_kvm_reason *t, size_t n,
						 const char *name, int icase)
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
	const struct ioa_kvm_reason *t, *r;
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
	const struct ioa_kvm_reason *t, *r;
	int icase;
	size_t i, n;

	if (!name)
		return -1;
	for (icase = 0; icase <= 1; icase++) {
		for (i = 0; i < IOA_ARRAY_SIZE(order); i++) {
			t = isa_table(order[i], &n);
			r = table_lookup(t, n,
					 order[i] == IOA_ISA_VMX ? strip_vmx_prefix(name) : name,
					 icase);
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

static const struct ioa_kvm_dev *dev_find(const struct ioa_kvm_dev *t, size_t n, int64_t addr)
{
	size_t i;

	if (addr < 0)
		return NULL;
	for (i = 0; i < n; i++)
		if ((uint64_t)addr >= t[i].lo && (uint64_t)addr <= t[i].hi)
			return &t[i];
	return NULL;
}

const struct ioa_kvm_dev *ioa_kvm_port_dev(int64_t port)
{
	return dev_find(port_devs, IOA_ARRAY_SIZE(port_devs), port);
}

const struct ioa_kvm_dev *ioa_kvm_gpa_dev(int64_t gpa)
{
	return dev_find(gpa_devs, IOA_ARRAY_SIZE(gpa_devs), gpa);
}

const char *ioa_kvm_port_category(int64_t port)
{
	const struct ioa_kvm_dev *d = ioa_kvm_port_dev(port);

	return d ? d->cat : UNK;
}

const char *ioa_kvm_gpa_category(int64_t gpa)
{
	const struct ioa_kvm_dev *d = ioa_kvm_gpa_dev(gpa);

	return d ? d->cat : UNK;
}

const struct ioa_kvm_reason *ioa_kvm_table(int tab, size_t *n)
{
	switch (tab) {
	case IOA_KVM_TAB_VMX:
		*n = IOA_ARRAY_SIZE(vmx_reasons);
		return vmx_reasons;
	case IOA_KVM_TAB_SVM:
		*n = IOA_ARRAY_SIZE(svm_reasons);
		return svm_reasons;
	case IOA_KVM_TAB_UEXIT:
		*n = IOA_ARRAY_SIZE(uexit_reasons);
		return uexit_reasons;
	default:
		*n = 0;
		return NULL;
	}
}

const struct ioa_kvm_dev *ioa_kvm_devs(int mmio, size_t *n)
{
	*n = mmio ? IOA_ARRAY_SIZE(gpa_devs) : IOA_ARRAY_SIZE(port_devs);
	return mmio ? gpa_devs : port_devs;
}

/*
 * Device evidence first; with evidence of an unknown device the answer is "" rather than the
 * reason's own category, so that an MMIO EPT violation is never taken for RAM. A reason whose
 * device decides (cat NULL) without an address is unknown too.
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
	if (port >= 0 || gpa >= 0 || !reason_cat)
		return UNK;
	return reason_cat;
}

const char *ioa_kvm_exit_category(int isa, uint32_t reason, int64_t port, int64_t gpa)
{
	const struct ioa_kvm_reason *r = exit_find(isa, reason);

	if (!r || (isa == IOA_ISA_VMX && (reason & IOA_KVM_VMX_FAILED_ENTRY)))
		return UNK;
	return evidence_category(r->cat, port, gpa);
}

const char *ioa_kvm_uexit_category(uint32_t reason, int64_t port, int64_t gpa)
{
	if (reason >= IOA_ARRAY_SIZE(uexit_reasons))
		return evidence_category(UNK, port, gpa);
	return evidence_category(uexit_reasons[reason].cat, port, gpa);
}
