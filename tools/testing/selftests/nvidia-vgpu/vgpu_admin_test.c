// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the administrator's sysfs ABI of a VF beyond type selection
 * (Documentation/ABI/testing/sysfs-driver-nvidia-vgpu):
 *   <VF>/nvidia/placement_id              RW, decimal placement ID
 *   <VF>/nvidia/creatable_placement_ids   RO, lines "TYPE : ID ID ..."
 *   <VF>/nvidia/supported_placement_ids   RO, lines "TYPE : ID ID ..."
 *   <VF>/nvidia/vgpu_params               RW, "key=value,..."; " " clears
 *   <VF>/nvidia/vgpu_{fb_used,channels_used,reset_count,uptime_ms}  RO
 *
 * Assigning a type reserves its placement: filling a PF with mixed sizes
 * through sysfs and then opening every VF must never fail for capacity.
 * Like vgpu_sysfs_test, everything is derived from what the driver lists;
 * VFs are taken from $NVIDIA_VGPU_VF or the driver's devices and their
 * types are released at the end.
 *
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#include "../kselftest_harness.h"
#include "vgpu_lib.h"

#define MAX_IDS 64

struct plc {
	unsigned long type;
	int n;
	unsigned long id[MAX_IDS];
};

/* Parse "TYPE : ID ID ..." lines; number of lines or -1 if malformed. */
static int parse_placements(char *buf, struct plc *p, int max)
{
	char *line, *save, *s, *end;
	int n = 0;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (n == max)
			return -1;
		errno = 0;
		p[n].type = strtoul(line, &end, 10);
		if (errno || end == line || strncmp(end, " :", 2))
			return -1;
		s = end + 2;
		p[n].n = 0;
		while (*s) {
			if (*s != ' ' || p[n].n == MAX_IDS)
				return -1;
			p[n].id[p[n].n++] = strtoul(s + 1, &end, 10);
			if (end == s + 1)
				return -1;
			s = end;
		}
		if (!p[n].n)
			return -1;
		n++;
	}
	return n;
}

static int placements(const struct vgpu_vf *vf, const char *attr, struct plc *p)
{
	char buf[8192];

	if (vgpu_read(vf->dir, attr, buf, sizeof(buf)) < 0)
		return -1;
	return parse_placements(buf, p, VGPU_MAX_TYPES);
}

static const struct plc *find_plc(const struct plc *p, int n, unsigned long type)
{
	for (int i = 0; i < n; i++) {
		if (p[i].type == type)
			return &p[i];
	}
	return NULL;
}

static bool has_id(const struct plc *p, unsigned long id)
{
	for (int i = 0; p && i < p->n; i++) {
		if (p->id[i] == id)
			return true;
	}
	return false;
}

/* The placement size of a type: the step between its supported IDs. */
static unsigned long plc_size(const struct plc *p)
{
	return p->n > 1 ? p->id[1] - p->id[0] : 0;
}

static long placement_of(const struct vgpu_vf *vf)
{
	char buf[32];

	if (vgpu_read(vf->dir, "placement_id", buf, sizeof(buf)) <= 0)
		return -1;
	return strtol(buf, NULL, 10);
}

static int set_placement(const struct vgpu_vf *vf, unsigned long id)
{
	char val[32];

	snprintf(val, sizeof(val), "%lu\n", id);
	return vgpu_write(vf->dir, "placement_id", val);
}

FIXTURE(admin) {
	struct vgpu_vf vfs[VGPU_MAX_VFS];
	int n;
	struct plc sup[VGPU_MAX_TYPES];
	int nsup;
};

FIXTURE_SETUP(admin)
{
	int i;

	self->n = vgpu_find_vfs(self->vfs, VGPU_MAX_VFS);
	if (!self->n)
		SKIP(return, "no VF bound to nvidia-vgpu-vfio-pci");
	for (i = 0; i < self->n; i++) {
		if (vgpu_set_type(&self->vfs[i], 0) == -EBUSY)
			SKIP(return, "VF %s is in use", self->vfs[i].bdf);
		vgpu_write(self->vfs[i].dir, "vgpu_params", " ");
	}
	self->nsup = placements(&self->vfs[0], "supported_placement_ids", self->sup);
	ASSERT_LE(0, self->nsup) TH_LOG("malformed supported_placement_ids");
	if (!self->nsup)
		SKIP(return, "the GPU has no vGPU type with a placement");
}

