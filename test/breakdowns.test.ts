/** Breakdowns by category: the dataset rules, the table's columns, the two facts and the template checks. */
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { DatasetError } from '../src/messages.js';
import { CATEGORIES, draftWith, plain, rankingDataset, sentences } from './breakdown-helpers.js';
import { loadExample, readPost } from './helpers.js';

function problemsOf(value: unknown): string[] {
  try {
    checkDataset(value, 'q.json');
  } catch (error) {
    expect(error).toBeInstanceOf(DatasetError);
    return (error as DatasetError).problems.map((p) => `${p.jsonPath} ${p.ruleId}: ${p.reason}`);
  }
  return [];
}

describe('categories in the dataset', () => {
  it('accepts declared categories counted on entries of the source country and of rankings', () => {
    const dataset = checkDataset(
      rankingDataset([{ port: 23, packets: 100, categories: { mirai: 90 } }], {
        sourceCountryTop: { country: 'JP', entries: [{ protocol: 'TCP', port: 23, packets: 5, categories: { gafgyt: 5 } }] },
      }),
    );
    expect(dataset.categories).toEqual(CATEGORIES);
    expect(dataset.rankings[0]!.entries[0]!.categories).toEqual({ mirai: 90 });
  });

  it('names an undeclared category, listing the declared ones', () => {
    expect(problemsOf(rankingDataset([{ port: 23, packets: 100, categories: { miria: 1 } }]))).toEqual([
      'rankings[0].entries[0].categories.miria unknown-category: rankings[0].entries[0].categories.miria: expected a category declared in categories (mirai, gafgyt), found "miria"',
    ]);
    expect(problemsOf({ ...rankingDataset([{ port: 23, packets: 1, categories: { mirai: 1 } }]), categories: undefined })).toEqual([
      'rankings[0].entries[0].categories.mirai unknown-category: rankings[0].entries[0].categories.mirai: expected a category declared in categories (none declared: add a top-level categories object), found "mirai"',
    ]);
  });

  it("refuses a count above the entry's packets", () => {
    expect(problemsOf(rankingDataset([{ port: 23, packets: 100, categories: { mirai: 100.5 } }]))).toEqual([
      "rankings[0].entries[0].categories.mirai category-over-total: rankings[0].entries[0].categories.mirai: expected at most the entry's packets (100), found 100.5",
    ]);
  });

  it('refuses categories on a list of ranks only', () => {
    expect(problemsOf(rankingDataset([{ port: 23, rank: 1, categories: { mirai: 3 } }]))).toEqual([
      'rankings[0].entries[0].categories category-without-packets: rankings[0].entries[0].categories: expected categories only on entries that give packets (a share needs a total), found categories on an entry without packets',
    ]);
  });

  it('checks ids, labels, counts and where categories may stand', () => {
    const problems = problemsOf({
      ...rankingDataset([{ port: 23, packets: 10, categories: { mirai: -1 } }]),
      categories: { all: { label: { en: 'All' } }, Mirai_X: { label: { en: 'x' } }, mirai: { label: { en: 'a\tb' } } },
      sensors: [{ id: 's', region: 'domestic' }],
      sensorTop: { s: [{ protocol: 'TCP', port: 1, packets: 1, categories: { mirai: 1 } }] },
      dailyAverages: ['2022-01', '2022-02', '2022-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'categories.all invalid-key',
      'categories.Mirai_X invalid-key',
      'categories.mirai.label.en invalid-text',
      'rankings[0].entries[0].categories.mirai out-of-range',
      'sensorTop.s[0].categories unknown-field',
    ]);
    expect(problems[0]).toContain('expected a category id: lower-case words joined by hyphens, not "all", found "all"');
  });

  it('are a field of version 2 only', () => {
    const v1 = {
      schemaVersion: 1,
      period: { year: 2022, quarter: 1 },
      sensors: [{ id: 's', region: 'domestic' }],
      sensorTop: { s: [] },
      dailyAverages: ['2022-01', '2022-02', '2022-03'].map((month) => ({ month, region: 'domestic', packets: 1 })),
      categories: CATEGORIES,
    };
    expect(problemsOf(v1).map((p) => p.split(':')[0])).toEqual(['categories unknown-field']);
  });
});

const TABLE = '::table{#t data=rankings ranking=ports limit=5 breakdown=all caption=quarterly.ports.caption}\n';

describe('the breakdown columns of a table', () => {
  it('give packets, then count and share per category, an empty cell where the data gives no count', async () => {
    const dataset = rankingDataset([
      { port: 23, packets: 1000, categories: { mirai: 824, gafgyt: 0 } },
      { port: 2323, packets: 800, categories: { mirai: 799.6 } },
      { port: 22, packets: 600 },
    ]);
    const { en, ja } = await draftWith(dataset, TABLE);
    expect(en.tables[0]!.map((row) => row.map(plain))).toEqual([
      ['Rank', 'Protocol/port', 'Packets', 'Mirai-type', 'Share', 'Gafgyt-type', 'Share'],
      ['1', '23/TCP', '1,000', '824', '82.4%', '0', '0.0%'],
      // 99.95% would round to 100.0%: a share short of all is never shown as all.
      ['2', '2323/TCP', '800', '799.6', 'over 99.9%', '', ''],
      ['3', '22/TCP', '600', '', '', '', ''],
    ]);
    expect(ja.tables[0]!.map((row) => row.map(plain))).toEqual([
      ['順位', 'プロトコル・ポート番号', 'パケット数', 'Mirai型', '割合', 'Gafgyt型', '割合'],
      ['1', '23/TCP', '1,000', '824', '82.4%', '0', '0.0%'],
      ['2', '2323/TCP', '800', '799.6', '99.9%超', '', ''],
      ['3', '22/TCP', '600', '', '', '', ''],
    ]);
  });

  it('shows one category when named, and is the plain table when no entry shown carries any', async () => {
    const dataset = rankingDataset([
      { port: 23, packets: 10, categories: { mirai: 5, gafgyt: 1 } },
      { port: 22, packets: 4 },
    ]);
    const named = await draftWith(dataset, TABLE.replace('breakdown=all', 'breakdown=gafgyt'));
    expect(named.en.tables[0]![0]!.map(plain)).toEqual(['Rank', 'Protocol/port', 'Packets', 'Gafgyt-type', 'Share']);
    const none = await draftWith(
      rankingDataset([
        { port: 23, packets: 10 },
        { port: 22, packets: 4 },
      ]),
      TABLE,
    );
    const plainTable = await draftWith(
      rankingDataset([
        { port: 23, packets: 10 },
        { port: 22, packets: 4 },
      ]),
      TABLE.replace(' breakdown=all', ''),
    );
    expect(none.posts.map((p) => p.markdown)).toEqual(plainTable.posts.map((p) => p.markdown));
  });

  it('keeps a label with | and * literal', async () => {
    const dataset = {
      ...rankingDataset([{ port: 23, packets: 10, categories: { mirai: 5 } }]),
      categories: { mirai: { label: { en: 'a|b *c*', ja: '<script>x' } } },
    };
    const { en, ja, posts } = await draftWith(dataset, TABLE);
    expect(plain(en.tables[0]![0]![3]!)).toBe('a|b *c*');
    expect(plain(ja.tables[0]![0]![3]!)).toBe('<script>x');
    expect(posts[1]!.markdown).toContain('\\<script>x');
  });

  it('warns of a breakdown of a list of ranks only, and of a category the dataset lacks', async () => {
    const ranked = rankingDataset([
      { port: 23, rank: 1 },
      { port: 22, rank: 2 },
    ]);
    const { warnings, en } = await draftWith(ranked, TABLE.replace('breakdown=all', 'breakdown=mirai'));
    expect(warnings.map((w) => `${w.line}:${w.column} ${w.ruleId}`)).toEqual(['6:1 breakdown-ignored']);
    expect(en.tables[0]![0]).toEqual(['Rank', 'Protocol/port']);
    const absent = await draftWith(rankingDataset([{ port: 23, packets: 1 }]), TABLE.replace('breakdown=all', 'breakdown=miria'));
    expect(absent.warnings.map((w) => `${w.line}:${w.column} ${w.ruleId}: ${w.reason}`)).toEqual([
      '6:1 category-absent: expected a category "miria" in the dataset\'s categories, found only "mirai", "gafgyt": the table shows no breakdown',
    ]);
    // breakdown=all on a list of ranks only has nothing to break down: no warning.
    expect((await draftWith(ranked, TABLE)).warnings).toEqual([]);
  });
});

const SHARE = (attributes: string) => `${TABLE}\n::fact{name=category-share data=rankings ranking=ports ${attributes}}\n`;

describe('the category-share fact', () => {
  const five = [
    { port: 23, packets: 1000, categories: { mirai: 900 } },
    { port: 2323, packets: 800, categories: { mirai: 700 } },
    { port: 22, packets: 600, categories: { mirai: 480 } },
    { port: 80, packets: 400, categories: { mirai: 400 } },
    { port: 443, packets: 200, categories: { mirai: 0 } },
  ];

  it('names the entries over the threshold, never rounding across it', async () => {
    // 480 of 600 is exactly 80%: not over 80.
    const { en, ja } = await draftWith(rankingDataset(five), SHARE('category=mirai over=80'));
    expect(sentences(en)).toEqual(['For 23/TCP, 2323/TCP, and 80/TCP, Mirai-type packets made up over 80% of the total.']);
    expect(sentences(ja)).toEqual(['23/TCP、2323/TCP、80/TCPでは、Mirai型のパケットが全体の80%を超えていました。']);
  });

  it('says all, both and none of a whole top, and states the threshold as given', async () => {
    const all = await draftWith(rankingDataset(five.slice(0, 3)), SHARE('over=79.5'));
    expect(sentences(all.en)).toEqual(['For every entry of the top three, Mirai-type packets made up over 79.5% of the total.']);
    expect(sentences(all.ja)).toEqual(['上位3位のすべての項目で、Mirai型のパケットが全体の79.5%を超えていました。']);
    const both = await draftWith(rankingDataset(five.slice(0, 2)), SHARE('over=80'));
    expect(sentences(both.en)).toEqual(['For both entries of the top two, Mirai-type packets made up over 80% of the total.']);
    const none = await draftWith(
      rankingDataset(five.map((e) => (e.port === 80 ? { ...e, categories: { mirai: 300 } } : e))),
      SHARE('over=95'),
    );
    expect(sentences(none.en)).toEqual(['For no entry of the top five did Mirai-type packets make up over 95% of the total.']);
    expect(sentences(none.ja)).toEqual(['上位5位のどの項目でも、Mirai型のパケットは全体の95%以下でした。']);
    const one = await draftWith(rankingDataset(five.slice(0, 1)), SHARE('over=95'));
    expect(sentences(one.en)).toEqual(['For 23/TCP, Mirai-type packets made up no more than 95% of the total.']);
  });

  it('leaves out entries without a count, and says so', async () => {
    const dataset = rankingDataset([...five.slice(0, 2), { port: 22, packets: 600 }, { port: 80, packets: 0, categories: { mirai: 0 } }]);
    const { en, ja } = await draftWith(dataset, SHARE('share=none'));
    expect(sentences(en)).toEqual([
      'For 23/TCP and 2323/TCP, some of the packets were Mirai-type packets. 22/TCP and 80/TCP are left out: their Mirai-type shares are not given.',
    ]);
    expect(sentences(ja)).toEqual([
      '23/TCP、2323/TCPには、Mirai型のパケットがありました。22/TCP、80/TCPは、Mirai型の割合が得られないため除いています。',
    ]);
    const under = await draftWith(rankingDataset([five[0]!, { port: 22, packets: 600 }]), SHARE('under=50'));
    expect(sentences(under.en)).toEqual([
      'For 23/TCP, Mirai-type packets made up no less than 50% of the total. 22/TCP is left out: its Mirai-type share is not given.',
    ]);
  });

  it('gives one sentence per category the entries carry, and evidence even without one', async () => {
    const dataset = rankingDataset([{ port: 23, packets: 10, categories: { mirai: 10, gafgyt: 10 } }]);
    const { en, explanations } = await draftWith(dataset, SHARE('share=all'));
    expect(sentences(en)).toEqual([
      'For 23/TCP, all of the packets were Mirai-type packets. For 23/TCP, all of the packets were Gafgyt-type packets.',
    ]);
    const silent = await draftWith(rankingDataset([{ port: 23, packets: 10 }]), SHARE('category=mirai over=1'));
    expect(sentences(silent.en)).toEqual([]);
    expect(silent.explanations[0]!.evidence.at(-1)).toEqual({ label: 'sentence', value: 'none: no entry shown has a mirai share' });
    expect(explanations[0]!.evidence.map((r) => `${r.label}: ${r.value}`)).toContain(
      '23/TCP: rank 1, 10 of 10 packets mirai (100%): every packet yes',
    );
  });
});

const RANKS = `${TABLE}\n::fact{name=category-rank-changes data=rankings ranking=ports}\n`;

describe('the category-rank-changes fact', () => {
  it('says which entries would move, ranked by the category alone', async () => {
    const dataset = rankingDataset([
      { port: 23, packets: 1000, categories: { mirai: 100 } },
      { port: 2323, packets: 800, categories: { mirai: 700 } },
      { port: 22, packets: 600, categories: { mirai: 50 } },
      { port: 80, packets: 400, categories: { mirai: 390 } },
    ]);
    const { en, ja } = await draftWith(dataset, RANKS);
    expect(sentences(en)).toEqual([
      'Ranked by Mirai-type packets alone, 23/TCP would move from first to third, 2323/TCP would move from second to first, 22/TCP would move from third to fourth, and 80/TCP would move from fourth to second.',
    ]);
    expect(sentences(ja)).toEqual([
      'Mirai型のパケット数だけで順位を付けると、23/TCPが1位から3位に、2323/TCPが2位から1位に、22/TCPが3位から4位に、80/TCPが4位から2位になります。',
    ]);
  });

  it('says the order stays only when every rank is decided', async () => {
    const same = rankingDataset([
      { port: 23, packets: 10, categories: { mirai: 9 } },
      { port: 22, packets: 5, categories: { mirai: 5 } },
    ]);
    expect(sentences((await draftWith(same, RANKS)).en)).toEqual([
      'Ranked by Mirai-type packets alone, each of the top two (23/TCP and 22/TCP) would keep its place.',
    ]);
    expect(sentences((await draftWith(same, RANKS)).ja)).toEqual([
      'Mirai型のパケット数だけで順位を付けても、上位2位（23/TCP、22/TCP）の順位は変わりません。',
    ]);
    // 22/TCP has no count: it may hold up to 8 Mirai-type packets, more than 445/TCP's 7 — or fewer.
    const unknown = rankingDataset([
      { port: 23, packets: 10, categories: { mirai: 9 } },
      { port: 22, packets: 8 },
      { port: 445, packets: 7, categories: { mirai: 7 } },
    ]);
    const result = await draftWith(unknown, RANKS);
    expect(sentences(result.en)).toEqual([]);
    expect(result.explanations[0]!.evidence.at(-1)!.value).toBe(
      'none: nothing moved that the data decides, and the rank of 22/TCP, 445/TCP by mirai is not decided',
    );
    // 445/TCP, below the table and without a count, has fewer packets than 22/TCP's count: it cannot stand ahead of
    // 22/TCP, but may stand ahead of 23/TCP, whose rank stays undecided.
    const below = rankingDataset([
      { port: 23, packets: 10, categories: { mirai: 1 } },
      { port: 22, packets: 8, categories: { mirai: 8 } },
      { port: 445, packets: 7 },
    ]);
    expect(
      sentences(
        (await draftWith(below, `${TABLE.replace('limit=5', 'limit=2')}\n::fact{name=category-rank-changes data=rankings ranking=ports}\n`))
          .en,
      ),
    ).toEqual(['Ranked by Mirai-type packets alone, 22/TCP would move from second to first.']);
  });

  it('claims nothing of a list known only in part', async () => {
    const partial = rankingDataset([
      { port: 23, packets: 10, categories: { mirai: 1 } },
      { port: 22, packets: 8, categories: { mirai: 8 } },
    ]);
    (partial.rankings[0] as Record<string, unknown>).complete = false;
    expect(sentences((await draftWith(partial, RANKS)).en)).toEqual([]);
  });
});

describe('the shipped Overflow template', () => {
  it("shows the breakdown and both facts when the source country's entries carry categories", async () => {
    const dataset = structuredClone(await loadExample()) as unknown as Record<string, any>;
    dataset.schemaVersion = 2;
    dataset.categories = { mirai: CATEGORIES.mirai };
    for (const entry of dataset.sourceCountryTop.entries)
      entry.categories = { mirai: Math.floor(entry.packets * (entry.port === 23 ? 0.9 : 0.1)) };
    const { posts } = await draft(dataset, { svg: false });
    const en = readPost(posts[0]!.markdown);
    expect(en.tables[0]![0]!.map(plain)).toEqual(['Rank', 'Protocol/port', 'Packets', 'Mirai-type', 'Share']);
    expect(sentences(en)).toContain('For 23/TCP, Mirai-type packets made up over 80% of the total.');
    expect(sentences(en)).toContain(
      'Ranked by Mirai-type packets alone, GRE would move from first to second and 23/TCP would move from second to first.',
    );
  });
});
