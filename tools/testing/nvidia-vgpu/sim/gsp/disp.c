// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim_disp: the display engine of one VF of the simulated GPU (see
 * nvsim_disp.h and the "Display engine" block of nvsim_vf_regs.h).
 *
 * Not a model of NV_PDISP/EVO: NVIDIA's vGPU gives the guest a virtual
 * display that the host-side plugin reads from the vGPU's FB; the
 * register interface is the simulator's own. What is modelled is the
 * part any scanout engine has: state written by the CPU (pending), a
 * checked commit that arms it, and a flip to the armed state at the next
 * vblank of a fixed 60 Hz clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvsim_disp.h"
#include "nvsim_vf_regs.h"

#define NHEADS		NVSIM_VF_DISP_MAX_HEADS
#define HEAD_STRIDE	0x40u
#define INTR_VALID	(0x0fu | 0x0f00u)	/* VBLANK(0..3) | FLIP_DONE(0..3) */
#define STRIDE_ALIGN	64u
#define STRIDE_MAX	65536u
#define OFFSET_ALIGN	4096u
#define BPP_XRGB8888	4u
#define MAX_LOGS	32	/* refusals logged per VF until reset */

_Static_assert(NVSIM_VF_HEAD(1) - NVSIM_VF_HEAD(0) == HEAD_STRIDE, "head stride");
_Static_assert(NVSIM_VF_DISP_INTR_VBLANK(NHEADS - 1) == 0x08u, "intr layout");
_Static_assert(NVSIM_VF_DISP_INTR_FLIP_DONE(NHEADS - 1) == 0x800u, "intr layout");

struct surf {
	bool enable;
	uint64_t offset;
	uint32_t format, stride, width, height;
};

struct head {
	/* pending: the registers as written */
	uint32_t ctrl, offset_lo, offset_hi, format, stride, size;
	bool armed;
	struct surf arm;	/* armed by the last accepted commit */
	struct surf live;	/* scanned out */
	uint32_t err;		/* NVSIM_VF_DISP_ERR_* of the last refused commit */
	uint32_t frame, flips;
};

struct nvsim_disp {
	const struct nvsim_disp_ops *ops;
	void *opaque;
	struct head head[NHEADS];
	uint32_t intr, intr_en;
	bool timer_armed;
	uint64_t next_vblank;
	unsigned int logs;
	struct nvsim_disp_counters cnt;
};

