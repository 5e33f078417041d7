// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-guest-test: the checks an L3 Linux guest runs on its vGPU, as KTAP
 * on stdout (the guest's serial console; the L2 harness nests it in its
 * own results).
 *
 * The guest is a q35 VM of stock QEMU with the VF of one vGPU assigned
 * through vfio-pci, and nvsim_guest.ko bound to it. What the administrator
 * chose in L2 arrives on the kernel command line:
 *   nvgpu.type=<ID> nvgpu.name=<NAME> nvgpu.fb=<bytes> nvgpu.bar1=<bytes>
 *   nvgpu.dev=<hex device ID> nvgpu.subsys=<hex subsystem ID>
 * Everything is read through the guest kernel's own interfaces: PCI sysfs
 * (config space, resources, MSI IRQs), the BARs mmap()ed from sysfs, and
 * /proc/interrupts; the vGPU is asked who it is through its GSP plugin
 * mailbox. Registers: tools/testing/nvidia-vgpu/sim/include/nvsim_vf_regs.h.
 * The last tests are the execution workload, /bin/vgpu-exec-test, and the
 * display with glmark2, /bin/vgpu-display-test, whose KTAP is nested here.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "nvsim_vf_regs.h"

#define PLUGIN_RUNNING		4	/* plugin state: configured, bus mastering on */
#define PCI_CLASS_3D		0x030200
#define CAP_PM			0x01
#define CAP_EXP			0x10
#define CAP_MSIX		0x11
#define IORES_MEM		0x00000200ul
#define IORES_PREFETCH		0x00002000ul
#define IORES_MEM_64		0x00100000ul

static int ntest, nfail;
static char dev[300];			/* /sys/bus/pci/devices/<BDF> */
static uint8_t cfg[4096];
static int cfg_len;
static uint32_t *bar0;			/* MMIO: accessed with single 32-bit */
static uint8_t *bar1;			/* loads and stores only (mmio_rd/wr) */

static void result(int ok, const char *name)
{
	ntest++;
	nfail += !ok;
	printf("%s %d %s\n", ok ? "ok" : "not ok", ntest, name);
	fflush(stdout);
}

static void skip_rest(int last, const char *why)
{
	while (ntest < last)
		printf("ok %d not_run # SKIP %s\n", ++ntest, why);
}

/* ---- kernel command line ---- */

static char cmdline[4096];

static const char *arg(const char *key, char *buf, size_t len)
{
	char pat[64];
	const char *p;
	size_t n = 0;

	snprintf(pat, sizeof(pat), "nvgpu.%s=", key);
	buf[0] = '\0';
	for (p = cmdline; (p = strstr(p, pat)); p++) {
		if (p != cmdline && p[-1] != ' ')
			continue;
		p += strlen(pat);
		while (*p && *p != ' ' && *p != '\n' && n < len - 1)
			buf[n++] = *p++;
		buf[n] = '\0';
		break;
	}
	return buf;
}

static unsigned long long arg_num(const char *key, int base)
{
	char buf[32];

	return strtoull(arg(key, buf, sizeof(buf)), NULL, base);
}

/* ---- sysfs ---- */

static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

static unsigned long sysfs_num(const char *attr)
{
	char path[400], buf[64];

	snprintf(path, sizeof(path), "%s/%s", dev, attr);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return ~0ul;
	return strtoul(buf, NULL, 0);
}

static int find_vgpu(void)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	int found = 0;

	if (!d)
		return 0;
	while (!found && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(dev, sizeof(dev), "/sys/bus/pci/devices/%s", e->d_name);
		found = sysfs_num("vendor") == 0x10de && sysfs_num("class") == PCI_CLASS_3D;
	}
	closedir(d);
	return found;
}

static uint16_t cfg16(int off) { return cfg[off] | cfg[off + 1] << 8; }
static uint32_t cfg32(int off) { return cfg16(off) | (uint32_t)cfg16(off + 2) << 16; }

