// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The text trace readers: raw tracefs text, trace-cmd report (plugin, -N, -R, -t), perf script
 * (µs, --ns, pid/tid) and Android/systrace text with a TGID column. One tolerant line parser
 * serves them all: it anchors on the "[cpu]" field and works backwards to the thread id and
 * comm (comms contain spaces, dashes and slashes: "CPU 0/KVM-3046") and forwards to the
 * timestamp and the event name; text_payload.c decodes what follows.
 *
 * The hot path is one memchr per line, hand-rolled field scanning and no allocation: event
 * names are resolved to kinds through a small per-reader cache so that ioa_event_kind() runs
 * once per distinct name. Lines that are not understood are counted and reported once, at
 * the end; only a file where most lines fail is rejected.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hmap.h"
#include "reader.h"
#include "text_priv.h"
#include "util.h"

#define KIND_MAX 384 /* distinct event names cached per reader */
#define KIND_KEY_LEN 80
#define MAX_TOKENS_BEFORE_TS 2 /* the latency flags column */
#define ABORT_AFTER_BAD 1000   /* give up when this many lines fail before any event */
#define DETECT_BYTES 4096

struct kind_slot {
	char key[KIND_KEY_LEN]; /* "sys:name" or "name", NUL-terminated */
	uint8_t len;
	uint8_t name_off; /* where the name starts in key */
	int16_t kind;
};

struct ioa_text_reader {
	const char *name;
	enum ioa_format fmt;
	int detected;
	const struct ioa_event_sink *sink;
	struct ioa_trace_meta *meta;
	uint64_t lineno;
	uint64_t events;
	uint64_t bad; /* lines of no known shape */
	uint64_t bad_first;
	const char *bad_why;
	uint64_t bad_payload; /* events delivered without their fields */
	uint64_t bad_payload_first;
	int max_cpu;
	int hdr_cpus;
	int raw_clock;
	uint64_t last_ts;
	int nr_slots;
	struct kind_slot slots[KIND_MAX];
	struct ioa_hmap kinds; /* "sys:name" → slots index */
	char sys[KIND_KEY_LEN];
	char evname[KIND_KEY_LEN];
	char comm[IOA_COMM_LEN];
	char fields[4096];
	struct ioa_event ev;
};

/* ---- the common event prefix ---- */

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static size_t skip_blanks(const char *l, size_t len, size_t i)
{
	while (i < len && is_blank(l[i]))
		i++;
	return i;
}

static size_t skip_blanks_back(const char *l, size_t i)
{
	while (i && is_blank(l[i - 1]))
		i--;
	return i;
}

static size_t token_end(const char *l, size_t len, size_t i)
{
	while (i < len && !is_blank(l[i]))
		i++;
	return i;
}

/* the "[cpu]" field: '[' after a blank, 1-6 digits, ']' then a blank or the end of line */
static int find_cpu(struct ioa_text_prefix *pf, const char *l, size_t len, size_t *open,
		    size_t *close)
{
	const char *p = l, *end = l + len, *b;
	uint64_t v;
	size_t i, n;

	while (p < end && (b = memchr(p, '[', (size_t)(end - p)))) {
		i = (size_t)(b - l);
		p = b + 1;
		if (i == 0 || !is_blank(l[i - 1]))
			continue;
		n = ioa_scan_dec(b + 1, (size_t)(end - b - 1), &v);
		if (n == 0 || n > 6 || i + 1 + n >= len || l[i + 1 + n] != ']')
			continue;
		if (i + 2 + n < len && !is_blank(l[i + 2 + n]))
			continue;
		pf->cpu = (int)v;
		*open = i;
		*close = i + 1 + n;
		return 0;
	}
	return -1;
}

