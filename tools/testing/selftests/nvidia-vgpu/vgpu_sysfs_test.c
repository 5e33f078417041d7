// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the per-VF vGPU type selection sysfs ABI
 * (Documentation/ABI/testing/sysfs-driver-nvidia-vgpu):
 *   <VF>/nvidia/creatable_vgpu_types   RO, lines "ID : NAME"
 *   <VF>/nvidia/current_vgpu_type      RW, decimal ID, 0 releases
 *
 * The VF is taken from $NVIDIA_VGPU_VF (a PCI address) or the first
 * device bound to the nvidia-vgpu-vfio-pci driver. Without one the tests
 * are skipped, so this runs unchanged on real hardware and in the
 * simulated VM. The tests restore the VF's type when they finish.
 *
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../kselftest_harness.h"

#define DRV_DIR "/sys/bus/pci/drivers/nvidia-vgpu-vfio-pci"

static int find_vf(char *path, size_t len)
{
	const char *env = getenv("NVIDIA_VGPU_VF");
	struct dirent *de;
	DIR *d;

	if (env) {
		snprintf(path, len, "/sys/bus/pci/devices/%s/nvidia", env);
		return access(path, F_OK);
	}
	d = opendir(DRV_DIR);
	if (!d)
		return -1;
	while ((de = readdir(d))) {
		if (!strchr(de->d_name, ':'))
			continue;
		snprintf(path, len, DRV_DIR "/%s/nvidia", de->d_name);
		if (!access(path, F_OK)) {
			closedir(d);
			return 0;
		}
	}
	closedir(d);
	return -1;
}

static ssize_t read_attr(const char *dir, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return n;
}

/* Returns 0 or -errno of the write. */
static int write_attr(const char *dir, const char *attr, const char *val)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

FIXTURE(vf) {
	char dir[PATH_MAX];
	char saved[32];
};

FIXTURE_SETUP(vf)
{
	if (find_vf(self->dir, sizeof(self->dir)))
		SKIP(return, "no VF bound to nvidia-vgpu-vfio-pci");
	ASSERT_LT(0, read_attr(self->dir, "current_vgpu_type", self->saved,
			       sizeof(self->saved)));
	/* Start from a VF without a type. */
	ASSERT_EQ(0, write_attr(self->dir, "current_vgpu_type", "0"));
}

FIXTURE_TEARDOWN(vf)
{
	if (self->saved[0] && strtoul(self->saved, NULL, 10)) {
		write_attr(self->dir, "current_vgpu_type", "0");
		write_attr(self->dir, "current_vgpu_type", self->saved);
	}
}

/* First type ID listed in creatable_vgpu_types, or 0. */
static unsigned long first_creatable(const char *dir)
{
	char buf[4096];

	if (read_attr(dir, "creatable_vgpu_types", buf, sizeof(buf)) <= 0)
		return 0;
	return strtoul(buf, NULL, 10);
}

TEST_F(vf, creatable_format)
{
	char buf[4096], *line, *save;
	int lines = 0;

	ASSERT_LE(0, read_attr(self->dir, "creatable_vgpu_types", buf, sizeof(buf)));
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long id;
		char *end;

		id = strtoul(line, &end, 10);
		EXPECT_NE(0, id);
		EXPECT_EQ(0, strncmp(end, " : ", 3)) TH_LOG("bad line '%s'", line);
		EXPECT_NE('\0', end[3]);
		lines++;
	}
	EXPECT_LT(0, lines) TH_LOG("a VF without a type should be able to take one");
}

TEST_F(vf, assign_read_back_release)
{
	unsigned long id = first_creatable(self->dir);
	char buf[64], want[32];

	ASSERT_NE(0, id);
	snprintf(want, sizeof(want), "%lu", id);
	ASSERT_EQ(0, write_attr(self->dir, "current_vgpu_type", want));
	ASSERT_LT(0, read_attr(self->dir, "current_vgpu_type", buf, sizeof(buf)));
	EXPECT_EQ(id, strtoul(buf, NULL, 10));
	/* A VF that has a type can take no other. */
	ASSERT_LE(0, read_attr(self->dir, "creatable_vgpu_types", buf, sizeof(buf)));
	EXPECT_STREQ("", buf);
	ASSERT_EQ(0, write_attr(self->dir, "current_vgpu_type", "0"));
	ASSERT_LT(0, read_attr(self->dir, "current_vgpu_type", buf, sizeof(buf)));
	EXPECT_EQ(0, strtoul(buf, NULL, 10));
}

TEST_F(vf, malformed_input)
{
	static const char * const bad[] = {
		"", "abc", "-1", "1x", "0x", "99999999999999999999999",
		"4294967296", " ", "1 2",
	};
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		ksft_print_msg("writing '%s'\n", bad[i]);
		EXPECT_EQ(-EINVAL, write_attr(self->dir, "current_vgpu_type", bad[i]));
	}
	/* Nothing was assigned by the failed writes. */
	ASSERT_LT(0, read_attr(self->dir, "current_vgpu_type", buf, sizeof(buf)));
	EXPECT_EQ(0, strtoul(buf, NULL, 10));
}

TEST_F(vf, unknown_type)
{
	/* An ID that is not in the type table. */
	EXPECT_EQ(-EINVAL, write_attr(self->dir, "current_vgpu_type", "4294967295"));
}

TEST_F(vf, read_only_creatable)
{
	EXPECT_NE(0, write_attr(self->dir, "creatable_vgpu_types", "1"));
}

TEST_HARNESS_MAIN
