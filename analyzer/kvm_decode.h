/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure decoding of KVM exit information: hardware exit reasons (VMX basic exit reasons, SVM
 * exit codes) and userspace exit reasons (KVM_EXIT_*) to and from names, the I/O fields packed
 * in a kvm_exit's info1, and the evidence category of an exit. Every reason has one reviewed
 * row (category and why); the README's semantics table is printed from these tables
 * (`ioaware show semantics --markdown`) and a test keeps the two equal. A category names a
 * shared physical component; per-vCPU virtualisation mechanics (local APIC, timers,
 * interrupt windows, CPUID/CR/DR/MSR) are OVERHEAD. No state, no allocation.
 */
#ifndef IOA_KVM_DECODE_H
#define IOA_KVM_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* evidence categories; "" (empty string) means unknown / no evidence */
#define IOA_KVM_CAT_BUS "BUS"
#define IOA_KVM_CAT_STORAGE "STORAGE"
#define IOA_KVM_CAT_ETHERNET "ETHERNET"
#define IOA_KVM_CAT_GPU "GPU"
#define IOA_KVM_CAT_RAM "RAM"
#define IOA_KVM_CAT_CACHE "CACHE"
#define IOA_KVM_CAT_IDLE "IDLE"
#define IOA_KVM_CAT_OVERHEAD "OVERHEAD"

/* VMX exit_reason bit 31: the VM entry failed (the low 16 bits say why) */
#define IOA_KVM_VMX_FAILED_ENTRY 0x80000000u
#define IOA_KVM_VMX_BASIC(reason) ((reason)&0xffffu)

/* one exit reason: number, kernel name, alternative name (kvm plugin for SVM), category
 * (NULL: the device at the accessed port or address decides) and a one-line why */
struct ioa_kvm_reason {
	uint32_t code;
	const char *name;
	const char *alias;
	const char *cat;
	const char *why;
};

/* a built-in device: an inclusive port or MMIO range, its name and category */
struct ioa_kvm_dev {
	uint64_t lo;
	uint64_t hi;
	const char *name;
	const char *cat;
};

enum { IOA_KVM_TAB_VMX, IOA_KVM_TAB_SVM, IOA_KVM_TAB_UEXIT, IOA_KVM_TAB_NR };

/** ioa_kvm_table() - the rows of a reason table (VMX, SVM, KVM_EXIT_*), in code order */
const struct ioa_kvm_reason *ioa_kvm_table(int tab, size_t *n);

/** ioa_kvm_devs() - the built-in port (@mmio 0) or MMIO (@mmio 1) devices, first match wins */
const struct ioa_kvm_dev *ioa_kvm_devs(int mmio, size_t *n);

/** ioa_kvm_port_dev() / ioa_kvm_gpa_dev() - the built-in device at an address, NULL none */
const struct ioa_kvm_dev *ioa_kvm_port_dev(int64_t port);
const struct ioa_kvm_dev *ioa_kvm_gpa_dev(int64_t gpa);

/* the exit reasons the model needs by number */
#define IOA_KVM_VMX_EXTERNAL_INTERRUPT 1u
#define IOA_KVM_VMX_IO_INSTRUCTION 30u
#define IOA_KVM_VMX_EPT_VIOLATION 48u
#define IOA_KVM_VMX_EPT_MISCONFIG 49u
#define IOA_KVM_SVM_INTR 0x060u
#define IOA_KVM_SVM_IOIO 0x07bu
#define IOA_KVM_SVM_NPF 0x400u

#define IOA_KVM_EXIT_IO 2u
#define IOA_KVM_EXIT_HLT 5u
#define IOA_KVM_EXIT_MMIO 6u

/**
 * ioa_kvm_exit_name() - kernel name of a hardware exit reason
 * @isa: IOA_ISA_VMX or IOA_ISA_SVM (enum ioa_isa)
 * @reason: as traced; for VMX only the basic reason (low 16 bits) is looked up
 *
 * Names are the kernel's VMX_EXIT_REASONS / SVM_EXIT_REASONS strings ("IO_INSTRUCTION",
 * "npf"). Returns NULL for an unknown reason or ISA.
 */
