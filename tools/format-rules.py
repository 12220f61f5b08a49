#!/usr/bin/env python3
"""Rewrites rules/*.json in the project's compact layout: a list of words or a
small object on one line, so that adding a phrase is a one-line diff.
Usage: tools/format-rules.py rules/rules.json rules/acts.json"""
import json
import sys


def fmt(o, ind=0):
    pad = "  " * ind
    if isinstance(o, dict):
        flat = all(not isinstance(v, (dict, list)) for v in o.values())
        if flat and len(json.dumps(o, ensure_ascii=False)) < 100:
            return json.dumps(o, ensure_ascii=False, separators=(", ", ": "))
        items = [f"{pad}  {json.dumps(k, ensure_ascii=False)}: {fmt(v, ind + 1)}" for k, v in o.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(o, list):
        if all(not isinstance(v, (dict, list)) for v in o):
            return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in o) + "]"
        return "[\n" + ",\n".join(pad + "  " + fmt(v, ind + 1) for v in o) + "\n" + pad + "]"
    return json.dumps(o, ensure_ascii=False)


for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    with open(path, "w", encoding="utf-8") as f:
        f.write(fmt(data) + "\n")
