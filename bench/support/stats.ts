// Medians with min and max over the rounds: other work on a shared machine only ever slows a round
// down, so the spread says how much to trust the median.

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** `1,234 (1,100–1,300)`, or with digits for small figures. */
export function formatSpread({ median, min, max }: Spread, digits = 0): string {
  const format = (value: number) => value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return `${format(median)} (${format(min)}–${format(max)})`;
}

export const MiB = 1024 * 1024;
