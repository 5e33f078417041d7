// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvidia-vgpu-sim: a simulated SR-IOV GPU whose GSP speaks r535.
 *
 * This file is the physical function: PCI identity and capabilities,
 * SR-IOV, BAR0 registers, VRAM, the host side of the GSP model core
 * (sim/gsp, reached through gsp/nvsim.h), fault injection and counters.
 * BAR1/BAR3 translation is in nvgpu_sim_mmu.c, the VF in nvgpu_sim_vf.c.
 *
 * Register offsets come from what nouveau 6.12 touches on an r535 GPU
 * (paths below are relative to drivers/gpu/drm/nouveau/nvkm/); where the
 * behaviour of real hardware is not known the comment says "assumption:".
 * Every guest access is bounds-checked; unknown registers read 0, ignore
 * writes and are logged once per offset (-d unimp).
 *
 *   -device pcie-root-port,id=rp1,chassis=1,slot=1
 *   -device nvidia-vgpu-sim,bus=rp1,id=gpu0[,vram-size=4G][,num-vfs=16]
 *           [,vf-bar1-size=512M][,vmmu-segment-size=32M][,num-chids=2048]
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/module.h"
#include "qemu/units.h"
#include "qemu/bswap.h"
#include "qemu/error-report.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/pci/pci.h"
#include "hw/pci/pcie.h"
#include "hw/pci/pcie_sriov.h"
#include "hw/pci/msi.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/vmstate.h"
#include "trace.h"
#include "exec/cpu-common.h"
#include "nvgpu_sim.h"
#include "nvsim_vf_regs.h"

/* ---- PCI layout (simulator choices) ---- */
#define NVGPU_MSI_CAP_OFF       0x60
#define NVGPU_MSIX_CAP_OFF      0x70
#define NVGPU_EXP_CAP_OFF       0x80
#define NVGPU_ARI_CAP_OFF       0x100
#define NVGPU_SRIOV_CAP_OFF     0x110
#define NVGPU_VF_OFFSET         1
#define NVGPU_VF_STRIDE         1
#define NVGPU_PF_MSIX_VECTORS   4

/* ---- PF BAR0 registers ---- */
/* NV_PMC_BOOT_0/1: engine/device/base.c nvkm_device_ctor. */
#define NV_PMC_BOOT_0           0x000000
#define NV_PMC_BOOT_1           0x000004
/* PRAMIN window base (VRAM address >> 16): instmem/nv50.c. */
#define NV_PBUS_BAR0_WINDOW     0x001700
/*
 * PCI config space mirror: pci/nv40.c nv40_pci_rd32/wr08; 0x704 is the
 * MSI re-arm register written by pci/gp100.c gp100_pci_msi_rearm.
 */
#define NV_PCFG                 0x088000
#define NV_PCFG_SIZE            0x1000
#define NV_PCFG_MSI_REARM       0x704
/* PTIMER: timer/regsnv04.h. */
#define NV_PTIMER_INTR_0        0x009100
#define NV_PTIMER_INTR_EN_0     0x009140
#define NV_PTIMER_NUMERATOR     0x009200
#define NV_PTIMER_DENOMINATOR   0x009210
#define NV_PTIMER_TIME_0        0x009400
#define NV_PTIMER_TIME_1        0x009410
#define NV_PTIMER_ALARM_0       0x009420
/* VRAM size in MiB: fb/ga102.c ga102_fb_vidmem_size() reads it. */
#define NV_PFB_VIDMEM_SIZE_MB   0x1183a4
/* Straps: engine/device/base.c (crystal frequency). */
#define NV_PEXTDEV_BOOT_0       0x101000
/*
 * Bits 22 and 6 give nouveau's crystal frequency; 0x00400040 = 25 MHz
 * (assumption: any value works, nothing in the r535 path uses it).
 */
#define NVGPU_STRAP_VALUE       0x00400040
/* GSP falcon: subdev/gsp/{r535,ga102,tu102}.c, falcon/{base,ga100}.c. */
#define NV_PGSP                 0x110000
#define NV_PGSP_SIZE            0x2000
#define FLCN_IRQSSET            0x000   /* falcon IRQ set */
#define FLCN_IRQSCLR            0x004   /* r535_gsp_intr: W1C */
#define FLCN_IRQSTAT            0x008   /* r535_gsp_intr: bit 6 = message */
#define FLCN_IRQMSET            0x010
#define FLCN_IRQMCLR            0x014   /* r535_gsp_intr: unknown bits */
#define FLCN_IRQMASK            0x018
#define FLCN_MAILBOX0           0x040   /* libos args lo; fini polls bit 31 */
#define FLCN_MAILBOX1           0x044   /* libos args hi */
#define FLCN_OS                 0x080   /* app version */
#define FLCN_CPUCTL             0x100
#define FLCN_INTR_RETRIGGER     0x3e8   /* ga100_flcn_intr_retrigger */
#define FLCN_QUEUE_HEAD0        0xc00   /* r535_gsp_cmdq_push doorbell */
#define FLCN_ADDR2              0x1000  /* ga102_gsp_flcn.addr2 */
#define FLCN_RISCV_IRQMASK_GA102 (FLCN_ADDR2 + 0x528)
#define FLCN_RISCV_IRQMASK_TU102 (FLCN_ADDR2 + 0x2b4)
#define FLCN_RISCV_ACTIVE_GA102 (FLCN_ADDR2 + 0x388)    /* bit 7 */
#define FLCN_RISCV_ACTIVE_TU102 (FLCN_ADDR2 + 0x240)    /* bit 0 */
#define FLCN_IRQ_SWGEN0         0x40
/* vfn (NV_VIRTUAL_FUNCTION_FULL_PHYS_OFFSET): subdev/vfn/tu102.c. */
#define NV_VFN                  0xb80000
#define VFN_INTR_LEAF(i)        (0x1000 + (i) * 4)  /* W1C */
#define VFN_INTR_LEAF_EN_SET(i) (0x1200 + (i) * 4)
#define VFN_INTR_LEAF_EN_CLR(i) (0x1400 + (i) * 4)
#define VFN_INTR_TOP            0x1600
#define VFN_INTR_TOP_EN_SET     0x1608
#define VFN_INTR_TOP_EN_CLR     0x1610
/* Plugin doorbell: rm-vgpu-facts.md 5.6 (dev_vm.h PRIV_DOORBELL). */
#define VFN_PRIV_DOORBELL       0x2200
/* MMU invalidate: subdev/mmu/vmmtu102.c tu102_vmm_flush. */
#define VFN_MMU_INVAL_PDB_LO    0x30a0
#define VFN_MMU_INVAL_PDB_HI    0x30a4
#define VFN_MMU_INVAL_CTRL      0x30b0  /* bit 31 = pending */
/* PRAMIN: instmem/nv50.c (1 MiB window at 0x001700 << 16). */
#define NV_PRAMIN               0x700000
#define NV_PRAMIN_SIZE          0x100000
/* MSI-X table and PBA: simulator-only placement, same as on the VF. */
#define NVGPU_MSIX_TABLE        NVSIM_VF_MSIX_TABLE
#define NVGPU_MSIX_PBA          NVSIM_VF_MSIX_PBA

/* ---- log once ---- */

#define NVGPU_LOG_ONCE_MAX      4096

void nvgpu_log_once_init(NvGpuLogOnce *l)
{
    l->seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    l->full = false;
}

void nvgpu_log_once_free(NvGpuLogOnce *l)
{
    if (l->seen) {
        g_hash_table_destroy(l->seen);
        l->seen = NULL;
    }
}

void nvgpu_log_once(NvGpuLogOnce *l, int mask, enum nvgpu_log_kind kind,
                    uint64_t key, const char *fmt, ...)
{
    gpointer k = GUINT_TO_POINTER(((guint)kind << 28) |
                                  ((guint)key & 0x0fffffff));
    va_list ap;

    if (!qemu_loglevel_mask(mask) || !l->seen) {
        return;
    }
    if (g_hash_table_contains(l->seen, k)) {
        return;
    }
    if (g_hash_table_size(l->seen) >= NVGPU_LOG_ONCE_MAX) {
        if (!l->full) {
            l->full = true;
            qemu_log_mask(mask, "nvidia-vgpu-sim: log-once table full, "
                          "further new accesses are not logged\n");
        }
        return;
    }
    g_hash_table_add(l->seen, k);
    va_start(ap, fmt);
    {
        g_autofree char *msg = g_strdup_vprintf(fmt, ap);
        qemu_log_mask(mask, "%s", msg);
    }
    va_end(ap);
}

