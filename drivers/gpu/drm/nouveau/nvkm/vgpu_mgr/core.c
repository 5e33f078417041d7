// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The vGPU manager proper: clients, the type table, vGPUs and the
 * framebuffer and channel IDs they own, and the routing of firmware events
 * to them. It knows nothing of how the firmware is driven (that is behind
 * &struct nvkm_vgpu_mgr_fw) nor of PCI, so that KUnit can run it without a
 * GPU.
 *
 * Locking:
 *
 * - mgr->mutex protects the PF-wide state: readiness, the SR-IOV state, the
 *   framebuffer and channel ID pools, the type table, the clients, the
 *   vGPU slots, and each vGPU's state and list membership. It is held for
 *   bookkeeping only, never across a firmware call of a vGPU; the type
 *   table upload (PF-wide, one RPC) is the only firmware call under it.
 * - vgpu->fw_mutex serialises the firmware calls of one vGPU: its scrub and
 *   start, resets, messages and stop, each of which may wait for the
 *   firmware for seconds. It is taken without mgr->mutex and mgr->mutex is
 *   not taken under it, so one vGPU's stuck plugin stalls only the callers
 *   of that vGPU.
 * - A create reserves the resources and the VF's slot under mgr->mutex
 *   (the vGPU is CREATING: counted, but not reachable through the API),
 *   starts the firmware under fw_mutex alone and makes the vGPU LIVE under
 *   mgr->mutex again. A destroy makes it DESTROYING and unreachable under
 *   mgr->mutex, stops it under fw_mutex, and gives back its resources under
 *   mgr->mutex. Reset and messages take a reference under mgr->mutex, then
 *   fw_mutex, and check that the vGPU is still LIVE.
 * - Events come from GSP message processing, which must not wait for a
 *   mutex (an RPC may be in flight under one), so routing uses mgr->ev_lock
 *   and hands the events to a workqueue, which calls the subscriber under
 *   the vGPU's event_mutex. event_mutex nests inside neither mutex above.
 *
 * A vGPU is reference counted so that callers can drop mgr->mutex before
 * they take fw_mutex or event_mutex.
 */
#include "priv.h"

#include <drm/drm_fourcc.h>
#include <kunit/visibility.h>

#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>

static void
nvkm_vgpu_free(struct kref *kref)
{
	struct nvkm_vgpu *vgpu = container_of(kref, typeof(*vgpu), kref);

	mutex_destroy(&vgpu->event_mutex);
	mutex_destroy(&vgpu->fw_mutex);
	kfree(vgpu);
}

static void
nvkm_vgpu_put(struct nvkm_vgpu *vgpu)
{
	kref_put(&vgpu->kref, nvkm_vgpu_free);
}

/*
 * The live vGPU of client that handle names, or NULL. Handles are never
 * reused (a 64-bit counter of the manager), so the handle of a destroyed
 * vGPU names nothing, whatever was created since.
 */
static struct nvkm_vgpu *
nvkm_vgpu_find(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle)
{
	struct nvkm_vgpu *pos;

	lockdep_assert_held(&client->mgr->mutex);

	if (!handle.id)
		return NULL;
	list_for_each_entry(pos, &client->vgpus, head) {
		if (pos->handle == handle.id)
			return pos;
	}
	return NULL;
}

static const struct nvkm_vgpu_type *
nvkm_vgpu_type_find(struct nvkm_vgpu_mgr *mgr, u32 id)
{
	for (unsigned int i = 0; i < mgr->num_types; i++) {
		if (mgr->types[i].id == id)
			return &mgr->types[i];
	}
	return NULL;
}

/* vGPUs and reservations of a type; a vGPU on a reservation counts once */
static unsigned int
nvkm_vgpu_type_instances(struct nvkm_vgpu_mgr *mgr, u32 id)
{
	unsigned int n = nvkm_vgpu_resv_instances(mgr, id);

	for (u32 vf = 0; vf < mgr->max_vgpus; vf++) {
		if (mgr->vgpu[vf] && !mgr->vgpu[vf]->resv && mgr->vgpu[vf]->type.id == id)
			n++;
	}
	return n;
}

/* Deliver queued events to the subscriber, one at a time. */
static void
nvkm_vgpu_event_work(struct work_struct *work)
{
	struct nvkm_vgpu *vgpu = container_of(work, typeof(*vgpu), event_work);
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;
	struct nvkm_vgpu_event_info info;
	unsigned int got;
	u32 lost;

	for (;;) {
		spin_lock_irq(&mgr->ev_lock);
		got = kfifo_get(&vgpu->events, &info);
		lost = vgpu->events_lost;
		vgpu->events_lost = 0;
		spin_unlock_irq(&mgr->ev_lock);

		if (lost)
			vgpu_mgr_warn(mgr, "VF %u: %u events lost\n", vgpu->vf, lost);
		if (!got)
			break;

		mutex_lock(&vgpu->event_mutex);
		if (vgpu->event_fn && (vgpu->event_mask & BIT(info.event)))
			vgpu->event_fn(vgpu->event_priv, &info);
		mutex_unlock(&vgpu->event_mutex);
	}
}

/**
 * nvkm_vgpu_mark_dead - the firmware side of a vGPU became unusable
 * @vgpu: the vGPU
 * @why: for the log
 *
 * From now on resets and messages fail with -EIO without reaching the
 * firmware, and waits for the firmware end; only destroying the vGPU leaves
 * this state.
 *
 * Context: any.
 */
void
nvkm_vgpu_mark_dead(struct nvkm_vgpu *vgpu, const char *why)
{
	if (test_and_set_bit(NVKM_VGPU_DEAD, &vgpu->flags))
		return;
	vgpu_mgr_err(vgpu->mgr, "VF %u: vGPU is dead (%s); only destroying it is left\n",
		     vgpu->vf, why);
	wake_up_all(&vgpu->wait);
}

