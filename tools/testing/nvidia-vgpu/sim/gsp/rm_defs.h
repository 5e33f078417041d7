/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim: wire formats of GSP-RM 535.113.01 as the simulated GSP sees them.
 *
 * Our own definitions. Field order, sizes and IDs follow the r535
 * interface; every struct is checked against nouveau's headers
 * (include/nvrm/535.113.01/...) or against the tables in
 * rm-vgpu-facts.md by sim/tests/layout_test.c. Comments name the
 * authoritative struct ("[NV] <header>: <struct>" = nouveau 6.12 copy,
 * "[facts §n]" = rm-vgpu-facts.md section).
 *
 * All structs are little-endian, natural alignment, no packing
 * (NV_DECLARE_ALIGNED(x, 8) equals natural u64 alignment on LP64).
 */
#ifndef NVSIM_RM_DEFS_H
#define NVSIM_RM_DEFS_H

#include <stdint.h>

#define NVSIM_PAGE_SIZE		0x1000u
#define NVSIM_PAGE_SHIFT	12

/* ---------------------------------------------------------------------
 * Boot arguments
 */

/* [NV] common/uproc/os/common/include/libos_init_args.h:
 * LibosMemoryRegionInitArgument (32 bytes with tail padding). */
struct nvsim_libos_region {
	uint64_t id8;		/* name packed big-endian into a u64 */
	uint64_t pa;
	uint64_t size;
	uint8_t kind;		/* 1 = CONTIGUOUS, 2 = RADIX3 */
	uint8_t loc;		/* 1 = SYSMEM, 2 = FB */
};

#define NVSIM_LIBOS_KIND_CONTIGUOUS	1
#define NVSIM_LIBOS_LOC_SYSMEM		1
/* r535_gsp_libos_id8("RMARGS"): chars shifted in from the right. */
#define NVSIM_LIBOS_ID8_RMARGS		0x0000524d41524753ull

/* [NV] nvidia/inc/kernel/gpu/gsp/gsp_init_args.h: MESSAGE_QUEUE_INIT_ARGUMENTS */
struct nvsim_mq_init_args {
	uint64_t shared_mem_phys_addr;	/* bus address of the PTE array */
	uint32_t pte_count;		/* pageTableEntryCount */
	uint64_t cmdq_offset;		/* cmdQueueOffset */
	uint64_t statq_offset;		/* statQueueOffset */
	uint64_t lockless_cmdq_offset;
	uint64_t lockless_statq_offset;
};

/* [NV] gsp_init_args.h: GSP_SR_INIT_ARGUMENTS */
struct nvsim_sr_init_args {
	uint32_t old_level;
	uint32_t flags;
	uint8_t in_pm_transition;	/* bInPMTransition: resume from suspend */
};

/* [NV] gsp_init_args.h: GSP_ARGUMENTS_CACHED (80 bytes) */
struct nvsim_gsp_args {
	struct nvsim_mq_init_args mq;
	struct nvsim_sr_init_args sr;
	uint32_t gpu_instance;
	uint64_t profiler_pa;
	uint64_t profiler_size;
};

/* [NV] nvidia/arch/nvalloc/common/inc/gsp/gsp_fw_wpr_meta.h: GspFwWprMeta
 * (256 bytes). The unions are flattened to the members the first boot
 * uses (sysmemAddrOfSignature/sizeOfSignature, partitionRpc*). */
struct nvsim_wpr_meta {
	uint64_t magic;
	uint64_t revision;
	uint64_t sysmem_addr_radix3_elf;
	uint64_t size_radix3_elf;
	uint64_t sysmem_addr_bootloader;
	uint64_t size_bootloader;
	uint64_t bootloader_code_offset;
	uint64_t bootloader_data_offset;
	uint64_t bootloader_manifest_offset;
	uint64_t sysmem_addr_signature;
	uint64_t size_signature;
	uint64_t gsp_fw_rsvd_start;
	uint64_t non_wpr_heap_offset;
	uint64_t non_wpr_heap_size;
	uint64_t gsp_fw_wpr_start;
	uint64_t gsp_fw_heap_offset;
	uint64_t gsp_fw_heap_size;
	uint64_t gsp_fw_offset;
	uint64_t boot_bin_offset;
	uint64_t frts_offset;
	uint64_t frts_size;
	uint64_t gsp_fw_wpr_end;
	uint64_t fb_size;
	uint64_t vga_workspace_offset;
	uint64_t vga_workspace_size;
	uint64_t boot_count;
	uint64_t partition_rpc_addr;
	uint16_t partition_rpc_request_offset;
	uint16_t partition_rpc_reply_offset;
	uint32_t elf_code_offset;
	uint32_t elf_data_offset;
	uint32_t elf_code_size;
	uint32_t elf_data_size;
	uint32_t ls_ucode_version;
	uint8_t gsp_fw_heap_vf_partition_count;
	uint8_t padding[7];
	uint64_t verified;
};

#define NVSIM_WPR_META_MAGIC	0xdc3aae21371a60b3ull	/* GSP_FW_WPR_META_MAGIC */
#define NVSIM_WPR_META_REVISION	1			/* GSP_FW_WPR_META_REVISION */

/* ---------------------------------------------------------------------
 * Message queues ([NV] common/shared/msgq/inc/msgq/msgq_priv.h,
 * r535_gsp_shared_init(), [facts §6.4])
 */

