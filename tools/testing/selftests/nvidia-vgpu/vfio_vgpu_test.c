// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the VFIO uAPI of a VF bound to nvidia-vgpu-vfio-pci, through the
 * group/container path and the iommufd cdev path: device and region info,
 * the virtualized configuration space, bounds on every access, reset,
 * D3hot and back (a VF without No_Soft_Reset takes its vGPU's reset along).
 *
 * On the simulated GPU (tools/testing/nvidia-vgpu/sim, recognized by its
 * VF registers) the tests also drive the vGPU as a guest would: the VF
 * mailbox must report the type the administrator chose, the framebuffer is
 * reachable through BAR1 and the VF's copy engine, and a new vGPU on the
 * same framebuffer reads zeros. On real hardware those tests are skipped.
 *
 * The display (VFIO_DEVICE_QUERY_GFX_PLANE and the display region): probing
 * works on the open device alone; on the simulated GPU a surface is
 * programmed through the VF's BAR0 display registers as a guest KMS driver
 * would, its pixels written through BAR1, and the host must report it,
 * show it through the region (read and mmap), follow a flip, and never
 * report a surface the device refused or the firmware got wrong.
 *
 * The VF is taken from $NVIDIA_VGPU_VF or is the first device bound to the
 * driver. A VF without a type gets the first creatable one for the tests.
 *
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <linux/pci_regs.h>

#include "../kselftest_harness.h"
#include "vgpu_lib.h"
#include "nvsim_vf_regs.h"

/*
 * Each test opens the VF, which creates a vGPU: in the project's test VM
 * (L2 under TCG, on busy hosts) that took more than the harness's 30 s
 * once, and a test killed inside its open leaves the VF busy for the next
 * ones. A ceiling, not a timing.
 */
#undef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 120

#define BAR0	VFIO_PCI_BAR0_REGION_INDEX
#define BAR1	VFIO_PCI_BAR1_REGION_INDEX
#define CFG	VFIO_PCI_CONFIG_REGION_INDEX

FIXTURE(vfio) {
	struct vgpu_vf vf;
	unsigned long saved;
	unsigned long type;
	struct vgpu_vfio v;
	uint64_t bar1_size;
	bool sim;
};

FIXTURE_VARIANT(vfio) {
	enum vgpu_vfio_mode mode;
};

FIXTURE_VARIANT_ADD(vfio, group) {
	.mode = VGPU_VFIO_GROUP,
};

FIXTURE_VARIANT_ADD(vfio, iommufd) {
	.mode = VGPU_VFIO_CDEV,
};

/* Open the VF; is it one of the simulated GPU? */
static int open_vf(struct vgpu_vfio *v, const char *bdf, enum vgpu_vfio_mode mode, bool *sim)
{
	int ret = vgpu_vfio_open(v, bdf, mode);

	if (ret)
		return ret;
	*sim = vgpu_rd32(v->device, BAR0, NVSIM_VF_MAGIC) == NVSIM_VF_MAGIC_VALUE;
	return 0;
}

FIXTURE_SETUP(vfio)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	int n, ret;

	self->v.device = -1;
	if (!vgpu_find_vfs(&self->vf, 1))
		SKIP(return, "no VF bound to nvidia-vgpu-vfio-pci");
	self->saved = vgpu_read_ul(self->vf.dir, "current_vgpu_type");
	self->type = self->saved;
	if (!self->type) {
		n = vgpu_types(&self->vf, "creatable_vgpu_types", cr);
		if (n <= 0)
			SKIP(return, "no vGPU type can be assigned to %s", self->vf.bdf);
		ASSERT_EQ(0, vgpu_set_type(&self->vf, cr[0].id));
		self->type = cr[0].id;
	}
	self->bar1_size = vgpu_read_ul(self->vf.dir, "vgpu_bar1_size");

	ret = open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim);
	if (ret == -ENODEV || ret == -ENOENT)
		SKIP(return, "no %s device node for %s (%d)",
		     variant->mode == VGPU_VFIO_CDEV ? "cdev" : "group", self->vf.bdf, ret);
	ASSERT_EQ(0, ret) TH_LOG("opening %s: %s", self->vf.bdf, strerror(-ret));
}

FIXTURE_TEARDOWN(vfio)
{
	vgpu_vfio_close(&self->v);
	if (self->type != self->saved) {
		vgpu_set_type(&self->vf, 0);
		if (self->saved)
			vgpu_set_type(&self->vf, self->saved);
	}
}

