// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * KUnit tests of the vGPU manager's API behaviour, with a fake firmware:
 * capacity, type tables, creation up to and beyond capacity, misuse
 * (double destroy, unknown handles), SR-IOV reconfiguration while vGPUs
 * exist, and event routing.
 */
#include <kunit/test.h>

#include <drm/drm_fourcc.h>

#include <linux/completion.h>
#include <linux/kthread.h>

#include "../priv.h"
#include "lib.h"

#define CORE_FB_BASE	(SZ_1G * 4ULL)
#define CORE_FB_SIZE	(SZ_1G * 4ULL)
#define CORE_SEG	SZ_32M
#define CORE_CHID_BASE	512
#define CORE_CHID_NR	1536
#define CORE_VFS	8
#define CORE_PARTS	4

#define FAKE_SCRUBS	8

struct fake_fw {
	int set_types, start, stop, reset, msg;
	int start_ret, stop_ret, scrub_ret;
	bool start_unknown;		/* a failed start leaves the firmware unsure */
	/* when set, the start of VF 0 signals started and waits for release */
	struct completion *started, *release;
	int scrub;			/* number of scrub calls */
	int start_scrubs;		/* scrub calls seen when start was called */
	struct { u64 addr, size; } scrubbed[FAKE_SCRUBS];
	u32 last_msg;
	u8 last_bm;
	int planes;			/* query_plane calls */
	int plane_ret;
	struct nvkm_vgpu_plane plane;	/* what query_plane reports */
};

struct core_env {
	struct nvkm_vgpu_mgr mgr;
	struct fake_fw fw;
	struct nvkm_vgpu_client *client;
};

static struct fake_fw *
fake(struct nvkm_vgpu_mgr *mgr)
{
	return mgr->fw_priv;
}

static int
fake_set_types(struct nvkm_vgpu_mgr *mgr, const struct nvkm_vgpu_type *types,
	       unsigned int count)
{
	fake(mgr)->set_types++;
	return 0;
}

static int
fake_start(struct nvkm_vgpu *vgpu)
{
	struct fake_fw *fw = fake(vgpu->mgr);

	fw->start++;
	fw->start_scrubs = fw->scrub;
	if (vgpu->vf == 0 && fw->release) {
		complete(fw->started);
		wait_for_completion(fw->release);
	}
	if (fw->start_ret && fw->start_unknown)
		set_bit(NVKM_VGPU_FW_UNKNOWN, &vgpu->flags);
	return fw->start_ret;
}

static int
fake_stop(struct nvkm_vgpu *vgpu)
{
	struct fake_fw *fw = fake(vgpu->mgr);

	fw->stop++;
	return fw->stop_ret;
}

static int
fake_reset(struct nvkm_vgpu *vgpu)
{
	fake(vgpu->mgr)->reset++;
	return 0;
}

static int
fake_msg(struct nvkm_vgpu *vgpu, enum nvkm_vgpu_msg msg, const void *req,
	 size_t req_size, void *reply, size_t reply_size)
{
	struct fake_fw *fw = fake(vgpu->mgr);
	const struct nvkm_vgpu_msg_bus_master *bm = req;

	fw->msg++;
	fw->last_msg = msg;
	fw->last_bm = bm->enable;
	return 0;
}

static int
fake_query_plane(struct nvkm_vgpu *vgpu, u32 head, struct nvkm_vgpu_plane *plane)
{
	struct fake_fw *fw = fake(vgpu->mgr);

	fw->planes++;
	*plane = fw->plane;
	return fw->plane_ret;
}

static int
fake_scrub(struct nvkm_vgpu_mgr *mgr, u64 addr, u64 size)
{
	struct fake_fw *fw = fake(mgr);

	if (fw->scrub < FAKE_SCRUBS) {
		fw->scrubbed[fw->scrub].addr = addr;
		fw->scrubbed[fw->scrub].size = size;
	}
	fw->scrub++;
	return fw->scrub_ret;
}

static const struct nvkm_vgpu_mgr_fw fake_fw_ops = {
	.set_types = fake_set_types,
	.start = fake_start,
	.stop = fake_stop,
	.reset = fake_reset,
	.scrub = fake_scrub,
	.msg = fake_msg,
	.query_plane = fake_query_plane,
};

/* a firmware backend that cannot report planes */
static const struct nvkm_vgpu_mgr_fw fake_fw_noplane_ops = {
	.set_types = fake_set_types,
	.start = fake_start,
	.stop = fake_stop,
	.reset = fake_reset,
	.scrub = fake_scrub,
	.msg = fake_msg,
};

