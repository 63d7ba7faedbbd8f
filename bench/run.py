"""The benchmark, in one command: `make bench` (or `python -m bench.run`).

1. Makes a scratch PostgreSQL database (BENCH_DATABASE_URL; its name must contain
   "bench", since it is dropped and made again), migrates it and loads the demo.
2. Starts the app under gunicorn (2 workers, DEBUG off, two-factor sign-in required)
   with a plain Django admin beside it (bench/admin.py), signed in as the business unit
   and as a superuser through sessions made in the scratch database (bench/prepare.py).
3. At factor 1 (the demo) and factor 10 (the demo and `seed_scale --factor 9`): for each
   page in bench/pages.py and the admin changelist beside it, the SQL queries, and p50,
   p95 (server time, from gunicorn's access log) and requests a second at concurrency 2
   and 4; the yearly report's render time and pages.
4. At factor 10, the reminder job with 10,000 more open deadlines.
5. Writes the tables into docs/performance.md, between its markers.

The load comes from this process: a thread a connection, keep-alive, standard library
only (http.client), so the benchmark needs nothing the app does not.
"""

import json
import os
import platform
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlsplit

from bench.pages import PAGES

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/partnership_hub_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "")
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "4"))
CONCURRENCY = (2, 4)
SCALE_COPIES = int(os.environ.get("BENCH_SCALE_COPIES", "9"))
REMINDER_DEADLINES = 10_000
WORKERS = 2

# The targets (a benchmark, not timed tests).
TARGET_P95_MS = 100
TARGET_RATIO = 2.0
TARGET_REPORT_SECONDS = 5
TARGET_REMINDER_SECONDS = 10


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- The scratch database and the app ------------------------------------------------


def _environment() -> dict:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TESTING", "DEBUG", "REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        REQUIRE_TWO_FACTOR="1",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return environment


ENVIRONMENT = _environment()


def manage(*arguments: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py with fixed arguments
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare(*arguments: str) -> dict:
    result = subprocess.run(  # noqa: S603 - the benchmark's own module
        [sys.executable, "-m", "bench.prepare", *arguments],
        cwd=ROOT,
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"bench.prepare {' '.join(arguments)} failed:\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def fresh_database() -> str:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(
            f"BENCH_DATABASE_URL names {name!r}: the benchmark drops it, so its name must contain 'bench'"
        )
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'drop database if exists "{name}" with (force)')
        connection.execute(f'create database "{name}"')
        version = connection.execute("show server_version").fetchone()[0]
    return version


def drop_database() -> None:
    import psycopg

    parts = urlsplit(DATABASE_URL)
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'drop database if exists "{parts.path.lstrip("/")}" with (force)')


class Server:
    """gunicorn, as production starts it (thscp/gunicorn.py), with an access log that
    gives each request's server time in microseconds."""

    def __init__(self, folder: Path):
        self.access_log = folder / "access.log"
        self.error_log = folder / "error.log"
        self.process = None

    def __enter__(self):
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(  # noqa: S603 - gunicorn with fixed arguments
            [
                str(gunicorn),
                "-c",
                "python:thscp.gunicorn",
                "--workers",
                str(WORKERS),
                "--bind",
                f"127.0.0.1:{PORT}",
                "--access-logfile",
                str(self.access_log),
                "--access-logformat",
                "%(U)s %(s)s %(D)s %(B)s",
                "--error-logfile",
                str(self.error_log),
                "thscp.wsgi",
            ],
            cwd=ROOT,
            env=ENVIRONMENT,
            start_new_session=True,
        )
        for _ in range(120):
            try:
                connection = HTTPConnection("127.0.0.1", PORT, timeout=5)
                connection.request("GET", "/accounts/login/")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.error_log.read_text()}")
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer within a minute")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def offset(self) -> int:
        return self.access_log.stat().st_size if self.access_log.exists() else 0

    def server_times_ms(self, since: int, path: str) -> list[float]:
        with self.access_log.open("rb") as log_file:
            log_file.seek(since)
            lines = log_file.read().decode().splitlines()
        times = []
        for line in lines:
            parts = line.split()
            if len(parts) == 4 and parts[0] == path and parts[1] == "200":
                times.append(int(parts[2]) / 1000)
        return times


# --- Load -----------------------------------------------------------------------------


@dataclass
class Load:
    requests: int
    errors: int
    seconds: float
    server_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds

    def percentile(self, share: float) -> float:
        if not self.server_ms:
            return float("nan")
        ordered = sorted(self.server_ms)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _client(path: str, cookie: str, deadline: float, results: list, start: threading.Barrier) -> None:
    connection = HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"Cookie": f"sessionid={cookie}", "Host": "127.0.0.1"}
    done = errors = 0
    start.wait()
    while time.perf_counter() < deadline:
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status == 200:
                done += 1
            else:
                errors += 1
        except OSError:
            errors += 1
            connection.close()
            connection = HTTPConnection("127.0.0.1", PORT, timeout=60)
    connection.close()
    results.append((done, errors))


