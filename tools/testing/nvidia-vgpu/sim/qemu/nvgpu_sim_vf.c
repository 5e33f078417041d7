// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvidia-vgpu-sim-vf: a virtual function of nvidia-vgpu-sim.
 *
 * Created by the PF's SR-IOV capability (QEMU's pcie_sriov API), never
 * by -device. What the guest sees is described in
 * sim/include/nvsim_vf_regs.h: identity registers, a mailbox to the GSP
 * plugin of its vGPU, a copy/fill engine confined to its FB, MSI-X, FLR,
 * PCI power management (D0/D3hot, see "power management" below),
 * and BAR1 mapping exactly the FB range given at bootload; and the
 * execution model (channels, usermode doorbell, copy engine), whose logic
 * is the QEMU-free core sim/gsp/exec.c: this file gives it the VF's DMA,
 * VRAM, MSI-X, a bottom half and the GSP for its events.
 *
 * GFID = VF index + 1 (as in RM: GFID 0 is the PF).
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qemu/bswap.h"
#include "qemu/main-loop.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "hw/pci/pci.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/pci/msix.h"
#include "migration/vmstate.h"
#include "trace.h"
#include "nvgpu_sim.h"
#include "nvsim_vf_regs.h"

#define NVGPU_VF_PM_CAP_OFF     0x60
#define NVGPU_VF_EXP_CAP_OFF    0x80
#define NVGPU_VF_MSIX_CAP_OFF   0x70
#define NVGPU_VF_ARI_CAP_OFF    0x100

/* PMCSR PowerState values the VF supports */
#define NVGPU_VF_PM_D0          0
#define NVGPU_VF_PM_D3HOT       3
/* above the MSI-X table/PBA (0) and the FB alias (1) in their BARs */
#define NVGPU_VF_PM_WIN_PRIO    16

static bool nvgpu_vf_info(NvGpuSimVfState *vf, struct nvsim_vgpu_info *info)
{
    memset(info, 0, sizeof(*info));
    if (!vf->pf || !vf->pf->gsp) {
        return false;
    }
    return nvsim_gsp_vgpu_info(vf->pf->gsp, vf->gfid, info) && info->live;
}

static void nvgpu_vf_bar1_sync(NvGpuSimVfState *vf);

/* The exec core re-reads the vGPU; never while it runs (deferred). */
static void nvgpu_vf_exec_sync(NvGpuSimVfState *vf)
{
    if (!vf->exec) {
        return;
    }
    if (vf->exec_busy) {
        vf->exec_sync_pending = true;
        return;
    }
    nvsim_exec_sync(vf->exec);
}

void nvgpu_sim_vf_sync(NvGpuSimVfState *vf)
{
    nvgpu_vf_bar1_sync(vf);
    nvgpu_vf_exec_sync(vf);
    if (vf->disp) {
        nvsim_disp_sync(vf->disp);
    }
}

/* The live surface of a head, for the vGPU's plugin (sim/gsp). */
bool nvgpu_sim_vf_plane(NvGpuSimVfState *vf, uint32_t head,
                        struct nvsim_disp_plane *p)
{
    memset(p, 0, sizeof(*p));
    return vf->disp && nvsim_disp_plane(vf->disp, head, p);
}

/*
 * Make BAR1 follow the vGPU: while live, offset 0 .. min(fb_size, BAR
 * size) aliases VRAM at fb_addr; otherwise only the all-ones background.
 */
static void nvgpu_vf_bar1_sync(NvGpuSimVfState *vf)
{
    struct nvsim_vgpu_info info;
    uint64_t bar_size = memory_region_size(&vf->bar1);
    uint64_t vram_size = vf->pf->vram_size;
    uint64_t size = 0, addr = 0;
    bool want = false;

    if (nvgpu_vf_info(vf, &info) && info.fb_size) {
        size = MIN(info.fb_size, bar_size);
        addr = info.fb_addr;
        if (addr < vram_size && size <= vram_size - addr) {
            want = true;
        } else {
            nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0,
                           "%s: GFID %u FB 0x%" PRIx64 "+0x%" PRIx64
                           " beyond VRAM, BAR1 not mapped\n",
                           TYPE_NVGPU_SIM_VF, vf->gfid, info.fb_addr,
                           info.fb_size);
        }
    }

    if (want == vf->fb_mapped &&
        (!want || (addr == vf->fb_addr && size == vf->fb_map_size))) {
        return;
    }

    memory_region_transaction_begin();
    if (want) {
        memory_region_set_alias_offset(&vf->bar1_fb, addr);
        memory_region_set_size(&vf->bar1_fb, size);
    }
    memory_region_set_enabled(&vf->bar1_fb, want);
    memory_region_transaction_commit();

    vf->fb_mapped = want;
    vf->fb_addr = want ? addr : 0;
    vf->fb_map_size = want ? size : 0;
}

/* An MSI-X message of the VF; none at all in D3hot (not even a PBA bit). */
static void nvgpu_vf_msix_notify(NvGpuSimVfState *vf, unsigned int vector)
{
    PCIDevice *pdev = PCI_DEVICE(vf);

    if (!vf->d3hot && msix_enabled(pdev)) {
        msix_notify(pdev, vector);      /* sets the PBA bit if masked */
    }
}

/* ---- mailbox ---- */

QEMU_BUILD_BUG_ON(NVSIM_EXEC_OK != NVSIM_VF_MBOX_ST_OK);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_NOT_READY != NVSIM_VF_MBOX_ST_NOT_READY);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_NO_CHANNEL != NVSIM_VF_MBOX_ST_NO_CHANNEL);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_BAD_ARG != NVSIM_VF_MBOX_ST_BAD_ARG);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_VEC_NONSTALL != NVSIM_VF_MSIX_VEC_NONSTALL);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_VEC_FAULT != NVSIM_VF_MSIX_VEC_FAULT);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_INTR_NONSTALL != NVSIM_VF_EXEC_INTR_NONSTALL);
QEMU_BUILD_BUG_ON(NVSIM_EXEC_INTR_FAULT != NVSIM_VF_EXEC_INTR_FAULT);
QEMU_BUILD_BUG_ON(ARRAY_SIZE(((NvGpuSimVfState *)0)->mbox_argn) !=
                  NVSIM_VF_MBOX_ARGN_NR);

