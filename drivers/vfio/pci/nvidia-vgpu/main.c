// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 */

/**
 * DOC: NVIDIA vGPU VFIO variant driver
 *
 * A VFIO variant driver (on vfio-pci-core) for the SR-IOV virtual functions
 * of NVIDIA GPUs whose physical function is driven by nouveau with its vGPU
 * manager enabled. It binds VFs only, and only through driver_override.
 *
 * Each bound VF gets a sysfs group ``nvidia/`` where the administrator picks
 * a vGPU type from the PF's type table (a firmware file, see
 * Documentation/driver-api/vfio-nvidia-vgpu.rst). Opening the VFIO device
 * creates a vGPU of that type through the manager's API
 * (include/drm/nvkm_vgpu_mgr_vfio.h); closing it destroys the vGPU. The
 * guest sees the VF's BARs, MSI-X and resets through vfio-pci-core, with a
 * configuration space whose IDs and BAR1 size come from the type.
 *
 * Nothing about the GPU's firmware is known here: that is the manager's.
 */
#include <linux/eventfd.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/unaligned.h>
#include <linux/uuid.h>
#include <linux/vfio.h>

#include "nvidia_vgpu.h"

#define NVVGPU_CFG_CHUNK	64

static struct nvvgpu_device *nvvgpu_of(struct vfio_device *core_vdev)
{
	return container_of(core_vdev, struct nvvgpu_device, core_device.vdev);
}

/*
 * Reset the vGPU after its VF was reset. Called with state_mutex held; a
 * failure is kept in reset_err for VFIO_DEVICE_RESET to return.
 */
static void nvvgpu_vgpu_reset_locked(struct nvvgpu_device *nvdev)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	int ret;

	lockdep_assert_held(&nvdev->state_mutex);

	nvvgpu_vcfg_reset(&nvdev->vcfg);
	/* a function level reset clears Bus Master Enable */
	nvdev->bme = false;
	/* and memory decoding: the display region is mapped anew */
	nvvgpu_disp_zap(nvdev);
	if (!nvdev->vgpu.id)
		return;

	ret = nvkm_vgpu_reset(nvdev->client, nvdev->vgpu);
	if (ret) {
		pci_err(pdev, "resetting the vGPU failed (%d)\n", ret);
		if (!nvdev->reset_err)
			nvdev->reset_err = ret;
	}
}

/* Do the vGPU reset a reset of the VF left pending. */
static void nvvgpu_reset_pending_locked(struct nvvgpu_device *nvdev)
{
	lockdep_assert_held(&nvdev->state_mutex);

	spin_lock(&nvdev->reset_lock);
	while (nvdev->deferred_reset) {
		nvdev->deferred_reset = false;
		spin_unlock(&nvdev->reset_lock);
		nvvgpu_vgpu_reset_locked(nvdev);
		spin_lock(&nvdev->reset_lock);
	}
	spin_unlock(&nvdev->reset_lock);
}

/*
 * Release state_mutex, first doing the vGPU reset a reset of the VF left
 * for us (see nvvgpu_reset_done()).
 */
static void nvvgpu_state_mutex_unlock(struct nvvgpu_device *nvdev)
{
again:
	spin_lock(&nvdev->reset_lock);
	if (nvdev->deferred_reset) {
		nvdev->deferred_reset = false;
		spin_unlock(&nvdev->reset_lock);
		nvvgpu_vgpu_reset_locked(nvdev);
		goto again;
	}
	mutex_unlock(&nvdev->state_mutex);
	spin_unlock(&nvdev->reset_lock);
}

/*
 * Called by the PCI core after every reset of the VF: VFIO_DEVICE_RESET,
 * the FLR in vfio_pci_core_enable() and vfio_pci_core_disable(), a reset
 * through sysfs, error recovery. Some of these hold vfio-pci-core's
 * memory_lock, which the config write path takes with state_mutex held, so
 * state_mutex is only tried here; if it is busy, its holder does the reset
 * before it releases the mutex. A reset through the VFIO device's own ioctl
 * does it after vfio-pci-core let go of memory_lock (nvvgpu_ioctl_reset()).
 */