/* ---- re-entrancy ---- */

bool nvgpu_sim_enter(NvGpuSimState *s, const char *what, hwaddr addr)
{
    if (s->busy) {
        nvgpu_log_once(&s->log, LOG_GUEST_ERROR, NVGPU_LOG_MISC, 0x1000,
                       "%s: %s 0x%" HWADDR_PRIx " from the device itself "
                       "(DMA or MSI aimed at its own BAR) rejected\n",
                       TYPE_NVGPU_SIM, what, addr);
        return false;
    }
    s->busy = true;
    return true;
}

void nvgpu_sim_leave(NvGpuSimState *s)
{
    s->busy = false;
}

/* ---- interrupts ---- */

/*
 * The vfn tree: a leaf bit is pending until written 1 in the leaf
 * register; a leaf counts when its bit is enabled; top bit (leaf / 2)
 * gates subtrees (tu102_vfn_intr_pending reads leaves 2n, 2n+1 when top
 * bit n is set). The function's interrupt is the OR of enabled pending
 * leaves under enabled top bits. MSI/MSI-X are sent on a rising edge of
 * that level, so nouveau's unarm (0x1610) / re-arm (0x1608) around its
 * handler re-sends when something is still pending. INTx follows the
 * level (assumption: how real GPUs combine these is not modelled).
 */
static bool nvgpu_intr_level(NvGpuSimState *s)
{
    int i;

    for (i = 0; i < NVGPU_SIM_INTR_LEAVES; i++) {
        if ((s->intr_top_en & BIT(i / 2)) &&
            (s->intr_leaf[i] & s->intr_leaf_en[i])) {
            return true;
        }
    }
    return false;
}

static void nvgpu_msi_send(NvGpuSimState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);

    if (msix_enabled(pdev)) {
        msix_notify(pdev, 0);
    } else if (msi_enabled(pdev)) {
        msi_notify(pdev, 0);
    }
}

static void nvgpu_update_irq(NvGpuSimState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    bool level = nvgpu_intr_level(s);
    bool msi = msix_enabled(pdev) || msi_enabled(pdev);

    if (msi) {
        pci_set_irq(pdev, 0);
        if (level && !s->irq_level) {
            nvgpu_msi_send(s);
        }
    } else {
        pci_set_irq(pdev, level);
    }
    s->irq_level = level;
}

static void nvgpu_latch_vector(NvGpuSimState *s, unsigned vector)
{
    if (vector >= NVGPU_SIM_INTR_LEAVES * 32) {
        return;
    }
    s->intr_leaf[vector / 32] |= BIT(vector % 32);
    nvgpu_update_irq(s);
}

/* The falcon's interrupt output feeds the GSP vector of the vfn tree. */
static void nvgpu_flcn_retrigger(NvGpuSimState *s)
{
    if (s->flcn_irqstat & s->flcn_irqmask) {
        nvgpu_latch_vector(s, NVSIM_GSP_INTR_VECTOR);
    }
}

/* ---- host ops for the GSP core ---- */

static int nvgpu_host_dma_read(void *opaque, uint64_t addr, void *buf,
                               size_t len)
{
    NvGpuSimState *s = opaque;

    return pci_dma_read(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static int nvgpu_host_dma_write(void *opaque, uint64_t addr, const void *buf,
                                size_t len)
{
    NvGpuSimState *s = opaque;

    return pci_dma_write(PCI_DEVICE(s), addr, buf, len) == MEMTX_OK ? 0 : -1;
}

static void nvgpu_host_raise_irq(void *opaque)
{
    NvGpuSimState *s = opaque;

    /* GSP-RM signals the CPU with falcon SWGEN0 (IRQSTAT bit 6). */
    s->flcn_irqstat |= FLCN_IRQ_SWGEN0;
    nvgpu_flcn_retrigger(s);
}

static void nvgpu_host_sriov_state(void *opaque, struct nvsim_sriov_state *st)
{
    NvGpuSimState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s);
    uint8_t *cap = pdev->config + NVGPU_SRIOV_CAP_OFF;
    static const int bars[3] = { 0, 1, 3 };
    int i;

    memset(st, 0, sizeof(*st));
    st->pf_bdf = PCI_BUILD_BDF(pci_dev_bus_num(pdev), pdev->devfn);
    st->total_vfs = pci_get_word(cap + PCI_SRIOV_TOTAL_VF);
    st->num_vfs = pci_get_word(cap + PCI_SRIOV_NUM_VF);
    st->vf_enable = pci_get_word(cap + PCI_SRIOV_CTRL) & PCI_SRIOV_CTRL_VFE;
    st->first_vf_offset = pci_get_word(cap + PCI_SRIOV_VF_OFFSET);
    st->vf_stride = pci_get_word(cap + PCI_SRIOV_VF_STRIDE);
    for (i = 0; i < 3; i++) {
        uint8_t *bar = cap + PCI_SRIOV_BAR + bars[i] * 4;
        uint32_t lo = pci_get_long(bar);
        bool is64 = lo & PCI_BASE_ADDRESS_MEM_TYPE_64;

        st->vf_bar_64bit[i] = is64;
        st->vf_bar_addr[i] = (lo & PCI_BASE_ADDRESS_MEM_MASK) |
                             (is64 ? (uint64_t)pci_get_long(bar + 4) << 32 : 0);
    }
    st->vf_bar_size[0] = NVGPU_SIM_BAR0_SIZE;
    st->vf_bar_size[1] = s->vf_bar1_size;
    st->vf_bar_size[2] = NVGPU_SIM_BAR3_SIZE;
}

static void nvgpu_host_arm_timer(void *opaque, uint64_t delay_ns)
{
    NvGpuSimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    delay_ns = MIN(delay_ns, (uint64_t)INT64_MAX / 2);
    timer_mod(s->gsp_timer, now + (int64_t)delay_ns);
}

static void nvgpu_host_arm_work(void *opaque, uint64_t delay_ns)
{
    NvGpuSimState *s = opaque;
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    delay_ns = MIN(delay_ns, (uint64_t)INT64_MAX / 2);
    timer_mod(s->gsp_work_timer, now + (int64_t)delay_ns);
}

static uint32_t nvgpu_host_vf_channels_used(void *opaque, uint32_t gfid)
{
    PCIDevice *pdev = PCI_DEVICE(opaque);
    PCIDevice *vf;

    if (!gfid || gfid > pcie_sriov_num_vfs(pdev)) {
        return 0;
    }
    vf = pcie_sriov_get_vf_at_index(pdev, gfid - 1);
    return vf ? nvgpu_sim_vf_channels_used(NVGPU_SIM_VF(vf)) : 0;
}

static void nvgpu_host_log(void *opaque, const char *line)
{
    trace_nvgpu_sim_gsp_log(line);
}

/* The plugin asks for the display plane of a VF (sim/gsp/disp.c). */
static bool nvgpu_host_vf_plane(void *opaque, uint32_t gfid, uint32_t head,
                                struct nvsim_vf_plane *plane)
{
    NvGpuSimState *s = opaque;
    PCIDevice *pdev = PCI_DEVICE(s), *vf;
    struct nvsim_disp_plane p;

    if (gfid < 1 || gfid > pcie_sriov_num_vfs(pdev)) {
        return false;
    }
    vf = pcie_sriov_get_vf_at_index(pdev, gfid - 1);
    if (!vf || !nvgpu_sim_vf_plane(NVGPU_SIM_VF(vf), head, &p)) {
        return false;
    }
    plane->enabled = p.enabled;
    plane->offset = p.offset;
    plane->format = p.format;
    plane->width = p.width;
    plane->height = p.height;
    plane->stride = p.stride;
    plane->flips = p.flips;
    return true;
}

static void nvgpu_host_trace(void *opaque, char kind, uint32_t gfid,
                             uint32_t fn, uint32_t arg)
{
    nvgpu_tl_record(opaque, kind, gfid, fn, arg);
}

static const struct nvsim_host_ops nvgpu_host_ops = {
    .dma_read = nvgpu_host_dma_read,
    .dma_write = nvgpu_host_dma_write,
    .raise_irq = nvgpu_host_raise_irq,
    .sriov_state = nvgpu_host_sriov_state,
    .arm_timer = nvgpu_host_arm_timer,
    .log = nvgpu_host_log,
    .arm_work = nvgpu_host_arm_work,
    .vf_channels_used = nvgpu_host_vf_channels_used,
    .vf_plane = nvgpu_host_vf_plane,
    .trace = nvgpu_host_trace,
};

/*
 * After every call into the core: the core changes vGPU state (bootload,
 * shutdown) only inside such calls, so this keeps the VFs' BAR1 windows
 * in step with it without a notification hook.
 */
void nvgpu_sim_sync_vfs(NvGpuSimState *s)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint16_t i, n = pcie_sriov_num_vfs(pdev);

    for (i = 0; i < n; i++) {
        PCIDevice *vf = pcie_sriov_get_vf_at_index(pdev, i);

        if (vf) {
            nvgpu_sim_vf_sync(NVGPU_SIM_VF(vf));
        }
    }
}

