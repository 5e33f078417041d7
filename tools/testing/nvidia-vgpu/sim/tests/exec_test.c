// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * exec_test: drives the VF execution core (sim/gsp/exec.c) the way a
 * guest driver would - channel requests, GPFIFO/USERD/pushbuffers in
 * "guest memory", doorbells - with a fake host: sysmem behind an IOVA
 * window (anything outside it is an IOMMU refusal), a VRAM with two
 * neighbouring vGPU FBs, MSI-X and event recorders. Pushbuffers are
 * built here from the documented formats, independently of the core.
 * The last test wires the core to the real GSP core (fake_host) and
 * checks the r535 events the host receives.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"
#include "check.h"
#include "nvsim_exec.h"
#include "nvsim_vf_regs.h"

#define MiB (1ull << 20)

/* the guest-visible status codes are the core's */
_Static_assert(NVSIM_EXEC_OK == NVSIM_VF_MBOX_ST_OK, "status");
_Static_assert(NVSIM_EXEC_NOT_READY == NVSIM_VF_MBOX_ST_NOT_READY, "status");
_Static_assert(NVSIM_EXEC_NO_CHANNEL == NVSIM_VF_MBOX_ST_NO_CHANNEL, "status");
_Static_assert(NVSIM_EXEC_BAD_ARG == NVSIM_VF_MBOX_ST_BAD_ARG, "status");
_Static_assert(NVSIM_EXEC_INTR_NONSTALL == NVSIM_VF_EXEC_INTR_NONSTALL, "intr");
_Static_assert(NVSIM_EXEC_INTR_FAULT == NVSIM_VF_EXEC_INTR_FAULT, "intr");
_Static_assert(NVSIM_EXEC_VEC_NONSTALL == NVSIM_VF_MSIX_VEC_NONSTALL, "vector");
_Static_assert(NVSIM_EXEC_VEC_FAULT == NVSIM_VF_MSIX_VEC_FAULT, "vector");
_Static_assert(NVSIM_EXEC_CHAN_ERROR == NVSIM_VF_CHAN_ERROR, "state");
_Static_assert(NVSIM_EXEC_CHAN_IDLE == NVSIM_VF_CHAN_IDLE, "state");

/* ---- fake host ---- */

#define SYS_IOVA	0x100000000ull	/* guest memory window */
#define SYS_SIZE	(8 * MiB)
#define VRAM_SIZE	(64 * MiB)
#define FB_A		(16 * MiB)	/* this VF's vGPU */
#define FB_B		(32 * MiB)	/* the neighbour's */
#define FB_LEN		(16 * MiB)
#define CHID_OFF	100
#define NCHID		4

#define MAX_ERR		64

struct th {
	struct nvsim_exec *e;
	uint8_t *sys, *vram;
	struct nvsim_exec_vgpu v;
	int irqs[4];
	int kicks;
	struct nvsim_exec_error err[MAX_ERR];
	int nerr;
	uint64_t dma_reads, dma_writes;
	uint64_t now;
	struct fh *gsp_host;	/* non-NULL: events go to the GSP core */
	/* guest-side layout */
	uint64_t gpfifo, userd, pb, sem;	/* IOVAs */
	uint32_t entries, gp_put, chid, token;
	uint32_t pbw;				/* next free pushbuffer dword */
};

static bool sys_ok(uint64_t a, size_t n)
{
	return a >= SYS_IOVA && n <= SYS_SIZE && a - SYS_IOVA <= SYS_SIZE - n;
}

static int h_dma_read(void *o, uint64_t a, void *b, size_t n)
{
	struct th *t = o;

	t->dma_reads++;
	if (!sys_ok(a, n))
		return -1;
	memcpy(b, t->sys + (a - SYS_IOVA), n);
	return 0;
}

static int h_dma_write(void *o, uint64_t a, const void *b, size_t n)
{
	struct th *t = o;

	t->dma_writes++;
	if (!sys_ok(a, n))
		return -1;
	memcpy(t->sys + (a - SYS_IOVA), b, n);
	return 0;
}

/* Only VRAM bounds here: the vGPU's FB bounds are the core's job. */
static int h_fb_read(void *o, uint64_t a, void *b, size_t n)
{
	struct th *t = o;

	if (a > VRAM_SIZE || n > VRAM_SIZE - a)
		return -1;
	memcpy(b, t->vram + a, n);
	return 0;
}

static int h_fb_write(void *o, uint64_t a, const void *b, size_t n)
{
	struct th *t = o;

	if (a > VRAM_SIZE || n > VRAM_SIZE - a)
		return -1;
	memcpy(t->vram + a, b, n);
	return 0;
}

static void h_vgpu(void *o, struct nvsim_exec_vgpu *v)
{
	*v = ((struct th *)o)->v;
}

static void h_irq(void *o, unsigned int vec)
{
	struct th *t = o;

	if (vec < 4)
		t->irqs[vec]++;
}

static void h_err(void *o, const struct nvsim_exec_error *e)
{
	struct th *t = o;

	if (t->nerr < MAX_ERR)
		t->err[t->nerr++] = *e;
	if (t->gsp_host)
		nvsim_gsp_vf_channel_error(t->gsp_host->gsp, t->v.gfid, e->chid, e->xid,
					   e->mmu_fault, e->text);
}

static void h_kick(void *o)
{
	((struct th *)o)->kicks++;
}

static uint64_t h_now(void *o)
{
	return ((struct th *)o)->now;
}

static void h_log(void *o, const char *line)
{
	(void)o;
	if (getenv("EXEC_TEST_LOG"))
		printf("# log: %s\n", line);
}

static const struct nvsim_exec_ops ops = {
	.vgpu = h_vgpu, .dma_read = h_dma_read, .dma_write = h_dma_write,
	.fb_read = h_fb_read, .fb_write = h_fb_write, .irq = h_irq,
	.channel_error = h_err, .kick = h_kick, .now_ns = h_now, .log = h_log,
};

static struct th *th_new(void)
{
	struct th *t = calloc(1, sizeof(*t));

