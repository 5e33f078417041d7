// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of the NVIDIA vGPU VFIO driver's device-independent parts:
 * the type table file parser, the placement rule, the virtualized
 * configuration space, the plugin parameters (vgpu_params).
 *
 * The code under test is built into this module as well, so that the tests
 * need neither the driver nor the GPU driver it depends on.
 */
#include "params.c"
#include "types.c"
#include "vcfg.c"

#include <kunit/test.h>
#include <linux/crc32.h>
#include <linux/pci_ids.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "nvidia_vgpu.h"

#define PF_DEV		0x7e50
#define NR_ENTRIES	4

/* ---- type table files ---------------------------------------------- */

struct tfile {
	u8 *data;
	size_t size;
	struct nvvgpu_fw_header *hdr;
	u32 entry_size;
};

static struct nvvgpu_fw_entry *tfile_entry(struct tfile *f, unsigned int i)
{
	return (void *)(f->data + sizeof(*f->hdr) + (size_t)i * f->entry_size);
}

/* A valid entry; sizes vary with i so that entries differ. */
static void tentry_fill(struct nvvgpu_fw_entry *e, unsigned int i)
{
	memset(e, 0, sizeof(*e));
	e->id = cpu_to_le32(100 + i);
	e->flags = cpu_to_le32(NVKM_VGPU_TYPE_CUDA);
	e->fb_size = cpu_to_le64((u64)SZ_512M << (i % 3));
	e->mgmt_heap_size = cpu_to_le64(SZ_32M);
	e->mappable_fb_size = cpu_to_le64(SZ_64M);
	e->bar1_size = cpu_to_le64(SZ_256M);
	e->max_instances = cpu_to_le32(4);
	e->num_heads = cpu_to_le32(2);
	e->max_resolution_x = cpu_to_le32(3840);
	e->max_resolution_y = cpu_to_le32(2160);
	e->max_pixels = cpu_to_le32(3840 * 2160);
	e->encoder_capacity = cpu_to_le32(50);
	e->num_channels = cpu_to_le32(64);
	e->vf_device_id = cpu_to_le16(PF_DEV);
	e->vf_subsystem_id = cpu_to_le16(0x1000 + i);
	e->pf_device_id = cpu_to_le16(PF_DEV);
	e->series = 'Q';
	snprintf(e->name, sizeof(e->name), "SIM-%uQ", i + 1);
	strscpy(e->class_name, "Quadro", sizeof(e->class_name));
	strscpy(e->license, "GRID-Virtual-WS,2.0", sizeof(e->license));
}

static void tfile_crc(struct tfile *f)
{
	f->hdr->crc32 = 0;
	f->hdr->crc32 = cpu_to_le32(~crc32_le(~0, f->data, f->size));
}

static void tfile_make(struct kunit *test, struct tfile *f, unsigned int count, u32 entry_size)
{
	f->entry_size = entry_size;
	f->size = sizeof(*f->hdr) + (size_t)count * entry_size;
	f->data = kunit_kzalloc(test, f->size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->data);
	f->hdr = (void *)f->data;
	memcpy(f->hdr->magic, NVVGPU_FW_MAGIC, NVVGPU_FW_MAGIC_LEN);
	f->hdr->version_major = cpu_to_le16(NVVGPU_FW_VERSION_MAJOR);
	f->hdr->version_minor = cpu_to_le16(NVVGPU_FW_VERSION_MINOR);
	f->hdr->header_size = cpu_to_le32(sizeof(*f->hdr));
	f->hdr->file_size = cpu_to_le32(f->size);
	f->hdr->entry_size = cpu_to_le32(entry_size);
	f->hdr->entry_count = cpu_to_le32(count);
	f->hdr->pf_vendor = cpu_to_le16(PCI_VENDOR_ID_NVIDIA);
	f->hdr->pf_device = cpu_to_le16(PF_DEV);
	for (unsigned int i = 0; i < count; i++)
		tentry_fill(tfile_entry(f, i), i);
	tfile_crc(f);
}

static int tfile_parse(struct tfile *f, struct nvvgpu_table *t, struct nvvgpu_parse_error *err)
{
	return nvvgpu_table_parse(f->data, f->size, PCI_VENDOR_ID_NVIDIA, PF_DEV, t, err);
}

