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
export COLUMNS=${COLUMNS:-160}  # room for the tables when the output is not a terminal

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

step "4. Link records of the same person and event across monitors and scripts"
$PAYMAAN link --evaluate "$DEMO_DIR/synth/truth/rows.csv"

step "5. Estimate the executions no monitor documented, per year"
$PAYMAAN estimate --by year --event-type execution --method all

step "6. Verify the Rome statement's commitments, quarter by quarter"
$PAYMAAN verify --agreement rome-2025 --period quarter --to 2026-01-01 --as-of 2026-01-10

step "7. The signed report: English and Persian, HTML and PDF; and the public edition"
$PAYMAAN report --lang both --format html,pdf
$PAYMAAN report --lang both --format html,pdf --public

step "8. Anyone can check a report with the public key alone"
report=$(ls -d "$PAYMAAN_WORKSPACE"/reports/verify-*[0-9] | tail -n 1)
$PAYMAAN report verify "${report}-public" --public-key "$PAYMAAN_WORKSPACE/keys/signing_public.pem"

step "9. The workspace and its audit log"
$PAYMAAN status
$PAYMAAN audit verify

echo
echo "Report (internal):  $report"
echo "Report (public):    ${report}-public"
echo "  English: ${report}-public/report.en.pdf  (and .html)"
echo "  Persian: ${report}-public/report.fa.pdf  (and .html)"
echo "  Data package: ${report}-public/data/datapackage.json"
