// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * layout_test: the simulator's wire-format structs (sim/gsp/rm_defs.h)
 * against nouveau's authoritative r535 headers
 * (drivers/gpu/drm/nouveau/include/nvrm/535.113.01) and, where nouveau
 * has no header (vGPU controls, type info, mailbox, queue/RPC headers
 * that live in r535.c), against the offset tables of
 * shared/reference/rm-vgpu-facts.md.
 *
 * Every field is checked twice: a _Static_assert (the build fails) and
 * a runtime comparison that reports one TAP line per struct.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* what nouveau's nvrm/nvtypes.h expects from the kernel */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
#define __counted_by(x)

#include <nvrm/nvtypes.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl0000.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl0005.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl0080.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl2080.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl2080_notification.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/class/cl90f1.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl90f1.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080ce.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080event.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080fifo.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080gpu.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl2080/ctrl2080internal.h>
#include <nvrm/535.113.01/common/sdk/nvidia/inc/nvos.h>
#include <nvrm/535.113.01/common/shared/msgq/inc/msgq/msgq_priv.h>
#include <nvrm/535.113.01/common/uproc/os/common/include/libos_init_args.h>
#include <nvrm/535.113.01/nvidia/arch/nvalloc/common/inc/gsp/gsp_fw_wpr_meta.h>
#include <nvrm/535.113.01/nvidia/generated/g_allclasses.h>
#include <nvrm/535.113.01/nvidia/generated/g_os_nvoc.h>
#include <nvrm/535.113.01/nvidia/generated/g_rpc-structures.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/gsp/gsp_init_args.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/gsp/gsp_static_config.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/intr/engine_idx.h>
#include <nvrm/535.113.01/nvidia/kernel/inc/vgpu/rpc_global_enums.h>

#include "rm_defs.h"
#include "nvsim.h"

static int test_nr, failed, fields, bad;

#define MSZ(T, f) sizeof(((T *)0)->f)

