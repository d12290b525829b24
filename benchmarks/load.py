"""Load benchmark: virtual users drive the served Homeward over HTTP with a caseworker's mix.

    uv run python benchmarks/load.py --url http://127.0.0.1:8001 --users 50 --duration 60

Run it against the production server (bin/serve, gunicorn) on the same database it serves
(DATABASE_URL as for the server): it signs its users in by minting their sessions in the database
(the second factor counted as given; sign-in itself is not what is measured), then each virtual
user loops: search cases by a name in a random script, open a case, tick a check of it (and
withdraw it again), open the review queue and one candidate pair, and open the figures, with a
think time between requests. It prints throughput, p50/p95/p99 per page and the errors. Requests
are bounded in number and time and go to the given URL only (use loopback).
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

SEARCHES = ["Хасанов", "Khasanov", "محمد", "Магомедов", "Aliev", "Умаров", "Ибрагим", "Fatima", "Юсупова",
            "Idrisov", "Магомед Хасанов", "Zaynab", "Гаджиев", "Sulaymanov", "حسن", "Zzyzx"]


def mint_sessions(usernames: list[str]) -> tuple[str, dict[str, str]]:
    """A signed-in session key for each user (second factor counted as given)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from homeward.accounts.models import User
    from homeward.accounts.signin import VERIFIED_KEY

    out = {}
    for name in usernames:
        user = User.objects.get(username=name)
        s = SessionStore()
        s[SESSION_KEY] = str(user.pk)
        s[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        s[HASH_SESSION_KEY] = user.get_session_auth_hash()
        s[VERIFIED_KEY] = True
        s["homeward_started"] = s["homeward_seen"] = time.time()
        s.create()
        out[name] = s.session_key or ""
    return settings.SESSION_COOKIE_NAME, out


def targets(username: str, n: int = 400) -> tuple[list[int], list[int]]:
    """Case ids and candidate-pair ids this user may open (a sample spread over the table)."""
    from homeward.accounts.models import User
    from homeward.cases.access import cases_visible_to
    from homeward.tracing.models import CandidateMatch

    user = User.objects.get(username=username)
    cases = list(cases_visible_to(user).filter(stage_id__in=["identified", "identity_verified", "kinship_verified",
                                                             "best_interests", "legal_clearance"])
                 .order_by("?").values_list("pk", flat=True)[:n])
    pairs = list(CandidateMatch.objects.filter(status="potential", case_id__in=cases[:200] or [0])
                 .values_list("pk", flat=True)[:n])
    if not pairs:
        pairs = list(CandidateMatch.objects.filter(status="potential").values_list("pk", flat=True)[:n])
    return cases, pairs


def server_cpu() -> dict[int, tuple[str, float]] | None:
    """CPU seconds so far of each of the web server's processes (gunicorn) and PostgreSQL's, by
    process id, read from /proc (Linux, server on this machine): with the requests served, the
    CPU each request cost, the figure that compares machines of different speed. None where
    /proc shows no web server."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    found: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        kind = "web" if "gunicorn" in cmd else "postgres" if cmd.startswith("postgres:") else None
        if kind is not None:
            found[int(entry.name)] = (kind, (int(stat[11]) + int(stat[12])) / tick)  # utime + stime
    return found if any(kind == "web" for kind, _ in found.values()) else None


def cpu_spent(before: dict[int, tuple[str, float]], after: dict[int, tuple[str, float]]) -> tuple[dict[str, float], int]:
    """CPU seconds spent between two readings by kind of process, and how many processes ended
    between them (their CPU is not counted: /proc forgets it)."""
    spent = {"web": 0.0, "postgres": 0.0}
    for pid, (kind, seconds) in after.items():
        earlier = before.get(pid)
        spent[kind] += seconds - (earlier[1] if earlier is not None and earlier[0] == kind else 0.0)
    return spent, sum(pid not in after for pid in before)


class Client:
    session_cookie = "sessionid"

    def __init__(self, url: str, session: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.cookies = {self.session_cookie: session}
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()), "Host": "127.0.0.1"}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                resp = self.conn.getresponse()
                text = resp.read().decode("utf-8", "replace")
                for cookie in resp.headers.get_all("Set-Cookie") or []:
                    name, _, rest = cookie.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                return resp.status, text
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def user_loop(url: str, session: str, cases: list[int], pairs: list[int], until: float, think: float,
              skip: list[str], seed: int, times: dict[str, list[float]], errors: dict[str, list[str]], lock: threading.Lock) -> None:
    rng = random.Random(seed)
    client = Client(url, session)

    def hit(page: str, method: str, path: str, body: dict[str, str] | None = None, ok: tuple[int, ...] = (200,)) -> str:
        started = time.perf_counter()
        try:
            status, text = client.request(method, path, body)
        except Exception as exc:  # noqa: BLE001 - every failure is counted
            status, text = 0, repr(exc)
        took = time.perf_counter() - started
        with lock:
            times[page].append(took)
            if status not in ok:
                errors[page].append(f"{status} {path}")
        time.sleep(rng.uniform(0.5, 1.5) * think)
        return text if status in ok else ""

    while time.monotonic() < until:
        q = urllib.parse.quote(rng.choice(SEARCHES))
        hit("search", "GET", f"/cases/?q={q}")
        if cases:
            case = rng.choice(cases)
            page = hit("case page", "GET", f"/cases/{case}/")
            codes = re.findall(rf'/cases/{case}/checks/([\w-]+)/', page)
            if codes:
                code = rng.choice(codes)
                hit("tick a check", "POST", f"/cases/{case}/checks/{code}/", {"reference": "", "note": "load test"},
                    ok=(200, 302))
                hit("tick a check", "POST", f"/cases/{case}/checks/{code}/", {"undo": "1"}, ok=(200, 302))
        if time.monotonic() >= until:
            break
        if "review" not in skip:
            hit("review queue", "GET", "/tracing/review/")
            if pairs:
                hit("review a pair", "GET", f"/tracing/review/{rng.choice(pairs)}/")
        if "figures" not in skip:
            hit("figures", "GET", "/figures/")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8001")
    parser.add_argument("--users", type=int, default=10, help="concurrent virtual users")
    parser.add_argument("--duration", type=float, default=60, help="seconds (at most 600)")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time between requests, s")
    parser.add_argument("--skip", action="append", default=[], choices=["figures", "review"],
                        help="leave a page out of the mix (repeatable)")
    parser.add_argument("--as", dest="username", default="natalia", help="demo user the virtual users act as")
    args = parser.parse_args()
    host = urllib.parse.urlsplit(args.url).hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        parser.error("--url must be on this machine (loopback)")
    duration = min(args.duration, 600)
    cookie, sessions = mint_sessions([args.username])
    session = sessions[args.username]
    Client.session_cookie = cookie
    cases, pairs = targets(args.username)
    times: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[str]] = defaultdict(list)
    lock = threading.Lock()
    cpu_before, load_before = server_cpu(), os.getloadavg()[0]
    started = time.monotonic()
    until = started + duration
    threads = [threading.Thread(target=user_loop, args=(args.url, session, cases, pairs, until, args.think, args.skip, i, times,
                                                        errors, lock), daemon=True) for i in range(args.users)]
    for t in threads:
        t.start()
        time.sleep(min(0.05, 1 / max(args.users, 1)))
    for t in threads:
        t.join(timeout=duration + 60)
    elapsed = time.monotonic() - started
    total = sum(len(v) for v in times.values())
    print(f"{args.users} users, {elapsed:.0f} s, think {args.think:.1f} s: {total} requests, "
          f"{total / elapsed:.1f} requests/s, {sum(len(v) for v in errors.values())} errors")
    print(f"{'page':<15}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for page in ("search", "case page", "tick a check", "review queue", "review a pair", "figures"):
        values = sorted(times.get(page, []))
        if not values:
            continue
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        print(f"{page:<15}{len(values):>7}{q[49] * 1000:>9.0f}{q[94] * 1000:>9.0f}{q[98] * 1000:>9.0f}"
              f"{len(errors.get(page, [])):>8}")
    for page, errs in errors.items():
        for e in sorted(set(errs))[:3]:
            print(f"  error on {page}: {e}")
    cpu_after = server_cpu()
    if cpu_before is not None and cpu_after is not None and total:
        spent, ended = cpu_spent(cpu_before, cpu_after)
        web, pg = (1000 * spent[k] / total for k in ("web", "postgres"))
        print(f"server CPU per request: {web + pg:.1f} ms (web server {web:.1f}, PostgreSQL {pg:.1f})"
              + (f", not counting {ended} processes that ended during the run" if ended else "")
              + f"; {os.cpu_count()} cores, load average {load_before:.1f} before the run, {os.getloadavg()[0]:.1f} after")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
