/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fake_host: a test host for the GSP core. It plays both the device
 * (DMA through an IOVA map, VRAM, SR-IOV state, IRQ and timer) and the
 * CPU driver (libos/RMARGS/WPR meta, the r535 queues, RPCs), written
 * from the r535 CPU-side rules, independent of the core's code.
 */
#ifndef FAKE_HOST_H
#define FAKE_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "nvsim.h"
#include "rm_defs.h"

#define FH_SHM_PAGES	129		/* 1 PTE page + 2 x 0x40000 (r535_gsp_shared_init) */
#define FH_CQ		0x1000u		/* cmdQueueOffset */
#define FH_MQ		0x41000u	/* statQueueOffset */
#define FH_QCNT		63u		/* (0x40000 - 0x1000) / 0x1000 */
#define FH_MAX_MAPS	512
#define FH_MAX_EVENTS	512
#define FH_LOGS		64

/* CPU-side client the tests allocate (r535_gsp_client_ctor style) */
#define H_CLIENT	0xc1d00001u
#define H_DEVICE	0xde1d0000u
#define H_SUBDEV	0x5d1d0000u

enum fh_corrupt {
	FH_OK = 0,
	FH_BAD_CSUM,
	FH_BAD_SEQ,
	FH_BAD_VERSION,
	FH_BAD_SIGNATURE,
	FH_BAD_LENGTH,		/* rpc.length inconsistent with elemCount */
	FH_ELEMCOUNT_17,	/* oversize element: unrecoverable */
};

struct fh_map {
	uint64_t iova, len;
	uint8_t *ptr;
};

struct fh_event {
	uint32_t fn, len;
	uint8_t data[64];
};

struct fh_msg {
	uint32_t fn, result, len;
	uint8_t *payload;	/* malloc'd, len bytes */
};

struct fh {
	/* device side */
	struct fh_map maps[FH_MAX_MAPS];
	int nmaps;
	uint64_t next_iova;
	struct nvsim_config cfg;
	struct nvsim_host_ops ops;
	struct nvsim_sriov_state sriov;
	struct nvsim_gsp *gsp;
	int irqs, timer_arms;
	bool timer_pending;
	uint64_t timer_ns;
	/* asynchronous GSP: the work timer (nvsim_gsp_work) */
	int work_arms, work_runs;
	bool work_pending;
	uint64_t work_ns;
	/* what the core did inside a register write (doorbell) */
	bool in_register;
	int dma_writes_in_register, irqs_in_register;
	/* functions of every message received, in queue order */
	uint32_t order[512];
	int norder;
	char logs[FH_LOGS][512];
	int nlogs;

	/* CPU side */
	uint8_t *libos, *rmargs, *meta;
	uint64_t libos_iova, rmargs_iova, meta_iova;
	uint8_t *shm[FH_SHM_PAGES];
	uint64_t shm_iova[FH_SHM_PAGES];
	uint32_t cq_seq, mq_seq;
	bool no_doorbell;
	enum fh_corrupt corrupt;	/* applied to the next element pushed */
	struct fh_event ev[FH_MAX_EVENTS];
	int nev;
	int recv_errors;	/* malformed messages from the core */

	/* the VFs' display engines (ops.vf_plane), if a test sets it */
	bool (*vf_plane)(void *priv, uint32_t gfid, uint32_t head, struct nvsim_vf_plane *p);
	void *vf_plane_priv;

	/* boot options, read by fh_prepare() */
	bool opt_zero_vf_info, opt_vf_mismatch, opt_no_sriov_mode;
	bool opt_skip_sysinfo, opt_bad_registry;
	uint8_t opt_partitions;
};

struct fh *fh_new(void);
void fh_free(struct fh *h);
void fh_prepare(struct fh *h);
void fh_start(struct fh *h);
bool fh_boot(struct fh *h);	/* prepare + start + INIT_DONE + client/device/subdevice */

uint32_t fh_shm_rd32(struct fh *h, uint32_t off);
void fh_shm_wr32(struct fh *h, uint32_t off, uint32_t v);
bool fh_log_has(struct fh *h, const char *needle);
void fh_fire_timer(struct fh *h);
void fh_fire_work(struct fh *h);
/* async latency and seed of every fh_new() from NVSIM_ASYNC_SEED
 * (unset: synchronous), so a whole suite can run asynchronously */
void fh_async_from_env(struct fh *h);

/* transport */
int fh_send(struct fh *h, uint32_t fn, const void *payload, uint32_t len);
int fh_recv(struct fh *h, struct fh_msg *m);	/* 1 got one, 0 queue empty */
/* wait for the reply to fn (events are recorded), reassembling
 * CONTINUATION_RECORDs up to expect bytes; firing the timer when the
 * queue is empty. Returns payload length or -1 if no reply came. */
int fh_reply(struct fh *h, uint32_t fn, uint32_t expect, struct fh_msg *m);
void fh_msg_free(struct fh_msg *m);
int fh_count_events(struct fh *h, uint32_t fn);
const struct fh_event *fh_last_event(struct fh *h, uint32_t fn);
void fh_drain(struct fh *h);

/* RM (return the RM status; 0xdead0000 | rpc_result if the transport
 * failed, 0xdeadffff if no reply, 0xdeadfffd if rpc_result and the
 * payload's status break CPU-RM's convention: see fh_rm_call()) */
uint32_t fh_alloc(struct fh *h, uint32_t hc, uint32_t hp, uint32_t ho, uint32_t cls,
		  const void *params, uint32_t psize);
uint32_t fh_ctrl(struct fh *h, uint32_t hc, uint32_t ho, uint32_t cmd, void *params,
		 uint32_t psize);
uint32_t fh_free_obj(struct fh *h, uint32_t hroot, uint32_t hobj);
uint32_t fh_subdev_ctrl(struct fh *h, uint32_t cmd, void *params, uint32_t psize);

/* vGPU */
void fh_type(struct nvsim_vgpu_type_info *t, uint32_t id, const char *name,
	     uint64_t fb_len, uint64_t heap);
uint32_t fh_add_types(struct fh *h, const struct nvsim_vgpu_type_info *t, uint32_t n,
		      bool discard, struct nvsim_ctrl_add_vgpu_type **reply);
void fh_bootload_params(struct fh *h, struct nvsim_ctrl_bootload *b, uint32_t gfid,
			uint32_t type, uint64_t fb, uint64_t fb_len, uint64_t heap,
			uint64_t heap_len, uint32_t chid, uint32_t nch);
uint32_t fh_bootload(struct fh *h, const struct nvsim_ctrl_bootload *b);
uint32_t fh_gfid_ctrl(struct fh *h, uint32_t cmd, uint32_t gfid);

/* mailbox: write a message, ring gfid*32+17; returns result_code, or
 * 0xdeadffff if message_seq_num_processed did not reach seq */
uint32_t fh_mbox(struct fh *h, uint32_t gfid, uint64_t heap, uint32_t type, uint32_t seq,
		 const void *payload, uint32_t len, void *out, uint32_t outlen);

#endif
