#!/usr/bin/env bash
# Check that the package built by packaging/build.sh starts: on Qt's offscreen platform (no
# display needed), each step on a new temporary data folder, never the person's own.
#   1. --version prints the app, Qt, MuPDF and libVLC versions without starting the GUI;
#   2. --smoke-test opens the real main window (migrating a fresh workspace), waits for its
#      first paint and closes it;
#   3. --demo --smoke-test also serves the built-in portal from the package and waits for the
#      first sync to fill the queue.
# Usage: packaging/smoke.sh [PROGRAM]   (default build/dist/assessor-app/assessor-app; on
# Windows give assessor-app-cli.exe, the console twin, since the windowed program prints nothing)
set -euo pipefail
cd "$(dirname "$0")/.."

app="${1:-build/dist/assessor-app/assessor-app}"
if [ ! -x "$app" ]; then
  echo "smoke.sh: $app not found; run packaging/build.sh first" >&2
  exit 1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export QT_QPA_PLATFORM=offscreen
# Everything the app would write per user goes to the scratch folder.
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data"
export XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state"
mkdir -p "$HOME"
unset ASSESSOR_DATA_DIR

step() { printf 'smoke.sh: %s\n' "$*"; }
# `timeout SECONDS CMD...` where coreutils has it (stock macOS does not; the app's own
# watchdog still ends a hung --smoke-test there).
limited() { if command -v timeout >/dev/null 2>&1; then timeout "$@"; else shift; "$@"; fi; }

step "--version"
versions="$(limited 60 "$app" --version)"
printf '%s\n' "$versions"
for name in "Assessor Workstation" PySide6 Qt PyMuPDF MuPDF libVLC; do
  if ! grep -q "^$name: " <<<"$versions"; then
    echo "smoke.sh: --version printed no '$name:' line" >&2
    exit 1
  fi
done

step "--smoke-test (main window on a new workspace)"
start=$(date +%s)
limited 180 "$app" --smoke-test --data-dir "$scratch/workspace" | tee "$scratch/out.txt"
grep -q "^smoke ok" "$scratch/out.txt"
step "main window up and closed cleanly in $(( $(date +%s) - start )) s"

step "--demo --smoke-test (built-in portal, first sync)"
limited 300 "$app" --demo --smoke-test --data-dir "$scratch/demo" | tee "$scratch/demo.txt"
grep -q "^smoke ok" "$scratch/demo.txt"
step "passed"
