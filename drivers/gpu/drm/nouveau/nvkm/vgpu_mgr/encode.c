// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * Firmware-agnostic vGPU type descriptors (include/drm/nvkm_vgpu_mgr_vfio.h)
 * to GSP-RM 535's NVA081_CTRL_VGPU_INFO, as PGPU_ADD_VGPU_TYPE takes it.
 */
#include "priv.h"
#include "rm.h"

#include <kunit/visibility.h>

#include <linux/log2.h>
#include <linux/sizes.h>
#include <linux/string.h>

/**
 * nvkm_vgpu_type_encode - fill an NVA081_CTRL_VGPU_INFO
 * @type: a descriptor that passed nvkm_vgpu_type_check()
 * @info: the RM descriptor, overwritten entirely
 *
 * Fields the descriptor has no counterpart for stay zero: the type
 * signature, adapter and product names, the extra parameters and the MIG
 * fields. Assumption: multiVgpuExclusive is set for types that do not
 * allow several vGPUs per VM, as in the type blobs of NVIDIA's drivers.
 */
void
nvkm_vgpu_type_encode(const struct nvkm_vgpu_type *type, struct nva081_ctrl_vgpu_info *info)
{
	const bool multi = type->flags & NVKM_VGPU_TYPE_MULTI_VGPU;

	memset(info, 0, sizeof(*info));

	info->vgpu_type = type->id;
	strscpy_pad(info->vgpu_name, type->name, sizeof(info->vgpu_name));
	strscpy_pad(info->vgpu_class, type->class_name, sizeof(info->vgpu_class));
	strscpy_pad(info->license, type->license, sizeof(info->license));

	info->max_instance = type->max_instances;
	info->num_heads = type->num_heads;
	info->max_resolution_x = type->max_resolution_x;
	info->max_resolution_y = type->max_resolution_y;
	info->max_pixels = type->max_pixels;
	info->frl_config = type->frame_rate_limit;
	info->frl_enable = type->frame_rate_limit != 0;
	info->cuda_enabled = !!(type->flags & NVKM_VGPU_TYPE_CUDA);
	info->ecc_supported = !!(type->flags & NVKM_VGPU_TYPE_ECC);
	info->multi_vgpu_supported = multi;
	info->multi_vgpu_exclusive = !multi;
	info->gpu_direct_supported = !!(type->flags & NVKM_VGPU_TYPE_GPUDIRECT);
	info->nvlink_p2p_supported = !!(type->flags & NVKM_VGPU_TYPE_P2P);

	info->vdev_id = (u64)type->vf_device_id << 16 | type->vf_subsystem_id;
	info->pdev_id = type->pf_device_id;

	info->profile_size = type->fb_size;
	info->fb_length = type->fb_size;
	info->gsp_heap_size = type->mgmt_heap_size;
	info->fb_reservation = type->fb_reservation;
	info->mappable_video_size = type->mappable_fb_size;
	info->encoder_capacity = type->encoder_capacity;
	info->bar1_length = type->bar1_size >> ilog2(SZ_1M);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_type_encode);
