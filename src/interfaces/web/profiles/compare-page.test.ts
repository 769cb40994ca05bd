// The compare page's ranking: a candidate whose audit's reading may be off shows its ranges first, its readings marked (issue 9).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareProfiles } from '../../../growth/compare-profiles.ts';
import { exampleReport } from '../../report/fixtures/example-report.ts';
import { ComparePage } from './compare-page.tsx';

describe('ComparePage', () => {
  it("shows a shifted audit's ranges first with its readings marked, and a sure audit's point first", async () => {
    const shifted = { ...exampleReport, domainShift: { ...exampleReport.domainShift, large: true } };
    const rows = compareProfiles([
      { name: '@sure', auditId: 1, report: exampleReport, price: 500 },
      { name: '@shifted', auditId: 2, report: shifted, price: 500 },
    ]);
    const html = String(
      await ComparePage({
        profiles: [],
        chosen: [],
        prices: {},
        cpmBenchmark: 10,
        rows,
        query: '',
      }).toString(),
    );
    const row = (name: string) =>
      /<tr>.*?<\/tr>/s.exec(html.slice(html.indexOf(`>${name}</a>`) - 200))?.[0] ?? '';
    const marked = row('@shifted');
    assert.match(
      marked,
      /<td class="num may-be-off">69,216–73,584<span class="reading">reads 71,400 <span class="badge off">may be off<\/span><\/span><\/td>/,
    );
    assert.match(marked, /<td class="num may-be-off">38\.7–42\.3 %<span class="reading">reads 40\.5 % /);
    assert.equal(
      marked.match(/may be off/g)?.length,
      5,
      'real followers, fake share, per 1,000 real, CPM, fair price',
    );
    assert.doesNotMatch(row('@sure'), /may be off/);
    assert.match(row('@sure'), /<td class="num">71,400 \(69,216–73,584\)<\/td>/);
  });

  it('says when fewer than two profiles are saved, and how to add one', async () => {
    const page = (profiles: Parameters<typeof ComparePage>[0]['profiles']) =>
      String(
        ComparePage({
          profiles,
          chosen: [],
          prices: {},
          cpmBenchmark: 10,
          rows: undefined,
          query: '',
        }).toString(),
      );
    const none = await page([]);
    assert.match(
      none,
      /id="compare-needs-two">Comparing needs at least two saved profiles; none is saved so far\./,
    );
    assert.match(none, /<a href="\/upload">Upload<\/a>/);
    assert.match(await page([{ platform: 'x', id: '1', handle: 'a' }]), /one is saved so far/);
    const two = await page([
      { platform: 'x', id: '1', handle: 'a' },
      { platform: 'x', id: '2', handle: 'b' },
    ]);
    assert.doesNotMatch(two, /compare-needs-two/);
  });
});
