// Settings: who Guimi is, quiet hours, language, do-not-disturb, display, model status, retention.
import { useEffect, useState } from "preact/hooks";
import { getCareSettings, getPersona, isMissing, patchCareSettings, putPersona, type CareSettings, type CareSettingsPatch, type Persona } from "../api";
import { Button, Notice, Section, Segmented, Toggle } from "../components";
import { HelplineSection } from "../safety-card";
import { useApp, type ThemeChoice } from "../store";

const RETENTION: (number | null)[] = [null, 7, 30, 90, 365];

function PersonaForm() {
  const { t, setError, refreshStatus } = useApp();
  const [persona, setPersona] = useState<Persona | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    getPersona().then(setPersona, (e: Error) => setError(e.message));
  }, []);
  if (!persona) return <p class="muted">{t("common.loading")}</p>;
  const field = (label: string, value: string, update: (value: string) => Persona, multiline = false, testId?: string) =>
    multiline ? (
      <label class="field">
        <span class="field-label">{label}</span>
        <textarea rows={2} value={value} data-testid={testId} onInput={(e) => (setSaved(false), setPersona(update((e.target as HTMLTextAreaElement).value)))} />
      </label>
    ) : (
      <label class="field">
        <span class="field-label">{label}</span>
        <input value={value} maxLength={40} data-testid={testId} onInput={(e) => (setSaved(false), setPersona(update((e.target as HTMLInputElement).value)))} />
      </label>
    );
  return (
    <form
      class="persona-form"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          setPersona(await putPersona(persona));
          setSaved(true);
          refreshStatus();
        } catch (error) {
          setError((error as Error).message);
        }
      }}
    >
      <div class="field-grid">
        {field(t("set.nameZh"), persona.name.zh, (zh) => ({ ...persona, name: { ...persona.name, zh } }), false, "persona-name-zh")}
        {field(t("set.nameEn"), persona.name.en, (en) => ({ ...persona, name: { ...persona.name, en } }), false, "persona-name-en")}
      </div>
      {field(t("set.styleZh"), persona.style.zh, (zh) => ({ ...persona, style: { ...persona.style, zh } }), true)}
      {field(t("set.styleEn"), persona.style.en, (en) => ({ ...persona, style: { ...persona.style, en } }), true)}
      <div class="button-row">
        <Button variant="primary" type="submit" data-testid="persona-save">
          {t("set.save")}
        </Button>
        {saved && <span class="saved">{t("set.saved")}</span>}
      </div>
    </form>
  );
}

