// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * disp_test: drives the VF display engine (sim/gsp/disp.c) through its
 * BAR0 registers the way a guest KMS driver would, with a fake host: a
 * virtual clock that only moves when the test fires the vblank timer,
 * an MSI-X counter and the vGPU's limits. The expectations are written
 * from the contract in nvsim_vf_regs.h, not from the core's code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fake_host.h"
#include "nvsim_disp.h"
#include "nvsim_vf_regs.h"

#define MiB		(1ull << 20)
#define FRAME		NVSIM_VF_DISP_FRAME_NS_VALUE
#define XR24		NVSIM_FOURCC_XRGB8888

struct th {
	struct nvsim_disp *d;
	struct nvsim_disp_vgpu v;
	uint64_t now;
	bool timer;		/* armed */
	uint64_t expire;
	int arms, cancels, irqs;
	bool in_write;		/* inside a register write */
	int irqs_in_write;
};

static void h_vgpu(void *o, struct nvsim_disp_vgpu *v)
{
	*v = ((struct th *)o)->v;
}

static void h_irq(void *o)
{
	struct th *t = o;

	t->irqs++;
	t->irqs_in_write += t->in_write;
}

static void h_arm(void *o, uint64_t expire)
{
	struct th *t = o;

	t->timer = true;
	t->expire = expire;
	t->arms++;
}

static void h_cancel(void *o)
{
	struct th *t = o;

	t->timer = false;
	t->cancels++;
}

static uint64_t h_now(void *o)
{
	return ((struct th *)o)->now;
}

static void h_log(void *o, const char *line)
{
	(void)o;
	if (getenv("DISP_TEST_LOG"))
		printf("# log: %s\n", line);
}

static const struct nvsim_disp_ops ops = {
	.vgpu = h_vgpu, .irq = h_irq, .arm_timer = h_arm, .cancel_timer = h_cancel,
	.now_ns = h_now, .log = h_log,
};

static struct th *th_new(void)
{
	struct th *t = calloc(1, sizeof(*t));

	t->d = nvsim_disp_new(&ops, t);
	t->v = (struct nvsim_disp_vgpu){
		.live = true, .num_heads = 2, .max_width = 1920, .max_height = 1200,
		.fb_mappable = 64 * MiB,
	};
	t->now = 1000000000ull;
	return t;
}

static void th_free(struct th *t)
{
	nvsim_disp_free(t->d);
	free(t);
}

static uint32_t rd(struct th *t, uint32_t a)
{
	uint32_t v = 0xdeadbeef;

	CHECK(nvsim_disp_read(t->d, a, &v));
	return v;
}

static void wr(struct th *t, uint32_t a, uint32_t v)
{
	t->in_write = true;
	CHECK(nvsim_disp_write(t->d, a, v));
	t->in_write = false;
}

/* Fire the vblank timer (the virtual clock jumps to its expiry). */
static bool vblank(struct th *t)
{
	if (!t->timer)
		return false;
	t->timer = false;
	if (t->expire > t->now)
		t->now = t->expire;
	nvsim_disp_vblank(t->d);
	return true;
}

static void program(struct th *t, uint32_t h, uint32_t ctrl, uint64_t off, uint32_t fmt,
		    uint32_t stride, uint32_t w, uint32_t hh)
{
	wr(t, NVSIM_VF_HEAD_CTRL(h), ctrl);
	wr(t, NVSIM_VF_HEAD_OFFSET_LO(h), (uint32_t)off);
	wr(t, NVSIM_VF_HEAD_OFFSET_HI(h), (uint32_t)(off >> 32));
	wr(t, NVSIM_VF_HEAD_FORMAT(h), fmt);
	wr(t, NVSIM_VF_HEAD_STRIDE(h), stride);
	wr(t, NVSIM_VF_HEAD_SIZE(h), hh << 16 | w);
}

/* program + commit; returns HEAD_STATUS right after the write */
static uint32_t commit(struct th *t, uint32_t h, uint32_t ctrl, uint64_t off, uint32_t fmt,
		       uint32_t stride, uint32_t w, uint32_t hh)
{
	program(t, h, ctrl, off, fmt, stride, w, hh);
	wr(t, NVSIM_VF_HEAD_COMMIT(h), 1);
	return rd(t, NVSIM_VF_HEAD_STATUS(h));
}

