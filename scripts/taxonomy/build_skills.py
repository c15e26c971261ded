#!/usr/bin/env python3
"""Builds the Skills module's vocabulary: Sources/Skills/Resources/skills.tsv.

Input: the generator's taxonomy (build_taxonomy.build(): the same occupations.py, ALIASES and
real job_skills.csv rows), and the reviewed rules in skill_rules.tsv (this folder).
Steps:
  1. Merge duplicates: entries whose names are equal after folding (lower case, every character
     that is not a letter, digit, '+' or '#' removed) become one entry: `Attention to detail`,
     `Attention to Detail` (was attention_to_detail_2) -> attention_to_detail; `Problemsolving`,
     `Problem Solving` -> problem_solving. The canonical name is the spelling with the most word
     separators (the LinkedIn scrape dropped hyphens: "Problemsolving"), then the first in the
     taxonomy's order; every other spelling becomes an alias. Ids are slugs of the canonical name
     with '+' -> "plus" and '#' -> "sharp" (c_plus_plus, c_sharp), unique by construction.
  2. Categorise (skill_rules.tsv explains the order): keep list, stop list, occupation titles,
     patterns; everything else is a skill. Non-skills stay in the file with their category and the
     rule that decided it, so the matcher can still match them (and ignore them) and a report can
     show them.
  3. Type each skill (technical, tool, certification, language, soft, domain).
  4. Drop aliases listed as `dropalias` (plain words such as "office", "word").
Output columns: id, name, category, type, rule, industries (|), aliases (|); sorted by name,
case-insensitively, as the taxonomy is (the phrase matcher gives a shared phrase to the first).

Run from the repository root:  python3 scripts/taxonomy/build_skills.py
`--unpruned PATH` writes the vocabulary as it was before this cleanup instead (the taxonomy's
4,429 entries and ids, unmerged, all skills, aliases as the taxonomy has them, industries as
AmbiguousSkills used them): with JOBMATCH_SKILLS_FILE=PATH the "before" figures of
scripts/skills_report.py and of `jobmatch process` are measured with it.
"""
import collections
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import build_taxonomy  # noqa: E402
from occupations import O  # noqa: E402

RULES = os.path.join(HERE, "skill_rules.tsv")
OUT = os.path.join(ROOT, "Sources", "Skills", "Resources", "skills.tsv")
CATEGORIES = ["skill", "benefit", "boilerplate", "condition", "education", "title", "trait", "generic"]
TYPES = ["technical", "tool", "certification", "language", "soft", "domain"]


def fold(name):
    """Case and punctuation folding: what makes two names one skill."""
    return re.sub(r"[^a-z0-9+#]", "", name.lower())


def slug(name):
    s = name.lower().replace("+", " plus ").replace("#", " sharp ")
    return re.sub(r"[^a-z0-9]+", "_", s).strip("_") or "skill"


