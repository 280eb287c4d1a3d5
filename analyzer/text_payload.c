// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * Payloads of the modelled events in text traces. Each kind has a table of fields for the
 * raw "field=value" form (tracefs text, report -N/-R, perf script, and events the report
 * plugins leave alone), a table of keywords for the printk "key value" forms (kvm_exit,
 * kvm_pio, ...), and, where the printk form is positional (sched_switch/wakeup in trace-cmd's
 * plugin form, block requests), a small dedicated parser. Fields are looked up by name, so
 * fields added by newer kernels are ignored and old/new layouts of one event share a table.
 *
 * Values may contain spaces (comms: "prev_comm=Web Content prev_pid=..."): a value runs to
 * the next " key=" or " ==> ", not to the next space.
 */
#include <stddef.h>
#include <string.h>

#include "kvm_decode.h"
#include "text_priv.h"
#include "util.h"

#define MAX_KV 24
#define MAX_WORDS 32

enum ftype {
	F_STR, /* char array */
	F_INT, /* int, any base the formats use */
	F_U32,
	F_U64,
	F_HEX64,       /* hex with or without 0x ("address 7f00", old kvm_page_fault) */
	F_STATE,       /* sched prev_state: "S", "R+", "S|D", or the raw number */
	F_DEV,	       /* block dev: "254,0" or a dev_t number */
	F_IRQRET,      /* "handled", "unhandled" or a number */
	F_SET,	       /* a keyword with no value: store cval in the int field */
	F_EXIT_REASON, /* kvm_exit reason: a VMX/SVM name or a number; sets the isa */
	F_UEXIT,       /* kvm_userspace_exit "KVM_EXIT_IO (2)", "restart (4)", "error (14)" */
	F_INFO2,       /* kvm_exit "info A B": info1 and info2 in hex without 0x */
	F_MSI_DATA,    /* kvm_msi_set_irq data: the vector is its low byte */
	F_PTRNAME,     /* Xenomai 3.0 "0xffff…(name)": the name */
};

struct field {
	const char *key;
	uint8_t klen;
	uint8_t type;
	uint8_t need; /* the payload is unusable without it */
	uint16_t off; /* offset in struct ioa_event */
	uint16_t size;
	int cval; /* F_SET */
};

struct token {
	const char *p;
	size_t n;
};

struct payload_parser {
	const struct field *kv;
	size_t nr_kv;
	const struct field *words;
	size_t nr_words;
	int (*text)(struct ioa_event *ev, const char *p, size_t len);
	void (*init)(struct ioa_event *ev);
};

#define EV_OFF(m) offsetof(struct ioa_event, u.m)
#define EV_SIZE(m) sizeof(((struct ioa_event *)0)->u.m)
#define FLD(k, t, m)                                                                               \
	{                                                                                          \
		k, sizeof(k) - 1, t, 0, EV_OFF(m), EV_SIZE(m), 0                                   \
	}
#define NEED(k, t, m)                                                                              \
	{                                                                                          \
		k, sizeof(k) - 1, t, 1, EV_OFF(m), EV_SIZE(m), 0                                   \
	}
#define SET(k, m, v)                                                                               \
	{                                                                                          \
		k, sizeof(k) - 1, F_SET, 0, EV_OFF(m), EV_SIZE(m), v                               \
	}

/* ---- storing one value ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void *field_ptr(struct ioa_event *ev, const struct field *f)
{
	return (char *)ev + f->off;
}

static void copy_str(char *dst, size_t size, const char *v, size_t n)
{
	n = IOA_MIN(n, size - 1);
	memcpy(dst, v, n);
	dst[n] = '\0';
}

/* kernel 6.x TASK_REPORT letters; a bit above them marks preemption ("R+") */
static void decode_state(char *dst, size_t size, uint64_t v)
{
	static const char letters[] = "SDTtXZPI";
	size_t n = 0, bit;

	if (!(v & 0xff)) {
		copy_str(dst, size, "R+", v ? 2 : 1);
		return;
	}
	for (bit = 0; bit < 8; bit++) {
		if (!(v & (1u << bit)))
			continue;
		if (n && n + 1 < size)
			dst[n++] = '|';
		if (n + 1 < size)
			dst[n++] = letters[bit];
	}
	dst[n] = '\0';
}