/* Channels the guest holds on the exec core (GET_GUEST_INFO). */
uint32_t nvgpu_sim_vf_channels_used(NvGpuSimVfState *vf)
{
    return vf->exec ? nvsim_exec_chan_count(vf->exec) : 0;
}

/* Channel requests: served by the exec core for the vGPU's plugin. */
static uint32_t nvgpu_vf_chan_request(NvGpuSimVfState *vf, uint32_t req)
{
    const uint32_t *a = vf->mbox_argn;
    struct nvsim_exec_chan_params p;
    struct nvsim_exec_chan_reply r;
    struct nvsim_exec_chan_info ci;
    uint32_t st;

    if (req == NVSIM_VF_MBOX_REQ_CHAN_ALLOC) {
        p.gpfifo = deposit64(a[0], 32, 32, a[1]);
        p.entries = a[2];
        p.userd = deposit64(a[3], 32, 32, a[4]);
        st = nvsim_exec_chan_alloc(vf->exec, &p, &r);
        if (st == NVSIM_EXEC_OK) {
            vf->mbox_data[0] = r.chid;
            vf->mbox_data[1] = r.token;
            vf->mbox_data[2] = r.index;
        }
        return st;
    }
    if (req == NVSIM_VF_MBOX_REQ_CHAN_FREE) {
        return nvsim_exec_chan_free(vf->exec, a[0]);
    }
    st = nvsim_exec_chan_info(vf->exec, a[0], &ci);
    if (st == NVSIM_EXEC_OK) {
        vf->mbox_data[0] = ci.state;
        vf->mbox_data[1] = ci.xid;
        vf->mbox_data[2] = ci.gp_get;
        vf->mbox_data[3] = (uint32_t)ci.fault_addr;
        vf->mbox_data[4] = ci.fault_addr >> 32;
        vf->mbox_data[5] = ci.launches;
        vf->mbox_data[6] = ci.sem_releases;
    }
    return st;
}

static void nvgpu_vf_mbox_request(NvGpuSimVfState *vf, uint32_t req)
{
    struct nvsim_vgpu_info info;
    char name[32];
    int i;

    vf->mbox_req = req;
    memset(vf->mbox_data, 0, sizeof(vf->mbox_data));

    if (req < NVSIM_VF_MBOX_REQ_GET_TYPE_ID ||
        req > NVSIM_VF_MBOX_REQ_CHAN_INFO) {
        vf->mbox_status = NVSIM_VF_MBOX_ST_BAD_REQ;
        return;
    }
    if (!nvgpu_vf_info(vf, &info)) {
        vf->mbox_status = NVSIM_VF_MBOX_ST_NOT_READY;
        return;
    }

    switch (req) {
    case NVSIM_VF_MBOX_REQ_GET_TYPE_ID:
        vf->mbox_data[0] = info.type_id;
        break;
    case NVSIM_VF_MBOX_REQ_GET_TYPE_NAME:
        QEMU_BUILD_BUG_ON(sizeof(name) != sizeof(info.type_name));
        memcpy(name, info.type_name, sizeof(name));
        name[sizeof(name) - 1] = 0;     /* always NUL terminated */
        for (i = 0; i < NVSIM_VF_MBOX_DATA_NR; i++) {
            vf->mbox_data[i] = ldl_le_p(name + i * 4);
        }
        break;
    case NVSIM_VF_MBOX_REQ_GET_FB_SIZE:
        vf->mbox_data[0] = (uint32_t)info.fb_size;
        vf->mbox_data[1] = info.fb_size >> 32;
        break;
    case NVSIM_VF_MBOX_REQ_GET_STATE:
        vf->mbox_data[0] = 1;
        vf->mbox_data[1] = info.plugin_state;
        vf->mbox_data[2] = vf->gfid;
        vf->mbox_data[3] = info.num_chids;
        break;
    case NVSIM_VF_MBOX_REQ_CHAN_ALLOC:
    case NVSIM_VF_MBOX_REQ_CHAN_FREE:
    case NVSIM_VF_MBOX_REQ_CHAN_INFO:
        vf->mbox_status = nvgpu_vf_chan_request(vf, req);
        return;
    }
    vf->mbox_status = NVSIM_VF_MBOX_ST_OK;
}

/* ---- copy/fill engine ---- */

static bool nvgpu_vf_range_ok(uint64_t off, uint64_t len, uint64_t size)
{
    return off <= size && len <= size - off;
}

/* Bus Master Enable, and not in D3hot: a function in D3hot masters no DMA */
static bool nvgpu_vf_bus_master(NvGpuSimVfState *vf)
{
    return !vf->d3hot &&
           (pci_get_word(PCI_DEVICE(vf)->config + PCI_COMMAND) &
            PCI_COMMAND_MASTER);
}

static uint32_t nvgpu_vf_ce_run(NvGpuSimVfState *vf)
{
    struct nvsim_vgpu_info info;
    uint64_t vram_size = vf->pf->vram_size;
    uint8_t *fb;
    uint64_t i;

    if (!nvgpu_vf_info(vf, &info)) {
        return NVSIM_VF_CE_ERR_NOT_READY;
    }
    /*
     * Assumption (nvsim_vf_regs.h): no work without bus mastering, as
     * the execution model (exec.c): the VF's own BME and the plugin told
     * BME on (RUNNING). Nothing is touched, not even FB to FB.
     */
    if (!nvgpu_vf_bus_master(vf) || info.plugin_state != NVSIM_PLUGIN_RUNNING) {
        return NVSIM_VF_CE_ERR_NO_BME;
    }
    if (vf->ce_op != NVSIM_VF_CE_OP_COPY && vf->ce_op != NVSIM_VF_CE_OP_FILL) {
        return NVSIM_VF_CE_ERR_BAD_OP;
    }
    /* The FB itself must lie in VRAM, or nothing is touched. */
    if (!nvgpu_vf_range_ok(info.fb_addr, info.fb_size, vram_size)) {
        return NVSIM_VF_CE_ERR_RANGE;
    }
    if (!nvgpu_vf_range_ok(vf->ce_dst, vf->ce_len, info.fb_size)) {
        return NVSIM_VF_CE_ERR_RANGE;
    }
    if (vf->ce_op == NVSIM_VF_CE_OP_COPY &&
        !nvgpu_vf_range_ok(vf->ce_src, vf->ce_len, info.fb_size)) {
        return NVSIM_VF_CE_ERR_RANGE;
    }
    if (!vf->ce_len) {
        return NVSIM_VF_CE_ERR_NONE;
    }

    fb = vf->pf->vram_ptr + info.fb_addr;
    if (vf->ce_op == NVSIM_VF_CE_OP_COPY) {
        memmove(fb + vf->ce_dst, fb + vf->ce_src, vf->ce_len);
    } else {
        uint8_t pat[4];

        stl_le_p(pat, vf->ce_pattern);
        if (pat[0] == pat[1] && pat[0] == pat[2] && pat[0] == pat[3]) {
            memset(fb + vf->ce_dst, pat[0], vf->ce_len);
        } else {
            for (i = 0; i < vf->ce_len; i++) {
                fb[vf->ce_dst + i] = pat[i & 3];
            }
        }
    }
    return NVSIM_VF_CE_ERR_NONE;
}