TEST_F(vfio, device_info)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_irq_info irq = { .argsz = sizeof(irq), .index = VFIO_PCI_MSIX_IRQ_INDEX };
	char buf[64];

	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_GET_INFO, &info));
	EXPECT_TRUE(info.flags & VFIO_DEVICE_FLAGS_PCI);
	EXPECT_TRUE(info.flags & VFIO_DEVICE_FLAGS_RESET);
	EXPECT_LE(VFIO_PCI_NUM_REGIONS, info.num_regions);
	EXPECT_LE(VFIO_PCI_NUM_IRQS, info.num_irqs);
	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_GET_IRQ_INFO, &irq));
	EXPECT_LE(1, irq.count);

	ASSERT_LT(0, vgpu_read(self->vf.dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("active\n", buf);
}

TEST_F(vfio, region_info)
{
	struct vfio_region_info info;
	unsigned int i;

	ASSERT_EQ(0, vgpu_region(self->v.device, CFG, &info));
	EXPECT_LE(PCI_CFG_SPACE_SIZE, info.size);
	EXPECT_EQ(VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE,
		  info.flags & (VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE));

	/* BAR1 is as large as the type says */
	ASSERT_EQ(0, vgpu_region(self->v.device, BAR1, &info));
	EXPECT_EQ(self->bar1_size, info.size);
	EXPECT_TRUE(info.flags & VFIO_REGION_INFO_FLAG_READ);
	EXPECT_TRUE(info.flags & VFIO_REGION_INFO_FLAG_WRITE);
	EXPECT_TRUE(info.flags & VFIO_REGION_INFO_FLAG_MMAP);

	ASSERT_EQ(0, vgpu_region(self->v.device, BAR0, &info));
	EXPECT_LT(0, info.size);
	/* upper halves of the 64-bit BARs, BAR5, ROM: nothing */
	for (i = VFIO_PCI_BAR2_REGION_INDEX; i <= VFIO_PCI_ROM_REGION_INDEX; i++) {
		if (i == VFIO_PCI_BAR3_REGION_INDEX)
			continue;
		ASSERT_EQ(0, vgpu_region(self->v.device, i, &info));
		EXPECT_EQ(0, info.size) TH_LOG("region %u", i);
	}
	/* no VGA, nothing beyond the regions */
	if (!vgpu_region(self->v.device, VFIO_PCI_VGA_REGION_INDEX, &info))
		EXPECT_EQ(0, info.size);
	EXPECT_EQ(-EINVAL, vgpu_region(self->v.device, 1000, &info));
	info.argsz = 4;
	EXPECT_NE(0, ioctl(self->v.device, VFIO_DEVICE_GET_REGION_INFO, &info));
}

static uint16_t cfg16(int device, unsigned int off)
{
	uint16_t v = 0xffff;

	vgpu_rd(device, CFG, off, &v, sizeof(v));
	return v;
}

static uint8_t cfg8(int device, unsigned int off)
{
	uint8_t v = 0xff;

	vgpu_rd(device, CFG, off, &v, sizeof(v));
	return v;
}

TEST_F(vfio, config_identity)
{
	int d = self->v.device;
	uint16_t dev = cfg16(d, PCI_DEVICE_ID), junk = 0x1234;
	uint32_t class = vgpu_rd32(d, CFG, PCI_CLASS_REVISION), junk32 = 0x12345678;

	EXPECT_EQ(0x10de, cfg16(d, PCI_VENDOR_ID));
	EXPECT_EQ(0x10de, cfg16(d, PCI_SUBSYSTEM_VENDOR_ID));
	EXPECT_NE(0xffff, dev);
	EXPECT_EQ(0x03, class >> 24) TH_LOG("class %#x is not a display controller", class);

	/* read-only identification registers ignore writes */
	EXPECT_EQ(2, vgpu_wr(d, CFG, PCI_VENDOR_ID, &junk, 2));
	EXPECT_EQ(2, vgpu_wr(d, CFG, PCI_DEVICE_ID, &junk, 2));
	EXPECT_EQ(2, vgpu_wr(d, CFG, PCI_SUBSYSTEM_ID, &junk, 2));
	vgpu_wr(d, CFG, PCI_CLASS_REVISION, &junk32, 4);
	EXPECT_EQ(0x10de, cfg16(d, PCI_VENDOR_ID));
	EXPECT_EQ(dev, cfg16(d, PCI_DEVICE_ID));
	EXPECT_EQ(class, vgpu_rd32(d, CFG, PCI_CLASS_REVISION));
}

TEST_F(vfio, config_capabilities)
{
	int d = self->v.device, caps = 0, msix = 0;
	uint8_t pos, id;
	uint32_t ext[64];

	ASSERT_TRUE(cfg16(d, PCI_STATUS) & PCI_STATUS_CAP_LIST);
	for (pos = cfg8(d, PCI_CAPABILITY_LIST) & ~3; pos && caps < 48;
	     pos = cfg8(d, pos + PCI_CAP_LIST_NEXT) & ~3, caps++) {
		ASSERT_LE(PCI_STD_HEADER_SIZEOF, pos);
		id = cfg8(d, pos + PCI_CAP_LIST_ID);
		EXPECT_TRUE(id == PCI_CAP_ID_PM || id == PCI_CAP_ID_EXP || id == PCI_CAP_ID_MSIX)
			TH_LOG("capability %#x at %#x shown to the guest", id, pos);
		msix += id == PCI_CAP_ID_MSIX;
	}
	EXPECT_LT(caps, 48);
	EXPECT_EQ(1, msix);

	/* no extended capabilities */
	ASSERT_EQ(sizeof(ext), vgpu_rd(d, CFG, PCI_CFG_SPACE_SIZE, ext, sizeof(ext)));
	for (unsigned int i = 0; i < ARRAY_SIZE(ext); i++)
		EXPECT_EQ(0, ext[i]);
}

/*
 * The guest sees no MSI capability, so the MSI interrupt index has no
 * vectors: GET_IRQ_INFO reports none and SET_IRQS refuses to set one up.
 */
TEST_F(vfio, msi_hidden_everywhere)
{
	struct vfio_irq_info info = { .argsz = sizeof(info), .index = VFIO_PCI_MSI_IRQ_INDEX };
	char buf[sizeof(struct vfio_irq_set) + sizeof(int32_t)];
	struct vfio_irq_set *irq = (void *)buf;
	int d = self->v.device, efd;
	uint8_t pos;

	for (pos = cfg8(d, PCI_CAPABILITY_LIST) & ~3; pos;
	     pos = cfg8(d, pos + PCI_CAP_LIST_NEXT) & ~3)
		ASSERT_NE(PCI_CAP_ID_MSI, cfg8(d, pos + PCI_CAP_LIST_ID));

	ASSERT_EQ(0, ioctl(d, VFIO_DEVICE_GET_IRQ_INFO, &info));
	EXPECT_EQ(0, info.count);

	efd = eventfd(0, EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	irq->argsz = sizeof(buf);
	irq->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	irq->index = VFIO_PCI_MSI_IRQ_INDEX;
	irq->start = 0;
	irq->count = 1;
	memcpy(irq->data, &efd, sizeof(efd));
	EXPECT_NE(0, ioctl(d, VFIO_DEVICE_SET_IRQS, irq));
	close(efd);
}

TEST_F(vfio, config_bar1_sizing)
{
	int d = self->v.device;
	uint32_t lo, hi, ones = ~0u, old_lo, old_hi;
	uint64_t mask;

	old_lo = vgpu_rd32(d, CFG, PCI_BASE_ADDRESS_1);
	old_hi = vgpu_rd32(d, CFG, PCI_BASE_ADDRESS_2);
	EXPECT_EQ(PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH, old_lo & 0xf);

	ASSERT_EQ(4, vgpu_wr(d, CFG, PCI_BASE_ADDRESS_1, &ones, 4));
	ASSERT_EQ(4, vgpu_wr(d, CFG, PCI_BASE_ADDRESS_2, &ones, 4));
	lo = vgpu_rd32(d, CFG, PCI_BASE_ADDRESS_1);
	hi = vgpu_rd32(d, CFG, PCI_BASE_ADDRESS_2);
	mask = ((uint64_t)hi << 32) | (lo & ~0xfu);
	EXPECT_EQ(~(self->bar1_size - 1), mask);
	EXPECT_EQ(0xcu, lo & 0xf);

	vgpu_wr(d, CFG, PCI_BASE_ADDRESS_1, &old_lo, 4);
	vgpu_wr(d, CFG, PCI_BASE_ADDRESS_2, &old_hi, 4);
}

TEST_F(vfio, config_bounds)
{
	struct vfio_region_info info;
	uint8_t buf[16];

	ASSERT_EQ(0, vgpu_region(self->v.device, CFG, &info));
	EXPECT_GE(0, vgpu_rd(self->v.device, CFG, info.size, buf, 4));
	EXPECT_EQ(-EINVAL, vgpu_wr(self->v.device, CFG, info.size, buf, 4));
	EXPECT_GE(0, vgpu_rd(self->v.device, CFG, ~0ull >> 24, buf, 4));
	/* an access across the end is refused (vfio-pci-core: EFAULT) */
	EXPECT_GT(0, vgpu_rd(self->v.device, CFG, info.size - 4, buf, sizeof(buf)));
	EXPECT_GT(0, vgpu_wr(self->v.device, CFG, info.size - 2, buf, 4));
	EXPECT_EQ(4, vgpu_rd(self->v.device, CFG, info.size - 4, buf, 4));
}

TEST_F(vfio, bar1_bounds)
{
	uint64_t size = self->bar1_size;
	int d = self->v.device;
	struct vfio_region_info info;
	uint8_t buf[8];
	void *p;

	ASSERT_EQ(0, vgpu_region(d, BAR1, &info));
	EXPECT_EQ(-EINVAL, vgpu_rd(d, BAR1, size, buf, 4));
	EXPECT_EQ(-EINVAL, vgpu_wr(d, BAR1, size, buf, 4));
	EXPECT_EQ(-EINVAL, vgpu_rd(d, BAR1, (1ull << 40) - 8, buf, 4));
	EXPECT_EQ(4, vgpu_rd(d, BAR1, size - 4, buf, 8));

	p = mmap(NULL, size + 4096, PROT_READ, MAP_SHARED, d, info.offset);
	EXPECT_EQ(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, size + 4096);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, d, info.offset + size);
	EXPECT_EQ(MAP_FAILED, p);
	if (p != MAP_FAILED)
		munmap(p, 4096);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, d, info.offset);
	ASSERT_NE(MAP_FAILED, p);
	munmap(p, size);
}

TEST_F(vfio, bar0_bounds)
{
	struct vfio_region_info info;
	uint32_t v;

	ASSERT_EQ(0, vgpu_region(self->v.device, BAR0, &info));
	EXPECT_EQ(-EINVAL, vgpu_rd(self->v.device, BAR0, info.size, &v, 4));
	EXPECT_EQ(-EINVAL, vgpu_wr(self->v.device, BAR0, info.size, &v, 4));
}