static void
nvkm_vgpu_event_post(struct nvkm_vgpu *vgpu, const struct nvkm_vgpu_event_info *info)
{
	lockdep_assert_held(&vgpu->mgr->ev_lock);

	if (info->event == NVKM_VGPU_EVENT_PLUGIN)
		__set_bit(info->plugin, &vgpu->plugin_seen);
	if (info->event == NVKM_VGPU_EVENT_PLUGIN && info->plugin == NVKM_VGPU_PLUGIN_CRASHED)
		nvkm_vgpu_mark_dead(vgpu, "its plugin crashed");
	if (!kfifo_put(&vgpu->events, *info))
		vgpu->events_lost++;
	queue_work(vgpu->mgr->wq, &vgpu->event_work);
	wake_up_all(&vgpu->wait);
}

/**
 * nvkm_vgpu_mgr_event_gfid - route a firmware event by GFID
 * @mgr: the manager
 * @gfid: GPU function ID the firmware named (VF index + 1)
 * @info: the event
 *
 * Context: any; takes mgr->ev_lock only.
 * Return: true if a vGPU owns @gfid and got the event.
 */
bool
nvkm_vgpu_mgr_event_gfid(struct nvkm_vgpu_mgr *mgr, u32 gfid,
			 const struct nvkm_vgpu_event_info *info)
{
	struct nvkm_vgpu *vgpu = NULL;
	unsigned long flags;

	spin_lock_irqsave(&mgr->ev_lock, flags);
	if (gfid >= 1 && gfid <= mgr->max_vgpus)
		vgpu = mgr->vgpu[gfid - 1];
	if (vgpu)
		nvkm_vgpu_event_post(vgpu, info);
	spin_unlock_irqrestore(&mgr->ev_lock, flags);
	return !!vgpu;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_event_gfid);

/**
 * nvkm_vgpu_mgr_event_chid - route a firmware event by channel ID
 * @mgr: the manager
 * @chid: the firmware's channel ID
 * @info: the event; its chid is rewritten relative to the owning vGPU
 *
 * Context: any; takes mgr->ev_lock only.
 * Return: true if a vGPU owns @chid and got the event.
 */
bool
nvkm_vgpu_mgr_event_chid(struct nvkm_vgpu_mgr *mgr, u32 chid,
			 const struct nvkm_vgpu_event_info *info)
{
	struct nvkm_vgpu_event_info copy = *info;
	struct nvkm_vgpu *vgpu;
	unsigned long flags;
	bool found = false;

	spin_lock_irqsave(&mgr->ev_lock, flags);
	for (u32 vf = 0; vf < mgr->max_vgpus && !found; vf++) {
		vgpu = mgr->vgpu[vf];
		if (vgpu && chid >= vgpu->chid.offset &&
		    chid - vgpu->chid.offset < vgpu->chid.count) {
			copy.chid = chid - vgpu->chid.offset;
			nvkm_vgpu_event_post(vgpu, &copy);
			found = true;
		}
	}
	spin_unlock_irqrestore(&mgr->ev_lock, flags);
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_event_chid);

static void
nvkm_vgpu_publish(struct nvkm_vgpu *vgpu, struct nvkm_vgpu *slot)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;

	spin_lock_irq(&mgr->ev_lock);
	mgr->vgpu[vgpu->vf] = slot;
	spin_unlock_irq(&mgr->ev_lock);
}

/* Give back what a vGPU holds; pool errors mean a bookkeeping bug. */
static void
nvkm_vgpu_release(struct nvkm_vgpu *vgpu)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;

	if (vgpu->resv) {
		/* the ranges are the reservation's: they stay with it */
		vgpu->resv->vgpu = NULL;
		vgpu->resv = NULL;
		vgpu->chid.count = 0;
		vgpu->heap.size = 0;
		vgpu->fb.size = 0;
		return;
	}
	if (vgpu->chid.count)
		WARN_ON(nvkm_vgpu_pool_free(&mgr->chid, vgpu->chid.offset, vgpu->chid.count));
	if (vgpu->heap.size)
		WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, vgpu->heap.addr, vgpu->heap.size));
	if (vgpu->fb.size)
		WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, vgpu->fb.addr, vgpu->fb.size));
	vgpu->chid.count = 0;
	vgpu->heap.size = 0;
	vgpu->fb.size = 0;
}

/*
 * Give back what a vGPU that is gone holds, unless the firmware may still
 * own it (NVKM_VGPU_FW_UNKNOWN): then its framebuffer and channels are
 * kept out of use rather than handed to the next vGPU.
 */
static void
nvkm_vgpu_release_or_keep(struct nvkm_vgpu *vgpu)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;

	lockdep_assert_held(&mgr->mutex);

	if (!test_bit(NVKM_VGPU_FW_UNKNOWN, &vgpu->flags)) {
		nvkm_vgpu_release(vgpu);
		return;
	}
	if (vgpu->resv) {
		/* no vGPU is created on it again; unreserving keeps the ranges */
		vgpu->resv->fw_unknown = true;
		vgpu->resv->vgpu = NULL;
		vgpu->resv = NULL;
	}
	vgpu_mgr_err(mgr, "VF %u: the firmware may still use FB %#llx+%#llx, heap %#llx+%#llx and channels %u+%u: they stay reserved\n",
		     vgpu->vf, vgpu->fb.addr, vgpu->fb.size, vgpu->heap.addr, vgpu->heap.size,
		     vgpu->chid.offset, vgpu->chid.count);
}

/*
 * Make a live vGPU unreachable through the API; the caller then stops it
 * with nvkm_vgpu_stop().
 */
static void
nvkm_vgpu_unlink(struct nvkm_vgpu *vgpu)
{
	lockdep_assert_held(&vgpu->mgr->mutex);

	list_del_init(&vgpu->head);
	WRITE_ONCE(vgpu->state, NVKM_VGPU_DESTROYING);
}

/*
 * Stop an unlinked vGPU and take it out of the manager. Called without
 * mgr->mutex; the caller then flushes its events and drops the manager's
 * reference with nvkm_vgpu_finish().
 */