/** Care settings (GET/PATCH /care/settings): cycle care on/off, and where weather is asked for. */
function CareSettingsSection() {
  const { t, setError, settings } = useApp();
  const [care, setCare] = useState<CareSettings | null>(null);
  const [missing, setMissing] = useState(false);
  const [lat, setLat] = useState("");
  const [lon, setLon] = useState("");
  const [saved, setSaved] = useState(false);
  const show = (value: CareSettings) => {
    setCare(value);
    setLat(value.weatherLocation ? String(value.weatherLocation.latitude) : "");
    setLon(value.weatherLocation ? String(value.weatherLocation.longitude) : "");
  };
  useEffect(() => {
    getCareSettings().then(show, (e: Error) => (isMissing(e) ? setMissing(true) : setError(e.message)));
  }, []);
  if (missing) return null;
  const patch = async (body: CareSettingsPatch) => {
    try {
      show(await patchCareSettings(body));
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const latN = Number(lat);
  const lonN = Number(lon);
  const valid = lat.trim() !== "" && lon.trim() !== "" && Number.isFinite(latN) && Number.isFinite(lonN) && Math.abs(latN) <= 90 && Math.abs(lonN) <= 180;
  const weatherOn = settings?.outbound.weather === true;
  return (
    <Section title={t("set.care")} intro={t("set.careIntro")} testId="care-settings">
      {!care ? (
        <p class="muted">{t("common.loading")}</p>
      ) : (
        <>
          <Toggle
            checked={care.cycle.enabled}
            onChange={(enabled) => patch({ cycle: { enabled } })}
            label={t("set.cycle")}
            hint={t("set.cycleHint")}
            testId="care-cycle"
          />
          {care.cycle.enabled && (
            <div class="field-grid cycle-fields">
              <label class="field">
                <span class="field-label">{t("set.cycleLast")}</span>
                <input
                  type="date"
                  value={care.cycle.lastStart ?? ""}
                  data-testid="care-cycle-start"
                  onChange={(e) => patch({ cycle: { lastStart: (e.target as HTMLInputElement).value || null } })}
                />
              </label>
              <label class="field">
                <span class="field-label">{t("set.cycleLength")}</span>
                <input
                  type="number"
                  inputMode="numeric"
                  min={20}
                  max={45}
                  value={care.cycle.lengthDays}
                  onChange={(e) => {
                    const n = Number((e.target as HTMLInputElement).value);
                    if (Number.isInteger(n) && n >= 20 && n <= 45) patch({ cycle: { lengthDays: n } });
                  }}
                />
              </label>
            </div>
          )}
          <h3 class="sub-title">{t("set.weatherLoc")}</h3>
          <p class="muted small-note">{t("set.weatherLocIntro")}</p>
          <p class={`conn-note ${weatherOn ? "on" : "off"}`} data-testid="weather-conn-note">
            <span class={`dot ${weatherOn ? "ok" : ""}`} /> {t(weatherOn ? "set.weatherConnOn" : "set.weatherConnOff")}
          </p>
          <form
            class="location-form"
            onSubmit={async (event) => {
              event.preventDefault();
              if (valid) setSaved(await patch({ weatherLocation: { latitude: latN, longitude: lonN } }));
            }}
          >
            <label class="field">
              <span class="field-label">{t("set.lat")}</span>
              <input
                inputMode="decimal"
                value={lat}
                placeholder="31.23"
                data-testid="care-lat"
                onInput={(e) => (setSaved(false), setLat((e.target as HTMLInputElement).value))}
              />
            </label>
            <label class="field">
              <span class="field-label">{t("set.lon")}</span>
              <input
                inputMode="decimal"
                value={lon}
                placeholder="121.47"
                data-testid="care-lon"
                onInput={(e) => (setSaved(false), setLon((e.target as HTMLInputElement).value))}
              />
            </label>
            <Button variant="primary" type="submit" disabled={!valid} data-testid="care-location-save">
              {t("set.save")}
            </Button>
            {care.weatherLocation && (
              <Button onClick={() => patch({ weatherLocation: null }).then(() => setSaved(false))} data-testid="care-location-clear">
                {t("set.clear")}
              </Button>
            )}
          </form>
          {(lat.trim() !== "" || lon.trim() !== "") && !valid && <p class="field-error">{t("set.locInvalid")}</p>}
          {saved && <p class="saved">{t("set.saved")}</p>}
        </>
      )}
    </Section>
  );
}

const HOURS = Array.from({ length: 24 }, (_, i) => String(i).padStart(2, "0"));
const MINUTES = ["00", "15", "30", "45"];

/** 24-hour time as two big selects (the native time input follows the browser's locale, often AM/PM). */
function TimeField({ label, value, onChange, testId }: { label: string; value: string; onChange: (value: string) => void; testId: string }) {
  const [hour = "00", minute = "00"] = value.split(":");
  const minutes = MINUTES.includes(minute) ? MINUTES : [...MINUTES, minute].sort();
  return (
    <div class="field time-field" data-testid={testId}>
      <span class="field-label">{label}</span>
      <span class="time-selects">
        <select aria-label={`${label} h`} value={hour} onChange={(e) => onChange(`${(e.target as HTMLSelectElement).value}:${minute}`)}>
          {HOURS.map((h) => (
            <option value={h} key={h}>
              {h}
            </option>
          ))}
        </select>
        <span class="time-colon">:</span>
        <select aria-label={`${label} min`} value={minute} onChange={(e) => onChange(`${hour}:${(e.target as HTMLSelectElement).value}`)}>
          {minutes.map((m) => (
            <option value={m} key={m}>
              {m}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}

export function SettingsPage() {
  const { t, settings, updateSettings, status, themeChoice, setThemeChoice, lang } = useApp();
  const patch = (p: Parameters<typeof updateSettings>[0]) => updateSettings(p).catch(() => undefined);
  const model = status?.model;
  const [quiet, setQuiet] = useState(settings?.quietHours ?? { start: "23:30", end: "07:30" });
  useEffect(() => {
    if (settings) setQuiet(settings.quietHours);
  }, [settings?.quietHours.start, settings?.quietHours.end]);
  const saveQuiet = (next: { start: string; end: string }) => {
    setQuiet(next);
    if (/^\d\d:\d\d$/.test(next.start) && /^\d\d:\d\d$/.test(next.end)) patch({ quietHours: next });
  };

  return (
    <div class="page settings" data-testid="settings">
      <header class="page-head">
        <h1>{t("set.title")}</h1>
      </header>
      <div class="two-col">
        <Section title={t("set.lang")}>
          <Segmented
            label={t("set.lang")}
            value={lang}
            testId="lang"
            options={[
              { value: "zh", label: "中文" },
              { value: "en", label: "English" },
            ]}
            onChange={(value) => patch({ lang: value })}
          />
          <h3 class="sub-title">{t("set.theme")}</h3>
          <Segmented<ThemeChoice>
            label={t("set.theme")}
            value={themeChoice}
            testId="theme"
            options={[
              { value: "auto", label: t("set.theme.auto") },
              { value: "light", label: t("set.theme.light") },
              { value: "night", label: t("set.theme.night") },
            ]}
            onChange={setThemeChoice}
          />
        </Section>
        <Section title={t("set.model")} testId="model-status">
          {!model && <p class="muted">{t("common.loading")}</p>}
          {model?.state === "none" && (
            <>
              <p>{t("set.model.none")}</p>
              <code class="command">guimi model pull</code>
            </>
          )}
          {model?.state === "loading" && <p>{t("set.model.loading", { id: model.id })}</p>}
          {model?.state === "ready" && (
            <p class="model-ready">
              <span class="dot ok" /> {t("set.model.ready", { id: model.id })}
            </p>
          )}
          {model?.state === "error" && <Notice tone="warn">{t("set.model.error", { id: model.id, error: model.error })}</Notice>}
          {status && <p class="muted small">{t("set.version", { version: status.version })}</p>}
        </Section>
      </div>

      <Section title={t("set.quiet")} intro={t("set.quietIntro")}>
        <div class="quiet-row">
          <TimeField label={t("set.from")} value={quiet.start} onChange={(start) => saveQuiet({ ...quiet, start })} testId="quiet-start" />
          <TimeField label={t("set.to")} value={quiet.end} onChange={(end) => saveQuiet({ ...quiet, end })} testId="quiet-end" />
        </div>
        <Toggle
          checked={settings?.doNotDisturb ?? false}
          disabled={!settings}
          onChange={(value) => patch({ doNotDisturb: value })}
          label={t("set.dnd")}
          hint={t("set.dndIntro")}
          testId="dnd"
        />
      </Section>

      <CareSettingsSection />

      <HelplineSection />

      <Section title={t("set.retention")} intro={t("set.retentionIntro")}>
        <Segmented<number | null>
          label={t("set.retention")}
          value={settings?.retentionDays ?? null}
          testId="retention"
          options={RETENTION.map((n) => ({ value: n, label: n === null ? t("set.keep") : t("set.days", { n }) }))}
          onChange={(value) => patch({ retentionDays: value })}
        />
      </Section>

      <Section title={t("set.persona")} testId="persona">
        <PersonaForm />
      </Section>
    </div>
  );
}