#define ST_ERR(e)	(NVSIM_VF_HEAD_STATUS_ERROR | (e) << NVSIM_VF_HEAD_STATUS_ERR_SHIFT)
#define EN		NVSIM_VF_HEAD_CTRL_ENABLE

/* a valid 1024x768 surface at off */
static uint32_t commit_ok(struct th *t, uint32_t h, uint64_t off)
{
	return commit(t, h, EN, off, XR24, 4096, 1024, 768);
}

/* ---- tests ---- */

static void test_not_live(struct th *t)
{
	t->v.live = false;
	CHECK_EQ(rd(t, NVSIM_VF_DISP_NUM_HEADS), 0);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_MAX_SIZE), 0);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_FRAME_NS), FRAME);
	CHECK_EQ(commit_ok(t, 0, 0), ST_ERR(NVSIM_VF_DISP_ERR_NOT_READY));
	/* disabling is checked for readiness too */
	CHECK_EQ(commit(t, 0, 0, 0, 0, 0, 0, 0), ST_ERR(NVSIM_VF_DISP_ERR_NOT_READY));
	CHECK(!t->timer);
	CHECK_EQ(t->arms, 0);
}

static void test_limits(struct th *t)
{
	CHECK_EQ(rd(t, NVSIM_VF_DISP_NUM_HEADS), 2);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_MAX_SIZE), 1200u << 16 | 1920);
	/* heads 2 and 3 exist as registers but not in this type */
	CHECK_EQ(commit_ok(t, 2, 0), ST_ERR(NVSIM_VF_DISP_ERR_NOT_READY));
	CHECK_EQ(commit_ok(t, 3, 0), ST_ERR(NVSIM_VF_DISP_ERR_NOT_READY));
	CHECK_EQ(commit_ok(t, 1, 0), NVSIM_VF_HEAD_STATUS_PENDING);
	/* a type with more heads than the block: the block's four */
	t->v.num_heads = 16;
	t->v.max_width = 70000;
	CHECK_EQ(rd(t, NVSIM_VF_DISP_NUM_HEADS), NVSIM_VF_DISP_MAX_HEADS);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_MAX_SIZE), 1200u << 16 | 0xffff);
	CHECK_EQ(commit_ok(t, 3, 0), NVSIM_VF_HEAD_STATUS_PENDING);
	/* no head 4 */
	{
		uint32_t v;

		CHECK(!nvsim_disp_read(t->d, NVSIM_VF_HEAD_CTRL(4), &v));
		CHECK(!nvsim_disp_write(t->d, NVSIM_VF_HEAD_COMMIT(4), 1));
		CHECK(!nvsim_disp_read(t->d, NVSIM_VF_HEAD(0) + 0x28, &v));
	}
	/* read-only registers refuse writes (the device logs them) */
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_DISP_NUM_HEADS, 1));
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_DISP_MAX_SIZE, 1));
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_DISP_FRAME_NS, 1));
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_HEAD_STATUS(0), 0));
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_HEAD_FRAME(0), 0));
	CHECK(!nvsim_disp_write(t->d, NVSIM_VF_HEAD_FLIPS(0), 0));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_COMMIT(0)), 0);
	/* pending registers read back as written */
	program(t, 1, EN | 0xfe, 0x123456789000ull, 0x11223344, 0x1040, 640, 480);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_CTRL(1)), EN);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_OFFSET_LO(1)), 0x56789000);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_OFFSET_HI(1)), 0x1234);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FORMAT(1)), 0x11223344);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STRIDE(1)), 0x1040);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_SIZE(1)), 480u << 16 | 640);
}

/* Every refusal: the code in STATUS, nothing armed, the live state kept. */
static void refused(struct th *t, uint32_t st, uint32_t err, int line)
{
	struct nvsim_disp_plane p;

	if (st != (NVSIM_VF_HEAD_STATUS_ACTIVE | ST_ERR(err))) {
		t_fail++;
		printf("#   line %d: status 0x%x, expected error %u\n", line, st, err);
	}
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(p.enabled);
	CHECK_EQ(p.offset, 0x100000);
	CHECK_EQ(p.flips, 1);
}

