export function RoundPage({ id }: { id: string }) {
  return <h1>Round {id}</h1>;
}
