import { createServer, type ServerResponse } from 'node:http';
import { activeEraIndex, activeSetPoints, advanceEra } from '../../test/support/chain-era.js';
import type { DevChain } from '../../test/support/dev-chain.js';
import type { DemoAccount } from './demo-chain.js';

export interface ControlServer {
  /** http://127.0.0.1:<port>: the service's DEMO_CONTROL_URL. */
  url: string;
  /** The candidate list's URL (CANDIDATES_URL). */
  candidatesUrl: string;
  close(): Promise<void>;
}

export interface ControlServerDeps {
  chain: DevChain;
  accounts: DemoAccount[];
  /** The programme's list, as its candidate source serves it. */
  candidates: unknown;
  log: (line: string) => void;
}

/**
 * The demo's control server, on 127.0.0.1 only: what the NDeST API forwards in demo mode
 * (`GET /demo`: the demo accounts and the active era; `POST /eras`: the next era) and the
 * programme's candidate list (`GET /candidates`). Era changes run one at a time: a second one
 * asked meanwhile is refused (409), not queued, so that a double click moves one era, not two.
 */
export async function startControlServer(deps: ControlServerDeps): Promise<ControlServer> {
  const { chain } = deps;
  let advancing = false;

  const advance = async (): Promise<number> => {
    // Every validator of the ending era earns points, as if it had authored its share of blocks:
    // so that the era pays rewards.
    const era = await advanceEra(chain, { rewardPoints: await activeSetPoints(chain) });
    deps.log(`era ${era} active`);
    return era;
  };

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = `${req.method} ${path}`;
    // Bodies are neither needed nor read.
    req.resume();
    const answer = async (): Promise<void> => {
      if (route === 'GET /demo')
        return send(res, 200, { accounts: deps.accounts, activeEra: await activeEraIndex(chain) });
      if (route === 'GET /candidates') return send(res, 200, deps.candidates);
      if (route === 'POST /eras') {
        if (advancing)
          return send(res, 409, {
            error: { code: 'DEMO_ERA_IN_PROGRESS', message: 'an era change is already under way: wait for it' },
          });
        advancing = true;
        try {
          return send(res, 200, { era: await advance() });
        } finally {
          advancing = false;
        }
      }
      return send(res, 404, { error: { code: 'NOT_FOUND', message: `${route} is not a demo control route` } });
    };
    answer().catch((error: unknown) => {
      const message = (error as Error).message;
      deps.log(`control: ${route} failed: ${message}`);
      send(res, 500, { error: { code: 'DEMO_CHAIN_FAILED', message } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    candidatesUrl: `${url}/candidates`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
