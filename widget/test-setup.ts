import { cleanup } from '@testing-library/preact';
import { afterEach, vi } from 'vitest';

// Without vitest globals, Testing Library cannot register its own cleanup.
afterEach(cleanup);

// The widget's files share one jsdom per worker (`isolate: false` in vite.config.ts): each file
// starts as on a fresh page, with nothing stored, no title, an empty body and real timers.
localStorage.clear();
sessionStorage.clear();
document.title = '';
document.head.replaceChildren();
document.body.replaceChildren();
vi.useRealTimers();
