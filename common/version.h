/* SPDX-License-Identifier: GPL-2.0-or-later */
/* version.h - nsbench's version: --version, the reports' tool.version. */
#ifndef NSB_VERSION_H
#define NSB_VERSION_H

#define NSB_VERSION "0.1.0"

#endif
