// SPDX-License-Identifier: GPL-2.0
/*
 * nvsim_kms: the display of the test-only guest driver, a KMS device on
 * the simulated VF's display engine (the "Display engine" block of
 * nvsim_vf_regs.h). Part of nvsim_guest.ko, not a module of its own: the
 * VF is one PCI function and has one driver, and the display shares the
 * device's mailbox, channels and MSI-X vectors with the execution model.
 *
 * One plane, CRTC, encoder and connector per head (DISP_NUM_HEADS), modes
 * up to DISP_MAX_SIZE that fit the head's scanout buffers, XRGB8888 dumb
 * buffers in guest RAM (GEM shmem, shadow-plane helpers), fbcon through
 * the generic shmem fbdev emulation.
 *
 * Every frame is GPU work on the vGPU: the plane update copies the frame
 * (whole rows, the device's stride) into a DMA-coherent staging buffer
 * in guest RAM and the copy engine moves it through a channel of the
 * driver's own into the back one of the head's two scanout buffers in the
 * vGPU's FB; the CRTC flush then commits that surface to the head, and
 * the flip-done interrupt (MSI-X vector 3) at the next vblank completes
 * the commit's event. Vblank interrupts drive the DRM vblank counter
 * while a client holds a vblank reference.
 *
 * Scanout buffers live in FB offsets [8 MiB, 64 MiB) of the CPU-mappable
 * FB: below the execution workload's range (64 MiB up), above what the
 * guest's BAR1 checks touch at the start of the FB; each head gets two
 * buffers of 56 MiB / num_heads / 2 (7 MiB with four heads: 1280x1024).
 *
 * Locking: hw_lock (mutex) serializes the head registers, the channel,
 * the staging buffer and each head's "cur" state (process context only);
 * event_lock (spinlock, taken in the MSI-X handler) guards each head's
 * pending event and its armed and live frames.
 */
#include <linux/crc32.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>

#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_crtc_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_fbdev_shmem.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_modeset_helper_vtables.h>
#include <drm/drm_print.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_simple_kms_helper.h>
#include <drm/drm_vblank.h>

#include "nvsim_guest_uapi.h"
#include "nvsim_guest.h"

#define DISP_FB_BASE	(8ull << 20)
#define DISP_FB_END	(64ull << 20)
/* at most 4 MiB of contiguous guest RAM (the buddy allocator's limit) */
#define STAGING_SIZE	(PAGE_SIZE << min(10, MAX_PAGE_ORDER))
#define CE_WAIT_MS	10000

static unsigned int pref_width = 640, pref_height = 480;
module_param(pref_width, uint, 0444);
MODULE_PARM_DESC(pref_width, "preferred mode width (640)");
module_param(pref_height, uint, 0444);
MODULE_PARM_DESC(pref_height, "preferred mode height (480)");
/* glmark2-drm takes the connector's largest mode: the CI guests cap the list */
static unsigned int list_width, list_height;
module_param(list_width, uint, 0444);
MODULE_PARM_DESC(list_width, "largest mode width listed (0: DISP_MAX_SIZE)");
module_param(list_height, uint, 0444);
MODULE_PARM_DESC(list_height, "largest mode height listed (0: DISP_MAX_SIZE)");

/* a surface as the head scans it out, with the checksum of its frame */
struct nvsim_frame {
	u64 fb_off;
	u32 width, height, stride;
	u32 crc;
	bool valid;
};

struct nvsim_head {
	struct nvsim_kms *k;
	unsigned int idx;
	struct drm_plane plane;
	struct drm_crtc crtc;
	struct drm_encoder encoder;
	struct drm_connector connector;
	u64 fb_base;		/* two buffers: fb_base, fb_base + buf_size */
	unsigned int back;	/* the buffer the next frame goes to */
	struct nvsim_frame cur;	/* what the next flush commits (hw_lock) */
	/* under event_lock */
	struct drm_pending_vblank_event *event;
	struct nvsim_frame armed, live;
	u32 frame_seq;
};

