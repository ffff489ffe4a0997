/**
 * The facts a template can name (`::fact{name=…}`): one registry, so that the
 * template check, the data each fact needs, the README and `draft --explain`
 * all read the same definitions.
 */
import { CATEGORY_FACTS } from './category-facts.js';
import { CORE_FACTS } from './facts.js';
import type { FactDefinition } from './fact-types.js';
import { RANKING_FACTS } from './ranking-elements.js';
import { DIFFERENCE_FACTS } from './difference-facts.js';
import { SENSOR_FACTS } from './sensor-facts.js';
import { SERIES_FACTS } from './series-facts.js';
import { TOTAL_FACTS } from './total-facts.js';

export const FACTS: Readonly<Record<string, FactDefinition>> = {
  ...CORE_FACTS,
  ...RANKING_FACTS,
  ...SENSOR_FACTS,
  ...DIFFERENCE_FACTS,
  ...TOTAL_FACTS,
  ...CATEGORY_FACTS,
  ...SERIES_FACTS,
};

export const FACT_NAMES: readonly string[] = Object.keys(FACTS);

export const factDefinition = (name: string): FactDefinition | undefined => (Object.hasOwn(FACTS, name) ? FACTS[name] : undefined);