/* an Android "(tgid)" or "(-----)" column ending at *end */
static int parse_tgid(struct ioa_text_prefix *pf, const char *l, size_t *end)
{
	size_t e = *end, s;
	uint64_t v;

	if (!e || l[e - 1] != ')')
		return 0;
	e--;
	s = e;
	while (s && l[s - 1] != '(' && e - s < 16)
		s--;
	if (!s || l[s - 1] != '(')
		return -1;
	*end = skip_blanks_back(l, s - 1);
	s = skip_blanks(l, e, s);
	pf->has_tgid = 1;
	pf->tgid = -1;
	if (s < e && l[s] == '-')
		return 0; /* "-----": unknown */
	if (s == e || ioa_scan_dec(l + s, e - s, &v) != e - s)
		return -1;
	pf->tgid = (int)v;
	return 0;
}

/* the thread id ending at *end and the comm before it; *end becomes the comm's end */
static int parse_pid(struct ioa_text_prefix *pf, const char *l, size_t *end)
{
	size_t e = *end, s = e, s2;
	uint64_t v;

	while (s && ioa_isdigit(l[s - 1]))
		s--;
	if (s == e || e - s > 10)
		return -1;
	ioa_scan_dec(l + s, e - s, &v);
	pf->pid = (int)v;
	pf->style = IOA_STYLE_SPACE;
	*end = s;
	if (s && l[s - 1] == '-') {
		*end = s - 1;
		if (s == 1 || is_blank(l[s - 2]))
			pf->pid = -pf->pid; /* perf's "-1" */
		else
			pf->style = IOA_STYLE_DASH;
	} else if (s && l[s - 1] == '/') {
		s2 = s - 1;
		while (s2 && ioa_isdigit(l[s2 - 1]))
			s2--;
		if (s2 == s - 1 || (s2 && !is_blank(l[s2 - 1])))
			return -1;
		ioa_scan_dec(l + s2, s - 1 - s2, &v);
		pf->tgid = (int)v;
		pf->style = IOA_STYLE_SLASH;
		*end = s2;
	} else if (s && !is_blank(l[s - 1])) {
		return -1;
	}
	return 0;
}

/* "2559.747281:" (µs), "2559.747281123:" (ns) or "123456789:" (a raw counter) */
static int parse_ts(struct ioa_text_prefix *pf, const char *t, size_t n)
{
	uint64_t sec, frac = 0;
	size_t i, f = 0;

	i = ioa_scan_dec(t, n, &sec);
	if (!i || i > 20)
		return -1;
	pf->ts_is_ns = 0;
	pf->ts = sec;
	if (i < n && t[i] == '.') {
		f = ioa_scan_dec(t + i + 1, IOA_MIN(n - i - 1, (size_t)9), &frac);
		i += 1 + f;
		while (i < n && ioa_isdigit(t[i]))
			i++; /* sub-ns digits: dropped */
		for (; f < 9; f++)
			frac *= 10;
		pf->ts = sec * IOA_NS_PER_SEC + frac;
		pf->ts_is_ns = 1;
	}
	return i == n ? 0 : -1;
}

/* from after "[cpu]" to the end of the timestamp's ':' */
static int parse_time(struct ioa_text_prefix *pf, const char *l, size_t len, size_t *pos)
{
	size_t i = *pos, e;
	int tokens = 0;

	for (;;) {
		i = skip_blanks(l, len, i);
		if (i >= len)
			return -1;
		e = token_end(l, len, i);
		if (l[e - 1] == ':' && ioa_isdigit(l[i]))
			break;
		if (++tokens > MAX_TOKENS_BEFORE_TS)
			return -1;
		pf->has_flags = 1;
		i = e;
	}
	*pos = e;
	return parse_ts(pf, l + i, e - 1 - i);
}

