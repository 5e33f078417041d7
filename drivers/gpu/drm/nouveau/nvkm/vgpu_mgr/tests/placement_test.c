// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of placements and reservations (placement.c) with a fake
 * firmware: the placement geometry of a mixed type table, fragmentation,
 * reservations that make the later create unable to fail for capacity,
 * destroy returning to the reservation, bad input leaving no trace, plugin
 * parameters and status reaching the firmware backend, and the fixed-address
 * pool functions under them.
 */
#include <kunit/test.h>

#include "../priv.h"
#include "lib.h"

#define PL_FB_BASE	(SZ_1G * 4ULL)
#define PL_FB_SIZE	(SZ_1G * 4ULL)
#define PL_SEG		SZ_32M
#define PL_CHID_BASE	512
#define PL_CHID_NR	1536
#define PL_VFS		8
#define PL_PARTS	8
#define PL_UNIT		(SZ_512M + SZ_32M)	/* the smallest footprint */
#define PL_UNITS	7			/* 4 GiB / 544 MiB */

struct pl_fw {
	int start, stop;
	struct nvkm_vgpu_params params;		/* of the last start */
	u64 last_fb, last_heap;
	u32 last_chid;
};

struct pl_env {
	struct nvkm_vgpu_mgr mgr;
	struct pl_fw fw;
	struct nvkm_vgpu_client *client;
};

static struct pl_fw *
pl_fake(struct nvkm_vgpu_mgr *mgr)
{
	return mgr->fw_priv;
}

static int
pl_set_types(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types, unsigned int count)
{
	return 0;
}

static int
pl_start(struct nvkm_vgpu *vgpu)
{
	struct pl_fw *fw = pl_fake(vgpu->mgr);

	fw->start++;
	fw->params = vgpu->params;
	fw->last_fb = vgpu->fb.addr;
	fw->last_heap = vgpu->heap.addr;
	fw->last_chid = vgpu->chid.offset;
	return 0;
}

static int
pl_stop(struct nvkm_vgpu *vgpu)
{
	pl_fake(vgpu->mgr)->stop++;
	return 0;
}

static int
pl_reset(struct nvkm_vgpu *vgpu)
{
	return 0;
}

static int
pl_scrub(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size)
{
	return 0;
}

static int
pl_msg(struct nvkm_vgpu *v, enum nvkm_vgpu_msg m, const void *req, size_t l, void *r, size_t rl)
{
	return 0;
}

static int
pl_status(struct nvkm_vgpu *vgpu, struct nvkm_vgpu_status *status)
{
	status->fb_used = vgpu->fb.size;
	status->channels_used = 3;
	return 0;
}

static const struct nvkm_vgpu_mgr_fw pl_fw_ops = {
	.set_types = pl_set_types,
	.start = pl_start,
	.stop = pl_stop,
	.reset = pl_reset,
	.scrub = pl_scrub,
	.msg = pl_msg,
	.status = pl_status,
};

/* 1, 2 and 4 placement units; M at most 2 instances. */
static const struct nvkm_vgpu_type pl_types[] = {
	{
		.id = 1, .name = "S-0Q", .class_name = "Quadro", .vf_device_id = 0x7e50,
		.max_instances = 8, .fb_size = SZ_512M, .mgmt_heap_size = SZ_32M,
		.bar1_size = SZ_256M,
	}, {
		.id = 2, .name = "M-1Q", .class_name = "Quadro", .vf_device_id = 0x7e50,
		.max_instances = 2, .fb_size = SZ_1G, .mgmt_heap_size = SZ_32M,
		.bar1_size = SZ_256M,
	}, {
		.id = 4, .name = "L-2Q", .class_name = "Quadro", .vf_device_id = 0x7e50,
		.max_instances = 2, .fb_size = SZ_2G, .mgmt_heap_size = SZ_32M,
		.bar1_size = SZ_256M,
	},
};

static int
pl_init(struct kunit *test)
{
	struct pl_env *env;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	nvkm_vgpu_test_subdev(test, &env->mgr, "nvkm-vgpu-placement-test");
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_ctor(&env->mgr, PL_VFS, PL_PARTS), 0);
	env->mgr.fw = &pl_fw_ops;
	env->mgr.fw_priv = &env->fw;
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_setup(&env->mgr, PL_FB_BASE, PL_FB_SIZE, PL_SEG,
						  PL_CHID_BASE, PL_CHID_NR), 0);
	env->client = nvkm_vgpu_core_attach(&env->mgr, NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, env->client);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_set_types(env->client, pl_types,
						       ARRAY_SIZE(pl_types)), 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, PL_VFS), 0);
	nvkm_vgpu_mgr_sriov_end(&env->mgr, PL_VFS);
	test->priv = env;
	return 0;
}

