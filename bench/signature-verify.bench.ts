/**
 * Signature checks of a signed wallet request (DESIGN §6), one core, one at a time: the pure-JS
 * sr25519 of @polkadot/util-crypto (@scure/sr25519) against the WASM one of @polkadot/wasm-crypto,
 * ed25519 both ways, and the whole `signatureVerify` the service used before against the
 * PolkadotSignatureVerifier it uses now, for a wallet's (<Bytes>-wrapped) and a bare signature.
 *
 *   npx tsx bench/signature-verify.bench.ts
 */
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';
import { cryptoWaitReady, ed25519Verify, signatureVerify, sr25519Verify } from '@polkadot/util-crypto';
import { ed25519Verify as wasmEd25519Verify, sr25519Verify as wasmSr25519Verify } from '@polkadot/wasm-crypto';
import { PolkadotSignatureVerifier } from '../src/chain/signature-verifier.js';
import { renderTable } from './report-format.js';

const MIN_RUN_MS = 1500;

/** Microseconds per call of `run`, over at least MIN_RUN_MS after a warm-up. */
function timePerCall(run: () => boolean): number {
  for (let i = 0; i < 50; i++) run();
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_RUN_MS) {
    for (let i = 0; i < 20; i++) if (!run()) throw new Error('a check that must pass failed');
    calls += 20;
    elapsed = performance.now() - start;
  }
  return (elapsed * 1000) / calls;
}

await cryptoWaitReady();
const keyring = new Keyring({ ss58Format: 2 });
const sr = keyring.addFromUri('//Bench', {}, 'sr25519');
const ed = keyring.addFromUri('//Bench', {}, 'ed25519');
const message = `NDeST:opt-in:0x${'ab'.repeat(32)}:{"address":"${sr.address}","bond":"1000000000000","expiresAt":"2025-03-01T12:05:00.000Z","nonce":"0123456789abcdef0123456789abcdef"}`;
const bare = stringToU8a(message);
const wrapped = u8aWrapBytes(bare);
const srWrapped = sr.sign(wrapped);
const srBare = sr.sign(bare);
const edWrapped = ed.sign(wrapped);
const verifier = await PolkadotSignatureVerifier.create();

const cases: [string, () => boolean][] = [
  ['sr25519 verify, pure JS (@scure/sr25519)', () => sr25519Verify(wrapped, srWrapped, sr.publicKey)],
  ['sr25519 verify, WASM (@polkadot/wasm-crypto)', () => wasmSr25519Verify(srWrapped, wrapped, sr.publicKey)],
  ['ed25519 verify, util-crypto (WASM when ready)', () => ed25519Verify(wrapped, edWrapped, ed.publicKey)],
  ['ed25519 verify, pure JS (@noble/curves)', () => ed25519Verify(wrapped, edWrapped, ed.publicKey, true)],
  ['ed25519 verify, WASM direct', () => wasmEd25519Verify(edWrapped, wrapped, ed.publicKey)],
  [
    'before: signatureVerify bare then wrapped, sr25519 wallet signature',
    () =>
      signatureVerify(message, u8aToHex(srWrapped), sr.address).isValid ||
      signatureVerify(u8aWrapBytes(message), u8aToHex(srWrapped), sr.address).isValid,
  ],
  [
    'now: PolkadotSignatureVerifier, sr25519 wallet (wrapped)',
    () => verifier.verify(message, u8aToHex(srWrapped), sr.address),
  ],
  ['now: PolkadotSignatureVerifier, sr25519 bare', () => verifier.verify(message, u8aToHex(srBare), sr.address)],
  [
    'now: PolkadotSignatureVerifier, ed25519 wallet (wrapped)',
    () => verifier.verify(message, u8aToHex(edWrapped), ed.address),
  ],
];

const rows = cases.map(([name, run]) => {
  const micros = timePerCall(run);
  return [name, micros.toFixed(1), Math.round(1e6 / micros).toLocaleString('en-US')];
});
console.log(`Signature checks on one core (message of ${bare.length} bytes), node ${process.version}\n`);
console.log(renderTable(['check', 'µs per call', 'calls/s'], rows));
