// SPDX-License-Identifier: GPL-2.0
/*
 * nvsim_guest: test-only L3 guest driver for the VF of a simulated vGPU.
 *
 * Runs inside a Linux guest that has one VF of the simulated GPU assigned
 * through vfio-pci. It is not part of the host stack and not a model for
 * a real NVIDIA guest driver; it gives the guest-side tests what a real
 * driver would set up so that they exercise the same paths through VFIO:
 * it binds the vGPU, checks that the VF's guest interface answers, turns
 * on bus mastering (the GSP plugin of the vGPU only reports RUNNING with
 * bus mastering on) and enables every MSI-X vector with an interrupt
 * handler, so that the guest kernel programs the MSI-X table that VFIO
 * virtualizes and vGPU interrupts arrive through KVM. Interrupts are
 * counted by the kernel in /proc/interrupts under "nvsim-guest-<n>".
 *
 * The execution model: channels come from the vGPU's GSP plugin through
 * the VF mailbox (CHAN_ALLOC/FREE/INFO); each has USERD, a GPFIFO and a
 * pushbuffer ring in one coherent DMA block, so the VF fetches them with
 * its own DMA, i.e. through VFIO's IOMMU mapping in the host. Copies go
 * between a per-file DMA buffer (mmap()ed by guest userspace) and the
 * vGPU's FB, each submission ending in a semaphore release and a
 * non-stall interrupt (MSI-X vector 1) that wakes the waiters; a channel
 * stopped by an error raises vector 2, is marked dead and its waiters get
 * -EIO. The interface is nvsim_guest_uapi.h (/dev/nvsim-vgpu<N>).
 *
 * Registers and formats: tools/testing/nvidia-vgpu/sim/include/nvsim_vf_regs.h.
 */
#include <linux/dma-mapping.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/wait.h>

#include "nvsim_vf_regs.h"
#include "nvsim_guest_uapi.h"
#include "nvsim_guest.h"

/*
 * Channel memory, one coherent block: USERD (512-byte aligned), the
 * semaphore the copy engine releases, the GPFIFO and a pushbuffer ring of
 * one slot per GP entry, so a slot is free again once GP_GET passed its
 * entry. 40 KiB per channel keeps "allocate every channel of the type"
 * (up to 512) cheap.
 */
#define CH_ENTRIES	64
#define CH_SLOT_DW	128
#define CH_USERD	0
#define CH_SEM		512
#define CH_GPFIFO	4096
#define CH_PB		8192
#define CH_MEM		(CH_PB + CH_ENTRIES * CH_SLOT_DW * 4)
/* a launch with its methods, the semaphore release included */
#define CH_GROUP_DW	20
#define WAIT_DEFAULT_MS	10000
/* the largest chunk of the file's buffer: 4 MiB, the buddy allocator's limit */
#define BUF_MAX_ORDER	min(10, MAX_PAGE_ORDER)
#define RAW_DMA_MAX	(64u << 10)

static atomic_t nvsim_guest_count = ATOMIC_INIT(0);

struct nvsim_chunk {
	struct page *page;	/* first of physically contiguous pages */
	dma_addr_t dma;
	size_t len;
};

struct nvsim_file {
	struct nvsim_guest *g;
	struct mutex lock;	/* everything below; held through each ioctl */
	struct list_head chans;
	struct nvsim_chunk *chunks;
	unsigned int nchunks;
	struct page **pages;
	unsigned long npages;
	size_t buf_size;
};

/* ---- the GSP plugin mailbox (synchronous: done when the write returns) ---- */

int nvsim_mbox(struct nvsim_guest *g, u32 req, const u32 *args, int nargs, u32 *data, int ndata)
{
	u32 st;
	int i;

	lockdep_assert_held(&g->lock);
	for (i = 0; i < nargs; i++)
		iowrite32(args[i], g->bar0 + NVSIM_VF_MBOX_ARGN(i));
	iowrite32(req, g->bar0 + NVSIM_VF_MBOX_REQ);
	st = ioread32(g->bar0 + NVSIM_VF_MBOX_STATUS);
	for (i = 0; i < ndata; i++)
		data[i] = ioread32(g->bar0 + NVSIM_VF_MBOX_DATA(i));
	switch (st) {
	case NVSIM_VF_MBOX_ST_OK:
		return 0;
	case NVSIM_VF_MBOX_ST_NO_CHANNEL:
		return -ENOSPC;
	case NVSIM_VF_MBOX_ST_NOT_READY:
		return -EAGAIN;
	case NVSIM_VF_MBOX_ST_BAD_ARG:
		return -EINVAL;
	default:
		return -EIO;
	}
}

