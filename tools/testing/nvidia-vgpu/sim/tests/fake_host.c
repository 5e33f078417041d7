// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fake_host: device + CPU driver stand-in for the GSP core tests.
 *
 * The CPU side follows nouveau 6.12 r535.c rules (shared memory with a
 * PTE array, cmdq push with checksum/sequence/continuation records,
 * msgq read), but with its own code. Shared-memory pages get scattered
 * IOVAs so that a core assuming contiguity would fail.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_host.h"

#define MiB (1ull << 20)
#define VRAM_SIZE (1024 * MiB)

/* ------------------------------------------------------------------ */
/* device side */

static struct fh_map *map_find(struct fh *h, uint64_t addr, uint64_t len)
{
	for (int i = 0; i < h->nmaps; i++) {
		struct fh_map *m = &h->maps[i];

		if (addr >= m->iova && len <= m->len && addr - m->iova <= m->len - len)
			return m;
	}
	return NULL;
}

static int op_dma_read(void *opaque, uint64_t addr, void *buf, size_t len)
{
	struct fh_map *m = map_find(opaque, addr, len);

	if (!m)
		return -1;
	memcpy(buf, m->ptr + (addr - m->iova), len);
	return 0;
}

static int op_dma_write(void *opaque, uint64_t addr, const void *buf, size_t len)
{
	if (((struct fh *)opaque)->in_register)
		((struct fh *)opaque)->dma_writes_in_register++;
	struct fh_map *m = map_find(opaque, addr, len);

	if (!m)
		return -1;
	memcpy(m->ptr + (addr - m->iova), buf, len);
	return 0;
}

static void op_raise_irq(void *opaque)
{
	struct fh *h = opaque;

	h->irqs++;
	if (h->in_register)
		h->irqs_in_register++;
}

static void op_sriov_state(void *opaque, struct nvsim_sriov_state *st)
{
	*st = ((struct fh *)opaque)->sriov;
}

static void op_arm_timer(void *opaque, uint64_t ns)
{
	struct fh *h = opaque;

	h->timer_arms++;
	h->timer_pending = true;
	h->timer_ns = ns;
}

static void op_arm_work(void *opaque, uint64_t ns)
{
	struct fh *h = opaque;

	h->work_arms++;
	h->work_pending = true;
	h->work_ns = ns;
}

static bool op_vf_plane(void *opaque, uint32_t gfid, uint32_t head, struct nvsim_vf_plane *p)
{
	struct fh *h = opaque;

	return h->vf_plane && h->vf_plane(h->vf_plane_priv, gfid, head, p);
}

static void op_log(void *opaque, const char *line)
{
	struct fh *h = opaque;

	snprintf(h->logs[h->nlogs % FH_LOGS], sizeof(h->logs[0]), "%s", line);
	h->nlogs++;
	if (getenv("NVSIM_VERBOSE"))
		printf("# log: %s\n", line);
}

bool fh_log_has(struct fh *h, const char *needle)
{
	int n = h->nlogs < FH_LOGS ? h->nlogs : FH_LOGS;

	for (int i = 0; i < n; i++)
		if (strstr(h->logs[i], needle))
			return true;
	return false;
}

void fh_fire_timer(struct fh *h)
{
	h->timer_pending = false;
	nvsim_gsp_timer(h->gsp);
}

void fh_fire_work(struct fh *h)
{
	h->work_pending = false;
	h->work_runs++;
	nvsim_gsp_work(h->gsp);
}

void fh_async_from_env(struct fh *h)
{
	const char *e = getenv("NVSIM_ASYNC_SEED");

	if (e && *e)
		nvsim_gsp_set_async(h->gsp, 100000, strtoull(e, NULL, 0));
}

static uint8_t *fh_map_new(struct fh *h, uint64_t iova, uint64_t len)
{
	uint8_t *p = calloc(1, len);

	if (!p || h->nmaps >= FH_MAX_MAPS)
		abort();
	h->maps[h->nmaps++] = (struct fh_map){ iova, len, p };
	return p;
}

struct fh *fh_new(void)
{
	struct fh *h = calloc(1, sizeof(*h));

