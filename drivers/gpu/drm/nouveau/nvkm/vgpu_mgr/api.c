// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The exported vGPU manager API (include/drm/nvkm_vgpu_mgr_vfio.h): PCI
 * lookups here, everything else in core.c.
 */
#include "priv.h"

#include <core/device.h>
#include <core/pci.h>

#include <kunit/visibility.h>

#include <linux/export.h>
#include <linux/pci.h>

/**
 * nvkm_vgpu_mgr_api_version - the API version of this core
 *
 * Return: %NVKM_VGPU_MGR_API_VERSION as the core was built.
 */
u32
nvkm_vgpu_mgr_api_version(void)
{
	return NVKM_VGPU_MGR_API_VERSION;
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_api_version, NVKM_VGPU);

/**
 * nvkm_vgpu_mgr_attach - attach a client to the vGPU manager of a VF's PF
 * @vf_pdev: a VF of a GPU driven by nouveau; its driver must be bound
 * @api_version: %NVKM_VGPU_MGR_API_VERSION of the caller
 *
 * Context: process; the caller's driver is bound to @vf_pdev.
 * Return: the client, or an ERR_PTR: -EINVAL if @vf_pdev is not a VF of a
 * PF driven by nouveau, -ENODEV if the PF has no (working) vGPU manager,
 * -EPROTONOSUPPORT if the major API versions differ, -ENOMEM.
 */
struct nvkm_vgpu_client *
nvkm_vgpu_mgr_attach(struct pci_dev *vf_pdev, u32 api_version)
{
	struct nvkm_device *device;
	struct nvkm_vgpu_mgr *mgr;

	device = nouveau_drm_vgpu_pf_device(vf_pdev);
	if (IS_ERR(device))
		return ERR_CAST(device);

	mgr = device->vgpu;
	if (!mgr)
		return ERR_PTR(-ENODEV);

	return nvkm_vgpu_core_attach(mgr, api_version);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_attach, NVKM_VGPU);

/**
 * nvkm_vgpu_mgr_detach - detach a client
 * @client: the client, from nvkm_vgpu_mgr_attach(); freed
 *
 * vGPUs the client still has are destroyed (with a warning).
 */
void
nvkm_vgpu_mgr_detach(struct nvkm_vgpu_client *client)
{
	nvkm_vgpu_core_detach(client);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_detach, NVKM_VGPU);

/**
 * nvkm_vgpu_mgr_query - query the capacity of the PF
 * @client: a client
 * @caps: filled in
 *
 * Return: 0, or -ENODEV if the manager went down.
 */
int
nvkm_vgpu_mgr_query(struct nvkm_vgpu_client *client, struct nvkm_vgpu_mgr_caps *caps)
{
	return nvkm_vgpu_core_query(client, caps);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_query, NVKM_VGPU);

/**
 * nvkm_vgpu_mgr_set_types - load the table of vGPU types
 * @client: a client
 * @types: the table (copied)
 * @count: its entries, at most %NVKM_VGPU_MAX_TYPES; 0 clears the table
 *
 * The table is for the whole PF: all clients share it. Loading the table
 * the PF has already succeeds without doing anything, so every client may
 * load it.
 *
 * Return: 0, -EINVAL for an invalid entry or duplicate IDs, -EBUSY if vGPUs
 * exist and the table differs, -ENODEV, -ENOMEM, or -EIO and friends if the
 * firmware refused it.
 */
int
nvkm_vgpu_mgr_set_types(struct nvkm_vgpu_client *client,
			const struct nvkm_vgpu_type *types, unsigned int count)
{
	return nvkm_vgpu_core_set_types(client, types, count);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_set_types, NVKM_VGPU);

/**
 * nvkm_vgpu_create - create a vGPU on a VF
 * @client: a client of the VF's PF
 * @vf_pdev: the VF
 * @config: type and resources of the vGPU
 * @handle: set to the vGPU's handle, or to one that names nothing on error
 *
 * Reserves the vGPU's framebuffer and channel IDs, starts its plugin in the
 * firmware and sets it up; the VF can then be handed to a VM.
 *
 * Return: 0, -EINVAL for a bad @config or a device that is not an enabled
 * VF of the client's PF, -ENOENT for an unknown type, -EBUSY if the VF has
 * a vGPU, -ENOSPC if a resource or the type's instance limit is exhausted,
 * -ETIMEDOUT if the firmware did not answer in time, -ENODEV, -ENOMEM, or
 * the firmware's error.
 */
