// Home Assistant MQTT device discovery: one retained message on homeassistant/device/<id>/config
// describing Guimi and all its entities (sensors, binary sensors, notify, text, buttons, switches).
// Pure: the payload only; the bridge publishes it on connect and when HA says it is back online.
import type { HomeTopics } from "./topics.js";
import { SENSOR_NAMES } from "./topics.js";

/** Where Home Assistant says "online" when it (re)starts. */
export const haStatusTopic = (prefix = "homeassistant") => `${prefix}/status`;
export const discoveryTopic = (deviceId: string, prefix = "homeassistant") => `${prefix}/device/${deviceId}/config`;

type Component = Record<string, unknown> & { p: string; unique_id: string; name: string };

const onOff = (field: string) => `{{ 'ON' if value_json.${field} else 'OFF' }}`;
const sensorLabels = { microphone: "麦克风 Microphone", camera: "摄像头 Camera", touch: "触摸 Touch" } as const;

export function discoveryPayload(options: { deviceId: string; topics: HomeTopics; name: string; version: string }) {
  const { deviceId, topics } = options;
  const uid = (key: string) => `guimi_${deviceId}_${key}`;
  const state = { state_topic: topics.state };
  const components: Record<string, Component> = {
    mood: { p: "sensor", name: "心情 Mood", unique_id: uid("mood"), ...state, value_template: "{{ value_json.mood }}", icon: "mdi:emoticon-outline" },
    mood_valence: {
      p: "sensor",
      name: "心情指数 Mood valence",
      unique_id: uid("mood_valence"),
      ...state,
      value_template: "{{ value_json.moodValence }}",
      state_class: "measurement",
      icon: "mdi:chart-bell-curve",
    },
    last_care_message: {
      p: "sensor",
      name: "最近的关心 Last care message",
      unique_id: uid("last_care_message"),
      ...state,
      value_template: "{{ value_json.lastCareMessage }}",
      icon: "mdi:message-heart-outline",
    },
    next_reminder: {
      p: "sensor",
      name: "下一个提醒 Next reminder",
      unique_id: uid("next_reminder"),
      ...state,
      value_template: "{{ value_json.nextReminder }}",
      device_class: "timestamp",
    },
    present: { p: "binary_sensor", name: "在身边 Present", unique_id: uid("present"), ...state, value_template: onOff("present"), device_class: "presence" },
    speaking: { p: "binary_sensor", name: "正在说话 Speaking", unique_id: uid("speaking"), ...state, value_template: onOff("speaking"), device_class: "sound" },
    notify: { p: "notify", name: "小蜜说 Guimi says", unique_id: uid("notify"), command_topic: topics.command("notify") },
    say: { p: "text", name: "让小蜜说 Say this", unique_id: uid("say"), command_topic: topics.command("say"), max: 255, mode: "text" },
    check_in: {
      p: "button",
      name: "问候一下 Check in",
      unique_id: uid("check_in"),
      command_topic: topics.command("check-in"),
      payload_press: "PRESS",
      icon: "mdi:hand-wave",
    },
    stop_speaking: {
      p: "button",
      name: "别说了 Stop speaking",
      unique_id: uid("stop_speaking"),
      command_topic: topics.command("stop-speaking"),
      payload_press: "PRESS",
      icon: "mdi:volume-off",
    },
    dnd: {
      p: "switch",
      name: "勿扰 Do not disturb",
      unique_id: uid("dnd"),
      command_topic: topics.command("dnd"),
      ...state,
      value_template: onOff("doNotDisturb"),
      icon: "mdi:minus-circle",
    },
    quiet_mode: {
      p: "switch",
      name: "静音模式 Quiet mode",
      unique_id: uid("quiet_mode"),
      command_topic: topics.command("quiet"),
      ...state,
      value_template: onOff("quietMode"),
      icon: "mdi:volume-mute",
    },
  };
  for (const sensor of SENSOR_NAMES) {
    components[`sensor_${sensor}`] = {
      p: "switch",
      name: sensorLabels[sensor],
      unique_id: uid(`sensor_${sensor}`),
      command_topic: topics.command(`sensor/${sensor}`),
      ...state,
      value_template: `{{ 'ON' if value_json.sensors.${sensor} else 'OFF' }}`,
      entity_category: "config",
    };
  }
  // Readable entity ids in HA (switch.guimi_dnd, notify.guimi_notify) whatever the display names are.
  for (const [key, component] of Object.entries(components)) component.object_id = `guimi_${key}`;
  return {
    dev: { ids: [`guimi_${deviceId}`], name: options.name, mf: "Guimi", mdl: "Guimi companion", sw: options.version },
    o: { name: "guimi", sw: options.version },
    availability_topic: topics.availability,
    payload_available: "online",
    payload_not_available: "offline",
    qos: 1,
    cmps: components,
  };
}
