/** Replaces every secret value an executor holds before output leaves it. */
export interface Scrubber {
  scrub(text: string): string;
  /** Adds values (e.g. a token minted after start). */
  add(...secrets: string[]): void;
}

const redacted = "[redacted]";
/** Shorter values are too likely to be ordinary text; secrets are longer. */
const minSecretLength = 8;

/** A scrubber for these secret values (and each JSON string inside a JSON secret, e.g. auth.json). */
export function createScrubber(secrets: Iterable<string> = []): Scrubber {
  const values = new Set<string>();
  const add = (...more: string[]) => {
    for (const secret of more) {
      for (const value of [secret, secret.trim(), ...jsonStrings(secret)]) {
        if (value.length >= minSecretLength) values.add(value);
      }
    }
  };
  add(...secrets);
  return {
    add,
    scrub(text) {
      let out = text;
      // Longest first, so a secret containing another is replaced whole.
      for (const value of [...values].sort((a, b) => b.length - a.length)) {
        if (out.includes(value)) out = out.split(value).join(redacted);
      }
      return out;
    },
  };
}

function jsonStrings(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  const found: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") found.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(walk);
  };
  walk(parsed);
  return found;
}

/** Environment variable names whose values are secrets. */
export const secretEnvName = /TOKEN|SECRET|PASSW|CREDENTIAL|API_?KEY|PRIVATE/i;

/** Bytes of one evidence item or log kept after scrubbing; the tail (where errors are) wins. */
export const maxEvidenceItemBytes = 1024 * 1024;
/** Characters of an outcome summary (the contract allows 8192). */
export const maxSummaryChars = 8000;