static void types_good(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;

	tfile_make(test, &f, NR_ENTRIES, sizeof(struct nvvgpu_fw_entry));
	KUNIT_ASSERT_EQ(test, 0, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_EQ(test, NR_ENTRIES, t.count);
	KUNIT_EXPECT_EQ(test, 101, t.types[1].desc.id);
	KUNIT_EXPECT_STREQ(test, "SIM-2Q", t.types[1].desc.name);
	KUNIT_EXPECT_STREQ(test, "Quadro", t.types[1].desc.class_name);
	KUNIT_EXPECT_EQ(test, (u64)SZ_1G, t.types[1].desc.fb_size);
	KUNIT_EXPECT_EQ(test, (u64)SZ_256M, t.types[1].desc.bar1_size);
	KUNIT_EXPECT_EQ(test, 64, t.types[1].num_channels);
	KUNIT_EXPECT_EQ(test, 'Q', t.types[1].series);
	KUNIT_EXPECT_EQ(test, 0x1001, t.types[1].desc.vf_subsystem_id);
	KUNIT_EXPECT_PTR_EQ(test, &t.types[3], nvvgpu_table_find(&t, 103));
	KUNIT_EXPECT_NULL(test, nvvgpu_table_find(&t, 99));
	KUNIT_EXPECT_NULL(test, nvvgpu_table_find(&t, 0));
	nvvgpu_table_free(&t);
	KUNIT_EXPECT_EQ(test, 0, t.count);
}

/* A newer minor version with larger entries: the extra bytes are ignored. */
static void types_newer_minor(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;

	tfile_make(test, &f, 2, sizeof(struct nvvgpu_fw_entry) + 64);
	f.hdr->version_minor = cpu_to_le16(7);
	memset((u8 *)tfile_entry(&f, 0) + sizeof(struct nvvgpu_fw_entry), 0xa5, 64);
	tfile_crc(&f);
	KUNIT_ASSERT_EQ(test, 0, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_EQ(test, 2, t.count);
	KUNIT_EXPECT_EQ(test, 100, t.types[0].desc.id);
	nvvgpu_table_free(&t);
}

static void types_max_entries(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;

	tfile_make(test, &f, NVKM_VGPU_MAX_TYPES, sizeof(struct nvvgpu_fw_entry));
	KUNIT_ASSERT_EQ(test, 0, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_EQ(test, NVKM_VGPU_MAX_TYPES, t.count);
	nvvgpu_table_free(&t);

	tfile_make(test, &f, NVKM_VGPU_MAX_TYPES + 1, sizeof(struct nvvgpu_fw_entry));
	KUNIT_EXPECT_EQ(test, -EINVAL, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_EQ(test, -1, err.entry);
}

static void types_no_data(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	u8 small[16] = {};

	KUNIT_EXPECT_EQ(test, -EINVAL, nvvgpu_table_parse(NULL, 0, PCI_VENDOR_ID_NVIDIA,
							  PF_DEV, &t, &err));
	KUNIT_EXPECT_EQ(test, -EINVAL, nvvgpu_table_parse(small, sizeof(small),
							  PCI_VENDOR_ID_NVIDIA, PF_DEV, &t, &err));
	KUNIT_EXPECT_EQ(test, -1, err.entry);
	KUNIT_EXPECT_NULL(test, t.types);
}

/* Every truncation of a good file is refused, none crashes. */
static void types_truncated(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;

	tfile_make(test, &f, 2, sizeof(struct nvvgpu_fw_entry));
	for (size_t len = 0; len < f.size; len += 7) {
		KUNIT_EXPECT_EQ(test, -EINVAL, nvvgpu_table_parse(f.data, len,
								  PCI_VENDOR_ID_NVIDIA,
								  PF_DEV, &t, &err));
		KUNIT_EXPECT_EQ(test, -1, err.entry);
	}
	/* a truncated file whose header claims the shorter size: bad CRC */
	f.size -= 8;
	f.hdr->file_size = cpu_to_le32(f.size);
	KUNIT_EXPECT_EQ(test, -EINVAL, tfile_parse(&f, &t, &err));
	/* ... and with a matching CRC: entries do not fill it */
	tfile_crc(&f);
	KUNIT_EXPECT_EQ(test, -EINVAL, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_STREQ(test, "entries do not fill the file exactly", err.reason);
}

/*
 * A mutation of a good file: a little-endian field of the header (where
 * -1) or of an entry is set to (or, with add, increased by) val; fields
 * longer than 8 bytes are filled with val's low byte.
 */
struct bad_field {
	int where;
	size_t off;
	size_t len;
};

struct bad_case {
	const char *desc;
	struct bad_field field;
	u64 val;
	int blame;		/* entry blamed, -1 for the header */
	bool keep_crc;		/* do not fix the CRC after mutating */
	bool add;
};

#define HOFF(f)	offsetof(struct nvvgpu_fw_header, f)
#define HLEN(f)	sizeof_field(struct nvvgpu_fw_header, f)
#define EOFF(f)	offsetof(struct nvvgpu_fw_entry, f)
#define ELEN(f)	sizeof_field(struct nvvgpu_fw_entry, f)

static const struct bad_case bad_cases[] = {
	{ "bad magic", { -1, HOFF(magic[0]), HLEN(magic[0]) }, 'X', -1 },
	{ "major version 2", { -1, HOFF(version_major), HLEN(version_major) }, 2, -1 },
	{ "major version 0", { -1, HOFF(version_major), HLEN(version_major) }, 0, -1 },
	{ "header size", { -1, HOFF(header_size), HLEN(header_size) }, 128, -1 },
	{ "file size", { -1, HOFF(file_size), HLEN(file_size) }, 1, -1, false, true },
	{ "CRC field", { -1, HOFF(crc32), HLEN(crc32) }, 1, -1, true, true },
	{ "payload changed, CRC not", { 1, EOFF(name[3]), ELEN(name[3]) }, 'x', -1, true },
	{ "reserved header bytes", { -1, HOFF(reserved[27]), HLEN(reserved[27]) }, 1, -1 },
	{ "other PF device", { -1, HOFF(pf_device), HLEN(pf_device) }, 0x1234, -1 },
	{ "other PF vendor", { -1, HOFF(pf_vendor), HLEN(pf_vendor) }, 0x8086, -1 },
	{ "entry size too small", { -1, HOFF(entry_size), HLEN(entry_size) }, 256, -1 },
	{ "entry size above the bound",
	  { -1, HOFF(entry_size), HLEN(entry_size) }, NVVGPU_FW_MAX_ENTRY_SIZE + 8, -1 },
	{ "entry size 2 GiB", { -1, HOFF(entry_size), HLEN(entry_size) }, 0x80000000, -1 },
	{ "entry size not 8-aligned",
	  { -1, HOFF(entry_size), HLEN(entry_size) }, 4, -1, false, true },
	{ "no entries", { -1, HOFF(entry_count), HLEN(entry_count) }, 0, -1 },
	{ "more entries than the file",
	  { -1, HOFF(entry_count), HLEN(entry_count) }, 1, -1, false, true },
	{ "entry count overflow", { -1, HOFF(entry_count), HLEN(entry_count) }, U32_MAX, -1 },
	{ "duplicate IDs", { 2, EOFF(id), ELEN(id) }, 100, 2 },
	{ "ID 0", { 1, EOFF(id), ELEN(id) }, 0, 1 },
	{ "unterminated name", { 1, EOFF(name), ELEN(name) }, 'A', 1 },
	{ "empty name", { 1, EOFF(name[0]), ELEN(name[0]) }, 0, 1 },
	{ "newline in name", { 1, EOFF(name[2]), ELEN(name[2]) }, '\n', 1 },
	{ "data after the name", { 1, EOFF(name[30]), ELEN(name[30]) }, 'x', 1 },
	{ "unterminated class", { 2, EOFF(class_name), ELEN(class_name) }, 'C', 2 },
	{ "unterminated license", { 0, EOFF(license), ELEN(license) }, 'L', 0 },
	{ "series not a capital", { 1, EOFF(series), ELEN(series) }, 'q', 1 },
	{ "unknown flags", { 1, EOFF(flags), ELEN(flags) }, BIT(31), 1 },
	{ "FB size 0", { 1, EOFF(fb_size), ELEN(fb_size) }, 0, 1 },
	{ "FB size not MiB", { 1, EOFF(fb_size), ELEN(fb_size) }, SZ_4K, 1, false, true },
	{ "heap size 0", { 1, EOFF(mgmt_heap_size), ELEN(mgmt_heap_size) }, 0, 1 },
	{ "FB reservation not MiB", { 1, EOFF(fb_reservation), ELEN(fb_reservation) }, 1, 1 },
	{ "mappable larger than FB",
	  { 1, EOFF(mappable_fb_size), ELEN(mappable_fb_size) }, SZ_4G, 1 },
	{ "BAR1 not a power of two", { 1, EOFF(bar1_size), ELEN(bar1_size) }, SZ_256M + SZ_1M, 1 },
	{ "BAR1 below 1 MiB", { 1, EOFF(bar1_size), ELEN(bar1_size) }, SZ_512K, 1 },
	{ "BAR1 0", { 1, EOFF(bar1_size), ELEN(bar1_size) }, 0, 1 },
	{ "max instances 0", { 1, EOFF(max_instances), ELEN(max_instances) }, 0, 1 },
	{ "too many heads", { 1, EOFF(num_heads), ELEN(num_heads) }, 9, 1 },
	{ "resolution too large", { 1, EOFF(max_resolution_x), ELEN(max_resolution_x) }, 99999, 1 },
	{ "resolution without heads", { 1, EOFF(num_heads), ELEN(num_heads) }, 0, 1 },
	{ "pixel budget", { 1, EOFF(max_pixels), ELEN(max_pixels) }, U32_MAX, 1 },
	{ "encoder capacity", { 1, EOFF(encoder_capacity), ELEN(encoder_capacity) }, 101, 1 },
	{ "no channels", { 1, EOFF(num_channels), ELEN(num_channels) }, 0, 1 },
	{ "too many channels", { 1, EOFF(num_channels), ELEN(num_channels) }, BIT(20), 1 },
	{ "guest device ID", { 1, EOFF(vf_device_id), ELEN(vf_device_id) }, 0xffff, 1 },
	{ "entry for another PF", { 3, EOFF(pf_device_id), ELEN(pf_device_id) }, 0x7e52, 3 },
	{ "reserved0", { 1, EOFF(reserved0), ELEN(reserved0) }, 1, 1 },
	{ "reserved entry bytes", { 1, EOFF(reserved[39]), ELEN(reserved[39]) }, 1, 1 },
};

static void bad_apply(struct tfile *f, const struct bad_case *c)
{
	const struct bad_field *b = &c->field;
	u8 *p = (b->where < 0 ? f->data : (u8 *)tfile_entry(f, b->where)) + b->off;
	u64 v = c->val;

	if (b->len > sizeof(u64)) {
		memset(p, (u8)v, b->len);
		return;
	}
	if (c->add) {
		for (size_t i = 0; i < b->len; i++)
			v += (u64)p[i] << (8 * i);
	}
	for (size_t i = 0; i < b->len; i++)
		p[i] = v >> (8 * i);
}

static void bad_case_desc(const struct bad_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad, bad_cases, bad_case_desc);

/*
 * The file size a header implies is computed in 32 bits (the width of the
 * format's size fields) with overflow checks, so that count * entry size
 * cannot wrap into a size that matches a short file on any architecture.
 * A header-only file whose entries would wrap to nothing is refused.
 */
static void types_size_overflow(struct kunit *test)
{
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;
	u32 size;

	KUNIT_EXPECT_EQ(test, nvvgpu_fw_table_size(2, 0x80000000, &size), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, nvvgpu_fw_table_size(1, U32_MAX - 63, &size), -EOVERFLOW);
	KUNIT_EXPECT_EQ(test, nvvgpu_fw_table_size(NVKM_VGPU_MAX_TYPES,
						   NVVGPU_FW_MAX_ENTRY_SIZE, &size), 0);
	KUNIT_EXPECT_EQ(test, size, 64 + NVKM_VGPU_MAX_TYPES * NVVGPU_FW_MAX_ENTRY_SIZE);

	tfile_make(test, &f, 1, sizeof(struct nvvgpu_fw_entry));
	f.size = sizeof(*f.hdr);
	f.hdr->file_size = cpu_to_le32(f.size);
	f.hdr->entry_count = cpu_to_le32(2);
	f.hdr->entry_size = cpu_to_le32(0x80000000);
	tfile_crc(&f);
	KUNIT_EXPECT_EQ(test, tfile_parse(&f, &t, &err), -EINVAL);
	KUNIT_EXPECT_EQ(test, err.entry, -1);
}

static void types_bad(struct kunit *test)
{
	const struct bad_case *c = test->param_value;
	struct nvvgpu_parse_error err;
	struct nvvgpu_table t;
	struct tfile f;

	tfile_make(test, &f, NR_ENTRIES, sizeof(struct nvvgpu_fw_entry));
	bad_apply(&f, c);
	if (!c->keep_crc)
		tfile_crc(&f);
	KUNIT_EXPECT_EQ(test, -EINVAL, tfile_parse(&f, &t, &err));
	KUNIT_EXPECT_EQ(test, c->blame, err.entry);
	KUNIT_EXPECT_NOT_NULL(test, err.reason);
	KUNIT_EXPECT_NULL(test, t.types);
	KUNIT_EXPECT_EQ(test, 0, t.count);
}

static struct kunit_case types_cases[] = {
	KUNIT_CASE(types_good),
	KUNIT_CASE(types_newer_minor),
	KUNIT_CASE(types_max_entries),
	KUNIT_CASE(types_no_data),
	KUNIT_CASE(types_truncated),
	KUNIT_CASE(types_size_overflow),
	KUNIT_CASE_PARAM(types_bad, bad_gen_params),
	{}
};

static struct kunit_suite types_suite = {
	.name = "nvidia-vgpu-vfio-types",
	.test_cases = types_cases,
};

/* ---- placement rule ------------------------------------------------- */

static struct nvvgpu_type admit_type(u32 id, u64 fb, u32 max_inst, u32 chans)
{
	struct nvvgpu_type t = {};

	t.desc.id = id;
	t.desc.fb_size = fb;
	t.desc.mgmt_heap_size = SZ_32M;
	t.desc.bar1_size = SZ_256M;
	t.desc.max_instances = max_inst;
	t.num_channels = chans;
	return t;
}

/* The simulator's defaults: 4 GiB VRAM, 32 MiB segments, 16 VFs. */
static const struct nvkm_vgpu_mgr_caps admit_caps = {
	.fb_total = 3ULL * SZ_1G + SZ_512M,
	.fb_align = SZ_32M,
	.chids_total = 1536,
	.max_vgpus = 16,
	.total_vfs = 16,
	.num_vfs = 16,
};

static void admit_footprint(struct kunit *test)
{
	struct nvvgpu_type t = admit_type(1, SZ_512M, 8, 64);

	KUNIT_EXPECT_EQ(test, (u64)SZ_512M + SZ_32M, nvvgpu_type_footprint(&t, SZ_32M));
	t.desc.fb_size = SZ_512M + SZ_1M;	/* rounded up to the segment */
	KUNIT_EXPECT_EQ(test, (u64)SZ_512M + SZ_64M, nvvgpu_type_footprint(&t, SZ_32M));
	t.desc.fb_reservation = SZ_16M;
	KUNIT_EXPECT_EQ(test, (u64)SZ_512M + SZ_64M + SZ_16M, nvvgpu_type_footprint(&t, SZ_32M));
	t.desc.fb_size = U64_MAX - SZ_1M;	/* saturates instead of wrapping */
	KUNIT_EXPECT_EQ(test, U64_MAX, nvvgpu_type_footprint(&t, SZ_32M));
}

/* Mixed sizes share the FB until it is full, then -ENOSPC. */
static void admit_mixed(struct kunit *test)
{
	struct nvvgpu_type big = admit_type(1, SZ_1G + SZ_512M, 2, 64);	/* 1.53 GiB */
	struct nvvgpu_type mid = admit_type(2, SZ_1G, 3, 64);		/* 1.03 GiB */
	struct nvvgpu_type small = admit_type(3, SZ_512M, 6, 64);	/* 0.53 GiB */
	const struct nvvgpu_type *others[4];
	struct nvvgpu_admit_ctx ctx = {
		.caps = &admit_caps, .vf_index = 0, .vf_bar1_size = SZ_512M, .others = others,
	};

	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &big));
	others[ctx.nr_others++] = &big;			/* 1.53 used */
	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &mid));
	others[ctx.nr_others++] = &mid;			/* 2.56 used */
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &mid));
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &big));
	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &small));
	others[ctx.nr_others++] = &small;		/* 3.09 used */
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &small));
}