FIXTURE_TEARDOWN(admin)
{
	vgpu_release_all(self->vfs, self->n);
	for (int i = 0; i < self->n; i++)
		vgpu_write(self->vfs[i].dir, "vgpu_params", " ");
}

/* Placement IDs of a type are multiples of its size, in order. */
TEST_F(admin, placement_format)
{
	struct plc cr[VGPU_MAX_TYPES];
	int n;

	for (int i = 0; i < self->nsup; i++) {
		const struct plc *p = &self->sup[i];
		unsigned long size = plc_size(p);

		for (int j = 0; j < p->n; j++) {
			if (size)
				EXPECT_EQ(0, p->id[j] % size) TH_LOG("type %lu id %lu", p->type,
								     p->id[j]);
			if (j)
				EXPECT_EQ(size, p->id[j] - p->id[j - 1]);
		}
	}
	/* idle GPU: every supported placement is creatable */
	n = placements(&self->vfs[0], "creatable_placement_ids", cr);
	ASSERT_LE(0, n);
	for (int i = 0; i < n; i++) {
		const struct plc *s = find_plc(self->sup, self->nsup, cr[i].type);

		ASSERT_NE(NULL, s);
		for (int j = 0; j < cr[i].n; j++)
			EXPECT_TRUE(has_id(s, cr[i].id[j]));
	}
	EXPECT_EQ(-1, placement_of(&self->vfs[0])) TH_LOG("placement without a type");
}

/*
 * Fill the PF with mixed sizes through sysfs (the largest creatable type
 * first, then whatever still fits), then open every VF that got a type:
 * the assignment reserved the placement, so no open fails.
 */
TEST_F(admin, fill_mixed_then_open)
{
	struct vgpu_vfio v[VGPU_MAX_VFS];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	unsigned long types[VGPU_MAX_VFS] = { 0 };
	int i, n, assigned = 0, opened = 0, distinct = 0;

	for (i = 0; i < self->n; i++) {
		n = vgpu_types(&self->vfs[i], "creatable_vgpu_types", cr);
		ASSERT_LE(0, n);
		if (!n)
			break;
		/* alternate: largest first, then smallest, so sizes mix */
		types[i] = (i % 2) ? cr[0].id : cr[n - 1].id;
		ASSERT_EQ(0, vgpu_set_type(&self->vfs[i], types[i])) TH_LOG("type %lu", types[i]);
		EXPECT_LE(0, placement_of(&self->vfs[i]));
		if (!i || types[i] != types[0])
			distinct++;
		assigned++;
	}
	ksft_print_msg("%d VFs assigned, %d sizes\n", assigned, distinct);
	ASSERT_LT(0, assigned);

	for (i = 0; i < assigned; i++) {
		int ret = vgpu_vfio_open(&v[i], self->vfs[i].bdf, VGPU_VFIO_GROUP);

		EXPECT_EQ(0, ret) TH_LOG("open of %s (type %lu): %d", self->vfs[i].bdf, types[i],
					 ret);
		if (ret)
			break;
		opened++;
		EXPECT_EQ(0, vgpu_read_ul(self->vfs[i].dir, "vgpu_reset_count"));
	}
	for (i = 0; i < opened; i++)
		vgpu_vfio_close(&v[i]);
	EXPECT_EQ(assigned, opened);

	/* closed: the reservations stay, so the GPU is still full */
	if (assigned < self->n) {
		n = vgpu_types(&self->vfs[assigned], "creatable_vgpu_types", cr);
		EXPECT_EQ(0, n);
	}
}

/*
 * Fragmentation: a small type placed in the middle of the only placement
 * of a large type makes the large type uncreatable, whatever the total free
 * framebuffer; moving the small one out of the way makes it creatable.
 */
