// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU guest workload of the L3 payload, run in a QEMU q35 machine that
 * has the VF of a vGPU assigned through vfio-pci:
 *
 *   qemu-system-x86_64 -M q35 -kernel nvgpu-guest.elf
 *     -device vfio-pci,host=<VF> -append "vgpu type=<ID> name=<NAME>
 *     fb=<bytes> bar1=<bytes> dev=<hex> subsys=<hex>"
 *
 * (QEMU 7.2's microvm with pcie=on stalls in its firmware once a vfio-pci
 * device is present under TCG inside TCG; q35 with SeaBIOS boots in about
 * two seconds.) SeaBIOS has assigned the BARs; BAR1 may be above 4 GiB, so
 * the payload maps it with PAE paging.
 *
 * The command line says what the administrator chose (current_vgpu_type
 * and the type's details in sysfs). The workload finds the vGPU on the PCI
 * bus, checks what its configuration space shows, programs its BARs, asks
 * the GSP plugin through the VF mailbox who it is, uses its framebuffer
 * through BAR1 and the VF's copy/fill engine, and prints KTAP.
 *
 * Registers of the simulated VF: sim/include/nvsim_vf_regs.h.
 */
#include "guest.h"
#include "nvsim_vf_regs.h"

#define BAR1_VIRT	0x40000000u	/* where BAR1 is mapped (1 GiB window) */
#define PAGE_2M		(1u << 21)

#define PCI_VENDOR	0x00
#define PCI_DEVICE	0x02
#define PCI_COMMAND	0x04
#define PCI_STATUS	0x06
#define PCI_BAR(n)	(0x10 + 4 * (n))
#define PCI_SUBSYS_VEN	0x2c
#define PCI_SUBSYS	0x2e
#define PCI_CAP_PTR	0x34

#define PLUGIN_RUNNING	4	/* plugin state: configured, bus mastering on */

static int ntest, nfail;

static void result(int ok, const char *name)
{
	ntest++;
	if (!ok)
		nfail++;
	putstr(ok ? "ok " : "not ok ");
	putdec(ntest);
	putstr(" ");
	putstr(name);
	putstr("\n");
}

static void skip_rest(int upto, const char *why)
{
	while (ntest < upto) {
		ntest++;
		putstr("ok ");
		putdec(ntest);
		putstr(" # SKIP ");
		putstr(why);
		putstr("\n");
	}
}

/* ---- command line ---- */

/* Value of "key=value" in the command line, copied to buf. */
static int arg(const char *cmd, const char *key, char *buf, int len)
{
	for (const char *s = cmd; *s; ) {
		const char *k = key, *p = s;
		int n = 0;

		while (*k && *p == *k) {
			k++;
			p++;
		}
		if (!*k && *p == '=') {
			for (p++; *p && *p != ' ' && n < len - 1; p++)
				buf[n++] = *p;
			buf[n] = '\0';
			return 1;
		}
		while (*s && *s != ' ')
			s++;
		while (*s == ' ')
			s++;
	}
	buf[0] = '\0';
	return 0;
}

static u64 arg_num(const char *cmd, const char *key, int base)
{
	char buf[24];
	u64 v = 0;

	arg(cmd, key, buf, sizeof(buf));
	for (char *p = buf; *p; p++) {
		int d = *p >= '0' && *p <= '9' ? *p - '0' :
			*p >= 'a' && *p <= 'f' ? *p - 'a' + 10 : -1;

		if (d < 0 || d >= base)
			return 0;
		v = v * base + d;
	}
	return v;
}

/* ---- paging: identity map of 4 GiB plus a window onto BAR1 ---- */

static u64 pdpt[4] __attribute__((aligned(32)));
static u64 pd[4][512] __attribute__((aligned(4096)));

#define PTE_P	(1ull << 0)
#define PTE_RW	(1ull << 1)
#define PTE_PWT	(1ull << 3)
#define PTE_PCD	(1ull << 4)
#define PTE_PS	(1ull << 7)

static void paging_on(void)
{
	u32 cr;

	for (u32 i = 0; i < 4; i++) {
		for (u32 j = 0; j < 512; j++) {
			pd[i][j] = ((u64)(i * 512 + j) << 21) | PTE_P | PTE_RW | PTE_PS;
			if (i >= 2)	/* MMIO: ECAM, BAR0 */
				pd[i][j] |= PTE_PCD | PTE_PWT;
		}
		pdpt[i] = (u32)pd[i] | PTE_P;
	}
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr));
	cr |= 1u << 5;		/* PAE */
	__asm__ volatile("mov %0, %%cr4" : : "r"(cr));
	__asm__ volatile("mov %0, %%cr3" : : "r"((u32)pdpt) : "memory");
	__asm__ volatile("mov %%cr0, %0" : "=r"(cr));
	cr |= 1u << 31;		/* PG */
	__asm__ volatile("mov %0, %%cr0" : : "r"(cr) : "memory");
}

