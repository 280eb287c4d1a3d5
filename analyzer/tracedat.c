// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * trace.dat reader: the one adapter between ioaware and libtracecmd/libtraceevent. Nothing else
 * in the project names tracecmd_* or tep_*.
 *
 * libtracecmd merges the per-CPU ring buffers (and the buffers of every instance, and the files
 * of a host and its guests) in time order and hands us one struct tep_record at a time. The
 * first time an event id is seen we resolve its kind (ioa_event_kind()) and look up, by name,
 * the fields that kind needs; every later record of that id costs a table lookup and a few
 * tep_read_number_field() calls. Events the model does not use are only named and counted.
 */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <trace-cmd/trace-cmd.h>
#include <traceevent/event-parse.h>
#include <traceevent/trace-seq.h>

#include "evpipe.h"
#include "util.h"
#include "tracecmd_abi.h"

#define TD_MAX_SLOTS 8
#define TD_MAX_STATES 16
#define TD_MAX_EVENT_ID 65536 /* common_type is 16 bits */

/* how sched_switch prev_state is printed by the traced kernel (its __print_flags table) */
struct td_state_fmt {
	uint64_t mask; /* bits that name a sleep state; none set = runnable (R) */
	uint64_t plus; /* the "+" (preempted while waking) bit */
	int n;
	uint64_t val[TD_MAX_STATES];
	char str[TD_MAX_STATES][4];
	char delim[4];
};

/* what we know about one event id, resolved the first time the id is seen */
struct td_evinfo {
	struct tep_event *event; /* NULL: id not seen yet or unknown to the format */
	enum ioa_ev_kind kind;
	int resolved;
	struct tep_format_field *f[TD_MAX_SLOTS];
	struct tep_format_field *pid; /* common_pid */
	int native;		      /* the file's byte order is ours: fields read in place */
	struct td_state_fmt *state;   /* sched_switch only */
};

/* one input file (a host or a guest trace.dat) and its buffer instances */
struct td_file {
	const char *path;
	int index;
	struct tracecmd_input *handle;
	struct tracecmd_input **inst;
	int nr_inst;
	struct tep_handle *tep;
	struct td_evinfo *ev;
	int nr_ev;
	uint64_t records;
	struct ioa_trace_meta *meta;
	int comm_valid; /* cache of the last tep_data_comm_from_pid() lookup */
	int comm_pid;
	const char *comm;
};

struct td_ctx {
	const struct ioa_event_sink *sink;
	void (*on_file)(void *priv, int file_index);
	int last_file;
	int stop;	/* the sink's non-zero return */
	char raw[4096]; /* --raw field text */
	struct ioa_event ev;
};

typedef void (*td_fill_fn)(const struct td_evinfo *ei, const struct tep_record *rec,
			   struct ioa_event *ev);

/*
 * per kind: the fields it reads, by slot (alternative names separated by '|', NULL = unused
 * slot), either inline or as a shared list, and how to fill the event from them
 */
struct td_kind {
	const char *fields[TD_MAX_SLOTS];
	const char *const *list;
	td_fill_fn fill;
};

/* ---- field access ---------------------------------------------------------------------- */

/*
 * A number field of @rec: read in place when the file has our byte order (the common case,
 * and the cost of a call into libtraceevent per field on exit-heavy traces), else through
 * tep_read_number_field(). Values are zero-extended as libtraceevent returns them.
 */
static uint64_t td_field_num(const struct td_evinfo *ei, const struct tep_format_field *f,
			     const struct tep_record *rec, uint64_t dflt)
{
	const char *p;
	unsigned long long v;
	uint32_t v32;
	uint16_t v16;

	if (!f || f->offset < 0 || f->offset + f->size > rec->size)
		return dflt;
	p = (const char *)rec->data + f->offset;
	if (ei->native) {
		switch (f->size) {
		case 1:
			return *(const uint8_t *)p;
		case 2:
			memcpy(&v16, p, 2);
			return v16;
		case 4:
			memcpy(&v32, p, 4);
			return v32;
		case 8:
			memcpy(&v, p, 8);
			return v;
		}
	}
	if (tep_read_number_field((struct tep_format_field *)f, rec->data, &v))
		return dflt;
	return v;
}

static uint64_t td_num(const struct td_evinfo *ei, int slot, const struct tep_record *rec,
		       uint64_t dflt)
{
	return td_field_num(ei, ei->f[slot], rec, dflt);
}

/* where a char[N] array or a __data_loc string lies in the record; 0 when not inside it */
static int td_span(const struct tep_format_field *f, const struct tep_record *rec,
		   unsigned int *off, unsigned int *len)
{
	unsigned long long loc;

	if (f && f->offset >= 0 && f->size == 0 && (f->flags & TEP_FIELD_IS_ARRAY) &&
	    f->offset < rec->size) { /* char buf[] (ftrace print): up to the record's end */
		*off = (unsigned int)f->offset;
		*len = (unsigned int)(rec->size - f->offset);
		return 1;
	}
	if (!f || f->offset < 0 || f->size <= 0 || f->offset + f->size > rec->size)
		return 0;
	*off = (unsigned int)f->offset;
	*len = (unsigned int)f->size;
	if (f->flags & TEP_FIELD_IS_DYNAMIC) {
		if (tep_read_number_field((struct tep_format_field *)f, rec->data, &loc))
			return 0;
		*off = loc & 0xffff;
		*len = (loc >> 16) & 0xffff;
		if (f->flags & TEP_FIELD_IS_RELATIVE)
			*off += (unsigned int)(f->offset + f->size);
	}
	return *len && *off + *len <= (unsigned int)rec->size;
}

/* a char[N] array or a __data_loc string, bounded by the record */
static void td_str(const struct td_evinfo *ei, int slot, const struct tep_record *rec, char *dst,
		   size_t size)
{
	unsigned int off, len;

	dst[0] = '\0';
	if (td_span(ei->f[slot], rec, &off, &len))
		ioa_strlcpy(dst, (const char *)rec->data + off, IOA_MIN((size_t)len + 1, size));
}

/* ---- sched_switch prev_state ------------------------------------------------------------ */

static const struct tep_print_arg *td_find_flags(const struct tep_print_arg *arg)
{
	const struct tep_print_arg *found = NULL;

	for (; arg && !found; arg = arg->next) {
		if (arg->type == TEP_PRINT_FLAGS)
			return arg;
		if (arg->type == TEP_PRINT_OP) {
			found = td_find_flags(arg->op.left);
			if (!found)
				found = td_find_flags(arg->op.right);
		} else if (arg->type == TEP_PRINT_TYPE) {
			found = td_find_flags(arg->typecast.item);
		}
	}
	return found;
}