static void
pl_exit(struct kunit *test)
{
	struct pl_env *env = test->priv;

	if (env->client)
		nvkm_vgpu_core_detach(env->client);
	nvkm_vgpu_mgr_teardown(&env->mgr);
	nvkm_vgpu_mgr_dtor(&env->mgr);
}

static int
reserve(struct pl_env *env, u32 vf, u32 type, u32 placement, struct nvkm_vgpu_reservation *r)
{
	struct nvkm_vgpu_reserve_req req = {
		.type_id = type, .num_channels = 64, .placement = placement,
	};

	return nvkm_vgpu_core_reserve(env->client, vf, 0x100 + vf, &req, r);
}

static struct nvkm_vgpu *
create_on(struct pl_env *env, struct nvkm_vgpu_reservation r, u32 type,
	  const struct nvkm_vgpu_params *params)
{
	struct nvkm_vgpu_config config = { .type_id = type, .num_channels = 64 };

	return nvkm_vgpu_core_create_reserved(env->client, r, &config, params);
}

static unsigned long
ids(struct pl_env *env, u32 type, bool creatable)
{
	struct nvkm_vgpu_placements pl;

	if (nvkm_vgpu_core_placements(env->client, type, 64, &pl))
		return ~0UL;
	return creatable ? pl.creatable[0] : pl.supported[0];
}

static void
pl_geometry(struct kunit *test)
{
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_placements pl;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_placements(env->client, 2, 64, &pl), 0);
	KUNIT_EXPECT_EQ(test, pl.unit_size, (u64)PL_UNIT);
	KUNIT_EXPECT_EQ(test, pl.num_units, PL_UNITS);
	KUNIT_EXPECT_EQ(test, pl.size, 2);

	/* a type of size S starts at multiples of S and ends inside */
	KUNIT_EXPECT_EQ(test, ids(env, 1, false), 0x7fUL);
	KUNIT_EXPECT_EQ(test, ids(env, 2, false), BIT(0) | BIT(2) | BIT(4));
	KUNIT_EXPECT_EQ(test, ids(env, 4, false), BIT(0));
	KUNIT_EXPECT_EQ(test, ids(env, 4, true), BIT(0));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_placements(env->client, 3, 64, &pl), -ENOENT);
}

/* Free framebuffer in total is not enough: a placement must be free. */
static void
pl_fragmentation(struct kunit *test)
{
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_reservation r0, r;

	KUNIT_ASSERT_EQ(test, reserve(env, 0, 1, 1, &r0), 0);
	KUNIT_EXPECT_EQ(test, r0.placement, 1);
	/* 6 units (3.2 GiB) free, but L's only placement overlaps unit 1 */
	KUNIT_EXPECT_GT(test, nvkm_vgpu_pool_avail(&env->mgr.fb), (u64)SZ_2G + SZ_32M);
	KUNIT_EXPECT_EQ(test, ids(env, 4, true), 0UL);
	KUNIT_EXPECT_EQ(test, ids(env, 2, true), BIT(2) | BIT(4));
	KUNIT_EXPECT_EQ(test, ids(env, 1, true), 0x7fUL & ~BIT(1));
	KUNIT_EXPECT_EQ(test, reserve(env, 1, 4, NVKM_VGPU_PLACEMENT_ANY, &r), -ENOSPC);
	KUNIT_EXPECT_EQ(test, r.id, 0);

	/* moving the small one away makes room */
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r0, 6), 0);
	KUNIT_EXPECT_EQ(test, r0.placement, 6);
	KUNIT_EXPECT_EQ(test, ids(env, 4, true), BIT(0));
	KUNIT_ASSERT_EQ(test, reserve(env, 1, 4, NVKM_VGPU_PLACEMENT_ANY, &r), 0);
	KUNIT_EXPECT_EQ(test, r.placement, 0);
}

