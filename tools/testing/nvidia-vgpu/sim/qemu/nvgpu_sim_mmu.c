// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvidia-vgpu-sim: PF BAR1 and BAR3 (nouveau's "BAR2") translation.
 *
 * In RM mode GSP owns the page-directory bases of BAR1 and BAR2 (given to
 * nouveau in the static info; BAR2's top-level entry is set by the
 * UPDATE_BAR_PDE RPC, see nvkm/subdev/bar/r535.c). nouveau writes the
 * page tables below them into VRAM in its gp100-family format
 * (nvkm/subdev/mmu/vmmgp100.c, used by vmmtu102.c). Every BAR access is
 * translated by walking those tables, as the GPU's MMU would; nothing is
 * cached, so no invalidation is needed (nouveau's TLB invalidate through
 * 0xb830b0 completes at once, see nvgpu_sim.c).
 *
 * The format, as nouveau writes it (vmmgp100.c, gp100_vmm_desc_16/12):
 *   level  VA bits  entries  entry
 *   PD3    48:47    4        8 bytes, PDE
 *   PD2    46:38    512      8 bytes, PDE
 *   PD1    37:29    512      8 bytes, PDE
 *   PD0    28:21    256      16 bytes: [63:0] big-page (64 KiB) PDE or a
 *                            2 MiB PTE, [127:64] small-page (4 KiB) PDE
 *   LPT    20:16    32       8 bytes, PTE for 64 KiB pages
 *   SPT    20:12    512      8 bytes, PTE for 4 KiB pages
 * PDE (gp100_vmm_pde): bits 2:1 aperture (0 invalid, 1 VRAM, 2 sysmem
 *   coherent, 3 sysmem non-coherent), bit 3 VOL, bits 53:8 address >> 12.
 * PTE (gp100_vmm_valid/gp100_vmm_pgt_pte): bit 0 VALID, bits 2:1
 *   aperture (0 VRAM, 2 sysmem coherent, 3 sysmem non-coherent; 1 = peer,
 *   not modelled), bit 3 VOL, bit 5 PRIV, bit 6 READ_ONLY, address >> 12
 *   in bits 32:8 for VRAM, 53:8 for sysmem, kind in 63:56.
 * LPTE with VALID clear: PRIV set = "invalid, ignore the SPTEs"
 *   (gp100_vmm_lpt_invalid), VOL set = sparse (gp100_vmm_pgt_sparse),
 *   neither = the SPTEs decide.
 *
 * Unmapped accesses read all-ones and drop writes (assumption: the real
 * BAR1/BAR2 fault path is not modelled; reads of a faulting BAR return
 * all-ones on the hardware we know of), logged once per 64 KiB.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "hw/pci/pci.h"
#include "nvgpu_sim.h"

enum nvgpu_aper {
    NVGPU_APER_NONE = 0,
    NVGPU_APER_VRAM,
    NVGPU_APER_SYS,
};

#define PDE_APER(e)         (((e) >> 1) & 3)
#define PDE_ADDR(e)         ((((e) >> 8) & ((1ULL << 46) - 1)) << 12)
#define PTE_VALID           (1ULL << 0)
#define PTE_APER(e)         (((e) >> 1) & 3)
#define PTE_VOL             (1ULL << 3)
#define PTE_PRIV            (1ULL << 5)
#define PTE_RO              (1ULL << 6)
#define PTE_ADDR_VID(e)     ((((e) >> 8) & ((1ULL << 25) - 1)) << 12)
#define PTE_ADDR_SYS(e)     ((((e) >> 8) & ((1ULL << 46) - 1)) << 12)

typedef struct NvGpuXlate {
    enum nvgpu_aper aper;
    uint64_t addr;
    bool ro;
    const char *why;        /* reason for NVGPU_APER_NONE */
} NvGpuXlate;

static bool nvgpu_pt_read64(NvGpuSimState *s, enum nvgpu_aper aper,
                            uint64_t addr, uint64_t *val)
{
    uint64_t v;

    if (aper == NVGPU_APER_VRAM) {
        if (addr > s->vram_size - 8) {
            return false;
        }
        *val = ldq_le_p(s->vram_ptr + addr);
        return true;
    }
    if (aper == NVGPU_APER_SYS) {
        if (pci_dma_read(PCI_DEVICE(s), addr, &v, 8) != MEMTX_OK) {
            return false;
        }
        *val = le64_to_cpu(v);
        return true;
    }
    return false;
}

