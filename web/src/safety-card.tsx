// The help-line card: after words of risk, the device shows her crisis lines (for her region) until she
// dismisses it. Read from GET /api/v1/safety/card; "我知道了" posts the dismissal.
import { useEffect, useState } from "preact/hooks";
import { api, isMissing } from "./api";
import { useApp } from "./store";
import { Button, Icon, Section } from "./components";

interface SafetyCardData {
  id: number;
  at: string;
  risk: "possible" | "high";
  region: string | null;
  helplines: { name: string; phone: string; hours?: string }[];
  emergency: string;
}

const words = {
  zh: { kicker: "你不是一个人", main: "想找人聊聊的时候，这些热线随时都在：", emergency: "有危险时请立刻拨打", ok: "我知道了" },
  en: {
    kicker: "You're not alone",
    main: "Whenever you want to talk to someone, these lines are there:",
    emergency: "In danger right now, call",
    ok: "Got it",
  },
};

export function SafetyCard() {
  const { lang, messages, phase, setError } = useApp();
  const [card, setCard] = useState<SafetyCardData | null>(null);
  const last = messages.at(-1)?.id;
  // Checked on load and after every finished reply (a crisis reply opens a card).
  useEffect(() => {
    if (phase !== "idle") return;
    let live = true;
    api<{ card: SafetyCardData | null }>("safety/card")
      .then((r) => live && setCard(r.card))
      .catch((e: unknown) => {
        if (!isMissing(e) && live) setCard(null);
      });
    return () => {
      live = false;
    };
  }, [last, phase]);
  if (!card) return null;
  const w = words[lang === "en" ? "en" : "zh"];
  const dismiss = () => {
    setCard(null);
    api("safety/card/dismiss", { method: "POST", body: { id: card.id } }).catch((e: Error) => setError(e.message));
  };
  return (
    <aside class="safety-card" aria-label={w.kicker} data-testid="safety-card">
      <Icon name="care" size={36} />
      <div class="safety-text">
        <span class="banner-kicker">{w.kicker}</span>
        <span>{w.main}</span>
        <ul class="safety-lines">
          {card.helplines.map((h) => (
            <li key={h.phone}>
              <span class="safety-name">{h.name}</span>{" "}
              <a class="safety-phone" href={`tel:${h.phone.replace(/[^0-9+]/g, "")}`}>
                {h.phone}
              </a>
              {h.hours ? <span class="safety-hours"> · {h.hours}</span> : null}
            </li>
          ))}
        </ul>
        <span class="safety-emergency">
          {w.emergency} {card.emergency}
        </span>
      </div>
      <Button variant="primary" onClick={dismiss} data-testid="safety-card-dismiss">
        {w.ok}
      </Button>
    </aside>
  );
}

interface HelplineInfo {
  regions: Record<string, { name: { zh: string; en: string }; lines: { name: string; phone: string }[] }>;
  current: { region: string | null; lines: { name: string; phone: string; hours?: string }[] };
  preference: { helplineRegion: string };
}

/** Settings: which region's crisis lines Guimi gives ("auto" follows the time zone). */
export function HelplineSection() {
  const { lang, setError } = useApp();
  const [info, setInfo] = useState<HelplineInfo | null>(null);
  const load = () =>
    api<HelplineInfo>("safety/helplines")
      .then(setInfo)
      .catch((e: unknown) => {
        if (!isMissing(e)) setError((e as Error).message);
      });
  useEffect(() => {
    void load();
  }, []);
  if (!info) return null;
  const zh = lang !== "en";
  const choose = (helplineRegion: string) =>
    api("settings", { method: "PATCH", body: { safety: { helplineRegion } } })
      .then(load)
      .catch((e: Error) => setError(e.message));
  return (
    <Section
      title={zh ? "求助热线" : "Crisis help lines"}
      intro={zh ? "当我担心你的安全时，会给你这个地区的热线。" : "When I worry about your safety, I give you this region's lines."}
      testId="helpline-settings"
    >
      <select aria-label={zh ? "地区" : "Region"} value={info.preference.helplineRegion} onChange={(e) => void choose((e.target as HTMLSelectElement).value)}>
        <option value="auto">{zh ? "自动（按时区）" : "Automatic (time zone)"}</option>
        {Object.entries(info.regions).map(([code, r]) => (
          <option value={code} key={code}>
            {zh ? r.name.zh : r.name.en}
          </option>
        ))}
      </select>
      <p class="small">{info.current.lines.map((l) => `${l.name} ${l.phone}`).join(" · ")}</p>
    </Section>
  );
}
