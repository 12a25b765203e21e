// 我的数据: whatever categories the server lists (one generic mechanism), each viewable page by page,
// deletable item by item and erasable; sensor and outbound switches; the ledger; export; erase everything.
import { useCallback, useEffect, useState } from "preact/hooks";
import {
  api,
  apiUrl,
  downloadClick,
  deleteItem,
  eraseCategory,
  eraseEverything,
  getCategories,
  getCategoryItems,
  getDevices,
  isMissing,
  pairDevice,
  revokeDevice,
  type PairedDevice,
  type DataCategory,
  type DataItem,
  type Settings,
} from "../api";
import { Button, Dialog, Icon, Notice, Section, Toggle } from "../components";
import { useApp } from "../store";
import { bilingual, pick } from "../i18n";
import { formatBytes, formatWhen } from "../time";
import { MoodSection } from "../mood";

const PAGE = 20;

interface LedgerEntry {
  id: number | string;
  at: string;
  purpose: string;
  destination: string;
  method?: string;
  dataCategory?: string;
  bytesSent: number;
  bytesReceived: number;
  outcome: string;
  detail?: string | null;
}

function LedgerLine({ entry }: { entry: LedgerEntry }) {
  const { t, lang, timeZone } = useApp();
  return (
    <li class="ledger-line" data-testid="ledger-entry">
      <span class="ledger-when">{formatWhen(entry.at, lang, timeZone)}</span>
      <span class="ledger-what">
        <strong>{entry.purpose}</strong>
        <span class="muted">
          {t("data.ledger.where")}: {entry.destination}
          {entry.dataCategory ? ` · ${entry.dataCategory}` : ""} · {entry.outcome}
        </span>
      </span>
      <span class="ledger-bytes muted">
        ↑ {formatBytes(entry.bytesSent)} · ↓ {formatBytes(entry.bytesReceived)}
      </span>
    </li>
  );
}

/** Ledger rows inside the "outbound" category carry snake_case columns in `detail`. */
function asLedgerEntry(item: DataItem): LedgerEntry | null {
  const d = item.detail as Record<string, unknown> | undefined;
  if (!d || typeof d.destination !== "string") return null;
  return {
    id: item.id,
    at: item.at,
    purpose: String(d.purpose ?? ""),
    destination: d.destination,
    dataCategory: typeof d.data_category === "string" ? d.data_category : typeof d.dataCategory === "string" ? d.dataCategory : undefined,
    bytesSent: Number(d.bytes_sent ?? d.bytesSent ?? 0),
    bytesReceived: Number(d.bytes_received ?? d.bytesReceived ?? 0),
    outcome: String(d.outcome ?? ""),
  };
}

