// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * Placements and reservations (include/drm/nvkm_vgpu_mgr_vfio.h, "placements
 * and reservations"): the framebuffer for vGPUs split into placement units,
 * and the reservation of one placement and a channel ID range per VF, so
 * that a vGPU created later cannot fail for capacity.
 *
 * The model follows what NVML exposes of NVIDIA's heterogeneous vGPU mode
 * (nvmlVgpuPlacementList_t: placement IDs, and a placement size in "slots"
 * per type): a type of size S units may start at the multiples of S. The
 * unit here is the smallest footprint of any type of the table, so the
 * smallest type takes one unit; NVIDIA does not publish how its own units
 * are sized.
 *
 * Locking: everything under mgr->mutex, like the pools it allocates from.
 */
#include "priv.h"

#include <kunit/visibility.h>

#include <linux/bitmap.h>
#include <linux/math64.h>
#include <linux/slab.h>

/**
 * nvkm_vgpu_type_footprint_fb - framebuffer a vGPU of a type takes
 * @mgr: the manager
 * @type: the type
 *
 * Return: guest framebuffer, management heap and host reservation, each
 * rounded up to the manager's granule; U64_MAX if that overflows.
 */
u64
nvkm_vgpu_type_footprint_fb(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *type)
{
	u64 align = mgr->fb_align ?: 1, sum;

	if (type->fb_size > round_down(U64_MAX, align) ||
	    type->mgmt_heap_size > round_down(U64_MAX, align) ||
	    type->fb_reservation > round_down(U64_MAX, align))
		return U64_MAX;
	if (check_add_overflow(round_up(type->fb_size, align),
			       round_up(type->mgmt_heap_size, align), &sum) ||
	    check_add_overflow(sum, round_up(type->fb_reservation, align), &sum))
		return U64_MAX;
	return sum;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_type_footprint_fb);

/**
 * nvkm_vgpu_mgr_geometry - the placement units of the PF
 * @mgr: the manager, mutex held
 * @geo: filled in
 *
 * Return: 0, or -ENOENT without a type table or with no unit that fits
 * the framebuffer (then nothing can be placed).
 */
int
nvkm_vgpu_mgr_geometry(struct nvkm_vgpu_mgr *mgr, struct nvkm_vgpu_geometry *geo)
{
	u64 unit = U64_MAX, least, align = mgr->fb_align ?: 1;

	lockdep_assert_held(&mgr->mutex);
	memset(geo, 0, sizeof(*geo));

	for (unsigned int i = 0; i < mgr->num_types; i++)
		unit = min(unit, nvkm_vgpu_type_footprint_fb(mgr, &mgr->types[i]));
	if (!mgr->num_types || unit == U64_MAX || !mgr->fb.size)
		return -ENOENT;

	/* at most NVKM_VGPU_MAX_PLACEMENTS units: larger ones on large FBs */
	least = div64_u64(mgr->fb.size + NVKM_VGPU_MAX_PLACEMENTS - 1, NVKM_VGPU_MAX_PLACEMENTS);
	unit = round_up(max(unit, least), align);
	if (unit > mgr->fb.size)
		return -ENOENT;

	geo->unit_size = unit;
	geo->num_units = div64_u64(mgr->fb.size, unit);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_geometry);

/**
 * nvkm_vgpu_type_units - placement units a type takes
 * @mgr: the manager
 * @geo: its geometry
 * @type: the type
 *
 * Return: the units, 0 if the type fits nowhere.
 */
u32
nvkm_vgpu_type_units(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_geometry *geo,
		     const struct nvkm_vgpu_type *type)
{
	u64 fp = nvkm_vgpu_type_footprint_fb(mgr, type), units, rem;

	if (fp == U64_MAX || !geo->unit_size)
		return 0;
	units = div64_u64_rem(fp, geo->unit_size, &rem) + (rem ? 1 : 0);
	return units > geo->num_units ? 0 : units;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_type_units);

/**
 * nvkm_vgpu_resv_instances - reservations of a type
 * @mgr: the manager, mutex held
 * @type_id: the type
 *
 * Return: the number.
 */
unsigned int
nvkm_vgpu_resv_instances(struct nvkm_vgpu_mgr *mgr, u32 type_id)
{
	struct nvkm_vgpu_resv *r;
	unsigned int n = 0;

	lockdep_assert_held(&mgr->mutex);
	list_for_each_entry(r, &mgr->resvs, head)
		n += r->type_id == type_id;
	return n;
}

