#!/usr/bin/env python3
"""Prove a scorer change changes no judgement.

    tools/golden.py record /tmp/golden.out   # before the change
    tools/golden.py check  /tmp/golden.out   # after: exit 1 on any difference

Builds a corpus of every reply the repository holds (tests/eval/*.jsonl,
tests/calibration/*.jsonl, every option and model reply of every turn of
scenarios/*.json in both languages, with the turn's customer line,
archetype and expectations, plus long pastes made of them), scores it with
`examples/golden.rs` (scores, findings, expectations and acts, bench profile:
the same optimised library criterion measures) and compares byte for byte.
"""
import glob
import json
import os
import subprocess
import sys

NL = b"\n"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def corpus():
    items = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/eval/*.jsonl"))
                       + glob.glob(os.path.join(ROOT, "tests/calibration/*.jsonl"))):
        for line in open(path, encoding="utf-8"):
            if not line.strip():
                continue
            d = json.loads(line)
            customer = d.get("customer", "")
            arch = d.get("archetype")
            for key in ("reply", "better", "worse"):
                if isinstance(d.get(key), str):
                    items.append({"customer": customer, "reply": d[key], "archetype": arch})
                    items.append({"customer": customer, "reply": d[key]})
    for path in sorted(glob.glob(os.path.join(ROOT, "scenarios/*.json"))):
        if path.endswith("schema.json"):
            continue
        s = json.load(open(path, encoding="utf-8"))
        arch = s.get("archetype")
        for turn in s.get("turns", []):
            lines = turn.get("line", [])
            if isinstance(lines, dict):
                lines = [lines]
            customer = "\n".join(f"{l.get('zh', '')}\n{l.get('en', '')}" for l in lines[:1])
            replies = [o["text"] for o in turn.get("options", [])]
            replies += [m["text"] if isinstance(m, dict) and "text" in m else m
                        for m in (turn.get("model") or [])]
            for r in replies:
                for lang in ("zh", "en"):
                    text = r.get(lang) if isinstance(r, dict) else None
                    if not text:
                        continue
                    items.append({"customer": customer, "reply": text, "archetype": arch,
                                  "expectations": turn.get("expect", [])})
                    items.append({"customer": customer, "reply": text, "archetype": arch})
    # Long pastes: runs of 40 replies, to reach the paths only long text takes.
    replies = [i["reply"] for i in items if i["reply"]]
    for start in range(0, len(replies), 400):
        chunk = replies[start:start + 40]
        items.append({"customer": items[0]["customer"], "reply": "\n".join(chunk), "archetype": "angry"})
        items.append({"customer": "", "reply": " ".join(chunk)})
    return items


def run():
    subprocess.run(["cargo", "build", "--profile", "bench", "--example", "golden", "-q"], cwd=ROOT, check=True)
    data = "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in corpus()).encode("utf-8")
    binary = os.path.join(ROOT, "target/release/examples/golden")
    return data, subprocess.run([binary], input=data, capture_output=True, check=True).stdout


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "check"):
        print(__doc__)
        return 2
    mode, path = sys.argv[1], sys.argv[2]
    data, out = run()
    if mode == "record":
        open(path, "wb").write(out)
        open(path + ".in", "wb").write(data)
        print(f"recorded {out.count(NL)} lines to {path}")
        return 0
    golden = open(path, "rb").read()
    if golden == out:
        print(f"identical: {out.count(NL)} lines")
        return 0
    inputs = data.decode("utf-8").splitlines()
    a, b = golden.decode("utf-8").splitlines(), out.decode("utf-8").splitlines()
    differ = [i for i in range(max(len(a), len(b))) if i >= len(a) or i >= len(b) or a[i] != b[i]]
    print(f"DIFFERENT: {len(differ)} of {len(a)} lines")
    for i in differ[:5]:
        print("input:", inputs[i][:300] if i < len(inputs) else "?")
        print("  was:", a[i][:600] if i < len(a) else "-")
        print("  now:", b[i][:600] if i < len(b) else "-")
    return 1


if __name__ == "__main__":
    sys.exit(main())
