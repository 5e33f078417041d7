/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * GSP-RM 535.113.01 interfaces of the vGPU manager that nouveau's nvrm
 * headers do not carry: the NV2080 VGPU_MGR_INTERNAL controls, the NVA081
 * type descriptor, the VMMU segment size query and the payload of the
 * VGPU_GSP_PLUGIN_TRIGGERED event.
 *
 * These are our own definitions of RM's layouts (field order, sizes and IDs
 * as in NVIDIA's open-gpu-kernel-modules 535.113.01; see
 * shared/reference/rm-vgpu-facts.md). RM builds them with natural alignment
 * on LP64; the padding is spelled out so that the layout is the same on
 * every architecture, and the asserts below pin sizes and offsets.
 * Nothing here may leave nvkm.
 */
#ifndef __NVKM_VGPU_MGR_RM_H__
#define __NVKM_VGPU_MGR_RM_H__
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* NV2080 (subdevice) controls */
#define NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE			0x2080017e
#define NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_BOOTLOAD_GSP_VGPU_PLUGIN_TASK	0x20804001
#define NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_SHUTDOWN_GSP_VGPU_PLUGIN_TASK	0x20804002
#define NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_PGPU_ADD_VGPU_TYPE		0x20804003
#define NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_VGPU_PLUGIN_CLEANUP		0x20804008

#define NV2080_CTRL_MAX_VMMU_SEGMENTS		384
#define NV2080_GPU_MAX_ENGINES			0x3e
#define NVA081_MAX_VGPU_TYPES_PER_PGPU		0x40
#define NVA081_VGPU_STRING_BUFFER_SIZE		32
#define NVA081_VGPU_SIGNATURE_SIZE		128
#define NVA081_EXTRA_PARAMETERS_SIZE		1024
#define NV_GRID_LICENSE_INFO_MAX_LENGTH		128
#define NVKM_RM_GPU_MAX_NAME_STRING_LENGTH	0x40	/* NV2080_GPU_MAX_NAME_STRING_LENGTH */

/* NV2080_CTRL_GPU_GET_VMMU_SEGMENT_SIZE_PARAMS */
struct nv2080_ctrl_gpu_get_vmmu_segment_size_params {
	u64 vmmu_segment_size;
};

/* NVA081_CTRL_VGPU_INFO: one vGPU type as physical RM knows it. */
struct nva081_ctrl_vgpu_info {
	u32 vgpu_type;
	u8 vgpu_name[NVA081_VGPU_STRING_BUFFER_SIZE];
	u8 vgpu_class[NVA081_VGPU_STRING_BUFFER_SIZE];
	u8 vgpu_signature[NVA081_VGPU_SIGNATURE_SIZE];
	u8 license[NV_GRID_LICENSE_INFO_MAX_LENGTH];
	u32 max_instance;
	u32 num_heads;
	u32 max_resolution_x;
	u32 max_resolution_y;
	u32 max_pixels;
	u32 frl_config;
	u32 cuda_enabled;
	u32 ecc_supported;
	u32 gpu_instance_size;
	u32 multi_vgpu_supported;
	u32 pad0;
	u64 vdev_id;
	u64 pdev_id;
	u64 profile_size;
	u64 fb_length;
	u64 gsp_heap_size;
	u64 fb_reservation;
	u64 mappable_video_size;
	u32 encoder_capacity;
	u32 pad1;
	u64 bar1_length;		/* MiB */
	u32 frl_enable;
	u8 adapter_name[NVKM_RM_GPU_MAX_NAME_STRING_LENGTH];
	u16 adapter_name_unicode[NVKM_RM_GPU_MAX_NAME_STRING_LENGTH];
	u8 short_gpu_name_string[NVKM_RM_GPU_MAX_NAME_STRING_LENGTH];
	u8 licensed_product_name[NV_GRID_LICENSE_INFO_MAX_LENGTH];
	u32 vgpu_extra_params[NVA081_EXTRA_PARAMETERS_SIZE];
	u32 ftrace_enable;
	u32 gpu_direct_supported;
	u32 nvlink_p2p_supported;
	u32 multi_vgpu_exclusive;
	u32 exclusive_type;
	u32 exclusive_size;
	u32 gpu_instance_profile_id;
};

/* NV2080_CTRL_VGPU_MGR_INTERNAL_PGPU_ADD_VGPU_TYPE_PARAMS */
struct nv2080_ctrl_vgpu_mgr_internal_pgpu_add_vgpu_type_params {
	u8 discard_vgpu_types;
	u8 pad0[3];
	u32 vgpu_info_count;
	struct nva081_ctrl_vgpu_info vgpu_info[NVA081_MAX_VGPU_TYPES_PER_PGPU];
};