static void set_state(char *dst, size_t size, const char *v, size_t n)
{
	uint64_t x;

	if (n && ioa_isdigit(v[0]) && ioa_scan_num(v, n, &x) == n)
		decode_state(dst, size, x);
	else
		copy_str(dst, size, v, n);
}

static int store_dev(uint32_t *dst, const char *v, size_t n)
{
	uint64_t major, minor;
	size_t k = ioa_scan_dec(v, n, &major);

	if (k && k < n && v[k] == ',' && ioa_scan_dec(v + k + 1, n - k - 1, &minor)) {
		*dst = ioa_dev_make((uint32_t)major, (uint32_t)minor);
		return 0;
	}
	if (!ioa_scan_num(v, n, &major))
		return -1;
	*dst = (uint32_t)major;
	return 0;
}

static int store_irqret(int *dst, const char *v, size_t n)
{
	uint64_t x;

	if (n >= 7 && !memcmp(v, "handled", 7))
		*dst = 1;
	else if (n >= 9 && !memcmp(v, "unhandled", 9))
		*dst = 0;
	else if (ioa_scan_num(v, n, &x))
		*dst = (int)x;
	else
		return -1;
	return 0;
}

static int store_exit_reason(struct ioa_event *ev, const char *v, size_t n)
{
	char name[64];
	uint64_t x;
	int isa;

	if (n && ioa_scan_num(v, n, &x) == n) {
		ev->u.kexit.reason = (uint32_t)x;
		return 0;
	}
	if (n >= sizeof(name))
		return -1;
	memcpy(name, v, n);
	name[n] = '\0';
	if (ioa_kvm_exit_lookup_any(name, &isa, &ev->u.kexit.reason))
		return -1;
	ev->u.kexit.isa = isa;
	return 0;
}

/* "0xffff8880…(name)": the name between the first '(' and the last ')' */
static int store_ptrname(char *dst, size_t size, const char *v, size_t n)
{
	const char *open = n >= 2 ? memchr(v, '(', n) : NULL;

	if (!open || v[n - 1] != ')')
		return -1;
	copy_str(dst, size, open + 1, (size_t)(v + n - 1 - open - 1));
	return 0;
}

static int store_number(void *dst, int type, const char *v, size_t n)
{
	uint64_t x;
	size_t k = type == F_HEX64 ? ioa_scan_hex(v, n, &x) : ioa_scan_num(v, n, &x);

	if (!k)
		return -1;
	if (type == F_INT)
		*(int *)dst = (int)x;
	else if (type == F_U32)
		*(uint32_t *)dst = (uint32_t)x;
	else
		*(uint64_t *)dst = x;
	return 0;
}

/* one value of the types that fit in one token or one "key=value" */
static int store(struct ioa_event *ev, const struct field *f, const char *v, size_t n)
{
	void *dst = field_ptr(ev, f);
	uint64_t x;

	switch (f->type) {
	case F_STR:
		copy_str(dst, f->size, v, n);
		return 0;
	case F_STATE:
		set_state(dst, f->size, v, n);
		return 0;
	case F_DEV:
		return store_dev(dst, v, n);
	case F_IRQRET:
		return store_irqret(dst, v, n);
	case F_SET:
		*(int *)dst = f->cval;
		return 0;
	case F_EXIT_REASON:
		return store_exit_reason(ev, v, n);
	case F_MSI_DATA:
		if (!ioa_scan_num(v, n, &x))
			return -1;
		ev->u.kirq.vector = (uint32_t)(x & 0xff);
		return 0;
	case F_PTRNAME:
		return store_ptrname(dst, f->size, v, n);
	}
	return store_number(dst, f->type, v, n);
}