TEST_F(admin, fragmentation)
{
	const struct plc *small = NULL, *large = NULL;
	struct vgpu_type cr[VGPU_MAX_TYPES];
	struct plc crp[VGPU_MAX_TYPES];
	const struct vgpu_vf *a = &self->vfs[0], *b;
	int n;

	if (self->n < 2)
		SKIP(return, "needs two VFs");
	b = &self->vfs[1];
	for (int i = 0; i < self->nsup; i++) {
		if (plc_size(&self->sup[i]) == 1 && !small)
			small = &self->sup[i];
		/* a type with one placement that spans more than one unit */
		if (self->sup[i].n == 1 && self->sup[i].id[0] == 0 &&
		    (!small || self->sup[i].type != small->type))
			large = &self->sup[i];
	}
	if (!small || !large || small->n < 2)
		SKIP(return, "no small type of one unit and large type of one placement");

	n = vgpu_types(b, "creatable_vgpu_types", cr);
	ASSERT_TRUE(vgpu_has_type(cr, n, large->type));

	ASSERT_EQ(0, vgpu_set_type(a, small->type));
	ASSERT_EQ(0, set_placement(a, 1));
	EXPECT_EQ(1, placement_of(a));
	n = vgpu_types(b, "creatable_vgpu_types", cr);
	EXPECT_FALSE(vgpu_has_type(cr, n, large->type))
		TH_LOG("type %lu listed though its only placement is split", large->type);
	EXPECT_TRUE(vgpu_has_type(cr, n, small->type));
	n = placements(b, "creatable_placement_ids", crp);
	ASSERT_LE(0, n);
	EXPECT_EQ(NULL, find_plc(crp, n, large->type));
	EXPECT_FALSE(has_id(find_plc(crp, n, small->type), 1));
	EXPECT_TRUE(has_id(find_plc(crp, n, small->type), 0));
	EXPECT_EQ(-ENOSPC, vgpu_set_type(b, large->type));
	EXPECT_EQ(0, vgpu_read_ul(b->dir, "current_vgpu_type"));

	/* at its last placement the small one may or may not be in the way */
	ASSERT_EQ(0, set_placement(a, small->id[small->n - 1]));
	n = vgpu_types(b, "creatable_vgpu_types", cr);
	ksft_print_msg("small %lu at %lu, large %lu %s\n", small->type,
		       small->id[small->n - 1], large->type,
		       vgpu_has_type(cr, n, large->type) ? "creatable" : "not creatable");
	ASSERT_EQ(0, set_placement(a, 0));
	n = vgpu_types(b, "creatable_vgpu_types", cr);
	EXPECT_FALSE(vgpu_has_type(cr, n, large->type));
	ASSERT_EQ(0, vgpu_set_type(a, 0));
	n = vgpu_types(b, "creatable_vgpu_types", cr);
	EXPECT_TRUE(vgpu_has_type(cr, n, large->type));
	EXPECT_EQ(0, vgpu_set_type(b, large->type));
}

