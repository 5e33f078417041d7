// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The module of the KUnit tests of the parts of the vGPU manager that need
 * no GPU. They call nouveau's functions, which nouveau exports to KUnit
 * (EXPORT_SYMBOL_IF_KUNIT) when KUnit is built.
 */
#include <kunit/device.h>
#include <kunit/visibility.h>

#include <linux/module.h>

#include "../priv.h"
#include "lib.h"

/**
 * nvkm_vgpu_test_subdev - give a manager without a GPU a subdev for messages
 * @test: the test, which owns what this allocates
 * @mgr: the manager, zeroed
 * @name: name of the test's struct device, which the messages name
 *
 * The manager's messages are nvkm's, of its subdev (&nvkm_vgpu_mgr.subdev),
 * and need the subdev's name, debug level and device: here a stand-in nvkm
 * device that has nothing but a struct device. The subdev is not on any
 * device's list, so nothing but messages may use it. mgr->device stays
 * NULL: the manager has no GPU.
 */
void
nvkm_vgpu_test_subdev(struct kunit *test, struct nvkm_vgpu_mgr *mgr, const char *name)
{
	struct nvkm_device *device;
	struct device *dev;

	device = kunit_kzalloc(test, sizeof(*device), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, device);
	dev = kunit_device_register(test, name);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);

	device->dev = dev;
	mgr->subdev.device = device;
	mgr->subdev.type = NVKM_SUBDEV_VGPU;
	strscpy(mgr->subdev.name, "vgpu", sizeof(mgr->subdev.name));
	mgr->subdev.debug = CONFIG_NOUVEAU_DEBUG_DEFAULT;
}

MODULE_DESCRIPTION("KUnit tests for the nouveau vGPU manager");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
