import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.js';
import { AppProvider } from './app-state.js';
import { api } from './lib/api.js';
import type { AppConfig } from './lib/app-config.js';
import { errorInWords } from './lib/error-words.js';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

async function start() {
  try {
    const config = await api.get<AppConfig>('/v1/app-config');
    root.render(
      <StrictMode>
        <AppProvider config={config}>
          <App />
        </AppProvider>
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
