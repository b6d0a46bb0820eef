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
          claims = await core.keys.verify(assertion, { issuer: GITHUB_ISSUER, audience: identity.audience ?? FEDERATION_AUDIENCE });
        } catch (error) {
          const code = (error as { code?: string }).code;
          if (code === 'ERR_JWT_EXPIRED') return aadError(700024, 'invalid_client', 'Client assertion is not within its valid time range.');
          if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED' && (error as { claim?: string }).claim === 'aud') {
            return aadError(700212, 'invalid_client', `No matching federated identity record found for presented assertion audience '${(error as { payload?: { aud?: unknown } }).payload?.aud}'.`);
          }
          if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') return aadError(700211, 'invalid_client', `No matching federated identity record found for presented assertion issuer or audience (${(error as Error).message}).`);
          return aadError(50027, 'invalid_client', `JWT token is invalid or malformed (${code}).`);
        }
        if (claims.sub !== identity.subject) {
          // Entra's answers for a subject that no federated credential has, as real runs print them
          // (Azure/login issues #515 and #573: "AADSTS7002138: No matching federated identity record
          // found for presented assertion subject '…'. The subject matches with case-insensitive
          // comparison, but not with case-sensitive comparison. Check your federated identity
          // credential Subject, Audience and Issuer against the presented assertion."; AADSTS700213
          // without the middle sentence when no subject matches at all).
          const check = 'Check your federated identity credential Subject, Audience and Issuer against the presented assertion.';
          if (String(claims.sub).toLowerCase() === identity.subject.toLowerCase()) {
            return aadError(7002138, 'invalid_client', `No matching federated identity record found for presented assertion subject '${claims.sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${check}`);
          }
          return aadError(700213, 'invalid_client', `No matching federated identity record found for presented assertion subject '${claims.sub}'. ${check}`);
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
    {
      // A managed-identity endpoint as App Service (and Container Apps) expose it through
      // IDENTITY_ENDPOINT / IDENTITY_HEADER. No public recording of it exists; the shape follows the
      // code of a real client, @azure/msal-node (src/client/ManagedIdentitySources/AppService.ts:
      // GET IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…[&client_id=…] with the
      // X-IDENTITY-HEADER secret; BaseManagedIdentitySource.ts getServerTokenResponse reads
      // access_token, expires_on (epoch seconds), resource, token_type). The header secret is the
      // identity's request token (a secret the runner harness watches for).
      id: 'entra.managedIdentity',
      method: 'GET',
      path: /^\/_msi\/token$/,
      auth: 'none',
      handler: async ({ req, url, base }) => {
        const identity = core.identity;
        if (req.headers['x-identity-header'] !== identity.requestToken) return json(401, { statusCode: 401, message: 'Unauthorized request: the X-IDENTITY-HEADER is missing or wrong.' });
        if (url.searchParams.get('api-version') !== '2019-08-01') return json(400, { statusCode: 400, message: 'Unsupported api-version.' });
        const resource = url.searchParams.get('resource');
        if (!resource) return json(400, { statusCode: 400, message: 'The resource parameter is required.' });
        const clientId = url.searchParams.get('client_id') ?? identity.clientId;
        if (clientId !== identity.clientId) return json(400, { statusCode: 400, message: `No managed identity with client ID '${clientId}' is assigned to this resource.` });
        const lifetime = identity.accessTokenLifetimeSeconds;
        const accessToken = await core.keys.sign({ aud: resource.replace(/\/\.default$/, ''), iss: `${base}/${identity.tenantId}/v2.0`, tid: identity.tenantId, appid: clientId, sub: clientId, oid: clientId }, lifetime);
        core.stats.accessTokensIssued++;
        return json(200, { access_token: accessToken, expires_on: String(Math.floor(Date.now() / 1000) + lifetime), resource, token_type: 'Bearer', client_id: clientId });
      },
    },
  ];
}
