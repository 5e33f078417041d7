/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The interface between nouveau's vGPU manager (the PF side, inside nvkm)
 * and a VFIO variant driver for the SR-IOV virtual functions of the same GPU.
 *
 * The interface is deliberately firmware-agnostic: no GSP-RM structure,
 * control ID, register offset or doorbell crosses it. The manager turns the
 * descriptors below into whatever the GPU's firmware needs, so that another
 * core driver can provide the same interface later.
 */
#ifndef __DRM_NVKM_VGPU_MGR_VFIO_H__
#define __DRM_NVKM_VGPU_MGR_VFIO_H__

#include <linux/bits.h>
#include <linux/types.h>

struct pci_dev;

/**
 * DOC: nvkm vGPU manager API
 *
 * A VFIO variant driver bound to a VF attaches a client to the vGPU manager
 * of the VF's physical function with nvkm_vgpu_mgr_attach(). The manager
 * finds the PF with pci_iov_get_pf_drvdata(), so the VF driver must be bound
 * (i.e. call it from probe() or later, and detach in remove() at the latest).
 *
 * Through the client it queries the capacity of the PF, uploads the table of
 * vGPU types and creates a vGPU on a VF from a type and a configuration. A
 * vGPU is named by a &struct nvkm_vgpu_handle, a value that is never given
 * out twice: once the vGPU is destroyed, its handle names nothing and every
 * call with it fails with -ENOENT, whatever was created since. A vGPU is
 * destroyed explicitly or when its client is detached. Messages to the
 * vGPU's plugin in the GPU firmware use the kinds of &enum nvkm_vgpu_msg,
 * events from the firmware about the vGPU are delivered to one subscriber
 * per vGPU.
 *
 * Lowering sriov_numvfs of the PF fails with -EBUSY while any vGPU exists.
 * Unbinding the PF driver disables SR-IOV first, which removes the VFs and
 * thereby unbinds their drivers (which must destroy their vGPUs and detach).
 *
 * All functions may sleep. Calls on one vGPU are serialised by the manager
 * and may wait for the firmware (seconds, if it does not answer); calls on
 * different vGPUs of a PF run concurrently, so one vGPU whose firmware is
 * stuck does not hold up the others.
 *
 * Display: nvkm_vgpu_query_plane() (since minor version 1) returns the
 * surface a head of the vGPU scans out, as the firmware reports it and
 * after the manager checked it against the vGPU's framebuffer and type, so
 * that a VFIO driver can show the guest's console to the host.
 *
 * Versioning: %NVKM_VGPU_MGR_API_VERSION is the version a caller is built
 * against; nvkm_vgpu_mgr_api_version() returns the version of the core. A
 * caller must refuse a core whose major version differs from its own, and
 * nvkm_vgpu_mgr_attach() refuses such a caller with -EPROTONOSUPPORT. Minor
 * versions only add to the interface.
 */

/**
 * define NVKM_VGPU_MGR_API_MAJOR - major version, changes break callers
 */
#define NVKM_VGPU_MGR_API_MAJOR		2
/**
 * define NVKM_VGPU_MGR_API_MINOR - minor version, changes only add
 */
#define NVKM_VGPU_MGR_API_MINOR		1
/**
 * define NVKM_VGPU_MGR_API_VERSION - version a caller is built against
 */
#define NVKM_VGPU_MGR_API_VERSION \
	((NVKM_VGPU_MGR_API_MAJOR << 16) | NVKM_VGPU_MGR_API_MINOR)

/**
 * define NVKM_VGPU_NAME_LEN - size of the string fields of &struct nvkm_vgpu_type
 */
#define NVKM_VGPU_NAME_LEN		32
/**
 * define NVKM_VGPU_LICENSE_LEN - size of &nvkm_vgpu_type.license
 */
#define NVKM_VGPU_LICENSE_LEN		128
/**
 * define NVKM_VGPU_MAX_TYPES - most entries in a type table
 */
#define NVKM_VGPU_MAX_TYPES		64

/**
 * define NVKM_VGPU_TYPE_CUDA - compute (CUDA) is allowed in the guest
 */
