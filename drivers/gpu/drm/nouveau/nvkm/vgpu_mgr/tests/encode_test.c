// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of the type descriptor validation and its encoding as
 * NVA081_CTRL_VGPU_INFO. Fields are checked at the byte offsets GSP-RM
 * 535.113.01 reads them from (rm-vgpu-facts.md §2.1), not through the
 * structure the encoder writes.
 */
#include <kunit/test.h>

#include "../priv.h"
#include "rd.h"
#include "../rm.h"

static const struct nvkm_vgpu_type encode_type = {
	.id = 869,
	.name = "NVIDIA L40-1B",
	.class_name = "NVS",
	.license = "GRID-Virtual-PC,2.0;Quadro-Virtual-DWS,5.0",
	.vf_device_id = 0x26b5,
	.vf_subsystem_id = 0x176d,
	.pf_device_id = 0x26b5,
	.max_instances = 32,
	.num_heads = 4,
	.max_resolution_x = 5120,
	.max_resolution_y = 2880,
	.max_pixels = 16384000,
	.frame_rate_limit = 45,
	.encoder_capacity = 100,
	.flags = NVKM_VGPU_TYPE_CUDA | NVKM_VGPU_TYPE_P2P,
	.fb_size = SZ_1G,
	.mgmt_heap_size = SZ_32M,
	.fb_reservation = SZ_2M,
	.mappable_fb_size = SZ_4M,
	.bar1_size = SZ_256M,
};

static bool
all_zero(const u8 *p, size_t off, size_t len)
{
	return !memchr_inv(p + off, 0, len);
}

static void
encode_fields(struct kunit *test)
{
	struct nva081_ctrl_vgpu_info *info;
	const u8 *raw;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_type_check(&encode_type), 0);

	info = kunit_kmalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	memset(info, 0xa5, sizeof(*info));
	raw = (const u8 *)info;

	nvkm_vgpu_type_encode(&encode_type, info);

	KUNIT_EXPECT_EQ(test, sizeof(*info), 4952);
	KUNIT_EXPECT_EQ(test, rd32(raw, 0), 869);
	KUNIT_EXPECT_STREQ(test, (const char *)raw + 4, "NVIDIA L40-1B");
	KUNIT_EXPECT_TRUE(test, all_zero(raw, 4 + 13, 32 - 13));
	KUNIT_EXPECT_STREQ(test, (const char *)raw + 36, "NVS");
	KUNIT_EXPECT_TRUE(test, all_zero(raw, 68, 128));	/* signature */
	KUNIT_EXPECT_STREQ(test, (const char *)raw + 196, encode_type.license);
	KUNIT_EXPECT_EQ(test, rd32(raw, 324), 32);		/* maxInstance */
	KUNIT_EXPECT_EQ(test, rd32(raw, 328), 4);		/* numHeads */
	KUNIT_EXPECT_EQ(test, rd32(raw, 332), 5120);
	KUNIT_EXPECT_EQ(test, rd32(raw, 336), 2880);
	KUNIT_EXPECT_EQ(test, rd32(raw, 340), 16384000);
	KUNIT_EXPECT_EQ(test, rd32(raw, 344), 45);		/* frlConfig */
	KUNIT_EXPECT_EQ(test, rd32(raw, 348), 1);		/* cudaEnabled */
	KUNIT_EXPECT_EQ(test, rd32(raw, 352), 0);		/* eccSupported */
	KUNIT_EXPECT_EQ(test, rd32(raw, 356), 0);		/* gpuInstanceSize */
	KUNIT_EXPECT_EQ(test, rd32(raw, 360), 0);		/* multiVgpuSupported */
	KUNIT_EXPECT_EQ(test, rd32(raw, 364), 0);		/* padding */
	KUNIT_EXPECT_EQ(test, rd64(raw, 368), 0x26b5176dULL);	/* vdevId */
	KUNIT_EXPECT_EQ(test, rd64(raw, 376), 0x26b5ULL);	/* pdevId */
	KUNIT_EXPECT_EQ(test, rd64(raw, 384), (u64)SZ_1G);	/* profileSize */
	KUNIT_EXPECT_EQ(test, rd64(raw, 392), (u64)SZ_1G);	/* fbLength */
	KUNIT_EXPECT_EQ(test, rd64(raw, 400), (u64)SZ_32M);	/* gspHeapSize */
	KUNIT_EXPECT_EQ(test, rd64(raw, 408), (u64)SZ_2M);	/* fbReservation */
	KUNIT_EXPECT_EQ(test, rd64(raw, 416), (u64)SZ_4M);	/* mappableVideoSize */
	KUNIT_EXPECT_EQ(test, rd32(raw, 424), 100);		/* encoderCapacity */
	KUNIT_EXPECT_EQ(test, rd64(raw, 432), 256);		/* bar1Length, MiB */
	KUNIT_EXPECT_EQ(test, rd32(raw, 440), 1);		/* frlEnable */
	KUNIT_EXPECT_TRUE(test, all_zero(raw, 444, 4924 - 444));
	KUNIT_EXPECT_EQ(test, rd32(raw, 4924), 0);		/* ftraceEnable */
	KUNIT_EXPECT_EQ(test, rd32(raw, 4928), 0);		/* gpuDirectSupported */
	KUNIT_EXPECT_EQ(test, rd32(raw, 4932), 1);		/* nvlinkP2PSupported */
	KUNIT_EXPECT_EQ(test, rd32(raw, 4936), 1);		/* multiVgpuExclusive */
	KUNIT_EXPECT_TRUE(test, all_zero(raw, 4940, 12));
}

