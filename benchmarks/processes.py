"""Running benchmark subprocesses: a worker's JSON result, or a command's wall time and peak memory."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_worker(args: list[str], timeout: float = 3600) -> dict:
    """Run `python -m benchmarks.workers ARGS`; its JSON, with spawn-relative cold start, or an error."""
    spawned = time.time()
    cmd = [sys.executable, "-m", "benchmarks.workers", *args]
    try:
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0 or not done.stdout.strip():
        return {"error": (done.stderr.strip().splitlines() or ["no output"])[-1][:300]}
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if "first_result_at" in result:
        result["cold_start_s"] = result.pop("first_result_at") - spawned
    if "kernel_ready_at" in result:
        result["kernel_ready_s"] = result.pop("kernel_ready_at") - spawned
    return result


def measure(cmd: list[str], stdin: Path | None, stdout: Path, cwd: Path) -> dict:
    """Run cmd; wall time and the peak resident memory of its whole process tree (sampled)."""
    import psutil

    start = time.perf_counter()
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
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "peak_rss_mib": peak / 2**20, "returncode": proc.returncode}
    if proc.returncode:
        out["error"] = (err.strip().splitlines() or ["?"])[-1][:300]
    return out