	h->cfg.vram = calloc(1, VRAM_SIZE);
	if (!h->cfg.vram)
		abort();
	h->cfg.vram_size = VRAM_SIZE;
	h->cfg.pf_bar_addr[0] = 0xe0000000;
	h->cfg.pf_bar_addr[1] = 0x3000000000ull;
	h->cfg.pf_bar_addr[2] = 0x3800000000ull;
	h->cfg.pf_bar_size[0] = 16 * MiB;
	h->cfg.pf_bar_size[1] = VRAM_SIZE;
	h->cfg.pf_bar_size[2] = 32 * MiB;
	h->cfg.vmmu_segment_size = 32 * MiB;
	h->cfg.max_vfs = 4;
	h->cfg.num_chids = 2048;

	h->sriov.pf_bdf = 0x0100;
	h->sriov.total_vfs = 4;
	h->sriov.num_vfs = 4;
	h->sriov.vf_enable = true;
	h->sriov.first_vf_offset = 4;
	h->sriov.vf_stride = 1;
	h->sriov.vf_bar_addr[0] = 0xf0000000;
	h->sriov.vf_bar_addr[1] = 0x4000000000ull;
	h->sriov.vf_bar_addr[2] = 0x4800000000ull;
	h->sriov.vf_bar_size[0] = 16 * MiB;
	h->sriov.vf_bar_size[1] = 256 * MiB;
	h->sriov.vf_bar_size[2] = 32 * MiB;
	h->sriov.vf_bar_64bit[1] = true;
	h->sriov.vf_bar_64bit[2] = true;

	h->ops.dma_read = op_dma_read;
	h->ops.dma_write = op_dma_write;
	h->ops.raise_irq = op_raise_irq;
	h->ops.sriov_state = op_sriov_state;
	h->ops.arm_timer = op_arm_timer;
	h->ops.log = op_log;
	h->ops.arm_work = op_arm_work;
	h->ops.vf_plane = op_vf_plane;
	h->next_iova = 0x100000000ull;
	h->opt_partitions = 4;
	h->gsp = nvsim_gsp_new(&h->cfg, &h->ops, h);
	if (!h->gsp)
		abort();
	fh_async_from_env(h);
	return h;
}

void fh_free(struct fh *h)
{
	nvsim_gsp_free(h->gsp);
	for (int i = 0; i < h->nmaps; i++)
		free(h->maps[i].ptr);
	free(h->cfg.vram);
	free(h);
}

/* ------------------------------------------------------------------ */
/* shared memory as the CPU sees it */

static uint8_t *shm_ptr(struct fh *h, uint32_t off)
{
	return h->shm[off >> 12] + (off & 0xfff);
}

uint32_t fh_shm_rd32(struct fh *h, uint32_t off)
{
	uint32_t v;

	memcpy(&v, shm_ptr(h, off), 4);
	return v;
}

void fh_shm_wr32(struct fh *h, uint32_t off, uint32_t v)
{
	memcpy(shm_ptr(h, off), &v, 4);
}

static void shm_copy(struct fh *h, uint32_t off, void *buf, uint32_t len, bool to_shm)
{
	uint8_t *p = buf;

	while (len) {
		uint32_t n = 0x1000 - (off & 0xfff);

		if (n > len)
			n = len;
		if (to_shm)
			memcpy(shm_ptr(h, off), p, n);
		else
			memcpy(p, shm_ptr(h, off), n);
		off += n;
		p += n;
		len -= n;
	}
}

/* XOR-fold checksum, written independently of the core from
 * r535_gsp_cmdq_push(): checksum field zero while summing. */
static uint32_t csum(uint8_t *elem, uint32_t size)
{
	struct nvsim_qelem_hdr *hdr = (struct nvsim_qelem_hdr *)elem;
	uint32_t save = hdr->checksum;
	uint64_t x = 0, w;

	hdr->checksum = 0;
	for (uint32_t i = 0; i < size; i += 8) {
		memcpy(&w, elem + i, 8);
		x ^= w;
	}
	hdr->checksum = save;
	return (uint32_t)(x >> 32) ^ (uint32_t)x;
}

/* ------------------------------------------------------------------ */
/* boot structures (r535_gsp_libos_init, _rmargs_init, _shared_init,
 * _wpr_meta_init) */

static uint64_t id8(const char *s)
{
	uint64_t id = 0;

	for (int i = 0; i < 8 && *s; i++, s++)
		id = (id << 8) | (uint8_t)*s;
	return id;
}

