export function DemoPanel() {
  return (
    <aside className="demo-panel" aria-label="Demo">
      <strong>Demo mode</strong>: a local Kusama Asset Hub chain; nothing here is real.
    </aside>
  );
}