/* Map [BAR1_VIRT, BAR1_VIRT + size) to the physical BAR1 (size <= 1 GiB). */
static void map_bar1(u64 phys, u64 size)
{
	for (u32 j = 0; j < 512; j++) {
		if ((u64)j * PAGE_2M < size)
			pd[1][j] = (phys + (u64)j * PAGE_2M) | PTE_P | PTE_RW | PTE_PS |
				   PTE_PCD | PTE_PWT;
		else
			pd[1][j] = 0;
	}
	__asm__ volatile("mov %0, %%cr3" : : "r"((u32)pdpt) : "memory");
}

/* ---- PCI: configuration mechanism #1 on bus 0 ---- */

static u32 cfg_rd32(u32 devfn, u32 off)
{
	outl(0xcf8, 0x80000000u | devfn << 8 | (off & 0xfc));
	return inl(0xcfc);
}

static void cfg_wr32(u32 devfn, u32 off, u32 v)
{
	outl(0xcf8, 0x80000000u | devfn << 8 | (off & 0xfc));
	outl(0xcfc, v);
}

static u16 cfg_rd16(u32 devfn, u32 off)
{
	return cfg_rd32(devfn, off) >> (8 * (off & 2));
}

static u8 cfg_rd8(u32 devfn, u32 off)
{
	return cfg_rd32(devfn, off) >> (8 * (off & 3));
}

static void cfg_wr16(u32 devfn, u32 off, u16 v)
{
	u32 old = cfg_rd32(devfn, off), sh = 8 * (off & 2);

	cfg_wr32(devfn, off, (old & ~(0xffffu << sh)) | (u32)v << sh);
}

/* Extended configuration space through q35's MMCONFIG (PCIEXBAR). */
static u32 ecam_rd32(u32 devfn, u32 off)
{
	u32 pciexbar = cfg_rd32(0, 0x60);

	if (!(pciexbar & 1))
		return ~0u;
	return rd32((pciexbar & 0xf0000000u) + (devfn << 12) + off);
}

/* Size and address of a memory BAR (both dwords for a 64-bit one). */
static u64 bar_probe(u32 devfn, int bar, int *is64, u64 *addr)
{
	u32 off = PCI_BAR(bar), lo, hi = ~0u, old = cfg_rd32(devfn, off), oldhi = 0;
	u64 mask;

	*is64 = (old & 0x6) == 0x4;
	cfg_wr32(devfn, off, ~0u);
	lo = cfg_rd32(devfn, off) & ~0xfu;
	cfg_wr32(devfn, off, old);
	if (*is64) {
		oldhi = cfg_rd32(devfn, off + 4);
		cfg_wr32(devfn, off + 4, ~0u);
		hi = cfg_rd32(devfn, off + 4);
		cfg_wr32(devfn, off + 4, oldhi);
	}
	*addr = (u64)oldhi << 32 | (old & ~0xfu);
	mask = (u64)hi << 32 | lo;
	if (!*is64)
		mask |= 0xffffffff00000000ull;
	return mask ? ~mask + 1 : 0;
}

/* The capabilities a guest driver needs, nothing else; returns 1 if so. */
static int caps_ok(u32 devfn)
{
	int n = 0, msix = 0;
	u8 p;

	if (!(cfg_rd16(devfn, PCI_STATUS) & 0x10))
		return 0;
	for (p = cfg_rd8(devfn, PCI_CAP_PTR) & ~3; p && n < 48;
	     p = cfg_rd8(devfn, p + 1) & ~3, n++) {
		u8 id = cfg_rd8(devfn, p);

		if (id != 0x01 && id != 0x10 && id != 0x11) {	/* PM, PCIe, MSI-X */
			putstr("# capability ");
			puthex(id);
			putstr(" shown to the guest\n");
			return 0;
		}
		msix += id == 0x11;
	}
	return msix == 1 && ecam_rd32(devfn, 0x100) == 0;
}

/* ---- the vGPU ---- */

static u32 bar0;

static u32 mbox(u32 req, u32 *data)
{
	u32 st;

	wr32(bar0 + NVSIM_VF_MBOX_REQ, req);
	st = rd32(bar0 + NVSIM_VF_MBOX_STATUS);
	for (int i = 0; data && i < NVSIM_VF_MBOX_DATA_NR; i++)
		data[i] = rd32(bar0 + NVSIM_VF_MBOX_DATA(i));
	return st;
}

