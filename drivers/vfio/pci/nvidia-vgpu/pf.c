// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * State shared by the VFs of one PF: the vGPU type table, loaded from a
 * firmware file and handed to the PF's vGPU manager, and the types
 * assigned to the VFs. Assigning a type reserves its placement (a range of
 * framebuffer) and its channel IDs in the vGPU manager, so opening the VF
 * later cannot fail for capacity; releasing the type gives them back.
 */
#include <linux/bitmap.h>
#include <linux/firmware.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "nvidia_vgpu.h"

/* All PFs that have a VF bound to this driver. */
static LIST_HEAD(nvvgpu_pfs);
/* Protects nvvgpu_pfs and the reference counts of its entries. */
static DEFINE_MUTEX(nvvgpu_pfs_lock);

static int nvvgpu_pf_load_table(struct nvvgpu_pf *pf, struct nvvgpu_device *nvdev)
{
	struct pci_dev *vf = nvdev->core_device.pdev;
	struct pci_dev *pdev = pf->pdev;
	struct nvvgpu_parse_error err;
	struct nvkm_vgpu_type *descs;
	char name[NVVGPU_FW_NAME_LEN];
	const struct firmware *fw;
	int ret;

	snprintf(name, sizeof(name), NVVGPU_FW_NAME_FMT, pdev->vendor, pdev->device);
	ret = request_firmware(&fw, name, &vf->dev);
	if (ret) {
		pci_err(vf, "no vGPU type table %s (%d): no vGPU can be created on this GPU\n",
			name, ret);
		return ret;
	}

	ret = nvvgpu_table_parse(fw->data, fw->size, pdev->vendor, pdev->device,
				 &pf->table, &err);
	release_firmware(fw);
	if (ret == -EINVAL && err.entry < 0)
		pci_err(vf, "vGPU type table %s refused: %s\n", name, err.reason);
	else if (ret == -EINVAL)
		pci_err(vf, "vGPU type table %s refused: entry %d: %s\n", name, err.entry,
			err.reason);
	if (ret)
		return ret;

	descs = kmalloc_array(pf->table.count, sizeof(*descs), GFP_KERNEL);
	if (!descs) {
		ret = -ENOMEM;
		goto fail;
	}
	for (unsigned int i = 0; i < pf->table.count; i++)
		descs[i] = pf->table.types[i].desc;
	ret = nvkm_vgpu_mgr_set_types(nvdev->client, descs, pf->table.count);
	kfree(descs);
	if (ret) {
		pci_err(vf, "the vGPU manager refused the type table %s (%d)\n", name, ret);
		goto fail;
	}

	pci_info(vf, "%u vGPU types from %s\n", pf->table.count, name);
	return 0;

fail:
	nvvgpu_table_free(&pf->table);
	return ret;
}

/**
 * nvvgpu_pf_get - find or set up the state of a VF's PF
 * @nvdev: the VF, attached to the PF's manager
 *
 * The first VF of a PF loads the type table. A table that cannot be loaded
 * leaves the PF without types: its VFs bind, but no type can be assigned.
 *
 * Return: the PF's state with a reference for @nvdev, or NULL.
 */
struct nvvgpu_pf *nvvgpu_pf_get(struct nvvgpu_device *nvdev)
{
	struct pci_dev *pdev = pci_physfn(nvdev->core_device.pdev);
	struct nvvgpu_pf *pf;

	mutex_lock(&nvvgpu_pfs_lock);
	list_for_each_entry(pf, &nvvgpu_pfs, node) {
		if (pf->pdev == pdev) {
			kref_get(&pf->kref);
			goto out;
		}
	}

	pf = kzalloc(sizeof(*pf), GFP_KERNEL);
	if (!pf)
		goto out;
	kref_init(&pf->kref);
	pf->pdev = pdev;
	mutex_init(&pf->lock);
	INIT_LIST_HEAD(&pf->vfs);
	pf->table_ret = nvvgpu_pf_load_table(pf, nvdev);
	list_add(&pf->node, &nvvgpu_pfs);
out:
	mutex_unlock(&nvvgpu_pfs_lock);
	return pf;
}