/* Two types: A of 1 GiB (at most 2), B of 2 GiB (at most 4). */
static const struct nvkm_vgpu_type core_types[] = {
	{
		.id = 10, .name = "A-1Q", .class_name = "Quadro",
		.vf_device_id = 0x7e51, .vf_subsystem_id = 0x0001, .pf_device_id = 0x7e50,
		.max_instances = 2, .num_heads = 1, .fb_size = SZ_1G,
		.max_resolution_x = 1920, .max_resolution_y = 1200,
		.mgmt_heap_size = SZ_16M, .bar1_size = SZ_256M,
	}, {
		.id = 20, .name = "B-2C", .class_name = "Compute",
		.vf_device_id = 0x7e51, .vf_subsystem_id = 0x0002, .pf_device_id = 0x7e50,
		.max_instances = 4, .fb_size = SZ_2G, .mgmt_heap_size = SZ_32M,
		.bar1_size = SZ_512M, .flags = NVKM_VGPU_TYPE_CUDA,
	},
};

static int
core_init(struct kunit *test)
{
	struct core_env *env;

	env = kunit_kzalloc(test, sizeof(*env), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, env);
	nvkm_vgpu_test_subdev(test, &env->mgr, "nvkm-vgpu-test");
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_ctor(&env->mgr, CORE_VFS, CORE_PARTS), 0);
	env->mgr.fw = &fake_fw_ops;
	env->mgr.fw_priv = &env->fw;
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_setup(&env->mgr, CORE_FB_BASE, CORE_FB_SIZE,
						  CORE_SEG, CORE_CHID_BASE, CORE_CHID_NR), 0);

	env->client = nvkm_vgpu_core_attach(&env->mgr, NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, env->client);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_set_types(env->client, core_types,
						       ARRAY_SIZE(core_types)), 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, CORE_VFS), 0);
	nvkm_vgpu_mgr_sriov_end(&env->mgr, CORE_VFS);

	test->priv = env;
	return 0;
}

static void
core_exit(struct kunit *test)
{
	struct core_env *env = test->priv;

	if (env->client)
		nvkm_vgpu_core_detach(env->client);
	nvkm_vgpu_mgr_teardown(&env->mgr);
	nvkm_vgpu_mgr_dtor(&env->mgr);
}

/* The handle of a live vGPU (only while it is alive). */
static struct nvkm_vgpu_handle
hnd(const struct nvkm_vgpu *vgpu)
{
	return nvkm_vgpu_handle(vgpu);
}

static struct nvkm_vgpu *
create(struct core_env *env, u32 vf, u32 type, u32 chids)
{
	struct nvkm_vgpu_config config = {
		.type_id = type,
		.num_channels = chids,
	};

	return nvkm_vgpu_core_create(env->client, vf, 0x100 + vf, &config);
}

static struct nvkm_vgpu *
create_fb(struct core_env *env, u32 vf, u32 type, u32 chids, u64 fb_size)
{
	struct nvkm_vgpu_config config = {
		.type_id = type,
		.num_channels = chids,
		.fb_size = fb_size,
	};

	return nvkm_vgpu_core_create(env->client, vf, 0x100 + vf, &config);
}

static void
core_attach(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_client *other;
	struct nvkm_vgpu_mgr_caps caps;

	u32 next_major = (NVKM_VGPU_MGR_API_MAJOR + 1) << 16;

	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_core_attach(&env->mgr, next_major)),
			-EPROTONOSUPPORT);
	other = nvkm_vgpu_core_attach(&env->mgr, NVKM_VGPU_MGR_API_VERSION + 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	nvkm_vgpu_core_detach(other);

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query(env->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.fb_total, CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, caps.fb_free, CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, caps.fb_largest, CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, caps.fb_align, CORE_SEG);
	KUNIT_EXPECT_EQ(test, caps.chids_total, CORE_CHID_NR);
	KUNIT_EXPECT_EQ(test, caps.chids_free, CORE_CHID_NR);
	KUNIT_EXPECT_EQ(test, caps.max_vgpus, CORE_PARTS);
	KUNIT_EXPECT_EQ(test, caps.total_vfs, CORE_VFS);
	KUNIT_EXPECT_EQ(test, caps.num_vfs, CORE_VFS);
	KUNIT_EXPECT_EQ(test, caps.num_types, 2);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 0);
}

