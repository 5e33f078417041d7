// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim: RM side of the simulated GSP: RPC handlers, the RM object
 * model (clients, devices, subdevices, VA spaces, events) and the
 * controls a minimal r535 chip issues at boot.
 *
 * What the CPU sends is taken from nouveau 6.12: r535_gsp_client_ctor(),
 * r535_gsp_device_ctor(), r535_gsp_subdevice_ctor(),
 * r535_gsp_device_event_ctor() (nvkm/subdev/gsp/r535.c),
 * r535_mmu_promote_vmm() (nvkm/subdev/mmu/r535.c),
 * r535_bar_bar2_update_pde() (nvkm/subdev/bar/r535.c) and
 * r535_fifo_runl_ctor() (nvkm/engine/fifo/r535.c).
 *
 * How an RM-level failure is reported (README "RM failures"): the reply
 * always carries the payload with its status field set, and
 *  - GSP_RM_ALLOC and FREE also set rpc_result to that status. CPU-RM's
 *    rpcRmApiAlloc_GSP() and rpcRmApiFree_GSP() (open-gpu-kernel-modules
 *    535.113.01, src/nvidia/kernel/vgpu/nv/rpc.c) see a failure only
 *    through _issueRpcAndWait(), i.e. a non-zero rpc_result; with
 *    rpc_result NV_OK the alloc is taken as done whatever the payload's
 *    status says. rpcRmApiAlloc_GSP() then returns the payload's status.
 *    assumption: rpc_result holds the same NV_STATUS (CPU-RM only needs
 *    it non-zero and below NV_VGPU_MSG_RESULT__VMIOP; the DCE client of
 *    the same RPCs, rpcRmApiAlloc_dce()/rpcRmApiFree_dce() in
 *    src/kernel/gpu/dce_client/dce_client_rpc.c, reads the NV_STATUS
 *    from rpc_result).
 *  - GSP_RM_CONTROL keeps rpc_result NV_OK and reports the handler's
 *    status in the payload, parameters copied back: rpcRmApiControl_GSP()
 *    reads rpc_params->status only when the transfer succeeded ("status
 *    returned by the actual ctrl handler on GSP"), and nouveau's
 *    NV0073_CTRL_CMD_DP_CTRL / DP_AUXCH_CTRL retry on NV_ERR_TIMEOUT_RETRY
 *    with retryTimeMs (r535_dp_train_target(), r535_dp_aux_xfer(),
 *    commits eb284f4b3781 and 9776c0a75a1a, tested on real GPUs) only
 *    works if real GSP-RM answers that way.
 * A message the transport cannot accept gets rpc_result only
 * (INVALID_MESSAGE_FORMAT, no payload).
 */
#include <stdlib.h>
#include <string.h>

#include "nvsim_priv.h"

/* ------------------------------------------------------------------ */
/* object model */

static bool cls_is_root(uint32_t cls)
{
	return cls == NVSIM_CLASS_ROOT || cls == NVSIM_CLASS_ROOT_NON_PRIV ||
	       cls == NVSIM_CLASS_ROOT_CLIENT;
}

static bool cls_is_event(uint32_t cls)
{
	return cls == NVSIM_CLASS_EVENT || cls == NVSIM_CLASS_EVENT_OS_EVENT ||
	       cls == NVSIM_CLASS_EVENT_KERNEL_CALLBACK_EX;
}

struct nvsim_obj *nvsim_obj_find(struct nvsim_gsp *gsp, uint32_t h_client,
				 uint32_t handle)
{
	for (uint32_t i = 0; i < gsp->nr_objs; i++) {
		struct nvsim_obj *o = &gsp->objs[i];

		if (o->used && o->h_client == h_client && o->handle == handle)
			return o;
	}
	return NULL;
}

static struct nvsim_obj *client_find(struct nvsim_gsp *gsp, uint32_t h_client)
{
	struct nvsim_obj *o = nvsim_obj_find(gsp, h_client, h_client);

	return o && cls_is_root(o->cls) ? o : NULL;
}

static struct nvsim_obj *obj_add(struct nvsim_gsp *gsp, uint32_t h_client,
				 uint32_t handle, uint32_t h_parent, uint32_t cls)
{
	struct nvsim_obj *o = NULL;

	for (uint32_t i = 0; i < gsp->nr_objs; i++) {
		if (!gsp->objs[i].used) {
			o = &gsp->objs[i];
			break;
		}
	}
	if (!o) {
		if (gsp->nr_objs >= NVSIM_MAX_OBJECTS)
			return NULL;
		if (!(gsp->nr_objs & 63)) {
			struct nvsim_obj *n = realloc(gsp->objs, (gsp->nr_objs + 64) * sizeof(*n));

			if (!n)
				return NULL;
			gsp->objs = n;
		}
		o = &gsp->objs[gsp->nr_objs++];
	}
	memset(o, 0, sizeof(*o));
	o->used = true;
	o->h_client = h_client;
	o->handle = handle;
	o->h_parent = h_parent;
	o->cls = cls;
	return o;
}

static uint32_t count_children(struct nvsim_gsp *gsp, const struct nvsim_obj *p,
			       uint32_t cls)
{
	uint32_t n = 0;

	for (uint32_t i = 0; i < gsp->nr_objs; i++) {
		const struct nvsim_obj *o = &gsp->objs[i];

		if (o->used && o != p && o->h_client == p->h_client &&
		    o->h_parent == p->handle && o->cls == cls)
			n++;
	}
	return n;
}

/* Free obj and, recursively, everything below it (RM frees children
 * with their parent; freeing a client frees all its objects). */
static uint32_t obj_free_tree(struct nvsim_gsp *gsp, struct nvsim_obj *obj)
{
	uint32_t h_client = obj->h_client, n = 0;
	bool more = true;

	obj->used = false;
	n++;
	while (more) {
		more = false;
		for (uint32_t i = 0; i < gsp->nr_objs; i++) {
			struct nvsim_obj *o = &gsp->objs[i];

			if (!o->used || o->h_client != h_client)
				continue;
			if (!nvsim_obj_find(gsp, h_client, o->h_parent) ||
			    (cls_is_root(obj->cls) && obj->handle == h_client)) {
				o->used = false;
				n++;
				more = true;
			}
		}
	}
	return n;
}

void nvsim_rm_reset(struct nvsim_gsp *gsp)
{
	free(gsp->objs);
	gsp->objs = NULL;
	gsp->nr_objs = 0;
	gsp->got_system_info = false;
	gsp->got_registry = false;
	memset(&gsp->sysinfo, 0, sizeof(gsp->sysinfo));
	gsp->vfi_state = NVSIM_VFI_NONE;
	gsp->nr_reg = 0;
	gsp->bar_pde[0] = gsp->bar_pde[1] = 0;
}

/* GSP-RM's internal client/device/subdevice, reported in static info
 * (hInternalClient/Device/Subdevice) and used by nouveau for its
 * internal controls. */
int nvsim_rm_boot(struct nvsim_gsp *gsp)
{
	if (!obj_add(gsp, NVSIM_H_INTERNAL_CLIENT, NVSIM_H_INTERNAL_CLIENT,
		     NVSIM_H_INTERNAL_CLIENT, NVSIM_CLASS_ROOT) ||
	    !obj_add(gsp, NVSIM_H_INTERNAL_CLIENT, NVSIM_H_INTERNAL_DEVICE,
		     NVSIM_H_INTERNAL_CLIENT, NVSIM_CLASS_DEVICE) ||
	    !obj_add(gsp, NVSIM_H_INTERNAL_CLIENT, NVSIM_H_INTERNAL_SUBDEVICE,
		     NVSIM_H_INTERNAL_DEVICE, NVSIM_CLASS_SUBDEVICE)) {
		nvsim_halt(gsp, "boot: no memory for the internal RM client");
		return -1;
	}
	return 0;
}

uint32_t nvsim_reg_get(struct nvsim_gsp *gsp, const char *name, uint32_t def)
{
	for (uint32_t i = 0; i < gsp->nr_reg; i++) {
		if (!strcmp(gsp->reg[i].name, name))
			return gsp->reg[i].value;
	}
	return def;
}

/* ------------------------------------------------------------------ */
/* GSP_SET_SYSTEM_INFO (fn 72), payload GspSystemInfo ([facts §4]) */

static bool vf_info_zero(const struct nvsim_vf_info *v)
{
	static const struct nvsim_vf_info zero;

	return !memcmp(v, &zero, offsetof(struct nvsim_vf_info, bar2_64bit) + 1);
}

#define VF_CHECK(cond, ...) do {					\
	if (!(cond)) {							\
		nvsim_reject(gsp, "GSP_SET_SYSTEM_INFO VF info", 0,	\
			     NV_ERR_INVALID_ARGUMENT, __VA_ARGS__);	\
		ok = false;						\
	}								\
} while (0)

