/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tp.h - the test parent: a process the runner forks per test inside the
 * lab. It unshares what the test mutates (a private parent), records its own
 * namespaces, runs the suite's hooks, spawns the probe child (spawn.h) and
 * relays the probe's observations plus its own ("parent.*", "tp.*").
 */
#ifndef NSB_TP_H
#define NSB_TP_H

#include <stddef.h>

#include "runner.h"

/* The observation pipe's fd in nsbench-tp (tp_prog.c), the exec'd test parent. */
#define NSB_TP_OUT_FD 3

/*
 * Run one job in this freshly forked (or nsbench-tp) process, writing observation lines to
 * out_fd; a failed setup step is written as tp.setup_step/types/errno.
 * Never returns (_exit).
 */
void __attribute__((noreturn)) nsb_tp_main(const struct nsb_job *job, const char *token,
					   const struct nsb_run_opts *o, int out_fd);

/*
 * In the process the test parents are forked from, before the first: read
 * its own namespace inodes (/proc/self/ns, namespaces(7)) and time offsets
 * once; each test parent then reads again only the entries of what it
 * unshares. Without it, every test parent reads them all. No errors: what
 * cannot be read is read again by each test parent.
 */
void nsb_tp_prepare(void);

/*
 * What nsb_tp_prepare() read, as one string for a test parent exec'd as
 * nsbench-tp (tp_prog.c), which reads it back with nsb_tp_base_parse():
 * the 16 inode numbers (0: unread), each followed by ',', then the
 * /proc/self/timens_offsets text (empty: unread). 0, -ENODATA (nothing
 * prepared) or -ENOSPC (@len too small; 640 is enough: 16 numbers of up to
 * 20 digits and their commas, and up to 255 bytes of offsets).
 */
int nsb_tp_base_format(char *buf, size_t len);

/* Take nsb_tp_base_format()'s string as this process's base: 0 or -EINVAL (then none). */
int nsb_tp_base_parse(const char *s);

#endif