static void build_shm(struct fh *h)
{
	uint64_t *ptes;

	/* scattered, descending IOVAs with holes: never contiguous */
	for (int i = 0; i < FH_SHM_PAGES; i++) {
		h->shm_iova[i] = 0x200000000ull + (uint64_t)(FH_SHM_PAGES - i) * 0x3000;
		h->shm[i] = fh_map_new(h, h->shm_iova[i], 0x1000);
	}
	ptes = (uint64_t *)h->shm[0];
	for (int i = 0; i < FH_SHM_PAGES; i++)
		ptes[i] = h->shm_iova[i];

	/* cmdq tx header (msgqTxHeader), like r535_gsp_shared_init() */
	{
		struct nvsim_msgq_tx_hdr tx = {
			.version = 0, .size = 0x40000, .msg_size = 0x1000,
			.msg_count = FH_QCNT, .write_ptr = 0, .flags = 1,
			.rx_hdr_off = 32, .entry_off = 0x1000,
		};
		shm_copy(h, FH_CQ, &tx, sizeof(tx), true);
	}
}

static void build_boot_args(struct fh *h)
{
	struct nvsim_libos_region *r;
	struct nvsim_gsp_args *a;
	struct nvsim_wpr_meta *m;
	static const char *const names[] = { "LOGINIT", "LOGINTR", "LOGRM" };

	h->libos_iova = 0x300000000ull;
	h->libos = fh_map_new(h, h->libos_iova, 0x1000);
	r = (struct nvsim_libos_region *)h->libos;
	for (int i = 0; i < 3; i++) {
		uint64_t iova = 0x310000000ull + (uint64_t)i * 0x100000;

		fh_map_new(h, iova, 0x10000);
		r[i] = (struct nvsim_libos_region){ id8(names[i]), iova, 0x10000, 1, 1 };
	}
	h->rmargs_iova = 0x320000000ull;
	h->rmargs = fh_map_new(h, h->rmargs_iova, 0x1000);
	r[3] = (struct nvsim_libos_region){ id8("RMARGS"), h->rmargs_iova, 0x1000, 1, 1 };

	a = (struct nvsim_gsp_args *)h->rmargs;
	a->mq.shared_mem_phys_addr = h->shm_iova[0];
	a->mq.pte_count = FH_SHM_PAGES;
	a->mq.cmdq_offset = FH_CQ;
	a->mq.statq_offset = FH_MQ;

	h->meta_iova = 0x330000000ull;
	h->meta = fh_map_new(h, h->meta_iova, 0x1000);
	m = (struct nvsim_wpr_meta *)h->meta;
	m->magic = NVSIM_WPR_META_MAGIC;
	m->revision = NVSIM_WPR_META_REVISION;
	m->fb_size = VRAM_SIZE;
	m->vga_workspace_offset = VRAM_SIZE - MiB;
	m->vga_workspace_size = MiB;
	m->gsp_fw_wpr_end = VRAM_SIZE - MiB;
	m->frts_offset = VRAM_SIZE - 2 * MiB;
	m->frts_size = MiB;
	m->gsp_fw_wpr_start = VRAM_SIZE - 256 * MiB;
	m->gsp_fw_heap_offset = m->gsp_fw_wpr_start + 2 * MiB;
	m->gsp_fw_heap_size = 192 * MiB;
	m->gsp_fw_offset = m->gsp_fw_heap_offset + m->gsp_fw_heap_size;
	m->non_wpr_heap_offset = m->gsp_fw_wpr_start - MiB;
	m->non_wpr_heap_size = MiB;
	m->gsp_fw_rsvd_start = m->non_wpr_heap_offset;
	m->gsp_fw_heap_vf_partition_count = h->opt_partitions;
}

static void queue_system_info(struct fh *h)
{
	struct nvsim_system_info si;

	memset(&si, 0, sizeof(si));
	si.gpu_phys_addr = h->cfg.pf_bar_addr[0];
	si.gpu_phys_fb_addr = h->cfg.pf_bar_addr[1];
	si.gpu_phys_inst_addr = h->cfg.pf_bar_addr[2];
	si.nv_domain_bus_device_func = h->sriov.pf_bdf;
	si.pci_config_mirror_base = 0x88000;
	si.pci_config_mirror_size = 0x1000;
	if (!h->opt_zero_vf_info) {
		si.vf_info.total_vfs = h->sriov.total_vfs;
		si.vf_info.first_vf_offset = h->sriov.first_vf_offset;
		si.vf_info.first_vf_bar0 = h->sriov.vf_bar_addr[0];
		si.vf_info.first_vf_bar1 = h->sriov.vf_bar_addr[1];
		si.vf_info.first_vf_bar2 = h->sriov.vf_bar_addr[2] +
					   (h->opt_vf_mismatch ? 0x1000000 : 0);
		si.vf_info.bar1_64bit = 1;
		si.vf_info.bar2_64bit = 1;
	}
	fh_send(h, NVSIM_FN_GSP_SET_SYSTEM_INFO, &si, sizeof(si));
}

