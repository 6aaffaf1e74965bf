// The console's entry: a hash router over the pages.
import { errorBox, replace } from './dom.js';
import { eventsPage, outboxPage, poolPage, poolsPage, userPage } from './pages.js';
import { playgroundPage } from './playground.js';

async function route(): Promise<void> {
  const main = document.getElementById('main')!;
  const [path = '', search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(search);
  const section = parts[0] ?? 'pools';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    link.classList.toggle('active', link.dataset.nav === section);
  }
  try {
    if (section === 'pools' && parts.length === 4 && parts[2] === 'users') await userPage(main, parts[1]!, parts[3]!);
    else if (section === 'pools' && parts.length >= 2) await poolPage(main, parts[1]!);
    else if (section === 'events') await eventsPage(main, params);
    else if (section === 'outbox') await outboxPage(main, params);
    else if (section === 'playground') await playgroundPage(main, params);
    else await poolsPage(main);
    document.body.dataset.ready = location.hash;
  } catch (error) {
    replace(main, errorBox(error));
  }
}

window.addEventListener('hashchange', () => void route());
void route();
