// What reading followers through the X API costs on pay-per-use: the estimate `realreach fetch x:…` shows before it spends anything.

/** USD per user object read on X's pay-per-use plan, as published in 2026; `--price-per-follower` overrides it. */
export const X_PRICE_PER_FOLLOWER_USD = 0.01;

export interface XReadCost {
  followers: number;
  pricePerFollowerUsd: number;
  usd: number;
}

export function estimateXReadCost(followers: number, pricePerFollowerUsd: number): XReadCost {
  return { followers, pricePerFollowerUsd, usd: Math.round(followers * pricePerFollowerUsd * 100) / 100 };
}
