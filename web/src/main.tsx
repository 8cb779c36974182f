import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { AppProvider } from './app-state.js';
import { api } from './lib/api.js';
import type { AppConfig } from './lib/app-config.js';
import { errorInWords } from './lib/error-words.js';
import './styles.css';

/** While the service has not met the chain (no genesis hash to sign for), its config is read again. */
const RECHECK_MS = 5_000;

function Root({ first }: { first: AppConfig }) {
  const [config, setConfig] = useState(first);
  useEffect(() => {
    if (config.chain.connected) return;
    const timer = setInterval(() => {
      api
        .get<AppConfig>('/v1/app-config')
        .then((next) => next.chain.connected && setConfig(next))
        .catch(() => undefined);
    }, RECHECK_MS);
    return () => clearInterval(timer);
  }, [config.chain.connected]);
  return (
    <AppProvider config={config}>
      <App />
    </AppProvider>
  );
}

const root = createRoot(document.getElementById('root')!);

async function start() {
  try {
    const config = await api.get<AppConfig>('/v1/app-config');
    root.render(
      <StrictMode>
        <Root first={config} />
      </StrictMode>,
    );
  } catch (error) {
    const words = errorInWords(error);
    root.render(
      <main>
        <h1>NDeST</h1>
        <p role="alert">
          {words.title} {words.detail}
        </p>
        <button type="button" onClick={() => void start()}>
          Try again
        </button>
      </main>,
    );
  }
}
void start();
