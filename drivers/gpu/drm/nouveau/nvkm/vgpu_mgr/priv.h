/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#ifndef __NVKM_VGPU_MGR_PRIV_H__
#define __NVKM_VGPU_MGR_PRIV_H__
#include <vgpu_mgr/vgpu_mgr.h>

#include <drm/nvkm_vgpu_mgr_vfio.h>

#include <linux/device.h>
#include <linux/kfifo.h>
#include <linux/kref.h>
#include <linux/log2.h>
#include <linux/list.h>
#include <linux/minmax.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

struct GSP_VF_INFO;
struct nvkm_vgpu;

/* pool.c: first-fit allocator of contiguous ranges */
struct nvkm_vgpu_pool {
	u64 base;
	u64 size;
	u64 unit;
	u64 used;
	struct list_head ranges;
};

int nvkm_vgpu_pool_init(struct nvkm_vgpu_pool *pool, u64 base, u64 size, u64 unit);
void nvkm_vgpu_pool_fini(struct nvkm_vgpu_pool *pool);
int nvkm_vgpu_pool_alloc(struct nvkm_vgpu_pool *pool, u64 size, u64 align, u64 *pstart);
int nvkm_vgpu_pool_free(struct nvkm_vgpu_pool *pool, u64 start, u64 size);
u64 nvkm_vgpu_pool_avail(const struct nvkm_vgpu_pool *pool);
u64 nvkm_vgpu_pool_largest(const struct nvkm_vgpu_pool *pool, u64 align);
bool nvkm_vgpu_pool_is_free(const struct nvkm_vgpu_pool *pool, u64 start, u64 size);
int nvkm_vgpu_pool_alloc_at(struct nvkm_vgpu_pool *pool, u64 start, u64 size);

/* boot.c: what GSP-RM is told at boot when vGPU is enabled */
struct nvkm_vgpu_sriov {
	u32 total_vfs;
	u32 vf_offset;		/* routing ID of VF 0 minus the PF's */
	struct {
		u64 addr;	/* bus address of the BAR of VF 0 */
		bool is_64bit;
	} bar[3];		/* VF BAR0, BAR1 (with 2), BAR3 (with 4) */
};

u32 nvkm_vgpu_mgr_partitions(u32 total_vfs);
u64 nvkm_vgpu_mgr_heap_size(u64 heap_size, u32 partitions);
int nvkm_vgpu_mgr_vf_info_fill(const struct nvkm_vgpu_sriov *sriov, struct GSP_VF_INFO *info);

/* encode.c: firmware-agnostic type descriptors to RM's */
struct nva081_ctrl_vgpu_info;
void nvkm_vgpu_type_encode(const struct nvkm_vgpu_type *type,
			   struct nva081_ctrl_vgpu_info *info);

/* core.c: the manager, independent of how the firmware is driven */
struct nvkm_vgpu_mgr_fw {
	/* load the type table into the firmware */
	int (*set_types)(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types,
			 unsigned int count);
	/* start a vGPU whose resources are allocated; undo everything on error */
	int (*start)(struct nvkm_vgpu *vgpu);
	/* stop a started vGPU and release the firmware's resources */
	int (*stop)(struct nvkm_vgpu *vgpu);
	int (*reset)(struct nvkm_vgpu *vgpu);
	/*
	 * zero [addr, addr + size) of the framebuffer before it gets a new
	 * owner; mandatory, a vGPU is not created without it
	 */
	int (*scrub)(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size);
	int (*msg)(struct nvkm_vgpu *vgpu, enum nvkm_vgpu_msg msg,
		   const void *req, size_t req_size, void *reply, size_t reply_size);
	/* what the plugin reports (fb_used, channels_used); optional */
	int (*status)(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_status *status);
	/*
	 * the firmware's report of what head scans out, unchecked (the core
	 * checks it); optional
	 */
	int (*query_plane)(struct nvkm_vgpu *vgpu, u32 head, struct nvkm_vgpu_plane *plane);
};

struct nvkm_vgpu_mgr {
	/*
	 * NVKM_SUBDEV_VGPU of the PF's nvkm device (vgpu_mgr.c): nvkm
	 * sequences it after GSP-RM's bring-up and before its teardown, and
	 * its messages are nvkm's ("vgpu:", levels by nouveau.debug=vgpu=).
	 * KUnit tests give it a stand-in device that only carries messages.
	 */
	struct nvkm_subdev subdev;
	struct nvkm_device *device;	/* the GPU; NULL in KUnit tests */
	struct pci_dev *pdev;		/* the PF, NULL without a GPU */
	struct nvkm_vgpu_sriov sriov;
	const struct nvkm_vgpu_mgr_fw *fw;
	void *fw_priv;