/* "name:", "sys:name:" (perf) or "name(" / "name ->" (old syscall tracer), then the payload */
static int parse_name(struct ioa_text_prefix *pf, const char *l, size_t len, size_t i)
{
	size_t s, e, c;
	uint64_t period;

	i = skip_blanks(l, len, i);
	e = token_end(l, len, i);
	if (e < len && ioa_scan_dec(l + i, e - i, &period) == e - i)
		i = skip_blanks(l, len, e); /* perf's sample period */
	s = i;
	while (i < len && !is_blank(l[i]) && l[i] != '(')
		i++;
	e = i;
	if (e > s && l[e - 1] == ':')
		e--;
	pf->sys = NULL;
	pf->sys_len = 0;
	c = s;
	while (c < e && l[c] != ':')
		c++;
	if (c < e) {
		pf->sys = l + s;
		pf->sys_len = c - s;
		s = c + 1;
	}
	if (e <= s)
		return -1;
	pf->name = l + s;
	pf->name_len = e - s;
	i = skip_blanks(l, len, i);
	e = len;
	while (e > i && (is_blank(l[e - 1]) || l[e - 1] == '\r'))
		e--;
	pf->payload = l + i;
	pf->payload_len = e - i;
	return 0;
}

/*
 * trace-cmd report prefixes the events of a buffer instance with "NAME:" and blanks before the
 * comm; skip such a leading token when a comm follows it (a comm of its own never ends a
 * token with ':')
 */
static size_t skip_instance(const char *l, size_t end, size_t s)
{
	size_t e = token_end(l, end, s), c;

	if (e >= end || e == s || l[e - 1] != ':')
		return s;
	c = skip_blanks(l, end, e);
	return c < end ? c : s;
}

int ioa_text_prefix_parse(struct ioa_text_prefix *pf, const char *line, size_t len,
			  const char **why)
{
	size_t open, close, end, s;

	memset(pf, 0, sizeof(*pf));
	pf->tgid = -1;
	*why = "no [cpu] field";
	if (find_cpu(pf, line, len, &open, &close))
		return -1;
	*why = "no thread id before [cpu]";
	end = skip_blanks_back(line, open);
	if (parse_tgid(pf, line, &end) || parse_pid(pf, line, &end))
		return -1;
	if (pf->style != IOA_STYLE_DASH)
		end = skip_blanks_back(line, end);
	s = skip_instance(line, end, skip_blanks(line, end, 0));
	pf->comm = line + s;
	pf->comm_len = end - s;
	*why = "no timestamp after [cpu]";
	end = close + 1;
	if (parse_time(pf, line, len, &end))
		return -1;
	*why = "no event name after the timestamp";
	return parse_name(pf, line, len, end);
}

/* ---- event names → kinds, cached per reader ---- */

static int slot_matches(const struct kind_slot *s, const struct ioa_text_prefix *pf, size_t klen)
{
	if (s->len != klen)
		return 0;
	if (!pf->sys)
		return s->name_off == 0 && !memcmp(s->key, pf->name, pf->name_len);
	return s->name_off == pf->sys_len + 1 && !memcmp(s->key, pf->sys, pf->sys_len) &&
	       !memcmp(s->key + s->name_off, pf->name, pf->name_len);
}

/* copy the name (and system) into NUL-terminated buffers and ask ioa_event_kind() */
static enum ioa_ev_kind resolve_kind(char *sys, char *name, const struct ioa_text_prefix *pf)
{
	size_t n = IOA_MIN(pf->name_len, (size_t)KIND_KEY_LEN - 1);

	memcpy(name, pf->name, n);
	name[n] = '\0';
	if (!pf->sys)
		return ioa_event_kind(NULL, name);
	n = IOA_MIN(pf->sys_len, (size_t)KIND_KEY_LEN - 1);
	memcpy(sys, pf->sys, n);
	sys[n] = '\0';
	return ioa_event_kind(sys, name);
}

static void fill_slot(struct kind_slot *s, const struct ioa_text_prefix *pf, size_t klen)
{
	char sys[KIND_KEY_LEN];

	s->len = (uint8_t)klen;
	s->name_off = (uint8_t)(pf->sys ? pf->sys_len + 1 : 0);
	if (pf->sys) {
		memcpy(s->key, pf->sys, pf->sys_len);
		s->key[pf->sys_len] = ':';
	}
	s->kind = (int16_t)resolve_kind(sys, s->key + s->name_off, pf);
}

/* FNV-1a of "sys:name", or of "name" */
static uint32_t kind_hash(const struct ioa_text_prefix *pf)
{
	uint32_t h = IOA_HASH_INIT;

	if (pf->sys)
		h = ioa_hash_bytes(ioa_hash_bytes(h, pf->sys, pf->sys_len), ":", 1);
	return ioa_hash_bytes(h, pf->name, pf->name_len);
}

