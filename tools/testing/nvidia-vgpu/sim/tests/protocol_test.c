// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * protocol_test: drives the GSP core through fake_host the way nouveau's
 * r535 code and the vGPU manager would, and checks what comes back in
 * the message queue and in VRAM. Malformed inputs must produce the
 * specific error status, must not crash (the suite runs under ASan and
 * UBSan) and must leave the core usable unless the error is fatal.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"
#include "check.h"

#define MiB (1ull << 20)

#define BOOT() do {							\
	if (!fh_boot(h)) {						\
		CHECK(!"boot");						\
		return;							\
	}								\
} while (0)

static struct nvsim_counters ctr(struct fh *h)
{
	struct nvsim_counters c;

	nvsim_gsp_counters(h->gsp, &c);
	return c;
}

#define RUNNING(h) (nvsim_gsp_state((h)->gsp) == NVSIM_GSP_RUNNING)
#define HALTED(h) (nvsim_gsp_state((h)->gsp) == NVSIM_GSP_HALTED)

/* Layout used by the vGPU tests (fake_host: 1 GiB VRAM, WPR at 768 MiB,
 * usable FB below 758 MiB, 32 MiB VMMU segments). */
#define T869		869
#define T870		870
#define FB1		(0 * MiB)
#define FB2		(256 * MiB)
#define FBLEN		(256 * MiB)
#define HEAP1		(640 * MiB)
#define HEAP2		(672 * MiB)
#define HEAPLEN		(32 * MiB)

static bool add_std_types(struct fh *h)
{
	struct nvsim_vgpu_type_info t[2];

	fh_type(&t[0], T869, "NVIDIA L40-1B", 256 * MiB, 32 * MiB);
	fh_type(&t[1], T870, "NVIDIA L40-2B", 512 * MiB, 32 * MiB);
	return fh_add_types(h, t, 2, true, NULL) == NV_OK;
}

static uint32_t boot_vgpu(struct fh *h, uint32_t gfid, uint64_t fb, uint64_t heap,
			  uint32_t chid)
{
	struct nvsim_ctrl_bootload b;

	fh_bootload_params(h, &b, gfid, T869, fb, FBLEN, heap, HEAPLEN, chid, 512);
	return fh_bootload(h, &b);
}

static uint32_t vram32(struct fh *h, uint64_t addr)
{
	uint32_t v;

	memcpy(&v, h->cfg.vram + addr, 4);
	return v;
}

static void vram32_set(struct fh *h, uint64_t addr, uint32_t v)
{
	memcpy(h->cfg.vram + addr, &v, 4);
}

/* ================================================================== */
/* boot */

static void test_boot(struct fh *h)
{
	struct nvsim_msgq_tx_hdr tx;
	uint64_t *ptes;
	bool contiguous = true;

	BOOT();
	/* the shared memory really is scattered */
	ptes = (uint64_t *)h->shm[0];
	for (int i = 1; i < FH_SHM_PAGES; i++)
		contiguous &= ptes[i] == ptes[0] + (uint64_t)i * 0x1000;
	CHECK(!contiguous);
	/* GSP initialised its status-queue header */
	memcpy(&tx, h->shm[FH_MQ >> 12], sizeof(tx));
	CHECK_EQ(tx.msg_size, 0x1000);
	CHECK_EQ(tx.msg_count, FH_QCNT);
	CHECK_EQ(tx.entry_off, 0x1000);
	CHECK_EQ(tx.rx_hdr_off, 32);
	/* both boot RPCs consumed: GSP's cmdq read pointer == CPU's writePtr */
	CHECK_EQ(fh_shm_rd32(h, FH_MQ + 32), fh_shm_rd32(h, FH_CQ + 16));
	CHECK_EQ(fh_count_events(h, NVSIM_EV_GSP_INIT_DONE), 1);
	CHECK(h->irqs >= 1);
	CHECK_EQ(ctr(h).protocol_errors, 0);
	CHECK(fh_log_has(h, "RMSetSriovMode=1"));
}

static void test_boot_no_rmargs(struct fh *h)
{
	fh_prepare(h);
	((struct nvsim_libos_region *)h->libos)[3].id8 = 0x1234;
	fh_start(h);
	CHECK(HALTED(h));
	CHECK_EQ(ctr(h).protocol_errors, 1);
	CHECK(fh_log_has(h, "no RMARGS region"));
	CHECK_EQ(fh_shm_rd32(h, FH_MQ + 16), 0);	/* nothing posted */
}

static void test_boot_bad_wpr_meta(struct fh *h)
{
	fh_prepare(h);
	((struct nvsim_wpr_meta *)h->meta)->magic ^= 1;
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "WPR meta magic"));
}

static void test_boot_fb_size_mismatch(struct fh *h)
{
	fh_prepare(h);
	((struct nvsim_wpr_meta *)h->meta)->fb_size = 2048 * MiB;
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "fbSize"));
}

static void test_boot_heap_too_small(struct fh *h)
{
	h->opt_partitions = 32;		/* 64 + 32 * 14 MiB > 192 MiB */
	fh_prepare(h);
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "too small for 32 VF partitions"));
}

static void test_boot_bad_layout(struct fh *h)
{
	struct nvsim_wpr_meta *m;

	fh_prepare(h);
	m = (struct nvsim_wpr_meta *)h->meta;
	m->gsp_fw_heap_size = m->gsp_fw_wpr_end;	/* heap runs past WPR end */
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "FB layout inconsistent"));
}

static void test_boot_bad_cmdq_header(struct fh *h)
{
	fh_prepare(h);
	fh_shm_wr32(h, FH_CQ + 8, 0x800);	/* msgSize */
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "cmdq header"));
}

static void test_boot_queue_beyond_ptes(struct fh *h)
{
	fh_prepare(h);
	((struct nvsim_gsp_args *)h->rmargs)->mq.pte_count = 100;	/* msgq not mapped */
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "queue offsets") || fh_log_has(h, "cmdq header"));
}

static void test_boot_unmapped_pte(struct fh *h)
{
	fh_prepare(h);
	((uint64_t *)h->shm[0])[1] = 0x7770000000ull;	/* cmdq page 0 unmapped */
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "DMA read of the cmdq header failed"));
}

static void test_boot_no_system_info(struct fh *h)
{
	h->opt_skip_sysinfo = true;
	fh_prepare(h);
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "no GSP_SET_SYSTEM_INFO"));
	CHECK_EQ(fh_count_events(h, NVSIM_EV_GSP_INIT_DONE), 0);
}

static void test_boot_bad_registry(struct fh *h)
{
	h->opt_bad_registry = true;
	fh_prepare(h);
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "nameOffset outside"));
}

static void test_boot_resume_not_simulated(struct fh *h)
{
	fh_prepare(h);
	((struct nvsim_gsp_args *)h->rmargs)->sr.in_pm_transition = 1;
	fh_start(h);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "resume"));
}

static void test_start_twice(struct fh *h)
{
	BOOT();
	nvsim_gsp_start(h->gsp);
	CHECK(RUNNING(h));
	CHECK_EQ(ctr(h).protocol_errors, 1);
	CHECK(fh_log_has(h, "already running"));
	/* a halted GSP needs a reset before it starts again */
	h->corrupt = FH_ELEMCOUNT_17;
	fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, "", 0);
	CHECK(HALTED(h));
	nvsim_gsp_start(h->gsp);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "reset the device first"));
}

/* ================================================================== */
/* static info and the RM object model */

static void test_static_info(struct fh *h)
{
	struct nvsim_static_info si;
	struct fh_msg m;
	const struct nvsim_fb_region *r;
	const struct nvsim_wpr_meta *meta;

	BOOT();
	memset(&si, 0, sizeof(si));
	fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, &si, sizeof(si));
	CHECK_EQ(fh_reply(h, NVSIM_FN_GET_GSP_STATIC_INFO, 0, &m), sizeof(si));
	if (m.len != sizeof(si)) {
		fh_msg_free(&m);
		return;
	}
	CHECK_EQ(m.result, NV_OK);
	memcpy(&si, m.payload, sizeof(si));
	fh_msg_free(&m);
	meta = (const struct nvsim_wpr_meta *)h->meta;
	r = si.fb_region_info.region;
	CHECK_EQ(si.fb_region_info.num_regions, 2);
	CHECK_EQ(r[0].base, 0);
	CHECK(r[0].support_compressed && r[0].support_iso && !r[0].reserved && !r[0].protected_);
	CHECK(r[0].limit + 1 <= meta->gsp_fw_rsvd_start);
	CHECK_EQ(r[0].limit + 1, 758 * MiB);
	CHECK_EQ(r[1].base, r[0].limit + 1);
	CHECK_EQ(r[1].limit, h->cfg.vram_size - 1);
	CHECK(r[1].protected_ && r[1].reserved);
	/* RM's BAR page directories live in the reserved region */
	CHECK(si.bar1_pde_base >= r[1].base && si.bar1_pde_base < meta->gsp_fw_rsvd_start);
	CHECK(si.bar2_pde_base >= r[1].base && si.bar2_pde_base < meta->gsp_fw_rsvd_start);
	CHECK(si.bar1_pde_base != si.bar2_pde_base);
	CHECK_EQ(nvsim_gsp_bar_pdb(h->gsp, 1), si.bar1_pde_base);
	CHECK_EQ(nvsim_gsp_bar_pdb(h->gsp, 2), si.bar2_pde_base);
	CHECK_EQ(si.sriov_max_gfid, 4);
	CHECK_EQ(si.sriov_caps.total_vfs, 4);
	CHECK_EQ(si.sriov_caps.first_vf_offset, 4);
	CHECK_EQ(si.sriov_caps.first_vf_bar1, h->sriov.vf_bar_addr[1]);
	CHECK_EQ(si.sriov_caps.bar1_64bit, 1);
	CHECK_EQ(si.sriov_caps.sriov_enabled, 1);
	CHECK_EQ(si.fb_length, h->cfg.vram_size);
	/* the internal handles work for the internal controls */
	{
		struct nvsim_ctrl_intr_table it;

		memset(&it, 0, sizeof(it));
		CHECK_EQ(fh_ctrl(h, si.h_internal_client, si.h_internal_subdevice,
				 NVSIM_CTRL_INTR_GET_KERNEL_TABLE, &it, sizeof(it)), NV_OK);
		CHECK_EQ(it.table_len, 1);
		CHECK_EQ(it.table[0].engine_idx, NVSIM_MC_ENGINE_IDX_GSP);
		CHECK_EQ(it.table[0].vector_stall, NVSIM_GSP_INTR_VECTOR);
	}
}

static void test_static_info_bad_size(struct fh *h)
{
	uint8_t buf[64] = { 0 };
	struct fh_msg m;

	BOOT();
	fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, buf, sizeof(buf));
	CHECK_EQ(fh_reply(h, NVSIM_FN_GET_GSP_STATIC_INFO, 0, &m), 0);
	CHECK_EQ(m.result, NV_ERR_INVALID_ARGUMENT);
	fh_msg_free(&m);
	CHECK(RUNNING(h));
}

