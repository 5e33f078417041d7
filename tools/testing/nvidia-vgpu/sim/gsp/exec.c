// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim_exec: channels, GPFIFO/pushbuffer fetch and a copy engine for
 * one VF of the simulated GPU (see nvsim_exec.h).
 *
 * Formats, written from NVIDIA's published documentation (no code
 * copied; [DOC] = NVIDIA/open-gpu-doc, [OGK] = NVIDIA/open-gpu-kernel-
 * modules src/common/sdk/nvidia/inc):
 * - GP entry, 8 bytes ([DOC] manuals/ampere/ga100/dev_pbdma.ref.txt,
 *   NV_PPBDMA_GP_ENTRY0/1): ENTRY0 bits 31:2 = GET (dword address
 *   bits 31:2 of the segment), ENTRY1 bits 7:0 = GET_HI (address bits
 *   39:32), bit 9 = LEVEL, bits 30:10 = LENGTH in dwords (0 = control
 *   entry, ENTRY1 bits 7:0 = OPCODE then), bit 31 = SYNC.
 * - Pushbuffer entries ([DOC] manuals/ampere/ga100/dev_ram.ref.txt,
 *   NV_FIFO_DMA_*): header bits 31:29 SEC_OP (1 INC_METHOD,
 *   3 NON_INC_METHOD, 4 IMMD_DATA_METHOD, 5 ONE_INC, 7 END_PB_SEGMENT,
 *   0 with TERT_OP 17:16 = subdevice-mask ops), 28:16 COUNT (IMMD: DATA),
 *   15:13 SUBCHANNEL, 11:0 method dword address; 0 = NOP.
 * - USERD ([DOC] dev_ram.ref.txt NV_RAMUSERD, [OGK] class/clc56f.h
 *   Nvc56fControl): 512 bytes, GP_GET at byte 0x88, GP_PUT at 0x8c.
 * - Host methods ([OGK] class/clc56f.h AMPERE_CHANNEL_GPFIFO_A):
 *   SET_OBJECT 0x0000 (NVCLASS 15:0), NOP 0x0008, SEMAPHOREA..D
 *   0x0010..0x001c, NON_STALL_INTERRUPT 0x0020.
 * - Copy class ([OGK] class/clc6b5.h AMPERE_DMA_COPY_A and clc7b5.h
 *   AMPERE_DMA_COPY_B; the subset below has the same offsets in both).
 * - Error numbers ([OGK] nverror.h): ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT
 *   31, ROBUST_CHANNEL_PBDMA_ERROR 32, ROBUST_CHANNEL_CE0_ERROR 39.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvsim_exec.h"

/* ---- formats ---- */

#define USERD_GP_GET		0x88
#define USERD_GP_PUT		0x8c
#define USERD_ALIGN		512		/* NV_RAMUSERD_BASE_SHIFT 9 */
#define GP_ENTRY_SIZE		8		/* NV_PPBDMA_GP_ENTRY__SIZE */
#define GP1_GET_HI(e1)		((e1) & 0xffu)
#define GP1_OPCODE(e1)		((e1) & 0xffu)
#define GP1_LENGTH(e1)		(((e1) >> 10) & 0x1fffffu)
#define GP_OPCODE_NOP		0

#define PB_SEC_OP(w)		((w) >> 29)
#define PB_TERT_OP(w)		(((w) >> 16) & 3u)
#define PB_COUNT(w)		(((w) >> 16) & 0x1fffu)
#define PB_IMMD_DATA(w)		(((w) >> 16) & 0x1fffu)
#define PB_SUBCH(w)		(((w) >> 13) & 7u)
#define PB_ADDR(w)		((w) & 0xfffu)
#define PB_SEC_GRP0		0
#define PB_SEC_INC		1
#define PB_SEC_NON_INC		3
#define PB_SEC_IMMD		4
#define PB_SEC_ONE_INC		5
#define PB_SEC_END_SEGMENT	7

/* host methods (byte offsets), clc56f.h */
#define HM_SET_OBJECT		0x0000
#define HM_NOP			0x0008
#define HM_SEMAPHOREA		0x0010
#define HM_SEMAPHOREB		0x0014
#define HM_SEMAPHOREC		0x0018
#define HM_SEMAPHORED		0x001c
#define HM_NON_STALL_INTERRUPT	0x0020
#define HM_LAST			0x00fc		/* NV_UDMA range ends below 0x100 */
#define SEMD_OPERATION(d)	((d) & 0x1fu)
#define SEMD_OP_RELEASE		2
#define SEMD_RELEASE_SIZE_4BYTE(d) (((d) >> 24) & 1u)

