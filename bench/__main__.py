"""`make bench`: every benchmark, each in its own process (each picks its own
settings), then one table on the terminal and in bench/results.md, with the
machine, the date and the commit."""

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time

from bench.common import BASE_DIR, BENCH_DIR, RESULT_PREFIX

RUNS = [
    ("pages", "bench.pages", {}),
    ("sweep at 10,000 rows", "bench.sweep", {"BENCH_ROWS": "10000"}),
    ("sweep at 1,000,000 rows", "bench.sweep", {"BENCH_ROWS": "1000000"}),
    ("emails", "bench.emails", {}),
    ("profile save and unsubscribe at 10,000 applications", "bench.profile", {}),
]


def run(title, module, env):
    """Run one benchmark, echoing its output; return its reported figures."""
    print(f"== {title}", flush=True)
    process = subprocess.Popen(
        [sys.executable, "-m", module],
        env={**os.environ, **env},
        cwd=BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    figures = None
    for line in process.stdout:
        if line.startswith(RESULT_PREFIX):
            figures = json.loads(line[len(RESULT_PREFIX) :])
        else:
            print(line, end="", flush=True)
    process.wait()
    return figures or {
        "name": module,
        "ok": False,
        "error": f"exited with {process.returncode} and no figures",
    }


def command(*args):
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine():
    with open("/proc/cpuinfo") as cpuinfo:
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")),
            "unknown",
        )
    with open("/proc/meminfo") as meminfo:
        memory_kb = next((int(line.split()[1]) for line in meminfo if line.startswith("MemTotal")), 0)
    dirty = (
        " (with uncommitted changes)"
        if command("git", "-C", str(BASE_DIR), "status", "--porcelain", "--untracked-files=no")
        else ""
    )
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": command("git", "-C", str(BASE_DIR), "rev-parse", "--short", "HEAD") + dirty,
        "machine": f"{platform.system()} {platform.release()} {platform.machine()}, {cpu}, "
        f"{os.cpu_count()} cores, {memory_kb / 1024 / 1024:.0f} GiB",
        "software": ", ".join(
            [
                f"Python {platform.python_version()}",
                command("psql", "--version").replace("psql (PostgreSQL)", "PostgreSQL (client)"),
                command("redis-server", "--version").split(" sha=")[0],
                (command("wrk", "--version").splitlines() or ["wrk: not installed"])[0].split(" [")[0],
            ]
        ),
    }


def ms(value):
    """Milliseconds to one decimal; a dash for a figure not measured."""
    return "—" if value is None or value != value else f"{value:.1f}"


def yes(ok):
    return "yes" if ok else "**no**"


