/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim_exec: the execution model of one virtual function of the
 * simulated GPU - channels, GPFIFO + pushbuffer fetch, one copy engine
 * (a subset of AMPERE_DMA_COPY_A/B), semaphores, non-stall interrupts and
 * channel faults.
 *
 * Plain C11, no QEMU headers (like nvsim.h): the QEMU VF device
 * (sim/qemu/nvgpu_sim_vf.c) and the host-side tests (sim/tests) are its
 * hosts. The host owns the PCI function: the VF's DMA (through the
 * vIOMMU), VRAM, MSI-X, the bottom half that runs the work and the GSP
 * core that turns channel errors into r535 events. The guest-visible
 * encoding of everything here is in sim/include/nvsim_vf_regs.h; the
 * formats (GP entry, method headers, USERD, class methods) and their
 * sources are in exec.c and sim/README.md.
 *
 * Rules the core enforces, whatever the host does:
 * - channel IDs come from the vGPU's bootloaded range, at most
 *   numChannels of them;
 * - work runs only inside nvsim_exec_run(), never in a register write,
 *   and only while the plugin is RUNNING and the VF's bus mastering is on;
 * - FB accesses stay inside the vGPU's FB; sysmem accesses go through
 *   dma_read/dma_write only, and a refused DMA is an MMU fault;
 * - a channel that faults stops; other channels and other VFs go on.
 *
 * All calls happen from one thread (QEMU's BQL).
 */
#ifndef NVSIM_EXEC_H
#define NVSIM_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* State of the vGPU behind the VF, as the host sees it right now. */
struct nvsim_exec_vgpu {
	bool live;		/* bootloaded, not shut down */
	bool configured;	/* plugin CONFIGURED or RUNNING */
	bool running;		/* plugin RUNNING (host sent UPDATE_BME_STATE{1}) */
	bool bus_master;	/* VF PCI Command: Bus Master Enable */
	uint32_t gfid;
	uint64_t fb_addr, fb_size;	/* the vGPU's FB in VRAM */
	uint32_t chid_offset, num_chids;	/* bootload range of the copy engine */
};

/* A channel error, reported to the host (-> GSP events). */
struct nvsim_exec_error {
	uint32_t chid;		/* absolute channel ID */
	uint32_t xid;		/* ROBUST_CHANNEL_* error (nverror.h) */
	bool mmu_fault;		/* a DMA the IOMMU refused */
	uint64_t addr;		/* faulting address (DMA address or FB offset) */
	char text[160];
};

struct nvsim_exec_ops {
	void (*vgpu)(void *opaque, struct nvsim_exec_vgpu *v);
	/* VF DMA; 0, or -1 if refused (IOMMU fault, unmapped). */
	int (*dma_read)(void *opaque, uint64_t addr, void *buf, size_t len);
	int (*dma_write)(void *opaque, uint64_t addr, const void *buf, size_t len);
	/* VRAM access at absolute VRAM addresses; 0, or -1 beyond VRAM. */
	int (*fb_read)(void *opaque, uint64_t vram_addr, void *buf, size_t len);
	int (*fb_write)(void *opaque, uint64_t vram_addr, const void *buf, size_t len);
	/* Signal MSI-X vector (NVSIM_EXEC_VEC_*) of the VF. */
	void (*irq)(void *opaque, unsigned int vector);
	/* A channel stopped with an error: post the GSP events. */
	void (*channel_error)(void *opaque, const struct nvsim_exec_error *e);
	/* Arrange for nvsim_exec_run() to be called soon, outside this call. */
	void (*kick)(void *opaque);
	uint64_t (*now_ns)(void *opaque);
	void (*log)(void *opaque, const char *line);
};

/* MSI-X vectors (vector 0 is the synchronous copy/fill pair's). */
#define NVSIM_EXEC_VEC_NONSTALL		1
#define NVSIM_EXEC_VEC_FAULT		2

/* Status codes; equal to NVSIM_VF_MBOX_ST_* (checked in the tests). */
#define NVSIM_EXEC_OK			0x1
#define NVSIM_EXEC_NOT_READY		0x2
#define NVSIM_EXEC_NO_CHANNEL		0x4
#define NVSIM_EXEC_BAD_ARG		0x5

/* Interrupt status bits (NVSIM_VF_EXEC_INTR). */
#define NVSIM_EXEC_INTR_NONSTALL	(1u << 0)
#define NVSIM_EXEC_INTR_FAULT		(1u << 1)

/* Channel states (NVSIM_VF_MBOX_REQ_CHAN_INFO DATA0). */
#define NVSIM_EXEC_CHAN_FREE		0
#define NVSIM_EXEC_CHAN_IDLE		1	/* allocated, GP_GET == GP_PUT seen */
#define NVSIM_EXEC_CHAN_PENDING		2	/* doorbell rung, work to look at */
#define NVSIM_EXEC_CHAN_ERROR		3	/* stopped by a fault; free it */

/* Limits (simulator choices). */
#define NVSIM_EXEC_GPFIFO_MIN		2
#define NVSIM_EXEC_GPFIFO_MAX		65536	/* entries */
#define NVSIM_EXEC_MAX_COPY		(1ull << 30)	/* bytes per LAUNCH_DMA */
#define NVSIM_EXEC_GP_BUDGET		64	/* GP entries per nvsim_exec_run() */

struct nvsim_exec_chan_params {
	uint64_t gpfifo;	/* DMA address, 8-byte aligned */
	uint32_t entries;	/* power of two, GPFIFO_MIN..GPFIFO_MAX */
	uint64_t userd;		/* DMA address, 512-byte aligned */
};

struct nvsim_exec_chan_reply {
	uint32_t chid;		/* absolute channel ID */
	uint32_t index;		/* chid - chidOffset */
	uint32_t token;		/* doorbell handle */
};

struct nvsim_exec_chan_info {
	uint32_t state;		/* NVSIM_EXEC_CHAN_* */
	uint32_t xid;		/* error of a stopped channel, else 0 */
	uint32_t gp_get;
	uint64_t fault_addr;
	uint32_t launches;	/* LAUNCH_DMAs completed */
	uint32_t sem_releases;
};

struct nvsim_exec_counters {
	uint64_t doorbells, doorbells_ignored;
	uint64_t gp_entries, launches, bytes_copied, sem_releases;
	uint64_t nonstall_irqs, faults, mmu_faults;
	uint32_t last_fault_chid, last_fault_xid;
};

struct nvsim_exec;

struct nvsim_exec *nvsim_exec_new(const struct nvsim_exec_ops *ops, void *opaque);
void nvsim_exec_free(struct nvsim_exec *e);
/* FLR or device reset: every channel of the VF is freed, state cleared. */
void nvsim_exec_reset(struct nvsim_exec *e);
/* The vGPU or the VF's bus mastering may have changed: drops every
 * channel once the vGPU is gone, kicks when pending work may now run. */
void nvsim_exec_sync(struct nvsim_exec *e);

/* Plugin requests (the VF mailbox). Return NVSIM_EXEC_* status. */
/* Channels allocated now (in any state but free). */
uint32_t nvsim_exec_chan_count(struct nvsim_exec *e);
uint32_t nvsim_exec_chan_alloc(struct nvsim_exec *e, const struct nvsim_exec_chan_params *p,
			       struct nvsim_exec_chan_reply *r);
uint32_t nvsim_exec_chan_free(struct nvsim_exec *e, uint32_t chid);
uint32_t nvsim_exec_chan_info(struct nvsim_exec *e, uint32_t chid,
			      struct nvsim_exec_chan_info *i);

/* Usermode doorbell (NV_VIRTUAL_FUNCTION_DOORBELL): marks the channel
 * pending and kicks; invalid handles are ignored (dev_usermode.ref). */
void nvsim_exec_doorbell(struct nvsim_exec *e, uint32_t handle);
/* Do a bounded amount of pending work; true if more is left. */
bool nvsim_exec_run(struct nvsim_exec *e);

uint32_t nvsim_exec_intr(struct nvsim_exec *e);
void nvsim_exec_intr_clear(struct nvsim_exec *e, uint32_t mask);
void nvsim_exec_counters(struct nvsim_exec *e, struct nvsim_exec_counters *c);

#endif /* NVSIM_EXEC_H */