#define REFUSED(st, err) refused(t, st, err, __LINE__)

static void test_commit_errors(struct th *t)
{
	uint64_t fb = 256 * MiB;
	int arms;

	t->v.fb_mappable = fb;
	/* a live surface first, to see that refusals leave it alone */
	CHECK_EQ(commit_ok(t, 0, 0x100000), NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK(vblank(t));
	arms = t->arms;

	REFUSED(commit(t, 0, EN, 0, 0x34325241 /* AR24 */, 4096, 1024, 768),
		NVSIM_VF_DISP_ERR_FORMAT);
	REFUSED(commit(t, 0, EN, 0, 0, 4096, 1024, 768), NVSIM_VF_DISP_ERR_FORMAT);
	REFUSED(commit(t, 0, EN, 0, XR24, 4096, 0, 768), NVSIM_VF_DISP_ERR_SIZE);
	REFUSED(commit(t, 0, EN, 0, XR24, 4096, 1024, 0), NVSIM_VF_DISP_ERR_SIZE);
	REFUSED(commit(t, 0, EN, 0, XR24, 8192, 1921, 768), NVSIM_VF_DISP_ERR_SIZE);
	REFUSED(commit(t, 0, EN, 0, XR24, 8192, 1024, 1201), NVSIM_VF_DISP_ERR_SIZE);
	REFUSED(commit(t, 0, EN, 0, XR24, 4096 + 32, 1024, 768), NVSIM_VF_DISP_ERR_STRIDE);
	REFUSED(commit(t, 0, EN, 0, XR24, 4096 - 64, 1024, 768), NVSIM_VF_DISP_ERR_STRIDE);
	REFUSED(commit(t, 0, EN, 0, XR24, 0, 1024, 768), NVSIM_VF_DISP_ERR_STRIDE);
	REFUSED(commit(t, 0, EN, 0, XR24, 65536 + 64, 1024, 768), NVSIM_VF_DISP_ERR_STRIDE);
	REFUSED(commit(t, 0, EN, 0x800, XR24, 4096, 1024, 768), NVSIM_VF_DISP_ERR_RANGE);
	/* one byte past the mappable FB */
	REFUSED(commit(t, 0, EN, fb - 4096ull * 768 + 4096, XR24, 4096, 1024, 768),
		NVSIM_VF_DISP_ERR_RANGE);
	REFUSED(commit(t, 0, EN, fb, XR24, 4096, 1024, 768), NVSIM_VF_DISP_ERR_RANGE);
	/* offset + size wraps around 64 bits */
	REFUSED(commit(t, 0, EN, 0xfffffffffffff000ull, XR24, 4096, 1024, 768),
		NVSIM_VF_DISP_ERR_RANGE);
	REFUSED(commit(t, 0, EN, 1ull << 32, XR24, 4096, 1024, 768), NVSIM_VF_DISP_ERR_RANGE);
	CHECK_EQ(t->arms, arms);
	/* the refusals armed nothing: the next vblank flips nothing */
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FLIPS(0)), 1);
	CHECK(rd(t, NVSIM_VF_HEAD_STATUS(0)) & NVSIM_VF_HEAD_STATUS_ERROR);

	/* the largest valid cases pass and clear the error */
	CHECK_EQ(commit(t, 0, EN, fb - 65536ull * 1200, XR24, 65536, 1920, 1200),
		 NVSIM_VF_HEAD_STATUS_PENDING | NVSIM_VF_HEAD_STATUS_ACTIVE);
	CHECK_EQ(commit(t, 0, EN, fb - 7680ull * 1200, XR24, 7680, 1920, 1200),
		 NVSIM_VF_HEAD_STATUS_PENDING | NVSIM_VF_HEAD_STATUS_ACTIVE);
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FLIPS(0)), 2);
	/* disabling needs no other valid field */
	CHECK_EQ(commit(t, 0, 0, 0x801, 0, 3, 0, 0),
		 NVSIM_VF_HEAD_STATUS_PENDING | NVSIM_VF_HEAD_STATUS_ACTIVE);
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(0)), 0);
	{
		struct nvsim_disp_counters c;

		nvsim_disp_counters(t->d, &c);
		CHECK_EQ(c.commits_refused, 15);
	}
}

