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
 * Registers: tools/testing/nvidia-vgpu/sim/include/nvsim_vf_regs.h.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "nvsim_vf_regs.h"

#define DRV_NAME "nvsim-guest"

struct nvsim_guest {
	struct pci_dev *pdev;	/* everything below is devres-managed */
	void __iomem *bar0;
	int nvec;
	char irq_name[NVSIM_VF_MSIX_VECTORS][24];
};

static irqreturn_t nvsim_guest_irq(int irq, void *data)
{
	/* Edge-triggered MSI-X: nothing to acknowledge in the device. */
	return IRQ_HANDLED;
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

	pci_set_master(pdev);

	ret = pci_alloc_irq_vectors(pdev, NVSIM_VF_MSIX_VECTORS,
				    NVSIM_VF_MSIX_VECTORS, PCI_IRQ_MSIX);
	if (ret < 0)
		return dev_err_probe(&pdev->dev, ret, "no MSI-X vectors\n");
	g->nvec = ret;
	for (i = 0; i < g->nvec; i++) {
		snprintf(g->irq_name[i], sizeof(g->irq_name[i]), DRV_NAME "-%d", i);
		ret = devm_request_irq(&pdev->dev, pci_irq_vector(pdev, i),
				       nvsim_guest_irq, 0, g->irq_name[i], g);
		if (ret)
			return ret;
	}
	pci_set_drvdata(pdev, g);
	dev_info(&pdev->dev, "vGPU VF, GFID %u, %d MSI-X vectors\n",
		 ioread32(g->bar0 + NVSIM_VF_GFID), g->nvec);
	return 0;
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
	/* removal: the IRQs, the vectors and the device are devres-managed */
};
module_pci_driver(nvsim_guest_driver);

MODULE_DESCRIPTION("Test-only guest driver for the simulated NVIDIA vGPU VF");
MODULE_LICENSE("GPL");