struct nvsim_msgq_tx_hdr {
	uint32_t version;
	uint32_t size;
	uint32_t msg_size;
	uint32_t msg_count;
	uint32_t write_ptr;
	uint32_t flags;
	uint32_t rx_hdr_off;
	uint32_t entry_off;
};

struct nvsim_msgq_rx_hdr {
	uint32_t read_ptr;
};

/* GSP_MSG_QUEUE_ELEMENT header ([facts §6.3], r535.c struct r535_gsp_msg) */
struct nvsim_qelem_hdr {
	uint8_t auth_tag[16];
	uint8_t aad[16];
	uint32_t checksum;
	uint32_t seq_num;
	uint32_t elem_count;
	uint32_t pad;
};

/* rpc_message_header_v03_00 ([facts §6.3]) */
struct nvsim_rpc_hdr {
	uint32_t header_version;
	uint32_t signature;
	uint32_t length;	/* header + payload */
	uint32_t function;
	uint32_t rpc_result;
	uint32_t rpc_result_private;
	uint32_t sequence;
	uint32_t cpu_rm_gfid;	/* union spare / cpuRmGfid */
};

#define NVSIM_RPC_HDR_VERSION		0x03000000u
#define NVSIM_RPC_SIGNATURE		0x43505256u	/* 'C' 'P' 'R' 'V' */
#define NVSIM_MSG_MAX_ELEMS		16u
#define NVSIM_MSG_MAX_SIZE		(NVSIM_MSG_MAX_ELEMS * NVSIM_PAGE_SIZE)
/* r535_gsp_rpc_push(): max_msg_size / max_rpc_size */
#define NVSIM_RPC_MAX_LEN		(NVSIM_MSG_MAX_SIZE - (uint32_t)sizeof(struct nvsim_qelem_hdr))
#define NVSIM_RPC_MAX_PAYLOAD		(NVSIM_RPC_MAX_LEN - (uint32_t)sizeof(struct nvsim_rpc_hdr))

/* NV_VGPU_MSG_FUNCTION_* ([NV] nvidia/kernel/inc/vgpu/rpc_global_enums.h) */
#define NVSIM_FN_ALLOC_MEMORY		4
#define NVSIM_FN_FREE			10
#define NVSIM_FN_UNLOADING_GUEST_DRIVER	47
#define NVSIM_FN_GET_GSP_STATIC_INFO	65
#define NVSIM_FN_UPDATE_BAR_PDE		70
#define NVSIM_FN_CONTINUATION_RECORD	71
#define NVSIM_FN_GSP_SET_SYSTEM_INFO	72
#define NVSIM_FN_SET_REGISTRY		73
#define NVSIM_FN_GSP_RM_CONTROL		76
#define NVSIM_FN_GSP_RM_ALLOC		103

/* NV_VGPU_MSG_EVENT_* (same header) */
#define NVSIM_EV_GSP_INIT_DONE		0x1001
#define NVSIM_EV_RC_TRIGGERED		0x1004
#define NVSIM_EV_MMU_FAULT_QUEUED	0x1005
#define NVSIM_EV_OS_ERROR_LOG		0x1006
#define NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED 0x100d

/* ---------------------------------------------------------------------
 * Status codes ([facts §8])
 */
#define NV_OK				0x00000000u
#define NV_ERR_BUFFER_TOO_SMALL		0x00000002u
#define NV_ERR_ILLEGAL_ACTION		0x00000016u
#define NV_ERR_IN_USE			0x00000017u
#define NV_ERR_INSERT_DUPLICATE_NAME	0x00000019u
#define NV_ERR_INSUFFICIENT_RESOURCES	0x0000001Au
#define NV_ERR_INSUFFICIENT_PERMISSIONS	0x0000001Bu
#define NV_ERR_INVALID_ADDRESS		0x0000001Eu
#define NV_ERR_INVALID_ARGUMENT		0x0000001Fu
#define NV_ERR_INVALID_CLASS		0x00000022u
#define NV_ERR_INVALID_CLIENT		0x00000023u
#define NV_ERR_INVALID_COMMAND		0x00000024u
#define NV_ERR_INVALID_DATA		0x00000025u
#define NV_ERR_INVALID_LIMIT		0x0000002Eu
#define NV_ERR_INVALID_OBJECT		0x00000031u
#define NV_ERR_INVALID_OBJECT_HANDLE	0x00000033u
#define NV_ERR_INVALID_OBJECT_PARENT	0x00000036u
#define NV_ERR_INVALID_PARAM_STRUCT	0x0000003Au
#define NV_ERR_INVALID_STATE		0x00000040u
#define NV_ERR_NO_MEMORY		0x00000051u
#define NV_ERR_NOT_READY		0x00000055u
#define NV_ERR_NOT_SUPPORTED		0x00000056u
#define NV_ERR_OBJECT_NOT_FOUND		0x00000057u
#define NV_ERR_STATE_IN_USE		0x00000063u
#define NV_ERR_GENERIC			0x0000FFFFu
/* rpc_result codes above the NV_STATUS range ([facts §8]) */
#define NV_VGPU_MSG_RESULT_UNKNOWN_FUNCTION	0xFF100001u
#define NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT 0xFF100002u
#define NV_VGPU_MSG_RESULT_HANDLE_NOT_FOUND	0xFF100003u