static void nvvgpu_pf_release(struct kref *kref)
{
	struct nvvgpu_pf *pf = container_of(kref, struct nvvgpu_pf, kref);

	list_del(&pf->node);
	WARN_ON(!list_empty(&pf->vfs));
	nvvgpu_table_free(&pf->table);
	mutex_destroy(&pf->lock);
	kfree(pf);
}

/**
 * nvvgpu_pf_put - drop a VF's reference to its PF's state
 * @pf: the PF's state
 */
void nvvgpu_pf_put(struct nvvgpu_pf *pf)
{
	mutex_lock(&nvvgpu_pfs_lock);
	kref_put(&pf->kref, nvvgpu_pf_release);
	mutex_unlock(&nvvgpu_pfs_lock);
}

/**
 * nvvgpu_pf_add_vf - make a VF's type assignable
 * @nvdev: the VF
 */
void nvvgpu_pf_add_vf(struct nvvgpu_device *nvdev)
{
	struct nvvgpu_pf *pf = nvdev->pf;

	mutex_lock(&pf->lock);
	nvvgpu_params_default(&nvdev->params);
	list_add_tail(&nvdev->pf_node, &pf->vfs);
	mutex_unlock(&pf->lock);
}

/**
 * nvvgpu_pf_del_vf - remove a VF, releasing its type and reservation
 * @nvdev: the VF, closed
 */
void nvvgpu_pf_del_vf(struct nvvgpu_device *nvdev)
{
	struct nvvgpu_pf *pf = nvdev->pf;

	mutex_lock(&pf->lock);
	WARN_ON(nvdev->open);
	if (nvdev->type)
		WARN_ON(nvkm_vgpu_unreserve(nvdev->client, nvdev->resv));
	nvdev->type = NULL;
	nvdev->resv = (struct nvkm_vgpu_reservation){};
	list_del_init(&nvdev->pf_node);
	mutex_unlock(&pf->lock);
}

/*
 * What admission checks a type against: the PF's free resources (into
 * *caps, which ctx->caps points to) and the types of the PF's other VFs.
 * On success ctx->others is allocated; the caller kfree()s it.
 */
static int
nvvgpu_pf_admit_ctx(struct nvvgpu_device *nvdev, struct nvkm_vgpu_mgr_caps *caps,
		    struct nvvgpu_admit_ctx *ctx)
{
	struct nvvgpu_pf *pf = nvdev->pf;
	const struct nvvgpu_type **others;
	struct nvvgpu_device *vf;
	unsigned int n = 0;
	int ret;

	lockdep_assert_held(&pf->lock);

	ret = nvkm_vgpu_mgr_query(nvdev->client, caps);
	if (ret)
		return ret;

	others = kcalloc(list_count_nodes(&pf->vfs), sizeof(*others), GFP_KERNEL);
	if (!others)
		return -ENOMEM;
	list_for_each_entry(vf, &pf->vfs, pf_node) {
		if (vf != nvdev && vf->type)
			others[n++] = vf->type;
	}
	ctx->others = others;
	ctx->nr_others = n;
	return 0;
}

/**
 * nvvgpu_pf_placements - the placements of a type on the PF of a VF
 * @nvdev: the VF
 * @type: a type of the PF's table
 * @pl: filled in by the vGPU manager; its creatable placements are cleared
 *	if the type cannot be assigned to this VF at all
 *
 * Return: 0 or the manager's error.
 */
int nvvgpu_pf_placements(struct nvvgpu_device *nvdev, const struct nvvgpu_type *type,
			 struct nvkm_vgpu_placements *pl)
{
	int ret;

	ret = nvkm_vgpu_mgr_placements(nvdev->client, type->desc.id, type->num_channels, pl);
	if (!ret && type->desc.bar1_size > nvdev->vf_bar1_size)
		bitmap_zero(pl->creatable, NVKM_VGPU_MAX_PLACEMENTS);
	return ret;
}