/* copy class (byte offsets), clc6b5.h / clc7b5.h */
#define CLASS_AMPERE_DMA_COPY_A	0xc6b5
#define CLASS_AMPERE_DMA_COPY_B	0xc7b5
#define CE_NOP			0x100
#define CE_SET_SEMAPHORE_A	0x240		/* UPPER 16:0 */
#define CE_SET_SEMAPHORE_B	0x244		/* LOWER 31:0 */
#define CE_SET_SEMAPHORE_PAYLOAD 0x248
#define CE_SET_SEMAPHORE_PAYLOAD_UPPER 0x24c	/* clc7b5 only */
#define CE_SET_SRC_PHYS_MODE	0x260
#define CE_SET_DST_PHYS_MODE	0x264
#define CE_LAUNCH_DMA		0x300
#define CE_OFFSET_IN_UPPER	0x400		/* UPPER 16:0 */
#define CE_OFFSET_IN_LOWER	0x404
#define CE_OFFSET_OUT_UPPER	0x408
#define CE_OFFSET_OUT_LOWER	0x40c
#define CE_PITCH_IN		0x410
#define CE_PITCH_OUT		0x414
#define CE_LINE_LENGTH_IN	0x418
#define CE_LINE_COUNT		0x41c

/* SET_*_PHYS_MODE */
#define PHYS_TARGET(d)		((d) & 3u)
#define PHYS_TARGET_LOCAL_FB	0
#define PHYS_TARGET_COHERENT_SYSMEM 1
#define PHYS_TARGET_NONCOHERENT_SYSMEM 2
#define PHYS_TARGET_PEERMEM	3
#define PHYS_FLA(d)		(((d) >> 9) & 1u)

/* LAUNCH_DMA fields */
#define LD_DATA_TRANSFER_TYPE(d) ((d) & 3u)		/* 0 NONE 1 PIPELINED 2 NON_PIPELINED */
#define LD_SEMAPHORE_TYPE(d)	(((d) >> 3) & 3u)	/* 0 NONE 1 ONE_WORD 2 FOUR_WORD 3 COND_INTR */
#define LD_INTERRUPT_TYPE(d)	(((d) >> 5) & 3u)	/* 0 NONE 1 BLOCKING 2 NON_BLOCKING */
#define LD_SRC_LAYOUT_PITCH(d)	(((d) >> 7) & 1u)
#define LD_DST_LAYOUT_PITCH(d)	(((d) >> 8) & 1u)
#define LD_MULTI_LINE(d)	(((d) >> 9) & 1u)
#define LD_REMAP(d)		(((d) >> 10) & 1u)
#define LD_SRC_PHYSICAL(d)	(((d) >> 12) & 1u)
#define LD_DST_PHYSICAL(d)	(((d) >> 13) & 1u)
#define LD_REDUCTION_ENABLE(d)	(((d) >> 19) & 1u)
#define LD_VPRMODE(d)		(((d) >> 22) & 3u)
#define LD_PAYLOAD_TWO_WORD(d)	(((d) >> 27) & 1u)	/* clc7b5 only */
#define LD_SEM_NONE		0
#define LD_SEM_ONE_WORD		1
#define LD_SEM_FOUR_WORD	2
#define LD_INTR_NONE		0
#define LD_INTR_BLOCKING	1
#define LD_INTR_NON_BLOCKING	2

/* nverror.h */
#define XID_MMU_ERR_FLT		31
#define XID_PBDMA_ERROR		32
#define XID_CE0_ERROR		39

/* doorbell handle, dev_usermode.ref NOTIFY_CHANNEL_PENDING */
#define DB_CHID(h)		((h) & 0xfffu)
#define DB_RUNLIST(h)		(((h) >> 16) & 0x7fu)
#define DB_VALID_MASK		0x007f0fffu
#define EXEC_RUNLIST		0	/* assumption: the VF's CE runlist */

#define CHUNK			(64u * 1024)

enum pb_mode { PB_IDLE = 0, PB_INC, PB_NON_INC, PB_ONE_INC };

struct ce_state {
	uint32_t cls;
	uint64_t in, out;
	uint32_t pitch_in, pitch_out, line_length, line_count;
	uint32_t src_phys, dst_phys;
	uint64_t sem_addr;
	uint32_t payload, payload_upper;
};

struct chan {
	uint32_t state;
	uint64_t gpfifo, userd;
	uint32_t entries, gp_get;
	/* pushbuffer decoder, kept across segments */
	enum pb_mode pb_mode;
	uint32_t pb_count, pb_addr, pb_subch;
	uint32_t subch_class[8];
	/* host semaphore (SEMAPHOREA..C) */
	uint64_t hsem_addr;
	uint32_t hsem_payload;
	struct ce_state ce;
	uint32_t xid;
	uint64_t fault_addr;
	uint32_t launches, sem_releases;
};

struct nvsim_exec {
	const struct nvsim_exec_ops *ops;
	void *opaque;
	struct chan *ch;		/* num channels, index = chid - offset */
	uint32_t offset, num;		/* range the array was made for */
	uint32_t gfid;
	uint32_t rr;			/* round-robin start */
	uint32_t intr;
	uint32_t routine_logs;		/* successful alloc/free lines logged */
	struct nvsim_exec_counters cnt;
	/* the vGPU while running (valid inside nvsim_exec_run only) */
	struct nvsim_exec_vgpu v;
	uint8_t buf[CHUNK];
};

