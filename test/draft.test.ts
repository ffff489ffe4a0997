import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { draft } from '../src/draft.js';
import { exampleWith, loadExample, readPost } from './helpers.js';

const reference = JSON.parse(await readFile(new URL('./fixtures/reference/2021-q4.json', import.meta.url), 'utf8'));
const result = await draft(await loadExample());
const post = (lang: string) => readPost(result.posts.find((p) => p.lang === lang)!.markdown);
const en = post('en');
const ja = post('ja');

describe('the example drafted in English and Japanese', () => {
  it('writes the posts and one chart spec per figure and language', () => {
    const charts = (lang: string) =>
      ['source-top-chart', 'daily-domestic', 'daily-overseas', 'rank-heatmap'].flatMap((id) => [
        `${id}.${lang}.vl.json`,
        `${id}.${lang}.svg`,
      ]);
    expect([...result.files.keys()]).toEqual(['index.en.md', ...charts('en'), 'index.ja.md', ...charts('ja')]);
    expect(result.warnings).toEqual([]);
  });

  it('has front matter for a Hugo bundle, with one translation key', () => {
    // What was generated is remembered in the bundle's .telescope-report/ folder, not in the page's parameters.
    for (const post of [en, ja]) expect(post.frontMatter).not.toHaveProperty('generated');
    expect(en.frontMatter).toEqual({
      title: 'Telescope Report Overflow (October–December 2021)',
      date: '2022-02-10',
      lang: 'en',
      translationKey: 'telescope-overflow-2021-q4',
      draft: true,
      period: { year: 2021, quarter: 4 },
    });
    expect(ja.frontMatter).toEqual({
      title: 'テレスコープレポートOverflow（2021年10～12月）',
      date: '2022-02-10',
      lang: 'ja',
      translationKey: 'telescope-overflow-2021-q4',
      draft: true,
      period: { year: 2021, quarter: 4 },
    });
  });

  it('shows the published source-country ranks in both languages', () => {
    const published = reference.sourceCountryTop.ranks.map((entry: string, i: number) => [String(i + 1), entry]);
    expect(en.tables[0]).toEqual([['Rank', 'Protocol/port'], ...published]);
    expect(ja.tables[0]).toEqual([['順位', 'プロトコル・ポート番号'], ...published]);
  });

  it('shows every sensor’s published top 10 under localized labels and rank headers', () => {
    type Published = { region: string; n: number; ranks: string[] };
    const label = {
      en: (s: Published) => `${s.region === 'domestic' ? 'Domestic' : 'Overseas'} sensor ${s.n}`,
      ja: (s: Published) => `${s.region === 'domestic' ? '国内' : '海外'}センサー${s.n}`,
    };
    const ranks = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(en.tables[1]).toEqual([
      ['Sensor', ...ranks.map((r) => `#${r}`)],
      ...reference.sensorTop.sensors.map((s: Published) => [label.en(s), ...s.ranks]),
    ]);
    expect(ja.tables[1]).toEqual([
      ['センサー', ...ranks.map((r) => `${r}番目`)],
      ...reference.sensorTop.sensors.map((s: Published) => [label.ja(s), ...s.ranks]),
    ]);
  });

  it('names exactly 6379/TCP, 23/TCP and 22/TCP as common to every sensor', () => {
    expect(en.paragraphs).toContain('6379/TCP, 23/TCP, and 22/TCP are in the top ten of all six sensors.');
    expect(ja.paragraphs).toContain('6379/TCP、23/TCP、22/TCPは、6台すべてのセンサーで上位10件に入っています。');
  });

  it('states the region comparison and the year-over-year change from the data', () => {
    expect(en.paragraphs).toContain(
      'In each month of the quarter, the average overseas sensor took in more packets per day than the average domestic sensor, up to 1.9 times as many.',
    );
    expect(en.paragraphs).toContain(
      'Against the same month a year earlier, sensors in both regions took in more packets in every month of the quarter.',
    );
    expect(ja.paragraphs).toContain(
      '四半期のどの月も、1日あたりの受信パケット数は海外のセンサーのほうが国内のセンサーより多く、最も多い月で国内の1.9倍でした。',
    );
    expect(en.paragraphs).toContain(
      'Table 1 ranks the protocols and ports of packets whose source addresses are in Japan. GRE came first, with 912,345 packets over the quarter.',
    );
    expect(ja.paragraphs).toContain(
      '表1は、送信元IPアドレスが日本にあるパケットをプロトコル・ポート番号別に順位付けしたものです。最も多かったのはGREで、四半期の合計は912,345パケットでした。',
    );
  });

  it('localizes headings and the period', () => {
    expect(en.headings).toEqual(['Packets from sources in Japan', 'Sensors at home and abroad', 'Sensor by sensor', 'Closing notes']);
    expect(ja.headings).toEqual(['日本を送信元とするパケット', '国内と海外のセンサーの比較', 'センサーごとの比較', 'おわりに']);
    expect(en.paragraphs).toContain('This issue looks at October–December 2021.');
    expect(ja.paragraphs).toContain('今回は2021年10～12月の観測結果をお届けします。');
  });

  it('numbers tables and figures in document order, the same in both languages', () => {
    const numbering = (paragraphs: string[], pattern: RegExp) =>
      paragraphs.flatMap((p) => {
        const m = pattern.exec(p);
        return m ? [`${m[1]}${m[2]}`] : [];
      });
    const enCaptions = numbering(en.paragraphs, /^(Table|Figure) (\d+): /);
    const jaCaptions = numbering(ja.paragraphs, /^(表|図)(\d+)：/);
    expect(enCaptions).toEqual(['Table1', 'Figure1', 'Figure2', 'Figure3', 'Figure4', 'Table2', 'Figure5']);
    expect(jaCaptions).toEqual(['表1', '図1', '図2', '図3', '図4', '表2', '図5']);
    expect(en.paragraphs.some((p) => p.startsWith('Figures 3 and 4 give'))).toBe(true);
    expect(ja.paragraphs.some((p) => p.startsWith('図3、4は'))).toBe(true);
    expect(en.paragraphs.some((p) => p.startsWith('Figure 5 draws the same ranks as a heat map'))).toBe(true);
    expect(ja.paragraphs.some((p) => p.startsWith('図5は同じ順位をヒートマップにしたもので'))).toBe(true);
    expect(en.paragraphs.some((p) => p.startsWith('Each sensor listens on a global IP address of its own. Table 2 ranks'))).toBe(true);
    expect(ja.paragraphs.some((p) => p.includes('表2は、センサーごとに'))).toBe(true);
  });

  it('shows each chart as an image of its SVG under its caption, with alt text', () => {
    const md = result.posts[0]!.markdown;
    expect(md).toContain(
      'Figure 3: Daily packets per domestic sensor, monthly average\n\n![Bar chart of the packets one domestic sensor received per day, averaged over each month of 2021 and set beside the same month of 2020. October: 2,214.6 (a year earlier: 1,875.3), November: 2,388.1 (a year earlier: 1,942.7), and December: 2,301.9 (a year earlier: 2,010.4).](daily-domestic.en.svg)',
    );
    expect(result.posts[1]!.markdown).toContain('](daily-overseas.ja.svg)');
    expect(md).toContain(
      'Figure 1: Packets sent from Japan, top five protocols and ports\n\n![Bar chart of the packets sent from Japan, by protocol and port: GRE: 912,345, 23/TCP: 509,381, 445/TCP: 395,438, 37215/TCP: 225,911, and 8545/TCP: 168,590.](source-top-chart.en.svg)',
    );
    expect(result.posts[1]!.markdown).toContain(
      '図5：センサーごとの上位10件の順位\n\n![6台のセンサーそれぞれの上位10件を示すヒートマップ。列がセンサー、行が現れたプロトコル・ポート番号（計17件）で、色が濃いほど順位が高いことを表します。6379/TCP、23/TCP、22/TCPの行はすべてのセンサーで埋まっています。](rank-heatmap.ja.svg)',
    );
  });

  it('renders every chart to a deterministic SVG, and skips them on request', async () => {
    const svg = result.files.get('rank-heatmap.ja.svg')!;
    expect(svg).toMatch(/^<svg [^>]*class="marks"/);
    expect(svg).toContain(
      'font-family="Arimo, &quot;Liberation Sans&quot;, Arial, &quot;Noto Sans CJK JP&quot;, &quot;Noto Sans JP&quot;, &quot;Hiragino Sans&quot;, &quot;Hiragino Kaku Gothic ProN&quot;, &quot;Yu Gothic&quot;, Meiryo, sans-serif"',
    );
    const without = await draft(await loadExample(), { svg: false });
    expect([...without.files.keys()].some((name) => name.endsWith('.svg'))).toBe(false);
    expect(without.posts[0]!.markdown).toBe(result.posts[0]!.markdown);
  });

  it('marks every commentary slot with its id and a localized prompt', () => {
    const md = result.posts[1]!.markdown;
    for (const id of ['source-notes', 'region-notes', 'sensor-notes', 'closing']) {
      expect(md).toMatch(new RegExp(`<!-- commentary:${id} -->\\n\\n\\*\\*編集者へ\\*\\*：[^\\n]+\\n\\n<!-- /commentary:${id} -->`));
    }
    expect(md).toContain('<!-- figure:packet-sample -->');
  });

  it('is deterministic: the same inputs give byte-identical files', async () => {
    const again = await draft(await loadExample());
    expect(again.files).toEqual(result.files);
  });
});

