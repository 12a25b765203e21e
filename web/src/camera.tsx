// The live camera on the page: only while the camera switch is on, frames downscaled to 320 px and
// sent to /sensors/camera at the pace the device's frame-rate policy answers with (about once a second
// while nothing happens, 2–4 a second while a hand is up or she is talking), read there and dropped.
// A badge shows whenever the camera is on; the switch off stops every track at once.
import { useEffect, useState } from "preact/hooks";
import { apiUrl } from "./api";
import { useApp } from "./store";

const IDLE_MS = 1000;
/** The fastest the page sends, whatever the answer says. */
const MIN_MS = 200;
const WIDTH = 320;

export function CameraLive() {
  const { t, settings } = useApp();
  const on = settings?.sensors.camera === true;
  const [state, setState] = useState<"off" | "live" | "unavailable">("off");

  useEffect(() => {
    if (!on) {
      setState("off");
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      setState("unavailable");
      return;
    }
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let nextMs = IDLE_MS;
    const video = document.createElement("video");
    video.muted = true;
    video.playsInline = true;
    const canvas = document.createElement("canvas");

    const sendFrame = async () => {
      if (stopped || !video.videoWidth) return;
      canvas.width = WIDTH;
      canvas.height = Math.round((video.videoHeight / video.videoWidth) * WIDTH);
      canvas.getContext("2d")!.drawImage(video, 0, 0, canvas.width, canvas.height);
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.7));
      if (!blob || stopped) return;
      const response = await fetch(apiUrl("sensors/camera?stream=page"), { method: "POST", headers: { "content-type": "image/jpeg" }, body: blob });
      nextMs = IDLE_MS;
      if (response.ok) {
        const body = (await response.json()) as { nextFrameMs?: unknown };
        if (typeof body.nextFrameMs === "number" && Number.isFinite(body.nextFrameMs)) nextMs = Math.min(10_000, Math.max(MIN_MS, body.nextFrameMs));
      }
    };
    const loop = () => {
      if (stopped) return;
      sendFrame()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, nextMs);
        });
    };

    navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 640 }, frameRate: { ideal: 5 } }, audio: false })
      .then(async (media) => {
        if (stopped) {
          media.getTracks().forEach((track) => track.stop());
          return;
        }
        stream = media;
        video.srcObject = media;
        await video.play();
        setState("live");
        loop();
      })
      .catch(() => !stopped && setState("unavailable"));

    return () => {
      stopped = true;
      clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
    };
  }, [on]);

  if (!on) return null;
  return (
    <div class={`camera-badge camera-${state}`} role="status" data-testid="camera-indicator" data-state={state}>
      <span class="camera-dot" />
      {t(state === "unavailable" ? "camera.unavailable" : "camera.on")}
    </div>
  );
}