static const struct field *find_field(const struct field *t, size_t nr, const char *k, size_t n)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (t[i].klen == n && t[i].key[0] == k[0] && !memcmp(t[i].key, k, n))
			return &t[i];
	return NULL;
}

/* 0 when every field marked need was seen */
static int check_needed(const struct field *t, size_t nr, uint32_t seen)
{
	size_t i;

	for (i = 0; i < nr; i++)
		if (t[i].need && !(seen & (1u << i)))
			return -1;
	return 0;
}

/* ---- the "key=value" form ---- */

static int is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || ioa_isdigit(c) || c == '_';
}

/* length of the "key" in "key=" at p, 0 when p does not start one */
static size_t key_at(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && is_key_char(p[i]))
		i++;
	return i && i < len && p[i] == '=' ? i : 0;
}

static int is_kv_form(const char *p, size_t len)
{
	return key_at(p, len) != 0;
}

/*
 * Where the value starting at i ends: before " key=" or " ==> ", or at the end. *next is where
 * the next key starts and *klen its length (0: no more fields).
 */
static size_t value_end(const char *p, size_t len, size_t i, size_t *next, size_t *klen)
{
	for (; i < len; i++) {
		if (p[i] != ' ')
			continue;
		if (i + 5 <= len && p[i + 1] == '=' && !memcmp(p + i, " ==> ", 5)) {
			*next = i + 5;
			while (*next < len && is_blank(p[*next]))
				(*next)++;
			*klen = key_at(p + *next, len - *next);
			return i;
		}
		*klen = key_at(p + i + 1, len - i - 1);
		if (*klen) {
			*next = i + 1;
			return i;
		}
	}
	*next = len;
	*klen = 0;
	return len;
}

static int parse_kv(struct ioa_event *ev, const struct field *t, size_t nr, const char *p,
		    size_t len)
{
	const struct field *f;
	size_t i = 0, k, e, next, nk;
	uint32_t seen = 0;

	while (i < len && is_blank(p[i]))
		i++;
	k = key_at(p + i, len - i);
	while (k) { /* trailing text that is not a field is ignored */
		e = value_end(p, len, i + k + 1, &next, &nk);
		f = find_field(t, nr, p + i, k);
		if (f) {
			if (store(ev, f, p + i + k + 1, e - i - k - 1))
				return -1;
			seen |= 1u << (f - t);
		}
		i = next;
		k = nk;
	}
	return check_needed(t, nr, seen);
}

/* ---- the printk "key value" form ---- */

static size_t split_words(struct token *tok, size_t max, const char *p, size_t len)
{
	size_t i = 0, n = 0, s;

	while (n < max) {
		while (i < len && is_blank(p[i]))
			i++;
		if (i >= len)
			break;
		s = i;
		while (i < len && !is_blank(p[i]))
			i++;
		tok[n].p = p + s;
		tok[n++].n = i - s;
	}
	return n;
}

/* "(2)" after a KVM_EXIT_* name */
static int paren_num(const struct token *t, uint64_t *v)
{
	return t->n >= 3 && t->p[0] == '(' && ioa_scan_num(t->p + 1, t->n - 1, v) == t->n - 2 &&
			       t->p[t->n - 1] == ')'
		       ? 0
		       : -1;
}

/* "reason KVM_EXIT_IO (2)"; errors print "restart (4)" / "error (N)" for errno -N */
static int store_uexit(struct ioa_event *ev, const struct token *name, const struct token *num)
{
	char buf[64];
	uint64_t v;

	if (num && !paren_num(num, &v)) {
		if ((name->n == 7 && !memcmp(name->p, "restart", 7)) ||
		    (name->n == 5 && !memcmp(name->p, "error", 5)))
			ev->u.uexit.err = -(int)v;
		else
			ev->u.uexit.reason = (uint32_t)v;
		return 0;
	}
	if (ioa_scan_num(name->p, name->n, &v) == name->n) {
		ev->u.uexit.reason = (uint32_t)v;
		return 0;
	}
	if (name->n >= sizeof(buf))
		return -1;
	memcpy(buf, name->p, name->n);
	buf[name->n] = '\0';
	return ioa_kvm_uexit_lookup(buf, &ev->u.uexit.reason);
}