	t->sys = calloc(1, SYS_SIZE);
	t->vram = calloc(1, VRAM_SIZE);
	t->e = nvsim_exec_new(&ops, t);
	t->v = (struct nvsim_exec_vgpu){
		.live = true, .configured = true, .running = true, .bus_master = true,
		.gfid = 3, .fb_addr = FB_A, .fb_size = FB_LEN,
		.chid_offset = CHID_OFF, .num_chids = NCHID,
	};
	t->now = 0x123456789ull;
	return t;
}

static void th_free(struct th *t)
{
	nvsim_exec_free(t->e);
	free(t->sys);
	free(t->vram);
	free(t);
}

static uint8_t *sysp(struct th *t, uint64_t iova)
{
	return t->sys + (iova - SYS_IOVA);
}

static uint32_t sys32(struct th *t, uint64_t iova)
{
	uint32_t v;

	memcpy(&v, sysp(t, iova), 4);
	return v;
}

static void wsys32(struct th *t, uint64_t iova, uint32_t v)
{
	memcpy(sysp(t, iova), &v, 4);
}

/* ---- guest side: formats from dev_ram.ref / dev_pbdma.ref ---- */

/* the header's encodings agree with the ones written here */
#define HDR_EQ(a, b) _Static_assert((a) == (b), #a)
HDR_EQ(NVSIM_PB_INC(4, 0x300, 1), 0x20018000u | (0x300 >> 2));
HDR_EQ(NVSIM_PB_NON_INC(1, 0x248, 3), 0x60032000u | (0x248 >> 2));
HDR_EQ(NVSIM_PB_IMMD(1, 0x300, 8), 0x80082000u | (0x300 >> 2));
HDR_EQ(NVSIM_PB_ONE_INC(0, 0x418, 3), 0xa0030000u | (0x418 >> 2));
HDR_EQ(NVSIM_GP_ENTRY1(0x1234567890ull, 5), 0x12u | 5u << 10);
HDR_EQ(NVSIM_GP_ENTRY0(0x1234567890ull), 0x34567890u);


#define hdr(sec_op, subch, mthd, count) \
	((uint32_t)(sec_op) << 29 | (uint32_t)(count) << 16 | (uint32_t)(subch) << 13 | \
	 ((uint32_t)(mthd) >> 2))

#define INC(s, m, n)	hdr(1, s, m, n)
#define NONINC(s, m, n)	hdr(3, s, m, n)
#define IMMD(s, m, d)	hdr(4, s, m, d)
#define ONEINC(s, m, n)	hdr(5, s, m, n)
#define END_SEG		(7u << 29)

/* clc7b5.h / clc56f.h offsets, written from the headers */
#define M_SET_OBJECT	0x000
#define M_NON_STALL	0x020
#define M_SEMA		0x010
#define C_SEM_A		0x240
#define C_SRC_PHYS	0x260
#define C_LAUNCH	0x300
#define C_OFFSET_IN_UP	0x400
#define C_PITCH_IN	0x410
#define C_LINE_LEN	0x418
#define LD_XFER_NP	(2u << 0)
#define LD_SEM_ONE	(1u << 3)
#define LD_SEM_FOUR	(2u << 3)
#define LD_INTR_NB	(2u << 5)
#define LD_INTR_BLK	(1u << 5)
#define LD_PITCH	(1u << 7 | 1u << 8)
#define LD_MULTI	(1u << 9)
#define LD_PHYS		(1u << 12 | 1u << 13)
#define LD_2WORD	(1u << 27)
#define AP_FB		0
#define AP_SYS		1

/* Allocate a channel with its GPFIFO/USERD/pushbuffer in sysmem. */
static uint32_t chan_alloc(struct th *t, uint32_t entries)
{
	struct nvsim_exec_chan_params p = {
		.gpfifo = SYS_IOVA + 0x1000, .entries = entries, .userd = SYS_IOVA + 0x200,
	};
	struct nvsim_exec_chan_reply r;
	uint32_t st = nvsim_exec_chan_alloc(t->e, &p, &r);

	t->gpfifo = p.gpfifo;
	t->userd = p.userd;
	t->entries = entries;
	t->pb = SYS_IOVA + 0x10000;
	t->sem = SYS_IOVA + 0x100;
	t->pbw = 0;
	t->gp_put = 0;
	t->chid = r.chid;
	t->token = r.token;
	return st;
}

static uint64_t pb_here(struct th *t)
{
	return t->pb + t->pbw * 4ull;
}

static void pb(struct th *t, uint32_t w)
{
	wsys32(t, pb_here(t), w);
	t->pbw++;
}

/* GP entry for [start, current end) of the pushbuffer, GP_PUT, doorbell */
static void submit(struct th *t, uint64_t start)
{
	uint64_t e = t->gpfifo + t->gp_put * 8ull;
	uint32_t len = (uint32_t)((pb_here(t) - start) / 4);

	wsys32(t, e, (uint32_t)start & ~3u);
	wsys32(t, e + 4, (uint32_t)(start >> 32) | len << 10);
	t->gp_put = (t->gp_put + 1) % t->entries;
	wsys32(t, t->userd + 0x8c, t->gp_put);
	nvsim_exec_doorbell(t->e, t->token);
}

static int run_all(struct th *t)
{
	int n = 0;

	while (nvsim_exec_run(t->e) && n < 1000)
		n++;
	return n;
}

/* SET_OBJECT + semaphore address + a copy of len bytes with LAUNCH_DMA ld */
static void emit_copy(struct th *t, uint32_t src_ap, uint64_t src, uint32_t dst_ap,
		      uint64_t dst, uint32_t len, uint32_t ld, uint32_t payload)
{
	pb(t, INC(4, M_SET_OBJECT, 1));
	pb(t, 0xc7b5);
	pb(t, INC(4, C_SEM_A, 3));
	pb(t, (uint32_t)(t->sem >> 32));
	pb(t, (uint32_t)t->sem);
	pb(t, payload);
	pb(t, INC(4, C_SRC_PHYS, 2));
	pb(t, src_ap);
	pb(t, dst_ap);
	pb(t, INC(4, C_OFFSET_IN_UP, 4));
	pb(t, (uint32_t)(src >> 32));
	pb(t, (uint32_t)src);
	pb(t, (uint32_t)(dst >> 32));
	pb(t, (uint32_t)dst);
	pb(t, INC(4, C_LINE_LEN, 1));
	pb(t, len);
	pb(t, INC(4, C_LAUNCH, 1));
	pb(t, ld);
}

