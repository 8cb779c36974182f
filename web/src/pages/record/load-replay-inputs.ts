import { api, seg } from '../../lib/api.js';
import type { SnapshotCandidate } from '../../lib/replay-draw.js';
import type { CandidatesPage, RoundDetail, Selection } from './types.js';

/** The largest page the API gives: fewest requests for a whole snapshot or round. */
const PAGE = 1000;

/** Every candidate of a snapshot (GET /v1/candidates?snapshot=…), page after page. */
export async function loadSnapshotCandidates(
  snapshotId: string,
  onPage: (read: number, total: number) => void,
): Promise<SnapshotCandidate[]> {
  const candidates: SnapshotCandidate[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `snapshot=${seg(snapshotId)}&limit=${PAGE}${cursor ? `&cursor=${seg(cursor)}` : ''}`;
    const page: CandidatesPage = await api.get<CandidatesPage>(`/v1/candidates?${query}`);
    if (page.snapshotId !== snapshotId)
      throw new Error(`the service answered with snapshot ${page.snapshotId} instead of ${snapshotId}`);
    candidates.push(...page.candidates.map((c) => ({ stash: c.stash, eligible: c.eligible })));
    onPage(candidates.length, page.candidateCount);
    cursor = page.nextCursor;
  } while (cursor);
  return candidates;
}

/** Every recorded selection of a round (GET /v1/rounds/{id}), page after page, in plan order. */
export async function loadRoundSelections(roundId: string, onPage: (read: number) => void): Promise<Selection[]> {
  const selections: Selection[] = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${PAGE}${cursor ? `&cursor=${seg(cursor)}` : ''}`;
    const page: RoundDetail = await api.get<RoundDetail>(`/v1/rounds/${seg(roundId)}?${query}`);
    selections.push(...page.selections);
    onPage(selections.length);
    cursor = page.nextCursor;
  } while (cursor);
  return selections;
}
