// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the per-VF vGPU type selection sysfs ABI
 * (Documentation/ABI/testing/sysfs-driver-nvidia-vgpu):
 *   <VF>/nvidia/creatable_vgpu_types   RO, lines "ID : NAME"
 *   <VF>/nvidia/supported_vgpu_types   RO, lines "ID : NAME"
 *   <VF>/nvidia/current_vgpu_type      RW, decimal ID, 0 releases
 *   <VF>/nvidia/vgpu_*                 RO, details of the current type
 *
 * The VFs are taken from $NVIDIA_VGPU_VF (PCI addresses separated by
 * commas) or are all devices bound to nvidia-vgpu-vfio-pci that share the
 * first one's PF. Without one the tests are skipped, so this runs unchanged
 * on real hardware and in the simulated VM. Nothing here depends on a
 * particular type table: the expectations are derived from what the driver
 * lists. The VFs' types are restored when the tests finish.
 *
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#include <pthread.h>

#include "../kselftest_harness.h"
#include "vgpu_lib.h"

FIXTURE(sysfs) {
	struct vgpu_vf vfs[VGPU_MAX_VFS];
	int n;
	unsigned long saved[VGPU_MAX_VFS];
	struct vgpu_type sup[VGPU_MAX_TYPES];
	int nsup;
};

FIXTURE_SETUP(sysfs)
{
	int i;

	self->n = vgpu_find_vfs(self->vfs, VGPU_MAX_VFS);
	if (!self->n)
		SKIP(return, "no VF bound to nvidia-vgpu-vfio-pci");
	for (i = 0; i < self->n; i++)
		self->saved[i] = vgpu_read_ul(self->vfs[i].dir, "current_vgpu_type");
	/* Start from a PF without types; a VF in use cannot be released. */
	for (i = 0; i < self->n; i++) {
		if (vgpu_set_type(&self->vfs[i], 0) == -EBUSY)
			SKIP(return, "VF %s is in use", self->vfs[i].bdf);
	}
	self->nsup = vgpu_types(&self->vfs[0], "supported_vgpu_types", self->sup);
	ASSERT_LE(0, self->nsup);
	if (!self->nsup)
		SKIP(return, "the GPU has no vGPU type table");
}

FIXTURE_TEARDOWN(sysfs)
{
	int i;

	vgpu_release_all(self->vfs, self->n);
	for (i = 0; i < self->n; i++) {
		if (self->saved[i])
			vgpu_set_type(&self->vfs[i], self->saved[i]);
	}
}

TEST_F(sysfs, supported_format)
{
	int i, j;

	for (i = 0; i < self->nsup; i++) {
		EXPECT_NE(0, self->sup[i].id);
		for (j = 0; j < i; j++)
			EXPECT_NE(self->sup[i].id, self->sup[j].id);
	}
}

TEST_F(sysfs, creatable_format)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	int n, i;

	n = vgpu_types(&self->vfs[0], "creatable_vgpu_types", cr);
	ASSERT_LE(0, n) TH_LOG("malformed creatable_vgpu_types");
	EXPECT_LT(0, n) TH_LOG("a VF of an idle GPU should be able to take a type");
	for (i = 0; i < n; i++)
		EXPECT_TRUE(vgpu_has_type(self->sup, self->nsup, cr[i].id));
}

