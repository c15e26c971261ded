"""One whole-process timing, shared by the encoder benchmarks (process.py, precision.py)."""
import subprocess, sys, time


def timed(cmd, env):
    """Runs `cmd` under /usr/bin/time: wall seconds, user and system CPU seconds, peak RSS in MiB.

    /usr/bin/time forks the tool from a small process: a child forked from the driver (which may
    hold a tokenizer) would report the driver's RSS. A failing tool stops the benchmark with its
    stderr's tail.
    """
    t0 = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "RUSAGE %U %S %M", *cmd], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    err = p.stderr.decode()
    if p.returncode != 0:
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{err[-2000:]}")
    user, sys_, rss = err.strip().splitlines()[-1].split()[1:]
    return {"wall": wall, "user": float(user), "sys": float(sys_), "rss": int(rss) / 1024}
