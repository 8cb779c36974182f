export function PoolsPage() {
  return <h1>Spending pools</h1>;
}
export function PoolPage({ name }: { name: string }) {
  return <h1>Spending pool {name}</h1>;
}
