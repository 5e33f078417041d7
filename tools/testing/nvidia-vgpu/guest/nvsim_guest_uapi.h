/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nvsim_guest_uapi.h: the ioctl interface of the test-only guest driver
 * nvsim_guest.ko (tools/testing/nvidia-vgpu/guest) to guest userspace.
 * Our own definitions; no NVIDIA interface looks like this.
 *
 * One misc device per VF, /dev/nvsim-vgpu<N>. Per open file:
 * - a DMA buffer: mmap() of offset 0 allocates it (page multiple, at most
 *   NVSIM_BUF_MAX bytes, once per file). Copies address it by offset.
 * - channels, allocated from the vGPU's GSP plugin (CHAN_ALLOC) and freed
 *   with NVSIM_IOC_CHAN_FREE or when the file is closed.
 *
 * A copy is queued on a channel's GPFIFO and returns at once with the
 * semaphore payload that marks its completion; NVSIM_IOC_WAIT sleeps
 * until the channel's semaphore reached that payload (woken by the
 * non-stall MSI-X interrupt), the channel was stopped by an error
 * (-EIO, Xid in the reply) or the timeout passed (-ETIMEDOUT).
 * Errors: ENOSPC no channel left in the vGPU's range, EIO the channel
 * is dead (free it), EINVAL bad argument, ENOENT unknown channel.
 */
#ifndef NVSIM_GUEST_UAPI_H
#define NVSIM_GUEST_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define NVSIM_BUF_MAX		(256ull << 20)

/* NVSIM_IOC_DEV_INFO: what the plugin reports about the vGPU */
struct nvsim_dev_info {
	__u64 fb_size;		/* bytes of the vGPU's FB */
	__u32 num_channels;	/* channels the type allows (GET_STATE DATA3) */
	__u32 gfid;
	__u32 type_id;
	__u32 kernel_channels;	/* channels the driver holds itself (the display's) */
};

/* NVSIM_IOC_CHAN_ALLOC (out) */
struct nvsim_chan_alloc {
	__u32 chid;		/* absolute channel ID, the handle for the others */
	__u32 index;		/* index inside the vGPU's channel range */
	__u32 entries;		/* GPFIFO entries */
	__u32 pad;
};

#define NVSIM_COPY_TO_FB	0	/* buffer -> FB */
#define NVSIM_COPY_FROM_FB	1	/* FB -> buffer */
/*
 * Test only: buf_off is a raw DMA address, not an offset in the file's
 * buffer (at most 64 KiB; the negative test of an address the IOMMU
 * refuses).
 */
#define NVSIM_COPY_F_RAW_DMA	0x1

/* NVSIM_IOC_COPY (in: all but seq; out: seq) */
struct nvsim_copy {
	__u32 chid;
	__u32 dir;		/* NVSIM_COPY_* */
	__u64 buf_off;		/* offset in the file's DMA buffer */
	__u64 fb_off;		/* offset inside the vGPU's FB */
	__u64 size;		/* bytes, > 0 */
	__u32 flags;		/* NVSIM_COPY_F_* */
	__u32 seq;		/* out: semaphore payload of completion */
};

/* NVSIM_IOC_WAIT */
struct nvsim_wait {
	__u32 chid;
	__u32 seq;		/* in: payload to wait for */
	__u32 timeout_ms;	/* in: 0 = 10 s */
	__u32 sem;		/* out: semaphore value seen last */
	__u32 xid;		/* out: Xid of a dead channel, else 0 */
	__u32 pad;
	__u64 fault_addr;	/* out: fault address of a dead channel */
};

/* NVSIM_IOC_CHAN_INFO: the plugin's CHAN_INFO of a channel */
struct nvsim_chan_info {
	__u32 chid;		/* in */
	__u32 state;		/* NVSIM_VF_CHAN_* of nvsim_vf_regs.h */
	__u32 xid;
	__u32 gp_get;
	__u64 fault_addr;
	__u32 launches;
	__u32 sem_releases;
};

/*
 * NVSIM_IOC_TEST_BAD_METHOD: queue a host method that does not exist
 * (test only; the channel gets an RC error); out: seq as for a copy
 */
struct nvsim_bad_method {
	__u32 chid;
	__u32 seq;
};

/*
 * NVSIM_IOC_DISP_INFO: a head of the VF's display and the frame it scans
 * out. crc is the checksum of the frame the last completed flip made
 * live: CRC-32 (IEEE 802.3, as zlib's crc32()) over the R, G, B bytes of
 * every pixel, row-major, width x height (exactly the pixel data of a
 * binary PPM of the frame); frame_seq counts the frames presented.
 */
struct nvsim_disp_info {
	__u32 head;		/* in */
	__u32 num_heads;	/* DISP_NUM_HEADS */
	__u32 max_width, max_height;	/* DISP_MAX_SIZE */
	__u32 status;		/* HEAD_STATUS */
	__u32 vblanks;		/* HEAD_FRAME */
	__u32 flips;		/* HEAD_FLIPS */
	__u32 width, height, stride;	/* the live surface */
	__u64 fb_off;		/* its offset in the vGPU's FB */
	__u32 crc;		/* its checksum, above */
	__u32 frame_seq;
	__u32 copies;		/* frames the copy engine moved into the FB */
	__u32 pad;
};

/*
 * NVSIM_IOC_TEST_DISP_COMMIT (test only): program a head's pending state
 * as given, bypassing the KMS checks, and commit it; the device's verdict
 * comes back in status (HEAD_STATUS after the commit). Returns 0 if the
 * device accepted the commit, -EINVAL if it refused it.
 */
struct nvsim_disp_commit {
	__u32 head;
	__u32 ctrl;		/* HEAD_CTRL */
	__u64 fb_off;
	__u32 format;		/* DRM fourcc */
	__u32 stride;
	__u32 width, height;
	__u32 status;		/* out */
	__u32 pad;
};

#define NVSIM_IOC_MAGIC		'N'
#define NVSIM_IOC_DEV_INFO	_IOR(NVSIM_IOC_MAGIC, 0, struct nvsim_dev_info)
#define NVSIM_IOC_CHAN_ALLOC	_IOR(NVSIM_IOC_MAGIC, 1, struct nvsim_chan_alloc)
#define NVSIM_IOC_CHAN_FREE	_IOW(NVSIM_IOC_MAGIC, 2, __u32)
#define NVSIM_IOC_COPY		_IOWR(NVSIM_IOC_MAGIC, 3, struct nvsim_copy)
#define NVSIM_IOC_WAIT		_IOWR(NVSIM_IOC_MAGIC, 4, struct nvsim_wait)
#define NVSIM_IOC_CHAN_INFO	_IOWR(NVSIM_IOC_MAGIC, 5, struct nvsim_chan_info)
#define NVSIM_IOC_TEST_BAD_METHOD _IOWR(NVSIM_IOC_MAGIC, 6, struct nvsim_bad_method)
#define NVSIM_IOC_DISP_INFO	_IOWR(NVSIM_IOC_MAGIC, 7, struct nvsim_disp_info)
#define NVSIM_IOC_TEST_DISP_COMMIT _IOWR(NVSIM_IOC_MAGIC, 8, struct nvsim_disp_commit)

#endif /* NVSIM_GUEST_UAPI_H */
