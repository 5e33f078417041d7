// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The vGPU manager as an nvkm subdev (NVKM_SUBDEV_VGPU, device->vgpu):
 * whether it exists (module option, supported chip, SR-IOV capable PF with
 * GSP-RM), what it changes in GSP-RM's boot arguments, its bring-up once
 * GSP-RM runs, SR-IOV configuration and teardown.
 *
 * Sequencing, from nvkm's subdev order (core/layout.h: GSP first, this
 * subdev after every other subdev, before the engines):
 *
 * - constructor: with the device, before any subdev is initialised, so
 *   before GSP-RM boots; GSP-RM's boot arguments (heap size, VF
 *   partitions, VF BARs) come from here.
 * - oneinit: at the device's first init, after GSP-RM runs: the manager
 *   takes its VRAM and talks to GSP-RM. A failure leaves the device
 *   working without vGPU support.
 * - fini: on suspend, refuses while vGPUs exist (nouveau_do_suspend()
 *   refuses earlier, before it changes anything); on unload, after the
 *   PCI driver's remove disabled SR-IOV (nvkm_vgpu_mgr_remove()), closes the
 *   manager and releases what oneinit took, while GSP-RM still runs (its
 *   subdev goes down last). nvkm also calls fini before every init: that
 *   one finds the subdev not enabled (use.enabled, as nvkm's own subdevs
 *   check in their fini) and does nothing.
 * - dtor: with the device.
 */
#include "priv.h"

#include <core/device.h>
#include <core/pci.h>
#include <subdev/gsp.h>
#include <vgpu_mgr/gsp.h>

#include <linux/module.h>
#include <linux/pci.h>

static bool nvkm_vgpu_mgr_enable;
module_param_named(vgpu_mgr, nvkm_vgpu_mgr_enable, bool, 0400);
MODULE_PARM_DESC(vgpu_mgr,
		 "Host vGPUs on the SR-IOV VFs of supported GPUs (Ada, with GSP-RM) (default: off)");

/*
 * GPUs whose GSP-RM (535.113.01) can host vGPUs and that nouveau runs with
 * GSP-RM: Ada. The simulated chipset (CONFIG_DRM_NOUVEAU_SIM_CHIPSET) reports
 * an Ada chip ID too.
 */
static bool
nvkm_vgpu_mgr_supported(struct nvkm_device *device)
{
	return device->card_type == AD100;
}

/*
 * The SR-IOV facts of the PF, as GSP-RM wants them, from the PCI core: the
 * resources of the VF BARs as it assigned them, TotalVFs, and the VF
 * offset. The PCI core does not export the offset (only the devfn of a VF,
 * which lacks the bus part), so that one is read from the SR-IOV
 * capability and checked against pci_iov_virtfn_devfn().
 */
static int
nvkm_vgpu_mgr_sriov(struct pci_dev *pdev, struct nvkm_vgpu_sriov *sriov)
{
	static const int vf_bar[] = { 0, 1, 3 };
	int total = pci_sriov_get_totalvfs(pdev);
	u16 offset;
	int pos;

	memset(sriov, 0, sizeof(*sriov));
	if (total <= 0)
		return -ENODEV;

	pos = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_SRIOV);
	if (!pos || pci_read_config_word(pdev, pos + PCI_SRIOV_VF_OFFSET, &offset))
		return -ENODEV;
	if (((pdev->devfn + offset) & 0xff) != pci_iov_virtfn_devfn(pdev, 0))
		return -ENODEV;

	sriov->total_vfs = total;
	sriov->vf_offset = offset;

	for (int i = 0; i < ARRAY_SIZE(vf_bar); i++) {
		int bar = PCI_IOV_RESOURCES + vf_bar[i];

		if (!(pci_resource_flags(pdev, bar) & IORESOURCE_MEM))
			return -ENODEV;
		sriov->bar[i].addr = pci_bus_address(pdev, bar);
		sriov->bar[i].is_64bit = pci_resource_flags(pdev, bar) & IORESOURCE_MEM_64;
	}

	return 0;
}

