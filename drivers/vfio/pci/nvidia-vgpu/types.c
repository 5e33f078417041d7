// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * vGPU types: parsing and validation of the type table file, and the rule
 * that decides whether a type can be placed on a VF. Pure functions (no
 * device, no locking) so that KUnit can test them.
 */
#include <linux/crc32.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/pci_ids.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nvidia_vgpu.h"

static bool nvvgpu_all_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

/* A NUL-terminated string of printable ASCII within its field. */
static bool nvvgpu_str_ok(const char *s, size_t len, bool may_be_empty)
{
	size_t n = strnlen(s, len);

	if (n == len || (!n && !may_be_empty))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e)
			return false;
	}
	/* nothing but NULs after the terminator: no hidden data */
	return nvvgpu_all_zero(s + n, len - n);
}

static u32 nvvgpu_fw_crc(const u8 *data, size_t size)
{
	static const u8 zero[4];
	size_t off = offsetof(struct nvvgpu_fw_header, crc32);
	u32 crc = ~0;

	crc = crc32_le(crc, data, off);
	crc = crc32_le(crc, zero, sizeof(zero));
	crc = crc32_le(crc, data + off + sizeof(zero), size - off - sizeof(zero));
	return ~crc;
}

static int nvvgpu_bad(struct nvvgpu_parse_error *err, int entry, const char *why)
{
	err->entry = entry;
	err->reason = why;
	return -EINVAL;
}

static int nvvgpu_entry_parse(const struct nvvgpu_fw_entry *e, u16 pf_device,
			      struct nvvgpu_type *t, const char **why)
{
	struct nvkm_vgpu_type *d = &t->desc;

	memset(t, 0, sizeof(*t));
	d->id = le32_to_cpu(e->id);
	d->flags = le32_to_cpu(e->flags);
	d->fb_size = le64_to_cpu(e->fb_size);
	d->mgmt_heap_size = le64_to_cpu(e->mgmt_heap_size);
	d->fb_reservation = le64_to_cpu(e->fb_reservation);
	d->mappable_fb_size = le64_to_cpu(e->mappable_fb_size);
	d->bar1_size = le64_to_cpu(e->bar1_size);
	d->max_instances = le32_to_cpu(e->max_instances);
	d->num_heads = le32_to_cpu(e->num_heads);
	d->max_resolution_x = le32_to_cpu(e->max_resolution_x);
	d->max_resolution_y = le32_to_cpu(e->max_resolution_y);
	d->max_pixels = le32_to_cpu(e->max_pixels);
	d->frame_rate_limit = le32_to_cpu(e->frame_rate_limit);
	d->encoder_capacity = le32_to_cpu(e->encoder_capacity);
	d->vf_device_id = le16_to_cpu(e->vf_device_id);
	d->vf_subsystem_id = le16_to_cpu(e->vf_subsystem_id);
	d->pf_device_id = le16_to_cpu(e->pf_device_id);
	t->num_channels = le32_to_cpu(e->num_channels);
	t->series = e->series;

	if (!d->id)
		*why = "type ID 0";
	else if (!nvvgpu_str_ok(e->name, sizeof(e->name), false))
		*why = "name empty, not NUL-terminated or not printable ASCII";
	else if (!nvvgpu_str_ok(e->class_name, sizeof(e->class_name), false))
		*why = "class name empty, not NUL-terminated or not printable ASCII";
	else if (!nvvgpu_str_ok(e->license, sizeof(e->license), true))
		*why = "license not NUL-terminated or not printable ASCII";
	else if (t->series < 'A' || t->series > 'Z')
		*why = "series is not a capital letter";
	else if (d->flags & ~NVKM_VGPU_TYPE_FLAGS)
		*why = "unknown flags";
	else if (!d->fb_size || !IS_ALIGNED(d->fb_size, SZ_1M))
		*why = "FB size zero or not a multiple of 1 MiB";
	else if (!d->mgmt_heap_size || !IS_ALIGNED(d->mgmt_heap_size, SZ_1M))
		*why = "management heap size zero or not a multiple of 1 MiB";
	else if (!IS_ALIGNED(d->fb_reservation, SZ_1M))
		*why = "FB reservation not a multiple of 1 MiB";
	else if (d->mappable_fb_size > d->fb_size)
		*why = "mappable FB larger than the FB";
	else if (!is_power_of_2(d->bar1_size) || d->bar1_size < SZ_1M)
		*why = "BAR1 size not a power of two of at least 1 MiB";
	else if (!d->max_instances)
		*why = "max instances zero";
	else if (d->num_heads > NVVGPU_MAX_HEADS)
		*why = "too many heads";
	else if (d->max_resolution_x > NVVGPU_MAX_RESOLUTION ||
		 d->max_resolution_y > NVVGPU_MAX_RESOLUTION)
		*why = "resolution too large";
	else if (!d->num_heads != !d->max_resolution_x || !d->num_heads != !d->max_resolution_y)
		*why = "resolution does not match the number of heads";
	else if ((u64)d->max_pixels > (u64)d->num_heads * d->max_resolution_x * d->max_resolution_y)
		*why = "pixel budget larger than all heads at maximum resolution";
	else if (d->encoder_capacity > 100)
		*why = "encoder capacity above 100 percent";
	else if (!t->num_channels || t->num_channels > NVVGPU_MAX_CHANNELS)
		*why = "channel count zero or too large";
	else if (!d->vf_device_id || d->vf_device_id == 0xffff)
		*why = "invalid guest device ID";
	else if (d->pf_device_id != pf_device)
		*why = "entry is for another physical GPU than the header";
	else if (e->reserved0 || !nvvgpu_all_zero(e->reserved, sizeof(e->reserved)))
		*why = "reserved bytes not zero";
	else
		*why = NULL;
	if (*why)
		return -EINVAL;