static void
nvkm_vgpu_stop(struct nvkm_vgpu *vgpu)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;
	int ret;

	mutex_lock(&vgpu->fw_mutex);
	ret = mgr->fw->stop(vgpu);
	mutex_unlock(&vgpu->fw_mutex);

	if (ret)
		set_bit(NVKM_VGPU_FW_UNKNOWN, &vgpu->flags);

	mutex_lock(&mgr->mutex);
	nvkm_vgpu_publish(vgpu, NULL);
	nvkm_vgpu_release_or_keep(vgpu);
	mgr->num_vgpus--;
	mutex_unlock(&mgr->mutex);
	vgpu_mgr_info(mgr, "VF %u: vGPU of type %u destroyed\n", vgpu->vf, vgpu->type.id);
}

static void
nvkm_vgpu_finish(struct nvkm_vgpu *vgpu)
{
	cancel_work_sync(&vgpu->event_work);
	nvkm_vgpu_put(vgpu);
}

/**
 * nvkm_vgpu_type_check - validate a type descriptor
 * @type: the descriptor
 *
 * Return: 0, or -EINVAL with the reason logged by the caller.
 */
int
nvkm_vgpu_type_check(const struct nvkm_vgpu_type *type)
{
	if (!type->id || !type->name[0])
		return -EINVAL;
	if (!memchr(type->name, 0, sizeof(type->name)) ||
	    !memchr(type->class_name, 0, sizeof(type->class_name)) ||
	    !memchr(type->license, 0, sizeof(type->license)))
		return -EINVAL;
	if (!type->max_instances || !type->fb_size || !type->mgmt_heap_size)
		return -EINVAL;
	if (type->mappable_fb_size > type->fb_size)
		return -EINVAL;
	if (!is_power_of_2(type->bar1_size) || type->bar1_size < SZ_1M)
		return -EINVAL;
	if (type->encoder_capacity > 100 || (type->flags & ~NVKM_VGPU_TYPE_FLAGS))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_type_check);

/**
 * nvkm_vgpu_core_attach - add a client
 * @mgr: the manager of a PF
 * @api_version: %NVKM_VGPU_MGR_API_VERSION of the caller
 *
 * Return: the client, or ERR_PTR(-EPROTONOSUPPORT) for another major
 * version, ERR_PTR(-ENODEV) if the manager is not up, ERR_PTR(-ENOMEM).
 */
struct nvkm_vgpu_client *
nvkm_vgpu_core_attach(struct nvkm_vgpu_mgr *mgr, u32 api_version)
{
	struct nvkm_vgpu_client *client;

	if (api_version >> 16 != NVKM_VGPU_MGR_API_MAJOR)
		return ERR_PTR(-EPROTONOSUPPORT);

	client = kzalloc(sizeof(*client), GFP_KERNEL);
	if (!client)
		return ERR_PTR(-ENOMEM);

	client->mgr = mgr;
	INIT_LIST_HEAD(&client->vgpus);

	mutex_lock(&mgr->mutex);
	if (!mgr->ready) {
		mutex_unlock(&mgr->mutex);
		kfree(client);
		return ERR_PTR(-ENODEV);
	}
	list_add_tail(&client->head, &mgr->clients);
	mutex_unlock(&mgr->mutex);
	return client;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_attach);

/**
 * nvkm_vgpu_core_detach - remove a client, destroying its vGPUs
 * @client: the client; freed
 */
void
nvkm_vgpu_core_detach(struct nvkm_vgpu_client *client)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu, *next;
	LIST_HEAD(gone);

	mutex_lock(&mgr->mutex);
	list_for_each_entry_safe(vgpu, next, &client->vgpus, head) {
		vgpu_mgr_warn(mgr, "VF %u: client detached with its vGPU alive\n", vgpu->vf);
		nvkm_vgpu_unlink(vgpu);
		list_add_tail(&vgpu->head, &gone);
	}
	list_del(&client->head);
	mutex_unlock(&mgr->mutex);

	list_for_each_entry_safe(vgpu, next, &gone, head) {
		list_del_init(&vgpu->head);
		nvkm_vgpu_stop(vgpu);
		nvkm_vgpu_finish(vgpu);
	}
	nvkm_vgpu_resv_detach(client);
	kfree(client);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_detach);

/**
 * nvkm_vgpu_core_query - report the capacity of the PF
 * @client: a client
 * @caps: filled in
 *
 * Return: 0, or -ENODEV if the manager is down.
 */
int
nvkm_vgpu_core_query(struct nvkm_vgpu_client *client, struct nvkm_vgpu_mgr_caps *caps)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	int ret = 0;

	memset(caps, 0, sizeof(*caps));

	mutex_lock(&mgr->mutex);
	if (!mgr->ready) {
		ret = -ENODEV;
		goto done;
	}

	caps->fb_total = mgr->fb.size;
	caps->fb_free = nvkm_vgpu_pool_avail(&mgr->fb);
	caps->fb_largest = nvkm_vgpu_pool_largest(&mgr->fb, mgr->fb_align);
	caps->fb_align = mgr->fb_align;
	caps->chids_total = mgr->chid.size;
	caps->chids_free = nvkm_vgpu_pool_avail(&mgr->chid);
	caps->max_vgpus = mgr->max_vgpus;
	caps->num_vgpus = mgr->num_vgpus;
	caps->total_vfs = mgr->total_vfs;
	caps->num_vfs = mgr->num_vfs;
	caps->num_types = mgr->num_types;
done:
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_query);

/*
 * Do two type descriptors say the same? Field by field: the struct has
 * padding, which callers need not clear, and the strings are compared up
 * to their NUL only.
 */
