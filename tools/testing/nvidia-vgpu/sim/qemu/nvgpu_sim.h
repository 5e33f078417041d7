/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nvidia-vgpu-sim: simulated SR-IOV GPU whose GSP speaks r535.
 * Internal definitions shared by the PF, VF and BAR-translation code.
 */
#ifndef HW_NVGPU_SIM_H
#define HW_NVGPU_SIM_H

#include "hw/pci/pci.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "gsp/nvsim.h"
#include "gsp/nvsim_exec.h"
#include "gsp/nvsim_disp.h"

#define TYPE_NVGPU_SIM      "nvidia-vgpu-sim"
#define TYPE_NVGPU_SIM_VF   "nvidia-vgpu-sim-vf"

OBJECT_DECLARE_SIMPLE_TYPE(NvGpuSimState, NVGPU_SIM)
OBJECT_DECLARE_SIMPLE_TYPE(NvGpuSimVfState, NVGPU_SIM_VF)

#define NVGPU_SIM_MAX_VFS           32
#define NVGPU_SIM_BAR0_SIZE         (16 * MiB)
#define NVGPU_SIM_PF_BAR1_SIZE      (256 * MiB)
#define NVGPU_SIM_BAR3_SIZE         (32 * MiB)
#define NVGPU_SIM_INTR_LEAVES       8

/* Offset within a device's log-once table: kind in the top bits. */
enum nvgpu_log_kind {
    NVGPU_LOG_BAR0_RD = 0,
    NVGPU_LOG_BAR0_WR,
    NVGPU_LOG_BAR0_SIZE,
    NVGPU_LOG_BAR1_UNMAPPED,
    NVGPU_LOG_BAR3_UNMAPPED,
    NVGPU_LOG_PRAMIN,
    NVGPU_LOG_MISC,
};

/* Remembers what was logged already; bounded so a guest cannot grow it. */
typedef struct NvGpuLogOnce {
    GHashTable *seen;
    bool full;
} NvGpuLogOnce;

struct NvGpuSimState {
    PCIDevice parent_obj;

    /* properties */
    uint64_t vram_size;
    uint32_t total_vfs;
    uint64_t vf_bar1_size;
    uint64_t vmmu_segment_size;
    uint32_t num_chids;

    /* memory */
    MemoryRegion vram;          /* host backing, not mapped into any BAR */
    uint8_t *vram_ptr;
    MemoryRegion bar0;          /* registers (+ MSI-X table/PBA) */
    MemoryRegion bar1;          /* FB aperture, page-table translated */
    MemoryRegion bar3;          /* nouveau's "BAR2", page-table translated */

    struct nvsim_gsp *gsp;
    QEMUTimer *gsp_timer;
    QEMUTimer *gsp_work_timer;  /* asynchronous GSP work (nvsim_gsp_work) */
    uint32_t gsp_latency_us;    /* x-gsp-latency-us, 0 = synchronous */
    uint64_t gsp_seed;          /* x-gsp-seed */
    bool mbox_notify;           /* x-mailbox-notify (test-only, off) */

    /* PMC / PTIMER / PRAMIN */
    uint32_t pramin_base;       /* 0x001700: VRAM address >> 16 */
    int64_t ptimer_offset;
    uint32_t ptimer_time1_latch;
    uint32_t ptimer_alarm;
    uint32_t ptimer_intr_en;

    /* GSP falcon (0x110000) */
    uint32_t flcn_irqstat;
    uint32_t flcn_irqmask;
    uint32_t flcn_mailbox[2];
    uint32_t flcn_os;           /* 0x080 */
    uint32_t flcn_cpuctl;       /* 0x100 */
    uint32_t flcn_queue_head;   /* 0xc00 */

    /* vfn interrupt tree (0xb80000) */
    uint32_t intr_leaf[NVGPU_SIM_INTR_LEAVES];
    uint32_t intr_leaf_en[NVGPU_SIM_INTR_LEAVES];
    uint32_t intr_top_en;
    bool irq_level;

    uint32_t doorbell_last;     /* 0xb82200 */
    uint32_t mmu_inval_pdb[2];  /* 0xb830a0/a4 */
    uint32_t mmu_inval_ctrl;    /* 0xb830b0 */

    /* simulator window */
    uint32_t wpr_meta_lo, wpr_meta_hi;
    uint64_t scrub_addr, scrub_size;    /* NVSIM_REG_SCRUB_* */
    uint32_t scrub_status;
    uint64_t scrubbed_bytes;            /* counter, QOM "x-scrubbed-bytes" */

