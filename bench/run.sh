#!/usr/bin/env bash
# Benchmark of `tracker due` and `tracker add` against the sqlite3 shell.
#
#   bash bench/run.sh            (or: make bench)
#
# Builds a release binary in its own scratch folder (.build-bench), generates
# 10k and 100k fine-tune databases in bench-out/, times `tracker due` against
# the sqlite3 shell answering the same question (bench/due.sql), checks both
# give the same answer, measures peak RSS of `tracker due` and the latency of
# `tracker add`, and prints a summary against the goals. See bench/README.md.
#
# Knobs (environment): BENCH_SIZES="10000 100000", BENCH_RUNS=11,
# BENCH_ADD_RUNS=21, BENCH_SKIP_BUILD=1 (reuse .build-bench/release/tracker).
# Exit status: 0 when every step ran (missed goals are reported, not failed);
# non-zero when a step fails.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
OUT="$ROOT/bench-out"
NOW=2026-11-29
SIZES=${BENCH_SIZES:-10000 100000}
RUNS=${BENCH_RUNS:-11}
ADD_RUNS=${BENCH_ADD_RUNS:-21}
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

# Measurements and the summary: one Python program, parameters from the environment.
step "measure"
export ROOT OUT NOW SIZES RUNS ADD_RUNS TRACKER
python3 - <<'PY'
import json, os, resource, shlex, shutil, statistics, subprocess, sys, time

ROOT, OUT, NOW, TRACKER = os.environ["ROOT"], os.environ["OUT"], os.environ["NOW"], os.environ["TRACKER"]
SIZES = [int(s) for s in os.environ["SIZES"].split()]
RUNS, ADD_RUNS = int(os.environ["RUNS"]), int(os.environ["ADD_RUNS"])
DUE_SQL = os.path.join(ROOT, "bench", "due.sql")
HYPERFINE = shutil.which("hyperfine")
GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
ADD_BASE = "openai/gpt-4o@2024-08-06"


def label(n):
    return f"{n // 1000}k" if n % 1000 == 0 else str(n)


def due_cmd(db):
    return [TRACKER, "due", "--db", db, "--now", NOW, "--format", "json"]


def sqlite_cmd(db):
    return ["sqlite3", "-json", db]


def median_wall(name, argv, stdin=None):
    """Median whole-process wall time (s) of argv, stdout to /dev/null, 1 warm-up + RUNS runs."""
    out_json = os.path.join(OUT, f"time-{name}.json")
    if HYPERFINE:
        cmd = " ".join(shlex.quote(a) for a in argv) + (f" < {shlex.quote(stdin)}" if stdin else "") + " > /dev/null"
        subprocess.run([HYPERFINE, "--warmup", "1", "--runs", str(RUNS), "--style", "basic",
                        "--command-name", name, "--export-json", out_json, cmd],
                       check=True, stdin=subprocess.DEVNULL)
        with open(out_json) as f:
            r = json.load(f)["results"][0]
        return r.get("median", statistics.median(r["times"]))
    times = []
    for i in range(RUNS + 1):
        with open(stdin or os.devnull, "rb") as fin:
            t0 = time.perf_counter()
            subprocess.run(argv, stdin=fin, stdout=subprocess.DEVNULL, check=True)
            t = time.perf_counter() - t0
        if i > 0:
            times.append(t)
    med = statistics.median(times)
    with open(out_json, "w") as f:
        json.dump({"results": [{"command": name, "median": med, "times": times}]}, f)
    print(f"{name}: median {med * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms ({RUNS} runs)")
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
    return {"count": t_doc["count"], "considered": t_doc["considered"], "sqlite_rows": len(s_rows),
            "count_ok": count_ok, "names_ok": names_ok, "same": same}


def add_latency(db100):
    """Median wall time of `tracker add` with distinct names, each its own process, on a copy of the db."""
    db = os.path.join(OUT, "add.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    subprocess.run(["sqlite3", db100, f".backup '{db}'"], check=True)
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
          f"({ADD_RUNS} runs, {os.path.basename(db)} copied from {os.path.basename(db100)}); "
          f"CPU (user+sys) median {statistics.median(cpus) * 1000:.1f} ms, the rest is waiting (fsync, scheduling)")
    return med, times


