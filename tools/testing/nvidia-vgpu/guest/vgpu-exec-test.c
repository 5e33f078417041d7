// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-exec-test: the execution workload of an L3 guest, as KTAP on
 * stdout. vgpu-guest-test runs it as its last test and nests its output.
 *
 * Everything goes through nvsim_guest.ko's /dev/nvsim-vgpu<N>
 * (nvsim_guest_uapi.h): channels from the vGPU's GSP plugin, copies
 * between a DMA buffer mmap()ed from the driver and the vGPU's FB on the
 * VF's copy engine (GPFIFO, pushbuffers, doorbell, semaphore release,
 * non-stall MSI-X), and the error paths: a copy from a guest-physical
 * address outside guest RAM (VFIO never mapped it: the IOMMU refuses the
 * VF's DMA -> MMU fault, Xid 31), a host method that does not exist (RC,
 * Xid 32), a copy past the end of the vGPU's FB (Xid 39) and more
 * channels than the vGPU's type allows. After each error a fresh
 * channel must copy again, and the first channel must never notice.
 *
 * Kernel command line: nvgpu.exec_neg=0 skips the error cases (a guest
 * that must cause no host-side events), nvgpu.exec_max=<MiB> the largest
 * copy (default 64).
 * Prints "@@@L3-EXEC ..." with the throughput for the L2 side.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "nvsim_vf_regs.h"
#include "nvsim_guest_uapi.h"

#define MIB		(1024ull * 1024)
#define FB_BASE		(64 * MIB)	/* FB offset of the round trips */
/* far outside the guest's RAM (256 MiB) and its PCI holes; checked below */
#define UNMAPPED_GPA	0x40000000ull
#define NSUBMIT		256

static int ntest, nfail, fd;
static uint32_t last_index;	/* index in the vGPU's range of the last channel */
static double t_start;
static uint8_t *buf;
static uint64_t bufsz, maxsz;
static struct nvsim_dev_info di;

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static double now(void);