static void nvvgpu_reset_done(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);
	struct nvvgpu_device *nvdev;

	if (!vdev)
		return;
	nvdev = container_of(vdev, struct nvvgpu_device, core_device);

	spin_lock(&nvdev->reset_lock);
	nvdev->deferred_reset = true;
	if (nvdev->reset_ioctl || !mutex_trylock(&nvdev->state_mutex)) {
		spin_unlock(&nvdev->reset_lock);
		return;
	}
	spin_unlock(&nvdev->reset_lock);
	nvvgpu_state_mutex_unlock(nvdev);
}

/* Tell the vGPU's plugin when the guest changed Bus Master Enable. */
static void nvvgpu_sync_bme(struct nvvgpu_device *nvdev)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	struct nvkm_vgpu_msg_bus_master msg = {};
	u16 cmd;
	int ret;

	mutex_lock(&nvdev->state_mutex);
	if (!nvdev->vgpu.id || pci_read_config_word(pdev, PCI_COMMAND, &cmd))
		goto out;
	msg.enable = !!(cmd & PCI_COMMAND_MASTER);
	if (msg.enable == nvdev->bme)
		goto out;
	ret = nvkm_vgpu_msg(nvdev->client, nvdev->vgpu, NVKM_VGPU_MSG_BUS_MASTER,
			    &msg, sizeof(msg), NULL, 0);
	if (ret)
		dev_warn_ratelimited(&pdev->dev, "telling the vGPU about bus master %s failed (%d)\n",
				     msg.enable ? "on" : "off", ret);
	else
		nvdev->bme = msg.enable;
out:
	nvvgpu_state_mutex_unlock(nvdev);
}

/**
 * nvvgpu_vgpu_plane - what head 0 of the device's vGPU scans out
 * @nvdev: the device
 * @plane: the manager's checked report
 *
 * Return: 0, -ENODEV without a vGPU, or the manager's error.
 */
int nvvgpu_vgpu_plane(struct nvvgpu_device *nvdev, struct nvkm_vgpu_plane *plane)
{
	int ret = -ENODEV;

	mutex_lock(&nvdev->state_mutex);
	if (nvdev->vgpu.id)
		ret = nvkm_vgpu_query_plane(nvdev->client, nvdev->vgpu, 0, plane);
	nvvgpu_state_mutex_unlock(nvdev);
	return ret;
}

static void nvvgpu_signal_error(struct nvvgpu_device *nvdev)
{
	struct vfio_pci_eventfd *eventfd;

	rcu_read_lock();
	eventfd = rcu_dereference(nvdev->core_device.err_trigger);
	if (eventfd)
		eventfd_signal(eventfd->ctx);
	rcu_read_unlock();
}

/* Events of the vGPU, from the manager's workqueue. */
static void nvvgpu_event(void *priv, const struct nvkm_vgpu_event_info *info)
{
	struct nvvgpu_device *nvdev = priv;
	struct pci_dev *pdev = nvdev->core_device.pdev;

	switch (info->event) {
	case NVKM_VGPU_EVENT_RC:
		atomic_inc(&nvdev->rc_events);
		dev_warn_ratelimited(&pdev->dev, "vGPU channel %u was recovered (error %u)\n",
				     info->chid, info->error);
		break;
	case NVKM_VGPU_EVENT_MMU_FAULT:
		atomic_inc(&nvdev->mmu_faults);
		dev_warn_ratelimited(&pdev->dev, "vGPU MMU fault on channel %u (error %u)\n",
				     info->chid, info->error);
		break;
	case NVKM_VGPU_EVENT_PLUGIN:
		if (info->plugin == NVKM_VGPU_PLUGIN_CRASHED) {
			pci_err(pdev, "the vGPU's firmware plugin crashed; the vGPU is unusable until the device is reopened\n");
			nvvgpu_signal_error(nvdev);
		} else if (info->plugin == NVKM_VGPU_PLUGIN_ERROR) {
			dev_err_ratelimited(&pdev->dev, "the vGPU's firmware plugin reported an error\n");
		} else {
			pci_dbg(pdev, "vGPU plugin state %u\n", info->plugin);
		}
		break;
	default:
		break;
	}
}

