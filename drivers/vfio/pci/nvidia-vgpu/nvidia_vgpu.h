/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Copyright (c) 2026 The nvidia-vgpu authors
 *
 * Private definitions of the VFIO variant driver for the SR-IOV virtual
 * functions of NVIDIA GPUs whose PF runs nouveau's vGPU manager.
 */
#ifndef __NVIDIA_VGPU_VFIO_H__
#define __NVIDIA_VGPU_VFIO_H__

#include <linux/bitops.h>
#include <linux/build_bug.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/pci_regs.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/vfio_pci_core.h>

#include <drm/nvkm_vgpu_mgr_vfio.h>

/*
 * The vGPU type table file (types.c). All fields are little endian; the
 * layout is documented in Documentation/driver-api/vfio-nvidia-vgpu.rst and
 * produced by tools/testing/nvidia-vgpu/vgpu-types/mkvgputypes.py.
 */
#define NVVGPU_FW_MAGIC			"NVVGTYPE"
#define NVVGPU_FW_MAGIC_LEN		8
#define NVVGPU_FW_VERSION_MAJOR		1
#define NVVGPU_FW_VERSION_MINOR		0
/* firmware file of a PF: nvidia/vgpu/types-<vendor>-<device>.bin */
#define NVVGPU_FW_NAME_FMT		"nvidia/vgpu/types-%04x-%04x.bin"
#define NVVGPU_FW_NAME_LEN		48
/* largest entry size a file may declare (minor versions append to entries) */
#define NVVGPU_FW_MAX_ENTRY_SIZE	4096

/**
 * struct nvvgpu_fw_header - header of a vGPU type table file
 * @magic: %NVVGPU_FW_MAGIC, not NUL-terminated
 * @version_major: %NVVGPU_FW_VERSION_MAJOR; another major is refused
 * @version_minor: minor versions only append fields to entries
 * @header_size: size of this header, sizeof(struct nvvgpu_fw_header)
 * @file_size: size of the whole file
 * @crc32: CRC-32 (IEEE 802.3, as zlib's crc32()) of the whole file with this
 *	field read as zero
 * @entry_size: size of one entry, at least sizeof(struct nvvgpu_fw_entry),
 *	at most %NVVGPU_FW_MAX_ENTRY_SIZE, a multiple of 8
 * @entry_count: number of entries, 1 to %NVKM_VGPU_MAX_TYPES
 * @pf_vendor: PCI vendor ID of the physical GPU the table is for
 * @pf_device: PCI device ID of the physical GPU the table is for
 * @reserved: zero
 *
 * The entries follow the header back to back.
 */
struct nvvgpu_fw_header {
	u8 magic[NVVGPU_FW_MAGIC_LEN];
	__le16 version_major;
	__le16 version_minor;
	__le32 header_size;
	__le32 file_size;
	__le32 crc32;
	__le32 entry_size;
	__le32 entry_count;
	__le16 pf_vendor;
	__le16 pf_device;
	u8 reserved[28];
};

static_assert(sizeof(struct nvvgpu_fw_header) == 64);