/* a keyword's value; returns the number of value tokens used, -1 on a bad value */
static int store_word(struct ioa_event *ev, const struct field *f, const struct token *t,
		      size_t left)
{
	uint64_t a, b;

	if (f->type == F_SET)
		return store(ev, f, NULL, 0);
	if (!left)
		return -1;
	if (f->type == F_UEXIT)
		return store_uexit(ev, &t[0], left > 1 ? &t[1] : NULL) ? -1 : 1 + (left > 1);
	if (f->type != F_INFO2)
		return store(ev, f, t[0].p, t[0].n) ? -1 : 1;
	if (left < 2 || !ioa_scan_hex(t[0].p, t[0].n, &a) || !ioa_scan_hex(t[1].p, t[1].n, &b))
		return -1;
	ev->u.kexit.info1 = a;
	ev->u.kexit.info2 = b;
	return 2;
}

static int parse_words(struct ioa_event *ev, const struct field *t, size_t nr, const char *p,
		       size_t len)
{
	struct token tok[MAX_WORDS];
	size_t n = split_words(tok, MAX_WORDS, p, len), i = 0;
	const struct field *f;
	uint32_t seen = 0;
	int used;

	while (i < n) {
		f = find_field(t, nr, tok[i].p, tok[i].n);
		i++;
		if (!f)
			continue;
		used = store_word(ev, f, tok + i, n - i);
		if (used < 0)
			return -1;
		seen |= 1u << (f - t);
		i += (size_t)used;
	}
	return check_needed(t, nr, seen);
}

/* ---- positional printk forms ---- */

/* "comm:pid [prio]" in p[s, e): the comm may hold ':' and spaces, so anchor on the end */
static int comm_pid_prio(const char *p, size_t s, size_t e, char *comm, size_t csize, int *pid,
			 int *prio)
{
	size_t b, d, c;
	uint64_t v;

	while (e > s && is_blank(p[e - 1]))
		e--;
	if (e - s < 5 || p[e - 1] != ']')
		return -1;
	b = e - 1;
	while (b > s && p[b] != '[')
		b--;
	if (p[b] != '[' || !ioa_scan_num(p + b + 1, e - b - 2, &v))
		return -1;
	*prio = (int)v;
	d = b;
	while (d > s && is_blank(p[d - 1]))
		d--;
	c = d;
	while (c > s && ioa_isdigit(p[c - 1]))
		c--;
	if (c == d || c == s || p[c - 1] != ':')
		return -1;
	ioa_scan_dec(p + c, d - c, &v);
	*pid = (int)v;
	copy_str(comm, csize, p + s, c - 1 - s);
	return 0;
}

/* trace-cmd's plugin: "cap.sh:5639 [120] S ==> rcu_preempt:15 [120]" */
static int switch_text(struct ioa_event *ev, const char *p, size_t len)
{
	struct ioa_ev_switch *sw = &ev->u.sw;
	const char *arrow = memmem(p, len, " ==> ", 5);
	size_t a, se, ss;

	if (!arrow)
		return -1;
	a = (size_t)(arrow - p);
	se = a;
	while (se && is_blank(p[se - 1]))
		se--;
	ss = se;
	while (ss && !is_blank(p[ss - 1]))
		ss--;
	if (!ss || ss == se)
		return -1;
	set_state(sw->prev_state, sizeof(sw->prev_state), p + ss, se - ss);
	if (comm_pid_prio(p, 0, ss, sw->prev_comm, sizeof(sw->prev_comm), &sw->prev_pid,
			  &sw->prev_prio))
		return -1;
	return comm_pid_prio(p, a + 5, len, sw->next_comm, sizeof(sw->next_comm), &sw->next_pid,
			     &sw->next_prio);
}

