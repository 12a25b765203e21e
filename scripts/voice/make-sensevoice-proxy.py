#!/usr/bin/python3
"""Writes an ONNX model with SenseVoice's interface and random weights: what sherpa-onnx's SenseVoice
recogniser loads (inputs, outputs, metadata) and, at --size small, SenseVoice-small's compute (234 M
int8 weights). No trained SenseVoice can be downloaded on the build machines; this lets the real sherpa
adapter run, and the bench measure what recognition costs on this CPU. It recognises nothing.

  /usr/bin/python3 scripts/voice/make-sensevoice-proxy.py --out DIR [--size tiny|small] [--seed N]

Needs Debian's python3-onnx (numpy comes with it). Writes DIR/model.int8.onnx and DIR/tokens.txt.

Interface (sherpa-onnx offline-sense-voice-model.cc / offline-recognizer-sense-voice-impl.h):
inputs x [N, T, 560] float (LFR 7x80 fbank after CMVN), x_length [N] int32, language [N] int32,
text_norm [N] int32; output logits [N, T + 4, vocab], whose first four frames are the prompt
(language, emotion, event, text norm). Here the prompt frames come from a fixed table, so the language
tag read back is the one asked for ("auto" reads as zh), and the audio frames go through `layers`
int8 blocks (dynamic quantisation as onnxruntime's quantize_dynamic writes it: DynamicQuantizeLinear,
MatMulInteger) of attention-sized and feed-forward projections with layer norms and residuals.
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SIZES = {
    # SenseVoice-small: 50 SAN-M encoder + 20 time-pooling layers, d 512, FFN 2048, 25 055 tokens.
    "small": dict(layers=70, dim=512, ffn=2048, text_tokens=25055),
    # For tests: a few kilobytes, same graph.
    "tiny": dict(layers=2, dim=32, ffn=64, text_tokens=40),
}

PROMPT_TOKENS = ["<|zh|>", "<|en|>", "<|yue|>", "<|ja|>", "<|ko|>", "<|NEUTRAL|>", "<|Speech|>", "<|withitn|>", "<|woitn|>"]
# Embedding ids of the prompt as the real model's metadata gives them.
LANG_IDS = dict(auto=0, zh=3, en=4, yue=7, ja=11, ko=12)
WITH_ITN, WITHOUT_ITN = 14, 15


def tokens(text_tokens):
    # 0 is the CTC blank (<unk> in SenseVoice's own list), then special tokens, then text pieces.
    syms = ["<unk>", "<s>", "</s>"] + PROMPT_TOKENS
    pieces = [chr(0x4E00 + i) for i in range(text_tokens // 2)] + [f"▁w{i}" for i in range(text_tokens - text_tokens // 2)]
    return syms + pieces


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", choices=SIZES, default="tiny")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    s = SIZES[a.size]
    rng = np.random.default_rng(a.seed)
    syms = tokens(s["text_tokens"])
    vocab = len(syms)
    tok = {t: i for i, t in enumerate(syms)}
    d, feat = s["dim"], 560
    inits, nodes = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(arr, name))
        return name

    def qlinear(x, n_in, n_out, name):
        """x [.., n_in] float -> [.., n_out] float through int8 weights."""
        w = rng.integers(-127, 128, size=(n_in, n_out), dtype=np.int8)
        w_scale = np.float32(1.0 / (127 * np.sqrt(n_in / 3)))
        const(f"{name}.w", w)
        const(f"{name}.wzp", np.array(0, dtype=np.int8))
        const(f"{name}.ws", np.array(w_scale, dtype=np.float32))
        nodes.append(helper.make_node("DynamicQuantizeLinear", [x], [f"{name}.q", f"{name}.qs", f"{name}.qzp"]))
        nodes.append(helper.make_node("MatMulInteger", [f"{name}.q", f"{name}.w", f"{name}.qzp", f"{name}.wzp"], [f"{name}.i32"]))
        nodes.append(helper.make_node("Cast", [f"{name}.i32"], [f"{name}.f"], to=TensorProto.FLOAT))
        nodes.append(helper.make_node("Mul", [f"{name}.qs", f"{name}.ws"], [f"{name}.scale"]))
        nodes.append(helper.make_node("Mul", [f"{name}.f", f"{name}.scale"], [f"{name}.out"]))
        return f"{name}.out"

    def layer_norm(x, name):
        const(f"{name}.g", np.ones(d, dtype=np.float32))
        const(f"{name}.b", np.zeros(d, dtype=np.float32))
        nodes.append(helper.make_node("LayerNormalization", [x, f"{name}.g", f"{name}.b"], [f"{name}.out"], axis=-1))
        return f"{name}.out"

    # Audio frames: project, then blocks of (attention-sized projections, FFN), each pre-norm with a residual.
    h = qlinear("x", feat, d, "in")
    for i in range(s["layers"]):
        n = layer_norm(h, f"l{i}.ln1")
        qkv = qlinear(n, d, 3 * d, f"l{i}.qkv")
        nodes.append(helper.make_node("Split", [qkv], [f"l{i}.q", f"l{i}.k", f"l{i}.v"], axis=-1))
        att = qlinear(f"l{i}.v", d, d, f"l{i}.o")
        nodes.append(helper.make_node("Add", [h, att], [f"l{i}.r1"]))
        n2 = layer_norm(f"l{i}.r1", f"l{i}.ln2")
        up = qlinear(n2, d, s["ffn"], f"l{i}.up")
        nodes.append(helper.make_node("Relu", [up], [f"l{i}.act"]))
        down = qlinear(f"l{i}.act", s["ffn"], d, f"l{i}.down")
        nodes.append(helper.make_node("Add", [f"l{i}.r1", down], [f"l{i}.out"]))
        h = f"l{i}.out"
    audio_logits = qlinear(layer_norm(h, "final.ln"), d, vocab, "ctc")

    # Prompt frames: a fixed table indexed by [language, 1, 2, text_norm], one-hot on the tag to read back.
    table = np.full((16, vocab), -10.0, dtype=np.float32)
    lang_tok = {0: "<|zh|>", 3: "<|zh|>", 4: "<|en|>", 7: "<|yue|>", 11: "<|ja|>", 12: "<|ko|>"}
    for row, t in lang_tok.items():
        table[row, tok[t]] = 10.0
    table[1, tok["<|NEUTRAL|>"]] = 10.0
    table[2, tok["<|Speech|>"]] = 10.0
    table[WITH_ITN, tok["<|withitn|>"]] = 10.0
    table[WITHOUT_ITN, tok["<|woitn|>"]] = 10.0
    const("prompt.table", table)
    const("prompt.mid", np.array([[1, 2]], dtype=np.int32))
    const("axes0", np.array([1], dtype=np.int64))
    nodes += [
        helper.make_node("Unsqueeze", ["language", "axes0"], ["lang2"]),
        helper.make_node("Unsqueeze", ["text_norm", "axes0"], ["norm2"]),
        helper.make_node("Concat", ["lang2", "prompt.mid", "norm2"], ["prompt.ids"], axis=1),
        helper.make_node("Gather", ["prompt.table", "prompt.ids"], ["prompt.logits"], axis=0),
        helper.make_node("Concat", ["prompt.logits", audio_logits], ["logits"], axis=1),
    ]
    graph = helper.make_graph(
        nodes,
        "sensevoice-proxy",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", "T", feat]),
            helper.make_tensor_value_info("x_length", TensorProto.INT32, ["N"]),
            helper.make_tensor_value_info("language", TensorProto.INT32, ["N"]),
            helper.make_tensor_value_info("text_norm", TensorProto.INT32, ["N"]),
        ],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", "T4", vocab])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="guimi-sensevoice-proxy")
    model.ir_version = 8
    meta = dict(
        model_type="sense_voice_ctc",
        comment=f"random-weight proxy ({a.size}) with SenseVoice's interface; recognises nothing",
        vocab_size=vocab,
        blank_id=0,
        lfr_window_size=7,
        lfr_window_shift=6,
        normalize_samples=0,
        with_itn=WITH_ITN,
        without_itn=WITHOUT_ITN,
        neg_mean=",".join(["-10.0"] * feat),
        inv_stddev=",".join(["0.25"] * feat),
        **{f"lang_{k}": v for k, v in LANG_IDS.items()},
    )
    for k, v in meta.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=str(v)))
    onnx.checker.check_model(model)
    os.makedirs(a.out, exist_ok=True)
    onnx.save(model, os.path.join(a.out, "model.int8.onnx"))
    with open(os.path.join(a.out, "tokens.txt"), "w", encoding="utf-8") as f:
        for i, t in enumerate(syms):
            f.write(f"{t} {i}\n")
    params = sum(int(np.prod(t.dims)) for t in inits)
    print(f"wrote {a.out}/model.int8.onnx ({a.size}: {params / 1e6:.1f} M weights, vocab {vocab})")


if __name__ == "__main__":
    main()
