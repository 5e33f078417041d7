// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The mailbox between the host (the "CPU plugin") and a vGPU's plugin task
 * in GSP-RM, in the vGPU's management heap, and its doorbell.
 *
 * What is known of it comes only from NVIDIA's 2024 RFC (its copies of
 * dev_vgpu_gsp.h and vmioplugin.h and its rpc.c; see
 * shared/reference/rm-vgpu-facts.md §5); no NVIDIA header release has it.
 * Everything that depends on it is in this file. Assumptions:
 *
 * - Heap layout from offset 0: control buffer (4 KiB, host writes),
 *   response buffer (4 KiB, plugin writes), message buffer (4 KiB, both),
 *   migration buffer (2 MiB), error buffer (4 KiB), init-task log
 *   (128 KiB), vGPU-task log (128 KiB as the RFC passes, although its
 *   header reserves 256 KiB), then the plugin's own heap.
 * - Bootload gets ctrlBuffOffset as a heap offset (0) and the two log
 *   buffers as absolute FB addresses, as the RFC passes them.
 * - Control buffer version 1. After bootload the plugin writes
 *   GSP_PLUGIN_BOOTLOADED (0x4e654a6f) into message_seq_num; the host then
 *   numbers its messages 1, 2, ... and the plugin echoes the number in
 *   message_seq_num_processed of the response buffer when done, with
 *   result_code 0 on success.
 * - The doorbell is PF BAR0 0xb82200 (the VF's PRIV_DOORBELL seen from the
 *   PF), written with gfid * 32 + 17 (17: host CPU plugin to GSP plugin).
 * - VERSION_NEGOTIATION with version_cpu 0 accepts the plugin's version
 *   (the RFC sends an empty payload). SETUP_CONFIG_PARAMS_AND_INIT takes
 *   NV_VGPU_CPU_RPC_DATA_COPY_CONFIG_PARAMS; the fields the RFC copies from
 *   a template without knowing them keep the template's values.
 *
 * - Display planes: no published source says how the host learns what a
 *   vGPU scans out (the RFC's response buffer has console surfaces,
 *   VGPU_CPU_GSP_DISPLAYLESS_SURFACE, with no protocol around them). The
 *   simulated GPU's plugin answers message MBOX_MSG_SIM_DISPLAY_PLANE
 *   (0x4e530001, outside the RFC's message range, so real firmware refuses
 *   it and the query fails with -EIO) with struct mbox_plane, written down
 *   as a simulator assumption in tools/testing/nvidia-vgpu/sim/README.md.
 *
 * Completion is polled: the plugin's only known completion signal is the
 * sequence number it writes into the shared buffer (the RFC polls it with
 * 1-2 us sleeps); GSP-RM is not known to send any event for a mailbox
 * answer. The poll starts at MBOX_POLL_MIN_NS and backs off to
 * MBOX_POLL_MAX_NS, ends early when the vGPU dies (its plugin's CRASHED
 * notification, which GSP-RM does send, wakes it) and gives up after
 * MBOX_TIMEOUT_MS.
 */
#include "priv.h"

#include <core/device.h>
#include <core/memory.h>
#include <subdev/bar.h>
#include <subdev/fb.h>
#include <subdev/mmu.h>

#include <linux/io.h>
#include <linux/ktime.h>
#include <linux/wait.h>

#define MBOX_CTRL_OFF		0x000000
#define MBOX_RESP_OFF		0x001000
#define MBOX_MSG_OFF		0x002000
#define MBOX_MIGRATION_OFF	0x003000
#define MBOX_ERROR_OFF		0x203000
#define MBOX_INIT_LOG_OFF	0x204000
#define MBOX_INIT_LOG_SIZE	SZ_128K
#define MBOX_VGPU_LOG_OFF	(MBOX_INIT_LOG_OFF + MBOX_INIT_LOG_SIZE)
#define MBOX_VGPU_LOG_SIZE	SZ_128K
#define MBOX_COMM_SIZE		0x264000	/* ..._COMMUNICATION_BUFF_TOTAL_SIZE */
#define MBOX_BUF_SIZE		SZ_4K
#define MBOX_MAP_SIZE		(MBOX_MSG_OFF + MBOX_BUF_SIZE)

