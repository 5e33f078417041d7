/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the nvidia-vgpu selftests: finding the VFs bound to
 * nvidia-vgpu-vfio-pci, their sysfs group nvidia/, and opening a VF's VFIO
 * device through the group/container path or the iommufd cdev path.
 *
 * Copyright (c) 2026 The nvidia-vgpu authors
 */
#ifndef VGPU_LIB_H
#define VGPU_LIB_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include <linux/iommufd.h>
#include <linux/vfio.h>

#define VGPU_DRV_DIR	"/sys/bus/pci/drivers/nvidia_vgpu_vfio_pci"
#define VGPU_MAX_VFS	32
#define VGPU_MAX_TYPES	64
#define VGPU_BDF_LEN	256

struct vgpu_vf {
	char bdf[VGPU_BDF_LEN];
	char dir[512];		/* .../<bdf>/nvidia */
};

struct vgpu_type {
	unsigned long id;
	char name[64];
};

static inline int vgpu_cmp_vf(const void *a, const void *b)
{
	return strcmp(((const struct vgpu_vf *)a)->bdf, ((const struct vgpu_vf *)b)->bdf);
}

/*
 * The VFs to test: $NVIDIA_VGPU_VF (one PCI address, or several separated by
 * commas) or every device bound to nvidia-vgpu-vfio-pci, sorted. Only VFs
 * of the PF of the first one are returned, so that they share resources.
 */
static inline int vgpu_find_vfs(struct vgpu_vf *vfs, int max)
{
	const char *env = getenv("NVIDIA_VGPU_VF");
	char pf0[PATH_MAX] = "", link[PATH_MAX], path[PATH_MAX];
	struct dirent *de;
	int n = 0, i, m;
	DIR *d;

	if (env) {
		char *copy = strdup(env), *tok, *save;

		for (tok = strtok_r(copy, ",", &save); tok && n < max;
		     tok = strtok_r(NULL, ",", &save)) {
			snprintf(vfs[n].bdf, sizeof(vfs[n].bdf), "%s", tok);
			n++;
		}
		free(copy);
	} else {
		d = opendir(VGPU_DRV_DIR);
		if (!d)
			return 0;
		while ((de = readdir(d)) && n < max) {
			if (!strchr(de->d_name, ':'))
				continue;
			snprintf(vfs[n].bdf, sizeof(vfs[n].bdf), "%s", de->d_name);
			n++;
		}
		closedir(d);
		qsort(vfs, n, sizeof(*vfs), vgpu_cmp_vf);
	}

	for (i = 0, m = 0; i < n; i++) {
		ssize_t len;

		snprintf(vfs[i].dir, sizeof(vfs[i].dir), "/sys/bus/pci/devices/%s/nvidia",
			 vfs[i].bdf);
		if (access(vfs[i].dir, F_OK))
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/physfn", vfs[i].bdf);
		len = readlink(path, link, sizeof(link) - 1);
		if (len < 0)
			continue;
		link[len] = '\0';
		if (!pf0[0])
			snprintf(pf0, sizeof(pf0), "%s", link);
		else if (strcmp(pf0, link))
			continue;
		vfs[m++] = vfs[i];
	}
	return m;
}

static inline ssize_t vgpu_read(const char *dir, const char *attr, char *buf, size_t len)
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

static inline unsigned long vgpu_read_ul(const char *dir, const char *attr)
{
	char buf[64];

	if (vgpu_read(dir, attr, buf, sizeof(buf)) <= 0)
		return 0;
	return strtoul(buf, NULL, 10);
}

