// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 */

/**
 * DOC: vGPU display
 *
 * The guest's scanout is offered to the host as VFIO's "region" kind of
 * display (include/uapi/linux/vfio.h, VFIO_DEVICE_QUERY_GFX_PLANE), which
 * QEMU shows with ``-device vfio-pci,display=on``:
 *
 * - VFIO_DEVICE_QUERY_GFX_PLANE with VFIO_GFX_PLANE_TYPE_PROBE |
 *   VFIO_GFX_PLANE_TYPE_REGION succeeds on any open device whose vGPU type
 *   has a display head; nothing else is needed (no UUID, no KVM, no
 *   firmware round trip). Probing for DMABUF fails: there is none.
 * - VFIO_GFX_PLANE_TYPE_REGION asks the vGPU manager for head 0's plane
 *   (nvkm_vgpu_query_plane(), checked there against the vGPU's
 *   framebuffer) and returns it with the index of the display region; a
 *   head that scans out nothing gives drm_format 0 and size 0.
 * - The display region (VFIO_REGION_TYPE_GFX-style, type PCI vendor
 *   NVIDIA, subtype 1) is read-only and mmap-able; its offset 0 is the
 *   first byte of the surface the last query returned, its size the part
 *   of the vGPU's framebuffer the VF's BAR1 maps. Reads go through the
 *   VF's own BAR1, so they can never reach outside the vGPU's framebuffer.
 *
 * QEMU maps the region once and keeps the mapping while region_index and
 * the region's size stay the same, so a flip to another framebuffer offset
 * must be followed by the mapping itself. The mmap is therefore fault
 * based: a fault resolves the page through the plane of the last query,
 * and a query that sees a different plane (another offset, or enabled
 * changing) zaps every mapping of the region with unmap_mapping_range()
 * before it returns, so the next access faults in the new surface. Pages
 * past the end of the BAR1 window, pages while no plane is enabled and
 * pages while the VF's memory decoding is off (the guest's command
 * register, or a reset) map the zero page instead: a reader never gets
 * SIGBUS and never a byte of the BAR while the VF does not decode it.
 * Writes to the command register and resets of the vGPU zap the mappings
 * too.
 *
 * Locking: @disp.lock (a mutex) protects the plane the mappings follow. A
 * fault takes vfio-pci-core's memory_lock (read) and then @disp.lock; a
 * query holds the device's state_mutex and takes @disp.lock around the
 * zap; a reset may hold memory_lock when it zaps. So memory_lock and
 * state_mutex come before @disp.lock, which comes before the mapping's
 * i_mmap_rwsem.
 */
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include <drm/drm_fourcc.h>

#include "nvidia_vgpu.h"

/*
 * drm_plane_type of linux/vfio.h: DRM's enum drm_plane_type (overlay 0,
 * primary 1, cursor 2). QEMU's region display sends 0 for its one plane.
 */
#define NVVGPU_DRM_PLANE_TYPE_PRIMARY	1
#define NVVGPU_DRM_PLANE_TYPE_CURSOR	2

/* bounce buffer of read(): nothing is copied to the user under a lock */
#define NVVGPU_DISP_RW_CHUNK		SZ_4K

static u64 nvvgpu_disp_region_offset(struct nvvgpu_device *nvdev)
{
	return VFIO_PCI_INDEX_TO_OFFSET(nvdev->disp.region_index);
}

/* Drop every mapping of the display region; the next access faults. */
static void nvvgpu_disp_zap_locked(struct nvvgpu_device *nvdev)
{
	struct vfio_device *vdev = &nvdev->core_device.vdev;

	lockdep_assert_held(&nvdev->disp.lock);
	if (!nvdev->disp.registered)
		return;
	unmap_mapping_range(vdev->inode->i_mapping, nvvgpu_disp_region_offset(nvdev),
			    nvdev->disp.size, true);
}

/**
 * nvvgpu_disp_zap - forget the mappings of the display region
 * @nvdev: the device
 *
 * After a reset of the VF or a write of its command register: the next
 * access faults and sees whether the VF decodes memory.
 */
