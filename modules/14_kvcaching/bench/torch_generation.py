#!/usr/bin/python3
"""PyTorch side of `bench_14_generation --compare torch`.

The same architecture as modules 12-14 (pre-norm GPT, GELU tanh, learned
positions, optional tied LM head, grouped-query heads), the same weights (read
by hand from the bench's safetensors file: Debian has no safetensors
package), the same prompt and thread count: one prefill, then cached one-token
greedy decode under torch.inference_mode(). Usage:

    /usr/bin/python3 torch_generation.py REQUEST.json RESULT.json

Needs Debian's python3-torch (apt-get install python3-torch; installed here
when run as root).
"""
import json
import math
import os
import struct
import subprocess
import sys
import time

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "python3-torch"], check=True)
        import torch
        import torch.nn.functional as F
    else:
        sys.exit("python3-torch is missing: sudo apt-get install python3-torch")


def load_safetensors(path):
    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
        data = f.read()
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        tensors[name] = torch.frombuffer(bytearray(data[begin:end]), dtype=torch.float32).reshape(entry["shape"])
    return tensors


class Model:
    def __init__(self, cfg, w):
        self.cfg, self.w = cfg, w
        self.h, self.g = cfg["num_heads"], cfg["num_kv_heads"]
        self.d = cfg["embed_dim"] // self.h

    def lin(self, x, name, bias=True):
        return F.linear(x, self.w[name + ".weight"], self.w[name + ".bias"] if bias else None)

    def ln(self, x, name):
        return F.layer_norm(x, (x.shape[-1],), self.w[name + ".weight"], self.w[name + ".bias"], 1e-5)

    def new_cache(self, batch):
        s = self.cfg["max_seq_len"]
        return [(torch.zeros(batch, self.g, s, self.d), torch.zeros(batch, self.g, s, self.d))
                for _ in range(self.cfg["num_layers"])]

    def forward(self, tokens, pos, cache):
        b, t = tokens.shape
        x = self.w["tok_emb.weight"][tokens] + self.w["pos_emb.weight"][pos:pos + t]
        for i in range(self.cfg["num_layers"]):
            p = f"blocks.{i}."
            h = self.ln(x, p + "ln1")
            q = self.lin(h, p + "attn.q_proj").view(b, t, self.h, self.d).transpose(1, 2)
            k = self.lin(h, p + "attn.k_proj").view(b, t, self.g, self.d).transpose(1, 2)
            v = self.lin(h, p + "attn.v_proj").view(b, t, self.g, self.d).transpose(1, 2)
            kc, vc = cache[i]
            kc[:, :, pos:pos + t] = k
            vc[:, :, pos:pos + t] = v
            keys, values = kc[:, :, :pos + t], vc[:, :, :pos + t]
            if self.g != self.h:
                keys = keys.repeat_interleave(self.h // self.g, dim=1)
                values = values.repeat_interleave(self.h // self.g, dim=1)
            scores = q @ keys.transpose(-2, -1) / math.sqrt(self.d)
            if t > 1:
                allowed = torch.arange(pos + t)[None, :] <= (torch.arange(t)[:, None] + pos)
                scores = scores.masked_fill(~allowed, float("-inf"))
            a = (F.softmax(scores, dim=-1) @ values).transpose(1, 2).reshape(b, t, -1)
            x = x + self.lin(a, p + "attn.out_proj")
            h = self.ln(x, p + "ln2")
            x = x + self.lin(F.gelu(self.lin(h, p + "mlp.fc"), approximate="tanh"), p + "mlp.proj")
        h = self.ln(x[:, -1:], "ln_f")
        head = self.w["tok_emb.weight"] if self.cfg["tie_lm_head"] else self.w["lm_head.weight"]
        return F.linear(h, head)[:, 0]


def generate(model, prompt, length):
    tokens = torch.tensor(prompt)
    cache = model.new_cache(tokens.shape[0])
    out = [list(row) for row in prompt]
    steps = []
    step_tokens, pos = tokens, 0
    for _ in range(length):
        start = time.perf_counter()
        logits = model.forward(step_tokens, pos, cache)
        nxt = logits.argmax(dim=-1)
        steps.append(time.perf_counter() - start)
        pos += step_tokens.shape[1]
        for b, token in enumerate(nxt.tolist()):
            out[b].append(token)
        step_tokens = nxt[:, None]
    return out, steps


def main():
    request = json.load(open(sys.argv[1]))
    torch.set_num_threads(request["threads"])
    model = Model(request["config"], load_safetensors(request["weights"]))
    batch = len(request["prompt"])
    results = []
    with torch.inference_mode():
        for length in request["lengths"]:
            decode_rates, prefill = [], []
            for _ in range(request["repeats"]):
                tokens, steps = generate(model, request["prompt"], length)
                prefill.append(steps[0] * 1e3)
                if length > 1:
                    decode_rates.append((length - 1) * batch / sum(steps[1:]))
            decode_rates.sort()
            results.append({"length": length, "tokens": tokens,
                            "decode_tokens_per_s": decode_rates[len(decode_rates) // 2] if decode_rates else 0.0,
                            "prefill_ms": sorted(prefill)[len(prefill) // 2]})
            print(f"torch: {length} tokens done", file=sys.stderr)
    json.dump({"torch_version": torch.__version__, "results": results}, open(sys.argv[2], "w"))


if __name__ == "__main__":
    main()