	u32 total_vfs;
	u32 max_vgpus;			/* VF partitions GSP was booted with */

	/*
	 * Protects the PF-wide state below (except what is marked as
	 * protected by ev_lock) and the state and list membership of every
	 * vGPU. Held across no firmware call of a vGPU (start, stop, reset,
	 * messages, scrubbing: those take the vGPU's fw_mutex); only the type
	 * table upload, which is PF-wide, calls the firmware under it.
	 */
	struct mutex mutex;
	bool ready;			/* pools set up, firmware usable */
	bool sriov_changing;		/* VFs being disabled: no new vGPUs */
	u32 num_vfs;			/* VFs enabled */
	struct nvkm_vgpu_pool fb;
	u64 fb_align;
	struct nvkm_vgpu_pool chid;
	struct nvkm_vgpu_type *types;
	unsigned int num_types;
	struct list_head clients;
	unsigned int num_vgpus;
	u64 last_handle;		/* the last vGPU or reservation handle */
	struct list_head resvs;		/* reservations of all clients (placement.c) */

	/*
	 * Routing of firmware events, which arrive from GSP message processing
	 * and must not wait for the mutex: ev_lock protects vgpu[] and the
	 * event state of each vGPU.
	 */
	spinlock_t ev_lock;
	struct nvkm_vgpu **vgpu;	/* by VF index, max_vgpus entries */
	struct workqueue_struct *wq;	/* event delivery */
};

struct nvkm_vgpu_client {
	struct nvkm_vgpu_mgr *mgr;
	struct list_head head;		/* mgr->clients */
	struct list_head vgpus;		/* its live vGPUs, under mgr->mutex */
};

/*
 * Life cycle of a vGPU, changed under mgr->mutex. A vGPU is on its client's
 * list, and so reachable through the API, only while it is LIVE.
 */
enum nvkm_vgpu_state {
	NVKM_VGPU_CREATING,		/* resources reserved, firmware starting */
	NVKM_VGPU_LIVE,			/* started: reset, messages, events */
	NVKM_VGPU_DESTROYING,		/* handle gone, firmware being stopped */
};

/*
 * Bits of nvkm_vgpu.flags, atomic (set from event routing too):
 *
 * NVKM_VGPU_DEAD: the firmware side of the vGPU is unusable, because its
 *	plugin crashed or stopped answering (it may still read the mailbox
 *	buffers). No more resets or messages are sent; only destroy leaves
 *	this state.
 * NVKM_VGPU_FW_UNKNOWN: the firmware may still own the vGPU's framebuffer
 *	and channels, because it did not confirm that it let go of them
 *	(shutting down or cleaning up the plugin failed, or a bootload got no
 *	answer). They stay reserved, out of the pools, for as long as the
 *	manager lives: the one policy for "firmware state unknown".
 */
enum {
	NVKM_VGPU_DEAD,
	NVKM_VGPU_FW_UNKNOWN,
};

#define NVKM_VGPU_EVENT_FIFO 16

struct nvkm_vgpu {
	struct nvkm_vgpu_mgr *mgr;
	struct nvkm_vgpu_client *client;
	struct list_head head;		/* client->vgpus, under mgr->mutex */
	struct kref kref;		/* the manager's, and lookups' */
	enum nvkm_vgpu_state state;	/* under mgr->mutex */
	unsigned long flags;		/* NVKM_VGPU_DEAD, ...; atomic */
	u64 handle;			/* its nvkm_vgpu_handle.id, never reused */
	/*
	 * Serialises the firmware calls on this vGPU (scrub and start, reset,
	 * messages, stop) and protects fw_priv. Taken without mgr->mutex
	 * held, and mgr->mutex is not taken under it: a firmware wait of one
	 * vGPU stalls no other vGPU and no PF-wide call.
	 */
	struct mutex fw_mutex;

	u32 vf;				/* VF index */
	u32 gfid;			/* GPU function ID: VF index + 1 */
	u32 dbdf;			/* PCI domain:bus:dev.fn of the VF */
	struct nvkm_vgpu_type type;
	struct nvkm_vgpu_config config;

	struct {
		u64 addr;
		u64 size;
	} fb, heap;			/* guest framebuffer, management heap */
	struct nvkm_vgpu_resv *resv;	/* the reservation it lives on, or NULL */
	struct nvkm_vgpu_params params;	/* for the plugin, set before start */
	u64 live_since;			/* ktime_get_ns() when it became live */
	atomic_t resets;		/* resets since creation */
	struct {
		u32 offset;
		u32 count;
	} chid;

	void *fw_priv;			/* the firmware backend's state */