/* what the r535 boot of a minimal chip does after INIT_DONE */
static void test_minimal_chip_sequence(struct fh *h)
{
	struct nvsim_alloc_root root = { .h_client = 0xc1d00002, .process_id = ~0u };
	struct nvsim_alloc_device dev = { .h_client_share = 0xc1d00002 };
	struct nvsim_alloc_subdevice sub = { 0 };
	struct nvsim_alloc_vaspace va = { .index = 0 };
	struct nvsim_alloc_event ev = {
		.h_parent_client = H_CLIENT, .h_class = NVSIM_CLASS_EVENT_KERNEL_CALLBACK_EX,
		.notify_index = NVSIM_EVENT_CLIENT_RM | 0x10,
	};
	struct nvsim_ctrl_event_set_notification sn = { .event = 0x10, .action = 2 };
	struct nvsim_ctrl_copy_rsvd_pdes pd;
	struct nvsim_ctrl_fifo_device_info fi;
	struct nvsim_ctrl_ce_fault_mthd_size ce = { 0 };
	struct nvsim_ctrl_falcon_info fa;
	struct nvsim_ctrl_gsp_features gf;

	BOOT();
	/* fifo r535_fifo_runl_ctor() */
	memset(&fi, 0xff, sizeof(fi));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_FIFO_GET_DEVICE_INFO_TABLE, &fi, sizeof(fi)), NV_OK);
	CHECK_EQ(fi.num_entries, 0);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE, &ce, sizeof(ce)), NV_OK);
	CHECK(ce.size != 0);
	memset(&fa, 0xff, sizeof(fa));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GET_CONSTRUCTED_FALCON_INFO, &fa, sizeof(fa)), NV_OK);
	CHECK_EQ(fa.num_falcons, 0);
	memset(&gf, 0, sizeof(gf));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GSP_GET_FEATURES, &gf, sizeof(gf)), NV_OK);
	CHECK(gf.valid && !strcmp((char *)gf.firmware_version, "535.113.01"));

	/* mmu r535_mmu_promote_vmm(): its own client/device/subdevice + VA space */
	CHECK_EQ(fh_alloc(h, 0xc1d00002, 0xc1d00002, 0xc1d00002, NVSIM_CLASS_ROOT,
			  &root, sizeof(root)), NV_OK);
	CHECK_EQ(fh_alloc(h, 0xc1d00002, 0xc1d00002, H_DEVICE, NVSIM_CLASS_DEVICE,
			  &dev, sizeof(dev)), NV_OK);
	CHECK_EQ(fh_alloc(h, 0xc1d00002, H_DEVICE, H_SUBDEV, NVSIM_CLASS_SUBDEVICE,
			  &sub, sizeof(sub)), NV_OK);
	CHECK_EQ(fh_alloc(h, 0xc1d00002, H_DEVICE, 0x90f10000, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_OK);
	memset(&pd, 0, sizeof(pd));
	pd.page_size = 0x20000000;
	pd.virt_addr_lo = 0x20000000;
	pd.virt_addr_hi = 0x3fffffff;
	pd.num_levels_to_copy = 2;
	pd.levels[0] = (typeof(pd.levels[0])){ 0x1000000, 0x20, 1, 0x2f };
	pd.levels[1] = (typeof(pd.levels[1])){ 0x1001000, 0x1000, 1, 0x26 };
	CHECK_EQ(fh_ctrl(h, 0xc1d00002, 0x90f10000, NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES,
			 &pd, sizeof(pd)), NV_OK);
	pd.levels[1].page_shift = 0x30;		/* not decreasing */
	CHECK_EQ(fh_ctrl(h, 0xc1d00002, 0x90f10000, NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES,
			 &pd, sizeof(pd)), NV_ERR_INVALID_ARGUMENT);

	/* r535_gsp_device_event_ctor(): event under the subdevice, then notify */
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_EVENT_SET_NOTIFICATION, &sn, sizeof(sn)),
		 NV_ERR_INVALID_STATE);	/* no event object yet */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_SUBDEV, 0xcafe0010, NVSIM_CLASS_EVENT_KERNEL_CALLBACK_EX,
			  &ev, sizeof(ev)), NV_OK);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_EVENT_SET_NOTIFICATION, &sn, sizeof(sn)), NV_OK);
	sn.event = 0x1000;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_EVENT_SET_NOTIFICATION, &sn, sizeof(sn)),
		 NV_ERR_INVALID_ARGUMENT);

	/* freeing the client frees its children */
	CHECK_EQ(fh_free_obj(h, 0xc1d00002, 0xc1d00002), NV_OK);
	CHECK_EQ(fh_ctrl(h, 0xc1d00002, 0x90f10000, NVSIM_CTRL_VASPACE_COPY_SERVER_RESERVED_PDES,
			 &pd, sizeof(pd)), NV_ERR_INVALID_CLIENT);
	/* the other client is untouched */
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE, &ce, sizeof(ce)), NV_OK);
	CHECK_EQ(ctr(h).rpc_errors, 4);
}

static void test_alloc_errors(struct fh *h)
{
	struct nvsim_alloc_subdevice sub = { 0 };
	struct nvsim_alloc_device dev = { 0 };
	struct nvsim_alloc_vaspace va = { 0 };
	struct nvsim_alloc_root root = { .h_client = 0xc1d00003 };
	struct nvsim_counters c0;

	BOOT();
	c0 = ctr(h);
	/* wrong parent class: subdevice directly under the client */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_CLIENT, 0x5d1d0009, NVSIM_CLASS_SUBDEVICE,
			  &sub, sizeof(sub)), NV_ERR_INVALID_OBJECT_PARENT);
	/* VA space under the subdevice */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_SUBDEV, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_ERR_INVALID_OBJECT_PARENT);
	/* unknown parent */
	CHECK_EQ(fh_alloc(h, H_CLIENT, 0x12345678, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_ERR_INVALID_OBJECT_PARENT);
	/* duplicate handle */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, H_SUBDEV, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_ERR_INSERT_DUPLICATE_NAME);
	/* second device on one client */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_CLIENT, 0xde1d0005, NVSIM_CLASS_DEVICE,
			  &dev, sizeof(dev)), NV_ERR_STATE_IN_USE);
	/* unknown client */
	CHECK_EQ(fh_alloc(h, 0xc1d0beef, 0xc1d0beef, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_ERR_INVALID_CLIENT);
	/* unknown class */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, 0xc0b50000, 0xc7b5, &va, sizeof(va)),
		 NV_ERR_INVALID_CLASS);
	/* params size */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va) - 8), NV_ERR_INVALID_PARAM_STRUCT);
	/* client whose params name another client */
	CHECK_EQ(fh_alloc(h, 0xc1d00004, 0xc1d00004, 0xc1d00004, NVSIM_CLASS_ROOT,
			  &root, sizeof(root)), NV_ERR_INVALID_OBJECT_HANDLE);
	/* duplicate client */
	root.h_client = H_CLIENT;
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_CLIENT, H_CLIENT, NVSIM_CLASS_ROOT,
			  &root, sizeof(root)), NV_ERR_INSERT_DUPLICATE_NAME);
	CHECK_EQ(ctr(h).rpc_errors - c0.rpc_errors, 10);
	CHECK(fh_log_has(h, "GSP_RM_ALLOC rejected"));
	/* and a good one still works */
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_OK);
	CHECK(RUNNING(h));
}

static void test_free_errors(struct fh *h)
{
	struct nvsim_alloc_vaspace va = { 0 };
	struct nvsim_ctrl_vmmu_segment_size s;

	BOOT();
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, 0x90f10001, NVSIM_CLASS_VASPACE,
			  &va, sizeof(va)), NV_OK);
	CHECK_EQ(fh_free_obj(h, H_CLIENT, 0x90f10001), NV_OK);
	CHECK_EQ(fh_free_obj(h, H_CLIENT, 0x90f10001), NV_ERR_INVALID_OBJECT_HANDLE);	/* double */
	CHECK_EQ(fh_free_obj(h, H_CLIENT, 0x77777777), NV_ERR_INVALID_OBJECT_HANDLE);
	CHECK_EQ(fh_free_obj(h, 0xc1d0beef, H_DEVICE), NV_ERR_INVALID_CLIENT);
	CHECK_EQ(fh_free_obj(h, 0xc1e00000, 0x5d1d0001), NV_ERR_INSUFFICIENT_PERMISSIONS);
	/* freeing the device frees the subdevice under it */
	CHECK_EQ(fh_free_obj(h, H_CLIENT, H_DEVICE), NV_OK);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 NV_ERR_INVALID_OBJECT_HANDLE);
	CHECK_EQ(fh_free_obj(h, H_CLIENT, H_SUBDEV), NV_ERR_INVALID_OBJECT_HANDLE);
	CHECK(RUNNING(h));
}

/*
 * How an RM failure is reported, on the reply's bytes (sim/README "RM
 * failures"): ALLOC and FREE put the status in rpc_result and in the
 * payload, because CPU-RM's rpcRmApiAlloc_GSP()/rpcRmApiFree_GSP()
 * (open-gpu-kernel-modules src/nvidia/kernel/vgpu/nv/rpc.c) only see a
 * non-zero rpc_result; CONTROL keeps rpc_result NV_OK with the status
 * and the parameters in the payload (rpcRmApiControl_GSP(), nouveau's
 * r535_dp_train_target() retry). Each failure counts once.
 */
static uint32_t raw_rm(struct fh *h, uint32_t fn, const void *p, uint32_t len,
		       uint32_t status_off, uint32_t *status, uint8_t *out)
{
	struct fh_msg m;
	uint32_t result;

	*status = 0xdeadbeef;
	fh_send(h, fn, p, len);
	if (fh_reply(h, fn, len, &m) < 0)
		return 0xdeadffff;
	result = m.result;
	if (m.len != len) {
		printf("#   fn %u: reply of %u bytes, sent %u\n", fn, m.len, len);
		result = 0xdeadfffe;
	} else {
		memcpy(status, m.payload + status_off, 4);
		if (out)
			memcpy(out, m.payload, len);
	}
	fh_msg_free(&m);
	return result;
}

