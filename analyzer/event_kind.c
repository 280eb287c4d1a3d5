// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Tracepoint name → enum ioa_ev_kind. A sorted table searched with bsearch, then a short list
 * of kvm name families.
 *
 * Only kvm events that fire in the context of the vCPU thread become IOA_EV_KVM_OTHER (the
 * model marks their common_pid as a vCPU). Events KVM raises from other threads, such as the
 * MMU notifiers (kvm_age_hva, kvm_unmap_hva_range, ...) in whatever thread touches the
 * memory, async page fault completions in kworkers, irqfd/ioapic injection from vhost or the
 * VMM, or anything of the kvmmmu system, stay IOA_EV_OTHER: counted, never a vCPU marker.
 *
 * Xenomai's Cobalt co-kernel traces its own switches and wake-ups (systems cobalt_core,
 * cobalt_posix, cobalt_rtdm): those two have kinds, every other cobalt_* event is
 * IOA_EV_CO_OTHER, which only tells the model that a co-kernel was running.
 */
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "util.h"

struct kind_entry {
	const char *name;
	const char *system;
	enum ioa_ev_kind kind;
};

#define KVM_OTHER(n)                                                                               \
	{                                                                                          \
		n, "kvm", IOA_EV_KVM_OTHER                                                         \
	}

/* sorted by name (strcmp order) */
static const struct kind_entry kinds[] = {
	{ "block_rq_complete", "block", IOA_EV_BLK_COMPLETE },
	{ "block_rq_issue", "block", IOA_EV_BLK_ISSUE },
	{ "cobalt_switch_context", "cobalt_core", IOA_EV_CO_SWITCH },
	{ "cobalt_thread_resume", "cobalt_core", IOA_EV_CO_RESUME },
	{ "irq_handler_entry", "irq", IOA_EV_IRQ_ENTRY },
	{ "irq_handler_exit", "irq", IOA_EV_IRQ_EXIT },
	KVM_OTHER("kvm_apic"),
	{ "kvm_apic_accept_irq", "kvm", IOA_EV_KVM_IRQ },
	KVM_OTHER("kvm_apic_ipi"),
	KVM_OTHER("kvm_avic_incomplete_ipi"),
	KVM_OTHER("kvm_avic_unaccelerated_access"),
	KVM_OTHER("kvm_cpuid"),
	KVM_OTHER("kvm_cr"),
	KVM_OTHER("kvm_emulate_insn"),
	{ "kvm_entry", "kvm", IOA_EV_KVM_ENTRY },
	KVM_OTHER("kvm_eoi"),
	{ "kvm_exit", "kvm", IOA_EV_KVM_EXIT },
	{ "kvm_fast_mmio", "kvm", IOA_EV_KVM_MMIO },
	KVM_OTHER("kvm_fpu"),
	KVM_OTHER("kvm_halt_poll_ns"),
	KVM_OTHER("kvm_hv_hypercall"),
	KVM_OTHER("kvm_hv_timer_state"),
	KVM_OTHER("kvm_hypercall"),
	KVM_OTHER("kvm_invlpga"),
	{ "kvm_mmio", "kvm", IOA_EV_KVM_MMIO },
	{ "kvm_msi_set_irq", "kvm", IOA_EV_KVM_IRQ },
	KVM_OTHER("kvm_msr"),
	{ "kvm_page_fault", "kvm", IOA_EV_KVM_PF },
	{ "kvm_pio", "kvm", IOA_EV_KVM_PIO },
	KVM_OTHER("kvm_pml_full"),
	KVM_OTHER("kvm_pv_eoi"),
	KVM_OTHER("kvm_pvclock_update"),
	{ "kvm_set_irq", "kvm", IOA_EV_KVM_IRQ },
	KVM_OTHER("kvm_skinit"),
	KVM_OTHER("kvm_smm_transition"),
	{ "kvm_userspace_exit", "kvm", IOA_EV_KVM_UEXIT },
	KVM_OTHER("kvm_vcpu_wakeup"),
	KVM_OTHER("kvm_wait_lapic_expire"),
	KVM_OTHER("kvm_xen_hypercall"),
	{ "napi_gro_receive_entry", "net", IOA_EV_NET_RECV },
	{ "net_dev_xmit", "net", IOA_EV_NET_XMIT },
	{ "netif_receive_skb", "net", IOA_EV_NET_RECV },
	{ "netif_rx", "net", IOA_EV_NET_RECV },
	{ "sched_migrate_task", "sched", IOA_EV_MIGRATE },
	{ "sched_switch", "sched", IOA_EV_SWITCH },
	{ "sched_wakeup", "sched", IOA_EV_WAKEUP },
	{ "sched_wakeup_new", "sched", IOA_EV_WAKEUP_NEW },
	{ "sched_waking", "sched", IOA_EV_WAKING },
	{ "softirq_entry", "irq", IOA_EV_SOFTIRQ_ENTRY },
	{ "softirq_exit", "irq", IOA_EV_SOFTIRQ_EXIT },
	{ "task_rename", "task", IOA_EV_RENAME },
};

/* families of vCPU-context kvm events (kvm_inj_virq, kvm_nested_vmexit, kvm_ple_window_*) */
static const char *const kvm_vcpu_prefixes[] = {
	"kvm_inj_",
	"kvm_nested_",
	"kvm_ple_window",
	"kvm_vmgexit_",
};

static int kind_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kind_entry *)elem)->name);
}

static enum ioa_ev_kind kvm_family(const char *name)
{
	size_t i;

	for (i = 0; i < IOA_ARRAY_SIZE(kvm_vcpu_prefixes); i++)
		if (!strncmp(name, kvm_vcpu_prefixes[i], strlen(kvm_vcpu_prefixes[i])))
			return IOA_EV_KVM_OTHER;
	return IOA_EV_OTHER;
}

/* cobalt_* of the Cobalt systems (or of a text trace, which names no system) */
static int is_cobalt(const char *system, const char *name)
{
	return !strncmp(name, "cobalt_", 7) && (!system || !strncmp(system, "cobalt_", 7));
}

enum ioa_ev_kind ioa_event_kind(const char *system, const char *name)
{
	const struct kind_entry *e;

	if (!name)
		return IOA_EV_OTHER;
	e = bsearch(name, kinds, IOA_ARRAY_SIZE(kinds), sizeof(kinds[0]), kind_cmp);
	if (e)
		return !system || !strcmp(system, e->system) ? e->kind : IOA_EV_OTHER;
	if (is_cobalt(system, name))
		return IOA_EV_CO_OTHER;
	if (strncmp(name, "kvm_", 4) || (system && strcmp(system, "kvm")))
		return IOA_EV_OTHER;
	return kvm_family(name);
}