static void nvgpu_gsp_timer_cb(void *opaque)
{
    NvGpuSimState *s = opaque;

    if (s->gsp && nvgpu_sim_enter(s, "GSP timer", 0)) {
        nvsim_gsp_timer(s->gsp);
        nvgpu_sim_sync_vfs(s);
        nvgpu_sim_leave(s);
    }
}

/* Asynchronous GSP: replies and events are written here, never inside
 * the doorbell write that asked for them. */
static void nvgpu_gsp_work_cb(void *opaque)
{
    NvGpuSimState *s = opaque;

    if (!s->gsp) {
        return;
    }
    if (s->busy) {
        /* device logic is running (not expected from the main loop);
         * try again rather than lose the work */
        nvgpu_host_arm_work(s, 1000);
        return;
    }
    s->busy = true;
    nvsim_gsp_work(s->gsp);
    nvgpu_sim_sync_vfs(s);
    nvgpu_sim_leave(s);
}

/* ---- BAR0 ---- */

static uint64_t nvgpu_ptimer_now(NvGpuSimState *s)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + s->ptimer_offset;
}

static uint32_t nvgpu_flcn_read(NvGpuSimState *s, hwaddr off, bool *known)
{
    *known = true;
    switch (off) {
    case FLCN_IRQSTAT:
        return s->flcn_irqstat;
    case FLCN_IRQMASK:
    case FLCN_RISCV_IRQMASK_GA102:
    case FLCN_RISCV_IRQMASK_TU102:
        return s->flcn_irqmask;
    case FLCN_MAILBOX0:
        /* r535_gsp_fini polls bit 31 after UNLOADING_GUEST_DRIVER. */
        return s->flcn_mailbox[0] |
               (s->gsp && nvsim_gsp_unloaded(s->gsp) ? 0x80000000u : 0);
    case FLCN_MAILBOX1:
        return s->flcn_mailbox[1];
    case FLCN_OS:
        return s->flcn_os;
    case FLCN_CPUCTL:
        return s->flcn_cpuctl;
    case FLCN_QUEUE_HEAD0:
        return s->flcn_queue_head;
    case FLCN_RISCV_ACTIVE_GA102:
        /* assumption: the RISC-V core reads as active while GSP runs. */
        return s->gsp && nvsim_gsp_state(s->gsp) == NVSIM_GSP_RUNNING ?
               0x80 : 0;
    case FLCN_RISCV_ACTIVE_TU102:
        return s->gsp && nvsim_gsp_state(s->gsp) == NVSIM_GSP_RUNNING ?
               0x1 : 0;
    default:
        *known = false;
        return 0;
    }
}

static bool nvgpu_flcn_write(NvGpuSimState *s, hwaddr off, uint32_t val)
{
    switch (off) {
    case FLCN_IRQSSET:
        s->flcn_irqstat |= val;
        nvgpu_flcn_retrigger(s);
        return true;
    case FLCN_IRQSCLR:
        s->flcn_irqstat &= ~val;
        return true;
    case FLCN_IRQMSET:
        s->flcn_irqmask |= val;
        nvgpu_flcn_retrigger(s);
        return true;
    case FLCN_IRQMCLR:
        s->flcn_irqmask &= ~val;
        return true;
    case FLCN_MAILBOX0:
    case FLCN_MAILBOX1:
        /* r535_gsp_oneinit/init: libos argument address lo, then hi. */
        s->flcn_mailbox[off == FLCN_MAILBOX1] = val;
        if (s->gsp) {
            nvsim_gsp_set_libos_addr(s->gsp,
                                     (uint64_t)s->flcn_mailbox[1] << 32 |
                                     s->flcn_mailbox[0]);
        }
        return true;
    case FLCN_OS:
        s->flcn_os = val;
        return true;
    case FLCN_CPUCTL:
        /* assumption: no falcon boot is modelled; just remember it. */
        s->flcn_cpuctl = val;
        return true;
    case FLCN_INTR_RETRIGGER:
        if (val & 1) {
            nvgpu_flcn_retrigger(s);
        }
        return true;
    case FLCN_QUEUE_HEAD0:
        s->flcn_queue_head = val;
        if (s->gsp) {
            nvsim_gsp_cmdq_doorbell(s->gsp);
            nvgpu_sim_sync_vfs(s);
        }
        return true;
    default:
        return false;
    }
}

static uint32_t nvgpu_vfn_read(NvGpuSimState *s, hwaddr off, bool *known)
{
    uint32_t top = 0;
    int i;

    *known = true;
    if (off >= VFN_INTR_LEAF(0) && off < VFN_INTR_LEAF(NVGPU_SIM_INTR_LEAVES)) {
        return s->intr_leaf[(off - VFN_INTR_LEAF(0)) / 4];
    }
    /* assumption: the enable set/clear registers read back the enables. */
    if (off >= VFN_INTR_LEAF_EN_SET(0) &&
        off < VFN_INTR_LEAF_EN_SET(NVGPU_SIM_INTR_LEAVES)) {
        return s->intr_leaf_en[(off - VFN_INTR_LEAF_EN_SET(0)) / 4];
    }
    if (off >= VFN_INTR_LEAF_EN_CLR(0) &&
        off < VFN_INTR_LEAF_EN_CLR(NVGPU_SIM_INTR_LEAVES)) {
        return s->intr_leaf_en[(off - VFN_INTR_LEAF_EN_CLR(0)) / 4];
    }
    switch (off) {
    case VFN_INTR_TOP:
        for (i = 0; i < NVGPU_SIM_INTR_LEAVES; i++) {
            if (s->intr_leaf[i] & s->intr_leaf_en[i]) {
                top |= BIT(i / 2);
            }
        }
        return top;
    case VFN_INTR_TOP_EN_SET:
    case VFN_INTR_TOP_EN_CLR:
        return s->intr_top_en;
    case VFN_PRIV_DOORBELL:
        /* The RFC reads the doorbell back to flush its write. */
        return s->doorbell_last;
    case VFN_MMU_INVAL_PDB_LO:
        return s->mmu_inval_pdb[0];
    case VFN_MMU_INVAL_PDB_HI:
        return s->mmu_inval_pdb[1];
    case VFN_MMU_INVAL_CTRL:
        return s->mmu_inval_ctrl;   /* never pending */
    default:
        *known = false;
        return 0;
    }
}

