// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvidia-vgpu-sim: simulated SR-IOV GPU (placeholder, filled by the
 * simulator work).
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "qemu/module.h"

#define TYPE_NVGPU_SIM "nvidia-vgpu-sim"

static void nvgpu_sim_realize(PCIDevice *pdev, Error **errp)
{
}

static void nvgpu_sim_class_init(ObjectClass *klass, void *data)
{
	PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

	k->realize = nvgpu_sim_realize;
	k->vendor_id = 0x10de;
	k->device_id = 0x7e50;
	k->class_id = 0x0302;
}

static const TypeInfo nvgpu_sim_info = {
	.name = TYPE_NVGPU_SIM,
	.parent = TYPE_PCI_DEVICE,
	.instance_size = sizeof(PCIDevice),
	.class_init = nvgpu_sim_class_init,
	.interfaces = (InterfaceInfo[]) {
		{ INTERFACE_PCIE_DEVICE },
		{ },
	},
};

static void nvgpu_sim_register_types(void)
{
	type_register_static(&nvgpu_sim_info);
}

type_init(nvgpu_sim_register_types)