static void test_rm_failure_convention(struct fh *h)
{
	struct {
		struct nvsim_rpc_alloc a;
		struct nvsim_alloc_vaspace va;
	} al = { .a = { .h_client = H_CLIENT, .h_parent = H_DEVICE, .h_object = 0x90f10001,
			.h_class = 0xc7b5, .params_size = sizeof(al.va) } };
	struct {
		struct nvsim_rpc_ctrl c;
		struct nvsim_ctrl_event_set_notification sn;
	} ct = { .c = { .h_client = H_CLIENT, .h_object = H_SUBDEV,
			.cmd = NVSIM_CTRL_EVENT_SET_NOTIFICATION, .params_size = sizeof(ct.sn) } };
	struct nvsim_rpc_free fr = { .h_root = H_CLIENT, .h_object_old = 0x77777777 };
	const uint32_t aoff = offsetof(struct nvsim_rpc_alloc, status);
	const uint32_t coff = offsetof(struct nvsim_rpc_ctrl, status);
	const uint32_t foff = offsetof(struct nvsim_rpc_free, status);
	uint8_t back[sizeof(al) > sizeof(ct) ? sizeof(al) : sizeof(ct)];
	struct nvsim_counters c0;
	uint32_t st;

	BOOT();
	c0 = ctr(h);
	/* ALLOC of an unknown class: rpc_result and status INVALID_CLASS,
	 * the handles echoed */
	CHECK_EQ(raw_rm(h, NVSIM_FN_GSP_RM_ALLOC, &al, sizeof(al), aoff, &st, back),
		 NV_ERR_INVALID_CLASS);
	CHECK_EQ(st, NV_ERR_INVALID_CLASS);
	CHECK_EQ(memcmp(back, &al, aoff), 0);
	CHECK_EQ(ctr(h).rpc_errors - c0.rpc_errors, 1);
	/* the same alloc with a known class succeeds: both 0 */
	al.a.h_class = NVSIM_CLASS_VASPACE;
	CHECK_EQ(raw_rm(h, NVSIM_FN_GSP_RM_ALLOC, &al, sizeof(al), aoff, &st, NULL), NV_OK);
	CHECK_EQ(st, NV_OK);
	/* FREE of an unknown handle: rpc_result and status */
	CHECK_EQ(raw_rm(h, NVSIM_FN_FREE, &fr, sizeof(fr), foff, &st, NULL),
		 NV_ERR_INVALID_OBJECT_HANDLE);
	CHECK_EQ(st, NV_ERR_INVALID_OBJECT_HANDLE);
	CHECK_EQ(ctr(h).rpc_errors - c0.rpc_errors, 2);
	fr.h_object_old = 0x90f10001;
	CHECK_EQ(raw_rm(h, NVSIM_FN_FREE, &fr, sizeof(fr), foff, &st, NULL), NV_OK);
	CHECK_EQ(st, NV_OK);
	/* CONTROL failing in its handler (no event object yet): rpc_result
	 * NV_OK, the status and the parameters in the payload */
	ct.sn.event = 0x10;
	ct.sn.action = 2;
	CHECK_EQ(raw_rm(h, NVSIM_FN_GSP_RM_CONTROL, &ct, sizeof(ct), coff, &st, back), NV_OK);
	CHECK_EQ(st, NV_ERR_INVALID_STATE);
	CHECK_EQ(memcmp(back + sizeof(ct.c), &ct.sn, sizeof(ct.sn)), 0);
	CHECK_EQ(ctr(h).rpc_errors - c0.rpc_errors, 3);
	CHECK(RUNNING(h));
}

static void test_control_errors(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	uint8_t big[16] = { 0 };
	struct fh_msg m;

	BOOT();
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
	CHECK_EQ(s.vmmu_segment_size, 32 * MiB);
	CHECK_EQ(fh_ctrl(h, 0xc1d0beef, H_SUBDEV, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s,
			 sizeof(s)), NV_ERR_INVALID_CLIENT);
	CHECK_EQ(fh_ctrl(h, H_CLIENT, 0x5d1d7777, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s,
			 sizeof(s)), NV_ERR_INVALID_OBJECT_HANDLE);
	/* paramsSize must equal the control's size exactly */
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, big, sizeof(big)),
		 NV_ERR_INVALID_PARAM_STRUCT);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, big, 4),
		 NV_ERR_INVALID_PARAM_STRUCT);
	/* unknown control, logged with its ID */
	CHECK_EQ(fh_subdev_ctrl(h, 0x20800199, big, 4), NV_ERR_NOT_SUPPORTED);
	CHECK(fh_log_has(h, "unknown control 0x20800199"));
	/* a subdevice control sent to the device object */
	CHECK_EQ(fh_ctrl(h, H_CLIENT, H_DEVICE, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s,
			 sizeof(s)), NV_ERR_NOT_SUPPORTED);
	CHECK(fh_log_has(h, "not accepted by object"));
	/* paramsSize that disagrees with the RPC length: transport error */
	{
		struct nvsim_rpc_ctrl c = { H_CLIENT, H_SUBDEV, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE,
					    0, 64, 0 };
		uint8_t buf[sizeof(c) + 8] = { 0 };

		memcpy(buf, &c, sizeof(c));
		fh_send(h, NVSIM_FN_GSP_RM_CONTROL, buf, sizeof(buf));
		CHECK(fh_reply(h, NVSIM_FN_GSP_RM_CONTROL, 0, &m) >= 0);
		CHECK_EQ(m.result, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT);
		fh_msg_free(&m);
	}
	CHECK(RUNNING(h));
}

static void test_unknown_function(struct fh *h)
{
	struct fh_msg m;
	uint32_t x = 0;

	BOOT();
	fh_send(h, 200, &x, sizeof(x));
	CHECK(fh_reply(h, 200, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_ERR_NOT_SUPPORTED);
	fh_msg_free(&m);
	CHECK(fh_log_has(h, "unknown function 200"));
	CHECK(RUNNING(h));
	CHECK_EQ(ctr(h).rpc_errors, 1);
}

static void test_update_bar_pde(struct fh *h)
{
	struct nvsim_rpc_update_bar_pde p = { NVSIM_PDE_BAR_2, (0x2000000ull >> 4) | 2, 47 };
	uint64_t pdb, entry;
	struct fh_msg m;

	BOOT();
	pdb = nvsim_gsp_bar_pdb(h->gsp, 2);
	fh_send(h, NVSIM_FN_UPDATE_BAR_PDE, &p, sizeof(p));
	CHECK(fh_reply(h, NVSIM_FN_UPDATE_BAR_PDE, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_OK);
	fh_msg_free(&m);
	memcpy(&entry, h->cfg.vram + pdb, 8);
	CHECK_EQ(entry, p.entry_value);
	/* only the root level is GSP's */
	p.entry_level_shift = 38;
	fh_send(h, NVSIM_FN_UPDATE_BAR_PDE, &p, sizeof(p));
	CHECK(fh_reply(h, NVSIM_FN_UPDATE_BAR_PDE, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_ERR_INVALID_ARGUMENT);
	fh_msg_free(&m);
	/* sysmem aperture or beyond VRAM */
	p.entry_level_shift = 47;
	p.entry_value = (0x80000000000ull >> 4) | 2;
	fh_send(h, NVSIM_FN_UPDATE_BAR_PDE, &p, sizeof(p));
	CHECK(fh_reply(h, NVSIM_FN_UPDATE_BAR_PDE, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_ERR_INVALID_ARGUMENT);
	fh_msg_free(&m);
	memcpy(&entry, h->cfg.vram + pdb, 8);
	CHECK_EQ(entry, (0x2000000ull >> 4) | 2);	/* unchanged */
	/* r535_bar_bar2_fini() clears it */
	p.entry_value = 0;
	fh_send(h, NVSIM_FN_UPDATE_BAR_PDE, &p, sizeof(p));
	CHECK(fh_reply(h, NVSIM_FN_UPDATE_BAR_PDE, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_OK);
	fh_msg_free(&m);
	memcpy(&entry, h->cfg.vram + pdb, 8);
	CHECK_EQ(entry, 0);
}

static void test_unloading(struct fh *h)
{
	struct nvsim_rpc_unloading u = { 0, 0, 0 };
	struct fh_msg m;

	BOOT();
	fh_send(h, NVSIM_FN_UNLOADING_GUEST_DRIVER, &u, sizeof(u));
	CHECK(fh_reply(h, NVSIM_FN_UNLOADING_GUEST_DRIVER, 0, &m) >= 0);
	CHECK_EQ(m.result, NV_OK);
	fh_msg_free(&m);
	CHECK(nvsim_gsp_unloaded(h->gsp));
	CHECK_EQ(nvsim_gsp_state(h->gsp), NVSIM_GSP_OFF);
	/* further doorbells are ignored */
	fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, "", 0);
	CHECK(fh_log_has(h, "cmdq doorbell ignored"));
	/* a reset and a fresh boot bring it back */
	nvsim_gsp_reset(h->gsp);
	CHECK(!nvsim_gsp_unloaded(h->gsp));
	for (int i = 0; i < h->nmaps; i++)
		free(h->maps[i].ptr);
	h->nmaps = 0;
	h->cq_seq = h->mq_seq = 0;
	h->nev = 0;
	BOOT();
	CHECK(RUNNING(h));
	CHECK_EQ(fh_count_events(h, NVSIM_EV_GSP_INIT_DONE), 1);
}

/* ================================================================== */
/* transport */

static void test_bad_checksum(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	struct nvsim_counters c0;

	BOOT();
	c0 = ctr(h);
	h->corrupt = FH_BAD_CSUM;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdead0000 | (NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT & 0xffff));
	CHECK_EQ(s.vmmu_segment_size, 0);
	CHECK_EQ(ctr(h).protocol_errors - c0.protocol_errors, 1);
	CHECK(fh_log_has(h, "bad element checksum"));
	CHECK(RUNNING(h));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
	CHECK_EQ(s.vmmu_segment_size, 32 * MiB);
}

static void test_bad_seq(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };

	BOOT();
	h->corrupt = FH_BAD_SEQ;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdead0000 | (NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT & 0xffff));
	CHECK(fh_log_has(h, "seqNum"));
	/* the core resynchronises on the sender's numbering */
	h->cq_seq += 5;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
	CHECK(RUNNING(h));
}

static void test_bad_header(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	struct nvsim_counters c0;

	BOOT();
	c0 = ctr(h);
	h->corrupt = FH_BAD_VERSION;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdead0000 | (NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT & 0xffff));
	h->corrupt = FH_BAD_SIGNATURE;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdead0000 | (NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT & 0xffff));
	h->corrupt = FH_BAD_LENGTH;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdead0000 | (NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT & 0xffff));
	CHECK(fh_log_has(h, "header_version 0x02000000"));
	CHECK(fh_log_has(h, "inconsistent with elemCount"));
	CHECK_EQ(ctr(h).protocol_errors - c0.protocol_errors, 3);
	CHECK(RUNNING(h));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
}

static void test_oversize_element(struct fh *h)
{
	struct fh_msg m;

	BOOT();
	h->corrupt = FH_ELEMCOUNT_17;
	fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, "", 0);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "elemCount 17"));
	CHECK_EQ(fh_recv(h, &m), 0);	/* a halted GSP answers nothing */
	/* doorbells on a halted GSP are harmless */
	nvsim_gsp_cmdq_doorbell(h->gsp);
	nvsim_gsp_doorbell(h->gsp, 1 * 32 + 17);
	CHECK(HALTED(h));
}

static void test_write_ptr_out_of_range(struct fh *h)
{
	BOOT();
	fh_shm_wr32(h, FH_CQ + 16, 200);
	nvsim_gsp_cmdq_doorbell(h->gsp);
	CHECK(HALTED(h));
	CHECK(fh_log_has(h, "writePtr 200"));
}

static void test_orphan_continuation(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	uint8_t junk[100] = { 0 };
	struct fh_msg m;

	BOOT();
	fh_send(h, NVSIM_FN_CONTINUATION_RECORD, junk, sizeof(junk));
	CHECK_EQ(fh_recv(h, &m), 0);	/* nothing answers a continuation */
	CHECK(fh_log_has(h, "CONTINUATION_RECORD without a pending RPC"));
	CHECK_EQ(ctr(h).protocol_errors, 1);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
}