/* Linux >= 4.14 layout (6.x included), used when the format has no readable table */
static void td_state_default(struct td_state_fmt *sf)
{
	static const char letters[] = "SDTtXZPI";
	int i;

	memset(sf, 0, sizeof(*sf));
	for (i = 0; letters[i]; i++) {
		sf->val[i] = 1ULL << i;
		sf->str[i][0] = letters[i];
	}
	sf->n = i;
	sf->mask = 0xff;
	sf->plus = 0x100;
	strcpy(sf->delim, "|");
}

/*
 * The kernel prints R when no bit of the table is set and appends "+" for the bit above the
 * table (TASK_REPORT_MAX on >= 4.14, TASK_STATE_MAX before): both follow from the highest
 * table value, so the traced kernel's own layout is used.
 */
static void td_state_parse(struct td_state_fmt *sf, struct tep_event *event)
{
	const struct tep_print_arg *arg = td_find_flags(event->print_fmt.args);
	const struct tep_print_flag_sym *sym;
	uint64_t all = 0, top;

	td_state_default(sf);
	if (!arg)
		return;
	sf->n = 0;
	for (sym = arg->flags.flags; sym && sf->n < TD_MAX_STATES; sym = sym->next) {
		sf->val[sf->n] = strtoull(sym->value, NULL, 0);
		ioa_strlcpy(sf->str[sf->n], sym->str, sizeof(sf->str[0]));
		all |= sf->val[sf->n++];
	}
	if (!all) {
		td_state_default(sf);
		return;
	}
	for (top = 1; all >> 1; all >>= 1)
		top <<= 1;
	sf->mask = (top << 1) - 1;
	sf->plus = top << 1;
	ioa_strlcpy(sf->delim, arg->flags.delim ? arg->flags.delim : "|", sizeof(sf->delim));
}

static void td_state_text(const struct td_state_fmt *sf, uint64_t state, char *buf, size_t size)
{
	uint64_t v = state & sf->mask;
	size_t len = 0;
	int i;

	buf[0] = '\0';
	if (!v)
		len = (size_t)snprintf(buf, size, "R");
	for (i = 0; v && i < sf->n && len < size; i++) {
		if (!sf->val[i] || (v & sf->val[i]) != sf->val[i])
			continue;
		len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? sf->delim : "",
					sf->str[i]);
		v &= ~sf->val[i];
	}
	if ((state & sf->plus) && len < size)
		snprintf(buf + len, size - len, "+");
}

/* ---- per-kind fill functions ------------------------------------------------------------ */

static void td_fill_switch(const struct td_evinfo *ei, const struct tep_record *rec,
			   struct ioa_event *ev)
{
	struct ioa_ev_switch *sw = &ev->u.sw;

	td_str(ei, 0, rec, sw->prev_comm, sizeof(sw->prev_comm));
	sw->prev_pid = (int)td_num(ei, 1, rec, 0);
	sw->prev_prio = (int)td_num(ei, 2, rec, 0);
	td_state_text(ei->state, td_num(ei, 3, rec, 0), sw->prev_state, sizeof(sw->prev_state));
	td_str(ei, 4, rec, sw->next_comm, sizeof(sw->next_comm));
	sw->next_pid = (int)td_num(ei, 5, rec, 0);
	sw->next_prio = (int)td_num(ei, 6, rec, 0);
}

static void td_fill_wake(const struct td_evinfo *ei, const struct tep_record *rec,
			 struct ioa_event *ev)
{
	td_str(ei, 0, rec, ev->u.wake.comm, sizeof(ev->u.wake.comm));
	ev->u.wake.pid = (int)td_num(ei, 1, rec, 0);
	ev->u.wake.prio = (int)td_num(ei, 2, rec, 0);
	ev->u.wake.target_cpu = (int)td_num(ei, 3, rec, (uint64_t)-1);
}

static void td_fill_migrate(const struct td_evinfo *ei, const struct tep_record *rec,
			    struct ioa_event *ev)
{
	td_str(ei, 0, rec, ev->u.mig.comm, sizeof(ev->u.mig.comm));
	ev->u.mig.pid = (int)td_num(ei, 1, rec, 0);
	ev->u.mig.orig_cpu = (int)td_num(ei, 2, rec, (uint64_t)-1);
	ev->u.mig.dest_cpu = (int)td_num(ei, 3, rec, (uint64_t)-1);
}

static void td_fill_rename(const struct td_evinfo *ei, const struct tep_record *rec,
			   struct ioa_event *ev)
{
	ev->u.ren.pid = (int)td_num(ei, 0, rec, 0);
	td_str(ei, 1, rec, ev->u.ren.oldcomm, sizeof(ev->u.ren.oldcomm));
	td_str(ei, 2, rec, ev->u.ren.newcomm, sizeof(ev->u.ren.newcomm));
}

static void td_fill_kvm_exit(const struct td_evinfo *ei, const struct tep_record *rec,
			     struct ioa_event *ev)
{
	struct ioa_ev_kvm_exit *x = &ev->u.kexit;

	x->vcpu_id = (int)td_num(ei, 0, rec, (uint64_t)-1);
	x->reason = (uint32_t)td_num(ei, 1, rec, 0);
	x->isa = (int)td_num(ei, 2, rec, IOA_ISA_UNKNOWN);
	x->rip = td_num(ei, 3, rec, 0);
	x->info1 = td_num(ei, 4, rec, 0);
	x->info2 = td_num(ei, 5, rec, 0);
	x->intr_info = (uint32_t)td_num(ei, 6, rec, 0);
	x->error_code = (uint32_t)td_num(ei, 7, rec, 0);
}

static void td_fill_kvm_entry(const struct td_evinfo *ei, const struct tep_record *rec,
			      struct ioa_event *ev)
{
	ev->u.kentry.vcpu_id = (int)td_num(ei, 0, rec, (uint64_t)-1);
	ev->u.kentry.rip = td_num(ei, 1, rec, 0);
}