/* the last blank-separated word of p[0, e) starts at the returned index */
static size_t last_word(const char *p, size_t e)
{
	while (e && !is_blank(p[e - 1]))
		e--;
	return e;
}

/* trace-cmd's plugin: "tinyvm:5642 [120] CPU:001", older "... [120] success=1 CPU:001" */
static int wake_text(struct ioa_event *ev, const char *p, size_t len)
{
	struct ioa_ev_wake *w = &ev->u.wake;
	size_t e = len, c = last_word(p, len);
	uint64_t v;

	if (e - c > 4 && !memcmp(p + c, "CPU:", 4) && ioa_scan_dec(p + c + 4, e - c - 4, &v)) {
		w->target_cpu = (int)v;
		e = c;
	}
	while (e && is_blank(p[e - 1]))
		e--;
	c = last_word(p, e);
	if (e - c > 8 && !memcmp(p + c, "success=", 8))
		e = c;
	return comm_pid_prio(p, 0, e, w->comm, sizeof(w->comm), &w->pid, &w->prio);
}

static size_t next_token(const char *p, size_t len, size_t *i, const char **t)
{
	size_t s;

	while (*i < len && is_blank(p[*i]))
		(*i)++;
	s = *i;
	while (*i < len && !is_blank(p[*i]))
		(*i)++;
	*t = p + s;
	return *i - s;
}

/* "() 351162416 + 128 be,0,4 [dd]": sector, count, then [comm] (issue) or [error] */
static int block_tail(struct ioa_event *ev, const char *p, size_t len, size_t i)
{
	struct ioa_ev_blk *b = &ev->u.blk;
	const char *t, *open;
	size_t n;
	uint64_t v;

	n = next_token(p, len, &i, &t);
	if (!n || ioa_scan_dec(t, n, &b->sector) != n)
		return -1;
	n = next_token(p, len, &i, &t);
	if (n != 1 || t[0] != '+')
		return -1;
	n = next_token(p, len, &i, &t);
	if (!n || ioa_scan_dec(t, n, &v) != n)
		return -1;
	b->nr_sector = (uint32_t)v;
	open = memchr(p + i, '[', len - i);
	if (!open || p[len - 1] != ']')
		return -1;
	t = open + 1;
	n = (size_t)(p + len - 1 - t);
	if (ev->kind == IOA_EV_BLK_ISSUE) {
		copy_str(b->comm, sizeof(b->comm), t, n);
		return 0;
	}
	if (!ioa_scan_num(t, n, &v))
		return -1;
	b->error = (int)v;
	return 0;
}

/* "254,0 WS 65536 () 351162416 + 128 be,0,4 [dd]", complete "254,0 WS () ... [0]" */
static int block_text(struct ioa_event *ev, const char *p, size_t len)
{
	struct ioa_ev_blk *b = &ev->u.blk;
	const char *t, *close;
	size_t i = 0, n;

	n = next_token(p, len, &i, &t);
	if (!n || !memchr(t, ',', n) || store_dev(&b->dev, t, n))
		return -1;
	n = next_token(p, len, &i, &t);
	if (!n)
		return -1;
	copy_str(b->rwbs, sizeof(b->rwbs), t, n);
	n = next_token(p, len, &i, &t);
	if (n && t[0] != '(') {
		if (ioa_scan_dec(t, n, &b->bytes) != n)
			return -1;
		n = next_token(p, len, &i, &t);
	}
	if (!n || t[0] != '(')
		return -1;
	close = memchr(t, ')', (size_t)(p + len - t)); /* the cmd may hold spaces */
	if (!close)
		return -1;
	return block_tail(ev, p, len, (size_t)(close - p) + 1);
}

static void wake_init(struct ioa_event *ev)
{
	ev->u.wake.target_cpu = -1;
}

