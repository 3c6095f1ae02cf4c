/**
 * What a name-based classifier does: keywords in the filename → label, else the most common label.
 * The report compares the CNN with it, to show what content buys over names.
 */
export function filenameBaseline(labels: readonly string[], fallback: string): (filename: string) => string {
  const keywords = labels.map((label) => ({ label, words: label.split('_') }));
  return (filename) => {
    const name = filename.toLowerCase().replace(/[^a-z]+/g, ' ');
    const match = keywords.find(({ words }) => words.every((w) => name.includes(w)));
    return match?.label ?? fallback;
  };
}