#define MBOX_CTRL_VERSION	1
#define MBOX_BOOTLOADED		0x4e654a6f
#define MBOX_DOORBELL		0xb82200
#define MBOX_DOORBELL_CPU_PLUGIN 17

#define MBOX_MSG_VERSION_NEGOTIATION	1
#define MBOX_MSG_SETUP_CONFIG		2
#define MBOX_MSG_RESET			3
#define MBOX_MSG_UPDATE_BME_STATE	13
#define MBOX_MSG_GET_GUEST_INFO		14
/*
 * Assumption, simulator-defined: per-vGPU plugin parameters that have no
 * field in SETUP_CONFIG's payload (NVIDIA's frame_rate_limiter) go in a
 * message of their own, far outside the RFC's message enum (1..14). It is
 * only sent when a parameter differs from its default, so a plugin that
 * does not know it sees nothing new unless it is asked for.
 */
#define MBOX_MSG_SET_PLUGIN_PARAMS	0x100
#define MBOX_MSG_SIM_DISPLAY_PLANE	0x4e530001

#define MBOX_TIMEOUT_MS		10000
#define MBOX_POLL_MIN_NS	(2 * NSEC_PER_USEC)
#define MBOX_POLL_MAX_NS	(10 * NSEC_PER_MSEC)

/* VGPU_CPU_GSP_CTRL_BUFF_REGION, the part before host_info[] */
struct mbox_ctrl {
	u32 version;
	u32 message_type;
	u32 message_seq_num;
	u32 pad0;
	u64 response_buff_offset;
	u64 message_buff_offset;
	u64 migration_buff_offset;
	u64 error_buff_offset;
	u32 migration_buf_cpu_access_offset;
	u8 is_migration_in_progress;
	u8 pad1[3];
	u32 error_buff_cpu_get_idx;
	u32 attached_vgpu_count;
};

/* VGPU_CPU_GSP_RESPONSE_BUFF_REGION, the first fields */
struct mbox_resp {
	u32 message_seq_num_processed;
	u32 result_code;
	u32 guest_rpc_version;
};

/* VERSION_NEGOTIATION payload */
struct mbox_version {
	u32 version_cpu;
	u32 version_negotiated;
};

/* NV_VGPU_CPU_RPC_DATA_COPY_CONFIG_PARAMS */
struct mbox_config {
	u8 vgpu_uuid[16];
	u32 dbdf;
	u32 driver_vm_vf_dbdf;
	u32 vgpu_device_instance_id;
	u32 vgpu_type;
	u32 vm_pid;
	u32 swizz_id;
	u32 num_channels;
	u32 num_plugin_channels;
	u32 vmm_cap;
	u32 migration_feature;
	u32 hypervisor_type;
	u32 host_cpu_arch;
	u64 host_page_size;
	u8 rev1[2];
	u8 enable_uvm;
	u8 linux_interrupt_optimization;
	u8 vmm_migration_supported;
	u8 rev2;
	u8 enable_console_vnc;
	u8 use_non_stall_linux_events;
	u32 rev3;
	u32 pad;
};

/* SET_PLUGIN_PARAMS payload (simulator-defined, see above) */
struct mbox_plugin_params {
	u8 frame_rate_limiter;	/* 0: no frame rate limit for this vGPU */
	u8 pad[3];
};

/*
 * GET_GUEST_INFO reply (simulator-defined: the RFC has the message but no
 * payload): what the plugin knows of the guest
 */
struct mbox_guest_info {
	u32 gfid;
	u32 vgpu_type;
	u32 plugin_state;
	u32 bme_enabled;
	u64 fb_used;
	u32 channels_used;
	u32 pad;
};

/* UPDATE_BME_STATE payload */
struct mbox_bme {
	u8 enable;
	u8 allowed;
};

