/**
 * Spark's datetime patterns (https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html),
 * the common subset: y, M (MM, MMM, MMMM), d, D, H, h, k, K, m, s, S (fraction), a, E, z, X/x/Z,
 * quoted text ('...') and literal punctuation. Used by date_format, to_timestamp(s, fmt),
 * unix_timestamp and from_unixtime.
 *
 * ```ts
 * formatWithPattern(0n, "yyyy-MM-dd HH:mm", "UTC"); // "1970-01-01 00:00"
 * parseWithPattern("01/07/2020 00:25", "dd/MM/yyyy HH:mm", "UTC"); // micros
 * ```
 */
import { AnalysisError } from "../../common/errors.js";
import { daysFromCivil, daysInMonth, localToUtcSeconds, timestampFields, zoneOffsetSeconds, splitMicros } from "../../types/datetime.js";

type Token = { kind: "field"; letter: string; count: number } | { kind: "text"; text: string };

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const cache = new Map<string, Token[]>();

function tokenize(pattern: string): Token[] {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const out: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "'") {
      const j = pattern.indexOf("'", i + 1);
      if (j === i + 1) { out.push({ kind: "text", text: "'" }); i += 2; continue; }
      if (j < 0) throw badPattern(pattern);
      out.push({ kind: "text", text: pattern.slice(i + 1, j) }); i = j + 1; continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!"yMdDHhkKmsSaEzXxZuLG".includes(c)) throw badPattern(pattern, c);
      let j = i; while (pattern[j] === c) j++;
      out.push({ kind: "field", letter: c, count: j - i }); i = j; continue;
    }
    out.push({ kind: "text", text: c }); i++;
  }
  cache.set(pattern, out);
  return out;
}

function badPattern(pattern: string, letter?: string): AnalysisError {
  return new AnalysisError(
    `[INVALID_DATETIME_PATTERN] Unrecognized datetime pattern: ${pattern}${letter === undefined ? "" : ` (illegal pattern character '${letter}')`}. SQLSTATE: 22007`,
    { hint: "See https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html for the pattern letters." },
  );
}

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

function offsetText(off: number, letter: string, count: number): string {
  if (off === 0 && letter === "X") return "Z";
  const sign = off < 0 ? "-" : "+";
  const a = Math.abs(off);
  const hh = pad(Math.floor(a / 3600), 2); const mm = pad(Math.floor((a % 3600) / 60), 2);
  if (count === 1) return `${sign}${hh}${mm === "00" ? "" : mm}`;
  if (count === 2 || letter === "Z") return `${sign}${hh}${mm}`;
  return `${sign}${hh}:${mm}`;
}

/** Formats a timestamp (microseconds) in the session zone with a Spark datetime pattern. */
export function formatWithPattern(micros: bigint, pattern: string, tz: string): string {
  const f = timestampFields(micros, tz);
  let s = "";
  for (const t of tokenize(pattern)) {
    if (t.kind === "text") { s += t.text; continue; }
    const c = t.count;
    switch (t.letter) {
      case "y": case "u": s += c === 2 ? pad(((f.y % 100) + 100) % 100, 2) : pad(f.y, c); break;
      case "M": case "L": s += c >= 4 ? MONTHS[f.m - 1]! : c === 3 ? MONTHS[f.m - 1]!.slice(0, 3) : pad(f.m, c); break;
      case "d": s += pad(f.d, c); break;
      case "D": s += pad(f.days - daysFromCivil(f.y, 1, 1) + 1, c); break;
      case "H": s += pad(f.hh, c); break;
      case "k": s += pad(f.hh === 0 ? 24 : f.hh, c); break;
      case "K": s += pad(f.hh % 12, c); break;
      case "h": s += pad(f.hh % 12 === 0 ? 12 : f.hh % 12, c); break;
      case "m": s += pad(f.mm, c); break;
      case "s": s += pad(f.ss, c); break;
      case "S": s += pad(f.micros, 6).padEnd(c, "0").slice(0, c); break;
      case "a": s += f.hh < 12 ? "AM" : "PM"; break;
      case "E": s += c >= 4 ? DAYS[f.dow - 1]! : DAYS[f.dow - 1]!.slice(0, 3); break;
      case "G": s += f.y > 0 ? "AD" : "BC"; break;
      case "z": s += tz; break;
      default: {
        const { seconds } = splitMicros(micros);
        s += offsetText(zoneOffsetSeconds(seconds, tz), t.letter, c);
      }
    }
  }
  return s;
}

/** Parses text with a Spark datetime pattern into microseconds, or null if it does not match. */
export function parseWithPattern(text: string, pattern: string, tz: string): bigint | null {
  const toks = tokenize(pattern);
  let re = "^";
  const fields: { letter: string; count: number }[] = [];
  for (const t of toks) {
    if (t.kind === "text") { re += t.text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); continue; }
    fields.push(t);
    switch (t.letter) {
      case "y": case "u": re += t.count === 2 ? "(\\d{2})" : t.count === 4 ? "([+-]?\\d{4,6})" : "([+-]?\\d{1,6})"; break;
      case "M": case "L": re += t.count >= 4 ? "([A-Za-z]+)" : t.count === 3 ? "([A-Za-z]{3})" : t.count === 2 ? "(\\d{2})" : "(\\d{1,2})"; break;
      case "S": re += `(\\d{1,${Math.max(t.count, 1)}})`; break;
      case "a": re += "([AaPp][Mm])"; break;
      case "E": re += "([A-Za-z]+)"; break;
      case "G": re += "(AD|BC)"; break;
      case "z": re += "([A-Za-z_/+\\-0-9:]+)"; break;
      case "X": case "x": case "Z": re += "(Z|[+-]\\d{2}(?::?\\d{2})?)"; break;
      case "D": re += `(\\d{${t.count},3})`; break;
      default: re += t.count === 2 ? "(\\d{2})" : "(\\d{1,2})";
    }
  }
  const m = new RegExp(`${re}$`).exec(text);
  if (m === null) return null;
  let y = 1970; let mo = 1; let d = 1; let hh = 0; let mi = 0; let ss = 0; let us = 0; let pm: boolean | null = null; let h12 = false;
  let zone: string | null = null;
  fields.forEach((f, i) => {
    const v = m[i + 1]!;
    switch (f.letter) {
      case "y": case "u": y = f.count === 2 ? 2000 + Number(v) : Number(v); break;
      case "M": case "L": mo = f.count >= 3 ? MONTHS.findIndex((n) => n.toLowerCase().startsWith(v.toLowerCase())) + 1 : Number(v); break;
      case "d": d = Number(v); break;
      case "H": case "k": hh = Number(v) % 24; break;
      case "h": case "K": hh = Number(v) % 12; h12 = true; break;
      case "m": mi = Number(v); break;
      case "s": ss = Number(v); break;
      case "S": us = Number(v.padEnd(6, "0").slice(0, 6)); break;
      case "a": pm = v.toLowerCase() === "pm"; break;
      case "X": case "x": case "Z": zone = v === "Z" ? "UTC" : v; break;
      case "z": zone = v; break;
      default: break;
    }
  });
  if (h12 && pm === true) hh += 12;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || mi > 59 || ss > 59) return null;
  const local = daysFromCivil(y, mo, d) * 86400 + hh * 3600 + mi * 60 + ss;
  const utc = localToUtcSeconds(local, zone ?? tz);
  return BigInt(utc) * 1_000_000n + BigInt(us);
}