/**
 * struct nvvgpu_fw_entry - one vGPU type in a type table file
 * @id: type ID, non-zero, unique in the file
 * @flags: NVKM_VGPU_TYPE_* flags
 * @fb_size: guest framebuffer in bytes, a non-zero multiple of 1 MiB
 * @mgmt_heap_size: framebuffer in bytes the firmware's plugin needs per vGPU,
 *	a non-zero multiple of 1 MiB
 * @fb_reservation: additional host framebuffer per vGPU in bytes
 * @mappable_fb_size: CPU-mappable part of the guest FB, at most @fb_size
 * @bar1_size: guest BAR1 in bytes, a power of two of at least 1 MiB
 * @max_instances: most vGPUs of this type on one physical GPU, non-zero
 * @num_heads: display heads, at most %NVVGPU_MAX_HEADS
 * @max_resolution_x: largest display width (0 without heads)
 * @max_resolution_y: largest display height (0 without heads)
 * @max_pixels: pixel budget over all heads
 * @frame_rate_limit: frames per second, 0 for no limit
 * @encoder_capacity: share of the video encoders in percent, 0 to 100
 * @num_channels: channel IDs of a vGPU of this type, 1 to %NVVGPU_MAX_CHANNELS
 * @vf_device_id: PCI device ID the guest sees
 * @vf_subsystem_id: PCI subsystem device ID the guest sees
 * @pf_device_id: PCI device ID of the physical GPU, as in the header
 * @series: series letter of the profile ('A' to 'Z', e.g. 'Q', 'B', 'C')
 * @reserved0: zero
 * @name: profile name, NUL-terminated, printable ASCII, not empty
 * @class_name: profile class ("Quadro", "NVS", "Compute", ...),
 *	NUL-terminated, printable ASCII, not empty
 * @license: license feature string, NUL-terminated, printable ASCII
 * @reserved: zero
 */
struct nvvgpu_fw_entry {
	__le32 id;
	__le32 flags;
	__le64 fb_size;
	__le64 mgmt_heap_size;
	__le64 fb_reservation;
	__le64 mappable_fb_size;
	__le64 bar1_size;
	__le32 max_instances;
	__le32 num_heads;
	__le32 max_resolution_x;
	__le32 max_resolution_y;
	__le32 max_pixels;
	__le32 frame_rate_limit;
	__le32 encoder_capacity;
	__le32 num_channels;
	__le16 vf_device_id;
	__le16 vf_subsystem_id;
	__le16 pf_device_id;
	u8 series;
	u8 reserved0;
	char name[NVKM_VGPU_NAME_LEN];
	char class_name[NVKM_VGPU_NAME_LEN];
	char license[NVKM_VGPU_LICENSE_LEN];
	u8 reserved[40];
};

static_assert(sizeof(struct nvvgpu_fw_entry) == 320);

#define NVVGPU_MAX_HEADS		8
#define NVVGPU_MAX_RESOLUTION		16384
#define NVVGPU_MAX_CHANNELS		4096

/**
 * struct nvvgpu_type - a validated vGPU type
 * @desc: what the vGPU manager is given
 * @num_channels: channel IDs a vGPU of this type gets
 * @series: series letter
 */
struct nvvgpu_type {
	struct nvkm_vgpu_type desc;
	u32 num_channels;
	char series;
};

/**
 * struct nvvgpu_table - the validated type table of a PF
 * @types: the types, in file order
 * @count: number of @types
 */
struct nvvgpu_table {
	struct nvvgpu_type *types;
	unsigned int count;
};

/**
 * struct nvvgpu_parse_error - why a type table was refused
 * @entry: index of the offending entry, -1 for the header
 * @reason: static description
 */
struct nvvgpu_parse_error {
	int entry;
	const char *reason;
};

int nvvgpu_fw_table_size(u32 count, u32 entry_size, u32 *size);
int nvvgpu_table_parse(const u8 *data, size_t size, u16 pf_vendor, u16 pf_device,
		       struct nvvgpu_table *table, struct nvvgpu_parse_error *err);
void nvvgpu_table_free(struct nvvgpu_table *table);
const struct nvvgpu_type *nvvgpu_table_find(const struct nvvgpu_table *table, u32 id);

/**
 * struct nvvgpu_admit_ctx - what placement of a type on a VF is checked against
 * @caps: capacity of the PF as the manager reports it
 * @vf_index: index of the VF on its PF
 * @vf_bar1_size: size of the VF's physical BAR1
 * @others: types assigned to the other VFs of the PF
 * @nr_others: number of @others
 */
struct nvvgpu_admit_ctx {
	const struct nvkm_vgpu_mgr_caps *caps;
	u32 vf_index;
	u64 vf_bar1_size;
	const struct nvvgpu_type * const *others;
	unsigned int nr_others;
};

u64 nvvgpu_type_footprint(const struct nvvgpu_type *type, u64 fb_align);
int nvvgpu_type_admit(const struct nvvgpu_admit_ctx *ctx, const struct nvvgpu_type *type);

