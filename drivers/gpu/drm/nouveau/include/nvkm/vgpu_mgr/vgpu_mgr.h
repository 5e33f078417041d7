/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The nvkm vGPU manager: subdev NVKM_SUBDEV_VGPU (device->vgpu) of a GPU
 * whose chipset lists it, and its hooks into the rest of nouveau.
 * Everything here has a stub when CONFIG_DRM_NOUVEAU_VGPU_MGR is off, so
 * the callers need no #ifdefs. The subdev exists only if vGPU support was
 * asked for (nouveau.vgpu_mgr=1) and the device supports it (its
 * constructor returns -ENODEV otherwise); then these hooks change what
 * nouveau reserves at boot.
 */
#ifndef __NVKM_VGPU_MGR_H__
#define __NVKM_VGPU_MGR_H__
#include <core/subdev.h>

#include <linux/errno.h>
#include <linux/types.h>

struct nvkm_vgpu_mgr;
struct pci_dev;

/*
 * Channel IDs: GSP-RM has this many, the host keeps the first
 * NVKM_VGPU_MGR_CHID_HOST for its own channels when vGPU is enabled and the
 * rest form the pool the vGPUs' channel ranges are taken from.
 */
#define NVKM_VGPU_MGR_CHID_NR		2048
#define NVKM_VGPU_MGR_CHID_HOST		512

#if IS_ENABLED(CONFIG_DRM_NOUVEAU_VGPU_MGR)
int nvkm_vgpu_mgr_new(struct nvkm_device *device, enum nvkm_subdev_type type, int inst,
		      struct nvkm_vgpu_mgr **pmgr);
void nvkm_vgpu_mgr_remove(struct nvkm_device *device);
int nvkm_vgpu_mgr_sriov_configure(struct nvkm_device *device, int num_vfs);
bool nvkm_vgpu_mgr_enabled(struct nvkm_device *device);
bool nvkm_vgpu_mgr_busy(struct nvkm_device *device);
u32 nvkm_vgpu_mgr_host_chids(struct nvkm_device *device, u32 total);

/*
 * Provided by nouveau_drm.c, which owns the PF's struct pci_driver: the
 * nvkm device of the PF of a VF, found with pci_iov_get_pf_drvdata().
 */
struct nvkm_device *nouveau_drm_vgpu_pf_device(struct pci_dev *vf_pdev);
#else
static inline int
nvkm_vgpu_mgr_new(struct nvkm_device *device, enum nvkm_subdev_type type, int inst,
		  struct nvkm_vgpu_mgr **pmgr)
{
	return -ENODEV;
}

static inline void nvkm_vgpu_mgr_remove(struct nvkm_device *device) {}

static inline int
nvkm_vgpu_mgr_sriov_configure(struct nvkm_device *device, int num_vfs)
{
	return -ENODEV;
}

static inline bool nvkm_vgpu_mgr_enabled(struct nvkm_device *device) { return false; }
static inline bool nvkm_vgpu_mgr_busy(struct nvkm_device *device) { return false; }

static inline u32
nvkm_vgpu_mgr_host_chids(struct nvkm_device *device, u32 total)
{
	return total;
}
#endif

/*
 * The simulated GPU (CONFIG_DRM_NOUVEAU_SIM_CHIPSET, nvkm/subdev/gsp/sim.c)
 * zeroes framebuffer for the manager with an engine of the simulator.
 * Returns -ENODEV for any other device.
 */
#if IS_ENABLED(CONFIG_DRM_NOUVEAU_SIM_CHIPSET)
int nvkm_sim_fb_scrub(struct nvkm_device *device, u64 addr, u64 size);
#else
static inline int
nvkm_sim_fb_scrub(struct nvkm_device *device, u64 addr, u64 size)
{
	return -ENODEV;
}
#endif
#endif
