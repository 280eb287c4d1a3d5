// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The derived model, VM side: at finish, vCPU threads are grouped into VMs and the thread rows
 * are built. VMs: --vm overrides, then threads of one tgid (or of the pid named by a vhost-<pid>
 * thread they wake or are woken by: source "wake"), then QEMU/Firecracker-named vCPUs sorted by
 * tid (a new VM whenever the index does not increase), then one VM per thread.
 */
#include "model_priv.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* ---- finish: threads, vCPUs, VMs --------------------------------------------------------- */

struct vcpu_pattern {
	const char *prefix;
	const char *suffix;
	int alone; /* the name alone makes a vCPU (TCG guests have no kvm events) */
};

static const struct vcpu_pattern vcpu_patterns[] = {
	{ "CPU ", "/KVM", 1 },				 /* QEMU */
	{ "CPU ", "/TCG", 1 },	  { "fc_vcpu ", "", 1 }, /* Firecracker */
	{ "vcpu", "", 0 },				 /* cloud-hypervisor */
	{ "kvm-vcpu-", "", 0 },				 /* kvmtool */
	{ "crosvm_vcpu", "", 0 },
};

/* vCPU index from a thread name, -1 when it is not a vCPU name; @alone: only decisive names */
static int vcpu_name_index(const char *comm, int alone)
{
	const struct vcpu_pattern *p;
	char *end;
	long v;

	for (p = vcpu_patterns; p < vcpu_patterns + IOA_ARRAY_SIZE(vcpu_patterns); p++) {
		const char *s = comm + strlen(p->prefix);

		if ((alone && !p->alone) || !ioa_mdl_has_prefix(comm, p->prefix) || *s < '0' ||
		    *s > '9')
			continue;
		v = strtol(s, &end, 10);
		if (!strcmp(end, p->suffix) && v < 0x10000)
			return (int)v;
	}
	return -1;
}

static const char *const kthread_prefixes[] = {
	"kworker/",   "ksoftirqd/",   "migration/", "rcu_",    "kthreadd",   "irq/",
	"cpuhp/",     "idle_inject/", "watchdog/",  "swapper", "kswapd",     "kcompactd",
	"khugepaged", "jbd2/",	      "oom_reaper", "kauditd", "khungtaskd", "ksmd",
	"kblockd",    "scsi_eh_",     "writeback",
};

static int is_kthread_name(const char *comm)
{
	size_t i;

	for (i = 0; i < IOA_ARRAY_SIZE(kthread_prefixes); i++)
		if (ioa_mdl_has_prefix(comm, kthread_prefixes[i]))
			return 1;
	return 0;
}

static int is_vcpu(const struct thread *t)
{
	return t->vsrc != VS_NONE || t->vm_id;
}

static int vcpu_index(const struct thread *t)
{
	if (t->kvm && t->kvm->vcpu_id >= 0)
		return t->kvm->vcpu_id;
	return vcpu_name_index(t->comm, 0);
}

static const char *vcpu_source(const struct thread *t)
{
	if (t->vsrc == VS_KVM_EXIT)
		return "kvm_exit";
	if (t->vsrc == VS_NAME || vcpu_name_index(t->comm, 0) >= 0)
		return "name";
	return "kvm";
}

static int add_vm(struct ioa_model *m, int host_pid, const char *name, const char *source)
{
	struct ioa_vm_row *v;

	IOA_GROW(m->vm_rows, m->nr_vm_rows, m->alloc_vm_rows);
	v = &m->vm_rows[m->nr_vm_rows++];
	memset(v, 0, sizeof(*v));
	v->vm_id = (int)m->nr_vm_rows;
	v->host_pid = host_pid;
	ioa_strlcpy(v->name, name, sizeof(v->name));
	ioa_strlcpy(v->source, source, sizeof(v->source));
	return v->vm_id;
}

static void add_vcpu(struct ioa_model *m, struct thread *t, int vm_id, int vcpu, const char *source)
{
	struct ioa_vcpu_row *r;

	IOA_GROW(m->vcpu_rows, m->nr_vcpu_rows, m->alloc_vcpu_rows);
	r = &m->vcpu_rows[m->nr_vcpu_rows++];
	r->vm_id = vm_id;
	r->vcpu = vcpu;
	r->tid = t->tid;
	ioa_strlcpy(r->source, source, sizeof(r->source));
	t->vm_id = vm_id;
}

static void group_override(struct ioa_model *m, const struct ioa_vm_override *o)
{
	const char *src = o->source ? o->source : "override";
	int id = add_vm(m, -1, o->name, src), i;
	struct thread *t;

	for (i = 0; i < o->nr_tids; i++) {
		t = ioa_mdl_thread_find(m, o->tids[i]);
		if (!t || t->vm_id) {
			ioa_model_warn(m, "%s %s: thread %d %s", o->source ? o->source : "--vm",
				       o->name, o->tids[i],
				       t ? "is already in another vm" : "is not in the trace");
			continue;
		}
		if (m->vm_rows[id - 1].host_pid < 0)
			m->vm_rows[id - 1].host_pid = t->tgid;
		add_vcpu(m, t, id, i, src);
	}
}

/* grouping class: 0 by process (tgid or vhost hint), 1 by name sequence, 2 alone */
static int vm_key(const struct thread *t)
{
	return t->tgid >= 0 ? t->tgid : t->hint_tgid;
}

