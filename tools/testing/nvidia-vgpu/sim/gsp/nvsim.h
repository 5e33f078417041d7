/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim: the simulated GSP of the nvidia-vgpu-sim device.
 *
 * This is the boundary between the GSP model core (sim/gsp/, plain C11,
 * no QEMU headers, so that host-side tests can link it) and its host:
 * the QEMU device model (sim/qemu/) or a test harness (sim/tests/).
 *
 * The host owns the PCI function, BARs, VRAM backing, interrupts and
 * timers. The core owns everything GSP-RM does: the r535 message queues,
 * RPC decoding, the RM object model, vGPU state per GFID and the per-VF
 * plugin that serves the host mailbox in the management heap.
 *
 * All calls into the core happen from one thread (QEMU's BQL); the core
 * calls back into the host synchronously.
 */
#ifndef NVSIM_H
#define NVSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- PCI / register contract shared with the nvkm simulated chipset ---- */

#define NVSIM_PCI_VENDOR_ID	0x10de
#define NVSIM_PCI_PF_DEVICE_ID	0x7e50	/* reserved for the simulator */
#define NVSIM_PCI_VF_DEVICE_ID	0x7e51
#define NVSIM_CHIPSET		0x19f	/* BOOT_0[28:20]; no real GPU uses it */
#define NVSIM_BOOT0		((NVSIM_CHIPSET << 20) | 0xa1)

/* Simulator-private register window in PF BAR0 (no real GPU has it). */
#define NVSIM_REG_BASE		0x00fe0000
#define NVSIM_REG_MAGIC		(NVSIM_REG_BASE + 0x000)  /* RO 'NVSM' */
#define NVSIM_REG_VERSION	(NVSIM_REG_BASE + 0x004)  /* RO */
#define NVSIM_REG_GSP_START	(NVSIM_REG_BASE + 0x010)  /* WO: 1 = start GSP */
#define NVSIM_REG_GSP_STATUS	(NVSIM_REG_BASE + 0x014)  /* RO: enum nvsim_gsp_state */
/* WPR meta address (what booter gets in mailbox 0/1 on real hardware). */
#define NVSIM_REG_WPR_META_LO	(NVSIM_REG_BASE + 0x018)  /* RW */
#define NVSIM_REG_WPR_META_HI	(NVSIM_REG_BASE + 0x01c)  /* RW */
/*
 * Framebuffer scrubber (simulator-only): zero-fills [ADDR, ADDR + SIZE) of
 * VRAM when 1 is written to GO, synchronously. It stands in for the copy
 * engine channel a driver would scrub with on real hardware (the
 * simulated chip has no engines). ADDR and SIZE must be 4 KiB aligned and
 * inside VRAM, and the range must not overlap the framebuffer of a live
 * vGPU (a driver scrubbing a tenant's memory under it is a bug); anything
 * else sets STATUS to ERROR and touches nothing.
 */
#define NVSIM_REG_SCRUB_ADDR_LO	(NVSIM_REG_BASE + 0x020)  /* RW */
#define NVSIM_REG_SCRUB_ADDR_HI	(NVSIM_REG_BASE + 0x024)  /* RW */
#define NVSIM_REG_SCRUB_SIZE_LO	(NVSIM_REG_BASE + 0x028)  /* RW */
#define NVSIM_REG_SCRUB_SIZE_HI	(NVSIM_REG_BASE + 0x02c)  /* RW */
#define NVSIM_REG_SCRUB_GO	(NVSIM_REG_BASE + 0x030)  /* WO: 1 = scrub */
#define NVSIM_REG_SCRUB_STATUS	(NVSIM_REG_BASE + 0x034)  /* RO */
#define NVSIM_SCRUB_STATUS_DONE		1
#define NVSIM_SCRUB_STATUS_ERROR	2
#define NVSIM_MAGIC		0x4d53564e		  /* "NVSM" */
#define NVSIM_VERSION		1

/* ---- host interface ---- */

struct nvsim_sriov_state {
	uint16_t pf_bdf;		/* bus << 8 | devfn of the PF */
	uint32_t total_vfs;
	uint32_t num_vfs;		/* NumVFs as currently programmed */
	bool vf_enable;			/* VF Enable bit in the SR-IOV control */
	uint32_t first_vf_offset;
	uint32_t vf_stride;
	uint64_t vf_bar_addr[3];	/* VF BAR0, BAR1 (64-bit), BAR3 (64-bit) */
	uint64_t vf_bar_size[3];
	bool vf_bar_64bit[3];
};

/* A head's live surface as the VF's display engine has it. */
struct nvsim_vf_plane {
	bool enabled;
	uint64_t offset;		/* in the vGPU's FB */
	uint32_t format;		/* DRM fourcc */
	uint32_t width, height, stride;
	uint32_t flips;			/* flips applied (HEAD_FLIPS) */
};

struct nvsim_host_ops {
	/* DMA as the PF through the (v)IOMMU; return 0, or -1 on a fault. */
	int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
	int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
	/* GSP -> CPU interrupt (falcon IRQSTAT bit 6, routed as the PF does). */
	void (*raise_irq)(void *opaque);
	/* Current SR-IOV capability state of the PF. */
	void (*sriov_state)(void *opaque, struct nvsim_sriov_state *st);
	/* Arm a one-shot timer; the host then calls nvsim_gsp_timer(). */
	void (*arm_timer)(void *opaque, uint64_t delay_ns);
	/* One log line, without trailing newline. */
	void (*log)(void *opaque, const char *line);
	/* appended: arm a one-shot work timer (asynchronous mode, see
	 * nvsim_gsp_set_async); the host then calls nvsim_gsp_work() from
	 * its own timer or bottom half, never from inside a register
	 * access. A later call may move an armed timer. Optional. */
	void (*arm_work)(void *opaque, uint64_t delay_ns);
	/* appended: channels the guest of a GFID has allocated on the VF's
	 * execution model (GET_GUEST_INFO). Optional: 0 without it. */
	uint32_t (*vf_channels_used)(void *opaque, uint32_t gfid);
	/* appended: the live scanout surface of head of the VF on gfid
	 * (its display engine, sim/gsp/disp.c), for the plugin's
	 * NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE. Return false if there is no
	 * such VF or head. Optional: without it the message is refused. */
	bool (*vf_plane)(void *opaque, uint32_t gfid, uint32_t head,
			 struct nvsim_vf_plane *plane);
	/* appended: one timeline event (NVSIM_TRACE_*) for the benchmark's
	 * breakdown (make bench); the host stamps it with its clock.
	 * Optional. */
	void (*trace)(void *opaque, char kind, uint32_t gfid, uint32_t fn,
		      uint32_t arg);
};

/* Timeline event kinds (nvsim_host_ops.trace); the host adds its own. */
#define NVSIM_TRACE_RPC		'R'	/* RPC dispatched: fn, arg = control cmd */
#define NVSIM_TRACE_MSG		'M'	/* message written to the msgq: fn, arg = event */
#define NVSIM_TRACE_DOORBELL	'D'	/* plugin doorbell: gfid, arg = value */
#define NVSIM_TRACE_PLUGIN_REPLY 'P'	/* mailbox response written: gfid, fn =
					 * message type, arg = sequence number */

struct nvsim_config {
	uint8_t *vram;			/* host backing of VRAM */
	uint64_t vram_size;
	uint64_t pf_bar_addr[3];	/* PF BAR0, BAR1, BAR3 bus addresses */
	uint64_t pf_bar_size[3];
	uint64_t vmmu_segment_size;	/* e.g. 32 MiB */
	uint32_t max_vfs;		/* SR-IOV TotalVFs */
	uint32_t num_chids;		/* channel IDs of the GPU (e.g. 2048) */
};

enum nvsim_gsp_state {
	NVSIM_GSP_OFF = 0,
	NVSIM_GSP_RUNNING = 1,		/* INIT_DONE posted */
	NVSIM_GSP_HALTED = 2,		/* fatal protocol error, see log */
};

struct nvsim_gsp;

/* Stall vector GSP reports for itself in INTERNAL_INTR_GET_KERNEL_TABLE
 * (engineIdx MC_ENGINE_IDX_GSP): the device raises raise_irq() on this
 * leaf/bit of the PF's VFN interrupt tree (leaf = vector / 32,
 * bit = vector % 32). Simulator choice; no real GPU is implied. */
#define NVSIM_GSP_INTR_VECTOR	26

struct nvsim_gsp *nvsim_gsp_new(const struct nvsim_config *cfg,
				const struct nvsim_host_ops *ops, void *opaque);
void nvsim_gsp_free(struct nvsim_gsp *gsp);
/* Device reset (PF FLR or system reset): drops all state. */
void nvsim_gsp_reset(struct nvsim_gsp *gsp);

/* ---- register-level entry points (PF BAR0 writes) ---- */

/* Falcon 0x040/0x044: libos argument array address, written before start. */
void nvsim_gsp_set_libos_addr(struct nvsim_gsp *gsp, uint64_t addr);
/* NVSIM_REG_WPR_META_LO/HI: GspFwWprMeta address, written before start. */
void nvsim_gsp_set_wpr_meta_addr(struct nvsim_gsp *gsp, uint64_t addr);
/* NVSIM_REG_GSP_START: read the boot arguments, process the queued
 * RPCs, post GSP_INIT_DONE. */
void nvsim_gsp_start(struct nvsim_gsp *gsp);
enum nvsim_gsp_state nvsim_gsp_state(struct nvsim_gsp *gsp);
/* Falcon 0xc00 (command queue head): process the command queue. */
void nvsim_gsp_cmdq_doorbell(struct nvsim_gsp *gsp);
/* PF BAR0 0xb82200 (VF "priv doorbell" seen from the PF). */
void nvsim_gsp_doorbell(struct nvsim_gsp *gsp, uint32_t value);
/* A timer armed through arm_timer fired. */
void nvsim_gsp_timer(struct nvsim_gsp *gsp);

/* BAR1/BAR2 page-directory bases GSP owns (given in static info). */
uint64_t nvsim_gsp_bar_pdb(struct nvsim_gsp *gsp, int bar /* 1 or 2 */);

/* ---- VF side ---- */

struct nvsim_vgpu_info {
	bool live;			/* bootloaded and not shut down */
	uint32_t gfid;
	uint32_t type_id;
	char type_name[32];
	uint64_t fb_addr, fb_size;	/* the guest FB range given at bootload */
	uint32_t chid_offset, num_chids;
	uint32_t plugin_state;		/* enum nvsim_plugin_state */
	/* appended: channel range of the copy engine (COPY0's chidOffset
	 * if the bootload gave one, else GR0's; numChannels either way) */
	uint32_t ce_chid_offset;
	/* appended: length of the first FB segment (fb_addr); the only one
	 * the VF's copy engine addresses (nvkm bootloads one segment) */
	uint64_t fb_first_len;
	/* appended: display limits of the vGPU's type (PGPU_ADD_VGPU_TYPE
	 * numHeads, maxResolutionX/Y); 0 if the type left the table */
	uint32_t num_heads, max_res_x, max_res_y;
};

/* Per-GFID plugin state (nvsim_vgpu_info.plugin_state). */
enum nvsim_plugin_state {
	NVSIM_PLUGIN_NONE = 0,		/* no vGPU on this GFID */
	NVSIM_PLUGIN_BOOTLOADED = 1,	/* boot magic written, waiting for negotiation */
	NVSIM_PLUGIN_NEGOTIATED = 2,	/* VERSION_NEGOTIATION done */
	NVSIM_PLUGIN_CONFIGURED = 3,	/* SETUP_CONFIG_PARAMS_AND_INIT done, BME off */
	NVSIM_PLUGIN_RUNNING = 4,	/* UPDATE_BME_STATE{enable=1} done */
	NVSIM_PLUGIN_SHUTDOWN = 5,	/* shut down, resources held until cleanup */
	NVSIM_PLUGIN_CRASHED = 6,	/* crashed (fault injection): answers nothing,
					 * resources held until shutdown + cleanup */
};

/* State of the vGPU on GFID gfid (VF index + 1); false if out of range. */
bool nvsim_gsp_vgpu_info(struct nvsim_gsp *gsp, uint32_t gfid,
			 struct nvsim_vgpu_info *info);
/* Plugin parameters the host gave a GFID's plugin, for tests (QOM). */
struct nvsim_plugin_params_info {
	bool configured;		/* SETUP_CONFIG_PARAMS_AND_INIT done */
	uint8_t enable_console_vnc;	/* as SETUP_CONFIG gave them */
	uint8_t enable_uvm;
	uint8_t frame_rate_limiter;	/* 1 unless SET_PLUGIN_PARAMS said 0 */
};
bool nvsim_gsp_plugin_params(struct nvsim_gsp *gsp, uint32_t gfid,
			     struct nvsim_plugin_params_info *info);
/* VF FLR: resets what the guest changed, keeps the vGPU. */
void nvsim_gsp_vf_flr(struct nvsim_gsp *gsp, uint32_t gfid);

/* ---- fault injection and counters (QOM properties / QMP) ---- */

enum nvsim_fault_kind {
	NVSIM_FAULT_NONE = 0,
	NVSIM_FAULT_RPC_STATUS,		/* next RPC/control fails with arg */
	NVSIM_FAULT_RPC_DELAY,		/* next reply is delayed by arg ms */
	NVSIM_FAULT_RPC_DROP,		/* next reply is never sent */
	NVSIM_FAULT_PLUGIN_DROP,	/* next plugin mailbox reply is dropped */
	NVSIM_FAULT_EVENT_RC,		/* post an RC event for gfid now */
	NVSIM_FAULT_EVENT_MMU,		/* post an MMU fault for gfid now */
	NVSIM_FAULT_PLUGIN_CRASH,	/* gfid's plugin crashes now (CRASHED event) */
	NVSIM_FAULT_GSP_HALT,		/* the GSP halts now */
	NVSIM_FAULT_EVENT_STORM,	/* post arg RC events for gfid now */
	/* appended: the next SIM_DISPLAY_PLANE reply for gfid (0 = any)
	 * reports a surface past the end of the vGPU's FB */
	NVSIM_FAULT_PLANE_BAD,
};

/* match: control ID or RPC function to arm on (0 = next of any). */
int nvsim_gsp_inject(struct nvsim_gsp *gsp, enum nvsim_fault_kind kind,
		     uint32_t match, uint32_t arg, uint32_t gfid);

struct nvsim_counters {
	uint64_t rpcs;			/* RPCs served (excluding continuations) */
	uint64_t rpc_errors;		/* RPCs answered with a non-OK status */
	uint64_t bootloads, shutdowns, cleanups;
	uint64_t bootload_rejects;
	uint64_t plugin_msgs, plugin_errors;
	uint64_t protocol_errors;	/* bad checksum, sequence, size, ... */
	uint64_t events;		/* unsolicited messages posted */
	/* appended: nvsim_gsp_vf_channel_error() calls reported */
	uint64_t channel_errors;
	uint64_t mmu_faults;		/* of which MMU faults */
	/* appended: async GSP, RPCs that generated events: their events
	 * went before / after the reply (nvsim_gsp_set_async) */
	uint64_t events_first, reply_first;
	/* appended: RESET messages a plugin accepted (the host's vGPU resets) */
	uint64_t plugin_resets;
};

void nvsim_gsp_counters(struct nvsim_gsp *gsp, struct nvsim_counters *c);

/* ---- additions by the GSP core (append-only) ---- */

/* True once UNLOADING_GUEST_DRIVER was acknowledged: the device reports
 * it as falcon MAILBOX0 bit 31 (r535_gsp_fini polls 0x110040). The
 * state is then NVSIM_GSP_OFF until the next start or reset. */
bool nvsim_gsp_unloaded(struct nvsim_gsp *gsp);

/* Whether the host enabled bus mastering for the vGPU on gfid through
 * the plugin mailbox (UPDATE_BME_STATE{enable=1}); the device may gate
 * VF DMA on it. False for a GFID without a vGPU. */
bool nvsim_gsp_vgpu_bme(struct nvsim_gsp *gsp, uint32_t gfid);

/*
 * A channel of the vGPU on gfid stopped with an error (sim/gsp/exec.c
 * found it): post what GSP-RM posts for a vGPU channel, in r535
 * formats. mmu_fault: MMU_FAULT_QUEUED (empty payload, as nouveau's
 * r535_gsp_msg_mmu_fault_queued expects) first. Then always
 * OS_ERROR_LOG {xid, runlistId 0, chid, "<text>"} and RC_TRIGGERED
 * {COPY0, chid, xid, scope 0, partitionAttributionId = gfid}.
 * chid is the absolute channel ID. Returns 0, or -1 (only logged) if
 * the GSP is not running or gfid has no vGPU.
 */
int nvsim_gsp_vf_channel_error(struct nvsim_gsp *gsp, uint32_t gfid, uint32_t chid,
			       uint32_t xid, bool mmu_fault, const char *text);

/*
 * appended: asynchronous GSP (QOM x-gsp-latency-us / x-gsp-seed).
 * latency_ns 0 (the default) is the synchronous model: the command
 * queue and plugin doorbells are processed inside the register write
 * and every message is written at once. latency_ns > 0 needs
 * ops->arm_work: a doorbell only records the work and arms the work
 * timer; nvsim_gsp_work() then processes the command queue and the
 * plugin doorbells and writes the messages. Events an RPC generates
 * are queued before or after its reply as a PRNG seeded with seed
 * picks (reseeded at every GSP start, so one seed gives one order for
 * one driver run); after the reply they are delivered one work pass
 * (another latency) later. Takes effect for the next doorbell.
 */
void nvsim_gsp_set_async(struct nvsim_gsp *gsp, uint64_t latency_ns, uint64_t seed);
/*
 * appended, test-only (QOM x-mailbox-notify, default off): also announce
 * every plugin mailbox response with VGPU_GSP_PLUGIN_TRIGGERED {gfid,
 * NVSIM_A084_NOTIFY_MAILBOX_REPLY = 7}, an index no real firmware is
 * known to send (NVA084 indices are 0..6). Off, the host must poll the
 * response buffer's message_seq_num_processed, the only completion
 * signal the published sources show. Kept across nvsim_gsp_reset.
 */
void nvsim_gsp_set_mailbox_notify(struct nvsim_gsp *gsp, bool on);
/* The work timer armed through arm_work fired. */
void nvsim_gsp_work(struct nvsim_gsp *gsp);

#endif /* NVSIM_H */