struct nvsim_kms {
	struct drm_device drm;
	struct nvsim_guest *g;
	struct nvsim_chan *ch;
	struct mutex hw_lock;		/* see "Locking" above */
	spinlock_t event_lock;		/* see "Locking" above */
	void *staging;
	dma_addr_t staging_dma;
	u8 *rgb;		/* one row of R,G,B bytes for the checksum */
	unsigned int num_heads;
	u32 max_w, max_h;
	u64 buf_size;
	u32 intr_en;		/* DISP_INTR_EN, under event_lock */
	u32 copies;		/* frames the CE moved, under hw_lock */
	struct nvsim_head heads[NVSIM_VF_DISP_MAX_HEADS];
};

static struct nvsim_kms *to_kms(struct drm_device *drm)
{
	return container_of(drm, struct nvsim_kms, drm);
}

/* complete a commit's event (DRM wants its event_lock held for that) */
static void send_event(struct drm_crtc *crtc, struct drm_pending_vblank_event *ev)
{
	unsigned long flags;

	spin_lock_irqsave(&crtc->dev->event_lock, flags);
	drm_crtc_send_vblank_event(crtc, ev);
	spin_unlock_irqrestore(&crtc->dev->event_lock, flags);
}

/* Program a head's pending state and commit it; the device checks at once. */
static int head_commit(struct nvsim_kms *k, unsigned int h, u32 ctrl, u64 off, u32 fmt,
		       u32 stride, u32 w, u32 ht, u32 *status)
{
	void __iomem *r = k->g->bar0;
	u32 st;

	lockdep_assert_held(&k->hw_lock);
	iowrite32(ctrl, r + NVSIM_VF_HEAD_CTRL(h));
	iowrite32(lower_32_bits(off), r + NVSIM_VF_HEAD_OFFSET_LO(h));
	iowrite32(upper_32_bits(off), r + NVSIM_VF_HEAD_OFFSET_HI(h));
	iowrite32(fmt, r + NVSIM_VF_HEAD_FORMAT(h));
	iowrite32(stride, r + NVSIM_VF_HEAD_STRIDE(h));
	iowrite32((w & 0xffff) | ht << 16, r + NVSIM_VF_HEAD_SIZE(h));
	iowrite32(1, r + NVSIM_VF_HEAD_COMMIT(h));
	st = ioread32(r + NVSIM_VF_HEAD_STATUS(h));
	if (status)
		*status = st;
	return st & NVSIM_VF_HEAD_STATUS_ERROR ? -EINVAL : 0;
}

/* staging -> FB through the display's channel, and wait for it */
static int ce_copy(struct nvsim_kms *k, u64 fb_off, u32 len)
{
	struct nvsim_guest *g = k->g;
	struct nvsim_chan *ch = k->ch;
	int ret;

	if (READ_ONCE(ch->dead))
		return -EIO;
	ret = nvsim_emit_copy(g, ch, true, k->staging_dma, fb_off, len);
	if (!ret)
		ret = nvsim_emit_release(g, ch);
	if (ret)
		return ret;
	if (!wait_event_timeout(g->wq, nvsim_sem_reached(ch, ch->seq) || READ_ONCE(ch->dead),
				msecs_to_jiffies(CE_WAIT_MS)))
		return -ETIMEDOUT;
	return nvsim_sem_reached(ch, ch->seq) ? 0 : -EIO;
}

/*
 * One frame into the head's back buffer: rows of w XRGB8888 pixels from
 * src (pitch bytes apart) at the device's stride, the checksum of
 * nvsim_guest_uapi.h over their R, G, B bytes.
 */
static int present(struct nvsim_kms *k, struct nvsim_head *head, const u8 *src,
		   unsigned int pitch, u32 w, u32 h)
{
	u32 stride = ALIGN(w * 4, 64), rows = STAGING_SIZE / stride, crc = ~0u;
	u64 dst = head->fb_base + head->back * k->buf_size;
	unsigned int y, i, x, n;
	int ret = 0;

	lockdep_assert_held(&k->hw_lock);
	for (y = 0; y < h && !ret; y += n) {
		n = min(rows, h - y);
		for (i = 0; i < n; i++) {
			u32 *d = k->staging + i * stride;

			memcpy(d, src + (size_t)(y + i) * pitch, w * 4);
			for (x = 0; x < w; x++) {
				k->rgb[3 * x] = d[x] >> 16;
				k->rgb[3 * x + 1] = d[x] >> 8;
				k->rgb[3 * x + 2] = d[x];
			}
			crc = crc32_le(crc, k->rgb, 3 * w);
		}
		ret = ce_copy(k, dst + (u64)y * stride, n * stride);
	}
	if (ret)
		return ret;
	head->cur = (struct nvsim_frame){ .fb_off = dst, .width = w, .height = h,
					  .stride = stride, .crc = ~crc, .valid = true };
	head->back ^= 1;
	k->copies++;
	return 0;
}

