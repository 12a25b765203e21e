// The page's microphone: AudioWorklet capture at 16 kHz with the browser's echo cancellation, binary
// PCM frames over /api/v1/voice, live transcript, and the reply's audio played piece by piece as it
// arrives. Hold the button to talk; a short tap keeps listening hands-free until tapped again.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";

export type VoicePhase = "off" | "connecting" | "listening" | "thinking" | "speaking";

export interface VoiceState {
  phase: VoicePhase;
  /** What she is saying (partial) or said (final). */
  transcript: string;
  handsFree: boolean;
  error: string | null;
  press(): void;
  release(): void;
}

// Runs on the audio thread: hands 16 kHz mono frames to the page as they are captured.
const WORKLET = `
class Capture extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor("guimi-capture", Capture);
`;

const HOLD_MS = 350;
// One Silero window (32 ms) per WebSocket frame: larger batches delay every decision, barge-in first.
const FRAME_SAMPLES = 512;

export function useVoice(enabled: boolean): VoiceState {
  const [phase, setPhase] = useState<VoicePhase>("off");
  const [transcript, setTranscript] = useState("");
  const [handsFree, setHandsFree] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const ws = useRef<WebSocket | null>(null);
  const capture = useRef<{ ctx: AudioContext; stream: MediaStream; node: AudioWorkletNode } | null>(null);
  const playback = useRef<{ ctx: AudioContext; next: number; sources: AudioBufferSourceNode[] } | null>(null);
  const pressedAt = useRef(0);
  const handsFreeRef = useRef(false);
  const pending = useRef<number[]>([]);
  const holding = useRef(false);

  const stopPlayback = () => {
    for (const source of playback.current?.sources.splice(0) ?? []) source.stop();
    if (playback.current) playback.current.next = 0;
  };

  const stopCapture = () => {
    const c = capture.current;
    capture.current = null;
    c?.node.disconnect();
    for (const track of c?.stream.getTracks() ?? []) track.stop();
    void c?.ctx.close();
  };

  const connect = useCallback((): Promise<WebSocket> => {
    const open = ws.current;
    if (open && open.readyState === WebSocket.OPEN) return Promise.resolve(open);
    return new Promise((resolve, reject) => {
      const url = new URL("/api/v1/voice?aec=1", location.href);
      url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
      const socket = new WebSocket(url);
      socket.binaryType = "arraybuffer";
      ws.current = socket;
      socket.onopen = () => resolve(socket);
      socket.onerror = () => reject(new Error("voice connection failed"));
      socket.onclose = () => {
        if (ws.current === socket) ws.current = null;
        stopCapture();
        setPhase("off");
      };
      socket.onmessage = (message) => {
        if (message.data instanceof ArrayBuffer) return void play(message.data, socket);
        let event: { type: string; text?: string; message?: string };
        try {
          event = JSON.parse(String(message.data));
        } catch {
          return;
        }
        if (event.type === "vad-start") {
          setTranscript("");
          setPhase("listening");
        } else if (event.type === "partial" || event.type === "transcript") setTranscript(event.text ?? "");
        else if (event.type === "vad-end") setPhase("thinking");
        else if (event.type === "barge-in") stopPlayback();
        else if (event.type === "no-speech") setPhase(capture.current ? "listening" : "off");
        else if (event.type === "error") setError(event.message ?? "voice error");
      };
    });
  }, []);

  async function play(data: ArrayBuffer, socket: WebSocket): Promise<void> {
    playback.current ??= { ctx: new AudioContext(), next: 0, sources: [] };
    const p = playback.current;
    const buffer = await p.ctx.decodeAudioData(data);
    const source = p.ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(p.ctx.destination);
    const at = Math.max(p.ctx.currentTime + 0.02, p.next);
    source.start(at);
    p.next = at + buffer.duration;
    p.sources.push(source);
    setPhase("speaking");
    source.onended = () => {
      p.sources = p.sources.filter((s) => s !== source);
      if (p.sources.length === 0) {
        if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "played" }));
        setPhase(capture.current ? "listening" : "off");
      }
    };
  }

  async function startCapture(socket: WebSocket): Promise<void> {
    if (capture.current) return;
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
    const ctx = new AudioContext({ sampleRate: 16_000 });
    const url = URL.createObjectURL(new Blob([WORKLET], { type: "application/javascript" }));
    await ctx.audioWorklet.addModule(url);
    URL.revokeObjectURL(url);
    const node = new AudioWorkletNode(ctx, "guimi-capture");
    node.port.onmessage = (message: MessageEvent<Float32Array>) => {
      const frame = pending.current;
      for (const x of message.data) frame.push(x);
      if (frame.length < FRAME_SAMPLES) return;
      const pcm = new Int16Array(frame.length);
      for (let i = 0; i < frame.length; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(frame[i]! * 32768)));
      pending.current = [];
      if (socket.readyState === WebSocket.OPEN) socket.send(pcm.buffer);
    };
    ctx.createMediaStreamSource(stream).connect(node);
    // The worklet writes no output; connected to the destination, the graph is rendered (and pulls it).
    node.connect(ctx.destination);
    if (ctx.state === "suspended") await ctx.resume();
    capture.current = { ctx, stream, node };
    setPhase("listening");
  }

  const press = useCallback(() => {
    if (!enabled) return;
    pressedAt.current = Date.now();
    holding.current = true;
    setError(null);
    if (handsFreeRef.current) {
      // A tap while hands-free ends it.
      handsFreeRef.current = false;
      setHandsFree(false);
      ws.current?.send(JSON.stringify({ type: "end" }));
      stopCapture();
      return;
    }
    stopPlayback();
    setPhase("connecting");
    connect()
      .then((socket) => {
        // Talking over her own reply: stop it at once.
        socket.send(JSON.stringify({ type: "stop" }));
        return startCapture(socket).then(() => {
          // Released (after a hold) before the microphone was ready: that was all.
          if (!holding.current && !handsFreeRef.current) {
            socket.send(JSON.stringify({ type: "end" }));
            stopCapture();
          }
        });
      })
      .catch((e: Error) => {
        setError(e.message);
        setPhase("off");
      });
  }, [enabled, connect]);

  const release = useCallback(() => {
    if (!holding.current) return;
    holding.current = false;
    if (Date.now() - pressedAt.current < HOLD_MS && !handsFreeRef.current) {
      handsFreeRef.current = true;
      setHandsFree(true);
      return;
    }
    if (handsFreeRef.current) return;
    ws.current?.send(JSON.stringify({ type: "end" }));
    stopCapture();
  }, []);

  useEffect(() => {
    if (!enabled) {
      stopCapture();
      ws.current?.close();
    }
  }, [enabled]);
  useEffect(
    () => () => {
      stopCapture();
      ws.current?.close();
      void playback.current?.ctx.close();
    },
    [],
  );

  return { phase, transcript, handsFree, error, press, release };
}
