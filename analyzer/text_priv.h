/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Internals shared by the text readers (text.c: lines and the common event prefix,
 * text_payload.c: per-event payloads, perfdata.c: perf script through a pipe, detect.c: format
 * detection). Not part of the analyzer's public interface. Every scanner here works on
 * (pointer, length) pairs that are NOT NUL-terminated and never reads past the length.
 */
#ifndef IOA_TEXT_PRIV_H
#define IOA_TEXT_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "event.h"
#include "reader.h"

/* how the thread id is attached to the comm, which tells the text formats apart */
enum ioa_text_style {
	IOA_STYLE_DASH = 0, /* "comm-pid [cpu]" (tracefs, report, android) */
	IOA_STYLE_SPACE,    /* "comm  tid [cpu]" (perf script) */
	IOA_STYLE_SLASH,    /* "comm pid/tid [cpu]" (perf script -F pid,tid) */
};

/* the parts of one event line, pointing into the line */
struct ioa_text_prefix {
	const char *comm;
	size_t comm_len;
	int pid;
	int tgid;      /* -1 when the line has no TGID column (or shows "-----") */
	int has_tgid;  /* the line has a "(tgid)" column: Android/systrace */
	int has_flags; /* a latency-flags column ("d..2.") sits between cpu and time */
	int style;     /* enum ioa_text_style */
	int cpu;
	uint64_t ts; /* ns when ts_is_ns, else the integer the clock printed */
	int ts_is_ns;
	const char *sys; /* "sched" in perf's "sched:sched_switch:", else NULL */
	size_t sys_len;
	const char *name;
	size_t name_len;
	const char *payload; /* after the event name, trimmed; may be empty */
	size_t payload_len;
};

/**
 * ioa_text_prefix_parse() - split one event line ("comm-pid [cpu] flags ts: name: payload")
 * @pf: filled on success
 * Anchors on the "[cpu]" field so that comms with spaces, dashes and slashes work.
 * Returns 0, or -1 with a short static reason in *@why when the line is not an event line.
 */
int ioa_text_prefix_parse(struct ioa_text_prefix *pf, const char *line, size_t len,
			  const char **why);

/**
 * ioa_text_payload_parse() - fill @ev->u from the payload text for @ev->kind
 * Knows the raw "field=value" form and the plugin/printk forms of every modelled event.
 * @ev->u must be zeroed by the caller. Returns 0, or -1 when the payload does not have the
 * shape of its event (then @ev->u holds partial values and must not be used).
 */
int ioa_text_payload_parse(struct ioa_event *ev, const char *p, size_t len);

/* streaming line reader: text.c; perfdata.c feeds it from a pipe */
struct ioa_text_reader;

/**
 * ioa_text_reader_new() - a reader that sends events to @sink and fills @meta
 * @name: names the input in messages; not copied, must outlive the reader
 * @fmt: a text IOA_FMT_* or IOA_FMT_UNKNOWN (detected on the first lines fed)
 */
struct ioa_text_reader *ioa_text_reader_new(const char *name, enum ioa_format fmt,
					    const struct ioa_event_sink *sink,
					    struct ioa_trace_meta *meta);
/**
 * ioa_text_reader_feed() - one line, without its '\n'
 * Returns 0, a sink's non-zero return, or IOA_EINPUT (with @err) when the input is clearly
 * not a text trace.
 */
int ioa_text_reader_feed(struct ioa_text_reader *r, const char *line, size_t len,
			 struct ioa_err *err);
/**
 * ioa_text_reader_finish() - end of input: warnings, meta, and the verdict
 * Returns 0, IOA_ENODATA when no event was read, IOA_EINPUT when most lines were not
 * understood.
 */
int ioa_text_reader_finish(struct ioa_text_reader *r, struct ioa_err *err);
void ioa_text_reader_free(struct ioa_text_reader *r);

/* ---- number scanning: bounded, no locale, no errno, wraps silently on overflow ---- */

static inline int ioa_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int ioa_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* decimal digits at p; returns how many were consumed (0: none) */
static inline size_t ioa_scan_dec(const char *p, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i = 0;

	while (i < len && ioa_isdigit(p[i]))
		x = x * 10 + (uint64_t)(p[i++] - '0');
	*v = x;
	return i;
}

/* hex digits at p with an optional 0x; returns how many chars were consumed (0: none) */
static inline size_t ioa_scan_hex(const char *p, size_t len, uint64_t *v)
{
	uint64_t x = 0;
	size_t i = 0, start;
	int d;

	if (len >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && ioa_hexval(p[2]) >= 0)
		i = 2;
	start = i;
	while (i < len && (d = ioa_hexval(p[i])) >= 0) {
		x = (x << 4) | (uint64_t)d;
		i++;
	}
	*v = x;
	return i == start ? 0 : i;
}

/*
 * A number as the trace formats print them: "0x…" hex, else decimal with an optional '-'
 * (leading zeros are decimal: target_cpu=001). Returns chars consumed, 0 when none.
 */
static inline size_t ioa_scan_num(const char *p, size_t len, uint64_t *v)
{
	size_t n;

	if (len >= 3 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		return ioa_scan_hex(p, len, v);
	if (len >= 2 && p[0] == '-') {
		n = ioa_scan_dec(p + 1, len - 1, v);
		*v = 0 - *v;
		return n ? n + 1 : 0;
	}
	return ioa_scan_dec(p, len, v);
}

#endif
