/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * What the vGPU manager changes in GSP-RM's boot arguments (r535).
 */
#ifndef __NVKM_VGPU_MGR_GSP_H__
#define __NVKM_VGPU_MGR_GSP_H__
#include <vgpu_mgr/vgpu_mgr.h>

#include <nvrm/nvtypes.h>
#include <nvrm/535.113.01/nvidia/arch/nvalloc/common/inc/gsp/gsp_fw_wpr_meta.h>
#include <nvrm/535.113.01/nvidia/generated/g_rpc-structures.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/gsp/gsp_static_config.h>

#if IS_ENABLED(CONFIG_DRM_NOUVEAU_VGPU_MGR)
u64 nvkm_vgpu_mgr_gsp_heap_size(struct nvkm_device *device, u64 heap_size);
void nvkm_vgpu_mgr_gsp_wpr_meta(struct nvkm_device *device, GspFwWprMeta *meta);
void nvkm_vgpu_mgr_gsp_system_info(struct nvkm_device *device, GspSystemInfo *info);
bool nvkm_vgpu_mgr_gsp_rc_triggered(struct nvkm_device *device,
				    const rpc_rc_triggered_v17_02 *msg);
#else
static inline u64
nvkm_vgpu_mgr_gsp_heap_size(struct nvkm_device *device, u64 heap_size)
{
	return heap_size;
}

static inline void
nvkm_vgpu_mgr_gsp_wpr_meta(struct nvkm_device *device, GspFwWprMeta *meta)
{
}

static inline void
nvkm_vgpu_mgr_gsp_system_info(struct nvkm_device *device, GspSystemInfo *info)
{
}

static inline bool
nvkm_vgpu_mgr_gsp_rc_triggered(struct nvkm_device *device, const rpc_rc_triggered_v17_02 *msg)
{
	return false;
}
#endif
#endif