/* kvm_fast_mmio has no type: KVM takes that path only for ioeventfd writes */
static void td_fill_mmio(const struct td_evinfo *ei, const struct tep_record *rec,
			 struct ioa_event *ev)
{
	ev->u.mmio.type = (int)td_num(ei, 0, rec, IOA_MMIO_WRITE);
	ev->u.mmio.len = (int)td_num(ei, 1, rec, 0);
	ev->u.mmio.gpa = td_num(ei, 2, rec, 0);
	ev->u.mmio.val = td_num(ei, 3, rec, 0);
}

static void td_fill_pio(const struct td_evinfo *ei, const struct tep_record *rec,
			struct ioa_event *ev)
{
	ev->u.pio.rw = (int)td_num(ei, 0, rec, 0);
	ev->u.pio.port = (int)td_num(ei, 1, rec, 0);
	ev->u.pio.size = (int)td_num(ei, 2, rec, 0);
	ev->u.pio.count = (int)td_num(ei, 3, rec, 0);
}

static void td_fill_uexit(const struct td_evinfo *ei, const struct tep_record *rec,
			  struct ioa_event *ev)
{
	ev->u.uexit.reason = (uint32_t)td_num(ei, 0, rec, 0);
	ev->u.uexit.err = (int)td_num(ei, 1, rec, 0);
}

static void td_fill_pf(const struct td_evinfo *ei, const struct tep_record *rec,
		       struct ioa_event *ev)
{
	ev->u.pf.addr = td_num(ei, 0, rec, 0);
	ev->u.pf.error_code = td_num(ei, 1, rec, 0);
}

/*
 * kvm_set_irq (gsi, level), kvm_msi_set_irq (address, data: vector = data & 0xff) and
 * kvm_apic_accept_irq (vec). MSI and APIC deliveries are assertions: level 1.
 */
static void td_fill_kvm_irq(const struct td_evinfo *ei, const struct tep_record *rec,
			    struct ioa_event *ev)
{
	struct ioa_ev_kvm_irq *k = &ev->u.kirq;

	k->gsi = (uint32_t)td_num(ei, 0, rec, td_num(ei, 2, rec, 0));
	k->level = (int)td_num(ei, 1, rec, 1);
	k->vector = (uint32_t)td_num(ei, 4, rec, td_num(ei, 3, rec, 0) & 0xff);
}

static void td_fill_blk(const struct td_evinfo *ei, const struct tep_record *rec,
			struct ioa_event *ev)
{
	struct ioa_ev_blk *b = &ev->u.blk;

	b->dev = (uint32_t)td_num(ei, 0, rec, 0);
	b->sector = td_num(ei, 1, rec, 0);
	b->nr_sector = (uint32_t)td_num(ei, 2, rec, 0);
	b->bytes = td_num(ei, 3, rec, 0);
	td_str(ei, 4, rec, b->rwbs, sizeof(b->rwbs));
	td_str(ei, 5, rec, b->comm, sizeof(b->comm));
	b->error = (int)td_num(ei, 6, rec, 0);
}

static void td_fill_net(const struct td_evinfo *ei, const struct tep_record *rec,
			struct ioa_event *ev)
{
	td_str(ei, 0, rec, ev->u.net.dev, sizeof(ev->u.net.dev));
	ev->u.net.len = (uint32_t)td_num(ei, 1, rec, 0);
}

static void td_fill_irq(const struct td_evinfo *ei, const struct tep_record *rec,
			struct ioa_event *ev)
{
	ev->u.irq.irq = (int)td_num(ei, 0, rec, (uint64_t)-1);
	td_str(ei, 1, rec, ev->u.irq.name, sizeof(ev->u.irq.name));
	ev->u.irq.ret = (int)td_num(ei, 2, rec, 0);
}

static void td_fill_softirq(const struct td_evinfo *ei, const struct tep_record *rec,
			    struct ioa_event *ev)
{
	ev->u.softirq.vec = (int)td_num(ei, 0, rec, (uint64_t)-1);
}

/* Xenomai ≥ 3.1 carries pids, prio and state; 3.0 only the names (pids -1: unknown) */
static void td_fill_co_switch(const struct td_evinfo *ei, const struct tep_record *rec,
			      struct ioa_event *ev)
{
	struct ioa_ev_co_switch *c = &ev->u.co;

	td_str(ei, 0, rec, c->prev_name, sizeof(c->prev_name));
	c->prev_pid = (int)td_num(ei, 1, rec, (uint64_t)-1);
	c->prev_prio = (int)td_num(ei, 2, rec, 0);
	c->prev_state = td_num(ei, 3, rec, 0);
	td_str(ei, 4, rec, c->next_name, sizeof(c->next_name));
	c->next_pid = (int)td_num(ei, 5, rec, (uint64_t)-1);
	c->next_prio = (int)td_num(ei, 6, rec, 0);
}

/* cobalt_thread_resume: "name", "pid" (3.0 has neither: pid -1, ignored) */
static void td_fill_co_resume(const struct td_evinfo *ei, const struct tep_record *rec,
			      struct ioa_event *ev)
{
	td_str(ei, 0, rec, ev->u.wake.comm, sizeof(ev->u.wake.comm));
	ev->u.wake.pid = (int)td_num(ei, 1, rec, (uint64_t)-1);
	ev->u.wake.target_cpu = -1;
}

static const char *const td_wake_fields[] = { "comm", "pid", "prio", "target_cpu", NULL };
static const char *const td_blk_fields[] = { "dev",  "sector", "nr_sector", "bytes",
					     "rwbs", "comm",   "error",	    NULL };

/*
 * IOA_EV_OTHER, IOA_EV_KVM_OTHER and IOA_EV_CO_OTHER have no entry: they carry no fields. Entries
 * share field lists where several kinds read the same tracepoint layout.
 */