def tables(results):
    pages, small, large, emails, profile = results
    lines = []
    if pages.get("pages"):
        lines += [
            f"### Pages (gunicorn, {pages['workers']} workers, production settings; "
            f"wrk with {pages['workers']} connections, {pages['seconds']} s each)",
            "",
            "| page | req/s | p50 ms | p95 ms | p99 ms | SQL queries | SQL ms | other ms | CPU ms "
            "| share of trivial (signed in) | share of trivial (no cookie) | goal met |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in pages["trivial"]:
            lines.append(
                f"| {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
                f"{row['p99_ms']:.1f} | {row['queries']} | {row['sql_ms']:.1f} | {ms(row['python_ms'])} "
                f"| {ms(row.get('cpu_ms'))} | | | |"
            )
        for row in pages["pages"]:
            lines.append(
                f"| {row['page']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
                f"{row['p99_ms']:.1f} | {row['queries']} | {row['sql_ms']:.1f} | {row['python_ms']:.1f} | "
                f"{ms(row.get('cpu_ms'))} | {row['of_trivial']:.0%} | "
                f"{row['of_anonymous']:.0%} | {yes(row['ok'])} |"
            )
        lines += [
            "",
            "Goal: p95 under 40 ms and at least 20% of the trivial view's requests per second "
            "(the signed-in trivial view: the mean of its two runs). SQL ms and other ms are the mean time "
            "per request spent waiting for SQL and in Python (middleware, view, template), measured "
            "in-process without HTTP; CPU ms is this process's CPU time per request there, the figure "
            "other people's load on a shared machine moves least.",
            "",
        ]
    else:
        lines += [f"Pages: failed ({pages.get('error', '')})", ""]
    if small.get("seconds") is not None and large.get("seconds") is not None:
        ratio = large["seconds"] / small["seconds"]
        ok = large["ok"] and small["ok"] and ratio < 1.5
        lines += [
            f"### Reminder sweep ({large['due']:,} due; select, claim, record, enqueue to Redis)",
            "",
            "| interviews in the table | sweep seconds | send tasks queued | claim uses the index |",
            "|---:|---:|---:|---|",
            f"| {small['rows']:,} | {small['seconds']:.2f} | {small['queued_tasks']} "
            f"| {yes(small['uses_index'])} |",
            f"| {large['rows']:,} | {large['seconds']:.2f} | {large['queued_tasks']} "
            f"| {yes(large['uses_index'])} |",
            "",
            f"Ratio 1M / 10k: **{ratio:.2f}** (goal under 1.5); "
            f"at 1M: {large['seconds']:.2f} s (goal under 10 s). Goal met: {yes(ok)}.",
            "",
            "Claim query plan at 1,000,000 rows:",
            "",
            "```",
            large["plan"],
            "```",
            "",
        ]
    else:
        lines += [f"Sweep: failed ({small.get('error', '')} {large.get('error', '')})", ""]
    if emails.get("seconds") is not None:
        lines += [
            f"### Email ({emails['due']:,} due reminders, "
            f"a Celery worker with {emails['concurrency']} processes, local aiosmtpd)",
            "",
            "| received | distinct Message-IDs | received twice | marked sent | seconds | goal met |",
            "|---:|---:|---:|---:|---:|---|",
            f"| {emails['received']:,} | {emails['distinct']:,} | {emails['duplicates']} "
            f"| {emails['marked_sent']:,} | {emails['seconds']:.1f} | {yes(emails['ok'])} |",
            "",
            "Goal: under 60 s, every message received exactly once.",
            "",
        ]
    else:
        lines += [f"Email: failed ({emails.get('error', '')})", ""]
    if profile.get("profile_ms") is not None:
        profile_ms, unsubscribe_ms = profile["profile_ms"], profile["unsubscribe_ms"]
        lines += [
            f"### Profile save and one-click unsubscribe ({profile['applications']:,} applications, "
            "gunicorn, production settings)",
            "",
            "| request | slowest of the runs, ms | goal met |",
            "|---|---:|---|",
            f"| profile save (time zone changed) | {profile_ms:.0f} | {yes(profile_ms < 1000)} |",
            f"| one-click unsubscribe | {unsubscribe_ms:.0f} | {yes(unsubscribe_ms < 1000)} |",
            "",
            f"Goal: each under 1 s. The replanning the profile save queues took "
            f"{profile['replan_seconds']:.1f} s in the worker's place "
            "(for information; no request waits for it).",
            "",
        ]
    else:
        lines += [f"Profile: failed ({profile.get('error', '')})", ""]
    return lines


def main():
    started = time.monotonic()
    results = [run(*spec) for spec in RUNS]
    about = machine()
    minutes = (time.monotonic() - started) / 60
    body = tables(results)
    header = [
        "# Benchmark results",
        "",
        f"- Date: {about['date']}",
        f"- Commit: {about['commit']}",
        f"- Machine: {about['machine']}",
        f"- Software: {about['software']}",
        f"- Command: `make bench` ({minutes:.1f} minutes in all)",
        "",
        "Every figure comes from this one run. Page throughput is compared with a trivial Django view "
        "served by the same gunicorn in the same run, because absolute figures drift on shared machines.",
        "",
    ]
    text = "\n".join(header + body)
    (BENCH_DIR / "results.md").write_text(text)
    print("\n" + text)
    ok = all(result.get("ok") for result in results)
    print("ALL GOALS MET" if ok else "SOME GOALS MISSED (see above)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
