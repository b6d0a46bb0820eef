import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** A PEM file with the certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string;
}

let cached: Promise<TlsMaterial> | undefined;

/** A self-signed certificate for 127.0.0.1, localhost and azure.test, made once per process. */
export function loopbackCertificate(): Promise<TlsMaterial> {
  cached ??= (async () => {
    const notBeforeDate = new Date(Date.now() - 60_000);
    const pems = await generate([{ name: 'commonName', value: 'te-actions emulator' }], {
      keySize: 2048,
      algorithm: 'sha256',
      notBeforeDate,
      notAfterDate: new Date(notBeforeDate.getTime() + 7 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', keyCertSign: true, digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        // azure.test: the name only test/proxy's CONNECT proxy resolves (proxy tests).
        { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }, { type: 2, value: 'azure.test' }] },
      ],
    });
    const dir = mkdtempSync(join(tmpdir(), 'te-emulator-tls-'));
    const caFile = join(dir, 'ca.pem');
    writeFileSync(caFile, pems.cert);
    return { key: pems.private, cert: pems.cert, caFile };
  })();
  return cached;
}
