// Every format realreach reads, in the order detection tries them (the most specific first).
import type { Format } from '../format.ts';
import { realreachCsv, realreachJson } from './realreach.ts';
import { xV1Csv, xV1Json } from './x-v1.ts';

export const FORMATS: readonly Format[] = [realreachJson, realreachCsv, xV1Json, xV1Csv];

export function findFormat(name: string): Format | undefined {
  return FORMATS.find((format) => format.name === name);
}
