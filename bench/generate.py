#!/usr/bin/env python3
"""Writes SQL that fills a migrated tracker database with benchmark data.

    python3 bench/generate.py --fine-tunes 100000 | sqlite3 bench-out/due-100k.db

The schema must already exist (run `tracker migrate --db FILE` first): this
script only emits INSERTs, in one transaction, with multi-row VALUES so the
sqlite3 shell loads 100k fine-tunes in a few seconds.

The data is deterministic for a given --seed: 60 base versions of 7 providers
(released dates as published, some snapshots shut down in the past, some in
the next 90 days, some later, some deprecated with and without a date, a few
explicit successors, one snapshot released after --now, a few with an unknown
release date), and N fine-tunes with 1-3 generations each, varied owners and
tasks, retrain policies '1y', '6m' and 'never', and about 7% retired.
"""
import argparse
import datetime as dt
import random
import sys

NOW = dt.date(2026, 11, 29)

# (provider, family, version, model_id, released, deprecated, deprecated_undated, shutdown)
# Ids are assigned 1..60 in this order; SUCCESSORS below refers to them.
BASES = [
    # openai (1-14)
    ("openai", "gpt-3.5-turbo", "0613", "gpt-3.5-turbo-0613", "2023-06-13", "2023-11-06", 0, "2024-09-13"),
    ("openai", "gpt-3.5-turbo", "1106", "gpt-3.5-turbo-1106", "2023-11-06", "2025-04-28", 0, "2026-09-28"),
    ("openai", "gpt-3.5-turbo", "0125", "gpt-3.5-turbo-0125", "2024-01-25", None, 1, None),
    ("openai", "gpt-4o", "2024-05-13", "gpt-4o-2024-05-13", "2024-05-13", "2026-06-01", 0, "2026-12-10"),
    ("openai", "gpt-4o", "2024-08-06", "gpt-4o-2024-08-06", "2024-08-06", None, 0, "2027-01-20"),
    ("openai", "gpt-4o", "2024-11-20", "gpt-4o-2024-11-20", "2024-11-20", None, 0, "2027-06-30"),
    ("openai", "gpt-4o-mini", "2024-07-18", "gpt-4o-mini-2024-07-18", "2024-07-18", None, 0, None),
    ("openai", "gpt-4.1", "2025-04-14", "gpt-4.1-2025-04-14", "2025-04-14", None, 0, None),
    ("openai", "gpt-4.1-mini", "2025-04-14", "gpt-4.1-mini-2025-04-14", "2025-04-14", "2027-01-15", 0, "2027-07-15"),
    ("openai", "gpt-4.1-nano", "2025-04-14", "gpt-4.1-nano-2025-04-14", "2025-04-14", None, 0, None),
    ("openai", "gpt-4.1", "2026-03-10", "gpt-4.1-2026-03-10", "2026-03-10", None, 0, None),
    ("openai", "gpt-4.1-mini", "2026-12-20", "gpt-4.1-mini-2026-12-20", "2026-12-20", None, 0, None),  # after now
    ("openai", "o4-mini", "2025-04-16", "o4-mini-2025-04-16", "2025-04-16", None, 0, None),
    ("openai", "gpt-5-mini", "2025-08-07", "gpt-5-mini-2025-08-07", "2025-08-07", None, 0, None),
    # anthropic (15-24)
    ("anthropic", "claude-3-haiku", "20240307", "claude-3-haiku-20240307", "2024-03-07", None, 0, None),
    ("anthropic", "claude-3-sonnet", "20240229", "claude-3-sonnet-20240229", "2024-02-29", "2025-01-21", 0, "2025-07-21"),
    ("anthropic", "claude-3-5-sonnet", "20240620", "claude-3-5-sonnet-20240620", "2024-06-20", "2025-08-13", 0, "2025-10-22"),
    ("anthropic", "claude-3-5-sonnet", "20241022", "claude-3-5-sonnet-20241022", "2024-10-22", "2025-08-13", 0, "2025-10-22"),
    ("anthropic", "claude-3-5-haiku", "20241022", "claude-3-5-haiku-20241022", "2024-10-22", None, 1, None),
    ("anthropic", "claude-3-7-sonnet", "20250219", "claude-3-7-sonnet-20250219", "2025-02-19", "2026-10-28", 0, "2027-02-19"),
    ("anthropic", "claude-sonnet-4", "20250514", "claude-sonnet-4-20250514", "2025-05-14", None, 0, None),
    ("anthropic", "claude-opus-4", "20250514", "claude-opus-4-20250514", "2025-05-14", "2026-08-15", 0, "2026-11-29"),  # shuts down today
    ("anthropic", "claude-sonnet-4-5", "20250929", "claude-sonnet-4-5-20250929", "2025-09-29", None, 0, None),
    ("anthropic", "claude-haiku-4-5", "20251001", "claude-haiku-4-5-20251001", "2025-10-01", None, 0, None),
    # google (25-34)
    ("google", "gemini-1.0-pro", "002", "gemini-1.0-pro-002", "2024-02-15", "2024-12-01", 0, "2025-04-09"),
    ("google", "gemini-1.5-pro", "001", "gemini-1.5-pro-001", "2024-05-24", None, 0, "2025-05-24"),
    ("google", "gemini-1.5-pro", "002", "gemini-1.5-pro-002", "2024-09-24", None, 0, "2025-09-24"),
    ("google", "gemini-1.5-flash", "001", "gemini-1.5-flash-001", "2024-05-24", None, 0, "2025-05-24"),
    ("google", "gemini-1.5-flash", "002", "gemini-1.5-flash-002", "2024-09-24", None, 0, "2025-09-24"),
    ("google", "gemini-2.0-flash", "001", "gemini-2.0-flash-001", "2025-02-05", None, 0, "2027-02-05"),
    ("google", "gemini-2.0-flash-lite", "001", "gemini-2.0-flash-lite-001", "2025-02-25", None, 0, "2027-02-25"),
    ("google", "gemini-2.5-flash", "ga", "gemini-2.5-flash", "2025-06-17", None, 0, "2027-06-17"),
    ("google", "gemini-2.5-pro", "ga", "gemini-2.5-pro", "2025-06-17", None, 0, "2027-06-17"),
    ("google", "gemini-2.5-flash-lite", "ga", "gemini-2.5-flash-lite", None, None, 0, "2027-07-22"),
    # azure (35-42)
    ("azure", "gpt-35-turbo", "0613", "gpt-35-turbo-0613", "2023-06-13", "2024-06-15", 0, "2025-02-13"),
    ("azure", "gpt-35-turbo", "1106", "gpt-35-turbo-1106", "2023-11-06", None, 0, "2026-11-11"),
    ("azure", "gpt-35-turbo", "0125", "gpt-35-turbo-0125", "2024-01-25", None, 0, "2026-12-31"),
    ("azure", "gpt-4o", "2024-05-13", "gpt-4o-2024-05-13", "2024-05-13", None, 0, "2026-12-01"),
    ("azure", "gpt-4o", "2024-08-06", "gpt-4o-2024-08-06", "2024-08-06", None, 0, "2027-03-31"),
    ("azure", "gpt-4o-mini", "2024-07-18", "gpt-4o-mini-2024-07-18", "2024-07-18", None, 1, None),
    ("azure", "gpt-4.1", "2025-04-14", "gpt-4.1-2025-04-14", "2025-04-14", None, 0, "2027-10-14"),
    ("azure", "gpt-4.1-mini", "2025-04-14", "gpt-4.1-mini-2025-04-14", None, None, 0, None),
    # bedrock (43-48)
    ("bedrock", "amazon.titan-text-express", "v1", "amazon.titan-text-express-v1", "2023-11-29", "2026-04-30", 0, "2027-04-30"),
    ("bedrock", "meta.llama3-1-8b-instruct", "v1:0", "meta.llama3-1-8b-instruct-v1:0", "2024-07-23", None, 0, None),
    ("bedrock", "meta.llama3-1-70b-instruct", "v1:0", "meta.llama3-1-70b-instruct-v1:0", "2024-07-23", None, 0, None),
    ("bedrock", "anthropic.claude-3-haiku", "20240307-v1:0", "anthropic.claude-3-haiku-20240307-v1:0", "2024-03-13", None, 0, "2027-03-01"),
    ("bedrock", "cohere.command-r", "v1:0", "cohere.command-r-v1:0", "2024-04-30", None, 1, None),
    ("bedrock", "amazon.nova-lite", "v1:0", "amazon.nova-lite-v1:0", "2024-12-03", None, 0, None),
    # mistral (49-54)
    ("mistral", "mistral-small", "2402", "mistral-small-2402", "2024-02-26", "2024-10-30", 0, "2025-03-31"),
    ("mistral", "mistral-small", "2409", "mistral-small-2409", "2024-09-18", "2025-02-28", 0, "2025-06-30"),
    ("mistral", "mistral-small", "2501", "mistral-small-2501", "2025-01-30", "2026-10-01", 0, "2026-12-15"),
    ("mistral", "mistral-small", "2503", "mistral-small-2503", "2025-03-17", None, 0, None),
    ("mistral", "open-mistral-nemo", "2407", "open-mistral-nemo-2407", "2024-07-18", None, 0, None),
    ("mistral", "codestral", "2501", "codestral-2501", "2025-01-13", None, 0, None),
    # ollama (55-60): versions are digests of one tag
    ("ollama", "llama3.1:8b", "sha256:46e0c10c039e", "llama3.1:8b", "2024-07-23", None, 0, None),
    ("ollama", "llama3.1:8b", "sha256:42182419e950", "llama3.1:8b", "2024-09-01", None, 0, None),
    ("ollama", "llama3.1:8b", "sha256:a1b2c3d4e5f6", "llama3.1:8b", "2025-01-10", None, 0, None),
    ("ollama", "mistral:7b", "sha256:f974a74358d6", "mistral:7b", "2024-05-22", None, 0, None),
    ("ollama", "mistral:7b", "sha256:6577803aa9a0", "mistral:7b", "2025-03-05", None, 0, None),
    ("ollama", "qwen2.5:7b", "sha256:845dbda0ea48", "qwen2.5:7b", None, None, 0, None),
]
assert len(BASES) == 60

