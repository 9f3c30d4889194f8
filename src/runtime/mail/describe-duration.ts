const UNITS: ReadonlyArray<[name: string, milliseconds: number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1_000],
];

/** "1 hour", "3 days", "90 minutes": how the emails tell when a link expires. */
export function describeDuration(milliseconds: number): string {
  for (const [name, size] of UNITS) {
    if (milliseconds >= size && milliseconds % size === 0) {
      const count = milliseconds / size;
      return `${count} ${name}${count === 1 ? "" : "s"}`;
    }
  }
  const seconds = Math.max(1, Math.round(milliseconds / 1_000));
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}