TEST_F(vfio, ioeventfd_bounds)
{
	struct vfio_device_ioeventfd ev = { .argsz = sizeof(ev) };
	struct vfio_region_info info;
	int efd = eventfd(0, 0);

	ASSERT_LE(0, efd);
	ASSERT_EQ(0, vgpu_region(self->v.device, BAR1, &info));
	ev.flags = VFIO_DEVICE_IOEVENTFD_32;
	ev.fd = efd;
	ev.offset = info.offset + self->bar1_size;
	EXPECT_NE(0, ioctl(self->v.device, VFIO_DEVICE_IOEVENTFD, &ev));
	EXPECT_EQ(EINVAL, errno);
	ev.offset = info.offset + self->bar1_size - 2;
	EXPECT_NE(0, ioctl(self->v.device, VFIO_DEVICE_IOEVENTFD, &ev));
	close(efd);
}

TEST_F(vfio, reset)
{
	int d = self->v.device;
	uint32_t ones = ~0u;
	char buf[64];

	ASSERT_EQ(4, vgpu_wr(d, CFG, PCI_BASE_ADDRESS_1, &ones, 4));
	ASSERT_EQ(0, ioctl(d, VFIO_DEVICE_RESET));
	/* the emulated BAR1 is back to its reset value */
	EXPECT_EQ(0xcu, vgpu_rd32(d, CFG, PCI_BASE_ADDRESS_1));
	EXPECT_EQ(0, cfg16(d, PCI_COMMAND) & PCI_COMMAND_MASTER);
	ASSERT_LT(0, vgpu_read(self->vf.dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("active\n", buf);
	ASSERT_EQ(0, ioctl(d, VFIO_DEVICE_RESET));
}

/* ---- the simulated GPU: drive the vGPU as a guest does ---------------- */

static uint32_t mbox(int d, uint32_t req, uint32_t *data)
{
	uint32_t st;

	vgpu_wr32(d, BAR0, NVSIM_VF_MBOX_REQ, req);
	st = vgpu_rd32(d, BAR0, NVSIM_VF_MBOX_STATUS);
	for (int i = 0; data && i < NVSIM_VF_MBOX_DATA_NR; i++)
		data[i] = vgpu_rd32(d, BAR0, NVSIM_VF_MBOX_DATA(i));
	return st;
}

TEST_F(vfio, sim_mailbox_type)
{
	uint32_t data[NVSIM_VF_MBOX_DATA_NR];
	char name[40] = "", want[40];
	uint64_t fb;

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_TYPE_ID, data));
	EXPECT_EQ(self->type, data[0]);
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_FB_SIZE, data));
	fb = data[0] | (uint64_t)data[1] << 32;
	EXPECT_EQ(vgpu_read_ul(self->vf.dir, "vgpu_fb_size"), fb);
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_TYPE_NAME, data));
	memcpy(name, data, 32);
	ASSERT_LT(0, vgpu_read(self->vf.dir, "vgpu_type_name", want, sizeof(want)));
	want[strcspn(want, "\n")] = '\0';
	EXPECT_STREQ(want, name);
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_STATE, data));
	EXPECT_EQ(1, data[0]);
	EXPECT_NE(0, data[3]);
	EXPECT_EQ(NVSIM_VF_MBOX_ST_BAD_REQ, mbox(self->v.device, 0x7777, NULL));
}

/* The guest's Bus Master Enable reaches the vGPU's plugin. */
TEST_F(vfio, sim_bus_master)
{
	uint32_t data[NVSIM_VF_MBOX_DATA_NR];
	uint16_t cmd = cfg16(self->v.device, PCI_COMMAND);

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	cmd |= PCI_COMMAND_MASTER;
	ASSERT_EQ(2, vgpu_wr(self->v.device, CFG, PCI_COMMAND, &cmd, 2));
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_STATE, data));
	EXPECT_EQ(4, data[1]) TH_LOG("plugin state %u with bus mastering on", data[1]);
	cmd &= ~PCI_COMMAND_MASTER;
	ASSERT_EQ(2, vgpu_wr(self->v.device, CFG, PCI_COMMAND, &cmd, 2));
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_STATE, data));
	EXPECT_EQ(3, data[1]) TH_LOG("plugin state %u with bus mastering off", data[1]);
}

static void fill_pattern(uint32_t *buf, size_t words, uint32_t seed)
{
	for (size_t i = 0; i < words; i++)
		buf[i] = seed ^ (uint32_t)(i * 2654435761u);
}

TEST_F(vfio, sim_fb_through_bar1)
{
	uint64_t fb = vgpu_read_ul(self->vf.dir, "vgpu_fb_size");
	uint64_t win = fb < self->bar1_size ? fb : self->bar1_size;
	uint32_t out[1024], in[1024];
	struct vfio_region_info info;
	uint32_t *p;

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	fill_pattern(out, 1024, 0x5eed);
	ASSERT_EQ(sizeof(out), vgpu_wr(self->v.device, BAR1, 0, out, sizeof(out)));
	ASSERT_EQ(sizeof(in), vgpu_rd(self->v.device, BAR1, 0, in, sizeof(in)));
	EXPECT_EQ(0, memcmp(out, in, sizeof(in)));
	ASSERT_EQ(sizeof(out), vgpu_wr(self->v.device, BAR1, win - sizeof(out), out, sizeof(out)));
	ASSERT_EQ(sizeof(in), vgpu_rd(self->v.device, BAR1, win - sizeof(in), in, sizeof(in)));
	EXPECT_EQ(0, memcmp(out, in, sizeof(in)));

	/* and through an mmap of BAR1 */
	ASSERT_EQ(0, vgpu_region(self->v.device, BAR1, &info));
	p = mmap(NULL, self->bar1_size, PROT_READ | PROT_WRITE, MAP_SHARED, self->v.device,
		 info.offset);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(out[0], p[0]);
	p[4096] = 0xfeedf00d;
	EXPECT_EQ(0xfeedf00d, vgpu_rd32(self->v.device, BAR1, 4096 * 4));
	munmap(p, self->bar1_size);
}

static uint32_t ce_run(int d, uint32_t op, uint64_t src, uint64_t dst, uint64_t len,
		       uint32_t pattern)
{
	uint32_t st;

	vgpu_wr32(d, BAR0, NVSIM_VF_CE_STATUS, ~0u);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_SRC_LO, src);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_SRC_HI, src >> 32);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_DST_LO, dst);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_DST_HI, dst >> 32);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_LEN_LO, len);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_LEN_HI, len >> 32);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_PATTERN, pattern);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_OP, op);
	vgpu_wr32(d, BAR0, NVSIM_VF_CE_GO, 1);
	st = vgpu_rd32(d, BAR0, NVSIM_VF_CE_STATUS);
	return st;
}

