/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * Helpers shared by the KUnit tests of the vGPU manager without a GPU.
 */
#ifndef __NVKM_VGPU_MGR_TEST_LIB_H__
#define __NVKM_VGPU_MGR_TEST_LIB_H__
#include <kunit/test.h>

struct nvkm_vgpu_mgr;

void nvkm_vgpu_test_subdev(struct kunit *test, struct nvkm_vgpu_mgr *mgr, const char *name);
#endif
