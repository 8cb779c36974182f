export function ProposalPage({ id }: { id: string }) {
  return <h1>Proposal {id}</h1>;
}
