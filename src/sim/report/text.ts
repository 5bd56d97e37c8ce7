/**
 * Plain-text tables for the terminal: columns padded by display width (a CJK
 * character takes two columns), numbers right-aligned.
 */

/** Display width of a string in a monospace terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    // East Asian wide and full-width ranges (CJK, Hangul, full-width forms, CJK punctuation).
    const wide =
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) || (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0xa000 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6);
    w += wide ? 2 : 1;
  }
  return w;
}

function pad(s: string, width: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, width - displayWidth(s)));
  return right ? fill + s : s + fill;
}

/**
 * A table as text. `align[j]` "r" right-aligns column j (default: right when every
 * body cell of the column looks numeric).
 */
export function textTable(headers: string[], rows: string[][], align?: ("l" | "r")[]): string {
  const n = headers.length;
  const widths = headers.map((h, j) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[j] ?? ""))));
  const numeric = (s: string) => /^[\s±+\-–∞\d.,%[\]()x/]*$/.test(s);
  const al = align ?? headers.map((_, j) => (rows.length > 0 && rows.every((r) => numeric(r[j] ?? "")) ? "r" : "l"));
  const line = (cells: string[]) =>
    cells
      .slice(0, n)
      .map((c, j) => pad(c ?? "", widths[j], al[j] === "r"))
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "-".repeat(w)).join("  ");
  return [line(headers), rule, ...rows.map(line)].join("\n");
}