/* Bad placement input: a clean error, nothing changes. */
TEST_F(admin, placement_errors)
{
	/* (a zero-length write never reaches the driver) */
	static const char * const bad[] = {
		"\n", "abc", "-1", "+1", " 1", "1x", "0x1", "99999999999999999999",
		"4294967296",
	};
	const struct vgpu_vf *a = &self->vfs[0];
	const struct plc *p = NULL;
	char val[32];
	long before;

	/* before a type: refused */
	EXPECT_EQ(-EINVAL, set_placement(a, 0));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "current_vgpu_type"));
	EXPECT_EQ(-1, placement_of(a));

	for (int i = 0; i < self->nsup; i++) {
		if (self->sup[i].n > 1 && plc_size(&self->sup[i]) > 1)
			p = &self->sup[i];
	}
	if (!p)
		p = &self->sup[0];
	ASSERT_EQ(0, vgpu_set_type(a, p->type));
	before = placement_of(a);
	ASSERT_LE(0, before);

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, vgpu_write(a->dir, "placement_id", bad[i]))
			TH_LOG("'%s'", bad[i]);
		EXPECT_EQ(before, placement_of(a));
	}
	/* not a placement of the type: past the end, not a multiple */
	EXPECT_EQ(-EINVAL, set_placement(a, p->id[p->n - 1] + plc_size(p)));
	EXPECT_EQ(-EINVAL, set_placement(a, 4294967295UL));
	if (plc_size(p) > 1)
		EXPECT_EQ(-EINVAL, set_placement(a, p->id[0] + 1));
	EXPECT_EQ(before, placement_of(a));
	EXPECT_EQ(p->type, vgpu_read_ul(a->dir, "current_vgpu_type"));

	/* occupied by another VF */
	if (self->n > 1 && p->n > 1) {
		const struct vgpu_vf *b = &self->vfs[1];
		long pb;

		ASSERT_EQ(0, vgpu_set_type(b, p->type));
		pb = placement_of(b);
		ASSERT_LE(0, pb);
		ASSERT_NE(before, pb);
		EXPECT_EQ(-EBUSY, set_placement(a, pb));
		EXPECT_EQ(before, placement_of(a));
		EXPECT_EQ(pb, placement_of(b));
		/* its own placement again is fine */
		EXPECT_EQ(0, set_placement(a, before));
	}

	/* released: no placement */
	ASSERT_EQ(0, vgpu_set_type(a, 0));
	EXPECT_EQ(-1, placement_of(a));
	snprintf(val, sizeof(val), "%lu", p->id[0]);
	EXPECT_EQ(-EINVAL, vgpu_write(a->dir, "placement_id", val));
}

