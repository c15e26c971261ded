"""A PyTorch copy of `jobmatch embed --precision int8` (per-channel int8 weights, per-token uint8
activations, entries above 6 multiplied in float32) that quantises one kind of product at a time,
to find where the error comes from (docs/int8.md). Mean 1 - cos to float32 on 150 generated jobs
and 100 CVs of a workspace made by `jobmatch pipeline --until process`:

    venv-fixtures/bin/python bench/encoder/int8_simulate.py WORKSPACE MODEL_DIR
"""
import sys, torch, numpy as np, pyarrow.parquet as pq
from transformers import AutoTokenizer, AutoModel
torch.set_num_threads(2)
WS, M = sys.argv[1], sys.argv[2]
tok=AutoTokenizer.from_pretrained(M); model=AutoModel.from_pretrained(M).eval()
t=pq.read_table(f"{WS}/tables/jobs.parquet",columns=["embedding_text"]).column("embedding_text").to_pylist()[:150]
t+=pq.read_table(f"{WS}/tables/cvs.parquet",columns=["embedding_text"]).column("embedding_text").to_pylist()[:100]
MODE={}
def fq_act(x):
    mn=x.amin(-1,keepdim=True).clamp(max=0); mx=x.amax(-1,keepdim=True).clamp(min=0)
    s=((mx-mn)/255).clamp(min=1e-12); zp=torch.round(-mn/s)
    return (torch.clamp(torch.round(x/s)+zp,0,255)-zp)*s
def fq_w(w, group=None):
    if group:
        n,k=w.shape; g=w.reshape(n,k//group,group); s=(g.abs().amax(-1,keepdim=True)/127).clamp(min=1e-12); return (torch.round(g/s)*s).reshape(n,k)
    s=(w.abs().amax(1,keepdim=True)/127).clamp(min=1e-12); return torch.round(w/s)*s
orig=torch.nn.Linear.forward
def fwd(self,x):
    k=getattr(self,"_kind",None)
    if k is None: return orig(self,x)
    c=MODE.get(k, MODE.get("default","fp"))
    if c=="fp": return orig(self,x)
    thr=6.0
    o=torch.where(x.abs()>thr,x,torch.zeros_like(x)); xi=x-o
    W=self.weight
    if c.startswith("s"):
        beta=float(c[1:]); cm=W.abs().amax(0); cs=(cm/cm.mean())**beta
        x=x*cs; W=W/cs; c="aw"
        o=torch.where(x.abs()>thr,x,torch.zeros_like(x)); xi=x-o
    xa=fq_act(xi) if "a" in c else xi
    w=fq_w(W, int(c.split("g")[1]) if "g" in c else None) if "w" in c else W
    return torch.nn.functional.linear(xa,w,self.bias)+torch.nn.functional.linear(o,W)
torch.nn.Linear.forward=fwd
for l in model.encoder.layer:
    for m,k in [(l.attention.self.query,"qkv"),(l.attention.self.key,"qkv"),(l.attention.self.value,"qkv"),(l.attention.output.dense,"ao"),(l.intermediate.dense,"ffn_in"),(l.output.dense,"ffn_out")]: m._kind=k
def enc():
    out=[]
    with torch.no_grad():
        for i in range(0,len(t),32):
            b=tok(t[i:i+32],padding=True,truncation=True,max_length=256,return_tensors="pt")
            h=model(**b).last_hidden_state; m=b["attention_mask"].unsqueeze(-1).float()
            v=(h*m).sum(1)/m.sum(1); out.append(torch.nn.functional.normalize(v,dim=-1))
    return torch.cat(out).numpy()
MODE.clear(); ref=enc()
for name,cfg in [("all aw",{"default":"aw"}),("ffn_out s0.5",{"default":"aw","ffn_out":"s0.5"}),("ffn_out s1",{"default":"aw","ffn_out":"s1"}),("ffn_out s0.75",{"default":"aw","ffn_out":"s0.75"}),("ffn_out g384",{"default":"aw","ffn_out":"awg384"}),("ffn_out g128",{"default":"aw","ffn_out":"awg128"})]:
    MODE.clear(); MODE.update(cfg); g=enc(); c=(g*ref).sum(1)
    print(f"{name:18s} 1-cos mean {1-c.mean():.2e} min {c.min():.5f}",flush=True)
for name,cfg in [("all aw",{"default":"aw"}),("ffn_out fp",{"default":"aw","ffn_out":"fp"}),("ffn_out a only",{"default":"aw","ffn_out":"a"}),("ffn_out w only",{"default":"aw","ffn_out":"w"}),("only ffn_out aw",{"ffn_out":"aw"}),("only ffn_out a",{"ffn_out":"a"}),("only ffn_out w",{"ffn_out":"w"}),("only ffn_in aw",{"ffn_in":"aw"}),("only qkv aw",{"qkv":"aw"}),("only ao aw",{"ao":"aw"})]:
    MODE.clear(); MODE.update(cfg); g=enc(); c=(g*ref).sum(1)
    print(f"{name:18s} 1-cos mean {1-c.mean():.2e} min {c.min():.5f}",flush=True)
