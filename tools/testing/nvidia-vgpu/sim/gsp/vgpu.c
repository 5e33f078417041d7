// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim: vGPU manager controls (NV2080 VGPU_MGR_INTERNAL, [facts §1]),
 * vGPU state per GFID and the per-VF GSP plugin that serves the host
 * mailbox in the management heap ([facts §5], known only from the 2024
 * RFC; every rule not in that source is marked "assumption").
 */
#include <stdio.h>
#include <string.h>

#include "nvsim_priv.h"

#define BOOTLOAD "BOOTLOAD_GSP_VGPU_PLUGIN_TASK"

void nvsim_vgpu_reset(struct nvsim_gsp *gsp)
{
	memset(gsp->vgpu, 0, sizeof(gsp->vgpu));
	gsp->nr_types = 0;
}

uint32_t nvsim_vgpu_live_count(struct nvsim_gsp *gsp)
{
	uint32_t n = 0;

	for (uint32_t g = 1; g <= gsp->cfg.max_vfs; g++)
		n += gsp->vgpu[g].state != NVSIM_PLUGIN_NONE;
	return n;
}

static bool gfid_ok(struct nvsim_gsp *gsp, uint32_t gfid)
{
	return gfid >= 1 && gfid <= gsp->cfg.max_vfs;
}

static int type_find(struct nvsim_gsp *gsp, uint32_t id)
{
	for (uint32_t i = 0; i < gsp->nr_types; i++)
		if (gsp->types[i].vgpu_type == id)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------------ */
/* PGPU_ADD_VGPU_TYPE ([facts §1.2, §2.1]) */

static bool str_ok(const uint8_t *s, size_t n)
{
	return memchr(s, 0, n) != NULL;
}

/* assumption: "sane" bounds; real RM does no validation ([facts §1]) */
static const char *type_check(struct nvsim_gsp *gsp, const struct nvsim_vgpu_type_info *t)
{
	if (!t->vgpu_type)
		return "vgpuType 0 is NVA081_CTRL_VGPU_CONFIG_INVALID_TYPE";
	if (!str_ok(t->vgpu_name, sizeof(t->vgpu_name)) || !t->vgpu_name[0] ||
	    !str_ok(t->vgpu_class, sizeof(t->vgpu_class)) ||
	    !str_ok(t->license, sizeof(t->license)) ||
	    !str_ok(t->adapter_name, sizeof(t->adapter_name)) ||
	    !str_ok(t->short_gpu_name_string, sizeof(t->short_gpu_name_string)) ||
	    !str_ok(t->licensed_product_name, sizeof(t->licensed_product_name)))
		return "a name string is empty or not NUL-terminated";
	if (!t->fb_length || (t->fb_length & ((1ull << 20) - 1)) ||
	    t->fb_length > gsp->cfg.vram_size)
		return "fbLength zero, not MiB-aligned or larger than VRAM";
	if (t->gsp_heap_size < NVSIM_PLUGIN_HEAP_MIN || t->gsp_heap_size > (1ull << 30) ||
	    (t->gsp_heap_size & (NVSIM_PAGE_SIZE - 1)))
		return "gspHeapSize outside [mailbox regions + 1 MiB, 1 GiB] or unaligned";
	if (!t->max_instance || t->max_instance > NVSIM_MAX_VGPU_PER_PGPU)
		return "maxInstance not in 1..32";
	if (!t->bar1_length)
		return "bar1Length zero";
	if (t->encoder_capacity > 100)
		return "encoderCapacity above 100";
	return NULL;
}

static uint32_t ctrl_add_type(struct nvsim_gsp *gsp, struct nvsim_ctrl_add_vgpu_type *p)
{
	const char *W = "PGPU_ADD_VGPU_TYPE";
	uint32_t n = p->vgpu_info_count, total;

	if (n > NVSIM_MAX_VGPU_TYPES) {
		nvsim_reject(gsp, W, 0, NV_ERR_INVALID_ARGUMENT, "vgpuInfoCount %u > %u", n,
			     NVSIM_MAX_VGPU_TYPES);
		return NV_ERR_INVALID_ARGUMENT;
	}
	for (uint32_t i = 0; i < n; i++) {
		const char *why = type_check(gsp, &p->vgpu_info[i]);

		for (uint32_t j = 0; !why && j < i; j++)
			if (p->vgpu_info[j].vgpu_type == p->vgpu_info[i].vgpu_type)
				why = "type ID listed twice";
		if (why) {
			nvsim_reject(gsp, W, 0, NV_ERR_INVALID_ARGUMENT, "entry %u (type %u): %s",
				     i, p->vgpu_info[i].vgpu_type, why);
			return NV_ERR_INVALID_ARGUMENT;
		}
	}
	/* assumption: a type in use by a vGPU may not disappear */
	for (uint32_t g = 1; p->discard_vgpu_types && g <= gsp->cfg.max_vfs; g++) {
		bool kept = false;

		if (!gsp->vgpu[g].state)
			continue;
		for (uint32_t i = 0; i < n; i++)
			kept |= p->vgpu_info[i].vgpu_type == gsp->vgpu[g].boot.vgpu_type;
		if (!kept) {
			nvsim_reject(gsp, W, g, NV_ERR_IN_USE,
				     "discard would drop type %u used by a vGPU",
				     gsp->vgpu[g].boot.vgpu_type);
			return NV_ERR_IN_USE;
		}
	}
	total = p->discard_vgpu_types ? 0 : gsp->nr_types;
	for (uint32_t i = 0; i < n; i++)
		if (p->discard_vgpu_types || type_find(gsp, p->vgpu_info[i].vgpu_type) < 0)
			total++;
	if (total > NVSIM_MAX_VGPU_TYPES) {
		nvsim_reject(gsp, W, 0, NV_ERR_INSUFFICIENT_RESOURCES,
			     "%u types would exceed %u", total, NVSIM_MAX_VGPU_TYPES);
		return NV_ERR_INSUFFICIENT_RESOURCES;
	}
	if (p->discard_vgpu_types)
		gsp->nr_types = 0;
	for (uint32_t i = 0; i < n; i++) {
		int k = type_find(gsp, p->vgpu_info[i].vgpu_type);

		if (k < 0)
			k = (int)gsp->nr_types++;
		gsp->types[k] = p->vgpu_info[i];
		/* a type used by a live vGPU is re-pointed by ID at lookup */
	}
	nvsim_log(gsp, "%s: %u types loaded (%u in table)", W, n, gsp->nr_types);
	return NV_OK;
}

/* ------------------------------------------------------------------ */
/* BOOTLOAD_GSP_VGPU_PLUGIN_TASK ([facts §1.1]) */

#define BL_REJECT(st, ...) do {						\
	nvsim_reject(gsp, BOOTLOAD, b->gfid, (st), __VA_ARGS__);	\
	return (st);							\
} while (0)

