// A local OpenID provider for Balise's single sign-on tests. Never for production.
//
//   node server.mjs PORT [REDIRECT_URI ...]
//
// or with OIDC_PORT and OIDC_REDIRECT_URIS (space separated) in the environment.
// OIDC_CLIENT_AUTH_METHOD picks how the client authenticates at the token endpoint
// (client_secret_basic by default, or client_secret_post), and OIDC_CLAIMS_IN_ID_TOKEN=1 puts
// the email and profile claims in the ID token instead of only behind the userinfo endpoint.
//
// The login form at /interaction/<uid> (the provider's dev interactions) accepts any password;
// the login name must be an account below. Consent is granted without asking.

import { generateKeyPairSync, randomBytes } from 'node:crypto';

import Provider from 'oidc-provider';

const CLIENT_ID = 'balise-test';
const CLIENT_SECRET = 'balise-test-secret';
const SUPPORTED_AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post']);

const accounts = new Map([
  ['citizen-1', {
    email: 'editor@demo.balise.be',
    email_verified: true,
    name: 'Demo Editor',
    given_name: 'Demo',
    family_name: 'Editor',
  }],
]);

function readSettings() {
  const [portArgument, ...redirectArguments] = process.argv.slice(2);
  const port = Number.parseInt(portArgument ?? process.env.OIDC_PORT ?? '', 10);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new Error('give the port as the first argument or in OIDC_PORT');
  }
  const redirectUris = redirectArguments.length > 0
    ? redirectArguments
    : (process.env.OIDC_REDIRECT_URIS ?? '').split(/\s+/).filter(Boolean);
  if (redirectUris.length === 0) {
    throw new Error('give the redirect URIs as arguments or in OIDC_REDIRECT_URIS');
  }
  const clientAuthMethod = process.env.OIDC_CLIENT_AUTH_METHOD || 'client_secret_basic';
  if (!SUPPORTED_AUTH_METHODS.has(clientAuthMethod)) {
    throw new Error(`OIDC_CLIENT_AUTH_METHOD must be one of ${[...SUPPORTED_AUTH_METHODS]}`);
  }
  const claimsInIdToken = process.env.OIDC_CLAIMS_IN_ID_TOKEN === '1';
  return { port, redirectUris, clientAuthMethod, claimsInIdToken };
}

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(8).toString('hex');
  return { ...privateKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' };
}

async function findAccount(_ctx, accountId) {
  const profile = accounts.get(accountId);
  if (!profile) {
    return undefined;
  }
  return {
    accountId,
    async claims() {
      return { sub: accountId, ...profile };
    },
  };
}

async function grantWhatWasAsked(ctx) {
  const { oidc } = ctx;
  const existingGrantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
  if (existingGrantId) {
    return oidc.provider.Grant.find(existingGrantId);
  }
  const grant = new oidc.provider.Grant({
    accountId: oidc.session.accountId,
    clientId: oidc.client.clientId,
  });
  grant.addOIDCScope([...oidc.requestParamOIDCScopes].join(' '));
  await grant.save();
  return grant;
}

function buildProvider({ port, redirectUris, clientAuthMethod, claimsInIdToken }) {
  const issuer = `http://127.0.0.1:${port}`;
  return new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: redirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: clientAuthMethod,
    }],
    clientAuthMethods: [clientAuthMethod],
    responseTypes: ['code'],
    pkce: { required: () => true },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name'],
    },
    conformIdTokenClaims: !claimsInIdToken,
    features: { devInteractions: { enabled: true }, userinfo: { enabled: true } },
    findAccount,
    loadExistingGrant: grantWhatWasAsked,
    jwks: { keys: [newSigningKey()] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
  });
}

const settings = readSettings();
const provider = buildProvider(settings);
const server = provider.listen(settings.port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${provider.issuer}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