/* PDE aperture -> where the next level lives. */
static enum nvgpu_aper nvgpu_pde_aper(uint64_t pde)
{
    switch (PDE_APER(pde)) {
    case 1:
        return NVGPU_APER_VRAM;
    case 2:
    case 3:
        return NVGPU_APER_SYS;
    default:
        return NVGPU_APER_NONE;
    }
}

/* Fill x from a valid PTE mapping a page of 1 << shift bytes. */
static void nvgpu_pte_to_xlate(uint64_t pte, int shift, uint64_t va,
                               NvGpuXlate *x)
{
    uint64_t off = va & ((1ULL << shift) - 1);

    x->ro = pte & PTE_RO;
    switch (PTE_APER(pte)) {
    case 0:
        x->aper = NVGPU_APER_VRAM;
        x->addr = (PTE_ADDR_VID(pte) & ~((1ULL << shift) - 1)) + off;
        break;
    case 2:
    case 3:
        x->aper = NVGPU_APER_SYS;
        x->addr = (PTE_ADDR_SYS(pte) & ~((1ULL << shift) - 1)) + off;
        break;
    default:
        x->aper = NVGPU_APER_NONE;
        x->why = "peer aperture";
        break;
    }
}

/*
 * Translate VA va through the 5-level tables rooted at the PD3 at VRAM
 * address pdb.
 */
static void nvgpu_translate(NvGpuSimState *s, uint64_t pdb, uint64_t va,
                            NvGpuXlate *x)
{
    static const int shifts[3] = { 47, 38, 29 };
    static const int bits[3] = { 2, 9, 9 };
    enum nvgpu_aper aper = NVGPU_APER_VRAM;
    uint64_t base = pdb, e, big, small;
    int i;

    x->aper = NVGPU_APER_NONE;
    x->ro = false;
    x->why = "no page directory";
    if (!pdb) {
        return;
    }
    if (va >> 49) {
        x->why = "VA beyond 49 bits";
        return;
    }

    /* PD3, PD2, PD1: 8-byte PDEs. */
    for (i = 0; i < 3; i++) {
        uint64_t idx = (va >> shifts[i]) & ((1ULL << bits[i]) - 1);

        if (!nvgpu_pt_read64(s, aper, base + idx * 8, &e)) {
            x->why = "page directory outside memory";
            return;
        }
        if (e & PTE_VALID) {
            /* assumption: nouveau never maps huge pages above PD0. */
            x->why = "PTE above PD0";
            return;
        }
        aper = nvgpu_pde_aper(e);
        if (aper == NVGPU_APER_NONE) {
            x->why = "invalid PDE";
            return;
        }
        base = PDE_ADDR(e);
    }

    /* PD0: dual 16-byte entry. */
    {
        uint64_t idx = (va >> 21) & 0xff;

        if (!nvgpu_pt_read64(s, aper, base + idx * 16, &big) ||
            !nvgpu_pt_read64(s, aper, base + idx * 16 + 8, &small)) {
            x->why = "PD0 outside memory";
            return;
        }
    }
    if (big & PTE_VALID) {
        nvgpu_pte_to_xlate(big, 21, va, x);     /* 2 MiB page */
        return;
    }

    /* Big-page (64 KiB) table first. */
    aper = nvgpu_pde_aper(big);
    if (aper != NVGPU_APER_NONE) {
        uint64_t idx = (va >> 16) & 0x1f;

        if (!nvgpu_pt_read64(s, aper, PDE_ADDR(big) + idx * 8, &e)) {
            x->why = "LPT outside memory";
            return;
        }
        if (e & PTE_VALID) {
            nvgpu_pte_to_xlate(e, 16, va, x);
            return;
        }
        if (e & PTE_PRIV) {
            x->why = "LPTE invalid";
            return;
        }
        if (e & PTE_VOL) {
            x->why = "LPTE sparse";
            return;
        }
    }

    /* Small-page (4 KiB) table. */
    aper = nvgpu_pde_aper(small);
    if (aper == NVGPU_APER_NONE) {
        x->why = "no PTE";
        return;
    }
    {
        uint64_t idx = (va >> 12) & 0x1ff;

        if (!nvgpu_pt_read64(s, aper, PDE_ADDR(small) + idx * 8, &e)) {
            x->why = "SPT outside memory";
            return;
        }
    }
    if (!(e & PTE_VALID)) {
        x->why = (e & PTE_VOL) ? "SPTE sparse" : "SPTE invalid";
        return;
    }
    nvgpu_pte_to_xlate(e, 12, va, x);
}

