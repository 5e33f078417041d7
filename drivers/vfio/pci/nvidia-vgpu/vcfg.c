// SPDX-License-Identifier: GPL-2.0-only
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * The configuration space a guest sees of a vGPU, on top of what
 * vfio-pci-core already virtualizes:
 *
 * - device and subsystem IDs come from the vGPU type;
 * - BAR1 is as large as the type says (at most the VF's BAR1), so its
 *   sizing is emulated here;
 * - the capability list holds only what a guest driver needs (power
 *   management, PCI Express, MSI-X); other capabilities read as zero and
 *   ignore writes, and there are no extended capabilities (ARI, SR-IOV
 *   internals and the like stay with the host);
 * - writes to read-only identification registers are dropped.
 *
 * Everything else goes to vfio-pci-core. These are pure functions of a
 * snapshot of the VF's configuration space taken at open.
 */
#include <linux/bitmap.h>
#include <linux/pci_ids.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include "nvidia_vgpu.h"

#define NVVGPU_BAR1_LO		PCI_BASE_ADDRESS_1
#define NVVGPU_BAR1_END		(PCI_BASE_ADDRESS_2 + 4)
#define NVVGPU_MAX_CAPS		48

static bool nvvgpu_cap_kept(u8 id)
{
	return id == PCI_CAP_ID_PM || id == PCI_CAP_ID_EXP || id == PCI_CAP_ID_MSIX;
}

static void nvvgpu_vcfg_set(struct nvvgpu_vcfg *vcfg, unsigned int pos, u8 mask, u8 val)
{
	vcfg->rmask[pos] |= mask;
	vcfg->rval[pos] = (vcfg->rval[pos] & ~mask) | (val & mask);
}

/* Emulate a read-only register of @len bytes holding @val. */
static void nvvgpu_vcfg_ro(struct nvvgpu_vcfg *vcfg, unsigned int pos, unsigned int len, u32 val)
{
	for (unsigned int i = 0; i < len; i++) {
		nvvgpu_vcfg_set(vcfg, pos + i, 0xff, val >> (8 * i));
		vcfg->wdrop[pos + i] = true;
	}
}

/* Walk the capability list of @cfg; returns the number of capabilities. */
static unsigned int nvvgpu_caps_walk(const u8 *cfg, u8 *pos, u8 *id)
{
	DECLARE_BITMAP(seen, PCI_CFG_SPACE_SIZE / 4) = {};
	unsigned int n = 0;
	u8 p;

	if (!(get_unaligned_le16(cfg + PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;

	p = cfg[PCI_CAPABILITY_LIST] & ~3;
	while (p >= PCI_STD_HEADER_SIZEOF && n < NVVGPU_MAX_CAPS) {
		if (test_and_set_bit(p / 4, seen))
			break;		/* a loop */
		pos[n] = p;
		id[n] = cfg[p + PCI_CAP_LIST_ID];
		n++;
		p = cfg[p + PCI_CAP_LIST_NEXT] & ~3;
	}
	return n;
}

/* First byte after the capability at @start: the next capability or the end. */
static unsigned int nvvgpu_cap_end(const u8 *pos, unsigned int n, unsigned int start)
{
	unsigned int end = PCI_CFG_SPACE_SIZE;

	for (unsigned int i = 0; i < n; i++) {
		if (pos[i] > start && pos[i] < end)
			end = pos[i];
	}
	return end;
}

/**
 * nvvgpu_vcfg_init - set up the virtualized configuration space
 * @vcfg: filled in
 * @cfg: the VF's standard configuration space (%PCI_CFG_SPACE_SIZE bytes)
 * @type: the vGPU type the guest gets
 */
void nvvgpu_vcfg_init(struct nvvgpu_vcfg *vcfg, const u8 *cfg, const struct nvvgpu_type *type)
{
	u8 pos[NVVGPU_MAX_CAPS], id[NVVGPU_MAX_CAPS];
	unsigned int n, kept = 0;
	u8 *link;

	memset(vcfg, 0, sizeof(*vcfg));
	vcfg->bar1_size = type->desc.bar1_size;

	nvvgpu_vcfg_ro(vcfg, PCI_VENDOR_ID, 2, PCI_VENDOR_ID_NVIDIA);
	nvvgpu_vcfg_ro(vcfg, PCI_DEVICE_ID, 2, type->desc.vf_device_id);
	nvvgpu_vcfg_ro(vcfg, PCI_REVISION_ID, 4, get_unaligned_le32(cfg + PCI_REVISION_ID));
	nvvgpu_vcfg_ro(vcfg, PCI_SUBSYSTEM_VENDOR_ID, 2, PCI_VENDOR_ID_NVIDIA);
	nvvgpu_vcfg_ro(vcfg, PCI_SUBSYSTEM_ID, 2, type->desc.vf_subsystem_id);
	for (unsigned int p = NVVGPU_BAR1_LO; p < NVVGPU_BAR1_END; p++)
		vcfg->wdrop[p] = true;	/* latched in nvvgpu_vcfg_write() */

	/*
	 * Rebuild the capability list from the kept capabilities, in their
	 * original order; hide the others from their header to the next
	 * capability (capabilities do not overlap).
	 */
	n = nvvgpu_caps_walk(cfg, pos, id);
	link = &vcfg->rval[PCI_CAPABILITY_LIST];
	nvvgpu_vcfg_ro(vcfg, PCI_CAPABILITY_LIST, 1, 0);
	for (unsigned int i = 0; i < n; i++) {
		if (!nvvgpu_cap_kept(id[i])) {
			unsigned int end = nvvgpu_cap_end(pos, n, pos[i]);

			for (unsigned int p = pos[i]; p < end; p++) {
				nvvgpu_vcfg_set(vcfg, p, 0xff, 0);
				vcfg->wdrop[p] = true;
			}
			continue;
		}
		*link = pos[i];
		nvvgpu_vcfg_ro(vcfg, pos[i] + PCI_CAP_LIST_ID, 1, id[i]);
		nvvgpu_vcfg_ro(vcfg, pos[i] + PCI_CAP_LIST_NEXT, 1, 0);
		link = &vcfg->rval[pos[i] + PCI_CAP_LIST_NEXT];
		kept++;
	}
	nvvgpu_vcfg_set(vcfg, PCI_STATUS, PCI_STATUS_CAP_LIST, kept ? PCI_STATUS_CAP_LIST : 0);
}

/**
 * nvvgpu_vcfg_reset - back to the state after a reset of the function
 * @vcfg: the virtualized configuration space
 */
void nvvgpu_vcfg_reset(struct nvvgpu_vcfg *vcfg)
{
	vcfg->bar1 = 0;
}

static u8 nvvgpu_vcfg_bar1_byte(const struct nvvgpu_vcfg *vcfg, unsigned int off)
{
	u64 v = (vcfg->bar1 & ~(vcfg->bar1_size - 1)) | NVVGPU_VCFG_BAR1_FLAGS;

	return v >> (8 * off);
}

/**
 * nvvgpu_vcfg_read - apply the virtualization to data read from the VF
 * @vcfg: the virtualized configuration space
 * @pos: offset of @buf in the configuration space
 * @buf: what vfio-pci-core returned for [@pos, @pos + @count); rewritten
 * @count: bytes in @buf
 */
void nvvgpu_vcfg_read(const struct nvvgpu_vcfg *vcfg, loff_t pos, u8 *buf, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		loff_t p = pos + i;

		if (p < 0 || p >= PCI_CFG_SPACE_SIZE)
			buf[i] = 0;	/* no extended capabilities */
		else if (p >= NVVGPU_BAR1_LO && p < NVVGPU_BAR1_END)
			buf[i] = nvvgpu_vcfg_bar1_byte(vcfg, p - NVVGPU_BAR1_LO);
		else
			buf[i] = (buf[i] & ~vcfg->rmask[p]) | (vcfg->rval[p] & vcfg->rmask[p]);
	}
}

static bool nvvgpu_vcfg_emulated(const struct nvvgpu_vcfg *vcfg, loff_t p)
{
	return p < 0 || p >= PCI_CFG_SPACE_SIZE || vcfg->wdrop[p];
}

/**
 * nvvgpu_vcfg_write_run - split a write into emulated and passed-on parts
 * @vcfg: the virtualized configuration space
 * @pos: start of the write
 * @count: its length, non-zero
 * @emulated: set to whether the run is for nvvgpu_vcfg_write() (true) or
 *	for vfio-pci-core (false)
 *
 * Return: length of the run of bytes from @pos that are handled alike.
 */
size_t nvvgpu_vcfg_write_run(const struct nvvgpu_vcfg *vcfg, loff_t pos, size_t count,
			     bool *emulated)
{
	bool e = nvvgpu_vcfg_emulated(vcfg, pos);
	size_t n = 1;

	while (n < count && nvvgpu_vcfg_emulated(vcfg, pos + n) == e)
		n++;
	*emulated = e;
	return n;
}

/**
 * nvvgpu_vcfg_write - take an emulated write
 * @vcfg: the virtualized configuration space
 * @pos: start of the write, a run nvvgpu_vcfg_write_run() said is emulated
 * @buf: the data
 * @count: its length
 *
 * BAR1 is latched; writes to everything else emulated are read-only
 * registers or hidden capabilities and are dropped.
 */
void nvvgpu_vcfg_write(struct nvvgpu_vcfg *vcfg, loff_t pos, const u8 *buf, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		loff_t p = pos + i;
		unsigned int shift;

		if (p < NVVGPU_BAR1_LO || p >= NVVGPU_BAR1_END)
			continue;
		shift = 8 * (p - NVVGPU_BAR1_LO);
		vcfg->bar1 = (vcfg->bar1 & ~(0xffULL << shift)) | ((u64)buf[i] << shift);
	}
}
