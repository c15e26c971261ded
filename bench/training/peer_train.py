"""The training peer: sentence-transformers 3.3.1's losses on PyTorch CPU, the same pairs and
settings as `jobmatch train` in bench/training/run.sh.

    python peer_train.py MODEL_DIR PAIRS_JSONL STEPS BATCH THREADS MINI_BATCH|0 DIMS|- OUT_DIR

MINI_BATCH 0: MultipleNegativesRankingLoss (wrapped in MatryoshkaLoss over DIMS unless DIMS is
"-"); else CachedMultipleNegativesRankingLoss with that mini-batch size. max_seq_length 128, AdamW
lr 5e-5 (weight decay 0.01, none on biases and LayerNorm), linear warm-up (ratio 0.1) and decay,
clipping at norm 1, train mode (dropout on). The loop is what SentenceTransformerTrainer runs per
step (tokenize each column, loss(features, labels), backward, clip, step); the fixture venv has no
`datasets`, which the Trainer needs. The pairs' ids are distinct, so batches are taken in
order. Prints one JSON line: pairs, seconds (the loop), pairs_per_s.
"""
import json, os, sys, time
os.environ.setdefault("HF_HUB_OFFLINE", "1")
import torch
from sentence_transformers import SentenceTransformer, losses
from transformers import get_linear_schedule_with_warmup

model_dir, pairs, steps, batch, threads, mini, dims, out_dir = (
    sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], sys.argv[8])
torch.set_num_threads(threads)
torch.manual_seed(42)
rows = [json.loads(l) for l in open(pairs)]
model = SentenceTransformer(model_dir, device="cpu")
model.max_seq_length = 128
loss = losses.CachedMultipleNegativesRankingLoss(model, mini_batch_size=mini) if mini else losses.MultipleNegativesRankingLoss(model)
if dims != "-":
    loss = losses.MatryoshkaLoss(model, loss, matryoshka_dims=[int(d) for d in dims.split(",")])
decay = [p for n, p in loss.named_parameters() if not (n.endswith("bias") or "LayerNorm" in n)]
no_decay = [p for n, p in loss.named_parameters() if n.endswith("bias") or "LayerNorm" in n]
opt = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=5e-5)
sched = get_linear_schedule_with_warmup(opt, int(0.1 * steps + 0.999), steps)
model.train()
t0 = time.perf_counter()
for step in range(steps):
    chunk = rows[(step * batch) % len(rows):][:batch]
    features = [model.tokenize([r[c] for r in chunk]) for c in ("anchor", "positive")]
    value = loss(features, None)
    opt.zero_grad()
    value.backward()
    torch.nn.utils.clip_grad_norm_(loss.parameters(), 1.0)
    opt.step()
    sched.step()
dt = time.perf_counter() - t0
print(json.dumps({"pairs": steps * batch, "seconds": dt, "pairs_per_s": steps * batch / dt, "last_loss": float(value)}))