static void test_interrupted_continuation(struct fh *h)
{
	struct nvsim_ctrl_add_vgpu_type *p = calloc(1, sizeof(*p));
	uint32_t len = (uint32_t)(sizeof(struct nvsim_rpc_ctrl) + sizeof(*p));
	uint8_t *buf = calloc(1, len);
	struct nvsim_rpc_ctrl c = { H_CLIENT, H_SUBDEV, NVSIM_CTRL_VGPU_ADD_TYPE, 0,
				    sizeof(*p), 0 };
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	struct fh_msg m;

	BOOT();
	memcpy(buf, &c, sizeof(c));
	/* only the first piece, then an unrelated RPC */
	fh_send(h, NVSIM_FN_GSP_RM_CONTROL, buf, NVSIM_RPC_MAX_PAYLOAD);
	CHECK_EQ(fh_recv(h, &m), 0);	/* waiting for the rest */
	{
		struct nvsim_rpc_ctrl g = { H_CLIENT, H_SUBDEV, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE,
					    0, sizeof(s), 0 };
		uint8_t gb[sizeof(g) + sizeof(s)] = { 0 };

		memcpy(gb, &g, sizeof(g));
		fh_send(h, NVSIM_FN_GSP_RM_CONTROL, gb, sizeof(gb));
	}
	/* the interrupted RPC gets an error reply, then the good one its answer */
	CHECK_EQ(fh_reply(h, NVSIM_FN_GSP_RM_CONTROL, 0, &m), 0);
	CHECK_EQ(m.result, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT);
	fh_msg_free(&m);
	CHECK_EQ(fh_reply(h, NVSIM_FN_GSP_RM_CONTROL, 0, &m), sizeof(c) + sizeof(s));
	CHECK_EQ(m.result, NV_OK);
	if (m.len == sizeof(c) + sizeof(s)) {
		memcpy(&s, m.payload + sizeof(c), sizeof(s));
		CHECK_EQ(s.vmmu_segment_size, 32 * MiB);
	}
	fh_msg_free(&m);
	CHECK(fh_log_has(h, "interrupted by fn 76"));
	CHECK(RUNNING(h));
	free(buf);
	free(p);
}

/* Many RPCs: both queues wrap around several times. */
static void test_queue_wrap(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s;
	struct nvsim_static_info si;
	struct fh_msg m;
	int ok = 0;

	BOOT();
	for (int i = 0; i < 200; i++) {
		s.vmmu_segment_size = 0;
		ok += fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)) == NV_OK &&
		      s.vmmu_segment_size == 32 * MiB;
		if (i % 17 == 0) {
			memset(&si, 0, sizeof(si));
			fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, &si, sizeof(si));
			ok += fh_reply(h, NVSIM_FN_GET_GSP_STATIC_INFO, 0, &m) == sizeof(si) &&
			      !m.result;
			fh_msg_free(&m);
		}
	}
	CHECK_EQ(ok, 200 + 12);
	CHECK(h->cq_seq > 3 * FH_QCNT);
	CHECK_EQ(ctr(h).protocol_errors, 0);
}

/* GSP never overruns the CPU's msgq read pointer; the rest waits. */
static void test_msgq_backpressure(struct fh *h)
{
	struct nvsim_rpc_ctrl c = { H_CLIENT, H_SUBDEV, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE,
				    0, 8, 0 };
	uint8_t buf[sizeof(c) + 8] = { 0 };
	int got = 0;
	struct fh_msg m;

	BOOT();
	memcpy(buf, &c, sizeof(c));
	/* 100 requests without reading a reply (each is one slot) */
	for (int i = 0; i < 100; i++)
		CHECK_EQ(fh_send(h, NVSIM_FN_GSP_RM_CONTROL, buf, sizeof(buf)), 0);
	/* the queue holds at most msgCount - 1 elements */
	CHECK_EQ((fh_shm_rd32(h, FH_MQ + 16) + FH_QCNT - fh_shm_rd32(h, FH_CQ + 32)) % FH_QCNT,
		 FH_QCNT - 1);
	CHECK(h->timer_pending);
	while (fh_recv(h, &m) || (h->timer_pending && (fh_fire_timer(h), fh_recv(h, &m)))) {
		got += m.fn == NVSIM_FN_GSP_RM_CONTROL && !m.result;
		fh_msg_free(&m);
	}
	CHECK_EQ(got, 100);
	CHECK_EQ(h->recv_errors, 0);
}

/* ================================================================== */
/* vGPU types: a 316936-byte control in continuation records, and its
 * reply reassembled from several messages */

static void test_add_type_large(struct fh *h)
{
	struct nvsim_vgpu_type_info *t = calloc(NVSIM_MAX_VGPU_TYPES, sizeof(*t));
	struct nvsim_ctrl_add_vgpu_type *sent;
	struct nvsim_ctrl_bootload b;
	int conts_before, msgs;
	uint32_t cq0;

	BOOT();
	for (uint32_t i = 0; i < NVSIM_MAX_VGPU_TYPES; i++) {
		char name[32];

		snprintf(name, sizeof(name), "NVIDIA SIM-%uB", i + 1);
		fh_type(&t[i], 900 + i, name, 256 * MiB, 32 * MiB);
	}
	cq0 = h->cq_seq;
	conts_before = h->mq_seq;
	/* fh_subdev_ctrl -> fh_send splits, fh_reply reassembles and
	 * checks the core's message framing */
	CHECK_EQ(fh_add_types(h, t, NVSIM_MAX_VGPU_TYPES, true, &sent), NV_OK);
	/* 316960 bytes = 5 pieces on the way in and out */
	CHECK_EQ(h->cq_seq - cq0, 5);
	msgs = (int)h->mq_seq - conts_before;
	CHECK_EQ(msgs, 5);
	/* the reply echoed the parameters byte for byte */
	for (uint32_t i = 0; i < NVSIM_MAX_VGPU_TYPES; i++)
		CHECK(!memcmp(&sent->vgpu_info[i], &t[i], sizeof(t[i])));
	CHECK_EQ(sent->vgpu_info_count, NVSIM_MAX_VGPU_TYPES);
	CHECK_EQ(h->recv_errors, 0);
	/* the reply needed more slots than the queue has: timer-paced */
	CHECK(h->timer_arms >= 1);
	/* the last type is usable */
	fh_bootload_params(h, &b, 1, 963, FB1, FBLEN, HEAP1, HEAPLEN, 0, 512);
	CHECK_EQ(fh_bootload(h, &b), NV_OK);
	free(sent);
	free(t);
}

static void test_add_type_invalid(struct fh *h)
{
	struct nvsim_vgpu_type_info t[2];
	struct nvsim_ctrl_bootload b;

	BOOT();
	fh_type(&t[0], T869, "NVIDIA L40-1B", 256 * MiB, 32 * MiB);
	fh_type(&t[1], T870, "NVIDIA L40-2B", 512 * MiB, 32 * MiB);
	{
		struct nvsim_ctrl_add_vgpu_type *p = calloc(1, sizeof(*p));

		p->discard_vgpu_types = 1;
		p->vgpu_info_count = 65;
		p->vgpu_info[0] = t[0];
		CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_ADD_TYPE, p, sizeof(*p)),
			 NV_ERR_INVALID_ARGUMENT);
		CHECK(fh_log_has(h, "vgpuInfoCount 65"));
		free(p);
	}
	memset(t[1].vgpu_name, 'x', sizeof(t[1].vgpu_name));
	CHECK_EQ(fh_add_types(h, t, 2, true, NULL), NV_ERR_INVALID_ARGUMENT);
	CHECK(fh_log_has(h, "not NUL-terminated"));
	fh_type(&t[1], T870, "NVIDIA L40-2B", 0, 32 * MiB);
	CHECK_EQ(fh_add_types(h, t, 2, true, NULL), NV_ERR_INVALID_ARGUMENT);
	fh_type(&t[1], T870, "NVIDIA L40-2B", 512 * MiB, 0);
	CHECK_EQ(fh_add_types(h, t, 2, true, NULL), NV_ERR_INVALID_ARGUMENT);
	fh_type(&t[1], T869, "NVIDIA L40-2B", 512 * MiB, 32 * MiB);
	CHECK_EQ(fh_add_types(h, t, 2, true, NULL), NV_ERR_INVALID_ARGUMENT);	/* dup ID */
	/* nothing was stored by the rejected uploads */
	fh_bootload_params(h, &b, 1, T869, FB1, FBLEN, HEAP1, HEAPLEN, 0, 512);
	CHECK_EQ(fh_bootload(h, &b), NV_ERR_OBJECT_NOT_FOUND);
	/* discard semantics: a later upload without discard appends */
	CHECK_EQ(fh_add_types(h, t, 1, true, NULL), NV_OK);
	fh_type(&t[1], T870, "NVIDIA L40-2B", 512 * MiB, 32 * MiB);
	CHECK_EQ(fh_add_types(h, &t[1], 1, false, NULL), NV_OK);
	CHECK_EQ(fh_bootload(h, &b), NV_OK);
	/* discarding a type in use is refused; replacing the table with it kept works */
	CHECK_EQ(fh_add_types(h, &t[1], 1, true, NULL), NV_ERR_IN_USE);
	CHECK_EQ(fh_add_types(h, t, 1, true, NULL), NV_OK);
	CHECK(RUNNING(h));
}

/* ================================================================== */
/* bootload */

static void test_bootload(struct fh *h)
{
	struct nvsim_vgpu_info vi;
	struct nvsim_ctrl_fb_usage u;
	struct nvsim_ctrl_enumerate_vgpu *en = calloc(1, sizeof(*en));
	const struct fh_event *e;
	struct nvsim_rpc_plugin_triggered pt;

	BOOT();
	CHECK(add_std_types(h));
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && !vi.live && !vi.plugin_state);
	CHECK_EQ(vram32(h, HEAP1 + 8), 0);
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	/* the plugin announced itself in ctrl.message_seq_num */
	CHECK_EQ(vram32(h, HEAP1 + 8), 0x4E654A6F);
	/* and with VGPU_GSP_PLUGIN_TRIGGERED {gfid, BOOTLOADED} */
	fh_drain(h);
	e = fh_last_event(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
	CHECK(e && e->len == sizeof(pt));
	if (e) {
		memcpy(&pt, e->data, sizeof(pt));
		CHECK_EQ(pt.gfid, 1);
		CHECK_EQ(pt.notify_index, NVSIM_A084_NOTIFY_BOOTLOADED);
	}
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi));
	CHECK(vi.live);
	CHECK_EQ(vi.type_id, T869);
	CHECK(!strcmp(vi.type_name, "NVIDIA L40-1B"));
	CHECK_EQ(vi.fb_addr, FB1);
	CHECK_EQ(vi.fb_size, FBLEN);
	CHECK_EQ(vi.num_chids, 512);
	CHECK_EQ(vi.plugin_state, NVSIM_PLUGIN_BOOTLOADED);
	CHECK(!nvsim_gsp_vgpu_info(h->gsp, 0, &vi));
	CHECK(!nvsim_gsp_vgpu_info(h->gsp, 5, &vi));
	/* second vGPU, then the queries */
	CHECK_EQ(boot_vgpu(h, 3, FB2, HEAP2, 512), NV_OK);
	memset(&u, 0, sizeof(u));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_GET_FB_USAGE, &u, sizeof(u)), NV_OK);
	CHECK_EQ(u.vgpu_count, 2);
	CHECK_EQ(u.usage[0].gfid, 1);
	CHECK_EQ(u.usage[1].gfid, 3);
	CHECK_EQ(u.usage[1].fb_used, FBLEN);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_ENUMERATE, en, sizeof(*en)), NV_OK);
	CHECK_EQ(en->num_vgpu, 2);
	CHECK_EQ(en->vgpu_guest[1].host_vgpu_device.gfid, 3);
	CHECK_EQ(en->vgpu_guest[1].host_vgpu_device.vgpu_pci_id, 0x0100 + 4 + 2);
	CHECK_EQ(ctr(h).bootloads, 2);
	CHECK_EQ(ctr(h).bootload_rejects, 0);
	free(en);
}