/* build_registry() layout: entries, then key strings */
static void queue_registry(struct fh *h)
{
	static const char *const keys[] = {
		"RMSecBusResetEnable", "RMForcePcieConfigSave", "RMSetSriovMode",
	};
	uint8_t buf[512];
	uint32_t n = h->opt_no_sriov_mode ? 2 : 3, off;
	struct nvsim_reg_table *t = (struct nvsim_reg_table *)buf;

	memset(buf, 0, sizeof(buf));
	off = sizeof(*t) + n * sizeof(struct nvsim_reg_entry);
	for (uint32_t i = 0; i < n; i++) {
		struct nvsim_reg_entry e = {
			.name_offset = off, .type = NVSIM_REG_TYPE_DWORD, .data = 1, .length = 4,
		};

		if (h->opt_bad_registry && i == 1)
			e.name_offset = 4000;
		memcpy(buf + sizeof(*t) + i * sizeof(e), &e, sizeof(e));
		strcpy((char *)buf + off, keys[i]);
		off += (uint32_t)strlen(keys[i]) + 1;
	}
	t->size = off;
	t->num_entries = n;
	fh_send(h, NVSIM_FN_SET_REGISTRY, buf, off);
}

void fh_prepare(struct fh *h)
{
	build_shm(h);
	build_boot_args(h);
	h->no_doorbell = true;
	if (!h->opt_skip_sysinfo)
		queue_system_info(h);
	queue_registry(h);
	h->no_doorbell = false;
}

void fh_start(struct fh *h)
{
	nvsim_gsp_set_libos_addr(h->gsp, h->libos_iova);
	nvsim_gsp_set_wpr_meta_addr(h->gsp, h->meta_iova);
	nvsim_gsp_start(h->gsp);
}

bool fh_boot(struct fh *h)
{
	struct nvsim_alloc_root root = { .h_client = H_CLIENT, .process_id = ~0u };
	struct nvsim_alloc_device dev = { .h_client_share = H_CLIENT };
	struct nvsim_alloc_subdevice sub = { 0 };
	struct fh_msg m;

	fh_prepare(h);
	fh_start(h);
	if (nvsim_gsp_state(h->gsp) != NVSIM_GSP_RUNNING)
		return false;
	if (fh_reply(h, NVSIM_EV_GSP_INIT_DONE, 0, &m) < 0)
		return false;
	fh_msg_free(&m);
	return !fh_alloc(h, H_CLIENT, H_CLIENT, H_CLIENT, NVSIM_CLASS_ROOT, &root, sizeof(root)) &&
	       !fh_alloc(h, H_CLIENT, H_CLIENT, H_DEVICE, NVSIM_CLASS_DEVICE, &dev, sizeof(dev)) &&
	       !fh_alloc(h, H_CLIENT, H_DEVICE, H_SUBDEV, NVSIM_CLASS_SUBDEVICE, &sub, sizeof(sub));
}

/* ------------------------------------------------------------------ */
/* command queue (r535_gsp_cmdq_push / r535_gsp_rpc_push) */

static void corrupt(struct fh *h, uint8_t *elem, uint32_t size)
{
	struct nvsim_qelem_hdr *hdr = (struct nvsim_qelem_hdr *)elem;
	struct nvsim_rpc_hdr *rpc = (struct nvsim_rpc_hdr *)(hdr + 1);

	switch (h->corrupt) {
	case FH_OK:
		return;
	case FH_BAD_CSUM:
		hdr->checksum ^= 0x10;
		break;
	case FH_BAD_SEQ:
		hdr->seq_num += 5;
		break;
	case FH_BAD_VERSION:
		rpc->header_version = 0x02000000;
		break;
	case FH_BAD_SIGNATURE:
		rpc->signature = 0x12345678;
		break;
	case FH_BAD_LENGTH:
		rpc->length = 2 * 0x1000;
		break;
	case FH_ELEMCOUNT_17:
		hdr->elem_count = 17;
		break;
	}
	if (h->corrupt != FH_BAD_CSUM)
		hdr->checksum = csum(elem, size);
	h->corrupt = FH_OK;
}

