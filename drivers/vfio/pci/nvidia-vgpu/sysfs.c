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

/*
 * Placements (Documentation/driver-api/vfio-nvidia-vgpu.rst, "Placements"):
 * lines "TYPE_ID : ID ID ...", one per type. creatable_placement_ids lists,
 * for a VF without a type, the placement IDs each creatable type could be
 * reserved at now; for a VF with a type, the IDs its placement_id takes
 * (its own and the free ones). supported_placement_ids lists every
 * placement ID of every type the VF could ever take.
 */
static ssize_t nvvgpu_emit_placements(struct nvvgpu_device *nvdev, char *buf, bool creatable)
{
	struct nvvgpu_pf *pf = nvdev->pf;
	const struct nvvgpu_type *cur, *type;
	struct nvkm_vgpu_placements pl;
	DECLARE_BITMAP(types, NVKM_VGPU_MAX_TYPES);
	unsigned int i, p;
	u32 own = 0;
	ssize_t len = 0;

	if (pf->table_ret)
		return 0;
	bitmap_zero(types, NVKM_VGPU_MAX_TYPES);
	mutex_lock(&pf->lock);
	cur = nvdev->type;
	if (cur)
		own = nvdev->resv.placement;
	mutex_unlock(&pf->lock);

	if (creatable && !cur && nvvgpu_pf_creatable(nvdev, types))
		return 0;
	for (i = 0; i < pf->table.count; i++) {
		unsigned long *ids;
		bool any = false;

		type = &pf->table.types[i];
		if (creatable && (cur ? type != cur : !test_bit(i, types)))
			continue;
		if (!creatable && type->desc.bar1_size > nvdev->vf_bar1_size)
			continue;
		if (nvvgpu_pf_placements(nvdev, type, &pl))
			continue;
		ids = !creatable ? pl.supported : cur ? pl.free : pl.creatable;
		if (cur && creatable && own < NVKM_VGPU_MAX_PLACEMENTS)
			__set_bit(own, ids);
		for_each_set_bit(p, ids, NVKM_VGPU_MAX_PLACEMENTS) {
			if (!any)
				len += sysfs_emit_at(buf, len, "%u :", type->desc.id);
			len += sysfs_emit_at(buf, len, " %u", p);
			any = true;
		}
		if (any)
			len += sysfs_emit_at(buf, len, "\n");
	}
	return len;
}

static ssize_t creatable_placement_ids_show(struct device *dev, struct device_attribute *attr,
					    char *buf)
{
	return nvvgpu_emit_placements(nvvgpu_from_dev(dev), buf, true);
}
static DEVICE_ATTR_RO(creatable_placement_ids);

static ssize_t supported_placement_ids_show(struct device *dev, struct device_attribute *attr,
					    char *buf)
{
	return nvvgpu_emit_placements(nvvgpu_from_dev(dev), buf, false);
}
static DEVICE_ATTR_RO(supported_placement_ids);

static ssize_t placement_id_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct nvvgpu_device *nvdev = nvvgpu_from_dev(dev);
	bool has;
	u32 p;

	mutex_lock(&nvdev->pf->lock);
	has = nvdev->type;
	p = nvdev->resv.placement;
	mutex_unlock(&nvdev->pf->lock);
	return has ? sysfs_emit(buf, "%u\n", p) : 0;
}

static ssize_t placement_id_store(struct device *dev, struct device_attribute *attr,
				  const char *buf, size_t count)
{
	u32 p;
	int ret;

	/* plain decimal only, as current_vgpu_type */
	if (!isdigit(buf[0]) || kstrtou32(buf, 10, &p))
		return -EINVAL;
	ret = nvvgpu_pf_place(nvvgpu_from_dev(dev), p);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(placement_id);

static ssize_t vgpu_params_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct nvvgpu_device *nvdev = nvvgpu_from_dev(dev);
	struct nvvgpu_params params;

	mutex_lock(&nvdev->pf->lock);
	params = nvdev->params;
	mutex_unlock(&nvdev->pf->lock);
	return nvvgpu_params_show(&params, buf, PAGE_SIZE);
}

static ssize_t vgpu_params_store(struct device *dev, struct device_attribute *attr,
				 const char *buf, size_t count)
{
	struct nvvgpu_params params;
	int ret;

	ret = nvvgpu_params_parse(buf, count, &params);
	if (!ret)
		ret = nvvgpu_pf_set_params(nvvgpu_from_dev(dev), &params);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(vgpu_params);

enum nvvgpu_stat {
	NVVGPU_STAT_FB_USED,
	NVVGPU_STAT_CHANNELS,
	NVVGPU_STAT_RESETS,
	NVVGPU_STAT_UPTIME,
};

/*
 * Status of the VF's live vGPU, asked from the vGPU manager (and its
 * plugin) at every read; 0 while the VF has no vGPU. A plugin that cannot
 * answer makes the read fail with its error.
 */
static ssize_t nvvgpu_stat_show(struct device *dev, char *buf, enum nvvgpu_stat what)
{
	struct nvvgpu_device *nvdev = nvvgpu_from_dev(dev);
	struct nvkm_vgpu_status st = {};
	struct nvkm_vgpu_handle vgpu;
	int ret = 0;

	mutex_lock(&nvdev->state_mutex);
	vgpu = nvdev->vgpu;
	mutex_unlock(&nvdev->state_mutex);
	if (vgpu.id)
		ret = nvkm_vgpu_status(nvdev->client, vgpu, &st);
	if (ret == -ENOENT) {
		memset(&st, 0, sizeof(st));	/* destroyed meanwhile */
		ret = 0;
	}
	if (ret)
		return ret;

	switch (what) {
	case NVVGPU_STAT_FB_USED:
		return sysfs_emit(buf, "%llu\n", st.fb_used);
	case NVVGPU_STAT_CHANNELS:
		return sysfs_emit(buf, "%u\n", st.channels_used);
	case NVVGPU_STAT_RESETS:
		return sysfs_emit(buf, "%u\n", st.resets);
	case NVVGPU_STAT_UPTIME:
		return sysfs_emit(buf, "%llu\n", st.uptime_ms);
	}
	return -EINVAL;
}

#define NVVGPU_STAT_ATTR(_name, _what)						\
static ssize_t _name##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	return nvvgpu_stat_show(dev, buf, _what);				\
}										\
static DEVICE_ATTR_RO(_name)

NVVGPU_STAT_ATTR(vgpu_fb_used, NVVGPU_STAT_FB_USED);
NVVGPU_STAT_ATTR(vgpu_channels_used, NVVGPU_STAT_CHANNELS);
NVVGPU_STAT_ATTR(vgpu_reset_count, NVVGPU_STAT_RESETS);
NVVGPU_STAT_ATTR(vgpu_uptime_ms, NVVGPU_STAT_UPTIME);

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
	&dev_attr_placement_id.attr,
	&dev_attr_creatable_placement_ids.attr,
	&dev_attr_supported_placement_ids.attr,
	&dev_attr_vgpu_params.attr,
	&dev_attr_vgpu_fb_used.attr,
	&dev_attr_vgpu_channels_used.attr,
	&dev_attr_vgpu_reset_count.attr,
	&dev_attr_vgpu_uptime_ms.attr,
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
