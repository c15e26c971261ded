"""The ONNX Runtime whole-process peer of `jobmatch embed`: read the JSON Lines texts, tokenize
them (Hugging Face `tokenizers`), run the exported model (bench/encoder/export_onnx.py: fp32 or
its dynamic int8 quantisation) in batches sorted by length and padded to the batch's longest,
mean-pool over the mask, L2-normalise, write Parquet (id, embedding: list<float>) — what a user
of ONNX Runtime would run.

    python peer_onnx_process.py MODEL_DIR ONNX_FILE TEXTS_JSONL OUTPUT_PARQUET BATCH_SIZE THREADS

max_seq_length is the model's own (sentence_bert_config.json), as `jobmatch embed` uses it.
"""
import json, sys
from pathlib import Path
import numpy as np
import onnxruntime as ort
import pyarrow as pa
import pyarrow.parquet as pq
from tokenizers import Tokenizer

model_dir, onnx_file, texts_path, out_path, batch, threads = (
    Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
max_len = json.loads((model_dir / "sentence_bert_config.json").read_text())["max_seq_length"]
tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
tok.enable_truncation(max_len)
tok.no_padding()
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
sess = ort.InferenceSession(onnx_file, opts, providers=["CPUExecutionProvider"])
rows = [json.loads(l) for l in open(texts_path)]
enc = tok.encode_batch([r["text"] for r in rows])
order = sorted(range(len(enc)), key=lambda i: -len(enc[i].ids))
vectors = [None] * len(rows)
for s in range(0, len(order), batch):
    idx = order[s:s + batch]
    width = max(len(enc[i].ids) for i in idx)
    ids = np.zeros((len(idx), width), dtype=np.int64)
    mask = np.zeros((len(idx), width), dtype=np.int64)
    for r, i in enumerate(idx):
        n = len(enc[i].ids)
        ids[r, :n] = enc[i].ids
        mask[r, :n] = 1
    h = sess.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    m = mask[..., None].astype(np.float32)
    v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    for i, row in zip(idx, v):
        vectors[i] = row
table = pa.table({"id": [str(r["id"]) for r in rows],
                  "embedding": pa.array([v.tolist() for v in vectors], type=pa.list_(pa.float32()))})
pq.write_table(table, out_path)
