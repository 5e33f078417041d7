/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim: internal state of the simulated GSP, shared by gsp.c, rm.c,
 * vgpu.c and fault.c. Not part of the host contract (see nvsim.h).
 */
#ifndef NVSIM_PRIV_H
#define NVSIM_PRIV_H

#include "nvsim.h"
#include "rm_defs.h"

#define NVSIM_MAX_VFS		64	/* bound on cfg->max_vfs */
#define NVSIM_MAX_OBJECTS	4096	/* RM objects over all clients */
#define NVSIM_MAX_REG_KEYS	64
#define NVSIM_MAX_PTES		16384	/* 64 MiB of shared queue memory */
#define NVSIM_MAX_RPC_ASSEMBLY	(1u << 20)	/* largest reassembled RPC */
#define NVSIM_MAX_OUT_BYTES	(8u << 20)	/* backlog of unsent messages */
#define NVSIM_MAX_FAULTS	16
/* most events one EVENT_STORM injection posts */
#define NVSIM_MAX_STORM		4096
#define NVSIM_RETRY_NS		100000ull	/* msgq full: retry after 100 us */
#define NVSIM_MAX_PENDING_DB	64	/* async: plugin doorbells awaiting service */

/*
 * assumption: FB layout reported in static info. RM keeps this much
 * below gspFwRsvdStart for its own allocations (it holds the BAR1/BAR2
 * page directories). Everything from there to the end of VRAM is the
 * reserved area; guest FB and plugin heaps must stay below it.
 */
#define NVSIM_RM_RSVD_SIZE	(8ull << 20)
/*
 * assumption: WPR heap sizing rule, consistent with both data points in
 * rm-vgpu-facts.md §4.3 (RFC: 256 MiB for 2 partitions; host RM: 549 MiB
 * for 32): gspFwHeapSize >= 64 MiB + partitions * 14 MiB.
 */
#define NVSIM_WPR_HEAP_MIN	(64ull << 20)
#define NVSIM_WPR_HEAP_PER_VF	(14ull << 20)
#define NVSIM_MAX_PARTITIONS	32	/* MAX_PARTITIONS_WITH_GFID ([facts §4.3]) */
/* assumption: plugin heap = mailbox regions + at least 1 MiB of plugin heap */
#define NVSIM_PLUGIN_HEAP_MIN	(NVSIM_PLUGIN_COMM_SIZE + (1ull << 20))
/* assumption: the guest RPC version this plugin negotiates */
#define NVSIM_PLUGIN_RPC_VERSION 0x00030000u

/* internal handles; nouveau's own clients are 0xc1d0xxxx (r535_gsp_client_ctor) */
#define NVSIM_H_INTERNAL_CLIENT		0xc1e00000u
#define NVSIM_H_INTERNAL_DEVICE		0xde1d0001u
#define NVSIM_H_INTERNAL_SUBDEVICE	0x5d1d0001u

struct nvsim_obj {
	bool used;
	uint32_t h_client;
	uint32_t handle;
	uint32_t h_parent;	/* == handle for a client */
	uint32_t cls;
	uint32_t notify[8];	/* subdevice: events enabled by SET_NOTIFICATION */
};

struct nvsim_reg_key {
	char name[64];
	uint32_t value;
};

enum nvsim_vf_info_state {
	NVSIM_VFI_NONE = 0,	/* no GSP_SET_SYSTEM_INFO yet */
	NVSIM_VFI_ZERO,		/* all-zero GSP_VF_INFO: accepted, vGPU refused */
	NVSIM_VFI_VALID,
	NVSIM_VFI_MISMATCH,	/* differs from the SR-IOV capability */
};

struct nvsim_vgpu {
	uint32_t state;			/* enum nvsim_plugin_state */
	struct nvsim_ctrl_bootload boot;	/* as given at bootload */
	uint64_t fb_total;
	uint64_t heap, heap_len;	/* plugin heap, VRAM offsets */
	uint64_t ctrl_off;		/* control buffer, VRAM offset */
	uint32_t last_seq;		/* last message_seq_num processed */
	bool bme;
	uint32_t encoder_capacity;
	struct nvsim_plugin_config config;
	uint32_t rpc_version;
	uint8_t frame_rate_limiter;	/* SET_PLUGIN_PARAMS; 1 at bootload */
};

struct nvsim_out {
	struct nvsim_out *next;
	bool event;		/* unsolicited: raise_irq when written */
	bool delayed;		/* RPC_DELAY: held until the timer fires */
	uint64_t hold_gen;	/* async: not written before work pass hold_gen */
	uint32_t delay_ms;
	uint32_t len;		/* rpc header + payload */
	uint8_t rpc[];		/* struct nvsim_rpc_hdr + payload */
};

struct nvsim_fault {
	enum nvsim_fault_kind kind;
	uint32_t match, arg, gfid;
};

struct nvsim_queue {
	uint64_t off;		/* offset in shared memory */
	uint32_t cnt;		/* msgCount */
	uint32_t entry_off;
	uint32_t rx_hdr_off;
};

struct nvsim_gsp {
	struct nvsim_config cfg;
	const struct nvsim_host_ops *ops;
	void *opaque;

	enum nvsim_gsp_state state;
	bool unloaded;
	bool booting;
	uint64_t libos_addr, wpr_meta_addr;
	struct nvsim_counters cnt;

