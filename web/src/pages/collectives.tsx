export function CollectivesPage() {
  return <h1>Staking collectives</h1>;
}
export function CollectivePage({ name }: { name: string }) {
  return <h1>Collective {name}</h1>;
}