/**
 * nvkm_vgpu_resv_find - the reservation of a client a handle names
 * @client: the client
 * @resv: the handle
 *
 * Context: mgr->mutex held.
 * Return: the reservation or NULL.
 */
struct nvkm_vgpu_resv *
nvkm_vgpu_resv_find(struct nvkm_vgpu_client *client, struct nvkm_vgpu_reservation resv)
{
	struct nvkm_vgpu_resv *r;

	lockdep_assert_held(&client->mgr->mutex);
	if (!resv.id)
		return NULL;
	list_for_each_entry(r, &client->mgr->resvs, head) {
		if (r->handle == resv.id && r->client == client)
			return r;
	}
	return NULL;
}

static const struct nvkm_vgpu_type *
nvkm_vgpu_resv_type(struct nvkm_vgpu_mgr *mgr, u32 id)
{
	for (unsigned int i = 0; i < mgr->num_types; i++) {
		if (mgr->types[i].id == id)
			return &mgr->types[i];
	}
	return NULL;
}

/* Framebuffer range of a placement. */
static void
nvkm_vgpu_placement_range(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_geometry *geo,
			  u32 placement, u32 units, u64 *addr, u64 *size)
{
	*addr = mgr->fb.base + (u64)placement * geo->unit_size;
	*size = (u64)units * geo->unit_size;
}

static bool
nvkm_vgpu_placement_valid(const struct nvkm_vgpu_geometry *geo, u32 units, u32 placement)
{
	return units && placement < geo->num_units && !(placement % units) &&
	       units <= geo->num_units - placement;
}

/*
 * Is the placement free, ignoring the range of the reservation self (whose
 * own placement is free for a move onto itself)?
 */
static bool
nvkm_vgpu_placement_free(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_geometry *geo,
			 u32 units, u32 placement, const struct nvkm_vgpu_resv *self)
{
	u64 addr, size;

	nvkm_vgpu_placement_range(mgr, geo, placement, units, &addr, &size);
	if (self && addr == self->addr && size == self->size)
		return true;
	return nvkm_vgpu_pool_is_free(&mgr->fb, addr, size);
}

/* Can a vGPU of the type get the channel IDs and an instance now? */
static int
nvkm_vgpu_resv_admit(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *type,
		     u32 num_channels)
{
	unsigned int n = nvkm_vgpu_resv_instances(mgr, type->id);

	for (u32 vf = 0; vf < mgr->max_vgpus; vf++) {
		if (mgr->vgpu[vf] && !mgr->vgpu[vf]->resv && mgr->vgpu[vf]->type.id == type->id)
			n++;
	}
	if (n >= type->max_instances)
		return -ENOSPC;
	if (!num_channels || nvkm_vgpu_pool_largest(&mgr->chid, 1) < num_channels)
		return -ENOSPC;
	return 0;
}

/**
 * nvkm_vgpu_core_placements - the placements of a type
 * @client: a client
 * @type_id: the type
 * @num_channels: channel IDs a vGPU of it would ask for
 * @pl: filled in
 *
 * Return: 0, -ENOENT for an unknown type, -ENODEV if the manager is down.
 */
int
nvkm_vgpu_core_placements(struct nvkm_vgpu_client *client, u32 type_id, u32 num_channels,
			  struct nvkm_vgpu_placements *pl)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	const struct nvkm_vgpu_type *type;
	struct nvkm_vgpu_geometry geo;
	bool admit;
	int ret = 0;

	memset(pl, 0, sizeof(*pl));
	mutex_lock(&mgr->mutex);
	if (!mgr->ready) {
		ret = -ENODEV;
		goto out;
	}
	type = nvkm_vgpu_resv_type(mgr, type_id);
	if (!type) {
		ret = -ENOENT;
		goto out;
	}
	if (nvkm_vgpu_mgr_geometry(mgr, &geo))
		goto out;	/* no placement at all */

	pl->unit_size = geo.unit_size;
	pl->num_units = geo.num_units;
	pl->size = nvkm_vgpu_type_units(mgr, &geo, type);
	admit = !nvkm_vgpu_resv_admit(mgr, type, num_channels);
	for (u32 p = 0; pl->size && p < geo.num_units; p += pl->size) {
		if (!nvkm_vgpu_placement_valid(&geo, pl->size, p))
			break;
		__set_bit(p, pl->supported);
		if (!nvkm_vgpu_placement_free(mgr, &geo, pl->size, p, NULL))
			continue;
		__set_bit(p, pl->free);
		if (admit)
			__set_bit(p, pl->creatable);
	}