static void
core_not_ready(struct kunit *test)
{
	struct nvkm_vgpu_mgr mgr = {};
	struct nvkm_vgpu_mgr_caps caps;
	struct nvkm_vgpu_client *client;

	nvkm_vgpu_test_subdev(test, &mgr, "nvkm-vgpu-test-down");
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_ctor(&mgr, 2, 2), 0);
	mgr.fw = &fake_fw_ops;
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_core_attach(&mgr, NVKM_VGPU_MGR_API_VERSION)),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&mgr, 1), -ENODEV);

	/* A client of a manager that goes down gets -ENODEV, detach works. */
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_setup(&mgr, 0, SZ_1G, SZ_32M, 512, 16), 0);
	client = nvkm_vgpu_core_attach(&mgr, NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, client);
	mutex_lock(&mgr.mutex);
	mgr.ready = false;
	mutex_unlock(&mgr.mutex);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query(client, &caps), -ENODEV);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(client, core_types, 1), -ENODEV);
	nvkm_vgpu_core_detach(client);
	nvkm_vgpu_mgr_teardown(&mgr);
	nvkm_vgpu_mgr_dtor(&mgr);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_ctor(&mgr, 2, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_ctor(&mgr, 2, 0), -EINVAL);
}

static void
core_types_table(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_type bad[2] = { core_types[0], core_types[0] };
	struct nvkm_vgpu *vgpu;

	/* loaded once by core_init; the same table again costs nothing */
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 1);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, core_types, 2), 0);
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 1);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, bad, 2), -EINVAL);
	bad[1].id = 11;
	bad[1].bar1_size = SZ_1M + 1;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, bad, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, core_types,
						       NVKM_VGPU_MAX_TYPES + 1), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 1);

	vgpu = create(env, 0, 10, 64);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vgpu);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, core_types, 1), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, core_types, 2), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(vgpu)), 0);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, &core_types[1], 1), 0);
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 2);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 10, 64)), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 3);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 20, 64)), -ENOENT);
}

/*
 * The same table with other bytes in the struct padding and after the
 * strings' NULs is the same table: loaded once, accepted while vGPUs exist.
 */
static void
core_types_padding(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_type *copy;
	struct nvkm_vgpu *a;
	size_t pad = offsetofend(struct nvkm_vgpu_type, pf_device_id);

	KUNIT_ASSERT_LT(test, pad, offsetof(struct nvkm_vgpu_type, max_instances));
	copy = kunit_kmalloc_array(test, 2, sizeof(*copy), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	memset(copy, 0xa5, 2 * sizeof(*copy));
	for (int i = 0; i < 2; i++) {
		u8 *p = (u8 *)&copy[i];

		memcpy(p, &core_types[i], pad);
		memcpy(p + offsetof(struct nvkm_vgpu_type, max_instances),
		       &core_types[i].max_instances,
		       sizeof(*copy) - offsetof(struct nvkm_vgpu_type, max_instances));
		/* and garbage after the NUL of the name */
		memset(copy[i].name + strlen(copy[i].name) + 1, 'x', 2);
	}

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_set_types(env->client, copy, 2), 0);
	KUNIT_EXPECT_EQ(test, env->fw.set_types, 1);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

static void
core_create_destroy(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvkm_vgpu *a, *b;

	a = create(env, 0, 10, 100);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = create(env, 1, 20, 200);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_EQ(test, env->fw.start, 2);

	KUNIT_EXPECT_EQ(test, a->gfid, 1);
	KUNIT_EXPECT_EQ(test, b->gfid, 2);
	KUNIT_EXPECT_EQ(test, a->dbdf, 0x100);
	KUNIT_EXPECT_EQ(test, a->fb.size, (u64)SZ_1G);
	KUNIT_EXPECT_EQ(test, a->heap.size, (u64)CORE_SEG);	/* 16 MiB, rounded up */
	KUNIT_EXPECT_EQ(test, b->fb.size, (u64)SZ_2G);
	KUNIT_EXPECT_EQ(test, a->fb.addr % CORE_SEG, 0);
	KUNIT_EXPECT_EQ(test, b->fb.addr % CORE_SEG, 0);
	KUNIT_EXPECT_TRUE(test, a->fb.addr + a->fb.size <= b->fb.addr ||
			  b->fb.addr + b->fb.size <= a->fb.addr);
	KUNIT_EXPECT_EQ(test, a->chid.offset, CORE_CHID_BASE);
	KUNIT_EXPECT_EQ(test, b->chid.offset, CORE_CHID_BASE + 100);

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query(env->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 2);
	KUNIT_EXPECT_EQ(test, caps.fb_free, CORE_FB_SIZE - SZ_1G - SZ_2G - SZ_32M - SZ_32M);
	KUNIT_EXPECT_EQ(test, caps.chids_free, CORE_CHID_NR - 300);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), 0);
	KUNIT_EXPECT_EQ(test, env->fw.stop, 2);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query(env->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 0);
	KUNIT_EXPECT_EQ(test, caps.fb_free, CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, caps.chids_free, CORE_CHID_NR);

	/* An explicit FB size is rounded up to the segment. */
	a = create(env, 2, 10, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	a = create_fb(env, 2, 10, 1, SZ_32M + 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, a->fb.size, (u64)SZ_64M);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

static void
core_destroy_misuse(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_client *other;
	struct nvkm_vgpu_handle ha, hb;
	struct nvkm_vgpu *a, *b;

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	ha = hnd(a);

	/* a vGPU of another client is unknown to this one, and vice versa */
	other = nvkm_vgpu_core_attach(&env->mgr, NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(other, hnd(a)), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(other, hnd(a)), -ENOENT);
	b = nvkm_vgpu_core_create(other, 1, 0, &(struct nvkm_vgpu_config){
					  .type_id = 20, .num_channels = 8 });
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), -ENOENT);

	hb = (struct nvkm_vgpu_handle){};
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hb), -ENOENT);
	hb.id = ha.id + 1000;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hb), -ENOENT);
	KUNIT_EXPECT_EQ(test, env->fw.stop, 0);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, ha), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, ha), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, ha), -ENOENT);
	KUNIT_EXPECT_EQ(test, env->fw.stop, 1);

	/* detaching a client destroys what it left behind */
	nvkm_vgpu_core_detach(other);
	KUNIT_EXPECT_EQ(test, env->fw.stop, 2);
	KUNIT_EXPECT_EQ(test, env->mgr.num_vgpus, 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), CORE_FB_SIZE);
}