static const struct td_kind td_kinds[IOA_EV__COUNT] = {
	[IOA_EV_SWITCH] = { .fill = td_fill_switch,
			    .fields = { "prev_comm", "prev_pid", "prev_prio", "prev_state",
					"next_comm", "next_pid", "next_prio" } },
	[IOA_EV_WAKEUP] = { .fill = td_fill_wake, .list = td_wake_fields },
	[IOA_EV_WAKEUP_NEW] = { .fill = td_fill_wake, .list = td_wake_fields },
	[IOA_EV_WAKING] = { .fill = td_fill_wake, .list = td_wake_fields },
	[IOA_EV_MIGRATE] = { .fill = td_fill_migrate,
			     .fields = { "comm", "pid", "orig_cpu", "dest_cpu" } },
	[IOA_EV_RENAME] = { .fill = td_fill_rename, .fields = { "pid", "oldcomm", "newcomm" } },
	[IOA_EV_KVM_ENTRY] = { .fill = td_fill_kvm_entry, .fields = { "vcpu_id", "rip" } },
	[IOA_EV_KVM_EXIT] = { .fill = td_fill_kvm_exit,
			      .fields = { "vcpu_id", "exit_reason", "isa", "guest_rip", "info1",
					  "info2", "intr_info", "error_code" } },
	[IOA_EV_KVM_MMIO] = { .fill = td_fill_mmio, .fields = { "type", "len", "gpa", "val" } },
	[IOA_EV_KVM_PIO] = { .fill = td_fill_pio, .fields = { "rw", "port", "size", "count" } },
	[IOA_EV_KVM_UEXIT] = { .fill = td_fill_uexit, .fields = { "reason", "errno" } },
	[IOA_EV_KVM_PF] = { .fill = td_fill_pf,
			    .fields = { "fault_address|address", "error_code" } },
	[IOA_EV_KVM_IRQ] = { .fill = td_fill_kvm_irq,
			     .fields = { "gsi", "level", "address", "data", "vec" } },
	[IOA_EV_BLK_ISSUE] = { .fill = td_fill_blk, .list = td_blk_fields },
	[IOA_EV_BLK_COMPLETE] = { .fill = td_fill_blk, .list = td_blk_fields },
	[IOA_EV_NET_XMIT] = { .fill = td_fill_net, .fields = { "name", "len" } },
	[IOA_EV_NET_RECV] = { .fill = td_fill_net, .fields = { "name", "len" } },
	[IOA_EV_IRQ_ENTRY] = { .fill = td_fill_irq, .fields = { "irq", "name" } },
	[IOA_EV_IRQ_EXIT] = { .fill = td_fill_irq, .fields = { "irq", NULL, "ret" } },
	[IOA_EV_SOFTIRQ_ENTRY] = { .fill = td_fill_softirq, .fields = { "vec" } },
	[IOA_EV_SOFTIRQ_EXIT] = { .fill = td_fill_softirq, .fields = { "vec" } },
	[IOA_EV_CO_SWITCH] = { .fill = td_fill_co_switch,
			       .fields = { "prev_name", "prev_pid", "prev_prio", "prev_state",
					   "next_name", "next_pid", "next_prio" } },
	[IOA_EV_CO_RESUME] = { .fill = td_fill_co_resume, .fields = { "name", "pid" } },
};

/* ---- event id cache --------------------------------------------------------------------- */

/* @spec is "name" or "name|alias": the first that the format has */
static struct tep_format_field *td_field(struct tep_event *event, const char *spec)
{
	char name[64];
	const char *bar;

	while (spec && *spec) {
		bar = strchr(spec, '|');
		ioa_strlcpy(name, spec,
			    bar ? IOA_MIN((size_t)(bar - spec) + 1, sizeof(name)) : sizeof(name));
		if (tep_find_field(event, name))
			return tep_find_field(event, name);
		spec = bar ? bar + 1 : NULL;
	}
	return NULL;
}

static void td_resolve(struct td_file *f, struct td_evinfo *ei, int id)
{
	const struct td_kind *k;
	const char *spec;
	int i;

	ei->resolved = 1;
	ei->event = tep_find_event(f->tep, id);
	if (!ei->event)
		return;
	ei->native = tep_is_file_bigendian(f->tep) == tep_is_local_bigendian(f->tep);
	ei->pid = tep_find_common_field(ei->event, "common_pid");
	ei->kind = ioa_event_kind(ei->event->system, ei->event->name);
	if (ei->kind <= IOA_EV_OTHER || ei->kind >= IOA_EV__COUNT)
		ei->kind = IOA_EV_OTHER;
	k = &td_kinds[ei->kind];
	for (i = 0; i < TD_MAX_SLOTS; i++) {
		spec = k->list ? k->list[i] : k->fields[i];
		if (k->list && !spec)
			break;
		ei->f[i] = spec ? td_field(ei->event, spec) : NULL;
	}
	if (ei->kind == IOA_EV_SWITCH) {
		ei->state = ioa_xmalloc(sizeof(*ei->state));
		td_state_parse(ei->state, ei->event);
	}
}

static struct td_evinfo *td_evinfo(struct td_file *f, int id)
{
	int n;

	if (id < 0 || id >= TD_MAX_EVENT_ID)
		return NULL;
	if (id >= f->nr_ev) {
		n = IOA_MAX(id + 1, f->nr_ev * 2);
		n = IOA_MIN(n, TD_MAX_EVENT_ID);
		f->ev = ioa_xrealloc(f->ev, (size_t)n * sizeof(*f->ev));
		memset(f->ev + f->nr_ev, 0, (size_t)(n - f->nr_ev) * sizeof(*f->ev));
		f->nr_ev = n;
	}
	if (!f->ev[id].resolved)
		td_resolve(f, &f->ev[id], id);
	return &f->ev[id];
}

/* ---- the record callback ---------------------------------------------------------------- */

static void td_lost(struct td_ctx *ctx, struct td_file *f, const struct tep_record *rec)
{
	/* missed_events < 0: the ring buffer says events were lost but not how many */
	uint64_t n = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;

	f->meta->lost_events += n;
	if (ctx->sink->on_lost)
		ctx->sink->on_lost(ctx->sink->priv, rec->cpu, rec->ts, n);
}

/* --raw text, "name=value ...": a bounded appender, cheaper than trace_seq + printf */
struct td_text {
	char *buf;
	size_t len, cap;
};

static void td_put(struct td_text *t, const char *s, size_t n)
{
	n = IOA_MIN(n, t->cap - 1 - t->len);
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

static void td_put_u64(struct td_text *t, uint64_t v, int hex)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[24];
	int i = (int)sizeof(tmp);
	unsigned int base = hex ? 16 : 10;

	do {
		tmp[--i] = digits[v % base];
		v /= base;
	} while (v);
	if (hex) {
		tmp[--i] = 'x';
		tmp[--i] = '0';
	}
	td_put(t, tmp + i, sizeof(tmp) - (size_t)i);
}

