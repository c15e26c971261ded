"""Mean 1 - cos, minimum cosine and Recall@10 of one `jobmatch embed` variant against fp32 on all
jobs and the held-out CVs (HeldOutSplit 10%, seed 42) of a workspace (docs/int8.md):

    python bench/encoder/int8_recall.py JOBMATCH_BIN WORKSPACE OUT_DIR fp32 fp32      # once, the reference
    python bench/encoder/int8_recall.py JOBMATCH_BIN WORKSPACE OUT_DIR LABEL int8 [ENV=VALUE ...]
"""
import json, os, subprocess, sys, numpy as np, pyarrow.parquet as pq
B, WS, X, label, prec = sys.argv[1:6]
overrides = sys.argv[6:]
M = os.environ.get("JOBMATCH_MODEL_DIR", os.path.expanduser("~/.cache/jobmatch/models/all-MiniLM-L6-v2"))
os.makedirs(X, exist_ok=True)
def held_out(cv_id, fraction=0.1, seed=42):
    mask=(1<<64)-1; h=0xcbf29ce484222325^seed
    for b in cv_id.encode(): h=((h^b)*0x100000001b3)&mask
    z=(h+0x9E3779B97F4A7C15)&mask; z=((z^(z>>30))*0xBF58476D1CE4E5B9)&mask; z=((z^(z>>27))*0x94D049BB133111EB)&mask; z^=z>>31
    return (z>>11)*2.0**-53<fraction
if not os.path.exists(f"{X}/cvs.jsonl"):
    t=pq.read_table(f"{WS}/tables/cvs.parquet",columns=["cv_id","embedding_text"])
    rows=[(i,x) for i,x in zip(t.column("cv_id").to_pylist(),t.column("embedding_text").to_pylist()) if held_out(i)]
    open(f"{X}/cvs.jsonl","w").write("".join(json.dumps({"id":i,"text":x})+"\n" for i,x in rows))
    t=pq.read_table(f"{WS}/tables/jobs.parquet",columns=["job_id","embedding_text"])
    open(f"{X}/jobs.jsonl","w").write("".join(json.dumps({"id":i,"text":x})+"\n" for i,x in zip(t.column("job_id").to_pylist(),t.column("embedding_text").to_pylist())))
env=dict(os.environ, JOBMATCH_THREADS="2")
for kv in overrides:
    k,v=kv.split("=",1); env[k]=v
def emb(name, lab, precision, env):
    out=f"{X}/{name}-{lab}.parquet"
    if not os.path.exists(out):
        subprocess.run([B,"embed","--model",M,"--input",f"{X}/{name}.jsonl","--precision",precision,"--output",out],env=env,check=True,stderr=subprocess.DEVNULL)
    return np.array(pq.read_table(out).column("embedding").to_pylist(),dtype=np.float32)
ref={n:emb(n,"fp32","fp32",dict(os.environ, JOBMATCH_THREADS="2")) for n in ["jobs","cvs"]} if label!="fp32" else None
got={n:emb(n,label,prec,env) for n in ["jobs","cvs"]}
if ref is None: sys.exit()
cos=np.concatenate([(got[n]*ref[n]).sum(1) for n in ["jobs","cvs"]])
tr=np.argsort(-(ref["cvs"]@ref["jobs"].T),1,kind="stable")[:,:10]; tg=np.argsort(-(got["cvs"]@got["jobs"].T),1,kind="stable")[:,:10]
ov=np.array([len(set(a)&set(b))/10 for a,b in zip(tg,tr)])
sub=ov[:67]
print(f"{label:28s} 1-cos mean {1-cos.mean():.2e} min cos {cos.min():.5f} recall@10 {ov.mean():.4f} (n={len(ov)}, first 67: {sub.mean():.4f}) identical {np.mean(ov==1):.3f}",flush=True)
