#!/usr/bin/env bash
# Builds a realistic demo database and runs the main job, `tracker due`.
# Usage: scripts/demo.sh TRACKER_BINARY DB_PATH
# Dates are the providers' published release, deprecation and shutdown days.
# TRACKER_NOW (YYYY-MM-DD) pins "today"; by default the real date is used.
set -euo pipefail
tracker="$1"
db="$2"
rm -f "$db" "$db-wal" "$db-shm"
mkdir -p "$(dirname "$db")"
# The recorded history must not depend on when the demo is run.
setup_day=2026-11-01
s() { "$tracker" "$@" --db "$db" --now "$setup_day" >/dev/null; }

# OpenAI: GPT-4o snapshots. 2024-05-13 shut down on 2026-10-23; the rest,
# and GPT-4o mini, shut down on 2027-01-14 (announced 2026-10-14).
s base add openai/gpt-4o@2024-05-13 --released 2024-05-13 --deprecated 2026-04-23 --shutdown 2026-10-23
# Recorded before the announcement, then updated: `base show` keeps the history.
"$tracker" base add openai/gpt-4o@2024-08-06 --released 2024-08-06 --db "$db" --now 2025-01-20 >/dev/null
"$tracker" base set openai/gpt-4o@2024-08-06 --deprecated 2026-10-14 --shutdown 2027-01-14 --db "$db" --now 2026-10-15 >/dev/null
s base add openai/gpt-4o@2024-11-20 --released 2024-11-20 --deprecated 2026-10-14 --shutdown 2027-01-14
s base add openai/gpt-4o-mini@2024-07-18 --released 2024-07-18 --deprecated 2026-10-14 --shutdown 2027-01-14
s base add openai/gpt-4.1@2025-04-14 --released 2025-04-14 --deprecated 2026-10-14 --shutdown 2027-01-14

# Anthropic: Claude Sonnet 3.5 (Oct 2024) was deprecated 2025-08-13 and
# retired 2025-10-22; Claude Sonnet 4.5 followed.
s base add anthropic/claude-sonnet-4-5@20250929 --released 2025-09-29
s base add anthropic/claude-3-5-sonnet@20241022 --released 2024-10-22 --deprecated 2025-08-13 \
    --shutdown 2025-10-22 --successor anthropic/claude-sonnet-4-5@20250929

# A local Ollama model: the version is the digest of the llama3.1:8b tag.
s base add ollama/llama3.1:8b@46e0c10c039e --released 2024-07-23

# Tasks, each with the success rate that counts as good enough.
s task add support-triage --target 80% --description "Label incoming support tickets"
s task add invoices --target 90% --description "Extract the fields of supplier invoices"
s task add contracts --target 85% --description "Flag risky clauses in contracts"
s task add tagging
s task add faq

# Fine-tunes. support-triage has two generations: retrained once already.
s add support-triage --base gpt-4o-2024-05-13 --trained 2024-06-20 --cost '$1,250' \
    --owner platform-ml --task support-triage --examples 900 --tokens 4200000 --eval 41/50 \
    --model-id ft:gpt-4o-2024-05-13:acme:triage:9aB3xQ1
s retrain support-triage --base openai/gpt-4o@2024-08-06 --trained 2025-02-10 --cost '1,840.00 USD' \
    --examples 1200 --tokens 5600000 --eval 46/50 --dataset s3://acme-ml/triage/v2.jsonl \
    --model-id ft:gpt-4o-2024-08-06:acme:triage:Bq7LmZ2
s add invoice-extractor --base gpt-4o-mini-2024-07-18 --trained 2026-03-02 --cost '$95.40' \
    --owner finance-eng --task invoices --examples 640 --eval 188/200 \
    --model-id ft:gpt-4o-mini-2024-07-18:acme:invoices:Kd81PzE
s add contract-review --base claude-3-5-sonnet-20241022 --trained 2025-03-15 --cost '4200 USD' \
    --owner legal-ai --task contracts --examples 450 --eval 37/40
s add ticket-tagger --base ollama/llama3.1:8b@46e0c10c039e --trained 2026-09-01 --cost 0 \
    --owner platform-ml --task tagging --examples 2000 --retrain-every 6m
s add faq-bot --base gpt-4.1-2025-04-14 --trained 2025-06-02 --cost '$310' \
    --owner support --task faq --examples 300 --eval 45/50
# Prices per 1M tokens and expected volume, for 'tracker cost'.
s base set openai/gpt-4o@2024-08-06 --price-in 2.50 --price-out 10 --ft-price-in 3.75 --ft-price-out 15
s set support-triage --calls-per-month 1000000 --tokens-in 500 --tokens-out 200
s retire faq-bot --reason "prompt revision 4 on gpt-4.1 meets the 80% target"

# Tasks and prompt revisions: a prompt for support-triage, with evals.
s prompt add support-triage --text "$(printf 'You label support tickets.\nAnswer with one label.\n')" \
    --note "first prompt" --model openai/gpt-4o@2024-08-06 --eval 60/100
s prompt add support-triage --text "$(printf 'You label support tickets.\nAnswer with one label from: billing, bug, account.\nIf unsure, answer account.\n')" \
    --note "closed label set" --model openai/gpt-4o@2024-08-06 --eval 78/100
s eval add support-triage@r2 83/100 --dataset evals/triage-v2.jsonl
# invoices: three revisions, none at its 90% target: the fine-tune is justified.
s prompt add invoices --text "Extract supplier, date, total and VAT as JSON." --eval 55/100
s prompt add invoices --text "Extract supplier, invoice date, total and VAT as JSON; dates as YYYY-MM-DD." --eval 61/100
s prompt add invoices --text "Extract supplier, invoice date, total and VAT as JSON; dates as YYYY-MM-DD; totals as decimals." --eval 64/100
# contracts: one revision so far: iterate the prompt first.
s prompt add contracts --text "List the clauses that limit liability or renew automatically." --eval 14/20

# Retraining budgets: platform-ml's 2027 is at risk from the forecast.
s budget set owner:platform-ml 2027 '$1,500'
s budget set all 2027-Q1 '$10,000'

echo "demo database: $db"
report="$(dirname "$db")/report.html"
"$tracker" report --db "$db" --format html --out "$report"
echo "demo report: $report (open it in a browser)"
echo "\$ tracker due"
"$tracker" due --db "$db"
