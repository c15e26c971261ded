"""Exports a BERT sentence-transformers model folder to ONNX for the whole-process peer, and its
ONNX Runtime dynamic int8 quantisation (`onnxruntime.quantization.quantize_dynamic`: int8 weights
per output channel, uint8 activations quantised per call).

    python export_onnx.py MODEL_DIR OUT_DIR      # writes OUT_DIR/model.onnx, OUT_DIR/model.int8.onnx

Run once before timing (bench/encoder/process.py does); never downloads.
"""
import os, sys
from pathlib import Path
os.environ.setdefault("HF_HUB_OFFLINE", "1")

model_dir, out = sys.argv[1], Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
fp32, int8 = out / "model.onnx", out / "model.int8.onnx"
if not fp32.exists():
    import torch
    from transformers import AutoTokenizer, BertModel
    tok = AutoTokenizer.from_pretrained(model_dir)
    m = BertModel.from_pretrained(model_dir, add_pooling_layer=False).eval()
    dummy = tok(["hello world"], return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    torch.onnx.export(m, tuple(dummy[n] for n in names), str(fp32), input_names=names,
                      output_names=["last_hidden_state"],
                      dynamic_axes={n: {0: "batch", 1: "seq"} for n in names + ["last_hidden_state"]}, opset_version=17)
if not int8.exists():
    from onnxruntime.quantization import QuantType, quantize_dynamic
    quantize_dynamic(str(fp32), str(int8), per_channel=True, weight_type=QuantType.QInt8)
print(fp32, int8)
