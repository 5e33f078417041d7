// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The per-VF sysfs group nvidia/ (Documentation/ABI/testing/
 * sysfs-driver-nvidia-vgpu): vGPU type selection, laid out as NVIDIA's
 * own host driver does so that its tooling works, plus read-only details
 * of the selected type.
 */
#include <linux/bitmap.h>
#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#include "nvidia_vgpu.h"

static struct nvvgpu_device *nvvgpu_from_dev(struct device *dev)
{
	struct vfio_pci_core_device *vdev = dev_get_drvdata(dev);

	return container_of(vdev, struct nvvgpu_device, core_device);
}

/*
 * The VF's type and whether its VFIO device is open, read together. The
 * type stays valid while the VF is bound: the PF's table does not change.
 */
static const struct nvvgpu_type *nvvgpu_cur_type(struct nvvgpu_device *nvdev, bool *open)
{
	const struct nvvgpu_type *type;

	mutex_lock(&nvdev->pf->lock);
	type = nvdev->type;
	if (open)
		*open = nvdev->open;
	mutex_unlock(&nvdev->pf->lock);
	return type;
}

static ssize_t nvvgpu_emit_types(const struct nvvgpu_table *table, const unsigned long *which,
				 char *buf)
{
	ssize_t len = 0;
	unsigned int i;

	for_each_set_bit(i, which, table->count)
		len += sysfs_emit_at(buf, len, "%u : %s\n", table->types[i].desc.id,
				     table->types[i].desc.name);
	return len;
}

static ssize_t creatable_vgpu_types_show(struct device *dev, struct device_attribute *attr,
					 char *buf)
{
	struct nvvgpu_device *nvdev = nvvgpu_from_dev(dev);
	DECLARE_BITMAP(creatable, NVKM_VGPU_MAX_TYPES);
	int ret;

	ret = nvvgpu_pf_creatable(nvdev, creatable);
	if (ret == -ENODEV)
		return 0;	/* no types, no manager: nothing is creatable */
	if (ret)
		return ret;
	return nvvgpu_emit_types(&nvdev->pf->table, creatable, buf);
}
static DEVICE_ATTR_RO(creatable_vgpu_types);

static ssize_t supported_vgpu_types_show(struct device *dev, struct device_attribute *attr,
					 char *buf)
{
	struct nvvgpu_device *nvdev = nvvgpu_from_dev(dev);
	DECLARE_BITMAP(all, NVKM_VGPU_MAX_TYPES);

	if (nvdev->pf->table_ret)
		return 0;
	bitmap_fill(all, nvdev->pf->table.count);
	return nvvgpu_emit_types(&nvdev->pf->table, all, buf);
}
static DEVICE_ATTR_RO(supported_vgpu_types);

static ssize_t current_vgpu_type_show(struct device *dev, struct device_attribute *attr,
				      char *buf)
{
	const struct nvvgpu_type *type = nvvgpu_cur_type(nvvgpu_from_dev(dev), NULL);

	return sysfs_emit(buf, "%u\n", type ? type->desc.id : 0);
}

static ssize_t current_vgpu_type_store(struct device *dev, struct device_attribute *attr,
				       const char *buf, size_t count)
{
	u32 id;
	int ret;

	/* plain decimal only (no sign, no space); out of range is malformed too */
	if (!isdigit(buf[0]))
		return -EINVAL;
	ret = kstrtou32(buf, 10, &id);
	if (ret)
		return -EINVAL;

	ret = nvvgpu_pf_assign(nvvgpu_from_dev(dev), id);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(current_vgpu_type);

static ssize_t vgpu_state_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	const struct nvvgpu_type *type;
	bool open;

	type = nvvgpu_cur_type(nvvgpu_from_dev(dev), &open);
	return sysfs_emit(buf, "%s\n", !type ? "unassigned" : open ? "active" : "assigned");
}
static DEVICE_ATTR_RO(vgpu_state);

/* Channel recoveries and MMU faults of the VF's current or last vGPU. */
static ssize_t vgpu_rc_count_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&nvvgpu_from_dev(dev)->rc_events));
}
static DEVICE_ATTR_RO(vgpu_rc_count);