/* The GFID must be an enabled VF whose routing ID is dbdf. */
static uint32_t bl_check_vf(struct nvsim_gsp *gsp, const struct nvsim_ctrl_bootload *b)
{
	struct nvsim_sriov_state st;
	uint32_t rid;

	if (!gfid_ok(gsp, b->gfid))
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "GFID not in 1..%u", gsp->cfg.max_vfs);
	switch (gsp->vfi_state) {
	case NVSIM_VFI_VALID:
		break;
	case NVSIM_VFI_ZERO:
		BL_REJECT(NV_ERR_INVALID_STATE, "GSP_SET_SYSTEM_INFO carried an all-zero GSP_VF_INFO");
	case NVSIM_VFI_MISMATCH:
		BL_REJECT(NV_ERR_INVALID_STATE, "GSP_VF_INFO did not match the SR-IOV capability");
	default:
		BL_REJECT(NV_ERR_INVALID_STATE, "no GSP_SET_SYSTEM_INFO");
	}
	/* [RFC patch 06]: RMSetSriovMode=1 turns on SR-IOV mode */
	if (nvsim_reg_get(gsp, "RMSetSriovMode", 0) != 1)
		BL_REJECT(NV_ERR_NOT_SUPPORTED, "registry RMSetSriovMode is not 1");
	memset(&st, 0, sizeof(st));
	gsp->ops->sriov_state(gsp->opaque, &st);
	if (!st.vf_enable || b->gfid > st.num_vfs)
		BL_REJECT(NV_ERR_INVALID_STATE, "VF %u not enabled (VF Enable %u, NumVFs %u)",
			  b->gfid - 1, st.vf_enable, st.num_vfs);
	rid = (st.pf_bdf + st.first_vf_offset + (b->gfid - 1) * st.vf_stride) & 0xffff;
	if ((b->dbdf & 0xffff) != rid)
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "dbdf 0x%08x is not VF %u (0x%04x)",
			  b->dbdf, b->gfid - 1, rid);
	if (gsp->vgpu[b->gfid].state != NVSIM_PLUGIN_NONE)
		BL_REJECT(NV_ERR_STATE_IN_USE, "GFID already has a vGPU (state %u)",
			  gsp->vgpu[b->gfid].state);
	return NV_OK;
}

/* Guest FB: VMMU-segment aligned, inside VRAM, below the reserved area. */
static uint32_t bl_check_fb(struct nvsim_gsp *gsp, const struct nvsim_ctrl_bootload *b,
			    const struct nvsim_vgpu_type_info *t, uint64_t *ptotal)
{
	uint64_t seg = gsp->cfg.vmmu_segment_size, total = 0;
	uint32_t n = b->num_guest_fb_segments;

	if (!n || n > NVSIM_MAX_VMMU_SEGMENTS)
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "numGuestFbSegments %u", n);
	for (uint32_t i = 0; i < n; i++) {
		uint64_t a = b->guest_fb_phys_addr[i], l = b->guest_fb_length[i];

		if (!l || (a & (seg - 1)) || (l & (seg - 1)))
			BL_REJECT(NV_ERR_INVALID_ARGUMENT,
				  "FB segment %u 0x%llx+0x%llx not aligned to the VMMU "
				  "segment size 0x%llx", i, (unsigned long long)a,
				  (unsigned long long)l, (unsigned long long)seg);
		if (a >= gsp->cfg.vram_size || l > gsp->cfg.vram_size - a)
			BL_REJECT(NV_ERR_INVALID_LIMIT, "FB segment %u 0x%llx+0x%llx beyond VRAM",
				  i, (unsigned long long)a, (unsigned long long)l);
		if (a + l > gsp->fb_usable_end)
			BL_REJECT(NV_ERR_INVALID_ADDRESS,
				  "FB segment %u 0x%llx+0x%llx reaches the reserved area at 0x%llx",
				  i, (unsigned long long)a, (unsigned long long)l,
				  (unsigned long long)gsp->fb_usable_end);
		for (uint32_t j = 0; j < i; j++)
			if (nvsim_overlap(a, l, b->guest_fb_phys_addr[j], b->guest_fb_length[j]))
				BL_REJECT(NV_ERR_INVALID_ARGUMENT, "FB segments %u and %u overlap",
					  j, i);
		total += l;
	}
	if (total > nvsim_align_up(t->fb_length, seg))
		BL_REJECT(NV_ERR_INVALID_LIMIT, "guest FB 0x%llx larger than type %u's 0x%llx",
			  (unsigned long long)total, t->vgpu_type,
			  (unsigned long long)t->fb_length);
	*ptotal = total;
	return NV_OK;
}

/* log buffer: absolute FB address or heap offset (the RFC mixes both,
 * [facts §9.2]); either way it must lie inside the heap. */
static bool heap_range_ok(const struct nvsim_ctrl_bootload *b, uint64_t off, uint64_t size)
{
	uint64_t h = b->plugin_heap_phys_addr, hl = b->plugin_heap_length;

	if (!size || size > hl)
		return false;
	if (off >= h && off - h <= hl - size)
		return true;
	return off <= hl - size;
}

