// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of what GSP-RM is told at boot for vGPUs: VF partitions, WPR
 * heap size and GSP_VF_INFO (checked by byte offset, as GSP-RM reads it).
 */
#include <kunit/test.h>

#include "../priv.h"
#include "rd.h"

#include <nvrm/nvtypes.h>
#include <nvrm/535.113.01/nvidia/inc/kernel/gpu/gsp/gsp_static_config.h>

static void
boot_partitions(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(0), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(1), 1);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(16), 16);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(32), 32);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(33), 32);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_partitions(64), 32);
}

static void
boot_heap_size(struct kunit *test)
{
	/* nouveau's bare-metal heap on a 48 GiB Ada: 20 + 8 + 5 + 96 MiB */
	const u64 bare = 129ULL * SZ_1M;
	u64 prev = bare;

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_heap_size(bare, 0), bare);
	/* host RM's choice for 32 partitions (GSP_FW_HEAP_SIZE_VGPU_DEFAULT) */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_heap_size(bare, 32), 549ULL * SZ_1M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_heap_size(bare, 64), 549ULL * SZ_1M);
	/* the RFC booted 2 partitions in 256 MiB; proportional is smaller */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_heap_size(bare, 2), 156ULL * SZ_1M);

	for (u32 n = 1; n <= 32; n++) {
		u64 size = nvkm_vgpu_mgr_heap_size(bare, n);

		KUNIT_EXPECT_GT(test, size, prev);
		KUNIT_EXPECT_EQ(test, size % SZ_1M, 0);
		/* more than each partition's share of the difference */
		KUNIT_EXPECT_GE(test, size - bare, n * (13ULL * SZ_1M));
		prev = size;
	}

	/* never smaller than what nouveau needs anyway */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_heap_size(600ULL * SZ_1M, 4), 600ULL * SZ_1M);
}

static const struct nvkm_vgpu_sriov boot_sriov = {
	.total_vfs = 24,
	.vf_offset = 4,
	.bar = {
		{ .addr = 0xd2000000ULL, .is_64bit = false },
		{ .addr = 0x38000000000ULL, .is_64bit = true },
		{ .addr = 0x38800000000ULL, .is_64bit = true },
	},
};

static void
boot_vf_info(struct kunit *test)
{
	struct GSP_VF_INFO info;
	const u8 *raw = (const u8 *)&info;

	KUNIT_ASSERT_EQ(test, sizeof(info), 40);

	memset(&info, 0xa5, sizeof(info));
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_vf_info_fill(&boot_sriov, &info), 0);
	KUNIT_EXPECT_EQ(test, rd32(raw, 0), 24);
	KUNIT_EXPECT_EQ(test, rd32(raw, 4), 4);
	KUNIT_EXPECT_EQ(test, rd64(raw, 8), 0xd2000000ULL);
	KUNIT_EXPECT_EQ(test, rd64(raw, 16), 0x38000000000ULL);
	KUNIT_EXPECT_EQ(test, rd64(raw, 24), 0x38800000000ULL);
	KUNIT_EXPECT_EQ(test, raw[32], 0);
	KUNIT_EXPECT_EQ(test, raw[33], 1);
	KUNIT_EXPECT_EQ(test, raw[34], 1);
	/* padding is sent to the firmware too: it must be zero */
	KUNIT_EXPECT_EQ(test, raw[35] | raw[36] | raw[37] | raw[38] | raw[39], 0);
}

static void
boot_vf_info_bad(struct kunit *test)
{
	struct nvkm_vgpu_sriov sriov;
	struct GSP_VF_INFO info;
	static const u8 zero[sizeof(info)];

	sriov = boot_sriov;
	sriov.total_vfs = 0;
	memset(&info, 0xa5, sizeof(info));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_vf_info_fill(&sriov, &info), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(&info, zero, sizeof(info)), 0);

	sriov = boot_sriov;
	sriov.vf_offset = 0;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_vf_info_fill(&sriov, &info), -EINVAL);

	for (int i = 0; i < 3; i++) {
		sriov = boot_sriov;
		sriov.bar[i].addr = 0;
		memset(&info, 0xa5, sizeof(info));
		KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_vf_info_fill(&sriov, &info), -EINVAL);
		KUNIT_EXPECT_EQ(test, memcmp(&info, zero, sizeof(info)), 0);
	}
}

static struct kunit_case boot_cases[] = {
	KUNIT_CASE(boot_partitions),
	KUNIT_CASE(boot_heap_size),
	KUNIT_CASE(boot_vf_info),
	KUNIT_CASE(boot_vf_info_bad),
	{}
};

static struct kunit_suite boot_suite = {
	.name = "nvkm_vgpu_boot",
	.test_cases = boot_cases,
};

kunit_test_suite(boot_suite);