static int chan_info(struct nvsim_guest *g, struct nvsim_chan *ch, struct nvsim_chan_info *ci)
{
	u32 d[7];
	int ret;

	ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_CHAN_INFO, &ch->chid, 1, d, 7);
	if (ret)
		return ret;
	ci->chid = ch->chid;
	ci->state = d[0];
	ci->xid = d[1];
	ci->gp_get = d[2];
	ci->fault_addr = (u64)d[4] << 32 | d[3];
	ci->launches = d[5];
	ci->sem_releases = d[6];
	if (ci->state == NVSIM_VF_CHAN_ERROR && !READ_ONCE(ch->dead)) {
		ch->xid = ci->xid;
		ch->fault_addr = ci->fault_addr;
		/* the waiter reads xid/fault_addr after it saw dead */
		smp_store_release(&ch->dead, true);
		dev_info(&g->pdev->dev, "channel %u stopped: Xid %u, address %#llx\n",
			 ch->chid, ci->xid, ci->fault_addr);
	}
	return 0;
}

/* ---- interrupts ---- */

static irqreturn_t nvsim_guest_irq(int irq, void *data)
{
	/* Edge-triggered MSI-X: nothing to acknowledge in the device. */
	return IRQ_HANDLED;
}

/*
 * Non-stall (vector 1): a semaphore was released. The VF sends the
 * vector on every event, whatever EXEC_INTR holds, so the status bit is
 * not cleared here (it would cost an MMIO exit per interrupt).
 */
static irqreturn_t nvsim_guest_nonstall(int irq, void *data)
{
	struct nvsim_guest *g = data;

	wake_up_all(&g->wq);
	return IRQ_HANDLED;
}

/* Fault (vector 2): find the stopped channels; the mailbox may sleep-wait. */
static irqreturn_t nvsim_guest_fault(int irq, void *data)
{
	struct nvsim_guest *g = data;
	struct nvsim_chan_info ci;
	struct nvsim_chan *ch;

	iowrite32(NVSIM_VF_EXEC_INTR_FAULT, g->bar0 + NVSIM_VF_EXEC_INTR);
	mutex_lock(&g->lock);
	list_for_each_entry(ch, &g->chans, dev_node)
		if (!READ_ONCE(ch->dead))
			chan_info(g, ch, &ci);
	mutex_unlock(&g->lock);
	wake_up_all(&g->wq);
	return IRQ_HANDLED;
}

/* ---- channels ---- */

static u32 *userd(struct nvsim_chan *ch, u32 off)
{
	return ch->mem + CH_USERD + off;
}

static u32 gp_free(struct nvsim_chan *ch)
{
	u32 get = READ_ONCE(*userd(ch, NVSIM_USERD_GP_GET));

	return (get - ch->gp_put - 1) & (CH_ENTRIES - 1);
}

static u32 *slot(struct nvsim_chan *ch)
{
	return ch->mem + CH_PB + ch->gp_put * CH_SLOT_DW * 4;
}

/* Hand the open slot to the VF: GP entry, GP_PUT, doorbell. */
static void slot_kick(struct nvsim_guest *g, struct nvsim_chan *ch)
{
	dma_addr_t pb = ch->dma + CH_PB + ch->gp_put * CH_SLOT_DW * 4;
	u32 *gp = ch->mem + CH_GPFIFO + ch->gp_put * 8;

	if (!ch->slot_dw)
		return;
	gp[0] = NVSIM_GP_ENTRY0(pb);
	gp[1] = NVSIM_GP_ENTRY1(pb, ch->slot_dw);
	ch->gp_put = (ch->gp_put + 1) & (CH_ENTRIES - 1);
	ch->slot_dw = 0;
	/* the VF reads the pushbuffer and the entry after it saw GP_PUT */
	dma_wmb();
	WRITE_ONCE(*userd(ch, NVSIM_USERD_GP_PUT), ch->gp_put);
	/* and GP_PUT after the doorbell */
	wmb();
	iowrite32(ch->handle, g->bar0 + NVSIM_VF_USERMODE_DOORBELL);
}