static void
core_create_bad(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *a;

	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 0, 8)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 10, 0)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_core_create(env->client, 0, 0, NULL)), -EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 99, 8)), -ENOENT);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, CORE_VFS, 10, 8)), -EINVAL);
	/* an enabled VF without a GSP partition */
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, CORE_PARTS, 10, 8)), -ENOSPC);

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 20, 8)), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, env->fw.start, 1);
}

static void
core_capacity(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *v[4];

	/* type A allows 2 instances */
	v[0] = create(env, 0, 10, 8);
	v[1] = create(env, 1, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[0]);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[1]);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 2, 10, 8)), -ENOSPC);

	/* 4 GiB - 2 * (1 GiB + 32 MiB) leaves < 2 GiB + 32 MiB for type B */
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 2, 20, 8)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(v[1])), 0);
	v[1] = create(env, 1, 20, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[1]);

	/* channel IDs: everything that is left, then one more */
	v[2] = create_fb(env, 2, 10, CORE_CHID_NR - 16, SZ_32M);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, v[2]);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create_fb(env, 3, 20, 1, SZ_32M)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 3, 20, CORE_CHID_NR + 1)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), 0);

	/* nothing leaked by the refusals */
	for (int i = 0; i < 3; i++)
		KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(v[i])), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), CORE_CHID_NR);
}

static void
core_fw_errors(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *a;

	/* a failed start hands everything back */
	env->fw.start_ret = -EIO;
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 10, 8)), -EIO);
	KUNIT_EXPECT_EQ(test, env->mgr.num_vgpus, 0);
	KUNIT_EXPECT_PTR_EQ(test, env->mgr.vgpu[0], NULL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), CORE_CHID_NR);
	env->fw.start_ret = 0;

	/* a failed stop keeps the FB and channels out of use, frees the VF */
	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	env->fw.stop_ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	env->fw.stop_ret = 0;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb),
			CORE_FB_SIZE - SZ_1G - CORE_SEG);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), CORE_CHID_NR - 8);
	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

/*
 * A start that leaves the firmware's state unknown keeps the resources
 * reserved, and the VF can take a new vGPU elsewhere.
 */
static void
core_fw_unknown(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *a;

	env->fw.start_ret = -ETIMEDOUT;
	env->fw.start_unknown = true;
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 0, 10, 8)), -ETIMEDOUT);
	env->fw.start_ret = 0;
	KUNIT_EXPECT_EQ(test, env->mgr.num_vgpus, 0);
	KUNIT_EXPECT_PTR_EQ(test, env->mgr.vgpu[0], NULL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb),
			CORE_FB_SIZE - SZ_1G - CORE_SEG);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.chid), CORE_CHID_NR - 8);

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb),
			CORE_FB_SIZE - SZ_1G - CORE_SEG);
}

/*
 * A plugin CRASHED event makes the vGPU dead: resets and messages fail with
 * -EIO without reaching the firmware, destroy works and frees everything.
 */
