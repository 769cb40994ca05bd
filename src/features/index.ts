// The public API of features: the feature list and the extractors from Account to number rows.
export { accountAgeDays } from './account-age.ts';
export { featureCoverage } from './coverage.ts';
export {
  ALL_FEATURES,
  extractFeatures,
  extractMatrix,
  type FeatureSet,
  selectFeatures,
} from './extract.ts';
export { FEATURE_SET_VERSION, FEATURES, type FeatureSpec, GENERAL_FEATURES } from './feature-list.ts';
export { joinWords } from './reason-wording.ts';