	memcpy(d->name, e->name, sizeof(d->name));
	memcpy(d->class_name, e->class_name, sizeof(d->class_name));
	memcpy(d->license, e->license, sizeof(d->license));
	return 0;
}

/**
 * nvvgpu_fw_table_size - size of a type table file from its header
 * @count: the header's entry count
 * @entry_size: the header's entry size
 * @size: set to the size of the header and @count entries
 *
 * File sizes are 32-bit in the format; the sum is computed so, with the
 * overflow checked, whatever the width of size_t.
 *
 * Return: 0, or -EOVERFLOW if the size does not fit.
 */
int nvvgpu_fw_table_size(u32 count, u32 entry_size, u32 *size)
{
	u32 bytes;

	if (check_mul_overflow(count, entry_size, &bytes) ||
	    check_add_overflow(bytes, (u32)sizeof(struct nvvgpu_fw_header), size))
		return -EOVERFLOW;
	return 0;
}

/**
 * nvvgpu_table_parse - validate a type table file and extract its types
 * @data: the file
 * @size: its size
 * @pf_vendor: PCI vendor ID of the PF the table is loaded for
 * @pf_device: PCI device ID of the PF the table is loaded for
 * @table: filled in on success; free with nvvgpu_table_free()
 * @err: on -EINVAL, which part of the file is wrong and why
 *
 * Everything is checked before anything is used: header, size, checksum
 * and every entry. Entries may be larger than this driver knows (a newer
 * minor version); the extra bytes are ignored.
 *
 * Return: 0, -EINVAL for a bad file, -ENOMEM.
 */
int nvvgpu_table_parse(const u8 *data, size_t size, u16 pf_vendor, u16 pf_device,
		       struct nvvgpu_table *table, struct nvvgpu_parse_error *err)
{
	const struct nvvgpu_fw_header *h = (const void *)data;
	u32 count, esize, hsize, fsize, need;
	struct nvvgpu_type *types;
	const char *why;

	memset(table, 0, sizeof(*table));
	err->entry = -1;
	err->reason = NULL;

	if (!data || size < sizeof(*h))
		return nvvgpu_bad(err, -1, "file shorter than the header");
	if (memcmp(h->magic, NVVGPU_FW_MAGIC, NVVGPU_FW_MAGIC_LEN))
		return nvvgpu_bad(err, -1, "bad magic");
	if (le16_to_cpu(h->version_major) != NVVGPU_FW_VERSION_MAJOR)
		return nvvgpu_bad(err, -1, "unsupported major version");

	hsize = le32_to_cpu(h->header_size);
	fsize = le32_to_cpu(h->file_size);
	esize = le32_to_cpu(h->entry_size);
	count = le32_to_cpu(h->entry_count);

	if (hsize != sizeof(*h))
		return nvvgpu_bad(err, -1, "bad header size");
	if (fsize != size)
		return nvvgpu_bad(err, -1, "file size differs from the header (truncated?)");
	if (le32_to_cpu(h->crc32) != nvvgpu_fw_crc(data, size))
		return nvvgpu_bad(err, -1, "CRC mismatch");
	if (!nvvgpu_all_zero(h->reserved, sizeof(h->reserved)))
		return nvvgpu_bad(err, -1, "reserved header bytes not zero");
	if (le16_to_cpu(h->pf_vendor) != pf_vendor || le16_to_cpu(h->pf_device) != pf_device)
		return nvvgpu_bad(err, -1, "table is for another physical GPU");
	if (esize < sizeof(struct nvvgpu_fw_entry) || esize > NVVGPU_FW_MAX_ENTRY_SIZE ||
	    esize % 8)
		return nvvgpu_bad(err, -1, "bad entry size");
	if (!count || count > NVKM_VGPU_MAX_TYPES)
		return nvvgpu_bad(err, -1, "no entries or too many entries");
	if (nvvgpu_fw_table_size(count, esize, &need))
		return nvvgpu_bad(err, -1, "entry table size overflows");
	if (need != size)
		return nvvgpu_bad(err, -1, "entries do not fill the file exactly");