/* ---- plane ---- */

/* alpha is not scanned out: ARGB8888 goes to the device as XRGB8888 (GBM's choice) */
static const u32 nvsim_formats[] = { DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888 };

static int nvsim_plane_atomic_check(struct drm_plane *plane, struct drm_atomic_state *state)
{
	struct drm_plane_state *ps = drm_atomic_get_new_plane_state(state, plane);
	struct drm_crtc_state *cs = NULL;

	if (ps->crtc)
		cs = drm_atomic_get_new_crtc_state(state, ps->crtc);
	return drm_atomic_helper_check_plane_state(ps, cs, DRM_PLANE_NO_SCALING,
						   DRM_PLANE_NO_SCALING, false, false);
}

static void nvsim_plane_atomic_update(struct drm_plane *plane, struct drm_atomic_state *state)
{
	struct drm_plane_state *ps = drm_atomic_get_new_plane_state(state, plane);
	struct drm_shadow_plane_state *shadow = to_drm_shadow_plane_state(ps);
	struct nvsim_head *head = container_of(plane, struct nvsim_head, plane);
	struct nvsim_kms *k = head->k;
	struct drm_framebuffer *fb = ps->fb;
	const u8 *src;
	int ret;

	if (!fb || !ps->visible || shadow->data[0].is_iomem)
		return;
	src = shadow->data[0].vaddr;
	src += (ps->src.y1 >> 16) * fb->pitches[0] + (ps->src.x1 >> 16) * 4;
	ret = drm_gem_fb_begin_cpu_access(fb, DMA_FROM_DEVICE);
	if (ret)
		return;
	mutex_lock(&k->hw_lock);
	ret = present(k, head, src, fb->pitches[0], drm_rect_width(&ps->dst),
		      drm_rect_height(&ps->dst));
	mutex_unlock(&k->hw_lock);
	drm_gem_fb_end_cpu_access(fb, DMA_FROM_DEVICE);
	if (ret)
		drm_err_ratelimited(&k->drm, "head %u: copy engine: %d, frame dropped\n",
				    head->idx, ret);
}

static const struct drm_plane_helper_funcs nvsim_plane_helpers = {
	DRM_GEM_SHADOW_PLANE_HELPER_FUNCS,
	.atomic_check = nvsim_plane_atomic_check,
	.atomic_update = nvsim_plane_atomic_update,
};

static const struct drm_plane_funcs nvsim_plane_funcs = {
	.update_plane = drm_atomic_helper_update_plane,
	.disable_plane = drm_atomic_helper_disable_plane,
	.destroy = drm_plane_cleanup,
	DRM_GEM_SHADOW_PLANE_FUNCS,
};

/* ---- CRTC ---- */

static enum drm_mode_status nvsim_crtc_mode_valid(struct drm_crtc *crtc,
						  const struct drm_display_mode *mode)
{
	struct nvsim_kms *k = to_kms(crtc->dev);

	if (mode->hdisplay > k->max_w || mode->vdisplay > k->max_h)
		return MODE_BAD;
	if ((u64)ALIGN(mode->hdisplay * 4, 64) * mode->vdisplay > k->buf_size)
		return MODE_MEM;
	return MODE_OK;
}

static void nvsim_crtc_atomic_enable(struct drm_crtc *crtc, struct drm_atomic_state *state)
{
	drm_crtc_vblank_on(crtc);
}

static void nvsim_crtc_atomic_disable(struct drm_crtc *crtc, struct drm_atomic_state *state)
{
	struct nvsim_head *head = container_of(crtc, struct nvsim_head, crtc);
	struct nvsim_kms *k = head->k;
	u32 st;

	drm_crtc_vblank_off(crtc);
	mutex_lock(&k->hw_lock);
	spin_lock_irq(&k->event_lock);
	head->armed = (struct nvsim_frame){};
	if (head_commit(k, head->idx, 0, 0, 0, 0, 0, 0, &st))
		drm_err(&k->drm, "head %u: disabling refused, status %#x\n", head->idx, st);
	spin_unlock_irq(&k->event_lock);
	head->cur.valid = false;
	mutex_unlock(&k->hw_lock);
	/* the flip that turns the head off completes nothing */
	if (crtc->state->event && !crtc->state->active) {
		send_event(crtc, crtc->state->event);
		crtc->state->event = NULL;
	}
}

