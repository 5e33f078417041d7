// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * End-to-end KUnit tests of the vGPU manager's API on the simulated GPU
 * (CONFIG_DRM_NOUVEAU_SIM_CHIPSET): nouveau bound to the PF with
 * vgpu_mgr=1 and VFs enabled, as the VM test that loads this module sets
 * up. vGPUs of two types are created and destroyed through the exported
 * API, and capacity and misuse are checked against the real firmware
 * interface. That GSP-RM refuses a vGPU on another's framebuffer is a test
 * of the simulator (sim/tests, test_bootload_overlaps): no production
 * interface can ask for one.
 *
 * Not named *_test so that the harness does not load it before nouveau.
 */
#include <kunit/test.h>

#include <linux/completion.h>
#include <linux/module.h>
#include <linux/pci.h>

#include "../priv.h"

#define E2E_VENDOR	0x10de
#define E2E_PF		0x7e50
#define E2E_VF		0x7e51
#define E2E_VFS		3

static bool rc_inject;
module_param(rc_inject, bool, 0400);
MODULE_PARM_DESC(rc_inject, "the caller has the simulator post an RC for GFID 1 when asked");

struct e2e {
	struct pci_dev *pf;
	struct pci_dev *vf[E2E_VFS];
	struct nvkm_vgpu_client *client;
};

static const struct nvkm_vgpu_type e2e_types[] = {
	{
		.id = 1001, .name = "SIM-512Q", .class_name = "Quadro",
		.vf_device_id = E2E_VF, .vf_subsystem_id = 0x0001, .pf_device_id = E2E_PF,
		.max_instances = 4, .num_heads = 1, .max_resolution_x = 1920,
		.max_resolution_y = 1080, .max_pixels = 1920 * 1080,
		.encoder_capacity = 100, .fb_size = SZ_512M, .mgmt_heap_size = SZ_16M,
		.mappable_fb_size = SZ_16M, .bar1_size = SZ_256M,
	}, {
		.id = 1002, .name = "SIM-1C", .class_name = "Compute",
		.vf_device_id = E2E_VF, .vf_subsystem_id = 0x0002, .pf_device_id = E2E_PF,
		.max_instances = 2, .encoder_capacity = 0, .flags = NVKM_VGPU_TYPE_CUDA,
		.fb_size = SZ_1G, .mgmt_heap_size = SZ_32M, .mappable_fb_size = SZ_16M,
		.bar1_size = SZ_512M,
	},
};

static int
e2e_init(struct kunit *test)
{
	struct pci_dev *pdev = NULL;
	struct e2e *e;
	int n = 0;

	e = kunit_kzalloc(test, sizeof(*e), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, e);
	test->priv = e;

	e->pf = pci_get_device(E2E_VENDOR, E2E_PF, NULL);
	if (!e->pf || !e->pf->driver || strcmp(e->pf->driver->name, "nouveau"))
		kunit_skip(test, "no simulated PF driven by nouveau");

	while (n < E2E_VFS && (pdev = pci_get_device(E2E_VENDOR, E2E_VF, pdev))) {
		if (pci_physfn(pdev) == e->pf)
			e->vf[n++] = pci_dev_get(pdev);
	}
	pci_dev_put(pdev);
	if (n < E2E_VFS)
		kunit_skip(test, "%d VFs enabled, need %d", n, E2E_VFS);

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_api_version() >> 16, NVKM_VGPU_MGR_API_MAJOR);
	e->client = nvkm_vgpu_mgr_attach(e->vf[0], NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e->client);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_set_types(e->client, e2e_types,
						      ARRAY_SIZE(e2e_types)), 0);
	return 0;
}

static void
e2e_exit(struct kunit *test)
{
	struct e2e *e = test->priv;

	if (e->client && !IS_ERR(e->client))
		nvkm_vgpu_mgr_detach(e->client);
	for (int i = 0; i < E2E_VFS; i++)
		pci_dev_put(e->vf[i]);
	pci_dev_put(e->pf);
}

static int
e2e_create(struct e2e *e, int vf, u32 type, struct nvkm_vgpu_handle *handle)
{
	struct nvkm_vgpu_config config = {
		.type_id = type,
		.num_channels = 64,
		.vm_pid = 4242 + vf,
		.uuid = { 0xde, 0xad, 0xbe, 0xef, vf },
	};

	return nvkm_vgpu_create(e->client, e->vf[vf], &config, handle);
}