/*
 * Virtualized configuration space (vcfg.c): pure functions over a snapshot
 * of the VF's standard configuration space, so that KUnit can test them.
 */
#define NVVGPU_VCFG_BAR1_FLAGS	(PCI_BASE_ADDRESS_SPACE_MEMORY | \
				 PCI_BASE_ADDRESS_MEM_TYPE_64 | \
				 PCI_BASE_ADDRESS_MEM_PREFETCH)

/**
 * struct nvvgpu_vcfg - what the guest sees of the VF's configuration space
 * @rmask: per byte of the standard space, the bits whose read value is @rval
 * @rval: values of the bits in @rmask
 * @wdrop: per byte of the standard space, true if writes are dropped (or,
 *	for BAR1, latched here) instead of reaching vfio-pci-core
 * @bar1: latched BAR1 value (both dwords) as the guest wrote it
 * @bar1_size: size of the guest's BAR1, a power of two
 *
 * The extended configuration space (from 0x100) is hidden: it reads as
 * zero and ignores writes, so the guest sees no extended capability.
 */
struct nvvgpu_vcfg {
	u8 rmask[PCI_CFG_SPACE_SIZE];
	u8 rval[PCI_CFG_SPACE_SIZE];
	bool wdrop[PCI_CFG_SPACE_SIZE];
	u64 bar1;
	u64 bar1_size;
};

void nvvgpu_vcfg_init(struct nvvgpu_vcfg *vcfg, const u8 *cfg, const struct nvvgpu_type *type);
void nvvgpu_vcfg_reset(struct nvvgpu_vcfg *vcfg);
void nvvgpu_vcfg_read(const struct nvvgpu_vcfg *vcfg, loff_t pos, u8 *buf, size_t count);
size_t nvvgpu_vcfg_write_run(const struct nvvgpu_vcfg *vcfg, loff_t pos, size_t count,
			     bool *emulated);
void nvvgpu_vcfg_write(struct nvvgpu_vcfg *vcfg, loff_t pos, const u8 *buf, size_t count);

/* pf.c: state shared by the VFs of one PF */
struct nvvgpu_device;

/**
 * struct nvvgpu_pf - the VFs of one PF bound to this driver
 * @node: entry in the global list of PFs
 * @kref: one reference per bound VF
 * @pdev: the PF (pinned by its VFs)
 * @lock: protects @table_ret, @table, @vfs and, for every VF on @vfs, its
 *	type and open state: taking it makes type assignment (and the
 *	resource reservation that goes with it) atomic over all the VFs of
 *	the PF
 * @table_ret: 0 if @table holds the PF's types, or why there is no table
 * @table: the PF's types
 * @vfs: the bound VFs
 */
struct nvvgpu_pf {
	struct list_head node;
	struct kref kref;
	struct pci_dev *pdev;
	struct mutex lock;		/* see above */
	int table_ret;
	struct nvvgpu_table table;
	struct list_head vfs;
};

