#!/usr/bin/env bash
# `npm run bench`: builds, lifts the open-files limit (10,000 streams need 10,000+
# sockets on each side), then runs the scenarios. Arguments pass through.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s build >/dev/null
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec npx tsx bench/run.ts "$@"
