// The profile page's re-audit card: followers lost between its two newest audits, and the share of them the earlier audit had flagged.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */

import { countOf, nounFor } from '../../../core/plural.ts';
import type { Reaudit } from '../../reaudit.ts';
import { formatCount, formatShare } from '../../report/words/report-numbers.ts';

export function ReauditCard(props: { reaudit: Reaudit }) {
  const { earlier, later, lost } = props.reaudit;
  return (
    <section class="card" id="reaudit">
      <h2>Since the previous audit</h2>
      <p>
        {lost.flaggedShareOfLost === null
          ? `All ${countOf(lost.earlierFollowers, 'follower')} of audit #${earlier.id} ${nounFor(lost.earlierFollowers, 'is', 'are')} still in audit #${later.id}.`
          : `${formatCount(lost.lost)} of the ${countOf(lost.earlierFollowers, 'follower')} of audit #${earlier.id} ${nounFor(lost.lost, 'is', 'are')} gone in audit #${later.id}; the earlier audit had flagged ${formatShare(lost.flaggedShareOfLost)} of them as suspicious (${formatShare(lost.flaggedShareOfAll)} of all its followers).`}
      </p>
      <p class="note">
        A share of flagged followers among the lost far above the share among all says a purge (or a clean-up)
        removed what the audit flagged.
      </p>
    </section>
  );
}
