/**
 * The words of rankings, as messages for the translator: ordinals ("second",
 * "2位"), ports with their service names ("Telnet (23/TCP)") and where an
 * entry stood in the previous period ("4", "outside the top 10", "—").
 */
import type { Message, Value } from '../document/nodes.js';

const say = (message: Message): Value => ({ kind: 'message', message });
import { ianaServiceName } from './services.js';

type RankingValue = Extract<Value, { kind: 'ordinal' | 'service' | 'previous-standing' }>;
const text = (t: string): Value => ({ kind: 'text', text: t });

/** `optionalWord` looks a key up in the language itself, without falling back to English. */
export function rankingWords(value: RankingValue, optionalWord: (key: string) => string | undefined): Value {
  switch (value.kind) {
    case 'ordinal': {
      // Small places as words where the language has them ("second"); else its ordinal form ("11th", "11位").
      const word = optionalWord(`common:ordinalWords.${value.value}`);
      if (word !== undefined) return text(word);
      return say({ key: 'common:ordinal', count: value.value, ordinal: true, values: { number: { kind: 'number', value: value.value } } });
    }
    case 'service': {
      const name =
        optionalWord(`common:services.${value.key}`) ??
        (value.port === undefined ? undefined : ianaServiceName(value.port, value.protocol));
      if (name === undefined) return text(value.key);
      return say({ key: 'common:serviceEntry', values: { service: text(name), entry: text(value.key) } });
    }
    case 'previous-standing': {
      const standing = value.standing;
      if (standing.kind === 'rank') return { kind: 'number', value: standing.rank };
      if (standing.kind === 'unknown') return say({ key: 'common:rankings.unknown', values: {} });
      if (standing.top === undefined) return say({ key: 'common:rankings.outside', values: {} });
      return say({ key: 'common:rankings.outsideTop', count: standing.top, values: { top: { kind: 'number', value: standing.top } } });
    }
  }
}
