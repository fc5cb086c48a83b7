/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * timens.h - the offsets every time namespace nsbench creates gets
 * (time_namespaces(7)): the engine writes them, `check` tries them, and the
 * rules derive what a probe should read from them.
 */
#ifndef NSB_TIMENS_H
#define NSB_TIMENS_H

#define NSB_TIME_OFFSET_MONOTONIC_S 864000LL	/* 10 days */
#define NSB_TIME_OFFSET_BOOTTIME_S 1728000LL	/* 20 days */

#endif