static void
e2e_attach(struct kunit *test)
{
	struct e2e *e = test->priv;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvkm_vgpu_client *other;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_query(e->client, &caps), 0);
	kunit_info(test, "FB %llu MiB (%llu free, %llu MiB segments), chids %u, %u/%u VFs, %u partitions\n",
		   caps.fb_total >> 20, caps.fb_free >> 20, caps.fb_align >> 20,
		   caps.chids_total, caps.num_vfs, caps.total_vfs, caps.max_vgpus);
	KUNIT_EXPECT_GE(test, caps.fb_total, 2ULL * SZ_1G);
	KUNIT_EXPECT_EQ(test, caps.fb_free, caps.fb_total);
	KUNIT_EXPECT_TRUE(test, is_power_of_2(caps.fb_align));
	KUNIT_EXPECT_EQ(test, caps.chids_total, NVKM_VGPU_MGR_CHID_NR - NVKM_VGPU_MGR_CHID_HOST);
	KUNIT_EXPECT_GE(test, caps.num_vfs, E2E_VFS);
	KUNIT_EXPECT_EQ(test, caps.max_vgpus, min(caps.total_vfs, 32U));
	KUNIT_EXPECT_EQ(test, caps.num_types, ARRAY_SIZE(e2e_types));
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 0);

	/* the PF, or a device that is no VF of a nouveau PF, has no manager */
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_mgr_attach(e->pf, NVKM_VGPU_MGR_API_VERSION)),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, PTR_ERR(nvkm_vgpu_mgr_attach(e->vf[1], 0xff << 16)),
			-EPROTONOSUPPORT);
	other = nvkm_vgpu_mgr_attach(e->vf[1], NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, other);
	/* the same table again is accepted without reloading */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_set_types(other, e2e_types, ARRAY_SIZE(e2e_types)), 0);
	nvkm_vgpu_mgr_detach(other);
}

/* vGPUs of two types side by side, their messages, reset and teardown */
static void
e2e_two_types(struct kunit *test)
{
	struct nvkm_vgpu_msg_bus_master bm = { .enable = 1 };
	struct e2e *e = test->priv;
	struct nvkm_vgpu_mgr_caps caps;
	struct nvkm_vgpu_handle a, b;
	u64 heaps;
	int ret;

	KUNIT_ASSERT_EQ(test, e2e_create(e, 0, 1001, &a), 0);
	ret = e2e_create(e, 1, 1002, &b);
	if (ret)
		nvkm_vgpu_destroy(e->client, a);
	KUNIT_ASSERT_EQ(test, ret, 0);
	KUNIT_EXPECT_NE(test, a.id, b.id);

	/* FB and heaps, each rounded up to a VMMU segment */
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_query(e->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 2);
	KUNIT_EXPECT_EQ(test, caps.chids_free, caps.chids_total - 128);
	heaps = round_up(SZ_16M, caps.fb_align) + round_up(SZ_32M, caps.fb_align);
	KUNIT_EXPECT_EQ(test, caps.fb_total - caps.fb_free, SZ_512M + SZ_1G + heaps);

	/* the VF's bus master enable, a reset of the vGPU, again */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_msg(e->client, a, NVKM_VGPU_MSG_BUS_MASTER, &bm,
					    sizeof(bm), NULL, 0), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_reset(e->client, a), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_msg(e->client, a, NVKM_VGPU_MSG_BUS_MASTER, &bm,
					    sizeof(bm), NULL, 0), 0);
	bm.enable = 0;
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_msg(e->client, b, NVKM_VGPU_MSG_BUS_MASTER, &bm,
					    sizeof(bm), NULL, 0), 0);

	/* the VFs cannot go while they have vGPUs */
	device_lock(&e->pf->dev);
	ret = e->pf->driver->sriov_configure(e->pf, 0);
	device_unlock(&e->pf->dev);
	KUNIT_EXPECT_EQ(test, ret, -EBUSY);
	KUNIT_EXPECT_EQ(test, pci_num_vf(e->pf), caps.num_vfs);

	/* the type table cannot change under them */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_mgr_set_types(e->client, e2e_types, 1), -EBUSY);

	KUNIT_EXPECT_EQ(test, nvkm_vgpu_destroy(e->client, a), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_destroy(e->client, b), 0);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_destroy(e->client, a), -ENOENT);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_reset(e->client, b), -ENOENT);

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_mgr_query(e->client, &caps), 0);
	KUNIT_EXPECT_EQ(test, caps.num_vgpus, 0);
	KUNIT_EXPECT_EQ(test, caps.fb_free, caps.fb_total);
	KUNIT_EXPECT_EQ(test, caps.chids_free, caps.chids_total);
}

