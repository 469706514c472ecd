#!/usr/bin/env bash
# Build the desktop app as one folder with PyInstaller: build/dist/assessor-app/assessor-app.
# Works from a clean checkout (uv installs the locked dependencies, PyInstaller included).
# Prints the build time and the size of the result; packaging/smoke.sh then checks it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

start=$(date +%s)
uv sync --locked --quiet
uv run pyinstaller --noconfirm --clean --log-level WARN packaging/assessor_app.spec \
  --distpath build/dist --workpath build/work
seconds=$(( $(date +%s) - start ))

dist=build/dist/assessor-app
if [ ! -x "$dist/assessor-app" ] && [ ! -f "$dist/assessor-app.exe" ]; then
  echo "build.sh: no program in $dist" >&2
  exit 1
fi
echo "build.sh: built $dist in ${seconds} s, $(du -sh "$dist" | cut -f1) on disk" \
  "($(find "$dist" -type f | wc -l) files)"