/* ---------------------------------------------------------------------
 * RPC payloads ([NV] nvidia/generated/g_rpc-structures.h, g_sdk-structures.h)
 */

/* rpc_gsp_rm_alloc_v03_00 */
struct nvsim_rpc_alloc {
	uint32_t h_client;
	uint32_t h_parent;
	uint32_t h_object;
	uint32_t h_class;
	uint32_t status;
	uint32_t params_size;
	uint32_t flags;
	uint8_t reserved[4];
	/* uint8_t params[]; */
};

/* rpc_gsp_rm_control_v03_00 */
struct nvsim_rpc_ctrl {
	uint32_t h_client;
	uint32_t h_object;
	uint32_t cmd;
	uint32_t status;
	uint32_t params_size;
	uint32_t flags;
	/* uint8_t params[]; */
};

/* rpc_free_v03_00 = NVOS00_PARAMETERS_v03_00 */
struct nvsim_rpc_free {
	uint32_t h_root;
	uint32_t h_object_parent;
	uint32_t h_object_old;
	uint32_t status;
};

/* rpc_update_bar_pde_v15_00 = UpdateBarPde_v15_00 */
struct nvsim_rpc_update_bar_pde {
	uint32_t bar_type;		/* NV_RPC_UPDATE_PDE_BAR_TYPE */
	uint64_t entry_value;
	uint64_t entry_level_shift;
};
#define NVSIM_PDE_BAR_1		0
#define NVSIM_PDE_BAR_2		1

/* rpc_unloading_guest_driver_v1F_07 */
struct nvsim_rpc_unloading {
	uint8_t in_pm_transition;
	uint8_t gc6_entering;
	uint32_t new_level;
};

/* rpc_rc_triggered_v17_02 */
struct nvsim_rpc_rc_triggered {
	uint32_t nv2080_engine_type;
	uint32_t chid;
	uint32_t except_type;
	uint32_t scope;
	uint16_t partition_attribution_id;
};

/* rpc_os_error_log_v17_00 */
struct nvsim_rpc_os_error_log {
	uint32_t except_type;
	uint32_t runlist_id;
	uint32_t chid;
	char err_string[0x100];
};

/* rpc_init_done {not_used} ([facts §6.2]) */
struct nvsim_rpc_init_done {
	uint32_t not_used;
};

/* VGPU_GSP_PLUGIN_TRIGGERED payload ([facts §6.2]) */
struct nvsim_rpc_plugin_triggered {
	uint32_t gfid;
	uint32_t notify_index;
};
/* NVA084_NOTIFIERS_EVENT_* ([facts §6.2]) */
#define NVSIM_A084_NOTIFY_BOOTLOADED	0
#define NVSIM_A084_NOTIFY_UNLOADED	1
#define NVSIM_A084_NOTIFY_CRASHED	2
/* assumption: simulator-only index signalling "mailbox reply ready",
 * sent only with nvsim_gsp_set_mailbox_notify (test-only, default off);
 * real firmware's indices stop at 6. See README. */
#define NVSIM_A084_NOTIFY_MAILBOX_REPLY	7

/* [NV] nvidia/generated/g_os_nvoc.h: PACKED_REGISTRY_ENTRY / _TABLE */
struct nvsim_reg_entry {
	uint32_t name_offset;
	uint8_t type;
	uint32_t data;
	uint32_t length;
};

struct nvsim_reg_table {
	uint32_t size;
	uint32_t num_entries;
	/* struct nvsim_reg_entry entries[]; */
};
#define NVSIM_REG_TYPE_DWORD	1
#define NVSIM_REG_TYPE_BINARY	2
#define NVSIM_REG_TYPE_STRING	3

/* ---------------------------------------------------------------------
 * GspSystemInfo ([NV] nvidia/inc/kernel/gpu/gsp/gsp_static_config.h,
 * [facts §4])
 */

/* GSP_VF_INFO (40 bytes) */
struct nvsim_vf_info {
	uint32_t total_vfs;
	uint32_t first_vf_offset;
	uint64_t first_vf_bar0;
	uint64_t first_vf_bar1;
	uint64_t first_vf_bar2;
	uint8_t bar0_64bit;
	uint8_t bar1_64bit;
	uint8_t bar2_64bit;
};

/* [NV] nvidia/generated/g_chipset_nvoc.h: BUSINFO (10 bytes) */
struct nvsim_businfo {
	uint16_t device_id;
	uint16_t vendor_id;
	uint16_t subdevice_id;
	uint16_t subvendor_id;
	uint8_t revision_id;
};

#define NVSIM_ACPI_METHOD_DATA_SIZE	484	/* ACPI_METHOD_DATA, opaque here */

/* GspSystemInfo (664 bytes) */
struct nvsim_system_info {
	uint64_t gpu_phys_addr;
	uint64_t gpu_phys_fb_addr;
	uint64_t gpu_phys_inst_addr;
	uint64_t nv_domain_bus_device_func;
	uint64_t sim_access_buf_phys_addr;
	uint64_t pcie_atomics_op_mask;
	uint64_t console_mem_size;
	uint64_t max_user_va;
	uint32_t pci_config_mirror_base;
	uint32_t pci_config_mirror_size;
	uint8_t oor_arch;
	uint64_t cl_pdb_properties;
	uint32_t chipset;
	uint8_t gpu_behind_bridge;
	uint8_t mnoc_available;
	uint8_t upstream_l0s_unsupported;
	uint8_t upstream_l1_unsupported;
	uint8_t upstream_l1_por_supported;
	uint8_t upstream_l1_por_mobile_only;
	uint8_t upstream_address_valid;
	struct nvsim_businfo fhb_bus_info;
	struct nvsim_businfo chipset_id_info;
	uint32_t acpi_method_data[NVSIM_ACPI_METHOD_DATA_SIZE / 4];
	uint32_t hypervisor_type;
	uint8_t is_passthru;
	uint64_t sys_timer_offset_ns;
	struct nvsim_vf_info vf_info;
};