def load(server: Server, path: str, cookies: list[str], concurrency: int) -> Load:
    for cookie in cookies[:concurrency]:  # warm each worker and session
        _client(path, cookie, time.perf_counter() + 0.3, [], threading.Barrier(1))
    since = server.offset()
    results: list = []
    start = threading.Barrier(concurrency + 1)
    threads = []
    began = time.perf_counter()
    deadline = began + SECONDS + 0.05  # the barrier below costs a little
    for n in range(concurrency):
        thread = threading.Thread(target=_client, args=(path, cookies[n], deadline, results, start))
        thread.start()
        threads.append(thread)
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    time.sleep(0.2)  # the access log is written as each response ends
    done = sum(r[0] for r in results)
    errors = sum(r[1] for r in results)
    return Load(requests=done, errors=errors, seconds=elapsed, server_ms=server.server_times_ms(since, path))


def measure_factor(server: Server, factor: int, cookies: dict) -> dict:
    log(f"factor {factor}: SQL queries per page")
    queries = prepare("queries")
    rows = []
    for page in PAGES:
        row = {"page": page, "queries": queries[page.path], "admin_queries": queries[page.admin_path]}
        for concurrency in CONCURRENCY:
            # Side by side: the page, then its admin changelist, at the same moment of the run.
            row[("page", concurrency)] = load(server, page.path, cookies["business_unit"], concurrency)
            row[("admin", concurrency)] = load(server, page.admin_path, cookies["admin"], concurrency)
        shown = row[("page", 4)]
        log(
            f"  {page.name}: p95 {shown.percentile(0.95):.0f} ms, {shown.per_second:.0f} req/s "
            f"(admin {row[('admin', 4)].per_second:.0f} req/s), {row['queries']['queries']} queries"
        )
        rows.append(row)
    log(f"factor {factor}: the yearly report")
    report = prepare("report")
    return {"rows": rows, "report": report}


# --- The document ----------------------------------------------------------------------