static struct nvkm_vgpu_mgr *
nvkm_vgpu_mgr(struct nvkm_subdev *subdev)
{
	return container_of(subdev, struct nvkm_vgpu_mgr, subdev);
}

static int
nvkm_vgpu_mgr_oneinit(struct nvkm_subdev *subdev)
{
	struct nvkm_vgpu_mgr *mgr = nvkm_vgpu_mgr(subdev);
	int ret;

	ret = nvkm_vgpu_mgr_r535_init(mgr);
	if (ret) {
		nvkm_error(subdev, "bring-up failed (%d), vGPU support is off\n", ret);
		return 0;
	}

	nvkm_info(subdev, "%llu MiB of FB in %llu MiB segments, channels %u-%u\n",
		  mgr->fb.size >> 20, mgr->fb_align >> 20, (u32)mgr->chid.base,
		  (u32)(mgr->chid.base + mgr->chid.size - 1));
	return 0;
}

static int
nvkm_vgpu_mgr_fini_(struct nvkm_subdev *subdev, bool suspend)
{
	struct nvkm_vgpu_mgr *mgr = nvkm_vgpu_mgr(subdev);

	/* the fini before every init: not initialised since the last fini */
	if (!subdev->use.enabled)
		return 0;

	if (suspend)
		return nvkm_vgpu_mgr_busy(subdev->device) ? -EBUSY : 0;

	/* nvkm_vgpu_mgr_remove() took the VFs, and with them the clients */
	WARN_ON(pci_num_vf(mgr->pdev));
	nvkm_vgpu_mgr_remove(subdev->device);

	if (mgr->ready) {
		nvkm_vgpu_mgr_teardown(mgr);
		nvkm_vgpu_mgr_r535_fini(mgr);
	}
	return 0;
}

static void *
nvkm_vgpu_mgr_dtor_(struct nvkm_subdev *subdev)
{
	struct nvkm_vgpu_mgr *mgr = nvkm_vgpu_mgr(subdev);

	nvkm_vgpu_mgr_dtor(mgr);
	return mgr;
}

static const struct nvkm_subdev_func
nvkm_vgpu_mgr_func = {
	.dtor = nvkm_vgpu_mgr_dtor_,
	.oneinit = nvkm_vgpu_mgr_oneinit,
	.fini = nvkm_vgpu_mgr_fini_,
};

/**
 * nvkm_vgpu_mgr_new - construct the vGPU manager subdev, if the device gets one
 * @device: the nvkm device, being constructed (GSP's subdev exists)
 * @type: %NVKM_SUBDEV_VGPU
 * @inst: instance (-1: the only one)
 * @pmgr: the manager
 *
 * Called before GSP-RM boots, because the manager changes its boot
 * arguments. Not supporting vGPUs is not an error: nvkm leaves a subdev
 * out whose constructor returns -ENODEV.
 *
 * Return: 0, -ENODEV if vGPU support is off for this device, or -ENOMEM.
 */
int
nvkm_vgpu_mgr_new(struct nvkm_device *device, enum nvkm_subdev_type type, int inst,
		  struct nvkm_vgpu_mgr **pmgr)
{
	struct nvkm_vgpu_sriov sriov;
	struct GSP_VF_INFO check;
	struct nvkm_vgpu_mgr *mgr;
	struct pci_dev *pdev;
	u32 partitions;
	int ret;

	if (!nvkm_vgpu_mgr_enable)
		return -ENODEV;

	if (!nvkm_vgpu_mgr_supported(device)) {
		nvdev_info(device, "vgpu: not supported on %s\n", device->chip->name);
		return -ENODEV;
	}
	if (!device->func->pci) {
		nvdev_info(device, "vgpu: needs a PCI device\n");
		return -ENODEV;
	}
	pdev = device->func->pci(device)->pdev;
	if (!nvkm_gsp_rm(device->gsp)) {
		nvdev_info(device, "vgpu: needs GSP-RM\n");
		return -ENODEV;
	}
	if (nvkm_vgpu_mgr_sriov(pdev, &sriov) ||
	    nvkm_vgpu_mgr_vf_info_fill(&sriov, &check)) {
		nvdev_info(device, "vgpu: no usable SR-IOV capability\n");
		return -ENODEV;
	}