/*
 * Commit the head's current frame (a new one if the plane was updated in
 * this commit); the event completes at the flip-done interrupt.
 */
static void nvsim_crtc_atomic_flush(struct drm_crtc *crtc, struct drm_atomic_state *state)
{
	struct drm_crtc_state *cs = drm_atomic_get_new_crtc_state(state, crtc);
	struct nvsim_head *head = container_of(crtc, struct nvsim_head, crtc);
	struct drm_pending_vblank_event *ev = cs->event;
	struct nvsim_kms *k = head->k;
	struct nvsim_frame *f = &head->cur;
	int ret = -ENODATA;
	u32 st = 0;

	if (!cs->active)
		return;
	cs->event = NULL;
	mutex_lock(&k->hw_lock);
	spin_lock_irq(&k->event_lock);
	if (f->valid) {
		WARN_ON(head->event);
		head->event = ev;
		head->armed = *f;
		ret = head_commit(k, head->idx, NVSIM_VF_HEAD_CTRL_ENABLE, f->fb_off,
				  NVSIM_FOURCC_XRGB8888, f->stride, f->width, f->height, &st);
		if (ret)
			head->event = NULL;
	}
	spin_unlock_irq(&k->event_lock);
	mutex_unlock(&k->hw_lock);
	if (ret) {
		if (ret != -ENODATA)
			drm_err(&k->drm, "head %u: the device refused the surface, status %#x\n",
				head->idx, st);
		if (ev)
			send_event(crtc, ev);
	}
}

static int nvsim_enable_vblank(struct drm_crtc *crtc)
{
	struct nvsim_head *head = container_of(crtc, struct nvsim_head, crtc);
	struct nvsim_kms *k = head->k;
	unsigned long flags;

	spin_lock_irqsave(&k->event_lock, flags);
	/* a bit left set would never signal again */
	iowrite32(NVSIM_VF_DISP_INTR_VBLANK(head->idx), k->g->bar0 + NVSIM_VF_DISP_INTR);
	k->intr_en |= NVSIM_VF_DISP_INTR_VBLANK(head->idx);
	iowrite32(k->intr_en, k->g->bar0 + NVSIM_VF_DISP_INTR_EN);
	spin_unlock_irqrestore(&k->event_lock, flags);
	return 0;
}

static void nvsim_disable_vblank(struct drm_crtc *crtc)
{
	struct nvsim_head *head = container_of(crtc, struct nvsim_head, crtc);
	struct nvsim_kms *k = head->k;
	unsigned long flags;

	spin_lock_irqsave(&k->event_lock, flags);
	k->intr_en &= ~NVSIM_VF_DISP_INTR_VBLANK(head->idx);
	iowrite32(k->intr_en, k->g->bar0 + NVSIM_VF_DISP_INTR_EN);
	spin_unlock_irqrestore(&k->event_lock, flags);
}

static const struct drm_crtc_helper_funcs nvsim_crtc_helpers = {
	.mode_valid = nvsim_crtc_mode_valid,
	.atomic_check = drm_crtc_helper_atomic_check,
	.atomic_enable = nvsim_crtc_atomic_enable,
	.atomic_disable = nvsim_crtc_atomic_disable,
	.atomic_flush = nvsim_crtc_atomic_flush,
};

static const struct drm_crtc_funcs nvsim_crtc_funcs = {
	.reset = drm_atomic_helper_crtc_reset,
	.destroy = drm_crtc_cleanup,
	.set_config = drm_atomic_helper_set_config,
	.page_flip = drm_atomic_helper_page_flip,
	.atomic_duplicate_state = drm_atomic_helper_crtc_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_crtc_destroy_state,
	.enable_vblank = nvsim_enable_vblank,
	.disable_vblank = nvsim_disable_vblank,
};

/* ---- connector ---- */