/* One access of size bytes (1..8) that does not cross a 4 KiB page. */
static bool nvgpu_bar_access(NvGpuSimState *s, int bar, hwaddr va,
                             uint64_t *data, unsigned size, bool write)
{
    NvGpuXlate x;
    uint8_t buf[8];

    nvgpu_translate(s, s->gsp ? nvsim_gsp_bar_pdb(s->gsp, bar) : 0, va, &x);

    if (x.aper == NVGPU_APER_VRAM &&
        (x.addr >= s->vram_size || size > s->vram_size - x.addr)) {
        x.aper = NVGPU_APER_NONE;
        x.why = "PTE beyond VRAM";
    }
    if (write && x.ro && x.aper != NVGPU_APER_NONE) {
        x.aper = NVGPU_APER_NONE;
        x.why = "read-only PTE";
    }

    switch (x.aper) {
    case NVGPU_APER_VRAM:
        if (write) {
            stn_le_p(s->vram_ptr + x.addr, size, *data);
        } else {
            *data = ldn_le_p(s->vram_ptr + x.addr, size);
        }
        return true;
    case NVGPU_APER_SYS:
        if (write) {
            stn_le_p(buf, size, *data);
            if (pci_dma_write(PCI_DEVICE(s), x.addr, buf, size) == MEMTX_OK) {
                return true;
            }
        } else if (pci_dma_read(PCI_DEVICE(s), x.addr, buf, size) ==
                   MEMTX_OK) {
            *data = ldn_le_p(buf, size);
            return true;
        }
        x.why = "sysmem DMA fault";
        break;
    default:
        break;
    }

    nvgpu_log_once(&s->log, LOG_GUEST_ERROR,
                   bar == 1 ? NVGPU_LOG_BAR1_UNMAPPED : NVGPU_LOG_BAR3_UNMAPPED,
                   va >> 16,
                   "%s: BAR%d %s at 0x%" HWADDR_PRIx " unmapped (%s)%s\n",
                   TYPE_NVGPU_SIM, bar == 1 ? 1 : 3,
                   write ? "write" : "read", va, x.why,
                   write ? ", dropped" : ", reads all-ones");
    if (!write) {
        *data = size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
    }
    return false;
}

static uint64_t nvgpu_bar_read(NvGpuSimState *s, int bar, hwaddr addr,
                               unsigned size)
{
    uint64_t val = 0, b;
    unsigned i;

    if (!nvgpu_sim_enter(s, bar == 1 ? "BAR1 read" : "BAR3 read", addr)) {
        return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
    }

    if ((addr & 0xfff) + size <= 0x1000) {
        nvgpu_bar_access(s, bar, addr, &val, size, false);
    } else {
        /* Crosses a page: byte by byte, each byte translated on its own. */
        for (i = 0; i < size; i++) {
            nvgpu_bar_access(s, bar, addr + i, &b, 1, false);
            val |= (b & 0xff) << (i * 8);
        }
    }
    nvgpu_sim_leave(s);
    return val;
}

static void nvgpu_bar_write(NvGpuSimState *s, int bar, hwaddr addr,
                            uint64_t val, unsigned size)
{
    uint64_t b;
    unsigned i;

    if (!nvgpu_sim_enter(s, bar == 1 ? "BAR1 write" : "BAR3 write", addr)) {
        return;
    }
    if ((addr & 0xfff) + size <= 0x1000) {
        nvgpu_bar_access(s, bar, addr, &val, size, true);
    } else {
        for (i = 0; i < size; i++) {
            b = (val >> (i * 8)) & 0xff;
            nvgpu_bar_access(s, bar, addr + i, &b, 1, true);
        }
    }
    nvgpu_sim_leave(s);
}

static uint64_t nvgpu_bar1_read(void *opaque, hwaddr addr, unsigned size)
{
    return nvgpu_bar_read(opaque, 1, addr, size);
}

static void nvgpu_bar1_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    nvgpu_bar_write(opaque, 1, addr, val, size);
}

/* PCI BAR3 is what nouveau calls BAR2 (nvsim_gsp_bar_pdb(gsp, 2)). */
static uint64_t nvgpu_bar3_read(void *opaque, hwaddr addr, unsigned size)
{
    return nvgpu_bar_read(opaque, 2, addr, size);
}

static void nvgpu_bar3_write(void *opaque, hwaddr addr, uint64_t val,
                             unsigned size)
{
    nvgpu_bar_write(opaque, 2, addr, val, size);
}

const MemoryRegionOps nvgpu_sim_bar1_ops = {
    .read = nvgpu_bar1_read,
    .write = nvgpu_bar1_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};

const MemoryRegionOps nvgpu_sim_bar3_ops = {
    .read = nvgpu_bar3_read,
    .write = nvgpu_bar3_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
};