static void td_put_number(struct td_text *t, const struct tep_format_field *f,
			  const struct tep_record *rec)
{
	unsigned long long v;
	int bits = f->size * 8;

	if (f->size > 8 || tep_read_number_field((struct tep_format_field *)f, rec->data, &v))
		return;
	if (f->flags & TEP_FIELD_IS_POINTER) {
		td_put_u64(t, v, 1);
		return;
	}
	if ((f->flags & TEP_FIELD_IS_SIGNED) && bits < 64 && (v >> (bits - 1)) & 1)
		v |= ~0ULL << bits; /* sign-extend */
	if ((f->flags & TEP_FIELD_IS_SIGNED) && (long long)v < 0) {
		td_put(t, "-", 1);
		v = -v;
	}
	td_put_u64(t, v, 0);
}

static void td_put_field(struct td_text *t, const struct tep_format_field *f,
			 const struct tep_record *rec)
{
	unsigned int off, len;
	const char *p;

	td_put(t, f->name, strlen(f->name));
	td_put(t, "=", 1);
	if ((f->flags & (TEP_FIELD_IS_STRING | TEP_FIELD_IS_DYNAMIC)) ||
	    ((f->flags & TEP_FIELD_IS_ARRAY) && strstr(f->type, "char"))) {
		if (td_span(f, rec, &off, &len)) {
			p = (const char *)rec->data + off;
			td_put(t, p, strnlen(p, len));
		}
		return;
	}
	if (f->flags & TEP_FIELD_IS_ARRAY) {
		if (!td_span(f, rec, &off, &len))
			return;
		for (; len; len--, off++)
			td_put_u64(t, ((const unsigned char *)rec->data)[off], 1);
		return;
	}
	td_put_number(t, f, rec);
}

static void td_fields(struct td_ctx *ctx, const struct td_evinfo *ei, struct tep_record *rec)
{
	struct td_text t = { ctx->raw, 0, sizeof(ctx->raw) };
	const struct tep_format_field *f;

	for (f = ei && ei->event ? ei->event->format.fields : NULL; f; f = f->next) {
		if (t.len)
			td_put(&t, " ", 1);
		td_put_field(&t, f, rec);
	}
	t.buf[t.len] = '\0';
	ctx->sink->on_fields(ctx->sink->priv, t.buf);
}

static void td_fill(struct td_file *f, const struct td_evinfo *ei, struct tep_record *rec,
		    struct ioa_event *ev)
{
	const char *comm;

	ev->ts = rec->ts;
	ev->cpu = rec->cpu;
	if (ei && ei->pid)
		ev->pid = (int)td_field_num(ei, ei->pid, rec, 0);
	else
		ev->pid = tep_data_pid(f->tep, rec);
	ev->tgid = -1;
	ev->kind = ei && ei->event ? ei->kind : IOA_EV_OTHER;
	ev->name = ei && ei->event ? ei->event->name : "unknown";
	ev->comm = NULL;
	if (ev->kind == IOA_EV_OTHER)
		return;
	memset(&ev->u, 0, sizeof(ev->u));
	/* a binary search in libtraceevent's cmdline table: cache it, pids repeat */
	if (!f->comm_valid || ev->pid != f->comm_pid) {
		comm = tep_data_comm_from_pid(f->tep, ev->pid);
		f->comm_valid = 1;
		f->comm_pid = ev->pid;
		f->comm = comm && strcmp(comm, "<...>") ? comm : NULL;
	}
	ev->comm = f->comm;
	if (td_kinds[ev->kind].fill)
		td_kinds[ev->kind].fill(ei, rec, ev);
}

static int td_on_record(struct tracecmd_input *handle, struct tep_record *rec, int cpu, void *data)
{
	struct td_ctx *ctx = data;
	struct td_file *f = tracecmd_get_private(handle);
	struct td_evinfo *ei;

	(void)cpu;
	if (ctx->stop)
		return -1;
	f->records++;
	if (rec->missed_events)
		td_lost(ctx, f, rec);
	if (ctx->on_file && f->index != ctx->last_file)
		ctx->on_file(ctx->sink->priv, f->index);
	ctx->last_file = f->index;
	ei = td_evinfo(f, tep_data_type(f->tep, rec));
	if (ctx->sink->want_fields && ctx->sink->on_fields)
		td_fields(ctx, ei, rec);
	td_fill(f, ei, rec, &ctx->ev);
	ctx->stop = ctx->sink->on_event(ctx->sink->priv, &ctx->ev);
	/* libtracecmd stops iterating only on a negative return */
	return ctx->stop ? -1 : 0;
}

/* ---- opening and metadata --------------------------------------------------------------- */

static void td_warn(const struct ioa_event_sink *sink, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void td_warn(const struct ioa_event_sink *sink, const char *fmt, ...)
{
	char msg[IOA_ERRMSG_LEN];
	va_list ap;

	if (!sink->on_warning)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sink->on_warning(sink->priv, msg);
}

/* why libtracecmd refused a file, from its first bytes */
static const char *td_why(const char *path, char *buf, size_t size)
{
	static const char magic[] = "\x17\x08\x44tracing";
	char head[256] = { 0 };
	const char *comp;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, head, sizeof(head) - 1);
	if (fd >= 0)
		close(fd);
	if (n < (ssize_t)sizeof(magic))
		return n == 0 ? "empty file" : "too short";
	if (memcmp(head, magic, sizeof(magic) - 1))
		return "no trace.dat magic";
	if (atoi(head + 10) < 6 || atoi(head + 10) > 7)
		return "unsupported file version";
	comp = head + 10 + strlen(head + 10) + 1 + 1 + 1 + 4;
	if (atoi(head + 10) == 7 && comp < head + n && strcmp(comp, "none")) {
		snprintf(buf, size, "%s compression unsupported or corrupt headers", comp);
		return buf;
	}
	return "corrupt or truncated headers";
}

static bool td_counter_clock(const char *clock)
{
	return !strcmp(clock, "x86-tsc") || !strcmp(clock, "tsc") || !strcmp(clock, "counter") ||
	       !strcmp(clock, "arm64-counter");
}

/*
 * Each buffer has its own clock (an instance can run x86-tsc under a "local" top buffer):
 * a buffer with a counter clock decides, since its timestamps are what need converting.
 */
static struct tracecmd_input *td_clock_handle(struct td_file *f)
{
	const char *clock;
	int i;

	for (i = 0; i < f->nr_inst; i++) {
		clock = ioa_tcmd_trace_clock(f->inst[i]);
		if (clock && td_counter_clock(clock))
			return f->inst[i];
	}
	return f->handle;
}

