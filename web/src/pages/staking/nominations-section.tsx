import { Address } from '../../components/address.js';
import { href } from '../../router.js';
import { sameAccount } from './address-key.js';
import { selectionReasonInWords, type DelegationSelection } from './delegation-api.js';
import { useRounds } from './use-rounds.js';
import { nominationRows, whyChosen } from './why-chosen.js';

/**
 * The stash's current nominations: what the chain shows and what NDeST last set, each validator
 * by its name in the candidate source, with the round that chose it, its seed and a replay link.
 */
export function NominationsSection({
  chainTargets,
  ndestTargets,
  selections,
  nameOf,
  chainKnown,
}: {
  chainTargets: string[] | null;
  ndestTargets: string[];
  selections: DelegationSelection[];
  nameOf(address: string): string | null;
  chainKnown: boolean;
}) {
  const rows = nominationRows(chainTargets, ndestTargets).map((row) => ({
    ...row,
    name: nameOf(row.address),
    chosen: whyChosen(row.address, selections),
  }));
  const rounds = useRounds(rows.flatMap((r) => (r.chosen ? [r.chosen.roundId] : [])));
  return (
    <section aria-labelledby="nominations-heading">
      <h2 id="nominations-heading">Current nominations</h2>
      {rows.length === 0 ? (
        <p>
          No nominations yet. NDeST nominates for an active account in its next round (a round starts with each new
          era).
        </p>
      ) : (
        <div className="table-wrap">
          <table className="nominations">
            <thead>
              <tr>
                <th scope="col">Validator</th>
                <th scope="col">On chain now</th>
                <th scope="col">Chosen in</th>
                <th scope="col">Why</th>
                <th scope="col">Seed of the draw</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const round = r.chosen ? rounds.get(r.chosen.roundId) : undefined;
                return (
                  <tr key={r.address}>
                    <td>
                      <strong className="validator-name">{r.name ?? 'No name in the candidate list'}</strong>
                      <br />
                      <Address value={r.address} />
                    </td>
                    <td>
                      {!chainKnown ? '…' : r.onChain ? 'Yes' : r.byNdest ? 'Not yet (being sent)' : 'No'}
                      {!r.byNdest ? <span className="muted small"> (not set by NDeST)</span> : null}
                    </td>
                    <td>
                      {r.chosen ? (
                        <>
                          <a href={href('rounds', r.chosen.roundId)}>Round {r.chosen.roundId}</a>
                          {round?.activeEra != null ? (
                            <span className="muted small"> (era {round.activeEra})</span>
                          ) : null}
                          <br />
                          <a href={href('rounds', r.chosen.roundId)} className="small">
                            Replay this round
                          </a>
                        </>
                      ) : (
                        <span className="muted">No recorded round</span>
                      )}
                    </td>
                    <td>
                      {r.chosen
                        ? r.chosen.keptTargets.some((t) => sameAccount(t, r.address))
                          ? `Kept from an earlier round (this round: ${selectionReasonInWords(r.chosen.reason).toLowerCase()})`
                          : selectionReasonInWords(r.chosen.reason)
                        : r.byNdest
                          ? '—'
                          : 'Your own choice'}
                    </td>
                    <td>
                      {round?.seed ? <code className="seed">{round.seed}</code> : <span className="muted">—</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <p className="muted small">
        Each round draws validators with a seed taken from a chain block fixed in advance; replaying a round recomputes
        the draw from the same snapshot and seed, so anyone can check that nobody picked by hand.
      </p>
    </section>
  );
}

/** The latest rounds that drew for this stash, newest first. */
export function SelectionsTable({ selections }: { selections: DelegationSelection[] }) {
  if (selections.length === 0) return null;
  return (
    <section aria-labelledby="selections-heading">
      <h2 id="selections-heading">Rounds that drew for this account</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Round</th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Validators
              </th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {selections.map((s) => (
              <tr key={s.roundId}>
                <td>
                  <a href={href('rounds', s.roundId)}>Round {s.roundId}</a>
                </td>
                <td>{selectionReasonInWords(s.reason)}</td>
                <td className="num">
                  {s.targets.length}
                  {s.keptTargets.length > 0 ? (
                    <span className="muted small"> ({s.keptTargets.length} kept)</span>
                  ) : null}
                </td>
                <td>
                  {s.status}
                  {s.block ? <span className="muted small"> in block #{s.block.number}</span> : null}
                  {s.error ? <span className="error-code"> ({s.error})</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