describe('sections follow the data', () => {
  it('leaves out the source-country section and renumbers everything after it', async () => {
    const { posts } = await draft(await exampleWith((d) => delete d.sourceCountryTop));
    const [enPost, jaPost] = posts.map((p) => readPost(p.markdown));
    expect(enPost!.headings).toEqual(['Sensors at home and abroad', 'Sensor by sensor', 'Closing notes']);
    expect(enPost!.paragraphs.filter((p) => /^(Table|Figure) \d+:/.test(p)).map((p) => p.split(':')[0])).toEqual([
      'Figure 1',
      'Figure 2',
      'Table 1',
      'Figure 3',
    ]);
    expect(jaPost!.paragraphs.filter((p) => /^(表|図)\d+：/.test(p)).map((p) => p.split('：')[0])).toEqual(['図1', '図2', '表1', '図3']);
    expect(enPost!.paragraphs.some((p) => p.startsWith('Figures 1 and 2 give'))).toBe(true);
    expect(jaPost!.paragraphs.some((p) => p.startsWith('図1、2は'))).toBe(true);
    expect(posts[0]!.markdown).not.toContain('commentary:source-notes');
  });

  it('drops the overseas chart and the region comparison when only domestic sensors exist', async () => {
    const dataset = await exampleWith((d) => {
      d.sensors = d.sensors.filter((s) => s.region === 'domestic');
      for (const id of ['ovs-1', 'ovs-2', 'ovs-3']) delete d.sensorTop[id];
      d.dailyAverages = d.dailyAverages.filter((row) => row.region === 'domestic');
    });
    const { posts, files } = await draft(dataset, { svg: false });
    const enPost = readPost(posts[0]!.markdown);
    expect([...files.keys()].filter((f) => f.startsWith('daily-'))).toEqual(['daily-domestic.en.vl.json', 'daily-domestic.ja.vl.json']);
    expect(enPost.paragraphs.some((p) => p.startsWith('Figure 3 gives'))).toBe(true);
    expect(enPost.paragraphs).toContain(
      'Against the same month a year earlier, domestic sensors took in more packets in every month of the quarter.',
    );
    expect(enPost.paragraphs.some((p) => p.includes('the average overseas sensor'))).toBe(false);
    // Checked by hand against the reference ranks of the three domestic sensors.
    expect(enPost.paragraphs).toContain(
      '6379/TCP, 23/TCP, 22/TCP, 445/TCP, 443/TCP, 2375/TCP, and 80/TCP are in the top ten of all three sensors.',
    );
  });

  it('sums up the year-over-year change with the right quantifier, or says nothing without last year’s data', async () => {
    const mixed = await draft(
      await exampleWith((d) => {
        for (const row of d.dailyAverages) if (row.month === '2020-11' && row.region === 'domestic') row.packets = 9000;
      }),
      { languages: ['en'] },
    );
    expect(readPost(mixed.posts[0]!.markdown).paragraphs).toContain(
      'Against the same month a year earlier, domestic sensors took in more packets in two of the three months (October and December), ' +
        'while overseas sensors took in more packets in every month of the quarter.',
    );
    const mixedJa = await draft(
      await exampleWith((d) => {
        for (const row of d.dailyAverages) if (row.month === '2020-11' && row.region === 'domestic') row.packets = 9000;
      }),
      { languages: ['ja'] },
    );
    // One lead-in for both regions: no two sentences in a row open with it.
    expect(readPost(mixedJa.posts[0]!.markdown).paragraphs).toContain(
      '1年前の同じ月と比べると、国内のセンサーは3か月のうち2か月（10月、12月）で増えました。一方、海外のセンサーは四半期のすべての月で受信パケット数が増えました。',
    );
    const none = await draft(
      await exampleWith((d) => {
        d.dailyAverages = d.dailyAverages.filter((row) => row.month.startsWith('2021'));
      }),
      { languages: ['ja'] },
    );
    expect(none.posts[0]!.markdown).not.toContain('前年同月と比べ');
    expect(none.posts[0]!.markdown).not.toContain('1年前の同じ月と比べると');
  });
});

