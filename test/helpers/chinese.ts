/**
 * Catches English mixed into a Chinese message. What may stay as written is taken
 * out first: field paths (stations[2].staff, demand.surge), names in camelCase
 * (maxStaff), --flags, media types, anything quoted ("late:<rule><=5%", `scenario`, 'x') or in
 * braces (an example value {dist: lognormal, mean: 12}), HTTP routes, file names,
 * numbers with their units (30min, 1.5h, 5%, 512 KiB), the product terms (QC, pp,
 * YAML, JSON...) and the ids and user input a test passes in `allow`. Any run of
 * three or more ASCII letters left over is English.
 */
import { expect } from "vitest";

/** Words that stay as they are in a Chinese message: product terms, formats, values a user types. */
const TERMS = ["QC", "pp", "YAML", "JSON", "UTF-8", "GBK", "ANSI", "NUL", "Tab", "Excel", "Word", "PDF", "zip", "gzip", "KiB", "MiB", "true", "false", "null", "NaN", "Ctrl-C", "IANA"];

const STRIP: RegExp[] = [
  /`[^`]*`/g,
  /"(?:[^"\\]|\\.)*"/g,
  /'[^']*'/g,
  /\{[^{}]*\}/g,
  /\b(?:GET|POST|PUT|DELETE)\s+\/\S*/g,
  /(?:^|\s)\/[\w/{}.:-]+/g,
  /--[a-z][a-z0-9-]*(?:=\S*)?/g,
  // Media types and the header that names them.
  /\b(?:application|text)\/[\w.+-]+/g,
  /\bContent-Type\b/g,
  // YAML's anchors and aliases (&name, *name).
  /[&*][A-Za-z]\w*/g,
  /[\w./-]*\.(?:ya?ml|json|xlsx?|csv|html?|txt|docx?|pdf)\b/g,
  // Field paths: names joined by dots or followed by [i] / ["key"].
  /\b[A-Za-z_][\w-]*(?:(?:\.[A-Za-z_][\w-]*)|\[\d+\])+/g,
  // camelCase field names (maxStaff, minCrew, allowTemps).
  /\b[a-z]+(?:[A-Z][a-z0-9]*)+\b/g,
  /\d+(?:\.\d+)?(?:e[+-]?\d+)?\s*(?:KiB|MiB|min|pp|h|s|d|m|%)?/g,
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The runs of three or more ASCII letters left in `text` once the allowed tokens and `allow` are taken out. */
export function englishLeft(text: string, allow: readonly string[] = []): string[] {
  let t = text;
  // Longest first, so an echoed input is taken out whole before a word inside it; a word
  // in a field path or a media type (demand.surj, text/yaml) is left for it to be taken out whole.
  for (const a of [...allow].sort((x, y) => y.length - x.length)) if (a) t = t.replace(new RegExp(`(?<![\\w./\\]-])${escape(a)}(?![\\w./[-])`, "g"), " ");
  for (const re of STRIP) t = t.replace(re, " ");
  for (const w of TERMS) t = t.replace(new RegExp(`(?<![A-Za-z])${escape(w)}(?![A-Za-z])`, "g"), " ");
  return t.match(/[A-Za-z]{3,}/g) ?? [];
}

/** Fails when `text` is not Chinese throughout: it must hold Chinese, and no English beyond the allowed tokens (see englishLeft). */
export function expectFullyChinese(text: string | undefined, allow: readonly string[] = []): void {
  expect(text, "no Chinese text").toBeTypeOf("string");
  expect(text, text).toMatch(/[\u4e00-\u9fff]/);
  expect(englishLeft(text!, allow), text).toEqual([]);
}