/* Plugin heap: mailbox regions + plugin space, inside usable VRAM. */
static uint32_t bl_check_heap(struct nvsim_gsp *gsp, const struct nvsim_ctrl_bootload *b,
			      const struct nvsim_vgpu_type_info *t)
{
	uint64_t h = b->plugin_heap_phys_addr, hl = b->plugin_heap_length;
	uint64_t min = t->gsp_heap_size > NVSIM_PLUGIN_HEAP_MIN ? t->gsp_heap_size :
		       NVSIM_PLUGIN_HEAP_MIN;

	if (hl < min || (h & (NVSIM_PAGE_SIZE - 1)) || (hl & (NVSIM_PAGE_SIZE - 1)))
		BL_REJECT(NV_ERR_INVALID_LIMIT,
			  "plugin heap 0x%llx+0x%llx unaligned or smaller than 0x%llx",
			  (unsigned long long)h, (unsigned long long)hl,
			  (unsigned long long)min);
	if (h >= gsp->cfg.vram_size || hl > gsp->cfg.vram_size - h)
		BL_REJECT(NV_ERR_INVALID_LIMIT, "plugin heap 0x%llx+0x%llx beyond VRAM",
			  (unsigned long long)h, (unsigned long long)hl);
	if (h + hl > gsp->fb_usable_end)
		BL_REJECT(NV_ERR_INVALID_ADDRESS,
			  "plugin heap 0x%llx+0x%llx reaches the reserved area at 0x%llx",
			  (unsigned long long)h, (unsigned long long)hl,
			  (unsigned long long)gsp->fb_usable_end);
	for (uint32_t i = 0; i < b->num_guest_fb_segments; i++)
		if (nvsim_overlap(h, hl, b->guest_fb_phys_addr[i], b->guest_fb_length[i]))
			BL_REJECT(NV_ERR_IN_USE, "plugin heap overlaps the vGPU's FB segment %u", i);
	/* assumption: ctrlBuffOffset is heap-relative (the RFC passes 0) */
	if ((b->ctrl_buff_offset & (NVSIM_PAGE_SIZE - 1)) ||
	    b->ctrl_buff_offset > hl - NVSIM_PLUGIN_COMM_SIZE)
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "ctrlBuffOffset 0x%llx outside the heap",
			  (unsigned long long)b->ctrl_buff_offset);
	if (!heap_range_ok(b, b->init_task_log_buff_offset, b->init_task_log_buff_size) ||
	    !heap_range_ok(b, b->vgpu_task_log_buff_offset, b->vgpu_task_log_buff_size))
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "task log buffers outside the plugin heap");
	return NV_OK;
}

/* Channel ranges: one per engine, same range on every present engine
 * in the RFC. An engine counts as present if its offset is non-zero;
 * GR0 always does. */
static bool engine_present(const struct nvsim_ctrl_bootload *b, uint32_t e)
{
	return e == NVSIM_ENGINE_TYPE_GR0 || b->chid_offset[e];
}

static uint32_t bl_check_chids(struct nvsim_gsp *gsp, const struct nvsim_ctrl_bootload *b)
{
	uint64_t n = (uint64_t)b->num_channels + b->num_plugin_channels;

	if (!b->num_channels)
		BL_REJECT(NV_ERR_INVALID_ARGUMENT, "numChannels 0");
	for (uint32_t e = 0; e < NVSIM_GPU_MAX_ENGINES; e++) {
		if (engine_present(b, e) && b->chid_offset[e] + n > gsp->cfg.num_chids)
			BL_REJECT(NV_ERR_INVALID_LIMIT,
				  "engine %u channels %u+%llu beyond %u channel IDs", e,
				  b->chid_offset[e], (unsigned long long)n, gsp->cfg.num_chids);
	}
	return NV_OK;
}

/* No overlap with any other vGPU that holds resources (live or shut
 * down but not cleaned up). */
static uint32_t bl_check_others(struct nvsim_gsp *gsp, const struct nvsim_ctrl_bootload *b)
{
	uint64_t n = (uint64_t)b->num_channels + b->num_plugin_channels;

	for (uint32_t g = 1; g <= gsp->cfg.max_vfs; g++) {
		const struct nvsim_vgpu *v = &gsp->vgpu[g];
		uint64_t vn = (uint64_t)v->boot.num_channels + v->boot.num_plugin_channels;

		if (!v->state)
			continue;
		for (uint32_t i = 0; i < b->num_guest_fb_segments; i++) {
			uint64_t a = b->guest_fb_phys_addr[i], l = b->guest_fb_length[i];

			if (nvsim_overlap(a, l, v->heap, v->heap_len))
				BL_REJECT(NV_ERR_IN_USE, "FB segment %u overlaps GFID %u's plugin heap",
					  i, g);
			for (uint32_t j = 0; j < v->boot.num_guest_fb_segments; j++)
				if (nvsim_overlap(a, l, v->boot.guest_fb_phys_addr[j],
						  v->boot.guest_fb_length[j]))
					BL_REJECT(NV_ERR_IN_USE, "FB segment %u overlaps GFID %u's FB",
						  i, g);
		}
		if (nvsim_overlap(b->plugin_heap_phys_addr, b->plugin_heap_length,
				  v->heap, v->heap_len))
			BL_REJECT(NV_ERR_IN_USE, "plugin heap overlaps GFID %u's plugin heap", g);
		for (uint32_t j = 0; j < v->boot.num_guest_fb_segments; j++)
			if (nvsim_overlap(b->plugin_heap_phys_addr, b->plugin_heap_length,
					  v->boot.guest_fb_phys_addr[j], v->boot.guest_fb_length[j]))
				BL_REJECT(NV_ERR_IN_USE, "plugin heap overlaps GFID %u's FB", g);
		for (uint32_t e = 0; e < NVSIM_GPU_MAX_ENGINES; e++)
			if (engine_present(b, e) && engine_present(&v->boot, e) &&
			    nvsim_overlap(b->chid_offset[e], n, v->boot.chid_offset[e], vn))
				BL_REJECT(NV_ERR_IN_USE, "engine %u channels overlap GFID %u's", e, g);
	}
	return NV_OK;
}

