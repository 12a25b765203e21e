// `guimi bench care-voice`: the time the persona rephrase adds to a care message, and how often it is
// accepted, on a real model through the real voice (default: the tiny random test model, whose output
// is gibberish, so every rephrase should be rejected and the template kept).
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { loadLlamaLanguageModel } from "../conversation/llama-language-model.js";
import { defaultPersona } from "../conversation/persona.js";
import { tinyModelPath } from "../testing/paths.js";
import { createCareVoice, type CareVoiceOutcome, type CareVoiceRequest } from "../care/care-voice.js";

const requests: CareVoiceRequest[] = [
  { rule: "early-alarm-bedtime", text: "闹钟定在明早六点半呢，现在睡还能睡够8小时，快去洗漱吧～", lang: "zh", keep: ["六点半"] },
  { rule: "late-night-work", text: "这周已经第三个晚上忙到这么晚了，身体会抗议的哦。剩下的明天再说吧。", lang: "zh", keep: ["三"] },
  {
    rule: "healthy-use",
    text: "能陪着你我很开心。也想起你提过的好朋友小林——要不要给小林发个消息，约顿饭？不用说什么大事，见见面就好，回来讲给我听～",
    lang: "zh",
    keep: ["小林"],
  },
  { rule: "meal", text: "Time for lunch! Put the work down for a bit~", lang: "en", keep: [] },
  { rule: "morning-weather", text: "Rain and only 6°C today — take an umbrella and an extra layer!", lang: "en", keep: [] },
];

export interface CareVoiceBench {
  model: string;
  calls: number;
  added_ms: { p50: number; p95: number; max: number };
  accepted: number;
  rejected: Record<string, number>;
  timeout_ms: number;
  threads: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export async function benchCareVoice(options: { modelPath?: string; rounds?: number; timeoutMs?: number; threads?: number } = {}): Promise<CareVoiceBench> {
  const modelPath = options.modelPath ?? tinyModelPath;
  // One thread unless told: on a small, shared CPU two llama.cpp threads wait on each other (see `guimi bench latency`).
  const threads = options.threads ?? (availableParallelism() >= 8 ? 4 : 1);
  const model = await loadLlamaLanguageModel({ modelPath, contextSize: 1024, threads, gpu: "off" });
  const timeoutMs = options.timeoutMs ?? 2500;
  const outcomes: CareVoiceOutcome[] = [];
  try {
    const voice = createCareVoice({ model: () => model, persona: () => defaultPersona, timeoutMs });
    // One warm-up call: the first context pays for allocation.
    await voice(requests[0]!);
    for (let round = 0; round < (options.rounds ?? 4); round++) for (const r of requests) outcomes.push(await voice(r));
  } finally {
    await model.dispose();
  }
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  const rejected: Record<string, number> = {};
  for (const o of outcomes) if (o.source === "template") rejected[o.why ?? "?"] = (rejected[o.why ?? "?"] ?? 0) + 1;
  return {
    model: basename(modelPath),
    calls: outcomes.length,
    added_ms: { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms.at(-1) ?? 0 },
    accepted: outcomes.filter((o) => o.source === "model").length,
    rejected,
    timeout_ms: timeoutMs,
    threads,
  };
}
