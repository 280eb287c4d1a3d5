// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * The tasks side file (tid → tgid, comm, cmdline of VMM threads): parser, writer, and the /proc
 * scan `ioaware record` runs at start, periodically and at the end (threads come and go).
 * The parser and the name predicates are pure; the scan takes the proc root as a parameter so
 * that tests can point it at a fake tree.
 */
#include "tasks.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

enum { COL_TID, COL_TGID, COL_COMM, COL_CMDLINE, COL__COUNT };

static const char *const col_names[COL__COUNT] = { "tid", "tgid", "comm", "cmdline" };

void ioa_tasks_init(struct ioa_tasks *t)
{
	memset(t, 0, sizeof(*t));
}

void ioa_tasks_release(struct ioa_tasks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i].cmdline);
	for (i = 0; i < t->nr_warnings; i++)
		free(t->warnings[i]);
	free(t->v);
	free(t->warnings);
	ioa_tasks_init(t);
}

static struct ioa_task_info *find(struct ioa_tasks *t, int tid)
{
	size_t i;

	for (i = t->n; i-- > 0;)
		if (t->v[i].tid == tid)
			return &t->v[i];
	return NULL;
}

void ioa_tasks_put(struct ioa_tasks *t, int tid, int tgid, const char *comm, const char *cmdline)
{
	struct ioa_task_info *k = find(t, tid);

	if (!k) {
		IOA_GROW(t->v, t->n, t->alloc);
		k = &t->v[t->n++];
		memset(k, 0, sizeof(*k));
		k->tid = tid;
		k->cmdline = ioa_xstrdup("");
	}
	k->tgid = tgid;
	if (comm && comm[0])
		ioa_strlcpy(k->comm, comm, sizeof(k->comm));
	if (cmdline && cmdline[0]) {
		free(k->cmdline);
		k->cmdline = ioa_xstrdup(cmdline);
	}
}

void ioa_tasks_warn(struct ioa_tasks *t, const char *msg)
{
	IOA_GROW(t->warnings, t->nr_warnings, t->alloc_warnings);
	t->warnings[t->nr_warnings++] = ioa_xstrdup(msg);
}

/* ---- parse ---------------------------------------------------------------------------------- */

/* split @line (modified) on tabs into at most @max fields; returns the count */
static int split_tabs(char *line, char **f, int max)
{
	int n = 0;

	f[n++] = line;
	while (n < max && (line = strchr(line, '\t'))) {
		*line++ = '\0';
		f[n++] = line;
	}
	return n;
}

static int parse_header(int *col, char *line, const char *name, struct ioa_err *err)
{
	char *f[64];
	int n = split_tabs(line, f, 64), i, c;

	for (c = 0; c < COL__COUNT; c++)
		col[c] = -1;
	for (i = 0; i < n; i++)
		for (c = 0; c < COL__COUNT; c++)
			if (!strcmp(f[i], col_names[c]))
				col[c] = i;
	for (c = 0; c < COL__COUNT; c++)
		if (col[c] < 0)
			return ioa_error(err, IOA_EINPUT, "%s:1: header has no '%s' column", name,
					 col_names[c]);
	return 0;
}

static int parse_int(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0 || v > 0x7fffffff)
		return -1;
	*out = (int)v;
	return 0;
}

static int parse_row(struct ioa_tasks *t, const int *col, char *line, const char *name, int lineno,
		     struct ioa_err *err)
{
	char *f[64];
	int n = split_tabs(line, f, 64), tid, tgid, c;

	for (c = 0; c < COL__COUNT; c++)
		if (col[c] >= n)
			return ioa_error(err, IOA_EINPUT,
					 "%s:%d: %d columns, the header names more", name, lineno,
					 n);
	if (parse_int(f[col[COL_TID]], &tid) || parse_int(f[col[COL_TGID]], &tgid) || tid <= 0)
		return ioa_error(err, IOA_EINPUT, "%s:%d: bad tid or tgid", name, lineno);
	ioa_tasks_put(t, tid, tgid, f[col[COL_COMM]], f[col[COL_CMDLINE]]);
	return 0;
}