static void result(int ok, const char *fmt, ...)
{
	char name[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	ntest++;
	nfail += !ok;
	printf("%s %d %s\n", ok ? "ok" : "not ok", ntest, name);
	printf("# (%.1f s)\n", now() - t_start);
	fflush(stdout);
}

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static char cmdline[4096];

static long arg_num(const char *key, long def)
{
	char pat[64];
	const char *p;

	snprintf(pat, sizeof(pat), "nvgpu.%s=", key);
	for (p = cmdline; (p = strstr(p, pat)); p++)
		if (p == cmdline || p[-1] == ' ')
			return strtol(p + strlen(pat), NULL, 0);
	return def;
}

static int read_file(const char *path, char *b, size_t len)
{
	int f = open(path, O_RDONLY), n, t = 0;

	if (f < 0)
		return -1;
	while (t < (int)len - 1 && (n = read(f, b + t, len - 1 - t)) > 0)
		t += n;
	close(f);
	b[t] = '\0';
	return t;
}

/* Interrupts of one of nvsim_guest's vectors, from /proc/interrupts. */
static unsigned long long irq_count(int vec)
{
	static char b[65536];
	char name[32], *line, *save;
	unsigned long long sum = 0;

	snprintf(name, sizeof(name), " nvsim-guest-%d", vec);
	if (read_file("/proc/interrupts", b, sizeof(b)) < 0)
		return 0;
	for (line = strtok_r(b, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *p, *end;
		size_t l = strlen(line), n = strlen(name);

		if (l < n || strcmp(line + l - n, name))
			continue;
		p = strchr(line, ':');
		for (p = p ? p + 1 : line; ; p = end) {
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			sum += v;
		}
	}
	return sum;
}

/* ---- the driver ---- */

static int chan_alloc(uint32_t *chid)
{
	struct nvsim_chan_alloc a;

	if (ioctl(fd, NVSIM_IOC_CHAN_ALLOC, &a))
		return -errno;
	*chid = a.chid;
	last_index = a.index;
	return 0;
}

static void chan_free(uint32_t chid)
{
	if (ioctl(fd, NVSIM_IOC_CHAN_FREE, &chid))
		printf("# CHAN_FREE %u: %s\n", chid, strerror(errno));
}

static int copy(uint32_t chid, uint32_t dir, uint64_t off, uint64_t fb, uint64_t size,
		uint32_t flags, uint32_t *seq)
{
	struct nvsim_copy c = {
		.chid = chid, .dir = dir, .buf_off = off, .fb_off = fb, .size = size,
		.flags = flags,
	};

	if (ioctl(fd, NVSIM_IOC_COPY, &c))
		return -errno;
	*seq = c.seq;
	return 0;
}

static int wait_seq(uint32_t chid, uint32_t seq, struct nvsim_wait *w)
{
	struct nvsim_wait tmp;

	if (!w)
		w = &tmp;
	memset(w, 0, sizeof(*w));
	w->chid = chid;
	w->seq = seq;
	w->timeout_ms = 20000;
	return ioctl(fd, NVSIM_IOC_WAIT, w) ? -errno : 0;
}

/* copy and wait; returns 0 or -errno, *secs the time it took */
static int copy_sync(uint32_t chid, uint32_t dir, uint64_t off, uint64_t fb, uint64_t size,
		     double *secs)
{
	double t0 = now();
	uint32_t seq = 0;
	int ret;

	ret = copy(chid, dir, off, fb, size, 0, &seq);
	if (!ret)
		ret = wait_seq(chid, seq, NULL);
	if (secs)
		*secs = now() - t0;
	return ret;
}

/* ---- data ---- */

static uint64_t rng;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void fill(uint8_t *p, uint64_t n, uint64_t seed)
{
	uint64_t i, v;

	rng = seed * 0x9e3779b97f4a7c15ull | 1;
	for (i = 0; i + 8 <= n; i += 8) {
		v = next();
		memcpy(p + i, &v, 8);
	}
	for (v = next(); i < n; i++, v >>= 8)
		p[i] = v;
}

/* FNV-1a, 64 bit, over 8-byte words (the tail bytewise) */
static uint64_t csum(const uint8_t *p, uint64_t n)
{
	uint64_t h = 0xcbf29ce484222325ull, i, v;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&v, p + i, 8);
		h = (h ^ v) * 0x100000001b3ull;
	}
	for (; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static void size_name(char *s, size_t len, uint64_t n)
{
	if (n % MIB == 0)
		snprintf(s, len, "%lluMiB", (unsigned long long)(n / MIB));
	else if (n % 1024 == 0)
		snprintf(s, len, "%lluKiB", (unsigned long long)(n / 1024));
	else
		snprintf(s, len, "%lluB", (unsigned long long)n);
}

/*
 * Guest RAM -> FB -> guest RAM: the source half of the buffer holds
 * seeded data, the destination half is cleared first; both checksums
 * must match and the bytes too.
 */
static int roundtrip(uint32_t chid, uint64_t size, uint64_t fb, double *t_to, double *t_from)
{
	uint8_t *src = buf, *dst = buf + bufsz / 2;
	uint64_t c_src, c_dst;
	int ret;

	fill(src, size, size ^ fb);
	memset(dst, 0, size);
	c_src = csum(src, size);
	ret = copy_sync(chid, NVSIM_COPY_TO_FB, 0, fb, size, t_to);
	if (!ret)
		ret = copy_sync(chid, NVSIM_COPY_FROM_FB, bufsz / 2, fb, size, t_from);
	if (ret) {
		printf("# %llu bytes at FB %#llx: %s\n", (unsigned long long)size,
		       (unsigned long long)fb, strerror(-ret));
		return 0;
	}
	c_dst = csum(dst, size);
	if (c_src != c_dst) {
		printf("# %llu bytes at FB %#llx: checksum %016llx, back %016llx\n",
		       (unsigned long long)size, (unsigned long long)fb,
		       (unsigned long long)c_src, (unsigned long long)c_dst);
		return 0;
	}
	return 1;
}

/* a channel stopped by an error: the waiter's errno and Xid */
static int expect_dead(uint32_t chid, uint32_t seq, uint32_t xid, const char *what)
{
	struct nvsim_wait w;
	int ret = wait_seq(chid, seq, &w);

	printf("# %s: channel %u: wait -> %s, Xid %u, fault address %#llx, semaphore %u of %u\n",
	       what, chid, ret ? strerror(-ret) : "success", w.xid,
	       (unsigned long long)w.fault_addr, w.sem, seq);
	/* for the host side: which channel should have been reported */
	printf("@@@L3-FAULT chid=%u index=%u xid=%u\n", chid, last_index, w.xid);
	return ret == -EIO && w.xid == xid;
}

/* after an error: a fresh channel copies again, then goes */
static int fresh_channel_copies(void)
{
	uint32_t chid;
	int ok;

	if (chan_alloc(&chid))
		return 0;
	ok = roundtrip(chid, 64 * 1024, FB_BASE + 8 * MIB, NULL, NULL);
	chan_free(chid);
	return ok;
}

static int gpa_unused(uint64_t a)
{
	static char b[65536];
	char *line, *save;

	if (read_file("/proc/iomem", b, sizeof(b)) < 0)
		return 1;
	for (line = strtok_r(b, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long s, e;

		/* the bridge windows are address space, not memory or BARs */
		if (strstr(line, ": PCI Bus "))
			continue;
		if (sscanf(line, " %llx-%llx", &s, &e) == 2 && a >= s && a <= e) {
			printf("# %#llx is in use: %s\n", (unsigned long long)a, line);
			return 0;
		}
	}
	return 1;
}

int main(void)
{
	static const uint64_t sizes[] = {
		4096, 12345, 64 * 1024, MIB, 4 * MIB + 4096, 16 * MIB, 64 * MIB,
	};
	unsigned long long irq1, irq2, n;
	double t_to = 0, t_from = 0, best_to = 0, best_from = 0;
	uint32_t main_ch = 0, chid = 0, seq = 0, seqs[NSUBMIT], *chans;
	struct nvsim_chan_info ci;
	struct nvsim_wait w;
	int neg, ok, i, ret, plan;
	uint64_t sz;
	char name[32];

	t_start = now();
	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	/*
	 * nvgpu.hold_chans=N: only hold N channels and keep running, for the
	 * host's tests of what the plugin reports about a running guest
	 */
	n = arg_num("hold_chans", 0);
	if (n) {
		fd = open("/dev/nvsim-vgpu0", O_RDWR);
		for (i = 0; fd >= 0 && i < (int)n; i++) {
			if (chan_alloc(&chid))
				break;
		}
		/* the driver's own channels (the display's) count too */
		if (fd < 0 || ioctl(fd, NVSIM_IOC_DEV_INFO, &di))
			di.kernel_channels = 0;
		printf("@@@L3-HOLD chans=%d kernel=%u\n", fd < 0 ? -1 : i, di.kernel_channels);
		fflush(stdout);
		for (;;)
			pause();
	}
	neg = arg_num("exec_neg", 1);
	maxsz = arg_num("exec_max", 64) * MIB;
	plan = 4 + 7 + 3 + (neg ? 9 : 0) + 1;
	printf("KTAP version 1\n1..%d\n", plan);

	/* 1-3: the device, its report, the buffer */
	fd = open("/dev/nvsim-vgpu0", O_RDWR);
	result(fd >= 0, "exec_device_open");
	if (fd < 0) {
		printf("# /dev/nvsim-vgpu0: %s\n", strerror(errno));
		return 1;
	}
	ret = ioctl(fd, NVSIM_IOC_DEV_INFO, &di) ? -errno : 0;
	printf("# vGPU: type %u, GFID %u, FB %llu MiB, %u channels\n", di.type_id, di.gfid,
	       (unsigned long long)(di.fb_size / MIB), di.num_channels);
	result(!ret && di.num_channels && di.fb_size >= FB_BASE + maxsz + 16 * MIB,
	       "exec_device_info");
	bufsz = 2 * maxsz;
	buf = mmap(NULL, bufsz, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	result(buf != MAP_FAILED, "dma_buffer_mmap # %llu MiB", (unsigned long long)(bufsz / MIB));
	if (buf == MAP_FAILED) {
		printf("# mmap: %s\n", strerror(errno));
		return 1;
	}
	/* 4: a channel from the plugin */
	ret = chan_alloc(&main_ch);
	printf("# channel %u\n", main_ch);
	result(!ret, "channel_alloc");
	if (ret)
		return 1;

	/* 5-11: copies of every size, checksummed */
	irq1 = irq_count(NVSIM_VF_MSIX_VEC_NONSTALL);
	for (i = 0; i < (int)ARRAY_SIZE(sizes); i++) {
		sz = sizes[i] > maxsz ? maxsz : sizes[i];
		size_name(name, sizeof(name), sz);
		ok = roundtrip(main_ch, sz, FB_BASE + (sz & 0xfff ? 4093 : 0), &t_to, &t_from);
		if (ok && sz >= MIB)
			printf("# %s: to FB %.1f MiB/s, from FB %.1f MiB/s\n", name,
			       sz / MIB / t_to, sz / MIB / t_from);
		if (ok && sz == maxsz) {
			best_to = sz / MIB / t_to;
			best_from = sz / MIB / t_from;
		}
		result(ok, "copy_roundtrip_%s", name);
	}

	/* 12: many submissions, semaphore payloads in order */
	fill(buf, NSUBMIT * 4096, 77);
	ok = 1;
	for (i = 0; i < NSUBMIT && ok; i++) {
		ret = copy(main_ch, NVSIM_COPY_TO_FB, i * 4096, FB_BASE + i * 4096, 4096, 0,
			   &seqs[i]);
		ok = !ret && (!i || seqs[i] == seqs[i - 1] + 1);
	}
	ok = ok && !wait_seq(main_ch, seqs[NSUBMIT - 1], &w) && w.sem == seqs[NSUBMIT - 1];
	/* an earlier payload is reached too (waits compare in order) */
	ok = ok && !wait_seq(main_ch, seqs[0], NULL);
	memset(buf + bufsz / 2, 0, NSUBMIT * 4096);
	ok = ok && !copy_sync(main_ch, NVSIM_COPY_FROM_FB, bufsz / 2, FB_BASE, NSUBMIT * 4096,
			      NULL) && !memcmp(buf, buf + bufsz / 2, NSUBMIT * 4096);
	memset(&ci, 0, sizeof(ci));
	ci.chid = main_ch;
	ok = !ioctl(fd, NVSIM_IOC_CHAN_INFO, &ci) && ok;
	printf("# %d submissions: payloads %u..%u, semaphore %u; channel: state %u, ",
	       NSUBMIT, seqs[0], seqs[NSUBMIT - 1], w.sem, ci.state);
	printf("%u launches, %u releases, GP_GET %u\n", ci.launches, ci.sem_releases, ci.gp_get);
	result(ok && ci.state == NVSIM_VF_CHAN_IDLE && ci.sem_releases == seqs[NSUBMIT - 1] + 1,
	       "ordered_semaphores_%d_submissions", NSUBMIT);

	/* 13: each release raised the non-stall interrupt */
	n = irq_count(NVSIM_VF_MSIX_VEC_NONSTALL) - irq1;
	printf("# MSI-X vector %d (non-stall): %llu interrupts for %u releases\n",
	       NVSIM_VF_MSIX_VEC_NONSTALL, n, ci.sem_releases);
	result(n > 0 && n <= ci.sem_releases, "nonstall_interrupts");

	/* 14: the throughput of the largest copy */
	size_name(name, sizeof(name), maxsz);
	printf("# throughput (%s copies): guest RAM -> FB %.1f MiB/s, FB -> guest RAM %.1f MiB/s\n",
	       name, best_to, best_from);
	printf("@@@L3-EXEC size=%s to_fb_mibs=%.1f from_fb_mibs=%.1f\n", name, best_to, best_from);
	result(best_to > 0 && best_from > 0, "copy_throughput # %.1f / %.1f MiB/s", best_to,
	       best_from);

	if (neg) {
		irq2 = irq_count(NVSIM_VF_MSIX_VEC_FAULT);
		/* 15-16: DMA from an address VFIO never mapped: the IOMMU refuses */
		ok = gpa_unused(UNMAPPED_GPA) && !chan_alloc(&chid);
		ok = ok && !copy(chid, NVSIM_COPY_TO_FB, UNMAPPED_GPA, FB_BASE, 4096,
				 NVSIM_COPY_F_RAW_DMA, &seq);
		ok = ok && expect_dead(chid, seq, NVSIM_XID_MMU_ERR_FLT, "IOMMU fault");
		ci.chid = chid;
		ok = ok && !ioctl(fd, NVSIM_IOC_CHAN_INFO, &ci) && ci.state == NVSIM_VF_CHAN_ERROR;
		/* a dead channel takes no more work */
		ok = ok && copy(chid, NVSIM_COPY_TO_FB, 0, FB_BASE, 4096, 0, &seq) == -EIO;
		chan_free(chid);
		result(ok, "neg_iommu_fault");
		result(fresh_channel_copies(), "after_iommu_fault_fresh_channel_copies");

		/* 17-18: a host method that does not exist: RC error */
		ok = !chan_alloc(&chid);
		ok = ok && !ioctl(fd, NVSIM_IOC_TEST_BAD_METHOD,
				  &(struct nvsim_bad_method){ .chid = chid });
		/* the payload is the first release of this channel */
		ok = ok && expect_dead(chid, 1, NVSIM_XID_PBDMA_ERROR, "bad method");
		chan_free(chid);
		result(ok, "neg_bad_method");
		result(fresh_channel_copies(), "after_bad_method_fresh_channel_copies");

		/* 19-20: a copy crossing the end of the vGPU's FB: CE error */
		ok = !chan_alloc(&chid);
		ok = ok && !copy(chid, NVSIM_COPY_TO_FB, 0, di.fb_size - 2048, 4096, 0, &seq);
		ok = ok && expect_dead(chid, seq, NVSIM_XID_CE0_ERROR, "beyond the FB");
		chan_free(chid);
		result(ok, "neg_fb_bounds");
		result(fresh_channel_copies(), "after_fb_bounds_fresh_channel_copies");

		/* 21-22: every channel of the type, and one more */
		chans = calloc(di.num_channels + 1, sizeof(*chans));
		for (n = 0; chans && n <= di.num_channels; n++) {
			ret = chan_alloc(&chans[n]);
			if (ret)
				break;
		}
		printf("# channels: %llu more besides channel %u, then %s (type allows %u)\n", n,
		       main_ch, ret ? strerror(-ret) : "no refusal", di.num_channels);
		result(chans && ret == -ENOSPC && n + 1 + di.kernel_channels == di.num_channels,
		       "neg_channel_limit");
		while (chans && n--)
			chan_free(chans[n]);
		free(chans);
		result(fresh_channel_copies(), "after_channel_limit_fresh_channel_copies");

		/* 23: the faults came as MSI-X vector 2 */
		n = irq_count(NVSIM_VF_MSIX_VEC_FAULT) - irq2;
		printf("# MSI-X vector %d (fault): %llu interrupts for 3 stopped channels\n",
		       NVSIM_VF_MSIX_VEC_FAULT, n);
		result(n >= 1 && n <= 3, "fault_interrupts");
	}

	/* last: the first channel never noticed any of it */
	result(roundtrip(main_ch, 4 * MIB, FB_BASE + 32 * MIB, NULL, NULL),
	       "first_channel_still_copies");
	chan_free(main_ch);
	printf("# %s %d/%d\n", nfail ? "FAIL" : "PASS", ntest - nfail, ntest);
	return !!nfail;
}
