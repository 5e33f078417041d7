/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The guest-visible interface of a virtual function of
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

/* bit n of a 32-bit register (BIT() is the kernel's, not everyone's here) */
#define NVSIM_BIT(n)			(1u << (n))

/* ---- identity (offsets as on real GPUs: NV_PMC_BOOT_0/1) ---- */
#define NVSIM_VF_BOOT_0			0x000000	/* RO: NVSIM_BOOT0 */
#define NVSIM_VF_BOOT_1			0x000004	/* RO */
/*
 * BOOT_1 bits 17:16 nonzero mark a VF (nouveau engine/device/base.c
 * refuses such a function); the simulator sets bit 16.
 */
#define NVSIM_VF_BOOT_1_VF		NVSIM_BIT(16)

/* ---- simulator-only window ---- */
#define NVSIM_VF_REG_BASE		0x00fe0000
#define NVSIM_VF_MAGIC			(NVSIM_VF_REG_BASE + 0x000) /* RO */
#define NVSIM_VF_MAGIC_VALUE		0x4656534e		  /* "NSVF" */
#define NVSIM_VF_VERSION		(NVSIM_VF_REG_BASE + 0x004) /* RO */
#define NVSIM_VF_VERSION_VALUE		1
#define NVSIM_VF_GFID			(NVSIM_VF_REG_BASE + 0x008) /* RO: VF index + 1 */
/* Added with the execution model: RO capability bits. */
#define NVSIM_VF_CAPS			(NVSIM_VF_REG_BASE + 0x00c) /* RO */
#define NVSIM_VF_CAPS_EXEC		NVSIM_BIT(0)	/* channels, CE, doorbell */
#define NVSIM_VF_CAPS_DISPLAY		NVSIM_BIT(1)	/* display engine below */

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

/*
 * Request codes (MBOX_REQ) and their replies:
 * GET_TYPE_ID: DATA0 = vGPU type ID.
 * GET_TYPE_NAME: DATA0..7 = 32 bytes, NUL-padded, byte 0 in DATA0 bits 7:0.
 * GET_FB_SIZE: DATA0 = size[31:0], DATA1 = size[63:32].
 * GET_STATE: DATA0 = 1 (live), DATA1 = plugin state, DATA2 = GFID,
 * DATA3 = number of channels.
 */
#define NVSIM_VF_MBOX_REQ_GET_TYPE_ID	0x1
#define NVSIM_VF_MBOX_REQ_GET_TYPE_NAME	0x2
#define NVSIM_VF_MBOX_REQ_GET_FB_SIZE	0x3
#define NVSIM_VF_MBOX_REQ_GET_STATE	0x4
/*
 * Channel requests (execution model). Arguments go in MBOX_ARGN(i)
 * (new registers; MBOX_ARG is not used by them). The plugin hands out
 * channel IDs from the vGPU's bootloaded copy-engine range
 * [chidOffset, chidOffset + numChannels) and refuses more than
 * numChannels with NO_CHANNEL. Needs the plugin CONFIGURED or RUNNING
 * (else NOT_READY). Nothing is read from guest memory at allocation.
 *
 * CHAN_ALLOC: ARGN0/1 = GPFIFO DMA address lo/hi (8-byte aligned, below
 *             1 TiB), ARGN2 = GPFIFO entries (power of two, 2..65536),
 *             ARGN3/4 = USERD DMA address lo/hi (512-byte aligned: one
 *             NV_RAMUSERD block, GP_GET at +0x88, GP_PUT at +0x8c; the
 *             guest zeroes it, GP_GET starts at 0).
 *             -> DATA0 = channel ID (absolute), DATA1 = doorbell handle
 *             for NVSIM_VF_USERMODE_DOORBELL, DATA2 = index in the range.
 *             BAD_ARG on a bad argument.
 * CHAN_FREE:  ARGN0 = channel ID; also clears a stopped channel.
 *             BAD_ARG if it is not an allocated channel of this VF.
 * CHAN_INFO:  ARGN0 = channel ID -> DATA0 = state (NVSIM_VF_CHAN_*),
 *             DATA1 = Xid of a stopped channel, DATA2 = GP_GET,
 *             DATA3/4 = fault address lo/hi, DATA5 = LAUNCH_DMAs done,
 *             DATA6 = semaphore releases. BAD_ARG if not allocated.
 */
