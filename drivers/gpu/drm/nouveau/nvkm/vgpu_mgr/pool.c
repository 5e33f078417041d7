// SPDX-License-Identifier: MIT
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * A first-fit allocator of contiguous ranges in [base, base + size), used
 * for the channel IDs and the framebuffer the vGPU manager hands to vGPUs.
 *
 * Allocated ranges are kept in a list sorted by start; a new range goes into
 * the first gap that holds it at the requested (absolute) alignment. Freeing
 * takes exactly a range that was handed out: anything else (a double free, a
 * range never allocated, a part of one) is refused with -ENOENT, without a
 * warning, so that callers can report misuse cleanly. The pool does no
 * locking of its own; its owner serialises the calls.
 *
 * Not nvkm_mm, which the rest of nvkm allocates VRAM with: placements need
 * an allocation at a given offset, the creatable counts need "is this range
 * free" and "largest free range at this alignment", and a free here is
 * checked against what was handed out; nvkm_mm has none of them.
 */
#include "priv.h"

#include <kunit/visibility.h>

#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/overflow.h>
#include <linux/slab.h>

struct nvkm_vgpu_range {
	struct list_head head;
	u64 start;
	u64 size;
};

/**
 * nvkm_vgpu_pool_init - set up an empty pool
 * @pool: the pool
 * @base: first unit of the managed span
 * @size: length of the span, non-zero
 * @unit: granularity, a power of two: @base, @size and every allocation are
 *        multiples of it
 *
 * Return: 0, or -EINVAL if the span is empty, wraps, or is not a multiple
 * of @unit, or if @unit is not a power of two.
 */
int
nvkm_vgpu_pool_init(struct nvkm_vgpu_pool *pool, u64 base, u64 size, u64 unit)
{
	u64 end, rem_base, rem_size;

	INIT_LIST_HEAD(&pool->ranges);
	pool->base = 0;
	pool->size = 0;
	pool->unit = 1;
	pool->used = 0;

	if (!is_power_of_2(unit) || !size || check_add_overflow(base, size - 1, &end))
		return -EINVAL;
	div64_u64_rem(base, unit, &rem_base);
	div64_u64_rem(size, unit, &rem_size);
	if (rem_base || rem_size)
		return -EINVAL;

	pool->base = base;
	pool->size = size;
	pool->unit = unit;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_init);

/**
 * nvkm_vgpu_pool_fini - release a pool
 * @pool: the pool
 *
 * Frees the bookkeeping of ranges still allocated; the pool is empty after.
 */
void
nvkm_vgpu_pool_fini(struct nvkm_vgpu_pool *pool)
{
	struct nvkm_vgpu_range *range, *next;

	list_for_each_entry_safe(range, next, &pool->ranges, head) {
		list_del(&range->head);
		kfree(range);
	}
	pool->used = 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_fini);

static bool
nvkm_vgpu_pool_valid(const struct nvkm_vgpu_pool *pool, u64 val)
{
	u64 rem;

	div64_u64_rem(val, pool->unit, &rem);
	return !rem;
}

/* Last unit of the span; avoids base + size, which may be 2^64. */
static u64
nvkm_vgpu_pool_last(const struct nvkm_vgpu_pool *pool)
{
	return pool->base + (pool->size - 1);
}

/*
 * Does [start, start + size) fit in the gap [lo, hi] (inclusive bounds)?
 * start is lo rounded up to align; everything is checked for wrapping.
 */
static bool
nvkm_vgpu_pool_fit(u64 lo, u64 hi, u64 size, u64 align, u64 *pstart)
{
	u64 start, last;

	if (lo > hi)
		return false;
	if (check_add_overflow(lo, align - 1, &start))
		return false;
	start &= ~(align - 1);
	if (start < lo || start > hi)
		return false;
	if (check_add_overflow(start, size - 1, &last) || last > hi)
		return false;

	*pstart = start;
	return true;
}

/**
 * nvkm_vgpu_pool_alloc - allocate a contiguous range
 * @pool: the pool
 * @size: length, a non-zero multiple of the pool's unit
 * @align: alignment of the start (absolute, not relative to the pool's
 *         base), a power of two; 0 or 1 for none
 * @pstart: the start of the range on success
 *
 * The range is taken from the first gap, in address order, that holds it.
 *
 * Return: 0, -EINVAL for a bad @size or @align, -ENOSPC if no gap holds it,
 * -ENOMEM.
 */
int
nvkm_vgpu_pool_alloc(struct nvkm_vgpu_pool *pool, u64 size, u64 align, u64 *pstart)
{
	struct nvkm_vgpu_range *range, *node;
	struct list_head *prev;
	u64 lo, start;

	if (!align)
		align = 1;
	if (!size || !is_power_of_2(align) || !nvkm_vgpu_pool_valid(pool, size))
		return -EINVAL;
	if (align < pool->unit)
		align = pool->unit;
	if (!pool->size || size > pool->size - pool->used)
		return -ENOSPC;

	lo = pool->base;
	prev = &pool->ranges;
	list_for_each_entry(range, &pool->ranges, head) {
		if (range->start > lo &&
		    nvkm_vgpu_pool_fit(lo, range->start - 1, size, align, &start))
			goto found;
		lo = range->start + range->size;	/* cannot wrap: see below */
		prev = &range->head;
	}

	/* The last range may end exactly at 2^64: then there is no tail gap. */
	if (!list_empty(&pool->ranges)) {
		range = list_last_entry(&pool->ranges, typeof(*range), head);
		if (range->start + (range->size - 1) == nvkm_vgpu_pool_last(pool))
			return -ENOSPC;
	}
	if (!nvkm_vgpu_pool_fit(lo, nvkm_vgpu_pool_last(pool), size, align, &start))
		return -ENOSPC;

found:
	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;

	node->start = start;
	node->size = size;
	list_add(&node->head, prev);
	pool->used += size;
	*pstart = start;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_alloc);

