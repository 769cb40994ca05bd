// Attribution: a conversion goes to the human click whose id the shop kept, when that click came within the window before it.

import type { Conversion } from './campaign.ts';
import type { HitReason } from './click-verdict.ts';

export const DEFAULT_ATTRIBUTION_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The click a conversion's click id names, as stored. */
export interface ClickOfConversion {
  linkId: number;
  at: Date;
  reason: HitReason;
}

export const UNATTRIBUTED_REASONS = ['no-click-id', 'unknown-click', 'bot-click', 'outside-window'] as const;
export type UnattributedReason = (typeof UNATTRIBUTED_REASONS)[number];

export type Attribution = { linkId: number } | { unattributed: UnattributedReason };

/**
 * Repeats are human clicks too (the same person again): a conversion may name one. A click after the conversion,
 * or older than the window, does not earn it.
 */
export function attributeConversion(
  conversion: Pick<Conversion, 'clickId' | 'occurredAt'>,
  click: ClickOfConversion | undefined,
  windowDays: number = DEFAULT_ATTRIBUTION_WINDOW_DAYS,
): Attribution {
  if (conversion.clickId === null) return { unattributed: 'no-click-id' };
  if (click === undefined) return { unattributed: 'unknown-click' };
  if (click.reason !== 'human' && click.reason !== 'repeat') return { unattributed: 'bot-click' };
  const lag = conversion.occurredAt.getTime() - click.at.getTime();
  // A minute's grace for clocks: the shop's clock and the redirect's may differ by seconds.
  if (lag < -60_000 || lag > windowDays * DAY_MS) return { unattributed: 'outside-window' };
  return { linkId: click.linkId };
}
