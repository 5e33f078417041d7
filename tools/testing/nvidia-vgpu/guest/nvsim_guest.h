/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvsim_guest.h: what the parts of the test-only guest driver share: the
 * device (nvsim_core.c: PCI, mailbox, channels, /dev/nvsim-vgpu<N>) and
 * the display (nvsim_kms.c: a KMS device on the VF's display engine that
 * presents frames through a channel of the copy engine).
 */
#ifndef NVSIM_GUEST_H
#define NVSIM_GUEST_H

#include <linux/interrupt.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "nvsim_vf_regs.h"

#define DRV_NAME "nvsim-guest"

struct nvsim_kms;
struct nvsim_disp_commit;
struct nvsim_disp_info;

struct nvsim_guest {
	struct pci_dev *pdev;	/* the fields up to wq are devres-managed */
	void __iomem *bar0;
	int nvec;
	char irq_name[NVSIM_VF_MSIX_VECTORS][24];
	wait_queue_head_t wq;	/* semaphore, GP_GET or channel state changed */
	struct mutex lock;	/* the mailbox, chans */
	struct list_head chans;	/* every allocated channel */
	struct miscdevice misc;
	char misc_name[24];
	struct nvsim_kms *kms;	/* the display, if the VF has one */
};

struct nvsim_chan {
	struct list_head dev_node;	/* nvsim_guest.chans, under its lock */
	struct list_head file_node;	/* nvsim_file.chans, under its lock */
	u32 chid, handle, index;
	void *mem;
	dma_addr_t dma;
	u32 gp_put;			/* next GP entry we write */
	u32 slot_dw;			/* dwords in the open slot */
	u32 seq;			/* payload of the last release queued */
	bool dead;			/* stopped by an error (set by the fault thread) */
	u32 xid;
	u64 fault_addr;
};

int nvsim_mbox(struct nvsim_guest *g, u32 req, const u32 *args, int nargs, u32 *data, int ndata);
int nvsim_chan_alloc(struct nvsim_guest *g, struct nvsim_chan **out);
void nvsim_chan_free(struct nvsim_guest *g, struct nvsim_chan *ch);
int nvsim_emit_copy(struct nvsim_guest *g, struct nvsim_chan *ch, bool to_fb,
		    dma_addr_t sys, u64 fb, u32 len);
int nvsim_emit_release(struct nvsim_guest *g, struct nvsim_chan *ch);
bool nvsim_sem_reached(struct nvsim_chan *ch, u32 seq);

/* nvsim_kms.c */
int nvsim_kms_init(struct nvsim_guest *g);
void nvsim_kms_fini(struct nvsim_guest *g);
irqreturn_t nvsim_kms_irq(int irq, void *data);
int nvsim_kms_test_commit(struct nvsim_guest *g, struct nvsim_disp_commit *c);
int nvsim_kms_info(struct nvsim_guest *g, struct nvsim_disp_info *di);

#endif /* NVSIM_GUEST_H */