static uint32_t ctrl_bootload(struct nvsim_gsp *gsp, struct nvsim_ctrl_bootload *b)
{
	const struct nvsim_vgpu_type_info *t;
	struct nvsim_rpc_plugin_triggered ev;
	struct nvsim_vgpu *v;
	uint32_t st, magic = NVSIM_PLUGIN_BOOT_MAGIC, parts;
	uint64_t fb_total = 0;
	int k;

	st = bl_check_vf(gsp, b);
	if (st)
		return st;
	k = type_find(gsp, b->vgpu_type);
	if (k < 0)
		BL_REJECT(NV_ERR_OBJECT_NOT_FOUND, "vGPU type %u not in the uploaded table",
			  b->vgpu_type);
	t = &gsp->types[k];
	if (b->swizz_id)
		BL_REJECT(NV_ERR_NOT_SUPPORTED, "swizzId %u: MIG is not simulated", b->swizz_id);
	st = bl_check_fb(gsp, b, t, &fb_total);
	if (!st)
		st = bl_check_heap(gsp, b, t);
	if (!st)
		st = bl_check_chids(gsp, b);
	if (!st)
		st = bl_check_others(gsp, b);
	if (st)
		return st;
	/* GspFwWprMeta.gspFwHeapVfPartitionCount: one WPR sub-heap per vGPU */
	parts = gsp->meta.gsp_fw_heap_vf_partition_count;
	if (nvsim_vgpu_live_count(gsp) >= parts)
		BL_REJECT(NV_ERR_INSUFFICIENT_RESOURCES,
			  "%u vGPUs already use all %u WPR heap VF partitions",
			  nvsim_vgpu_live_count(gsp), parts);

	v = &gsp->vgpu[b->gfid];
	memset(v, 0, sizeof(*v));
	v->boot = *b;
	v->fb_total = fb_total;
	v->heap = b->plugin_heap_phys_addr;
	v->heap_len = b->plugin_heap_length;
	v->ctrl_off = v->heap + b->ctrl_buff_offset;
	v->encoder_capacity = t->encoder_capacity;
	v->frame_rate_limiter = 1;
	v->state = NVSIM_PLUGIN_BOOTLOADED;
	/* the plugin task announces itself in ctrl.message_seq_num */
	nvsim_vram_write(gsp, v->ctrl_off + offsetof(struct nvsim_plugin_ctrl, message_seq_num),
			 &magic, 4);
	gsp->cnt.bootloads++;
	nvsim_log(gsp, "%s: gfid %u type %u (%s) FB 0x%llx heap 0x%llx+0x%llx chid %u+%u",
		  BOOTLOAD, b->gfid, t->vgpu_type, (const char *)t->vgpu_name,
		  (unsigned long long)fb_total, (unsigned long long)v->heap,
		  (unsigned long long)v->heap_len,
		  b->chid_offset[NVSIM_ENGINE_TYPE_GR0], b->num_channels);
	ev = (struct nvsim_rpc_plugin_triggered){ b->gfid, NVSIM_A084_NOTIFY_BOOTLOADED };
	nvsim_post_event(gsp, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED, &ev, sizeof(ev));
	return NV_OK;
}

/* ------------------------------------------------------------------ */
/* SHUTDOWN / CLEANUP: shutdown stops the task, cleanup frees the GFID */