#define NVKM_VGPU_TYPE_CUDA		BIT(0)
/**
 * define NVKM_VGPU_TYPE_ECC - the type supports ECC
 */
#define NVKM_VGPU_TYPE_ECC		BIT(1)
/**
 * define NVKM_VGPU_TYPE_MULTI_VGPU - a VM may hold several vGPUs of this type
 */
#define NVKM_VGPU_TYPE_MULTI_VGPU	BIT(2)
/**
 * define NVKM_VGPU_TYPE_GPUDIRECT - GPUDirect is allowed
 */
#define NVKM_VGPU_TYPE_GPUDIRECT	BIT(3)
/**
 * define NVKM_VGPU_TYPE_P2P - NVLink peer to peer transfers are allowed
 */
#define NVKM_VGPU_TYPE_P2P		BIT(4)
/**
 * define NVKM_VGPU_TYPE_FLAGS - all defined type flags
 */
#define NVKM_VGPU_TYPE_FLAGS		(BIT(5) - 1)

/**
 * struct nvkm_vgpu_type - firmware-agnostic description of a vGPU type
 * @id: type ID, non-zero and unique within a table
 * @name: profile name (e.g. "L40-1B"), NUL-terminated
 * @class_name: profile class (e.g. "NVS", "Quadro", "Compute"), NUL-terminated
 * @license: license feature string checked by the guest driver,
 *           NUL-terminated, may be empty
 * @vf_device_id: PCI device ID the guest sees
 * @vf_subsystem_id: PCI subsystem device ID the guest sees
 * @pf_device_id: PCI device ID of the physical GPU the type is made for
 * @max_instances: most vGPUs of this type on one physical GPU, at least 1
 * @num_heads: display heads
 * @max_resolution_x: largest display width
 * @max_resolution_y: largest display height
 * @max_pixels: pixel budget over all heads
 * @frame_rate_limit: frame rate limit in frames per second, 0 for none
 * @encoder_capacity: share of the video encoders in percent (0-100)
 * @flags: %NVKM_VGPU_TYPE_CUDA and friends
 * @fb_size: guest framebuffer in bytes, non-zero
 * @mgmt_heap_size: framebuffer in bytes the manager takes per vGPU for the
 *                  firmware's plugin (mailbox, logs, plugin heap), non-zero
 * @fb_reservation: additional host framebuffer in bytes per vGPU
 * @mappable_fb_size: CPU-mappable part of the guest framebuffer in bytes
 * @bar1_size: size of the guest's BAR1 in bytes, a power of two of at
 *             least 1 MiB
 *
 * Descriptors are built by the caller (e.g. from a type table file); the
 * manager validates them in nvkm_vgpu_mgr_set_types().
 */
struct nvkm_vgpu_type {
	u32 id;
	char name[NVKM_VGPU_NAME_LEN];
	char class_name[NVKM_VGPU_NAME_LEN];
	char license[NVKM_VGPU_LICENSE_LEN];
	u16 vf_device_id;
	u16 vf_subsystem_id;
	u16 pf_device_id;
	u32 max_instances;
	u32 num_heads;
	u32 max_resolution_x;
	u32 max_resolution_y;
	u32 max_pixels;
	u32 frame_rate_limit;
	u32 encoder_capacity;
	u32 flags;
	u64 fb_size;
	u64 mgmt_heap_size;
	u64 fb_reservation;
	u64 mappable_fb_size;
	u64 bar1_size;
};

/**
 * struct nvkm_vgpu_mgr_caps - capacity of a PF, from nvkm_vgpu_mgr_query()
 * @fb_total: bytes of framebuffer the manager reserved for vGPUs
 * @fb_free: bytes of it not in use
 * @fb_largest: largest allocation that would succeed now, in bytes
 * @fb_align: alignment and granularity of vGPU framebuffer allocations
 *            (the VMMU segment size of the GPU)
 * @chids_total: channel IDs reserved for vGPUs
 * @chids_free: channel IDs of them not in use
 * @max_vgpus: VF partitions the firmware was booted with: vGPUs can exist on
 *             VFs 0 to @max_vgpus - 1
 * @num_vgpus: vGPUs that exist now
 * @total_vfs: SR-IOV TotalVFs of the PF
 * @num_vfs: VFs enabled now
 * @num_types: entries of the current type table
 */