static struct nvsim_exec_chan_info info(struct th *t, uint32_t chid)
{
	struct nvsim_exec_chan_info i;

	nvsim_exec_chan_info(t->e, chid, &i);
	return i;
}

static void fill(uint8_t *p, size_t n, uint32_t seed)
{
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
}

/* ---- tests ---- */

static void test_chan_range(struct th *t)
{
	struct nvsim_exec_chan_params p = { SYS_IOVA + 0x1000, 16, SYS_IOVA + 0x200 };
	struct nvsim_exec_chan_reply r;
	uint32_t seen = 0;

	for (int i = 0; i < NCHID; i++) {
		CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_OK);
		CHECK(r.chid >= CHID_OFF && r.chid < CHID_OFF + NCHID);
		CHECK_EQ(r.index, r.chid - CHID_OFF);
		CHECK_EQ(r.token, r.chid);	/* CHID 11:0, runlist 0 */
		seen |= 1u << (r.chid - CHID_OFF);
	}
	CHECK_EQ(seen, (1u << NCHID) - 1);
	/* more than numChannels: clean refusal */
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_NO_CHANNEL);
	/* free one, get it back */
	CHECK_EQ(nvsim_exec_chan_free(t->e, CHID_OFF + 2), NVSIM_EXEC_OK);
	CHECK_EQ(nvsim_exec_chan_free(t->e, CHID_OFF + 2), NVSIM_EXEC_BAD_ARG);
	CHECK_EQ(nvsim_exec_chan_free(t->e, CHID_OFF + NCHID), NVSIM_EXEC_BAD_ARG);
	CHECK_EQ(nvsim_exec_chan_free(t->e, CHID_OFF - 1), NVSIM_EXEC_BAD_ARG);
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_OK);
	CHECK_EQ(r.chid, CHID_OFF + 2);
	/* bad arguments */
	p.entries = 12;
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_BAD_ARG);
	p.entries = 16;
	p.userd += 8;
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_BAD_ARG);
	p.userd -= 8;
	p.gpfifo += 4;
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_BAD_ARG);
	p.gpfifo = ~7ull;		/* would wrap past 2^64 */
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_BAD_ARG);
	p.gpfifo = (1ull << 40) - 64;	/* GP entries hold 40-bit addresses */
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_BAD_ARG);
	p.gpfifo = SYS_IOVA + 0x1004;
	/* not configured: NOT_READY */
	nvsim_exec_reset(t->e);
	t->v.configured = t->v.running = false;
	p.gpfifo -= 4;
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_NOT_READY);
	t->v.live = false;
	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_NOT_READY);
	/* no guest memory touched by allocation */
	CHECK_EQ(t->dma_reads + t->dma_writes, 0);
}

/* The vGPU goes away (shutdown) or is replaced: its channels go too. */
static void test_chan_vgpu_gone(struct th *t)
{
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	t->v.live = false;
	nvsim_exec_sync(t->e);
	t->v.live = true;
	t->v.chid_offset = 200;
	CHECK_EQ(nvsim_exec_chan_info(t->e, CHID_OFF, &(struct nvsim_exec_chan_info){0}),
		 NVSIM_EXEC_BAD_ARG);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	CHECK_EQ(t->chid, 200);
}

static void test_copy_sys_fb_sys(struct th *t)
{
	const uint32_t len = 200000;	/* several internal chunks, not aligned */
	uint64_t src = SYS_IOVA + 1 * MiB + 3, back = SYS_IOVA + 4 * MiB + 1;
	uint64_t start;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	fill(sysp(t, src), len, 7);
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, 0x12345, len,
		  LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE | LD_INTR_NB, 1);
	submit(t, start);
	start = pb_here(t);
	emit_copy(t, AP_FB, 0x12345, AP_SYS, back, len,
		  LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE | LD_INTR_NB, 2);
	submit(t, start);
	CHECK(t->kicks >= 2);
	/* nothing happens in the doorbell itself */
	CHECK_EQ(t->dma_reads, 0);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_PENDING);
	run_all(t);
	CHECK(!memcmp(t->vram + FB_A + 0x12345, sysp(t, src), len));
	CHECK(!memcmp(sysp(t, back), sysp(t, src), len));
	CHECK_EQ(sys32(t, t->sem), 2);
	CHECK_EQ(sys32(t, t->userd + 0x88), 2);		/* GP_GET written back */
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_IDLE);
	CHECK_EQ(info(t, t->chid).launches, 2);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_NONSTALL], 2);
	CHECK(nvsim_exec_intr(t->e) & NVSIM_EXEC_INTR_NONSTALL);
	nvsim_exec_intr_clear(t->e, NVSIM_EXEC_INTR_NONSTALL);
	CHECK_EQ(nvsim_exec_intr(t->e), 0);
	CHECK_EQ(t->nerr, 0);
	/* the neighbour's FB is untouched */
	for (uint64_t i = 0; i < FB_LEN; i += 4096)
		CHECK_EQ(t->vram[FB_B + i], 0);
}