/* GSP_VF_INFO must describe the PF's real SR-IOV capability
 * ([facts §4.1]: TotalVFs, First VF Offset, VF BARs at cap +0x24). */
static void check_vf_info(struct nvsim_gsp *gsp)
{
	const struct nvsim_vf_info *v = &gsp->sysinfo.vf_info;
	struct nvsim_sriov_state st;
	bool ok = true;

	memset(&st, 0, sizeof(st));
	gsp->ops->sriov_state(gsp->opaque, &st);
	if (vf_info_zero(v)) {
		gsp->vfi_state = NVSIM_VFI_ZERO;
		nvsim_log(gsp, "GSP_SET_SYSTEM_INFO: GSP_VF_INFO is all zero; vGPU "
			  "bootload will be refused");
		return;
	}
	VF_CHECK(v->total_vfs == st.total_vfs && v->total_vfs == gsp->cfg.max_vfs,
		 "totalVFs %u, SR-IOV TotalVFs %u", v->total_vfs, st.total_vfs);
	VF_CHECK(v->first_vf_offset == st.first_vf_offset,
		 "firstVFOffset %u, SR-IOV First VF Offset %u", v->first_vf_offset,
		 st.first_vf_offset);
	VF_CHECK(v->first_vf_bar0 == st.vf_bar_addr[0],
		 "FirstVFBar0Address 0x%llx, VF BAR0 0x%llx",
		 (unsigned long long)v->first_vf_bar0,
		 (unsigned long long)st.vf_bar_addr[0]);
	VF_CHECK(v->first_vf_bar1 == st.vf_bar_addr[1],
		 "FirstVFBar1Address 0x%llx, VF BAR1 0x%llx",
		 (unsigned long long)v->first_vf_bar1,
		 (unsigned long long)st.vf_bar_addr[1]);
	VF_CHECK(v->first_vf_bar2 == st.vf_bar_addr[2],
		 "FirstVFBar2Address 0x%llx, VF BAR3 0x%llx",
		 (unsigned long long)v->first_vf_bar2,
		 (unsigned long long)st.vf_bar_addr[2]);
	VF_CHECK(!!v->bar0_64bit == st.vf_bar_64bit[0] &&
		 !!v->bar1_64bit == st.vf_bar_64bit[1] &&
		 !!v->bar2_64bit == st.vf_bar_64bit[2],
		 "b64bitBar0/1/2 %u/%u/%u, VF BARs 64-bit %u/%u/%u",
		 v->bar0_64bit, v->bar1_64bit, v->bar2_64bit,
		 st.vf_bar_64bit[0], st.vf_bar_64bit[1], st.vf_bar_64bit[2]);
	VF_CHECK((gsp->sysinfo.nv_domain_bus_device_func & 0xffff) == st.pf_bdf,
		 "nvDomainBusDeviceFunc 0x%llx, PF 0x%04x",
		 (unsigned long long)gsp->sysinfo.nv_domain_bus_device_func, st.pf_bdf);
	if (ok) {
		gsp->vfi_state = NVSIM_VFI_VALID;
	} else {
		gsp->vfi_state = NVSIM_VFI_MISMATCH;
		gsp->cnt.protocol_errors++;
	}
}

/* No reply: nouveau sends it without waiting (r535_gsp_rpc_set_system_info,
 * nvkm_gsp_rpc_wr(..., false)). assumption: GSP-RM answers nothing. */
