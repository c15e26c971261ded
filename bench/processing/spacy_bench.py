"""spaCy's side of the skills benchmark: spacy.blank("en") + PhraseMatcher(attr="LOWER") +
filter_spans over the texts of a JSON Lines file, best of REPEATS passes (same vocabulary and
patterns as scripts/fixtures/spacy_skill_parity.py). Prints one JSON object.
    python spacy_bench.py FILE.jsonl [REPEATS]
"""
import json
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "scripts" / "fixtures"))
import spacy  # noqa: E402
from spacy.matcher import PhraseMatcher  # noqa: E402
from spacy.util import filter_spans  # noqa: E402
from spacy_skill_parity import vocabulary_skills  # noqa: E402

texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
nlp = spacy.blank("en")
matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
seen = set()
skills = vocabulary_skills()
for phrase, sid in [(s["name"], s["id"]) for s in skills] + [(a, s["id"]) for s in skills for a in s["aliases"]]:
    doc = nlp.make_doc(phrase)
    key = tuple(t.lower_ for t in doc)
    if key and key not in seen:
        seen.add(key)
        matcher.add(sid, [doc])
best = float("inf")
for _ in range(repeats):
    start = time.perf_counter()
    n = 0
    for t in texts:
        doc = nlp.make_doc(t)
        n += len(filter_spans([doc[s:e] for _, s, e in matcher(doc)]))
    best = min(best, time.perf_counter() - start)
print(json.dumps({"engine": "spacy", "docs": len(texts), "chars": sum(map(len, texts)), "seconds": best, "matches": n}))