static uint32_t ctrl_shutdown(struct nvsim_gsp *gsp, uint32_t gfid)
{
	const char *W = "SHUTDOWN_GSP_VGPU_PLUGIN_TASK";
	struct nvsim_rpc_plugin_triggered ev = { gfid, NVSIM_A084_NOTIFY_UNLOADED };

	if (!gfid_ok(gsp, gfid)) {
		nvsim_reject(gsp, W, gfid, NV_ERR_INVALID_ARGUMENT, "GFID out of range");
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (gsp->vgpu[gfid].state == NVSIM_PLUGIN_NONE ||
	    gsp->vgpu[gfid].state == NVSIM_PLUGIN_SHUTDOWN) {
		nvsim_reject(gsp, W, gfid, NV_ERR_INVALID_STATE, "no live vGPU on this GFID");
		return NV_ERR_INVALID_STATE;
	}
	gsp->vgpu[gfid].state = NVSIM_PLUGIN_SHUTDOWN;
	gsp->vgpu[gfid].bme = false;
	gsp->cnt.shutdowns++;
	nvsim_log(gsp, "%s: gfid %u", W, gfid);
	/* assumption: the task reports UNLOADED like any NVA084 notifier */
	nvsim_post_event(gsp, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED, &ev, sizeof(ev));
	return NV_OK;
}

static uint32_t ctrl_cleanup(struct nvsim_gsp *gsp, uint32_t gfid)
{
	const char *W = "VGPU_PLUGIN_CLEANUP";

	if (!gfid_ok(gsp, gfid)) {
		nvsim_reject(gsp, W, gfid, NV_ERR_INVALID_ARGUMENT, "GFID out of range");
		return NV_ERR_INVALID_ARGUMENT;
	}
	if (gsp->vgpu[gfid].state != NVSIM_PLUGIN_SHUTDOWN) {
		nvsim_reject(gsp, W, gfid, NV_ERR_INVALID_STATE, "%s",
			     gsp->vgpu[gfid].state ? "cleanup before shutdown" :
			     "no vGPU on this GFID");
		return NV_ERR_INVALID_STATE;
	}
	memset(&gsp->vgpu[gfid], 0, sizeof(gsp->vgpu[gfid]));
	gsp->cnt.cleanups++;
	nvsim_log(gsp, "%s: gfid %u released", W, gfid);
	return NV_OK;
}

/* ------------------------------------------------------------------ */
/* queries */

static uint32_t ctrl_fb_usage(struct nvsim_gsp *gsp, struct nvsim_ctrl_fb_usage *p)
{
	memset(p, 0, sizeof(*p));
	for (uint32_t g = 1; g <= gsp->cfg.max_vfs && p->vgpu_count < NVSIM_MAX_VGPU_PER_PGPU; g++) {
		if (!gsp->vgpu[g].state)
			continue;
		p->usage[p->vgpu_count].gfid = g;
		p->usage[p->vgpu_count].fb_used = gsp->vgpu[g].fb_total;
		p->vgpu_count++;
	}
	return NV_OK;
}

static uint32_t ctrl_enumerate(struct nvsim_gsp *gsp, struct nvsim_ctrl_enumerate_vgpu *p)
{
	memset(p, 0, sizeof(*p));
	for (uint32_t g = 1; g <= gsp->cfg.max_vfs && p->num_vgpu < NVSIM_MAX_VGPU_PER_PGPU; g++) {
		const struct nvsim_vgpu *v = &gsp->vgpu[g];
		struct nvsim_host_vgpu_device *d;

		if (!v->state)
			continue;
		d = &p->vgpu_guest[p->num_vgpu++].host_vgpu_device;
		d->gfid = g;
		d->vgpu_pci_id = v->boot.dbdf;
		d->vgpu_device_instance_id = v->config.vgpu_device_instance_id;
		d->fb_used = v->fb_total;
		d->encoder_capacity = v->encoder_capacity;
		d->ecc_state = 1;	/* NVA081 ECC_STATE NOT_SUPPORTED */
		d->driver_loaded = v->state == NVSIM_PLUGIN_RUNNING;
	}
	return NV_OK;
}

/* {gfid} controls on an existing vGPU: CLEAR_GUEST_VM_INFO */
static uint32_t ctrl_gfid_exists(struct nvsim_gsp *gsp, const char *W, uint32_t gfid)
{
	if (!gfid_ok(gsp, gfid) || !gsp->vgpu[gfid].state) {
		nvsim_reject(gsp, W, gfid, NV_ERR_OBJECT_NOT_FOUND, "no vGPU on this GFID");
		return NV_ERR_OBJECT_NOT_FOUND;
	}
	return NV_OK;
}

static uint32_t ctrl_encoder_capacity(struct nvsim_gsp *gsp, const uint32_t *p)
{
	const char *W = "SET_VGPU_ENCODER_CAPACITY";
	uint32_t st = ctrl_gfid_exists(gsp, W, p[0]);

	if (st)
		return st;
	if (p[1] > 100) {
		nvsim_reject(gsp, W, p[0], NV_ERR_INVALID_ARGUMENT, "capacity %u > 100", p[1]);
		return NV_ERR_INVALID_ARGUMENT;
	}
	gsp->vgpu[p[0]].encoder_capacity = p[1];
	return NV_OK;
}

bool nvsim_vgpu_ctrl_known(uint32_t cmd, uint32_t *size)
{
	switch (cmd) {
	case NVSIM_CTRL_VGPU_BOOTLOAD:
		*size = sizeof(struct nvsim_ctrl_bootload);
		return true;
	case NVSIM_CTRL_VGPU_SHUTDOWN:
	case NVSIM_CTRL_VGPU_PLUGIN_CLEANUP:
	case NVSIM_CTRL_VGPU_CLEAR_GUEST_VM_INFO:
		*size = sizeof(struct nvsim_ctrl_gfid);
		return true;
	case NVSIM_CTRL_VGPU_ADD_TYPE:
		*size = sizeof(struct nvsim_ctrl_add_vgpu_type);
		return true;
	case NVSIM_CTRL_VGPU_ENUMERATE:
		*size = sizeof(struct nvsim_ctrl_enumerate_vgpu);
		return true;
	case NVSIM_CTRL_VGPU_GET_FB_USAGE:
		*size = sizeof(struct nvsim_ctrl_fb_usage);
		return true;
	case NVSIM_CTRL_VGPU_SET_ENCODER_CAPACITY:
		*size = 8;	/* {gfid@0, encoderCapacity@4} */
		return true;
	}
	return false;
}

uint32_t nvsim_vgpu_ctrl(struct nvsim_gsp *gsp, uint32_t cmd, void *params, uint32_t size)
{
	uint32_t gfid = 0;

	(void)size;	/* checked by the caller against nvsim_vgpu_ctrl_known() */
	if (size >= 4)
		memcpy(&gfid, params, 4);
	switch (cmd) {
	case NVSIM_CTRL_VGPU_BOOTLOAD: {
		uint32_t st = ctrl_bootload(gsp, params);

		if (st)
			gsp->cnt.bootload_rejects++;
		return st;
	}
	case NVSIM_CTRL_VGPU_SHUTDOWN:
		return ctrl_shutdown(gsp, gfid);
	case NVSIM_CTRL_VGPU_PLUGIN_CLEANUP:
		return ctrl_cleanup(gsp, gfid);
	case NVSIM_CTRL_VGPU_CLEAR_GUEST_VM_INFO:
		return ctrl_gfid_exists(gsp, "CLEAR_GUEST_VM_INFO", gfid);
	case NVSIM_CTRL_VGPU_ADD_TYPE:
		return ctrl_add_type(gsp, params);
	case NVSIM_CTRL_VGPU_ENUMERATE:
		return ctrl_enumerate(gsp, params);
	case NVSIM_CTRL_VGPU_GET_FB_USAGE:
		return ctrl_fb_usage(gsp, params);
	case NVSIM_CTRL_VGPU_SET_ENCODER_CAPACITY:
		return ctrl_encoder_capacity(gsp, params);
	}
	return NV_ERR_NOT_SUPPORTED;
}

/* ------------------------------------------------------------------ */
/* plugin mailbox ([facts §5]) */

#define MBOX "plugin mailbox"

struct mbox {
	struct nvsim_vgpu *v;
	uint32_t gfid;
	struct nvsim_plugin_ctrl ctrl;
	uint64_t resp, msg;		/* VRAM addresses of the buffers */
	uint8_t buf[NVSIM_PLUGIN_BUF_SIZE];	/* message buffer contents */
	uint32_t guest_rpc_version;	/* written to the response if non-zero */
};

/* Response and message buffers named by the control buffer: page
 * aligned, inside the heap, not overlapping the control buffer. */
static bool mbox_locate(struct nvsim_gsp *gsp, struct mbox *m)
{
	const struct nvsim_plugin_ctrl *c = &m->ctrl;
	uint64_t ctrl_rel = m->v->ctrl_off - m->v->heap, hl = m->v->heap_len;
	uint64_t offs[2] = { c->response_buff_offset, c->message_buff_offset };

	for (int i = 0; i < 2; i++) {
		if ((offs[i] & (NVSIM_PAGE_SIZE - 1)) || offs[i] > hl - NVSIM_PLUGIN_BUF_SIZE ||
		    nvsim_overlap(offs[i], NVSIM_PLUGIN_BUF_SIZE, ctrl_rel, NVSIM_PLUGIN_BUF_SIZE)) {
			nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
				     "%s buffer offset 0x%llx invalid; no reply possible",
				     i ? "message" : "response", (unsigned long long)offs[i]);
			return false;
		}
	}
	if (offs[0] == offs[1]) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
			     "response and message buffers coincide; no reply possible");
		return false;
	}
	m->resp = m->v->heap + offs[0];
	m->msg = m->v->heap + offs[1];
	return true;
}

static uint32_t mbox_state_err(struct nvsim_gsp *gsp, struct mbox *m, const char *what)
{
	nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_STATE,
		     "%s in plugin state %u", what, m->v->state);
	return NV_ERR_INVALID_STATE;
}

static uint32_t mbox_negotiate(struct nvsim_gsp *gsp, struct mbox *m)
{
	struct nvsim_plugin_version p;

	if (m->v->state != NVSIM_PLUGIN_BOOTLOADED)
		return mbox_state_err(gsp, m, "VERSION_NEGOTIATION");
	memcpy(&p, m->buf, sizeof(p));
	/* assumption: 0 (the RFC v1 sends no payload) means "any" */
	p.version_negotiated = p.version_cpu && p.version_cpu < NVSIM_PLUGIN_RPC_VERSION ?
			       p.version_cpu : NVSIM_PLUGIN_RPC_VERSION;
	memcpy(m->buf, &p, sizeof(p));
	m->v->rpc_version = p.version_negotiated;
	m->guest_rpc_version = p.version_negotiated;
	m->v->state = NVSIM_PLUGIN_NEGOTIATED;
	return NV_OK;
}