/**
 * nvvgpu_pf_creatable - which types could be assigned to a VF now
 * @nvdev: the VF
 * @creatable: bitmap of %NVKM_VGPU_MAX_TYPES bits, by index in the PF's
 *	type table; filled in
 *
 * A type is creatable if the placement rule admits it and the vGPU manager
 * has a free placement for it now (a contiguous framebuffer range at one of
 * its placement IDs, so fragmentation counts) and a contiguous range of its
 * channel IDs. A VF that has a type can take no other, so its bitmap is
 * empty.
 *
 * Return: 0, -ENODEV without a type table or vGPU manager, -ENOMEM.
 */
int nvvgpu_pf_creatable(struct nvvgpu_device *nvdev, unsigned long *creatable)
{
	struct nvvgpu_pf *pf = nvdev->pf;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvvgpu_admit_ctx ctx = {
		.caps = &caps,
		.vf_index = nvdev->vf_index,
		.vf_bar1_size = nvdev->vf_bar1_size,
	};
	int ret;

	bitmap_zero(creatable, NVKM_VGPU_MAX_TYPES);

	mutex_lock(&pf->lock);
	ret = pf->table_ret;
	if (ret || nvdev->type)
		goto out;
	ret = nvvgpu_pf_admit_ctx(nvdev, &caps, &ctx);
	if (ret)
		goto out;
	for (unsigned int i = 0; i < pf->table.count; i++) {
		struct nvkm_vgpu_placements pl;

		if (nvvgpu_type_admit(&ctx, &pf->table.types[i]))
			continue;
		if (nvvgpu_pf_placements(nvdev, &pf->table.types[i], &pl))
			continue;
		if (!bitmap_empty(pl.creatable, NVKM_VGPU_MAX_PLACEMENTS))
			__set_bit(i, creatable);
	}
	kfree(ctx.others);
out:
	mutex_unlock(&pf->lock);
	return ret;
}

/**
 * nvvgpu_pf_assign - assign a type to a VF, or release it
 * @nvdev: the VF
 * @id: type ID, 0 to release the VF's type
 *
 * The check against the PF's resources and the assignment happen under the
 * PF's lock, so concurrent assignments on several VFs cannot oversubscribe
 * it. Assigning reserves the lowest free placement of the type and its
 * channel IDs in the vGPU manager (nvkm_vgpu_reserve()); releasing gives
 * them back. Assigning the type a VF has already succeeds.
 *
 * Return: 0; -EBUSY if the VF is open or has another type; -ENODEV without
 * a type table or vGPU manager; -EINVAL for an unknown type or one this VF
 * cannot take; -ENOSPC if the PF lacks the resources (also when no
 * placement of the type is free, however much framebuffer is free in
 * total).
 */
