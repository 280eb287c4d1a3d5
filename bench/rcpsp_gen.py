#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Random RCPSP instances in PSPLIB's .sm format, for checks on instances nothing was tuned on.

    bench/rcpsp_gen.py [-n JOBS] [-c COUNT] [-s SEED] DIR

Modelled on ProGen's parameters (Kolisch, Sprecher & Drexl 1995), simplified: JOBS non-dummy
jobs with durations 1..10; each job after the first three has 1..3 predecessors among the jobs
before it (the first three follow the source), a job without successors precedes the sink; 4
renewable resources, each job uses each with probability RF (at least one), demands 1..10;
capacity = kmin + RS * (kmax - kmin), kmin the largest demand, kmax the peak of the
earliest-start schedule (ProGen's resource strength). RF and RS cycle through {0.25, 0.5, 0.75,
1} x {0.2, 0.5, 0.7}, so the low-strength (hard) ones are a third of the set. The optima are not
known: bench/psplib_cross.sh compares the exact searches' claims with each other.
"""
import argparse
import os
import random

NRES = 4


def instance(rng, n, rf, rs):
    jobs = n + 2
    dur = [0] + [rng.randint(1, 10) for _ in range(n)] + [0]
    succ = [set() for _ in range(jobs)]
    for j in range(1, n + 1):
        if j <= 3:
            succ[0].add(j)
            continue
        free = [i for i in range(1, j) if len(succ[i]) < 3] or list(range(1, j))
        for p in rng.sample(free, min(len(free), rng.randint(1, 3))):
            succ[p].add(j)
    for j in range(1, n + 1):
        if not succ[j]:
            succ[j].add(n + 1)
    for j in range(1, n + 1):
        if not any(j in succ[i] for i in range(j)):
            succ[0].add(j)
    dem = [[0] * NRES for _ in range(jobs)]
    for j in range(1, n + 1):
        use = [k for k in range(NRES) if rng.random() < rf] or [rng.randrange(NRES)]
        for k in use:
            dem[j][k] = rng.randint(1, 10)
    es = [0] * jobs
    for j in range(jobs):
        for s in succ[j]:
            es[s] = max(es[s], es[j] + dur[j])
    horizon = sum(dur)
    cap = []
    for k in range(NRES):
        kmin = max(dem[j][k] for j in range(jobs))
        use = [0] * (horizon + 1)
        for j in range(jobs):
            for t in range(es[j], es[j] + dur[j]):
                use[t] += dem[j][k]
        kmax = max(use)
        cap.append(max(1, kmin + round(rs * (kmax - kmin))))
    return dur, succ, dem, cap, horizon


def write(path, name, seed, dur, succ, dem, cap, horizon):
    jobs = len(dur)
    bar = "*" * 72
    with open(path, "w") as f:
        f.write(f"{bar}\nfile with basedata            : {name}.bas\n")
        f.write(f"initial value random generator: {seed}\n{bar}\n")
        f.write(f"projects                      :  1\njobs (incl. supersource/sink ):  {jobs}\n")
        f.write(f"horizon                       :  {horizon}\nRESOURCES\n")
        f.write(f"  - renewable                 :  {NRES}   R\n")
        f.write("  - nonrenewable              :  0   N\n  - doubly constrained        :  0   D\n")
        f.write(f"{bar}\nPROJECT INFORMATION:\npronr.  #jobs rel.date duedate tardcost  MPM-Time\n")
        f.write(f"    1     {jobs - 2}      0       0        0        0\n{bar}\n")
        f.write("PRECEDENCE RELATIONS:\njobnr.    #modes  #successors   successors\n")
        for j in range(jobs):
            s = sorted(succ[j])
            f.write(f"  {j + 1:3d}        1  {len(s):3d}      " + " ".join(f"{x + 1:3d}" for x in s) + "\n")
        f.write(f"{bar}\nREQUESTS/DURATIONS:\njobnr. mode duration  R 1  R 2  R 3  R 4\n")
        f.write("-" * 72 + "\n")
        for j in range(jobs):
            f.write(f"  {j + 1:3d}      1  {dur[j]:3d}    " + " ".join(f"{d:4d}" for d in dem[j]) + "\n")
        f.write(f"{bar}\nRESOURCEAVAILABILITIES:\n  R 1  R 2  R 3  R 4\n")
        f.write("  " + " ".join(f"{c:4d}" for c in cap) + f"\n{bar}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=30, help="non-dummy jobs (default 30)")
    ap.add_argument("-c", type=int, default=24, help="instances (default 24)")
    ap.add_argument("-s", type=int, default=1, help="seed (default 1)")
    ap.add_argument("dir")
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    for i in range(a.c):
        rf = (0.25, 0.5, 0.75, 1.0)[i % 4]
        rs = (0.2, 0.5, 0.7)[(i // 4) % 3]
        seed = a.s * 100003 + i
        rng = random.Random(seed)
        name = f"r{a.n}_{a.s}_{i + 1}"
        write(os.path.join(a.dir, name + ".sm"), name, seed, *instance(rng, a.n, rf, rs))


if __name__ == "__main__":
    main()