static bool nvgpu_vfn_write(NvGpuSimState *s, hwaddr off, uint32_t val)
{
    unsigned i;

    if (off >= VFN_INTR_LEAF(0) && off < VFN_INTR_LEAF(NVGPU_SIM_INTR_LEAVES)) {
        i = (off - VFN_INTR_LEAF(0)) / 4;
        s->intr_leaf[i] &= ~val;
        nvgpu_update_irq(s);
        return true;
    }
    if (off >= VFN_INTR_LEAF_EN_SET(0) &&
        off < VFN_INTR_LEAF_EN_SET(NVGPU_SIM_INTR_LEAVES)) {
        i = (off - VFN_INTR_LEAF_EN_SET(0)) / 4;
        s->intr_leaf_en[i] |= val;
        nvgpu_update_irq(s);
        return true;
    }
    if (off >= VFN_INTR_LEAF_EN_CLR(0) &&
        off < VFN_INTR_LEAF_EN_CLR(NVGPU_SIM_INTR_LEAVES)) {
        i = (off - VFN_INTR_LEAF_EN_CLR(0)) / 4;
        s->intr_leaf_en[i] &= ~val;
        nvgpu_update_irq(s);
        return true;
    }
    switch (off) {
    case VFN_INTR_TOP_EN_SET:
        s->intr_top_en |= val & 0xf;
        nvgpu_update_irq(s);
        return true;
    case VFN_INTR_TOP_EN_CLR:
        s->intr_top_en &= ~val;
        nvgpu_update_irq(s);
        return true;
    case VFN_PRIV_DOORBELL:
        s->doorbell_last = val;
        if (s->gsp) {
            nvsim_gsp_doorbell(s->gsp, val);
            nvgpu_sim_sync_vfs(s);
        }
        return true;
    case VFN_MMU_INVAL_PDB_LO:
        s->mmu_inval_pdb[0] = val;
        return true;
    case VFN_MMU_INVAL_PDB_HI:
        s->mmu_inval_pdb[1] = val;
        return true;
    case VFN_MMU_INVAL_CTRL:
        /* Translation is not cached: the invalidate is done at once. */
        s->mmu_inval_ctrl = val & ~0x80000000u;
        return true;
    default:
        return false;
    }
}

/*
 * NVSIM_REG_SCRUB_GO: zero-fill a VRAM range for the driver (simulator-only
 * stand-in for a copy engine, see nvsim.h). Refuses, touching nothing,
 * what is unaligned, outside VRAM or overlaps a live vGPU's framebuffer.
 */
static void nvgpu_sim_scrub(NvGpuSimState *s)
{
    uint64_t a = s->scrub_addr, n = s->scrub_size;
    struct nvsim_vgpu_info vi;
    uint32_t gfid;
    const char *why = NULL;

    if (!n || (a | n) & 0xfff) {
        why = "unaligned or empty";
    } else if (a >= s->vram_size || n > s->vram_size - a) {
        why = "outside VRAM";
    }
    for (gfid = 1; !why && s->gsp && gfid <= s->total_vfs; gfid++) {
        if (nvsim_gsp_vgpu_info(s->gsp, gfid, &vi) && vi.live &&
            a < vi.fb_addr + vi.fb_size && vi.fb_addr < a + n) {
            why = "overlaps a live vGPU's framebuffer";
        }
    }
    if (why) {
        trace_nvgpu_sim_scrub_rejected(a, n, why);
        s->scrub_status = NVSIM_SCRUB_STATUS_ERROR;
        return;
    }
    nvgpu_tl_record(s, 'S', 0, 0, n >> 20);
    /*
     * Give the pages back to the host instead of writing zeroes: VRAM is
     * anonymous private memory (memory_region_init_ram_nomigrate), reading as
     * zeroes after MADV_DONTNEED (ram_block_discard_range), so the effect
     * the driver sees is the same and a host with many large vGPUs keeps
     * a small resident set. Page-aligned ranges only; anything else (or a
     * failed discard) is zeroed by hand.
     */
    if ((a | n) & (qemu_real_host_page_size() - 1) ||
        ram_block_discard_range(s->vram.ram_block, a, n)) {
        memset(s->vram_ptr + a, 0, n);
    }
    nvgpu_tl_record(s, 's', 0, 0, n >> 20);
    s->scrubbed_bytes += n;
    s->scrub_status = NVSIM_SCRUB_STATUS_DONE;
}

static uint32_t nvgpu_simwin_read(NvGpuSimState *s, hwaddr addr, bool *known)
{
    *known = true;
    switch (addr) {
    case NVSIM_REG_MAGIC:
        return NVSIM_MAGIC;
    case NVSIM_REG_VERSION:
        return NVSIM_VERSION;
    case NVSIM_REG_GSP_STATUS:
        return s->gsp ? nvsim_gsp_state(s->gsp) : NVSIM_GSP_OFF;
    case NVSIM_REG_WPR_META_LO:
        return s->wpr_meta_lo;
    case NVSIM_REG_WPR_META_HI:
        return s->wpr_meta_hi;
    case NVSIM_REG_GSP_START:
        return 0;
    case NVSIM_REG_SCRUB_ADDR_LO:
        return (uint32_t)s->scrub_addr;
    case NVSIM_REG_SCRUB_ADDR_HI:
        return s->scrub_addr >> 32;
    case NVSIM_REG_SCRUB_SIZE_LO:
        return (uint32_t)s->scrub_size;
    case NVSIM_REG_SCRUB_SIZE_HI:
        return s->scrub_size >> 32;
    case NVSIM_REG_SCRUB_STATUS:
        return s->scrub_status;
    default:
        *known = false;
        return 0;
    }
}

static bool nvgpu_simwin_write(NvGpuSimState *s, hwaddr addr, uint32_t val)
{
    switch (addr) {
    case NVSIM_REG_GSP_START:
        if (val == 1 && s->gsp) {
            /* assumption: GSP-RM unmasks SWGEN0 towards the host at boot. */
            s->flcn_irqmask |= FLCN_IRQ_SWGEN0;
            nvsim_gsp_start(s->gsp);
            nvgpu_sim_sync_vfs(s);
        }
        return true;
    case NVSIM_REG_WPR_META_LO:
    case NVSIM_REG_WPR_META_HI:
        if (addr == NVSIM_REG_WPR_META_LO) {
            s->wpr_meta_lo = val;
        } else {
            s->wpr_meta_hi = val;
        }
        if (s->gsp) {
            nvsim_gsp_set_wpr_meta_addr(s->gsp,
                                        (uint64_t)s->wpr_meta_hi << 32 |
                                        s->wpr_meta_lo);
        }
        return true;
    case NVSIM_REG_SCRUB_ADDR_LO:
        s->scrub_addr = deposit64(s->scrub_addr, 0, 32, val);
        return true;
    case NVSIM_REG_SCRUB_ADDR_HI:
        s->scrub_addr = deposit64(s->scrub_addr, 32, 32, val);
        return true;
    case NVSIM_REG_SCRUB_SIZE_LO:
        s->scrub_size = deposit64(s->scrub_size, 0, 32, val);
        return true;
    case NVSIM_REG_SCRUB_SIZE_HI:
        s->scrub_size = deposit64(s->scrub_size, 32, 32, val);
        return true;
    case NVSIM_REG_SCRUB_GO:
        if (val == 1) {
            nvgpu_sim_scrub(s);
        }
        return true;
    default:
        return false;
    }
}

/* The 32-bit register at 4-byte aligned offset addr. */
static uint32_t nvgpu_reg_read(NvGpuSimState *s, hwaddr addr, bool *known)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint64_t t;

    *known = true;
    if (addr >= NV_PGSP && addr < NV_PGSP + NV_PGSP_SIZE) {
        return nvgpu_flcn_read(s, addr - NV_PGSP, known);
    }
    if (addr >= NV_VFN && addr < NV_VFN + 0x10000) {
        return nvgpu_vfn_read(s, addr - NV_VFN, known);
    }
    if (addr >= NVSIM_REG_BASE && addr < NVSIM_REG_BASE + 0x1000) {
        return nvgpu_simwin_read(s, addr, known);
    }
    if (addr >= NV_PCFG && addr < NV_PCFG + NV_PCFG_SIZE) {
        /* assumption: the mirror reads the live config space. */
        if (addr - NV_PCFG + 4 <= pci_config_size(pdev)) {
            return pci_get_long(pdev->config + (addr - NV_PCFG));
        }
        return 0;
    }

    switch (addr) {
    case NV_PMC_BOOT_0:
        return NVSIM_BOOT0;
    case NV_PMC_BOOT_1:
        /* bits 17:16 = 0: not a VF; 0 = little endian. */
        return 0;
    case NV_PBUS_BAR0_WINDOW:
        return s->pramin_base;
    case NV_PEXTDEV_BOOT_0:
        return NVGPU_STRAP_VALUE;
    case NV_PFB_VIDMEM_SIZE_MB:
        return s->vram_size >> 20;
    case NV_PTIMER_TIME_0:
        t = nvgpu_ptimer_now(s);
        return (uint32_t)t;
    case NV_PTIMER_TIME_1:
        t = nvgpu_ptimer_now(s);
        return t >> 32;
    case NV_PTIMER_ALARM_0:
        return s->ptimer_alarm;
    case NV_PTIMER_INTR_EN_0:
        return s->ptimer_intr_en;
    case NV_PTIMER_INTR_0:
        /* assumption: PTIMER alarms are not delivered (no vector). */
        return 0;
    case NV_PTIMER_NUMERATOR:
    case NV_PTIMER_DENOMINATOR:
        return 1;   /* 1:1, the clock runs in ns already */
    default:
        *known = false;
        return 0;
    }
}

