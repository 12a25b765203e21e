// Small shared pieces: icons, switches, segmented choices, dialogs. Every target is ≥ 56 px.
import type { ButtonHTMLAttributes, ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

const iconPaths: Record<string, string> = {
  home: "M4 11.5 12 5l8 6.5V20a1 1 0 0 1-1 1h-4.5v-5.5h-5V21H5a1 1 0 0 1-1-1z",
  chat: "M4 6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 3.5V17A2.5 2.5 0 0 1 4 14.5z",
  care: "M12 20s-7.5-4.6-7.5-10A4.3 4.3 0 0 1 12 7.4 4.3 4.3 0 0 1 19.5 10c0 5.4-7.5 10-7.5 10z",
  reminders: "M12 4a6 6 0 0 1 6 6v3.5l1.8 2.8a.8.8 0 0 1-.7 1.2H4.9a.8.8 0 0 1-.7-1.2L6 13.5V10a6 6 0 0 1 6-6zm-2.2 15.5h4.4a2.2 2.2 0 0 1-4.4 0z",
  data: "M12 3.5 19 6v5.5c0 4.5-3 7.8-7 9-4-1.2-7-4.5-7-9V6z",
  settings:
    "M12 8.6a3.4 3.4 0 1 0 0 6.8 3.4 3.4 0 0 0 0-6.8zm7.4 4.6.1-1.2-.1-1.2 2-1.6-2-3.4-2.4 1a7.5 7.5 0 0 0-2-1.2L14.6 3h-4l-.4 2.6a7.5 7.5 0 0 0-2 1.2l-2.4-1-2 3.4 2 1.6L5.7 12l.1 1.2-2 1.6 2 3.4 2.4-1a7.5 7.5 0 0 0 2 1.2l.4 2.6h4l.4-2.6a7.5 7.5 0 0 0 2-1.2l2.4 1 2-3.4z",
  mic: "M12 3.5a3 3 0 0 1 3 3v5a3 3 0 0 1-6 0v-5a3 3 0 0 1 3-3zM6.5 11a5.5 5.5 0 0 0 11 0M12 16.5V20m-3 0h6",
  send: "M4.5 12 19.5 5l-4 14-3.6-5.6z M11.9 13.4 19.5 5",
  stop: "M8 8h8v8H8z",
  moon: "M19 14.5A7.5 7.5 0 0 1 9.5 5a7.5 7.5 0 1 0 9.5 9.5z",
  sun: "M12 8a4 4 0 1 1 0 8 4 4 0 0 1 0-8zm0-5v2.5m0 13V21M3 12h2.5m13 0H21M5.6 5.6l1.8 1.8m9.2 9.2 1.8 1.8m0-12.8-1.8 1.8m-9.2 9.2-1.8 1.8",
  trash: "M5 7h14M10 7V5h4v2m-7 0 1 13h8l1-13",
  download: "M12 4v11m-4.5-4.5L12 15l4.5-4.5M5 19.5h14",
  check: "M5 12.5 10 17l9-10",
  clock: "M12 4a8 8 0 1 1 0 16 8 8 0 0 1 0-16zm0 4v4.5l3 2",
  cloud: "M7 18a4 4 0 0 1-.5-8A5.5 5.5 0 0 1 17 9a4.5 4.5 0 0 1 .5 9z",
  chevron: "m9 6 6 6-6 6",
  music: "M9 17.5V6.5l10-2.5v11M9 17.5a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0zm10-2.5a2.5 2.5 0 1 1-5 0 2.5 2.5 0 0 1 5 0z",
  play: "M8 5.5v13l10.5-6.5z",
  pause: "M7 5.5h3.5v13H7zm6.5 0H17v13h-3.5z",
  next: "M6 5.5v13l9-6.5zM16.5 5.5H19v13h-2.5z",
};

const outlined = new Set(["mic", "send", "sun", "trash", "download", "check", "clock", "chevron", "music"]);

export function Icon({ name, size = 28 }: { name: keyof typeof iconPaths | string; size?: number }) {
  const d = iconPaths[name] ?? "";
  const line = outlined.has(name);
  return (
    <svg class="icon" viewBox="0 0 24 24" width={size} height={size} aria-hidden="true">
      <path
        d={d}
        fill={line ? "none" : "currentColor"}
        stroke={line ? "currentColor" : "none"}
        stroke-width="1.9"
        stroke-linecap="round"
        stroke-linejoin="round"
      />
    </svg>
  );
}

export function Toggle({
  checked,
  onChange,
  label,
  hint,
  testId,
  disabled,
}: {
  checked: boolean;
  onChange: (value: boolean) => void;
  label: string;
  hint?: string;
  testId?: string;
  disabled?: boolean;
}) {
  return (
    <button type="button" class="toggle-row" role="switch" aria-checked={checked} data-testid={testId} disabled={disabled} onClick={() => onChange(!checked)}>
      <span class="toggle-text">
        <span class="toggle-label">{label}</span>
        {hint && <span class="toggle-hint">{hint}</span>}
      </span>
      <span class={`toggle${checked ? " on" : ""}`} aria-hidden="true">
        <span class="knob" />
      </span>
    </button>
  );
}

export function Segmented<T extends string | number | null>({
  value,
  options,
  onChange,
  label,
  testId,
}: {
  value: T;
  options: { value: T; label: string }[];
  onChange: (value: T) => void;
  label: string;
  testId?: string;
}) {
  return (
    // Real radio buttons: arrow keys move between choices, and screen readers say "1 of 3, selected".
    <div class="segmented" role="radiogroup" aria-label={label} data-testid={testId}>
      {options.map((option) => (
        <label class={option.value === value ? "selected" : ""} key={String(option.value)}>
          <input type="radio" name={`segmented-${testId ?? label}`} checked={option.value === value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  );
}

export function Dialog({
  title,
  children,
  onClose,
  actions,
  testId,
}: {
  title: string;
  children: ComponentChildren;
  onClose: () => void;
  actions: ComponentChildren;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>("button")?.focus();
    const onKey = (event: KeyboardEvent) => event.key === "Escape" && onClose();
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  return (
    // A tap beside the dialog closes it, as Escape (listened for on the document, above) does from the keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: the backdrop is a pointer shortcut; Escape is its keyboard twin
    // biome-ignore lint/a11y/useKeyWithClickEvents: the keyboard closes the dialog with Escape, handled on the document
    // biome-ignore lint/a11y/noNoninteractiveElementInteractions: the same pointer shortcut (the dialog inside is the interactive part)
    <div class="dialog-backdrop" onClick={(event) => event.target === event.currentTarget && onClose()}>
      <div class="dialog" role="alertdialog" aria-modal="true" aria-label={title} data-testid={testId} ref={ref}>
        <h2>{title}</h2>
        <div class="dialog-body">{children}</div>
        <div class="dialog-actions">{actions}</div>
      </div>
    </div>
  );
}

export function Section({
  title,
  intro,
  children,
  testId,
  actions,
}: {
  title: string;
  intro?: string;
  children: ComponentChildren;
  testId?: string;
  actions?: ComponentChildren;
}) {
  return (
    <section class="card section" data-testid={testId}>
      <header class="section-head">
        <div>
          <h2>{title}</h2>
          {intro && <p class="muted">{intro}</p>}
        </div>
        {actions && <div class="section-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}

export function Notice({ children, tone = "soft", testId }: { children: ComponentChildren; tone?: "soft" | "warn"; testId?: string }) {
  return (
    <p class={`notice notice-${tone}`} data-testid={testId}>
      {children}
    </p>
  );
}

export type ButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type"> & {
  variant?: "primary" | "ghost" | "danger" | "soft";
  type?: "button" | "submit";
  "data-testid"?: string;
};

export function Button({ variant = "soft", class: className, type = "button", ...rest }: ButtonProps) {
  return <button type={type} class={`btn btn-${variant}${className ? ` ${String(className)}` : ""}`} {...rest} />;
}
