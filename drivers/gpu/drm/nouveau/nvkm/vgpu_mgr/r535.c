// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The vGPU manager on GSP-RM 535: the manager's RM client, the VMMU segment
 * size, the framebuffer carve-out, the type table upload, the lifecycle
 * controls of a vGPU's plugin task (bootload, shutdown, cleanup) on a
 * per-vGPU RM client, and GSP-RM's notifications about vGPUs.
 */
#include "priv.h"
#include "rm.h"

#include <core/device.h>
#include <core/memory.h>
#include <engine/fifo.h>
#include <subdev/fb.h>
#include <subdev/gsp.h>

#include <engine/fifo/runl.h>

#include <nvrm/nvtypes.h>
#include <nvrm/535.113.01/nvidia/kernel/inc/vgpu/rpc_global_enums.h>

#include <linux/log2.h>

/*
 * Framebuffer the host keeps for itself (instance memory, page tables, TTM)
 * when the rest of the free VRAM is reserved for vGPUs.
 */
#define NVKM_VGPU_MGR_HOST_FB	SZ_256M

/* RM's engine type of the graphics engine, NV2080_ENGINE_TYPE_GR0 */
#define NVKM_RM_ENGINE_TYPE_GR0	1

struct nvkm_vgpu_mgr_r535 {
	struct nvkm_gsp_client client;	/* the manager's RM client */
	struct nvkm_gsp_device device;
	struct nvkm_memory *fb;		/* the VRAM reserved for vGPUs */
	/*
	 * Serialises the simulated GPU's framebuffer scrubber, one register
	 * set for the whole PF: scrubs of several vGPUs run concurrently.
	 */
	struct mutex scrub_mutex;
};

struct nvkm_vgpu_r535 {
	struct nvkm_gsp_client client;	/* the vGPU's RM client */
	struct nvkm_gsp_device device;
	struct nvkm_vgpu_mbox mbox;
};

static struct nvkm_vgpu_mgr_r535 *
r535_vgpu_mgr(struct nvkm_vgpu_mgr *mgr)
{
	return mgr->fw_priv;
}

static int
r535_vgpu_mgr_set_types(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types,
			unsigned int count)
{
	struct nvkm_gsp_object *subdevice = &r535_vgpu_mgr(mgr)->device.subdevice;
	struct nv2080_ctrl_vgpu_mgr_internal_pgpu_add_vgpu_type_params *ctrl;
	int ret;

	if (WARN_ON(count > ARRAY_SIZE(ctrl->vgpu_info)))
		return -EINVAL;

	ctrl = nvkm_gsp_rm_ctrl_get(subdevice, NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_PGPU_ADD_VGPU_TYPE,
				    sizeof(*ctrl));
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);

	ctrl->discard_vgpu_types = 1;
	ctrl->vgpu_info_count = count;
	for (unsigned int i = 0; i < count; i++)
		nvkm_vgpu_type_encode(&types[i], &ctrl->vgpu_info[i]);

	ret = nvkm_gsp_rm_ctrl_wr(subdevice, ctrl);
	if (ret)
		vgpu_mgr_err(mgr, "GSP-RM refused the vGPU types (%d)\n", ret);
	return ret;
}

static struct nvkm_vgpu_r535 *
r535_vgpu(struct nvkm_vgpu *vgpu)
{
	return vgpu->fw_priv;
}

/* SHUTDOWN_GSP_VGPU_PLUGIN_TASK or VGPU_PLUGIN_CLEANUP */
static int
r535_vgpu_gfid_ctrl(struct nvkm_vgpu *vgpu, u32 cmd)
{
	struct nvkm_gsp_object *subdevice = &r535_vgpu(vgpu)->device.subdevice;
	struct nv2080_ctrl_vgpu_mgr_internal_gfid_params *ctrl;

	ctrl = nvkm_gsp_rm_ctrl_get(subdevice, cmd, sizeof(*ctrl));
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);

	ctrl->gfid = vgpu->gfid;
	return nvkm_gsp_rm_ctrl_wr(subdevice, ctrl);
}