static bool nvgpu_reg_write(NvGpuSimState *s, hwaddr addr, uint32_t val)
{
    PCIDevice *pdev = PCI_DEVICE(s);
    uint64_t now;

    if (addr >= NV_PGSP && addr < NV_PGSP + NV_PGSP_SIZE) {
        return nvgpu_flcn_write(s, addr - NV_PGSP, val);
    }
    if (addr >= NV_VFN && addr < NV_VFN + 0x10000) {
        return nvgpu_vfn_write(s, addr - NV_VFN, val);
    }
    if (addr >= NVSIM_REG_BASE && addr < NVSIM_REG_BASE + 0x1000) {
        return nvgpu_simwin_write(s, addr, val);
    }
    if (addr == NV_PCFG + NV_PCFG_MSI_REARM) {
        /* gp100_pci_msi_rearm: resend if the interrupt is still up. */
        if (s->irq_level && (msi_enabled(pdev) || msix_enabled(pdev))) {
            nvgpu_msi_send(s);
        }
        return true;
    }

    switch (addr) {
    case NV_PMC_BOOT_1:
        /* nvkm_device_endianness: only written on big-endian hosts. */
        return true;
    case NV_PBUS_BAR0_WINDOW:
        s->pramin_base = val & 0x00ffffff;
        return true;
    case NV_PTIMER_TIME_1:
        /* nv04_timer_time writes TIME_1 then TIME_0. */
        s->ptimer_time1_latch = val;
        return true;
    case NV_PTIMER_TIME_0:
        now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
        s->ptimer_offset = (int64_t)(((uint64_t)s->ptimer_time1_latch << 32 |
                                      val) - now);
        return true;
    case NV_PTIMER_ALARM_0:
        s->ptimer_alarm = val;
        return true;
    case NV_PTIMER_INTR_EN_0:
        s->ptimer_intr_en = val;
        return true;
    case NV_PTIMER_INTR_0:
    case NV_PTIMER_NUMERATOR:
    case NV_PTIMER_DENOMINATOR:
        return true;
    default:
        return false;
    }
}

/* PRAMIN: VRAM at (0x001700 << 16) + off, byte granular. */
static bool nvgpu_pramin_addr(NvGpuSimState *s, hwaddr off, unsigned size,
                              uint64_t *vaddr)
{
    uint64_t a = ((uint64_t)s->pramin_base << 16) + off;

    if (a >= s->vram_size || size > s->vram_size - a) {
        nvgpu_log_once(&s->log, LOG_GUEST_ERROR, NVGPU_LOG_PRAMIN, a >> 16,
                       "%s: PRAMIN access at VRAM 0x%" PRIx64
                       " beyond VRAM\n", TYPE_NVGPU_SIM, a);
        return false;
    }
    *vaddr = a;
    return true;
}

static uint64_t nvgpu_bar0_do_read(NvGpuSimState *s, hwaddr addr,
                                   unsigned size)
{
    uint64_t va;
    uint32_t val;
    bool known;

    if (addr >= NV_PRAMIN && addr < NV_PRAMIN + NV_PRAMIN_SIZE) {
        if (!nvgpu_pramin_addr(s, addr - NV_PRAMIN, size, &va)) {
            return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
        }
        return ldn_le_p(s->vram_ptr + va, size);
    }

    val = nvgpu_reg_read(s, addr & ~3ULL, &known);
    if (!known) {
        nvgpu_log_once(&s->log, LOG_UNIMP, NVGPU_LOG_BAR0_RD, addr & ~3ULL,
                       "%s: unimplemented BAR0 read 0x%06" HWADDR_PRIx "\n",
                       TYPE_NVGPU_SIM, (hwaddr)(addr & ~3ULL));
    }
    if (size < 4) {
        val = extract32(val, (addr & 3) * 8, size * 8);
    }
    return val;
}

static void nvgpu_bar0_do_write(NvGpuSimState *s, hwaddr addr, uint64_t val,
                                unsigned size)
{
    uint64_t va;

    if (addr >= NV_PRAMIN && addr < NV_PRAMIN + NV_PRAMIN_SIZE) {
        if (nvgpu_pramin_addr(s, addr - NV_PRAMIN, size, &va)) {
            stn_le_p(s->vram_ptr + va, size, val);
        }
        return;
    }
    if (size != 4) {
        /* nv40_pci_wr08 into the config mirror lands here too. */
        nvgpu_log_once(&s->log, LOG_GUEST_ERROR, NVGPU_LOG_BAR0_SIZE, addr,
                       "%s: %u-byte BAR0 write 0x%06" HWADDR_PRIx
                       " ignored\n", TYPE_NVGPU_SIM, size, addr);
        return;
    }
    if (!nvgpu_reg_write(s, addr, val)) {
        nvgpu_log_once(&s->log, LOG_UNIMP, NVGPU_LOG_BAR0_WR, addr,
                       "%s: unimplemented BAR0 write 0x%06" HWADDR_PRIx
                       " = 0x%08" PRIx64 "\n", TYPE_NVGPU_SIM, addr, val);
    }
}

static uint64_t nvgpu_bar0_read(void *opaque, hwaddr addr, unsigned size)
{
    NvGpuSimState *s = opaque;
    uint64_t val;

    if (!nvgpu_sim_enter(s, "BAR0 read", addr)) {
        return size == 4 ? 0xffffffffu : (1u << (size * 8)) - 1;
    }
    val = nvgpu_bar0_do_read(s, addr, size);
    nvgpu_sim_leave(s);
    return val;
}

static void nvgpu_bar0_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    NvGpuSimState *s = opaque;

    if (nvgpu_sim_enter(s, "BAR0 write", addr)) {
        nvgpu_bar0_do_write(s, addr, val, size);
        nvgpu_sim_leave(s);
    }
}

