#!/usr/bin/env python3
"""Coordinate search over the scorer's numeric weights on the TRAIN split only.

Tries each weight (competency bases, expectation met/missed points, detector
points and thresholds, overall weights, phrase-rule points) a step up and down
and keeps a change when train agreement (pairs + bands) improves by at least
`--min-gain` items. The dev split is printed alongside to watch for
overfitting; the test split is never read. Writes the result to --out.

Usage: tools/tune-weights.py --rules rules/rules.json --out /tmp/tuned.json [--rounds 3]
Needs the eval test binary: cargo test --release --test eval --no-run
"""
import argparse, copy, glob, json, os, re, subprocess

ap = argparse.ArgumentParser()
ap.add_argument("--rules", default="rules/rules.json")
ap.add_argument("--out", default="/tmp/tuned.json")
ap.add_argument("--rounds", type=int, default=2)
ap.add_argument("--min-gain", type=int, default=1)
args = ap.parse_args()

binary = max((p for p in glob.glob("target/release/deps/eval-*") if not p.endswith(".d")), key=os.path.getmtime)
# A copy, so that another build replacing the binary cannot change the run halfway.
subprocess.run(["cp", binary, "/tmp/tune-eval-bin"], check=True)
binary = "/tmp/tune-eval-bin"

def evaluate(rules, split="train"):
    path = "/tmp/tune-try.json"
    json.dump(rules, open(path, "w"), ensure_ascii=False)
    test = "train_split_report" if split == "train" else "dev_split_agrees_with_the_trainers"
    out = subprocess.run([binary, test, "--exact", "--nocapture"], env={**os.environ, "DOJO_RULES": path},
                         capture_output=True, text=True).stdout
    m = re.search(r"  all\s+pairs\s+[\d.]+% \(\s*(\d+)/(\d+)\s*\)\s+bands\s+[\d.]+% \(\s*(\d+)/(\d+)", out)
    if not m:  # a rule set the scorer rejects, or a panic: never better
        return 0, 1, 0, 1
    pc, pt, bc, bt = map(int, m.groups())
    return pc, pt, bc, bt

def score(t):
    pc, pt, bc, bt = t
    return pc / pt + bc / bt

def knobs(r):
    """(getter path, step, lo, hi)"""
    out = []
    for c in r["base"]:
        out.append((("base", c), 5, 30, 85))
    for k, e in r["expectations"].items():
        out.append((("expectations", k, "met"), 2, 0, 20))
        out.append((("expectations", k, "missed"), 2, -25, 0))
    for k, d in r["detectors"].items():
        for c in d.get("points", {}):
            out.append((("detectors", k, "points", c), 3, -50, 30))
        for p in ("keep", "factor"):
            if p in d.get("params", {}):
                out.append((("detectors", k, "params", p), 0.1, 0.1, 1.0))
        for p in ("cap", "cap_specific", "min_units", "units"):
            if p in d.get("params", {}):
                out.append((("detectors", k, "params", p), 2, 0, 80))
    for c in r["overall"]["weights"]:
        out.append((("overall", "weights", c), 0.05, 0.05, 0.6))
    out.append((("overall", "weakest_share"), 0.05, 0.0, 0.7))
    for i, rule in enumerate(r["rules"]):
        for c in rule["points"]:
            out.append((("rules", i, "points", c), 3, -60, 30))
    return out

def get(r, path):
    for p in path:
        r = r[p]
    return r

def put(r, path, v):
    for p in path[:-1]:
        r = r[p]
    r[path[-1]] = v

rules = json.load(open(args.rules))
best = evaluate(rules)
print("start train", best, "dev", evaluate(rules, "dev"), flush=True)
for round_ in range(args.rounds):
    changed = 0
    for path, step, lo, hi in knobs(rules):
        cur = get(rules, path)
        for delta in (step, -step, 2 * step, -2 * step):
            v = cur + delta
            if isinstance(cur, float) or isinstance(step, float):
                v = round(v, 3)
            if not (lo <= v <= hi):
                continue
            trial = copy.deepcopy(rules)
            put(trial, path, v)
            t = evaluate(trial)
            gained = (t[0] + t[2]) - (best[0] + best[2])
            if score(t) > score(best) and gained >= args.min_gain:
                rules, best = trial, t
                changed += 1
                print(f"  {path}: {cur} -> {v}  train {t}", flush=True)
                json.dump(rules, open(args.out, "w"), ensure_ascii=False)
                break
    print(f"round {round_ + 1}: {changed} changes; train {best} dev {evaluate(rules, 'dev')}", flush=True)
    if not changed:
        break
json.dump(rules, open(args.out, "w"), ensure_ascii=False)
