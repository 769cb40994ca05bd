// The audit page's "follower factory" card: followers in follow order against their creation dates (uPlot), with the bought batches found in them.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import { raw } from 'hono/html';
import { countOf } from '../../../core/plural.ts';
import type { FollowOrderView } from '../../follow-order-view.ts';
import { renderFollowOrderSvg } from '../../report/html/follow-order-svg.ts';
import { formatCount } from '../../report/words/report-numbers.ts';

export function FollowOrderCard(props: { view: FollowOrderView }) {
  const { view } = props;
  const values = {
    order: view.points.map((p) => p.order),
    organic: view.points.map((p) => (p.inBatch ? null : p.createdAt / 1000)),
    batch: view.points.map((p) => (p.inBatch ? p.createdAt / 1000 : null)),
  };
  const description = `${countOf(view.followers, 'follower')} in follow order (oldest first) against the date each account was created; ${countOf(view.batches.length, 'bought batch', 'bought batches')} marked.`;
  return (
    <section class="card" id="follow-order">
      <h2>Follow order × creation date</h2>
      <div
        class="uplot-chart"
        id="follow-order-chart"
        role="img"
        aria-label={description}
        data-chart="followOrder"
        data-values={JSON.stringify(values)}
      />
      <noscript>{raw(renderFollowOrderSvg(view))}</noscript>
      <p class="note">
        {`Each dot is a follower: across, the order they followed in (oldest first${view.orderInferred ? `; the list was taken to be ${view.newestFirst ? 'newest' : 'oldest'} first because its ${view.newestFirst ? 'first' : 'second'} half holds the newer accounts` : ''}); up, when their account was created. Organic followers spread up to the frontier of new accounts; a bought batch shows as a dense streak of accounts made together and followed together (the "follower factory" picture).${view.step > 1 ? ` Every ${view.step}th follower is drawn.` : ''}${view.undated > 0 ? ` ${formatCount(view.undated)} followers without a creation date are left out.` : ''}`}
      </p>
      {view.batches.length === 0 ? (
        <p class="note" id="no-batches">
          No run of followers alike in the ways bought batches are (high p(fake) with packed or ordered
          creation dates, or one handle template).
        </p>
      ) : (
        <div class="table-wrap">
          <table class="list" id="batches">
            <thead>
              <tr>
                <th scope="col">Positions (list order)</th>
                <th scope="col" class="num">
                  Followers
                </th>
                <th scope="col">Created</th>
                <th scope="col" class="num">
                  Mean p(fake)
                </th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {view.batches.map((batch) => (
                <tr>
                  <td>{`${formatCount(batch.start)}–${formatCount(batch.end)}`}</td>
                  <td class="num">{formatCount(batch.size)}</td>
                  <td>{`${batch.createdFrom ?? '?'} – ${batch.createdTo ?? '?'}`}</td>
                  <td class="num">{batch.meanPFake.toFixed(2)}</td>
                  <td>{batch.evidence.slice(1).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
