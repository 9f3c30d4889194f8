/**
 * `<UTC yyyyMMddHHmmss>_<name>`, as `prisma migrate dev` names them, one second apart and after
 * every existing folder: Prisma applies migrations in folder-name order.
 */
export function migrationFolderNames(existing: readonly string[], now: Date, names: readonly string[]): string[] {
  const latest = existing.map((folder) => folder.slice(0, 14)).filter((stamp) => /^\d{14}$/.test(stamp)).sort().at(-1);
  let time = Math.floor(now.getTime() / 1000) * 1000;
  if (latest !== undefined) time = Math.max(time, parseStamp(latest) + 1000);
  return names.map((name, index) => `${formatStamp(new Date(time + index * 1000))}_${name.replace(/^\d{14}_/, "")}`);
}

const formatStamp = (date: Date) => date.toISOString().replace(/\D/g, "").slice(0, 14);
const parseStamp = (stamp: string) =>
  Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8), +stamp.slice(8, 10), +stamp.slice(10, 12), +stamp.slice(12, 14));
