// A table of scored followers: each with a link to its public profile, p(fake), audience type and its reasons.
/** @jsxRuntime automatic @jsxImportSource hono/jsx (here, not only in tsconfig: `realreach serve` may run from any folder) */
import type { FollowerResult } from '../../../audit/report-schema.ts';
import { followerProfileUrl } from '../../../core/profile-url.ts';
import { followerName } from '../../report/words/follower-name.ts';
import { formatProbability } from '../../report/words/report-numbers.ts';

const toneOf = (name: string) => name.replaceAll(' ', '-');

function FollowerCell(props: { follower: FollowerResult }) {
  const { follower } = props;
  const url = followerProfileUrl(follower);
  return (
    <td class="who">
      {url === undefined ? (
        <strong>{followerName(follower)}</strong>
      ) : (
        <a class="profile-link" href={url} target="_blank" rel="noopener noreferrer nofollow">
          <strong>{followerName(follower)}</strong>
        </a>
      )}
      <div class="note">{`${follower.platform} · read from ${follower.source}`}</div>
    </td>
  );
}

/** `first` numbers the rows from where the page starts. The cells' classes are those the report stylesheet's phone layout places. */
export function FollowerTable(props: { followers: FollowerResult[]; first?: number }) {
  const first = props.first ?? 1;
  return (
    <div class="table-wrap">
      <table class="list followers">
        <thead>
          <tr>
            <th scope="col" class="num">
              #
            </th>
            <th scope="col">Follower</th>
            <th scope="col" class="num">
              p(fake)
            </th>
            <th scope="col">Type</th>
            <th scope="col">Strongest reasons</th>
          </tr>
        </thead>
        <tbody>
          {props.followers.map((follower, index) => (
            <tr>
              <td class="num rank">{first + index}</td>
              <FollowerCell follower={follower} />
              <td class="num p-fake">{formatProbability(follower.pFake)}</td>
              <td class="kind">
                <span class={`badge type-${toneOf(follower.type)}`}>{follower.type}</span>
                {follower.unlikeTraining && <span class="badge">unlike training</span>}
              </td>
              <td class="reasons">
                {follower.reasons.length === 0 ? (
                  <span class="note">not computed</span>
                ) : (
                  <ol>
                    {follower.reasons.map((reason) => (
                      <li>{reason}</li>
                    ))}
                  </ol>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
