// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-bench: the measurements of `make bench` inside the L2 host
 * (vm/bench-job.sh runs it; tools/testing/nvidia-vgpu/bench.sh turns its
 * samples into the table). Every figure is printed as raw samples,
 *
 *   @@@BENCH <figure> <unit> <sample> <sample> ...
 *
 * and the L1 side takes min/median/max. It works on any host with VFs
 * bound to nvidia-vgpu-vfio-pci (and a plain vfio-pci device for the peer
 * figure); nothing here is simulator-specific.
 *
 *   vgpu-bench cycle NAME REPEATS GAP_MS VF [LIVE_VF...]
 *	Opens each LIVE_VF (creating its vGPU) and keeps it open, then
 *	REPEATS times: open VF through the VFIO group path until its
 *	vgpu_state is "active" (create->ready) and close it until it is
 *	"assigned" again (destroy). GAP_MS of idle time separate the phases
 *	(the simulator's timeline is cut at these gaps). Figures NAME_create,
 *	NAME_destroy (ms) and the L2 CLOCK_MONOTONIC of each phase
 *	(@@@BENCH-STAMPS NAME, ns: open start, ready, close start, assigned).
 *	$BENCH_LIVE_HOOK, if set, is run (system(3)) while the live vGPUs
 *	exist, before the first cycle.
 *   vgpu-bench bar1 VF MIB REPEATS
 *	Userspace writing and reading MIB of the VF's BAR1 through the VFIO
 *	mmap against anonymous memory; the first touch's page faults and the
 *	mapping's page size (from /proc/self/smaps).
 *   vgpu-bench init NAME REPEATS BDF
 *	The VFIO device-init loop (the idea of upstream's
 *	vfio_pci_device_init_perf_test; our own code): open the device
 *	through a fresh container and group, then close it. NAME_init and
 *	NAME_close (ms). Works on any vfio-pci bound device.
 */
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>

#include "vgpu_lib.h"

#define MAX_REPEATS 256

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void print_samples(const char *name, const char *suffix, const char *unit,
			  const double *v, int n)
{
	printf("@@@BENCH %s%s %s", name, suffix, unit);
	for (int i = 0; i < n; i++)
		printf(" %.3f", v[i]);
	printf("\n");
}

/* Poll vgpu_state every 100 us until it starts with want; false after ms. */
static bool state_is(const char *dir, const char *want, int ms)
{
	double end = now_ms() + ms;
	char buf[32];

	do {
		if (vgpu_read(dir, "vgpu_state", buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, want, strlen(want)))
			return true;
		usleep(100);
	} while (now_ms() < end);
	return false;
}

static int find_vf(const char *bdf, struct vgpu_vf *vf)
{
	snprintf(vf->bdf, sizeof(vf->bdf), "%s", bdf);
	snprintf(vf->dir, sizeof(vf->dir), "/sys/bus/pci/devices/%s/nvidia", bdf);
	return access(vf->dir, F_OK) ? -ENODEV : 0;
}

static int cmd_cycle(int argc, char **argv)
{
	static struct vgpu_vfio live[VGPU_MAX_VFS];
	double create[MAX_REPEATS], destroy[MAX_REPEATS];
	const char *name = argv[0];
	int repeats = atoi(argv[1]), gap = atoi(argv[2]), nlive = argc - 4;
	struct vgpu_vf vf;
	int bad = 0, r, ret;

	if (repeats < 1 || repeats > MAX_REPEATS || nlive > VGPU_MAX_VFS || find_vf(argv[3], &vf)) {
		fprintf(stderr, "cycle: bad arguments or %s is no vGPU VF\n", argv[3]);
		return 2;
	}
	for (int i = 0; i < nlive; i++) {
		ret = vgpu_vfio_open(&live[i], argv[4 + i], VGPU_VFIO_GROUP);
		if (ret) {
			fprintf(stderr, "cycle: opening live VF %s: %s\n", argv[4 + i],
				strerror(-ret));
			nlive = i;
			bad = 1;
			goto out;
		}
	}
	/* a measurement while the live vGPUs exist (bench-job.sh: host RSS) */
	if (getenv("BENCH_LIVE_HOOK") && system(getenv("BENCH_LIVE_HOOK")))
		fprintf(stderr, "cycle: BENCH_LIVE_HOOK failed\n");
	printf("@@@BENCH-STAMPS %s", name);
	for (r = 0; r < repeats; r++) {
		struct vgpu_vfio v;
		long long s[4];

		usleep(gap * 1000);
		s[0] = now_ns();
		ret = vgpu_vfio_open(&v, vf.bdf, VGPU_VFIO_GROUP);
		if (ret || !state_is(vf.dir, "active", 10000)) {
			fprintf(stderr, "cycle %d: %s did not become active (%s)\n", r, vf.bdf,
				ret ? strerror(-ret) : "state");
			if (!ret)
				vgpu_vfio_close(&v);
			bad = 1;
			break;
		}
		s[1] = now_ns();
		usleep(gap * 1000);
		s[2] = now_ns();
		vgpu_vfio_close(&v);
		if (!state_is(vf.dir, "assigned", 10000)) {
			fprintf(stderr, "cycle %d: %s did not go back to assigned\n", r, vf.bdf);
			bad = 1;
			break;
		}
		s[3] = now_ns();
		create[r] = (s[1] - s[0]) / 1e6;
		destroy[r] = (s[3] - s[2]) / 1e6;
		printf(" %lld,%lld,%lld,%lld", s[0], s[1], s[2], s[3]);
	}
	printf("\n");
	print_samples(name, "_create", "ms", create, r);
	print_samples(name, "_destroy", "ms", destroy, r);
out:
	for (int i = 0; i < nlive; i++)
		vgpu_vfio_close(&live[i]);
	return bad;
}

/* Page size of the mapping at addr, from /proc/self/smaps (KiB; 0 unknown). */
static unsigned long mapping_kpagesize(void *addr)
{
	unsigned long lo, hi, kps = 0, want = (unsigned long)addr;
	char line[256];
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		/* a mapping's first line: "lo-hi perms ..." */
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = want >= lo && want < hi;
			continue;
		}
		if (in && sscanf(line, "KernelPageSize: %lu kB", &kps) == 1)
			break;
	}
	fclose(f);
	return kps;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Write then read len bytes (64-bit words); MiB/s of each into w and r. */