void nvvgpu_disp_zap(struct nvvgpu_device *nvdev)
{
	mutex_lock(&nvdev->disp.lock);
	nvvgpu_disp_zap_locked(nvdev);
	mutex_unlock(&nvdev->disp.lock);
}

static bool nvvgpu_disp_memory_on(struct nvvgpu_device *nvdev)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	u16 cmd;

	if (pdev->current_state != PCI_D0)
		return false;
	if (pci_read_config_word(pdev, PCI_COMMAND, &cmd))
		return false;
	return cmd & PCI_COMMAND_MEMORY;
}

static vm_fault_t nvvgpu_disp_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct nvvgpu_device *nvdev = vma->vm_private_data;
	struct vfio_pci_core_device *vdev = &nvdev->core_device;
	u64 base = nvvgpu_disp_region_offset(nvdev) >> PAGE_SHIFT;
	u64 off = (vmf->pgoff - base) << PAGE_SHIFT;
	unsigned long pfn = my_zero_pfn(vmf->address);
	pgprot_t prot = vm_get_page_prot(vma->vm_flags);
	vm_fault_t ret;

	down_read(&vdev->memory_lock);
	mutex_lock(&nvdev->disp.lock);
	/*
	 * The surface's page only while a plane is enabled, the page is in
	 * the BAR1 window (the region's size) and the VF decodes memory.
	 */
	if (nvdev->disp.enabled && off < nvdev->disp.size &&
	    nvdev->disp.fb_offset <= nvdev->disp.size - PAGE_SIZE - off &&
	    nvvgpu_disp_memory_on(nvdev)) {
		pfn = (pci_resource_start(vdev->pdev, VFIO_PCI_BAR1_REGION_INDEX) +
		       nvdev->disp.fb_offset + off) >> PAGE_SHIFT;
		prot = pgprot_noncached(vma->vm_page_prot);
	}
	ret = vmf_insert_pfn_prot(vma, vmf->address, pfn, prot);
	mutex_unlock(&nvdev->disp.lock);
	up_read(&vdev->memory_lock);
	return ret;
}

static const struct vm_operations_struct nvvgpu_disp_vm_ops = {
	.fault = nvvgpu_disp_fault,
};

static int nvvgpu_disp_mmap(struct vfio_pci_core_device *vdev, struct vfio_pci_region *region,
			    struct vm_area_struct *vma)
{
	struct nvvgpu_device *nvdev = region->data;
	u64 pgoff = vma->vm_pgoff & (BIT_ULL(VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT) - 1);
	u64 len = vma->vm_end - vma->vm_start;

	/* read-only: the zero page may be mapped */
	if (vma->vm_flags & VM_WRITE)
		return -EACCES;
	if (pgoff > region->size >> PAGE_SHIFT || len > region->size - (pgoff << PAGE_SHIFT))
		return -EINVAL;
	vm_flags_clear(vma, VM_MAYWRITE);
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_private_data = nvdev;
	vma->vm_ops = &nvvgpu_disp_vm_ops;
	return 0;
}

/*
 * read(): bounds-checked, through the VF's BAR1, only the current surface;
 * in chunks copied to the user with no lock held (the user's buffer may be
 * a mapping of this very region).
 */