#define NVSIM_VF_MBOX_REQ_CHAN_ALLOC	0x5
#define NVSIM_VF_MBOX_REQ_CHAN_FREE	0x6
#define NVSIM_VF_MBOX_REQ_CHAN_INFO	0x7
#define NVSIM_VF_MBOX_ARGN(i)		(NVSIM_VF_REG_BASE + 0x140 + 4 * (i)) /* RW */
#define NVSIM_VF_MBOX_ARGN_NR		8

#define NVSIM_VF_CHAN_FREE		0
#define NVSIM_VF_CHAN_IDLE		1	/* GP_GET == GP_PUT when last looked */
#define NVSIM_VF_CHAN_PENDING		2	/* doorbell rung, work not done yet */
#define NVSIM_VF_CHAN_ERROR		3	/* stopped by a fault; free it */

/* Status codes (MBOX_STATUS). */
#define NVSIM_VF_MBOX_ST_IDLE		0x0	/* no request since reset/FLR */
#define NVSIM_VF_MBOX_ST_OK		0x1
#define NVSIM_VF_MBOX_ST_NOT_READY	0x2	/* vGPU not bootloaded / shut down */
#define NVSIM_VF_MBOX_ST_BAD_REQ	0x3	/* unknown request code */
#define NVSIM_VF_MBOX_ST_NO_CHANNEL	0x4	/* every channel of the vGPU in use */
#define NVSIM_VF_MBOX_ST_BAD_ARG	0x5	/* invalid argument / unknown channel */

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
 * LEN 0 is a successful no-op. A request is refused, in this order, if
 * the vGPU is not live (NOT_READY), bus mastering is off (NO_BME), OP is
 * unknown (BAD_OP), or [SRC, SRC+LEN) (COPY) or [DST, DST+LEN) is not
 * inside [0, fb_size) (including 64-bit overflow of OFFSET + LEN; RANGE).
 *
 * Bus mastering is off while the VF's PCI_COMMAND Bus Master Enable is
 * clear or the vGPU's plugin is not RUNNING (the host has not reported
 * BME on with UPDATE_BME_STATE): the same gate as the execution model.
 * Assumption (simulator choice, as strict as it gets): a vGPU engine does
 * no work at all without bus mastering, not even FB to FB, since the
 * plugin schedules the vGPU's work only while BME is on. A NO_BME refusal
 * signals no MSI-X either: MSI-X messages are memory writes, which a
 * function without Bus Master Enable may not issue (PCI Local Bus spec,
 * Command register bit 2); the guest sees the error in CE_STATUS only.
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
/* RO: count of successful ops */
#define NVSIM_VF_CE_COMPLETED		(NVSIM_VF_REG_BASE + 0x228)

#define NVSIM_VF_CE_OP_COPY		0x1
#define NVSIM_VF_CE_OP_FILL		0x2

#define NVSIM_VF_CE_STATUS_DONE		NVSIM_BIT(0)
#define NVSIM_VF_CE_STATUS_ERROR	NVSIM_BIT(1)
#define NVSIM_VF_CE_STATUS_ERR_SHIFT	8		/* bits 15:8 */
#define NVSIM_VF_CE_STATUS_ERR_MASK	(0xffu << 8)
#define NVSIM_VF_CE_ERR_NONE		0x0
#define NVSIM_VF_CE_ERR_NOT_READY	0x1	/* vGPU not live */
#define NVSIM_VF_CE_ERR_RANGE		0x2	/* outside the VF's FB / overflow */
#define NVSIM_VF_CE_ERR_BAD_OP		0x3	/* unknown OP */
#define NVSIM_VF_CE_ERR_NO_BME		0x4	/* bus mastering off (see above) */

