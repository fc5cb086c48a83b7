#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# quickstart.sh - the README's first command: install what is missing, build,
# and run `nsbench run all` with its defaults. Extra arguments go to `run`.
set -eu
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j"$(nproc)" all
exec build/nsbench run all "$@"