/* Fill the PF with mixed sizes, then create on every reservation. */
static void
pl_fill_then_create(struct kunit *test)
{
	static const u32 want[] = { 4, 2, 1 };	/* 4 + 2 + 1 = 7 units */
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_reservation r[3], extra;
	struct nvkm_vgpu *v[3];
	u64 avail;

	for (int i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, reserve(env, i, want[i], NVKM_VGPU_PLACEMENT_ANY, &r[i]), 0);
	KUNIT_EXPECT_EQ(test, r[0].placement, 0);
	KUNIT_EXPECT_EQ(test, r[1].placement, 4);
	KUNIT_EXPECT_EQ(test, r[2].placement, 6);
	KUNIT_EXPECT_EQ(test, reserve(env, 3, 1, NVKM_VGPU_PLACEMENT_ANY, &extra), -ENOSPC);
	for (int t = 0; t < ARRAY_SIZE(pl_types); t++)
		KUNIT_EXPECT_EQ(test, ids(env, pl_types[t].id, true), 0UL);

	avail = nvkm_vgpu_pool_avail(&env->mgr.fb);
	for (int i = 0; i < 3; i++) {
		v[i] = create_on(env, r[i], want[i], NULL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[i]);
		KUNIT_EXPECT_EQ(test, env->fw.last_fb, PL_FB_BASE + (u64)r[i].placement * PL_UNIT);
		KUNIT_EXPECT_EQ(test, env->fw.last_heap,
				env->fw.last_fb + pl_types[want[i] == 4 ? 2 : want[i] - 1].fb_size);
	}
	/* the vGPUs took nothing from the pools */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), avail);

	/* destroy returns to the reservation, not to the pool */
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_destroy(env->client, nvkm_vgpu_handle(v[1])), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), avail);
	KUNIT_EXPECT_EQ(test, reserve(env, 3, 1, NVKM_VGPU_PLACEMENT_ANY, &extra), -ENOSPC);
	v[1] = create_on(env, r[1], 2, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[1]);

	/* a reservation with a vGPU stays; without, it gives back */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_unreserve(env->client, r[2]), -EBUSY);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_destroy(env->client, nvkm_vgpu_handle(v[2])), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_unreserve(env->client, r[2]), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_unreserve(env->client, r[2]), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), avail + PL_UNIT);
	KUNIT_EXPECT_EQ(test, ids(env, 1, true), BIT(6));
}

static void
pl_bad_input(struct kunit *test)
{
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_reservation r, r2;
	struct nvkm_vgpu_reserve_req req = { .type_id = 1, .num_channels = 0 };
	struct nvkm_vgpu_params bad = { .frame_rate_limiter = 2 };
	struct nvkm_vgpu_config config = { .type_id = 1, .num_channels = 32 };
	u64 avail = nvkm_vgpu_pool_avail(&env->mgr.fb);
	u64 chids = nvkm_vgpu_pool_avail(&env->mgr.chid);

	KUNIT_EXPECT_EQ(test, reserve(env, 0, 2, 1, &r), -EINVAL);	/* not aligned */
	KUNIT_EXPECT_EQ(test, reserve(env, 0, 2, 6, &r), -EINVAL);	/* past the end */
	KUNIT_EXPECT_EQ(test, reserve(env, 0, 1, 7, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, reserve(env, 0, 1, 0x7fffffff, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, reserve(env, 0, 3, 0, &r), -ENOENT);
	KUNIT_EXPECT_EQ(test, reserve(env, PL_VFS, 1, 0, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reserve(env->client, 0, 0, &req, &r), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), avail);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), chids);

	KUNIT_ASSERT_EQ(test, reserve(env, 0, 2, 2, &r), 0);
	KUNIT_EXPECT_EQ(test, reserve(env, 0, 1, 0, &r2), -EBUSY);	/* VF has one */
	KUNIT_EXPECT_EQ(test, reserve(env, 1, 1, 3, &r2), -EBUSY);	/* occupied */
	KUNIT_EXPECT_EQ(test, reserve(env, 1, 2, 2, &r2), -EBUSY);
	KUNIT_ASSERT_EQ(test, reserve(env, 1, 2, 4, &r2), 0);
	KUNIT_EXPECT_EQ(test, reserve(env, 2, 2, 0, &r2), -ENOSPC);	/* instance limit */

	/* moves: invalid and occupied change nothing */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r, 4), -EBUSY);
	KUNIT_EXPECT_EQ(test, r.placement, 2);
	KUNIT_EXPECT_EQ(test, ids(env, 1, true), BIT(0) | BIT(1) | BIT(6));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r, 2), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r, 0), 0);
	KUNIT_EXPECT_EQ(test, r.placement, 0);
	KUNIT_EXPECT_EQ(test, ids(env, 1, true), BIT(2) | BIT(3) | BIT(6));

	/* the type table is fixed while reservations exist */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, pl_types, 1), -EBUSY);

	/* creates that do not match the reservation */
	KUNIT_EXPECT_EQ(test, PTR_ERR(create_on(env, r, 1, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create_on(env, r, 2, &bad)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_core_create_reserved(env->client, r, &config,
								     NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create_on(env, (struct nvkm_vgpu_reservation){ .id = 999 },
						2, NULL)), -ENOENT);
	KUNIT_EXPECT_EQ(test, env->fw.start, 0);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, create_on(env, r, 2, NULL));
	KUNIT_EXPECT_EQ(test, PTR_ERR(create_on(env, r, 2, NULL)), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_resv_move(env->client, &r, 2), -EBUSY);
}

