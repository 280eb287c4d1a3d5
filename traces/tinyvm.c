// SPDX-License-Identifier: GPL-3.0-or-later
/*
 * tinyvm: the smallest KVM guest that produces the exits ioaware classifies.
 *
 * One VM, one memory slot, K vCPUs all running the same real-mode loop:
 *
 *	out  dx, al	; port I/O  -> KVM_EXIT_IO    (kvm_pio)
 *	mov  [bx], al	; unbacked  -> KVM_EXIT_MMIO  (kvm_mmio)
 *	inc  al
 *	hlt		; no irqchip -> KVM_EXIT_HLT  (kvm_userspace_exit)
 *	jmp  loop
 *
 * The port (DX) and the MMIO address come from the command line. Real mode
 * cannot address 0xfebf0000 with a 16-bit offset, so DS is loaded with a
 * hidden base of the MMIO page ("unreal" segment cache set via KVM_SET_SREGS)
 * and BX holds the offset in that page. With K >= 2 each vCPU runs on its own
 * thread named "CPU n/KVM", as QEMU names its vCPU threads; with K == 1 the
 * vCPU runs on the main thread, which keeps the process name.
 *
 * Build: gcc -O2 -Wall -pthread -o tinyvm tinyvm.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define GUEST_MEM_SIZE 0x10000UL
#define GUEST_CODE_GPA 0x1000UL
#define MAX_VCPUS 64

static const uint8_t guest_code[] = {
	0xee,	    /* out dx, al */
	0x88, 0x07, /* mov [bx], al */
	0xfe, 0xc0, /* inc al */
	0xf4,	    /* hlt */
	0xeb, 0xf8, /* jmp -8 (back to out) */
};

struct tinyvm_opts {
	unsigned long iterations;
	unsigned long sleep_us;
	unsigned long duration_ms;
	unsigned long port;
	uint64_t mmio;
	int threads;
};

struct vcpu {
	int id;
	uint64_t deadline_ns; /* CLOCK_MONOTONIC; 0 = none */
	int fd;
	struct kvm_run *run;
	const struct tinyvm_opts *opts;
	unsigned long nr_io, nr_mmio, nr_hlt;
	int err; /* 0, or -1 once an error was printed */
};

static const char usage_text[] =
	"Usage: tinyvm [OPTIONS]\n"
	"Run a minimal real-mode KVM guest looping over out/mmio-write/hlt.\n\n"
	"  -n, --iterations N  hlt exits per vCPU before stopping (default 1000, 0 = forever)\n"
	"  -d, --duration-ms N stop each vCPU after N ms, checked at each hlt exit, even if\n"
	"                      iterations remain (default 0 = no limit)\n"
	"  -s, --sleep-us N    host sleep per hlt exit in microseconds (default 1000)\n"
	"  -p, --port P        I/O port of the out instruction (default 0x3f8;\n"
	"                      0x3f8 serial = bus, 0x1f0 ATA data = storage)\n"
	"  -m, --mmio GPA      unbacked guest-physical address written each loop\n"
	"                      (default 0xfebf0000, above guest RAM)\n"
	"  -t, --threads K     vCPUs, each on a thread named \"CPU n/KVM\" (default 1:\n"
	"                      the main thread runs the only vCPU)\n"
	"  -h, --help          this text\n";

static int parse_ulong(unsigned long *out, const char *arg, const char *what)
{
	char *end;

	errno = 0;
	*out = strtoul(arg, &end, 0);
	if (errno || end == arg || *end || arg[0] == '-') {
		fprintf(stderr, "tinyvm: %s: not a number: '%s'\n", what, arg);
		return -1;
	}
	return 0;
}

static int check_opts(const struct tinyvm_opts *o)
{
	if (o->port > 0xffff) {
		fprintf(stderr, "tinyvm: --port 0x%lx is above 0xffff\n", o->port);
		return -1;
	}
	if (o->mmio < GUEST_MEM_SIZE || o->mmio > 0xffffffffULL) {
		fprintf(stderr,
			"tinyvm: --mmio 0x%llx must be in [0x%lx, 0xffffffff] (outside RAM)\n",
			(unsigned long long)o->mmio, GUEST_MEM_SIZE);
		return -1;
	}
	if (o->threads < 1 || o->threads > MAX_VCPUS) {
		fprintf(stderr, "tinyvm: --threads %d must be in [1, %d]\n", o->threads, MAX_VCPUS);
		return -1;
	}
	return 0;
}

