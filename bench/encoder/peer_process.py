"""The whole-process peer of `jobmatch embed`: import torch and sentence-transformers, read the
JSON Lines texts, encode them, write the vectors (NumPy .npy; the fixture venv has no pyarrow) and
the ids beside them — what a user runs.

    python peer_process.py MODEL_DIR TEXTS_JSONL OUTPUT_NPY BATCH_SIZE THREADS

max_seq_length is the model's own (as `jobmatch embed` without --max-seq-length). Never downloads.
"""
import json, os, sys
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
import numpy as np
from sentence_transformers import SentenceTransformer

model_dir, texts_path, out_path, batch, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
torch.set_num_threads(threads)
rows = [json.loads(l) for l in open(texts_path)]
st = SentenceTransformer(model_dir, device="cpu")
v = st.encode([r["text"] for r in rows], batch_size=batch)
np.save(out_path, v)
with open(out_path + ".ids", "w") as f:
    f.writelines(str(r["id"]) + "\n" for r in rows)