static void xlog(struct nvsim_exec *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void xlog(struct nvsim_exec *e, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	n = snprintf(line, sizeof(line), "exec gfid %u: ", e->gfid);
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	va_end(ap);
	if (e->ops->log)
		e->ops->log(e->opaque, line);
}

/*
 * Successful channel allocations and frees are routine: a workload makes
 * hundreds. Log the first few of each VF (enough to see a guest start),
 * then say once that the rest are not logged. Refusals and channel errors
 * are always logged.
 */
#define ROUTINE_LOGS	8

static bool xlog_routine(struct nvsim_exec *e)
{
	if (e->routine_logs > ROUTINE_LOGS)
		return false;
	if (e->routine_logs++ == ROUTINE_LOGS) {
		xlog(e, "further channel allocations and frees are not logged");
		return false;
	}
	return true;
}

struct nvsim_exec *nvsim_exec_new(const struct nvsim_exec_ops *ops, void *opaque)
{
	struct nvsim_exec *e = calloc(1, sizeof(*e));

	if (!e)
		return NULL;
	e->ops = ops;
	e->opaque = opaque;
	return e;
}

static void drop_channels(struct nvsim_exec *e)
{
	free(e->ch);
	e->ch = NULL;
	e->offset = e->num = 0;
}

void nvsim_exec_free(struct nvsim_exec *e)
{
	if (!e)
		return;
	drop_channels(e);
	free(e);
}

void nvsim_exec_reset(struct nvsim_exec *e)
{
	if (e->ch)
		xlog(e, "reset: every channel freed");
	drop_channels(e);
	e->intr = 0;
	e->rr = 0;
}

static void get_vgpu(struct nvsim_exec *e, struct nvsim_exec_vgpu *v)
{
	memset(v, 0, sizeof(*v));
	e->ops->vgpu(e->opaque, v);
	e->gfid = v->gfid;
}

static bool any_pending(struct nvsim_exec *e)
{
	for (uint32_t i = 0; e->ch && i < e->num; i++)
		if (e->ch[i].state == NVSIM_EXEC_CHAN_PENDING)
			return true;
	return false;
}

void nvsim_exec_sync(struct nvsim_exec *e)
{
	struct nvsim_exec_vgpu v;

	get_vgpu(e, &v);
	if (!e->ch)
		return;
	if (!v.live || v.chid_offset != e->offset || v.num_chids != e->num) {
		xlog(e, "vGPU gone or changed: every channel freed");
		drop_channels(e);
		return;
	}
	if (v.running && v.bus_master && any_pending(e))
		e->ops->kick(e->opaque);
}

/* ---- plugin requests ---- */

static struct chan *chan_get(struct nvsim_exec *e, uint32_t chid)
{
	if (!e->ch || chid < e->offset || chid - e->offset >= e->num)
		return NULL;
	return &e->ch[chid - e->offset];
}

uint32_t nvsim_exec_chan_count(struct nvsim_exec *e)
{
	uint32_t n = 0;

	for (uint32_t i = 0; e->ch && i < e->num; i++)
		n += e->ch[i].state != NVSIM_EXEC_CHAN_FREE;
	return n;
}

uint32_t nvsim_exec_chan_alloc(struct nvsim_exec *e, const struct nvsim_exec_chan_params *p,
			       struct nvsim_exec_chan_reply *r)
{
	struct nvsim_exec_vgpu v;
	struct chan *c;
	uint32_t i;

	memset(r, 0, sizeof(*r));
	nvsim_exec_sync(e);
	get_vgpu(e, &v);
	if (!v.live || !v.configured || !v.num_chids) {
		xlog(e, "channel alloc refused: plugin not configured");
		return NVSIM_EXEC_NOT_READY;
	}
	if ((p->gpfifo & (GP_ENTRY_SIZE - 1)) || p->entries < NVSIM_EXEC_GPFIFO_MIN ||
	    p->entries > NVSIM_EXEC_GPFIFO_MAX || (p->entries & (p->entries - 1)) ||
	    p->gpfifo >= (1ull << 40) ||
	    p->gpfifo + (uint64_t)p->entries * GP_ENTRY_SIZE > (1ull << 40) ||
	    (p->userd & (USERD_ALIGN - 1)) || p->userd >= (1ull << 40)) {
		xlog(e, "channel alloc refused: GPFIFO 0x%llx x %u or USERD 0x%llx invalid",
		     (unsigned long long)p->gpfifo, p->entries, (unsigned long long)p->userd);
		return NVSIM_EXEC_BAD_ARG;
	}
	if (!e->ch) {
		e->ch = calloc(v.num_chids, sizeof(*e->ch));
		if (!e->ch)
			return NVSIM_EXEC_NO_CHANNEL;
		e->offset = v.chid_offset;
		e->num = v.num_chids;
	}
	for (i = 0; i < e->num; i++)
		if (e->ch[i].state == NVSIM_EXEC_CHAN_FREE)
			break;
	/* the doorbell handle has 12 CHID bits */
	if (i == e->num || e->offset + i > 0xfff) {
		xlog(e, "channel alloc refused: all %u channels of the vGPU in use", e->num);
		return NVSIM_EXEC_NO_CHANNEL;
	}
	c = &e->ch[i];
	memset(c, 0, sizeof(*c));
	c->state = NVSIM_EXEC_CHAN_IDLE;
	c->gpfifo = p->gpfifo;
	c->entries = p->entries;
	c->userd = p->userd;
	r->chid = e->offset + i;
	r->index = i;
	r->token = (r->chid & 0xfffu) | (EXEC_RUNLIST << 16);
	if (xlog_routine(e))
		xlog(e, "channel %u allocated (GPFIFO 0x%llx x %u, USERD 0x%llx)", r->chid,
		     (unsigned long long)p->gpfifo, p->entries, (unsigned long long)p->userd);
	return NVSIM_EXEC_OK;
}

uint32_t nvsim_exec_chan_free(struct nvsim_exec *e, uint32_t chid)
{
	struct chan *c;

	nvsim_exec_sync(e);
	c = chan_get(e, chid);
	if (!c || c->state == NVSIM_EXEC_CHAN_FREE) {
		xlog(e, "channel free refused: %u is not an allocated channel", chid);
		return NVSIM_EXEC_BAD_ARG;
	}
	memset(c, 0, sizeof(*c));
	if (xlog_routine(e))
		xlog(e, "channel %u freed", chid);
	return NVSIM_EXEC_OK;
}

uint32_t nvsim_exec_chan_info(struct nvsim_exec *e, uint32_t chid, struct nvsim_exec_chan_info *i)
{
	struct chan *c;

	memset(i, 0, sizeof(*i));
	nvsim_exec_sync(e);
	c = chan_get(e, chid);
	if (!c || c->state == NVSIM_EXEC_CHAN_FREE)
		return NVSIM_EXEC_BAD_ARG;
	i->state = c->state;
	i->xid = c->xid;
	i->gp_get = c->gp_get;
	i->fault_addr = c->fault_addr;
	i->launches = c->launches;
	i->sem_releases = c->sem_releases;
	return NVSIM_EXEC_OK;
}

void nvsim_exec_doorbell(struct nvsim_exec *e, uint32_t handle)
{
	struct chan *c = NULL;

	e->cnt.doorbells++;
	if (!(handle & ~DB_VALID_MASK) && DB_RUNLIST(handle) == EXEC_RUNLIST)
		c = chan_get(e, DB_CHID(handle));
	if (!c || c->state == NVSIM_EXEC_CHAN_FREE || c->state == NVSIM_EXEC_CHAN_ERROR) {
		/* dev_usermode.ref: an invalid handle is ignored */
		if (++e->cnt.doorbells_ignored <= 16)	/* a guest may loop on it */
			xlog(e, "doorbell 0x%x ignored: %s", handle,
			     c ? (c->state ? "channel stopped by an error" :
				  "channel not allocated") : "not a channel of this vGPU");
		return;
	}
	c->state = NVSIM_EXEC_CHAN_PENDING;
	e->ops->kick(e->opaque);
}

uint32_t nvsim_exec_intr(struct nvsim_exec *e)
{
	return e->intr;
}

void nvsim_exec_intr_clear(struct nvsim_exec *e, uint32_t mask)
{
	e->intr &= ~mask;
}

void nvsim_exec_counters(struct nvsim_exec *e, struct nvsim_exec_counters *c)
{
	*c = e->cnt;
}

/* ---- errors and interrupts ---- */

static uint32_t chid_of(struct nvsim_exec *e, struct chan *c)
{
	return e->offset + (uint32_t)(c - e->ch);
}

static bool chan_error(struct nvsim_exec *e, struct chan *c, uint32_t xid, bool mmu,
		       uint64_t addr, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));

