import { ProposalList } from '../proposals/index.js';

/** The collective's proposals (the list the pools' pages use too), each linking to its page: votes, tally, timeline. */
export function ProposalsList({ name }: { name: string }) {
  return (
    <section className="card" aria-labelledby="c-proposals">
      <h2 id="c-proposals">Proposals</h2>
      <ProposalList scope="collective" subject={name} />
    </section>
  );
}
