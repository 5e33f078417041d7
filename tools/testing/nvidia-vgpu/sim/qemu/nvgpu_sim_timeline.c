// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvidia-vgpu-sim: a timeline of what the simulated GPU saw, for the
 * benchmark's breakdown of vGPU create and destroy (make bench,
 * tools/testing/nvidia-vgpu/bench.sh). Simulator-only: real hardware has
 * nothing like it, and the benchmark skips the breakdown there.
 *
 * Events, stamped with QEMU's virtual clock (under TCG that follows host
 * time while the VM runs):
 *   R  the GSP model dispatched an RPC (fn, arg = RM control command)
 *   M  the GSP model wrote a message to the message queue (fn, arg = 1 for
 *      an event, 0 for a reply)
 *   D  a plugin mailbox doorbell (gfid, arg = the value written)
 *   S/s  the framebuffer scrubber started/finished (arg = MiB)
 *   F  a VF FLR (gfid)
 *
 * QOM properties (read through QMP, from L2 by vm/lib.sh's sim_get):
 *   x-timeline-on      write 1: clear and start recording; 0: stop
 *   x-timeline       read: "lost=N K:gfid:fn:arg:ns ..." (hex fn and arg,
 *                    ns since recording started, at most
 *                    NVGPU_TL_MAX events; the rest are counted as lost)
 *   x-clock-ns       read: the virtual clock now
 *   x-host-rss-kib   read: this QEMU process's resident set (host memory
 *                    actually backing VRAM and guest RAM)
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "qapi/error.h"
#include "qapi/visitor.h"
#include "hw/pci/pci.h"
#include "nvgpu_sim.h"

#define NVGPU_TL_MAX 4096

struct NvGpuTlEvent {
    int64_t ns;
    uint32_t gfid, fn, arg;
    char kind;
};

struct NvGpuSimTimeline {
    bool on;
    int64_t t0;
    uint32_t n, lost;
    struct NvGpuTlEvent ev[NVGPU_TL_MAX];
};

void nvgpu_tl_record(NvGpuSimState *s, char kind, uint32_t gfid, uint32_t fn,
                     uint32_t arg)
{
    struct NvGpuSimTimeline *tl = s->tl;
    struct NvGpuTlEvent *e;

    if (!tl || !tl->on) {
        return;
    }
    if (tl->n == NVGPU_TL_MAX) {
        tl->lost++;
        return;
    }
    e = &tl->ev[tl->n++];
    e->ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) - tl->t0;
    e->kind = kind;
    e->gfid = gfid;
    e->fn = fn;
    e->arg = arg;
}

static char *nvgpu_tl_get(Object *obj, Error **errp)
{
    struct NvGpuSimTimeline *tl = NVGPU_SIM(obj)->tl;
    GString *str = g_string_new(NULL);

    g_string_append_printf(str, "lost=%u", tl->lost);
    for (uint32_t i = 0; i < tl->n; i++) {
        const struct NvGpuTlEvent *e = &tl->ev[i];

        g_string_append_printf(str, " %c:%u:%x:%x:%" PRId64, e->kind, e->gfid,
                               e->fn, e->arg, e->ns);
    }
    return g_string_free(str, false);
}

static void nvgpu_tl_get_on(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    uint32_t on = NVGPU_SIM(obj)->tl->on;

    visit_type_uint32(v, name, &on, errp);
}

static void nvgpu_tl_set_on(Object *obj, Visitor *v, const char *name,
                            void *opaque, Error **errp)
{
    struct NvGpuSimTimeline *tl = NVGPU_SIM(obj)->tl;
    uint32_t on;

    if (!visit_type_uint32(v, name, &on, errp)) {
        return;
    }
    if (on) {
        tl->n = 0;
        tl->lost = 0;
        tl->t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    }
    tl->on = on;
}

static void nvgpu_tl_get_clock(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    uint64_t ns = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);

    visit_type_uint64(v, name, &ns, errp);
}

static void nvgpu_tl_get_rss(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    unsigned long size = 0, resident = 0;
    uint64_t kib;
    FILE *f = fopen("/proc/self/statm", "r");

    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2) {
            resident = 0;
        }
        fclose(f);
    }
    kib = (uint64_t)resident * (qemu_real_host_page_size() / 1024);
    visit_type_uint64(v, name, &kib, errp);
}

void nvgpu_tl_init(NvGpuSimState *s)
{
    Object *obj = OBJECT(s);
    ObjectProperty *op;

    s->tl = g_new0(struct NvGpuSimTimeline, 1);
    op = object_property_add(obj, "x-timeline-on", "uint32", nvgpu_tl_get_on,
                             nvgpu_tl_set_on, NULL, NULL);
    op->description = g_strdup("1: clear the benchmark timeline and record; 0: stop");
    op = object_property_add_str(obj, "x-timeline", nvgpu_tl_get, NULL);
    op->description = g_strdup("the recorded timeline (make bench)");
    op = object_property_add(obj, "x-clock-ns", "uint64", nvgpu_tl_get_clock,
                             NULL, NULL, NULL);
    op->description = g_strdup("QEMU virtual clock now, ns");
    op = object_property_add(obj, "x-host-rss-kib", "uint64", nvgpu_tl_get_rss,
                             NULL, NULL, NULL);
    op->description = g_strdup("resident memory of this QEMU process, KiB");
}
