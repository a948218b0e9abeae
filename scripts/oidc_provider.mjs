// A real OpenID Connect provider on loopback, for Attend's tests and the local demo (docs/adr/0027).
//
// Usage: node scripts/oidc_provider.mjs CONFIG.json
// CONFIG: {"port": 0, "host": "127.0.0.1", "clients": [...oidc-provider client metadata...],
//          "accounts": {"<login>": {"email": "...", "email_verified": true, "tamper": "audience" | "expired"}}}
// Prints one line, `listening <issuer>`, once it accepts requests (port 0 picks a free port).
//
// The provider is `oidc-provider` (OpenID certified) with its development sign-in pages: any password is
// accepted for a login listed in CONFIG.accounts. An account with "tamper" gets an ID token re-signed with the
// provider's own key but a wrong audience or an expiry in the past, so tests can show Attend refuses a
// well-signed token that was not meant for it or has expired.
import fs from 'node:fs';
import http from 'node:http';

import * as jose from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const host = config.host || '127.0.0.1';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: 'attend-test-key', alg: 'RS256', use: 'sig' };

// A login is an account's key, or its email address (what Attend passes on as the login hint).
function resolve(typed) {
  if (config.accounts[typed]) return config.accounts[typed];
  return Object.values(config.accounts).find((account) => account.email === typed && !account.tamper);
}

function accountFor(typed) {
  const account = resolve(typed);
  if (!account) return undefined;
  return {
    accountId: typed,
    async claims() {
      return { sub: typed, email: account.email, email_verified: account.email_verified !== false };
    },
  };
}

async function tampered(idToken) {
  const claims = jose.decodeJwt(idToken);
  const tamper = (resolve(claims.sub) || {}).tamper;
  if (tamper === 'audience') claims.aud = 'someone-else';
  else if (tamper === 'expired') {
    const now = Math.floor(Date.now() / 1000);
    claims.iat = now - 7200;
    claims.exp = now - 3600;
  } else return idToken;
  const key = await jose.importJWK(signingJwk, 'RS256');
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingJwk.kid, typ: 'JWT' }).sign(key);
}

// The issuer is only known once the port is: listen first, then build the provider behind the same server.
let handler = (req, res) => res.writeHead(503).end();
const server = http.createServer((req, res) => handler(req, res));
server.listen(config.port || 0, host, () => {
  const issuer = `http://${host}:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients,
    jwks: { keys: [signingJwk] },
    findAccount: (ctx, id) => accountFor(id),
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    // No consent screen: the test clients are first-party, as an organisation's own registration is.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
  });
  provider.proxy = false;
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path === '/token' && ctx.body && typeof ctx.body === 'object' && ctx.body.id_token) {
      ctx.body = { ...ctx.body, id_token: await tampered(ctx.body.id_token) };
    }
  });
  handler = provider.callback();
  console.log(`listening ${issuer}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive connections would hold the close open
  });
}