/* NV2080_CTRL_VGPU_MGR_INTERNAL_BOOTLOAD_GSP_VGPU_PLUGIN_TASK_PARAMS */
struct nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params {
	u32 dbdf;
	u32 gfid;
	u32 vgpu_type;
	u32 vm_pid;
	u32 swizz_id;
	u32 num_channels;
	u32 num_plugin_channels;
	u32 chid_offset[NV2080_GPU_MAX_ENGINES];
	u8 disable_default_smc_exec_part_restore;
	u8 pad0[3];
	u32 num_guest_fb_segments;
	u32 pad1;
	u64 guest_fb_phys_addr_list[NV2080_CTRL_MAX_VMMU_SEGMENTS];
	u64 guest_fb_length_list[NV2080_CTRL_MAX_VMMU_SEGMENTS];
	u64 plugin_heap_memory_phys_addr;
	u64 plugin_heap_memory_length;
	u64 ctrl_buff_offset;
	u64 init_task_log_buff_offset;
	u64 init_task_log_buff_size;
	u64 vgpu_task_log_buff_offset;
	u64 vgpu_task_log_buff_size;
	u8 device_profiling_enabled;
	u8 pad2[7];
};

/*
 * NV2080_CTRL_VGPU_MGR_INTERNAL_SHUTDOWN_GSP_VGPU_PLUGIN_TASK_PARAMS and
 * NV2080_CTRL_VGPU_MGR_INTERNAL_VGPU_PLUGIN_CLEANUP_PARAMS
 */
struct nv2080_ctrl_vgpu_mgr_internal_gfid_params {
	u32 gfid;
};

/* rpc_vgpu_gsp_plugin_triggered: payload of NV_VGPU_MSG_EVENT_VGPU_GSP_PLUGIN_TRIGGERED */
struct nvkm_rm_vgpu_plugin_triggered {
	u32 gfid;
	u32 notify_index;
};

/* NVA084_NOTIFIERS_EVENT_*: notify_index of VGPU_GSP_PLUGIN_TRIGGERED */
#define NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_BOOTLOADED	0
#define NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_UNLOADED	1
#define NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_CRASHED		2
#define NVA084_NOTIFIERS_EVENT_GUEST_DRIVER_LOADED		3
#define NVA084_NOTIFIERS_EVENT_GUEST_DRIVER_UNLOADED		4
#define NVA084_NOTIFIERS_EVENT_PRINT_ERROR_MESSAGE		5
#define NVA084_NOTIFIERS_EVENT_GUEST_LICENSE_STATE_CHANGED	6

#define NVKM_RM_ASSERT_OFF(s, f, o) static_assert(offsetof(struct s, f) == (o))

static_assert(sizeof(struct nv2080_ctrl_gpu_get_vmmu_segment_size_params) == 8);

static_assert(sizeof(struct nva081_ctrl_vgpu_info) == 4952);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, vgpu_name, 4);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, vgpu_class, 36);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, vgpu_signature, 68);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, license, 196);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, max_instance, 324);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, frl_config, 344);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, multi_vgpu_supported, 360);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, vdev_id, 368);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, pdev_id, 376);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, profile_size, 384);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, fb_length, 392);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, gsp_heap_size, 400);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, fb_reservation, 408);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, mappable_video_size, 416);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, encoder_capacity, 424);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, bar1_length, 432);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, frl_enable, 440);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, adapter_name, 444);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, adapter_name_unicode, 508);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, short_gpu_name_string, 636);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, licensed_product_name, 700);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, vgpu_extra_params, 828);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, ftrace_enable, 4924);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, gpu_direct_supported, 4928);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, nvlink_p2p_supported, 4932);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, multi_vgpu_exclusive, 4936);
NVKM_RM_ASSERT_OFF(nva081_ctrl_vgpu_info, gpu_instance_profile_id, 4948);

static_assert(sizeof(struct nv2080_ctrl_vgpu_mgr_internal_pgpu_add_vgpu_type_params) == 316936);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_pgpu_add_vgpu_type_params, vgpu_info_count, 4);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_pgpu_add_vgpu_type_params, vgpu_info, 8);

static_assert(sizeof(struct nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params) ==
	      6496);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   gfid, 4);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   num_channels, 20);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   chid_offset, 28);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   disable_default_smc_exec_part_restore, 276);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   num_guest_fb_segments, 280);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   guest_fb_phys_addr_list, 288);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   guest_fb_length_list, 3360);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   plugin_heap_memory_phys_addr, 6432);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   ctrl_buff_offset, 6448);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   init_task_log_buff_offset, 6456);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   vgpu_task_log_buff_offset, 6472);
NVKM_RM_ASSERT_OFF(nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params,
		   device_profiling_enabled, 6488);

static_assert(sizeof(struct nv2080_ctrl_vgpu_mgr_internal_gfid_params) == 4);
static_assert(sizeof(struct nvkm_rm_vgpu_plugin_triggered) == 8);
NVKM_RM_ASSERT_OFF(nvkm_rm_vgpu_plugin_triggered, notify_index, 4);
#endif