out:
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_placements);

/**
 * nvkm_vgpu_core_reserve - reserve a placement and channel IDs on a VF
 * @client: a client
 * @vf: VF index on the PF
 * @dbdf: PCI address of the VF
 * @req: what to reserve
 * @resv: set to the reservation; to one naming nothing on error
 *
 * Return: 0; -EINVAL for a bad @req, a VF that is not enabled or a
 * placement ID the type does not have; -ENOENT for an unknown type; -EBUSY
 * if the VF has a reservation or the placement is taken; -ENOSPC if the VF
 * has no firmware partition, the type's instance limit is reached, no
 * placement of the type is free (with %NVKM_VGPU_PLACEMENT_ANY) or no
 * channel range is; -ENODEV, -ENOMEM.
 */
int
nvkm_vgpu_core_reserve(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
		       const struct nvkm_vgpu_reserve_req *req,
		       struct nvkm_vgpu_reservation *resv)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	const struct nvkm_vgpu_type *type;
	struct nvkm_vgpu_geometry geo;
	struct nvkm_vgpu_resv *r, *pos;
	u32 units, p;
	u64 chid;
	int ret;

	*resv = (struct nvkm_vgpu_reservation){};
	if (!req || !req->type_id || !req->num_channels)
		return -EINVAL;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;

	mutex_lock(&mgr->mutex);
	ret = -ENODEV;
	if (!mgr->ready)
		goto fail;
	ret = -EBUSY;
	if (mgr->sriov_changing)
		goto fail;
	ret = -EINVAL;
	if (vf >= mgr->num_vfs)
		goto fail;
	ret = -ENOSPC;
	if (vf >= mgr->max_vgpus)
		goto fail;
	ret = -EBUSY;
	list_for_each_entry(pos, &mgr->resvs, head) {
		if (pos->vf == vf)
			goto fail;
	}
	ret = -ENOENT;
	type = nvkm_vgpu_resv_type(mgr, req->type_id);
	if (!type)
		goto fail;
	ret = -ENOSPC;
	if (nvkm_vgpu_mgr_geometry(mgr, &geo))
		goto fail;
	units = nvkm_vgpu_type_units(mgr, &geo, type);
	if (!units)
		goto fail;

	if (req->placement == NVKM_VGPU_PLACEMENT_ANY) {
		for (p = 0; nvkm_vgpu_placement_valid(&geo, units, p); p += units) {
			if (nvkm_vgpu_placement_free(mgr, &geo, units, p, NULL))
				break;
		}
		ret = -ENOSPC;
		if (!nvkm_vgpu_placement_valid(&geo, units, p))
			goto fail;
	} else {
		p = req->placement;
		ret = -EINVAL;
		if (!nvkm_vgpu_placement_valid(&geo, units, p))
			goto fail;
		ret = -EBUSY;
		if (!nvkm_vgpu_placement_free(mgr, &geo, units, p, NULL))
			goto fail;
	}
	ret = nvkm_vgpu_resv_admit(mgr, type, req->num_channels);
	if (ret)
		goto fail;

	nvkm_vgpu_placement_range(mgr, &geo, p, units, &r->addr, &r->size);
	ret = nvkm_vgpu_pool_alloc_at(&mgr->fb, r->addr, r->size);
	if (ret)
		goto fail;
	ret = nvkm_vgpu_pool_alloc(&mgr->chid, req->num_channels, 1, &chid);
	if (ret) {
		WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, r->addr, r->size));
		goto fail;
	}

	r->client = client;
	r->vf = vf;
	r->dbdf = dbdf;
	r->type_id = type->id;
	r->placement = p;
	r->units = units;
	r->chid_offset = chid;
	r->chid_count = req->num_channels;
	r->handle = ++mgr->last_handle;
	list_add_tail(&r->head, &mgr->resvs);
	resv->id = r->handle;
	resv->placement = p;
	mutex_unlock(&mgr->mutex);

	vgpu_mgr_dbg(mgr, "VF %u: type %u reserved at placement %u: FB %#llx+%#llx chid %u+%u\n",
		     vf, type->id, p, r->addr, r->size, r->chid_offset, r->chid_count);
	return 0;