static uint32_t mbox_config(struct nvsim_gsp *gsp, struct mbox *m)
{
	const struct nvsim_ctrl_bootload *b = &m->v->boot;
	struct nvsim_plugin_config c;
	const char *why = NULL;

	if (m->v->state != NVSIM_PLUGIN_NEGOTIATED)
		return mbox_state_err(gsp, m, "SETUP_CONFIG_PARAMS_AND_INIT");
	memcpy(&c, m->buf, sizeof(c));
	if (c.vgpu_type != b->vgpu_type)
		why = "vgpu_type differs from bootload";
	else if (c.dbdf != b->dbdf)
		why = "dbdf is not the VF given at bootload";
	else if (c.num_channels != b->num_channels ||
		 c.num_plugin_channels != b->num_plugin_channels)
		why = "channel counts differ from bootload";
	else if (c.vm_pid != b->vm_pid)
		why = "vm_pid differs from bootload";
	else if (c.host_page_size < NVSIM_PAGE_SIZE ||
		 (c.host_page_size & (c.host_page_size - 1)))
		why = "host_page_size not a power of two >= 4 KiB";
	else if (c.host_cpu_arch != 1 && c.host_cpu_arch != 2)
		why = "host_cpu_arch not AARCH64 (1) or X86_64 (2)";
	else if (c.enable_uvm > 1 || c.enable_console_vnc > 1)
		/* assumption: booleans, as the RFC's u8 flags are used */
		why = "enable_uvm or enable_console_vnc not 0/1";
	if (why) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
			     "SETUP_CONFIG_PARAMS_AND_INIT: %s", why);
		return NV_ERR_INVALID_ARGUMENT;
	}
	m->v->config = c;
	m->v->state = NVSIM_PLUGIN_CONFIGURED;
	return NV_OK;
}

static uint32_t mbox_bme(struct nvsim_gsp *gsp, struct mbox *m)
{
	struct nvsim_plugin_bme p;

	if (m->v->state != NVSIM_PLUGIN_CONFIGURED && m->v->state != NVSIM_PLUGIN_RUNNING)
		return mbox_state_err(gsp, m, "UPDATE_BME_STATE before config");
	memcpy(&p, m->buf, sizeof(p));
	if (p.enable > 1) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
			     "UPDATE_BME_STATE enable %u", p.enable);
		return NV_ERR_INVALID_ARGUMENT;
	}
	m->v->bme = p.enable;
	m->v->state = p.enable ? NVSIM_PLUGIN_RUNNING : NVSIM_PLUGIN_CONFIGURED;
	return NV_OK;
}

static uint32_t mbox_reset(struct nvsim_gsp *gsp, struct mbox *m)
{
	if (m->v->state != NVSIM_PLUGIN_CONFIGURED && m->v->state != NVSIM_PLUGIN_RUNNING)
		return mbox_state_err(gsp, m, "RESET before config");
	m->v->bme = false;
	m->v->state = NVSIM_PLUGIN_CONFIGURED;
	gsp->cnt.plugin_resets++;
	return NV_OK;
}

static uint32_t mbox_guest_info(struct nvsim_gsp *gsp, struct mbox *m)
{
	struct nvsim_plugin_guest_info gi;

	if (m->v->state != NVSIM_PLUGIN_CONFIGURED && m->v->state != NVSIM_PLUGIN_RUNNING)
		return mbox_state_err(gsp, m, "GET_GUEST_INFO before config");
	memset(&gi, 0, sizeof(gi));
	gi.gfid = m->gfid;
	gi.vgpu_type = m->v->boot.vgpu_type;
	gi.plugin_state = m->v->state;
	gi.bme_enabled = m->v->bme;
	gi.fb_size = m->v->fb_total;
	if (gsp->ops->vf_channels_used)
		gi.channels_used = gsp->ops->vf_channels_used(gsp->opaque, m->gfid);
	memcpy(m->buf, &gi, sizeof(gi));
	return NV_OK;
}

/*
 * SET_PLUGIN_PARAMS (simulator-defined): only once configured and before
 * the guest runs (BME off), as the parameters are fixed at VM start;
 * frame_rate_limiter 0 or 1, padding zero.
 */
static uint32_t mbox_plugin_params(struct nvsim_gsp *gsp, struct mbox *m)
{
	struct nvsim_plugin_params p;

	if (m->v->state != NVSIM_PLUGIN_CONFIGURED)
		return mbox_state_err(gsp, m, "SET_PLUGIN_PARAMS outside CONFIGURED");
	memcpy(&p, m->buf, sizeof(p));
	if (p.frame_rate_limiter > 1 || p.pad[0] || p.pad[1] || p.pad[2]) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
			     "SET_PLUGIN_PARAMS frame_rate_limiter %u pad %u/%u/%u",
			     p.frame_rate_limiter, p.pad[0], p.pad[1], p.pad[2]);
		return NV_ERR_INVALID_ARGUMENT;
	}
	m->v->frame_rate_limiter = p.frame_rate_limiter;
	return NV_OK;
}

bool nvsim_gsp_plugin_params(struct nvsim_gsp *gsp, uint32_t gfid,
			     struct nvsim_plugin_params_info *info)
{
	const struct nvsim_vgpu *v;

	memset(info, 0, sizeof(*info));
	if (!gfid_ok(gsp, gfid))
		return false;
	v = &gsp->vgpu[gfid];
	if (!v->state)
		return false;
	info->configured = v->state == NVSIM_PLUGIN_CONFIGURED || v->state == NVSIM_PLUGIN_RUNNING;
	info->enable_console_vnc = v->config.enable_console_vnc;
	info->enable_uvm = v->config.enable_uvm;
	info->frame_rate_limiter = v->frame_rate_limiter;
	return true;
}