/* Returns 0 to run, 1 after --help, 2 on a usage error. */
static int parse_args(struct tinyvm_opts *o, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "iterations", required_argument, NULL, 'n' },
		{ "sleep-us", required_argument, NULL, 's' },
		{ "duration-ms", required_argument, NULL, 'd' },
		{ "port", required_argument, NULL, 'p' },
		{ "mmio", required_argument, NULL, 'm' },
		{ "threads", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long v;
	int opt, rc = 0;

	*o = (struct tinyvm_opts){ .iterations = 1000,
				   .sleep_us = 1000,
				   .port = 0x3f8,
				   .mmio = 0xfebf0000,
				   .threads = 1 };
	while (!rc && (opt = getopt_long(argc, argv, "n:s:d:p:m:t:h", longopts, NULL)) != -1) {
		switch (opt) {
		case 'n':
			rc = parse_ulong(&o->iterations, optarg, "--iterations");
			break;
		case 's':
			rc = parse_ulong(&o->sleep_us, optarg, "--sleep-us");
			break;
		case 'd':
			rc = parse_ulong(&o->duration_ms, optarg, "--duration-ms");
			break;
		case 'p':
			rc = parse_ulong(&o->port, optarg, "--port");
			break;
		case 'm':
			rc = parse_ulong(&v, optarg, "--mmio");
			o->mmio = v;
			break;
		case 't':
			rc = parse_ulong(&v, optarg, "--threads");
			o->threads = v > MAX_VCPUS ? -1 : (int)v;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return 1;
		default:
			rc = -1;
			break;
		}
	}
	if (!rc && optind < argc) {
		fprintf(stderr, "tinyvm: unexpected argument '%s'\n", argv[optind]);
		rc = -1;
	}
	if (!rc)
		rc = check_opts(o);
	if (rc)
		fputs("Try 'tinyvm --help'.\n", stderr);
	return rc ? 2 : 0;
}

static int kvm_ioctl_err(const char *what)
{
	fprintf(stderr, "tinyvm: %s: %s\n", what, strerror(errno));
	return -1;
}

