// Where a series changes regime: Bayesian online change-point detection (Adams & MacKay 2007) from grafana's augurs (WASM).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ChangepointDetector, initSync } from '@bsull/augurs/changepoint';

let ready = false;

/** augurs ships its WASM beside its JS; Node has no fetch of file URLs, so the module is compiled from the bytes. */
function loadAugurs(): void {
  if (ready) return;
  const entry = createRequire(import.meta.url).resolve('@bsull/augurs/changepoint');
  initSync({ module: readFileSync(entry.replace(/changepoint\.js$/, 'changepoint_bg.wasm')) });
  ready = true;
}

export interface ChangePointOptions {
  /** Expected days between changes (the hazard's λ): larger means fewer change points a priori. */
  expectedRunLength: number;
}

/**
 * Indices where a new regime most likely starts (never 0). The values should be standardised (noise about 1):
 * the detector's Normal-Gamma prior assumes it.
 */
export function findChangePoints(values: Float64Array, options: ChangePointOptions): number[] {
  if (values.length < 3) return [];
  loadAugurs();
  const detector = ChangepointDetector.normalGamma({ hazardLambda: options.expectedRunLength });
  try {
    return detector.detectChangepoints(values).indices.filter((index) => index > 0);
  } finally {
    detector.free();
  }
}