int
nvkm_vgpu_create(struct nvkm_vgpu_client *client, struct pci_dev *vf_pdev,
		 const struct nvkm_vgpu_config *config, struct nvkm_vgpu_handle *handle)
{
	struct pci_dev *pf = client->mgr->pdev;
	struct nvkm_vgpu *vgpu;
	int vf;
	u32 dbdf;

	*handle = (struct nvkm_vgpu_handle){};
	if (!vf_pdev->is_virtfn || pci_physfn(vf_pdev) != pf)
		return -EINVAL;

	vf = pci_iov_vf_id(vf_pdev);
	if (vf < 0)
		return vf;

	dbdf = pci_domain_nr(vf_pdev->bus) << 16 |
	       PCI_DEVID(vf_pdev->bus->number, vf_pdev->devfn);
	vgpu = nvkm_vgpu_core_create(client, vf, dbdf, config);
	if (IS_ERR(vgpu))
		return PTR_ERR(vgpu);
	*handle = nvkm_vgpu_handle(vgpu);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_create, NVKM_VGPU);

/* Non-zero 32-bit words in [0, size) of a mapping. */
static u64
nvkm_vgpu_test_count(void __iomem *io, u64 size)
{
	u64 n = 0, off;

	for (off = 0; off < size; off += 4)
		n += ioread32(io + off) != 0;
	return n;
}

/**
 * nvkm_vgpu_test_bar1_fill - exercise the CPU scrub through BAR1
 * @client: a client
 * @size: bytes of free framebuffer to use, 4 KiB aligned, at most a segment
 * @chunk: the fill's chunk size
 * @before: non-zero 32-bit words found after writing the pattern
 * @after: non-zero 32-bit words found after the fill
 *
 * For tests only (exported when KUnit is): takes a segment of free
 * framebuffer, writes a pattern into its first @size bytes through one BAR1
 * mapping, clears them with nvkm_vgpu_bar1_fill() in @chunk pieces and
 * counts what is left through a fresh mapping.
 *
 * Return: 0 or a negative error code.
 */
int
nvkm_vgpu_test_bar1_fill(struct nvkm_vgpu_client *client, u64 size, u64 chunk,
			 u64 *before, u64 *after)
{
	struct nvkm_vgpu_mgr *mgr = client->mgr;
	struct nvkm_vgpu_bar1_map map = {};
	u64 addr;
	int ret;

	if (!mgr->device || size > mgr->fb_align)
		return -EINVAL;

	mutex_lock(&mgr->mutex);
	ret = nvkm_vgpu_pool_alloc(&mgr->fb, mgr->fb_align, mgr->fb_align, &addr);
	if (ret)
		goto unlock;

	ret = nvkm_vgpu_bar1_map(mgr, addr, size, false, &map);
	if (!ret) {
		memset_io(map.io, 0xa5, size);
		*before = nvkm_vgpu_test_count(map.io, size);
	}
	nvkm_vgpu_bar1_unmap(mgr, &map);
	if (!ret)
		ret = nvkm_vgpu_bar1_fill(mgr, addr, size, chunk);
	if (!ret) {
		ret = nvkm_vgpu_bar1_map(mgr, addr, size, false, &map);
		if (!ret)
			*after = nvkm_vgpu_test_count(map.io, size);
		nvkm_vgpu_bar1_unmap(mgr, &map);
	}
	WARN_ON(nvkm_vgpu_pool_free(&mgr->fb, addr, mgr->fb_align));
unlock:
	mutex_unlock(&mgr->mutex);
	return ret;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_test_bar1_fill);

/**
 * nvkm_vgpu_destroy - destroy a vGPU
 * @client: its client
 * @vgpu: the vGPU
 *
 * Stops the vGPU's plugin and frees its resources, also of a dead vGPU. If
 * the firmware does not confirm that it let go of them (its shutdown or
 * cleanup fails), the error is logged and the vGPU's framebuffer and
 * channels stay reserved for as long as the manager lives; the handle is
 * gone either way.
 *
 * Return: 0, or -ENOENT (nothing is done) if @vgpu names no live vGPU of
 * @client, e.g. one destroyed already.
 */
int
nvkm_vgpu_destroy(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu)
{
	return nvkm_vgpu_core_destroy(client, vgpu);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_destroy, NVKM_VGPU);

/**
 * nvkm_vgpu_reset - reset a vGPU
 * @client: its client
 * @vgpu: the vGPU
 *
 * Asks the plugin to bring the vGPU back to its state after creation, e.g.
 * after a function level reset of the VF.
 *
 * A vGPU whose plugin crashed (%NVKM_VGPU_PLUGIN_CRASHED) or did not
 * answer in time is dead: it takes no more resets or messages, only
 * nvkm_vgpu_destroy().
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EIO for a dead one, -ETIMEDOUT
 * if the plugin did not answer in time (the vGPU is dead then), or the
 * firmware's error.
 */
int
nvkm_vgpu_reset(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu)
{
	return nvkm_vgpu_core_reset(client, vgpu);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_reset, NVKM_VGPU);