	types = kcalloc(count, sizeof(*types), GFP_KERNEL);
	if (!types)
		return -ENOMEM;

	for (u32 i = 0; i < count; i++) {
		const struct nvvgpu_fw_entry *e =
			(const void *)(data + sizeof(*h) + (size_t)i * esize);

		if (nvvgpu_entry_parse(e, pf_device, &types[i], &why)) {
			kfree(types);
			return nvvgpu_bad(err, i, why);
		}
		for (u32 j = 0; j < i; j++) {
			if (types[j].desc.id == types[i].desc.id) {
				kfree(types);
				return nvvgpu_bad(err, i, "duplicate type ID");
			}
		}
	}

	table->types = types;
	table->count = count;
	return 0;
}

/**
 * nvvgpu_table_free - free what nvvgpu_table_parse() allocated
 * @table: the table; emptied
 */
void nvvgpu_table_free(struct nvvgpu_table *table)
{
	kfree(table->types);
	table->types = NULL;
	table->count = 0;
}

/**
 * nvvgpu_table_find - look a type up by ID
 * @table: the table
 * @id: the type ID
 *
 * Return: the type, or NULL.
 */
const struct nvvgpu_type *nvvgpu_table_find(const struct nvvgpu_table *table, u32 id)
{
	for (unsigned int i = 0; i < table->count; i++) {
		if (table->types[i].desc.id == id)
			return &table->types[i];
	}
	return NULL;
}

static u64 nvvgpu_round_up(u64 v, u64 align)
{
	u64 r;

	if (!align)
		return v;
	div64_u64_rem(v, align, &r);
	if (!r)
		return v;
	if (check_add_overflow(v, align - r, &v))
		return U64_MAX;
	return v;
}

/**
 * nvvgpu_type_footprint - framebuffer a vGPU of a type takes from its PF
 * @type: the type
 * @fb_align: the manager's allocation granule (&nvkm_vgpu_mgr_caps.fb_align)
 *
 * The guest framebuffer and the management heap are allocated separately,
 * each rounded up to the granule; the host reservation comes on top.
 *
 * Return: bytes, saturated at U64_MAX.
 */
u64 nvvgpu_type_footprint(const struct nvvgpu_type *type, u64 fb_align)
{
	u64 sum;

	if (check_add_overflow(nvvgpu_round_up(type->desc.fb_size, fb_align),
			       nvvgpu_round_up(type->desc.mgmt_heap_size, fb_align), &sum) ||
	    check_add_overflow(sum, type->desc.fb_reservation, &sum))
		return U64_MAX;
	return sum;
}

/**
 * nvvgpu_type_admit - can a type be assigned to a VF now?
 * @ctx: the VF, the PF's capacity and what the other VFs hold
 * @type: the type
 *
 * The placement rule (Documentation/driver-api/vfio-nvidia-vgpu.rst):
 *
 * - the VF must be one the firmware has a partition for, and its physical
 *   BAR1 must be at least the type's BAR1;
 * - the type's instance limit counts every VF of the PF that has the type;
 * - the footprints (nvvgpu_type_footprint()) of all types assigned on the
 *   PF, this one included, must fit in the framebuffer the manager
 *   reserved for vGPUs, and their channel counts in its channel IDs.
 *
 * Types of different framebuffer sizes may be mixed within that. A type
 * assigned to a VF keeps its share whether or not the VF is in use, so
 * assignments cannot oversubscribe the PF. This is necessary, not
 * sufficient: the vGPU manager must also have a free placement of the type
 * (nvvgpu_pf_placements()), which the assignment then reserves.
 *
 * Return: 0; -EINVAL if this VF can never take the type; -ENOSPC if the
 * PF lacks the resources now.
 */
int nvvgpu_type_admit(const struct nvvgpu_admit_ctx *ctx, const struct nvvgpu_type *type)
{
	const struct nvkm_vgpu_mgr_caps *caps = ctx->caps;
	u64 fb = nvvgpu_type_footprint(type, caps->fb_align);
	u64 chids = type->num_channels;
	u32 instances = 1;

	if (ctx->vf_index >= caps->max_vgpus)
		return -EINVAL;
	if (type->desc.bar1_size > ctx->vf_bar1_size)
		return -EINVAL;

	for (unsigned int i = 0; i < ctx->nr_others; i++) {
		const struct nvvgpu_type *o = ctx->others[i];

		if (o->desc.id == type->desc.id)
			instances++;
		if (check_add_overflow(fb, nvvgpu_type_footprint(o, caps->fb_align), &fb))
			return -ENOSPC;
		chids += o->num_channels;
	}

	if (instances > type->desc.max_instances)
		return -ENOSPC;
	if (fb > caps->fb_total || chids > caps->chids_total)
		return -ENOSPC;
	if (ctx->nr_others + 1 > caps->max_vgpus)
		return -ENOSPC;
	return 0;
}
