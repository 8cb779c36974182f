export function RecordPage() {
  return <h1>Public record</h1>;
}