static void nvgpu_vf_ce_go(NvGpuSimVfState *vf)
{
    uint32_t err = nvgpu_vf_ce_run(vf);

    vf->ce_status = NVSIM_VF_CE_STATUS_DONE;
    if (err) {
        vf->ce_status |= NVSIM_VF_CE_STATUS_ERROR |
                         (err << NVSIM_VF_CE_STATUS_ERR_SHIFT);
        nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0x100 + err,
                       "%s: GFID %u copy/fill refused (error %u)\n",
                       TYPE_NVGPU_SIM_VF, vf->gfid, err);
    } else {
        vf->ce_completed++;
    }
    /* An MSI-X message is a memory write: none without Bus Master Enable. */
    if (nvgpu_vf_bus_master(vf)) {
        nvgpu_vf_msix_notify(vf, NVSIM_VF_MSIX_VEC_CE);
    }
}

/* ---- execution model: host side of sim/gsp/exec.c ---- */

static void nvgpu_exec_vgpu(void *opaque, struct nvsim_exec_vgpu *v)
{
    NvGpuSimVfState *vf = opaque;
    struct nvsim_vgpu_info info;

    memset(v, 0, sizeof(*v));
    v->gfid = vf->gfid;
    if (!nvgpu_vf_info(vf, &info)) {
        return;
    }
    v->live = true;
    v->configured = info.plugin_state == NVSIM_PLUGIN_CONFIGURED ||
                    info.plugin_state == NVSIM_PLUGIN_RUNNING;
    v->running = info.plugin_state == NVSIM_PLUGIN_RUNNING;
    v->bus_master = nvgpu_vf_bus_master(vf);
    v->fb_addr = info.fb_addr;
    /* one contiguous range: the first FB segment only */
    v->fb_size = MIN(info.fb_size, info.fb_first_len);
    v->chid_offset = info.ce_chid_offset;
    v->num_chids = info.num_chids;
}

