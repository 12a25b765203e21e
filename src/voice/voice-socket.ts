// /api/v1/voice: the page's microphone. Binary frames in are 16 kHz mono s16le PCM; text frames are
// small JSON commands. Out: JSON events (vad-start, partial, transcript, reply-*, audio, barge-in) and
// one binary WAV per spoken piece, announced by the "audio" event before it. Audio stays in memory.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket, type RawData } from "ws";
import { z } from "zod";
import { formatZodError } from "../errors.js";
import { createVoiceSession, type VoiceSession, type VoiceSessionDeps } from "./voice-session.js";

export const VOICE_PATH = "/api/v1/voice";
/** 64 KiB of PCM is 2 s of audio: the page sends 20–100 ms frames. */
const MAX_FRAME = 64 * 1024;

const clientMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("end") }).strict(),
  z.object({ type: z.literal("played") }).strict(),
  z.object({ type: z.literal("stop") }).strict(),
  z.object({ type: z.literal("ping") }).strict(),
]);

export interface VoiceSocketDeps {
  microphoneOn: () => boolean;
  /** Everything a session needs, fresh per connection (each has its own VAD state). */
  sessionDeps: (conversationId: string) => VoiceSessionDeps;
}

const CONVERSATION_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function createVoiceSocket(deps: VoiceSocketDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME });
  const sessions = new Set<VoiceSession>();

  function refuse(socket: WebSocket, code: string, message: string, close = 4400): void {
    socket.send(JSON.stringify({ type: "error", code, message }));
    socket.close(close, code);
  }

  wss.on("connection", (socket: WebSocket, request: IncomingMessage) => {
    if (!deps.microphoneOn()) return refuse(socket, "microphone-off", "microphone is off: turn it on in 我的数据 / 麦克风已关闭：请在「我的数据」里打开", 4403);
    const query = new URL(request.url ?? "/", "http://localhost").searchParams;
    const conversationId = query.get("conversationId") ?? "default";
    // The page captures with the browser's echo cancellation on: little of our voice comes back.
    const echoCancelled = query.get("aec") === "1";
    if (!CONVERSATION_ID.test(conversationId)) return refuse(socket, "bad-input", "conversationId: use 1–64 letters, digits, '.', '_', ':' or '-'");
    let session: VoiceSession;
    try {
      session = createVoiceSession(
        { ...deps.sessionDeps(conversationId), ...(echoCancelled ? { echoCoupling: 0.1 } : {}) },
        {
          event: (event) => socket.readyState === socket.OPEN && socket.send(JSON.stringify(event)),
          audio: (wav) => socket.readyState === socket.OPEN && socket.send(wav, { binary: true }),
        },
      );
    } catch (error) {
      // A model that is not installed: the message says which command installs it.
      return refuse(socket, "unavailable", (error as Error).message, 4503);
    }
    sessions.add(session);
    socket.on("message", (data: RawData, isBinary: boolean) => {
      if (!deps.microphoneOn()) return refuse(socket, "microphone-off", "microphone was turned off / 麦克风已关闭", 4403);
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      if (isBinary) {
        if (bytes.length % 2 !== 0)
          return void socket.send(JSON.stringify({ type: "error", code: "bad-input", message: "audio frame: 16-bit PCM needs an even number of bytes" }));
        const samples = new Float32Array(bytes.length / 2);
        for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2) / 32768;
        session.push(samples);
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(bytes.toString("utf8"));
      } catch {
        return void socket.send(JSON.stringify({ type: "error", code: "bad-input", message: "expected a JSON message or binary 16 kHz PCM" }));
      }
      const parsed = clientMessageSchema.safeParse(raw);
      if (!parsed.success) return void socket.send(JSON.stringify({ type: "error", code: "bad-input", message: formatZodError(parsed.error) }));
      const message = parsed.data;
      if (message.type === "end") session.endOfSpeech();
      else if (message.type === "played") session.playbackEnded();
      else if (message.type === "stop") session.interrupt();
      else socket.send(JSON.stringify({ type: "pong" }));
    });
    socket.on("close", () => {
      session.close();
      sessions.delete(session);
    });
  });

  return {
    path: VOICE_PATH,
    handle(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
    },
    close(): void {
      for (const session of sessions) session.close();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
