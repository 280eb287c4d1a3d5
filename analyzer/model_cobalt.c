// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The Xenomai 3 Cobalt co-kernel in the derived model. A Cobalt thread in primary mode is
 * scheduled by the co-kernel, not by Linux: its switches appear as cobalt_switch_context and
 * never as sched_switch. While such a thread runs on a CPU, Linux is frozen there; the task
 * Linux's last sched_switch named resumes when the co-kernel switches back to its root
 * thread (ROOT/n, pid 0). Without this file every event of a primary-mode thread would
 * contradict the last sched_switch and cut the believed segment.
 *
 * Per CPU: co_head is set while a co-kernel thread runs, co_root keeps Linux's task (closed
 * as preempted, "R+", when the co-kernel took the CPU, reopened when it gives it back). The
 * co-kernel's segments carry co_kernel = 1; their end state comes from the Xenomai state bits
 * of the thread switched out. Xenomai 3.0 traces names only: the thread switched out is the
 * event's own common_pid, the thread switched in is the common_pid of the CPU's next event.
 */
#include "model_priv.h"

#include "util.h"

/* Xenomai 3 thread state bits (include/cobalt/uapi/kernel/thread.h) */
#define XN_SUSP 0x00000001u
#define XN_PEND 0x00000002u
#define XN_DELAY 0x00000004u
#define XN_DORMANT 0x00000010u
#define XN_ZOMBIE 0x00000020u
#define XN_RELAX 0x00000080u
#define XN_HELD 0x00000200u
#define XN_DBGSTOP 0x00400000u

static int co_is_root(int pid, const char *name)
{
	return pid == 0 || (pid < 0 && ioa_mdl_has_prefix(name, "ROOT"));
}

/*
 * Linux-style end state: "S" waits in the co-kernel (resource, delay, suspension), "R" relaxed
 * (goes on running under Linux), "R+" preempted by a higher-priority co-kernel thread, "Z"
 * ended; "?" when the format carries no state (Xenomai 3.0).
 */
static const char *co_end_state(uint64_t st)
{
	if (!st)
		return "?";
	if (st & (XN_ZOMBIE | XN_DORMANT))
		return "Z";
	if (st & XN_RELAX)
		return "R";
	if (st & (XN_SUSP | XN_PEND | XN_DELAY | XN_HELD | XN_DBGSTOP))
		return "S";
	return "R+";
}

void ioa_mdl_co_forget(struct cpu *c)
{
	c->co_head = 0;
	c->co_root = -1;
	c->co_adopt = 0;
}

/* the head thread @pid starts on @c at @ts */
static void co_start(struct ioa_model *m, struct cpu *c, int pid, uint64_t ts, const char *name)
{
	struct thread *t;

	ioa_mdl_cpu_run(m, c, pid, 0);
	t = c->cur_t;
	if (!t)
		return;
	t->seg.start = ts;
	t->seg.co = 1;
	if (!t->comm[0])
		ioa_mdl_thread_comm(t, name);
}

int ioa_mdl_co_adopt(struct ioa_model *m, struct cpu *c, int pid)
{
	c->co_adopt = 0;
	co_start(m, c, pid, c->co_adopt_ts, c->co_adopt_name);
	return m->err;
}

/* a sched_switch while the co-kernel held the CPU: its switch back to Linux was not traced */
void ioa_mdl_co_linux_switch(struct ioa_model *m, struct cpu *c)
{
	m->st.co_unexplained++;
	if (c->cur > 0)
		ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, c->cur), c->row.last_ts, "", 1);
	c->cur = -1;
	c->cur_t = NULL;
	ioa_mdl_co_forget(c);
}

/* the root thread gives the CPU to the co-kernel: Linux's task is preempted */
static void co_leave_root(struct ioa_model *m, struct cpu *c)
{
	if (c->co_head || c->co_adopt) { /* the switch back to root was not traced */
		m->st.co_unexplained++;
		if (c->cur > 0)
			ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, c->cur), c->row.last_ts, "", 1);
		c->co_adopt = 0;
		return;
	}
	c->co_root = c->cur;
	if (c->cur > 0)
		ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, c->cur), m->now, "R+", 0);
	else if (c->cur == 0)
		ioa_mdl_idle_add(c, m->now);
}