static void td_meta_clock(struct td_file *f, const struct ioa_event_sink *sink)
{
	struct ioa_trace_meta *m = f->meta;
	struct tracecmd_input *h = td_clock_handle(f);
	const char *clock = ioa_tcmd_trace_clock(h);

	m->clock_is_ns = ioa_tcmd_ts_in_ns(h);
	ioa_strlcpy(m->clock, clock ? clock : "local", sizeof(m->clock));
	if (!td_counter_clock(m->clock))
		return;
	if (m->clock_is_ns) {
		/* libtracecmd applies the file's TSC2NSEC multiplier/shift */
		ioa_strlcpy(m->clock, "tsc2nsec", sizeof(m->clock));
		return;
	}
	m->clock_is_ns = 0;
	td_warn(sink, "%s: clock %s without TSC2NSEC: timestamps are raw cycles, not ns", f->path,
		clock);
}

static void td_meta(struct td_file *f, const struct ioa_event_sink *sink)
{
	struct ioa_trace_meta *m = f->meta;
	const char *uname = ioa_tcmd_uname(f->handle);
	int fails;

	memset(m, 0, sizeof(*m));
	ioa_strlcpy(m->format, "trace.dat", sizeof(m->format));
	snprintf(m->version, sizeof(m->version), "%lu", ioa_tcmd_file_version(f->handle));
	ioa_strlcpy(m->compression, ioa_tcmd_compression(f->handle), sizeof(m->compression));
	td_meta_clock(f, sink);
	m->cpus = ioa_tcmd_cpus(f->handle);
	m->long_size = ioa_tcmd_long_size(f->handle);
	ioa_strlcpy(m->host, uname ? uname : "", sizeof(m->host));
	m->trace_id = tracecmd_get_traceid(f->handle);
	m->buffers = 1 + f->nr_inst;
	fails = ioa_tcmd_parsing_failures(f->handle);
	if (fails > 0)
		td_warn(sink,
			"%s: %d event formats could not be parsed; their events are counted "
			"but not decoded",
			f->path, fails);
}

static int td_open(struct td_file *f, const struct ioa_event_sink *sink, struct ioa_err *err)
{
	char why[96];
	int i, fd, data_failed;

	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ioa_error(err, IOA_EIO, "%s: cannot open: %s", f->path, strerror(errno));
	/* a handle whose data failed to load is dropped there: closing it crashes libtracecmd */
	f->handle = ioa_tcmd_open_fd(fd, TRACECMD_FL_LOAD_NO_PLUGINS, &data_failed);
	if (!f->handle)
		close(fd);
	if (data_failed)
		return ioa_error(err, IOA_EINPUT,
				 "%s: not a readable trace.dat (truncated or "
				 "corrupt event data)",
				 f->path);
	if (!f->handle)
		return ioa_error(err, IOA_EINPUT, "%s: not a readable trace.dat (%s)", f->path,
				 td_why(f->path, why, sizeof(why)));
	f->tep = tracecmd_get_tep(f->handle);
	tracecmd_set_private(f->handle, f);
	f->nr_inst = IOA_MAX(tracecmd_buffer_instances(f->handle), 0);
	f->inst = ioa_xcalloc((size_t)f->nr_inst + 1, sizeof(*f->inst));
	for (i = 0; i < f->nr_inst; i++) {
		f->inst[i] = tracecmd_buffer_instance_handle(f->handle, i);
		if (!f->inst[i])
			return ioa_error(err, IOA_EINPUT, "%s: buffer instance %s: unreadable",
					 f->path, tracecmd_buffer_instance_name(f->handle, i));
		tracecmd_set_private(f->inst[i], f);
	}
	td_meta(f, sink);
	return 0;
}

static void td_close(struct td_file *f)
{
	int i;

	for (i = 0; f->inst && i < f->nr_inst; i++)
		if (f->inst[i])
			tracecmd_close(f->inst[i]);
	if (f->handle)
		tracecmd_close(f->handle);
	for (i = 0; i < f->nr_ev; i++)
		free(f->ev[i].state);
	free(f->ev);
	free(f->inst);
}

/* ---- iteration ---------------------------------------------------------------------------- */

static struct tracecmd_input **td_handles(struct td_file *files, int n, int *nr)
{
	struct tracecmd_input **h;
	int i, j, total = 0;

	for (i = 0; i < n; i++)
		total += 1 + files[i].nr_inst;
	h = ioa_xcalloc((size_t)total, sizeof(*h));
	*nr = 0;
	for (i = 0; i < n; i++) {
		h[(*nr)++] = files[i].handle;
		for (j = 0; j < files[i].nr_inst; j++)
			h[(*nr)++] = files[i].inst[j];
	}
	return h;
}

static int td_iterate(struct td_ctx *ctx, struct td_file *files, int n, struct ioa_err *err)
{
	struct tracecmd_input **h;
	uint64_t records = 0;
	int i, nr;

	h = td_handles(files, n, &nr);
	if (nr == 1)
		tracecmd_iterate_events(h[0], NULL, 0, td_on_record, ctx);
	else
		tracecmd_iterate_events_multi(h, nr, td_on_record, ctx);
	free(h);
	if (ctx->stop)
		return ctx->stop;
	for (i = 0; i < n; i++)
		records += files[i].records;
	if (!records)
		return ioa_error(err, IOA_ENODATA, "%s: the trace holds no event data",
				 files[0].path);
	return 0;
}

static void td_quiet(void)
{
	/* libtracecmd and libtraceevent log to stderr by default; a reader never prints */
	tracecmd_set_loglevel(TEP_LOG_NONE);
	tep_set_loglevel(TEP_LOG_NONE);
}

/* ---- one file, its CPUs decoded by several threads ----------------------------------------- */

#define TD_MAX_DECODERS 8

/* one per-CPU ring buffer of one buffer (top or instance) of the file */
struct td_stream {
	struct tracecmd_input *h;
	int slot;		 /* the CPU slot of @h */
	uint32_t key;		 /* position in libtracecmd's merge order: buffers, then CPUs */
	struct tep_record *head; /* its next record, NULL at its end */
};

/* every decoder reads its own open copy of the file; files[0]'s meta is the file's */
struct td_par {
	struct td_file *files;
	int n;
	const char **canon; /* [event id]: the name pointer the sink sees for that id */
};

/* the streams of decoder @k: every n-th one of all the file's buffers and CPU slots */
static struct td_stream *td_streams(struct td_file *f, int k, int n, int *nr)
{
	struct tracecmd_input **h;
	struct td_stream *s = NULL;
	int i, slot, nh, key = 0, alloc = 0;

