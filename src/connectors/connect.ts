// Picks the connector for a parsed profile: Mastodon, Bluesky or X, built with the same options.
import { blueskySource } from './bluesky/bluesky-source.ts';
import type { ConnectorOptions, FollowerSource } from './follower-source.ts';
import { mastodonSource } from './mastodon/mastodon-source.ts';
import type { ProfileRef } from './profile-ref.ts';
import { xSource } from './x/x-source.ts';

export interface ConnectOptions extends ConnectorOptions {
  /** X only: the user's own API bearer token. */
  xBearerToken?: string;
}

/** Thrown when a platform needs a credential the caller did not give. */
export class MissingCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingCredentialError';
  }
}

export function connectFollowerSource(ref: ProfileRef, options: ConnectOptions): FollowerSource {
  switch (ref.platform) {
    case 'mastodon':
      return mastodonSource(ref, options);
    case 'bluesky':
      return blueskySource(ref, options);
    case 'x':
      if (options.xBearerToken === undefined || options.xBearerToken === '') {
        throw new MissingCredentialError(
          'X needs your own API bearer token: set X_BEARER_TOKEN (X bills each follower read to that account)',
        );
      }
      return xSource(ref, { ...options, bearerToken: options.xBearerToken });
  }
}
