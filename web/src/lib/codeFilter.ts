/** Picking a coded value by its code ("01"), characters ("汉") or pinyin initials ("hz"). */

export interface CodeEntry {
  code: string;
  name: string;
  initials: string;
}

/** 0 exact, 1 prefix, 2 contained; null no match (the same order as the server's search). */
export function matchRank(entry: CodeEntry, query: string): number | null {
  const q = query.trim();
  if (!q) return 2;
  const low = q.toLowerCase();
  if (/^\d+$/.test(q) || /^[A-Z0-9]+$/.test(q)) {
    if (entry.code === q) return 0;
    if (entry.code.startsWith(q)) return 1;
  }
  if (/^[a-z]+$/i.test(q)) {
    const initials = entry.initials.toLowerCase();
    if (initials === low) return 0;
    if (initials.startsWith(low)) return 1;
    if (entry.code.toLowerCase() === low) return 0;
    if (entry.code.toLowerCase().startsWith(low)) return 1;
    return null;
  }
  if (entry.name === q) return 0;
  if (entry.name.startsWith(q)) return 1;
  if (entry.name.includes(q)) return 2;
  return null;
}

export function matchesCode(entry: CodeEntry, query: string): boolean {
  return matchRank(entry, query) !== null;
}

/** The entries that match, best first (stable within a rank). */
export function filterCodes<T extends CodeEntry>(entries: readonly T[], query: string): T[] {
  if (!query.trim()) return [...entries];
  return entries
    .map((entry, index) => ({ entry, index, rank: matchRank(entry, query) }))
    .filter((r): r is { entry: T; index: number; rank: number } => r.rank !== null)
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((r) => r.entry);
}