# Recorded successors (base id -> successor id), e.g. across families; 9 -> 12
# names a successor not released yet (it does not count before its release).
SUCCESSORS = {7: 9, 9: 12, 10: 14, 15: 24, 16: 17, 20: 21, 21: 23, 27: 30, 29: 30, 30: 32, 43: 48}

PROVIDER_WEIGHTS = {"openai": 40, "anthropic": 15, "google": 15, "azure": 15, "bedrock": 6, "mistral": 5, "ollama": 4}

TASKS = ["support-triage", "ticket-routing", "invoice-extraction", "contract-review", "sql-generation",
         "code-review", "summarization", "sentiment", "translation-de", "translation-ja", "search-rerank",
         "product-tagging", "email-drafting", "moderation", "claims-intake", "kyc-check"]
OWNERS = ["ml-platform", "search", "support-eng", "finance-ml", "legal-ai", "growth", "risk", "data-science",
          "alice", "bob", "carol", "dmitri", "erin", "farah", "gus", "hiro", "ines", "jamal", "kai", "lena",
          "mo", "nadia", "oscar", "priya", "quinn", "rosa", "sven", "tariq", "uma", "wei"]
VARIANTS = ["base", "v2", "v3", "small", "large", "eu", "us", "apac", "fast", "strict", "lite", "pro"]
POLICIES = [("1y", 50), ("6m", 30), ("never", 20)]