static void rpc_system_info(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	if (req->len != sizeof(struct nvsim_system_info)) {
		if (gsp->booting) {
			nvsim_halt(gsp, "GSP_SET_SYSTEM_INFO payload %u bytes, expected %zu",
				   req->len, sizeof(struct nvsim_system_info));
		} else {
			nvsim_reject(gsp, "GSP_SET_SYSTEM_INFO", 0, NV_ERR_INVALID_ARGUMENT,
				     "payload %u bytes, expected %zu", req->len,
				     sizeof(struct nvsim_system_info));
			gsp->cnt.protocol_errors++;
		}
		return;
	}
	memcpy(&gsp->sysinfo, req->payload, sizeof(gsp->sysinfo));
	gsp->got_system_info = true;
	check_vf_info(gsp);
}

/* ------------------------------------------------------------------ */
/* SET_REGISTRY (fn 73): PACKED_REGISTRY_TABLE (build_registry() in r535.c) */

static const char *reg_check(const uint8_t *t, uint32_t len, uint32_t *pn)
{
	struct nvsim_reg_table hdr;
	uint32_t ents_end;

	if (len < sizeof(hdr))
		return "table shorter than its header";
	memcpy(&hdr, t, sizeof(hdr));
	if (hdr.size != len)
		return "size field differs from the payload length";
	if (hdr.num_entries > (len - sizeof(hdr)) / sizeof(struct nvsim_reg_entry))
		return "entries overrun the table";
	ents_end = (uint32_t)(sizeof(hdr) + hdr.num_entries * sizeof(struct nvsim_reg_entry));
	for (uint32_t i = 0; i < hdr.num_entries; i++) {
		struct nvsim_reg_entry e;
		const uint8_t *nul;

		memcpy(&e, t + sizeof(hdr) + i * sizeof(e), sizeof(e));
		if (e.name_offset < ents_end || e.name_offset >= len)
			return "nameOffset outside the string area";
		/* REGISTRY_MAX_KEY_LENGTH 64 including the NUL */
		nul = memchr(t + e.name_offset, 0,
			     len - e.name_offset < 64 ? len - e.name_offset : 64);
		if (!nul || nul == t + e.name_offset)
			return "key not NUL-terminated within 64 bytes";
		switch (e.type) {
		case NVSIM_REG_TYPE_DWORD:
			if (e.length != 4)
				return "DWORD entry length is not 4";
			break;
		case NVSIM_REG_TYPE_BINARY:
		case NVSIM_REG_TYPE_STRING:
			if (!e.length || e.data < ents_end || e.data > len ||
			    e.length > len - e.data)
				return "value outside the table";
			if (e.type == NVSIM_REG_TYPE_STRING && t[e.data + e.length - 1])
				return "STRING value not NUL-terminated";
			break;
		default:
			return "unknown entry type";
		}
	}
	*pn = hdr.num_entries;
	return NULL;
}

static void rpc_registry(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	const char *why;
	uint32_t n = 0;

	why = reg_check(req->payload, req->len, &n);
	if (why) {
		if (gsp->booting) {
			nvsim_halt(gsp, "SET_REGISTRY: %s", why);
		} else {
			nvsim_reject(gsp, "SET_REGISTRY", 0, NV_ERR_INVALID_ARGUMENT, "%s", why);
			gsp->cnt.protocol_errors++;
		}
		return;
	}
	gsp->got_registry = true;
	for (uint32_t i = 0; i < n; i++) {
		struct nvsim_reg_entry e;
		const char *name;
		uint32_t k;

		memcpy(&e, req->payload + sizeof(struct nvsim_reg_table) + i * sizeof(e),
		       sizeof(e));
		if (e.type != NVSIM_REG_TYPE_DWORD)
			continue;
		name = (const char *)req->payload + e.name_offset;
		for (k = 0; k < gsp->nr_reg; k++)
			if (!strcmp(gsp->reg[k].name, name))
				break;
		if (k == gsp->nr_reg) {
			if (k == NVSIM_MAX_REG_KEYS) {
				nvsim_log(gsp, "SET_REGISTRY: key %s ignored, table full", name);
				continue;
			}
			gsp->nr_reg++;
			strcpy(gsp->reg[k].name, name);
		}
		gsp->reg[k].value = e.data;
	}
	nvsim_log(gsp, "SET_REGISTRY: %u entries, RMSetSriovMode=%u", n,
		  nvsim_reg_get(gsp, "RMSetSriovMode", 0));
}

/* ------------------------------------------------------------------ */
/* GET_GSP_STATIC_INFO (fn 65): what r535_gsp_rpc_get_gsp_static_info()
 * and fb/r535.c consume */

static void fill_static_info(struct nvsim_gsp *gsp, struct nvsim_static_info *si)
{
	struct nvsim_fb_region *r = si->fb_region_info.region;
	struct nvsim_sriov_state st;
	static const char name[] = "NVIDIA vGPU simulator";

	memset(&st, 0, sizeof(st));
	gsp->ops->sriov_state(gsp->opaque, &st);

	/* region 0: usable by the CPU (nouveau takes regions that are
	 * neither reserved nor protected and support compression + ISO) */
	si->fb_region_info.num_regions = 2;
	r[0].base = 0;
	r[0].limit = gsp->fb_usable_end - 1;
	r[0].performance = 1000;
	r[0].support_compressed = 1;
	r[0].support_iso = 1;
	/* region 1: RM reserve, non-WPR heap, WPR2, VBIOS: protected */
	r[1].base = gsp->fb_usable_end;
	r[1].limit = gsp->cfg.vram_size - 1;
	r[1].reserved = gsp->cfg.vram_size - gsp->fb_usable_end;
	r[1].protected_ = 1;

	si->sriov_caps.total_vfs = st.total_vfs;
	si->sriov_caps.first_vf_offset = st.first_vf_offset;
	si->sriov_caps.first_vf_bar0 = st.vf_bar_addr[0];
	si->sriov_caps.first_vf_bar1 = st.vf_bar_addr[1];
	si->sriov_caps.first_vf_bar2 = st.vf_bar_addr[2];
	si->sriov_caps.bar0_size = st.vf_bar_size[0];
	si->sriov_caps.bar1_size = st.vf_bar_size[1];
	si->sriov_caps.bar2_size = st.vf_bar_size[2];
	si->sriov_caps.bar0_64bit = st.vf_bar_64bit[0];
	si->sriov_caps.bar1_64bit = st.vf_bar_64bit[1];
	si->sriov_caps.bar2_64bit = st.vf_bar_64bit[2];
	si->sriov_caps.sriov_enabled = nvsim_reg_get(gsp, "RMSetSriovMode", 0) == 1;
	si->sriov_max_gfid = gsp->cfg.max_vfs;

	si->fb_length = gsp->cfg.vram_size;
	memcpy(si->gpu_name_string, name, sizeof(name));
	memcpy(si->gpu_short_name_string, "NVSIM", 6);
	for (size_t i = 0; i < sizeof(name); i++)
		si->gpu_name_string_unicode[i] = (uint8_t)name[i];
	si->is_vgx = 1;
	si->bar1_pde_base = gsp->bar1_pdb;
	si->bar2_pde_base = gsp->bar2_pdb;
	si->h_internal_client = NVSIM_H_INTERNAL_CLIENT;
	si->h_internal_device = NVSIM_H_INTERNAL_DEVICE;
	si->h_internal_subdevice = NVSIM_H_INTERNAL_SUBDEVICE;
}