TEST_F(admin, params_good)
{
	const struct vgpu_vf *a = &self->vfs[0];
	char buf[512];

	ASSERT_EQ(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", "frame_rate_limiter=0, disable_vnc=1\n"));
	ASSERT_LT(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
	EXPECT_STREQ("frame_rate_limiter=0,disable_vnc=1\n", buf);
	/* a new write replaces the list */
	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", "enable_uvm=1"));
	ASSERT_LT(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
	EXPECT_STREQ("enable_uvm=1\n", buf);
	/* a single space clears */
	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", " "));
	EXPECT_EQ(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
}

TEST_F(admin, params_errors)
{
	static const char * const bad[] = {
		"\n", "garbage", "frame_rate_limiter", "frame_rate_limiter=2",
		"frame_rate_limiter=99999999999999999999", "frame_rate_limiter=-1",
		"no_such_key=1", "frame_rate_limiter=0,", "frame_rate_limiter=0,no_such_key=0",
		"frame_rate_limiter=0,frame_rate_limiter=1", "disable_vnc=1;enable_uvm=1",
	};
	const struct vgpu_vf *a = &self->vfs[0];
	char buf[512], big[1024];

	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", "disable_vnc=1"));
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(-EINVAL, vgpu_write(a->dir, "vgpu_params", bad[i]))
			TH_LOG("'%s'", bad[i]);
		ASSERT_LT(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
		EXPECT_STREQ("disable_vnc=1\n", buf);
	}
	memset(big, ' ', sizeof(big));
	memcpy(big, "enable_uvm=1", 12);
	EXPECT_EQ(-EINVAL, vgpu_write_n(a->dir, "vgpu_params", big, sizeof(big)));
	ASSERT_LT(0, vgpu_read(a->dir, "vgpu_params", buf, sizeof(buf)));
	EXPECT_STREQ("disable_vnc=1\n", buf);
}

/* "GFID:VNC:UVM:FRL" of a GFID in the simulator's x-plugin-params; 0 if found. */
static int sim_plugin_params(int gfid, char *out, size_t len)
{
	char cmd[256], line[1024] = "", want[16], *s;
	FILE *f;

	snprintf(cmd, sizeof(cmd), ". %s; sim_get x-plugin-params", VGPU_SIM_LIB);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	pclose(f);
	snprintf(want, sizeof(want), "%d:", gfid);
	for (s = strtok(line, " \"\n"); s; s = strtok(NULL, " \"\n")) {
		if (!strncmp(s, want, strlen(want))) {
			snprintf(out, len, "%s", s);
			return 0;
		}
	}
	return -1;
}

/*
 * The parameters reach the vGPU's plugin at create: read back on the
 * simulated GPU's side, not from our own sysfs.
 */
TEST_F(admin, params_reach_plugin)
{
	const struct vgpu_vf *a = &self->vfs[0];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	char got[64], want[64];
	struct vgpu_vfio v;
	int gfid, n;

	if (!vgpu_sim_ctl())
		SKIP(return, "not on the simulated GPU");
	gfid = vgpu_gfid(a->bdf);
	ASSERT_LT(0, gfid);
	n = vgpu_types(a, "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, vgpu_set_type(a, cr[0].id));

	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", "frame_rate_limiter=0,disable_vnc=1"));
	ASSERT_EQ(0, vgpu_vfio_open(&v, a->bdf, VGPU_VFIO_GROUP));
	/* fixed while the vGPU lives */
	EXPECT_EQ(-EBUSY, vgpu_write(a->dir, "vgpu_params", "enable_uvm=1"));
	ASSERT_EQ(0, sim_plugin_params(gfid, got, sizeof(got)));
	snprintf(want, sizeof(want), "%d:0:0:0", gfid);
	EXPECT_STREQ(want, got);
	vgpu_vfio_close(&v);

	/* the defaults: console on, UVM off, limiter on */
	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", " "));
	ASSERT_EQ(0, vgpu_vfio_open(&v, a->bdf, VGPU_VFIO_GROUP));
	ASSERT_EQ(0, sim_plugin_params(gfid, got, sizeof(got)));
	snprintf(want, sizeof(want), "%d:1:0:1", gfid);
	EXPECT_STREQ(want, got);
	vgpu_vfio_close(&v);

	ASSERT_EQ(0, vgpu_write(a->dir, "vgpu_params", "enable_uvm=1"));
	ASSERT_EQ(0, vgpu_vfio_open(&v, a->bdf, VGPU_VFIO_GROUP));
	ASSERT_EQ(0, sim_plugin_params(gfid, got, sizeof(got)));
	snprintf(want, sizeof(want), "%d:1:1:1", gfid);
	EXPECT_STREQ(want, got);
	vgpu_vfio_close(&v);
}

/* Status files: zero without a vGPU, the vGPU's values while open. */
TEST_F(admin, status_open)
{
	const struct vgpu_vf *a = &self->vfs[0];
	struct vgpu_type cr[VGPU_MAX_TYPES];
	unsigned long up1, up2, fb;
	struct vgpu_vfio v;
	char buf[64];
	int n;

	n = vgpu_types(a, "creatable_vgpu_types", cr);
	ASSERT_LT(0, n);
	ASSERT_EQ(0, vgpu_set_type(a, cr[0].id));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_fb_used"));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_uptime_ms"));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_reset_count"));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_channels_used"));

	ASSERT_EQ(0, vgpu_vfio_open(&v, a->bdf, VGPU_VFIO_GROUP));
	ASSERT_LT(0, vgpu_read(a->dir, "vgpu_state", buf, sizeof(buf)));
	EXPECT_STREQ("active\n", buf);
	fb = vgpu_read_ul(a->dir, "vgpu_fb_used");
	EXPECT_EQ(vgpu_read_ul(a->dir, "vgpu_fb_size"), fb);
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_channels_used"));	/* no guest */
	up1 = vgpu_read_ul(a->dir, "vgpu_uptime_ms");
	EXPECT_EQ(0, ioctl(v.device, VFIO_DEVICE_RESET));
	EXPECT_EQ(1, vgpu_read_ul(a->dir, "vgpu_reset_count"));
	up2 = vgpu_read_ul(a->dir, "vgpu_uptime_ms");
	EXPECT_LE(up1, up2);
	vgpu_vfio_close(&v);

	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_fb_used"));
	EXPECT_EQ(0, vgpu_read_ul(a->dir, "vgpu_reset_count"));
}

TEST_HARNESS_MAIN
