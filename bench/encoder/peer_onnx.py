"""Second peer: ONNX Runtime (CPU) running the model exported from PyTorch, same texts and batches.

    python peer_onnx.py MODEL_DIR TEXTS_JSONL MAX_SEQ_LENGTH BATCH_SIZE THREADS ONNX_DIR

Exports MODEL_DIR's BertModel to ONNX_DIR/model.onnx once (dynamic batch and length), then runs
it as sentence-transformers would: texts sorted by length, each batch padded to its longest,
mean pooling over the mask, L2 normalisation. Prints one JSON line like encoder-bench.
"""
import json, os, resource, sys, time
from pathlib import Path
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import numpy as np

model_dir, texts_path, max_len, batch, threads, onnx_dir = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), Path(sys.argv[6]))
onnx_path = onnx_dir / "model.onnx"
from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained(model_dir)
if not onnx_path.exists():
    import torch
    from transformers import BertModel
    onnx_dir.mkdir(parents=True, exist_ok=True)
    m = BertModel.from_pretrained(model_dir, add_pooling_layer=False).eval()
    dummy = tok(["hello world"], return_tensors="pt")
    torch.onnx.export(m, (dummy["input_ids"], dummy["attention_mask"], dummy["token_type_ids"]), str(onnx_path),
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["last_hidden_state"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in ["input_ids", "attention_mask", "token_type_ids", "last_hidden_state"]},
                      opset_version=17)
import onnxruntime as ort
opts = ort.SessionOptions()
opts.intra_op_num_threads = threads
opts.inter_op_num_threads = 1
sess = ort.InferenceSession(str(onnx_path), opts, providers=["CPUExecutionProvider"])
texts = [json.loads(l)["text"] for l in open(texts_path)]


def encode(texts):
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    out = [None] * len(texts)
    for s in range(0, len(texts), batch):
        idx = order[s:s + batch]
        f = tok([texts[i] for i in idx], padding=True, truncation=True, max_length=max_len, return_tensors="np")
        h = sess.run(None, {k: f[k].astype(np.int64) for k in ["input_ids", "attention_mask", "token_type_ids"]})[0]
        m = f["attention_mask"][..., None].astype(np.float32)
        v = (h * m).sum(1) / np.clip(m.sum(1), 1e-9, None)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        for i, row in zip(idx, v):
            out[i] = row
    return out


tokens = sum(len(ids) for ids in tok(texts, truncation=True, max_length=max_len)["input_ids"])
encode(texts[:batch])  # warm-up
t0 = time.perf_counter()
v = encode(texts)
dt = time.perf_counter() - t0
print(json.dumps({"texts": len(texts), "tokens": tokens, "seconds": dt, "texts_per_s": len(texts) / dt,
                  "tokens_per_s": tokens / dt, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