static void
encode_flags(struct kunit *test)
{
	struct nvkm_vgpu_type type = encode_type;
	struct nva081_ctrl_vgpu_info *info;
	const u8 *raw;

	info = kunit_kmalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	raw = (const u8 *)info;

	type.flags = NVKM_VGPU_TYPE_ECC | NVKM_VGPU_TYPE_MULTI_VGPU | NVKM_VGPU_TYPE_GPUDIRECT;
	type.frame_rate_limit = 0;
	nvkm_vgpu_type_encode(&type, info);
	KUNIT_EXPECT_EQ(test, rd32(raw, 348), 0);
	KUNIT_EXPECT_EQ(test, rd32(raw, 352), 1);
	KUNIT_EXPECT_EQ(test, rd32(raw, 360), 1);
	KUNIT_EXPECT_EQ(test, rd32(raw, 4936), 0);
	KUNIT_EXPECT_EQ(test, rd32(raw, 4928), 1);
	KUNIT_EXPECT_EQ(test, rd32(raw, 4932), 0);
	KUNIT_EXPECT_EQ(test, rd32(raw, 344), 0);
	KUNIT_EXPECT_EQ(test, rd32(raw, 440), 0);
}

/* A name that fills its field keeps a terminating NUL. */
static void
encode_long_name(struct kunit *test)
{
	struct nvkm_vgpu_type type = encode_type;
	struct nva081_ctrl_vgpu_info *info;
	const u8 *raw;

	info = kunit_kmalloc(test, sizeof(*info), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, info);
	raw = (const u8 *)info;

	memset(type.name, 'x', sizeof(type.name) - 1);
	type.name[sizeof(type.name) - 1] = 0;
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_type_check(&type), 0);
	nvkm_vgpu_type_encode(&type, info);
	KUNIT_EXPECT_EQ(test, raw[4 + 30], 'x');
	KUNIT_EXPECT_EQ(test, raw[4 + 31], 0);
	KUNIT_EXPECT_EQ(test, raw[36], 'N');
}

static void
encode_check_bad(struct kunit *test)
{
	struct nvkm_vgpu_type type;

#define BAD(stmt) do {						\
	type = encode_type;					\
	stmt;							\
	KUNIT_EXPECT_EQ_MSG(test, nvkm_vgpu_type_check(&type),	\
			    -EINVAL, "%s", #stmt);		\
} while (0)
	BAD(type.id = 0);
	BAD(type.name[0] = 0);
	BAD(memset(type.name, 'a', sizeof(type.name)));
	BAD(memset(type.class_name, 'a', sizeof(type.class_name)));
	BAD(memset(type.license, 'a', sizeof(type.license)));
	BAD(type.max_instances = 0);
	BAD(type.fb_size = 0);
	BAD(type.mgmt_heap_size = 0);
	BAD(type.mappable_fb_size = type.fb_size + 1);
	BAD(type.bar1_size = 0);
	BAD(type.bar1_size = SZ_512K);
	BAD(type.bar1_size = SZ_256M + SZ_1M);
	BAD(type.encoder_capacity = 101);
	BAD(type.flags = NVKM_VGPU_TYPE_FLAGS + 1);
#undef BAD
}

static struct kunit_case encode_cases[] = {
	KUNIT_CASE(encode_fields),
	KUNIT_CASE(encode_flags),
	KUNIT_CASE(encode_long_name),
	KUNIT_CASE(encode_check_bad),
	{}
};

static struct kunit_suite encode_suite = {
	.name = "nvkm_vgpu_type_encode",
	.test_cases = encode_cases,
};

kunit_test_suite(encode_suite);