#define BL_EXPECT(b, st) do {						\
	uint64_t _r = ctr(h).bootload_rejects;				\
	CHECK_EQ(fh_bootload(h, (b)), (st));				\
	CHECK_EQ(ctr(h).bootload_rejects - _r, (st) ? 1 : 0);		\
} while (0)

static void test_bootload_fb_rules(struct fh *h)
{
	struct nvsim_ctrl_bootload b;

	BOOT();
	CHECK(add_std_types(h));
	/* unaligned to the 32 MiB VMMU segment */
	fh_bootload_params(h, &b, 1, T869, FB1 + 16 * MiB, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);
	fh_bootload_params(h, &b, 1, T869, FB1, FBLEN - 16 * MiB, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);
	CHECK(fh_log_has(h, "not aligned to the VMMU segment size"));
	/* in the reserved area (usable FB ends at 758 MiB) */
	fh_bootload_params(h, &b, 1, T869, 736 * MiB, 64 * MiB, HEAP1, HEAPLEN, 0, 512);
	b.vgpu_type = T870;
	BL_EXPECT(&b, NV_ERR_INVALID_ADDRESS);
	/* beyond VRAM */
	fh_bootload_params(h, &b, 1, T869, 1024 * MiB, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_LIMIT);
	fh_bootload_params(h, &b, 1, T869, 0xffffffffe0000000ull, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_LIMIT);
	/* larger than the type allows */
	fh_bootload_params(h, &b, 1, T869, FB1, 2 * FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_LIMIT);
	/* heap in the reserved area, too small, overlapping its own FB */
	fh_bootload_params(h, &b, 1, T869, FB1, FBLEN, 752 * MiB, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_ADDRESS);
	fh_bootload_params(h, &b, 1, T869, FB1, FBLEN, HEAP1, 0x264000, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_LIMIT);
	fh_bootload_params(h, &b, 1, T869, FB1, FBLEN, FB1 + 32 * MiB, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	/* two segments that overlap each other */
	fh_bootload_params(h, &b, 1, T869, FB1, 128 * MiB, HEAP1, HEAPLEN, 0, 512);
	b.num_guest_fb_segments = 2;
	b.guest_fb_phys_addr[1] = FB1 + 96 * MiB;
	b.guest_fb_length[1] = 64 * MiB;
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);
	/* two disjoint segments are fine */
	b.guest_fb_phys_addr[1] = 384 * MiB;
	BL_EXPECT(&b, NV_OK);
	CHECK_EQ(vram32(h, HEAP1 + 8), 0x4E654A6F);
	CHECK(RUNNING(h));
}

static void test_bootload_overlaps(struct fh *h)
{
	struct nvsim_ctrl_bootload b;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	/*
	 * FB that is vGPU 1's, exactly (what a CPU driver that handed one
	 * vGPU another's FB would ask for): refused, and GFID 2 keeps no
	 * state, while vGPU 1 and its FB are untouched
	 */
	vram32_set(h, FB1 + 4096, 0x5a5a5a5a);
	fh_bootload_params(h, &b, 2, T869, FB1, FBLEN, HEAP2, HEAPLEN, 512, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	CHECK(fh_log_has(h, "FB segment 0 overlaps GFID 1's FB"));
	{
		struct nvsim_vgpu_info vi;

		CHECK(nvsim_gsp_vgpu_info(h->gsp, 2, &vi));
		CHECK_EQ(vi.plugin_state, NVSIM_PLUGIN_NONE);
		CHECK(!vi.live);
		CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi));
		CHECK(vi.live);
		CHECK_EQ(vi.fb_addr, FB1);
	}
	CHECK_EQ(vram32(h, FB1 + 4096), 0x5a5a5a5a);
	CHECK_EQ(ctr(h).bootloads, 1);
	/* FB overlapping vGPU 1's FB */
	fh_bootload_params(h, &b, 2, T869, FB1 + 128 * MiB, FBLEN, HEAP2, HEAPLEN, 512, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	CHECK(fh_log_has(h, "overlaps GFID 1's FB"));
	/* FB overlapping vGPU 1's heap */
	fh_bootload_params(h, &b, 2, T869, 448 * MiB, FBLEN, HEAP2 + 32 * MiB, HEAPLEN,
			   512, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	/* heap overlapping vGPU 1's heap */
	fh_bootload_params(h, &b, 2, T869, FB2, FBLEN, HEAP1 + 16 * MiB, HEAPLEN, 512, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	/* channels overlapping */
	fh_bootload_params(h, &b, 2, T869, FB2, FBLEN, HEAP2, HEAPLEN, 256, 512);
	BL_EXPECT(&b, NV_ERR_IN_USE);
	CHECK(fh_log_has(h, "channels overlap GFID 1's"));
	/* channels beyond the GPU's */
	fh_bootload_params(h, &b, 2, T869, FB2, FBLEN, HEAP2, HEAPLEN, 1800, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_LIMIT);
	/* and the same vGPU without overlaps */
	fh_bootload_params(h, &b, 2, T869, FB2, FBLEN, HEAP2, HEAPLEN, 512, 512);
	BL_EXPECT(&b, NV_OK);
	/* GFID already live */
	fh_bootload_params(h, &b, 2, T869, 512 * MiB, 128 * MiB, 704 * MiB, HEAPLEN, 1024, 512);
	BL_EXPECT(&b, NV_ERR_STATE_IN_USE);
}

static void test_bootload_vf_rules(struct fh *h)
{
	struct nvsim_ctrl_bootload b;

	BOOT();
	CHECK(add_std_types(h));
	fh_bootload_params(h, &b, 5, T869, FB1, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);		/* beyond TotalVFs */
	fh_bootload_params(h, &b, 0, T869, FB1, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);		/* GFID 0 is the PF */
	h->sriov.num_vfs = 1;
	fh_bootload_params(h, &b, 2, T869, FB1, FBLEN, HEAP1, HEAPLEN, 0, 512);
	BL_EXPECT(&b, NV_ERR_INVALID_STATE);		/* VF 1 not enabled */
	h->sriov.num_vfs = 4;
	h->sriov.vf_enable = false;
	BL_EXPECT(&b, NV_ERR_INVALID_STATE);
	CHECK(fh_log_has(h, "not enabled"));
	h->sriov.vf_enable = true;
	b.dbdf += 1;					/* routing ID of another VF */
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);
	b.dbdf -= 1;
	b.vgpu_type = 4242;
	BL_EXPECT(&b, NV_ERR_OBJECT_NOT_FOUND);
	b.vgpu_type = T869;
	b.swizz_id = 1;
	BL_EXPECT(&b, NV_ERR_NOT_SUPPORTED);
	b.swizz_id = 0;
	b.ctrl_buff_offset = HEAPLEN;			/* control buffer outside the heap */
	BL_EXPECT(&b, NV_ERR_INVALID_ARGUMENT);
	b.ctrl_buff_offset = 0;
	BL_EXPECT(&b, NV_OK);
	CHECK_EQ(vram32(h, HEAP1 + 8), 0x4E654A6F);
}

static uint32_t boot_small(struct fh *h, uint32_t gfid, uint64_t fb, uint64_t heap,
			   uint32_t chid)
{
	struct nvsim_ctrl_bootload b;

	fh_bootload_params(h, &b, gfid, T869, fb, 128 * MiB, heap, HEAPLEN, chid, 512);
	return fh_bootload(h, &b);
}

static void test_bootload_partitions(struct fh *h)
{
	h->opt_partitions = 2;
	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_small(h, 1, 0, 640 * MiB, 0), NV_OK);
	CHECK_EQ(boot_small(h, 2, 128 * MiB, 672 * MiB, 512), NV_OK);
	{
		uint64_t r = ctr(h).bootload_rejects;

		CHECK_EQ(boot_small(h, 3, 256 * MiB, 704 * MiB, 1024), NV_ERR_INSUFFICIENT_RESOURCES);
		CHECK_EQ(ctr(h).bootload_rejects - r, 1);
	}
	CHECK(fh_log_has(h, "WPR heap VF partitions"));
	CHECK_EQ(vram32(h, 704 * MiB + 8), 0);
	/* a shut-down vGPU still holds its partition until cleanup */
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 2), NV_OK);
	CHECK_EQ(boot_small(h, 3, 256 * MiB, 704 * MiB, 1024), NV_ERR_INSUFFICIENT_RESOURCES);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 2), NV_OK);
	CHECK_EQ(boot_small(h, 3, 256 * MiB, 704 * MiB, 1024), NV_OK);
	CHECK_EQ(vram32(h, 704 * MiB + 8), 0x4E654A6F);
}

static void test_bootload_zero_vf_info(struct fh *h)
{
	h->opt_zero_vf_info = true;
	BOOT();
	CHECK(fh_log_has(h, "GSP_VF_INFO is all zero"));
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_ERR_INVALID_STATE);
	CHECK(fh_log_has(h, "all-zero GSP_VF_INFO"));
	CHECK_EQ(vram32(h, HEAP1 + 8), 0);
}

static void test_bootload_vf_info_mismatch(struct fh *h)
{
	h->opt_vf_mismatch = true;
	BOOT();
	CHECK(fh_log_has(h, "FirstVFBar2Address"));
	CHECK_EQ(ctr(h).protocol_errors, 1);
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_ERR_INVALID_STATE);
	CHECK(fh_log_has(h, "did not match the SR-IOV capability"));
}

static void test_bootload_no_sriov_mode(struct fh *h)
{
	h->opt_no_sriov_mode = true;
	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_ERR_NOT_SUPPORTED);
	CHECK(fh_log_has(h, "RMSetSriovMode"));
}

static void test_shutdown_cleanup(struct fh *h)
{
	struct nvsim_vgpu_info vi;
	const struct fh_event *e;
	struct nvsim_rpc_plugin_triggered pt;

	BOOT();
	CHECK(add_std_types(h));
	/* on a GFID without a vGPU */
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 1), NV_ERR_INVALID_STATE);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_ERR_INVALID_STATE);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 9), NV_ERR_INVALID_ARGUMENT);
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	/* cleanup before shutdown */
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_ERR_INVALID_STATE);
	CHECK(fh_log_has(h, "cleanup before shutdown"));
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 1), NV_OK);
	fh_drain(h);
	e = fh_last_event(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
	CHECK(e != NULL);
	if (e) {
		memcpy(&pt, e->data, sizeof(pt));
		CHECK_EQ(pt.gfid, 1);
		CHECK_EQ(pt.notify_index, NVSIM_A084_NOTIFY_UNLOADED);
	}
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && !vi.live &&
	      vi.plugin_state == NVSIM_PLUGIN_SHUTDOWN);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 1), NV_ERR_INVALID_STATE);
	/* its FB is still held */
	CHECK_EQ(boot_vgpu(h, 2, FB1, HEAP2, 512), NV_ERR_IN_USE);
	/* a dead plugin takes no mailbox messages */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, NULL, 0, NULL, 0),
		 0xdeadffff);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_OK);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_ERR_INVALID_STATE);
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && !vi.plugin_state);
	/* released: the same resources boot again */
	CHECK_EQ(boot_vgpu(h, 2, FB1, HEAP2, 0), NV_OK);
	CHECK_EQ(ctr(h).shutdowns, 1);
	CHECK_EQ(ctr(h).cleanups, 1);
}

