/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvsim_vf_regs.h: the guest-visible interface of a virtual function of
 * the simulated GPU (QEMU device nvidia-vgpu-sim-vf, created by the PF
 * nvidia-vgpu-sim through SR-IOV).
 *
 * Everything here except BOOT_0/BOOT_1 is simulator-only: no real NVIDIA
 * GPU has these registers. They exist so that a guest workload and
 * kselftests can check that the vGPU manager set the vGPU up as intended
 * (type, FB range) and that the VF can only reach its own FB.
 *
 * Plain C, no kernel or QEMU headers: usable by the device model, guest
 * programs and kselftests alike. All registers are 32 bit, little endian,
 * and must be accessed with aligned 32-bit loads/stores.
 *
 * VF BARs (sizes fixed by the PF's SR-IOV capability):
 *   BAR0  32-bit, 16 MiB   registers below + MSI-X table/PBA
 *   BAR1  64-bit prefetchable, vf-bar1-size (default 512 MiB):
 *         offset 0 .. min(fb_size, BAR size) maps the FB range GSP was
 *         given at bootload, while the vGPU is live. Everything else (and
 *         everything before bootload / after shutdown) reads as all-ones,
 *         writes are dropped.
 *   BAR3  64-bit prefetchable, 32 MiB: not modelled; reads all-ones.
 */
#ifndef NVSIM_VF_REGS_H
#define NVSIM_VF_REGS_H

/* ---- identity (offsets as on real GPUs: NV_PMC_BOOT_0/1) ---- */
#define NVSIM_VF_BOOT_0			0x000000	/* RO: NVSIM_BOOT0 */
#define NVSIM_VF_BOOT_1			0x000004	/* RO */
/* BOOT_1 bits 17:16 nonzero mark a VF (nouveau engine/device/base.c
 * refuses such a function); the simulator sets bit 16. */
#define NVSIM_VF_BOOT_1_VF		(1u << 16)

/* ---- simulator-only window ---- */
#define NVSIM_VF_REG_BASE		0x00fe0000
#define NVSIM_VF_MAGIC			(NVSIM_VF_REG_BASE + 0x000) /* RO */
#define NVSIM_VF_MAGIC_VALUE		0x4656534e		  /* "NSVF" */
#define NVSIM_VF_VERSION		(NVSIM_VF_REG_BASE + 0x004) /* RO */
#define NVSIM_VF_VERSION_VALUE		1
#define NVSIM_VF_GFID			(NVSIM_VF_REG_BASE + 0x008) /* RO: VF index + 1 */

/*
 * Mailbox to the GSP plugin of this VF's vGPU.
 *
 * Write a request code to MBOX_REQ; the request completes before the
 * write returns. MBOX_STATUS then holds the result and MBOX_DATA(0..7)
 * the reply (zero-filled past the reply). Before the vGPU is bootloaded
 * and after it is shut down every request answers NOT_READY.
 * MBOX_ARG is reserved for requests that take an argument (none yet).
 */
#define NVSIM_VF_MBOX_REQ		(NVSIM_VF_REG_BASE + 0x100) /* RW */
#define NVSIM_VF_MBOX_STATUS		(NVSIM_VF_REG_BASE + 0x104) /* RO */
#define NVSIM_VF_MBOX_ARG		(NVSIM_VF_REG_BASE + 0x108) /* RW */
#define NVSIM_VF_MBOX_DATA(i)		(NVSIM_VF_REG_BASE + 0x120 + 4 * (i))
#define NVSIM_VF_MBOX_DATA_NR		8

/* Request codes (MBOX_REQ). */
#define NVSIM_VF_MBOX_REQ_GET_TYPE_ID	0x1	/* DATA0 = vGPU type ID */
#define NVSIM_VF_MBOX_REQ_GET_TYPE_NAME	0x2	/* DATA0..7 = 32 bytes, NUL-padded,
						 * byte 0 in DATA0 bits 7:0 */
#define NVSIM_VF_MBOX_REQ_GET_FB_SIZE	0x3	/* DATA0 = size[31:0],
						 * DATA1 = size[63:32] */
#define NVSIM_VF_MBOX_REQ_GET_STATE	0x4	/* DATA0 = 1 (live),
						 * DATA1 = plugin state,
						 * DATA2 = GFID,
						 * DATA3 = number of channels */

/* Status codes (MBOX_STATUS). */
#define NVSIM_VF_MBOX_ST_IDLE		0x0	/* no request since reset/FLR */
#define NVSIM_VF_MBOX_ST_OK		0x1
#define NVSIM_VF_MBOX_ST_NOT_READY	0x2	/* vGPU not bootloaded / shut down */
#define NVSIM_VF_MBOX_ST_BAD_REQ	0x3	/* unknown request code */

/*
 * Copy/fill engine, working only inside this VF's FB.
 *
 * Offsets are relative to the start of the VF's FB (the range given at
 * bootload), 64 bit as LO/HI pairs. Program SRC/DST/LEN/PATTERN/OP, then
 * write 1 to CE_GO. The operation completes before the write returns:
 * CE_STATUS gets DONE (and ERROR plus an error code if it was refused),
 * and MSI-X vector 0 of the VF is signalled if MSI-X is enabled and the
 * vector unmasked. A refused request touches no memory at all.
 *
 * COPY: memmove(fb + DST, fb + SRC, LEN) (overlap allowed).
 * FILL: fb[DST + i] = byte (i % 4) of PATTERN (little endian), i < LEN.
 * LEN 0 is a successful no-op. A request is refused if the vGPU is not
 * live, OP is unknown, or [SRC, SRC+LEN) (COPY) or [DST, DST+LEN) is not
 * inside [0, fb_size) (including 64-bit overflow of OFFSET + LEN).
 *
 * Writing CE_STATUS clears the bits written as 1 (W1C).
 */
#define NVSIM_VF_CE_SRC_LO		(NVSIM_VF_REG_BASE + 0x200) /* RW */
#define NVSIM_VF_CE_SRC_HI		(NVSIM_VF_REG_BASE + 0x204) /* RW */
#define NVSIM_VF_CE_DST_LO		(NVSIM_VF_REG_BASE + 0x208) /* RW */
#define NVSIM_VF_CE_DST_HI		(NVSIM_VF_REG_BASE + 0x20c) /* RW */
#define NVSIM_VF_CE_LEN_LO		(NVSIM_VF_REG_BASE + 0x210) /* RW */
#define NVSIM_VF_CE_LEN_HI		(NVSIM_VF_REG_BASE + 0x214) /* RW */
#define NVSIM_VF_CE_PATTERN		(NVSIM_VF_REG_BASE + 0x218) /* RW */
#define NVSIM_VF_CE_OP			(NVSIM_VF_REG_BASE + 0x21c) /* RW */
#define NVSIM_VF_CE_GO			(NVSIM_VF_REG_BASE + 0x220) /* WO: 1 = start */
#define NVSIM_VF_CE_STATUS		(NVSIM_VF_REG_BASE + 0x224) /* RO, W1C */
#define NVSIM_VF_CE_COMPLETED		(NVSIM_VF_REG_BASE + 0x228) /* RO: count of
								     * successful ops */

#define NVSIM_VF_CE_OP_COPY		0x1
#define NVSIM_VF_CE_OP_FILL		0x2

#define NVSIM_VF_CE_STATUS_DONE		(1u << 0)
#define NVSIM_VF_CE_STATUS_ERROR	(1u << 1)
#define NVSIM_VF_CE_STATUS_ERR_SHIFT	8		/* bits 15:8 */
#define NVSIM_VF_CE_STATUS_ERR_MASK	(0xffu << 8)
#define NVSIM_VF_CE_ERR_NONE		0x0
#define NVSIM_VF_CE_ERR_NOT_READY	0x1	/* vGPU not live */
#define NVSIM_VF_CE_ERR_RANGE		0x2	/* outside the VF's FB / overflow */
#define NVSIM_VF_CE_ERR_BAD_OP		0x3	/* unknown OP */

/* ---- MSI-X (simulator-only placement inside BAR0) ---- */
#define NVSIM_VF_MSIX_VECTORS		4
#define NVSIM_VF_MSIX_TABLE		0x00ff0000
#define NVSIM_VF_MSIX_PBA		0x00ff8000
#define NVSIM_VF_MSIX_VEC_CE		0	/* copy/fill engine completion */

#endif /* NVSIM_VF_REGS_H */