const char *ioa_kvm_exit_name(int isa, uint32_t reason);

/**
 * ioa_kvm_exit_lookup() - hardware exit reason number from a name, for a known ISA
 *
 * Case-insensitive. Accepts the kernel names, "EXIT_REASON_<vmx name>", and for SVM the
 * libtraceevent kvm plugin names ("EXIT_IOIO", "EXIT_NPF") with or without "EXIT_".
 * Returns 0 and sets *@reason, or -1 when the name is unknown.
 */
int ioa_kvm_exit_lookup(int isa, const char *name, uint32_t *reason);

/**
 * ioa_kvm_exit_lookup_any() - (isa, number) from a name when the ISA is unknown (text traces)
 *
 * An exact-case match wins (VMX names are upper case, SVM kernel names lower case, so "HLT" is
 * VMX 12 and "hlt" SVM 0x78); otherwise the first case-insensitive match, VMX first.
 * Returns 0, or -1 when no table knows the name.
 */
int ioa_kvm_exit_lookup_any(const char *name, int *isa, uint32_t *reason);

/** ioa_kvm_exit_is_io() - the exit is a port I/O instruction (VMX 30, SVM 0x7b) */
int ioa_kvm_exit_is_io(int isa, uint32_t reason);

/**
 * ioa_kvm_ioio_decode() - port, direction and size from a port I/O exit's info1
 * @isa: IOA_ISA_VMX (exit qualification) or IOA_ISA_SVM (EXITINFO1)
 * @rw: 1 write (OUT), 0 read (IN)
 * @size: access size in bytes
 * Any output pointer may be NULL.
 */
void ioa_kvm_ioio_decode(int isa, uint64_t info1, int *port, int *rw, int *size);

/** ioa_kvm_uexit_name() - "KVM_EXIT_IO" for 2, ...; NULL when unknown */
const char *ioa_kvm_uexit_name(uint32_t reason);

/**
 * ioa_kvm_uexit_lookup() - KVM_EXIT_* number from "KVM_EXIT_IO" or "IO" (case-insensitive)
 * Returns 0 or -1.
 */
int ioa_kvm_uexit_lookup(const char *name, uint32_t *reason);

/** ioa_kvm_port_category() - category of an I/O port, "" when no built-in range holds it */
const char *ioa_kvm_port_category(int64_t port);

/** ioa_kvm_gpa_category() - category of an MMIO guest-physical address, "" when unknown */
const char *ioa_kvm_gpa_category(int64_t gpa);

/**
 * ioa_kvm_exit_category() - evidence category of a hardware exit span
 * @port: I/O port accessed inside the span, or -1
 * @gpa: guest-physical address of an MMIO access inside the span (kvm_mmio, or a page fault
 *	 on the MMIO path), or -1. Pass -1 for a page fault resolved as RAM: an EPT violation /
 *	 npf without MMIO is RAM.
 *
 * The device at @port, then at @gpa, then the reason's row. An MMIO or port access to an
 * unknown device, or a device-decided reason (port I/O, EPT misconfiguration) without an
 * address, gives "" (unknown device), never RAM or another guess. A failed VM entry is "".
 * Returns a static string, "" when unknown.
 */
const char *ioa_kvm_exit_category(int isa, uint32_t reason, int64_t port, int64_t gpa);

/**
 * ioa_kvm_uexit_category() - category of a userspace exit (KVM_EXIT_*)
 *
 * KVM_EXIT_IO by @port, KVM_EXIT_MMIO by @gpa (unknown device ""), the others by their row:
 * KVM_EXIT_HLT IDLE, dirty ring and memory faults RAM, everything else OVERHEAD.
 */
const char *ioa_kvm_uexit_category(uint32_t reason, int64_t port, int64_t gpa);

#endif