static void test_flip_at_vblank(struct th *t)
{
	struct nvsim_disp_plane p;
	uint64_t t0 = t->now;

	CHECK_EQ(commit_ok(t, 0, 0x200000), NVSIM_VF_HEAD_STATUS_PENDING);
	/* nothing is live inside the write */
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(!p.enabled);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FLIPS(0)), 0);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR), 0);
	CHECK(t->timer);
	CHECK_EQ(t->expire, t0 + FRAME);
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(0)), NVSIM_VF_HEAD_STATUS_ACTIVE);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FLIPS(0)), 1);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(0)), 1);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR),
		 NVSIM_VF_DISP_INTR_FLIP_DONE(0) | NVSIM_VF_DISP_INTR_VBLANK(0));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(p.enabled);
	CHECK_EQ(p.offset, 0x200000);
	CHECK_EQ(p.format, XR24);
	CHECK_EQ(p.width, 1024);
	CHECK_EQ(p.height, 768);
	CHECK_EQ(p.stride, 4096);
	CHECK_EQ(p.flips, 1);
	/* head 1 untouched */
	CHECK(nvsim_disp_plane(t->d, 1, &p));
	CHECK(!p.enabled);
	CHECK(!nvsim_disp_plane(t->d, 4, &p));

	/* a flip: the old surface stays live until the vblank; a newer
	 * commit replaces the armed one */
	wr(t, NVSIM_VF_DISP_INTR, ~0u);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR), 0);
	CHECK_EQ(commit_ok(t, 0, 0x400000),
		 NVSIM_VF_HEAD_STATUS_ACTIVE | NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK_EQ(commit_ok(t, 0, 0x600000),
		 NVSIM_VF_HEAD_STATUS_ACTIVE | NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK_EQ(p.offset, 0x200000);
	/* the timer kept its phase (armed once, periodic) */
	CHECK_EQ(t->expire, t0 + 2 * FRAME);
	CHECK(vblank(t));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK_EQ(p.offset, 0x600000);
	CHECK_EQ(p.flips, 2);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(0)), 2);
	/* pending registers changed after the commit do not leak into it */
	program(t, 0, EN, 0x800000, XR24, 4096, 1024, 768);
	CHECK(vblank(t));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK_EQ(p.offset, 0x600000);
	CHECK_EQ(p.flips, 2);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(0)), 3);
	CHECK_EQ(t->irqs, 0);	/* INTR_EN is 0 */
}

static void test_timer_only_when_busy(struct th *t)
{
	uint64_t t0 = t->now;

	CHECK(!t->timer);
	CHECK_EQ(commit_ok(t, 1, 0), NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK(vblank(t));
	/* active: periodic, at a fixed phase */
	for (int i = 0; i < 5; i++)
		CHECK(vblank(t));
	CHECK_EQ(t->now, t0 + 6 * FRAME);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(1)), 6);
	/* a late host skips frames, never fires in the past */
	t->now += 3 * FRAME + 5;
	CHECK(vblank(t));
	CHECK(t->timer);
	CHECK(t->expire > t->now);
	CHECK_EQ((t->expire - t0) % FRAME, 0);
	/* disabled: the timer stops after the flip that disables */
	CHECK_EQ(commit(t, 1, 0, 0, 0, 0, 0, 0),
		 NVSIM_VF_HEAD_STATUS_ACTIVE | NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(1)), 0);
	CHECK(!t->timer);
	/* a refused commit starts nothing */
	commit(t, 1, EN, 0, 0, 0, 0, 0);
	CHECK(!t->timer);
	/* a stray expiry after the stop does nothing */
	nvsim_disp_vblank(t->d);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(1)), 7);
}