static void test_copy_multiline(struct th *t)
{
	uint64_t src = SYS_IOVA + 1 * MiB, dst = SYS_IOVA + 2 * MiB, start;
	uint32_t lines = 5, len = 100, pin = 256, pout = 128;

	CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
	fill(sysp(t, src), 4096, 3);
	start = pb_here(t);
	pb(t, INC(0, M_SET_OBJECT, 1));
	pb(t, 0xc6b5);			/* AMPERE_DMA_COPY_A works too */
	pb(t, INC(0, C_SRC_PHYS, 2));
	pb(t, AP_SYS);
	pb(t, 2);			/* NONCOHERENT_SYSMEM */
	pb(t, INC(0, C_OFFSET_IN_UP, 8));
	pb(t, (uint32_t)(src >> 32));
	pb(t, (uint32_t)src);
	pb(t, (uint32_t)(dst >> 32));
	pb(t, (uint32_t)dst);
	pb(t, pin);
	pb(t, pout);
	pb(t, len);
	pb(t, lines);
	pb(t, INC(0, C_LAUNCH, 1));
	pb(t, LD_XFER_NP | LD_PITCH | LD_PHYS | LD_MULTI);
	pb(t, INC(0, 0x7f0, 0));	/* COUNT 0: no method at all */
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 0);
	for (uint32_t l = 0; l < lines; l++) {
		CHECK(!memcmp(sysp(t, dst + l * pout), sysp(t, src + l * pin), len));
		CHECK_EQ(sysp(t, dst + l * pout)[len], 0);	/* nothing past the line */
	}
}

/* Method headers: NON_INC, ONE_INC, IMMD, NOP, END_PB_SEGMENT, method
 * data continuing in the next GP entry. */
static void test_method_parsing(struct th *t)
{
	uint64_t start, s2;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	pb(t, 0);			/* NV_FIFO_DMA_NOP */
	pb(t, INC(1, M_SET_OBJECT, 1));
	pb(t, 0xc7b5);
	/* NON_INC: three writes to SEMAPHORE_PAYLOAD, the last one counts */
	pb(t, INC(1, C_SEM_A, 2));
	pb(t, (uint32_t)(t->sem >> 32));
	pb(t, (uint32_t)t->sem);
	pb(t, NONINC(1, 0x248, 3));
	pb(t, 11);
	pb(t, 22);
	pb(t, 33);
	/* ONE_INC: first to LINE_LENGTH_IN (0x418), rest to LINE_COUNT */
	pb(t, ONEINC(1, C_LINE_LEN, 3));
	pb(t, 0);
	pb(t, 9);
	pb(t, 1);
	/* IMMD: LAUNCH_DMA with a 13-bit operand: semaphore only (ONE_WORD) */
	pb(t, IMMD(1, C_LAUNCH, LD_SEM_ONE));
	/* a header whose data is in the next segment */
	pb(t, INC(1, 0x248, 1));
	submit(t, start);
	s2 = pb_here(t);
	pb(t, 44);			/* payload, continued */
	pb(t, IMMD(1, C_LAUNCH, LD_SEM_ONE | LD_INTR_NB));
	pb(t, END_SEG);
	pb(t, 0xffffffff);		/* skipped after END_PB_SEGMENT */
	submit(t, s2);
	run_all(t);
	CHECK_EQ(t->nerr, 0);
	CHECK_EQ(sys32(t, t->sem), 44);
	CHECK_EQ(info(t, t->chid).sem_releases, 2);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_IDLE);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_NONSTALL], 1);
	/* host NON_STALL_INTERRUPT method too, with a GP control NOP entry */
	start = pb_here(t);
	pb(t, INC(0, M_NON_STALL, 1));
	pb(t, 0);
	submit(t, start);
	wsys32(t, t->gpfifo + t->gp_put * 8ull, 0);	/* control entry, NOP */
	wsys32(t, t->gpfifo + t->gp_put * 8ull + 4, 0);
	t->gp_put = (t->gp_put + 1) % t->entries;
	wsys32(t, t->userd + 0x8c, t->gp_put);
	nvsim_exec_doorbell(t->e, t->token);
	run_all(t);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_NONSTALL], 2);
	CHECK_EQ(t->nerr, 0);
	CHECK_EQ(sys32(t, t->userd + 0x88), t->gp_put);
}

/* Semaphores: ONE_WORD, two-word payload, FOUR_WORD with timestamp,
 * host SEMAPHORED release; ordered after the copy. */
static void test_semaphore(struct th *t)
{
	uint64_t start;
	uint8_t *s;
	uint64_t v64;

	CHECK_EQ(chan_alloc(t, 16), NVSIM_EXEC_OK);
	memset(sysp(t, t->sem), 0xee, 16);
	start = pb_here(t);
	pb(t, INC(2, M_SET_OBJECT, 1));
	pb(t, 0xc7b5);
	pb(t, INC(2, C_SEM_A, 4));
	pb(t, (uint32_t)(t->sem >> 32));
	pb(t, (uint32_t)t->sem);
	pb(t, 0xcafe0001);
	pb(t, 0x00c0ffee);		/* PAYLOAD_UPPER (clc7b5) */
	pb(t, INC(2, C_LAUNCH, 1));
	pb(t, LD_SEM_FOUR | LD_2WORD);
	submit(t, start);
	t->now = 0x1122334455667788ull;
	run_all(t);
	s = sysp(t, t->sem);
	memcpy(&v64, s, 8);
	CHECK_EQ(v64, 0x00c0ffeecafe0001ull);
	memcpy(&v64, s + 8, 8);
	CHECK_EQ(v64, 0x1122334455667788ull);
	/* ONE_WORD writes 4 bytes only */
	memset(s, 0xee, 16);
	start = pb_here(t);
	pb(t, INC(2, 0x248, 1));
	pb(t, 0x77);
	pb(t, INC(2, C_LAUNCH, 1));
	pb(t, LD_SEM_ONE);
	submit(t, start);
	run_all(t);
	CHECK_EQ(sys32(t, t->sem), 0x77);
	CHECK_EQ(sys32(t, t->sem + 4), 0xeeeeeeee);
	/* host semaphore release, 4 bytes (clc56f SEMAPHORED RELEASE_SIZE_4BYTE) */
	start = pb_here(t);
	pb(t, INC(0, M_SEMA, 4));
	pb(t, (uint32_t)(t->sem >> 32));
	pb(t, (uint32_t)t->sem + 4);
	pb(t, 0x99);
	pb(t, 2 | 1u << 24);
	submit(t, start);
	run_all(t);
	CHECK_EQ(sys32(t, t->sem + 4), 0x99);
	CHECK_EQ(t->nerr, 0);
	CHECK_EQ(info(t, t->chid).sem_releases, 3);
}