struct nvkm_vgpu_mgr_caps {
	u64 fb_total;
	u64 fb_free;
	u64 fb_largest;
	u64 fb_align;
	u32 chids_total;
	u32 chids_free;
	u32 max_vgpus;
	u32 num_vgpus;
	u32 total_vfs;
	u32 num_vfs;
	u32 num_types;
};

/**
 * struct nvkm_vgpu_config - what nvkm_vgpu_create() makes
 * @type_id: ID of an entry of the current type table
 * @fb_size: guest framebuffer in bytes, at most the type's, 0 for the type's;
 *           rounded up to &nvkm_vgpu_mgr_caps.fb_align
 * @num_channels: channel IDs for the vGPU, non-zero
 * @vm_pid: PID of the process running the VM, for the firmware's bookkeeping
 * @uuid: UUID of the vGPU (as the guest and management tools see it)
 */
struct nvkm_vgpu_config {
	u32 type_id;
	u64 fb_size;
	u32 num_channels;
	u32 vm_pid;
	u8 uuid[16];
};

/**
 * enum nvkm_vgpu_msg - messages to a vGPU's plugin in the firmware
 * @NVKM_VGPU_MSG_BUS_MASTER: tell the plugin whether the VF may master the
 *	bus (after the VF was reset and enabled); request &struct
 *	nvkm_vgpu_msg_bus_master, no reply
 * @NVKM_VGPU_MSG_NR: number of message kinds
 */
enum nvkm_vgpu_msg {
	NVKM_VGPU_MSG_BUS_MASTER,
	NVKM_VGPU_MSG_NR,
};

/**
 * struct nvkm_vgpu_msg_bus_master - request of %NVKM_VGPU_MSG_BUS_MASTER
 * @enable: 1 when the VF's bus master enable is set, 0 when cleared
 * @pad: must be zero
 */
struct nvkm_vgpu_msg_bus_master {
	u8 enable;
	u8 pad[3];
};

/**
 * enum nvkm_vgpu_event - events about a vGPU
 * @NVKM_VGPU_EVENT_RC: the firmware recovered (reset) a channel of the vGPU
 * @NVKM_VGPU_EVENT_MMU_FAULT: an MMU fault of the vGPU was queued
 * @NVKM_VGPU_EVENT_PLUGIN: the state of the vGPU's plugin changed, see
 *	&enum nvkm_vgpu_plugin_state
 * @NVKM_VGPU_EVENT_NR: number of event kinds
 */
enum nvkm_vgpu_event {
	NVKM_VGPU_EVENT_RC,
	NVKM_VGPU_EVENT_MMU_FAULT,
	NVKM_VGPU_EVENT_PLUGIN,
	NVKM_VGPU_EVENT_NR,
};

/**
 * enum nvkm_vgpu_plugin_state - what %NVKM_VGPU_EVENT_PLUGIN reports
 * @NVKM_VGPU_PLUGIN_BOOTLOADED: the plugin started
 * @NVKM_VGPU_PLUGIN_UNLOADED: the plugin stopped
 * @NVKM_VGPU_PLUGIN_CRASHED: the plugin crashed; the vGPU is dead: resets
 *	and messages fail with -EIO until it is destroyed
 * @NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED: the guest driver came up
 * @NVKM_VGPU_PLUGIN_GUEST_DRIVER_UNLOADED: the guest driver went away
 * @NVKM_VGPU_PLUGIN_ERROR: the plugin reported an error
 * @NVKM_VGPU_PLUGIN_LICENSE_CHANGED: the guest's license state changed
 */
enum nvkm_vgpu_plugin_state {
	NVKM_VGPU_PLUGIN_BOOTLOADED,
	NVKM_VGPU_PLUGIN_UNLOADED,
	NVKM_VGPU_PLUGIN_CRASHED,
	NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED,
	NVKM_VGPU_PLUGIN_GUEST_DRIVER_UNLOADED,
	NVKM_VGPU_PLUGIN_ERROR,
	NVKM_VGPU_PLUGIN_LICENSE_CHANGED,
};

