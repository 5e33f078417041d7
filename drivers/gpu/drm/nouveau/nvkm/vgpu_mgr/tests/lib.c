// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The parts of the vGPU manager that need no GPU, built into the test
 * module: the tests call them directly, as xe's tests do.
 */
#include "../pool.c"
#include "../boot.c"
#include "../encode.c"
#include "../core.c"

#include <linux/module.h>

MODULE_DESCRIPTION("KUnit tests for the nouveau vGPU manager");
MODULE_LICENSE("Dual MIT/GPL");