static int nvsim_conn_get_modes(struct drm_connector *conn)
{
	struct nvsim_kms *k = to_kms(conn->dev);
	struct drm_display_mode *m;
	unsigned int w = list_width ? min(list_width, k->max_w) : k->max_w;
	unsigned int h = list_height ? min(list_height, k->max_h) : k->max_h;
	int n;

	n = drm_add_modes_noedid(conn, w, h);
	/*
	 * A cap below the smallest standard mode (640x350): a CVT mode of
	 * exactly that size, so that software rendering has few pixels.
	 */
	if (list_width && list_height && (w < 640 || h < 350)) {
		m = drm_cvt_mode(conn->dev, w, h, 60, true, false, false);
		if (m) {
			drm_mode_probed_add(conn, m);
			n++;
		}
	}
	drm_set_preferred_mode(conn, pref_width, pref_height);
	return n;
}

static const struct drm_connector_helper_funcs nvsim_conn_helpers = {
	.get_modes = nvsim_conn_get_modes,
};

static const struct drm_connector_funcs nvsim_conn_funcs = {
	.reset = drm_atomic_helper_connector_reset,
	.fill_modes = drm_helper_probe_single_connector_modes,
	.destroy = drm_connector_cleanup,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

/* ---- device ---- */

/* like drm_atomic_helper_commit_tail, but done at flip-done, not vblank */
static void nvsim_commit_tail(struct drm_atomic_state *old)
{
	struct drm_device *drm = old->dev;

	drm_atomic_helper_commit_modeset_disables(drm, old);
	drm_atomic_helper_commit_modeset_enables(drm, old);
	drm_atomic_helper_commit_planes(drm, old, DRM_PLANE_COMMIT_ACTIVE_ONLY);
	drm_atomic_helper_commit_hw_done(old);
	drm_atomic_helper_wait_for_flip_done(drm, old);
	drm_atomic_helper_cleanup_planes(drm, old);
}

static const struct drm_mode_config_helper_funcs nvsim_mode_config_helpers = {
	.atomic_commit_tail = nvsim_commit_tail,
};

static const struct drm_mode_config_funcs nvsim_mode_config_funcs = {
	.fb_create = drm_gem_fb_create_with_dirty,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = drm_atomic_helper_commit,
};

DEFINE_DRM_GEM_FOPS(nvsim_drm_fops);

static const struct drm_driver nvsim_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_MODESET | DRIVER_ATOMIC,
	.fops = &nvsim_drm_fops,
	DRM_GEM_SHMEM_DRIVER_OPS,
	.name = "nvsim-vgpu",
	.desc = "Test-only display of the simulated NVIDIA vGPU VF",
	.date = "20261201",
	.major = 1,
	.minor = 0,
};

/*
 * Vector 3: flip done and vblank. The handler clears what it saw (W1C); a
 * bit set after the read signals again.
 */
irqreturn_t nvsim_kms_irq(int irq, void *data)
{
	struct nvsim_guest *g = data;
	struct nvsim_kms *k = READ_ONCE(g->kms);
	struct drm_pending_vblank_event *ev;
	unsigned int h;
	u32 st;

	if (!k)
		return IRQ_HANDLED;
	st = ioread32(g->bar0 + NVSIM_VF_DISP_INTR);
	if (!st)
		return IRQ_HANDLED;
	iowrite32(st, g->bar0 + NVSIM_VF_DISP_INTR);
	for (h = 0; h < k->num_heads; h++) {
		struct nvsim_head *head = &k->heads[h];

		if (st & NVSIM_VF_DISP_INTR_VBLANK(h))
			drm_crtc_handle_vblank(&head->crtc);
		if (!(st & NVSIM_VF_DISP_INTR_FLIP_DONE(h)))
			continue;
		spin_lock(&k->event_lock);
		head->live = head->armed;
		head->frame_seq++;
		ev = head->event;
		head->event = NULL;
		spin_unlock(&k->event_lock);
		if (ev)
			send_event(&head->crtc, ev);
	}
	return IRQ_HANDLED;
}

