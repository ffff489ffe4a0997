import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { displayWidth } from '../src/output/display-width.js';

describe('display width', () => {
  it('agrees with string-width on ASCII, Japanese, full-width forms, emoji, flags and combining marks', () => {
    const samples = ['23/TCP', '', '国内センサー1', 'プロトコル・ポート番号', '（月別）～', 'ｶﾀｶﾅ', 'Ａｂｃ', '한국어 센서', '😀 sensor', '👩‍💻', '🇯🇵', 'e\u0301te\u0301', 'tab\there', 'αβγ', '≤ 5 s'];
    for (const sample of samples) expect(displayWidth(sample), sample).toBe(stringWidth(sample));
  });
});