fail:
	mutex_unlock(&mgr->mutex);
	kfree(r);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_reserve);

/**
 * nvkm_vgpu_core_resv_move - move a reservation to another placement
 * @client: its client
 * @resv: the reservation; its placement is updated
 * @placement: a placement ID of its type
 *
 * Nothing changes on error.
 *
 * Return: 0; -ENOENT for an unknown reservation; -EINVAL for a placement ID
 * the type does not have; -EBUSY if the placement is taken or the
 * reservation has a vGPU; -EIO if the firmware may still use its ranges;
 * -ENOMEM.
 */
int
nvkm_vgpu_core_resv_move(struct nvkm_vgpu_client *client,
			 struct nvkm_vgpu_reservation *resv, u32 placement)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_geometry geo;
	struct nvkm_vgpu_resv *r;
	u64 addr, size;
	int ret;

	mutex_lock(&mgr->mutex);
	r = nvkm_vgpu_resv_find(client, *resv);
	ret = -ENOENT;
	if (!r)
		goto out;
	ret = -EBUSY;
	if (r->vgpu)
		goto out;
	ret = -EIO;
	if (r->fw_unknown)
		goto out;
	ret = 0;
	if (placement == r->placement)
		goto out;
	ret = -EINVAL;
	if (nvkm_vgpu_mgr_geometry(mgr, &geo) ||
	    !nvkm_vgpu_placement_valid(&geo, r->units, placement))
		goto out;

	nvkm_vgpu_placement_range(mgr, &geo, placement, r->units, &addr, &size);
	/* placements of one size are aligned to it: never a partial overlap */
	ret = nvkm_vgpu_pool_alloc_at(&mgr->fb, addr, size);
	if (ret)
		goto out;
	WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, r->addr, r->size));
	r->addr = addr;
	r->size = size;
	r->placement = placement;
	resv->placement = placement;
out:
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_resv_move);

/* Drop a reservation without a vGPU; its ranges go back unless fw_unknown. */
static void
nvkm_vgpu_resv_free(struct nvkm_vgpu_mgr *mgr, struct nvkm_vgpu_resv *r)
{
	lockdep_assert_held(&mgr->mutex);

	list_del(&r->head);
	if (r->fw_unknown) {
		vgpu_mgr_err(mgr, "VF %u: FB %#llx+%#llx and channels %u+%u stay reserved: the firmware may still use them\n",
			     r->vf, r->addr, r->size, r->chid_offset, r->chid_count);
	} else {
		WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, r->addr, r->size));
		WARN_ON(nvkm_vgpu_pool_free(&mgr->chid, r->chid_offset, r->chid_count));
	}
	kfree(r);
}

/**
 * nvkm_vgpu_core_unreserve - give a reservation's resources back to the PF
 * @client: its client
 * @resv: the reservation
 *
 * Return: 0, -ENOENT (nothing is done) for an unknown reservation, -EBUSY
 * if a vGPU lives on it.
 */
int
nvkm_vgpu_core_unreserve(struct nvkm_vgpu_client *client, struct nvkm_vgpu_reservation resv)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_resv *r;
	int ret = 0;

	mutex_lock(&mgr->mutex);
	r = nvkm_vgpu_resv_find(client, resv);
	if (!r)
		ret = -ENOENT;
	else if (r->vgpu)
		ret = -EBUSY;
	else
		nvkm_vgpu_resv_free(mgr, r);
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_unreserve);

/**
 * nvkm_vgpu_resv_detach - drop the reservations of a detaching client
 * @client: the client, whose vGPUs are destroyed already
 */
void
nvkm_vgpu_resv_detach(struct nvkm_vgpu_client *client)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_resv *r, *next;

	mutex_lock(&mgr->mutex);
	list_for_each_entry_safe(r, next, &mgr->resvs, head) {
		if (r->client == client && !WARN_ON(r->vgpu))
			nvkm_vgpu_resv_free(mgr, r);
	}
	mutex_unlock(&mgr->mutex);
}
