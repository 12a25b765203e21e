// /api/v1/relationship and the sensor inputs (/api/v1/sensors/touch|face|voice).
// Sensors are off until she turns them on; frames and audio are processed in memory and never stored.
import type { RouteModule } from "./http-api.js";
import { readJson } from "../kernel/http.js";
import { binaryBody, describeApiPaths, jsonBody } from "./openapi.js";
import { GuimiError, InputError } from "../errors.js";
import { expressionForMood } from "../mood/expression-for-mood.js";
import { touchEventSchema } from "../perception/touch/touch-event.js";
import { interpretTouch } from "../perception/touch/touch-signal.js";
import type { TouchEvent } from "../perception/touch/touch-event.js";

const touchBodySchema = touchEventSchema.extend({ at: touchEventSchema.shape.at.optional() }).strict();
const MAX_IMAGE_BYTES = 8 * 1024 * 1024;
const MAX_AUDIO_BYTES = 16 * 1024 * 1024;

describeApiPaths({
  "/relationship": {
    get: {
      summary: "Days together, conversations, shared memories, stage (new → warming → close), how she asked to be talked to",
      responses: { "200": { description: "state" } },
    },
  },
  "/sensors/touch": {
    post: {
      summary: "A touch/pressure event (sensor must be on)",
      requestBody: jsonBody(touchBodySchema),
      responses: { "200": { description: "{signal, mood}" }, "403": { description: "touch sensor off" } },
    },
  },
  "/sensors/face": {
    post: {
      summary: "A camera frame, JPEG or PNG body (camera must be on); never stored",
      requestBody: binaryBody(["image/jpeg", "image/png"], MAX_IMAGE_BYTES),
      responses: { "200": { description: "{faces, mood}" }, "403": { description: "camera off" } },
    },
  },
  "/sensors/voice": {
    post: {
      summary: "An utterance, 16 kHz mono WAV body (microphone must be on); never stored",
      requestBody: binaryBody(["audio/wav", "audio/wave", "audio/x-wav"], MAX_AUDIO_BYTES),
      responses: { "200": { description: "{estimate, mood}" }, "403": { description: "microphone off" } },
    },
  },
});

async function readBytes(body: ArrayBuffer | null, limit: number, what: string): Promise<Uint8Array> {
  if (!body || body.byteLength === 0) throw new InputError(`body: expected ${what} bytes`);
  if (body.byteLength > limit) throw new InputError(`body: ${what} larger than ${limit} bytes`);
  return new Uint8Array(body);
}

export const companionRoutes: RouteModule = (api, app) => {
  const recentTouches: TouchEvent[] = [];
  let faceAnalyzer: Promise<import("../perception/face/face-expression-analyzer.js").FaceExpressionAnalyzer> | null = null;
  let voiceBaseline: import("../perception/voice/voice-baseline.js").VoiceBaseline | null = null;
  const sensorOff = (name: string) => new GuimiError(`the ${name} is off; turn it on in settings (我的数据 → 传感器) first`, "refused");
  const moodJson = () => {
    const mood = app.mood.current(app.now());
    return { ...mood, at: mood.at.toISOString(), expression: expressionForMood(mood) };
  };

  api.get("/relationship", (c) => c.json(app.relationship.state(app.now())));

  api.post("/sensors/touch", async (c) => {
    if (!app.settings.get().sensors.touch) throw sensorOff("touch sensor");
    const body = await readJson(c, touchBodySchema);
    const now = app.now();
    recentTouches.push({ ...body, at: body.at ?? now });
    while (recentTouches.length > 50) recentTouches.shift();
    const signal = interpretTouch(recentTouches, now);
    if (signal.signal !== "none")
      app.observeMood({
        modality: "touch",
        at: now,
        valence: signal.valence,
        arousal: signal.arousal,
        confidence: signal.confidence,
        ...(signal.stress !== undefined ? { stress: signal.stress } : {}),
      });
    return c.json({ signal: signal.signal, mood: moodJson() });
  });

  api.post("/sensors/face", async (c) => {
    if (!app.settings.get().sensors.camera) throw sensorOff("camera");
    const bytes = await readBytes(await c.req.arrayBuffer(), MAX_IMAGE_BYTES, "a JPEG or PNG image");
    const face = await import("../perception/face/index.js");
    faceAnalyzer ??= Promise.resolve(face.createFaceExpressionAnalyzer());
    let result;
    try {
      result = await (await faceAnalyzer).analyze(bytes);
    } catch (error) {
      if (error instanceof face.ImageDecodeError) throw new InputError(`body: ${error.message}`);
      throw error;
    }
    const signal = face.faceMoodSignal(result.faces);
    if (signal) app.observeMood({ modality: "face", at: app.now(), ...signal });
    return c.json({ faces: result.faces, mood: moodJson() });
  });

  api.post("/sensors/voice", async (c) => {
    if (!app.settings.get().sensors.microphone) throw sensorOff("microphone");
    const bytes = await readBytes(await c.req.arrayBuffer(), MAX_AUDIO_BYTES, "a WAV file");
    const voice = await import("../perception/voice/index.js");
    let samples;
    try {
      samples = voice.decodeSpeechWav(bytes).samples;
    } catch (error) {
      if (error instanceof voice.VoiceInputError) throw new InputError(`body: ${error.message}`);
      throw error;
    }
    const analysis = voice.analyzeUtterance(samples, voiceBaseline ?? voice.createVoiceBaseline());
    voiceBaseline = analysis.baseline;
    app.observeMood({ modality: "voice", at: app.now(), ...analysis.estimate });
    return c.json({ estimate: analysis.estimate, mood: moodJson() });
  });
};