results = {"sizes": {}}
for n in SIZES:
    db = os.path.join(OUT, f"due-{n}.db")
    print(f"\n--- {label(n)}: correctness")
    check = compare(db, n)
    print(f"\n--- {label(n)}: tracker due")
    t_med = median_wall(f"tracker-due-{label(n)}", due_cmd(db))
    print(f"\n--- {label(n)}: sqlite3 shell, bench/due.sql")
    s_med = median_wall(f"sqlite3-due-{label(n)}", sqlite_cmd(db), stdin=DUE_SQL)
    results["sizes"][label(n)] = {"n": n, "tracker_s": t_med, "sqlite_s": s_med, "ratio": t_med / s_med, **check}

largest = max(SIZES)
db_large = os.path.join(OUT, f"due-{largest}.db")
print(f"\n--- {label(largest)}: peak RSS")
rss_t = peak_rss_kib(due_cmd(db_large))
rss_s = peak_rss_kib(sqlite_cmd(db_large), stdin=DUE_SQL)
print(f"tracker due: {rss_t / 1024:.1f} MiB, sqlite3 shell: {rss_s / 1024:.1f} MiB (max of 3 runs, "
      f"{'GNU time' if GNU_TIME else 'getrusage'})")
print(f"\n--- {label(largest)}: tracker add")
add_med, add_times = add_latency(db_large)
results.update({"largest": label(largest), "rss_tracker_kib": rss_t, "rss_sqlite_kib": rss_s,
                "add_median_s": add_med, "add_times_s": add_times,
                "load_average": open("/proc/loadavg").read().split()[:3]})
with open(os.path.join(OUT, "results.json"), "w") as f:
    json.dump(results, f, indent=2)

# Summary
def ok(b):
    return "ok" if b else "MISSED"

print("\n=== due: median wall time, whole process, output to /dev/null "
      f"({'hyperfine' if HYPERFINE else 'python loop'}, 1 warm-up + {RUNS} runs)")
print(f"{'size':>6} {'due rows':>9} {'tracker due':>12} {'sqlite3':>10} {'ratio':>7}  {'same answer':<12} goal <= 1.5x")
for key, r in results["sizes"].items():
    answer = "yes" if r["same"] else ("count+names" if r["count_ok"] and r["names_ok"] else "NO")
    print(f"{key:>6} {r['count']:>9} {r['tracker_s'] * 1000:>9.1f} ms {r['sqlite_s'] * 1000:>7.1f} ms "
          f"{r['ratio']:>6.2f}x  {answer:<12} {ok(r['ratio'] <= 1.5)}")
goals = [(f"due {key} <= 1.5x sqlite3 shell", f"{r['ratio']:.2f}x", ok(r["ratio"] <= 1.5))
         for key, r in results["sizes"].items()]
goals.append((f"add median <= 10 ms ({label(largest)})", f"{add_med * 1000:.1f} ms", ok(add_med <= 0.010)))
goals.append((f"due peak RSS < 32 MiB ({label(largest)})", f"{rss_t / 1024:.1f} MiB", ok(rss_t < 32 * 1024)))
print(f"(sqlite3 shell peak RSS on the same question: {rss_s / 1024:.1f} MiB)")
mismatch = [k for k, r in results["sizes"].items() if not (r["count_ok"] and r["names_ok"])]
goals.append(("tracker and sqlite3 give the same list", "yes" if not mismatch else "NO: " + ", ".join(mismatch),
              ok(not mismatch)))
print("\n=== goals")
for name, value, status in goals:
    print(f"  {name:<40} {value:>10}  {status}")
print(f"\nload average at the end: {' '.join(results['load_average'])} (timings are noisy when it exceeds the CPU count)")
print(f"raw numbers: {os.path.join(OUT, 'results.json')}")
PY
