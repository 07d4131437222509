/**
 * Levenshtein edit distance between two strings (insertions, deletions, substitutions); pure.
 * Two rows of the table suffice, so it is O(|a|·|b|) time and O(|b|) space.
 */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** camelCase or kebab-case text in snake_case (`maxPositionPct` → `max_position_pct`); pure. */
export function toSnakeCase(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/-/g, '_').toLowerCase();
}

/**
 * The known key a mistyped key most likely meant, or undefined when none is close; pure.
 * A camelCase spelling of a snake_case key is always recognised. Otherwise the closest key wins
 * if it is within a third of the longer key's length (at least 1 edit), ties going to the
 * alphabetically first, so that `max_postion_pct` finds `max_position_pct` but `foo` finds nothing.
 */
export function suggestKey(unknown: string, known: readonly string[]): string | undefined {
  const snake = toSnakeCase(unknown);
  if (snake !== unknown && known.includes(snake)) return snake;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const key of [...known].sort()) {
    const d = editDistance(snake, key);
    const limit = Math.max(1, Math.floor(Math.max(snake.length, key.length) / 3));
    if (d <= limit && d < bestDistance) {
      best = key;
      bestDistance = d;
    }
  }
  return best;
}