static void
core_dead(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_event_info crashed = {
		.event = NVKM_VGPU_EVENT_PLUGIN,
		.plugin = NVKM_VGPU_PLUGIN_CRASHED,
	};
	struct nvkm_vgpu_msg_bus_master bm = { .enable = 1 };
	struct nvkm_vgpu *a, *b;

	a = create(env, 0, 10, 8);
	b = create(env, 1, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);

	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 1, &crashed));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, hnd(a)), -EIO);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, sizeof(bm), NULL, 0), -EIO);
	KUNIT_EXPECT_EQ(test, env->fw.reset, 0);
	KUNIT_EXPECT_EQ(test, env->fw.msg, 0);

	/* the other vGPU is unaffected */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, hnd(b)), 0);
	KUNIT_EXPECT_EQ(test, env->fw.reset, 1);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, env->fw.stop, 1);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_pool_avail(&env->mgr.fb), CORE_FB_SIZE);

	/* a new vGPU on the VF is alive */
	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

/*
 * A handle names one vGPU only: once it is destroyed, the handle is -ENOENT
 * for every call, also when a new vGPU reuses the same memory, VF and slot.
 */
static void
stale_fn(void *priv, const struct nvkm_vgpu_event_info *info)
{
}

static void
core_stale_handle(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_msg_bus_master bm = { .enable = 1 };
	struct nvkm_vgpu_handle stale;
	struct nvkm_vgpu *a, *b;
	int tries;

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	stale = hnd(a);
	KUNIT_EXPECT_NE(test, stale.id, 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, stale), 0);

	/*
	 * The allocator hands the same memory out again (most often at once;
	 * never with KASAN, whose quarantine delays reuse). The last one
	 * created stays, whether it reused the memory or not.
	 */
	for (tries = 0; ; tries++) {
		b = create(env, 0, 10, 8);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);
		if (b == a || tries == 63)
			break;
		KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), 0);
	}
	if (b != a)
		kunit_info(test, "no vGPU reused the destroyed one's memory\n");

	KUNIT_EXPECT_NE(test, hnd(b).id, stale.id);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, stale), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, stale, NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, sizeof(bm), NULL, 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, stale, 1, stale_fn, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, stale), -ENOENT);
	KUNIT_EXPECT_EQ(test, env->fw.reset, 0);
	KUNIT_EXPECT_EQ(test, env->fw.msg, 0);
	/* the live one is untouched */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, hnd(b)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), 0);
}

/* A vGPU is given no more framebuffer than its type. */
static void
core_fb_limit(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_config config = { .type_id = 10, .num_channels = 8 };

	/* more FB than the type gives */
	config.fb_size = SZ_1G + 1;
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_core_create(env->client, 0, 0, &config)), -EINVAL);
}

static void
core_sriov(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *a;

	a = create(env, 1, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, 0), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, 0), -EBUSY);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 1, 10, 8)), -EBUSY);
	nvkm_vgpu_mgr_sriov_end(&env->mgr, 0);
	KUNIT_EXPECT_EQ(test, PTR_ERR(create(env, 1, 10, 8)), -EINVAL);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_sriov_begin(&env->mgr, 2), 0);
	nvkm_vgpu_mgr_sriov_end(&env->mgr, 2);
	a = create(env, 1, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

static void
core_msg(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_msg_bus_master bm = { .enable = 1 };
	struct nvkm_vgpu_handle ha;
	struct nvkm_vgpu *a;

	a = create(env, 0, 10, 8);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, sizeof(bm), NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, env->fw.msg, 1);
	KUNIT_EXPECT_EQ(test, env->fw.last_bm, 1);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_NR,
						 &bm, sizeof(bm), NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, 1, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_BUS_MASTER,
						 NULL, sizeof(bm), NULL, 0), -EINVAL);
	bm.enable = 2;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, hnd(a), NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, sizeof(bm), NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->fw.msg, 1);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_reset(env->client, hnd(a)), 0);
	KUNIT_EXPECT_EQ(test, env->fw.reset, 1);
	ha = hnd(a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, ha), 0);
	bm.enable = 0;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_msg(env->client, ha, NVKM_VGPU_MSG_BUS_MASTER,
						 &bm, sizeof(bm), NULL, 0), -ENOENT);
}

/* A valid report: 1024x768 XRGB8888 at 1 MiB, generation 5. */
static const struct nvkm_vgpu_plane plane_ok = {
	.enabled = true, .drm_format = DRM_FORMAT_XRGB8888, .fb_offset = SZ_1M,
	.width = 1024, .height = 768, .stride = 4096, .generation = 5,
};

