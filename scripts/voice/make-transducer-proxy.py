#!/usr/bin/python3
"""Writes a streaming zipformer transducer (encoder, decoder, joiner ONNX and tokens.txt) with the interface
of the two sherpa-onnx models Guimi uses and random weights: what sherpa-onnx's OnlineRecognizer and
KeywordSpotter load (inputs, outputs, cached states, metadata) and, at --size real, the real model's size
and roughly its compute. No trained model can be downloaded on the build machines; this lets the real
sherpa adapters run, and the bench measure what they cost on this CPU. It recognises nothing: its tokens
are noise, and a keyword it reports is chance.

  /usr/bin/python3 scripts/voice/make-transducer-proxy.py --kind kws|zipformer --out DIR [--size tiny|real] [--seed N]

Needs Debian's python3-onnx (numpy comes with it).

--kind kws: sherpa-onnx-kws-zipformer-wenetspeech-3.3M-2024-01-01 (icefall egs/wenetspeech/KWS, a causal
  Zipformer2, model_type "zipformer2"; chunk 16, left context 64): 6 stacks of 1 layer, dim 128, FFN 192,
  downsampling 1,2,4,8,4,2, heads 4,4,4,8,4,4, query head dim 32, value head dim 12, kernels 31,31,15,15,15,31,
  decoder and joiner dim 320; tokens are pinyin initials and toned finals (keyword-spelling.ts's split).
  Files encoder/decoder/joiner-epoch-12-avg-2-chunk-16-left-64[.int8].onnx.
--kind zipformer: sherpa-onnx-streaming-zipformer-bilingual-zh-en-2023-02-20 (icefall
  pruned_transducer_stateless7_streaming, the first Zipformer, model_type "zipformer" -- not zipformer2):
  5 stacks of 2,4,3,2,4 layers, dim 384, FFN 1024,1024,1536,1536,1024, attention dim 192, kernels 31,
  downsampling 1,2,4,8,2, decode chunk 32, 4 left chunks, decoder and joiner dim 512; tokens are Chinese
  characters and English BPE pieces. Files encoder/decoder/joiner-epoch-99-avg-1[.int8].onnx.

Interface (sherpa-onnx online-zipformer2-transducer-model.cc / online-zipformer-transducer-model.cc):
encoder inputs x [N, T, 80] (T = decode_chunk_len + 13 for zipformer2, + 7 for zipformer; both shift by
decode_chunk_len = 32 feature frames) then the cached states in GetEncoderInitStates' order, outputs
encoder_out [N, 8, joiner_dim] then the next states, same shapes. zipformer2, per layer: cached_key
[left, N, heads*query_head_dim], cached_nonlin_attn [1, N, left, 3*dim/4], cached_val1 and cached_val2
[left, N, heads*value_head_dim], cached_conv1 and cached_conv2 [N, dim, kernel/2]; then embed_states
[N, 128, 3, 19] and processed_lens [N] int64. zipformer, per stack of L layers, grouped by kind:
cached_len [L, N] int64, cached_avg [L, N, dim], cached_key [L, left, N, att], cached_val and cached_val2
[L, left, N, att/2], cached_conv1 and cached_conv2 [L, N, dim, kernel-1]. Decoder y [N, 2] int64 ->
decoder_out [N, joiner_dim]; joiner (encoder_out [N, J], decoder_out [N, J]) -> logit [N, vocab].

The encoder is built like the real one where compute lives: the Conv2d subsampling (float convolutions,
zipformer2's ConvNeXt fed by embed_states), then stacks at their frame rates (16 frames at 50 Hz / factor),
each layer three feed-forwards, attention over the cached keys and values plus this chunk, two causal
depthwise convolutions over the cached frames, all matrix products int8 (DynamicQuantizeLinear,
MatMulInteger, as onnxruntime's quantize_dynamic writes them). The caches it returns are the last frames
it saw, so the states really roll from chunk to chunk. Decoder float, joiner int8, as in the releases.
"""

import argparse
import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