static int head_init(struct nvsim_kms *k, unsigned int h)
{
	struct nvsim_head *head = &k->heads[h];
	struct drm_device *drm = &k->drm;
	int ret;

	head->k = k;
	head->idx = h;
	head->fb_base = DISP_FB_BASE + 2 * k->buf_size * h;
	ret = drm_universal_plane_init(drm, &head->plane, 0, &nvsim_plane_funcs, nvsim_formats,
				       ARRAY_SIZE(nvsim_formats), NULL,
				       DRM_PLANE_TYPE_PRIMARY, NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&head->plane, &nvsim_plane_helpers);
	ret = drm_crtc_init_with_planes(drm, &head->crtc, &head->plane, NULL,
					&nvsim_crtc_funcs, NULL);
	if (ret)
		return ret;
	drm_crtc_helper_add(&head->crtc, &nvsim_crtc_helpers);
	ret = drm_simple_encoder_init(drm, &head->encoder, DRM_MODE_ENCODER_VIRTUAL);
	if (ret)
		return ret;
	head->encoder.possible_crtcs = drm_crtc_mask(&head->crtc);
	ret = drm_connector_init(drm, &head->connector, &nvsim_conn_funcs,
				 DRM_MODE_CONNECTOR_VIRTUAL);
	if (ret)
		return ret;
	drm_connector_helper_add(&head->connector, &nvsim_conn_helpers);
	return drm_connector_attach_encoder(&head->connector, &head->encoder);
}

/**
 * nvsim_kms_init() - register the VF's display as a KMS device
 * @g: the bound VF, its MSI-X vectors requested
 *
 * Takes one channel of the vGPU for the copy engine. Called from probe;
 * a failure leaves the VF without a display, nothing else.
 *
 * Return: 0 or a negative errno.
 */
int nvsim_kms_init(struct nvsim_guest *g)
{
	struct pci_dev *pdev = g->pdev;
	struct nvsim_kms *k;
	struct drm_device *drm;
	u32 nh, ms, d[2] = {};
	u64 mappable;
	unsigned int h;
	int ret;

	nh = ioread32(g->bar0 + NVSIM_VF_DISP_NUM_HEADS);
	ms = ioread32(g->bar0 + NVSIM_VF_DISP_MAX_SIZE);
	if (!nh || !ms)
		return -ENODEV;
	mutex_lock(&g->lock);
	ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_GET_FB_SIZE, NULL, 0, d, 2);
	mutex_unlock(&g->lock);
	if (ret)
		return ret;
	mappable = min_t(u64, (u64)d[1] << 32 | d[0], pci_resource_len(pdev, 1));
	if (mappable < DISP_FB_END)
		return -ENOSPC;

	k = devm_drm_dev_alloc(&pdev->dev, &nvsim_drm_driver, struct nvsim_kms, drm);
	if (IS_ERR(k))
		return PTR_ERR(k);
	drm = &k->drm;
	k->g = g;
	k->num_heads = min_t(u32, nh, NVSIM_VF_DISP_MAX_HEADS);
	k->max_w = ms & 0xffff;
	k->max_h = ms >> 16;
	k->buf_size = ((DISP_FB_END - DISP_FB_BASE) / k->num_heads / 2) & ~(u64)(SZ_4K - 1);
	spin_lock_init(&k->event_lock);
	ret = drmm_mutex_init(drm, &k->hw_lock);
	if (ret)
		return ret;
	k->rgb = drmm_kmalloc(drm, 3 * k->max_w, GFP_KERNEL);
	k->staging = dmam_alloc_coherent(&pdev->dev, STAGING_SIZE, &k->staging_dma, GFP_KERNEL);
	if (!k->rgb || !k->staging)
		return -ENOMEM;

	ret = drmm_mode_config_init(drm);
	if (ret)
		return ret;
	drm->mode_config.min_width = 1;
	drm->mode_config.min_height = 1;
	drm->mode_config.max_width = k->max_w;
	drm->mode_config.max_height = k->max_h;
	drm->mode_config.preferred_depth = 24;
	drm->mode_config.funcs = &nvsim_mode_config_funcs;
	drm->mode_config.helper_private = &nvsim_mode_config_helpers;
	for (h = 0; h < k->num_heads; h++) {
		ret = head_init(k, h);
		if (ret)
			return ret;
	}
	ret = drm_vblank_init(drm, k->num_heads);
	if (ret)
		return ret;
	drm_mode_config_reset(drm);

	ret = nvsim_chan_alloc(g, &k->ch);
	if (ret)
		return ret;
	iowrite32(~0u, g->bar0 + NVSIM_VF_DISP_INTR);
	for (h = 0; h < k->num_heads; h++)
		k->intr_en |= NVSIM_VF_DISP_INTR_FLIP_DONE(h);
	WRITE_ONCE(g->kms, k);
	iowrite32(k->intr_en, g->bar0 + NVSIM_VF_DISP_INTR_EN);
	ret = drm_dev_register(drm, 0);
	if (ret) {
		iowrite32(0, g->bar0 + NVSIM_VF_DISP_INTR_EN);
		WRITE_ONCE(g->kms, NULL);
		synchronize_irq(pci_irq_vector(pdev, NVSIM_VF_MSIX_VEC_DISP));
		nvsim_chan_free(g, k->ch);
		return ret;
	}
	drm_fbdev_shmem_setup(drm, 32);
	drm_info(drm, "%u heads up to %ux%u, scanout at FB %#llx..%#llx, frames by the copy engine (channel %u)\n",
		 k->num_heads, k->max_w, k->max_h, DISP_FB_BASE, DISP_FB_END, k->ch->chid);
	return 0;
}