static int nvvgpu_vgpu_create(struct nvvgpu_device *nvdev, const struct nvvgpu_type *type,
			      struct nvkm_vgpu_reservation resv,
			      const struct nvkm_vgpu_params *params)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	struct nvkm_vgpu_config config = {
		.type_id = type->desc.id,
		.num_channels = type->num_channels,
		.vm_pid = task_tgid_nr(current),
	};
	struct nvkm_vgpu_handle vgpu;
	uuid_t uuid;
	int ret;

	uuid_gen(&uuid);
	memcpy(config.uuid, uuid.b, sizeof(config.uuid));

	/* on the placement and channels reserved when the type was assigned */
	ret = nvkm_vgpu_create_reserved(nvdev->client, resv, &config, params, &vgpu);
	if (ret) {
		pci_err(pdev, "creating a vGPU of type %u failed (%d)\n", type->desc.id, ret);
		return ret;
	}

	atomic_set(&nvdev->rc_events, 0);
	atomic_set(&nvdev->mmu_faults, 0);
	ret = nvkm_vgpu_subscribe(nvdev->client, vgpu, BIT(NVKM_VGPU_EVENT_RC) |
				  BIT(NVKM_VGPU_EVENT_MMU_FAULT) | BIT(NVKM_VGPU_EVENT_PLUGIN),
				  nvvgpu_event, nvdev);
	if (ret) {
		pci_err(pdev, "subscribing to the vGPU's events failed (%d)\n", ret);
		nvkm_vgpu_destroy(nvdev->client, vgpu);
		return ret;
	}

	mutex_lock(&nvdev->state_mutex);
	/* resets of the VF until now are no business of the new vGPU */
	nvvgpu_reset_pending_locked(nvdev);
	nvdev->reset_err = 0;
	nvdev->vgpu = vgpu;
	nvdev->bme = false;
	nvvgpu_state_mutex_unlock(nvdev);
	return 0;
}

static void nvvgpu_vgpu_destroy(struct nvvgpu_device *nvdev, struct nvkm_vgpu_handle vgpu)
{
	int ret;

	nvkm_vgpu_unsubscribe(nvdev->client, vgpu);
	ret = nvkm_vgpu_destroy(nvdev->client, vgpu);
	if (ret)
		pci_err(nvdev->core_device.pdev, "destroying the vGPU failed (%d)\n", ret);
}

/* Take the vGPU away from the reset path; the caller destroys it. */
static struct nvkm_vgpu_handle nvvgpu_vgpu_take(struct nvvgpu_device *nvdev)
{
	struct nvkm_vgpu_handle vgpu;

	mutex_lock(&nvdev->state_mutex);
	vgpu = nvdev->vgpu;
	nvdev->vgpu = (struct nvkm_vgpu_handle){};
	nvvgpu_state_mutex_unlock(nvdev);
	return vgpu;
}

static int nvvgpu_vcfg_setup(struct nvvgpu_device *nvdev, const struct nvvgpu_type *type)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	u8 *cfg;
	int ret = 0;

	cfg = kzalloc(PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	for (unsigned int pos = 0; pos < PCI_CFG_SPACE_SIZE && !ret; pos += 4) {
		u32 val;

		ret = pci_read_config_dword(pdev, pos, &val);
		put_unaligned_le32(val, cfg + pos);
	}
	if (!ret) {
		mutex_lock(&nvdev->state_mutex);
		nvvgpu_vcfg_init(&nvdev->vcfg, cfg, type);
		nvvgpu_state_mutex_unlock(nvdev);
	}
	kfree(cfg);
	return pcibios_err_to_errno(ret);
}

static int nvvgpu_open_device(struct vfio_device *core_vdev)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	struct vfio_pci_core_device *vdev = &nvdev->core_device;
	const struct nvvgpu_type *type;
	struct nvkm_vgpu_reservation resv;
	struct nvkm_vgpu_params params;
	int ret;

	type = nvvgpu_pf_mark_open(nvdev, &resv, &params);
	if (!type) {
		pci_warn(vdev->pdev, "no vGPU type assigned: write one to nvidia/current_vgpu_type first\n");
		return -ENODEV;
	}

	/*
	 * Enabling the VF resets it (and may fail, e.g. with -EAGAIN): the
	 * vGPU is created after that, in the state every later reset of the
	 * VF returns it to.
	 */
	ret = vfio_pci_core_enable(vdev);
	if (ret)
		goto err_closed;

	ret = nvvgpu_vcfg_setup(nvdev, type);
	if (ret)
		goto err_disable;

	ret = nvvgpu_disp_open(nvdev, type);
	if (ret)
		goto err_disable;

	ret = nvvgpu_vgpu_create(nvdev, type, resv, &params);
	if (ret)
		goto err_disable;

	vfio_pci_core_finish_enable(vdev);
	pci_info(vdev->pdev, "vGPU of type %u (%s) created\n", type->desc.id, type->desc.name);
	return 0;

