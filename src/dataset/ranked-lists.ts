/**
 * Rules for ranked lists that JSON Schema cannot say: one protocol/port or
 * region once per list; packets for every entry or ranks for every entry;
 * ranks that a ranking could have produced; named rankings that are unique
 * and whose scope names something the dataset has.
 */
import type { PathSegment } from '../json-source.js';
import { entryKey, KNOWN_PROTOCOLS, normalizeProtocol, PORTED, suggestProtocol } from './protocols.js';

export interface RuleFinding {
  path: PathSegment[];
  ruleId: string;
  expected: string;
  found: string;
  /** Point at the key of an object member rather than its value. */
  atKey?: boolean;
}

export type Raw = Record<string, unknown>;
export const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isString = (value: unknown): value is string => typeof value === 'string';
const isRank = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;

// Made on first use: a dataset without countries never waits for ICU's region names.
let regionNames: Intl.DisplayNames | undefined;
/**
 * An assigned ISO 3166-1 alpha-2 code: one Intl can name, that is no alias of
 * another (DD, SU, UK, YU, ZR), and not one of the codes CLDR adds for other
 * uses (EU, EZ, UN, QO, ZZ, the private-use AA, QM-QZ, XA-XZ but Kosovo's XK, and the
 * exceptionally reserved AC, CP, DG, EA, IC, TA).
 */
export const isKnownRegion = (code: string): boolean =>
  !/^(AA|Q[M-Z]|X[A-JL-Z]|ZZ|EU|EZ|UN|AC|CP|DG|EA|IC|TA)$/.test(code) &&
  Intl.getCanonicalLocales(`und-${code}`)[0] === `und-${code}` &&
  (regionNames ??= new Intl.DisplayNames('en', { type: 'region', fallback: 'none' })).of(code) !== undefined;

/** Codes people write for a country that ISO spells otherwise, beyond the aliases Intl knows (UK → GB, SU → RU). */
const COMMON_MISTAKES: Readonly<Record<string, string>> = { EL: 'GR' };

/**
 * A code that is no assigned country, as a finding's `found`, with the code meant where one is plain:
 * `"UK" (the ISO code of the United Kingdom is GB)`.
 */
export function unknownCountry(code: string): string {
  let meant: string | undefined = COMMON_MISTAKES[code];
  try {
    meant ??= Intl.getCanonicalLocales(`und-${code}`)[0]!.slice(4) || undefined;
  } catch {
    meant = undefined;
  }
  if (meant === undefined || meant === code || !isKnownRegion(meant)) return JSON.stringify(code);
  return `${JSON.stringify(code)} (the ISO code of ${regionNames!.of(meant)} is ${meant})`;
}

/**
 * Where each port of a ported protocol was first seen in the list being checked: a table per
 * protocol, read by port number, that holds for a list while its stamp is that list's. A thousand
 * lists of a thousand entries then need no thousand maps of a thousand keys, nor clearing.
 */
interface PortTable {
  stamps: Int32Array;
  first: Int32Array;
}
const portTables = new Map<string, PortTable>();
let listStamp = 0;
const portTable = (upper: string): PortTable => {
  let table = portTables.get(upper);
  if (!table) portTables.set(upper, (table = { stamps: new Int32Array(65536), first: new Int32Array(65536) }));
  return table;
};
const isTablePort = (port: unknown): port is number => Number.isInteger(port) && (port as number) >= 0 && (port as number) <= 65535;
/** The index first seen at a port of a table in the list stamped so; undefined (and this index noted) when none was. */
function firstAt(table: PortTable, port: number, stamp: number, index: number): number | undefined {
  if (table.stamps[port] === stamp) return table.first[port];
  table.stamps[port] = stamp;
  table.first[port] = index;
  return undefined;
}
/** `23/TCP` written as a protocol's name: entryKey makes it the same entry as TCP port 23. */
const PORT_AND_PROTOCOL = /^(\d{1,5})\/(TCP|UDP|SCTP)$/;