static int setup_vm(int *vm_fd, int kvm_fd)
{
	struct kvm_userspace_memory_region region = { 0 };
	void *mem;

	*vm_fd = ioctl(kvm_fd, KVM_CREATE_VM, 0);
	if (*vm_fd < 0)
		return kvm_ioctl_err("KVM_CREATE_VM");
	/* VMX needs a TSS for real mode; harmless elsewhere. */
	if (ioctl(kvm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SET_TSS_ADDR) > 0 &&
	    ioctl(*vm_fd, KVM_SET_TSS_ADDR, 0xfffbd000UL) < 0)
		return kvm_ioctl_err("KVM_SET_TSS_ADDR");

	mem = mmap(NULL, GUEST_MEM_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return kvm_ioctl_err("mmap guest memory");
	memcpy((uint8_t *)mem + GUEST_CODE_GPA, guest_code, sizeof(guest_code));

	region.slot = 0;
	region.guest_phys_addr = 0;
	region.memory_size = GUEST_MEM_SIZE;
	region.userspace_addr = (uintptr_t)mem;
	if (ioctl(*vm_fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
		return kvm_ioctl_err("KVM_SET_USER_MEMORY_REGION");
	return 0;
}

static int setup_regs(struct vcpu *v)
{
	struct kvm_sregs sregs;
	struct kvm_regs regs = { 0 };

	if (ioctl(v->fd, KVM_GET_SREGS, &sregs) < 0)
		return kvm_ioctl_err("KVM_GET_SREGS");
	sregs.cs.base = 0;
	sregs.cs.selector = 0;
	/* Hidden base: [bx] reaches the MMIO page without leaving real mode. */
	sregs.ds.base = v->opts->mmio & ~0xffffULL;
	sregs.ds.selector = 0;
	if (ioctl(v->fd, KVM_SET_SREGS, &sregs) < 0)
		return kvm_ioctl_err("KVM_SET_SREGS");

	regs.rip = GUEST_CODE_GPA;
	regs.rflags = 0x2;
	regs.rdx = v->opts->port;
	regs.rbx = v->opts->mmio & 0xffff;
	if (ioctl(v->fd, KVM_SET_REGS, &regs) < 0)
		return kvm_ioctl_err("KVM_SET_REGS");
	return 0;
}

static int setup_vcpu(struct vcpu *v, int vm_fd, int mmap_size)
{
	v->fd = ioctl(vm_fd, KVM_CREATE_VCPU, v->id);
	if (v->fd < 0)
		return kvm_ioctl_err("KVM_CREATE_VCPU");
	v->run = mmap(NULL, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd, 0);
	if (v->run == MAP_FAILED)
		return kvm_ioctl_err("mmap kvm_run");
	return setup_regs(v);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void sleep_us(unsigned long us)
{
	struct timespec ts = { .tv_sec = us / 1000000, .tv_nsec = (us % 1000000) * 1000 };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* Returns 1 when the vCPU should stop, 0 to keep running, -1 on an unexpected exit. */
static int handle_exit(struct vcpu *v)
{
	struct kvm_run *run = v->run;

	switch (run->exit_reason) {
	case KVM_EXIT_IO:
		if (run->io.port != v->opts->port || run->io.direction != KVM_EXIT_IO_OUT)
			break;
		v->nr_io++;
		return 0;
	case KVM_EXIT_MMIO:
		if (run->mmio.phys_addr != v->opts->mmio || !run->mmio.is_write)
			break;
		v->nr_mmio++;
		return 0;
	case KVM_EXIT_HLT:
		v->nr_hlt++;
		if (v->opts->sleep_us)
			sleep_us(v->opts->sleep_us);
		if (v->deadline_ns && now_ns() >= v->deadline_ns)
			return 1;
		return v->opts->iterations && v->nr_hlt >= v->opts->iterations;
	case KVM_EXIT_INTR:
		return 0;
	case KVM_EXIT_FAIL_ENTRY:
		fprintf(stderr, "tinyvm: vcpu %d: entry failed, hardware reason 0x%llx\n", v->id,
			(unsigned long long)run->fail_entry.hardware_entry_failure_reason);
		return -1;
	case KVM_EXIT_INTERNAL_ERROR:
		fprintf(stderr, "tinyvm: vcpu %d: internal error, suberror %u\n", v->id,
			run->internal.suberror);
		return -1;
	}
	fprintf(stderr, "tinyvm: vcpu %d: unexpected exit reason %u (port 0x%x, mmio 0x%llx)\n",
		v->id, run->exit_reason, run->io.port, (unsigned long long)run->mmio.phys_addr);
	return -1;
}

static void *vcpu_loop(void *arg)
{
	struct vcpu *v = arg;
	char name[16];
	int rc = 0;

	/* Named by the thread itself before its first KVM_RUN, as QEMU does. */
	if (v->opts->threads > 1) {
		snprintf(name, sizeof(name), "CPU %d/KVM", v->id);
		pthread_setname_np(pthread_self(), name);
	}

	while (!rc) {
		if (ioctl(v->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			fprintf(stderr, "tinyvm: vcpu %d: KVM_RUN: %s\n", v->id, strerror(errno));
			rc = -1;
			break;
		}
		rc = handle_exit(v);
	}
	v->err = rc < 0 ? -1 : 0;
	return NULL;
}

static int run_vcpus(struct vcpu *vcpus, int n)
{
	pthread_t tids[MAX_VCPUS];
	int i, rc = 0, started = 0;

	if (n == 1) {
		vcpu_loop(&vcpus[0]);
		return vcpus[0].err;
	}
	for (i = 0; i < n; i++) {
		rc = pthread_create(&tids[i], NULL, vcpu_loop, &vcpus[i]);
		if (rc) {
			fprintf(stderr, "tinyvm: pthread_create: %s\n", strerror(rc));
			rc = -1;
			break;
		}
		started++;
	}
	/* On a failed start the running vCPUs still end after --iterations. */
	for (i = 0; i < started; i++) {
		pthread_join(tids[i], NULL);
		if (vcpus[i].err)
			rc = -1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	struct tinyvm_opts opts;
	struct vcpu *vcpus;
	int kvm_fd, vm_fd, mmap_size, i, rc;

	rc = parse_args(&opts, argc, argv);
	if (rc)
		return rc == 1 ? 0 : 2;

	kvm_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (kvm_fd < 0) {
		fprintf(stderr, "tinyvm: /dev/kvm: %s\n", strerror(errno));
		return 1;
	}
	if (ioctl(kvm_fd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION) {
		fprintf(stderr, "tinyvm: /dev/kvm: unexpected KVM API version\n");
		return 1;
	}
	mmap_size = ioctl(kvm_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (mmap_size <= 0) {
		kvm_ioctl_err("KVM_GET_VCPU_MMAP_SIZE");
		return 1;
	}
	if (setup_vm(&vm_fd, kvm_fd))
		return 1;

	vcpus = calloc(opts.threads, sizeof(*vcpus));
	if (!vcpus) {
		fprintf(stderr, "tinyvm: out of memory\n");
		return 1;
	}
	for (i = 0; i < opts.threads; i++) {
		vcpus[i].id = i;
		if (opts.duration_ms)
			vcpus[i].deadline_ns = now_ns() + opts.duration_ms * 1000000ULL;
		vcpus[i].opts = &opts;
		if (setup_vcpu(&vcpus[i], vm_fd, mmap_size))
			return 1;
	}
	rc = run_vcpus(vcpus, opts.threads);
	for (i = 0; i < opts.threads; i++)
		fprintf(stderr, "tinyvm: vcpu %d: %lu io, %lu mmio, %lu hlt exits\n", i,
			vcpus[i].nr_io, vcpus[i].nr_mmio, vcpus[i].nr_hlt);
	free(vcpus);
	return rc ? 1 : 0;
}