/* MBOX_MSG_SIM_DISPLAY_PLANE request and reply (simulator-defined) */
struct mbox_plane_req {
	u32 head;
};

struct mbox_plane {
	u32 head;
	u32 enabled;
	u64 fb_offset;
	u32 drm_format;
	u32 width;
	u32 height;
	u32 stride;
	u32 flips;
	u32 pad;
};

static_assert(offsetof(struct mbox_ctrl, message_seq_num) == 8);
static_assert(offsetof(struct mbox_plane, fb_offset) == 8);
static_assert(offsetof(struct mbox_plane, flips) == 32);
static_assert(sizeof(struct mbox_plane) == 40);
static_assert(offsetof(struct mbox_ctrl, response_buff_offset) == 16);
static_assert(offsetof(struct mbox_ctrl, error_buff_offset) == 40);
static_assert(offsetof(struct mbox_ctrl, attached_vgpu_count) == 60);
static_assert(sizeof(struct mbox_ctrl) == 64);
static_assert(offsetof(struct mbox_resp, result_code) == 4);
static_assert(sizeof(struct mbox_config) == 88);
static_assert(offsetof(struct mbox_config, vgpu_device_instance_id) == 24);
static_assert(offsetof(struct mbox_config, host_cpu_arch) == 60);
static_assert(offsetof(struct mbox_config, host_page_size) == 64);
static_assert(offsetof(struct mbox_config, use_non_stall_linux_events) == 79);
static_assert(offsetof(struct mbox_config, rev3) == 80);
static_assert(sizeof(struct mbox_bme) == 2);
static_assert(sizeof(struct mbox_plugin_params) == 4);
static_assert(sizeof(struct mbox_guest_info) == 32);

#define MBOX_FIELD(f) (MBOX_CTRL_OFF + offsetof(struct mbox_ctrl, f))
#define MBOX_RESP(f) (MBOX_RESP_OFF + offsetof(struct mbox_resp, f))

/**
 * nvkm_vgpu_bar1_map - map framebuffer through BAR1 for the CPU
 * @mgr: the manager
 * @addr: FB address, 4 KiB aligned
 * @size: bytes, 4 KiB aligned
 * @wc: map write-combined (bulk writes) instead of uncached
 * @map: the mapping; undone with nvkm_vgpu_bar1_unmap(), also on error
 *
 * Return: 0 or a negative error code.
 */
int
nvkm_vgpu_bar1_map(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size, bool wc,
		   struct nvkm_vgpu_bar1_map *map)
{
	struct nvkm_device *device = mgr->device;
	struct nvkm_vmm *bar1 = nvkm_bar_bar1_vmm(device);
	resource_size_t base;
	int ret;

	if (!IS_ALIGNED(addr | size, SZ_4K) || !size)
		return -EINVAL;

	ret = nvkm_ram_wrap(device, addr, size, &map->mem);
	if (ret)
		return ret;

	ret = nvkm_vmm_get(bar1, 12, size, &map->vma);
	if (ret)
		return ret;

	ret = nvkm_memory_map(map->mem, 0, bar1, map->vma, NULL, 0);
	if (ret)
		return ret;

	base = device->func->resource_addr(device, 1) + map->vma->addr;
	map->io = wc ? ioremap_wc(base, size) : ioremap(base, size);
	return map->io ? 0 : -ENOMEM;
}

/**
 * nvkm_vgpu_bar1_unmap - undo nvkm_vgpu_bar1_map()
 * @mgr: the manager
 * @map: the mapping; may be partly set up or empty
 */
void
nvkm_vgpu_bar1_unmap(struct nvkm_vgpu_mgr *mgr, struct nvkm_vgpu_bar1_map *map)
{
	struct nvkm_vmm *bar1 = nvkm_bar_bar1_vmm(mgr->device);

	if (map->io) {
		iounmap(map->io);
		map->io = NULL;
	}
	if (map->vma) {
		nvkm_vmm_unmap(bar1, map->vma);
		nvkm_vmm_put(bar1, &map->vma);
	}
	nvkm_memory_unref(&map->mem);
}