/* field of ours vs field of nouveau's struct */
#define NV(M, mf, T, tf) do {						\
	_Static_assert(offsetof(M, mf) == offsetof(T, tf), #M "." #mf " offset"); \
	_Static_assert(MSZ(M, mf) == MSZ(T, tf), #M "." #mf " size");	\
	check(#M "." #mf, offsetof(M, mf), offsetof(T, tf), MSZ(M, mf), MSZ(T, tf)); \
} while (0)

/* field of ours vs the facts table (offset, size) */
#define FT(M, mf, off, sz) do {						\
	_Static_assert(offsetof(M, mf) == (off), #M "." #mf " offset");	\
	_Static_assert(MSZ(M, mf) == (sz), #M "." #mf " size");		\
	check(#M "." #mf, offsetof(M, mf), (off), MSZ(M, mf), (sz));	\
} while (0)

#define SIZE_NV(M, T) do {						\
	_Static_assert(sizeof(M) == sizeof(T), #M " size");		\
	check("sizeof " #M, 0, 0, sizeof(M), sizeof(T));		\
} while (0)

#define SIZE_FT(M, sz) do {						\
	_Static_assert(sizeof(M) == (sz), #M " size");			\
	check("sizeof " #M, 0, 0, sizeof(M), (sz));			\
} while (0)

#define CONST_EQ(a, b) do {						\
	_Static_assert((uint64_t)(a) == (uint64_t)(b), #a " == " #b);	\
	check(#a, 0, 0, (size_t)(a), (size_t)(b));			\
} while (0)

static void check(const char *what, size_t off, size_t want_off, size_t sz, size_t want_sz)
{
	fields++;
	if (off != want_off || sz != want_sz) {
		bad++;
		printf("# %s: offset %zu (want %zu) size %zu (want %zu)\n", what, off,
		       want_off, sz, want_sz);
	}
}

static void begin(void)
{
	fields = 0;
	bad = 0;
}

static void end(const char *name)
{
	test_nr++;
	if (bad || !fields) {
		failed++;
		printf("not ok %d - layout: %s (%d of %d checks failed)\n", test_nr, name, bad, fields);
	} else {
		printf("ok %d - layout: %s (%d checks)\n", test_nr, name, fields);
	}
}

/* ---- nouveau headers ---- */

static void t_boot_args(void)
{
	begin();
	SIZE_NV(struct nvsim_libos_region, LibosMemoryRegionInitArgument);
	NV(struct nvsim_libos_region, id8, LibosMemoryRegionInitArgument, id8);
	NV(struct nvsim_libos_region, pa, LibosMemoryRegionInitArgument, pa);
	NV(struct nvsim_libos_region, size, LibosMemoryRegionInitArgument, size);
	NV(struct nvsim_libos_region, kind, LibosMemoryRegionInitArgument, kind);
	NV(struct nvsim_libos_region, loc, LibosMemoryRegionInitArgument, loc);
	CONST_EQ(NVSIM_LIBOS_KIND_CONTIGUOUS, LIBOS_MEMORY_REGION_CONTIGUOUS);
	CONST_EQ(NVSIM_LIBOS_LOC_SYSMEM, LIBOS_MEMORY_REGION_LOC_SYSMEM);
	end("LibosMemoryRegionInitArgument");

	begin();
	SIZE_NV(struct nvsim_mq_init_args, MESSAGE_QUEUE_INIT_ARGUMENTS);
	NV(struct nvsim_mq_init_args, shared_mem_phys_addr, MESSAGE_QUEUE_INIT_ARGUMENTS, sharedMemPhysAddr);
	NV(struct nvsim_mq_init_args, pte_count, MESSAGE_QUEUE_INIT_ARGUMENTS, pageTableEntryCount);
	NV(struct nvsim_mq_init_args, cmdq_offset, MESSAGE_QUEUE_INIT_ARGUMENTS, cmdQueueOffset);
	NV(struct nvsim_mq_init_args, statq_offset, MESSAGE_QUEUE_INIT_ARGUMENTS, statQueueOffset);
	NV(struct nvsim_mq_init_args, lockless_cmdq_offset, MESSAGE_QUEUE_INIT_ARGUMENTS, locklessCmdQueueOffset);
	NV(struct nvsim_mq_init_args, lockless_statq_offset, MESSAGE_QUEUE_INIT_ARGUMENTS, locklessStatQueueOffset);
	end("MESSAGE_QUEUE_INIT_ARGUMENTS");

	begin();
	SIZE_NV(struct nvsim_sr_init_args, GSP_SR_INIT_ARGUMENTS);
	NV(struct nvsim_sr_init_args, old_level, GSP_SR_INIT_ARGUMENTS, oldLevel);
	NV(struct nvsim_sr_init_args, flags, GSP_SR_INIT_ARGUMENTS, flags);
	NV(struct nvsim_sr_init_args, in_pm_transition, GSP_SR_INIT_ARGUMENTS, bInPMTransition);
	end("GSP_SR_INIT_ARGUMENTS");

	begin();
	SIZE_NV(struct nvsim_gsp_args, GSP_ARGUMENTS_CACHED);
	NV(struct nvsim_gsp_args, mq, GSP_ARGUMENTS_CACHED, messageQueueInitArguments);
	NV(struct nvsim_gsp_args, sr, GSP_ARGUMENTS_CACHED, srInitArguments);
	NV(struct nvsim_gsp_args, gpu_instance, GSP_ARGUMENTS_CACHED, gpuInstance);
	NV(struct nvsim_gsp_args, profiler_pa, GSP_ARGUMENTS_CACHED, profilerArgs.pa);
	NV(struct nvsim_gsp_args, profiler_size, GSP_ARGUMENTS_CACHED, profilerArgs.size);
	SIZE_FT(struct nvsim_gsp_args, 80);	/* [facts §6.4] */
	end("GSP_ARGUMENTS_CACHED");
}

static void t_wpr_meta(void)
{
	typedef struct nvsim_wpr_meta M;
	typedef GspFwWprMeta T;

	begin();
	SIZE_NV(M, T);
	SIZE_FT(M, 256);
	NV(M, magic, T, magic);
	NV(M, revision, T, revision);
	NV(M, sysmem_addr_radix3_elf, T, sysmemAddrOfRadix3Elf);
	NV(M, size_radix3_elf, T, sizeOfRadix3Elf);
	NV(M, sysmem_addr_bootloader, T, sysmemAddrOfBootloader);
	NV(M, size_bootloader, T, sizeOfBootloader);
	NV(M, bootloader_code_offset, T, bootloaderCodeOffset);
	NV(M, bootloader_data_offset, T, bootloaderDataOffset);
	NV(M, bootloader_manifest_offset, T, bootloaderManifestOffset);
	NV(M, sysmem_addr_signature, T, sysmemAddrOfSignature);
	NV(M, size_signature, T, sizeOfSignature);
	NV(M, gsp_fw_rsvd_start, T, gspFwRsvdStart);
	NV(M, non_wpr_heap_offset, T, nonWprHeapOffset);
	NV(M, non_wpr_heap_size, T, nonWprHeapSize);
	NV(M, gsp_fw_wpr_start, T, gspFwWprStart);
	NV(M, gsp_fw_heap_offset, T, gspFwHeapOffset);
	NV(M, gsp_fw_heap_size, T, gspFwHeapSize);
	NV(M, gsp_fw_offset, T, gspFwOffset);
	NV(M, boot_bin_offset, T, bootBinOffset);
	NV(M, frts_offset, T, frtsOffset);
	NV(M, frts_size, T, frtsSize);
	NV(M, gsp_fw_wpr_end, T, gspFwWprEnd);
	NV(M, fb_size, T, fbSize);
	NV(M, vga_workspace_offset, T, vgaWorkspaceOffset);
	NV(M, vga_workspace_size, T, vgaWorkspaceSize);
	NV(M, boot_count, T, bootCount);
	NV(M, partition_rpc_addr, T, partitionRpcAddr);
	NV(M, partition_rpc_request_offset, T, partitionRpcRequestOffset);
	NV(M, partition_rpc_reply_offset, T, partitionRpcReplyOffset);
	NV(M, elf_code_offset, T, elfCodeOffset);
	NV(M, elf_data_offset, T, elfDataOffset);
	NV(M, elf_code_size, T, elfCodeSize);
	NV(M, elf_data_size, T, elfDataSize);
	NV(M, ls_ucode_version, T, lsUcodeVersion);
	NV(M, gsp_fw_heap_vf_partition_count, T, gspFwHeapVfPartitionCount);
	FT(M, gsp_fw_heap_vf_partition_count, 240, 1);	/* [facts §4.3] */
	NV(M, padding, T, padding);
	NV(M, verified, T, verified);
	CONST_EQ(NVSIM_WPR_META_MAGIC, GSP_FW_WPR_META_MAGIC);
	CONST_EQ(NVSIM_WPR_META_REVISION, GSP_FW_WPR_META_REVISION);
	end("GspFwWprMeta");
}

static void t_queues(void)
{
	begin();
	SIZE_NV(struct nvsim_msgq_tx_hdr, msgqTxHeader);
	NV(struct nvsim_msgq_tx_hdr, version, msgqTxHeader, version);
	NV(struct nvsim_msgq_tx_hdr, size, msgqTxHeader, size);
	NV(struct nvsim_msgq_tx_hdr, msg_size, msgqTxHeader, msgSize);
	NV(struct nvsim_msgq_tx_hdr, msg_count, msgqTxHeader, msgCount);
	NV(struct nvsim_msgq_tx_hdr, write_ptr, msgqTxHeader, writePtr);
	NV(struct nvsim_msgq_tx_hdr, flags, msgqTxHeader, flags);
	NV(struct nvsim_msgq_tx_hdr, rx_hdr_off, msgqTxHeader, rxHdrOff);
	NV(struct nvsim_msgq_tx_hdr, entry_off, msgqTxHeader, entryOff);
	SIZE_NV(struct nvsim_msgq_rx_hdr, msgqRxHeader);
	NV(struct nvsim_msgq_rx_hdr, read_ptr, msgqRxHeader, readPtr);
	end("msgqTxHeader/msgqRxHeader");

	/* r535.c struct r535_gsp_msg is not in a header: [facts §6.3] */
	begin();
	SIZE_FT(struct nvsim_qelem_hdr, 48);
	FT(struct nvsim_qelem_hdr, auth_tag, 0, 16);
	FT(struct nvsim_qelem_hdr, aad, 16, 16);
	FT(struct nvsim_qelem_hdr, checksum, 32, 4);
	FT(struct nvsim_qelem_hdr, seq_num, 36, 4);
	FT(struct nvsim_qelem_hdr, elem_count, 40, 4);
	FT(struct nvsim_qelem_hdr, pad, 44, 4);
	CONST_EQ(NVSIM_RPC_MAX_PAYLOAD, 65456);
	end("GSP_MSG_QUEUE_ELEMENT header [facts]");

	begin();
	SIZE_FT(struct nvsim_rpc_hdr, 32);
	FT(struct nvsim_rpc_hdr, header_version, 0, 4);
	FT(struct nvsim_rpc_hdr, signature, 4, 4);
	FT(struct nvsim_rpc_hdr, length, 8, 4);
	FT(struct nvsim_rpc_hdr, function, 12, 4);
	FT(struct nvsim_rpc_hdr, rpc_result, 16, 4);
	FT(struct nvsim_rpc_hdr, rpc_result_private, 20, 4);
	FT(struct nvsim_rpc_hdr, sequence, 24, 4);
	FT(struct nvsim_rpc_hdr, cpu_rm_gfid, 28, 4);
	end("rpc_message_header_v03_00 [facts]");

	begin();
	CONST_EQ(NVSIM_FN_ALLOC_MEMORY, NV_VGPU_MSG_FUNCTION_ALLOC_MEMORY);
	CONST_EQ(NVSIM_FN_FREE, NV_VGPU_MSG_FUNCTION_FREE);
	CONST_EQ(NVSIM_FN_UNLOADING_GUEST_DRIVER, NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER);
	CONST_EQ(NVSIM_FN_GET_GSP_STATIC_INFO, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO);
	CONST_EQ(NVSIM_FN_UPDATE_BAR_PDE, NV_VGPU_MSG_FUNCTION_UPDATE_BAR_PDE);
	CONST_EQ(NVSIM_FN_CONTINUATION_RECORD, NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD);
	CONST_EQ(NVSIM_FN_GSP_SET_SYSTEM_INFO, NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO);
	CONST_EQ(NVSIM_FN_SET_REGISTRY, NV_VGPU_MSG_FUNCTION_SET_REGISTRY);
	CONST_EQ(NVSIM_FN_GSP_RM_CONTROL, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
	CONST_EQ(NVSIM_FN_GSP_RM_ALLOC, NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC);
	CONST_EQ(NVSIM_EV_GSP_INIT_DONE, NV_VGPU_MSG_EVENT_GSP_INIT_DONE);
	CONST_EQ(NVSIM_EV_RC_TRIGGERED, NV_VGPU_MSG_EVENT_RC_TRIGGERED);
	CONST_EQ(NVSIM_EV_MMU_FAULT_QUEUED, NV_VGPU_MSG_EVENT_MMU_FAULT_QUEUED);
	CONST_EQ(NVSIM_EV_OS_ERROR_LOG, NV_VGPU_MSG_EVENT_OS_ERROR_LOG);
	CONST_EQ(NVSIM_ENGINE_TYPE_GR0, NV2080_ENGINE_TYPE_GR0);
	CONST_EQ(NVSIM_ENGINE_TYPE_COPY0, NV2080_ENGINE_TYPE_COPY0);
	CONST_EQ(NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED, NV_VGPU_MSG_EVENT_VGPU_GSP_PLUGIN_TRIGGERED);
	CONST_EQ(NVSIM_PDE_BAR_1, NV_RPC_UPDATE_PDE_BAR_1);
	CONST_EQ(NVSIM_PDE_BAR_2, NV_RPC_UPDATE_PDE_BAR_2);
	end("RPC function and event numbers");
}

static void t_rpc_payloads(void)
{
	begin();
	SIZE_NV(struct nvsim_rpc_alloc, rpc_gsp_rm_alloc_v03_00);
	NV(struct nvsim_rpc_alloc, h_client, rpc_gsp_rm_alloc_v03_00, hClient);
	NV(struct nvsim_rpc_alloc, h_parent, rpc_gsp_rm_alloc_v03_00, hParent);
	NV(struct nvsim_rpc_alloc, h_object, rpc_gsp_rm_alloc_v03_00, hObject);
	NV(struct nvsim_rpc_alloc, h_class, rpc_gsp_rm_alloc_v03_00, hClass);
	NV(struct nvsim_rpc_alloc, status, rpc_gsp_rm_alloc_v03_00, status);
	NV(struct nvsim_rpc_alloc, params_size, rpc_gsp_rm_alloc_v03_00, paramsSize);
	NV(struct nvsim_rpc_alloc, flags, rpc_gsp_rm_alloc_v03_00, flags);
	NV(struct nvsim_rpc_alloc, reserved, rpc_gsp_rm_alloc_v03_00, reserved);
	check("rpc_gsp_rm_alloc params", sizeof(struct nvsim_rpc_alloc), offsetof(rpc_gsp_rm_alloc_v03_00, params), 0, 0);
	end("rpc_gsp_rm_alloc_v03_00");

	begin();
	SIZE_NV(struct nvsim_rpc_ctrl, rpc_gsp_rm_control_v03_00);
	NV(struct nvsim_rpc_ctrl, h_client, rpc_gsp_rm_control_v03_00, hClient);
	NV(struct nvsim_rpc_ctrl, h_object, rpc_gsp_rm_control_v03_00, hObject);
	NV(struct nvsim_rpc_ctrl, cmd, rpc_gsp_rm_control_v03_00, cmd);
	NV(struct nvsim_rpc_ctrl, status, rpc_gsp_rm_control_v03_00, status);
	NV(struct nvsim_rpc_ctrl, params_size, rpc_gsp_rm_control_v03_00, paramsSize);
	NV(struct nvsim_rpc_ctrl, flags, rpc_gsp_rm_control_v03_00, flags);
	check("rpc_gsp_rm_control params", sizeof(struct nvsim_rpc_ctrl), offsetof(rpc_gsp_rm_control_v03_00, params), 0, 0);
	end("rpc_gsp_rm_control_v03_00");

	begin();
	SIZE_NV(struct nvsim_rpc_free, rpc_free_v03_00);
	NV(struct nvsim_rpc_free, h_root, rpc_free_v03_00, params.hRoot);
	NV(struct nvsim_rpc_free, h_object_parent, rpc_free_v03_00, params.hObjectParent);
	NV(struct nvsim_rpc_free, h_object_old, rpc_free_v03_00, params.hObjectOld);
	NV(struct nvsim_rpc_free, status, rpc_free_v03_00, params.status);
	end("rpc_free_v03_00");

	begin();
	SIZE_NV(struct nvsim_rpc_update_bar_pde, rpc_update_bar_pde_v15_00);
	NV(struct nvsim_rpc_update_bar_pde, bar_type, rpc_update_bar_pde_v15_00, info.barType);
	NV(struct nvsim_rpc_update_bar_pde, entry_value, rpc_update_bar_pde_v15_00, info.entryValue);
	NV(struct nvsim_rpc_update_bar_pde, entry_level_shift, rpc_update_bar_pde_v15_00, info.entryLevelShift);
	end("rpc_update_bar_pde_v15_00");

	begin();
	SIZE_NV(struct nvsim_rpc_unloading, rpc_unloading_guest_driver_v1F_07);
	NV(struct nvsim_rpc_unloading, in_pm_transition, rpc_unloading_guest_driver_v1F_07, bInPMTransition);
	NV(struct nvsim_rpc_unloading, gc6_entering, rpc_unloading_guest_driver_v1F_07, bGc6Entering);
	NV(struct nvsim_rpc_unloading, new_level, rpc_unloading_guest_driver_v1F_07, newLevel);
	end("rpc_unloading_guest_driver_v1F_07");

	begin();
	SIZE_NV(struct nvsim_rpc_rc_triggered, rpc_rc_triggered_v17_02);
	SIZE_FT(struct nvsim_rpc_rc_triggered, 20);
	NV(struct nvsim_rpc_rc_triggered, nv2080_engine_type, rpc_rc_triggered_v17_02, nv2080EngineType);
	NV(struct nvsim_rpc_rc_triggered, chid, rpc_rc_triggered_v17_02, chid);
	NV(struct nvsim_rpc_rc_triggered, except_type, rpc_rc_triggered_v17_02, exceptType);
	NV(struct nvsim_rpc_rc_triggered, scope, rpc_rc_triggered_v17_02, scope);
	NV(struct nvsim_rpc_rc_triggered, partition_attribution_id, rpc_rc_triggered_v17_02, partitionAttributionId);
	end("rpc_rc_triggered_v17_02");

	begin();
	SIZE_NV(struct nvsim_rpc_os_error_log, rpc_os_error_log_v17_00);
	NV(struct nvsim_rpc_os_error_log, except_type, rpc_os_error_log_v17_00, exceptType);
	NV(struct nvsim_rpc_os_error_log, runlist_id, rpc_os_error_log_v17_00, runlistId);
	NV(struct nvsim_rpc_os_error_log, chid, rpc_os_error_log_v17_00, chid);
	NV(struct nvsim_rpc_os_error_log, err_string, rpc_os_error_log_v17_00, errString);
	end("rpc_os_error_log_v17_00");

	begin();
	SIZE_NV(struct nvsim_reg_entry, PACKED_REGISTRY_ENTRY);
	NV(struct nvsim_reg_entry, name_offset, PACKED_REGISTRY_ENTRY, nameOffset);
	NV(struct nvsim_reg_entry, type, PACKED_REGISTRY_ENTRY, type);
	NV(struct nvsim_reg_entry, data, PACKED_REGISTRY_ENTRY, data);
	NV(struct nvsim_reg_entry, length, PACKED_REGISTRY_ENTRY, length);
	SIZE_NV(struct nvsim_reg_table, PACKED_REGISTRY_TABLE);
	NV(struct nvsim_reg_table, size, PACKED_REGISTRY_TABLE, size);
	NV(struct nvsim_reg_table, num_entries, PACKED_REGISTRY_TABLE, numEntries);
	check("PACKED_REGISTRY_TABLE entries", sizeof(struct nvsim_reg_table), offsetof(PACKED_REGISTRY_TABLE, entries), 0, 0);
	end("PACKED_REGISTRY_TABLE/ENTRY");

	begin();
	SIZE_FT(struct nvsim_rpc_init_done, 4);
	SIZE_FT(struct nvsim_rpc_plugin_triggered, 8);
	FT(struct nvsim_rpc_plugin_triggered, gfid, 0, 4);
	FT(struct nvsim_rpc_plugin_triggered, notify_index, 4, 4);
	end("rpc_init_done / VGPU_GSP_PLUGIN_TRIGGERED [facts §6.2]");
}

static void t_system_info(void)
{
	typedef struct nvsim_system_info M;
	typedef GspSystemInfo T;

	begin();
	SIZE_NV(struct nvsim_vf_info, GSP_VF_INFO);
	SIZE_FT(struct nvsim_vf_info, 40);
	NV(struct nvsim_vf_info, total_vfs, GSP_VF_INFO, totalVFs);
	NV(struct nvsim_vf_info, first_vf_offset, GSP_VF_INFO, firstVFOffset);
	NV(struct nvsim_vf_info, first_vf_bar0, GSP_VF_INFO, FirstVFBar0Address);
	NV(struct nvsim_vf_info, first_vf_bar1, GSP_VF_INFO, FirstVFBar1Address);
	NV(struct nvsim_vf_info, first_vf_bar2, GSP_VF_INFO, FirstVFBar2Address);
	NV(struct nvsim_vf_info, bar0_64bit, GSP_VF_INFO, b64bitBar0);
	NV(struct nvsim_vf_info, bar1_64bit, GSP_VF_INFO, b64bitBar1);
	NV(struct nvsim_vf_info, bar2_64bit, GSP_VF_INFO, b64bitBar2);
	end("GSP_VF_INFO");

	begin();
	SIZE_NV(struct nvsim_businfo, BUSINFO);
	NV(struct nvsim_businfo, device_id, BUSINFO, deviceID);
	NV(struct nvsim_businfo, vendor_id, BUSINFO, vendorID);
	NV(struct nvsim_businfo, subdevice_id, BUSINFO, subdeviceID);
	NV(struct nvsim_businfo, subvendor_id, BUSINFO, subvendorID);
	NV(struct nvsim_businfo, revision_id, BUSINFO, revisionID);
	end("BUSINFO");

	begin();
	SIZE_NV(M, T);
	SIZE_FT(M, 664);
	NV(M, gpu_phys_addr, T, gpuPhysAddr);
	NV(M, gpu_phys_fb_addr, T, gpuPhysFbAddr);
	NV(M, gpu_phys_inst_addr, T, gpuPhysInstAddr);
	NV(M, nv_domain_bus_device_func, T, nvDomainBusDeviceFunc);
	NV(M, sim_access_buf_phys_addr, T, simAccessBufPhysAddr);
	NV(M, pcie_atomics_op_mask, T, pcieAtomicsOpMask);
	NV(M, console_mem_size, T, consoleMemSize);
	NV(M, max_user_va, T, maxUserVa);
	NV(M, pci_config_mirror_base, T, pciConfigMirrorBase);
	NV(M, pci_config_mirror_size, T, pciConfigMirrorSize);
	NV(M, oor_arch, T, oorArch);
	NV(M, cl_pdb_properties, T, clPdbProperties);
	NV(M, chipset, T, Chipset);
	NV(M, gpu_behind_bridge, T, bGpuBehindBridge);
	NV(M, mnoc_available, T, bMnocAvailable);
	NV(M, upstream_l0s_unsupported, T, bUpstreamL0sUnsupported);
	NV(M, upstream_l1_unsupported, T, bUpstreamL1Unsupported);
	NV(M, upstream_l1_por_supported, T, bUpstreamL1PorSupported);
	NV(M, upstream_l1_por_mobile_only, T, bUpstreamL1PorMobileOnly);
	NV(M, upstream_address_valid, T, upstreamAddressValid);
	NV(M, fhb_bus_info, T, FHBBusInfo);
	NV(M, chipset_id_info, T, chipsetIDInfo);
	NV(M, acpi_method_data, T, acpiMethodData);
	NV(M, hypervisor_type, T, hypervisorType);
	NV(M, is_passthru, T, bIsPassthru);
	NV(M, sys_timer_offset_ns, T, sysTimerOffsetNs);
	NV(M, vf_info, T, gspVFInfo);
	FT(M, vf_info, 624, 40);
	end("GspSystemInfo");
}

static void t_static_info(void)
{
	typedef struct nvsim_static_info M;
	typedef GspStaticConfigInfo T;
	typedef struct nvsim_fb_region R;
	typedef NV2080_CTRL_CMD_FB_GET_FB_REGION_FB_REGION_INFO TR;
	typedef struct nvsim_sriov_caps S;
	typedef NV0080_CTRL_GPU_GET_SRIOV_CAPS_PARAMS TS;

	begin();
	SIZE_NV(R, TR);
	NV(R, base, TR, base);
	NV(R, limit, TR, limit);
	NV(R, reserved, TR, reserved);
	NV(R, performance, TR, performance);
	NV(R, support_compressed, TR, supportCompressed);
	NV(R, support_iso, TR, supportISO);
	NV(R, protected_, TR, bProtected);
	NV(R, black_list, TR, blackList);
	SIZE_NV(struct nvsim_fb_region_info, NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS);
	NV(struct nvsim_fb_region_info, num_regions, NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS, numFBRegions);
	NV(struct nvsim_fb_region_info, region, NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS, fbRegion);
	end("NV2080_CTRL_CMD_FB_GET_FB_REGION_INFO_PARAMS");

	begin();
	SIZE_NV(S, TS);
	NV(S, total_vfs, TS, totalVFs);
	NV(S, first_vf_offset, TS, firstVfOffset);
	NV(S, vf_feature_mask, TS, vfFeatureMask);
	NV(S, first_vf_bar0, TS, FirstVFBar0Address);
	NV(S, first_vf_bar1, TS, FirstVFBar1Address);
	NV(S, first_vf_bar2, TS, FirstVFBar2Address);
	NV(S, bar0_size, TS, bar0Size);
	NV(S, bar1_size, TS, bar1Size);
	NV(S, bar2_size, TS, bar2Size);
	NV(S, bar0_64bit, TS, b64bitBar0);
	NV(S, bar1_64bit, TS, b64bitBar1);
	NV(S, bar2_64bit, TS, b64bitBar2);
	NV(S, sriov_enabled, TS, bSriovEnabled);
	NV(S, sriov_heavy_enabled, TS, bSriovHeavyEnabled);
	NV(S, emulate_vf_bar0_tlb_inval, TS, bEmulateVFBar0TlbInvalidationRegister);
	NV(S, client_rm_allocated_ctx_buffer, TS, bClientRmAllocatedCtxBuffer);
	end("NV0080_CTRL_GPU_GET_SRIOV_CAPS_PARAMS");

	begin();
	SIZE_NV(M, T);
	SIZE_FT(M, 2168);
	NV(M, gr_caps_bits, T, grCapsBits);
	NV(M, gid_info, T, gidInfo);
	NV(M, gid_info.index, T, gidInfo.index);
	NV(M, gid_info.flags, T, gidInfo.flags);
	NV(M, gid_info.length, T, gidInfo.length);
	NV(M, gid_info.data, T, gidInfo.data);
	NV(M, gpc_mask, T, gpcInfo.gpcMask);
	NV(M, tpc_info, T, tpcInfo);
	NV(M, tpc_info[0].gpc_id, T, tpcInfo[0].gpcId);
	NV(M, tpc_info[0].mask, T, tpcInfo[0].tpcMask);
	NV(M, zcull_info, T, zcullInfo);
	NV(M, zcull_info[0].gpc_id, T, zcullInfo[0].gpcId);
	NV(M, zcull_info[0].mask, T, zcullInfo[0].zcullMask);
	NV(M, sku_info, T, SKUInfo);
	NV(M, sku_info.board_id, T, SKUInfo.BoardID);
	NV(M, sku_info.chip_sku, T, SKUInfo.chipSKU);
	NV(M, sku_info.chip_sku_mod, T, SKUInfo.chipSKUMod);
	NV(M, sku_info.project, T, SKUInfo.project);
	NV(M, sku_info.project_sku, T, SKUInfo.projectSKU);
	NV(M, sku_info.cdp, T, SKUInfo.CDP);
	NV(M, sku_info.project_sku_mod, T, SKUInfo.projectSKUMod);
	NV(M, sku_info.business_cycle, T, SKUInfo.businessCycle);
	NV(M, fb_region_info, T, fbRegionInfoParams);
	NV(M, compute_branding, T, computeBranding);
	NV(M, sriov_caps, T, sriovCaps);
	FT(M, sriov_caps, 1624, 72);
	NV(M, sriov_max_gfid, T, sriovMaxGfid);
	FT(M, sriov_max_gfid, 1696, 4);
	NV(M, engine_caps, T, engineCaps);
	NV(M, sm_info, T, SM_info);
	NV(M, sm_info.version, T, SM_info.version);
	NV(M, sm_info.reg_bank_count, T, SM_info.regBankCount);
	NV(M, sm_info.reg_bank_reg_count, T, SM_info.regBankRegCount);
	NV(M, sm_info.max_warps_per_sm, T, SM_info.maxWarpsPerSM);
	NV(M, sm_info.max_threads_per_warp, T, SM_info.maxThreadsPerWarp);
	NV(M, sm_info.geom_gs_obuf_entries, T, SM_info.geomGsObufEntries);
	NV(M, sm_info.geom_xbuf_entries, T, SM_info.geomXbufEntries);
	NV(M, sm_info.max_sp_per_sm, T, SM_info.maxSPPerSM);
	NV(M, sm_info.rt_core_count, T, SM_info.rtCoreCount);
	NV(M, poison_fuse_enabled, T, poisonFuseEnabled);
	NV(M, fb_length, T, fb_length);
	NV(M, fbio_mask, T, fbio_mask);
	NV(M, fb_bus_width, T, fb_bus_width);
	NV(M, fb_ram_type, T, fb_ram_type);
	NV(M, fbp_mask, T, fbp_mask);
	NV(M, l2_cache_size, T, l2_cache_size);
	NV(M, gfxp_buffer_size, T, gfxpBufferSize);
	NV(M, gfxp_buffer_alignment, T, gfxpBufferAlignment);
	NV(M, gpu_name_string, T, gpuNameString);
	NV(M, gpu_short_name_string, T, gpuShortNameString);
	NV(M, gpu_name_string_unicode, T, gpuNameString_Unicode);
	NV(M, gpu_internal_sku, T, bGpuInternalSku);
	NV(M, is_quadro_generic, T, bIsQuadroGeneric);
	NV(M, is_quadro_ad, T, bIsQuadroAd);
	NV(M, is_nvidia_nvs, T, bIsNvidiaNvs);
	NV(M, is_vgx, T, bIsVgx);
	NV(M, geforce_smb, T, bGeforceSmb);
	NV(M, is_titan, T, bIsTitan);
	NV(M, is_tesla, T, bIsTesla);
	NV(M, is_mobile, T, bIsMobile);
	NV(M, is_gc6_rtd3_allowed, T, bIsGc6Rtd3Allowed);
	NV(M, is_gcoff_rtd3_allowed, T, bIsGcOffRtd3Allowed);
	NV(M, is_gcoff_legacy_allowed, T, bIsGcoffLegacyAllowed);
	NV(M, bar1_pde_base, T, bar1PdeBase);
	NV(M, bar2_pde_base, T, bar2PdeBase);
	NV(M, vbios_valid, T, bVbiosValid);
	NV(M, vbios_sub_vendor, T, vbiosSubVendor);
	NV(M, vbios_sub_device, T, vbiosSubDevice);
	NV(M, page_retirement_supported, T, bPageRetirementSupported);
	NV(M, split_vas_between_server_client_rm, T, bSplitVasBetweenServerClientRm);
	NV(M, cl_rootport_needs_nosnoop_war, T, bClRootportNeedsNosnoopWAR);
	NV(M, displayless_max_heads, T, displaylessMaxHeads);
	NV(M, displayless_max_heads.num_heads, T, displaylessMaxHeads.numHeads);
	NV(M, displayless_max_heads.max_num_heads, T, displaylessMaxHeads.maxNumHeads);
	NV(M, displayless_max_resolution, T, displaylessMaxResolution);
	NV(M, displayless_max_resolution.head_index, T, displaylessMaxResolution.headIndex);
	NV(M, displayless_max_resolution.max_h_resolution, T, displaylessMaxResolution.maxHResolution);
	NV(M, displayless_max_resolution.max_v_resolution, T, displaylessMaxResolution.maxVResolution);
	NV(M, displayless_max_pixels, T, displaylessMaxPixels);
	NV(M, h_internal_client, T, hInternalClient);
	FT(M, h_internal_client, 2152, 4);
	NV(M, h_internal_device, T, hInternalDevice);
	NV(M, h_internal_subdevice, T, hInternalSubdevice);
	NV(M, self_hosted_mode, T, bSelfHostedMode);
	NV(M, ats_supported, T, bAtsSupported);
	NV(M, is_gpu_uefi, T, bIsGpuUefi);
	end("GspStaticConfigInfo");
}

static void t_alloc_params(void)
{
	begin();
	SIZE_NV(struct nvsim_alloc_root, NV0000_ALLOC_PARAMETERS);
	NV(struct nvsim_alloc_root, h_client, NV0000_ALLOC_PARAMETERS, hClient);
	NV(struct nvsim_alloc_root, process_id, NV0000_ALLOC_PARAMETERS, processID);
	NV(struct nvsim_alloc_root, process_name, NV0000_ALLOC_PARAMETERS, processName);
	end("NV0000_ALLOC_PARAMETERS");

	begin();
	SIZE_NV(struct nvsim_alloc_device, NV0080_ALLOC_PARAMETERS);
	NV(struct nvsim_alloc_device, device_id, NV0080_ALLOC_PARAMETERS, deviceId);
	NV(struct nvsim_alloc_device, h_client_share, NV0080_ALLOC_PARAMETERS, hClientShare);
	NV(struct nvsim_alloc_device, h_target_client, NV0080_ALLOC_PARAMETERS, hTargetClient);
	NV(struct nvsim_alloc_device, h_target_device, NV0080_ALLOC_PARAMETERS, hTargetDevice);
	NV(struct nvsim_alloc_device, flags, NV0080_ALLOC_PARAMETERS, flags);
	NV(struct nvsim_alloc_device, va_space_size, NV0080_ALLOC_PARAMETERS, vaSpaceSize);
	NV(struct nvsim_alloc_device, va_start_internal, NV0080_ALLOC_PARAMETERS, vaStartInternal);
	NV(struct nvsim_alloc_device, va_limit_internal, NV0080_ALLOC_PARAMETERS, vaLimitInternal);
	NV(struct nvsim_alloc_device, va_mode, NV0080_ALLOC_PARAMETERS, vaMode);
	end("NV0080_ALLOC_PARAMETERS");

	begin();
	SIZE_NV(struct nvsim_alloc_subdevice, NV2080_ALLOC_PARAMETERS);
	NV(struct nvsim_alloc_subdevice, subdevice_id, NV2080_ALLOC_PARAMETERS, subDeviceId);
	end("NV2080_ALLOC_PARAMETERS");

	begin();
	SIZE_NV(struct nvsim_alloc_event, NV0005_ALLOC_PARAMETERS);
	NV(struct nvsim_alloc_event, h_parent_client, NV0005_ALLOC_PARAMETERS, hParentClient);
	NV(struct nvsim_alloc_event, h_src_resource, NV0005_ALLOC_PARAMETERS, hSrcResource);
	NV(struct nvsim_alloc_event, h_class, NV0005_ALLOC_PARAMETERS, hClass);
	NV(struct nvsim_alloc_event, notify_index, NV0005_ALLOC_PARAMETERS, notifyIndex);
	NV(struct nvsim_alloc_event, data, NV0005_ALLOC_PARAMETERS, data);
	end("NV0005_ALLOC_PARAMETERS");

	begin();
	SIZE_NV(struct nvsim_alloc_vaspace, NV_VASPACE_ALLOCATION_PARAMETERS);
	NV(struct nvsim_alloc_vaspace, index, NV_VASPACE_ALLOCATION_PARAMETERS, index);
	NV(struct nvsim_alloc_vaspace, flags, NV_VASPACE_ALLOCATION_PARAMETERS, flags);
	NV(struct nvsim_alloc_vaspace, va_size, NV_VASPACE_ALLOCATION_PARAMETERS, vaSize);
	NV(struct nvsim_alloc_vaspace, va_start_internal, NV_VASPACE_ALLOCATION_PARAMETERS, vaStartInternal);
	NV(struct nvsim_alloc_vaspace, va_limit_internal, NV_VASPACE_ALLOCATION_PARAMETERS, vaLimitInternal);
	NV(struct nvsim_alloc_vaspace, big_page_size, NV_VASPACE_ALLOCATION_PARAMETERS, bigPageSize);
	NV(struct nvsim_alloc_vaspace, va_base, NV_VASPACE_ALLOCATION_PARAMETERS, vaBase);
	end("NV_VASPACE_ALLOCATION_PARAMETERS");

	begin();
	CONST_EQ(NVSIM_CLASS_ROOT, NV01_ROOT);
	CONST_EQ(NVSIM_CLASS_DEVICE, NV01_DEVICE_0);
	CONST_EQ(NVSIM_CLASS_SUBDEVICE, NV20_SUBDEVICE_0);
	CONST_EQ(NVSIM_CLASS_VASPACE, FERMI_VASPACE_A);
	CONST_EQ(NVSIM_CLASS_EVENT_KERNEL_CALLBACK_EX, NV01_EVENT_KERNEL_CALLBACK_EX);
	CONST_EQ(NVSIM_EVENT_CLIENT_RM, NV01_EVENT_CLIENT_RM);
	end("class IDs");
}

static void t_ctrl_params(void)
{
	typedef struct nvsim_ctrl_copy_rsvd_pdes P;
	typedef NV90F1_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES_PARAMS TP;

	begin();
	SIZE_NV(struct nvsim_ctrl_event_set_notification, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS);
	NV(struct nvsim_ctrl_event_set_notification, event, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS, event);
	NV(struct nvsim_ctrl_event_set_notification, action, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS, action);
	NV(struct nvsim_ctrl_event_set_notification, notify_state, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS, bNotifyState);
	NV(struct nvsim_ctrl_event_set_notification, info32, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS, info32);
	NV(struct nvsim_ctrl_event_set_notification, info16, NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS, info16);
	CONST_EQ(NVSIM_CTRL_EVENT_SET_NOTIFICATION, NV2080_CTRL_CMD_EVENT_SET_NOTIFICATION);
	CONST_EQ(NVSIM_EVENT_ACTION_REPEAT, NV2080_CTRL_EVENT_SET_NOTIFICATION_ACTION_REPEAT);
	end("NV2080_CTRL_EVENT_SET_NOTIFICATION_PARAMS");

	begin();
	SIZE_NV(struct nvsim_intr_table_entry, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY);
	NV(struct nvsim_intr_table_entry, engine_idx, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY, engineIdx);
	NV(struct nvsim_intr_table_entry, pmc_intr_mask, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY, pmcIntrMask);
	NV(struct nvsim_intr_table_entry, vector_stall, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY, vectorStall);
	NV(struct nvsim_intr_table_entry, vector_nonstall, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_ENTRY, vectorNonStall);
	SIZE_NV(struct nvsim_ctrl_intr_table, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS);
	NV(struct nvsim_ctrl_intr_table, table_len, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS, tableLen);
	NV(struct nvsim_ctrl_intr_table, table, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS, table);
	NV(struct nvsim_ctrl_intr_table, subtree_map, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS, subtreeMap);
	NV(struct nvsim_ctrl_intr_table, subtree_map[0].subtree_start, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS, subtreeMap[0].subtreeStart);
	NV(struct nvsim_ctrl_intr_table, subtree_map[0].subtree_end, NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS, subtreeMap[0].subtreeEnd);
	CONST_EQ(NVSIM_CTRL_INTR_GET_KERNEL_TABLE, NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE);
	CONST_EQ(NVSIM_MC_ENGINE_IDX_GSP, MC_ENGINE_IDX_GSP);
	end("NV2080_CTRL_INTERNAL_INTR_GET_KERNEL_TABLE_PARAMS");

	begin();
	SIZE_NV(struct nvsim_ctrl_falcon_info, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS);
	NV(struct nvsim_ctrl_falcon_info, num_falcons, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, numConstructedFalcons);
	NV(struct nvsim_ctrl_falcon_info, falcon, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable);
	NV(struct nvsim_ctrl_falcon_info, falcon[0].eng_desc, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable[0].engDesc);
	NV(struct nvsim_ctrl_falcon_info, falcon[0].ctx_attr, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable[0].ctxAttr);
	NV(struct nvsim_ctrl_falcon_info, falcon[0].ctx_buffer_size, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable[0].ctxBufferSize);
	NV(struct nvsim_ctrl_falcon_info, falcon[0].addr_space_list, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable[0].addrSpaceList);
	NV(struct nvsim_ctrl_falcon_info, falcon[0].register_base, NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS, constructedFalconsTable[0].registerBase);
	CONST_EQ(NVSIM_CTRL_GET_CONSTRUCTED_FALCON_INFO, NV2080_CTRL_CMD_INTERNAL_GET_CONSTRUCTED_FALCON_INFO);
	end("NV2080_CTRL_INTERNAL_GET_CONSTRUCTED_FALCON_INFO_PARAMS");

	begin();
	SIZE_NV(struct nvsim_fifo_device_entry, NV2080_CTRL_FIFO_DEVICE_ENTRY);
	NV(struct nvsim_fifo_device_entry, engine_data, NV2080_CTRL_FIFO_DEVICE_ENTRY, engineData);
	NV(struct nvsim_fifo_device_entry, pbdma_ids, NV2080_CTRL_FIFO_DEVICE_ENTRY, pbdmaIds);
	NV(struct nvsim_fifo_device_entry, pbdma_fault_ids, NV2080_CTRL_FIFO_DEVICE_ENTRY, pbdmaFaultIds);
	NV(struct nvsim_fifo_device_entry, num_pbdmas, NV2080_CTRL_FIFO_DEVICE_ENTRY, numPbdmas);
	NV(struct nvsim_fifo_device_entry, engine_name, NV2080_CTRL_FIFO_DEVICE_ENTRY, engineName);
	SIZE_NV(struct nvsim_ctrl_fifo_device_info, NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS);
	NV(struct nvsim_ctrl_fifo_device_info, base_index, NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS, baseIndex);
	NV(struct nvsim_ctrl_fifo_device_info, num_entries, NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS, numEntries);
	NV(struct nvsim_ctrl_fifo_device_info, more, NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS, bMore);
	NV(struct nvsim_ctrl_fifo_device_info, entries, NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS, entries);
	CONST_EQ(NVSIM_CTRL_FIFO_GET_DEVICE_INFO_TABLE, NV2080_CTRL_CMD_FIFO_GET_DEVICE_INFO_TABLE);
	end("NV2080_CTRL_FIFO_GET_DEVICE_INFO_TABLE_PARAMS");

	begin();
	SIZE_NV(struct nvsim_ctrl_ce_fault_mthd_size, NV2080_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE_PARAMS);
	NV(struct nvsim_ctrl_ce_fault_mthd_size, size, NV2080_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE_PARAMS, size);
	CONST_EQ(NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE, NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE);
	end("NV2080_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE_PARAMS");

	begin();
	SIZE_NV(P, TP);
	NV(P, h_subdevice, TP, hSubDevice);
	NV(P, subdevice_id, TP, subDeviceId);
	NV(P, page_size, TP, pageSize);
	NV(P, virt_addr_lo, TP, virtAddrLo);
	NV(P, virt_addr_hi, TP, virtAddrHi);
	NV(P, num_levels_to_copy, TP, numLevelsToCopy);
	NV(P, levels, TP, levels);
	NV(P, levels[0].phys_address, TP, levels[0].physAddress);
	NV(P, levels[0].size, TP, levels[0].size);
	NV(P, levels[0].aperture, TP, levels[0].aperture);
	NV(P, levels[0].page_shift, TP, levels[0].pageShift);
	NV(P, levels[1].phys_address, TP, levels[1].physAddress);
	CONST_EQ(NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES, NV90F1_CTRL_CMD_VASPACE_COPY_SERVER_RESERVED_PDES);
	CONST_EQ(NVSIM_GMMU_FMT_MAX_LEVELS, GMMU_FMT_MAX_LEVELS);
	end("NV90F1_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES_PARAMS");
}

/* ---- rm-vgpu-facts.md tables ---- */

static void t_vgpu_ctrls(void)
{
	typedef struct nvsim_ctrl_bootload B;
	typedef struct nvsim_vgpu_type_info V;

	begin();
	SIZE_FT(B, 6496);
	FT(B, dbdf, 0, 4);
	FT(B, gfid, 4, 4);
	FT(B, vgpu_type, 8, 4);
	FT(B, vm_pid, 12, 4);
	FT(B, swizz_id, 16, 4);
	FT(B, num_channels, 20, 4);
	FT(B, num_plugin_channels, 24, 4);
	FT(B, chid_offset, 28, 248);
	FT(B, disable_default_smc_exec_part_restore, 276, 1);
	FT(B, num_guest_fb_segments, 280, 4);
	FT(B, guest_fb_phys_addr, 288, 3072);
	FT(B, guest_fb_length, 3360, 3072);
	FT(B, plugin_heap_phys_addr, 6432, 8);
	FT(B, plugin_heap_length, 6440, 8);
	FT(B, ctrl_buff_offset, 6448, 8);
	FT(B, init_task_log_buff_offset, 6456, 8);
	FT(B, init_task_log_buff_size, 6464, 8);
	FT(B, vgpu_task_log_buff_offset, 6472, 8);
	FT(B, vgpu_task_log_buff_size, 6480, 8);
	FT(B, device_profiling_enabled, 6488, 1);
	end("BOOTLOAD_GSP_VGPU_PLUGIN_TASK_PARAMS [facts §1.1]");

	begin();
	SIZE_FT(V, 4952);
	FT(V, vgpu_type, 0, 4);
	FT(V, vgpu_name, 4, 32);
	FT(V, vgpu_class, 36, 32);
	FT(V, vgpu_signature, 68, 128);
	FT(V, license, 196, 128);
	FT(V, max_instance, 324, 4);
	FT(V, num_heads, 328, 4);
	FT(V, max_resolution_x, 332, 4);
	FT(V, max_resolution_y, 336, 4);
	FT(V, max_pixels, 340, 4);
	FT(V, frl_config, 344, 4);
	FT(V, cuda_enabled, 348, 4);
	FT(V, ecc_supported, 352, 4);
	FT(V, gpu_instance_size, 356, 4);
	FT(V, multi_vgpu_supported, 360, 4);
	FT(V, vdev_id, 368, 8);
	FT(V, pdev_id, 376, 8);
	FT(V, profile_size, 384, 8);
	FT(V, fb_length, 392, 8);
	FT(V, gsp_heap_size, 400, 8);
	FT(V, fb_reservation, 408, 8);
	FT(V, mappable_video_size, 416, 8);
	FT(V, encoder_capacity, 424, 4);
	FT(V, bar1_length, 432, 8);
	FT(V, frl_enable, 440, 4);
	FT(V, adapter_name, 444, 64);
	FT(V, adapter_name_unicode, 508, 128);
	FT(V, short_gpu_name_string, 636, 64);
	FT(V, licensed_product_name, 700, 128);
	FT(V, vgpu_extra_params, 828, 4096);
	FT(V, ftrace_enable, 4924, 4);
	FT(V, gpu_direct_supported, 4928, 4);
	FT(V, nvlink_p2p_supported, 4932, 4);
	FT(V, multi_vgpu_exclusive, 4936, 4);
	FT(V, exclusive_type, 4940, 4);
	FT(V, exclusive_size, 4944, 4);
	FT(V, gpu_instance_profile_id, 4948, 4);
	end("NVA081_CTRL_VGPU_INFO [facts §2.1]");

	begin();
	SIZE_FT(struct nvsim_ctrl_add_vgpu_type, 316936);
	FT(struct nvsim_ctrl_add_vgpu_type, discard_vgpu_types, 0, 1);
	FT(struct nvsim_ctrl_add_vgpu_type, vgpu_info_count, 4, 4);
	FT(struct nvsim_ctrl_add_vgpu_type, vgpu_info, 8, 316928);
	end("PGPU_ADD_VGPU_TYPE_PARAMS [facts §1.2]");

	begin();
	SIZE_FT(struct nvsim_ctrl_fb_usage, 520);
	FT(struct nvsim_ctrl_fb_usage, vgpu_count, 0, 4);
	FT(struct nvsim_ctrl_fb_usage, usage, 8, 512);
	FT(struct nvsim_ctrl_fb_usage, usage[0].gfid, 8, 4);
	FT(struct nvsim_ctrl_fb_usage, usage[0].fb_used, 16, 8);
	FT(struct nvsim_ctrl_fb_usage, usage[1].gfid, 24, 4);
	SIZE_FT(struct nvsim_host_vgpu_device, 48);
	FT(struct nvsim_host_vgpu_device, gfid, 0, 4);
	FT(struct nvsim_host_vgpu_device, vgpu_pci_id, 8, 8);
	FT(struct nvsim_host_vgpu_device, vgpu_device_instance_id, 16, 4);
	FT(struct nvsim_host_vgpu_device, fb_used, 24, 8);
	FT(struct nvsim_host_vgpu_device, encoder_capacity, 32, 4);
	FT(struct nvsim_host_vgpu_device, ecc_state, 36, 4);
	FT(struct nvsim_host_vgpu_device, driver_loaded, 40, 1);
	SIZE_FT(struct nvsim_guest_vm_info, 104);
	SIZE_FT(struct nvsim_ctrl_enumerate_vgpu, 4872);
	FT(struct nvsim_ctrl_enumerate_vgpu, num_vgpu, 0, 4);
	FT(struct nvsim_ctrl_enumerate_vgpu, vgpu_guest, 8, 4864);
	FT(struct nvsim_ctrl_enumerate_vgpu, vgpu_guest[0].host_vgpu_device, 8 + 104, 48);
	FT(struct nvsim_ctrl_enumerate_vgpu, vgpu_guest[1].guest_vm_info, 8 + 152, 104);
	SIZE_FT(struct nvsim_ctrl_gfid, 4);
	end("GET_VGPU_FB_USAGE / ENUMERATE_VGPU_PER_PGPU / {gfid} [facts §1.3]");

	begin();
	SIZE_FT(struct nvsim_ctrl_vmmu_segment_size, 8);
	FT(struct nvsim_ctrl_vmmu_segment_size, vmmu_segment_size, 0, 8);
	SIZE_FT(struct nvsim_ctrl_gsp_features, 72);
	FT(struct nvsim_ctrl_gsp_features, gsp_features, 0, 4);
	FT(struct nvsim_ctrl_gsp_features, valid, 4, 1);
	FT(struct nvsim_ctrl_gsp_features, default_gsp_rm_gpu, 5, 1);
	FT(struct nvsim_ctrl_gsp_features, firmware_version, 6, 64);
	CONST_EQ(NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, 0x2080017e);
	CONST_EQ(NVSIM_CTRL_GSP_GET_FEATURES, 0x20803601);
	CONST_EQ(NVSIM_CTRL_VGPU_BOOTLOAD, 0x20804001);
	CONST_EQ(NVSIM_CTRL_VGPU_SHUTDOWN, 0x20804002);
	CONST_EQ(NVSIM_CTRL_VGPU_ADD_TYPE, 0x20804003);
	CONST_EQ(NVSIM_CTRL_VGPU_ENUMERATE, 0x20804004);
	CONST_EQ(NVSIM_CTRL_VGPU_GET_FB_USAGE, 0x20804006);
	CONST_EQ(NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 0x20804008);
	end("VMMU_SEGMENT_SIZE / GSP_GET_FEATURES / vGPU control IDs [facts §1, §3, §6.5]");
}

static void t_mailbox(void)
{
	typedef struct nvsim_plugin_ctrl C;
	typedef struct nvsim_plugin_resp R;
	typedef struct nvsim_plugin_surface S;
	typedef struct nvsim_plugin_config K;

	begin();
	FT(C, version, 0, 4);
	FT(C, message_type, 4, 4);
	FT(C, message_seq_num, 8, 4);
	FT(C, response_buff_offset, 16, 8);
	FT(C, message_buff_offset, 24, 8);
	FT(C, migration_buff_offset, 32, 8);
	FT(C, error_buff_offset, 40, 8);
	FT(C, migration_buf_cpu_access_offset, 48, 4);
	FT(C, is_migration_in_progress, 52, 1);
	FT(C, error_buff_cpu_get_idx, 56, 4);
	FT(C, attached_vgpu_count, 60, 4);
	FT(C, host_info, 64, 448);
	SIZE_FT(struct nvsim_plugin_host_info, 28);
	FT(struct nvsim_plugin_host_info, vgpu_type_id, 0, 4);
	FT(struct nvsim_plugin_host_info, host_gpu_pci_id, 4, 4);
	FT(struct nvsim_plugin_host_info, pci_dev_id, 8, 4);
	FT(struct nvsim_plugin_host_info, vgpu_uuid, 12, 16);
	end("VGPU_CPU_GSP_CTRL_BUFF_REGION [facts §5.2]");

	begin();
	FT(R, message_seq_num_processed, 0, 4);
	FT(R, result_code, 4, 4);
	FT(R, guest_rpc_version, 8, 4);
	FT(R, migration_buf_gsp_access_offset, 12, 4);
	FT(R, migration_state_save_complete, 16, 4);
	FT(R, surface, 24, 320);
	FT(R, error_buff_gsp_put_idx, 344, 4);
	FT(R, grid_license_state, 348, 4);
	SIZE_FT(S, 80);
	FT(S, sequence_update_start, 0, 8);
	FT(S, sequence_update_end, 8, 8);
	FT(S, effective_fb_page_size, 16, 4);
	FT(S, surface_type, 56, 4);
	FT(S, surface_block_height, 60, 1);
	FT(S, is_blanking_enabled, 64, 4);
	FT(S, is_flip_pending, 68, 4);
	FT(S, is_free_pending, 72, 4);
	FT(S, is_memory_blocklinear, 76, 4);
	end("VGPU_CPU_GSP_RESPONSE_BUFF_REGION [facts §5.3]");

	begin();
	SIZE_FT(K, 88);
	FT(K, vgpu_uuid, 0, 16);
	FT(K, dbdf, 16, 4);
	FT(K, driver_vm_vf_dbdf, 20, 4);
	FT(K, vgpu_device_instance_id, 24, 4);
	FT(K, vgpu_type, 28, 4);
	FT(K, vm_pid, 32, 4);
	FT(K, swizz_id, 36, 4);
	FT(K, num_channels, 40, 4);
	FT(K, num_plugin_channels, 44, 4);
	FT(K, vmm_cap, 48, 4);
	FT(K, migration_feature, 52, 4);
	FT(K, hypervisor_type, 56, 4);
	FT(K, host_cpu_arch, 60, 4);
	FT(K, host_page_size, 64, 8);
	FT(K, rev1, 72, 2);
	FT(K, enable_uvm, 74, 1);
	FT(K, linux_interrupt_optimization, 75, 1);
	FT(K, vmm_migration_supported, 76, 1);
	FT(K, rev2, 77, 1);
	FT(K, enable_console_vnc, 78, 1);
	FT(K, use_non_stall_linux_events, 79, 1);
	FT(K, rev3, 80, 4);
	SIZE_FT(struct nvsim_plugin_version, 8);
	FT(struct nvsim_plugin_version, version_cpu, 0, 4);
	FT(struct nvsim_plugin_version, version_negotiated, 4, 4);
	SIZE_FT(struct nvsim_plugin_bme, 2);
	FT(struct nvsim_plugin_bme, enable, 0, 1);
	FT(struct nvsim_plugin_bme, allowed, 1, 1);
	CONST_EQ(NVSIM_PLUGIN_COMM_SIZE, 0x264000);
	CONST_EQ(NVSIM_PLUGIN_BOOT_MAGIC, 0x4E654A6F);
	end("mailbox messages: COPY_CONFIG_PARAMS / VERSION / BME [facts §5.4, §5.5]");
}

int main(void)
{
	printf("TAP version 13\n");
	t_boot_args();
	t_wpr_meta();
	t_queues();
	t_rpc_payloads();
	t_system_info();
	t_static_info();
	t_alloc_params();
	t_ctrl_params();
	t_vgpu_ctrls();
	t_mailbox();
	printf("1..%d\n", test_nr);
	printf("# passed: %d failed: %d\n", test_nr - failed, failed);
	return failed ? 1 : 0;
}