/* ---------------------------------------------------------------------
 * GspStaticConfigInfo ([NV] gsp_static_config.h, 2168 bytes)
 */

/* NV2080_CTRL_CMD_FB_GET_FB_REGION_FB_REGION_INFO (48 bytes) */
struct nvsim_fb_region {
	uint64_t base;
	uint64_t limit;
	uint64_t reserved;
	uint32_t performance;
	uint8_t support_compressed;
	uint8_t support_iso;
	uint8_t protected_;	/* bProtected */
	uint8_t black_list[17];
};

#define NVSIM_MAX_FB_REGIONS	16
/* NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS (776 bytes) */
struct nvsim_fb_region_info {
	uint32_t num_regions;
	struct nvsim_fb_region region[NVSIM_MAX_FB_REGIONS];
};

/* NV0080_CTRL_GPU_GET_SRIOV_CAPS_PARAMS (72 bytes) */
struct nvsim_sriov_caps {
	uint32_t total_vfs;
	uint32_t first_vf_offset;
	uint32_t vf_feature_mask;
	uint64_t first_vf_bar0;
	uint64_t first_vf_bar1;
	uint64_t first_vf_bar2;
	uint64_t bar0_size;
	uint64_t bar1_size;
	uint64_t bar2_size;
	uint8_t bar0_64bit;
	uint8_t bar1_64bit;
	uint8_t bar2_64bit;
	uint8_t sriov_enabled;
	uint8_t sriov_heavy_enabled;
	uint8_t emulate_vf_bar0_tlb_inval;
	uint8_t client_rm_allocated_ctx_buffer;
};

/* NV2080_CTRL_GPU_GET_FERMI_TPC_INFO_PARAMS / _ZCULL_INFO_PARAMS */
struct nvsim_gpc_mask_pair {
	uint32_t gpc_id;
	uint32_t mask;
};

#define NVSIM_MAX_GPC_COUNT	32	/* MAX_GPC_COUNT (rpc_headers.h) */

struct nvsim_static_info {
	uint8_t gr_caps_bits[23];		/* NV0080_CTRL_GR_CAPS_TBL_SIZE */
	struct {				/* NV2080_CTRL_GPU_GET_GID_INFO_PARAMS */
		uint32_t index;
		uint32_t flags;
		uint32_t length;
		uint8_t data[256];
	} gid_info;
	uint32_t gpc_mask;			/* gpcInfo */
	struct nvsim_gpc_mask_pair tpc_info[NVSIM_MAX_GPC_COUNT];
	struct nvsim_gpc_mask_pair zcull_info[NVSIM_MAX_GPC_COUNT];
	struct {				/* NV2080_CTRL_BIOS_GET_SKU_INFO_PARAMS */
		uint32_t board_id;
		char chip_sku[4];
		char chip_sku_mod[2];
		char project[5];
		char project_sku[5];
		char cdp[6];
		char project_sku_mod[2];
		uint32_t business_cycle;
	} sku_info;
	struct nvsim_fb_region_info fb_region_info;
	uint32_t compute_branding;
	struct nvsim_sriov_caps sriov_caps;
	uint32_t sriov_max_gfid;
	uint32_t engine_caps[2];		/* NVGPU_ENGINE_CAPS_MASK_ARRAY_MAX */
	struct {				/* GspSMInfo */
		uint32_t version;
		uint32_t reg_bank_count;
		uint32_t reg_bank_reg_count;
		uint32_t max_warps_per_sm;
		uint32_t max_threads_per_warp;
		uint32_t geom_gs_obuf_entries;
		uint32_t geom_xbuf_entries;
		uint32_t max_sp_per_sm;
		uint32_t rt_core_count;
	} sm_info;
	uint8_t poison_fuse_enabled;
	uint64_t fb_length;
	uint32_t fbio_mask;
	uint32_t fb_bus_width;
	uint32_t fb_ram_type;
	uint32_t fbp_mask;
	uint32_t l2_cache_size;
	uint32_t gfxp_buffer_size[5];
	uint32_t gfxp_buffer_alignment[5];
	uint8_t gpu_name_string[64];
	uint8_t gpu_short_name_string[64];
	uint16_t gpu_name_string_unicode[64];
	uint8_t gpu_internal_sku;
	uint8_t is_quadro_generic;
	uint8_t is_quadro_ad;
	uint8_t is_nvidia_nvs;
	uint8_t is_vgx;
	uint8_t geforce_smb;
	uint8_t is_titan;
	uint8_t is_tesla;
	uint8_t is_mobile;
	uint8_t is_gc6_rtd3_allowed;
	uint8_t is_gcoff_rtd3_allowed;
	uint8_t is_gcoff_legacy_allowed;
	uint64_t bar1_pde_base;
	uint64_t bar2_pde_base;
	uint8_t vbios_valid;
	uint32_t vbios_sub_vendor;
	uint32_t vbios_sub_device;
	uint8_t page_retirement_supported;
	uint8_t split_vas_between_server_client_rm;
	uint8_t cl_rootport_needs_nosnoop_war;
	struct {				/* VIRTUAL_DISPLAY_GET_NUM_HEADS_PARAMS */
		uint32_t num_heads;
		uint32_t max_num_heads;
	} displayless_max_heads;
	struct {				/* VIRTUAL_DISPLAY_GET_MAX_RESOLUTION_PARAMS */
		uint32_t head_index;
		uint32_t max_h_resolution;
		uint32_t max_v_resolution;
	} displayless_max_resolution;
	uint64_t displayless_max_pixels;
	uint32_t h_internal_client;
	uint32_t h_internal_device;
	uint32_t h_internal_subdevice;
	uint8_t self_hosted_mode;
	uint8_t ats_supported;
	uint8_t is_gpu_uefi;
};