static ssize_t vgpu_mmu_fault_count_show(struct device *dev, struct device_attribute *attr,
					 char *buf)
{
	return sysfs_emit(buf, "%d\n", atomic_read(&nvvgpu_from_dev(dev)->mmu_faults));
}
static DEVICE_ATTR_RO(vgpu_mmu_fault_count);

enum nvvgpu_detail {
	NVVGPU_DETAIL_NAME,
	NVVGPU_DETAIL_CLASS,
	NVVGPU_DETAIL_FB,
	NVVGPU_DETAIL_BAR1,
	NVVGPU_DETAIL_HEADS,
	NVVGPU_DETAIL_RESOLUTION,
	NVVGPU_DETAIL_INSTANCES,
};

/* A detail of the current type; no type shows as empty or zero. */
static ssize_t nvvgpu_detail_show(struct device *dev, char *buf, enum nvvgpu_detail what)
{
	const struct nvvgpu_type *type = nvvgpu_cur_type(nvvgpu_from_dev(dev), NULL);
	const struct nvkm_vgpu_type *d = type ? &type->desc : NULL;

	switch (what) {
	case NVVGPU_DETAIL_NAME:
		return d ? sysfs_emit(buf, "%s\n", d->name) : 0;
	case NVVGPU_DETAIL_CLASS:
		return d ? sysfs_emit(buf, "%s\n", d->class_name) : 0;
	case NVVGPU_DETAIL_FB:
		return sysfs_emit(buf, "%llu\n", d ? d->fb_size : 0);
	case NVVGPU_DETAIL_BAR1:
		return sysfs_emit(buf, "%llu\n", d ? d->bar1_size : 0);
	case NVVGPU_DETAIL_HEADS:
		return sysfs_emit(buf, "%u\n", d ? d->num_heads : 0);
	case NVVGPU_DETAIL_RESOLUTION:
		return sysfs_emit(buf, "%ux%u\n", d ? d->max_resolution_x : 0,
				  d ? d->max_resolution_y : 0);
	case NVVGPU_DETAIL_INSTANCES:
		return sysfs_emit(buf, "%u\n", d ? d->max_instances : 0);
	}
	return -EINVAL;
}

#define NVVGPU_DETAIL_ATTR(_name, _what)					\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	return nvvgpu_detail_show(dev, buf, _what);				\
}										\
static DEVICE_ATTR_RO(_name)

NVVGPU_DETAIL_ATTR(vgpu_type_name, NVVGPU_DETAIL_NAME);
NVVGPU_DETAIL_ATTR(vgpu_type_class, NVVGPU_DETAIL_CLASS);
NVVGPU_DETAIL_ATTR(vgpu_fb_size, NVVGPU_DETAIL_FB);
NVVGPU_DETAIL_ATTR(vgpu_bar1_size, NVVGPU_DETAIL_BAR1);
NVVGPU_DETAIL_ATTR(vgpu_num_heads, NVVGPU_DETAIL_HEADS);
NVVGPU_DETAIL_ATTR(vgpu_max_resolution, NVVGPU_DETAIL_RESOLUTION);
NVVGPU_DETAIL_ATTR(vgpu_max_instances, NVVGPU_DETAIL_INSTANCES);

static struct attribute *nvvgpu_attrs[] = {
	&dev_attr_creatable_vgpu_types.attr,
	&dev_attr_supported_vgpu_types.attr,
	&dev_attr_current_vgpu_type.attr,
	&dev_attr_vgpu_state.attr,
	&dev_attr_vgpu_rc_count.attr,
	&dev_attr_vgpu_mmu_fault_count.attr,
	&dev_attr_vgpu_type_name.attr,
	&dev_attr_vgpu_type_class.attr,
	&dev_attr_vgpu_fb_size.attr,
	&dev_attr_vgpu_bar1_size.attr,
	&dev_attr_vgpu_num_heads.attr,
	&dev_attr_vgpu_max_resolution.attr,
	&dev_attr_vgpu_max_instances.attr,
	NULL
};

static const struct attribute_group nvvgpu_group = {
	.name = "nvidia",
	.attrs = nvvgpu_attrs,
};

const struct attribute_group *nvvgpu_dev_groups[] = {
	&nvvgpu_group,
	NULL
};
