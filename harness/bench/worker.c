/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * worker.c - build/nsbench-worker: the benchmark worker as its own small,
 * statically linked program. The driver (bench.c) forks, pins, and execs it
 * with the fd of the shared region holding its orders (struct
 * nsb_worker_args); it records its footprint there and runs one benchmark
 * round (bench_ops.c). So every measured operation runs in the same minimal
 * address space, whether `nsbench run all`, `nsbench bench` or --loop
 * started it (issue 15: a worker forked from a lab init holding thousands of
 * results made every fork-style clone copy their page tables).
 *
 * Usage (by bench.c only): nsbench-worker SHM_FD
 * Exit: what nsb_worker_main() returns; 2 on bad usage (one line on stderr).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench_ops.h"

int main(int argc, char **argv)
{
	struct nsb_bench_shm *sh;
	struct nsb_worker w;
	struct stat st;
	char *end;
	long fd;

	if (argc != 2 || (fd = strtol(argv[1], &end, 10)) < 0 || *end || fd > 1024) {
		fputs("nsbench-worker: started by nsbench only (usage: nsbench-worker SHM_FD)\n", stderr);
		return 2;
	}
	if (fstat((int)fd, &st) < 0 || (size_t)st.st_size < sizeof(*sh)) {
		fprintf(stderr, "nsbench-worker: fd %ld is not the shared region: %s\n", fd,
			strerror(errno ? errno : EINVAL));
		return 2;
	}
	sh = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)fd, 0);
	close((int)fd);
	if (sh == MAP_FAILED) {
		fprintf(stderr, "nsbench-worker: mmap: %s\n", strerror(errno));
		return 2;
	}
	prctl(PR_SET_NAME, sh->args.loop ? "nsbench-loop" : "nsbench-bench");
	w = (struct nsb_worker){ .o = &sh->args.o, .op = sh->args.op, .combo = sh->args.combo,
				 .variant = sh->args.variant[0] ? sh->args.variant : NULL,
				 .param = sh->args.param, .budget_s = sh->args.budget_s,
				 .loop = sh->args.loop, .go_fd = sh->args.go_fd, .sh = sh };
	nsb_worker_footprint(&sh->fp);
	return nsb_worker_main(&w);
}