static int vm_class(const struct thread *t)
{
	if (vm_key(t) >= 0)
		return 0;
	return vcpu_name_index(t->comm, 0) >= 0 ? 1 : 2;
}

static int cmp_int(int a, int b)
{
	return a < b ? -1 : a > b;
}

static int cand_cmp(const void *a, const void *b)
{
	const struct thread *x = *(struct thread *const *)a, *y = *(struct thread *const *)b;
	int cx = vm_class(x), cy = vm_class(y);
	unsigned ix = (unsigned)vcpu_index(x), iy = (unsigned)vcpu_index(y); /* -1 last */

	if (cx != cy)
		return cmp_int(cx, cy);
	if (cx == 0 && vm_key(x) != vm_key(y))
		return cmp_int(vm_key(x), vm_key(y));
	if (cx == 0 && ix != iy)
		return ix < iy ? -1 : 1;
	return cmp_int(x->tid, y->tid);
}

static int starts_vm(const struct thread *t, const struct thread *prev)
{
	int c = vm_class(t);

	if (!prev || c != vm_class(prev) || c == 2)
		return 1;
	if (c == 0)
		return vm_key(t) != vm_key(prev);
	return vcpu_index(t) <= vcpu_index(prev);
}

static int new_group_vm(struct ioa_model *m, const struct thread *t)
{
	const struct thread *leader;
	char name[64];
	int key = vm_key(t);

	switch (vm_class(t)) {
	case 0:
		leader = ioa_mdl_thread_find(m, key);
		if (leader && leader->comm[0])
			ioa_strlcpy(name, leader->comm, sizeof(name));
		else
			snprintf(name, sizeof(name), "pid %d", key);
		return add_vm(m, key, name, t->tgid >= 0 ? "tgid" : "wake");
	case 1:
		return add_vm(m, -1, "", "name");
	default:
		return add_vm(m, t->tgid, t->comm[0] ? t->comm : "?", "single");
	}
}

/* a name-sequence VM is called after the tids of its vCPUs */
static void name_vm_label(struct ioa_model *m, int id, int first_tid, int last_tid)
{
	struct ioa_vm_row *v = &m->vm_rows[id - 1];

	if (strcmp(v->source, "name"))
		return;
	snprintf(v->name, sizeof(v->name), "tids %d-%d", first_tid, last_tid);
}

void ioa_mdl_group_vcpus(struct ioa_model *m)
{
	struct thread **cand = ioa_xmalloc((m->nr_thr + 1) * sizeof(*cand));
	struct thread *prev = NULL;
	size_t i, n = 0;
	int id = 0, first = 0;

	for (i = 0; i < (size_t)m->nr_ovr; i++)
		group_override(m, &m->ovr[i]);
	for (i = 0; i < m->nr_thr; i++)
		if (is_vcpu(ioa_mdl_thread_at(m, i)) && !ioa_mdl_thread_at(m, i)->vm_id)
			cand[n++] = ioa_mdl_thread_at(m, i);
	qsort(cand, n, sizeof(*cand), cand_cmp);
	for (i = 0; i < n; prev = cand[i++]) {
		if (starts_vm(cand[i], prev)) {
			id = new_group_vm(m, cand[i]);
			first = cand[i]->tid;
		}
		if (cand[i]->tgid >= 0)
			ioa_strlcpy(m->vm_rows[id - 1].source, "tgid", 16);
		add_vcpu(m, cand[i], id, vcpu_index(cand[i]), vcpu_source(cand[i]));
		name_vm_label(m, id, first, cand[i]->tid);
	}
	free(cand);
}

/* name-only vCPUs, and vhost partners whose names came after the wake-up */
void ioa_mdl_finish_names(struct ioa_model *m)
{
	struct thread *peer;
	size_t i;

	for (i = 0; i < m->nr_thr; i++) {
		struct thread *t = ioa_mdl_thread_at(m, i);

		if (t->vsrc == VS_NONE && vcpu_name_index(t->comm, 1) >= 0)
			t->vsrc = VS_NAME;
		peer = t->peer_tid > 0 ? ioa_mdl_thread_find(m, t->peer_tid) : NULL;
		if (peer && t->hint_tgid < 0)
			ioa_mdl_vhost_peer(t, peer);
	}
}

static int thread_row_cmp(const void *a, const void *b)
{
	return cmp_int(((const struct ioa_thread_row *)a)->tid,
		       ((const struct ioa_thread_row *)b)->tid);
}

void ioa_mdl_build_thread_rows(struct ioa_model *m)
{
	size_t i;

	m->thr_rows = ioa_xcalloc(m->nr_thr + 1, sizeof(*m->thr_rows));
	for (i = 0; i < m->nr_thr; i++) {
		const struct thread *t = ioa_mdl_thread_at(m, i);
		struct ioa_thread_row *r = &m->thr_rows[i];

		r->tid = t->tid;
		r->tgid = t->tgid;
		memcpy(r->comm, t->comm, sizeof(r->comm));
		r->first_ts = t->first_ts;
		r->last_ts = t->last_ts;
		r->run_ns = t->run_ns;
		r->is_vcpu = is_vcpu(t);
		r->is_kthread = is_kthread_name(t->comm);
	}
	m->nr_thr_rows = m->nr_thr;
	qsort(m->thr_rows, m->nr_thr_rows, sizeof(*m->thr_rows), thread_row_cmp);
}