static void admit_instances(struct kunit *test)
{
	struct nvvgpu_type t = admit_type(7, SZ_32M, 2, 8);
	const struct nvvgpu_type *others[2] = { &t, &t };
	struct nvvgpu_admit_ctx ctx = {
		.caps = &admit_caps, .vf_index = 3, .vf_bar1_size = SZ_512M, .others = others,
	};

	ctx.nr_others = 1;
	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &t));
	ctx.nr_others = 2;
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &t));
}

static void admit_vf(struct kunit *test)
{
	struct nvvgpu_type t = admit_type(7, SZ_512M, 8, 8);
	struct nvvgpu_admit_ctx ctx = {
		.caps = &admit_caps, .vf_index = 15, .vf_bar1_size = SZ_256M,
	};

	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &t));
	ctx.vf_index = 16;		/* no firmware partition for it */
	KUNIT_EXPECT_EQ(test, -EINVAL, nvvgpu_type_admit(&ctx, &t));
	ctx.vf_index = 0;
	ctx.vf_bar1_size = SZ_128M;	/* BAR1 of the type does not fit */
	KUNIT_EXPECT_EQ(test, -EINVAL, nvvgpu_type_admit(&ctx, &t));
}

static void admit_channels(struct kunit *test)
{
	struct nvvgpu_type t = admit_type(7, SZ_32M, 16, 512);
	const struct nvvgpu_type *others[3] = { &t, &t, &t };
	struct nvvgpu_admit_ctx ctx = {
		.caps = &admit_caps, .vf_bar1_size = SZ_512M, .others = others,
	};

	ctx.nr_others = 2;
	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &t));
	ctx.nr_others = 3;
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &t));
}