/* ================================================================== */
/* plugin mailbox */

static struct nvsim_plugin_config std_config(struct fh *h, uint32_t gfid)
{
	struct nvsim_plugin_config c;

	memset(&c, 0, sizeof(c));
	memset(c.vgpu_uuid, 0xab, sizeof(c.vgpu_uuid));
	c.dbdf = (uint32_t)(h->sriov.pf_bdf + h->sriov.first_vf_offset + gfid - 1);
	c.vgpu_device_instance_id = 0xc1d00010;
	c.vgpu_type = T869;
	c.num_channels = 512;
	c.migration_feature = 0x4000;
	c.hypervisor_type = 4;
	c.host_cpu_arch = 2;
	c.host_page_size = 0x1000;
	c.vmm_migration_supported = 1;
	c.enable_console_vnc = 1;
	c.use_non_stall_linux_events = 1;
	return c;
}

static void test_mailbox_flow(struct fh *h)
{
	struct nvsim_plugin_version v = { 0x00020000, 0 };
	struct nvsim_plugin_config c;
	struct nvsim_plugin_bme bme = { 1, 1 };
	struct nvsim_plugin_guest_info gi;
	struct nvsim_vgpu_info vi;
	const struct fh_event *e;
	struct nvsim_rpc_plugin_triggered pt;
	uint32_t irqs;
	int events;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 2, FB1, HEAP1, 0), NV_OK);
	fh_drain(h);
	irqs = (uint32_t)h->irqs;
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, &v, sizeof(v),
			 &v, sizeof(v)), NV_OK);
	CHECK_EQ(v.version_negotiated, 0x00020000);
	CHECK_EQ(vram32(h, HEAP1 + NVSIM_PLUGIN_RESP_OFF + 8), 0x00020000);	/* guest_rpc_version */
	/*
	 * By default the reply is only the response's sequence number, as
	 * real firmware is known to give it: no event, no interrupt.
	 */
	events = fh_count_events(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
	fh_drain(h);
	CHECK_EQ((uint32_t)h->irqs, irqs);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED), events);
	/* the test-only notify (x-mailbox-notify) announces it with index 7 */
	nvsim_gsp_set_mailbox_notify(h->gsp, true);
	c = std_config(h, 2);
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 2, &c, sizeof(c), NULL, 0),
		 NV_OK);
	fh_drain(h);
	CHECK((uint32_t)h->irqs > irqs);
	e = fh_last_event(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
	CHECK(e != NULL);
	if (e) {
		memcpy(&pt, e->data, sizeof(pt));
		CHECK_EQ(pt.gfid, 2);
		CHECK_EQ(pt.notify_index, NVSIM_A084_NOTIFY_MAILBOX_REPLY);
	}
	nvsim_gsp_set_mailbox_notify(h->gsp, false);
	CHECK(!nvsim_gsp_vgpu_bme(h->gsp, 2));
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_UPDATE_BME_STATE, 3, &bme, sizeof(bme),
			 NULL, 0), NV_OK);
	CHECK(nvsim_gsp_vgpu_bme(h->gsp, 2));
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_GET_GUEST_INFO, 4, NULL, 0, &gi,
			 sizeof(gi)), NV_OK);
	CHECK_EQ(gi.gfid, 2);
	CHECK_EQ(gi.vgpu_type, T869);
	CHECK_EQ(gi.plugin_state, NVSIM_PLUGIN_RUNNING);
	CHECK_EQ(gi.fb_size, FBLEN);
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 2, &vi) && vi.plugin_state == NVSIM_PLUGIN_RUNNING);
	/* VF FLR: bus mastering off, config kept; BME again works */
	nvsim_gsp_vf_flr(h->gsp, 2);
	CHECK(!nvsim_gsp_vgpu_bme(h->gsp, 2));
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 2, &vi) && vi.plugin_state == NVSIM_PLUGIN_CONFIGURED);
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_UPDATE_BME_STATE, 5, &bme, sizeof(bme),
			 NULL, 0), NV_OK);
	/* RESET drops BME */
	CHECK_EQ(ctr(h).plugin_resets, 0);
	CHECK_EQ(fh_mbox(h, 2, HEAP1, NVSIM_PLUGIN_MSG_RESET, 6, NULL, 0, NULL, 0), NV_OK);
	CHECK(!nvsim_gsp_vgpu_bme(h->gsp, 2));
	CHECK_EQ(ctr(h).plugin_resets, 1);
	CHECK_EQ(ctr(h).plugin_msgs, 6);
	CHECK_EQ(ctr(h).plugin_errors, 0);
	/* enumerate reports the device instance from the config */
	{
		struct nvsim_ctrl_enumerate_vgpu *en = calloc(1, sizeof(*en));

		CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_ENUMERATE, en, sizeof(*en)), NV_OK);
		CHECK_EQ(en->vgpu_guest[0].host_vgpu_device.vgpu_device_instance_id, 0xc1d00010);
		free(en);
	}
}

static void test_mailbox_errors(struct fh *h)
{
	struct nvsim_plugin_version v = { 0, 0 };
	struct nvsim_plugin_config c;
	struct nvsim_plugin_bme bme = { 1, 1 };
	struct nvsim_counters c0;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	c0 = ctr(h);
	/* wrong sequence: answered with an error, not advanced */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 5, &v, sizeof(v),
			 NULL, 0), NV_ERR_INVALID_STATE);
	CHECK(fh_log_has(h, "message_seq_num 5, expected 1"));
	/* order: BME and config before negotiation */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_UPDATE_BME_STATE, 1, &bme, sizeof(bme),
			 NULL, 0), NV_ERR_INVALID_STATE);
	c = std_config(h, 1);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 2, &c, sizeof(c), NULL, 0),
		 NV_ERR_INVALID_STATE);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 3, &v, sizeof(v),
			 &v, sizeof(v)), NV_OK);
	CHECK_EQ(v.version_negotiated, 0x00030000);	/* 0 from the CPU: ours */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 4, &v, sizeof(v),
			 NULL, 0), NV_ERR_INVALID_STATE);	/* only once */
	/* config that does not match the bootload */
	c.vgpu_type = T870;
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 5, &c, sizeof(c), NULL, 0),
		 NV_ERR_INVALID_ARGUMENT);
	c = std_config(h, 1);
	c.dbdf += 1;
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 6, &c, sizeof(c), NULL, 0),
		 NV_ERR_INVALID_ARGUMENT);
	c = std_config(h, 1);
	c.num_channels = 256;
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 7, &c, sizeof(c), NULL, 0),
		 NV_ERR_INVALID_ARGUMENT);
	c = std_config(h, 1);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_SETUP_CONFIG, 8, &c, sizeof(c), NULL, 0),
		 NV_OK);
	/* unsupported and unknown message types */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, 6 /* MIGRATION_SAVE_STATE */, 9, NULL, 0, NULL, 0),
		 NV_ERR_NOT_SUPPORTED);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, 0, 10, NULL, 0, NULL, 0), NV_ERR_INVALID_ARGUMENT);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, 15, 11, NULL, 0, NULL, 0), NV_ERR_INVALID_ARGUMENT);
	bme.enable = 7;
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_UPDATE_BME_STATE, 12, &bme, sizeof(bme),
			 NULL, 0), NV_ERR_INVALID_ARGUMENT);
	CHECK_EQ(ctr(h).plugin_errors - c0.plugin_errors, 11);
	/* bad doorbells: no response at all */
	nvsim_gsp_doorbell(h->gsp, 1 * 32 + 16);
	nvsim_gsp_doorbell(h->gsp, 3 * 32 + 17);	/* no vGPU on GFID 3 */
	nvsim_gsp_doorbell(h->gsp, 100 * 32 + 17);
	CHECK_EQ(ctr(h).plugin_errors - c0.plugin_errors, 14);
	CHECK(fh_log_has(h, "leaf 16 is not the CPU-plugin handle"));
	CHECK(fh_log_has(h, "no live plugin on this GFID"));
	/* a control buffer with a wrong version */
	{
		uint32_t bad = 2;

		memcpy(h->cfg.vram + HEAP1, &bad, 4);
		nvsim_gsp_doorbell(h->gsp, 1 * 32 + 17);
		CHECK(fh_log_has(h, "control buffer version 2"));
	}
	CHECK(RUNNING(h));
}

/* ================================================================== */
/* fault injection and counters */

static void test_fault_rpc_status(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };
	struct nvsim_alloc_vaspace va = { 0 };

	BOOT();
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS,
				  NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, NV_ERR_GENERIC, 0), 0);
	/* a different control is not affected */
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_CE_GET_FAULT_METHOD_BUFFER_SIZE, &s, 4), NV_OK);
	s.vmmu_segment_size = 0;
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 NV_ERR_GENERIC);
	CHECK_EQ(s.vmmu_segment_size, 0);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
	/* match 0: the next RPC of any kind; the alloc does not happen */
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS, 0, NV_ERR_NO_MEMORY, 0), 0);
	CHECK_EQ(fh_alloc(h, H_CLIENT, H_DEVICE, 0x90f10001, NVSIM_CLASS_VASPACE, &va, sizeof(va)),
		 NV_ERR_NO_MEMORY);
	CHECK_EQ(fh_free_obj(h, H_CLIENT, 0x90f10001), NV_ERR_INVALID_OBJECT_HANDLE);
	/* on the reply's bytes, as the RPC's own failure would be (see
	 * test_rm_failure_convention): ALLOC and FREE rpc_result = status =
	 * arg, CONTROL rpc_result NV_OK and status = arg */
	{
		struct {
			struct nvsim_rpc_alloc a;
			struct nvsim_alloc_vaspace va;
		} al = { .a = { .h_client = H_CLIENT, .h_parent = H_DEVICE,
				.h_object = 0x90f10002, .h_class = NVSIM_CLASS_VASPACE,
				.params_size = sizeof(al.va) } };
		struct {
			struct nvsim_rpc_ctrl c;
			struct nvsim_ctrl_vmmu_segment_size s;
		} ct = { .c = { .h_client = H_CLIENT, .h_object = H_SUBDEV,
				.cmd = NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE,
				.params_size = sizeof(ct.s) } };
		struct nvsim_rpc_free fr = { .h_root = H_CLIENT, .h_object_old = H_SUBDEV };
		uint32_t st;

		CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS, NVSIM_FN_GSP_RM_ALLOC,
					  NV_ERR_NOT_READY, 0), 0);
		CHECK_EQ(raw_rm(h, NVSIM_FN_GSP_RM_ALLOC, &al, sizeof(al),
				offsetof(struct nvsim_rpc_alloc, status), &st, NULL),
			 NV_ERR_NOT_READY);
		CHECK_EQ(st, NV_ERR_NOT_READY);
		CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS, NVSIM_FN_FREE,
					  NV_ERR_NOT_READY, 0), 0);
		CHECK_EQ(raw_rm(h, NVSIM_FN_FREE, &fr, sizeof(fr),
				offsetof(struct nvsim_rpc_free, status), &st, NULL),
			 NV_ERR_NOT_READY);
		CHECK_EQ(st, NV_ERR_NOT_READY);
		CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS,
					  NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, NV_ERR_NOT_READY, 0), 0);
		CHECK_EQ(raw_rm(h, NVSIM_FN_GSP_RM_CONTROL, &ct, sizeof(ct),
				offsetof(struct nvsim_rpc_ctrl, status), &st, NULL), NV_OK);
		CHECK_EQ(st, NV_ERR_NOT_READY);
		/* none of them took effect */
		CHECK_EQ(fh_free_obj(h, H_CLIENT, 0x90f10002), NV_ERR_INVALID_OBJECT_HANDLE);
		CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
			 NV_OK);
	}
	/* by function number, for an RPC without a status field */
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS, NVSIM_FN_GET_GSP_STATIC_INFO,
				  NV_ERR_INVALID_STATE, 0), 0);
	{
		struct nvsim_static_info si;
		struct fh_msg m;

		memset(&si, 0, sizeof(si));
		fh_send(h, NVSIM_FN_GET_GSP_STATIC_INFO, &si, sizeof(si));
		CHECK(fh_reply(h, NVSIM_FN_GET_GSP_STATIC_INFO, 0, &m) >= 0);
		CHECK_EQ(m.result, NV_ERR_INVALID_STATE);
		fh_msg_free(&m);
	}
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_STATUS, 0, 0, 0), -1);	/* NV_OK */
	CHECK_EQ(nvsim_gsp_inject(h->gsp, (enum nvsim_fault_kind)99, 0, 0, 0), -1);
	/* 6 injected + the two frees of objects that were never allocated */
	CHECK_EQ(ctr(h).rpc_errors, 8);
}