/* The VF's own DMA: through its bus-master address space (the vIOMMU). */
static int nvgpu_exec_dma_read(void *opaque, uint64_t addr, void *buf,
                               size_t len)
{
    return pci_dma_read(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK ?
           0 : -1;
}

static int nvgpu_exec_dma_write(void *opaque, uint64_t addr, const void *buf,
                                size_t len)
{
    return pci_dma_write(PCI_DEVICE(opaque), addr, buf, len) == MEMTX_OK ?
           0 : -1;
}

/* VRAM at absolute addresses; the core confines them to the vGPU's FB. */
static int nvgpu_exec_fb_read(void *opaque, uint64_t addr, void *buf,
                              size_t len)
{
    NvGpuSimVfState *vf = opaque;

    if (!nvgpu_vf_range_ok(addr, len, vf->pf->vram_size)) {
        return -1;
    }
    memcpy(buf, vf->pf->vram_ptr + addr, len);
    return 0;
}

static int nvgpu_exec_fb_write(void *opaque, uint64_t addr, const void *buf,
                               size_t len)
{
    NvGpuSimVfState *vf = opaque;

    if (!nvgpu_vf_range_ok(addr, len, vf->pf->vram_size)) {
        return -1;
    }
    memcpy(vf->pf->vram_ptr + addr, buf, len);
    return 0;
}

static void nvgpu_exec_irq(void *opaque, unsigned int vector)
{
    nvgpu_vf_msix_notify(opaque, vector);
}

static void nvgpu_exec_channel_error(void *opaque,
                                     const struct nvsim_exec_error *e)
{
    NvGpuSimVfState *vf = opaque;

    if (!vf->pf->gsp || !nvgpu_sim_enter(vf->pf, "VF channel error",
                                         vf->gfid)) {
        return;
    }
    nvsim_gsp_vf_channel_error(vf->pf->gsp, vf->gfid, e->chid, e->xid,
                               e->mmu_fault, e->text);
    nvgpu_sim_leave(vf->pf);
}

static void nvgpu_exec_kick(void *opaque)
{
    NvGpuSimVfState *vf = opaque;

    qemu_bh_schedule(vf->exec_bh);
}

static uint64_t nvgpu_exec_now(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static void nvgpu_exec_log(void *opaque, const char *line)
{
    /* like the GSP core's lines: channel changes and errors are rare */
    trace_nvgpu_sim_vf_log(line);
}

static const struct nvsim_exec_ops nvgpu_exec_ops = {
    .vgpu = nvgpu_exec_vgpu,
    .dma_read = nvgpu_exec_dma_read,
    .dma_write = nvgpu_exec_dma_write,
    .fb_read = nvgpu_exec_fb_read,
    .fb_write = nvgpu_exec_fb_write,
    .irq = nvgpu_exec_irq,
    .channel_error = nvgpu_exec_channel_error,
    .kick = nvgpu_exec_kick,
    .now_ns = nvgpu_exec_now,
    .log = nvgpu_exec_log,
};

/*
 * The bottom half: a bounded amount of work per call, then back to the
 * main loop (rescheduled while work is left). While it runs, accesses
 * the device makes to itself (DMA aimed at its own BAR0, or at config
 * space through ECAM) are refused or deferred, so the core is never
 * re-entered.
 */
static void nvgpu_exec_bh(void *opaque)
{
    NvGpuSimVfState *vf = opaque;
    bool more;

    vf->exec_busy = true;
    more = nvsim_exec_run(vf->exec);
    vf->exec_busy = false;
    if (vf->exec_reset_pending) {
        vf->exec_reset_pending = vf->exec_sync_pending = false;
        nvsim_exec_reset(vf->exec);
        return;
    }
    if (vf->exec_sync_pending) {
        vf->exec_sync_pending = false;
        nvsim_exec_sync(vf->exec);
    }
    if (more) {
        qemu_bh_schedule(vf->exec_bh);
    }
}

/* ---- display engine: host side of sim/gsp/disp.c ---- */

static void nvgpu_disp_vgpu(void *opaque, struct nvsim_disp_vgpu *v)
{
    NvGpuSimVfState *vf = opaque;
    struct nvsim_vgpu_info info;

    memset(v, 0, sizeof(*v));
    if (!nvgpu_vf_info(vf, &info)) {
        return;
    }
    v->live = true;
    v->num_heads = info.num_heads;
    v->max_width = info.max_res_x;
    v->max_height = info.max_res_y;
    /*
     * assumption: the display scans out only from what the VF's BAR1
     * maps, the first FB segment up to the BAR's size (nvgpu_vf_bar1_sync)
     */
    v->fb_mappable = MIN(MIN(info.fb_size, info.fb_first_len),
                         memory_region_size(&vf->bar1));
    if (!nvgpu_vf_range_ok(info.fb_addr, v->fb_mappable, vf->pf->vram_size)) {
        v->fb_mappable = 0;
    }
}

static void nvgpu_disp_irq(void *opaque)
{
    nvgpu_vf_msix_notify(opaque, NVSIM_VF_MSIX_VEC_DISP);
}

static void nvgpu_disp_arm_timer(void *opaque, uint64_t expire_ns)
{
    NvGpuSimVfState *vf = opaque;

    timer_mod(vf->disp_timer, expire_ns);
}

static void nvgpu_disp_cancel_timer(void *opaque)
{
    NvGpuSimVfState *vf = opaque;

    timer_del(vf->disp_timer);
}

static uint64_t nvgpu_disp_now(void *opaque)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static const struct nvsim_disp_ops nvgpu_disp_ops = {
    .vgpu = nvgpu_disp_vgpu,
    .irq = nvgpu_disp_irq,
    .arm_timer = nvgpu_disp_arm_timer,
    .cancel_timer = nvgpu_disp_cancel_timer,
    .now_ns = nvgpu_disp_now,
    .log = nvgpu_exec_log,
};

static void nvgpu_disp_timer_cb(void *opaque)
{
    NvGpuSimVfState *vf = opaque;

    nvsim_disp_vblank(vf->disp);
}

static uint32_t nvgpu_vf_time(bool hi)
{
    uint64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    /* dev_usermode.ref: TIME_0 31:5, TIME_1 28:0 */
    return hi ? (ns >> 32) & 0x1fffffff : (uint32_t)ns & ~0x1fu;
}

/* ---- BAR0 ---- */

static uint32_t nvgpu_vf_reg_read(NvGpuSimVfState *vf, hwaddr addr,
                                  bool *known)
{
    struct nvsim_exec_counters c;
    uint32_t val;

    *known = true;
    if (addr >= NVSIM_VF_MBOX_DATA(0) &&
        addr < NVSIM_VF_MBOX_DATA(NVSIM_VF_MBOX_DATA_NR)) {
        return vf->mbox_data[(addr - NVSIM_VF_MBOX_DATA(0)) / 4];
    }
    if (addr >= NVSIM_VF_MBOX_ARGN(0) &&
        addr < NVSIM_VF_MBOX_ARGN(NVSIM_VF_MBOX_ARGN_NR)) {
        return vf->mbox_argn[(addr - NVSIM_VF_MBOX_ARGN(0)) / 4];
    }
    if (nvsim_disp_read(vf->disp, addr, &val)) {
        return val;
    }
    nvsim_exec_counters(vf->exec, &c);
    switch (addr) {
    case NVSIM_VF_BOOT_0:
        return NVSIM_BOOT0;
    case NVSIM_VF_BOOT_1:
        return NVSIM_VF_BOOT_1_VF;
    case NVSIM_VF_MAGIC:
        return NVSIM_VF_MAGIC_VALUE;
    case NVSIM_VF_VERSION:
        return NVSIM_VF_VERSION_VALUE;
    case NVSIM_VF_GFID:
        return vf->gfid;
    case NVSIM_VF_MBOX_REQ:
        return vf->mbox_req;
    case NVSIM_VF_MBOX_STATUS:
        return vf->mbox_status;
    case NVSIM_VF_MBOX_ARG:
        return vf->mbox_arg;
    case NVSIM_VF_CE_SRC_LO:
        return (uint32_t)vf->ce_src;
    case NVSIM_VF_CE_SRC_HI:
        return vf->ce_src >> 32;
    case NVSIM_VF_CE_DST_LO:
        return (uint32_t)vf->ce_dst;
    case NVSIM_VF_CE_DST_HI:
        return vf->ce_dst >> 32;
    case NVSIM_VF_CE_LEN_LO:
        return (uint32_t)vf->ce_len;
    case NVSIM_VF_CE_LEN_HI:
        return vf->ce_len >> 32;
    case NVSIM_VF_CE_PATTERN:
        return vf->ce_pattern;
    case NVSIM_VF_CE_OP:
        return vf->ce_op;
    case NVSIM_VF_CE_GO:
        return 0;
    case NVSIM_VF_CE_STATUS:
        return vf->ce_status;
    case NVSIM_VF_CE_COMPLETED:
        return vf->ce_completed;
    case NVSIM_VF_CAPS:
        return NVSIM_VF_CAPS_EXEC | NVSIM_VF_CAPS_DISPLAY;
    case NVSIM_VF_EXEC_INTR:
        return nvsim_exec_intr(vf->exec);
    case NVSIM_VF_EXEC_NONSTALL_COUNT:
        return (uint32_t)c.nonstall_irqs;
    case NVSIM_VF_EXEC_FAULT_COUNT:
        return (uint32_t)c.faults;
    case NVSIM_VF_EXEC_FAULT_CHID:
        return c.last_fault_chid;
    case NVSIM_VF_EXEC_FAULT_XID:
        return c.last_fault_xid;
    case NVSIM_VF_EXEC_LAUNCHES:
        return (uint32_t)c.launches;
    case NVSIM_VF_USERMODE_CFG0:
        return NVSIM_VF_USERMODE_CLASS;
    case NVSIM_VF_USERMODE_TIME_0:
        return nvgpu_vf_time(false);
    case NVSIM_VF_USERMODE_TIME_1:
        return nvgpu_vf_time(true);
    case NVSIM_VF_USERMODE_DOORBELL:
        return 0;
    default:
        *known = false;
        return 0;
    }
}

static bool nvgpu_vf_reg_write(NvGpuSimVfState *vf, hwaddr addr, uint32_t val)
{
    if (addr >= NVSIM_VF_MBOX_ARGN(0) &&
        addr < NVSIM_VF_MBOX_ARGN(NVSIM_VF_MBOX_ARGN_NR)) {
        vf->mbox_argn[(addr - NVSIM_VF_MBOX_ARGN(0)) / 4] = val;
        return true;
    }
    if (nvsim_disp_write(vf->disp, addr, val)) {
        return true;
    }
    switch (addr) {
    case NVSIM_VF_USERMODE_DOORBELL:
        /* marks the channel pending and schedules the bottom half */
        nvsim_exec_doorbell(vf->exec, val);
        return true;
    case NVSIM_VF_EXEC_INTR:
        nvsim_exec_intr_clear(vf->exec, val);
        return true;
    case NVSIM_VF_MBOX_REQ:
        nvgpu_vf_mbox_request(vf, val);
        return true;
    case NVSIM_VF_MBOX_ARG:
        vf->mbox_arg = val;
        return true;
    case NVSIM_VF_CE_SRC_LO:
        vf->ce_src = deposit64(vf->ce_src, 0, 32, val);
        return true;
    case NVSIM_VF_CE_SRC_HI:
        vf->ce_src = deposit64(vf->ce_src, 32, 32, val);
        return true;
    case NVSIM_VF_CE_DST_LO:
        vf->ce_dst = deposit64(vf->ce_dst, 0, 32, val);
        return true;
    case NVSIM_VF_CE_DST_HI:
        vf->ce_dst = deposit64(vf->ce_dst, 32, 32, val);
        return true;
    case NVSIM_VF_CE_LEN_LO:
        vf->ce_len = deposit64(vf->ce_len, 0, 32, val);
        return true;
    case NVSIM_VF_CE_LEN_HI:
        vf->ce_len = deposit64(vf->ce_len, 32, 32, val);
        return true;
    case NVSIM_VF_CE_PATTERN:
        vf->ce_pattern = val;
        return true;
    case NVSIM_VF_CE_OP:
        vf->ce_op = val;
        return true;
    case NVSIM_VF_CE_GO:
        if (val & 1) {
            nvgpu_vf_ce_go(vf);
        }
        return true;
    case NVSIM_VF_CE_STATUS:
        vf->ce_status &= ~val;
        if (!(vf->ce_status & NVSIM_VF_CE_STATUS_ERROR)) {
            vf->ce_status &= ~NVSIM_VF_CE_STATUS_ERR_MASK;
        }
        return true;
    case NVSIM_VF_BOOT_1:
        /* nvkm_device_endianness: only written on big-endian hosts. */
        return true;
    default:
        return false;
    }
}

static uint64_t nvgpu_vf_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    NvGpuSimVfState *vf = opaque;
    uint32_t val;
    bool known;

    if (vf->exec_busy) {
        nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0x200,
                       "%s: GFID %u: BAR0 read from the VF's own DMA "
                       "rejected\n", TYPE_NVGPU_SIM_VF, vf->gfid);
        return 0;
    }
    val = nvgpu_vf_reg_read(vf, addr & ~3ULL, &known);
    if (!known) {
        nvgpu_log_once(&vf->log, LOG_UNIMP, NVGPU_LOG_BAR0_RD, addr & ~3ULL,
                       "%s: GFID %u: unimplemented BAR0 read 0x%06"
                       HWADDR_PRIx "\n", TYPE_NVGPU_SIM_VF, vf->gfid,
                       (hwaddr)(addr & ~3ULL));
    }
    if (size < 4) {
        val = extract32(val, (addr & 3) * 8, size * 8);
    }
    return val;
}

