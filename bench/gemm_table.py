#!/usr/bin/python3
"""Turns the raw lines of bench/compare.sh into the GEMM markdown table of bench/RESULTS.md.

Input lines: '## threads T clock C' section headers, '# ...' comments (provider, core, config),
'gemm <impl> <type> <n> <GFLOP/s>', 'gemm-ns <impl> <type> <n> <ns>', 'gemm-alloc <impl> <type> <n> <bytes>'.
"""
import collections
import datetime
import sys

raw_path, command = sys.argv[1], sys.argv[2]
sections = collections.OrderedDict()
comments = []
current = None
for line in open(raw_path):
    line = line.strip()
    if line.startswith("## "):
        current = line[3:]
        sections[current] = {"gemm": {}, "ns": {}, "alloc": {}}
    elif line.startswith("#"):
        if line not in comments:
            comments.append(line)
    elif line and current:
        kind, impl, typ, n, value = line.split()[:5]
        key = {"gemm": "gemm", "gemm-ns": "ns", "gemm-alloc": "alloc"}.get(kind)
        if key:
            sections[current][key][(impl, typ, int(n))] = float(value)

order = ["c-openblas", "blasnet", "blasnet-mkl", "blasnet-blis", "managed", "numpy", "mathnet", "naive"]
names = {"c-openblas": "C harness", "blasnet": "BlasNet (native)", "blasnet-mkl": "BlasNet on MKL", "blasnet-blis": "BlasNet on BLIS", "managed": "BlasNet managed",
         "numpy": "numpy", "mathnet": "MathNet managed", "naive": "naive loop"}
out = [f"Measured {datetime.date.today()} with `{command}` (one run; ratios are to the C harness in the same run).", ""]
out += ["Provider and kernels that ran:", ""] + [f"    {c}" for c in comments] + [""]
for title, data in sections.items():
    impls = [i for i in order if any(k[0] == i for k in data["gemm"])]
    out.append(f"**GEMM GFLOP/s, {title}** (ratio to the C harness)")
    out.append("")
    out.append("| type | n | " + " | ".join(names[i] for i in impls) + " |")
    out.append("|---|---|" + "---|" * len(impls))
    keys = sorted({(k[1], k[2]) for k in data["gemm"]}, key=lambda t: (t[0] != "double", t[1]))
    for typ, n in keys:
        base = data["gemm"].get(("c-openblas", typ, n))
        cells = []
        for i in impls:
            v = data["gemm"].get((i, typ, n))
            if v is None:
                cells.append("—")
            elif base and i != "c-openblas":
                cells.append(f"{v:.1f} ({v / base:.2f})")
            else:
                cells.append(f"{v:.1f}")
        out.append(f"| {typ} | {n} | " + " | ".join(cells) + " |")
    out.append("")
    if data["ns"]:
        out.append("Per-call time at n = 8 (ns): " + ", ".join(
            f"{names.get(i, i)} {typ} {v:.0f}" for (i, typ, n), v in sorted(data["ns"].items())))
        out.append("")
    if data["alloc"]:
        per_impl = collections.defaultdict(list)
        for (i, typ, n), v in data["alloc"].items():
            per_impl[i].append(v)
        parts = []
        for i in order:
            if i in per_impl:
                lo, hi = min(per_impl[i]), max(per_impl[i])
                parts.append(f"{names[i]} {lo:.0f} B at every size" if lo == hi else f"{names[i]} {lo:.0f} B to {hi:,.0f} B")
        out.append("Bytes allocated per call (GC.GetTotalAllocatedBytes over all threads, steady state): " + "; ".join(parts) + ".")
        out.append("")
print("\n".join(out))