TEST_F(sysfs, details_without_type)
{
	const char *dir = self->vfs[0].dir;
	char buf[64];

	ASSERT_LT(0, vgpu_read(dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("unassigned\n", buf);
	EXPECT_EQ(0, vgpu_read(dir, "vgpu_type_name", buf, sizeof(buf)));
	EXPECT_EQ(0, vgpu_read(dir, "vgpu_type_class", buf, sizeof(buf)));
	EXPECT_EQ(0, vgpu_read_ul(dir, "vgpu_fb_size"));
	EXPECT_EQ(0, vgpu_read_ul(dir, "vgpu_bar1_size"));
	EXPECT_EQ(0, vgpu_read_ul(dir, "vgpu_max_instances"));
	ASSERT_LT(0, vgpu_read(dir, "vgpu_max_resolution", buf, sizeof(buf)));
	EXPECT_STREQ("0x0\n", buf);
	ASSERT_LT(0, vgpu_read(dir, "current_vgpu_type", buf, sizeof(buf)));
	EXPECT_STREQ("0\n", buf);
}

TEST_F(sysfs, assign_read_back_release)
{
	const struct vgpu_vf *vf = &self->vfs[0];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	char buf[128], want[80];
	unsigned long bar1;
	int n;

	n = vgpu_types(vf, "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, vgpu_set_type(vf, cr[0].id));
	EXPECT_EQ(cr[0].id, vgpu_read_ul(vf->dir, "current_vgpu_type"));

	/* details of the type */
	ASSERT_LT(0, vgpu_read(vf->dir, "vgpu_type_name", buf, sizeof(buf)));
	snprintf(want, sizeof(want), "%s\n", cr[0].name);
	EXPECT_STREQ(want, buf);
	ASSERT_LT(0, vgpu_read(vf->dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("assigned\n", buf);
	EXPECT_LT(1, vgpu_read(vf->dir, "vgpu_type_class", buf, sizeof(buf)));
	EXPECT_NE(0, vgpu_read_ul(vf->dir, "vgpu_fb_size"));
	EXPECT_LE(1, vgpu_read_ul(vf->dir, "vgpu_max_instances"));
	bar1 = vgpu_read_ul(vf->dir, "vgpu_bar1_size");
	EXPECT_LE(1UL << 20, bar1);
	EXPECT_EQ(0, bar1 & (bar1 - 1));

	/* a VF that has a type can take no other: its list is empty */
	ASSERT_EQ(0, vgpu_read(vf->dir, "creatable_vgpu_types", buf, sizeof(buf)));

	/* the same type again is fine, another one is not */
	EXPECT_EQ(0, vgpu_set_type(vf, cr[0].id));
	if (n > 1)
		EXPECT_EQ(-EBUSY, vgpu_set_type(vf, cr[1].id));

	ASSERT_EQ(0, vgpu_write(vf->dir, "current_vgpu_type", "0"));
	EXPECT_EQ(0, vgpu_read_ul(vf->dir, "current_vgpu_type"));
	ASSERT_LT(0, vgpu_read(vf->dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("unassigned\n", buf);
	/* releasing twice is fine */
	EXPECT_EQ(0, vgpu_write(vf->dir, "current_vgpu_type", "0\n"));
}

TEST_F(sysfs, malformed_input)
{
	static const char * const bad[] = {
		"", "\n", "abc", "-1", "+1", " 1", "1 ", "1x", "0x", "0x10", "1e3",
		"1\n2", "1.0", "99999999999999999999999", "4294967296",
		"18446744073709551616", " ", "1 2", "\t1",
	};
	const struct vgpu_vf *vf = &self->vfs[0];
	char big[4096], bin[8] = { 1, 0, 2, 0xff, 0x80, '1', 0, 0 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		int ret = vgpu_write(vf->dir, "current_vgpu_type", bad[i]);

		/* a zero-length write never reaches the driver */
		if (!bad[i][0] && !ret)
			continue;
		EXPECT_EQ(-EINVAL, ret) TH_LOG("writing '%s'", bad[i]);
	}
	EXPECT_EQ(-EINVAL, vgpu_write_n(vf->dir, "current_vgpu_type", bin, sizeof(bin)));
	memset(big, '9', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	EXPECT_NE(0, vgpu_write(vf->dir, "current_vgpu_type", big));
	memset(big, '0', sizeof(big) - 1);	/* a very long zero */
	EXPECT_NE(-EBUSY, vgpu_write(vf->dir, "current_vgpu_type", big));

	/* nothing was assigned by the failed writes */
	EXPECT_EQ(0, vgpu_read_ul(vf->dir, "current_vgpu_type"));
}

TEST_F(sysfs, unknown_type)
{
	const struct vgpu_vf *vf = &self->vfs[0];
	unsigned long max = 0;
	int i;

	for (i = 0; i < self->nsup; i++)
		max = self->sup[i].id > max ? self->sup[i].id : max;
	if (max < 4294967295UL)
		EXPECT_EQ(-EINVAL, vgpu_set_type(vf, max + 1));
	if (!vgpu_has_type(self->sup, self->nsup, 4294967295UL))
		EXPECT_EQ(-EINVAL, vgpu_set_type(vf, 4294967295UL));
	EXPECT_EQ(0, vgpu_read_ul(vf->dir, "current_vgpu_type"));
}

TEST_F(sysfs, read_only_files)
{
	static const char * const ro[] = {
		"creatable_vgpu_types", "supported_vgpu_types", "vgpu_state", "vgpu_type_name",
		"vgpu_type_class", "vgpu_fb_size", "vgpu_bar1_size", "vgpu_num_heads",
		"vgpu_max_resolution", "vgpu_max_instances", "vgpu_rc_count",
		"vgpu_mmu_fault_count",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ro); i++) {
		int ret = vgpu_write(self->vfs[0].dir, ro[i], "1");

		if (!ret)
			ksft_print_msg("%s is writable\n", ro[i]);
		EXPECT_NE(0, ret);
	}
}

/*
 * On an idle GPU, creatable_vgpu_types is exact: every listed type can be
 * assigned, every other supported type is refused with EINVAL (the VF can
 * never take it) or ENOSPC (the GPU cannot hold it).
 */
TEST_F(sysfs, creatable_is_exact)
{
	const struct vgpu_vf *vf = &self->vfs[0];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	int n, i, ret;

	n = vgpu_types(vf, "creatable_vgpu_types", cr);
	ASSERT_LE(0, n);
	for (i = 0; i < self->nsup; i++) {
		ret = vgpu_set_type(vf, self->sup[i].id);
		if (vgpu_has_type(cr, n, self->sup[i].id)) {
			EXPECT_EQ(0, ret) TH_LOG("listed type %lu refused", self->sup[i].id);
		} else {
			EXPECT_TRUE(ret == -EINVAL || ret == -ENOSPC)
				TH_LOG("unlisted type %lu: %d", self->sup[i].id, ret);
		}
		vgpu_set_type(vf, 0);
	}
}

/* A type is assigned to at most its max_instances VFs. */
TEST_F(sysfs, instance_limit)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	unsigned long id, limit = 0;
	int i, ok = 0, n, ret = 0;

	n = vgpu_types(&self->vfs[0], "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	id = cr[n - 1].id;
	for (i = 0; i < self->n; i++) {
		ret = vgpu_set_type(&self->vfs[i], id);
		if (ret)
			break;
		limit = vgpu_read_ul(self->vfs[i].dir, "vgpu_max_instances");
		ok++;
	}
	EXPECT_LE(ok, limit);
	if (i < self->n) {
		/* refused for lack of room: no longer listed either */
		EXPECT_TRUE(ret == -ENOSPC || ret == -EINVAL) TH_LOG("ret %d", ret);
		n = vgpu_types(&self->vfs[i], "creatable_vgpu_types", cr);
		EXPECT_FALSE(vgpu_has_type(cr, n, id));
	}
	ksft_print_msg("type %lu: %d instances, limit %lu\n", id, ok, limit);
}

/*
 * Fill the GPU: give every VF the last type it can take until none can be
 * taken. Then a free VF lists nothing and takes nothing; releasing a VF
 * makes room again.
 */
TEST_F(sysfs, exhaustion)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	int i, j, n, assigned = 0, first_free = -1;
	unsigned long last = 0;

	for (i = 0; i < self->n; i++) {
		n = vgpu_types(&self->vfs[i], "creatable_vgpu_types", cr);
		ASSERT_LE(0, n);
		if (!n) {
			if (first_free < 0)
				first_free = i;
			continue;
		}
		/* the last listed: the table's larger types come last */
		ASSERT_EQ(0, vgpu_set_type(&self->vfs[i], cr[n - 1].id));
		last = cr[n - 1].id;
		assigned++;
	}
	ksft_print_msg("%d of %d VFs got a type\n", assigned, self->n);
	ASSERT_LT(0, assigned);
	if (first_free < 0)
		SKIP(return, "the GPU holds a vGPU on every VF");

	for (j = 0; j < self->nsup; j++) {
		int ret = vgpu_set_type(&self->vfs[first_free], self->sup[j].id);

		EXPECT_TRUE(ret == -ENOSPC || ret == -EINVAL)
			TH_LOG("type %lu on a full GPU: %d", self->sup[j].id, ret);
	}

	/* release the last assigned VF: its type fits again */
	for (i = self->n - 1; i >= 0; i--) {
		if (vgpu_read_ul(self->vfs[i].dir, "current_vgpu_type") == last)
			break;
	}
	ASSERT_LE(0, i);
	ASSERT_EQ(0, vgpu_set_type(&self->vfs[i], 0));
	n = vgpu_types(&self->vfs[first_free], "creatable_vgpu_types", cr);
	EXPECT_TRUE(vgpu_has_type(cr, n, last));
	EXPECT_EQ(0, vgpu_set_type(&self->vfs[first_free], last));
}

struct racer {
	const struct vgpu_vf *vf;
	unsigned long id;
	pthread_barrier_t *start;
	int ret;
};

static void *race_one(void *arg)
{
	struct racer *r = arg;

	pthread_barrier_wait(r->start);
	r->ret = vgpu_set_type(r->vf, r->id);
	return NULL;
}

/* Run the racers at once; returns how many succeeded. */
static int race(struct racer *r, int n)
{
	pthread_barrier_t start;
	pthread_t t[2 * VGPU_MAX_VFS];
	int i, ok = 0;

	pthread_barrier_init(&start, NULL, n);
	for (i = 0; i < n; i++) {
		r[i].start = &start;
		pthread_create(&t[i], NULL, race_one, &r[i]);
	}
	for (i = 0; i < n; i++) {
		pthread_join(t[i], NULL);
		ok += !r[i].ret;
	}
	pthread_barrier_destroy(&start);
	return ok;
}

/*
 * Concurrent writers of one type on every VF get exactly as many vGPUs as
 * writing one after the other does: no oversubscription, no spurious
 * failure.
 */
TEST_F(sysfs, race_same_type)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	struct racer r[VGPU_MAX_VFS];
	int i, t, n, seq = 0, best = -1, round;
	unsigned long id;

	if (self->n < 2)
		SKIP(return, "needs two VFs");
	n = vgpu_types(&self->vfs[0], "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);

	/* prefer a type of which more than one but not every VF gets one */
	for (t = 0; t < n; t++) {
		int k = 0;

		for (i = 0; i < self->n; i++) {
			if (vgpu_set_type(&self->vfs[i], cr[t].id))
				break;
			k++;
		}
		vgpu_release_all(self->vfs, self->n);
		if (best < 0 || (k > 1 && k < self->n)) {
			best = t;
			seq = k;
		}
		if (k > 1 && k < self->n)
			break;
	}
	id = cr[best].id;

	for (round = 0; round < 5; round++) {
		for (i = 0; i < self->n; i++)
			r[i] = (struct racer){ .vf = &self->vfs[i], .id = id };
		EXPECT_EQ(seq, race(r, self->n)) TH_LOG("round %d", round);
		for (i = 0; i < self->n; i++) {
			EXPECT_TRUE(!r[i].ret || r[i].ret == -ENOSPC || r[i].ret == -EINVAL)
				TH_LOG("VF %d: %d", i, r[i].ret);
		}
		vgpu_release_all(self->vfs, self->n);
	}
	ksft_print_msg("type %lu: %d of %d VFs sequentially and racing\n", id, seq, self->n);
}

/*
 * Concurrent writers of mixed types leave a set of types that fits. Types
 * take placements aligned to their size (sysfs-driver-nvidia-vgpu,
 * placement_id), so the set fits again when assigned largest first; in
 * another order a small type may split a large one's only placement.
 */
TEST_F(sysfs, race_mixed_types)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	struct racer r[VGPU_MAX_VFS];
	unsigned long won[VGPU_MAX_VFS], fb[VGPU_MAX_VFS];
	int i, n, round;

	if (self->n < 2)
		SKIP(return, "needs two VFs");
	n = vgpu_types(&self->vfs[0], "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);

	for (round = 0; round < 5; round++) {
		for (i = 0; i < self->n; i++)
			r[i] = (struct racer){ .vf = &self->vfs[i],
					       .id = cr[(i + round) % n].id };
		race(r, self->n);
		for (i = 0; i < self->n; i++)
			won[i] = r[i].ret ? 0 : r[i].id;
		for (i = 0; i < self->n; i++)
			fb[i] = won[i] ? vgpu_read_ul(self->vfs[i].dir, "vgpu_fb_size") : 0;
		vgpu_release_all(self->vfs, self->n);
		/* what won together must fit together, largest first */
		for (;;) {
			int big = -1;

			for (i = self->n - 1; i >= 0; i--) {
				if (won[i] && (big < 0 || fb[i] > fb[big]))
					big = i;
			}
			if (big < 0)
				break;
			EXPECT_EQ(0, vgpu_set_type(&self->vfs[big], won[big]))
				TH_LOG("round %d VF %d type %lu", round, big, won[big]);
			won[big] = 0;
		}
		vgpu_release_all(self->vfs, self->n);
	}
}

/* Two writers on one VF: one type wins, the other writer gets EBUSY. */
TEST_F(sysfs, race_same_vf)
{
	struct vgpu_type cr[VGPU_MAX_TYPES];
	struct racer r[2];
	unsigned long cur;
	int n, round, ok;

	n = vgpu_types(&self->vfs[0], "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	if (n < 2)
		SKIP(return, "needs two creatable types");

	for (round = 0; round < 10; round++) {
		r[0] = (struct racer){ .vf = &self->vfs[0], .id = cr[0].id };
		r[1] = (struct racer){ .vf = &self->vfs[0], .id = cr[1].id };
		ok = race(r, 2);
		EXPECT_EQ(1, ok);
		cur = vgpu_read_ul(self->vfs[0].dir, "current_vgpu_type");
		EXPECT_EQ(r[0].ret ? cr[1].id : cr[0].id, cur);
		EXPECT_EQ(-EBUSY, r[0].ret ? r[0].ret : r[1].ret);
		vgpu_set_type(&self->vfs[0], 0);
	}
}

/* Opening the VFIO device creates the vGPU; its type is then fixed. */
TEST_F(sysfs, busy_while_open)
{
	const struct vgpu_vf *vf = &self->vfs[0];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	struct vgpu_vfio v;
	char buf[64];
	int n, ret;

	/* without a type the device cannot be opened */
	ret = vgpu_vfio_open(&v, vf->bdf, VGPU_VFIO_GROUP);
	if (ret == -ENOENT)
		SKIP(return, "no VFIO group device");
	EXPECT_EQ(-ENODEV, ret);
	if (!ret)
		vgpu_vfio_close(&v);

	n = vgpu_types(vf, "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, vgpu_set_type(vf, cr[0].id));
	ASSERT_EQ(0, vgpu_vfio_open(&v, vf->bdf, VGPU_VFIO_GROUP));

	ASSERT_LT(0, vgpu_read(vf->dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("active\n", buf);
	EXPECT_EQ(-EBUSY, vgpu_set_type(vf, 0));
	EXPECT_EQ(-EBUSY, vgpu_set_type(vf, cr[0].id));
	if (n > 1)
		EXPECT_EQ(-EBUSY, vgpu_set_type(vf, cr[1].id));
	EXPECT_EQ(-EINVAL, vgpu_write(vf->dir, "current_vgpu_type", "junk"));
	EXPECT_EQ(0, vgpu_read(vf->dir, "creatable_vgpu_types", buf, sizeof(buf)));
	EXPECT_EQ(cr[0].id, vgpu_read_ul(vf->dir, "current_vgpu_type"));

	vgpu_vfio_close(&v);
	ASSERT_LT(0, vgpu_read(vf->dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("assigned\n", buf);
	EXPECT_EQ(0, vgpu_set_type(vf, 0));
}

TEST_HARNESS_MAIN
