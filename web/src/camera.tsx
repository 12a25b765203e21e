// The live camera on the page: only while the camera switch is on, frames downscaled to 320 px and
// sent about once a second (faster while a hand is up) to /sensors/camera, read there and dropped.
// A badge shows whenever the camera is on; the switch off stops every track at once.
import { useEffect, useState } from "preact/hooks";
import { apiUrl } from "./api";
import { useApp } from "./store";

const IDLE_MS = 1000;
const ACTIVE_MS = 250;
const HAND_HOLD_MS = 3000;
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
    let lastHandAt = 0;
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
      if (response.ok) {
        const body = (await response.json()) as { vision?: { hands?: unknown[] } };
        if (body.vision?.hands?.length) lastHandAt = Date.now();
      }
    };
    const loop = () => {
      if (stopped) return;
      sendFrame()
        .catch(() => undefined)
        .finally(() => {
          if (!stopped) timer = setTimeout(loop, Date.now() - lastHandAt < HAND_HOLD_MS ? ACTIVE_MS : IDLE_MS);
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
