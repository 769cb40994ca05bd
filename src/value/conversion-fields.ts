// One conversion from loose text fields (a CSV row, CLI options, a webhook's JSON): checked field by field, errors naming the field.
import { startsWithCalendarDay } from '../core/calendar-date.ts';
import { FieldError } from '../core/errors.ts';
import {
  CONVERSION_KINDS,
  type ConversionInput,
  type ConversionKind,
  type ConversionSource,
} from './campaign.ts';
import { parseMoney } from './money.ts';

/** The fields as they come, every one optional text; numbers are accepted where text is. */
export interface ConversionFields {
  kind?: string;
  campaign?: string | number;
  orderId?: string;
  clickId?: string;
  amount?: string | number;
  currency?: string;
  code?: string;
  occurredAt?: string;
}

const CLICK_ID = /^[A-Za-z0-9_-]{8,64}$/;

function present(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/**
 * Sales carry an amount and a currency, and only sales do; referrals may carry their code. Without a time the
 * conversion is dated `now` (when it was received).
 */
export function conversionFromFields(
  fields: ConversionFields,
  source: ConversionSource,
  now: Date,
): ConversionInput {
  const kind = present(fields.kind)?.toLowerCase();
  if (kind === undefined || !(CONVERSION_KINDS as readonly string[]).includes(kind))
    throw new FieldError(
      'kind',
      `expected one of ${CONVERSION_KINDS.join(', ')}, got "${fields.kind ?? ''}"`,
    );

  const campaignText = present(fields.campaign);
  let campaignId: number | null = null;
  if (campaignText !== undefined) {
    campaignId = Number(campaignText);
    if (!/^\d+$/.test(campaignText) || !Number.isSafeInteger(campaignId) || campaignId < 1)
      throw new FieldError(
        'campaign',
        `expected a campaign id (a whole number from 1), got "${campaignText}"`,
      );
  }

  const externalId = present(fields.orderId) ?? null;
  if (externalId !== null && externalId.length > 200)
    throw new FieldError('order_id', 'the shop id is longer than 200 characters');

  const clickId = present(fields.clickId) ?? null;
  if (clickId !== null && !CLICK_ID.test(clickId))
    throw new FieldError(
      'click_id',
      `expected the rr_click value from the link (8–64 of A–Z a–z 0–9 _ -), got "${clickId}"`,
    );

  const amountText = present(fields.amount);
  const currency = present(fields.currency);
  let amount: ConversionInput['amount'] = null;
  if (kind === 'sale') {
    if (amountText === undefined) throw new FieldError('amount', 'a sale needs its amount');
    if (currency === undefined)
      throw new FieldError('currency', 'a sale needs its currency (ISO 4217, e.g. EUR)');
    try {
      amount = parseMoney(amountText, currency);
    } catch (error) {
      throw new FieldError(
        /currency/.test((error as Error).message) ? 'currency' : 'amount',
        (error as Error).message,
      );
    }
  } else if (amountText !== undefined || currency !== undefined) {
    throw new FieldError('amount', `only sales carry an amount; this is a ${kind}`);
  }

  const code = present(fields.code) ?? null;
  if (code !== null && code.length > 200)
    throw new FieldError('code', 'the referral code is longer than 200 characters');

  const occurredText = present(fields.occurredAt);
  let occurredAt = now;
  if (occurredText !== undefined) {
    occurredAt = new Date(occurredText);
    if (!startsWithCalendarDay(occurredText) || Number.isNaN(occurredAt.getTime()))
      throw new FieldError(
        'occurred_at',
        `expected an ISO 8601 time such as 2026-11-29T12:00:00Z, got "${occurredText}"`,
      );
  }

  return { kind: kind as ConversionKind, campaignId, externalId, clickId, amount, code, occurredAt, source };
}
