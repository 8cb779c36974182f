import type { DevChain } from '../../test/support/dev-chain.js';
import { KSM } from '../../test/support/dev-chain.js';
import { advanceEra, setValidatorCount } from '../../test/support/chain-era.js';

/** A demo account: a public test key of the local chain, handed to the browser on purpose. */
export interface DemoAccount {
  name: string;
  uri: string;
  address: string;
}

/** A validator of "the programme": listed, with its name, in the demo's candidate source. */
export interface ProgrammeValidator {
  stash: string;
  name: string;
}

export interface DemoWorld {
  programme: ProgrammeValidator[];
  accounts: DemoAccount[];
  operator: { uri: string; address: string };
  /** The active era once set up (the first with an active set). */
  activeEra: number;
}

const PERBILL_PER_PERCENT = 10_000_000;
const PROGRAMME_NAMES = [
  'Aurora Staking',
  'Birchwood Node',
  'Cedar Validator',
  'Delta Relay',
  'Ember Stake',
  'Fjord Validator',
];
/** The programme's own bond: the same for every one of them, so only nominations tell them apart. */
const PROGRAMME_BOND_KSM = 1_000n;
/**
 * Validators outside the programme that hold the free seats of the active set until NDeST's
 * stake backs programme validators: a little more own bond than a programme validator, so that
 * any delegator's nomination (a few KSM spread over its targets) outweighs them. Without them the
 * free seats would go to programme validators that nobody nominated.
 */
const OUTSIDE_COUNT = 4;
const OUTSIDE_BOND_KSM = PROGRAMME_BOND_KSM + 1n;
const DEMO_ACCOUNT_KSM = 1_000;

export const DEMO_OPERATOR_URI = '//NDeST-demo//operator';
export const demoAccountUri = (n: number) => `//NDeST-demo//${n}`;

/**
 * Sets up the demo's world on a fresh local Asset Hub: six programme validators (waiting, 5%
 * commission), four outside validators holding the free seats, room in the active set for four
 * more than the genesis validators, the first era (the genesis era elects nobody), three funded
 * demo accounts (Demo 2 already bonded; Demo 1 and 3 bond when they join) and the operator.
 */
export async function setUpDemoWorld(chain: DevChain, log: (line: string) => void): Promise<DemoWorld> {
  const pair = (uri: string) => chain.keyring.addFromUri(uri);
  const genesisValidators = (await chain.api.query.staking.validators.keys()).length;

  const programme = PROGRAMME_NAMES.map((name, i) => ({ name, pair: pair(`//NDeST-demo//programme//${i + 1}`) }));
  const outside = Array.from({ length: OUTSIDE_COUNT }, (_, i) => pair(`//NDeST-demo//outside//${i + 1}`));
  // All at once: one signer each, so their extrinsics share blocks.
  await Promise.all([
    ...programme.map((v) =>
      chain.createValidator(v.pair, {
        commission: 5 * PERBILL_PER_PERCENT,
        blocked: false,
        bondKsm: PROGRAMME_BOND_KSM,
      }),
    ),
    ...outside.map((p) =>
      chain.createValidator(p, { commission: 10 * PERBILL_PER_PERCENT, blocked: false, bondKsm: OUTSIDE_BOND_KSM }),
    ),
  ]);
  log(
    `validators: ${genesisValidators} genesis, ${programme.length} of the programme (waiting, 5% commission), ${OUTSIDE_COUNT} others`,
  );

  await setValidatorCount(chain, genesisValidators + OUTSIDE_COUNT);
  const activeEra = await advanceEra(chain);
  log(`era ${activeEra} active: ${genesisValidators + OUTSIDE_COUNT} validators elected, none of the programme`);

  const operator = pair(DEMO_OPERATOR_URI);
  const accounts = [1, 2, 3].map((n) => ({
    name: `Demo ${n}`,
    uri: demoAccountUri(n),
    address: pair(demoAccountUri(n)).address,
  }));
  // The operator pays the fees of the nominations and payouts it sends.
  await chain.fund([operator.address, ...accounts.map((a) => a.address)], DEMO_ACCOUNT_KSM);
  // One account joins with its stake already bonded; the others bond in their setup call.
  const bonded = accounts[1]!;
  const outcome = await chain.submit(chain.api.tx.staking.bond(500n * KSM, 'Staked'), pair(bonded.uri));
  if (outcome.error) throw new Error(`bonding ${bonded.name}: ${outcome.error}`);
  log(
    `demo accounts: ${accounts.map((a) => a.name).join(', ')} with ${DEMO_ACCOUNT_KSM} KSM each (${bonded.name} has 500 KSM bonded)`,
  );

  return {
    programme: programme.map((v) => ({ stash: v.pair.address, name: v.name })),
    accounts,
    operator: { uri: DEMO_OPERATOR_URI, address: operator.address },
    activeEra,
  };
}

/** The programme's list as the 1KV `/candidates` endpoint serves it: names, and valid by its checks. */
export function candidateList(programme: ProgrammeValidator[]) {
  return programme.map((v) => ({ stash: v.stash, name: v.name, valid: true, active: false, validity: [] }));
}
