import type { Route } from '../http-kit.ts';
import { json } from '../http-kit.ts';
import type { EmulatorCore } from '../core.ts';
import { FEDERATION_AUDIENCE, GITHUB_ISSUER } from '../identity.ts';

function aadError(code: number, error: string, description: string) {
  return json(error === 'invalid_client' ? 401 : 400, {
    error,
    error_description: `AADSTS${code}: ${description}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: '00000000-0000-0000-0000-000000000000',
    correlation_id: '00000000-0000-0000-0000-000000000000',
  });
}

/** Entra ID: discovery and the client-credentials grant with a federated client assertion. */
export function entraRoutes(core: EmulatorCore): Route[] {
  return [
    {
      id: 'entra.discovery',
      method: 'GET',
      path: /^\/(?<tenant>[^/]+)\/v2\.0\/\.well-known\/openid-configuration$/,
      auth: 'none',
      handler: ({ params, base }) => {
        const t = `${base}/${params.tenant}`;
        return json(200, {
          token_endpoint: `${t}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
          jwks_uri: `${t}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${t}/v2.0`,
          request_uri_parameter_supported: false,
          userinfo_endpoint: `${base}/oidc/userinfo`,
          authorization_endpoint: `${t}/oauth2/v2.0/authorize`,
          device_authorization_endpoint: `${t}/oauth2/v2.0/devicecode`,
          http_logout_supported: true,
          frontchannel_logout_supported: true,
          end_session_endpoint: `${t}/oauth2/v2.0/logout`,
          claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid'],
          tenant_region_scope: 'NA',
          cloud_instance_name: 'microsoftonline.com',
          cloud_graph_host_name: 'graph.windows.net',
          msgraph_host: 'graph.microsoft.com',
        });
      },
    },
    {
      id: 'entra.keys',
      method: 'GET',
      path: /^\/(?<tenant>[^/]+)\/discovery\/v2\.0\/keys$/,
      auth: 'none',
      handler: async () => json(200, await core.keys.jwks()),
    },
    {
      id: 'entra.token',
      method: 'POST',
      path: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/,
      auth: 'none',
      handler: async ({ params, form, base }) => {
        const identity = core.identity;
        if (params.tenant !== identity.tenantId) return aadError(90002, 'invalid_request', `Tenant '${params.tenant}' not found.`);
        if (form.get('grant_type') !== 'client_credentials') return aadError(70003, 'unsupported_grant_type', 'The app requested an unsupported grant type.');
        if (form.get('client_id') !== identity.clientId) return aadError(700016, 'unauthorized_client', `Application with identifier '${form.get('client_id')}' was not found in the directory.`);
        if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') {
          return aadError(7000218, 'invalid_client', "The request body must contain 'client_assertion' or 'client_secret'.");
        }
        const assertion = form.get('client_assertion') ?? '';
        let claims;
        try {
          claims = await core.keys.verify(assertion, { issuer: GITHUB_ISSUER, audience: FEDERATION_AUDIENCE });
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === 'ERR_JWT_EXPIRED') return aadError(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
          if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return aadError(700211, 'invalid_client', `No matching federated identity record found for presented assertion issuer or audience (${(error as Error).message}).`);
          return aadError(50027, 'invalid_client', `JWT token is invalid or malformed (${code}).`);
        }
        if (claims.sub !== identity.subject) {
          return aadError(70021, 'invalid_client', `No matching federated identity record found for presented assertion. Assertion Subject: '${claims.sub}'.`);
        }
        core.stats.assertionsAccepted.push(String(claims.jti));
        const scope = (form.get('scope') ?? '').split(' ').find((each) => each.endsWith('/.default'));
        if (!scope) return aadError(70011, 'invalid_scope', 'The provided value for the input parameter scope is not valid.');
        const resource = scope.slice(0, -'/.default'.length);
        const lifetime = identity.accessTokenLifetimeSeconds;
        const accessToken = await core.keys.sign({ aud: resource, iss: `${base}/${identity.tenantId}/v2.0`, tid: identity.tenantId, appid: identity.clientId, sub: identity.clientId, oid: identity.clientId }, lifetime);
        core.stats.accessTokensIssued++;
        return json(200, { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken });
      },
    },
  ];
}
