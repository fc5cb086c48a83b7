/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cmocka-wrap.h - cmocka needs these headers first (LIBS-NOTES.md). */
#ifndef NSB_CMOCKA_WRAP_H
#define NSB_CMOCKA_WRAP_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#endif