static int push_elem(struct fh *h, uint32_t fn, const void *payload, uint32_t len)
{
	uint32_t size = (uint32_t)((48 + 32 + len + 0xfff) & ~0xfffu), n = size / 0x1000;
	uint32_t wptr = fh_shm_rd32(h, FH_CQ + 16), rptr = fh_shm_rd32(h, FH_MQ + 32);
	uint32_t room = (rptr + FH_QCNT - wptr - 1) % FH_QCNT;
	struct nvsim_qelem_hdr *hdr;
	struct nvsim_rpc_hdr *rpc;
	uint8_t *elem;

	/* asynchronous GSP: wait for it to free slots, as
	 * r535_gsp_cmdq_get() polls the read pointer */
	while (room < n && h->work_pending) {
		fh_fire_work(h);
		rptr = fh_shm_rd32(h, FH_MQ + 32);
		room = (rptr + FH_QCNT - wptr - 1) % FH_QCNT;
	}
	if (room < n)
		return -1;
	elem = calloc(1, size);
	hdr = (struct nvsim_qelem_hdr *)elem;
	rpc = (struct nvsim_rpc_hdr *)(hdr + 1);
	rpc->header_version = NVSIM_RPC_HDR_VERSION;
	rpc->signature = NVSIM_RPC_SIGNATURE;
	rpc->length = 32 + len;
	rpc->function = fn;
	rpc->rpc_result = 0xffffffff;
	rpc->rpc_result_private = 0xffffffff;
	if (len)
		memcpy(rpc + 1, payload, len);
	hdr->seq_num = h->cq_seq++;
	hdr->elem_count = n;
	hdr->checksum = csum(elem, size);
	corrupt(h, elem, size);
	for (uint32_t i = 0; i < n; i++)
		shm_copy(h, FH_CQ + 0x1000 + ((wptr + i) % FH_QCNT) * 0x1000,
			 elem + i * 0x1000, 0x1000, true);
	free(elem);
	fh_shm_wr32(h, FH_CQ + 16, (wptr + n) % FH_QCNT);
	if (!h->no_doorbell) {
		h->in_register = true;
		nvsim_gsp_cmdq_doorbell(h->gsp);
		h->in_register = false;
	}
	return 0;
}

