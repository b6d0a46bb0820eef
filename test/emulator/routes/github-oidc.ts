import type { Route } from '../http-kit.ts';
import { json } from '../http-kit.ts';
import type { EmulatorCore } from '../core.ts';
import { GITHUB_ISSUER } from '../identity.ts';

/** The runner's ID token endpoint: GET $ACTIONS_ID_TOKEN_REQUEST_URL&audience=... */
export function githubOidcRoutes(core: EmulatorCore): Route[] {
  return [
    {
      id: 'github.idtoken',
      method: 'GET',
      path: /^\/_github\/idtoken$/,
      auth: 'custom',
      handler: async ({ req, url }) => {
        if (req.headers.authorization !== `Bearer ${core.identity.requestToken}`) return json(401, { message: 'Bad request token' });
        const audience = url.searchParams.get('audience') ?? 'https://github.com/contoso';
        const value = await core.keys.sign(
          {
            iss: GITHUB_ISSUER,
            aud: audience,
            sub: core.identity.jobSubject,
            repository: 'contoso/migrations',
            ref: 'refs/heads/main',
            environment: 'production',
            // GitHub's ID token claims (docs: "About security hardening with OpenID Connect", example token).
            job_workflow_ref: 'contoso/migrations/.github/workflows/prod.yml@refs/heads/main',
          },
          core.identity.idTokenLifetimeSeconds,
        );
        core.stats.idTokensIssued++;
        return json(200, { count: 1, value });
      },
    },
  ];
}