/* Stop the channel, tell the host, interrupt the guest. Returns false
 * so that callers can "return chan_error(...)". */
static bool chan_error(struct nvsim_exec *e, struct chan *c, uint32_t xid, bool mmu,
		       uint64_t addr, const char *fmt, ...)
{
	struct nvsim_exec_error err;
	va_list ap;

	memset(&err, 0, sizeof(err));
	err.chid = chid_of(e, c);
	err.xid = xid;
	err.mmu_fault = mmu;
	err.addr = addr;
	va_start(ap, fmt);
	vsnprintf(err.text, sizeof(err.text), fmt, ap);
	va_end(ap);
	c->state = NVSIM_EXEC_CHAN_ERROR;
	c->xid = xid;
	c->fault_addr = addr;
	e->cnt.faults++;
	e->cnt.mmu_faults += mmu;
	e->cnt.last_fault_chid = err.chid;
	e->cnt.last_fault_xid = xid;
	e->intr |= NVSIM_EXEC_INTR_FAULT;
	xlog(e, "channel %u stopped: %s (Xid %u, addr 0x%llx)", err.chid, err.text, xid,
	     (unsigned long long)addr);
	if (e->ops->channel_error)
		e->ops->channel_error(e->opaque, &err);
	e->ops->irq(e->opaque, NVSIM_EXEC_VEC_FAULT);
	return false;
}

