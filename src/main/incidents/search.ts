/**
 * Full-text search for Chinese text over SQLite FTS5.
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
 * The FTS5 MATCH expression for a user's query, or null when it has nothing
 * searchable. Every run of the query must occur as a substring (AND).
 */
export function bigramQuery(query: string): string | null {
  const parts: string[] = []
  for (const chars of runsOf(query)) {
    if (chars.length === 1) {
      // a single character: any bigram starting with it, or a run ending with it
      parts.push(`"${chars[0]}"*`)
      continue
    }
    const grams: string[] = []
    for (let i = 0; i + 1 < chars.length; i++) grams.push(chars[i] + chars[i + 1])
    parts.push(`"${grams.join(' ')}"`)
  }
  return parts.length ? parts.join(' AND ') : null
}

/** The query's searchable runs (for highlighting in the UI). */
export function queryTerms(query: string): string[] {
  return (normalize(query).match(RUN) ?? []).filter((t) => t.length > 0)
}
