"""Audit lm54: compare two survey files (one JSON line per fit, from Lm54Survey.cs.txt) by (family, name, config):
every fit whose status or evaluation count changed, and the XTol stops of each. Usage: compare_survey.py before.jsonl after.jsonl"""
import json, sys

def load(path):
    rows = {}
    for line in open(path):
        d = json.loads(line)
        rows[(d["family"], d["name"], d["config"])] = d
    return rows

before, after = load(sys.argv[1]), load(sys.argv[2])
print(f"fits: before {len(before)}, after {len(after)}")
changed = 0
for key in sorted(before):
    b, a = before[key], after.get(key)
    if a is None:
        print("missing after:", key); continue
    if b["status"] != a["status"] or b["evals"] != a["evals"] or b["cost"] != a["cost"]:
        changed += 1
        print(f"{' / '.join(key)}: {b['status']} {b['evals']} {b['cost']!r} -> {a['status']} {a['evals']} {a['cost']!r}")
print(f"changed: {changed}")
print("XTol stops before:", sum(1 for d in before.values() if d["status"] == "XTol"), " after:", sum(1 for d in after.values() if d["status"] == "XTol"))