static void exit_init(struct ioa_event *ev)
{
	ev->u.kexit.vcpu_id = -1;
}

static void co_switch_init(struct ioa_event *ev)
{
	ev->u.co.prev_pid = ev->u.co.next_pid = -1;
}

static void co_resume_init(struct ioa_event *ev)
{
	ev->u.wake.pid = ev->u.wake.target_cpu = -1;
}

static void mmio_init(struct ioa_event *ev)
{
	ev->u.mmio.type = IOA_MMIO_WRITE; /* kvm_fast_mmio: "fast mmio at gpa 0x…" */
}

/* ---- the tables ---- */

static const struct field switch_kv[] = {
	FLD("prev_comm", F_STR, sw.prev_comm), NEED("prev_pid", F_INT, sw.prev_pid),
	FLD("prev_prio", F_INT, sw.prev_prio), FLD("prev_state", F_STATE, sw.prev_state),
	FLD("next_comm", F_STR, sw.next_comm), NEED("next_pid", F_INT, sw.next_pid),
	FLD("next_prio", F_INT, sw.next_prio),
};

static const struct field wake_kv[] = {
	FLD("comm", F_STR, wake.comm),
	NEED("pid", F_INT, wake.pid),
	FLD("prio", F_INT, wake.prio),
	FLD("target_cpu", F_INT, wake.target_cpu),
};

static const struct field migrate_kv[] = {
	FLD("comm", F_STR, mig.comm),
	NEED("pid", F_INT, mig.pid),
	FLD("orig_cpu", F_INT, mig.orig_cpu),
	FLD("dest_cpu", F_INT, mig.dest_cpu),
};

static const struct field rename_kv[] = {
	NEED("pid", F_INT, ren.pid),
	FLD("oldcomm", F_STR, ren.oldcomm),
	FLD("newcomm", F_STR, ren.newcomm),
};

static const struct field entry_kv[] = {
	NEED("vcpu_id", F_INT, kentry.vcpu_id),
	FLD("rip", F_U64, kentry.rip),
};

/* "vcpu 0, rip 0x…" (older kernels: "vcpu 0") */
static const struct field entry_words[] = {
	NEED("vcpu", F_INT, kentry.vcpu_id),
	FLD("rip", F_U64, kentry.rip),
};

static const struct field exit_kv[] = {
	NEED("exit_reason", F_EXIT_REASON, kexit.reason),
	FLD("guest_rip", F_U64, kexit.rip),
	FLD("isa", F_INT, kexit.isa),
	FLD("info1", F_U64, kexit.info1),
	FLD("info2", F_U64, kexit.info2),
	FLD("intr_info", F_U32, kexit.intr_info),
	FLD("error_code", F_U32, kexit.error_code),
	FLD("vcpu_id", F_INT, kexit.vcpu_id),
};

/* "[vcpu N] reason X rip 0x… info A B" or "… info1 0x… info2 0x… intr_info … error_code …" */
static const struct field exit_words[] = {
	FLD("vcpu", F_INT, kexit.vcpu_id),
	NEED("reason", F_EXIT_REASON, kexit.reason),
	FLD("rip", F_U64, kexit.rip),
	FLD("info", F_INFO2, kexit.info1),
	FLD("info1", F_U64, kexit.info1),
	FLD("info2", F_U64, kexit.info2),
	FLD("intr_info", F_U32, kexit.intr_info),
	FLD("error_code", F_U32, kexit.error_code),
};

static const struct field mmio_kv[] = {
	FLD("type", F_INT, mmio.type),
	FLD("len", F_INT, mmio.len),
	NEED("gpa", F_U64, mmio.gpa),
	FLD("val", F_U64, mmio.val),
};

/* "mmio write len 1 gpa 0x8000 val 0x41", "mmio unsatisfied-read len 4 gpa …" */
static const struct field mmio_words[] = {
	SET("unsatisfied-read", mmio.type, IOA_MMIO_UNSATISFIED_READ),
	SET("read", mmio.type, IOA_MMIO_READ),
	SET("write", mmio.type, IOA_MMIO_WRITE),
	FLD("len", F_INT, mmio.len),
	NEED("gpa", F_U64, mmio.gpa),
	FLD("val", F_U64, mmio.val),
};

