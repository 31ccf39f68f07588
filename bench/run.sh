#!/usr/bin/env bash
# Benchmark of tracker's listings against the sqlite3 shell.
#
#   bash bench/run.sh            (or: make bench)
#
# Builds a release binary in its own scratch folder (.build-bench), generates
# 10k, 100k and 1M fine-tune databases in bench-out/, checks `tracker due`
# gives the same answer as the sqlite3 shell (bench/due.sql), then measures
# time and peak RSS of `tracker due` in table, json and csv at every size,
# of `tracker list --all` in every format at 100k, and of the sqlite3 shell;
# the latency of `tracker add`; and prints a summary against the goals. See
# bench/README.md.
#
# Knobs (environment): BENCH_SIZES="10000 100000 1000000", BENCH_RUNS=11
# (timed runs up to 100k), BENCH_LARGE_RUNS=3 (above 100k), BENCH_ADD_RUNS=21,
# BENCH_LIST_SIZES=100000, BENCH_SKIP_BUILD=1 (reuse .build-bench/release/tracker),
# BENCH_REUSE_DB=1 (keep databases already generated).
#
# PostgreSQL (when TRACKER_TEST_PG is set, as scripts/with-postgres.sh does;
# otherwise skipped, and it says so): for sizes BENCH_PG_SIZES="10000 100000"
# (only those also in BENCH_SIZES) the same data is loaded into a schema
# bench_N through `tracker export | tracker import` (timed;
# BENCH_PG_IMPORT_TIMEOUT=900 s, then psql loads it instead), then
# `tracker due --format json` on it is checked against psql running
# bench/due.pg.sql and against tracker on the SQLite file, and both are timed.
# Exit status: 0 when every step ran (missed goals are reported, not failed);
# non-zero when a step fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/bench-out"
NOW=2026-11-29
SIZES=${BENCH_SIZES:-10000 100000 1000000}
RUNS=${BENCH_RUNS:-11}
LARGE_RUNS=${BENCH_LARGE_RUNS:-3}
ADD_RUNS=${BENCH_ADD_RUNS:-21}
LIST_SIZES=${BENCH_LIST_SIZES-100000}  # empty: no list runs
TRACKER="$ROOT/.build-bench/release/tracker"
mkdir -p "$OUT"

step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE: installs a Debian package (updating the lists once if needed).
APT_UPDATED=0
apt_install() {
    command -v apt-get >/dev/null || return 1
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    if ! $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1; then
        [ "$APT_UPDATED" -eq 1 ] && return 1
        $sudo apt-get update -qq >/dev/null 2>&1 || return 1
        APT_UPDATED=1
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null 2>&1 || return 1
    fi
}

step "tools"
command -v python3 >/dev/null || apt_install python3 || fail "python3 is required (apt-get install python3)"
command -v sqlite3 >/dev/null || apt_install sqlite3 || fail "the sqlite3 shell is required (apt-get install sqlite3)"
command -v hyperfine >/dev/null || apt_install hyperfine || echo "hyperfine not available: timing with a python loop"
[ -x /usr/bin/time ] || apt_install time || echo "GNU time not available: peak RSS from getrusage"
echo "sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(command -v hyperfine >/dev/null && hyperfine --version || echo 'no hyperfine'), $(nproc) CPUs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ "${BENCH_SKIP_BUILD:-0}" = 1 ] && [ -x "$TRACKER" ]; then
    step "build: skipped (BENCH_SKIP_BUILD=1), using $TRACKER"
else
    step "build: swift build -c release --static-swift-stdlib --product tracker --scratch-path .build-bench (log: bench-out/build.log)"
    start=$(date +%s)
    if ! swift build -c release --static-swift-stdlib --product tracker --scratch-path .build-bench >"$OUT/build.log" 2>&1; then
        tail -n 30 "$OUT/build.log" >&2
        fail "release build failed (full log: bench-out/build.log)"
    fi
    echo "built in $(( $(date +%s) - start )) s"
fi
[ -x "$TRACKER" ] || fail "no binary at $TRACKER"

