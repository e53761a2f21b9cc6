/**
 * Full-text search for Chinese text over SQLite FTS5 (and PostgreSQL's
 * tsvector with the same text, migration 0014 of the district schema).
 *
 * FTS5's trigram tokenizer cannot answer queries shorter than three
 * characters from its index, and two-character words are the common case in
 * Chinese (盗窃, 纠纷, 火情). A LIKE fallback scans every row when the word is
 * rare (measured in scripts/bench/events.bench.ts). So the text is split here
 * into overlapping bigrams, stored in a contentless FTS5 table with the
 * unicode61 tokenizer (which keeps each space-separated bigram whole), and a
 * query of n ≥ 2 characters becomes the phrase of its n − 1 bigrams: adjacent
 * bigrams in order are exactly the substring. Each run also ends with its last
 * character alone so one-character queries work as a prefix query.
 */

/** Letters and digits (any script) form runs; everything else separates them. */
const RUN = /[\p{L}\p{N}]+/gu

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

function runsOf(text: string): string[][] {
  return (normalize(text).match(RUN) ?? []).map((r) => Array.from(r))
}

/** The indexed form of a text: space-separated bigrams (plus each run's last character). */
export function bigramText(text: string): string {
  const out: string[] = []
  for (const chars of runsOf(text)) {
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1])
    out.push(chars[chars.length - 1])
  }
  return out.join(' ')
}

/**
 * What a user's query asks for: each run of two or more characters as the
 * phrase of its bigrams, a one-character run as a prefix. Every term must
 * occur (AND).
 */
export type BigramTerm = { phrase: string[] } | { prefix: string }

export function bigramTerms(query: string): BigramTerm[] {
  return runsOf(query).map((chars) => {
    // a single character: any bigram starting with it, or a run ending with it
    if (chars.length === 1) return { prefix: chars[0] }
    const grams: string[] = []
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1])
    return { phrase: grams }
  })
}

/** The terms as an FTS5 MATCH expression (SQLite). */
export function ftsMatch(terms: readonly BigramTerm[]): string {
  return terms
    .map((t) => ('prefix' in t ? `"${t.prefix}"*` : `"${t.phrase.join(' ')}"`))
    .join(' AND ')
}

/**
 * The same terms as PostgreSQL tsquery text (`<->` is "followed by", `:*` a
 * prefix). Bigrams hold letters and digits only, so none needs quoting.
 */
export function tsQuery(terms: readonly BigramTerm[]): string {
  return terms
    .map((t) => ('prefix' in t ? `${t.prefix}:*` : `(${t.phrase.join(' <-> ')})`))
    .join(' & ')
}

/**
 * The FTS5 MATCH expression for a user's query, or null when it has nothing
 * searchable.
 */
export function bigramQuery(query: string): string | null {
  const terms = bigramTerms(query)
  return terms.length ? ftsMatch(terms) : null
}

/** The query's searchable runs (for highlighting in the UI). */
export function queryTerms(query: string): string[] {
  return (normalize(query).match(RUN) ?? []).filter((t) => t.length > 0)
}