/*
 * a co-kernel thread is switched out. Unexplained unless the CPU ran it in the co-kernel, or
 * ran it since the trace (or a cut) began: a trace may start inside a primary-mode run.
 */
static void co_leave_thread(struct ioa_model *m, struct cpu *c, int pid, uint64_t state)
{
	struct thread *t = pid > 0 ? ioa_mdl_thread_find(m, pid) : NULL;
	int ran = t && c->cur == pid && t->seg.cpu == c->row.cpu;

	if (!ran || (!c->co_head && !t->seg.partial)) {
		m->st.co_unexplained++;
		if (c->cur > 0 && c->cur != pid)
			ioa_mdl_seg_close(m, ioa_mdl_thread_find(m, c->cur), c->row.last_ts, "", 1);
	}
	if (ran) {
		t->seg.co = 1;
		ioa_mdl_seg_close(m, t, m->now, co_end_state(state), 0);
	}
	if (!c->co_head)
		c->co_root = -1; /* what Linux ran meanwhile is unknown */
}

/* the root thread takes the CPU back: the Linux task frozen there resumes */
static void co_enter_root(struct ioa_model *m, struct cpu *c)
{
	int root = c->co_root;

	c->co_head = 0;
	c->co_root = -1;
	if (root >= 0) {
		ioa_mdl_cpu_run(m, c, root, 0);
		return;
	}
	c->cur = -1; /* unknown: the next event's pid is adopted */
}

static void co_enter_thread(struct ioa_model *m, struct cpu *c, const struct ioa_ev_co_switch *sw)
{
	c->co_head = 1;
	if (sw->next_pid > 0) {
		co_start(m, c, sw->next_pid, m->now, sw->next_name);
		return;
	}
	c->co_adopt = 1;
	c->co_adopt_ts = m->now;
	ioa_strlcpy(c->co_adopt_name, sw->next_name, sizeof(c->co_adopt_name));
}

int ioa_mdl_on_co_switch(struct ioa_model *m, const struct ioa_event *ev)
{
	const struct ioa_ev_co_switch *sw = &ev->u.co;
	struct cpu *c = &m->cpus[ev->cpu];

	m->st.co_events++;
	m->st.co_switch++;
	if (co_is_root(sw->prev_pid, sw->prev_name))
		co_leave_root(m, c);
	else
		co_leave_thread(m, c, sw->prev_pid > 0 ? sw->prev_pid : ev->pid, sw->prev_state);
	c->cur = -1;
	c->cur_t = NULL;
	if (co_is_root(sw->next_pid, sw->next_name))
		co_enter_root(m, c);
	else
		co_enter_thread(m, c, sw);
	return m->err;
}

/* the co-kernel readies a thread: its wake-up, as sched_wakeup is for Linux */
int ioa_mdl_on_co_resume(struct ioa_model *m, const struct ioa_event *ev)
{
	m->st.co_events++;
	return ev->u.wake.pid > 0 ? ioa_mdl_wake_note(m, ev, 0) : 0;
}

int ioa_mdl_on_co_other(struct ioa_model *m, const struct ioa_event *ev)
{
	(void)ev;
	m->st.co_events++;
	return 0;
}

void ioa_mdl_co_warnings(struct ioa_model *m)
{
	const struct stats *s = &m->st;

	if (s->co_switch)
		ioa_model_warn(
			m,
			"co-kernel (Xenomai Cobalt): %llu cobalt_switch_context events "
			"gave %llu real-time thread segments (segment.co_kernel = 1); %llu of "
			"them did not follow what the cpu was running (lost events?)",
			(unsigned long long)s->co_switch, (unsigned long long)s->co_segments,
			(unsigned long long)s->co_unexplained);
	else if (s->co_events && s->mismatch)
		ioa_model_warn(m,
			       "co-kernel (Xenomai Cobalt) events without cobalt_switch_context: "
			       "its thread switches were not traced, so %llu times the running "
			       "thread of a cpu was not the one sched_switch named; segments cut, "
			       "marked partial (record cobalt_core:cobalt_switch_context too)",
			       (unsigned long long)s->mismatch);
}