static const char *cap_name(int id)
{
	switch (id) {
	case CAP_PM: return "Power Management";
	case 0x05: return "MSI";
	case 0x09: return "Vendor Specific";
	case CAP_EXP: return "Express";
	case CAP_MSIX: return "MSI-X";
	default: return "?";
	}
}

/*
 * Walk the capability lists the way lspci -vv does and print them; the
 * vGPU must show exactly PM, PCIe and one MSI-X, and no extended
 * capability (the VFIO driver hides the rest). Returns the MSI-X offset.
 */
static int walk_caps(int *ok)
{
	int p, n = 0, msix = 0, bad = 0;
	uint32_t h;

	*ok = 0;
	if (!(cfg16(0x06) & 0x10))
		return 0;
	for (p = cfg[0x34] & ~3; p && n < 48; p = cfg[p + 1] & ~3, n++) {
		printf("#   Capabilities: [%02x] %s", p, cap_name(cfg[p]));
		if (cfg[p] == CAP_MSIX) {
			printf(": Enable%c Count=%d", cfg16(p + 2) & 0x8000 ? '+' : '-',
			       (cfg16(p + 2) & 0x7ff) + 1);
			msix = p;
		}
		printf("\n");
		if (cfg[p] != CAP_PM && cfg[p] != CAP_EXP && cfg[p] != CAP_MSIX)
			bad = 1;
	}
	if (cfg_len < 4096) {
		printf("#   config space %d bytes (no extended space)\n", cfg_len);
		bad = 1;
	} else {
		for (p = 0x100, n = 0; p && n < 64; p = (h >> 20) & ~3, n++) {
			h = cfg32(p);
			if (!h)
				break;
			printf("#   Capabilities: [%03x] extended %#x\n", p, h & 0xffff);
			bad = 1;
		}
	}
	*ok = !bad && msix;
	return msix;
}

struct bar {
	unsigned long long start, size, flags;
};

static int read_bars(struct bar *b, int n)
{
	char path[400], buf[2048], *s;
	int i;

	snprintf(path, sizeof(path), "%s/resource", dev);
	if (read_file(path, buf, sizeof(buf)) < 0)
		return -1;
	s = buf;
	for (i = 0; i < n; i++) {
		unsigned long long end;

		if (sscanf(s, "%llx %llx %llx", &b[i].start, &end, &b[i].flags) != 3)
			return -1;
		b[i].size = b[i].start || end ? end - b[i].start + 1 : 0;
		s = strchr(s, '\n');
		if (!s)
			return -1;
		s++;
	}
	return 0;
}

static void *map_bar(int bar, size_t len)
{
	char path[400];
	void *p;
	int fd;

	snprintf(path, sizeof(path), "%s/resource%d", dev, bar);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	return p == MAP_FAILED ? NULL : p;
}

/* Interrupts of one of nvsim_guest's vectors, from /proc/interrupts. */
static unsigned long long irq_count(int vec)
{
	static char buf[65536];
	char name[32], *line;
	unsigned long long sum = 0;

	snprintf(name, sizeof(name), " nvsim-guest-%d\n", vec);
	if (read_file("/proc/interrupts", buf, sizeof(buf)) < 0)
		return 0;
	for (line = strtok(buf, "\n"); line; line = strtok(NULL, "\n")) {
		char l[1024], *p, *end;

		snprintf(l, sizeof(l), "%s\n", line);
		if (!strstr(l, name))
			continue;
		p = strchr(l, ':');
		for (p = p ? p + 1 : l; ; p = end) {
			unsigned long long v = strtoull(p, &end, 10);

			if (end == p)
				break;
			sum += v;
		}
	}
	return sum;
}

/*
 * Run a KTAP program as a subtest: its lines indented, "@@@" markers for
 * the L2 side passed through as they are. Returns its exit status == 0.
 */
static int run_nested(const char *name, const char *cmd)
{
	char line[1024];
	FILE *p;

	printf("    # Subtest: %s\n", name);
	fflush(stdout);
	p = popen(cmd, "r");
	if (!p)
		return 0;
	while (fgets(line, sizeof(line), p)) {
		printf("%s%s", strncmp(line, "@@@", 3) ? "    " : "", line);
		fflush(stdout);
	}
	return pclose(p) == 0;
}

