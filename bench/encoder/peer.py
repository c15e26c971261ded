"""The benchmark's peer: sentence-transformers on PyTorch CPU, same texts, same batch size.

    python peer.py MODEL_DIR TEXTS_JSONL MAX_SEQ_LENGTH BATCH_SIZE THREADS

Prints one JSON line like encoder-bench. Never downloads (HF_HUB_OFFLINE=1).
"""
import json, os, resource, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
from sentence_transformers import SentenceTransformer

model_dir, texts_path, max_len, batch, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
texts = [json.loads(l)["text"] for l in open(texts_path)]
st = SentenceTransformer(model_dir, device="cpu")
st.max_seq_length = max_len
tokens = sum(len(ids) for ids in st.tokenizer(texts, truncation=True, max_length=max_len)["input_ids"])
st.encode(texts[:batch], batch_size=batch)  # warm-up
t0 = time.perf_counter()
v = st.encode(texts, batch_size=batch)
dt = time.perf_counter() - t0
assert len(v) == len(texts)
print(json.dumps({"texts": len(texts), "tokens": tokens, "seconds": dt, "texts_per_s": len(texts) / dt,
                  "tokens_per_s": tokens / dt, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