static void rpc_static_info(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_static_info *si;

	/* nvkm_gsp_rpc_rd(gsp, fn, sizeof(GspStaticConfigInfo)) */
	if (req->len != sizeof(*si)) {
		nvsim_reject(gsp, "GET_GSP_STATIC_INFO", 0, NV_ERR_INVALID_ARGUMENT,
			     "payload %u bytes, expected %zu", req->len, sizeof(*si));
		nvsim_reply(gsp, req, NV_ERR_INVALID_ARGUMENT, NULL, 0);
		return;
	}
	si = calloc(1, sizeof(*si));
	if (!si) {
		nvsim_reply(gsp, req, NV_ERR_NO_MEMORY, NULL, 0);
		return;
	}
	fill_static_info(gsp, si);
	nvsim_reply(gsp, req, NV_OK, si, sizeof(*si));
	free(si);
}

/* ------------------------------------------------------------------ */
/* UPDATE_BAR_PDE (fn 70): r535_bar_bar2_update_pde() writes a PD3 entry
 * ((addr >> 4) | 2: aperture VIDMEM) at level shift 47. GSP owns the
 * root page directory (bar[12]PdeBase) and stores the entry at index 0,
 * which is what the device walks. */
static void rpc_update_bar_pde(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_rpc_update_bar_pde p;
	uint32_t st = NV_OK;
	uint64_t addr;

	if (req->len != sizeof(p)) {
		nvsim_reject(gsp, "UPDATE_BAR_PDE", 0, NV_ERR_INVALID_ARGUMENT,
			     "payload %u bytes, expected %zu", req->len, sizeof(p));
		nvsim_reply(gsp, req, NV_ERR_INVALID_ARGUMENT, NULL, 0);
		return;
	}
	memcpy(&p, req->payload, sizeof(p));
	addr = (p.entry_value & ~0xffull) << 4;
	if (p.bar_type > NVSIM_PDE_BAR_2) {
		st = NV_ERR_INVALID_ARGUMENT;
		nvsim_reject(gsp, "UPDATE_BAR_PDE", 0, st, "barType %u", p.bar_type);
	} else if (p.entry_level_shift != 47) {
		st = NV_ERR_INVALID_ARGUMENT;
		nvsim_reject(gsp, "UPDATE_BAR_PDE", 0, st,
			     "entryLevelShift %llu, only the root level (47) is GSP's",
			     (unsigned long long)p.entry_level_shift);
	} else if (p.entry_value &&
		   (((p.entry_value >> 1) & 3) != 1 || addr >= gsp->cfg.vram_size)) {
		st = NV_ERR_INVALID_ARGUMENT;
		nvsim_reject(gsp, "UPDATE_BAR_PDE", 0, st,
			     "entry 0x%llx is not a VIDMEM PDE inside VRAM",
			     (unsigned long long)p.entry_value);
	} else {
		uint64_t pdb = p.bar_type == NVSIM_PDE_BAR_1 ? gsp->bar1_pdb : gsp->bar2_pdb;

		gsp->bar_pde[p.bar_type] = p.entry_value;
		nvsim_vram_write(gsp, pdb, &p.entry_value, 8);
	}
	nvsim_reply(gsp, req, st, &p, sizeof(p));
}

/* ------------------------------------------------------------------ */
/* GSP_RM_ALLOC (fn 103) */

#define ALLOC_REJECT(st, ...) do {					\
	nvsim_reject(gsp, "GSP_RM_ALLOC", 0, (st), __VA_ARGS__);	\
	return (st);							\
} while (0)

static uint32_t alloc_params_size(uint32_t cls)
{
	if (cls_is_root(cls))
		return sizeof(struct nvsim_alloc_root);
	if (cls_is_event(cls))
		return sizeof(struct nvsim_alloc_event);
	switch (cls) {
	case NVSIM_CLASS_DEVICE:
		return sizeof(struct nvsim_alloc_device);
	case NVSIM_CLASS_SUBDEVICE:
		return sizeof(struct nvsim_alloc_subdevice);
	case NVSIM_CLASS_VASPACE:
		return sizeof(struct nvsim_alloc_vaspace);
	}
	return 0;
}

/* Parent class each class must live under (r535 allocation order). */
static bool parent_ok(uint32_t cls, uint32_t pcls)
{
	switch (cls) {
	case NVSIM_CLASS_DEVICE:
		return cls_is_root(pcls);
	case NVSIM_CLASS_SUBDEVICE:
	case NVSIM_CLASS_VASPACE:
		return pcls == NVSIM_CLASS_DEVICE;
	default:
		/* events: r535_gsp_device_event_ctor() allocates under the subdevice */
		return cls_is_event(cls) && pcls == NVSIM_CLASS_SUBDEVICE;
	}
}