/* One report the manager must refuse with -EIO, leaving *out alone. */
static void
plane_refused(struct kunit *test, struct core_env *env, struct nvkm_vgpu *a,
	      struct nvkm_vgpu_plane bad, const char *what)
{
	struct nvkm_vgpu_plane out = { .generation = 0xdead };

	env->fw.plane = bad;
	KUNIT_EXPECT_EQ_MSG(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &out),
			    -EIO, "%s", what);
	KUNIT_EXPECT_EQ_MSG(test, out.generation, 0xdead, "%s", what);
	KUNIT_EXPECT_FALSE_MSG(test, out.enabled, "%s", what);
}

static void
core_plane(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_plane p, bad;
	struct nvkm_vgpu_handle ha;
	struct nvkm_vgpu *a, *b;
	int calls;

	a = create(env, 0, 10, 8);		/* 1 GiB, 1 head, 1920x1200 */
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	b = create(env, 1, 20, 8);		/* no heads */
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);

	env->fw.plane = plane_ok;
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p), 0);
	KUNIT_EXPECT_TRUE(test, p.enabled);
	KUNIT_EXPECT_EQ(test, p.drm_format, DRM_FORMAT_XRGB8888);
	KUNIT_EXPECT_EQ(test, p.fb_offset, SZ_1M);
	KUNIT_EXPECT_EQ(test, p.width, 1024);
	KUNIT_EXPECT_EQ(test, p.height, 768);
	KUNIT_EXPECT_EQ(test, p.stride, 4096);
	KUNIT_EXPECT_EQ(test, p.generation, 5);
	KUNIT_EXPECT_EQ(test, env->fw.planes, 1);

	/* heads the type does not have: refused before the firmware */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 1, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(b), 0, &p), -EINVAL);
	KUNIT_EXPECT_EQ(test, env->fw.planes, 1);

	/* the largest surface that fits: the end of the FB, the type's size */
	bad = plane_ok;
	bad.width = 1920;
	bad.height = 1200;
	bad.stride = SZ_64K;
	bad.fb_offset = SZ_1G - (u64)SZ_64K * 1200;
	env->fw.plane = bad;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p), 0);

	/* every field the firmware could get wrong */
	bad = plane_ok;
	bad.drm_format = DRM_FORMAT_ARGB8888;
	plane_refused(test, env, a, bad, "format");
	bad = plane_ok;
	bad.drm_format = 0;
	plane_refused(test, env, a, bad, "no format");
	bad = plane_ok;
	bad.width = 0;
	plane_refused(test, env, a, bad, "width 0");
	bad = plane_ok;
	bad.height = 0;
	plane_refused(test, env, a, bad, "height 0");
	bad = plane_ok;
	bad.width = 1921;
	bad.stride = 8192;
	plane_refused(test, env, a, bad, "wider than the type");
	bad = plane_ok;
	bad.height = 1201;
	plane_refused(test, env, a, bad, "higher than the type");
	bad = plane_ok;
	bad.stride = 4092;
	plane_refused(test, env, a, bad, "stride below width * 4");
	bad = plane_ok;
	bad.stride = 4098;
	plane_refused(test, env, a, bad, "stride not a multiple of 4");
	bad = plane_ok;
	bad.stride = SZ_64K + 4;
	plane_refused(test, env, a, bad, "stride above 64 KiB");
	bad = plane_ok;
	bad.fb_offset = SZ_1M + 0x800;
	plane_refused(test, env, a, bad, "offset not 4 KiB aligned");
	bad = plane_ok;
	bad.fb_offset = SZ_1G - 4096ULL * 768 + SZ_4K;
	plane_refused(test, env, a, bad, "one page past the FB");
	bad = plane_ok;
	bad.fb_offset = SZ_1G;
	plane_refused(test, env, a, bad, "at the end of the FB");
	bad = plane_ok;
	bad.fb_offset = U64_MAX & ~(u64)(SZ_4K - 1);
	plane_refused(test, env, a, bad, "offset + size wraps");
	bad = (struct nvkm_vgpu_plane){ .enabled = false, .fb_offset = SZ_4K };
	plane_refused(test, env, a, bad, "disabled with an offset");
	bad = (struct nvkm_vgpu_plane){ .enabled = false, .width = 1 };
	plane_refused(test, env, a, bad, "disabled with a size");

	/* disabled: only the generation */
	env->fw.plane = (struct nvkm_vgpu_plane){ .generation = 7 };
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p), 0);
	KUNIT_EXPECT_FALSE(test, p.enabled);
	KUNIT_EXPECT_EQ(test, p.generation, 7);

	/* firmware errors pass through, a dead vGPU is not asked */
	env->fw.plane_ret = -ETIMEDOUT;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p),
			-ETIMEDOUT);
	env->fw.plane_ret = 0;
	calls = env->fw.planes;
	set_bit(NVKM_VGPU_DEAD, &a->flags);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p), -EIO);
	KUNIT_EXPECT_EQ(test, env->fw.planes, calls);
	clear_bit(NVKM_VGPU_DEAD, &a->flags);

	/* a backend without plane reports */
	env->mgr.fw = &fake_fw_noplane_ops;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, hnd(a), 0, &p),
			-EOPNOTSUPP);
	env->mgr.fw = &fake_fw_ops;

	ha = hnd(a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, ha), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query_plane(env->client, ha, 0, &p), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b)), 0);
}