/* Write len bytes of val; returns 0 or -errno of the write. */
static inline int vgpu_write_n(const char *dir, const char *attr, const void *val, size_t len)
{
	char path[PATH_MAX];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	if (write(fd, val, len) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static inline int vgpu_write(const char *dir, const char *attr, const char *val)
{
	return vgpu_write_n(dir, attr, val, strlen(val));
}

static inline int vgpu_set_type(const struct vgpu_vf *vf, unsigned long id)
{
	char val[32];

	snprintf(val, sizeof(val), "%lu\n", id);
	return vgpu_write(vf->dir, "current_vgpu_type", val);
}

/* Parse "ID : NAME" lines; returns the number of types or -1 if malformed. */
static inline int vgpu_parse_types(char *buf, struct vgpu_type *types, int max)
{
	char *line, *save, *end;
	int n = 0;

	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (n == max)
			return -1;
		errno = 0;
		types[n].id = strtoul(line, &end, 10);
		if (errno || end == line || strncmp(end, " : ", 3) || !end[3])
			return -1;
		snprintf(types[n].name, sizeof(types[n].name), "%s", end + 3);
		n++;
	}
	return n;
}

static inline int vgpu_types(const struct vgpu_vf *vf, const char *attr,
			     struct vgpu_type *types)
{
	char buf[8192];

	if (vgpu_read(vf->dir, attr, buf, sizeof(buf)) < 0)
		return -1;
	return vgpu_parse_types(buf, types, VGPU_MAX_TYPES);
}

static inline bool vgpu_has_type(const struct vgpu_type *types, int n, unsigned long id)
{
	for (int i = 0; i < n; i++) {
		if (types[i].id == id)
			return true;
	}
	return false;
}

/* Release the types of all VFs (none may be open). */
static inline void vgpu_release_all(const struct vgpu_vf *vfs, int n)
{
	for (int i = 0; i < n; i++)
		vgpu_set_type(&vfs[i], 0);
}

/* ---- VFIO ---------------------------------------------------------------- */

enum vgpu_vfio_mode {
	VGPU_VFIO_GROUP,	/* container + group, type1v2 */
	VGPU_VFIO_CDEV,		/* /dev/vfio/devices/vfioN + iommufd */
};

struct vgpu_vfio {
	int container, group, iommufd, device;
};

static inline void vgpu_vfio_close(struct vgpu_vfio *v)
{
	if (v->device >= 0)
		close(v->device);
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	if (v->iommufd >= 0)
		close(v->iommufd);
	v->device = -1;
	v->group = -1;
	v->container = -1;
	v->iommufd = -1;
}

static inline int vgpu_vfio_open_group(struct vgpu_vfio *v, const char *bdf)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[PATH_MAX], link[PATH_MAX];
	ssize_t len;
	int ret;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/iommu_group", bdf);
	len = readlink(path, link, sizeof(link) - 1);
	if (len < 0)
		return -errno;
	link[len] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", strrchr(link, '/') + 1);

	v->container = open("/dev/vfio/vfio", O_RDWR);
	if (v->container < 0)
		return -errno;
	v->group = open(path, O_RDWR);
	if (v->group < 0)
		return -errno;
	if (ioctl(v->group, VFIO_GROUP_GET_STATUS, &status))
		return -errno;
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE))
		return -EBUSY;
	if (ioctl(v->group, VFIO_GROUP_SET_CONTAINER, &v->container))
		return -errno;
	if (ioctl(v->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU))
		return -errno;
	ret = ioctl(v->group, VFIO_GROUP_GET_DEVICE_FD, bdf);
	if (ret < 0)
		return -errno;
	v->device = ret;
	return 0;
}

static inline int vgpu_vfio_open_cdev(struct vgpu_vfio *v, const char *bdf)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", bdf);
	d = opendir(path);
	if (!d)
		return -ENODEV;
	path[0] = '\0';
	while ((de = readdir(d))) {
		if (!strncmp(de->d_name, "vfio", 4))
			snprintf(path, sizeof(path), "/dev/vfio/devices/%s", de->d_name);
	}
	closedir(d);
	if (!path[0])
		return -ENODEV;

	v->device = open(path, O_RDWR);
	if (v->device < 0)
		return -errno;
	v->iommufd = open("/dev/iommu", O_RDWR);
	if (v->iommufd < 0)
		return -errno;
	bind.iommufd = v->iommufd;
	if (ioctl(v->device, VFIO_DEVICE_BIND_IOMMUFD, &bind))
		return -errno;
	if (ioctl(v->iommufd, IOMMU_IOAS_ALLOC, &alloc))
		return -errno;
	attach.pt_id = alloc.out_ioas_id;
	if (ioctl(v->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach))
		return -errno;
	return 0;
}