for n in $SIZES; do
    db="$OUT/due-$n.db"
    if [ "${BENCH_REUSE_DB:-0}" = 1 ] && [ -s "$db" ]; then
        step "generate $db: reused (BENCH_REUSE_DB=1)"
        continue
    fi
    step "generate $db: $n fine-tunes over 60 base versions"
    rm -f "$db" "$db-wal" "$db-shm"
    "$TRACKER" migrate --db "$db" --now "$NOW" >/dev/null
    start=$EPOCHREALTIME
    python3 bench/generate.py --fine-tunes "$n" | sqlite3 -bail "$db" >/dev/null
    sqlite3 "$db" "SELECT 'fine-tunes: ' || (SELECT count(*) FROM fine_tune) || ' (' ||
                          (SELECT count(*) FROM fine_tune WHERE retired_on IS NULL) || ' active), generations: ' ||
                          (SELECT count(*) FROM generation) || ', bases: ' || (SELECT count(*) FROM base_version) ||
                          ', file: ' || (page_count * page_size / 1048576) || ' MiB'
                   FROM pragma_page_count, pragma_page_size"
    awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "generated in %.1f s\n", b - a }'
done

# PostgreSQL: the same data in a schema bench_N of $TRACKER_TEST_PG (set by
# scripts/with-postgres.sh), loaded through tracker itself (export | import).
PG_SIZES=""
PG_SKIPPED=""
PSQL=${TRACKER_TEST_PSQL:-psql}
if [ -z "${TRACKER_TEST_PG:-}" ]; then
    PG_SKIPPED="TRACKER_TEST_PG is not set (run through scripts/with-postgres.sh, as make bench does)"
elif ! command -v "$PSQL" >/dev/null; then
    PG_SKIPPED="no psql (TRACKER_TEST_PSQL or psql on PATH; apt-get install postgresql-client)"
else
    for n in ${BENCH_PG_SIZES-10000 100000}; do
        case " $SIZES " in *" $n "*) PG_SIZES="$PG_SIZES $n" ;; esac
    done
    PG_SIZES=${PG_SIZES# }
    [ -n "$PG_SIZES" ] || PG_SKIPPED="none of BENCH_PG_SIZES (${BENCH_PG_SIZES-10000 100000}) is in BENCH_SIZES ($SIZES)"
fi
# pg_uri N: the server's URI with search_path set to bench_N.
pg_uri() {
    local sep='?'
    case "$TRACKER_TEST_PG" in *'?'*) sep='&' ;; esac
    printf '%s%soptions=-csearch_path%%3Dbench_%s' "$TRACKER_TEST_PG" "$sep" "$1"
}
pg() { "$PSQL" -X -q -A -t -v ON_ERROR_STOP=1 -d "$TRACKER_TEST_PG" "$@"; }
PG_IMPORT_TIMEOUT=${BENCH_PG_IMPORT_TIMEOUT:-900}
if [ -n "$PG_SKIPPED" ]; then
    step "PostgreSQL: skipped, $PG_SKIPPED"
else
    step "PostgreSQL: $(pg -c 'SHOW server_version') at ${TRACKER_TEST_PG}, sizes: $PG_SIZES"
