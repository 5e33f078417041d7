// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-churn: create and destroy vGPUs many times over, the way VMs come
 * and go on a busy host, to find leaks and stuck state (run in L2 on the
 * debug kernel, followed by a kmemleak scan: vm/tests/vgpu-churn.sh).
 *
 *   vgpu-churn CYCLES TYPE_A TYPE_B
 *
 * Every cycle takes the next VF bound to nvidia-vgpu-vfio-pci (all VFs in
 * turn), opens its VFIO device - alternately through the group/container
 * path and the iommufd cdev path - which creates the vGPU, checks that
 * it is active, closes it (destroys the vGPU) and checks that it went
 * back to assigned. Every 8th cycle of a VF changes its type between
 * TYPE_A and TYPE_B through sysfs first. Prints KTAP: one result for the
 * cycles, with the first failures as diagnostics.
 */
#include <time.h>

#include "vgpu_lib.h"

static bool state_is(const struct vgpu_vf *vf, const char *want, int ms)
{
	char buf[32];

	for (int i = 0; i <= ms / 5; i++) {
		if (vgpu_read(vf->dir, "vgpu_state", buf, sizeof(buf)) > 0 &&
		    !strncmp(buf, want, strlen(want)))
			return true;
		usleep(5000);
	}
	return false;
}

int main(int argc, char **argv)
{
	struct vgpu_vf vfs[VGPU_MAX_VFS];
	unsigned long types[2];
	int cycles, nvf, bad = 0, c;
	struct timespec t0, t1;

	if (argc != 4) {
		fprintf(stderr, "usage: %s CYCLES TYPE_A TYPE_B\n", argv[0]);
		return 2;
	}
	cycles = atoi(argv[1]);
	types[0] = strtoul(argv[2], NULL, 10);
	types[1] = strtoul(argv[3], NULL, 10);
	printf("KTAP version 1\n1..1\n");
	nvf = vgpu_find_vfs(vfs, VGPU_MAX_VFS);
	if (nvf < 1) {
		printf("not ok 1 churn # no VF bound to nvidia-vgpu-vfio-pci\n");
		return 1;
	}
	vgpu_release_all(vfs, nvf);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (c = 0; c < cycles; c++) {
		const struct vgpu_vf *vf = &vfs[c % nvf];
		int round = c / nvf;
		enum vgpu_vfio_mode mode = round % 2 ? VGPU_VFIO_CDEV : VGPU_VFIO_GROUP;
		struct vgpu_vfio v;
		const char *why = NULL;
		int ret = 0;

		if (round % 8 == 0) {
			ret = vgpu_set_type(vf, 0);
			if (!ret)
				ret = vgpu_set_type(vf, types[(round / 8) % 2]);
			if (ret)
				why = "type change refused";
		}
		if (!why) {
			ret = vgpu_vfio_open(&v, vf->bdf, mode);
			if (ret)
				why = "open failed";
		}
		if (!why) {
			if (!state_is(vf, "active", 100))
				why = "not active while open";
			vgpu_vfio_close(&v);
			if (!why && !state_is(vf, "assigned", 10000))
				why = "not back to assigned after close";
		}
		if (why) {
			if (bad++ < 10)
				printf("# cycle %d, %s (%s): %s (%s)\n", c, vf->bdf,
				       mode == VGPU_VFIO_CDEV ? "cdev" : "group", why,
				       ret ? strerror(-ret) : "-");
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	vgpu_release_all(vfs, nvf);
	printf("# %d create/destroy cycles over %d VFs in %.1f s (%.0f ms each)\n", cycles, nvf,
	       t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9,
	       ((t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6) / cycles);
	printf("%s 1 churn_cycles # %d of %d failed\n", bad ? "not ok" : "ok", bad, cycles);
	return !!bad;
}
