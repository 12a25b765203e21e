// When the page is the speaker (media.audioOut "page"): plays what the device says plays now, at the
// volume it says (fades and ducking included), and tells it where it is and when the song ended.
import { useEffect, useRef } from "preact/hooks";
import { useApp } from "./store";
import { api, apiUrl } from "./api";

export function PageSpeaker() {
  const { media } = useApp();
  const audio = useRef<HTMLAudioElement>(null);
  const stream = media?.output === "page" && media.state !== "stopped" ? media.stream : null;
  const id = stream?.id ?? null;
  const report = (ended: boolean) => {
    const el = audio.current;
    if (!el || !id) return;
    api("media/page-report", { method: "POST", body: { id, positionS: Math.max(0, el.currentTime || 0), ended } }).catch(() => undefined);
  };

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    if (!id) {
      el.pause();
      el.removeAttribute("src");
      el.load();
      return;
    }
    el.src = apiUrl(`media/stream/${encodeURIComponent(id)}`);
    const timer = setInterval(() => report(false), 1000);
    const onEnded = () => report(true);
    el.addEventListener("ended", onEnded);
    return () => {
      clearInterval(timer);
      el.removeEventListener("ended", onEnded);
    };
  }, [id]);

  useEffect(() => {
    const el = audio.current;
    if (!el || !stream) return;
    el.loop = stream.loop;
    el.volume = Math.max(0, Math.min(1, stream.volume / 100));
    if (media?.state === "playing" && el.paused) el.play().catch(() => undefined);
    if (media?.state === "paused" && !el.paused) el.pause();
  }, [id, stream?.loop, stream?.volume, media?.state]);

  // biome-ignore lint/a11y/useMediaCaption: it plays her music and sleep sounds (no words to caption); the now-playing card shows the title
  return <audio ref={audio} preload="auto" data-testid="page-speaker" hidden />;
}
