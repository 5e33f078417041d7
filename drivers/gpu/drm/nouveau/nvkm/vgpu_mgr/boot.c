// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * What GSP-RM has to be told at boot for vGPUs: how many VF partitions to
 * carve from its WPR heap, how large that heap must be, and where the VFs
 * are on PCI. Pure functions of their inputs, so that KUnit can check them.
 */
#include "priv.h"

#include <kunit/visibility.h>

#include <nvrm/nvtypes.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/gsp/gsp_static_config.h>

#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/string.h>

/*
 * Host RM (open-gpu-kernel-modules 535.113.01) boots GSP-RM for vGPU with
 * MAX_PARTITIONS_WITH_GFID (32) VF partitions in a WPR heap of
 * GSP_FW_HEAP_SIZE_VGPU_DEFAULT (549 MiB), whatever the number of VFs
 * (shared/reference/rm-vgpu-facts.md §4.3). The per-partition cost is not
 * published; these two numbers and nouveau's bare-metal heap (no partition)
 * are the known points.
 */
#define NVKM_VGPU_MGR_MAX_PARTITIONS	32
#define NVKM_VGPU_MGR_HEAP_SIZE_MAX	(549ULL * SZ_1M)

/**
 * nvkm_vgpu_mgr_partitions - VF partitions to boot GSP-RM with
 * @total_vfs: SR-IOV TotalVFs of the PF
 *
 * One partition per VF, at most as many as GSP-RM supports: vGPUs can then
 * exist on VFs 0 to the returned number - 1 (GFID 1 to the number).
 *
 * Return: the number of partitions.
 */
u32
nvkm_vgpu_mgr_partitions(u32 total_vfs)
{
	return min_t(u32, total_vfs, NVKM_VGPU_MGR_MAX_PARTITIONS);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_partitions);

/**
 * nvkm_vgpu_mgr_heap_size - size of GSP-RM's WPR heap with VF partitions
 * @heap_size: the heap nouveau gives GSP-RM without vGPU support
 * @partitions: VF partitions, from nvkm_vgpu_mgr_partitions()
 *
 * Interpolates linearly between the bare-metal heap (no partition) and host
 * RM's heap for 32 partitions, so that a PF with all 32 VFs gets exactly
 * what NVIDIA's driver reserves, and fewer VFs cost proportionally less.
 * The result is a multiple of 1 MiB and never below @heap_size.
 *
 * Return: the heap size in bytes.
 */
u64
nvkm_vgpu_mgr_heap_size(u64 heap_size, u32 partitions)
{
	u64 extra;

	partitions = min_t(u32, partitions, NVKM_VGPU_MGR_MAX_PARTITIONS);
	if (!partitions || heap_size >= NVKM_VGPU_MGR_HEAP_SIZE_MAX)
		return heap_size;

	extra = div_u64((NVKM_VGPU_MGR_HEAP_SIZE_MAX - heap_size) * partitions,
			NVKM_VGPU_MGR_MAX_PARTITIONS);
	return ALIGN(heap_size + extra, SZ_1M);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_heap_size);

/**
 * nvkm_vgpu_mgr_vf_info_fill - build GSP_VF_INFO from the PCI core's data
 * @sriov: SR-IOV facts of the PF (total VFs, VF offset, VF BARs)
 * @info: the GSP_VF_INFO of GSP_SET_SYSTEM_INFO to fill
 *
 * FirstVFBar1Address and FirstVFBar2Address are RM's names for the VF's
 * BAR1 and BAR3 (the second and third memory BAR, each 64-bit on NVIDIA
 * GPUs). The 64-bit flags come from the resource flags, as host RM reads
 * them from the SR-IOV capability.
 *
 * Return: 0, or -EINVAL (with @info zeroed) if there are no VFs or a VF BAR
 * is not assigned.
 */
int
nvkm_vgpu_mgr_vf_info_fill(const struct nvkm_vgpu_sriov *sriov, struct GSP_VF_INFO *info)
{
	memset(info, 0, sizeof(*info));

	if (!sriov->total_vfs || !sriov->vf_offset)
		return -EINVAL;
	for (int i = 0; i < ARRAY_SIZE(sriov->bar); i++) {
		if (!sriov->bar[i].addr)
			return -EINVAL;
	}

	info->totalVFs = sriov->total_vfs;
	info->firstVFOffset = sriov->vf_offset;
	info->FirstVFBar0Address = sriov->bar[0].addr;
	info->FirstVFBar1Address = sriov->bar[1].addr;
	info->FirstVFBar2Address = sriov->bar[2].addr;
	info->b64bitBar0 = sriov->bar[0].is_64bit;
	info->b64bitBar1 = sriov->bar[1].is_64bit;
	info->b64bitBar2 = sriov->bar[2].is_64bit;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_vf_info_fill);