	mgr = kzalloc(sizeof(*mgr), GFP_KERNEL);
	if (!mgr)
		return -ENOMEM;
	*pmgr = mgr;
	nvkm_subdev_ctor(&nvkm_vgpu_mgr_func, device, type, inst, &mgr->subdev);

	/* from here on, nvkm frees the subdev (dtor) if this fails */
	partitions = nvkm_vgpu_mgr_partitions(sriov.total_vfs);
	ret = nvkm_vgpu_mgr_ctor(mgr, sriov.total_vfs, partitions);
	if (ret)
		return ret;

	mgr->device = device;
	mgr->pdev = pdev;
	mgr->sriov = sriov;
	mgr->fw = &nvkm_vgpu_mgr_r535;

	nvkm_info(&mgr->subdev, "enabled, %u VFs, %u VF partitions\n",
		  sriov.total_vfs, partitions);
	return 0;
}

/**
 * nvkm_vgpu_mgr_remove - take the VFs away before the device goes
 * @device: the nvkm device of a PF whose driver is being removed
 *
 * Disables SR-IOV, which removes the VFs: their drivers destroy their
 * vGPUs and detach from the manager, while the device (and GSP-RM) still
 * works. The manager itself closes in its subdev's fini.
 *
 * Context: the PCI driver's remove, before the device is taken down.
 */
void
nvkm_vgpu_mgr_remove(struct nvkm_device *device)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;

	if (mgr && pci_num_vf(mgr->pdev))
		pci_disable_sriov(mgr->pdev);
}

/**
 * nvkm_vgpu_mgr_enabled - does the device have a vGPU manager?
 * @device: the nvkm device
 *
 * Return: true if vGPU support is on for @device.
 */
bool
nvkm_vgpu_mgr_enabled(struct nvkm_device *device)
{
	return !!device->vgpu;
}

/**
 * nvkm_vgpu_mgr_host_chids - channel IDs the host may use
 * @device: the nvkm device
 * @total: channel IDs of the GPU
 *
 * Return: @total without vGPU support, else the first
 * %NVKM_VGPU_MGR_CHID_HOST: the rest belongs to the vGPUs.
 */
u32
nvkm_vgpu_mgr_host_chids(struct nvkm_device *device, u32 total)
{
	if (!nvkm_vgpu_mgr_enabled(device))
		return total;

	return min_t(u32, total, NVKM_VGPU_MGR_CHID_HOST);
}

/**
 * nvkm_vgpu_mgr_gsp_heap_size - GSP-RM WPR heap size with VF partitions
 * @device: the nvkm device
 * @heap_size: the heap size nouveau computed without vGPUs
 *
 * Return: the heap size to boot GSP-RM with.
 */
u64
nvkm_vgpu_mgr_gsp_heap_size(struct nvkm_device *device, u64 heap_size)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;

	if (!mgr)
		return heap_size;

	return nvkm_vgpu_mgr_heap_size(heap_size, mgr->max_vgpus);
}

/**
 * nvkm_vgpu_mgr_gsp_wpr_meta - set the VF partitions in the WPR metadata
 * @device: the nvkm device
 * @meta: GSP-RM's WPR metadata
 */
void
nvkm_vgpu_mgr_gsp_wpr_meta(struct nvkm_device *device, GspFwWprMeta *meta)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;

	if (mgr)
		meta->gspFwHeapVfPartitionCount = mgr->max_vgpus;
}

/**
 * nvkm_vgpu_mgr_gsp_system_info - fill the VF information of GSP_SET_SYSTEM_INFO
 * @device: the nvkm device
 * @info: the system information sent to GSP-RM
 */