/*
 * Make room for n dwords in the open slot: kick a full one, then wait
 * until GP_GET leaves a free entry (it moves without an interrupt, so
 * poll every 10 ms besides the non-stall wake-ups).
 */
static int slot_reserve(struct nvsim_guest *g, struct nvsim_chan *ch, u32 n)
{
	unsigned long end = jiffies + msecs_to_jiffies(WAIT_DEFAULT_MS);

	if (ch->slot_dw && ch->slot_dw + n <= CH_SLOT_DW)
		return 0;
	slot_kick(g, ch);
	while (!gp_free(ch)) {
		if (READ_ONCE(ch->dead))
			return -EIO;
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		if (wait_event_interruptible_timeout(g->wq, gp_free(ch) || READ_ONCE(ch->dead),
						     msecs_to_jiffies(10)) < 0)
			return -EINTR;
	}
	return 0;
}

static void emit(struct nvsim_chan *ch, u32 w)
{
	slot(ch)[ch->slot_dw++] = w;
}

int nvsim_chan_alloc(struct nvsim_guest *g, struct nvsim_chan **out)
{
	struct nvsim_chan *ch;
	u32 args[5], d[3];
	int ret;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->mem = dma_alloc_coherent(&g->pdev->dev, CH_MEM, &ch->dma, GFP_KERNEL);
	if (!ch->mem) {
		kfree(ch);
		return -ENOMEM;
	}
	args[0] = lower_32_bits(ch->dma + CH_GPFIFO);
	args[1] = upper_32_bits(ch->dma + CH_GPFIFO);
	args[2] = CH_ENTRIES;
	args[3] = lower_32_bits(ch->dma + CH_USERD);
	args[4] = upper_32_bits(ch->dma + CH_USERD);
	mutex_lock(&g->lock);
	ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_CHAN_ALLOC, args, 5, d, 3);
	if (!ret) {
		ch->chid = d[0];
		ch->handle = d[1];
		ch->index = d[2];
		list_add_tail(&ch->dev_node, &g->chans);
	}
	mutex_unlock(&g->lock);
	if (ret) {
		dma_free_coherent(&g->pdev->dev, CH_MEM, ch->mem, ch->dma);
		kfree(ch);
		return ret;
	}
	/* the copy class on subchannel 0, before any engine method */
	emit(ch, NVSIM_PB_INC(0, NVSIM_HOST_SET_OBJECT, 1));
	emit(ch, NVSIM_CE_CLASS_B);
	slot_kick(g, ch);
	*out = ch;
	return 0;
}

void nvsim_chan_free(struct nvsim_guest *g, struct nvsim_chan *ch)
{
	int ret;

	mutex_lock(&g->lock);
	list_del(&ch->dev_node);
	ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_CHAN_FREE, &ch->chid, 1, NULL, 0);
	mutex_unlock(&g->lock);
	/*
	 * The VF stops fetching from a freed channel; if the plugin refused
	 * the free (vGPU gone), the channel's memory must not be reused by
	 * the guest while the VF might still read it: leak it.
	 */
	if (ret && ret != -EAGAIN) {
		dev_err(&g->pdev->dev, "freeing channel %u failed (%d), leaking its memory\n",
			ch->chid, ret);
		kfree(ch);
		return;
	}
	dma_free_coherent(&g->pdev->dev, CH_MEM, ch->mem, ch->dma);
	kfree(ch);
}

static struct nvsim_chan *chan_find(struct nvsim_file *f, u32 chid)
{
	struct nvsim_chan *ch;

	list_for_each_entry(ch, &f->chans, file_node)
		if (ch->chid == chid)
			return ch;
	return NULL;
}

