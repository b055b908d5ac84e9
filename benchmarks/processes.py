"""Running benchmark subprocesses: a worker's JSON result, or a command's wall time and peak memory."""

from __future__ import annotations

import contextlib
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


MEM_LIMIT_MIB = 12 * 1024  # a job past this is stopped: the machine is shared (see --mem-limit-gib)


def run_worker(args: list[str], timeout: float = 3600, mem_limit_mib: float | None = None) -> dict:
    """Run `python -m benchmarks.workers ARGS`; its JSON, with spawn-relative cold start, or an error.

    The worker is stopped when its resident memory passes the limit: it then "did not fit", and the
    result says so with the peak it reached.
    """
    import tempfile

    spawned = time.time()
    cmd = [sys.executable, "-m", "benchmarks.workers", *args]
    limit = (mem_limit_mib or MEM_LIMIT_MIB) * 2**20
    cpu = children_cpu_s()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=err, text=True)
        peak, verdict = _watch(proc, limit, spawned + timeout)
        cpu = children_cpu_s() - cpu
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if verdict:
        return {"error": verdict, "peak_rss_mib": peak / 2**20, "did_not_fit": verdict.startswith("did not")}
    if proc.returncode != 0 or not stdout.strip():
        return {"error": (stderr.strip().splitlines() or ["no output"])[-1][:300]}
    result = json.loads(stdout.strip().splitlines()[-1]) | {"process_cpu_s": cpu}
    if "first_result_at" in result:
        result["cold_start_s"] = result.pop("first_result_at") - spawned
    if "kernel_ready_at" in result:
        result["kernel_ready_s"] = result.pop("kernel_ready_at") - spawned
    return result


def children_cpu_s() -> float:
    """User + system CPU seconds of all finished, waited-for child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _watch(proc: subprocess.Popen, limit: float, deadline: float) -> tuple[int, str]:
    """Wait for proc, sampling its memory; stop it past the limit or the deadline. (peak, verdict)."""
    import psutil

    peak = 0
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, psutil.Process(proc.pid).memory_info().rss)
        if peak > limit or time.time() > deadline:
            proc.kill()
            proc.wait()
            if peak > limit:
                return (
                    peak,
                    f"did not fit: stopped at {peak / 2**20:,.0f} MiB (limit {limit / 2**20:,.0f} MiB)",
                )
            return peak, "timed out"
        time.sleep(0.1)
    return peak, ""


def measure(cmd: list[str], stdin: Path | None, stdout: Path, cwd: Path) -> dict:
    """Run cmd; wall time and the peak resident memory of its whole process tree (sampled)."""
    import psutil

    start, cpu = time.perf_counter(), children_cpu_s()
    with (stdin or Path("/dev/null")).open("rb") as fin, stdout.open("wb") as fout:
        proc = subprocess.Popen(cmd, stdin=fin, stdout=fout, stderr=subprocess.PIPE, cwd=cwd)
        peak = 0
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    seconds, cpu = time.perf_counter() - start, children_cpu_s() - cpu
    out = {"seconds": seconds, "cpu_s": cpu, "peak_rss_mib": peak / 2**20, "returncode": proc.returncode}
    if proc.returncode:
        out["error"] = (err.strip().splitlines() or ["?"])[-1][:300]
    return out