void
nvkm_vgpu_mgr_gsp_system_info(struct nvkm_device *device, GspSystemInfo *info)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;

	if (mgr)
		WARN_ON(nvkm_vgpu_mgr_vf_info_fill(&mgr->sriov, &info->gspVFInfo));
}

/*
 * The RC exception class of an MMU fault: ROBUST_CHANNEL_FIFO_ERROR_MMU_ERR_FLT
 * in NVIDIA's nverror.h (open-gpu-kernel-modules), the "Xid 31" of NVIDIA's
 * Xid catalogue.
 */
#define NVKM_VGPU_RC_MMU_FAULT 31

/**
 * nvkm_vgpu_mgr_gsp_rc_triggered - route GSP-RM's RC of a vGPU's channel
 * @device: the nvkm device
 * @msg: GSP-RM's RC_TRIGGERED notification
 *
 * An MMU fault of a vGPU reaches the host as MMU_FAULT_QUEUED, which names
 * no channel at 535.113.01, followed by the RC of the faulting channel with
 * the MMU-fault exception class: that RC is what attributes the fault, so
 * it is posted to the owning vGPU as %NVKM_VGPU_EVENT_MMU_FAULT before the
 * %NVKM_VGPU_EVENT_RC.
 *
 * Context: GSP-RM message processing.
 * Return: true if the channel belongs to a vGPU, which got the event(s).
 */
bool
nvkm_vgpu_mgr_gsp_rc_triggered(struct nvkm_device *device, const rpc_rc_triggered_v17_02 *msg)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;
	struct nvkm_vgpu_event_info info = {
		.event = NVKM_VGPU_EVENT_MMU_FAULT,
		.error = msg->exceptType,
	};

	if (!mgr)
		return false;
	if (msg->exceptType == NVKM_VGPU_RC_MMU_FAULT &&
	    !nvkm_vgpu_mgr_event_chid(mgr, msg->chid, &info))
		return false;
	info.event = NVKM_VGPU_EVENT_RC;
	return nvkm_vgpu_mgr_event_chid(mgr, msg->chid, &info);
}

/**
 * nvkm_vgpu_mgr_busy - whether vGPUs exist on a device
 * @device: an nvkm device
 *
 * Suspending the PF would pull the GPU, and GSP-RM with the vGPUs' state,
 * from under the VMs that use them: nouveau refuses to while this is true.
 *
 * Return: true if the device's vGPU manager has vGPUs (or is creating one).
 */
bool
nvkm_vgpu_mgr_busy(struct nvkm_device *device)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;
	bool busy;

	if (!mgr)
		return false;

	mutex_lock(&mgr->mutex);
	busy = mgr->ready && mgr->num_vgpus;
	mutex_unlock(&mgr->mutex);
	return busy;
}

/**
 * nvkm_vgpu_mgr_sriov_configure - enable or disable the VFs
 * @device: the nvkm device of the PF
 * @num_vfs: VFs to enable, 0 to disable them
 *
 * Return: the number of VFs enabled, or -ENODEV without vGPU support,
 * -EBUSY when disabling while vGPUs exist, or the PCI core's error.
 */
int
nvkm_vgpu_mgr_sriov_configure(struct nvkm_device *device, int num_vfs)
{
	struct nvkm_vgpu_mgr *mgr = device->vgpu;
	int ret;

	if (!mgr)
		return -ENODEV;

	ret = nvkm_vgpu_mgr_sriov_begin(mgr, num_vfs);
	if (ret)
		return ret;

	if (num_vfs) {
		ret = pci_enable_sriov(mgr->pdev, num_vfs);
		if (ret == 0)
			ret = num_vfs;
	} else {
		pci_disable_sriov(mgr->pdev);
	}

	nvkm_vgpu_mgr_sriov_end(mgr, pci_num_vf(mgr->pdev));
	if (ret >= 0)
		nvkm_info(&mgr->subdev, "%d VFs enabled\n", pci_num_vf(mgr->pdev));
	return ret;
}