static uint32_t alloc_root(struct nvsim_gsp *gsp, const struct nvsim_rpc_alloc *a,
			   const uint8_t *params)
{
	struct nvsim_alloc_root p;

	memcpy(&p, params, sizeof(p));
	/* r535_gsp_client_ctor(): hObject = hClient = hParent, args.hClient */
	if (a->h_object != a->h_client || !a->h_client ||
	    (a->h_parent && a->h_parent != a->h_client) || p.h_client != a->h_client)
		ALLOC_REJECT(NV_ERR_INVALID_OBJECT_HANDLE,
			     "client 0x%08x: hObject 0x%08x hParent 0x%08x params.hClient 0x%08x",
			     a->h_client, a->h_object, a->h_parent, p.h_client);
	if (nvsim_obj_find(gsp, a->h_client, a->h_client))
		ALLOC_REJECT(NV_ERR_INSERT_DUPLICATE_NAME, "client 0x%08x exists",
			     a->h_client);
	if (!obj_add(gsp, a->h_client, a->h_client, a->h_client, a->h_class))
		ALLOC_REJECT(NV_ERR_INSUFFICIENT_RESOURCES, "object table full");
	return NV_OK;
}

static uint32_t alloc_check_params(struct nvsim_gsp *gsp, const struct nvsim_rpc_alloc *a,
				   const uint8_t *params, const struct nvsim_obj *parent)
{
	switch (a->h_class) {
	case NVSIM_CLASS_DEVICE: {
		struct nvsim_alloc_device p;

		memcpy(&p, params, sizeof(p));
		if (p.device_id != 0)
			ALLOC_REJECT(NV_ERR_INVALID_ARGUMENT, "deviceId %u, one GPU only",
				     p.device_id);
		if (count_children(gsp, parent, NVSIM_CLASS_DEVICE))
			ALLOC_REJECT(NV_ERR_STATE_IN_USE, "client 0x%08x already has device 0",
				     a->h_client);
		break;
	}
	case NVSIM_CLASS_SUBDEVICE: {
		struct nvsim_alloc_subdevice p;

		memcpy(&p, params, sizeof(p));
		if (p.subdevice_id != 0)
			ALLOC_REJECT(NV_ERR_INVALID_ARGUMENT, "subDeviceId %u", p.subdevice_id);
		if (count_children(gsp, parent, NVSIM_CLASS_SUBDEVICE))
			ALLOC_REJECT(NV_ERR_STATE_IN_USE, "device 0x%08x already has subdevice 0",
				     parent->handle);
		break;
	}
	case NVSIM_CLASS_VASPACE: {
		struct nvsim_alloc_vaspace p;

		memcpy(&p, params, sizeof(p));
		/* r535_mmu_promote_vmm(): NV_VASPACE_ALLOCATION_INDEX_GPU_NEW */
		if (p.index != 0)
			ALLOC_REJECT(NV_ERR_INVALID_ARGUMENT, "VA space index %u", p.index);
		break;
	}
	default: {	/* events */
		struct nvsim_alloc_event p;

		memcpy(&p, params, sizeof(p));
		if (p.h_parent_client != a->h_client || p.h_class != a->h_class ||
		    (p.notify_index & 0xffff) >= NVSIM_2080_NOTIFIERS_MAXCOUNT)
			ALLOC_REJECT(NV_ERR_INVALID_ARGUMENT,
				     "event hParentClient 0x%08x hClass 0x%x notifyIndex 0x%x",
				     p.h_parent_client, p.h_class, p.notify_index);
		if (p.h_src_resource && !nvsim_obj_find(gsp, a->h_client, p.h_src_resource))
			ALLOC_REJECT(NV_ERR_INVALID_OBJECT_HANDLE, "hSrcResource 0x%08x unknown",
				     p.h_src_resource);
		break;
	}
	}
	return NV_OK;
}

static uint32_t rm_alloc(struct nvsim_gsp *gsp, const struct nvsim_rpc_alloc *a,
			 const uint8_t *params)
{
	uint32_t want = alloc_params_size(a->h_class), st;
	struct nvsim_obj *parent, *o;

	if (!want)
		ALLOC_REJECT(NV_ERR_INVALID_CLASS, "class 0x%x not supported", a->h_class);
	if (a->params_size != want)
		ALLOC_REJECT(NV_ERR_INVALID_PARAM_STRUCT,
			     "class 0x%x paramsSize %u, expected %u", a->h_class,
			     a->params_size, want);
	if (cls_is_root(a->h_class))
		return alloc_root(gsp, a, params);
	if (!client_find(gsp, a->h_client))
		ALLOC_REJECT(NV_ERR_INVALID_CLIENT, "client 0x%08x unknown", a->h_client);
	if (!a->h_object || a->h_object == a->h_client)
		ALLOC_REJECT(NV_ERR_INVALID_OBJECT_HANDLE, "handle 0x%08x", a->h_object);
	if (nvsim_obj_find(gsp, a->h_client, a->h_object))
		ALLOC_REJECT(NV_ERR_INSERT_DUPLICATE_NAME, "handle 0x%08x exists in client 0x%08x",
			     a->h_object, a->h_client);
	parent = nvsim_obj_find(gsp, a->h_client, a->h_parent);
	if (!parent)
		ALLOC_REJECT(NV_ERR_INVALID_OBJECT_PARENT, "parent 0x%08x unknown",
			     a->h_parent);
	if (!parent_ok(a->h_class, parent->cls))
		ALLOC_REJECT(NV_ERR_INVALID_OBJECT_PARENT,
			     "class 0x%x cannot live under 0x%08x (class 0x%x)",
			     a->h_class, parent->handle, parent->cls);
	st = alloc_check_params(gsp, a, params, parent);
	if (st)
		return st;
	o = obj_add(gsp, a->h_client, a->h_object, a->h_parent, a->h_class);
	if (!o)
		ALLOC_REJECT(NV_ERR_INSUFFICIENT_RESOURCES, "object table full");
	return NV_OK;
}

static void rpc_alloc(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_rpc_alloc a;

	if (req->len < sizeof(a)) {
		nvsim_reject(gsp, "GSP_RM_ALLOC", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
			     "payload %u bytes", req->len);
		nvsim_reply(gsp, req, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT, NULL, 0);
		return;
	}
	memcpy(&a, req->payload, sizeof(a));
	if (a.params_size != req->len - sizeof(a)) {
		nvsim_reject(gsp, "GSP_RM_ALLOC", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
			     "paramsSize %u but %zu bytes follow", a.params_size,
			     req->len - sizeof(a));
		nvsim_reply(gsp, req, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT, NULL, 0);
		return;
	}
	a.status = rm_alloc(gsp, &a, req->payload + sizeof(a));
	memcpy(req->payload, &a, sizeof(a));
	/* rpc_result = status: rpcRmApiAlloc_GSP() (header comment);
	 * nvsim_reply() counts the error */
	nvsim_reply(gsp, req, a.status, req->payload, req->len);
}