static enum ioa_ev_kind lookup_kind(struct ioa_text_reader *r, const struct ioa_text_prefix *pf,
				    const char **name)
{
	size_t klen = pf->name_len + (pf->sys ? pf->sys_len + 1 : 0);
	struct ioa_hmap_it it;
	struct kind_slot *s;
	uint32_t h;
	long i;

	if (klen < KIND_KEY_LEN) {
		h = kind_hash(pf);
		for (i = ioa_hmap_first(&r->kinds, h, &it); i >= 0;
		     i = ioa_hmap_next(&r->kinds, &it)) {
			s = &r->slots[i];
			if (slot_matches(s, pf, klen)) {
				*name = s->key + s->name_off;
				return s->kind;
			}
		}
		if (r->nr_slots < KIND_MAX) {
			s = &r->slots[r->nr_slots];
			fill_slot(s, pf, klen);
			ioa_hmap_add(&r->kinds, h, (uint32_t)r->nr_slots++);
			*name = s->key + s->name_off;
			return s->kind;
		}
	}
	*name = r->evname; /* rare: a very long name, or many distinct names */
	return resolve_kind(r->sys, r->evname, pf);
}

/* ---- lines that are not events ---- */

static void report_lost(struct ioa_text_reader *r, int cpu, uint64_t count)
{
	r->meta->lost_events += count;
	if (r->sink->on_lost)
		r->sink->on_lost(r->sink->priv, cpu, r->last_ts, count);
}

static int has_prefix(const char *l, size_t len, const char *pfx, size_t n)
{
	return len >= n && !memcmp(l, pfx, n);
}

/* "CPU:1 [LOST 123 EVENTS]" (tracefs), "CPU:1 [123 EVENTS DROPPED]" (report) */
static int lost_line(struct ioa_text_reader *r, const char *l, size_t len)
{
	uint64_t cpu, n = 0;
	size_t i, k;

	if (!has_prefix(l, len, "CPU:", 4))
		return 0;
	k = ioa_scan_dec(l + 4, len - 4, &cpu);
	i = skip_blanks(l, len, 4 + k);
	if (!k || i >= len || l[i] != '[')
		return 0;
	i++;
	if (has_prefix(l + i, len - i, "LOST ", 5))
		i += 5;
	i += ioa_scan_dec(l + i, len - i, &n);
	i = skip_blanks(l, len, i);
	if (!has_prefix(l + i, len - i, "EVENTS", 6))
		return 0;
	report_lost(r, (int)cpu, n);
	return 1;
}

/* "##### CPU 2 buffer started ####": the ring buffer of that CPU overflowed before */
static int buffer_started(struct ioa_text_reader *r, const char *l, size_t len)
{
	uint64_t cpu;
	size_t i = 0, k;

	while (i < len && l[i] == '#')
		i++;
	i = skip_blanks(l, len, i);
	if (i < 5 || !has_prefix(l + i, len - i, "CPU ", 4))
		return 0;
	k = ioa_scan_dec(l + i + 4, len - i - 4, &cpu);
	if (!k || !memmem(l + i, len - i, "buffer started", 14))
		return 0;
	report_lost(r, (int)cpu, 0);
	return 1;
}

static void header_cpus(struct ioa_text_reader *r, const char *p, size_t len)
{
	uint64_t v;

	if (ioa_scan_dec(p, len, &v) && v < 100000)
		r->hdr_cpus = (int)v;
}

/* blank, comment, header and lost-event lines; returns 1 when the line was one of them */
static int special_line(struct ioa_text_reader *r, const char *l, size_t len)
{
	const char *p;

	switch (l[0]) {
	case '#':
		if (!buffer_started(r, l, len) && (p = memmem(l, len, "#P:", 3)))
			header_cpus(r, p + 3, len - (size_t)(p + 3 - l));
		return 1;
	case 'C':
		return lost_line(r, l, len);
	case 'c':
		if (!has_prefix(l, len, "cpus=", 5))
			return 0;
		header_cpus(r, l + 5, len - 5);
		return 1;
	case 'v':
		return has_prefix(l, len, "version = ", 10);
	}
	return 0;
}