/* The semaphore release that ends a submission, with a non-stall interrupt. */
int nvsim_emit_release(struct nvsim_guest *g, struct nvsim_chan *ch)
{
	dma_addr_t sem = ch->dma + CH_SEM;
	int ret;

	ret = slot_reserve(g, ch, CH_GROUP_DW);
	if (ret)
		return ret;
	ch->seq++;
	emit(ch, NVSIM_PB_INC(0, NVSIM_CE_SET_SEMAPHORE_A, 3));
	emit(ch, upper_32_bits(sem));
	emit(ch, lower_32_bits(sem));
	emit(ch, ch->seq);
	emit(ch, NVSIM_PB_INC(0, NVSIM_CE_LAUNCH_DMA, 1));
	emit(ch, NVSIM_CE_LD_FLUSH | NVSIM_CE_LD_SEM_ONE_WORD | NVSIM_CE_LD_INTR_NON_BLOCKING);
	slot_kick(g, ch);
	return 0;
}

/* One LAUNCH_DMA of len bytes between a sysmem DMA address and the FB. */
int nvsim_emit_copy(struct nvsim_guest *g, struct nvsim_chan *ch, bool to_fb,
		    dma_addr_t sys, u64 fb, u32 len)
{
	u64 in = to_fb ? sys : fb, out = to_fb ? fb : sys;
	u32 sysmode = NVSIM_CE_PHYS_COHERENT_SYSMEM;
	int ret;

	ret = slot_reserve(g, ch, CH_GROUP_DW);
	if (ret)
		return ret;
	emit(ch, NVSIM_PB_INC(0, NVSIM_CE_SET_SRC_PHYS_MODE, 2));
	emit(ch, to_fb ? sysmode : NVSIM_CE_PHYS_LOCAL_FB);
	emit(ch, to_fb ? NVSIM_CE_PHYS_LOCAL_FB : sysmode);
	emit(ch, NVSIM_PB_INC(0, NVSIM_CE_OFFSET_IN_UPPER, 8));
	emit(ch, upper_32_bits(in));
	emit(ch, lower_32_bits(in));
	emit(ch, upper_32_bits(out));
	emit(ch, lower_32_bits(out));
	emit(ch, 0);		/* PITCH_IN: single line */
	emit(ch, 0);		/* PITCH_OUT */
	emit(ch, len);		/* LINE_LENGTH_IN */
	emit(ch, 1);		/* LINE_COUNT */
	emit(ch, NVSIM_PB_INC(0, NVSIM_CE_LAUNCH_DMA, 1));
	emit(ch, NVSIM_CE_LD_TRANSFER_NON_PIPELINED | NVSIM_CE_LD_SRC_PITCH |
		 NVSIM_CE_LD_DST_PITCH | NVSIM_CE_LD_SRC_PHYSICAL | NVSIM_CE_LD_DST_PHYSICAL);
	return 0;
}

static int do_copy(struct nvsim_file *f, struct nvsim_copy *c)
{
	struct nvsim_guest *g = f->g;
	struct nvsim_chan *ch = chan_find(f, c->chid);
	bool to_fb = c->dir == NVSIM_COPY_TO_FB;
	u64 off = c->buf_off, fb = c->fb_off, left = c->size, pos = 0;
	unsigned int i;
	int ret = 0;

	if (!ch)
		return -ENOENT;
	if (READ_ONCE(ch->dead))
		return -EIO;
	if (c->dir > NVSIM_COPY_FROM_FB || !c->size || c->flags & ~NVSIM_COPY_F_RAW_DMA)
		return -EINVAL;
	if (c->flags & NVSIM_COPY_F_RAW_DMA) {
		/* test only: an address the guest chose, e.g. never mapped */
		if (c->size > RAW_DMA_MAX)
			return -EINVAL;
		ret = nvsim_emit_copy(g, ch, to_fb, c->buf_off, fb, c->size);
		goto release;
	}
	if (off > f->buf_size || c->size > f->buf_size - off)
		return -EINVAL;
	/* one launch per physically contiguous chunk the range touches */
	for (i = 0; i < f->nchunks && left; pos += f->chunks[i++].len) {
		struct nvsim_chunk *k = &f->chunks[i];
		u64 skip, n;

		if (off >= pos + k->len)
			continue;
		skip = off - pos;
		n = min_t(u64, left, k->len - skip);
		dma_sync_single_for_device(&g->pdev->dev, k->dma, k->len, DMA_BIDIRECTIONAL);
		ret = nvsim_emit_copy(g, ch, to_fb, k->dma + skip, fb, n);
		if (ret)
			return ret;
		off += n;
		fb += n;
		left -= n;
	}
release:
	if (!ret)
		ret = nvsim_emit_release(g, ch);
	if (!ret)
		c->seq = ch->seq;
	return ret;
}