/*
 * Stop the plugin task and have GSP-RM release the GFID. Cleanup is asked
 * for even when the shutdown failed: it is GSP-RM's only way to let go of
 * the vGPU's resources. Unless both succeed, the firmware may still own the
 * vGPU's framebuffer and channels.
 */
static int
r535_vgpu_shutdown(struct nvkm_vgpu *vgpu)
{
	int ret, cleanup;

	ret = r535_vgpu_gfid_ctrl(vgpu,
				  NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_SHUTDOWN_GSP_VGPU_PLUGIN_TASK);
	if (ret)
		vgpu_mgr_err(vgpu->mgr, "VF %u: shutdown of the plugin failed (%d)\n",
			     vgpu->vf, ret);

	cleanup = r535_vgpu_gfid_ctrl(vgpu, NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_VGPU_PLUGIN_CLEANUP);
	if (cleanup)
		vgpu_mgr_err(vgpu->mgr, "VF %u: cleanup of the plugin failed (%d)\n",
			     vgpu->vf, cleanup);

	if (ret || cleanup)
		set_bit(NVKM_VGPU_FW_UNKNOWN, &vgpu->flags);
	return ret ? ret : cleanup;
}

/* The engines the vGPU's channel range applies to: GR0 and the host's. */
static void
r535_vgpu_engines(struct nvkm_vgpu *vgpu, u32 *chid_offset)
{
	struct nvkm_fifo *fifo = vgpu->mgr->device->fifo;
	struct nvkm_runl *runl;
	struct nvkm_engn *engn;

	chid_offset[NVKM_RM_ENGINE_TYPE_GR0] = vgpu->chid.offset;
	if (!fifo)
		return;

	nvkm_runl_foreach(runl, fifo) {
		nvkm_runl_foreach_engn(engn, runl) {
			if (engn->id > 0 && engn->id < NV2080_GPU_MAX_ENGINES)
				chid_offset[engn->id] = vgpu->chid.offset;
		}
	}
}

static int
r535_vgpu_bootload(struct nvkm_vgpu *vgpu)
{
	struct nvkm_gsp_object *subdevice = &r535_vgpu(vgpu)->device.subdevice;
	struct nv2080_ctrl_vgpu_mgr_internal_bootload_gsp_vgpu_plugin_task_params *ctrl;
	int ret;

	ctrl = nvkm_gsp_rm_ctrl_get(subdevice,
				    NV2080_CTRL_CMD_VGPU_MGR_INTERNAL_BOOTLOAD_GSP_VGPU_PLUGIN_TASK,
				    sizeof(*ctrl));
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);

	ctrl->dbdf = vgpu->dbdf;
	ctrl->gfid = vgpu->gfid;
	ctrl->vgpu_type = vgpu->type.id;
	ctrl->vm_pid = vgpu->config.vm_pid;
	ctrl->num_channels = vgpu->chid.count;
	r535_vgpu_engines(vgpu, ctrl->chid_offset);
	ctrl->num_guest_fb_segments = 1;
	ctrl->guest_fb_phys_addr_list[0] = vgpu->fb.addr;
	ctrl->guest_fb_length_list[0] = vgpu->fb.size;
	ctrl->plugin_heap_memory_phys_addr = vgpu->heap.addr;
	ctrl->plugin_heap_memory_length = vgpu->heap.size;
	nvkm_vgpu_mbox_heap(vgpu, &ctrl->ctrl_buff_offset,
			    &ctrl->init_task_log_buff_offset, &ctrl->init_task_log_buff_size,
			    &ctrl->vgpu_task_log_buff_offset, &ctrl->vgpu_task_log_buff_size);

	ret = nvkm_gsp_rm_ctrl_wr(subdevice, ctrl);
	if (ret)
		vgpu_mgr_err(vgpu->mgr, "VF %u: GSP-RM refused to bootload the plugin (%d)\n",
			     vgpu->vf, ret);
	return ret;
}