KINDS = {
    "kws": dict(
        model_type="zipformer2",
        files=(
            "encoder-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
            "decoder-epoch-12-avg-2-chunk-16-left-64.onnx",
            "joiner-epoch-12-avg-2-chunk-16-left-64.int8.onnx",
        ),
        sizes=dict(
            real=dict(dim=128, ffn=[192] * 6, layers=[1] * 6, ds=[1, 2, 4, 8, 4, 2], heads=[4, 4, 4, 8, 4, 4], qdim=32, vdim=12,
                      kernels=[31, 31, 15, 15, 15, 31], left=64, dec=320, joiner=320),
            tiny=dict(dim=16, ffn=[24, 24], layers=[1, 1], ds=[1, 2], heads=[2, 2], qdim=4, vdim=4, kernels=[7, 7], left=16, dec=16, joiner=16),
        ),
    ),
    "zipformer": dict(
        model_type="zipformer",
        files=("encoder-epoch-99-avg-1.int8.onnx", "decoder-epoch-99-avg-1.onnx", "joiner-epoch-99-avg-1.int8.onnx"),
        sizes=dict(
            real=dict(dim=384, ffn=[1024, 1024, 1536, 1536, 1024], layers=[2, 4, 3, 2, 4], ds=[1, 2, 4, 8, 2], att=192,
                      kernels=[31] * 5, left=64, dec=512, joiner=512, vocab=6254),
            tiny=dict(dim=16, ffn=[24, 24], layers=[1, 2], ds=[1, 2], att=8, kernels=[7, 7], left=16, dec=16, joiner=16, vocab=60),
        ),
    ),
}

DECODE_CHUNK_LEN = 32  # feature frames (100 Hz) per chunk: chunk-16 at 50 Hz
CHUNK = DECODE_CHUNK_LEN // 2  # frames at 50 Hz after the subsampling
CONTEXT_SIZE = 2
FEAT = 80
INT64_MAX = np.iinfo(np.int64).max

