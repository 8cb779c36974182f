import { validationError } from '../errors.js';
import { canonicalDecimal } from '../shared/fixed-point.js';

/** The network properties of collectives (DESIGN §2), set by the operator. */
export interface NetworkProperties {
  /** Base units (see a token's `rate`): an exact decimal string, canonical. */
  minCollectiveBond: string;
  /** Seconds. */
  minCollectiveBondingTime: number;
  maxCollectiveOutputs: number;
  /** Seconds. */
  minCollectiveClaimPeriod: number;
}

export interface StoredNetworkProperties extends NetworkProperties {
  /** When an operator last set them; null: the defaults, never set. */
  updatedAt: Date | null;
}

/** The seed's defaults, in force until the operator sets a value. */
export const DEFAULT_NETWORK_PROPERTIES: Readonly<NetworkProperties> = Object.freeze({
  minCollectiveBond: '100000',
  minCollectiveBondingTime: 86_400,
  maxCollectiveOutputs: 10,
  minCollectiveClaimPeriod: 14_400,
});

/** Stored as 32-bit integers. */
export const MAX_PROPERTY_INTEGER = 2_147_483_647;

const INTEGER_FIELDS = {
  minCollectiveBondingTime: 0,
  maxCollectiveOutputs: 1,
  minCollectiveClaimPeriod: 0,
} as const satisfies Partial<Record<keyof NetworkProperties, number>>;

/**
 * The changes of a `PUT /v1/admin/network-properties`: every field optional, the others kept;
 * an unknown field is refused rather than ignored (a typo must not look like a success).
 */
export function networkPropertiesChanges(input: Record<string, unknown>): Partial<NetworkProperties> {
  const changes: Partial<NetworkProperties> = {};
  for (const [field, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (field === 'minCollectiveBond') {
      changes.minCollectiveBond = canonicalDecimal(value, {
        field,
        code: 'MIN_COLLECTIVE_BOND_INVALID',
        allowZero: true,
      });
    } else if (field in INTEGER_FIELDS) {
      const min = INTEGER_FIELDS[field as keyof typeof INTEGER_FIELDS];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > MAX_PROPERTY_INTEGER)
        throw validationError(
          `${field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}_INVALID`,
          `${field} must be an integer from ${min} to ${MAX_PROPERTY_INTEGER}`,
          { field },
        );
      changes[field as keyof typeof INTEGER_FIELDS] = value;
    } else {
      throw validationError('NETWORK_PROPERTY_UNKNOWN', `${field} is not a network property`, { field });
    }
  }
  return changes;
}