static u32 ce(u32 op, u64 src, u64 dst, u64 len, u32 pattern)
{
	wr32(bar0 + NVSIM_VF_CE_STATUS, ~0u);
	wr32(bar0 + NVSIM_VF_CE_SRC_LO, src);
	wr32(bar0 + NVSIM_VF_CE_SRC_HI, src >> 32);
	wr32(bar0 + NVSIM_VF_CE_DST_LO, dst);
	wr32(bar0 + NVSIM_VF_CE_DST_HI, dst >> 32);
	wr32(bar0 + NVSIM_VF_CE_LEN_LO, len);
	wr32(bar0 + NVSIM_VF_CE_LEN_HI, len >> 32);
	wr32(bar0 + NVSIM_VF_CE_PATTERN, pattern);
	wr32(bar0 + NVSIM_VF_CE_OP, op);
	wr32(bar0 + NVSIM_VF_CE_GO, 1);
	return rd32(bar0 + NVSIM_VF_CE_STATUS);
}

static u32 pattern(u32 i)
{
	return 0x9e3779b9u * (i + 1) ^ 0x5a5a1234u;
}

/* Words [off, off + n) of BAR1 hold the pattern (or zero if !pat). */
static int fb_check(u32 off, u32 n, int pat)
{
	for (u32 i = 0; i < n; i++) {
		u32 want = pat ? pattern(off / 4 + i) : 0, got = rd32(BAR1_VIRT + off + 4 * i);

		if (got != want) {
			putstr("# FB at ");
			puthex(off + 4 * i);
			putstr(": ");
			puthex(got);
			putstr(", expected ");
			puthex(want);
			putstr("\n");
			return 0;
		}
	}
	return 1;
}

static void fb_write(u32 off, u32 n)
{
	for (u32 i = 0; i < n; i++)
		wr32(BAR1_VIRT + off + 4 * i, pattern(off / 4 + i));
}

#define NTESTS 14

