/* SPDX-License-Identifier: MIT */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * Field readers for the KUnit layout checks: RM structures are
 * little-endian and the fields are read at byte offsets.
 */
#ifndef __NVKM_VGPU_TESTS_RD_H__
#define __NVKM_VGPU_TESTS_RD_H__
#include <linux/types.h>
#include <linux/unaligned.h>

static inline u32
rd32(const void *p, size_t off)
{
	return get_unaligned_le32((const u8 *)p + off);
}

static inline u64
rd64(const void *p, size_t off)
{
	return get_unaligned_le64((const u8 *)p + off);
}
#endif