/**
 * nvkm_vgpu_msg - exchange a message with a vGPU's plugin
 * @client: its client
 * @vgpu: the vGPU
 * @msg: the kind of message
 * @req: the request, as &enum nvkm_vgpu_msg defines for @msg
 * @req_size: its size
 * @reply: buffer for the reply, NULL if @msg has none
 * @reply_size: its size
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EINVAL if @msg is unknown or the
 * sizes do not match it, -ETIMEDOUT if the plugin did not answer in time
 * (the vGPU is dead then), -EIO if it reported an error or the vGPU is dead
 * (see nvkm_vgpu_reset()).
 */
int
nvkm_vgpu_msg(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
	      enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
	      void *reply, size_t reply_size)
{
	return nvkm_vgpu_core_msg(client, vgpu, msg, req, req_size, reply, reply_size);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_msg, NVKM_VGPU);

/**
 * nvkm_vgpu_query_plane - the surface a head of a vGPU scans out
 * @client: its client
 * @vgpu: the vGPU
 * @head: the head, below the type's &nvkm_vgpu_type.num_heads
 * @plane: filled in on success; see &struct nvkm_vgpu_plane
 *
 * Asks the firmware (a round trip to the vGPU's plugin) and checks the
 * answer: a surface outside the vGPU's framebuffer, of an unknown format or
 * with an impossible size or stride is never returned.
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EINVAL for a head the type does
 * not have, -EOPNOTSUPP if the firmware cannot report planes, -EIO if the
 * vGPU is dead or the firmware's report was refused (logged, ratelimited),
 * -ETIMEDOUT if the plugin did not answer in time.
 */
int
nvkm_vgpu_query_plane(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
		      u32 head, struct nvkm_vgpu_plane *plane)
{
	return nvkm_vgpu_core_query_plane(client, vgpu, head, plane);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_query_plane, NVKM_VGPU);

/**
 * nvkm_vgpu_subscribe - receive the events of a vGPU
 * @client: its client
 * @vgpu: the vGPU
 * @events: mask of BIT(&enum nvkm_vgpu_event) to receive
 * @fn: the callback, see &typedef nvkm_vgpu_event_fn
 * @priv: its first argument
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EINVAL for an empty or unknown
 * @events or no @fn, -EBUSY if the vGPU has a subscriber already.
 */
int
nvkm_vgpu_subscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
		    unsigned long events, nvkm_vgpu_event_fn fn, void *priv)
{
	return nvkm_vgpu_core_subscribe(client, vgpu, events, fn, priv);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_subscribe, NVKM_VGPU);

/**
 * nvkm_vgpu_unsubscribe - stop receiving the events of a vGPU
 * @client: its client
 * @vgpu: the vGPU
 *
 * When this returns, the callback is not running and will not be called.
 */
void
nvkm_vgpu_unsubscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu)
{
	nvkm_vgpu_core_unsubscribe(client, vgpu);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_unsubscribe, NVKM_VGPU);

/* ---- API 2.1: placements, reservations, plugin parameters, status ---- */

/**
 * nvkm_vgpu_mgr_placements - where a type can be placed
 * @client: a client
 * @type_id: ID of an entry of the current type table
 * @num_channels: channel IDs a vGPU of the type would reserve
 * @pl: filled in: the PF's placement units, the type's size in units, its
 *      placement IDs and those it can be reserved at now
 *
 * A PF whose framebuffer holds no type has no units (all zero).
 *
 * Return: 0, -ENOENT for an unknown type, -ENODEV.
 */
int
nvkm_vgpu_mgr_placements(struct nvkm_vgpu_client *client, u32 type_id, u32 num_channels,
			 struct nvkm_vgpu_placements *pl)
{
	return nvkm_vgpu_core_placements(client, type_id, num_channels, pl);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_mgr_placements, NVKM_VGPU);

/**
 * nvkm_vgpu_reserve - reserve a placement and channel IDs for a VF
 * @client: a client of the VF's PF
 * @vf_pdev: the VF
 * @req: the type, its channel count and a placement ID or
 *       %NVKM_VGPU_PLACEMENT_ANY (the lowest free one)
 * @resv: set to the reservation (with the placement ID it holds), or to
 *        one that names nothing on error
 *
 * Takes the placement's framebuffer and a contiguous channel ID range from
 * the PF and counts against the type's instance limit, so that
 * nvkm_vgpu_create_reserved() on the reservation cannot fail for capacity.
 *
 * Return: 0; -EINVAL for a bad @req, a device that is not an enabled VF of
 * the client's PF, or a placement ID the type does not have; -ENOENT for an
 * unknown type; -EBUSY if the VF has a reservation already or the placement
 * is taken; -ENOSPC if no placement (or channel range) is free, the type's
 * instance limit is reached or the firmware has no partition for the VF;
 * -ENODEV, -ENOMEM.
 */