/** A list of protocol/port entries: known protocols, ports where they belong, each once, and one way of ranking. */
export function checkEntries(entries: unknown, at: PathSegment[], findings: RuleFinding[], options: ListOptions = {}): void {
  if (!Array.isArray(entries)) return;
  if (++listStamp === 2 ** 31 - 1) {
    portTables.clear();
    listStamp = 1;
  }
  const stamp = listStamp;
  // The first entry of each entryKey the port tables do not hold: a list of a million entries builds
  // no key string and no path for an entry with a port that is fine.
  const seen = new Map<string, number>();
  // What was found of the protocol of the entry before, which is often the same.
  let last: string | undefined;
  let upper = '';
  let known = false;
  let ported = false;
  let table: PortTable | undefined;
  // Entries with a previous rank where none belongs: reported after the list's other findings.
  const misplaced: number[] = [];
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    if (!isObject(entry)) continue;
    if (options.previousAllowed === false && entry.previousRank !== undefined) misplaced.push(index);
    if (!isString(entry.protocol) || entry.protocol === '') continue;
    const { protocol, port } = entry;
    if (protocol !== last) {
      last = protocol;
      upper = normalizeProtocol(protocol);
      known = KNOWN_PROTOCOLS.has(upper);
      ported = PORTED.has(upper);
      table = ported ? portTable(upper) : undefined;
    }
    if (!known) {
      const suggestion = suggestProtocol(protocol);
      findings.push({
        path: [...at, index, 'protocol'],
        ruleId: 'unknown-protocol',
        expected: `an IANA protocol keyword such as TCP, UDP, ICMP or GRE${suggestion ? ` (did you mean ${suggestion}?)` : ''}`,
        found: JSON.stringify(protocol),
      });
    }
    const hasPort = port !== undefined;
    if (ported && !hasPort) {
      findings.push({ path: [...at, index], ruleId: 'port-required', expected: `a port (0-65535) for ${upper}`, found: 'no port' });
      continue;
    }
    if (!ported && hasPort) {
      findings.push({
        path: [...at, index, 'port'],
        ruleId: 'port-forbidden',
        expected: `no port: ${upper} has none (only TCP, UDP and SCTP do)`,
        found: `port ${JSON.stringify(port)}`,
      });
      continue;
    }
    if (hasPort && typeof port !== 'number') continue;
    // Entries are the same when their entryKey is.
    let earlier: number | undefined;
    if (table && isTablePort(port)) earlier = firstAt(table, port, stamp, index);
    else {
      const key = entryKey({ protocol: upper, port: port as number | undefined });
      const named = PORT_AND_PROTOCOL.exec(key);
      if (named && String(Number(named[1])) === named[1] && isTablePort(Number(named[1])))
        earlier = firstAt(portTable(named[2]!), Number(named[1]), stamp, index);
      else {
        earlier = seen.get(key);
        if (earlier === undefined) seen.set(key, index);
      }
    }
    if (earlier !== undefined) {
      const key = entryKey({ protocol, port: port as number | undefined });
      findings.push({
        path: [...at, index],
        ruleId: 'duplicate-entry',
        expected: 'each protocol/port at most once in a list',
        found: `${key} again, first at [${earlier}]`,
      });
    }
  }
  if (!options.countsRequired) checkStandings(entries, at, findings, options.previousTop, options.complete ?? true);
  for (const index of misplaced) {
    findings.push({
      path: [...at, index, 'previousRank'],
      ruleId: 'unknown-field',
      expected: 'only protocol, port and packets or rank here: previous ranks belong to the entries of rankings',
      found: '"previousRank"',
      atKey: true,
    });
  }
}

export interface ListOptions {
  /** Version 1: the schema already requires packets of every entry. */
  countsRequired?: boolean;
  /** How long the previous period's list was: a previous rank beyond it cannot be. */
  previousTop?: number;
  /** False for a list known only in part. */
  complete?: boolean;
  /** Only a named ranking is compared with a previous period: elsewhere a previous rank would be ignored. */
  previousAllowed?: boolean;
}

