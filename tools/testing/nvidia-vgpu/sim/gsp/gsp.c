// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvsim: GSP boot, r535 message queues and RPC transport.
 *
 * The CPU side this mirrors is nouveau 6.12 nvkm/subdev/gsp/r535.c:
 * r535_gsp_libos_init()/r535_gsp_rmargs_init()/r535_gsp_shared_init()
 * (boot arguments and queue memory), r535_gsp_cmdq_push() (element
 * framing and checksum), r535_gsp_rpc_push() (continuation records) and
 * r535_gsp_msgq_wait() (how replies are read back).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvsim_priv.h"

/* ------------------------------------------------------------------ */
/* logging */

static void nvsim_vlog(struct nvsim_gsp *gsp, const char *prefix,
		       const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void nvsim_vlog(struct nvsim_gsp *gsp, const char *prefix,
		       const char *fmt, va_list ap)
{
	char line[512];
	int n;

	n = snprintf(line, sizeof(line), "nvsim: %s", prefix);
	if (n < 0 || (size_t)n >= sizeof(line))
		n = 0;
	vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	if (gsp->ops && gsp->ops->log)
		gsp->ops->log(gsp->opaque, line);
}

void nvsim_log(struct nvsim_gsp *gsp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	nvsim_vlog(gsp, "", fmt, ap);
	va_end(ap);
}

/* One line per rejection: "nvsim: <what> rejected: <why> (gfid=.., status=0x..)" */
void nvsim_reject(struct nvsim_gsp *gsp, const char *what, uint32_t gfid,
		  uint32_t status, const char *fmt, ...)
{
	char why[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	nvsim_log(gsp, "%s rejected: %s (gfid=%u, status=0x%x)", what, why,
		  gfid, status);
}

/* Fatal protocol error: GSP stops, like firmware that hit an assert. */
void nvsim_halt(struct nvsim_gsp *gsp, const char *fmt, ...)
{
	char why[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	nvsim_log(gsp, "gsp rejected: %s (gfid=0, status=0x%x); GSP halted",
		  why, NV_ERR_INVALID_STATE);
	gsp->cnt.protocol_errors++;
	gsp->state = NVSIM_GSP_HALTED;
}

/* ------------------------------------------------------------------ */
/* memory access */

int nvsim_vram_read(struct nvsim_gsp *gsp, uint64_t addr, void *buf, uint64_t len)
{
	if (addr > gsp->cfg.vram_size || len > gsp->cfg.vram_size - addr)
		return -1;
	memcpy(buf, gsp->cfg.vram + addr, len);
	return 0;
}

int nvsim_vram_write(struct nvsim_gsp *gsp, uint64_t addr, const void *buf, uint64_t len)
{
	if (addr > gsp->cfg.vram_size || len > gsp->cfg.vram_size - addr)
		return -1;
	memcpy(gsp->cfg.vram + addr, buf, len);
	return 0;
}

/*
 * Shared queue memory is only reached through the PTE array
 * (MESSAGE_QUEUE_INIT_ARGUMENTS.sharedMemPhysAddr/pageTableEntryCount):
 * one bus address per 4 KiB page, never assumed contiguous.
 */
static int shm_access(struct nvsim_gsp *gsp, uint64_t off, void *buf,
		      uint64_t len, bool write)
{
	uint8_t *p = buf;

	while (len) {
		uint64_t page = off >> NVSIM_PAGE_SHIFT;
		uint64_t in = off & (NVSIM_PAGE_SIZE - 1);
		uint64_t n = NVSIM_PAGE_SIZE - in;
		int rc;

		if (page >= gsp->pte_count)
			return -1;
		if (n > len)
			n = len;
		if (write)
			rc = gsp->ops->dma_write(gsp->opaque, gsp->ptes[page] + in, p, n);
		else
			rc = gsp->ops->dma_read(gsp->opaque, gsp->ptes[page] + in, p, n);
		if (rc)
			return -1;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int shm_rd32(struct nvsim_gsp *gsp, uint64_t off, uint32_t *v)
{
	if (shm_access(gsp, off, v, 4, false)) {
		nvsim_halt(gsp, "DMA read of shared queue memory at +0x%llx failed",
			   (unsigned long long)off);
		return -1;
	}
	return 0;
}

static int shm_wr32(struct nvsim_gsp *gsp, uint64_t off, uint32_t v)
{
	if (shm_access(gsp, off, &v, 4, true)) {
		nvsim_halt(gsp, "DMA write of shared queue memory at +0x%llx failed",
			   (unsigned long long)off);
		return -1;
	}
	return 0;
}

/* Offset of slot i of a queue (msgq_priv.h: entries at entryOff, msgSize each). */
static uint64_t slot_off(const struct nvsim_queue *q, uint32_t slot)
{
	return q->off + q->entry_off + (uint64_t)slot * NVSIM_PAGE_SIZE;
}

/* Elements are a byte stream over consecutive slots that wraps to slot 0
 * (r535_gsp_cmdq_push() copies up to the end, then continues at 0). */
static int queue_access(struct nvsim_gsp *gsp, const struct nvsim_queue *q,
			uint32_t slot, void *buf, uint32_t nslots, bool write)
{
	uint8_t *p = buf;

	for (uint32_t i = 0; i < nslots; i++) {
		uint32_t s = (slot + i) % q->cnt;

		if (shm_access(gsp, slot_off(q, s), p + (uint64_t)i * NVSIM_PAGE_SIZE,
			       NVSIM_PAGE_SIZE, write))
			return -1;
	}
	return 0;
}

/* r535_gsp_cmdq_push(): XOR of all u64 words with the checksum field
 * zero, folded to 32 bits. */
static uint32_t elem_checksum(const uint8_t *elem, uint32_t size)
{
	uint64_t csum = 0, w;

	for (uint32_t i = 0; i < size; i += 8) {
		memcpy(&w, elem + i, 8);
		if (i == offsetof(struct nvsim_qelem_hdr, checksum))
			w &= ~0xffffffffull;	/* checksum is the low half of this word */
		csum ^= w;
	}
	return (uint32_t)(csum >> 32) ^ (uint32_t)csum;
}

/* ------------------------------------------------------------------ */
/* message queue (GSP -> CPU) */

static bool msgq_ready(struct nvsim_gsp *gsp)
{
	return gsp->msgq.cnt != 0 && gsp->state != NVSIM_GSP_HALTED;
}

/* 0 written, 1 no room yet, -1 halted */
static int msgq_write(struct nvsim_gsp *gsp, const struct nvsim_out *o)
{
	uint32_t size = (uint32_t)nvsim_align_up(sizeof(struct nvsim_qelem_hdr) + o->len,
						 NVSIM_PAGE_SIZE);
	uint32_t ec = size / NVSIM_PAGE_SIZE, rptr, room;
	struct nvsim_qelem_hdr *h;
	uint8_t *elem;

	/* The CPU's msgq read pointer lives in the cmdq rx header
	 * (r535_gsp_shared_init: gsp->msgq.rptr = &cmdq->rx.readPtr). */
	if (shm_rd32(gsp, gsp->cmdq.off + gsp->cmdq.rx_hdr_off, &rptr))
		return -1;
	if (rptr >= gsp->msgq.cnt) {
		nvsim_halt(gsp, "CPU msgq read pointer %u >= msgCount %u",
			   rptr, gsp->msgq.cnt);
		return -1;
	}
	/* never overrun the reader: same free-space rule the CPU uses */
	room = (rptr + gsp->msgq.cnt - gsp->msgq_wptr - 1) % gsp->msgq.cnt;
	if (room < ec)
		return 1;

	elem = calloc(1, size);
	if (!elem) {
		nvsim_halt(gsp, "out of memory writing a message");
		return -1;
	}
	h = (struct nvsim_qelem_hdr *)elem;
	h->seq_num = gsp->msgq_seq;
	h->elem_count = ec;
	memcpy(elem + sizeof(*h), o->rpc, o->len);
	h->checksum = elem_checksum(elem, size);

	if (queue_access(gsp, &gsp->msgq, gsp->msgq_wptr, elem, ec, true)) {
		free(elem);
		nvsim_halt(gsp, "DMA write of message queue slot %u failed",
			   gsp->msgq_wptr);
		return -1;
	}
	free(elem);
	gsp->msgq_wptr = (gsp->msgq_wptr + ec) % gsp->msgq.cnt;
	gsp->msgq_seq++;
	/* publish the element only once it is complete */
	if (shm_wr32(gsp, gsp->msgq.off + offsetof(struct nvsim_msgq_tx_hdr, write_ptr),
		     gsp->msgq_wptr))
		return -1;
	return 0;
}

/* One host timer serves both RPC_DELAY and "msgq full, retry". */
static void arm_timer(struct nvsim_gsp *gsp, uint64_t ns, bool for_delay)
{
	if (gsp->timer_armed || !gsp->ops->arm_timer)
		return;
	gsp->timer_armed = true;
	gsp->timer_for_delay = for_delay;
	gsp->ops->arm_timer(gsp->opaque, ns);
}

void nvsim_flush(struct nvsim_gsp *gsp)
{
	while (gsp->out_head && msgq_ready(gsp)) {
		struct nvsim_out *o = gsp->out_head;
		int rc;

		if (o->delayed) {
			/* RPC_DELAY: the reply (and everything behind it) waits */
			arm_timer(gsp, (uint64_t)o->delay_ms * 1000000ull, true);
			break;
		}
		if (o->hold_gen > gsp->work_gen) {
			/* async: an event ordered after its RPC's reply goes
			 * out one work pass later; FIFO behind it */
			nvsim_work_schedule(gsp);
			break;
		}
		rc = msgq_write(gsp, o);
		if (rc > 0) {
			arm_timer(gsp, NVSIM_RETRY_NS, false);
			break;
		}
		if (rc < 0)
			break;
		gsp->out_head = o->next;
		if (!gsp->out_head)
			gsp->out_tail = NULL;
		gsp->out_bytes -= o->len;
		if (gsp->ops->trace)
			gsp->ops->trace(gsp->opaque, NVSIM_TRACE_MSG, 0,
					((struct nvsim_rpc_hdr *)o->rpc)->function, o->event);
		if (o->event && gsp->ops->raise_irq)
			gsp->ops->raise_irq(gsp->opaque);
		free(o);
	}
}

static struct nvsim_out *out_new(struct nvsim_gsp *gsp, uint32_t fn,
				 uint32_t result, uint32_t sequence,
				 const void *payload, uint32_t len)
{
	struct nvsim_out *o;
	struct nvsim_rpc_hdr *r;

	if (gsp->out_bytes + len > NVSIM_MAX_OUT_BYTES) {
		nvsim_reject(gsp, "message", 0, NV_ERR_INSUFFICIENT_RESOURCES,
			     "backlog of %llu unsent bytes (fn=%u dropped)",
			     (unsigned long long)gsp->out_bytes, fn);
		return NULL;
	}
	o = calloc(1, sizeof(*o) + sizeof(*r) + len);
	if (!o)
		return NULL;
	r = (struct nvsim_rpc_hdr *)o->rpc;
	r->header_version = NVSIM_RPC_HDR_VERSION;
	r->signature = NVSIM_RPC_SIGNATURE;
	r->length = (uint32_t)sizeof(*r) + len;
	r->function = fn;
	r->rpc_result = result;
	r->rpc_result_private = result;	/* assumption: mirrors rpc_result */
	r->sequence = sequence;
	if (len)
		memcpy(o->rpc + sizeof(*r), payload, len);
	o->len = r->length;
	return o;
}

static void out_push(struct nvsim_gsp *gsp, struct nvsim_out *o)
{
	if (gsp->out_tail)
		gsp->out_tail->next = o;
	else
		gsp->out_head = o;
	gsp->out_tail = o;
	gsp->out_bytes += o->len;
}

/*
 * Queue one message. A payload larger than one element is split the
 * way r535_gsp_rpc_push() splits a send: a first message with fn and
 * NVSIM_RPC_MAX_PAYLOAD bytes, then CONTINUATION_RECORD messages.
 * assumption: GSP-RM sends large replies this way (see README).
 */
static void queue_msg(struct nvsim_gsp *gsp, uint32_t fn, uint32_t result,
		      uint32_t sequence, const void *payload, uint32_t len,
		      bool event, uint32_t delay_ms)
{
	const uint8_t *p = payload;
	uint32_t first = len > NVSIM_RPC_MAX_PAYLOAD ? NVSIM_RPC_MAX_PAYLOAD : len;
	struct nvsim_out *o;

	o = out_new(gsp, fn, result, sequence, p, first);
	if (!o)
		return;
	o->event = event;
	o->delayed = delay_ms != 0;
	o->delay_ms = delay_ms;
	out_push(gsp, o);
	for (uint32_t off = first; off < len; ) {
		uint32_t n = len - off;

		if (n > NVSIM_RPC_MAX_PAYLOAD)
			n = NVSIM_RPC_MAX_PAYLOAD;
		o = out_new(gsp, NVSIM_FN_CONTINUATION_RECORD, NV_OK, sequence,
			    p + off, n);
		if (!o)
			return;
		out_push(gsp, o);
		off += n;
	}
}

/*
 * Answer req. rpc_result is what the message header carries: a transport
 * failure, or for GSP_RM_ALLOC/FREE the RM status, which the payload's
 * status field repeats (CPU-RM's convention, see the top of rm.c).
 */
void nvsim_reply(struct nvsim_gsp *gsp, const struct nvsim_req *req,
		 uint32_t rpc_result, const void *payload, uint32_t len)
{
	if (rpc_result != NV_OK)
		gsp->cnt.rpc_errors++;
	if (req->drop) {
		nvsim_log(gsp, "fault: reply to fn %u dropped", req->function);
		return;
	}
	queue_msg(gsp, req->function, rpc_result, req->sequence, payload, len,
		  false, req->delay_ms);
}

void nvsim_post_event(struct nvsim_gsp *gsp, uint32_t fn, const void *payload,
		      uint32_t len)
{
	gsp->cnt.events++;
	queue_msg(gsp, fn, NV_OK, 0, payload, len, true, 0);
	if (gsp->async_ns && gsp->ops->arm_work)
		nvsim_work_schedule(gsp);	/* written by nvsim_gsp_work() */
	else
		nvsim_flush(gsp);
}

/* ------------------------------------------------------------------ */
/* asynchronous mode */

static void process_cmdq(struct nvsim_gsp *gsp);

/* splitmix64: small, seedable, the same sequence everywhere */
static uint64_t prng_next(struct nvsim_gsp *gsp)
{
	uint64_t z = (gsp->prng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static bool async_on(struct nvsim_gsp *gsp)
{
	return gsp->async_ns && gsp->ops->arm_work;
}

void nvsim_work_schedule(struct nvsim_gsp *gsp)
{
	if (!async_on(gsp) || gsp->work_armed)
		return;
	gsp->work_armed = true;
	gsp->ops->arm_work(gsp->opaque, gsp->async_ns);
}

/*
 * The messages an RPC's handler queued after mark: its reply (plus
 * CONTINUATION_RECORDs) and the events it generated. Put the events
 * either all before the reply or all after it (then one work pass
 * later), keeping the order inside each group. The PRNG is drawn only
 * when there is a choice.
 */
static void order_rpc_messages(struct nvsim_gsp *gsp, struct nvsim_out *mark)
{
	struct nvsim_out *seg = mark ? mark->next : gsp->out_head;
	struct nvsim_out *ev = NULL, **evt = &ev, *rp = NULL, **rpt = &rp, *o, *last;
	bool reply_first;

	for (o = seg; o; o = o->next) {
		if (o->event) {
			*evt = o;
			evt = &o->next;
		} else {
			*rpt = o;
			rpt = &o->next;
		}
	}
	if (!ev)
		return;
	if (!rp) {
		/* nothing to order against; restore the segment */
		*evt = NULL;
		if (mark)
			mark->next = ev;
		else
			gsp->out_head = ev;
		for (last = ev; last->next; last = last->next)
			;
		gsp->out_tail = last;
		return;
	}
	reply_first = prng_next(gsp) & 1;
	if (reply_first)
		gsp->cnt.reply_first++;
	else
		gsp->cnt.events_first++;
	*evt = NULL;
	*rpt = NULL;
	if (reply_first) {
		for (o = ev; o; o = o->next)
			o->hold_gen = gsp->work_gen + 1;
		*rpt = ev;
		seg = rp;
	} else {
		*evt = rp;
		seg = ev;
	}
	if (mark)
		mark->next = seg;
	else
		gsp->out_head = seg;
	for (last = seg; last->next; last = last->next)
		;
	gsp->out_tail = last;
}

void nvsim_gsp_set_async(struct nvsim_gsp *gsp, uint64_t latency_ns, uint64_t seed)
{
	gsp->async_ns = latency_ns;
	gsp->seed = seed;
	gsp->prng = seed;
	if (latency_ns && !gsp->ops->arm_work)
		nvsim_log(gsp, "async: host has no work timer; staying synchronous");
}

void nvsim_gsp_set_mailbox_notify(struct nvsim_gsp *gsp, bool on)
{
	gsp->mbox_notify = on;
}

void nvsim_gsp_work(struct nvsim_gsp *gsp)
{
	gsp->work_armed = false;
	gsp->work_gen++;
	/* events posted while we work are written by the flush below */
	gsp->work_armed = true;
	if (gsp->cmdq_pending) {
		gsp->cmdq_pending = false;
		if (gsp->state == NVSIM_GSP_RUNNING)
			process_cmdq(gsp);
	}
	while (gsp->db_count) {
		uint32_t v = gsp->db_vals[gsp->db_head];

		gsp->db_head = (gsp->db_head + 1) % NVSIM_MAX_PENDING_DB;
		gsp->db_count--;
		nvsim_vgpu_doorbell(gsp, v);
	}
	gsp->work_armed = false;
	nvsim_flush(gsp);
}

void nvsim_gsp_doorbell(struct nvsim_gsp *gsp, uint32_t value)
{
	if (gsp->ops->trace)
		gsp->ops->trace(gsp->opaque, NVSIM_TRACE_DOORBELL, value / 32, 0, value);
	if (!async_on(gsp)) {
		nvsim_vgpu_doorbell(gsp, value);
		return;
	}
	/* a pending doorbell with the same value is one notification:
	 * the plugin reads the control buffer when it runs */
	for (uint32_t i = 0; i < gsp->db_count; i++)
		if (gsp->db_vals[(gsp->db_head + i) % NVSIM_MAX_PENDING_DB] == value)
			return;
	if (gsp->db_count == NVSIM_MAX_PENDING_DB) {
		nvsim_log(gsp, "async: doorbell 0x%x dropped, %u pending", value,
			  gsp->db_count);
		gsp->cnt.plugin_errors++;
		return;
	}
	gsp->db_vals[(gsp->db_head + gsp->db_count) % NVSIM_MAX_PENDING_DB] = value;
	gsp->db_count++;
	nvsim_work_schedule(gsp);
}

static void out_drop_all(struct nvsim_gsp *gsp)
{
	while (gsp->out_head) {
		struct nvsim_out *o = gsp->out_head;

		gsp->out_head = o->next;
		free(o);
	}
	gsp->out_tail = NULL;
	gsp->out_bytes = 0;
}

/* ------------------------------------------------------------------ */
/* command queue (CPU -> GSP) */

static void asm_drop(struct nvsim_gsp *gsp)
{
	free(gsp->asm_buf);
	gsp->asm_buf = NULL;
	gsp->asm_len = gsp->asm_expected = 0;
}

/* Error reply for an RPC the transport could not accept. */
static void transport_reject(struct nvsim_gsp *gsp, uint32_t fn, uint32_t seq,
			     uint32_t result, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void transport_reject(struct nvsim_gsp *gsp, uint32_t fn, uint32_t seq,
			     uint32_t result, const char *fmt, ...)
{
	struct nvsim_req req = { .function = fn, .sequence = seq };
	char why[320];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	nvsim_reject(gsp, "rpc", 0, result, "fn %u: %s", fn, why);
	gsp->cnt.protocol_errors++;
	nvsim_reply(gsp, &req, result, NULL, 0);
}

static void dispatch(struct nvsim_gsp *gsp, uint32_t fn, uint32_t seq,
		     uint8_t *payload, uint32_t len)
{
	struct nvsim_req req = {
		.function = fn, .sequence = seq, .payload = payload, .len = len,
	};

	struct nvsim_out *mark = gsp->out_tail;
	uint64_t events = gsp->cnt.events;

	gsp->cnt.rpcs++;
	if (gsp->ops->trace) {
		uint32_t cmd = 0;

		if (fn == NVSIM_FN_GSP_RM_CONTROL && len >= sizeof(struct nvsim_rpc_ctrl))
			memcpy(&cmd, payload + offsetof(struct nvsim_rpc_ctrl, cmd), 4);
		gsp->ops->trace(gsp->opaque, NVSIM_TRACE_RPC, 0, fn, cmd);
	}
	nvsim_rm_dispatch(gsp, &req);
	/* async: nothing was flushed while the handler ran, so mark is
	 * still queued and everything after it is this RPC's */
	if (async_on(gsp) && gsp->cnt.events != events)
		order_rpc_messages(gsp, mark);
}

/*
 * Total payload an RPC announces: RM alloc/control carry paramsSize,
 * which is how a receiver knows that CONTINUATION_RECORDs follow.
 */
static uint64_t rpc_expected_len(uint32_t fn, const uint8_t *p, uint32_t len)
{
	uint32_t ps;

	if (fn == NVSIM_FN_GSP_RM_CONTROL && len >= sizeof(struct nvsim_rpc_ctrl)) {
		memcpy(&ps, p + offsetof(struct nvsim_rpc_ctrl, params_size), 4);
		return sizeof(struct nvsim_rpc_ctrl) + (uint64_t)ps;
	}
	if (fn == NVSIM_FN_GSP_RM_ALLOC && len >= sizeof(struct nvsim_rpc_alloc)) {
		memcpy(&ps, p + offsetof(struct nvsim_rpc_alloc, params_size), 4);
		return sizeof(struct nvsim_rpc_alloc) + (uint64_t)ps;
	}
	return len;
}

static void rpc_receive(struct nvsim_gsp *gsp, const struct nvsim_rpc_hdr *rpc,
			uint8_t *payload, uint32_t len)
{
	uint32_t fn = rpc->function;
	uint64_t expected;

	if (fn == NVSIM_FN_CONTINUATION_RECORD) {
		if (!gsp->asm_buf) {
			/* nothing waits for a reply to a continuation */
			nvsim_reject(gsp, "rpc", 0, NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				     "CONTINUATION_RECORD without a pending RPC");
			gsp->cnt.protocol_errors++;
			return;
		}
		if (len > gsp->asm_expected - gsp->asm_len) {
			transport_reject(gsp, gsp->asm_fn, gsp->asm_seq,
					 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
					 "continuation overruns the announced %u bytes",
					 gsp->asm_expected);
			asm_drop(gsp);
			return;
		}
		memcpy(gsp->asm_buf + gsp->asm_len, payload, len);
		gsp->asm_len += len;
		if (gsp->asm_len == gsp->asm_expected) {
			uint8_t *buf = gsp->asm_buf;

			gsp->asm_buf = NULL;
			dispatch(gsp, gsp->asm_fn, gsp->asm_seq, buf, gsp->asm_len);
			free(buf);
			asm_drop(gsp);
		}
		return;
	}

	if (gsp->asm_buf) {
		transport_reject(gsp, gsp->asm_fn, gsp->asm_seq,
				 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				 "interrupted by fn %u after %u of %u bytes", fn,
				 gsp->asm_len, gsp->asm_expected);
		asm_drop(gsp);
	}

	expected = rpc_expected_len(fn, payload, len);
	if (len == NVSIM_RPC_MAX_PAYLOAD && expected > len) {
		/* first piece of a split send (r535_gsp_rpc_push) */
		if (expected > NVSIM_MAX_RPC_ASSEMBLY) {
			transport_reject(gsp, fn, rpc->sequence, NV_ERR_INVALID_ARGUMENT,
					 "announces %llu bytes, more than %u",
					 (unsigned long long)expected,
					 NVSIM_MAX_RPC_ASSEMBLY);
			return;
		}
		gsp->asm_buf = malloc(expected);
		if (!gsp->asm_buf) {
			transport_reject(gsp, fn, rpc->sequence, NV_ERR_NO_MEMORY,
					 "no memory for reassembly");
			return;
		}
		memcpy(gsp->asm_buf, payload, len);
		gsp->asm_len = len;
		gsp->asm_expected = (uint32_t)expected;
		gsp->asm_fn = fn;
		gsp->asm_seq = rpc->sequence;
		return;
	}
	dispatch(gsp, fn, rpc->sequence, payload, len);
}

/* Validate one element's framing; returns false (after replying) if bad. */
static bool elem_valid(struct nvsim_gsp *gsp, uint8_t *elem, uint32_t ec)
{
	struct nvsim_qelem_hdr *h = (struct nvsim_qelem_hdr *)elem;
	struct nvsim_rpc_hdr *rpc = (struct nvsim_rpc_hdr *)(elem + sizeof(*h));
	uint32_t size = ec * NVSIM_PAGE_SIZE, seq = h->seq_num, csum;

	csum = elem_checksum(elem, size);
	if (csum != h->checksum) {
		gsp->cmdq_seq = seq + 1;
		transport_reject(gsp, rpc->function, rpc->sequence,
				 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				 "bad element checksum 0x%08x, expected 0x%08x (seqNum %u)",
				 h->checksum, csum, seq);
		return false;
	}
	/* per-queue transmit sequence: nouveau's gsp->cmdq.seq++ from 0 */
	if (seq != gsp->cmdq_seq) {
		uint32_t want = gsp->cmdq_seq;

		gsp->cmdq_seq = seq + 1;	/* resynchronise */
		transport_reject(gsp, rpc->function, rpc->sequence,
				 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				 "seqNum %u, expected %u", seq, want);
		return false;
	}
	gsp->cmdq_seq++;
	if (rpc->header_version != NVSIM_RPC_HDR_VERSION ||
	    rpc->signature != NVSIM_RPC_SIGNATURE) {
		transport_reject(gsp, rpc->function, rpc->sequence,
				 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				 "header_version 0x%08x signature 0x%08x",
				 rpc->header_version, rpc->signature);
		return false;
	}
	if (rpc->length < sizeof(*rpc) || rpc->length > NVSIM_RPC_MAX_LEN ||
	    nvsim_align_up(sizeof(*h) + rpc->length, NVSIM_PAGE_SIZE) != size) {
		transport_reject(gsp, rpc->function, rpc->sequence,
				 NV_VGPU_MSG_RESULT_INVALID_MESSAGE_FORMAT,
				 "rpc length %u inconsistent with elemCount %u",
				 rpc->length, ec);
		return false;
	}
	return true;
}

/* Process the element at the GSP read pointer; -1 when halted. */
static int cmdq_element(struct nvsim_gsp *gsp, uint32_t wptr)
{
	uint32_t cnt = gsp->cmdq.cnt, rptr = gsp->cmdq_rptr;
	uint32_t avail = (wptr + cnt - rptr) % cnt, ec;
	struct nvsim_qelem_hdr h;
	uint8_t *elem;

	if (shm_access(gsp, slot_off(&gsp->cmdq, rptr), &h, sizeof(h), false)) {
		nvsim_halt(gsp, "DMA read of command queue slot %u failed", rptr);
		return -1;
	}
	ec = h.elem_count;
	/* unrecoverable: we cannot tell where the next element starts */
	if (ec == 0 || ec > NVSIM_MSG_MAX_ELEMS) {
		nvsim_halt(gsp, "cmdq slot %u: elemCount %u not in 1..%u", rptr,
			   ec, NVSIM_MSG_MAX_ELEMS);
		return -1;
	}
	if (ec > avail) {
		nvsim_halt(gsp, "cmdq slot %u: elemCount %u but only %u slots queued",
			   rptr, ec, avail);
		return -1;
	}
	elem = malloc((size_t)ec * NVSIM_PAGE_SIZE);
	if (!elem || queue_access(gsp, &gsp->cmdq, rptr, elem, ec, false)) {
		free(elem);
		nvsim_halt(gsp, "DMA read of command queue slots %u+%u failed", rptr, ec);
		return -1;
	}
	if (elem_valid(gsp, elem, ec)) {
		struct nvsim_rpc_hdr *rpc = (struct nvsim_rpc_hdr *)(elem + sizeof(h));

		rpc_receive(gsp, rpc, (uint8_t *)(rpc + 1), rpc->length - (uint32_t)sizeof(*rpc));
	}
	free(elem);
	if (gsp->state == NVSIM_GSP_HALTED)
		return -1;
	/* GSP's cmdq read pointer lives in the msgq rx header */
	gsp->cmdq_rptr = (rptr + ec) % cnt;
	return shm_wr32(gsp, gsp->msgq.off + gsp->msgq.rx_hdr_off, gsp->cmdq_rptr);
}

static void process_cmdq(struct nvsim_gsp *gsp)
{
	/* bound the walk: a queue holds at most msgCount elements */
	for (uint32_t n = 0; n <= gsp->cmdq.cnt; n++) {
		uint32_t wptr;

		if (gsp->state == NVSIM_GSP_HALTED || gsp->unloaded)
			break;
		if (shm_rd32(gsp, gsp->cmdq.off + offsetof(struct nvsim_msgq_tx_hdr, write_ptr),
			     &wptr))
			break;
		if (wptr >= gsp->cmdq.cnt) {
			nvsim_halt(gsp, "cmdq writePtr %u >= msgCount %u", wptr,
				   gsp->cmdq.cnt);
			break;
		}
		if (wptr == gsp->cmdq_rptr)
			break;
		if (cmdq_element(gsp, wptr))
			break;
	}
	nvsim_flush(gsp);
	if (gsp->unloaded && gsp->state != NVSIM_GSP_HALTED)
		gsp->state = NVSIM_GSP_OFF;
}

/* ------------------------------------------------------------------ */
/* boot */

static int boot_read_args(struct nvsim_gsp *gsp)
{
	struct nvsim_libos_region regs[NVSIM_PAGE_SIZE / sizeof(struct nvsim_libos_region)];
	const struct nvsim_libos_region *rm = NULL;
	struct nvsim_gsp_args *a = &gsp->args;

	if (!gsp->libos_addr || (gsp->libos_addr & 7)) {
		nvsim_halt(gsp, "boot: libos argument address 0x%llx invalid",
			   (unsigned long long)gsp->libos_addr);
		return -1;
	}
	/* r535_gsp_libos_init(): one page of LibosMemoryRegionInitArgument */
	if (gsp->ops->dma_read(gsp->opaque, gsp->libos_addr, regs, sizeof(regs))) {
		nvsim_halt(gsp, "boot: DMA read of libos arguments at 0x%llx failed",
			   (unsigned long long)gsp->libos_addr);
		return -1;
	}
	for (size_t i = 0; i < sizeof(regs) / sizeof(regs[0]) && regs[i].id8; i++) {
		if (regs[i].id8 == NVSIM_LIBOS_ID8_RMARGS)
			rm = &regs[i];
	}
	if (!rm) {
		nvsim_halt(gsp, "boot: no RMARGS region in the libos arguments");
		return -1;
	}
	if (rm->kind != NVSIM_LIBOS_KIND_CONTIGUOUS || rm->loc != NVSIM_LIBOS_LOC_SYSMEM ||
	    rm->size < sizeof(*a) || !rm->pa) {
		nvsim_halt(gsp, "boot: RMARGS region kind %u loc %u size 0x%llx invalid",
			   rm->kind, rm->loc, (unsigned long long)rm->size);
		return -1;
	}
	if (gsp->ops->dma_read(gsp->opaque, rm->pa, a, sizeof(*a))) {
		nvsim_halt(gsp, "boot: DMA read of GSP_ARGUMENTS_CACHED failed");
		return -1;
	}
	if (a->sr.in_pm_transition) {
		nvsim_halt(gsp, "boot: resume from suspend (bInPMTransition) is not simulated");
		return -1;
	}
	return 0;
}

/* Read the PTE array page by page: page k of the array is at pte[k]. */
static int boot_read_ptes(struct nvsim_gsp *gsp)
{
	const struct nvsim_mq_init_args *mq = &gsp->args.mq;
	uint32_t count = mq->pte_count;
	uint64_t bytes = (uint64_t)count * 8;
	uint32_t pages = (uint32_t)nvsim_align_up(bytes, NVSIM_PAGE_SIZE) / NVSIM_PAGE_SIZE;

	if (!mq->shared_mem_phys_addr || (mq->shared_mem_phys_addr & (NVSIM_PAGE_SIZE - 1)) ||
	    count < 3 || count > NVSIM_MAX_PTES) {
		nvsim_halt(gsp, "boot: shared memory 0x%llx with %u PTEs invalid",
			   (unsigned long long)mq->shared_mem_phys_addr, count);
		return -1;
	}
	gsp->ptes = calloc(pages, NVSIM_PAGE_SIZE);
	if (!gsp->ptes) {
		nvsim_halt(gsp, "boot: no memory for %u PTEs", count);
		return -1;
	}
	for (uint32_t k = 0; k < pages; k++) {
		uint64_t addr = k ? gsp->ptes[k] : mq->shared_mem_phys_addr;

		if (gsp->ops->dma_read(gsp->opaque, addr,
				       (uint8_t *)gsp->ptes + (uint64_t)k * NVSIM_PAGE_SIZE,
				       NVSIM_PAGE_SIZE)) {
			nvsim_halt(gsp, "boot: DMA read of PTE array page %u failed", k);
			return -1;
		}
	}
	/* The array maps itself first (r535_gsp_shared_init). */
	if (gsp->ptes[0] != mq->shared_mem_phys_addr) {
		nvsim_halt(gsp, "boot: PTE[0] 0x%llx does not map the PTE array at 0x%llx",
			   (unsigned long long)gsp->ptes[0],
			   (unsigned long long)mq->shared_mem_phys_addr);
		return -1;
	}
	for (uint32_t i = 0; i < count; i++) {
		if (!gsp->ptes[i] || (gsp->ptes[i] & (NVSIM_PAGE_SIZE - 1))) {
			nvsim_halt(gsp, "boot: PTE[%u] 0x%llx not a page address", i,
				   (unsigned long long)gsp->ptes[i]);
			return -1;
		}
	}
	gsp->pte_count = count;
	return (int)pages;
}

/* Validate the cmdq tx header the CPU wrote (r535_gsp_shared_init()). */
static int boot_queues(struct nvsim_gsp *gsp)
{
	const struct nvsim_mq_init_args *mq = &gsp->args.mq;
	uint64_t shm_size, cq = mq->cmdq_offset, sq = mq->statq_offset;
	struct nvsim_msgq_tx_hdr tx;
	int pages;

	pages = boot_read_ptes(gsp);
	if (pages < 0)
		return -1;
	shm_size = (uint64_t)gsp->pte_count * NVSIM_PAGE_SIZE;
	if ((cq | sq) & (NVSIM_PAGE_SIZE - 1) || cq < (uint64_t)pages * NVSIM_PAGE_SIZE ||
	    sq <= cq || sq >= shm_size) {
		nvsim_halt(gsp, "boot: queue offsets cmdq 0x%llx statq 0x%llx invalid "
			   "for %u PTEs", (unsigned long long)cq,
			   (unsigned long long)sq, gsp->pte_count);
		return -1;
	}
	if (shm_access(gsp, cq, &tx, sizeof(tx), false)) {
		nvsim_halt(gsp, "boot: DMA read of the cmdq header failed");
		return -1;
	}
	if (tx.version != 0 || tx.msg_size != NVSIM_PAGE_SIZE ||
	    tx.entry_off != NVSIM_PAGE_SIZE ||
	    tx.rx_hdr_off != sizeof(struct nvsim_msgq_tx_hdr) ||
	    (tx.size & (NVSIM_PAGE_SIZE - 1)) || tx.size <= tx.entry_off ||
	    tx.msg_count != (tx.size - tx.entry_off) / tx.msg_size ||
	    tx.msg_count <= NVSIM_MSG_MAX_ELEMS ||
	    tx.size > sq - cq || tx.size > shm_size - sq || tx.write_ptr >= tx.msg_count) {
		nvsim_halt(gsp, "boot: cmdq header version %u size 0x%x msgSize 0x%x "
			   "msgCount %u entryOff 0x%x rxHdrOff 0x%x writePtr %u invalid "
			   "(statq at +0x%llx, %u PTEs)", tx.version, tx.size,
			   tx.msg_size, tx.msg_count, tx.entry_off, tx.rx_hdr_off,
			   tx.write_ptr, (unsigned long long)sq, gsp->pte_count);
		return -1;
	}
	gsp->cmdq = (struct nvsim_queue){ cq, tx.msg_count, tx.entry_off, tx.rx_hdr_off };
	/* assumption: GSP mirrors the cmdq geometry for the status queue;
	 * nouveau reads it with gsp->msgq.cnt = cmdq msgCount. */
	gsp->msgq = (struct nvsim_queue){ sq, tx.msg_count, tx.entry_off, tx.rx_hdr_off };
	tx.write_ptr = 0;
	tx.flags = 1;
	gsp->cmdq_rptr = 0;
	gsp->cmdq_seq = 0;
	gsp->msgq_wptr = 0;
	gsp->msgq_seq = 0;
	if (shm_access(gsp, sq, &tx, sizeof(tx), true) ||
	    shm_wr32(gsp, sq + tx.rx_hdr_off, 0)) {
		gsp->msgq.cnt = 0;
		nvsim_halt(gsp, "boot: DMA write of the msgq header failed");
		return -1;
	}
	return 0;
}

/* GspFwWprMeta ([NV] gsp_fw_wpr_meta.h, r535_gsp_wpr_meta_init()) */
static int boot_read_meta(struct nvsim_gsp *gsp)
{
	struct nvsim_wpr_meta *m = &gsp->meta;
	uint64_t need, rsvd;

	if (!gsp->wpr_meta_addr ||
	    gsp->ops->dma_read(gsp->opaque, gsp->wpr_meta_addr, m, sizeof(*m))) {
		nvsim_halt(gsp, "boot: WPR meta at 0x%llx unreadable",
			   (unsigned long long)gsp->wpr_meta_addr);
		return -1;
	}
	if (m->magic != NVSIM_WPR_META_MAGIC || m->revision != NVSIM_WPR_META_REVISION) {
		nvsim_halt(gsp, "boot: WPR meta magic 0x%llx revision %llu invalid",
			   (unsigned long long)m->magic, (unsigned long long)m->revision);
		return -1;
	}
	if (m->fb_size != gsp->cfg.vram_size) {
		nvsim_halt(gsp, "boot: WPR meta fbSize 0x%llx != VRAM size 0x%llx",
			   (unsigned long long)m->fb_size,
			   (unsigned long long)gsp->cfg.vram_size);
		return -1;
	}
	if (!(m->gsp_fw_wpr_start < m->gsp_fw_wpr_end && m->gsp_fw_wpr_end <= m->fb_size) ||
	    m->gsp_fw_heap_offset < m->gsp_fw_wpr_start ||
	    m->gsp_fw_heap_size > m->gsp_fw_wpr_end - m->gsp_fw_heap_offset ||
	    m->gsp_fw_heap_offset > m->gsp_fw_wpr_end ||
	    m->gsp_fw_rsvd_start > m->non_wpr_heap_offset ||
	    m->non_wpr_heap_offset > m->gsp_fw_wpr_start ||
	    m->non_wpr_heap_size > m->gsp_fw_wpr_start - m->non_wpr_heap_offset) {
		nvsim_halt(gsp, "boot: WPR meta FB layout inconsistent: rsvd 0x%llx "
			   "nonWprHeap 0x%llx+0x%llx wpr 0x%llx-0x%llx heap 0x%llx+0x%llx "
			   "fb 0x%llx", (unsigned long long)m->gsp_fw_rsvd_start,
			   (unsigned long long)m->non_wpr_heap_offset,
			   (unsigned long long)m->non_wpr_heap_size,
			   (unsigned long long)m->gsp_fw_wpr_start,
			   (unsigned long long)m->gsp_fw_wpr_end,
			   (unsigned long long)m->gsp_fw_heap_offset,
			   (unsigned long long)m->gsp_fw_heap_size,
			   (unsigned long long)m->fb_size);
		return -1;
	}
	if (m->gsp_fw_heap_vf_partition_count > NVSIM_MAX_PARTITIONS) {
		nvsim_halt(gsp, "boot: gspFwHeapVfPartitionCount %u > %u",
			   m->gsp_fw_heap_vf_partition_count, NVSIM_MAX_PARTITIONS);
		return -1;
	}
	need = NVSIM_WPR_HEAP_MIN + m->gsp_fw_heap_vf_partition_count * NVSIM_WPR_HEAP_PER_VF;
	if (m->gsp_fw_heap_size < need) {
		nvsim_halt(gsp, "boot: gspFwHeapSize 0x%llx too small for %u VF partitions "
			   "(need 0x%llx)", (unsigned long long)m->gsp_fw_heap_size,
			   m->gsp_fw_heap_vf_partition_count, (unsigned long long)need);
		return -1;
	}
	rsvd = m->gsp_fw_rsvd_start ? m->gsp_fw_rsvd_start : m->non_wpr_heap_offset;
	if (rsvd < NVSIM_RM_RSVD_SIZE + (2ull << 20)) {
		nvsim_halt(gsp, "boot: no usable FB below the reserved area at 0x%llx",
			   (unsigned long long)rsvd);
		return -1;
	}
	/* usable FB ends 2 MiB-aligned below RM's own reservation */
	gsp->fb_usable_end = (rsvd - NVSIM_RM_RSVD_SIZE) & ~((2ull << 20) - 1);
	gsp->bar1_pdb = gsp->fb_usable_end;
	gsp->bar2_pdb = gsp->fb_usable_end + NVSIM_PAGE_SIZE;
	memset(gsp->cfg.vram + gsp->bar1_pdb, 0, 2 * NVSIM_PAGE_SIZE);
	return 0;
}

/* ------------------------------------------------------------------ */
/* lifecycle */

static void drop_runtime(struct nvsim_gsp *gsp)
{
	out_drop_all(gsp);
	asm_drop(gsp);
	free(gsp->ptes);
	gsp->ptes = NULL;
	gsp->pte_count = 0;
	memset(&gsp->cmdq, 0, sizeof(gsp->cmdq));
	memset(&gsp->msgq, 0, sizeof(gsp->msgq));
	gsp->timer_armed = false;
	gsp->timer_for_delay = false;
	gsp->work_armed = false;	/* a stale host timer finds nothing to do */
	gsp->work_gen = 0;
	gsp->cmdq_pending = false;
	gsp->db_head = gsp->db_count = 0;
	gsp->prng = gsp->seed;		/* one seed, one order per boot */
	gsp->bar1_pdb = gsp->bar2_pdb = 0;
	nvsim_rm_reset(gsp);
	nvsim_vgpu_reset(gsp);
}

struct nvsim_gsp *nvsim_gsp_new(const struct nvsim_config *cfg,
				const struct nvsim_host_ops *ops, void *opaque)
{
	struct nvsim_gsp *gsp;
	uint64_t seg = cfg ? cfg->vmmu_segment_size : 0;

	if (!cfg || !ops || !ops->dma_read || !ops->dma_write || !ops->sriov_state ||
	    !cfg->vram || !cfg->vram_size || cfg->max_vfs > NVSIM_MAX_VFS ||
	    !cfg->num_chids || !seg || (seg & (seg - 1)))
		return NULL;
	gsp = calloc(1, sizeof(*gsp));
	if (!gsp)
		return NULL;
	gsp->types = calloc(NVSIM_MAX_VGPU_TYPES, sizeof(*gsp->types));
	if (!gsp->types) {
		free(gsp);
		return NULL;
	}
	gsp->cfg = *cfg;
	gsp->ops = ops;
	gsp->opaque = opaque;
	gsp->state = NVSIM_GSP_OFF;
	return gsp;
}

void nvsim_gsp_free(struct nvsim_gsp *gsp)
{
	if (!gsp)
		return;
	drop_runtime(gsp);
	free(gsp->objs);
	free(gsp->types);
	free(gsp);
}

/* Drops all GSP state; counters and armed faults survive (they are the
 * tester's view across resets). */
void nvsim_gsp_reset(struct nvsim_gsp *gsp)
{
	drop_runtime(gsp);
	gsp->state = NVSIM_GSP_OFF;
	gsp->unloaded = false;
	gsp->libos_addr = 0;
	gsp->wpr_meta_addr = 0;
}

void nvsim_gsp_set_libos_addr(struct nvsim_gsp *gsp, uint64_t addr)
{
	gsp->libos_addr = addr;
}

void nvsim_gsp_set_wpr_meta_addr(struct nvsim_gsp *gsp, uint64_t addr)
{
	gsp->wpr_meta_addr = addr;
}

void nvsim_gsp_start(struct nvsim_gsp *gsp)
{
	struct nvsim_rpc_init_done done = { 0 };

	if (gsp->state != NVSIM_GSP_OFF) {
		nvsim_reject(gsp, "gsp start", 0, NV_ERR_INVALID_STATE,
			     "GSP is %s", gsp->state == NVSIM_GSP_RUNNING ?
			     "already running" : "halted; reset the device first");
		gsp->cnt.protocol_errors++;
		return;
	}
	drop_runtime(gsp);	/* a (re)boot starts from scratch */
	gsp->unloaded = false;
	gsp->booting = true;
	if (boot_read_args(gsp) || boot_read_meta(gsp) || boot_queues(gsp) ||
	    nvsim_rm_boot(gsp))
		goto out;
	/* r535_gsp_oneinit() queues SET_SYSTEM_INFO and SET_REGISTRY first */
	process_cmdq(gsp);
	if (gsp->state == NVSIM_GSP_HALTED)
		goto out;
	if (!gsp->got_system_info) {
		nvsim_halt(gsp, "boot: no GSP_SET_SYSTEM_INFO queued before start");
		goto out;
	}
	if (!gsp->got_registry)
		nvsim_log(gsp, "boot: no SET_REGISTRY queued; registry empty");
	gsp->state = NVSIM_GSP_RUNNING;
	nvsim_log(gsp, "boot: GSP running (%u-slot queues, %u PTEs, FB usable below "
		  "0x%llx, %u VF partitions)", gsp->cmdq.cnt, gsp->pte_count,
		  (unsigned long long)gsp->fb_usable_end,
		  gsp->meta.gsp_fw_heap_vf_partition_count);
	if (async_on(gsp))
		nvsim_log(gsp, "boot: asynchronous GSP, latency %llu ns, seed %llu",
			  (unsigned long long)gsp->async_ns,
			  (unsigned long long)gsp->seed);
	nvsim_post_event(gsp, NVSIM_EV_GSP_INIT_DONE, &done, sizeof(done));
out:
	gsp->booting = false;
}

enum nvsim_gsp_state nvsim_gsp_state(struct nvsim_gsp *gsp)
{
	return gsp->state;
}

bool nvsim_gsp_unloaded(struct nvsim_gsp *gsp)
{
	return gsp->unloaded;
}

void nvsim_gsp_cmdq_doorbell(struct nvsim_gsp *gsp)
{
	if (gsp->state != NVSIM_GSP_RUNNING) {
		nvsim_log(gsp, "cmdq doorbell ignored: GSP %s",
			  gsp->state == NVSIM_GSP_OFF ? "not started" : "halted");
		return;
	}
	if (async_on(gsp)) {
		/* walked from the work timer, after the latency */
		gsp->cmdq_pending = true;
		nvsim_work_schedule(gsp);
		return;
	}
	process_cmdq(gsp);
}

void nvsim_gsp_timer(struct nvsim_gsp *gsp)
{
	bool for_delay = gsp->timer_for_delay;

	gsp->timer_armed = false;
	gsp->timer_for_delay = false;
	if (for_delay && gsp->out_head && gsp->out_head->delayed)
		gsp->out_head->delayed = false;
	/* re-arms itself for a delayed head or a still-full queue */
	nvsim_flush(gsp);
}

uint64_t nvsim_gsp_bar_pdb(struct nvsim_gsp *gsp, int bar)
{
	return bar == 1 ? gsp->bar1_pdb : bar == 2 ? gsp->bar2_pdb : 0;
}

void nvsim_gsp_counters(struct nvsim_gsp *gsp, struct nvsim_counters *c)
{
	*c = gsp->cnt;
}
