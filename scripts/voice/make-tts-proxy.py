#!/usr/bin/python3
"""Writes sherpa-onnx TTS voices with the real models' interfaces and random weights: what sherpa-onnx's
OfflineTts loads for Matcha zh-baker (+ the vocos-22khz-univ vocoder) and for Kokoro multi-lang v1.0
(inputs, outputs, metadata, lexicon, tokens, data files) and, at --size real, roughly the real models'
parameter counts and compute. No trained voice can be downloaded on the build machines; this lets the
real sherpa adapter (src/voice/sherpa-tts.ts) run, and the bench measure what synthesis costs on this
CPU. IT SPEAKS NOISE: the audio has the right sample rate and a length that grows with the text, and
nothing else about it means anything.

  /usr/bin/python3 scripts/voice/make-tts-proxy.py --voice matcha --out MODELS_VOICE_DIR [--size tiny|real]
  /usr/bin/python3 scripts/voice/make-tts-proxy.py --voice kokoro --out MODELS_VOICE_DIR [--size tiny|real]

MODELS_VOICE_DIR is <dataDir>/models/voice; the files go where `guimi model pull` puts the real ones:
  matcha: matcha-zh-baker/{model-steps-3.onnx, lexicon.txt, tokens.txt, dict/} and
          vocos-22khz-univ/vocos-22khz-univ.onnx
  kokoro: kokoro-multi-lang-v1_0/{model.onnx, voices.bin, tokens.txt, lexicon-zh.txt, lexicon-us-en.txt,
          espeak-ng-data/ (Debian's espeak-ng-data copied in), dict/}
Needs Debian's python3-onnx (numpy comes with it); Kokoro also needs Debian's espeak-ng-data.

Interfaces (sherpa-onnx 1.13.8, csrc/offline-tts-matcha-model.cc, offline-tts-matcha-impl.h, vocoder.cc,
vocos-vocoder.cc, offline-tts-kokoro-model.cc):
- Matcha acoustic model: inputs by position x [1, L] int64 token ids (blanks interspersed by sherpa when
  add_blank), x_length [1] int64, noise_scale [1] float, length_scale [1] float; output mel [1, 80, T].
  Here T = round(L * FRAMES_PER_TOKEN * length_scale): a text encoder over the tokens, a length regulator
  (nearest-neighbour Resize), then three unrolled ODE steps of a convolutional decoder, as Matcha's
  model-steps-3 does. Metadata as icefall's baker_zh export writes it (model_type matcha-tts, jieba 1,
  has_espeak 0, sample_rate 22050, n_speakers 1, pad_id, use_eos_bos 0, ...). With jieba=1 sherpa reads
  text character by character through lexicon.txt (longest match); from 1.12.15 it needs no jieba
  dictionary, so dict/ is written empty (Guimi checks that it exists, as the real download has one).
- vocos: input mels [1, 80, T]; outputs mag, x, y [1, 513, T] (magnitude, cos and sin of the phase),
  which sherpa turns into audio with an inverse STFT (n_fft 1024, hop 256, hann, from the metadata).
  ConvNeXt backbone as Vocos has it (embed conv, depthwise conv, layer norm, GELU MLP, residual).
- Kokoro: inputs tokens [1, L] int64 (0 at both ends), style [1, 256] float (row L of the speaker's
  voice in voices.bin), speed [1] float; output audio [N] float at 24 kHz, N growing with L. Metadata as
  sherpa's kokoro/v1.0/add_meta_data.py writes it (version 2, voice en-us, style_dim 510,1,256, 53 speakers).
  sherpa splits Chinese at the lexicon, English through espeak-ng, and merges pieces under ~50 tokens.
At --size real the compute follows the real models' parameter counts, not their graphs: Matcha's
transformer/U-Net and Kokoro's ALBERT, LSTM, AdaIN and iSTFTNet parts are stood in for by MLP and conv
stacks of about the same weight, so the bench's figures are an estimate of the real cost, not a measure of it.
"""

import argparse
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

FRAMES_PER_TOKEN = 4  # mel frames per token (blanks included) at length_scale 1: ~86 frames/s at 22050/256
KOKORO_SAMPLES_PER_TOKEN = 1200  # ~ 0.05 s of 24 kHz audio per phoneme at speed 1