/** A list of source regions: known country codes, each once, and one way of ranking. */
function checkRegionEntries(entries: unknown, at: PathSegment[], findings: RuleFinding[], previousTop?: number, complete = true): void {
  if (!Array.isArray(entries)) return;
  const seen = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!isObject(entry) || !isString(entry.region) || !/^[A-Z]{2}$/.test(entry.region)) return;
    if (!isKnownRegion(entry.region)) {
      findings.push({
        path: [...at, index, 'region'],
        ruleId: 'unknown-country',
        expected: 'an ISO 3166-1 alpha-2 country or region code',
        found: unknownCountry(entry.region),
      });
    }
    const earlier = seen.get(entry.region);
    if (earlier !== undefined) {
      findings.push({
        path: [...at, index],
        ruleId: 'duplicate-entry',
        expected: 'each region at most once in a list',
        found: `${entry.region} again, first at [${earlier}]`,
      });
    } else seen.set(entry.region, index);
  });
  checkStandings(entries, at, findings, previousTop, complete);
}

/**
 * Every entry counted (packets) or every entry ranked (rank), never a mix; and given ranks that
 * competition ranking could produce: an entry's rank is 1 + the number of entries ranked ahead of it.
 */
function checkStandings(
  entries: unknown[],
  at: PathSegment[],
  findings: RuleFinding[],
  previousTop: number | undefined,
  complete = true,
): void {
  const objects = entries.map((entry, index) => ({ entry, index })).filter((e): e is { entry: Raw; index: number } => isObject(e.entry));
  const counted = objects.filter(({ entry }) => entry.packets !== undefined);
  const ranked = objects.filter(({ entry }) => entry.rank !== undefined);
  // Previous ranks of the entries listed: a tie at one rank leaves the next ranks free (1, 1, 3), never fewer.
  const previous = objects
    .filter(({ entry }) => isRank(entry.previousRank))
    .map(({ entry, index }) => ({ rank: entry.previousRank as number, index }));
  const sortedPrevious = [...previous].sort((a, b) => a.rank - b.rank);
  const previousAhead = new Map<number, number>();
  sortedPrevious.forEach((r, i) => {
    if (!previousAhead.has(r.rank)) previousAhead.set(r.rank, i);
  });
  for (const { rank, index } of previous) {
    const ahead = previousAhead.get(rank)!;
    if (rank < ahead + 1) {
      findings.push({
        path: [...at, index, 'previousRank'],
        ruleId: 'inconsistent-rank',
        expected: `a previous rank of at least ${ahead + 1}: ${ahead} listed ${ahead === 1 ? 'entry stood' : 'entries stood'} ahead of it`,
        found: String(rank),
      });
      break;
    }
  }
  for (const { entry, index } of objects) {
    if (entry.packets === undefined && entry.rank === undefined) {
      findings.push({
        path: [...at, index],
        ruleId: 'missing-field',
        expected: 'packets (a number) or rank (a whole number from 1)',
        found: 'neither',
      });
    }
    if (previousTop !== undefined && isRank(entry.previousRank) && entry.previousRank > previousTop) {
      findings.push({
        path: [...at, index, 'previousRank'],
        ruleId: 'out-of-range',
        expected: `a previous rank within the previous top ${previousTop} (previousTop), or null`,
        found: String(entry.previousRank),
      });
    }
  }
  if (counted.length > 0 && ranked.length > 0) {
    const [first, other] = counted[0]!.index < ranked[0]!.index ? [counted[0]!, ranked[0]!] : [ranked[0]!, counted[0]!];
    const word = (e: { entry: Raw }) =>
      e.entry.packets !== undefined && e.entry.rank !== undefined
        ? 'both packets and rank'
        : e.entry.packets !== undefined
          ? 'packets'
          : 'rank';
    findings.push({
      path: [...at, other.index],
      ruleId: 'mixed-standing',
      expected: 'packets for every entry of a list, or rank for every entry',
      found: other === first ? `${word(other)}` : `${word(other)} here, ${word(first)} at [${first.index}]`,
    });
    return;
  }
  const ranks = ranked.filter(({ entry }) => isRank(entry.rank)).map(({ entry, index }) => ({ rank: entry.rank as number, index }));
  if (ranks.length !== ranked.length) return;
  // How many entries rank ahead of each rank given: one sort, one pass.
  const sorted = [...ranks].sort((a, b) => a.rank - b.rank);
  const aheadOf = new Map<number, number>();
  sorted.forEach((r, i) => {
    if (!aheadOf.has(r.rank)) aheadOf.set(r.rank, i);
  });
  for (const { rank, index } of ranks) {
    const ahead = aheadOf.get(rank)!;
    // A list known only in part may lack entries ahead: its ranks may skip more, never less.
    if (complete ? rank !== ahead + 1 : rank < ahead + 1) {
      findings.push({
        path: [...at, index, 'rank'],
        ruleId: 'inconsistent-rank',
        expected: `rank ${ahead + 1}: one more than the ${ahead} ${ahead === 1 ? 'entry' : 'entries'} ranked ahead of it (ties share a rank, and the next rank skips: 1, 2, 2, 4)`,
        found: String(rank),
      });
      return;
    }
  }
}