/* perf script call-chain lines: blank-indented "ffffffff810d47be symbol (dso)" */
static int callchain_line(const char *l, size_t len)
{
	uint64_t v;
	size_t i = skip_blanks(l, len, 0), n;

	if (i == 0 || i >= len)
		return 0;
	n = ioa_scan_hex(l + i, len - i, &v);
	return n && (i + n == len || is_blank(l[i + n]));
}

/* ---- the reader ---- */

struct ioa_text_reader *ioa_text_reader_new(const char *name, enum ioa_format fmt,
					    const struct ioa_event_sink *sink,
					    struct ioa_trace_meta *meta)
{
	struct ioa_text_reader *r = ioa_xcalloc(1, sizeof(*r));

	r->name = name ? name : "<text>";
	r->fmt = fmt;
	r->sink = sink;
	r->meta = meta;
	r->max_cpu = -1;
	memset(meta, 0, sizeof(*meta));
	ioa_strlcpy(meta->compression, "none", sizeof(meta->compression));
	ioa_strlcpy(meta->clock, "local", sizeof(meta->clock));
	meta->clock_is_ns = 1;
	meta->buffers = 1;
	return r;
}

void ioa_text_reader_free(struct ioa_text_reader *r)
{
	if (r)
		ioa_hmap_release(&r->kinds);
	free(r);
}

static enum ioa_format format_of(const struct ioa_text_prefix *pf)
{
	if (pf->has_tgid)
		return IOA_FMT_ANDROID;
	if (pf->style != IOA_STYLE_DASH || pf->sys)
		return IOA_FMT_PERF_SCRIPT;
	return IOA_FMT_TRACEFS;
}

static const char *fmt_label(enum ioa_format f)
{
	return f == IOA_FMT_UNKNOWN ? "text" : ioa_format_name(f);
}

static int fail_not_trace(struct ioa_text_reader *r, struct ioa_err *err)
{
	return ioa_error(err, IOA_EINPUT, "%s: line %llu: not a %s trace (%s)", r->name,
			 (unsigned long long)r->bad_first, fmt_label(r->fmt),
			 r->bad_why ? r->bad_why : "no event lines");
}

static int note_bad(struct ioa_text_reader *r, const char *why, struct ioa_err *err)
{
	if (!r->bad++) {
		r->bad_first = r->lineno;
		r->bad_why = why;
	}
	if (!r->events && r->bad >= ABORT_AFTER_BAD)
		return fail_not_trace(r, err);
	return 0;
}

/* a modelled event whose fields could not be read: still counted, as a kind without fields */
static void payload_failed(struct ioa_text_reader *r, struct ioa_event *ev)
{
	if (!r->bad_payload++)
		r->bad_payload_first = r->lineno;
	if (ev->kind >= IOA_EV_KVM_ENTRY && ev->kind <= IOA_EV_KVM_OTHER)
		ev->kind = IOA_EV_KVM_OTHER;
	else if (ev->kind >= IOA_EV_CO_SWITCH && ev->kind <= IOA_EV_CO_OTHER)
		ev->kind = IOA_EV_CO_OTHER;
	else
		ev->kind = IOA_EV_OTHER;
	memset(&ev->u, 0, sizeof(ev->u));
}

static void send_fields(struct ioa_text_reader *r, const struct ioa_text_prefix *pf)
{
	size_t n = IOA_MIN(pf->payload_len, sizeof(r->fields) - 1);

	memcpy(r->fields, pf->payload, n);
	r->fields[n] = '\0';
	r->sink->on_fields(r->sink->priv, r->fields);
}