/* Fill and copy on the VF's engine, with MSI-X completion; refusals. */
TEST_F(vfio, sim_engine)
{
	uint64_t fb = vgpu_read_ul(self->vf.dir, "vgpu_fb_size");
	int d = self->v.device, efd = eventfd(0, EFD_NONBLOCK);
	struct vfio_irq_set *irq;
	uint32_t buf[256], canary;
	struct pollfd pfd;
	uint64_t cnt;
	uint16_t cmd;
	char mem[sizeof(*irq) + sizeof(int)];

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	ASSERT_LE(0, efd);
	irq = (void *)mem;
	*irq = (struct vfio_irq_set){ .argsz = sizeof(mem), .index = VFIO_PCI_MSIX_IRQ_INDEX,
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		.start = NVSIM_VF_MSIX_VEC_CE, .count = 1 };
	memcpy(irq->data, &efd, sizeof(int));
	ASSERT_EQ(0, ioctl(d, VFIO_DEVICE_SET_IRQS, irq));
	cmd = cfg16(d, PCI_COMMAND) | PCI_COMMAND_MASTER;
	vgpu_wr(d, CFG, PCI_COMMAND, &cmd, 2);

	EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE,
		  ce_run(d, NVSIM_VF_CE_OP_FILL, 0, 0x10000, sizeof(buf), 0xa5a55a5a));
	ASSERT_EQ(sizeof(buf), vgpu_rd(d, BAR1, 0x10000, buf, sizeof(buf)));
	for (unsigned int i = 0; i < ARRAY_SIZE(buf); i++)
		ASSERT_EQ(0xa5a55a5a, buf[i]);
	EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE,
		  ce_run(d, NVSIM_VF_CE_OP_COPY, 0x10000, 0x20000, sizeof(buf), 0));
	memset(buf, 0, sizeof(buf));
	ASSERT_EQ(sizeof(buf), vgpu_rd(d, BAR1, 0x20000, buf, sizeof(buf)));
	EXPECT_EQ(0xa5a55a5a, buf[0]);
	EXPECT_EQ(0xa5a55a5a, buf[ARRAY_SIZE(buf) - 1]);

	pfd = (struct pollfd){ .fd = efd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 1000)) TH_LOG("no MSI-X for the engine's completion");
	EXPECT_EQ(sizeof(cnt), read(efd, &cnt, sizeof(cnt)));

	/* outside the VF's framebuffer: refused, nothing touched */
	canary = 0x600dcafe;
	vgpu_wr(d, BAR1, 0x30000, &canary, 4);
	EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE | NVSIM_VF_CE_STATUS_ERROR |
		  NVSIM_VF_CE_ERR_RANGE << NVSIM_VF_CE_STATUS_ERR_SHIFT,
		  ce_run(d, NVSIM_VF_CE_OP_FILL, 0, fb - 4, 8, 0));
	EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE | NVSIM_VF_CE_STATUS_ERROR |
		  NVSIM_VF_CE_ERR_RANGE << NVSIM_VF_CE_STATUS_ERR_SHIFT,
		  ce_run(d, NVSIM_VF_CE_OP_COPY, ~0ull - 2, 0x30000, 4, 0));
	EXPECT_EQ(0x600dcafe, vgpu_rd32(d, BAR1, 0x30000));

	irq->flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER;
	irq->count = 0;
	irq->argsz = sizeof(*irq);
	ioctl(d, VFIO_DEVICE_SET_IRQS, irq);
	close(efd);
}

/* A reset keeps the vGPU (and its type), back in its initial state. */
TEST_F(vfio, sim_reset_keeps_vgpu)
{
	uint32_t data[NVSIM_VF_MBOX_DATA_NR];

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	ASSERT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_TYPE_ID, data));
	EXPECT_EQ(self->type, data[0]);
	ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(self->v.device, NVSIM_VF_MBOX_REQ_GET_STATE, data));
	EXPECT_EQ(1, data[0]);
	EXPECT_EQ(3, data[1]) TH_LOG("plugin state %u after reset", data[1]);
}

/* The next tenant of the framebuffer reads zeros. */
TEST_F(vfio, sim_scrub_between_tenants)
{
	static const uint64_t offs[] = { 0, 4096, 1 << 20 };
	uint64_t fb = vgpu_read_ul(self->vf.dir, "vgpu_fb_size");
	uint64_t win = fb < self->bar1_size ? fb : self->bar1_size;
	uint32_t secret[64], got[64], zero[64] = {};
	unsigned int i;
	uint16_t cmd;

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	fill_pattern(secret, 64, 0x5ec2e7);
	for (i = 0; i < ARRAY_SIZE(offs); i++)
		ASSERT_EQ(sizeof(secret), vgpu_wr(self->v.device, BAR1, offs[i], secret,
						  sizeof(secret)));
	ASSERT_EQ(sizeof(secret), vgpu_wr(self->v.device, BAR1, win - sizeof(secret), secret,
					  sizeof(secret)));
	/* and beyond BAR1, through the engine (which needs bus mastering) */
	if (fb > win) {
		cmd = cfg16(self->v.device, PCI_COMMAND) | PCI_COMMAND_MASTER;
		vgpu_wr(self->v.device, CFG, PCI_COMMAND, &cmd, 2);
		EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE,
			  ce_run(self->v.device, NVSIM_VF_CE_OP_FILL, 0, fb - 4096, 4096,
				 0x5ec2e7));
	}

	/* the vGPU is destroyed with the last close, a new one comes with the open */
	vgpu_vfio_close(&self->v);
	ASSERT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));

	for (i = 0; i < ARRAY_SIZE(offs); i++) {
		ASSERT_EQ(sizeof(got), vgpu_rd(self->v.device, BAR1, offs[i], got, sizeof(got)));
		EXPECT_EQ(0, memcmp(zero, got, sizeof(got)))
			TH_LOG("offset %#llx", (unsigned long long)offs[i]);
	}
	ASSERT_EQ(sizeof(got), vgpu_rd(self->v.device, BAR1, win - sizeof(got), got, sizeof(got)));
	EXPECT_EQ(0, memcmp(zero, got, sizeof(got)));
	if (fb > win) {
		/* a new vGPU: its plugin starts with bus mastering off */
		cmd = cfg16(self->v.device, PCI_COMMAND) | PCI_COMMAND_MASTER;
		vgpu_wr(self->v.device, CFG, PCI_COMMAND, &cmd, 2);
		EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE,
			  ce_run(self->v.device, NVSIM_VF_CE_OP_COPY, fb - 4096, 0, 4096, 0));
		ASSERT_EQ(sizeof(got), vgpu_rd(self->v.device, BAR1, 0, got, sizeof(got)));
		EXPECT_EQ(0, memcmp(zero, got, sizeof(got)));
	}
}

/*
 * A vGPU reset that fails makes VFIO_DEVICE_RESET fail, and the ioctl
 * returns only once the vGPU reset ran: the simulator drops the plugin's
 * answer to the reset message, which the manager waits for (10 s).
 */
TEST_F_TIMEOUT(vfio, sim_reset_error, 120)
{
	int gfid = vgpu_gfid(self->vf.bdf);
	int ret, err;

	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	ASSERT_LT(0, gfid);
	ASSERT_EQ(0, vgpu_sim_set("x-fault-match", 0));
	ASSERT_EQ(0, vgpu_sim_set("x-fault-plugin-drop", gfid));
	ret = ioctl(self->v.device, VFIO_DEVICE_RESET);
	err = errno;
	vgpu_sim_set("x-fault-clear", 1);
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(ETIMEDOUT, err) TH_LOG("VFIO_DEVICE_RESET: %s", strerror(err));
}

/*
 * Opening creates the vGPU after vfio-pci-core enabled (and reset) the VF:
 * the fresh vGPU gets no reset, its plugin only the two set-up messages.
 */
TEST_F_TIMEOUT(vfio, sim_open_resets_no_fresh_vgpu, 60)
{
	long m0, m1;

	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	vgpu_vfio_close(&self->v);
	m0 = vgpu_sim_get("x-plugin-msgs");
	ASSERT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));
	m1 = vgpu_sim_get("x-plugin-msgs");
	ASSERT_LE(0, m0);
	EXPECT_EQ(2, m1 - m0) TH_LOG("%ld plugin messages while opening", m1 - m0);
}

/* ---- power management: D3hot and back ---------------------------------- */

#define PM_D0		0
#define PM_D3HOT	3

/* Offset of a capability in the configuration space the guest sees; 0 if none. */
static uint8_t find_cap(int d, uint8_t want)
{
	uint8_t pos;
	int n = 0;

	for (pos = cfg8(d, PCI_CAPABILITY_LIST) & ~3; pos && n < 48;
	     pos = cfg8(d, pos + PCI_CAP_LIST_NEXT) & ~3, n++) {
		if (cfg8(d, pos + PCI_CAP_LIST_ID) == want)
			return pos;
	}
	return 0;
}

static uint16_t pm_state(int d, uint8_t pm)
{
	return cfg16(d, pm + PCI_PM_CTRL) & PCI_PM_CTRL_STATE_MASK;
}