static void mem_pass(volatile uint64_t *p, size_t len, double *w, double *r)
{
	size_t n = len / 8;
	uint64_t sum = 0;
	double t0, t1, t2;

	t0 = now_ms();
	for (size_t i = 0; i < n; i++)
		p[i] = i * 0x9e3779b97f4a7c15ull;
	t1 = now_ms();
	for (size_t i = 0; i < n; i++)
		sum += p[i];
	t2 = now_ms();
	if (sum == 1)		/* keep the reads */
		fprintf(stderr, "!");
	*w = len / 1048576.0 / ((t1 - t0) / 1e3);
	*r = len / 1048576.0 / ((t2 - t1) / 1e3);
}

static int cmd_bar1(char **argv)
{
	double bw[MAX_REPEATS], br[MAX_REPEATS], aw[MAX_REPEATS], ar[MAX_REPEATS];
	size_t len = strtoul(argv[1], NULL, 0) << 20;
	int repeats = atoi(argv[2]);
	struct vfio_region_info info;
	struct vgpu_vfio v;
	double first_ms, dummy;
	long flt0, flt1;
	void *bar, *anon;
	int ret;

	if (repeats < 1 || repeats > MAX_REPEATS || !len) {
		fprintf(stderr, "bar1: bad arguments\n");
		return 2;
	}
	ret = vgpu_vfio_open(&v, argv[0], VGPU_VFIO_GROUP);
	if (ret) {
		fprintf(stderr, "bar1: open %s: %s\n", argv[0], strerror(-ret));
		return 1;
	}
	if (vgpu_region(v.device, VFIO_PCI_BAR1_REGION_INDEX, &info) || info.size < len ||
	    !(info.flags & VFIO_REGION_INFO_FLAG_MMAP)) {
		fprintf(stderr, "bar1: BAR1 of %s is not mmap-able or smaller than %zu\n",
			argv[0], len);
		vgpu_vfio_close(&v);
		return 1;
	}
	bar = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, v.device, info.offset);
	anon = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (bar == MAP_FAILED || anon == MAP_FAILED) {
		fprintf(stderr, "bar1: mmap: %s\n", strerror(errno));
		vgpu_vfio_close(&v);
		return 1;
	}
	/* first touch: the faults that map BAR1 */
	flt0 = minflt();
	first_ms = now_ms();
	mem_pass(bar, len, &dummy, &dummy);
	first_ms = now_ms() - first_ms;
	flt1 = minflt();
	printf("@@@BENCH bar1_first_touch_faults count %ld\n", flt1 - flt0);
	printf("@@@BENCH bar1_first_touch ms %.3f\n", first_ms);
	printf("@@@BENCH bar1_kernel_page_size KiB %lu\n", mapping_kpagesize(bar));
	mem_pass(anon, len, &dummy, &dummy);
	for (int i = 0; i < repeats; i++) {
		mem_pass(bar, len, &bw[i], &br[i]);
		mem_pass(anon, len, &aw[i], &ar[i]);
	}
	print_samples("bar1_mmap_write", "", "MiB/s", bw, repeats);
	print_samples("bar1_mmap_read", "", "MiB/s", br, repeats);
	print_samples("anon_write", "", "MiB/s", aw, repeats);
	print_samples("anon_read", "", "MiB/s", ar, repeats);
	munmap(bar, len);
	munmap(anon, len);
	vgpu_vfio_close(&v);
	return 0;
}