static void admit_partitions(struct kunit *test)
{
	struct nvkm_vgpu_mgr_caps caps = admit_caps;
	struct nvvgpu_type t = admit_type(7, SZ_32M, 16, 8);
	const struct nvvgpu_type *others[2] = { &t, &t };
	struct nvvgpu_admit_ctx ctx = {
		.caps = &caps, .vf_index = 1, .vf_bar1_size = SZ_512M, .others = others,
	};

	caps.max_vgpus = 2;
	ctx.nr_others = 1;
	KUNIT_EXPECT_EQ(test, 0, nvvgpu_type_admit(&ctx, &t));
	ctx.nr_others = 2;
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &t));
}

static void admit_overflow(struct kunit *test)
{
	struct nvvgpu_type huge = admit_type(1, U64_MAX - SZ_1G, 16, 1);
	struct nvvgpu_type t = admit_type(2, SZ_1G, 16, 1);
	const struct nvvgpu_type *others[1] = { &huge };
	struct nvvgpu_admit_ctx ctx = {
		.caps = &admit_caps, .vf_bar1_size = SZ_512M, .others = others, .nr_others = 1,
	};

	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &t));
	ctx.nr_others = 0;
	KUNIT_EXPECT_EQ(test, -ENOSPC, nvvgpu_type_admit(&ctx, &huge));
}

