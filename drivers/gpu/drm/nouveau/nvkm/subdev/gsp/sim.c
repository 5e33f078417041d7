// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The GSP of the simulated SR-IOV GPU the vGPU manager is tested on
 * (tools/testing/nvidia-vgpu/sim/, CONFIG_DRM_NOUVEAU_SIM_CHIPSET).
 *
 * Its GSP-RM is simulated: there are no firmware files, booter, FWSEC or
 * falcon reset. Everything GSP-RM boots with is prepared by r535's own code
 * in system memory as for a GPU; the simulator is told where the WPR
 * metadata is (where booter would get it from) and to start, and then
 * answers on r535's message queues.
 */
#include "priv.h"

#include <subdev/fb.h>
#include <vgpu_mgr/vgpu_mgr.h>

/* The simulator's own registers in BAR0, not a GPU's. */
#define SIM_GSP_REG_MAGIC		0xfe0000	/* "NVSM" */
#define SIM_GSP_REG_START		0xfe0010	/* 1: start GSP-RM */
#define SIM_GSP_REG_WPR_META_LO		0xfe0018
#define SIM_GSP_REG_WPR_META_HI		0xfe001c
#define SIM_GSP_MAGIC			0x4d53564e
/* Its framebuffer scrubber: zero-fills a VRAM range when GO is written. */
#define SIM_GSP_REG_SCRUB_ADDR_LO	0xfe0020
#define SIM_GSP_REG_SCRUB_ADDR_HI	0xfe0024
#define SIM_GSP_REG_SCRUB_SIZE_LO	0xfe0028
#define SIM_GSP_REG_SCRUB_SIZE_HI	0xfe002c
#define SIM_GSP_REG_SCRUB_GO		0xfe0030
#define SIM_GSP_REG_SCRUB_STATUS	0xfe0034
#define SIM_GSP_SCRUB_DONE		1
#define SIM_CHIPSET			0x19f

static int
sim_gsp_oneinit(struct nvkm_gsp *gsp)
{
	struct nvkm_device *device = gsp->subdev.device;
	int ret;

	/* No VBIOS: only its VGA workspace at the top of FB, as tu102 puts it. */
	gsp->fb.size = nvkm_fb_vidmem_size(device);
	if (!gsp->fb.size) {
		nvkm_error(&gsp->subdev, "the simulator reports no VRAM size (0x1183a4)\n");
		return -ENODEV;
	}

	gsp->fb.bios.vga_workspace.addr = gsp->fb.size - 0x100000;
	gsp->fb.bios.vga_workspace.size = 0x100000;
	gsp->fb.bios.addr = gsp->fb.bios.vga_workspace.addr;
	gsp->fb.bios.size = gsp->fb.bios.vga_workspace.size;

	ret = r535_gsp_oneinit(gsp);
	if (ret)
		return ret;

	nvkm_wr32(device, SIM_GSP_REG_WPR_META_LO, lower_32_bits(gsp->wpr_meta.addr));
	nvkm_wr32(device, SIM_GSP_REG_WPR_META_HI, upper_32_bits(gsp->wpr_meta.addr));
	return 0;
}

static int
sim_gsp_init(struct nvkm_gsp *gsp)
{
	int ret;

	/* The simulator does not keep GSP-RM's state over a suspend. */
	if (gsp->sr.meta.data)
		return -EOPNOTSUPP;

	nvkm_wr32(gsp->subdev.device, SIM_GSP_REG_START, 1);

	ret = r535_gsp_wait_init_done(gsp);
	if (ret)
		return ret;

	return r535_gsp_postinit(gsp);
}

static const struct nvkm_gsp_func
sim_gsp = {
	.flcn = &ga102_gsp_flcn,

	.wpr_heap.os_carveout_size = 20 << 20,
	.wpr_heap.base_size = 8 << 20,
	.wpr_heap.min_size = 84 << 20,

	.dtor = r535_gsp_dtor,
	.oneinit = sim_gsp_oneinit,
	.init = sim_gsp_init,
	.fini = r535_gsp_fini,

	.rm = &r535_gsp_rm,
};

/* Nothing to load; only make sure this is the simulator. */
static int
sim_gsp_load(struct nvkm_gsp *gsp, int ver, const struct nvkm_gsp_fwif *fwif)
{
	if (nvkm_rd32(gsp->subdev.device, SIM_GSP_REG_MAGIC) != SIM_GSP_MAGIC) {
		nvkm_error(&gsp->subdev, "not the simulated GPU\n");
		return -ENODEV;
	}

	return 0;
}

static struct nvkm_gsp_fwif
sim_gsps[] = {
	{ 0, sim_gsp_load, &sim_gsp, "sim", true },
	{}
};

int
sim_gsp_new(struct nvkm_device *device, enum nvkm_subdev_type type, int inst,
	    struct nvkm_gsp **pgsp)
{
	return nvkm_gsp_new_(sim_gsps, device, type, inst, pgsp);
}

/**
 * nvkm_sim_fb_scrub - zero framebuffer with the simulator's scrubber
 * @device: the device
 * @addr: FB address, 4 KiB aligned
 * @size: bytes, 4 KiB aligned
 *
 * The simulated GPU has no copy engines; the simulator zero-fills a range
 * of its VRAM synchronously when asked through its own registers, and
 * refuses ranges outside VRAM or under a live vGPU.
 *
 * Return: 0, -ENODEV if @device is not the simulated GPU, or -EIO.
 */
int
nvkm_sim_fb_scrub(struct nvkm_device *device, u64 addr, u64 size)
{
	u32 stat;

	if (device->chipset != SIM_CHIPSET)
		return -ENODEV;

	nvkm_wr32(device, SIM_GSP_REG_SCRUB_ADDR_LO, lower_32_bits(addr));
	nvkm_wr32(device, SIM_GSP_REG_SCRUB_ADDR_HI, upper_32_bits(addr));
	nvkm_wr32(device, SIM_GSP_REG_SCRUB_SIZE_LO, lower_32_bits(size));
	nvkm_wr32(device, SIM_GSP_REG_SCRUB_SIZE_HI, upper_32_bits(size));
	nvkm_wr32(device, SIM_GSP_REG_SCRUB_GO, 1);
	stat = nvkm_rd32(device, SIM_GSP_REG_SCRUB_STATUS);
	if (stat != SIM_GSP_SCRUB_DONE) {
		nvkm_error(&device->gsp->subdev, "scrubbing FB %#llx+%#llx failed: %08x\n",
			   addr, size, stat);
		return -EIO;
	}
	return 0;
}