static int deliver(struct ioa_text_reader *r, const struct ioa_text_prefix *pf)
{
	struct ioa_event *ev = &r->ev;
	size_t n = IOA_MIN(pf->comm_len, sizeof(r->comm) - 1);

	memset(&ev->u, 0, sizeof(ev->u));
	ev->ts = pf->ts;
	ev->cpu = pf->cpu;
	ev->pid = pf->pid;
	ev->tgid = pf->tgid;
	memcpy(r->comm, pf->comm, n);
	r->comm[n] = '\0';
	ev->comm = r->comm;
	ev->kind = lookup_kind(r, pf, &ev->name);
	if (ev->kind != IOA_EV_OTHER && ev->kind != IOA_EV_KVM_OTHER &&
	    ev->kind != IOA_EV_CO_OTHER && ioa_text_payload_parse(ev, pf->payload, pf->payload_len))
		payload_failed(r, ev);
	if (pf->cpu > r->max_cpu)
		r->max_cpu = pf->cpu;
	r->raw_clock |= !pf->ts_is_ns;
	r->last_ts = pf->ts;
	if (!r->events++ && r->fmt == IOA_FMT_UNKNOWN)
		r->fmt = format_of(pf);
	if (r->sink->want_fields && r->sink->on_fields)
		send_fields(r, pf);
	return r->sink->on_event ? r->sink->on_event(r->sink->priv, ev) : 0;
}

int ioa_text_reader_feed(struct ioa_text_reader *r, const char *line, size_t len,
			 struct ioa_err *err)
{
	struct ioa_text_prefix pf;
	const char *why;
	size_t i;

	r->lineno++;
	while (len && (line[len - 1] == '\r' || is_blank(line[len - 1])))
		len--;
	i = skip_blanks(line, len, 0);
	if (i == len || special_line(r, line + i, len - i))
		return 0;
	if (!ioa_text_prefix_parse(&pf, line, len, &why))
		return deliver(r, &pf);
	if (callchain_line(line, len))
		return 0;
	return note_bad(r, why, err);
}