err_disable:
	vfio_pci_core_disable(vdev);
err_closed:
	nvvgpu_pf_mark_closed(nvdev);
	return ret;
}

static void nvvgpu_close_device(struct vfio_device *core_vdev)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	struct nvkm_vgpu_handle vgpu;

	/*
	 * Quiesce the VF first (vfio-pci-core disables and resets it), then
	 * stop the vGPU. The manager leaves its framebuffer scrubbed for the
	 * next owner.
	 */
	vgpu = nvvgpu_vgpu_take(nvdev);
	vfio_pci_core_close_device(core_vdev);
	if (vgpu.id)
		nvvgpu_vgpu_destroy(nvdev, vgpu);
	nvvgpu_pf_mark_closed(nvdev);
	pci_info(nvdev->core_device.pdev, "vGPU destroyed\n");
}

/* Bounds of an access to BAR1, which is as large as the type says. */
static int nvvgpu_bar1_clip(struct nvvgpu_device *nvdev, loff_t ppos, size_t *count)
{
	u64 pos = ppos & VFIO_PCI_OFFSET_MASK;
	u64 size = nvdev->vcfg.bar1_size;

	if (pos >= size)
		return -EINVAL;
	*count = min_t(u64, *count, size - pos);
	return 0;
}

static ssize_t nvvgpu_config_read(struct nvvgpu_device *nvdev, char __user *buf,
				  size_t count, loff_t *ppos)
{
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	u8 tmp[NVVGPU_CFG_CHUNK];
	ssize_t ret;

	ret = vfio_pci_core_read(&nvdev->core_device.vdev, buf, count, ppos);
	if (ret <= 0)
		return ret;

	for (size_t off = 0, n; off < ret; off += n) {
		n = min_t(size_t, ret - off, sizeof(tmp));
		if (copy_from_user(tmp, buf + off, n))
			goto fault;
		mutex_lock(&nvdev->state_mutex);
		nvvgpu_vcfg_read(&nvdev->vcfg, pos + off, tmp, n);
		nvvgpu_state_mutex_unlock(nvdev);
		if (copy_to_user(buf + off, tmp, n))
			goto fault;
	}
	return ret;

fault:
	*ppos -= ret;
	return -EFAULT;
}

/* The VF was reset behind vfio-pci-core's back: reset the vGPU too. */
static int nvvgpu_vf_was_reset(struct nvvgpu_device *nvdev)
{
	int ret;

	mutex_lock(&nvdev->state_mutex);
	spin_lock(&nvdev->reset_lock);
	nvdev->deferred_reset = true;
	spin_unlock(&nvdev->reset_lock);
	nvdev->reset_err = 0;
	nvvgpu_reset_pending_locked(nvdev);
	ret = nvdev->reset_err;
	nvdev->reset_err = 0;
	nvvgpu_state_mutex_unlock(nvdev);
	return ret;
}