/**
 * struct nvkm_vgpu_event_info - details of an event
 * @event: what happened
 * @chid: for %NVKM_VGPU_EVENT_RC and %NVKM_VGPU_EVENT_MMU_FAULT, the channel,
 *        counted from the vGPU's first channel ID; otherwise 0
 * @error: for %NVKM_VGPU_EVENT_RC and %NVKM_VGPU_EVENT_MMU_FAULT, the
 *         firmware's exception class (NVIDIA's "Xid"); otherwise 0
 * @plugin: for %NVKM_VGPU_EVENT_PLUGIN, the new state of the plugin
 */
struct nvkm_vgpu_event_info {
	enum nvkm_vgpu_event event;
	u32 chid;
	u32 error;
	enum nvkm_vgpu_plugin_state plugin;
};

/**
 * typedef nvkm_vgpu_event_fn - event callback
 * @priv: the pointer given to nvkm_vgpu_subscribe()
 * @info: the event; valid during the call only
 *
 * Called in process context (from a workqueue), one event at a time per
 * vGPU, never after nvkm_vgpu_unsubscribe() or nvkm_vgpu_destroy() returned.
 * It must not call nvkm_vgpu_destroy(), nvkm_vgpu_unsubscribe() or
 * nvkm_vgpu_mgr_detach() for its own vGPU or client.
 */
typedef void (*nvkm_vgpu_event_fn)(void *priv, const struct nvkm_vgpu_event_info *info);

/**
 * struct nvkm_vgpu_handle - names a vGPU of a client
 * @id: opaque to callers; 0 names no vGPU
 *
 * Returned by nvkm_vgpu_create(), passed by value to the other calls.
 */
struct nvkm_vgpu_handle {
	u64 id;
};

/**
 * struct nvkm_vgpu_plane - a head's scanout surface, from nvkm_vgpu_query_plane()
 * @enabled: the head scans out; all fields but @generation are 0 otherwise
 * @drm_format: DRM fourcc of the pixels (only %DRM_FORMAT_XRGB8888 so far)
 * @fb_offset: first byte of the surface, an offset in the vGPU's
 *             framebuffer, 4 KiB aligned
 * @width: pixels per line, at most the type's @max_resolution_x
 * @height: lines, at most the type's @max_resolution_y
 * @stride: bytes from one line to the next, at least @width * 4; the
 *          surface is [@fb_offset, @fb_offset + @stride * @height), inside
 *          the vGPU's framebuffer
 * @generation: flips the firmware applied on this head; it changes (it may
 *              wrap) whenever the surface may have changed place or shape
 */
struct nvkm_vgpu_plane {
	bool enabled;
	u32 drm_format;
	u64 fb_offset;
	u32 width;
	u32 height;
	u32 stride;
	u32 generation;
};

struct nvkm_vgpu_client;

u32 nvkm_vgpu_mgr_api_version(void);

struct nvkm_vgpu_client *nvkm_vgpu_mgr_attach(struct pci_dev *vf_pdev, u32 api_version);
void nvkm_vgpu_mgr_detach(struct nvkm_vgpu_client *client);

int nvkm_vgpu_mgr_query(struct nvkm_vgpu_client *client, struct nvkm_vgpu_mgr_caps *caps);
int nvkm_vgpu_mgr_set_types(struct nvkm_vgpu_client *client,
			    const struct nvkm_vgpu_type *types, unsigned int count);

int nvkm_vgpu_create(struct nvkm_vgpu_client *client, struct pci_dev *vf_pdev,
		     const struct nvkm_vgpu_config *config, struct nvkm_vgpu_handle *handle);
int nvkm_vgpu_destroy(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu);
int nvkm_vgpu_reset(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu);

int nvkm_vgpu_msg(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
		  enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
		  void *reply, size_t reply_size);

int nvkm_vgpu_query_plane(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
			  u32 head, struct nvkm_vgpu_plane *plane);

int nvkm_vgpu_subscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu,
			unsigned long events, nvkm_vgpu_event_fn fn, void *priv);
void nvkm_vgpu_unsubscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle vgpu);

#endif
