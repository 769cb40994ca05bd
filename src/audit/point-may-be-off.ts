// Whether an audit's point figure may be off — the shift test fired and no labels settled it — so that every face of the audit shows its range first.
import type { AuditReport } from './report-schema.ts';

/**
 * True when the shift test fired and the audit was not settled by labels (`audit --labels`): the interval still
 * holds, but the point reading can be far off (EVALUATION.md, "The shift test"), so it must not be shown as sure.
 */
export function pointMayBeOff(report: Pick<AuditReport, 'domainShift' | 'verification'>): boolean {
  return report.domainShift.large && report.verification === undefined;
}

/**
 * The same, read from a saved audit's headline alone (the audits list keeps the headline, not the report): such a
 * headline says the reading "may be off" — as it did before the range led, "caution: this figure may be off".
 */
export function headlineSaysMayBeOff(headline: string): boolean {
  return headline.includes('may be off');
}