int fh_send(struct fh *h, uint32_t fn, const void *payload, uint32_t len)
{
	const uint8_t *p = payload;
	uint32_t first = len > NVSIM_RPC_MAX_PAYLOAD ? NVSIM_RPC_MAX_PAYLOAD : len;

	if (push_elem(h, fn, p, first))
		return -1;
	for (uint32_t off = first; off < len; ) {
		uint32_t n = len - off > NVSIM_RPC_MAX_PAYLOAD ? NVSIM_RPC_MAX_PAYLOAD : len - off;

		if (push_elem(h, NVSIM_FN_CONTINUATION_RECORD, p + off, n))
			return -1;
		off += n;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* message queue (r535_gsp_msgq_wait / r535_gsp_msg_recv) */

int fh_recv(struct fh *h, struct fh_msg *m)
{
	uint32_t rptr = fh_shm_rd32(h, FH_CQ + 32), wptr = fh_shm_rd32(h, FH_MQ + 16);
	uint32_t used = (wptr + FH_QCNT - rptr) % FH_QCNT, ec;
	struct nvsim_qelem_hdr hdr;
	struct nvsim_rpc_hdr rpc;
	uint8_t *elem;

	memset(m, 0, sizeof(*m));
	if (!used)
		return 0;
	shm_copy(h, FH_MQ + 0x1000 + rptr * 0x1000, &hdr, sizeof(hdr), false);
	ec = hdr.elem_count;
	if (!ec || ec > 16 || ec > used) {
		printf("# msgq: bad elemCount %u (used %u)\n", ec, used);
		h->recv_errors++;
		return 0;
	}
	elem = malloc(ec * 0x1000);
	for (uint32_t i = 0; i < ec; i++)
		shm_copy(h, FH_MQ + 0x1000 + ((rptr + i) % FH_QCNT) * 0x1000,
			 elem + i * 0x1000, 0x1000, false);
	memcpy(&rpc, elem + 48, sizeof(rpc));
	if (csum(elem, ec * 0x1000) != hdr.checksum || hdr.seq_num != h->mq_seq ||
	    rpc.header_version != NVSIM_RPC_HDR_VERSION || rpc.signature != NVSIM_RPC_SIGNATURE ||
	    rpc.length < 32 || ((48 + rpc.length + 0xfff) & ~0xfffu) != ec * 0x1000) {
		printf("# msgq: bad element seq %u (want %u) fn %u len %u ec %u\n",
		       hdr.seq_num, h->mq_seq, rpc.function, rpc.length, ec);
		h->recv_errors++;
	}
	h->mq_seq = hdr.seq_num + 1;
	m->fn = rpc.function;
	m->result = rpc.rpc_result;
	m->len = rpc.length >= 32 ? rpc.length - 32 : 0;
	m->payload = malloc(m->len + 1);
	memcpy(m->payload, elem + 80, m->len);
	free(elem);
	fh_shm_wr32(h, FH_CQ + 32, (rptr + ec) % FH_QCNT);
	if (h->norder < (int)(sizeof(h->order) / sizeof(h->order[0])))
		h->order[h->norder++] = m->fn;
	if (m->fn >= 0x1000 && h->nev < FH_MAX_EVENTS) {
		struct fh_event *e = &h->ev[h->nev++];

		e->fn = m->fn;
		e->len = m->len;
		memcpy(e->data, m->payload, m->len < 64 ? m->len : 64);
	}
	return 1;
}

void fh_msg_free(struct fh_msg *m)
{
	free(m->payload);
	m->payload = NULL;
}

static int recv_wait(struct fh *h, struct fh_msg *m)
{
	for (int tries = 0; tries < 64; tries++) {
		if (fh_recv(h, m))
			return 1;
		if (h->work_pending)
			fh_fire_work(h);
		else if (h->timer_pending)
			fh_fire_timer(h);
		else
			return 0;
	}
	return 0;
}

int fh_reply(struct fh *h, uint32_t fn, uint32_t expect, struct fh_msg *m)
{
	for (;;) {
		if (!recv_wait(h, m))
			return -1;
		if (m->fn == fn)
			break;
		if (m->fn < 0x1000)
			printf("# msgq: unexpected reply fn %u while waiting for %u\n", m->fn, fn);
		fh_msg_free(m);
	}
	/* a reply longer than one message continues in CONTINUATION_RECORDs,
	 * each full-sized piece but the last */
	for (uint32_t piece = m->len; piece == NVSIM_RPC_MAX_PAYLOAD && expect > m->len; ) {
		struct fh_msg c;

		if (!recv_wait(h, &c) || c.fn != NVSIM_FN_CONTINUATION_RECORD) {
			printf("# msgq: continuation missing (got fn %u)\n", c.fn);
			fh_msg_free(&c);
			return -1;
		}
		m->payload = realloc(m->payload, m->len + c.len);
		memcpy(m->payload + m->len, c.payload, c.len);
		m->len += c.len;
		piece = c.len;
		fh_msg_free(&c);
	}
	return (int)m->len;
}

void fh_drain(struct fh *h)
{
	struct fh_msg m;

	while (recv_wait(h, &m))
		fh_msg_free(&m);
}

int fh_count_events(struct fh *h, uint32_t fn)
{
	int n = 0;

	for (int i = 0; i < h->nev; i++)
		n += h->ev[i].fn == fn;
	return n;
}

const struct fh_event *fh_last_event(struct fh *h, uint32_t fn)
{
	for (int i = h->nev - 1; i >= 0; i--)
		if (h->ev[i].fn == fn)
			return &h->ev[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* RM */

/*
 * Send an RM RPC of function fn: the header hdr (hsize bytes, the RPC's
 * status field at status_off), then psize bytes of params. Wait for the
 * reply of the same size and copy its header back into hdr and, with
 * out, its params into out. Returns the RM status, or a 0xdeadxxxx value
 * for the caller to return as the RM status: 0xdeadffff no reply,
 * 0xdead0000 | rpc_result a transport failure (rpc_result without a
 * payload), 0xdeadfffe a reply of the wrong size, 0xdeadfffd a reply
 * that breaks the convention CPU-RM expects:
 *  - ALLOC and FREE: rpc_result == the payload's status. CPU-RM's
 *    rpcRmApiAlloc_GSP()/rpcRmApiFree_GSP() (open-gpu-kernel-modules
 *    src/nvidia/kernel/vgpu/nv/rpc.c) see a failure only in a non-zero
 *    rpc_result and would take "rpc_result 0, status != 0" as success.
 *  - CONTROL: rpc_result NV_OK, the handler's status in the payload
 *    (rpcRmApiControl_GSP(); nouveau's r535_dp_train_target() retry).
 */
static uint32_t fh_rm_call(struct fh *h, uint32_t fn, void *hdr, uint32_t hsize,
			   uint32_t status_off, const void *params, void *out,
			   uint32_t psize)
{
	uint32_t len = hsize + psize, st = 0;
	uint8_t *buf = calloc(1, len);
	struct fh_msg m;

	memcpy(buf, hdr, hsize);
	if (psize)
		memcpy(buf + hsize, params, psize);
	fh_send(h, fn, buf, len);
	free(buf);
	if (fh_reply(h, fn, len, &m) < 0)
		return 0xdeadffff;
	if (m.result && !m.len) {
		st = 0xdead0000 | (m.result & 0xffff);
	} else if (m.len != len) {
		st = 0xdeadfffe;
	} else {
		memcpy(hdr, m.payload, hsize);
		if (out && psize)
			memcpy(out, m.payload + hsize, psize);
		memcpy(&st, m.payload + status_off, 4);
		if (fn == NVSIM_FN_GSP_RM_CONTROL ? m.result != NV_OK : m.result != st) {
			printf("# fn %u: rpc_result 0x%x with payload status 0x%x\n",
			       fn, m.result, st);
			st = 0xdeadfffd;
		}
	}
	fh_msg_free(&m);
	return st;
}

uint32_t fh_alloc(struct fh *h, uint32_t hc, uint32_t hp, uint32_t ho, uint32_t cls,
		  const void *params, uint32_t psize)
{
	struct nvsim_rpc_alloc a = {
		.h_client = hc, .h_parent = hp, .h_object = ho, .h_class = cls,
		.params_size = psize,
	};
	return fh_rm_call(h, NVSIM_FN_GSP_RM_ALLOC, &a, sizeof(a),
			  offsetof(struct nvsim_rpc_alloc, status), params, NULL, psize);
}

uint32_t fh_ctrl(struct fh *h, uint32_t hc, uint32_t ho, uint32_t cmd, void *params,
		 uint32_t psize)
{
	struct nvsim_rpc_ctrl c = {
		.h_client = hc, .h_object = ho, .cmd = cmd, .params_size = psize,
	};
	return fh_rm_call(h, NVSIM_FN_GSP_RM_CONTROL, &c, sizeof(c),
			  offsetof(struct nvsim_rpc_ctrl, status), params, params, psize);
}

uint32_t fh_subdev_ctrl(struct fh *h, uint32_t cmd, void *params, uint32_t psize)
{
	return fh_ctrl(h, H_CLIENT, H_SUBDEV, cmd, params, psize);
}

uint32_t fh_free_obj(struct fh *h, uint32_t hroot, uint32_t hobj)
{
	struct nvsim_rpc_free f = { .h_root = hroot, .h_object_old = hobj };

	return fh_rm_call(h, NVSIM_FN_FREE, &f, sizeof(f),
			  offsetof(struct nvsim_rpc_free, status), NULL, NULL, 0);
}

/* ------------------------------------------------------------------ */
/* vGPU */

void fh_type(struct nvsim_vgpu_type_info *t, uint32_t id, const char *name,
	     uint64_t fb_len, uint64_t heap)
{
	memset(t, 0, sizeof(*t));
	t->vgpu_type = id;
	snprintf((char *)t->vgpu_name, sizeof(t->vgpu_name), "%s", name);
	strcpy((char *)t->vgpu_class, "NVS");
	strcpy((char *)t->license, "GRID-Virtual-PC,2.0;Quadro-Virtual-DWS,5.0");
	t->max_instance = 4;
	t->num_heads = 4;
	t->max_resolution_x = 5120;
	t->max_resolution_y = 2880;
	t->frl_config = 45;
	t->vdev_id = 0x26b5176d;
	t->pdev_id = 0x26b5;
	t->profile_size = fb_len;
	t->fb_length = fb_len;
	t->gsp_heap_size = heap;
	t->mappable_video_size = 4 * MiB;
	t->encoder_capacity = 100;
	t->bar1_length = 256;
	t->frl_enable = 1;
	t->multi_vgpu_exclusive = 1;
	/* a recognisable pattern so that an echoed reply can be compared */
	for (int i = 0; i < 1024; i++)
		t->vgpu_extra_params[i] = id * 7919u + (uint32_t)i;
}

uint32_t fh_add_types(struct fh *h, const struct nvsim_vgpu_type_info *t, uint32_t n,
		      bool discard, struct nvsim_ctrl_add_vgpu_type **reply)
{
	struct nvsim_ctrl_add_vgpu_type *p = calloc(1, sizeof(*p));
	uint32_t st;

	p->discard_vgpu_types = discard;
	p->vgpu_info_count = n;
	for (uint32_t i = 0; i < n && i < NVSIM_MAX_VGPU_TYPES; i++)
		p->vgpu_info[i] = t[i];
	st = fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_ADD_TYPE, p, sizeof(*p));
	if (reply)
		*reply = p;
	else
		free(p);
	return st;
}

void fh_bootload_params(struct fh *h, struct nvsim_ctrl_bootload *b, uint32_t gfid,
			uint32_t type, uint64_t fb, uint64_t fb_len, uint64_t heap,
			uint64_t heap_len, uint32_t chid, uint32_t nch)
{
	static const uint32_t engines[] = { 1, 9, 10, 0x13, 0x1b };	/* GR0, CE0/1, NVDEC0, NVENC0 */

	memset(b, 0, sizeof(*b));
	b->dbdf = (uint32_t)(h->sriov.pf_bdf + h->sriov.first_vf_offset +
			     (gfid - 1) * h->sriov.vf_stride);
	b->gfid = gfid;
	b->vgpu_type = type;
	b->num_channels = nch;
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		b->chid_offset[engines[i]] = chid;
	b->num_guest_fb_segments = 1;
	b->guest_fb_phys_addr[0] = fb;
	b->guest_fb_length[0] = fb_len;
	b->plugin_heap_phys_addr = heap;
	b->plugin_heap_length = heap_len;
	b->ctrl_buff_offset = 0;
	/* the RFC: absolute init log address, 128 KiB each */
	b->init_task_log_buff_offset = heap + 0x204000;
	b->init_task_log_buff_size = 0x20000;
	b->vgpu_task_log_buff_offset = heap + 0x224000;
	b->vgpu_task_log_buff_size = 0x20000;
}

uint32_t fh_bootload(struct fh *h, const struct nvsim_ctrl_bootload *b)
{
	struct nvsim_ctrl_bootload copy = *b;

	return fh_subdev_ctrl(h, NVSIM_CTRL_VGPU_BOOTLOAD, &copy, sizeof(copy));
}

uint32_t fh_gfid_ctrl(struct fh *h, uint32_t cmd, uint32_t gfid)
{
	struct nvsim_ctrl_gfid p = { gfid };

	return fh_subdev_ctrl(h, cmd, &p, sizeof(p));
}

/* rpc.c of the RFC: payload -> message buffer, type, ++seq, doorbell */
uint32_t fh_mbox(struct fh *h, uint32_t gfid, uint64_t heap, uint32_t type, uint32_t seq,
		 const void *payload, uint32_t len, void *out, uint32_t outlen)
{
	struct nvsim_plugin_ctrl c;
	uint8_t *v = h->cfg.vram;
	uint32_t processed, result;

	memcpy(&c, v + heap, sizeof(c));
	c.version = NVSIM_PLUGIN_CTRL_VERSION;
	c.response_buff_offset = NVSIM_PLUGIN_RESP_OFF;
	c.message_buff_offset = NVSIM_PLUGIN_MSG_OFF;
	c.migration_buff_offset = NVSIM_PLUGIN_MIGRATION_OFF;
	c.error_buff_offset = NVSIM_PLUGIN_ERROR_OFF;
	c.message_type = type;
	c.message_seq_num = seq;
	memset(v + heap + NVSIM_PLUGIN_MSG_OFF, 0, NVSIM_PLUGIN_BUF_SIZE);
	if (len)
		memcpy(v + heap + NVSIM_PLUGIN_MSG_OFF, payload, len);
	memcpy(v + heap, &c, sizeof(c));
	h->in_register = true;
	nvsim_gsp_doorbell(h->gsp, gfid * 32 + 17);
	h->in_register = false;
	if (h->work_pending)
		fh_fire_work(h);	/* a driver polls until the plugin ran */
	memcpy(&processed, v + heap + NVSIM_PLUGIN_RESP_OFF, 4);
	memcpy(&result, v + heap + NVSIM_PLUGIN_RESP_OFF + 4, 4);
	if (out)
		memcpy(out, v + heap + NVSIM_PLUGIN_MSG_OFF, outlen);
	return processed == seq ? result : 0xdeadffff;
}