/* ------------------------------------------------------------------ */
/* FREE (fn 10): NVOS00_PARAMETERS_v03_00 (r535_gsp_rpc_rm_free()) */

static uint32_t rm_free(struct nvsim_gsp *gsp, const struct nvsim_rpc_free *f)
{
	struct nvsim_obj *o;
	uint32_t n;

	if (!client_find(gsp, f->h_root)) {
		nvsim_reject(gsp, "FREE", 0, NV_ERR_INVALID_CLIENT,
			     "client 0x%08x unknown (object 0x%08x)", f->h_root,
			     f->h_object_old);
		return NV_ERR_INVALID_CLIENT;
	}
	if (f->h_root == NVSIM_H_INTERNAL_CLIENT) {
		nvsim_reject(gsp, "FREE", 0, NV_ERR_INSUFFICIENT_PERMISSIONS,
			     "object 0x%08x belongs to GSP's internal client",
			     f->h_object_old);
		return NV_ERR_INSUFFICIENT_PERMISSIONS;
	}
	o = nvsim_obj_find(gsp, f->h_root, f->h_object_old);
	if (!o) {
		nvsim_reject(gsp, "FREE", 0, NV_ERR_INVALID_OBJECT_HANDLE,
			     "object 0x%08x not in client 0x%08x (double free?)",
			     f->h_object_old, f->h_root);
		return NV_ERR_INVALID_OBJECT_HANDLE;
	}
	if (f->h_object_parent && f->h_object_parent != o->h_parent &&
	    f->h_object_old != f->h_root) {
		nvsim_reject(gsp, "FREE", 0, NV_ERR_INVALID_OBJECT_PARENT,
			     "object 0x%08x has parent 0x%08x, not 0x%08x",
			     f->h_object_old, o->h_parent, f->h_object_parent);
		return NV_ERR_INVALID_OBJECT_PARENT;
	}
	n = obj_free_tree(gsp, o);
	if (n > 1)
		nvsim_log(gsp, "FREE: 0x%08x/0x%08x freed with %u children", f->h_root,
			  f->h_object_old, n - 1);
	return NV_OK;
}

static void rpc_free(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_rpc_free f;

	if (req->len != sizeof(f)) {
		nvsim_reject(gsp, "FREE", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
			     "payload %u bytes, expected %zu", req->len, sizeof(f));
		nvsim_reply(gsp, req, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT, NULL, 0);
		return;
	}
	memcpy(&f, req->payload, sizeof(f));
	f.status = rm_free(gsp, &f);
	/* rpc_result = status: rpcRmApiFree_GSP() returns only what
	 * _issueRpcAndWait() makes of rpc_result (header comment) */
	nvsim_reply(gsp, req, f.status, &f, sizeof(f));
}

/* ------------------------------------------------------------------ */
/* GSP_RM_CONTROL (fn 76) */

static uint32_t ctrl_event_set_notification(struct nvsim_gsp *gsp, struct nvsim_obj *obj,
					    void *params)
{
	struct nvsim_ctrl_event_set_notification *p = params;
	bool found = false;

	if (p->event >= NVSIM_2080_NOTIFIERS_MAXCOUNT || p->action > NVSIM_EVENT_ACTION_REPEAT) {
		nvsim_reject(gsp, "EVENT_SET_NOTIFICATION", 0, NV_ERR_INVALID_ARGUMENT,
			     "event %u action %u", p->event, p->action);
		return NV_ERR_INVALID_ARGUMENT;
	}
	/* r535_gsp_device_event_ctor() allocates the event object first */
	for (uint32_t i = 0; i < gsp->nr_objs && p->action; i++) {
		const struct nvsim_obj *e = &gsp->objs[i];

		if (e->used && cls_is_event(e->cls) && e->h_client == obj->h_client &&
		    e->h_parent == obj->handle)
			found = true;
	}
	if (p->action && !found) {
		nvsim_reject(gsp, "EVENT_SET_NOTIFICATION", 0, NV_ERR_INVALID_STATE,
			     "no event object under subdevice 0x%08x", obj->handle);
		return NV_ERR_INVALID_STATE;
	}
	if (p->action)
		obj->notify[p->event / 32] |= 1u << (p->event % 32);
	else
		obj->notify[p->event / 32] &= ~(1u << (p->event % 32));
	return NV_OK;
}

static uint32_t ctrl_intr_table(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params)
{
	struct nvsim_ctrl_intr_table *p = params;

	(void)gsp;
	(void)obj;
	/* only GSP itself: a minimal chip has no engines */
	memset(p, 0, sizeof(*p));
	p->table_len = 1;
	p->table[0].engine_idx = NVSIM_MC_ENGINE_IDX_GSP;
	p->table[0].vector_stall = NVSIM_GSP_INTR_VECTOR;
	p->table[0].vector_nonstall = 0xffffffffu;	/* none */
	return NV_OK;
}

static uint32_t ctrl_zero(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params,
			  uint32_t size)
{
	(void)gsp;
	(void)obj;
	memset(params, 0, size);	/* no engines, no falcons */
	return NV_OK;
}

static uint32_t ctrl_ce_mthd_size(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params)
{
	struct nvsim_ctrl_ce_fault_mthd_size *p = params;

	(void)gsp;
	(void)obj;
	p->size = 0x1000;	/* assumption: one page */
	return NV_OK;
}

static uint32_t ctrl_vmmu_segment(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params)
{
	struct nvsim_ctrl_vmmu_segment_size *p = params;

	(void)obj;
	p->vmmu_segment_size = gsp->cfg.vmmu_segment_size;
	return NV_OK;
}

static uint32_t ctrl_gsp_features(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params)
{
	struct nvsim_ctrl_gsp_features *p = params;

	(void)gsp;
	(void)obj;
	memset(p, 0, sizeof(*p));
	p->valid = 1;
	memcpy(p->firmware_version, "535.113.01", 11);
	return NV_OK;
}

