// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of the range allocator behind the vGPU channel-ID and
 * framebuffer pools: edges, exhaustion, reuse, fragmentation, misuse.
 */
#include <kunit/test.h>

#include "../priv.h"

static void
pool_exit(struct kunit *test)
{
	nvkm_vgpu_pool_fini(test->priv);
}

static int
pool_test_init(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool;

	pool = kunit_kzalloc(test, sizeof(*pool), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pool);
	INIT_LIST_HEAD(&pool->ranges);
	test->priv = pool;
	return 0;
}

static u64
alloc_ok(struct kunit *test, u64 size, u64 align)
{
	u64 start = ~0ULL;

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(test->priv, size, align, &start), 0);
	return start;
}

static void
pool_init_bad(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 16, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 16, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 0, 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, 8, 32, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 24, 16), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_init(pool, U64_MAX - 7, 16, 1), -EINVAL);
	/* An empty pool refuses everything. */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1, 1, &(u64){0}), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 0);
}

static void
pool_alloc_bad(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start = 42;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 256, 16), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 0, 1, &start), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 8, 1, &start), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 16, 24, &start), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 272, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, start, 42);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 256);
}

/* Offset 0, the last ID, an exact fit and exhaustion. */
static void
pool_edges(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 16, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 14, 1), 1);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1, 1), 15);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 0);

	/* The last ID alone comes back and goes out again. */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 15, 1), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 1);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 2, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1, 1), 15);

	/* So does offset 0. */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 0, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1, 1), 0);
}

static void
pool_exact_fit(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 512, 1536, 1), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 1536);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1536, 1), 512);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 1536), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1537, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1536, 1), 512);
}

/*
 * The channel pool of the 2024 RFC: IDs 512-2047 in blocks of 512. Its
 * reserve covered 512-1535 only, and its free did nothing for an offset at
 * or above the count; every block must come back and be reusable here.
 */
static void
pool_chid_blocks(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 512, 1536, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 512, 1), 512);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 512, 1), 1024);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 512, 1), 1536);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1, 1, &start), -ENOSPC);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 1536, 512), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 1024, 512), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 1024);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 1024);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 1024, 1), 1024);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 512), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 1024, 1024), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 1536);
}

/* Freed ranges are reused first-fit; a bigger request goes past them. */
static void
pool_reuse(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 100, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 10, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 20, 1), 10);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 30, 1), 30);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 10, 20), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 25, 1), 60);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 15, 1), 10);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 5, 1), 25);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 15, 1), 85);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 0);
}

/* Enough in total is not enough in one piece. */
static void
pool_fragmentation(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start;
	int i;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 0, 64, 1), 0);
	for (i = 0; i < 8; i++)
		KUNIT_EXPECT_EQ(test, alloc_ok(test, 8, 1), i * 8);
	for (i = 0; i < 8; i += 2)
		KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, i * 8, 8), 0);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 32);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 8);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 9, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 8, 1), 0);

	/* Joining two neighbours makes room again. */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 40, 8), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 24);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 24, 1), 32);
}

/* Double free, free of something never allocated or of part of it. */
static void
pool_bad_free(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, 512, 1536, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 100, 1), 512);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 100, 1), 612);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 0, 100), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 712, 100), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 50), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 562, 50), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 200), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 1336);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 100), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, 512, 100), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 1436);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 100, 1), 512);
}

/* Framebuffer: absolute alignment to the VMMU segment, gaps it leaves. */
static void
pool_fb_align(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, SZ_32M, SZ_256M, SZ_32M), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, SZ_64M, SZ_64M), SZ_64M);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, SZ_32M, SZ_32M), SZ_32M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, SZ_64M), SZ_128M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, SZ_32M), SZ_128M + SZ_32M);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, SZ_128M, SZ_128M), SZ_128M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, SZ_64M, SZ_64M, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, SZ_32M, SZ_32M), SZ_256M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(pool), 0);
}

/* A span ending at the top of the address space must not wrap. */
static void
pool_top(struct kunit *test)
{
	struct nvkm_vgpu_pool *pool = test->priv;
	const u64 base = U64_MAX - 15;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(pool, base, 16, 1), 0);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 8, 8), base);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 8, 8), base + 8);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 1, 1, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(pool, base + 8, 8), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(pool, 8, 16, &start), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_largest(pool, 1), 8);
	KUNIT_EXPECT_EQ(test, alloc_ok(test, 8, 1), base + 8);
}

static struct kunit_case pool_cases[] = {
	KUNIT_CASE(pool_init_bad),
	KUNIT_CASE(pool_alloc_bad),
	KUNIT_CASE(pool_edges),
	KUNIT_CASE(pool_exact_fit),
	KUNIT_CASE(pool_chid_blocks),
	KUNIT_CASE(pool_reuse),
	KUNIT_CASE(pool_fragmentation),
	KUNIT_CASE(pool_bad_free),
	KUNIT_CASE(pool_fb_align),
	KUNIT_CASE(pool_top),
	{}
};

static struct kunit_suite pool_suite = {
	.name = "nvkm_vgpu_pool",
	.init = pool_test_init,
	.exit = pool_exit,
	.test_cases = pool_cases,
};

kunit_test_suite(pool_suite);