/**
 * nvkm_vgpu_pool_free - return a range
 * @pool: the pool
 * @start: start of the range, as returned by nvkm_vgpu_pool_alloc()
 * @size: its length, as passed to nvkm_vgpu_pool_alloc()
 *
 * Return: 0, or -ENOENT (nothing changes) if [@start, @start + @size) is not
 * a range currently allocated from @pool.
 */
int
nvkm_vgpu_pool_free(struct nvkm_vgpu_pool *pool, u64 start, u64 size)
{
	struct nvkm_vgpu_range *range;

	list_for_each_entry(range, &pool->ranges, head) {
		if (range->start > start)
			break;
		if (range->start == start && range->size == size) {
			list_del(&range->head);
			kfree(range);
			pool->used -= size;
			return 0;
		}
	}

	return -ENOENT;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_free);

/**
 * nvkm_vgpu_pool_avail - amount not allocated
 * @pool: the pool
 *
 * Return: the sum of the free gaps (not necessarily allocatable at once).
 */
u64
nvkm_vgpu_pool_avail(const struct nvkm_vgpu_pool *pool)
{
	return pool->size - pool->used;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_avail);

static u64
nvkm_vgpu_pool_gap(u64 lo, u64 hi, u64 align)
{
	u64 start;

	if (lo > hi || check_add_overflow(lo, align - 1, &start))
		return 0;
	start &= ~(align - 1);
	if (start > hi)
		return 0;
	return ALIGN_DOWN(hi - start + 1, align);
}

/**
 * nvkm_vgpu_pool_largest - largest allocation that would succeed
 * @pool: the pool
 * @align: alignment (a power of two, at least the pool's unit) the allocation
 *         would ask for; its size is assumed to be a multiple of it too
 *
 * Return: the length, 0 if nothing fits.
 */
u64
nvkm_vgpu_pool_largest(const struct nvkm_vgpu_pool *pool, u64 align)
{
	const struct nvkm_vgpu_range *range;
	u64 lo = pool->base, best = 0;
	bool tail = true;

	if (!pool->size || !align || !is_power_of_2(align))
		return 0;

	list_for_each_entry(range, &pool->ranges, head) {
		if (range->start > lo)
			best = max(best, nvkm_vgpu_pool_gap(lo, range->start - 1, align));
		if (range->start + (range->size - 1) == nvkm_vgpu_pool_last(pool)) {
			tail = false;
			break;
		}
		lo = range->start + range->size;
	}

	if (tail)
		best = max(best, nvkm_vgpu_pool_gap(lo, nvkm_vgpu_pool_last(pool), align));
	return best;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_largest);

/*
 * The first allocated range that ends after start, and where a range at
 * start would be linked (after *prev); for the fixed-address functions.
 */
static struct nvkm_vgpu_range *
nvkm_vgpu_pool_next(const struct nvkm_vgpu_pool *pool, u64 start, struct list_head **prev)
{
	struct nvkm_vgpu_range *range;

	*prev = (struct list_head *)&pool->ranges;
	list_for_each_entry(range, &pool->ranges, head) {
		if (range->start + (range->size - 1) >= start)
			return range;
		*prev = &range->head;
	}
	return NULL;
}

/* Is [start, start + size) inside the span and free? */
static bool
nvkm_vgpu_pool_free_at(const struct nvkm_vgpu_pool *pool, u64 start, u64 size,
		       struct list_head **prev)
{
	const struct nvkm_vgpu_range *next;
	u64 last;

	if (!size || check_add_overflow(start, size - 1, &last))
		return false;
	if (!pool->size || start < pool->base || last > nvkm_vgpu_pool_last(pool))
		return false;
	next = nvkm_vgpu_pool_next(pool, start, prev);
	return !next || next->start > last;
}

/**
 * nvkm_vgpu_pool_is_free - is a range free?
 * @pool: the pool
 * @start: start of the range
 * @size: its length
 *
 * Return: true if [@start, @start + @size) is inside the pool's span and
 * overlaps no allocated range.
 */
bool
nvkm_vgpu_pool_is_free(const struct nvkm_vgpu_pool *pool, u64 start, u64 size)
{
	struct list_head *prev;

	return nvkm_vgpu_pool_free_at(pool, start, size, &prev);
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_is_free);

/**
 * nvkm_vgpu_pool_alloc_at - allocate a range at a fixed address
 * @pool: the pool
 * @start: start of the range, a multiple of the pool's unit
 * @size: its length, a non-zero multiple of the pool's unit
 *
 * Return: 0, -EINVAL for a misaligned range or one outside the span,
 * -EBUSY if it overlaps an allocated range, -ENOMEM.
 */
int
nvkm_vgpu_pool_alloc_at(struct nvkm_vgpu_pool *pool, u64 start, u64 size)
{
	struct nvkm_vgpu_range *node;
	struct list_head *prev;
	u64 last;

	if (!size || !nvkm_vgpu_pool_valid(pool, start) || !nvkm_vgpu_pool_valid(pool, size))
		return -EINVAL;
	if (check_add_overflow(start, size - 1, &last) || !pool->size ||
	    start < pool->base || last > nvkm_vgpu_pool_last(pool))
		return -EINVAL;
	if (!nvkm_vgpu_pool_free_at(pool, start, size, &prev))
		return -EBUSY;

	node = kzalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	node->start = start;
	node->size = size;
	list_add(&node->head, prev);
	pool->used += size;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(nvkm_vgpu_pool_alloc_at);
