// Did-you-mean for names a person typed: a bounded edit distance and a per-validation budget.
// Free of zod and of the definition schema on purpose: the state machine (and so every cached
// case workflow) imports it through the step registry, and each cached workflow evaluates its
// own copy of every module it reaches (see bench/RESULTS.md, "Where the worker's memory goes").
import { MAX_NAME_LENGTH, MAX_SUGGESTION_DISTANCE } from './limits';

/**
 * Edit distance between two words (insertions, deletions, substitutions), or `limit + 1` as
 * soon as it is certain to exceed `limit`. Only the diagonal band of width `limit` is
 * computed, so the work is about length × limit, whatever the words.
 */
export function levenshtein(a: string, b: string, limit = Math.max(a.length, b.length)): number {
  const over = limit + 1;
  if (Math.abs(a.length - b.length) > limit) return over;
  // Two rows, reused: cells outside the band stay at `over`.
  let previous = new Int32Array(b.length + 1).fill(over);
  let current = new Int32Array(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, limit); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - limit);
    const to = Math.min(b.length, i + limit);
    current[from - 1] = from === 1 && i <= limit ? i : over;
    let rowMinimum = current[from - 1] ?? over;
    for (let j = from; j <= to; j++) {
      const substitution = (previous[j - 1] ?? over) + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1);
      const cell = Math.min((previous[j] ?? over) + 1, (current[j - 1] ?? over) + 1, substitution, over);
      current[j] = cell;
      if (cell < rowMinimum) rowMinimum = cell;
    }
    if (to < b.length) current[to + 1] = over;
    if (rowMinimum > limit) return over;
    [previous, current] = [current, previous];
  }
  return Math.min(previous[b.length] ?? over, over);
}

/**
 * The closest candidate to a misspelt word, if it is close enough to be a likely typo. Only
 * names of a possible length (MAX_NAME_LENGTH) and candidates within the tolerance in length
 * are compared, each with a distance bounded by the tolerance (at most three edits): a
 * suggestion costs at most candidates × 64 × 7 steps, however long the text sent.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length === 0 || word.length > MAX_NAME_LENGTH) return undefined;
  // Short words only forgive one slip, so "sw" is not taken for "en"; none more than three.
  const tolerance = Math.min(
    MAX_SUGGESTION_DISTANCE,
    Math.max(word.length >= 5 ? 2 : 1, Math.floor(word.length / 3)),
  );
  const lower = word.toLowerCase();
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) return undefined;
    if (Math.abs(candidate.length - word.length) > tolerance) continue;
    const other = candidate.toLowerCase();
    const distance = levenshtein(lower, other, tolerance) + (other === lower ? 0.5 : 0);
    if (!best || distance < best.distance) best = { candidate, distance };
  }
  return best && best.distance <= tolerance ? best.candidate : undefined;
}

// How many more suggestions the validation under way may compute (see withSuggestionBudget).
let suggestionsLeft = Number.POSITIVE_INFINITY;

/**
 * Runs a validation that computes at most `count` suggestions: problems past the ones a person
 * is shown still get reported, without a "did you mean". Validation is synchronous, so the
 * budget belongs to the one under way; a nested validation gets its own and gives it back.
 */
export function withSuggestionBudget<T>(count: number, work: () => T): T {
  const saved = suggestionsLeft;
  suggestionsLeft = count;
  try {
    return work();
  } finally {
    suggestionsLeft = saved;
  }
}

/** ` — did you mean "interview"?` or nothing. */
export function suggestion(word: string, candidates: Iterable<string>): string {
  if (suggestionsLeft <= 0) return '';
  suggestionsLeft -= 1;
  const match = closest(word, candidates);
  return match ? ` — did you mean "${match}"?` : '';
}
