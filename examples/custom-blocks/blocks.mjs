// Custom blocks of this example: a fact, a table and a chart of the daily averages by region, with their
// words in ./locales. `telescope-report draft --blocks blocks.mjs` and build.mjs both use them.
import { defineBlocks, message, value } from 'telescope-report';

const REGIONS = ['domestic', 'overseas'];

/** Month → packets per sensor per day, for one region. */
const averagesOf = (dataset, region) =>
  new Map(dataset.dailyAverages.filter((row) => row.region === region).map((row) => [row.month, row.packets]));

export default defineBlocks({
  locales: new URL('./locales/', import.meta.url),
  facts: {
    'busiest-month': {
      summary: "the month in which a region's sensors took in the most packets per day",
      keys: ['custom:busiestMonth.one', 'custom:busiestMonth.tied'],
      attributes: { region: { required: true, values: REGIONS } },
      needs: ['dailyAverages'],
      sentence({ dataset, facts, attributes }) {
        const averages = averagesOf(dataset, attributes.region);
        const missing = facts.months.filter((month) => !averages.has(month));
        // The busiest of some months is not the busiest of the period: no sentence then.
        if (missing.length > 0) return { evidence: [{ label: 'months without an average', value: missing.join(', ') }] };
        const top = Math.max(...averages.values());
        const busiest = facts.months.filter((month) => averages.get(month) === top);
        const region = value.region(attributes.region);
        const packets = value.number(top, 'exact');
        return {
          message:
            busiest.length === 1
              ? message('custom:busiestMonth.one', { region, month: value.month(busiest[0]), packets })
              : message('custom:busiestMonth.tied', { region, months: value.list(busiest.map((month) => value.month(month))), packets }),
          evidence: facts.months.map((month) => ({ label: month, value: String(averages.get(month)) })),
        };
      },
    },
  },
  tables: {
    'region-averages': {
      summary: 'packets per sensor per day in each month, the two regions side by side, with their ratio',
      keys: [
        'custom:regionAverages.month',
        'custom:regionAverages.domestic',
        'custom:regionAverages.overseas',
        'custom:regionAverages.ratio',
      ],
      needs: ['dailyAverages'],
      table({ dataset, facts }) {
        const [domestic, overseas] = REGIONS.map((region) => averagesOf(dataset, region));
        return {
          columns: [
            { header: message('custom:regionAverages.month'), align: 'left' },
            ...REGIONS.map((region) => ({ header: message(`custom:regionAverages.${region}`), align: 'right' })),
            { header: message('custom:regionAverages.ratio'), align: 'right' },
          ],
          rows: facts.months.map((month) => {
            const [d, o] = [domestic.get(month), overseas.get(month)];
            return [
              value.month(month),
              d === undefined ? undefined : value.number(d, 'exact'),
              o === undefined ? undefined : value.number(o, 'exact'),
              // No ratio where a region has no average, or where the domestic one is nothing to divide by.
              d === undefined || o === undefined || d === 0 ? undefined : value.number(Math.round((o / d) * 100) / 100, 'exact'),
            ];
          }),
        };
      },
    },
  },
  charts: {
    'region-months': {
      summary: 'grouped bars: packets per sensor per day in each month, domestic and overseas side by side',
      keys: [
        'custom:regionMonths.description',
        'custom:regionMonths.point',
        'custom:regionMonths.value',
        'custom:regionMonths.x',
        'custom:regionMonths.y',
        'custom:regionMonths.legend',
      ],
      needs: ['dailyAverages'],
      chart({ dataset, facts }) {
        const averages = REGIONS.map((region) => averagesOf(dataset, region));
        const rows = facts.months.flatMap((month) =>
          REGIONS.flatMap((region, i) => {
            const packets = averages[i].get(month);
            return packets === undefined
              ? []
              : [{ month: value.month(month), region: value.region(region), packets: value.number(packets) }];
          }),
        );
        const points = facts.months.map((month) =>
          value.message('custom:regionMonths.point', {
            month: value.month(month),
            values: value.list(
              REGIONS.flatMap((region, i) =>
                averages[i].has(month)
                  ? [
                      value.message('custom:regionMonths.value', {
                        region: value.region(region),
                        packets: value.number(averages[i].get(month), 'exact'),
                      }),
                    ]
                  : [],
              ),
            ),
          }),
        );
        return {
          description: message('custom:regionMonths.description', { points: value.list(points) }),
          rows,
          titles: {
            x: message('custom:regionMonths.x'),
            y: message('custom:regionMonths.y'),
            color: message('custom:regionMonths.legend'),
          },
          view: {
            mark: { type: 'bar', tooltip: true },
            encoding: {
              x: { field: 'month', type: 'ordinal', sort: null, axis: { labelAngle: 0 } },
              xOffset: { field: 'region', type: 'nominal', sort: null },
              y: { field: 'packets', type: 'quantitative' },
              color: { field: 'region', type: 'nominal', sort: null, scale: { range: ['#4c78a8', '#f58518'] } },
            },
          },
        };
      },
    },
  },
});