struct event_sink {
	struct completion done;
	struct nvkm_vgpu_event_info last;
	int count;
};

static void
event_fn(void *priv, const struct nvkm_vgpu_event_info *info)
{
	struct event_sink *sink = priv;

	sink->last = *info;
	sink->count++;
	complete(&sink->done);
}

static void
core_events(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_event_info rc = { .event = NVKM_VGPU_EVENT_RC, .error = 31 };
	struct nvkm_vgpu_event_info plugin = {
		.event = NVKM_VGPU_EVENT_PLUGIN,
		.plugin = NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED,
	};
	struct nvkm_vgpu_event_info mmu = { .event = NVKM_VGPU_EVENT_MMU_FAULT };
	struct event_sink sink = {};
	struct nvkm_vgpu_handle hb;
	struct nvkm_vgpu *a, *b;

	init_completion(&sink.done);
	a = create(env, 0, 10, 100);
	b = create(env, 2, 10, 100);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hnd(b), 0, event_fn, &sink),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hnd(b),
						       BIT(NVKM_VGPU_EVENT_NR), event_fn, &sink),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hnd(b), 1, NULL, &sink),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hnd(b),
						       BIT(NVKM_VGPU_EVENT_RC) |
						       BIT(NVKM_VGPU_EVENT_PLUGIN),
						       event_fn, &sink), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hnd(b), 1, event_fn, &sink),
			-EBUSY);

	/* by GFID: b is VF 2, GFID 3 */
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 3, &plugin));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&sink.done, HZ * 5), 0);
	KUNIT_EXPECT_EQ(test, sink.last.event, NVKM_VGPU_EVENT_PLUGIN);
	KUNIT_EXPECT_EQ(test, sink.last.plugin, NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED);
	KUNIT_EXPECT_TRUE(test, test_bit(NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED, &b->plugin_seen));
	KUNIT_EXPECT_FALSE(test, test_bit(NVKM_VGPU_PLUGIN_GUEST_DRIVER_LOADED, &a->plugin_seen));

	/* by channel: b owns 612-711 and sees them as 0-99 */
	reinit_completion(&sink.done);
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_chid(&env->mgr, 700, &rc));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&sink.done, HZ * 5), 0);
	KUNIT_EXPECT_EQ(test, sink.last.event, NVKM_VGPU_EVENT_RC);
	KUNIT_EXPECT_EQ(test, sink.last.chid, 700 - b->chid.offset);
	KUNIT_EXPECT_EQ(test, sink.last.error, 31);

	/* nobody owns these */
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 0, &plugin));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 2, &plugin));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, CORE_PARTS + 1, &plugin));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_chid(&env->mgr, 100, &rc));
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_chid(&env->mgr, 712, &rc));

	/* masked out, routed to a (no subscriber), then unsubscribed */
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 3, &mmu));
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_chid(&env->mgr, 512, &rc));
	flush_workqueue(env->mgr.wq);
	KUNIT_EXPECT_EQ(test, sink.count, 2);
	nvkm_vgpu_core_unsubscribe(env->client, hnd(b));
	KUNIT_EXPECT_TRUE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 3, &plugin));
	flush_workqueue(env->mgr.wq);
	KUNIT_EXPECT_EQ(test, sink.count, 2);

	/* a destroyed vGPU receives nothing */
	hb = hnd(b);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hb), 0);
	KUNIT_EXPECT_FALSE(test, nvkm_vgpu_mgr_event_gfid(&env->mgr, 3, &plugin));
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_subscribe(env->client, hb, 1, event_fn, &sink),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