static ssize_t nvvgpu_disp_rw(struct vfio_pci_core_device *vdev, char __user *buf,
			      size_t count, loff_t *ppos, bool iswrite)
{
	struct nvvgpu_device *nvdev = container_of(vdev, struct nvvgpu_device, core_device);
	u64 pos = *ppos & VFIO_PCI_OFFSET_MASK;
	size_t done = 0;
	ssize_t ret = 0;
	void *bounce;

	if (iswrite)
		return -EINVAL;
	if (pos >= nvdev->disp.size)
		return -EINVAL;
	count = min_t(u64, count, nvdev->disp.size - pos);

	ret = vfio_pci_core_setup_barmap(vdev, VFIO_PCI_BAR1_REGION_INDEX);
	if (ret)
		return ret;
	bounce = kmalloc(NVVGPU_DISP_RW_CHUNK, GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

	while (done < count) {
		size_t n = min_t(size_t, count - done, NVVGPU_DISP_RW_CHUNK);
		u64 at = pos + done;

		down_read(&vdev->memory_lock);
		mutex_lock(&nvdev->disp.lock);
		if (!nvdev->disp.enabled || nvdev->disp.fb_offset >= nvdev->disp.size - at) {
			/* no surface, or past the BAR1 window: end of file */
			n = 0;
		} else if (!nvvgpu_disp_memory_on(nvdev)) {
			ret = -EIO;
		} else {
			u64 start = nvdev->disp.fb_offset + at;

			n = min_t(u64, n, nvdev->disp.size - start);
			memcpy_fromio(bounce, vdev->barmap[VFIO_PCI_BAR1_REGION_INDEX] + start, n);
		}
		mutex_unlock(&nvdev->disp.lock);
		up_read(&vdev->memory_lock);
		if (ret || !n)
			break;
		if (copy_to_user(buf + done, bounce, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
	}
	kfree(bounce);
	if (!done && ret)
		return ret;
	*ppos += done;
	return done;
}

static void nvvgpu_disp_release(struct vfio_pci_core_device *vdev,
				struct vfio_pci_region *region)
{
	struct nvvgpu_device *nvdev = region->data;

	mutex_lock(&nvdev->disp.lock);
	nvdev->disp.registered = false;
	nvdev->disp.enabled = false;
	mutex_unlock(&nvdev->disp.lock);
}

static const struct vfio_pci_regops nvvgpu_disp_regops = {
	.rw = nvvgpu_disp_rw,
	.mmap = nvvgpu_disp_mmap,
	.release = nvvgpu_disp_release,
};

/**
 * nvvgpu_disp_open - add the display region of an opened device
 * @nvdev: the device, enabled by vfio_pci_core_enable()
 * @type: its vGPU type
 *
 * Nothing is added for a type without display heads. The region is
 * released by vfio_pci_core_disable().
 *
 * Return: 0 or a negative error code.
 */
int nvvgpu_disp_open(struct nvvgpu_device *nvdev, const struct nvvgpu_type *type)
{
	struct vfio_pci_core_device *vdev = &nvdev->core_device;
	u64 size;
	int ret;

	mutex_lock(&nvdev->disp.lock);
	nvdev->disp.enabled = false;
	nvdev->disp.registered = false;
	mutex_unlock(&nvdev->disp.lock);

	if (!type->desc.num_heads)
		return 0;
	/* the framebuffer as far as the VF's BAR1 maps it */
	size = min(type->desc.fb_size, nvdev->vf_bar1_size) & PAGE_MASK;
	if (!size)
		return 0;

	mutex_lock(&nvdev->disp.lock);
	nvdev->disp.region_index = VFIO_PCI_NUM_REGIONS + vdev->num_regions;
	nvdev->disp.size = size;
	ret = vfio_pci_core_register_dev_region(vdev,
						VFIO_REGION_TYPE_PCI_VENDOR_TYPE |
						PCI_VENDOR_ID_NVIDIA,
						NVVGPU_REGION_SUBTYPE_DISPLAY,
						&nvvgpu_disp_regops, size,
						VFIO_REGION_INFO_FLAG_READ |
						VFIO_REGION_INFO_FLAG_MMAP, nvdev);
	nvdev->disp.registered = !ret;
	mutex_unlock(&nvdev->disp.lock);
	return ret;
}

/* The plane into the UAPI's terms (linux/vfio.h): size page aligned. */
static void nvvgpu_disp_fill(struct nvvgpu_device *nvdev, const struct nvkm_vgpu_plane *p,
			     struct vfio_device_gfx_plane_info *info)
{
	info->drm_format = p->drm_format;
	info->drm_format_mod = DRM_FORMAT_MOD_LINEAR;
	info->width = p->width;
	info->height = p->height;
	info->stride = p->stride;
	info->size = PAGE_ALIGN((u64)p->stride * p->height);
	info->region_index = nvdev->disp.region_index;
}

static int nvvgpu_disp_query(struct nvvgpu_device *nvdev, struct vfio_device_gfx_plane_info *info)
{
	struct pci_dev *pdev = nvdev->core_device.pdev;
	struct nvkm_vgpu_plane plane = {};
	bool moved;
	int ret;

	ret = nvvgpu_vgpu_plane(nvdev, &plane);
	if (ret) {
		dev_warn_ratelimited(&pdev->dev, "querying the vGPU's display plane failed (%d)\n",
				     ret);
		return ret;
	}

	mutex_lock(&nvdev->disp.lock);
	/* the manager checked it against the FB; the window is BAR1's */
	if (plane.enabled && (plane.fb_offset > nvdev->disp.size ||
			      (u64)plane.stride * plane.height >
			      nvdev->disp.size - plane.fb_offset)) {
		mutex_unlock(&nvdev->disp.lock);
		dev_warn_ratelimited(&pdev->dev, "the vGPU's plane at %#llx is outside the BAR1 window\n",
				     plane.fb_offset);
		return -EIO;
	}
	moved = plane.enabled != nvdev->disp.enabled ||
		(plane.enabled && plane.fb_offset != nvdev->disp.fb_offset);
	nvdev->disp.enabled = plane.enabled;
	nvdev->disp.fb_offset = plane.enabled ? plane.fb_offset : 0;
	nvdev->disp.generation = plane.generation;
	if (moved) {
		nvdev->disp.flips++;
		nvvgpu_disp_zap_locked(nvdev);
	}
	if (plane.enabled)
		nvvgpu_disp_fill(nvdev, &plane, info);
	mutex_unlock(&nvdev->disp.lock);
	return 0;
}

/**
 * nvvgpu_disp_ioctl_query - VFIO_DEVICE_QUERY_GFX_PLANE
 * @nvdev: the device
 * @arg: the user's &struct vfio_device_gfx_plane_info
 *
 * Return: 0 or a negative error code; see the DOC section above.
 */
long nvvgpu_disp_ioctl_query(struct nvvgpu_device *nvdev, unsigned long arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_gfx_plane_info, region_index);
	void __user *uarg = (void __user *)arg;
	struct vfio_device_gfx_plane_info info;
	bool registered;
	int ret;

	if (copy_from_user(&info, uarg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;

	mutex_lock(&nvdev->disp.lock);
	registered = nvdev->disp.registered;
	mutex_unlock(&nvdev->disp.lock);

	if (info.flags & VFIO_GFX_PLANE_TYPE_PROBE)
		return info.flags == (VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION) &&
		       registered ? 0 : -EINVAL;
	if (info.flags != VFIO_GFX_PLANE_TYPE_REGION || !registered)
		return -EINVAL;

	/* QEMU's region display leaves drm_plane_type 0 and means primary */
	if (info.drm_plane_type != 0 && info.drm_plane_type != NVVGPU_DRM_PLANE_TYPE_PRIMARY &&
	    info.drm_plane_type != NVVGPU_DRM_PLANE_TYPE_CURSOR)
		return -EINVAL;

	memset(&info.drm_format, 0,
	       minsz - offsetof(struct vfio_device_gfx_plane_info, drm_format));
	/* no cursor plane: reported as one that shows nothing */
	if (info.drm_plane_type != NVVGPU_DRM_PLANE_TYPE_CURSOR) {
		ret = nvvgpu_disp_query(nvdev, &info);
		if (ret)
			return ret;
	}
	return copy_to_user(uarg, &info, minsz) ? -EFAULT : 0;
}

/**
 * nvvgpu_disp_init - set up the display state of a device at probe
 * @nvdev: the device
 */
void nvvgpu_disp_init(struct nvvgpu_device *nvdev)
{
	mutex_init(&nvdev->disp.lock);
}

/**
 * nvvgpu_disp_fini - undo nvvgpu_disp_init()
 * @nvdev: the device
 */
void nvvgpu_disp_fini(struct nvvgpu_device *nvdev)
{
	mutex_destroy(&nvdev->disp.lock);
}