static void
r535_vgpu_free(struct nvkm_vgpu *vgpu)
{
	struct nvkm_vgpu_r535 *rv = r535_vgpu(vgpu);

	nvkm_gsp_device_dtor(&rv->device);
	nvkm_gsp_client_dtor(&rv->client);
	nvkm_vgpu_mbox_unmap(vgpu, &rv->mbox);
	vgpu->fw_priv = NULL;
	kfree(rv);
}

static int
r535_vgpu_start(struct nvkm_vgpu *vgpu)
{
	struct nvkm_gsp *gsp = vgpu->mgr->device->gsp;
	struct nvkm_vgpu_r535 *rv;
	int ret;

	rv = kzalloc(sizeof(*rv), GFP_KERNEL);
	if (!rv)
		return -ENOMEM;
	vgpu->fw_priv = rv;

	ret = nvkm_vgpu_mbox_map(vgpu, &rv->mbox);
	if (ret)
		goto fail;

	ret = nvkm_gsp_client_device_ctor(gsp, &rv->client, &rv->device);
	if (ret)
		goto fail;

	ret = r535_vgpu_bootload(vgpu);
	if (ret == -ETIMEDOUT || ret == -EIO) {
		/* no answer: the plugin may have been started after all */
		r535_vgpu_shutdown(vgpu);
		goto fail;
	}
	if (ret)
		goto fail;	/* GSP-RM refused it: nothing was started */

	ret = nvkm_vgpu_mbox_boot(vgpu, &rv->mbox, rv->client.object.handle);
	if (ret) {
		r535_vgpu_shutdown(vgpu);
		goto fail;
	}

	return 0;

fail:
	r535_vgpu_free(vgpu);
	return ret;
}

static int
r535_vgpu_stop(struct nvkm_vgpu *vgpu)
{
	int ret;

	ret = r535_vgpu_shutdown(vgpu);
	r535_vgpu_free(vgpu);
	return ret;
}

static int
r535_vgpu_reset(struct nvkm_vgpu *vgpu)
{
	return nvkm_vgpu_mbox_reset(vgpu, &r535_vgpu(vgpu)->mbox);
}

static int
r535_vgpu_status(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_status *status)
{
	return nvkm_vgpu_mbox_status(vgpu, &r535_vgpu(vgpu)->mbox, status);
}

static int
r535_vgpu_msg(struct nvkm_vgpu *vgpu, enum nvkm_vgpu_msg msg, const void *req,
	      size_t req_size, void *reply, size_t reply_size)
{
	return nvkm_vgpu_mbox_msg(vgpu, &r535_vgpu(vgpu)->mbox, msg, req, req_size,
				  reply, reply_size);
}

static int
r535_vgpu_query_plane(struct nvkm_vgpu *vgpu, u32 head, struct nvkm_vgpu_plane *plane)
{
	return nvkm_vgpu_mbox_plane(vgpu, &r535_vgpu(vgpu)->mbox, head, plane);
}

/*
 * Zero framebuffer for a new owner. The simulated GPU has a scrubbing
 * engine of its own (it has no copy engines); everywhere else the CPU
 * clears the memory through BAR1.
 */
static int
r535_vgpu_mgr_scrub(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size)
{
	struct nvkm_vgpu_mgr_r535 *r535 = r535_vgpu_mgr(mgr);
	int ret;

	mutex_lock(&r535->scrub_mutex);
	ret = nvkm_sim_fb_scrub(mgr->device, addr, size);
	mutex_unlock(&r535->scrub_mutex);
	if (ret != -ENODEV)
		return ret;
	return nvkm_vgpu_bar1_fill(mgr, addr, size, SZ_16M);
}

const struct nvkm_vgpu_mgr_fw
nvkm_vgpu_mgr_r535 = {
	.set_types = r535_vgpu_mgr_set_types,
	.start = r535_vgpu_start,
	.stop = r535_vgpu_stop,
	.reset = r535_vgpu_reset,
	.scrub = r535_vgpu_mgr_scrub,
	.msg = r535_vgpu_msg,
	.status = r535_vgpu_status,
	.query_plane = r535_vgpu_query_plane,
};