static void nonstall(struct nvsim_exec *e)
{
	e->intr |= NVSIM_EXEC_INTR_NONSTALL;
	e->cnt.nonstall_irqs++;
	e->ops->irq(e->opaque, NVSIM_EXEC_VEC_NONSTALL);
}

/* ---- memory ---- */

static bool dma_rd(struct nvsim_exec *e, struct chan *c, uint64_t a, void *b, size_t n,
		   const char *what)
{
	if (e->ops->dma_read(e->opaque, a, b, n))
		return chan_error(e, c, XID_MMU_ERR_FLT, true, a,
				  "DMA read of %s at 0x%llx refused by the IOMMU", what,
				  (unsigned long long)a);
	return true;
}

static bool dma_wr(struct nvsim_exec *e, struct chan *c, uint64_t a, const void *b, size_t n,
		   const char *what)
{
	if (e->ops->dma_write(e->opaque, a, b, n))
		return chan_error(e, c, XID_MMU_ERR_FLT, true, a,
				  "DMA write of %s at 0x%llx refused by the IOMMU", what,
				  (unsigned long long)a);
	return true;
}

/* One side of a copy: FB offset (checked against the vGPU's FB by the
 * caller) or sysmem DMA address. */
struct side {
	bool fb;
	uint64_t base;
	uint32_t pitch;
};

static bool side_io(struct nvsim_exec *e, struct chan *c, const struct side *s, uint64_t a,
		    void *buf, size_t n, bool write)
{
	int r;

	if (!s->fb)
		return write ? dma_wr(e, c, a, buf, n, "copy destination") :
			       dma_rd(e, c, a, buf, n, "copy source");
	r = write ? e->ops->fb_write(e->opaque, e->v.fb_addr + a, buf, n) :
		    e->ops->fb_read(e->opaque, e->v.fb_addr + a, buf, n);
	if (r)
		return chan_error(e, c, XID_CE0_ERROR, false, a,
				  "FB offset 0x%llx not backed by VRAM", (unsigned long long)a);
	return true;
}

/* [off, off + (lines - 1) * pitch + len) inside [0, fb_size)? */
static bool fb_extent_ok(uint64_t off, uint64_t lines, uint64_t pitch, uint64_t len,
			 uint64_t fb_size)
{
	uint64_t span;

	if (lines > 1 && pitch && (lines - 1) > (UINT64_MAX - len) / pitch)
		return false;
	span = (lines - 1) * pitch + len;
	return off <= fb_size && span <= fb_size - off;
}

static bool ce_side(struct nvsim_exec *e, struct chan *c, uint32_t phys, uint64_t off,
		    uint32_t pitch, uint64_t lines, uint64_t len, const char *name,
		    struct side *s)
{
	uint32_t t = PHYS_TARGET(phys);

	if (PHYS_FLA(phys))
		return chan_error(e, c, XID_CE0_ERROR, false, off,
				  "%s: FLA addressing not simulated", name);
	if (t == PHYS_TARGET_PEERMEM)
		return chan_error(e, c, XID_CE0_ERROR, false, off,
				  "%s: PEERMEM aperture not simulated", name);
	s->fb = t == PHYS_TARGET_LOCAL_FB;
	s->base = off;
	s->pitch = pitch;
	if (s->fb && !fb_extent_ok(off, lines, pitch, len, e->v.fb_size))
		return chan_error(e, c, XID_CE0_ERROR, false, off,
				  "%s: FB range 0x%llx (%llu lines of %llu, pitch %u) beyond "
				  "the vGPU's FB of 0x%llx", name, (unsigned long long)off,
				  (unsigned long long)lines, (unsigned long long)len, pitch,
				  (unsigned long long)e->v.fb_size);
	return true;
}