static const MemoryRegionOps nvgpu_bar0_ops = {
    .read = nvgpu_bar0_read,
    .write = nvgpu_bar0_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- fault injection and counters (QOM) ---- */

/* events one x-fault-event-storm posts */
#define NVGPU_SIM_STORM_EVENTS 1024

typedef struct NvGpuFaultProp {
    const char *name;
    enum nvsim_fault_kind kind;
    size_t field;           /* offset of the remembered value */
    const char *desc;
} NvGpuFaultProp;

static const NvGpuFaultProp nvgpu_fault_props[] = {
    { "x-fault-rpc-status", NVSIM_FAULT_RPC_STATUS,
      offsetof(NvGpuSimState, fault_rpc_status),
      "fail the next RPC/control (matching x-fault-match) with this NV_STATUS" },
    { "x-fault-rpc-delay-ms", NVSIM_FAULT_RPC_DELAY,
      offsetof(NvGpuSimState, fault_rpc_delay_ms),
      "delay the next reply (matching x-fault-match) by this many ms" },
    { "x-fault-rpc-drop", NVSIM_FAULT_RPC_DROP,
      offsetof(NvGpuSimState, fault_rpc_drop),
      "nonzero: never send the next reply (matching x-fault-match)" },
    { "x-fault-plugin-drop", NVSIM_FAULT_PLUGIN_DROP,
      offsetof(NvGpuSimState, fault_plugin_drop),
      "drop the next plugin mailbox reply of this GFID (0 = any)" },
    { "x-fault-event-rc", NVSIM_FAULT_EVENT_RC,
      offsetof(NvGpuSimState, fault_event_rc),
      "post an RC error event for this GFID now" },
    { "x-fault-event-mmu", NVSIM_FAULT_EVENT_MMU,
      offsetof(NvGpuSimState, fault_event_mmu),
      "post an MMU fault event for this GFID now" },
    { "x-fault-event-storm", NVSIM_FAULT_EVENT_STORM,
      offsetof(NvGpuSimState, fault_event_storm),
      "post " stringify(NVGPU_SIM_STORM_EVENTS) " RC error events for this GFID now" },
    { "x-fault-plugin-crash", NVSIM_FAULT_PLUGIN_CRASH,
      offsetof(NvGpuSimState, fault_plugin_crash),
      "the plugin of this GFID crashes now (PLUGIN_TRIGGERED CRASHED)" },
    { "x-fault-gsp-halt", NVSIM_FAULT_GSP_HALT,
      offsetof(NvGpuSimState, fault_gsp_halt),
      "nonzero: the GSP halts now" },
    { "x-fault-plane-bad", NVSIM_FAULT_PLANE_BAD,
      offsetof(NvGpuSimState, fault_plane_bad),
      "the next display plane report of this GFID (0 = any) lies outside its FB" },
    { "x-fault-clear", NVSIM_FAULT_NONE,
      offsetof(NvGpuSimState, fault_clear),
      "nonzero: disarm every armed fault (tests clean up with it)" },
};

static void nvgpu_get_fault(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    const NvGpuFaultProp *p = opaque;
    uint32_t val = *(uint32_t *)((uint8_t *)obj + p->field);

    visit_type_uint32(v, name, &val, errp);
}

static void nvgpu_set_fault(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    const NvGpuFaultProp *p = opaque;
    uint32_t val, arg = 0, gfid = 0;
    int ret;

    if (!visit_type_uint32(v, name, &val, errp)) {
        return;
    }
    if (!s->gsp) {
        /* Before realize (-device ...,fault-x=y): nothing to arm yet. */
        *(uint32_t *)((uint8_t *)obj + p->field) = val;
        return;
    }

    switch (p->kind) {
    case NVSIM_FAULT_RPC_STATUS:
    case NVSIM_FAULT_RPC_DELAY:
        arg = val;
        break;
    case NVSIM_FAULT_RPC_DROP:
    case NVSIM_FAULT_NONE:
    case NVSIM_FAULT_GSP_HALT:
        if (!val) {
            return;
        }
        break;
    case NVSIM_FAULT_EVENT_STORM:
        arg = NVGPU_SIM_STORM_EVENTS;
        gfid = val;
        break;
    case NVSIM_FAULT_PLUGIN_DROP:
    case NVSIM_FAULT_PLANE_BAD:
    case NVSIM_FAULT_EVENT_RC:
    case NVSIM_FAULT_EVENT_MMU:
    case NVSIM_FAULT_PLUGIN_CRASH:
        gfid = val;
        break;
    default:
        break;
    }
    if (!nvgpu_sim_enter(s, name, 0)) {
        error_setg(errp, "%s: device busy", name);
        return;
    }
    ret = nvsim_gsp_inject(s->gsp, p->kind, s->fault_match, arg, gfid);
    nvgpu_sim_sync_vfs(s);
    nvgpu_sim_leave(s);
    if (ret) {
        error_setg(errp, "%s: the GSP model refused the injection (%d), "
                   "see the nvgpu-sim log", name, ret);
        return;
    }
    /* qom-get returns the last value the model accepted. */
    *(uint32_t *)((uint8_t *)obj + p->field) = val;
}

typedef struct NvGpuCounterProp {
    const char *name;
    size_t field;           /* offset in struct nvsim_counters */
} NvGpuCounterProp;

static const NvGpuCounterProp nvgpu_counter_props[] = {
    { "x-rpcs", offsetof(struct nvsim_counters, rpcs) },
    { "x-rpc-errors", offsetof(struct nvsim_counters, rpc_errors) },
    { "x-bootloads", offsetof(struct nvsim_counters, bootloads) },
    { "x-shutdowns", offsetof(struct nvsim_counters, shutdowns) },
    { "x-cleanups", offsetof(struct nvsim_counters, cleanups) },
    { "x-bootload-rejects", offsetof(struct nvsim_counters, bootload_rejects) },
    { "x-plugin-msgs", offsetof(struct nvsim_counters, plugin_msgs) },
    { "x-plugin-errors", offsetof(struct nvsim_counters, plugin_errors) },
    { "x-protocol-errors", offsetof(struct nvsim_counters, protocol_errors) },
    { "x-events", offsetof(struct nvsim_counters, events) },
    { "x-channel-errors", offsetof(struct nvsim_counters, channel_errors) },
    { "x-mmu-faults", offsetof(struct nvsim_counters, mmu_faults) },
    { "x-gsp-events-first", offsetof(struct nvsim_counters, events_first) },
    { "x-gsp-reply-first", offsetof(struct nvsim_counters, reply_first) },
    { "x-plugin-resets", offsetof(struct nvsim_counters, plugin_resets) },
};

static void nvgpu_get_counter(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    const NvGpuCounterProp *p = opaque;
    struct nvsim_counters c = { 0 };
    uint64_t val;

    if (s->gsp) {
        nvsim_gsp_counters(s->gsp, &c);
    }
    val = *(uint64_t *)((uint8_t *)&c + p->field);
    visit_type_uint64(v, name, &val, errp);
}

/*
 * x-plugin-params: what the GSP model's plugins were given, for tests that
 * check the host's vgpu_params on the device side: "GFID:VNC:UVM:FRL"
 * for every configured plugin, space-separated, in GFID order.
 */
static char *nvgpu_get_plugin_params(Object *obj, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    GString *str = g_string_new("");
    struct nvsim_plugin_params_info pi;
    uint32_t gfid;

    for (gfid = 1; s->gsp && gfid <= s->total_vfs; gfid++) {
        if (nvsim_gsp_plugin_params(s->gsp, gfid, &pi) && pi.configured) {
            g_string_append_printf(str, "%s%u:%u:%u:%u", str->len ? " " : "", gfid,
                                   pi.enable_console_vnc, pi.enable_uvm,
                                   pi.frame_rate_limiter);
        }
    }
    return g_string_free(str, false);
}

static void nvgpu_get_gsp_state(Object *obj, Visitor *v, const char *name,
                                void *opaque, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    uint32_t val = s->gsp ? nvsim_gsp_state(s->gsp) : NVSIM_GSP_OFF;

    visit_type_uint32(v, name, &val, errp);
}

/*
 * x-gsp-latency-us / x-gsp-seed: settable with -device/-global and at
 * run time (qom-set; the latency applies from the next doorbell, the
 * seed from now and again at every GSP start).
 */
static void nvgpu_get_async(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);

    if (opaque) {
        visit_type_uint64(v, name, &s->gsp_seed, errp);
    } else {
        visit_type_uint32(v, name, &s->gsp_latency_us, errp);
    }
}

static void nvgpu_set_async(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    uint32_t lat;
    uint64_t seed;

    if (opaque) {
        if (!visit_type_uint64(v, name, &seed, errp)) {
            return;
        }
        s->gsp_seed = seed;
    } else {
        if (!visit_type_uint32(v, name, &lat, errp)) {
            return;
        }
        if (lat > 1000000) {
            error_setg(errp, "%s: at most 1000000 (1 s)", name);
            return;
        }
        s->gsp_latency_us = lat;
    }
    if (s->gsp) {
        nvsim_gsp_set_async(s->gsp, (uint64_t)s->gsp_latency_us * 1000,
                            s->gsp_seed);
        trace_nvgpu_sim_gsp_async(s->gsp_latency_us, s->gsp_seed);
    }
}

/*
 * x-mailbox-notify: test-only, default off. On, the GSP model announces
 * every plugin mailbox response with VGPU_GSP_PLUGIN_TRIGGERED
 * {gfid, notifyIndex 7}, an index real firmware is not known to send;
 * off, a host has only the response's sequence number to poll, which is
 * what the published sources show (sim/README.md, Assumptions).
 */
static bool nvgpu_get_mbox_notify(Object *obj, Error **errp)
{
    return NVGPU_SIM(obj)->mbox_notify;
}

static void nvgpu_set_mbox_notify(Object *obj, bool on, Error **errp)
{
    NvGpuSimState *s = NVGPU_SIM(obj);

    s->mbox_notify = on;
    if (s->gsp) {
        nvsim_gsp_set_mailbox_notify(s->gsp, on);
    }
}