static struct kunit_case admit_cases[] = {
	KUNIT_CASE(admit_footprint),
	KUNIT_CASE(admit_mixed),
	KUNIT_CASE(admit_instances),
	KUNIT_CASE(admit_vf),
	KUNIT_CASE(admit_channels),
	KUNIT_CASE(admit_partitions),
	KUNIT_CASE(admit_overflow),
	{}
};

static struct kunit_suite admit_suite = {
	.name = "nvidia-vgpu-vfio-placement",
	.test_cases = admit_cases,
};

/* ---- virtualized configuration space --------------------------------- */

/*
 * A VF: PM at 0x40, MSI at 0x50 (hidden), MSI-X at 0x70, PCIe at 0x80,
 * vendor-specific at 0xa0 (hidden).
 */
static void vcfg_make(u8 *cfg)
{
	memset(cfg, 0, PCI_CFG_SPACE_SIZE);
	put_unaligned_le16(PCI_VENDOR_ID_NVIDIA, cfg + PCI_VENDOR_ID);
	put_unaligned_le16(0x7e51, cfg + PCI_DEVICE_ID);
	put_unaligned_le16(PCI_STATUS_CAP_LIST, cfg + PCI_STATUS);
	put_unaligned_le32(0x030200a1, cfg + PCI_REVISION_ID);
	put_unaligned_le16(0x1111, cfg + PCI_SUBSYSTEM_VENDOR_ID);
	put_unaligned_le16(0x2222, cfg + PCI_SUBSYSTEM_ID);
	cfg[PCI_CAPABILITY_LIST] = 0x40;
	cfg[0x40] = PCI_CAP_ID_PM;	cfg[0x41] = 0x50;
	cfg[0x50] = PCI_CAP_ID_MSI;	cfg[0x51] = 0x70;	cfg[0x52] = 0x80;
	cfg[0x70] = PCI_CAP_ID_MSIX;	cfg[0x71] = 0x80;	cfg[0x72] = 0x03;
	cfg[0x80] = PCI_CAP_ID_EXP;	cfg[0x81] = 0xa0;	cfg[0x82] = 0x02;
	cfg[0xa0] = PCI_CAP_ID_VNDR;	cfg[0xa1] = 0x00;	cfg[0xa2] = 0x10;
}