static bool
nvkm_vgpu_type_equal(const struct nvkm_vgpu_type *a, const struct nvkm_vgpu_type *b)
{
	return a->id == b->id &&
	       !strcmp(a->name, b->name) &&
	       !strcmp(a->class_name, b->class_name) &&
	       !strcmp(a->license, b->license) &&
	       a->vf_device_id == b->vf_device_id &&
	       a->vf_subsystem_id == b->vf_subsystem_id &&
	       a->pf_device_id == b->pf_device_id &&
	       a->max_instances == b->max_instances &&
	       a->num_heads == b->num_heads &&
	       a->max_resolution_x == b->max_resolution_x &&
	       a->max_resolution_y == b->max_resolution_y &&
	       a->max_pixels == b->max_pixels &&
	       a->frame_rate_limit == b->frame_rate_limit &&
	       a->encoder_capacity == b->encoder_capacity &&
	       a->flags == b->flags &&
	       a->fb_size == b->fb_size &&
	       a->mgmt_heap_size == b->mgmt_heap_size &&
	       a->fb_reservation == b->fb_reservation &&
	       a->mappable_fb_size == b->mappable_fb_size &&
	       a->bar1_size == b->bar1_size;
}

/* Is the table the one the manager has? (Entries are validated.) */
static bool
nvkm_vgpu_types_same(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types,
		     unsigned int count)
{
	if (count != mgr->num_types)
		return false;
	for (unsigned int i = 0; i < count; i++) {
		if (!nvkm_vgpu_type_equal(&mgr->types[i], &types[i]))
			return false;
	}
	return true;
}

static int
nvkm_vgpu_types_check(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types,
		      unsigned int count)
{
	if (count > NVKM_VGPU_MAX_TYPES || (count && !types))
		return -EINVAL;

	for (unsigned int i = 0; i < count; i++) {
		if (nvkm_vgpu_type_check(&types[i])) {
			vgpu_mgr_err(mgr, "type table entry %u (id %u) is invalid\n",
				     i, types[i].id);
			return -EINVAL;
		}
		for (unsigned int j = 0; j < i; j++) {
			if (types[j].id == types[i].id) {
				vgpu_mgr_err(mgr, "type id %u appears twice\n", types[i].id);
				return -EINVAL;
			}
		}
	}
	return 0;
}

/**
 * nvkm_vgpu_core_set_types - replace the type table
 * @client: a client
 * @types: the new table
 * @count: its entries (0 clears the table)
 *
 * Return: 0, -EINVAL for an invalid table, -EBUSY if vGPUs exist and the
 * table differs from the current one, -ENODEV, or the firmware's error.
 */
int
nvkm_vgpu_core_set_types(struct nvkm_vgpu_client *client,
			 const struct nvkm_vgpu_type *types, unsigned int count)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_type *copy = NULL;
	int ret;

	ret = nvkm_vgpu_types_check(mgr, types, count);
	if (ret)
		return ret;

	if (count) {
		copy = kmemdup_array(types, count, sizeof(*types), GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
	}

	mutex_lock(&mgr->mutex);
	if (!mgr->ready) {
		ret = -ENODEV;
		goto done;
	}

	if (nvkm_vgpu_types_same(mgr, types, count))
		goto done;	/* the table the firmware has already */

	if (mgr->num_vgpus || !list_empty(&mgr->resvs)) {
		ret = -EBUSY;	/* the placements depend on the table */
		goto done;
	}

	ret = mgr->fw->set_types(mgr, types, count);
	if (ret)
		goto done;

	swap(mgr->types, copy);
	mgr->num_types = count;
	vgpu_mgr_info(mgr, "%u vGPU types loaded\n", count);
done:
	mutex_unlock(&mgr->mutex);
	kfree(copy);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_set_types);

static struct nvkm_vgpu *
nvkm_vgpu_alloc(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf)
{
	struct nvkm_vgpu *vgpu;

	vgpu = kzalloc(sizeof(*vgpu), GFP_KERNEL);
	if (!vgpu)
		return NULL;

	vgpu->mgr = client->mgr;
	vgpu->client = client;
	INIT_LIST_HEAD(&vgpu->head);
	kref_init(&vgpu->kref);
	vgpu->vf = vf;
	vgpu->gfid = vf + 1;
	vgpu->dbdf = dbdf;
	init_waitqueue_head(&vgpu->wait);
	INIT_KFIFO(vgpu->events);
	INIT_WORK(&vgpu->event_work, nvkm_vgpu_event_work);
	mutex_init(&vgpu->event_mutex);
	mutex_init(&vgpu->fw_mutex);
	vgpu->state = NVKM_VGPU_CREATING;
	return vgpu;
}

/* Take the framebuffer and channel IDs of a vGPU from the pools. */
static int
nvkm_vgpu_take_resources(struct nvkm_vgpu *vgpu, u64 fb_size, u64 heap_size, u32 chids,
			 struct nvkm_vgpu_resv *resv)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;
	u64 addr;
	int ret;

	if (resv) {
		/* the guest FB at the start of the placement, the heap after it */
		if (WARN_ON(fb_size + heap_size > resv->size))
			return -EINVAL;
		vgpu->fb.addr = resv->addr;
		vgpu->fb.size = fb_size;
		vgpu->heap.addr = resv->addr + fb_size;
		vgpu->heap.size = heap_size;
		vgpu->chid.offset = resv->chid_offset;
		vgpu->chid.count = resv->chid_count;
		vgpu->resv = resv;
		resv->vgpu = vgpu;
		return 0;
	}

	ret = nvkm_vgpu_pool_alloc(&mgr->fb, fb_size, mgr->fb_align, &addr);
	if (ret)
		goto fail;
	vgpu->fb.addr = addr;
	vgpu->fb.size = fb_size;

	ret = nvkm_vgpu_pool_alloc(&mgr->fb, heap_size, mgr->fb_align, &addr);
	if (ret)
		goto fail;
	vgpu->heap.addr = addr;
	vgpu->heap.size = heap_size;

	ret = nvkm_vgpu_pool_alloc(&mgr->chid, chids, 1, &addr);
	if (ret)
		goto fail;
	vgpu->chid.offset = addr;
	vgpu->chid.count = chids;
	return 0;

fail:
	nvkm_vgpu_release(vgpu);
	return ret;
}