fi
for n in $PG_SIZES; do
    db="$OUT/due-$n.db"
    uri=$(pg_uri "$n")
    have=-1
    if [ "$(pg -c "SELECT to_regclass('bench_$n.fine_tune') IS NOT NULL")" = t ]; then
        have=$(pg -c "SELECT count(*) FROM bench_$n.fine_tune")
    fi
    want=$(sqlite3 "$db" "SELECT count(*) FROM fine_tune")
    if [ "${BENCH_REUSE_DB:-0}" = 1 ] && [ "$have" = "$want" ] && [ -s "$OUT/pg-load-$n.txt" ]; then
        step "PostgreSQL schema bench_$n: reused (BENCH_REUSE_DB=1, $have fine-tunes); $(cat "$OUT/pg-load-$n.txt")"
        continue
    fi
    step "PostgreSQL schema bench_$n: tracker export --db due-$n.db | tracker import - --db <server>?options=-csearch_path%3Dbench_$n"
    pg -c "DROP SCHEMA IF EXISTS bench_$n CASCADE" -c "CREATE SCHEMA bench_$n"
    start=$EPOCHREALTIME
    status=0
    # The export is a file first, so the import's time is the import's alone.
    "$TRACKER" export --db "$db" --quiet > "$OUT/export-$n.json"
    export_s=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    start=$EPOCHREALTIME
    timeout "$PG_IMPORT_TIMEOUT" "$TRACKER" import "$OUT/export-$n.json" --quiet --db "$uri" || status=$?
    import_s=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
    rm -f "$OUT/export-$n.json"
    if [ "$status" -eq 0 ]; then
        loaded="tracker export $export_s s ($(( $(stat -c %s "$db") / 1048576 )) MiB SQLite file), tracker import $import_s s"
    else
        # Fallback: tracker's schema, then generate.py's INSERTs through psql.
        why="tracker import $( [ "$status" -eq 124 ] && echo "did not finish in $PG_IMPORT_TIMEOUT s" || echo "failed (exit $status) after $import_s s")"
        echo "$why: loading with psql instead (tracker migrate + bench/generate.py)"
        pg -c "DROP SCHEMA IF EXISTS bench_$n CASCADE" -c "CREATE SCHEMA bench_$n"
        start=$EPOCHREALTIME
        "$TRACKER" migrate --db "$uri" --now "$NOW" >/dev/null
        { echo "SET search_path TO bench_$n;"
          python3 bench/generate.py --fine-tunes "$n" | grep -v '^PRAGMA'
          echo "UPDATE fine_tune SET name_key = tracker_name_key(name);"
          for t in base_version base_date_change fine_tune generation; do
              echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t));"
          done; } | pg >/dev/null
        loaded="$why; psql load $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
    fi
    start=$EPOCHREALTIME
    # Fresh statistics and visibility map, so neither side's plan waits on autovacuum.
    echo "SELECT format('VACUUM ANALYZE %I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'bench_$n' \\gexec" | pg >/dev/null
    loaded="$loaded, VACUUM ANALYZE $(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }') s"
    echo "$loaded" | tee "$OUT/pg-load-$n.txt"
    pg -c "SELECT 'fine-tunes: ' || (SELECT count(*) FROM bench_$n.fine_tune) || ', generations: ' ||
                  (SELECT count(*) FROM bench_$n.generation) || ', schema size: ' ||
                  (SELECT (sum(pg_total_relation_size(c.oid)) / 1048576)::int FROM pg_class c
                   JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'bench_$n' AND c.relkind = 'r') || ' MiB'"
done

# Measurements and the summary: one Python program, parameters from the environment.
step "measure"
export ROOT OUT NOW SIZES RUNS LARGE_RUNS ADD_RUNS LIST_SIZES TRACKER PG_SIZES PG_SKIPPED PSQL
python3 - <<'PY'
import json, os, resource, shlex, shutil, statistics, subprocess, sys, time

ROOT, OUT, NOW, TRACKER = os.environ["ROOT"], os.environ["OUT"], os.environ["NOW"], os.environ["TRACKER"]
SIZES = [int(s) for s in os.environ["SIZES"].split()]
LIST_SIZES = [int(s) for s in os.environ["LIST_SIZES"].split() if int(s) in SIZES]
RUNS, LARGE_RUNS, ADD_RUNS = int(os.environ["RUNS"]), int(os.environ["LARGE_RUNS"]), int(os.environ["ADD_RUNS"])
DUE_SQL = os.path.join(ROOT, "bench", "due.sql")
DUE_PG_SQL = os.path.join(ROOT, "bench", "due.pg.sql")
CANDIDATES_PG_SQL = os.path.join(ROOT, "bench", "due-candidates.pg.sql")
PG_SIZES = [int(s) for s in os.environ.get("PG_SIZES", "").split()]
PG_SKIPPED = os.environ.get("PG_SKIPPED", "")
PSQL = os.environ.get("PSQL", "psql")
HYPERFINE = shutil.which("hyperfine")
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
ADD_BASE = "openai/gpt-4o@2024-08-06"
FORMATS = ["table", "json", "csv"]
MIB = 1024


def label(n):
    return f"{n // 1000000}M" if n % 1000000 == 0 else f"{n // 1000}k" if n % 1000 == 0 else str(n)


def runs_for(n):
    return RUNS if n <= 100000 else LARGE_RUNS