/**
 * nvkm_vgpu_bar1_fill - zero framebuffer with CPU writes through BAR1
 * @mgr: the manager
 * @addr: FB address, 4 KiB aligned
 * @size: bytes, 4 KiB aligned
 * @chunk: most bytes mapped at a time, 4 KiB aligned
 *
 * The generic way to scrub framebuffer: map it into BAR1 piece by piece
 * and clear it from the CPU. A copy-engine channel would take the CPU out
 * of it on a real GPU; this is correct everywhere.
 *
 * Return: 0 or a negative error code.
 */
int
nvkm_vgpu_bar1_fill(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size, u64 chunk)
{
	struct nvkm_vgpu_bar1_map map = {};
	u64 off, len;
	int ret = 0;

	if (!IS_ALIGNED(addr | size | chunk, SZ_4K) || !chunk)
		return -EINVAL;

	for (off = 0; off < size && !ret; off += len) {
		len = min(chunk, size - off);
		ret = nvkm_vgpu_bar1_map(mgr, addr + off, len, true, &map);
		if (!ret)
			memset_io(map.io, 0, len);
		nvkm_vgpu_bar1_unmap(mgr, &map);
		cond_resched();
	}
	return ret;
}

/**
 * nvkm_vgpu_mbox_map - map a vGPU's mailbox
 * @vgpu: the vGPU, with its management heap reserved and scrubbed
 * @mbox: the mailbox state
 *
 * The CPU reaches the mailbox through BAR1. It must be zero before the
 * plugin is started, so that nothing of a previous owner of the heap is
 * mistaken for an answer: the core scrubbed the whole heap just before
 * (nvkm_vgpu_scrub()), so it is not cleared again here - 12 KiB written
 * through uncached BAR1 were the largest part of the driver's own time in
 * a create (make bench). The two words an answer would be read from are
 * checked instead.
 *
 * Return: 0, -EIO if the mailbox is not clean, or a negative error code.
 */
int
nvkm_vgpu_mbox_map(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox)
{
	int ret;

	if (vgpu->heap.size < MBOX_COMM_SIZE)
		return -EINVAL;

	ret = nvkm_vgpu_bar1_map(vgpu->mgr, vgpu->heap.addr, MBOX_MAP_SIZE, false, &mbox->map);
	if (ret) {
		nvkm_vgpu_bar1_unmap(vgpu->mgr, &mbox->map);
		return ret;
	}

	if (ioread32(mbox->map.io + MBOX_FIELD(message_seq_num)) ||
	    ioread32(mbox->map.io + MBOX_RESP(message_seq_num_processed))) {
		vgpu_mgr_err(vgpu->mgr, "VF %u: mailbox not scrubbed\n", vgpu->vf);
		nvkm_vgpu_bar1_unmap(vgpu->mgr, &mbox->map);
		return -EIO;
	}
	mbox->seq = 0;
	mbox->msg_dirty = 0;
	return 0;
}

/**
 * nvkm_vgpu_mbox_unmap - undo nvkm_vgpu_mbox_map()
 * @vgpu: the vGPU
 * @mbox: the mailbox state; may be partly set up
 */
void
nvkm_vgpu_mbox_unmap(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox)
{
	nvkm_vgpu_bar1_unmap(vgpu->mgr, &mbox->map);
}

/**
 * nvkm_vgpu_mbox_heap - where bootload tells the plugin its buffers are
 * @vgpu: the vGPU
 * @ctrl: heap offset of the control buffer
 * @init_log: FB address of the init-task log
 * @init_log_size: its size
 * @vgpu_log: FB address of the vGPU-task log
 * @vgpu_log_size: its size
 */