static int do_bad_method(struct nvsim_file *f, struct nvsim_bad_method *b)
{
	struct nvsim_chan *ch = chan_find(f, b->chid);
	int ret;

	if (!ch)
		return -ENOENT;
	ret = slot_reserve(f->g, ch, CH_GROUP_DW);
	if (ret)
		return ret;
	/* 0x0f8 lies in the host method range (< 0x100) and is no method */
	emit(ch, NVSIM_PB_INC(0, 0x00f8, 1));
	emit(ch, 0xbad);
	ret = nvsim_emit_release(f->g, ch);
	if (!ret)
		b->seq = ch->seq;
	return ret;
}

bool nvsim_sem_reached(struct nvsim_chan *ch, u32 seq)
{
	return (s32)(READ_ONCE(*(u32 *)(ch->mem + CH_SEM)) - seq) >= 0;
}

static int do_wait(struct nvsim_file *f, struct nvsim_wait *w)
{
	struct nvsim_guest *g = f->g;
	struct nvsim_chan *ch = chan_find(f, w->chid);
	struct nvsim_chan_info ci;
	unsigned int i;
	long left;

	if (!ch)
		return -ENOENT;
	left = wait_event_interruptible_timeout(g->wq, nvsim_sem_reached(ch, w->seq) ||
						READ_ONCE(ch->dead),
						msecs_to_jiffies(w->timeout_ms ?: WAIT_DEFAULT_MS));
	if (left < 0)
		return -EINTR;
	w->sem = READ_ONCE(*(u32 *)(ch->mem + CH_SEM));
	if (!left && !nvsim_sem_reached(ch, w->seq)) {
		/* no interrupt: ask the plugin whether the channel stopped */
		mutex_lock(&g->lock);
		chan_info(g, ch, &ci);
		mutex_unlock(&g->lock);
	}
	if (!nvsim_sem_reached(ch, w->seq)) {
		/* pairs with chan_info()'s release: xid/fault_addr are set */
		if (!smp_load_acquire(&ch->dead))
			return -ETIMEDOUT;
		w->xid = ch->xid;
		w->fault_addr = ch->fault_addr;
		return -EIO;
	}
	for (i = 0; i < f->nchunks; i++)
		dma_sync_single_for_cpu(&g->pdev->dev, f->chunks[i].dma, f->chunks[i].len,
					DMA_BIDIRECTIONAL);
	return 0;
}

/* ---- the per-file DMA buffer ---- */

static void buf_free(struct nvsim_file *f)
{
	struct device *dev = &f->g->pdev->dev;
	unsigned long i;

	for (i = 0; i < f->nchunks; i++)
		dma_unmap_page(dev, f->chunks[i].dma, f->chunks[i].len, DMA_BIDIRECTIONAL);
	for (i = 0; i < f->npages; i++)
		__free_page(f->pages[i]);
	kvfree(f->pages);
	kvfree(f->chunks);
	f->pages = NULL;
	f->chunks = NULL;
	f->nchunks = 0;
	f->npages = 0;
	f->buf_size = 0;
}

/*
 * Physically contiguous chunks as large as the buddy allocator gives
 * (split into single pages so that userspace can map each one), each
 * DMA-mapped once: a 64 MiB copy is 16 launches, not 16384.
 */