/* Write PowerState through PMCSR, as a guest does; bytes written or -errno. */
static ssize_t pm_set(int d, uint8_t pm, uint16_t state)
{
	uint16_t pmcsr = cfg16(d, pm + PCI_PM_CTRL);

	/* PME_Status is write-one-to-clear: leave it alone */
	pmcsr &= ~(PCI_PM_CTRL_STATE_MASK | PCI_PM_CTRL_PME_STATUS);
	pmcsr |= state;
	return vgpu_wr(d, CFG, pm + PCI_PM_CTRL, &pmcsr, sizeof(pmcsr));
}

/*
 * One register of a BAR of the VF, mapped through sysfs: the device itself,
 * behind vfio-pci-core's back (which refuses BAR accesses in D3hot).
 */
static uint32_t *sysfs_bar(const char *bdf, int bar, uint64_t off, void **map)
{
	char path[PATH_MAX];
	void *p;
	int fd;

	*map = NULL;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource%d", bdf, bar);
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0)
		return NULL;
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off & ~4095ull);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*map = p;
	return (uint32_t *)((char *)p + (off & 4095));
}

/* One 32-bit access each, never merged or elided by the compiler. */
static uint32_t mmio_rd32(uint32_t *p)
{
	return __atomic_load_n(p, __ATOMIC_RELAXED);
}

static void mmio_wr32(uint32_t *p, uint32_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELAXED);
}

/*
 * A guest puts the VF into D3hot through PMCSR and brings it back. A VF
 * without No_Soft_Reset resets itself on the way back to D0 (D0
 * uninitialized), and its vGPU must be reset with it: vgpu_reset_count
 * counts it, and on the simulated GPU the plugin got its RESET message.
 * vfio-pci-core restores the configuration space it saved before D3hot,
 * so the guest reads bus mastering as it was, and the plugin must follow.
 *
 * In D3hot the memory BARs are not decoded: vfio-pci-core refuses BAR
 * accesses (EIO), and the simulated VF, read behind VFIO through sysfs,
 * answers all-ones and drops writes. Afterwards the VF's registers are
 * fresh, its framebuffer (memory, not function state) is kept, and the
 * vGPU works.
 */
TEST_F(vfio, pm_d3hot_resets_vgpu)
{
	struct vfio_device_feature feat = {
		.argsz = sizeof(feat),
		.flags = VFIO_DEVICE_FEATURE_PROBE | VFIO_DEVICE_FEATURE_SET |
			 VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY,
	};
	uint32_t data[NVSIM_VF_MBOX_DATA_NR], v, mark = 0x5a5aa5a5, junk = ~mark;
	uint32_t *reg = NULL, *fb = NULL;
	void *reg_map = NULL, *fb_map = NULL;
	int d = self->v.device;
	uint16_t cmd, pmc, pmcsr;
	unsigned long r0;
	long resets0 = -1;
	uint8_t pm;

	pm = find_cap(d, PCI_CAP_ID_PM);
	if (!pm)
		SKIP(return, "%s has no power management capability", self->vf.bdf);
	pmc = cfg16(d, pm + PCI_PM_PMC);
	pmcsr = cfg16(d, pm + PCI_PM_CTRL);
	ASSERT_EQ(PM_D0, pmcsr & PCI_PM_CTRL_STATE_MASK);
	if (self->sim) {
		/* PCI PM 1.2, D0 and D3hot only, no PME */
		EXPECT_EQ(3, pmc & PCI_PM_CAP_VER_MASK);
		EXPECT_EQ(0, pmc & (PCI_PM_CAP_D1 | PCI_PM_CAP_D2 | PCI_PM_CAP_PME_MASK));
		EXPECT_EQ(0, pmcsr & PCI_PM_CTRL_NO_SOFT_RESET);
	}
	if (pmcsr & PCI_PM_CTRL_NO_SOFT_RESET)
		SKIP(return, "%s keeps its state through D3hot (No_Soft_Reset)", self->vf.bdf);

	/* such a VF stays out of runtime low power states */
	EXPECT_EQ(-1, ioctl(d, VFIO_DEVICE_FEATURE, &feat));
	EXPECT_EQ(ENOTTY, errno);

	/* a running guest: bus mastering on */
	cmd = cfg16(d, PCI_COMMAND) | PCI_COMMAND_MASTER;
	ASSERT_EQ(2, vgpu_wr(d, CFG, PCI_COMMAND, &cmd, 2));
	if (self->sim) {
		ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(d, NVSIM_VF_MBOX_REQ_GET_STATE, data));
		ASSERT_EQ(4, data[1]) TH_LOG("plugin state %u with bus mastering on", data[1]);
		ASSERT_EQ(0, vgpu_wr32(d, BAR0, NVSIM_VF_CE_PATTERN, 0x1234abcd));
		ASSERT_EQ(0, vgpu_wr32(d, BAR1, 0, mark));
		reg = sysfs_bar(self->vf.bdf, 0, NVSIM_VF_MAGIC, &reg_map);
		fb = sysfs_bar(self->vf.bdf, 1, 0, &fb_map);
		EXPECT_TRUE(reg && fb) TH_LOG("mapping the VF's BARs through sysfs: %s",
					      strerror(errno));
		if (reg && fb) {
			EXPECT_EQ(NVSIM_VF_MAGIC_VALUE, mmio_rd32(reg));
			EXPECT_EQ(mark, mmio_rd32(fb));
		}
		if (vgpu_sim_ctl()) {
			resets0 = vgpu_sim_get("x-plugin-resets");
			EXPECT_LE(0, resets0);
		}
	}
	r0 = vgpu_read_ul(self->vf.dir, "vgpu_reset_count");

	/* D3hot: configuration space only */
	ASSERT_EQ(2, pm_set(d, pm, PM_D3HOT));
	EXPECT_EQ(PM_D3HOT, pm_state(d, pm));
	EXPECT_EQ(-EIO, vgpu_rd(d, BAR0, NVSIM_VF_MAGIC, &v, sizeof(v)));
	EXPECT_EQ(-EIO, vgpu_wr(d, BAR1, 0, &junk, sizeof(junk)));
	if (reg && fb) {
		EXPECT_EQ(0xffffffffu, mmio_rd32(reg));
		EXPECT_EQ(0xffffffffu, mmio_rd32(fb));
		mmio_wr32(fb, junk);	/* not decoded: dropped */
		EXPECT_EQ(0xffffffffu, mmio_rd32(fb));
	}
	EXPECT_EQ(r0, vgpu_read_ul(self->vf.dir, "vgpu_reset_count"));

	/* D0: the VF reset itself, and so must its vGPU have been */
	ASSERT_EQ(2, pm_set(d, pm, PM_D0));
	EXPECT_EQ(PM_D0, pm_state(d, pm));
	EXPECT_EQ(r0 + 1, vgpu_read_ul(self->vf.dir, "vgpu_reset_count"))
		TH_LOG("D3hot -> D0 reset the VF but not its vGPU");
	if (resets0 >= 0)
		EXPECT_EQ(resets0 + 1, vgpu_sim_get("x-plugin-resets"))
			TH_LOG("the vGPU's plugin was not sent RESET");
	cmd = cfg16(d, PCI_COMMAND);
	EXPECT_TRUE(cmd & PCI_COMMAND_MASTER) TH_LOG("command %#x after D0", cmd);

	if (self->sim) {
		EXPECT_EQ(NVSIM_VF_MAGIC_VALUE, vgpu_rd32(d, BAR0, NVSIM_VF_MAGIC));
		if (reg && fb) {
			EXPECT_EQ(NVSIM_VF_MAGIC_VALUE, mmio_rd32(reg));
			EXPECT_EQ(mark, mmio_rd32(fb)) TH_LOG("a write in D3hot reached the FB");
		}
		/* the function was reset, the vGPU kept */
		EXPECT_EQ(0, vgpu_rd32(d, BAR0, NVSIM_VF_CE_PATTERN));
		EXPECT_EQ(mark, vgpu_rd32(d, BAR1, 0));
		ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(d, NVSIM_VF_MBOX_REQ_GET_TYPE_ID, data));
		EXPECT_EQ(self->type, data[0]);
		/* the plugin follows the command register the guest reads */
		ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(d, NVSIM_VF_MBOX_REQ_GET_STATE, data));
		EXPECT_EQ(cmd & PCI_COMMAND_MASTER ? 4 : 3, data[1])
			TH_LOG("plugin state %u, command %#x", data[1], cmd);

		/* and the vGPU works: its engine, bus mastering off and on */
		EXPECT_EQ(NVSIM_VF_CE_STATUS_DONE,
			  ce_run(d, NVSIM_VF_CE_OP_FILL, 0, 0x10000, 4096, 0xc0ffee11));
		EXPECT_EQ(0xc0ffee11, vgpu_rd32(d, BAR1, 0x10000 + 4092));
		cmd &= ~PCI_COMMAND_MASTER;
		ASSERT_EQ(2, vgpu_wr(d, CFG, PCI_COMMAND, &cmd, 2));
		ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(d, NVSIM_VF_MBOX_REQ_GET_STATE, data));
		EXPECT_EQ(3, data[1]) TH_LOG("plugin state %u with bus mastering off", data[1]);
		cmd |= PCI_COMMAND_MASTER;
		ASSERT_EQ(2, vgpu_wr(d, CFG, PCI_COMMAND, &cmd, 2));
		ASSERT_EQ(NVSIM_VF_MBOX_ST_OK, mbox(d, NVSIM_VF_MBOX_REQ_GET_STATE, data));
		EXPECT_EQ(4, data[1]) TH_LOG("plugin state %u with bus mastering on", data[1]);
	}

	cmd = cfg16(d, PCI_COMMAND) & ~PCI_COMMAND_MASTER;
	vgpu_wr(d, CFG, PCI_COMMAND, &cmd, 2);
	if (reg_map)
		munmap(reg_map, 4096);
	if (fb_map)
		munmap(fb_map, 4096);
}

