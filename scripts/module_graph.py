#!/usr/bin/env python3
"""Draws the module graph from the code: docs/architecture.md.

For every library and executable target of Package.swift (read with `swift package
dump-package`), the project modules its Swift files `import`, as a Mermaid graph in layers (a
module sits one layer above the highest module it imports) and as a table. It also checks the
rules of the seed's order (DESIGN.md, "Modules") and that every import is a declared dependency.

    python3 scripts/module_graph.py           # rewrite docs/architecture.md
    python3 scripts/module_graph.py --check   # exit 1 if it is stale or a rule is broken (make test)
"""
import json
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
OUT = ROOT / "docs/architecture.md"

# Rules of the seed's order: (module, modules it must not import, why).
RULES = [
    ("Training", {"Matching", "Indexing", "Pipeline", "Server"}, "training sits below indexing and matching"),
    ("Evaluation", {"Training", "Matching", "Indexing", "Pipeline"}, "evaluation is used by training, pipeline and retrain"),
    ("Matching", {"Processing", "Ingest", "EventLog", "Pipeline", "Training", "Alerts"}, "a CV query needs enrichment, not the processing engines; alerts use matching"),
    ("Tables", {"Processing", "Matching", "Training", "Transformers"}, "the tables are below every stage"),
    ("DataGenerator", {"Pipeline", "Processing", "Training", "Transformers", "Matching"}, "the generator sits beside the pipeline"),
    ("Pipeline", {"DataGenerator", "Server"}, "production stages never depend on the generator; the server is not a stage"),
    ("Server", {"Pipeline", "Training", "Processing", "Ingest", "EventLog"}, "the server links only what serving needs"),
    ("Enrichment", {"Processing", "Ingest", "EventLog", "Parquet"}, "enrichment is shared by processing and matching"),
    ("Documents", {"Ingest", "EventLog", "Tables", "Parquet", "Skills", "Enrichment", "Processing", "Matching", "Pipeline", "Server", "Tensor", "Transformers"},
     "CV files to text sits low, beside ingest: it imports at most JobMatchCore (and C targets)"),
    ("Alerts", {"Server", "Feedback", "Pipeline", "Training", "Indexing", "DataGenerator"}, "alerts sit beside the server and feedback, above matching and processing"),
    ("Processing", {"Alerts", "Matching", "Server"}, "processing sits below matching and alerts"),
]


def package():
    out = subprocess.run(["swift", "package", "dump-package"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def dependencies(target):
    names = []
    for d in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in d:
                names.append(d[kind][0])
    return names


def graph():
    pkg = package()
    targets = {t["name"]: t for t in pkg["targets"] if t["type"] in ("regular", "executable")}
    swift_targets = {n for n in targets if any((ROOT / "Sources" / n).rglob("*.swift"))}
    imports, undeclared = {}, []
    for name in sorted(swift_targets):
        found = set()
        for f in (ROOT / "Sources" / name).rglob("*.swift"):
            for m in re.finditer(r"^\s*(?:@testable\s+)?import\s+(\w+)", f.read_text(encoding="utf-8"), re.M):
                if m.group(1) in swift_targets and m.group(1) != name:
                    found.add(m.group(1))
        imports[name] = found
        declared = set(dependencies(targets[name]))
        undeclared += [f"{name} imports {i} without declaring it" for i in sorted(found - declared)]
    return imports, undeclared


def layers(imports):
    depth = {}

    def d(n, seen=()):
        if n in depth:
            return depth[n]
        if n in seen:
            raise SystemExit(f"import cycle through {n}")
        deps = [x for x in imports.get(n, ()) if x in imports]
        depth[n] = 0 if not deps else 1 + max(d(x, seen + (n,)) for x in deps)
        return depth[n]

    for n in imports:
        d(n)
    return depth


def render(imports, depth):
    by_layer = {}
    for n, k in depth.items():
        by_layer.setdefault(k, []).append(n)
    importers = {n: sorted(m for m, deps in imports.items() if n in deps) for n in imports}
    lines = [
        "# Architecture: the module graph, drawn from the code",
        "",
        "Written by `scripts/module_graph.py` from the `import` lines of every target under `Sources/`",
        "(C targets, system libraries and outside packages left out); `make test` fails when this page is stale,",
        "when a module imports one it does not declare in Package.swift, or when one of the rules below",
        "is broken. A module sits one layer above the highest module it imports. The design it follows:",
        "`../shared/DESIGN.md`, \"Modules\".",
        "",
        "```mermaid",
        "graph BT",
    ]
    for k in sorted(by_layer):
        lines.append(f"  subgraph L{k}[\"layer {k}\"]")
        for n in sorted(by_layer[k]):
            lines.append(f"    {n.replace('-', '_')}[\"{n}\"]")
        lines.append("  end")
    for n in sorted(imports):
        for m in sorted(imports[n]):
            lines.append(f"  {n.replace('-', '_')} --> {m.replace('-', '_')}")
    lines += ["```", "", "| layer | module | imports | imported by |", "| --- | --- | --- | --- |"]
    for k in sorted(by_layer):
        for n in sorted(by_layer[k]):
            lines.append(f"| {k} | `{n}` | {', '.join(sorted(imports[n])) or '—'} | {', '.join(importers[n]) or '—'} |")
    lines += ["", "## Rules of the seed's order, checked", "", "| module | never imports | why |", "| --- | --- | --- |"]
    for module, banned, why in RULES:
        lines.append(f"| `{module}` | {', '.join(sorted(banned))} | {why} |")
    return "\n".join(lines) + "\n"


def main():
    imports, problems = graph()
    for module, banned, why in RULES:
        for b in sorted(imports.get(module, set()) & banned):
            problems.append(f"{module} imports {b} ({why})")
    text = render(imports, layers(imports))
    if "--check" in sys.argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            problems.append(f"{OUT.relative_to(ROOT)} is stale: run python3 scripts/module_graph.py")
        for p in problems:
            print(f"module graph: {p}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    OUT.write_text(text, encoding="utf-8")
    for p in problems:
        print(f"module graph: {p}", file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