static int buf_alloc(struct nvsim_file *f, size_t size)
{
	struct device *dev = &f->g->pdev->dev;
	unsigned long n = size >> PAGE_SHIFT, j;
	int order = BUF_MAX_ORDER;

	f->pages = kvcalloc(n, sizeof(*f->pages), GFP_KERNEL);
	f->chunks = kvcalloc(n, sizeof(*f->chunks), GFP_KERNEL);
	if (!f->pages || !f->chunks)
		goto fail;
	while (f->npages < n) {
		struct nvsim_chunk *k = &f->chunks[f->nchunks];
		gfp_t gfp = GFP_KERNEL | __GFP_ZERO;
		struct page *p;

		while (order && (1ul << order) > n - f->npages)
			order--;
		/* a smaller chunk is fine: try hard only for single pages */
		if (order)
			gfp |= __GFP_NOWARN | __GFP_NORETRY;
		p = alloc_pages(gfp, order);
		if (!p) {
			if (!order--)
				goto fail;
			continue;
		}
		split_page(p, order);
		for (j = 0; j < 1ul << order; j++)
			f->pages[f->npages + j] = p + j;
		f->npages += 1ul << order;
		k->page = p;
		k->len = PAGE_SIZE << order;
		k->dma = dma_map_page(dev, p, 0, k->len, DMA_BIDIRECTIONAL);
		if (dma_mapping_error(dev, k->dma))
			goto fail;
		f->nchunks++;
	}
	f->buf_size = size;
	return 0;
fail:
	buf_free(f);
	return -ENOMEM;
}

static vm_fault_t nvsim_vm_fault(struct vm_fault *vmf)
{
	struct nvsim_file *f = vmf->vma->vm_private_data;

	if (vmf->pgoff >= f->npages)
		return VM_FAULT_SIGBUS;
	vmf->page = f->pages[vmf->pgoff];
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct nvsim_vm_ops = {
	.fault = nvsim_vm_fault,
};

static int nvsim_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct nvsim_file *f = file->private_data;
	size_t size = vma->vm_end - vma->vm_start;
	int ret = 0;

	if (vma->vm_pgoff || size > NVSIM_BUF_MAX)
		return -EINVAL;
	mutex_lock(&f->lock);
	if (!f->buf_size)
		ret = buf_alloc(f, size);
	else if (size > f->buf_size)
		ret = -EINVAL;
	mutex_unlock(&f->lock);
	if (ret)
		return ret;
	vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_private_data = f;
	vma->vm_ops = &nvsim_vm_ops;
	return 0;
}

/* ---- the misc device ---- */

static int nvsim_open(struct inode *inode, struct file *file)
{
	struct nvsim_guest *g = container_of(file->private_data, struct nvsim_guest, misc);
	struct nvsim_file *f;

	f = kzalloc(sizeof(*f), GFP_KERNEL);
	if (!f)
		return -ENOMEM;
	f->g = g;
	mutex_init(&f->lock);
	INIT_LIST_HEAD(&f->chans);
	file->private_data = f;
	return 0;
}