/* r535_mmu_promote_vmm(): up to 3 levels, aperture 1 (VIDMEM) */
static uint32_t ctrl_copy_rsvd_pdes(struct nvsim_gsp *gsp, struct nvsim_obj *obj,
				    void *params)
{
	struct nvsim_ctrl_copy_rsvd_pdes *p = params;
	const char *why = NULL;

	(void)obj;
	if (!p->page_size || (p->page_size & (p->page_size - 1)))
		why = "pageSize not a power of two";
	else if ((p->virt_addr_lo & (p->page_size - 1)) ||
		 ((p->virt_addr_hi + 1) & (p->page_size - 1)) ||
		 p->virt_addr_hi <= p->virt_addr_lo)
		why = "VA range not aligned to pageSize";
	else if (!p->num_levels_to_copy || p->num_levels_to_copy > NVSIM_GMMU_FMT_MAX_LEVELS)
		why = "numLevelsToCopy out of range";
	for (uint32_t i = 0; !why && i < p->num_levels_to_copy; i++) {
		if (p->levels[i].aperture != 1 || !p->levels[i].size ||
		    p->levels[i].phys_address >= gsp->cfg.vram_size ||
		    p->levels[i].size > gsp->cfg.vram_size - p->levels[i].phys_address)
			why = "level not a VIDMEM range inside VRAM";
		else if (i && p->levels[i].page_shift >= p->levels[i - 1].page_shift)
			why = "level page shifts not decreasing";
	}
	if (why) {
		nvsim_reject(gsp, "VASPACE_COPY_SERVER_RESERVED_PDES", 0,
			     NV_ERR_INVALID_ARGUMENT, "%s", why);
		return NV_ERR_INVALID_ARGUMENT;
	}
	return NV_OK;
}

struct ctrl_desc {
	uint32_t cmd;
	uint32_t size;
	uint32_t (*fn)(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params);
	uint32_t (*fn_sized)(struct nvsim_gsp *gsp, struct nvsim_obj *obj, void *params,
			     uint32_t size);
};

static const struct ctrl_desc ctrls[] = {
	{ NVSIM_CTRL_EVENT_SET_NOTIFICATION, sizeof(struct nvsim_ctrl_event_set_notification),
	  ctrl_event_set_notification, NULL },
	{ NVSIM_CTRL_INTR_GET_KERNEL_TABLE, sizeof(struct nvsim_ctrl_intr_table),
	  ctrl_intr_table, NULL },
	{ NVSIM_CTRL_GET_CONSTRUCTED_FALCON_INFO, sizeof(struct nvsim_ctrl_falcon_info),
	  NULL, ctrl_zero },
	{ NVSIM_CTRL_FIFO_GET_DEVICE_INFO_TABLE, sizeof(struct nvsim_ctrl_fifo_device_info),
	  NULL, ctrl_zero },
	{ NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE,
	  sizeof(struct nvsim_ctrl_ce_fault_mthd_size), ctrl_ce_mthd_size, NULL },
	{ NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, sizeof(struct nvsim_ctrl_vmmu_segment_size),
	  ctrl_vmmu_segment, NULL },
	{ NVSIM_CTRL_GSP_GET_FEATURES, sizeof(struct nvsim_ctrl_gsp_features),
	  ctrl_gsp_features, NULL },
	{ NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES,
	  sizeof(struct nvsim_ctrl_copy_rsvd_pdes), ctrl_copy_rsvd_pdes, NULL },
};

/* The control's class is its top 16 bits (FINN interface IDs). */
static bool ctrl_class_ok(uint32_t cmd, uint32_t cls)
{
	uint32_t ccls = cmd >> 16;

	if (ccls == 0x0000)
		return cls_is_root(cls);
	return ccls == cls;
}

static uint32_t rm_control(struct nvsim_gsp *gsp, const struct nvsim_rpc_ctrl *c,
			   uint8_t *params)
{
	const struct ctrl_desc *d = NULL;
	struct nvsim_obj *obj;
	uint32_t size = 0;

	if (!client_find(gsp, c->h_client)) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_ERR_INVALID_CLIENT,
			     "cmd 0x%08x: client 0x%08x unknown", c->cmd, c->h_client);
		return NV_ERR_INVALID_CLIENT;
	}
	obj = nvsim_obj_find(gsp, c->h_client, c->h_object);
	if (!obj) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_ERR_INVALID_OBJECT_HANDLE,
			     "cmd 0x%08x: object 0x%08x not in client 0x%08x", c->cmd,
			     c->h_object, c->h_client);
		return NV_ERR_INVALID_OBJECT_HANDLE;
	}
	for (size_t i = 0; i < sizeof(ctrls) / sizeof(ctrls[0]); i++) {
		if (ctrls[i].cmd == c->cmd) {
			d = &ctrls[i];
			size = d->size;
		}
	}
	if (!d && !nvsim_vgpu_ctrl_known(c->cmd, &size)) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_ERR_NOT_SUPPORTED,
			     "unknown control 0x%08x", c->cmd);
		return NV_ERR_NOT_SUPPORTED;
	}
	if (!ctrl_class_ok(c->cmd, obj->cls)) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_ERR_NOT_SUPPORTED,
			     "control 0x%08x not accepted by object 0x%08x of class 0x%x",
			     c->cmd, c->h_object, obj->cls);
		return NV_ERR_NOT_SUPPORTED;
	}
	if (c->params_size != size) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_ERR_INVALID_PARAM_STRUCT,
			     "control 0x%08x paramsSize %u, expected %u", c->cmd,
			     c->params_size, size);
		return NV_ERR_INVALID_PARAM_STRUCT;
	}
	if (!d)
		return nvsim_vgpu_ctrl(gsp, c->cmd, params, size);
	return d->fn ? d->fn(gsp, obj, params) : d->fn_sized(gsp, obj, params, size);
}