    /* fault injection (last values written, for qom-get) */
    uint32_t fault_match;
    uint32_t fault_rpc_status;
    uint32_t fault_rpc_delay_ms;
    uint32_t fault_rpc_drop;
    uint32_t fault_plugin_drop;
    uint32_t fault_event_rc;
    uint32_t fault_event_mmu;
    uint32_t fault_event_storm;
    uint32_t fault_plugin_crash;
    uint32_t fault_gsp_halt;
    uint32_t fault_plane_bad;
    uint32_t fault_clear;       /* last value written to x-fault-clear */

    /*
     * Set while device logic runs (MMIO handler, timer, QMP injection).
     * A PF BAR access arriving meanwhile can only come from the device
     * itself (its DMA or MSI aimed at its own BARs) and is rejected, so
     * the handlers and the core are never re-entered.
     */
    bool busy;

    NvGpuLogOnce log;
    struct NvGpuSimTimeline *tl;    /* nvgpu_sim_timeline.c */
};

/* default of x-gsp-latency-us (virtual time); 0 = synchronous GSP */
#define NVGPU_SIM_GSP_LATENCY_US 100

/* Covers a whole VF BAR while the VF is in D3hot: nothing is decoded. */
typedef struct NvGpuSimVfPmWindow {
    NvGpuSimVfState *vf;
    int bar;
    MemoryRegion mr;
} NvGpuSimVfPmWindow;

struct NvGpuSimVfState {
    PCIDevice parent_obj;

    NvGpuSimState *pf;
    uint32_t gfid;              /* VF index + 1 */

    MemoryRegion bar0;
    MemoryRegion bar1;          /* all-ones background ... */
    MemoryRegion bar1_fb;       /* ... with an alias into VRAM on top */
    MemoryRegion bar3;
    bool fb_mapped;
    uint64_t fb_addr, fb_map_size;

    /* mailbox */
    uint32_t mbox_req;
    uint32_t mbox_status;
    uint32_t mbox_arg;
    uint32_t mbox_data[8];

    /* copy/fill engine */
    uint64_t ce_src, ce_dst, ce_len;
    uint32_t ce_pattern;
    uint32_t ce_op;
    uint32_t ce_status;
    uint32_t ce_completed;

    /* execution model (sim/gsp/exec.c): channels, copy engine */
    struct nvsim_exec *exec;
    QEMUBH *exec_bh;            /* runs the work, never the MMIO handler */
    bool exec_busy;             /* inside nvsim_exec_run() */
    bool exec_sync_pending;     /* a sync arrived while busy */
    bool exec_reset_pending;    /* an FLR arrived while busy */
    uint32_t mbox_argn[8];      /* NVSIM_VF_MBOX_ARGN(i) */

    /* display engine (sim/gsp/disp.c): heads, vblank timer */
    struct nvsim_disp *disp;
    QEMUTimer *disp_timer;      /* QEMU_CLOCK_VIRTUAL, one-shot */

    /* PCI power management: D0 and D3hot only (nvgpu_sim_vf.c) */
    NvGpuSimVfPmWindow pm_win[3];   /* BAR0, BAR1, BAR3 */
    bool d3hot;                 /* PowerState is D3hot */
    bool pm_reset;              /* inside the D3hot->D0 internal reset */

    NvGpuLogOnce log;
};

/* nvgpu_sim.c */
void nvgpu_log_once(NvGpuLogOnce *l, int mask, enum nvgpu_log_kind kind,
                    uint64_t key, const char *fmt, ...) G_GNUC_PRINTF(5, 6);
void nvgpu_log_once_init(NvGpuLogOnce *l);
void nvgpu_log_once_free(NvGpuLogOnce *l);
void nvgpu_sim_sync_vfs(NvGpuSimState *s);
bool nvgpu_sim_enter(NvGpuSimState *s, const char *what, hwaddr addr);
void nvgpu_sim_leave(NvGpuSimState *s);

/* nvgpu_sim_timeline.c: the benchmark's timeline (make bench) */
void nvgpu_tl_init(NvGpuSimState *s);
void nvgpu_tl_record(NvGpuSimState *s, char kind, uint32_t gfid, uint32_t fn,
                     uint32_t arg);

/* nvgpu_sim_mmu.c */
extern const MemoryRegionOps nvgpu_sim_bar1_ops;
extern const MemoryRegionOps nvgpu_sim_bar3_ops;

/* nvgpu_sim_vf.c */
void nvgpu_sim_vf_sync(NvGpuSimVfState *vf);
uint32_t nvgpu_sim_vf_channels_used(NvGpuSimVfState *vf);
bool nvgpu_sim_vf_plane(NvGpuSimVfState *vf, uint32_t head,
                        struct nvsim_disp_plane *p);

#endif /* HW_NVGPU_SIM_H */