static const struct nvvgpu_type vcfg_type = {
	.desc = {
		.id = 42,
		.vf_device_id = 0x7e50,
		.vf_subsystem_id = 0x1234,
		.bar1_size = SZ_256M,
	},
};

/* What a guest reads at [pos, pos + len), vfio-pci-core returning cfg. */
static u32 vcfg_rd(const struct nvvgpu_vcfg *v, const u8 *cfg, unsigned int pos,
		   unsigned int len)
{
	u8 buf[4] = {};

	if (pos < PCI_CFG_SPACE_SIZE)
		memcpy(buf, cfg + pos, len);
	else
		memset(buf, 0x5a, len);
	nvvgpu_vcfg_read(v, pos, buf, len);
	return get_unaligned_le32(buf) & (len == 4 ? ~0u : (1u << (8 * len)) - 1);
}

static void vcfg_ids(struct kunit *test)
{
	struct nvvgpu_vcfg *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	u8 *cfg = kunit_kzalloc(test, PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	bool emulated;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	vcfg_make(cfg);
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);

	KUNIT_EXPECT_EQ(test, 0x7e5010de, vcfg_rd(v, cfg, PCI_VENDOR_ID, 4));
	KUNIT_EXPECT_EQ(test, 0x7e50, vcfg_rd(v, cfg, PCI_DEVICE_ID, 2));
	KUNIT_EXPECT_EQ(test, 0x7e, vcfg_rd(v, cfg, PCI_DEVICE_ID + 1, 1));
	KUNIT_EXPECT_EQ(test, 0x123410de, vcfg_rd(v, cfg, PCI_SUBSYSTEM_VENDOR_ID, 4));
	KUNIT_EXPECT_EQ(test, 0x030200a1, vcfg_rd(v, cfg, PCI_REVISION_ID, 4));

	/* the IDs are read-only: their writes never reach vfio-pci-core */
	KUNIT_EXPECT_EQ(test, 4, nvvgpu_vcfg_write_run(v, PCI_VENDOR_ID, 4, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);
	KUNIT_EXPECT_EQ(test, 4, nvvgpu_vcfg_write_run(v, PCI_SUBSYSTEM_VENDOR_ID, 8, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);
	nvvgpu_vcfg_write(v, PCI_VENDOR_ID, (u8 *)"\xff\xff\xff\xff", 4);
	KUNIT_EXPECT_EQ(test, 0x7e5010de, vcfg_rd(v, cfg, PCI_VENDOR_ID, 4));

	/* command and status go to vfio-pci-core */
	KUNIT_EXPECT_EQ(test, 4, nvvgpu_vcfg_write_run(v, PCI_COMMAND, 4, &emulated));
	KUNIT_EXPECT_FALSE(test, emulated);
}

static void vcfg_caps(struct kunit *test)
{
	struct nvvgpu_vcfg *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	u8 *cfg = kunit_kzalloc(test, PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	unsigned int p, n = 0, seen[8];
	bool emulated;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	vcfg_make(cfg);
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);

	KUNIT_EXPECT_TRUE(test, vcfg_rd(v, cfg, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
	for (p = vcfg_rd(v, cfg, PCI_CAPABILITY_LIST, 1); p && n < ARRAY_SIZE(seen);
	     p = vcfg_rd(v, cfg, p + 1, 1))
		seen[n++] = p;
	KUNIT_ASSERT_EQ(test, 3, n);
	KUNIT_EXPECT_EQ(test, 0x40, seen[0]);
	KUNIT_EXPECT_EQ(test, 0x70, seen[1]);
	KUNIT_EXPECT_EQ(test, 0x80, seen[2]);
	KUNIT_EXPECT_EQ(test, PCI_CAP_ID_MSIX, vcfg_rd(v, cfg, 0x70, 1));
	KUNIT_EXPECT_EQ(test, 0x03, vcfg_rd(v, cfg, 0x72, 1));	/* body passes */

	/* hidden capabilities read zero and ignore writes up to the next one,
	 * whose header is read-only too
	 */
	for (p = 0x50; p < 0x70; p++)
		KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, p, 1));
	for (p = 0xa0; p < PCI_CFG_SPACE_SIZE; p++)
		KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, p, 1));
	KUNIT_EXPECT_EQ(test, 0x22, nvvgpu_vcfg_write_run(v, 0x50, 0x40, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);
	KUNIT_EXPECT_EQ(test, 2, nvvgpu_vcfg_write_run(v, 0x70, 4, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);	/* cap header */
	KUNIT_EXPECT_EQ(test, 2, nvvgpu_vcfg_write_run(v, 0x72, 2, &emulated));
	KUNIT_EXPECT_FALSE(test, emulated);	/* MSI-X control */

	/* no extended capabilities */
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, 0x100, 4));
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, 0xffc, 4));
	KUNIT_EXPECT_EQ(test, 16, nvvgpu_vcfg_write_run(v, 0x100, 16, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);
}