/*
 * A vGPU gets its framebuffer and management heap zeroed before its
 * firmware starts: nothing a previous owner (another tenant, or the host)
 * left there may be visible to it.
 */
static int
nvkm_vgpu_scrub(struct nvkm_vgpu *vgpu)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;
	int ret;

	ret = mgr->fw->scrub(mgr, vgpu->fb.addr, vgpu->fb.size);
	if (!ret)
		ret = mgr->fw->scrub(mgr, vgpu->heap.addr, vgpu->heap.size);
	if (ret)
		vgpu_mgr_err(mgr, "VF %u: scrubbing its framebuffer failed (%d)\n",
			     vgpu->vf, ret);
	return ret;
}

/* Check a create request against the manager's state; sizes out. */
static int
nvkm_vgpu_create_check(struct nvkm_vgpu *vgpu, const struct nvkm_vgpu_config *config,
		       const struct nvkm_vgpu_resv *resv, u64 *fb_size, u64 *heap_size)
{
	struct nvkm_vgpu_mgr *mgr = vgpu->mgr;
	const struct nvkm_vgpu_type *type;
	u64 size;

	if (!mgr->ready)
		return -ENODEV;
	if (mgr->sriov_changing)
		return -EBUSY;
	if (vgpu->vf >= mgr->num_vfs)
		return -EINVAL;		/* no such VF (enabled) */
	if (vgpu->vf >= mgr->max_vgpus)
		return -ENOSPC;		/* GSP has no partition for it */
	if (mgr->vgpu[vgpu->vf])
		return -EBUSY;

	type = nvkm_vgpu_type_find(mgr, config->type_id);
	if (!type)
		return -ENOENT;
	if (resv) {
		/* counted already, and its ranges are held for it */
		if (resv->type_id != type->id || resv->chid_count != config->num_channels ||
		    (config->fb_size && config->fb_size != type->fb_size))
			return -EINVAL;
		if (resv->fw_unknown)
			return -EIO;
	} else if (nvkm_vgpu_type_instances(mgr, type->id) >= type->max_instances) {
		return -ENOSPC;
	}
	if (config->num_channels > mgr->chid.size)
		return -ENOSPC;

	if (type->fb_size > round_down(U64_MAX, mgr->fb_align) ||
	    type->mgmt_heap_size > round_down(U64_MAX, mgr->fb_align))
		return -ENOSPC;
	if (config->fb_size > type->fb_size)
		return -EINVAL;		/* more than the type gives */

	size = config->fb_size ?: type->fb_size;

	*fb_size = round_up(size, mgr->fb_align);
	*heap_size = round_up(type->mgmt_heap_size, mgr->fb_align);
	vgpu->type = *type;
	vgpu->config = *config;
	return 0;
}

static struct nvkm_vgpu *
nvkm_vgpu_create_common(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
			const struct nvkm_vgpu_config *config,
			const struct nvkm_vgpu_reservation *resv,
			const struct nvkm_vgpu_params *params);
static struct nvkm_vgpu *
nvkm_vgpu_get(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle);

/**
 * nvkm_vgpu_core_create - create a vGPU on a VF
 * @client: a client
 * @vf: VF index on the PF
 * @dbdf: PCI address of the VF (domain << 16 | bus << 8 | devfn)
 * @config: what to create
 *
 * Return: the vGPU, or an ERR_PTR: -EINVAL for a bad @config (also a
 * framebuffer larger than the type's) or a VF that is not enabled, -ENOENT
 * for an unknown type, -EBUSY if the VF has a vGPU
 * or SR-IOV is being reconfigured, -ENOSPC if the type's instance limit,
 * the framebuffer, the channel IDs or the firmware's VF partitions are
 * exhausted, -ENODEV, -ENOMEM, or the firmware's error.
 */
struct nvkm_vgpu *
nvkm_vgpu_core_create(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
		      const struct nvkm_vgpu_config *config)
{
	return nvkm_vgpu_create_common(client, vf, dbdf, config, NULL, NULL);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_create);

/**
 * nvkm_vgpu_core_create_reserved - create a vGPU on a reservation
 * @client: the reservation's client
 * @resv: the reservation
 * @config: what to create: the reservation's type and channel count
 * @params: settings for the plugin, NULL for the defaults (frame rate
 *	limiter on, console and UVM off)
 *
 * Return: as nvkm_vgpu_core_create(), -ENOENT if @resv names no reservation
 * of @client, -EBUSY if it has a vGPU, -EINVAL if @config does not match it
 * or @params is invalid, -EIO if the firmware may still hold its ranges;
 * never -ENOSPC for the framebuffer, channel IDs or the instance limit.
 */
struct nvkm_vgpu *
nvkm_vgpu_core_create_reserved(struct nvkm_vgpu_client *client,
			       struct nvkm_vgpu_reservation resv,
			       const struct nvkm_vgpu_config *config,
			       const struct nvkm_vgpu_params *params)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_resv *r;
	u32 vf, dbdf;

	mutex_lock(&mgr->mutex);
	r = nvkm_vgpu_resv_find(client, resv);
	vf = r ? r->vf : 0;
	dbdf = r ? r->dbdf : 0;
	mutex_unlock(&mgr->mutex);
	if (!r)
		return ERR_PTR(-ENOENT);
	return nvkm_vgpu_create_common(client, vf, dbdf, config, &resv, params);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_create_reserved);

/**
 * nvkm_vgpu_core_status - what a live vGPU does
 * @client: its client
 * @handle: the vGPU
 * @status: filled in
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EIO if it is dead, or the
 * firmware's error (the manager's own fields are filled in then too).
 */