/**
 * struct nvvgpu_device - a VF bound to this driver
 * @core_device: vfio-pci-core's device
 * @pf: the VF's PF
 * @client: client of the PF's vGPU manager
 * @vf_index: index of the VF on the PF
 * @vf_bar1_size: size of the VF's physical BAR1
 * @pf_node: entry in @pf's list of VFs (under @pf->lock)
 * @type: the assigned vGPU type or NULL (under @pf->lock)
 * @open: the VFIO device is open (under @pf->lock)
 * @state_mutex: protects @vgpu, @bme and @vcfg, and serialises the vGPU's
 *	life cycle with the resets of the VF. Never taken in the reset path
 *	itself (see nvvgpu_reset_done()): a reset holds vfio-pci-core's
 *	memory_lock, which the config write path takes under this mutex.
 * @reset_lock: protects @deferred_reset and @reset_ioctl
 * @deferred_reset: the VF was reset and the vGPU must be reset too; done by
 *	whoever releases @state_mutex next
 * @reset_ioctl: VFIO reset ioctls in progress: they do the vGPU reset of
 *	the VF resets they cause themselves, after vfio-pci-core's reset
 * @reset_err: the first error of a vGPU reset since VFIO_DEVICE_RESET
 *	started, for it to return (under @state_mutex)
 * @vgpu: the vGPU while the device is open, else a handle naming nothing
 * @bme: the bus master state the vGPU's plugin was told last
 * @vcfg: the virtualized configuration space while the device is open
 * @rc_events: channel recoveries of the current (or last) vGPU
 * @mmu_faults: MMU faults of the current (or last) vGPU
 * @disp: the display region (display.c)
 * @disp.lock: protects the other @disp fields; see display.c for its order
 * @disp.registered: the region exists (the device is open, the type has
 *	display heads)
 * @disp.region_index: its VFIO region index
 * @disp.size: its size: the vGPU's framebuffer as far as the VF's BAR1
 *	maps it
 * @disp.enabled: the last query saw an enabled plane
 * @disp.fb_offset: its framebuffer offset, what offset 0 of the region is
 * @disp.generation: the manager's flip generation of the last query
 * @disp.flips: queries that moved the region (and zapped its mappings)
 */
struct nvvgpu_device {
	struct vfio_pci_core_device core_device;
	struct nvvgpu_pf *pf;
	struct nvkm_vgpu_client *client;
	u32 vf_index;
	u64 vf_bar1_size;

	struct list_head pf_node;
	const struct nvvgpu_type *type;
	bool open;

	struct mutex state_mutex;	/* see above */
	spinlock_t reset_lock;		/* see above */
	bool deferred_reset;
	unsigned int reset_ioctl;
	int reset_err;
	struct nvkm_vgpu_handle vgpu;
	bool bme;
	struct nvvgpu_vcfg vcfg;
	atomic_t rc_events;
	atomic_t mmu_faults;
	struct {
		struct mutex lock;	/* see display.c */
		bool registered;
		u32 region_index;
		u64 size;
		bool enabled;
		u64 fb_offset;
		u32 generation;
		u32 flips;
	} disp;
};

/*
 * Subtype of the display region (type VFIO_REGION_TYPE_PCI_VENDOR_TYPE |
 * PCI_VENDOR_ID_NVIDIA); 1 is VFIO_REGION_SUBTYPE_NVIDIA_NVLINK2_RAM.
 */
#define NVVGPU_REGION_SUBTYPE_DISPLAY	0x10

/* main.c */
int nvvgpu_vgpu_plane(struct nvvgpu_device *nvdev, struct nvkm_vgpu_plane *plane);

/* display.c */
void nvvgpu_disp_init(struct nvvgpu_device *nvdev);
void nvvgpu_disp_fini(struct nvvgpu_device *nvdev);
int nvvgpu_disp_open(struct nvvgpu_device *nvdev, const struct nvvgpu_type *type);
void nvvgpu_disp_zap(struct nvvgpu_device *nvdev);
long nvvgpu_disp_ioctl_query(struct nvvgpu_device *nvdev, unsigned long arg);

struct nvvgpu_pf *nvvgpu_pf_get(struct nvvgpu_device *nvdev);
void nvvgpu_pf_put(struct nvvgpu_pf *pf);
void nvvgpu_pf_add_vf(struct nvvgpu_device *nvdev);
void nvvgpu_pf_del_vf(struct nvvgpu_device *nvdev);
int nvvgpu_pf_creatable(struct nvvgpu_device *nvdev, unsigned long *creatable);
int nvvgpu_pf_assign(struct nvvgpu_device *nvdev, u32 id);
const struct nvvgpu_type *nvvgpu_pf_mark_open(struct nvvgpu_device *nvdev);
void nvvgpu_pf_mark_closed(struct nvvgpu_device *nvdev);

/* sysfs.c */
extern const struct attribute_group *nvvgpu_dev_groups[];

#endif