static void dlog(struct nvsim_disp *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void dlog(struct nvsim_disp *d, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!d->ops->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	d->ops->log(d->opaque, line);
}

static void get_vgpu(struct nvsim_disp *d, struct nvsim_disp_vgpu *v)
{
	memset(v, 0, sizeof(*v));
	d->ops->vgpu(d->opaque, v);
	if (!v->live) {
		memset(v, 0, sizeof(*v));
		return;
	}
	/* assumption: a type with more heads than the block has gets the
	 * first NVSIM_VF_DISP_MAX_HEADS (real types have at most 4) */
	if (v->num_heads > NHEADS)
		v->num_heads = NHEADS;
	if (v->max_width > 0xffffu)
		v->max_width = 0xffffu;
	if (v->max_height > 0xffffu)
		v->max_height = 0xffffu;
}

struct nvsim_disp *nvsim_disp_new(const struct nvsim_disp_ops *ops, void *opaque)
{
	struct nvsim_disp *d;

	if (!ops || !ops->vgpu || !ops->irq || !ops->arm_timer || !ops->cancel_timer ||
	    !ops->now_ns)
		return NULL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->ops = ops;
	d->opaque = opaque;
	return d;
}

void nvsim_disp_free(struct nvsim_disp *d)
{
	free(d);
}

void nvsim_disp_reset(struct nvsim_disp *d)
{
	struct nvsim_disp_counters cnt = d->cnt;

	if (d->timer_armed)
		d->ops->cancel_timer(d->opaque);
	memset(d->head, 0, sizeof(d->head));
	d->intr = d->intr_en = 0;
	d->timer_armed = false;
	d->next_vblank = 0;
	d->logs = 0;
	d->cnt = cnt;		/* counters survive, for the tests and QMP */
}

static bool any_busy(const struct nvsim_disp *d)
{
	for (int h = 0; h < NHEADS; h++)
		if (d->head[h].live.enable || d->head[h].armed)
			return true;
	return false;
}

void nvsim_disp_sync(struct nvsim_disp *d)
{
	struct nvsim_disp_vgpu v;

	get_vgpu(d, &v);
	if (v.live)
		return;
	if (any_busy(d))
		dlog(d, "display: vGPU gone, every head disabled");
	nvsim_disp_reset(d);
}

/* The commit checks, in the order of nvsim_vf_regs.h. */
static uint32_t check(const struct nvsim_disp_vgpu *v, uint32_t h, const struct surf *s)
{
	uint64_t len;

	if (!v->live || h >= v->num_heads)
		return NVSIM_VF_DISP_ERR_NOT_READY;
	if (!s->enable)
		return NVSIM_VF_DISP_ERR_NONE;
	if (s->format != NVSIM_FOURCC_XRGB8888)
		return NVSIM_VF_DISP_ERR_FORMAT;
	if (!s->width || !s->height || s->width > v->max_width || s->height > v->max_height)
		return NVSIM_VF_DISP_ERR_SIZE;
	if (s->stride % STRIDE_ALIGN || s->stride < (uint64_t)s->width * BPP_XRGB8888 ||
	    s->stride > STRIDE_MAX)
		return NVSIM_VF_DISP_ERR_STRIDE;
	len = (uint64_t)s->stride * s->height;
	if (s->offset % OFFSET_ALIGN || s->offset > v->fb_mappable ||
	    len > v->fb_mappable - s->offset)
		return NVSIM_VF_DISP_ERR_RANGE;
	return NVSIM_VF_DISP_ERR_NONE;
}

static void pending_surf(const struct head *hd, struct surf *s)
{
	memset(s, 0, sizeof(*s));
	s->enable = hd->ctrl & NVSIM_VF_HEAD_CTRL_ENABLE;
	if (!s->enable)
		return;		/* disabling needs no other valid field */
	s->offset = (uint64_t)hd->offset_hi << 32 | hd->offset_lo;
	s->format = hd->format;
	s->stride = hd->stride;
	s->width = hd->size & 0xffffu;
	s->height = hd->size >> 16;
}

static void arm_timer(struct nvsim_disp *d)
{
	if (d->timer_armed)
		return;
	d->next_vblank = d->ops->now_ns(d->opaque) + NVSIM_VF_DISP_FRAME_NS_VALUE;
	d->timer_armed = true;
	d->ops->arm_timer(d->opaque, d->next_vblank);
}

static void commit(struct nvsim_disp *d, uint32_t h)
{
	struct head *hd = &d->head[h];
	struct nvsim_disp_vgpu v;
	struct surf s;
	uint32_t err;

	get_vgpu(d, &v);
	pending_surf(hd, &s);
	err = check(&v, h, &s);
	if (err) {
		hd->err = err;
		d->cnt.commits_refused++;
		if (d->logs < MAX_LOGS) {
			d->logs++;
			dlog(d, "display: head %u commit refused (error %u): %s offset 0x%llx "
			     "fourcc 0x%08x stride %u %ux%u, FB mappable 0x%llx, %u heads, "
			     "max %ux%u", h, err, s.enable ? "enable" : "disable",
			     (unsigned long long)s.offset, s.format, s.stride, s.width,
			     s.height, (unsigned long long)v.fb_mappable, v.num_heads,
			     v.max_width, v.max_height);
		}
		return;
	}
	hd->err = NVSIM_VF_DISP_ERR_NONE;
	hd->arm = s;
	hd->armed = true;
	arm_timer(d);
}

void nvsim_disp_vblank(struct nvsim_disp *d)
{
	struct nvsim_disp_vgpu v;
	uint32_t old = d->intr, now;

	if (!d->timer_armed)
		return;		/* cancelled meanwhile */
	d->timer_armed = false;
	d->cnt.vblanks++;
	get_vgpu(d, &v);
	if (!v.live) {
		nvsim_disp_sync(d);
		return;
	}
	for (uint32_t h = 0; h < NHEADS; h++) {
		struct head *hd = &d->head[h];
		uint32_t err;

		if (!hd->armed)
			continue;
		hd->armed = false;
		/* the vGPU of now, not of the commit: never scan out past it */
		err = check(&v, h, &hd->arm);
		if (err) {
			hd->err = err;
			d->cnt.commits_refused++;
			dlog(d, "display: head %u armed surface no longer valid (error %u), "
			     "dropped", h, err);
			continue;
		}
		hd->live = hd->arm;
		hd->flips++;
		d->cnt.flips++;
		d->intr |= NVSIM_VF_DISP_INTR_FLIP_DONE(h);
	}
	for (uint32_t h = 0; h < NHEADS; h++) {
		if (!d->head[h].live.enable)
			continue;
		d->head[h].frame++;
		d->intr |= NVSIM_VF_DISP_INTR_VBLANK(h);
	}
	now = d->intr & ~old & d->intr_en;
	if (now) {
		d->cnt.irqs++;
		d->ops->irq(d->opaque);
	}
	if (any_busy(d)) {
		uint64_t t = d->ops->now_ns(d->opaque);

		/* a fixed phase; frames missed while the host was late are
		 * skipped, not replayed */
		d->next_vblank += NVSIM_VF_DISP_FRAME_NS_VALUE;
		while (d->next_vblank <= t)
			d->next_vblank += NVSIM_VF_DISP_FRAME_NS_VALUE;
		d->timer_armed = true;
		d->ops->arm_timer(d->opaque, d->next_vblank);
	}
}

static bool head_reg(uint32_t addr, uint32_t *h, uint32_t *reg)
{
	if (addr < NVSIM_VF_HEAD(0) || addr >= NVSIM_VF_HEAD(NHEADS))
		return false;
	*h = (addr - NVSIM_VF_HEAD(0)) / HEAD_STRIDE;
	*reg = addr - NVSIM_VF_HEAD(*h);
	return true;
}

static uint32_t status(const struct head *hd)
{
	uint32_t st = 0;

	if (hd->live.enable)
		st |= NVSIM_VF_HEAD_STATUS_ACTIVE;
	if (hd->armed)
		st |= NVSIM_VF_HEAD_STATUS_PENDING;
	if (hd->err)
		st |= NVSIM_VF_HEAD_STATUS_ERROR | hd->err << NVSIM_VF_HEAD_STATUS_ERR_SHIFT;
	return st;
}

bool nvsim_disp_read(struct nvsim_disp *d, uint32_t addr, uint32_t *val)
{
	struct nvsim_disp_vgpu v;
	struct head *hd;
	uint32_t h, reg;

	*val = 0;
	switch (addr) {
	case NVSIM_VF_DISP_NUM_HEADS:
		get_vgpu(d, &v);
		*val = v.num_heads;
		return true;
	case NVSIM_VF_DISP_MAX_SIZE:
		get_vgpu(d, &v);
		*val = v.max_height << 16 | v.max_width;
		return true;
	case NVSIM_VF_DISP_INTR:
		*val = d->intr;
		return true;
	case NVSIM_VF_DISP_INTR_EN:
		*val = d->intr_en;
		return true;
	case NVSIM_VF_DISP_FRAME_NS:
		*val = NVSIM_VF_DISP_FRAME_NS_VALUE;
		return true;
	}
	if (!head_reg(addr, &h, &reg))
		return false;
	hd = &d->head[h];
	switch (reg) {
	case NVSIM_VF_HEAD_CTRL(0) - NVSIM_VF_HEAD(0):
		*val = hd->ctrl;
		return true;
	case NVSIM_VF_HEAD_OFFSET_LO(0) - NVSIM_VF_HEAD(0):
		*val = hd->offset_lo;
		return true;
	case NVSIM_VF_HEAD_OFFSET_HI(0) - NVSIM_VF_HEAD(0):
		*val = hd->offset_hi;
		return true;
	case NVSIM_VF_HEAD_FORMAT(0) - NVSIM_VF_HEAD(0):
		*val = hd->format;
		return true;
	case NVSIM_VF_HEAD_STRIDE(0) - NVSIM_VF_HEAD(0):
		*val = hd->stride;
		return true;
	case NVSIM_VF_HEAD_SIZE(0) - NVSIM_VF_HEAD(0):
		*val = hd->size;
		return true;
	case NVSIM_VF_HEAD_COMMIT(0) - NVSIM_VF_HEAD(0):
		return true;	/* WO, reads 0 */
	case NVSIM_VF_HEAD_STATUS(0) - NVSIM_VF_HEAD(0):
		*val = status(hd);
		return true;
	case NVSIM_VF_HEAD_FRAME(0) - NVSIM_VF_HEAD(0):
		*val = hd->frame;
		return true;
	case NVSIM_VF_HEAD_FLIPS(0) - NVSIM_VF_HEAD(0):
		*val = hd->flips;
		return true;
	}
	return false;
}

/* Writes to read-only registers return false: the host logs them. */
bool nvsim_disp_write(struct nvsim_disp *d, uint32_t addr, uint32_t val)
{
	struct head *hd;
	uint32_t h, reg;

	switch (addr) {
	case NVSIM_VF_DISP_INTR:
		d->intr &= ~val;
		return true;
	case NVSIM_VF_DISP_INTR_EN:
		d->intr_en = val & INTR_VALID;
		return true;
	}
	if (!head_reg(addr, &h, &reg))
		return false;
	hd = &d->head[h];
	switch (reg) {
	case NVSIM_VF_HEAD_CTRL(0) - NVSIM_VF_HEAD(0):
		hd->ctrl = val & NVSIM_VF_HEAD_CTRL_ENABLE;
		return true;
	case NVSIM_VF_HEAD_OFFSET_LO(0) - NVSIM_VF_HEAD(0):
		hd->offset_lo = val;
		return true;
	case NVSIM_VF_HEAD_OFFSET_HI(0) - NVSIM_VF_HEAD(0):
		hd->offset_hi = val;
		return true;
	case NVSIM_VF_HEAD_FORMAT(0) - NVSIM_VF_HEAD(0):
		hd->format = val;
		return true;
	case NVSIM_VF_HEAD_STRIDE(0) - NVSIM_VF_HEAD(0):
		hd->stride = val;
		return true;
	case NVSIM_VF_HEAD_SIZE(0) - NVSIM_VF_HEAD(0):
		hd->size = val;
		return true;
	case NVSIM_VF_HEAD_COMMIT(0) - NVSIM_VF_HEAD(0):
		if (val & 1)
			commit(d, h);
		return true;
	}
	return false;
}

bool nvsim_disp_plane(struct nvsim_disp *d, uint32_t head, struct nvsim_disp_plane *p)
{
	const struct head *hd;

	memset(p, 0, sizeof(*p));
	if (head >= NHEADS)
		return false;
	hd = &d->head[head];
	p->enabled = hd->live.enable;
	p->flips = hd->flips;
	if (!p->enabled)
		return true;
	p->offset = hd->live.offset;
	p->format = hd->live.format;
	p->width = hd->live.width;
	p->height = hd->live.height;
	p->stride = hd->live.stride;
	return true;
}

void nvsim_disp_counters(struct nvsim_disp *d, struct nvsim_disp_counters *c)
{
	*c = d->cnt;
}
