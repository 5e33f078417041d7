/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim_disp: the display engine of one virtual function of the
 * simulated GPU - heads with a pending, armed and live scanout surface,
 * a checked commit, a vblank every NVSIM_VF_DISP_FRAME_NS of virtual
 * time and the display interrupts (sim/include/nvsim_vf_regs.h, "Display
 * engine", is the guest-visible contract; sim/README.md the rest).
 *
 * Plain C11, no QEMU headers (like nvsim_exec.h): the QEMU VF device
 * (sim/qemu/nvgpu_sim_vf.c) and the host-side tests (sim/tests) are its
 * hosts. The host owns the timer (one-shot, absolute virtual time) and
 * MSI-X; the core decodes the display block of the VF's BAR0.
 *
 * Rules the core enforces, whatever the guest does:
 * - nothing but the checks of HEAD_COMMIT happens inside a register
 *   write: a surface becomes live only in nvsim_disp_vblank();
 * - a surface that is armed or live is always inside the CPU-mappable
 *   FB of the live vGPU, in a known format, with a valid stride and size
 *   (checked at commit, and again at vblank against the vGPU of then);
 * - the vblank timer runs only while a head is active or pending.
 *
 * All calls happen from one thread (QEMU's BQL).
 */
#ifndef NVSIM_DISP_H
#define NVSIM_DISP_H

#include <stdbool.h>
#include <stdint.h>

/* The vGPU behind the VF, as the host sees it right now. */
struct nvsim_disp_vgpu {
	bool live;		/* bootloaded, not shut down */
	uint32_t num_heads;	/* vGPU type's numHeads */
	uint32_t max_width;	/* vGPU type's maxResolutionX */
	uint32_t max_height;	/* vGPU type's maxResolutionY */
	/* CPU-mappable part of the vGPU's FB: [0, fb_mappable) in FB
	 * offsets, what the VF's BAR1 maps */
	uint64_t fb_mappable;
};

struct nvsim_disp_ops {
	void (*vgpu)(void *opaque, struct nvsim_disp_vgpu *v);
	/* Signal MSI-X vector NVSIM_VF_MSIX_VEC_DISP of the VF. */
	void (*irq)(void *opaque);
	/* Arm the one-shot vblank timer at absolute time expire_ns (moves
	 * an armed one); the host then calls nvsim_disp_vblank(). */
	void (*arm_timer)(void *opaque, uint64_t expire_ns);
	void (*cancel_timer)(void *opaque);
	uint64_t (*now_ns)(void *opaque);
	void (*log)(void *opaque, const char *line);
};

/* A head's live surface, as the plugin reports it (offset in the FB). */
struct nvsim_disp_plane {
	bool enabled;
	uint64_t offset;
	uint32_t format;	/* DRM fourcc */
	uint32_t width, height, stride;
	uint32_t flips;		/* HEAD_FLIPS: commits applied so far */
};

struct nvsim_disp_counters {
	uint64_t vblanks;	/* timer expiries served */
	uint64_t flips;		/* armed states applied, all heads */
	uint64_t commits_refused;
	uint64_t irqs;		/* MSI-X messages signalled */
};

struct nvsim_disp;

struct nvsim_disp *nvsim_disp_new(const struct nvsim_disp_ops *ops, void *opaque);
void nvsim_disp_free(struct nvsim_disp *d);
/* FLR or device reset: every head disabled, all state cleared, timer off. */
void nvsim_disp_reset(struct nvsim_disp *d);
/* The vGPU may have changed: once it is not live, as nvsim_disp_reset(). */
void nvsim_disp_sync(struct nvsim_disp *d);

/* BAR0 access inside the display block; false if addr is not one of its
 * registers (the caller logs it). */
bool nvsim_disp_read(struct nvsim_disp *d, uint32_t addr, uint32_t *val);
bool nvsim_disp_write(struct nvsim_disp *d, uint32_t addr, uint32_t val);

/* The vblank timer fired. */
void nvsim_disp_vblank(struct nvsim_disp *d);

/* Live state of head (false if head is out of range). */
bool nvsim_disp_plane(struct nvsim_disp *d, uint32_t head, struct nvsim_disp_plane *p);
void nvsim_disp_counters(struct nvsim_disp *d, struct nvsim_disp_counters *c);

#endif /* NVSIM_DISP_H */