	/* events, protected by mgr->ev_lock */
	wait_queue_head_t wait;		/* woken on every event */
	unsigned long plugin_seen;	/* BIT(enum nvkm_vgpu_plugin_state) */
	DECLARE_KFIFO(events, struct nvkm_vgpu_event_info, NVKM_VGPU_EVENT_FIFO);
	u32 events_lost;
	struct work_struct event_work;

	/* the subscriber, protected by event_mutex */
	struct mutex event_mutex;
	nvkm_vgpu_event_fn event_fn;
	void *event_priv;
	unsigned long event_mask;
};

/*
 * placement.c: a reservation of a placement and channel IDs on one VF
 * (include/drm/nvkm_vgpu_mgr_vfio.h, "placements and reservations"), all
 * fields under mgr->mutex. The ranges are taken from the pools for as long
 * as the reservation lives; a vGPU created on it uses them and leaves them
 * to the reservation when it is destroyed.
 */
struct nvkm_vgpu_resv {
	struct list_head head;		/* mgr->resvs */
	struct nvkm_vgpu_client *client;
	u64 handle;			/* nvkm_vgpu_reservation.id, never reused */
	u32 vf;
	u32 dbdf;
	u32 type_id;
	u32 placement;			/* first unit */
	u32 units;
	u64 addr;			/* the placement's framebuffer */
	u64 size;
	u32 chid_offset;
	u32 chid_count;
	struct nvkm_vgpu *vgpu;		/* the vGPU on it, CREATING or LIVE */
	bool fw_unknown;		/* a vGPU's firmware may still use it */
};

struct nvkm_vgpu_geometry {
	u64 unit_size;
	u32 num_units;
};

int nvkm_vgpu_mgr_geometry(struct nvkm_vgpu_mgr *mgr, struct nvkm_vgpu_geometry *geo);
u32 nvkm_vgpu_type_units(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_geometry *geo,
			 const struct nvkm_vgpu_type *type);
u64 nvkm_vgpu_type_footprint_fb(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *type);
unsigned int nvkm_vgpu_resv_instances(struct nvkm_vgpu_mgr *mgr, u32 type_id);
struct nvkm_vgpu_resv *nvkm_vgpu_resv_find(struct nvkm_vgpu_client *client,
					   struct nvkm_vgpu_reservation resv);
void nvkm_vgpu_resv_detach(struct nvkm_vgpu_client *client);
int nvkm_vgpu_core_placements(struct nvkm_vgpu_client *client, u32 type_id, u32 num_channels,
			      struct nvkm_vgpu_placements *pl);
int nvkm_vgpu_core_reserve(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
			   const struct nvkm_vgpu_reserve_req *req,
			   struct nvkm_vgpu_reservation *resv);
int nvkm_vgpu_core_resv_move(struct nvkm_vgpu_client *client,
			     struct nvkm_vgpu_reservation *resv, u32 placement);
int nvkm_vgpu_core_unreserve(struct nvkm_vgpu_client *client, struct nvkm_vgpu_reservation resv);
struct nvkm_vgpu *nvkm_vgpu_core_create_reserved(struct nvkm_vgpu_client *client,
						 struct nvkm_vgpu_reservation resv,
						 const struct nvkm_vgpu_config *config,
						 const struct nvkm_vgpu_params *params);
int nvkm_vgpu_core_status(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
			  struct nvkm_vgpu_status *status);

int nvkm_vgpu_mgr_ctor(struct nvkm_vgpu_mgr *mgr, u32 total_vfs, u32 max_vgpus);
void nvkm_vgpu_mgr_dtor(struct nvkm_vgpu_mgr *mgr);
int nvkm_vgpu_mgr_setup(struct nvkm_vgpu_mgr *mgr, u64 fb_base, u64 fb_size, u64 fb_align,
			u32 chid_base, u32 chid_count);
void nvkm_vgpu_mgr_teardown(struct nvkm_vgpu_mgr *mgr);
int nvkm_vgpu_mgr_sriov_begin(struct nvkm_vgpu_mgr *mgr, int num_vfs);
void nvkm_vgpu_mgr_sriov_end(struct nvkm_vgpu_mgr *mgr, int num_vfs);

struct nvkm_vgpu_client *nvkm_vgpu_core_attach(struct nvkm_vgpu_mgr *mgr, u32 api_version);
void nvkm_vgpu_core_detach(struct nvkm_vgpu_client *client);
int nvkm_vgpu_core_query(struct nvkm_vgpu_client *client, struct nvkm_vgpu_mgr_caps *caps);
int nvkm_vgpu_core_set_types(struct nvkm_vgpu_client *client,
			     const struct nvkm_vgpu_type *types, unsigned int count);
struct nvkm_vgpu *nvkm_vgpu_core_create(struct nvkm_vgpu_client *client, u32 vf, u32 dbdf,
					const struct nvkm_vgpu_config *config);
