// One call per utterance: features, the estimate against her baseline so far, and the baseline
// with this utterance learnt. The estimate never compares an utterance with itself.
import { extractProsody, type ProsodyFeatures, type ProsodyOptions } from "./prosody.js";
import { updateVoiceBaseline, type VoiceBaseline } from "./voice-baseline.js";
import { estimateVoice, type VoiceEstimate } from "./voice-estimate.js";

export interface UtteranceAnalysis {
  features: ProsodyFeatures;
  estimate: VoiceEstimate;
  baseline: VoiceBaseline;
}

export function analyzeUtterance(
  samples: Float32Array | Int16Array,
  baseline: VoiceBaseline,
  options: ProsodyOptions & { learn?: boolean } = {},
): UtteranceAnalysis {
  const features = extractProsody(samples, options);
  const estimate = estimateVoice(features, baseline);
  return { features, estimate, baseline: options.learn === false ? baseline : updateVoiceBaseline(baseline, features) };
}
