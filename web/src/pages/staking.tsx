export function StakingPage() {
  return <h1>My staking</h1>;
}