/* ---- firmware faults (the simulator's fault knobs) ---------------------- */

/* NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_BOOTLOAD_GSP_VGPU_PLUGIN_TASK */
#define SIM_CTRL_BOOTLOAD	0x20804001ul
#define SIM_NV_ERR_GENERIC	0x1ful

/* Another VF's vGPU, open while one VF's firmware side fails. */
struct other_vgpu {
	struct vgpu_vf vf;
	struct vgpu_vfio v;
	unsigned long saved;
};

/* Open a VF other than @bdf with a vGPU; 0, or -ENODEV if there is none. */
static int other_open(struct other_vgpu *o, const char *bdf, enum vgpu_vfio_mode mode)
{
	struct vgpu_vf vfs[VGPU_MAX_VFS];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	int n, i, ret;
	bool sim;

	o->v = (struct vgpu_vfio){ -1, -1, -1, -1 };
	o->saved = 0;
	n = vgpu_find_vfs(vfs, VGPU_MAX_VFS);
	for (i = 0; i < n && !strcmp(vfs[i].bdf, bdf); i++)
		;
	if (i >= n)
		return -ENODEV;
	o->vf = vfs[i];
	o->saved = vgpu_read_ul(o->vf.dir, "current_vgpu_type");
	if (!o->saved) {
		if (vgpu_types(&o->vf, "creatable_vgpu_types", cr) <= 0)
			return -ENODEV;
		ret = vgpu_set_type(&o->vf, cr[0].id);
		if (ret)
			return ret;
	}
	ret = open_vf(&o->v, o->vf.bdf, mode, &sim);
	if (ret && !o->saved)
		vgpu_set_type(&o->vf, 0);
	return ret;
}

static void other_close(struct other_vgpu *o)
{
	vgpu_vfio_close(&o->v);
	if (!o->saved)
		vgpu_set_type(&o->vf, 0);
}

/* Trigger @efd on the VF's error interrupt (-1: stop). */
static int err_irq(int device, int efd)
{
	char mem[sizeof(struct vfio_irq_set) + sizeof(int)];
	struct vfio_irq_set *irq = (void *)mem;

	*irq = (struct vfio_irq_set){ .argsz = sizeof(mem), .index = VFIO_PCI_ERR_IRQ_INDEX,
		.flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER,
		.start = 0, .count = 1 };
	memcpy(irq->data, &efd, sizeof(int));
	return ioctl(device, VFIO_DEVICE_SET_IRQS, irq);
}

/*
 * The vGPU's firmware plugin crashes (x-fault-plugin-crash): the crash
 * reaches the VFIO driver (the error eventfd fires), resets fail with
 * -EIO instead of waiting for a dead plugin, the vGPU on another VF is
 * untouched, closing destroys the dead vGPU (the firmware shuts it down
 * and cleans it up), and the VF opens and resets again afterwards.
 */
TEST_F_TIMEOUT(vfio, sim_plugin_crash, 180)
{
	int gfid = vgpu_gfid(self->vf.bdf), efd, ret, err;
	struct other_vgpu o;
	struct pollfd pfd;
	long sd0, cl0;
	bool other;

	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	ASSERT_LT(0, gfid);
	other = !other_open(&o, self->vf.bdf, variant->mode);
	if (!other)
		TH_LOG("no second VF: the isolation part is not checked");
	efd = eventfd(0, EFD_NONBLOCK);
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, err_irq(self->v.device, efd));
	sd0 = vgpu_sim_get("x-shutdowns");
	cl0 = vgpu_sim_get("x-cleanups");

	ASSERT_EQ(0, vgpu_sim_set("x-fault-plugin-crash", gfid));
	pfd = (struct pollfd){ .fd = efd, .events = POLLIN };
	EXPECT_EQ(1, poll(&pfd, 1, 60000)) TH_LOG("the crash did not reach the error eventfd");
	ret = ioctl(self->v.device, VFIO_DEVICE_RESET);
	err = errno;
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EIO, err) TH_LOG("VFIO_DEVICE_RESET of a dead vGPU: %s", strerror(err));
	if (other)
		EXPECT_EQ(0, ioctl(o.v.device, VFIO_DEVICE_RESET));

	err_irq(self->v.device, -1);
	close(efd);
	vgpu_vfio_close(&self->v);
	EXPECT_EQ(sd0 + 1, vgpu_sim_get("x-shutdowns"));
	EXPECT_EQ(cl0 + 1, vgpu_sim_get("x-cleanups"));
	ASSERT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));
	EXPECT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
	if (other) {
		EXPECT_EQ(0, ioctl(o.v.device, VFIO_DEVICE_RESET));
		other_close(&o);
	}
}

/*
 * The firmware refuses the vGPU's bootload (x-fault-rpc-status on the
 * BOOTLOAD control): opening fails with an error, the firmware was left
 * nothing, and once the fault is gone the VF opens again.
 */
TEST_F_TIMEOUT(vfio, sim_open_fw_error, 120)
{
	long b0, e0;
	int ret;

	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	vgpu_vfio_close(&self->v);
	b0 = vgpu_sim_get("x-bootloads");
	e0 = vgpu_sim_get("x-rpc-errors");
	ASSERT_EQ(0, vgpu_sim_set("x-fault-match", SIM_CTRL_BOOTLOAD));
	ASSERT_EQ(0, vgpu_sim_set("x-fault-rpc-status", SIM_NV_ERR_GENERIC));
	ret = open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim);
	vgpu_sim_set("x-fault-clear", 1);
	vgpu_sim_set("x-fault-match", 0);
	EXPECT_GT(0, ret) TH_LOG("opening with a refused bootload: %d", ret);
	EXPECT_EQ(b0, vgpu_sim_get("x-bootloads"));
	EXPECT_EQ(e0 + 1, vgpu_sim_get("x-rpc-errors"));
	if (!ret)
		vgpu_vfio_close(&self->v);
	ASSERT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));
	EXPECT_EQ(b0 + 1, vgpu_sim_get("x-bootloads"));
	EXPECT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
}