/* ---------------------------------------------------------------------
 * Classes ([facts §7], [NV] class/cl*.h, g_allclasses.h)
 */
#define NVSIM_CLASS_ROOT		0x0000	/* NV01_ROOT */
#define NVSIM_CLASS_ROOT_NON_PRIV	0x0001
#define NVSIM_CLASS_ROOT_CLIENT		0x0041
#define NVSIM_CLASS_EVENT		0x0005	/* NV01_EVENT */
#define NVSIM_CLASS_EVENT_OS_EVENT	0x0079	/* NV01_EVENT_OS_EVENT */
#define NVSIM_CLASS_EVENT_KERNEL_CALLBACK_EX 0x007e
#define NVSIM_CLASS_DEVICE		0x0080	/* NV01_DEVICE_0 */
#define NVSIM_CLASS_SUBDEVICE		0x2080	/* NV20_SUBDEVICE_0 */
#define NVSIM_CLASS_VASPACE		0x90f1	/* FERMI_VASPACE_A */

/* [NV] class/cl0000.h: NV0000_ALLOC_PARAMETERS (108 bytes) */
struct nvsim_alloc_root {
	uint32_t h_client;
	uint32_t process_id;
	char process_name[100];		/* NV_PROC_NAME_MAX_LENGTH */
};

/* [NV] class/cl0080.h: NV0080_ALLOC_PARAMETERS (56 bytes) */
struct nvsim_alloc_device {
	uint32_t device_id;
	uint32_t h_client_share;
	uint32_t h_target_client;
	uint32_t h_target_device;
	uint32_t flags;
	uint64_t va_space_size;
	uint64_t va_start_internal;
	uint64_t va_limit_internal;
	uint32_t va_mode;
};

/* [NV] class/cl2080.h: NV2080_ALLOC_PARAMETERS (4 bytes) */
struct nvsim_alloc_subdevice {
	uint32_t subdevice_id;
};

/* [NV] class/cl0005.h: NV0005_ALLOC_PARAMETERS (24 bytes) */
struct nvsim_alloc_event {
	uint32_t h_parent_client;
	uint32_t h_src_resource;
	uint32_t h_class;
	uint32_t notify_index;
	uint64_t data;			/* NvP64 */
};
#define NVSIM_EVENT_CLIENT_RM		0x04000000u	/* NV01_EVENT_CLIENT_RM */
#define NVSIM_2080_NOTIFIERS_MAXCOUNT	0xb0u		/* assumption: bound for event ids */

/* [NV] nvos.h: NV_VASPACE_ALLOCATION_PARAMETERS (48 bytes) */
struct nvsim_alloc_vaspace {
	uint32_t index;
	uint32_t flags;
	uint64_t va_size;
	uint64_t va_start_internal;
	uint64_t va_limit_internal;
	uint32_t big_page_size;
	uint64_t va_base;
};

/* ---------------------------------------------------------------------
 * Controls served (IDs: [NV] common/sdk/nvidia/inc/ctrl, [facts §1, §3, §6.5])
 */
#define NVSIM_CTRL_EVENT_SET_NOTIFICATION	0x20800301u
#define NVSIM_CTRL_INTR_GET_KERNEL_TABLE	0x20800a5cu
#define NVSIM_CTRL_GET_CONSTRUCTED_FALCON_INFO	0x20800a42u
#define NVSIM_CTRL_FIFO_GET_DEVICE_INFO_TABLE	0x20801112u
#define NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE 0x20802a08u
#define NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE	0x2080017eu
#define NVSIM_CTRL_GSP_GET_FEATURES		0x20803601u
#define NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES 0x90f10106u
#define NVSIM_CTRL_VGPU_BOOTLOAD		0x20804001u
#define NVSIM_CTRL_VGPU_SHUTDOWN		0x20804002u
#define NVSIM_CTRL_VGPU_ADD_TYPE		0x20804003u
#define NVSIM_CTRL_VGPU_ENUMERATE		0x20804004u
#define NVSIM_CTRL_VGPU_CLEAR_GUEST_VM_INFO	0x20804005u
#define NVSIM_CTRL_VGPU_GET_FB_USAGE		0x20804006u
#define NVSIM_CTRL_VGPU_SET_ENCODER_CAPACITY	0x20804007u
#define NVSIM_CTRL_VGPU_PLUGIN_CLEANUP		0x20804008u

/* NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS (20 bytes) */
struct nvsim_ctrl_event_set_notification {
	uint32_t event;
	uint32_t action;
	uint8_t notify_state;
	uint32_t info32;
	uint16_t info16;
};
#define NVSIM_EVENT_ACTION_DISABLE	0
#define NVSIM_EVENT_ACTION_SINGLE	1
#define NVSIM_EVENT_ACTION_REPEAT	2

/* NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_* (2068 bytes) */
struct nvsim_intr_table_entry {
	uint16_t engine_idx;
	uint32_t pmc_intr_mask;
	uint32_t vector_stall;
	uint32_t vector_nonstall;
};
#define NVSIM_INTR_MAX_TABLE_SIZE	128
struct nvsim_ctrl_intr_table {
	uint32_t table_len;
	struct nvsim_intr_table_entry table[NVSIM_INTR_MAX_TABLE_SIZE];
	struct {
		uint8_t subtree_start;
		uint8_t subtree_end;
	} subtree_map[7];
};
#define NVSIM_MC_ENGINE_IDX_GSP		49	/* [NV] gpu/intr/engine_idx.h */

/* NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS (1284 bytes) */
struct nvsim_ctrl_falcon_info {
	uint32_t num_falcons;
	struct {
		uint32_t eng_desc;
		uint32_t ctx_attr;
		uint32_t ctx_buffer_size;
		uint32_t addr_space_list;
		uint32_t register_base;
	} falcon[64];
};

/* NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS (3212 bytes) */
struct nvsim_fifo_device_entry {
	uint32_t engine_data[16];
	uint32_t pbdma_ids[2];
	uint32_t pbdma_fault_ids[2];
	uint32_t num_pbdmas;
	char engine_name[16];
};
struct nvsim_ctrl_fifo_device_info {
	uint32_t base_index;
	uint32_t num_entries;
	uint8_t more;
	struct nvsim_fifo_device_entry entries[32];
};

/* NV2080_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE_PARAMS */
struct nvsim_ctrl_ce_fault_mthd_size {
	uint32_t size;
};

/* NV2080_CTRL_GPU_GET_VMMU_SEGMENT_SIZE_PARAMS ([facts §3]) */
struct nvsim_ctrl_vmmu_segment_size {
	uint64_t vmmu_segment_size;
};

/* NV2080_CTRL_GSP_GET_FEATURES_PARAMS ([facts §6.5], 72 bytes) */
struct nvsim_ctrl_gsp_features {
	uint32_t gsp_features;
	uint8_t valid;
	uint8_t default_gsp_rm_gpu;
	uint8_t firmware_version[64];
};

/* NV90F1_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES_PARAMS (184 bytes) */
#define NVSIM_GMMU_FMT_MAX_LEVELS	6
struct nvsim_ctrl_copy_rsvd_pdes {
	uint32_t h_subdevice;
	uint32_t subdevice_id;
	uint64_t page_size;
	uint64_t virt_addr_lo;
	uint64_t virt_addr_hi;
	uint32_t num_levels_to_copy;
	struct {
		uint64_t phys_address;
		uint64_t size;
		uint32_t aperture;
		uint8_t page_shift;
	} levels[NVSIM_GMMU_FMT_MAX_LEVELS];
};

/* ---------------------------------------------------------------------
 * vGPU manager controls ([facts §1, §2])
 */
#define NVSIM_MAX_VMMU_SEGMENTS		384	/* NV2080_CTRL_MAX_VMMU_SEGMENTS */
#define NVSIM_GPU_MAX_ENGINES		62	/* NV2080_GPU_MAX_ENGINES */
#define NVSIM_MAX_VGPU_TYPES		64	/* NVA081_MAX_VGPU_TYPES_PER_PGPU */
#define NVSIM_MAX_VGPU_PER_PGPU		32	/* NVA081_MAX_VGPU_PER_PGPU */
#define NVSIM_ENGINE_TYPE_GR0		1	/* NV2080_ENGINE_TYPE_GR0 */
#define NVSIM_ENGINE_TYPE_COPY0		9	/* NV2080_ENGINE_TYPE_COPY0 */

/* ..._BOOTLOAD_GSP_VGPU_PLUGIN_TASK_PARAMS (6496 bytes, [facts §1.1]) */
struct nvsim_ctrl_bootload {
	uint32_t dbdf;
	uint32_t gfid;
	uint32_t vgpu_type;
	uint32_t vm_pid;
	uint32_t swizz_id;
	uint32_t num_channels;
	uint32_t num_plugin_channels;
	uint32_t chid_offset[NVSIM_GPU_MAX_ENGINES];
	uint8_t disable_default_smc_exec_part_restore;
	uint32_t num_guest_fb_segments;
	uint64_t guest_fb_phys_addr[NVSIM_MAX_VMMU_SEGMENTS];
	uint64_t guest_fb_length[NVSIM_MAX_VMMU_SEGMENTS];
	uint64_t plugin_heap_phys_addr;
	uint64_t plugin_heap_length;
	uint64_t ctrl_buff_offset;
	uint64_t init_task_log_buff_offset;
	uint64_t init_task_log_buff_size;
	uint64_t vgpu_task_log_buff_offset;
	uint64_t vgpu_task_log_buff_size;
	uint8_t device_profiling_enabled;
};