int vgpu_workload(const char *cmd)
{
	u64 want_fb = arg_num(cmd, "fb", 10), want_bar1 = arg_num(cmd, "bar1", 10);
	u32 want_type = arg_num(cmd, "type", 10), want_dev = arg_num(cmd, "dev", 16);
	u32 want_subsys = arg_num(cmd, "subsys", 16), devfn, data[NVSIM_VF_MBOX_DATA_NR];
	u64 b0size, b0addr, b1size, b1addr, fb, win;
	char want_name[40], name[36];
	u32 type;
	int is64_0, is64_1, ok;
	u32 off[3], st;

	arg(cmd, "name", want_name, sizeof(want_name));
	putstr("KTAP version 1\n1..");
	putdec(NTESTS);
	putstr("\n# expecting type ");
	putdec(want_type);
	putstr(" ");
	putstr(want_name);
	putstr("\n");

	paging_on();

	/* 1: the vGPU on the bus, as its type says */
	for (devfn = 0; devfn < 256; devfn++) {
		if (cfg_rd16(devfn, PCI_VENDOR) == 0x10de)
			break;
	}
	if (devfn == 256) {
		result(0, "vgpu_found");
		skip_rest(NTESTS, "no vGPU");
		return nfail;
	}
	putstr("# vGPU at 00:");
	puthex(devfn);
	putstr(" device ");
	puthex(cfg_rd16(devfn, PCI_DEVICE));
	putstr(" subsystem ");
	puthex(cfg_rd16(devfn, PCI_SUBSYS));
	putstr("\n");
	result(cfg_rd16(devfn, PCI_DEVICE) == want_dev &&
	       cfg_rd16(devfn, PCI_SUBSYS_VEN) == 0x10de &&
	       cfg_rd16(devfn, PCI_SUBSYS) == want_subsys, "vgpu_found");

	/* 2: capabilities */
	result(caps_ok(devfn), "config_capabilities");

	/* 3: BARs as the firmware placed them; sizes as the type says */
	cfg_wr16(devfn, PCI_COMMAND, 0);
	b0size = bar_probe(devfn, 0, &is64_0, &b0addr);
	b1size = bar_probe(devfn, 1, &is64_1, &b1addr);
	cfg_wr16(devfn, PCI_COMMAND, 0x6);	/* memory, bus master */
	bar0 = (u32)b0addr;
	putstr("# BAR0 ");
	puthex64(b0addr);
	putstr("+");
	puthex64(b0size);
	putstr(" BAR1 ");
	puthex64(b1addr);
	putstr("+");
	puthex64(b1size);
	putstr("\n");
	result(is64_1 && b1size == want_bar1 && b1size <= (1u << 30) && b1addr &&
	       !is64_0 && b0addr && b0size >= (1u << 24), "bars");
	map_bar1(b1addr, b1size);

	/* 4: the VF's own registers */
	ok = rd32(bar0 + NVSIM_VF_MAGIC) == NVSIM_VF_MAGIC_VALUE &&
	     (rd32(bar0 + NVSIM_VF_BOOT_1) & NVSIM_VF_BOOT_1_VF);
	result(ok, "vf_registers");
	if (!ok) {
		skip_rest(NTESTS, "no VF registers");
		return nfail;
	}

	/* 5-8: ask the GSP plugin who we are */
	st = mbox(NVSIM_VF_MBOX_REQ_GET_TYPE_ID, data);
	type = st == NVSIM_VF_MBOX_ST_OK ? data[0] : 0;
	putstr("# plugin: type ");
	putdec(type);
	putstr("\n");
	result(st == NVSIM_VF_MBOX_ST_OK && type == want_type, "mailbox_type_id");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_TYPE_NAME, data);
	memcpy(name, data, 32);
	name[32] = '\0';
	putstr("# plugin: name ");
	putstr(name);
	putstr("\n");
	result(st == NVSIM_VF_MBOX_ST_OK && !strcmp(name, want_name), "mailbox_type_name");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_FB_SIZE, data);
	fb = (u64)data[1] << 32 | data[0];
	putstr("# plugin: fb ");
	puthex64(fb);
	putstr("\n");
	result(st == NVSIM_VF_MBOX_ST_OK && fb == want_fb, "mailbox_fb_size");
	st = mbox(NVSIM_VF_MBOX_REQ_GET_STATE, data);
	result(st == NVSIM_VF_MBOX_ST_OK && data[0] == 1 && data[1] == PLUGIN_RUNNING,
	       "mailbox_state_running");
	/* what the plugin said, not what the command line expects */
	putstr("@@@L3-VGPU type=");
	putdec(type);
	putstr(" name=");
	putstr(name);
	putstr(" fb=");
	puthex64(fb);
	putstr("\n");

	/* 9-10: the framebuffer through BAR1: clean at first, then ours */
	win = fb < b1size ? fb : b1size;
	off[0] = 0;
	off[1] = (u32)(win / 2) & ~0xfffu;
	off[2] = (u32)win - 4096;
	ok = 1;
	for (int i = 0; i < 3; i++)
		ok &= fb_check(off[i], 1024, 0);
	result(ok, "fb_clean_at_start");
	for (int i = 0; i < 3; i++)
		fb_write(off[i], 1024);
	ok = 1;
	for (int i = 0; i < 3; i++)
		ok &= fb_check(off[i], 1024, 1);
	result(ok, "fb_bar1_write_read");

	/* 11-13: the copy/fill engine */
	st = ce(NVSIM_VF_CE_OP_FILL, 0, 0x100000, 0x10000, 0xc0ffee11);
	ok = st == NVSIM_VF_CE_STATUS_DONE;
	for (u32 i = 0; ok && i < 0x10000; i += 4)
		ok = rd32(BAR1_VIRT + 0x100000 + i) == 0xc0ffee11;
	result(ok, "engine_fill");
	st = ce(NVSIM_VF_CE_OP_COPY, off[1], 0x200000, 4096, 0);
	ok = st == NVSIM_VF_CE_STATUS_DONE;
	for (u32 i = 0; ok && i < 1024; i++)
		ok = rd32(BAR1_VIRT + 0x200000 + 4 * i) == pattern(off[1] / 4 + i);
	result(ok, "engine_copy");
	wr32(BAR1_VIRT + 0x300000, 0x600dcafe);
	st = ce(NVSIM_VF_CE_OP_FILL, 0, fb - 8, 16, 0);
	ok = (st & NVSIM_VF_CE_STATUS_ERROR) &&
	     (st & NVSIM_VF_CE_STATUS_ERR_MASK) >> NVSIM_VF_CE_STATUS_ERR_SHIFT ==
	     NVSIM_VF_CE_ERR_RANGE;
	st = ce(NVSIM_VF_CE_OP_COPY, fb, 0x300000, 4, 0);
	ok &= (st & NVSIM_VF_CE_STATUS_ERROR) != 0;
	result(ok && rd32(BAR1_VIRT + 0x300000) == 0x600dcafe, "engine_confined");

	/* 14: the engine counted what it did */
	result(rd32(bar0 + NVSIM_VF_CE_COMPLETED) >= 2, "engine_completed_count");

	putstr(nfail ? "# FAIL " : "# PASS ");
	putdec(ntest - nfail);
	putstr("/");
	putdec(ntest);
	putstr("\n");
	return nfail;
}