/* Open (and thereby create the vGPU of) a VF; 0 or -errno. */
static inline int vgpu_vfio_open(struct vgpu_vfio *v, const char *bdf, enum vgpu_vfio_mode mode)
{
	int ret;

	v->device = -1;
	v->group = -1;
	v->container = -1;
	v->iommufd = -1;
	ret = mode == VGPU_VFIO_GROUP ? vgpu_vfio_open_group(v, bdf) :
					vgpu_vfio_open_cdev(v, bdf);
	if (ret)
		vgpu_vfio_close(v);
	return ret;
}

static inline int vgpu_region(int device, unsigned int index, struct vfio_region_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->index = index;
	return ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info) ? -errno : 0;
}

/* pread/pwrite of a region; returns bytes or -errno. */
static inline ssize_t vgpu_rd(int device, unsigned int index, uint64_t off, void *buf, size_t len)
{
	struct vfio_region_info info;
	ssize_t n;

	if (vgpu_region(device, index, &info))
		return -errno;
	n = pread(device, buf, len, info.offset + off);
	return n < 0 ? -errno : n;
}

static inline ssize_t vgpu_wr(int device, unsigned int index, uint64_t off, const void *buf,
			      size_t len)
{
	struct vfio_region_info info;
	ssize_t n;

	if (vgpu_region(device, index, &info))
		return -errno;
	n = pwrite(device, buf, len, info.offset + off);
	return n < 0 ? -errno : n;
}

static inline uint32_t vgpu_rd32(int device, unsigned int index, uint64_t off)
{
	uint32_t v = ~0u;

	if (vgpu_rd(device, index, off, &v, sizeof(v)) != sizeof(v))
		return ~0u;
	return v;
}

static inline int vgpu_wr32(int device, unsigned int index, uint64_t off, uint32_t v)
{
	return vgpu_wr(device, index, off, &v, sizeof(v)) == sizeof(v) ? 0 : -EIO;
}

/*
 * The simulated GPU's controls (fault injection, counters), reachable only
 * inside the project's test VM through the QMP helpers of its shell library
 * (tools/testing/nvidia-vgpu/vm/lib.sh). Tests that need them skip
 * elsewhere.
 */
#define VGPU_SIM_LIB	"/nvgpu/lib.sh"

static inline bool vgpu_sim_ctl(void)
{
	return !access(VGPU_SIM_LIB, R_OK);
}

/* sim_set PROP VALUE; 0 on success */
static inline int vgpu_sim_set(const char *prop, unsigned long val)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), ". %s; sim_set %s %lu", VGPU_SIM_LIB, prop, val);
	return system(cmd) ? -EIO : 0;
}

/* sim_get PROP; -1 on error */
static inline long vgpu_sim_get(const char *prop)
{
	char cmd[256], out[64] = "";
	FILE *f;

	snprintf(cmd, sizeof(cmd), ". %s; sim_get %s", VGPU_SIM_LIB, prop);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (!fgets(out, sizeof(out), f))
		out[0] = '\0';
	pclose(f);
	return out[0] >= '0' && out[0] <= '9' ? strtol(out, NULL, 10) : -1;
}

/* The GPU function ID of a VF: its index on the PF plus one; -1 if unknown. */
static inline int vgpu_gfid(const char *bdf)
{
	char path[PATH_MAX], link[PATH_MAX];

	for (int i = 0; i < 256; i++) {
		ssize_t len;
		const char *base;

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/physfn/virtfn%d", bdf, i);
		len = readlink(path, link, sizeof(link) - 1);
		if (len < 0)
			return -1;
		link[len] = '\0';
		base = strrchr(link, '/');
		if (!strcmp(base ? base + 1 : link, bdf))
			return i + 1;
	}
	return -1;
}

#endif
