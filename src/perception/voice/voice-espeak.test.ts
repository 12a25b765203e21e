// End-to-end with synthesised speech: a baseline from ordinary utterances, then the same sentence
// fast and high versus slow and low. Needs the Debian package espeak-ng.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { analyzeUtterance } from "./analyze-utterance.js";
import { createVoiceBaseline, type VoiceBaseline } from "./voice-baseline.js";
import { decodeSpeechWav } from "./wav.js";

const hasEspeak = spawnSync("espeak-ng", ["--version"]).status === 0;
const skip = hasEspeak ? false : "espeak-ng is not installed (apt-get install espeak-ng)";

function speak(text: string, rate: number, pitch: number, voice = "en") {
  const wav = execFileSync("espeak-ng", ["-v", voice, "-s", String(rate), "-p", String(pitch), "--stdout", text]);
  return decodeSpeechWav(new Uint8Array(wav));
}

function baselineFrom(sentences: string[], voice: string): VoiceBaseline {
  let baseline = createVoiceBaseline();
  sentences.forEach((text, i) => {
    // Ordinary variation around espeak's defaults (175 wpm, pitch 50).
    baseline = analyzeUtterance(speak(text, 165 + 8 * i - 16, 44 + 3 * i - 6, voice).samples, baseline).baseline;
  });
  return baseline;
}

test("espeak-ng: fast/high speech is more aroused than slow/low speech, relative to the baseline", { skip }, () => {
  const baseline = baselineFrom(
    [
      "I went to the market this morning and bought some apples.",
      "My sister called me yesterday to talk about her new job.",
      "We should clean the kitchen before our friends come over.",
      "The train was late again, so I read a book on the platform.",
      "Tomorrow I want to try the new noodle shop near the office.",
    ],
    "en",
  );
  assert.equal(baseline.count, 5);
  const sentence = "The weather is lovely today, so let us go out for a walk in the park after lunch.";
  const audio = speak(sentence, 120, 30);
  assert.equal(audio.source.sampleRate, 22050); // espeak-ng's own rate, resampled on decoding
  const slow = analyzeUtterance(audio.samples, baseline, { learn: false });
  const usual = analyzeUtterance(speak(sentence, 175, 50).samples, baseline, { learn: false });
  const fast = analyzeUtterance(speak(sentence, 260, 80).samples, baseline, { learn: false });

  assert.ok(fast.features.syllableRate > slow.features.syllableRate * 1.6, `rates ${slow.features.syllableRate} → ${fast.features.syllableRate}`);
  assert.ok(fast.features.pitchHz > slow.features.pitchHz * 1.3, `pitch ${slow.features.pitchHz} → ${fast.features.pitchHz}`);
  assert.ok(fast.estimate.arousal > usual.estimate.arousal + 0.15, `usual ${usual.estimate.arousal}, fast ${fast.estimate.arousal}`);
  assert.ok(slow.estimate.arousal < usual.estimate.arousal - 0.1, `usual ${usual.estimate.arousal}, slow ${slow.estimate.arousal}`);
  assert.ok(slow.estimate.fatigue > fast.estimate.fatigue + 0.3);
  assert.ok(fast.estimate.confidence > 0.3);
});

test("espeak-ng: the same holds for Mandarin", { skip }, () => {
  const baseline = baselineFrom(
    ["我今天早上去超市买了一些苹果。", "昨天姐姐打电话跟我聊她的新工作。", "朋友来之前我们应该把厨房打扫干净。", "火车又晚点了，我就在站台上看书。"],
    "cmn",
  );
  const sentence = "今天天气很好，我们吃完午饭一起去公园散散步吧。";
  const slow = analyzeUtterance(speak(sentence, 120, 30, "cmn").samples, baseline, { learn: false });
  const fast = analyzeUtterance(speak(sentence, 260, 80, "cmn").samples, baseline, { learn: false });
  assert.ok(fast.estimate.arousal > slow.estimate.arousal + 0.4, `slow ${slow.estimate.arousal}, fast ${fast.estimate.arousal}`);
});
