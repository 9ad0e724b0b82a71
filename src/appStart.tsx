// The app itself, loaded by the page's entry (main.tsx) once that has started the CAM worker.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { start } from './state/startup';
// In cascade order: later files may override earlier ones (the phone layout last).
import './styles/base.css';
import './styles/stage.css';
import './styles/panels.css';
import './styles/teach.css';
import './styles/compare.css';
import './styles/offline.css';
import './styles/explain.css';
import './styles/import.css';
import './styles/phone.css';

start();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