/*
 * Execution model: interrupt status and counters (simulator-only).
 *
 * EXEC_INTR bits are set when the VF signals the matching MSI-X vector
 * and stay set until written 1 (W1C); they are also there without
 * MSI-X (polling). FAULT_CHID/FAULT_XID name the last channel stopped
 * by an error (see CHAN_INFO for each channel).
 */
#define NVSIM_VF_EXEC_INTR		(NVSIM_VF_REG_BASE + 0x300) /* RO, W1C */
#define NVSIM_VF_EXEC_INTR_NONSTALL	NVSIM_BIT(0)
#define NVSIM_VF_EXEC_INTR_FAULT	NVSIM_BIT(1)
#define NVSIM_VF_EXEC_NONSTALL_COUNT	(NVSIM_VF_REG_BASE + 0x304) /* RO */
#define NVSIM_VF_EXEC_FAULT_COUNT	(NVSIM_VF_REG_BASE + 0x308) /* RO */
#define NVSIM_VF_EXEC_FAULT_CHID	(NVSIM_VF_REG_BASE + 0x30c) /* RO */
#define NVSIM_VF_EXEC_FAULT_XID		(NVSIM_VF_REG_BASE + 0x310) /* RO */
#define NVSIM_VF_EXEC_LAUNCHES		(NVSIM_VF_REG_BASE + 0x314) /* RO, all channels */

/*
 * Usermode region (the VF's VOLTA_USERMODE_A, class 0xc361), as real
 * VFs have it: NVIDIA open-gpu-doc manuals/ampere/ga102/dev_vm.ref.txt
 * NV_VIRTUAL_FUNCTION (BAR0 0x30000..0x3ffff) with CFG0 @0x30000,
 * TIME_0/1 @0x30080/4 and DOORBELL @0x30090 - the VF aliases of
 * NV_USERMODE_CFG0/TIME_0/TIME_1/NOTIFY_CHANNEL_PENDING (clc361.h:
 * offsets 0x80, 0x84, 0x90 in the 64 KiB usermode region;
 * manuals/turing/tu104/dev_usermode.ref.txt).
 *
 * DOORBELL: write the handle CHAN_ALLOC returned (CHID 11:0,
 * RUNLIST_ID 22:16 per dev_usermode.ref; opaque to the guest) after
 * updating GP_PUT in USERD. The VF then fetches GP_PUT, the GP entries
 * and the pushbuffers with its own DMA, asynchronously, only while the
 * plugin is RUNNING and PCI bus mastering is on (work waits otherwise).
 * A handle that is not an allocated, running channel of this VF is
 * ignored, as on hardware.
 * TIME_0/1: nanoseconds of QEMU's virtual clock (TIME_0 bits 4:0 read 0).
 */
#define NVSIM_VF_USERMODE		0x030000
#define NVSIM_VF_USERMODE_CFG0		(NVSIM_VF_USERMODE + 0x00) /* RO: 0xc361 */
#define NVSIM_VF_USERMODE_CLASS		0xc361	/* VOLTA_USERMODE_A */
#define NVSIM_VF_USERMODE_TIME_0	(NVSIM_VF_USERMODE + 0x80) /* RO */
#define NVSIM_VF_USERMODE_TIME_1	(NVSIM_VF_USERMODE + 0x84) /* RO */
#define NVSIM_VF_USERMODE_DOORBELL	(NVSIM_VF_USERMODE + 0x90) /* WO */