static const struct field pio_kv[] = {
	FLD("rw", F_INT, pio.rw),
	NEED("port", F_INT, pio.port),
	FLD("size", F_INT, pio.size),
	FLD("count", F_INT, pio.count),
};

/* "pio_write at 0x3f8 size 1 count 1 val 0x41" */
static const struct field pio_words[] = {
	SET("pio_write", pio.rw, 1),  SET("pio_read", pio.rw, 0),     NEED("at", F_INT, pio.port),
	FLD("size", F_INT, pio.size), FLD("count", F_INT, pio.count),
};

static const struct field uexit_kv[] = {
	NEED("reason", F_U32, uexit.reason),
	FLD("errno", F_INT, uexit.err),
};

static const struct field uexit_words[] = {
	NEED("reason", F_UEXIT, uexit.reason),
};

static const struct field pf_kv[] = {
	NEED("fault_address", F_U64, pf.addr),
	FLD("error_code", F_U64, pf.error_code),
};

/* "vcpu 0 rip 0x… address 0x… error_code 0x…", older "address 7f00 error_code 6" (hex) */
static const struct field pf_words[] = {
	NEED("address", F_HEX64, pf.addr),
	FLD("error_code", F_HEX64, pf.error_code),
};

static const struct field kirq_kv[] = {
	FLD("gsi", F_U32, kirq.gsi),	      FLD("level", F_INT, kirq.level),
	FLD("vec", F_U32, kirq.vector),	      FLD("address", F_U32, kirq.gsi),
	FLD("data", F_MSI_DATA, kirq.vector),
};

/* "gsi 24 level 1 source 0", "dst 0 vec 34 (…)", "apicid 0 vec 236 (…)" */
static const struct field kirq_words[] = {
	FLD("gsi", F_U32, kirq.gsi),
	FLD("level", F_INT, kirq.level),
	FLD("vec", F_U32, kirq.vector),
};

static const struct field blk_kv[] = {
	NEED("dev", F_DEV, blk.dev),
	NEED("sector", F_U64, blk.sector),
	FLD("nr_sector", F_U32, blk.nr_sector),
	FLD("bytes", F_U64, blk.bytes),
	FLD("rwbs", F_STR, blk.rwbs),
	FLD("comm", F_STR, blk.comm),
	FLD("error", F_INT, blk.error),
};

/* printk "dev=lo", raw -N "name=lo" */
static const struct field net_kv[] = {
	FLD("dev", F_STR, net.dev),
	FLD("name", F_STR, net.dev),
	NEED("len", F_U32, net.len),
};

static const struct field irq_entry_kv[] = {
	NEED("irq", F_INT, irq.irq),
	FLD("name", F_STR, irq.name),
};

static const struct field irq_exit_kv[] = {
	NEED("irq", F_INT, irq.irq),
	FLD("ret", F_IRQRET, irq.ret),
};

static const struct field softirq_kv[] = {
	NEED("vec", F_INT, softirq.vec),
};

/* Xenomai ≥ 3.1 "prev_name=… prev_pid=… prev_prio=… prev_state=0x… ==> next_name=… …"; 3.0
 * "prev=0x…(name) next=0x…(name)", no pids */
static const struct field co_switch_kv[] = {
	FLD("prev_name", F_STR, co.prev_name), FLD("prev_pid", F_INT, co.prev_pid),
	FLD("prev_prio", F_INT, co.prev_prio), FLD("prev_state", F_U64, co.prev_state),
	FLD("next_name", F_STR, co.next_name), FLD("next_pid", F_INT, co.next_pid),
	FLD("next_prio", F_INT, co.next_prio), FLD("prev", F_PTRNAME, co.prev_name),
	FLD("next", F_PTRNAME, co.next_name),
};