static void test_intr_msix(struct th *t)
{
	/* INTR_EN keeps only defined bits */
	wr(t, NVSIM_VF_DISP_INTR_EN, ~0u);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR_EN), 0x0f0f);
	wr(t, NVSIM_VF_DISP_INTR_EN, NVSIM_VF_DISP_INTR_FLIP_DONE(0));
	commit_ok(t, 0, 0);
	CHECK_EQ(t->irqs, 0);		/* not inside the write */
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 1);
	CHECK_EQ(t->irqs_in_write, 0);
	/* VBLANK(0) set but not enabled: no message for it */
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 1);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR),
		 NVSIM_VF_DISP_INTR_FLIP_DONE(0) | NVSIM_VF_DISP_INTR_VBLANK(0));
	/* enabled VBLANK: one message per vblank while the guest clears it */
	wr(t, NVSIM_VF_DISP_INTR_EN, NVSIM_VF_DISP_INTR_VBLANK(0) |
	   NVSIM_VF_DISP_INTR_FLIP_DONE(0));
	CHECK_EQ(t->irqs, 1);		/* enabling a set bit signals nothing */
	wr(t, NVSIM_VF_DISP_INTR, NVSIM_VF_DISP_INTR_VBLANK(0));
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR), NVSIM_VF_DISP_INTR_FLIP_DONE(0));
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 2);
	/* not cleared: the bit stays set, no new message */
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 2);
	wr(t, NVSIM_VF_DISP_INTR, ~0u);
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 3);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR), NVSIM_VF_DISP_INTR_VBLANK(0));
	/* a flip on head 1 with only head 0 enabled: no message */
	wr(t, NVSIM_VF_DISP_INTR, ~0u);
	wr(t, NVSIM_VF_DISP_INTR_EN, NVSIM_VF_DISP_INTR_FLIP_DONE(0));
	commit_ok(t, 1, 0);
	CHECK(vblank(t));
	CHECK_EQ(t->irqs, 3);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR),
		 NVSIM_VF_DISP_INTR_VBLANK(0) | NVSIM_VF_DISP_INTR_VBLANK(1) |
		 NVSIM_VF_DISP_INTR_FLIP_DONE(1));
	CHECK_EQ(t->irqs_in_write, 0);
}

static void test_flr(struct th *t)
{
	struct nvsim_disp_plane p;

	wr(t, NVSIM_VF_DISP_INTR_EN, 0x0f0f);
	commit_ok(t, 0, 0);
	CHECK(vblank(t));
	commit_ok(t, 0, 0x100000);
	commit(t, 1, EN, 0, 0, 0, 0, 0);	/* an error in head 1 */
	CHECK(t->timer);
	nvsim_disp_reset(t->d);		/* what the device does at FLR */
	CHECK(!t->timer);
	CHECK(t->cancels >= 1);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR), 0);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_INTR_EN), 0);
	for (uint32_t h = 0; h < 2; h++) {
		CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(h)), 0);
		CHECK_EQ(rd(t, NVSIM_VF_HEAD_CTRL(h)), 0);
		CHECK_EQ(rd(t, NVSIM_VF_HEAD_OFFSET_LO(h)), 0);
		CHECK_EQ(rd(t, NVSIM_VF_HEAD_FLIPS(h)), 0);
		CHECK_EQ(rd(t, NVSIM_VF_HEAD_FRAME(h)), 0);
		CHECK(nvsim_disp_plane(t->d, h, &p));
		CHECK(!p.enabled);
	}
	/* an expiry the host had in flight does nothing */
	nvsim_disp_vblank(t->d);
	CHECK(!t->timer);
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(!p.enabled);
	/* and the engine works again */
	CHECK_EQ(commit_ok(t, 0, 0x100000), NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK(vblank(t));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(p.enabled);
	CHECK_EQ(p.flips, 1);
}

static void test_vgpu_gone(struct th *t)
{
	struct nvsim_disp_plane p;

	commit_ok(t, 0, 0);
	CHECK(vblank(t));
	commit_ok(t, 1, 0x100000);
	/* vGPU shutdown: the device syncs every VF */
	t->v.live = false;
	nvsim_disp_sync(t->d);
	CHECK(!t->timer);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(0)), 0);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(1)), 0);
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(!p.enabled);
	CHECK_EQ(rd(t, NVSIM_VF_DISP_NUM_HEADS), 0);
	/* a vGPU that is gone at the vblank (no sync in between): no flip */
	t->v.live = true;
	commit_ok(t, 0, 0);
	t->v.live = false;
	CHECK(vblank(t));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK(!p.enabled);
	CHECK(!t->timer);
	/* a sync while live changes nothing */
	t->v.live = true;
	commit_ok(t, 0, 0);
	nvsim_disp_sync(t->d);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(0)), NVSIM_VF_HEAD_STATUS_PENDING);
}

