import { decodeAddress, encodeAddress } from '@polkadot/util-crypto';
import { useApp } from '../app-state.js';

/** An address in the network's format (Kusama: prefix 2), in full, selectable. */
export function Address({ value, label }: { value: string; label?: string | null }) {
  const { config } = useApp();
  let shown = value;
  try {
    shown = encodeAddress(decodeAddress(value), config.chain.ss58Prefix);
  } catch {
    // Not an address (an operator's typo in a list): shown as it came.
  }
  return (
    <span className="address" title={shown}>
      {label ? <span className="address-label">{label} </span> : null}
      <code>{shown}</code>
    </span>
  );
}