/* ---- the vGPU's guest interface ---- */

/* One aligned 32-bit access each, never merged, split or reordered. */
static uint32_t mmio_rd(uint32_t *p) { return __atomic_load_n(p, __ATOMIC_SEQ_CST); }
static void mmio_wr(uint32_t *p, uint32_t v) { __atomic_store_n(p, v, __ATOMIC_SEQ_CST); }
static uint32_t rd(uint32_t off) { return mmio_rd(bar0 + off / 4); }
static void wr(uint32_t off, uint32_t v) { mmio_wr(bar0 + off / 4, v); }

static uint32_t mbox(uint32_t req, uint32_t *data)
{
	uint32_t st;
	int i;

	wr(NVSIM_VF_MBOX_REQ, req);
	st = rd(NVSIM_VF_MBOX_STATUS);
	for (i = 0; data && i < NVSIM_VF_MBOX_DATA_NR; i++)
		data[i] = rd(NVSIM_VF_MBOX_DATA(i));
	return st;
}

static uint32_t ce(uint32_t op, uint64_t src, uint64_t dst, uint64_t len, uint32_t pattern)
{
	wr(NVSIM_VF_CE_STATUS, ~0u);
	wr(NVSIM_VF_CE_SRC_LO, src);
	wr(NVSIM_VF_CE_SRC_HI, src >> 32);
	wr(NVSIM_VF_CE_DST_LO, dst);
	wr(NVSIM_VF_CE_DST_HI, dst >> 32);
	wr(NVSIM_VF_CE_LEN_LO, len);
	wr(NVSIM_VF_CE_LEN_HI, len >> 32);
	wr(NVSIM_VF_CE_PATTERN, pattern);
	wr(NVSIM_VF_CE_OP, op);
	wr(NVSIM_VF_CE_GO, 1);
	return rd(NVSIM_VF_CE_STATUS);
}

/* Set or clear the VF's Bus Master Enable (PCI_COMMAND bit 2) through sysfs. */
static int bus_master(int on)
{
	char path[400];
	uint8_t cmd[2];
	int fd, ok;

	snprintf(path, sizeof(path), "%s/config", dev);
	fd = open(path, O_RDWR);
	if (fd < 0)
		return 0;
	ok = pread(fd, cmd, 2, 4) == 2;
	cmd[0] = on ? cmd[0] | 0x04 : cmd[0] & ~0x04;
	ok = ok && pwrite(fd, cmd, 2, 4) == 2;
	close(fd);
	return ok;
}

static uint32_t fb_rd(uint64_t off) { return mmio_rd((uint32_t *)(bar1 + off)); }
static void fb_wr(uint64_t off, uint32_t v) { mmio_wr((uint32_t *)(bar1 + off), v); }

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * For make bench: the guest's BAR1 throughput, 32-bit writes then reads
 * of 1 MiB of its (clean) FB at a quarter of the window, zeroes so that
 * the FB stays as it was. Prints @@@L3-BAR1; no result.
 */
static void bar1_throughput(uint64_t win)
{
	uint64_t base = (win / 4) & ~0xfffull, len = 1u << 20, o;
	uint32_t sum = 0;
	double t0, t1, t2;

	t0 = now_s();
	for (o = 0; o < len; o += 4)
		fb_wr(base + o, 0);
	t1 = now_s();
	for (o = 0; o < len; o += 4)
		sum |= fb_rd(base + o);
	t2 = now_s();
	printf("@@@L3-BAR1 size=1M write_mibs=%.1f read_mibs=%.1f%s\n",
	       1 / (t1 - t0), 1 / (t2 - t1), sum ? " (not zero)" : "");
}

static uint32_t pattern(uint64_t i)
{
	return 0x9e3779b9u * (uint32_t)(i + 1) ^ 0x5a5a1234u;
}