static void rpc_control(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_rpc_ctrl c;

	if (req->len < sizeof(c)) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
			     "payload %u bytes", req->len);
		nvsim_reply(gsp, req, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT, NULL, 0);
		return;
	}
	memcpy(&c, req->payload, sizeof(c));
	if (c.params_size != req->len - sizeof(c)) {
		nvsim_reject(gsp, "GSP_RM_CONTROL", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
			     "cmd 0x%08x paramsSize %u but %zu bytes follow", c.cmd,
			     c.params_size, req->len - sizeof(c));
		nvsim_reply(gsp, req, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT, NULL, 0);
		return;
	}
	c.status = rm_control(gsp, &c, req->payload + sizeof(c));
	if (c.status)
		gsp->cnt.rpc_errors++;
	memcpy(req->payload, &c, sizeof(c));
	/* the reply carries the (output) parameters back; a failed control
	 * keeps rpc_result NV_OK: rpcRmApiControl_GSP(), nouveau's
	 * r535_dp_train_target() retry (header comment) */
	nvsim_reply(gsp, req, NV_OK, req->payload, req->len);
}

/* ------------------------------------------------------------------ */
/* UNLOADING_GUEST_DRIVER (fn 47): r535_gsp_fini() waits for the reply,
 * then polls falcon MAILBOX0 bit 31 (nvsim_gsp_unloaded()). */
static void rpc_unloading(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	struct nvsim_rpc_unloading u;

	if (req->len != sizeof(u)) {
		nvsim_reject(gsp, "UNLOADING_GUEST_DRIVER", 0, NV_ERR_INVALID_ARGUMENT,
			     "payload %u bytes, expected %zu", req->len, sizeof(u));
		nvsim_reply(gsp, req, NV_ERR_INVALID_ARGUMENT, NULL, 0);
		return;
	}
	memcpy(&u, req->payload, sizeof(u));
	nvsim_log(gsp, "UNLOADING_GUEST_DRIVER: %s, GSP stops",
		  u.in_pm_transition ? "suspend (resume is not simulated)" : "unload");
	nvsim_reply(gsp, req, NV_OK, &u, sizeof(u));
	gsp->unloaded = true;
}

/* ------------------------------------------------------------------ */

/* Functions nouveau sends without waiting for a reply. */
static bool fn_async(uint32_t fn)
{
	return fn == NVSIM_FN_GSP_SET_SYSTEM_INFO || fn == NVSIM_FN_SET_REGISTRY;
}

/* Offset of the NV_STATUS field in the payload, or -1 if it has none. */
static int status_off(uint32_t fn)
{
	switch (fn) {
	case NVSIM_FN_GSP_RM_ALLOC:
		return offsetof(struct nvsim_rpc_alloc, status);
	case NVSIM_FN_GSP_RM_CONTROL:
		return offsetof(struct nvsim_rpc_ctrl, status);
	case NVSIM_FN_FREE:
		return offsetof(struct nvsim_rpc_free, status);
	}
	return -1;
}

/*
 * RPC_STATUS fault: fail the RPC before it takes effect, answered the
 * way the RPC's own handler answers a failure (header comment): ALLOC
 * and FREE with status and rpc_result = st, CONTROL with status = st and
 * rpc_result NV_OK, an RPC without a status field with rpc_result = st.
 */
static void fault_status_reply(struct nvsim_gsp *gsp, struct nvsim_req *req, uint32_t st)
{
	int off = status_off(req->function);

	nvsim_log(gsp, "fault: fn %u fails with status 0x%x", req->function, st);
	if (fn_async(req->function)) {
		gsp->cnt.rpc_errors++;
		return;		/* not processed, nothing to answer */
	}
	if (off < 0 || req->len < (uint32_t)off + 4) {
		nvsim_reply(gsp, req, st, NULL, 0);
		return;
	}
	memcpy(req->payload + off, &st, 4);
	if (req->function == NVSIM_FN_GSP_RM_CONTROL) {
		gsp->cnt.rpc_errors++;
		nvsim_reply(gsp, req, NV_OK, req->payload, req->len);
	} else {
		nvsim_reply(gsp, req, st, req->payload, req->len);	/* counted there */
	}
}

void nvsim_rm_dispatch(struct nvsim_gsp *gsp, struct nvsim_req *req)
{
	uint32_t fn = req->function, cmd = 0;
	bool exact = fn_async(fn);
	struct nvsim_fault f;

	if (fn == NVSIM_FN_GSP_RM_CONTROL && req->len >= sizeof(struct nvsim_rpc_ctrl))
		memcpy(&cmd, req->payload + offsetof(struct nvsim_rpc_ctrl, cmd), 4);
	/* async RPCs (boot) only take faults armed for them by number */
	if (nvsim_fault_take(gsp, NVSIM_FAULT_RPC_STATUS, fn, cmd, 0, exact, &f)) {
		fault_status_reply(gsp, req, f.arg);
		return;
	}
	if (nvsim_fault_take(gsp, NVSIM_FAULT_RPC_DROP, fn, cmd, 0, exact, &f))
		req->drop = true;
	if (nvsim_fault_take(gsp, NVSIM_FAULT_RPC_DELAY, fn, cmd, 0, exact, &f))
		req->delay_ms = f.arg ? f.arg : 1;

	switch (fn) {
	case NVSIM_FN_GSP_SET_SYSTEM_INFO:
		rpc_system_info(gsp, req);
		break;
	case NVSIM_FN_SET_REGISTRY:
		rpc_registry(gsp, req);
		break;
	case NVSIM_FN_GET_GSP_STATIC_INFO:
		rpc_static_info(gsp, req);
		break;
	case NVSIM_FN_UPDATE_BAR_PDE:
		rpc_update_bar_pde(gsp, req);
		break;
	case NVSIM_FN_GSP_RM_ALLOC:
		rpc_alloc(gsp, req);
		break;
	case NVSIM_FN_GSP_RM_CONTROL:
		rpc_control(gsp, req);
		break;
	case NVSIM_FN_FREE:
		rpc_free(gsp, req);
		break;
	case NVSIM_FN_UNLOADING_GUEST_DRIVER:
		rpc_unloading(gsp, req);
		break;
	default:
		nvsim_reject(gsp, "rpc", 0, NV_ERR_NOT_SUPPORTED,
			     "unknown function %u (%u payload bytes)", fn, req->len);
		nvsim_reply(gsp, req, NV_ERR_NOT_SUPPORTED, NULL, 0);
		break;
	}
}
