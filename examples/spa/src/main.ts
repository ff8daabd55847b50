// A single-page app that bundles the widget instead of adding the script tag.
// `parley/widget` is the ES module of the `parley` package, typed.
import { mount, type ParleyApi } from 'parley/widget';

const proxy =
  document.querySelector<HTMLMetaElement>('meta[name="parley-proxy"]')?.content ??
  'http://localhost:8080';

// Mount once for the whole app: the widget (and a conversation in progress)
// stays as the visitor moves between views.
const parley: ParleyApi = mount({
  proxy,
  title: 'Northwind support',
  accent: '#0b6e4f',
  position: 'right',
});

const views: Record<string, string> = {
  '/': 'Welcome back. Your orders are one click away.',
  '/orders': 'Order 1042: shipped. Order 1043: waiting for payment.',
};

function render() {
  const route = location.hash.slice(1) || '/';
  const view = document.getElementById('view')!;
  view.textContent = views[route] ?? 'Not found.';
  // The agent sees which view the visitor was on when the chat started.
  parley.setVariables({ view: route });
}

window.addEventListener('hashchange', render);
render();

// The app's own button opens the chat; the badge mirrors unread agent messages.
document.getElementById('help')!.addEventListener('click', () => parley.open());
parley.on('unread', ({ count }) => {
  document.getElementById('unread')!.textContent = count > 0 ? `(${count})` : '';
});