int
nvkm_vgpu_core_status(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
		      struct nvkm_vgpu_status *status)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;
	int ret = 0;

	memset(status, 0, sizeof(*status));
	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return -ENOENT;

	status->resets = atomic_read(&vgpu->resets);
	status->uptime_ms = div_u64(ktime_get_ns() - READ_ONCE(vgpu->live_since),
				    NSEC_PER_MSEC);

	mutex_lock(&vgpu->fw_mutex);
	if (READ_ONCE(vgpu->state) != NVKM_VGPU_LIVE)
		ret = -ENOENT;
	else if (nvkm_vgpu_dead(vgpu))
		ret = -EIO;
	else if (mgr->fw->status)
		ret = mgr->fw->status(vgpu, status);
	mutex_unlock(&vgpu->fw_mutex);

	nvkm_vgpu_put(vgpu);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_status);

static int
nvkm_vgpu_params_check(const struct nvkm_vgpu_params *params)
{
	if (params->frame_rate_limiter > 1 || params->console_vnc > 1 || params->uvm > 1 ||
	    params->pad)
		return -EINVAL;
	return 0;
}

static struct nvkm_vgpu *
nvkm_vgpu_create_common(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
			const struct nvkm_vgpu_config *config,
			const struct nvkm_vgpu_reservation *resv,
			const struct nvkm_vgpu_params *params)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;
	struct nvkm_vgpu_resv *r = NULL;
	u64 fb_size, heap_size;
	int ret;

	if (!config || !config->type_id || !config->num_channels)
		return ERR_PTR(-EINVAL);
	if (params && nvkm_vgpu_params_check(params))
		return ERR_PTR(-EINVAL);

	vgpu = nvkm_vgpu_alloc(client, vf, dbdf);
	if (!vgpu)
		return ERR_PTR(-ENOMEM);
	if (params)
		vgpu->params = *params;
	else
		vgpu->params.frame_rate_limiter = 1;

	mutex_lock(&mgr->mutex);
	ret = 0;
	if (resv) {
		r = nvkm_vgpu_resv_find(client, *resv);
		if (!r || r->vf != vf)
			ret = -ENOENT;
		else if (r->vgpu)
			ret = -EBUSY;
	}
	if (!ret)
		ret = nvkm_vgpu_create_check(vgpu, config, r, &fb_size, &heap_size);
	if (!ret)
		ret = nvkm_vgpu_take_resources(vgpu, fb_size, heap_size, config->num_channels, r);
	if (ret) {
		mutex_unlock(&mgr->mutex);
		nvkm_vgpu_finish(vgpu);
		return ERR_PTR(ret);
	}
	/*
	 * The VF's slot is taken and the vGPU counted from now on, so that no
	 * other create, no type table change and no SR-IOV change can get in
	 * the way while the firmware starts without mgr->mutex. Published
	 * before the firmware starts, so its events find the vGPU.
	 */
	nvkm_vgpu_publish(vgpu, vgpu);
	mgr->num_vgpus++;
	vgpu->handle = ++mgr->last_handle;
	mutex_unlock(&mgr->mutex);

	mutex_lock(&vgpu->fw_mutex);
	ret = nvkm_vgpu_scrub(vgpu);
	if (!ret)
		ret = mgr->fw->start(vgpu);
	mutex_unlock(&vgpu->fw_mutex);

	mutex_lock(&mgr->mutex);
	if (ret) {
		nvkm_vgpu_publish(vgpu, NULL);
		nvkm_vgpu_release_or_keep(vgpu);
		mgr->num_vgpus--;
		mutex_unlock(&mgr->mutex);
		nvkm_vgpu_finish(vgpu);
		return ERR_PTR(ret);
	}
	WRITE_ONCE(vgpu->live_since, ktime_get_ns());
	WRITE_ONCE(vgpu->state, NVKM_VGPU_LIVE);
	list_add_tail(&vgpu->head, &client->vgpus);
	mutex_unlock(&mgr->mutex);

	vgpu_mgr_info(mgr, "VF %u: vGPU of type %u created: FB %#llx+%#llx heap %#llx+%#llx chid %u+%u\n",
		      vf, vgpu->type.id, vgpu->fb.addr, vgpu->fb.size,
		      vgpu->heap.addr, vgpu->heap.size, vgpu->chid.offset, vgpu->chid.count);
	return vgpu;
}

/* A reference to the live vGPU of client that handle names, or NULL. */
static struct nvkm_vgpu *
nvkm_vgpu_get(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;

	mutex_lock(&mgr->mutex);
	vgpu = nvkm_vgpu_find(client, handle);
	if (vgpu)
		kref_get(&vgpu->kref);
	mutex_unlock(&mgr->mutex);
	return vgpu;
}

/**
 * nvkm_vgpu_core_destroy - destroy a vGPU
 * @client: its client
 * @handle: the vGPU
 *
 * Return: 0, or -ENOENT (and nothing is done) if @handle is not a live vGPU
 * of @client.
 */
int
nvkm_vgpu_core_destroy(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;

	mutex_lock(&mgr->mutex);
	vgpu = nvkm_vgpu_find(client, handle);
	if (!vgpu) {
		mutex_unlock(&mgr->mutex);
		return -ENOENT;
	}
	nvkm_vgpu_unlink(vgpu);
	mutex_unlock(&mgr->mutex);

	nvkm_vgpu_stop(vgpu);
	nvkm_vgpu_finish(vgpu);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_destroy);

/**
 * nvkm_vgpu_core_reset - reset a vGPU to its state after creation
 * @client: its client
 * @handle: the vGPU
 *
 * Return: 0, -ENOENT if @handle is not a live vGPU of @client, -EIO if it is
 * dead, or the firmware's error.
 */
int
nvkm_vgpu_core_reset(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;
	int ret;

	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return -ENOENT;

	mutex_lock(&vgpu->fw_mutex);
	if (READ_ONCE(vgpu->state) != NVKM_VGPU_LIVE)
		ret = -ENOENT;
	else if (nvkm_vgpu_dead(vgpu))
		ret = -EIO;
	else
		ret = mgr->fw->reset(vgpu);
	if (!ret)
		atomic_inc(&vgpu->resets);
	mutex_unlock(&vgpu->fw_mutex);

	nvkm_vgpu_put(vgpu);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_reset);