/* A new vGPU's FB and heap are scrubbed, before its firmware starts. */
static void
core_scrub(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu *a;

	a = create(env, 0, 10, 100);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_ASSERT_EQ(test, env->fw.scrub, 2);
	KUNIT_EXPECT_EQ(test, env->fw.start_scrubs, 2);
	KUNIT_EXPECT_EQ(test, env->fw.scrubbed[0].addr, a->fb.addr);
	KUNIT_EXPECT_EQ(test, env->fw.scrubbed[0].size, a->fb.size);
	KUNIT_EXPECT_EQ(test, env->fw.scrubbed[1].addr, a->heap.addr);
	KUNIT_EXPECT_EQ(test, env->fw.scrubbed[1].size, a->heap.size);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

/* A failed scrub fails the create, starts nothing and leaks nothing. */
static void
core_scrub_fails(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvkm_vgpu *a;

	env->fw.scrub_ret = -EIO;
	a = create(env, 0, 10, 100);
	KUNIT_EXPECT_EQ(test, PTR_ERR(a), -EIO);
	KUNIT_EXPECT_EQ(test, env->fw.start, 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_core_query(env->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 0);
	KUNIT_EXPECT_EQ(test, caps.fb_free, CORE_FB_SIZE);
	KUNIT_EXPECT_EQ(test, caps.chids_free, CORE_CHID_NR);

	/* And the VF can take a vGPU once scrubbing works. */
	env->fw.scrub_ret = 0;
	a = create(env, 0, 10, 100);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a)), 0);
}

struct core_test_thread {
	struct core_env *env;
	u32 vf;
	struct nvkm_vgpu *vgpu;
	int reset;
	struct completion done;
};

static int
core_thread_create(void *data)
{
	struct core_test_thread *t = data;

	t->vgpu = create(t->env, t->vf, 10, 8);
	if (!IS_ERR(t->vgpu))
		t->reset = nvkm_vgpu_core_reset(t->env->client, hnd(t->vgpu));
	complete(&t->done);
	return 0;
}

/*
 * While the firmware start of one vGPU hangs, another VF's vGPU is
 * created and reset: the manager holds no PF-wide lock across a vGPU's
 * firmware calls.
 */
static void
core_no_pf_lock_across_fw(struct kunit *test)
{
	struct core_env *env = test->priv;
	struct completion started, release;
	struct core_test_thread a = { .env = env, .vf = 0 }, b = { .env = env, .vf = 1 };
	struct nvkm_vgpu_mgr_caps caps;
	struct task_struct *ta, *tb;
	bool b_done;

	init_completion(&started);
	init_completion(&release);
	init_completion(&a.done);
	init_completion(&b.done);
	env->fw.started = &started;
	env->fw.release = &release;

	ta = kthread_run(core_thread_create, &a, "vgpu-test-a");
	KUNIT_ASSERT_FALSE(test, IS_ERR(ta));
	KUNIT_ASSERT_NE(test, wait_for_completion_timeout(&started, 5 * HZ), 0);

	tb = kthread_run(core_thread_create, &b, "vgpu-test-b");
	if (IS_ERR(tb)) {
		complete(&release);
		wait_for_completion(&a.done);
		KUNIT_FAIL(test, "no second thread");
		return;
	}
	b_done = wait_for_completion_timeout(&b.done, 5 * HZ);
	KUNIT_EXPECT_TRUE(test, b_done);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_query(env->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 2);

	complete(&release);
	wait_for_completion(&a.done);
	if (!b_done)
		wait_for_completion(&b.done);
	env->fw.release = NULL;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, a.vgpu);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, b.vgpu);
	KUNIT_EXPECT_EQ(test, b.reset, 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(a.vgpu)), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_core_destroy(env->client, hnd(b.vgpu)), 0);
}

static struct kunit_case core_cases[] = {
	KUNIT_CASE(core_no_pf_lock_across_fw),
	KUNIT_CASE(core_attach),
	KUNIT_CASE(core_not_ready),
	KUNIT_CASE(core_types_table),
	KUNIT_CASE(core_types_padding),
	KUNIT_CASE(core_create_destroy),
	KUNIT_CASE(core_scrub),
	KUNIT_CASE(core_scrub_fails),
	KUNIT_CASE(core_destroy_misuse),
	KUNIT_CASE(core_stale_handle),
	KUNIT_CASE(core_create_bad),
	KUNIT_CASE(core_capacity),
	KUNIT_CASE(core_fw_errors),
	KUNIT_CASE(core_fw_unknown),
	KUNIT_CASE(core_dead),
	KUNIT_CASE(core_fb_limit),
	KUNIT_CASE(core_sriov),
	KUNIT_CASE(core_msg),
	KUNIT_CASE(core_plane),
	KUNIT_CASE(core_events),
	{}
};

static struct kunit_suite core_suite = {
	.name = "nvkm_vgpu_mgr",
	.init = core_init,
	.exit = core_exit,
	.test_cases = core_cases,
};

kunit_test_suite(core_suite);
