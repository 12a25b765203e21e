// Schema of the "home" module: the embedded MQTT broker's state (retained messages, persistent
// sessions' subscriptions and queued messages, wills), so QoS 1 messages survive a restart.
import type { MigrationSet } from "../storage/database.js";

export const homeMigrations: MigrationSet = {
  module: "home",
  migrations: [
    {
      version: 1,
      name: "embedded broker persistence",
      up: `
        CREATE TABLE mqtt_retained (topic TEXT PRIMARY KEY, packet TEXT NOT NULL);
        CREATE TABLE mqtt_subscriptions (client_id TEXT NOT NULL, topic TEXT NOT NULL, options TEXT NOT NULL, PRIMARY KEY (client_id, topic));
        CREATE TABLE mqtt_outgoing (client_id TEXT NOT NULL, seq INTEGER NOT NULL, packet TEXT NOT NULL, PRIMARY KEY (client_id, seq));
        CREATE TABLE mqtt_incoming (client_id TEXT NOT NULL, message_id INTEGER NOT NULL, packet TEXT NOT NULL, PRIMARY KEY (client_id, message_id));
        CREATE TABLE mqtt_wills (client_id TEXT PRIMARY KEY, packet TEXT NOT NULL);
      `,
    },
    {
      version: 2,
      name: "home assistant connection",
      up: `CREATE TABLE home_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);`,
    },
  ],
};
