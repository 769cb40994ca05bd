import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exampleFollowers } from '../../report/fixtures/example-report.ts';
import { REPORT_CSS } from '../../report/html/html-style.ts';
import { FollowerTable } from './follower-table.tsx';

describe('FollowerTable', () => {
  it("gives its cells the classes the stylesheet's phone layout places (else the type badge lands on the reasons)", async () => {
    const html = String(await FollowerTable({ followers: exampleFollowers.slice(0, 2) }).toString());
    const phone = REPORT_CSS.slice(REPORT_CSS.indexOf('@media (max-width: 639px)'));
    for (const cell of ['rank', 'who', 'p-fake', 'kind', 'reasons']) {
      assert.match(phone, new RegExp(`\\.followers \\.${cell}\\b`), `the phone layout places .${cell}`);
      assert.equal(
        html.match(new RegExp(`<td class="[^"]*\\b${cell}\\b`, 'g'))?.length,
        2,
        `a .${cell} cell in every row`,
      );
    }
  });
});