/* SHUTDOWN / CLEANUP / CLEAR_GUEST_VM_INFO params: {gfid} */
struct nvsim_ctrl_gfid {
	uint32_t gfid;
};

/* NVA081_CTRL_VGPU_INFO (4952 bytes, [facts §2.1]) */
struct nvsim_vgpu_type_info {
	uint32_t vgpu_type;
	uint8_t vgpu_name[32];
	uint8_t vgpu_class[32];
	uint8_t vgpu_signature[128];
	uint8_t license[128];
	uint32_t max_instance;
	uint32_t num_heads;
	uint32_t max_resolution_x;
	uint32_t max_resolution_y;
	uint32_t max_pixels;
	uint32_t frl_config;
	uint32_t cuda_enabled;
	uint32_t ecc_supported;
	uint32_t gpu_instance_size;
	uint32_t multi_vgpu_supported;
	uint64_t vdev_id;
	uint64_t pdev_id;
	uint64_t profile_size;
	uint64_t fb_length;
	uint64_t gsp_heap_size;
	uint64_t fb_reservation;
	uint64_t mappable_video_size;
	uint32_t encoder_capacity;
	uint64_t bar1_length;		/* MiB */
	uint32_t frl_enable;
	uint8_t adapter_name[64];
	uint16_t adapter_name_unicode[64];
	uint8_t short_gpu_name_string[64];
	uint8_t licensed_product_name[128];
	uint32_t vgpu_extra_params[1024];
	uint32_t ftrace_enable;
	uint32_t gpu_direct_supported;
	uint32_t nvlink_p2p_supported;
	uint32_t multi_vgpu_exclusive;
	uint32_t exclusive_type;
	uint32_t exclusive_size;
	uint32_t gpu_instance_profile_id;
};

/* ..._PGPU_ADD_VGPU_TYPE_PARAMS (316936 bytes, [facts §1.2]) */
struct nvsim_ctrl_add_vgpu_type {
	uint8_t discard_vgpu_types;
	uint32_t vgpu_info_count;
	struct nvsim_vgpu_type_info vgpu_info[NVSIM_MAX_VGPU_TYPES];
};

/* ..._GET_VGPU_FB_USAGE_PARAMS (520 bytes, [facts §1.3]) */
struct nvsim_ctrl_fb_usage {
	uint32_t vgpu_count;
	struct {
		uint32_t gfid;
		uint64_t fb_used;
	} usage[NVSIM_MAX_VGPU_PER_PGPU];
};

/* NV2080_GUEST_VM_INFO (104 bytes): opaque here, zero-filled */
struct nvsim_guest_vm_info {
	uint32_t data[26];
};

/* NV2080_HOST_VGPU_DEVICE (48 bytes, [facts §1.3]) */
struct nvsim_host_vgpu_device {
	uint32_t gfid;
	uint64_t vgpu_pci_id;
	uint32_t vgpu_device_instance_id;
	uint64_t fb_used;
	uint32_t encoder_capacity;
	uint32_t ecc_state;
	uint8_t driver_loaded;
};

/* ..._ENUMERATE_VGPU_PER_PGPU_PARAMS (4872 bytes, [facts §1.3]) */
struct nvsim_ctrl_enumerate_vgpu {
	uint32_t num_vgpu;
	struct {
		struct nvsim_guest_vm_info guest_vm_info;
		struct nvsim_host_vgpu_device host_vgpu_device;
	} vgpu_guest[NVSIM_MAX_VGPU_PER_PGPU];
};

/* ---------------------------------------------------------------------
 * CPU plugin <-> GSP plugin mailbox in the management heap ([facts §5];
 * known only from the 2024 RFC, see README)
 */
#define NVSIM_PLUGIN_BOOT_MAGIC	0x4E654A6Fu	/* GSP_PLUGIN_BOOTLOADED */
#define NVSIM_PLUGIN_CTRL_VERSION	1		/* VGPU_CPU_GSP_CTRL_BUFF_VERSION */
#define NVSIM_PLUGIN_COMM_SIZE		0x264000u	/* ..._COMMUNICATION_BUFF_TOTAL_SIZE */
#define NVSIM_PLUGIN_RESP_OFF		0x1000u
#define NVSIM_PLUGIN_MSG_OFF		0x2000u
#define NVSIM_PLUGIN_MIGRATION_OFF	0x3000u
#define NVSIM_PLUGIN_ERROR_OFF		0x203000u
#define NVSIM_PLUGIN_BUF_SIZE		0x1000u
#define NVSIM_DOORBELL_LEAF_CPU_PLUGIN	17u	/* NV_DOORBELL_NOTIFY_LEAF_VF_CPU_PLUGIN_HANDLE */

/* host_info[] entry of the control buffer (28 bytes) */
struct nvsim_plugin_host_info {
	uint32_t vgpu_type_id;
	uint32_t host_gpu_pci_id;
	uint32_t pci_dev_id;
	uint8_t vgpu_uuid[16];
};

/* VGPU_CPU_GSP_CTRL_BUFF_REGION struct part ([facts §5.2]) */
struct nvsim_plugin_ctrl {
	uint32_t version;
	uint32_t message_type;
	uint32_t message_seq_num;
	uint64_t response_buff_offset;
	uint64_t message_buff_offset;
	uint64_t migration_buff_offset;
	uint64_t error_buff_offset;
	uint32_t migration_buf_cpu_access_offset;
	uint8_t is_migration_in_progress;
	uint32_t error_buff_cpu_get_idx;
	uint32_t attached_vgpu_count;
	struct nvsim_plugin_host_info host_info[16];
};

