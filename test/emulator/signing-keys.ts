import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';
import { registerSecret } from '../runner/secret-guard.ts';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** The emulator's RSA key: signs GitHub ID tokens and Entra access tokens, and verifies both. */
export class SigningKeys {
  readonly kid = randomUUID();
  private readonly pair: KeyPair;

  private constructor(pair: KeyPair) {
    this.pair = pair;
  }

  static async create(): Promise<SigningKeys> {
    return new SigningKeys(await generateKeyPair('RS256', { extractable: true }));
  }

  async sign(claims: JWTPayload, lifetimeSeconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.kid })
      .setIssuedAt(now)
      .setNotBefore(now - 5)
      .setExpirationTime(now + lifetimeSeconds)
      .setJti(randomUUID())
      .sign(this.pair.privateKey);
    registerSecret(token);
    return token;
  }

  /** Verifies signature, issuer and audience; throws with jose's code on failure (e.g. ERR_JWT_EXPIRED). */
  async verify(token: string, expected: { issuer?: string; audience?: string }): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.pair.publicKey, { issuer: expected.issuer, audience: expected.audience, clockTolerance: 0 });
    return payload;
  }

  async jwks(): Promise<{ keys: unknown[] }> {
    return { keys: [{ ...(await exportJWK(this.pair.publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' }] };
  }
}