/**
 * nvsim_kms_fini() - unregister the display (device removal)
 * @g: the VF
 */
void nvsim_kms_fini(struct nvsim_guest *g)
{
	struct nvsim_kms *k = g->kms;

	if (!k)
		return;
	drm_dev_unplug(&k->drm);
	drm_atomic_helper_shutdown(&k->drm);
	iowrite32(0, g->bar0 + NVSIM_VF_DISP_INTR_EN);
	WRITE_ONCE(g->kms, NULL);
	synchronize_irq(pci_irq_vector(g->pdev, NVSIM_VF_MSIX_VEC_DISP));
	nvsim_chan_free(g, k->ch);
}

/**
 * nvsim_kms_info() - a head and the frame it scans out (NVSIM_IOC_DISP_INFO)
 * @g: the VF
 * @di: in: head; out: the rest
 *
 * Return: 0 (num_heads 0: the vGPU's type has no display), -ENODEV if it
 * has heads but no display was registered, -EINVAL for a head it lacks.
 */
int nvsim_kms_info(struct nvsim_guest *g, struct nvsim_disp_info *di)
{
	struct nvsim_kms *k = g->kms;
	struct nvsim_head *head;
	void __iomem *r = g->bar0;
	u32 ms;

	di->num_heads = ioread32(r + NVSIM_VF_DISP_NUM_HEADS);
	ms = ioread32(r + NVSIM_VF_DISP_MAX_SIZE);
	di->max_width = ms & 0xffff;
	di->max_height = ms >> 16;
	/* a type without heads has no display: not an error */
	if (!k)
		return di->num_heads ? -ENODEV : 0;
	if (di->head >= k->num_heads)
		return -EINVAL;
	head = &k->heads[di->head];
	di->status = ioread32(r + NVSIM_VF_HEAD_STATUS(di->head));
	di->vblanks = ioread32(r + NVSIM_VF_HEAD_FRAME(di->head));
	di->flips = ioread32(r + NVSIM_VF_HEAD_FLIPS(di->head));
	mutex_lock(&k->hw_lock);
	di->copies = k->copies;
	mutex_unlock(&k->hw_lock);
	spin_lock_irq(&k->event_lock);
	di->width = head->live.width;
	di->height = head->live.height;
	di->stride = head->live.stride;
	di->fb_off = head->live.fb_off;
	di->crc = head->live.crc;
	di->frame_seq = head->frame_seq;
	spin_unlock_irq(&k->event_lock);
	return 0;
}

/**
 * nvsim_kms_test_commit() - commit a head state as given (test only)
 * @g: the VF
 * @c: the state; out: HEAD_STATUS after the commit
 *
 * Bypasses the KMS checks so that the device's own checks are tested. A
 * refused commit leaves the armed and live state as they were, so the
 * display goes on; the next KMS commit rewrites every pending register.
 *
 * Return: 0 if the device accepted it, -EINVAL if it refused it, -ENODEV
 * without a display.
 */
int nvsim_kms_test_commit(struct nvsim_guest *g, struct nvsim_disp_commit *c)
{
	struct nvsim_kms *k = g->kms;
	int ret;

	if (!k)
		return -ENODEV;
	if (c->head >= NVSIM_VF_DISP_MAX_HEADS)
		return -EINVAL;
	mutex_lock(&k->hw_lock);
	ret = head_commit(k, c->head, c->ctrl, c->fb_off, c->format, c->stride, c->width,
			  c->height, &c->status);
	mutex_unlock(&k->hw_lock);
	return ret;
}