INITIALS = ["b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s", "y", "w"]
# Finals as pinyin writes them after the initial (y and w count as initials, so "yue" is y + ue, "wu" is w + u).
FINALS = ["a", "o", "e", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "er", "i", "ia", "ie", "iao", "iu", "ian", "in",
          "iang", "ing", "iong", "u", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ue", "ü", "üe", "üan", "ün"]
MARKS = {"a": "āáǎà", "o": "ōóǒò", "e": "ēéěè", "i": "īíǐì", "u": "ūúǔù", "ü": "ǖǘǚǜ"}


def toned(final, tone):
    """The final with its tone mark where pinyin puts it: a or e, else the o of ou, else the last vowel."""
    if "a" in final:
        at = final.index("a")
    elif "e" in final:
        at = final.index("e")
    elif "ou" in final:
        at = final.index("o")
    else:
        at = max(i for i, ch in enumerate(final) if ch in MARKS)
    return final[:at] + MARKS[final[at]][tone] + final[at + 1:]


def kws_tokens():
    finals = [toned(f, t) for f in FINALS for t in range(4)] + FINALS  # four tones, then the neutral tone
    return ["<blk>", "<sos/eos>", "<unk>"] + INITIALS + finals


def zipformer_tokens(vocab):
    pieces = vocab - 3
    han = [chr(0x4E00 + i) for i in range(pieces // 2)]
    return ["<blk>", "<sos/eos>", "<unk>"] + han + [f"▁w{i}" for i in range(pieces - len(han))]


class Graph:
    def __init__(self, rng):
        self.rng, self.inits, self.nodes, self.n = rng, [], [], 0

    def name(self, base):
        self.n += 1
        return f"{base}.{self.n}"

    def const(self, arr, base="c"):
        name = self.name(base)
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def op(self, op_type, inputs, base=None, outputs=None, **attrs):
        outs = outputs or [self.name(base or op_type.lower())]
        self.nodes.append(helper.make_node(op_type, inputs, outs, **attrs))
        return outs[0] if len(outs) == 1 else outs

    def ints(self, *v):
        return self.const(np.array(v, dtype=np.int64), "i")

    def qlinear(self, x, n_in, n_out):
        """x [.., n_in] float -> [.., n_out] float through int8 weights (dynamic quantisation)."""
        w = self.const(self.rng.integers(-127, 128, size=(n_in, n_out), dtype=np.int8), "w")
        wzp = self.const(np.array(0, dtype=np.int8), "wzp")
        ws = self.const(np.array(1.0 / (127 * np.sqrt(n_in / 3)), dtype=np.float32), "ws")
        q, qs, qzp = self.op("DynamicQuantizeLinear", [x], outputs=[self.name("q"), self.name("qs"), self.name("qzp")])
        i32 = self.op("MatMulInteger", [q, w, qzp, wzp])
        f = self.op("Cast", [i32], to=TensorProto.FLOAT)
        return self.op("Mul", [f, self.op("Mul", [qs, ws])])

    def linear(self, x, n_in, n_out):
        """Float weights (the decoder, which the releases do not quantise)."""
        w = self.const((self.rng.standard_normal((n_in, n_out)) / np.sqrt(n_in)).astype(np.float32), "w")
        return self.op("MatMul", [x, w])

    def norm(self, x, d):
        g = self.const(np.ones(d, dtype=np.float32), "g")
        b = self.const(np.zeros(d, dtype=np.float32), "b")
        return self.op("LayerNormalization", [x, g, b], axis=-1)

    def conv(self, x, c_in, c_out, k, strides=(1, 1), pads=(0, 0, 0, 0), group=1):
        w = self.const((self.rng.standard_normal((c_out, c_in // group, *k)) / np.sqrt(c_in // group * int(np.prod(k)))).astype(np.float32), "k")
        return self.op("Conv", [x, w], kernel_shape=list(k), strides=list(strides), pads=list(pads), group=group)

    def tail(self, x, axis, n):
        """The last n entries along axis (a cache to carry on)."""
        return self.op("Slice", [x, self.ints(-n), self.ints(INT64_MAX), self.ints(axis)])

    def ffn(self, x, d, hidden):
        up = self.op("Relu", [self.qlinear(self.norm(x, d), d, hidden)])
        return self.op("Add", [x, self.qlinear(up, hidden, d)])


def layer(g, x, d, ffns, kd, vd, nonlin, kernel_cache, cache):
    """One zipformer-like layer on x [N, F, d] with caches in [N, frames, dim] / [N, d, frames] layout.
    Returns the output and each cache with this chunk's frames appended (the caller keeps the last ones)."""
    x = g.ffn(x, d, ffns[0])
    n = g.norm(x, d)
    # Attention weights over cached keys and this chunk's.
    keys = g.op("Concat", [cache["key"], g.qlinear(n, d, kd)], axis=1)
    q = g.qlinear(n, d, kd)
    scores = g.op("MatMul", [q, g.op("Transpose", [keys], perm=[0, 2, 1])])
    attn = g.op("Softmax", [g.op("Mul", [scores, g.const(np.array(1 / np.sqrt(kd), dtype=np.float32))])], axis=-1)
    outs = {"key": keys}
    if nonlin:
        h = 3 * d // 4
        # Zipformer2's non-linear attention: in_proj to three parts, tanh(s) * v attended, gated by y.
        s_, v_, y_ = g.op("Split", [g.qlinear(n, d, 3 * h)], outputs=[g.name("nl_s"), g.name("nl_v"), g.name("nl_y")], axis=-1)
        v_all = g.op("Concat", [cache["nonlin"], g.op("Mul", [g.op("Tanh", [s_]), v_])], axis=1)
        outs["nonlin"] = v_all
        x = g.op("Add", [x, g.qlinear(g.op("Mul", [g.op("MatMul", [attn, v_all]), y_]), h, d)])

    def attend(x, which):
        v_all = g.op("Concat", [cache[which], g.qlinear(g.norm(x, d), d, vd)], axis=1)
        outs[which] = v_all
        return g.op("Add", [x, g.qlinear(g.op("MatMul", [attn, v_all]), vd, d)])

    def conv_module(x, which):
        p = g.qlinear(g.norm(x, d), d, 2 * d)
        a, b = g.op("Split", [p], outputs=[g.name("glu_a"), g.name("glu_b")], axis=-1)
        glu = g.op("Mul", [a, g.op("Sigmoid", [b])])
        frames = g.op("Concat", [cache[which], g.op("Transpose", [glu], perm=[0, 2, 1])], axis=2)
        outs[which] = frames
        dw = g.conv(frames, d, d, (kernel_cache + 1,), pads=(0, 0), strides=(1,), group=d)
        return g.op("Add", [x, g.qlinear(g.op("Transpose", [dw], perm=[0, 2, 1]), d, d)])

    x = attend(x, "val1")
    x = conv_module(x, "conv1")
    x = g.ffn(x, d, ffns[1])
    x = attend(x, "val2")
    x = conv_module(x, "conv2")
    x = g.ffn(x, d, ffns[2])
    return g.norm(x, d), outs


def build_encoder(kind, s, rng):
    g = Graph(rng)
    z2 = kind == "zipformer2"
    d, stacks = s["dim"], len(s["layers"])
    lefts = [s["left"] // f for f in s["ds"]]
    T = DECODE_CHUNK_LEN + (13 if z2 else 7)
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", T, FEAT])]
    outputs = [helper.make_tensor_value_info("encoder_out", TensorProto.FLOAT, ["N", CHUNK // 2, s["joiner"]])]
    state_in, state_out = [], []

    def state(name, shape, dtype=TensorProto.FLOAT):
        inputs.append(helper.make_tensor_value_info(name, dtype, shape))
        outputs.append(helper.make_tensor_value_info(f"new_{name}", dtype, shape))
        state_in.append(name)
        state_out.append(f"new_{name}")
        return name

    # Subsampling: Conv2d 1->8 (pad freq), 8->32 stride 2, 32->128 stride (1, 2): T -> (T - 7) // 2 + (3 if z2), 80 -> 19.
    x4 = g.op("Unsqueeze", ["x", g.ints(1)])
    h = g.op("Relu", [g.conv(x4, 1, 8, (3, 3), pads=(0, 1, 0, 1))])
    h = g.op("Relu", [g.conv(h, 8, 32, (3, 3), strides=(2, 2))])
    h = g.op("Relu", [g.conv(h, 32, 128, (3, 3), strides=(1, 2))])  # [N, 128, T', 19]
    layer_states = []
    if z2:
        # Per layer in order, then embed_states and processed_lens (names as icefall's export writes them).
        j = 0
        for i in range(stacks):
            kd, vd = s["heads"][i] * s["qdim"], s["heads"][i] * s["vdim"]
            for _ in range(s["layers"][i]):
                names = dict(
                    key=state(f"cached_key_{j}", [lefts[i], "N", kd]),
                    nonlin=state(f"cached_nonlin_attn_{j}", [1, "N", lefts[i], 3 * d // 4]),
                    val1=state(f"cached_val1_{j}", [lefts[i], "N", vd]),
                    val2=state(f"cached_val2_{j}", [lefts[i], "N", vd]),
                    conv1=state(f"cached_conv1_{j}", ["N", d, s["kernels"][i] // 2]),
                    conv2=state(f"cached_conv2_{j}", ["N", d, s["kernels"][i] // 2]),
                )
                layer_states.append((i, names))
                j += 1
        embed = state("embed_states", ["N", 128, 3, 19])
        lens = state("processed_lens", ["N"], TensorProto.INT64)
        # ConvNeXt over the cached 3 frames and these 19: depthwise 7x7, pointwise 128 -> 384 -> 128.
        frames = g.op("Concat", [embed, h], axis=2)  # [N, 128, 22, 19]
        g.op("Identity", [g.tail(frames, 2, 3)], outputs=["new_embed_states"])
        dw = g.conv(frames, 128, 128, (7, 7), pads=(0, 3, 0, 3), group=128)  # [N, 128, 16, 19]
        pw = g.conv(g.op("Relu", [g.conv(dw, 128, 384, (1, 1))]), 384, 128, (1, 1))
        h = g.op("Add", [pw, g.op("Slice", [h, g.ints(3), g.ints(3 + CHUNK), g.ints(2)])])
        g.op("Add", [lens, g.const(np.array([CHUNK], dtype=np.int64))], outputs=["new_processed_lens"])
    else:
        # Grouped by kind, one tensor per stack stacking its layers.
        per = {k: [] for k in ("len", "avg", "key", "val1", "val2", "conv1", "conv2")}
        att = s["att"]
        for i in range(stacks):
            per["len"].append(state(f"cached_len_{i}", [s["layers"][i], "N"], TensorProto.INT64))
        for i in range(stacks):
            per["avg"].append(state(f"cached_avg_{i}", [s["layers"][i], "N", d]))
        for i in range(stacks):
            per["key"].append(state(f"cached_key_{i}", [s["layers"][i], lefts[i], "N", att]))
        for i in range(stacks):
            per["val1"].append(state(f"cached_val_{i}", [s["layers"][i], lefts[i], "N", att // 2]))
        for i in range(stacks):
            per["val2"].append(state(f"cached_val2_{i}", [s["layers"][i], lefts[i], "N", att // 2]))
        for i in range(stacks):
            per["conv1"].append(state(f"cached_conv1_{i}", [s["layers"][i], "N", d, s["kernels"][i] - 1]))
        for i in range(stacks):
            per["conv2"].append(state(f"cached_conv2_{i}", [s["layers"][i], "N", d, s["kernels"][i] - 1]))
        for i in range(stacks):
            g.op("Add", [per["len"][i], g.const(np.array(CHUNK // s["ds"][i], dtype=np.int64))], outputs=[f"new_cached_len_{i}"])
            g.op("Identity", [per["avg"][i]], outputs=[f"new_cached_avg_{i}"])
            for j in range(s["layers"][i]):
                layer_states.append((i, {k: (per[k][i], j) for k in ("key", "val1", "val2", "conv1", "conv2")}))
    # [N, 128, 16, 19] -> [N, 16, 128 * 19] -> dim.
    h = g.op("Reshape", [g.op("Transpose", [h], perm=[0, 2, 1, 3]), g.ints(0, CHUNK, 128 * 19)])
    h = g.qlinear(h, 128 * 19, d)

    # Stacks at their frame rates, each layer with its caches.
    stacked = {}  # zipformer: (name, layer) -> new per-layer tensor, to restack
    it = iter(layer_states)
    for i in range(stacks):
        f = s["ds"][i]
        frames = CHUNK // f
        kd = s["heads"][i] * s["qdim"] if z2 else s["att"]
        vd = s["heads"][i] * s["vdim"] if z2 else s["att"] // 2
        ffn = s["ffn"][i]
        ffns = [3 * ffn // 4, ffn, 5 * ffn // 4] if z2 else [ffn] * 3
        c = s["kernels"][i] // 2 if z2 else s["kernels"][i] - 1
        x = g.op("ReduceMean", [g.op("Reshape", [h, g.ints(0, frames, f, d)])], axes=[2], keepdims=0) if f > 1 else h
        for _ in range(s["layers"][i]):
            _, names = next(it)
            if z2:
                cache = dict(
                    key=g.op("Transpose", [names["key"]], perm=[1, 0, 2]),
                    nonlin=g.op("Squeeze", [names["nonlin"], g.ints(0)]),
                    val1=g.op("Transpose", [names["val1"]], perm=[1, 0, 2]),
                    val2=g.op("Transpose", [names["val2"]], perm=[1, 0, 2]),
                    conv1=names["conv1"],
                    conv2=names["conv2"],
                )
            else:
                def pick(k, perm=None):
                    t = g.op("Gather", [names[k][0], g.const(np.array(names[k][1], dtype=np.int64))], axis=0)
                    return g.op("Transpose", [t], perm=perm) if perm else t
                cache = dict(key=pick("key", [1, 0, 2]), val1=pick("val1", [1, 0, 2]), val2=pick("val2", [1, 0, 2]),
                             conv1=pick("conv1"), conv2=pick("conv2"))
            x, outs = layer(g, x, d, ffns, kd, vd, z2, c, cache)
            left = lefts[i]
            new = dict(
                key=g.op("Transpose", [g.tail(outs["key"], 1, left)], perm=[1, 0, 2]),
                val1=g.op("Transpose", [g.tail(outs["val1"], 1, left)], perm=[1, 0, 2]),
                val2=g.op("Transpose", [g.tail(outs["val2"], 1, left)], perm=[1, 0, 2]),
                conv1=g.tail(outs["conv1"], 2, c),
                conv2=g.tail(outs["conv2"], 2, c),
            )
            if z2:
                new["nonlin"] = g.op("Unsqueeze", [g.tail(outs["nonlin"], 1, left), g.ints(0)])
                for k, v in new.items():
                    g.op("Identity", [v], outputs=[f"new_{names[k]}"])
            else:
                for k, v in new.items():
                    stacked.setdefault(names[k][0], []).append(g.op("Unsqueeze", [v, g.ints(0)]))
        if f > 1:
            up = g.op("Expand", [g.op("Unsqueeze", [x, g.ints(2)]), g.ints(1, 1, f, 1)])
            x = g.op("Reshape", [up, g.ints(0, CHUNK, d)])
        h = g.op("Add", [h, x])
    for name, parts in stacked.items():
        g.op("Concat", parts, outputs=[f"new_{name}"], axis=0)
    # Output downsampling by 2 (8 frames at 25 Hz), then the joiner's encoder projection.
    h = g.op("ReduceMean", [g.op("Reshape", [h, g.ints(0, CHUNK // 2, 2, d)])], axes=[2], keepdims=0)
    g.op("Identity", [g.qlinear(g.norm(h, d), d, s["joiner"])], outputs=["encoder_out"])
    meta = dict(
        model_type=kind,
        encoder_dims=",".join([str(d)] * stacks),
        num_encoder_layers=",".join(map(str, s["layers"])),
        cnn_module_kernels=",".join(map(str, s["kernels"])),
        left_context_len=",".join(map(str, lefts)),
        T=T,
        decode_chunk_len=DECODE_CHUNK_LEN,
    )
    if z2:
        meta.update(
            query_head_dims=",".join([str(s["qdim"])] * stacks),
            value_head_dims=",".join([str(s["vdim"])] * stacks),
            num_heads=",".join(map(str, s["heads"])),
        )
    else:
        meta.update(attention_dims=",".join([str(s["att"])] * stacks), zipformer_downsampling_factors=",".join(map(str, s["ds"])))
    return g, inputs, outputs, meta


def build_decoder(s, vocab, rng):
    g = Graph(rng)
    emb = g.const((rng.standard_normal((vocab, s["dec"])) * 0.5).astype(np.float32), "emb")
    e = g.op("Gather", [emb, "y"], axis=0)  # [N, 2, dec]
    # A grouped context convolution in the real one; here one weight per context position and channel.
    w = g.const((rng.standard_normal((CONTEXT_SIZE, s["dec"])) / np.sqrt(CONTEXT_SIZE)).astype(np.float32), "ctx")
    h = g.op("Relu", [g.op("ReduceSum", [g.op("Mul", [e, w]), g.ints(1)], keepdims=0)])
    g.op("Identity", [g.linear(h, s["dec"], s["joiner"])], outputs=["decoder_out"])
    inputs = [helper.make_tensor_value_info("y", TensorProto.INT64, ["N", CONTEXT_SIZE])]
    outputs = [helper.make_tensor_value_info("decoder_out", TensorProto.FLOAT, ["N", s["joiner"]])]
    return g, inputs, outputs, dict(vocab_size=vocab, context_size=CONTEXT_SIZE)


def build_joiner(s, vocab, rng):
    g = Graph(rng)
    h = g.op("Tanh", [g.op("Add", ["encoder_out", "decoder_out"])])
    g.op("Identity", [g.qlinear(h, s["joiner"], vocab)], outputs=["logit"])
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", s["joiner"]]) for n in ("encoder_out", "decoder_out")]
    outputs = [helper.make_tensor_value_info("logit", TensorProto.FLOAT, ["N", vocab])]
    return g, inputs, outputs, dict(joiner_dim=s["joiner"])


def save(path, name, built, comment):
    g, inputs, outputs, meta = built
    graph = helper.make_graph(g.nodes, name, inputs, outputs, g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="guimi-transducer-proxy")
    model.ir_version = 8
    for k, v in {**meta, "comment": comment}.items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=k, value=str(v)))
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return sum(int(np.prod(t.dims)) for t in g.inits)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kind", choices=KINDS, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--size", choices=("tiny", "real"), default="tiny")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    k = KINDS[a.kind]
    s = k["sizes"][a.size]
    rng = np.random.default_rng(a.seed)
    syms = kws_tokens() if a.kind == "kws" else zipformer_tokens(s["vocab"])
    vocab = len(syms)
    os.makedirs(a.out, exist_ok=True)
    comment = f"random-weight proxy ({a.kind}, {a.size}) with the real model's interface; recognises nothing"
    enc, dec, join = (os.path.join(a.out, f) for f in k["files"])
    params = save(enc, "encoder", build_encoder(k["model_type"], s, rng), comment)
    params += save(dec, "decoder", build_decoder(s, vocab, rng), comment)
    params += save(join, "joiner", build_joiner(s, vocab, rng), comment)
    with open(os.path.join(a.out, "tokens.txt"), "w", encoding="utf-8") as f:
        for i, t in enumerate(syms):
            f.write(f"{t} {i}\n")
    print(f"wrote {a.out} ({a.kind} {a.size}, {k['model_type']}: {params / 1e6:.2f} M weights, vocab {vocab})")


if __name__ == "__main__":
    main()
