#!/usr/bin/env python3
"""Writes the small seed inputs of Fuzz/Corpus/{jsonl,parquet,safetensors,tokenizer,eventlog,faiss,modelconfig,docx,httpbody}.

Run with the set-up's venv (pyarrow): ~/.cache/jobmatch/venv/bin/python Fuzz/scripts/make-seeds.py
The CSV seeds are cut from data/real by hand (a header and three records each).
"""
import json, os, struct, sys

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Corpus")

def put(kind, name, data):
    os.makedirs(os.path.join(root, kind), exist_ok=True)
    with open(os.path.join(root, kind, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

# JSON Lines: one CV with every field, one with a numeric id, a few bad lines.
put("jsonl", "one.jsonl", json.dumps({"id": "é", "text": "naïve é 🙂", "skills": []}, ensure_ascii=False))

# safetensors: F32, F16, BF16 and I64 tensors, with metadata.
def safetensors(tensors, metadata=None):
    header, blobs, offset = {}, [], 0
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw); offset += len(raw)
    if metadata: header["__metadata__"] = metadata
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + b"".join(blobs)

put("safetensors", "mixed.safetensors", safetensors({
    "embeddings.weight": ("F32", [2, 3], struct.pack("<6f", 1, -2, 0.5, 3e-3, 1e30, -0.0)),
    "half": ("F16", [4], struct.pack("<4H", 0x3C00, 0x8001, 0x7C00, 0x7E00)),
    "bf": ("BF16", [2, 1], struct.pack("<2H", 0x3F80, 0xC000)),
    "position_ids": ("I64", [1, 2], struct.pack("<2q", 0, 1)),
    "empty": ("F32", [0, 5], b""),
}, {"format": "pt"}))
put("safetensors", "scalar.safetensors", safetensors({"s": ("F32", [], struct.pack("<f", 7))}))

# tokenizer.json: a tiny WordPiece vocabulary with the BERT normaliser and pre-tokenizer.
vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "data", "scien", "##tist", "senior", "python",
         "sql", ",", ".", ";", "+", "5", "un", "##aff", "##able", "##ing", "na", "##ive", "cafe", "東", "京"]
tok = {
    "version": "1.0", "truncation": None, "padding": None,
    "added_tokens": [{"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                      "normalized": False, "special": True} for i, t in enumerate(vocab[:5])],
    "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                   "strip_accents": None, "lowercase": True},
    "pre_tokenizer": {"type": "BertPreTokenizer"},
    "post_processor": {"type": "TemplateProcessing"},
    "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
    "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
              "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(vocab)}},
}
put("tokenizer", "tokenizer.json", json.dumps(tok, ensure_ascii=False, indent=1))
tok2 = dict(tok, normalizer={"type": "BertNormalizer", "lowercase": False, "strip_accents": True})
tok2["model"] = dict(tok["model"], max_input_chars_per_word=4, continuing_subword_prefix="@@")
put("tokenizer", "cased.json", json.dumps(tok2, separators=(",", ":")))

# Event log segments: RecordBatch (Sources/EventLog/RecordBatch.swift) with CRC32C.
def crc32c(data):
    crc = 0xFFFFFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF

def batch(base, records):
    body = struct.pack("<qI", base, len(records))
    for k, v in records:
        body += struct.pack("<II", len(k), len(v)) + k + v
    return b"JMLB" + struct.pack("<II", len(body), crc32c(body)) + body

b0 = batch(0, [(b"job:1", b'{"id":"1","title":"Data Scientist"}'), (b"job:2", b"{}")])
b1 = batch(2, [(b"", b"v")])
b2 = batch(3, [(b"k" * 3, b"x" * 40)])
segment = b0 + b1 + b2
index = struct.pack("<qq", 0, 0) + struct.pack("<qq", 2, len(b0)) + struct.pack("<qq", 3, len(b0) + len(b1))
# Byte 0 even: the rest is the newest segment. Odd: u16 index length, index, older segment.
put("eventlog", "segment", b"\x00" + segment)
put("eventlog", "torn-tail", b"\x00" + segment + b2[:17])
damaged = bytearray(segment); damaged[len(b0) + 20] ^= 0x40
put("eventlog", "bit-rot", b"\x00" + bytes(damaged) + b2.replace(struct.pack("<q", 3), struct.pack("<q", 4), 1))
put("eventlog", "indexed", b"\x01" + struct.pack("<H", len(index)) + index + segment)

# Parquet: pyarrow files with the encodings and codecs the reader supports.
try:
    import pyarrow as pa, pyarrow.parquet as pq, io
except ImportError:
    sys.exit("pyarrow missing: the Parquet seeds were not written")
table = pa.table({
    "id": pa.array(["a", "b", None, "d"]),
    "n": pa.array([1, None, 3, 2**40], type=pa.int64()),
    "i": pa.array([1, 2, 3, 4], type=pa.int32()),
    "x": pa.array([0.5, None, -1.0, 2.0], type=pa.float32()),
    "d": pa.array([0.5, 1.5, None, 2.5], type=pa.float64()),
    "ok": pa.array([True, False, None, True]),
    "skills": pa.array([["py", "sql"], [], None, ["go", None]], type=pa.list_(pa.string())),
    "vec": pa.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], None], type=pa.list_(pa.float32())),
})
def write(name, **kw):
    buf = io.BytesIO()
    pq.write_table(table, buf, row_group_size=2, store_schema=False, **kw)
    put("parquet", name, buf.getvalue())