SIZES = {
    # Matcha zh-baker steps-3: ~18 M weights (text encoder ~6 M, decoder ~11.5 M run 3 times);
    # vocos-22khz-univ: ~13.5 M (ConvNeXt 8 x 512, MLP 1536); Kokoro v1.0: ~82 M.
    "real": dict(
        enc_dim=192, enc_ffn=2304, enc_layers=6, dec_ch=256, dec_blocks=58,
        voc_dim=512, voc_ffn=1536, voc_layers=8,
        k_dim=512, k_ffn=2048, k_layers=22, k_up=3, k_up_ch=256,
    ),
    # For tests: kilobytes, same graphs.
    "tiny": dict(
        enc_dim=16, enc_ffn=32, enc_layers=1, dec_ch=16, dec_blocks=1,
        voc_dim=16, voc_ffn=32, voc_layers=1,
        k_dim=16, k_ffn=32, k_layers=1, k_up=1, k_up_ch=16,
    ),
}


class Graph:
    """A small ONNX graph builder with random weights."""

    def __init__(self, rng):
        self.rng = rng
        self.inits = []
        self.nodes = []
        self.n = 0

    def name(self, base):
        self.n += 1
        return f"{base}_{self.n}"

    def const(self, arr, base="c"):
        name = self.name(base)
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def weight(self, shape, fan_in, base="w", gain=1.0):
        return self.const((self.rng.standard_normal(shape) * gain / np.sqrt(fan_in)).astype(np.float32), base)

    def op(self, op_type, inputs, n_out=1, **attrs):
        outs = [self.name(op_type.lower()) for _ in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, **attrs))
        return outs[0] if n_out == 1 else outs

    def i64(self, values):
        return self.const(np.array(values, dtype=np.int64), "i64")

    def f32(self, value):
        return self.const(np.array(value, dtype=np.float32), "f32")

    def linear(self, x, n_in, n_out, bias=True):
        """x [.., n_in] -> [.., n_out]."""
        y = self.op("MatMul", [x, self.weight((n_in, n_out), n_in)])
        return self.op("Add", [y, self.const(np.zeros(n_out, dtype=np.float32), "b")]) if bias else y

    def layer_norm(self, x, d):
        g = self.const(np.ones(d, dtype=np.float32), "ln_g")
        b = self.const(np.zeros(d, dtype=np.float32), "ln_b")
        return self.op("LayerNormalization", [x, g, b], axis=-1)

    def gelu(self, x):
        e = self.op("Erf", [self.op("Mul", [x, self.f32(1 / np.sqrt(2))])])
        return self.op("Mul", [self.op("Mul", [x, self.f32(0.5)]), self.op("Add", [e, self.f32(1.0)])])

    def conv1d(self, x, c_in, c_out, k, group=1, gain=1.0):
        """x [1, c_in, T] -> [1, c_out, T] (same padding)."""
        w = self.weight((c_out, c_in // group, k), c_in // group * k, "conv_w", gain)
        b = self.const(np.zeros(c_out, dtype=np.float32), "conv_b")
        return self.op("Conv", [x, w, b], kernel_shape=[k], pads=[k // 2, k // 2], group=group)

    def rms_norm(self, x):
        """x / RMS(x) over all but the batch axis: keeps deep random stacks from fading out or blowing up."""
        ms = self.op("ReduceMean", [self.op("Mul", [x, x])], axes=[1, 2], keepdims=1)
        return self.op("Div", [x, self.op("Sqrt", [self.op("Add", [ms, self.f32(1e-6)])])])

    def mlp_block(self, x, d, ffn):
        """Pre-norm residual MLP on [.., d]."""
        h = self.layer_norm(x, d)
        h = self.linear(self.op("Relu", [self.linear(h, d, ffn)]), ffn, d)
        return self.op("Add", [x, self.op("Mul", [h, self.f32(0.5)])])

    def model(self, name, inputs, outputs, meta):
        graph = helper.make_graph(self.nodes, name, inputs, outputs, self.inits)
        m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="guimi-tts-proxy")
        m.ir_version = 8
        for k, v in meta.items():
            m.metadata_props.append(onnx.StringStringEntryProto(key=k, value=str(v)))
        onnx.checker.check_model(m)
        return m

    def params(self):
        return sum(int(np.prod(t.dims)) for t in self.inits)


# ---------------------------------------------------------------- Matcha zh-baker + vocos

INITIALS = ["b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "zh", "ch", "sh", "r", "z", "c", "s", "y", "w"]
FINALS = ["a", "o", "e", "i", "u", "v", "ai", "ei", "ao", "ou", "an", "en", "ang", "eng", "ong", "ia", "ie", "iao", "iu", "ian", "in", "iang", "ing", "iong", "ua", "uo", "uai", "ui", "uan", "un", "uang", "ve", "van", "vn", "er"]
PUNCT = ["，", "。", "？", "！", "、", "；", "：", "“", "”", "‘", "’"]
# Real pinyin for the characters the tests use; every other CJK character gets a made-up syllable.
PINYIN = {
    "你": "n i3", "好": "h ao3", "今": "j in1", "天": "t ian1", "过": "g uo4", "得": "d e5", "怎": "z en3",
    "么": "m e5", "样": "y ang4", "我": "w o3", "很": "h en3", "们": "m en5", "是": "sh i4", "的": "d e5",
    "一": "y i1", "不": "b u4", "了": "l e5", "在": "z ai4", "有": "y ou3", "人": "r en2", "这": "zh e4",
    "吗": "m a5", "呢": "n e5", "吧": "b a5", "啊": "a1",
}
WORDS = {"你好": "n i2 h ao3", "今天": "j in1 t ian1", "怎么样": "z en3 m e5 y ang4", "我们": "w o3 m en5"}


def matcha_tokens():
    finals = [f"{f}{t}" for f in FINALS for t in range(1, 6)]
    return ["_"] + PUNCT + INITIALS + finals


def matcha_lexicon():
    lines = [f"{w} {p}" for w, p in WORDS.items()]
    lines += [f"{c} {p}" for c, p in PINYIN.items()]
    for i, cp in enumerate(range(0x4E00, 0xA000)):
        c = chr(cp)
        if c in PINYIN:
            continue
        ini = INITIALS[i % len(INITIALS)]
        fin = FINALS[(i // len(INITIALS)) % len(FINALS)]
        tone = 1 + (i // (len(INITIALS) * len(FINALS))) % 5
        lines.append(f"{c} {ini} {fin}{tone}")
    return lines


def matcha_acoustic(s, vocab, rng, pad_id):
    g = Graph(rng)
    d, mel = s["enc_dim"], 80
    # Text encoder over tokens: embedding, pre-norm blocks (attention-sized projection + FFN).
    emb = g.weight((vocab, d), 1, "emb")
    h = g.op("Gather", [emb, "x"], axis=0)  # [1, L, d]
    for _ in range(s["enc_layers"]):
        a = g.linear(g.layer_norm(h, d), d, 4 * d)
        a = g.linear(g.op("Relu", [a]), 4 * d, d)
        h = g.op("Add", [h, g.op("Mul", [a, g.f32(0.5)])])
        h = g.mlp_block(h, d, s["enc_ffn"])
    mu = g.linear(g.layer_norm(h, d), d, mel)  # [1, L, 80]
    mu = g.op("Transpose", [mu], perm=[0, 2, 1])  # [1, 80, L]
    # Length regulator: T = round(L * FRAMES_PER_TOKEN * length_scale) frames, nearest neighbour.
    shape = g.op("Shape", ["x"])
    L = g.op("Cast", [g.op("Gather", [shape, g.i64([1])], axis=0)], to=TensorProto.FLOAT)
    T = g.op("Mul", [g.op("Mul", [L, g.f32(float(FRAMES_PER_TOKEN))]), "length_scale"])
    T = g.op("Cast", [g.op("Max", [g.op("Round", [T]), g.f32(np.array([1.0], dtype=np.float32))])], to=TensorProto.INT64)
    sizes = g.op("Concat", [g.i64([1, mel, 1]), T], axis=0)
    mu4 = g.op("Unsqueeze", [mu, g.i64([2])])  # [1, 80, 1, L]
    mu4 = g.op("Resize", [mu4, "", "", sizes], mode="nearest", nearest_mode="floor", coordinate_transformation_mode="asymmetric")
    mu_t = g.op("Squeeze", [mu4, g.i64([2])])  # [1, 80, T]
    # Flow matching: z ~ N(0, noise_scale), three Euler steps of a convolutional decoder (weights shared).
    z = g.op("Mul", [g.op("RandomNormalLike", [mu_t], dtype=TensorProto.FLOAT), "noise_scale"])
    c = s["dec_ch"]
    w_in = g.weight((c, 2 * mel, 3), 2 * mel * 3, "dec_in")
    b_in = g.const(np.zeros(c, dtype=np.float32), "dec_in_b")
    blocks = [(g.weight((c, c, 3), c * 3, "dec_w", 0.5), g.const(np.zeros(c, dtype=np.float32), "dec_b")) for _ in range(s["dec_blocks"])]
    w_out = g.weight((mel, c, 3), c * 3, "dec_out")
    b_out = g.const(np.zeros(mel, dtype=np.float32), "dec_out_b")
    conv = dict(kernel_shape=[3], pads=[1, 1])
    steps = 3
    for _ in range(steps):
        y = g.op("Conv", [g.op("Concat", [z, mu_t], axis=1), w_in, b_in], **conv)
        for w, b in blocks:
            y = g.op("Add", [y, g.op("Relu", [g.op("Conv", [y, w, b], **conv)])])
            y = g.rms_norm(y)
        v = g.op("Conv", [y, w_out, b_out], **conv)
        z = g.op("Add", [z, g.op("Mul", [v, g.f32(1.0 / steps)])])
    g.nodes.append(helper.make_node("Identity", [z], ["mel"]))
    meta = dict(
        model_type="matcha-tts", language="Chinese", voice="zh", has_espeak=0, jieba=1, n_speakers=1,
        sample_rate=22050, version=1, pad_id=pad_id, use_eos_bos=0, num_ode_steps=steps,
        model_author="guimi (random-weight proxy)", dataset="none: speaks noise",
        comment="random-weight proxy with Matcha zh-baker's interface (scripts/voice/make-tts-proxy.py); speaks noise",
    )
    model = g.model(
        "matcha-proxy",
        [
            helper.make_tensor_value_info("x", TensorProto.INT64, ["N", "L"]),
            helper.make_tensor_value_info("x_length", TensorProto.INT64, ["N"]),
            helper.make_tensor_value_info("noise_scale", TensorProto.FLOAT, [1]),
            helper.make_tensor_value_info("length_scale", TensorProto.FLOAT, [1]),
        ],
        [helper.make_tensor_value_info("mel", TensorProto.FLOAT, ["N", 80, "T"])],
        meta,
    )
    return model, g.params()


def vocos(s, rng):
    g = Graph(rng)
    d, ffn, bins = s["voc_dim"], s["voc_ffn"], 513
    h = g.conv1d("mels", 80, d, 7)  # [1, d, T]
    h = g.op("Transpose", [h], perm=[0, 2, 1])
    h = g.layer_norm(h, d)
    for _ in range(s["voc_layers"]):
        r = g.op("Transpose", [h], perm=[0, 2, 1])
        r = g.conv1d(r, d, d, 7, group=d)  # depthwise
        r = g.layer_norm(g.op("Transpose", [r], perm=[0, 2, 1]), d)
        r = g.linear(g.gelu(g.linear(r, d, ffn)), ffn, d)
        h = g.op("Add", [h, g.op("Mul", [r, g.f32(0.3)])])
    h = g.linear(g.layer_norm(h, d), d, 2 * bins)  # [1, T, 1026]
    h = g.op("Transpose", [h], perm=[0, 2, 1])  # [1, 1026, T]
    logmag, phase = g.op("Split", [h, g.i64([bins, bins])], n_out=2, axis=1)
    # Quiet noise: magnitudes in (0, 3) keep the inverse STFT well inside [-1, 1].
    g.nodes.append(helper.make_node("Mul", [g.op("Sigmoid", [logmag]), g.f32(3.0)], ["mag"]))
    angle = g.op("Mul", [phase, g.f32(3.0)])
    g.nodes.append(helper.make_node("Cos", [angle], ["x"]))
    g.nodes.append(helper.make_node("Sin", [angle], ["y"]))
    meta = dict(
        model_type="vocos", sample_rate=22050, n_fft=1024, hop_length=256, win_length=1024, center=1,
        normalized=0, window_type="hann", pad_mode="reflect",
        comment="random-weight proxy with vocos-22khz-univ's interface (scripts/voice/make-tts-proxy.py)",
    )
    out = lambda n: helper.make_tensor_value_info(n, TensorProto.FLOAT, ["N", bins, "T"])  # noqa: E731
    model = g.model(
        "vocos-proxy",
        [helper.make_tensor_value_info("mels", TensorProto.FLOAT, ["N", 80, "T"])],
        [out("mag"), out("x"), out("y")],
        meta,
    )
    return model, g.params()


def write_matcha(out, size, rng):
    s = SIZES[size]
    toks = matcha_tokens()
    model_dir = os.path.join(out, "matcha-zh-baker")
    vocoder_dir = os.path.join(out, "vocos-22khz-univ")
    os.makedirs(os.path.join(model_dir, "dict"), exist_ok=True)
    os.makedirs(vocoder_dir, exist_ok=True)
    with open(os.path.join(model_dir, "tokens.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{t} {i}\n" for i, t in enumerate(toks))
    with open(os.path.join(model_dir, "lexicon.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{line}\n" for line in matcha_lexicon())
    acoustic, n_a = matcha_acoustic(s, len(toks), rng, pad_id=0)
    onnx.save(acoustic, os.path.join(model_dir, "model-steps-3.onnx"))
    voc, n_v = vocos(s, rng)
    onnx.save(voc, os.path.join(vocoder_dir, "vocos-22khz-univ.onnx"))
    print(f"wrote {model_dir} ({size}: {n_a / 1e6:.1f} M weights, {len(toks)} tokens) and {vocoder_dir} ({n_v / 1e6:.1f} M weights)")


# ---------------------------------------------------------------- Kokoro multi-lang v1.0

# Kokoro's vocabulary: one code point per token (sherpa requires it), ids after Kokoro-82M's config.json as recalled
# here (not checked against the file: it cannot be downloaded); 178 embedding rows. The ids only index the proxy.
KOKORO_VOCAB = {
    ";": 1, ":": 2, ",": 3, ".": 4, "!": 5, "?": 6, "—": 9, "…": 10, '"': 11, "(": 12, ")": 13, "“": 14, "”": 15,
    " ": 16, "\u0303": 17, "ʣ": 18, "ʥ": 19, "ʦ": 20, "ʨ": 21, "ᵝ": 22, "ꭧ": 23, "A": 24, "I": 25, "O": 31,
    "Q": 33, "S": 35, "T": 36, "W": 39, "Y": 41, "ᵊ": 42, "a": 43, "b": 44, "c": 45, "d": 46, "e": 47, "f": 48,
    "h": 50, "i": 51, "j": 52, "k": 53, "l": 54, "m": 55, "n": 56, "o": 57, "p": 58, "q": 59, "r": 60, "s": 61,
    "t": 62, "u": 63, "v": 64, "w": 65, "x": 66, "y": 67, "z": 68, "ɑ": 69, "ɐ": 70, "ɒ": 71, "æ": 72, "β": 75,
    "ɔ": 76, "ɕ": 77, "ç": 78, "ɖ": 80, "ð": 81, "ʤ": 82, "ə": 83, "ɚ": 85, "ɛ": 86, "ɜ": 87, "ɟ": 90, "ɡ": 92,
    "ɥ": 99, "ɨ": 101, "ɪ": 102, "ʝ": 103, "ɯ": 110, "ɰ": 111, "ŋ": 112, "ɳ": 113, "ɲ": 114, "ɴ": 115, "ø": 116,
    "ɸ": 118, "θ": 119, "œ": 120, "ɹ": 123, "ɾ": 125, "ɻ": 126, "ʁ": 128, "ɽ": 129, "ʂ": 130, "ʃ": 131, "ʈ": 132,
    "ʧ": 133, "ʊ": 135, "ʋ": 136, "ʌ": 138, "ɣ": 139, "ɤ": 140, "χ": 142, "ʎ": 143, "ʒ": 147, "ʔ": 148, "ˈ": 156,
    "ˌ": 157, "ː": 158, "ʰ": 162, "ʲ": 164, "↓": 169, "→": 171, "↗": 172, "↘": 173, "ᵻ": 177,
}
KOKORO_N_TOKENS = 178
KOKORO_SPEAKERS = 53  # af_alloy .. zm_yunyang; Guimi's default 45 is zf_xiaobei
KOKORO_MAX_TOKENS, KOKORO_STYLE = 510, 256
ZH_ONSETS = ["p", "t", "k", "m", "n", "l", "f", "s", "x", "ɕ", "ʂ", "ɻ", "h", "ʨ", "ʦ", "ʈ", "w", "j"]
ZH_NUCLEI = ["a", "o", "e", "i", "u", "y", "ə", "ɤ", "ɛ"]
ZH_TONES = ["→", "↗", "↓", "↘"]
EN_WORDS = {"hello": "həlˈO", "how": "hˈW", "are": "ɑɹ", "you": "ju", "today": "tədˈA", "i": "ˈI", "am": "æm", "fine": "fˈIn"}


def kokoro_zh_lexicon():
    lines = []
    for i, cp in enumerate(range(0x4E00, 0xA000)):
        onset = ZH_ONSETS[i % len(ZH_ONSETS)]
        nucleus = ZH_NUCLEI[(i // len(ZH_ONSETS)) % len(ZH_NUCLEI)]
        tone = ZH_TONES[(i // (len(ZH_ONSETS) * len(ZH_NUCLEI))) % len(ZH_TONES)]
        lines.append(f"{chr(cp)} {onset} {nucleus} {tone}")
    return lines


def kokoro_model(s, rng):
    g = Graph(rng)
    d, c = s["k_dim"], s["k_dim"]
    emb = g.weight((KOKORO_N_TOKENS, d), 1, "emb")
    h = g.op("Gather", [emb, "tokens"], axis=0)  # [1, L, d]
    st = g.linear("style", KOKORO_STYLE, d)  # [1, d]
    h = g.op("Add", [h, g.op("Unsqueeze", [st, g.i64([1])])])
    for _ in range(s["k_layers"]):
        h = g.mlp_block(h, d, s["k_ffn"])
    h = g.op("Transpose", [g.layer_norm(h, d)], perm=[0, 2, 1])  # [1, d, L]
    # Durations: FRAMES per token at speed 1, fewer when faster; frames of HOP samples.
    hop, frames = 300, KOKORO_SAMPLES_PER_TOKEN // 300
    shape = g.op("Shape", ["tokens"])
    L = g.op("Cast", [g.op("Gather", [shape, g.i64([1])], axis=0)], to=TensorProto.FLOAT)
    T = g.op("Div", [g.op("Mul", [L, g.f32(float(frames))]), "speed"])
    T = g.op("Cast", [g.op("Max", [g.op("Round", [T]), g.f32(np.array([1.0], dtype=np.float32))])], to=TensorProto.INT64)
    sizes = g.op("Concat", [g.i64([1, d, 1]), T], axis=0)
    h4 = g.op("Resize", [g.op("Unsqueeze", [h, g.i64([2])]), "", "", sizes], mode="nearest", nearest_mode="floor", coordinate_transformation_mode="asymmetric")
    y = g.op("Squeeze", [h4, g.i64([2])])  # [1, d, T]
    for _ in range(s["k_layers"] * 2):
        y = g.op("Add", [y, g.op("Relu", [g.conv1d(y, c, c, 3, gain=0.5)])])
        y = g.rms_norm(y)
    # Up to audio rate in `k_up` transposed-conv stages (x10), fine convs, then hop/10 samples per step.
    up_ch, up = s["k_up_ch"], 10
    w = g.weight((c, up_ch, 2 * up), c, "up_w")
    y = g.op("ConvTranspose", [y, w, g.const(np.zeros(up_ch, dtype=np.float32), "up_b")], strides=[up], kernel_shape=[2 * up], pads=[up // 2, up // 2])
    for _ in range(s["k_up"] * 3):
        y = g.op("Add", [y, g.op("Relu", [g.conv1d(y, up_ch, up_ch, 7, gain=0.5)])])
        y = g.rms_norm(y)
    y = g.conv1d(y, up_ch, hop // up, 7, gain=0.3)  # [1, 30, 10 T]
    y = g.op("Transpose", [y], perm=[0, 2, 1])
    y = g.op("Reshape", [y, g.i64([-1])])
    g.nodes.append(helper.make_node("Mul", [g.op("Tanh", [y]), g.f32(0.3)], ["audio"]))
    names = ["af_alloy", "af_aoede", "af_bella", "af_heart", "af_jessica", "af_kore", "af_nicole", "af_nova", "af_river", "af_sarah", "af_sky", "am_adam", "am_echo", "am_eric", "am_fenrir", "am_liam", "am_michael", "am_onyx", "am_puck", "am_santa", "bf_alice", "bf_emma", "bf_isabella", "bf_lily", "bm_daniel", "bm_fable", "bm_george", "bm_lewis", "ef_dora", "em_alex", "ff_siwis", "hf_alpha", "hf_beta", "hm_omega", "hm_psi", "if_sara", "im_nicola", "jf_alpha", "jf_gongitsune", "jf_nezumi", "jf_tebukuro", "jm_kumo", "pf_dora", "pm_alex", "pm_santa", "zf_xiaobei", "zf_xiaoni", "zf_xiaoxiao", "zf_xiaoyi", "zm_yunjian", "zm_yunxi", "zm_yunxia", "zm_yunyang"]
    meta = dict(
        model_type="kokoro", language="multi-lang, e.g., English, Chinese", has_espeak=1, sample_rate=24000, version=2,
        voice="en-us", style_dim=f"{KOKORO_MAX_TOKENS},1,{KOKORO_STYLE}", n_speakers=KOKORO_SPEAKERS,
        speaker_names=",".join(names), id2speaker=",".join(f"{i}->{n}" for i, n in enumerate(names)),
        speaker2id=",".join(f"{n}->{i}" for i, n in enumerate(names)),
        comment="random-weight proxy with Kokoro v1.0's interface (scripts/voice/make-tts-proxy.py); speaks noise",
    )
    model = g.model(
        "kokoro-proxy",
        [
            helper.make_tensor_value_info("tokens", TensorProto.INT64, [1, "L"]),
            helper.make_tensor_value_info("style", TensorProto.FLOAT, [1, KOKORO_STYLE]),
            helper.make_tensor_value_info("speed", TensorProto.FLOAT, [1]),
        ],
        [helper.make_tensor_value_info("audio", TensorProto.FLOAT, ["N"])],
        meta,
    )
    return model, g.params()


def write_kokoro(out, size, rng, espeak_data):
    s = SIZES[size]
    model_dir = os.path.join(out, "kokoro-multi-lang-v1_0")
    os.makedirs(os.path.join(model_dir, "dict"), exist_ok=True)
    if not os.path.isfile(os.path.join(espeak_data, "phontab")):
        raise SystemExit(f"no espeak-ng data at {espeak_data} (apt-get install espeak-ng-data)")
    target = os.path.join(model_dir, "espeak-ng-data")
    if os.path.islink(target) or os.path.isfile(target):
        os.remove(target)
    shutil.copytree(espeak_data, target, dirs_exist_ok=True)
    with open(os.path.join(model_dir, "tokens.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{t} {i}\n" for t, i in KOKORO_VOCAB.items())
    with open(os.path.join(model_dir, "lexicon-zh.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{line}\n" for line in kokoro_zh_lexicon())
    with open(os.path.join(model_dir, "lexicon-us-en.txt"), "w", encoding="utf-8") as f:
        f.writelines(f"{w} {' '.join(p)}\n" for w, p in EN_WORDS.items())
    voices = (rng.standard_normal((KOKORO_SPEAKERS, KOKORO_MAX_TOKENS, 1, KOKORO_STYLE)) * 0.3).astype(np.float32)
    voices.tofile(os.path.join(model_dir, "voices.bin"))
    model, n = kokoro_model(s, rng)
    onnx.save(model, os.path.join(model_dir, "model.onnx"))
    print(f"wrote {model_dir} ({size}: {n / 1e6:.1f} M weights, {KOKORO_SPEAKERS} voices)")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, help="<dataDir>/models/voice")
    ap.add_argument("--voice", choices=["matcha", "kokoro"], default="matcha")
    ap.add_argument("--size", choices=SIZES, default="tiny")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--espeak-data", default="/usr/lib/x86_64-linux-gnu/espeak-ng-data")
    a = ap.parse_args()
    rng = np.random.default_rng(a.seed)
    if a.voice == "matcha":
        write_matcha(a.out, a.size, rng)
    else:
        write_kokoro(a.out, a.size, rng, a.espeak_data)


if __name__ == "__main__":
    main()
