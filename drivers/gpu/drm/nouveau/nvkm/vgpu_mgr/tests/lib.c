// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The module of the KUnit tests of the parts of the vGPU manager that need
 * no GPU. They call nouveau's functions, which nouveau exports to KUnit
 * (EXPORT_SYMBOL_IF_KUNIT) when KUnit is built.
 */
#include <kunit/visibility.h>

#include <linux/module.h>

MODULE_DESCRIPTION("KUnit tests for the nouveau vGPU manager");
MODULE_LICENSE("Dual MIT/GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
