// Where the browser tests find Chromium: $REALREACH_CHROMIUM, else chromium (or chromium-browser, google-chrome) on PATH; playwright-core never downloads one.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir !== '' && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function findChromium(): string | undefined {
  const chosen = process.env.REALREACH_CHROMIUM;
  if (chosen !== undefined && chosen !== '') return chosen;
  for (const name of NAMES) {
    const found = onPath(name);
    if (found) return found;
  }
  return undefined;
}

/** The Chromium executable the browser tests launch, or undefined when there is none. */
export const CHROMIUM = findChromium();

/** false when Chromium was found, else why the browser tests skip: pass it as `{ skip }`. */
export const chromiumSkip: string | false =
  CHROMIUM === undefined
    ? 'no Chromium: set REALREACH_CHROMIUM to its path or put chromium on PATH (Debian: apt-get install -y chromium)'
    : executable(CHROMIUM)
      ? false
      : `REALREACH_CHROMIUM=${CHROMIUM} is not an executable file`;