static void test_fb_bounds(struct th *t)
{
	uint64_t src = SYS_IOVA + 1 * MiB, start;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	memset(sysp(t, src), 0x5a, 8192);
	/* 8 KiB ending 4 KiB past the FB: into the neighbour's FB */
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, FB_LEN - 4096, 8192,
		  LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE, 5);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 1);
	CHECK_EQ(t->err[0].xid, 39);
	CHECK(!t->err[0].mmu_fault);
	CHECK_EQ(t->err[0].chid, t->chid);
	/* nothing copied, not even the part inside the FB; no semaphore */
	CHECK_EQ(t->vram[FB_A + FB_LEN - 4096], 0);
	CHECK_EQ(t->vram[FB_B], 0);
	CHECK_EQ(sys32(t, t->sem), 0);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_ERROR);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_FAULT], 1);
	/* a stopped channel ignores its doorbell */
	nvsim_exec_doorbell(t->e, t->token);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_ERROR);
	/* an FB read beyond the FB from another channel: also refused */
	CHECK_EQ(nvsim_exec_chan_free(t->e, t->chid), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	memset(t->vram + FB_B, 0x77, 4096);
	start = pb_here(t);
	emit_copy(t, AP_FB, FB_LEN, AP_SYS, src, 16, LD_XFER_NP | LD_PITCH | LD_PHYS, 0);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 2);
	CHECK_EQ(t->vram[FB_B], 0x77);
	CHECK_EQ(sysp(t, src)[0], 0x5a);	/* the neighbour's data did not leak */
	/* multi-line: the last line crosses the end */
	CHECK_EQ(nvsim_exec_chan_free(t->e, t->chid), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	pb(t, INC(0, M_SET_OBJECT, 1));
	pb(t, 0xc7b5);
	pb(t, INC(0, C_SRC_PHYS, 2));
	pb(t, AP_SYS);
	pb(t, AP_FB);
	pb(t, INC(0, C_OFFSET_IN_UP, 8));
	pb(t, (uint32_t)(src >> 32));
	pb(t, (uint32_t)src);
	pb(t, 0);
	pb(t, (uint32_t)(FB_LEN - 4 * 4096));
	pb(t, 0);
	pb(t, 4096);
	pb(t, 4097);
	pb(t, 4);
	pb(t, INC(0, C_LAUNCH, 1));
	pb(t, LD_XFER_NP | LD_PITCH | LD_PHYS | LD_MULTI);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 3);
	CHECK_EQ(t->vram[FB_A + FB_LEN - 4 * 4096], 0);
	/* exactly up to the end is fine */
	CHECK_EQ(nvsim_exec_chan_free(t->e, t->chid), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, FB_LEN - 4096, 4096, LD_XFER_NP | LD_PITCH | LD_PHYS,
		  0);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 3);
	CHECK_EQ(t->vram[FB_A + FB_LEN - 1], 0x5a);
	CHECK_EQ(t->vram[FB_B], 0x77);	/* still the neighbour's */
	/* 64-bit overflow of offset + length */
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, 0x1ffffffffffffull, 0xffffffffu,
		  LD_XFER_NP | LD_PITCH | LD_PHYS, 0);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 4);
}

static void test_dma_fault(struct th *t)
{
	uint64_t start, bad = SYS_IOVA + SYS_SIZE + 0x1000;	/* never mapped */
	struct nvsim_exec_chan_info i;
	struct nvsim_exec_counters c;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	emit_copy(t, AP_FB, 0, AP_SYS, bad, 4096,
		  LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE | LD_INTR_NB, 9);
	submit(t, start);
	/* work queued behind the faulting one must not run */
	start = pb_here(t);
	pb(t, INC(4, M_NON_STALL, 1));
	pb(t, 0);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->nerr, 1);
	CHECK(t->err[0].mmu_fault);
	CHECK_EQ(t->err[0].xid, 31);
	CHECK_EQ(t->err[0].chid, t->chid);
	CHECK_EQ(t->err[0].addr, bad);
	i = info(t, t->chid);
	CHECK_EQ(i.state, NVSIM_EXEC_CHAN_ERROR);
	CHECK_EQ(i.xid, 31);
	CHECK_EQ(i.fault_addr, bad);
	CHECK_EQ(sys32(t, t->sem), 0);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_NONSTALL], 0);
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_FAULT], 1);
	CHECK(nvsim_exec_intr(t->e) & NVSIM_EXEC_INTR_FAULT);
	nvsim_exec_counters(t->e, &c);
	CHECK_EQ(c.mmu_faults, 1);
	CHECK_EQ(c.last_fault_chid, t->chid);
	/* a GPFIFO the IOMMU refuses */
	CHECK_EQ(nvsim_exec_chan_free(t->e, t->chid), NVSIM_EXEC_OK);
	{
		struct nvsim_exec_chan_params p = { bad, 8, SYS_IOVA + 0x200 };
		struct nvsim_exec_chan_reply r;

		CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_OK);
		wsys32(t, SYS_IOVA + 0x200 + 0x8c, 1);
		nvsim_exec_doorbell(t->e, r.token);
		run_all(t);
		CHECK_EQ(t->nerr, 2);
		CHECK(t->err[1].mmu_fault);
		CHECK_EQ(t->err[1].addr, bad);
	}
}

/* The other channel (and, in the QEMU device, the other VF with its own
 * core) keeps running after one channel faulted. */