/*
 * Guest-memory formats the VF reads (all little endian; addresses are
 * VF DMA addresses, i.e. IOVAs through the vIOMMU; no GPU virtual
 * memory is simulated):
 * - GP entry (8 bytes, open-gpu-doc dev_pbdma.ref NV_PPBDMA_GP_ENTRY0/1):
 *   dword0 bits 31:2 = segment address bits 31:2; dword1 bits 7:0 =
 *   address bits 39:32, bits 30:10 = length in dwords (0: control entry,
 *   only OPCODE 0 = NOP in bits 7:0 is accepted), LEVEL/SYNC/FETCH ignored.
 * - Pushbuffer (dev_ram.ref NV_FIFO_DMA_*): method headers INC (SEC_OP 1),
 *   NON_INC (3), IMMD (4, data in 28:16), ONE_INC (5), END_PB_SEGMENT (7),
 *   NOP (0); COUNT 28:16, SUBCHANNEL 15:13, method dword address 11:0.
 *   Method data may continue in the next segment.
 * - Host methods (clc56f.h): SET_OBJECT 0x000 (class 0xc6b5 or 0xc7b5,
 *   required on a subchannel 0..4 before its engine methods), NOP 0x008,
 *   SEMAPHOREA/B/C/D 0x010..0x01c (RELEASE only; 4-byte, or 16 bytes with
 *   the timestamp at +8), NON_STALL_INTERRUPT 0x020.
 * - Copy class subset (clc6b5.h / clc7b5.h, same offsets): NOP 0x100,
 *   SET_SEMAPHORE_A/B/PAYLOAD 0x240/0x244/0x248 (PAYLOAD_UPPER 0x24c on
 *   0xc7b5), SET_SRC/DST_PHYS_MODE 0x260/0x264 (TARGET 1:0: 0 LOCAL_FB =
 *   offset inside this vGPU's FB, 1/2 COHERENT/NONCOHERENT_SYSMEM = DMA
 *   address; PEERMEM and FLA refused), LAUNCH_DMA 0x300, OFFSET_IN/OUT
 *   UPPER/LOWER 0x400..0x40c, PITCH_IN/OUT 0x410/0x414, LINE_LENGTH_IN
 *   0x418, LINE_COUNT 0x41c. The semaphore address is a DMA address.
 * - LAUNCH_DMA: DATA_TRANSFER_TYPE 1:0 (NONE, PIPELINED, NON_PIPELINED),
 *   SEMAPHORE_TYPE 4:3 (NONE, ONE_WORD, FOUR_WORD = payload + timestamp
 *   at +8), INTERRUPT_TYPE 6:5 (NONE, NON_BLOCKING = non-stall MSI-X),
 *   SRC/DST_MEMORY_LAYOUT 7/8 must be PITCH, MULTI_LINE_ENABLE 9,
 *   SRC/DST_TYPE 12/13 must be PHYSICAL, SEMAPHORE_PAYLOAD_SIZE 27
 *   (TWO_WORD on 0xc7b5). Refused (channel error): BLOCKING interrupt,
 *   CONDITIONAL_INTR semaphore, REMAP, reduction, VPR, VIRTUAL,
 *   BLOCKLINEAR, more than 1 GiB per launch, an FB range outside the
 *   vGPU's FB (nothing is copied then).
 * Errors stop the channel (CHAN_INFO state ERROR) and the GSP tells the
 * host: a refused DMA is Xid 31 (ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT),
 * a bad host method/GP entry/pushbuffer entry Xid 32 (PBDMA_ERROR), a
 * bad copy method or FB range Xid 39 (CE0_ERROR), numbers from
 * nverror.h.
 */

/*
 * Encodings of the formats above, for guest drivers and tests (our own
 * macros, written from the cited NVIDIA documents).
 */
#define NVSIM_USERD_GP_GET		0x88	/* NV_RAMUSERD_GP_GET, dword 34 */
#define NVSIM_USERD_GP_PUT		0x8c	/* NV_RAMUSERD_GP_PUT, dword 35 */
#define NVSIM_USERD_SIZE		512	/* NV_RAMUSERD_CHAN_SIZE */
/* GP entry of a segment at byte address a (4-aligned, < 2^40), n dwords */
#define NVSIM_GP_ENTRY0(a)		((unsigned int)(a) & ~3u)
#define NVSIM_GP_ENTRY1(a, n)		((unsigned int)(((unsigned long long)(a) >> 32) & 0xff) | \
					 ((unsigned int)(n) & 0x1fffff) << 10)
