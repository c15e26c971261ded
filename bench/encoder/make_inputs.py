"""Inputs of the encoder benchmark: generated job texts and a random model of e5-base-v2's shape.

    python make_inputs.py OUT_DIR N_TEXTS MINILM_DIR

Writes OUT_DIR/texts.jsonl (N_TEXTS job postings, 40 to 450 words, seeded) and
OUT_DIR/models/e5-base-random/ (12 layers, hidden 768, 12 heads, intermediate 3072, random
weights, all-MiniLM-L6-v2's vocabulary, mean pooling + Normalize, max_seq_length 512).
"""
import json, random, shutil, sys
from pathlib import Path

out, n, minilm = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
out.mkdir(parents=True, exist_ok=True)
rng = random.Random(2024)
titles = ["Senior Data Scientist", "Backend Engineer", "Registered Nurse", "Sales Associate", "Accountant",
          "DevOps Engineer", "Product Manager", "Warehouse Associate", "iOS Developer", "Financial Analyst",
          "Customer Success Manager", "Machine Learning Engineer", "HR Generalist", "Electrician", "Teacher"]
skills = ["Python", "SQL", "Swift", "Kubernetes", "Excel", "patient care", "forecasting", "AWS", "Spark", "React",
          "negotiation", "budgeting", "CRM", "Docker", "statistics", "Tableau", "Java", "communication", "GAAP",
          "TensorFlow", "PyTorch", "Linux", "customer service", "scheduling", "inventory", "Go", "C++", "Figma"]
phrases = ["You will work closely with", "We are looking for a motivated", "The ideal candidate has experience in",
           "Responsibilities include", "Our team values", "You will be responsible for", "Benefits include",
           "Experience with", "is a plus", "Strong knowledge of", "in a fast-paced environment",
           "cross-functional teams", "competitive salary and equity", "remote-friendly", "health, dental and vision",
           "at least 3 years of experience", "Bachelor's degree in a related field", "excellent written skills"]
cities = ["New York, NY", "Austin, TX", "Berlin", "London", "San Francisco, CA", "Toronto", "Paris", "Remote"]
with open(out / "texts.jsonl", "w") as f:
    for i in range(n):
        words = []
        target = rng.randint(40, 450)
        words += f"{rng.choice(titles)} — {rng.choice(cities)}.".split()
        while len(words) < target:
            s = f"{rng.choice(phrases)} {rng.choice(skills)}, {rng.choice(skills)} and {rng.choice(skills)}."
            words += s.split()
        f.write(json.dumps({"id": i, "text": " ".join(words[:target])}) + "\n")

d = out / "models/e5-base-random"
if not (d / "model.safetensors").exists():
    import torch
    from transformers import BertConfig, BertModel
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                     intermediate_size=3072, max_position_embeddings=512)
    model = BertModel(cfg, add_pooling_layer=False)
    d.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(d, safe_serialization=True)
    for name in ["tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json", "modules.json"]:
        shutil.copy(minilm / name, d / name)
    (d / "1_Pooling").mkdir(exist_ok=True)
    pool = json.loads((minilm / "1_Pooling/config.json").read_text())
    pool["word_embedding_dimension"] = 768
    (d / "1_Pooling/config.json").write_text(json.dumps(pool))
    (d / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
    (d / "config_sentence_transformers.json").write_text(json.dumps({"prompts": {"query": "query: ", "passage": "passage: "}}))
print(f"{n} texts and {d}")