int nvkm_vgpu_core_destroy(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle);
int nvkm_vgpu_test_bar1_fill(struct nvkm_vgpu_client *client, u64 size, u64 chunk,
			     u64 *before, u64 *after);
int nvkm_vgpu_core_reset(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle);
int nvkm_vgpu_core_msg(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
		       enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
		       void *reply, size_t reply_size);
int nvkm_vgpu_core_query_plane(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
			       u32 head, struct nvkm_vgpu_plane *plane);
int nvkm_vgpu_plane_check(const struct nvkm_vgpu *vgpu, const struct nvkm_vgpu_plane *plane);
int nvkm_vgpu_core_subscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle,
			     unsigned long events, nvkm_vgpu_event_fn fn, void *priv);
void nvkm_vgpu_core_unsubscribe(struct nvkm_vgpu_client *client, struct nvkm_vgpu_handle handle);

static inline struct nvkm_vgpu_handle
nvkm_vgpu_handle(const struct nvkm_vgpu *vgpu)
{
	return (struct nvkm_vgpu_handle){ .id = vgpu->handle };
}

int nvkm_vgpu_type_check(const struct nvkm_vgpu_type *type);
void nvkm_vgpu_mark_dead(struct nvkm_vgpu *vgpu, const char *why);

static inline bool
nvkm_vgpu_dead(const struct nvkm_vgpu *vgpu)
{
	return test_bit(NVKM_VGPU_DEAD, &vgpu->flags);
}

/* mailbox.c: the host <-> plugin mailbox in a vGPU's management heap */
/* Framebuffer mapped through BAR1 for the CPU. */
struct nvkm_vgpu_bar1_map {
	struct nvkm_memory *mem;
	struct nvkm_vma *vma;
	void __iomem *io;
};

int nvkm_vgpu_bar1_map(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size, bool wc,
		       struct nvkm_vgpu_bar1_map *map);
void nvkm_vgpu_bar1_unmap(struct nvkm_vgpu_mgr *mgr, struct nvkm_vgpu_bar1_map *map);
int nvkm_vgpu_bar1_fill(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size, u64 chunk);

struct nvkm_vgpu_mbox {
	struct nvkm_vgpu_bar1_map map;
	u32 seq;
	/* bytes of the message buffer that may be non-zero (see mbox_call) */
	size_t msg_dirty;
};

int nvkm_vgpu_mbox_map(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox);
void nvkm_vgpu_mbox_unmap(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox);
void nvkm_vgpu_mbox_heap(struct nvkm_vgpu *vgpu, u64 *ctrl, u64 *init_log, u64 *init_log_size,
			 u64 *vgpu_log, u64 *vgpu_log_size);
int nvkm_vgpu_mbox_boot(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox, u32 instance);
int nvkm_vgpu_mbox_msg(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox,
		       enum nvkm_vgpu_msg msg, const void *req, size_t req_size,
		       void *reply, size_t reply_size);
int nvkm_vgpu_mbox_reset(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox);
int nvkm_vgpu_mbox_status(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox,
			  struct nvkm_vgpu_status *status);
int nvkm_vgpu_mbox_plane(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_mbox *mbox, u32 head,
			 struct nvkm_vgpu_plane *plane);

/* r535.c: the vGPU manager on GSP-RM 535 */
extern const struct nvkm_vgpu_mgr_fw nvkm_vgpu_mgr_r535;
int nvkm_vgpu_mgr_r535_init(struct nvkm_vgpu_mgr *mgr);
void nvkm_vgpu_mgr_r535_fini(struct nvkm_vgpu_mgr *mgr);

/* event routing, callable from GSP message processing (may not sleep long) */
bool nvkm_vgpu_mgr_event_gfid(struct nvkm_vgpu_mgr *mgr, u32 gfid,
			      const struct nvkm_vgpu_event_info *info);
bool nvkm_vgpu_mgr_event_chid(struct nvkm_vgpu_mgr *mgr, u32 chid,
			      const struct nvkm_vgpu_event_info *info);

/* messages: nvkm's, of the manager's subdev */
#define vgpu_mgr_err(m, f, a...) nvkm_error(&(m)->subdev, f, ##a)
#define vgpu_mgr_err_ratelimited(m, f, a...) nvkm_error_ratelimited(&(m)->subdev, f, ##a)
#define vgpu_mgr_warn(m, f, a...) nvkm_warn(&(m)->subdev, f, ##a)
#define vgpu_mgr_info(m, f, a...) nvkm_info(&(m)->subdev, f, ##a)
#define vgpu_mgr_dbg(m, f, a...) nvkm_debug(&(m)->subdev, f, ##a)
#endif
