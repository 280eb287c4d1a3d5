// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The device map: built-in rules and capacities, the text format of devmap.h, and first-match
 * lookups. Every default is a row of a table below, so the README can list them as they are.
 */
#include "devmap.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"

static const char *const cat_names[IOA_CAT_NR] = {
	"RAM", "ETHERNET", "BUS", "GPU", "STORAGE", "CACHE", "COMPUTE", "OVERHEAD",
};

static const char *const kind_names[IOA_DM_KIND_NR] = {
	"irq", "softirq", "block", "net", "port", "mmio", "exit",
};

struct defrule {
	int kind;
	const char *pattern;
	int cat;
};

/* first match wins; file rules come before all of these */
static const struct defrule default_rules[] = {
	{ IOA_DM_IRQ, "virtio*-req.*", IOA_CAT_STORAGE },     /* virtio-blk queues */
	{ IOA_DM_IRQ, "virtio*-input.*", IOA_CAT_ETHERNET },  /* virtio-net rx */
	{ IOA_DM_IRQ, "virtio*-output.*", IOA_CAT_ETHERNET }, /* virtio-net tx */
	{ IOA_DM_IRQ, "virtio*-rx*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "virtio*-tx*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "nvme*", IOA_CAT_STORAGE },
	{ IOA_DM_IRQ, "ahci*", IOA_CAT_STORAGE },
	{ IOA_DM_IRQ, "ata_piix", IOA_CAT_STORAGE },
	{ IOA_DM_IRQ, "mmc*", IOA_CAT_STORAGE },
	{ IOA_DM_IRQ, "eth*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "en[opsx]*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "e1000*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "igb*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "ixgbe*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "i40e*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "mlx5*", IOA_CAT_ETHERNET },
	{ IOA_DM_IRQ, "i915", IOA_CAT_GPU },
	{ IOA_DM_IRQ, "amdgpu", IOA_CAT_GPU },
	{ IOA_DM_IRQ, "nouveau", IOA_CAT_GPU },
	{ IOA_DM_IRQ, "radeon", IOA_CAT_GPU },
	{ IOA_DM_IRQ, "virtio*-virtqueues", IOA_CAT_NONE },
	{ IOA_DM_IRQ, "can*", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "spi*", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "i2c*", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "xhci_hcd", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "ehci_hcd*", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "serial", IOA_CAT_BUS },
	{ IOA_DM_IRQ, "ttyS*", IOA_CAT_BUS },
	{ IOA_DM_SOFTIRQ, "BLOCK", IOA_CAT_STORAGE },
	{ IOA_DM_SOFTIRQ, "NET_RX", IOA_CAT_ETHERNET },
	{ IOA_DM_SOFTIRQ, "NET_TX", IOA_CAT_ETHERNET },
	{ IOA_DM_BLOCK, "*", IOA_CAT_STORAGE }, /* every block device is storage */
	{ IOA_DM_NET, "tap*", IOA_CAT_ETHERNET },
	{ IOA_DM_NET, "vnet*", IOA_CAT_ETHERNET },
	{ IOA_DM_NET, "macvtap*", IOA_CAT_ETHERNET },
	{ IOA_DM_NET, "can*", IOA_CAT_BUS }, /* SocketCAN is a fieldbus */
	{ IOA_DM_NET, "vcan*", IOA_CAT_BUS },
	{ IOA_DM_NET, "*", IOA_CAT_ETHERNET }, /* lo, eth*, en*, br*, ... */
};

/* capacity per component: bytes/s where bytes are known, events/s where only counts are */
static const double default_bytes[IOA_CAT_IO_NR] = {
	[IOA_CAT_RAM] = 10e9,	    /* 10 GB/s memory bandwidth */
	[IOA_CAT_ETHERNET] = 125e6, /* 1 Gbit/s link */
	[IOA_CAT_STORAGE] = 500e6,  /* 500 MB/s disk */
};