	*nr = 0;
	h = td_handles(f, 1, &nh);
	for (i = 0; i < nh; i++)
		for (slot = 0; slot < ioa_tcmd_cpus(h[i]); slot++, key++) {
			if (key % n != k)
				continue;
			IOA_GROW(s, *nr, alloc);
			s[*nr] = (struct td_stream){ h[i], slot, (uint32_t)key,
						     tracecmd_read_data(h[i], slot) };
			(*nr)++;
		}
	free(h);
	return s;
}

static void td_decode(struct td_file *f, const struct tep_record *rec, struct ioa_evitem *it)
{
	f->records++;
	it->lost = rec->missed_events != 0;
	/* missed_events < 0: the ring buffer says events were lost but not how many */
	it->missed = rec->missed_events > 0 ? (uint64_t)rec->missed_events : 0;
	it->id = tep_data_type(f->tep, (struct tep_record *)rec);
	td_fill(f, td_evinfo(f, it->id), (struct tep_record *)rec, &it->ev);
}

/* decoder @k: its streams merged by (ts, key), as libtracecmd merges all of them */
static int td_produce(void *priv, int k, struct ioa_evpipe *p)
{
	struct td_par *par = priv;
	struct td_file *f = &par->files[k];
	struct td_stream *s, *best;
	struct tep_record *rec;
	int i, nr, stop = 0;

	s = td_streams(f, k, par->n, &nr);
	while (!stop) {
		best = NULL;
		for (i = 0; i < nr; i++) /* in key order: the first of equal times wins */
			if (s[i].head && (!best || s[i].head->ts < best->head->ts))
				best = &s[i];
		if (!best)
			break;
		rec = best->head;
		td_decode(f, rec, ioa_evpipe_slot(p, k));
		ioa_evpipe_slot(p, k)->key = best->key;
		stop = ioa_evpipe_put(p, k);
		tracecmd_free_record(rec);
		best->head = stop ? NULL : tracecmd_read_data(best->h, best->slot);
	}
	for (i = 0; i < nr; i++)
		tracecmd_free_record(s[i].head);
	free(s);
	return 0;
}

/* the modelling thread: events in order to the sink, lost events before the event after them */
static int td_consume(struct td_par *par, struct ioa_evpipe *p, struct td_ctx *ctx)
{
	const struct ioa_event_sink *sink = ctx->sink;
	const struct ioa_evitem *it;
	struct ioa_event ev;
	int k;

	while (!ctx->stop && (it = ioa_evpipe_next(p, &k))) {
		if (it->lost) {
			par->files[0].meta->lost_events += it->missed;
			if (sink->on_lost)
				sink->on_lost(sink->priv, it->ev.cpu, it->ev.ts, it->missed);
		}
		ev = it->ev;
		/* each decoder has its own copy of the formats: one name pointer per event id */
		if (it->id >= 0 && it->id < TD_MAX_EVENT_ID) {
			if (!par->canon[it->id])
				par->canon[it->id] = ev.name;
			ev.name = par->canon[it->id];
		}
		ctx->stop = sink->on_event(sink->priv, &ev);
	}
	return ctx->stop;
}

/* @par->n decoders, or the reading thread alone when threads cannot be had (n becomes 1) */
static int td_par_run(struct td_par *par, struct td_ctx *ctx, struct ioa_err *err)
{
	struct ioa_evpipe *p = ioa_evpipe_start(par->n, td_produce, par);
	uint64_t records = 0;
	int i, ret;

	if (!p) {
		par->n = 1;
		return td_iterate(ctx, par->files, 1, err);
	}
	ret = td_consume(par, p, ctx);
	ioa_evpipe_finish(p);
	if (ret)
		return ret;
	for (i = 0; i < par->n; i++)
		records += par->files[i].records;
	if (!records)
		return ioa_error(err, IOA_ENODATA, "%s: the trace holds no event data",
				 par->files[0].path);
	return 0;
}

/* how many decoders for @f: one per CPU of the machine, at most one per stream */
static int td_decoders(const struct ioa_event_sink *sink, struct td_file *f)
{
	int i, streams = ioa_tcmd_cpus(f->handle);

	for (i = 0; i < f->nr_inst; i++)
		streams += ioa_tcmd_cpus(f->inst[i]);
	return IOA_MAX(1, IOA_MIN(IOA_MIN(sink->decoders, streams), TD_MAX_DECODERS));
}

static int td_read_par(const char *path, struct td_ctx *ctx, struct ioa_trace_meta *meta,
		       struct ioa_err *err)
{
	struct ioa_event_sink quiet = { 0 };
	struct ioa_trace_meta *spare = NULL;
	struct td_par par = { 0 };
	int i, n = 1, opened = 1, ret;

	par.files = ioa_xcalloc(TD_MAX_DECODERS, sizeof(*par.files));
	par.files[0] = (struct td_file){ .path = path, .meta = meta };
	ret = td_open(&par.files[0], ctx->sink, err);
	if (!ret)
		n = td_decoders(ctx->sink, &par.files[0]);
	spare = ioa_xcalloc((size_t)n, sizeof(*spare));
	for (; opened < n && !ret; opened++) {
		par.files[opened] = (struct td_file){ .path = path, .meta = &spare[opened] };
		ret = td_open(&par.files[opened], &quiet, err);
	}
	par.n = n;
	if (!ret && n == 1) {
		ret = td_iterate(ctx, par.files, 1, err);
	} else if (!ret) {
		par.canon = ioa_xcalloc(TD_MAX_EVENT_ID, sizeof(*par.canon));
		ret = td_par_run(&par, ctx, err);
	}
	meta->decoders = par.n;
	for (i = 0; i < opened; i++)
		td_close(&par.files[i]);
	free(par.canon);
	free(spare);
	free(par.files);
	return ret;
}

int ioa_read_tracedat(const char *path, const struct ioa_event_sink *sink,
		      struct ioa_trace_meta *meta, struct ioa_err *err)
{
	struct td_ctx ctx = { .sink = sink, .last_file = -1 };

	if (sink->decoders <= 1 || (sink->want_fields && sink->on_fields))
		return ioa_read_tracedat_multi(&path, 1, sink, NULL, meta, NULL, err);
	memset(meta, 0, sizeof(*meta));
	td_quiet();
	if (ioa_tcmd_zlib_register())
		td_warn(sink, "zlib codec unavailable: zlib-compressed trace.dat v7 files "
			      "cannot be read");
	return td_read_par(path, &ctx, meta, err);
}

