// Text as both dialects can keep it: PostgreSQL refuses the NUL character in text, so every store replaces it with U+FFFD the same way.

/** The string with each NUL character replaced by U+FFFD (the replacement character); other text unchanged. */
export function storedText(text: string): string {
  return text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
}

export function storedOptionalText(text: string | null): string | null {
  return text === null ? null : storedText(text);
}

/**
 * JSON text of a value whose strings (and keys) are stored text: JSON escapes NUL, but a reader would get it back.
 * JSON.stringify writes every NUL as `\u0000`, so text without that sequence had none and is kept; only text with
 * it (or with a backslash before `u0000`, kept exactly by the slow path too) is written again with a replacer,
 * which costs a call for every key and value (2.4 times the CPU of the facts' plain stringify).
 */
export function storedJson(value: unknown): string {
  const text = JSON.stringify(value);
  return text.includes('\\u0000') ? jsonWithoutNul(value) : text;
}

function jsonWithoutNul(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'string') return storedText(item);
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      const keys = Object.keys(item);
      if (keys.some((key) => key.includes('\u0000')))
        return Object.fromEntries(
          keys.map((key) => [storedText(key), (item as Record<string, unknown>)[key]]),
        );
    }
    return item;
  });
}
