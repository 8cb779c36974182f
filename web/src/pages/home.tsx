export function HomePage() {
  return <h1>Join NDeST</h1>;
}