/*
 * A slow firmware (x-fault-rpc-delay-ms on the BOOTLOAD control, 2 s): the
 * open waits for the reply and succeeds.
 */
TEST_F_TIMEOUT(vfio, sim_open_fw_slow, 120)
{
	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	vgpu_vfio_close(&self->v);
	ASSERT_EQ(0, vgpu_sim_set("x-fault-match", SIM_CTRL_BOOTLOAD));
	ASSERT_EQ(0, vgpu_sim_set("x-fault-rpc-delay-ms", 2000));
	EXPECT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));
	vgpu_sim_set("x-fault-clear", 1);
	vgpu_sim_set("x-fault-match", 0);
	if (self->v.device < 0)
		ASSERT_EQ(0, open_vf(&self->v, self->vf.bdf, variant->mode, &self->sim));
	EXPECT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
}

/*
 * An event storm (x-fault-event-storm: 1024 channel errors on this vGPU at
 * once): the events are counted on this VF only, the vGPU still resets,
 * and the other VF's vGPU is untouched.
 */
TEST_F_TIMEOUT(vfio, sim_event_storm, 180)
{
	int gfid = vgpu_gfid(self->vf.bdf), i;
	struct other_vgpu o;
	unsigned long rc = 0;
	bool other;

	if (!self->sim || !vgpu_sim_ctl())
		SKIP(return, "no control of the simulated GPU");
	ASSERT_LT(0, gfid);
	other = !other_open(&o, self->vf.bdf, variant->mode);
	ASSERT_EQ(0, vgpu_sim_set("x-fault-event-storm", gfid));
	/* the reset's reply comes after the storm's events */
	EXPECT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
	for (i = 0; i < 600 && !rc; i++) {
		rc = vgpu_read_ul(self->vf.dir, "vgpu_rc_count");
		if (!rc)
			usleep(100000);
	}
	EXPECT_LT(0, rc) TH_LOG("no channel error of the storm was counted");
	EXPECT_GE(1024, rc);
	TH_LOG("%lu of 1024 channel errors counted", rc);
	EXPECT_EQ(0, ioctl(self->v.device, VFIO_DEVICE_RESET));
	if (other) {
		EXPECT_EQ(0, vgpu_read_ul(o.vf.dir, "vgpu_rc_count"));
		EXPECT_EQ(0, ioctl(o.v.device, VFIO_DEVICE_RESET));
		other_close(&o);
	}
}

/* ---- display ------------------------------------------------------------ */

#define XR24		NVSIM_FOURCC_XRGB8888
#define DISP_W		256
#define DISP_H		96
#define DISP_STRIDE	1536	/* more than DISP_W * 4: the stride is honoured */
#define DISP_SURF	(DISP_STRIDE * DISP_H)
#define DISP_OFF_A	0x100000ull
#define DISP_OFF_B	0x300000ull
#define NVVGPU_REGION_SUBTYPE_DISPLAY	0x10

static int query_plane(int d, uint32_t flags, uint32_t plane_type,
		       struct vfio_device_gfx_plane_info *p)
{
	memset(p, 0, sizeof(*p));
	p->argsz = sizeof(*p);
	p->flags = flags;
	p->drm_plane_type = plane_type;
	return ioctl(d, VFIO_DEVICE_QUERY_GFX_PLANE, p) ? -errno : 0;
}

/* Probing needs nothing but the open device (no UUID, no KVM). */
TEST_F(vfio, display_probe)
{
	struct vfio_device_gfx_plane_info p;

	if (!vgpu_read_ul(self->vf.dir, "vgpu_num_heads") && !self->sim)
		SKIP(return, "the type has no display");
	EXPECT_EQ(0, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_PROBE |
				 VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(-EINVAL, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_PROBE |
				       VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_PROBE, 0, &p));
	EXPECT_EQ(-EINVAL, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_REGION |
				       VFIO_GFX_PLANE_TYPE_DMABUF, 0, &p));
	EXPECT_EQ(-EINVAL, query_plane(self->v.device, VFIO_GFX_PLANE_TYPE_REGION, 7, &p));
	/* argsz too small */
	memset(&p, 0, sizeof(p));
	p.argsz = 8;
	p.flags = VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION;
	EXPECT_EQ(-1, ioctl(self->v.device, VFIO_DEVICE_QUERY_GFX_PLANE, &p));
}

static void disp_program(int d, uint32_t ctrl, uint64_t off, uint32_t fmt, uint32_t stride,
			 uint32_t w, uint32_t h)
{
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_CTRL(0), ctrl);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_OFFSET_LO(0), (uint32_t)off);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_OFFSET_HI(0), off >> 32);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_FORMAT(0), fmt);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_STRIDE(0), stride);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_SIZE(0), h << 16 | w);
	vgpu_wr32(d, BAR0, NVSIM_VF_HEAD_COMMIT(0), 1);
}

/* Wait (bounded, not timed) until HEAD_reg(0) reaches at least want. */
static bool disp_wait(int d, uint32_t reg, uint32_t want)
{
	for (int i = 0; i < 20000; i++) {
		if (vgpu_rd32(d, BAR0, reg) - want < 0x80000000u)
			return true;
		usleep(500);
	}
	return false;
}

static void disp_fill(int d, uint64_t off, uint32_t seed)
{
	static uint32_t line[DISP_STRIDE / 4];

	for (int y = 0; y < DISP_H; y++) {
		fill_pattern(line, DISP_STRIDE / 4, seed + y);
		vgpu_wr(d, BAR1, off + (uint64_t)y * DISP_STRIDE, line, sizeof(line));
	}
}

/* The visible pixels of the surface at base equal the pattern of seed. */
static bool disp_match(const uint8_t *base, uint32_t seed)
{
	static uint32_t line[DISP_STRIDE / 4];

	for (int y = 0; y < DISP_H; y++) {
		fill_pattern(line, DISP_STRIDE / 4, seed + y);
		if (memcmp(base + (size_t)y * DISP_STRIDE, line, DISP_W * 4))
			return false;
	}
	return true;
}

static void check_plane(struct __test_metadata *_metadata, int d,
			struct vfio_device_gfx_plane_info *p)
{
	ASSERT_EQ(0, query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, 0, p));
	EXPECT_EQ(XR24, p->drm_format);
	EXPECT_EQ(0, p->drm_format_mod);
	EXPECT_EQ(DISP_W, p->width);
	EXPECT_EQ(DISP_H, p->height);
	EXPECT_EQ(DISP_STRIDE, p->stride);
	EXPECT_EQ((DISP_SURF + 4095) & ~4095u, p->size);
	EXPECT_LE(VFIO_PCI_NUM_REGIONS, p->region_index);
}

/*
 * A surface programmed through the VF's registers is what the host reports
 * and shows, through one mapping that follows a flip; a refused surface and
 * a bad firmware report are never reported.
 */