static void test_fault_rpc_delay(struct fh *h)
{
	struct nvsim_rpc_ctrl c = { H_CLIENT, H_SUBDEV, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE,
				    0, 8, 0 };
	uint8_t buf[sizeof(c) + 8] = { 0 };
	struct fh_msg m;

	BOOT();
	memcpy(buf, &c, sizeof(c));
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_DELAY, 0, 250, 0), 0);
	fh_send(h, NVSIM_FN_GSP_RM_CONTROL, buf, sizeof(buf));
	CHECK_EQ(fh_recv(h, &m), 0);			/* not yet */
	CHECK(h->timer_pending);
	CHECK_EQ(h->timer_ns, 250ull * 1000000);
	/* a second RPC queues behind it */
	fh_send(h, NVSIM_FN_GSP_RM_CONTROL, buf, sizeof(buf));
	CHECK_EQ(fh_recv(h, &m), 0);
	fh_fire_timer(h);
	CHECK_EQ(fh_recv(h, &m), 1);
	CHECK_EQ(m.fn, NVSIM_FN_GSP_RM_CONTROL);
	fh_msg_free(&m);
	CHECK_EQ(fh_recv(h, &m), 1);
	fh_msg_free(&m);
	CHECK_EQ(fh_recv(h, &m), 0);
	CHECK(!h->timer_pending);
}

static void test_fault_rpc_drop(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s = { 0 };

	BOOT();
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_RPC_DROP,
				  NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, 0, 0), 0);
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdeadffff);				/* the driver times out */
	CHECK(fh_log_has(h, "dropped"));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)), NV_OK);
	CHECK_EQ(s.vmmu_segment_size, 32 * MiB);
}

static void test_fault_plugin_drop(struct fh *h)
{
	struct nvsim_plugin_version v = { 0, 0 };
	struct nvsim_vgpu_info vi;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLUGIN_DROP, 0, 0, 1), 0);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, &v, sizeof(v),
			 NULL, 0), 0xdeadffff);
	CHECK_EQ(vram32(h, HEAP1 + NVSIM_PLUGIN_RESP_OFF), 0);	/* processed never written */
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && vi.plugin_state == NVSIM_PLUGIN_NEGOTIATED);
}

static void test_fault_events(struct fh *h)
{
	struct nvsim_rpc_rc_triggered rc;
	const struct fh_event *e;
	int irqs;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 2, FB1, HEAP1, 768), NV_OK);
	fh_drain(h);
	irqs = h->irqs;
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_RC, 0, 0, 2), 0);
	CHECK_EQ(h->irqs, irqs + 1);
	fh_drain(h);
	e = fh_last_event(h, NVSIM_EV_RC_TRIGGERED);
	CHECK(e && e->len == sizeof(rc));
	if (e) {
		memcpy(&rc, e->data, sizeof(rc));
		CHECK_EQ(rc.partition_attribution_id, 2);
		CHECK_EQ(rc.chid, 768);
		CHECK_EQ(rc.nv2080_engine_type, NVSIM_ENGINE_TYPE_GR0);
	}
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_MMU, 0, 0, 2), 0);
	fh_drain(h);
	e = fh_last_event(h, NVSIM_EV_MMU_FAULT_QUEUED);
	CHECK(e && e->len == 0);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_RC, 0, 0, 77), -1);
	CHECK_EQ(ctr(h).events, 3 /* INIT_DONE, BOOTLOADED */ + 1);
}

/* A plugin that crashes: CRASHED event, no more mailbox answers, the
 * other vGPU untouched, and shutdown + cleanup free the GFID. */
static void test_fault_plugin_crash(struct fh *h)
{
	struct nvsim_plugin_version v = { 0, 0 };
	struct nvsim_rpc_plugin_triggered ev;
	struct nvsim_vgpu_info vi;
	const struct fh_event *e;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	CHECK_EQ(boot_vgpu(h, 2, FB2, HEAP2, 512), NV_OK);
	fh_drain(h);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLUGIN_CRASH, 0, 0, 0), -1);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLUGIN_CRASH, 0, 0, 3), -1);
	CHECK(fh_log_has(h, "no running plugin on GFID 3"));
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLUGIN_CRASH, 0, 0, 1), 0);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_PLUGIN_CRASH, 0, 0, 1), -1);
	fh_drain(h);
	e = fh_last_event(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
	CHECK(e && e->len == sizeof(ev));
	if (e) {
		memcpy(&ev, e->data, sizeof(ev));
		CHECK_EQ(ev.gfid, 1);
		CHECK_EQ(ev.notify_index, NVSIM_A084_NOTIFY_CRASHED);
	}
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && vi.plugin_state == NVSIM_PLUGIN_CRASHED);
	CHECK(!nvsim_gsp_vgpu_bme(h->gsp, 1));
	/* answers nothing */
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, &v, sizeof(v),
			 NULL, 0), 0xdeadffff);
	CHECK(fh_log_has(h, "the plugin crashed"));
	/* the other plugin does */
	CHECK_EQ(fh_mbox(h, 2, HEAP2, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, &v, sizeof(v),
			 NULL, 0), NV_OK);
	/* its FB is still held until shutdown + cleanup */
	CHECK_EQ(boot_vgpu(h, 3, FB1, HEAP1 + 64 * MiB, 1024), NV_ERR_IN_USE);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 1), NV_OK);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_OK);
	CHECK(nvsim_gsp_vgpu_info(h->gsp, 1, &vi) && vi.plugin_state == NVSIM_PLUGIN_NONE);
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	CHECK(RUNNING(h));
}

/* An injected halt: the GSP stops serving RPCs and refuses events. */
static void test_fault_gsp_halt(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s;
	uint64_t perr;

	BOOT();
	perr = ctr(h).protocol_errors;
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_GSP_HALT, 0, 1, 0), 0);
	CHECK_EQ(nvsim_gsp_state(h->gsp), NVSIM_GSP_HALTED);
	CHECK_EQ(ctr(h).protocol_errors, perr);
	memset(&s, 0, sizeof(s));
	CHECK_EQ(fh_subdev_ctrl(h, NVSIM_CTRL_GPU_GET_VMMU_SEGMENT_SIZE, &s, sizeof(s)),
		 0xdeadffff);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_GSP_HALT, 0, 1, 0), -1);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_RC, 0, 0, 1), -1);
}

/* A storm: every event posted and delivered, in order of posting. */
static void test_fault_event_storm(struct fh *h)
{
	uint64_t ev0;

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 2, FB1, HEAP1, 768), NV_OK);
	fh_drain(h);
	ev0 = ctr(h).events;
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_STORM, 0, 0, 2), -1);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_STORM, 0, 4097, 2), -1);
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_STORM, 0, 400, 2), 0);
	fh_drain(h);
	CHECK_EQ(ctr(h).events - ev0, 400);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_RC_TRIGGERED), 400);
	CHECK(RUNNING(h));
}

static void test_fault_event_not_running(struct fh *h)
{
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_MMU, 0, 0, 1), -1);
	CHECK(fh_log_has(h, "GSP not running"));
}

static void test_counters(struct fh *h)
{
	struct nvsim_ctrl_vmmu_segment_size s;
	struct nvsim_counters c;

	BOOT();
	/* boot: SYSTEM_INFO, REGISTRY + 3 allocs */
	c = ctr(h);
	CHECK_EQ(c.rpcs, 5);
	CHECK_EQ(c.rpc_errors, 0);
	CHECK_EQ(c.events, 1);
	CHECK(add_std_types(h));	/* one RPC although 5 pieces */
	CHECK_EQ(ctr(h).rpcs, 6);
	CHECK_EQ(fh_subdev_ctrl(h, 0x2080ffff, &s, 8), NV_ERR_NOT_SUPPORTED);
	c = ctr(h);
	CHECK_EQ(c.rpcs, 7);
	CHECK_EQ(c.rpc_errors, 1);
	/* reset drops the state but keeps the counters */
	nvsim_gsp_reset(h->gsp);
	CHECK_EQ(nvsim_gsp_state(h->gsp), NVSIM_GSP_OFF);
	CHECK_EQ(nvsim_gsp_bar_pdb(h->gsp, 1), 0);
	CHECK_EQ(ctr(h).rpcs, 7);
	nvsim_gsp_cmdq_doorbell(h->gsp);
	CHECK_EQ(ctr(h).rpcs, 7);
}

/* ================================================================== */

struct test {
	const char *name;
	void (*fn)(struct fh *h);
};

#define T(x) { #x, test_##x }

/* ================================================================== */
/* asynchronous GSP (nvsim_gsp_set_async) */

#define ASYNC_NS	150000ull

/* One vGPU life through the plugin mailbox: everything a register
 * write can trigger. */
static void async_workload(struct fh *h)
{
	struct nvsim_plugin_version v = { 0x00020000, 0 };

	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	CHECK_EQ(fh_mbox(h, 1, HEAP1, NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION, 1, &v, sizeof(v),
			 &v, sizeof(v)), NV_OK);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, 1), NV_OK);
	CHECK_EQ(fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_PLUGIN_CLEANUP, 1), NV_OK);
	fh_drain(h);
}