/* method headers (NV_FIFO_DMA_*); mthd is the byte offset from the class */
#define NVSIM_PB_HDR(op, subch, mthd, n) \
	((unsigned int)(op) << 29 | ((unsigned int)(n) & 0x1fff) << 16 | \
	 ((unsigned int)(subch) & 7) << 13 | (((unsigned int)(mthd) >> 2) & 0xfff))
#define NVSIM_PB_INC(subch, mthd, n)	NVSIM_PB_HDR(1, subch, mthd, n)
#define NVSIM_PB_NON_INC(subch, mthd, n) NVSIM_PB_HDR(3, subch, mthd, n)
#define NVSIM_PB_IMMD(subch, mthd, d)	NVSIM_PB_HDR(4, subch, mthd, d)
#define NVSIM_PB_ONE_INC(subch, mthd, n) NVSIM_PB_HDR(5, subch, mthd, n)
#define NVSIM_PB_END_SEGMENT		(7u << 29)
/* host methods (clc56f.h) */
#define NVSIM_HOST_SET_OBJECT		0x0000
#define NVSIM_HOST_NOP			0x0008
#define NVSIM_HOST_SEMAPHOREA		0x0010
#define NVSIM_HOST_SEMAPHOREB		0x0014
#define NVSIM_HOST_SEMAPHOREC		0x0018
#define NVSIM_HOST_SEMAPHORED		0x001c
#define NVSIM_HOST_SEMAPHORED_RELEASE	0x2	/* OPERATION 4:0 */
#define NVSIM_HOST_SEMAPHORED_4BYTE	NVSIM_BIT(24)	/* RELEASE_SIZE */
#define NVSIM_HOST_NON_STALL_INTERRUPT	0x0020
/* copy class (clc6b5.h / clc7b5.h) */
#define NVSIM_CE_CLASS_A		0xc6b5	/* AMPERE_DMA_COPY_A */
#define NVSIM_CE_CLASS_B		0xc7b5	/* AMPERE_DMA_COPY_B */
#define NVSIM_CE_NOP			0x0100
#define NVSIM_CE_SET_SEMAPHORE_A	0x0240
#define NVSIM_CE_SET_SEMAPHORE_B	0x0244
#define NVSIM_CE_SET_SEMAPHORE_PAYLOAD	0x0248
#define NVSIM_CE_SET_SEMAPHORE_PAYLOAD_UPPER 0x024c
#define NVSIM_CE_SET_SRC_PHYS_MODE	0x0260
#define NVSIM_CE_SET_DST_PHYS_MODE	0x0264
#define NVSIM_CE_PHYS_LOCAL_FB		0x0
#define NVSIM_CE_PHYS_COHERENT_SYSMEM	0x1
#define NVSIM_CE_PHYS_NONCOHERENT_SYSMEM 0x2
#define NVSIM_CE_LAUNCH_DMA		0x0300
#define NVSIM_CE_OFFSET_IN_UPPER	0x0400
#define NVSIM_CE_OFFSET_IN_LOWER	0x0404
#define NVSIM_CE_OFFSET_OUT_UPPER	0x0408
#define NVSIM_CE_OFFSET_OUT_LOWER	0x040c
#define NVSIM_CE_PITCH_IN		0x0410
#define NVSIM_CE_PITCH_OUT		0x0414
#define NVSIM_CE_LINE_LENGTH_IN		0x0418
#define NVSIM_CE_LINE_COUNT		0x041c
/* LAUNCH_DMA fields */
#define NVSIM_CE_LD_TRANSFER_PIPELINED	NVSIM_BIT(0)
#define NVSIM_CE_LD_TRANSFER_NON_PIPELINED (2u << 0)
#define NVSIM_CE_LD_FLUSH		NVSIM_BIT(2)
#define NVSIM_CE_LD_SEM_ONE_WORD	NVSIM_BIT(3)
#define NVSIM_CE_LD_SEM_FOUR_WORD	(2u << 3)
#define NVSIM_CE_LD_INTR_NON_BLOCKING	(2u << 5)
#define NVSIM_CE_LD_SRC_PITCH		NVSIM_BIT(7)
#define NVSIM_CE_LD_DST_PITCH		NVSIM_BIT(8)
#define NVSIM_CE_LD_MULTI_LINE		NVSIM_BIT(9)
#define NVSIM_CE_LD_SRC_PHYSICAL	NVSIM_BIT(12)
#define NVSIM_CE_LD_DST_PHYSICAL	NVSIM_BIT(13)
#define NVSIM_CE_LD_PAYLOAD_TWO_WORD	NVSIM_BIT(27)	/* 0xc7b5 */
/* channel errors (nverror.h) */
#define NVSIM_XID_MMU_ERR_FLT		31
#define NVSIM_XID_PBDMA_ERROR		32
#define NVSIM_XID_CE0_ERROR		39