/* The vGPU behind the VF changed between commit and vblank (a type
 * table replaced under a live vGPU): the armed state is checked again. */
static void test_recheck_at_vblank(struct th *t)
{
	struct nvsim_disp_plane p;

	commit_ok(t, 0, 0);
	CHECK(vblank(t));
	commit_ok(t, 0, 32 * MiB);
	t->v.fb_mappable = 32 * MiB;
	CHECK(vblank(t));
	CHECK(nvsim_disp_plane(t->d, 0, &p));
	CHECK_EQ(p.offset, 0);
	CHECK_EQ(p.flips, 1);
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(0)),
		 NVSIM_VF_HEAD_STATUS_ACTIVE | ST_ERR(NVSIM_VF_DISP_ERR_RANGE));
	commit_ok(t, 1, 0);
	t->v.num_heads = 1;
	CHECK(vblank(t));
	CHECK_EQ(rd(t, NVSIM_VF_HEAD_STATUS(1)), ST_ERR(NVSIM_VF_DISP_ERR_NOT_READY));
}

/* ---- the plugin's report, through the real GSP core ---- */

#define GFID	3

static bool vf_plane(void *priv, uint32_t gfid, uint32_t head, struct nvsim_vf_plane *p)
{
	struct th *t = priv;
	struct nvsim_disp_plane dp;

	if (gfid != GFID || !nvsim_disp_plane(t->d, head, &dp))
		return false;
	p->enabled = dp.enabled;
	p->offset = dp.offset;
	p->format = dp.format;
	p->width = dp.width;
	p->height = dp.height;
	p->stride = dp.stride;
	p->flips = dp.flips;
	return true;
}

static uint32_t plane(struct fh *h, uint64_t heap, uint32_t *seq, uint32_t head,
		      struct nvsim_plugin_plane *r)
{
	struct nvsim_plugin_plane_req req = { head };

	memset(r, 0xa5, sizeof(*r));
	return fh_mbox(h, GFID, heap, NVSIM_PLUGIN_MSG_SIM_DISPLAY_PLANE, ++*seq, &req,
		       sizeof(req), r, sizeof(*r));
}