function CategoryCard({ category, onChanged }: { category: DataCategory; onChanged: () => void }) {
  const { t, lang, timeZone, setError } = useApp();
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<DataItem[] | null>(null);
  const [more, setMore] = useState(false);
  const [confirmErase, setConfirmErase] = useState(false);
  const title = pick(category.title, lang);

  const load = useCallback(
    async (before?: string) => {
      try {
        const page = await getCategoryItems(category.id, { limit: PAGE, before });
        setItems((list) => (before && list ? [...list, ...page] : page));
        setMore(page.length === PAGE);
      } catch (error) {
        setError((error as Error).message);
      }
    },
    [category.id],
  );

  useEffect(() => {
    if (open) load();
  }, [open, category.count]);

  const remove = async (item: DataItem) => {
    try {
      await deleteItem(category.id, item.id);
      setItems((list) => list?.filter((i) => i.id !== item.id) ?? null);
      onChanged();
    } catch (error) {
      setError((error as Error).message);
    }
  };

  return (
    <li class="card category" data-testid={`category-${category.id}`} data-count={category.count}>
      <div class="category-head">
        <div class="category-text">
          <h3>{title}</h3>
          <p class="muted">{pick(category.description, lang)}</p>
        </div>
        <span class="count" data-testid="category-count">
          {t("data.items", { count: category.count })}
        </span>
      </div>
      <div class="category-actions">
        <Button onClick={() => setOpen(!open)} aria-expanded={open} data-testid="category-open">
          <Icon name="chevron" size={22} /> {open ? t("data.close") : t("data.open")}
        </Button>
        <Button variant="ghost" disabled={category.count === 0} onClick={() => setConfirmErase(true)} data-testid="category-erase">
          <Icon name="trash" size={24} /> {t("data.eraseCategory")}
        </Button>
      </div>
      {open && (
        <div class="items" data-testid="category-items">
          {!category.itemsDeletable && <p class="muted small">{t("data.notDeletable")}</p>}
          {items === null && <p class="muted">{t("common.loading")}</p>}
          {items?.length === 0 && <p class="muted">{t("data.noItems")}</p>}
          <ul>
            {items?.map((item) => {
              const ledger = category.id === "outbound" ? asLedgerEntry(item) : null;
              return (
                <li class="item" key={item.id} data-testid="data-item" data-id={item.id}>
                  {ledger ? (
                    <ul class="ledger-single">
                      <LedgerLine entry={ledger} />
                    </ul>
                  ) : (
                    <div class="item-text">
                      <span class="item-summary">{item.summary}</span>
                      <span class="muted small">{formatWhen(item.at, lang, timeZone)}</span>
                    </div>
                  )}
                  {category.itemsDeletable && (
                    <Button variant="ghost" class="icon-only" aria-label={t("data.deleteItem")} onClick={() => remove(item)} data-testid="item-delete">
                      <Icon name="trash" size={26} />
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
          {more && items && (
            <Button variant="ghost" onClick={() => load(items[items.length - 1]?.id)} data-testid="items-more">
              {t("data.more")}
            </Button>
          )}
        </div>
      )}
      {confirmErase && (
        <Dialog
          title={t("data.eraseCategoryTitle", { title })}
          onClose={() => setConfirmErase(false)}
          testId="erase-category-dialog"
          actions={
            <>
              <Button onClick={() => setConfirmErase(false)}>{t("common.cancel")}</Button>
              <Button
                variant="danger"
                data-testid="erase-category-confirm"
                onClick={async () => {
                  setConfirmErase(false);
                  try {
                    await eraseCategory(category.id);
                    setItems([]);
                    onChanged();
                  } catch (error) {
                    setError((error as Error).message);
                  }
                }}
              >
                {t("data.eraseConfirm")}
              </Button>
            </>
          }
        >
          <p class="warn-text">{t("data.eraseCategoryBody", { count: category.count })}</p>
        </Dialog>
      )}
    </li>
  );
}

function EraseEverything({ onDone }: { onDone: () => void }) {
  const { t, setError, reloadMessages } = useApp();
  const [open, setOpen] = useState(false);
  const [understood, setUnderstood] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => (setUnderstood(false), setOpen(true))} data-testid="erase-all">
        <Icon name="trash" size={26} /> {t("data.eraseAll")}
      </Button>
      {done && <Notice testId="erased-all">{t("data.erasedAll")}</Notice>}
      {open && (
        <Dialog
          title={t("data.eraseAllTitle")}
          onClose={() => setOpen(false)}
          testId="erase-all-dialog"
          actions={
            <>
              <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
              <Button
                variant="danger"
                disabled={!understood}
                data-testid="erase-all-confirm"
                onClick={async () => {
                  setOpen(false);
                  try {
                    await eraseEverything();
                    setDone(true);
                    reloadMessages();
                    onDone();
                  } catch (error) {
                    setError((error as Error).message);
                  }
                }}
              >
                {t("data.eraseAllConfirm")}
              </Button>
            </>
          }
        >
          <p class="warn-text">{t("data.eraseAllBody")}</p>
          <Toggle checked={understood} onChange={setUnderstood} label={t("data.eraseAllAck")} testId="erase-all-ack" />
        </Dialog>
      )}
    </>
  );
}

/** Paired phones and tablets: pair one with a QR code of the pairing address, revoke any. */
/**
 * The wake word for hands-free `guimi listen`: her switch and her own phrases, and what status says is
 * really active (a switch that is on while the model is missing says so, with the command that installs it).
 */
function WakeWordControl() {
  const { t, lang, settings, updateSettings, status, refreshStatus } = useApp();
  const wake = status?.voice?.wakeWord;
  const stored = settings?.wakeWord.phrases.join("，") ?? "";
  const [draft, setDraft] = useState(stored);
  useEffect(() => setDraft(stored), [stored]);
  const save = (patch: { enabled?: boolean; phrases?: string[] }) => updateSettings({ wakeWord: patch }).then(refreshStatus, () => undefined);
  const phrases = (wake?.phrases ?? []).join("、");
  const line =
    !wake || !settings
      ? null
      : wake.state === "model-not-installed"
        ? t("data.wake.model-not-installed", { id: wake.id })
        : wake.state === "error"
          ? t("data.wake.error", { reason: bilingual(wake.reason ?? "", lang) })
          : t(`data.wake.${wake.state}`, { phrases });
  return (
    <div class="wake-word" data-testid="wake-word">
      <Toggle
        checked={settings?.wakeWord.enabled ?? false}
        disabled={!settings}
        onChange={(enabled) => save({ enabled })}
        label={t("data.wake")}
        hint={t("data.wakeHint", { phrase: wake?.phrases[0] ?? "小蜜小蜜" })}
        testId="wake-word-toggle"
      />
      {settings?.wakeWord.enabled && (
        <form
          class="field"
          onSubmit={(event) => {
            event.preventDefault();
            save({ phrases: draft.split(/[,，、\s]+/).filter(Boolean) });
          }}
        >
          <span class="field-label">{t("data.wakePhrases")}</span>
          <span class="button-row">
            <input value={draft} maxLength={100} data-testid="wake-word-phrases" onInput={(e) => setDraft((e.target as HTMLInputElement).value)} />
            <Button variant="soft" type="submit" data-testid="wake-word-save">
              {t("data.wakeSave")}
            </Button>
          </span>
        </form>
      )}
      {line && (
        <p class={wake?.state === "ready" || wake?.state === "listening" || wake?.state === "off" ? "muted" : "warn-text"} data-testid="wake-word-status">
          {line}
        </p>
      )}
    </div>
  );
}

function DevicesSection() {
  const { t, lang, timeZone } = useApp();
  const [devices, setDevices] = useState<PairedDevice[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState("");
  const [paired, setPaired] = useState<{ name: string; url: string; qrSvg: string } | null>(null);
  const load = useCallback(() => {
    getDevices().then(
      (list) => (setDevices(list), setFailure(null)),
      (error: Error) => (isMissing(error) ? setDevices(null) : setFailure(error.message)),
    );
  }, []);
  useEffect(load, [load]);
  const pair = async () => {
    setNaming(false);
    try {
      const issued = await pairDevice(name.trim());
      setPaired({ name: issued.device.name, url: issued.url, qrSvg: issued.qrSvg });
      load();
    } catch (error) {
      setFailure((error as Error).message);
    }
  };
  return (
    <Section
      title={t("data.devices")}
      intro={t("data.devicesIntro")}
      testId="devices"
      actions={
        <Button onClick={() => (setName(""), setNaming(true))} data-testid="device-pair">
          {t("data.devicePair")}
        </Button>
      }
    >
      {failure && <Notice tone="warn">{t("common.error", { message: failure })}</Notice>}
      {devices && devices.length === 0 && <p class="muted">{t("data.devicesEmpty")}</p>}
      {devices && devices.length > 0 && (
        <ul class="ledger" data-testid="device-list">
          {devices.map((device) => (
            <li class="ledger-line" key={device.id} data-testid="device">
              <span class="ledger-what">
                <strong>{device.name}</strong>
                <span class="muted">
                  {device.lastSeenAt ? t("data.deviceSeen", { when: formatWhen(device.lastSeenAt, lang, timeZone) }) : t("data.deviceNever")}
                </span>
              </span>
              <Button
                variant="ghost"
                data-testid="device-revoke"
                onClick={() => revokeDevice(device.id).then(load, (error: Error) => setFailure(error.message))}
              >
                {t("data.deviceRevoke")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {naming && (
        <Dialog
          title={t("data.devicePair")}
          onClose={() => setNaming(false)}
          testId="device-name-dialog"
          actions={
            <>
              <Button onClick={() => setNaming(false)}>{t("common.cancel")}</Button>
              <Button variant="primary" disabled={!name.trim()} onClick={pair} data-testid="device-pair-confirm">
                {t("data.devicePair")}
              </Button>
            </>
          }
        >
          <input
            class="big-input"
            maxLength={40}
            value={name}
            placeholder={t("data.deviceName")}
            aria-label={t("data.deviceName")}
            onInput={(event) => setName((event.target as HTMLInputElement).value)}
            data-testid="device-name"
          />
        </Dialog>
      )}
      {paired && (
        <Dialog
          title={t("data.devicePair")}
          onClose={() => setPaired(null)}
          testId="device-qr-dialog"
          actions={<Button onClick={() => setPaired(null)}>{t("common.close")}</Button>}
        >
          <p>{t("data.deviceScan", { name: paired.name })}</p>
          {/* An <img> of the server's SVG: shown as a picture, never run as markup. */}
          <img
            class="pair-qr"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(paired.qrSvg)}`}
            alt={paired.url}
            width={240}
            height={240}
            data-testid="device-qr"
          />
        </Dialog>
      )}
    </Section>
  );
}

export function MyDataPage() {
  const { t, settings, updateSettings } = useApp();
  const [categories, setCategories] = useState<DataCategory[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [ledger, setLedger] = useState<LedgerEntry[] | null>(null);
  const [icsAvailable, setIcsAvailable] = useState(false);

  const refresh = useCallback(() => {
    getCategories().then(
      (list) => {
        setCategories(list);
        setFailure(null);
      },
      (error: Error) => setFailure(error.message),
    );
    api<{ entries: LedgerEntry[] }>("ledger?limit=10").then(
      (r) => setLedger(r.entries),
      () => setLedger(null),
    );
  }, []);

  useEffect(() => {
    refresh();
    // The reminders calendar is offered only once the reminders API answers.
    api<unknown>("reminders").then(
      () => setIcsAvailable(true),
      (error) => setIcsAvailable(!isMissing(error)),
    );
  }, [refresh]);

  const sensor = (key: keyof Settings["sensors"]) => (
    <Toggle
      checked={settings?.sensors[key] ?? false}
      disabled={!settings}
      onChange={(value) => updateSettings({ sensors: { [key]: value } }).catch(() => undefined)}
      label={t(`data.sensor.${key}`)}
      testId={`sensor-${key}`}
    />
  );
  const outbound = (key: keyof Settings["outbound"]) => (
    <Toggle
      checked={settings?.outbound[key] ?? false}
      disabled={!settings}
      onChange={(value) => updateSettings({ outbound: { [key]: value } }).catch(() => undefined)}
      label={t(`data.out.${key}`)}
      testId={`outbound-${key}`}
    />
  );

  return (
    <div class="page my-data" data-testid="my-data">
      <header class="page-head">
        <h1>{t("data.title")}</h1>
        <p class="muted">{t("data.intro")}</p>
      </header>
      {failure && <Notice tone="warn">{t("common.error", { message: failure })}</Notice>}
      <MoodSection />
      <ul class="categories" data-testid="categories">
        {categories?.map((category) => (
          <CategoryCard category={category} onChanged={refresh} key={category.id} />
        ))}
      </ul>

      <div class="two-col">
        <Section title={t("data.sensors")} intro={t("data.sensorsIntro")} testId="sensors">
          {sensor("microphone")}
          <WakeWordControl />
          {sensor("camera")}
          <p class="muted" data-testid="camera-note">
            {t("data.cameraNote")}
          </p>
          {sensor("touch")}
        </Section>
        <Section title={t("data.outbound")} intro={t("data.outboundIntro")} testId="outbound">
          {outbound("modelDownload")}
          {outbound("remoteLlm")}
          {outbound("weather")}
          {outbound("radio")}
        </Section>
      </div>

      <DevicesSection />

      <Section title={t("data.ledger")} testId="ledger">
        {ledger && ledger.length === 0 && <p class="muted">{t("data.ledgerEmpty")}</p>}
        {ledger && ledger.length > 0 && (
          <ul class="ledger">
            {ledger.map((entry) => (
              <LedgerLine entry={entry} key={entry.id} />
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("data.exportTitle")} testId="export">
        <div class="button-row">
          <a class="btn btn-soft" href={apiUrl("data/export")} download onClick={downloadClick("data/export")} data-testid="export-json">
            <Icon name="download" size={26} /> {t("data.export")}
          </a>
          {icsAvailable && (
            <a
              class="btn btn-soft"
              href={apiUrl("reminders/export.ics")}
              download="guimi-reminders.ics"
              onClick={downloadClick("reminders/export.ics", "guimi-reminders.ics")}
              data-testid="export-ics"
            >
              <Icon name="download" size={26} /> {t("data.exportIcs")}
            </a>
          )}
        </div>
      </Section>

      <section class="card section danger-zone">
        <EraseEverything onDone={refresh} />
      </section>
    </div>
  );
}