static int nvsim_release(struct inode *inode, struct file *file)
{
	struct nvsim_file *f = file->private_data;
	struct nvsim_chan *ch, *tmp;

	list_for_each_entry_safe(ch, tmp, &f->chans, file_node) {
		list_del(&ch->file_node);
		nvsim_chan_free(f->g, ch);
	}
	/* the channels (the VF's only users of the buffer) are gone first */
	buf_free(f);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

static long nvsim_ioctl_locked(struct nvsim_file *f, unsigned int cmd, void __user *up)
{
	struct nvsim_guest *g = f->g;
	union {
		struct nvsim_dev_info di;
		struct nvsim_chan_alloc ca;
		struct nvsim_copy cp;
		struct nvsim_wait w;
		struct nvsim_chan_info ci;
		struct nvsim_bad_method bm;
		struct nvsim_disp_info dinfo;
		struct nvsim_disp_commit dc;
		u32 chid;
	} a;
	struct nvsim_chan *ch;
	u32 d[4];
	int ret;

	if (_IOC_SIZE(cmd) > sizeof(a))
		return -ENOTTY;
	memset(&a, 0, sizeof(a));
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&a, up, _IOC_SIZE(cmd)))
		return -EFAULT;
	switch (cmd) {
	case NVSIM_IOC_DEV_INFO:
		mutex_lock(&g->lock);
		ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_GET_FB_SIZE, NULL, 0, d, 2);
		a.di.fb_size = (u64)d[1] << 32 | d[0];
		if (!ret)
			ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_GET_STATE, NULL, 0, d, 4);
		a.di.num_channels = d[3];
		a.di.gfid = d[2];
		if (!ret)
			ret = nvsim_mbox(g, NVSIM_VF_MBOX_REQ_GET_TYPE_ID, NULL, 0, d, 1);
		a.di.type_id = d[0];
		a.di.kernel_channels = g->kms ? 1 : 0;
		mutex_unlock(&g->lock);
		break;
	case NVSIM_IOC_CHAN_ALLOC:
		ret = nvsim_chan_alloc(g, &ch);
		if (ret)
			break;
		list_add_tail(&ch->file_node, &f->chans);
		a.ca.chid = ch->chid;
		a.ca.index = ch->index;
		a.ca.entries = CH_ENTRIES;
		break;
	case NVSIM_IOC_CHAN_FREE:
		ch = chan_find(f, a.chid);
		if (!ch)
			return -ENOENT;
		list_del(&ch->file_node);
		nvsim_chan_free(g, ch);
		return 0;
	case NVSIM_IOC_COPY:
		ret = do_copy(f, &a.cp);
		break;
	case NVSIM_IOC_WAIT:
		ret = do_wait(f, &a.w);
		/* the reply tells why a wait failed */
		if (ret && ret != -EIO && ret != -ETIMEDOUT)
			return ret;
		if (copy_to_user(up, &a, _IOC_SIZE(cmd)))
			return -EFAULT;
		return ret;
	case NVSIM_IOC_CHAN_INFO:
		ch = chan_find(f, a.ci.chid);
		if (!ch)
			return -ENOENT;
		mutex_lock(&g->lock);
		ret = chan_info(g, ch, &a.ci);
		mutex_unlock(&g->lock);
		break;
	case NVSIM_IOC_TEST_BAD_METHOD:
		ret = do_bad_method(f, &a.bm);
		break;
	case NVSIM_IOC_DISP_INFO:
		ret = nvsim_kms_info(g, &a.dinfo);
		break;
	case NVSIM_IOC_TEST_DISP_COMMIT:
		ret = nvsim_kms_test_commit(g, &a.dc);
		/* the reply tells why the device refused */
		if (ret && ret != -EINVAL)
			return ret;
		if (copy_to_user(up, &a, _IOC_SIZE(cmd)))
			return -EFAULT;
		return ret;
	default:
		return -ENOTTY;
	}
	if (ret)
		return ret;
	if ((_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(up, &a, _IOC_SIZE(cmd)))
		return -EFAULT;
	return 0;
}

static long nvsim_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct nvsim_file *f = file->private_data;
	long ret;

	mutex_lock(&f->lock);
	ret = nvsim_ioctl_locked(f, cmd, (void __user *)arg);
	mutex_unlock(&f->lock);
	return ret;
}

static const struct file_operations nvsim_fops = {
	.owner = THIS_MODULE,
	.open = nvsim_open,
	.release = nvsim_release,
	.unlocked_ioctl = nvsim_ioctl,
	.mmap = nvsim_mmap,
};

/* ---- PCI ---- */

static void nvsim_guest_misc_remove(void *data)
{
	misc_deregister(data);
}