/* VGPU_CPU_GSP_DISPLAYLESS_SURFACE (80 bytes, [facts §5.3]) */
struct nvsim_plugin_surface {
	uint64_t sequence_update_start;
	uint64_t sequence_update_end;
	uint32_t effective_fb_page_size;
	uint32_t rect_width;
	uint32_t rect_height;
	uint32_t surface_width;
	uint32_t surface_height;
	uint32_t surface_size;
	uint32_t surface_offset;
	uint32_t surface_format;
	uint32_t surface_kind;
	uint32_t surface_pitch;
	uint32_t surface_type;
	uint8_t surface_block_height;
	uint32_t is_blanking_enabled;
	uint32_t is_flip_pending;
	uint32_t is_free_pending;
	uint32_t is_memory_blocklinear;
};

/* VGPU_CPU_GSP_RESPONSE_BUFF_REGION struct part ([facts §5.3]) */
struct nvsim_plugin_resp {
	uint32_t message_seq_num_processed;
	uint32_t result_code;
	uint32_t guest_rpc_version;
	uint32_t migration_buf_gsp_access_offset;
	uint32_t migration_state_save_complete;
	struct nvsim_plugin_surface surface[4];
	uint32_t error_buff_gsp_put_idx;
	uint32_t grid_license_state;
};

/* MESSAGE enum ([facts §5.4]) */
#define NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION	1
#define NVSIM_PLUGIN_MSG_SETUP_CONFIG		2
#define NVSIM_PLUGIN_MSG_RESET			3
#define NVSIM_PLUGIN_MSG_VF_BAR0_REG_ACCESS	12
#define NVSIM_PLUGIN_MSG_UPDATE_BME_STATE	13
#define NVSIM_PLUGIN_MSG_GET_GUEST_INFO		14
#define NVSIM_PLUGIN_MSG_MAX			15
/* assumption, simulator-defined (no RFC counterpart): plugin parameters
 * without a SETUP_CONFIG field (NVIDIA's frame_rate_limiter). See README. */
#define NVSIM_PLUGIN_MSG_SET_PLUGIN_PARAMS	0x100

struct nvsim_plugin_params {
	uint8_t frame_rate_limiter;	/* 0 or 1 */
	uint8_t pad[3];			/* zero */
};
/*
 * assumption (simulator-only): the host asks for a head's scanout
 * surface with this message. Real GSP-RM reports console surfaces in the
 * response buffer's surface[4] (VGPU_CPU_GSP_DISPLAYLESS_SURFACE,
 * [facts §5.3]) under a protocol no published source describes; the
 * number is outside the RFC's MESSAGE enum on purpose. See README.
 */
#define NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE	0x4e530001u

/* VERSION_NEGOTIATION payload (8 bytes) */
struct nvsim_plugin_version {
	uint32_t version_cpu;
	uint32_t version_negotiated;
};

/* UPDATE_BME_STATE payload (2 bytes) */
struct nvsim_plugin_bme {
	uint8_t enable;
	uint8_t allowed;
};

/* NV_VGPU_CPU_RPC_DATA_COPY_CONFIG_PARAMS (88 bytes, [facts §5.5]) */
struct nvsim_plugin_config {
	uint8_t vgpu_uuid[16];
	uint32_t dbdf;
	uint32_t driver_vm_vf_dbdf;
	uint32_t vgpu_device_instance_id;
	uint32_t vgpu_type;
	uint32_t vm_pid;
	uint32_t swizz_id;
	uint32_t num_channels;
	uint32_t num_plugin_channels;
	uint32_t vmm_cap;
	uint32_t migration_feature;
	uint32_t hypervisor_type;
	uint32_t host_cpu_arch;
	uint64_t host_page_size;
	uint8_t rev1[2];
	uint8_t enable_uvm;
	uint8_t linux_interrupt_optimization;
	uint8_t vmm_migration_supported;
	uint8_t rev2;
	uint8_t enable_console_vnc;
	uint8_t use_non_stall_linux_events;
	uint32_t rev3;
};

/* assumption: GET_GUEST_INFO reply in the message buffer. The RFC
 * header has no payload struct for it; this simulator-defined reply
 * carries what the host can act on. See README. */
struct nvsim_plugin_guest_info {
	uint32_t gfid;
	uint32_t vgpu_type;
	uint32_t plugin_state;		/* enum nvsim_plugin_state */
	uint32_t bme_enabled;
	uint64_t fb_size;
	/* appended: channels the guest allocated (VF execution model) */
	uint32_t channels_used;
	uint32_t pad;
};

/* assumption: NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE request (head) and
 * reply, both in the message buffer. See README. */
struct nvsim_plugin_plane_req {
	uint32_t head;
};

struct nvsim_plugin_plane {
	uint32_t head;
	uint32_t enabled;		/* 0 or 1; all below 0 if 0 but flips */
	uint64_t fb_offset;		/* relative to the vGPU's FB */
	uint32_t drm_format;		/* DRM fourcc */
	uint32_t width;
	uint32_t height;
	uint32_t stride;		/* bytes */
	uint32_t flips;			/* flip generation counter */
	uint32_t pad;
};

#endif /* NVSIM_RM_DEFS_H */