def q(v):
    """An SQL literal."""
    if v is None:
        return "NULL"
    if isinstance(v, int):
        return str(v)
    return "'" + str(v).replace("'", "''") + "'"


def day(s):
    return dt.date.fromisoformat(s) if s else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--fine-tunes", type=int, required=True)
    ap.add_argument("--seed", type=int, default=20261129)
    ap.add_argument("--batch", type=int, default=500, help="rows per INSERT statement")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    out = sys.stdout
    w = out.write

    w("PRAGMA foreign_keys = ON;\nBEGIN;\n")
    # Bases, then successors (they refer to each other by id).
    rows = []
    changes = []
    for i, (prov, fam, ver, mid, rel, dep, undated, shut) in enumerate(BASES, start=1):
        seen = rel or "2025-01-01"
        rows.append(f"({i},{q(prov)},{q(fam)},{q(ver)},{q(mid)},{q(rel)},{q(dep)},{undated},{q(shut)},NULL,{q(seen)})")
        if rel:
            changes.append(f"({i},'released',{q(rel)},0,'manual',{q(seen)})")
        if dep or undated:
            changes.append(f"({i},'deprecated',{q(dep)},{undated},'litellm',{q(seen)})")
        if shut:
            changes.append(f"({i},'shutdown',{q(shut)},0,'openai-models',{q(seen)})")
    w("INSERT INTO base_version (id, provider, family, version, model_id, released, deprecated, "
      "deprecated_undated, shutdown, successor_id, created_on) VALUES\n" + ",\n".join(rows) + ";\n")
    for b, s in SUCCESSORS.items():
        w(f"UPDATE base_version SET successor_id = {s} WHERE id = {b};\n")
        changes.append(f"({b},'successor',{q(BASES[s - 1][0] + '/' + BASES[s - 1][1] + '@' + BASES[s - 1][2])},0,'manual','2025-06-01')")
    w("INSERT INTO base_date_change (base_id, field, value, undated, source, recorded_on) VALUES\n"
      + ",\n".join(changes) + ";\n")

    # Bases by provider, with the day a fine-tune could first be trained on them.
    by_provider = {}
    for i, b in enumerate(BASES, start=1):
        start = day(b[4]) or dt.date(2024, 6, 1)
        if start > NOW:
            continue  # not released yet: nobody trained on it
        # Training stops at a deprecation or shutdown, whichever is first.
        stop = min([d for d in (day(b[5]), day(b[7])) if d] or [dt.date(9999, 1, 1)])
        by_provider.setdefault(b[0], []).append((i, start, b[3], stop))
    providers = list(PROVIDER_WEIGHTS)
    pweights = [PROVIDER_WEIGHTS[p] for p in providers]
    policies = [p for p, _ in POLICIES]
    policy_weights = [w_ for _, w_ in POLICIES]
    first_day = dt.date(2023, 7, 1)
    span_days = (NOW - first_day).days

    ft_rows, gen_rows = [], []
    gen_id = 0

    def flush(force=False):
        # Fine-tunes first: their generations refer to them.
        if not (force or len(ft_rows) >= args.batch):
            return
        if ft_rows:
            w("INSERT INTO fine_tune (id, name, task, owner, retrain_every, created_on, retired_on, retire_reason) VALUES\n"
              + ",\n".join(ft_rows) + ";\n")
            ft_rows.clear()
        if gen_rows:
            w("INSERT INTO generation (id, fine_tune_id, number, model_id, base_id, trained_on, cost_minor, currency, "
              "trained_tokens, examples, dataset_ref, dataset_sha256, eval_passed, eval_total, recorded_on) VALUES\n"
              + ",\n".join(gen_rows) + ";\n")
            gen_rows.clear()

    for ft in range(1, args.fine_tunes + 1):
        task = rnd.choice(TASKS)
        name = f"{task}-{rnd.choice(VARIANTS)}-{ft:06d}"
        if rnd.random() < 0.04:
            name = "EU-" + name  # a few upper-case names: the sort is by code point, not case-folded
        owner = None if rnd.random() < 0.03 else rnd.choice(OWNERS)
        task_col = None if rnd.random() < 0.05 else task
        policy = rnd.choices(policies, policy_weights)[0]
        provider = rnd.choices(providers, pweights)[0]
        candidates = by_provider[provider]
        ngen = rnd.choices([1, 2, 3], [55, 30, 15])[0]
        trained = first_day + dt.timedelta(days=int(span_days * rnd.random() ** 0.8))
        created = trained
        for number in range(1, ngen + 1):
            eligible = ([c for c in candidates if c[1] <= trained < c[3]]
                        or [c for c in candidates if c[1] <= trained]
                        or [min(candidates, key=lambda c: c[1])])
            if rnd.random() < 0.5:
                base_id, start, base_model, _ = max(eligible, key=lambda c: (c[1], c[0]))
            else:
                base_id, start, base_model, _ = rnd.choice(eligible)
            if trained < start:
                trained = start
            gen_id += 1
            evaluated = rnd.random() < 0.6
            total = rnd.choice([20, 50, 100, 200]) if evaluated else None
            passed = rnd.randint(total // 2, total) if evaluated else None
            gen_rows.append("({},{},{},{},{},{},{},{},{},{},{},{},{},{},{})".format(
                gen_id, ft, number,
                q(None if rnd.random() < 0.1 else f"ft:{base_model}:acme:{task}:{ft:x}{number}"),
                base_id, q(trained.isoformat()), rnd.randint(500, 500_000),
                q("EUR" if rnd.random() < 0.05 else "USD"),
                q(rnd.randint(100_000, 50_000_000) if rnd.random() < 0.7 else None),
                q(rnd.randint(40, 5000)),
                q(f"s3://datasets/{task}/v{number}.jsonl" if rnd.random() < 0.8 else None),
                q("%064x" % rnd.getrandbits(256) if rnd.random() < 0.5 else None),
                q(passed), q(total), q(trained.isoformat())))
            nxt = trained + dt.timedelta(days=rnd.randint(60, 330))
            if nxt > NOW:
                break
            trained = nxt
        retired = None
        reason = None
        if rnd.random() < 0.07:
            retired = min(NOW, trained + dt.timedelta(days=rnd.randint(1, 200))).isoformat()
            reason = rnd.choice(["prompt meets target", "task dropped", None])
        ft_rows.append(f"({ft},{q(name)},{q(task_col)},{q(owner)},{q(policy)},{q(created.isoformat())},{q(retired)},{q(reason)})")
        flush()
    flush(force=True)
    w("COMMIT;\nPRAGMA wal_checkpoint(TRUNCATE);\n")


if __name__ == "__main__":
    main()