void
nvkm_vgpu_mbox_heap(struct nvkm_vgpu *vgpu, u64 *ctrl, u64 *init_log, u64 *init_log_size,
		    u64 *vgpu_log, u64 *vgpu_log_size)
{
	*ctrl = MBOX_CTRL_OFF;
	*init_log = vgpu->heap.addr + MBOX_INIT_LOG_OFF;
	*init_log_size = MBOX_INIT_LOG_SIZE;
	*vgpu_log = vgpu->heap.addr + MBOX_VGPU_LOG_OFF;
	*vgpu_log_size = MBOX_VGPU_LOG_SIZE;
}

static void
mbox_wr64(struct nvkm_vgpu_mbox *mbox, u32 off, u64 val)
{
	iowrite32(lower_32_bits(val), mbox->map.io + off);
	iowrite32(upper_32_bits(val), mbox->map.io + off + 4);
}

/*
 * Poll until done(mbox), sleeping MBOX_POLL_MIN_NS at first and twice as
 * long each time up to MBOX_POLL_MAX_NS (a fast answer is seen within
 * microseconds, a slow one costs few BAR1 reads: a silent plugin is read
 * about 100 times a second, not 5000, so a stuck vGPU's wait does not
 * load the CPU or the BAR for the other vGPUs); -EIO as soon as the vGPU
 * is dead (e.g. its plugin crashed: that event wakes the sleep),
 * -ETIMEDOUT after MBOX_TIMEOUT_MS. No firmware event is needed to see an
 * answer.
 */
static int
mbox_wait(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox,
	  bool (*done)(struct nvkm_vgpu_mbox *mbox))
{
	ktime_t end = ktime_add_ms(ktime_get(), MBOX_TIMEOUT_MS);
	u64 ns = MBOX_POLL_MIN_NS;

	while (!done(mbox)) {
		if (nvkm_vgpu_dead(vgpu))
			return -EIO;
		if (ktime_after(ktime_get(), end))
			return -ETIMEDOUT;
		wait_event_hrtimeout(vgpu->wait, nvkm_vgpu_dead(vgpu), ns_to_ktime(ns));
		ns = min(2 * ns, MBOX_POLL_MAX_NS);
	}
	return 0;
}

static bool
mbox_booted(struct nvkm_vgpu_mbox *mbox)
{
	return ioread32(mbox->map.io + MBOX_FIELD(message_seq_num)) == MBOX_BOOTLOADED;
}

static bool
mbox_done(struct nvkm_vgpu_mbox *mbox)
{
	return ioread32(mbox->map.io + MBOX_RESP(message_seq_num_processed)) == mbox->seq;
}

/*
 * One exchange: the request into the message buffer, type and number into
 * the control buffer, ring, wait for the number in the response buffer,
 * the reply out of the message buffer.
 */
static int
mbox_call(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox, u32 type,
	  const void *req, size_t req_size, void *reply, size_t reply_size)
{
	struct nvkm_device *device = vgpu->mgr->device;
	u32 result;
	int ret;

	if (WARN_ON(req_size > MBOX_BUF_SIZE || reply_size > MBOX_BUF_SIZE))
		return -EINVAL;
	if (nvkm_vgpu_dead(vgpu))
		return -EIO;

	/*
	 * The request, zero behind it: only what an earlier request or reply
	 * may have left needs clearing, not the whole 4 KiB (assumption: the
	 * plugin writes no more of the buffer than the reply asked for, as
	 * the RFC's fixed-size replies suggest).
	 */
	memcpy_toio(mbox->map.io + MBOX_MSG_OFF, req, req_size);
	if (mbox->msg_dirty > req_size)
		memset_io(mbox->map.io + MBOX_MSG_OFF + req_size, 0, mbox->msg_dirty - req_size);
	mbox->msg_dirty = max(req_size, reply_size);
	iowrite32(type, mbox->map.io + MBOX_FIELD(message_type));
	iowrite32(++mbox->seq, mbox->map.io + MBOX_FIELD(message_seq_num));
	wmb(); /* the message is in FB before the plugin is told */

	nvkm_wr32(device, MBOX_DOORBELL, vgpu->gfid * 32 + MBOX_DOORBELL_CPU_PLUGIN);
	nvkm_rd32(device, MBOX_DOORBELL);

	ret = mbox_wait(vgpu, mbox, mbox_done);
	if (ret == -ETIMEDOUT) {
		vgpu_mgr_err(vgpu->mgr, "VF %u: plugin did not answer message %u (seq %u) in %u ms\n",
			     vgpu->vf, type, mbox->seq, MBOX_TIMEOUT_MS);
		/* it may still read the buffers: none of them is reused */
		nvkm_vgpu_mark_dead(vgpu, "its plugin stopped answering");
	}
	if (ret)
		return ret;

	result = ioread32(mbox->map.io + MBOX_RESP(result_code));
	if (result) {
		vgpu_mgr_err(vgpu->mgr, "VF %u: plugin failed message %u: %#x\n",
			     vgpu->vf, type, result);
		return -EIO;
	}

	memcpy_fromio(reply, mbox->map.io + MBOX_MSG_OFF, reply_size);
	return 0;
}