/**
 * nvkm_vgpu_core_msg - send a message to a vGPU's firmware plugin
 * @client: its client
 * @handle: the vGPU
 * @msg: the message kind
 * @req: request payload, as &enum nvkm_vgpu_msg defines for @msg
 * @req_size: its size
 * @reply: reply buffer
 * @reply_size: its size
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EINVAL for an unknown message
 * kind or a payload size that does not match it, -EIO if the vGPU is dead,
 * or the firmware's error.
 */
int
nvkm_vgpu_core_msg(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
		   enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
		   void *reply, size_t reply_size)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu *vgpu;
	int ret;

	switch (msg) {
	case NVKM_VGPU_MSG_BUS_MASTER: {
		const struct nvkm_vgpu_msg_bus_master *bm = req;

		if (!req || req_size != sizeof(*bm) || reply_size ||
		    bm->enable > 1 || bm->pad[0] || bm->pad[1] || bm->pad[2])
			return -EINVAL;
		break;
	}
	default:
		return -EINVAL;
	}

	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return -ENOENT;

	mutex_lock(&vgpu->fw_mutex);
	if (READ_ONCE(vgpu->state) != NVKM_VGPU_LIVE)
		ret = -ENOENT;
	else if (nvkm_vgpu_dead(vgpu))
		ret = -EIO;
	else
		ret = mgr->fw->msg(vgpu, msg, req, req_size, reply, reply_size);
	mutex_unlock(&vgpu->fw_mutex);

	nvkm_vgpu_put(vgpu);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_msg);

/*
 * Largest stride the manager accepts (64 KiB, 16384 XRGB8888 pixels): no
 * display line is longer, and it bounds what a report can make a client
 * map.
 */
#define NVKM_VGPU_PLANE_MAX_STRIDE	SZ_64K

/**
 * nvkm_vgpu_plane_check - check a firmware's plane report against its vGPU
 * @vgpu: the vGPU
 * @plane: the report
 *
 * Nothing the firmware says is trusted: the surface must be a known format
 * with a size the type allows, and lie inside the vGPU's framebuffer.
 *
 * Return: 0 if @plane is acceptable, -EIO otherwise.
 */
int
nvkm_vgpu_plane_check(const struct nvkm_vgpu *vgpu, const struct nvkm_vgpu_plane *plane)
{
	u64 len;

	if (!plane->enabled)
		return plane->drm_format || plane->fb_offset || plane->width ||
		       plane->height || plane->stride ? -EIO : 0;
	if (plane->drm_format != DRM_FORMAT_XRGB8888)
		return -EIO;
	if (!plane->width || !plane->height ||
	    plane->width > vgpu->type.max_resolution_x ||
	    plane->height > vgpu->type.max_resolution_y)
		return -EIO;
	if (plane->stride < (u64)plane->width * 4 ||
	    plane->stride > NVKM_VGPU_PLANE_MAX_STRIDE || !IS_ALIGNED(plane->stride, 4))
		return -EIO;
	if (!IS_ALIGNED(plane->fb_offset, SZ_4K))
		return -EIO;
	len = (u64)plane->stride * plane->height;
	if (plane->fb_offset > vgpu->fb.size || len > vgpu->fb.size - plane->fb_offset)
		return -EIO;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_plane_check);

/**
 * nvkm_vgpu_core_query_plane - what a head of a vGPU scans out
 * @client: its client
 * @handle: the vGPU
 * @head: the head
 * @plane: the checked report
 *
 * Return: see nvkm_vgpu_query_plane().
 */
int
nvkm_vgpu_core_query_plane(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
			   u32 head, struct nvkm_vgpu_plane *plane)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_plane raw = {};
	struct nvkm_vgpu *vgpu;
	int ret;

	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return -ENOENT;

	if (head >= vgpu->type.num_heads) {
		nvkm_vgpu_put(vgpu);
		return -EINVAL;
	}

	mutex_lock(&vgpu->fw_mutex);
	if (READ_ONCE(vgpu->state) != NVKM_VGPU_LIVE)
		ret = -ENOENT;
	else if (nvkm_vgpu_dead(vgpu))
		ret = -EIO;
	else if (!mgr->fw->query_plane)
		ret = -EOPNOTSUPP;
	else
		ret = mgr->fw->query_plane(vgpu, head, &raw);
	mutex_unlock(&vgpu->fw_mutex);

	if (!ret) {
		ret = nvkm_vgpu_plane_check(vgpu, &raw);
		if (ret)
			vgpu_mgr_err_ratelimited(mgr,
						 "VF %u: refused the firmware's plane of head %u: %s %p4cc offset %#llx %ux%u stride %u (FB %#llx)\n",
						 vgpu->vf, head,
						 raw.enabled ? "enabled" : "disabled",
						 &raw.drm_format, raw.fb_offset,
						 raw.width, raw.height, raw.stride,
						 vgpu->fb.size);
	}
	if (!ret)
		*plane = raw;

	nvkm_vgpu_put(vgpu);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_query_plane);

/**
 * nvkm_vgpu_core_subscribe - set the event callback of a vGPU
 * @client: its client
 * @handle: the vGPU
 * @events: mask of BIT(&enum nvkm_vgpu_event) to deliver
 * @fn: the callback
 * @priv: its argument
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EINVAL for no @fn or unknown
 * events, -EBUSY if the vGPU has a subscriber.
 */
int
nvkm_vgpu_core_subscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
			 unsigned long events, nvkm_vgpu_event_fn fn, void *priv)
{
	struct nvkm_vgpu *vgpu;
	int ret = 0;

	if (!fn || !events || (events & ~(BIT(NVKM_VGPU_EVENT_NR) - 1)))
		return -EINVAL;

	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return -ENOENT;

	mutex_lock(&vgpu->event_mutex);
	if (vgpu->event_fn) {
		ret = -EBUSY;
	} else {
		vgpu->event_fn = fn;
		vgpu->event_priv = priv;
		vgpu->event_mask = events;
	}
	mutex_unlock(&vgpu->event_mutex);

	nvkm_vgpu_put(vgpu);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_subscribe);