/*
 * VGPU_GSP_PLUGIN_TRIGGERED: a vGPU's plugin task reports. The known
 * notifications (NVA084_NOTIFIERS_EVENT_*) are events of the API; any
 * other index is ignored. Mailbox answers need none: they are polled
 * (mailbox.c), as no firmware is known to announce them.
 */
static int
r535_vgpu_mgr_plugin_triggered(void *priv, u32 fn, void *repv, u32 repc)
{
	static const enum nvkm_vgpu_plugin_state state[] = {
		[NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_BOOTLOADED] = NVKM_VGPU_PLUGIN_BOOTLOADED,
		[NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_UNLOADED] = NVKM_VGPU_PLUGIN_UNLOADED,
		[NVA084_NOTIFIERS_EVENT_VGPU_PLUGIN_TASK_CRASHED] = NVKM_VGPU_PLUGIN_CRASHED,
		[NVA084_NOTIFIERS_EVENT_GUEST_DRIVER_LOADED] = NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED,
		[NVA084_NOTIFIERS_EVENT_GUEST_DRIVER_UNLOADED] =
			NVKM_VGPU_PLUGIN_GUEST_DRIVER_UNLOADED,
		[NVA084_NOTIFIERS_EVENT_PRINT_ERROR_MESSAGE] = NVKM_VGPU_PLUGIN_ERROR,
		[NVA084_NOTIFIERS_EVENT_GUEST_LICENSE_STATE_CHANGED] =
			NVKM_VGPU_PLUGIN_LICENSE_CHANGED,
	};
	struct nvkm_rm_vgpu_plugin_triggered *msg = repv;
	struct nvkm_vgpu_mgr *mgr = priv;
	struct nvkm_vgpu_event_info info = {
		.event = NVKM_VGPU_EVENT_PLUGIN,
	};
	bool owned;

	if (repc < sizeof(*msg))
		return -EINVAL;

	if (msg->notify_index >= ARRAY_SIZE(state)) {
		vgpu_mgr_dbg(mgr, "unknown plugin notification %u for GFID %u ignored\n",
			     msg->notify_index, msg->gfid);
		return 0;
	}

	info.plugin = state[msg->notify_index];
	owned = nvkm_vgpu_mgr_event_gfid(mgr, msg->gfid, &info);
	if (!owned)
		vgpu_mgr_dbg(mgr, "plugin notification %u for GFID %u without a vGPU\n",
			     msg->notify_index, msg->gfid);
	return 0;
}

/* VMMU segment size: the granule in which GSP-RM assigns FB to a VF. */
static int
r535_vgpu_mgr_vmmu_segment(struct nvkm_vgpu_mgr *mgr, u64 *psize)
{
	struct nvkm_gsp_object *subdevice = &r535_vgpu_mgr(mgr)->device.subdevice;
	struct nv2080_ctrl_gpu_get_vmmu_segment_size_params *ctrl;
	u64 size;
	int ret;

	ctrl = nvkm_gsp_rm_ctrl_get(subdevice, NV2080_CTRL_CMD_GPU_GET_VMMU_SEGMENT_SIZE,
				    sizeof(*ctrl));
	if (IS_ERR(ctrl))
		return PTR_ERR(ctrl);

	ret = nvkm_gsp_rm_ctrl_push(subdevice, &ctrl, sizeof(*ctrl));
	if (ret) {
		nvkm_gsp_rm_ctrl_done(subdevice, ctrl);
		return ret;
	}

	size = ctrl->vmmu_segment_size;
	nvkm_gsp_rm_ctrl_done(subdevice, ctrl);

	if (!is_power_of_2(size) || size < SZ_32M || size > SZ_512M) {
		vgpu_mgr_err(mgr, "VMMU segment size %#llx is not one RM defines\n", size);
		return -EINVAL;
	}

	*psize = size;
	return 0;
}

/*
 * Reserve the free VRAM, less NVKM_VGPU_MGR_HOST_FB, as one contiguous,
 * segment-aligned block at the top of the heap.
 */
