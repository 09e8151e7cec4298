import type { AttrType } from './filter.types';

export type CoerceResult = { ok: true; value: string | number | boolean } | { ok: false; reason: string };

// Plain decimal notation only: no hex, no "Infinity", no surrounding blanks.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

// A calendar date, or a date-time that names its offset: an instant must not
// depend on the server's time zone.
const ISO_8601 = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2}))?$/;

// The range a JavaScript Date can hold; it also fits a Postgres bigint.
const MAX_EPOCH_MS = 8.64e15;

/** Coerce one filter value (string or JSON scalar) to the attribute's declared type. */
export function coerceValue(raw: unknown, type: AttrType): CoerceResult {
  switch (type) {
    case 'string':
      return coerceString(raw);
    case 'number':
      return coerceNumber(raw);
    case 'boolean':
      return coerceBoolean(raw);
    case 'time':
      return coerceTime(raw);
    default:
      return { ok: false, reason: `attribute has unknown type "${String(type)}"` };
  }
}

export function describeValue(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = String(raw);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function coerceString(raw: unknown): CoerceResult {
  if (typeof raw === 'string') return { ok: true, value: raw };
  // A JSON body may say 123 for a string attribute such as a SKU; the text is unambiguous.
  if (typeof raw === 'number' && Number.isFinite(raw)) return { ok: true, value: String(raw) };
  if (typeof raw === 'boolean') return { ok: true, value: String(raw) };
  return { ok: false, reason: `value ${describeValue(raw)} is not a string` };
}

function parseNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && DECIMAL.test(raw)) {
    const n = Number(raw);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function coerceNumber(raw: unknown): CoerceResult {
  const n = parseNumber(raw);
  if (n === undefined) return { ok: false, reason: `value ${describeValue(raw)} is not a number` };
  // -0 and 0 are the same filter; keep one spelling so SQL params and JSON agree.
  return { ok: true, value: n === 0 ? 0 : n };
}

function coerceBoolean(raw: unknown): CoerceResult {
  if (raw === true || raw === 'true') return { ok: true, value: true };
  if (raw === false || raw === 'false') return { ok: true, value: false };
  return { ok: false, reason: `value ${describeValue(raw)} is not a boolean (true or false)` };
}

function coerceTime(raw: unknown): CoerceResult {
  const bad: CoerceResult = {
    ok: false,
    reason: `value ${describeValue(raw)} is not a time (ISO 8601 with offset, or unix seconds)`,
  };
  let ms: number | undefined;
  const seconds = parseNumber(raw);
  if (seconds !== undefined) ms = Math.round(seconds * 1000);
  else if (typeof raw === 'string') ms = parseIso8601(raw);
  if (ms === undefined || !Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) return bad;
  return { ok: true, value: ms === 0 ? 0 : ms };
}

/** Epoch milliseconds of a strict ISO 8601 date or date-time, or undefined. Fractions finer than 1 ms are truncated. */
export function parseIso8601(text: string): number | undefined {
  const m = ISO_8601.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', offset = 'Z'] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const millis = Number(frac.padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 to 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1) return undefined; // 2024-02-30 rolled over
  date.setUTCHours(hour, minute, second, millis);
  let offsetMinutes = 0;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  return date.getTime() - offsetMinutes * 60_000;
}