def machine(postgres_version: str) -> list[str]:
    cpu = "unknown"
    try:
        match = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = match.group(1).strip() if match else cpu
    except OSError:
        pass
    memory = ""
    try:
        match = re.search(r"MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text())
        memory = f", {int(match.group(1)) / 1024 / 1024:.0f} GB memory" if match else ""
    except OSError:
        pass
    return [
        f"- Machine: {cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, PostgreSQL {postgres_version}, gunicorn {WORKERS} workers "
        f"(sync), DEBUG off, two-factor sign-in required, cache: {'Redis' if REDIS_URL else 'in memory'}",
        f"- Load from the same machine: {SECONDS:g} s a measurement after a warm-up, a keep-alive "
        "connection a thread (Python's http.client)",
    ]


def _ms(value: float) -> str:
    return "–" if value != value else f"{value:.0f}"  # NaN: no successful request


def _ratio(page: Load, admin: Load) -> float:
    return page.per_second / max(admin.per_second, 0.01)


def table(factor: int, measured: dict, baseline: dict | None) -> list[str]:
    lines = [
        f"#### Factor {factor}",
        "",
        "| page | KB | queries | p50 / p95 ms (c2) | p50 / p95 ms (c4) | req/s c2 / c4 "
        "| admin changelist | admin queries | admin req/s c2 / c4 | ratio c2 / c4 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for n, row in enumerate(measured["rows"]):
        page = row["page"]
        c2, c4 = row[("page", 2)], row[("page", 4)]
        a2, a4 = row[("admin", 2)], row[("admin", 4)]
        queries = row["queries"]["queries"]
        same = ""
        if baseline is not None:
            before = baseline["rows"][n]["queries"]["queries"]
            same = "" if before == queries else f" (was {before})"
        status = "" if row["queries"]["status"] == 200 else f" **HTTP {row['queries']['status']}**"
        lines.append(
            f"| {page.name}{status} | {row['queries']['bytes'] / 1024:.0f} | {queries}{same} "
            f"| {_ms(c2.percentile(0.5))} / {_ms(c2.percentile(0.95))} "
            f"| {_ms(c4.percentile(0.5))} / {_ms(c4.percentile(0.95))} "
            f"| {c2.per_second:.0f} / {c4.per_second:.0f} | {page.admin_name} "
            f"| {row['admin_queries']['queries']} | {a2.per_second:.0f} / {a4.per_second:.0f} "
            f"| {_ratio(c2, a2):.1f} / {_ratio(c4, a4):.1f} |"
        )
    report = measured["report"]
    lines += [
        "",
        f"Yearly report {report['period']}: {report['pages']} pages in {report['seconds']:.1f} s "
        f"(assembling the sections {report['assembling_seconds']:.1f} s, {report['queries']} queries; "
        "the rest is WeasyPrint), median of 2 renders after a warm-up.",
        "",
    ]
    return lines


def targets(factor_one: dict, factor_ten: dict, reminders: dict) -> list[str]:
    missed = []
    for before, row in zip(factor_one["rows"], factor_ten["rows"], strict=True):
        page = row["page"]
        if before["queries"]["queries"] != row["queries"]["queries"]:
            missed.append(
                f"{page.name}: {row['queries']['queries']} queries at factor 10, "
                f"{before['queries']['queries']} at factor 1"
            )
        p95 = max(row[("page", c)].percentile(0.95) for c in CONCURRENCY)
        if not p95 < TARGET_P95_MS:
            missed.append(f"{page.name}: p95 {p95:.0f} ms (target under {TARGET_P95_MS} ms)")
        ratio = min(
            row[("page", c)].per_second / max(row[("admin", c)].per_second, 0.01) for c in CONCURRENCY
        )
        if ratio < TARGET_RATIO:
            missed.append(f"{page.name}: {ratio:.1f} times the admin's throughput (target {TARGET_RATIO:g})")
        errors = sum(row[(kind, c)].errors for kind in ("page", "admin") for c in CONCURRENCY)
        if errors:
            missed.append(f"{page.name}: {errors} requests failed during the load")
    if factor_ten["report"]["seconds"] >= TARGET_REPORT_SECONDS:
        missed.append(
            f"yearly report: {factor_ten['report']['seconds']:.1f} s (target under {TARGET_REPORT_SECONDS} s)"
        )
    job = reminders["job_seconds"]
    if job >= TARGET_REMINDER_SECONDS:
        missed.append(f"reminder job: {job:.1f} s (target under {TARGET_REMINDER_SECONDS} s)")
    if not missed:
        return ["Every target is met in this run.", ""]
    return ["Targets not met in this run:", "", *[f"- {line}" for line in missed], ""]


def write_document(lines: list[str]) -> None:
    block = "\n".join([START, *lines, END])
    text = DOCUMENT.read_text() if DOCUMENT.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START not in text:
        text = f"{text.rstrip()}\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    DOCUMENT.write_text(f"{before}{block}{after}")


def main() -> None:
    started = time.time()
    load_before = os.getloadavg()
    log(f"scratch database {urlsplit(DATABASE_URL).path.lstrip('/')}")
    postgres_version = fresh_database()
    log("migrate, collect static files, load the demo")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("seed_demo", "--force")
    cookies = prepare("sessions", str(max(CONCURRENCY)))
    with tempfile.TemporaryDirectory() as folder, Server(Path(folder)) as server:
        factor_one = measure_factor(server, 1, cookies)
        log(f"seed_scale --factor {SCALE_COPIES}")
        seeded = time.perf_counter()
        output = manage("seed_scale", "--factor", str(SCALE_COPIES), "--force")
        seed_seconds = time.perf_counter() - seeded
        added = re.search(r"Added (\d+) records", output)
        factor = SCALE_COPIES + 1
        factor_ten = measure_factor(server, factor, cookies)
    log(f"the reminder job with {REMINDER_DEADLINES} more open deadlines")
    reminders = prepare("reminders", str(REMINDER_DEADLINES))
    load_after = os.getloadavg()
    if os.environ.get("BENCH_KEEP") != "1":
        drop_database()
    lines = [
        f"Measured {datetime.now():%-d %B %Y, %H:%M} by `make bench` "
        f"in {(time.time() - started) / 60:.0f} minutes.",
        "",
        *machine(postgres_version),
        f"- Load average (1 minute) before and after: {load_before[0]:.1f} and {load_after[0]:.1f}: "
        "other work on the machine shares its cores, so compare a page with its admin changelist "
        "(measured beside it) rather than with another run.",
        f"- Factor {factor}: `seed_scale --factor {SCALE_COPIES}` added {added.group(1) if added else '?'} "
        f"records in {seed_seconds:.0f} s.",
        "",
        *table(1, factor_one, None),
        *table(factor, factor_ten, factor_one),
        f"Reminder job at factor {factor} with {reminders['open_deadlines_added']:,} more open deadlines: "
        f"{reminders['job_seconds']:.1f} s and {reminders['job_queries']} queries to collect, plan and claim "
        f"{reminders['items']:,} reminders in {reminders['digests']} digests; sending them (each digest "
        f"its own task, run here in one process) {reminders['sending_seconds']:.1f} s "
        f"and {reminders['sending_queries']} queries.",
        "",
        *targets(factor_one, factor_ten, reminders),
    ]
    write_document(lines)
    log(f"written to {DOCUMENT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