static ssize_t nvvgpu_config_write(struct nvvgpu_device *nvdev, const char __user *buf,
				   size_t count, loff_t *ppos)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	loff_t base = *ppos & ~(loff_t)VFIO_PCI_OFFSET_MASK;
	loff_t pos = *ppos & VFIO_PCI_OFFSET_MASK;
	bool command = false, soft_reset = false;
	size_t done = 0;

	/* as vfio-pci-core: nothing outside, nothing across the end */
	if (pos >= pdev->cfg_size || count > pdev->cfg_size - pos)
		return -EINVAL;

	while (done < count) {
		loff_t at = pos + done;
		u8 tmp[NVVGPU_CFG_CHUNK];
		bool emulated;
		ssize_t n;

		mutex_lock(&nvdev->state_mutex);
		n = nvvgpu_vcfg_write_run(&nvdev->vcfg, at, count - done, &emulated);
		nvvgpu_state_mutex_unlock(nvdev);

		if (emulated) {
			n = min_t(size_t, n, sizeof(tmp));
			if (copy_from_user(tmp, buf + done, n))
				break;
			mutex_lock(&nvdev->state_mutex);
			nvvgpu_vcfg_write(&nvdev->vcfg, at, tmp, n);
			nvvgpu_state_mutex_unlock(nvdev);
		} else {
			pci_power_t before = pdev->current_state;
			loff_t p = base | at;

			/* state_mutex is not held: this may take memory_lock */
			n = vfio_pci_core_write(&nvdev->core_device.vdev, buf + done, n, &p);
			if (n <= 0) {
				if (!done)
					return n ? n : -EINVAL;
				break;
			}
			if (at < PCI_COMMAND + 2 && at + n > PCI_COMMAND)
				command = true;
			/*
			 * D3hot to D0 through PMCSR resets a VF without
			 * No_Soft_Reset: so must its vGPU be.
			 */
			if ((before == PCI_D3hot || before == PCI_D3cold) &&
			    pdev->current_state == PCI_D0 &&
			    nvdev->core_device.needs_pm_restore)
				soft_reset = true;
		}
		done += n;
	}
	if (!done)
		return -EFAULT;

	if (soft_reset) {
		int ret = nvvgpu_vf_was_reset(nvdev);

		if (ret)
			return ret;
		/*
		 * vfio-pci-core restored the command register it saved on
		 * the way to D3hot, and the guest reads bus mastering as it
		 * was; the vGPU reset told the plugin it is off.
		 */
		command = true;
	}
	if (command) {
		nvvgpu_sync_bme(nvdev);
		/* memory decoding may have changed */
		nvvgpu_disp_zap(nvdev);
	}
	*ppos += done;
	return done;
}

static ssize_t nvvgpu_read(struct vfio_device *core_vdev, char __user *buf,
			   size_t count, loff_t *ppos)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	unsigned int index = VFIO_PCI_OFFSET_TO_INDEX(*ppos);
	int ret;

	if (!count)
		return 0;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		return nvvgpu_config_read(nvdev, buf, count, ppos);
	if (index == VFIO_PCI_BAR1_REGION_INDEX) {
		ret = nvvgpu_bar1_clip(nvdev, *ppos, &count);
		if (ret)
			return ret;
	}
	return vfio_pci_core_read(core_vdev, buf, count, ppos);
}

static ssize_t nvvgpu_write(struct vfio_device *core_vdev, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	unsigned int index = VFIO_PCI_OFFSET_TO_INDEX(*ppos);
	int ret;

	if (!count)
		return 0;
	if (index == VFIO_PCI_CONFIG_REGION_INDEX)
		return nvvgpu_config_write(nvdev, buf, count, ppos);
	if (index == VFIO_PCI_BAR1_REGION_INDEX) {
		ret = nvvgpu_bar1_clip(nvdev, *ppos, &count);
		if (ret)
			return ret;
	}
	return vfio_pci_core_write(core_vdev, buf, count, ppos);
}

static int nvvgpu_mmap(struct vfio_device *core_vdev, struct vm_area_struct *vma)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	unsigned int index = vma->vm_pgoff >> (VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT);

	if (index == VFIO_PCI_BAR1_REGION_INDEX) {
		u64 pgoff = vma->vm_pgoff & (BIT_ULL(VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT) - 1);
		u64 start = pgoff << PAGE_SHIFT;
		u64 len = vma->vm_end - vma->vm_start;
		u64 size = nvdev->vcfg.bar1_size;

		if (start >= size || len > size - start)
			return -EINVAL;
	}
	return vfio_pci_core_mmap(core_vdev, vma);
}