/** Named rankings: unique ids, a scope naming one thing that exists, and lists as above. */
export function checkRankings(rankings: unknown, sensorIds: Set<string>, findings: RuleFinding[]): void {
  if (!Array.isArray(rankings)) return;
  const firstIndex = new Map<string, number>();
  rankings.forEach((ranking, index) => {
    if (!isObject(ranking)) return;
    const here: PathSegment[] = ['rankings', index];
    if (isString(ranking.id)) {
      const earlier = firstIndex.get(ranking.id);
      if (earlier !== undefined)
        findings.push({
          path: [...here, 'id'],
          ruleId: 'duplicate-ranking',
          expected: 'an id that no other ranking has',
          found: `${JSON.stringify(ranking.id)}, already the id of rankings[${earlier}]`,
        });
      else firstIndex.set(ranking.id, index);
    }
    const scope = ranking.scope;
    if (isObject(scope)) {
      const named = Object.keys(scope).filter((key) => scope[key] !== undefined);
      if (named.length > 1)
        findings.push({
          path: [...here, 'scope'],
          ruleId: 'invalid-scope',
          expected: 'at most one of region, sensor, sourceCountry',
          found: named.join(' and '),
        });
      if (isString(scope.sensor) && !sensorIds.has(scope.sensor)) {
        findings.push({
          path: [...here, 'scope', 'sensor'],
          ruleId: 'unknown-sensor',
          expected: `the id of a sensor in sensors (${[...sensorIds].map((k) => JSON.stringify(k)).join(', ') || 'none defined'})`,
          found: JSON.stringify(scope.sensor),
        });
      }
      if (isString(scope.sourceCountry) && /^[A-Z]{2}$/.test(scope.sourceCountry) && !isKnownRegion(scope.sourceCountry)) {
        findings.push({
          path: [...here, 'scope', 'sourceCountry'],
          ruleId: 'unknown-country',
          expected: 'an ISO 3166-1 alpha-2 country code',
          found: unknownCountry(scope.sourceCountry),
        });
      }
    }
    const previousTop = isRank(ranking.previousTop) ? ranking.previousTop : undefined;
    const complete = ranking.complete !== false;
    if (ranking.subject === 'port')
      checkEntries(ranking.entries, [...here, 'entries'], findings, { ...(previousTop === undefined ? {} : { previousTop }), complete });
    if (ranking.subject === 'region') checkRegionEntries(ranking.entries, [...here, 'entries'], findings, previousTop, complete);
  });
}