static int cmd_init(char **argv)
{
	double init[MAX_REPEATS], fini[MAX_REPEATS];
	const char *name = argv[0];
	int repeats = atoi(argv[1]), r;
	struct vgpu_vf vf;
	bool is_vgpu = !find_vf(argv[2], &vf);

	if (repeats < 1 || repeats > MAX_REPEATS) {
		fprintf(stderr, "init: bad arguments\n");
		return 2;
	}
	for (r = 0; r < repeats; r++) {
		struct vgpu_vfio v;
		double t0, t1, t2;
		int ret;

		t0 = now_ms();
		ret = vgpu_vfio_open(&v, argv[2], VGPU_VFIO_GROUP);
		t1 = now_ms();
		if (ret) {
			fprintf(stderr, "init: open %s: %s\n", argv[2], strerror(-ret));
			break;
		}
		vgpu_vfio_close(&v);
		/* a vGPU VF: closed when its vGPU is gone */
		if (is_vgpu && !state_is(vf.dir, "assigned", 10000)) {
			fprintf(stderr, "init: %s did not go back to assigned\n", argv[2]);
			break;
		}
		t2 = now_ms();
		init[r] = t1 - t0;
		fini[r] = t2 - t1;
	}
	print_samples(name, "_init", "ms", init, r);
	print_samples(name, "_close", "ms", fini, r);
	return r == repeats ? 0 : 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 6 && !strcmp(argv[1], "cycle"))
		return cmd_cycle(argc - 2, argv + 2);
	if (argc == 5 && !strcmp(argv[1], "bar1"))
		return cmd_bar1(argv + 2);
	if (argc == 5 && !strcmp(argv[1], "init"))
		return cmd_init(argv + 2);
	fprintf(stderr, "usage: %s cycle NAME REPEATS GAP_MS VF [LIVE_VF...]\n"
		"       %s bar1 VF MIB REPEATS\n"
		"       %s init NAME REPEATS BDF\n", argv[0], argv[0], argv[0]);
	return 2;
}