int nvvgpu_pf_assign(struct nvvgpu_device *nvdev, u32 id)
{
	struct nvvgpu_pf *pf = nvdev->pf;
	const struct nvvgpu_type *type;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvvgpu_admit_ctx ctx = {
		.caps = &caps,
		.vf_index = nvdev->vf_index,
		.vf_bar1_size = nvdev->vf_bar1_size,
	};
	int ret;

	mutex_lock(&pf->lock);
	if (nvdev->open) {
		ret = -EBUSY;
		goto out;
	}
	if (!id) {
		ret = 0;
		if (nvdev->type) {
			ret = nvkm_vgpu_unreserve(nvdev->client, nvdev->resv);
			if (ret)
				goto out;
			pci_info(nvdev->core_device.pdev, "vGPU type %u released\n",
				 nvdev->type->desc.id);
		}
		nvdev->type = NULL;
		nvdev->resv = (struct nvkm_vgpu_reservation){};
		goto out;
	}
	ret = pf->table_ret ? -ENODEV : 0;
	if (ret)
		goto out;
	type = nvvgpu_table_find(&pf->table, id);
	if (!type) {
		ret = -EINVAL;
		goto out;
	}
	if (nvdev->type) {
		ret = nvdev->type == type ? 0 : -EBUSY;
		goto out;
	}

	ret = nvvgpu_pf_admit_ctx(nvdev, &caps, &ctx);
	if (ret)
		goto out;
	ret = nvvgpu_type_admit(&ctx, type);
	kfree(ctx.others);
	if (!ret) {
		struct nvkm_vgpu_reserve_req req = {
			.type_id = type->desc.id,
			.num_channels = type->num_channels,
			.placement = NVKM_VGPU_PLACEMENT_ANY,
		};

		ret = nvkm_vgpu_reserve(nvdev->client, nvdev->core_device.pdev, &req,
					&nvdev->resv);
	}
	if (!ret) {
		nvdev->type = type;
		pci_info(nvdev->core_device.pdev, "vGPU type %u (%s) assigned at placement %u\n",
			 type->desc.id, type->desc.name, nvdev->resv.placement);
	}
out:
	mutex_unlock(&pf->lock);
	return ret;
}

/**
 * nvvgpu_pf_place - move a VF's reservation to another placement
 * @nvdev: the VF
 * @placement: a placement ID of its type
 *
 * Nothing changes on error.
 *
 * Return: 0; -EINVAL if the VF has no type (a type must be assigned
 * first) or the ID is not a placement of its type; -EBUSY if the VF is
 * open or the placement is taken; the manager's other errors.
 */
int nvvgpu_pf_place(struct nvvgpu_device *nvdev, u32 placement)
{
	struct nvvgpu_pf *pf = nvdev->pf;
	int ret;

	mutex_lock(&pf->lock);
	if (nvdev->open)
		ret = -EBUSY;
	else if (!nvdev->type)
		ret = -EINVAL;
	else
		ret = nvkm_vgpu_reservation_move(nvdev->client, &nvdev->resv, placement);
	mutex_unlock(&pf->lock);
	return ret;
}

/**
 * nvvgpu_pf_set_params - set a VF's plugin parameters
 * @nvdev: the VF
 * @params: the new parameters
 *
 * Return: 0, or -EBUSY (nothing changes) while the VF is open: the
 * parameters are given to the vGPU when it is created.
 */
int nvvgpu_pf_set_params(struct nvvgpu_device *nvdev, const struct nvvgpu_params *params)
{
	int ret = 0;

	mutex_lock(&nvdev->pf->lock);
	if (nvdev->open)
		ret = -EBUSY;
	else
		nvdev->params = *params;
	mutex_unlock(&nvdev->pf->lock);
	return ret;
}

/**
 * nvvgpu_pf_mark_open - the VFIO device of a VF is being opened
 * @nvdev: the VF
 * @resv: set to the VF's reservation
 * @params: set to the VF's plugin parameters
 *
 * From now until nvvgpu_pf_mark_closed() the VF's type, reservation and
 * parameters cannot change.
 *
 * Return: the VF's type, or NULL (and nothing changes) if it has none.
 */
const struct nvvgpu_type *nvvgpu_pf_mark_open(struct nvvgpu_device *nvdev,
					      struct nvkm_vgpu_reservation *resv,
					      struct nvkm_vgpu_params *params)
{
	const struct nvvgpu_type *type;

	mutex_lock(&nvdev->pf->lock);
	type = nvdev->type;
	if (type) {
		nvdev->open = true;
		*resv = nvdev->resv;
		*params = nvdev->params.p;
	}
	mutex_unlock(&nvdev->pf->lock);
	return type;
}

/**
 * nvvgpu_pf_mark_closed - the VFIO device of a VF was closed
 * @nvdev: the VF
 */
void nvvgpu_pf_mark_closed(struct nvvgpu_device *nvdev)
{
	mutex_lock(&nvdev->pf->lock);
	nvdev->open = false;
	mutex_unlock(&nvdev->pf->lock);
}