static void vcfg_no_caps(struct kunit *test)
{
	struct nvvgpu_vcfg *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	u8 *cfg = kunit_kzalloc(test, PCI_CFG_SPACE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	vcfg_make(cfg);
	cfg[PCI_CAPABILITY_LIST] = 0x50;	/* only MSI and vendor-specific */
	cfg[0x51] = 0xa0;
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, PCI_CAPABILITY_LIST, 1));
	KUNIT_EXPECT_FALSE(test, vcfg_rd(v, cfg, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
}

/* A malformed (looping, out of range) list terminates. */
static void vcfg_loop(struct kunit *test)
{
	struct nvvgpu_vcfg *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	u8 *cfg = kunit_kzalloc(test, PCI_CFG_SPACE_SIZE, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	vcfg_make(cfg);
	cfg[0x81] = 0x40;			/* PCIe points back at PM */
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);
	KUNIT_EXPECT_EQ(test, 0x40, vcfg_rd(v, cfg, PCI_CAPABILITY_LIST, 1));
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, 0x81, 1));

	cfg[PCI_CAPABILITY_LIST] = 0x10;	/* inside the header */
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, PCI_CAPABILITY_LIST, 1));
}

static void vcfg_bar1(struct kunit *test)
{
	struct nvvgpu_vcfg *v = kunit_kzalloc(test, sizeof(*v), GFP_KERNEL);
	u8 *cfg = kunit_kzalloc(test, PCI_CFG_SPACE_SIZE, GFP_KERNEL);
	static const u8 ones[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	u8 addr[8];
	bool emulated;

	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	vcfg_make(cfg);
	put_unaligned_le32(0xfe00000c, cfg + PCI_BASE_ADDRESS_1);	/* what the core shows */
	nvvgpu_vcfg_init(v, cfg, &vcfg_type);

	/* BAR0 passes, BAR1 (both dwords) is emulated, BAR3 passes */
	KUNIT_EXPECT_EQ(test, 4, nvvgpu_vcfg_write_run(v, PCI_BASE_ADDRESS_0, 16, &emulated));
	KUNIT_EXPECT_FALSE(test, emulated);
	KUNIT_EXPECT_EQ(test, 8, nvvgpu_vcfg_write_run(v, PCI_BASE_ADDRESS_1, 12, &emulated));
	KUNIT_EXPECT_TRUE(test, emulated);
	KUNIT_EXPECT_EQ(test, 4, nvvgpu_vcfg_write_run(v, PCI_BASE_ADDRESS_3, 4, &emulated));
	KUNIT_EXPECT_FALSE(test, emulated);

	/* sizing: 256 MiB, 64-bit, prefetchable */
	KUNIT_EXPECT_EQ(test, 0xc, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_1, 4));
	nvvgpu_vcfg_write(v, PCI_BASE_ADDRESS_1, ones, 8);
	KUNIT_EXPECT_EQ(test, 0xf000000c, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_1, 4));
	KUNIT_EXPECT_EQ(test, 0xffffffff, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_2, 4));

	/* an address, written a byte at a time */
	put_unaligned_le64(0x0000008012345678ULL, addr);
	for (unsigned int i = 0; i < 8; i++)
		nvvgpu_vcfg_write(v, PCI_BASE_ADDRESS_1 + i, addr + i, 1);
	KUNIT_EXPECT_EQ(test, 0x1000000c, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_1, 4));
	KUNIT_EXPECT_EQ(test, 0x80, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_2, 4));
	KUNIT_EXPECT_EQ(test, 0x10, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_1 + 3, 1));

	nvvgpu_vcfg_reset(v);
	KUNIT_EXPECT_EQ(test, 0xc, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_1, 4));
	KUNIT_EXPECT_EQ(test, 0, vcfg_rd(v, cfg, PCI_BASE_ADDRESS_2, 4));
}

static struct kunit_case vcfg_cases[] = {
	KUNIT_CASE(vcfg_ids),
	KUNIT_CASE(vcfg_caps),
	KUNIT_CASE(vcfg_no_caps),
	KUNIT_CASE(vcfg_loop),
	KUNIT_CASE(vcfg_bar1),
	{}
};