static int
r535_vgpu_mgr_fb_reserve(struct nvkm_vgpu_mgr *mgr, u64 align, u64 *pbase, u64 *psize)
{
	struct nvkm_vgpu_mgr_r535 *r535 = r535_vgpu_mgr(mgr);
	struct nvkm_device *device = mgr->device;
	struct nvkm_ram *ram = device->fb->ram;
	u64 heap, size;
	int ret = -ENOSPC;

	mutex_lock(&ram->mutex);
	heap = (u64)nvkm_mm_heap_size(&ram->vram, NVKM_RAM_MM_NORMAL) << NVKM_RAM_MM_SHIFT;
	mutex_unlock(&ram->mutex);

	size = heap > NVKM_VGPU_MGR_HOST_FB ? round_down(heap - NVKM_VGPU_MGR_HOST_FB, align) : 0;
	for (; size; size -= align) {
		ret = nvkm_ram_get(device, NVKM_RAM_MM_NORMAL, 0x01, ilog2(align), size,
				   true, true, &r535->fb);
		if (ret != -ENOSPC)
			break;
	}
	if (ret)
		return ret;

	*pbase = nvkm_memory_addr(r535->fb);
	*psize = size;
	return 0;
}

/**
 * nvkm_vgpu_mgr_r535_init - bring the manager up on GSP-RM
 * @mgr: the manager of a device whose GSP-RM runs
 *
 * Return: 0 or a negative error code; nothing is left behind on error but
 * the message hook, which finds no vGPU.
 */
int
nvkm_vgpu_mgr_r535_init(struct nvkm_vgpu_mgr *mgr)
{
	struct nvkm_gsp *gsp = mgr->device->gsp;
	struct nvkm_vgpu_mgr_r535 *r535;
	u64 seg, base, size;
	int ret;

	r535 = kzalloc(sizeof(*r535), GFP_KERNEL);
	if (!r535)
		return -ENOMEM;
	mutex_init(&r535->scrub_mutex);
	mgr->fw_priv = r535;

	ret = r535_gsp_msg_ntfy_add(gsp, NV_VGPU_MSG_EVENT_VGPU_GSP_PLUGIN_TRIGGERED,
				    r535_vgpu_mgr_plugin_triggered, mgr);
	if (ret)
		goto fail;

	ret = nvkm_gsp_client_device_ctor(gsp, &r535->client, &r535->device);
	if (ret)
		goto fail;

	ret = r535_vgpu_mgr_vmmu_segment(mgr, &seg);
	if (ret)
		goto fail_client;

	ret = r535_vgpu_mgr_fb_reserve(mgr, seg, &base, &size);
	if (ret) {
		vgpu_mgr_err(mgr, "no VRAM for vGPUs (%d)\n", ret);
		goto fail_client;
	}

	ret = nvkm_vgpu_mgr_setup(mgr, base, size, seg, NVKM_VGPU_MGR_CHID_HOST,
				  NVKM_VGPU_MGR_CHID_NR - NVKM_VGPU_MGR_CHID_HOST);
	if (ret)
		goto fail_fb;

	return 0;

fail_fb:
	nvkm_memory_unref(&r535->fb);
fail_client:
	nvkm_gsp_device_dtor(&r535->device);
	nvkm_gsp_client_dtor(&r535->client);
fail:
	mgr->fw_priv = NULL;
	mutex_destroy(&r535->scrub_mutex);
	kfree(r535);
	return ret;
}

/**
 * nvkm_vgpu_mgr_r535_fini - release what nvkm_vgpu_mgr_r535_init() took
 * @mgr: the manager, torn down
 */
void
nvkm_vgpu_mgr_r535_fini(struct nvkm_vgpu_mgr *mgr)
{
	struct nvkm_vgpu_mgr_r535 *r535 = r535_vgpu_mgr(mgr);

	if (!r535)
		return;

	nvkm_memory_unref(&r535->fb);
	nvkm_gsp_device_dtor(&r535->device);
	nvkm_gsp_client_dtor(&r535->client);
	mgr->fw_priv = NULL;
	mutex_destroy(&r535->scrub_mutex);
	kfree(r535);
}