static void nvgpu_sim_instance_init(Object *obj)
{
    NvGpuSimState *s = NVGPU_SIM(obj);
    ObjectProperty *op;
    const char *env;
    size_t i;

    for (i = 0; i < ARRAY_SIZE(nvgpu_fault_props); i++) {
        const NvGpuFaultProp *p = &nvgpu_fault_props[i];

        op = object_property_add(obj, p->name, "uint32", nvgpu_get_fault,
                                 nvgpu_set_fault, NULL, (void *)p);
        op->description = g_strdup(p->desc);
    }
    op = object_property_add_uint32_ptr(obj, "x-fault-match", &s->fault_match,
                                        OBJ_PROP_FLAG_READWRITE);
    op->description = g_strdup("control ID or RPC function the next "
                               "fault-rpc-* arms on (0 = any); set it first");
    op = object_property_add_uint64_ptr(obj, "x-scrubbed-bytes",
                                        &s->scrubbed_bytes, OBJ_PROP_FLAG_READ);
    op->description = g_strdup("bytes zeroed by the framebuffer scrubber");
    for (i = 0; i < ARRAY_SIZE(nvgpu_counter_props); i++) {
        const NvGpuCounterProp *p = &nvgpu_counter_props[i];

        op = object_property_add(obj, p->name, "uint64", nvgpu_get_counter,
                                 NULL, NULL, (void *)p);
        op->description = g_strdup("read-only counter of the GSP model");
    }
    op = object_property_add(obj, "x-gsp-state", "uint32", nvgpu_get_gsp_state,
                             NULL, NULL, NULL);
    op->description = g_strdup("read-only: 0 off, 1 running, 2 halted");
    object_property_add_str(obj, "x-plugin-params", nvgpu_get_plugin_params, NULL);
    s->gsp_latency_us = NVGPU_SIM_GSP_LATENCY_US;
    s->gsp_seed = 1;
    /*
     * Test-harness hook: the environment may change the defaults, so a
     * seed sweep needs no change to the QEMU command line; an explicit
     * property still wins.
     */
    env = getenv("NVGPU_SIM_GSP_LATENCY_US");
    if (env && *env) {
        s->gsp_latency_us = MIN(strtoul(env, NULL, 0), 1000000ul);
    }
    env = getenv("NVGPU_SIM_GSP_SEED");
    if (env && *env) {
        s->gsp_seed = strtoull(env, NULL, 0);
    }
    op = object_property_add(obj, "x-gsp-latency-us", "uint32", nvgpu_get_async,
                             nvgpu_set_async, NULL, NULL);
    op->description = g_strdup("GSP reply/event latency in us of virtual "
                               "time; 0 = synchronous (inside the doorbell)");
    op = object_property_add(obj, "x-gsp-seed", "uint64", nvgpu_get_async,
                             nvgpu_set_async, NULL, (void *)1);
    op->description = g_strdup("seed of the event-vs-reply order (async GSP)");
    op = object_property_add_bool(obj, "x-mailbox-notify", nvgpu_get_mbox_notify,
                                  nvgpu_set_mbox_notify);
    op->description = g_strdup("test-only: announce mailbox replies with "
                               "PLUGIN_TRIGGERED notifyIndex 7 (default off)");
    nvgpu_tl_init(s);
}

/* ---- reset / realize ---- */

static void nvgpu_sim_reset_regs(NvGpuSimState *s)
{
    s->pramin_base = 0;
    s->ptimer_offset = 0;
    s->ptimer_time1_latch = 0;
    s->ptimer_alarm = 0;
    s->ptimer_intr_en = 0;
    s->flcn_irqstat = 0;
    s->flcn_irqmask = 0;
    s->flcn_mailbox[0] = s->flcn_mailbox[1] = 0;
    s->flcn_os = 0;
    s->flcn_cpuctl = 0;
    s->flcn_queue_head = 0;
    memset(s->intr_leaf, 0, sizeof(s->intr_leaf));
    memset(s->intr_leaf_en, 0, sizeof(s->intr_leaf_en));
    s->intr_top_en = 0;
    s->irq_level = false;
    s->doorbell_last = 0;
    s->mmu_inval_pdb[0] = s->mmu_inval_pdb[1] = 0;
    s->mmu_inval_ctrl = 0;
    s->wpr_meta_lo = s->wpr_meta_hi = 0;
}

/* System reset and PF FLR (pcie_cap_flr_write_config -> device reset). */
static void nvgpu_sim_reset(DeviceState *dev)
{
    NvGpuSimState *s = NVGPU_SIM(dev);
    PCIDevice *pdev = PCI_DEVICE(dev);

    /* A PF reset takes the VFs away (VF Enable reads 0 afterwards). */
    pcie_sriov_pf_disable_vfs(pdev);
    pci_set_word(pdev->config + NVGPU_SRIOV_CAP_OFF + PCI_SRIOV_CTRL, 0);
    pci_set_word(pdev->config + NVGPU_SRIOV_CAP_OFF + PCI_SRIOV_NUM_VF, 0);

    timer_del(s->gsp_timer);
    timer_del(s->gsp_work_timer);
    if (s->gsp) {
        nvsim_gsp_reset(s->gsp);
    }
    nvgpu_sim_reset_regs(s);
    pci_set_irq(pdev, 0);
}

static void nvgpu_sim_write_config(PCIDevice *pdev, uint32_t addr,
                                   uint32_t val, int len)
{
    NvGpuSimState *s = NVGPU_SIM(pdev);

    pci_default_write_config(pdev, addr, val, len);
    pcie_cap_flr_write_config(pdev, addr, val, len);
    /* MSI/MSI-X enable changes move the interrupt between INTx and MSI. */
    if (ranges_overlap(addr, len, NVGPU_MSI_CAP_OFF, 4) ||
        ranges_overlap(addr, len, NVGPU_MSIX_CAP_OFF, 4) ||
        range_covers_byte(addr, len, PCI_COMMAND + 1)) {
        s->irq_level = false;
        nvgpu_update_irq(s);
    }
    /* VFs come and go with VF Enable: bring new ones in step. */
    if (ranges_overlap(addr, len, NVGPU_SRIOV_CAP_OFF,
                       PCI_EXT_CAP_SRIOV_SIZEOF)) {
        nvgpu_sim_sync_vfs(s);
    }
}

static bool nvgpu_sim_check_props(NvGpuSimState *s, Error **errp)
{
    if (s->vram_size < 256 * MiB || s->vram_size > 64 * GiB ||
        (s->vram_size & (MiB - 1))) {
        error_setg(errp, "vram-size must be a multiple of 1 MiB in "
                   "[256 MiB, 64 GiB]");
        return false;
    }
    if (s->total_vfs < 1 || s->total_vfs > NVGPU_SIM_MAX_VFS) {
        error_setg(errp, "num-vfs must be in [1, %d]", NVGPU_SIM_MAX_VFS);
        return false;
    }
    if (!is_power_of_2(s->vf_bar1_size) || s->vf_bar1_size < 1 * MiB ||
        s->vf_bar1_size > 64 * GiB) {
        error_setg(errp, "vf-bar1-size must be a power of two in "
                   "[1 MiB, 64 GiB]");
        return false;
    }
    if (!is_power_of_2(s->vmmu_segment_size) ||
        s->vmmu_segment_size < 2 * MiB ||
        s->vmmu_segment_size > s->vram_size) {
        error_setg(errp, "vmmu-segment-size must be a power of two in "
                   "[2 MiB, vram-size]");
        return false;
    }
    if (s->num_chids < 64 || s->num_chids > 65536) {
        error_setg(errp, "num-chids must be in [64, 65536]");
        return false;
    }
    return true;
}