static int nvsim_guest_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvsim_guest *g;
	u32 magic;
	int ret, i;

	g = devm_kzalloc(&pdev->dev, sizeof(*g), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->pdev = pdev;
	init_waitqueue_head(&g->wq);
	INIT_LIST_HEAD(&g->chans);
	ret = devm_mutex_init(&pdev->dev, &g->lock);
	if (ret)
		return ret;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	if (pci_resource_len(pdev, 0) < NVSIM_VF_MSIX_TABLE)
		return dev_err_probe(&pdev->dev, -ENODEV, "BAR0 too small\n");
	g->bar0 = pcim_iomap(pdev, 0, NVSIM_VF_REG_BASE + 0x1000);
	if (!g->bar0)
		return -ENOMEM;
	magic = ioread32(g->bar0 + NVSIM_VF_MAGIC);
	if (magic != NVSIM_VF_MAGIC_VALUE)
		return dev_err_probe(&pdev->dev, -ENODEV,
				     "not a simulated vGPU VF (magic %#x)\n", magic);
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(40));
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "no 40-bit DMA\n");

	pci_set_master(pdev);

	ret = pci_alloc_irq_vectors(pdev, NVSIM_VF_MSIX_VECTORS,
				    NVSIM_VF_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (ret < 0)
		return dev_err_probe(&pdev->dev, ret, "no MSI-X vectors\n");
	g->nvec = ret;
	for (i = 0; i < g->nvec; i++) {
		unsigned int irq = pci_irq_vector(pdev, i);

		snprintf(g->irq_name[i], sizeof(g->irq_name[i]), DRV_NAME "-%d", i);
		if (i == NVSIM_VF_MSIX_VEC_NONSTALL)
			ret = devm_request_irq(&pdev->dev, irq, nvsim_guest_nonstall, 0,
					       g->irq_name[i], g);
		else if (i == NVSIM_VF_MSIX_VEC_DISP)
			ret = devm_request_irq(&pdev->dev, irq, nvsim_kms_irq, 0,
					       g->irq_name[i], g);
		else if (i == NVSIM_VF_MSIX_VEC_FAULT)
			ret = devm_request_threaded_irq(&pdev->dev, irq, NULL, nvsim_guest_fault,
							IRQF_ONESHOT, g->irq_name[i], g);
		else
			ret = devm_request_irq(&pdev->dev, irq, nvsim_guest_irq, 0,
					       g->irq_name[i], g);
		if (ret)
			return ret;
	}
	pci_set_drvdata(pdev, g);

	snprintf(g->misc_name, sizeof(g->misc_name), "nvsim-vgpu%d",
		 atomic_inc_return(&nvsim_guest_count) - 1);
	g->misc.minor = MISC_DYNAMIC_MINOR;
	g->misc.name = g->misc_name;
	g->misc.fops = &nvsim_fops;
	g->misc.parent = &pdev->dev;
	ret = misc_register(&g->misc);
	if (ret)
		return ret;
	ret = devm_add_action_or_reset(&pdev->dev, nvsim_guest_misc_remove, &g->misc);
	if (ret)
		return ret;
	dev_info(&pdev->dev, "vGPU VF, GFID %u, %d MSI-X vectors, /dev/%s\n",
		 ioread32(g->bar0 + NVSIM_VF_GFID), g->nvec, g->misc_name);
	/* the display is optional: the execution tests run without it */
	if (ioread32(g->bar0 + NVSIM_VF_CAPS) & NVSIM_VF_CAPS_DISPLAY) {
		ret = nvsim_kms_init(g);
		if (ret)
			dev_err(&pdev->dev, "no display: %d\n", ret);
	}
	return 0;
}

static void nvsim_guest_remove(struct pci_dev *pdev)
{
	nvsim_kms_fini(pci_get_drvdata(pdev));
}

/* A vGPU shows a type-specific device ID: match NVIDIA 3D controllers. */
static const struct pci_device_id nvsim_guest_ids[] = {
	{ PCI_DEVICE(PCI_VENDOR_ID_NVIDIA, PCI_ANY_ID),
	  .class = PCI_CLASS_DISPLAY_3D << 8, .class_mask = 0xffffff },
	{ }
};
MODULE_DEVICE_TABLE(pci, nvsim_guest_ids);

static struct pci_driver nvsim_guest_driver = {
	.name = DRV_NAME,
	.id_table = nvsim_guest_ids,
	.probe = nvsim_guest_probe,
	.remove = nvsim_guest_remove,
	/*
	 * Removal: the display is unregistered first (it holds a channel);
	 * the misc device, IRQs, vectors and the device are devres-managed.
	 * The test never unbinds with a file open; module unload waits for
	 * open files (fops.owner).
	 */
};
module_pci_driver(nvsim_guest_driver);

MODULE_DESCRIPTION("Test-only guest driver for the simulated NVIDIA vGPU VF");
MODULE_LICENSE("GPL");