static long nvvgpu_ioctl_region_info(struct nvvgpu_device *nvdev, unsigned int cmd,
				     unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	void __user *uarg = (void __user *)arg;
	struct vfio_region_info info;

	if (copy_from_user(&info, uarg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	if (info.index != VFIO_PCI_BAR1_REGION_INDEX)
		return vfio_pci_core_ioctl(&nvdev->core_device.vdev, cmd, arg);

	info.offset = VFIO_PCI_INDEX_TO_OFFSET(info.index);
	info.size = nvdev->vcfg.bar1_size;
	info.flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE;
	if (nvdev->core_device.bar_mmap_supported[info.index])
		info.flags |= VFIO_REGION_INFO_FLAG_MMAP;
	return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
}

/*
 * vfio-pci-core bounds ioeventfds by the VF's BAR; BAR1 of the guest may be
 * smaller.
 */
static int nvvgpu_ioeventfd_check(struct nvvgpu_device *nvdev, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_ioeventfd, fd);
	struct vfio_device_ioeventfd ioeventfd;
	u64 pos, size = nvdev->vcfg.bar1_size;
	u32 width;

	if (copy_from_user(&ioeventfd, (void __user *)arg, minsz))
		return -EFAULT;
	if (VFIO_PCI_OFFSET_TO_INDEX(ioeventfd.offset) != VFIO_PCI_BAR1_REGION_INDEX)
		return 0;
	pos = ioeventfd.offset & VFIO_PCI_OFFSET_MASK;
	width = ioeventfd.flags & VFIO_DEVICE_IOEVENTFD_SIZE_MASK;
	if (pos >= size || width > size - pos)
		return -EINVAL;
	return 0;
}

/*
 * VFIO_DEVICE_RESET and VFIO_DEVICE_PCI_HOT_RESET: the reset of the VF ends
 * in nvvgpu_reset_done(), which leaves the vGPU reset pending while the
 * ioctl runs (vfio-pci-core holds memory_lock around the reset, and the vGPU
 * reset can wait for the firmware). It is done here, so the ioctl returns
 * after the vGPU reset, with its error.
 */
static long nvvgpu_ioctl_reset(struct nvvgpu_device *nvdev, unsigned int cmd,
			       unsigned long arg)
{
	long ret;
	int err;

	mutex_lock(&nvdev->state_mutex);
	nvvgpu_reset_pending_locked(nvdev);
	nvdev->reset_err = 0;
	spin_lock(&nvdev->reset_lock);
	nvdev->reset_ioctl++;
	spin_unlock(&nvdev->reset_lock);
	nvvgpu_state_mutex_unlock(nvdev);

	ret = vfio_pci_core_ioctl(&nvdev->core_device.vdev, cmd, arg);

	mutex_lock(&nvdev->state_mutex);
	spin_lock(&nvdev->reset_lock);
	nvdev->reset_ioctl--;
	spin_unlock(&nvdev->reset_lock);
	nvvgpu_reset_pending_locked(nvdev);
	err = nvdev->reset_err;
	nvdev->reset_err = 0;
	nvvgpu_state_mutex_unlock(nvdev);
	return ret ? ret : err;
}

/*
 * The guest's configuration space has no MSI capability (vcfg.c keeps only
 * power management, PCI Express and MSI-X), so the MSI interrupt index has
 * no vectors either: GET_IRQ_INFO says so and SET_IRQS refuses it, as
 * vfio-pci-core does for a function without MSI. Return 1 when the ioctl
 * was handled here.
 */
static int nvvgpu_ioctl_msi(unsigned int cmd, unsigned long arg, long *ret)
{
	void __user *uarg = (void __user *)arg;

	if (cmd == VFIO_DEVICE_GET_IRQ_INFO) {
		unsigned long minsz = offsetofend(struct vfio_irq_info, count);
		struct vfio_irq_info info;

		if (copy_from_user(&info, uarg, minsz)) {
			*ret = -EFAULT;
			return 1;
		}
		if (info.argsz < minsz || info.index != VFIO_PCI_MSI_IRQ_INDEX)
			return 0;
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
		info.count = 0;
		*ret = copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
		return 1;
	}
	if (cmd == VFIO_DEVICE_SET_IRQS) {
		unsigned long minsz = offsetofend(struct vfio_irq_set, count);
		struct vfio_irq_set hdr;

		if (copy_from_user(&hdr, uarg, minsz)) {
			*ret = -EFAULT;
			return 1;
		}
		if (hdr.argsz < minsz || hdr.index != VFIO_PCI_MSI_IRQ_INDEX)
			return 0;
		*ret = -EINVAL;
		return 1;
	}
	return 0;
}

static long nvvgpu_ioctl(struct vfio_device *core_vdev, unsigned int cmd, unsigned long arg)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);
	int ret;

	switch (cmd) {
	case VFIO_DEVICE_GET_REGION_INFO:
		return nvvgpu_ioctl_region_info(nvdev, cmd, arg);
	case VFIO_DEVICE_IOEVENTFD:
		ret = nvvgpu_ioeventfd_check(nvdev, arg);
		if (ret)
			return ret;
		break;
	case VFIO_DEVICE_RESET:
	case VFIO_DEVICE_PCI_HOT_RESET:
		return nvvgpu_ioctl_reset(nvdev, cmd, arg);
	case VFIO_DEVICE_QUERY_GFX_PLANE:
		return nvvgpu_disp_ioctl_query(nvdev, arg);
	case VFIO_DEVICE_GET_IRQ_INFO:
	case VFIO_DEVICE_SET_IRQS: {
		long msi_ret;

		if (nvvgpu_ioctl_msi(cmd, arg, &msi_ret))
			return msi_ret;
		break;
	}
	default:
		break;
	}
	return vfio_pci_core_ioctl(core_vdev, cmd, arg);
}

