const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds in "90s", "15m", "8h", "30d" (a bare number is seconds); undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  if (match === null) return undefined;
  const seconds = Number(match[1]) * units[match[2] || "s"]!;
  return seconds > 0 ? seconds : undefined;
}