/* Words [off, off + n) of the FB hold the pattern (or zero if !pat). */
static int fb_check(uint64_t off, uint32_t n, int pat)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		uint32_t want = pat ? pattern(off / 4 + i) : 0, got = fb_rd(off + 4 * i);

		if (got != want) {
			printf("# FB at %#llx: %#x, expected %#x\n",
			       (unsigned long long)(off + 4 * i), got, want);
			return 0;
		}
	}
	return 1;
}

#define NTESTS 19

int main(void)
{
	unsigned long long want_fb, want_bar1, fb, win, irq0;
	unsigned int want_type, want_dev, want_subsys, type;
	uint32_t data[NVSIM_VF_MBOX_DATA_NR], st;
	char want_name[40], name[36], path[400], drv[300];
	struct bar b[6];
	uint64_t off[3];
	int ok, msix, i, n, fd;
	DIR *d;

	read_file("/proc/cmdline", cmdline, sizeof(cmdline));
	want_type = arg_num("type", 10);
	want_fb = arg_num("fb", 10);
	want_bar1 = arg_num("bar1", 10);
	want_dev = arg_num("dev", 16);
	want_subsys = arg_num("subsys", 16);
	arg("name", want_name, sizeof(want_name));

	printf("KTAP version 1\n1..%d\n# expecting type %u %s\n", NTESTS, want_type, want_name);

	/* 1: the vGPU on the bus, as its type says */
	if (!find_vgpu()) {
		result(0, "vgpu_found");
		skip_rest(NTESTS, "no vGPU");
		return 1;
	}
	printf("# %s 3D controller [%04lx]: ", strrchr(dev, '/') + 1, sysfs_num("class") >> 8);
	printf("NVIDIA Corporation Device [%04lx:%04lx] (subsystem %04lx:%04lx)\n",
	       sysfs_num("vendor"), sysfs_num("device"), sysfs_num("subsystem_vendor"),
	       sysfs_num("subsystem_device"));
	result(sysfs_num("device") == want_dev && sysfs_num("subsystem_vendor") == 0x10de &&
	       sysfs_num("subsystem_device") == want_subsys, "vgpu_found");

	/* 2: config space and capabilities, lspci -vv style */
	snprintf(path, sizeof(path), "%s/config", dev);
	fd = open(path, O_RDONLY);
	cfg_len = fd < 0 ? 0 : read(fd, cfg, sizeof(cfg));
	if (fd >= 0)
		close(fd);
	msix = walk_caps(&ok);
	result(ok, "config_capabilities");

	/* 3: BARs as the guest kernel sees them; sizes as the type says */
	memset(b, 0, sizeof(b));
	ok = !read_bars(b, 6);
	for (i = 0; ok && i < 6; i++)
		if (b[i].size)
			printf("#   Region %d: Memory at %llx (%s, %sprefetchable) [size=%lluM]\n",
			       i, b[i].start, b[i].flags & IORES_MEM_64 ? "64-bit" : "32-bit",
			       b[i].flags & IORES_PREFETCH ? "" : "non-", b[i].size >> 20);
	result(ok && (b[0].flags & IORES_MEM) && !(b[0].flags & IORES_MEM_64) &&
	       b[0].size >= (1u << 24) &&
	       (b[1].flags & (IORES_MEM | IORES_MEM_64 | IORES_PREFETCH)) ==
	       (IORES_MEM | IORES_MEM_64 | IORES_PREFETCH) && b[1].size == want_bar1,
	       "bar_sizes_as_type");

	/* 4: the guest kernel's driver bound and enabled MSI-X */
	snprintf(path, sizeof(path), "%s/driver", dev);
	n = readlink(path, drv, sizeof(drv) - 1);
	drv[n > 0 ? n : 0] = '\0';
	snprintf(path, sizeof(path), "%s/msi_irqs", dev);
	n = 0;
	d = opendir(path);
	while (d) {
		struct dirent *e = readdir(d);

		if (!e)
			break;
		n += e->d_name[0] != '.';
	}
	if (d)
		closedir(d);
	/* re-read the MSI-X control word now that the driver enabled it */
	snprintf(path, sizeof(path), "%s/config", dev);
	fd = open(path, O_RDONLY);
	if (fd >= 0) {
		if (pread(fd, cfg + msix + 2, 2, msix + 2) != 2)
			cfg[msix + 3] = 0;
		close(fd);
	}
	printf("# driver %s, %d MSI-X vectors, MSI-X %s\n",
	       strrchr(drv, '/') ? strrchr(drv, '/') + 1 : "(none)", n,
	       msix && (cfg16(msix + 2) & 0x8000) ? "enabled" : "disabled");
	result(strstr(drv, "nvsim-guest") && n == NVSIM_VF_MSIX_VECTORS && msix &&
	       (cfg16(msix + 2) & 0x8000), "msix_enabled_by_guest_driver");

	/* 5: the VF's own registers */
	bar0 = b[0].size ? map_bar(0, b[0].size) : NULL;
	ok = bar0 && rd(NVSIM_VF_MAGIC) == NVSIM_VF_MAGIC_VALUE &&
	     (rd(NVSIM_VF_BOOT_1) & NVSIM_VF_BOOT_1_VF);
	result(ok, "vf_registers");
	if (!ok) {
		skip_rest(NTESTS, "no VF registers");
		return 1;
	}

	/* 6-9: ask the GSP plugin who we are */
	st = mbox(NVSIM_VF_MBOX_REQ_GET_TYPE_ID, data);
	type = st == NVSIM_VF_MBOX_ST_OK ? data[0] : 0;
	printf("# plugin: type %u\n", type);
	result(st == NVSIM_VF_MBOX_ST_OK && type == want_type, "mailbox_type_id");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_TYPE_NAME, data);
	memcpy(name, data, 32);
	name[32] = '\0';
	printf("# plugin: name %s\n", name);
	result(st == NVSIM_VF_MBOX_ST_OK && !strcmp(name, want_name), "mailbox_type_name");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_FB_SIZE, data);
	fb = (uint64_t)data[1] << 32 | data[0];
	printf("# plugin: fb %#llx\n", fb);
	result(st == NVSIM_VF_MBOX_ST_OK && fb == want_fb, "mailbox_fb_size");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_STATE, data);
	printf("# plugin: live %u state %u gfid %u channels %u\n", data[0], data[1], data[2],
	       data[3]);
	result(st == NVSIM_VF_MBOX_ST_OK && data[0] == 1 && data[1] == PLUGIN_RUNNING,
	       "mailbox_state_running");
	/* what the plugin said, not what the command line expects */
	printf("@@@L3-VGPU type=%u name=%s fb=%#llx\n", type, name, fb);

	/* 10-11: the framebuffer through BAR1: clean at first, then ours */
	win = fb < b[1].size ? fb : b[1].size;
	bar1 = win ? map_bar(1, win) : NULL;
	if (!bar1 || win < (4u << 20)) {
		result(0, "fb_clean_at_start");
		skip_rest(NTESTS, "BAR1 not mapped");
		return 1;
	}
	off[0] = 0;
	off[1] = (win / 2) & ~0xfffull;
	off[2] = win - 4096;
	ok = 1;
	for (i = 0; i < 3; i++)
		ok &= fb_check(off[i], 1024, 0);
	result(ok, "fb_clean_at_start");
	bar1_throughput(win);
	for (i = 0; i < 3; i++)
		for (n = 0; n < 1024; n++)
			fb_wr(off[i] + 4 * n, pattern(off[i] / 4 + n));
	ok = 1;
	for (i = 0; i < 3; i++)
		ok &= fb_check(off[i], 1024, 1);
	result(ok, "fb_bar1_write_read");

	/* 12-15: the copy/fill engine */
	irq0 = irq_count(NVSIM_VF_MSIX_VEC_CE);
	st = ce(NVSIM_VF_CE_OP_FILL, 0, 0x100000, 0x10000, 0xc0ffee11);
	ok = st == NVSIM_VF_CE_STATUS_DONE;
	for (n = 0; ok && n < 0x10000; n += 4)
		ok = fb_rd(0x100000 + n) == 0xc0ffee11;
	result(ok, "engine_fill");
	st = ce(NVSIM_VF_CE_OP_COPY, off[1], 0x200000, 4096, 0);
	ok = st == NVSIM_VF_CE_STATUS_DONE;
	for (n = 0; ok && n < 1024; n++)
		ok = fb_rd(0x200000 + 4 * n) == pattern(off[1] / 4 + n);
	result(ok, "engine_copy");
	fb_wr(0x300000, 0x600dcafe);
	st = ce(NVSIM_VF_CE_OP_FILL, 0, fb - 8, 16, 0);
	ok = (st & NVSIM_VF_CE_STATUS_ERROR) &&
	     (st & NVSIM_VF_CE_STATUS_ERR_MASK) >> NVSIM_VF_CE_STATUS_ERR_SHIFT ==
	     NVSIM_VF_CE_ERR_RANGE;
	st = ce(NVSIM_VF_CE_OP_COPY, fb, 0x300000, 4, 0);
	ok &= (st & NVSIM_VF_CE_STATUS_ERROR) != 0;
	result(ok && fb_rd(0x300000) == 0x600dcafe, "engine_confined");
	result(rd(NVSIM_VF_CE_COMPLETED) >= 2, "engine_completed_count");

	/* 16: the engine's completions arrived as MSI-X interrupts in the guest */
	for (i = 0; i < 100 && irq_count(NVSIM_VF_MSIX_VEC_CE) < irq0 + 2; i++)
		usleep(10000);
	printf("# MSI-X vector %d: %llu interrupts (%llu before the engine ran)\n",
	       NVSIM_VF_MSIX_VEC_CE, irq_count(NVSIM_VF_MSIX_VEC_CE), irq0);
	result(irq_count(NVSIM_VF_MSIX_VEC_CE) >= irq0 + 2, "msix_interrupts_delivered");

	/*
	 * 17: no bus mastering, no engine: with the VF's Bus Master Enable
	 * clear the engine refuses with NO_BME, touches nothing and sends
	 * no MSI-X; with it set again the same fill runs.
	 */
	irq0 = irq_count(NVSIM_VF_MSIX_VEC_CE);
	n = rd(NVSIM_VF_CE_COMPLETED);
	fb_wr(0x300000, 0x600dcafe);
	ok = bus_master(0);
	st = ce(NVSIM_VF_CE_OP_FILL, 0, 0x300000, 4096, 0x5eed5eed);
	printf("# bus mastering off: CE_STATUS %#x, FB %#x, completed %u -> %u\n", st,
	       fb_rd(0x300000), n, rd(NVSIM_VF_CE_COMPLETED));
	ok &= (st & NVSIM_VF_CE_STATUS_ERROR) &&
	      (st & NVSIM_VF_CE_STATUS_ERR_MASK) >> NVSIM_VF_CE_STATUS_ERR_SHIFT ==
	      NVSIM_VF_CE_ERR_NO_BME &&
	      fb_rd(0x300000) == 0x600dcafe && rd(NVSIM_VF_CE_COMPLETED) == (uint32_t)n;
	usleep(100000);
	ok &= irq_count(NVSIM_VF_MSIX_VEC_CE) == irq0;
	ok &= bus_master(1);
	st = ce(NVSIM_VF_CE_OP_FILL, 0, 0x300000, 4096, 0x5eed5eed);
	printf("# bus mastering on: CE_STATUS %#x, FB %#x\n", st, fb_rd(0x300000));
	ok &= st == NVSIM_VF_CE_STATUS_DONE && fb_rd(0x300000) == 0x5eed5eed &&
	      fb_rd(0x300ffc) == 0x5eed5eed;
	result(ok, "engine_needs_bus_master");

	/* 18: channels, copies, semaphores, interrupts and faults (nested) */
	result(run_nested("exec_workload", "/bin/vgpu-exec-test"), "exec_workload");

	/* 19: the display: KMS, the device's checks, glmark2, frames (nested) */
	result(run_nested("display", "/bin/vgpu-display-test"), "display");

	printf("# %s %d/%d\n", nfail ? "FAIL" : "PASS", ntest - nfail, ntest);
	return !!nfail;
}