static int nvvgpu_device_feature(struct vfio_device *core_vdev, u32 flags,
				 void __user *arg, size_t argsz)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);

	switch (flags & VFIO_DEVICE_FEATURE_MASK) {
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY:
	case VFIO_DEVICE_FEATURE_LOW_POWER_ENTRY_WITH_WAKEUP:
	case VFIO_DEVICE_FEATURE_LOW_POWER_EXIT:
		/*
		 * Runtime suspend takes a VF with power management to D3hot,
		 * and one without No_Soft_Reset loses its state on the way
		 * back to D0, inside the PM core where no vGPU reset can go
		 * along. Such a VF stays in D0.
		 */
		if (nvdev->core_device.needs_pm_restore)
			return -ENOTTY;
		break;
	default:
		break;
	}
	return vfio_pci_core_ioctl_feature(core_vdev, flags, arg, argsz);
}

static int nvvgpu_init_dev(struct vfio_device *core_vdev)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);

	mutex_init(&nvdev->state_mutex);
	spin_lock_init(&nvdev->reset_lock);
	nvvgpu_disp_init(nvdev);
	INIT_LIST_HEAD(&nvdev->pf_node);
	return vfio_pci_core_init_dev(core_vdev);
}

static void nvvgpu_release_dev(struct vfio_device *core_vdev)
{
	struct nvvgpu_device *nvdev = nvvgpu_of(core_vdev);

	nvvgpu_disp_fini(nvdev);
	mutex_destroy(&nvdev->state_mutex);
	vfio_pci_core_release_dev(core_vdev);
}

static const struct vfio_device_ops nvvgpu_ops = {
	.name		= "nvidia-vgpu-vfio-pci",
	.init		= nvvgpu_init_dev,
	.release	= nvvgpu_release_dev,
	.open_device	= nvvgpu_open_device,
	.close_device	= nvvgpu_close_device,
	.ioctl		= nvvgpu_ioctl,
	.device_feature	= nvvgpu_device_feature,
	.read		= nvvgpu_read,
	.write		= nvvgpu_write,
	.mmap		= nvvgpu_mmap,
	.request	= vfio_pci_core_request,
	.match		= vfio_pci_core_match,
	.bind_iommufd	= vfio_iommufd_physical_bind,
	.unbind_iommufd	= vfio_iommufd_physical_unbind,
	.attach_ioas	= vfio_iommufd_physical_attach_ioas,
	.detach_ioas	= vfio_iommufd_physical_detach_ioas,
};

