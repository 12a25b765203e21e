// Screens are addressed by the URL hash (#/chat) so a reload or a test can open any of them.
export const screens = ["home", "chat", "music", "care", "reminders", "data", "settings"] as const;
export type Screen = (typeof screens)[number];

export function screenFromHash(): Screen {
  const name = location.hash.replace(/^#\/?/, "");
  return (screens as readonly string[]).includes(name) ? (name as Screen) : "home";
}

export const go = (screen: Screen): void => {
  location.hash = `/${screen}`;
};