/*
 * Display engine (simulator-only). NVIDIA's vGPUs give the guest a
 * virtual display whose scanout the host-side plugin reads from the
 * vGPU's FB; the register interface here is ours, not a real GPU's
 * NV_PDISP/EVO, and exists so that a small guest KMS driver can scan out.
 *
 * DISP_NUM_HEADS is the vGPU type's num_heads while the vGPU is live (0
 * before bootload and after shutdown); DISP_MAX_SIZE the type's
 * max_resolution (width 15:0, height 31:16). Vblank comes every
 * DISP_FRAME_NS of QEMU's virtual clock while any head is active or has
 * a commit pending; nothing happens inside a register write but the
 * checks of HEAD_COMMIT.
 *
 * Per head h < DISP_NUM_HEADS, HEAD_CTRL/OFFSET/FORMAT/STRIDE/SIZE are
 * the pending state; writing 1 to HEAD_COMMIT checks it:
 * - refused (STATUS ERROR + code, armed and live state unchanged, nothing
 *   read) if the vGPU is not live or h >= DISP_NUM_HEADS (NOT_READY);
 *   with ENABLE set: FORMAT is not XRGB8888 (FORMAT); width or height is
 *   0 or above DISP_MAX_SIZE (SIZE); STRIDE is not a multiple of 64, below
 *   width * 4 or above 65536 (STRIDE); OFFSET is not 4 KiB aligned or
 *   [OFFSET, OFFSET + STRIDE * height) is not inside the CPU-mappable part
 *   of the vGPU's FB, 64-bit overflow included (RANGE). Assumption: the
 *   vGPU's display scans out only from the CPU-mappable FB.
 * - accepted: the pending state becomes the armed state (a newer commit
 *   replaces an armed one), STATUS PENDING is set and ERROR cleared; at
 *   the next vblank the armed state becomes live (ACTIVE = ENABLE),
 *   HEAD_FLIPS counts it, PENDING clears and DISP_INTR FLIP_DONE(h) is
 *   set. Disabling (ENABLE 0) needs no other valid field.
 * At every vblank DISP_INTR VBLANK(h) is set for each active head and
 * HEAD_FRAME counts. MSI-X vector NVSIM_VF_MSIX_VEC_DISP is signalled
 * when a DISP_INTR bit that is set in DISP_INTR_EN becomes set. The live
 * state of head 0 is what the plugin reports to the host as the vGPU's
 * plane. FLR and vGPU shutdown disable every head and clear the state.
 */
#define NVSIM_VF_DISP_NUM_HEADS		(NVSIM_VF_REG_BASE + 0x400) /* RO */
#define NVSIM_VF_DISP_MAX_SIZE		(NVSIM_VF_REG_BASE + 0x404) /* RO */
#define NVSIM_VF_DISP_INTR		(NVSIM_VF_REG_BASE + 0x408) /* RO, W1C */
#define NVSIM_VF_DISP_INTR_EN		(NVSIM_VF_REG_BASE + 0x40c) /* RW */
#define NVSIM_VF_DISP_FRAME_NS		(NVSIM_VF_REG_BASE + 0x410) /* RO */
#define NVSIM_VF_DISP_FRAME_NS_VALUE	16666666u		    /* 60 Hz */
#define NVSIM_VF_DISP_INTR_VBLANK(h)	(1u << (h))
#define NVSIM_VF_DISP_INTR_FLIP_DONE(h)	(1u << (8 + (h)))
#define NVSIM_VF_DISP_MAX_HEADS		4