TEST_F_TIMEOUT(vfio, sim_display, 120)
{
	int d = self->v.device;
	struct vfio_device_gfx_plane_info p, q;
	struct vfio_region_info_cap_type *ct;
	struct vfio_info_cap_header *hdr;
	struct vfio_region_info *ri;
	uint64_t fb = vgpu_read_ul(self->vf.dir, "vgpu_fb_size");
	uint32_t flips, frame, max;
	uint8_t *buf, *m;
	int gfid;

	if (!self->sim)
		SKIP(return, "not the simulated GPU");
	ASSERT_TRUE(vgpu_rd32(d, BAR0, NVSIM_VF_CAPS) & NVSIM_VF_CAPS_DISPLAY);
	ASSERT_LE(1, vgpu_rd32(d, BAR0, NVSIM_VF_DISP_NUM_HEADS));
	max = vgpu_rd32(d, BAR0, NVSIM_VF_DISP_MAX_SIZE);
	ASSERT_LE(DISP_W, max & 0xffff);
	ASSERT_LE(DISP_H, max >> 16);

	/* nothing scanned out: a plane that shows nothing */
	ASSERT_EQ(0, query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, 0, &p));
	EXPECT_EQ(0, p.drm_format);
	EXPECT_EQ(0, p.size);
	/* no cursor plane */
	ASSERT_EQ(0, query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, 2, &p));
	EXPECT_EQ(0, p.size);

	/* surface A: pixels through BAR1, then the head through BAR0 */
	disp_fill(d, DISP_OFF_A, 0xa000);
	disp_fill(d, DISP_OFF_B, 0xb000);
	flips = vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_FLIPS(0));
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, DISP_OFF_A, XR24, DISP_STRIDE, DISP_W, DISP_H);
	EXPECT_EQ(0, vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERROR);
	ASSERT_TRUE(disp_wait(d, NVSIM_VF_HEAD_FLIPS(0), flips + 1));
	EXPECT_TRUE(vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ACTIVE);
	check_plane(_metadata, d, &p);

	/* the region: read-only, mmap-able, NVIDIA's display subtype */
	ri = calloc(1, 4096);
	ASSERT_NE(NULL, ri);
	ri->argsz = 4096;
	ri->index = p.region_index;
	ASSERT_EQ(0, ioctl(d, VFIO_DEVICE_GET_REGION_INFO, ri));
	EXPECT_TRUE(ri->flags & VFIO_REGION_INFO_FLAG_READ);
	EXPECT_FALSE(ri->flags & VFIO_REGION_INFO_FLAG_WRITE);
	EXPECT_TRUE(ri->flags & VFIO_REGION_INFO_FLAG_MMAP);
	EXPECT_LE(DISP_OFF_B + DISP_SURF, ri->size);
	EXPECT_GE(fb, ri->size);
	ASSERT_TRUE(ri->flags & VFIO_REGION_INFO_FLAG_CAPS);
	hdr = (void *)((uint8_t *)ri + ri->cap_offset);
	while (hdr->id != VFIO_REGION_INFO_CAP_TYPE && hdr->next)
		hdr = (void *)((uint8_t *)ri + hdr->next);
	ASSERT_EQ(VFIO_REGION_INFO_CAP_TYPE, hdr->id);
	ct = (void *)hdr;
	EXPECT_EQ(VFIO_REGION_TYPE_PCI_VENDOR_TYPE | 0x10de, ct->type);
	EXPECT_EQ(NVVGPU_REGION_SUBTYPE_DISPLAY, ct->subtype);

	/* read() and an mmap see surface A at offset 0 */
	buf = malloc(DISP_SURF);
	ASSERT_NE(NULL, buf);
	ASSERT_EQ(DISP_SURF, pread(d, buf, DISP_SURF, ri->offset));
	EXPECT_TRUE(disp_match(buf, 0xa000));
	EXPECT_EQ(MAP_FAILED, mmap(NULL, ri->size, PROT_READ | PROT_WRITE, MAP_SHARED, d,
				   ri->offset));
	m = mmap(NULL, ri->size, PROT_READ, MAP_SHARED, d, ri->offset);
	ASSERT_NE(MAP_FAILED, m);
	EXPECT_TRUE(disp_match(m, 0xa000));
	/* no write, no read past the region */
	EXPECT_EQ(-1, pwrite(d, buf, 16, ri->offset));
	EXPECT_EQ(-1, pread(d, buf, 16, ri->offset + ri->size));

	/* flip to B: the same mapping shows B after the next query */
	flips = vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_FLIPS(0));
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, DISP_OFF_B, XR24, DISP_STRIDE, DISP_W, DISP_H);
	ASSERT_TRUE(disp_wait(d, NVSIM_VF_HEAD_FLIPS(0), flips + 1));
	check_plane(_metadata, d, &q);
	EXPECT_EQ(p.region_index, q.region_index);
	EXPECT_TRUE(disp_match(m, 0xb000));
	ASSERT_EQ(DISP_SURF, pread(d, buf, DISP_SURF, ri->offset));
	EXPECT_TRUE(disp_match(buf, 0xb000));
	/* the guest draws into B: visible through the mapping, no re-query */
	disp_fill(d, DISP_OFF_B, 0xc000);
	EXPECT_TRUE(disp_match(m, 0xc000));

	/* refused by the device: past the FB, bad format, bad stride */
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, fb, XR24, DISP_STRIDE, DISP_W, DISP_H);
	EXPECT_EQ(NVSIM_VF_DISP_ERR_RANGE,
		  (vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERR_MASK) >>
		  NVSIM_VF_HEAD_STATUS_ERR_SHIFT);
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, fb - 4096, XR24, DISP_STRIDE, DISP_W, DISP_H);
	EXPECT_EQ(NVSIM_VF_DISP_ERR_RANGE,
		  (vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERR_MASK) >>
		  NVSIM_VF_HEAD_STATUS_ERR_SHIFT);
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, DISP_OFF_A, 0x34325241 /* AR24 */,
		     DISP_STRIDE, DISP_W, DISP_H);
	EXPECT_EQ(NVSIM_VF_DISP_ERR_FORMAT,
		  (vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERR_MASK) >>
		  NVSIM_VF_HEAD_STATUS_ERR_SHIFT);
	disp_program(d, NVSIM_VF_HEAD_CTRL_ENABLE, DISP_OFF_A, XR24, DISP_W * 4 - 64, DISP_W,
		     DISP_H);
	EXPECT_EQ(NVSIM_VF_DISP_ERR_STRIDE,
		  (vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERR_MASK) >>
		  NVSIM_VF_HEAD_STATUS_ERR_SHIFT);
	/* a vblank later the host still reports B, unmoved */
	frame = vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_FRAME(0));
	ASSERT_TRUE(disp_wait(d, NVSIM_VF_HEAD_FRAME(0), frame + 2));
	check_plane(_metadata, d, &q);
	EXPECT_TRUE(disp_match(m, 0xc000));

	/* a firmware report past the FB is refused by the host */
	gfid = vgpu_gfid(self->vf.bdf);
	if (vgpu_sim_ctl() && gfid > 0) {
		EXPECT_EQ(0, vgpu_sim_set("x-fault-match", 0));
		EXPECT_EQ(0, vgpu_sim_set("x-fault-plane-bad", gfid));
		EXPECT_EQ(-EIO, query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, 0, &q));
		vgpu_sim_set("x-fault-clear", 1);
		/* and the mapping did not move */
		EXPECT_TRUE(disp_match(m, 0xc000));
		check_plane(_metadata, d, &q);
	}

	/* disabled: nothing reported, the mapping shows zeros, read() ends */
	flips = vgpu_rd32(d, BAR0, NVSIM_VF_HEAD_FLIPS(0));
	disp_program(d, 0, 0, 0, 0, 0, 0);
	ASSERT_TRUE(disp_wait(d, NVSIM_VF_HEAD_FLIPS(0), flips + 1));
	ASSERT_EQ(0, query_plane(d, VFIO_GFX_PLANE_TYPE_REGION, 0, &q));
	EXPECT_EQ(0, q.drm_format);
	EXPECT_EQ(0, q.size);
	EXPECT_EQ(0, m[0] | m[DISP_SURF - 1]);
	EXPECT_EQ(0, pread(d, buf, 16, ri->offset));

	munmap(m, ri->size);
	free(buf);
	free(ri);
}

TEST_HARNESS_MAIN