def due_cmd(db, fmt="json"):
    return [TRACKER, "due", "--db", db, "--now", NOW, "--format", fmt]


def list_cmd(db, fmt):
    return [TRACKER, "list", "--all", "--db", db, "--now", NOW, "--format", fmt]


def sqlite_cmd(db):
    return ["sqlite3", "-json", db]


def pg_uri(n):
    """$TRACKER_TEST_PG with search_path set to the size's schema, bench_N."""
    base = os.environ["TRACKER_TEST_PG"]
    return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3Dbench_{n}"


def psql_cmd(n, sql=DUE_PG_SQL):
    return [PSQL, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-f", sql, "-d", pg_uri(n)]


def median_wall(name, argv, runs, stdin=None):
    """Median whole-process wall time (s) of argv, stdout to /dev/null, 1 warm-up + runs."""
    out_json = os.path.join(OUT, f"time-{name}.json")
    if HYPERFINE:
        cmd = " ".join(shlex.quote(a) for a in argv) + (f" < {shlex.quote(stdin)}" if stdin else "") + " > /dev/null"
        subprocess.run([HYPERFINE, "--warmup", "1", "--runs", str(runs), "--style", "basic",
                        "--command-name", name, "--export-json", out_json, cmd],
                       check=True, stdin=subprocess.DEVNULL)
        with open(out_json) as f:
            r = json.load(f)["results"][0]
        return r.get("median", statistics.median(r["times"]))
    times = []
    for i in range(runs + 1):
        with open(stdin or os.devnull, "rb") as fin:
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=fin, stdout=subprocess.DEVNULL, check=True)
            t = time.perf_counter() - t0
        if i > 0:
            times.append(t)
    med = statistics.median(times)
    with open(out_json, "w") as f:
        json.dump({"results": [{"command": name, "median": med, "times": times}]}, f)
    print(f"{name}: median {med * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms ({runs} runs)")
    return med


