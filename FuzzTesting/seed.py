#!/usr/bin/env python3
"""Builds the seed corpora for the fuzz targets (into the directory given) from the sample logs,
the public datasets in ../shared/datasets (when present) and the rule files. Standard library only."""
import glob, gzip, hashlib, json, os, re, sys

out, repo = sys.argv[1], sys.argv[2]
shared = os.path.join(os.path.dirname(os.path.abspath(repo)), "shared")
if not os.path.isdir(shared):
    shared = "/work/shared" if os.path.isdir("/work/shared") else None


def put(target, data, limit=64 * 1024):
    if not data or len(data) > limit:
        return
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)


logs = sorted(glob.glob(os.path.join(repo, "samples", "**", "*"), recursive=True))
if shared:
    logs += sorted(glob.glob(os.path.join(shared, "datasets", "**", "*"), recursive=True))
records = 0
for path in logs:
    if not os.path.isfile(path) or path.endswith(".md"):
        continue
    raw = open(path, "rb").read()
    if raw[:2] == b"\x1f\x8b":
        put("FuzzGzip", raw)
        put("FuzzRecordReader", raw)
        try:
            raw = gzip.decompress(raw)
        except Exception:
            continue
    put("FuzzRecordReader", raw)
    try:
        doc = json.loads(raw)
    except Exception:
        lines = raw.splitlines()
        items = []
        for line in lines[:20]:
            try:
                items.append(json.loads(line))
            except Exception:
                pass
        doc = {"Records": items}
    items = doc.get("Records", []) if isinstance(doc, dict) else doc if isinstance(doc, list) else []
    for r in items[:5]:
        if records < 600:
            put("FuzzEventLoad", json.dumps(r).encode())
            records += 1
if records < 600:
    # A few compressed seeds built here, so FuzzGzip has something even without ../shared.
    for d in ("FuzzRecordReader", "FuzzEventLoad"):
        for name in sorted(os.listdir(os.path.join(out, d)))[:20] if os.path.isdir(os.path.join(out, d)) else []:
            put("FuzzGzip", gzip.compress(open(os.path.join(out, d, name), "rb").read()))

yamls = sorted(glob.glob(os.path.join(repo, "rules", "**", "*.yaml"), recursive=True))
yamls += sorted(glob.glob(os.path.join(repo, "Tests", "**", "*.yaml"), recursive=True))
if shared:
    yamls += sorted(glob.glob(os.path.join(shared, "upstream", "**", "*.yaml"), recursive=True))
for path in yamls:
    text = open(path, "rb").read()
    put("FuzzYAMLReader", text, limit=256 * 1024)
    # Conditions and outputs: single-line values and folded/literal blocks, without a YAML library.
    lines = text.decode("utf-8", "replace").splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^\s*-?\s*(condition|output):\s*(.*)$", line)
        if not m:
            continue
        key, value = m.groups()
        if value in (">", "|", ">-", "|-", ""):
            block = []
            for nxt in lines[i + 1:]:
                if nxt.strip() and not nxt.startswith("    ") and not nxt.startswith("\t"):
                    break
                block.append(nxt.strip())
            value = " ".join(block).strip()
        target = "FuzzConditionParser" if key == "condition" else "FuzzOutputFormat"
        put(target, value.strip("\"'").encode())
for d in sorted(os.listdir(out)):
    print(f"seeds {d}: {len(os.listdir(os.path.join(out, d)))}")