static void
pl_params_status(struct kunit *test)
{
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_params params = { .frame_rate_limiter = 0, .console_vnc = 1, .uvm = 1 };
	struct nvkm_vgpu_reservation r;
	struct nvkm_vgpu_handle h;
	struct nvkm_vgpu_status st;
	struct nvkm_vgpu *v;

	KUNIT_ASSERT_EQ(test, reserve(env, 0, 1, NVKM_VGPU_PLACEMENT_ANY, &r), 0);
	v = create_on(env, r, 1, &params);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v);
	KUNIT_EXPECT_EQ(test, env->fw.params.frame_rate_limiter, 0);
	KUNIT_EXPECT_EQ(test, env->fw.params.console_vnc, 1);
	KUNIT_EXPECT_EQ(test, env->fw.params.uvm, 1);

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_reset(env->client, nvkm_vgpu_handle(v)), 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_reset(env->client, nvkm_vgpu_handle(v)), 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_status(env->client, nvkm_vgpu_handle(v), &st), 0);
	KUNIT_EXPECT_EQ(test, st.resets, 2);
	KUNIT_EXPECT_EQ(test, st.fb_used, (u64)SZ_512M);
	KUNIT_EXPECT_EQ(test, st.channels_used, 3);
	KUNIT_EXPECT_LT(test, st.uptime_ms, 60ULL * 1000);

	/* defaults without parameters: the limiter on, the rest off */
	h = nvkm_vgpu_handle(v);	/* (v is freed by the destroy) */
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_destroy(env->client, h), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_status(env->client, h, &st), -ENOENT);
	v = create_on(env, r, 1, NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v);
	KUNIT_EXPECT_EQ(test, env->fw.params.frame_rate_limiter, 1);
	KUNIT_EXPECT_EQ(test, env->fw.params.console_vnc, 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_status(env->client, nvkm_vgpu_handle(v), &st), 0);
	KUNIT_EXPECT_EQ(test, st.resets, 0);
}

/* A client that detaches gives its reservations back. */
static void
pl_detach(struct kunit *test)
{
	struct pl_env *env = test->priv;
	struct nvkm_vgpu_reservation r;
	struct nvkm_vgpu_client *other;
	struct nvkm_vgpu_reserve_req req = {
		.type_id = 4, .num_channels = 64, .placement = 0,
	};

	other = nvkm_vgpu_core_attach(&env->mgr, NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_reserve(other, 5, 0x105, &req, &r), 0);
	/* not ours */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_unreserve(env->client, r), -ENOENT);
	KUNIT_EXPECT_EQ(test, ids(env, 4, true), 0UL);
	nvkm_vgpu_core_detach(other);
	KUNIT_EXPECT_EQ(test, ids(env, 4, true), BIT(0));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), PL_FB_SIZE);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), PL_CHID_NR);
}

static void
pl_pool_at(struct kunit *test)
{
	struct nvkm_vgpu_pool pool;
	u64 start;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_pool_init(&pool, 0x1000, 0x10000, 0x1000), 0);
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_pool_is_free(&pool, 0x1000, 0x10000));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_pool_is_free(&pool, 0, 0x2000));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_pool_is_free(&pool, 0x10000, 0x2000));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x4000, 0x2000), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x5000, 0x1000), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x3000, 0x2000), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x4800, 0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x10000, 0x2000), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x2000, 0x2000), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc_at(&pool, 0x6000, 0x1000), 0);
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_pool_is_free(&pool, 0x1000, 0x2000));
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_pool_is_free(&pool, 0x1000, 0x1000));
	/* first fit still finds the gaps around fixed ranges, in order */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(&pool, 0x1000, 0, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 0x1000);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_alloc(&pool, 0x1000, 0, &start), 0);
	KUNIT_EXPECT_EQ(test, start, 0x7000);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_free(&pool, 0x4000, 0x2000), 0);
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_pool_is_free(&pool, 0x4000, 0x2000));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&pool), 0x10000 - 0x5000);
	nvkm_vgpu_pool_fini(&pool);
}

static struct kunit_case pl_cases[] = {
	KUNIT_CASE(pl_geometry),
	KUNIT_CASE(pl_fragmentation),
	KUNIT_CASE(pl_fill_then_create),
	KUNIT_CASE(pl_bad_input),
	KUNIT_CASE(pl_params_status),
	KUNIT_CASE(pl_detach),
	KUNIT_CASE(pl_pool_at),
	{}
};

static struct kunit_suite pl_suite = {
	.name = "nvkm_vgpu_placement",
	.init = pl_init,
	.exit = pl_exit,
	.test_cases = pl_cases,
};

kunit_test_suite(pl_suite);
