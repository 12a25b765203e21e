// The Weather port: what the care engine needs to know about outside, nothing more.
export interface WeatherReport {
  /** "rain", "snow", "clear", "cloudy", "fog", "thunderstorm"… */
  condition: string;
  tempC: number;
}

export interface Weather {
  /** The weather now where she is; null when unknown. May throw (refused, offline). */
  current(at: Date): Promise<WeatherReport | null>;
}