static void nvgpu_sim_realize(PCIDevice *pdev, Error **errp)
{
    ERRP_GUARD();
    NvGpuSimState *s = NVGPU_SIM(pdev);
    struct nvsim_config cfg = { 0 };
    uint8_t *conf = pdev->config;
    int ret, i;

    if (!nvgpu_sim_check_props(s, errp)) {
        return;
    }

    pci_config_set_vendor_id(conf, NVSIM_PCI_VENDOR_ID);
    pci_config_set_device_id(conf, NVSIM_PCI_PF_DEVICE_ID);
    pci_config_set_class(conf, PCI_CLASS_DISPLAY_3D);
    pci_set_word(conf + PCI_SUBSYSTEM_VENDOR_ID, NVSIM_PCI_VENDOR_ID);
    pci_set_word(conf + PCI_SUBSYSTEM_ID, NVSIM_PCI_PF_DEVICE_ID);
    conf[PCI_INTERRUPT_PIN] = 1;

    /*
     * The device is unmigratable (nvgpu_sim_vmstate): its VRAM is not a
     * RAM block migration would copy either.
     */
    memory_region_init_ram_nomigrate(&s->vram, OBJECT(s), "nvidia-vgpu-sim.vram",
                                     s->vram_size, errp);
    if (*errp) {
        return;
    }
    s->vram_ptr = memory_region_get_ram_ptr(&s->vram);

    nvgpu_log_once_init(&s->log);
    s->gsp_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, nvgpu_gsp_timer_cb, s);
    s->gsp_work_timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, nvgpu_gsp_work_cb, s);

    cfg.vram = s->vram_ptr;
    cfg.vram_size = s->vram_size;
    /* The BAR addresses are not assigned yet at realize time. */
    cfg.pf_bar_size[0] = NVGPU_SIM_BAR0_SIZE;
    cfg.pf_bar_size[1] = NVGPU_SIM_PF_BAR1_SIZE;
    cfg.pf_bar_size[2] = NVGPU_SIM_BAR3_SIZE;
    cfg.vmmu_segment_size = s->vmmu_segment_size;
    cfg.max_vfs = s->total_vfs;
    cfg.num_chids = s->num_chids;
    s->gsp = nvsim_gsp_new(&cfg, &nvgpu_host_ops, s);
    if (!s->gsp) {
        error_setg(errp, "the GSP model failed to initialise");
        goto fail;
    }
    nvsim_gsp_set_async(s->gsp, (uint64_t)s->gsp_latency_us * 1000, s->gsp_seed);
    nvsim_gsp_set_mailbox_notify(s->gsp, s->mbox_notify);
    if (s->gsp_latency_us) {
        trace_nvgpu_sim_gsp_async(s->gsp_latency_us, s->gsp_seed);
    }

    memory_region_init_io(&s->bar0, OBJECT(s), &nvgpu_bar0_ops, s,
                          "nvidia-vgpu-sim.bar0", NVGPU_SIM_BAR0_SIZE);
    memory_region_init_io(&s->bar1, OBJECT(s), &nvgpu_sim_bar1_ops, s,
                          "nvidia-vgpu-sim.bar1", NVGPU_SIM_PF_BAR1_SIZE);
    memory_region_init_io(&s->bar3, OBJECT(s), &nvgpu_sim_bar3_ops, s,
                          "nvidia-vgpu-sim.bar3", NVGPU_SIM_BAR3_SIZE);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &s->bar0);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar1);
    pci_register_bar(pdev, 3, PCI_BASE_ADDRESS_SPACE_MEMORY |
                     PCI_BASE_ADDRESS_MEM_TYPE_64 |
                     PCI_BASE_ADDRESS_MEM_PREFETCH, &s->bar3);

    /* nouveau enables MSI on the PF (engine/device/pci.c via pci/base.c). */
    ret = msi_init(pdev, NVGPU_MSI_CAP_OFF, 1, true, false, errp);
    if (ret == -ENOTSUP) {
        /* No MSI on this machine: INTx only, as QEMU devices do. */
        warn_report_err(*errp);
        *errp = NULL;
    } else if (ret) {
        goto fail;
    }
    ret = msix_init(pdev, NVGPU_PF_MSIX_VECTORS,
                    &s->bar0, 0, NVGPU_MSIX_TABLE,
                    &s->bar0, 0, NVGPU_MSIX_PBA, NVGPU_MSIX_CAP_OFF, errp);
    if (ret == -ENOTSUP) {
        warn_report_err(*errp);
        *errp = NULL;
    } else if (ret) {
        goto fail;
    }
    for (i = 0; i < NVGPU_PF_MSIX_VECTORS; i++) {
        msix_vector_use(pdev, i);
    }

    if (pcie_endpoint_cap_init(pdev, NVGPU_EXP_CAP_OFF) < 0) {
        error_setg(errp, "cannot add the PCIe capability");
        goto fail;
    }
    pcie_cap_flr_init(pdev);
    pcie_ari_init(pdev, NVGPU_ARI_CAP_OFF, 1);

    pcie_sriov_pf_init(pdev, NVGPU_SRIOV_CAP_OFF, TYPE_NVGPU_SIM_VF,
                       NVSIM_PCI_VF_DEVICE_ID, s->total_vfs, s->total_vfs,
                       NVGPU_VF_OFFSET, NVGPU_VF_STRIDE);
    pcie_sriov_pf_init_vf_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY,
                              NVGPU_SIM_BAR0_SIZE);
    pcie_sriov_pf_init_vf_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_MEMORY |
                              PCI_BASE_ADDRESS_MEM_TYPE_64 |
                              PCI_BASE_ADDRESS_MEM_PREFETCH, s->vf_bar1_size);
    pcie_sriov_pf_init_vf_bar(pdev, 3, PCI_BASE_ADDRESS_SPACE_MEMORY |
                              PCI_BASE_ADDRESS_MEM_TYPE_64 |
                              PCI_BASE_ADDRESS_MEM_PREFETCH,
                              NVGPU_SIM_BAR3_SIZE);
    return;

fail:
    msix_uninit(pdev, &s->bar0, &s->bar0);
    msi_uninit(pdev);
    nvsim_gsp_free(s->gsp);
    s->gsp = NULL;
    timer_free(s->gsp_timer);
    s->gsp_timer = NULL;
    timer_free(s->gsp_work_timer);
    s->gsp_work_timer = NULL;
    nvgpu_log_once_free(&s->log);
}

static void nvgpu_sim_exit(PCIDevice *pdev)
{
    NvGpuSimState *s = NVGPU_SIM(pdev);

    pcie_sriov_pf_exit(pdev);
    if (s->gsp_timer) {
        timer_free(s->gsp_timer);
        s->gsp_timer = NULL;
    }
    if (s->gsp_work_timer) {
        timer_free(s->gsp_work_timer);
        s->gsp_work_timer = NULL;
    }
    if (s->gsp) {
        nvsim_gsp_free(s->gsp);
        s->gsp = NULL;
    }
    msix_unuse_all_vectors(pdev);
    msix_uninit(pdev, &s->bar0, &s->bar0);
    msi_uninit(pdev);
    nvgpu_log_once_free(&s->log);
}

static Property nvgpu_sim_props[] = {
    DEFINE_PROP_SIZE("vram-size", NvGpuSimState, vram_size, 4 * GiB),
    DEFINE_PROP_UINT32("num-vfs", NvGpuSimState, total_vfs, 16),
    DEFINE_PROP_SIZE("vf-bar1-size", NvGpuSimState, vf_bar1_size, 512 * MiB),
    DEFINE_PROP_SIZE("vmmu-segment-size", NvGpuSimState, vmmu_segment_size,
                     32 * MiB),
    DEFINE_PROP_UINT32("num-chids", NvGpuSimState, num_chids, 2048),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription nvgpu_sim_vmstate = {
    .name = TYPE_NVGPU_SIM,
    .unmigratable = 1,
};

static void nvgpu_sim_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    PCIDeviceClass *k = PCI_DEVICE_CLASS(klass);

    k->realize = nvgpu_sim_realize;
    k->exit = nvgpu_sim_exit;
    k->config_write = nvgpu_sim_write_config;
    k->vendor_id = NVSIM_PCI_VENDOR_ID;
    k->device_id = NVSIM_PCI_PF_DEVICE_ID;
    k->class_id = PCI_CLASS_DISPLAY_3D;
    k->revision = 0xa1;
    dc->desc = "Simulated SR-IOV NVIDIA GPU with an r535 GSP (test only)";
    dc->reset = nvgpu_sim_reset;
    dc->vmsd = &nvgpu_sim_vmstate;
    device_class_set_props(dc, nvgpu_sim_props);
    set_bit(DEVICE_CATEGORY_DISPLAY, dc->categories);
}

static const TypeInfo nvgpu_sim_info = {
    .name = TYPE_NVGPU_SIM,
    .parent = TYPE_PCI_DEVICE,
    .instance_size = sizeof(NvGpuSimState),
    .instance_init = nvgpu_sim_instance_init,
    .class_init = nvgpu_sim_class_init,
    .interfaces = (InterfaceInfo[]) {
        { INTERFACE_PCIE_DEVICE },
        { },
    },
};

static void nvgpu_sim_register_types(void)
{
    type_register_static(&nvgpu_sim_info);
}

type_init(nvgpu_sim_register_types)