static bool ce_copy(struct nvsim_exec *e, struct chan *c, uint32_t ld)
{
	struct ce_state *ce = &c->ce;
	uint64_t lines = LD_MULTI_LINE(ld) ? ce->line_count : 1, len = ce->line_length;
	uint32_t pin = LD_MULTI_LINE(ld) ? ce->pitch_in : 0;
	uint32_t pout = LD_MULTI_LINE(ld) ? ce->pitch_out : 0;
	struct side src, dst;

	if (!LD_SRC_LAYOUT_PITCH(ld) || !LD_DST_LAYOUT_PITCH(ld))
		return chan_error(e, c, XID_CE0_ERROR, false, 0,
				  "LAUNCH_DMA 0x%08x: BLOCKLINEAR layout not simulated", ld);
	if (!LD_SRC_PHYSICAL(ld) || !LD_DST_PHYSICAL(ld))
		return chan_error(e, c, XID_CE0_ERROR, false, 0,
				  "LAUNCH_DMA 0x%08x: VIRTUAL addressing not simulated "
				  "(the VF has no GPU VA space)", ld);
	if (LD_REMAP(ld))
		return chan_error(e, c, XID_CE0_ERROR, false, 0,
				  "LAUNCH_DMA 0x%08x: REMAP not simulated", ld);
	if (!len || !lines)
		return true;
	if (lines * len > NVSIM_EXEC_MAX_COPY || lines > NVSIM_EXEC_MAX_COPY)
		return chan_error(e, c, XID_CE0_ERROR, false, 0,
				  "LAUNCH_DMA: %llu x %llu bytes exceed the simulator's 1 GiB",
				  (unsigned long long)lines, (unsigned long long)len);
	if (!ce_side(e, c, ce->src_phys, ce->in, pin, lines, len, "source", &src) ||
	    !ce_side(e, c, ce->dst_phys, ce->out, pout, lines, len, "destination", &dst))
		return false;
	for (uint64_t l = 0; l < lines; l++) {
		uint64_t sa = src.base + l * src.pitch, da = dst.base + l * dst.pitch;

		for (uint64_t done = 0; done < len;) {
			size_t n = len - done < CHUNK ? (size_t)(len - done) : CHUNK;

			if (!side_io(e, c, &src, sa + done, e->buf, n, false) ||
			    !side_io(e, c, &dst, da + done, e->buf, n, true))
				return false;
			done += n;
			e->cnt.bytes_copied += n;
		}
	}
	return true;
}

/* ONE_WORD: payload (4 or, with PAYLOAD_SIZE TWO_WORD, 8 bytes).
 * FOUR_WORD: payload, zero to 8 bytes, then the 64-bit timestamp. */
static bool ce_semaphore(struct nvsim_exec *e, struct chan *c, uint32_t ld)
{
	struct ce_state *ce = &c->ce;
	uint8_t s[16];
	uint64_t ts;
	size_t n;

	memset(s, 0, sizeof(s));
	memcpy(s, &ce->payload, 4);
	n = 4;
	if (LD_PAYLOAD_TWO_WORD(ld)) {
		if (ce->cls != CLASS_AMPERE_DMA_COPY_B)
			return chan_error(e, c, XID_CE0_ERROR, false, 0,
					  "LAUNCH_DMA: two-word payload needs class 0xc7b5");
		memcpy(s + 4, &ce->payload_upper, 4);
		n = 8;
	}
	if (LD_SEMAPHORE_TYPE(ld) == LD_SEM_FOUR_WORD) {
		ts = e->ops->now_ns ? e->ops->now_ns(e->opaque) : 0;
		memcpy(s + 8, &ts, 8);
		n = 16;
	}
	if (!dma_wr(e, c, ce->sem_addr, s, n, "semaphore"))
		return false;
	c->sem_releases++;
	e->cnt.sem_releases++;
	return true;
}

static bool ce_launch(struct nvsim_exec *e, struct chan *c, uint32_t ld)
{
	uint32_t xfer = LD_DATA_TRANSFER_TYPE(ld), sem = LD_SEMAPHORE_TYPE(ld);
	uint32_t intr = LD_INTERRUPT_TYPE(ld);

	if (xfer == 3 || sem == 3 || intr == 3 || intr == LD_INTR_BLOCKING ||
	    LD_REDUCTION_ENABLE(ld) || LD_VPRMODE(ld))
		return chan_error(e, c, XID_CE0_ERROR, false, 0,
				  "LAUNCH_DMA 0x%08x: invalid or not simulated (transfer %u, "
				  "semaphore %u, interrupt %u, reduction, VPR)", ld, xfer, sem,
				  intr);
	if (xfer && !ce_copy(e, c, ld))
		return false;
	if (sem != LD_SEM_NONE && !ce_semaphore(e, c, ld))
		return false;
	if (intr == LD_INTR_NON_BLOCKING)
		nonstall(e);
	c->launches++;
	e->cnt.launches++;
	return true;
}