def read_rules():
    rules = collections.defaultdict(list)
    with open(RULES, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                sys.exit(f"{RULES}:{n}: expected 3 tab-separated columns, got {len(parts)}")
            kind, what, value = parts
            if kind in ("stop", "pattern") and what not in CATEGORIES:
                sys.exit(f"{RULES}:{n}: unknown category {what!r}")
            if kind in ("type", "typepattern") and what not in TYPES:
                sys.exit(f"{RULES}:{n}: unknown type {what!r}")
            rules[kind].append((what, value, n))
    return rules


def singular(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("sh", "ch", "x", "s")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


QUALIFIER = re.compile(r"^(strong|excellent|effective|proven|solid|exceptional|outstanding|good|great) ", re.I)
SUFFIX = re.compile(r" (skills?|abilit(y|ies)|knowledge|proficiency)$", re.I)


PAREN = re.compile(r"\s*\([^()]*\)$")


def core(name):
    """The name without a trailing parenthesis, a leading qualifier and a trailing "skills"
    ("Excellent communication skills" -> "communication", "Basic Life Support (BLS)" -> "Basic Life
    Support"); the name itself when none is there."""
    return SUFFIX.sub("", QUALIFIER.sub("", PAREN.sub("", name))).strip()


def merge(skills):
    groups = collections.OrderedDict()
    for s in skills:
        groups.setdefault(fold(s["name"]), []).append(s)
    # A qualified spelling joins the entry of its core when that exists: "Communication skills"
    # and "Excellent communication skills" are spellings of communication, "Basic Life Support
    # (BLS)" of basic_life_support.
    for key in list(groups):
        target = fold(core(groups[key][0]["name"]))
        if target and target != key and target in groups:
            groups[target].extend(groups.pop(key))
    merged = []
    for key, members in groups.items():
        def separators(m):
            return len(re.findall(r"[^A-Za-z0-9]", m["name"]))
        same = [m for m in members if fold(m["name"]) == key]
        best = max(same, key=lambda m: (separators(m), -members.index(m)))
        spellings = [m["name"] for m in members] + [a for m in members for a in m["aliases"]]
        aliases, seen = [], {best["name"].lower()}
        for a in spellings:
            if a.lower() not in seen:
                seen.add(a.lower())
                aliases.append(a)
        merged.append(dict(name=best["name"], aliases=aliases, members=[m["name"] for m in members]))
    return merged


def categorise(entry, rules, titles, heads):
    key = fold(entry["name"])
    low = entry["name"].lower()
    for _, value, n in rules["keep"]:
        if fold(value) == key:
            return "skill", f"keep:{n}"
    for category, value, n in rules["stop"]:
        if fold(value) == key:
            return category, f"stop:{n}"
    words = re.findall(r"[a-z0-9+#]+", low)
    if key in titles:
        return "title", "title:occupation"
    if words and len(words) <= 4 and singular(words[-1]) in heads:
        return "title", f"title:head:{singular(words[-1])}"
    for category, value, n in rules["pattern"]:
        if re.search(value, low):
            return category, f"pattern:{n}"
    return "skill", "default"


def skill_type(entry, rules, industries):
    key = fold(entry["name"])
    low = entry["name"].lower()
    for t, value, _ in rules["type"]:
        if fold(value) == key:
            return t
    for t, value, _ in rules["typepattern"]:
        if re.search(value, low):
            return t
    for t, value, _ in rules["typepattern"]:  # a credential's acronym: Basic Life Support (BLS)
        if t == "certification" and any(re.search(value, a.lower()) for a in entry["aliases"]):
            return t
    if industries == {"Technology"}:
        return "technical"
    return "domain"


def write_unpruned(path):
    data = build_taxonomy.build()
    industries = collections.defaultdict(set)
    for o in data["occupations"]:
        for name, _ in o["skills"]:
            industries[name].add(o["industry"])
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The taxonomy's vocabulary before cleanup (build_skills.py --unpruned).\n")
        f.write("id\tname\tcategory\ttype\trule\tindustries\taliases\n")
        for s in data["skills"]:
            ind = "|".join(sorted(industries.get(s["name"], ())))
            f.write("\t".join([s["id"], s["name"], "skill", "domain", "unpruned", ind, "|".join(s["aliases"])]) + "\n")
    print(f"{len(data['skills'])} entries -> {path}")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--unpruned":
        return write_unpruned(sys.argv[2])
    data = build_taxonomy.build()
    rules = read_rules()
    titles = set()
    for o in O:
        for t in o["titles"]:
            titles.add(fold(t))
            titles.add(fold(t) + "s")
    heads = {value for _, value, _ in rules["titlehead"]}
    industries = collections.defaultdict(set)
    for o in data["occupations"]:
        for name, _ in o["skills"]:
            industries[fold(name)].add(o["industry"])
    dropped = {fold(v) for _, v, _ in rules["dropalias"]}

    entries = merge(data["skills"])
    rows, ids = [], {}
    for e in entries:
        category, rule = categorise(e, rules, titles, heads)
        ind = set().union(*(industries.get(fold(m), set()) for m in e["members"]))
        t = skill_type(e, rules, ind) if category == "skill" else ""
        sid = slug(e["name"])
        if sid in ids:
            sys.exit(f"id collision: {sid!r} for {e['name']!r} and {ids[sid]!r}")
        ids[sid] = e["name"]
        aliases = [a for a in e["aliases"] if fold(a) not in dropped]
        for field in [e["name"]] + aliases:
            if "\t" in field or "|" in field or "\n" in field:
                sys.exit(f"{e['name']!r}: a tab, '|' or newline in {field!r}")
        rows.append([sid, e["name"], category, t, rule, "|".join(sorted(ind)), "|".join(aliases)])
    rows.sort(key=lambda r: r[1].lower())
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Generated by scripts/taxonomy/build_skills.py from the taxonomy and skill_rules.tsv; do not edit.\n")
        f.write("id\tname\tcategory\ttype\trule\tindustries\taliases\n")
        for r in rows:
            f.write("\t".join(r) + "\n")
    counts = collections.Counter(r[2] for r in rows)
    types = collections.Counter(r[3] for r in rows if r[2] == "skill")
    print(f"{len(data['skills'])} taxonomy skills -> {len(rows)} entries after merging; "
          + ", ".join(f"{c} {counts[c]}" for c in CATEGORIES) + "; types: "
          + ", ".join(f"{t} {types[t]}" for t in TYPES) + f" -> {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