describe('data values stay literal', () => {
  it('shows a label full of Markdown metacharacters and a line separator as it is, isolated', async () => {
    const label = 'A | B * _ < > [ ] \\ `x` <script>alert(1)</script>\u2028line two';
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[0]!.label = { en: label, ja: label };
      }),
    );
    for (const p of posts) {
      const read = readPost(p.markdown);
      expect(read.tables[1]![1]![0]).toBe(`\u2068${label}\u2069`);
      const cell = (read.tree.children.filter((n) => n.type === 'table')[1] as import('mdast').Table).children[1]!.children[0]!;
      expect(cell.children.map((c) => c.type)).toEqual(['text']);
    }
  });

  it('uses a label for its own language and the default name otherwise', async () => {
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[3]!.label = { ja: 'シンガポール' };
      }),
    );
    expect(readPost(posts[0]!.markdown).tables[1]![4]![0]).toBe('Overseas sensor 1');
    expect(readPost(posts[1]!.markdown).tables[1]![4]![0]).toBe('\u2068シンガポール\u2069');
  });

  it('keeps a label’s right-to-left text and direction overrides inside its own cell', async () => {
    // An override left open, and a PDI of its own that would end the isolate early.
    const label = '\u202Eevil\u2069 שלום';
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[0]!.label = { en: label };
      }),
    );
    const row = readPost(posts[0]!.markdown).tables[1]![1]!;
    expect(row[0]).toBe('\u2068\u202Eevil שלום\u2069');
    expect(row[1]).toBe('123/UDP');
  });

  it('closes an isolate that a label opens and leaves open, so the row after it keeps its order', async () => {
    const { posts } = await draft(
      await exampleWith((d) => {
        d.sensors[0]!.label = { en: '\u05d0\u2067', ja: '\u2066x\u2068y' };
      }),
    );
    expect(readPost(posts[0]!.markdown).tables[1]![1]![0]).toBe('\u2068\u05d0\u2067\u2069\u2069');
    expect(readPost(posts[1]!.markdown).tables[1]![1]![0]).toBe('\u2068\u2066x\u2068y\u2069\u2069\u2069');
  });
});

describe('ties in the per-sensor table', () => {
  it('puts tied entries in the cell of their shared rank and leaves the skipped rank empty', async () => {
    const { posts } = await draft(
      await exampleWith((d) => {
        const list = d.sensorTop['dom-1']!.entries;
        const second = list.find((e) => e.port === 6379)!;
        list.find((e) => e.port === 5555)!.packets = second.packets;
      }),
      { languages: ['en', 'ja'] },
    );
    expect(readPost(posts[0]!.markdown).tables[1]![1]!.slice(0, 5)).toEqual([
      'Domestic sensor 1',
      '123/UDP',
      '5555/TCP and 6379/TCP',
      '',
      '23/TCP',
    ]);
    expect(readPost(posts[1]!.markdown).tables[1]![1]!.slice(0, 5)).toEqual([
      '国内センサー1',
      '123/UDP',
      '5555/TCP、6379/TCP',
      '',
      '23/TCP',
    ]);
  });
});