static bool ce_method(struct nvsim_exec *e, struct chan *c, uint32_t m, uint32_t d)
{
	struct ce_state *ce = &c->ce;

	switch (m) {
	case CE_NOP:
		return true;
	case CE_SET_SEMAPHORE_A:
		ce->sem_addr = (ce->sem_addr & 0xffffffffull) | (uint64_t)(d & 0x1ffff) << 32;
		return true;
	case CE_SET_SEMAPHORE_B:
		ce->sem_addr = (ce->sem_addr & ~0xffffffffull) | d;
		return true;
	case CE_SET_SEMAPHORE_PAYLOAD:
		ce->payload = d;
		return true;
	case CE_SET_SEMAPHORE_PAYLOAD_UPPER:
		if (ce->cls != CLASS_AMPERE_DMA_COPY_B)
			break;
		ce->payload_upper = d;
		return true;
	case CE_SET_SRC_PHYS_MODE:
		ce->src_phys = d;
		return true;
	case CE_SET_DST_PHYS_MODE:
		ce->dst_phys = d;
		return true;
	case CE_LAUNCH_DMA:
		return ce_launch(e, c, d);
	case CE_OFFSET_IN_UPPER:
		ce->in = (ce->in & 0xffffffffull) | (uint64_t)(d & 0x1ffff) << 32;
		return true;
	case CE_OFFSET_IN_LOWER:
		ce->in = (ce->in & ~0xffffffffull) | d;
		return true;
	case CE_OFFSET_OUT_UPPER:
		ce->out = (ce->out & 0xffffffffull) | (uint64_t)(d & 0x1ffff) << 32;
		return true;
	case CE_OFFSET_OUT_LOWER:
		ce->out = (ce->out & ~0xffffffffull) | d;
		return true;
	case CE_PITCH_IN:
		ce->pitch_in = d;
		return true;
	case CE_PITCH_OUT:
		ce->pitch_out = d;
		return true;
	case CE_LINE_LENGTH_IN:
		ce->line_length = d;
		return true;
	case CE_LINE_COUNT:
		ce->line_count = d;
		return true;
	}
	return chan_error(e, c, XID_CE0_ERROR, false, m,
			  "copy class 0x%04x method 0x%03x (data 0x%08x) unknown or not simulated",
			  ce->cls, m, d);
}

static bool host_semaphore(struct nvsim_exec *e, struct chan *c, uint32_t d)
{
	uint8_t s[16];
	uint64_t ts;
	size_t n = 4;

	if (SEMD_OPERATION(d) != SEMD_OP_RELEASE)
		return chan_error(e, c, XID_PBDMA_ERROR, false, HM_SEMAPHORED,
				  "SEMAPHORED operation 0x%x not simulated (only RELEASE)",
				  SEMD_OPERATION(d));
	memset(s, 0, sizeof(s));
	memcpy(s, &c->hsem_payload, 4);
	if (!SEMD_RELEASE_SIZE_4BYTE(d)) {
		ts = e->ops->now_ns ? e->ops->now_ns(e->opaque) : 0;
		memcpy(s + 8, &ts, 8);
		n = 16;
	}
	if (!dma_wr(e, c, c->hsem_addr, s, n, "host semaphore"))
		return false;
	c->sem_releases++;
	e->cnt.sem_releases++;
	return true;
}

static bool method(struct nvsim_exec *e, struct chan *c, uint32_t subch, uint32_t maddr,
		   uint32_t d)
{
	uint32_t m = maddr << 2;

	if (m <= HM_LAST) {
		switch (m) {
		case HM_SET_OBJECT:
			if ((d & 0xffff) != CLASS_AMPERE_DMA_COPY_A &&
			    (d & 0xffff) != CLASS_AMPERE_DMA_COPY_B)
				return chan_error(e, c, XID_PBDMA_ERROR, false, m,
						  "SET_OBJECT class 0x%04x on subchannel %u: "
						  "only the copy engine (0xc6b5/0xc7b5) runs here",
						  d & 0xffff, subch);
			c->subch_class[subch] = d & 0xffff;
			return true;
		case HM_NOP:
			return true;
		case HM_SEMAPHOREA:
			c->hsem_addr = (c->hsem_addr & 0xffffffffull) | (uint64_t)(d & 0xff) << 32;
			return true;
		case HM_SEMAPHOREB:
			c->hsem_addr = (c->hsem_addr & ~0xffffffffull) | (d & ~3u);
			return true;
		case HM_SEMAPHOREC:
			c->hsem_payload = d;
			return true;
		case HM_SEMAPHORED:
			return host_semaphore(e, c, d);
		case HM_NON_STALL_INTERRUPT:
			nonstall(e);
			return true;
		}
		return chan_error(e, c, XID_PBDMA_ERROR, false, m,
				  "host method 0x%03x (data 0x%08x) not simulated", m, d);
	}
	/* dev_ram.ref: subchannels 0-4 go to the runlist's engine */
	if (subch > 4)
		return chan_error(e, c, XID_PBDMA_ERROR, false, m,
				  "method 0x%03x on subchannel %u: no engine (software "
				  "methods are not simulated)", m, subch);
	if (!c->subch_class[subch])
		return chan_error(e, c, XID_PBDMA_ERROR, false, m,
				  "method 0x%03x on subchannel %u before SET_OBJECT", m, subch);
	c->ce.cls = c->subch_class[subch];
	return ce_method(e, c, m, d);
}