/* ---- host + guests ------------------------------------------------------------------------ */

/*
 * tracecmd_map_vcpus() in libtracecmd 1.3 clears `vcpu_count - nr_vcpu_maps` entries when it
 * appends a guest, a negative size as soon as a guest has fewer vCPUs than all the guests
 * before it together. Call it only when that cannot happen; we do not need its result (we
 * return the maps from tracecmd_get_guest_cpumap()), it only lets libtracecmd resolve
 * host↔guest tasks for callers that ask it.
 */
static bool td_map_vcpus_safe(struct td_file *files, int n)
{
	const int *pids;
	const char *name;
	int i, cnt, total = 0;

	for (i = 1; i < n; i++) {
		if (tracecmd_get_guest_cpumap(files[0].handle,
					      tracecmd_get_traceid(files[i].handle), &name, &cnt,
					      &pids))
			continue;
		if (cnt < total)
			return false;
		total += cnt;
	}
	return true;
}

static void td_guest_add(struct ioa_guest_maps *maps, int host, int guest, const char *name,
			 int cnt, const int *pids)
{
	struct ioa_guest_map *g;

	maps->v = ioa_xrealloc(maps->v, (size_t)(maps->nr + 1) * sizeof(*maps->v));
	g = &maps->v[maps->nr++];
	memset(g, 0, sizeof(*g));
	g->host_index = host;
	g->guest_index = guest;
	ioa_strlcpy(g->name, name ? name : "", sizeof(g->name));
	g->nr_vcpus = cnt;
	g->vcpu_tid = ioa_xcalloc((size_t)IOA_MAX(cnt, 1), sizeof(*g->vcpu_tid));
	if (cnt > 0)
		memcpy(g->vcpu_tid, pids, (size_t)cnt * sizeof(*pids));
}

static void td_guest_maps(struct td_file *files, int n, struct ioa_guest_maps *maps)
{
	const int *pids;
	const char *name;
	int h, g, cnt;

	for (h = 0; h < n; h++)
		for (g = 0; g < n; g++) {
			if (g == h ||
			    tracecmd_get_guest_cpumap(files[h].handle,
						      tracecmd_get_traceid(files[g].handle), &name,
						      &cnt, &pids))
				continue;
			td_guest_add(maps, h, g, name, cnt, pids);
		}
}

/*
 * Put each guest's timestamps on its host's clock: the guest file's TimeShift/TSC2NSEC
 * options hold the offsets against the host trace id; make sure libtracecmd applies them.
 */
static void td_enable_tsync(struct td_file *files, const struct ioa_guest_maps *maps)
{
	int i;

	for (i = 0; i < maps->nr; i++)
		ioa_tcmd_enable_tsync(files[maps->v[i].guest_index].handle);
}

static int td_read_multi(struct td_file *files, int n, struct td_ctx *ctx,
			 struct ioa_guest_maps *maps, struct ioa_err *err)
{
	struct tracecmd_input **top;
	int i, ret = 0;

	td_quiet();
	if (ioa_tcmd_zlib_register())
		td_warn(ctx->sink, "zlib codec unavailable: zlib-compressed trace.dat v7 files "
				   "cannot be read");
	for (i = 0; i < n && !ret; i++)
		ret = td_open(&files[i], ctx->sink, err);
	if (ret)
		return ret;
	top = ioa_xcalloc((size_t)n, sizeof(*top));
	for (i = 0; i < n; i++)
		top[i] = files[i].handle;
	if (n > 1 && td_map_vcpus_safe(files, n))
		tracecmd_map_vcpus(top, n);
	free(top);
	td_guest_maps(files, n, maps);
	td_enable_tsync(files, maps);
	return td_iterate(ctx, files, n, err);
}

int ioa_read_tracedat_multi(const char *const *paths, int n, const struct ioa_event_sink *sink,
			    void (*on_file)(void *priv, int file_index),
			    struct ioa_trace_meta *metas, struct ioa_guest_maps *maps,
			    struct ioa_err *err)
{
	struct td_ctx ctx = { .sink = sink, .on_file = on_file, .last_file = -1 };
	struct ioa_guest_maps local = { NULL, 0 };
	struct td_file *files;
	int i, ret;

	if (n < 1)
		return ioa_error(err, IOA_EUSAGE, "no trace.dat file given");
	if (!maps)
		maps = &local;
	memset(maps, 0, sizeof(*maps));
	memset(metas, 0, (size_t)n * sizeof(*metas));
	files = ioa_xcalloc((size_t)n, sizeof(*files));
	for (i = 0; i < n; i++) {
		files[i].path = paths[i];
		files[i].index = i;
		files[i].meta = &metas[i];
	}
	ret = td_read_multi(files, n, &ctx, maps, err);
	for (i = 0; i < n; i++)
		td_close(&files[i]);
	free(files);
	ioa_guest_maps_release(&local);
	return ret;
}

int ioa_tracedat_relations(const char *const *paths, int n, int *host_of, struct ioa_err *err)
{
	struct ioa_guest_maps maps = { NULL, 0 };
	struct ioa_event_sink quiet = { 0 };
	struct td_file *files = ioa_xcalloc((size_t)n, sizeof(*files));
	struct ioa_trace_meta *metas = ioa_xcalloc((size_t)n, sizeof(*metas));
	int i, ret = 0;

	td_quiet();
	ioa_tcmd_zlib_register();
	for (i = 0; i < n; i++) {
		files[i].path = paths[i];
		files[i].index = i;
		files[i].meta = &metas[i];
		host_of[i] = -1;
	}
	for (i = 0; i < n && !ret; i++)
		ret = td_open(&files[i], &quiet, err);
	if (!ret)
		td_guest_maps(files, n, &maps);
	for (i = 0; i < maps.nr; i++)
		host_of[maps.v[i].guest_index] = maps.v[i].host_index;
	for (i = 0; i < n; i++)
		td_close(&files[i]);
	ioa_guest_maps_release(&maps);
	free(files);
	free(metas);
	return ret;
}

void ioa_guest_maps_release(struct ioa_guest_maps *maps)
{
	int i;

	if (!maps)
		return;
	for (i = 0; i < maps->nr; i++)
		free(maps->v[i].vcpu_tid);
	free(maps->v);
	maps->v = NULL;
	maps->nr = 0;
}