/* assumption: the simulator's display plane report (rm_defs.h, README) */
static uint32_t mbox_plane(struct nvsim_gsp *gsp, struct mbox *m)
{
	struct nvsim_plugin_plane_req req;
	struct nvsim_plugin_plane r;
	struct nvsim_vf_plane p;
	uint32_t heads = 0;
	int k;

	if (m->v->state != NVSIM_PLUGIN_CONFIGURED && m->v->state != NVSIM_PLUGIN_RUNNING)
		return mbox_state_err(gsp, m, "SIM_DISPLAY_PLANE before config");
	memcpy(&req, m->buf, sizeof(req));
	k = type_find(gsp, m->v->boot.vgpu_type);
	if (k >= 0)
		heads = gsp->types[k].num_heads;
	if (req.head >= heads) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT,
			     "SIM_DISPLAY_PLANE: head %u, the type has %u", req.head, heads);
		return NV_ERR_INVALID_ARGUMENT;
	}
	memset(&p, 0, sizeof(p));
	if (!gsp->ops->vf_plane || !gsp->ops->vf_plane(gsp->opaque, m->gfid, req.head, &p)) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_NOT_SUPPORTED,
			     "SIM_DISPLAY_PLANE: no display engine for head %u", req.head);
		return NV_ERR_NOT_SUPPORTED;
	}
	memset(&r, 0, sizeof(r));
	r.head = req.head;
	r.enabled = p.enabled;
	r.flips = p.flips;
	if (p.enabled) {
		r.fb_offset = p.offset;
		r.drm_format = p.format;
		r.width = p.width;
		r.height = p.height;
		r.stride = p.stride;
	}
	/* fault injection: a plugin that reports garbage (the host must
	 * not trust it): the surface moved past the end of the FB */
	if (nvsim_fault_take(gsp, NVSIM_FAULT_PLANE_BAD, NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE, 0,
			     m->gfid, false, NULL)) {
		nvsim_log(gsp, "fault: gfid %u display plane report corrupted", m->gfid);
		r.enabled = 1;
		r.fb_offset = m->v->fb_total;
		r.drm_format = p.enabled ? p.format : 0x34325258u;
		r.width = p.enabled ? p.width : 64;
		r.height = p.enabled ? p.height : 64;
		r.stride = p.enabled ? p.stride : 256;
	}
	memset(m->buf, 0, sizeof(m->buf));
	memcpy(m->buf, &r, sizeof(r));
	return NV_OK;
}

static uint32_t mbox_dispatch(struct nvsim_gsp *gsp, struct mbox *m)
{
	uint32_t type = m->ctrl.message_type;

	switch (type) {
	case NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION:
		return mbox_negotiate(gsp, m);
	case NVSIM_PLUGIN_MSG_SETUP_CONFIG:
		return mbox_config(gsp, m);
	case NVSIM_PLUGIN_MSG_RESET:
		return mbox_reset(gsp, m);
	case NVSIM_PLUGIN_MSG_UPDATE_BME_STATE:
		return mbox_bme(gsp, m);
	case NVSIM_PLUGIN_MSG_GET_GUEST_INFO:
		return mbox_guest_info(gsp, m);
	case NVSIM_PLUGIN_MSG_SET_PLUGIN_PARAMS:
		return mbox_plugin_params(gsp, m);
	case NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE:
		return mbox_plane(gsp, m);
	}
	if (type > NVSIM_PLUGIN_MSG_RESET && type <= NVSIM_PLUGIN_MSG_VF_BAR0_REG_ACCESS) {
		nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_NOT_SUPPORTED,
			     "message type %u (migration/console/BAR0) not simulated", type);
		return NV_ERR_NOT_SUPPORTED;
	}
	nvsim_reject(gsp, MBOX, m->gfid, NV_ERR_INVALID_ARGUMENT, "message type %u unknown",
		     type);
	return NV_ERR_INVALID_ARGUMENT;
}

/* Validate the doorbell value gfid * 32 + 17 ([facts §5.6]). */
static struct nvsim_vgpu *doorbell_vgpu(struct nvsim_gsp *gsp, uint32_t value,
					uint32_t *pgfid)
{
	uint32_t gfid = value >> 5;

	*pgfid = gfid;
	if (gsp->state != NVSIM_GSP_RUNNING) {
		nvsim_reject(gsp, MBOX, gfid, NV_ERR_INVALID_STATE,
			     "doorbell 0x%x while GSP is not running", value);
		return NULL;
	}
	if ((value & 31) != NVSIM_DOORBELL_LEAF_CPU_PLUGIN) {
		nvsim_reject(gsp, MBOX, gfid, NV_ERR_INVALID_ARGUMENT,
			     "doorbell 0x%x: leaf %u is not the CPU-plugin handle (17)",
			     value, value & 31);
		return NULL;
	}
	if (!gfid_ok(gsp, gfid) || gsp->vgpu[gfid].state == NVSIM_PLUGIN_NONE ||
	    gsp->vgpu[gfid].state == NVSIM_PLUGIN_SHUTDOWN) {
		nvsim_reject(gsp, MBOX, gfid, NV_ERR_INVALID_STATE,
			     "doorbell 0x%x: no live plugin on this GFID", value);
		return NULL;
	}
	if (gsp->vgpu[gfid].state == NVSIM_PLUGIN_CRASHED) {
		/* a crashed task answers nothing: no response, no event */
		nvsim_reject(gsp, MBOX, gfid, NV_ERR_INVALID_STATE,
			     "doorbell 0x%x: the plugin crashed", value);
		return NULL;
	}
	return &gsp->vgpu[gfid];
}

void nvsim_vgpu_doorbell(struct nvsim_gsp *gsp, uint32_t value)
{
	struct nvsim_rpc_plugin_triggered ev;
	struct mbox m;
	uint32_t st, seq;

	memset(&m, 0, sizeof(m));
	m.v = doorbell_vgpu(gsp, value, &m.gfid);
	if (!m.v) {
		gsp->cnt.plugin_errors++;
		return;
	}
	gsp->cnt.plugin_msgs++;
	nvsim_vram_read(gsp, m.v->ctrl_off, &m.ctrl, sizeof(m.ctrl));
	if (!mbox_locate(gsp, &m)) {
		gsp->cnt.plugin_errors++;
		return;
	}
	nvsim_vram_read(gsp, m.msg, m.buf, sizeof(m.buf));
	seq = m.ctrl.message_seq_num;
	if (m.ctrl.version != NVSIM_PLUGIN_CTRL_VERSION) {
		st = NV_ERR_INVALID_ARGUMENT;
		nvsim_reject(gsp, MBOX, m.gfid, st, "control buffer version %u, expected %u",
			     m.ctrl.version, NVSIM_PLUGIN_CTRL_VERSION);
	} else if (seq != m.v->last_seq + 1) {
		/* assumption: the CPU counts from 1 after the boot magic */
		st = NV_ERR_INVALID_STATE;
		nvsim_reject(gsp, MBOX, m.gfid, st, "message_seq_num %u, expected %u",
			     seq, m.v->last_seq + 1);
	} else {
		st = mbox_dispatch(gsp, &m);
		m.v->last_seq = seq;
		nvsim_vram_write(gsp, m.msg, m.buf, sizeof(m.buf));
	}
	if (st)
		gsp->cnt.plugin_errors++;
	if (nvsim_fault_take(gsp, NVSIM_FAULT_PLUGIN_DROP, m.ctrl.message_type, 0, m.gfid,
			     false, NULL)) {
		nvsim_log(gsp, "fault: plugin reply to message %u (seq %u) dropped",
			  m.ctrl.message_type, seq);
		return;
	}
	/* response: result first, message_seq_num_processed last */
	nvsim_vram_write(gsp, m.resp + offsetof(struct nvsim_plugin_resp, result_code), &st, 4);
	if (m.guest_rpc_version)
		nvsim_vram_write(gsp, m.resp + offsetof(struct nvsim_plugin_resp, guest_rpc_version),
				 &m.guest_rpc_version, 4);
	nvsim_vram_write(gsp, m.resp + offsetof(struct nvsim_plugin_resp,
						 message_seq_num_processed), &seq, 4);
	if (gsp->ops->trace)
		gsp->ops->trace(gsp->opaque, NVSIM_TRACE_PLUGIN_REPLY, m.gfid,
				m.ctrl.message_type, seq);
	/*
	 * The only completion signal the published sources show is the
	 * response's sequence number, which the CPU polls (the RFC's rpc.c,
	 * rm-vgpu-facts.md 5.6). The announcing event with the made-up index
	 * 7 is test-only and off unless asked for (x-mailbox-notify).
	 */
	if (!gsp->mbox_notify)
		return;
	ev = (struct nvsim_rpc_plugin_triggered){ m.gfid, NVSIM_A084_NOTIFY_MAILBOX_REPLY };
	nvsim_post_event(gsp, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED, &ev, sizeof(ev));
}