static int nvvgpu_attach(struct nvvgpu_device *nvdev)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	u32 version = nvkm_vgpu_mgr_api_version();
	struct nvkm_vgpu_client *client;
	int ret;

	if (version >> 16 != NVKM_VGPU_MGR_API_MAJOR) {
		pci_err(pdev, "vGPU manager API %u.%u, this driver needs %u.x\n",
			version >> 16, version & 0xffff, NVKM_VGPU_MGR_API_MAJOR);
		return -EPROTONOSUPPORT;
	}

	client = nvkm_vgpu_mgr_attach(pdev, NVKM_VGPU_MGR_API_VERSION);
	if (IS_ERR(client)) {
		ret = PTR_ERR(client);
		if (ret == -ENODEV)
			pci_err(pdev, "the PF has no vGPU manager (nouveau needs vgpu_mgr=1 and a GPU that supports vGPUs)\n");
		else if (ret == -EINVAL)
			pci_err(pdev, "the PF is not driven by nouveau\n");
		else
			pci_err(pdev, "attaching to the PF's vGPU manager failed (%d)\n", ret);
		return ret;
	}
	nvdev->client = client;
	return 0;
}

static int nvvgpu_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvvgpu_device *nvdev;
	int ret;

	if (!pdev->is_virtfn) {
		pci_info(pdev, "not an SR-IOV virtual function\n");
		return -ENODEV;
	}

	nvdev = vfio_alloc_device(nvvgpu_device, core_device.vdev, &pdev->dev, &nvvgpu_ops);
	if (IS_ERR(nvdev))
		return PTR_ERR(nvdev);

	ret = pci_iov_vf_id(pdev);
	if (ret < 0)
		goto err_put;
	nvdev->vf_index = ret;
	nvdev->vf_bar1_size = pci_resource_len(pdev, VFIO_PCI_BAR1_REGION_INDEX);

	ret = nvvgpu_attach(nvdev);
	if (ret)
		goto err_put;

	nvdev->pf = nvvgpu_pf_get(nvdev);
	if (!nvdev->pf) {
		ret = -ENOMEM;
		goto err_detach;
	}
	nvvgpu_pf_add_vf(nvdev);

	dev_set_drvdata(&pdev->dev, &nvdev->core_device);
	ret = vfio_pci_core_register_device(&nvdev->core_device);
	if (ret)
		goto err_del;
	return 0;

err_del:
	nvvgpu_pf_del_vf(nvdev);
	nvvgpu_pf_put(nvdev->pf);
err_detach:
	nvkm_vgpu_mgr_detach(nvdev->client);
err_put:
	vfio_put_device(&nvdev->core_device.vdev);
	return ret;
}

static void nvvgpu_remove(struct pci_dev *pdev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(&pdev->dev);
	struct nvvgpu_device *nvdev = container_of(vdev, struct nvvgpu_device, core_device);

	/* waits until the device is closed, i.e. its vGPU is destroyed */
	vfio_pci_core_unregister_device(vdev);
	nvvgpu_pf_del_vf(nvdev);
	nvvgpu_pf_put(nvdev->pf);
	nvkm_vgpu_mgr_detach(nvdev->client);
	vfio_put_device(&vdev->vdev);
}

static const struct pci_device_id nvvgpu_pci_table[] = {
#if IS_ENABLED(CONFIG_DRM_NOUVEAU_SIM_CHIPSET)
	/* the simulated GPU of tools/testing/nvidia-vgpu/sim, for tests only */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x7e51) },
#endif
	/* Ada GPUs with SR-IOV: the VFs carry the PF's device ID */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x26b1) },	/* RTX 6000 Ada */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x26b5) },	/* L40 */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x26b9) },	/* L40S */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x26ba) },	/* L20 */
	{ PCI_DRIVER_OVERRIDE_DEVICE_VFIO(PCI_VENDOR_ID_NVIDIA, 0x27b8) },	/* L4 */
	{}
};
MODULE_DEVICE_TABLE(pci, nvvgpu_pci_table);

static const struct pci_error_handlers nvvgpu_err_handlers = {
	.reset_done = nvvgpu_reset_done,
	.error_detected = vfio_pci_core_aer_err_detected,
};

static struct pci_driver nvvgpu_pci_driver = {
	.name = KBUILD_MODNAME,
	.id_table = nvvgpu_pci_table,
	.probe = nvvgpu_probe,
	.remove = nvvgpu_remove,
	.err_handler = &nvvgpu_err_handlers,
	.dev_groups = nvvgpu_dev_groups,
	.driver_managed_dma = true,
};
module_pci_driver(nvvgpu_pci_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("VFIO variant driver for the SR-IOV virtual functions of NVIDIA vGPUs");
MODULE_IMPORT_NS(NVKM_VGPU);
