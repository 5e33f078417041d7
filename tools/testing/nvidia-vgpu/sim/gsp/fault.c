// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim: fault injection (nvsim_gsp_inject(), QOM properties / QMP).
 *
 * RPC_STATUS, RPC_DELAY, RPC_DROP, PLUGIN_DROP and PLANE_BAD are armed and consumed
 * by the next matching RPC or mailbox message, oldest first; EVENT_RC and
 * EVENT_MMU post their event at once.
 */
#include <string.h>

#include "nvsim_priv.h"

void nvsim_fault_reset(struct nvsim_gsp *gsp)
{
	gsp->nr_faults = 0;
}

static bool fault_matches(const struct nvsim_fault *f, uint32_t fn, uint32_t cmd,
			  uint32_t gfid, bool exact)
{
	if (f->gfid && gfid && f->gfid != gfid)
		return false;
	if (!f->match)
		return !exact;
	return f->match == fn || (cmd && f->match == cmd);
}

bool nvsim_fault_take(struct nvsim_gsp *gsp, enum nvsim_fault_kind kind,
		      uint32_t fn, uint32_t cmd, uint32_t gfid, bool exact,
		      struct nvsim_fault *f)
{
	for (uint32_t i = 0; i < gsp->nr_faults; i++) {
		if (gsp->faults[i].kind != kind ||
		    !fault_matches(&gsp->faults[i], fn, cmd, gfid, exact))
			continue;
		if (f)
			*f = gsp->faults[i];
		memmove(&gsp->faults[i], &gsp->faults[i + 1],
			(gsp->nr_faults - i - 1) * sizeof(gsp->faults[0]));
		gsp->nr_faults--;
		return true;
	}
	return false;
}

/*
 * RC_TRIGGERED has no GFID field in r535 (rpc_rc_triggered_v17_02):
 * assumption: the simulator puts the GFID in partitionAttributionId.
 * The channel reported is the vGPU's first channel on GR0.
 */
static int inject_event(struct nvsim_gsp *gsp, enum nvsim_fault_kind kind,
			uint32_t arg, uint32_t gfid)
{
	if (gsp->state != NVSIM_GSP_RUNNING) {
		nvsim_reject(gsp, "fault injection", gfid, NV_ERR_INVALID_STATE,
			     "GSP not running");
		return -1;
	}
	if (gfid > gsp->cfg.max_vfs) {
		nvsim_reject(gsp, "fault injection", gfid, NV_ERR_INVALID_ARGUMENT,
			     "GFID beyond %u", gsp->cfg.max_vfs);
		return -1;
	}
	if (kind == NVSIM_FAULT_EVENT_RC) {
		struct nvsim_rpc_rc_triggered rc;

		memset(&rc, 0, sizeof(rc));
		rc.nv2080_engine_type = NVSIM_ENGINE_TYPE_GR0;
		rc.chid = gfid && gsp->vgpu[gfid].state ?
			  gsp->vgpu[gfid].boot.chid_offset[NVSIM_ENGINE_TYPE_GR0] : 0;
		rc.except_type = arg ? arg : 31;	/* assumption: Xid 31 (MMU fault) */
		rc.scope = 0;
		rc.partition_attribution_id = (uint16_t)gfid;
		nvsim_log(gsp, "fault: RC_TRIGGERED for gfid %u (chid %u, type %u)",
			  gfid, rc.chid, rc.except_type);
		nvsim_post_event(gsp, NVSIM_EV_RC_TRIGGERED, &rc, sizeof(rc));
	} else {
		/* r535_gsp_msg_mmu_fault_queued(): empty payload */
		nvsim_log(gsp, "fault: MMU_FAULT_QUEUED for gfid %u", gfid);
		nvsim_post_event(gsp, NVSIM_EV_MMU_FAULT_QUEUED, NULL, 0);
	}
	return 0;
}

int nvsim_gsp_inject(struct nvsim_gsp *gsp, enum nvsim_fault_kind kind,
		     uint32_t match, uint32_t arg, uint32_t gfid)
{
	switch (kind) {
	case NVSIM_FAULT_NONE:
		gsp->nr_faults = 0;	/* disarm everything */
		return 0;
	case NVSIM_FAULT_EVENT_RC:
	case NVSIM_FAULT_EVENT_MMU:
		return inject_event(gsp, kind, arg, gfid);
	case NVSIM_FAULT_RPC_STATUS:
		if (!arg)
			return -1;	/* NV_OK is not a failure */
		break;
	case NVSIM_FAULT_RPC_DELAY:
	case NVSIM_FAULT_RPC_DROP:
	case NVSIM_FAULT_PLUGIN_DROP:
	case NVSIM_FAULT_PLANE_BAD:
		break;
	default:
		return -1;
	}
	if (gsp->nr_faults >= NVSIM_MAX_FAULTS)
		return -1;
	gsp->faults[gsp->nr_faults++] = (struct nvsim_fault){ kind, match, arg, gfid };
	nvsim_log(gsp, "fault: armed kind %d match 0x%x arg 0x%x gfid %u", kind,
		  match, arg, gfid);
	return 0;
}
