// SPDX-License-Identifier: GPL-3.0-or-later
/* libFuzzer: the derived model on arbitrary event streams (hostile field values). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const names[] = { "sched_switch",	  "sched_wakeup",   "kvm_exit",
				     "kvm_entry",	  "block_rq_issue", "block_rq_complete",
				     "irq_handler_entry", "other" };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ioa_event_sink sink;
	struct ioa_event ev;
	struct ioa_model *m = fz_model(&sink);
	size_t off;

	for (off = 0; off + sizeof(ev) <= size; off += sizeof(ev)) {
		memcpy(&ev, data + off, sizeof(ev));
		ev.kind = (enum ioa_ev_kind)((unsigned)ev.kind % IOA_EV__COUNT);
		ev.name = names[(unsigned)ev.cpu % (sizeof(names) / sizeof(names[0]))];
		ev.comm = NULL;
		ev.u.sw.prev_comm[IOA_COMM_LEN - 1] = '\0';
		ev.u.sw.next_comm[IOA_COMM_LEN - 1] = '\0';
		ev.u.sw.prev_state[sizeof(ev.u.sw.prev_state) - 1] = '\0';
		ev.u.wake.comm[IOA_COMM_LEN - 1] = '\0';
		ev.u.irq.name[IOA_NAME_LEN - 1] = '\0';
		ev.u.net.dev[IOA_NAME_LEN - 1] = '\0';
		ev.u.blk.rwbs[sizeof(ev.u.blk.rwbs) - 1] = '\0';
		ev.u.blk.comm[IOA_COMM_LEN - 1] = '\0';
		ev.u.ren.newcomm[IOA_COMM_LEN - 1] = '\0';
		ev.u.ren.oldcomm[IOA_COMM_LEN - 1] = '\0';
		ev.u.mig.comm[IOA_COMM_LEN - 1] = '\0';
		sink.on_event(sink.priv, &ev);
	}
	ioa_model_finish(m);
	ioa_model_free(m);
	return 0;
}