static void test_async_deferred(struct fh *h)
{
	struct fh *s = fh_new();
	struct fh_msg m;
	uint32_t x = 0, mq_w, cq_r, irqs;

	nvsim_gsp_set_async(h->gsp, ASYNC_NS, 7);
	async_workload(h);
	CHECK(fh_log_has(h, "latency 150000 ns, seed 7"));
	/* nothing written and no interrupt inside a doorbell write */
	CHECK_EQ(h->dma_writes_in_register, 0);
	CHECK_EQ(h->irqs_in_register, 0);
	CHECK(h->work_runs > 0);
	CHECK_EQ(h->work_ns, ASYNC_NS);
	CHECK(!h->work_pending);
	/* the synchronous model (latency 0) writes inside the doorbell */
	nvsim_gsp_set_async(s->gsp, 0, 7);
	async_workload(s);
	CHECK(s->dma_writes_in_register > 0);
	CHECK_EQ(s->work_arms, 0);
	fh_free(s);

	/* one RPC step by step: the doorbell only arms the work timer */
	mq_w = fh_shm_rd32(h, FH_MQ + 16);
	cq_r = fh_shm_rd32(h, FH_MQ + 32);
	fh_send(h, 200, &x, sizeof(x));
	CHECK(h->work_pending);
	CHECK_EQ(fh_shm_rd32(h, FH_MQ + 32), cq_r);	/* queue not even read */
	CHECK_EQ(fh_shm_rd32(h, FH_MQ + 16), mq_w);
	CHECK_EQ(fh_recv(h, &m), 0);
	fh_fire_work(h);
	CHECK(fh_shm_rd32(h, FH_MQ + 32) != cq_r);
	CHECK_EQ(fh_recv(h, &m), 1);
	CHECK_EQ(m.fn, 200);
	CHECK_EQ(m.result, NV_ERR_NOT_SUPPORTED);
	fh_msg_free(&m);
	CHECK(!h->work_pending);

	/* an injected event (no RPC around it) also waits for the work */
	CHECK_EQ(boot_vgpu(h, 2, FB2, HEAP2, 512), NV_OK);
	fh_drain(h);
	irqs = (uint32_t)h->irqs;
	CHECK_EQ(nvsim_gsp_inject(h->gsp, NVSIM_FAULT_EVENT_RC, 0, 31, 2), 0);
	CHECK_EQ((uint32_t)h->irqs, irqs);
	CHECK_EQ(fh_recv(h, &m), 0);
	CHECK(h->work_pending);
	fh_fire_work(h);
	CHECK_EQ((uint32_t)h->irqs, irqs + 1);
	CHECK_EQ(fh_recv(h, &m), 1);
	CHECK_EQ(m.fn, NVSIM_EV_RC_TRIGGERED);
	fh_msg_free(&m);
}

static void test_async_mailbox_deferred(struct fh *h)
{
	struct nvsim_plugin_version v = { 0x00020000, 0 };
	struct nvsim_plugin_ctrl c;
	uint8_t *vr = h->cfg.vram;
	uint32_t processed;

	nvsim_gsp_set_async(h->gsp, ASYNC_NS, 1);
	BOOT();
	CHECK(add_std_types(h));
	CHECK_EQ(boot_vgpu(h, 1, FB1, HEAP1, 0), NV_OK);
	fh_drain(h);
	/* what fh_mbox does, without waiting */
	memcpy(&c, vr + HEAP1, sizeof(c));
	c.version = NVSIM_PLUGIN_CTRL_VERSION;
	c.response_buff_offset = NVSIM_PLUGIN_RESP_OFF;
	c.message_buff_offset = NVSIM_PLUGIN_MSG_OFF;
	c.migration_buff_offset = NVSIM_PLUGIN_MIGRATION_OFF;
	c.error_buff_offset = NVSIM_PLUGIN_ERROR_OFF;
	c.message_type = NVSIM_PLUGIN_MSG_VERSION_NEGOTIATION;
	c.message_seq_num = 1;
	memcpy(vr + HEAP1 + NVSIM_PLUGIN_MSG_OFF, &v, sizeof(v));
	memcpy(vr + HEAP1, &c, sizeof(c));
	nvsim_gsp_doorbell(h->gsp, 1 * 32 + 17);
	nvsim_gsp_doorbell(h->gsp, 1 * 32 + 17);	/* one notification */
	CHECK_EQ(ctr(h).plugin_msgs, 0);
	memcpy(&processed, vr + HEAP1 + NVSIM_PLUGIN_RESP_OFF, 4);
	CHECK_EQ(processed, 0);
	CHECK(h->work_pending);
	fh_fire_work(h);
	memcpy(&processed, vr + HEAP1 + NVSIM_PLUGIN_RESP_OFF, 4);
	CHECK_EQ(processed, 1);
	CHECK_EQ(ctr(h).plugin_msgs, 1);
	CHECK_EQ(ctr(h).plugin_errors, 0);
	/* BOOTLOADED only: the reply is not announced (notify off) */
	fh_drain(h);
	CHECK_EQ(fh_count_events(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED), 1);
}

/*
 * Bootload and shutdown of GFIDs 1..3 on a fresh GSP: for each RPC 'E'
 * if its PLUGIN_TRIGGERED event came before the reply, 'R' if after
 * (and then not before one more work pass, with its interrupt).
 */
static int count_char(const char *s, char c)
{
	int n = 0;

	for (; *s; s++)
		n += *s == c;
	return n;
}

static void async_orders(uint64_t seed, char out[7])
{
	struct nvsim_counters c0;
	struct fh *h = fh_new();
	static const uint64_t fb[3] = { FB1, FB2, 512 * MiB };
	static const uint64_t heap[3] = { HEAP1, HEAP2, HEAP2 + 32 * MiB };

	memset(out, '?', 6);
	out[6] = 0;
	nvsim_gsp_set_async(h->gsp, ASYNC_NS, seed);
	if (!fh_boot(h) || !add_std_types(h)) {
		CHECK(!"boot");
		fh_free(h);
		return;
	}
	for (int i = 0; i < 6; i++) {
		uint32_t gfid = i % 3 + 1, st, irqs;
		int ev = fh_count_events(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED);
		struct fh_msg m;

		if (i < 3) {
			struct nvsim_ctrl_bootload bl;

			fh_bootload_params(h, &bl, gfid, T869, fb[i], i < 2 ? FBLEN : 128 * MiB,
					   heap[i], HEAPLEN, 512 * i, 512);
			st = fh_bootload(h, &bl);
		} else
			st = fh_gfid_ctrl(h, NVSIM_CTRL_VGPU_SHUTDOWN, gfid);
		CHECK_EQ(st, NV_OK);
		if (fh_count_events(h, NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED) == ev + 1) {
			out[i] = 'E';
			continue;
		}
		/* after the reply: not in the queue yet, one pass later */
		irqs = (uint32_t)h->irqs;
		CHECK_EQ(fh_recv(h, &m), 0);
		CHECK(h->work_pending);
		fh_fire_work(h);
		CHECK_EQ((uint32_t)h->irqs, irqs + 1);
		if (fh_recv(h, &m) == 1) {
			if (m.fn == NVSIM_EV_VGPU_GSP_PLUGIN_TRIGGERED)
				out[i] = 'R';
			fh_msg_free(&m);
		}
	}
	c0 = ctr(h);
	CHECK_EQ(c0.events_first + c0.reply_first, 6);
	CHECK_EQ(c0.events_first, (uint64_t)count_char(out, 'E'));
	CHECK(h->recv_errors == 0);
	fh_free(h);
}

static void test_async_order_seeded(struct fh *h)
{
	char a[7], b[7];
	int e = 0, r = 0;

	(void)h;
	for (uint64_t seed = 1; seed <= 32; seed++) {
		async_orders(seed, a);
		async_orders(seed, b);
		CHECK(strcmp(a, b) == 0);	/* same seed, same order */
		CHECK(strchr(a, '?') == NULL);
		for (int i = 0; i < 6; i++) {
			e += a[i] == 'E';
			r += a[i] == 'R';
		}
		if (seed <= 4)
			printf("# seed %llu: %s\n", (unsigned long long)seed, a);
	}
	/* both orders occur over seeds */
	CHECK(e > 0);
	CHECK(r > 0);
	printf("# 192 RPCs with an event: %d events first, %d reply first\n", e, r);
}

static const struct test tests[] = {
	T(boot), T(boot_no_rmargs), T(boot_bad_wpr_meta), T(boot_fb_size_mismatch),
	T(boot_heap_too_small), T(boot_bad_layout), T(boot_bad_cmdq_header),
	T(boot_queue_beyond_ptes), T(boot_unmapped_pte), T(boot_no_system_info),
	T(boot_bad_registry), T(boot_resume_not_simulated), T(start_twice),
	T(static_info), T(static_info_bad_size), T(minimal_chip_sequence), T(alloc_errors),
	T(free_errors), T(rm_failure_convention), T(control_errors), T(unknown_function), T(update_bar_pde),
	T(unloading),
	T(bad_checksum), T(bad_seq), T(bad_header), T(oversize_element),
	T(write_ptr_out_of_range), T(orphan_continuation), T(interrupted_continuation),
	T(queue_wrap), T(msgq_backpressure),
	T(add_type_large), T(add_type_invalid),
	T(bootload), T(bootload_fb_rules), T(bootload_overlaps), T(bootload_vf_rules),
	T(bootload_partitions), T(bootload_zero_vf_info), T(bootload_vf_info_mismatch),
	T(bootload_no_sriov_mode), T(shutdown_cleanup),
	T(mailbox_flow), T(mailbox_errors),
	T(fault_rpc_status), T(fault_rpc_delay), T(fault_rpc_drop), T(fault_plugin_drop),
	T(fault_events), T(fault_event_not_running), T(fault_plugin_crash),
	T(fault_gsp_halt), T(fault_event_storm), T(counters),
	T(async_deferred), T(async_mailbox_deferred), T(async_order_seeded),
};

/* With NVSIM_ASYNC_SEED (the whole suite on an asynchronous GSP) these
 * are not run: they check what a register write did before returning. */
static const char *const sync_only[] = {
	"start_twice", "oversize_element", "write_ptr_out_of_range",
	"orphan_continuation", "msgq_backpressure", "mailbox_errors",
	"fault_rpc_delay", "fault_events",
};

static bool skip_async(const char *name)
{
	const char *e = getenv("NVSIM_ASYNC_SEED");

	if (!e || !*e)
		return false;
	for (size_t i = 0; i < sizeof(sync_only) / sizeof(sync_only[0]); i++)
		if (!strcmp(name, sync_only[i])) {
			printf("# %s not run: synchronous timing\n", name);
			return true;
		}
	return false;
}

int main(int argc, char **argv)
{
	int n = 0, failed = 0;

	printf("TAP version 13\n");
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		struct fh *h;

		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		if (skip_async(tests[i].name))
			continue;
		h = fh_new();
		t_fail = 0;
		tests[i].fn(h);
		if (h->recv_errors) {
			printf("#   %d malformed messages from the core\n", h->recv_errors);
			t_fail++;
		}
		fh_free(h);
		n++;
		if (t_fail) {
			failed++;
			printf("not ok %d - protocol: %s\n", n, tests[i].name);
		} else {
			printf("ok %d - protocol: %s\n", n, tests[i].name);
		}
	}
	printf("1..%d\n", n);
	printf("# passed: %d failed: %d\n", n - failed, failed);
	return failed ? 1 : 0;
}