/* Beyond capacity: a VF with a vGPU, a type's instance limit. */
static void
e2e_capacity(struct kunit *test)
{
	struct e2e *e = test->priv;
	struct nvkm_vgpu_handle v[E2E_VFS], none;
	int ret;

	KUNIT_ASSERT_EQ(test, e2e_create(e, 0, 1002, &v[0]), 0);
	KUNIT_EXPECT_EQ(test, e2e_create(e, 0, 1001, &none), -EBUSY);
	KUNIT_EXPECT_EQ(test, none.id, 0);
	KUNIT_EXPECT_EQ(test, e2e_create(e, 1, 1002, &v[1]), 0);
	KUNIT_EXPECT_EQ(test, e2e_create(e, 2, 1002, &none), -ENOSPC);
	KUNIT_EXPECT_EQ(test, e2e_create(e, 2, 4711, &none), -ENOENT);

	/* detaching destroys what the client left */
	nvkm_vgpu_mgr_detach(e->client);
	e->client = nvkm_vgpu_mgr_attach(e->vf[0], NVKM_VGPU_MGR_API_VERSION);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e->client);
	ret = e2e_create(e, 2, 1002, &v[2]);
	KUNIT_EXPECT_EQ(test, ret, 0);
	if (!ret)
		KUNIT_EXPECT_EQ(test, nvkm_vgpu_destroy(e->client, v[2]), 0);
	/* the handles of the vGPUs the detach destroyed name nothing */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_reset(e->client, v[0]), -ENOENT);
}

struct e2e_sink {
	struct completion done;
	struct nvkm_vgpu_event_info info;
};

static void
e2e_event(void *priv, const struct nvkm_vgpu_event_info *info)
{
	struct e2e_sink *sink = priv;

	sink->info = *info;
	complete(&sink->done);
}

/*
 * An RC GSP-RM reports for a channel of a vGPU reaches the vGPU's
 * subscriber, with the channel counted from the vGPU's first. The VM test
 * watches the kernel log for the request and has the simulator post it.
 */
static void
e2e_rc_event(struct kunit *test)
{
	struct e2e *e = test->priv;
	struct e2e_sink sink;
	struct nvkm_vgpu_handle a;
	unsigned long left;

	if (!rc_inject)
		kunit_skip(test, "nobody to inject the RC (rc_inject=0)");

	init_completion(&sink.done);
	KUNIT_ASSERT_EQ(test, e2e_create(e, 0, 1001, &a), 0);
	KUNIT_ASSERT_EQ(test, nvkm_vgpu_subscribe(e->client, a, BIT(NVKM_VGPU_EVENT_RC),
						  e2e_event, &sink), 0);

	kunit_info(test, "nvkm_vgpu_e2e: waiting for an RC on GFID 1\n");
	left = wait_for_completion_timeout(&sink.done, 30 * HZ);
	KUNIT_EXPECT_NE(test, left, 0);
	if (left) {
		KUNIT_EXPECT_EQ(test, sink.info.event, NVKM_VGPU_EVENT_RC);
		KUNIT_EXPECT_EQ(test, sink.info.chid, 0);
		KUNIT_EXPECT_NE(test, sink.info.error, 0);
	}

	nvkm_vgpu_unsubscribe(e->client, a);
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_destroy(e->client, a), 0);
}

/*
 * The CPU scrub through BAR1 (what non-simulated GPUs use; the simulated
 * one has a scrubber) clears a range in several pieces: a pattern written
 * through one mapping is gone when read through another.
 */
static void
e2e_bar1_fill(struct kunit *test)
{
	struct e2e *e = test->priv;
	u64 before = 0, after = ~0ULL;

	KUNIT_ASSERT_EQ(test, nvkm_vgpu_test_bar1_fill(e->client, 3 * SZ_64K, SZ_64K,
						       &before, &after), 0);
	KUNIT_EXPECT_EQ(test, before, 3 * SZ_64K / 4);
	KUNIT_EXPECT_EQ(test, after, 0);
	/* A chunk that is no multiple of 4 KiB is refused. */
	KUNIT_EXPECT_EQ(test, nvkm_vgpu_test_bar1_fill(e->client, SZ_64K, 1000,
						       &before, &after), -EINVAL);
}

static struct kunit_case e2e_cases[] = {
	KUNIT_CASE(e2e_attach),
	KUNIT_CASE(e2e_two_types),
	KUNIT_CASE(e2e_capacity),
	KUNIT_CASE(e2e_rc_event),
	KUNIT_CASE(e2e_bar1_fill),
	{}
};

static struct kunit_suite e2e_suite = {
	.name = "nvkm_vgpu_e2e",
	.init = e2e_init,
	.exit = e2e_exit,
	.test_cases = e2e_cases,
};

kunit_test_suite(e2e_suite);

MODULE_DESCRIPTION("End-to-end tests of the nouveau vGPU manager on the simulated GPU");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(NVKM_VGPU);
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
