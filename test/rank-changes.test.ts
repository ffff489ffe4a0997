/** What moved between two periods' rankings, claimed only where the data decides it. */
import { describe, expect, it } from 'vitest';
import { previousStanding, rankChanges, rankEntries, rankRegions, type PreviousList, type RankedList } from '../src/analysis/index.js';
import type { Entry } from '../src/dataset/index.js';

const port = (port: number, packets: number): Entry => ({ protocol: 'TCP', port, packets });
const ranked = (entries: Entry[]) => rankEntries(entries);
const list = (entries: Entry[], complete = true): RankedList => ({ ranked: ranked(entries), complete });
const previous = (entries: Entry[], complete = true): PreviousList => ({ ranked: ranked(entries), complete });

describe('rank changes against a previous list', () => {
  it('names what rose, fell, stayed, entered and left the top, in table order, then the previous top', () => {
    const now = list([port(23, 90), port(22, 80), port(445, 70), port(80, 60), port(8080, 50)]);
    const before = previous([port(23, 95), port(445, 85), port(22, 75), port(3389, 65), port(80, 40), port(8080, 30)]);
    expect(rankChanges(now, before, 3)).toEqual([
      { kind: 'kept', key: '23/TCP', from: 1, to: 1 },
      { kind: 'rose', key: '22/TCP', from: 3, to: 2 },
      { kind: 'fell', key: '445/TCP', from: 2, to: 3 },
    ]);
    expect(rankChanges(now, before, 5)).toEqual([
      { kind: 'kept', key: '23/TCP', from: 1, to: 1 },
      { kind: 'rose', key: '22/TCP', from: 3, to: 2 },
      { kind: 'fell', key: '445/TCP', from: 2, to: 3 },
      { kind: 'rose', key: '80/TCP', from: 5, to: 4 },
      { kind: 'rose', key: '8080/TCP', from: 6, to: 5 },
      { kind: 'left', key: '3389/TCP', from: 4 },
    ]);
  });

  it('counts ties in both lists: shared ranks compare as ranks', () => {
    const now = list([port(23, 50), port(22, 50), port(445, 10)]);
    const before = previous([port(23, 9), port(445, 9), port(22, 1)]);
    expect(rankChanges(now, before, 3)).toEqual([
      { kind: 'rose', key: '22/TCP', from: 3, to: 1 },
      { kind: 'kept', key: '23/TCP', from: 1, to: 1 },
      { kind: 'fell', key: '445/TCP', from: 1, to: 3 },
    ]);
  });

  it('says an entry new to a complete previous list entered it, and decides nothing from an incomplete one', () => {
    const now = list([port(23, 9), port(5555, 8)]);
    expect(rankChanges(now, previous([port(23, 5)]), 2)).toEqual([
      { kind: 'kept', key: '23/TCP', from: 1, to: 1 },
      { kind: 'entered', key: '5555/TCP', to: 2 },
    ]);
    // Counted and known only in part, the previous list decides no rank at all: 5555/TCP may have stood ahead of 23/TCP.
    expect(rankChanges(now, previous([port(23, 5)], false), 2)).toEqual([]);
    expect(previousStanding(now.ranked[1]!, now, previous([port(23, 5)], false))).toEqual({ kind: 'unknown' });
  });

  it('says an entry left only when the list now is complete', () => {
    const before = previous([port(23, 5), port(22, 4)]);
    expect(rankChanges(list([port(23, 9)]), before, 2)).toContainEqual({ kind: 'left', key: '22/TCP', from: 2 });
    // Counted and known only in part now, the list decides no rank: 22/TCP may still stand ahead.
    expect(rankChanges(list([port(23, 9)], false), before, 2)).toEqual([]);
    // Ranks given (not counted) are decided even in a list known only in part.
    const given: RankedList = { ranked: rankEntries([{ protocol: 'TCP', port: 23, rank: 1 }]), complete: false };
    expect(rankChanges(given, before, 2)).toEqual([{ kind: 'kept', key: '23/TCP', from: 1, to: 1 }]);
  });

  it('takes the previous ranks a dataset gives when there is no previous list, with the depth of that list', () => {
    const entries: Entry[] = [
      { protocol: 'TCP', port: 23, rank: 1, previousRank: 2 },
      { protocol: 'TCP', port: 22, rank: 2, previousRank: null },
      { protocol: 'TCP', port: 445, rank: 2 },
    ];
    const now: RankedList = { ranked: ranked(entries), complete: true, previousTop: 10 };
    expect(rankChanges(now, undefined, 5)).toEqual([
      { kind: 'rose', key: '23/TCP', from: 2, to: 1 },
      { kind: 'entered', key: '22/TCP', to: 2, outsideTop: 10 },
    ]);
    expect(previousStanding(now.ranked[2]!, now, undefined)).toEqual({ kind: 'unknown' });
    expect(rankChanges(list([port(23, 1)]), undefined, 5)).toBeUndefined();
  });

  it('ranks lists of ranks only, and regions, like counted lists', () => {
    expect(
      ranked([
        { protocol: 'udp', port: 53, rank: 2 },
        { protocol: 'TCP', port: 23, rank: 1 },
        { protocol: 'GRE', rank: 2 },
      ]).map((e) => [e.key, e.rank]),
    ).toEqual([
      ['23/TCP', 1],
      ['GRE', 2],
      ['53/UDP', 2],
    ]);
    expect(
      rankRegions([
        { region: 'CN', packets: 5 },
        { region: 'US', packets: 9 },
        { region: 'BR', packets: 5 },
      ]).map((e) => [e.key, e.rank]),
    ).toEqual([
      ['US', 1],
      ['BR', 2],
      ['CN', 2],
    ]);
  });
});