/**
 * nvkm_vgpu_mbox_boot - set up a plugin that was just bootloaded
 * @vgpu: the vGPU
 * @mbox: its mailbox
 * @instance: the vGPU's device instance ID (its RM client handle)
 *
 * Tells the plugin where its buffers are, waits until it runs, negotiates
 * the protocol version and sends the vGPU's configuration.
 *
 * Return: 0, -ETIMEDOUT if the plugin does not come up or answer in time,
 * -EIO if it refuses the configuration.
 */
int
nvkm_vgpu_mbox_boot(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox, u32 instance)
{
	struct mbox_version version = {};
	struct mbox_config config = {
		.dbdf = vgpu->dbdf,
		.vgpu_device_instance_id = instance,
		.vgpu_type = vgpu->type.id,
		.vm_pid = vgpu->config.vm_pid,
		.num_channels = vgpu->chid.count,
		.hypervisor_type = 4,	/* the RFC's value: unknown meaning */
		.host_cpu_arch = IS_ENABLED(CONFIG_ARM64) ? 1 : 2,
		.host_page_size = PAGE_SIZE,
		.enable_uvm = vgpu->params.uvm,
		.enable_console_vnc = vgpu->params.console_vnc,
	};
	struct mbox_plugin_params params = {
		.frame_rate_limiter = vgpu->params.frame_rate_limiter,
	};
	int ret;

	memcpy(config.vgpu_uuid, vgpu->config.uuid, sizeof(config.vgpu_uuid));

	iowrite32(MBOX_CTRL_VERSION, mbox->map.io + MBOX_FIELD(version));
	mbox_wr64(mbox, MBOX_FIELD(response_buff_offset), MBOX_RESP_OFF);
	mbox_wr64(mbox, MBOX_FIELD(message_buff_offset), MBOX_MSG_OFF);
	mbox_wr64(mbox, MBOX_FIELD(migration_buff_offset), MBOX_MIGRATION_OFF);
	mbox_wr64(mbox, MBOX_FIELD(error_buff_offset), MBOX_ERROR_OFF);
	wmb(); /* the control buffer is set up before the plugin reads it */

	ret = mbox_wait(vgpu, mbox, mbox_booted);
	if (ret == -ETIMEDOUT) {
		vgpu_mgr_err(vgpu->mgr, "VF %u: plugin did not come up in %u ms\n",
			     vgpu->vf, MBOX_TIMEOUT_MS);
		nvkm_vgpu_mark_dead(vgpu, "its plugin did not come up");
	}
	if (ret)
		return ret;

	ret = mbox_call(vgpu, mbox, MBOX_MSG_VERSION_NEGOTIATION, &version, sizeof(version),
			&version, sizeof(version));
	if (ret)
		return ret;

	vgpu_mgr_dbg(vgpu->mgr, "VF %u: plugin protocol %#x\n", vgpu->vf,
		     version.version_negotiated);

	ret = mbox_call(vgpu, mbox, MBOX_MSG_SETUP_CONFIG, &config, sizeof(config), NULL, 0);
	if (ret || params.frame_rate_limiter)
		return ret;
	return mbox_call(vgpu, mbox, MBOX_MSG_SET_PLUGIN_PARAMS, &params, sizeof(params),
			 NULL, 0);
}

