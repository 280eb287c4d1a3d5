/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Pure decoding of KVM exit information: hardware exit reasons (VMX basic exit reasons, SVM
 * exit codes) and userspace exit reasons (KVM_EXIT_*) to and from names, the I/O fields packed
 * in a kvm_exit's info1, and the evidence category of an exit (reference/TRACEPOINTS.md,
 * "Evidence → category"). No state, no allocation: safe from any thread.
 */
#ifndef IOA_KVM_DECODE_H
#define IOA_KVM_DECODE_H

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
#define IOA_KVM_VMX_BASIC(reason) ((reason) & 0xffffu)

/* the exit reasons the model needs by number */
#define IOA_KVM_VMX_IO_INSTRUCTION 30u
#define IOA_KVM_VMX_EPT_VIOLATION 48u
#define IOA_KVM_VMX_EPT_MISCONFIG 49u
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
 * First matching row of TRACEPOINTS.md wins: port, then MMIO window, then the exit reason.
 * An MMIO or port access to an unknown device gives "" (unknown), never RAM.
 * Returns a static string, "" when unknown.
 */
const char *ioa_kvm_exit_category(int isa, uint32_t reason, int64_t port, int64_t gpa);

/**
 * ioa_kvm_uexit_category() - category of a userspace exit (KVM_EXIT_*)
 *
 * KVM_EXIT_IO by @port, KVM_EXIT_MMIO by @gpa, KVM_EXIT_HLT IDLE, hypercalls and MSR exits
 * OVERHEAD, interrupt-window / TPR / IOAPIC EOI exits BUS; "" otherwise.
 */
const char *ioa_kvm_uexit_category(uint32_t reason, int64_t port, int64_t gpa);

#endif
