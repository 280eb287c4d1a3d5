/* SPDX-License-Identifier: GPL-3.0-or-later */
/* PSPLIB single-mode RCPSP (.sm) reader: the solver core's benchmark input. */
#ifndef IOA_PSPLIB_H
#define IOA_PSPLIB_H

#include <stdio.h>

#include "instance.h"

/**
 * ioa_psplib_parse() - read a .sm instance from @f into @inst (finalized)
 * @name: file name used in messages and stored (base name) in inst->name
 * Returns 0, or IOA_EINPUT with "NAME: line N: what" in @err; @inst is empty on error.
 * Free a parsed instance with ioa_inst_release().
 */
int ioa_psplib_parse(struct ioa_inst *inst, const char *name, FILE *f, struct ioa_err *err);

/* ioa_psplib_read() - the same from a path; IOA_EIO when it cannot be opened */
int ioa_psplib_read(struct ioa_inst *inst, const char *path, struct ioa_err *err);

#endif