static void test_fault_isolation(struct th *t)
{
	struct nvsim_exec_chan_params p = { SYS_IOVA + 0x40000, 8, SYS_IOVA + 0x400 };
	struct nvsim_exec_chan_reply good;
	uint64_t start;

	CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &good), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	pb(t, INC(0, 0x7f0, 1));	/* before SET_OBJECT: refused */
	pb(t, 0);
	submit(t, start);
	/* the good channel: a semaphore release from its own GPFIFO */
	start = pb_here(t);
	pb(t, INC(0, M_SEMA, 4));
	pb(t, (uint32_t)(t->sem >> 32));
	pb(t, (uint32_t)t->sem + 8);
	pb(t, 0xabc);
	pb(t, 2 | 1u << 24);
	wsys32(t, p.gpfifo, (uint32_t)start);
	wsys32(t, p.gpfifo + 4, (uint32_t)(start >> 32) | 5 << 10);
	wsys32(t, p.userd + 0x8c, 1);
	nvsim_exec_doorbell(t->e, good.token);
	run_all(t);
	CHECK_EQ(t->nerr, 1);
	CHECK_EQ(t->err[0].xid, 32);
	CHECK_EQ(sys32(t, t->sem + 8), 0xabc);
	CHECK_EQ(info(t, good.chid).state, NVSIM_EXEC_CHAN_IDLE);
}

static void expect_rc(struct th *t, int n, uint32_t xid, const char *what)
{
	if (t->nerr != n || t->err[n - 1].xid != xid || t->err[n - 1].mmu_fault) {
		t_fail++;
		printf("#   %s: %d errors, last Xid %u, expected %d with Xid %u\n", what,
		       t->nerr, t->nerr ? t->err[t->nerr - 1].xid : 0, n, xid);
	}
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_ERROR);
	nvsim_exec_chan_free(t->e, t->chid);
}

/* One bad thing per channel; each is an RC error that stops it. */
static void test_bad_methods(struct th *t)
{
	static const struct { uint32_t hdr, data, xid; const char *what; } bad[] = {
		{ INC(0, 0x7f0, 1), 0, 32, "engine method before SET_OBJECT" },
		{ INC(0, M_SET_OBJECT, 1), 0xc797, 32, "SET_OBJECT of a 3D class" },
		{ INC(5, M_SET_OBJECT, 1), 0xc7b5, 0, "subchannel 5 (ok) ..." },
		{ INC(0, 0x0040, 1), 0, 32, "unknown host method" },
		{ 2u << 29, 0, 32, "SEC_OP 2" },
		{ 6u << 29, 0, 32, "SEC_OP 6" },
		{ 1u << 16, 0, 32, "SET_SUBDEVICE_MASK" },
	};
	int n = 0;

	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		uint64_t start;

		CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
		start = pb_here(t);
		pb(t, bad[k].hdr);
		pb(t, bad[k].data);
		if (!bad[k].xid) {	/* SET_OBJECT on subch 5 is fine, its methods not */
			pb(t, INC(5, 0x300, 1));
			pb(t, 0);
		}
		submit(t, start);
		run_all(t);
		expect_rc(t, ++n, bad[k].xid ? bad[k].xid : 32, bad[k].what);
	}
	/* copy-class problems: Xid 39 */
	static const struct { uint32_t m, d; const char *what; } ce[] = {
		{ 0x7f0, 0, "unknown CE method" },
		{ 0x300, 3, "DATA_TRANSFER_TYPE 3" },
		{ 0x300, LD_XFER_NP | LD_PHYS, "BLOCKLINEAR" },
		{ 0x300, LD_XFER_NP | LD_PITCH, "VIRTUAL addresses" },
		{ 0x300, LD_INTR_BLK, "BLOCKING interrupt" },
		{ 0x300, 3u << 3, "CONDITIONAL_INTR semaphore" },
		{ 0x300, LD_XFER_NP | LD_PITCH | LD_PHYS | 1u << 10, "REMAP" },
	};
	for (size_t k = 0; k < sizeof(ce) / sizeof(ce[0]); k++) {
		uint64_t start;

		CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
		start = pb_here(t);
		pb(t, INC(1, M_SET_OBJECT, 1));
		pb(t, 0xc7b5);
		pb(t, INC(1, C_LINE_LEN, 1));
		pb(t, 16);
		pb(t, INC(1, ce[k].m, 1));
		pb(t, ce[k].d);
		submit(t, start);
		run_all(t);
		expect_rc(t, ++n, 39, ce[k].what);
	}
	/* GP_PUT beyond the ring, GP control opcode, PEERMEM aperture */
	CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
	wsys32(t, t->userd + 0x8c, 4);
	nvsim_exec_doorbell(t->e, t->token);
	run_all(t);
	expect_rc(t, ++n, 32, "GP_PUT beyond the ring");
	CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
	wsys32(t, t->gpfifo, 0);
	wsys32(t, t->gpfifo + 4, 3);	/* PB_CRC */
	wsys32(t, t->userd + 0x8c, 1);
	nvsim_exec_doorbell(t->e, t->token);
	run_all(t);
	expect_rc(t, ++n, 32, "GP control opcode");
	{
		uint64_t start;

		CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
		start = pb_here(t);
		emit_copy(t, 3, 0, AP_FB, 0, 16, LD_XFER_NP | LD_PITCH | LD_PHYS, 0);
		submit(t, start);
		run_all(t);
		expect_rc(t, ++n, 39, "PEERMEM");
	}
	CHECK_EQ(t->irqs[NVSIM_EXEC_VEC_FAULT], n);
}

static void test_bme_off(struct th *t)
{
	uint64_t src = SYS_IOVA + 1 * MiB, start;
	int kicks;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	memset(sysp(t, src), 0x42, 4096);
	t->v.bus_master = false;
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, 0, 4096, LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE,
		  1);
	submit(t, start);
	run_all(t);
	CHECK_EQ(t->dma_reads + t->dma_writes, 0);
	CHECK_EQ(t->vram[FB_A], 0);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_PENDING);
	/* plugin not RUNNING (BME off through the mailbox): no work either */
	t->v.bus_master = true;
	t->v.running = false;
	run_all(t);
	CHECK_EQ(t->dma_reads + t->dma_writes, 0);
	/* both on again: sync kicks, the work runs */
	t->v.running = true;
	kicks = t->kicks;
	nvsim_exec_sync(t->e);
	CHECK(t->kicks > kicks);
	run_all(t);
	CHECK_EQ(t->vram[FB_A], 0x42);
	CHECK_EQ(sys32(t, t->sem), 1);
	CHECK_EQ(t->nerr, 0);
}