static void warn(struct ioa_text_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void warn(struct ioa_text_reader *r, const char *fmt, ...)
{
	char msg[IOA_ERRMSG_LEN];
	va_list ap;

	if (!r->sink->on_warning)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	r->sink->on_warning(r->sink->priv, msg);
}

static void finish_meta(struct ioa_text_reader *r)
{
	struct ioa_trace_meta *meta = r->meta;

	ioa_strlcpy(meta->format, fmt_label(r->fmt), sizeof(meta->format));
	meta->cpus = IOA_MAX(r->hdr_cpus, r->max_cpu + 1);
	if (r->raw_clock) {
		meta->clock_is_ns = 0;
		ioa_strlcpy(meta->clock, "counter", sizeof(meta->clock));
	}
}

int ioa_text_reader_finish(struct ioa_text_reader *r, struct ioa_err *err)
{
	finish_meta(r);
	if (!r->events) {
		if (r->bad)
			return fail_not_trace(r, err);
		return ioa_error(err, IOA_ENODATA, "%s: the trace holds no events", r->name);
	}
	if (r->bad > r->events)
		return fail_not_trace(r, err);
	if (r->bad)
		warn(r, "%s: %llu lines not understood, first at line %llu (%s)", r->name,
		     (unsigned long long)r->bad, (unsigned long long)r->bad_first, r->bad_why);
	if (r->bad_payload)
		warn(r,
		     "%s: %llu events with unreadable fields (kept without them), first at line "
		     "%llu",
		     r->name, (unsigned long long)r->bad_payload,
		     (unsigned long long)r->bad_payload_first);
	if (r->raw_clock)
		warn(r, "%s: timestamps are raw clock counts, not nanoseconds", r->name);
	return 0;
}

/* ---- whole inputs ---- */

#define RELEASE_EVERY (32u << 20)

/*
 * @mapped: @buf is a private file mapping; drop the pages already parsed every 32 MiB so the
 * resident set stays flat however large the file is (they are file-backed, nothing is lost)
 */
static int feed_buffer(struct ioa_text_reader *r, const char *buf, size_t len, int mapped,
		       struct ioa_err *err)
{
	const char *p = buf, *end, *nl, *released = buf;
	size_t n, page = (size_t)sysconf(_SC_PAGESIZE);
	int rc = 0;

	if (!buf)
		return 0;
	end = buf + len;
	while (!rc && p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		rc = ioa_text_reader_feed(r, p, n, err);
		p += n + 1;
		if (mapped && (size_t)(p - released) >= RELEASE_EVERY) {
			n = (size_t)(p - buf) / page * page;
			madvise((void *)buf, n, MADV_DONTNEED);
			released = buf + n;
		}
	}
	return rc;
}

static int read_buffer(const char *buf, size_t len, int mapped, const char *name,
		       enum ioa_format fmt, const struct ioa_event_sink *sink,
		       struct ioa_trace_meta *meta, struct ioa_err *err)
{
	struct ioa_text_reader *r;
	int rc;

	if (!name)
		name = "<memory>";
	if (!sink || !meta)
		return ioa_error(err, IOA_EINTERNAL, "%s: no sink or meta", name);
	if (!buf)
		len = 0;
	if (fmt == IOA_FMT_UNKNOWN)
		fmt = ioa_format_detect(buf, IOA_MIN(len, (size_t)DETECT_BYTES));
	if (fmt == IOA_FMT_TRACEDAT || fmt == IOA_FMT_PERF_DATA)
		return ioa_error(err, IOA_EINPUT, "%s: a %s file, not a text trace", name,
				 ioa_format_name(fmt));
	r = ioa_text_reader_new(name, fmt, sink, meta);
	rc = feed_buffer(r, buf, len, mapped, err);
	if (!rc)
		rc = ioa_text_reader_finish(r, err);
	ioa_text_reader_free(r);
	return rc;
}

int ioa_read_text_mem(const char *buf, size_t len, const char *name, enum ioa_format fmt,
		      const struct ioa_event_sink *sink, struct ioa_trace_meta *meta,
		      struct ioa_err *err)
{
	return read_buffer(buf, len, 0, name, fmt, sink, meta, err);
}

/* pipes and other files that cannot be mapped: read them whole */
static int read_slurp(int fd, const char *path, enum ioa_format fmt,
		      const struct ioa_event_sink *sink, struct ioa_trace_meta *meta,
		      struct ioa_err *err)
{
	size_t len = 0, alloc = 1 << 16;
	char *buf = ioa_xmalloc(alloc);
	ssize_t n;
	int rc;

	while ((n = read(fd, buf + len, alloc - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return ioa_error(err, IOA_EIO, "%s: read: %s", path, strerror(errno));
		}
		len += (size_t)n;
		if (len == alloc)
			buf = ioa_xrealloc(buf, alloc *= 2);
	}
	rc = ioa_read_text_mem(buf, len, path, fmt, sink, meta, err);
	free(buf);
	return rc;
}

static int read_mapped(int fd, size_t size, const char *path, enum ioa_format fmt,
		       const struct ioa_event_sink *sink, struct ioa_trace_meta *meta,
		       struct ioa_err *err)
{
	void *map;
	int rc;

	if (!size) /* mmap of 0 bytes fails */
		return ioa_read_text_mem(NULL, 0, path, fmt, sink, meta, err);
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return ioa_error(err, IOA_EIO, "%s: mmap: %s", path, strerror(errno));
	madvise(map, size, MADV_SEQUENTIAL);
	rc = read_buffer(map, size, 1, path, fmt, sink, meta, err);
	munmap(map, size);
	return rc;
}

int ioa_read_text(const char *path, enum ioa_format fmt, const struct ioa_event_sink *sink,
		  struct ioa_trace_meta *meta, struct ioa_err *err)
{
	struct stat st;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ioa_error(err, IOA_EIO, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st))
		rc = ioa_error(err, IOA_EIO, "%s: stat: %s", path, strerror(errno));
	else if (S_ISREG(st.st_mode))
		rc = read_mapped(fd, (size_t)st.st_size, path, fmt, sink, meta, err);
	else
		rc = read_slurp(fd, path, fmt, sink, meta, err);
	close(fd);
	return rc;
}