write("plain-snappy.parquet", use_dictionary=False, compression="snappy")
write("dict-zstd.parquet", use_dictionary=True, compression="zstd")
write("gzip-v1.parquet", compression="gzip", data_page_version="1.0")
write("delta-none.parquet", use_dictionary=False, compression="none",
      column_encoding={"n": "DELTA_BINARY_PACKED", "i": "DELTA_BINARY_PACKED", "id": "DELTA_BYTE_ARRAY"})
write("delta-length.parquet", use_dictionary=False, compression="none", column_encoding={"id": "DELTA_LENGTH_BYTE_ARRAY"})

# .faiss: IDMap over a flat inner-product index of float32, fp16 and 8-bit codes (faiss-cpu, the
# test venv's), 5 unit vectors of dimension 8; and two IndexIVFFlat files.
try:
    import faiss, numpy as np
    x = np.random.default_rng(7).standard_normal((5, 8)).astype("float32")
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    for name, factory in [("flat-f32.faiss", "IDMap,Flat"), ("sq-f16.faiss", "IDMap,SQfp16"), ("sq-8bit.faiss", "IDMap,SQ8")]:
        index = faiss.index_factory(8, factory, faiss.METRIC_INNER_PRODUCT)
        if not index.is_trained: index.train(x)
        index.add_with_ids(x, np.arange(5).astype("int64"))
        put("faiss", name, bytes(faiss.serialize_index(index)))
    # IndexIVFFlat: 40 vectors in 3 lists ("full" sizes) and in 8 lists of which 3 hold vectors
    # ("sprs" sizes), nprobe 2.
    y = np.random.default_rng(8).standard_normal((40, 8)).astype("float32")
    y /= np.linalg.norm(y, axis=1, keepdims=True)
    for name, nlist, train in [("ivf-full.faiss", 3, y), ("ivf-sparse.faiss", 8, y)]:
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(8), 8, nlist, faiss.METRIC_INNER_PRODUCT)
        index.train(train)
        index.add_with_ids(y if nlist == 3 else y[:3], np.arange(40 if nlist == 3 else 3).astype("int64"))
        index.nprobe = 2
        put("faiss", name, bytes(faiss.serialize_index(index)))
except ImportError:
    print("faiss-cpu not installed: Fuzz/Corpus/faiss left as is", file=sys.stderr)

# Model JSON files (modelconfig): the tests' tiny BERT's own.
tiny = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "TransformersTests", "Fixtures", "tiny-bert")
for src, name in [("config.json", "config.json"), ("modules.json", "modules.json"),
                  ("config_sentence_transformers.json", "config_sentence_transformers.json"), ("1_Pooling/config.json", "pooling.json")]:
    with open(os.path.join(tiny, src), "rb") as f:
        put("modelconfig", name, f.read())

# DOCX (docx): a zip with word/document.xml — stored (so mutations reach the XML parser) and
# deflated — with paragraphs, a tab, a break and a table; and one without the document part.
import zipfile, io
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
document = ('<?xml version="1.0"?><w:document %s><w:body><w:p><w:r><w:t>Jane</w:t><w:tab/><w:t>Python</w:t><w:br/>'
            '<w:t xml:space="preserve">SQL &amp; Go</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>Docker</w:t></w:r></w:p></w:tc>'
            '<w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>' % W).encode()
for name, method, parts in [("stored.docx", zipfile.ZIP_STORED, [("word/document.xml", document)]),
                            ("deflated.docx", zipfile.ZIP_DEFLATED, [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", document)]),
                            ("no-document.docx", zipfile.ZIP_STORED, [("word/styles.xml", b"<w:styles/>")])]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for entry, data in parts:
            z.writestr(zipfile.ZipInfo(entry, (2024, 1, 1, 0, 0, 0)), data, method)
    put("docx", name, buf.getvalue())

# HTTP request bodies (httpbody): the first byte picks the route (0 /match, 1 /match/job,
# 2 /feedback, 3 /feedback/candidate, 4 /alerts), the rest is the JSON body.
import base64
def body(route, value):
    return bytes([route]) + (value if isinstance(value, bytes) else json.dumps(value).encode())
with open(os.path.join(root, "docx", "stored.docx"), "rb") as f:
    docx = base64.b64encode(f.read()).decode()
for name, route, value in [
        ("match-text", 0, {"text": "Python developer, SQL and Docker", "top": 3, "keep_text": True,
                           "filters": {"country": "US", "level": "senior", "remote": True}}),
        ("match-cv-id", 0, {"cv_id": "cv-1", "top": 100}),
        ("match-txt-file", 0, {"cv_file": {"name": "cv.txt", "content_base64": base64.b64encode("Python, SQL é".encode()).decode()}}),
        ("match-docx-file", 0, {"cv_file": {"name": "cv.docx", "content_base64": docx}}),
        ("match-wrong-type", 0, {"text": 5, "top": "3"}),
        ("match-broken", 0, b'{"text": "Python'),
        ("job-id", 1, {"job_id": "job-1", "top": 2}),
        ("job-text", 1, {"job_text": "Registered nurse, ICU"}),
        ("feedback", 2, {"request_id": "r-1", "job_id": "job-1", "event": "like", "reason": "good fit"}),
        ("candidate-feedback", 3, {"request_id": "r-1", "cv_id": "cv-1", "event": "contacted"}),
        ("alerts", 4, {"cv_id": "cv-1", "min_score": 0.3, "consent": True}),
        ("alerts-no-consent", 4, {"cv_id": "cv-1", "min_score": 1e39})]:
    put("httpbody", name, body(route, value))
