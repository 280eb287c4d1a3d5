// SPDX-License-Identifier: GPL-3.0-or-later
/* Large-neighbourhood search (placeholder until the window re-solve lands). */
#include "optimizer.h"

int64_t ioa_lns(const struct ioa_inst *inst, const struct ioa_lns_opts *o, int64_t *start)
{
	(void)o;
	return ioa_makespan(inst, start);
}