def peak_rss_kib(argv, stdin=None, runs=3):
    """Largest max-resident-set-size (KiB) of argv over a few runs."""
    best = 0
    for _ in range(runs):
        with open(stdin or os.devnull, "rb") as fin:
            if GNU_TIME:
                p = subprocess.run([GNU_TIME, "-f", "%M"] + argv, stdin=fin, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, check=True, text=True)
                kib = int(p.stderr.strip().splitlines()[-1])
            else:  # getrusage of a fresh child process: ru_maxrss in KiB on Linux
                p = subprocess.run([sys.executable, "-c",
                                    "import resource,subprocess,sys;"
                                    "subprocess.run(sys.argv[1:],stdin=sys.stdin,stdout=subprocess.DEVNULL,check=True);"
                                    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"] + argv,
                                   stdin=fin, stdout=subprocess.PIPE, check=True, text=True)
                kib = int(p.stdout.strip())
        best = max(best, kib)
    return best


def measure(name, argv, n, stdin=None):
    """Median wall time and peak RSS of one command."""
    t = median_wall(name, argv, runs_for(n), stdin=stdin)
    rss = peak_rss_kib(argv, stdin=stdin, runs=3 if n <= 100000 else 1)
    print(f"{name}: peak RSS {rss / MIB:.1f} MiB")
    return {"s": t, "rss_kib": rss}


def compare(db, n):
    """Runs both once and compares the due lists: count, names in order, every field."""
    t_path = os.path.join(OUT, f"due-{label(n)}.tracker.json")
    s_path = os.path.join(OUT, f"due-{label(n)}.sqlite.json")
    with open(t_path, "wb") as f:
        subprocess.run(due_cmd(db), stdout=f, check=True, stdin=subprocess.DEVNULL)
    with open(DUE_SQL, "rb") as fin, open(s_path, "wb") as f:
        subprocess.run(sqlite_cmd(db), stdin=fin, stdout=f, check=True)
    with open(t_path) as f:
        t_doc = json.load(f)
    with open(s_path) as f:
        text = f.read()
    s_rows = json.loads(text) if text.strip() else []
    for r in s_rows:
        r["reasons"] = json.loads(r["reasons"])
    t_rows = t_doc["due"]
    count_ok = t_doc["count"] == len(t_rows) == len(s_rows)
    names_ok = [r["name"] for r in t_rows] == [r["name"] for r in s_rows]
    same = t_rows == s_rows
    print(f"{label(n)}: tracker count {t_doc['count']} of {t_doc['considered']} considered; sqlite3 rows {len(s_rows)}; "
          f"count {'match' if count_ok else 'DIFFER'}, names in order {'match' if names_ok else 'DIFFER'}, "
          f"every field {'match' if same else 'DIFFER'}")
    if not same:
        for i, (a, b) in enumerate(zip(t_rows, s_rows)):
            if a != b:
                print(f"  first difference at row {i}:\n    tracker: {json.dumps(a)}\n    sqlite3: {json.dumps(b)}")
                break
    result = {"count": t_doc["count"], "considered": t_doc["considered"], "sqlite_rows": len(s_rows),
              "count_ok": count_ok, "names_ok": names_ok, "same": same}
    del t_doc, t_rows, s_rows
    for path in (t_path, s_path):
        os.remove(path)  # up to a few hundred MiB at 1M
    return result


def compare_pg(db, n):
    """tracker due on PostgreSQL against psql (bench/due.pg.sql) and against tracker due on the SQLite file."""
    paths = {k: os.path.join(OUT, f"due-{label(n)}.{k}.json") for k in ("pg-tracker", "psql", "sqlite-tracker")}
    with open(paths["pg-tracker"], "wb") as f:
        subprocess.run(due_cmd(pg_uri(n)), stdout=f, check=True, stdin=subprocess.DEVNULL)
    with open(paths["psql"], "wb") as f:
        subprocess.run(psql_cmd(n), stdout=f, check=True, stdin=subprocess.DEVNULL)
    with open(paths["sqlite-tracker"], "wb") as f:
        subprocess.run(due_cmd(db), stdout=f, check=True, stdin=subprocess.DEVNULL)
    docs = {}
    for k, path in paths.items():
        with open(path) as f:
            docs[k] = json.load(f)
        os.remove(path)
    t_doc, p_rows, s_doc = docs["pg-tracker"], docs["psql"], docs["sqlite-tracker"]
    t_rows = t_doc["due"]
    same_psql = t_rows == p_rows
    same_sqlite = t_rows == s_doc["due"] and t_doc["count"] == s_doc["count"] and t_doc["considered"] == s_doc["considered"]
    print(f"{label(n)} PostgreSQL: tracker count {t_doc['count']} of {t_doc['considered']} considered; psql rows {len(p_rows)}; "
          f"tracker on SQLite count {s_doc['count']}; tracker = psql (every field, in order): {'match' if same_psql else 'DIFFER'}; "
          f"tracker on PostgreSQL = tracker on SQLite (whole due document's count/considered and every item): "
          f"{'match' if same_sqlite else 'DIFFER'}")
    for other, rows in (("psql", p_rows), ("tracker on SQLite", s_doc["due"])):
        for i, (a, b) in enumerate(zip(t_rows, rows)):
            if a != b:
                print(f"  first difference from {other} at row {i}:\n    tracker on PostgreSQL: {json.dumps(a)}\n"
                      f"    {other}: {json.dumps(b)}")
                break
    return {"count": t_doc["count"], "psql_rows": len(p_rows), "same_psql": same_psql, "same_sqlite": same_sqlite}


def add_latency(source):
    """Median wall time of `tracker add` with distinct names, each its own process, on a copy of the db."""
    db = os.path.join(OUT, "add.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run(["sqlite3", source, f".backup '{db}'"], check=True)
    times, cpus = [], []
    for i in range(ADD_RUNS + 1):  # run 0 is the warm-up
        argv = [TRACKER, "add", f"bench-new-{i}", "--base", ADD_BASE, "--trained", "2026-01-01",
                "--cost", "100", "--db", db, "--now", NOW]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=True)
        t = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if i > 0:
            times.append(t)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    med = statistics.median(times)
    print(f"add: median {med * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
          f"({ADD_RUNS} runs, {os.path.basename(db)} copied from {os.path.basename(source)}); "
          f"CPU (user+sys) median {statistics.median(cpus) * 1000:.1f} ms, the rest is waiting (fsync, scheduling)")
    os.remove(db)
    return med, times


results = {"sizes": {}, "list": {}}
for n in SIZES:
    db = os.path.join(OUT, f"due-{n}.db")
    key = label(n)
    print(f"\n--- {key}: correctness")
    check = compare(db, n)
    entry = {"n": n, **check, "due": {}}
    for fmt in FORMATS:
        print(f"\n--- {key}: tracker due --format {fmt}")
        entry["due"][fmt] = measure(f"tracker-due-{fmt}-{key}", due_cmd(db, fmt), n)
    print(f"\n--- {key}: sqlite3 shell, bench/due.sql")
    entry["sqlite"] = measure(f"sqlite3-due-{key}", sqlite_cmd(db), n, stdin=DUE_SQL)
    if n in PG_SIZES:
        print(f"\n--- {key}: PostgreSQL correctness (schema bench_{n})")
        pg_entry = compare_pg(db, n)
        print(f"\n--- {key}: tracker due --format json on PostgreSQL")
        pg_entry["due_json"] = measure(f"tracker-due-json-pg-{key}", due_cmd(pg_uri(n), "json"), n)
        print(f"\n--- {key}: psql, bench/due.pg.sql")
        pg_entry["psql"] = measure(f"psql-due-{key}", psql_cmd(n), n)
        print(f"\n--- {key}: psql, bench/due-candidates.pg.sql (the rows tracker fetches; information, no goal)")
        pg_entry["psql_fetch"] = measure(f"psql-candidates-{key}", psql_cmd(n, CANDIDATES_PG_SQL), n)
        with open(os.path.join(OUT, f"pg-load-{n}.txt")) as f:
            pg_entry["load"] = f.read().strip()
        entry["postgres"] = pg_entry
    results["sizes"][key] = entry
    if n in LIST_SIZES:
        results["list"][key] = {}
        for fmt in FORMATS:
            print(f"\n--- {key}: tracker list --all --format {fmt}")
            results["list"][key][fmt] = measure(f"tracker-list-{fmt}-{key}", list_cmd(db, fmt), n)

add_size = max([n for n in SIZES if n <= 100000] or SIZES)
print(f"\n--- {label(add_size)}: tracker add")
add_med, add_times = add_latency(os.path.join(OUT, f"due-{add_size}.db"))
results.update({"add_size": label(add_size), "add_median_s": add_med, "add_times_s": add_times,
                "load_average": open("/proc/loadavg").read().split()[:3]})
with open(os.path.join(OUT, "results.json"), "w") as f:
    json.dump(results, f, indent=2)


# Summary
def ok(b):
    return "ok" if b else "MISSED"


def rss_goal(n):
    return 32 if n <= 100000 else 64


print(f"\n=== tracker due and the sqlite3 shell: median wall time (whole process, output to /dev/null, "
      f"{'hyperfine' if HYPERFINE else 'python loop'}, 1 warm-up + {RUNS} runs, {LARGE_RUNS} above 100k) "
      f"and peak RSS ({'GNU time' if GNU_TIME else 'getrusage'})")
print(f"{'size':>5} {'due rows':>9} {'command':<20} {'time':>10} {'vs sqlite3':>10} {'peak RSS':>10}")
goals = []
for key, r in results["sizes"].items():
    s = r["sqlite"]
    for fmt in FORMATS:
        d = r["due"][fmt]
        ratio = d["s"] / s["s"]
        print(f"{key:>5} {r['count']:>9} {'due --format ' + fmt:<20} {d['s'] * 1000:>7.0f} ms {ratio:>9.2f}x "
              f"{d['rss_kib'] / MIB:>6.1f} MiB")
        goals.append((f"due {fmt} {key} <= 1.5x sqlite3 shell", f"{ratio:.2f}x", ok(ratio <= 1.5)))
        goals.append((f"due {fmt} {key} peak RSS < {rss_goal(r['n'])} MiB", f"{d['rss_kib'] / MIB:.1f} MiB",
                       ok(d["rss_kib"] < rss_goal(r["n"]) * MIB)))
    print(f"{key:>5} {r['sqlite_rows']:>9} {'sqlite3 -json':<20} {s['s'] * 1000:>7.0f} ms {'1.00x':>10} "
          f"{s['rss_kib'] / MIB:>6.1f} MiB")
pg_results = {k: r["postgres"] for k, r in results["sizes"].items() if "postgres" in r}
if pg_results:
    print(f"\n=== PostgreSQL ({len(pg_results)} size(s), schema bench_N of $TRACKER_TEST_PG, same server for both): "
          f"tracker due --format json against psql -f bench/due.pg.sql")
    print(f"{'size':>5} {'due rows':>9} {'command':<20} {'time':>10} {'vs psql':>10} {'peak RSS':>10}")
    for key, p in pg_results.items():
        d, q = p["due_json"], p["psql"]
        ratio = d["s"] / q["s"]
        print(f"{key:>5} {p['count']:>9} {'due json (pg)':<20} {d['s'] * 1000:>7.0f} ms {ratio:>9.2f}x {d['rss_kib'] / MIB:>6.1f} MiB")
        print(f"{key:>5} {p['psql_rows']:>9} {'psql -f due.pg.sql':<20} {q['s'] * 1000:>7.0f} ms {'1.00x':>10} {q['rss_kib'] / MIB:>6.1f} MiB")
        c = p["psql_fetch"]
        print(f"{key:>5} {'':>9} {'psql candidates':<20} {c['s'] * 1000:>7.0f} ms {c['s'] / q['s']:>9.2f}x {c['rss_kib'] / MIB:>6.1f} MiB"
              f"   (fetch floor: due-candidates.pg.sql)")
        s_json = results["sizes"][key]["due"]["json"]
        print(f"{key:>5} {p['count']:>9} {'due json (sqlite)':<20} {s_json['s'] * 1000:>7.0f} ms {s_json['s'] / q['s']:>9.2f}x "
              f"{s_json['rss_kib'] / MIB:>6.1f} MiB   (same data in the SQLite file, for reference)")
        goals.append((f"due json {key} on PostgreSQL <= 1.5x psql", f"{ratio:.2f}x", ok(ratio <= 1.5)))
        # 32 MiB as on SQLite, plus what libpq and the libraries it loads
        # (libssl, libcrypto, Kerberos, LDAP) cost before a row is read.
        goals.append((f"due json {key} on PostgreSQL peak RSS < 40 MiB", f"{d['rss_kib'] / MIB:.1f} MiB", ok(d["rss_kib"] < 40 * MIB)))
    for key, p in pg_results.items():
        print(f"{key:>5} load: {p['load']}")
    mismatch_pg = [k for k, p in pg_results.items() if not (p["same_psql"] and p["same_sqlite"])]
    goals.append(("tracker on PostgreSQL = psql = SQLite", "yes" if not mismatch_pg else "NO: " + ", ".join(mismatch_pg),
                  ok(not mismatch_pg)))
else:
    print(f"\n=== PostgreSQL: skipped, {PG_SKIPPED or 'no size selected'}")
for key, r in results["list"].items():
    print(f"\n=== tracker list --all at {key}")
    for fmt in FORMATS:
        d = r[fmt]
        print(f"{key:>5} {'list --format ' + fmt:<20} {d['s'] * 1000:>7.0f} ms {d['rss_kib'] / MIB:>6.1f} MiB")
        goals.append((f"list {fmt} {key} peak RSS < 32 MiB", f"{d['rss_kib'] / MIB:.1f} MiB", ok(d["rss_kib"] < 32 * MIB)))
goals.append((f"add median <= 10 ms ({label(add_size)})", f"{add_med * 1000:.1f} ms", ok(add_med <= 0.010)))
mismatch = [k for k, r in results["sizes"].items() if not (r["count_ok"] and r["names_ok"] and r["same"])]
goals.append(("tracker and sqlite3 give the same list", "yes" if not mismatch else "NO: " + ", ".join(mismatch),
              ok(not mismatch)))
print("\n=== goals")
for name, value, status in goals:
    print(f"  {name:<40} {value:>10}  {status}")
print(f"\nload average at the end: {' '.join(results['load_average'])} (timings are noisy when it exceeds the CPU count)")
print(f"raw numbers: {os.path.join(OUT, 'results.json')}")
PY