/* Feed one pushbuffer dword; false on error or END_PB_SEGMENT (*end). */
static bool pb_word(struct nvsim_exec *e, struct chan *c, uint32_t w, bool *end)
{
	uint32_t op;

	if (c->pb_count) {
		c->pb_count--;
		if (!method(e, c, c->pb_subch, c->pb_addr, w))
			return false;
		if (c->pb_mode == PB_INC) {
			c->pb_addr = (c->pb_addr + 1) & 0xfff;
		} else if (c->pb_mode == PB_ONE_INC) {
			c->pb_addr = (c->pb_addr + 1) & 0xfff;
			c->pb_mode = PB_NON_INC;
		}
		if (!c->pb_count)
			c->pb_mode = PB_IDLE;
		return true;
	}
	if (!w)			/* NV_FIFO_DMA_NOP */
		return true;
	op = PB_SEC_OP(w);
	switch (op) {
	case PB_SEC_INC:
	case PB_SEC_NON_INC:
	case PB_SEC_ONE_INC:
		c->pb_mode = op == PB_SEC_INC ? PB_INC : op == PB_SEC_NON_INC ? PB_NON_INC :
			     PB_ONE_INC;
		c->pb_count = PB_COUNT(w);
		c->pb_subch = PB_SUBCH(w);
		c->pb_addr = PB_ADDR(w);
		if (!c->pb_count)
			c->pb_mode = PB_IDLE;
		return true;
	case PB_SEC_IMMD:
		return method(e, c, PB_SUBCH(w), PB_ADDR(w), PB_IMMD_DATA(w));
	case PB_SEC_END_SEGMENT:
		*end = true;
		return false;
	case PB_SEC_GRP0:
		return chan_error(e, c, XID_PBDMA_ERROR, false, w,
				  "pushbuffer entry 0x%08x: subdevice-mask control (TERT_OP %u) "
				  "not simulated", w, PB_TERT_OP(w));
	}
	return chan_error(e, c, XID_PBDMA_ERROR, false, w,
			  "pushbuffer entry 0x%08x: invalid SEC_OP %u", w, op);
}

/* Fetch and execute one pushbuffer segment. */
static bool pb_segment(struct nvsim_exec *e, struct chan *c, uint64_t addr, uint32_t dwords)
{
	uint32_t words[1024];
	bool end = false;

	for (uint32_t done = 0; done < dwords;) {
		uint32_t n = dwords - done < 1024 ? dwords - done : 1024;

		if (!dma_rd(e, c, addr + (uint64_t)done * 4, words, n * 4, "pushbuffer"))
			return false;
		for (uint32_t i = 0; i < n; i++) {
			if (!pb_word(e, c, words[i], &end))
				return end;	/* END_PB_SEGMENT: rest skipped */
		}
		done += n;
	}
	return true;
}

/* Run one channel for at most *budget GP entries. */
static void run_channel(struct nvsim_exec *e, struct chan *c, uint32_t *budget)
{
	uint32_t gp_put, ent[2];

	c->state = NVSIM_EXEC_CHAN_IDLE;
	if (!dma_rd(e, c, c->userd + USERD_GP_PUT, &gp_put, 4, "USERD GP_PUT"))
		return;
	if (gp_put >= c->entries) {
		chan_error(e, c, XID_PBDMA_ERROR, false, gp_put,
			   "GP_PUT %u beyond the GPFIFO's %u entries", gp_put, c->entries);
		return;
	}
	while (c->gp_get != gp_put && *budget) {
		uint64_t a = c->gpfifo + (uint64_t)c->gp_get * GP_ENTRY_SIZE;
		uint32_t len;

		if (!dma_rd(e, c, a, ent, sizeof(ent), "GP entry"))
			return;
		len = GP1_LENGTH(ent[1]);
		if (!len) {
			if (GP1_OPCODE(ent[1]) != GP_OPCODE_NOP) {
				chan_error(e, c, XID_PBDMA_ERROR, false, a,
					   "GP entry %u: control opcode %u not simulated",
					   c->gp_get, GP1_OPCODE(ent[1]));
				return;
			}
		} else {
			uint64_t pb = (uint64_t)GP1_GET_HI(ent[1]) << 32 | (ent[0] & ~3u);

			if (!pb_segment(e, c, pb, len))
				return;
		}
		c->gp_get = (c->gp_get + 1) & (c->entries - 1);
		e->cnt.gp_entries++;
		(*budget)--;
		if (!dma_wr(e, c, c->userd + USERD_GP_GET, &c->gp_get, 4, "USERD GP_GET"))
			return;
	}
	if (c->gp_get != gp_put)
		c->state = NVSIM_EXEC_CHAN_PENDING;
}

bool nvsim_exec_run(struct nvsim_exec *e)
{
	uint32_t budget = NVSIM_EXEC_GP_BUDGET;

	get_vgpu(e, &e->v);
	if (!e->ch)
		return false;
	if (!e->v.live || e->v.chid_offset != e->offset || e->v.num_chids != e->num) {
		drop_channels(e);
		return false;
	}
	/* no DMA at all unless the plugin runs and bus mastering is on;
	 * pending channels wait for nvsim_exec_sync() */
	if (!e->v.running || !e->v.bus_master)
		return false;
	for (uint32_t k = 0; k < e->num && budget; k++) {
		uint32_t i = (e->rr + k) % e->num;

		if (e->ch && e->ch[i].state == NVSIM_EXEC_CHAN_PENDING)
			run_channel(e, &e->ch[i], &budget);
	}
	if (e->num)
		e->rr = (e->rr + 1) % e->num;
	return any_pending(e);
}