static const double default_events[IOA_CAT_IO_NR] = {
	[IOA_CAT_RAM] = 1e6,	    /* faults/exits per second */
	[IOA_CAT_ETHERNET] = 100e3, /* packets per second */
	[IOA_CAT_BUS] = 100e3,	    /* port / register accesses per second */
	[IOA_CAT_GPU] = 10e3,	    /* GPU register accesses or interrupts per second */
	[IOA_CAT_STORAGE] = 20e3,   /* I/O operations per second */
	[IOA_CAT_CACHE] = 1e6,	    /* maintenance exits per second */
};

const char *ioa_cat_name(int cat)
{
	if (cat < 0 || cat >= IOA_CAT_NR)
		return "NONE";
	return cat_names[cat];
}

int ioa_cat_parse(const char *name)
{
	int i;

	if (!strcasecmp(name, "NONE"))
		return IOA_CAT_NONE;
	for (i = 0; i < IOA_CAT_NR; i++)
		if (!strcasecmp(name, cat_names[i]))
			return i;
	return -2;
}

static struct ioa_devmap_rule *add_rule(struct ioa_devmap *m)
{
	struct ioa_devmap_rule *r;

	IOA_GROW(m->rules, m->nr, m->alloc);
	r = &m->rules[m->nr++];
	memset(r, 0, sizeof(*r));
	return r;
}

void ioa_devmap_init(struct ioa_devmap *m)
{
	struct ioa_devmap_rule *r;
	size_t i;

	memset(m, 0, sizeof(*m));
	for (i = 0; i < IOA_ARRAY_SIZE(default_rules); i++) {
		r = add_rule(m);
		r->kind = default_rules[i].kind;
		ioa_strlcpy(r->pattern, default_rules[i].pattern, sizeof(r->pattern));
		r->cat = default_rules[i].cat;
		r->builtin = 1;
	}
	memcpy(m->bytes_per_s, default_bytes, sizeof(default_bytes));
	memcpy(m->events_per_s, default_events, sizeof(default_events));
}

void ioa_devmap_release(struct ioa_devmap *m)
{
	free(m->rules);
	memset(m, 0, sizeof(*m));
}

/* first rule of @kind whose pattern matches @name: its category, or -2 */
static int name_find(const struct ioa_devmap *m, int kind, const char *name)
{
	int flags = kind == IOA_DM_EXIT ? FNM_CASEFOLD : 0;
	int i;

	if (!name || !*name)
		return -2;
	for (i = 0; i < m->nr; i++)
		if (m->rules[i].kind == kind && !fnmatch(m->rules[i].pattern, name, flags))
			return m->rules[i].cat;
	return -2;
}

int ioa_devmap_name(const struct ioa_devmap *m, int kind, const char *name)
{
	int cat = name_find(m, kind, name);

	return cat == -2 ? IOA_CAT_NONE : cat;
}

int ioa_devmap_exit(const struct ioa_devmap *m, const char *reason)
{
	return name_find(m, IOA_DM_EXIT, reason);
}

int ioa_devmap_addr(const struct ioa_devmap *m, int kind, uint64_t addr)
{
	int i;

	for (i = 0; i < m->nr; i++)
		if (m->rules[i].kind == kind && addr >= m->rules[i].lo && addr <= m->rules[i].hi)
			return m->rules[i].cat;
	return -2;
}