int
nvkm_vgpu_reserve(struct nvkm_vgpu_client *client, struct pci_dev *vf_pdev,
		  const struct nvkm_vgpu_reserve_req *req, struct nvkm_vgpu_reservation *resv)
{
	struct pci_dev *pf = client->mgr->pdev;
	int vf;

	*resv = (struct nvkm_vgpu_reservation){};
	if (!vf_pdev->is_virtfn || pci_physfn(vf_pdev) != pf)
		return -EINVAL;
	vf = pci_iov_vf_id(vf_pdev);
	if (vf < 0)
		return vf;
	return nvkm_vgpu_core_reserve(client, vf, pci_domain_nr(vf_pdev->bus) << 16 |
				      PCI_DEVID(vf_pdev->bus->number, vf_pdev->devfn),
				      req, resv);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_reserve, NVKM_VGPU);

/**
 * nvkm_vgpu_reservation_move - move a reservation to another placement
 * @client: its client
 * @resv: the reservation; its placement field is updated on success
 * @placement: a placement ID of the reservation's type
 *
 * Nothing changes on error.
 *
 * Return: 0; -ENOENT for an unknown reservation; -EINVAL for a placement ID
 * the type does not have; -EBUSY if the placement is taken or a vGPU lives
 * on the reservation; -EIO if the firmware may still use its framebuffer;
 * -ENOMEM.
 */
int
nvkm_vgpu_reservation_move(struct nvkm_vgpu_client *client,
			   struct nvkm_vgpu_reservation *resv, u32 placement)
{
	return nvkm_vgpu_core_resv_move(client, resv, placement);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_reservation_move, NVKM_VGPU);

/**
 * nvkm_vgpu_unreserve - give a reservation's resources back to the PF
 * @client: its client
 * @resv: the reservation; names nothing afterwards
 *
 * If a vGPU on the reservation was destroyed without the firmware
 * confirming that it let go, the framebuffer and channels stay out of use
 * (see nvkm_vgpu_destroy()); the reservation is gone either way.
 *
 * Return: 0, -ENOENT (nothing is done) for an unknown reservation, -EBUSY
 * while a vGPU lives on it.
 */
int
nvkm_vgpu_unreserve(struct nvkm_vgpu_client *client, struct nvkm_vgpu_reservation resv)
{
	return nvkm_vgpu_core_unreserve(client, resv);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_unreserve, NVKM_VGPU);

/**
 * nvkm_vgpu_create_reserved - create a vGPU on a reservation
 * @client: the reservation's client
 * @resv: the reservation
 * @config: the reservation's type and channel count; @config->fb_size 0
 *          or the type's
 * @params: settings for the vGPU's plugin, NULL for the defaults (frame
 *          rate limiter on, console and UVM off)
 * @handle: as for nvkm_vgpu_create()
 *
 * Like nvkm_vgpu_create(), on the reservation's VF, framebuffer and
 * channel IDs. Destroying the vGPU leaves them to the reservation.
 *
 * Return: 0, -ENOENT for an unknown reservation, -EBUSY if a vGPU lives on
 * it, -EINVAL if @config does not match it or @params is invalid, -EIO if
 * the firmware may still use its resources, -ETIMEDOUT, -ENODEV, -ENOMEM,
 * or the firmware's error; never -ENOSPC for framebuffer, channel IDs or
 * the type's instance limit.
 */
int
nvkm_vgpu_create_reserved(struct nvkm_vgpu_client *client, struct nvkm_vgpu_reservation resv,
			  const struct nvkm_vgpu_config *config,
			  const struct nvkm_vgpu_params *params,
			  struct nvkm_vgpu_handle *handle)
{
	struct nvkm_vgpu *vgpu;

	*handle = (struct nvkm_vgpu_handle){};
	vgpu = nvkm_vgpu_core_create_reserved(client, resv, config, params);
	if (IS_ERR(vgpu))
		return PTR_ERR(vgpu);
	*handle = nvkm_vgpu_handle(vgpu);
	return 0;
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_create_reserved, NVKM_VGPU);

/**
 * nvkm_vgpu_status - what a live vGPU does
 * @client: its client
 * @vgpu: the vGPU
 * @status: filled in; the manager's own fields (resets, uptime) also when
 *          the plugin cannot be asked
 *
 * Asks the vGPU's plugin for what the guest uses.
 *
 * Return: 0, -ENOENT for an unknown vGPU, -EIO if it is dead or the plugin
 * failed the request, -ETIMEDOUT.
 */
int
nvkm_vgpu_status(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
		 struct nvkm_vgpu_status *status)
{
	return nvkm_vgpu_core_status(client, vgpu, status);
}
EXPORT_SYMBOL_NS_GPL(nvkm_vgpu_status, NVKM_VGPU);