static void test_plugin_report(struct th *t)
{
	struct nvsim_ctrl_bootload *b = calloc(1, sizeof(*b));
	struct nvsim_plugin_version ver = { 0, 0 };
	struct nvsim_plugin_config c;
	struct nvsim_plugin_plane r;
	struct nvsim_vgpu_type_info ty;
	struct nvsim_vgpu_info vi;
	struct fh *h = fh_new();
	uint64_t heap = 640 * MiB;
	uint32_t seq = 0;

	if (!fh_boot(h)) {
		CHECK(!"boot");
		goto out;
	}
	fh_type(&ty, 869, "NVIDIA L40-1B", 256 * MiB, 32 * MiB);
	ty.num_heads = 2;
	ty.max_resolution_x = 1280;
	ty.max_resolution_y = 1024;
	CHECK_EQ(fh_add_types(h, &ty, 1, true, NULL), NV_OK);
	fh_bootload_params(h, b, GFID, 869, 0, 256 * MiB, heap, 32 * MiB, 96, 8);
	CHECK_EQ(fh_bootload(h, b), NV_OK);
	fh_drain(h);
	/* the type's display limits reach the VF */
	CHECK(nvsim_gsp_vgpu_info(h->gsp, GFID, &vi));
	CHECK_EQ(vi.num_heads, 2);
	CHECK_EQ(vi.max_res_x, 1280);
	CHECK_EQ(vi.max_res_y, 1024);
	t->v.num_heads = vi.num_heads;
	t->v.max_width = vi.max_res_x;
	t->v.max_height = vi.max_res_y;
	t->v.fb_mappable = vi.fb_size;
	h->vf_plane = vf_plane;
	h->vf_plane_priv = t;

	/* before SETUP_CONFIG: refused */
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_ERR_INVALID_STATE);
	CHECK_EQ(fh_mbox(h, GFID, heap, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, ++seq, &ver,
			 sizeof(ver), &ver, sizeof(ver)), NV_OK);
	memset(&c, 0, sizeof(c));
	c.dbdf = b->dbdf;
	c.vgpu_type = 869;
	c.num_channels = b->num_channels;
	c.num_plugin_channels = b->num_plugin_channels;
	c.vm_pid = b->vm_pid;
	c.host_cpu_arch = 2;
	c.host_page_size = 4096;
	CHECK_EQ(fh_mbox(h, GFID, heap, NVSIM_PLUGIN_MSG_SETUP_CONFIG, ++seq, &c, sizeof(c),
			 NULL, 0), NV_OK);

	/* nothing scanned out yet */
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.head, 0);
	CHECK_EQ(r.enabled, 0);
	CHECK_EQ(r.fb_offset, 0);
	CHECK_EQ(r.drm_format, 0);
	CHECK_EQ(r.flips, 0);
	/* a head the type does not have */
	CHECK_EQ(plane(h, heap, &seq, 2, &r), NV_ERR_INVALID_ARGUMENT);

	/* a commit is not reported before its vblank */
	CHECK_EQ(commit(t, 0, EN, 0x300000, XR24, 5120, 1280, 1024),
		 NVSIM_VF_HEAD_STATUS_PENDING);
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.enabled, 0);
	CHECK(vblank(t));
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.enabled, 1);
	CHECK_EQ(r.fb_offset, 0x300000);
	CHECK_EQ(r.drm_format, XR24);
	CHECK_EQ(r.width, 1280);
	CHECK_EQ(r.height, 1024);
	CHECK_EQ(r.stride, 5120);
	CHECK_EQ(r.flips, 1);
	CHECK_EQ(r.pad, 0);
	/* a flip moves the generation */
	commit_ok(t, 0, 0x1000000);
	CHECK(vblank(t));
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.fb_offset, 0x1000000);
	CHECK_EQ(r.width, 1024);
	CHECK_EQ(r.flips, 2);
	/* head 1 separately */
	CHECK_EQ(plane(h, heap, &seq, 1, &r), NV_OK);
	CHECK_EQ(r.head, 1);
	CHECK_EQ(r.enabled, 0);
	/* the corrupting fault: one report past the FB, then honest again */
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLANE_BAD, 0, 0, GFID), 0);
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.enabled, 1);
	CHECK_EQ(r.fb_offset, 256 * MiB);
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_OK);
	CHECK_EQ(r.fb_offset, 0x1000000);
	/* no display engine behind the GFID: refused */
	h->vf_plane = NULL;
	CHECK_EQ(plane(h, heap, &seq, 0, &r), NV_ERR_NOT_SUPPORTED);
out:
	fh_free(h);
	free(b);
}

static const struct {
	const char *name;
	void (*fn)(struct th *t);
} tests[] = {
	{ "registers before the vGPU is live", test_not_live },
	{ "heads and limits from the type, RO registers", test_limits },
	{ "every commit error refused, armed and live unchanged", test_commit_errors },
	{ "flip at the next vblank, not inside the write", test_flip_at_vblank },
	{ "vblank timer only while a head is active or pending", test_timer_only_when_busy },
	{ "DISP_INTR, INTR_EN and the MSI-X vector", test_intr_msix },
	{ "FLR disables every head and stops the timer", test_flr },
	{ "vGPU shutdown disables every head", test_vgpu_gone },
	{ "armed surface checked again at vblank", test_recheck_at_vblank },
	{ "the plugin reports the live plane to the host", test_plugin_report },
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
			printf("not ok %d - disp: %s\n", n, tests[i].name);
		} else {
			printf("ok %d - disp: %s\n", n, tests[i].name);
		}
	}
	printf("1..%d\n", n);
	printf("# passed: %d failed: %d\n", n - failed, failed);
	return failed ? 1 : 0;
}