/* "12", "0x3f8", "1.5G": a number with an optional k/M/G suffix (powers of 1000) */
static int parse_num(const char *s, double *out, int allow_suffix)
{
	char *end;
	double v;

	errno = 0;
	if (!strncasecmp(s, "0x", 2))
		v = (double)strtoull(s, &end, 16);
	else
		v = strtod(s, &end);
	if (errno || end == s || v < 0)
		return -1;
	if (allow_suffix && *end) {
		const char *suf = "kKMGT";
		const char *p = strchr(suf, *end);

		if (!p || end[1])
			return -1;
		v *= p - suf <= 1 ? 1e3 : p - suf == 2 ? 1e6 : p - suf == 3 ? 1e9 : 1e12;
	} else if (*end) {
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_range(const char *s, uint64_t *lo, uint64_t *hi)
{
	char buf[64];
	char *dash;
	double a, b;

	ioa_strlcpy(buf, s, sizeof(buf));
	dash = strchr(buf, '-');
	if (dash)
		*dash = '\0';
	if (parse_num(buf, &a, 0) || (dash && parse_num(dash + 1, &b, 0)))
		return -1;
	*lo = (uint64_t)a;
	*hi = dash ? (uint64_t)b : *lo;
	return *hi < *lo ? -1 : 0;
}

static int parse_capacity(struct ioa_devmap *m, char **f, int n)
{
	int cat;
	double v;

	if (n != 4 || (cat = ioa_cat_parse(f[1])) < 0 || cat >= IOA_CAT_IO_NR ||
	    parse_num(f[2], &v, 1))
		return -1;
	if (!strcmp(f[3], "bytes/s"))
		m->bytes_per_s[cat] = v;
	else if (!strcmp(f[3], "bit/s"))
		m->bytes_per_s[cat] = v / 8;
	else if (!strcmp(f[3], "events/s"))
		m->events_per_s[cat] = v;
	else
		return -1;
	return 0;
}

static int kind_parse(const char *s)
{
	int i;

	for (i = 0; i < IOA_DM_KIND_NR; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

/* a file rule goes in front of every built-in rule, after the file's earlier rules */
static int parse_rule(struct ioa_devmap *m, char **f, int n, int *nfile)
{
	struct ioa_devmap_rule r = { 0 };
	int kind = kind_parse(f[0]);

	if (kind < 0 || n != 3 || strlen(f[1]) >= sizeof(r.pattern))
		return -1;
	r.kind = kind;
	r.cat = ioa_cat_parse(f[2]);
	if (r.cat == -2 || r.cat == IOA_CAT_COMPUTE)
		return -1;
	if (kind == IOA_DM_PORT || kind == IOA_DM_MMIO) {
		if (parse_range(f[1], &r.lo, &r.hi))
			return -1;
	} else {
		ioa_strlcpy(r.pattern, f[1], sizeof(r.pattern));
	}
	add_rule(m);
	memmove(&m->rules[*nfile + 1], &m->rules[*nfile],
		(size_t)(m->nr - 1 - *nfile) * sizeof(*m->rules));
	m->rules[(*nfile)++] = r;
	return 0;
}

static int split(char *line, char **f, int max)
{
	int n = 0;
	char *save = NULL;
	char *p = strchr(line, '#');

	if (p)
		*p = '\0';
	for (p = strtok_r(line, " \t\r\n", &save); p && n < max;
	     p = strtok_r(NULL, " \t\r\n", &save))
		f[n++] = p;
	return p ? max + 1 : n;
}

int ioa_devmap_parse(struct ioa_devmap *m, const char *text, const char *name, struct ioa_err *err)
{
	char *copy = ioa_xstrdup(text), *line, *next;
	char *f[6];
	int lineno = 0, nfile = 0, n, bad = 0;

	while (nfile < m->nr && !m->rules[nfile].builtin)
		nfile++;
	for (line = copy; line && !bad; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = split(line, f, 5);
		if (!n)
			continue;
		if (!strcmp(f[0], "capacity"))
			bad = parse_capacity(m, f, n);
		else
			bad = parse_rule(m, f, n, &nfile);
	}
	free(copy);
	if (bad)
		return ioa_error(err, IOA_EINPUT,
				 "%s:%d: expected 'KIND PATTERN CATEGORY' or "
				 "'capacity CATEGORY VALUE bytes/s|bit/s|events/s'",
				 name, lineno);
	return 0;
}

int ioa_devmap_load(struct ioa_devmap *m, const char *path, struct ioa_err *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	int ret;

	if (!f)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	do {
		cap += 4096;
		buf = ioa_xrealloc(buf, cap + 1);
		got = fread(buf + len, 1, cap - len, f);
		len += got;
	} while (got && len == cap);
	buf[len] = '\0';
	ret = ferror(f) ? ioa_error(err, IOA_EIO, "%s: read error", path) : 0;
	fclose(f);
	if (!ret)
		ret = ioa_devmap_parse(m, buf, path, err);
	free(buf);
	return ret;
}