/**
 * nvkm_vgpu_core_unsubscribe - remove the event callback of a vGPU
 * @client: its client
 * @handle: the vGPU; nothing happens if it is not a live vGPU of @client
 */
void
nvkm_vgpu_core_unsubscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle)
{
	struct nvkm_vgpu *vgpu;

	vgpu = nvkm_vgpu_get(client, handle);
	if (!vgpu)
		return;

	mutex_lock(&vgpu->event_mutex);
	vgpu->event_fn = NULL;
	vgpu->event_priv = NULL;
	vgpu->event_mask = 0;
	mutex_unlock(&vgpu->event_mutex);

	nvkm_vgpu_put(vgpu);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_core_unsubscribe);

/**
 * nvkm_vgpu_mgr_sriov_begin - start changing the number of VFs
 * @mgr: the manager
 * @num_vfs: the number asked for
 *
 * Lowering the number (the PCI core only goes to 0) is refused while vGPUs
 * exist. Until nvkm_vgpu_mgr_sriov_end(), no vGPU is created.
 *
 * Return: 0, -ENODEV if the manager is down, -EBUSY.
 */
int
nvkm_vgpu_mgr_sriov_begin(struct nvkm_vgpu_mgr *mgr, int num_vfs)
{
	int ret = 0;

	mutex_lock(&mgr->mutex);
	if (!mgr->ready)
		ret = -ENODEV;
	else if (mgr->sriov_changing)
		ret = -EBUSY;
	else if (num_vfs < mgr->num_vfs && mgr->num_vgpus)
		ret = -EBUSY;
	else
		mgr->sriov_changing = true;
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_sriov_begin);

/**
 * nvkm_vgpu_mgr_sriov_end - finish changing the number of VFs
 * @mgr: the manager
 * @num_vfs: the number of VFs enabled now
 */
void
nvkm_vgpu_mgr_sriov_end(struct nvkm_vgpu_mgr *mgr, int num_vfs)
{
	mutex_lock(&mgr->mutex);
	mgr->num_vfs = max(num_vfs, 0);
	mgr->sriov_changing = false;
	mutex_unlock(&mgr->mutex);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_sriov_end);

/**
 * nvkm_vgpu_mgr_ctor - initialise a manager
 * @mgr: the manager, zeroed but for its subdev (messages go through it)
 * @total_vfs: SR-IOV TotalVFs
 * @max_vgpus: VF partitions of the firmware, at most @total_vfs, non-zero
 *
 * The manager is not usable until nvkm_vgpu_mgr_setup().
 *
 * Return: 0, -EINVAL or -ENOMEM.
 */
int
nvkm_vgpu_mgr_ctor(struct nvkm_vgpu_mgr *mgr, u32 total_vfs, u32 max_vgpus)
{
	if (!max_vgpus || max_vgpus > total_vfs)
		return -EINVAL;

	mgr->total_vfs = total_vfs;
	mgr->max_vgpus = max_vgpus;
	mutex_init(&mgr->mutex);
	spin_lock_init(&mgr->ev_lock);
	INIT_LIST_HEAD(&mgr->clients);
	INIT_LIST_HEAD(&mgr->resvs);
	INIT_LIST_HEAD(&mgr->fb.ranges);
	INIT_LIST_HEAD(&mgr->chid.ranges);

	mgr->vgpu = kcalloc(max_vgpus, sizeof(*mgr->vgpu), GFP_KERNEL);
	if (!mgr->vgpu)
		return -ENOMEM;

	mgr->wq = alloc_workqueue("nvkm-vgpu", 0, 0);
	if (!mgr->wq) {
		kfree(mgr->vgpu);
		mgr->vgpu = NULL;
		return -ENOMEM;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_ctor);

/**
 * nvkm_vgpu_mgr_dtor - release a manager
 * @mgr: the manager, torn down (or never set up)
 */
void
nvkm_vgpu_mgr_dtor(struct nvkm_vgpu_mgr *mgr)
{
	if (mgr->wq)
		destroy_workqueue(mgr->wq);
	kfree(mgr->vgpu);
	kfree(mgr->types);
	mutex_destroy(&mgr->mutex);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_dtor);

/**
 * nvkm_vgpu_mgr_setup - give the manager its resources and open it
 * @mgr: the manager
 * @fb_base: start of the framebuffer reserved for vGPUs
 * @fb_size: its size
 * @fb_align: alignment and granularity of vGPU framebuffer (a power of two)
 * @chid_base: first channel ID reserved for vGPUs
 * @chid_count: channel IDs reserved
 *
 * Return: 0 or -EINVAL.
 */
int
nvkm_vgpu_mgr_setup(struct nvkm_vgpu_mgr *mgr, u64 fb_base, u64 fb_size, u64 fb_align,
		    u32 chid_base, u32 chid_count)
{
	int ret;

	if (WARN_ON(!mgr->fw))
		return -EINVAL;

	ret = nvkm_vgpu_pool_init(&mgr->fb, fb_base, fb_size, fb_align);
	if (ret)
		return ret;

	ret = nvkm_vgpu_pool_init(&mgr->chid, chid_base, chid_count, 1);
	if (ret)
		return ret;

	mutex_lock(&mgr->mutex);
	mgr->fb_align = fb_align;
	mgr->ready = true;
	mutex_unlock(&mgr->mutex);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_setup);

/**
 * nvkm_vgpu_mgr_teardown - close the manager
 * @mgr: the manager
 *
 * Called once the VFs are gone, so their drivers have detached.
 */
void
nvkm_vgpu_mgr_teardown(struct nvkm_vgpu_mgr *mgr)
{
	mutex_lock(&mgr->mutex);
	WARN_ON(!list_empty(&mgr->clients));
	mgr->ready = false;
	nvkm_vgpu_pool_fini(&mgr->fb);
	nvkm_vgpu_pool_fini(&mgr->chid);
	mutex_unlock(&mgr->mutex);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_mgr_teardown);