static void test_flr(struct th *t)
{
	uint64_t src = SYS_IOVA + 1 * MiB, start;
	struct nvsim_exec_chan_params p = { SYS_IOVA + 0x1000, 8, SYS_IOVA + 0x200 };
	struct nvsim_exec_chan_reply r;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	emit_copy(t, AP_SYS, src, AP_FB, 0, 4096, LD_XFER_NP | LD_PITCH | LD_PHYS, 0);
	submit(t, start);
	nvsim_exec_reset(t->e);		/* FLR before the work ran */
	run_all(t);
	CHECK_EQ(t->dma_reads, 0);
	CHECK_EQ(nvsim_exec_chan_info(t->e, t->chid, &(struct nvsim_exec_chan_info){0}),
		 NVSIM_EXEC_BAD_ARG);
	nvsim_exec_doorbell(t->e, t->token);	/* ignored */
	run_all(t);
	CHECK_EQ(t->dma_reads, 0);
	/* every channel is free again */
	for (int i = 0; i < NCHID; i++)
		CHECK_EQ(nvsim_exec_chan_alloc(t->e, &p, &r), NVSIM_EXEC_OK);
	/* a stopped channel and the interrupt state are cleared too */
	nvsim_exec_reset(t->e);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	pb(t, 6u << 29);
	submit(t, start);
	run_all(t);
	CHECK(nvsim_exec_intr(t->e) & NVSIM_EXEC_INTR_FAULT);
	nvsim_exec_reset(t->e);
	CHECK_EQ(nvsim_exec_intr(t->e), 0);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	CHECK_EQ(t->chid, CHID_OFF);
}

static void test_doorbell_ignored(struct th *t)
{
	struct nvsim_exec_counters c;

	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	nvsim_exec_doorbell(t->e, CHID_OFF + 1);	/* not allocated */
	nvsim_exec_doorbell(t->e, 7);			/* another vGPU's channel */
	nvsim_exec_doorbell(t->e, t->token | 1u << 31);	/* bits outside the fields */
	nvsim_exec_doorbell(t->e, t->token | 3u << 16);	/* another runlist */
	nvsim_exec_counters(t->e, &c);
	CHECK_EQ(c.doorbells_ignored, 4);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_IDLE);
	/* GP_PUT == GP_GET: the channel is looked at, nothing to do */
	nvsim_exec_doorbell(t->e, t->token);
	run_all(t);
	CHECK_EQ(info(t, t->chid).state, NVSIM_EXEC_CHAN_IDLE);
	CHECK_EQ(t->nerr, 0);
}

/* Many submissions in a small ring, more than one run's budget:
 * semaphores arrive in order, the ring wraps. */
static void test_ordered_ring(struct th *t)
{
	uint32_t last = 0, more = 0;

	CHECK_EQ(chan_alloc(t, 4), NVSIM_EXEC_OK);
	for (uint32_t k = 1; k <= 200; k++) {
		uint64_t start = pb_here(t);

		pb(t, INC(0, M_SEMA, 4));
		pb(t, (uint32_t)(t->sem >> 32));
		pb(t, (uint32_t)t->sem);
		pb(t, k);
		pb(t, 2 | 1u << 24);
		submit(t, start);
		if (k % 3 == 0) {	/* ring of 4: drain before it fills */
			more += nvsim_exec_run(t->e);
			CHECK(sys32(t, t->sem) >= last);
			last = sys32(t, t->sem);
		}
	}
	run_all(t);
	CHECK_EQ(sys32(t, t->sem), 200);
	CHECK_EQ(t->nerr, 0);
	(void)more;
}

/*
 * The GSP-wired tests' start: boot the GSP core, add one 256 MiB type and
 * bootload a vGPU of it as GFID 3 (FB at 0, channels 96..103). False if
 * the boot failed (counted as a failed check).
 */
static bool gsp_first_vgpu(struct fh *h, struct nvsim_ctrl_bootload *b)
{
	struct nvsim_vgpu_type_info ty;

	if (!fh_boot(h)) {
		CHECK(!"boot");
		return false;
	}
	fh_type(&ty, 869, "NVIDIA L40-1B", 256 * MiB, 32 * MiB);
	CHECK_EQ(fh_add_types(h, &ty, 1, true, NULL), NV_OK);
	fh_bootload_params(h, b, 3, 869, 0, 256 * MiB, 640 * MiB, 32 * MiB, 96, 8);
	CHECK_EQ(fh_bootload(h, b), NV_OK);
	return true;
}

/* The core wired to the GSP core: the host receives r535 events naming
 * the vGPU and the channel. */
