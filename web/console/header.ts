/**
 * The header every console page shows, written once here: the pages, the search by end-to-end id and
 * the log-out button. Each page's HTML has an empty `<header class="top">` for it; startPage fills it
 * before wiring it. The markup is constant (nothing from the server goes in), so innerHTML is safe.
 */
const HEADER = [
  '<p class="brand">CodePix hub console</p>',
  '<nav aria-label="Console pages">',
  '  <ul>',
  '    <li><a href="/">Live</a></li>',
  '    <li><a href="/banks.html">Banks</a></li>',
  '    <li><a href="/dead-letters.html">Dead letters</a></li>',
  '    <li><a href="/claims.html">Open claims</a></li>',
  '  </ul>',
  '</nav>',
  '<search>',
  '  <form class="search" id="search">',
  '    <label for="search-id">Transfer by end-to-end id</label>',
  '    <input id="search-id" name="id" autocomplete="off" spellcheck="false" maxlength="40"',
  '      aria-describedby="search-help search-error" placeholder="E00000000202611211430abcdefghijk">',
  '    <span id="search-help" class="visually-hidden">Press slash to come here from anywhere on the page.</span>',
  '    <button type="submit">Open</button>',
  '    <span id="search-error" class="search-error" role="alert"></span>',
  '  </form>',
  '</search>',
  '<button id="logout" class="quiet" type="button">Log out</button>',
].join('\n');

export function renderHeader(): void {
  const header = document.querySelector('header.top');
  if (!header) throw new Error('the page has no header.top');
  header.innerHTML = HEADER;
}