static void nvgpu_vf_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    NvGpuSimVfState *vf = opaque;

    if (vf->exec_busy) {
        nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0x201,
                       "%s: GFID %u: BAR0 write from the VF's own DMA "
                       "rejected\n", TYPE_NVGPU_SIM_VF, vf->gfid);
        return;
    }
    if (size != 4) {
        nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_BAR0_SIZE, addr,
                       "%s: GFID %u: %u-byte BAR0 write 0x%06" HWADDR_PRIx
                       " ignored\n", TYPE_NVGPU_SIM_VF, vf->gfid, size, addr);
        return;
    }
    if (!nvgpu_vf_reg_write(vf, addr, val)) {
        nvgpu_log_once(&vf->log, LOG_UNIMP, NVGPU_LOG_BAR0_WR, addr,
                       "%s: GFID %u: unimplemented BAR0 write 0x%06"
                       HWADDR_PRIx " = 0x%08" PRIx64 "\n", TYPE_NVGPU_SIM_VF,
                       vf->gfid, addr, val);
    }
}

static const MemoryRegionOps nvgpu_vf_bar0_ops = {
    .read = nvgpu_vf_bar0_read,
    .write = nvgpu_vf_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* BAR1 outside the FB window and BAR3: all-ones, writes dropped. */
static uint64_t nvgpu_vf_void_read(NvGpuSimVfState *vf, int bar, hwaddr addr,
                                   unsigned size)
{
    nvgpu_log_once(&vf->log, LOG_GUEST_ERROR,
                   bar == 1 ? NVGPU_LOG_BAR1_UNMAPPED : NVGPU_LOG_BAR3_UNMAPPED,
                   addr >> 16, "%s: GFID %u: BAR%d read at 0x%" HWADDR_PRIx
                   " unmapped, reads all-ones\n", TYPE_NVGPU_SIM_VF, vf->gfid,
                   bar, addr);
    return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static void nvgpu_vf_void_write(NvGpuSimVfState *vf, int bar, hwaddr addr)
{
    nvgpu_log_once(&vf->log, LOG_GUEST_ERROR,
                   bar == 1 ? NVGPU_LOG_BAR1_UNMAPPED : NVGPU_LOG_BAR3_UNMAPPED,
                   (addr >> 16) | 0x8000000, "%s: GFID %u: BAR%d write at 0x%"
                   HWADDR_PRIx " unmapped, dropped\n", TYPE_NVGPU_SIM_VF,
                   vf->gfid, bar, addr);
}

static uint64_t nvgpu_vf_bar1_read(void *opaque, hwaddr addr, unsigned size)
{
    return nvgpu_vf_void_read(opaque, 1, addr, size);
}

static void nvgpu_vf_bar1_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    nvgpu_vf_void_write(opaque, 1, addr);
}

static uint64_t nvgpu_vf_bar3_read(void *opaque, hwaddr addr, unsigned size)
{
    return nvgpu_vf_void_read(opaque, 3, addr, size);
}

static void nvgpu_vf_bar3_write(void *opaque, hwaddr addr, uint64_t val,
                                unsigned size)
{
    nvgpu_vf_void_write(opaque, 3, addr);
}

static const MemoryRegionOps nvgpu_vf_bar1_ops = {
    .read = nvgpu_vf_bar1_read,
    .write = nvgpu_vf_bar1_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

/* assumption: VF BAR3 (the VF's BAR2 aperture) is not modelled. */
static const MemoryRegionOps nvgpu_vf_bar3_ops = {
    .read = nvgpu_vf_bar3_read,
    .write = nvgpu_vf_bar3_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

/* ---- power management ---- */

/*
 * PCI power management, capability version 3 (PCI Bus Power Management
 * Interface Specification 1.2): PMC says no PME, no D1/D2, no auxiliary
 * current, no DSI; PMCSR has only PowerState writable, D0 and D3hot.
 *
 * assumption: No_Soft_Reset is 0 on the real GPU's VFs, so D3hot -> D0
 * resets the function. Nothing NVIDIA publishes (open-gpu-doc,
 * open-gpu-kernel-modules) or the vGPU RFCs say what their VFs report;
 * the host may rely on neither value, it reads the bit (vfio-pci-core's
 * needs_pm_restore), and 0 is the case that needs the host's vGPU reset.
 *
 * D3hot: the function answers configuration requests only. Its memory
 * BARs are not decoded (reads all-ones, writes dropped; the FB alias,
 * MSI-X table and PBA included: pm_win covers each whole BAR), it
 * masters no DMA (the channels wait, nvgpu_exec_vgpu), sends no MSI-X
 * (nvgpu_vf_msix_notify) and its display engine is stopped.
 *
 * D3hot -> D0 with No_Soft_Reset 0 is an internal reset to D0
 * uninitialized: the same reset as an FLR (nvgpu_vf_reset with
 * pm_reset set), the GSP included (nvsim_gsp_vf_flr: the plugin leaves
 * RUNNING, bus mastering off, the vGPU stays), so the host must reset
 * the vGPU as after an FLR.
 *
 * A write of D1 or D2 (unsupported) completes, but its PowerState is
 * discarded and nothing changes (PCI PM 1.2, PMCSR PowerState).
 */

static uint64_t nvgpu_vf_pm_win_read(void *opaque, hwaddr addr,
                                     unsigned size)
{
    NvGpuSimVfPmWindow *w = opaque;

    nvgpu_log_once(&w->vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC,
                   0x300 + w->bar, "%s: GFID %u: BAR%d read at 0x%"
                   HWADDR_PRIx " in D3hot, not decoded: all-ones\n",
                   TYPE_NVGPU_SIM_VF, w->vf->gfid, w->bar, addr);
    return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

static void nvgpu_vf_pm_win_write(void *opaque, hwaddr addr, uint64_t val,
                                  unsigned size)
{
    NvGpuSimVfPmWindow *w = opaque;

    nvgpu_log_once(&w->vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC,
                   0x310 + w->bar, "%s: GFID %u: BAR%d write at 0x%"
                   HWADDR_PRIx " in D3hot, not decoded: dropped\n",
                   TYPE_NVGPU_SIM_VF, w->vf->gfid, w->bar, addr);
}

static const MemoryRegionOps nvgpu_vf_pm_win_ops = {
    .read = nvgpu_vf_pm_win_read,
    .write = nvgpu_vf_pm_win_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

static uint8_t *nvgpu_vf_pmcsr(NvGpuSimVfState *vf)
{
    return PCI_DEVICE(vf)->config + NVGPU_VF_PM_CAP_OFF + PCI_PM_CTRL;
}

static uint16_t nvgpu_vf_pm_state(NvGpuSimVfState *vf)
{
    return pci_get_word(nvgpu_vf_pmcsr(vf)) & PCI_PM_CTRL_STATE_MASK;
}

/* Stop or resume decoding, DMA and interrupts. */
static void nvgpu_vf_pm_set_d3hot(NvGpuSimVfState *vf, bool d3hot)
{
    int i;

    if (vf->d3hot == d3hot) {
        return;
    }
    vf->d3hot = d3hot;
    memory_region_transaction_begin();
    for (i = 0; i < ARRAY_SIZE(vf->pm_win); i++) {
        memory_region_set_enabled(&vf->pm_win[i].mr, d3hot);
    }
    memory_region_transaction_commit();
    if (d3hot) {
        nvsim_disp_reset(vf->disp);     /* no vblanks, no scanout */
    }
    nvgpu_vf_exec_sync(vf);             /* channels wait, or may go on */
}

/* A write reached PMCSR; @was is the PowerState before it. */
static void nvgpu_vf_pm_write(NvGpuSimVfState *vf, uint16_t was)
{
    uint8_t *pmcsr = nvgpu_vf_pmcsr(vf);
    uint16_t now = nvgpu_vf_pm_state(vf);

    if (now != NVGPU_VF_PM_D0 && now != NVGPU_VF_PM_D3HOT) {
        nvgpu_log_once(&vf->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0x320,
                       "%s: GFID %u: PowerState D%u not supported, "
                       "write discarded\n", TYPE_NVGPU_SIM_VF, vf->gfid,
                       now);
        pci_set_word(pmcsr, (pci_get_word(pmcsr) & ~PCI_PM_CTRL_STATE_MASK) |
                     was);
        return;
    }
    if (now == was) {
        return;
    }
    trace_nvgpu_sim_vf_pm(vf->gfid, was, now);
    if (now == NVGPU_VF_PM_D3HOT) {
        nvgpu_vf_pm_set_d3hot(vf, true);
        return;
    }
    /* D3hot -> D0, No_Soft_Reset 0: D0 uninitialized, as after an FLR */
    vf->pm_reset = true;
    pci_device_reset(PCI_DEVICE(vf));
    vf->pm_reset = false;
}

static bool nvgpu_vf_pm_init(NvGpuSimVfState *vf, Error **errp)
{
    static const int bars[] = { 0, 1, 3 };
    PCIDevice *pdev = PCI_DEVICE(vf);
    MemoryRegion *mr[] = { &vf->bar0, &vf->bar1, &vf->bar3 };
    int i;

    QEMU_BUILD_BUG_ON(ARRAY_SIZE(bars) != ARRAY_SIZE(vf->pm_win));
    if (pci_add_capability(pdev, PCI_CAP_ID_PM, NVGPU_VF_PM_CAP_OFF,
                           PCI_PM_SIZEOF, errp) < 0) {
        return false;
    }
    pci_set_word(pdev->config + NVGPU_VF_PM_CAP_OFF + PCI_PM_PMC,
                 PCI_PM_CAP_VER_1_2);
    /* D0, No_Soft_Reset 0, PME_En/PME_Status 0 (no PME), Data 0 */
    pci_set_word(nvgpu_vf_pmcsr(vf), NVGPU_VF_PM_D0);
    pci_set_word(pdev->wmask + NVGPU_VF_PM_CAP_OFF + PCI_PM_CTRL,
                 PCI_PM_CTRL_STATE_MASK);

    for (i = 0; i < ARRAY_SIZE(vf->pm_win); i++) {
        NvGpuSimVfPmWindow *w = &vf->pm_win[i];
        g_autofree char *name =
            g_strdup_printf("nvidia-vgpu-sim-vf.bar%d-d3hot", bars[i]);

        w->vf = vf;
        w->bar = bars[i];
        memory_region_init_io(&w->mr, OBJECT(vf), &nvgpu_vf_pm_win_ops, w,
                              name, memory_region_size(mr[i]));
        memory_region_set_enabled(&w->mr, false);
        memory_region_add_subregion_overlap(mr[i], 0, &w->mr,
                                            NVGPU_VF_PM_WIN_PRIO);
    }
    return true;
}

static void nvgpu_vf_pm_exit(NvGpuSimVfState *vf)
{
    MemoryRegion *mr[] = { &vf->bar0, &vf->bar1, &vf->bar3 };
    int i;

    for (i = 0; i < ARRAY_SIZE(vf->pm_win); i++) {
        if (vf->pm_win[i].vf) {
            memory_region_del_subregion(mr[i], &vf->pm_win[i].mr);
        }
    }
}

/* ---- reset / FLR ---- */

static void nvgpu_vf_reset_regs(NvGpuSimVfState *vf)
{
    vf->mbox_req = 0;
    vf->mbox_status = NVSIM_VF_MBOX_ST_IDLE;
    vf->mbox_arg = 0;
    memset(vf->mbox_data, 0, sizeof(vf->mbox_data));
    vf->ce_src = vf->ce_dst = vf->ce_len = 0;
    vf->ce_pattern = 0;
    vf->ce_op = 0;
    vf->ce_status = 0;
    vf->ce_completed = 0;
    memset(vf->mbox_argn, 0, sizeof(vf->mbox_argn));
}

/* Every channel of the VF stops and is freed (FLR, reset). */
static void nvgpu_vf_exec_reset(NvGpuSimVfState *vf)
{
    if (!vf->exec) {
        return;
    }
    if (vf->exec_busy) {
        vf->exec_reset_pending = true;
        return;
    }
    qemu_bh_cancel(vf->exec_bh);
    nvsim_exec_reset(vf->exec);
}

/*
 * Device reset. pcie_cap_flr_write_config() calls it with Initiate FLR
 * still set in Device Control, which tells an FLR from the reset QEMU
 * does when the VF is created; nvgpu_vf_pm_write() with pm_reset set, for
 * the internal reset of D3hot -> D0, which is an FLR in all but name.
 * Every reset leaves the function in D0.
 */
static void nvgpu_vf_reset(DeviceState *dev)
{
    NvGpuSimVfState *vf = NVGPU_SIM_VF(dev);
    PCIDevice *pdev = PCI_DEVICE(dev);
    bool flr = pdev->exp.exp_cap &&
               (pci_get_word(pdev->config + pdev->exp.exp_cap +
                             PCI_EXP_DEVCTL) & PCI_EXP_DEVCTL_BCR_FLR);
    bool function_reset = flr || vf->pm_reset;

    if (pdev->config[NVGPU_VF_PM_CAP_OFF] == PCI_CAP_ID_PM) {
        pci_set_word(nvgpu_vf_pmcsr(vf), NVGPU_VF_PM_D0);
        nvgpu_vf_pm_set_d3hot(vf, false);
    }
    nvgpu_vf_reset_regs(vf);
    nvgpu_vf_exec_reset(vf);
    nvsim_disp_reset(vf->disp);     /* every head off, no vblank timer */
    if (flr && vf->pf) {
        nvgpu_tl_record(vf->pf, 'F', vf->gfid, 0, 0);
    }
    /* the bench's timeline knows FLRs only: no record for pm_reset */
    if (function_reset && vf->pf && vf->pf->gsp &&
        nvgpu_sim_enter(vf->pf, flr ? "VF FLR" : "VF D3hot->D0 reset",
                        vf->gfid)) {
        nvsim_gsp_vf_flr(vf->pf->gsp, vf->gfid);
        nvgpu_sim_sync_vfs(vf->pf);
        nvgpu_sim_leave(vf->pf);
    }
}

static void nvgpu_vf_write_config(PCIDevice *pdev, uint32_t addr,
                                  uint32_t val, int len)
{
    NvGpuSimVfState *vf = NVGPU_SIM_VF(pdev);
    uint16_t pm_was = nvgpu_vf_pm_state(vf);

    pci_default_write_config(pdev, addr, val, len);
    if (range_covers_byte(addr, len, NVGPU_VF_PM_CAP_OFF + PCI_PM_CTRL)) {
        nvgpu_vf_pm_write(vf, pm_was);
    }
    pcie_cap_flr_write_config(pdev, addr, val, len);
    /* Bus Master Enable gates the channels: pending work may now run. */
    if (range_covers_byte(addr, len, PCI_COMMAND)) {
        nvgpu_vf_exec_sync(vf);
    }
}

static void nvgpu_vf_realize(PCIDevice *pdev, Error **errp)
{
    ERRP_GUARD();
    NvGpuSimVfState *vf = NVGPU_SIM_VF(pdev);
    PCIDevice *pfdev = pcie_sriov_get_pf(pdev);
    int ret, i;

    if (!pci_is_vf(pdev) || !pfdev ||
        !object_dynamic_cast(OBJECT(pfdev), TYPE_NVGPU_SIM)) {
        error_setg(errp, "%s is created by %s through SR-IOV only",
                   TYPE_NVGPU_SIM_VF, TYPE_NVGPU_SIM);
        return;
    }
    vf->pf = NVGPU_SIM(pfdev);
    vf->gfid = pcie_sriov_vf_number(pdev) + 1;
    nvgpu_log_once_init(&vf->log);

    pci_config_set_class(pdev->config, PCI_CLASS_DISPLAY_3D);
    pci_set_word(pdev->config + PCI_SUBSYSTEM_VENDOR_ID, NVSIM_PCI_VENDOR_ID);
    pci_set_word(pdev->config + PCI_SUBSYSTEM_ID, NVSIM_PCI_VF_DEVICE_ID);

    memory_region_init_io(&vf->bar0, OBJECT(vf), &nvgpu_vf_bar0_ops, vf,
                          "nvidia-vgpu-sim-vf.bar0", NVGPU_SIM_BAR0_SIZE);
    memory_region_init_io(&vf->bar1, OBJECT(vf), &nvgpu_vf_bar1_ops, vf,
                          "nvidia-vgpu-sim-vf.bar1", vf->pf->vf_bar1_size);
    memory_region_init_alias(&vf->bar1_fb, OBJECT(vf), "nvidia-vgpu-sim-vf.fb",
                             &vf->pf->vram, 0,
                             MIN(vf->pf->vf_bar1_size, vf->pf->vram_size));
    memory_region_set_enabled(&vf->bar1_fb, false);
    memory_region_add_subregion_overlap(&vf->bar1, 0, &vf->bar1_fb, 1);
    memory_region_init_io(&vf->bar3, OBJECT(vf), &nvgpu_vf_bar3_ops, vf,
                          "nvidia-vgpu-sim-vf.bar3", NVGPU_SIM_BAR3_SIZE);
    pcie_sriov_vf_register_bar(pdev, 0, &vf->bar0);
    pcie_sriov_vf_register_bar(pdev, 1, &vf->bar1);
    pcie_sriov_vf_register_bar(pdev, 3, &vf->bar3);

    ret = msix_init(pdev, NVSIM_VF_MSIX_VECTORS,
                    &vf->bar0, 0, NVSIM_VF_MSIX_TABLE,
                    &vf->bar0, 0, NVSIM_VF_MSIX_PBA, NVGPU_VF_MSIX_CAP_OFF,
                    errp);
    if (ret) {
        return;
    }
    for (i = 0; i < NVSIM_VF_MSIX_VECTORS; i++) {
        msix_vector_use(pdev, i);
    }

    if (pcie_endpoint_cap_init(pdev, NVGPU_VF_EXP_CAP_OFF) < 0) {
        error_setg(errp, "cannot add the PCIe capability");
        return;
    }
    pcie_cap_flr_init(pdev);
    pcie_ari_init(pdev, NVGPU_VF_ARI_CAP_OFF, 0);

    if (!nvgpu_vf_pm_init(vf, errp)) {
        return;
    }

    vf->exec = nvsim_exec_new(&nvgpu_exec_ops, vf);
    if (!vf->exec) {
        error_setg(errp, "cannot create the execution model");
        return;
    }
    vf->exec_bh = qemu_bh_new(nvgpu_exec_bh, vf);

    vf->disp = nvsim_disp_new(&nvgpu_disp_ops, vf);
    if (!vf->disp) {
        error_setg(errp, "cannot create the display engine");
        return;
    }
    vf->disp_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, nvgpu_disp_timer_cb, vf);

    nvgpu_vf_reset_regs(vf);
    nvgpu_sim_vf_sync(vf);
}

static void nvgpu_vf_exit(PCIDevice *pdev)
{
    NvGpuSimVfState *vf = NVGPU_SIM_VF(pdev);

    if (vf->exec_bh) {
        qemu_bh_delete(vf->exec_bh);
        vf->exec_bh = NULL;
    }
    nvsim_exec_free(vf->exec);
    vf->exec = NULL;
    if (vf->disp_timer) {
        timer_free(vf->disp_timer);
        vf->disp_timer = NULL;
    }
    nvsim_disp_free(vf->disp);
    vf->disp = NULL;
    nvgpu_vf_pm_exit(vf);
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &vf->bar0, &vf->bar0);
    if (vf->pf) {
        memory_region_del_subregion(&vf->bar1, &vf->bar1_fb);
    }
    nvgpu_log_once_free(&vf->log);
}

static const VMStateDescription nvgpu_vf_vmstate = {
    .name = TYPE_NVGPU_SIM_VF,
    .unmigratable = 1,
};

static void nvgpu_vf_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = nvgpu_vf_realize;
    k->exit = nvgpu_vf_exit;
    k->config_write = nvgpu_vf_write_config;
    k->vendor_id = NVSIM_PCI_VENDOR_ID;
    k->device_id = NVSIM_PCI_VF_DEVICE_ID;
    k->class_id = PCI_CLASS_DISPLAY_3D;
    k->revision = 0xa1;
    dc->desc = "Virtual function of nvidia-vgpu-sim";
    dc->reset = nvgpu_vf_reset;
    dc->vmsd = &nvgpu_vf_vmstate;
    dc->user_creatable = false;
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
}

static const TypeInfo nvgpu_vf_info_type = {
    .name = TYPE_NVGPU_SIM_VF,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(NvGpuSimVfState),
    .class_init = nvgpu_vf_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { },
    },
};

static void nvgpu_vf_register_types(void)
{
    type_register_static(&nvgpu_vf_info_type);
}

type_init(nvgpu_vf_register_types)
