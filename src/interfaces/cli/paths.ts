// Where the CLI finds things by default: the package root, and the labelled datasets beside the checkout.
import { resolve } from 'node:path';

export const PACKAGE_ROOT = resolve(import.meta.dirname, '..', '..', '..');

/** The research datasets: $REALREACH_DATASETS, else ../shared/datasets beside the package. */
export function defaultDatasetsDir(): string {
  return process.env.REALREACH_DATASETS ?? resolve(PACKAGE_ROOT, '..', 'shared', 'datasets');
}

/** Where a user learns what the datasets are, where each comes from and how to lay them out. */
export const DATASETS_DOC = 'docs/DATASETS.md says where each collection comes from and how to lay them out';
