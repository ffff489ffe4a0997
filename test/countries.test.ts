/** Country codes: a code that is no assigned country is refused with the code meant; names take their article in English sentences. */
import { describe, expect, it } from 'vitest';
import { checkDataset } from '../src/dataset/index.js';
import { draft } from '../src/draft.js';
import { exampleWith } from './helpers.js';

const problems = (country: string): string[] => {
  try {
    checkDataset({
      schemaVersion: 2,
      period: { year: 2021, quarter: 4 },
      sourceCountryTop: { country, entries: [{ protocol: 'GRE', packets: 1 }] },
    });
    return [];
  } catch (error) {
    return (error as { problems: { ruleId: string; reason: string }[] }).problems.map((p) => `${p.ruleId}: ${p.reason}`);
  }
};

describe('a country code that is no assigned country', () => {
  it('is refused, with the ISO code meant where one is plain', () => {
    expect(problems('UK')).toEqual([
      'unknown-country: sourceCountryTop.country: expected an ISO 3166-1 alpha-2 country code, found "UK" (the ISO code of United Kingdom is GB)',
    ]);
    expect(problems('EL')).toEqual([
      'unknown-country: sourceCountryTop.country: expected an ISO 3166-1 alpha-2 country code, found "EL" (the ISO code of Greece is GR)',
    ]);
    expect(problems('ZZ')).toEqual(['unknown-country: sourceCountryTop.country: expected an ISO 3166-1 alpha-2 country code, found "ZZ"']);
    expect(problems('GB')).toEqual([]);
  });
});

describe('a country in an English sentence', () => {
  it('takes its article: sources in the United Kingdom', async () => {
    const dataset = await exampleWith((d) => {
      d.sourceCountryTop!.country = 'GB';
    });
    const result = await draft(dataset, { svg: false });
    const sentence = result.explanations.find((e) => e.fact === 'source-top-entry')!.sentences;
    expect(sentence.en).toContain('whose source addresses are in the United Kingdom.');
    expect(sentence.ja).toContain('英国');
  });
});
