const words = (text: string) => text.toLowerCase().replace(/[_-]+/g, ' ').trim();

/**
 * The labels that match what a reviewer typed, best first: those whose name starts with it, then those with
 * a word starting with it, then those containing it anywhere. Underscores count as spaces ("bank st" finds
 * bank_statement).
 */
export function matchingLabels(labels: readonly string[], query: string): string[] {
  const wanted = words(query);
  if (!wanted) return [...labels];
  const rank = (label: string) => {
    const name = words(label);
    if (name.startsWith(wanted)) return 0;
    if (name.includes(` ${wanted}`)) return 1;
    return name.includes(wanted) ? 2 : -1;
  };
  return labels
    .map((label) => ({ label, rank: rank(label) }))
    .filter(({ rank }) => rank >= 0)
    .sort((a, b) => a.rank - b.rank)
    .map(({ label }) => label);
}
