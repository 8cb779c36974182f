import { compactToU8a, stringToU8a, u8aConcat } from '@polkadot/util';
import { blake2AsU8a, encodeAddress } from '@polkadot/util-crypto';
import type { Address } from '../src/domain/shared/types.js';

/**
 * The exposures of a service with many delegators, era after era, made up deterministically so that
 * a benchmark can serve them as chain storage without holding every era in memory.
 *
 * - `delegators` stashes the service nominated (4 targets each among `validators`); in every era
 *   each delegator is exposed behind 2 of its 4 targets (which 2 changes with the era), as an
 *   election spreads a nominator's stake over some of its targets.
 * - `others`: nominators that are not the service's, 1 validator each, placed first on the pages
 *   (they back with more stake, and pages hold the largest backers first).
 * - every validator nominated is elected in every era (the worst case for the scan).
 */
export interface ScanScenarioOptions {
  delegators: number;
  validators: number;
  others: number;
  /** The runtime's `maxExposurePageSize`. */
  pageSize: number;
  prefix: number;
}

const TARGETS = 4;
const EXPOSED_PER_ERA = 2;
const DELEGATOR_STAKE = 10n ** 13n; // 10 KSM
const OTHER_STAKE = 10n ** 14n;
const OWN_STAKE = 10n ** 16n;

export interface EraLayout {
  /** Per validator: backer indexes (< delegators: a delegator; else an other), page order. */
  backers: Int32Array[];
}

export class ScanScenario {
  readonly options: ScanScenarioOptions;
  readonly delegatorAddresses: Address[];
  readonly validatorAddresses: Address[];
  /** Account ids of delegators then others, 32 bytes each. */
  readonly #accounts: Uint8Array;
  readonly #validatorIds: Uint8Array[];
  readonly #delegatorValue = compactToU8a(DELEGATOR_STAKE);
  readonly #otherValue = compactToU8a(OTHER_STAKE);
  #cached: { era: number; layout: EraLayout } | null = null;

  constructor(options: ScanScenarioOptions) {
    this.options = options;
    const total = options.delegators + options.others;
    this.#accounts = new Uint8Array(total * 32);
    this.delegatorAddresses = [];
    for (let i = 0; i < total; i++) {
      const id = blake2AsU8a(stringToU8a(i < options.delegators ? `ndest-bench:${i}` : `ndest-bench-other:${i}`));
      this.#accounts.set(id, i * 32);
      if (i < options.delegators) this.delegatorAddresses.push(encodeAddress(id, options.prefix));
    }
    this.#validatorIds = Array.from({ length: options.validators }, (_, v) =>
      blake2AsU8a(stringToU8a(`ndest-bench-validator:${v}`)),
    );
    this.validatorAddresses = this.#validatorIds.map((id) => encodeAddress(id, options.prefix));
  }

  /** The 4 validators (indexes) the service nominated for delegator `d`. */
  targetsOf(d: number): number[] {
    const { validators } = this.options;
    const step = Math.max(1, Math.floor(validators / TARGETS));
    return Array.from({ length: TARGETS }, (_, j) => (d + j * step) % validators);
  }

  /** Who backs which validator in `era`, in page order (the last era asked is kept). */
  layout(era: number): EraLayout {
    if (this.#cached?.era === era) return this.#cached.layout;
    const { delegators, validators, others } = this.options;
    const counts = new Int32Array(validators);
    const exposedTargets = (d: number) => {
      const targets = this.targetsOf(d);
      return Array.from({ length: EXPOSED_PER_ERA }, (_, k) => targets[(era + k) % TARGETS]!);
    };
    for (let o = 0; o < others; o++) counts[o % validators]!++;
    for (let d = 0; d < delegators; d++) for (const v of exposedTargets(d)) counts[v]!++;
    const backers = Array.from(counts, (n) => new Int32Array(n));
    const filled = new Int32Array(validators);
    for (let o = 0; o < others; o++) backers[o % validators]![filled[o % validators]!++] = delegators + o;
    for (let d = 0; d < delegators; d++) for (const v of exposedTargets(d)) backers[v]![filled[v]!++] = d;
    const layout = { backers };
    this.#cached = { era, layout };
    return layout;
  }

  pageCount(layout: EraLayout, validator: number): number {
    return Math.ceil(layout.backers[validator]!.length / this.options.pageSize);
  }

  validatorId(validator: number): Uint8Array {
    return this.#validatorIds[validator]!;
  }

  /** SCALE of `PagedExposureMetadata { total, own, nominator_count, page_count }`. */
  overviewBytes(layout: EraLayout, validator: number): Uint8Array {
    const backers = layout.backers[validator]!;
    let total = OWN_STAKE;
    for (const b of backers) total += this.#stakeOf(b);
    const counts = new Uint8Array(8);
    const view = new DataView(counts.buffer);
    view.setUint32(0, backers.length, true);
    view.setUint32(4, this.pageCount(layout, validator), true);
    return u8aConcat(compactToU8a(total), compactToU8a(OWN_STAKE), counts);
  }

  /** SCALE of `ExposurePage { page_total, others: Vec<IndividualExposure { who, value }> }`. */
  pageBytes(layout: EraLayout, validator: number, page: number): Uint8Array {
    const { pageSize } = this.options;
    const all = layout.backers[validator]!;
    const slice = all.subarray(page * pageSize, Math.min(all.length, (page + 1) * pageSize));
    let pageTotal = 0n;
    let size = 0;
    for (const b of slice) {
      pageTotal += this.#stakeOf(b);
      size += 32 + this.#valueOf(b).length;
    }
    const head = u8aConcat(compactToU8a(pageTotal), compactToU8a(slice.length));
    const out = new Uint8Array(head.length + size);
    out.set(head, 0);
    let at = head.length;
    for (const b of slice) {
      out.set(this.#accounts.subarray(b * 32, b * 32 + 32), at);
      at += 32;
      const value = this.#valueOf(b);
      out.set(value, at);
      at += value.length;
    }
    return out;
  }

  /** A page as JSON for the registry's encoder (to check `pageBytes` against it). */
  pageJson(layout: EraLayout, validator: number, page: number): unknown {
    const { pageSize } = this.options;
    const slice = layout.backers[validator]!.subarray(page * pageSize, (page + 1) * pageSize);
    const others = Array.from(slice, (b) => ({
      who: this.#accounts.subarray(b * 32, b * 32 + 32),
      value: this.#stakeOf(b).toString(),
    }));
    return { pageTotal: others.reduce((a, o) => a + BigInt(o.value), 0n).toString(), others };
  }

  overviewJson(layout: EraLayout, validator: number): unknown {
    const backers = layout.backers[validator]!;
    let total = OWN_STAKE;
    for (const b of backers) total += this.#stakeOf(b);
    return {
      total: total.toString(),
      own: OWN_STAKE.toString(),
      nominatorCount: backers.length,
      pageCount: this.pageCount(layout, validator),
    };
  }

  #stakeOf(backer: number): bigint {
    return backer < this.options.delegators ? DELEGATOR_STAKE : OTHER_STAKE;
  }

  #valueOf(backer: number): Uint8Array {
    return backer < this.options.delegators ? this.#delegatorValue : this.#otherValue;
  }
}