static struct kunit_suite vcfg_suite = {
	.name = "nvidia-vgpu-vfio-config",
	.test_cases = vcfg_cases,
};

/* ---- plugin parameters (vgpu_params) ---------------------------------- */

static int params_parse(const char *s, struct nvvgpu_params *p)
{
	return nvvgpu_params_parse(s, strlen(s), p);
}

static void params_good(struct kunit *test)
{
	struct nvvgpu_params p;
	char buf[NVVGPU_PARAMS_MAX_LEN + 2];

	nvvgpu_params_default(&p);
	KUNIT_EXPECT_EQ(test, p.p.frame_rate_limiter, 1);
	KUNIT_EXPECT_EQ(test, p.p.console_vnc, 1);
	KUNIT_EXPECT_EQ(test, p.p.uvm, 0);
	KUNIT_EXPECT_EQ(test, nvvgpu_params_show(&p, buf, sizeof(buf)), 0);

	/* NVIDIA's example, with a space after the comma and a newline */
	KUNIT_ASSERT_EQ(test, params_parse("frame_rate_limiter=0, disable_vnc=1\n", &p), 0);
	KUNIT_EXPECT_EQ(test, p.p.frame_rate_limiter, 0);
	KUNIT_EXPECT_EQ(test, p.p.console_vnc, 0);
	KUNIT_EXPECT_EQ(test, p.p.uvm, 0);
	KUNIT_EXPECT_EQ(test, nvvgpu_params_show(&p, buf, sizeof(buf)),
			strlen("frame_rate_limiter=0,disable_vnc=1\n"));
	KUNIT_EXPECT_STREQ(test, buf, "frame_rate_limiter=0,disable_vnc=1\n");

	KUNIT_ASSERT_EQ(test, params_parse("enable_uvm=1", &p), 0);
	KUNIT_EXPECT_EQ(test, p.p.uvm, 1);
	KUNIT_EXPECT_EQ(test, p.p.frame_rate_limiter, 1);	/* others: defaults */
	KUNIT_EXPECT_EQ(test, p.p.console_vnc, 1);
	nvvgpu_params_show(&p, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "enable_uvm=1\n");

	/* a single space clears */
	KUNIT_ASSERT_EQ(test, params_parse(" ", &p), 0);
	KUNIT_EXPECT_EQ(test, p.set, 0);
	KUNIT_EXPECT_EQ(test, p.p.uvm, 0);
	KUNIT_ASSERT_EQ(test, params_parse("disable_vnc=0\n", &p), 0);
	/* a space and a newline (as echo writes it) */
	KUNIT_ASSERT_EQ(test, nvvgpu_params_parse("\x20\n", 2, &p), 0);
	KUNIT_EXPECT_EQ(test, p.set, 0);
}

static void params_bad(struct kunit *test)
{
	static const char * const bad[] = {
		"", "\n", "  ", ",", "frame_rate_limiter", "frame_rate_limiter=",
		"frame_rate_limiter=2", "frame_rate_limiter=01", "frame_rate_limiter=-1",
		"frame_rate_limiter=99999999999999999999", "frame_rate_limiter=0,",
		",frame_rate_limiter=0", "frame_rate_limiter=0,,disable_vnc=1",
		"frame_rate_limiter=0,frame_rate_limiter=1", "no_such_key=1",
		"Frame_rate_limiter=0", "frame_rate_limiter =0", "frame_rate_limiter= 0",
		"frame_rate_limiter=0;disable_vnc=1", "frame_rate_limiter=0\n\n",
		"disable_vnc=1 enable_uvm=1",
	};
	struct nvvgpu_params p, before;
	char long_buf[NVVGPU_PARAMS_MAX_LEN + 8];

	KUNIT_ASSERT_EQ(test, params_parse("enable_uvm=1", &p), 0);
	before = p;
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		KUNIT_EXPECT_EQ_MSG(test, params_parse(bad[i], &p), -EINVAL, "'%s'", bad[i]);
		KUNIT_EXPECT_EQ(test, memcmp(&p, &before, sizeof(p)), 0);
	}
	KUNIT_EXPECT_EQ(test, nvvgpu_params_parse("enable_uvm=1\0", 13, &p), -EINVAL);

	/* overlong: refused whatever it holds */
	memset(long_buf, ' ', sizeof(long_buf));
	memcpy(long_buf, "enable_uvm=1", 12);
	KUNIT_EXPECT_EQ(test, nvvgpu_params_parse(long_buf, sizeof(long_buf), &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(&p, &before, sizeof(p)), 0);
}

static struct kunit_case params_cases[] = {
	KUNIT_CASE(params_good),
	KUNIT_CASE(params_bad),
	{}
};

static struct kunit_suite params_suite = {
	.name = "nvidia-vgpu-vfio-params",
	.test_cases = params_cases,
};

kunit_test_suites(&types_suite, &admit_suite, &vcfg_suite, &params_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests of the NVIDIA vGPU VFIO driver");
