#!/usr/bin/env bash
# The demo: five synthetic monitors -> a workspace -> ingest -> link -> estimate -> verify
# -> a signed report. Every step is a plain paymaan command, so this file doubles as a
# walk-through. Run it with `make demo`; DEMO_DIR (default: demo/) is replaced each time.
set -euo pipefail
cd "$(dirname "$0")/.."
PAYMAAN=${PAYMAAN:-.venv/bin/paymaan}
DEMO_DIR=${DEMO_DIR:-demo}
export PAYMAAN_PASSPHRASE=${PAYMAAN_PASSPHRASE:-demo passphrase, not for real data}
export PAYMAAN_USER=${PAYMAAN_USER:-demo-verifier}
export PAYMAAN_WORKSPACE="$DEMO_DIR/workspace"

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$DEMO_DIR"
mkdir -p "$DEMO_DIR"

step "1. Synthetic monitors with ground truth (seed 2024, 2024-2025)"
$PAYMAAN synth "$DEMO_DIR/synth" --seed 2024 --scale 1

step "2. A new workspace (SQLite, keys wrapped by the passphrase)"
$PAYMAAN init "$PAYMAAN_WORKSPACE"

step "3. Register each monitor and ingest its file with its mapping"
for monitor in "$DEMO_DIR"/synth/monitors/*/; do
  name=$(basename "$monitor")
  read -r file alias anonymous < <(.venv/bin/python - "$monitor/source.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(s["file"], s["alias"].replace(" ", "_"), "yes" if s.get("anonymous") else "no")
PY
)
  flags=(--alias "${alias//_/ }")
  [ "$anonymous" = yes ] && flags+=(--anonymous)
  $PAYMAAN source add "$name" "${flags[@]}"
  $PAYMAAN ingest --source "$name" --mapping "$monitor/mapping.yaml" "$monitor/$file"
done

step "4. What the workspace holds"
$PAYMAAN status
$PAYMAAN audit verify

echo
echo "Workspace: $PAYMAAN_WORKSPACE"