/**
 * nvkm_vgpu_mbox_status - ask the plugin what the guest uses
 * @vgpu: the vGPU
 * @mbox: its mailbox
 * @status: fb_used and channels_used filled in
 *
 * Return: 0 or an error of the exchange.
 */
int
nvkm_vgpu_mbox_status(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox,
		      struct nvkm_vgpu_status *status)
{
	struct mbox_guest_info info = {};
	int ret;

	ret = mbox_call(vgpu, mbox, MBOX_MSG_GET_GUEST_INFO, NULL, 0, &info, sizeof(info));
	if (ret)
		return ret;
	if (info.gfid != vgpu->gfid || info.vgpu_type != vgpu->type.id) {
		vgpu_mgr_err(vgpu->mgr, "VF %u: plugin reports GFID %u type %u\n",
			     vgpu->vf, info.gfid, info.vgpu_type);
		return -EIO;
	}
	status->fb_used = info.fb_used;
	status->channels_used = info.channels_used;
	return 0;
}

/**
 * nvkm_vgpu_mbox_msg - send an API message to a vGPU's plugin
 * @vgpu: the vGPU
 * @mbox: its mailbox
 * @msg: the API's message kind
 * @req: its request, validated by the core
 * @req_size: its size
 * @reply: reply buffer
 * @reply_size: its size
 *
 * Return: 0, -EOPNOTSUPP for a message this firmware has no counterpart
 * of, or an error of the exchange.
 */
int
nvkm_vgpu_mbox_msg(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox,
		   enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
		   void *reply, size_t reply_size)
{
	switch (msg) {
	case NVKM_VGPU_MSG_BUS_MASTER: {
		const struct nvkm_vgpu_msg_bus_master *bm = req;
		struct mbox_bme bme = { .enable = bm->enable, .allowed = 1 };

		return mbox_call(vgpu, mbox, MBOX_MSG_UPDATE_BME_STATE, &bme, sizeof(bme),
				 NULL, 0);
	}
	default:
		return -EOPNOTSUPP;
	}
}

/**
 * nvkm_vgpu_mbox_reset - reset a vGPU through its plugin
 * @vgpu: the vGPU
 * @mbox: its mailbox
 *
 * Return: 0 or an error of the exchange.
 */
int
nvkm_vgpu_mbox_reset(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox)
{
	return mbox_call(vgpu, mbox, MBOX_MSG_RESET, NULL, 0, NULL, 0);
}

/**
 * nvkm_vgpu_mbox_plane - ask a vGPU's plugin what a head scans out
 * @vgpu: the vGPU
 * @mbox: its mailbox
 * @head: the head
 * @plane: the plugin's report, not checked beyond its encoding (the
 *         caller checks it against the vGPU)
 *
 * Return: 0, -EIO if the plugin refused or answered for another head, or
 * an error of the exchange.
 */
int
nvkm_vgpu_mbox_plane(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox, u32 head,
		     struct nvkm_vgpu_plane *plane)
{
	struct mbox_plane_req req = { .head = head };
	struct mbox_plane rep;
	int ret;

	ret = mbox_call(vgpu, mbox, MBOX_MSG_SIM_DISPLAY_PLANE, &req, sizeof(req),
			&rep, sizeof(rep));
	if (ret)
		return ret;
	if (rep.head != head || rep.enabled > 1)
		return -EIO;

	*plane = (struct nvkm_vgpu_plane){
		.enabled = rep.enabled,
		.drm_format = rep.drm_format,
		.fb_offset = rep.fb_offset,
		.width = rep.width,
		.height = rep.height,
		.stride = rep.stride,
		.generation = rep.flips,
	};
	return 0;
}