#define NVSIM_VF_HEAD(h)		(NVSIM_VF_REG_BASE + 0x500 + 0x40 * (h))
#define NVSIM_VF_HEAD_CTRL(h)		(NVSIM_VF_HEAD(h) + 0x00) /* RW: bit 0 ENABLE */
#define NVSIM_VF_HEAD_CTRL_ENABLE	NVSIM_BIT(0)
#define NVSIM_VF_HEAD_OFFSET_LO(h)	(NVSIM_VF_HEAD(h) + 0x04) /* RW: in the VF's FB */
#define NVSIM_VF_HEAD_OFFSET_HI(h)	(NVSIM_VF_HEAD(h) + 0x08) /* RW */
#define NVSIM_VF_HEAD_FORMAT(h)		(NVSIM_VF_HEAD(h) + 0x0c) /* RW: DRM fourcc */
#define NVSIM_VF_HEAD_STRIDE(h)		(NVSIM_VF_HEAD(h) + 0x10) /* RW: bytes */
#define NVSIM_VF_HEAD_SIZE(h)		(NVSIM_VF_HEAD(h) + 0x14) /* RW: w 15:0, h 31:16 */
#define NVSIM_VF_HEAD_COMMIT(h)		(NVSIM_VF_HEAD(h) + 0x18) /* WO: 1 = commit */
#define NVSIM_VF_HEAD_STATUS(h)		(NVSIM_VF_HEAD(h) + 0x1c) /* RO */
#define NVSIM_VF_HEAD_FRAME(h)		(NVSIM_VF_HEAD(h) + 0x20) /* RO: vblanks */
#define NVSIM_VF_HEAD_FLIPS(h)		(NVSIM_VF_HEAD(h) + 0x24) /* RO: commits applied */

#define NVSIM_VF_HEAD_STATUS_ACTIVE	NVSIM_BIT(0)
#define NVSIM_VF_HEAD_STATUS_PENDING	NVSIM_BIT(1)
#define NVSIM_VF_HEAD_STATUS_ERROR	NVSIM_BIT(2)
#define NVSIM_VF_HEAD_STATUS_ERR_SHIFT	8		/* bits 15:8 */
#define NVSIM_VF_HEAD_STATUS_ERR_MASK	(0xffu << 8)
#define NVSIM_VF_DISP_ERR_NONE		0x0
#define NVSIM_VF_DISP_ERR_NOT_READY	0x1
#define NVSIM_VF_DISP_ERR_RANGE		0x2
#define NVSIM_VF_DISP_ERR_FORMAT	0x3
#define NVSIM_VF_DISP_ERR_STRIDE	0x4
#define NVSIM_VF_DISP_ERR_SIZE		0x5

#define NVSIM_FOURCC_XRGB8888		0x34325258u	/* 'X' 'R' '2' '4' */

/* ---- MSI-X (simulator-only placement inside BAR0) ---- */
#define NVSIM_VF_MSIX_VECTORS		4
#define NVSIM_VF_MSIX_TABLE		0x00ff0000
#define NVSIM_VF_MSIX_PBA		0x00ff8000
#define NVSIM_VF_MSIX_VEC_CE		0	/* copy/fill engine completion */
#define NVSIM_VF_MSIX_VEC_NONSTALL	1	/* non-stall interrupt (channels) */
#define NVSIM_VF_MSIX_VEC_FAULT		2	/* a channel stopped by an error */
#define NVSIM_VF_MSIX_VEC_DISP		3	/* display: vblank, flip done */

#endif /* NVSIM_VF_REGS_H */