/* "name=rt-ctl pid=812 mask=0x4"; 3.0 "thread=0x… mask=0x4" has no pid: ignored */
static const struct field co_resume_kv[] = {
	FLD("name", F_STR, wake.comm),
	FLD("pid", F_INT, wake.pid),
};

#define KV(t) .kv = t, .nr_kv = IOA_ARRAY_SIZE(t)
#define WORDS(t) .words = t, .nr_words = IOA_ARRAY_SIZE(t)
#define WAKE_PARSER                                                                                \
	{                                                                                          \
		KV(wake_kv), .text = wake_text, .init = wake_init                                  \
	}
#define BLOCK_PARSER                                                                               \
	{                                                                                          \
		KV(blk_kv), .text = block_text                                                     \
	}

static const struct payload_parser payload_parsers[IOA_EV__COUNT] = {
	[IOA_EV_SWITCH] = { KV(switch_kv), .text = switch_text },
	[IOA_EV_WAKEUP] = WAKE_PARSER,
	[IOA_EV_WAKEUP_NEW] = WAKE_PARSER,
	[IOA_EV_WAKING] = WAKE_PARSER,
	[IOA_EV_MIGRATE] = { KV(migrate_kv) },
	[IOA_EV_RENAME] = { KV(rename_kv) },
	[IOA_EV_KVM_ENTRY] = { KV(entry_kv), WORDS(entry_words) },
	[IOA_EV_KVM_EXIT] = { KV(exit_kv), WORDS(exit_words), .init = exit_init },
	[IOA_EV_KVM_MMIO] = { KV(mmio_kv), WORDS(mmio_words), .init = mmio_init },
	[IOA_EV_KVM_PIO] = { KV(pio_kv), WORDS(pio_words) },
	[IOA_EV_KVM_UEXIT] = { KV(uexit_kv), WORDS(uexit_words) },
	[IOA_EV_KVM_PF] = { KV(pf_kv), WORDS(pf_words) },
	[IOA_EV_KVM_IRQ] = { KV(kirq_kv), WORDS(kirq_words) },
	[IOA_EV_BLK_ISSUE] = BLOCK_PARSER,
	[IOA_EV_BLK_COMPLETE] = BLOCK_PARSER,
	[IOA_EV_NET_XMIT] = { KV(net_kv) },
	[IOA_EV_NET_RECV] = { KV(net_kv) },
	[IOA_EV_IRQ_ENTRY] = { KV(irq_entry_kv) },
	[IOA_EV_IRQ_EXIT] = { KV(irq_exit_kv) },
	[IOA_EV_SOFTIRQ_ENTRY] = { KV(softirq_kv) },
	[IOA_EV_SOFTIRQ_EXIT] = { KV(softirq_kv) },
	[IOA_EV_CO_SWITCH] = { KV(co_switch_kv), .init = co_switch_init },
	[IOA_EV_CO_RESUME] = { KV(co_resume_kv), .init = co_resume_init },
};

/* ---- dispatch ---- */

int ioa_text_payload_parse(struct ioa_event *ev, const char *p, size_t len)
{
	const struct payload_parser *pp;

	if ((unsigned)ev->kind >= IOA_EV__COUNT)
		return -1;
	pp = &payload_parsers[ev->kind];
	if (pp->init)
		pp->init(ev);
	if (pp->kv && is_kv_form(p, len)) {
		if (!parse_kv(ev, pp->kv, pp->nr_kv, p, len))
			return 0;
		if (!pp->text && !pp->words)
			return -1;
		memset(&ev->u, 0, sizeof(ev->u)); /* a comm with '=' in a printk form */
		if (pp->init)
			pp->init(ev);
	}
	if (pp->text)
		return pp->text(ev, p, len);
	if (pp->words)
		return parse_words(ev, pp->words, pp->nr_words, p, len);
	return pp->kv ? -1 : 0;
}