	/* boot arguments */
	struct nvsim_gsp_args args;
	struct nvsim_wpr_meta meta;
	uint64_t *ptes;
	uint32_t pte_count;
	struct nvsim_queue cmdq, msgq;
	uint32_t cmdq_rptr;		/* GSP's read pointer (msgq rx header) */
	uint32_t cmdq_seq;		/* next expected seqNum */
	uint32_t msgq_wptr;
	uint32_t msgq_seq;

	/* FB layout derived from the WPR meta */
	uint64_t fb_usable_end;		/* end of the usable region in static info */
	uint64_t bar1_pdb, bar2_pdb;
	uint64_t bar_pde[2];		/* last UPDATE_BAR_PDE value per BAR */

	/* reassembly of CONTINUATION_RECORD pieces */
	uint8_t *asm_buf;
	uint32_t asm_len, asm_expected, asm_fn, asm_seq;

	/* outgoing messages not yet in the message queue */
	struct nvsim_out *out_head, *out_tail;
	uint64_t out_bytes;
	bool timer_armed;
	bool timer_for_delay;

	/* RM */
	struct nvsim_obj *objs;
	uint32_t nr_objs;
	bool got_system_info, got_registry;
	struct nvsim_system_info sysinfo;
	enum nvsim_vf_info_state vfi_state;
	struct nvsim_reg_key reg[NVSIM_MAX_REG_KEYS];
	uint32_t nr_reg;

	/* vGPU */
	struct nvsim_vgpu_type_info *types;	/* NVSIM_MAX_VGPU_TYPES */
	uint32_t nr_types;
	struct nvsim_vgpu vgpu[NVSIM_MAX_VFS + 1];	/* index = gfid */

	struct nvsim_fault faults[NVSIM_MAX_FAULTS];
	uint32_t nr_faults;

	/* asynchronous mode (nvsim_gsp_set_async) */
	uint64_t async_ns;		/* 0 = synchronous */
	uint64_t seed, prng;
	uint64_t work_gen;		/* work passes run since start */
	bool work_armed;
	bool cmdq_pending;		/* doorbell rung, queue not walked yet */
	uint32_t db_vals[NVSIM_MAX_PENDING_DB];	/* plugin doorbells not served yet */
	uint32_t db_head, db_count;

	/* test-only: announce mailbox replies (nvsim_gsp_set_mailbox_notify) */
	bool mbox_notify;
};

/* A decoded, reassembled RPC from the command queue. */
struct nvsim_req {
	uint32_t function;
	uint32_t sequence;
	uint8_t *payload;
	uint32_t len;
	/* fault injection decided for this request (fault.c) */
	bool drop;
	uint32_t delay_ms;
};

/* gsp.c */
void nvsim_log(struct nvsim_gsp *gsp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void nvsim_reject(struct nvsim_gsp *gsp, const char *what, uint32_t gfid,
		  uint32_t status, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void nvsim_halt(struct nvsim_gsp *gsp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void nvsim_reply(struct nvsim_gsp *gsp, const struct nvsim_req *req,
		 uint32_t rpc_result, const void *payload, uint32_t len);
void nvsim_post_event(struct nvsim_gsp *gsp, uint32_t fn, const void *payload,
		      uint32_t len);
void nvsim_flush(struct nvsim_gsp *gsp);
int nvsim_vram_read(struct nvsim_gsp *gsp, uint64_t addr, void *buf, uint64_t len);
int nvsim_vram_write(struct nvsim_gsp *gsp, uint64_t addr, const void *buf, uint64_t len);

/* async mode: arm the work timer (no-op when synchronous or armed) */
void nvsim_work_schedule(struct nvsim_gsp *gsp);

/* rm.c */
void nvsim_rm_reset(struct nvsim_gsp *gsp);
int nvsim_rm_boot(struct nvsim_gsp *gsp);
void nvsim_rm_dispatch(struct nvsim_gsp *gsp, struct nvsim_req *req);
struct nvsim_obj *nvsim_obj_find(struct nvsim_gsp *gsp, uint32_t h_client,
				 uint32_t handle);
uint32_t nvsim_reg_get(struct nvsim_gsp *gsp, const char *name, uint32_t def);

/* vgpu.c: controls return an NV status and may edit params in place */
void nvsim_vgpu_reset(struct nvsim_gsp *gsp);
uint32_t nvsim_vgpu_ctrl(struct nvsim_gsp *gsp, uint32_t cmd, void *params,
			 uint32_t size);
bool nvsim_vgpu_ctrl_known(uint32_t cmd, uint32_t *size);
void nvsim_vgpu_doorbell(struct nvsim_gsp *gsp, uint32_t value);	/* serve one */
uint32_t nvsim_vgpu_live_count(struct nvsim_gsp *gsp);

/* fault.c */
void nvsim_fault_reset(struct nvsim_gsp *gsp);
/* Consume the oldest armed fault of kind that matches fn (RPC function
 * or plugin message type), cmd (control ID) and gfid (0 = any); with
 * exact, a fault armed with match 0 does not apply. */
bool nvsim_fault_take(struct nvsim_gsp *gsp, enum nvsim_fault_kind kind,
		      uint32_t fn, uint32_t cmd, uint32_t gfid, bool exact,
		      struct nvsim_fault *f);

static inline uint64_t nvsim_align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) / a * a;
}

static inline bool nvsim_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

#endif /* NVSIM_PRIV_H */
