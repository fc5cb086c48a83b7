/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * log.h - diagnostics on stderr, each line prefixed "nsbench: ". Only main()
 * and cmd_*() log at warning or above; helpers return -errno instead.
 */
#ifndef NSB_LOG_H
#define NSB_LOG_H

#include <stdbool.h>
#include <syslog.h>

extern int nsb_log_level;

void nsb_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Logs "msg: strerror(-err)" and returns err (negative), to log and return in one step. */
int nsb_log_errno(int level, int err, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* True when progress lines may be shown: stderr is a TTY, CI unset, TERM not dumb. */
bool nsb_log_interactive(void);

#define log_error(...) nsb_log(LOG_ERR, __VA_ARGS__)
#define log_warning(...) nsb_log(LOG_WARNING, __VA_ARGS__)
#define log_info(...) nsb_log(LOG_INFO, __VA_ARGS__)
#define log_debug(...) nsb_log(LOG_DEBUG, __VA_ARGS__)
#define log_error_errno(err, ...) nsb_log_errno(LOG_ERR, err, __VA_ARGS__)

#endif