static void test_gsp_events(struct th *t)
{
	struct nvsim_ctrl_bootload *b = calloc(1, sizeof(*b));
	const struct fh_event *ev;
	struct nvsim_rpc_rc_triggered rc;
	struct nvsim_rpc_os_error_log ol;
	uint64_t start;
	struct fh *h = fh_new();

	if (!gsp_first_vgpu(h, b))
		goto out;
	fh_drain(h);
	{
		struct nvsim_vgpu_info vi;

		CHECK(nvsim_gsp_vgpu_info(h->gsp, 3, &vi));
		CHECK_EQ(vi.ce_chid_offset, 96);
		t->v.chid_offset = vi.ce_chid_offset;
		t->v.num_chids = vi.num_chids;
	}
	t->gsp_host = h;
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	CHECK_EQ(t->chid, 96);
	start = pb_here(t);
	emit_copy(t, AP_FB, 0, AP_SYS, SYS_IOVA + SYS_SIZE, 64, LD_XFER_NP | LD_PITCH | LD_PHYS,
		  0);
	submit(t, start);
	run_all(t);
	fh_drain(h);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_MMU_FAULT_QUEUED), 1);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_OS_ERROR_LOG), 1);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_RC_TRIGGERED), 1);
	ev = fh_last_event(h, NVSIM_EV_RC_TRIGGERED);
	if (ev) {
		CHECK_EQ(ev->len, sizeof(rc));
		memcpy(&rc, ev->data, sizeof(rc));
		CHECK_EQ(rc.nv2080_engine_type, 9);	/* COPY0 */
		CHECK_EQ(rc.chid, 96);
		CHECK_EQ(rc.except_type, 31);
		CHECK_EQ(rc.partition_attribution_id, 3);
	}
	ev = fh_last_event(h, NVSIM_EV_OS_ERROR_LOG);
	if (ev) {
		memcpy(&ol, ev->data, 12);
		CHECK_EQ(ol.except_type, 31);
		CHECK_EQ(ol.chid, 96);
	}
	ev = fh_last_event(h, NVSIM_EV_MMU_FAULT_QUEUED);
	CHECK(ev && ev->len == 0);
	/* a bad method: RC only, Xid 39 */
	CHECK_EQ(nvsim_exec_chan_free(t->e, 96), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(t, 8), NVSIM_EXEC_OK);
	start = pb_here(t);
	pb(t, INC(0, M_SET_OBJECT, 1));
	pb(t, 0xc7b5);
	pb(t, INC(0, 0x7f0, 1));
	pb(t, 0);
	submit(t, start);
	run_all(t);
	fh_drain(h);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_MMU_FAULT_QUEUED), 1);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_RC_TRIGGERED), 2);
	ev = fh_last_event(h, NVSIM_EV_RC_TRIGGERED);
	if (ev) {
		memcpy(&rc, ev->data, sizeof(rc));
		CHECK_EQ(rc.except_type, 39);
		CHECK_EQ(rc.chid, 96);
		CHECK_EQ(rc.partition_attribution_id, 3);
	}
	/* no vGPU on the GFID: refused, nothing posted */
	CHECK_EQ(nvsim_gsp_vf_channel_error(h->gsp, 5, 1, 31, true, "x"), -1);
	{
		struct nvsim_counters c;

		nvsim_gsp_counters(h->gsp, &c);
		CHECK_EQ(c.channel_errors, 2);
		CHECK_EQ(c.mmu_faults, 1);
	}
out:
	t->gsp_host = NULL;
	fh_free(h);
	free(b);
}

/* Two VFs (one core each) on one GSP: VF A's fault stops only A's
 * channel and names only A's GFID; VF B's copy completes meanwhile. */
static void test_two_vfs(struct th *a)
{
	struct nvsim_ctrl_bootload *b = calloc(1, sizeof(*b));
	struct nvsim_rpc_rc_triggered rc;
	const struct fh_event *ev;
	struct th *vb = th_new();
	struct fh *h = fh_new();
	uint64_t start, src = SYS_IOVA + 1 * MiB;

	if (!gsp_first_vgpu(h, b))
		goto out;
	fh_bootload_params(h, b, 4, 869, 256 * MiB, 256 * MiB, 672 * MiB, 32 * MiB, 200, 8);
	CHECK_EQ(fh_bootload(h, b), NV_OK);
	fh_drain(h);
	a->gsp_host = vb->gsp_host = h;
	a->v.chid_offset = 96;
	vb->v.gfid = 4;
	vb->v.chid_offset = 200;
	CHECK_EQ(chan_alloc(a, 8), NVSIM_EXEC_OK);
	CHECK_EQ(chan_alloc(vb, 8), NVSIM_EXEC_OK);
	start = pb_here(a);
	emit_copy(a, AP_SYS, SYS_IOVA + SYS_SIZE, AP_FB, 0, 64, LD_XFER_NP | LD_PITCH | LD_PHYS,
		  0);
	submit(a, start);
	fill(sysp(vb, src), 65536, 11);
	start = pb_here(vb);
	emit_copy(vb, AP_SYS, src, AP_FB, 4096, 65536,
		  LD_XFER_NP | LD_PITCH | LD_PHYS | LD_SEM_ONE | LD_INTR_NB, 77);
	submit(vb, start);
	/* interleaved, as two bottom halves would run */
	while (nvsim_exec_run(a->e) | nvsim_exec_run(vb->e))
		;
	fh_drain(h);
	CHECK_EQ(info(a, 96).state, NVSIM_EXEC_CHAN_ERROR);
	CHECK_EQ(info(vb, 200).state, NVSIM_EXEC_CHAN_IDLE);
	CHECK(!memcmp(vb->vram + FB_A + 4096, sysp(vb, src), 65536));
	CHECK_EQ(sys32(vb, vb->sem), 77);
	CHECK_EQ(vb->irqs[NVSIM_EXEC_VEC_NONSTALL], 1);
	CHECK_EQ(vb->irqs[NVSIM_EXEC_VEC_FAULT], 0);
	CHECK_EQ(a->irqs[NVSIM_EXEC_VEC_FAULT], 1);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_RC_TRIGGERED), 1);
	ev = fh_last_event(h, NVSIM_EV_RC_TRIGGERED);
	if (ev) {
		memcpy(&rc, ev->data, sizeof(rc));
		CHECK_EQ(rc.partition_attribution_id, 3);
		CHECK_EQ(rc.chid, 96);
	}
out:
	a->gsp_host = NULL;
	th_free(vb);
	fh_free(h);
	free(b);
}

#define T(n) { #n, test_##n }
static const struct { const char *name; void (*fn)(struct th *); } tests[] = {
	T(chan_range), T(chan_vgpu_gone), T(copy_sys_fb_sys), T(copy_multiline),
	T(method_parsing), T(semaphore), T(fb_bounds), T(dma_fault), T(fault_isolation),
	T(bad_methods), T(bme_off), T(flr), T(doorbell_ignored), T(ordered_ring),
	T(gsp_events), T(two_vfs),
};

int main(int argc, char **argv)
{
	int n = 0, failed = 0;

	printf("TAP version 13\n");
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		struct th *t;

		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		t = th_new();
		t_fail = 0;
		tests[i].fn(t);
		th_free(t);
		n++;
		if (t_fail) {
			failed++;
			printf("not ok %d - exec: %s\n", n, tests[i].name);
		} else {
			printf("ok %d - exec: %s\n", n, tests[i].name);
		}
	}
	printf("1..%d\n", n);
	printf("# passed: %d failed: %d\n", n - failed, failed);
	return failed ? 1 : 0;
}