/* ------------------------------------------------------------------ */
/* VF side */

bool nvsim_gsp_vgpu_info(struct nvsim_gsp *gsp, uint32_t gfid, struct nvsim_vgpu_info *info)
{
	const struct nvsim_vgpu *v;
	int k;

	if (!gfid_ok(gsp, gfid))
		return false;
	v = &gsp->vgpu[gfid];
	memset(info, 0, sizeof(*info));
	info->gfid = gfid;
	info->plugin_state = v->state;
	if (!v->state)
		return true;
	info->live = v->state != NVSIM_PLUGIN_SHUTDOWN;
	info->type_id = v->boot.vgpu_type;
	k = type_find(gsp, v->boot.vgpu_type);	/* the table may have been replaced */
	if (k >= 0) {
		memcpy(info->type_name, gsp->types[k].vgpu_name, sizeof(info->type_name) - 1);
		info->num_heads = gsp->types[k].num_heads;
		info->max_res_x = gsp->types[k].max_resolution_x;
		info->max_res_y = gsp->types[k].max_resolution_y;
	}
	info->fb_addr = v->boot.guest_fb_phys_addr[0];
	info->fb_size = v->fb_total;
	info->fb_first_len = v->boot.guest_fb_length[0];
	info->chid_offset = v->boot.chid_offset[NVSIM_ENGINE_TYPE_GR0];
	info->num_chids = v->boot.num_channels;
	info->ce_chid_offset = engine_present(&v->boot, NVSIM_ENGINE_TYPE_COPY0) ?
			       v->boot.chid_offset[NVSIM_ENGINE_TYPE_COPY0] :
			       v->boot.chid_offset[NVSIM_ENGINE_TYPE_GR0];
	return true;
}

bool nvsim_gsp_vgpu_bme(struct nvsim_gsp *gsp, uint32_t gfid)
{
	return gfid_ok(gsp, gfid) && gsp->vgpu[gfid].bme;
}

/* VF FLR: the guest's view resets (bus mastering off, as after PCI
 * reset); the vGPU, its resources and its configuration stay. */
void nvsim_gsp_vf_flr(struct nvsim_gsp *gsp, uint32_t gfid)
{
	struct nvsim_vgpu *v;

	if (!gfid_ok(gsp, gfid))
		return;
	v = &gsp->vgpu[gfid];
	if (v->state == NVSIM_PLUGIN_RUNNING)
		v->state = NVSIM_PLUGIN_CONFIGURED;
	v->bme = false;
	if (v->state)
		nvsim_log(gsp, "VF FLR: gfid %u, bus mastering off", gfid);
}

/*
 * Channel errors of a vGPU (nvsim_exec, via the device). Real GSP-RM
 * writes a non-replayable fault into the CPU's shadow fault buffer and
 * sends MMU_FAULT_QUEUED, logs the Xid (OS_ERROR_LOG) and RC's the
 * channel (RC_TRIGGERED). assumption: the simulator has no shadow fault
 * buffer, so MMU_FAULT_QUEUED stays empty and the channel and vGPU are
 * named by RC_TRIGGERED (chid absolute, GFID in partitionAttributionId,
 * as for the injected RC) and OS_ERROR_LOG (chid, text with the GFID).
 */
int nvsim_gsp_vf_channel_error(struct nvsim_gsp *gsp, uint32_t gfid, uint32_t chid,
			       uint32_t xid, bool mmu_fault, const char *text)
{
	struct nvsim_rpc_os_error_log log;
	struct nvsim_rpc_rc_triggered rc;

	if (gsp->state != NVSIM_GSP_RUNNING || !gfid_ok(gsp, gfid) ||
	    !gsp->vgpu[gfid].state) {
		nvsim_reject(gsp, "channel error event", gfid, NV_ERR_INVALID_STATE,
			     "chid %u Xid %u not reported: %s", chid, xid,
			     gsp->state != NVSIM_GSP_RUNNING ? "GSP not running" : "no vGPU");
		return -1;
	}
	gsp->cnt.channel_errors++;
	gsp->cnt.mmu_faults += mmu_fault;
	if (mmu_fault)
		nvsim_post_event(gsp, NVSIM_EV_MMU_FAULT_QUEUED, NULL, 0);
	memset(&log, 0, sizeof(log));
	log.except_type = xid;
	log.runlist_id = 0;
	log.chid = chid;
	snprintf(log.err_string, sizeof(log.err_string), "gfid %u chid %u: %s", gfid, chid,
		 text ? text : "");
	nvsim_post_event(gsp, NVSIM_EV_OS_ERROR_LOG, &log, sizeof(log));
	memset(&rc, 0, sizeof(rc));
	rc.nv2080_engine_type = NVSIM_ENGINE_TYPE_COPY0;
	rc.chid = chid;
	rc.except_type = xid;
	rc.scope = 0;
	rc.partition_attribution_id = (uint16_t)gfid;
	nvsim_post_event(gsp, NVSIM_EV_RC_TRIGGERED, &rc, sizeof(rc));
	nvsim_log(gsp, "channel error: gfid %u chid %u Xid %u%s: %s", gfid, chid, xid,
		  mmu_fault ? " (MMU fault)" : "", text ? text : "");
	return 0;
}