static void parse_comment(struct ioa_tasks *t, const char *line)
{
	static const char tag[] = "# warning: ";

	if (!strncmp(line, tag, sizeof(tag) - 1))
		ioa_tasks_warn(t, line + sizeof(tag) - 1);
}

int ioa_tasks_parse(struct ioa_tasks *t, const char *text, size_t len, const char *name,
		    struct ioa_err *err)
{
	char *buf = ioa_xmalloc(len + 1), *line, *next;
	int col[COL__COUNT], have_header = 0, lineno = 0, ret = 0;

	memcpy(buf, text, len);
	buf[len] = '\0';
	for (line = buf; line && !ret; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line[strcspn(line, "\r")] = '\0';
		if (line[0] == '#')
			parse_comment(t, line);
		else if (!line[0])
			continue;
		else if (!have_header)
			ret = parse_header(col, line, name, err), have_header = 1;
		else
			ret = parse_row(t, col, line, name, lineno, err);
	}
	if (!ret && !have_header)
		ret = ioa_error(err, IOA_EINPUT, "%s: no header line", name);
	free(buf);
	return ret;
}

/* read a whole small file; NULL with errno on failure */
static char *slurp(const char *path, size_t *len)
{
	size_t alloc = 4096, n = 0;
	char *buf;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	buf = ioa_xmalloc(alloc);
	while ((r = read(fd, buf + n, alloc - n - 1)) > 0) {
		n += (size_t)r;
		if (n + 1 == alloc)
			buf = ioa_xrealloc(buf, alloc *= 2);
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

int ioa_tasks_load(struct ioa_tasks *t, const char *path, struct ioa_err *err)
{
	size_t len;
	char *text = slurp(path, &len);
	int ret;

	if (!text)
		return ioa_error(err, IOA_EIO, "%s: %s", path, strerror(errno));
	ret = ioa_tasks_parse(t, text, len, path, err);
	free(text);
	return ret;
}

/* ---- write ---------------------------------------------------------------------------------- */

/* tabs and newlines would break the columns */
static void put_field(FILE *out, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
}

int ioa_tasks_write(const struct ioa_tasks *t, FILE *out)
{
	size_t i;

	for (i = 0; i < t->nr_warnings; i++) {
		fputs("# warning: ", out);
		put_field(out, t->warnings[i]);
		fputc('\n', out);
	}
	fputs("tid\ttgid\tcomm\tcmdline\n", out);
	for (i = 0; i < t->n; i++) {
		fprintf(out, "%d\t%d\t", t->v[i].tid, t->v[i].tgid);
		put_field(out, t->v[i].comm);
		fputc('\t', out);
		put_field(out, t->v[i].cmdline);
		fputc('\n', out);
	}
	return fflush(out) || ferror(out) ? IOA_EIO : 0;
}

int ioa_tasks_side_path(char *buf, size_t size, const char *trace_path)
{
	size_t n = strlen(trace_path);
	struct stat st;

	snprintf(buf, size, "%s.tasks.tsv", trace_path);
	if (!stat(buf, &st) && S_ISREG(st.st_mode))
		return 1;
	if (n > 4 && !strcmp(trace_path + n - 4, ".dat")) {
		snprintf(buf, size, "%.*s.tasks.tsv", (int)(n - 4), trace_path);
		if (!stat(buf, &st) && S_ISREG(st.st_mode))
			return 1;
	}
	return 0;
}

/* ---- names ---------------------------------------------------------------------------------- */

int ioa_tasks_is_vmm_comm(const char *comm)
{
	static const char *const exact[] = { "firecracker", "cloud-hyperviso", "cloud-hypervisor",
					     "crosvm" };
	size_t i;

	if (!strncmp(comm, "qemu", 4))
		return 1;
	for (i = 0; i < IOA_ARRAY_SIZE(exact); i++)
		if (!strcmp(comm, exact[i]))
			return 1;
	return 0;
}

int ioa_tasks_is_vcpu_comm(const char *comm)
{
	const char *p = comm + 4;

	if (strncmp(comm, "CPU ", 4) || !isdigit((unsigned char)*p))
		return 0;
	while (isdigit((unsigned char)*p))
		p++;
	return !strcmp(p, "/KVM") || !strcmp(p, "/TCG");
}

/* ---- /proc scan ----------------------------------------------------------------------------- */

static int read_small(char *buf, size_t size, const char *path)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return (int)n;
}

static int read_comm(char *buf, size_t size, const char *proc, int pid, int tid)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%d/task/%d/comm", proc, pid, tid);
	if (read_small(buf, size, path) < 0)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* the tids of process @pid, NULL when it is gone; free the result */
static int *list_tids(const char *proc, int pid, int *n)
{
	char path[512];
	struct dirent *de;
	int *tids = NULL, alloc = 0, tid;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%d/task", proc, pid);
	d = opendir(path);
	if (!d)
		return NULL;
	*n = 0;
	while ((de = readdir(d)))
		if (!parse_int(de->d_name, &tid) && tid > 0) {
			IOA_GROW(tids, *n, alloc);
			tids[(*n)++] = tid;
		}
	closedir(d);
	return tids ? tids : ioa_xcalloc(1, sizeof(int));
}

static int parent_of(const char *proc, int pid)
{
	char buf[1024], path[512], *p;
	int ppid = -1;

	snprintf(path, sizeof(path), "%s/%d/stat", proc, pid);
	if (read_small(buf, sizeof(buf), path) < 0)
		return -1;
	p = strrchr(buf, ')'); /* comm may hold spaces and parentheses */
	if (!p || sscanf(p + 1, " %*c %d", &ppid) != 1)
		return -1;
	return ppid;
}

static void cmdline_of(char *buf, size_t size, const char *proc, int pid)
{
	char path[512];
	int n, i;

	snprintf(path, sizeof(path), "%s/%d/cmdline", proc, pid);
	n = read_small(buf, size, path);
	if (n < 0)
		n = 0;
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[n] = '\0';
}

static int wanted(const char *proc, int pid, const int *tids, int n, int extra_pid)
{
	char comm[64];
	int i;

	if (extra_pid > 0 && (pid == extra_pid || parent_of(proc, pid) == extra_pid))
		return 1;
	if (!read_comm(comm, sizeof(comm), proc, pid, pid) && ioa_tasks_is_vmm_comm(comm))
		return 1;
	for (i = 0; i < n; i++)
		if (!read_comm(comm, sizeof(comm), proc, pid, tids[i]) &&
		    ioa_tasks_is_vcpu_comm(comm))
			return 1;
	return 0;
}

static int scan_one(struct ioa_tasks *t, const char *proc, int pid, int extra_pid)
{
	char comm[64], cmd[4096];
	int n = 0, i, added = 0;
	int *tids = list_tids(proc, pid, &n);

	if (!tids)
		return 0;
	if (extra_pid < 0 || wanted(proc, pid, tids, n, extra_pid)) {
		cmdline_of(cmd, sizeof(cmd), proc, pid);
		for (i = 0; i < n; i++)
			if (!read_comm(comm, sizeof(comm), proc, pid, tids[i]))
				ioa_tasks_put(t, tids[i], pid, comm, cmd);
		added = 1;
	}
	free(tids);
	return added;
}

int ioa_tasks_scan_proc(struct ioa_tasks *t, const char *proc, int extra_pid)
{
	struct dirent *de;
	int pid, added = 0;
	DIR *d = opendir(proc);

	if (!d)
		return 0;
	while ((de = readdir(d)))
		if (!parse_int(de->d_name, &pid) && pid > 0)
			added += scan_one(t, proc, pid, extra_pid);
	closedir(d);
	return added;
}

int ioa_tasks_scan_pid(struct ioa_tasks *t, const char *proc, int pid)
{
	return scan_one(t, proc, pid, -1);
}
